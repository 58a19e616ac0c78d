#!/bin/sh
# tests/cli/postgres_nasty.sh — the nasty queries of tests/cli/query.sh
# (and nasty values in every filter) on a PostgreSQL store: each gives
# results or a one-line error with exit status 2, no SQL error leaks out,
# and afterwards the schema (pg_dump --schema-only) and every table's rows
# are as before.
. tests/lib.sh

if ! need_postgresql; then skip "PostgreSQL nasty queries" "$PG_WHY"; exit 0; fi
db=$(pg_store nasty)
"$NEWSIDX" --db "$db" ingest --quiet data/sample.txt data/sample-cp1252.txt tests/fixtures/store/maple.txt 2>"$TEST_TMP/err" ||
    fail "nasty: ingest" "$(head -c 300 "$TEST_TMP/err")"

# snapshot FILE: the schema and a digest of every table's rows.
snapshot() {
    # (\restrict and \unrestrict carry a random key, new in every dump)
    sh tests/pg/cluster.sh pg_dump "$db" --schema-only --no-owner 2>&1 | grep -v '^\\\(un\)\{0,1\}restrict ' >"$1.schema"
    pg_sql "$db" "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1" >"$1.tables"
    while read -r table; do
        printf '%s ' "$table"
        pg_sql "$db" "SELECT count(*) || ' ' || coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '-') FROM \"$table\" AS t"
    done <"$1.tables" >"$1.rows"
}
snapshot "$TEST_TMP/before"
if [ "$(wc -l <"$TEST_TMP/before.tables")" -gt 5 ] && grep -q 'CREATE TABLE public.articles' "$TEST_TMP/before.schema"; then
    pass "nasty: the schema snapshot holds the newsidx tables ($(wc -l <"$TEST_TMP/before.tables" | tr -d ' ') tables)"
else
    fail "nasty: the schema snapshot holds the newsidx tables" "$(head -c 300 "$TEST_TMP/before.schema")"
fi

# nasty NAME COMMAND ARGS...: results (exit 0, valid output, nothing on
# stderr) or exit 2 and one line "newsidx: …" that is not an SQL error.
nasty() {
    name=$1
    shift
    "$NEWSIDX" --db "$db" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    status=$?
    if [ "$status" -eq 0 ] && [ ! -s "$TEST_TMP/err" ]; then
        pass "nasty $name: results"
    elif [ "$status" -eq 2 ] && [ "$(wc -l <"$TEST_TMP/err")" -eq 1 ] && grep -q '^newsidx: ' "$TEST_TMP/err" &&
        ! grep -qiE 'syntax error at|ERROR:|tsquery|sql state|42[0-9A-Z]{3}' "$TEST_TMP/err"; then
        pass "nasty $name: one-line error ($(cat "$TEST_TMP/err"))"
    else
        fail "nasty $name" "status $status, stderr: $(head -c 300 "$TEST_TMP/err")"
    fi
}
injection="'; DROP TABLE articles; --"
for query in '"unterminated' 'OR' 'title:' 'U.S.' "$injection" 'Schwarz-Goerlich' 'G20' '’' \
    "$(python3 -c 'print(" ".join(["grain"] * 17000))')" "$(printf 'caf\351 \377')" 'colour:red' '-grain' \
    "x') OR 1=1 --" '$$ OR $$' '\' "'" '"' '&' '|' '!' ':*' 'a & b | !c' "<->" '*' 'grain*' '(' ')' \
    'title:"' 'title:*' '-' '--' 'OR OR' 'grain OR' 'tag:' 'tag:x' 'date:2020' 'date:bogus' \
    "title:'); DROP TABLE people; --" "$(python3 -c 'print("a" * 3000)')" "$(printf 'nul\001ctl\033')"; do
    label=$(printf '%s' "$query" | head -c 40 | tr -c '[:print:]' '?')
    nasty "search '$label'" search --format=ndjson "$query"
    nasty "count '$label'" count --format=json "$query"
done
for option in --dateline --reporter --editor --photographer --person; do
    nasty "search $option injection" search --format=ndjson "$option" "$injection"
    nasty "people $option \$\$" people --format=json "$option" '$$x$$'
    nasty "datelines $option backslash" datelines --format=json "$option" 'a\b'
done
nasty "search --person x --role injection" search --format=ndjson --person x --role "$injection"
nasty "--since injection" count --since "$injection"
nasty "--until 2020-13-45" count --until 2020-13-45
nasty "timeline injection" timeline --format=json "$injection"
nasty "export injection" export "$injection"
nasty "show injection" show "$injection"
nasty "--fts5 on PostgreSQL" search --fts5 'AND AND ('

snapshot "$TEST_TMP/after"
if diff "$TEST_TMP/before.schema" "$TEST_TMP/after.schema" >"$TEST_TMP/diff"; then pass "nasty: the schema is unchanged (pg_dump --schema-only)"
else fail "nasty: the schema is unchanged" "$(head -c 400 "$TEST_TMP/diff")"; fi
if diff "$TEST_TMP/before.rows" "$TEST_TMP/after.rows" >"$TEST_TMP/diff"; then pass "nasty: every table's rows are unchanged"
else fail "nasty: every table's rows are unchanged" "$(head -c 400 "$TEST_TMP/diff")"; fi
expect_equal "nasty: the articles are all there" 17 "$("$NEWSIDX" --db "$db" count --format=table)"
