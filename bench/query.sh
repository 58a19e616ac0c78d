#!/bin/sh
# bench/query.sh — query latency on a store of 200,000 generated articles.
# Called by bench/run.sh; usage: sh bench/query.sh NEWSIDX BUILD BENCH_DIR
#
# The query mix of the querying issue, each run warm: after warm-up runs,
# 30 times inside one process (bench/query-latency: the search itself,
# hits and snippets included) and 20 times as a whole command
# (bench/latency: process start and store open included).
#   rare word        the rarest term of the index
#   person phrase    "First Last" of a person credited in about 1% of the
#                    articles (and, for reference, the most credited person)
#   filter only      --dateline CITY, the most frequent dateline city
#   common, newest   said --sort=newest
#   common, ranked   said (bm25)
#   the same, filtered  said --dateline CITY (thousands of articles)
# Targets: median under 10 ms for all but the ranked common word, under
# 150 ms for that one.
set -eu
newsidx=$1 build=$2 bench_dir=$3
articles=${BENCH_QUERY_ARTICLES:-200000}
store=$bench_dir/query-$articles.db
dump=$bench_dir/query-$articles.txt

have=$(sqlite3 "$store" 'SELECT count(*) FROM articles' 2>/dev/null || echo 0)
if [ "$have" -lt "$articles" ]; then
    rm -f "$store" "$store-wal" "$store-shm"
    [ -s "$dump" ] || "$build/bench/generate" --articles "$articles" --seed 5 >"$dump"
    echo "building the store: $articles articles from $(($(wc -c <"$dump") / 1000000)) MB"
    "$newsidx" --db "$store" ingest --quiet "$dump" >/dev/null
fi
echo "store: $(sqlite3 "$store" 'SELECT count(*) FROM articles') articles, $(($(wc -c <"$store") / 1000000)) MB"

rare=$(sqlite3 "$store" "CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, article_search, row);
    SELECT term FROM temp.vocabulary WHERE term GLOB '[a-z][a-z][a-z]*' ORDER BY doc, term LIMIT 1;")
rare_docs=$(sqlite3 "$store" "CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, article_search, row);
    SELECT doc FROM temp.vocabulary WHERE term = '$rare';")
person_sql="SELECT p.name, count(DISTINCT c.article_id) AS n FROM credits c JOIN people p ON p.id = c.person_id GROUP BY p.id"
person=$(sqlite3 "$store" "$person_sql ORDER BY abs(n - (SELECT count(*) / 100 FROM articles)), p.name LIMIT 1" | cut -d'|' -f1)
top_person=$(sqlite3 "$store" "$person_sql ORDER BY n DESC, p.name LIMIT 1" | cut -d'|' -f1)
city=$(sqlite3 "$store" "SELECT lower(city) FROM dateline_places GROUP BY city ORDER BY count(*) DESC LIMIT 1")

echo "rare word '$rare' is in $rare_docs articles; person \"$person\" (about 1%), most credited \"$top_person\""
printf '%-34s %10s %10s %12s %12s  %s\n' query "median ms" "p95 ms" "command med" "command p95" target
run_query() {
    label=$1 target=$2
    shift 2
    inner=$("$build/bench/query-latency" "$store" 30 -- "$@")
    outer=$("$build/bench/latency" 20 "$newsidx" --db "$store" search --format=ndjson --limit 20 "$@")
    field() { echo "$1" | sed -n "s/.*$2=\([0-9.]*\).*/\1/p"; }
    printf '%-34s %10s %10s %12s %12s  %s\n' "$label" "$(field "$inner" median_ms)" "$(field "$inner" p95_ms)" \
        "$(field "$outer" median_ms)" "$(field "$outer" p95_ms)" "$target"
}
run_query "rare word ($rare)" "< 10 ms" "$rare"
run_query "person phrase, ~1% ($person)" "< 10 ms" "\"$person\""
run_query "person phrase, top ($top_person)" "(reference)" "\"$top_person\""
run_query "filter only (--dateline $city)" "< 10 ms" --dateline "$city"
run_query "common word, newest (said)" "< 10 ms" said --sort=newest
run_query "common word, ranked (said)" "< 150 ms" said
run_query "common word, ranked, --dateline $city" "< 150 ms" said --dateline "$city"
