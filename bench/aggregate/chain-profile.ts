// aggregate's chain in process, without Kafka: records submitted as the driver would, through
// decode → dead-letter policy → windows, beside the projected Avro decode alone (same records).
// Run: pnpm exec tsx bench/aggregate/chain-profile.ts   (add --cpu-prof after node to profile)
import { chain, codecs, createMetrics, createRandom, deadLetterPolicy, decode, OneOffset, type Batch, type ProcessingStep, type RawRecord, type Rollup } from '@mentions/runtime';
import { WINDOW_FIELDS, type WindowEvent } from '../../services/aggregate/src/domain/window-counts.ts';
import { windows } from '../../services/aggregate/src/window-step.ts';

const N = 300_000;
const random = createRandom(1);
const metrics = createMetrics('prof', { defaultMetrics: false });
const sink: ProcessingStep<Batch<Rollup>> = { submit() {}, poll() {}, onAssigned() {}, onRevoked() {}, join: async () => {} };
const head = chain(
  decode(codecs.enrichedMention.project(WINDOW_FIELDS)),
  deadLetterPolicy<WindowEvent>({ service: 'p', maxConsecutive: 10, metrics, clock: Date.now }),
  windows({ rules: { windowMs: 60_000, outOfOrdernessMs: 5000, allowedLatenessMs: 60_000, idleMs: 5000 }, emitMs: 1000, maxOpenWindows: 1e6, maxIds: 1e7, metrics }),
  sink,
);
const projected = codecs.enrichedMention.project(WINDOW_FIELDS);
const t0 = 1_700_000_000_000;
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
let bestDecode = 0;
let bestChain = 0;
for (let round = 0; round < 4; round++) {
  const values = Array.from({ length: N }, (_, i) => codecs.enrichedMention.encode({
    mention_id: `m:${round}:${i}`, brand: `brand${Math.floor(random() * 1000)}`, competitive_set: 'set', source: 's', created_at_ms: t0 + (round * N + i) * 2, enriched_at_ms: 0,
    ingested_at_ms: 0, lang: 'en', text: 'a mention of moderate length, like most of them are on social media', author_key: 'a', author_handle_key: 'h', followers: 10,
    reach_tier: 'micro', sentiment: 'positive', sentiment_score: 0.3, intents: ['complaint'], directed_at_brand: true, needs_response: false, owned: false, opted_out: false,
    model_version: 'builtin', in_reply_to: null, in_reply_to_id: null, hashtags: [], engagement: null, source_partition: -1,
  }));
  // CPU time (user + system, all threads: the garbage collector's helpers included), not wall
  // time: other load on a shared machine barely moves it.
  const a = cpuMs();
  for (let i = 0; i < N; i++) projected.decode(values[i]!);
  const b = cpuMs();
  for (let i = 0; i < N; i++) {
    const payload: RawRecord = { topic: 't', partition: i % 3, offset: round * N + i, key: null, value: values[i]!, timestampMs: 0 };
    head.submit({ payload, committable: new OneOffset(`t:${i % 3}`, round * N + i + 1), partition: `t:${i % 3}`, timestampMs: 0 });
    if (i % 5000 === 0) head.poll(Date.now());
  }
  const c = cpuMs();
  console.log(`round ${round}: projected decode alone ${rate(N, b - a)} per CPU s (${((b - a) * 1000 / N).toFixed(2)} µs), whole chain ${rate(N, c - b)} per CPU s (${((c - b) * 1000 / N).toFixed(2)} µs)`);
  bestDecode = Math.max(bestDecode, rate(N, b - a));
  bestChain = Math.max(bestChain, rate(N, c - b));
}
console.log(`RESULT chain_per_s=${bestChain} projected_decode_per_s=${bestDecode} ratio=${(bestChain / bestDecode).toFixed(2)}`);
