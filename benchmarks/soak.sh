#!/usr/bin/env bash
# Soak test: a real sleepingd (./sleepingd run, the launcher's JVM options) under a mixed hostile load
# for SOAK_SECONDS, while honest clients check every byte they move through it. Not part of the build's
# tests; run by hand (docs/reliability.md):
#   SOAK_SECONDS=60 benchmarks/soak.sh
# Prints progress, then a markdown summary; exits 0 when the daemon passed, 1 when it did not, 2 when
# the soak itself could not run or the run does not count (something else stopped the daemon).
#
# Four services in one daemon, each in front of a SoakBackend on 127.0.0.1:
#   honest   always awake, echo and download backend: honest transfers, slowloris, half the reset flood
#   stream   always awake, a backend that sends without end: stalled readers, half the reset flood
#   wake     START_CMD starts a backend JVM, STOP_CMD stops it after IDLE_TIME: wake-storm bursts
#   killed   like wake but never idle; its backend is SIGKILLed now and then during honest transfers
#
# Settings (environment variables, default in brackets):
#   SOAK_SECONDS [60]          how long the load runs
#   STALLED [300]              stalled readers open at a time (connect to `stream`, never read)
#   STALLED_LIFETIME [20]      seconds each one lives (0.5 to 1.5 times this), then a new one replaces it
#   STALLED_RAMP [5]           seconds over which the first ones connect
#   RESET_RATE [200]           connect-and-reset (SO_LINGER 0) connections per second
#   SLOWLORIS [100]            connections that send one byte every SLOWLORIS_INTERVAL [5] seconds
#   WAKE_BURST [50]            simultaneous connections per wake-storm burst, each a checksummed echo
#                              of up to WAKE_MAX_BYTES [65536], WAKE_PAUSE_MIN [2] to WAKE_PAUSE_MAX [8] s apart
#   IDLE_TIME [2]              the `wake` service's, with IDLE_CHECK_INTERVAL [1]
#   WAKE_TIMEOUT [20]          the daemon's, for `wake` and `killed` (below TRANSFER_TIMEOUT: a wake that
#                              fails shows as the daemon closing the connection, not as a hang)
#   KILL_MIN [2], KILL_MAX [8] seconds between SIGKILLs of `killed`'s backend (KILL_MIN=0: none)
#   KILLED_CLIENTS [4]         honest clients through `killed`, transfers of up to KILLED_MAX_BYTES [16777216]
#   HONEST_CLIENTS [4]         honest clients through `honest`, transfers of up to HONEST_MAX_BYTES [1048576]
#   HONEST_PAUSE_MS [20]       pause of each honest client between two transfers
#   TRANSFER_TIMEOUT [30]      seconds after which an honest transfer counts as hung
#   MAX_HONEST_FAILURES [0]    honest transfers that may fail (resets through `killed` do not count)
#   RSS_LIMIT_MIB [200]        the daemon's RSS (VmRSS, sampled every second) must stay at or below this
#   SHUTDOWN_GRACE [5]         the daemon's; `sleepingd stop` must finish within it plus STOP_MARGIN [10] s
#   PROGRESS_SECONDS [10]      how often progress is printed
#   SOAK_REPORT                also write the markdown summary to this file
#   SOAK_KEEP [0]              1: keep the work directory (logs, configuration, RSS samples) after a pass
#   SOAK_BUILD [1]             0: use the build as it is
#   SLEEPINGD_JAVA_OPTS        replaces the launcher's JVM options, as for ./sleepingd itself
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
here="$root/benchmarks"

knobs=(SOAK_SECONDS STALLED STALLED_LIFETIME STALLED_RAMP RESET_RATE SLOWLORIS SLOWLORIS_INTERVAL WAKE_BURST
  WAKE_MAX_BYTES WAKE_PAUSE_MIN WAKE_PAUSE_MAX IDLE_TIME IDLE_CHECK_INTERVAL WAKE_TIMEOUT KILL_MIN KILL_MAX KILLED_CLIENTS
  KILLED_MAX_BYTES HONEST_CLIENTS HONEST_MAX_BYTES HONEST_PAUSE_MS TRANSFER_TIMEOUT MAX_HONEST_FAILURES
  RSS_LIMIT_MIB SHUTDOWN_GRACE STOP_MARGIN PROGRESS_SECONDS SLEEPINGD_JAVA_OPTS)
command_line=""   # the exact command, for the report: the settings given, then the script
for knob in "${knobs[@]}"; do
  if [ -n "${!knob+set}" ]; then
    value=${!knob}
    [[ "$value" =~ ^[A-Za-z0-9_.,:/=+-]*$ ]] || value="'$value'"
    command_line+="$knob=$value "
  fi
done
command_line+="benchmarks/soak.sh"

: "${SOAK_SECONDS:=60}" "${STALLED:=300}" "${STALLED_LIFETIME:=20}" "${STALLED_RAMP:=5}" "${RESET_RATE:=200}"
: "${SLOWLORIS:=100}" "${SLOWLORIS_INTERVAL:=5}" "${WAKE_BURST:=50}" "${WAKE_MAX_BYTES:=65536}"
: "${WAKE_PAUSE_MIN:=2}" "${WAKE_PAUSE_MAX:=8}" "${IDLE_TIME:=2}" "${IDLE_CHECK_INTERVAL:=1}" "${WAKE_TIMEOUT:=20}"
: "${KILL_MIN:=2}" "${KILL_MAX:=8}" "${KILLED_CLIENTS:=4}" "${KILLED_MAX_BYTES:=16777216}"
: "${HONEST_CLIENTS:=4}" "${HONEST_MAX_BYTES:=1048576}" "${HONEST_PAUSE_MS:=20}" "${TRANSFER_TIMEOUT:=30}"
: "${MAX_HONEST_FAILURES:=0}" "${RSS_LIMIT_MIB:=200}" "${SHUTDOWN_GRACE:=5}" "${STOP_MARGIN:=10}"
: "${PROGRESS_SECONDS:=10}" "${SOAK_KEEP:=0}" "${SOAK_BUILD:=1}" "${SOAK_REPORT:=}"
for knob in "${knobs[@]}"; do
  [ "$knob" = SLEEPINGD_JAVA_OPTS ] && continue
  [[ "${!knob}" =~ ^[0-9]+$ ]] || { echo "soak: $knob=${!knob} is not a whole number" >&2; exit 2; }
  export "${knob?}"
done
if [ "$KILL_MIN" -gt "$KILL_MAX" ] || [ "$WAKE_PAUSE_MIN" -gt "$WAKE_PAUSE_MAX" ]; then
  echo "soak: KILL_MIN must not exceed KILL_MAX, nor WAKE_PAUSE_MIN WAKE_PAUSE_MAX" >&2; exit 2
fi
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"

# Every connection costs the daemon two descriptors.
ulimit -n "$(ulimit -Hn)"
if [ "$SOAK_BUILD" = 1 ]; then
  (cd "$root" && mvn -q -B -DskipTests package -pl benchmarks,modules/daemon -am) >&2
fi
jar="$root/benchmarks/target/benchmarks.jar"
[ -f "$jar" ] || { echo "soak: $jar is missing: build first (or drop SOAK_BUILD=0)" >&2; exit 2; }

work=$(mktemp -d /tmp/sleepingd-soak.XXXXXX)
mkdir -m 700 "$work/run"   # the daemon's private VARRUN_PATH
mkdir "$work/wake" "$work/killed"
conf="$work/sleepingd.conf"
results="$work/results.properties"
daemon_pid="" backend_pid="" driver_pid=""

# Alive and not a zombie (this machine's init does not reap orphans).
running() {
  local stat
  [ -n "$1" ] && stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}
# shellcheck disable=SC2317  # kill_and_wait and cleanup run from the EXIT trap
kill_and_wait() {   # PID SECONDS: SIGTERM, then SIGKILL when still running after SECONDS
  running "$1" || return 0
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 $(( $2 * 10 ))); do running "$1" || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
}
# shellcheck disable=SC2317
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [ -z "$driver_pid" ] || kill -KILL "$driver_pid" 2>/dev/null || true
  [ -z "$daemon_pid" ] || kill_and_wait "$daemon_pid" 10
  [ -z "$backend_pid" ] || kill -KILL "$backend_pid" 2>/dev/null || true
  local service
  for service in wake killed; do
    if [ -f "$work/$service/pid" ]; then kill -KILL "$(cat "$work/$service/pid")" 2>/dev/null || true; fi
  done
  wait 2>/dev/null || true
  if [ "$status" = 0 ] && [ "$SOAK_KEEP" != 1 ]; then
    rm -rf "$work"
  else
    echo "soak: logs, configuration and RSS samples kept in $work" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

declare -A taken
free_port() {   # sets $port: one nobody listens on and not handed out yet
  while :; do
    port=$(( RANDOM % 20000 + 10000 ))   # below the ephemeral range
    [ -z "${taken[$port]:-}" ] || continue
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    taken[$port]=1
    return
  done
}
declare -A front back
for service in honest stream wake killed; do
  free_port; front[$service]=$port
  free_port; back[$service]=$port
done

# What the backends, the driver and the report are told.
export SOAK_JAVA="$java" SOAK_CLASSPATH="$jar" SOAK_WATCH_PID=$$
export SOAK_BACKEND_OPTS="-XX:+UseSerialGC -Xmx64m -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED"
export SOAK_HONEST_PORT=${front[honest]} SOAK_STREAM_PORT=${front[stream]} SOAK_WAKE_PORT=${front[wake]}
export SOAK_KILLED_PORT=${front[killed]} SOAK_KILL_PIDFILE="$work/killed/pid" SOAK_RESULTS="$results"
export SOAK_RSS_SAMPLES="$work/rss.tsv" SOAK_RELEASE_FILE="$work/release"
export SOAK_HOLD_MAX=$(( SHUTDOWN_GRACE + STOP_MARGIN + 60 ))

# shellcheck disable=SC2086
"$java" $SOAK_BACKEND_OPTS -cp "$jar" io.sleepingd.benchmarks.soak.SoakBackend --watch $$ \
  "honest:${back[honest]}" "endless:${back[stream]}" >"$work/backend.log" 2>&1 &
backend_pid=$!

backend_cmd="'$here/soak-backend.sh'"
cat >"$conf" <<CONF
VARRUN_PATH=$work/run
BIND=127.0.0.1
SHUTDOWN_GRACE=$SHUTDOWN_GRACE
EXEC_CMD_TIMEOUT=30
WAKE_TIMEOUT=$WAKE_TIMEOUT

[honest]
PORT=${front[honest]}
START_CMD="echo 127.0.0.1 ${back[honest]}"
STOP_CMD=true

[stream]
PORT=${front[stream]}
START_CMD="echo 127.0.0.1 ${back[stream]}"
STOP_CMD=true

[wake]
PORT=${front[wake]}
IDLE_TIME=$IDLE_TIME
IDLE_CHECK_INTERVAL=$IDLE_CHECK_INTERVAL
START_CMD="$backend_cmd start '$work/wake' ${back[wake]}"
STOP_CMD="$backend_cmd stop '$work/wake'"

[killed]
PORT=${front[killed]}
START_CMD="$backend_cmd start '$work/killed' ${back[killed]}"
STOP_CMD="$backend_cmd stop '$work/killed'"
CONF

# The kernel resets connections when all TCP sockets together pass the last number of net.ipv4.tcp_mem,
# and says so (rate-limited) in its log; the stalled readers' socket buffers can take it there.
kernel_tcp_oom() {
  if dmesg >/dev/null 2>&1; then dmesg | grep -c 'TCP: out of memory' || true; else echo unknown; fi
}
tcp_oom_before=$(kernel_tcp_oom)

"$root/sleepingd" run -f "$conf" >"$work/daemon.log" 2>&1 &   # the launcher's JVM options
daemon_pid=$!
export SOAK_DAEMON_PID=$daemon_pid   # the launcher execs java: this is the JVM's pid
for _ in $(seq 1 60); do
  running "$daemon_pid" || { echo "soak: the daemon did not start; its log:" >&2; cat "$work/daemon.log" >&2; exit 2; }
  "$root/sleepingd" -f "$conf" status >/dev/null 2>&1 && break
  sleep 0.5
done
"$root/sleepingd" -f "$conf" status >"$work/status-start.out" 2>&1 || { echo "soak: the daemon does not answer 'status'" >&2; exit 2; }
echo "soak: daemon pid $daemon_pid; work directory $work" >&2

"$java" -Xmx256m -XX:+UseSerialGC -cp "$jar" io.sleepingd.benchmarks.soak.SoakLoad &
driver_pid=$!
while [ ! -f "$results" ]; do
  running "$driver_pid" || { echo "soak: the load driver ended without results" >&2; exit 2; }
  sleep 1
done

# The daemon after the load, with the stalled readers and slowloris connections still open.
fact() { printf '%s=%s\n' "$1" "$2" >>"$results"; }
alive=no
if running "$daemon_pid"; then alive=yes; fi
fact daemon.alive_after_load "$alive"
set +e
timeout 30 "$root/sleepingd" -f "$conf" status >"$work/status-end.out" 2>&1
fact status.exit $?
started=$(date +%s%N)
limit=$(( SHUTDOWN_GRACE + STOP_MARGIN ))
timeout "$limit" "$root/sleepingd" -f "$conf" stop >"$work/stop.out" 2>&1
stop_exit=$?
set -e
while running "$daemon_pid" && [ $(( ($(date +%s%N) - started) / 1000000000 )) -lt "$limit" ]; do sleep 0.1; done
if [ "$alive" = no ]; then
  how="not running any more"
  fact stop.seconds -1
elif running "$daemon_pid"; then
  how="still running after $limit s"
  kill -TERM "$daemon_pid" 2>/dev/null || true
  for _ in $(seq 1 100); do running "$daemon_pid" || break; sleep 0.1; done
  if running "$daemon_pid"; then
    kill -KILL "$daemon_pid" 2>/dev/null || true
    how+=", and 10 s after a SIGTERM: killed"
  else
    how+="; a SIGTERM stopped it"
  fi
  fact stop.seconds -1
elif [ "$stop_exit" != 0 ]; then
  how="\`sleepingd stop\` exited with $stop_exit"
  fact stop.seconds "$(awk -v n=$(( $(date +%s%N) - started )) 'BEGIN {printf "%.1f", n / 1e9}')"
else
  how=stop
  fact stop.seconds "$(awk -v n=$(( $(date +%s%N) - started )) 'BEGIN {printf "%.1f", n / 1e9}')"
fi
fact stop.how "$how"
wait "$daemon_pid" 2>/dev/null || true
daemon_pid=""
events() {   # SERVICE WORD: how many lines of its backend's events begin with WORD
  if [ -f "$work/$1/events" ]; then grep -c "^$2" "$work/$1/events" || true; else echo 0; fi
}
left=0
for service in wake killed; do
  pid=$(cat "$work/$service/pid" 2>/dev/null || true)
  if running "$pid"; then left=$(( left + 1 )); fi
  fact "$service.starts" "$(events "$service" start)"
  fact "$service.stops" "$(events "$service" stop)"
done
fact backends.left_running "$left"
tcp_oom_after=$(kernel_tcp_oom)
if [ "$tcp_oom_before" = unknown ] || [ "$tcp_oom_after" = unknown ]; then
  fact kernel.tcp_oom_messages unknown
else
  fact kernel.tcp_oom_messages $(( tcp_oom_after > tcp_oom_before ? tcp_oom_after - tcp_oom_before : 0 ))
fi
fact tcp.mem_limit_pages "$(awk '{print $3}' /proc/sys/net/ipv4/tcp_mem)"
fact tcp.page_bytes "$(getconf PAGESIZE)"

touch "$SOAK_RELEASE_FILE"
for _ in $(seq 1 150); do running "$driver_pid" || break; sleep 0.1; done
kill -KILL "$driver_pid" 2>/dev/null || true
wait "$driver_pid" 2>/dev/null || true
driver_pid=""

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git -C "$root" status --porcelain 2>/dev/null)" ] || commit+=" (with uncommitted changes)"
fact run.date "$(date -u '+%Y-%m-%d %H:%M UTC')"
fact run.commit "$commit"
fact run.machine "$(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, Linux $(uname -r), $("$java" -version 2>&1 | head -1)"
fact run.command "$command_line"

set +e
"$java" -cp "$jar" io.sleepingd.benchmarks.soak.SoakReport "$results" "$work/daemon.log" >"$work/report.md"
verdict=$?
set -e
echo
cat "$work/report.md"
[ -z "$SOAK_REPORT" ] || cp "$work/report.md" "$SOAK_REPORT"
exit "$verdict"
