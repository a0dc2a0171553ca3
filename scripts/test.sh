#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what is missing, type-checks, then runs the
# unit tests and the integration tests (which start their own Kafka and ClickHouse on free ports).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
started=$(date +%s)
bash scripts/bootstrap.sh
pnpm exec tsc -p tsconfig.json --noEmit
pnpm exec eslint .
pnpm exec vitest run "$@"
echo "test suite: $(( $(date +%s) - started )) s" >&2
