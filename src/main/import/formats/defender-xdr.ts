import type { CsvFormat } from './format.ts';
import { booleanCell, get, jsonCell, jsonObject, numberCell } from './columns.ts';
import { auditLogRecord } from './audit-record.ts';
import { otherTable } from './log-analytics.ts';
import { quoted } from '../quoted.ts';

/**
 * Microsoft Defender XDR advanced hunting results: the portal's "Export" (CSV, dynamic columns as JSON
 * text), the hunting API's `{Results: [...]}` / Graph `runHuntingQuery` `{results: [...]}`, and the same
 * tables in Log Analytics (Sentinel's Defender XDR connector), where TimeGenerated stands beside Timestamp.
 * Column names: https://learn.microsoft.com/defender-xdr/advanced-hunting-schema-tables
 */

const UPN = /^[^@\s]+@[^@\s]+$/;

/**
 * CloudAppEvents as `security.auditLogRecord`. For Microsoft 365 activity RawEventData is the unified audit
 * log record (AuditData) itself, so its Id is the record's id (the same event in a Purview export is stored
 * once). A row without RawEventData is rebuilt from the table's own columns; a row of another table in a
 * union (device or identity events: neither ActivityType nor RawEventData) is refused.
 */
export const cloudAppEvents: CsvFormat = {
  id: 'defender-cloudappevents-csv',
  label: 'Defender XDR advanced hunting CloudAppEvents (CSV)',
  source: 'auditLog',
  signature: ['timestamp', 'actiontype', 'activitytype', 'accountobjectid', 'raweventdata'],
  columns: [
    'Timestamp',
    'ActionType',
    'Application',
    'ApplicationId',
    'AppInstanceId',
    'AccountObjectId',
    'AccountId',
    'AccountDisplayName',
    'IsAdminOperation',
    'DeviceType',
    'OSPlatform',
    'IPAddress',
    'IsAnonymousProxy',
    'CountryCode',
    'City',
    'ISP',
    'UserAgent',
    'ActivityType',
    'ActivityObjects',
    'ObjectName',
    'ObjectType',
    'ObjectId',
    'ReportId',
    'AccountType',
    'IsExternalUser',
    'IsImpersonated',
    'IPTags',
    'IPCategory',
    'UserAgentTags',
    'RawEventData',
    'AdditionalFields',
    'LastSeenForUser',
    'UncommonForUser',
    'AuditSource',
    'SessionData',
    'OAuthAppId',
  ],
  utc: true,
  jsonRows: true,
  convert(row, ctx) {
    const other = otherTable(row, ['CloudAppEvents']);
    if (other) return { ok: false, reason: other };
    const rawCell = get(row, 'RawEventData', 'RawEventData_dynamic');
    const raw = jsonObject(rawCell);
    if (rawCell && !raw) return { ok: false, reason: 'the RawEventData column is not a JSON object' };
    if (!raw && !get(row, 'ActivityType'))
      return {
        ok: false,
        reason:
          'neither ActivityType nor RawEventData: a row of another advanced hunting table (device or identity events)',
      };
    const accountId = get(row, 'AccountId');
    const upn = [get(row, 'AccountUpn'), get(row, 'UserId'), accountId].find((v) => UPN.test(v)) ?? '';
    const converted = auditLogRecord(
      raw ?? {},
      {
        id: get(row, 'ReportId', 'ReportId_string', 'ReportId_long'),
        created: get(row, 'Timestamp', 'TimeGenerated'),
        operation: get(row, 'ActionType'),
        userId: upn,
      },
      ctx,
    );
    if (!converted.ok) return converted;
    const record = converted.record;
    // Without RawEventData the address, workload and user come from the table's columns.
    const ip = get(row, 'IPAddress');
    if (!record.clientIp && ip) record.clientIp = ip;
    if (!record.service) record.service = get(row, 'Application');
    if (!record.userPrincipalName && upn) record.userPrincipalName = upn.toLowerCase();
    record.cloudAppEvent = {
      reportId: get(row, 'ReportId', 'ReportId_string', 'ReportId_long'),
      application: get(row, 'Application'),
      accountObjectId: get(row, 'AccountObjectId'),
      accountDisplayName: get(row, 'AccountDisplayName'),
      activityType: get(row, 'ActivityType'),
      countryCode: get(row, 'CountryCode'),
      city: get(row, 'City'),
      isp: get(row, 'ISP'),
      userAgent: get(row, 'UserAgent', 'UserAgent_string'),
      isAnonymousProxy: booleanCell(get(row, 'IsAnonymousProxy')) ?? null,
      ipCategory: get(row, 'IPCategory'),
      oAuthAppId: get(row, 'OAuthAppId'),
    };
    return { ok: true, record };
  },
};

/**
 * Message trace's status from EmailEvents' DeliveryAction and DeliveryLocation (Graph
 * `exchangeMessageTraceStatus`): quarantined mail is quarantined, mail that failed or was dropped failed,
 * blocked mail was filtered as spam, the rest (Delivered, Junked, Replaced) reached a mailbox or the internet.
 */
function traceStatus(action: string, location: string): string {
  const where = location.toLowerCase();
  if (where === 'quarantine') return 'quarantined';
  if (where === 'failed' || where === 'dropped') return 'failed';
  if (action.toLowerCase() === 'blocked') return 'filteredAsSpam';
  return 'delivered';
}

/**
 * EmailEvents as Graph `exchangeMessageTrace`: one row per message and recipient, every direction kept
 * (detectors count the user's outbound mail; inbound rows stay as context).
 */
export const emailEvents: CsvFormat = {
  id: 'defender-emailevents-csv',
  label: 'Defender XDR advanced hunting EmailEvents (CSV)',
  source: 'messageTrace',
  signature: ['timestamp', 'networkmessageid', 'senderfromaddress', 'recipientemailaddress', 'emaildirection'],
  columns: [
    'Timestamp',
    'NetworkMessageId',
    'InternetMessageId',
    'SenderMailFromAddress',
    'SenderFromAddress',
    'SenderDisplayName',
    'SenderObjectId',
    'SenderMailFromDomain',
    'SenderFromDomain',
    'SenderIPv4',
    'SenderIPv6',
    'RecipientEmailAddress',
    'RecipientObjectId',
    'Subject',
    'EmailClusterId',
    'EmailDirection',
    'DeliveryAction',
    'DeliveryLocation',
    'ThreatTypes',
    'ThreatNames',
    'DetectionMethods',
    'ConfidenceLevel',
    'BulkComplaintLevel',
    'EmailAction',
    'EmailActionPolicy',
    'EmailActionPolicyGuid',
    'AuthenticationDetails',
    'AttachmentCount',
    'UrlCount',
    'EmailLanguage',
    'Connectors',
    'OrgLevelAction',
    'OrgLevelPolicy',
    'UserLevelAction',
    'UserLevelPolicy',
    'ReportId',
    'AdditionalFields',
  ],
  utc: true,
  jsonRows: true,
  convert(row, ctx) {
    const other = otherTable(row, ['EmailEvents']);
    if (other) return { ok: false, reason: other };
    const received = ctx.time(get(row, 'Timestamp', 'TimeGenerated'));
    const messageId = get(row, 'NetworkMessageId');
    // Message trace's sender is the envelope sender; the From header is kept beside it.
    const sender = get(row, 'SenderMailFromAddress', 'SenderFromAddress').toLowerCase();
    const recipient = get(row, 'RecipientEmailAddress').toLowerCase();
    if (!received) return { ok: false, reason: 'no readable Timestamp' };
    if (!messageId || !sender || !recipient) return { ok: false, reason: 'no NetworkMessageId, sender or recipient' };
    const action = get(row, 'DeliveryAction');
    const location = get(row, 'DeliveryLocation');
    return {
      ok: true,
      record: {
        id: `${messageId}|${recipient}`,
        senderAddress: sender,
        recipientAddress: recipient,
        receivedDateTime: received,
        subject: get(row, 'Subject'),
        status: traceStatus(action, location),
        fromIP: get(row, 'SenderIPv4', 'SenderIPv6') || null,
        toIP: null,
        size: null,
        messageId: get(row, 'InternetMessageId'),
        emailEvent: {
          networkMessageId: messageId,
          senderFromAddress: get(row, 'SenderFromAddress').toLowerCase(),
          senderIPv6: get(row, 'SenderIPv6'),
          emailDirection: get(row, 'EmailDirection'),
          deliveryAction: action,
          deliveryLocation: location,
          threatTypes: get(row, 'ThreatTypes'),
          reportId: get(row, 'ReportId'),
        },
      },
    };
  },
};

/** LogonType holds a JSON list such as ["interactiveUser"]: whether the sign-in was interactive, if it says. */
function interactive(raw: string): boolean | undefined {
  const cell = jsonCell(raw);
  const kinds = (cell.ok && Array.isArray(cell.value) ? cell.value : [raw]).map((k) => String(k).toLowerCase());
  if (kinds.includes('noninteractiveuser')) return false;
  if (kinds.includes('interactiveuser')) return true;
  return undefined;
}

const CA_STATUS: Record<string, string> = { '0': 'success', '1': 'failure', '2': 'notApplied' };

/**
 * AADSignInEventsBeta (and EntraIdSignInEvents, its successor with the same columns) as Graph `signIn`:
 * RequestId is the sign-in's id in Entra, ErrorCode its status.errorCode, Country/State/City and
 * Latitude/Longitude its location.
 */
export const aadSignInEvents: CsvFormat = {
  id: 'defender-aadsigninevents-csv',
  label: 'Defender XDR advanced hunting AADSignInEventsBeta / EntraIdSignInEvents (CSV)',
  source: 'signIns',
  signature: ['timestamp', 'accountupn', 'errorcode', 'logontype', 'ipaddress'],
  columns: [
    'Timestamp',
    'Application',
    'ApplicationId',
    'LogonType',
    'ErrorCode',
    'CorrelationId',
    'SessionId',
    'AccountDisplayName',
    'AccountObjectId',
    'AccountUpn',
    'IsExternalUser',
    'IsGuestUser',
    'AlternateSignInName',
    'LastPasswordChangeTimestamp',
    'ResourceDisplayName',
    'ResourceId',
    'ResourceTenantId',
    'DeviceName',
    'AadDeviceId',
    'OSPlatform',
    'DeviceTrustType',
    'IsManaged',
    'IsCompliant',
    'AuthenticationProcessingDetails',
    'AuthenticationRequirement',
    'TokenIssuerType',
    'RiskLevelAggregated',
    'RiskLevelDuringSignIn',
    'RiskEventTypes',
    'RiskState',
    'UserAgent',
    'ClientAppUsed',
    'Browser',
    'ConditionalAccessPolicies',
    'ConditionalAccessStatus',
    'IPAddress',
    'Country',
    'State',
    'City',
    'Latitude',
    'Longitude',
    'NetworkLocationDetails',
    'RequestId',
    'ReportId',
    'EndpointCall',
  ],
  utc: true,
  jsonRows: true,
  convert(row, ctx) {
    const other = otherTable(row, ['AADSignInEventsBeta', 'EntraIdSignInEvents']);
    if (other) return { ok: false, reason: other };
    const created = ctx.time(get(row, 'Timestamp', 'TimeGenerated'));
    const id = get(row, 'RequestId', 'ReportId');
    if (!created || !id) return { ok: false, reason: 'no readable Timestamp or RequestId' };
    const codeText = get(row, 'ErrorCode');
    const errorCode = codeText === '' ? 0 : numberCell(codeText);
    if (errorCode === undefined) return { ok: false, reason: `ErrorCode ${quoted(codeText, 20)} is not a number` };
    const latitude = numberCell(get(row, 'Latitude'));
    const longitude = numberCell(get(row, 'Longitude'));
    const caStatus = get(row, 'ConditionalAccessStatus');
    const record: Record<string, unknown> = {
      id,
      createdDateTime: created,
      userPrincipalName: get(row, 'AccountUpn').toLowerCase(),
      userDisplayName: get(row, 'AccountDisplayName'),
      userId: get(row, 'AccountObjectId'),
      appDisplayName: get(row, 'Application'),
      appId: get(row, 'ApplicationId'),
      ipAddress: get(row, 'IPAddress'),
      clientAppUsed: get(row, 'ClientAppUsed'),
      correlationId: get(row, 'CorrelationId'),
      conditionalAccessStatus: CA_STATUS[caStatus] ?? caStatus,
      resourceDisplayName: get(row, 'ResourceDisplayName'),
      resourceId: get(row, 'ResourceId'),
      resourceTenantId: get(row, 'ResourceTenantId'),
      riskLevelAggregated: get(row, 'RiskLevelAggregated'),
      riskLevelDuringSignIn: get(row, 'RiskLevelDuringSignIn'),
      riskState: get(row, 'RiskState'),
      userAgent: get(row, 'UserAgent'),
      status: { errorCode, failureReason: null, additionalDetails: null },
      location: {
        city: get(row, 'City'),
        state: get(row, 'State'),
        countryOrRegion: get(row, 'Country'),
        geoCoordinates:
          latitude !== undefined && longitude !== undefined ? { latitude, longitude, altitude: null } : null,
      },
      deviceDetail: {
        deviceId: get(row, 'AadDeviceId'),
        displayName: get(row, 'DeviceName'),
        operatingSystem: get(row, 'OSPlatform'),
        browser: get(row, 'Browser'),
        trustType: get(row, 'DeviceTrustType'),
        isCompliant: booleanCell(get(row, 'IsCompliant')) ?? null,
        isManaged: booleanCell(get(row, 'IsManaged')) ?? null,
      },
      authenticationRequirement: get(row, 'AuthenticationRequirement'),
    };
    const isInteractive = interactive(get(row, 'LogonType'));
    if (isInteractive !== undefined) record.isInteractive = isInteractive;
    return { ok: true, record };
  },
};

export const DEFENDER_XDR_FORMATS: readonly CsvFormat[] = [cloudAppEvents, emailEvents, aadSignInEvents];
