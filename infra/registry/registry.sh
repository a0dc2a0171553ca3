#!/usr/bin/env bash
# Apicurio Registry on loopback, built by install.sh. Usage: infra/registry/registry.sh start|stop|status
# Confluent-compatible API: http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7 (use it as SCHEMA_REGISTRY_URL).
# In-memory storage: schemas are lost when it stops. Log and pid under $REGISTRY_RUN_DIR.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Outside the work tree, so that fresh clones (CI) reuse a build or a known failure.
REGISTRY_DIR="${REGISTRY_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mentions/registry}"
REGISTRY_PORT="${REGISTRY_PORT:-8085}"
REGISTRY_HEAP="${REGISTRY_HEAP:-512m}"
REGISTRY_START_TIMEOUT="${REGISTRY_START_TIMEOUT:-90}"
# pid file and log: one run directory per running registry (tests start their own).
REGISTRY_RUN_DIR="${REGISTRY_RUN_DIR:-$REGISTRY_DIR}"
JAR="$REGISTRY_DIR/build/quarkus-app/quarkus-run.jar"
PIDF="$REGISTRY_RUN_DIR/registry.pid"
say() { printf '%s\n' "$*" >&2; }
alive() { [ -f "$PIDF" ] && kill -0 "$(cat "$PIDF")" 2>/dev/null && tr '\0' ' ' < "/proc/$(cat "$PIDF")/cmdline" | grep -q quarkus-run.jar; }
ready() { curl -sf "http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7/subjects" >/dev/null 2>&1; }

case "${1:-}" in
  start)
    if alive; then say "registry already running (pid $(cat "$PIDF"))"; exit 0; fi
    bash "$ROOT/infra/registry/install.sh"
    if [ ! -f "$JAR" ]; then say "error: Apicurio Registry is not built: $(cat "$REGISTRY_DIR/UNAVAILABLE" 2>/dev/null | sed -n 2,4p)"; exit 1; fi
    jdk="$(cat "$REGISTRY_DIR/JAVA_HOME")"
    mkdir -p "$REGISTRY_RUN_DIR"
    start=$SECONDS
    "$jdk/bin/java" "-Xmx$REGISTRY_HEAP" -Dquarkus.http.host=127.0.0.1 "-Dquarkus.http.port=$REGISTRY_PORT" \
      -jar "$JAR" > "$REGISTRY_RUN_DIR/registry.log" 2>&1 &
    echo $! > "$PIDF"
    until ready; do
      alive || { say "error: registry exited; see $REGISTRY_RUN_DIR/registry.log"; tail -5 "$REGISTRY_RUN_DIR/registry.log" >&2; exit 1; }
      [ $((SECONDS - start)) -lt "$REGISTRY_START_TIMEOUT" ] || { say "error: registry not ready in $REGISTRY_START_TIMEOUT s"; exit 1; }
      sleep 0.5
    done
    say "registry ready on http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7 in $((SECONDS - start)) s (pid $(cat "$PIDF"))"
    ;;
  stop)
    if alive; then
      pid="$(cat "$PIDF")"; kill -TERM "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
      say "registry stopped (pid $pid)"
    else
      say "registry not running"
    fi
    rm -f "$PIDF"
    ;;
  status)
    if alive && ready; then say "registry up on :$REGISTRY_PORT (pid $(cat "$PIDF"))"; else say "registry down"; exit 1; fi
    ;;
  *) say "usage: $0 start|stop|status"; exit 2 ;;
esac
