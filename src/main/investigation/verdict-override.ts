import { VerdictOverride } from '../../shared/domain/investigation.ts';
import type { CaseFile } from '../store/case-file/case-file.ts';

/** The latest override recorded in the case log, if any: it stands beside later engine verdicts, both shown. */
export function latestOverride(file: CaseFile): VerdictOverride | null {
  for (const e of file.latestOfKind('verdict.overridden')) {
    // The case file may come from an imported bundle: read the payload through the schema, never by cast.
    const parsed = VerdictOverride.safeParse({ ...e.payload, by: e.actor, at: e.at });
    if (parsed.success) return parsed.data;
  }
  return null;
}
