import { dateShape, type DateOrder } from './export-time.ts';
import { quoted } from './quoted.ts';

const NAMES: Record<DateOrder, string> = { dmy: 'day-first', mdy: 'month-first' };

/** The first line where a value showed each shape, and that value, for the decision and its reason. */
interface Witness {
  line: number;
  value: string;
}

/**
 * Decides a file's day/month order once, from every time its rows hold: a value like 13/04 can only be
 * day-first, 04/13 only month-first. A file where every such date reads both ways, or where the rows
 * disagree, is refused with the flag that settles it, rather than guessed row by row.
 */
export class DateOrderVote {
  private readonly seen: Partial<Record<'dmy' | 'mdy' | 'ambiguous', Witness>> = {};

  add(raw: string, line: number): void {
    const shape = dateShape(raw);
    if (shape === 'dmy' || shape === 'mdy' || shape === 'ambiguous') this.seen[shape] ??= { line, value: raw.trim() };
  }

  /** The order to read the file with, or why it cannot be chosen. `chosen` is the user's --date-order. */
  decide(chosen: DateOrder | undefined): { ok: true; order: DateOrder; note?: string } | { ok: false; reason: string } {
    const { dmy, mdy, ambiguous } = this.seen;
    const show = (w: Witness) => `line ${w.line}: ${quoted(w.value, 40)}`;
    if (chosen)
      return {
        ok: true,
        order: chosen,
        note: dmy || mdy || ambiguous ? `dates read ${NAMES[chosen]}, as chosen with --date-order` : undefined,
      };
    if (dmy && mdy)
      return {
        ok: false,
        reason: `its dates are written both day-first (${show(dmy)}) and month-first (${show(mdy)}); choose one with --date-order dmy or --date-order mdy, and the rows that do not fit it are reported`,
      };
    if (dmy) return { ok: true, order: 'dmy', note: `dates read ${NAMES.dmy} for the whole file (${show(dmy)})` };
    if (mdy) return { ok: true, order: 'mdy', note: `dates read ${NAMES.mdy} for the whole file (${show(mdy)})` };
    if (ambiguous)
      return {
        ok: false,
        reason: `every date in it reads both day-first and month-first (${show(ambiguous)}); choose with --date-order dmy (day first) or --date-order mdy (month first)`,
      };
    return { ok: true, order: 'mdy' };
  }
}
