// The window step driven with exact sequences: time is the argument of poll, no sleeping.
import { createMetrics, type Batch, type EnrichedMention, type FetchRun, type Message, type Rollup, type Routed } from '@mentions/runtime';
import { describe, expect, it } from 'vitest';
import { recordingStep } from '../../../packages/runtime/src/stream/recording-step.ts';
import { windows } from './window-step.ts';

const MIN = 60_000;
const T0 = 1_700_000_040_000 - (1_700_000_040_000 % MIN); // a minute boundary

function mention(id: string, createdAtMs: number, over: Partial<EnrichedMention> = {}): EnrichedMention {
  return {
    mention_id: id, brand: 'orbit', competitive_set: 'gadgets', source: 'test', created_at_ms: createdAtMs, enriched_at_ms: 0, ingested_at_ms: 0, lang: 'en',
    text: 't', author_key: 'a', author_handle_key: 'h', followers: 10, reach_tier: 'micro', sentiment: 'positive', sentiment_score: 0.5, intents: [],
    directed_at_brand: false, needs_response: false, owned: false, opted_out: false, model_version: 'builtin', in_reply_to: null, in_reply_to_id: null,
    hashtags: [], engagement: null, source_partition: -1, ...over,
  };
}

function setup(rules: Partial<{ outOfOrdernessMs: number; allowedLatenessMs: number; idleMs: number; maxOpenWindows: number; maxIds: number; maxHeldDeadLetters: number; fetching: () => FetchRun }> = {}) {
  const next = recordingStep<Batch<Rollup>>();
  const metrics = createMetrics('test', { defaultMetrics: false });
  const step = windows({
    rules: { windowMs: MIN, outOfOrdernessMs: rules.outOfOrdernessMs ?? 5_000, allowedLatenessMs: rules.allowedLatenessMs ?? MIN, idleMs: rules.idleMs ?? 10_000 },
    emitMs: 1_000, maxOpenWindows: rules.maxOpenWindows ?? 1000, maxIds: rules.maxIds ?? 1_000_000, maxHeldDeadLetters: rules.maxHeldDeadLetters ?? 100, metrics, ...(rules.fetching ? { fetching: rules.fetching } : {}),
  })(next);
  let offsets = [0, 0];
  const send = (m: EnrichedMention, partition = 0) => {
    const offset = offsets[partition]!++;
    step.submit({ payload: { kind: 'ok', value: m } as Routed<EnrichedMention>, committable: new Map([[`e:${partition}`, offset + 1]]), timestampMs: 0 });
  };
  /** A dead letter for the next offset of `partition`; its value names it `p<partition>@<offset>`. */
  const sendDeadLetter = (partition = 0) => {
    const offset = offsets[partition]!++;
    const record = { key: null, value: Buffer.from(`p${partition}@${offset}`) };
    step.submit({ payload: { kind: 'deadLetter', record } as Routed<EnrichedMention>, committable: new Map([[`e:${partition}`, offset + 1]]), timestampMs: 0 });
  };
  /** Every dead letter passed on so far, in order. */
  const deadLetters = () => next.submitted.flatMap((m) => m.payload.deadLetters.map((r) => r.value!.toString()));
  /** Each emission since the last call: rows as `brand@minute mentions v<version>[ final]`, and the committable offsets. */
  let seen = 0;
  const emitted = () => {
    const out = next.submitted.slice(seen).map((m: Message<Batch<Rollup>>) => ({
      rows: m.payload.outputs.map((r) => `${r.brand}@${(r.window_start_ms - T0) / MIN} ${r.mentions} v${r.version}${r.is_final ? ' final' : ''}`),
      commit: Object.fromEntries(m.committable),
    }));
    seen = next.submitted.length;
    return out;
  };
  return { step, send, sendDeadLetter, deadLetters, emitted, metrics, next, reset: () => { offsets = [0, 0]; } };
}

describe('window step', () => {
  it('fires open windows early every emit interval, and final once the watermark passes their end', () => {
    const { step, send, emitted } = setup();
    step.poll(1000);
    send(mention('a', T0 + 1000));
    send(mention('b', T0 + 2000));
    step.poll(2000);
    expect(emitted()).toEqual([{ rows: ['orbit@0 2 v4'], commit: { 'e:0': 0 } }]);
    step.poll(2500);
    expect(emitted()).toEqual([]);
    send(mention('c', T0 + MIN + 4000)); // watermark T0+MIN-1000: window 0 still open
    step.poll(3000);
    expect(emitted()).toEqual([{ rows: ['orbit@1 1 v2'], commit: { 'e:0': 0 } }]);
    send(mention('d', T0 + MIN + 5000)); // watermark T0+MIN: window 0 closes
    step.poll(3100);
    expect(emitted()).toEqual([{ rows: ['orbit@0 2 v5 final'], commit: { 'e:0': 0 } }]);
  });

  it('carries in each emission the newest event time the window counted (latest_event_ms), not the last one taken', () => {
    const { step, send, next } = setup();
    step.poll(1000);
    send(mention('a', T0 + 7000));
    send(mention('b', T0 + 3000));
    step.poll(2000);
    send(mention('c', T0 + 9000));
    step.poll(3000);
    expect(next.submitted.flatMap((m) => m.payload.outputs.map((r) => [r.mentions, r.latest_event_ms]))).toEqual([[2, T0 + 7000], [3, T0 + 9000]]);
  });

  it('counts out-of-order events in their own window, a late one within the lateness re-emits the window final, a later one is dropped', async () => {
    const { step, send, emitted, metrics } = setup({ allowedLatenessMs: 30_000 });
    step.poll(0);
    send(mention('a', T0 + 50_000));
    send(mention('b', T0 + 10_000)); // out of order, same window
    send(mention('c', T0 + MIN + 10_000)); // watermark T0+MIN+5000: window 0 closed
    step.poll(1000);
    expect(emitted()).toEqual([{ rows: ['orbit@0 2 v5 final', 'orbit@1 1 v2'], commit: { 'e:0': 0 } }]);
    send(mention('late', T0 + 59_000)); // behind the watermark, within the lateness
    step.poll(2000);
    expect(emitted()).toEqual([{ rows: ['orbit@0 3 v7 final'], commit: { 'e:0': 0 } }]);
    send(mention('e', T0 + MIN + 40_000)); // watermark T0+MIN+35000 ≥ end of window 0 + lateness: dropped
    step.poll(3000);
    expect(emitted()).toEqual([{ rows: ['orbit@1 2 v4'], commit: { 'e:0': 2 } }]);
    send(mention('too-late', T0 + 1_000));
    step.poll(4000);
    expect(emitted()).toEqual([]);
    expect((await metrics.lateEventsCounted.get()).values[0]!.value).toBe(1);
    expect((await metrics.lateEventsDropped.get()).values[0]!.value).toBe(1);
  });

  it('counts a (mention, brand) once however often it comes again, while its window is held', async () => {
    const { step, send, emitted, metrics } = setup();
    step.poll(0);
    send(mention('a', T0 + 1000));
    send(mention('a', T0 + 1000));
    send(mention('a', T0 + 1000, { brand: 'nova' }));
    send(mention('b', T0 + 2000));
    send(mention('a', T0 + 1000));
    step.poll(1000);
    expect(emitted()).toEqual([{ rows: ['orbit@0 2 v4', 'nova@0 1 v2'], commit: { 'e:0': 0 } }]);
    expect((await metrics.windowDuplicates.get()).values[0]!.value).toBe(2);
  });

  it('advances the watermark of an idle partition with the clock, so a quiet brand’s window closes', () => {
    const { step, send, emitted } = setup({ idleMs: 10_000 });
    step.poll(100_000);
    send(mention('a', T0 + 30_000));
    step.poll(101_000);
    expect(emitted()).toEqual([{ rows: ['orbit@0 1 v2'], commit: { 'e:0': 0 } }]);
    step.poll(109_000);
    expect(emitted()).toEqual([]);
    // idle since 100 000: event time taken to advance with the clock; the window end (+30 s) plus 5 s out-of-orderness is passed at 135 000
    step.poll(134_000);
    expect(emitted()).toEqual([]);
    step.poll(135_000);
    expect(emitted()).toEqual([{ rows: ['orbit@0 1 v3 final'], commit: { 'e:0': 0 } }]);
    // and dropped past the lateness (60 s more): the offset is released
    step.poll(195_000);
    expect(emitted()).toEqual([{ rows: [], commit: { 'e:0': 1 } }]);
  });

  it('closes a quiet partition’s window as the other partitions’ event time moves on, not with the clock', () => {
    const { step, send, emitted } = setup({ idleMs: 10_000 });
    step.poll(100_000);
    send(mention('a', T0 + 30_000), 0);
    send(mention('b', T0 + 30_000, { brand: 'kestrel' }), 1);
    step.poll(101_000);
    expect(emitted()).toEqual([{ rows: ['orbit@0 1 v2', 'kestrel@0 1 v2'], commit: { 'e:0': 0, 'e:1': 0 } }]);
    // partition 1 goes on to T0 + 70 s (its own watermark T0 + 65 s closes its window); partition 0 is quiet
    step.poll(105_000);
    send(mention('c', T0 + 70_000, { brand: 'kestrel' }), 1);
    step.poll(106_000);
    expect(emitted()).toEqual([{ rows: ['kestrel@0 1 v3 final', 'kestrel@1 1 v2'], commit: { 'e:0': 0, 'e:1': 0 } }]);
    // quiet for 10 s since its last record (100 000): partition 0 follows T0 + 70 s − 5 s, before the clock would have
    step.poll(109_900);
    expect(emitted()).toEqual([]);
    step.poll(110_000);
    expect(emitted()).toEqual([{ rows: ['orbit@0 1 v3 final'], commit: { 'e:0': 0, 'e:1': 0 } }]);
  });

  it('holds the watermark at the slowest upstream source, so a draining backlog behind another is counted, until that source is quiet', async () => {
    const { step, send, emitted, metrics } = setup({ idleMs: 10_000 });
    step.poll(100_000);
    send(mention('a', T0 + 10_000, { source_partition: 0 }));
    send(mention('b', T0 + 10_000, { source_partition: 1 }));
    step.poll(101_000);
    expect(emitted()).toEqual([{ rows: ['orbit@0 2 v4'], commit: { 'e:0': 0 } }]);
    // source 0 drains its backlog 190 s of event time ahead of source 1: window 0 stays open
    send(mention('c', T0 + 200_000, { source_partition: 0 }));
    step.poll(102_000);
    expect(emitted()).toEqual([{ rows: ['orbit@3 1 v2'], commit: { 'e:0': 0 } }]);
    send(mention('d', T0 + 50_000, { source_partition: 1 }));
    step.poll(103_000);
    expect(emitted()).toEqual([{ rows: ['orbit@0 3 v6'], commit: { 'e:0': 0 } }]);
    // source 1 catches up: window 0 is final, then dropped (past its lateness); the commit moves to window 3's first record
    send(mention('e', T0 + 200_000, { source_partition: 1 }));
    step.poll(104_000);
    expect(emitted()).toEqual([{ rows: ['orbit@0 3 v7 final', 'orbit@3 2 v4'], commit: { 'e:0': 2 } }]);
    // source 1 falls quiet (its last record at 103 000 by the step's clock); while the partition takes nothing, it holds
    step.poll(105_000);
    send(mention('f', T0 + 300_000, { source_partition: 0 }));
    step.poll(106_000);
    expect(emitted()).toEqual([{ rows: ['orbit@5 1 v2'], commit: { 'e:0': 2 } }]);
    step.poll(113_000);
    expect(emitted()).toEqual([]);
    // source 0's records 10 s after source 1's last: source 1 still holds; past 10 s it no longer does
    send(mention('g', T0 + 301_000, { source_partition: 0 }));
    step.poll(114_000);
    expect(emitted()).toEqual([{ rows: ['orbit@5 2 v4'], commit: { 'e:0': 2 } }]);
    send(mention('h', T0 + 302_000, { source_partition: 0 }));
    step.poll(115_000);
    expect(emitted()).toEqual([{ rows: ['orbit@3 2 v5 final', 'orbit@5 3 v6'], commit: { 'e:0': 2 } }]);
    expect((await metrics.lateEventsDropped.get()).values[0]!.value).toBe(0);
  });

  it('does not count an outage as idleness: the backlog found after it is counted, then the quiet stream closes with the clock', async () => {
    let run: FetchRun = { since: 0, until: 100_000 };
    const { step, send, emitted, metrics } = setup({ idleMs: 10_000, allowedLatenessMs: 0, fetching: () => run });
    step.poll(100_000);
    send(mention('a', T0 + 30_000), 0);
    step.poll(101_000);
    expect(emitted()).toEqual([{ rows: ['orbit@0 1 v2'], commit: { 'e:0': 0 } }]);
    // Kafka out of reach for 200 s: no fetch answered, the run stops at 100 000; nothing closes
    step.poll(300_000);
    expect(emitted()).toEqual([]);
    // fetching again from 300 000: the backlog of the outage arrives 2 s later and is counted in window 0
    run = { since: 300_000, until: 302_000 };
    step.poll(302_000);
    send(mention('b', T0 + 50_000), 0);
    run = { since: 300_000, until: 303_000 };
    step.poll(303_000);
    expect(emitted()).toEqual([{ rows: ['orbit@0 2 v4'], commit: { 'e:0': 0 } }]);
    expect((await metrics.lateEventsDropped.get()).values.reduce((n, v) => n + v.value, 0)).toBe(0);
    // then quiet with answered fetches: after 10 s (from 302 000) event time moves with the clock from T0 + 50 s;
    // the window end + 5 s is passed 15 s later
    run = { since: 300_000, until: 316_900 };
    step.poll(316_900);
    expect(emitted()).toEqual([]);
    run = { since: 300_000, until: 317_000 };
    step.poll(317_000);
    expect(emitted()).toEqual([{ rows: ['orbit@0 2 v5 final'], commit: { 'e:0': 2 } }]);
  });

  it('holds back each partition’s commit to the first record of its oldest held window', () => {
    const { step, send, emitted } = setup({ allowedLatenessMs: 0 });
    step.poll(0);
    send(mention('a', T0 + 1000), 0);
    send(mention('b', T0 + MIN + 1000), 0);
    send(mention('x', T0 + 1000), 1);
    step.poll(1000);
    // rows partition by partition, each by window start
    expect(emitted()).toEqual([{ rows: ['orbit@0 1 v2', 'orbit@1 1 v2', 'orbit@0 1 v2'], commit: { 'e:0': 0, 'e:1': 0 } }]);
    send(mention('c', T0 + 2 * MIN + 6000), 0); // partition 0: windows 0 and 1 close and are dropped (no lateness)
    step.poll(2000);
    expect(emitted()).toEqual([{ rows: ['orbit@0 1 v3 final', 'orbit@1 1 v3 final', 'orbit@2 1 v2'], commit: { 'e:0': 2, 'e:1': 0 } }]);
  });

  it('drops a revoked partition’s windows: nothing more is emitted or committed for it', () => {
    const { step, send, emitted, next } = setup();
    step.poll(0);
    send(mention('a', T0 + 1000), 0);
    send(mention('b', T0 + 1000, { brand: 'nova' }), 1);
    step.onRevoked([{ topic: 'e', partition: 1 }]);
    step.poll(1000);
    expect(emitted()).toEqual([{ rows: ['orbit@0 1 v2'], commit: { 'e:0': 0 } }]);
    expect(next.events).toContain('revoked e:1');
  });

  it('keeps the rows of an emission the writer has not taken yet, but not the offsets of a partition revoked meanwhile', () => {
    const { step, send, emitted, next } = setup();
    step.poll(0);
    send(mention('a', T0 + 1000), 0);
    send(mention('b', T0 + 1000, { brand: 'nova' }), 1);
    next.rejecting = true;
    step.poll(1000); // the emission waits for the writer
    step.onRevoked([{ topic: 'e', partition: 1 }]);
    next.rejecting = false;
    step.poll(1100);
    expect(emitted()).toEqual([{ rows: ['orbit@0 1 v2', 'nova@0 1 v2'], commit: { 'e:0': 0 } }]);
  });

  it('closes the oldest window early when a memory bound is hit, and counts it', async () => {
    const { step, send, emitted, metrics } = setup({ maxOpenWindows: 2 });
    step.poll(0);
    send(mention('a', T0 + 1000));
    send(mention('b', T0 + MIN + 1000));
    send(mention('c', T0 + 2 * MIN + 1000));
    step.poll(1000);
    expect(emitted()).toEqual([{ rows: ['orbit@0 1 v3 final', 'orbit@1 1 v2', 'orbit@2 1 v2'], commit: { 'e:0': 1 } }]);
    send(mention('d', T0 + 2000)); // its window was closed early: too late
    step.poll(2000);
    expect(emitted()).toEqual([]);
    expect((await metrics.windowBoundHits.get()).values).toEqual([{ labels: { bound: 'AGGREGATE_MAX_OPEN_WINDOWS' }, value: 1 }]);
    expect((await metrics.lateEventsDropped.get()).values[0]!.value).toBe(1);
  });

  it('passes a dead letter on once the commit passes its record, so a new owner reading from the commit writes it once', async () => {
    // The first owner: a window opens at offset 0, so the commit stays there; the dead letter at 1 waits.
    const first = setup();
    first.step.poll(0);
    first.send(mention('a', T0 + 1000));
    first.sendDeadLetter();
    first.send(mention('b', T0 + 2000));
    first.sendDeadLetter(1); // partition 1 holds no window: its commit passes the record at once
    first.step.poll(1000);
    expect(first.emitted()).toEqual([{ rows: ['orbit@0 2 v4'], commit: { 'e:0': 0, 'e:1': 1 } }]);
    expect(first.deadLetters()).toEqual(['p1@0']);
    expect((await first.metrics.deadLettersHeld.get()).values[0]!.value).toBe(1);
    // Killed here (SIGTERM alike: its join commits offset 0, the dead letter stays unwritten).
    await first.step.join(() => 1100);
    expect(first.deadLetters()).toEqual(['p1@0']);

    // The new owner reads partition 0 again from offset 0; window 0 closes (and is dropped after the lateness).
    const second = setup({ allowedLatenessMs: 0 });
    second.step.poll(0);
    second.send(mention('a', T0 + 1000));
    second.sendDeadLetter();
    second.send(mention('b', T0 + 2000));
    second.step.poll(1000);
    expect(second.deadLetters()).toEqual([]);
    second.send(mention('c', T0 + MIN + 5000)); // watermark T0+MIN: window 0 final and dropped
    second.step.poll(2000);
    expect(second.emitted().at(-1)).toEqual({ rows: ['orbit@0 2 v5 final', 'orbit@1 1 v2'], commit: { 'e:0': 3 } });
    expect(second.deadLetters()).toEqual(['p0@1']);
    expect((await second.metrics.deadLettersHeld.get()).values[0]!.value).toBe(0);
  });

  it('drops the held dead letters of a revoked partition, and writes the oldest at once past the bound (counted)', async () => {
    const { step, send, sendDeadLetter, deadLetters, emitted, metrics } = setup({ maxHeldDeadLetters: 2 });
    step.poll(0);
    send(mention('a', T0 + 1000), 0);
    send(mention('b', T0 + 1000), 1);
    sendDeadLetter(0);
    sendDeadLetter(1);
    step.poll(1000);
    expect(deadLetters()).toEqual([]);
    sendDeadLetter(0); // a third held: p0@1, the oldest of its partition, goes out with the next emission
    step.poll(2000);
    expect(deadLetters()).toEqual(['p0@1']);
    expect((await metrics.deadLettersReleasedEarly.get()).values[0]!.value).toBe(1);
    step.onRevoked([{ topic: 'e', partition: 1 }]);
    expect((await metrics.deadLettersHeld.get()).values[0]!.value).toBe(1); // p0@2
    emitted();
    send(mention('c', T0 + 3 * MIN), 0); // window 0 of partition 0 closes and is dropped: the commit passes p0@2
    step.poll(3000);
    expect(emitted().at(-1)!.commit).toEqual({ 'e:0': 3 });
    expect(deadLetters()).toEqual(['p0@1', 'p0@2']);
  });

  it('on join emits every changed window and joins the next step', async () => {
    const { step, send, emitted, next } = setup();
    step.poll(0);
    send(mention('a', T0 + 1000));
    step.poll(1000);
    emitted();
    send(mention('b', T0 + 2000));
    await step.join(() => 1200);
    expect(emitted()).toEqual([{ rows: ['orbit@0 2 v4'], commit: { 'e:0': 0 } }]);
    expect(next.joined).toBe(1);
  });

  it('counts every field of a mention in its window', () => {
    const { step, send, next } = setup();
    step.poll(0);
    send(mention('a', T0, { sentiment: 'negative', sentiment_score: -0.5, intents: ['complaint', 'churn_risk', 'complaint'], directed_at_brand: true, needs_response: true, followers: 100, engagement: 3 }));
    send(mention('b', T0, { sentiment: 'unknown', sentiment_score: 0, intents: ['question'], owned: true, opted_out: true, followers: null }));
    step.poll(1000);
    const [r] = next.submitted[0]!.payload.outputs;
    expect(r).toMatchObject({
      mentions: 2, positive: 0, negative: 1, neutral: 0, mixed: 0, unknown: 1, sentiment_sum: -0.5, complaints: 1, churn_risks: 1, questions: 1,
      directed_at_brand: 1, needs_response: 1, owned: 1, opted_out: 1, reach: 100, engagement: 3, window_start_ms: T0, window_ms: MIN, is_final: false, version: 4,
    });
  });
});
