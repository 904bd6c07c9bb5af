#!/usr/bin/env bash
# Wake time of a docker container that sleeps paused (SLEEP_MODE=pause) against one that sleeps
# stopped (SLEEP_MODE=stop): the time curl takes to get a page through sleepingd from an asleep
# service, ROUNDS times each, on a private Docker engine (.ci/docker-engine: host network, a busybox
# httpd container). Prints the median and the spread; docs/benchmarks.md keeps the figures.
#   benchmarks/pause-vs-stop.sh            # ROUNDS=10
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
ROUNDS=${ROUNDS:-10}
work=$(mktemp -d)
chmod 700 "$work"
host=$(bash .ci/docker-engine start "$work/engine")
trap 'for c in "$work"/*.conf; do ./sleepingd -f "$c" stop >/dev/null 2>&1 || true; done; bash .ci/docker-engine stop "$work/engine"; rm -rf "$work"' EXIT
image=sleepingd-test/busybox:latest
serve="/bin/sh -c 'mkdir -p /www && echo up > /www/index.html && exec httpd -f -p 127.0.0.1:\$PORT -h /www'"

state() { ./sleepingd -f "$1" status --json | jq -r '.services[0].state'; }
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "median %.1f ms (min %.1f, max %.1f, n=%d)\n", m, a[1], a[NR], NR}'; }

for mode in stop pause; do
  port=$(shuf -i 20000-29999 -n 1)
  backend=$(shuf -i 30000-39999 -n 1)
  conf="$work/$mode.conf"
  cat > "$conf" <<CONF
VARRUN_PATH=$work/run-$mode
[bench]
BIND=127.0.0.1
PORT=$port
PROVIDER=docker
DOCKER_COMMAND="docker --host $host"
DOCKER_CONTAINERS=bench-$mode:$backend
DOCKER_IMAGE=$image
DOCKER_CREATE_OPTIONS="--network host"
DOCKER_CREATE_COMMAND="${serve//\"/\\\"}"
DOCKER_STOP_TIMEOUT=1
SLEEP_MODE=$mode
IDLE_TIME=1
IDLE_CHECK_INTERVAL=1
CONF
  chmod 600 "$conf"
  ./sleepingd -f "$conf" start >/dev/null
  curl -s -o /dev/null "http://127.0.0.1:$port/"   # creates the container: not measured
  times=()
  for _ in $(seq "$ROUNDS"); do
    until [ "$(state "$conf")" = asleep ]; do sleep 0.2; done
    times+=("$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/" | awk '{printf "%.1f", $1 * 1000}')")
  done
  awake=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/" | awk '{printf "%.1f", $1 * 1000}')
  printf '%-6s wake: %s; the same request once awake: %s ms\n' "$mode" "$(printf '%s\n' "${times[@]}" | median)" "$awake"
  ./sleepingd -f "$conf" stop >/dev/null
done
