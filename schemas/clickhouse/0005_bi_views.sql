-- Views for BI (docs/BI.md). Each reads its base table with FINAL, so a re-emitted window or a
-- replayed mention counts once. Written for ClickHouse 18.16 and current releases alike: no
-- window functions (a competitive set's total comes from a join), no LowCardinality, no
-- query parameters; joins are ANY LEFT JOIN ... USING.

-- Share of voice per competitive set and minute / hour / day, by mentions, by positive mentions
-- and by reach. v_share_of_voice_hourly (0002) is replaced by the same columns plus the new ones.
CREATE VIEW IF NOT EXISTS v_share_of_voice_1m AS
SELECT competitive_set, minute, brand,
       n AS mentions, set_n AS set_mentions, if(set_n = 0, 0, n / set_n) AS share_of_voice,
       pos AS positive, set_pos AS set_positive, if(set_pos = 0, 0, pos / set_pos) AS positive_share_of_voice,
       rch AS reach, set_rch AS set_reach, if(set_rch = 0, 0, rch / set_rch) AS reach_share_of_voice
FROM (
  SELECT competitive_set, toStartOfMinute(window_start) AS minute, brand, sum(mentions) AS n, sum(positive) AS pos, sum(reach) AS rch
  FROM brand_rollup_1m FINAL GROUP BY competitive_set, minute, brand
) AS by_brand ANY LEFT JOIN (
  SELECT competitive_set, toStartOfMinute(window_start) AS minute, sum(mentions) AS set_n, sum(positive) AS set_pos, sum(reach) AS set_rch
  FROM brand_rollup_1m FINAL GROUP BY competitive_set, minute
) AS by_set USING (competitive_set, minute);

DROP TABLE IF EXISTS v_share_of_voice_hourly;

CREATE VIEW IF NOT EXISTS v_share_of_voice_hourly AS
SELECT competitive_set, hour, brand,
       n AS mentions, set_n AS set_mentions, if(set_n = 0, 0, n / set_n) AS share_of_voice,
       pos AS positive, set_pos AS set_positive, if(set_pos = 0, 0, pos / set_pos) AS positive_share_of_voice,
       rch AS reach, set_rch AS set_reach, if(set_rch = 0, 0, rch / set_rch) AS reach_share_of_voice
FROM (
  SELECT competitive_set, toStartOfHour(window_start) AS hour, brand, sum(mentions) AS n, sum(positive) AS pos, sum(reach) AS rch
  FROM brand_rollup_1m FINAL GROUP BY competitive_set, hour, brand
) AS by_brand ANY LEFT JOIN (
  SELECT competitive_set, toStartOfHour(window_start) AS hour, sum(mentions) AS set_n, sum(positive) AS set_pos, sum(reach) AS set_rch
  FROM brand_rollup_1m FINAL GROUP BY competitive_set, hour
) AS by_set USING (competitive_set, hour);

CREATE VIEW IF NOT EXISTS v_share_of_voice_daily AS
SELECT competitive_set, day, brand,
       n AS mentions, set_n AS set_mentions, if(set_n = 0, 0, n / set_n) AS share_of_voice,
       pos AS positive, set_pos AS set_positive, if(set_pos = 0, 0, pos / set_pos) AS positive_share_of_voice,
       rch AS reach, set_rch AS set_reach, if(set_rch = 0, 0, rch / set_rch) AS reach_share_of_voice
FROM (
  SELECT competitive_set, toDate(window_start) AS day, brand, sum(mentions) AS n, sum(positive) AS pos, sum(reach) AS rch
  FROM brand_rollup_1m FINAL GROUP BY competitive_set, day, brand
) AS by_brand ANY LEFT JOIN (
  SELECT competitive_set, toDate(window_start) AS day, sum(mentions) AS set_n, sum(positive) AS set_pos, sum(reach) AS set_rch
  FROM brand_rollup_1m FINAL GROUP BY competitive_set, day
) AS by_set USING (competitive_set, day);

-- Net sentiment (positive - negative) / (positive + negative), 0 when both are 0.
CREATE VIEW IF NOT EXISTS v_net_sentiment_hourly AS
SELECT competitive_set, brand, hour, n AS mentions, pos AS positive, neg AS negative,
       if(pos + neg = 0, 0, (pos - neg) / (pos + neg)) AS net_sentiment
FROM (
  SELECT competitive_set, brand, toStartOfHour(window_start) AS hour, sum(mentions) AS n, sum(positive) AS pos, sum(negative) AS neg
  FROM brand_rollup_1m FINAL GROUP BY competitive_set, brand, hour
) AS hourly;

CREATE VIEW IF NOT EXISTS v_net_sentiment_daily AS
SELECT competitive_set, brand, day, n AS mentions, pos AS positive, neg AS negative,
       if(pos + neg = 0, 0, (pos - neg) / (pos + neg)) AS net_sentiment
FROM (
  SELECT competitive_set, brand, toDate(window_start) AS day, sum(mentions) AS n, sum(positive) AS pos, sum(negative) AS neg
  FROM brand_rollup_1m FINAL GROUP BY competitive_set, brand, day
) AS daily;

-- Distinct pseudonymised authors, counted over the mentions themselves (an author active in
-- many minutes is one author in the hour). Opted-out mentions have no author_key: not counted.
CREATE VIEW IF NOT EXISTS v_unique_authors_hourly AS
SELECT competitive_set, brand, toStartOfHour(created_at) AS hour, count() AS mentions, uniqExact(author_key) AS authors
FROM mentions FINAL
GROUP BY competitive_set, brand, hour;

CREATE VIEW IF NOT EXISTS v_unique_authors_daily AS
SELECT competitive_set, brand, toDate(created_at) AS day, count() AS mentions, uniqExact(author_key) AS authors
FROM mentions FINAL
GROUP BY competitive_set, brand, day;

-- Over-promotion: the brand's own posts over all its mentions, per day.
CREATE VIEW IF NOT EXISTS v_owned_share_daily AS
SELECT competitive_set, brand, day, n AS mentions, own AS owned, promo AS promotional,
       if(n = 0, 0, own / n) AS owned_share
FROM (
  SELECT competitive_set, brand, toDate(window_start) AS day, sum(mentions) AS n, sum(owned) AS own, sum(promotional) AS promo
  FROM brand_rollup_1m FINAL GROUP BY competitive_set, brand, day
) AS daily;

-- Advocates: authors with two or more positive or recommending mentions of a brand (the
-- brand's own posts and opted-out authors left out), with their reach (largest follower count).
CREATE VIEW IF NOT EXISTS v_advocates AS
SELECT competitive_set, brand, author AS author_key, adv AS advocacy_mentions, pos AS positive_mentions,
       rec AS recommendations, rch AS reach, first_at AS first_mention_at, last_at AS last_mention_at
FROM (
  SELECT competitive_set, brand, assumeNotNull(author_key) AS author,
         count() AS adv, countIf(sentiment = 'positive') AS pos, countIf(has(intents, 'recommendation')) AS rec,
         max(ifNull(followers, 0)) AS rch, min(created_at) AS first_at, max(created_at) AS last_at
  FROM mentions FINAL
  WHERE owned = 0 AND opted_out = 0 AND isNotNull(author_key) AND (sentiment = 'positive' OR has(intents, 'recommendation'))
  GROUP BY competitive_set, brand, author
) AS by_author
WHERE adv >= 2
ORDER BY competitive_set, brand, advocacy_mentions DESC, reach DESC, author_key;

-- Complaints and questions that expect the brand to answer, newest first (opted-out authors
-- left out: they asked not to be monitored). Answered: the brand posted (owned = 1) a mention
-- whose in_reply_to_id is this mention_id; the first such reply gives the response time.
CREATE VIEW IF NOT EXISTS v_needs_response AS
SELECT competitive_set, brand, mention_id, created_at, source, author_key, followers, sentiment, intents, text,
       has(intents, 'complaint') AS complaint, has(intents, 'question') AS question,
       reply_count > 0 AS answered,
       if(reply_count > 0, first_reply_at, NULL) AS answered_at,
       if(reply_count > 0, toInt64(first_reply_at) - toInt64(created_at), NULL) AS response_seconds
FROM (
  SELECT competitive_set, brand, mention_id, created_at, source, author_key, followers, sentiment, intents, text
  FROM mentions FINAL
  WHERE needs_response = 1 AND directed_at_brand = 1 AND opted_out = 0 AND hasAny(intents, ['complaint', 'question'])
) AS asked ANY LEFT JOIN (
  SELECT competitive_set, brand, replied_id AS mention_id, reply_count, first_reply_at
  FROM (
    SELECT competitive_set, brand, assumeNotNull(in_reply_to_id) AS replied_id, count() AS reply_count, min(created_at) AS first_reply_at
    FROM mentions FINAL
    WHERE owned = 1 AND isNotNull(in_reply_to_id)
    GROUP BY competitive_set, brand, replied_id
  ) AS replies
) AS answers USING (competitive_set, brand, mention_id)
ORDER BY created_at DESC, mention_id;

-- Response times per brand over its whole queue: median and p90 of the answered ones (null
-- when none is answered), and the share of the queue answered within an hour.
CREATE VIEW IF NOT EXISTS v_response_times AS
SELECT competitive_set, brand, n AS needing_response, n_answered AS answered,
       if(n_answered = 0, NULL, p50) AS median_response_seconds,
       if(n_answered = 0, NULL, p90) AS p90_response_seconds,
       within_1h / n AS answered_within_1h_share
FROM (
  SELECT competitive_set, brand, count() AS n, countIf(answered) AS n_answered,
         quantileExactIf(0.5)(ifNull(response_seconds, 0), answered) AS p50,
         quantileExactIf(0.9)(ifNull(response_seconds, 0), answered) AS p90,
         countIf(answered AND ifNull(response_seconds, 0) <= 3600) AS within_1h
  FROM v_needs_response
  GROUP BY competitive_set, brand
) AS by_brand;

-- Themes: hashtags and terms of the brand's mentions per hour, each counted once per mention.
-- Terms are lower-cased runs of ASCII letters, 3 or more long, from the text without its
-- @handles, #hashtags and links, less stop words and the words of the brand's name; the
-- brand's own posts and opted-out mentions (no text) are left out.
CREATE VIEW IF NOT EXISTS v_themes_hourly AS
SELECT competitive_set, brand, hour, kind, theme, n AS mentions, pos AS positive, neg AS negative,
       if(pos + neg = 0, 0, (pos - neg) / (pos + neg)) AS net_sentiment, praise_n AS praise, requests_n AS feature_requests
FROM (
  SELECT competitive_set, brand, hour, tupleElement(pair, 1) AS kind, tupleElement(pair, 2) AS theme,
         count() AS n, countIf(sentiment = 'positive') AS pos, countIf(sentiment = 'negative') AS neg,
         countIf(has(intents, 'praise')) AS praise_n, countIf(has(intents, 'feature_request')) AS requests_n
  FROM (
    SELECT competitive_set, brand, toStartOfHour(created_at) AS hour, sentiment, intents,
           arrayJoin(arrayConcat(
             arrayMap(h -> ('hashtag', h), arrayDistinct(hashtags)),
             arrayMap(t -> ('term', t), arrayFilter(
               t -> length(t) >= 3 AND NOT has(alphaTokens(lower(brand)), t) AND NOT has([
                 'the', 'and', 'for', 'you', 'your', 'are', 'was', 'were', 'but', 'not', 'with', 'this', 'that',
                 'have', 'has', 'had', 'from', 'they', 'them', 'their', 'what', 'when', 'where', 'does', 'did', 'just', 'can', 'cant',
                 'don', 'dont', 'didn', 'doesn', 'isn', 'won', 'all', 'out', 'get', 'got', 'our', 'its', 'too',
                 'very', 'about', 'been', 'will', 'would', 'there', 'here', 'how', 'why', 'who', 'any', 'now', 'amp'], t),
               arrayDistinct(alphaTokens(lower(replaceRegexpAll(assumeNotNull(text), '[@#][A-Za-z0-9_]+|https?://[^ ]+', ' ')))))))) AS pair
    FROM mentions FINAL
    WHERE owned = 0 AND opted_out = 0 AND isNotNull(text)
  ) AS themes
  GROUP BY competitive_set, brand, hour, kind, theme
) AS counted;
