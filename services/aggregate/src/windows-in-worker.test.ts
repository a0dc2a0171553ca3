// The windows on their own thread (a real worker thread) against the same steps in this thread:
// the same records, revocation and stop must give the same rows, dead letters and offsets.
import {
  chain, codecs, createMetrics, deadLetterPolicy, decode, OneOffset, topicNames,
  type Batch, type DeadLetter, type EnrichedMention, type Message, type ProcessingStep, type RawRecord, type Rollup,
} from '@mentions/runtime';
import { describe, expect, it } from 'vitest';
import { createHeldRecords } from '../../../packages/runtime/src/stream/held-records.ts';
import { recordingStep } from '../../../packages/runtime/src/stream/recording-step.ts';
import { WINDOW_FIELDS, type WindowEvent } from './domain/window-counts.ts';
import { windows } from './window-step.ts';
import { windowsInWorker } from './windows-in-worker.ts';

const MIN = 60_000;
const T0 = 1_700_000_040_000 - (1_700_000_040_000 % MIN);
const TOPIC = 'e';
const rules = { windowMs: MIN, outOfOrdernessMs: 5_000, allowedLatenessMs: MIN, idleMs: 10_000 };
const BRANDS = ['orbit', 'nimbus', 'quanta', 'vertex', 'zephyr'];
const INTENTS = ['complaint', 'question', 'praise'] as const;

function mention(i: number): EnrichedMention {
  return {
    mention_id: `m${i}`, brand: BRANDS[i % BRANDS.length]!, competitive_set: 'gadgets', source: 'test', created_at_ms: T0 + i * 37, enriched_at_ms: 0, ingested_at_ms: 0,
    lang: 'en', text: 't', author_key: 'a', author_handle_key: 'h', followers: i % 100, reach_tier: 'micro', sentiment: (['positive', 'negative', 'neutral'] as const)[i % 3]!,
    sentiment_score: (i % 7) / 7, intents: i % 4 === 0 ? [INTENTS[i % 3]!] : [], directed_at_brand: i % 2 === 0, needs_response: i % 5 === 0, owned: false, opted_out: false,
    model_version: 'builtin', in_reply_to: null, in_reply_to_id: null, hashtags: [], engagement: i % 3 === 0 ? i : null, source_partition: i % 2,
  };
}

/** 6,000 records over about 4 minutes of event time, keyed by brand onto 3 partitions: every 50th a re-produced duplicate, two undecodable. */
function records(): RawRecord[] {
  const offsets = [0, 0, 0];
  const out: RawRecord[] = [];
  for (let i = 0; i < 6000; i++) {
    const partition = (i % BRANDS.length) % 3; // quanta alone on partition 2
    const value = i === 1234 || i === 4321 ? Buffer.from('not avro at all') : codecs.enrichedMention.encode(mention(i % 50 === 49 ? i - 3 : i));
    out.push({ topic: TOPIC, partition, offset: offsets[partition]!++, key: Buffer.from(`k${i}`), value, timestampMs: T0 + i });
  }
  return out;
}

const message = (r: RawRecord): Message<RawRecord> => ({ payload: r, committable: new OneOffset(`${TOPIC}:${r.partition}`, r.offset + 1), partition: `${TOPIC}:${r.partition}`, timestampMs: r.timestampMs });

interface Outcome {
  /** Per window, the last emission's counts and finality (emission times differ between the two). */
  rows: Record<string, Omit<Rollup, 'emitted_at_ms'>>;
  deadLetters: Array<Omit<DeadLetter, 'failed_at_ms'>>;
  /** Per partition, the last committable offset passed on. */
  commit: Record<string, number>;
}

function outcome(submitted: Array<Message<Batch<Rollup>>>): Outcome {
  const o: Outcome = { rows: {}, deadLetters: [], commit: {} };
  for (const m of submitted) {
    for (const { emitted_at_ms: _, ...r } of m.payload.outputs) o.rows[`${r.brand}@${r.window_start_ms}`] = r;
    for (const d of m.payload.deadLetters) {
      const { failed_at_ms: _, ...rest } = codecs.deadLetter.decode(d.value) as DeadLetter;
      o.deadLetters.push(rest);
    }
    for (const [key, offset] of m.committable) o.commit[key] = offset;
  }
  return o;
}

/** Submits the records in batches of 500 with a poll after each (as the driver does), revoking partition 2 halfway; then stops. */
async function run(step: ProcessingStep<RawRecord>, all: RawRecord[], passedOn: { length: number }): Promise<number> {
  let passedOnAtRevoke = 0;
  // As the driver does: a rejected record waits, with the rest of its partition, for a later poll.
  const held = createHeldRecords(step, { pause() {}, resume() {} });
  let now = 1_000;
  step.onAssigned([0, 1, 2].map((partition) => ({ topic: TOPIC, partition })));
  for (let i = 0; i < all.length; i += 500) {
    for (const r of all.slice(i, i + 500)) if (!(i >= 3000 && r.partition === 2)) held.take(message(r));
    step.poll((now += 400));
    held.retry();
    if (i === 2500) {
      held.drop(`${TOPIC}:2`);
      step.onRevoked([{ topic: TOPIC, partition: 2 }]);
      passedOnAtRevoke = passedOn.length;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  while (held.pausedPartitions() > 0) {
    step.poll((now += 10));
    held.retry();
    await new Promise((r) => setTimeout(r, 5));
  }
  await step.join(() => now);
  return passedOnAtRevoke;
}

describe('windows in a worker thread', () => {
  it('emits the same rows, dead letters and offsets as the same steps in this thread', async () => {
    const all = records();
    const metrics = createMetrics('test', { defaultMetrics: false });

    const here = recordingStep<Batch<Rollup>>();
    const hereAtRevoke = await run(chain(
      decode(codecs.enrichedMention.project(WINDOW_FIELDS)),
      deadLetterPolicy<WindowEvent>({ service: 'aggregate', maxConsecutive: 10, metrics, clock: () => 0 }),
      windows({ rules, emitMs: 1_000, maxOpenWindows: 10_000, maxIds: 1_000_000, metrics }),
      here,
    ), all, here.submitted);

    const there = recordingStep<Batch<Rollup>>();
    const threadMetrics = createMetrics('test', { defaultMetrics: false });
    const thereAtRevoke = await run(windowsInWorker({
      thread: { rules, emitMs: 1_000, maxOpenWindows: 10_000, maxIds: 1_000_000, maxConsecutiveDeadLetters: 10, topics: topicNames(''), registry: {} },
      maxQueued: 700, // below one batch: the hand-over waits for the thread
      wake: () => {},
      metrics: threadMetrics,
    })(there), all, there.submitted);

    // The revoked brand's rows are whatever was emitted before the revocation, which depends on
    // emission timing; every other row is final and must be equal.
    const kept = (o: Outcome): Outcome => ({ ...o, rows: Object.fromEntries(Object.entries(o.rows).filter(([key]) => !key.startsWith('quanta@'))) });
    const expected = kept(outcome(here.submitted));
    const got = kept(outcome(there.submitted));
    expect(Object.keys(expected.rows).length).toBe(4 * 4); // 4 brands, 4 minutes
    // The one at offset 1728 is past the first record of a window still open at the stop: not
    // committed, so not written (the next owner reads it again and writes it).
    expect(expected.deadLetters.map((d) => [d.partition, d.offset, d.error_message])).toEqual([
      [1, 493, 'EnrichedMention: not Avro single-object encoded (expected magic C3 01)'],
    ]);
    expect(expected.commit['e:1']).toBeLessThanOrEqual(1728);
    expect(got).toEqual(expected);
    expect(got.commit).toEqual({ 'e:0': expect.any(Number), 'e:1': expect.any(Number), 'e:2': expect.any(Number) });
    // Nothing passed on after the revocation carries the revoked partition's offsets.
    for (const m of [...here.submitted.slice(hereAtRevoke), ...there.submitted.slice(thereAtRevoke)]) expect(m.committable.has('e:2')).toBe(false);
    expect(there.joined).toBe(1);
    // The thread's counters reach this thread's metrics: 120 duplicates (every 50th of 6,000), less those revoked unseen.
    const duplicates = async (m: typeof metrics) => (await m.windowDuplicates.get()).values[0]?.value;
    expect(await duplicates(threadMetrics)).toBe(await duplicates(metrics));
    expect((await threadMetrics.deadLetters.get()).values.map((v) => [v.labels.stage, v.value])).toEqual([['decode', 2]]);
  });
});
