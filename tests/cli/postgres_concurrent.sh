#!/bin/sh
# tests/cli/postgres_concurrent.sh — two ingests at once into one
# PostgreSQL store lose and duplicate nothing, and readers see consistent
# answers meanwhile.
#
# Process one ingests A then C, process two B then C then A again: C is
# read by both at the same time (the same source, the same articles), B
# holds a copy of half of A's stories (the same articles from another
# file).  Afterwards the store must hold exactly the articles a SQLite
# store holds after one ingest of everything, each once, every sighting
# recorded, every source complete; and while they ran, count never went
# down and never failed.
. tests/lib.sh

if ! need_postgresql; then skip "PostgreSQL concurrent ingests" "$PG_WHY"; exit 0; fi
GENERATE=${GENERATE:-${BUILD:-build}/bench/generate}
[ -x "$GENERATE" ] || { skip "PostgreSQL concurrent ingests" "$GENERATE not built"; exit 0; }

"$GENERATE" --articles 1500 --seed 41 >"$TEST_TMP/a.txt"
{ "$GENERATE" --articles 1500 --seed 42; echo; head -n "$(($(wc -l <"$TEST_TMP/a.txt") / 2))" "$TEST_TMP/a.txt"; } >"$TEST_TMP/b.txt"
"$GENERATE" --articles 1500 --seed 43 >"$TEST_TMP/c.txt"

reference=$TEST_TMP/reference.db
"$NEWSIDX" --db "$reference" ingest --quiet "$TEST_TMP/a.txt" "$TEST_TMP/b.txt" "$TEST_TMP/c.txt"
"$NEWSIDX" --db "$reference" export >"$TEST_TMP/reference.ndjson"
want_articles=$("$NEWSIDX" --db "$reference" count --format=table)
want_sightings=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM provenance").fetchone()[0])' "$reference")

db=$(pg_store concurrent)
# The store exists before the race (an empty ingest makes the schema), so
# that the two processes race over articles, not over creating the schema.
: >"$TEST_TMP/empty.txt"
"$NEWSIDX" --db "$db" ingest --quiet "$TEST_TMP/empty.txt" 2>"$TEST_TMP/err" || fail "concurrent: make the store" "$(cat "$TEST_TMP/err")"

"$NEWSIDX" --db "$db" ingest --json --batch-size 100 "$TEST_TMP/a.txt" "$TEST_TMP/c.txt" >"$TEST_TMP/one.json" 2>"$TEST_TMP/one.err" &
one=$!
"$NEWSIDX" --db "$db" ingest --json --batch-size 100 "$TEST_TMP/b.txt" "$TEST_TMP/c.txt" "$TEST_TMP/a.txt" >"$TEST_TMP/two.json" 2>"$TEST_TMP/two.err" &
two=$!
# A reader meanwhile: every count succeeds, and none is below the one before.
reads=0 bad=
last=0
while kill -0 "$one" 2>/dev/null || kill -0 "$two" 2>/dev/null; do
    if now=$("$NEWSIDX" --db "$db" count --format=table 2>"$TEST_TMP/reader.err"); then
        [ "$now" -lt "$last" ] && bad="count went from $last down to $now"
        last=$now
        reads=$((reads + 1))
    else
        bad="a count failed: $(head -c 200 "$TEST_TMP/reader.err")"
    fi
    sleep 0.2
done
wait "$one"; one_status=$?
wait "$two"; two_status=$?
expect_equal "concurrent: the first ingest succeeds" 0 "$one_status"
[ "$one_status" -eq 0 ] || echo "    $(head -c 300 "$TEST_TMP/one.err")"
expect_equal "concurrent: the second ingest succeeds" 0 "$two_status"
[ "$two_status" -eq 0 ] || echo "    $(head -c 300 "$TEST_TMP/two.err")"
if [ -z "$bad" ] && [ "$reads" -gt 0 ]; then pass "concurrent: $reads counts meanwhile, none failed or went down"
else fail "concurrent: counts meanwhile" "${bad:-no count ran}"; fi

expect_equal "concurrent: every article stored" "$want_articles" "$("$NEWSIDX" --db "$db" count --format=table)"
expect_equal "concurrent: no article twice (by text hash)" 0 \
    "$(pg_sql "$db" "SELECT count(*) FROM (SELECT text_hash FROM articles GROUP BY text_hash HAVING count(*) > 1) AS twice")"
expect_equal "concurrent: no id twice" 0 \
    "$(pg_sql "$db" "SELECT count(*) FROM (SELECT id FROM articles GROUP BY id HAVING count(*) > 1) AS twice")"
expect_equal "concurrent: the de-duplication guard matches the articles" "$want_articles" \
    "$(pg_sql "$db" "SELECT count(*) FROM article_hashes h JOIN articles a ON a.id = h.article_id AND a.text_hash = h.text_hash")"
expect_equal "concurrent: every sighting once" "$want_sightings" \
    "$(pg_sql "$db" "SELECT count(*) FROM (SELECT DISTINCT article_id, source_id, first_line FROM provenance) AS sightings")"
expect_equal "concurrent: no sighting twice" 0 \
    "$(pg_sql "$db" "SELECT count(*) FROM (SELECT 1 FROM provenance GROUP BY article_id, source_id, first_line HAVING count(*) > 1) AS twice")"
expect_equal "concurrent: three sources, each once and complete" "3 3" \
    "$(pg_sql "$db" "SELECT count(*), count(ingested_at) FROM sources WHERE path NOT LIKE '%empty.txt'" | tr '|' ' ')"
expect_equal "concurrent: no child row without its article" 0 \
    "$(pg_sql "$db" "SELECT (SELECT count(*) FROM credits WHERE article_id NOT IN (SELECT id FROM articles))
                          + (SELECT count(*) FROM provenance WHERE article_id NOT IN (SELECT id FROM articles))
                          + (SELECT count(*) FROM dateline_places WHERE article_id NOT IN (SELECT id FROM articles))")"
"$NEWSIDX" --db "$db" export >"$TEST_TMP/stored.ndjson" 2>"$TEST_TMP/err"
# which file an article was first seen in depends on who won the race:
# compare the articles without their source
if python3 - "$TEST_TMP/reference.ndjson" "$TEST_TMP/stored.ndjson" >"$TEST_TMP/why" 2>&1 <<'PY'
import json, sys
def content(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        a = json.loads(line)
        a.pop("id"); a.pop("source")
        rows.append(json.dumps(a, sort_keys=True))
    return sorted(rows)
a, b = content(sys.argv[1]), content(sys.argv[2])
print(len(a), len(b))
sys.exit(0 if a == b else 1)
PY
then pass "concurrent: the stored articles are those of one ingest of everything, field by field"
else fail "concurrent: the stored articles are those of one ingest of everything" "$(cat "$TEST_TMP/why")"; fi
store_check "concurrent: newsidx check" "$db"
