import type { Finding, VerdictReport } from '../../shared/domain/investigation.ts';
import { DETECTORS } from './detectors/index.ts';
import type { EvidenceSet } from './evidence-set.ts';
import { decideVerdict } from './verdict.ts';

const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 } as const;
const WEIGHT_ORDER = { strong: 0, moderate: 1, context: 2 } as const;

/** Runs every detector and decides: pure and deterministic (findings in a stable order). */
export function detect(set: EvidenceSet): { findings: Finding[]; verdict: VerdictReport } {
  const findings = DETECTORS.flatMap((d) => d.detect(set)).sort(
    (a, b) =>
      WEIGHT_ORDER[a.weight] - WEIGHT_ORDER[b.weight] ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.detector.localeCompare(b.detector) ||
      a.title.localeCompare(b.title),
  );
  return { findings, verdict: decideVerdict(set, findings) };
}
