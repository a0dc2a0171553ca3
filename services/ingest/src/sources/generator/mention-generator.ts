// A deterministic synthetic firehose. Each minute is generated on its own from (seed, minute): first how many
// mentions each stream has and when (one PRNG), then their content (another), so a restart from any time with
// the same seed reproduces the same mentions with the same ids, and changing a template never moves a count.
import { createAuthorPool } from './authors.ts';
import { composeMention } from './compose-mention.ts';
import { createRng, mixSeed } from './prng.ts';
import { expectedCount, MINUTE_MS, streamsAt, type RatePlan, type StreamFilter } from './rate-plan.ts';
import { DEFAULT_TRAFFIC_SHAPE } from './traffic-shape.ts';
import type { GeneratedMention, GeneratorConfig, TrafficShape } from './types.ts';

export interface MentionGenerator extends Iterable<GeneratedMention> {
  /** The next mention in event-time order; the stream never ends. */
  next(): GeneratedMention;
  /** Every mention from the current position up to (not including) untilMs, advancing the position. */
  generate(untilMs: number): GeneratedMention[];
  /** The mean number of mentions in [fromMs, toMs) matching the filter (nothing before startMs exists). */
  expectedCount(fromMs: number, toMs: number, filter?: StreamFilter): number;
}

const HANDLE = /^[a-z0-9_]{1,30}$/;

export function createMentionGenerator(config: GeneratorConfig): MentionGenerator {
  const shape: TrafficShape = { ...DEFAULT_TRAFFIC_SHAPE, ...config.shape };
  validate(config, shape);
  const seed = config.seed >>> 0;
  const source = config.source ?? 'generator';
  const plan: RatePlan = { ratePerMinute: config.ratePerMinute, brands: config.brands, incidents: config.incidents ?? [], shape };
  const authors = createAuthorPool({ seed, size: shape.authorPoolSize, zipfExponent: shape.authorZipfExponent, languages: shape.languages });

  const mentionsOfMinute = (minute: number): GeneratedMention[] => {
    const minuteStartMs = minute * MINUTE_MS;
    const streams = streamsAt(plan, minuteStartMs);
    const timing = createRng(mixSeed(seed, minute, 1));
    const events: { atMs: number; stream: number }[] = [];
    streams.forEach((stream, index) => {
      const count = timing.poisson(stream.perMinute);
      for (let k = 0; k < count; k++) events.push({ atMs: minuteStartMs + timing.int(MINUTE_MS), stream: index });
    });
    events.sort((a, b) => a.atMs - b.atMs || a.stream - b.stream);
    const content = createRng(mixSeed(seed, minute, 2));
    return events.map((event, i) =>
      composeMention({
        rng: content,
        stream: streams[event.stream] as (typeof streams)[number],
        eventTimeMs: event.atMs,
        source,
        sourceId: `${seed}-${minute}-${i}`,
        authors,
        brands: config.brands,
      }),
    );
  };

  let buffer: GeneratedMention[] = [];
  let index = 0;
  let nextMinute = Math.floor(config.startMs / MINUTE_MS);
  const loadMinute = () => {
    buffer = mentionsOfMinute(nextMinute++).filter((m) => m.eventTimeMs >= config.startMs);
    index = 0;
  };

  const next = (): GeneratedMention => {
    while (index >= buffer.length) loadMinute();
    return buffer[index++] as GeneratedMention;
  };

  return {
    next,
    generate(untilMs) {
      const out: GeneratedMention[] = [];
      for (;;) {
        const mention = buffer[index];
        if (mention !== undefined) {
          if (mention.eventTimeMs >= untilMs) return out;
          out.push(mention);
          index++;
        } else if (nextMinute * MINUTE_MS >= untilMs) {
          return out;
        } else {
          loadMinute();
        }
      }
    },
    expectedCount: (fromMs, toMs, filter) => expectedCount(plan, Math.max(fromMs, config.startMs), toMs, filter),
    [Symbol.iterator]: () => ({ next: () => ({ value: next(), done: false }) }),
  };
}

function validate(config: GeneratorConfig, shape: TrafficShape): void {
  const fail = (message: string): never => {
    throw new RangeError(`generator config: ${message}`);
  };
  if (!Number.isInteger(config.seed)) fail(`seed must be an integer, got ${config.seed}`);
  if (!Number.isFinite(config.startMs)) fail(`startMs must be a finite number, got ${config.startMs}`);
  if (!(config.ratePerMinute > 0 && Number.isFinite(config.ratePerMinute))) fail(`ratePerMinute must be a positive number, got ${config.ratePerMinute}`);
  if (config.brands.length === 0) fail('brands must not be empty');
  const names = new Set<string>();
  for (const brand of config.brands) {
    if (names.has(brand.name)) fail(`brand "${brand.name}" is listed twice`);
    names.add(brand.name);
    if (!(brand.weight > 0)) fail(`brand "${brand.name}": weight must be positive, got ${brand.weight}`);
    if (brand.handles.length === 0) fail(`brand "${brand.name}": needs at least one handle`);
    for (const handle of brand.handles) if (!HANDLE.test(handle)) fail(`brand "${brand.name}": handle "${handle}" must be lower-case letters, digits or _, without @`);
  }
  const ids = new Set<string>();
  for (const incident of config.incidents ?? []) {
    const where = `incident "${incident.id}"`;
    if (ids.has(incident.id)) fail(`${where} is listed twice`);
    ids.add(incident.id);
    const brand = config.brands.find((b) => b.name === incident.brand);
    if (brand === undefined) fail(`${where}: unknown brand "${incident.brand}"`);
    if (!(incident.durationMs > 0)) fail(`${where}: durationMs must be positive, got ${incident.durationMs}`);
    if (incident.kind === 'sov_shift') {
      if (!(incident.magnitude > 0 && incident.magnitude <= 1)) fail(`${where}: a sov_shift magnitude is the share moved, in (0, 1], got ${incident.magnitude}`);
      if (!config.brands.some((b) => b.competitiveSet === brand?.competitiveSet && b.name !== brand?.name)) fail(`${where}: brand "${incident.brand}" has no other brand in its set to take share from`);
    } else if (!(incident.magnitude >= 1)) {
      fail(`${where}: a ${incident.kind} magnitude multiplies the rate and must be at least 1, got ${incident.magnitude}`);
    }
  }
  const share = (name: 'unbrandedShare' | 'ownedShare') => {
    if (!(shape[name] >= 0 && shape[name] < 1)) fail(`shape.${name} must be in [0, 1), got ${shape[name]}`);
  };
  share('unbrandedShare');
  share('ownedShare');
  if (!(shape.dailyAmplitude >= 0 && shape.dailyAmplitude <= 1)) fail(`shape.dailyAmplitude must be in [0, 1], got ${shape.dailyAmplitude}`);
  if (shape.weekdayFactors.length !== 7 || !shape.weekdayFactors.every((f) => f > 0)) fail('shape.weekdayFactors must be 7 positive numbers, Sunday first');
  if (!(Number.isInteger(shape.authorPoolSize) && shape.authorPoolSize > 0)) fail(`shape.authorPoolSize must be a positive integer, got ${shape.authorPoolSize}`);
}
