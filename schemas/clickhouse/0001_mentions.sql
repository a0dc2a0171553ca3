-- One row per (mention, matched brand), written by enrich. Idempotent under replay:
-- the sorting key is deterministic and ReplacingMergeTree keeps the highest version.
-- Query with FINAL (or the v_mentions view) to see each row once before merges.
CREATE TABLE IF NOT EXISTS mentions (
  mention_id String,
  brand String,
  competitive_set String,
  source String,
  created_at DateTime,
  created_at_ms UInt64,
  ingested_at_ms UInt64,
  enriched_at_ms UInt64,
  lang String,
  text Nullable(String),
  author_key Nullable(String),
  author_handle_key Nullable(String),
  followers Nullable(UInt64),
  reach_tier String,
  sentiment String,
  sentiment_score Float32,
  intents Array(String),
  directed_at_brand UInt8,
  needs_response UInt8,
  owned UInt8,
  opted_out UInt8,
  model_version String,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(created_at)
ORDER BY (competitive_set, brand, created_at, mention_id);

CREATE VIEW IF NOT EXISTS v_mentions AS SELECT * FROM mentions FINAL;
