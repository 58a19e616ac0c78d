#!/bin/sh
# tests/cli/postgres_kill.sh — kill -9 an ingest into a PostgreSQL store at
# several moments (once it has stored a random share of what is left),
# resuming each time.  After every kill the store holds
# only whole articles (each exactly as an uninterrupted ingest stores it,
# with all its rows: provenance, the de-duplication guard, its search
# vector), and no source is marked complete that was not read to its end.
# The last resume completes, and the store then equals an uninterrupted
# ingest.  (tests/cli/crash.sh is the SQLite test.)
. tests/lib.sh

if ! need_postgresql; then skip "PostgreSQL kill -9" "$PG_WHY"; exit 0; fi
GENERATE=${GENERATE:-${BUILD:-build}/bench/generate}
[ -x "$GENERATE" ] || { skip "PostgreSQL kill -9" "$GENERATE not built"; exit 0; }
if [ -n "${VALGRIND_TARGET:-}" ]; then skip "PostgreSQL kill -9" "not run under valgrind"; exit 0; fi
KILLS=${CRASH_KILLS:-8}
now() { date +%s.%N; }

inputs=
for i in 1 2 3 4; do
    "$GENERATE" --megabytes 1 --seed "$((7000 + i))" >"$TEST_TMP/dump-$i.txt"
    inputs="$inputs $TEST_TMP/dump-$i.txt"
done

# The reference: one uninterrupted ingest, into SQLite and into PostgreSQL.
# shellcheck disable=SC2086
"$NEWSIDX" --db "$TEST_TMP/reference.db" ingest -q $inputs
"$NEWSIDX" --db "$TEST_TMP/reference.db" export >"$TEST_TMP/reference.ndjson"
reference_count=$("$NEWSIDX" --db "$TEST_TMP/reference.db" count --format=table)
pg_reference=$(pg_store reference)
# shellcheck disable=SC2086
if "$NEWSIDX" --db "$pg_reference" ingest -q --batch-size 50 $inputs 2>"$TEST_TMP/err"; then
    pass "kill: uninterrupted ingest into PostgreSQL"
else
    fail "kill: uninterrupted ingest into PostgreSQL" "$(head -c 300 "$TEST_TMP/err")"
    exit 0
fi

# whole DB LABEL: every stored article is whole; prints "ok N" or what is wrong.
whole() {
    "$NEWSIDX" --db "$1" export >"$TEST_TMP/stored.ndjson" 2>"$TEST_TMP/export.err" || { echo "export failed: $(head -c 200 "$TEST_TMP/export.err")"; return; }
    if ! n=$(python3 tests/pg/compare.py articles "$TEST_TMP/reference.ndjson" "$TEST_TMP/stored.ndjson" 2>&1); then echo "$n"; return; fi
    problems=$(pg_sql "$1" "SELECT
        (SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM provenance p WHERE p.article_id = a.id)) || ' without provenance, ' ||
        (SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_hashes h WHERE h.article_id = a.id AND h.text_hash = a.text_hash)) || ' without their hash, ' ||
        (SELECT count(*) FROM article_hashes h WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = h.article_id)) || ' hashes without article, ' ||
        (SELECT count(*) FROM provenance p WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = p.article_id)) || ' sightings without article, ' ||
        (SELECT count(*) FROM credits c WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = c.article_id)) || ' credits without article, ' ||
        (SELECT count(*) FROM articles WHERE search IS NULL OR length(search) = 0) || ' unsearchable'" 2>&1)
    case $problems in
    "0 without provenance, 0 without their hash, 0 hashes without article, 0 sightings without article, 0 credits without article, 0 unsearchable") echo "ok $n" ;;
    *) echo "$problems" ;;
    esac
}

db=$(pg_store killed)
kill_number=1
killed=0
while [ "$kill_number" -le "$KILLS" ]; do
    # Killed once it has stored a random share (10% to 40%) of what is left,
    # watched in the store itself: a delay taken from the uninterrupted
    # ingest's time misses when the machine's load changes (under ASan, or
    # beside another build), and every ingest then ends before its kill.
    stored=$(pg_sql "$db" "SELECT count(*) FROM articles")
    target=$(awk -v s="$stored" -v r="$reference_count" -v k="$kill_number" -v seed="$$" \
        'BEGIN { srand(seed + k); printf "%d", s + 1 + (r - s) * (0.1 + 0.3 * rand()) }')
    start=$(now)
    # shellcheck disable=SC2086
    "$NEWSIDX" --db "$db" ingest -q --batch-size 50 $inputs 2>"$TEST_TMP/ingest.err" &
    pid=$!
    while kill -0 "$pid" 2>/dev/null &&
        [ "$(pg_sql "$db" "SELECT count(*) FROM articles" 2>/dev/null || echo 0)" -lt "$target" ]; do
        sleep 0.05
    done
    if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
    wait "$pid" 2>/dev/null
    delay=$(echo "$start $(now)" | awk '{ printf "%.2f", $2 - $1 }')
    result=$(whole "$db")
    case $result in
    ok*) pass "kill $kill_number after ${delay}s: only whole articles (${result#ok } stored)" ;;
    *) fail "kill $kill_number after ${delay}s: only whole articles" "$result" ;;
    esac
    done_early=$(pg_sql "$db" "SELECT count(*) FROM sources WHERE ingested_at IS NOT NULL")
    stored=$(pg_sql "$db" "SELECT count(*) FROM articles")
    if [ "$done_early" -eq 4 ] && [ "$stored" -ne "$reference_count" ]; then
        fail "kill $kill_number: sources marked complete only when read" "all 4 complete but $stored of $reference_count articles"
    fi
    kill_number=$((kill_number + 1))
done
if [ "$killed" -gt 0 ]; then pass "kill: $killed of $KILLS ingests killed while running"
else fail "kill: ingests killed while running" "every ingest had finished before its kill"; fi
# shellcheck disable=SC2086
expect_status "kill: the ingest resumes and completes" 0 "$NEWSIDX" --db "$db" ingest -q $inputs
expect_equal "kill: every article stored once" "$reference_count" "$("$NEWSIDX" --db "$db" count --format=table)"
expect_equal "kill: every source complete" 4 "$(pg_sql "$db" "SELECT count(*) FROM sources WHERE ingested_at IS NOT NULL")"
"$NEWSIDX" --db "$db" export >"$TEST_TMP/final.ndjson"
"$NEWSIDX" --db "$pg_reference" export >"$TEST_TMP/pg-reference.ndjson"
if got=$(python3 tests/pg/compare.py same ndjson "$TEST_TMP/pg-reference.ndjson" "$TEST_TMP/final.ndjson"); then
    pass "kill: the resumed store exports as the uninterrupted one ($got articles)"
else
    fail "kill: the resumed store exports as the uninterrupted one" "$got"
fi
expect_equal "kill: every sighting, as uninterrupted" \
    "$(pg_sql "$pg_reference" "SELECT count(*) FROM provenance")" "$(pg_sql "$db" "SELECT count(*) FROM provenance")"
store_check "kill: newsidx check" "$db"
