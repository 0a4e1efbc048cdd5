#!/usr/bin/env bash
# Builds target/uplink_<version>_all.deb with dpkg-deb (docs/decisions/0006-debian-package.md).
# Called by this module's pom.xml in the package phase:
#   build-deb.sh MAVEN-VERSION UPLINK-JAR CLASSES-DIR TARGET-DIR JAVA
# The Debian version is the Maven version with '-' as '~' (0.1.0-SNAPSHOT -> 0.1.0~SNAPSHOT, which
# sorts before the 0.1.0 release). File times come from the commit (SOURCE_DATE_EPOCH if set), so
# the same commit gives the same package contents.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
maven_version="$1" jar="$2" classes="$3" target="$4" java="$5"
deb_version="${maven_version//-/\~}"

commit="$(git -C "$here" rev-parse --short=7 HEAD 2>/dev/null || echo unknown)"
epoch="${SOURCE_DATE_EPOCH:-$(git -C "$here" log -1 --format=%ct 2>/dev/null || date +%s)}"
day="$(date -u -d "@$epoch" +%F)"

root="$target/deb-root"
generated="$target/generated"
rm -rf "$root" "$generated"
rm -f "$target"/uplink_*_all.deb
umask 022
mkdir -p "$root/DEBIAN"

install -D -m 0755 "$here/debian/uplink" "$root/usr/bin/uplink"
install -D -m 0644 "$jar" "$root/usr/lib/uplink/uplink.jar"

# Man pages and completion from the command tree (dev.uplink.packaging.PackageDocs).
"$java" -cp "$jar:$classes" dev.uplink.packaging.PackageDocs "$generated" "$maven_version" "$day"
install -d -m 0755 "$root/usr/share/man/man1"
for page in "$generated"/man1/*.1; do
  gzip -9n <"$page" >"$root/usr/share/man/man1/$(basename "$page").gz"
done
install -D -m 0644 "$generated/completion/uplink.bash" "$root/usr/share/bash-completion/completions/uplink"
install -D -m 0644 "$generated/completion/_uplink" "$root/usr/share/zsh/vendor-completions/_uplink"

install -D -m 0644 "$here/uplink-sensor.service" "$root/lib/systemd/system/uplink-sensor.service"
install -D -m 0644 "$here/uplink-collector.service" "$root/lib/systemd/system/uplink-collector.service"
install -D -m 0644 "$here/debian/sysusers.conf" "$root/usr/lib/sysusers.d/uplink.conf"
# /etc/uplink: root-owned and not group- or world-writable, as uplink demands of its configuration
# directory (docs/behaviour.md#configuration-files); readable by all, as policy.json and winhttp.json are.
install -d -m 0755 "$root/etc/uplink"
install -m 0644 "$here/debian/collector.env" "$root/etc/uplink/collector.env"

install -D -m 0644 "$here/debian/copyright" "$root/usr/share/doc/uplink/copyright"
sed -e "s/@VERSION@/$deb_version/" -e "s/@MAVEN_VERSION@/$maven_version/" -e "s/@COMMIT@/$commit/" \
    -e "s/@DATE_RFC2822@/$(LC_ALL=C date -u -R -d "@$epoch")/" "$here/debian/changelog" \
  | gzip -9n >"$root/usr/share/doc/uplink/changelog.gz"
install -D -m 0644 "$here/debian/lintian-overrides" "$root/usr/share/lintian/overrides/uplink"

install -m 0644 "$here/debian/conffiles" "$root/DEBIAN/conffiles"
for script in postinst prerm postrm; do
  install -m 0755 "$here/debian/$script" "$root/DEBIAN/$script"
done
installed_size="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
sed -e "s/@VERSION@/$deb_version/" -e "s/@INSTALLED_SIZE@/$installed_size/" "$here/debian/control" >"$root/DEBIAN/control"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

find "$root" -exec touch --no-dereference --date="@$epoch" {} +
deb="$target/uplink_${deb_version}_all.deb"
# gzip, not xz: the jar (nearly all of the package) is compressed already; xz took 97 s for 0.5%.
SOURCE_DATE_EPOCH="$epoch" dpkg-deb --root-owner-group -Zgzip --build "$root" "$deb" >/dev/null
echo "build-deb.sh: $deb"
