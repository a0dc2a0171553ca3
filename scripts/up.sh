#!/usr/bin/env bash
# Starts the demo locally: Kafka and ClickHouse (unless KAFKA_BROKERS / CLICKHOUSE_URL point at
# existing servers), topics, migrations, the services, the web dashboard, and the demo generator
# (the last hour at once, then live, with a complaint storm DEMO_STORM_AT after it starts), and
# prints what to open. Idempotent: what already runs is left running. Logs and pid files:
# .local/run/. scripts/down.sh stops what this started. See docs/DEMO.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/env.sh   # Node.js 24 first on PATH: it runs the .ts sources itself (docs/PLATFORM.md)
bash scripts/bootstrap.sh
bash infra/stack.sh start
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}"
export CLICKHOUSE_URL="${CLICKHOUSE_URL:-http://127.0.0.1:${CLICKHOUSE_HTTP_PORT:-8123}}"
node scripts/setup-stack.ts
RUN_DIR="$ROOT/.local/run"
mkdir -p "$RUN_DIR"
# enrich: the demo brands and a pseudonymisation secret made once for this checkout.
export BRANDS_FILE="${BRANDS_FILE:-$ROOT/services/enrich/config/brands.demo.yaml}"
if [ -z "${PSEUDONYM_SECRET:-}" ]; then
  [ -s "$ROOT/.local/pseudonym-secret" ] || node -e "process.stdout.write(require('crypto').randomBytes(24).toString('base64url'))" > "$ROOT/.local/pseudonym-secret"
  PSEUDONYM_SECRET="$(cat "$ROOT/.local/pseudonym-secret")"
  export PSEUDONYM_SECRET
fi
# The demo has an hour of history, not the 3 days forecast waits for by default before it judges a
# series (FORECAST_MIN_HISTORY_MS); set it to 259200000 for the service's own default (3 days).
export FORECAST_MIN_HISTORY_MS="${FORECAST_MIN_HISTORY_MS:-1800000}"
DEMO_STORM_AT="${DEMO_STORM_AT:-+90s}"
DEMO_STORM_BRAND="${DEMO_STORM_BRAND:-Northwind Airlines}"
DEMO_STORM_MAGNITUDE="${DEMO_STORM_MAGNITUDE:-5}"
GENERATOR_METRICS_PORT="${GENERATOR_METRICS_PORT:-8086}"
DASHBOARD_PORT="${DASHBOARD_PORT:-8085}"
declare -A PORTS=([ingest]=8081 [enrich]=8082 [aggregate]=8083 [forecast]=8084 [dashboard]=$DASHBOARD_PORT)

running() { [ -f "$RUN_DIR/$1.pid" ] && kill -0 "$(cat "$RUN_DIR/$1.pid")" 2>/dev/null; }
elapsed() { echo "$(( $(date +%s) - STARTED ))s"; }
STARTED=$(date +%s)

start_service() {
  local svc="$1"
  if running "$svc"; then
    echo "$svc already running (pid $(cat "$RUN_DIR/$svc.pid"), http://127.0.0.1:${PORTS[$svc]})" >&2
    return
  fi
  (cd "services/$svc" && HTTP_PORT="${PORTS[$svc]}" DASHBOARD_PORT="${PORTS[$svc]}" exec bash ../../scripts/service.sh "$svc" >>"$RUN_DIR/$svc.log" 2>&1) &
  echo $! > "$RUN_DIR/$svc.pid"
}

# The dashboard is optional: the pipeline demo goes on without it.
wait_ready() {
  local svc="$1" port="${PORTS[$1]}" fail=1
  [ "$svc" = dashboard ] && fail=0
  for _ in $(seq 1 150); do
    curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    if ! running "$svc"; then
      echo "$svc exited; tail of $RUN_DIR/$svc.log:" >&2; tail -n 30 "$RUN_DIR/$svc.log" >&2
      [ "$fail" = 1 ] && exit 1
      return 0
    fi
    sleep 0.2
  done
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null || { echo "$svc not ready on :$port after 30 s; see $RUN_DIR/$svc.log" >&2; [ "$fail" = 1 ] && exit 1; return 0; }
  echo "$svc ready: http://127.0.0.1:$port (metrics /metrics, log $RUN_DIR/$svc.log) after $(elapsed)" >&2
}

SERVICES=(ingest enrich aggregate)
[ -f services/dashboard/src/main.ts ] && SERVICES+=(dashboard)
for svc in "${SERVICES[@]}"; do start_service "$svc"; done
for svc in "${SERVICES[@]}"; do wait_ready "$svc"; done

# The demo firehose (DEMO_GENERATOR=0 to skip): the last hour as fast as possible, then live.
# forecast starts once that hour's rollups are in ClickHouse, so it rebuilds each series from
# them (and judges the storm against a calm hour) instead of waiting for a day of live windows.
fresh_generator=0
if [ "${DEMO_GENERATOR:-1}" = "1" ]; then
  if running generator; then
    echo "generator already running (pid $(cat "$RUN_DIR/generator.pid"))" >&2
  else
    fresh_generator=1
    : > "$RUN_DIR/generator.log"
    (exec node packages/cli/src/main.ts generate --from -1h --until forever --speed 1 \
      --storm-at "$DEMO_STORM_AT" --storm-brand "$DEMO_STORM_BRAND" --storm-magnitude "$DEMO_STORM_MAGNITUDE" --metrics-port "$GENERATOR_METRICS_PORT" >>"$RUN_DIR/generator.log" 2>&1) &
    echo $! > "$RUN_DIR/generator.pid"
    echo "generator producing demo mentions (log $RUN_DIR/generator.log, metrics http://127.0.0.1:$GENERATOR_METRICS_PORT/metrics); complaint storm on $DEMO_STORM_BRAND at $DEMO_STORM_AT" >&2
    for _ in $(seq 1 600); do
      grep -q 'caught up with now' "$RUN_DIR/generator.log" 2>/dev/null && break
      running generator || { echo "generator exited; tail of $RUN_DIR/generator.log:" >&2; tail -n 30 "$RUN_DIR/generator.log" >&2; exit 1; }
      sleep 0.2
    done
    echo "generator produced the last hour after $(elapsed)" >&2
  fi
fi
if [ "$fresh_generator" = "1" ]; then
  # The hour arrived at once, and enrich interleaves its partitions by the fetch: many of those
  # events reach aggregate later than the allowed lateness. Recomputing that hour from ClickHouse
  # once enrich has written it makes its rollups exact (idempotent, safe while the pipeline runs).
  sleep "${DEMO_SETTLE_S:-8}"
  node packages/cli/src/main.ts backfill --from -2h --to -1m >>"$RUN_DIR/backfill.log" 2>&1 \
    && echo "rollups of the last hour recomputed after $(elapsed) (log $RUN_DIR/backfill.log)" >&2 \
    || echo "backfill failed; see $RUN_DIR/backfill.log (the rollups of the last hour may miss late events)" >&2
fi
if [ "$fresh_generator" = "1" ] && ! running forecast; then
  # forecast judges live windows only: its model of each series is rebuilt from the hour just
  # written to ClickHouse (the replayed hour judged window by window would page on a half-built model).
  node packages/cli/src/main.ts offsets reset --group "${FORECAST_GROUP_ID:-forecast}" --topic "${TOPIC_PREFIX:-}rollups.1m" --to latest >>"$RUN_DIR/backfill.log" 2>&1 \
    || echo "could not move forecast's offsets to the end of rollups.1m; see $RUN_DIR/backfill.log" >&2
fi
start_service forecast
wait_ready forecast

CH="$CLICKHOUSE_URL"
STORM_NOTE="(a complaint storm on $DEMO_STORM_BRAND starts $DEMO_STORM_AT after the generator)"
[ "${DEMO_GENERATOR:-1}" = "1" ] || STORM_NOTE="(no demo generator: DEMO_GENERATOR=0)"
cat <<EOF

The demo is running ($(elapsed)). Open:

  dashboard      http://127.0.0.1:$DASHBOARD_PORT/$( [ -f services/dashboard/src/main.ts ] || echo '   (services/dashboard is not in this checkout)')
  terminal view  pnpm mentions top
  alerts         pnpm mentions alerts --open     $STORM_NOTE
  status         pnpm mentions status
  generator      tail -f .local/run/generator.log    metrics: http://127.0.0.1:$GENERATOR_METRICS_PORT/metrics

Share of voice per competitive set over the last 24 hours (docs/BI.md), in ClickHouse at $CH:

curl -s '$CH/?default_format=PrettyCompactMonoBlock' --data-binary @- <<'SQL'
SELECT competitive_set, brand, n AS mentions, set_n AS set_mentions, n / set_n AS share_of_voice,
       if(set_pos = 0, 0, pos / set_pos) AS positive_share_of_voice, if(set_rch = 0, 0, rch / set_rch) AS reach_share_of_voice
FROM (
  SELECT competitive_set, brand, sum(mentions) AS n, sum(positive) AS pos, sum(reach) AS rch
  FROM mentions.v_brand_volume_1m WHERE window_start >= now() - INTERVAL 24 HOUR
  GROUP BY competitive_set, brand
) AS by_brand ANY LEFT JOIN (
  SELECT competitive_set, sum(mentions) AS set_n, sum(positive) AS set_pos, sum(reach) AS set_rch
  FROM mentions.v_brand_volume_1m WHERE window_start >= now() - INTERVAL 24 HOUR
  GROUP BY competitive_set
) AS by_set USING (competitive_set)
ORDER BY competitive_set, share_of_voice DESC
SQL

Stop everything this started: bash scripts/down.sh
EOF
