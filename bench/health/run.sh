#!/usr/bin/env bash
# Fleet health at scale (issue 11): fills a SQLite store and a throw-away PostgreSQL store with the
# same generated fleet (HealthFleetGenerator: DEVICES devices x ENDPOINTS endpoints x 3 methods, 50
# sites, a realistic failure mix), then times `uplink collector health --json` on both, interleaved:
# the whole process (launcher, JVM start, opening the store, the query, the JSON) and, in one warm
# JVM, the query alone and the query plus JSON (HealthQueryBench). Target: < 300 ms.
# Usage: bench/health/run.sh [devices] [endpoints] [rounds]   (default 10000 40 5; loopback only)
# KEEP=1 keeps the work directory (the stores); WORK=<that dir> reuses it instead of generating again
# (its times shifted so that its newest upload is now: the same share of stale devices as generated).
set -euo pipefail
cd "$(dirname "$0")/../.."
DEVICES=${1:-10000}
ENDPOINTS=${2:-40}
ROUNDS=${3:-5}
[[ -f cli/target/uplink.jar && -f collector/target/test-classes/dev/uplink/collector/store/HealthFleetGenerator.class ]] \
  || mvn -q -B -o -pl cli -am package -DskipTests
# WORK=<dir>: reuse the stores a KEEP=1 run kept there (generating takes minutes); the directory is kept.
if [[ -n "${WORK:-}" ]]; then
  [[ -f "$WORK/sqlite/collector.db" && -d "$WORK/pg/data" ]] || { echo "WORK=$WORK: no kept stores there (expected sqlite/collector.db and pg/data)" >&2; exit 2; }
  W=$WORK
  KEEP=1
else
  W=$(mktemp -d /var/tmp/uplink-health-bench.XXXXXX)
  chmod 755 "$W"
fi
source bench/collector/pg.sh
trap 'pg_stop; [[ -n "${KEEP:-}" ]] && echo "kept $W" >&2 || rm -rf "$W"' EXIT
pg_start
CP=cli/target/uplink.jar:collector/target/test-classes
SQLITE="sqlite:$W/sqlite"
if [[ -n "${WORK:-}" ]]; then
  echo "reusing the fleet kept in $W"
  # Staleness is relative to now: a fleet generated hours ago would be all stale (its document would
  # list every device). Shift its times so that its newest upload is now, as when it was generated.
  shift_sql() {
    echo "UPDATE health_latest SET started_at = started_at + $1, received_at = received_at + $1;"
    echo "UPDATE health_checks SET started_at = started_at + $1, finished_at = finished_at + $1, received_at = received_at + $1;"
    echo "UPDATE devices SET last_seen_at = last_seen_at + $1 WHERE last_seen_at IS NOT NULL;"
  }
  now=$(date +%s%3N)
  d=$(( now - $(sqlite3 "$W/sqlite/collector.db" 'SELECT max(last_seen_at) FROM devices') ))
  { echo "BEGIN;"; shift_sql "$d"; echo "COMMIT;"; } | sqlite3 "$W/sqlite/collector.db"
  d=$(( now - $(pg_value 'SELECT max(last_seen_at) FROM devices') ))
  pg_value "BEGIN; $(shift_sql "$d") COMMIT;" >/dev/null
  echo "times shifted to now (the generated fleet's mix: 2 % of devices stale)"
else
  ./uplink collector migrate --store "$PG_URL" >/dev/null
  echo "generating $DEVICES devices x $ENDPOINTS endpoints into both stores ..."
  java -Xmx2g -cp "$CP" dev.uplink.collector.store.HealthFleetGenerator "$SQLITE" "$DEVICES" "$ENDPOINTS"
  java -Xmx2g -cp "$CP" dev.uplink.collector.store.HealthFleetGenerator "$PG_URL" "$DEVICES" "$ENDPOINTS"
  pg_value "VACUUM ANALYZE" >/dev/null
fi
echo "rows: health_endpoints $(pg_value 'select count(*) from health_endpoints'), health_failures $(pg_value 'select count(*) from health_failures'), health_checks $(pg_value 'select count(*) from health_checks')"
echo "sqlite file: $(du -h "$W/sqlite/collector.db" | cut -f1), postgresql database: $(pg_value "select pg_size_pretty(pg_database_size('uplink'))")"

# Wall time and the CPU time (user + sys) of the process, in ms: on a loaded machine the CPU time is
# the figure that does not depend on what else runs (PostgreSQL's own CPU is not in it).
ms() { local TIMEFORMAT='%R %U %S' t; t=$( { time "$@" >/dev/null; } 2>&1 | tail -1 ); awk -v t="$t" 'BEGIN {split(t, a, " "); printf "%d %d\n", a[1] * 1000, (a[2] + a[3]) * 1000}'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms ./uplink collector health --json --store "$SQLITE" >/dev/null   # warm the page cache
ms ./uplink collector health --json --store "$PG_URL" >/dev/null
: >"$W/times"
for r in $(seq "$ROUNDS"); do
  # A baseline of the same process doing almost nothing on the same store (JVM start, open, one tiny query).
  for cmd in "health --json --store $SQLITE" "health --json --store $PG_URL" "sites list --store $SQLITE" "sites list --store $PG_URL"; do
    read -r wall cpu < <(ms ./uplink collector $cmd)
    echo "round $r: ./uplink collector ${cmd/--store postgresql*/--store postgresql} : wall $wall ms, cpu $cpu ms"
    echo "${cmd%% --store *}|${cmd##* --store }|$wall|$cpu" >>"$W/times"
  done
done
for cmd in "health --json" "sites list"; do
  for st in "$SQLITE" "$PG_URL"; do
    walls=$(awk -F'|' -v c="$cmd" -v s="$st" '$1 == c && $2 == s {print $3}' "$W/times" | median)
    cpus=$(awk -F'|' -v c="$cmd" -v s="$st" '$1 == c && $2 == s {print $4}' "$W/times" | median)
    echo "median of $ROUNDS, collector $cmd on ${st%%:*}: wall $walls ms, cpu $cpus ms"
  done
done
echo "size of the JSON: $(./uplink collector health --json --store "$SQLITE" | wc -c) bytes"
java -cp "$CP" dev.uplink.collector.store.HealthQueryBench "$SQLITE" 10
java -cp "$CP" dev.uplink.collector.store.HealthQueryBench "$PG_URL" 10
# The dashboard's API and page over HTTPS on loopback, reading each store's fleet (DashboardBench).
java -Xmx2g -cp "$CP" dev.uplink.collector.http.ui.DashboardBench "$DEVICES" "$ENDPOINTS" 10 "$SQLITE" 2>/dev/null | grep '^GET'
java -Xmx2g -cp "$CP" dev.uplink.collector.http.ui.DashboardBench "$DEVICES" "$ENDPOINTS" 10 "$PG_URL" 2>/dev/null | grep '^GET'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
