#!/usr/bin/env bash
# Builds the Debian package from the runtime image:
#   jlink/build-deb.sh IMAGE_DIR VERSION OUTPUT_DIR    ->  OUTPUT_DIR/sleepingd_VERSION_amd64.deb
# dpkg-deb rather than jpackage: jpackage --type deb cannot mark a conffile, install a systemd unit
# or put the launcher on /usr/bin, and needs fakeroot and dpkg-dev besides.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
image=$(realpath "$1")
version=$(echo "$2" | sed 's/-/~/')   # 0.1.0-SNAPSHOT sorts before 0.1.0: 0.1.0~SNAPSHOT
out=$(realpath -m "$3")
stage="$out/deb-root"
rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage/usr/lib" "$stage/usr/bin" "$stage/etc/sleepingd" \
  "$stage/usr/share/sleepingd" "$stage/usr/share/doc/sleepingd" "$stage/lib/systemd/system" \
  "$stage/var/cache/sleepingd"

cp -a "$image" "$stage/usr/lib/sleepingd"
# The AOT cache is made on the target by postinst (20 MB the package does not carry); until then, or
# if it is deleted, the link dangles and the launcher starts without it.
rm -f "$stage/usr/lib/sleepingd/lib/sleepingd.aot"
ln -s /var/cache/sleepingd/sleepingd.aot "$stage/usr/lib/sleepingd/lib/sleepingd.aot"
ln -s ../lib/sleepingd/bin/sleepingd "$stage/usr/bin/sleepingd"
install -m 644 "$here/debian/sleepingd.conf" "$stage/etc/sleepingd/sleepingd.conf"
install -m 644 "$here/debian/sleepingd.service" "$here/debian/sleepingd.socket" "$stage/lib/systemd/system/"
install -D -m 644 "$here/debian/run-as-users.conf" "$stage/usr/share/sleepingd/systemd/run-as-users.conf"
# Only what git tracks: a demo's log, a build's target/ or an editor's files must not ship. Outside a
# git checkout (a source tarball) the folder is taken whole, less build output.
copy_tracked() {   # copy_tracked FOLDER DEST
  mkdir -p "$2"
  if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    (cd "$root/$1" && git ls-files -z . | tar --null -T - -cf -) | tar -xf - -C "$2"
  else
    cp -a "$root/$1/." "$2"
    find "$2" \( -name target -o -name '*.iml' \) -prune -exec rm -rf {} +
  fi
}
copy_tracked examples "$stage/usr/share/sleepingd/examples"
install -m 644 "$root/README.md" "$stage/usr/share/doc/sleepingd/README.md"
copy_tracked docs "$stage/usr/share/doc/sleepingd/docs"
install -m 644 "$here/debian/copyright" "$stage/usr/share/doc/sleepingd/copyright"

installed_size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$installed_size/" "$here/debian/control" >"$stage/DEBIAN/control"
install -m 644 "$here/debian/conffiles" "$stage/DEBIAN/conffiles"
for script in postinst prerm postrm; do install -m 755 "$here/debian/$script" "$stage/DEBIAN/$script"; done

# Everything owned by root, nothing group- or world-writable, whoever builds it.
chmod -R go-w "$stage"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$out/sleepingd_${version}_amd64.deb" >/dev/null
rm -rf "$stage"
