// The rate of each stream of mentions, minute by minute. Rates are constant within a minute and evaluated at
// its midpoint (so an incident covers the minutes whose midpoint falls inside it), which makes the expected
// count of any range an exact sum and lets each minute be generated on its own.
import { cycleFactor } from './traffic-shape.ts';
import type { BrandConfig, Incident, TrafficShape } from './types.ts';

export const MINUTE_MS = 60_000;

/** organic: ordinary mentions of a brand; storm: a negative_storm's complaints; owned: the brand's own posts. */
export type StreamKind = 'organic' | 'storm' | 'owned' | 'unbranded';

export interface MentionStream {
  kind: StreamKind;
  brand: BrandConfig | null;
  incidentId: string | null;
  perMinute: number;
}

export interface RatePlan {
  ratePerMinute: number;
  brands: readonly BrandConfig[];
  incidents: readonly Incident[];
  shape: TrafficShape;
}

export interface StreamFilter {
  /** null selects mentions of no brand. */
  brand?: string | null;
  /** null selects mentions outside every incident. */
  incidentId?: string | null;
  owned?: boolean;
}

export function streamsAt(plan: RatePlan, minuteStartMs: number): MentionStream[] {
  const midMs = minuteStartMs + MINUTE_MS / 2;
  const cycle = cycleFactor(plan.shape, midMs);
  const totalWeight = plan.brands.reduce((sum, b) => sum + b.weight, 0);
  const brandedRate = plan.ratePerMinute * (1 - plan.shape.unbrandedShare) * cycle;
  const nominal = new Map(plan.brands.map((b) => [b.name, (brandedRate * b.weight) / totalWeight]));
  const organic = new Map(plan.brands.map((b) => [b.name, (nominal.get(b.name) ?? 0) * (1 - plan.shape.ownedShare)]));
  const active = plan.incidents.filter((i) => i.startMs <= midMs && midMs < i.startMs + i.durationMs);
  const byName = new Map(plan.brands.map((b) => [b.name, b]));
  const incidentStreams: MentionStream[] = [];

  // Share moves first, so spikes and storms act on the rates after the move.
  for (const incident of active.filter((i) => i.kind === 'sov_shift')) {
    const gainer = byName.get(incident.brand);
    if (gainer === undefined) continue;
    let moved = 0;
    for (const other of plan.brands) {
      if (other.competitiveSet !== gainer.competitiveSet || other.name === gainer.name) continue;
      const rate = organic.get(other.name) ?? 0;
      moved += rate * incident.magnitude;
      organic.set(other.name, rate * (1 - incident.magnitude));
    }
    incidentStreams.push({ kind: 'organic', brand: gainer, incidentId: incident.id, perMinute: moved });
  }
  const stormed = new Set<string>();
  for (const incident of active.filter((i) => i.kind !== 'sov_shift')) {
    const brand = byName.get(incident.brand);
    if (brand === undefined) continue;
    const rate = organic.get(brand.name) ?? 0;
    if (incident.kind === 'volume_spike') {
      incidentStreams.push({ kind: 'organic', brand, incidentId: incident.id, perMinute: rate * (incident.magnitude - 1) });
    } else {
      stormed.add(brand.name);
      incidentStreams.push({ kind: 'storm', brand, incidentId: incident.id, perMinute: rate * incident.magnitude });
    }
  }

  return [
    ...plan.brands.map((brand): MentionStream => ({
      kind: 'organic',
      brand,
      incidentId: null,
      perMinute: stormed.has(brand.name) ? 0 : (organic.get(brand.name) ?? 0),
    })),
    ...incidentStreams,
    ...plan.brands.map((brand): MentionStream => ({
      kind: 'owned',
      brand,
      incidentId: null,
      perMinute: (nominal.get(brand.name) ?? 0) * plan.shape.ownedShare,
    })),
    { kind: 'unbranded', brand: null, incidentId: null, perMinute: plan.ratePerMinute * plan.shape.unbrandedShare * cycle },
  ];
}

/** The mean number of mentions in [fromMs, toMs) that match the filter. */
export function expectedCount(plan: RatePlan, fromMs: number, toMs: number, filter: StreamFilter = {}): number {
  let total = 0;
  for (let minute = Math.floor(fromMs / MINUTE_MS); minute * MINUTE_MS < toMs; minute++) {
    const startMs = minute * MINUTE_MS;
    const covered = (Math.min(toMs, startMs + MINUTE_MS) - Math.max(fromMs, startMs)) / MINUTE_MS;
    for (const stream of streamsAt(plan, startMs)) if (matches(stream, filter)) total += covered * stream.perMinute;
  }
  return total;
}

function matches(stream: MentionStream, filter: StreamFilter): boolean {
  if (filter.brand !== undefined && (stream.brand?.name ?? null) !== filter.brand) return false;
  if (filter.incidentId !== undefined && stream.incidentId !== filter.incidentId) return false;
  if (filter.owned !== undefined && (stream.kind === 'owned') !== filter.owned) return false;
  return true;
}
