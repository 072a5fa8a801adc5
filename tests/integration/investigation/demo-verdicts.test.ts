import { describe, expect, it } from 'vitest';
import { investigate, redetect } from '../../../src/main/investigation/investigate.ts';
import { verifyCase } from '../../../src/main/store/case-file/verify.ts';
import { FABRIKAM, scenario } from '../../support/emulator.ts';
import { bench, openCase } from '../../support/investigation.ts';

async function run(upn: string, scenarioPath?: string) {
  const b = await bench(scenarioPath ? scenario(scenarioPath) : scenario());
  try {
    const caseId = await openCase(b, upn);
    const file = b.app.cases.caseFile(caseId);
    const result = await investigate({ file, tenant: b.tenant, actor: 'analyst@test' });
    return { b, caseId, file, result, detectors: new Set(result.findings.map((f) => f.detector)) };
  } catch (error) {
    await b.cleanup();
    throw error;
  }
}

describe('the demo scenarios give the verdicts their stories imply', () => {
  it('adele.vance@contoso.com: compromised, with the attack’s tell-tales', async () => {
    const { b, result, detectors, file } = await run('adele.vance@contoso.com');
    try {
      expect(result.verdict.verdict).toBe('compromised');
      for (const d of [
        'inbox-rule-external-forward',
        'inbox-rule-meaningless-name',
        'signin-legacy-protocol',
        'signin-failure-burst',
        'mfa-method-added',
        'oauth-mail-consent',
        'entra-risk',
        'outbound-burst',
      ]) {
        expect(detectors, d).toContain(d);
      }
      expect(result.coverage.every((c) => c.status === 'completed')).toBe(true);
      expect(result.events).toBeGreaterThan(5000);
      // Every finding points at evidence that exists in the case file.
      const ids = new Set([...file.investigation.evidence()].map((e) => e.id));
      for (const f of result.findings)
        for (const id of f.evidenceIds) expect(ids.has(id), `${f.detector} → ${id}`).toBe(true);
      expect(verifyCase(file).intact).toBe(true);
      expect(b.emu.requestLog).toContain('POST /v1.0/$batch'); // the consented apps, looked up together
      const kinds = file.listLog(0, 100).entries.map((e) => e.kind);
      expect(kinds).toEqual(['case.created', 'collection.started', 'collection.finished', 'detection.completed']);
    } finally {
      await b.cleanup();
    }
  });

  it('megan.bowen@contoso.com: not compromised (a newsletter tripped the limit)', async () => {
    const { b, result } = await run('megan.bowen@contoso.com');
    try {
      expect(result.verdict.verdict).toBe('not_compromised');
      expect(result.findings.every((f) => f.weight === 'context')).toBe(true);
      expect(result.findings.map((f) => f.detector)).toContain('outbound-burst');
    } finally {
      await b.cleanup();
    }
  });

  it('lee.gu@contoso.com: compromised through forwarding, a delegate and a hidden rule', async () => {
    const { b, result, detectors } = await run('lee.gu@contoso.com');
    try {
      expect(result.verdict.verdict).toBe('compromised');
      expect(detectors).toContain('mailbox-forwarding');
      expect(detectors).toContain('mailbox-delegate');
      expect(detectors).toContain('inbox-rule-hidden');
    } finally {
      await b.cleanup();
    }
  });

  it('alex.wilber@fabrikam.com: inconclusive, naming the missing sign-in logs', async () => {
    const { b, result } = await run('alex.wilber@fabrikam.com', FABRIKAM);
    try {
      expect(result.verdict.verdict).toBe('inconclusive');
      expect(result.verdict.missing).toContain('signIns');
      expect(result.verdict.reasons[0]).toMatch(/Sign-in logs could not be collected: .*P1/);
      const signIns = result.coverage.find((c) => c.source === 'signIns')!;
      expect(signIns).toMatchObject({ status: 'unavailable', reason: 'licence' });
      expect(signIns.fix).toContain('Microsoft Entra ID P1');
      // The capability probes made before collecting are in the case log too.
      const started = b.app.cases
        .caseFile(b.app.cases.list('createdAt', 'desc')[0]!.id)
        .listLog(0, 10)
        .entries.find((e) => e.kind === 'collection.started')!;
      expect(started.payload.capabilities).toEqual(
        expect.arrayContaining([expect.objectContaining({ source: 'signIns', available: false, reason: 'licence' })]),
      );
    } finally {
      await b.cleanup();
    }
  });

  it('re-running detection offline gives identical findings, with the engine version recorded', async () => {
    const { b, file, result } = await run('lee.gu@contoso.com');
    try {
      await b.emu.close(); // offline: the case file alone
      const again = redetect(file, 'analyst@test');
      expect(again.findings).toEqual(result.findings);
      expect(again.verdict).toEqual(result.verdict);
      const entries = file.listLog(0, 100).entries.filter((e) => e.kind === 'detection.completed');
      expect(entries).toHaveLength(2);
      expect(entries[0]!.payload.findingsDigest).toBe(entries[1]!.payload.findingsDigest);
      expect(entries[1]!.payload.engineVersion).toBe(result.verdict.engineVersion);
    } finally {
      await b.cleanup();
    }
  });
});
