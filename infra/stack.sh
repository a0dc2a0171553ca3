#!/usr/bin/env bash
# Local Kafka (KRaft, one combined broker+controller) and ClickHouse as plain processes on
# loopback. Usage: infra/stack.sh install|start|stop|status
# Every command is idempotent. A part is skipped when KAFKA_BROKERS / CLICKHOUSE_URL point
# at existing servers. Data and pid files live under $STACK_DIR (default .local/stack).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STACK_DIR="${STACK_DIR:-$ROOT/.local/stack}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP="${KAFKA_HEAP:-768m}"
CLICKHOUSE_HTTP_PORT="${CLICKHOUSE_HTTP_PORT:-8123}"
CLICKHOUSE_TCP_PORT="${CLICKHOUSE_TCP_PORT:-9000}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-60}"
CLICKHOUSE_START_TIMEOUT="${CLICKHOUSE_START_TIMEOUT:-30}"
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$ROOT/infra/kafka/pom.xml")"
KAFKA_LIBS="${KAFKA_LIBS:-$ROOT/.local/kafka-$KAFKA_VERSION/libs}"

# shellcheck source=lib/servers.sh
source "$ROOT/infra/lib/servers.sh"
use_existing_kafka() { [ -n "${KAFKA_BROKERS:-}" ]; }
use_existing_clickhouse() { [ -n "${CLICKHOUSE_URL:-}" ]; }

install_kafka() {
  if [ -f "$KAFKA_LIBS/kafka_2.13-$KAFKA_VERSION.jar" ]; then return; fi
  command -v java >/dev/null || die "java (17+) is required for Kafka"
  command -v mvn >/dev/null || die "mvn is required to fetch the Kafka jars from Maven Central"
  say "fetching Kafka $KAFKA_VERSION jars from Maven Central into $KAFKA_LIBS"
  mkdir -p "$KAFKA_LIBS"
  mvn -q -B -Dstyle.color=never -f "$ROOT/infra/kafka/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS" >&2
}

install_clickhouse() {
  if command -v clickhouse-server >/dev/null; then return; fi
  say "installing Debian's clickhouse-server"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq clickhouse-server clickhouse-client >&2
}

kafka_ready() { python3 "$ROOT/infra/bin/kafka-metadata.py" "127.0.0.1:$KAFKA_PORT" >/dev/null 2>&1; }
clickhouse_ready() { curl -sf "http://127.0.0.1:$CLICKHOUSE_HTTP_PORT/ping" >/dev/null 2>&1; }

start_kafka() {
  local dir="$STACK_DIR/kafka" pidf="$STACK_DIR/kafka.pid"
  if pid_alive "$pidf" kafka.Kafka; then say "kafka already running (pid $(cat "$pidf")) on 127.0.0.1:$KAFKA_PORT"; return; fi
  install_kafka
  mkdir -p "$dir/data"
  render "$ROOT/infra/kafka/server.properties.template" "$dir/server.properties" \
    "KAFKA_PORT=$KAFKA_PORT" "CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT" "DATA_DIR=$dir/data"
  local cp="$KAFKA_LIBS/*" log4j="-Dlog4j2.configurationFile=$ROOT/infra/kafka/log4j2.properties"
  if [ ! -f "$dir/data/meta.properties" ]; then
    local cluster_id; cluster_id="$(java -cp "$cp" "$log4j" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
    java -cp "$cp" "$log4j" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" >"$dir/format.log" 2>&1 \
      || { tail -n 20 "$dir/format.log" >&2; die "formatting Kafka storage failed"; }
  fi
  local started; started="$(date +%s%N)"
  nohup java -Xms256m "-Xmx$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true "$log4j" \
    -cp "$cp" kafka.Kafka "$dir/server.properties" >"$dir/kafka.log" 2>&1 &
  echo $! > "$pidf"
  for _ in $(seq 1 $((KAFKA_START_TIMEOUT * 5))); do
    if kafka_ready; then
      say "kafka $KAFKA_VERSION ready on 127.0.0.1:$KAFKA_PORT in $(( ($(date +%s%N) - started) / 1000000 )) ms (pid $(cat "$pidf"))"
      return
    fi
    pid_alive "$pidf" kafka.Kafka || break
    sleep 0.2
  done
  say "--- tail of $dir/kafka.log"; tail -n 40 "$dir/kafka.log" >&2 || true
  stop_pid kafka "$pidf" kafka.Kafka
  die "kafka did not answer a metadata request on 127.0.0.1:$KAFKA_PORT within ${KAFKA_START_TIMEOUT}s"
}

start_clickhouse() {
  local dir="$STACK_DIR/clickhouse" pidf="$STACK_DIR/clickhouse.pid"
  if pid_alive "$pidf" clickhouse; then say "clickhouse already running (pid $(cat "$pidf")) on 127.0.0.1:$CLICKHOUSE_HTTP_PORT"; return; fi
  install_clickhouse
  mkdir -p "$dir"/{data,tmp,user_files,format_schemas,log}
  render "$ROOT/infra/clickhouse/config.xml.template" "$dir/config.xml" \
    "HTTP_PORT=$CLICKHOUSE_HTTP_PORT" "TCP_PORT=$CLICKHOUSE_TCP_PORT" "DATA_DIR=$dir" "CONFIG_DIR=$ROOT/infra/clickhouse"
  local started; started="$(date +%s%N)"
  (cd "$dir" && exec nohup clickhouse-server --config-file="$dir/config.xml" >"$dir/log/stdout.log" 2>&1) &
  echo $! > "$pidf"
  for _ in $(seq 1 $((CLICKHOUSE_START_TIMEOUT * 10))); do
    if clickhouse_ready; then
      say "clickhouse $(curl -s "http://127.0.0.1:$CLICKHOUSE_HTTP_PORT/?query=SELECT%20version()") ready on 127.0.0.1:$CLICKHOUSE_HTTP_PORT in $(( ($(date +%s%N) - started) / 1000000 )) ms (pid $(cat "$pidf"))"
      return
    fi
    pid_alive "$pidf" clickhouse || break
    sleep 0.1
  done
  say "--- tail of the ClickHouse logs"; tail -n 40 "$dir/log/stdout.log" "$dir/log/clickhouse-server.err.log" 2>/dev/null >&2 || true
  stop_pid clickhouse "$pidf" clickhouse
  die "clickhouse did not answer /ping on 127.0.0.1:$CLICKHOUSE_HTTP_PORT within ${CLICKHOUSE_START_TIMEOUT}s"
}

status() {
  if use_existing_kafka; then echo "kafka: external ($KAFKA_BROKERS)"
  elif pid_alive "$STACK_DIR/kafka.pid" kafka.Kafka; then
    echo "kafka: running (pid $(cat "$STACK_DIR/kafka.pid"), 127.0.0.1:$KAFKA_PORT, $(kafka_ready && echo ready || echo 'not answering'))"
  else echo "kafka: stopped"; fi
  if use_existing_clickhouse; then echo "clickhouse: external ($CLICKHOUSE_URL)"
  elif pid_alive "$STACK_DIR/clickhouse.pid" clickhouse; then
    echo "clickhouse: running (pid $(cat "$STACK_DIR/clickhouse.pid"), http://127.0.0.1:$CLICKHOUSE_HTTP_PORT, $(clickhouse_ready && echo ready || echo 'not answering'))"
  else echo "clickhouse: stopped"; fi
}

mkdir -p "$STACK_DIR"
case "${1:-}" in
  install)
    use_existing_kafka || install_kafka
    use_existing_clickhouse || install_clickhouse ;;
  start)
    if use_existing_kafka; then say "kafka: using $KAFKA_BROKERS"; else start_kafka; fi
    if use_existing_clickhouse; then say "clickhouse: using $CLICKHOUSE_URL"; else start_clickhouse; fi ;;
  stop)
    use_existing_kafka || stop_pid kafka "$STACK_DIR/kafka.pid" kafka.Kafka
    use_existing_clickhouse || stop_pid clickhouse "$STACK_DIR/clickhouse.pid" clickhouse ;;
  status) status ;;
  *) die "usage: infra/stack.sh install|start|stop|status" ;;
esac
