#!/usr/bin/env bash
# Whole-sensor SIGKILL soak: SensorCrashTest (uplink sensor run as a child JVM, producers sending,
# real collector on loopback) for many kill/restart cycles; every acknowledged event must reach the
# collector exactly once. Not part of the test suite (the suite runs 50 cycles).
# Usage: bench/sensor/crash-soak.sh [cycles]   (default 1000; from anywhere; no root needed)
set -euo pipefail
cd "$(dirname "$0")/../.."
CYCLES=${1:-1000}
if ! [[ "$CYCLES" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [cycles]   (cycles: a positive integer, got '$CYCLES')" >&2
  exit 2
fi
start=$(date +%s)
mvn -q -B -o -pl cli -am test -Dtest=SensorCrashTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Duplink.crash.cycles="$CYCLES" -Dsurefire.timeout=0 2>&1 | grep -E 'sensor crash test|FAIL|ERROR|missing' || true
report=cli/target/surefire-reports/dev.uplink.cli.sensor.SensorCrashTest.txt
if grep -q 'Failures: 0, Errors: 0, Skipped: 0' "$report"; then
  echo "PASS: $CYCLES SIGKILL cycles in $(( $(date +%s) - start )) s"
else
  cat "$report"
  echo "FAIL (see $report)"
  exit 1
fi
