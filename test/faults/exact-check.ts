// The check at the end of every fault: what ClickHouse and the dead-letter topic hold, compared
// exactly with what was sent. Each comparison returns the differences it found (empty: exact).
import { codecs, type ClickHouse, type Kafka } from '@mentions/runtime';
import { COUNTED_COLUMNS, rollupKey, type Expected, type MentionRow } from './expected.ts';
import type { MalformedRecord } from './input.ts';

const SAMPLE = 5;
const sample = (xs: string[]) => (xs.length > SAMPLE ? `${xs.slice(0, SAMPLE).join(', ')} … (${xs.length})` : xs.join(', '));

export interface CheckResult { ok: boolean; problems: string[]; figures: Record<string, number> }

const rowKey = (r: Pick<MentionRow, 'mention_id' | 'brand'>) => `${r.mention_id}|${r.brand}`;

/** `mentions FINAL` holds one row per expected (mention, brand), with the expected labels, and nothing else. */
export async function checkMentions(ch: ClickHouse, expected: Expected): Promise<CheckResult> {
  const rows = await ch.query<{ mention_id: string; brand: string; competitive_set: string; created_at_ms: string; sentiment: string; intents: string[] }>(
    'SELECT mention_id, brand, competitive_set, created_at_ms, sentiment, intents FROM mentions FINAL',
  );
  const problems: string[] = [];
  const want = new Map(expected.rows.map((r) => [rowKey(r), r]));
  const seen = new Map<string, number>();
  const wrong: string[] = [];
  for (const r of rows) {
    const k = rowKey(r);
    seen.set(k, (seen.get(k) ?? 0) + 1);
    const w = want.get(k);
    if (w && (w.competitive_set !== r.competitive_set || w.created_at_ms !== Number(r.created_at_ms) || w.sentiment !== r.sentiment || w.intents.join() !== [...r.intents].sort().join())) wrong.push(k);
  }
  const missing = [...want.keys()].filter((k) => !seen.has(k));
  const extra = [...seen.keys()].filter((k) => !want.has(k));
  const twice = [...seen.entries()].filter(([, n]) => n > 1).map(([k]) => k);
  if (missing.length) problems.push(`mentions: ${missing.length} expected rows missing: ${sample(missing)}`);
  if (extra.length) problems.push(`mentions: ${extra.length} rows not in the input: ${sample(extra)}`);
  if (twice.length) problems.push(`mentions: ${twice.length} rows more than once in FINAL: ${sample(twice)}`);
  if (wrong.length) problems.push(`mentions: ${wrong.length} rows with other labels than enrich's domain gives: ${sample(wrong)}`);
  return { ok: problems.length === 0, problems, figures: { mention_rows: rows.length, expected_mention_rows: expected.rows.length } };
}

/** `brand_rollup_1m FINAL` equals the counts computed from the input: every counted column, per set, brand and minute. */
export async function checkRollups(ch: ClickHouse, expected: Expected): Promise<CheckResult> {
  const rows = await ch.query<Record<string, string | number>>(
    `SELECT competitive_set, brand, toUInt32(window_start) AS start_s, is_final, sentiment_sum, ${COUNTED_COLUMNS.join(', ')} FROM brand_rollup_1m FINAL`,
  );
  const problems: string[] = [];
  const seen = new Set<string>();
  let counted = 0;
  for (const r of rows) {
    const k = rollupKey(String(r.competitive_set), String(r.brand), Number(r.start_s));
    if (seen.has(k)) problems.push(`rollups: window ${k} more than once in FINAL`);
    seen.add(k);
    counted += Number(r.mentions);
    const w = expected.rollups.get(k);
    if (!w) { problems.push(`rollups: window ${k} (mentions ${r.mentions}) not in the input`); continue; }
    const diffs = COUNTED_COLUMNS.filter((c) => Number(r[c]) !== w[c]).map((c) => `${c} ${r[c]} (expected ${w[c]})`);
    // A sum of doubles in another order: equal to 1e-9.
    if (Math.abs(Number(r.sentiment_sum) - w.sentiment_sum) > 1e-9 * Math.max(1, Math.abs(w.sentiment_sum))) diffs.push(`sentiment_sum ${r.sentiment_sum} (expected ${w.sentiment_sum})`);
    if (diffs.length) problems.push(`rollups: window ${k}: ${diffs.join(', ')}`);
  }
  const missing = [...expected.rollups.keys()].filter((k) => !seen.has(k));
  if (missing.length) problems.push(`rollups: ${missing.length} windows missing: ${sample(missing)}`);
  const expectedMentions = [...expected.rollups.values()].reduce((s, c) => s + c.mentions, 0);
  return { ok: problems.length === 0, problems, figures: { rollup_rows: rows.length, rollup_mentions: counted, expected_rollup_mentions: expectedMentions } };
}

/** forecast's `alerts FINAL` holds one customer alert per mention × brand that its rules pick, and no other. */
export async function checkCustomerAlerts(ch: ClickHouse, expected: Expected): Promise<CheckResult> {
  const rows = await ch.query<{ alert_id: string }>("SELECT alert_id FROM alerts FINAL WHERE kind = 'customer'");
  const ids = rows.map((r) => r.alert_id);
  const problems: string[] = [];
  const missing = [...expected.customerAlertIds].filter((id) => !ids.includes(id));
  const extra = ids.filter((id) => !expected.customerAlertIds.has(id));
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (missing.length) problems.push(`customer alerts: ${missing.length} missing: ${sample(missing)}`);
  if (extra.length) problems.push(`customer alerts: ${extra.length} not expected: ${sample(extra)}`);
  if (twice.length) problems.push(`customer alerts: ${twice.length} more than once in FINAL: ${sample(twice)}`);
  return { ok: problems.length === 0, problems, figures: { customer_alerts: ids.length, expected_customer_alerts: expected.customerAlertIds.size } };
}

/** Every window is final once the watermark passed it (the run is over). */
export async function nonFinalWindows(ch: ClickHouse): Promise<number> {
  const [r] = await ch.query<{ n: string }>('SELECT count() AS n FROM brand_rollup_1m FINAL WHERE is_final = 0');
  return Number(r?.n ?? 0);
}

export interface SentMalformed { topic: string; partition: number; offset: number; record: MalformedRecord }
export interface DeadLetterExpectation { record: SentMalformed; services: string[] }

/**
 * The dead-letter topic holds each malformed record once per service that reads its topic (its
 * original key and value bytes, source topic/partition/offset and a reason), and nothing else.
 * A record dead-lettered again after its consumer was killed before committing is counted apart
 * (`dlq_repeats`): the topic is at-least-once.
 */
export async function checkDeadLetters(kafka: Kafka, dlqTopic: string, expected: DeadLetterExpectation[]): Promise<CheckResult> {
  const want = new Map<string, SentMalformed>();
  for (const e of expected) for (const s of e.services) want.set(`${s}|${e.record.topic}|${e.record.partition}|${e.record.offset}`, e.record);
  const entries = await readAll(kafka, dlqTopic);
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const wrongBytes: string[] = [];
  const noReason: string[] = [];
  for (const { value } of entries) {
    const d = codecs.deadLetter.decode(value);
    const k = `${d.service}|${d.topic}|${d.partition}|${d.offset}`;
    seen.set(k, (seen.get(k) ?? 0) + 1);
    const w = want.get(k);
    if (w && (!Buffer.from(d.value ?? []).equals(w.record.value) || !Buffer.from(d.key ?? []).equals(w.record.key))) wrongBytes.push(k);
    if (!d.error_message || !d.error_class) noReason.push(k);
  }
  const missing = [...want.keys()].filter((k) => !seen.has(k));
  const extra = [...seen.keys()].filter((k) => !want.has(k));
  const repeats = [...seen.values()].reduce((s, n) => s + n - 1, 0);
  if (missing.length) problems.push(`dlq: ${missing.length} malformed records not dead-lettered: ${sample(missing)}`);
  if (extra.length) problems.push(`dlq: ${extra.length} dead letters of records that were not malformed: ${sample(extra)}`);
  if (wrongBytes.length) problems.push(`dlq: ${wrongBytes.length} dead letters without the original key and value bytes: ${sample(wrongBytes)}`);
  if (noReason.length) problems.push(`dlq: ${noReason.length} dead letters without a reason: ${sample(noReason)}`);
  return { ok: problems.length === 0, problems, figures: { dlq_entries: entries.length, dlq_expected: want.size, dlq_repeats: repeats } };
}

export interface TopicRecord { partition: number; offset: number; key: Buffer | null; value: Buffer | null }

/** Every record on a topic, read by offset up to its end offsets at the time of the call. */
export async function readAll(kafka: Kafka, topic: string): Promise<TopicRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const remaining = new Map(ends.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]));
  const values: TopicRecord[] = [];
  if (remaining.size === 0) return values;
  const consumer = kafka.consumer({ groupId: `faults-reader-${process.pid}-${Date.now()}`, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let done!: () => void;
  const finished = new Promise<void>((resolve) => { done = resolve; });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      const end = remaining.get(partition);
      if (end === undefined || Number(message.offset) >= end) return;
      values.push({ partition, offset: Number(message.offset), key: message.key, value: message.value });
      if (Number(message.offset) === end - 1) remaining.delete(partition);
      if (remaining.size === 0) done();
    },
  });
  const timeout = new Promise<void>((_, reject) => setTimeout(() => reject(new Error(`reading ${topic} timed out`)), 60_000));
  try {
    await Promise.race([finished, timeout]);
  } finally {
    await consumer.disconnect();
  }
  return values;
}

/** Committed-offset lag of a group on a topic (end offset − committed, summed over partitions; never committed counts all). */
export async function groupLag(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const byPartition = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    return ends.reduce((sum, p) => {
      const c = byPartition.get(p.partition) ?? -1;
      return sum + Number(p.high) - (c < 0 ? Number(p.low) : c);
    }, 0);
  } finally {
    await admin.disconnect();
  }
}
