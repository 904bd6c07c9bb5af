#!/usr/bin/env bash
# Builds the runtime image from the module jars Maven collected:
#   jlink/build-image.sh MODULES_DIR IMAGE_DIR
# 1. gives ini4j a module descriptor (jlink refuses automatic modules);
# 2. links our modules, the shipped plugins and the JDK modules they require, nothing else;
# 3. puts our launcher in bin/, the AOT cache's maker in lib/ and an empty plugins/ directory.
# The image holds no AOT cache: it would take the image over 50 MB. Where it is made: docs/packaging.md.
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
  --add-modules io.sleepingd.daemon,io.sleepingd.shell,io.sleepingd.sshwho,io.sleepingd.docker,io.sleepingd.wol,io.sleepingd.systemd,io.sleepingd.libvirt,io.sleepingd.kubernetes,java.naming \
  --strip-debug --no-header-files --no-man-pages --compress zip-9 \
  --output "$image"

# jlink puts java.base's keytool next to java; the daemon has no use for it.
rm -f "$image/bin/keytool"

# The JDK's native libraries keep their symbol tables (jlink's --strip-native-debug-symbols does not
# touch them when it links from the run-time image): 5 MB of libjvm.so alone.
find "$image/lib" -name '*.so' -exec strip --strip-unneeded {} +

default_opts=$(sed -n 's/^default_opts="\(.*\)"$/\1/p' "$root/sleepingd")
sed "s|@DEFAULT_OPTS@|$default_opts|" "$here/bin/sleepingd" >"$image/bin/sleepingd"
sed "s|@DEFAULT_OPTS@|$default_opts|" "$here/bin/make-aot-cache" >"$image/lib/make-aot-cache"
chmod 755 "$image/bin/sleepingd" "$image/lib/make-aot-cache"
mkdir -p "$image/plugins"
rm -rf "$work"
