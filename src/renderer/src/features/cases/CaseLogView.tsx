import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { JsonValue, LogEntry } from '../../../../shared/domain/case-log.ts';
import { ChecklistItemId } from '../../../../shared/domain/checklist.ts';
import { itemTitle } from '../checklist/suggestion-text.ts';
import { useApi } from '../../api/ApiContext.tsx';
import { Time } from '../../components/Time.tsx';
import { errorText, translateKey } from '../../lib/messages.ts';

const PAGE = 200;

export type CaseLogViewProps = Readonly<{ caseId: string }>;

/** A payload value as plain text, whatever its JSON type. */
function text(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? '');
}

function Details({ entry }: Readonly<{ entry: LogEntry }>) {
  const { t } = useTranslation();
  const verdictName = (v: JsonValue | undefined) => translateKey(t, `investigation.verdict.${text(v ?? '')}`);
  const p = entry.payload;
  // Payload values can be tenant data: they are rendered as text, never as markup.
  if (entry.kind === 'case.created') {
    return <>{t('log.createdDetail', { upn: text(p.upn), tenant: text(p.tenant) })}</>;
  }
  if (entry.kind === 'note.added') return <p className="note">{text(p.text)}</p>;
  if (entry.kind === 'case.received') {
    const broken = (p.firstBroken ?? null) as { seq?: JsonValue; reason?: JsonValue } | null;
    const state = broken
      ? t('log.receivedBroken', { seq: text(broken.seq ?? ''), reason: text(broken.reason ?? '') })
      : t('log.receivedIntact', { entries: text(p.entries ?? 0) });
    return <p className={broken ? 'error' : undefined}>{t('log.caseReceived', { from: text(p.from), state })}</p>;
  }
  if (entry.kind === 'collection.started') {
    const window = (p.window ?? {}) as { start?: JsonValue; end?: JsonValue };
    return <>{t('log.collectionStarted', { start: text(window.start ?? ''), end: text(window.end ?? '') })}</>;
  }
  if (entry.kind === 'collection.finished') {
    const sources = Array.isArray(p.sources) ? (p.sources as Array<{ status?: JsonValue }>) : [];
    return (
      <>
        {t('log.collectionFinished', {
          status: text(p.status ?? ''),
          collected: sources.filter((s) => s.status === 'completed').length,
          total: sources.length,
          evidence: text(p.evidenceRecords ?? 0),
        })}
      </>
    );
  }
  if (entry.kind === 'verdict.overridden') {
    return (
      <p className="note">
        {t('log.verdictOverridden', { verdict: verdictName(p.verdict), justification: text(p.justification ?? '') })}
      </p>
    );
  }
  if (entry.kind === 'detection.completed') {
    const findings = Array.isArray(p.findings) ? p.findings.length : 0;
    return (
      <>
        {t('log.detectionCompleted', {
          verdict: verdictName(p.verdict),
          count: findings,
          version: text(p.engineVersion ?? ''),
        })}
      </>
    );
  }
  if (entry.kind === 'checklist.changed' || entry.kind === 'checklist.noted') {
    const item = ChecklistItemId.safeParse(p.item);
    const title = item.success ? itemTitle(t, item.data) : text(p.item);
    const state = (v: JsonValue | undefined) => translateKey(t, `checklist.states.${text(v)}`);
    if (entry.kind === 'checklist.noted')
      return <p className="note">{t('log.checklistNoted', { item: title, text: text(p.text) })}</p>;
    return (
      <>
        {t('log.checklistChanged', { item: title, from: state(p.from), to: state(p.to) })}
        {p.accepted === true && <> {t('log.checklistAccepted')}</>}
        {typeof p.reason === 'string' && <span className="note"> — {p.reason}</span>}
      </>
    );
  }
  if (entry.kind === 'action.executed' || entry.kind === 'action.reverted') {
    const outcomes = Array.isArray(p.outcomes) ? (p.outcomes as Array<{ verified?: JsonValue }>) : [];
    return (
      <>
        {t('log.actionOutcome', {
          kind: text(p.kind),
          verified: outcomes.filter((o) => o.verified === true).length,
          total: outcomes.length,
        })}
      </>
    );
  }
  if (entry.kind === 'unblock.released')
    return (
      <>
        {text(p.via)}
        {p.verified === true ? ' ✓' : ''}
        {typeof p.note === 'string' && <span className="note"> — {p.note}</span>}
      </>
    );
  if (entry.kind === 'action.queued') return <>{text(p.kind)}</>;
  if (entry.kind === 'action.dequeued') return <span className="note">{text(p.reason)}</span>;
  if (entry.kind === 'unblock.verified') return <>{text(p.resumedAt)}</>;
  if (entry.kind === 'unblock.reblocked') return <strong className="error">{text(p.reason)}</strong>;
  if (entry.kind === 'case.exported') return <>{text(p.to)}</>;
  if (entry.kind === 'event.noted')
    return <p className="note">{t('log.eventNoted', { summary: text(p.summary), text: text(p.text) })}</p>;
  if (entry.kind === 'event.pinned' || entry.kind === 'event.unpinned') return <>{text(p.summary)}</>;
  return <code>{JSON.stringify(p)}</code>;
}

/** The case log, oldest first, paged by sequence number. */
export function CaseLogView({ caseId }: CaseLogViewProps) {
  const { t } = useTranslation();
  const api = useApi();
  const log = useInfiniteQuery({
    queryKey: ['caseLog', caseId],
    initialPageParam: 0,
    queryFn: ({ pageParam }) => api.call('caseLog.list', { caseId, afterSeq: pageParam, limit: PAGE }),
    getNextPageParam: (last) => (last.hasMore ? last.entries.at(-1)?.seq : undefined),
  });
  const entries = log.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <section aria-labelledby="log-title">
      <h2 id="log-title">{t('log.title')}</h2>
      <p className="muted">{t('log.intro')}</p>
      {log.isError && (
        <p role="alert" className="error">
          {errorText(t, log.error)}
        </p>
      )}
      <table className="data" data-testid="case-log">
        <thead>
          <tr>
            <th scope="col" className="num">
              {t('log.seq')}
            </th>
            <th scope="col">{t('log.at')}</th>
            <th scope="col">{t('log.actor')}</th>
            <th scope="col">{t('log.kind')}</th>
            <th scope="col">{t('log.details')}</th>
            <th scope="col">{t('log.hash')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.seq} data-kind={entry.kind}>
              <td className="num">{entry.seq}</td>
              <td>
                <Time iso={entry.at} />
              </td>
              <td>{entry.actor}</td>
              <td>{translateKey(t, `log.kinds.${entry.kind}`, { defaultValue: entry.kind })}</td>
              <td>
                <Details entry={entry} />
              </td>
              <td className="mono" title={entry.hash}>
                {entry.hash.slice(0, 12)}…
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.hasNextPage && (
        <button type="button" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
          {t('log.loadMore')}
        </button>
      )}
    </section>
  );
}
