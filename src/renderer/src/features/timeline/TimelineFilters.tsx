import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { SourceId } from '../../../../shared/domain/investigation.ts';
import type { TimelineFacets } from '../../../../shared/domain/timeline.ts';
import { EVENT_SOURCES, type FilterState, SEVERITIES, type Severity } from './timeline-filter.ts';

export type TimelineFiltersProps = Readonly<{
  value: FilterState;
  facets: TimelineFacets | undefined;
  pinCount: number;
  searchRef: RefObject<HTMLInputElement | null>;
  onChange: (next: FilterState) => void;
}>;

/** The filter bar. Facet values (countries, clients, kinds) come from the case and are tenant data: text. */
export function TimelineFilters({ value, facets, pinCount, searchRef, onChange }: TimelineFiltersProps) {
  const { t } = useTranslation();
  const set = <K extends keyof FilterState>(key: K, v: FilterState[K]) => onChange({ ...value, [key]: v });
  const toggleSeverity = (s: Severity) =>
    set(
      'severities',
      value.severities.includes(s) ? value.severities.filter((x) => x !== s) : [...value.severities, s],
    );
  const facetSelect = (key: 'kind' | 'country' | 'client', label: string, values: TimelineFacets['kinds'] = []) => (
    <label>
      {label}{' '}
      <select value={value[key]} onChange={(e) => set(key, e.target.value)} data-testid={`timeline-${key}`}>
        <option value="">{t('timeline.any')}</option>
        {values.map((f) => (
          <option key={f.value} value={f.value}>
            {f.value} ({f.count})
          </option>
        ))}
        {value[key] && !values.some((f) => f.value === value[key]) && <option value={value[key]}>{value[key]}</option>}
      </select>
    </label>
  );

  return (
    <div className="filters" role="search" aria-label={t('timeline.filters')}>
      <label className="search">
        <span className="visually-hidden">{t('timeline.search')}</span>
        <input
          ref={searchRef}
          type="search"
          value={value.text}
          placeholder={t('timeline.search')}
          aria-keyshortcuts="/"
          onChange={(e) => set('text', e.target.value)}
          data-testid="timeline-search"
        />
      </label>
      <label>
        {t('timeline.source')}{' '}
        <select
          value={value.source}
          onChange={(e) => set('source', e.target.value as SourceId | '')}
          data-testid="timeline-source"
        >
          <option value="">{t('timeline.allSources')}</option>
          {EVENT_SOURCES.map((s) => (
            <option key={s} value={s}>
              {t(`sources.${s}`)}
            </option>
          ))}
        </select>
      </label>
      {facetSelect('kind', t('timeline.kind'), facets?.kinds)}
      {facetSelect('country', t('timeline.country'), facets?.countries)}
      {facetSelect('client', t('timeline.client'), facets?.clients)}
      <label>
        {t('timeline.ip')}{' '}
        <input
          type="text"
          value={value.ip}
          size={16}
          spellCheck={false}
          onChange={(e) => set('ip', e.target.value)}
          data-testid="timeline-ip"
        />
      </label>
      <fieldset className="severities">
        <legend className="visually-hidden">{t('timeline.severity')}</legend>
        {SEVERITIES.map((s) => (
          <label key={s}>
            <input type="checkbox" checked={value.severities.includes(s)} onChange={() => toggleSeverity(s)} />{' '}
            {t(`timeline.severities.${s}`)}
          </label>
        ))}
      </fieldset>
      {(['from', 'to'] as const).map((key) => (
        <label key={key}>
          {t(`timeline.${key}`)}{' '}
          <input
            type="datetime-local"
            step={1}
            value={value[key]}
            onChange={(e) => set(key, e.target.value)}
            data-testid={`timeline-${key}`}
          />
        </label>
      ))}
      <label>
        <input
          type="checkbox"
          checked={value.pinnedOnly}
          onChange={(e) => set('pinnedOnly', e.target.checked)}
          data-testid="timeline-pinned-only"
        />{' '}
        {t('timeline.pinnedOnly', { count: pinCount })}
      </label>
    </div>
  );
}
