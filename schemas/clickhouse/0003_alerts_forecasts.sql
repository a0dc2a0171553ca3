-- Alert states as the forecast service emitted them; one row per alert_id, latest version.
CREATE TABLE IF NOT EXISTS alerts (
  alert_id String,
  competitive_set String,
  brand String,
  kind String,
  state String,
  severity String,
  opened_at DateTime,
  updated_at DateTime,
  window_start DateTime,
  observed Float64,
  expected Float64,
  score Float64,
  version UInt64,
  summary String
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(opened_at)
ORDER BY alert_id;

-- Expected volume per brand and window; a later forecast of the same window replaces an earlier one.
CREATE TABLE IF NOT EXISTS forecasts (
  competitive_set String,
  brand String,
  metric String,
  window_start DateTime,
  expected Float64,
  lower Float64,
  upper Float64,
  model String,
  generated_at_ms UInt64
) ENGINE = ReplacingMergeTree(generated_at_ms)
PARTITION BY toYYYYMM(window_start)
ORDER BY (competitive_set, brand, metric, window_start);
