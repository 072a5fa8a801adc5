import { useQuery } from '@tanstack/react-query';
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

/** The exact evidence rows behind a finding: raw JSON as stored, with where it came from. Text only. */
export function EvidenceViewer({ caseId, ids }: EvidenceViewerProps) {
  const { t } = useTranslation();
  const api = useApi();
  const [copied, setCopied] = useState<number | null>(null);
  const evidence = useQuery({
    queryKey: ['evidence', caseId, ids.slice(0, 50)],
    queryFn: () => api.call('evidence.get', { caseId, ids: ids.slice(0, 50) }),
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
      {evidence.data.map((item) => (
        <figure key={item.id}>
          <figcaption className="muted">
            #{item.id} · {t(`sources.${item.source}`)} · {item.request} · sha256 {item.sha256.slice(0, 16)}…{' '}
            <button
              type="button"
              onClick={() => {
                void navigator.clipboard?.writeText(pretty(item.body)).then(() => setCopied(item.id));
              }}
            >
              {copied === item.id ? t('evidence.copied') : t('evidence.copy')}
            </button>
          </figcaption>
          {/* Focusable: the block scrolls, and keyboard users must be able to scroll it. */}
          <pre className="json" tabIndex={0}>
            {pretty(item.body)}
          </pre>
        </figure>
      ))}
    </div>
  );
}
