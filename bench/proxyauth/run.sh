#!/usr/bin/env bash
# Extra latency of proxy authentication per new connection (docs/behaviour.md#proxy-authentication):
# HTTPS through CONNECT to a real Squid on loopback, without authentication, with Basic and with
# Negotiate (real MIT KDC). Needs root, squid-openssl, apache2-utils, krb5-kdc, krb5-admin-server.
#   bench/proxyauth/run.sh            # 200 calls per variant
#   N=1000 bench/proxyauth/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -ntp -o -pl core -am test -Dtest=NegotiateLatencyBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Duplink.bench.n="${N:-200}" -DtrimStackTrace=false 2>&1 | grep -E '^(no auth|basic|negotiate)'
