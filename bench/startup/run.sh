#!/usr/bin/env bash
# Whole-process start-up of `./uplink winhttp show proxy`: median of N runs (default 30).
# Usage: bench/startup/run.sh [N]     Target: median <= 0.35 s on a 2-core machine.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
n="${1:-30}"
[[ -f "$root/cli/target/uplink.jar" ]] || (cd "$root" && mvn -q -B -DskipTests package)
conf="$(mktemp -d)"; trap 'rm -rf "$conf"' EXIT
"$root/uplink" winhttp set proxy 10.0.0.6:8080 "<local>" --config-dir "$conf" >/dev/null
"$root/uplink" winhttp show proxy --config-dir "$conf" >/dev/null   # warm the page cache

times=()
for ((i = 0; i < n; i++)); do
  t0=$(date +%s%N)
  "$root/uplink" winhttp show proxy --config-dir "$conf" >/dev/null
  t1=$(date +%s%N)
  times+=($(( (t1 - t0) / 1000 )))
done
printf '%s\n' "${times[@]}" | sort -n | awk -v n="$n" '
  { v[NR] = $1 }
  END {
    med = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    printf "uplink winhttp show proxy: %d runs, median %.3f s, min %.3f s, max %.3f s (target <= 0.350 s)\n", n, med / 1e6, v[1] / 1e6, v[n] / 1e6
  }'
