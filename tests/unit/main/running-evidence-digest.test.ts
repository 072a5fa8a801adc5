import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseFile } from '../../../src/main/store/case-file/case-file.ts';
import { evidenceDigest, RunningEvidenceDigest } from '../../../src/main/store/case-file/evidence-digest.ts';
import { sha256Hex } from '../../../src/main/store/case-file/hash-chain.ts';
import { databaseOf } from '../../../src/main/store/case-file/raw-database.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

let tmp: ReturnType<typeof makeTempDir>;
let file: CaseFile;
let store: CaseFile['investigation'];
let run: number;
beforeEach(() => {
  tmp = makeTempDir();
  file = CaseFile.create(join(tmp.dir, 'd.clearance'), {
    id: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
    upn: 'anna@contoso.com',
    tenant: 'contoso.com',
    blockedAt: null,
    createdAt: '2026-11-20T09:00:00.000Z',
    createdBy: 'test',
    status: 'open',
  });
  store = file.investigation;
  run = store.startRun({
    startedAt: '2026-11-20T09:00:00.000Z',
    windowStart: '2026-11-01T00:00:00.000Z',
    windowEnd: '2026-11-20T09:00:00.000Z',
    userId: null,
    sources: ['signIns'],
  });
});
afterEach(() => {
  file.close();
  tmp.cleanup();
});

const add = (ids: string[]) =>
  store.storePage(
    run,
    'signIns',
    { request: 'test', fetchedAt: '2026-11-20T09:00:00.000Z', items: ids.map((id) => ({ key: id, body: { id } })) },
    null,
  );

describe('the running evidence digest', () => {
  it('matches the whole-table digest after each slice, and has a known value', () => {
    const running = new RunningEvidenceDigest(databaseOf(file));
    const V2 = 'clearance:evidence:v2\n';
    expect(running.current()).toEqual({ records: 0, digest: sha256Hex(V2), version: 2 });
    add(['a', 'b']);
    expect(running.current()).toEqual(evidenceDigest(databaseOf(file)));
    add(['c']);
    const after = running.current();
    expect(after).toEqual(evidenceDigest(databaseOf(file)));
    // Known answer (digest v2): after its domain line, one JSON array of every column per row, the body by
    // its hash, in id order.
    const line = (id: number, key: string) =>
      `${JSON.stringify([id, 'signIns', key, run, 'test', '2026-11-20T09:00:00.000Z', sha256Hex(JSON.stringify({ id: key }))])}\n`;
    expect(after).toEqual({
      records: 3,
      digest: sha256Hex(V2 + line(1, 'a') + line(2, 'b') + line(3, 'c')),
      version: 2,
    });
  });

  it('forgets the rows of a write that was rolled back', () => {
    const running = new RunningEvidenceDigest(databaseOf(file));
    add(['a']);
    running.current();
    expect(() =>
      running.within(() =>
        file.write(() => {
          add(['b', 'c']);
          running.current();
          throw new Error('the entry could not be written');
        }),
      ),
    ).toThrow('the entry could not be written');
    add(['d']);
    expect(running.current()).toEqual(evidenceDigest(databaseOf(file)));
    expect(running.current().records).toBe(2);
  });
});
