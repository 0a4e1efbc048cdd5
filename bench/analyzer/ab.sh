#!/usr/bin/env bash
# Before/after: bench/analyzer/run.sh (analyzer only) for two launchers, interleaved (the order
# alternates each round), so load from other work on the machine hits both alike; then the
# median wall time and CPU of each. A launcher of another build: copy its `uplink` script with
# cli/target/uplink.jar and uplink.jsa (cp -p: the archive must stay newer than the jar).
# Usage: bench/analyzer/ab.sh BEFORE_LAUNCHER [AFTER_LAUNCHER (default ./uplink)] [ROUNDS (3)] [TIMEOUT_S (3)]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
before="${1:?usage: bench/analyzer/ab.sh BEFORE_LAUNCHER [AFTER_LAUNCHER] [ROUNDS] [TIMEOUT_S]}"
after="${2:-$root/uplink}"
rounds="${3:-3}"
t="${4:-3}"
out="$(mktemp /tmp/uplink-bench-ab.XXXXXX)"
trap 'rm -f "$out"' EXIT
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= rounds; r++)); do
  if (( r % 2 )); then order=(before after); else order=(after before); fi
  for which in "${order[@]}"; do
    if [[ $which == before ]]; then l="$before"; else l="$after"; fi
    line=$(UPLINK="$l" SKIP_CURL=1 "$root/bench/analyzer/run.sh" "$t" 2>/dev/null | grep '^analyzer' || echo "analyzer : failed")
    echo "round $r $which: ${line#analyzer : } (load $(cut -d' ' -f1 /proc/loadavg))"
    echo "$which $line" >> "$out"
  done
done
python3 - "$out" "$t" <<'PY'
import re, statistics, sys
runs = {"before": [], "after": []}
for line in open(sys.argv[1]):
    m = re.match(r"(\w+) analyzer : (\d+) ms wall, CPU ([\d.]+) s user \+ ([\d.]+) s sys", line)
    if m:
        runs[m.group(1)].append((int(m.group(2)), float(m.group(3)) + float(m.group(4))))
for which, r in runs.items():
    if r:
        wall = statistics.median(w for w, _ in r)
        cpu = statistics.median(c for _, c in r)
        print(f"{which:6}: median {wall:.0f} ms wall ({wall / (float(sys.argv[2]) * 1000):.2f} x the timeout), "
              f"{cpu:.2f} s CPU, {len(r)} rounds")
PY
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
