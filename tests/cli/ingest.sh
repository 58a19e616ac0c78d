#!/bin/sh
# tests/cli/ingest.sh — `newsidx ingest` and `newsidx stats` end to end:
# de-duplication, incremental re-ingest, the store's location, bad input,
# the full-text index, and the summary in JSON.  Runs on both back ends
# (test_store); the checks of the SQLite file itself only on SQLite.
. tests/lib.sh

FIXTURES=tests/fixtures/store
BUILD=${BUILD:-build}

# sql DB QUERY: rows of the query, columns joined by '|', through Python's
# sqlite3 module (the same SQLite library as newsidx), or psql on PostgreSQL.
sql() {
    if [ "$NEWSIDX_TEST_BACKEND" = postgresql ]; then pg_sql "$1" "$2"; return; fi
    python3 -c 'import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
for row in db.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))' "$1" "$2"
}

# json_get FILE EXPRESSION: a value of the JSON in FILE, e.g. '["articles_new"]'.
json_get() {
    python3 -c 'import json, sys
value = json.load(open(sys.argv[1]))
for key in json.loads(sys.argv[2]):
    value = value[key]
print(value)' "$1" "$2"
}

# ---- the seeds: 19 articles from 2 sources, then nothing new -------------
if have_shared; then
    db=$(test_store seeds)
    expect_status "ingest seeds" 0 "$NEWSIDX" --db "$db" ingest --json "$SHARED"/corpus/*.txt
    cp "$TEST_TMP/out" "$TEST_TMP/first.json"
    if json_valid "$TEST_TMP/first.json"; then pass "ingest --json is JSON"; else fail "ingest --json is JSON" "$(head -c 300 "$TEST_TMP/first.json")"; fi
    expect_equal "seeds: 19 new articles" 19 "$(json_get "$TEST_TMP/first.json" '["articles_new"]')"
    expect_equal "seeds: 1 duplicate" 1 "$(json_get "$TEST_TMP/first.json" '["articles_duplicate"]')"
    expect_equal "seeds: 2 files read" 2 "$(json_get "$TEST_TMP/first.json" '["files_read"]')"

    expect_status "ingest seeds again" 0 "$NEWSIDX" --db "$db" ingest --json "$SHARED"/corpus/*.txt
    cp "$TEST_TMP/out" "$TEST_TMP/second.json"
    expect_equal "second run: 0 new" 0 "$(json_get "$TEST_TMP/second.json" '["articles_new"]')"
    expect_equal "second run: both skipped" 2 "$(json_get "$TEST_TMP/second.json" '["files_skipped"]')"
    expect_equal "second run: nothing read" 0 "$(json_get "$TEST_TMP/second.json" '["files_read"]')"
    expect_equal "second run: file status" skipped "$(json_get "$TEST_TMP/second.json" '["files", 0, "status"]')"

    expect_status "stats --json" 0 "$NEWSIDX" --db "$db" stats --json
    cp "$TEST_TMP/out" "$TEST_TMP/stats.json"
    expect_equal "stats: 19 articles" 19 "$(json_get "$TEST_TMP/stats.json" '["articles"]')"
    expect_equal "stats: 2 sources" 2 "$(json_get "$TEST_TMP/stats.json" '["sources"]')"
    expect_equal "stats: schema version" "$SCHEMA_VERSION" "$(json_get "$TEST_TMP/stats.json" '["schema_version"]')"

    shared=$(sql "$db" "SELECT count(DISTINCT source_id) FROM provenance GROUP BY article_id HAVING count(DISTINCT source_id) > 1")
    expect_equal "the shared story lists both sources" 2 "$shared"
    title=$(sql "$db" "SELECT a.title FROM articles a JOIN provenance p ON p.article_id = a.id GROUP BY a.id, a.title HAVING count(*) > 1")
    case $title in
        *Putin*Iran*) pass "the shared story is the Putin-in-Iran one" ;;
        *) fail "the shared story is the Putin-in-Iran one" "got '$title'" ;;
    esac
    if sqlite_only; then expect_equal "seeds: integrity_check" ok "$(sql "$db" "PRAGMA integrity_check")"
    else store_check "seeds: newsidx check" "$db"; fi
else
    skip "seeds ingest" "$SHARED/corpus not present"
fi

# ---- parse -> store -> load gives the same article JSON -----------------
if ! sqlite_only "roundtrip and index_tokens (C tests of the SQLite store)"; then
    :
elif [ -x "$BUILD/tests/unit/store_roundtrip" ]; then
    inputs="data/sample.txt data/sample-cp1252.txt data/sample-crlf.txt $FIXTURES/maple.txt"
    if have_shared; then inputs="$inputs $SHARED/corpus/000_ca17934e44048597.txt $SHARED/corpus/002_c88618e8d6106050.txt"; fi
    # shellcheck disable=SC2086
    "$BUILD/tests/unit/store_roundtrip" "$TEST_TMP/roundtrip.db" $inputs
else
    skip "roundtrip" "$BUILD/tests/unit/store_roundtrip not built"
fi

# ---- many small files share a batch ----------------------------------------
# Every commit writes one FTS5 segment; with a commit per file, 40 files
# made 40 segments.  Now they share one batch: one commit, one segment, and
# every file marked done.
GENERATE=${GENERATE:-$BUILD/bench/generate}
if [ -x "$GENERATE" ]; then
    mkdir -p "$TEST_TMP/small"
    i=1
    while [ "$i" -le 40 ]; do
        "$GENERATE" --articles 2 --seed "$((1000 + i))" >"$TEST_TMP/small/$i.txt"
        i=$((i + 1))
    done
    db=$(test_store small)
    expect_status "40 small files: ingest" 0 "$NEWSIDX" --db "$db" ingest --quiet --no-optimize "$TEST_TMP"/small/*.txt
    expect_equal "40 small files: all done" 40 "$(sql "$db" "SELECT count(*) FROM sources WHERE ingested_at IS NOT NULL")"
    expect_equal "40 small files: 80 articles" 80 "$(sql "$db" "SELECT count(*) FROM articles")"
    if sqlite_only; then
        expect_equal "40 small files: one commit, one index segment" 1 \
            "$(sql "$db" "SELECT count(DISTINCT segid) FROM article_search_idx")"
    fi
    store_check "40 small files: newsidx check (FTS5 integrity-check)" "$db"
    expect_status "40 small files: again, all skipped" 0 "$NEWSIDX" --db "$db" ingest --json "$TEST_TMP"/small/*.txt
    expect_equal "40 small files: again, 40 skipped" 40 "$(json_get "$TEST_TMP/out" '["files_skipped"]')"
else
    skip "small files" "$GENERATE not built"
fi

# ---- the index tidy at the end of an ingest ---------------------------------
# A batch makes one FTS5 segment.  Up to 4 are left as they are; more are
# merged into one after a bulk load; --no-optimize leaves them all.
if ! sqlite_only "tidy (FTS5 segments)"; then
    :
elif [ -x "$GENERATE" ]; then
    "$GENERATE" --articles 300 --seed 77 >"$TEST_TMP/tidy.txt"
    segments() { sql "$1" "SELECT count(DISTINCT segid) FROM article_search_idx"; }
    "$NEWSIDX" --db "$TEST_TMP/tidy-3.db" ingest --quiet --batch-size 100 "$TEST_TMP/tidy.txt"
    expect_equal "tidy: 3 batches, 3 segments left as they are" 3 "$(segments "$TEST_TMP/tidy-3.db")"
    "$NEWSIDX" --db "$TEST_TMP/tidy-6.db" ingest --quiet --batch-size 50 "$TEST_TMP/tidy.txt"
    expect_equal "tidy: 6 batches merged into one segment" 1 "$(segments "$TEST_TMP/tidy-6.db")"
    "$NEWSIDX" --db "$TEST_TMP/tidy-none.db" ingest --quiet --no-optimize --batch-size 50 "$TEST_TMP/tidy.txt"
    expect_equal "tidy: --no-optimize leaves 6 segments" 6 "$(segments "$TEST_TMP/tidy-none.db")"
    for store in tidy-3 tidy-6 tidy-none; do
        expect_equal "tidy: $store: 300 articles found by a common word" 300 \
            "$("$NEWSIDX" --db "$TEST_TMP/$store.db" count --format=table said)"
    done
else
    skip "tidy" "$GENERATE not built"
fi

# ---- tokens made ahead of writing give the index FTS5 makes itself --------
if ! sqlite_only; then
    :
elif [ -x "$BUILD/tests/unit/index_tokens" ]; then
    inputs="data/sample.txt data/sample-cp1252.txt $FIXTURES/maple.txt $FIXTURES/tokens.txt tests/fixtures/sgml/reut2-000.sgm"
    if have_shared; then inputs="$inputs $SHARED/corpus/000_ca17934e44048597.txt $SHARED/corpus/002_c88618e8d6106050.txt"; fi
    # shellcheck disable=SC2086
    "$BUILD/tests/unit/index_tokens" "$TEST_TMP/ahead.db" "$TEST_TMP/own.db" $inputs
else
    skip "index_tokens" "$BUILD/tests/unit/index_tokens not built"
fi

# ---- the bundled samples: encodings of the same story are one article ----
db=$(test_store sample)
expect_status "ingest samples" 0 "$NEWSIDX" --db "$db" ingest --json data/sample.txt data/sample-cp1252.txt data/sample-crlf.txt
cp "$TEST_TMP/out" "$TEST_TMP/sample.json"
expect_equal "samples: 16 new" 16 "$(json_get "$TEST_TMP/sample.json" '["articles_new"]')"
expect_equal "samples: 6 duplicates" 6 "$(json_get "$TEST_TMP/sample.json" '["articles_duplicate"]')"
expect_equal "samples: 22 sightings" 22 "$(sql "$db" "SELECT count(*) FROM provenance")"
store_check "samples: newsidx check (FTS5 integrity-check)" "$db"

# ---- full-text index: stemming and diacritics ----------------------------
db=$(test_store fts)
expect_status "ingest maple" 0 "$NEWSIDX" --db "$db" ingest -q "$FIXTURES/maple.txt"
if sqlite_only; then
expect_equal "'sanction' finds 'sanctions'" 1 "$(sql "$db" "SELECT count(*) FROM article_search WHERE article_search MATCH 'sanction'")"
expect_equal "'Tetrault' finds 'Tétrault'" 1 "$(sql "$db" "SELECT count(*) FROM article_search WHERE article_search MATCH 'Tetrault'")"
expect_equal "'byline:tetrault' finds the byline" 1 "$(sql "$db" "SELECT count(*) FROM article_search WHERE article_search MATCH 'byline:tetrault'")"
expect_equal "'credits:okonkwo' finds the editor" 1 "$(sql "$db" "SELECT count(*) FROM article_search WHERE article_search MATCH 'credits:okonkwo'")"
else
    expect_equal "'sanction' finds 'sanctions'" 1 "$("$NEWSIDX" --db "$db" count --format=table sanction)"
    expect_equal "'Tetrault' finds 'Tétrault'" 1 "$("$NEWSIDX" --db "$db" count --format=table Tetrault)"
    expect_equal "'byline:tetrault' finds the byline" 1 "$("$NEWSIDX" --db "$db" count --format=table byline:tetrault)"
    expect_equal "'credits:okonkwo' finds the editor" 1 "$("$NEWSIDX" --db "$db" count --format=table credits:okonkwo)"
fi
expect_equal "folded person key" "chloe tetrault lavoie" "$(sql "$db" "SELECT key FROM people WHERE name LIKE 'Chlo%'")"
expect_equal "one person for byline and credit" 2 "$(sql "$db" "SELECT count(*) FROM credits c JOIN people p ON p.id = c.person_id WHERE p.key = 'chloe tetrault lavoie'")"
expect_equal "dateline place key" "montreal" "$(sql "$db" "SELECT city_key FROM places")"

# ---- incremental: grown, touched, forced --------------------------------
db=$(test_store grow)
dump=$TEST_TMP/grow.txt
cp "$FIXTURES/maple.txt" "$dump"
expect_status "ingest a file" 0 "$NEWSIDX" --db "$db" ingest -q "$dump"
{ echo; cat "$FIXTURES/ferry.txt"; } >>"$dump"
expect_status "ingest it grown" 0 "$NEWSIDX" --db "$db" ingest --json "$dump"
cp "$TEST_TMP/out" "$TEST_TMP/grow.json"
expect_equal "grown file is read" 1 "$(json_get "$TEST_TMP/grow.json" '["files_read"]')"
expect_equal "grown file: 1 new article" 1 "$(json_get "$TEST_TMP/grow.json" '["articles_new"]')"
expect_equal "grown file: its old article is already stored, not a duplicate" "0 1" \
    "$(json_get "$TEST_TMP/grow.json" '["articles_duplicate"]') $(json_get "$TEST_TMP/grow.json" '["articles_already_stored"]')"
touch -d '2001-02-03 04:05:06' "$dump"
expect_status "ingest it touched" 0 "$NEWSIDX" --db "$db" ingest --json "$dump"
expect_equal "touched but unchanged file is skipped" 1 "$(json_get "$TEST_TMP/out" '["files_skipped"]')"
expect_status "ingest --force" 0 "$NEWSIDX" --db "$db" ingest --json --force "$dump"
expect_equal "--force reads it" 1 "$(json_get "$TEST_TMP/out" '["files_read"]')"
expect_equal "--force adds nothing new" 0 "$(json_get "$TEST_TMP/out" '["articles_new"]')"
expect_equal "--force: both articles already stored" 2 "$(json_get "$TEST_TMP/out" '["articles_already_stored"]')"
expect_status "ingest from standard input" 0 sh -c "cat '$FIXTURES/ferry.txt' | '$NEWSIDX' --db '$db' ingest --json -"
expect_equal "standard input: a duplicate" 1 "$(json_get "$TEST_TMP/out" '["articles_duplicate"]')"
expect_equal "two articles in all" 2 "$(sql "$db" "SELECT count(*) FROM articles")"

# ---- gzip input ----------------------------------------------------------
gzip -c "$FIXTURES/ferry.txt" >"$TEST_TMP/ferry.txt.gz"
expect_status "ingest gzip" 0 "$NEWSIDX" --db "$(test_store gz)" ingest --json "$TEST_TMP/ferry.txt.gz"
expect_equal "gzip: 1 new article" 1 "$(json_get "$TEST_TMP/out" '["articles_new"]')"

# ---- bad input among good files -----------------------------------------
db=$(test_store bad)
expect_status "ingest good file first" 0 "$NEWSIDX" --db "$db" ingest -q "$FIXTURES/maple.txt"
printf 'binary\000data\001\002\n' >"$TEST_TMP/binary.bin"
head -c 200 "$TEST_TMP/ferry.txt.gz" >"$TEST_TMP/truncated.txt.gz"
cp data/sample.txt "$TEST_TMP/good.txt"
# An ingest whose every input fails leaves no empty store behind; one that
# stores nothing into an existing store leaves it as it was.
if sqlite_only "no store left behind by a failed ingest (a file)"; then
expect_status "only missing inputs: exit status 1" 1 "$NEWSIDX" --db "$TEST_TMP/none/store.db" ingest "$TEST_TMP/no-such-1.txt" "$TEST_TMP/no-such-2.txt"
if [ ! -e "$TEST_TMP/none/store.db" ] && [ ! -e "$TEST_TMP/none/store.db-wal" ]; then
    pass "only missing inputs: no store created"
else
    fail "only missing inputs: no store created" "$(ls "$TEST_TMP/none")"
fi
printf 'not a dump\0\1\2' >"$TEST_TMP/binary-only.bin"
expect_status "only a binary input: exit status 1" 1 "$NEWSIDX" --db "$TEST_TMP/none/store.db" ingest "$TEST_TMP/binary-only.bin"
if [ ! -e "$TEST_TMP/none/store.db" ]; then pass "only a binary input: no store created"; else fail "only a binary input: no store created" "store exists"; fi
fi
kept_db=$(test_store kept)
"$NEWSIDX" --db "$kept_db" ingest --quiet data/sample.txt
expect_status "missing input into a store: exit status 1" 1 "$NEWSIDX" --db "$kept_db" ingest "$TEST_TMP/no-such-1.txt"
expect_equal "missing input into a store: the store is kept" 16 "$(sql "$kept_db" "SELECT count(*) FROM articles")"

expect_status "bad inputs: exit status 1" 1 "$NEWSIDX" --db "$db" ingest --json \
    "$TEST_TMP/binary.bin" "$TEST_TMP/missing.txt" "$TEST_TMP/truncated.txt.gz" "$TEST_TMP/good.txt"
cp "$TEST_TMP/out" "$TEST_TMP/bad.json"
cp "$TEST_TMP/err" "$TEST_TMP/bad.err"
expect_equal "bad inputs: three failed" 3 "$(json_get "$TEST_TMP/bad.json" '["files_failed"]')"
expect_equal "bad inputs: the good file read" 1 "$(json_get "$TEST_TMP/bad.json" '["files_read"]')"
expect_equal "bad inputs: one error line each" 3 "$(grep -c '^newsidx: ' "$TEST_TMP/bad.err")"
if grep -q "binary.bin" "$TEST_TMP/bad.err" && grep -q "missing.txt" "$TEST_TMP/bad.err" && grep -q "truncated.txt.gz" "$TEST_TMP/bad.err"; then
    pass "bad inputs: each error names its file"
else
    fail "bad inputs: each error names its file" "$(cat "$TEST_TMP/bad.err")"
fi
expect_equal "bad inputs: earlier and good articles kept" 17 "$(sql "$db" "SELECT count(*) FROM articles")"
expect_equal "bad inputs: failed files not marked done" 0 "$(sql "$db" "SELECT count(*) FROM sources WHERE ingested_at IS NOT NULL AND name LIKE '%truncated%'")"
if sqlite_only; then expect_equal "bad inputs: integrity_check" ok "$(sql "$db" "PRAGMA integrity_check")"
else store_check "bad inputs: newsidx check" "$db"; fi

# ---- where the store lives -----------------------------------------------
# (files and folders, and SQLite's schema version: SQLite only)
if sqlite_only "where the store file lives, and a newer SQLite schema"; then
home=$TEST_TMP/home
mkdir -p "$home"
expect_status "default store under HOME" 0 env -u NEWSIDX_DB -u XDG_DATA_HOME HOME="$home" "$NEWSIDX" ingest -q "$FIXTURES/maple.txt"
if [ -f "$home/.local/share/newsidx/newsidx.db" ]; then pass "store created with its folder in ~/.local/share/newsidx"; else fail "store created with its folder in ~/.local/share/newsidx" "$(ls -R "$home")"; fi
expect_status "XDG_DATA_HOME" 0 env -u NEWSIDX_DB XDG_DATA_HOME="$TEST_TMP/xdg" HOME="$home" "$NEWSIDX" ingest -q "$FIXTURES/maple.txt"
if [ -f "$TEST_TMP/xdg/newsidx/newsidx.db" ]; then pass "store in \$XDG_DATA_HOME/newsidx"; else fail "store in \$XDG_DATA_HOME/newsidx" "not created"; fi
expect_status "NEWSIDX_DB" 0 env NEWSIDX_DB="$TEST_TMP/env/deep/store.db" XDG_DATA_HOME="$TEST_TMP/xdg" "$NEWSIDX" ingest -q "$FIXTURES/maple.txt"
if [ -f "$TEST_TMP/env/deep/store.db" ]; then pass "store at \$NEWSIDX_DB"; else fail "store at \$NEWSIDX_DB" "not created"; fi
expect_status "--db beats NEWSIDX_DB" 0 env NEWSIDX_DB="$TEST_TMP/env/other.db" "$NEWSIDX" --db "$TEST_TMP/env/deep/store.db" stats --json
expect_equal "--db beats NEWSIDX_DB: the store found" 1 "$(json_get "$TEST_TMP/out" '["articles"]')"

# ---- read-only commands on a missing store; usage errors -----------------
expect_status "stats on a missing store" 1 "$NEWSIDX" --db "$TEST_TMP/nowhere/none.db" stats
expect_one_line_error "stats on a missing store: one line" "no store at"
if [ ! -e "$TEST_TMP/nowhere" ]; then pass "stats creates nothing"; else fail "stats creates nothing" "folder created"; fi
expect_status "ingest without files" 2 "$NEWSIDX" --db "$TEST_TMP/u.db" ingest
expect_one_line_error "ingest without files: one line" "no input"
expect_status "ingest unknown option" 2 "$NEWSIDX" --db "$TEST_TMP/u.db" ingest --frobnicate x
expect_status "stats unknown option" 2 "$NEWSIDX" --db "$TEST_TMP/u.db" stats --frobnicate
python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); db.execute("PRAGMA user_version = 99"); db.commit()' "$TEST_TMP/fts.db"
expect_status "store from a newer newsidx" 1 "$NEWSIDX" --db "$TEST_TMP/fts.db" stats
expect_one_line_error "store from a newer newsidx: one line" "schema version 99"
expect_status "ingest into a newer store" 1 "$NEWSIDX" --db "$TEST_TMP/fts.db" ingest -q "$FIXTURES/ferry.txt"
expect_one_line_error "ingest into a newer store: one line" "newer than this newsidx"
fi

# ---- the summary and the progress bar ------------------------------------
text_db=$(test_store text)
expect_status "text summary" 0 "$NEWSIDX" --db "$text_db" ingest "$FIXTURES/maple.txt"
if grep -q '^articles: *1 new' "$TEST_TMP/out"; then pass "text summary counts"; else fail "text summary counts" "$(cat "$TEST_TMP/out")"; fi
if [ ! -s "$TEST_TMP/err" ]; then pass "no progress bar into a pipe"; else fail "no progress bar into a pipe" "$(cat "$TEST_TMP/err")"; fi
expect_status "--quiet" 0 "$NEWSIDX" --db "$text_db" ingest --quiet "$FIXTURES/ferry.txt"
if [ ! -s "$TEST_TMP/out" ] && [ ! -s "$TEST_TMP/err" ]; then pass "--quiet prints nothing"; else fail "--quiet prints nothing" "$(cat "$TEST_TMP/out" "$TEST_TMP/err")"; fi
if command -v script >/dev/null 2>&1; then
    # script(1) gives the command a terminal; its output is what the terminal showed.
    script -qec "'$NEWSIDX' --db '$(test_store tty)' ingest data/sample.txt" /dev/null >"$TEST_TMP/tty.out" 2>&1
    if grep -q 'articles/s' "$TEST_TMP/tty.out" && grep -q "$(printf '\r')" "$TEST_TMP/tty.out"; then
        pass "progress bar on a terminal"
    else
        fail "progress bar on a terminal" "$(head -c 300 "$TEST_TMP/tty.out")"
    fi
    script -qec "'$NEWSIDX' --db '$(test_store tty2)' ingest --quiet data/sample.txt" /dev/null >"$TEST_TMP/tty.out" 2>&1
    if [ ! -s "$TEST_TMP/tty.out" ]; then pass "--quiet silences the bar on a terminal"; else fail "--quiet silences the bar on a terminal" "$(head -c 300 "$TEST_TMP/tty.out")"; fi
else
    skip "progress bar on a terminal" "script(1) is not installed"
fi
