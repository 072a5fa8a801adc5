import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DETECTORS, FOLLOW_UP_DETECTORS } from '../../src/main/investigation/detectors/index.ts';
import { allCases } from './cases.ts';
import { DETECTOR_SOURCES } from './detector-sources.ts';
import { evaluate, rates, tally, type Evaluation } from './evaluate.ts';
import { disagreementKey, FLOORS, IMPORTED, KNOWN_DISAGREEMENTS, KNOWN_STRAYS } from './known.ts';
import { pantherRecords, PANTHER_COVERED, PANTHER_UNCOVERED } from './sets/panther.ts';
import { evaluationMarkdown, normaliseMarkdown, section } from './table.ts';

// The detectors against public labelled records (Panther, OTRF, Microsoft's Graph examples), through the
// real importers and detect(). The floors and explanations in known.ts are measured answers written by hand.

let evaluation: Evaluation;
beforeAll(async () => {
  evaluation = await evaluate(allCases());
  console.log(evaluationMarkdown(evaluation));
}, 120_000);

describe('evaluation on public labelled records', () => {
  it('reads every record through the importers, without a problem', () => {
    for (const [set, expected] of Object.entries(IMPORTED)) {
      const of = evaluation.imports.filter((i) => i.set === set);
      expect({
        set,
        rows: of.reduce((n, i) => n + i.rows, 0),
        imported: of.reduce((n, i) => n + i.imported, 0),
      }).toEqual({ set, ...expected });
    }
    expect(evaluation.imports.flatMap((i) => i.problems)).toEqual([]);
    expect(evaluation.outcomes.filter((o) => o.missing).map((o) => `${o.case}: ${o.record}`)).toEqual([]);
  });

  it.each(Object.keys(FLOORS))('%s: every detector at or above its floor', (set) => {
    const counts = tally(evaluation.outcomes).filter((c) => c.set === set);
    expect(counts.map((c) => c.detector).sort()).toEqual(Object.keys(FLOORS[set]!).sort());
    for (const c of counts) {
      const floor = FLOORS[set]![c.detector]!;
      const { precision, recall } = rates(c);
      const where = `${set} ${c.detector}`;
      expect({ where, positives: c.tp + c.fn, negatives: c.fp + c.tn }).toEqual({
        where,
        positives: floor.positives,
        negatives: floor.negatives,
      });
      if (floor.precision === null) expect({ where, fp: c.fp }).toEqual({ where, fp: 0 });
      else expect(precision, where).toBeGreaterThanOrEqual(floor.precision);
      if (floor.recall !== null) expect(recall, where).toBeGreaterThanOrEqual(floor.recall);
    }
  });

  it('disagrees with a label only where known.ts explains why', () => {
    const unexplained = evaluation.outcomes
      .filter((o) => o.expected !== o.flagged && !KNOWN_DISAGREEMENTS.has(disagreementKey(o.set, o.record, o.detector)))
      .map((o) => ({ ...o }));
    expect(unexplained).toEqual([]);
  });

  it('raises moderate or strong findings on unlabelled records only where known.ts explains why', () => {
    expect(evaluation.strays.filter((s) => !KNOWN_STRAYS.has(disagreementKey(s.set, s.case, s.detector)))).toEqual([]);
  });

  it('scores the consent in the OTRF attack and the forwarding Panther labels, not only misses', () => {
    // Guards the harness itself: a label that never matched its record would score as a quiet miss.
    const flagged = evaluation.outcomes.filter((o) => o.flagged && o.expected).map((o) => `${o.detector}: ${o.record}`);
    expect(flagged).toContain(
      'oauth-consent-audit: AuditLogs: Add delegated permission grant (User.Read Mail.ReadWrite)',
    );
    expect(flagged).toContain(
      'mailbox-forwarding: Microsoft365.Exchange.External.Forwarding: Similar Domain Forwarding (External)',
    );
  });

  it('knows the sources of every detector in the engine', () => {
    expect(Object.keys(DETECTOR_SOURCES).sort()).toEqual(
      [...DETECTORS, ...FOLLOW_UP_DETECTORS].map((d) => d.id).sort(),
    );
  });

  it('maps all 71 Panther records: every rule covered or said to be uncovered, never both', () => {
    const records = pantherRecords();
    expect(records).toHaveLength(71);
    const rules = [...new Set(records.map((r) => r.rule_id))].sort();
    expect([...Object.keys(PANTHER_COVERED), ...Object.keys(PANTHER_UNCOVERED)].sort()).toEqual(rules);
    const ids = new Set(Object.keys(DETECTOR_SOURCES));
    expect(
      Object.values(PANTHER_COVERED)
        .flatMap((m) => m.map((x) => x.detector))
        .filter((d) => !ids.has(d)),
    ).toEqual([]);
  });

  it('docs/detectors.md shows the table as measured (npm run eval -- --write)', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'detectors.md'), 'utf8');
    const shown = section(doc);
    expect(shown).not.toBeNull();
    expect(normaliseMarkdown(shown!)).toEqual(normaliseMarkdown(evaluationMarkdown(evaluation)));
  });
});
