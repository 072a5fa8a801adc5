import { createHash } from 'node:crypto';
import type { CsvFormat } from './format.ts';
import { get } from './columns.ts';
import { quoted } from '../quoted.ts';

const TARGETS = 3;
const PROPERTIES_PER_TARGET = 5;
const ADDITIONAL_DETAILS = 6;

/**
 * The Entra admin center's audit log download (Monitoring & health > Audit logs > Download > CSV): Graph's
 * directoryAudit flattened into columns, the actor as Actor*, at most three targets of at most five modified
 * properties each, and six additional details. Columns as the portal writes them today
 * (tests/fixtures/exports/entra/README.md names the public sources they were checked against).
 */
export const AUDIT_COLUMNS: readonly string[] = [
  'Date (UTC)',
  'CorrelationId',
  'Service',
  'Category',
  'Activity',
  'Result',
  'ResultReason',
  'User Agent',
  'ActorType',
  'ActorDisplayName',
  'ActorObjectId',
  'ActorUserPrincipalName',
  'IPAddress',
  'ActorHomeTenantId',
  'ActorHomeTenantName',
  'ActorServicePrincipalId',
  'ActorServicePrincipalName',
  ...Array.from({ length: TARGETS }, (_, t) => [
    `Target${t + 1}Type`,
    `Target${t + 1}DisplayName`,
    `Target${t + 1}ObjectId`,
    `Target${t + 1}UserPrincipalName`,
    ...Array.from({ length: PROPERTIES_PER_TARGET }, (_, p) =>
      ['Name', 'OldValue', 'NewValue'].map((part) => `Target${t + 1}ModifiedProperty${p + 1}${part}`),
    ).flat(),
  ]).flat(),
  ...Array.from({ length: ADDITIONAL_DETAILS }, (_, d) => [
    `AdditionalDetail${d + 1}Key`,
    `AdditionalDetail${d + 1}Value`,
  ]).flat(),
];

/** Numbered column groups are read while the header has them; a bound keeps a hostile header from looping. */
const MAX_NUMBERED = 50;

const has = (row: Record<string, string>, key: string) => Object.hasOwn(row, key);
/** A cell as Graph writes an absent value. */
const orNull = (value: string): string | null => (value === '' ? null : value);

/**
 * Who did it, as Graph's auditActivityInitiator: a user (UPN, object id, address) or an app (its service
 * principal). ActorType says which; where it says neither, the filled columns do.
 */
function initiatedBy(row: Record<string, string>): Record<string, unknown> {
  const type = get(row, 'ActorType').toLowerCase();
  const upn = get(row, 'ActorUserPrincipalName');
  const spId = get(row, 'ActorServicePrincipalId');
  const spName = get(row, 'ActorServicePrincipalName');
  const isApp = /app|service\s*principal/.test(type) || (!/user/.test(type) && !upn && !!(spId || spName));
  if (isApp)
    return {
      app: {
        displayName: orNull(get(row, 'ActorDisplayName') || spName),
        servicePrincipalId: orNull(spId),
        servicePrincipalName: orNull(spName),
      },
      user: null,
    };
  return {
    user: {
      id: orNull(get(row, 'ActorObjectId')),
      displayName: orNull(get(row, 'ActorDisplayName')),
      userPrincipalName: orNull(upn),
      ipAddress: orNull(get(row, 'IPAddress')),
    },
    app: null,
  };
}

/** Target1…TargetN as Graph's targetResources, each with its ModifiedProperty1…M. */
function targetResources(row: Record<string, string>): Array<Record<string, unknown>> {
  const targets: Array<Record<string, unknown>> = [];
  for (let t = 1; t <= MAX_NUMBERED && (has(row, `target${t}type`) || has(row, `target${t}displayname`)); t++) {
    const modifiedProperties = [];
    for (let p = 1; p <= MAX_NUMBERED && has(row, `target${t}modifiedproperty${p}name`); p++) {
      const displayName = get(row, `Target${t}ModifiedProperty${p}Name`);
      const oldValue = get(row, `Target${t}ModifiedProperty${p}OldValue`);
      const newValue = get(row, `Target${t}ModifiedProperty${p}NewValue`);
      if (displayName || oldValue || newValue)
        modifiedProperties.push({
          displayName: orNull(displayName),
          oldValue: orNull(oldValue),
          newValue: orNull(newValue),
        });
    }
    const target = {
      id: orNull(get(row, `Target${t}ObjectId`)),
      displayName: orNull(get(row, `Target${t}DisplayName`)),
      type: orNull(get(row, `Target${t}Type`)),
      userPrincipalName: orNull(get(row, `Target${t}UserPrincipalName`)),
      modifiedProperties,
    };
    if (target.id || target.displayName || target.type || target.userPrincipalName || modifiedProperties.length > 0)
      targets.push(target);
  }
  return targets;
}

/** AdditionalDetail1…N as Graph's keyValue list; the User Agent column is the "User-Agent" detail. */
function additionalDetails(row: Record<string, string>): Array<{ key: string; value: string | null }> {
  const details: Array<{ key: string; value: string | null }> = [];
  for (let d = 1; d <= MAX_NUMBERED && has(row, `additionaldetail${d}key`); d++) {
    const key = get(row, `AdditionalDetail${d}Key`);
    if (key) details.push({ key, value: orNull(get(row, `AdditionalDetail${d}Value`)) });
  }
  const agent = get(row, 'User Agent');
  if (agent && !details.some((d) => d.key.toLowerCase() === 'user-agent'))
    details.push({ key: 'User-Agent', value: agent });
  return details;
}

/**
 * The download has no record id (CorrelationId is shared by every record of one operation), so a record is
 * named by its content: importing the same file again adds nothing, two different rows never collide.
 */
function rowId(row: Record<string, string>): string {
  const cells = Object.keys(row)
    .sort()
    .map((key) => [key, row[key]]);
  return `entra-audit-csv:${createHash('sha256').update(JSON.stringify(cells)).digest('hex').slice(0, 40)}`;
}

/** The audit log download as Graph `directoryAudit` records. */
export const entraAuditCsv: CsvFormat = {
  id: 'entra-audit-csv',
  label: 'Entra audit log download (CSV)',
  source: 'directoryAudits',
  signature: ['activity', 'actortype', 'actoruserprincipalname', 'target1displayname'],
  columns: AUDIT_COLUMNS,
  utc: true,
  convert(row, ctx) {
    const at = ctx.time(get(row, 'Date (UTC)', 'Date'));
    if (!at) return { ok: false, reason: `no readable ${quoted(ctx.columnName('date (utc)'))}` };
    const activity = get(row, 'Activity');
    if (!activity) return { ok: false, reason: 'no Activity' };
    return {
      ok: true,
      record: {
        id: rowId(row),
        activityDateTime: at,
        activityDisplayName: activity,
        category: get(row, 'Category'),
        loggedByService: get(row, 'Service'),
        // Graph's operationResult members are lower-case (success, failure, timeout).
        result: get(row, 'Result').toLowerCase(),
        resultReason: get(row, 'ResultReason'),
        correlationId: get(row, 'CorrelationId'),
        initiatedBy: initiatedBy(row),
        targetResources: targetResources(row),
        additionalDetails: additionalDetails(row),
      },
    };
  },
};

/**
 * The columns of the audit log's list view ("Initiated by (actor)", "Target"), which earlier Clearance
 * versions read; kept so files prepared that way still import. Today's download is entraAuditCsv.
 */
export const entraAuditListCsv: CsvFormat = {
  id: 'entra-audit-list-csv',
  label: 'Entra audit log, list-view columns (CSV)',
  source: 'directoryAudits',
  signature: ['activity', 'target', 'initiated by (actor)|actor'],
  utc: true,
  convert(row, ctx) {
    const at = ctx.time(get(row, 'Date (UTC)', 'Date'));
    const id = get(row, 'Id', 'ID', 'Correlation ID');
    if (!at || !id) return { ok: false, reason: 'no readable date or id' };
    return {
      ok: true,
      record: {
        id,
        activityDateTime: at,
        activityDisplayName: get(row, 'Activity'),
        category: get(row, 'Category'),
        result: get(row, 'Result', 'Status').toLowerCase(),
        correlationId: get(row, 'Correlation ID'),
        initiatedBy: {
          user: {
            userPrincipalName: get(row, 'Initiated By (Actor)', 'Actor', 'Initiated by (actor)'),
            ipAddress: get(row, 'IP address'),
          },
        },
        targetResources: [{ displayName: get(row, 'Target'), userPrincipalName: get(row, 'Target') }],
      },
    };
  },
};
