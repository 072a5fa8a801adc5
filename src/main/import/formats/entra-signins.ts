import type { ConvertContext, CsvFormat, RowResult } from './format.ts';
import { get, numberCell } from './columns.ts';
import { quoted } from '../quoted.ts';

/** The app, resource, address and outcome: every tab's download has these columns, in this order. */
const APP_AND_OUTCOME_COLUMNS = [
  'Application',
  'Application ID ',
  'App owner tenant ID',
  'Resource',
  'Resource ID ',
  'Resource tenant ID',
  'Resource owner tenant ID',
  'Home tenant ID',
  'Home tenant name',
  'IP address',
  'Location',
  'Status',
  'Sign-in error code',
  'Failure reason',
] as const;

/**
 * The Entra admin center's sign-in log downloads (Monitoring & health > Sign-in logs > Download > CSV), one
 * file per tab. Columns as the portal writes them today; Microsoft's own spelling is kept, trailing space of
 * "Application ID " and double space of "Autonomous system  number" included ("Incoming token type" comes
 * twice). Older downloads lack some of these columns and are read alike. tests/fixtures/exports/entra/README.md
 * names the public sources these headers were checked against.
 */
export const USER_SIGNIN_COLUMNS = [
  'Date (UTC)',
  'Request ID',
  'User agent',
  'Correlation ID',
  'User ID',
  'User',
  'Username',
  'User type',
  'Cross tenant access type',
  'Incoming token type',
  'Authentication Protocol',
  'Unique token identifier',
  'Original transfer method',
  'Client credential type',
  'Token Protection - Sign In Session',
  'Token Protection - Sign In Session StatusCode',
  ...APP_AND_OUTCOME_COLUMNS,
  'Client app',
  'Device ID',
  'Browser',
  'Operating System',
  'Compliant',
  'Managed',
  'Join Type',
  'Multifactor authentication result',
  'Multifactor authentication auth method',
  'Multifactor authentication auth detail',
  'Authentication requirement',
  'Sign-in identifier',
  'Session ID',
  'IP address (seen by resource)',
  'Through Global Secure Access',
  'Global Secure Access IP address',
  'Autonomous system  number',
  'Flagged for review',
  'Token issuer type',
  'Token issuer name',
  'Latency',
  'Conditional Access',
  'Managed Identity type',
  'Associated Resource Id',
  'Federated Token Id',
  'Federated Token Issuer',
] as const;

/** The service principal sign-ins tab: no user, no client app or device; the credential the app used. */
export const SERVICE_PRINCIPAL_SIGNIN_COLUMNS = [
  'Date (UTC)',
  'Request ID',
  'Correlation ID',
  'Service principal ID',
  'Service principal name',
  'Credential key ID',
  'Credential thumbprint',
  ...APP_AND_OUTCOME_COLUMNS,
  'Conditional Access',
] as const;

/** Graph beta's signInEventTypes: which tab of the sign-in logs a sign-in is shown on. */
export type SignInTab = 'interactiveUser' | 'nonInteractiveUser' | 'servicePrincipal' | 'managedIdentity';

/** The names the portal gives each tab's download ("NonInteractiveSignIns_2026-11-18_2026-11-19.csv"). */
const TAB_FILES: ReadonlyArray<[RegExp, SignInTab]> = [
  [/(?:^|[^a-z])noninteractivesignins/i, 'nonInteractiveUser'],
  [/(?:^|[^a-z])interactivesignins/i, 'interactiveUser'],
  [/(?:^|[^a-z])applicationsignins/i, 'servicePrincipal'],
  [/(?:^|[^a-z])msisignins/i, 'managedIdentity'],
];

/**
 * The tab a download came from, by its file name: the interactive and non-interactive tabs write the same
 * header, so the name the portal gives the file is all that tells them apart. A renamed file says nothing.
 */
export function signInTab(file: string | undefined): SignInTab | null {
  if (!file) return null;
  return TAB_FILES.find(([pattern]) => pattern.test(file))?.[1] ?? null;
}

/** "Aarhus, Midtjylland, DK" as Graph's signInLocation; read from the right, where the country always is. */
function signInLocation(raw: string): { city: string; state: string; countryOrRegion: string } {
  const parts = raw.split(',').map((s) => s.trim());
  if (raw.trim() === '') return { city: '', state: '', countryOrRegion: '' };
  const countryOrRegion = parts.pop() ?? '';
  const state = parts.length >= 2 ? (parts.pop() ?? '') : '';
  return { city: parts.join(', '), state, countryOrRegion };
}

/** A display value as one of Graph's enum members ("Not Applied" → notApplied), else the text as written. */
function enumMember(raw: string, members: readonly string[]): string | undefined {
  const text = raw.trim();
  if (!text) return undefined;
  const squashed = text.replace(/[^a-z0-9]/gi, '').toLowerCase();
  return members.find((m) => m.toLowerCase() === squashed) ?? text;
}

/** "Yes", "true", "1" and their opposites; undefined for anything else (the portal leaves it blank when unknown). */
function yesNo(raw: string): boolean | undefined {
  const t = raw.trim().toLowerCase();
  if (t === 'yes' || t === 'true' || t === '1') return true;
  if (t === 'no' || t === 'false' || t === '0') return false;
  return undefined;
}

/** The record without the properties the download left empty. */
function compact<T extends Record<string, unknown>>(record: T): T {
  for (const key of Object.keys(record)) if (record[key] === undefined || record[key] === '') delete record[key];
  return record;
}

type Common = { ok: true; record: Record<string, unknown> } | { ok: false; reason: string };

/** What every tab's download has: the request, the app and resource, the address, the outcome. */
function commonSignIn(row: Record<string, string>, ctx: ConvertContext): Common {
  const created = ctx.time(get(row, 'Date (UTC)', 'Date'));
  const id = get(row, 'Request ID', 'Id');
  if (!created || !id) return { ok: false, reason: 'no readable date or request id' };
  const codeText = get(row, 'Sign-in error code', 'Error code').trim();
  const status = get(row, 'Status').trim();
  let errorCode = numberCell(codeText);
  if (codeText && (errorCode === undefined || !Number.isInteger(errorCode)))
    return { ok: false, reason: `Sign-in error code ${quoted(codeText, 20)} is not an error code` };
  // Older downloads left the code empty on success; a failure without its code cannot be weighed.
  if (errorCode === undefined) {
    if (!/^success$/i.test(status))
      return { ok: false, reason: 'no sign-in error code for a sign-in that did not succeed' };
    errorCode = 0;
  }
  const lat = numberCell(get(row, 'Latitude'));
  const lon = numberCell(get(row, 'Longitude'));
  return {
    ok: true,
    record: {
      id,
      createdDateTime: created,
      appDisplayName: get(row, 'Application'),
      appId: get(row, 'Application ID'),
      resourceDisplayName: get(row, 'Resource'),
      resourceId: get(row, 'Resource ID'),
      resourceTenantId: get(row, 'Resource tenant ID'),
      homeTenantId: get(row, 'Home tenant ID'),
      ipAddress: get(row, 'IP address'),
      correlationId: get(row, 'Correlation ID'),
      status: compact({
        errorCode,
        failureReason: get(row, 'Failure reason') || undefined,
        // The portal's "MFA result" column is the sign-in's status detail ("MFA requirement satisfied by claim in the token").
        additionalDetails: get(row, 'Multifactor authentication result') || undefined,
      }),
      location: {
        ...signInLocation(get(row, 'Location')),
        // Only the earliest downloads had coordinates; today's have none.
        ...(lat !== undefined && lon !== undefined ? { geoCoordinates: { latitude: lat, longitude: lon } } : {}),
      },
      conditionalAccessStatus: enumMember(get(row, 'Conditional Access'), ['success', 'failure', 'notApplied']),
      // Beta names from here on (Graph beta signIn): the download carries them, v1.0 does not.
      autonomousSystemNumber: numberCell(get(row, 'Autonomous system  number', 'Autonomous system number')),
    },
  };
}

/**
 * The interactive and non-interactive user sign-in tabs, as Graph `signIn` records. Which tab a file came
 * from is read from its name (isInteractive and signInEventTypes); a renamed file leaves both out rather
 * than guess. Also reads the older, shorter downloads this project read before (Latitude and Longitude).
 */
export const entraSignInsCsv: CsvFormat = {
  id: 'entra-signins-csv',
  label: 'Entra sign-in log download, interactive or non-interactive user sign-ins (CSV)',
  source: 'signIns',
  signature: ['request id', 'ip address', 'client app'],
  columns: USER_SIGNIN_COLUMNS,
  utc: true,
  convert(row, ctx): RowResult {
    const common = commonSignIn(row, ctx);
    if (!common.ok) return common;
    const tab = signInTab(ctx.file);
    const user = tab === 'interactiveUser' || tab === 'nonInteractiveUser' ? tab : null;
    const mfa = compact({
      authMethod: get(row, 'Multifactor authentication auth method'),
      authDetail: get(row, 'Multifactor authentication auth detail'),
    });
    const record = compact({
      ...common.record,
      userPrincipalName: get(row, 'Username', 'User principal name').toLowerCase(),
      userDisplayName: get(row, 'User'),
      userId: get(row, 'User ID'),
      clientAppUsed: get(row, 'Client app'),
      userAgent: get(row, 'User agent'),
      deviceDetail: compact({
        deviceId: get(row, 'Device ID'),
        browser: get(row, 'Browser'),
        operatingSystem: get(row, 'Operating System'),
        isCompliant: yesNo(get(row, 'Compliant')),
        isManaged: yesNo(get(row, 'Managed')),
        trustType: get(row, 'Join Type'),
      }),
      ipAddressFromResourceProvider: get(row, 'IP address (seen by resource)'),
      userType: enumMember(get(row, 'User type'), ['member', 'guest']),
      authenticationRequirement: enumMember(get(row, 'Authentication requirement'), [
        'singleFactorAuthentication',
        'multiFactorAuthentication',
      ]),
      authenticationProtocol: enumMember(get(row, 'Authentication Protocol'), [
        'none',
        'oAuth2',
        'ropc',
        'wsFederation',
        'saml20',
        'deviceCode',
        'authenticationTransfer',
        'nativeAuth',
      ]),
      incomingTokenType: enumMember(get(row, 'Incoming token type'), [
        'none',
        'primaryRefreshToken',
        'saml11',
        'saml20',
        'remoteDesktopToken',
        'refreshToken',
      ]),
      flaggedForReview: yesNo(get(row, 'Flagged for review')),
      sessionId: get(row, 'Session ID'),
      // Deprecated in beta, but the download still carries the columns.
      mfaDetail: Object.keys(mfa).length > 0 ? mfa : undefined,
      isInteractive: user ? user === 'interactiveUser' : undefined,
      signInEventTypes: user ? [user] : undefined,
    });
    return { ok: true, record };
  },
};

/**
 * The service principal sign-ins tab: an app signing in with its own credential. No user: the record keeps
 * servicePrincipalId and servicePrincipalName and has no userPrincipalName, so it is the app's activity,
 * never the case user's. Never interactive.
 */
export const entraServicePrincipalSignInsCsv: CsvFormat = {
  id: 'entra-serviceprincipal-signins-csv',
  label: 'Entra sign-in log download, service principal sign-ins (CSV)',
  source: 'signIns',
  signature: ['request id', 'service principal id', 'ip address'],
  columns: SERVICE_PRINCIPAL_SIGNIN_COLUMNS,
  utc: true,
  convert(row, ctx): RowResult {
    const common = commonSignIn(row, ctx);
    if (!common.ok) return common;
    const servicePrincipalId = get(row, 'Service principal ID');
    if (!servicePrincipalId) return { ok: false, reason: 'no service principal id' };
    const tab = signInTab(ctx.file);
    return {
      ok: true,
      record: compact({
        ...common.record,
        servicePrincipalId,
        servicePrincipalName: get(row, 'Service principal name'),
        servicePrincipalCredentialKeyId: get(row, 'Credential key ID'),
        servicePrincipalCredentialThumbprint: get(row, 'Credential thumbprint'),
        isInteractive: false,
        signInEventTypes: tab === 'servicePrincipal' || tab === 'managedIdentity' ? [tab] : undefined,
      }),
    };
  },
};
