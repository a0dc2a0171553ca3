// What one refresh of the page shows, from the rows of the dashboard's reads and the time of the
// read: per competitive set the share of voice per minute and net sentiment per brand; per brand
// its volume per minute with the forecast band and alert markers, the needs-response queue with
// response times, advocates and themes. Series share one minute axis, so the page plots them
// without joining anything. Pure: no clock, no IO.

const MINUTE_S = 60;

export interface VolumeRow { competitive_set: string; brand: string; t: number; n: number; pos: number; neg: number }
export interface ForecastRow { competitive_set: string; brand: string; t: number; expected: number; lower: number; upper: number }
export interface AlertRow {
  alert_id: string; competitive_set: string; brand: string; kind: string; state: string; severity: string;
  t: number; updated_s: number; observed: number; expected: number; summary: string;
}
export interface QueueRow {
  competitive_set: string; brand: string; mention_id: string; created_s: number; source: string; followers: number | null;
  complaint: boolean; question: boolean; answered: boolean; response_seconds: number | null; text: string | null;
}
export interface ResponseRow { competitive_set: string; brand: string; asked: number; answered: number; median_s: number | null; p90_s: number | null }
export interface AdvocateRow { competitive_set: string; brand: string; author_key: string; advocacy_mentions: number; recommendations: number; reach: number }
export interface ThemeRow { competitive_set: string; brand: string; kind: string; theme: string; n: number; pos: number; neg: number }

export interface DashboardRows {
  volume: VolumeRow[];
  forecasts: ForecastRow[];
  alerts: AlertRow[];
  queue: QueueRow[];
  response_times: ResponseRow[];
  advocates: AdvocateRow[];
  themes: ThemeRow[];
}

export interface BrandPanel {
  brand: string;
  mentions: number;
  share: number;
  positive: number;
  negative: number;
  /** (positive − negative) / (positive + negative) over the range; null without either. */
  net_sentiment: number | null;
  /** Per minute of the axis: mentions (null after now), share of the set (null when the set had none). */
  volume: Array<number | null>;
  share_series: Array<number | null>;
  /** Per minute of the range, net sentiment over the trailing `net_window_minutes` (null without polar mentions in it). */
  net_series: Array<number | null>;
  /** Per minute of the axis, null where no forecast was written. */
  forecast: { expected: Array<number | null>; lower: Array<number | null>; upper: Array<number | null> };
  /** Alerts of the brand on the axis: the window that opened or updated them and the count seen. */
  alert_markers: Array<{ alert_id: string; t: number; observed: number; state: string; severity: string; kind: string }>;
  open_alerts: number;
  response: { asked: number; answered: number; median_s: number | null; p90_s: number | null };
  advocates: Array<{ author_key: string; advocacy_mentions: number; recommendations: number; reach: number }>;
  themes: Array<{ kind: string; theme: string; mentions: number; net_sentiment: number | null }>;
}

export interface SetPanel { name: string; mentions: number; brands: BrandPanel[] }

export interface Snapshot {
  as_of_s: number;
  range_minutes: number;
  /** Unix seconds of each minute on the axis: the range up to the open minute, then the forecast minutes ahead. */
  minutes: number[];
  /** Index in `minutes` of the open minute; later minutes are the future. */
  now_index: number;
  /** Minutes each point of `net_series` looks back: a twelfth of the range, so a line stays readable. */
  net_window_minutes: number;
  sets: SetPanel[];
  alerts: Array<AlertRow & { open: boolean }>;
  queue: QueueRow[];
  /** Reads that returned as many rows as their limit (so may have been cut). */
  truncated: string[];
}

export interface SnapshotInput { nowS: number; rangeMinutes: number; aheadMinutes: number; truncated?: string[] }

/** The trailing window of net sentiment per minute: a twelfth of the range, at least a minute. */
export const netWindowMinutes = (rangeMinutes: number) => Math.max(1, Math.round(rangeMinutes / 12));

/** The first second of a range of `rangeMinutes` minutes ending with the open minute at `nowS`. */
export function rangeStart(nowS: number, rangeMinutes: number): number {
  return nowS - (nowS % MINUTE_S) - (rangeMinutes - 1) * MINUTE_S;
}

const net = (pos: number, neg: number) => (pos + neg === 0 ? null : (pos - neg) / (pos + neg));
const key = (set: string, brand: string) => `${set}\u0000${brand}`;

export function buildSnapshot(rows: DashboardRows, input: SnapshotInput): Snapshot {
  const from = rangeStart(input.nowS, input.rangeMinutes);
  const nowIndex = input.rangeMinutes - 1;
  const minutes = Array.from({ length: input.rangeMinutes + input.aheadMinutes }, (_, i) => from + i * MINUTE_S);
  const slot = (t: number) => {
    const i = Math.floor((t - from) / MINUTE_S);
    return i >= 0 && i < minutes.length ? i : -1;
  };
  const empty = () => minutes.map(() => null as number | null);

  const window = netWindowMinutes(input.rangeMinutes);
  const panels = new Map<string, BrandPanel & { set: string; pos: number[]; neg: number[] }>();
  const panel = (set: string, brand: string) => {
    const k = key(set, brand);
    let p = panels.get(k);
    if (!p) {
      p = {
        set, brand, mentions: 0, share: 0, positive: 0, negative: 0, net_sentiment: null,
        volume: minutes.map((_, i) => (i <= nowIndex ? 0 : null)), share_series: empty(), net_series: [],
        pos: new Array<number>(nowIndex + 1).fill(0), neg: new Array<number>(nowIndex + 1).fill(0),
        forecast: { expected: empty(), lower: empty(), upper: empty() },
        alert_markers: [], open_alerts: 0, response: { asked: 0, answered: 0, median_s: null, p90_s: null }, advocates: [], themes: [],
      };
      panels.set(k, p);
    }
    return p;
  };

  for (const r of rows.volume) {
    const i = slot(r.t);
    if (i < 0 || i > nowIndex) continue;
    const p = panel(r.competitive_set, r.brand);
    p.volume[i] = (p.volume[i] ?? 0) + r.n;
    p.mentions += r.n;
    p.positive += r.pos;
    p.negative += r.neg;
    p.pos[i]! += r.pos;
    p.neg[i]! += r.neg;
  }
  for (const r of rows.forecasts) {
    const i = slot(r.t);
    if (i < 0) continue;
    const f = panel(r.competitive_set, r.brand).forecast;
    f.expected[i] = r.expected;
    f.lower[i] = r.lower;
    f.upper[i] = r.upper;
  }
  for (const a of rows.alerts) {
    const p = panel(a.competitive_set, a.brand);
    if (a.state !== 'resolved') p.open_alerts += 1;
    // A customer alert marks the minute of its mention; a spike the window it was judged on.
    if (slot(a.t) >= 0) p.alert_markers.push({ alert_id: a.alert_id, t: a.t - (a.t % MINUTE_S), observed: a.observed, state: a.state, severity: a.severity, kind: a.kind });
  }
  for (const r of rows.response_times) {
    panel(r.competitive_set, r.brand).response = { asked: r.asked, answered: r.answered, median_s: r.answered ? r.median_s : null, p90_s: r.answered ? r.p90_s : null };
  }
  for (const r of rows.advocates) {
    panel(r.competitive_set, r.brand).advocates.push({ author_key: r.author_key, advocacy_mentions: r.advocacy_mentions, recommendations: r.recommendations, reach: r.reach });
  }
  for (const r of rows.themes) {
    panel(r.competitive_set, r.brand).themes.push({ kind: r.kind, theme: r.theme, mentions: r.n, net_sentiment: net(r.pos, r.neg) });
  }

  const sets = new Map<string, SetPanel>();
  for (const p of panels.values()) {
    let s = sets.get(p.set);
    if (!s) sets.set(p.set, (s = { name: p.set, mentions: 0, brands: [] }));
    s.mentions += p.mentions;
    const { set: _set, pos, neg, ...brand } = p;
    brand.net_sentiment = net(p.positive, p.negative);
    let windowPos = 0;
    let windowNeg = 0;
    brand.net_series = pos.map((_, i) => {
      windowPos += pos[i]! - (i >= window ? pos[i - window]! : 0);
      windowNeg += neg[i]! - (i >= window ? neg[i - window]! : 0);
      return net(windowPos, windowNeg);
    });
    brand.alert_markers.sort((a, b) => a.t - b.t || a.alert_id.localeCompare(b.alert_id));
    s.brands.push(brand);
  }
  for (const s of sets.values()) {
    s.brands.sort((a, b) => b.mentions - a.mentions || a.brand.localeCompare(b.brand));
    for (const b of s.brands) b.share = s.mentions === 0 ? 0 : b.mentions / s.mentions;
    for (let i = 0; i <= nowIndex; i++) {
      const total = s.brands.reduce((sum, b) => sum + (b.volume[i] ?? 0), 0);
      for (const b of s.brands) b.share_series[i] = total === 0 ? null : (b.volume[i] ?? 0) / total;
    }
  }
  return {
    as_of_s: input.nowS,
    range_minutes: input.rangeMinutes,
    minutes,
    now_index: nowIndex,
    net_window_minutes: window,
    sets: [...sets.values()].sort((a, b) => a.name.localeCompare(b.name)),
    alerts: rows.alerts.map((a) => ({ ...a, open: a.state !== 'resolved' })),
    queue: rows.queue,
    truncated: input.truncated ?? [],
  };
}
