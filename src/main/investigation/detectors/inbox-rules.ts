import type { Finding } from '../../../shared/domain/investigation.ts';
import { isExternal, str, type EvidenceSet, type Rec } from '../evidence-set.ts';
import type { Detector } from './detector.ts';

/** A rule as both Graph (messageRule) and Exchange (Get-InboxRule) describe it. */
interface Rule {
  rec: Rec;
  name: string;
  enabled: boolean;
  forwardsTo: string[];
  deletes: boolean;
  marksRead: boolean;
  moveTo: string;
  hidden: boolean;
}

export const HIDING_FOLDERS = /rss|notes|archive|conversation history|junk|deleted items|rssfeeds/i;
/** Words attackers filter on: bounces, replies about the spam, security warnings, payments. */
export const ATTACKER_WORDS =
  /invoice|payment|wire|bank|deliver|undeliver|returned|bounce|failure|mailer-daemon|postmaster|spam|phish|hack|compromis|security|password|alert|virus|suspicious/i;
const SYSTEM_RULES = /^(junk e-mail rule|microsoft\.exchange\.oof\..*|delegate rule.*)$/i;

function addresses(value: unknown): string[] {
  if (!value) return [];
  const list = Array.isArray(value) ? value : [value];
  return list
    .map((v) => {
      if (typeof v === 'string') return /\[SMTP:([^\]]+)\]/i.exec(v)?.[1] ?? v;
      const email = (v as { emailAddress?: { address?: string } }).emailAddress?.address;
      return email ?? '';
    })
    .filter(Boolean);
}

function fromGraph(rec: Rec): Rule {
  const a = (rec.body.actions ?? {}) as Record<string, unknown>;
  return {
    rec,
    name: str(rec.body.displayName),
    enabled: rec.body.isEnabled !== false,
    forwardsTo: [...addresses(a.forwardTo), ...addresses(a.forwardAsAttachmentTo), ...addresses(a.redirectTo)],
    deletes: a.delete === true || a.permanentDelete === true,
    marksRead: a.markAsRead === true,
    moveTo: str(a.moveToFolder),
    hidden: false,
  };
}

function fromExchange(rec: Rec, hidden: boolean): Rule {
  const b = rec.body;
  return {
    rec,
    name: str(b.Name),
    enabled: b.Enabled !== false,
    forwardsTo: [...addresses(b.ForwardTo), ...addresses(b.ForwardAsAttachmentTo), ...addresses(b.RedirectTo)],
    deletes: b.DeleteMessage === true,
    marksRead: b.MarkAsRead === true,
    moveTo: str(b.MoveToFolder),
    hidden,
  };
}

/** Graph's rules plus the rules only Exchange shows (hidden ones), without listing a rule twice. */
export function allRules(set: EvidenceSet): Rule[] {
  const graph = set.records.inboxRules.map(fromGraph);
  const graphIds = new Set(set.records.inboxRules.map((r) => str(r.body.id)));
  const graphNames = new Set(graph.map((r) => r.name));
  const exchangeOnly = set.records.mailboxRules.filter((r) => {
    const identity = str(r.body.Identity);
    const ruleId = identity.slice(identity.lastIndexOf('\\') + 1);
    return !graphIds.has(ruleId) && !graphNames.has(str(r.body.Name)) && !SYSTEM_RULES.test(str(r.body.Name));
  });
  return [...graph, ...exchangeOnly.map((r) => fromExchange(r, true))];
}

/** Names attackers choose so nobody reads them: ".", "..", "a", "xxx", only punctuation. */
export function meaningless(name: string): boolean {
  const trimmed = name.trim();
  return trimmed.length <= 2 || /^[\W_]+$/.test(trimmed) || /^(.)\1+$/i.test(trimmed);
}

const label = (rule: Rule) => `“${rule.name}”${rule.hidden ? ' (hidden: only Exchange shows it)' : ''}`;

export const externalForwardRule: Detector = {
  id: 'inbox-rule-external-forward',
  detect(set) {
    return allRules(set)
      .filter((rule) => rule.enabled && rule.forwardsTo.some((a) => isExternal(a, set.verifiedDomains)))
      .map<Finding>((rule) => ({
        detector: this.id,
        severity: 'high',
        weight: 'strong',
        title: `Inbox rule ${label(rule)} forwards mail outside the organisation`,
        explanation: `The rule sends mail to ${rule.forwardsTo.filter((a) => isExternal(a, set.verifiedDomains)).join(', ')}, which is not one of the tenant's verified domains. Attackers use such rules to keep reading the victim's mail.`,
        evidenceIds: [rule.rec.id],
        at: null,
      }));
  },
};

/**
 * Rules that hide mail (delete, mark read, file away) AND look like an attacker's: a meaningless name, a
 * filter on bounce or warning words, or hidden from Outlook. Ordinary filing rules do not fire.
 */
export const hidingRule: Detector = {
  id: 'inbox-rule-hides-mail',
  detect(set) {
    return allRules(set)
      .filter((rule) => rule.enabled && (rule.deletes || rule.marksRead || HIDING_FOLDERS.test(rule.moveTo)))
      .filter(
        (rule) =>
          rule.hidden ||
          meaningless(rule.name) ||
          ATTACKER_WORDS.test(JSON.stringify(rule.rec.body.conditions ?? rule.rec.body)),
      )
      .map<Finding>((rule) => {
        const what = [
          rule.deletes && 'deletes',
          rule.marksRead && 'marks as read',
          HIDING_FOLDERS.test(rule.moveTo) && `moves to ${rule.moveTo.split(/[\\:]/).at(-1)}`,
        ]
          .filter(Boolean)
          .join(', ');
        return {
          detector: this.id,
          severity: 'medium',
          weight: 'moderate',
          title: `Inbox rule ${label(rule)} hides incoming mail`,
          explanation: `The rule ${what} matching messages. Attackers hide bounces, replies and warnings this way while they send spam from the mailbox.`,
          evidenceIds: [rule.rec.id],
          at: null,
        };
      });
  },
};

export const meaninglessRuleName: Detector = {
  id: 'inbox-rule-meaningless-name',
  detect(set) {
    return allRules(set)
      .filter((rule) => meaningless(rule.name))
      .map<Finding>((rule) => ({
        detector: this.id,
        severity: 'medium',
        weight: 'moderate',
        title: `Inbox rule with a meaningless name: ${label(rule)}`,
        explanation:
          'People name their rules after what they do; names like ".", ".." or "a" are a common sign of a rule made by an attacker.',
        evidenceIds: [rule.rec.id],
        at: null,
      }));
  },
};

export const hiddenRule: Detector = {
  id: 'inbox-rule-hidden',
  detect(set) {
    return allRules(set)
      .filter(
        (rule) =>
          rule.hidden &&
          (rule.deletes || rule.forwardsTo.length > 0 || rule.marksRead || HIDING_FOLDERS.test(rule.moveTo)),
      )
      .map<Finding>((rule) => ({
        detector: this.id,
        severity: 'high',
        weight: 'strong',
        title: `Hidden inbox rule ${label(rule)}`,
        explanation:
          'This rule does not appear in Outlook or Graph, only in Exchange with -IncludeHidden, and it forwards, deletes or hides mail. Hidden rules are made through MAPI tools to survive a casual check.',
        evidenceIds: [rule.rec.id],
        at: null,
      }));
  },
};
