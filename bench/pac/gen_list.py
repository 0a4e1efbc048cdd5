#!/usr/bin/env python3
"""Writes N distinct URLs for the corp PAC of gen.py (same rule mix as corp-urls.txt, ~10% falling through
every rule), each one different so that no engine can answer from a memo: usage gen_list.py OUT_FILE N.
https URLs are given already reduced to https://host/ (what every engine passes to the script)."""
import random
import sys

out, count = sys.argv[1], int(sys.argv[2])
rnd = random.Random(4242)
seen = set()
urls = []
for i in range(count):
    k = rnd.randrange(10)
    m = rnd.randrange(77)
    https = rnd.randrange(2) == 1
    if k == 0:
        host = f"host{i}"
    elif k == 1:
        host = f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}"
    elif k == 2:
        host = f"w{i}.corp{m}.example"
    elif k == 3:
        host = f"img{i}.cdn{m}.example"
    elif k == 4:
        host = f"intranet{m}" if not https else f"intranet{m}.corp.example"
        https = False  # distinct only through the path
    elif k == 5:
        host = f"api{i}.x.partner{m}.example"
    elif k == 6:
        host = f"login{i}.secure{m}.example"
    elif k == 7:
        host = f"app{m}-eu{i}.saas.example"
    else:
        host = f"www.site{i}.example"  # falls through every rule
    url = f"https://{host}/" if https else f"http://{host}/path/{i}?q={i}"
    assert url not in seen, url
    seen.add(url)
    urls.append(url)
with open(out, "w") as f:
    f.write("\n".join(urls) + "\n")
