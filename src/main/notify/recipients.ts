import type { Recipient, RecipientList } from '../../shared/domain/notify.ts';
import { translate, type Language } from '../../shared/i18n/index.ts';
import type { CaseFile } from '../store/case-file/case-file.ts';
import { domainOf, isExternal } from '../investigation/evidence-set.ts';

const HOUR = 3_600_000;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

interface Row {
  recipientAddress?: unknown;
  senderAddress?: unknown;
  receivedDateTime?: unknown;
  subject?: unknown;
}

/** The spam window: from the outbound burst's start (else a day before the block) to an hour after the block. */
export function spamWindow(file: CaseFile): { from: number; to: number } | null {
  const burst = file.investigation.latestDetection()?.findings.find((f) => f.detector === 'outbound-burst' && f.at);
  const blocked = file.header.blockedAt ? Date.parse(file.header.blockedAt) : null;
  const from = burst?.at ? Date.parse(burst.at) : blocked !== null ? blocked - 24 * HOUR : null;
  if (from === null) return null;
  return { from, to: blocked !== null ? blocked + HOUR : from + 48 * HOUR };
}

/**
 * Everyone the user's account sent to during the spam window, from the message trace evidence in the case
 * (offline), grouped by address; inside means one of the tenant's verified domains (the user's own when
 * domains were not collected).
 */
function group(file: CaseFile): Map<string, Recipient> {
  const window = spamWindow(file);
  const upn = file.header.upn.toLowerCase();
  // Verified domains as the detectors read them (the collector stores `verifiedDomains` rows by name).
  const collected = [...file.investigation.evidence(['domains'])]
    .map((r) => text(r.body.name).toLowerCase())
    .filter(Boolean);
  const domains = collected.length > 0 ? collected : [upn.split('@')[1] ?? ''];
  const byAddress = new Map<string, Recipient>();
  if (!window) return byAddress;
  for (const { body } of file.investigation.evidence(['messageTrace'])) {
    const m = body as Row;
    const at = typeof m.receivedDateTime === 'string' ? Date.parse(m.receivedDateTime) : NaN;
    if (text(m.senderAddress).toLowerCase() !== upn || !(at >= window.from && at <= window.to)) continue;
    const address = text(m.recipientAddress).toLowerCase();
    if (!address) continue;
    const iso = new Date(at).toISOString();
    let r = byAddress.get(address);
    if (!r) {
      const domain = domainOf(address);
      r = {
        address,
        domain,
        internal: domain !== '' && !isExternal(address, domains),
        messages: 0,
        first: iso,
        last: iso,
        subjects: [],
      };
      byAddress.set(address, r);
    }
    r.messages++;
    if (iso < r.first) r.first = iso;
    if (iso > r.last) r.last = iso;
    const subject = typeof m.subject === 'string' ? m.subject : '';
    if (subject && r.subjects.length < 3 && !r.subjects.includes(subject)) r.subjects.push(subject);
  }
  return byAddress;
}

const order = (a: Recipient, b: Recipient) =>
  Number(b.internal) - Number(a.internal) || b.messages - a.messages || a.address.localeCompare(b.address);

/** The list for the UI and the CLI: counts over everyone, the first `limit` recipients, and the template. */
export function recipientList(file: CaseFile, language: Language, limit: number): RecipientList {
  const window = spamWindow(file);
  const all = [...group(file).values()].sort(order);
  const messages = all.reduce((n, r) => n + r.messages, 0);
  const subjects = [...new Set(all.flatMap((r) => r.subjects))].slice(0, 3);
  const when = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const params = {
    upn: file.header.upn,
    from: window ? when(window.from) : '',
    to: window ? when(window.to) : '',
    subjects: subjects.map((s) => `“${s}”`).join(', '),
  };
  return {
    from: window ? new Date(window.from).toISOString() : null,
    to: window ? new Date(window.to).toISOString() : null,
    messages,
    internal: all.filter((r) => r.internal).length,
    external: all.filter((r) => !r.internal).length,
    recipients: all.slice(0, limit),
    template: {
      subject: translate('notify.templateSubject', params, language),
      body: translate('notify.templateBody', params, language),
    },
  };
}

/** Every recipient as CSV (for a mail merge or the customer), in the list's order. */
export function* recipientsCsv(file: CaseFile, cell: (v: string | number) => string): Generator<string> {
  yield 'address,domain,internal,messages,first,last,subjects\r\n';
  for (const r of [...group(file).values()].sort(order))
    yield `${[r.address, r.domain, r.internal ? 'yes' : 'no', r.messages, r.first, r.last, r.subjects.join(' | ')].map(cell).join(',')}\r\n`;
}
