#!/usr/bin/env bash
# A/B benchmark of uplink's PAC engine: a git revision against the working tree, in one JVM with interleaved
# slices (robust to other load on the machine, unlike comparing two runs of run.sh). See README.md.
# Usage: bench/pac/ab.sh [rev (default HEAD~1)] [workload corp|table (default table)] [slices (20)] [slice seconds (0.4)]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rev="${1:-HEAD~1}"; name="${2:-table}"; slices="${3:-20}"; slice="${4:-0.4}"
out="$root/bench/out/pac"; ab="$out/ab"
rm -rf "$ab" && mkdir -p "$ab/base-src" "$ab/base" "$ab/runner"
python3 "$here/gen.py" "$out"
(cd "$root" && mvn -q -B -o -pl core -am compile >/dev/null \
  && mvn -q -B -o -pl core dependency:build-classpath -Dmdep.outputFile="$out/cp.txt" >/dev/null)
deps="$(cat "$out/cp.txt")"
cp -r "$root/core/target/classes" "$ab/work"
(cd "$root" && git archive "$rev" core/src/main | tar -x -C "$ab/base-src")
javac -nowarn -encoding UTF-8 -d "$ab/base" -cp "$deps" $(find "$ab/base-src/core/src/main/java" -name '*.java') 2>&1 | grep -v '^Note:' || true
if [ -d "$ab/base-src/core/src/main/resources" ]; then cp -r "$ab/base-src/core/src/main/resources/." "$ab/base/"; fi
javac -nowarn -d "$ab/runner" -cp "$ab/work:$deps" "$here/ab/PacAbRunner.java"
javac -nowarn -d "$ab/launcher" "$here/ab/PacAb.java"
echo "== $name: $rev vs working tree, $slices interleaved slices of ${slice}s each =="
java -Xss4m -cp "$ab/launcher" PacAb "$out/$name.pac" "$out/$name-urls.txt" "$slices" "$slice" \
  "$ab/runner" "$out/cp.txt" "$ab/base" "$ab/work" 2>/dev/null
