import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { itemTitle } from '../checklist/suggestion-text.ts';

/** The panels of the case page, by the id of their heading. */
const SECTIONS = [
  ['investigation', 'investigation-title'],
  ['checklist', 'checklist-title'],
  ['timeline', 'timeline-title'],
  ['log', 'log-title'],
] as const;

/**
 * Where the case stands at a glance (the playbook step, what still blocks the unblock) and a way to jump
 * between the panels of a long page. Buttons, not links: the address bar belongs to the router.
 */
export function CaseOverview({ caseId }: Readonly<{ caseId: string }>) {
  const { t } = useTranslation();
  const api = useApi();
  const checklist = useQuery({ queryKey: ['checklist', caseId], queryFn: () => api.call('checklist.get', { caseId }) });
  const data = checklist.data;
  const go = (headingId: string) => {
    const heading = document.getElementById(headingId);
    if (!heading) return;
    // Focus follows the jump, so keyboard and screen-reader users land where sighted users look.
    heading.tabIndex = -1;
    heading.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
  };

  return (
    <div className="case-overview" data-testid="case-overview">
      {data && (
        <p role="status">
          {data.currentStep
            ? t('caseOverview.step', { step: t(`checklist.steps.${data.currentStep}`) })
            : t('caseOverview.allSettled')}{' '}
          {data.unblockBlockers.length > 0 ? (
            <span className="muted">
              {t('caseOverview.blockers', {
                count: data.unblockBlockers.length,
                first: itemTitle(t, data.unblockBlockers[0]!),
              })}
            </span>
          ) : (
            <span className="ok-text">{t('checklist.readyToUnblock')}</span>
          )}
        </p>
      )}
      <nav aria-label={t('caseOverview.onThisPage')} className="section-nav">
        {SECTIONS.map(([key, headingId]) => (
          <button key={key} type="button" className="link" onClick={() => go(headingId)}>
            {t(`caseOverview.sections.${key}`)}
          </button>
        ))}
      </nav>
    </div>
  );
}
