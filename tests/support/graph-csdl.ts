import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFilter, type FilterNode } from '../../src/main/emulator/graph/odata/filter.ts';
import { ROOT } from './cli.ts';

/**
 * Microsoft Graph's v1.0 schema as extracted into tests/fixtures/graph-csdl (scripts/graph-csdl-extract.ts),
 * and the checks the conformance test makes with it: resolve a request's path segment by segment, check the
 * property names its query options and body use, and check every property of an answer.
 */

/** A type as scripts/graph-csdl-extract.ts writes it. */
export interface TypeDef {
  kind: 'entity' | 'complex';
  base: string | null;
  abstract?: true;
  open?: true;
  /** Structural properties: name → type (`Collection(…)` for lists). */
  properties: Record<string, string>;
  /** Navigation properties: name → target type. */
  navigation: Record<string, string>;
}

/** A bound function or action as scripts/graph-csdl-extract.ts writes it. */
export interface Operation {
  kind: 'function' | 'action';
  name: string;
  binding: string;
  parameters: Record<string, string>;
  returns: string | null;
}

interface Extract {
  container: { entitySets: Record<string, string>; singletons: Record<string, string> };
  types: Record<string, TypeDef>;
  enums: Record<string, string[]>;
  operations: Operation[];
}

export const CSDL = JSON.parse(
  readFileSync(join(ROOT, 'tests', 'fixtures', 'graph-csdl', 'graph-v1.0.json'), 'utf8'),
) as Extract;

/** Where a path leads: a type (single or collection), or a bound operation's parameters and result. */
export type Resolved =
  | { kind: 'type'; type: string; collection: boolean }
  | { kind: 'operation'; operation: Operation; collection: boolean };

const elementOf = (type: string) => /^Collection\((.+)\)$/.exec(type)?.[1] ?? type;
const isCollection = (type: string) => type.startsWith('Collection(');

export class SchemaError extends Error {}

function typeDef(name: string): TypeDef {
  const def = CSDL.types[name];
  if (!def)
    throw new SchemaError(
      `${name} is not in the schema extract: add it to tests/fixtures/graph-csdl/roots.json and run node scripts/graph-csdl-extract.ts`,
    );
  return def;
}

/** The type and its base types, most derived first. */
function chain(name: string): string[] {
  const out: string[] = [];
  for (let t: string | null = name; t; t = typeDef(t).base) out.push(t);
  return out;
}

export function isSameOrDerived(type: string, base: string): boolean {
  return CSDL.types[type] !== undefined && chain(type).includes(base);
}

function member(type: string, name: string): { type: string; navigation: boolean } | null {
  for (const t of chain(type)) {
    const def = typeDef(t);
    if (name in def.properties) return { type: def.properties[name]!, navigation: false };
    if (name in def.navigation) return { type: def.navigation[name]!, navigation: true };
  }
  return null;
}

/**
 * An open type takes dynamic properties. Graph marks many entity types open (user, message) where the
 * only dynamic properties it documents are directory extensions, so those are all that is allowed there;
 * an open type that declares nothing of its own (a dictionary such as security.defaultAuditData) takes any.
 */
function takesDynamic(type: string, name: string): boolean {
  const own = typeDef(type);
  if (own.open && Object.keys(own.properties).length === 0) return true;
  return chain(type).some((t) => typeDef(t).open) && /^extension_[0-9a-f]{32}_\w+$/i.test(name);
}

function operation(binding: string, collection: boolean, segment: string): Operation | null {
  const name = segment.includes('.') ? segment : `microsoft.graph.${segment}`;
  const shortName = name.slice(name.lastIndexOf('.') + 1);
  for (const t of chain(binding)) {
    const wanted = collection ? `Collection(${t})` : t;
    const found = CSDL.operations.find(
      (op) => op.binding === wanted && (op.name === name || op.name.endsWith(`.${shortName}`)),
    );
    if (found) return found;
  }
  return null;
}

/** Resolves `/users/{id}/mailFolders/inbox/messageRules` (after `/v1.0`) against the schema. */
export function resolvePath(path: string): Resolved {
  const segments = path.split('/').filter(Boolean);
  const [first, ...rest] = segments;
  let at: Resolved;
  if (first! in CSDL.container.entitySets)
    at = { kind: 'type', type: CSDL.container.entitySets[first!]!, collection: true };
  else if (first! in CSDL.container.singletons)
    at = { kind: 'type', type: CSDL.container.singletons[first!]!, collection: false };
  else throw new SchemaError(`'${first}' is neither an entity set nor a singleton of Graph v1.0`);
  for (const segment of rest) {
    if (at.kind === 'operation') throw new SchemaError(`nothing follows the operation ${at.operation.name}`);
    const current: { type: string; collection: boolean } = at;
    const cast = segment.startsWith('microsoft.graph.') && CSDL.types[segment] ? segment : null;
    if (cast) {
      if (!isSameOrDerived(cast, current.type)) throw new SchemaError(`${cast} is not derived from ${current.type}`);
      at = { kind: 'type', type: cast, collection: current.collection };
      continue;
    }
    const op = operation(current.type, current.collection, segment);
    if (op) {
      at = { kind: 'operation', operation: op, collection: current.collection };
      continue;
    }
    if (current.collection) {
      at = { kind: 'type', type: current.type, collection: false }; // a key
      continue;
    }
    const found = member(current.type, segment);
    if (!found) throw new SchemaError(`${current.type} has no property, navigation or bound operation '${segment}'`);
    at = { kind: 'type', type: elementOf(found.type), collection: isCollection(found.type) };
  }
  return at;
}

/** Follows `initiatedBy/user/id` from a type; a lambda variable stands for the collection's element. */
function checkPropertyPath(type: string, path: string, scope: Map<string, string>, where: string): string[] {
  const [head, ...tail] = path.split('/');
  let current = type;
  let segments = [head!, ...tail];
  if (scope.has(head!)) {
    current = scope.get(head!)!;
    segments = tail;
  }
  for (const segment of segments) {
    if (current.startsWith('Edm.') || CSDL.enums[current])
      return [`${where}: '${path}' goes past the primitive ${current}`];
    const found = member(current, segment);
    if (!found) return [`${where}: ${current} has no property '${segment}' (in '${path}')`];
    current = elementOf(found.type);
  }
  return [];
}

function checkFilter(type: string, node: FilterNode, scope: Map<string, string>, where: string): string[] {
  switch (node.type) {
    case 'and':
    case 'or':
      return [...checkFilter(type, node.left, scope, where), ...checkFilter(type, node.right, scope, where)];
    case 'not':
      return checkFilter(type, node.operand, scope, where);
    case 'compare':
    case 'call':
      return checkPropertyPath(type, node.path, scope, where);
    case 'any': {
      const problems = checkPropertyPath(type, node.path, scope, where);
      if (problems.length > 0) return problems;
      let element = type;
      for (const segment of node.path.split('/')) element = elementOf(member(element, segment)!.type);
      return checkFilter(type, node.body, new Map([...scope, [node.variable, element]]), where);
    }
  }
}

const QUERY_OPTIONS = new Set(['$select', '$filter', '$orderby', '$expand', '$top', '$skip', '$skiptoken', '$count']);

/** Property names used by `$select`, `$filter`, `$orderby` and `$expand`, checked on the type the path leads to. */
export function checkQuery(resolved: Resolved, query: URLSearchParams, where: string): string[] {
  const problems: string[] = [];
  const type = resolved.kind === 'type' ? resolved.type : elementOf(resolved.operation.returns ?? 'Edm.Untyped');
  for (const [name, value] of query) {
    if (!QUERY_OPTIONS.has(name)) {
      problems.push(`${where}: query option '${name}' is not one Graph documents for these requests`);
      continue;
    }
    if (name === '$select' || name === '$orderby') {
      for (const item of value.split(',')) {
        const path = item.trim().split(/\s+/)[0]!;
        problems.push(...checkPropertyPath(type, path, new Map(), `${where} ${name}`));
      }
    } else if (name === '$expand') {
      for (const item of value.split(',')) {
        const nav = item.trim().split('(')[0]!;
        if (!member(type, nav)?.navigation) problems.push(`${where} $expand: ${type} has no navigation '${nav}'`);
      }
    } else if (name === '$filter') {
      problems.push(...checkFilter(type, parseFilter(value), new Map(), `${where} $filter`));
    }
  }
  return problems;
}

const PRIMITIVE: Record<string, (v: unknown) => boolean> = {
  'Edm.String': (v) => typeof v === 'string',
  'Edm.Guid': (v) => typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v),
  'Edm.DateTimeOffset': (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
  'Edm.Date': (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v),
  'Edm.Duration': (v) => typeof v === 'string',
  'Edm.TimeOfDay': (v) => typeof v === 'string',
  'Edm.Binary': (v) => typeof v === 'string',
  'Edm.Boolean': (v) => typeof v === 'boolean',
  'Edm.Int16': Number.isInteger,
  'Edm.Int32': Number.isInteger,
  'Edm.Int64': Number.isInteger,
  'Edm.Byte': Number.isInteger,
  'Edm.Double': (v) => typeof v === 'number',
  'Edm.Single': (v) => typeof v === 'number',
  'Edm.Decimal': (v) => typeof v === 'number',
  'Edm.Untyped': () => true,
  'Edm.Stream': () => true,
};

/** `#microsoft.graph.x` → `microsoft.graph.x` */
const odataType = (value: unknown) => (typeof value === 'string' ? value.replace(/^#/, '') : null);

/**
 * Every property of a JSON value checked against a declared type: names declared on the type (or the
 * derived type its `@odata.type` names), values of the declared kind, enumeration members that exist.
 * `@odata.*` control information and `property@odata.*` annotations are allowed. `allowed(type, name)`
 * takes a listed exception and says whether it applies.
 */
export function checkValue(
  value: unknown,
  declared: string,
  where: string,
  allowed: (type: string, name: string) => boolean,
): string[] {
  if (value === null || value === undefined) return [];
  if (isCollection(declared)) {
    if (!Array.isArray(value)) return [`${where}: expected a list of ${elementOf(declared)}`];
    return value.flatMap((v) => checkValue(v, elementOf(declared), `${where}[]`, allowed));
  }
  if (declared.startsWith('Edm.'))
    return PRIMITIVE[declared]?.(value) === false ? [`${where}: ${JSON.stringify(value)} is not ${declared}`] : [];
  const members = CSDL.enums[declared];
  if (members) {
    if (typeof value !== 'string') return [`${where}: ${JSON.stringify(value)} is not a ${declared} member`];
    const unknown = value.split(',').filter((m) => !members.includes(m.trim()));
    return unknown.length === 0 || allowed(declared, unknown[0]!.trim())
      ? []
      : [`${where}: '${unknown.join(',')}' is not a member of ${declared}`];
  }
  if (typeof value !== 'object' || Array.isArray(value)) return [`${where}: expected an object of ${declared}`];
  const object = value as Record<string, unknown>;
  let type = declared;
  const named = odataType(object['@odata.type']);
  if (named) {
    if (!CSDL.types[named]) return [`${where}: @odata.type ${named} is not in the schema extract`];
    if (!isSameOrDerived(named, declared)) return [`${where}: @odata.type ${named} is not a ${declared}`];
    type = named;
  }
  typeDef(type);
  const problems: string[] = [];
  for (const [name, v] of Object.entries(object)) {
    if (name.includes('@')) {
      if (!/^[^@]*@odata\.\w+$/.test(name)) problems.push(`${where}: '${name}' is not an OData annotation`);
      continue;
    }
    const found = member(type, name);
    if (!found) {
      if (!takesDynamic(type, name) && !allowed(type, name))
        problems.push(`${where}: ${type} declares no property '${name}'`);
      continue;
    }
    problems.push(...checkValue(v, found.type, `${where}.${name}`, allowed));
  }
  return problems;
}
