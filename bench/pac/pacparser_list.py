#!/usr/bin/python3
"""pacparser (SpiderMonkey, C) as a whole process over a URL list: prints URL<TAB>decision per line, like
`uplink resolve --pac PAC --urls LIST`. Usage: pacparser_list.py PAC LIST."""
import sys
from urllib.parse import urlsplit

import pacparser

pac_file, urls_file = sys.argv[1], sys.argv[2]
pacparser.init()
pacparser.parse_pac_string(open(pac_file).read())
out = sys.stdout
with open(urls_file) as f:
    for line in f:
        u = line.strip()
        if u:
            out.write(u + "\t" + pacparser.find_proxy(u, urlsplit(u).hostname) + "\n")
out.flush()
pacparser.cleanup()
