// ClickHouse rows of alerts and forecasts (DateTime as epoch seconds, drivers as JSON).
import { toDateTime, type Alert, type Forecast } from '@mentions/runtime';

export function toAlertRow(a: Alert) {
  const { opened_at_ms: opened, updated_at_ms: updated, window_start_ms: start, drivers, ...rest } = a;
  return { ...rest, opened_at: toDateTime(opened), updated_at: toDateTime(updated), window_start: toDateTime(start), drivers: JSON.stringify(drivers) };
}

export function toForecastRows(f: Forecast) {
  return f.points.map((p) => ({
    competitive_set: f.competitive_set, brand: f.brand, metric: f.metric, window_start: toDateTime(p.window_start_ms), expected: p.expected,
    lower: p.lower, upper: p.upper, lower_80: p.lower_80, upper_80: p.upper_80, model: f.model, generated_at_ms: f.generated_at_ms, step_ms: f.step_ms,
  }));
}
