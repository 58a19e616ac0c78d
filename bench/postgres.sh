#!/bin/sh
# bench/postgres.sh — SQLite and PostgreSQL side by side on 200,000
# generated articles.  Called by bench/run.sh; usage:
#   sh bench/postgres.sh NEWSIDX BUILD BENCH_DIR
#
# Where PostgreSQL is installed (tests/pg/cluster.sh available) and newsidx
# is built with its back end, it starts a throw-away cluster on loopback
# (durable settings: fsync, synchronous_commit and full_page_writes on, as a
# real server has them; shared_buffers 256MB), then:
#   ingest   the dump of bench/query.sh (200,000 articles, seed 5) into a
#            new SQLite store and a new PostgreSQL database, one after the
#            other: MB/s, articles/s, wall seconds, peak RSS of newsidx
#            (the server's memory is not counted), size of the store;
#   queries  the query mix of bench/query.sh (rare word, person phrase,
#            --dateline, common word newest and ranked, ranked with
#            --dateline) and the facets over the common word, each as a
#            whole command (bench/latency: 15 runs after 2 warm-up runs),
#            the two back ends alternating query by query so that the
#            machine's noise hits both alike.
# Prints figures only, never fails on a target.  Elsewhere it prints one
# line saying why it skipped.  BENCH_QUERY_ARTICLES (default 200000) sizes
# the store.
set -u
newsidx=$1 build=$2 bench_dir=$3
articles=${BENCH_QUERY_ARTICLES:-200000}
runs=${BENCH_PG_RUNS:-15}
dump=$bench_dir/query-$articles.txt

if ! why=$(sh tests/pg/cluster.sh available); then echo "skipped: $why"; exit 0; fi
if command -v ldd >/dev/null 2>&1 && ! ldd "$newsidx" 2>/dev/null | grep -q libpq; then
    echo "skipped: '$newsidx' is built without libpq (no PostgreSQL back end)"; exit 0
fi
mkdir -p "$bench_dir"
[ -s "$dump" ] || "$build/bench/generate" --articles "$articles" --seed 5 >"$dump"
cluster=$(mktemp -d /tmp/newsidx-pg-bench.XXXXXX)
work=$(mktemp -d "${TMPDIR:-/tmp}/newsidx-bench-pg.XXXXXX")
trap 'sh tests/pg/cluster.sh stop "$cluster"; rm -rf "$work"' EXIT
if ! uri=$(sh tests/pg/cluster.sh start "$cluster" "fsync = on" "synchronous_commit = on" "full_page_writes = on" \
    "shared_buffers = 256MB" "max_wal_size = 4GB" "maintenance_work_mem = 256MB" 2>"$work/err"); then
    echo "skipped: cannot start a cluster: $(cat "$work/err")"; exit 0
fi
pg=$(sh tests/pg/cluster.sh createdb "$uri" bench)
lite=$work/bench.db
bytes=$(wc -c <"$dump")

# ingest LABEL STORE: one line of ingest figures.
ingest() {
    if ! "$build/bench/peak-rss" "$newsidx" --db "$2" ingest --json "$dump" >"$work/ingest.json" 2>"$work/measure.err"; then
        printf '%-11s no figure (%s)\n' "$1" "$(grep -v peak_rss "$work/measure.err" | head -c 300)"
        return 1
    fi
    rss_kb=$(sed -n 's/.*peak_rss_kb=\([0-9]*\).*/\1/p' "$work/measure.err")
    seconds=$(sed -n 's/.*wall_seconds=\([0-9.]*\).*/\1/p' "$work/measure.err")
    new=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["articles_new"])' "$work/ingest.json")
    if [ "$1" = SQLite ]; then
        size=$(($(wc -c <"$2") / 1000000))
    else
        size=$(($(sh tests/pg/cluster.sh psql "$2" -At -c 'SELECT pg_database_size(current_database())') / 1000000))
    fi
    awk -v label="$1" -v b="$bytes" -v s="$seconds" -v n="$new" -v r="$rss_kb" -v size="$size" \
        'BEGIN { printf "%-11s %8.1f %12.0f %10.1f %10d %10d\n", label, b / 1e6 / s, n / s, s, r / 1024, size }'
}
echo "ingest of $(basename "$dump") ($((bytes / 1000000)) MB, $articles articles), one after the other"
printf '%-11s %8s %12s %10s %10s %10s\n' "back end" "MB/s" "articles/s" seconds "RSS MB" "store MB"
ingest SQLite "$lite" || exit 0
ingest PostgreSQL "$pg" || exit 0
sh tests/pg/cluster.sh psql "$pg" -c 'VACUUM ANALYZE' >/dev/null 2>&1

# The words and names of bench/query.sh, found in the SQLite store.
rare=$(sqlite3 "$lite" "CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, article_search, row);
    SELECT term FROM temp.vocabulary WHERE term GLOB '[a-z][a-z][a-z]*' ORDER BY doc, term LIMIT 1;")
person_sql="SELECT p.name, count(DISTINCT c.article_id) AS n FROM credits c JOIN people p ON p.id = c.person_id GROUP BY p.id"
person=$(sqlite3 "$lite" "$person_sql ORDER BY abs(n - (SELECT count(*) / 100 FROM articles)), p.name LIMIT 1" | cut -d'|' -f1)
city=$(sqlite3 "$lite" "SELECT lower(city) FROM dateline_places GROUP BY city ORDER BY count(*) DESC LIMIT 1")

echo
echo "whole commands, median and p95 of $runs runs (ms), the back ends alternating"
printf '%-36s %9s %9s %11s %11s %7s\n' command "SQLite" "p95" "PostgreSQL" "p95" "PG÷SQL"
# side_by_side LABEL ARGS...: the command ARGS on both stores.
side_by_side() {
    label=$1
    shift
    a=$("$build/bench/latency" "$runs" "$newsidx" --db "$lite" "$@" 2>&1)
    b=$("$build/bench/latency" "$runs" "$newsidx" --db "$pg" "$@" 2>&1)
    field() { echo "$1" | sed -n "s/.*$2=\([0-9.]*\).*/\1/p"; }
    printf '%-36s %9s %9s %11s %11s %7s\n' "$label" "$(field "$a" median_ms)" "$(field "$a" p95_ms)" \
        "$(field "$b" median_ms)" "$(field "$b" p95_ms)" \
        "$(awk -v x="$(field "$a" median_ms)" -v y="$(field "$b" median_ms)" 'BEGIN { if (x > 0 && y > 0) printf "%.1f", y / x; else print "-" }')"
}
side_by_side "rare word ($rare)" search --format=ndjson --limit 20 "$rare"
side_by_side "person phrase, ~1%" search --format=ndjson --limit 20 "\"$person\""
side_by_side "filter only (--dateline $city)" search --format=ndjson --limit 20 --dateline "$city"
side_by_side "common word, newest (said)" search --format=ndjson --limit 20 --sort=newest said
side_by_side "common word, ranked (said)" search --format=ndjson --limit 20 said
side_by_side "said, ranked, --dateline $city" search --format=ndjson --limit 20 --dateline "$city" said
side_by_side "count said" count said
side_by_side "people said --top 10" people --top 10 --format=ndjson said
side_by_side "datelines said --top 10" datelines --top 10 --format=ndjson said
side_by_side "timeline said --by month" timeline --by month --format=ndjson said
side_by_side "show (one article)" show "$(sqlite3 "$lite" 'SELECT min(id) FROM articles')"
