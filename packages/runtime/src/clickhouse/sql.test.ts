import { describe, expect, it } from 'vitest';
import { ident, quoteIdentifier, quoteString, quoteValue, sql } from './sql.ts';

describe('quoteString', () => {
  it.each([
    ["it's", "'it\\'s'"],
    ["'; DROP TABLE mentions; --", "'\\'; DROP TABLE mentions; --'"],
    ['back\\slash', "'back\\\\slash'"],
    ["\\'", "'\\\\\\''"],
    ['line\nbreak\ttab\r', "'line\\nbreak\\ttab\\r'"],
    ['nul\0byte', "'nul\\0byte'"],
    ['emoji 😀 ünïcode', "'emoji 😀 ünïcode'"],
  ])('escapes %j', (input, expected) => {
    expect(quoteString(input)).toBe(expected);
  });
});

describe('quoteIdentifier', () => {
  it('back-quotes and escapes back quotes', () => {
    expect(quoteIdentifier('mentions')).toBe('`mentions`');
    expect(quoteIdentifier('a`; DROP TABLE x; --')).toBe('`a\\`; DROP TABLE x; --`');
    expect(() => quoteIdentifier('')).toThrow('SQL identifier must not be empty');
  });
});

describe('quoteValue and sql', () => {
  it('renders each kind of value', () => {
    expect(quoteValue(null)).toBe('NULL');
    expect(quoteValue(true)).toBe('1');
    expect(quoteValue(12.5)).toBe('12.5');
    expect(quoteValue(2n ** 63n)).toBe('9223372036854775808');
    expect(quoteValue(new Date(1424806559000))).toBe('toDateTime(1424806559)');
    expect(quoteValue(['a', "b'"])).toBe("['a', 'b\\'']");
    expect(() => quoteValue(Number.NaN)).toThrow('SQL value must be a finite number, got NaN');
  });

  it('escapes values and identifiers in a template', () => {
    const brand = "o'brien";
    expect(sql`SELECT count() FROM ${ident('db')}.${ident('mentions')} WHERE brand = ${brand} AND n > ${3}`).toBe(
      "SELECT count() FROM `db`.`mentions` WHERE brand = 'o\\'brien' AND n > 3",
    );
  });
});
