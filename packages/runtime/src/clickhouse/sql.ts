// The one place values and identifiers become SQL text. ClickHouse 18.16 has no server-side
// query parameters, so every value is escaped here; nothing else concatenates SQL.

export type SqlValue = string | number | bigint | boolean | null | Date | SqlValue[];

const escapes: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\0': '\\0', '\b': '\\b', '\f': '\\f', '\r': '\\r', '\n': '\\n', '\t': '\\t' };

/** A string literal: 'it\'s'. */
export function quoteString(value: string): string {
  return `'${value.replace(/[\\'\0\b\f\r\n\t]/g, (c) => escapes[c]!)}'`;
}

/** An identifier (table, column, database), always back-quoted. */
export function quoteIdentifier(name: string): string {
  if (name.length === 0) throw new Error('SQL identifier must not be empty');
  return `\`${name.replace(/[\\`\0\b\f\r\n\t]/g, (c) => (c === '`' ? '\\`' : escapes[c]!))}\``;
}

export function quoteValue(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`SQL value must be a finite number, got ${value}`);
    return String(value);
  }
  if (value instanceof Date) return `toDateTime(${Math.floor(value.getTime() / 1000)})`;
  if (Array.isArray(value)) return `[${value.map(quoteValue).join(', ')}]`;
  throw new Error(`Unsupported SQL value of type ${typeof value}`);
}

/** Marks text as an identifier inside the `sql` template. */
export class Identifier {
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
}
export const ident = (name: string) => new Identifier(name);

/** Tagged template: values are escaped, `ident(x)` becomes a quoted identifier. */
export function sql(strings: TemplateStringsArray, ...values: Array<SqlValue | Identifier>): string {
  return strings.reduce((out, s, i) => {
    if (i === 0) return s;
    const v = values[i - 1]!;
    return out + (v instanceof Identifier ? quoteIdentifier(v.name) : quoteValue(v)) + s;
  }, '');
}
