# Sourced by the collector benchmarks: a throw-away PostgreSQL cluster in "$W/pg" (W: the caller's
# work directory), as an unprivileged user (nobody when run as root: PostgreSQL refuses root), on a
# free loopback port, durable defaults (fsync on, synchronous_commit on: an acknowledged batch is a
# committed one). Sizing beyond the defaults, as an operator would set it for an ingest workload:
# shared_buffers 256MB, max_wal_size 2GB (fewer forced checkpoints during bulk ingest).
# pg_start sets PG_PORT and PG_URL (postgresql://uplink@127.0.0.1:PORT/uplink) and exports
# UPLINK_STORE_PASSWORD; pg_stop stops it (the caller's EXIT trap calls it). Extra server settings:
# PG_OPTS='-c name=value ...'; options of CREATE DATABASE: PG_DB_OPTS (e.g. "TEMPLATE template0 LC_COLLATE 'C'").
# A cluster already in "$W/pg" (kept by an earlier run) is started again, not created (PG_REUSED=1).
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
pg_as() { if [[ $(id -u) == 0 ]]; then runuser -u nobody -- "$@"; else "$@"; fi; }
pg_start() {
  [[ -x "$PG_BIN/initdb" ]] || { echo "PostgreSQL server binaries missing (apt-get install postgresql)" >&2; exit 2; }
  mkdir -p "$W/pg"
  # A cluster kept by an earlier run (KEEP=1, then WORK=<dir>): start it again with its password.
  PG_REUSED=
  if [[ -d "$W/pg/data" && -f "$W/pg/password" ]]; then
    UPLINK_STORE_PASSWORD=$(cat "$W/pg/password")
    PG_REUSED=1
  else
    UPLINK_STORE_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  fi
  export UPLINK_STORE_PASSWORD
  if [[ -z "$PG_REUSED" ]]; then
    ( umask 077; printf '%s\n' "$UPLINK_STORE_PASSWORD" >"$W/pg/pwfile"; printf '%s\n' "$UPLINK_STORE_PASSWORD" >"$W/pg/password" )
    [[ $(id -u) == 0 ]] && chown -R nobody "$W/pg"
    pg_as "$PG_BIN/initdb" -D "$W/pg/data" -U uplink -A scram-sha-256 --pwfile="$W/pg/pwfile" -E UTF8 >"$W/pg/initdb.log"
    rm -f "$W/pg/pwfile"
  fi
  PG_PORT=$(free_port)
  pg_as "$PG_BIN/pg_ctl" -D "$W/pg/data" -w -t 60 -l "$W/pg/log" \
    -o "-k $W/pg -h 127.0.0.1 -p $PG_PORT -c shared_buffers=256MB -c max_wal_size=2GB -c max_connections=100 ${PG_OPTS:-}" start >/dev/null
  PG_STARTED=1
  [[ -n "$PG_REUSED" ]] || PGPASSWORD=$UPLINK_STORE_PASSWORD "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U uplink -d postgres -c "CREATE DATABASE uplink ${PG_DB_OPTS:-}"
  PG_URL="postgresql://uplink@127.0.0.1:$PG_PORT/uplink"
}
pg_stop() {
  [[ -n "${PG_STARTED:-}" ]] || return 0
  pg_as "$PG_BIN/pg_ctl" -D "$W/pg/data" -w -m fast stop >/dev/null 2>&1 || true
  PG_STARTED=
}
# psql on the bench database, one value out.
pg_value() { PGPASSWORD=$UPLINK_STORE_PASSWORD "$PG_BIN/psql" -qtA -h 127.0.0.1 -p "$PG_PORT" -U uplink -d uplink -c "$1"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
