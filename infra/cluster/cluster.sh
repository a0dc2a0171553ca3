#!/usr/bin/env bash
# A local ClickHouse cluster on loopback: one standalone ZooKeeper (jars from Maven Central, see
# pom.xml) and CLUSTER_SHARDS × CLUSTER_REPLICAS clickhouse-server 18.16 processes (default 1 × 2:
# one shard, two replicas of it) named CLUSTER_NAME in every node's remote_servers.
# Usage: infra/cluster/cluster.sh install|start|stop|status|urls
# Ports: ZooKeeper on CLUSTER_PORT_BASE; node i (0, 1, ...) HTTP on base+10+10i, TCP +1,
# interserver +2. Data, logs and pid files under CLUSTER_DIR (default .local/cluster). Every command
# is idempotent; stop stops only the processes whose pid files this script wrote.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/infra/cluster"
CLUSTER_DIR="${CLUSTER_DIR:-$ROOT/.local/cluster}"
CLUSTER_NAME="${CLUSTER_NAME:-mentions_cluster}"
CLUSTER_SHARDS="${CLUSTER_SHARDS:-1}"
CLUSTER_REPLICAS="${CLUSTER_REPLICAS:-2}"
CLUSTER_PORT_BASE="${CLUSTER_PORT_BASE:-19100}"
CLUSTER_START_TIMEOUT="${CLUSTER_START_TIMEOUT:-30}"
ZK_HEAP="${ZK_HEAP:-128m}"
ZK_VERSION="$(sed -n 's:.*<zookeeper.version>\(.*\)</zookeeper.version>.*:\1:p' "$HERE/pom.xml")"
ZK_LIBS="${ZK_LIBS:-$ROOT/.local/zookeeper-$ZK_VERSION/libs}"
NODES=$((CLUSTER_SHARDS * CLUSTER_REPLICAS))
ZK_PORT=$CLUSTER_PORT_BASE

# shellcheck source=../lib/servers.sh
source "$ROOT/infra/lib/servers.sh"
http_port() { echo $((CLUSTER_PORT_BASE + 10 + 10 * $1)); }
tcp_port() { echo $((CLUSTER_PORT_BASE + 11 + 10 * $1)); }
interserver_port() { echo $((CLUSTER_PORT_BASE + 12 + 10 * $1)); }

[[ "$CLUSTER_NAME" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "CLUSTER_NAME must be an identifier (letters, digits, _), got '$CLUSTER_NAME'"
for v in CLUSTER_SHARDS CLUSTER_REPLICAS CLUSTER_PORT_BASE; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer, got '${!v}'"
done

install() {
  if [ ! -f "$ZK_LIBS/zookeeper-$ZK_VERSION.jar" ]; then
    command -v java >/dev/null || die "java (17+) is required for ZooKeeper"
    command -v mvn >/dev/null || die "mvn is required to fetch the ZooKeeper jars from Maven Central"
    say "fetching ZooKeeper $ZK_VERSION jars from Maven Central into $ZK_LIBS"
    mkdir -p "$ZK_LIBS"
    mvn -q -B -Dstyle.color=never -f "$HERE/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$ZK_LIBS" >&2
  fi
  command -v clickhouse-server >/dev/null || bash "$ROOT/infra/stack.sh" install
}

# Serving sessions, not only up: `ruok` answers imok before ZooKeeper takes sessions, and a
# clickhouse-server 18.16 whose DDL worker met a refused handshake at start segfaults on the first
# ON CLUSTER DDL (seen in CI: its err.log, infra/cluster/cluster.int.test.ts). `srvr` names the mode once it serves.
zk_ready() { printf srvr | timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$ZK_PORT; cat >&3; cat <&3" 2>/dev/null | grep -q '^Mode: standalone'; }

start_zookeeper() {
  local dir="$CLUSTER_DIR/zookeeper" pidf="$CLUSTER_DIR/zookeeper.pid"
  if pid_alive "$pidf" "$dir/zoo.cfg"; then return; fi
  mkdir -p "$dir/data"
  render "$HERE/zoo.cfg.template" "$dir/zoo.cfg" "ZK_PORT=$ZK_PORT" "DATA_DIR=$dir"
  nohup java -Xms32m "-Xmx$ZK_HEAP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dzookeeper.jmx.log4j.disable=true \
    -cp "$ZK_LIBS/*" org.apache.zookeeper.server.ZooKeeperServerMain "$dir/zoo.cfg" >"$dir/zookeeper.log" 2>&1 &
  echo $! > "$pidf"
  for _ in $(seq 1 $((CLUSTER_START_TIMEOUT * 10))); do
    if zk_ready; then say "zookeeper $ZK_VERSION ready on 127.0.0.1:$ZK_PORT (pid $(cat "$pidf"))"; return; fi
    pid_alive "$pidf" "$dir/zoo.cfg" || break
    sleep 0.1
  done
  tail -n 30 "$dir/zookeeper.log" >&2 || true
  stop_pid zookeeper "$pidf" "$dir/zoo.cfg"
  die "zookeeper did not answer ruok on 127.0.0.1:$ZK_PORT within ${CLUSTER_START_TIMEOUT}s"
}

shards_xml() {
  local s r i
  for s in $(seq 0 $((CLUSTER_SHARDS - 1))); do
    printf '      <shard>\n        <internal_replication>true</internal_replication>\n'
    for r in $(seq 0 $((CLUSTER_REPLICAS - 1))); do
      i=$((s * CLUSTER_REPLICAS + r))
      printf '        <replica><host>127.0.0.1</host><port>%s</port></replica>\n' "$(tcp_port "$i")"
    done
    printf '      </shard>\n'
  done
}

node_ready() { curl -sf "http://127.0.0.1:$(http_port "$1")/ping" >/dev/null 2>&1; }

start_node() { # start_node I: shard I / replicas + 1, replica I % replicas + 1
  local i="$1" dir="$CLUSTER_DIR/node-$1" pidf="$CLUSTER_DIR/node-$1.pid"
  if pid_alive "$pidf" "$dir/config.xml"; then return; fi
  mkdir -p "$dir"/{data,tmp,user_files,format_schemas,log}
  render "$HERE/node.xml.template" "$dir/config.xml" \
    "HTTP_PORT=$(http_port "$i")" "TCP_PORT=$(tcp_port "$i")" "INTERSERVER_PORT=$(interserver_port "$i")" \
    "DATA_DIR=$dir" "CONFIG_DIR=$HERE" "CLUSTER=$CLUSTER_NAME" "SHARDS=$(shards_xml)" "ZK_PORT=$ZK_PORT" \
    "SHARD=$(printf '%02d' $((i / CLUSTER_REPLICAS + 1)))" "REPLICA=replica-$((i + 1))"
  (cd "$dir" && exec nohup clickhouse-server --config-file="$dir/config.xml" >"$dir/log/stdout.log" 2>&1) &
  echo $! > "$pidf"
}

wait_node() {
  local i="$1" dir="$CLUSTER_DIR/node-$1" pidf="$CLUSTER_DIR/node-$1.pid"
  for _ in $(seq 1 $((CLUSTER_START_TIMEOUT * 10))); do
    # ready when it answers and reaches ZooKeeper
    if node_ready "$i" && curl -sf "http://127.0.0.1:$(http_port "$i")/" --data-binary "SELECT count() FROM system.zookeeper WHERE path = '/'" >/dev/null 2>&1; then
      say "clickhouse node $i ready on http://127.0.0.1:$(http_port "$i") (pid $(cat "$pidf"))"; return
    fi
    pid_alive "$pidf" "$dir/config.xml" || break
    sleep 0.1
  done
  tail -n 30 "$dir/log/stdout.log" "$dir/log/clickhouse-server.err.log" >&2 2>/dev/null || true
  die "clickhouse node $i did not become ready on 127.0.0.1:$(http_port "$i") within ${CLUSTER_START_TIMEOUT}s"
}

stop_all() {
  local i
  for i in $(seq 0 $((NODES - 1))); do stop_pid "clickhouse node $i" "$CLUSTER_DIR/node-$i.pid" "$CLUSTER_DIR/node-$i/config.xml"; done
  stop_pid zookeeper "$CLUSTER_DIR/zookeeper.pid" "$CLUSTER_DIR/zookeeper/zoo.cfg"
}

urls() {
  local i out=()
  for i in $(seq 0 $((NODES - 1))); do out+=("http://127.0.0.1:$(http_port "$i")"); done
  (IFS=,; echo "${out[*]}")
}

mkdir -p "$CLUSTER_DIR"
case "${1:-}" in
  install) install ;;
  start)
    install
    start_zookeeper
    for i in $(seq 0 $((NODES - 1))); do start_node "$i"; done
    for i in $(seq 0 $((NODES - 1))); do wait_node "$i" || { stop_all; exit 1; }; done
    say "cluster $CLUSTER_NAME: $CLUSTER_SHARDS shard(s) × $CLUSTER_REPLICAS replica(s), nodes $(urls)" ;;
  stop) stop_all ;;
  status)
    if pid_alive "$CLUSTER_DIR/zookeeper.pid" "$CLUSTER_DIR/zookeeper/zoo.cfg"; then echo "zookeeper: running on 127.0.0.1:$ZK_PORT"; else echo "zookeeper: stopped"; fi
    for i in $(seq 0 $((NODES - 1))); do
      if pid_alive "$CLUSTER_DIR/node-$i.pid" "$CLUSTER_DIR/node-$i/config.xml"; then echo "node $i: running on http://127.0.0.1:$(http_port "$i")"; else echo "node $i: stopped"; fi
    done ;;
  urls) urls ;;
  *) die "usage: infra/cluster/cluster.sh install|start|stop|status|urls" ;;
esac
