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

max() { python3 -c "import sys; print(max(int(float(x)) for x in sys.argv[1:]))" "$@"; }
ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.1f}x' if b else 'n/a')" "$1" "$2"; }

for name in corp table; do
  pac="$out/$name.pac"; urls="$out/$name-urls.txt"
  echo "== $name: $(wc -c <"$pac") bytes of PAC, $(wc -l <"$urls") URLs, ${seconds}s per engine, best of $rounds =="
  uw=0; uc=0; mw=0; mc=0; pw=0; pc=0; nw=0; nc=0
  for round in $(seq "$rounds"); do
    line="$(java -Xss4m -cp "$cp" dev.uplink.core.pac.PacBenchMain \
          "$pac" "$urls" "$out/$name-uplink.txt" "$seconds" 2>/dev/null | tail -1)"
    get() { sed -E "s/.* $1=([0-9]+).*/\\1/" <<<" $line"; }
    uw=$(max "$uw" "$(get uncached)"); uc=$(max "$uc" "$(get uncached_cpu)")
    mw=$(max "$mw" "$(get memoised)"); mc=$(max "$mc" "$(get memoised_cpu)")
    read -r p pcpu < <(/usr/bin/python3 "$here/pacparser_bench.py" "$pac" "$urls" "$out/$name-pacparser.txt" "$seconds")
    pw=$(max "$pw" "$p"); pc=$(max "$pc" "$pcpu")
    read -r n ncpu < <(cd "$here" && node pac_resolver_bench.js "$pac" "$urls" "$out/$name-node.txt" "$seconds")
    nw=$(max "$nw" "$n"); nc=$(max "$nc" "$ncpu")
    echo "  round $round: $line | pacparser=$p (cpu $pcpu) | pac-resolver=$n (cpu $ncpu)"
  done
  printf '  %-22s %14s %16s\n' "engine" "evals/s (wall)" "evals/CPU-second" \
    "pacparser" "$pw" "$pc" "node pac-resolver" "$nw" "$nc" "uplink uncached" "$uw" "$uc" "uplink memoised" "$mw" "$mc"
  echo "  ratio uplink uncached / faster peer: wall $(ratio "$uw" "$(max "$pw" "$nw")"), per CPU-second $(ratio "$uc" "$(max "$pc" "$nc")")   (target >= 3x)"
  echo "  uplink memoised: $mw decisions/s   (target >= 1,000,000)"
  # Same decisions? (pacparser prints "A;B" with its own spacing; normalise to "A; B")
  if diff -q <(sed -E 's/ *; */; /g' "$out/$name-pacparser.txt") "$out/$name-uplink.txt" >/dev/null \
     && diff -q "$out/$name-pacparser.txt" "$out/$name-node.txt" >/dev/null; then
    echo "  decisions: identical across the three engines"
  else
    echo "  decisions: DIFFER (see $out/$name-*.txt)"
  fi
done
