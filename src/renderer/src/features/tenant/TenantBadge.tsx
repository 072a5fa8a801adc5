import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { href } from '../../app/router.ts';
import { showInvisible } from '../../../../shared/invisible.ts';

/** Which tenant the app works on, always in view: acting on the wrong tenant is the costliest mistake. */
export function TenantBadge() {
  const { t } = useTranslation();
  const api = useApi();
  const tenant = useQuery({ queryKey: ['tenant'], queryFn: () => api.call('tenant.info', {}) });
  const info = tenant.data;
  const name = showInvisible(info?.displayName ?? info?.tenantId ?? '');
  return (
    <a
      title={name}
      className={`tenant-badge ${info?.connected ? 'on' : 'off'}`}
      href={href({ name: 'connect' })}
      data-testid="tenant-badge"
    >
      {!info
        ? t('app.loading')
        : info.connected
          ? t(info.kind === 'demo' ? 'tenant.badgeDemo' : 'tenant.badge', { name })
          : t('tenant.badgeOffline')}
    </a>
  );
}
