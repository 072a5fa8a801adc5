import { createWriteStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openExport, parseExportFile } from '../../../src/main/import/read-export.ts';
import type { PassProgress } from '../../../src/main/import/progress-meter.ts';
import { ROOT } from '../../support/cli.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

// JSON documents stream (stream-json): one item is held at a time, and one row is capped (ReadLimits), so
// an export larger than memory allows to parse whole imports, and one huge row cannot hold the file.

const SIGN_INS = join(ROOT, 'tests', 'fixtures', 'exports', 'entra', 'InteractiveSignIns_2026-11-18_2026-11-19.json');
const CONTEXT = 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns';
const MiB = 1024 * 1024;

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

/** V8's collector, exposed at run time: the heap measured after it holds only what is still referenced. */
function collector(): () => void {
  const exposed = globalThis.gc;
  if (typeof exposed === 'function') return () => exposed();
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** A Graph sign-ins document of more than `minBytes`, written as a stream, its context after its items. */
async function writeSignIns(path: string, minBytes: number): Promise<number> {
  const base = (JSON.parse(readFileSync(SIGN_INS, 'utf8')) as Array<Record<string, unknown>>)[0]!;
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  let bytes = 0;
  let count = 0;
  await write('{"value": [\n');
  const start = Date.parse('2026-11-19T00:00:00Z');
  while (bytes < minBytes) {
    const item = { ...base, id: `s-${count}`, createdDateTime: new Date(start + count * 1000).toISOString() };
    const text = (count > 0 ? ',\n' : '') + JSON.stringify(item, null, 2);
    bytes += Buffer.byteLength(text);
    count++;
    await write(text);
  }
  await write(`\n], "@odata.context": "${CONTEXT}"}\n`);
  await new Promise<void>((resolve) => out.end(resolve));
  return count;
}

describe('a JSON document larger than the 96 MiB once read whole', () => {
  it('imports every sign-in, its context after its items, with the heap growing by a small share of the file', async () => {
    const path = join(tmp.dir, 'signins.json');
    const count = await writeSignIns(path, 100 * MiB);
    const size = statSync(path).size;
    expect(size).toBeGreaterThan(96 * MiB);

    const gc = collector();
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let growth = 0;
    const measure = () => {
      gc();
      growth = Math.max(growth, process.memoryUsage().heapUsed - baseline);
    };
    // Timers run between the file's chunks, so the heap is sampled through the outline and both passes.
    const sampler = setInterval(measure, 200);
    const progress: PassProgress[] = [];
    let records = 0;
    let firstId: unknown;
    let lastId: unknown;
    try {
      const opened = await openExport(path, { onProgress: (p) => progress.push(p) });
      expect(opened.report).toMatchObject({ format: 'graph-signins-json', rows: count, fatal: null, problemCount: 0 });
      for await (const batch of opened.records(100)) {
        if (records === 0) firstId = batch[0]!.body.id;
        records += batch.length;
        lastId = batch[batch.length - 1]!.body.id;
        if (records % 5_000 < batch.length) measure();
      }
      expect(opened.report.fatal).toBeNull();
    } finally {
      clearInterval(sampler);
    }
    measure();
    expect(records).toBe(count);
    expect([firstId, lastId]).toEqual(['s-0', `s-${count - 1}`]);
    expect(growth).toBeLessThan(size / 4);

    // Each pass ends at the file's size, and the first (which read the file once more to find the context
    // first) never goes back.
    const layout = progress.filter((p) => p.pass === 'layout');
    const imported = progress.filter((p) => p.pass === 'import');
    expect(layout.at(-1)).toMatchObject({ done: true, bytesRead: size, rows: count });
    expect(imported.at(-1)).toMatchObject({ done: true, bytesRead: size, rows: count });
    const bytes = layout.map((p) => p.bytesRead);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
  }, 60_000);
});

describe('where a document keeps what it is', () => {
  /** Sign-ins Graph's shape alone does not name (no ipAddress): only the context says what they are. */
  const items = [
    { id: 'a', createdDateTime: '2026-11-19T07:00:00Z', userPrincipalName: 'anna@contoso.com' },
    { id: 'b', createdDateTime: '2026-11-19T07:01:00Z', userPrincipalName: 'anna@contoso.com' },
  ];

  it('finds @odata.context after the value array', async () => {
    const after = join(tmp.dir, 'after.json');
    writeFileSync(
      after,
      `{"value": ${JSON.stringify(items)}, "@odata.nextLink": null, "@odata.context": "${CONTEXT}"}`,
    );
    const { report, records } = await parseExportFile(after);
    expect(report).toMatchObject({ format: 'graph-signins-json', source: 'signIns', rows: 2, problems: [] });
    expect(records.map((r) => [r.line, r.body.id])).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    // Without it the same items are no layout Clearance knows: the context is what decided.
    const without = join(tmp.dir, 'without.json');
    writeFileSync(without, `{"value": ${JSON.stringify(items)}}`);
    expect((await parseExportFile(without)).report.fatal).toMatch(/^unrecognised JSON fields/);
  });

  it('pairs query API rows with columns that come after them, and skips a table without columns', async () => {
    const api = JSON.parse(
      readFileSync(join(ROOT, 'tests', 'fixtures', 'exports', 'log-analytics-auditlogs-api.json'), 'utf8'),
    ) as { tables: Array<{ name: string; columns: unknown[]; rows: unknown[][] }> };
    const { name, columns, rows } = api.tables[0]!;
    const path = join(tmp.dir, 'late-columns.json');
    writeFileSync(
      path,
      JSON.stringify({
        tables: [
          { name: 'Other', rows: [['x']] },
          { name, rows, columns },
        ],
      }),
    );
    const { report, records } = await parseExportFile(path);
    expect(report).toMatchObject({ format: 'log-analytics-auditlogs-json', rows: 4, problems: [] });
    const certificates = 'Update application – Certificates and secrets management';
    expect(records.map((r) => [r.line, r.body.id, r.body.activityDisplayName])).toEqual([
      [1, 'Directory_10065ffb-8199-48bc-8ff5-912cb5b8295a_AUMVX_13992832', `${certificates} `],
      [2, 'Directory_10065ffb-8199-48bc-8ff5-912cb5b8295a_AUMVX_13992832', `${certificates} `],
      [3, 'Directory_ae69aa7a-e9b7-4066-84f2-58582994d8cb_7H1JL_8584070', 'Update application'],
      [4, 'Directory_630d7f0c-acc4-4596-85ab-7e5d839b4291_9VRQI_37762000', 'Add delegated permission grant'],
    ]);
  });

  it('refuses a document that breaks off after its first items, importing none of them', async () => {
    const path = join(tmp.dir, 'cut.json');
    writeFileSync(path, `{"@odata.context": "${CONTEXT}", "value": ${JSON.stringify(items).slice(0, -1)}, {"id": "c",`);
    const { report, records } = await parseExportFile(path);
    expect(report.fatal).toMatch(/^not valid JSON \(between bytes \d+ and \d+\): /);
    expect(report.rows).toBe(0);
    expect(records).toEqual([]);
  });
});

describe('one row past its cap', () => {
  it('an item of a JSON document is reported by its position, and the items after it import', async () => {
    const signIn = (id: string, extra = {}) => ({
      id,
      createdDateTime: '2026-11-19T07:00:00Z',
      ipAddress: '203.0.113.9',
      appDisplayName: 'Office 365 Exchange Online',
      ...extra,
    });
    const path = join(tmp.dir, 'big-item.json');
    const value = [signIn('a'), signIn('b', { userAgent: 'x'.repeat(100_000) }), signIn('c')];
    writeFileSync(path, JSON.stringify({ '@odata.context': CONTEXT, value }));
    const { report, records } = await parseExportFile(path, { limits: { itemBytes: 64 * 1024 } });
    expect(report).toMatchObject({ format: 'graph-signins-json', rows: 3 });
    expect(report.problems).toEqual([{ line: 2, reason: 'the item is larger than 64 KiB: not read' }]);
    expect(records.map((r) => r.body.id)).toEqual(['a', 'c']);
    // Under the default cap the same item is read.
    expect((await parseExportFile(path)).records.map((r) => r.body.id)).toEqual(['a', 'b', 'c']);
  });

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
