// What `mentions top` shows, computed from the rows ClickHouse returned and the time of the read:
// per competitive set and brand the share of voice, the per-minute volume behind the sparkline,
// net sentiment, open needs-response items and open alerts; and the alert transitions between
// two reads. Pure: no clock, no IO.

const MINUTE_S = 60;

/** Per-minute volume of a brand (v_brand_volume_1m). */
export interface MinuteRow { competitive_set: string; brand: string; minute_s: number; mentions: number; positive: number; negative: number }
/** Unanswered needs-response items of a brand in the queue horizon (v_needs_response). */
export interface QueueRow { competitive_set: string; brand: string; open: number }
/** An alert in its latest state (alerts FINAL). */
export interface AlertRow {
  alert_id: string; competitive_set: string; brand: string; kind: string; state: string; severity: string;
  updated_s: number; observed: number; expected: number; summary: string; version: number;
}

export interface TopRows { minutes: MinuteRow[]; queue: QueueRow[]; alerts: AlertRow[]; brands: Array<{ competitive_set: string; brand: string }> }

export interface BrandLine {
  brand: string;
  /** Mentions in the range. */
  mentions: number;
  /** Share of the set's mentions in the range, 0..1 (0 when the set has none). */
  share: number;
  /** Mentions per minute, oldest first, one per minute of the range; the last is the open minute. */
  perMinute: number[];
  /** (positive − negative) / (positive + negative) in the range, null without either. */
  netSentiment: number | null;
  openNeedsResponse: number;
  openAlerts: number;
}

export interface SetView { name: string; mentions: number; brands: BrandLine[] }

export interface AlertLine {
  alert_id: string; competitive_set: string; brand: string; kind: string; state: string; severity: string;
  updated_at: string; summary: string;
}

export interface TopView {
  as_of: string;
  range_minutes: number;
  sets: SetView[];
  /** Alerts whose latest state is not resolved, most recently updated first. */
  open_alerts: AlertLine[];
}

export interface TopOptions {
  /** Minutes of the range, the open minute included. */
  minutes: number;
  /** Only this competitive set. */
  set?: string;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** The first second of the range: the start of the minute `minutes − 1` before the open one. */
export function rangeStart(nowMs: number, minutes: number): number {
  const openMinute = Math.floor(nowMs / 1000 / MINUTE_S) * MINUTE_S;
  return openMinute - (minutes - 1) * MINUTE_S;
}

export function toAlertLine(a: AlertRow): AlertLine {
  return {
    alert_id: a.alert_id, competitive_set: a.competitive_set, brand: a.brand, kind: a.kind, state: a.state, severity: a.severity,
    updated_at: iso(a.updated_s), summary: a.summary,
  };
}

export function buildTopView(rows: TopRows, nowMs: number, options: TopOptions): TopView {
  const start = rangeStart(nowMs, options.minutes);
  const keep = (set: string) => options.set === undefined || set === options.set;
  const key = (set: string, brand: string) => `${set}\u0000${brand}`;

  const lines = new Map<string, BrandLine & { set: string; positive: number; negative: number }>();
  const line = (set: string, brand: string) => {
    const k = key(set, brand);
    let l = lines.get(k);
    if (!l) {
      l = { set, brand, mentions: 0, share: 0, perMinute: new Array<number>(options.minutes).fill(0), netSentiment: null, openNeedsResponse: 0, openAlerts: 0, positive: 0, negative: 0 };
      lines.set(k, l);
    }
    return l;
  };
  for (const b of rows.brands) if (keep(b.competitive_set)) line(b.competitive_set, b.brand);
  for (const m of rows.minutes) {
    const slot = Math.floor((m.minute_s - start) / MINUTE_S);
    if (!keep(m.competitive_set) || slot < 0 || slot >= options.minutes) continue;
    const l = line(m.competitive_set, m.brand);
    l.perMinute[slot]! += m.mentions;
    l.mentions += m.mentions;
    l.positive += m.positive;
    l.negative += m.negative;
  }
  for (const q of rows.queue) if (keep(q.competitive_set)) line(q.competitive_set, q.brand).openNeedsResponse += q.open;
  const open = rows.alerts.filter((a) => a.state !== 'resolved' && keep(a.competitive_set));
  for (const a of open) line(a.competitive_set, a.brand).openAlerts += 1;

  const sets = new Map<string, SetView>();
  for (const l of lines.values()) {
    let s = sets.get(l.set);
    if (!s) sets.set(l.set, (s = { name: l.set, mentions: 0, brands: [] }));
    s.mentions += l.mentions;
    const polar = l.positive + l.negative;
    s.brands.push({
      brand: l.brand, mentions: l.mentions, share: 0, perMinute: l.perMinute,
      netSentiment: polar === 0 ? null : (l.positive - l.negative) / polar, openNeedsResponse: l.openNeedsResponse, openAlerts: l.openAlerts,
    });
  }
  for (const s of sets.values()) {
    for (const b of s.brands) b.share = s.mentions === 0 ? 0 : b.mentions / s.mentions;
    s.brands.sort((a, b) => b.mentions - a.mentions || a.brand.localeCompare(b.brand));
  }
  return {
    as_of: new Date(nowMs).toISOString(),
    range_minutes: options.minutes,
    sets: [...sets.values()].sort((a, b) => a.name.localeCompare(b.name)),
    open_alerts: open
      .sort((a, b) => b.updated_s - a.updated_s || a.alert_id.localeCompare(b.alert_id))
      .map(toAlertLine),
  };
}

export type AlertChange = 'fired' | 'escalated' | 'updated' | 'resolved';
export interface AlertTransition { change: AlertChange; alert: AlertLine }

/**
 * What changed between two reads of the alerts: an id not seen before fires (or, when first
 * seen resolved, is reported resolved), a new version updates (escalates when it turned
 * critical), a state turning resolved resolves. Ids missing from `next` are ignored (they left
 * the read's horizon). Oldest change first.
 */
export function alertTransitions(previous: ReadonlyMap<string, AlertRow>, next: readonly AlertRow[]): AlertTransition[] {
  const out: Array<AlertTransition & { at: number }> = [];
  for (const a of next) {
    const before = previous.get(a.alert_id);
    if (before && before.version >= a.version && before.state === a.state) continue;
    let change: AlertChange;
    if (a.state === 'resolved') {
      if (before?.state === 'resolved') continue;
      change = 'resolved';
    } else if (!before) change = 'fired';
    else change = a.severity === 'critical' && before.severity !== 'critical' ? 'escalated' : 'updated';
    out.push({ change, alert: toAlertLine(a), at: a.updated_s });
  }
  return out
    .sort((x, y) => x.at - y.at || x.alert.alert_id.localeCompare(y.alert.alert_id))
    .map(({ change, alert }) => ({ change, alert }));
}
