# tests/cli/fold.sh — names and places are filed and matched as full-text
# search folds them (fold.h), and a store made by an older build is
# upgraded to those keys (src/store/sqlite/sqlite_migrate.c).
. tests/lib.sh

FIXTURES=tests/fixtures/store
db=$TEST_TMP/names.db
"$NEWSIDX" --db "$db" ingest --quiet "$FIXTURES/names.txt" >/dev/null 2>"$TEST_TMP/err" ||
    fail "ingest names.txt" "$(cat "$TEST_TMP/err")"

# count_is NAME DB WANT ARGS...: `count ARGS` on DB prints WANT.
count_is() {
    name=$1 store=$2 want=$3
    shift 3
    got=$("$NEWSIDX" --db "$store" count --format=table "$@" 2>"$TEST_TMP/count.err")
    expect_equal "$name" "$want" "$got"
}

# NFD spellings of some values, made here so that this file stays NFC.
nfd() { python3 -c 'import sys, unicodedata; print(unicodedata.normalize("NFD", sys.argv[1]))' "$1"; }

# --- each filter finds every spelling, and agrees with full-text search ------
# filter option, value, the same as a full-text query, articles expected
while IFS='|' read -r option value query want; do
    [ -n "$option" ] || continue
    count_is "--$option '$value' finds $want" "$db" "$want" --"$option" "$value"
    count_is "--$option '$value' agrees with search '$query'" "$db" \
        "$("$NEWSIDX" --db "$db" count --format=table "$query")" --"$option" "$value"
done <<'EOF'
person|stefan|credits:stefan OR byline:stefan|1
person|Ștefan|credits:Ștefan OR byline:Ștefan|1
person|ştefan mărgineanu-voicu|byline:"ştefan mărgineanu-voicu"|1
reporter|margineanu voicu|byline:"margineanu voicu"|1
editor|ioana tepes|credits:"ioana tepes"|2
dateline|constanta|dateline:constanta|1
dateline|CONSTANȚA|dateline:CONSTANȚA|1
dateline|romania|dateline:romania|1
reporter|nguyen thi le hang|credits:"nguyen thi le hang"|1
photographer|tran đuc minh|caption:"tran đuc minh"|1
reporter|jose|byline:jose|1
dateline|sao paulo|dateline:"sao paulo"|1
editor|łukasz żołtowski|credits:"łukasz żołtowski"|2
reporter|ёлкин|credits:ёлкин|1
reporter|παπαδοπούλου|credits:παπαδοπούλου|1
EOF
count_is "an NFD query finds the NFD byline (José)" "$db" 1 --reporter "$(nfd 'José Ortíz-Ferrán')"
count_is "an NFD query finds the NFC credit (Nguyễn)" "$db" 1 --reporter "$(nfd 'Nguyễn Thị Lệ Hằng')"
count_is "an NFD query finds the NFC place (CONSTANȚA)" "$db" 1 --dateline "$(nfd 'Constanța')"
count_is "an NFD Greek name finds the NFC one" "$db" 1 --reporter "$(nfd 'Κατερίνα Παπαδοπούλου')"
count_is "an NFD Cyrillic name finds the NFC one" "$db" 1 --reporter "$(nfd 'Дмитрий Ёлкин')"
count_is "the cedilla and comma-below spellings are one person" "$db" 1 --person "ștefan mărgineanu-voicu" --role reporting

# Every key in the store is what FTS5's unicode61 remove_diacritics 2
# makes of the NFC name: the keys cannot drift from full-text search.
python3 - "$db" >"$TEST_TMP/check" 2>&1 <<'PY'
import sqlite3, sys, unicodedata
db = sqlite3.connect(sys.argv[1])
fts = sqlite3.connect(':memory:')
fts.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'unicode61 remove_diacritics 2')")
fts.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
def fts_key(text):
    fts.execute("DELETE FROM t")
    fts.execute("INSERT INTO t (rowid, x) VALUES (1, ?)", (unicodedata.normalize('NFC', text),))
    return ' '.join(r[0] for r in fts.execute("SELECT term FROM v ORDER BY offset"))
checked = 0
for name, key in db.execute("SELECT name, key FROM people"):
    assert key == fts_key(name), (name, key, fts_key(name))
    checked += 1
for city, region, city_key, region_key in db.execute("SELECT city, region, city_key, region_key FROM places"):
    assert city_key == fts_key(city), (city, city_key)
    assert region_key == (fts_key(region) if region else ''), (region, region_key)
    checked += 1
print(checked)
PY
if [ $? -eq 0 ]; then pass "every key equals FTS5's folding of the name ($(cat "$TEST_TMP/check") names and places)"
else fail "every key equals FTS5's folding of the name" "$(tail -n 2 "$TEST_TMP/check")"; fi

# --- a store made by the version-1 build is upgraded --------------------------
old=$TEST_TMP/schema-1.db
sqlite3 "$old" <"$FIXTURES/schema-1.sql" 2>"$TEST_TMP/err" || fail "load the version-1 store" "$(cat "$TEST_TMP/err")"
expect_equal "the fixture is at schema version 1" 1 "$(sqlite3 "$old" 'PRAGMA user_version')"
before=$(sqlite3 "$old" 'SELECT count(*) FROM articles')
expect_status "a read command on the old store" 0 "$NEWSIDX" --db "$old" count --format=table --person stefan
expect_equal "the old store answers --person stefan (Ștefan)" 1 "$(cat "$TEST_TMP/out")"
expect_one_line_error "the upgrade is said once, on stderr" "upgraded store .* from schema version 1 to $SCHEMA_VERSION"
expect_status "the next command says nothing" 0 "$NEWSIDX" --db "$old" count --format=table
if [ -s "$TEST_TMP/err" ]; then fail "no second upgrade note" "$(cat "$TEST_TMP/err")"; else pass "no second upgrade note"; fi
expect_equal "the upgraded store is at the current schema version" "$SCHEMA_VERSION" "$(sqlite3 "$old" 'PRAGMA user_version')"
expect_equal "the upgrade keeps every article" "$before" "$(sqlite3 "$old" 'SELECT count(*) FROM articles')"
count_is "upgraded: --reporter nguyen" "$old" 1 --reporter nguyen
count_is "upgraded: --dateline constanta" "$old" 1 --dateline constanta
count_is "upgraded: --reporter jose (NFD in the source)" "$old" 1 --reporter jose
count_is "upgraded: --dateline 'sao paulo'" "$old" 1 --dateline 'sao paulo'
expect_equal "upgraded: Ștefan and Ştefan merged into the first person stored" \
    "1|Ștefan Mărgineanu-Voicu|stefan margineanu voicu" \
    "$(sqlite3 "$old" "SELECT id, name, key FROM people WHERE key LIKE 'stefan%'")"
expect_equal "upgraded: their credits point at the one person" 2 \
    "$(sqlite3 "$old" "SELECT count(*) FROM credits WHERE person_id = 1")"
expect_equal "upgraded: no credit lost its person" 0 \
    "$(sqlite3 "$old" "SELECT count(*) FROM credits WHERE person_id NOT IN (SELECT id FROM people)")"
expect_equal "upgraded: the people and places the fresh ingest has" \
    "$(sqlite3 "$db" 'SELECT group_concat(key, "|") FROM (SELECT key FROM people ORDER BY key); SELECT group_concat(city_key || "/" || region_key, "|") FROM (SELECT * FROM places ORDER BY city_key)')" \
    "$(sqlite3 "$old" 'SELECT group_concat(key, "|") FROM (SELECT key FROM people ORDER BY key); SELECT group_concat(city_key || "/" || region_key, "|") FROM (SELECT * FROM places ORDER BY city_key)')"
expect_equal "upgraded: integrity check" ok "$(sqlite3 "$old" 'PRAGMA integrity_check')"

# An ingest upgrades too, and an old store that cannot be written says so.
old2=$TEST_TMP/schema-1-ingest.db
sqlite3 "$old2" <"$FIXTURES/schema-1.sql"
expect_status "ingest into the old store" 0 "$NEWSIDX" --db "$old2" ingest --quiet "$FIXTURES/ferry.txt"
expect_equal "ingest upgraded it" "$SCHEMA_VERSION" "$(sqlite3 "$old2" 'PRAGMA user_version')"
count_is "the ingested and the upgraded names meet" "$old2" 1 --reporter 'margineanu-voicu'

# A reader that cannot write the shelf: root can write anywhere, so as root
# the reader is "nobody" (lib.sh's as_reader).
shelf=$TEST_TMP/shelf
mkdir -p "$shelf"
sqlite3 "$shelf/old.db" <"$FIXTURES/schema-1.sql"
if shelf_read_only "$shelf"; then
    expect_status "an old store that cannot be written: a runtime error" 1 as_reader "$NEWSIDX" --db "$shelf/old.db" count
    expect_one_line_error "an old store that cannot be written: says why" "schema version 1 .*cannot upgrade it: cannot write"
    chmod u+w "$shelf"
else
    skip "an old store that cannot be written" "$READ_ONLY_WHY"
fi
