#!/bin/sh
# bench/scale.sh — how the store and its queries grow with the archive.
# Called by bench/run.sh; usage: sh bench/scale.sh NEWSIDX BUILD BENCH_DIR
#
# Builds (once, then reuses) a store of 200,000 generated articles and,
# with BENCH_ARTICLES=1000000 (not run in CI: 2.5 GB of text, some minutes
# to ingest), one of 1,000,000; prints for each its ingest, its size
# against the text, and the query mix as whole commands (median of 5,
# warm), the larger beside the smaller with the ratio, and how many
# articles each query matches at each size, so that a time growing faster
# than its matches shows.  Then the same queries on the larger store while
# a feed ingests into it with --no-optimize in a loop.
set -eu
newsidx=$1 build=$2 bench_dir=$3
sizes=200000
[ "${BENCH_ARTICLES:-200000}" -gt 200000 ] && sizes="200000 $BENCH_ARTICLES"
peak_rss=$build/bench/peak-rss
latency=$build/bench/latency

# store_for N: builds the store of N articles (reused while it is whole).
store_for() {
    store=$bench_dir/scale-$1.db
    dump=$bench_dir/scale-$1.txt
    [ -s "$dump" ] || "$build/bench/generate" --articles "$1" --seed 5 >"$dump"
    have=$("$newsidx" --db "$store" count --format=table 2>/dev/null || echo 0)
    if [ "$have" -lt "$1" ] || [ ! -s "$bench_dir/scale-$1.ingest" ]; then
        rm -f "$store" "$store-wal" "$store-shm"
        "$peak_rss" "$newsidx" --db "$store" ingest --quiet "$dump" 2>"$bench_dir/scale-$1.ingest" >/dev/null
    fi
}

field() { echo "$1" | sed -n "s/.*$2=\([0-9.]*\).*/\1/p"; }

for n in $sizes; do
    store_for "$n"
done

echo "store and ingest (generated text, seed 5)"
printf '%-12s %10s %10s %10s %8s %12s\n' articles "text MB" "store MB" "× text" "ingest s" "peak RSS MB"
for n in $sizes; do
    store=$bench_dir/scale-$n.db dump=$bench_dir/scale-$n.txt
    text=$(wc -c <"$dump")
    size=$(($(wc -c <"$store") + $( [ -f "$store-wal" ] && wc -c <"$store-wal" || echo 0)))
    seconds=$(field "$(cat "$bench_dir/scale-$n.ingest")" wall_seconds)
    rss=$(field "$(cat "$bench_dir/scale-$n.ingest")" peak_rss_kb)
    awk -v n="$n" -v t="$text" -v s="$size" -v sec="$seconds" -v r="$rss" \
        'BEGIN { printf "%-12s %10.0f %10.0f %10.2f %8.1f %12.1f\n", n, t / 1e6, s / 1e6, s / t, sec, r / 1e3 }'
done

# The query mix: label, target at 1,000,000, the search arguments.
largest=$(echo "$sizes" | awk '{ print $NF }')
big=$bench_dir/scale-$largest.db
person=$(sqlite3 "$big" "SELECT p.name FROM credits c JOIN people p ON p.id = c.person_id GROUP BY p.id
    ORDER BY abs(count(DISTINCT c.article_id) - (SELECT count(*) / 100 FROM articles)), p.name LIMIT 1")
city=$(sqlite3 "$big" "SELECT lower(city) FROM dateline_places GROUP BY city ORDER BY count(*) DESC LIMIT 1")
rare=$(sqlite3 "$big" "CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, article_search, row);
    SELECT term FROM temp.vocabulary WHERE term GLOB '[a-z][a-z][a-z][a-z]*' AND doc BETWEEN 50 AND 2000
    ORDER BY doc, term LIMIT 1")
queries="rare word|25|$rare
name phrase, ~1%|40|\"$person\"
common word, ranked|80|said
prefix|100|diplom*
common word, --dateline $city|80|said --dateline $city
common word, newest|10|said --sort=newest"

# run_mix STORE OUT: the median of each query, and its matches, into OUT.
run_mix() {
    : >"$2"
    echo "$queries" | while IFS='|' read -r label target arguments; do
        # shellcheck disable=SC2086
        out=$("$latency" --warmup 1 5 "$newsidx" --db "$1" search --format=ndjson --limit 20 $arguments </dev/null) ||
            out="median_ms=0"
        counted=$(echo "$arguments" | sed 's/ *--sort=[a-z]*//')
        # shellcheck disable=SC2086
        matches=$("$newsidx" --db "$1" count --format=table $counted </dev/null) || matches=0
        echo "$label|$target|$(field "$out" median_ms)|$matches" >>"$2"
    done
}

echo
echo "queries, whole commands, median of 5 (warm); rare word '$rare', person \"$person\""
for n in $sizes; do
    run_mix "$bench_dir/scale-$n.db" "$bench_dir/scale-$n.mix"
done
python3 - "$bench_dir" $sizes <<'EOF'
import sys
bench_dir, sizes = sys.argv[1], sys.argv[2:]
mixes = []
for n in sizes:
    rows = [line.rstrip("\n").split("|") for line in open("%s/scale-%s.mix" % (bench_dir, n))]
    mixes.append(rows)
head = "%-34s" % "query" + "".join("%12s" % ("%dk ms" % (int(n) // 1000)) for n in sizes)
if len(sizes) > 1:
    head += "%8s %16s" % ("ratio", "matches ratio")
print(head + "  target at 1M")
for i, row in enumerate(mixes[0]):
    label, target = row[0], row[1]
    line = "%-34s" % label + "".join("%12s" % mix[i][2] for mix in mixes)
    if len(sizes) > 1:
        small, large = float(mixes[0][i][2]), float(mixes[-1][i][2])
        m_small, m_large = int(mixes[0][i][3]), int(mixes[-1][i][3])
        line += "%8.2f %16s" % (large / small, "%.2f (%d)" % (m_large / max(m_small, 1), m_large))
    print(line + "  <= %s ms" % target)
EOF

# ---- the nightly feed: reading while ingest --no-optimize runs in a loop ----
echo
echo "the same queries on the $largest-article store while a feed ingests into it (--no-optimize, in a loop)"
feed_dir=$bench_dir/feed
mkdir -p "$feed_dir"
i=0
while [ "$i" -lt 20 ]; do
    [ -s "$feed_dir/$i.txt" ] || "$build/bench/generate" --articles 200 --seed "$((9000 + i))" >"$feed_dir/$i.txt"
    i=$((i + 1))
done
cp "$big" "$bench_dir/feed.db"
rm -f "$bench_dir/feed.db-wal" "$bench_dir/feed.db-shm"
rm -f "$bench_dir/feed.stop"
(
    set +e
    while [ ! -f "$bench_dir/feed.stop" ]; do
        for f in "$feed_dir"/*.txt; do
            "$newsidx" --db "$bench_dir/feed.db" ingest --quiet --no-optimize --force "$f" >/dev/null 2>&1 </dev/null
            [ -f "$bench_dir/feed.stop" ] && break
        done
    done
) &
feeder=$!
sleep 2
run_mix "$bench_dir/feed.db" "$bench_dir/feed.mix"
touch "$bench_dir/feed.stop"
wait "$feeder" 2>/dev/null || true
rm -f "$bench_dir/feed.stop"
python3 - "$bench_dir/scale-$largest.mix" "$bench_dir/feed.mix" <<'EOF'
import sys
quiet = [line.rstrip("\n").split("|") for line in open(sys.argv[1])]
busy = [line.rstrip("\n").split("|") for line in open(sys.argv[2])]
print("%-34s %12s %12s %8s" % ("query", "quiet ms", "feeding ms", "ratio"))
for q, b in zip(quiet, busy):
    ratio = "%8.2f" % (float(b[2]) / float(q[2])) if float(b[2]) > 0 else "  failed"
    print("%-34s %12s %12s %s  (<= 2.00)" % (q[0], q[2], b[2], ratio))
EOF
"$newsidx" --db "$bench_dir/feed.db" optimize --format=json | sed 's/^/after the feed, newsidx optimize: /'
rm -f "$bench_dir/feed.db" "$bench_dir/feed.db-wal" "$bench_dir/feed.db-shm"
