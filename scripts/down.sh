#!/usr/bin/env bash
# Stops what scripts/up.sh started, by its pid files: the generator first (no new input), the
# services (SIGTERM: finish the batch, commit, leave the group), the dashboard, then the local
# Kafka and ClickHouse if infra/stack.sh started them (servers you run yourself are left alone).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="$ROOT/.local/run"
for svc in generator ingest enrich aggregate forecast dashboard; do
  pidf="$RUN_DIR/$svc.pid"
  if [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; then
    kill -TERM "$(cat "$pidf")"
    for _ in $(seq 1 150); do kill -0 "$(cat "$pidf")" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$(cat "$pidf")" 2>/dev/null; then
      echo "$svc did not stop within 30 s of SIGTERM; sending SIGKILL" >&2
      kill -KILL "$(cat "$pidf")" 2>/dev/null || true
    fi
    echo "$svc stopped" >&2
  fi
  rm -f "$pidf"
done
bash "$ROOT/infra/stack.sh" stop
