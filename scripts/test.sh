#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what is missing, type-checks, then runs the
# unit tests and the integration tests (which start their own Kafka and ClickHouse on free ports),
# on Node.js 24 (scripts/env.sh installs it from the npm registry when the machine's node is older).
# Then the Node 22 check (NODE22_CHECK=0 skips it, NODE22_CHECK=full adds the unit tests): every
# service started to /readyz on Node.js 22, and stopped at start by a bad variable (docs/PLATFORM.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
started=$(date +%s)
source scripts/env.sh
echo "node $(node --version) ($(command -v node))" >&2
bash scripts/bootstrap.sh
pnpm exec tsc -p tsconfig.json --noEmit
pnpm exec eslint .
pnpm exec vitest run "$@"
if [ "${NODE22_CHECK:-1}" != 0 ] && [ $# -eq 0 ]; then
  node22_started=$(date +%s)
  NODE22_BIN="$(mentions_install_node "$MENTIONS_NODE22_VERSION")"
  echo "Node 22 check: node $("$NODE22_BIN/node" --version)" >&2
  if [ "${NODE22_CHECK:-1}" = full ]; then PATH="$NODE22_BIN:$PATH" pnpm exec vitest run --project unit; fi
  PATH="$NODE22_BIN:$PATH" pnpm exec vitest run --project integration test/services.int.test.ts
  echo "Node 22 check: $(( $(date +%s) - node22_started )) s" >&2
fi
echo "test suite: $(( $(date +%s) - started )) s" >&2
