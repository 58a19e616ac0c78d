#!/bin/sh
# bench/run.sh — `make bench`: throughput and memory on generated dumps.
#
# Usage: sh bench/run.sh PATH/TO/newsidx
# Environment: BENCH_MEGABYTES (default 300) sizes the large dump;
# BENCH_ARTICLES=1000000 adds a store of a million articles to the growth
# figures (bench/scale.sh), beside the 200,000 one;
# BENCH_DIR (default $BUILD/bench/data) holds the generated files, which
# are reused while their size setting is unchanged.
#
# Prints figures only; it never fails on a target, so that a slow machine
# still reports.  Sections: parse (wire text) first, others follow.
# BENCH_ONLY=postgres runs only the SQLite/PostgreSQL comparison.
set -eu
newsidx=$1
build=${BUILD:-build}
megabytes=${BENCH_MEGABYTES:-300}
bench_dir=${BENCH_DIR:-$build/bench/data}
generate=$build/bench/generate
peak_rss=$build/bench/peak-rss
mkdir -p "$bench_dir"

# dump MEGABYTES SEED: path of a generated dump of that size (made once).
dump() {
    path=$bench_dir/wire-$1mb-seed$2.txt
    [ -s "$path" ] || "$generate" --megabytes "$1" --seed "$2" >"$path"
    echo "$path"
}

# measure COMMAND...: runs it with output discarded; sets $seconds, $rss_kb.
measure() {
    "$peak_rss" "$@" >/dev/null 2>"$bench_dir/measure.err" || {
        cat "$bench_dir/measure.err" >&2
        return 1
    }
    rss_kb=$(sed -n 's/.*peak_rss_kb=\([0-9]*\).*/\1/p' "$bench_dir/measure.err")
    seconds=$(sed -n 's/.*wall_seconds=\([0-9.]*\).*/\1/p' "$bench_dir/measure.err")
}

# rate AMOUNT SECONDS: AMOUNT per second, one decimal.
rate() { awk -v a="$1" -v s="$2" 'BEGIN { printf "%.1f", (s > 0 ? a / s : 0) }'; }

if [ "${BENCH_ONLY:-}" = postgres ]; then
    echo "== SQLite and PostgreSQL side by side (200,000 generated articles)"
    exec sh bench/postgres.sh "$newsidx" "$build" "$bench_dir"
fi

echo "== parse (wire text)"
small=$(dump 30 1)
large=$(dump "$megabytes" 1)
for input in "$small" "$large"; do
    bytes=$(wc -c <"$input")
    articles=$("$newsidx" parse "$input" | wc -l)
    measure "$newsidx" parse "$input"
    echo "parse  $(basename "$input"): $(rate "$bytes" "$seconds" | awk '{printf "%.1f", $1/1000000}') MB/s," \
         "$(rate "$articles" "$seconds") articles/s, $articles articles in ${seconds} s, peak RSS ${rss_kb} KB"
done

# ---- Reuters-21578 SGML and RCV1 XML parse (issue 5) ---------------------------
# Synthetic input from bench/generate-formats.py (own word lists, no
# Reuters text): 20,000 SGML documents in one file (~30 MB), and 5,000 RCV1
# items, one file each, in subdirectories of 100 (~23 MB).  The RCV1 figure
# includes opening every file.
echo "== parse (Reuters-21578 SGML, RCV1 XML)"
sgml_dump=$bench_dir/reut2-synthetic-20000.sgm
rcv1_dir=$bench_dir/rcv1-synthetic-5000
[ -s "$sgml_dump" ] || python3 bench/generate-formats.py sgml 20000 "$sgml_dump"
[ -d "$rcv1_dir" ] || python3 bench/generate-formats.py rcv1 5000 "$rcv1_dir"
python3 bench/measure.py "$newsidx" "sgml $(basename "$sgml_dump")" "$sgml_dump" "$bench_dir/sgml.out"
python3 bench/measure.py "$newsidx" "rcv1 $(basename "$rcv1_dir")" "$rcv1_dir" "$bench_dir/rcv1.out"
python3 bench/measure.py --format=xml "$newsidx" "sgml as NITF" "$sgml_dump" "$bench_dir/sgml.xml"
python3 bench/measure.py "$newsidx" "NITF of the sgml" "$bench_dir/sgml.xml" "$bench_dir/nitf.out"

# ---- ingest (the store issue): newsidx against a bare FTS5 load ---------------
echo
echo "== ingest (wire text)"
BUILD=$build sh bench/ingest.sh "$newsidx"

# ---- SGML and RCV1 ingest beside wire ingest (issue 5) --------------------------
# The same synthetic SGML and RCV1 input as the parse figures, each ingested
# into a new store, and the 30 MB wire dump of the parse figures the same
# way, for a like-for-like line.  MB/s over the bytes ingest read (every
# file below the RCV1 directory), articles/s over articles parsed (new and
# duplicate); peak RSS from build/bench/peak-rss.

# ingest_figure LABEL INPUT: one line of figures for ingesting INPUT.
ingest_figure() {
    store=$bench_dir/ingest-figure.db
    rm -f "$store" "$store-wal" "$store-shm"
    if ! "$peak_rss" "$newsidx" --db "$store" ingest --json "$2" >"$bench_dir/ingest.json" 2>"$bench_dir/measure.err"; then
        echo "ingest $1: no figure ($(head -c 300 "$bench_dir/measure.err"))"
        return 0
    fi
    rss_kb=$(sed -n 's/.*peak_rss_kb=\([0-9]*\).*/\1/p' "$bench_dir/measure.err")
    seconds=$(sed -n 's/.*wall_seconds=\([0-9.]*\).*/\1/p' "$bench_dir/measure.err")
    set -- "$1" $(python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
print(j["bytes"], j["articles_new"] + j["articles_duplicate"], j["articles_new"], j["repaired"])' "$bench_dir/ingest.json")
    store_mb=$(awk -v b="$(wc -c <"$store")" 'BEGIN { printf "%.1f", b / 1000000 }')
    echo "ingest $1: $(rate "$2" "$seconds" | awk '{printf "%.1f", $1/1000000}') MB/s," \
         "$(rate "$3" "$seconds") articles/s, $3 articles ($4 new, $5 repaired) in ${seconds} s," \
         "peak RSS ${rss_kb} KB, store ${store_mb} MB"
    rm -f "$store" "$store-wal" "$store-shm"
}

echo
echo "== ingest (Reuters-21578 SGML, RCV1 XML, and wire text of about the same size)"
ingest_figure "wire $(basename "$small")" "$small"
ingest_figure "sgml $(basename "$sgml_dump")" "$sgml_dump"
ingest_figure "rcv1 $(basename "$rcv1_dir")" "$rcv1_dir"

# ---- query latency (the querying issue) ----------------------------------------
echo
echo "== query latency (a store of 200,000 generated articles)"
sh bench/query.sh "$newsidx" "$build" "$bench_dir"

# ---- the two back ends side by side (the PostgreSQL issue) ----------------------
echo
echo "== SQLite and PostgreSQL side by side (200,000 generated articles)"
BUILD=$build sh bench/postgres.sh "$newsidx" "$build" "$bench_dir"

# ---- growth with the archive (the scale issue) ---------------------------------
echo
echo "== growth: 200,000 articles, and BENCH_ARTICLES (1000000 to compare; not in CI)"
sh bench/scale.sh "$newsidx" "$build" "$bench_dir"
