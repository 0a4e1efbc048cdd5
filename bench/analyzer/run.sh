#!/usr/bin/env bash
# Analyzer wall time vs. a sequential curl loop over the same probes, all on loopback.
# 60 URLs x 5 methods; 10% of the endpoints accept TCP and never answer. Peers started here:
# an HTTPS origin and a silent listener (peers.py), and a real Squid (squid-openssl) with a
# hosts_file mapping every name to 127.0.0.1 (nothing is looked up in real DNS).
# Methods: 1 winhttp proxy, 2 PAC (file://, sends to Squid), 3 direct (--resolve),
# 4 machine policy TelemetryProxyServer, 5 --proxy; all proxies are the one Squid.
# Usage: bench/analyzer/run.sh [TIMEOUT_SECONDS (default 3)] [URLS (default 60)]
# Env: SKIP_CURL=1 times the analyzer only; KEEP=1 keeps the temp dir (reports, Squid logs);
# ANALYZE_OPTS="--parallel 64" extra analyze options; UPLINK_JAVA_OPTS extra JVM options;
# UPLINK=/path/to/uplink times another build's launcher (before/after: bench/analyzer/ab.sh).
# Target: the analyzer (whole process, JVM start included) within 1.5 x one probe timeout.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
here="$root/bench/analyzer"
t="${1:-3}"
n="${2:-60}"
silent_every=10   # every 10th URL never answers: 10%
uplink="${UPLINK:-$root/uplink}"
[[ -x /usr/sbin/squid ]] || { echo "needs /usr/sbin/squid (Debian package squid-openssl)" >&2; exit 2; }
[[ -n "${UPLINK:-}" || -f "$root/cli/target/uplink.jar" ]] || (cd "$root" && mvn -q -B -DskipTests package)

work="$(mktemp -d /tmp/uplink-bench-analyzer.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [[ -n "${KEEP:-}" ]]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "port $1 never opened" >&2; return 1
}

# Test CA and one origin certificate for every bench name.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/ca.key" -out "$work/ca.pem" -days 2 \
  -subj "/CN=uplink bench CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout "$work/origin.key" -out "$work/origin.csr" -subj "/CN=origin.bench.example" 2>/dev/null
printf 'subjectAltName=DNS:*.bench.example\nextendedKeyUsage=serverAuth\n' > "$work/origin.ext"
openssl x509 -req -in "$work/origin.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 2 \
  -extfile "$work/origin.ext" -out "$work/origin.pem" 2>/dev/null

python3 "$here/peers.py" "$work/origin.pem" "$work/origin.key" "$work/ports" & pids+=($!)
for _ in $(seq 1 100); do [[ -f "$work/ports" ]] && break; sleep 0.05; done
read -r origin_port silent_port < "$work/ports"

# URLs, names for Squid's hosts_file, --resolve for the direct method.
urls=(); resolve=(); : > "$work/hosts"
for ((i = 1; i <= n; i++)); do
  host=$(printf 'ep%02d.bench.example' "$i")
  port=$origin_port; (( i % silent_every == 0 )) && port=$silent_port
  urls+=("https://$host:$port/ping")
  resolve+=(--resolve "$host:$port:127.0.0.1")
  echo "127.0.0.1 $host" >> "$work/hosts"
done
printf '%s\n' "${urls[@]}" > "$work/urls.txt"

# Squid: one open port, names from hosts_file, a loopback DNS server that is never needed.
squid_port=$(free_port)
mkdir -p "$work/squid/logs"
cp "$work/hosts" "$work/squid/hosts"
cat > "$work/squid/squid.conf" <<CONF
http_port 127.0.0.1:$squid_port
http_access allow all
hosts_file $work/squid/hosts
dns_nameservers 127.0.0.1
pid_filename $work/squid/squid.pid
access_log none
cache_log $work/squid/logs/cache.log
cache_store_log none
cache deny all
coredump_dir $work/squid
netdb_filename none
pinger_enable off
shutdown_lifetime 0 seconds
visible_hostname uplink-bench
CONF
if [[ $(id -u) == 0 ]] && id proxy >/dev/null 2>&1; then chown -R proxy:proxy "$work/squid"; chmod 755 "$work"; fi
/usr/sbin/squid -N -f "$work/squid/squid.conf" -n "uplinkbench$$" > "$work/squid/squid.out" 2>&1 & pids+=($!)
wait_port "$squid_port"
wait_port "$origin_port"
proxy="127.0.0.1:$squid_port"

# Configuration for methods 1, 2 and 4 (advproxy first: it replaces the whole setting).
conf="$work/config"
printf 'function FindProxyForURL(url, host) { return "PROXY %s"; }\n' "$proxy" > "$work/bench.pac"
"$uplink" winhttp set advproxy setting-scope=machine "settings={\"AutoconfigUrl\":\"file://$work/bench.pac\"}" --config-dir "$conf" >/dev/null
"$uplink" winhttp set proxy "$proxy" --config-dir "$conf" >/dev/null
"$uplink" policy set "TelemetryProxyServer=$proxy" --config-dir "$conf" >/dev/null

now() { date +%s%N; }
echo "probes: $n URLs x 5 methods, $((n / silent_every)) URLs never answer, timeout ${t}s, origin :$origin_port, silent :$silent_port, squid :$squid_port"

# CPU seconds (user+sys) a process has used so far, from /proc.
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
peers_cpu0=$(cpu_of "${pids[0]}"); squid_cpu0=$(cpu_of "${pids[1]}")
t0=$(now)
set +e
TIMEFORMAT='%U %S'
{ time "$uplink" analyze --config-dir "$conf" --urls "$work/urls.txt" --ca-file "$work/ca.pem" --timeout "${t}s" \
  --proxy "$proxy" "${resolve[@]}" --out "$work/report" ${ANALYZE_OPTS:-} > "$work/analyze.out" 2>&1; } 2> "$work/analyze.cpu"
rc=$?
set -e
t1=$(now)
analyzer_ms=$(( (t1 - t0) / 1000000 ))
summary=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print("%d URLs, %d reachable, %d unreachable" % (s["urls"], s["reachable"], s["unreachable"]))' "$work/report/UplinkAnalyzerResult.json" 2>&1 || cat "$work/analyze.out")
read -r cpu_user cpu_sys < "$work/analyze.cpu"
echo "analyzer : ${analyzer_ms} ms wall, CPU ${cpu_user} s user + ${cpu_sys} s sys (exit $rc: $summary)"
echo "peers    : during the analyzer run, origin+silent used $(awk -v a="$(cpu_of "${pids[0]}")" -v b="$peers_cpu0" 'BEGIN{printf "%.2f", a-b}') s CPU, Squid $(awk -v a="$(cpu_of "${pids[1]}")" -v b="$squid_cpu0" 'BEGIN{printf "%.2f", a-b}') s; load average $(cut -d' ' -f1 /proc/loadavg)"

[[ -n "${SKIP_CURL:-}" ]] && exit 0
# The same probes with curl, one after the other: methods 1, 2, 4, 5 through the proxy, 3 direct.
t0=$(now)
ok=0; failed=0
for u in "${urls[@]}"; do
  for method in 1 2 3 4 5; do
    if [[ $method == 3 ]]; then route=(--noproxy '*'); else route=(--proxy "http://$proxy"); fi
    if curl -s -o /dev/null --max-time "$t" "${route[@]}" "${resolve[@]}" --cacert "$work/ca.pem" "$u"; then
      ok=$((ok + 1)); else failed=$((failed + 1)); fi
  done
done
t1=$(now)
curl_ms=$(( (t1 - t0) / 1000000 ))
echo "curl loop: ${curl_ms} ms ($ok probes succeeded, $failed failed)"

awk -v a="$analyzer_ms" -v c="$curl_ms" -v t="$t" 'BEGIN {
  printf "ratio    : curl loop / analyzer = %.1fx; analyzer = %.2f x timeout (target <= 1.5: %s)\n",
         c / a, a / (t * 1000), (a <= 1500 * t ? "met" : "MISSED")
}'
