// Alert events → Alertmanager v2 postable alerts (POST /api/v2/alerts). Alertmanager identifies an
// alert by its labels, so every event of one incident carries the same labels (alert_id among
// them) and a repeat is a no-op; `resolved` ends it (endsAt = the event's time). A firing alert
// gets endsAt = its time + `firingTtlMs`, because Alertmanager ends an alert without endsAt after
// its resolve_timeout (5 min) and this pipeline posts an incident only when its state changes.
// An escalation changes the severity label, which is a new alert to Alertmanager: the lower
// severities of the same alert_id are ended with it, so the earlier one does not stay firing.
import type { Alert } from '@mentions/runtime';

export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL?: string;
}

export interface AlertmanagerMapping {
  /** How long a firing (or updated) alert stays firing in Alertmanager without a newer event. */
  firingTtlMs: number;
  /** generatorURL template; `{alert_id}`, `{competitive_set}`, `{brand}` are replaced URL-encoded. */
  generatorUrl?: string;
}

const SEVERITIES = ['info', 'warning', 'critical'];

const iso = (ms: number) => new Date(ms).toISOString();
const num = (x: number) => String(Number(x.toFixed(2)));
const pct = (x: number) => `${Number((100 * x).toFixed(1))}%`;

/** `volume_spike` → `MentionsVolumeSpike`. */
export function alertName(kind: string): string {
  return `Mentions${kind.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}`;
}

/** The newest event of each alert id (highest version, later on a tie), in first-seen order. */
export function latestPerAlert(alerts: readonly Alert[]): Alert[] {
  const latest = new Map<string, Alert>();
  for (const a of alerts) {
    const seen = latest.get(a.alert_id);
    if (!seen || a.version >= seen.version) latest.set(a.alert_id, a);
  }
  return [...latest.values()];
}

export function toPostableAlerts(alerts: readonly Alert[], m: AlertmanagerMapping): PostableAlert[] {
  return latestPerAlert(alerts).flatMap((a) => toPostable(a, m));
}

function toPostable(a: Alert, m: AlertmanagerMapping): PostableAlert[] {
  const labels = { alertname: alertName(a.kind), competitive_set: a.competitive_set, brand: a.brand, severity: a.severity, alert_id: a.alert_id };
  const annotations: Record<string, string> = {
    summary: a.summary || `${a.brand}: ${a.kind} ${a.state}`,
    state: a.state,
    version: String(a.version),
    metric: a.metric,
    observed: num(a.observed),
    expected: num(a.expected),
    score: num(a.score),
  };
  if (a.kind !== 'customer') annotations.interval_95 = `${num(a.lower)}–${num(a.upper)}`;
  if (a.drivers.length) annotations.drivers = a.drivers.map((d) => `${d.kind}:${d.value} (${pct(d.share)} vs ${pct(d.baseline_share)})`).join(', ');
  if (a.mention_id) annotations.mention_id = a.mention_id;
  if (a.sample_mention_ids.length) annotations.sample_mention_ids = a.sample_mention_ids.join(', ');
  const startsAt = iso(a.opened_at_ms);
  const endedAt = iso(Math.max(a.opened_at_ms, a.updated_at_ms));
  const generatorURL = m.generatorUrl ? expand(m.generatorUrl, a) : undefined;
  const alert: PostableAlert = {
    labels, annotations, startsAt,
    endsAt: a.state === 'resolved' ? endedAt : iso(Math.max(a.opened_at_ms, a.updated_at_ms) + m.firingTtlMs),
    ...(generatorURL ? { generatorURL } : {}),
  };
  const rank = SEVERITIES.indexOf(a.severity);
  const superseded = a.state === 'firing' || rank <= 0 ? [] : SEVERITIES.slice(0, rank);
  return [alert, ...superseded.map((severity) => ({ ...alert, labels: { ...labels, severity }, endsAt: endedAt }))];
}

function expand(template: string, a: Alert): string {
  const values: Record<string, string> = { alert_id: a.alert_id, competitive_set: a.competitive_set, brand: a.brand };
  return template.replace(/\{(alert_id|competitive_set|brand)\}/g, (_, k: string) => encodeURIComponent(values[k]!));
}
