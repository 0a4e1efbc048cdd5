#!/usr/bin/env bash
# COPY vs the multi-row insert for PostgreSQL batch writes (IngestStrategyBench), side by side on
# one throw-away durable PostgreSQL cluster, with the SQLite store on the same disk for scale.
# Usage: bench/collector/ingest-strategies.sh [quick]   (root or a user that may run initdb; loopback only)
#   quick: only the sensor's shape (5,000-event batches, 4 in flight). PG_DB_OPTS / PG_OPTS: see pg.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
[[ -f cli/target/uplink.jar && -d collector/target/test-classes ]] || mvn -q -B -o package -DskipTests
W=$(mktemp -d /var/tmp/uplink-ingest-bench.XXXXXX)   # a real disk: fsync must cost what it costs
chmod 755 "$W"
source bench/collector/pg.sh
trap 'pg_stop; [[ -n "${KEEP:-}" ]] && echo "kept $W" >&2 || rm -rf "$W"' EXIT
pg_start
mkdir -p "$W/sqlite"
java -Xmx1g -cp cli/target/uplink.jar:collector/target/test-classes \
  dev.uplink.collector.store.IngestStrategyBench "$PG_URL" "$W/sqlite" ${1:+"$1"}
echo "database collation: $(pg_value "select datcollate from pg_database where datname = 'uplink'")"
