#!/usr/bin/env bash
# Runs one service as scripts/up.sh and the package.json start scripts do:
#   bash scripts/service.sh NAME [NODE_FLAG...]      (NAME: ingest, enrich, aggregate, forecast, dashboard)
# Node.js >= 24 from scripts/env.sh, V8's semi-spaces at 16 MiB (test/helpers/ts-run.ts says why),
# and the allocator MENTIONS_ALLOCATOR names: `jemalloc` [default] preloads Debian's libjemalloc2
# where it is installed (less fragmentation off V8's heap: docs/SCALING.md), `system` keeps glibc's
# malloc. Without the library the service runs on glibc's malloc and says so on stderr.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=env.sh
source "$ROOT/scripts/env.sh"
name="${1:-}"
[ -n "$name" ] && [ -f "$ROOT/services/$name/src/main.ts" ] || { echo "usage: bash scripts/service.sh NAME [NODE_FLAG...]; no service '$name' (services/NAME/src/main.ts)" >&2; exit 2; }
shift
case "${MENTIONS_ALLOCATOR:-jemalloc}" in
  jemalloc)
    lib="$( (ldconfig -p 2>/dev/null || true) | awk '/libjemalloc\.so\.2 /{ print $NF; exit }')"
    if [ -n "$lib" ]; then
      export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}"
    else
      echo "scripts/service.sh: libjemalloc.so.2 not found (apt-get install libjemalloc2); $name runs on glibc's malloc" >&2
    fi
    ;;
  system) ;;
  *) echo "MENTIONS_ALLOCATOR must be jemalloc or system, got '${MENTIONS_ALLOCATOR}'" >&2; exit 2 ;;
esac
exec node --max-semi-space-size=16 "$@" "$ROOT/services/$name/src/main.ts"
