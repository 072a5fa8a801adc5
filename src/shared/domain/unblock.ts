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

/**
 * After an unblock: has sending resumed (a delivered message from the user in message trace since the
 * release), is the user blocked again, or is it taking longer than Microsoft's 24 hours.
 */
export const SendingState = z.enum(['waiting', 'resumed', 'reblocked', 'overdue']);
export type SendingState = z.infer<typeof SendingState>;

export const SendingStatus = z.object({
  state: SendingState,
  releasedAt: z.string(),
  /** The first delivered message after the release, when there is one. */
  resumedAt: z.string().nullable(),
  checkedAt: z.string(),
  /** On the restricted list again since the release: an alert, the account may still be compromised. */
  blockedAgain: z.object({ blockedAt: z.string().nullable(), reason: z.string() }).nullable(),
  /** How often this user was unblocked, across every case on this computer (this one included). */
  unblocksOfUser: z.number().int(),
});
export type SendingStatus = z.infer<typeof SendingStatus>;
