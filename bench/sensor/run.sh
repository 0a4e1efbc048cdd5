#!/usr/bin/env bash
# End-to-end sensor throughput: intake socket -> spool -> Squid -> collector (512-byte events),
# counted as stored rows at the collector per second; beside it the spool append throughput and
# the idle resident memory of `./uplink sensor run` with the launcher's own JVM flags.
#
# Usage: bench/sensor/run.sh [events] [producers]   (default 200000 events, 4 producers)
#   SENSOR_JSON='{"batchMaxEvents":...}' overrides the sensor's configuration (sensor.json).
#   SENSOR_JAVA_OPTS='-XX:TieredStopAtLevel=1' adds JVM options to the sensor only (UPLINK_JAVA_OPTS for it).
#   COLLECTOR_JAVA_OPTS='...' the same for the collector (e.g. a JFR recording to profile it).
#   PRODUCER=cli feeds the intake with `uplink sensor send` (one JVM each) instead of socket clients.
#   WARMUP=N events sent (and stored) before the measured round, default 100000.
#   ROUTE=direct skips the named proxy (to see what Squid costs).
# Needs: squid (squid-openssl), sqlite3, root (Squid drops to the 'proxy' user). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
N=${1:-200000}
PRODUCERS=${2:-4}
[[ "$N" =~ ^[1-9][0-9]*$ && "$PRODUCERS" =~ ^[1-9][0-9]?$ ]] || { echo "usage: $0 [events] [producers 1-99]" >&2; exit 2; }
for bin in /usr/sbin/squid sqlite3 python3; do
  command -v "$bin" >/dev/null || { echo "$0: $bin is missing (apt-get install squid-openssl sqlite3 python3)" >&2; exit 2; }
done
[[ -f cli/target/uplink.jar ]] || mvn -q -B -o install -DskipTests
[[ -d sensor/target/test-classes ]] || mvn -q -B -o -pl sensor test-compile

W=$(mktemp -d /var/tmp/uplink-sensor-bench.XXXXXX)   # a real disk: fsync must cost what it costs
PIDS=()
# A child that has ended leaves PIDS, so that the clean-up never signals a number reused since.
forget() { local keep=() p; for p in "${PIDS[@]}"; do [[ "$p" == "$1" ]] || keep+=("$p"); done; PIDS=("${keep[@]}"); }
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  [[ -n "${KEEP:-}" ]] && echo "kept $W" >&2 || rm -rf "$W"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# CPU seconds (user + system) a process has used so far: where the two cores went.
cpu_s() { awk -v t="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / t}' "/proc/$1/stat"; }
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
export UPLINK_CONFIG_DIR="$W/etc"
chmod 755 "$W"   # Squid runs as proxy and must reach its directory
mkdir -p "$W/etc" "$W/state"

# --- collector (the launcher's service flags), self-signed, on loopback
CPORT=$(free_port)
UPLINK_JAVA_OPTS="${COLLECTOR_JAVA_OPTS:-}" ./uplink collector run --listen 127.0.0.1:"$CPORT" --data "$W/collector" --self-signed >"$W/collector.log" 2>&1 &
COLLECTOR=$!; PIDS+=("$COLLECTOR")
for _ in $(seq 300); do grep -q 'collector listening' "$W/collector.log" && break; sleep 0.1; done
grep -q 'collector listening' "$W/collector.log" || { cat "$W/collector.log"; exit 1; }

# --- Squid on loopback, everything allowed (it only listens on 127.0.0.1)
SPORT=$(free_port)
mkdir -p "$W/squid/logs"
cat >"$W/squid/squid.conf" <<CONF
http_port 127.0.0.1:$SPORT
http_access allow all
dns_nameservers 127.0.0.1
pid_filename $W/squid/squid.pid
access_log stdio:$W/squid/logs/access.log
cache_log $W/squid/logs/cache.log
cache_store_log none
cache deny all
coredump_dir $W/squid
netdb_filename none
pinger_enable off
shutdown_lifetime 0 seconds
visible_hostname uplink-bench-squid
CONF
chown -R proxy:proxy "$W/squid" 2>/dev/null || true
/usr/sbin/squid -N -f "$W/squid/squid.conf" -n "uplinkbench$$" >"$W/squid/squid.out" 2>&1 &
SQUID=$!; PIDS+=("$SQUID")
for _ in $(seq 300); do (exec 3<>/dev/tcp/127.0.0.1/"$SPORT") 2>/dev/null && break; sleep 0.1; done

# --- machine policy names Squid; enroll through it; run the sensor with the launcher's flags
[[ "${ROUTE:-squid}" == direct ]] || ./uplink policy set TelemetryProxyServer=127.0.0.1:"$SPORT" >/dev/null
./uplink collector onboarding-package --data "$W/collector" --url https://127.0.0.1:"$CPORT" --out "$W/onboard.json" >/dev/null
./uplink sensor onboard "$W/onboard.json" --state "$W/state" --name bench >/dev/null
echo "${SENSOR_JSON:-{\"intakeGroup\":\"root\",\"spoolMaxBytes\":1073741824,\"connectivityChecks\":{\"enabled\":false\}\}}" >"$W/state/sensor.json"
UPLINK_JAVA_OPTS="${SENSOR_JAVA_OPTS:-}" ./uplink sensor run --state "$W/state" >"$W/sensor.log" 2>&1 &
SENSOR=$!; PIDS+=("$SENSOR")
for _ in $(seq 300); do [[ -S "$W/state/sensor.sock" ]] && break; sleep 0.1; done
sleep 10
RSS_IDLE=$(rss_mb "$SENSOR")

# --- load: events of 512 bytes (the JSON line as submitted), PRODUCERS parallel `sensor send`.
# A warm-up round first (WARMUP events, default 100000; 0 skips it): the sensor and the collector
# are long-running services, and what is measured is their steady state, not the JIT's first minute.
# The default load generator: a long-lived client streaming JSON lines into the intake socket and
# reading the acks (one line per stored event), like an agent that keeps its connection open. It
# costs ~1 us/event, so the two cores go to the sensor, Squid and the collector being measured.
# PRODUCER=cli uses `uplink sensor send` instead (a JVM per producer, start-up included).
cat >"$W/producer.py" <<'PY'
import os, socket, sys, threading, time
sock_path, events, ready, go = sys.argv[1:5]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sock_path)
# Started, connected, then held until every producer is: the round is timed from the first send,
# not from the interpreters' start (~0.1 s of CPU each, a quarter of a 100,000-event round's time).
open(ready, "w").close()
while not os.path.exists(go):
    time.sleep(0.001)
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
sys.stdout.write("\n" * acked)  # one line per acknowledged event, as `uplink sensor send` prints ids
if refused:
    print(f"producer: {refused} events refused", file=sys.stderr); sys.exit(1)
PY
gen_events() { # count tag
  python3 - "$1" "$PRODUCERS" "$W" "$2" <<'PY'
import sys
n, k, w, tag = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
files = [open(f"{w}/events-{i}.jsonl", "w") for i in range(k)]
for i in range(n):
    head = '{"bench":"%s","n":%d,"pad":"' % (tag, i)
    line = head + "x" * (512 - len(head) - 2) + '"}'
    files[i % k].write(line + "\n")
PY
}
# The bench rows are counted exactly (a LIKE over every payload) only at the end of a round.
# The end of a round: one long-lived reader polls the largest rowid every 10 ms (a b-tree descent, not
# a count), from BASE (the largest before the round) until ACKED rows more are committed, and prints
# the time it saw them. Rows only arrive (no deletes during the bench), so rowid - BASE counts them;
# a heartbeat among them can make it early by a row, which the exact count after it catches.
cat >"$W/wait_rows.py" <<'PY'
import sqlite3, sys, time
db, base, acked, deadline = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
c = sqlite3.connect(f"file:{db}?mode=ro", uri=True, isolation_level=None)
while True:
    top = c.execute("select coalesce(max(rowid), 0) from events").fetchall()[0][0]  # read ends here
    if top - base >= acked or time.time() > deadline:
        print(f"{time.time():.6f}")
        break
    time.sleep(0.01)
PY
max_rowid() { sqlite3 "$W/collector/collector.db" "select coalesce(max(rowid), 0) from events" 2>/dev/null || echo 0; }
count_tag() { sqlite3 "$W/collector/collector.db" "select count(*) from events where payload like '%\"bench\":\"$1\"%'" 2>/dev/null || echo 0; }
run_load() { # count tag: sets T0 T_INTAKE T1 ACKED STORED CPU0 CPU1
  gen_events "$1" "$2"
  local base; base=$(max_rowid)
  rm -f "$W"/ready-* "$W/go"
  # Started before the round: its own start-up is not timed either.
  local deadline=$(( $(date +%s) + 600 ))
  python3 "$W/wait_rows.py" "$W/collector/collector.db" "$base" "$1" "$deadline" >"$W/t1.txt" &
  local waiter=$!; PIDS+=("$waiter")
  local senders=() t_launch; t_launch=$(date +%s.%N)
  [[ "${PRODUCER:-socket}" == cli ]] && { CPU0=("$(cpu_s "$SENSOR")" "$(cpu_s "$SQUID")" "$(cpu_s "$COLLECTOR")"); T0=$t_launch; }
  for i in $(seq 0 $((PRODUCERS - 1))); do
    # bash's `time` gives the producer's own CPU (user + sys), reported beside the services'.
    if [[ "${PRODUCER:-socket}" == cli ]]; then
      # A JVM per producer, its start-up included in the round (what this mode measures).
      ( TIMEFORMAT='%U %S'; { time ./uplink sensor send --state "$W/state" <"$W/events-$i.jsonl" >"$W/acks-$i.txt" ; } 2>"$W/cpu-$i.txt" ) &
    else
      ( TIMEFORMAT='%U %S'; { time python3 "$W/producer.py" "$W/state/sensor.sock" "$W/events-$i.jsonl" "$W/ready-$i" "$W/go" >"$W/acks-$i.txt" ; } 2>"$W/cpu-$i.txt" ) &
    fi
    senders+=($!)
  done
  if [[ "${PRODUCER:-socket}" != cli ]]; then
    local w=0
    while (( $(find "$W" -maxdepth 1 -name 'ready-*' | wc -l) < PRODUCERS )) && (( w++ < 3000 )); do sleep 0.01; done
    READY_S=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$t_launch" "$(date +%s.%N)")
    CPU0=("$(cpu_s "$SENSOR")" "$(cpu_s "$SQUID")" "$(cpu_s "$COLLECTOR")")
    T0=$(date +%s.%N)
    touch "$W/go"
  fi
  for p in "${senders[@]}"; do wait "$p"; done
  T_INTAKE=$(date +%s.%N)
  ACKED=$(cat "$W"/acks-*.txt | wc -l)
  if (( ACKED != $1 )); then  # fewer acknowledged than sent: wait for those
    kill "$waiter" 2>/dev/null || true; wait "$waiter" 2>/dev/null || true; forget "$waiter"
    python3 "$W/wait_rows.py" "$W/collector/collector.db" "$base" "$ACKED" "$deadline" >"$W/t1.txt" &
    waiter=$!; PIDS+=("$waiter")
  fi
  wait "$waiter"; forget "$waiter"
  T1=$(cat "$W/t1.txt")
  CPU1=("$(cpu_s "$SENSOR")" "$(cpu_s "$SQUID")" "$(cpu_s "$COLLECTOR")")
  STORED=$(count_tag "$2")
  # The rowids also count the sensor's own events: a heartbeat (every 60 s) stored during a slow
  # round can stand in for the last bench row. Then wait for the bench rows themselves (end later).
  while (( STORED < ACKED )) && (( $(date +%s) < deadline )); do
    sleep 0.2; STORED=$(count_tag "$2"); T1=$(date +%s.%N)
  done
  PRODUCER_CPU=$(awk '{u += $1; s += $2} END {printf "%.2f", u + s}' "$W"/cpu-*.txt)
}
report() { # title
  echo "== $1"
  [[ -z "${READY_S:-}" ]] || echo "producers started and connected in $READY_S s (before the round's clock starts)"
  python3 - "$T0" "$T_INTAKE" "$T1" "$ACKED" "$STORED" "${CPU0[@]}" "${CPU1[@]}" "$PRODUCER_CPU" <<'PY'
import sys
t0, ti, t1 = map(float, sys.argv[1:4]); acked, stored = map(int, sys.argv[4:6])
before = list(map(float, sys.argv[6:9])); after = list(map(float, sys.argv[9:12])); producers = float(sys.argv[12])
print(f"acknowledged by the sensor: {acked} in {ti-t0:.1f} s = {acked/(ti-t0):,.0f} events/s (intake + spool fsync)")
print(f"stored at the collector:    {stored} in {t1-t0:.1f} s = {stored/(t1-t0):,.0f} events/s end to end")
for name, b, a in zip(("sensor", "squid", "collector"), before, after):
    print(f"CPU {name:9s} {a-b:6.2f} s = {(a-b)*1e6/max(stored,1):5.1f} us/event")
print(f"CPU producers {producers:6.2f} s = {producers*1e6/max(stored,1):5.1f} us/event (the load generator)")
PY
}
WARMUP=${WARMUP:-100000}
if (( WARMUP > 0 )); then
  run_load "$WARMUP" warmup
  report "warm-up round ($WARMUP events; cold JIT)"
fi
# The sensor's RSS once a second from the measured round to the end of the idle 10 s after it.
( t=0; while sleep 1; do t=$((t + 1)); echo "$t $(rss_mb "$SENSOR")"; done ) >"$W/rss.txt" 2>/dev/null &
RSS_SAMPLER=$!; PIDS+=("$RSS_SAMPLER")
run_load "$N" e2e
sleep 10
RSS_AFTER=$(rss_mb "$SENSOR")
kill "$RSS_SAMPLER" 2>/dev/null || true; wait "$RSS_SAMPLER" 2>/dev/null || true; forget "$RSS_SAMPLER"
CONNECTS=$(grep -c " CONNECT 127.0.0.1:" "$W/squid/logs/access.log" 2>/dev/null) || true; CONNECTS=${CONNECTS:-0}
echo "sensor.json: $(cat "$W/state/sensor.json")"
report "end to end: intake socket -> spool -> ${ROUTE:-squid} -> collector ($N events x 512 B, $PRODUCERS ${PRODUCER:-socket} producers)"
echo "batches through Squid, both rounds (CONNECT tunnels): $CONNECTS"
echo "== spool append throughput (SpoolBench, 64 producers x 64-event appendAll, 5 s)"
java -Xmx1g -cp cli/target/uplink.jar:sensor/target/test-classes dev.uplink.sensor.spool.SpoolBench 64 64 5 "$W"
echo "== resident memory of './uplink sensor run' with the launcher flags:"
sed -n '/"sensor run")/,/;;/p' uplink | grep -v -e '^ *#' -e '"sensor run")' | sed 's/^ */  /'
[[ -z "${SENSOR_JAVA_OPTS:-}" ]] || echo "plus SENSOR_JAVA_OPTS: $SENSOR_JAVA_OPTS"
echo "idle after start: ${RSS_IDLE} MB; idle 10 s after the load: ${RSS_AFTER} MB"
echo "peak during the measured round: $(awk '$2 > m {m = $2} END {print m}' "$W/rss.txt") MB; over time (s:MB): $(awk '{printf "%s:%.0f ", $1, $2}' "$W/rss.txt")"
[[ "$STORED" -ge "$ACKED" ]] || { echo "FAIL: only $STORED of $ACKED acknowledged events stored"; exit 1; }
