import type { SourceId } from '../../shared/domain/investigation.ts';
import { AppError } from '../core/app-error.ts';
import { invokeCommand } from '../exchange/admin-client.ts';
import { MESSAGE_TRACE_CMDLET } from '../exchange/message-trace.ts';
import { GraphApi } from '../graph/graph-api.ts';
import type { TenantConnection } from '../tenant/tenant-connection.ts';
import { CollectError } from './collect-error.ts';
import { SOURCES } from './sources.ts';

export interface Capability {
  source: SourceId;
  available: boolean;
  /** Why not: licence, permission, exchange, not_found, … */
  reason: string | null;
  detail: string | null;
  fix: string | null;
}

const GRAPH_PROBES: Array<[SourceId, string | ((user: string) => string)]> = [
  ['user', '/users?$top=1&$select=id'],
  ['domains', '/organization?$select=id'],
  ['signIns', '/auditLogs/signIns?$top=1'],
  ['directoryAudits', '/auditLogs/directoryAudits?$top=1'],
  ['inboxRules', (u) => `/users/${u}/mailFolders/inbox/messageRules`],
  ['authMethods', (u) => `/users/${u}/authentication/methods`],
  ['oauthGrants', '/oauth2PermissionGrants?$top=1'],
  ['appRoleAssignments', (u) => `/users/${u}/appRoleAssignments?$top=1`],
  ['roleAssignments', '/roleManagement/directory/roleAssignments?$top=1'],
  ['riskyUser', '/identityProtection/riskyUsers?$top=1'],
  ['riskDetections', '/identityProtection/riskDetections?$top=1'],
  ['alerts', '/security/alerts_v2?$top=1'],
  ['auditLog', '/security/auditLog/queries?$top=1'],
  ['messageTrace', '/admin/exchange/tracing/messageTraces?$top=1'],
  ['sentItems', (u) => `/users/${u}/mailFolders/sentitems/messages?$top=1&$select=id`],
  ['identityPolicies', '/policies/authorizationPolicy'],
];
const EXCHANGE_SOURCES: SourceId[] = [
  'mailboxRules',
  'mailboxForwarding',
  'mailboxPermissions',
  'recipientPermissions',
  'blockedSender',
  'mailPolicies',
];

/**
 * Capability probes: one cheap request per source, so the analyst sees before collecting what this tenant
 * and these permissions allow, and for each gap the exact permission, role or licence to add. Per-user
 * sources are probed on `user` (any mailbox will do) and reported as unknown without one.
 */
export async function probeCapabilities(tenant: TenantConnection, user: string | null): Promise<Capability[]> {
  const graph = new GraphApi(tenant, { maxAttempts: 2 });
  const probe = async ([source, path]: [SourceId, string | ((u: string) => string)]): Promise<Capability> => {
    if (typeof path === 'function' && !user)
      return { source, available: false, reason: 'unknown', detail: 'Needs a user to check.', fix: null };
    try {
      await graph.get(typeof path === 'function' ? path(encodeURIComponent(user!)) : path);
      return { source, available: true, reason: null, detail: null, fix: null };
    } catch (error) {
      const e = error instanceof CollectError ? error : new CollectError('service', 'The probe failed.');
      return {
        source,
        available: false,
        reason: e.reason,
        detail: e.message,
        fix: e.fix ?? (e.reason === 'permission' || e.reason === 'licence' ? SOURCES[source].fix : null),
      };
    }
  };
  const graphResults = await Promise.all(GRAPH_PROBES.map(probe));
  // Message trace has a second way in: where Graph refuses it, say whether Exchange's cmdlet answers.
  const trace = graphResults.findIndex((r) => r.source === 'messageTrace');
  const refused = graphResults[trace]!;
  if (!refused.available && ['permission', 'licence', 'not_found'].includes(refused.reason ?? '')) {
    const hour = 3_600_000;
    try {
      await invokeCommand(tenant, MESSAGE_TRACE_CMDLET, {
        SenderAddress: user ?? 'probe@invalid.example',
        StartDate: new Date(Date.now() - hour).toISOString().slice(0, 19),
        EndDate: new Date().toISOString().slice(0, 19),
        ResultSize: 1,
      });
      graphResults[trace] = {
        source: 'messageTrace',
        available: true,
        reason: null,
        detail: `Graph refused message trace (${refused.detail ?? refused.reason}); Exchange Online's ${MESSAGE_TRACE_CMDLET} answers instead.`,
        fix: null,
      };
    } catch {
      graphResults[trace] = {
        ...refused,
        detail: `${refused.detail ?? ''} Exchange Online's ${MESSAGE_TRACE_CMDLET} was refused too.`.trim(),
        fix: SOURCES.messageTrace.fix,
      };
    }
  }
  let exchange: Pick<Capability, 'available' | 'reason' | 'detail' | 'fix'>;
  try {
    await invokeCommand(tenant, 'Get-BlockedSenderAddress', { SenderAddress: user ?? 'probe@invalid.example' });
    exchange = { available: true, reason: null, detail: null, fix: null };
  } catch (error) {
    const denied = error instanceof AppError && error.message === 'errors.exchangeDenied';
    exchange = {
      available: false,
      reason: denied ? 'exchange' : 'service',
      detail: denied ? 'Exchange Online refused the app.' : 'Exchange Online could not be reached.',
      fix: denied ? SOURCES.mailboxForwarding.fix : null,
    };
  }
  return [...graphResults, ...EXCHANGE_SOURCES.map((source) => ({ source, ...exchange }))];
}
