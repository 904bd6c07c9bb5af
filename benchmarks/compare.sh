#!/usr/bin/env bash
# Whole-system comparison on 127.0.0.1: the same backends reached directly and through sleepingd
# (service awake; once on each relay transport: splice, its default on Linux, and nio),
# systemd-socket-proxyd, HAProxy (TCP mode) and socat, measured in one run, interleaved round by
# round, and each proxy's system calls per connection counted with strace. Prints the table and writes it into docs/benchmarks.md (and the raw
# figures to benchmarks/last-results.tsv).
#   ROUNDS=5 SECONDS_PER=5 IDLE=10000 CLIENTS=4 SYSCALL_CONNECTIONS=2000 benchmarks/compare.sh
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
ROUNDS=${ROUNDS:-5}
SECONDS_PER=${SECONDS_PER:-5}
IDLE=${IDLE:-10000}
SOCAT_IDLE=${SOCAT_IDLE:-1000}   # socat forks a process per connection: 10,000 of them would not fit
COLD_SAMPLES=${COLD_SAMPLES:-20}
CLIENTS=${CLIENTS:-4}             # the parallel connection-rate test's clients, all on one port
SYSCALL_CONNECTIONS=${SYSCALL_CONNECTIONS:-2000}   # connections strace counts each proxy's system calls over
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"

need=()
command -v iperf3 >/dev/null || need+=(iperf3)
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || need+=(haproxy)
command -v socat >/dev/null || need+=(socat)
command -v jq >/dev/null || need+=(jq)
command -v strace >/dev/null || need+=(strace)
command -v systemd-socket-activate >/dev/null || need+=(systemd)
if [ "${#need[@]}" -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
proxyd=/lib/systemd/systemd-socket-proxyd
haproxy=$(command -v haproxy || echo /usr/sbin/haproxy)

# The connection-rate test leaves tens of thousands of proxy-to-backend connections in TIME_WAIT;
# without reuse, loopback runs out of ephemeral ports and the later tests fail.
sysctl -qw net.ipv4.tcp_tw_reuse=1 2>/dev/null || echo "note: cannot set net.ipv4.tcp_tw_reuse; later tests may run out of ports" >&2

# Every idle connection costs the proxy two descriptors (client and backend side).
ulimit -n "$(ulimit -Hn)"
limit=$(ulimit -n)
max_idle=$(( (limit - 256) / 2 ))
idle_note=""
if [ "$IDLE" -gt "$max_idle" ]; then
  idle_note="The file-descriptor limit here is $limit (hard limit), so the idle test holds $max_idle connections, not $IDLE."
  IDLE=$max_idle
fi

(cd "$root" && mvn -q -B -DskipTests package -pl benchmarks,modules/daemon -am) >&2
jar="$root/benchmarks/target/benchmarks.jar"

work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

declare -A taken
free_port() {   # sets $port: a port nobody listens on and that this script has not handed out yet
  while :; do
    port=$(( RANDOM % 20000 + 10000 ))   # below the ephemeral range: no outgoing connection holds it
    [ -z "${taken[$port]:-}" ] || continue
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    taken[$port]=1
    return
  done
}
wait_port() {
  for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return; sleep 0.05; done
  echo "nothing listens on $1; the processes said:" >&2; cat "$work/processes.log" >&2; exit 1
}
start() { "$@" >>"$work/processes.log" 2>&1 & pids+=($!); }

declare -A echo_back echo_front iperf_front proxy_pid iperf_pid
peers=(direct sleepingd sleepingd-nio systemd-socket-proxyd haproxy socat)
# One echo port per peer (EchoServer says why), all served by the same process.
for peer in "${peers[@]}"; do free_port; echo_back[$peer]=$port; done
free_port; iperf_port=$port
start "$java" -cp "$jar" io.sleepingd.benchmarks.EchoServer "${echo_back[@]}"
start iperf3 --server --bind 127.0.0.1 --port "$iperf_port"
for peer in "${peers[@]}"; do wait_port "${echo_back[$peer]}"; done; wait_port "$iperf_port"
echo_front[direct]=${echo_back[direct]}; iperf_front[direct]=$iperf_port

# sleepingd: the two services, plus COLD_SAMPLES asleep ones for the cold-start figure
for peer in sleepingd sleepingd-nio systemd-socket-proxyd haproxy socat; do
  free_port; echo_front[$peer]=$port; free_port; iperf_front[$peer]=$port
done
config="$work/sleepingd.conf"
mkdir "$work/plugins"
cp "$root"/examples/plugin/target/sleepingd-fixed-address-plugin-*.jar "$work/plugins/"
{
  echo "VARRUN_PATH=$work/run"
  echo "PLUGIN_DIR=$work/plugins"
  echo "BIND=127.0.0.1"
  echo "[echo]"; echo "PORT=${echo_front[sleepingd]}"; echo "START_CMD=\"echo 127.0.0.1 ${echo_back[sleepingd]}\""
  echo "[iperf]"; echo "PORT=${iperf_front[sleepingd]}"; echo "START_CMD=\"echo 127.0.0.1 $iperf_port\""
} >"$config"
# ... and as many whose provider starts no process (the example plugin's fixed-address): the daemon's own part
cold_ports=(); plugin_ports=()
for i in $(seq 1 "$COLD_SAMPLES"); do
  free_port; cold_ports+=("$port")
  printf '[cold %s]\nPORT=%s\nSTART_CMD="echo 127.0.0.1 %s"\n' "$i" "$port" "${echo_back[sleepingd]}" >>"$config"
  free_port; plugin_ports+=("$port")
  printf '[cold plugin %s]\nPORT=%s\nPROVIDER=fixed-address\nFIXED_ADDRESS="127.0.0.1 %s"\n' "$i" "$port" \
    "${echo_back[sleepingd]}" >>"$config"
done
start "$root/sleepingd" run -f "$config"   # with the launcher's JVM options
proxy_pid[sleepingd]=${pids[-1]}; iperf_pid[sleepingd]=${pids[-1]}
# The same daemon on the portable transport, with the two services only.
{
  echo "VARRUN_PATH=$work/run-nio"
  echo "BIND=127.0.0.1"
  echo "[echo]"; echo "PORT=${echo_front[sleepingd-nio]}"; echo "START_CMD=\"echo 127.0.0.1 ${echo_back[sleepingd-nio]}\""
  echo "[iperf]"; echo "PORT=${iperf_front[sleepingd-nio]}"; echo "START_CMD=\"echo 127.0.0.1 $iperf_port\""
} >"$work/sleepingd-nio.conf"
defaults=$(sed -n 's/^default_opts="\(.*\)"$/\1/p' "$root/sleepingd")
SLEEPINGD_JAVA_OPTS="$defaults -Dsleepingd.relay.transport=nio" start "$root/sleepingd" run -f "$work/sleepingd-nio.conf"
proxy_pid[sleepingd-nio]=${pids[-1]}; iperf_pid[sleepingd-nio]=${pids[-1]}

start systemd-socket-activate --listen "127.0.0.1:${echo_front[systemd-socket-proxyd]}" \
  "$proxyd" --connections-max=30000 "127.0.0.1:${echo_back[systemd-socket-proxyd]}"
proxy_pid[systemd-socket-proxyd]=${pids[-1]}
start systemd-socket-activate --listen "127.0.0.1:${iperf_front[systemd-socket-proxyd]}" \
  "$proxyd" --connections-max=30000 "127.0.0.1:$iperf_port"
iperf_pid[systemd-socket-proxyd]=${pids[-1]}

cat >"$work/haproxy.cfg" <<CFG
global
  maxconn $(( (limit - 100) / 2 ))
  nbthread $(nproc)
defaults
  mode tcp
  timeout connect 5s
  timeout client 1h
  timeout server 1h
listen echo
  bind 127.0.0.1:${echo_front[haproxy]}
  server backend 127.0.0.1:${echo_back[haproxy]}
listen iperf
  bind 127.0.0.1:${iperf_front[haproxy]}
  server backend 127.0.0.1:$iperf_port
CFG
start "$haproxy" -f "$work/haproxy.cfg" -db
proxy_pid[haproxy]=${pids[-1]}; iperf_pid[haproxy]=${pids[-1]}

start socat "TCP-LISTEN:${echo_front[socat]},bind=127.0.0.1,fork,reuseaddr,backlog=4096" "TCP:127.0.0.1:${echo_back[socat]}"
proxy_pid[socat]=${pids[-1]}
start socat "TCP-LISTEN:${iperf_front[socat]},bind=127.0.0.1,fork,reuseaddr,backlog=4096" "TCP:127.0.0.1:$iperf_port"
iperf_pid[socat]=${pids[-1]}

for peer in "${peers[@]}"; do wait_port "${echo_front[$peer]}"; wait_port "${iperf_front[$peer]}"; done
client() { "$java" -cp "$jar" io.sleepingd.benchmarks.LoadClient "$@"; }
# Wake the two sleepingd services (the figures are for an awake service) and warm every path up.
client firstbyte "${echo_front[sleepingd]}" >/dev/null
client firstbyte "${echo_front[sleepingd-nio]}" >/dev/null
for peer in "${peers[@]}"; do
  iperf3 --client 127.0.0.1 --port "${iperf_front[$peer]}" --time 1 >/dev/null
  client pingpong "${echo_front[$peer]}" 2 >/dev/null   # the JVMs' JIT compilers warm up here,
  client connect "${echo_front[$peer]}" 2 >/dev/null    # not in the first round's figures
done

# RSS of a process and all its descendants, in KiB, from one ps (socat has a process per connection)
rss() {
  ps -e -o pid=,ppid=,rss= | awk -v root="$1" '
    { parent[$1] = $2; size[$1] = $3 }
    END {
      for (pid in size) {
        for (p = pid; p != "" && p != 0 && p != 1; p = parent[p]) if (p == root) { total += size[pid]; break }
      }
      print total + 0
    }'
}

# CPU time (clock ticks) of a process, the children it reaped, and its live descendants
cpu_ticks() {
  ps -e -o pid=,ppid= | awk -v root="$1" '
    { parent[$1] = $2 }
    END { for (pid in parent) for (p = pid; p != "" && p != 0 && p != 1; p = parent[p]) if (p == root) { print pid; break } }' |
    while read -r pid; do
      awk -v root="$1" -v pid="$pid" '{ print $14 + $15 + (pid == root ? $16 + $17 : 0) }' "/proc/$pid/stat" 2>/dev/null || true
    done | awk '{ total += $1 } END { print total + 0 }'
}
ticks=$(getconf CLK_TCK)

results="$work/results.tsv"
for round in $(seq 1 "$ROUNDS"); do
  for peer in "${peers[@]}"; do
    echo "round $round: $peer" >&2
    [ "$peer" = direct ] || before=$(cpu_ticks "${iperf_pid[$peer]}")
    read -r gbytes gbits < <(iperf3 --client 127.0.0.1 --port "${iperf_front[$peer]}" --time "$SECONDS_PER" --format g \
      | awk '/receiver/ {print $(NF-4), $(NF-2)}')
    if [ "$peer" != direct ]; then
      sleep 0.3   # socat's child for the transfer is reaped, its time counted in socat's
      after=$(cpu_ticks "${iperf_pid[$peer]}")
      printf '%s\t%s\tcpu_ms_per_gb\t%s\n' "$round" "$peer" \
        "$(awk -v a="$after" -v b="$before" -v t="$ticks" -v g="$gbytes" 'BEGIN {printf "%.0f", (a - b) * 1000 / t / g}')" >>"$results"
    fi
    read -r p50 p99 _ < <(client pingpong "${echo_front[$peer]}" "$SECONDS_PER")
    rate=$(client connect "${echo_front[$peer]}" "$SECONDS_PER")
    rate4=$(client connect "${echo_front[$peer]}" "$SECONDS_PER" "$CLIENTS")   # parallel users on one port
    printf '%s\t%s\tthroughput_gbit\t%s\n%s\t%s\tp50_us\t%s\n%s\t%s\tp99_us\t%s\n%s\t%s\tconnections_per_s\t%s\n%s\t%s\tconnections_per_s_parallel\t%s\n' \
      "$round" "$peer" "$gbits" "$round" "$peer" "$p50" "$round" "$peer" "$p99" "$round" "$peer" "$rate" \
      "$round" "$peer" "$rate4" >>"$results"
  done
done

# System calls per connection, once per proxy (a count, not a timing): strace -f -c on the proxy and
# its descendants while one client makes SYSCALL_CONNECTIONS connections, each a request and answer.
for peer in sleepingd sleepingd-nio systemd-socket-proxyd haproxy socat; do
  strace -f -c -o "$work/strace-$peer.txt" -p "${proxy_pid[$peer]}" 2>/dev/null &
  tracer=$!
  sleep 2
  client count "${echo_front[$peer]}" "$SYSCALL_CONNECTIONS" >/dev/null
  sleep 0.5
  kill -INT "$tracer"; wait "$tracer" 2>/dev/null || true
  awk -v n="$SYSCALL_CONNECTIONS" -v peer="$peer" '/^-/ {next} $NF == "total" {printf "1\t%s\tsyscalls_per_connection\t%.1f\n", peer, $4 / n}' \
    "$work/strace-$peer.txt" >>"$results"
done

# Memory with idle connections held open, once per proxy (a proxy's memory does not vary by round).
for peer in sleepingd sleepingd-nio systemd-socket-proxyd haproxy socat; do
  count=$IDLE; [ "$peer" = socat ] && count=$(( SOCAT_IDLE < IDLE ? SOCAT_IDLE : IDLE ))
  before=$(rss "${proxy_pid[$peer]}")
  client idle "${echo_front[$peer]}" "$count" 20 >"$work/idle.out" 2>&1 &
  holder=$!
  for _ in $(seq 1 600); do [ -s "$work/idle.out" ] && break; sleep 0.1; done
  sleep 2
  held=$(grep -E "^[0-9]+$" "$work/idle.out" | tail -1 || true); after=$(rss "${proxy_pid[$peer]}")
  kill "$holder" 2>/dev/null || true; wait "$holder" 2>/dev/null || true
  [[ "$held" =~ ^[0-9]+$ ]] || held=0
  printf '1\t%s\tidle_connections\t%s\n1\t%s\trss_base_mib\t%s\n' "$peer" "$held" "$peer" "$(( before / 1024 ))" >>"$results"
  if [ "$held" -gt 0 ]; then
    printf '1\t%s\trss_per_idle_kib\t%s\n' "$peer" \
      "$(awk -v a="$after" -v b="$before" -v n="$held" 'BEGIN {printf "%.1f", (a - b) / n}')" >>"$results"
  else
    echo "$peer held no idle connection: $(tail -2 "$work/idle.out" | tr '\n' ' ')" >&2
  fi
  sleep 3
done

# Cold start: first byte from an asleep service whose backend starts at once, minus the same once awake;
# with a shell START_CMD (a process per wake), and with a provider that needs no process.
cold_start() {   # cold_start METRIC PORT...
  local metric=$1 port cold warm; shift
  for port in "$@"; do
    cold=$(client firstbyte "$port") && warm=$(client firstbyte "$port") || { echo "cold start on $port failed" >&2; continue; }
    printf '1\tsleepingd\t%s\t%s\n' "$metric" "$(awk -v c="$cold" -v w="$warm" 'BEGIN {printf "%.2f", (c - w) / 1000}')" >>"$results"
  done
}
cold_start cold_start_overhead_ms "${cold_ports[@]}"
cold_start wake_without_process_ms "${plugin_ports[@]}"
# ... and those wakes by the daemon's own clock (status: from the wake's start to the backend accepting)
"$root/sleepingd" status --json -f "$config" | jq -r '.services[] | select(.name | startswith("cold plugin"))
  | .lastWake.durationSeconds // empty' | while read -r took; do
  printf '1\tsleepingd\twake_own_clock_ms\t%s\n' "$(awk -v t="$took" 'BEGIN {printf "%.3f", t * 1000}')" >>"$results"
done

table="$work/table.md"
"$root/benchmarks/report.sh" "$results" "$idle_note" | tee "$table"
cp "$results" "$root/benchmarks/last-results.tsv"
# Replace the results section of docs/benchmarks.md with this run's table.
awk -v table="$table" '
  /<!-- results:begin -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
  /<!-- results:end -->/ { skip = 0 }
  !skip' "$root/docs/benchmarks.md" >"$work/benchmarks.md"
cp "$work/benchmarks.md" "$root/docs/benchmarks.md"
