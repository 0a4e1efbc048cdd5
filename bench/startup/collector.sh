#!/usr/bin/env bash
# The CLI's start-up floor (issue 11): whole-process wall and CPU time of `uplink --version` and of
# `uplink collector sites list` on a SQLite store and on a throw-away PostgreSQL (bench/collector/pg.sh,
# SCRAM password authentication as PostgreSQL's default), interleaved over ROUNDS rounds, medians.
# With BASE (another checkout, built: `git worktree add /tmp/base <commit>` and
# `mvn -q -B -o -DskipTests -pl cli -am package` there), its launcher runs side by side with this one.
# Usage: bench/startup/collector.sh [ROUNDS] [BASE]     (default 11 rounds; loopback only)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-11}
BASE=${2:-}
[[ -f cli/target/uplink.jar ]] || mvn -q -B -o -pl cli -am package -DskipTests
W=$(mktemp -d /var/tmp/uplink-startup-bench.XXXXXX)
chmod 755 "$W"
source bench/collector/pg.sh
trap 'pg_stop; rm -rf "$W"' EXIT
pg_start
./uplink collector migrate --store "$PG_URL" >/dev/null
./uplink collector migrate --store "sqlite:$W/sqlite" >/dev/null
./uplink collector sites set hq 10.1.0.0/16 --store "$PG_URL" >/dev/null
./uplink collector sites set hq 10.1.0.0/16 --store "sqlite:$W/sqlite" >/dev/null

launchers=("$PWD/uplink")
[[ -n "$BASE" ]] && launchers=("$(cd "$BASE" && pwd)/uplink" "${launchers[@]}")
commands=("--version" "collector sites list --store sqlite:$W/sqlite" "collector sites list --store $PG_URL")
ms() { local TIMEFORMAT='%R %U %S' t; t=$( { time "$@" >/dev/null; } 2>&1 | tail -1 ); awk -v t="$t" 'BEGIN {split(t, a, " "); printf "%d %d\n", a[1] * 1000, (a[2] + a[3]) * 1000}'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for l in "${launchers[@]}"; do for c in "${commands[@]}"; do ms "$l" $c >/dev/null; done; done   # page cache
: >"$W/times"
for _ in $(seq "$ROUNDS"); do
  for c in "${commands[@]}"; do
    for l in "${launchers[@]}"; do
      read -r wall cpu < <(ms "$l" $c)
      echo "$l|$c|$wall|$cpu" >>"$W/times"
    done
  done
done
for c in "${commands[@]}"; do
  for l in "${launchers[@]}"; do
    walls=$(awk -F'|' -v l="$l" -v c="$c" '$1 == l && $2 == c {print $3}' "$W/times" | median)
    cpus=$(awk -F'|' -v l="$l" -v c="$c" '$1 == l && $2 == c {print $4}' "$W/times" | median)
    shown=${c/sqlite:$W\/sqlite/sqlite:DIR}; shown=${shown/$PG_URL/postgresql:\/\/...}
    printf '%-58s %-46s wall %4d ms  cpu %4d ms\n' "$l" "$shown" "$walls" "$cpus"
  done
done
echo "median of $ROUNDS rounds; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
