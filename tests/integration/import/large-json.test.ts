import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseExportFile } from '../../../src/main/import/read-export.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

// One row is capped (ReadLimits), so one huge row cannot hold the file.

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

describe('one row past its cap', () => {
  it('a JSON Lines line is reported by its number, and the lines after it still import', async () => {
    const row = (id: string, extra = {}) =>
      JSON.stringify({
        TimeGenerated: '2026-11-19T07:00:00Z',
        Id: id,
        OperationName: 'Add member to role',
        InitiatedBy: '{}',
        TargetResources: '[]',
        Type: 'AuditLogs',
        ...extra,
      });
    const lines = [row('a'), row('b', { AdditionalDetails: 'x'.repeat(5000) }), row('c'), '{broken', row('d')];
    const path = join(tmp.dir, 'audit.jsonl');
    writeFileSync(path, lines.join('\r\n') + '\r\n');
    const { report, records } = await parseExportFile(path, { limits: { lineChars: 1000 } });
    expect(report).toMatchObject({ format: 'log-analytics-auditlogs-jsonl', rows: 5 });
    expect(report.problems).toEqual([
      { line: 2, reason: 'the line is longer than 1000 characters: not read' },
      { line: 4, reason: 'not valid JSON' },
    ]);
    expect(records.map((r) => [r.line, r.body.id])).toEqual([
      [1, 'a'],
      [3, 'c'],
      [5, 'd'],
    ]);
  });
});
