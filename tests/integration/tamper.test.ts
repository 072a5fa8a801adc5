import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseFile } from '../../src/main/store/case-file/case-file.ts';
import { runClearance } from '../support/cli.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { tamperWith } from '../support/tamper.ts';

let tmp: ReturnType<typeof makeTempDir>;
let path: string;

beforeEach(() => {
  tmp = makeTempDir();
  path = join(tmp.dir, 'case.clearance');
  const file = CaseFile.create(path, {
    id: '9d3c8e27-5b1a-4f0d-a2c6-7e8f9a0b1c2d',
    upn: 'anna@contoso.com',
    tenant: 'contoso.com',
    blockedAt: null,
    createdAt: '2026-11-26T10:00:00.000Z',
    createdBy: 'ana@ws1',
    status: 'open',
  });
  for (let seq = 2; seq <= 5; seq++) {
    file.append({
      kind: 'note.added',
      actor: 'ana@ws1',
      at: `2026-11-26T10:0${seq}:00.000Z`,
      payload: { text: `MARKER-${seq}-rule forwards to x@evil.test` },
    });
  }
  file.close(); // checkpointed: the rows are in the main file, where a byte can be flipped
});
afterEach(() => tmp.cleanup());

describe('clearance verify', () => {
  it('exits 0 and prints the head for an intact case file', () => {
    const { code, stdout } = runClearance(['verify', path]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^intact: case 9d3c8e27-5b1a-4f0d-a2c6-7e8f9a0b1c2d, 5 entries/m);
    expect(stdout).toMatch(/^head: 5:[0-9a-f]{64}$/m);
  });

  it('reports the entry whose payload had one byte flipped on disk', () => {
    const bytes = readFileSync(path);
    const at = bytes.indexOf('MARKER-3-rule forwards to x@evil.test');
    expect(at).toBeGreaterThan(0);
    bytes[at + 'MARKER-3-rule forwards to x@'.length]! ^= 0x01; // 'e' -> 'd'
    writeFileSync(path, bytes);

    const { code, stdout } = runClearance(['verify', path]);
    expect(code).toBe(1);
    expect(stdout).toContain('BROKEN');
    expect(stdout).toContain('entry 3: hash_mismatch');
    const json = JSON.parse(runClearance(['verify', '--json', path]).stdout) as {
      firstBroken: { seq: number; reason: string };
    };
    expect(json.firstBroken).toMatchObject({ seq: 3, reason: 'hash_mismatch' });
  });

  it('reports the sequence number of a deleted entry', () => {
    tamperWith(path, 'DELETE FROM log WHERE seq = 4');
    const { code, stdout } = runClearance(['verify', path]);
    expect(code).toBe(1);
    expect(stdout).toContain('entry 4: sequence_gap: entry 4 is missing (the next entry is 5)');
  });

  it('reports a rewritten chain against an expected head', () => {
    const head = /^head: (\S+)$/m.exec(runClearance(['verify', path]).stdout)?.[1];
    tamperWith(path, 'DELETE FROM log WHERE seq = 5');
    expect(runClearance(['verify', path]).code).toBe(0); // a clean cut at the tail needs an anchor to show
    const { code, stdout } = runClearance(['verify', '--expect-head', head!, path]);
    expect(code).toBe(1);
    expect(stdout).toContain('entry 5: head_mismatch');
  });

  it('reports a changed case header', () => {
    const db = new Database(path);
    db.exec("UPDATE case_header SET upn = 'someone.else@contoso.com'");
    db.close();
    const { code, stdout } = runClearance(['verify', path]);
    expect(code).toBe(1);
    expect(stdout).toContain('entry 1: header_mismatch');
  });

  it('exits 2 for something that is not a case file', () => {
    const other = join(tmp.dir, 'notes.txt');
    writeFileSync(other, 'hello');
    expect(runClearance(['verify', other]).code).toBe(2);
    expect(runClearance(['verify', join(tmp.dir, 'missing.clearance')]).code).toBe(2);
  });

  it('has --help on every command', () => {
    for (const args of [
      ['--help'],
      ['verify', '--help'],
      ['cases', '--help'],
      ['cases', 'list', '--help'],
      ['cases', 'create', '--help'],
      ['serve', '--help'],
    ]) {
      const { code, stdout } = runClearance(args);
      expect(code, args.join(' ')).toBe(0);
      expect(stdout, args.join(' ')).toContain('Usage: clearance');
    }
  });
});
