import type { ActionKind } from '../../shared/domain/remediation.ts';
import type { CaseFile } from '../store/case-file/case-file.ts';
import { methodTarget } from './actions.ts';

/**
 * Where an action's targets come from when the analyst has not picked them: the findings of one detector
 * and the target id each of its evidence rows names. Actions without an entry act on the user as a whole.
 */
export const PROPOSED_FROM: Partial<
  Record<ActionKind, { detector: string; target: (source: string, body: Record<string, unknown>) => string | null }>
> = {
  disableInboxRules: {
    detector: 'inbox-rule-',
    target: (source, b) => (source === 'inboxRules' && typeof b.id === 'string' ? b.id : null),
  },
  removeAuthMethods: {
    detector: 'mfa-method-added',
    target: (source, b) => (source === 'authMethods' ? methodTarget(b) : null),
  },
  removeDelegates: {
    detector: 'mailbox-delegate',
    target: (source, b) =>
      source === 'mailboxPermissions'
        ? `FullAccess|${String(b.User).toLowerCase()}`
        : source === 'recipientPermissions'
          ? `SendAs|${String(b.Trustee).toLowerCase()}`
          : null,
  },
  disableHiddenRules: {
    detector: 'inbox-rule-hidden',
    target: (source, b) => (source === 'mailboxRules' && typeof b.Identity === 'string' ? b.Identity : null),
  },
};

/**
 * The targets the latest detection calls for (ids from the evidence rows of the action's detector's
 * findings), or null for an action that does not propose from findings (it acts on the user as a whole).
 */
export function proposedTargets(file: CaseFile, kind: ActionKind): string[] | null {
  const proposal = PROPOSED_FROM[kind];
  if (!proposal) return null;
  const store = file.investigation;
  const ids = (store.latestDetection()?.findings ?? [])
    .filter((f) => f.detector.startsWith(proposal.detector))
    .flatMap((f) => f.evidenceIds);
  const rows = ids.length > 0 ? store.evidenceByIds([...new Set(ids)]) : [];
  return [
    ...new Set(
      rows
        .map((r) => proposal.target(r.source, JSON.parse(r.body) as Record<string, unknown>))
        .filter((id): id is string => id !== null),
    ),
  ];
}
