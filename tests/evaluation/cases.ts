import type { LabelledCase } from './evaluate.ts';
import { graphDocsCases } from './sets/graph-docs.ts';
import { otrfCases } from './sets/otrf.ts';
import { pantherCases } from './sets/panther.ts';

/** Every labelled public record set the evaluation uses, in the order the table shows them. */
export function allCases(): LabelledCase[] {
  return [...pantherCases(), ...otrfCases(), ...graphDocsCases()];
}
