#!/usr/bin/env bash
# Whole-process list resolution: `./uplink resolve --pac corp.pac --urls LIST` (the launcher with its default
# flags, start-up included) against pacparser and node pac-resolver as whole processes doing the same list
# (read it, print URL<TAB>decision per URL), over N distinct URLs that no engine can memoise. See README.md.
# Usage: bench/pac/whole-process.sh [URLs (50000)] [rounds (3)]
# BASELINE=/path/to/other/checkout/uplink adds that launcher as a fourth engine (A/B of two builds, same run).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
count="${1:-50000}"
rounds="${2:-3}"
out="$root/bench/out/pac"
mkdir -p "$out"

python3 "$here/gen.py" "$out"
list="$out/corp-list-$count.txt"
python3 "$here/gen_list.py" "$list" "$count"
pac="$out/corp.pac"

if [ ! -f "$root/cli/target/uplink.jar" ]; then
  echo "== building the launcher's jar (mvn -q -B -DskipTests -pl cli -am package) =="
  (cd "$root" && mvn -q -B -o -DskipTests -pl cli -am package >/dev/null)
fi
if [ ! -d "$here/node_modules/pac-resolver" ]; then
  echo "== npm install (pac-resolver, quickjs-emscripten) into bench/pac/node_modules =="
  (cd "$here" && npm install --no-audit --no-fund --silent)
fi

engines=(uplink pacparser pac-resolver)
if [ -n "${BASELINE:-}" ]; then engines+=(baseline); fi
command_of() {
  case "$1" in
    uplink) echo "$root/uplink resolve --pac $pac --urls $list" ;;
    baseline) echo "$BASELINE resolve --pac $pac --urls $list" ;;
    pacparser) echo "/usr/bin/python3 $here/pacparser_list.py $pac $list" ;;
    pac-resolver) echo "node $here/pac_resolver_list.js $pac $list" ;;
  esac
}

echo "== corp PAC ($(wc -c <"$pac") bytes), $count distinct URLs, whole process, $rounds interleaved rounds; $(uptime | sed 's/.*load/load/') =="
declare -A wall cpu
for round in $(seq "$rounds"); do
  line="  round $round:"
  # The order rotates each round so that no engine always runs first (or right after another one).
  for i in "${!engines[@]}"; do
    e="${engines[$(( (i + round - 1) % ${#engines[@]} ))]}"
    /usr/bin/time -f "%e %U %S" -o "$out/time-$e.txt" $(command_of "$e") >"$out/list-$e.txt" 2>"$out/list-$e.err" \
      || { echo "$e failed: $(tail -3 "$out/list-$e.err")" >&2; exit 1; }
    read -r w u s <"$out/time-$e.txt"
    wall[$e]+="$w "
    cpu[$e]+="$(python3 -c "print(f'{$u + $s:.2f}')") "
    line+=" $e ${w}s (cpu ${u}+${s}s) |"
  done
  echo "${line% |}"
  if [ "$round" = 1 ]; then
    # Same decisions? pacparser prints "A;B" with its own spacing; normalise to "A; B".
    if diff -q <(sed -E 's/ *; */; /g' "$out/list-pacparser.txt") "$out/list-uplink.txt" >/dev/null \
       && diff -q "$out/list-pacparser.txt" "$out/list-pac-resolver.txt" >/dev/null \
       && { [ -z "${BASELINE:-}" ] || diff -q "$out/list-uplink.txt" "$out/list-baseline.txt" >/dev/null; } \
       && [ "$(wc -l <"$out/list-uplink.txt")" = "$count" ]; then
      echo "  decisions: identical across the three engines ($count lines)"
    else
      echo "  decisions: DIFFER (see $out/list-*.txt)"; exit 1
    fi
  fi
done
median() { python3 -c "import statistics, sys; print(f'{statistics.median(float(x) for x in sys.argv[1:]):.2f}')" "$@"; }
printf '  %-14s %14s %14s\n' engine "median wall s" "median CPU s"
for e in "${engines[@]}"; do
  # shellcheck disable=SC2086
  printf '  %-14s %14s %14s\n' "$e" "$(median ${wall[$e]})" "$(median ${cpu[$e]})"
done
# shellcheck disable=SC2086
python3 - "$(median ${wall[uplink]})" "$(median ${wall[pacparser]})" "$(median ${wall[pac-resolver]})" <<'PY'
import sys
u, p, n = map(float, sys.argv[1:])
print(f"  faster peer / uplink (median wall): {min(p, n) / u:.1f}x   (target >= 3x)")
PY
if [ -n "${BASELINE:-}" ]; then
  # shellcheck disable=SC2086
  python3 -c "import sys; print(f'  baseline / uplink (median wall): {float(sys.argv[1]) / float(sys.argv[2]):.2f}x')" \
    "$(median ${wall[baseline]})" "$(median ${wall[uplink]})"
fi
