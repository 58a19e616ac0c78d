# tests/cli/query.sh — search, count, show, facets, export and the output
# formats, on stores of the seeds (when ../shared is present) and of the
# bundled samples (always).  Runs on both back ends (test_store).
. tests/lib.sh

samples_db=$(test_store samples)
"$NEWSIDX" --db "$samples_db" ingest --quiet data/sample.txt data/sample-cp1252.txt data/sample-crlf.txt \
    >/dev/null 2>"$TEST_TMP/err" || fail "ingest the samples" "$(cat "$TEST_TMP/err")"

# count_is NAME DB WANT ARGS...: `count ARGS` on DB prints WANT.
count_is() {
    name=$1 db=$2 want=$3
    shift 3
    got=$("$NEWSIDX" --db "$db" count --format=table "$@" 2>&1)
    expect_equal "$name" "$want" "$got"
}

# --- the issue's exact counts, on the seeds ------------------------------------
if have_shared; then
    seeds_db=$(test_store seeds)
    "$NEWSIDX" --db "$seeds_db" ingest --quiet "$SHARED"/corpus/*.txt >/dev/null 2>&1
    count_is "seeds: 19 articles" "$seeds_db" 19
    count_is "seeds: --reporter \"Denis Pinchuk\"" "$seeds_db" 6 --reporter "Denis Pinchuk"
    count_is "seeds: --reporter \"andrew osborn\"" "$seeds_db" 6 --reporter "andrew osborn"
    count_is "seeds: --dateline moscow" "$seeds_db" 10 --dateline moscow
    count_is "seeds: --editor \"Ralph Boulton\"" "$seeds_db" 3 --editor "Ralph Boulton"
    count_is "seeds: --photographer \"Stephen Lam\"" "$seeds_db" 2 --photographer "Stephen Lam"
    count_is "seeds: --reporter \"Gabrielle Tetrault-Farber\"" "$seeds_db" 1 --reporter "Gabrielle Tetrault-Farber"
    count_is "seeds: --dateline kiev finds KIEV" "$seeds_db" 1 --dateline kiev
    count_is "seeds: Tetrault finds Tétrault" "$seeds_db" 1 Tetrault
    got=$("$NEWSIDX" --db "$seeds_db" people --role editing --top 1 --format=csv | tail -n 1 | tr -d '\r')
    expect_equal "seeds: people --role editing --top 1" "Ralph Boulton,editing,3" "$got"
    # search sanction finds the stories that say "sanctions" (and no other word form is needed)
    "$NEWSIDX" --db "$seeds_db" search sanction --format=ndjson >"$TEST_TMP/sanction.ndjson"
    python3 - "$TEST_TMP/sanction.ndjson" "$SHARED"/corpus/*.txt >"$TEST_TMP/check" 2>&1 <<'PY'
import json, sys
hits = [json.loads(line) for line in open(sys.argv[1], encoding='utf-8')]
assert hits, 'no hits'
said = 0
for h in hits:
    text = open(h['source']['file'], encoding='utf-8').read().splitlines()
    story = '\n'.join(text[h['source']['first_line'] - 1:h['source']['last_line']])
    assert 'sanctions' in story.lower(), h['title']
    said += 1
stories = sum(1 for _ in hits)
print(stories)
PY
    if [ $? -eq 0 ]; then pass "seeds: search sanction finds stories saying sanctions ($(cat "$TEST_TMP/check") hits)"; else fail "seeds: search sanction" "$(cat "$TEST_TMP/check")"; fi
    expect_equal "seeds: sanction finds as many as sanctions" \
        "$("$NEWSIDX" --db "$seeds_db" count sanctions --format=table)" "$("$NEWSIDX" --db "$seeds_db" count sanction --format=table)"
else
    skip "seeds: exact counts" "../shared/corpus is absent beside the tree"
fi

# --- counts on the samples, checked against their gold -------------------------
python3 - data/sample.gold.json >"$TEST_TMP/expected" <<'PY'
import json, sys, unicodedata
gold = json.load(open(sys.argv[1], encoding='utf-8'))
def fold(s):
    return ''.join(c for c in unicodedata.normalize('NFD', s) if not unicodedata.combining(c)).lower()
# distinct stories (the cp1252 and crlf files repeat stories of sample.txt)
stories = {}
for g in gold:
    stories[(g['title'], g['lead'])] = g
reporting = ('reporting', 'additional reporting', 'writing')
def reporters(g):
    return {fold(n) for n in g['byline']} | {fold(c['name']) for c in g['credits'] if c['role'] in reporting}
people = {}
for g in stories.values():
    for n in reporters(g):
        people[n] = people.get(n, 0) + 1
name, n = sorted(people.items(), key=lambda kv: (-kv[1], kv[0]))[0]
print(len(stories))
print(name); print(n)
places = {}
for g in stories.values():
    for p in (g['dateline'] or {}).get('places', []):
        places[fold(p['city'])] = places.get(fold(p['city']), 0) + 1
city, m = sorted(places.items(), key=lambda kv: (-kv[1], kv[0]))[0]
print(city); print(m)
PY
{ read -r sample_articles; read -r sample_reporter; read -r sample_reporter_count; read -r sample_city; read -r sample_city_count; } <"$TEST_TMP/expected"
count_is "samples: every distinct story stored once" "$samples_db" "$sample_articles"
count_is "samples: --reporter '$sample_reporter'" "$samples_db" "$sample_reporter_count" --reporter "$sample_reporter"
count_is "samples: --dateline '$sample_city'" "$samples_db" "$sample_city_count" --dateline "$sample_city"
count_is "samples: --dateline in capitals" "$samples_db" "$sample_city_count" --dateline "$(echo "$sample_city" | tr a-z A-Z)"

# --- nasty queries: results or a one-line error with status 2, store unchanged --
# (on PostgreSQL, tests/cli/postgres_nasty.sh compares the schema)
if sqlite_only; then before=$(cksum <"$samples_db"); fi
nasty() {
    name=$1
    shift
    "$NEWSIDX" --db "$samples_db" search --format=ndjson "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    status=$?
    if [ "$status" -eq 0 ] && json_valid --lines "$TEST_TMP/out" && [ ! -s "$TEST_TMP/err" ]; then
        pass "nasty query $name: results"
    elif [ "$status" -eq 2 ] && [ "$(wc -l <"$TEST_TMP/err")" -eq 1 ] && grep -q '^newsidx: ' "$TEST_TMP/err" &&
        ! grep -qi 'sql' "$TEST_TMP/err"; then
        pass "nasty query $name: one-line error ($(cat "$TEST_TMP/err"))"
    else
        fail "nasty query $name" "status $status, stderr: $(head -c 300 "$TEST_TMP/err")"
    fi
}
nasty '"unterminated' '"unterminated'
nasty "OR" 'OR'
nasty "title:" 'title:'
nasty "U.S." 'U.S.'
nasty "SQL injection" "'; DROP TABLE articles; --"
nasty "Schwarz-Goerlich" 'Schwarz-Goerlich'
nasty "G20" 'G20'
nasty "curly apostrophe" '’'
nasty "100 KB query" "$(python3 -c 'print(" ".join(["grain"] * 17000))')"
nasty "invalid UTF-8" "$(printf 'caf\351 \377')"
if sqlite_only; then
    nasty "raw FTS5 syntax error" --fts5 'AND AND ('
    nasty "raw FTS5 unknown column" --fts5 'nosuchcolumn : x'
    nasty "raw FTS5 NEAR" --fts5 'NEAR(harvest rain, 10)'
else
    expect_status "--fts5 on PostgreSQL: a usage error" 2 "$NEWSIDX" --db "$samples_db" search --fts5 'NEAR(harvest rain, 10)'
    expect_one_line_error "--fts5 on PostgreSQL says it needs SQLite" "fts5.*SQLite"
fi
nasty "unknown field" 'colour:red'
nasty "only exclusions" '-grain'
if sqlite_only; then expect_equal "nasty queries leave the store unchanged" "$before" "$(cksum <"$samples_db")"; fi
expect_status "the error says which problem: unterminated" 2 "$NEWSIDX" --db "$samples_db" search '"unterminated'
expect_one_line_error "unterminated quote is named" "unterminated quote"
expect_status "lone OR is named" 2 "$NEWSIDX" --db "$samples_db" search OR
expect_one_line_error "lone OR message" "OR needs a term"
expect_status "empty field is named" 2 "$NEWSIDX" --db "$samples_db" search title:
expect_one_line_error "empty field message" "'title:' needs a value"

# --- output formats, parsed back by real parsers ---------------------------------
expect_status "search --format=json" 0 "$NEWSIDX" --db "$samples_db" search --format=json harvest OR port
if python3 -c 'import json,sys; hits=json.load(open(sys.argv[1])); assert isinstance(hits,list) and hits; assert all(set(["id","title","snippet","matches","source"]) <= set(h) for h in hits)' "$TEST_TMP/out"; then
    pass "search json is an array of hits with snippet and matches"
else
    fail "search json is an array of hits with snippet and matches" "$(head -c 300 "$TEST_TMP/out")"
fi
if python3 - "$TEST_TMP/out" <<'PY'
import json, sys
for hit in json.load(open(sys.argv[1], encoding='utf-8')):
    for start, length in hit['matches']:
        word = hit['snippet'][start:start + length].lower()
        assert word.startswith(('harvest', 'port')), (word, hit['snippet'])
PY
then pass "match positions point at the matched words"; else fail "match positions point at the matched words" "see above"; fi
expect_status "search --format=ndjson" 0 "$NEWSIDX" --db "$samples_db" search --format=ndjson --sort=newest
if json_valid --lines "$TEST_TMP/out" && [ "$(wc -l <"$TEST_TMP/out")" -eq "$sample_articles" ]; then pass "ndjson: every article, one per line"; else fail "ndjson: every article, one per line" "$(wc -l <"$TEST_TMP/out") lines"; fi
if python3 -c 'import json,sys
d=[json.loads(l)["date"] for l in open(sys.argv[1])]
dated=[x for x in d if x]
assert dated == sorted(dated, reverse=True), d
assert d[:len(dated)] == dated, "undated last"' "$TEST_TMP/out"; then pass "--sort=newest orders by date, undated last"; else fail "--sort=newest" "not in order"; fi
expect_status "search --format=csv" 0 "$NEWSIDX" --db "$samples_db" search --format=csv --limit 5
if python3 -c 'import csv,sys; rows=list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8"))); assert rows[0]==["id","date","dateline","title","snippet"], rows[0]; assert len(rows)==6, len(rows)' "$TEST_TMP/out"; then
    pass "csv: header and five rows, RFC 4180"
else
    fail "csv: header and five rows, RFC 4180" "$(head -c 300 "$TEST_TMP/out")"
fi
expect_status "search --format=ids" 0 "$NEWSIDX" --db "$samples_db" search --format=ids --limit 3
if grep -qvE '^[0-9]+$' "$TEST_TMP/out" || [ "$(wc -l <"$TEST_TMP/out")" -ne 3 ]; then fail "ids: three ids" "$(cat "$TEST_TMP/out")"; else pass "ids: three ids"; fi
COLUMNS=60 "$NEWSIDX" --db "$samples_db" search --format=table >"$TEST_TMP/table"
widest=$(python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")))' "$TEST_TMP/table")
if [ "$widest" -le 60 ]; then pass "table fits 60 columns"; else fail "table fits 60 columns" "widest line $widest"; fi
if grep -q '…' "$TEST_TMP/table"; then pass "table cuts long cells with an ellipsis"; else fail "table cuts long cells with an ellipsis" "none"; fi
if grep -q "$(printf '\033')" "$TEST_TMP/table"; then fail "no colour into a pipe" "escape found"; else pass "no colour into a pipe"; fi
"${BUILD:-build}/bench/generate" --articles 30 --seed 3 >"$TEST_TMP/thirty.txt"
thirty_db=$(test_store thirty)
"$NEWSIDX" --db "$thirty_db" ingest --quiet "$TEST_TMP/thirty.txt" >/dev/null 2>&1
expect_equal "table shows 20 hits unless told" "21" "$("$NEWSIDX" --db "$thirty_db" search --format=table | wc -l | tr -d ' ')"
expect_equal "other formats show every hit" "30" "$("$NEWSIDX" --db "$thirty_db" search --format=ids | wc -l | tr -d ' ')"
if command -v script >/dev/null 2>&1; then
    script -qec "$NEWSIDX --db $samples_db search harvest --limit 2" /dev/null >"$TEST_TMP/tty" 2>&1
    if grep -q "$(printf '\033\\[1;33m')" "$TEST_TMP/tty"; then pass "colour on a terminal"; else fail "colour on a terminal" "$(head -c 200 "$TEST_TMP/tty")"; fi
    NO_COLOR=1 script -qec "$NEWSIDX --db $samples_db search harvest --limit 2" /dev/null >"$TEST_TMP/tty" 2>&1
    if grep -q "$(printf '\033')" "$TEST_TMP/tty"; then fail "NO_COLOR turns colour off" "escape found"; else pass "NO_COLOR turns colour off"; fi
    script -qec "$NEWSIDX --db $samples_db search harvest --limit 2" /dev/null >"$TEST_TMP/tty" 2>&1
    if sed "s/$(printf '\033')\[[0-9;]*m//g" "$TEST_TMP/tty" | grep -q '^id '; then pass "table is the default on a terminal"; else fail "table is the default on a terminal" "$(head -c 200 "$TEST_TMP/tty")"; fi
else
    skip "colour on a terminal" "no 'script' command to make a terminal"
fi
"$NEWSIDX" --db "$samples_db" search harvest >"$TEST_TMP/pipe"
if json_valid --lines "$TEST_TMP/pipe"; then pass "ndjson is the default into a pipe"; else fail "ndjson is the default into a pipe" "not JSON lines"; fi

# --- filters and paging ---------------------------------------------------------
all=$("$NEWSIDX" --db "$samples_db" search --format=ids --sort=oldest)
page=$("$NEWSIDX" --db "$samples_db" search --format=ids --sort=oldest --limit 3 --offset 2)
expect_equal "--limit and --offset page through the same order" "$(echo "$all" | sed -n 3,5p)" "$page"
expect_status "--since takes a year" 0 "$NEWSIDX" --db "$samples_db" count --since 2020 --format=json
expect_status "--since rejects a non-date" 2 "$NEWSIDX" --db "$samples_db" count --since yesterday
expect_one_line_error "--since names the bad date" "'yesterday' is not a date"
expect_status "--limit rejects words" 2 "$NEWSIDX" --db "$samples_db" search --limit many
expect_status "--role needs --person" 2 "$NEWSIDX" --db "$samples_db" search --role editing
expect_status "--sort rejects unknown orders" 2 "$NEWSIDX" --db "$samples_db" search --sort=random
expect_status "an unknown option" 2 "$NEWSIDX" --db "$samples_db" search --frobnicate
if sqlite_only; then missing=$TEST_TMP/none.db; else missing=${NEWSIDX_TEST_PG_URI%/*}/none_db; fi
expect_status "a missing store is a runtime error" 1 "$NEWSIDX" --db "$missing" search grain
expect_one_line_error "a missing store says so" "none.db\|none_db"

# --- show --------------------------------------------------------------------------
first_id=$(echo "$all" | head -n 1)
expect_status "show as text" 0 "$NEWSIDX" --db "$samples_db" show "$first_id"
title=$("$NEWSIDX" --db "$samples_db" show --format=json "$first_id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["title"])')
if head -n 1 "$TEST_TMP/out" | grep -qF "$title"; then pass "show text starts with the headline"; else fail "show text starts with the headline" "$(head -n 1 "$TEST_TMP/out")"; fi
if grep -q '^source: ' "$TEST_TMP/out"; then pass "show text names the source"; else fail "show text names the source" "none"; fi
expect_status "show --format=json" 0 "$NEWSIDX" --db "$samples_db" show --format=json "$first_id"
if python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); assert a["id"]=='"$first_id"'; keys=["id","source","title","title_repeats","captions","byline","dateline","paragraphs","subheads","notes","links","credits_raw","credits","published","date","date_source","tags"]; assert list(a)==keys, list(a)' "$TEST_TMP/out"; then
    pass "show json is the SPEC article with its id (the object itself, for one id)"
else
    fail "show json is the SPEC article with its id" "$(head -c 300 "$TEST_TMP/out")"
fi
expect_status "show a missing id" 1 "$NEWSIDX" --db "$samples_db" show 999999
expect_one_line_error "show a missing id says so" "no article 999999"
expect_status "show a bad id" 2 "$NEWSIDX" --db "$samples_db" show twelve

# --- facets and export ----------------------------------------------------------------
expect_status "people --format=json" 0 "$NEWSIDX" --db "$samples_db" people --format=json --top 0
if python3 -c 'import json,sys; rows=json.load(open(sys.argv[1])); assert rows and all(set(r)=={"name","role","articles"} for r in rows); c=[r["articles"] for r in rows]; assert c==sorted(c,reverse=True)' "$TEST_TMP/out"; then pass "people rows, most articles first"; else fail "people rows" "$(head -c 200 "$TEST_TMP/out")"; fi
expect_status "datelines --format=json" 0 "$NEWSIDX" --db "$samples_db" datelines --format=json --top 3
if python3 -c 'import json,sys; rows=json.load(open(sys.argv[1])); assert len(rows)==3 and all(set(r)=={"city","region","articles"} for r in rows)' "$TEST_TMP/out"; then pass "datelines --top 3"; else fail "datelines --top 3" "$(head -c 200 "$TEST_TMP/out")"; fi
expect_status "export ndjson" 0 "$NEWSIDX" --db "$samples_db" export
expect_equal "export writes every article" "$sample_articles" "$(wc -l <"$TEST_TMP/out" | tr -d ' ')"
# With a query too, export is oldest first unless --sort says otherwise (as
# its --help says): a data set in time order, alike from either back end.
"$NEWSIDX" --db "$samples_db" export said >"$TEST_TMP/export-default.ndjson" 2>&1
"$NEWSIDX" --db "$samples_db" export said --sort=oldest >"$TEST_TMP/export-oldest.ndjson" 2>&1
if [ -s "$TEST_TMP/export-default.ndjson" ] && cmp -s "$TEST_TMP/export-default.ndjson" "$TEST_TMP/export-oldest.ndjson"; then
    pass "export QUERY: oldest first by default"
else
    fail "export QUERY: oldest first by default" "export said differs from export said --sort=oldest"
fi
expect_status "export csv" 0 "$NEWSIDX" --db "$samples_db" export --format=csv
if python3 -c 'import csv,sys; rows=list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8"))); assert rows[0][:5]==["id","file","first_line","last_line","title"]; assert len(rows)=='"$((sample_articles + 1))"', len(rows)' "$TEST_TMP/out"; then pass "export csv parses back"; else fail "export csv parses back" "$(head -c 200 "$TEST_TMP/out")"; fi

# --- ranking: newsidx_rank orders and scores exactly as FTS5's weighted bm25,
# on one connection and (a common word in 20,000+ articles) in two halves ---
# (PostgreSQL ranks with ts_rank: tests/cli/postgres_parity.sh checks its order)
sqlite_only "ranking equals FTS5's weighted bm25" || exit 0
big_db=$TEST_TMP/ranking.db
"${BUILD:-build}/bench/generate" --articles 21000 --seed 11 >"$TEST_TMP/ranking.txt"
"$NEWSIDX" --db "$big_db" ingest --quiet "$TEST_TMP/ranking.txt" >/dev/null 2>&1
for query in said sanctions '"said on"' 'minister OR bank'; do
    case $query in
    said | sanctions) expression="\"$query\"" ;;
    'minister OR bank') expression='("minister" OR "bank")' ;;
    *) expression=$query ;;
    esac
    "$NEWSIDX" --db "$big_db" search --format=ndjson --limit 15 --offset 5 "$query" >"$TEST_TMP/ranked.ndjson"
    if python3 tests/check-ranking.py "$big_db" "$TEST_TMP/ranked.ndjson" "$expression" 15 5 >"$TEST_TMP/check" 2>&1
    then pass "ranking of '$query' equals FTS5's weighted bm25 ($(cat "$TEST_TMP/check") matches)"
    else fail "ranking of '$query' equals FTS5's weighted bm25" "$(tail -n 3 "$TEST_TMP/check")"; fi
done

# A filter narrows the ranked matches without changing their order or
# scores, whether FTS5 looks its few articles up one by one (a reporter in
# under 256 articles) or reads the word's matches and keeps the filter's
# (the commonest dateline city, thousands of articles).
city=$(python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT city_key FROM places p JOIN dateline_places d ON d.place_id = p.id GROUP BY p.id ORDER BY count(*) DESC LIMIT 1").fetchone()[0])' "$big_db")
reporter=$(python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT p.name FROM credits c JOIN people p ON p.id = c.person_id GROUP BY p.id HAVING count(DISTINCT c.article_id) BETWEEN 20 AND 200 ORDER BY p.name LIMIT 1").fetchone()[0])' "$big_db")
for filter in dateline reporter; do
    if [ "$filter" = dateline ]; then value=$city; else value=$reporter; fi
    "$NEWSIDX" --db "$big_db" search --format=ids --"$filter" "$value" >"$TEST_TMP/filter.ids"
    "$NEWSIDX" --db "$big_db" search --format=ndjson --limit 20 --"$filter" "$value" said >"$TEST_TMP/filtered.ndjson"
    if python3 tests/check-ranking.py "$big_db" "$TEST_TMP/filtered.ndjson" '"said"' 20 0 "$TEST_TMP/filter.ids" \
        >"$TEST_TMP/check" 2>&1
    then pass "ranking of 'said --$filter' equals weighted bm25 over the filter ($(cat "$TEST_TMP/check") of $(wc -l <"$TEST_TMP/filter.ids" | tr -d ' ') articles match)"
    else fail "ranking of 'said --$filter' equals weighted bm25 over the filter" "$(tail -n 3 "$TEST_TMP/check")"; fi
done
