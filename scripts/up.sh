#!/usr/bin/env bash
# Starts the pipeline locally: Kafka and ClickHouse (unless KAFKA_BROKERS / CLICKHOUSE_URL
# point at existing servers), topics, migrations, and the four services in the background.
# Idempotent: what already runs is left running. Logs and pid files: .local/run/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/bootstrap.sh
bash infra/stack.sh start
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}"
export CLICKHOUSE_URL="${CLICKHOUSE_URL:-http://127.0.0.1:${CLICKHOUSE_HTTP_PORT:-8123}}"
pnpm exec tsx scripts/setup-stack.ts
RUN_DIR="$ROOT/.local/run"
mkdir -p "$RUN_DIR"
# enrich: the demo brands and a pseudonymisation secret made once for this checkout.
export BRANDS_FILE="${BRANDS_FILE:-$ROOT/services/enrich/config/brands.demo.yaml}"
if [ -z "${PSEUDONYM_SECRET:-}" ]; then
  [ -s "$ROOT/.local/pseudonym-secret" ] || node -e "process.stdout.write(require('crypto').randomBytes(24).toString('base64url'))" > "$ROOT/.local/pseudonym-secret"
  PSEUDONYM_SECRET="$(cat "$ROOT/.local/pseudonym-secret")"
  export PSEUDONYM_SECRET
fi
declare -A PORTS=([ingest]=8081 [enrich]=8082 [aggregate]=8083 [forecast]=8084)
for svc in ingest enrich aggregate forecast; do
  pidf="$RUN_DIR/$svc.pid"
  if [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; then
    echo "$svc already running (pid $(cat "$pidf"), http://127.0.0.1:${PORTS[$svc]})" >&2
    continue
  fi
  (cd "services/$svc" && HTTP_PORT="${PORTS[$svc]}" exec node --import tsx src/main.ts >>"$RUN_DIR/$svc.log" 2>&1) &
  echo $! > "$pidf"
done
for svc in ingest enrich aggregate forecast; do
  port="${PORTS[$svc]}"
  for _ in $(seq 1 150); do
    curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    if ! kill -0 "$(cat "$RUN_DIR/$svc.pid")" 2>/dev/null; then
      echo "$svc exited; tail of $RUN_DIR/$svc.log:" >&2; tail -n 30 "$RUN_DIR/$svc.log" >&2; exit 1
    fi
    sleep 0.2
  done
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null || { echo "$svc not ready on :$port after 30 s; see $RUN_DIR/$svc.log" >&2; exit 1; }
  echo "$svc ready: http://127.0.0.1:$port (metrics /metrics, log $RUN_DIR/$svc.log)" >&2
done
# The demo firehose: the last hour at once, then live at real pace (DEMO_GENERATOR=0 to skip).
if [ "${DEMO_GENERATOR:-1}" = "1" ]; then
  pidf="$RUN_DIR/generator.pid"
  if [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; then
    echo "generator already running (pid $(cat "$pidf"))" >&2
  else
    (exec node --import tsx packages/cli/src/main.ts generate --from -1h --until forever --speed 1 --no-progress >>"$RUN_DIR/generator.log" 2>&1) &
    echo $! > "$pidf"
    echo "generator producing demo mentions (log $RUN_DIR/generator.log)" >&2
    # The last hour arrives at once, and enrich interleaves its partitions by the fetch: many of
    # those events reach aggregate later than the allowed lateness. A backfill once they are in
    # ClickHouse makes the demo's rollups exact (idempotent, safe while the pipeline runs).
    (sleep 45; exec node --import tsx packages/cli/src/main.ts backfill --from -2h --to now >>"$RUN_DIR/backfill.log" 2>&1) &
  fi
fi
