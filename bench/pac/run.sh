#!/usr/bin/env bash
# PAC engine benchmark: uplink (Rhino, sandboxed) vs pacparser (SpiderMonkey, C) vs node pac-resolver
# (QuickJS/WebAssembly), single thread, same DNS-free inputs. See README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seconds="${SECONDS_PER_RUN:-3}"
rounds="${ROUNDS:-3}"   # engines run alternately, best round kept: the machine may be shared and noisy
out="$root/bench/out/pac"
mkdir -p "$out"

python3 "$here/gen.py" "$out"

echo "== building uplink core (test classes) =="
(cd "$root" && mvn -q -B -o -pl core -am test-compile >/dev/null \
  && mvn -q -B -o -pl core dependency:build-classpath -Dmdep.outputFile="$out/cp.txt" >/dev/null)
cp="$root/core/target/classes:$root/core/target/test-classes:$(cat "$out/cp.txt")"

if [ ! -d "$here/node_modules/pac-resolver" ]; then
  echo "== npm install (pac-resolver, quickjs-emscripten) into bench/pac/node_modules =="
  (cd "$here" && npm install --no-audit --no-fund --silent)
fi

ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.1f}x' if b else 'n/a')" "$1" "$2"; }

for name in corp table; do
  pac="$out/$name.pac"; urls="$out/$name-urls.txt"
  echo "== $name: $(wc -c <"$pac") bytes of PAC, $(wc -l <"$urls") URLs, ${seconds}s per engine, best of $rounds =="
  up_u=0; up_m=0; pp=0; nd=0; up=""
  for round in $(seq "$rounds"); do
    line="$(java -Xss4m -cp "$cp" dev.uplink.core.pac.PacBenchMain \
          "$pac" "$urls" "$out/$name-uplink.txt" "$seconds" 2>/dev/null | tail -1)"
    u="$(sed -E 's/.*uncached=([0-9]+).*/\1/' <<<"$line")"; m="$(sed -E 's/.*memoised=([0-9]+).*/\1/' <<<"$line")"
    (( u > up_u )) && up_u=$u; (( m > up_m )) && up_m=$m; up="$line"
    p="$(/usr/bin/python3 "$here/pacparser_bench.py" "$pac" "$urls" "$out/$name-pacparser.txt" "$seconds")"
    (( p > pp )) && pp=$p
    n="$(cd "$here" && node pac_resolver_bench.js "$pac" "$urls" "$out/$name-node.txt" "$seconds")"
    (( n > nd )) && nd=$n
    echo "  round $round: uplink uncached=$u memoised=$m | pacparser=$p | pac-resolver=$n"
  done
  uncached=$up_u; memoised=$up_m
  best=$(( pp > nd ? pp : nd ))
  printf '%-28s %12s evals/s\n' "pacparser" "$pp" "node pac-resolver" "$nd" \
    "uplink uncached" "$uncached" "uplink memoised" "$memoised"
  echo "uplink (last round): $up"
  echo "ratio uplink-uncached / best peer: $(ratio "$uncached" "$best")   (target >= 3x)"
  echo "uplink memoised: $memoised decisions/s   (target >= 1,000,000)"
  # Same decisions? (pacparser prints "A;B" with its own spacing; normalise to "A; B")
  if diff -q <(sed -E 's/ *; */; /g' "$out/$name-pacparser.txt") "$out/$name-uplink.txt" >/dev/null \
     && diff -q "$out/$name-pacparser.txt" "$out/$name-node.txt" >/dev/null; then
    echo "decisions: identical across the three engines"
  else
    echo "decisions: DIFFER (see $out/$name-*.txt)"
  fi
done
