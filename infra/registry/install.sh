#!/usr/bin/env bash
# Installs what the schema-registry tests and a local registry need; idempotent, quick when done.
# - Apicurio Registry (Confluent-compatible API at /apis/ccompat/v7): infra/registry/pom.xml built
#   by Quarkus's Maven build step with a JDK 21+ into $REGISTRY_DIR/build/quarkus-app. When the
#   build cannot resolve (on this project's machines Apicurio's own modules are not served), the
#   reason is kept in $REGISTRY_DIR/UNAVAILABLE and not tried again until pom.xml changes
#   (REGISTRY_RETRY=1 forces a try). Never fails the caller for that: the registry is optional.
# - Confluent's Python client (confluent-kafka[avro]): an independent reader of the wire format in
#   the integration test; Debian's kcat, whose Avro support needs libserdes (Debian's build lacks it).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Outside the work tree, so that fresh clones (CI) reuse a build or a known failure.
REGISTRY_DIR="${REGISTRY_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mentions/registry}"
POM="$ROOT/infra/registry/pom.xml"
say() { printf '%s\n' "$*" >&2; }

find_jdk() { # a JDK of 21 or newer: REGISTRY_JAVA_HOME, JAVA_HOME, then the ones under /usr/lib/jvm
  local c v
  for c in "${REGISTRY_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    v="$("$c/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')"
    [ -n "$v" ] && [ "$v" -ge 21 ] && { echo "$c"; return 0; }
  done
  return 1
}

install_apicurio() {
  local stamp; stamp="$(sha256sum "$POM" | cut -c1-16)"
  if [ -f "$REGISTRY_DIR/build/quarkus-app/quarkus-run.jar" ] && [ "$(cat "$REGISTRY_DIR/BUILT" 2>/dev/null)" = "$stamp" ]; then return 0; fi
  if [ "${REGISTRY_RETRY:-0}" != 1 ] && [ "$(head -1 "$REGISTRY_DIR/UNAVAILABLE" 2>/dev/null)" = "$stamp" ]; then
    say "Apicurio Registry not built (see $REGISTRY_DIR/UNAVAILABLE; REGISTRY_RETRY=1 to try again)"
    return 0
  fi
  command -v mvn >/dev/null || { say "mvn is required to build Apicurio Registry"; return 0; }
  local jdk; jdk="$(find_jdk)" || { say "Apicurio Registry needs a JDK 21 or newer (REGISTRY_JAVA_HOME)"; return 0; }
  mkdir -p "$REGISTRY_DIR"
  say "building Apicurio Registry with Quarkus ($jdk) into $REGISTRY_DIR/build"
  local start=$SECONDS log="$REGISTRY_DIR/build.log"
  if JAVA_HOME="$jdk" mvn -B -Dstyle.color=never -f "$POM" -Dregistry.build.dir="$REGISTRY_DIR/build" package > "$log" 2>&1; then
    echo "$stamp" > "$REGISTRY_DIR/BUILT"
    echo "$jdk" > "$REGISTRY_DIR/JAVA_HOME"
    rm -f "$REGISTRY_DIR/UNAVAILABLE"
    say "Apicurio Registry built in $((SECONDS - start)) s"
  else
    { echo "$stamp"; echo "build failed after $((SECONDS - start)) s; last errors of $log:"; grep -E '^\[ERROR\] (Failed|Could not)' "$log" | head -5; } > "$REGISTRY_DIR/UNAVAILABLE"
    say "Apicurio Registry could not be built: $(sed -n 3p "$REGISTRY_DIR/UNAVAILABLE" | cut -c1-400)"
  fi
}

install_clients() {
  if ! command -v kcat >/dev/null; then
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends kcat; } >&2 || say "kcat not installable here"
  fi
  # find_spec, not an import: this runs on every bootstrap and the import takes a second.
  if ! python3 -c 'import importlib.util as u, sys; sys.exit(any(u.find_spec(m) is None for m in ("confluent_kafka", "fastavro")))' 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check 'confluent-kafka[avro,schemaregistry]==2.16.1' >&2 2>/dev/null \
      || say "confluent-kafka not installable here; the schema registry test will skip its Confluent-deserializer check"
  fi
}

install_clients
install_apicurio
exit 0
