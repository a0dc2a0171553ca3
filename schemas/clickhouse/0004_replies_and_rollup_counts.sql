-- Replies (an owned reply answers the mention it replies to), hashtags and engagement on
-- mentions; the rest of the per-window counts on brand_rollup_1m. Columns are added with
-- defaults, so rows written before read as "not known" (null, empty, 0). One ALTER per table
-- (18.16 has no ADD COLUMN IF NOT EXISTS; the migration runner applies each file once).
ALTER TABLE mentions
  ADD COLUMN in_reply_to Nullable(String),
  ADD COLUMN in_reply_to_id Nullable(String),
  ADD COLUMN hashtags Array(String),
  ADD COLUMN engagement Nullable(UInt64);
ALTER TABLE brand_rollup_1m
  ADD COLUMN unknown UInt64,
  ADD COLUMN engagement UInt64,
  ADD COLUMN praise UInt64,
  ADD COLUMN recommendations UInt64,
  ADD COLUMN purchase_intents UInt64,
  ADD COLUMN churn_risks UInt64,
  ADD COLUMN feature_requests UInt64,
  ADD COLUMN promotional UInt64,
  ADD COLUMN directed_at_brand UInt64,
  ADD COLUMN opted_out UInt64;
