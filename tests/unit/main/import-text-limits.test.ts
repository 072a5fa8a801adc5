import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExportFile } from '../../../src/main/import/import-files.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import { dateShape, readExportTime } from '../../../src/main/import/export-time.ts';
import { isSafeKey, normaliseColumn } from '../../../src/main/import/formats/columns.ts';

// Cells of received files are attacker-controlled: a cell built to make a pattern backtrack (a time and
// then thousands of spaces took 49 s) is refused by its length before any pattern runs on it. Without the
// cap the answer would be the same, only minutes late: the test then fails on vitest's 5 s timeout.

describe('export times from hostile cells', () => {
  it('a time followed by thousands of spaces and a letter is refused quickly', () => {
    const cell = `11/19/2026 8:02${' '.repeat(5000)}x`;
    expect(readExportTime(cell, 'mdy')).toBeNull();
    expect(dateShape(cell)).toBe('unreadable');
  });

  it('ordinary times still read, with runs of spaces between their parts', () => {
    expect(readExportTime('11/19/2026   7:49:02   AM', 'mdy')?.iso).toBe('2026-11-19T07:49:02.000Z');
    expect(readExportTime('4/28/2021, 2:19:28.000 PM', 'mdy')?.iso).toBe('2021-04-28T14:19:28.000Z');
    expect(readExportTime('28.04.2021 14:19:28 UTC+01:00', 'dmy')?.iso).toBe('2021-04-28T13:19:28.000Z');
  });
});

describe('column names from hostile headers', () => {
  it('a zone suffix is found without a pattern, and odd brackets are left as they are', () => {
    expect(normaliseColumn('TimeGenerated [UTC]')).toBe('timegenerated');
    expect(normaliseColumn('TimeGenerated [UTC+01:00]  ')).toBe('timegenerated');
    expect(normaliseColumn('Tags [x]')).toBe('tags [x]');
    expect(normaliseColumn('a[b]c]')).toBe('a[b]c]');
    expect(normaliseColumn(`${' '.repeat(40_000)}x`)).toBe('x');
    expect(normaliseColumn('['.repeat(40_000))).toBe('['.repeat(40_000));
  });

  it('__proto__, constructor and prototype are never object keys from a file', () => {
    expect(['__proto__', 'constructor', 'prototype', 'Operation'].map(isSafeKey)).toEqual([false, false, false, true]);
  });
});

describe('a record rebuilt from a file’s columns', () => {
  it('a __proto__ column cannot lend the record an operation, user or address it does not have', async () => {
    const tmp = makeTempDir();
    try {
      const hidden = JSON.stringify({ Operation: 'New-InboxRule', UserId: 'ceo@contoso.com', ClientIP: '6.6.6.6' });
      const csv = [
        '"CreationTime","Id","Operation","RecordType","Workload","UserId","ClientIP","__proto__"',
        `"2026-11-19T07:49:02","a1","MailItemsAccessed","50","Exchange","anna@contoso.com","62.107.40.10","${hidden.replace(/"/g, '""')}"`,
      ].join('\r\n');
      writeFileSync(join(tmp.dir, 'Exchange_UAL_Audit.csv'), csv);
      const { report, records } = await parseExportFile(join(tmp.dir, 'Exchange_UAL_Audit.csv'));
      expect(report).toMatchObject({ format: 'unified-audit-records-csv', problems: [], rows: 1, fatal: null });
      expect(records.map((r) => [r.body.operation, r.body.userPrincipalName, r.body.clientIp])).toEqual([
        ['MailItemsAccessed', 'anna@contoso.com', '62.107.40.10'],
      ]);
      expect(Object.getPrototypeOf(records[0]!.body.auditData)).toBe(Object.prototype);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('a record nested past any Microsoft writes', () => {
  it('is refused as a row with its line, and the rest of the file imports', async () => {
    const tmp = makeTempDir();
    try {
      const deep = '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000);
      const line = (id: string, extra: string) =>
        `{"id":"${id}","createdDateTime":"2026-11-19T07:49:02Z","userPrincipalName":"anna@contoso.com","ipAddress":"62.107.40.10","status":{"errorCode":0}${extra}}`;
      const file = join(tmp.dir, 'signins.json');
      const value = [line('s1', ''), line('s2', `,"deviceDetail":${deep}`), line('s3', '')].join(',');
      writeFileSync(
        file,
        `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns","value":[${value}]}`,
      );
      const { report, records } = await parseExportFile(file);
      expect(report.problems).toEqual([
        { line: 2, reason: 'nested more than 64 levels deep: not a record Microsoft writes' },
      ]);
      expect(records.map((r) => r.body.id)).toEqual(['s1', 's3']);
    } finally {
      tmp.cleanup();
    }
  });
});
