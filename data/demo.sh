#!/bin/sh
# data/demo.sh — the README's first command: index the bundled sample and
# ask it a few questions.  Usage: sh data/demo.sh PATH/TO/newsidx
# The store goes to build/demo.db (NEWSIDX_DB is not touched).
set -eu
newsidx=$1
store=${DEMO_DB:-build/demo.db}
rm -f "$store" "$store-wal" "$store-shm"
run() {
    echo
    echo "\$ newsidx $*"
    "$newsidx" --db "$store" "$@"
}
run ingest data/sample.txt data/sample-cp1252.txt data/sample-crlf.txt
run stats
run search harvest --format=table --limit 5
run count --dateline kiev
run people --role editing --top 3 --format=table
run datelines --top 5 --format=table
first=$("$newsidx" --db "$store" search --sort=oldest --format=ids --limit 1)
run show "$first"
echo
echo "The store is $store: try '$newsidx --db $store search ...', or 'sqlite3 $store'."
