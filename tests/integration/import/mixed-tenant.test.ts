import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/main/app/create-app.ts';
import { ROOT } from '../../support/cli.ts';
import { runImportJson } from '../../support/import-cli.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

// A tenant-wide Purview export in the current layout (tests/fixtures/exports/mixed-tenant/README.md):
// other people, Microsoft's own setup activity, and one account attacked by a scripted rule burst.
const EXPORT = join(ROOT, 'tests', 'fixtures', 'exports', 'mixed-tenant', 'purview-audit-export.csv');
const ATTACKER = '197.210.84.36';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

interface Result {
  caseId: string;
  files: Array<{
    file: string;
    format: string;
    rows: number;
    imported: number;
    problems: unknown[];
    fatal: string | null;
  }>;
  findings: Array<{ detector: string; weight: string; title: string }>;
  verdict: { verdict: string; reasons: string[] };
}

describe('a realistic mixed-user Purview export', () => {
  it('is compromised for the rule burst and the attacker’s address, names the other account, and counts none of SYSTEM’s setup', async () => {
    const data = join(tmp.dir, 'data');
    const { code, stderr, result } = runImportJson<Result>([EXPORT], {
      user: 'jonas.berg@nordhavn.dk',
      tenant: 'nordhavn.dk',
      blockedAt: '2026-11-18T10:30:00Z',
      dataDir: data,
    });
    expect(stderr).toBe('');
    expect(code).toBe(3);
    expect(result.files).toMatchObject([
      { file: 'purview-audit-export.csv', rows: 83, imported: 83, problems: [], fatal: null },
    ]);
    expect(result.verdict.verdict).toBe('compromised');

    const strong = result.findings.filter((f) => f.weight === 'strong').map((f) => f.title);
    expect(strong).toEqual([`24 inbox rules made within 4 min from ${ATTACKER}`]);
    const moderate = result.findings.filter((f) => f.weight === 'moderate').map((f) => [f.detector, f.title]);
    expect(moderate).toEqual(
      expect.arrayContaining([
        ['audit-failure-then-success', `2 failed logins from ${ATTACKER}, then a successful one`],
        ['audit-login-new-network', `Mailbox activity from a new network: ${ATTACKER}`],
        ['mail-use-suspect-address', `Mailbox used from ${ATTACKER}: Send ×6, MailItemsAccessed ×1`],
      ]),
    );
    expect(result.findings.filter((f) => f.detector === 'attacker-address-other-accounts').map((f) => f.title)).toEqual(
      [`Also used by mette.holm@nordhavn.dk from ${ATTACKER}`],
    );
    // SYSTEM's Set-AdminAuditLogConfig and Set-MailboxPlan, and the admin's change to another mailbox, are
    // nobody's finding; the attack window does not stretch back to tenant setup.
    expect(result.findings.filter((f) => /SYSTEM|audit|shared-reception|MailboxPlan/i.test(f.title))).toEqual([]);
    expect(result.findings.map((f) => f.detector)).not.toContain('audit-tampering');

    // The timeline keeps everyone's events with their actor; only the user's carry a severity.
    const app = createApp({ mode: 'cli', dataDir: data });
    try {
      const page = await app.dispatch('timeline.window', {
        caseId: result.caseId,
        filter: { text: 'SYSTEM' },
        limit: 500,
      });
      if (!page.ok) throw new Error(JSON.stringify(page.error));
      const events = (page.value as { events: Array<{ actor: string | null; severity: string; summary: string }> })
        .events;
      expect(events.map((e) => [e.summary.split(' ')[0], e.severity])).toEqual([
        ['Set-AdminAuditLogConfig', 'info'],
        ['Set-MailboxPlan', 'info'],
        ['Set-MailboxPlan', 'info'],
        ['Set-MailboxPlan', 'info'],
        ['Set-MailboxPlan', 'info'],
      ]);
      expect(events[0]!.actor).toBe('NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost) (system)');
      const v6 = await app.dispatch('timeline.count', {
        caseId: result.caseId,
        filter: { ip: '2a05:f6c7:12:3::21' },
      });
      if (!v6.ok) throw new Error(JSON.stringify(v6.error));
      expect((v6.value as { total: number }).total).toBeGreaterThan(10);
      // The audit log gives no country; the offline network data does, so the timeline can be read by it.
      const fromAttacker = await app.dispatch('timeline.window', {
        caseId: result.caseId,
        filter: { ip: ATTACKER },
        limit: 500,
      });
      if (!fromAttacker.ok) throw new Error(JSON.stringify(fromAttacker.error));
      const countries = (fromAttacker.value as { events: Array<{ country: string | null }> }).events.map(
        (e) => e.country,
      );
      expect(countries.length).toBeGreaterThan(20);
      expect(new Set(countries)).toEqual(new Set(['NG']));
    } finally {
      await app.close();
    }
  });
});
