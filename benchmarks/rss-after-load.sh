#!/usr/bin/env bash
# The daemon's resident memory after some load (6,000 connections and a 1 s iperf3 transfer through
# it), with the launcher's JVM options followed by the given ones, and where it goes (smaps_rollup,
# the largest mappings): for comparing JVM options on the base RSS.
#   benchmarks/rss-after-load.sh "-XX:TrimNativeHeapInterval=1000" [ENV=VALUE ...]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
extra=${1:-}; shift || true
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
command -v iperf3 >/dev/null || { apt-get update -qq && apt-get install -y -qq iperf3 >/dev/null; }
(cd "$root" && mvn -q -B -DskipTests package -pl benchmarks,modules/daemon -am) >&2
jar="$root/benchmarks/target/benchmarks.jar"
work=$(mktemp -d); mkdir -m 700 "$work/run"; pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
echo_port=$(( RANDOM % 5000 + 24000 )); front=$((echo_port + 1)); iperf=$((echo_port + 2)); iperf_front=$((echo_port + 3))
"$java" -cp "$jar" io.sleepingd.benchmarks.EchoServer "$echo_port" >/dev/null 2>&1 & pids+=($!)
iperf3 --server --bind 127.0.0.1 --port "$iperf" >/dev/null 2>&1 & pids+=($!)
printf 'VARRUN_PATH=%s\nBIND=127.0.0.1\n[echo]\nPORT=%s\nSTART_CMD="echo 127.0.0.1 %s"\n[iperf]\nPORT=%s\nSTART_CMD="echo 127.0.0.1 %s"\n' \
  "$work/run" "$front" "$echo_port" "$iperf_front" "$iperf" >"$work/d.conf"
opts=$(sed -n 's/^default_opts="\(.*\)"$/\1/p' "$root/sleepingd")
# shellcheck disable=SC2086 # the options are words
env "$@" "$java" $opts $extra --module-path "$root/modules/daemon/target/lib" \
  -m io.sleepingd.daemon/io.sleepingd.daemon.Main run -f "$work/d.conf" >"$work/daemon.log" 2>&1 & daemon=$!; pids+=($daemon)
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$front") 2>/dev/null && break; sleep 0.1; done
"$java" -cp "$jar" io.sleepingd.benchmarks.LoadClient count "$front" 3000 >/dev/null
iperf3 --client 127.0.0.1 --port "$iperf_front" --time 1 >/dev/null
"$java" -cp "$jar" io.sleepingd.benchmarks.LoadClient count "$front" 3000 >/dev/null
sleep 3
echo "options: the launcher's and ${extra:-nothing more} $*"
grep VmRSS "/proc/$daemon/status"
grep -E '^(Anonymous|Shared_Clean|Private_Clean|Private_Dirty)' "/proc/$daemon/smaps_rollup" | tr -s ' ' | tr '\n' ' '; echo
awk '/^[0-9a-f]+-/ {name = $6 == "" ? "(anonymous)" : $6} /^Rss:/ {rss[name] += $2}
     END {for (n in rss) if (rss[n] > 2000) printf "%8d kB %s\n", rss[n], n}' "/proc/$daemon/smaps" | sort -rn
