import { z } from 'zod';
import { ChecklistItemId } from './checklist.ts';
import { CaseId } from './identifiers.ts';
import { NoteText } from './case-log.ts';

/** Whether the account may be unblocked now, what stands in the way, and the manual path. */
export const UnblockStatus = z.object({
  allowed: z.boolean(),
  /** Securing checklist items not yet done, not applicable or waived with a reason. */
  blockers: z.array(ChecklistItemId),
  /** On the restricted list now (null: not blocked), or unknown without a connection. */
  blocked: z.union([
    z.object({ blockedAt: z.string().nullable(), reason: z.string() }),
    z.null(),
    z.literal('unknown'),
  ]),
  manual: z.object({ command: z.string(), portalUrl: z.string() }),
});
export type UnblockStatus = z.infer<typeof UnblockStatus>;

export const ReleaseInput = z.object({ caseId: CaseId, confirm: z.literal(true) }).strict();
export const ManualReleaseInput = z.object({ caseId: CaseId, note: NoteText }).strict();
