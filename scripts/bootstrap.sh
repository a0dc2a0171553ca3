#!/usr/bin/env bash
# Installs what the project needs on a fresh machine: Node.js 24 (when the machine's node is older;
# from the npm registry, scripts/env.sh), pnpm, npm packages, Kafka jars and Debian's
# clickhouse-server, prometheus (for promtool), prometheus-alertmanager, chromium and libjemalloc2. Quick when everything is already there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/env.sh
PNPM_VERSION="$(node -p "require('./package.json').packageManager.split('@')[1]")"
if ! command -v pnpm >/dev/null || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  echo "installing pnpm $PNPM_VERSION" >&2
  # With the machine's own npm (Node 24 taken off PATH), so that pnpm lands where the user's shell finds it.
  PATH="${PATH#"${MENTIONS_NODE_BIN:-/nonexistent}:"}" npm install -g --silent "pnpm@$PNPM_VERSION" >&2
fi
if [ ! -f node_modules/.modules.yaml ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ]; then
  pnpm install --frozen-lockfile >&2
fi
bash infra/stack.sh install
bash infra/cluster/cluster.sh install   # ZooKeeper jars for the ClickHouse cluster test (infra/cluster)
# promtool (Debian's `prometheus` package) checks infra/prometheus and every service's /metrics.
if ! command -v promtool >/dev/null; then
  echo "installing Debian's prometheus (promtool)" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends prometheus >&2
fi
# Debian's prometheus-alertmanager: the alert-delivery integration test runs a real one.
if [ ! -x /usr/bin/prometheus-alertmanager ]; then
  echo "installing Debian's prometheus-alertmanager" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends prometheus-alertmanager >&2
fi
# Debian's chromium: the dashboard's end-to-end test drives it headless (playwright-core, no browser download).
if [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's chromium" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >&2
fi
# Debian's libjemalloc2: scripts/service.sh preloads it as the services' allocator (docs/SCALING.md).
if ! ldconfig -p 2>/dev/null | grep -q 'libjemalloc\.so\.2 '; then
  echo "installing Debian's libjemalloc2" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libjemalloc2 >&2
fi
bash infra/registry/install.sh  # schema registry tools: Apicurio (when it builds here), kcat, confluent-kafka (docs/SCHEMA_REGISTRY.md)
# chdb (embedded current ClickHouse) checks the migrations against current releases; best effort.
if ! python3 -c 'import chdb' 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check chdb >&2 2>/dev/null || echo "chdb not installable here; its compatibility test will be skipped" >&2
fi
