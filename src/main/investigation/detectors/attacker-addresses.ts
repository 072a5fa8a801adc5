import { at, periodName, str, suspiciousFrom, type Rec } from '../evidence-set.ts';
import { ipOf } from '../../network/ip-address.ts';
import type { DetectorFinding, FollowUpDetector } from './detector.ts';

/** Mailbox operations that show someone reading, sending or sharing: what the attacker did with access. */
const MAIL_USE =
  /^(Send|SendAs|SendOnBehalf|MailItemsAccessed|MailboxLogin|AnonymousLinkCreated|SharingSet|SharingInvitationCreated|FileDownloaded|SearchQueryInitiatedExchange)$/i;

function addressOf(rec: Rec): string {
  const data = (rec.body.auditData ?? {}) as { ClientIP?: unknown; ClientIPAddress?: unknown };
  return ipOf(rec.body.clientIp) || ipOf(data.ClientIP) || ipOf(data.ClientIPAddress) || ipOf(rec.body.ipAddress);
}

function operationsText(recs: Rec[]): string {
  const counts = new Map<string, number>();
  for (const r of recs) counts.set(str(r.body.operation), (counts.get(str(r.body.operation)) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([op, n]) => `${op} ×${n}`)
    .join(', ');
}

/**
 * The user's mailbox read, sent from or shared from an address another finding tied to the attacker:
 * it shows the access was used. Anonymous sharing links from there are named on their own.
 */
export const mailUseFromSuspectAddress: FollowUpDetector = {
  id: 'mail-use-suspect-address',
  detect(set, suspects) {
    if (suspects.size === 0) return [];
    const from = suspiciousFrom(set);
    const byAddress = new Map<string, Rec[]>();
    for (const rec of set.records.auditLog) {
      if (!MAIL_USE.test(str(rec.body.operation)) || at(rec.body.createdDateTime) < from) continue;
      const ip = addressOf(rec);
      if (ip && suspects.has(ip)) byAddress.set(ip, [...(byAddress.get(ip) ?? []), rec]);
    }
    return [...byAddress.entries()].map<DetectorFinding>(([ip, recs]) => {
      const shared = recs.filter((r) =>
        /^(AnonymousLinkCreated|SharingSet|SharingInvitationCreated)$/i.test(str(r.body.operation)),
      );
      return {
        detector: this.id,
        severity: 'high',
        weight: 'moderate',
        title: `Mailbox used from ${ip}: ${operationsText(recs)}`,
        explanation: `The address ${ip} is tied to the attack by “${suspects.get(ip)!.title}”. From it, in ${periodName(set)}, the mailbox was ${shared.length > 0 ? `shared by anonymous or external links (${shared.length}) and ` : ''}read or sent from (${recs.length} audit records). List what was read and sent for the data-breach assessment.`,
        evidenceIds: recs.slice(0, 200).map((r) => r.id),
        at: str(recs[0]!.body.createdDateTime) || null,
        seed: suspects.get(ip)!.detector,
      };
    });
  },
};

/**
 * Other accounts active from the attacker's addresses: the same actor may hold them too. Context for this
 * case (it does not make this user more or less compromised), high severity for the tenant.
 */
export const sharedAttackerAddress: FollowUpDetector = {
  id: 'attacker-address-other-accounts',
  detect(set, suspects) {
    const people = set.others?.people ?? {};
    const records = [...(people.signIns ?? []), ...(people.auditLog ?? [])];
    if (suspects.size === 0 || records.length === 0) return [];
    const accounts = new Map<string, { ip: string; recs: Rec[] }>();
    for (const rec of records) {
      const ip = addressOf(rec);
      if (!ip || !suspects.has(ip)) continue;
      const data = (rec.body.auditData ?? {}) as { UserId?: unknown };
      const who = (str(rec.body.userPrincipalName) || str(data.UserId) || str(rec.body.userId)).toLowerCase();
      if (!who) continue;
      const entry = accounts.get(who) ?? { ip, recs: [] };
      entry.recs.push(rec);
      accounts.set(who, entry);
    }
    return [...accounts.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map<DetectorFinding>(([who, { ip, recs }]) => ({
        detector: this.id,
        severity: 'high',
        weight: 'context',
        title: `Also used by ${who} from ${ip}`,
        explanation: `${who} was active from ${ip} (${recs.length} record(s)), an address tied to this attack by “${suspects.get(ip)!.title}”. Open a case for that account too: the same attacker may hold it.`,
        evidenceIds: recs.slice(0, 50).map((r) => r.id),
        at: str(recs[0]!.body.createdDateTime) || null,
        seed: suspects.get(ip)!.detector,
      }));
  },
};
