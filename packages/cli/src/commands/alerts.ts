// `mentions alerts`: the latest state of each alert (ClickHouse `alerts FINAL`: one row per
// alert_id, its highest version), newest change first. The state filter is applied to the
// merged rows, so an alert resolved in a later version is never shown as open.
import type { Command } from 'commander';
import { sql } from '@mentions/runtime';
import { CLICKHOUSE_ENVIRONMENT, isoFromUnix, numberOrNull, oneLine, requireKnownBrand, withClickHouse } from '../clickhouse-reads.ts';
import { printResult, type Column } from '../table.ts';
import { positiveInteger } from './flag-values.ts';

export interface AlertView {
  alert_id: string;
  competitive_set: string;
  brand: string;
  kind: string;
  state: string;
  severity: string;
  opened_at: string;
  updated_at: string;
  window_start: string;
  metric: string;
  window_ms: number;
  observed: number;
  expected: number;
  lower: number;
  upper: number;
  score: number;
  summary: string;
  mention_id: string | null;
  sample_mention_ids: string[];
  drivers: unknown;
  version: number;
}

type Row = Omit<AlertView, 'opened_at' | 'updated_at' | 'window_start' | 'window_ms' | 'version' | 'drivers'> & {
  opened_s: string; updated_s: string; window_s: string; window_ms: string; version: string; drivers: string;
};

const round = (value: number, digits: number) => Number(value.toFixed(digits));

const COLUMNS: Column<AlertView>[] = [
  { header: 'UPDATED', value: (a) => a.updated_at },
  { header: 'STATE', value: (a) => a.state },
  { header: 'SEVERITY', value: (a) => a.severity },
  { header: 'BRAND', value: (a) => a.brand },
  { header: 'KIND', value: (a) => a.kind },
  { header: 'OBSERVED', value: (a) => round(a.observed, 1) },
  { header: 'EXPECTED', value: (a) => round(a.expected, 1) },
  { header: 'SCORE', value: (a) => round(a.score, 2) },
  { header: 'SUMMARY', value: (a) => oneLine(a.summary) },
];

function parseDrivers(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toView(r: Row): AlertView {
  return {
    alert_id: r.alert_id, competitive_set: r.competitive_set, brand: r.brand, kind: r.kind, state: r.state, severity: r.severity,
    opened_at: isoFromUnix(r.opened_s)!, updated_at: isoFromUnix(r.updated_s)!, window_start: isoFromUnix(r.window_s)!,
    metric: r.metric, window_ms: Number(r.window_ms), observed: Number(r.observed), expected: Number(r.expected),
    lower: Number(r.lower), upper: Number(r.upper), score: Number(r.score), summary: r.summary, mention_id: r.mention_id,
    sample_mention_ids: r.sample_mention_ids, drivers: parseDrivers(r.drivers), version: numberOrNull(r.version)!,
  };
}

interface Flags { open?: boolean; brand?: string; limit: number; json?: boolean }

export function addAlertsCommand(program: Command): void {
  program
    .command('alerts')
    .description('Alerts in their latest state (ClickHouse alerts FINAL), most recently updated first: spikes and customer alerts.')
    .option('--open', 'only alerts whose latest state is not resolved')
    .option('--brand <name>', 'only alerts of this brand')
    .option('--limit <n>', 'at most n alerts', positiveInteger, 50)
    .option('--json', 'print the alerts as JSON, with drivers, interval and sample mention ids')
    .addHelpText('after', `
States: firing, updated (turned critical), resolved. An alert id names its set, brand and kind.
${CLICKHOUSE_ENVIRONMENT}
Exit codes: 0 ok (no alerts prints the header only), 1 ClickHouse unreachable, 2 unknown brand or bad flag.`)
    .action(async (flags: Flags) => withClickHouse(async (ch) => {
      if (flags.brand !== undefined && !(await requireKnownBrand(ch, flags.brand))) return;
      const rows = await ch.query<Row>(sql`
        SELECT alert_id, competitive_set, brand, kind, state, severity,
               toUnixTimestamp(opened_at) AS opened_s, toUnixTimestamp(updated_at) AS updated_s, toUnixTimestamp(window_start) AS window_s,
               metric, window_ms, observed, expected, lower, upper, score, summary, mention_id, sample_mention_ids, drivers, version
        FROM alerts FINAL
        WHERE (${flags.brand === undefined} OR brand = ${flags.brand ?? ''}) AND (${!flags.open} OR state != 'resolved')
        ORDER BY updated_at DESC, alert_id
        LIMIT ${flags.limit}`);
      const alerts = rows.map(toView);
      printResult(flags, alerts, COLUMNS, alerts);
    }));
}
