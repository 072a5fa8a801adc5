import type { Finding } from '../../../shared/domain/investigation.ts';
import type { EvidenceSet } from '../evidence-set.ts';

/**
 * A finding as detectors make it: the addresses that tie it to whoever did it travel with it inside the
 * engine, so later detectors can follow those addresses (what else came from there, who else used them).
 */
export type DetectorFinding = Finding & {
  addresses?: string[];
  /** For a follow-up finding: the detector whose address it followed (not independent evidence of it). */
  seed?: string;
};

/** A detector: a pure function from the evidence to findings. No I/O, no clock: replayable offline. */
export interface Detector {
  id: string;
  detect(set: EvidenceSet): DetectorFinding[];
}

/** Addresses the first pass tied to the attacker, each with the finding that did. */
export type SuspectAddresses = ReadonlyMap<string, { title: string; detector: string }>;

/** A second-pass detector: reads the evidence in the light of the addresses the first pass suspects. */
export interface FollowUpDetector {
  id: string;
  detect(set: EvidenceSet, suspects: SuspectAddresses): DetectorFinding[];
}
