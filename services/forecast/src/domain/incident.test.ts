import { describe, expect, it } from 'vitest';
import { DEFAULT_INCIDENT_RULES, stepIncident, type Check, type OpenIncident } from './incident.ts';

const MIN = 60_000;
const rules = { ...DEFAULT_INCIDENT_RULES, openSigmas: 3, criticalSigmas: 10, calmSigmas: 2, minCount: 10, margin: 0.2, resolveAfterMs: 3 * MIN };

function check(minute: number, observed: number, sigmas: number, extra: Partial<Check> = {}): Check {
  return { scale: 'window', windowStartMs: minute * MIN, windowMs: MIN, observed, expected: 10, lower: 4, upper: 18, sigmas, isFinal: true, usual: 0, ...extra };
}

function run(checks: Check[]) {
  let open: OpenIncident | undefined;
  const events: string[] = [];
  for (const c of checks) {
    const next = stepIncident(open, c, rules);
    open = next.open;
    if (next.event) events.push(`${c.windowStartMs / MIN}:${next.event.state}:${next.event.severity}:v${next.event.version}:opened${next.event.openedAtMs / MIN}`);
  }
  return { events, open };
}

describe('stepIncident', () => {
  it('opens once, updates when it escalates, resolves after calm windows for resolveAfterMs', () => {
    const { events, open } = run([
      check(0, 10, 0), check(1, 40, 4), check(2, 45, 5), check(3, 200, 12), check(4, 220, 13), check(5, 30, 1.5),
      check(6, 12, 0.5), check(7, 11, 0.2), check(8, 10, 0),
    ]);
    expect(events).toEqual(['1:firing:warning:v1:opened1', '3:updated:critical:v2:opened1', '7:resolved:critical:v3:opened1']);
    expect(open).toBeUndefined();
  });

  it('does not open below the minimum count, however many sigmas ("3 mentions against 1")', () => {
    expect(run([check(0, 3, 9, { expected: 1, upper: 2 })]).events).toEqual([]);
    expect(run([check(0, 10, 9, { expected: 1, upper: 2 })]).events).toEqual(['0:firing:warning:v1:opened0']);
  });

  it('needs the margin above the upper bound and more than the series usually reaches', () => {
    expect(run([check(0, 19, 4, { expected: 10, upper: 18 })]).events).toEqual([]);
    expect(run([check(0, 40, 4, { usual: 6 })]).events).toEqual([]);
    expect(run([check(0, 40, 7, { usual: 6 })]).events).toHaveLength(1);
  });

  it('raises the opening and critical bars of an early look by its lookSigmas', () => {
    const early = (sigmas: number, lookSigmas: number) => check(0, 40, sigmas, { isFinal: false, lookSigmas, usual: 2 });
    expect(run([early(4, 1.2)]).events).toEqual([]);
    expect(run([early(4.2, 1.2)]).events).toEqual(['0:firing:warning:v1:opened0']);
    expect(run([early(10.5, 1.2)]).events).toEqual(['0:firing:warning:v1:opened0']);
    expect(run([early(11.2, 1.2)]).events).toEqual(['0:firing:critical:v1:opened0']);
  });

  it('a calm run broken by a high window starts again; early checks never calm it', () => {
    const { events } = run([
      check(0, 40, 4), check(1, 10, 0), check(2, 10, 0), check(3, 25, 2.5), check(4, 10, 0), check(5, 10, 0, { isFinal: false }), check(5, 10, 0), check(6, 10, 0),
    ]);
    expect(events).toEqual(['0:firing:warning:v1:opened0', '6:resolved:warning:v2:opened0']);
  });

  it('a calm surge period neither starts nor ends the calm run; a high one resets it', () => {
    const surge = (minute: number, sigmas: number) => check(minute, 500, sigmas, { scale: 'surge', windowMs: 60 * MIN, expected: 100, upper: 140 });
    const calm = run([check(0, 40, 4), check(1, 10, 0), surge(0, 0), check(2, 10, 0), check(3, 10, 0)]);
    expect(calm.events).toEqual(['0:firing:warning:v1:opened0', '3:resolved:warning:v2:opened0']);
    const high = run([check(0, 40, 4), check(1, 10, 0), surge(0, 2.5), check(2, 10, 0), check(3, 10, 0)]);
    expect(high.events).toEqual(['0:firing:warning:v1:opened0']);
  });
});
