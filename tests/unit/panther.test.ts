import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceCoverage, SourceId } from '../../src/shared/domain/investigation.ts';
import type { Detector } from '../../src/main/investigation/detectors/detector.ts';
import { ruleCreatedRecently } from '../../src/main/investigation/detectors/inbox-rule-audit.ts';
import { externalMailboxForwarding } from '../../src/main/investigation/detectors/mailbox.ts';
import { legacyProtocolSuccess } from '../../src/main/investigation/detectors/sign-ins.ts';
import type { EvidenceSet, Rec } from '../../src/main/investigation/evidence-set.ts';
import { SOURCES } from '../../src/main/investigation/sources.ts';
import { ROOT } from '../support/cli.ts';

// Panther's labelled test records (tests/fixtures/panther, Apache-2.0), mapped into Clearance's evidence
// shapes: do our detectors agree with the vendor's labels? Precision and recall are printed.

interface Labelled {
  rule_id: string;
  test_name: string;
  expected_result: boolean;
  log: Record<string, unknown>;
}

const records = readFileSync(join(ROOT, 'tests', 'fixtures', 'panther', 'labelled.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Labelled);

function evidenceSet(upn: string, at: string, records: Partial<Record<SourceId, Rec[]>>): EvidenceSet {
  const all = {} as Record<SourceId, Rec[]>;
  for (const s of Object.keys(SOURCES) as SourceId[]) all[s] = records[s] ?? [];
  const coverage = (Object.keys(SOURCES) as SourceId[]).map<SourceCoverage>((source) => ({
    source,
    status: 'completed',
    records: 0,
    pages: 1,
    durationMs: 0,
    throttleWaits: 0,
    throttleMs: 0,
    reason: null,
    detail: null,
    fix: null,
  }));
  const blockedAt = new Date(Date.parse(at) + 3_600_000).toISOString();
  return {
    upn,
    userId: null,
    blockedAt,
    window: { start: '2000-01-01T00:00:00Z', end: blockedAt },
    verifiedDomains: [upn.split('@')[1] ?? ''],
    coverage,
    records: all,
  };
}

/** Unified audit log record (Panther's lower-case keys) → Graph's security.auditLogRecord. */
function fromUnifiedAudit(log: Record<string, unknown>): { set: EvidenceSet } {
  const at = `${String(log.creationtime).replace(' ', 'T')}Z`;
  const upn = String(log.userid).toLowerCase();
  const rec: Rec = {
    id: 1,
    body: {
      id: String(log.id),
      createdDateTime: at,
      operation: log.operation,
      userPrincipalName: upn,
      clientIp: log.clientip,
      auditData: { Parameters: log.parameters ?? [] },
    },
  };
  return { set: evidenceSet(upn, at, { auditLog: [rec] }) };
}

/** Entra sign-in via Event Hub (properties.*) → Graph signIn; service principal sign-ins are not user evidence. */
function fromEntraSignIn(log: Record<string, unknown>): { set: EvidenceSet } {
  const p = (log.properties ?? {}) as Record<string, unknown>;
  const upn = String((p.userPrincipalName as string | undefined) ?? 'unknown@example.com').toLowerCase();
  const at = String((p.createdDateTime as string | undefined) ?? `${String(log.p_event_time).replace(' ', 'T')}Z`);
  const isUser = String((log.category as string | undefined) ?? '').toLowerCase() === 'signinlogs';
  const signIn: Rec = {
    id: 1,
    body: {
      id: 'x',
      createdDateTime: at,
      userPrincipalName: upn,
      clientAppUsed: p.clientAppUsed,
      ipAddress: p.ipAddress,
      status: p.status ?? { errorCode: 0 },
      location: p.location ?? {},
    },
  };
  return { set: evidenceSet(upn, at, { signIns: isUser ? [signIn] : [] }) };
}

const CASES: Record<
  string,
  {
    map: (log: Record<string, unknown>) => { set: EvidenceSet };
    detectors: Detector[];
    positive: (weights: string[]) => boolean;
  }
> = {
  'Microsoft365.Exchange.External.Forwarding': {
    map: fromUnifiedAudit,
    detectors: [externalMailboxForwarding, ruleCreatedRecently],
    positive: (w) => w.includes('strong'),
  },
  'Azure.Audit.LegacyAuth': { map: fromEntraSignIn, detectors: [legacyProtocolSuccess], positive: (w) => w.length > 0 },
};

describe('Panther labelled records', () => {
  for (const [rule, spec] of Object.entries(CASES)) {
    it(`${rule}: agrees with the labels`, () => {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      let tn = 0;
      const disagreements: string[] = [];
      // Panther's allow-lists ("KNOWN_EXCEPTION") are one organisation's exceptions, not detection logic.
      for (const record of records.filter((r) => r.rule_id === rule && !r.test_name.includes('KNOWN_EXCEPTION'))) {
        const { set } = spec.map(record.log);
        const weights = spec.detectors.flatMap((d) => d.detect(set)).map((f) => f.weight);
        const predicted = spec.positive(weights);
        if (predicted && record.expected_result) tp++;
        else if (predicted) fp++;
        else if (record.expected_result) fn++;
        else tn++;
        if (predicted !== record.expected_result)
          disagreements.push(`${record.test_name} (expected ${record.expected_result})`);
      }
      const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
      const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
      console.log(
        `${rule}: precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)} (tp ${tp}, fp ${fp}, fn ${fn}, tn ${tn})${disagreements.length ? `; disagreements: ${disagreements.join('; ')}` : ''}`,
      );
      expect(tp + fp + fn + tn).toBeGreaterThan(0);
      expect(recall).toBeGreaterThanOrEqual(0.8);
      expect(precision).toBeGreaterThanOrEqual(0.8);
    });
  }
});
