-- Per-brand counts per 1-minute event-time window, written by aggregate. A window is
-- re-emitted with a higher version (early firing, late events); the highest version wins.
CREATE TABLE IF NOT EXISTS brand_rollup_1m (
  competitive_set String,
  brand String,
  window_start DateTime,
  window_ms UInt32,
  version UInt64,
  is_final UInt8,
  mentions UInt64,
  positive UInt64,
  negative UInt64,
  neutral UInt64,
  mixed UInt64,
  sentiment_sum Float64,
  complaints UInt64,
  questions UInt64,
  needs_response UInt64,
  owned UInt64,
  reach UInt64,
  emitted_at_ms UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(window_start)
ORDER BY (competitive_set, brand, window_start);

-- Each window once, latest version.
CREATE VIEW IF NOT EXISTS v_brand_volume_1m AS
SELECT competitive_set, brand, window_start, mentions, positive, negative, neutral, mixed,
       if(mentions = 0, 0, sentiment_sum / mentions) AS mean_sentiment,
       complaints, questions, needs_response, owned, reach, is_final
FROM brand_rollup_1m FINAL;

CREATE VIEW IF NOT EXISTS v_brand_volume_hourly AS
SELECT competitive_set, brand, hour, n AS mentions, pos AS positive, neg AS negative, neu AS neutral, mix AS mixed,
       if(n = 0, 0, ssum / n) AS mean_sentiment, compl AS complaints, resp AS needs_response, own AS owned, rch AS reach
FROM (
  SELECT competitive_set, brand, toStartOfHour(window_start) AS hour,
         sum(mentions) AS n, sum(positive) AS pos, sum(negative) AS neg, sum(neutral) AS neu, sum(mixed) AS mix,
         sum(sentiment_sum) AS ssum, sum(complaints) AS compl, sum(needs_response) AS resp, sum(owned) AS own, sum(reach) AS rch
  FROM brand_rollup_1m FINAL
  GROUP BY competitive_set, brand, hour
) AS hourly;

CREATE VIEW IF NOT EXISTS v_brand_volume_daily AS
SELECT competitive_set, brand, day, n AS mentions, pos AS positive, neg AS negative, neu AS neutral, mix AS mixed,
       if(n = 0, 0, ssum / n) AS mean_sentiment, compl AS complaints, resp AS needs_response, own AS owned, rch AS reach
FROM (
  SELECT competitive_set, brand, toDate(window_start) AS day,
         sum(mentions) AS n, sum(positive) AS pos, sum(negative) AS neg, sum(neutral) AS neu, sum(mixed) AS mix,
         sum(sentiment_sum) AS ssum, sum(complaints) AS compl, sum(needs_response) AS resp, sum(owned) AS own, sum(reach) AS rch
  FROM brand_rollup_1m FINAL
  GROUP BY competitive_set, brand, day
) AS daily;

-- Share of voice per hour: a brand's mentions over its competitive set's (no window functions on 18.16).
CREATE VIEW IF NOT EXISTS v_share_of_voice_hourly AS
SELECT competitive_set, hour, brand, n AS mentions, set_mentions, if(set_mentions = 0, 0, n / set_mentions) AS share_of_voice
FROM (
  SELECT competitive_set, toStartOfHour(window_start) AS hour, brand, sum(mentions) AS n
  FROM brand_rollup_1m FINAL GROUP BY competitive_set, hour, brand
) AS by_brand ANY LEFT JOIN (
  SELECT competitive_set, toStartOfHour(window_start) AS hour, sum(mentions) AS set_mentions
  FROM brand_rollup_1m FINAL GROUP BY competitive_set, hour
) AS by_set USING (competitive_set, hour);
