import { at, auditParameters, isExternal, periodName, str, suspiciousFrom } from '../evidence-set.ts';
import { ipOf } from '../../network/ip-address.ts';
import type { Detector, DetectorFinding, FollowUpDetector } from './detector.ts';

export const externalMailboxForwarding: Detector = {
  id: 'mailbox-forwarding',
  detect(set) {
    // Also from the audit log: Set-Mailbox that set forwarding (the only trace once it is removed, and
    // what an import of a Purview export shows).
    const fromAudit = set.records.auditLog
      .filter((r) => /^Set-Mailbox$/i.test(str(r.body.operation)))
      .flatMap<DetectorFinding>((r) => {
        const target = (auditParameters(r).forwardingsmtpaddress ?? '').replace(/^smtp:/i, '');
        if (!target) return [];
        const external = isExternal(target, set.verifiedDomains);
        const ip = ipOf(r.body.clientIp);
        return [
          {
            detector: this.id,
            severity: external ? 'high' : 'medium',
            weight: external ? 'strong' : 'moderate',
            title: `Set-Mailbox forwarded all mail to ${target} (from ${ip || 'an unknown address'})`,
            explanation: `The audit log records mailbox-level forwarding being set${external ? ' to an address outside the organisation' : ''}. It is invisible in Outlook and Graph.`,
            evidenceIds: [r.id],
            at: str(r.body.createdDateTime) || null,
            addresses: ip ? [ip] : [],
          },
        ];
      });
    return [
      ...fromAudit,
      ...set.records.mailboxForwarding.flatMap<DetectorFinding>((rec) => {
        const smtp = str(rec.body.ForwardingSmtpAddress).replace(/^smtp:/i, '');
        const internal = str(rec.body.ForwardingAddress);
        const keepCopy = rec.body.DeliverToMailboxAndForward === true;
        const out: DetectorFinding[] = [];
        if (smtp) {
          const external = isExternal(smtp, set.verifiedDomains);
          out.push({
            detector: this.id,
            severity: external ? 'high' : 'medium',
            weight: external ? 'strong' : 'moderate',
            title: `Mailbox forwards all mail to ${smtp}`,
            explanation: `Mailbox-level forwarding (ForwardingSmtpAddress) ${external ? 'to an address outside the organisation' : 'to another address'}${keepCopy ? ', keeping a copy so the user notices nothing' : ''}. It is set on the mailbox, not as a rule, so Outlook and Graph do not show it.`,
            evidenceIds: [rec.id],
            at: null,
          });
        }
        if (internal) {
          out.push({
            detector: this.id,
            severity: 'medium',
            weight: 'moderate',
            title: `Mailbox forwards all mail to ${internal}`,
            explanation:
              'Mailbox-level forwarding (ForwardingAddress) to another recipient in the organisation. Check that the user or an administrator set it on purpose.',
            evidenceIds: [rec.id],
            at: null,
          });
        }
        return out;
      }),
    ];
  },
};

const SELF = /^(nt authority\\self|s-1-5-10)$/i;

const PERMISSION_OPERATIONS =
  /^(Add-MailboxPermission|Add-RecipientPermission|Add-MailboxFolderPermission|Set-MailboxFolderPermission)$/i;

export const delegates: Detector = {
  id: 'mailbox-delegate',
  detect(set) {
    const from = suspiciousFrom(set);
    const addedRecently = set.records.auditLog.filter(
      (r) => PERMISSION_OPERATIONS.test(str(r.body.operation)) && at(r.body.createdDateTime) >= from,
    );
    const rows = [
      ...set.records.mailboxPermissions
        .filter((r) => !SELF.test(str(r.body.User)) && r.body.IsInherited !== true && r.body.Deny !== true)
        .map((r) => ({
          rec: r,
          who: str(r.body.User),
          rights: (r.body.AccessRights as string[] | undefined)?.join(', ') ?? '',
        })),
      ...set.records.recipientPermissions
        .filter((r) => !SELF.test(str(r.body.Trustee)))
        .map((r) => ({ rec: r, who: str(r.body.Trustee), rights: 'SendAs' })),
    ];
    const explained = new Set<number>();
    const current = rows.map<DetectorFinding>(({ rec, who, rights }) => {
      const audit = addedRecently.filter((r) => JSON.stringify(r.body).toLowerCase().includes(who.toLowerCase()));
      for (const a of audit) explained.add(a.id);
      return {
        detector: this.id,
        severity: audit.length > 0 ? 'high' : 'medium',
        weight: 'moderate',
        title: `${who} has ${rights} on the mailbox`,
        explanation: `A delegate can read or send as the mailbox; attackers add one to keep access after a password reset.${audit.length > 0 ? ` The audit log shows it was added in ${periodName(set)}.` : ' Confirm the delegation is expected.'}`,
        evidenceIds: [rec.id, ...audit.map((a) => a.id)],
        at: audit[0] ? str(audit[0].body.createdDateTime) : null,
        addresses: [...new Set(audit.map((a) => ipOf(a.body.clientIp)).filter(Boolean))],
      };
    });
    // Grants the audit log records but no snapshot shows (an import, or removed since): still a finding.
    const fromAudit = addedRecently
      .filter((r) => !explained.has(r.id))
      .map<DetectorFinding>((r) => {
        const p = auditParameters(r);
        const who = p.user || p.trustee || 'someone';
        const rights = p.accessrights || (/Recipient/i.test(str(r.body.operation)) ? 'SendAs' : 'permissions');
        const ip = ipOf(r.body.clientIp);
        return {
          detector: this.id,
          severity: 'high',
          weight: 'moderate',
          title: `${str(r.body.operation)} gave ${who} ${rights}${ip ? ` (from ${ip})` : ''}`,
          explanation: `The audit log records a mailbox permission being granted in ${periodName(set)}. Attackers add a delegate to keep access after a password reset; confirm it is expected and that it was removed.`,
          evidenceIds: [r.id],
          at: str(r.body.createdDateTime) || null,
          addresses: ip ? [ip] : [],
        };
      });
    return [...current, ...fromAudit];
  },
};

const TAMPERING = /^(Set-MailboxAuditBypassAssociation|Set-AdminAuditLogConfig|Remove-MailboxAuditLogSearch)$/i;

/**
 * Turning auditing off or bypassing it, counted against the user only when the user did it, or when it
 * came from an address the first pass tied to the attacker, inside the period under suspicion. The
 * service's own configuration (SYSTEM at tenant setup) never reaches here: it is scoped away as system.
 * Someone else doing it, or it happening long before, is context for the analyst.
 */
export const auditTampering: FollowUpDetector = {
  id: 'audit-tampering',
  detect(set, suspects) {
    const from = suspiciousFrom(set);
    const upn = set.upn.toLowerCase();
    return set.records.auditLog
      .filter((r) => {
        const op = str(r.body.operation);
        if (TAMPERING.test(op)) return true;
        return /^Set-Mailbox$/i.test(op) && auditParameters(r).auditenabled?.toLowerCase() === 'false';
      })
      .map<DetectorFinding>((r) => {
        const ip = ipOf(r.body.clientIp);
        const actor = (
          str(r.body.userPrincipalName) || str((r.body.auditData as { UserId?: unknown } | undefined)?.UserId)
        ).toLowerCase();
        const byUser = actor === upn || (set.userId !== null && actor === set.userId.toLowerCase());
        const suspect = ip ? suspects.get(ip) : undefined;
        const inPeriod = at(r.body.createdDateTime) >= from;
        const counts = inPeriod && (byUser || suspect !== undefined);
        return {
          detector: this.id,
          severity: counts ? 'high' : 'medium',
          weight: counts ? 'strong' : 'context',
          title: `Audit logging ${counts ? 'tampered with' : 'changed'}: ${str(r.body.operation)}${actor ? ` by ${actor}` : ''}${ip ? ` from ${ip}` : ''}`,
          explanation: counts
            ? `Turning off or bypassing auditing hides what an attacker reads and sends; ${byUser ? 'the user did it' : `it came from ${ip}, the address of “${suspect!.title}”`}, in ${periodName(set)}.`
            : `An audit setting was changed${inPeriod ? '' : ' before the period under suspicion'}${byUser ? '' : ' by someone other than the user, from an address not tied to the attack'}. Check that it was an administrator's planned change.`,
          evidenceIds: [r.id],
          at: str(r.body.createdDateTime) || null,
          ...(suspect && !byUser ? { seed: suspect.detector } : {}),
        };
      });
  },
};
