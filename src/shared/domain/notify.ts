import { z } from 'zod';
import { CaseId } from './identifiers.ts';

/** One recipient of the spam, from message trace: who, inside or outside, how many messages, when. */
export const Recipient = z.object({
  address: z.string(),
  domain: z.string(),
  internal: z.boolean(),
  messages: z.number().int(),
  first: z.string(),
  last: z.string(),
  subjects: z.array(z.string()),
});
export type Recipient = z.infer<typeof Recipient>;

export const RecipientList = z.object({
  /** The spam window: from the outbound burst's start (or a day before the block) to an hour after it. */
  from: z.string().nullable(),
  to: z.string().nullable(),
  messages: z.number().int(),
  internal: z.number().int(),
  external: z.number().int(),
  /** Sorted: internal first (they can be told today), then by messages received. */
  recipients: z.array(Recipient),
  /** The notification text, filled in, in the language asked for. */
  template: z.object({ subject: z.string(), body: z.string() }),
});
export type RecipientList = z.infer<typeof RecipientList>;

export const RecipientsInput = z
  .object({
    caseId: CaseId,
    language: z.enum(['en', 'da']).default('en'),
    limit: z.number().int().min(1).max(5000).default(500),
  })
  .strict();
