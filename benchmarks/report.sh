#!/usr/bin/env bash
# Turns compare.sh's results (round, peer, metric, value) into the markdown table of
# docs/benchmarks.md: the median of the rounds, and each figure's ratio to the best peer in the run.
#   report.sh RESULTS.tsv [NOTE]
set -euo pipefail
results=$1
note=${2:-}
cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores (${cpu:-unknown CPU}), $(free -g | awk '/^Mem:/ {print $2}') GiB, Linux $(uname -r), $("${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" -version 2>&1 | head -1)."
echo "Medians of $(awk -F'\t' '{print $1}' "$results" | sort -u | wc -l) interleaved rounds; in brackets, the ratio to the best peer of this run (1.00 is the best)."
[ -n "$note" ] && echo "$note"
echo
awk -F'\t' '
  { values[$2 SUBSEP $3] = values[$2 SUBSEP $3] " " $4; peers[$2] = 1; metrics[$3] = 1 }
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    n_metrics = split("throughput_gbit cpu_ms_per_gb p50_us p99_us connections_per_s connections_per_s_parallel syscalls_per_connection rss_base_mib rss_per_idle_kib idle_connections cold_start_overhead_ms wake_without_process_ms wake_own_clock_ms", order, " ")
    split("Throughput (Gbit/s)|Proxy CPU per GB relayed (ms)|Round trip p50 (µs)|Round trip p99 (µs)|New connections/s|New connections/s, parallel clients|System calls per connection|RSS base (MiB)|RSS per idle connection (KiB)|Idle connections held|Cold-start overhead (ms)|Wake without a process (ms)|The same, as the daemon timed it (ms)", title, "|")
    split("high low low low high high low low low none low low low", better, " ")
    n_peers = split("direct sleepingd sleepingd-nio systemd-socket-proxyd haproxy socat", peer_order, " ")
    label["sleepingd"] = "sleepingd (splice)"; label["sleepingd-nio"] = "sleepingd (nio)"
    header = "| Peer |"; line = "|---|"
    for (m = 1; m <= n_metrics; m++) if (order[m] in metrics) { header = header " " title[m] " |"; line = line "---|" }
    print header; print line
    for (m = 1; m <= n_metrics; m++) {
      best[m] = ""
      for (p in peers) if ((p SUBSEP order[m]) in values) {
        v = median(values[p SUBSEP order[m]])
        if (better[m] == "none") continue
        if (order[m] != "rss_base_mib" && order[m] != "rss_per_idle_kib" || v > 0)
          if (best[m] == "" || (better[m] == "high" ? v > best[m] : v < best[m])) best[m] = v
      }
    }
    for (i = 1; i <= n_peers; i++) {
      p = peer_order[i]; if (!(p in peers)) continue
      row = "| " (p in label ? label[p] : p) " |"
      for (m = 1; m <= n_metrics; m++) if (order[m] in metrics) {
        if ((p SUBSEP order[m]) in values) {
          v = median(values[p SUBSEP order[m]])
          ratio = (better[m] == "none" || best[m] == "" || best[m] == 0 || v == 0) ? "" : sprintf(" (%.2f)", v / best[m])
          row = row " " v ratio " |"
        } else row = row " - |"
      }
      print row
    }
  }' "$results"
