import type { SourceId, VerdictReport } from '../../shared/domain/investigation.ts';
import type { DetectorFinding } from './detectors/detector.ts';
import { DETECTION_ENGINE_VERSION } from './detectors/index.ts';
import type { EvidenceSet } from './evidence-set.ts';
import { collected } from './evidence-set.ts';
import { SOURCES } from './sources.ts';

/**
 * The verdict and its reasons, from findings and coverage:
 * - compromised: a strong finding, or moderate findings from two different detectors;
 * - not compromised: nothing strong or moderate, and every source needed to rule compromise out was
 *   collected (otherwise silence proves nothing);
 * - inconclusive: everything else, naming what is missing or what needs a human look.
 */
export function decideVerdict(set: EvidenceSet, findings: readonly DetectorFinding[]): VerdictReport {
  const strong = findings.filter((f) => f.weight === 'strong');
  const moderate = findings.filter((f) => f.weight === 'moderate');
  // A follow-up finding (activity from an address another finding suspects) counts with its seed: the
  // same observation seen twice is not two indicators.
  const moderateDetectors = new Set(moderate.map((f) => f.seed ?? f.detector));
  const missing = (Object.keys(SOURCES) as SourceId[]).filter((s) => SOURCES[s].ruleOut && !collected(set, s));
  const missingText = missing.map((s) => {
    const c = set.coverage.find((x) => x.source === s);
    return `${SOURCES[s].label} could not be collected${c?.detail ? `: ${c.detail}` : ''}`;
  });
  const base = { missing, engineVersion: DETECTION_ENGINE_VERSION };

  if (strong.length > 0 || moderateDetectors.size >= 2) {
    const reasons = [...strong, ...moderate].map((f) => f.title);
    // Compromise is established, but what could not be looked at still bounds what the case can say.
    return { ...base, verdict: 'compromised', reasons: [...reasons, ...missingText.map((m) => `Not checked: ${m}`)] };
  }
  if (missing.length > 0) {
    return {
      ...base,
      verdict: 'inconclusive',
      reasons: [
        ...missingText,
        ...moderate.map((f) => `Needs review: ${f.title}`),
        'Without these sources compromise can be neither confirmed nor ruled out.',
      ],
    };
  }
  if (moderate.length > 0) {
    return {
      ...base,
      verdict: 'inconclusive',
      reasons: [
        ...moderate.map((f) => `Needs review: ${f.title}`),
        'One indicator alone does not establish compromise.',
      ],
    };
  }
  const context = findings.filter((f) => f.weight === 'context').map((f) => f.title);
  return {
    ...base,
    verdict: 'not_compromised',
    reasons: [
      'No sign of compromise in any collected source (sign-ins, inbox rules, forwarding, delegates, authentication methods, consents, audit log).',
      ...context,
    ],
  };
}
