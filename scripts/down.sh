#!/usr/bin/env bash
# Stops the services started by scripts/up.sh (SIGTERM: finish the batch, commit, leave the group), then the local stack.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="$ROOT/.local/run"
for svc in generator ingest enrich aggregate forecast; do
  pidf="$RUN_DIR/$svc.pid"
  if [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; then
    kill -TERM "$(cat "$pidf")"
    for _ in $(seq 1 150); do kill -0 "$(cat "$pidf")" 2>/dev/null || break; sleep 0.2; done
    echo "$svc stopped" >&2
  fi
  rm -f "$pidf"
done
bash "$ROOT/infra/stack.sh" stop
