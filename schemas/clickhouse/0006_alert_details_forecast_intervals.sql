-- Alerts carry what the person paged needs (metric, period, interval, sample mentions, drivers,
-- the mention of a customer alert); forecast points carry the 80% interval beside the 95% one
-- (lower/upper) and their step. Columns are added with defaults, so rows written before read as
-- "not known". One ALTER per table (18.16 has no ADD COLUMN IF NOT EXISTS; the migration runner
-- applies each file once). Drivers are a JSON array of {kind, value, count, share, baseline_share}.
ALTER TABLE alerts
  ADD COLUMN metric String DEFAULT 'mentions',
  ADD COLUMN window_ms UInt64 DEFAULT 60000,
  ADD COLUMN lower Float64,
  ADD COLUMN upper Float64,
  ADD COLUMN mention_id Nullable(String),
  ADD COLUMN sample_mention_ids Array(String),
  ADD COLUMN drivers String DEFAULT '[]';
ALTER TABLE forecasts
  ADD COLUMN step_ms UInt64 DEFAULT 60000,
  ADD COLUMN lower_80 Float64,
  ADD COLUMN upper_80 Float64;
