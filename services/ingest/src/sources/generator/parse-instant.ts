// Instants on the command line: relative to now, open-ended, or absolute.

/** "now", "-2h", "+30m", "90s" relative to now, or an ISO-8601 instant. */
export function parseInstant(text: string, nowMs: number): number {
  if (text === 'now') return nowMs;
  if (text === 'forever') return Number.POSITIVE_INFINITY;
  const rel = /^([+-]?)(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text);
  if (rel) {
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[rel[3] as 'ms' | 's' | 'm' | 'h' | 'd'];
    return nowMs + (rel[1] === '-' ? -1 : 1) * Number(rel[2]) * unit;
  }
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new RangeError(`expected now, forever, ±<n>(ms|s|m|h|d) or an ISO-8601 instant, got "${text}"`);
  return ms;
}
