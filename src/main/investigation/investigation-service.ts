import type { InvestigationSummary, VerdictOverride } from '../../shared/domain/investigation.ts';
import { AppError } from '../core/app-error.ts';
import type { EventBus } from '../core/event-bus.ts';
import type { Logger } from '../core/logger.ts';
import type { CaseService } from '../cases/case-service.ts';
import { assertCaseTenant } from '../tenant/case-tenant.ts';
import type { TenantService } from '../tenant/tenant-service.ts';
import { CollectError } from './collect-error.ts';
import { investigate, redetect } from './investigate.ts';
import { latestOverride } from './verdict-override.ts';

/**
 * Investigations started from the UI: one at a time per case, in the background, with progress and the
 * outcome pushed as events. The collection itself is resumable, so a cancelled or crashed run continues
 * the next time it is started.
 */
export class InvestigationService {
  private readonly running = new Map<string, AbortController>();
  private readonly deps: { cases: CaseService; tenants: TenantService; events: EventBus; logger: Logger };

  constructor(deps: { cases: CaseService; tenants: TenantService; events: EventBus; logger: Logger }) {
    this.deps = deps;
  }

  async start(caseId: string, since?: string): Promise<{ started: boolean }> {
    const { cases, events, logger } = this.deps;
    const tenant = this.deps.tenants.current;
    if (!tenant) throw new AppError('not_connected', 'errors.notConnected');
    if (this.running.has(caseId)) throw new AppError('conflict', 'errors.investigationRunning');
    const file = cases.caseFile(caseId);
    assertCaseTenant(tenant, file.header.tenant);
    const controller = new AbortController();
    this.running.set(caseId, controller);
    // The case's one writer while it collects: an import in another process waits for it, and it for them.
    let lock: Awaited<ReturnType<CaseService['lock']>>;
    try {
      lock = await cases.lock(caseId, 'investigation');
    } catch (error) {
      this.running.delete(caseId);
      throw error;
    }
    void investigate({
      file,
      tenant,
      actor: cases.actor,
      signal: controller.signal,
      ...(since ? { since } : {}),
      onProgress: (progress) => events.emit('investigation.progress', { caseId, progress }),
    })
      .then(
        (result) => ({ verdict: result.verdict.verdict, error: null }),
        (error: unknown) => {
          const key = error instanceof CollectError ? `collect.${error.reason}` : 'errors.internalLogged';
          if (!(error instanceof CollectError))
            logger.log('error', 'investigation failed', { error: error instanceof Error ? error.name : 'unknown' });
          return { verdict: null, error: key };
        },
      )
      .then((end) => {
        // Settled first, then told: a listener that closes the app on "finished" finds nothing still running.
        lock.release();
        this.running.delete(caseId);
        try {
          cases.noteAppended(caseId);
        } catch (error) {
          // The app closed while the run ended (its last entry is in the case file; the index catches up on verify).
          logger.log('warn', 'case index not updated after an investigation', {
            error: error instanceof Error ? error.name : 'unknown',
          });
        }
        events.emit('investigation.finished', { caseId, ...end });
      });
    return { started: true };
  }

  /** Whether any investigation is collecting: the tenant must not be switched under it. */
  get busy(): boolean {
    return this.running.size > 0;
  }

  cancel(caseId: string): { cancelled: boolean } {
    const controller = this.running.get(caseId);
    controller?.abort();
    return { cancelled: controller !== undefined };
  }

  /** The analyst overrides the verdict; the justification is required and goes into the case log. */
  overrideVerdict(caseId: string, verdict: VerdictOverride['verdict'], justification: string): VerdictOverride {
    const file = this.deps.cases.caseFile(caseId);
    const at = new Date().toISOString();
    const engine = file.investigation.latestDetection()?.report.verdict ?? null;
    file.append({
      kind: 'verdict.overridden',
      actor: this.deps.cases.actor,
      at,
      payload: { verdict, justification, engineVerdict: engine },
    });
    this.deps.cases.noteAppended(caseId);
    return { verdict, justification, by: this.deps.cases.actor, at };
  }

  summary(caseId: string): InvestigationSummary {
    const store = this.deps.cases.caseFile(caseId).investigation;
    const run = store.latestRun();
    const detection = store.latestDetection();
    return {
      running: this.running.has(caseId),
      run: run
        ? {
            status: run.status,
            startedAt: run.started_at,
            finishedAt: run.finished_at,
            windowStart: run.window_start,
            windowEnd: run.window_end,
          }
        : null,
      coverage: store.latestCoverage(),
      verdict: detection?.report ?? null,
      override: latestOverride(this.deps.cases.caseFile(caseId)),
      findings: detection?.findings ?? [],
      evidenceCount: store.evidenceCount(),
      eventCount: store.eventCount(),
    };
  }

  /**
   * Detection again on the evidence the case already holds (after an engine update, or an import made
   * elsewhere): no tenant is needed. Refused while a collection writes to the case, and for a case that
   * holds nothing yet, where a verdict would be a verdict on silence.
   */
  async redetect(caseId: string): Promise<ReturnType<typeof redetect>> {
    if (this.running.has(caseId)) throw new AppError('conflict', 'errors.investigationRunning');
    const file = this.deps.cases.caseFile(caseId);
    if (!file.investigation.latestRun()) throw new AppError('conflict', 'errors.nothingToDetect');
    // Detection rewrites the timeline and findings: not while an import or a collection elsewhere adds evidence.
    const result = await this.deps.cases.exclusive(caseId, 'detection', () => redetect(file, this.deps.cases.actor));
    this.deps.cases.noteAppended(caseId);
    this.deps.events.emit('investigation.finished', { caseId, verdict: result.verdict.verdict, error: null });
    return result;
  }

  /** Stops every running investigation (the app is closing); their runs stay resumable. */
  stopAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}
