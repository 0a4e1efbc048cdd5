#!/usr/bin/env bash
# End to end, sensor -> collector -> store, for the SQLite and the PostgreSQL store side by side in
# one run on this machine: `./uplink sensor run` (launcher flags, direct route) uploads to
# `./uplink collector run` (launcher flags) on each store in turn; the rate is the rows stored per
# second from the first event submitted to the last row stored, and the ack latency is the time
# from a batch's first byte to the collector's answer (sent only after the commit), timed by a TCP
# relay in between (ackrelay.py). PostgreSQL is a throw-away cluster started here (pg.sh: durable
# defaults, fsync and synchronous_commit on) and stopped at the end.
#
# Usage: bench/collector/run.sh [events] [producers] [runs]   (default 200000 events, 4 producers, 3 runs)
#   WARMUP=N events before each measured round (default 100000): the services' steady state is measured.
#   COLLECTOR_JAVA_OPTS='...' JVM options of the collector (e.g. -XX:StartFlightRecording=...).
#   SENSOR_JSON='{...}' replaces the sensor's sensor.json. KEEP=1 keeps the work directory.
#   STORES='pg sqlite' changes which stores run, in that order (default: sqlite pg).
# Needs: postgresql (server binaries), sqlite3, python3, openssl; root or a user that may run initdb.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-200000}
PRODUCERS=${2:-4}
RUNS=${3:-3}
[[ "$N" =~ ^[1-9][0-9]*$ && "$PRODUCERS" =~ ^[1-9][0-9]?$ && "$RUNS" =~ ^[1-9]$ ]] \
  || { echo "usage: $0 [events] [producers 1-99] [runs 1-9]" >&2; exit 2; }
for bin in sqlite3 python3 openssl; do
  command -v "$bin" >/dev/null || { echo "$0: $bin is missing" >&2; exit 2; }
done
[[ -f cli/target/uplink.jar ]] || mvn -q -B -o package -DskipTests
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY

W=$(mktemp -d /var/tmp/uplink-collector-bench.XXXXXX)   # a real disk: fsync must cost what it costs
chmod 755 "$W"
source bench/collector/pg.sh
PIDS=()
stop_all() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  PIDS=()
}
cleanup() { stop_all; pg_stop; [[ -n "${KEEP:-}" ]] && echo "kept $W" >&2 || rm -rf "$W"; }
trap cleanup EXIT
cpu_s() { awk -v t="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / t}' "/proc/$1/stat"; }
# All PostgreSQL server processes (postmaster and its children), CPU seconds so far.
pg_cpu() {
  local pm; pm=$(head -1 "$W/pg/data/postmaster.pid")
  local t=0 p
  for p in $pm $(pgrep -P "$pm" || true); do t=$(awk -v a="$t" -v b="$(cpu_s "$p" 2>/dev/null || echo 0)" 'BEGIN {print a + b}'); done
  echo "$t"
}
export UPLINK_CONFIG_DIR="$W/etc"   # no machine policy: the sensor goes direct
mkdir -p "$W/etc"

# One certificate for every collector (--tls-cert/--tls-key, as several collectors share it).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=bench-ca \
  -keyout "$W/ca.key" -out "$W/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=127.0.0.1 \
  -keyout "$W/server.key" -out "$W/server.csr" 2>/dev/null
openssl x509 -req -in "$W/server.csr" -CA "$W/ca.pem" -CAkey "$W/ca.key" -CAcreateserial -days 2 \
  -extfile <(printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n') \
  -out "$W/server.pem" 2>/dev/null

pg_start
./uplink collector migrate --store "$PG_URL" >/dev/null

cat >"$W/producer.py" <<'PY'
import socket, sys, threading
sock_path, events = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sock_path)
def send():
    with open(events, "rb") as f:
        while chunk := f.read(1 << 16):
            s.sendall(chunk)
    s.shutdown(socket.SHUT_WR)
t = threading.Thread(target=send); t.start()
acked, refused, tail = 0, 0, b""
while data := s.recv(1 << 16):
    data = tail + data
    cut = data.rfind(b"\n") + 1
    done, tail = data[:cut], data[cut:]
    n = done.count(b"\n"); ok = done.count(b'{"ok":true')
    acked += ok; refused += n - ok
t.join()
print(acked)
if refused:
    print(f"producer: {refused} events refused", file=sys.stderr); sys.exit(1)
PY
gen_events() { # count tag
  python3 - "$1" "$PRODUCERS" "$W" "$2" <<'PY'
import sys
n, k, w, tag = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
files = [open(f"{w}/events-{i}.jsonl", "w") for i in range(k)]
for i in range(n):
    head = '{"bench":"%s","n":%d,"type":"process_start","image":"C:\\\\Windows\\\\System32\\\\svchost.exe","pad":"' % (tag, i)
    line = head + "x" * (512 - len(head) - 2) + '"}'
    files[i % k].write(line + "\n")
PY
}
count_rows() { # store
  if [[ $1 == sqlite ]]; then sqlite3 "$W/sqlite/collector.db" "select count(*) from events" 2>/dev/null || echo 0
  else pg_value "select count(*) from events" 2>/dev/null || echo 0; fi
}

# run_store STORE RUN: one collector + relay + sensor on STORE, a warm-up and a measured round;
# appends "store run rate intake p50 p99 batches collector_us pg_us" to $W/results.
run_store() {
  local s=$1 run=$2 store
  [[ $s == sqlite ]] && store="sqlite:$W/sqlite" || store=$PG_URL
  local cport rport; cport=$(free_port); rport=$(free_port)
  UPLINK_JAVA_OPTS="${COLLECTOR_JAVA_OPTS:-}" ./uplink collector run --listen 127.0.0.1:"$cport" --store "$store" \
    --tls-cert "$W/server.pem" --tls-key "$W/server.key" >"$W/collector-$s-$run.log" 2>&1 &
  local collector=$!; PIDS+=("$collector")
  for _ in $(seq 600); do grep -qs 'collector listening' "$W/collector-$s-$run.log" && break; sleep 0.1; done
  grep -q 'collector listening' "$W/collector-$s-$run.log" || { cat "$W/collector-$s-$run.log"; exit 1; }
  : >"$W/acks-$s-$run.log"
  python3 bench/collector/ackrelay.py "$rport" "$cport" "$W/acks-$s-$run.log" &
  PIDS+=($!)
  local state="$W/state-$s-$run"
  rm -f "$W/onboard.json"
  ./uplink collector onboarding-package --store "$store" --url https://127.0.0.1:"$rport" --ca-file "$W/ca.pem" \
    --out "$W/onboard.json" >/dev/null
  ./uplink sensor onboard "$W/onboard.json" --state "$state" --name "bench-$s-$run" >/dev/null
  echo "${SENSOR_JSON:-{\"intakeGroup\":\"root\",\"spoolMaxBytes\":1073741824,\"connectivityChecks\":{\"enabled\":false\}\}}" >"$state/sensor.json"
  ./uplink sensor run --state "$state" >"$W/sensor-$s-$run.log" 2>&1 &
  local sensor=$!; PIDS+=("$sensor")
  for _ in $(seq 300); do [[ -S "$state/sensor.sock" ]] && break; sleep 0.1; done
  local round count tag t0 ti t1 acked base c0 c1 p0 p1 s0 s1
  for round in warmup measured; do
    [[ $round == warmup ]] && count=${WARMUP:-100000} || count=$N
    (( count > 0 )) || continue
    tag="$s-$run-$round"
    gen_events "$count" "$tag"
    base=$(count_rows "$s")
    c0=$(cpu_s "$collector"); p0=$(pg_cpu); s0=$(cpu_s "$sensor")
    t0=$(date +%s.%N)
    local senders=()
    for i in $(seq 0 $((PRODUCERS - 1))); do
      python3 "$W/producer.py" "$state/sensor.sock" "$W/events-$i.jsonl" >"$W/acked-$i.txt" &
      senders+=($!)
    done
    for p in "${senders[@]}"; do wait "$p"; done
    ti=$(date +%s.%N)
    acked=$(awk '{a += $1} END {print a}' "$W"/acked-*.txt)
    local deadline=$(( $(date +%s) + 900 ))
    while (( $(count_rows "$s") - base < acked )) && (( $(date +%s) < deadline )); do sleep 0.2; done
    t1=$(date +%s.%N)
    c1=$(cpu_s "$collector"); p1=$(pg_cpu); s1=$(cpu_s "$sensor")
    (( $(count_rows "$s") - base >= acked )) || { echo "FAIL: $s: not every acknowledged event was stored" >&2; exit 1; }
  done
  python3 - "$s" "$run" "$t0" "$ti" "$t1" "$acked" "$c0" "$c1" "$p0" "$p1" "$W/acks-$s-$run.log" "$s0" "$s1" "$(cut -d' ' -f1 /proc/loadavg)" >>"$W/results" <<'PY'
import sys
s, run = sys.argv[1], sys.argv[2]
t0, ti, t1 = map(float, sys.argv[3:6]); n = int(sys.argv[6])
c0, c1, p0, p1 = map(float, sys.argv[7:11])
lat = []
for line in open(sys.argv[11]):
    end, secs, size, nth = line.split()
    if t0 <= float(end) <= t1 and int(size) > 2048 and int(nth) > 1:
        lat.append(float(secs) * 1000)
lat.sort()
pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")
print(s, run, f"{n / (t1 - t0):.0f}", f"{n / (ti - t0):.0f}", f"{pct(0.5):.1f}", f"{pct(0.99):.1f}", len(lat),
      f"{(c1 - c0) * 1e6 / n:.1f}", f"{(p1 - p0) * 1e6 / n:.1f}" if s != "sqlite" else "-",
      f"{(float(sys.argv[13]) - float(sys.argv[12])) * 1e6 / n:.1f}", sys.argv[14])
PY
  tail -1 "$W/results" | awk '{printf "%-6s run %s: %'"'"'8d events/s end to end, intake %'"'"'d/s, ack p50 %s ms p99 %s ms (%s batches), CPU us/event sensor %s collector %s postgres %s; load average %s\n", $1, $2, $3, $4, $5, $6, $7, $10, $8, $9, $11}'
  stop_all
}

for run in $(seq "$RUNS"); do
  for s in ${STORES:-sqlite pg}; do run_store "$s" "$run"; done
done
echo "machine: $(nproc) CPUs; load average now $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine competes for the CPUs)"
echo "== $RUNS run(s) of $N events x 512 B, $PRODUCERS producers, warm-up ${WARMUP:-100000}; median per store:"
python3 - "$W/results" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
med = {}
for s in dict.fromkeys(r[0] for r in rows):
    rs = [r for r in rows if r[0] == s]
    m = lambda i: statistics.median(float(r[i]) for r in rs)
    med[s] = m(2)
    print(f"{s:6s} {m(2):>9,.0f} events/s end to end   ack p50 {m(4):6.1f} ms  p99 {m(5):6.1f} ms   runs: "
          + ", ".join(f"{float(r[2]):,.0f}" for r in rs))
if "sqlite" in med and "pg" in med:
    ratio = med["pg"] / med["sqlite"]
    ok = med["pg"] >= 50000 and ratio >= 0.8
    print(f"PostgreSQL / SQLite = {ratio:.2f}; target (PostgreSQL >= 50,000/s and >= 0.8x SQLite): {'met' if ok else 'NOT met'}")
PY
# Disk per stored event (table, indexes, TOAST; every partition when the table is partitioned).
if [[ " ${STORES:-sqlite pg} " == *" pg "* ]]; then
  echo "PostgreSQL bytes per stored event: $(pg_value "select (coalesce((select sum(pg_total_relation_size(relid)) from pg_partition_tree('events')), pg_total_relation_size('events')) / count(*))::bigint from events")"
fi
if [[ -f "$W/sqlite/collector.db" ]]; then
  echo "SQLite bytes per stored event: $(( $(stat -c %s "$W/sqlite/collector.db") / $(count_rows sqlite) ))"
fi
