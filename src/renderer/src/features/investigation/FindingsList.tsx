import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../../shared/domain/investigation.ts';
import { useState } from 'react';
import { Time } from '../../components/Time.tsx';
import type { TimelineFocus } from '../timeline/TimelineView.tsx';
import { EvidenceViewer } from './EvidenceViewer.tsx';
import { TenantText } from '../../components/TenantText.tsx';

export type FindingsListProps = Readonly<{
  caseId: string;
  findings: readonly Finding[];
  onShowInTimeline: (focus: TimelineFocus) => void;
}>;

/** Findings, strongest first; titles and explanations carry tenant data and are rendered as text. */
export function FindingsList({ caseId, findings, onShowInTimeline }: FindingsListProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<number | null>(null);
  return (
    <section aria-labelledby="findings-title">
      <h3 id="findings-title">{t('investigation.findings', { count: findings.length })}</h3>
      <ul className="findings" data-testid="findings">
        {findings.map((f, i) => (
          <li key={i} className={`finding severity-${f.severity}`} data-detector={f.detector}>
            <div className="finding-head">
              <span className={`badge severity-${f.severity}`}>{t(`investigation.severity.${f.severity}`)}</span>
              <span className="badge">{t(`investigation.weight.${f.weight}`)}</span>
              <strong>
                <TenantText text={f.title} />
              </strong>
              {f.at && (
                <span className="muted">
                  {' '}
                  · <Time iso={f.at} />
                </span>
              )}
            </div>
            <p>
              <TenantText text={f.explanation} />
            </p>
            <p className="muted mono">
              {t('investigation.evidence', {
                ids: f.evidenceIds.slice(0, 12).join(', ') + (f.evidenceIds.length > 12 ? ', …' : ''),
              })}{' '}
              <button type="button" onClick={() => onShowInTimeline({ title: f.title, evidenceIds: f.evidenceIds })}>
                {t('evidence.inTimeline')}
              </button>{' '}
              <button type="button" aria-expanded={open === i} onClick={() => setOpen(open === i ? null : i)}>
                {open === i ? t('evidence.hide') : t('evidence.show')}
              </button>
            </p>
            {open === i && <EvidenceViewer caseId={caseId} ids={f.evidenceIds} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
