#!/usr/bin/env bash
# The README's demo. Needs a JDK 25 and Maven (to build sleepingd once), nothing else: the backend
# is a Java program run from source and the client is bash's /dev/tcp.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
sleepingd=../../sleepingd

for jdk in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
  if [ -n "$jdk" ] && [ -x "$jdk/bin/java" ]; then export JAVA_HOME="$jdk"; break; fi
done
export DEMO_JAVA="$JAVA_HOME/bin/java"

# A private run directory (mode 0700, random name) so the demo never meets an installed sleepingd.
private=$(mktemp -d)
echo "VARRUN_PATH=$private/run" > "$private/run.conf"
config=(-f "$private/run.conf" -f demo.conf)
cleanup() { "$sleepingd" "${config[@]}" stop >/dev/null || true; rm -rf "$private"; }
trap cleanup EXIT

request() {
  exec 3<>/dev/tcp/127.0.0.1/10080
  printf 'GET / HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  sed -n '$p' <&3   # the body's one line
  exec 3<&-
}

echo '$ sleepingd start'
"$sleepingd" "${config[@]}" start
echo '$ sleepingd status'
"$sleepingd" "${config[@]}" status
echo '$ curl localhost:10080        # the backend is asleep: sleepingd wakes it and holds the connection'
request
echo '$ curl localhost:10080        # now awake: straight through'
request
"$sleepingd" "${config[@]}" status
echo '... 14 s without connections: sleepingd runs STOP_CMD'
sleep 14
"$sleepingd" "${config[@]}" status
echo '$ sleepingd stop'
"$sleepingd" "${config[@]}" stop
echo "The daemon's log:"
cat "$private/run/sleepingd.log"
