import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli/main.ts';
import type { Output } from '../../src/main/cli/output.ts';
import { CaseFile } from '../../src/main/store/case-file/case-file.ts';
import { CLI, ROOT } from '../support/cli.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { UNPRINTABLE as CONTROL } from '../support/xss-corpus.ts';

/** What a hostile string would do to a terminal: clear the line, return to its start, print "intact". */
const ERASE = '\u001b[2K\rintact \u001b[32m';

function capture(): Output & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l) };
}

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

function caseFile(path: string, id: string, upn: string): void {
  const file = CaseFile.create(path, {
    id,
    upn,
    tenant: 'contoso.com',
    blockedAt: null,
    createdAt: '2026-11-26T10:00:00.000Z',
    createdBy: 'ana@ws1',
    status: 'open',
  });
  file.close();
}

describe('everything the CLI prints to a terminal is sanitised', () => {
  it('verify does not let a case id with escape codes erase the verdict', async () => {
    const path = join(tmp.dir, 'received.clearance');
    caseFile(path, '9d3c8e27-1b2a-4c3d-8e4f-5a6b7c8d9e0f', 'anna@contoso.com');
    // The attacker writes the id into the file afterwards (Clearance itself only ever makes UUIDs).
    const db = new Database(path);
    db.prepare('UPDATE case_header SET id = ?, upn = ?').run(`9d3c8e27${ERASE}`, 'someone.else@contoso.com');
    db.close();
    const sink = capture();
    const code = await runCli(['verify', path], sink);
    // Broken (1), or refused as no case file (2) once ids must be UUIDs: never intact, and no control
    // character of the id reaches the terminal to erase the word that says so.
    expect([1, 2]).toContain(code);
    const printed = sink.lines.join('\n');
    expect(printed).toMatch(/BROKEN|not a readable/);
    expect(printed).not.toMatch(CONTROL);
  });

  it('cases list prints a received UPN with escape codes as inert text, and --json keeps it exact', async () => {
    const data = join(tmp.dir, 'data');
    mkdirSync(join(data, 'cases'), { recursive: true });
    const id = '0b6f3c1e-2d4a-4e5f-8a9b-1c2d3e4f5a6b';
    caseFile(join(data, 'cases', `${id}.clearance`), id, `anna${ERASE}\u202e@contoso.com`);
    const text = capture();
    expect(await runCli(['cases', 'list', '--data-dir', data], text)).toBe(0);
    expect(text.lines.join('\n')).not.toMatch(CONTROL);
    expect(text.lines.join('\n')).toContain('anna\uFFFD[2K\uFFFDintact \uFFFD[32m\uFFFD@contoso.com');

    const json = capture();
    expect(await runCli(['cases', 'list', '--json', '--data-dir', data], json)).toBe(0);
    expect(json.lines.join('\n')).not.toMatch(CONTROL);
    const listed = JSON.parse(json.lines.join('\n')) as Array<{ upn: string }>;
    expect(listed.map((c) => c.upn)).toEqual([`anna${ERASE}\u202e@contoso.com`]);
  });

  it('import names a file with escape codes in its name as inert text', async () => {
    const data = join(tmp.dir, 'data');
    const dir = join(tmp.dir, 'exports');
    mkdirSync(dir);
    writeFileSync(join(dir, `notes${ERASE}.txt`), 'not an export\n');
    const sink = capture();
    await runCli(['import', dir, '--user', 'anna@contoso.com', '--tenant', 'contoso.com', '--data-dir', data], sink);
    const printed = sink.lines.join('\n');
    expect(printed).toContain('notes\uFFFD[2K\uFFFDintact \uFFFD[32m.txt');
    expect(printed).not.toMatch(CONTROL);
  });
});

describe('a reader that closes early', () => {
  it('ends the command quietly with its own exit code (clearance --help | true)', () => {
    // `true` exits without reading, so every write the CLI makes meets a closed pipe (EPIPE).
    const result = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" "${CLI}" --help | true; echo "exit=\${PIPESTATUS[0]}" >&2`],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(result.stderr.trim()).toBe('exit=0');
  });

  it('also when stdout and stderr both go to the closed pipe', async () => {
    const child = spawn(process.execPath, [CLI, 'cases', 'list', '--sort', 'nonsense', '--data-dir', tmp.dir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Close both read ends before the CLI has started writing.
    child.stdout.destroy();
    child.stderr.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    // The command's own answer to a bad --sort (2), not a crash on EPIPE (1).
    expect(code).toBe(2);
  });
});
