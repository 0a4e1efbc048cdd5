#!/usr/bin/env python3
"""Generates the PAC benchmark inputs (deterministic, DNS-free scripts):
  corp.pac   - an 80-rule corporate-style PAC        + corp-urls.txt  (2,000 mixed URLs)
  table.pac  - a ~400 KB table-driven PAC (host map) + table-urls.txt (2,000 hosts as URLs)
URLs are written already sanitised for https (scheme://host/), so every engine sees the same input."""
import random
import sys

out = sys.argv[1]
rnd = random.Random(42)


def corp():
    rules = ['  if (isPlainHostName(host)) return "DIRECT";',
             '  if (shExpMatch(host, "*.local") || host == "localhost") return "DIRECT";',
             '  if (shExpMatch(host, "10.*") || shExpMatch(host, "192.168.*") || shExpMatch(host, "172.16.*")) return "DIRECT";']
    n = 0
    while len(rules) < 80:
        k = n % 6
        if k == 0:
            rules.append(f'  if (dnsDomainIs(host, ".corp{n}.example")) return "DIRECT";')
        elif k == 1:
            rules.append(f'  if (shExpMatch(url, "http://*.cdn{n}.example/*")) return "PROXY cache{n % 5}.corp.example:8080";')
        elif k == 2:
            rules.append(f'  if (localHostOrDomainIs(host, "intranet{n}.corp.example")) return "DIRECT";')
        elif k == 3:
            rules.append(f'  if (shExpMatch(host, "*.partner{n}.example") && dnsDomainLevels(host) > 2) return "PROXY partner.corp.example:3128; DIRECT";')
        elif k == 4:
            rules.append(f'  if (url.substring(0, 6) == "https:" && dnsDomainIs(host, ".secure{n}.example")) return "HTTPS gw{n % 3}.corp.example:443";')
        else:
            rules.append(f'  if (shExpMatch(host, "app{n}-*.saas.example")) return "SOCKS5 socks.corp.example:1080";')
        n += 1
    pac = ('// 80-rule corporate PAC (generated)\nfunction FindProxyForURL(url, host) {\n' + '\n'.join(rules) +
           '\n  return "PROXY proxy.corp.example:8080; PROXY backup.corp.example:8080; DIRECT";\n}\n')
    urls = []
    for i in range(2000):
        k = rnd.randrange(10)
        m = rnd.randrange(n)
        if k == 0:
            host = f"host{i}"
        elif k == 1:
            host = f"10.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(256)}"
        elif k == 2:
            host = f"www.corp{m}.example"
        elif k == 3:
            host = f"img{i}.cdn{m}.example"
        elif k == 4:
            host = f"intranet{m}"
        elif k == 5:
            host = f"api.x.partner{m}.example"
        elif k == 6:
            host = f"login.secure{m}.example"
        elif k == 7:
            host = f"app{m}-eu.saas.example"
        else:
            host = f"www.site{i}.example"  # falls through every rule
        if rnd.randrange(2):
            urls.append(f"https://{host}/")
        else:
            urls.append(f"http://{host}/path/{i}?q={i}")
    return pac, urls


def table():
    hosts = [f"h{i:05d}.{rnd.choice(['alpha', 'beta', 'gamma', 'delta'])}{i % 97}.tbl.example" for i in range(12000)]
    entries = ',\n'.join(f' "{h}": 1' for h in hosts)
    suffixes = [f".s{i:03d}.example" for i in range(120)]
    pac = ('// table-driven PAC (generated)\nvar DIRECT_HOSTS = {\n' + entries + '\n};\n'
           'var PROXY_SUFFIXES = [' + ', '.join(f'"{s}"' for s in suffixes) + '];\n'
           'function FindProxyForURL(url, host) {\n'
           '  var h = host;\n'
           '  while (true) {\n'
           '    if (DIRECT_HOSTS.hasOwnProperty(h)) return "DIRECT";\n'
           '    var dot = h.indexOf(".");\n'
           '    if (dot < 0) break;\n'
           '    h = h.substring(dot + 1);\n'
           '  }\n'
           '  for (var i = 0; i < PROXY_SUFFIXES.length; i++) {\n'
           '    if (dnsDomainIs(host, PROXY_SUFFIXES[i])) return "PROXY p" + (i % 4) + ".corp.example:3128";\n'
           '  }\n'
           '  return "PROXY default.corp.example:3128";\n'
           '}\n')
    urls = []
    for i in range(2000):
        k = rnd.randrange(3)
        if k == 0:
            host = rnd.choice(hosts)
        elif k == 1:
            host = f"www{i}{rnd.choice(suffixes)}"
        else:
            host = f"unknown{i}.example"
        urls.append(f"http://{host}/" if rnd.randrange(2) else f"https://{host}/")
    return pac, urls


for name, (pac, urls) in (("corp", corp()), ("table", table())):
    with open(f"{out}/{name}.pac", "w") as f:
        f.write(pac)
    with open(f"{out}/{name}-urls.txt", "w") as f:
        f.write('\n'.join(urls) + '\n')
