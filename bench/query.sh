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
#
# Then the facets (the dates issue): people, datelines and timeline --by
# month over the same common word and over no query, each as a whole
# command beside the ranked search for the word (`search said`), in one
# run of alternating commands so that the machine's noise hits all alike.
# Target: no facet slower than that search.
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
"$newsidx" --db "$store" stats >/dev/null 2>&1 # upgrades a store an older newsidx built
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

# ---- facets beside the ranked search of the same word ----------------------------
echo
echo "facets over a common word and over no query, whole commands (median of 15, interleaved)"
python3 - "$build/bench/latency" "$newsidx" "$store" <<'EOF'
import re, subprocess, sys
latency, newsidx, store = sys.argv[1:4]
commands = [
    ("search said (ranked)", ["search", "said", "--format=ndjson", "--limit", "20"]),
    ("people said --top 10", ["people", "said", "--top", "10", "--format=ndjson"]),
    ("datelines said --top 10", ["datelines", "said", "--top", "10", "--format=ndjson"]),
    ("timeline said --by month", ["timeline", "said", "--by", "month", "--format=ndjson"]),
    ("people --top 10 (no query)", ["people", "--top", "10", "--format=ndjson"]),
    ("datelines --top 10 (no query)", ["datelines", "--top", "10", "--format=ndjson"]),
    ("timeline --by month (no query)", ["timeline", "--by", "month", "--format=ndjson"]),
]
times = {label: [] for label, _ in commands}
for round_number in range(5):  # five rounds of three runs each, in turn
    for label, arguments in commands:
        out = subprocess.run([latency, "--warmup", "1", "3", newsidx, "--db", store, *arguments],
                             capture_output=True, text=True, check=True).stdout
        times[label].append(float(re.search(r"median_ms=([0-9.]+)", out).group(1)))
median = lambda values: sorted(values)[len(values) // 2]
search = median(times[commands[0][0]])
print(f"{'command':<34} {'median ms':>10} {'÷ search':>9}  target")
for label, _ in commands:
    m = median(times[label])
    print(f"{label:<34} {m:>10.1f} {m / search:>9.2f}  {'(the yardstick)' if label.startswith('search') else '<= 1.00'}")
EOF
