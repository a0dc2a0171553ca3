// What the ClickHouse read commands (alerts, queue, advocates) share: one session per command,
// closed whatever happens, the brands ClickHouse knows for the message that names an unknown
// one, and the conversion of JSONEachRow values (64-bit integers arrive as strings).
import { sql } from '@mentions/runtime';
import { connectClickHouse, readClickHouseConfig, type ClickHouseSession } from './clients.ts';
import { refuse } from './table.ts';

export const CLICKHOUSE_ENVIRONMENT = 'Environment: CLICKHOUSE_URL, CLICKHOUSE_DATABASE, CLICKHOUSE_USER, CLICKHOUSE_PASSWORD, CLI_TIMEOUT_MS (default 10000).';

export async function withClickHouse(run: (ch: ClickHouseSession) => Promise<void>): Promise<void> {
  const ch = connectClickHouse(readClickHouseConfig());
  try {
    await run(ch);
  } finally {
    await ch.close();
  }
}

/** Brands with mentions or rollups, sorted: rollups alone miss a brand whose windows are not written yet. */
export async function knownBrands(ch: ClickHouseSession): Promise<string[]> {
  const [rollups, mentions] = await Promise.all([
    ch.query<{ v: string }>(sql`SELECT DISTINCT brand AS v FROM brand_rollup_1m`),
    ch.query<{ v: string }>(sql`SELECT DISTINCT brand AS v FROM mentions`),
  ]);
  return [...new Set([...rollups, ...mentions].map((r) => r.v))].sort();
}

/** True when ClickHouse knows `brand`; otherwise refuses (exit 2) listing the known ones. */
export async function requireKnownBrand(ch: ClickHouseSession, brand: string): Promise<boolean> {
  const brands = await knownBrands(ch);
  if (brands.includes(brand)) return true;
  refuse(`unknown brand "${brand}"; known brands: ${brands.join(', ') || '(none yet)'}`, 2);
  return false;
}

/** A DateTime read as toUnixTimestamp(...), as ISO-8601 UTC; null stays null. */
export function isoFromUnix(seconds: string | number | null): string | null {
  return seconds === null ? null : new Date(Number(seconds) * 1000).toISOString();
}

export function numberOrNull(value: string | number | null): number | null {
  return value === null ? null : Number(value);
}

/** A response time for people: 45s, 12m 5s, 3h 20m, 2d 4h. */
export function formatDuration(seconds: number | null): string | null {
  if (seconds === null) return null;
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

/** One line of at most `max` characters for a table cell; the JSON keeps the whole text. */
export function oneLine(text: string | null, max = 60): string | null {
  if (text === null) return null;
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
