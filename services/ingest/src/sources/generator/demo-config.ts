// A realistic demo world: two competitive sets of invented brands (three airlines, three phone makers) and an
// incident of each kind within the first two hours, so a demo shows a spike, a storm and a share shift quickly.
import type { GeneratorConfig } from './types.ts';

const MINUTE_MS = 60_000;

export function defaultDemoConfig(startMs: number, seed = 20_240_601): GeneratorConfig {
  return {
    seed,
    startMs,
    ratePerMinute: 120,
    brands: [
      { name: 'Northwind Airlines', competitiveSet: 'airlines', handles: ['northwindair', 'northwindhelp'], weight: 3, sector: 'airline', aliases: ['Northwind'] },
      { name: 'Bluejay Airways', competitiveSet: 'airlines', handles: ['flybluejay'], weight: 2, sector: 'airline', aliases: ['Bluejay'] },
      { name: 'Meridian Air', competitiveSet: 'airlines', handles: ['meridianair', 'meridiancares'], weight: 1.5, sector: 'airline', aliases: ['Meridian'] },
      { name: 'Orbit', competitiveSet: 'phones', handles: ['orbitmobile', 'orbitsupport'], weight: 3, sector: 'phone', products: ['Orbit X2', 'Orbit X2 Pro', 'Orbit X2 Lite'] },
      { name: 'Kestrel', competitiveSet: 'phones', handles: ['kestrelphones'], weight: 2, sector: 'phone', products: ['Kestrel 9', 'Kestrel 9 Mini'] },
      { name: 'Veyra', competitiveSet: 'phones', handles: ['veyratech'], weight: 1, sector: 'phone', products: ['Veyra One', 'Veyra Fold'] },
    ],
    incidents: [
      { id: 'orbit-launch-spike', kind: 'volume_spike', brand: 'Orbit', startMs: startMs + 15 * MINUTE_MS, durationMs: 20 * MINUTE_MS, magnitude: 5 },
      { id: 'northwind-outage-storm', kind: 'negative_storm', brand: 'Northwind Airlines', startMs: startMs + 40 * MINUTE_MS, durationMs: 45 * MINUTE_MS, magnitude: 4 },
      { id: 'kestrel-sov-shift', kind: 'sov_shift', brand: 'Kestrel', startMs: startMs + 90 * MINUTE_MS, durationMs: 120 * MINUTE_MS, magnitude: 0.35 },
    ],
  };
}

export interface ScheduledStorm {
  brand: string;
  startMs: number;
  durationMs: number;
  /** The brand's organic volume × magnitude, mostly complaints (negative_storm). */
  magnitude: number;
}

export class DemoConfigError extends Error {
  override readonly name = 'DemoConfigError';
}

/**
 * The demo world with one scheduled complaint storm instead of the default incidents, so the history before it is
 * calm and the storm is the one departure a detector sees (scripts/up.sh: a few minutes after start).
 */
export function withScheduledStorm(config: GeneratorConfig, storm: ScheduledStorm): GeneratorConfig {
  if (!config.brands.some((b) => b.name === storm.brand)) {
    throw new DemoConfigError(`unknown brand "${storm.brand}" for the storm; demo brands: ${config.brands.map((b) => b.name).join(', ')}`);
  }
  const id = `${storm.brand.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-complaint-storm`;
  return { ...config, incidents: [{ id, kind: 'negative_storm', brand: storm.brand, startMs: storm.startMs, durationMs: storm.durationMs, magnitude: storm.magnitude }] };
}
