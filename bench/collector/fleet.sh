#!/usr/bin/env bash
# Fleet simulation: DEVICES simulated devices, each with its own credential (a one-time token issued
# in the store, redeemed over HTTPS with POST /v1/enroll), sending ROUNDS x (a heartbeat + a small
# batch of BATCH events) to two `./uplink collector run` processes on one PostgreSQL (half the
# devices start on each; one that does not answer is failed over, as the sensor does). Bounded by
# the counts and by DEADLINE seconds. Prints the errors (must be 0), the enroll and ack latency
# p50/p99, and checks that the store holds exactly the events the collectors acknowledged.
#
# Usage: bench/collector/fleet.sh [devices] [rounds] [batch] [concurrency] [deadline-s]
#        (default 10000 devices, 2 rounds, 10-event batches, 64 in flight, 1800 s)
# Needs: postgresql (server binaries), python3, openssl; root or a user that may run initdb. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/../.."
DEVICES=${1:-10000}; ROUNDS=${2:-2}; BATCH=${3:-10}; CONCURRENCY=${4:-64}; DEADLINE=${5:-1800}
for v in "$DEVICES" "$ROUNDS" "$BATCH" "$CONCURRENCY" "$DEADLINE"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [devices] [rounds] [batch] [concurrency] [deadline-s]" >&2; exit 2; }
done
# Every connection comes from 127.0.0.1: stay under the collector's 128 connections per address.
(( CONCURRENCY <= 120 )) || { echo "$0: concurrency at most 120 (the collectors allow 128 connections per address)" >&2; exit 2; }
[[ -f cli/target/uplink.jar && -d collector/target/test-classes ]] || mvn -q -B -o package -DskipTests
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY

W=$(mktemp -d /var/tmp/uplink-fleet-bench.XXXXXX)
chmod 755 "$W"
source bench/collector/pg.sh
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  pg_stop
  [[ -n "${KEEP:-}" ]] && echo "kept $W" >&2 || rm -rf "$W"
}
trap cleanup EXIT
export UPLINK_CONFIG_DIR="$W/etc"
mkdir -p "$W/etc"
# One certificate shared by both collectors (--tls-cert/--tls-key), as behind a load balancer.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=fleet-ca \
  -keyout "$W/ca.key" -out "$W/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=127.0.0.1 \
  -keyout "$W/server.key" -out "$W/server.csr" 2>/dev/null
openssl x509 -req -in "$W/server.csr" -CA "$W/ca.pem" -CAkey "$W/ca.key" -CAcreateserial -days 2 \
  -extfile <(printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n') \
  -out "$W/server.pem" 2>/dev/null
pg_start
./uplink collector migrate --store "$PG_URL" >/dev/null
URLS=()
for c in 1 2; do
  port=$(free_port)
  UPLINK_JAVA_OPTS="${COLLECTOR_JAVA_OPTS:-}" ./uplink collector run --listen 127.0.0.1:"$port" --store "$PG_URL" \
    --tls-cert "$W/server.pem" --tls-key "$W/server.key" >"$W/collector-$c.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 600); do grep -qs 'collector listening' "$W/collector-$c.log" && break; sleep 0.1; done
  grep -qs 'collector listening' "$W/collector-$c.log" || { cat "$W/collector-$c.log"; exit 1; }
  URLS+=("https://127.0.0.1:$port")
done
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), 2 collectors"
T0=$(date +%s)
java -Xmx1g -cp cli/target/uplink.jar:collector/target/test-classes dev.uplink.collector.testing.FleetSimulator \
  "$PG_URL" "$W/ca.pem" "$DEVICES" "$ROUNDS" "$BATCH" "$CONCURRENCY" "$DEADLINE" "${URLS[@]}"
echo "wall time $(( $(date +%s) - T0 )) s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
