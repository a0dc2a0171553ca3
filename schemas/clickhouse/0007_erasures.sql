-- Privacy erasure requests (`pnpm mentions erase`): the pseudonymised key of each erased author
-- (never the handle or id itself), when it was asked, and what the erasure removed. enrich reads
-- the keys at start and every ERASURE_POLL_MS, and drops that author's mentions from then on.
-- One row per (kind, key); a repeated request replaces the earlier one.
CREATE TABLE IF NOT EXISTS erasures (
  subject_kind String,
  subject_key String,
  requested_at DateTime,
  completed_at Nullable(DateTime),
  rows_removed String DEFAULT '{}',
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (subject_kind, subject_key);
