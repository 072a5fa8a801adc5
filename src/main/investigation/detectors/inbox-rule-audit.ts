import { at, isExternal, periodName, str, suspiciousFrom, type EvidenceSet, type Rec } from '../evidence-set.ts';
import { ipOf } from '../../network/ip-address.ts';
import type { Detector, DetectorFinding } from './detector.ts';
import { ATTACKER_WORDS, HIDING_FOLDERS, meaningless } from './inbox-rules.ts';

const RULE_OPERATIONS = /^(New-InboxRule|Set-InboxRule|UpdateInboxRules)$/i;

/** A rule as the audit log records its making: cmdlet parameters, or Outlook's OperationProperties. */
interface AuditedRule {
  rec: Rec;
  t: number;
  ip: string;
  operation: string;
  name: string;
  forwardsTo: string[];
  deletes: boolean;
  marksRead: boolean;
  stops: boolean;
  moveTo: string;
  /** Condition text (words, senders) as written: for the attacker-word test. */
  conditions: string;
}

type Pair = { Name?: unknown; Value?: unknown };

function pairs(value: unknown): Pair[] {
  if (Array.isArray(value)) return value as Pair[];
  if (typeof value === 'string') {
    // Log Analytics' OfficeActivity and some collectors keep Parameters as a JSON string.
    try {
      const parsed = JSON.parse(value) as unknown;
      return Array.isArray(parsed) ? (parsed as Pair[]) : [];
    } catch {
      return [];
    }
  }
  return [];
}

const yes = (v: string | undefined) => /^(true|1|yes)$/i.test((v ?? '').trim());

function readRule(rec: Rec): AuditedRule {
  const data = (rec.body.auditData ?? {}) as Record<string, unknown>;
  const params = new Map<string, string>();
  for (const p of [...pairs(data.Parameters), ...pairs(data.OperationProperties)])
    params.set(str(p.Name).toLowerCase(), typeof p.Value === 'string' ? p.Value : JSON.stringify(p.Value ?? ''));
  const actions = params.get('ruleactions') ?? ''; // UpdateInboxRules (Outlook): the actions as text
  const forwardsTo = ['forwardto', 'redirectto', 'forwardasattachmentto']
    .map((k) => params.get(k) ?? '')
    .join(';')
    .split(/[;,]/)
    .map((a) => a.replace(/^smtp:/i, '').trim())
    .filter(Boolean);
  const conditionKeys = [...params.keys()].filter((k) =>
    /contains|from|sentto|subject|body|header|rulecondition/i.test(k),
  );
  return {
    rec,
    t: at(rec.body.createdDateTime),
    ip: ipOf(rec.body.clientIp) || ipOf(data.ClientIP) || ipOf(data.ClientIPAddress),
    operation: str(rec.body.operation),
    name: params.get('name') ?? params.get('rulename') ?? '',
    forwardsTo,
    deletes: yes(params.get('deletemessage')) || /"?ActionType"?\s*:\s*"?(Delete|PermanentDelete)/i.test(actions),
    marksRead: yes(params.get('markasread')) || /MarkAsRead/i.test(actions),
    stops: yes(params.get('stopprocessingrules')) || /StopProcessingRules/i.test(actions),
    moveTo: params.get('movetofolder') ?? (/MoveToFolder/i.test(actions) ? actions : ''),
    conditions: conditionKeys.map((k) => params.get(k)).join(' '),
  };
}

function rulesInPeriod(set: EvidenceSet): AuditedRule[] {
  const from = suspiciousFrom(set);
  return set.records.auditLog
    .filter((r) => RULE_OPERATIONS.test(str(r.body.operation)))
    .map(readRule)
    .filter((r) => !Number.isNaN(r.t) && r.t >= from)
    .sort((a, b) => a.t - b.t || a.rec.id - b.rec.id);
}

/** What the rule does to hide mail, in words; '' when it hides nothing. */
function hides(rule: AuditedRule): string {
  const folder = HIDING_FOLDERS.exec(rule.moveTo)?.[0];
  return [rule.deletes && 'deletes', rule.marksRead && 'marks as read', folder && `moves to ${folder}`]
    .filter(Boolean)
    .join(', ');
}

/** Why the rule looks like an attacker's rather than the user's own filing. */
function tells(rule: AuditedRule): string[] {
  return [
    meaningless(rule.name) && `a meaningless name (“${rule.name}”)`,
    ATTACKER_WORDS.test(rule.conditions) && 'a filter on bounce, payment or security words',
    rule.stops && 'stop processing more rules',
  ].filter((t): t is string => typeof t === 'string');
}

/**
 * Rule changes in the audit log during the period under suspicion, read for what they do: forwarding
 * outside is strong; hiding mail (delete, mark read, move to RSS / Conversation History / Archive / Junk /
 * Deleted) together with an attacker's tell is moderate; anything else is context. An import holding only
 * the audit log can so reach a verdict: the rule may be gone from the mailbox, its making is not.
 */
export const ruleCreatedRecently: Detector = {
  id: 'inbox-rule-created-recently',
  detect(set) {
    return rulesInPeriod(set).map<DetectorFinding>((rule) => {
      const external = rule.forwardsTo.filter((t) => isExternal(t, set.verifiedDomains));
      const hidden = hides(rule);
      const signs = tells(rule);
      const where = rule.ip || 'an unknown address';
      const label = `${rule.operation}${rule.name ? ` “${rule.name}”` : ''} from ${where}`;
      if (external.length > 0)
        return {
          detector: this.id,
          severity: 'high',
          weight: 'strong',
          title: `${label} forwards mail outside the organisation`,
          explanation: `The audit log records a rule forwarding to ${external.join(', ')} (outside the organisation), made in ${periodName(set)}.`,
          evidenceIds: [rule.rec.id],
          at: new Date(rule.t).toISOString(),
          addresses: rule.ip ? [rule.ip] : [],
        };
      if (hidden && signs.length > 0)
        return {
          detector: this.id,
          severity: 'high',
          weight: 'moderate',
          title: `${label} hides incoming mail`,
          explanation: `The rule ${hidden}, with ${signs.join(' and ')}. Attackers make such rules to hide replies, bounces and warnings while they use the mailbox; people filing their mail rarely do all of this.`,
          evidenceIds: [rule.rec.id],
          at: new Date(rule.t).toISOString(),
          addresses: rule.ip ? [rule.ip] : [],
        };
      return {
        detector: this.id,
        severity: 'medium',
        weight: 'context',
        title: label,
        explanation: `An inbox rule was created or changed in ${periodName(set)}${hidden ? `; it ${hidden}` : ''}.`,
        evidenceIds: [rule.rec.id],
        at: new Date(rule.t).toISOString(),
      };
    });
  },
};

const BURST_WINDOW = 10 * 60_000;
const BURST_SIZE = 3;

/**
 * Many rules made within minutes from one address: a script, not a person at Outlook. With rules that
 * hide mail or carry meaningless names it is the common business-e-mail-compromise pattern (strong);
 * otherwise a bulk change worth a look (moderate).
 */
export const ruleBurst: Detector = {
  id: 'inbox-rule-burst',
  detect(set) {
    const byAddress = new Map<string, AuditedRule[]>();
    for (const rule of rulesInPeriod(set).filter((r) => !/^Set-InboxRule$/i.test(r.operation))) {
      const key = rule.ip || '(no address)';
      byAddress.set(key, [...(byAddress.get(key) ?? []), rule]);
    }
    const findings: DetectorFinding[] = [];
    for (const [address, rules] of byAddress) {
      // The largest run of rules no further apart than the window from first to last.
      let best: AuditedRule[] = [];
      for (let i = 0, j = 0; j < rules.length; j++) {
        while (rules[j]!.t - rules[i]!.t > BURST_WINDOW) i++;
        if (j - i + 1 > best.length) best = rules.slice(i, j + 1);
      }
      if (best.length < BURST_SIZE) continue;
      const suspicious = best.filter((r) => hides(r) || meaningless(r.name) || r.forwardsTo.length > 0);
      const minutes = Math.max(1, Math.round((best.at(-1)!.t - best[0]!.t) / 60_000));
      findings.push({
        detector: this.id,
        severity: 'high',
        weight: suspicious.length > 0 ? 'strong' : 'moderate',
        title: `${best.length} inbox rules made within ${minutes} min from ${address}`,
        explanation: `The audit log records ${best.length} rule creations from ${address} between ${new Date(best[0]!.t).toISOString()} and ${new Date(best.at(-1)!.t).toISOString()}: a script, not a person at Outlook.${suspicious.length > 0 ? ` ${suspicious.length} of them hide, delete or forward mail or have meaningless names.` : ''}`,
        evidenceIds: best.map((r) => r.rec.id),
        at: new Date(best[0]!.t).toISOString(),
        addresses: address.startsWith('(') ? [] : [address],
      });
    }
    return findings;
  },
};
