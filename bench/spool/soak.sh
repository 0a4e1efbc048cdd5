#!/usr/bin/env bash
# Crash soak: SIGKILL a producer/consumer child 1,000 times (or $1 times) at random moments over
# one spool, then verify every acknowledged event is present or committed, none twice.
# Usage: bench/spool/soak.sh [cycles]   (from anywhere; takes ~8 minutes for 1,000 cycles)
set -euo pipefail
cd "$(dirname "$0")/../.."
CYCLES=${1:-1000}
mvn -q -B -o -pl sensor -am install -DskipTests
mvn -B -o -pl sensor test -Dtest=SpoolCrashTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dspool.crash.cycles="$CYCLES" | grep -E 'crash test:|Tests run:|FAIL|lost|twice' || true
grep -q 'failures="0"' sensor/target/surefire-reports/TEST-dev.uplink.sensor.spool.SpoolCrashTest.xml \
  && grep -q 'errors="0"' sensor/target/surefire-reports/TEST-dev.uplink.sensor.spool.SpoolCrashTest.xml \
  && echo "soak: PASS ($CYCLES cycles)" || { echo "soak: FAIL"; exit 1; }
