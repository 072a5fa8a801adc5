/**
 * The OData `$filter` subset Graph supports on the endpoints Clearance uses: comparisons (eq, ne, gt, ge,
 * lt, le), `and`/`or`/`not`, parentheses, startswith/endswith/contains, and lambda `any`. Each endpoint
 * declares which property/operator pairs it supports; anything else is refused the way Graph refuses it
 * (400), never silently ignored.
 */

export type Literal = string | number | boolean | null;

export type FilterNode =
  | { type: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { type: 'not'; operand: FilterNode }
  | { type: 'compare'; op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; path: string; value: Literal }
  | { type: 'call'; fn: 'startswith' | 'endswith' | 'contains'; path: string; value: string }
  | { type: 'any'; path: string; variable: string; body: FilterNode };

export class FilterSyntaxError extends Error {}
export class UnsupportedFilterError extends Error {}

type Token = { kind: 'ident' | 'string' | 'number' | 'punct' | 'literal'; text: string; pos: number };

const LITERAL =
  /^(?:\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'") {
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= input.length) throw new FilterSyntaxError(`unterminated string at position ${i}`);
        if (input[j] === "'") {
          if (input[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += input[j];
        j++;
      }
      tokens.push({ kind: 'string', text, pos: i });
      i = j + 1;
      continue;
    }
    if ('(),:'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch, pos: i });
      i++;
      continue;
    }
    const literal = LITERAL.exec(input.slice(i));
    if (literal) {
      tokens.push({ kind: 'literal', text: literal[0], pos: i });
      i += literal[0].length;
      continue;
    }
    const number = /^-?\d+(?:\.\d+)?/.exec(input.slice(i));
    if (number) {
      tokens.push({ kind: 'number', text: number[0], pos: i });
      i += number[0].length;
      continue;
    }
    const ident = /^[A-Za-z_@$][\w./@$-]*/.exec(input.slice(i));
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], pos: i });
      i += ident[0].length;
      continue;
    }
    throw new FilterSyntaxError(`unexpected character '${ch}' at position ${i}`);
  }
  return tokens;
}

const COMPARE_OPS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS = new Set(['startswith', 'endswith', 'contains']);

export function parseFilter(input: string): FilterNode {
  const tokens = tokenize(input);
  let p = 0;
  const peek = () => tokens[p];
  const expect = (text: string) => {
    const t = tokens[p];
    if (!t || t.text !== text) throw new FilterSyntaxError(`expected '${text}' at position ${t?.pos ?? input.length}`);
    p++;
  };
  const keyword = (word: string) => {
    const t = peek();
    if (t?.kind === 'ident' && t.text.toLowerCase() === word) {
      p++;
      return true;
    }
    return false;
  };

  const literal = (): Literal => {
    const t = tokens[p++];
    if (!t) throw new FilterSyntaxError('expected a value at the end of the filter');
    if (t.kind === 'string' || t.kind === 'literal') return t.text;
    if (t.kind === 'number') return Number(t.text);
    if (t.kind === 'ident') {
      const word = t.text.toLowerCase();
      if (word === 'true') return true;
      if (word === 'false') return false;
      if (word === 'null') return null;
    }
    throw new FilterSyntaxError(`expected a value at position ${t.pos}`);
  };

  const primary = (): FilterNode => {
    const t = peek();
    if (!t) throw new FilterSyntaxError('unexpected end of the filter');
    if (t.text === '(') {
      p++;
      const inner = or();
      expect(')');
      return inner;
    }
    if (t.kind !== 'ident') throw new FilterSyntaxError(`expected a property at position ${t.pos}`);
    p++;
    const lower = t.text.toLowerCase();
    if (FUNCTIONS.has(lower) && peek()?.text === '(') {
      p++;
      const path = tokens[p++];
      if (path?.kind !== 'ident') throw new FilterSyntaxError(`expected a property in ${lower}()`);
      expect(',');
      const value = literal();
      expect(')');
      if (typeof value !== 'string') throw new FilterSyntaxError(`${lower}() takes a string`);
      return { type: 'call', fn: lower as 'startswith', path: path.text, value };
    }
    if (/\/any$/i.test(t.text) && peek()?.text === '(') {
      p++;
      const variable = tokens[p++];
      if (variable?.kind !== 'ident') throw new FilterSyntaxError('expected a lambda variable');
      expect(':');
      const body = or();
      expect(')');
      return { type: 'any', path: t.text.slice(0, -4), variable: variable.text, body };
    }
    const op = tokens[p++];
    if (!op || op.kind !== 'ident' || !COMPARE_OPS.has(op.text.toLowerCase())) {
      throw new FilterSyntaxError(`expected an operator after '${t.text}' at position ${op?.pos ?? input.length}`);
    }
    return { type: 'compare', op: op.text.toLowerCase() as 'eq', path: t.text, value: literal() };
  };
  const unary = (): FilterNode => (keyword('not') ? { type: 'not', operand: unary() } : primary());
  const and = (): FilterNode => {
    let left = unary();
    while (keyword('and')) left = { type: 'and', left, right: unary() };
    return left;
  };
  const or = (): FilterNode => {
    let left = and();
    while (keyword('or')) left = { type: 'or', left, right: and() };
    return left;
  };
  const tree = or();
  if (p < tokens.length) throw new FilterSyntaxError(`unexpected '${tokens[p]!.text}' at position ${tokens[p]!.pos}`);
  return tree;
}

/** "property:operator" pairs an endpoint supports; lambdas as "collection/any/inner:operator". */
export type FilterCapabilities = ReadonlySet<string>;

export function caps(...entries: string[]): FilterCapabilities {
  return new Set(entries.map((e) => e.toLowerCase()));
}

/** Refuses any property/operator pair the endpoint does not support. */
export function checkSupported(
  node: FilterNode,
  supported: FilterCapabilities,
  prefix = '',
  variable?: string,
  allowOr = true,
): void {
  const path = (raw: string) => {
    const stripped =
      variable && raw.toLowerCase().startsWith(`${variable.toLowerCase()}/`) ? raw.slice(variable.length + 1) : raw;
    return (prefix + stripped).toLowerCase();
  };
  switch (node.type) {
    case 'and':
      checkSupported(node.left, supported, prefix, variable, allowOr);
      checkSupported(node.right, supported, prefix, variable, allowOr);
      return;
    case 'or':
      if (!allowOr && !supported.has('$or'))
        throw new UnsupportedFilterError("the 'or' operator is not supported here");
      checkSupported(node.left, supported, prefix, variable, allowOr);
      checkSupported(node.right, supported, prefix, variable, allowOr);
      return;
    case 'not':
      if (!supported.has('$not')) throw new UnsupportedFilterError("the 'not' operator is not supported here");
      checkSupported(node.operand, supported, prefix, variable, allowOr);
      return;
    case 'compare':
      if (!supported.has(`${path(node.path)}:${node.op}`)) {
        throw new UnsupportedFilterError(`filtering on '${node.path}' with '${node.op}' is not supported`);
      }
      return;
    case 'call':
      if (!supported.has(`${path(node.path)}:${node.fn}`)) {
        throw new UnsupportedFilterError(`${node.fn}() on '${node.path}' is not supported`);
      }
      return;
    case 'any':
      checkSupported(node.body, supported, `${path(node.path)}/any/`, node.variable, allowOr);
  }
}

function lookup(item: unknown, path: string): unknown {
  let node = item;
  for (const part of path.split('/')) {
    if (node === null || typeof node !== 'object') return undefined;
    const record = node as Record<string, unknown>;
    const key = Object.keys(record).find((k) => k.toLowerCase() === part.toLowerCase());
    node = key === undefined ? undefined : record[key];
  }
  return node;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T/;

function compare(left: unknown, right: Literal): number | null {
  if (left === undefined || left === null || right === null) return null;
  if (typeof left === 'string' && typeof right === 'string') {
    if (INSTANT.test(left) && INSTANT.test(right)) return Date.parse(left) - Date.parse(right);
    return left.toLowerCase().localeCompare(right.toLowerCase());
  }
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  if (typeof left === 'boolean' && typeof right === 'boolean') return Number(left) - Number(right);
  return typeof left === 'string' || typeof left === 'number' || typeof left === 'boolean'
    ? String(left).toLowerCase() === String(right).toLowerCase()
      ? 0
      : null
    : null;
}

export function evaluate(node: FilterNode, item: unknown, variable?: string, scope?: unknown): boolean {
  const resolve = (path: string) => {
    if (variable && path.toLowerCase() === variable.toLowerCase()) return scope;
    if (variable && path.toLowerCase().startsWith(`${variable.toLowerCase()}/`))
      return lookup(scope, path.slice(variable.length + 1));
    return lookup(item, path);
  };
  switch (node.type) {
    case 'and':
      return evaluate(node.left, item, variable, scope) && evaluate(node.right, item, variable, scope);
    case 'or':
      return evaluate(node.left, item, variable, scope) || evaluate(node.right, item, variable, scope);
    case 'not':
      return !evaluate(node.operand, item, variable, scope);
    case 'compare': {
      const value = resolve(node.path);
      if (node.op === 'eq' && node.value === null) return value === null || value === undefined;
      if (node.op === 'ne' && node.value === null) return value !== null && value !== undefined;
      const c = compare(value, node.value);
      if (c === null) return node.op === 'ne';
      return { eq: c === 0, ne: c !== 0, gt: c > 0, ge: c >= 0, lt: c < 0, le: c <= 0 }[node.op];
    }
    case 'call': {
      const value = resolve(node.path);
      if (typeof value !== 'string') return false;
      const a = value.toLowerCase();
      const b = node.value.toLowerCase();
      return node.fn === 'startswith' ? a.startsWith(b) : node.fn === 'endswith' ? a.endsWith(b) : a.includes(b);
    }
    case 'any': {
      const collection = resolve(node.path);
      return (
        Array.isArray(collection) && collection.some((element) => evaluate(node.body, item, node.variable, element))
      );
    }
  }
}

/** The properties a filter compares, in order of appearance (Outlook's $orderby rule needs them). */
export function filterPaths(node: FilterNode): string[] {
  switch (node.type) {
    case 'and':
    case 'or':
      return [...filterPaths(node.left), ...filterPaths(node.right)];
    case 'not':
      return filterPaths(node.operand);
    case 'any':
      return [node.path];
    default:
      return [node.path];
  }
}
