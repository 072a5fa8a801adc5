import { useTranslation } from 'react-i18next';
import { describeState, type PlannedChange } from '../../../../shared/domain/remediation.ts';
import { TenantText } from '../../components/TenantText.tsx';

/** A dry run's changes: what, how it is now, how it will be. Targets are tenant strings, shown as text. */
export function ChangesTable({ changes }: Readonly<{ changes: readonly PlannedChange[] }>) {
  const { t } = useTranslation();
  return (
    <table className="data">
      <thead>
        <tr>
          <th scope="col">{t('containment.target')}</th>
          <th scope="col">{t('containment.now')}</th>
          <th scope="col">{t('containment.will')}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.target.id}>
            <td>
              <TenantText text={c.target.label} />
            </td>
            <td className="mono">{describeState(c.before)}</td>
            <td className="mono">{describeState(c.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
