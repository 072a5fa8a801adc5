import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { errorText } from '../../lib/messages.ts';
import { showInvisible } from '../../../../shared/invisible.ts';

export type EvidenceViewerProps = Readonly<{ caseId: string; ids: readonly number[] }>;

/**
 * Indented JSON. Invisible characters in tenant strings are written as JSON escapes (`\u202e`), so the
 * analyst sees exactly what is there, a right-to-left override cannot disguise a value, and the text is
 * still the same JSON.
 */
function pretty(json: string): string {
  let text: string;
  try {
    text = JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
  return showInvisible(text);
}

/** What was read of each truncated body beyond the first slice: the text so far and where it ends. */
type Continued = Record<number, { text: string; end: number }>;

/**
 * The exact evidence rows behind a finding: raw JSON as stored, with where it came from. Text only. A body
 * larger than one slice (EVIDENCE_BODY_CHARS) arrives cut, says so with its full size, and reads on a slice
 * at a time on request, so a 50 MB record never has to cross to the renderer whole.
 */
export function EvidenceViewer({ caseId, ids }: EvidenceViewerProps) {
  const { t } = useTranslation();
  const api = useApi();
  const [copied, setCopied] = useState<number | null>(null);
  const [continued, setContinued] = useState<Continued>({});
  const evidence = useQuery({
    queryKey: ['evidence', caseId, ids.slice(0, 50)],
    queryFn: () => api.call('evidence.get', { caseId, ids: ids.slice(0, 50) }),
  });
  const more = useMutation({
    mutationFn: ({ id, offset }: { id: number; offset: number }) =>
      api.call('evidence.get', { caseId, ids: [id], offset }),
    onSuccess: (rows) => {
      const next = rows[0];
      if (!next) return;
      setContinued((all) => ({
        ...all,
        [next.id]: { text: (all[next.id]?.text ?? '') + next.body, end: next.end },
      }));
    },
  });
  if (evidence.isPending) return <p role="status">{t('app.loading')}</p>;
  if (evidence.isError)
    return (
      <p role="alert" className="error">
        {errorText(t, evidence.error)}
      </p>
    );
  return (
    <div className="evidence" data-testid="evidence">
      {evidence.data.map((item) => {
        const extra = continued[item.id];
        const end = extra?.end ?? item.end;
        const cut = end < item.size;
        // A cut body is not whole JSON: shown as the text it is, with invisible characters made visible.
        const text = cut ? showInvisible(item.body + (extra?.text ?? '')) : pretty(item.body + (extra?.text ?? ''));
        return (
          <figure key={item.id}>
            <figcaption className="muted">
              #{item.id} · {t(`sources.${item.source}`)} · {item.request} · sha256 {item.sha256.slice(0, 16)}…{' '}
              <button
                type="button"
                onClick={() => {
                  void navigator.clipboard?.writeText(text).then(() => setCopied(item.id));
                }}
              >
                {copied === item.id ? t('evidence.copied') : t(cut ? 'evidence.copyShown' : 'evidence.copy')}
              </button>
            </figcaption>
            {cut && (
              <p role="note" className="warning" data-testid="evidence-truncated">
                {t('evidence.truncated', { shown: end, size: item.size })}{' '}
                <button
                  type="button"
                  disabled={more.isPending}
                  onClick={() => more.mutate({ id: item.id, offset: end })}
                >
                  {t('evidence.more')}
                </button>
              </p>
            )}
            {/* Focusable: the block scrolls, and keyboard users must be able to scroll it. */}
            <pre className="json" tabIndex={0}>
              {text}
            </pre>
          </figure>
        );
      })}
      {more.isError && (
        <p role="alert" className="error">
          {errorText(t, more.error)}
        </p>
      )}
    </div>
  );
}
