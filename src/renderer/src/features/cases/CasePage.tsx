import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { href } from '../../app/router.ts';
import { Time } from '../../components/Time.tsx';
import { errorText } from '../../lib/messages.ts';
import { CaseLogView } from './CaseLogView.tsx';
import { CaseOverview } from './CaseOverview.tsx';
import { NoteForm } from './NoteForm.tsx';
import { VerifyStatus } from './VerifyStatus.tsx';
import { ChecklistPanel } from '../checklist/ChecklistPanel.tsx';
import { ContainmentPanel } from '../remediation/ContainmentPanel.tsx';
import { UnblockPanel } from '../remediation/UnblockPanel.tsx';
import { ExportPanel } from '../report/ExportPanel.tsx';
import { NotifyPanel } from '../notify/NotifyPanel.tsx';
import { InvestigationPanel } from '../investigation/InvestigationPanel.tsx';
import { type TimelineFocus, TimelineView } from '../timeline/TimelineView.tsx';

export type CasePageProps = Readonly<{ caseId: string }>;

export function CasePage({ caseId }: CasePageProps) {
  const { t } = useTranslation();
  const api = useApi();
  const [focus, setFocus] = useState<TimelineFocus | null>(null);
  const summary = useQuery({ queryKey: ['case', caseId], queryFn: () => api.call('cases.get', { caseId }) });

  return (
    <section aria-labelledby="case-title">
      <p>
        <a href={href({ name: 'cases' })}>← {t('case.back')}</a>
      </p>
      {summary.isPending && <p role="status">{t('app.loading')}</p>}
      {summary.isError && (
        <p role="alert" className="error">
          {errorText(t, summary.error)}
        </p>
      )}
      {summary.data && (
        <>
          <h1 id="case-title" data-testid="case-title">
            {t('case.header', { upn: summary.data.upn })}
          </h1>
          <dl className="facts" data-testid="case-header">
            <div>
              <dt>{t('case.tenant')}</dt>
              <dd>{summary.data.tenant}</dd>
            </div>
            <div>
              <dt>{t('case.blockedAt')}</dt>
              <dd>{summary.data.blockedAt ? <Time iso={summary.data.blockedAt} /> : t('cases.notBlockedYet')}</dd>
            </div>
            <div>
              <dt>{t('case.createdAt')}</dt>
              <dd>
                <Time iso={summary.data.createdAt} />
              </dd>
            </div>
            <div>
              <dt>{t('case.createdBy')}</dt>
              <dd>{summary.data.createdBy}</dd>
            </div>
            <div>
              <dt>{t('case.status')}</dt>
              <dd>{t(`case.statusValue.${summary.data.status}`)}</dd>
            </div>
            <div>
              <dt>{t('case.caseId')}</dt>
              <dd className="mono">{summary.data.id}</dd>
            </div>
          </dl>
          <CaseOverview caseId={caseId} />
          <VerifyStatus caseId={caseId} />
          <InvestigationPanel caseId={caseId} onShowInTimeline={setFocus} />
          <ChecklistPanel caseId={caseId} onShowInTimeline={setFocus} />
          <ContainmentPanel caseId={caseId} />
          <NotifyPanel caseId={caseId} />
          <UnblockPanel caseId={caseId} />
          <ExportPanel caseId={caseId} />
          <TimelineView caseId={caseId} focus={focus} onClearFocus={() => setFocus(null)} />
          <CaseLogView caseId={caseId} />
          <NoteForm caseId={caseId} />
        </>
      )}
    </section>
  );
}
