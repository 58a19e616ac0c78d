#!/bin/sh
# bench/ingest.sh NEWSIDX — ingest throughput on generated dumps.
#
# For each dump size (BENCH_MEGABYTES, default "25 100") it generates a wire
# dump with bench/generate, ingests it into a new store (a plain ingest, and
# one with --no-optimize to show what the final index tidy costs), and
# prints MB/s, articles/s, peak RSS and the store's size.  Beside it, in the
# same run, the bare cost of loading the same rows (title, body, captions,
# byline, dateline, credits, exported from the store) into an equivalent
# FTS5 table with the sqlite3 shell: same columns, same tokenizer, the
# shell's defaults otherwise.  Each side runs BENCH_RUNS times (default 5),
# alternating, and the fastest run of each is compared; the ratio is
# newsidx / bare.  The machine's noise is large (runs of the same command
# differ by up to a third), hence best of several.
set -u
NEWSIDX=${1:?usage: bench/ingest.sh NEWSIDX}
BUILD=${BUILD:-build}
GENERATE=${GENERATE:-$BUILD/bench/generate}
PEAK_RSS=${PEAK_RSS:-$BUILD/bench/peak-rss}
SIZES=${BENCH_MEGABYTES:-25 100}
RUNS=${BENCH_RUNS:-5}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/newsidx-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

[ -x "$GENERATE" ] || { echo "bench: $GENERATE is missing (make $GENERATE)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "bench: python3 is needed" >&2; exit 1; }
have_sqlite3=true
command -v sqlite3 >/dev/null || have_sqlite3=false

# measure OUT CMD...: runs CMD; writes "wall_seconds peak_rss_kb" into OUT.
measure() {
    out=$1
    shift
    if [ -x "$PEAK_RSS" ]; then
        "$PEAK_RSS" "$@" >/dev/null 2>"$WORK/peak.err"
        sed -n 's/.*peak_rss_kb=\([0-9]*\).*wall_seconds=\([0-9.]*\).*/\2 \1/p' "$WORK/peak.err" | tail -n 1 >"$out"
    else
        python3 -c 'import resource, subprocess, sys, time
start = time.monotonic()
subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, check=True)
wall = time.monotonic() - start
with open(sys.argv[1], "w") as out:
    print("%.3f %d" % (wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss), file=out)' "$out" "$@"
    fi
}

# field FILE N: the Nth number of a "wall rss" file (1 = wall, 2 = rss).
field() { awk -v f="$2" '{ print $f }' "$1"; }

# less A B: true when the number A is below B.
less() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

# calc EXPRESSION: awk's arithmetic, printed with %g-like precision.
calc() { awk "BEGIN { print $1 }"; }

echo "newsidx bench: generated wire dumps (bench/generate --seed 1), $RUNS runs each, best run shown"
echo "sqlite $(python3 -c 'import sqlite3; print(sqlite3.sqlite_version)'), $(nproc 2>/dev/null || echo '?') CPUs"
echo
printf '%-8s %9s %9s %8s %8s %10s %10s %9s | %8s %8s %9s %6s %6s\n' \
    "dump MB" articles "ingest s" "load s" "MB/s" "articles/s" "peak RSS" "store MB" "bare s" "merge s" "bare RSS" \
    "ratio" "merged"
for size in $SIZES; do
    dump=$WORK/dump-$size.txt
    "$GENERATE" --megabytes "$size" --seed 1 >"$dump"
    bytes=$(wc -c <"$dump")
    best_ingest= best_load= best_bare= best_bare_merge= rss= bare_rss= articles=
    run=1
    while [ "$run" -le "$RUNS" ]; do
        # A plain ingest, the figure the target is about; then the same
        # with --no-optimize, which skips the index tidy an ingest ends with
        # (what the tidy costs is the difference).
        rm -f "$WORK"/store.db*
        measure "$WORK/ingest.m" "$NEWSIDX" --db "$WORK/store.db" ingest --quiet "$dump"
        wall=$(field "$WORK/ingest.m" 1)
        if [ -z "$best_ingest" ] || less "$wall" "$best_ingest"; then
            best_ingest=$wall
            rss=$(field "$WORK/ingest.m" 2)
        fi
        if $have_sqlite3 && [ "$run" -eq 1 ]; then
            articles=$(sqlite3 "$WORK/store.db" "SELECT count(*) FROM articles")
            # The rows as the index takes them (the text is compressed in
            # the store, so read it back through newsidx).
            "$NEWSIDX" --db "$WORK/store.db" export --format=ndjson | python3 -c 'import csv, json, sys
rows = csv.writer(open(sys.argv[1], "w", newline="", encoding="utf-8"))
for line in sys.stdin:
    a = json.loads(line)
    rows.writerow([a["title"] or "", "\n\n".join(a["paragraphs"]), "\n".join(c["text"] or "" for c in a["captions"]),
                   ", ".join(a["byline"]), (a["dateline"] or {}).get("raw") or "", a["credits_raw"] or ""])' "$WORK/rows.csv"
        fi
        store_bytes=$(wc -c <"$WORK/store.db")
        rm -f "$WORK"/store.db*
        measure "$WORK/load.m" "$NEWSIDX" --db "$WORK/store.db" ingest --quiet --no-optimize "$dump"
        wall=$(field "$WORK/load.m" 1)
        if [ -z "$best_load" ] || less "$wall" "$best_load"; then best_load=$wall; fi
        if $have_sqlite3; then
            rm -f "$WORK"/bare.db*
            measure "$WORK/bare.m" sqlite3 "$WORK/bare.db" \
                "CREATE VIRTUAL TABLE bare USING fts5(title, body, caption, byline, dateline, credits, tokenize = 'porter unicode61 remove_diacritics 2')" \
                ".mode csv" ".import $WORK/rows.csv bare"
            wall=$(field "$WORK/bare.m" 1)
            if [ -z "$best_bare" ] || less "$wall" "$best_bare"; then
                best_bare=$wall
                bare_rss=$(field "$WORK/bare.m" 2)
            fi
            measure "$WORK/bare-merge.m" sqlite3 "$WORK/bare.db" "INSERT INTO bare (bare) VALUES ('optimize')"
            wall=$(field "$WORK/bare-merge.m" 1)
            if [ -z "$best_bare_merge" ] || less "$wall" "$best_bare_merge"; then best_bare_merge=$wall; fi
        fi
        run=$((run + 1))
    done
    if [ -z "$articles" ]; then
        rm -f "$WORK"/store.db*
        "$NEWSIDX" --db "$WORK/store.db" ingest --quiet "$dump"
        articles=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM articles").fetchone()[0])' "$WORK/store.db")
    fi
    if $have_sqlite3; then
        ratio=$(awk -v a="$best_ingest" -v b="$best_bare" 'BEGIN { printf "%.2f", a / b }')
        merged=$(awk -v a="$best_ingest" -v b="$best_bare" -v m="$best_bare_merge" 'BEGIN { printf "%.2f", a / (b + m) }')
    else
        best_bare=- best_bare_merge=- bare_rss=- ratio=- merged=-
    fi
    printf '%-8.1f %9s %9s %8s %8.1f %10.0f %8s K %9.1f | %8s %8s %7s K %6s %6s\n' \
        "$(calc "$bytes / 1000000")" "$articles" "$best_ingest" "$best_load" \
        "$(calc "$bytes / 1000000 / $best_ingest")" "$(calc "$articles / $best_ingest")" \
        "$rss" "$(calc "$store_bytes / 1000000")" "$best_bare" "$best_bare_merge" "$bare_rss" "$ratio" "$merged"
done
echo
echo "ingest = a plain newsidx ingest into a new store, ending with its index tidy;"
echo "load = the same with --no-optimize (no tidy); bare = the bare FTS5 load;"
echo "merge = merging the bare table's index into one segment afterwards ('optimize')."
echo "ratio = ingest / bare (target: at most 1.25); merged = ingest / (bare + merge): a plain"
echo "ingest merges its index into one segment when the load left more than 4 (one per 32 MB batch)."
$have_sqlite3 || echo "bare FTS5 load skipped: the sqlite3 shell is not installed (apt-get install sqlite3)."
