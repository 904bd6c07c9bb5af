#!/usr/bin/env bash
# System calls the daemon makes per connection to an awake service: a count, not a timing, so that
# two builds compare on a shared, noisy machine. Builds this tree (or uses LIB=its module path),
# wakes an echo service, warms up with 30,000 connections, then counts with strace over N, twice.
#   benchmarks/syscalls-per-connection.sh [N]      (default 5000; needs strace)
#   TRANSPORT=nio benchmarks/syscalls-per-connection.sh    (the relay transport; default: the daemon's)
# Prints the total per connection and, for the second round, each call's share.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
N=${1:-5000}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
command -v strace >/dev/null || { apt-get update -qq && apt-get install -y -qq strace >/dev/null; }
if [ -z "${LIB:-}" ]; then
  (cd "$root" && mvn -q -B -DskipTests package -pl benchmarks,modules/daemon -am) >&2
fi
lib=${LIB:-$root/modules/daemon/target/lib}
client=("$java" -cp "$root/benchmarks/target/benchmarks.jar" io.sleepingd.benchmarks.LoadClient count)
work=$(mktemp -d); mkdir -m 700 "$work/run"
pids=(); trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
backend=$(( RANDOM % 5000 + 20000 )); front=$((backend + 1))
"$java" -cp "$root/benchmarks/target/benchmarks.jar" io.sleepingd.benchmarks.EchoServer $backend >"$work/echo.log" 2>&1 & pids+=($!)
printf 'VARRUN_PATH=%s\nBIND=127.0.0.1\n[echo]\nPORT=%s\nSTART_CMD="echo 127.0.0.1 %s"\n' "$work/run" $front $backend >"$work/d.conf"
opts=$(sed -n 's/^default_opts="\(.*\)"$/\1/p' "$root/sleepingd")
[ -z "${TRANSPORT:-}" ] || opts="$opts -Dsleepingd.relay.transport=$TRANSPORT"
# shellcheck disable=SC2086 # the launcher's options are words
"$java" $opts --module-path "$lib" -m io.sleepingd.daemon/io.sleepingd.daemon.Main run -f "$work/d.conf" >"$work/daemon.log" 2>&1 & daemon=$!; pids+=($daemon)
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$front) 2>/dev/null && break; sleep 0.1; done
"${client[@]}" $front 1          # wakes the service
"${client[@]}" $front 30000      # JIT warm-up
for round in 1 2; do
  strace -f -c -o "$work/strace-$round.txt" -p $daemon & tracer=$!
  sleep 2
  "${client[@]}" $front "$N"
  sleep 0.5
  kill -INT $tracer; wait $tracer || true
  awk -v n="$N" -v r=$round '/^-/ {next} $NF == "total" {printf "round %d: %.2f system calls per connection\n", r, $4 / n}' "$work/strace-$round.txt"
done
awk -v n="$N" '/^-/ || /^%/ || $NF == "total" {next} NF >= 5 {calls = $4; printf "  %-16s %6.2f\n", $NF, calls / n}' "$work/strace-2.txt" | sort -k2 -rn
