import { expect, it } from 'vitest';
import { codecs } from '@mentions/runtime';
import { DEFAULT_INGEST_LIMITS } from '../domain/ingest-limits.ts';
import { validateItems } from './validate-items.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const input = (text: string) => ({ source: 'twitter', source_id: '1', created_at: '2026-03-01T11:59:00Z', text, author: { handle: 'ann' } });

it('rejects a record larger as Avro than maxRecordBytes, which Kafka would refuse on every resend', () => {
  const limits = { ...DEFAULT_INGEST_LIMITS, maxTextChars: 2_000_000, maxRecordBytes: 1000 };
  const [small, big] = validateItems([{ input: input('x'.repeat(900)) }, { input: input('x'.repeat(1000)) }], { nowMs: NOW, source: 'http', limits });
  expect(small).toMatchObject({ ok: true, id: 'twitter:1' });
  const size = codecs.mention.encode({ ...codecs.mention.decode((small as { value: Buffer }).value), text: 'x'.repeat(1000) }).length;
  expect(big).toEqual({ ok: false, reason: `record: ${size} bytes as Avro, more than maxRecordBytes (1000)` });
});
