// forecast's environment: the window length, the model's history, the spike rules and the
// customer-alert rules. Spike defaults are the ones the NAB evaluation (bench/forecast) scored.
import { ConfigError, clickhouseSpec, consumerSpec, kafkaSpec, num, positiveInt, readConfig, serviceSpec, str } from '@mentions/runtime';
import { CUSTOMER_RULES, REACH_TIERS, type CustomerAlertRules, type CustomerRule } from './domain/customer-alert.ts';
import { DEFAULT_WATCH_RULES } from './domain/rules.ts';
import { DEFAULT_SHARE_RULES, type ShareRules } from './domain/share-watch.ts';
import { DEFAULT_SOV_RULES, type SovRules } from './domain/set-share-of-voice.ts';
import { alertmanagerReceiver, webhookReceiver, type AlertReceiver } from './delivery/receivers.ts';
import type { WatchRules } from './domain/series-watch.ts';

const spike = DEFAULT_WATCH_RULES.incident;

export const forecastConfigSpec = {
  ...kafkaSpec,
  ...clickhouseSpec,
  ...consumerSpec,
  ...serviceSpec(8084),
  FORECAST_GROUP_ID: str({ default: 'forecast', desc: 'Consumer group of the rollup consumer (forecasts, spike alerts)' }),
  CUSTOMER_ALERT_GROUP_ID: str({ default: 'forecast-customer-alerts', desc: 'Consumer group of the mentions.enriched consumer (customer alerts)' }),
  FORECAST_WINDOW_MS: positiveInt({ default: 60_000, desc: 'Window length of the rollups (AGGREGATE_WINDOW_MS); must divide an hour' }),
  FORECAST_HISTORY_MS: positiveInt({ default: 7 * 86_400_000, desc: 'Rollup history read from ClickHouse to rebuild a series model at start' }),
  ALERT_EARLY_MIN_FRACTION: num({
    default: DEFAULT_WATCH_RULES.earlyMinFraction!,
    desc: "Spike: an open window is judged against the forecast of the part its count reaches (the rollup's emitted_at_ms, or a later latest_event_ms), at least this fraction of it (1: the whole window)",
  }),
  ALERT_EARLY_LOOK_SIGMAS: num({
    default: DEFAULT_WATCH_RULES.earlyLookSigmas!,
    desc: 'Spike: an open window judged at a fraction f of it needs this × √ln(1/f) more sigmas to open or escalate (repeated looks; 0: none)',
  }),
  FORECAST_MIN_HISTORY_MS: positiveInt({ default: DEFAULT_WATCH_RULES.minHistoryMs, desc: 'History a series needs before it can raise spike alerts' }),
  ALERT_OPEN_SIGMAS: num({ default: spike.openSigmas, desc: 'Spike: sigmas above the forecast (√ space) to open an incident' }),
  ALERT_CRITICAL_SIGMAS: num({ default: spike.criticalSigmas, desc: 'Spike: sigmas above the forecast that make an incident critical' }),
  ALERT_MARGIN: num({ default: spike.margin, desc: 'Spike: the count must exceed the 95% upper bound by this fraction of the expected count' }),
  ALERT_MIN_COUNT: positiveInt({ default: spike.minCount, desc: 'Spike: mentions a window (or surge period) needs to open an incident' }),
  ALERT_RESOLVE_AFTER_MS: positiveInt({ default: spike.resolveAfterMs, desc: 'Spike: calm time after which an incident resolves' }),
  ALERT_SURGE_MS: positiveInt({ default: DEFAULT_WATCH_RULES.surgeMs, desc: 'Spike: length of the longer period judged as a sum (a surge)' }),
  ALERT_SHARE_PERIOD_MS: positiveInt({ default: DEFAULT_SHARE_RULES.periodMs, desc: 'Negative share: length of the periods judged (a multiple of FORECAST_WINDOW_MS)' }),
  ALERT_SHARE_OPEN_SIGMAS: num({ default: DEFAULT_SHARE_RULES.incident.openSigmas, desc: 'Negative share: binomial sigmas above the expected share to open an incident' }),
  ALERT_SHARE_MIN_COUNT: positiveInt({ default: DEFAULT_SHARE_RULES.incident.minCount, desc: 'Negative share: negative mentions a period needs to open an incident' }),
  ALERT_SHARE_RESOLVE_AFTER_MS: positiveInt({ default: DEFAULT_SHARE_RULES.incident.resolveAfterMs, desc: 'Negative share: calm time after which an incident resolves' }),
  ALERT_SOV_PERIOD_MS: positiveInt({ default: DEFAULT_SOV_RULES.periodMs, desc: 'Share of voice: length of the periods judged (a multiple of FORECAST_WINDOW_MS)' }),
  ALERT_SOV_SETTLE_MS: positiveInt({ default: DEFAULT_SOV_RULES.settleMs, desc: "Share of voice: a set's window closes once a final rollup of the set ends this long after it; later ones are left out" }),
  ALERT_SOV_OPEN_SIGMAS: num({ default: DEFAULT_SOV_RULES.incident.openSigmas, desc: "Share of voice: binomial sigmas above the brand's expected share to open an incident" }),
  ALERT_SOV_CRITICAL_SIGMAS: num({ default: DEFAULT_SOV_RULES.incident.criticalSigmas, desc: 'Share of voice: sigmas that make an incident critical' }),
  ALERT_SOV_MARGIN: num({ default: DEFAULT_SOV_RULES.incident.margin, desc: "Share of voice: the brand's count must exceed the 95% upper bound by this fraction of the expected count" }),
  ALERT_SOV_MIN_COUNT: positiveInt({ default: DEFAULT_SOV_RULES.incident.minCount, desc: 'Share of voice: brand mentions a period needs to open an incident' }),
  ALERT_SOV_RESOLVE_AFTER_MS: positiveInt({ default: DEFAULT_SOV_RULES.incident.resolveAfterMs, desc: 'Share of voice: calm time after which an incident resolves' }),
  CUSTOMER_ALERT_RULES: str({ default: CUSTOMER_RULES.join(','), desc: `Customer-alert rules, comma-separated: ${CUSTOMER_RULES.join(', ')} (empty: none)` }),
  ALERTMANAGER_URL: str({ default: '', desc: 'Alertmanager base URL (http://host:9093): alerts are posted to its v2 API (empty: not delivered)' }),
  ALERTMANAGER_FIRING_TTL_MS: positiveInt({ default: 6 * 3600_000, desc: 'Alertmanager: a firing alert ends this long after its last event unless resolved earlier' }),
  ALERTMANAGER_GENERATOR_URL: str({ default: '', desc: 'Alertmanager generatorURL; {alert_id}, {competitive_set}, {brand} are replaced (empty: none)' }),
  ALERT_WEBHOOK_URL: str({ default: '', desc: 'Webhook that receives alert events, signed (empty: not delivered)' }),
  ALERT_WEBHOOK_SECRET: str({ default: '', desc: 'HMAC-SHA256 key of the webhook signature (required with ALERT_WEBHOOK_URL)' }),
  ALERT_DELIVERY_GROUP_ID: str({ default: 'forecast-alert-delivery', desc: 'Consumer group prefix of alert delivery: one group per receiver, <id>.alertmanager and <id>.webhook' }),
  ALERT_DELIVERY_TIMEOUT_MS: positiveInt({ default: 10_000, desc: 'Timeout of one delivery request (then retried)' }),
  CUSTOMER_ALERT_MIN_REACH: str({ choices: [...REACH_TIERS], default: 'mid', desc: 'complaint_high_reach: lowest reach tier that counts' }),
};

export const readForecastConfig = (env: NodeJS.ProcessEnv = process.env) => {
  const c = readConfig(forecastConfigSpec, env);
  const problems = [];
  if (3600_000 % c.FORECAST_WINDOW_MS !== 0) problems.push({ variable: 'FORECAST_WINDOW_MS', problem: `must divide an hour (3600000), got ${c.FORECAST_WINDOW_MS}` });
  if (c.ALERT_SHARE_PERIOD_MS % c.FORECAST_WINDOW_MS !== 0) problems.push({ variable: 'ALERT_SHARE_PERIOD_MS', problem: `must be a multiple of FORECAST_WINDOW_MS, got ${c.ALERT_SHARE_PERIOD_MS}` });
  if (c.ALERT_SOV_PERIOD_MS % c.FORECAST_WINDOW_MS !== 0) problems.push({ variable: 'ALERT_SOV_PERIOD_MS', problem: `must be a multiple of FORECAST_WINDOW_MS, got ${c.ALERT_SOV_PERIOD_MS}` });
  for (const variable of ['ALERT_SOV_OPEN_SIGMAS', 'ALERT_SOV_CRITICAL_SIGMAS'] as const) {
    if (!(c[variable] > 0)) problems.push({ variable, problem: `must be positive, got ${c[variable]}` });
  }
  if (c.ALERT_SOV_CRITICAL_SIGMAS < c.ALERT_SOV_OPEN_SIGMAS) problems.push({ variable: 'ALERT_SOV_CRITICAL_SIGMAS', problem: `must be at least ALERT_SOV_OPEN_SIGMAS (${c.ALERT_SOV_OPEN_SIGMAS}), got ${c.ALERT_SOV_CRITICAL_SIGMAS}` });
  if (!(c.ALERT_SOV_MARGIN >= 0)) problems.push({ variable: 'ALERT_SOV_MARGIN', problem: `must be 0 or more, got ${c.ALERT_SOV_MARGIN}` });
  if (!(c.ALERT_EARLY_MIN_FRACTION > 0 && c.ALERT_EARLY_MIN_FRACTION <= 1)) {
    problems.push({ variable: 'ALERT_EARLY_MIN_FRACTION', problem: `must be above 0 and at most 1, got ${c.ALERT_EARLY_MIN_FRACTION}` });
  }
  if (!(c.ALERT_EARLY_LOOK_SIGMAS >= 0)) problems.push({ variable: 'ALERT_EARLY_LOOK_SIGMAS', problem: `must be 0 or more, got ${c.ALERT_EARLY_LOOK_SIGMAS}` });
  if (c.ALERT_SURGE_MS % c.FORECAST_WINDOW_MS !== 0) problems.push({ variable: 'ALERT_SURGE_MS', problem: `must be a multiple of FORECAST_WINDOW_MS, got ${c.ALERT_SURGE_MS}` });
  const rules = c.CUSTOMER_ALERT_RULES.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = rules.filter((r) => !(CUSTOMER_RULES as readonly string[]).includes(r));
  if (unknown.length) problems.push({ variable: 'CUSTOMER_ALERT_RULES', problem: `expected any of ${CUSTOMER_RULES.join(', ')}, got "${unknown.join(',')}"` });
  for (const variable of ['ALERTMANAGER_URL', 'ALERT_WEBHOOK_URL'] as const) {
    if (c[variable] && !isHttpUrl(c[variable])) problems.push({ variable, problem: `expected an http(s) URL, got "${c[variable]}"` });
  }
  if (c.ALERT_WEBHOOK_URL && !c.ALERT_WEBHOOK_SECRET) problems.push({ variable: 'ALERT_WEBHOOK_SECRET', problem: 'required when ALERT_WEBHOOK_URL is set' });
  if (problems.length) throw new ConfigError(problems);
  return c;
};
function isHttpUrl(s: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(s).protocol);
  } catch {
    return false;
  }
}

export type ForecastConfig = ReturnType<typeof readForecastConfig>;

export function watchRules(c: ForecastConfig): WatchRules {
  return {
    ...DEFAULT_WATCH_RULES,
    model: { ...DEFAULT_WATCH_RULES.model, stepMs: c.FORECAST_WINDOW_MS },
    incident: {
      ...spike, openSigmas: c.ALERT_OPEN_SIGMAS, criticalSigmas: c.ALERT_CRITICAL_SIGMAS, margin: c.ALERT_MARGIN, minCount: c.ALERT_MIN_COUNT, resolveAfterMs: c.ALERT_RESOLVE_AFTER_MS,
    },
    surgeMs: c.ALERT_SURGE_MS,
    minHistoryMs: c.FORECAST_MIN_HISTORY_MS,
    earlyMinFraction: c.ALERT_EARLY_MIN_FRACTION,
    earlyLookSigmas: c.ALERT_EARLY_LOOK_SIGMAS,
  };
}

export function shareRules(c: ForecastConfig): ShareRules {
  const d = DEFAULT_SHARE_RULES;
  return {
    ...d, periodMs: c.ALERT_SHARE_PERIOD_MS,
    incident: { ...d.incident, openSigmas: c.ALERT_SHARE_OPEN_SIGMAS, minCount: c.ALERT_SHARE_MIN_COUNT, resolveAfterMs: c.ALERT_SHARE_RESOLVE_AFTER_MS },
  };
}

export function sovRules(c: ForecastConfig): SovRules {
  const d = DEFAULT_SOV_RULES;
  return {
    ...d, periodMs: c.ALERT_SOV_PERIOD_MS, settleMs: c.ALERT_SOV_SETTLE_MS,
    incident: {
      ...d.incident, openSigmas: c.ALERT_SOV_OPEN_SIGMAS, criticalSigmas: c.ALERT_SOV_CRITICAL_SIGMAS, margin: c.ALERT_SOV_MARGIN,
      minCount: c.ALERT_SOV_MIN_COUNT, resolveAfterMs: c.ALERT_SOV_RESOLVE_AFTER_MS,
    },
  };
}

export function customerAlertRules(c: ForecastConfig): CustomerAlertRules {
  const rules = c.CUSTOMER_ALERT_RULES.split(',').map((s) => s.trim()).filter(Boolean) as CustomerRule[];
  return { rules, minReachTier: c.CUSTOMER_ALERT_MIN_REACH as CustomerAlertRules['minReachTier'] };
}

/** The receivers alert delivery is configured for (none: no delivery consumer runs). */
export function alertReceivers(c: ForecastConfig): AlertReceiver[] {
  const timeoutMs = c.ALERT_DELIVERY_TIMEOUT_MS;
  return [
    ...(c.ALERTMANAGER_URL ? [alertmanagerReceiver({ url: c.ALERTMANAGER_URL, timeoutMs, firingTtlMs: c.ALERTMANAGER_FIRING_TTL_MS, generatorUrl: c.ALERTMANAGER_GENERATOR_URL || undefined })] : []),
    ...(c.ALERT_WEBHOOK_URL ? [webhookReceiver({ url: c.ALERT_WEBHOOK_URL, secret: c.ALERT_WEBHOOK_SECRET, timeoutMs })] : []),
  ];
}
