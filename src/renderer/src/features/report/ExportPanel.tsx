import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReportFormat } from '../../../../shared/domain/report.ts';
import { useApi } from '../../api/ApiContext.tsx';
import { LanguageSelect, type DocumentLanguage } from '../../components/LanguageSelect.tsx';
import { errorText } from '../../lib/messages.ts';

/**
 * Reports and bundles, from the case file alone (works offline): written into the data folder's reports
 * or exports folder, or a path the analyst types; never over an existing file. The path and the file's
 * hash are shown and the export is recorded in the case log.
 */
export function ExportPanel({ caseId }: Readonly<{ caseId: string }>) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [format, setFormat] = useState<ReportFormat>('html');
  const [language, setLanguage] = useState<DocumentLanguage>(i18n.language === 'da' ? 'da' : 'en');
  const [path, setPath] = useState('');
  const report = useMutation({
    mutationFn: () =>
      api.call('report.export', { caseId, format, language, ...(path.trim() ? { path: path.trim() } : {}) }),
  });
  const bundle = useMutation({
    mutationFn: () => api.call('cases.exportBundle', { caseId, ...(path.trim() ? { path: path.trim() } : {}) }),
  });
  const busy = report.isPending || bundle.isPending;
  const failure = report.error ?? bundle.error;

  return (
    <section className="panel" aria-labelledby="export-title" data-testid="export">
      <h2 id="export-title">{t('exports.title')}</h2>
      <p className="muted">{t('exports.intro')}</p>
      <div className="row wrap">
        <label>
          {t('exports.format')}{' '}
          <select value={format} onChange={(e) => setFormat(e.target.value as ReportFormat)}>
            {ReportFormat.options.map((f) => (
              <option key={f} value={f}>
                {t(`exports.formats.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <LanguageSelect value={language} onChange={setLanguage} />
        <label className="grow">
          {t('exports.path')}{' '}
          <input
            type="text"
            value={path}
            placeholder={t('exports.pathDefault')}
            onChange={(e) => setPath(e.target.value)}
            spellCheck={false}
          />
        </label>
      </div>
      <div className="row">
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            bundle.reset();
            report.mutate();
          }}
        >
          {t('exports.report')}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            report.reset();
            bundle.mutate();
          }}
        >
          {t('exports.bundle')}
        </button>
      </div>
      {busy && (
        <p role="status" className="muted">
          {t('exports.working')}
        </p>
      )}
      {failure && (
        <p role="alert" className="error">
          {errorText(t, failure)}
        </p>
      )}
      {report.data && (
        <p role="status" data-testid="export-written">
          {t('exports.written', { bytes: report.data.bytes })} <code className="mono">{report.data.path}</code>
          <br />
          <span className="muted mono">sha256 {report.data.sha256}</span>
        </p>
      )}
      {bundle.data && (
        <p role="status" data-testid="bundle-written">
          {t('exports.bundleWritten', { records: bundle.data.evidence.records })}{' '}
          <code className="mono">{bundle.data.path}</code>
          <br />
          <span className="muted">{t('exports.passHead')}</span>{' '}
          <code className="mono">
            clearance verify {bundle.data.path} --expect-head {bundle.data.head.seq}:{bundle.data.head.hash}
          </code>
        </p>
      )}
    </section>
  );
}
