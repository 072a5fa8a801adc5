import { describe, expect, it } from 'vitest';
import { PassMeter, PROGRESS_INTERVAL_MS, type PassProgress } from '../../../src/main/import/progress-meter.ts';

/** A meter over a 1,000-byte file with a clock the test moves, and what it reported. */
function meter() {
  let now = 1_000_000;
  const seen: PassProgress[] = [];
  const m = new PassMeter(
    'import',
    1000,
    (p) => seen.push(p),
    () => now,
  );
  return { m, seen, advance: (ms: number) => (now += ms) };
}

describe('the progress meter', () => {
  it('reports the start, then at most once per interval, then the end', () => {
    const { m, seen, advance } = meter();
    m.start();
    for (let i = 0; i < 10_000; i++) m.row();
    expect(seen).toEqual([{ pass: 'import', bytesRead: 0, totalBytes: 1000, rows: 0, done: false }]);

    m.read.bytes = 400;
    advance(PROGRESS_INTERVAL_MS - 1);
    for (let i = 0; i < 64; i++) m.row();
    expect(seen).toHaveLength(1);
    advance(1);
    for (let i = 0; i < 64; i++) m.row();
    // The clock is read every 64th row: the 10,112th is the first to find the interval gone by.
    expect(seen.at(-1)).toEqual({ pass: 'import', bytesRead: 400, totalBytes: 1000, rows: 10_112, done: false });
    expect(seen).toHaveLength(2);

    m.read.bytes = 1000;
    m.finish();
    expect(seen.at(-1)).toEqual({ pass: 'import', bytesRead: 1000, totalBytes: 1000, rows: 10_128, done: true });
    expect(seen).toHaveLength(3);
  });

  it('never reports more than the size it was given (a file that grew), and survives a listener that throws', () => {
    const m = new PassMeter('layout', 10, () => {
      throw new Error('closed window');
    });
    m.read.bytes = 50;
    expect(() => {
      m.start();
      m.finish();
    }).not.toThrow();
    const seen: PassProgress[] = [];
    const n = new PassMeter('layout', 10, (p) => seen.push(p));
    n.read.bytes = 50;
    n.finish();
    expect(seen).toEqual([{ pass: 'layout', bytesRead: 10, totalBytes: 10, rows: 0, done: true }]);
  });
});
