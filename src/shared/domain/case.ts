import { z } from 'zod';
import { CaseId, PastInstant, TenantRef, UserPrincipalName, Sha256Hex } from './identifiers.ts';

export const CaseStatus = z.enum(['open', 'closed']);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** What an analyst types to open a case for one blocked account. */
export const NewCaseInput = z
  .object({
    upn: UserPrincipalName,
    tenant: TenantRef,
    blockedAt: PastInstant.nullish().transform((v) => v ?? null),
  })
  .strict();
export type NewCaseInput = z.input<typeof NewCaseInput>;
export type NewCase = z.output<typeof NewCaseInput>;

/** Where the case log's chain stood the last time this machine wrote to it. */
export const LogHead = z.object({ seq: z.number().int().nonnegative(), hash: Sha256Hex });
export type LogHead = z.infer<typeof LogHead>;

export const CaseSummary = z.object({
  id: CaseId,
  upn: z.string(),
  tenant: z.string(),
  blockedAt: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  status: CaseStatus,
  head: LogHead,
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const CaseRef = z.object({ caseId: CaseId }).strict();
export type CaseRef = z.infer<typeof CaseRef>;

export const CaseListSort = z.enum(['createdAt', 'updatedAt', 'upn', 'tenant', 'blockedAt']);
export type CaseListSort = z.infer<typeof CaseListSort>;
