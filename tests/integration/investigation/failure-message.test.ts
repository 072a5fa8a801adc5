import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../src/shared/api/contract.ts';
import { translate } from '../../../src/shared/i18n/index.ts';
import { createApp } from '../../../src/main/app/create-app.ts';
import { silentLogger } from '../../../src/main/core/logger.ts';
import type { TenantConnection } from '../../../src/main/tenant/tenant-connection.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

describe('an investigation that fails inside Clearance', () => {
  it('reports a message with nothing left to fill in (no literal {{ref}}), in English and Danish', async () => {
    const tmp = makeTempDir();
    // A defect rather than a tenant's refusal: reading the connection's addresses throws.
    const tenant = {
      info: {
        connected: true,
        kind: 'profile',
        displayName: 'Contoso',
        tenantId: 't',
        domains: ['contoso.com'],
        scenario: null,
      },
      get graphBaseUrl(): string {
        throw new TypeError('a defect');
      },
      get exchangeInvokeUrl(): string {
        throw new TypeError('a defect');
      },
      accessToken: () => Promise.resolve('token'),
      close: () => Promise.resolve(),
    } as unknown as TenantConnection;
    const app = createApp({ mode: 'cli', dataDir: tmp.dir, tenant, logger: silentLogger });
    try {
      const created = await app.dispatch('cases.create', {
        upn: 'anna@contoso.com',
        tenant: 'contoso.com',
        blockedAt: null,
      });
      expect(created.ok).toBe(true);
      const caseId = (created as { value: { id: string } }).value.id;
      const finished = new Promise<EventPayload<'investigation.finished'>>((resolve) =>
        app.events.subscribe((e) => {
          if (e.name === 'investigation.finished') resolve(e.payload);
        }),
      );
      expect(await app.dispatch('investigation.start', { caseId })).toEqual({ ok: true, value: { started: true } });
      const { error, verdict } = await finished;
      expect(verdict).toBeNull();
      expect(translate(error ?? '')).toBe('Something went wrong inside Clearance; the details are in its log.');
      expect(translate(error ?? '', {}, 'da')).toBe('Der gik noget galt i Clearance; detaljerne står i loggen.');
    } finally {
      await app.close();
      tmp.cleanup();
    }
  });
});
