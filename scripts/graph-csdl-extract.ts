// Writes tests/fixtures/graph-csdl/graph-v1.0.json: the part of Microsoft Graph's v1.0 CSDL that the
// schema-conformance test needs, so the test reads a small file of the project's own and not ../shared.
// Run after adding a type to tests/fixtures/graph-csdl/roots.json, or when the metadata is refreshed:
//   node scripts/graph-csdl-extract.ts [path/to/graph-v1.0-metadata.xml]
// (default: ../shared/reference/graph-v1.0-metadata.xml beside the clone).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { format, resolveConfig } from 'prettier';
// Types only, so the extract this script writes need not exist yet: the reader loads it when imported.
import type { Operation, TypeDef } from '../tests/support/graph-csdl.ts';

type Xml = Record<string, unknown>;

const here = new URL('.', import.meta.url);
const source = process.argv[2] ?? new URL('../../shared/reference/graph-v1.0-metadata.xml', here).pathname;
const outDir = new URL('../tests/fixtures/graph-csdl/', here);
const roots = JSON.parse(readFileSync(new URL('roots.json', outDir), 'utf8')) as { types: string[] };

const xml = readFileSync(source);
/** An attribute's text ('' when absent). */
const at = (node: Xml, name: string): string => (typeof node[name] === 'string' ? node[name] : '');
const list = (v: unknown): Xml[] => (v === undefined ? [] : Array.isArray(v) ? (v as Xml[]) : [v as Xml]);
const parsed = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name, _path, _leaf, isAttribute) =>
    !isAttribute &&
    [
      'Schema',
      'EntityType',
      'ComplexType',
      'EnumType',
      'Member',
      'Property',
      'NavigationProperty',
      'Function',
      'Action',
      'Parameter',
      'EntitySet',
      'Singleton',
    ].includes(name),
}).parse(xml.toString('utf8')) as Xml;
const schemas = list(((parsed['edmx:Edmx'] as Xml)['edmx:DataServices'] as Xml).Schema);

// Types are written with a namespace alias ("graph.user", "self.alert"); everything here is fully qualified.
const aliases = new Map<string, string>();
for (const s of schemas) if (s.Alias) aliases.set(at(s, 'Alias'), at(s, 'Namespace'));
function qualify(type: string): string {
  const collection = /^Collection\((.+)\)$/.exec(type);
  if (collection) return `Collection(${qualify(collection[1]!)})`;
  if (type.startsWith('Edm.')) return type;
  const dot = type.lastIndexOf('.');
  const ns = type.slice(0, dot);
  return `${aliases.get(ns) ?? ns}.${type.slice(dot + 1)}`;
}
const element = (type: string) => /^Collection\((.+)\)$/.exec(type)?.[1] ?? type;

const allTypes = new Map<string, TypeDef>();
const allEnums = new Map<string, string[]>();
const allOperations: Operation[] = [];
const container = { entitySets: {} as Record<string, string>, singletons: {} as Record<string, string> };

for (const s of schemas) {
  const ns = at(s, 'Namespace');
  for (const [kind, key] of [
    ['entity', 'EntityType'],
    ['complex', 'ComplexType'],
  ] as const) {
    for (const t of list(s[key])) {
      const def: TypeDef = {
        kind,
        base: t.BaseType ? qualify(at(t, 'BaseType')) : null,
        properties: Object.fromEntries(list(t.Property).map((p) => [at(p, 'Name'), qualify(at(p, 'Type'))])),
        navigation: Object.fromEntries(list(t.NavigationProperty).map((p) => [at(p, 'Name'), qualify(at(p, 'Type'))])),
      };
      if (t.Abstract === 'true') def.abstract = true;
      if (t.OpenType === 'true') def.open = true;
      allTypes.set(`${ns}.${at(t, 'Name')}`, def);
    }
  }
  for (const e of list(s.EnumType))
    allEnums.set(
      `${ns}.${at(e, 'Name')}`,
      list(e.Member).map((m) => at(m, 'Name')),
    );
  for (const [kind, key] of [
    ['function', 'Function'],
    ['action', 'Action'],
  ] as const) {
    for (const op of list(s[key])) {
      if (op.IsBound !== 'true') continue;
      const [binding, ...rest] = list(op.Parameter);
      allOperations.push({
        kind,
        name: `${ns}.${at(op, 'Name')}`,
        binding: qualify(at(binding!, 'Type')),
        parameters: Object.fromEntries(rest.map((p) => [at(p, 'Name'), qualify(at(p, 'Type'))])),
        returns: op.ReturnType ? qualify(at(op.ReturnType as Xml, 'Type')) : null,
      });
    }
  }
  const c = s.EntityContainer as Xml | undefined;
  if (c) {
    for (const e of list(c.EntitySet)) container.entitySets[at(e, 'Name')] = qualify(at(e, 'EntityType'));
    for (const e of list(c.Singleton)) container.singletons[at(e, 'Name')] = qualify(at(e, 'Type'));
  }
}

// The closure: each root with its base types and derived types; then every complex or enum type any kept
// type's properties use (with their bases and derived types, since a value may be of a derived type).
// Navigation targets are kept by name only: a root must list each entity type the test walks into.
const derivedOf = new Map<string, string[]>();
for (const [name, def] of allTypes) if (def.base) derivedOf.set(def.base, [...(derivedOf.get(def.base) ?? []), name]);
const keep = new Set<string>();
const enums = new Set<string>();
const queue: string[] = [];
function add(name: string, withDerived: boolean): void {
  if (name.startsWith('Edm.')) return;
  if (allEnums.has(name)) {
    enums.add(name);
    return;
  }
  const def = allTypes.get(name);
  if (!def) throw new Error(`${name} is not in the metadata`);
  if (!keep.has(name)) {
    keep.add(name);
    queue.push(name);
  }
  if (def.base) add(def.base, false);
  if (withDerived) for (const d of derivedOf.get(name) ?? []) add(d, true);
}
for (const root of roots.types) add(root, true);
while (queue.length > 0) {
  const def = allTypes.get(queue.shift()!)!;
  for (const type of Object.values(def.properties)) {
    const el = element(type);
    if (allEnums.has(el) || allTypes.get(el)?.kind === 'complex') add(el, true);
  }
}
const operations = allOperations.filter((op) => keep.has(element(op.binding)));
for (const op of operations)
  for (const t of [...Object.values(op.parameters), ...(op.returns ? [op.returns] : [])]) {
    const el = element(t);
    if (allEnums.has(el) || allTypes.get(el)?.kind === 'complex') add(el, true);
  }
while (queue.length > 0) {
  const def = allTypes.get(queue.shift()!)!;
  for (const type of Object.values(def.properties)) {
    const el = element(type);
    if (allEnums.has(el) || allTypes.get(el)?.kind === 'complex') add(el, true);
  }
}

const sorted = <T>(entries: Iterable<[string, T]>) =>
  Object.fromEntries([...entries].sort(([a], [b]) => a.localeCompare(b)));
const extract = {
  source: {
    file: 'graph-v1.0-metadata.xml',
    sha256: createHash('sha256').update(xml).digest('hex'),
    licence: 'MIT, Copyright (c) 2018 Microsoft Graph (see LICENSE beside this file)',
  },
  roots: roots.types,
  container: {
    entitySets: sorted(Object.entries(container.entitySets)),
    singletons: sorted(Object.entries(container.singletons)),
  },
  types: sorted([...keep].map((name) => [name, allTypes.get(name)!])),
  enums: sorted([...enums].map((name) => [name, allEnums.get(name)!])),
  operations: operations.sort((a, b) => `${a.binding} ${a.name}`.localeCompare(`${b.binding} ${b.name}`)),
};
const target = new URL('graph-v1.0.json', outDir);
// Formatted as the repository's own formatter would, so `prettier --check .` agrees with a fresh extract.
const options = (await resolveConfig(target)) ?? {};
writeFileSync(target, await format(JSON.stringify(extract), { ...options, parser: 'json' }));
console.log(
  `graph-v1.0.json: ${keep.size} types, ${enums.size} enums, ${operations.length} bound operations from ${source}`,
);
