// dashboard's environment: where it listens (loopback by default), an optional bearer token for
// its data, how often the page refreshes, and the bounds of what one refresh reads.
import { ConfigError, clickhouseSpec, positiveInt, port, readConfig, str } from '@mentions/runtime';

/** The ranges the page offers, in minutes; DASHBOARD_MAX_RANGE_MINUTES cuts the list. */
export const RANGE_CHOICES = [15, 60, 180, 360, 1440] as const;

export const dashboardConfigSpec = {
  ...clickhouseSpec,
  DASHBOARD_HOST: str({ default: '127.0.0.1', desc: 'Address the dashboard listens on (loopback by default; 0.0.0.0 for every interface)' }),
  DASHBOARD_PORT: port({ default: 8085, desc: 'Port of the page, its data and /healthz, /readyz, /metrics' }),
  DASHBOARD_TOKEN: str({ default: '', desc: 'Bearer token required by /api/* (the page passes ?token=); empty: none' }),
  DASHBOARD_REFRESH_MS: positiveInt({ default: 5000, desc: 'How often the page asks for new data (250–5000 ms)' }),
  DASHBOARD_LISTS_REFRESH_MS: positiveInt({ default: 30_000, desc: 'How often advocates, themes and response times are read again (they scan every mention)' }),
  DASHBOARD_RANGE_MINUTES: positiveInt({ default: 60, desc: `Range the page opens with, one of ${RANGE_CHOICES.join(', ')}` }),
  DASHBOARD_MAX_RANGE_MINUTES: positiveInt({ default: 1440, desc: 'Longest range a request may ask for (400 above)' }),
  DASHBOARD_MAX_ROWS: positiveInt({ default: 10, desc: 'Rows of each list: queue items, advocates and themes per brand (alerts: 10 times as many)' }),
  DASHBOARD_MAX_SERIES_ROWS: positiveInt({ default: 100_000, desc: 'Most per-minute rows one refresh reads (more are cut and counted)' }),
  DASHBOARD_QUERY_TIMEOUT_MS: positiveInt({ default: 10_000, desc: 'How long a ClickHouse read may take' }),
  LOG_LEVEL: str({ choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' }),
};

export function readDashboardConfig(env: NodeJS.ProcessEnv = process.env) {
  const c = readConfig(dashboardConfigSpec, env);
  const problems: Array<{ variable: string; problem: string }> = [];
  if (c.DASHBOARD_REFRESH_MS < 250 || c.DASHBOARD_REFRESH_MS > 5000) problems.push({ variable: 'DASHBOARD_REFRESH_MS', problem: `expected 250 to 5000, got ${c.DASHBOARD_REFRESH_MS}` });
  if (!(RANGE_CHOICES as readonly number[]).includes(c.DASHBOARD_RANGE_MINUTES)) {
    problems.push({ variable: 'DASHBOARD_RANGE_MINUTES', problem: `expected one of ${RANGE_CHOICES.join(', ')}, got ${c.DASHBOARD_RANGE_MINUTES}` });
  } else if (c.DASHBOARD_RANGE_MINUTES > c.DASHBOARD_MAX_RANGE_MINUTES) {
    problems.push({ variable: 'DASHBOARD_RANGE_MINUTES', problem: `must not exceed DASHBOARD_MAX_RANGE_MINUTES (${c.DASHBOARD_MAX_RANGE_MINUTES}), got ${c.DASHBOARD_RANGE_MINUTES}` });
  }
  if (problems.length) throw new ConfigError(problems);
  // runService listens on HTTP_HOST:HTTP_PORT; the dashboard names them DASHBOARD_*.
  return { ...c, HTTP_HOST: c.DASHBOARD_HOST, HTTP_PORT: c.DASHBOARD_PORT };
}

export type DashboardConfig = ReturnType<typeof readDashboardConfig>;
