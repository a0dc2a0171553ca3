import { describe, expect, it } from 'vitest';
import { expectedCount, streamsAt, type RatePlan } from './rate-plan.ts';
import { DEFAULT_TRAFFIC_SHAPE } from './traffic-shape.ts';
import type { Incident } from './types.ts';

const T0 = Date.UTC(2024, 0, 8);
const flat = { ...DEFAULT_TRAFFIC_SHAPE, dailyAmplitude: 0, weekdayFactors: [1, 1, 1, 1, 1, 1, 1], unbrandedShare: 0.1, ownedShare: 0.2 };
const brands = [
  { name: 'A', competitiveSet: 'air', handles: ['a'], weight: 3 },
  { name: 'B', competitiveSet: 'air', handles: ['b'], weight: 1 },
  { name: 'C', competitiveSet: 'air', handles: ['c'], weight: 2 },
  { name: 'P', competitiveSet: 'phones', handles: ['p'], weight: 4 },
];

function plan(incidents: Incident[] = []): RatePlan {
  return { ratePerMinute: 100, brands, incidents, shape: flat };
}

function rates(p: RatePlan, atMs: number): string[] {
  return streamsAt(p, atMs).map((s) => `${s.kind}:${s.brand?.name ?? '-'}:${s.incidentId ?? '-'}=${+s.perMinute.toFixed(6)}`);
}

describe('streamsAt', () => {
  it('splits the rate into unbranded, owned and organic streams by weight', () => {
    // Branded 90/min over weight 10: A 27 (owned 5.4), B 9 (1.8), C 18 (3.6), P 36 (7.2).
    expect(rates(plan(), T0)).toEqual([
      'organic:A:-=21.6',
      'organic:B:-=7.2',
      'organic:C:-=14.4',
      'organic:P:-=28.8',
      'owned:A:-=5.4',
      'owned:B:-=1.8',
      'owned:C:-=3.6',
      'owned:P:-=7.2',
      'unbranded:-:-=10',
    ]);
  });

  it('adds the extra of a volume spike as the incident stream', () => {
    const spike: Incident = { id: 'spike', kind: 'volume_spike', brand: 'B', startMs: T0, durationMs: 60_000, magnitude: 5 };
    expect(rates(plan([spike]), T0)).toContain('organic:B:spike=28.8');
    expect(rates(plan([spike]), T0)).toContain('organic:B:-=7.2');
    expect(rates(plan([spike]), T0 + 60_000)).not.toContain('organic:B:spike=28.8');
  });

  it('replaces a stormed brand\'s organic mentions by magnitude × as many storm mentions', () => {
    const storm: Incident = { id: 'storm', kind: 'negative_storm', brand: 'A', startMs: T0, durationMs: 60_000, magnitude: 3 };
    const stormRates = rates(plan([storm]), T0);
    expect(stormRates).toContain('organic:A:-=0');
    expect(stormRates).toContain('storm:A:storm=64.8');
    expect(stormRates).toContain('owned:A:-=5.4');
  });

  it('moves share from the rest of the set to the brand, leaving other sets alone', () => {
    const shift: Incident = { id: 'sov', kind: 'sov_shift', brand: 'C', startMs: T0, durationMs: 60_000, magnitude: 0.5 };
    expect(rates(plan([shift]), T0).slice(0, 5)).toEqual([
      'organic:A:-=10.8',
      'organic:B:-=3.6',
      'organic:C:-=14.4',
      'organic:P:-=28.8',
      'organic:C:sov=14.4',
    ]);
  });

  it('counts an incident in the minutes whose midpoint it covers', () => {
    const spike: Incident = { id: 's', kind: 'volume_spike', brand: 'B', startMs: T0 + 30_000, durationMs: 60_000, magnitude: 2 };
    expect(rates(plan([spike]), T0)).toContain('organic:B:s=7.2');
    expect(rates(plan([spike]), T0 + 60_000)).not.toContain('organic:B:s=7.2');
  });
});

describe('expectedCount', () => {
  const spike: Incident = { id: 'spike', kind: 'volume_spike', brand: 'B', startMs: T0 + 10 * 60_000, durationMs: 5 * 60_000, magnitude: 5 };
  const p = plan([spike]);

  it('sums whole and partial minutes', () => {
    expect(expectedCount(p, T0, T0 + 10 * 60_000)).toBeCloseTo(1000, 9);
    expect(expectedCount(p, T0 + 15_000, T0 + 45_000)).toBeCloseTo(50, 9);
  });

  it('filters by brand, incident and ownership', () => {
    const hour = [T0, T0 + 3_600_000] as const;
    expect(expectedCount(p, ...hour, { incidentId: 'spike' })).toBeCloseTo(144, 9);
    expect(expectedCount(p, ...hour, { brand: 'B' })).toBeCloseTo(60 * 9 + 144, 9);
    expect(expectedCount(p, ...hour, { brand: 'B', owned: true })).toBeCloseTo(60 * 1.8, 9);
    expect(expectedCount(p, ...hour, { brand: null })).toBeCloseTo(600, 9);
    expect(expectedCount(p, ...hour, { incidentId: null })).toBeCloseTo(6000, 9);
  });
});
