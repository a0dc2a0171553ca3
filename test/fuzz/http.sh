#!/usr/bin/env bash
# Fuzzes ingest's HTTP API from its OpenAPI spec with schemathesis (PyPI), against a locally started
# ingest: no 5xx and no response that violates the spec. Not in the default test suite.
#   bash test/fuzz/http.sh                  # 180 s of fuzzing
#   FUZZ_SECONDS=600 bash test/fuzz/http.sh
# Uses KAFKA_BROKERS when set, else starts its own Kafka (infra/stack.sh) on free ports and stops it
# after. schemathesis is installed into .local/fuzz-venv on first use (pip, from PyPI).
# Checks: every one schemathesis has that applies to a single endpoint without resources, except
# positive_data_acceptance (schema-valid data is legitimately refused: created_at in the future,
# text that is only whitespace, …). The last line: RESULT cases=… failures=… server_errors=… requests=…
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FUZZ_SECONDS="${FUZZ_SECONDS:-180}"
VENV="${FUZZ_VENV:-$ROOT/.local/fuzz-venv}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ingest-fuzz.XXXXXX")"
say() { printf '%s\n' "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

if [ ! -x "$VENV/bin/st" ]; then
  say "installing schemathesis into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q schemathesis
fi

INGEST_PID=""
OWN_KAFKA=""
cleanup() {
  if [ -n "$INGEST_PID" ]; then kill -TERM "$INGEST_PID" 2>/dev/null || true; wait "$INGEST_PID" 2>/dev/null || true; fi
  if [ -n "$OWN_KAFKA" ]; then STACK_DIR="$WORK/stack" CLICKHOUSE_URL=http://127.0.0.1:1 bash "$ROOT/infra/stack.sh" stop >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -z "${KAFKA_BROKERS:-}" ]; then
  KAFKA_PORT="$(free_port)"
  OWN_KAFKA=1
  say "starting Kafka on 127.0.0.1:$KAFKA_PORT"
  STACK_DIR="$WORK/stack" KAFKA_PORT="$KAFKA_PORT" KAFKA_CONTROLLER_PORT="$(free_port)" KAFKA_HEAP=384m CLICKHOUSE_URL=http://127.0.0.1:1 \
    bash "$ROOT/infra/stack.sh" start >&2
  KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
fi

PORT="$(free_port)"
say "starting ingest on 127.0.0.1:$PORT (log: $WORK/ingest.log)"
(cd "$ROOT/services/ingest" && exec env KAFKA_BROKERS="$KAFKA_BROKERS" HTTP_PORT="$PORT" TOPIC_PREFIX="fuzz$(date +%s)." LOG_LEVEL=warn \
  bash "$ROOT/scripts/env.sh" node src/main.ts >"$WORK/ingest.log" 2>&1) &
INGEST_PID=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
  kill -0 "$INGEST_PID" 2>/dev/null || { cat "$WORK/ingest.log" >&2; exit 1; }
  sleep 0.5
done

set +e
"$VENV/bin/st" --config-file "$ROOT/test/fuzz/schemathesis.toml" run "$ROOT/services/ingest/openapi.yaml" --url "http://127.0.0.1:$PORT" \
  --checks all --exclude-checks positive_data_acceptance,use_after_free,ensure_resource_availability,object_level_authorization \
  --max-time "$FUZZ_SECONDS" --workers 2 --max-failures 50 --no-color 2>&1 | tee "$WORK/st.txt"
ST_EXIT=${PIPESTATUS[0]}
set -e

# Independent of schemathesis: what ingest itself counted, by status.
curl -s "http://127.0.0.1:$PORT/metrics" | grep '^mentions_ingest_http_requests_total' | sed 's/^/  /' >&2 || true
requests="$(curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^mentions_ingest_http_requests_total/ {n += $NF} END {print n + 0}')"
server_errors="$(curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^mentions_ingest_http_requests_total\{status="5/ {n += $NF} END {print n + 0}')"
cases="$(sed -n 's/^ *\([0-9][0-9]*\) generated.*/\1/p' "$WORK/st.txt" | tail -1)"
failures="$(sed -n 's/.*found \([0-9][0-9]*\) unique failure.*/\1/p' "$WORK/st.txt" | tail -1)"
if grep -q '"level":50' "$WORK/ingest.log"; then say "ingest logged errors:"; grep '"level":50' "$WORK/ingest.log" | head -5 >&2; fi
echo "RESULT cases=${cases:-0} failures=${failures:-0} server_errors=$server_errors requests=$requests fuzz_s=$FUZZ_SECONDS"
exit "$ST_EXIT"
