#!/usr/bin/env bash
# Builds the runtime image from the module jars Maven collected:
#   jlink/build-image.sh MODULES_DIR IMAGE_DIR
# 1. gives ini4j a module descriptor (jlink refuses automatic modules);
# 2. links our modules, the shipped plugins and the JDK modules they require, nothing else;
# 3. puts our launcher in bin/ and an empty plugins/ directory next to it;
# 4. makes an AOT cache from a training run that starts the daemon, relays one connection and stops it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
modules=$(realpath "$1")
image=$(realpath -m "$2")
jdk=${JAVA_HOME:?set JAVA_HOME to a JDK 25}
work="$image.build"
rm -rf "$image" "$work"
mkdir -p "$work/modules" "$work/ini4j"

cp "$modules"/*.jar "$work/modules/"
ini4j=$(ls "$work"/modules/ini4j-*.jar)
"$jdk/bin/javac" -d "$work/ini4j" --patch-module "ini4j=$ini4j" "$here/ini4j/module-info.java"
"$jdk/bin/jar" --update --file "$ini4j" -C "$work/ini4j" module-info.class

# java.naming: logback's XML configurator loads its JNDI rule classes even when unused, and
# logback-classic requires the module only statically, so jlink would leave it out.
"$jdk/bin/jlink" --module-path "$work/modules" \
  --add-modules io.sleepingd.daemon,io.sleepingd.shell,io.sleepingd.sshwho,io.sleepingd.docker,java.naming \
  --strip-debug --no-header-files --no-man-pages --compress zip-9 \
  --output "$image"

# jlink puts java.base's keytool next to java; the daemon has no use for it.
rm -f "$image/bin/keytool"

# The JDK's native libraries keep their symbol tables (jlink's --strip-native-debug-symbols does not
# touch them when it links from the run-time image): 5 MB of libjvm.so alone.
find "$image/lib" -name '*.so' -exec strip --strip-unneeded {} +

default_opts=$(sed -n 's/^default_opts="\(.*\)"$/\1/p' "$root/sleepingd")
sed "s|@DEFAULT_OPTS@|$default_opts|" "$here/bin/sleepingd" >"$image/bin/sleepingd"
chmod 755 "$image/bin/sleepingd"
mkdir -p "$image/plugins"

# The training run: what happens between launch and the first relayed connection, including a wake
# (the backend is netcat, as in the README's 4.1 example; without it the training only starts and stops).
port=$(( RANDOM % 10000 + 20000 ))
backend=$(( port + 1 ))
mkdir -m 700 "$work/run"
cat >"$work/training.conf" <<CONF
VARRUN_PATH=$work/run
BIND=127.0.0.1
[training]
PORT=$port
START_CMD="( echo hello | nc -l -p $backend -w 1 >/dev/null 2>&1 & ) ; sleep 0.2 ; echo 127.0.0.1 $backend"
CONF
# shellcheck disable=SC2086
"$image/bin/java" $default_opts -XX:AOTCacheOutput="$image/lib/sleepingd.aot" \
  -m io.sleepingd.daemon/io.sleepingd.daemon.Main run -f "$work/training.conf" >"$work/training.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
if command -v nc >/dev/null; then
  (exec 3<>"/dev/tcp/127.0.0.1/$port"; timeout 10 head -c 5 <&3 >/dev/null) || true
fi
"$image/bin/sleepingd" stop -f "$work/training.conf" >/dev/null
wait "$daemon_pid" || { echo "the training run failed:" >&2; cat "$work/training.log" >&2; exit 1; }
[ -f "$image/lib/sleepingd.aot" ] || { echo "no AOT cache was written:" >&2; cat "$work/training.log" >&2; exit 1; }
rm -rf "$work"
