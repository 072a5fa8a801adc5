import { randomUUID } from 'node:crypto';
import { badRequest, graphError, jsonBody, notFound } from '../errors.ts';
import { caps } from '../odata/filter.ts';
import { project, selectOf, serveCollection } from '../odata/collection.ts';
import { entity, type GraphRoute } from '../route.ts';
import type { EmulatorContext } from '../../context.ts';
import { ipOf } from '../../../network/ip-address.ts';

const ALERTS_READ = ['SecurityAlert.Read.All', 'SecurityAlert.ReadWrite.All'];
const AUDIT_QUERY = ['AuditLogsQuery.Read.All', 'AuditLogsQuery-Exchange.Read.All', 'AuditLogsQuery-Entra.Read.All'];

interface AuditQuery {
  id: string;
  displayName: string;
  filterStartDateTime: string;
  filterEndDateTime: string;
  recordTypeFilters: string[];
  operationFilters: string[];
  userPrincipalNameFilters: string[];
  ipAddressFilters: string[];
  objectIdFilters: string[];
  administrativeUnitIdFilters: string[];
  keywordFilter: string | null;
  serviceFilters: string[];
  createdAt: number;
  records: Record<string, unknown>[] | null;
}

const queries = new WeakMap<EmulatorContext, Map<string, AuditQuery>>();
function queriesOf(ctx: EmulatorContext): Map<string, AuditQuery> {
  let map = queries.get(ctx);
  if (!map) {
    map = new Map<string, AuditQuery>();
    queries.set(ctx, map);
  }
  return map;
}

/** How long a query stays notStarted, then running (real ones take minutes; the emulator's few seconds). */
export const AUDIT_QUERY_TIMING = { notStartedMs: 500, runningMs: 2500 };

function status(ctx: EmulatorContext, query: AuditQuery): 'notStarted' | 'running' | 'succeeded' {
  const age = ctx.now() - query.createdAt;
  if (age < AUDIT_QUERY_TIMING.notStartedMs) return 'notStarted';
  if (age < AUDIT_QUERY_TIMING.notStartedMs + AUDIT_QUERY_TIMING.runningMs) return 'running';
  return 'succeeded';
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function runQuery(ctx: EmulatorContext, q: AuditQuery): Record<string, unknown>[] {
  const lower = (list: string[]) => new Set(list.map((s) => s.toLowerCase()));
  const ops = lower(q.operationFilters);
  const upns = lower(q.userPrincipalNameFilters);
  const types = lower(q.recordTypeFilters);
  const ips = lower(q.ipAddressFilters);
  const services = lower(q.serviceFilters);
  const start = Date.parse(q.filterStartDateTime);
  const end = Date.parse(q.filterEndDateTime);
  return ctx.state.scenario.auditRecords
    .filter((r) => {
      const t = Date.parse(String(r.createdDateTime));
      if (t < start || t >= end) return false;
      if (ops.size && !ops.has(String(r.operation).toLowerCase())) return false;
      if (upns.size && !upns.has(String(r.userPrincipalName).toLowerCase())) return false;
      if (types.size && !types.has(String(r.auditLogRecordType).toLowerCase())) return false;
      if (ips.size && !ips.has(ipOf(r.clientIp))) return false;
      if (services.size && !services.has(String(r.service).toLowerCase())) return false;
      if (q.keywordFilter && !JSON.stringify(r).toLowerCase().includes(q.keywordFilter.toLowerCase())) return false;
      return true;
    })
    .sort((a, b) => Date.parse(String(a.createdDateTime)) - Date.parse(String(b.createdDateTime)));
}

function view(ctx: EmulatorContext, q: AuditQuery): Record<string, unknown> {
  const s = status(ctx, q);
  const { createdAt: _c, records: _r, ...rest } = q;
  // The records are fixed when the query is first seen finished, as Purview's are. (Record counts are beta
  // only: v1.0's auditLogQuery has none, so none is answered.)
  if (s === 'succeeded') q.records ??= runQuery(ctx, q);
  return { '@odata.type': '#microsoft.graph.security.auditLogQuery', ...rest, status: s };
}

export const securityRoutes: GraphRoute[] = [
  {
    method: 'GET',
    path: '/security/alerts_v2',
    permissions: ALERTS_READ,
    service: 'security',
    licence: 'defenderForOffice365',
    handler: (req, ctx) =>
      serveCollection(req, ctx, ctx.state.scenario.alerts, {
        context: 'security/alerts_v2',
        filter: caps(
          'serviceSource:eq',
          'detectionSource:eq',
          'severity:eq',
          'status:eq',
          'classification:eq',
          'determination:eq',
          'assignedTo:eq',
          'createdDateTime:ge',
          'createdDateTime:le',
          'createdDateTime:gt',
          'createdDateTime:lt',
          'lastUpdateDateTime:ge',
          'lastUpdateDateTime:le',
          '$or',
        ),
        defaultTop: 2000,
        maxTop: 2000,
        count: true,
        defaultSort: { path: 'createdDateTime', direction: 'desc' },
      }),
  },
  {
    method: 'GET',
    path: '/security/alerts_v2/:alertId',
    permissions: ALERTS_READ,
    service: 'security',
    licence: 'defenderForOffice365',
    handler: (req, ctx) => {
      const alert = ctx.state.scenario.alerts.find((a) => a.id === req.params.alertId);
      return alert ? entity(ctx, 'security/alerts_v2/$entity', project(alert, selectOf(req))) : notFound(req);
    },
  },
  {
    method: 'POST',
    path: '/security/auditLog/queries',
    permissions: AUDIT_QUERY,
    service: 'auditQuery',
    licence: 'purviewAudit',
    handler: (req, ctx) => {
      const body = jsonBody(req) as Record<string, unknown>;
      const start = body.filterStartDateTime;
      const end = body.filterEndDateTime;
      if (
        typeof start !== 'string' ||
        typeof end !== 'string' ||
        Number.isNaN(Date.parse(start)) ||
        Number.isNaN(Date.parse(end))
      ) {
        return badRequest(req, 'filterStartDateTime and filterEndDateTime are required.');
      }
      if (Date.parse(end) <= Date.parse(start))
        return badRequest(req, 'filterEndDateTime must be after filterStartDateTime.');
      const query: AuditQuery = {
        id: randomUUID(),
        displayName: typeof body.displayName === 'string' ? body.displayName : '',
        filterStartDateTime: start,
        filterEndDateTime: end,
        recordTypeFilters: strings(body.recordTypeFilters),
        operationFilters: strings(body.operationFilters),
        userPrincipalNameFilters: strings(body.userPrincipalNameFilters),
        ipAddressFilters: strings(body.ipAddressFilters),
        objectIdFilters: strings(body.objectIdFilters),
        administrativeUnitIdFilters: strings(body.administrativeUnitIdFilters),
        keywordFilter: typeof body.keywordFilter === 'string' ? body.keywordFilter : null,
        // Both spellings exist across doc versions: serviceFilter (string) and serviceFilters (list).
        serviceFilters: typeof body.serviceFilter === 'string' ? [body.serviceFilter] : strings(body.serviceFilters),
        createdAt: ctx.now(),
        records: null,
      };
      queriesOf(ctx).set(query.id, query);
      return {
        status: 201,
        body: {
          '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#security/auditLog/queries/$entity`,
          ...view(ctx, query),
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/security/auditLog/queries',
    permissions: AUDIT_QUERY,
    service: 'auditQuery',
    licence: 'purviewAudit',
    handler: (req, ctx) => {
      const views = [...queriesOf(ctx).values()].map((q) => view(ctx, q));
      // A query's status moves on with time, not with a write: it belongs in the result cache's key.
      return serveCollection(req, ctx, views, {
        context: 'security/auditLog/queries',
        cacheKey: views.map((v) => `${String(v.id)}:${String(v.status)}`).join(','),
        defaultTop: 100,
        maxTop: 1000,
      });
    },
  },
  {
    method: 'GET',
    path: '/security/auditLog/queries/:queryId',
    permissions: AUDIT_QUERY,
    service: 'auditQuery',
    licence: 'purviewAudit',
    handler: (req, ctx) => {
      const query = queriesOf(ctx).get(req.params.queryId ?? '');
      return query ? entity(ctx, 'security/auditLog/queries/$entity', view(ctx, query)) : notFound(req);
    },
  },
  {
    method: 'GET',
    path: '/security/auditLog/queries/:queryId/records',
    permissions: AUDIT_QUERY,
    service: 'auditQuery',
    licence: 'purviewAudit',
    handler: (req, ctx) => {
      const query = queriesOf(ctx).get(req.params.queryId ?? '');
      if (!query) return notFound(req);
      if (status(ctx, query) !== 'succeeded')
        return graphError(req, 400, 'BadRequest', 'The audit log query has not completed yet.');
      query.records ??= runQuery(ctx, query);
      return serveCollection(req, ctx, query.records, {
        context: `security/auditLog/queries('${query.id}')/records`,
        defaultTop: 150,
        maxTop: 1000,
      });
    },
  },
];
