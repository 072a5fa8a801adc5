import type { Finding, SourceCoverage, VerdictReport } from '../../shared/domain/investigation.ts';
import canonicalize from 'canonicalize';
import { sha256Hex } from '../store/case-file/hash-chain.ts';
import type { CaseFile } from '../store/case-file/case-file.ts';
import type { TenantConnection } from '../tenant/tenant-connection.ts';
import { assessChecklist } from '../checklist/assess.ts';
import { detect } from './detect.ts';
import { loadEvidenceSet } from './evidence-set.ts';
import { normalise } from './normalise.ts';
import { IP_INTEL_VERSION } from '../network/ip-intel.ts';
import { probeCapabilities } from './probes.ts';
import { runCollection, type SourceProgress } from './run-collection.ts';

export interface InvestigationResult {
  coverage: SourceCoverage[];
  findings: Finding[];
  verdict: VerdictReport;
  events: number;
  runStatus: string;
}

const DAY = 86_400_000;

/** The default window: 30 days before the block (or before now) up to now (playbook.md, "The case"). */
export function defaultWindow(blockedAt: string | null, now: number, since?: string): { start: string; end: string } {
  const anchor = blockedAt ? Date.parse(blockedAt) : now;
  const start = since ? Date.parse(since) : anchor - 30 * DAY;
  return { start: new Date(start).toISOString(), end: new Date(now).toISOString() };
}

/**
 * Re-runs normalisation and detection from the case file alone (offline), records the run, and appends
 * the verdict to the case log.
 */
export function redetect(
  file: CaseFile,
  actor: string,
  now: () => number = Date.now,
): Omit<InvestigationResult, 'runStatus'> {
  const store = file.investigation;
  const set = loadEvidenceSet(store, {
    upn: file.header.upn,
    blockedAt: file.header.blockedAt,
    tenant: file.header.tenant,
  });
  const events = store.replaceEvents(normalise(store.evidence(), { upn: set.upn, userId: set.userId }));
  const { findings, verdict } = detect(set);
  const at = new Date(now()).toISOString();
  const checklist = assessChecklist(set, findings, verdict);
  // The detection's rows and the entry that records them (with their digests) commit together: a crash
  // between them would leave a verdict the log never recorded.
  file.write(() => {
    const detectionId = store.recordDetection(at, verdict, findings, checklist);
    file.append({
      kind: 'detection.completed',
      actor,
      at,
      payload: {
        engineVersion: verdict.engineVersion,
        verdict: verdict.verdict,
        reasons: verdict.reasons,
        missing: verdict.missing,
        findings: findings.map((f) => ({
          detector: f.detector,
          severity: f.severity,
          weight: f.weight,
          title: f.title,
          evidenceIds: f.evidenceIds,
        })),
        // Findings that read addresses depend on the offline network data as well as on the engine.
        networkData: IP_INTEL_VERSION.sources.map((source) => `${source.package}@${source.version ?? 'missing'}`),
        // A fingerprint of the whole result: a re-run with the same engine on the same evidence gives the same value.
        findingsDigest: sha256Hex(canonicalize({ verdict, findings }) ?? ''),
        // The rows as stored (run, findings, checklist; the timeline and its indexes): the verifier recomputes
        // both, so a report or the UI never shows a verdict, finding or event the log did not record.
        detection: { ...file.detectionAnchor(detectionId) },
        timeline: { ...file.timelineAnchor() },
      },
    });
  });
  return { coverage: set.coverage, findings, verdict, events };
}

/** Step 1 of the playbook for one case: collect every source, build the timeline, detect, decide. */
export async function investigate(options: {
  file: CaseFile;
  tenant: TenantConnection;
  actor: string;
  since?: string;
  signal?: AbortSignal;
  onProgress?: (progress: SourceProgress) => void;
  now?: () => number;
}): Promise<InvestigationResult> {
  const now = options.now ?? Date.now;
  const { file } = options;
  const store = file.investigation;
  const window = defaultWindow(file.header.blockedAt, now(), options.since);
  // What this tenant and these permissions allow, recorded in the case before collecting, so the case
  // shows what could be seen at the time even if the grant changes later.
  const capabilities = await probeCapabilities(options.tenant, file.header.upn);
  file.append({
    kind: 'collection.started',
    actor: options.actor,
    at: new Date(now()).toISOString(),
    payload: {
      window,
      tenant: options.tenant.info.tenantId ?? '',
      user: file.header.upn,
      capabilities: capabilities.map((c) => ({
        source: c.source,
        available: c.available,
        reason: c.reason,
        fix: c.fix,
      })),
    },
  });
  const before = store.latestRun()?.id ?? null;
  let run: Awaited<ReturnType<typeof runCollection>>;
  try {
    run = await runCollection({
      store,
      tenant: options.tenant,
      upn: file.header.upn,
      window,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      now,
    });
  } catch (error) {
    // A run that failed (no such user, say) still shows in the coverage: the log records it as it ended.
    const failed = store.latestRun();
    if (failed && failed.id !== before && failed.status === 'failed')
      file.append({
        kind: 'collection.finished',
        actor: options.actor,
        at: new Date(now()).toISOString(),
        payload: { runId: failed.id, status: failed.status, run: { ...file.runAnchor(failed.id) } },
      });
    throw error;
  }
  file.append({
    kind: 'collection.finished',
    actor: options.actor,
    at: new Date(now()).toISOString(),
    payload: {
      runId: run.runId,
      status: run.status,
      resumed: run.resumed,
      sources: run.coverage.map((c) => ({
        source: c.source,
        status: c.status,
        records: c.records,
        pages: c.pages,
        throttleWaits: c.throttleWaits,
        reason: c.reason,
      })),
      evidenceRecords: store.evidenceCount(),
      // Anchors every evidence row in the chain: a later change to a body or a hash no longer matches.
      evidence: { ...file.evidenceDigest() },
      // The run and its per-source coverage as they ended: what reports show as collected.
      run: { ...file.runAnchor(run.runId) },
    },
  });
  const result = redetect(file, options.actor, now);
  return { ...result, runStatus: run.status };
}
