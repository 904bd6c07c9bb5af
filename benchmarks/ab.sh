#!/usr/bin/env bash
# A/B comparison of daemon variants (JVM options) on connections per second and ping-pong, next to
# direct and HAProxy, in interleaved rounds; prints each figure's median and every round's value.
#   VARIANTS="c1=-XX:TieredStopAtLevel=1;c2=" ROUNDS=7 SECONDS_PER=2 CLIENTS=1 benchmarks/ab.sh
#   TESTS="throughput connect pingpong" ...   (throughput: iperf3 through each, Gbit/s)
# Each variant runs the launcher's default JVM options followed by its own.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
VARIANTS=${VARIANTS:-default=}
ROUNDS=${ROUNDS:-5}
SECONDS_PER=${SECONDS_PER:-2}
TESTS=${TESTS:-connect pingpong}
CLIENTS=${CLIENTS:-1}   # connect's parallel clients on one port
{ command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ]; } && command -v iperf3 >/dev/null || {
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy iperf3 >/dev/null; }
haproxy=$(command -v haproxy || echo /usr/sbin/haproxy)
ulimit -n "$(ulimit -Hn)"
(cd "$root" && mvn -q -B -DskipTests package -pl benchmarks,modules/daemon -am) >&2
jar="$root/benchmarks/target/benchmarks.jar"
defaults=$(sed -n 's/^default_opts="\(.*\)"$/\1/p' "$root/sleepingd")

work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(( RANDOM % 10000 + 10000 ))
next_port() { port=$(( port + 1 )); }
echo_port=$port
"$java" -cp "$jar" io.sleepingd.benchmarks.EchoServer "$echo_port" >/dev/null 2>&1 & pids+=($!)
next_port; iperf_port=$port
iperf3 --server --bind 127.0.0.1 --port "$iperf_port" >/dev/null 2>&1 & pids+=($!)
names=(direct); ports=("$echo_port"); iperf_ports=("$iperf_port")
IFS=';' read -r -a variants <<<"$VARIANTS"
for variant in "${variants[@]}"; do
  name=${variant%%=*}; opts=${variant#*=}
  next_port; front=$port; next_port
  mkdir -m 700 "$work/run-$name"
  printf 'VARRUN_PATH=%s\nBIND=127.0.0.1\n[echo]\nPORT=%s\nSTART_CMD="echo 127.0.0.1 %s"\n[iperf]\nPORT=%s\nSTART_CMD="echo 127.0.0.1 %s"\n' \
    "$work/run-$name" "$front" "$echo_port" "$port" "$iperf_port" >"$work/$name.conf"
  SLEEPINGD_JAVA_OPTS="$defaults $opts" "$root/sleepingd" run -f "$work/$name.conf" >"$work/$name.log" 2>&1 & pids+=($!)
  names+=("$name"); ports+=("$front"); iperf_ports+=("$port")
done
next_port; front=$port; next_port
printf 'global\n  nbthread %s\ndefaults\n  mode tcp\n  timeout connect 5s\n  timeout client 1h\n  timeout server 1h\nlisten echo\n  bind 127.0.0.1:%s\n  server b 127.0.0.1:%s\nlisten iperf\n  bind 127.0.0.1:%s\n  server b 127.0.0.1:%s\n' \
  "$(nproc)" "$front" "$echo_port" "$port" "$iperf_port" >"$work/haproxy.cfg"
"$haproxy" -f "$work/haproxy.cfg" -db >/dev/null 2>&1 & pids+=($!)
names+=(haproxy); ports+=("$front"); iperf_ports+=("$port")
for p in "${ports[@]}"; do
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && break; sleep 0.1; done
done
client() { "$java" -cp "$jar" io.sleepingd.benchmarks.LoadClient "$@"; }
for i in "${!ports[@]}"; do   # wakes the daemons' services and warms every path up
  client connect "${ports[$i]}" 2 >/dev/null; client pingpong "${ports[$i]}" 2 >/dev/null
  iperf3 --client 127.0.0.1 --port "${iperf_ports[$i]}" --time 1 >/dev/null
done
measure() {   # measure TEST INDEX: one figure
  if [ "$1" = throughput ]; then
    iperf3 --client 127.0.0.1 --port "${iperf_ports[$2]}" --time "$SECONDS_PER" --format g | awk '/receiver/ {print $(NF-2)}'
  else
    client "$1" "${ports[$2]}" "$SECONDS_PER" $CLIENTS | cut -d' ' -f1
  fi
}
for test in $TESTS; do
  for round in $(seq 1 "$ROUNDS"); do
    for i in "${!ports[@]}"; do echo "${names[$i]} $(measure "$test" "$i")"; done
  done >"$work/$test.out"
  for name in "${names[@]}"; do
    awk -v n="$name" -v t="$test" '$1 == n { v[++k] = $2; all = all " " $2 }
      END { for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] < v[i]) { x = v[i]; v[i] = v[j]; v[j] = x }
            printf "%-9s %-10s median %8s   rounds:%s\n", t, n, v[int((k + 1) / 2)], all }' "$work/$test.out"
  done
done
