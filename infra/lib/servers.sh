# Shell helpers of the local servers' scripts (infra/stack.sh, infra/cluster/cluster.sh): messages,
# config templates, and processes tracked by pid files. Sourced, not run.

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# pid_alive FILE PATTERN: the pid in FILE runs and its command line matches PATTERN
# (guards against a recycled pid belonging to something else).
pid_alive() {
  [ -f "$1" ] || return 1
  local pid; pid="$(cat "$1")"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "$2"
}

stop_pid() { # stop_pid NAME FILE PATTERN: SIGTERM, up to 20 s, then SIGKILL; removes FILE
  if pid_alive "$2" "$3"; then
    local pid; pid="$(cat "$2")"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then say "$1 did not stop in 20 s; killing"; kill -KILL "$pid" 2>/dev/null || true; fi
    say "$1 stopped (pid $pid)"
  else
    say "$1 not running"
  fi
  rm -f "$2"
}

render() { # render TEMPLATE OUT KEY=VALUE...: @KEY@ in TEMPLATE replaced by VALUE
  local template="$1" out="$2"; shift 2
  local text; text="$(cat "$template")"
  for kv in "$@"; do text="${text//@${kv%%=*}@/${kv#*=}}"; done
  printf '%s\n' "$text" > "$out"
}
