import type { Finding, VerdictReport } from '../../shared/domain/investigation.ts';
import type { DetectorFinding, SuspectAddresses } from './detectors/detector.ts';
import { DETECTORS, FOLLOW_UP_DETECTORS } from './detectors/index.ts';
import { scopeToUser, type EvidenceSet } from './evidence-set.ts';
import { decideVerdict } from './verdict.ts';

const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 } as const;
const WEIGHT_ORDER = { strong: 0, moderate: 1, context: 2 } as const;

/** Addresses that moderate and strong findings tie to the attacker, each with the first finding that did. */
export function suspectAddresses(findings: readonly DetectorFinding[]): SuspectAddresses {
  const suspects = new Map<string, { title: string; detector: string }>();
  for (const f of [...findings].sort((a, b) => WEIGHT_ORDER[a.weight] - WEIGHT_ORDER[b.weight]))
    if (f.weight !== 'context')
      for (const ip of f.addresses ?? [])
        if (!suspects.has(ip)) suspects.set(ip, { title: f.title, detector: f.detector });
  return suspects;
}

/**
 * Runs every detector on the user's own records (other people's and the service's set apart), then the
 * follow-up detectors on the addresses the first pass suspects, and decides: pure and deterministic
 * (findings in a stable order).
 */
export function detect(input: EvidenceSet): { findings: Finding[]; verdict: VerdictReport } {
  const set = scopeToUser(input);
  const first = DETECTORS.flatMap((d) => d.detect(set));
  const suspects = suspectAddresses(first);
  const all = [...first, ...FOLLOW_UP_DETECTORS.flatMap((d) => d.detect(set, suspects))].sort(
    (a, b) =>
      WEIGHT_ORDER[a.weight] - WEIGHT_ORDER[b.weight] ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.detector.localeCompare(b.detector) ||
      a.title.localeCompare(b.title),
  );
  const verdict = decideVerdict(set, all);
  return { findings: all.map(({ addresses: _addresses, seed: _seed, ...finding }) => finding), verdict };
}
