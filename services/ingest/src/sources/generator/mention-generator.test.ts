import { describe, expect, it } from 'vitest';
import { DEFAULT_INGEST_LIMITS } from '../../domain/ingest-limits.ts';
import { normalizeMention } from '../../domain/normalize-mention.ts';
import { defaultDemoConfig } from './demo-config.ts';
import { createMentionGenerator } from './mention-generator.ts';
import type { GeneratedMention, GeneratorConfig } from './types.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2024, 5, 3, 12);
const UNTIL = T0 + 120 * MINUTE;
// Two hours of the demo world hold every demo incident (spike 15-35 min, storm 40-85, share shift from 90).
const twoHours = createMentionGenerator(defaultDemoConfig(T0)).generate(UNTIL);

function countBy(mentions: GeneratedMention[], key: (m: GeneratedMention) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of mentions) counts[key(m)] = (counts[key(m)] ?? 0) + 1;
  return counts;
}

describe('createMentionGenerator', () => {
  it('gives identical output for the same seed and different output for another', () => {
    const again = createMentionGenerator(defaultDemoConfig(T0)).generate(T0 + 10 * MINUTE);
    expect(again).toEqual(twoHours.filter((m) => m.eventTimeMs < T0 + 10 * MINUTE));
    const other = createMentionGenerator(defaultDemoConfig(T0, 7)).generate(T0 + 10 * MINUTE);
    expect(other.map((m) => m.input.text)).not.toEqual(again.map((m) => m.input.text));
  });

  it('draws exactly these counts for the demo seed, so a change to them is deliberate', () => {
    expect(twoHours.length).toBe(23_148);
    expect(countBy(twoHours, (m) => m.truth.incidentId ?? 'none')).toEqual({
      none: 15_196,
      'orbit-launch-spike': 2205,
      'northwind-outage-storm': 5297,
      'kestrel-sov-shift': 450,
    });
  });

  it('stays within four standard deviations of the expected counts', () => {
    const generator = createMentionGenerator(defaultDemoConfig(T0));
    const near = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThan(4 * Math.sqrt(expected));
    near(twoHours.length, generator.expectedCount(T0, UNTIL));
    for (const id of ['orbit-launch-spike', 'northwind-outage-storm', 'kestrel-sov-shift']) {
      near(twoHours.filter((m) => m.truth.incidentId === id).length, generator.expectedCount(T0, UNTIL, { incidentId: id }));
    }
    near(twoHours.filter((m) => m.truth.brand === null).length, generator.expectedCount(T0, UNTIL, { brand: null }));
    near(twoHours.filter((m) => m.truth.owned).length, generator.expectedCount(T0, UNTIL, { owned: true }));
  });

  it('emits in event-time order, inside [startMs, until), with unique ids', () => {
    expect(twoHours.every((m, i) => i === 0 || (twoHours[i - 1] as GeneratedMention).eventTimeMs <= m.eventTimeMs)).toBe(true);
    expect(twoHours[0]?.eventTimeMs).toBeGreaterThanOrEqual(T0);
    expect(twoHours.at(-1)?.eventTimeMs).toBeLessThan(UNTIL);
    expect(new Set(twoHours.map((m) => m.input.source_id)).size).toBe(twoHours.length);
    expect(twoHours.every((m) => m.input.created_at === new Date(m.eventTimeMs).toISOString())).toBe(true);
  });

  it('produces inputs that normalizeMention accepts', () => {
    const rejected = twoHours
      .map((m) => normalizeMention(m.input, { nowMs: UNTIL, limits: DEFAULT_INGEST_LIMITS }))
      .filter((result) => !result.ok);
    expect(rejected).toEqual([]);
  });

  it('tags storm mentions with the storm, only for its brand and window, and makes them mostly negative complaints', () => {
    const storm = twoHours.filter((m) => m.truth.incidentId === 'northwind-outage-storm');
    expect(storm.every((m) => m.truth.brand === 'Northwind Airlines' && m.eventTimeMs >= T0 + 40 * MINUTE && m.eventTimeMs < T0 + 85 * MINUTE)).toBe(true);
    expect(storm.filter((m) => m.truth.sentiment === 'negative').length / storm.length).toBeGreaterThan(0.85);
    expect(storm.filter((m) => m.truth.intents.includes('complaint')).length / storm.length).toBeGreaterThan(0.8);
    // The brand's ordinary organic mentions give way to the storm while it lasts.
    const organicDuringStorm = twoHours.filter(
      (m) => m.truth.brand === 'Northwind Airlines' && !m.truth.owned && m.truth.incidentId === null && m.eventTimeMs >= T0 + 41 * MINUTE && m.eventTimeMs < T0 + 84 * MINUTE,
    );
    expect(organicDuringStorm).toEqual([]);
  });

  it('tags the extra mentions of a volume spike, within its window', () => {
    const spike = twoHours.filter((m) => m.truth.incidentId === 'orbit-launch-spike');
    expect(spike.every((m) => m.truth.brand === 'Orbit' && m.eventTimeMs >= T0 + 15 * MINUTE && m.eventTimeMs < T0 + 35 * MINUTE)).toBe(true);
  });

  it('moves share of voice in the set to the shifted brand', () => {
    const kestrelShare = (fromMs: number, toMs: number) => {
      const phones = twoHours.filter((m) => ['Orbit', 'Kestrel', 'Veyra'].includes(m.truth.brand ?? '') && m.eventTimeMs >= fromMs && m.eventTimeMs < toMs);
      return phones.filter((m) => m.truth.brand === 'Kestrel').length / phones.length;
    };
    const gained = twoHours.filter((m) => m.truth.incidentId === 'kestrel-sov-shift');
    expect(gained.every((m) => m.truth.brand === 'Kestrel' && m.eventTimeMs >= T0 + 90 * MINUTE)).toBe(true);
    // Before: 2 of 6 weight units; during: 2/6 + 0.35 × 4/6 of organic volume.
    expect(kestrelShare(T0 + 40 * MINUTE, T0 + 90 * MINUTE)).toBeCloseTo(0.33, 1);
    expect(kestrelShare(T0 + 90 * MINUTE, UNTIL)).toBeCloseTo(0.56, 1);
  });

  it('posts brand-owned mentions from the brand\'s own handles, mostly promotions', () => {
    const handles = new Set(defaultDemoConfig(T0).brands.flatMap((b) => b.handles));
    const owned = twoHours.filter((m) => m.truth.owned);
    expect(owned.length).toBeGreaterThan(0);
    expect(owned.every((m) => handles.has(m.input.author.handle))).toBe(true);
    expect(owned.filter((m) => m.truth.intents.includes('promotional')).length / owned.length).toBeGreaterThan(0.6);
    expect(twoHours.filter((m) => !m.truth.owned).some((m) => handles.has(m.input.author.handle))).toBe(false);
  });

  it('mixes languages, unbranded mentions, two-brand mentions of one set and replies', () => {
    const share = (n: number) => n / twoHours.length;
    const langs = countBy(twoHours, (m) => m.truth.lang);
    expect(share(langs.en ?? 0)).toBeGreaterThan(0.75);
    for (const lang of ['es', 'fr', 'de', 'pt']) expect(share(langs[lang] ?? 0)).toBeGreaterThan(0.02);
    expect(share(twoHours.filter((m) => m.truth.brand === null).length)).toBeGreaterThan(0.04);
    const pairs = twoHours.filter((m) => m.truth.brands.length === 2);
    const setOf = new Map(defaultDemoConfig(T0).brands.map((b) => [b.name, b.competitiveSet]));
    expect(share(pairs.length)).toBeGreaterThan(0.02);
    expect(pairs.every((m) => setOf.get(m.truth.brands[0] ?? '') === setOf.get(m.truth.brands[1] ?? '') && m.truth.brands[0] !== m.truth.brands[1])).toBe(true);
    expect(share(twoHours.filter((m) => m.input.in_reply_to !== undefined).length)).toBeGreaterThan(0.05);
    expect(share(new Set(twoHours.map((m) => m.input.text)).size)).toBeGreaterThan(0.5);
  });

  it('gives the same stream through next(), the iterator and generate in pieces', () => {
    const pieces = createMentionGenerator(defaultDemoConfig(T0));
    const inPieces = [...pieces.generate(T0 + 90_500), ...pieces.generate(T0 + 90_500), ...pieces.generate(T0 + 5 * MINUTE)];
    const atOnce = twoHours.filter((m) => m.eventTimeMs < T0 + 5 * MINUTE);
    expect(inPieces).toEqual(atOnce);
    const byNext = createMentionGenerator(defaultDemoConfig(T0));
    expect(Array.from({ length: 50 }, () => byNext.next())).toEqual(atOnce.slice(0, 50));
    const iterated: GeneratedMention[] = [];
    for (const m of createMentionGenerator(defaultDemoConfig(T0))) {
      if (iterated.push(m) === 50) break;
    }
    expect(iterated).toEqual(atOnce.slice(0, 50));
  });

  it('reproduces the same mentions with the same ids when started later', () => {
    const later = T0 + 30 * MINUTE + 12_345;
    const config = { ...defaultDemoConfig(T0), startMs: later };
    const restarted = createMentionGenerator(config).generate(T0 + 40 * MINUTE);
    expect(restarted).toEqual(twoHours.filter((m) => m.eventTimeMs >= later && m.eventTimeMs < T0 + 40 * MINUTE));
    expect(createMentionGenerator(config).expectedCount(T0, later)).toBe(0);
  });

  it('refuses a config that cannot work, naming the problem', () => {
    const base = defaultDemoConfig(T0);
    const attempt = (change: Partial<GeneratorConfig>) => () => createMentionGenerator({ ...base, ...change });
    expect(attempt({ seed: 1.5 })).toThrow('generator config: seed must be an integer, got 1.5');
    expect(attempt({ ratePerMinute: 0 })).toThrow('generator config: ratePerMinute must be a positive number, got 0');
    expect(attempt({ brands: [] })).toThrow('generator config: brands must not be empty');
    expect(attempt({ brands: [{ name: 'A', competitiveSet: 's', handles: ['@A'], weight: 1 }], incidents: [] })).toThrow(
      'generator config: brand "A": handle "@A" must be lower-case letters, digits or _, without @',
    );
    const incident = { id: 'i', kind: 'volume_spike' as const, brand: 'Orbit', startMs: T0, durationMs: MINUTE, magnitude: 0.5 };
    expect(attempt({ incidents: [incident] })).toThrow('generator config: incident "i": a volume_spike magnitude multiplies the rate and must be at least 1, got 0.5');
    expect(attempt({ incidents: [{ ...incident, brand: 'Nokia' }] })).toThrow('generator config: incident "i": unknown brand "Nokia"');
    expect(attempt({ incidents: [{ ...incident, kind: 'sov_shift', magnitude: 1.5 }] })).toThrow(
      'generator config: incident "i": a sov_shift magnitude is the share moved, in (0, 1], got 1.5',
    );
    expect(attempt({ brands: [{ name: 'A', competitiveSet: 's', handles: ['a'], weight: 1 }], incidents: [{ ...incident, brand: 'A', kind: 'sov_shift', magnitude: 0.5 }] })).toThrow(
      'generator config: incident "i": brand "A" has no other brand in its set to take share from',
    );
    expect(attempt({ shape: { weekdayFactors: [1, 1] } })).toThrow('generator config: shape.weekdayFactors must be 7 positive numbers, Sunday first');
  });
});
