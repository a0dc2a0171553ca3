import { describe, expect, it } from 'vitest';
import { parseFieldMapping } from './field-mapping.ts';
import { readJsonlRecords, splitLines } from './jsonl-records.ts';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

async function* chunksOf(...chunks: (string | Buffer)[]) {
  yield* chunks;
}

describe('splitLines', () => {
  it('splits across chunk borders, inside multi-byte characters, with or without a last newline', async () => {
    const euro = Buffer.from('€');
    const lines = await collect(splitLines(chunksOf('ab\r\nc', Buffer.concat([Buffer.from('d'), euro.subarray(0, 1)]), euro.subarray(1), '\n\nlast'), 100));
    expect(lines).toEqual([
      { line: 1, text: 'ab', tooLong: false },
      { line: 2, text: 'cd€', tooLong: false },
      { line: 3, text: '', tooLong: false },
      { line: 4, text: 'last', tooLong: false },
    ]);
  });

  it('keeps only the first maxBytes of a long line and marks it', async () => {
    expect(await collect(splitLines(chunksOf('abcdef', 'gh\nok\n'), 4))).toEqual([
      { line: 1, text: 'abcd', tooLong: true },
      { line: 2, text: 'ok', tooLong: false },
    ]);
  });
});

describe('readJsonlRecords', () => {
  const options = { maxRecordBytes: 1000 };

  it('yields objects, skips blank lines, and turns bad lines into errors', async () => {
    const records = await collect(readJsonlRecords(chunksOf('\uFEFF{"a":1}\n  \n{"a":\n"x"\nnull\n'), options));
    expect(records).toEqual([
      { line: 1, raw: '{"a":1}', input: { a: 1 } },
      { line: 3, raw: '{"a":', error: expect.stringMatching(/^invalid JSON: /) },
      { line: 4, raw: '"x"', error: 'expected a JSON object, got "x"' },
      { line: 5, raw: 'null', error: 'expected a JSON object, got null' },
    ]);
  });

  it('dead-letters an over-long line without parsing it', async () => {
    const records = await collect(readJsonlRecords(chunksOf('{"text":"0123456789"}\n{}\n'), { maxRecordBytes: 8 }));
    expect(records).toEqual([
      { line: 1, raw: '{"text":', error: 'line is longer than 8 bytes; only its start is kept' },
      { line: 2, raw: '{}', input: {} },
    ]);
  });

  it('applies a mapping, reading dotted columns from nested objects', async () => {
    const mapping = parseFieldMapping('source=:mastodon,source_id=id,text=content,author.handle=account.acct');
    if (!mapping.ok) throw new Error(mapping.reason);
    const records = await collect(readJsonlRecords(chunksOf('{"id":"9","content":"hi","account":{"acct":"Ann"}}\n'), { ...options, mapping: mapping.mapping }));
    expect(records[0]?.input).toEqual({ source: 'mastodon', source_id: '9', text: 'hi', author: { handle: 'Ann' } });
  });
});
