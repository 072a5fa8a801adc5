import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/main/import/import-files.ts';
import { redetect } from '../../src/main/investigation/investigate.ts';
import { CaseFile } from '../../src/main/store/case-file/case-file.ts';
import { verifyCaseFile } from '../../src/main/store/case-file/verify.ts';
import { ROOT } from '../support/cli.ts';
import { tamperWith } from '../support/tamper.ts';
import { makeTempDir } from '../support/temp-dir.ts';

/**
 * A case file made by Clearance before evidence digest v2 and detection digests (commit 97579ab: two
 * imports and a detection; tests/fixtures/case-files/README.md): its anchors hold the v1 digest.
 */
const FIXTURE = join(ROOT, 'tests', 'fixtures', 'case-files', 'v1-anchors.clearance');
/** Recorded in the fixture's anchors (entries 2 and 3) by the old code. */
const V1_DIGEST = 'f8fab29f214afb386e5fc3a3e10b645d30bbea50a159e5a26c1cd32fcc725fb9';
/** The same 22 rows in v2, computed independently (Python's json and hashlib over the fixture). */
const V2_DIGEST = 'ff09b7116d8e92b65567358f537835a460edce4cab8e98a393555834bdcf930d';

let tmp: ReturnType<typeof makeTempDir>;
let path: string;
beforeEach(() => {
  tmp = makeTempDir();
  path = join(tmp.dir, 'old.clearance');
  copyFileSync(FIXTURE, path);
});
afterEach(() => tmp.cleanup());

/** Raw SQL on the file, the append-only triggers dropped for it and put back (as an attacker hides it). */
function raw(sql: string): void {
  tamperWith(path, sql);
}

describe('a case file with v1 anchors', () => {
  it('verifies intact, its legacy detection included, and shows that detection', async () => {
    const report = await verifyCaseFile(path, { evidence: true });
    expect(report.firstBroken).toBeNull();
    expect(report.intact).toBe(true);
    expect(report.evidence).toEqual({ records: 22, anchored: 22, unanchored: 0 });
    const file = CaseFile.open(path, { readonly: true });
    try {
      const anchor = file.latest('evidence.imported')!.payload.evidence;
      expect(anchor).toEqual({ records: 22, digest: V1_DIGEST });
      expect(file.evidenceDigest()).toEqual({ records: 22, digest: V2_DIGEST, version: 2 });
      expect(file.investigation.latestDetection()?.report.verdict).toBe('compromised');
    } finally {
      file.close();
    }
  });

  it('still catches what v1 covered: a re-hashed row', async () => {
    raw(
      `UPDATE evidence SET body = '{}', sha256 = '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a' WHERE id = 3`,
    );
    expect((await verifyCaseFile(path, { evidence: true })).firstBroken?.reason).toBe('evidence_mismatch');
  });

  it('holds a legacy detection to the findingsDigest its entry recorded', async () => {
    raw("UPDATE detection_run SET verdict = 'not_compromised'");
    expect((await verifyCaseFile(path, { evidence: true })).firstBroken).toMatchObject({
      seq: 4,
      reason: 'detection_mismatch',
    });
    const file = CaseFile.open(path, { readonly: true });
    try {
      expect(file.investigation.latestDetection()).toBeNull();
    } finally {
      file.close();
    }
  });

  it('covers every column once the new version anchors the evidence again', async () => {
    const file = CaseFile.open(path);
    await importFiles(file, [join(ROOT, 'tests', 'fixtures', 'exports', 'log-analytics-signinlogs.csv')], 'ana@ws2');
    redetect(file, 'ana@ws2');
    const anchor = file.latest('evidence.imported')!.payload.evidence as { version?: number };
    expect(anchor.version).toBe(2);
    file.close();
    expect((await verifyCaseFile(path, { evidence: true })).firstBroken).toBeNull();
    // Row 1 was anchored only in v1 at first; the v2 anchor now covers its source too.
    raw(`UPDATE evidence SET source = 'auditLog' WHERE id = 1`);
    expect((await verifyCaseFile(path, { evidence: true })).firstBroken?.reason).toBe('evidence_mismatch');
  });
});
