import { describe, expect, it } from 'vitest';
import { deadLetterRecord } from '@mentions/runtime';
import { readableBytes, repeatsOf, sourceOf, viewDeadLetter, type DeadLetterView } from './dead-letters.ts';

describe('readableBytes', () => {
  it('is text for printable UTF-8 (tabs and line breaks too), hex for binary, invalid UTF-8 or control characters', () => {
    expect(readableBytes(Buffer.from('{"text":"ça va\tbien"}\n'))).toEqual({ encoding: 'utf8', text: '{"text":"ça va\tbien"}\n' });
    expect(readableBytes(Buffer.from([0xc3, 0x01, 0x02]))).toEqual({ encoding: 'hex', text: 'c30102' });
    expect(readableBytes(Buffer.from([0xff, 0x41]))).toEqual({ encoding: 'hex', text: 'ff41' });
    expect(readableBytes(Buffer.from('a\u0000b'))).toEqual({ encoding: 'hex', text: '610062' });
    expect(readableBytes(null)).toBeNull();
  });
});

describe('viewDeadLetter', () => {
  it('decodes a dead letter with its source and original bytes', () => {
    const { value } = deadLetterRecord('enrich', 'decode', new TypeError('bad body'), { topic: 'mentions.raw', partition: 2, offset: 41, key: Buffer.from('x:1'), value: Buffer.from([0xc3, 0x01]) }, Date.UTC(2026, 0, 2, 3, 4, 5));
    const view = viewDeadLetter({ partition: 0, offset: 7, value });
    expect({ ...view, original: undefined }).toEqual({
      dlq_partition: 0, dlq_offset: 7, failed_at: '2026-01-02T03:04:05.000Z', failed_at_ms: Date.UTC(2026, 0, 2, 3, 4, 5), service: 'enrich', stage: 'decode',
      error_class: 'TypeError', error_message: 'bad body', topic: 'mentions.raw', partition: 2, offset: 41, origin: null,
      key: { encoding: 'utf8', text: 'x:1' }, value: { encoding: 'hex', text: 'c301' }, original: undefined,
    });
    expect(sourceOf(view)).toBe('mentions.raw[2]@41');
  });

  it('shows the origin of file input, and a record that is no dead letter with the reason', () => {
    const { value } = deadLetterRecord('ingest', 'validate', new Error('no text'), { key: null, value: Buffer.from('{}'), origin: 'a.jsonl:3' }, 0);
    expect(sourceOf(viewDeadLetter({ partition: 0, offset: 0, value }))).toBe('a.jsonl:3');
    const junk = viewDeadLetter({ partition: 0, offset: 1, value: Buffer.from('hello') });
    expect([junk.error_class, junk.original, junk.value]).toEqual(['UndecodableDeadLetter', undefined, { encoding: 'utf8', text: 'hello' }]);
    expect(junk.error_message).toMatch(/^not a DeadLetter record: /);
  });
});

describe('repeatsOf', () => {
  const view = (dlq: number, service: string, topic: string | null, offset: number | null, stage = 'decode'): DeadLetterView => ({
    dlq_partition: 0, dlq_offset: dlq, failed_at: null, failed_at_ms: null, service, stage, error_class: 'Error', error_message: 'x',
    topic, partition: topic === null ? null : 0, offset, origin: topic === null ? 'f.jsonl:1' : null, key: null, value: null,
  });
  it('maps each repeat of a (service, stage, record) to its first dead letter; other services, stages and file input are no repeats', () => {
    const views = [
      view(0, 'aggregate', 'enriched', 5), view(1, 'forecast', 'enriched', 5), view(2, 'aggregate', 'enriched', 6),
      view(3, 'aggregate', 'enriched', 5), view(4, 'aggregate', 'enriched', 5, 'process'), view(5, 'ingest', null, null),
      view(6, 'ingest', null, null), view(7, 'aggregate', 'enriched', 5),
    ];
    const repeats = repeatsOf(views);
    expect([...repeats].map(([r, first]) => [r.dlq_offset, first.dlq_offset])).toEqual([[3, 0], [7, 0]]);
  });
});
