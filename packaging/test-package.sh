#!/usr/bin/env bash
# Tests the Debian package that `mvn verify` built (packaging/target/uplink_<version>_all.deb):
# its contents, the units' sandbox scores, lintian, then install, use, remove and purge on this
# machine (as root; ./run-tests calls it after Maven). docs/decisions/0006-debian-package.md
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
checks=0 failures=0
pass() { checks=$((checks + 1)); echo "  ok: $*"; }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "  FAILED: $*" >&2; }
check() { local what="$1"; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
quiet() { "$@" >/dev/null 2>&1; }

shopt -s nullglob
debs=(packaging/target/uplink_*_all.deb)
if (( ${#debs[@]} != 1 )); then
  echo "test-package.sh: expected one packaging/target/uplink_*_all.deb, found ${#debs[@]} (run mvn verify first)" >&2
  exit 1
fi
deb="$(readlink -f "${debs[0]}")"
# The project version: the parent POM's own <version> (the first one after its artifactId).
maven_version="$(sed -n '/<artifactId>uplink-parent<\/artifactId>/{n;s:.*<version>\(.*\)</version>.*:\1:p;q}' pom.xml)"
deb_version="$(dpkg-deb -f "$deb" Version)"
echo "test-package.sh: $deb (Maven version $maven_version)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "contents: (at ${SECONDS}s)"
check "Debian version $deb_version is the Maven version $maven_version ('-' as '~')" \
  test "$deb_version" = "${maven_version//-/\~}"
check "file name uplink_${deb_version}_all.deb" test "$(basename "$deb")" = "uplink_${deb_version}_all.deb"
dpkg-deb -c "$deb" | awk '{print $1, $2, $6}' >"$tmp/contents"
expect_entry() { # MODE OWNER PATH
  check "$3 ($1 $2)" grep -qxF -- "$1 $2 ./$3" "$tmp/contents"
}
expect_entry -rwxr-xr-x root/root usr/bin/uplink
expect_entry -rw-r--r-- root/root usr/lib/uplink/uplink.jar
for page in uplink uplink-analyze uplink-collector uplink-connectivity uplink-demo uplink-policy uplink-proxyauth uplink-resolve uplink-sensor uplink-system \
            uplink-urls uplink-winhttp uplink-wpad; do
  expect_entry -rw-r--r-- root/root "usr/share/man/man1/$page.1.gz"
done
expect_entry -rw-r--r-- root/root usr/share/bash-completion/completions/uplink
expect_entry -rw-r--r-- root/root usr/share/zsh/vendor-completions/_uplink
expect_entry drwxr-xr-x root/root etc/uplink/
expect_entry -rw-r--r-- root/root etc/uplink/collector.env
expect_entry -rw-r--r-- root/root lib/systemd/system/uplink-sensor.service
expect_entry -rw-r--r-- root/root lib/systemd/system/uplink-collector.service
expect_entry -rw-r--r-- root/root usr/lib/sysusers.d/uplink.conf
expect_entry -rw-r--r-- root/root usr/share/doc/uplink/copyright
expect_entry -rw-r--r-- root/root usr/share/doc/uplink/changelog.gz
check "conffiles: /etc/uplink/collector.env" test "$(dpkg-deb -I "$deb" conffiles)" = "/etc/uplink/collector.env"
check "Depends on a Java 17 runtime" \
  grep -q 'default-jre-headless (>= 2:1.17) | java17-runtime-headless' <(dpkg-deb -f "$deb" Depends)
dpkg-deb -x "$deb" "$tmp/root"
# The package's launcher and ./uplink give the JVM the same flags.
jvm_flags() { grep -o -- '-X[A-Za-z0-9:+=_-]*' "$1"; }
check "usr/bin/uplink passes the JVM flags of ./uplink" diff <(jvm_flags uplink) <(jvm_flags "$tmp/root/usr/bin/uplink")
check "sysusers.d creates the users uplink and uplink-collector" \
  test "$(awk '$1 == "u" {print $2}' "$tmp/root/usr/lib/sysusers.d/uplink.conf" | xargs)" = "uplink uplink-collector"

echo "systemd-analyze security --offline=true (at most 3.0): (at ${SECONDS}s)"
for unit in uplink-sensor uplink-collector; do
  line="$(systemd-analyze security --offline=true --no-pager "$tmp/root/lib/systemd/system/$unit.service" 2>&1 \
          | grep -a 'Overall exposure level' || true)"
  score="$(sed -n 's/.*: \([0-9.]*\) .*/\1/p' <<<"$line")"
  echo "  $unit.service: ${line#→ }"
  check "$unit.service scores ${score:-?} <= 3.0" awk -v s="${score:-99}" 'BEGIN { exit !(s <= 3.0) }'
done

echo "lintian: (at ${SECONDS}s)"
if lintian --fail-on error,warning "$deb" >"$tmp/lintian" 2>&1; then
  pass "lintian: no errors or warnings"
else
  fail "lintian:"; cat "$tmp/lintian" >&2
fi
grep -v '^running with root' "$tmp/lintian" | sed 's/^/  /' || true

echo "install: (at ${SECONDS}s)"
if dpkg-query -W -f='${Status}' uplink 2>/dev/null | grep -q "install ok installed"; then
  $sudo apt-get purge -y -qq uplink >/dev/null
fi
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$deb" >"$tmp/apt" 2>&1 \
  || { cat "$tmp/apt" >&2; echo "test-package.sh: apt-get install failed" >&2; exit 1; }
pass "apt-get install ./$(basename "$deb")"
version_line="$(uplink --version)"
check "uplink --version prints $maven_version: $version_line" grep -qE "^uplink $maven_version \(commit ([0-9a-f]{7}|unknown)(-dirty)?\)$" <<<"$version_line"
check "postinst made the start-up archive /var/cache/uplink/uplink.jsa" test -s /var/cache/uplink/uplink.jsa
check "postinst extracted sqlite-jdbc's native library, root's, not writable by others" \
  test "$(stat -c '%U %A' /var/cache/uplink/native/libsqlitejdbc.so /var/cache/uplink/native 2>&1 | xargs)" = "root -rw-r--r-- root drwxr-xr-x"
check "the start-up archive postinst made is valid for the installed Java (-Xshare:on)" \
  quiet env UPLINK_JAVA_OPTS=-Xshare:on uplink --version
check "man -w uplink" test "$(man -w uplink)" = /usr/share/man/man1/uplink.1.gz
check "man -w uplink-sensor" test "$(man -w uplink-sensor)" = /usr/share/man/man1/uplink-sensor.1.gz
check "bash -n on the completion script" bash -n /usr/share/bash-completion/completions/uplink
completion="$(bash -c 'source /usr/share/bash-completion/completions/uplink
  COMP_WORDS=(uplink collector on); COMP_CWORD=2; COMP_LINE="uplink collector on"; COMP_POINT=${#COMP_LINE}
  _complete_uplink; echo "${COMPREPLY[*]}"')"
check "bash completes 'uplink collector on' to onboarding-package (got '$completion')" test "$completion" = onboarding-package
# zsh: a real interactive shell in a pseudo-terminal, with compinit finding _uplink on its fpath.
cat >"$tmp/zsh-completion" <<'ZSH'
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z 'fpath=(/usr/share/zsh/vendor-completions $fpath); autoload -U compinit; compinit -u -D'
zpty -w -n z $'uplink collector onb\t'
zpty -r -m z out '*onboarding-package*'
ZSH
check "zsh completes 'uplink collector onb' to onboarding-package" quiet timeout 20 zsh -f "$tmp/zsh-completion"
check "user uplink" quiet getent passwd uplink
check "user uplink-collector" quiet getent passwd uplink-collector
check "group uplink (the intake group, sensor.json intakeGroup)" quiet getent group uplink
check "/etc/uplink is root:root 0755" test "$(stat -c '%U:%G %a' /etc/uplink)" = "root:root 755"
check "units installed" test -f /lib/systemd/system/uplink-sensor.service -a -f /lib/systemd/system/uplink-collector.service

echo "sensor as the user uplink (as uplink-sensor.service runs it; no systemd on a test machine): (at ${SECONDS}s)"
# The state directory as StateDirectory= makes it; a collector URL so that the sensor starts unenrolled.
$sudo install -d -o uplink -g uplink -m 0710 /var/lib/uplink
# No scheduled connectivity check: it would resolve the catalog's internet names.
echo '{"collectorUrl":"https://127.0.0.1:9/v1/events","connectivityChecks":{"enabled":false}}' | $sudo tee /var/lib/uplink/sensor.json >/dev/null
$sudo timeout 90 runuser -u uplink -- uplink sensor run --state /var/lib/uplink >"$tmp/sensor.log" 2>&1 &
sensor_pid=$!
for _ in $(seq 1 120); do [[ -S /var/lib/uplink/sensor.sock ]] && break; sleep 0.5; done
check "sensor.sock is uplink:uplink 0660" test "$(stat -c '%U:%G %a' /var/lib/uplink/sensor.sock 2>&1)" = "uplink:uplink 660"
intake_gid="$(getent group uplink | cut -d: -f3)"
check "a member of the group uplink submits an event" \
  quiet $sudo setpriv --reuid=65534 --regid=65534 --groups="$intake_gid" uplink sensor send --state /var/lib/uplink '{"probe":1}'
check "a user outside the group cannot" \
  bash -c '! $0 setpriv --reuid=65534 --regid=65534 --clear-groups uplink sensor send --state /var/lib/uplink "{\"probe\":2}" >/dev/null 2>&1' "${sudo:-env}"
$sudo kill "$sensor_pid" 2>/dev/null || true
wait "$sensor_pid" 2>/dev/null || true


echo "collector as the user uplink-collector (as uplink-collector.service runs it): (at ${SECONDS}s)"
$sudo install -d -o uplink-collector -g uplink-collector -m 0700 /var/lib/uplink-collector
port="$(shuf -i 20000-40000 -n 1)"
$sudo timeout 90 runuser -u uplink-collector -- uplink collector run --data /var/lib/uplink-collector \
  --listen "127.0.0.1:$port" --self-signed >"$tmp/collector.log" 2>&1 &
collector_pid=$!
ping=""
for _ in $(seq 1 120); do
  ping="$(curl -sk --max-time 2 "https://127.0.0.1:$port/ping" 2>/dev/null)" && break
  sleep 0.5
done
check "the collector answers /ping (got '$ping')" test "$ping" = '{"status":"ok"}'
check "its store belongs to uplink-collector" test "$(stat -c %U /var/lib/uplink-collector/collector.db 2>&1)" = uplink-collector
# The JVM loaded sqlite-jdbc's native library from where postinst put it, not from a copy in /tmp.
collector_java="$(pgrep -n -u uplink-collector -f 'uplink.jar collector run' || true)"
check "the collector maps /var/cache/uplink/native/libsqlitejdbc.so" \
  grep -q /var/cache/uplink/native/libsqlitejdbc.so "/proc/${collector_java:-0}/maps"
$sudo kill "$collector_pid" 2>/dev/null || true
wait "$collector_pid" 2>/dev/null || true

# Settings that commands write, for purge to remove with the services' state.
$sudo uplink policy set TelemetryProxyServer=10.0.0.6:8080 >/dev/null

echo "remove and purge: (at ${SECONDS}s)"
echo "# changed by test-package.sh" | $sudo tee -a /etc/uplink/collector.env >/dev/null
$sudo apt-get remove -y -qq uplink >/dev/null 2>&1
check "remove: the program is gone" test ! -e /usr/bin/uplink -a ! -e /usr/lib/uplink
check "remove: the changed conffile stays" test -f /etc/uplink/collector.env
$sudo apt-get purge -y -qq uplink >/dev/null 2>&1
check "purge: dpkg no longer knows uplink" bash -c '! dpkg-query -W uplink >/dev/null 2>&1'
left=()
while read -r path; do
  path="/${path#./}"; path="${path%/}"
  [[ "$path" == / ]] && continue
  if [[ -d "$path" ]]; then
    # A directory may stay when other packages use it too (/usr/bin, /usr/share/man/man1, ...).
    [[ -n "$(ls -A "$path")" ]] || dpkg -S "$path" >/dev/null 2>&1 || left+=("$path")
  elif [[ -e "$path" || -L "$path" ]]; then
    left+=("$path")
  fi
done < <(awk '{print $3}' "$tmp/contents")
for path in /etc/uplink /var/lib/uplink /var/lib/uplink-collector /var/cache/uplink; do
  [[ ! -e "$path" ]] || left+=("$path")
done
check "purge: nothing of the package left${left:+ (left: ${left[*]})}" test ${#left[@]} -eq 0
# Documented: the system users stay (Debian does not remove them; their ids may still own files).
echo "  (kept, as documented: users $(getent passwd uplink uplink-collector | cut -d: -f1 | xargs))"

echo "test-package.sh: done in ${SECONDS}s"
echo "test-package.sh: $((checks - failures)) passed, $failures failed"
(( failures == 0 ))
