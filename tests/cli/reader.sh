#!/bin/sh
# tests/cli/reader.sh — readers get consistent answers while an ingest
# writes: in every read transaction the articles, the full-text index and
# the provenance agree, counts never go back, and nobody waits on a lock.
. tests/lib.sh

BUILD=${BUILD:-build}
GENERATE=${GENERATE:-$BUILD/bench/generate}
if [ ! -x "$GENERATE" ]; then
    skip "reader during ingest" "$GENERATE is not built (make $GENERATE)"
    exit 0
fi

inputs=
for seed in 1 2 3 4 5 6; do
    "$GENERATE" --megabytes 1 --seed "$seed" >"$TEST_TMP/dump-$seed.txt"
    inputs="$inputs $TEST_TMP/dump-$seed.txt"
done
db=$TEST_TMP/store.db
"$NEWSIDX" --db "$db" ingest -q "$TEST_TMP/dump-1.txt" # the store exists before readers come

# shellcheck disable=SC2086
"$NEWSIDX" --db "$db" ingest -q --batch-size 50 $inputs &
writer=$!

# A reader in Python, polling until the writer is done.
python3 - "$db" "$writer" >"$TEST_TMP/reader.out" 2>&1 <<'EOF' &
import os, sqlite3, sys, time
path, writer = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect("file:" + path + "?mode=ro", uri=True, timeout=0.5, isolation_level=None)
reads, last, problems, counts = 0, 0, [], set()
def alive(pid):
    try:
        os.kill(pid, 0)
        return os.path.exists("/proc/%d" % pid) and open("/proc/%d/stat" % pid).read().split()[2] != "Z"
    except OSError:
        return False
while True:
    done = not alive(writer)
    try:
        db.execute("BEGIN")
        articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        indexed = db.execute("SELECT count(*) FROM article_search_docsize").fetchone()[0]
        sighted = db.execute("SELECT count(DISTINCT article_id) FROM provenance").fetchone()[0]
        matches = db.execute("SELECT count(*) FROM article_search WHERE article_search MATCH 'government'").fetchone()[0]
        db.execute("COMMIT")
    except sqlite3.Error as error:
        problems.append("read %d: %s" % (reads, error))
        break
    reads += 1
    counts.add(articles)
    if not (articles == indexed == sighted):
        problems.append("read %d: %d articles, %d indexed, %d with a source" % (reads, articles, indexed, sighted))
    if articles < last:
        problems.append("read %d: articles went from %d to %d" % (reads, last, articles))
    if matches > articles:
        problems.append("read %d: %d matches among %d articles" % (reads, matches, articles))
    last = articles
    if done:
        break
print("problems:", "; ".join(problems[:3]) if problems else "none")
print("reads:", reads, "distinct counts:", len(counts))
EOF
reader=$!

# newsidx stats as a second reader, while the writer writes.
stats_failures=0
while kill -0 "$writer" 2>/dev/null; do
    "$NEWSIDX" --db "$db" stats --json >"$TEST_TMP/stats.json" 2>"$TEST_TMP/stats.err" || stats_failures=$((stats_failures + 1))
    sleep 0.05
done
wait "$writer"
writer_status=$?
wait "$reader"

expect_equal "reader: the ingest succeeded" 0 "$writer_status"
if grep -q '^problems: none' "$TEST_TMP/reader.out"; then
    pass "reader: consistent answers during ingest ($(grep '^reads:' "$TEST_TMP/reader.out"))"
else
    fail "reader: consistent answers during ingest" "$(cat "$TEST_TMP/reader.out")"
fi
distinct=$(sed -n 's/.*distinct counts: //p' "$TEST_TMP/reader.out")
if [ "${distinct:-0}" -ge 3 ]; then
    pass "reader: saw the store grow ($distinct different counts)"
else
    fail "reader: saw the store grow" "only ${distinct:-0} different counts: $(cat "$TEST_TMP/reader.out")"
fi
expect_equal "reader: stats never failed during ingest" 0 "$stats_failures"
