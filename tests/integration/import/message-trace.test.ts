import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseExportFile } from '../../../src/main/import/import-files.ts';
import { graphTraceStatus } from '../../../src/main/import/formats/message-trace.ts';
import { ROOT } from '../../support/cli.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

/** Message trace in every shape analysts hold (tests/fixtures/exports/message-trace/README.md). */
const DIR = join(ROOT, 'tests', 'fixtures', 'exports', 'message-trace');
const read = (file: string) => parseExportFile(join(DIR, file));
const byId = (records: Array<{ body: Record<string, unknown> }>, id: string) => {
  const found = records.find((r) => r.body.id === id);
  expect(found, id).toBeDefined();
  return found!.body;
};
const recipients = (records: Array<{ body: Record<string, unknown> }>) =>
  records.map((r) => [r.body.recipientAddress, r.body.status]);

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

describe('Get-MessageTrace and Get-MessageTraceV2 | Export-Csv', () => {
  it('reads Windows PowerShell output after its #TYPE line, month-first, with Graph status names', async () => {
    const { report, records } = await read('get-messagetrace.csv');
    expect(report).toMatchObject({ format: 'get-messagetrace-csv', source: 'messageTrace', rows: 6, fatal: null });
    expect(report.problems).toEqual([{ line: 7, reason: 'no SenderAddress or RecipientAddress' }]);
    expect(report.notes).toEqual(['dates read month-first for the whole file (line 3: "11/19/2026 8:02:11 AM")']);
    expect(recipients(records)).toEqual([
      ['ap@victim1.example', 'delivered'],
      ['billing@victim2.example', 'delivered'],
      ['finance@victim3.example', 'filteredAsSpam'],
      ['hr@victim4.example', 'failed'],
      ['anna.berg@nordhavn.dk', 'delivered'],
    ]);
    expect(byId(records, '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0|billing@victim2.example')).toMatchObject({
      senderAddress: 'sara.lund@nordhavn.dk',
      receivedDateTime: '2026-11-19T08:02:11.000Z',
      subject: 'Your invoice is overdue',
      fromIP: '203.0.113.45',
      toIP: '192.0.2.11',
      size: 20481,
      messageTraceId: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
    });
    expect(byId(records, '4d5e6f7a-8b9c-4d0e-9f1a-3b4c5d6e7f80|anna.berg@nordhavn.dk')).toMatchObject({
      receivedDateTime: '2026-11-18T14:14:09.000Z',
      toIP: null,
    });
  });

  it('reads PowerShell 7 output in a day-first culture, and names the row whose time cannot be read', async () => {
    const { report, records } = await read('get-messagetracev2.csv');
    expect(report).toMatchObject({ format: 'get-messagetrace-csv', rows: 4 });
    expect(report.problems).toEqual([{ line: 5, reason: 'no readable Received time' }]);
    expect(report.notes).toEqual(['dates read day-first for the whole file (line 2: "19-11-2026 08:30:01")']);
    expect(records.map((r) => r.body.receivedDateTime)).toEqual([
      '2026-11-19T08:30:01.000Z',
      '2026-11-19T08:30:01.000Z',
      '2026-11-19T08:30:02.000Z',
    ]);
    expect(recipients(records).map(([, status]) => status)).toEqual(['delivered', 'delivered', 'pending']);
  });

  it('keys a trimmed export without MessageTraceId by its time, sender and message', async () => {
    writeFileSync(
      join(tmp.dir, 'trimmed.csv'),
      '"Received","SenderAddress","RecipientAddress","Subject","Status"\r\n"2026-11-19 08:02:11","Sara.Lund@nordhavn.dk","AP@victim1.example","Hi","Delivered"\r\n',
    );
    const { report, records } = await parseExportFile(join(tmp.dir, 'trimmed.csv'));
    expect(report.format).toBe('get-messagetrace-csv');
    expect(records.map((r) => r.body.id)).toEqual([
      '2026-11-19T08:02:11.000Z|sara.lund@nordhavn.dk|Hi|ap@victim1.example',
    ]);
  });
});

describe('Exchange admin center downloadable reports', () => {
  it('reads the Enhanced summary report: one record per recipient of recipient_status, status from its last event', async () => {
    const { report, records } = await read('eac-enhanced-summary.csv');
    expect(report).toMatchObject({ format: 'message-trace-enhanced-summary-csv', rows: 4, fatal: null });
    expect(report.problems).toEqual([{ line: 5, reason: 'recipient_status "Receive, Send" is not address##events' }]);
    expect(recipients(records)).toEqual([
      ['ap@victim1.example', 'delivered'],
      ['billing@victim2.example', 'delivered'],
      ['finance@victim3.example', 'failed'],
      ['sara.lund@nordhavn.dk', 'delivered'],
      ['anna.berg@nordhavn.dk', 'delivered'],
    ]);
    expect(records.map((r) => r.line)).toEqual([2, 2, 2, 3, 4]);
    expect(byId(records, '4a1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d|finance@victim3.example')).toMatchObject({
      senderAddress: 'sara.lund@nordhavn.dk',
      receivedDateTime: '2026-11-19T08:02:11.531Z',
      fromIP: '203.0.113.45',
      size: 20481,
      events: 'Receive, Fail',
      direction: 'outbound',
    });
    expect(byId(records, '7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e|sara.lund@nordhavn.dk')).toMatchObject({
      senderAddress: 'ap@victim1.example',
      direction: 'inbound',
    });
  });

  it('reads the Extended report from its SEND, DELIVER and FAIL events, naming every other event row', async () => {
    const { report, records } = await read('eac-extended.csv');
    expect(report).toMatchObject({ format: 'message-trace-extended-csv', rows: 5 });
    expect(report.problems).toEqual([
      { line: 2, reason: '"RECEIVE" event: only SEND, DELIVER and FAIL events say where a message went' },
      { line: 3, reason: '"AGENTINFO" event: only SEND, DELIVER and FAIL events say where a message went' },
    ]);
    expect(recipients(records)).toEqual([
      ['ap@victim1.example', 'delivered'],
      ['billing@victim2.example', 'delivered'],
      ['finance@victim3.example', 'failed'],
      ['anna.berg@nordhavn.dk', 'delivered'],
    ]);
    expect(byId(records, '4a1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d|billing@victim2.example')).toMatchObject({
      receivedDateTime: '2026-11-19T08:02:13.200Z',
      toIP: '192.0.2.10',
      fromIP: '203.0.113.45',
      event: 'SEND',
    });
  });
});

describe('Graph messageTraces', () => {
  it('stores the collection as Graph returned it, refusing the item without a readable receivedDateTime', async () => {
    const { report, records } = await read('graph-messagetraces.json');
    expect(report).toMatchObject({ format: 'graph-messagetraces-json', source: 'messageTrace', rows: 3 });
    expect(report.problems).toEqual([{ line: 3, reason: 'no readable receivedDateTime' }]);
    expect(recipients(records)).toEqual([
      ['ap@victim1.example', 'delivered'],
      ['finance@victim3.example', 'filteredAsSpam'],
    ]);
  });
});

describe('statuses and near misses', () => {
  it.each([
    ['Delivered', 'delivered'],
    ['FilteredAsSpam', 'filteredAsSpam'],
    ['GettingStatus', 'gettingStatus'],
    ['Quarantined', 'quarantined'],
    ['Getting status', 'gettingStatus'],
    ['None', 'none'],
  ])('status %s → %s', (raw, graph) => expect(graphTraceStatus(raw)).toBe(graph));

  it('refuses a trace export without a recipient column and names the closest layout', async () => {
    writeFileSync(
      join(tmp.dir, 'near.csv'),
      '"Received","SenderAddress","Subject","Status","MessageTraceId"\r\n"11/19/2026 8:02:11 AM","sara.lund@nordhavn.dk","x","Delivered","t1"\r\n',
    );
    expect((await parseExportFile(join(tmp.dir, 'near.csv'))).report.fatal).toMatch(
      /closest is Get-MessageTrace \/ Get-MessageTraceV2 \| Export-Csv .*"RecipientAddress"/,
    );
  });

  it('does not read an Entra sign-in download or a Defender EmailEvents export as a message trace', async () => {
    const exports = join(ROOT, 'tests', 'fixtures', 'exports');
    expect((await parseExportFile(join(exports, 'entra-signins.csv'))).report.format).toBe('entra-signins-csv');
    expect((await parseExportFile(join(exports, 'defender-xdr', 'emailevents.csv'))).report.format).toBe(
      'defender-emailevents-csv',
    );
  });
});
