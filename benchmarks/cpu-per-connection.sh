#!/usr/bin/env bash
# CPU time each proxy spends per connection (connect, a 16-byte request and answer, close), and how
# much of it is user time, from /proc/PID/stat: sleepingd on each relay transport and HAProxy
# (nbthread = cores), in front of one echo backend, one client making N connections, 3 rounds.
# A count of CPU time, not a rate: it says where a connection's cost is (the kernel or the proxy).
#   N=20000 benchmarks/cpu-per-connection.sh
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
N=${N:-20000}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || {
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; }
haproxy=$(command -v haproxy || echo /usr/sbin/haproxy)
(cd "$root" && mvn -q -B -DskipTests package -pl benchmarks,modules/daemon -am) >&2
jar="$root/benchmarks/target/benchmarks.jar"
work=$(mktemp -d); pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
echo_port=$(( RANDOM % 5000 + 26000 ))
"$java" -cp "$jar" io.sleepingd.benchmarks.EchoServer "$echo_port" >/dev/null 2>&1 & pids+=($!)
opts=$(sed -n 's/^default_opts="\(.*\)"$/\1/p' "$root/sleepingd")
declare -A pid port
next=$echo_port
for transport in splice nio; do
  next=$((next + 1)); port[$transport]=$next
  mkdir -m 700 "$work/run-$transport"
  printf 'VARRUN_PATH=%s\nBIND=127.0.0.1\n[echo]\nPORT=%s\nSTART_CMD="echo 127.0.0.1 %s"\n' \
    "$work/run-$transport" "$next" "$echo_port" >"$work/$transport.conf"
  # shellcheck disable=SC2086 # the launcher's options are words
  "$java" $opts -Dsleepingd.relay.transport=$transport --module-path "$root/modules/daemon/target/lib" \
    -m io.sleepingd.daemon/io.sleepingd.daemon.Main run -f "$work/$transport.conf" >/dev/null 2>&1 &
  pids+=($!); pid[$transport]=$!
done
next=$((next + 1)); port[haproxy]=$next
printf 'global\n  nbthread %s\ndefaults\n  mode tcp\n  timeout connect 5s\n  timeout client 1h\n  timeout server 1h\nlisten echo\n  bind 127.0.0.1:%s\n  server b 127.0.0.1:%s\n' \
  "$(nproc)" "$next" "$echo_port" >"$work/haproxy.cfg"
"$haproxy" -f "$work/haproxy.cfg" -db >/dev/null 2>&1 & pids+=($!); pid[haproxy]=$!
for peer in splice nio haproxy; do
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/${port[$peer]}") 2>/dev/null && break; sleep 0.1; done
done
client() { "$java" -cp "$jar" io.sleepingd.benchmarks.LoadClient count "$@" >/dev/null; }
for peer in splice nio haproxy; do client "${port[$peer]}" 5000; done   # wakes the services, warms the JIT up
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14, $15}' "/proc/$1/stat"; }   # user and system clock ticks
for round in 1 2 3; do
  for peer in splice nio haproxy; do
    read -r user0 system0 < <(cpu "${pid[$peer]}")
    client "${port[$peer]}" "$N"
    read -r user1 system1 < <(cpu "${pid[$peer]}")
    awk -v p="$peer" -v r="$round" -v u=$((user1 - user0)) -v s=$((system1 - system0)) -v t="$ticks" -v n="$N" \
      'BEGIN {printf "round %d %-8s %6.1f µs CPU per connection, %5.1f of it user time\n", r, p, (u + s) * 1e6 / t / n, u * 1e6 / t / n}'
  done
done
