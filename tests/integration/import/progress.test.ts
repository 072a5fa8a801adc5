import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { events, type AppEvent, type EventPayload } from '../../../src/shared/api/contract.ts';
import type { ImportProgress } from '../../../src/shared/domain/import-progress.ts';
import { createApp, type App } from '../../../src/main/app/create-app.ts';
import { silentLogger } from '../../../src/main/core/logger.ts';
import { runCli } from '../../../src/main/cli/main.ts';
import { startHttpBridge } from '../../../src/main/server/http-bridge.ts';
import type { Output } from '../../../src/main/cli/output.ts';
import { CLI, ROOT } from '../../support/cli.ts';
import { runImport, runImportJson } from '../../support/import-cli.ts';
import { dispatchOk } from '../../support/investigation.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

const CSV_ROWS = 25_000;
const JSONL_ROWS = 10_000;
const USER = 'sara.lund@nordhavn.dk';
// Makes each row about 200 bytes, so the CSV is several megabytes without hundreds of thousands of rows.
const PADDING = 'x'.repeat(100);

let tmp: ReturnType<typeof makeTempDir>;
let app: App;
beforeEach(() => {
  tmp = makeTempDir();
  app = createApp({ mode: 'cli', dataDir: join(tmp.dir, 'data'), actor: 'analyst@test', logger: silentLogger });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await app.close();
  tmp.cleanup();
});

const time = (i: number) => new Date(Date.UTC(2026, 10, 19, 7) + i * 1000).toISOString();

/** A SigninLogs portal download of `n` rows: one a second, every one readable. */
function signInCsv(path: string, n: number): number {
  const lines = [
    'TimeGenerated [UTC],Id,UserPrincipalName,IPAddress,ResultType,ResultDescription,AppDisplayName,ClientAppUsed,Type',
  ];
  for (let i = 0; i < n; i++)
    lines.push(`"${time(i)}",id-${i},${USER},203.0.113.9,0,"${PADDING}",Office 365 Exchange Online,Browser,SigninLogs`);
  writeFileSync(path, lines.join('\r\n') + '\r\n');
  return statSync(path).size;
}

/** The same table as JSON Lines, as Log Analytics data export writes it. */
function signInJsonl(path: string, n: number): number {
  const lines: string[] = [];
  for (let i = 0; i < n; i++)
    lines.push(
      JSON.stringify({
        TimeGenerated: time(i),
        Id: `jl-${i}`,
        UserPrincipalName: USER,
        IPAddress: '203.0.113.9',
        ResultType: '0',
        ResultDescription: PADDING,
        AppDisplayName: 'Office 365 Exchange Online',
        Type: 'SigninLogs',
      }),
    );
  writeFileSync(path, lines.join('\n') + '\n');
  return statSync(path).size;
}

/**
 * A clock that moves 40 ms each time it is read: the meter reads it every 64 rows, so a pass reports every few
 * hundred rows however fast this machine reads, and the test does not depend on its speed.
 */
function steppingClock(): void {
  let now = Date.now();
  vi.spyOn(Date, 'now').mockImplementation(() => (now += 40));
}

function progressEvents(bus: App['events']): Array<EventPayload<'import.progress'>> {
  const seen: Array<EventPayload<'import.progress'>> = [];
  bus.subscribe((event: AppEvent) => {
    if (event.name === 'import.progress') seen.push(event.payload);
  });
  return seen;
}

/** One pass over one file, as it was reported: starts at nothing, only grows, ends once at the whole file. */
function expectPass(
  list: ImportProgress[],
  expected: Omit<ImportProgress, 'bytesRead' | 'rows' | 'done'>,
  rows: number,
) {
  expect(list.length).toBeGreaterThan(5);
  expect(list[0]).toEqual({ ...expected, bytesRead: 0, rows: 0, done: false });
  expect(list.at(-1)).toEqual({ ...expected, bytesRead: expected.totalBytes, rows, done: true });
  expect(list.filter((p) => p.done)).toHaveLength(1);
  const bytes = list.map((p) => p.bytesRead);
  expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
  const counted = list.map((p) => p.rows);
  expect(counted).toEqual([...counted].sort((a, b) => a - b));
  // Progress on the way, not only a start and an end.
  const between = new Set(bytes.filter((b) => b > 0 && b < expected.totalBytes));
  expect(between.size).toBeGreaterThan(3);
  expect(new Set(list.map((p) => p.file))).toEqual(new Set([expected.file]));
}

describe('import progress', () => {
  it('reports both passes over each file, by name, through the event bus, ending at the file size', async () => {
    const csv = join(tmp.dir, 'Sign-ins 2026-11.csv');
    const jsonl = join(tmp.dir, 'signins.jsonl');
    const csvBytes = signInCsv(csv, CSV_ROWS);
    const jsonlBytes = signInJsonl(jsonl, JSONL_ROWS);
    expect(csvBytes).toBeGreaterThan(4 * 1024 * 1024);
    const { id: caseId } = app.cases.create({ upn: USER, tenant: 'nordhavn.dk', blockedAt: null });
    const seen = progressEvents(app.events);
    steppingClock();

    const result = await dispatchOk(app, 'import.files', { caseId, paths: [csv, jsonl], progressId: 'window-1' });
    expect(result.files.map((f) => [f.file, f.imported])).toEqual([
      ['Sign-ins 2026-11.csv', CSV_ROWS],
      ['signins.jsonl', JSONL_ROWS],
    ]);

    expect(seen.length).toBeGreaterThan(20);
    // What crosses to the renderer is what the contract declares, and names this import and its case.
    expect(seen.filter((e) => !events['import.progress'].safeParse(e).success)).toEqual([]);
    expect(new Set(seen.map((e) => `${e.caseId} ${e.progressId}`))).toEqual(new Set([`${caseId} window-1`]));

    const progress = seen.map((e) => e.progress);
    const of = (fileIndex: number, pass: ImportProgress['pass']) =>
      progress.filter((p) => p.fileIndex === fileIndex && p.pass === pass);
    const files = [
      { file: 'Sign-ins 2026-11.csv', totalBytes: csvBytes, rows: CSV_ROWS },
      { file: 'signins.jsonl', totalBytes: jsonlBytes, rows: JSONL_ROWS },
    ];
    for (const [fileIndex, { file, totalBytes, rows }] of files.entries())
      for (const pass of ['layout', 'import'] as const)
        expectPass(of(fileIndex, pass), { file, fileIndex, fileCount: 2, pass, totalBytes }, rows);

    // Every file's layout is settled before any is imported: the order the analyst sees them in.
    expect(progress.map((p) => `${p.fileIndex} ${p.pass}`).filter((k, i, all) => all[i - 1] !== k)).toEqual([
      '0 layout',
      '1 layout',
      '0 import',
      '1 import',
    ]);
  }, 60_000);

  it('names a file found in a folder by its path below the folder, as the report does', async () => {
    const folder = join(tmp.dir, 'Output', 'EntraID');
    mkdirSync(folder, { recursive: true });
    const size = signInCsv(join(folder, 'SignInLogs.csv'), 50);
    const { id: caseId } = app.cases.create({ upn: USER, tenant: 'nordhavn.dk', blockedAt: null });
    const seen = progressEvents(app.events);
    const result = await dispatchOk(app, 'import.files', { caseId, paths: [join(tmp.dir, 'Output')] });
    expect(result.files.map((f) => f.file)).toEqual(['Output/EntraID/SignInLogs.csv']);
    // A small file: the start and end of each pass, and nothing between.
    expect(
      seen.map((e) => [e.progressId, e.progress.file, e.progress.pass, e.progress.bytesRead, e.progress.done]),
    ).toEqual([
      [null, 'Output/EntraID/SignInLogs.csv', 'layout', 0, false],
      [null, 'Output/EntraID/SignInLogs.csv', 'layout', size, true],
      [null, 'Output/EntraID/SignInLogs.csv', 'import', 0, false],
      [null, 'Output/EntraID/SignInLogs.csv', 'import', size, true],
    ]);
  });

  it('ends the layout pass of a file that cannot be read, and starts no import pass for it', async () => {
    const path = join(tmp.dir, 'other.csv');
    writeFileSync(path, 'a,b\n1,2\n');
    const { id: caseId } = app.cases.create({ upn: USER, tenant: 'nordhavn.dk', blockedAt: null });
    const seen = progressEvents(app.events);
    await dispatchOk(app, 'import.files', { caseId, paths: [path], progressId: 'w' });
    expect(seen.map((e) => [e.progress.pass, e.progress.done])).toEqual([
      ['layout', false],
      ['layout', true],
    ]);
  });
});

describe('import progress in browser mode', () => {
  it('reaches the server-sent event stream as declared in the contract, started by an HTTP call', async () => {
    const renderer = join(tmp.dir, 'renderer');
    mkdirSync(renderer);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>t</title>');
    const bridge = await startHttpBridge({ app, rendererDir: renderer });
    const controller = new AbortController();
    try {
      const csv = join(tmp.dir, 'signins.csv');
      const size = signInCsv(csv, 200);
      const { id: caseId } = app.cases.create({ upn: USER, tenant: 'nordhavn.dk', blockedAt: null });
      const headers = { Authorization: `Bearer ${bridge.token}` };
      const stream = await fetch(`${bridge.origin}/api/events`, { headers, signal: controller.signal });
      const reader = stream.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      const readUntil = async (found: () => boolean) => {
        while (!found()) {
          const { value, done } = await reader.read();
          if (done) throw new Error('stream ended');
          text += decoder.decode(value);
        }
      };
      /** The import's progress events so far: whole frames only (the last piece may be cut off). */
      const progress = () =>
        text
          .split('\n\n')
          .slice(0, -1)
          .filter((f) => f.startsWith('event: app\n'))
          .map((f) => JSON.parse(f.slice('event: app\ndata: '.length)) as { name: string; payload: unknown })
          .filter((e) => e.name === 'import.progress')
          .map((e) => events['import.progress'].parse(e.payload));
      await readUntil(() => text.includes('event: ready'));
      const call = await fetch(`${bridge.origin}/api/call/import.files`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ caseId, paths: [csv], progressId: 'tab-7' }),
      });
      expect(call.status).toBe(200);
      // The events precede the answer, but the stream is read on its own: read on until the import pass ends.
      await readUntil(() => progress().some((e) => e.progress.pass === 'import' && e.progress.done));
      const frames = progress();
      expect(frames.map((f) => `${f.progress.pass} ${f.progress.done}`)).toEqual([
        'layout false',
        'layout true',
        'import false',
        'import true',
      ]);
      expect(frames.at(-1)).toEqual({
        caseId,
        progressId: 'tab-7',
        progress: {
          file: 'signins.csv',
          fileIndex: 0,
          fileCount: 1,
          pass: 'import',
          bytesRead: size,
          totalBytes: size,
          rows: 200,
          done: true,
        },
      });
    } finally {
      controller.abort();
      await bridge.close();
    }
  });
});

describe('clearance import and progress', () => {
  const imported = (dir: string) => {
    const csv = join(dir, 'signins.csv');
    signInCsv(csv, 5_000);
    return csv;
  };

  it('keeps stdout pure JSON with --json, and writes no progress to a stderr that is not a terminal', () => {
    const csv = imported(tmp.dir);
    const data = join(tmp.dir, 'cli-data');
    const json = runImportJson<{ outcome: string; files: Array<{ imported: number }> }>([csv], {
      user: USER,
      tenant: 'nordhavn.dk',
      dataDir: data,
    });
    expect(json.result).toMatchObject({ outcome: 'created', files: [{ imported: 5_000 }] });
    expect(json.stderr).toBe('');
    // Without --json too: a pipe or a log file gets the result, not a line rewritten in place.
    const plain = runImport([csv], { user: USER, tenant: 'nordhavn.dk', dataDir: join(tmp.dir, 'other-data') });
    expect(plain.stdout).toContain('signins.csv: log-analytics-signinlogs-csv → signIns: 5000 of 5000 rows imported');
    expect(plain.stderr).toBe('');
    expect(plain.stdout).not.toMatch(/\r|pass \d of 2/);
  }, 60_000);

  /** The CLI in this process, its stderr a terminal when `terminal` is given. */
  async function cli(args: string[], terminal: boolean) {
    const out: string[] = [];
    const err: string[] = [];
    const written: string[] = [];
    const output: Output = {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      status: terminal ? { columns: 100, write: (text) => written.push(text) } : undefined,
    };
    const code = await runCli(args, output);
    return { code, out, err, written };
  }

  it('shows one line rewritten in place on a terminal, and clears it before the result', async () => {
    const csv = imported(tmp.dir);
    const data = join(tmp.dir, 'cli-data');
    const args = ['import', csv, '--user', USER, '--tenant', 'nordhavn.dk', '--data-dir', data];
    const { code, out, err, written } = await cli(args, true);
    // Sign-ins alone, all successful from one address: nothing to conclude from (as `investigate`, 4).
    expect(code).toBe(4);
    expect(written.length).toBeGreaterThanOrEqual(5);
    expect(written.every((w) => w.startsWith('\r\x1b[2K') && !w.includes('\n'))).toBe(true);
    expect(written).toContain('\r\x1b[2Ksignins.csv: reading layout (pass 1 of 2), 0 % of 1 MiB, 0 rows');
    expect(written).toContain('\r\x1b[2Ksignins.csv: importing (pass 2 of 2), 100 % of 1 MiB, 5,000 rows');
    expect(written.at(-1)).toBe('\r\x1b[2K');
    expect(err).toEqual([]);
    expect(out.join('\n')).not.toMatch(/pass \d of 2/);

    // With --json, not even a terminal gets progress.
    const json = await cli([...args, '--json'], true);
    expect(json.written).toEqual([]);
    expect(() => JSON.parse(json.out.join('\n')) as unknown).not.toThrow();
  }, 60_000);

  // util-linux `script` runs the command on a pseudo-terminal: the real process, its stderr a real terminal.
  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)(
    'shows the line when stderr really is a terminal (under `script`)',
    () => {
      const csv = imported(tmp.dir);
      const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
      const command = [process.execPath, CLI, 'import', csv, '--user', USER, '--tenant', 'nordhavn.dk']
        .concat(['--data-dir', join(tmp.dir, 'tty-data')])
        .map(quote)
        .join(' ');
      const run = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      expect(run.status).toBe(4);
      // What the terminal showed, stdout and stderr together.
      expect(run.stdout).toContain('\r\x1b[2Ksignins.csv: reading layout (pass 1 of 2), 0 % of 1 MiB, 0 rows');
      expect(run.stdout).toContain('\r\x1b[2Ksignins.csv: importing (pass 2 of 2), 100 % of 1 MiB, 5,000 rows');
      expect(run.stdout).toContain('signins.csv: log-analytics-signinlogs-csv → signIns: 5000 of 5000 rows imported');
    },
    60_000,
  );
});
