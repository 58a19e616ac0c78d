#!/bin/sh
# tests/cli/postgres_move.sh — moving a SQLite store to PostgreSQL as the
# README says: `newsidx export --format=xml | newsidx --db URI ingest -`.
# Every article arrives field for field (ids and source aside: the source
# becomes the standard input), the facets and counts follow, and ingesting
# the original dumps afterwards adds their sightings and no article.
. tests/lib.sh

if ! need_postgresql; then skip "PostgreSQL: moving a SQLite store" "$PG_WHY"; exit 0; fi
lite=$TEST_TMP/lite.db
inputs="data/sample.txt data/sample-cp1252.txt tests/fixtures/store/maple.txt tests/fixtures/dates/dates.txt tests/fixtures/sgml/reut2-000.sgm tests/fixtures/rcv1 tests/fixtures/nitf/foreign.xml"
# shellcheck disable=SC2086
"$NEWSIDX" --db "$lite" ingest --quiet --year 2019 $inputs
pg=$(pg_store moved)
"$NEWSIDX" --db "$lite" export --format=xml >"$TEST_TMP/lite.xml"
if "$NEWSIDX" --db "$pg" ingest --json - <"$TEST_TMP/lite.xml" >"$TEST_TMP/move.json" 2>"$TEST_TMP/err"; then
    pass "move: export --format=xml | ingest - into PostgreSQL"
else
    fail "move: export --format=xml | ingest - into PostgreSQL" "$(head -c 300 "$TEST_TMP/err")"
fi
expect_equal "move: every article, none a duplicate" \
    "$("$NEWSIDX" --db "$lite" count --format=table) 0" \
    "$(python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); print(j["articles_new"], j["articles_duplicate"])' "$TEST_TMP/move.json" 2>&1)"
"$NEWSIDX" --db "$lite" export >"$TEST_TMP/lite.ndjson"
"$NEWSIDX" --db "$pg" export >"$TEST_TMP/pg.ndjson"
if python3 - "$TEST_TMP/lite.ndjson" "$TEST_TMP/pg.ndjson" >"$TEST_TMP/why" 2>&1 <<'PY'
import json, sys
load = lambda p: [json.loads(l) for l in open(p, encoding="utf-8")]
a, b = load(sys.argv[1]), load(sys.argv[2])
assert len(a) == len(b), (len(a), len(b))
for x, y in zip(a, b):
    assert y["source"]["file"] == "-", y["source"]
    for article in (x, y):
        del article["id"], article["source"]
    assert x == y, [k for k in x if x[k] != y.get(k)]
print(len(a))
PY
then pass "move: every article field for field, in the same order ($(cat "$TEST_TMP/why"))"
else fail "move: every article field for field" "$(tail -n 3 "$TEST_TMP/why")"; fi
for command in "people --top 0" "datelines --top 0" "timeline --by month" "count --since 2019"; do
    # shellcheck disable=SC2086
    a=$("$NEWSIDX" --db "$lite" $command --format=json 2>&1)
    # shellcheck disable=SC2086
    b=$("$NEWSIDX" --db "$pg" $command --format=json 2>&1)
    expect_equal "move: $command as on the SQLite store" "$a" "$b"
done
# shellcheck disable=SC2086
"$NEWSIDX" --db "$pg" ingest --json --year 2019 $inputs >"$TEST_TMP/again.json" 2>"$TEST_TMP/err"
expect_equal "move: the original dumps afterwards add no article" 0 \
    "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["articles_new"])' "$TEST_TMP/again.json" 2>&1)"
expect_equal "move: and record their sightings" \
    "$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM provenance").fetchone()[0])' "$lite")" \
    "$(pg_sql "$pg" "SELECT count(*) FROM provenance p JOIN sources s ON s.id = p.source_id WHERE s.path <> '-'")"
