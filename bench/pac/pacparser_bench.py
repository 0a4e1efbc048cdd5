#!/usr/bin/python3
"""pacparser (SpiderMonkey, C) over the same inputs: evaluations per second, single thread."""
import sys
import time
from urllib.parse import urlsplit

import pacparser

pac_file, urls_file, results_file, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
urls = [u for u in open(urls_file).read().split('\n') if u]
pairs = [(u, urlsplit(u).hostname) for u in urls]
pacparser.init()
pacparser.parse_pac_string(open(pac_file).read())
with open(results_file, 'w') as out:
    for u, h in pairs:
        out.write(pacparser.find_proxy(u, h) + '\n')
count = 0
cpu_start = time.process_time()
start = time.perf_counter()
while time.perf_counter() - start < seconds:
    for u, h in pairs:
        pacparser.find_proxy(u, h)
    count += len(pairs)
elapsed = time.perf_counter() - start
cpu = time.process_time() - cpu_start
print(f"{count / elapsed:.0f} {count / cpu:.0f}")
pacparser.cleanup()
