import type { Finding } from '../../../shared/domain/investigation.ts';
import { at, isExternal, str } from '../evidence-set.ts';
import type { Detector } from './detector.ts';

const HOUR = 3_600_000;

/**
 * Outbound volume against the user's own baseline: the busiest hour compared with the median of the
 * user's active hours, the share sent outside, and one subject repeated. It explains the block; on its
 * own it does not say whether the account was compromised (newsletters trip it too).
 */
export const outboundBurst: Detector = {
  id: 'outbound-burst',
  detect(set) {
    const sent = set.records.messageTrace.length > 0 ? set.records.messageTrace : set.records.sentItems;
    const rows = sent
      .map((r) => ({
        rec: r,
        t: at(r.body.receivedDateTime ?? r.body.sentDateTime),
        to:
          str(r.body.recipientAddress) ||
          str(
            (r.body.toRecipients as Array<{ emailAddress?: { address?: string } }> | undefined)?.[0]?.emailAddress
              ?.address,
          ),
        subject: str(r.body.subject),
      }))
      .filter((r) => !Number.isNaN(r.t));
    if (rows.length < 100) return [];
    const perHour = new Map<number, typeof rows>();
    for (const r of rows) {
      const h = Math.floor(r.t / HOUR);
      let list = perHour.get(h);
      if (!list) perHour.set(h, (list = []));
      list.push(r);
    }
    const counts = [...perHour.values()].map((v) => v.length).sort((a, b) => a - b);
    const median = counts[Math.floor(counts.length / 2)] ?? 0;
    const [peakHour, peak] = [...perHour.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
    if (peak.length < 100 || peak.length < 10 * Math.max(median, 1)) return [];
    // The burst: consecutive hours well above the baseline around the peak.
    const burst: typeof rows = [];
    for (let h = peakHour; perHour.get(h) && perHour.get(h)!.length >= 5 * Math.max(median, 1); h--)
      burst.push(...perHour.get(h)!);
    for (let h = peakHour + 1; perHour.get(h) && perHour.get(h)!.length >= 5 * Math.max(median, 1); h++)
      burst.push(...perHour.get(h)!);
    const external = burst.filter((r) => isExternal(r.to, set.verifiedDomains)).length;
    const subjects = new Map<string, number>();
    for (const r of burst) subjects.set(r.subject, (subjects.get(r.subject) ?? 0) + 1);
    const [topSubject, topCount] = [...subjects.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    const start = burst.reduce((min, r) => Math.min(min, r.t), Infinity);
    const end = burst.reduce((max, r) => Math.max(max, r.t), -Infinity);
    return [
      {
        detector: this.id,
        severity: 'high',
        weight: 'context',
        title: `Outbound burst: ${burst.length} messages in ${Math.max(1, Math.round((end - start) / HOUR))} h (usual: ${median} per active hour)`,
        explanation: `Peak ${peak.length} messages in one hour. ${Math.round((100 * external) / burst.length)}% went outside the organisation; ${Math.round((100 * topCount) / burst.length)}% had the subject “${topSubject}”. This is what tripped the outbound spam limit; whether the account was compromised depends on the other findings.`,
        // The first and last few messages stand for the burst; the timeline has them all.
        evidenceIds: [...burst.slice(0, 5), ...burst.slice(-5)].map((r) => r.rec.id),
        at: new Date(start).toISOString(),
      },
    ] satisfies Finding[];
  },
};
