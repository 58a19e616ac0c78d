#!/bin/sh
# data/demo.sh — the README's first command: parse the bundled sample dump.
# Usage: sh data/demo.sh PATH/TO/newsidx
set -eu
newsidx=$1
echo "== newsidx parse data/sample.txt: first line, dateline, headline"
"$newsidx" parse data/sample.txt |
    python3 -c 'import json, sys
for line in sys.stdin:
    article = json.loads(line)
    place = article["dateline"]["raw"] if article["dateline"] else "-"
    print("%4d  %-34s  %s" % (article["source"]["first_line"], place[:34], article["title"]))'
