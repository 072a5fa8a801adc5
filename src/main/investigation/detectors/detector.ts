import type { Finding } from '../../../shared/domain/investigation.ts';
import type { EvidenceSet } from '../evidence-set.ts';

/** A detector: a pure function from the evidence to findings. No I/O, no clock: replayable offline. */
export interface Detector {
  id: string;
  detect(set: EvidenceSet): Finding[];
}
