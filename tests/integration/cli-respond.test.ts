import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClearance } from '../support/cli.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { CONTOSO } from '../support/emulator.ts';

// Each command starts the demo tenant afresh (the emulator lives as long as the command): what one
// command changes in the tenant is gone for the next, but the case file keeps every step.
const tmp = makeTempDir();
const cli = (...args: string[]) => runClearance([...args, '--data-dir', tmp.dir]);
const caseOf = (upn: string): string => {
  const cases = JSON.parse(cli('cases', 'list', '--json').stdout) as Array<{ id: string; upn: string }>;
  return cases.find((c) => c.upn === upn)!.id;
};
let adele: string;
let megan: string;

beforeAll(() => {
  expect(cli('investigate', '--user', 'adele.vance@contoso.com').code).toBe(3);
  expect(cli('investigate', '--user', 'megan.bowen@contoso.com').code).toBe(0);
  adele = caseOf('adele.vance@contoso.com');
  megan = caseOf('megan.bowen@contoso.com');
}, 120_000);
afterAll(() => tmp.cleanup());

describe('respond, unblock and report from the command line', () => {
  it('contain: a dry run of the proposed actions by default, then executed with --yes', () => {
    expect(cli('contain', '--case', adele, '--dry-run', '--yes').code).toBe(2);
    const dry = cli('contain', '--case', adele, '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('disableInboxRules: 2 change(s)');
    expect(dry.stdout).toContain('resetPassword: 1 change(s) — Microsoft offers no undo');
    expect(dry.stdout).toContain('Dry run: nothing changed');
    expect(dry.stdout).not.toContain('blockSignIn'); // never proposed: it stops the user working too

    // Into a pipe, the password reset is held back unless asked for by name.
    const held = cli('contain', '--case', adele, '--yes', '--action', 'resetPassword');
    expect(held.code).toBe(1);
    expect(held.stderr).toContain('resetPassword skipped');
    const done = cli('contain', '--case', adele, '--yes', '--print-password');
    expect(done.code, done.stdout + done.stderr).toBe(0);
    expect(done.stdout).toMatch(/✓ Invoice copies/);
    expect(done.stdout).toContain('recorded in the case log');
    const password = /New password \(shown once[^)]*\): (\S+)/.exec(done.stderr)?.[1];
    expect(password).toHaveLength(20);
    // Nowhere in the data folder.
    for (const f of ['index.sqlite', join('cases', `${adele}.clearance`)])
      expect(readFileSync(join(tmp.dir, f)).includes(Buffer.from(password!))).toBe(false);

    const unknown = cli('contain', '--case', adele, '--action', 'format-c');
    expect(unknown.code).toBe(2);

    // The gate for the compromised user: what containment did is suggested done and signed off; the one
    // item nothing could settle (which phone is the attacker's) is waived with a reason. Then unblock.
    for (const item of [
      'determine.verdict',
      'respond.resetPassword',
      'respond.revokeSessions',
      'respond.inboxRules',
      'respond.forwarding',
      'respond.delegates',
      'respond.consents',
      'respond.roles',
    ]) {
      const r = cli('checklist', '--case', adele, '--item', item, '--accept');
      expect(r.code, `${item}: ${r.stderr}`).toBe(0);
    }
    const waived = cli(
      'checklist',
      '--case',
      adele,
      '--item',
      'respond.authMethods',
      '--state',
      'waived',
      '--reason',
      'Both phones confirmed with Adele by a call',
    );
    expect(waived.stdout).toContain('Every securing item is settled');
    const unblocked = cli('unblock', '--case', adele, '--yes');
    expect(unblocked.code, unblocked.stdout + unblocked.stderr).toBe(0);
  }, 120_000);

  it('unblock: refused by the gate until the securing items are settled, then released and verified', () => {
    const gated = cli('unblock', '--case', megan, '--yes');
    expect(gated.code).toBe(1);
    expect(gated.stdout).toContain('Unblocking waits for 9 securing checklist item(s)');
    expect(gated.stderr).toContain('clearance unblock:');

    // The false positive: accept the verdict, waive the respond items with a reason.
    expect(cli('checklist', '--case', megan, '--item', 'determine.verdict', '--accept').code).toBe(0);
    for (const item of [
      'respond.resetPassword',
      'respond.revokeSessions',
      'respond.inboxRules',
      'respond.forwarding',
      'respond.delegates',
      'respond.authMethods',
      'respond.consents',
      'respond.roles',
    ]) {
      const r = cli(
        'checklist',
        '--case',
        megan,
        '--item',
        item,
        '--state',
        'waived',
        '--reason',
        'False positive: newsletter blast',
      );
      expect(r.code, r.stderr).toBe(0);
    }
    // Contoso as it is, except that sending resumes two seconds after the unblock instead of forty minutes.
    const fast = join(tmp.dir, 'contoso-fast.json');
    const contoso = JSON.parse(readFileSync(CONTOSO, 'utf8')) as { tenant: Record<string, unknown> };
    contoso.tenant.sendingResumesAfterSeconds = 2;
    writeFileSync(fast, JSON.stringify(contoso));
    const released = cli('unblock', '--case', megan, '--yes', '--wait', '--every', '1', '--scenario', fast);
    expect(released.code, released.stdout + released.stderr).toBe(0);
    expect(released.stdout).toContain('Unblocked and verified off the restricted list');
    expect(released.stdout).toContain('Waiting: no delivered message since the unblock');
    expect(released.stdout).toMatch(/Sending resumed: first delivered message at \d{4}-/);
    // The demo tenant starts afresh per command: the watch sees no delivered message yet, and says so.
    const check = cli('unblock', '--case', megan, '--check');
    expect(check.code, check.stderr).toBe(1);
    expect(check.stdout).toContain('Waiting: no delivered message since the unblock');
  }, 120_000);

  it('report in every format and a bundle that verifies; a tampered bundle does not', () => {
    for (const format of ['html', 'json', 'md', 'csv', 'jsonl']) {
      const out = join(tmp.dir, 'out', `adele.${format}`);
      const r = cli('report', '--case', adele, '--format', format, '--lang', 'da', '--out', out);
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(out)).toBe(true);
    }
    expect(readFileSync(join(tmp.dir, 'out', 'adele.md'), 'utf8')).toContain('Hændelsesrapport');
    expect(cli('report', '--case', adele, '--format', 'docx').code).toBe(2);
    // Never over an earlier export.
    expect(cli('report', '--case', adele, '--format', 'md', '--out', join(tmp.dir, 'out', 'adele.md')).code).toBe(1);

    const bundle = join(tmp.dir, 'out', 'adele.clearance');
    const exported = cli('export', '--case', adele, '--out', bundle);
    expect(exported.code, exported.stderr).toBe(0);
    const head = /--expect-head (\d+:[0-9a-f]{64})/.exec(exported.stderr)![1]!;
    const verified = runClearance(['verify', bundle, '--expect-head', head]);
    expect(verified.code, verified.stdout).toBe(0);
    expect(verified.stdout).toMatch(/evidence: \d+ records, each matching its hash/);
  }, 120_000);
});
