import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding, SourceId, Verdict } from '../../src/shared/domain/investigation.ts';
import { importFiles } from '../../src/main/import/import-files.ts';
import { detect } from '../../src/main/investigation/detect.ts';
import { loadEvidenceSet } from '../../src/main/investigation/evidence-set.ts';
import { CaseFile } from '../../src/main/store/case-file/case-file.ts';
import { DETECTOR_SOURCES } from './detector-sources.ts';

/**
 * Scores Clearance's detectors against public labelled records, through the same path an analyst's export
 * takes: each case's files are written out in their native export layout, imported into a real case file by
 * the project's importers, loaded as detection loads them, and run through `detect()`. A label is about one
 * stored record and one detector: the detector flags the record when one of its findings, at least as heavy
 * as the label asks, cites that record's evidence row.
 */

export type Weight = Finding['weight'];
const RANK: Record<Weight, number> = { context: 0, moderate: 1, strong: 2 };

type Body = Record<string, unknown>;

export interface Label {
  /** The label's record, in words, for the disagreement list. */
  record: string;
  /** Which stored records it is about; every record of the case when absent. */
  match?: (body: Body, source: SourceId) => boolean;
  detector: string;
  expected: boolean;
  /** The lightest finding that counts as flagging: moderate (it counts toward the verdict) unless said. */
  flagAt?: Weight;
  /** Why the label maps to this detector, or why a disagreement is expected. */
  note?: string;
}

export interface LabelledCase {
  set: string;
  name: string;
  /** The case's user: whose evidence the records are, as `clearance import --user` would be told. */
  upn: string;
  blockedAt?: string | null;
  files: Array<{ name: string; text: string }>;
  labels: Label[];
  /** Records benign for every detector that reads their source (DETECTOR_SOURCES). */
  benign?: Array<{ record: string; match?: (body: Body, source: SourceId) => boolean }>;
  /** The verdict the set's label implies for the whole case, where it implies one. */
  verdict?: 'compromised' | 'not-compromised';
}

export interface Outcome {
  set: string;
  case: string;
  record: string;
  detector: string;
  expected: boolean;
  flagged: boolean;
  /** No stored record matched the label: the importer refused or dropped it. */
  missing: boolean;
  /** The detector's findings on the record (any weight), as evidence for the reader. */
  findings: string[];
  note?: string;
}

export interface Stray {
  set: string;
  case: string;
  detector: string;
  weight: Weight;
  title: string;
}

export interface ImportSummary {
  set: string;
  case: string;
  rows: number;
  imported: number;
  problems: string[];
}

export interface Evaluation {
  outcomes: Outcome[];
  /** Moderate or strong findings no label is about: not scored, listed so that a new one is noticed. */
  strays: Stray[];
  imports: ImportSummary[];
}

/** The pseudo-detector that scores a case's verdict. */
export const VERDICT = '(verdict: compromised)';

const FIXED_NOW = Date.parse('2026-01-01T00:00:00.000Z');

interface Row {
  id: number;
  source: SourceId;
  body: Body;
}

async function runCase(c: LabelledCase, dir: string, index: number): Promise<Evaluation> {
  const paths = c.files.map((f) => {
    const path = join(dir, `${index}-${f.name}`);
    writeFileSync(path, f.text);
    return path;
  });
  const blockedAt = c.blockedAt ?? null;
  const file = CaseFile.create(join(dir, `${index}.clearance`), {
    id: randomUUID(), // case ids are UUIDs: anything else is refused on open
    upn: c.upn,
    tenant: c.upn.split('@')[1] ?? '',
    blockedAt,
    createdAt: new Date(FIXED_NOW).toISOString(),
    createdBy: 'evaluation',
    status: 'open',
  });
  try {
    const reports = await importFiles(file, paths, 'evaluation', {}, () => FIXED_NOW);
    const store = file.investigation;
    const { findings, verdict } = detect(loadEvidenceSet(store, { upn: c.upn, blockedAt }));
    const rows: Row[] = [...store.evidence()].map((r) => ({ id: r.id, source: r.source, body: r.body }));
    return {
      ...score(c, rows, findings, verdict.verdict),
      imports: [
        {
          set: c.set,
          case: c.name,
          rows: reports.reduce((n, r) => n + r.rows, 0),
          imported: reports.reduce((n, r) => n + r.imported, 0),
          problems: reports.flatMap((r) => [
            ...(r.fatal ? [`${r.file}: ${r.fatal}`] : []),
            ...r.problems.map((p) => `${r.file}:${p.line}: ${p.reason}`),
          ]),
        },
      ],
    };
  } finally {
    file.close();
  }
}

function score(c: LabelledCase, rows: Row[], findings: Finding[], verdict: Verdict): Omit<Evaluation, 'imports'> {
  const matching = (match: Label['match']) =>
    new Set(rows.filter((r) => !match || match(r.body, r.source)).map((r) => r.id));
  const labels: Array<Label & { ids: ReadonlySet<number> }> = c.labels.map((l) => ({ ...l, ids: matching(l.match) }));
  // One label per benign record and per detector that reads its source: a true negative counts a record.
  for (const b of c.benign ?? [])
    for (const row of rows.filter((r) => !b.match || b.match(r.body, r.source)))
      for (const [detector, reads] of Object.entries(DETECTOR_SOURCES))
        if (reads.includes(row.source))
          labels.push({
            record: `${b.record} (${String(row.body.id)})`,
            ids: new Set([row.id]),
            detector,
            expected: false,
          });
  const accounted = new Set<Finding>();
  const outcomes = labels.map<Outcome>((label) => {
    const about = findings.filter(
      (f) => f.detector === label.detector && f.evidenceIds.some((id) => label.ids.has(id)),
    );
    for (const f of about) accounted.add(f);
    return {
      set: c.set,
      case: c.name,
      record: label.record,
      detector: label.detector,
      expected: label.expected,
      flagged: about.some((f) => RANK[f.weight] >= RANK[label.flagAt ?? 'moderate']),
      missing: label.ids.size === 0,
      findings: about.map((f) => `${f.weight}: ${f.title}`),
      ...(label.note ? { note: label.note } : {}),
    };
  });
  if (c.verdict)
    outcomes.push({
      set: c.set,
      case: c.name,
      record: 'the whole case',
      detector: VERDICT,
      expected: c.verdict === 'compromised',
      flagged: verdict === 'compromised',
      missing: rows.length === 0,
      findings: [verdict],
    });
  const strays = findings
    .filter((f) => !accounted.has(f) && RANK[f.weight] >= RANK.moderate)
    .map<Stray>((f) => ({ set: c.set, case: c.name, detector: f.detector, weight: f.weight, title: f.title }));
  return { outcomes, strays };
}

/** Runs every case, each in its own case file under one temporary folder that is removed afterwards. */
export async function evaluate(cases: readonly LabelledCase[]): Promise<Evaluation> {
  const dir = mkdtempSync(join(tmpdir(), 'clearance-eval-'));
  const all: Evaluation = { outcomes: [], strays: [], imports: [] };
  try {
    for (const [i, c] of cases.entries()) {
      const result = await runCase(c, dir, i);
      all.outcomes.push(...result.outcomes);
      all.strays.push(...result.strays);
      all.imports.push(...result.imports);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return all;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** Confusion counts per set and detector: sets in the order they were evaluated, detectors by name. */
export function tally(outcomes: readonly Outcome[]): Array<{ set: string; detector: string } & Counts> {
  const sets = [...new Set(outcomes.map((o) => o.set))];
  const table = new Map<string, { set: string; detector: string } & Counts>();
  for (const o of outcomes) {
    const key = `${o.set}\u0000${o.detector}`;
    const row = table.get(key) ?? { set: o.set, detector: o.detector, tp: 0, fp: 0, fn: 0, tn: 0 };
    if (o.expected && o.flagged) row.tp++;
    else if (o.flagged) row.fp++;
    else if (o.expected) row.fn++;
    else row.tn++;
    table.set(key, row);
  }
  return [...table.values()].sort(
    (a, b) => sets.indexOf(a.set) - sets.indexOf(b.set) || a.detector.localeCompare(b.detector),
  );
}

/** Precision and recall, or null where undefined (nothing flagged; nothing to find). */
export function rates(c: Counts): { precision: number | null; recall: number | null } {
  return {
    precision: c.tp + c.fp === 0 ? null : c.tp / (c.tp + c.fp),
    recall: c.tp + c.fn === 0 ? null : c.tp / (c.tp + c.fn),
  };
}

/** Two decimals, rounded down: the figure a floor can assert without being beaten by rounding. */
export function floor2(value: number | null): string {
  return value === null ? '–' : (Math.floor(value * 100 + 1e-9) / 100).toFixed(2);
}
