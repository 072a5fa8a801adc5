import type { CsvFormat } from './format.ts';
import { booleanCell, get, jsonCell, jsonObject, numberCell } from './columns.ts';
import { otherTable } from './log-analytics.ts';
import { quoted } from '../quoted.ts';

const TABLES = ['SigninLogs', 'AADNonInteractiveUserSignInLogs'];

/** A JSON column's value when it holds a list, else undefined. */
function jsonList(raw: string): unknown[] | undefined {
  const cell = jsonCell(raw);
  return cell.ok && Array.isArray(cell.value) ? cell.value : undefined;
}

/**
 * The SigninLogs and AADNonInteractiveUserSignInLogs tables as Graph `signIn` records. ResultType is the
 * error code as text (status.errorCode), LocationDetails is `location`, DeviceDetail `deviceDetail`.
 * Whether a sign-in is interactive comes from IsInteractive, or else from the row's table.
 */
export const logAnalyticsSignIns: CsvFormat = {
  id: 'log-analytics-signinlogs-csv',
  label: 'Log Analytics / Sentinel SigninLogs or AADNonInteractiveUserSignInLogs (CSV)',
  source: 'signIns',
  signature: ['timegenerated', 'resulttype', 'ipaddress', 'userprincipalname'],
  columns: [
    'TimeGenerated',
    'Id',
    'UserPrincipalName',
    'UserId',
    'UserDisplayName',
    'AppDisplayName',
    'AppId',
    'IPAddress',
    'ClientAppUsed',
    'ResultType',
    'ResultDescription',
    'LocationDetails',
    'DeviceDetail',
    'UserAgent',
    'CorrelationId',
    'ConditionalAccessStatus',
    'AuthenticationRequirement',
    'AutonomousSystemNumber',
    'IsInteractive',
    'Type',
  ],
  utc: true,
  jsonRows: true,
  convert(row, ctx) {
    const other = otherTable(row, TABLES);
    if (other) return { ok: false, reason: other };
    const created = ctx.time(get(row, 'CreatedDateTime', 'TimeGenerated'));
    const id = get(row, 'Id', 'OriginalRequestId');
    if (!created || !id) return { ok: false, reason: 'no readable TimeGenerated or Id' };
    const status = jsonObject(get(row, 'Status')) ?? {};
    const codeText = get(row, 'ResultType') || (typeof status.errorCode === 'number' ? String(status.errorCode) : '');
    const errorCode = numberCell(codeText);
    if (errorCode === undefined)
      return { ok: false, reason: `ResultType ${quoted(codeText, 20)} is not an error code` };
    const type = get(row, 'Type');
    const interactive =
      booleanCell(get(row, 'IsInteractive')) ??
      (type === 'AADNonInteractiveUserSignInLogs' ? false : type === 'SigninLogs' ? true : undefined);
    const record: Record<string, unknown> = {
      id,
      createdDateTime: created,
      userPrincipalName: get(row, 'UserPrincipalName').toLowerCase(),
      userDisplayName: get(row, 'UserDisplayName'),
      userId: get(row, 'UserId'),
      appDisplayName: get(row, 'AppDisplayName'),
      appId: get(row, 'AppId'),
      ipAddress: get(row, 'IPAddress'),
      clientAppUsed: get(row, 'ClientAppUsed'),
      correlationId: get(row, 'CorrelationId'),
      conditionalAccessStatus: get(row, 'ConditionalAccessStatus'),
      resourceDisplayName: get(row, 'ResourceDisplayName'),
      resourceId: get(row, 'ResourceIdentity'),
      resourceTenantId: get(row, 'ResourceTenantId'),
      homeTenantId: get(row, 'HomeTenantId'),
      servicePrincipalId: get(row, 'ServicePrincipalId'),
      servicePrincipalName: get(row, 'ServicePrincipalName'),
      riskDetail: get(row, 'RiskDetail'),
      riskLevelAggregated: get(row, 'RiskLevelAggregated'),
      riskLevelDuringSignIn: get(row, 'RiskLevelDuringSignIn'),
      riskState: get(row, 'RiskState'),
      riskEventTypes_v2: jsonList(get(row, 'RiskEventTypes_V2')) ?? [],
      userAgent: get(row, 'UserAgent'),
      status: {
        errorCode,
        failureReason:
          get(row, 'ResultDescription') || (typeof status.failureReason === 'string' ? status.failureReason : null),
        additionalDetails: typeof status.additionalDetails === 'string' ? status.additionalDetails : null,
      },
      location: jsonObject(get(row, 'LocationDetails')) ?? {},
      deviceDetail: jsonObject(get(row, 'DeviceDetail')) ?? {},
      appliedConditionalAccessPolicies: jsonList(get(row, 'ConditionalAccessPolicies')) ?? [],
      // Beta names (Graph beta signIn): the table carries them, v1.0 does not.
      authenticationRequirement: get(row, 'AuthenticationRequirement'),
      autonomousSystemNumber: numberCell(get(row, 'AutonomousSystemNumber')) ?? null,
    };
    if (interactive !== undefined) record.isInteractive = interactive;
    return { ok: true, record };
  },
};
