#!/usr/bin/env bash
# Spool append throughput (fsync group commit, 512-byte events) and idle RSS of `uplink sensor run`.
# Usage: bench/spool/bench.sh [seconds-per-run]   (from the repository root; builds if needed)
set -euo pipefail
cd "$(dirname "$0")/../.."
SECS=${1:-5}
if [[ ! -f cli/target/uplink.jar || ! -d sensor/target/test-classes ]]; then
  mvn -q -B -o install -DskipTests && mvn -q -B -o -pl sensor test-compile
fi
CP=cli/target/uplink.jar:sensor/target/test-classes
WORK=$(mktemp -d /var/tmp/uplink-bench.XXXXXX)   # a real disk, not tmpfs: fsync must cost something
trap 'rm -rf "$WORK"' EXIT

echo "== spool append throughput (durable: each call returns after fsync), dir on $(df --output=source "$WORK" | tail -1)"
for cfg in "1 1" "64 1" "256 1" "16 64" "64 64"; do
  set -- $cfg
  java -Xmx1g -cp "$CP" dev.uplink.sensor.spool.SpoolBench "$1" "$2" "$SECS" "$WORK"
done

echo "== idle RSS of 'uplink sensor run' (small-heap flags)"
STATE="$WORK/state"; mkdir -p "$STATE"
echo '{"spoolMaxBytes": 67108864}' > "$STATE/sensor.json"
java -Xmx64m -Xms16m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:MaxMetaspaceSize=64m \
     -XX:ReservedCodeCacheSize=32m -XX:CompressedClassSpaceSize=32m \
     -jar cli/target/uplink.jar sensor run --state "$STATE" >"$WORK/run.log" 2>&1 &
PID=$!
sleep 3
java -jar cli/target/uplink.jar sensor send --state "$STATE" '{"bench":"warm-up"}' >/dev/null
sleep 12
RSS_KB=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)
kill $PID; wait $PID || true
echo "idle RSS: $((RSS_KB / 1024)) MB (${RSS_KB} kB)"
