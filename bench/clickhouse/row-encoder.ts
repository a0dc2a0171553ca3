// Rows (plain objects, as the services build them) → ClickHouse TabSeparated or RowBinary, for
// the column types this project's tables use, with the value rules of the runtime's JSONEachRow
// inserts on 18.16: DateTime as epoch seconds (or 'YYYY-MM-DD hh:mm:ss' text, TabSeparated
// only), UInt8 flags as 0/1, null only in Nullable columns, a key missing from a row is the
// type's default (0, '', [], NULL), a key that is not a column is an error. Used by the insert
// benchmark only: neither format was cheaper enough to replace JSONEachRow (docs/CLICKHOUSE_INSERTS.md).

export type ColumnType =
  | { kind: 'string' }
  | { kind: 'int'; bytes: 1 | 2 | 4 | 8; signed: boolean }
  | { kind: 'float'; bytes: 4 | 8 }
  | { kind: 'datetime' }
  | { kind: 'date' }
  | { kind: 'nullable'; of: ColumnType }
  | { kind: 'array'; of: ColumnType };

export interface Column { name: string; type: ColumnType }

export class RowEncodingError extends Error {
  override readonly name = 'RowEncodingError';
  readonly retriable = false;
}

const INTS: Record<string, ColumnType> = {
  UInt8: { kind: 'int', bytes: 1, signed: false }, UInt16: { kind: 'int', bytes: 2, signed: false },
  UInt32: { kind: 'int', bytes: 4, signed: false }, UInt64: { kind: 'int', bytes: 8, signed: false },
  Int8: { kind: 'int', bytes: 1, signed: true }, Int16: { kind: 'int', bytes: 2, signed: true },
  Int32: { kind: 'int', bytes: 4, signed: true }, Int64: { kind: 'int', bytes: 8, signed: true },
};

/** A type as system.columns spells it; throws for types this encoder does not cover. */
export function parseColumnType(type: string): ColumnType {
  const t = type.trim();
  const inner = /^(Nullable|Array)\((.*)\)$/.exec(t);
  if (inner) return { kind: inner[1] === 'Nullable' ? 'nullable' : 'array', of: parseColumnType(inner[2]!) };
  if (t === 'String') return { kind: 'string' };
  if (t === 'Float32' || t === 'Float64') return { kind: 'float', bytes: t === 'Float32' ? 4 : 8 };
  if (t === 'DateTime' || t.startsWith("DateTime('")) return { kind: 'datetime' };
  if (t === 'Date') return { kind: 'date' };
  const int = INTS[t];
  if (int) return int;
  throw new RowEncodingError(`column type ${t} is not supported by the row encoder`);
}

/**
 * The columns an INSERT names: those of the table that any row has a defined value for, in table
 * order (all of them when no row names any). Columns left out get their DEFAULT expression.
 */
export function insertColumns(table: string, tableColumns: readonly Column[], rows: readonly object[]): Column[] {
  const named = new Set<string>();
  for (const row of rows) {
    for (const key in row) if ((row as Record<string, unknown>)[key] !== undefined) named.add(key);
  }
  const columns = tableColumns.filter((c) => named.delete(c.name));
  if (named.size > 0) throw new RowEncodingError(`${table} has no column ${[...named].join(', ')}`);
  return columns.length > 0 ? columns : [...tableColumns];
}

// ---- TabSeparated: values escaped as ClickHouse's readEscapedString / readQuotedString read them.

const TSV_SPECIAL = /[\\\t\n\r\0\b\f']/;
const TSV_SPECIAL_ALL = /[\\\t\n\r\0\b\f']/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0', '\b': '\\b', '\f': '\\f', "'": "\\'" };
const escapeChar = (c: string) => ESCAPES[c]!;

/** A string as TabSeparated (and, inside quotes, the quoted format of array elements) reads it back. */
export const escapeText = (s: string): string => (TSV_SPECIAL.test(s) ? s.replace(TSV_SPECIAL_ALL, escapeChar) : s);

function fail(column: string, type: string, value: unknown): never {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value === 'bigint' ? `${value}n` : String(value);
  throw new RowEncodingError(`column ${column}: expected ${type}, got ${typeof value} ${shown}`);
}

function intText(column: string, t: { bytes: number; signed: boolean }, v: unknown): string {
  if (typeof v === 'number' && Number.isSafeInteger(v) && (t.signed || v >= 0)) return String(v);
  if (typeof v === 'bigint' && (t.signed || v >= 0n)) return String(v);
  // JSONEachRow reads quoted integers too; 64-bit values come back from queries as such strings.
  if (typeof v === 'string' && (t.signed ? /^-?\d+$/ : /^\d+$/).test(v)) return v;
  return fail(column, t.signed ? 'an integer' : 'a non-negative integer', v);
}

function floatText(column: string, v: unknown): string {
  if (typeof v !== 'number') return fail(column, 'a number', v);
  if (Number.isFinite(v)) return String(v);
  return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
}

function dateTimeText(column: string, v: unknown): string {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(v)) return v;
  return fail(column, "epoch seconds or 'YYYY-MM-DD hh:mm:ss'", v);
}

function dateText(column: string, v: unknown): string {
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\d$/.test(v)) return v;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  return fail(column, "days since epoch or 'YYYY-MM-DD'", v);
}

/** One value as text; `quoted` inside an array (strings in quotes, NULL spelled out). */
function valueText(column: string, t: ColumnType, v: unknown, quoted: boolean): string {
  switch (t.kind) {
    case 'string':
      if (typeof v !== 'string') return fail(column, 'a string', v);
      return quoted ? `'${escapeText(v)}'` : escapeText(v);
    case 'int':
      return intText(column, t, v);
    case 'float':
      return floatText(column, v);
    case 'datetime':
      return quoted ? `'${dateTimeText(column, v)}'` : dateTimeText(column, v);
    case 'date':
      return quoted ? `'${dateText(column, v)}'` : dateText(column, v);
    case 'nullable':
      if (v === null) return quoted ? 'NULL' : '\\N';
      return valueText(column, t.of, v, quoted);
    case 'array': {
      if (!Array.isArray(v)) return fail(column, 'an array', v);
      let out = '[';
      for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + valueText(column, t.of, v[i], true);
      return `${out}]`;
    }
  }
}

/** The default ClickHouse gives a missing JSONEachRow field on 18.16. */
function defaultText(t: ColumnType): string {
  switch (t.kind) {
    case 'string': return '';
    case 'nullable': return '\\N';
    case 'array': return '[]';
    case 'date': return '0000-00-00';
    case 'datetime': return '0000-00-00 00:00:00';
    default: return '0';
  }
}

export function encodeTabSeparated(columns: readonly Column[], rows: readonly object[]): string {
  let out = '';
  for (const row of rows) {
    const r = row as Record<string, unknown>;
    for (let i = 0; i < columns.length; i++) {
      const { name, type } = columns[i]!;
      const v = r[name];
      out += (i === 0 ? '' : '\t') + (v === undefined ? defaultText(type) : valueText(name, type, v, false));
    }
    out += '\n';
  }
  return out;
}

// ---- RowBinary: little-endian fixed-width numbers, LEB128 lengths, UInt32 DateTime.

class Output {
  buf = Buffer.allocUnsafe(1 << 16);
  pos = 0;
  reserve(n: number) {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  varUInt(n: number) {
    this.reserve(10);
    while (n >= 0x80) {
      this.buf[this.pos++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
  }
  string(s: string) {
    const bytes = Buffer.byteLength(s, 'utf8');
    this.varUInt(bytes);
    this.reserve(bytes);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }
}

function writeInt(out: Output, column: string, t: { bytes: 1 | 2 | 4 | 8; signed: boolean }, v: unknown) {
  const n = typeof v === 'string' ? BigInt(intText(column, t, v)) : v;
  if (typeof n !== 'number' && typeof n !== 'bigint') return fail(column, 'an integer', v);
  if (typeof n === 'number' && (!Number.isSafeInteger(n) || (!t.signed && n < 0))) fail(column, 'an integer', v);
  out.reserve(8);
  const b = out.buf;
  if (t.bytes === 8) {
    if (t.signed) b.writeBigInt64LE(BigInt(n), out.pos);
    else b.writeBigUInt64LE(BigInt(n), out.pos);
  } else if (t.signed) b.writeIntLE(Number(n), out.pos, t.bytes);
  else b.writeUIntLE(Number(n), out.pos, t.bytes);
  out.pos += t.bytes;
}

function writeValue(out: Output, column: string, t: ColumnType, v: unknown): void {
  switch (t.kind) {
    case 'string':
      if (typeof v !== 'string') return fail(column, 'a string', v);
      return out.string(v);
    case 'int':
      return writeInt(out, column, t, v);
    case 'float':
      if (typeof v !== 'number') return fail(column, 'a number', v);
      out.reserve(8);
      out.pos = t.bytes === 4 ? out.buf.writeFloatLE(v, out.pos) : out.buf.writeDoubleLE(v, out.pos);
      return;
    case 'datetime':
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > 0xffffffff) return fail(column, 'epoch seconds', v);
      out.reserve(4);
      out.pos = out.buf.writeUInt32LE(v, out.pos);
      return;
    case 'date':
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > 0xffff) return fail(column, 'days since epoch', v);
      out.reserve(2);
      out.pos = out.buf.writeUInt16LE(v, out.pos);
      return;
    case 'nullable':
      out.reserve(1);
      out.buf[out.pos++] = v === null ? 1 : 0;
      if (v !== null) writeValue(out, column, t.of, v);
      return;
    case 'array':
      if (!Array.isArray(v)) return fail(column, 'an array', v);
      out.varUInt(v.length);
      for (const item of v) writeValue(out, column, t.of, item);
  }
}

function writeDefault(out: Output, t: ColumnType) {
  out.reserve(8);
  switch (t.kind) {
    case 'nullable': out.buf[out.pos++] = 1; return;
    case 'string': case 'array': out.buf[out.pos++] = 0; return;
    case 'datetime': out.buf.fill(0, out.pos, out.pos + 4); out.pos += 4; return;
    case 'date': out.buf.fill(0, out.pos, out.pos + 2); out.pos += 2; return;
    default: out.buf.fill(0, out.pos, out.pos + t.bytes); out.pos += t.bytes;
  }
}

/** RowBinary of the rows; DateTime only as epoch seconds (a text time would need the server's time zone). */
export function encodeRowBinary(columns: readonly Column[], rows: readonly object[]): Buffer {
  const out = new Output();
  for (const row of rows) {
    const r = row as Record<string, unknown>;
    for (const { name, type } of columns) {
      const v = r[name];
      if (v === undefined) writeDefault(out, type);
      else writeValue(out, name, type, v);
    }
  }
  return out.buf.subarray(0, out.pos);
}
