import { describe, expect, it } from 'vitest';
import { readCsvRecords } from './csv-records.ts';
import { parseFieldMapping } from './field-mapping.ts';
import { SourceFormatError, type SourceRecord } from './source-record.ts';

async function collect(records: AsyncIterable<SourceRecord>): Promise<SourceRecord[]> {
  const all: SourceRecord[] = [];
  for await (const record of records) all.push(record);
  return all;
}

async function* chunksOf(...chunks: string[]) {
  yield* chunks;
}

const options = { maxRecordBytes: 1000 };

describe('readCsvRecords', () => {
  it('maps header columns that are mention fields onto themselves when no mapping is given', async () => {
    const records = await collect(readCsvRecords(chunksOf('\uFEFFsource_id,text,author.handle\n1,hi,ann\n'), options));
    expect(records).toEqual([{ line: 2, raw: '1,hi,ann', input: { source_id: '1', text: 'hi', author: { handle: 'ann' } } }]);
  });

  it('keeps multi-line quoted fields as one record and counts lines across them and blank lines', async () => {
    const records = await collect(readCsvRecords(chunksOf('text,source_id\n"a\nb\nc",1\n\n\n', 'd,2\n"e ""q""",3'), options));
    expect(records).toEqual([
      { line: 2, raw: '"a\nb\nc",1', input: { text: 'a\nb\nc', source_id: '1' } },
      { line: 7, raw: 'd,2', input: { text: 'd', source_id: '2' } },
      { line: 8, raw: '"e ""q""",3', input: { text: 'e "q"', source_id: '3' } },
    ]);
  });

  it('dead-letters records with the wrong number of fields and skips whitespace-only lines', async () => {
    const records = await collect(readCsvRecords(chunksOf('text,source_id\r\na,1,extra\r\n   \r\nb,2\r\n'), options));
    expect(records).toEqual([
      { line: 2, raw: 'a,1,extra', error: 'expected 2 fields as in the header, got 3' },
      { line: 4, raw: 'b,2', input: { text: 'b', source_id: '2' } },
    ]);
  });

  it('keeps a stray quote inside an unquoted field as text', async () => {
    const records = await collect(readCsvRecords(chunksOf('text,source_id\n5" screen,1\n'), options));
    expect(records[0]?.input).toEqual({ text: '5" screen', source_id: '1' });
  });

  it('stops with SourceFormatError at an unclosed quote, after yielding the records before it', async () => {
    const seen: SourceRecord[] = [];
    const read = async () => {
      for await (const record of readCsvRecords(chunksOf('text,source_id\na,1\n"b,2\nc,3\n'), options)) seen.push(record);
    };
    await expect(read()).rejects.toThrow(SourceFormatError);
    await expect(read()).rejects.toThrow(/^CSV line 3: Quote Not Closed/);
    expect(seen[0]).toEqual({ line: 2, raw: 'a,1', input: { text: 'a', source_id: '1' } });
  });

  it('stops with SourceFormatError when a record exceeds maxRecordBytes', async () => {
    const read = collect(readCsvRecords(chunksOf(`text,source_id\n"${'x'.repeat(50)}`, `${'y'.repeat(50)}",1\n`), { maxRecordBytes: 64 }));
    await expect(read).rejects.toThrow(/^CSV line 2: Max Record Size/);
  });

  it('refuses a mapping that names a column the header lacks', async () => {
    const mapping = parseFieldMapping('text=body,source_id=id');
    if (!mapping.ok) throw new Error(mapping.reason);
    await expect(collect(readCsvRecords(chunksOf('text,id\na,1\n'), { ...options, mapping: mapping.mapping }))).rejects.toThrow(
      'CSV header has no column "body" named in the mapping; it has text, id',
    );
  });

  it('refuses a header with columns that are not fields when there is no mapping', async () => {
    await expect(collect(readCsvRecords(chunksOf('tweet_id,text\n1,a\n'), options))).rejects.toThrow(
      'CSV header: columns "tweet_id" are not mention fields; give a mapping such as "text=text,author.handle=name"',
    );
  });
});
