#!/usr/bin/env bash
# Ingestion throughput of `uplink collector run` over HTTPS on loopback.
# Usage: collector/bench/ingest.sh [BATCHES] [EVENTS_PER_BATCH] [PARALLEL]   (needs cli/target/uplink.jar, curl, python3)
# Bounded: BATCHES uploads of EVENTS_PER_BATCH events each, PARALLEL at a time; everything in a temp dir; the
# collector is stopped (SIGTERM) at the end.
set -euo pipefail
BATCHES=${1:-20}; EVENTS=${2:-5000}; PARALLEL=${3:-4}
JAR=${JAR:-$(dirname "$0")/../../cli/target/uplink.jar}
PORT=${PORT:-$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')}
WORK=$(mktemp -d); trap 'kill -TERM $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
java -jar "$JAR" collector run --listen 127.0.0.1:$PORT --data "$WORK/data" --self-signed >"$WORK/run.out" 2>"$WORK/run.err" &
PID=$!
for _ in $(seq 1 100); do grep -q listening "$WORK/run.out" 2>/dev/null && break; sleep 0.2; done
java -jar "$JAR" collector onboarding-package --data "$WORK/data" --url https://127.0.0.1:$PORT --out "$WORK/onb.json" >/dev/null
TOKEN=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['enrollmentToken'])" "$WORK/onb.json")
AUTH=$(curl -s --cacert "$WORK/data/ca.pem" -X POST https://127.0.0.1:$PORT/v1/enroll \
  -d "{\"token\":\"$TOKEN\",\"deviceName\":\"bench\"}" | python3 -c "import json,sys;d=json.load(sys.stdin);print(d['deviceId']+'.'+d['deviceSecret'])")
python3 - "$WORK" "$BATCHES" "$EVENTS" <<'PY'
import gzip, json, sys, uuid
work, batches, events = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for b in range(batches):
    lines = (json.dumps({"id": str(uuid.uuid4()), "payload": {"type": "process_start", "pid": i, "image": "C:\\Windows\\System32\\svchost.exe", "cmdline": "svchost.exe -k netsvcs -p -s Schedule"}}) for i in range(events))
    with gzip.open(f"{work}/batch{b}.gz", "wt") as f:
        f.write("\n".join(lines) + "\n")
PY
RAW=$(python3 -c "import gzip,sys;print(sum(len(gzip.open(f'$WORK/batch{b}.gz').read()) for b in range($BATCHES)))")
START=$(date +%s.%N)
seq 0 $((BATCHES-1)) | xargs -P "$PARALLEL" -I{} curl -s -o /dev/null -w '%{http_code}\n' --cacert "$WORK/data/ca.pem" \
  -H "Authorization: Bearer $AUTH" -H 'Content-Encoding: gzip' --data-binary @"$WORK/batch{}.gz" \
  https://127.0.0.1:$PORT/v1/events > "$WORK/codes"
END=$(date +%s.%N)
STORED=$(java -jar "$JAR" collector query --data "$WORK/data" --count)
python3 - "$START" "$END" "$BATCHES" "$EVENTS" "$STORED" "$RAW" "$(sort "$WORK/codes" | uniq -c | tr '\n' ' ')" <<'PY'
import sys
s, e, b, n, stored, raw, codes = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
t = e - s
print(f"{b} batches x {n} events ({raw/1e6:.1f} MB uncompressed) in {t:.2f} s: {b*n/t:,.0f} events/s, {raw/1e6/t:.1f} MB/s; stored {stored}; HTTP {codes}")
PY
