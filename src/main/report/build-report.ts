import { z } from 'zod';
import { ActionKind, ChangeOutcome } from '../../shared/domain/remediation.ts';
import { IncidentReport, REPORT_SCHEMA_ID } from '../../shared/domain/report.ts';
import { checklistOf } from '../checklist/checklist-service.ts';
import { latestOverride } from '../investigation/verdict-override.ts';
import type { CaseFile } from '../store/case-file/case-file.ts';
import { verifyCase } from '../store/case-file/verify.ts';

/** Enough to recognise a record in print; the full record is in the case file under its id and hash. */
const EXCERPT_CHARS = 600;
const EVIDENCE_PER_FINDING = 5;
/** The attack window in print: the events that matter, not a million sign-ins. */
export const TIMELINE_LIMIT = 400;
/** Before the first finding, a little context. */
const LEAD_IN_MS = 60 * 60_000;

const Executed = z.object({ kind: ActionKind, outcomes: z.array(ChangeOutcome) });
const Reverted = Executed.extend({ of: z.number().int() });
const Released = z.object({ via: z.string(), verified: z.boolean(), note: z.string().optional() });

export interface BuildOptions {
  language: 'en' | 'da';
  generatedBy: string;
  now?: () => Date;
}

/**
 * The report from the case file alone: verdict and reasons, coverage, findings with evidence excerpts,
 * the attack window, every action and unblock from the log, the checklist with sign-offs, and the hashes
 * that let a reader check the report against the case file. Works offline and on a received bundle.
 */
export function buildReport(file: CaseFile, options: BuildOptions): IncidentReport {
  const { header } = file;
  const store = file.investigation;
  const detection = store.latestDetection();
  const override = latestOverride(file);
  // With the evidence: a report must not call a case intact whose evidence was altered.
  const integrity = verifyCase(file, { evidence: true });

  const findings = (detection?.findings ?? []).map((f) => {
    const rows = store.evidenceByIds(f.evidenceIds.slice(0, EVIDENCE_PER_FINDING));
    return {
      detector: f.detector,
      severity: f.severity,
      weight: f.weight,
      title: f.title,
      explanation: f.explanation,
      at: f.at,
      evidence: rows.map((r) => ({ id: r.id, source: r.source, sha256: r.sha256, excerpt: excerpt(r.body) })),
    };
  });

  const actions: IncidentReport['actions'] = [];
  const revertedBy = new Map<number, number>();
  for (const e of file.entriesOfKinds(['action.executed', 'action.reverted'])) {
    if (e.kind === 'action.reverted') {
      const p = Reverted.safeParse(e.payload);
      if (!p.success) continue;
      revertedBy.set(p.data.of, e.seq);
      actions.push({
        seq: e.seq,
        at: e.at,
        actor: e.actor,
        type: 'reverted',
        kind: p.data.kind,
        related: p.data.of,
        outcomes: p.data.outcomes,
      });
    } else {
      const p = Executed.safeParse(e.payload);
      if (p.success)
        actions.push({
          seq: e.seq,
          at: e.at,
          actor: e.actor,
          type: 'executed',
          kind: p.data.kind,
          related: null,
          outcomes: p.data.outcomes,
        });
    }
  }
  for (const a of actions) if (a.type === 'executed') a.related = revertedBy.get(a.seq) ?? null;

  const after = [...file.entriesOfKinds(['unblock.verified', 'unblock.reblocked'])];
  const unblocks = [...file.entriesOfKinds(['unblock.released'])].flatMap((e) => {
    const p = Released.safeParse(e.payload);
    const followUp = (kind: string) => after.find((a) => a.kind === kind && a.payload.releasedSeq === e.seq);
    const resumed = followUp('unblock.verified')?.payload.resumedAt;
    return p.success
      ? [
          {
            seq: e.seq,
            at: e.at,
            actor: e.actor,
            via: p.data.via,
            verified: p.data.verified,
            note: p.data.note ?? null,
            resumedAt: typeof resumed === 'string' ? resumed : null,
            reblockedAt: followUp('unblock.reblocked')?.at ?? null,
          },
        ]
      : [];
  });

  const checklist = checklistOf(file);
  const digest = file.evidenceDigest();
  const bySource = store.evidenceCountsBySource();

  const report: IncidentReport = {
    $schema: REPORT_SCHEMA_ID,
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    generatedBy: options.generatedBy,
    language: options.language,
    case: {
      id: header.id,
      upn: header.upn,
      tenant: header.tenant,
      blockedAt: header.blockedAt,
      createdAt: header.createdAt,
      createdBy: header.createdBy,
    },
    block: blockRecord(header.blockedAt, store),
    suspectPeriod: suspectPeriod(header.blockedAt, store.coveredWindow()?.end ?? null),
    verdict: {
      engine: detection?.report.verdict ?? null,
      engineReasons: detection?.report.reasons ?? [],
      engineVersion: detection?.report.engineVersion ?? null,
      override: override
        ? { verdict: override.verdict, reason: override.justification, by: override.by, at: override.at }
        : null,
      final: override?.verdict ?? detection?.report.verdict ?? null,
      missing: detection?.report.missing ?? [],
    },
    coverage: store
      .latestCoverage()
      .map((c) => ({ source: c.source, status: c.status, records: c.records, reason: c.detail ?? c.reason })),
    findings,
    timeline: attackWindow(file, findings, header.blockedAt),
    actions,
    unblocks,
    checklist: checklist.items.map((i) => ({
      id: i.id,
      step: i.step,
      securing: i.securing,
      state: i.state,
      by: i.by,
      at: i.at,
      reason: i.reason,
      notes: i.notes.map((n) => ({ text: n.text, by: n.by, at: n.at })),
      evidenceIds: i.evidenceIds,
    })),
    unblockBlockers: checklist.unblockBlockers,
    evidence: {
      records: digest.records,
      digest: digest.digest,
      bySource: bySource.map((s) => ({ source: s.source, records: s.n })),
    },
    integrity: {
      intact: integrity.intact,
      entries: integrity.entries,
      head: integrity.head,
      firstBroken: integrity.firstBroken,
    },
  };
  // The JSON format is this schema: a report that does not match it is a bug, found here rather than by a reader.
  return IncidentReport.parse(report);
}

const DAY_MS = 86_400_000;

/** The block as the case records it: its own block time, else the latest restricted-entities snapshot. */
function blockRecord(blockedAt: string | null, store: CaseFile['investigation']): IncidentReport['block'] {
  if (blockedAt) return { at: blockedAt, recordedBy: 'case' };
  const run = store.latestCompletedRun('blockedSender');
  if (run === null) return { at: null, recordedBy: null };
  for (const record of store.evidence(['blockedSender'])) {
    if (record.runId !== run) continue;
    const created = record.body.CreatedDatetime;
    const ms = typeof created === 'string' ? Date.parse(created) : NaN;
    return { at: Number.isFinite(ms) ? new Date(ms).toISOString() : null, recordedBy: 'restrictedEntities' };
  }
  return { at: null, recordedBy: null };
}

/** The detectors' period under suspicion (a week before the block, else before the window's end), by its dates. */
function suspectPeriod(blockedAt: string | null, windowEnd: string | null): IncidentReport['suspectPeriod'] {
  const anchor = blockedAt ?? windowEnd;
  const to = anchor ? Date.parse(anchor) : NaN;
  if (!Number.isFinite(to)) return null;
  return {
    from: new Date(to - 7 * DAY_MS).toISOString(),
    to: new Date(to).toISOString(),
    before: blockedAt ? 'block' : 'windowEnd',
  };
}

function excerpt(body: string): string {
  return body.length > EXCERPT_CHARS ? `${body.slice(0, EXCERPT_CHARS)}…` : body;
}

/**
 * From an hour before the earliest finding to the block (or the last event): the events above "info"
 * first, capped, in time order. A case with no findings shows the day before the block.
 */
function attackWindow(
  file: CaseFile,
  findings: ReadonlyArray<{ at: string | null }>,
  blockedAt: string | null,
): IncidentReport['timeline'] {
  const times = findings.flatMap((f) => (f.at ? [Date.parse(f.at)] : [])).filter((t) => Number.isFinite(t));
  const last = file.timeline.lastEventAt();
  const toMs = blockedAt ? Date.parse(blockedAt) : last ? Date.parse(last) : null;
  if (toMs === null) return { from: null, to: null, total: 0, events: [] };
  const fromMs = times.length > 0 ? Math.min(...times) - LEAD_IN_MS : toMs - 24 * 60 * 60_000;
  const from = new Date(fromMs).toISOString();
  // Events at the block itself and the bounce-backs just after belong to the attack.
  const to = new Date(toMs + LEAD_IN_MS).toISOString();
  const { total, events } = file.timeline.mostSevere(from, to, TIMELINE_LIMIT);
  return { from, to, total, events };
}
