#!/usr/bin/env bash
# Time from launching the image's bin/sleepingd to its "running" line (printed once every port is
# bound and listening), median of RUNS launches, with and without the AOT cache (made first by the
# image's lib/make-aot-cache, as the package's installation makes it):
#   jlink/startup-time.sh [IMAGE] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
image=${1:-$here/target/image}
runs=${2:-11}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -m 700 "$work/run"
printf 'VARRUN_PATH=%s\nBIND=127.0.0.1\n[startup]\nPORT=%s\nSTART_CMD="echo 127.0.0.1 1"\n' \
  "$work/run" "$(( RANDOM % 10000 + 20000 ))" >"$work/startup.conf"
options=$(sed -n 's/^options="\(.*\)"$/\1/p' "$image/bin/sleepingd")
"$image/lib/make-aot-cache" "$work/sleepingd.aot"
echo "AOT cache: $(du -k "$work/sleepingd.aot" | cut -f1) KiB"

once() {   # prints milliseconds from launch to "running"
  local start line elapsed=""
  start=$(date +%s%N)
  coproc daemon { exec env -i PATH=/usr/bin:/bin SLEEPINGD_JAVA_OPTS="$1" "$image/bin/sleepingd" run -f "$work/startup.conf" 2>&1; }
  while IFS= read -r line <&"${daemon[0]}"; do
    if [[ $line == *running* ]]; then elapsed=$(( ($(date +%s%N) - start) / 1000000 )); break; fi
  done
  kill "$daemon_PID" 2>/dev/null || true
  wait "$daemon_PID" 2>/dev/null || true
  echo "${elapsed:-failed}"
}
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

for variant in with without; do
  opts=$options
  [ "$variant" = with ] && opts="$options -XX:AOTCache=$work/sleepingd.aot"
  samples=()
  for _ in $(seq 1 "$runs"); do samples+=("$(once "$opts")"); done
  echo "$variant AOT cache: median $(printf '%s\n' "${samples[@]}" | median) ms (runs: ${samples[*]})"
done
