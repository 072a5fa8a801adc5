import type { CsvFormat } from './format.ts';
import { get } from './columns.ts';

/** Entra admin center sign-in log download (CSV). */
export const entraSignInsCsv: CsvFormat = {
  id: 'entra-signins-csv',
  label: 'Entra sign-in log download (CSV)',
  source: 'signIns',
  signature: ['request id', 'ip address', 'client app'],
  convert(row, ctx) {
    const created = ctx.time(get(row, 'Date (UTC)', 'Date'));
    const id = get(row, 'Request ID', 'Id');
    if (!created || !id) return { ok: false, reason: 'no readable date or request id' };
    const [city = '', state = '', country = ''] = get(row, 'Location')
      .split(',')
      .map((s) => s.trim());
    const code = Number(get(row, 'Sign-in error code', 'Error code') || '0');
    const lat = Number(get(row, 'Latitude'));
    const lon = Number(get(row, 'Longitude'));
    return {
      ok: true,
      record: {
        id,
        createdDateTime: created,
        userPrincipalName: get(row, 'Username', 'User principal name').toLowerCase(),
        userDisplayName: get(row, 'User'),
        userId: get(row, 'User ID'),
        appDisplayName: get(row, 'Application'),
        appId: get(row, 'Application ID'),
        ipAddress: get(row, 'IP address'),
        clientAppUsed: get(row, 'Client app'),
        correlationId: get(row, 'Correlation ID'),
        status: { errorCode: Number.isFinite(code) ? code : 0, failureReason: get(row, 'Failure reason') || null },
        location: {
          city,
          state,
          countryOrRegion: country,
          geoCoordinates:
            Number.isFinite(lat) && Number.isFinite(lon) && get(row, 'Latitude')
              ? { latitude: lat, longitude: lon }
              : null,
        },
        deviceDetail: {
          browser: get(row, 'Browser'),
          operatingSystem: get(row, 'Operating System', 'Operating system'),
        },
        userAgent: get(row, 'User agent'),
      },
    };
  },
};
