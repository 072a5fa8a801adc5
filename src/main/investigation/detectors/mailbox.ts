import type { Finding } from '../../../shared/domain/investigation.ts';
import { at, auditParameters, isExternal, str, suspiciousFrom } from '../evidence-set.ts';
import type { Detector } from './detector.ts';

export const externalMailboxForwarding: Detector = {
  id: 'mailbox-forwarding',
  detect(set) {
    // Also from the audit log: Set-Mailbox that set forwarding (the only trace once it is removed, and
    // what an import of a Purview export shows).
    const fromAudit = set.records.auditLog
      .filter((r) => /^Set-Mailbox$/i.test(str(r.body.operation)))
      .flatMap<Finding>((r) => {
        const target = (auditParameters(r).forwardingsmtpaddress ?? '').replace(/^smtp:/i, '');
        if (!target) return [];
        const external = isExternal(target, set.verifiedDomains);
        return [
          {
            detector: this.id,
            severity: external ? 'high' : 'medium',
            weight: external ? 'strong' : 'moderate',
            title: `Set-Mailbox forwarded all mail to ${target} (from ${str(r.body.clientIp).split(':')[0] || 'an unknown address'})`,
            explanation: `The audit log records mailbox-level forwarding being set${external ? ' to an address outside the organisation' : ''}. It is invisible in Outlook and Graph.`,
            evidenceIds: [r.id],
            at: str(r.body.createdDateTime) || null,
          },
        ];
      });
    return [
      ...fromAudit,
      ...set.records.mailboxForwarding.flatMap<Finding>((rec) => {
        const smtp = str(rec.body.ForwardingSmtpAddress).replace(/^smtp:/i, '');
        const internal = str(rec.body.ForwardingAddress);
        const keepCopy = rec.body.DeliverToMailboxAndForward === true;
        const out: Finding[] = [];
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

export const delegates: Detector = {
  id: 'mailbox-delegate',
  detect(set) {
    const from = suspiciousFrom(set);
    const addedRecently = set.records.auditLog.filter(
      (r) =>
        /^(Add-MailboxPermission|Add-RecipientPermission)$/i.test(str(r.body.operation)) &&
        at(r.body.createdDateTime) >= from,
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
    return rows.map<Finding>(({ rec, who, rights }) => {
      const audit = addedRecently.filter((r) => JSON.stringify(r.body).toLowerCase().includes(who.toLowerCase()));
      return {
        detector: this.id,
        severity: audit.length > 0 ? 'high' : 'medium',
        weight: 'moderate',
        title: `${who} has ${rights} on the mailbox`,
        explanation: `A delegate can read or send as the mailbox; attackers add one to keep access after a password reset.${audit.length > 0 ? ' The audit log shows it was added during the week before the block.' : ' Confirm the delegation is expected.'}`,
        evidenceIds: [rec.id, ...audit.map((a) => a.id)],
        at: audit[0] ? str(audit[0].body.createdDateTime) : null,
      };
    });
  },
};

const TAMPERING = /^(Set-MailboxAuditBypassAssociation|Set-AdminAuditLogConfig|Remove-MailboxAuditLogSearch)$/i;

export const auditTampering: Detector = {
  id: 'audit-tampering',
  detect(set) {
    return set.records.auditLog
      .filter((r) => {
        const op = str(r.body.operation);
        if (TAMPERING.test(op)) return true;
        return /^Set-Mailbox$/i.test(op) && auditParameters(r).auditenabled?.toLowerCase() === 'false';
      })
      .map<Finding>((r) => ({
        detector: this.id,
        severity: 'high',
        weight: 'strong',
        title: `Audit logging tampered with: ${str(r.body.operation)}`,
        explanation:
          'Turning off or bypassing mailbox auditing hides what an attacker reads and sends; legitimate administrators rarely do it.',
        evidenceIds: [r.id],
        at: str(r.body.createdDateTime) || null,
      }));
  },
};
