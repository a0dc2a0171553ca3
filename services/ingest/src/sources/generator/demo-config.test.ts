import { expect, it } from 'vitest';
import { DemoConfigError, defaultDemoConfig, withScheduledStorm } from './demo-config.ts';
import { createMentionGenerator } from './mention-generator.ts';

it('holds two competitive sets of three brands with unique handles and one incident of each kind', () => {
  const config = defaultDemoConfig(1_000_000);
  const sizes: Record<string, number> = {};
  for (const brand of config.brands) sizes[brand.competitiveSet] = (sizes[brand.competitiveSet] ?? 0) + 1;
  expect(sizes).toEqual({ airlines: 3, phones: 3 });
  const handles = config.brands.flatMap((b) => b.handles);
  expect(new Set(handles).size).toBe(handles.length);
  expect(config.incidents?.map((i) => i.kind)).toEqual(['volume_spike', 'negative_storm', 'sov_shift']);
  expect(config.incidents?.every((i) => i.startMs >= 1_000_000 && i.startMs < 1_000_000 + 2 * 3_600_000)).toBe(true);
  expect(() => createMentionGenerator(config)).not.toThrow();
});

it('takes the seed as an option', () => {
  expect(defaultDemoConfig(0).seed).toBe(20_240_601);
  expect(defaultDemoConfig(0, 5).seed).toBe(5);
});

it('replaces the default incidents by one scheduled complaint storm on a demo brand', () => {
  const config = withScheduledStorm(defaultDemoConfig(0), { brand: 'Bluejay Airways', startMs: 600_000, durationMs: 1_200_000, magnitude: 5 });
  expect(config.incidents).toEqual([{ id: 'bluejay-airways-complaint-storm', kind: 'negative_storm', brand: 'Bluejay Airways', startMs: 600_000, durationMs: 1_200_000, magnitude: 5 }]);
  expect(config.brands).toEqual(defaultDemoConfig(0).brands);
  expect(() => withScheduledStorm(defaultDemoConfig(0), { brand: 'Nope', startMs: 0, durationMs: 1, magnitude: 2 })).toThrow(
    new DemoConfigError('unknown brand "Nope" for the storm; demo brands: Northwind Airlines, Bluejay Airways, Meridian Air, Orbit, Kestrel, Veyra'),
  );
});
