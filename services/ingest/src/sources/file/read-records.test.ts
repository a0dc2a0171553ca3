import { describe, expect, it } from 'vitest';
import { parseFieldMapping, type FieldMapping } from './field-mapping.ts';
import { formatOf, readRecords } from './read-records.ts';
import type { SourceRecord } from './source-record.ts';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

async function collect(records: AsyncIterable<SourceRecord>): Promise<SourceRecord[]> {
  const all: SourceRecord[] = [];
  for await (const record of records) all.push(record);
  return all;
}

function mappingOf(spec: string): FieldMapping {
  const result = parseFieldMapping(spec);
  if (!result.ok) throw new Error(result.reason);
  return result.mapping;
}

describe('readRecords', () => {
  it('reads a CSV file through a mapping, keeping each record text and its first line', async () => {
    const mapping = mappingOf('source=:twitter,source_id=tweet_id,text=text,created_at=tweet_created,author.handle=name,reposts=retweet_count');
    const records = await collect(readRecords(fixture('airline-tweets.csv'), { mapping }));
    expect(records.map((r) => r.line)).toEqual([2, 3, 6, 7, 8]);
    expect(records[1]).toEqual({
      line: 3,
      raw: '100000000000000002,Northwind,ben_k,0,"@northwindair stuck at the gate for two hours.\nno update, no water",2015-02-24 11:14:45 -0800',
      input: {
        source: 'twitter',
        source_id: '100000000000000002',
        text: '@northwindair stuck at the gate for two hours.\nno update, no water',
        created_at: '2015-02-24 11:14:45 -0800',
        author: { handle: 'ben_k' },
        reposts: '0',
      },
    });
    expect(records[2]?.input?.text).toBe('@northwindair "on time" they said &amp; #fail');
    expect(records[3]).toEqual({ line: 7, raw: '100000000000000004,Northwind,dev,0,too few fields', error: 'expected 6 fields as in the header, got 5' });
  });

  it('reads a JSON Lines file, with bad lines as errors carrying the line', async () => {
    const records = await collect(readRecords(fixture('mentions.jsonl')));
    expect(records.map((r) => [r.line, r.error ?? 'ok'])).toEqual([
      [1, 'ok'],
      [3, expect.stringMatching(/^invalid JSON: /)],
      [4, 'expected a JSON object, got an array'],
      [5, 'ok'],
    ]);
    expect(records[1]?.raw).toBe('{"source":"twitter","source_id":"2","created_at":1424805359,"text":"late again","author":{"handle":"x"}');
    expect(records[3]?.input).toEqual({ source: 'twitter', source_id: '3', created_at: 1424805359, text: 'Gracias ✈️', author: { handle: 'ana' }, lang: 'es' });
  });

  it('honours an explicit format over the extension', async () => {
    await expect(collect(readRecords(fixture('mentions.jsonl'), { format: 'csv' }))).rejects.toThrow('CSV header: columns');
  });

  it('stops with the file error when the file does not exist', async () => {
    await expect(collect(readRecords('/nonexistent/mentions.jsonl'))).rejects.toThrow('ENOENT');
    await expect(collect(readRecords('/nonexistent/mentions.csv'))).rejects.toThrow('ENOENT');
  });
});

describe('formatOf', () => {
  it('tells the format by extension and refuses to guess otherwise', () => {
    expect(formatOf('a/b.JSONL')).toBe('jsonl');
    expect(formatOf('b.ndjson')).toBe('jsonl');
    expect(formatOf('b.csv')).toBe('csv');
    expect(() => formatOf('b.json')).toThrow("Cannot tell the format of b.json from its extension; give format 'jsonl' or 'csv'.");
  });
});
