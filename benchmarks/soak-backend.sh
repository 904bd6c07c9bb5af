#!/usr/bin/env bash
# START_CMD and STOP_CMD of the soak's waking services (benchmarks/soak.sh): a SoakBackend in
# "honest" mode (echo and download) started in the background, one per DIR.
#   soak-backend.sh start DIR PORT   starts it on 127.0.0.1:PORT unless it runs; prints "127.0.0.1 PORT"
#   soak-backend.sh stop DIR         stops it: SIGTERM, then SIGKILL after 5 s
# DIR gets its pid file, its output (backend.log) and one line per start and stop (events). The
# environment (the daemon's, set by soak.sh) gives SOAK_JAVA, SOAK_CLASSPATH, SOAK_BACKEND_OPTS and
# SOAK_WATCH_PID: the backend exits by itself once that process (soak.sh) is gone.
set -euo pipefail
action=${1:?usage: soak-backend.sh start DIR PORT | stop DIR}
dir=${2:?usage: soak-backend.sh start DIR PORT | stop DIR}

# Alive and not a zombie: here nothing reaps orphans, and a killed backend stays a zombie.
running() {
  local pid stat
  pid=$(cat "$dir/pid" 2>/dev/null) || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}

case "$action" in
start)
  port=${3:?usage: soak-backend.sh start DIR PORT}
  if running; then
    echo "running $(date +%s.%N)" >>"$dir/events"
  else
    # shellcheck disable=SC2086
    "$SOAK_JAVA" $SOAK_BACKEND_OPTS -cp "$SOAK_CLASSPATH" io.sleepingd.benchmarks.soak.SoakBackend \
      --watch "$SOAK_WATCH_PID" "honest:$port" </dev/null >>"$dir/backend.log" 2>&1 &
    echo $! >"$dir/pid"
    echo "start $(date +%s.%N)" >>"$dir/events"
  fi
  echo "127.0.0.1 $port"
  ;;
stop)
  if running; then
    pid=$(cat "$dir/pid")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do running || break; sleep 0.1; done
    if running; then kill -KILL "$pid" 2>/dev/null || true; fi
    for _ in $(seq 1 50); do running || break; sleep 0.1; done
  fi
  rm -f "$dir/pid"
  echo "stop $(date +%s.%N)" >>"$dir/events"
  ;;
*)
  echo "usage: soak-backend.sh start DIR PORT | stop DIR" >&2
  exit 2
  ;;
esac
