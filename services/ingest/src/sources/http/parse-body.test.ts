import { describe, expect, it } from 'vitest';
import { parseBody } from './parse-body.ts';

describe('parseBody', () => {
  it('keeps NDJSON lines as text, without blank lines or carriage returns', () => {
    expect(parseBody('{"a":1}\r\n\n  \n{"b', 'ndjson')).toEqual({ ok: true, items: [{ raw: '{"a":1}' }, { raw: '{"b' }] });
  });

  it('parses a JSON body once: one object or the elements of an array', () => {
    expect(parseBody('{"a":1}', 'json')).toEqual({ ok: true, items: [{ input: { a: 1 } }] });
    expect(parseBody('[{"a":1}, 2]', 'json')).toEqual({ ok: true, items: [{ input: { a: 1 } }, { input: 2 }] });
    expect(parseBody('[]', 'json')).toEqual({ ok: true, items: [] });
  });

  it('refuses a JSON body that does not parse', () => {
    expect(parseBody('{"text": ', 'json')).toEqual({ ok: false, error: 'invalid_json', message: 'Body is not valid JSON: Unexpected end of JSON input' });
  });
});
