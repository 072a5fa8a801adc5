import { createReadStream } from 'node:fs';
import Assembler from 'stream-json/core/assembler.js';
import { jsonParser, type Token } from 'stream-json/core/parser.js';
import { isObject, sizeText, type Encoding } from './json-source.ts';
import type { ByteCount } from './progress-meter.ts';

/**
 * JSON documents (Graph's `{"value": [...]}`, a bare array, the Log Analytics query API's tables) read as a
 * stream of tokens (stream-json), so a file of any size is never held: only one item at a time is built, and
 * an item past a cap is skipped as it is read and reported as a row.
 */

/** An item estimated to take more than this held is not built (its text twice for UTF-16, plus a cost per value). */
export const MAX_JSON_ITEM_BYTES = 64 * 1024 * 1024;

/** Containers nested deeper than this end the read: the tokenizer keeps one entry a level for the whole file. */
const MAX_JSON_DEPTH = 1_000_000;

/** Per value held, over its text: an object or array, a string or key, a number or literal. */
const CONTAINER_COST = 64;
const STRING_COST = 32;
const SCALAR_COST = 16;

/** Where a document keeps its items, in the order one is chosen when it has several. */
const ITEM_KEYS = ['value', 'tables', 'Results', 'results'] as const;
type ItemKey = (typeof ITEM_KEYS)[number];
/** `array`: the document is an array; `self`: an object holding none of ITEM_KEYS as an array is its one item. */
export type DocumentShape = ItemKey | 'array' | 'self';

/** What a first read finds: where the items are, Graph's @odata.context, the first object item. */
export interface DocumentOutline {
  shape: DocumentShape;
  context: string;
  /** The first item that is an object and within the cap, which a layout is detected from. */
  first: Record<string, unknown> | undefined;
  /** For `tables`: each table's column names, null for one whose rows are not read (no columns or rows array). */
  tables: Array<string[] | null>;
  /** Bytes read to find this: the whole file when the context could still follow the items. */
  bytesRead: number;
}

/** An item and its position among the document's items (from 1), or that it passed the cap. */
export type DocumentItem =
  { position: number; value: unknown; tooLarge?: undefined } | { position: number; tooLarge: true };

/** A document that does not parse, or nests deeper than the tokenizer follows. */
export class JsonDocumentError extends Error {}

// stream-chain's markers are registered symbols, so a caller can use them without importing it (its docs say so).
const FLUSH = Symbol.for('object-stream.none');
type Tokenizer = (chunk: string | symbol) => { values: Token[] } | symbol;

const PARSER_OPTIONS = { packValues: false, streamValues: true, maxDepth: MAX_JSON_DEPTH };

/** Builds one value from its tokens with stream-json's Assembler, or only follows it once it passes `budget`. */
class ValueReader {
  done = false;
  tooLarge = false;
  cost = 0;
  private depth = 0;
  private text = '';
  private assembler: Assembler | null;
  private readonly budget: number;

  constructor(keep: boolean, budget: number) {
    this.assembler = keep ? new Assembler() : null;
    this.budget = budget;
  }

  get value(): unknown {
    return this.assembler?.current;
  }

  private spend(cost: number): void {
    this.cost += cost;
    if (this.cost > this.budget && this.assembler) {
      this.tooLarge = true;
      this.assembler = null;
      this.text = '';
    }
  }

  /** Takes one token; true when the value is complete. */
  push(token: Token): boolean {
    switch (token.name) {
      case 'startObject':
      case 'startArray':
        this.depth++;
        this.spend(CONTAINER_COST);
        this.assembler?.consume(token);
        return false;
      case 'endObject':
      case 'endArray':
        this.depth--;
        this.assembler?.consume(token);
        break;
      case 'startString':
      case 'startKey':
      case 'startNumber':
        this.text = '';
        this.spend(STRING_COST);
        return false;
      case 'stringChunk':
      case 'numberChunk':
        this.spend(token.value.length * 2);
        if (this.assembler) this.text += token.value;
        return false;
      case 'endKey':
        this.assembler?.consume({ name: 'keyValue', value: this.text });
        this.text = '';
        return false;
      case 'endString':
        this.assembler?.consume({ name: 'stringValue', value: this.text });
        this.text = '';
        break;
      case 'endNumber':
        this.assembler?.consume({ name: 'numberValue', value: this.text });
        this.text = '';
        break;
      case 'nullValue':
      case 'trueValue':
      case 'falseValue':
        this.spend(SCALAR_COST);
        this.assembler?.consume(token);
        break;
      default:
        return false;
    }
    this.done = this.depth === 0;
    return this.done;
  }
}

/** A key of an object the walk looks into: kept up to `limit` characters, longer ones match nothing. */
class KeyReader {
  text = '';
  tooLong = false;
  private readonly limit: number;
  constructor(limit: number) {
    this.limit = limit;
  }
  add(chunk: string): void {
    if (this.tooLong) return;
    if (this.text.length + chunk.length > this.limit) {
      this.tooLong = true;
      this.text = '';
    } else this.text += chunk;
  }
}

type Role = 'root' | 'items' | 'tables' | 'table' | 'rows';

interface Frame {
  role: Role;
  isArray: boolean;
  /** For `items`: the shape its elements are items of. */
  shape: DocumentShape;
  /** The key whose value comes next (objects); null when it is too long to be one looked for. */
  key: string | null;
  /** Values an array has held so far. */
  index: number;
}

/** A table as the outline reads it. */
interface TableSeen {
  columns: string[] | undefined;
  rows: boolean;
  /** Its first row that can be an object item, kept until the table ends and says whether it counts. */
  firstRow: unknown;
}

/** A table row as an item: an array paired with the column names (no prototype to write through), else as it is. */
function rowItem(row: unknown, names: readonly string[]): unknown {
  if (!Array.isArray(row)) return row;
  const item = Object.create(null) as Record<string, unknown>;
  names.forEach((name, i) => {
    if (name) item[name] = row[i];
  });
  return item;
}

const ignore = () => {};

/**
 * Follows a document's tokens. `outline` mode finds where the items are and the first object item; `items`
 * mode, given the outline, builds the items one at a time into `found`. Only the first array under each key
 * is read (JSON.parse would keep the last).
 */
class DocumentWalk {
  readonly found: DocumentItem[] = [];
  /** Bytes of the file read so far (walkFile keeps it). */
  bytesRead = 0;
  stopped = false;
  context: string | null = null;
  rootIsArray = false;
  readonly present = new Set<ItemKey>();
  first: Record<string, unknown> | undefined;
  /** The shape `first` came from: an object from a preferred shape replaces it. */
  firstFrom: DocumentShape | null = null;
  readonly tables: Array<string[] | null> = [];
  /** The document as its own item (`self`): its members, while they stay within the cap. */
  self: Record<string, unknown> | null = {};
  private selfCost = 0;
  private tablesCost = 0;
  private valueEnded = false;
  private table: TableSeen | null = null;
  private tableIndex = -1;
  private position = 0;
  private readonly stack: Frame[] = [];
  private reader: ValueReader | null = null;
  private onValue: (reader: ValueReader) => void = ignore;
  private key: KeyReader | null = null;
  private readonly mode: 'outline' | 'items';
  private readonly maxItemBytes: number;
  private readonly outline: DocumentOutline | undefined;

  constructor(mode: 'outline' | 'items', maxItemBytes: number, outline?: DocumentOutline) {
    this.mode = mode;
    this.maxItemBytes = maxItemBytes;
    this.outline = outline;
  }

  /** The whole document as its item is wanted: to detect a layout from, or to import. */
  private get keepSelf(): boolean {
    return this.mode === 'outline' || this.outline?.shape === 'self';
  }

  push(token: Token): void {
    if (this.reader) {
      if (this.reader.push(token)) this.built();
      return;
    }
    if (this.key) {
      if (token.name === 'stringChunk') this.key.add(token.value);
      else if (token.name === 'endKey') {
        this.stack[this.stack.length - 1]!.key = this.key.tooLong ? null : this.key.text;
        this.key = null;
      }
      return;
    }
    switch (token.name) {
      case 'startKey': {
        const root = this.stack.length === 1;
        // Root keys name the members of the document as an item; the others need only be matched.
        this.key = new KeyReader(root && this.keepSelf ? this.maxItemBytes / 2 : 64);
        return;
      }
      case 'endObject':
      case 'endArray':
        this.close();
        return;
      default:
        this.open(token);
    }
  }

  private built(): void {
    const reader = this.reader!;
    const onValue = this.onValue;
    this.reader = null;
    this.onValue = ignore;
    onValue(reader);
  }

  /** Builds (or, not kept, only follows) the value `token` begins; `onValue` hears of it when complete. */
  private build(token: Token, keep: boolean, onValue: (reader: ValueReader) => void = ignore): void {
    this.reader = new ValueReader(keep, this.maxItemBytes);
    this.onValue = onValue;
    if (this.reader.push(token)) this.built();
  }

  /** A value starts: where it is decides whether it is walked into, built, or passed over. */
  private open(token: Token): void {
    const parent = this.stack[this.stack.length - 1];
    const opensObject = token.name === 'startObject';
    const opensArray = token.name === 'startArray';
    const enter = (role: Role, shape: DocumentShape = 'self'): void => {
      this.stack.push({ role, isArray: opensArray, shape, key: null, index: 0 });
    };
    if (!parent) {
      // Sniffing saw `[` or `{`: a scalar document has no items.
      this.rootIsArray = opensArray;
      if (opensArray || opensObject) enter('root', opensArray ? 'array' : 'self');
      else this.build(token, false);
      return;
    }
    const index = parent.index++;
    const key = parent.key;
    parent.key = null;
    switch (parent.role) {
      case 'root':
        if (parent.isArray) return this.item(token, 'array', opensObject);
        if (opensArray && isItemKey(key) && !this.present.has(key)) {
          this.present.add(key);
          return key === 'tables' ? enter('tables') : enter('items', key);
        }
        return this.member(token, key);
      case 'items':
        return this.item(token, parent.shape, opensObject);
      case 'tables':
        this.tableIndex = index;
        if (!opensObject) return this.build(token, false, () => this.endTable(null));
        this.table = { columns: undefined, rows: false, firstRow: undefined };
        return enter('table');
      case 'table': {
        const table = this.table!;
        if (key === 'columns' && opensArray && !table.columns)
          return this.build(token, this.mode === 'outline', (reader) => {
            if (Array.isArray(reader.value) && !reader.tooLarge)
              table.columns = reader.value.map((c) => (isObject(c) && typeof c.name === 'string' ? c.name : ''));
          });
        if (key === 'rows' && opensArray && !table.rows) {
          table.rows = true;
          return enter('rows');
        }
        return this.build(token, false);
      }
      case 'rows':
        return this.row(token, opensObject || opensArray);
    }
  }

  private close(): void {
    const frame = this.stack.pop()!;
    if (frame.role === 'items' && frame.shape === 'value') this.valueEnded = true;
    else if (frame.role === 'table') this.endTable(this.table);
    else if (frame.role === 'root' && !frame.isArray && this.mode === 'items' && this.outline?.shape === 'self') {
      const position = ++this.position;
      this.found.push(this.self ? { position, value: this.self } : { position, tooLarge: true });
    }
    this.checkStop();
  }

  /** A member of the root object that holds no items: part of the document as its own item. */
  private member(token: Token, key: string | null): void {
    const keep = this.keepSelf;
    this.build(token, keep, (reader) => {
      if (!keep) return;
      if (key === '@odata.context' && typeof reader.value === 'string' && this.context === null)
        this.context = reader.value;
      this.selfCost += reader.cost + STRING_COST + (key?.length ?? 0) * 2;
      if (key === null || reader.tooLarge || this.selfCost > this.maxItemBytes) this.self = null;
      // Like JSON.parse: a __proto__ key is an own property, never the prototype.
      if (this.self && key !== null)
        Object.defineProperty(this.self, key, {
          value: reader.value,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      this.checkStop();
    });
  }

  /** An element of an array of items. */
  private item(token: Token, shape: DocumentShape, opensObject: boolean): void {
    if (this.mode === 'items') {
      if (shape !== this.outline?.shape) return this.build(token, false);
      const position = ++this.position;
      return this.build(token, true, (reader) =>
        this.found.push(reader.tooLarge ? { position, tooLarge: true } : { position, value: reader.value }),
      );
    }
    if (!opensObject || !this.prefers(shape)) return this.build(token, false);
    this.build(token, true, (reader) => {
      if (!reader.tooLarge && isObject(reader.value) && this.prefers(shape)) {
        this.first = reader.value;
        this.firstFrom = shape;
      }
      this.checkStop();
    });
  }

  /** A row of a table. */
  private row(token: Token, couldBeObject: boolean): void {
    if (this.mode === 'items') {
      const names = this.outline?.shape === 'tables' ? this.outline.tables[this.tableIndex] : null;
      if (!names) return this.build(token, false);
      const position = ++this.position;
      return this.build(token, true, (reader) =>
        this.found.push(
          reader.tooLarge ? { position, tooLarge: true } : { position, value: rowItem(reader.value, names) },
        ),
      );
    }
    const table = this.table!;
    if (!couldBeObject || table.firstRow !== undefined || !this.prefers('tables')) return this.build(token, false);
    this.build(token, true, (reader) => {
      if (!reader.tooLarge) table.firstRow = reader.value;
    });
  }

  private endTable(table: TableSeen | null): void {
    const names = table?.columns && table.rows ? table.columns : null;
    this.table = null;
    if (this.mode !== 'outline') return;
    // An entry a table: a file of millions of tables must not grow the list past the cap.
    this.tablesCost += SCALAR_COST + (names ?? []).reduce((n, name) => n + STRING_COST + name.length * 2, 0);
    if (this.tablesCost > this.maxItemBytes)
      throw new JsonDocumentError(`its tables' column names take more than ${sizeText(this.maxItemBytes, 'B')}`);
    this.tables.push(names);
    if (names && table?.firstRow !== undefined && this.prefers('tables')) {
      this.first = rowItem(table.firstRow, names) as Record<string, unknown>;
      this.firstFrom = 'tables';
    }
  }

  /** Whether an object item from `shape` would replace the one detection has (the first of the preferred shape). */
  private prefers(shape: DocumentShape): boolean {
    const rank = (s: DocumentShape | null) => (s === null ? ITEM_KEYS.length : ITEM_KEYS.indexOf(s as ItemKey));
    return shape === 'array' ? this.firstFrom === null : rank(shape) < rank(this.firstFrom);
  }

  /** The outline needs no more once nothing later could change it. */
  private checkStop(): void {
    if (this.mode !== 'outline') return;
    // `value` is preferred over every other shape, but the context can come after it.
    this.stopped = this.rootIsArray
      ? this.first !== undefined
      : this.present.has('value') && (this.firstFrom === 'value' || this.valueEnded) && this.context !== null;
  }
}

const isItemKey = (key: string | null): key is ItemKey => (ITEM_KEYS as readonly (string | null)[]).includes(key);

/** Feeds the file's tokens to `walk`, yielding what it has found after each chunk; stops when it has. */
async function* walkFile(
  path: string,
  encoding: Encoding,
  walk: DocumentWalk,
  read?: ByteCount,
): AsyncGenerator<DocumentItem[]> {
  const start = encoding === 'utf16le' ? 2 : 0;
  const input = createReadStream(path, { encoding, start });
  const tokenizer = jsonParser(PARSER_OPTIONS) as unknown as Tokenizer;
  let from = start;
  const feed = (chunk: string | symbol) => {
    let tokens;
    try {
      tokens = tokenizer(chunk);
    } catch (error) {
      const where = `between bytes ${from} and ${walk.bytesRead}`;
      const message = String((error as Error)?.message ?? error).slice(0, 200);
      throw new JsonDocumentError(
        error instanceof RangeError
          ? `the JSON cannot be read (${where}): ${message}`
          : `not valid JSON (${where}): ${message}`,
      );
    }
    if (typeof tokens !== 'symbol') for (const token of tokens.values) walk.push(token);
  };
  try {
    let first = true;
    for await (const chunk of input as AsyncIterable<string>) {
      walk.bytesRead = start + input.bytesRead;
      if (read) read.bytes = walk.bytesRead;
      feed(first ? chunk.replace(/^\uFEFF/, '') : chunk);
      first = false;
      from = walk.bytesRead;
      if (walk.found.length > 0) yield walk.found.splice(0);
      if (walk.stopped) return;
    }
    feed(FLUSH);
    if (walk.found.length > 0) yield walk.found.splice(0);
  } finally {
    input.destroy();
  }
}

/**
 * Reads a document far enough to know where its items are, its @odata.context, and its first object item:
 * a few KiB when the context comes first (as Graph writes it) or the document is an array, else the whole
 * file. `read` follows the bytes read. Throws JsonDocumentError when what it reads is not JSON.
 */
export async function outlineJsonDocument(
  path: string,
  encoding: Encoding,
  read?: ByteCount,
  maxItemBytes = MAX_JSON_ITEM_BYTES,
): Promise<DocumentOutline> {
  const walk = new DocumentWalk('outline', maxItemBytes);
  for await (const _ of walkFile(path, encoding, walk, read));
  const shape: DocumentShape = walk.rootIsArray ? 'array' : (ITEM_KEYS.find((k) => walk.present.has(k)) ?? 'self');
  const first = shape === 'self' ? (walk.self ?? undefined) : walk.firstFrom === shape ? walk.first : undefined;
  return { shape, context: walk.context ?? '', first, tables: walk.tables, bytesRead: walk.bytesRead };
}

/**
 * The items of a document, one at a time, as its outline locates them; an item past the cap as `tooLarge`.
 * Breaking out of the loop closes the file. Throws JsonDocumentError when the document is not JSON.
 */
export async function* jsonDocumentItems(
  path: string,
  encoding: Encoding,
  outline: DocumentOutline,
  read?: ByteCount,
  maxItemBytes = MAX_JSON_ITEM_BYTES,
): AsyncGenerator<DocumentItem> {
  for await (const items of walkFile(path, encoding, new DocumentWalk('items', maxItemBytes, outline), read))
    yield* items;
}
