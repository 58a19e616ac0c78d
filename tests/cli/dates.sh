# tests/cli/dates.sh — every article's date and date_source: the rules on
# invented stories (tests/fixtures/dates), ingest --year/--date, date
# filters and date: terms, stats, the migration of a store of schema
# version 1, and the facet index against the tables it is built from.
. tests/lib.sh

F=tests/fixtures/dates
N=$NEWSIDX

# dates_are NAME NDJSON COLUMN: the articles of NDJSON (parse or export
# output) have the dates of expected.tsv's COLUMN (1 parse, 2 --year=2019,
# 3 --date=2019-03-05), title by title.
dates_are() {
    if python3 - "$F/expected.tsv" "$2" "$3" >"$TEST_TMP/why" 2>&1 <<'EOF'
import json, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8") if l.strip() and not l.startswith("#")]
column = int(sys.argv[3])
want = {r[0]: r[column] for r in rows[1:]}
got = {}
for line in open(sys.argv[2], encoding="utf-8"):
    a = json.loads(line)
    got[a["title"]] = f'{a["date"]} {a["date_source"]}' if a["date"] else "-"
    assert (a["date"] is None) == (a["date_source"] is None), a["title"]
bad = [f"{t}: wanted {want.get(t)}, got {got.get(t)}" for t in sorted(set(want) | set(got)) if want.get(t) != got.get(t)]
print("; ".join(bad))
sys.exit(1 if bad else 0)
EOF
    then pass "$1"; else fail "$1" "$(cat "$TEST_TMP/why")"; fi
}

# check NAME FILE EXPRESSION: EXPRESSION is true of j, FILE's JSON (a list
# of its lines for .ndjson).
check() {
    if python3 - "$2" "$3" <<'EOF'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
j = [json.loads(l) for l in text.splitlines() if l.strip()] if sys.argv[1].endswith(".ndjson") else json.loads(text)
sys.exit(0 if eval(sys.argv[2]) else 1)
EOF
    then pass "$1"; else fail "$1" "not true: $3 ($(head -c 300 "$2"))"; fi
}

# ---- the rules, through the parser --------------------------------------------------
"$N" parse "$F/dates.txt" >"$TEST_TMP/parse.ndjson"
dates_are "parse: each story is dated by its rule, the ambiguous ones not at all" "$TEST_TMP/parse.ndjson" 1
check "parse: date and date_source come after published in the article JSON" "$TEST_TMP/parse.ndjson" \
    'all(list(a)[list(a).index("published") + 1:list(a).index("published") + 3] == ["date", "date_source"] for a in j)'

# ---- through the store ------------------------------------------------------------------
db=$(test_store dates)
"$N" --db "$db" ingest --quiet "$F/dates.txt"
"$N" --db "$db" export >"$TEST_TMP/export.ndjson"
dates_are "ingest: stored articles keep the dates parse gives" "$TEST_TMP/export.ndjson" 1
"$N" --db "$db" search --format=ndjson >"$TEST_TMP/hits.ndjson"
check "search hits carry date, date_source and tags" "$TEST_TMP/hits.ndjson" \
    'len(j) == 11 and all({"date", "date_source", "tags"} <= set(h) for h in j) and {(h["date"], h["date_source"]) for h in j if h["title"].startswith("Kalmera")} == {("2021-01-02", "dateline")} and all(h["tags"] == [] for h in j)'
"$N" --db "$db" export --format=csv >"$TEST_TMP/export.csv"
expect_equal "export csv: date and date_source columns" \
    "id,file,first_line,last_line,title,byline,dateline,published,date,date_source,paragraphs,captions,credits_raw,tags" \
    "$(head -n 1 "$TEST_TMP/export.csv" | tr -d '\r')"
if grep -q ',2021-01-02,dateline,' "$TEST_TMP/export.csv"; then pass "export csv: a dated row"; else fail "export csv: a dated row" "$(head -c 300 "$TEST_TMP/export.csv")"; fi
sgml_db=$(test_store sgml)
"$N" --db "$sgml_db" ingest --quiet tests/fixtures/sgml/reut2-000.sgm
"$N" --db "$sgml_db" search wheat --format=ndjson >"$TEST_TMP/sgml-hits.ndjson"
check "search hits of SGML: published dates and the tags" "$TEST_TMP/sgml-hits.ndjson" \
    'j and all(h["date_source"] == "published" for h in j) and any({"scheme": "topics", "code": "wheat"} in h["tags"] for h in j)'

# ---- ingest --year and --date -------------------------------------------------------------
"$N" --db "$db" ingest --json --year=2019 "$F/dates.txt" >"$TEST_TMP/again.json"
check "ingest --year: an unchanged file is read again for the year" "$TEST_TMP/again.json" \
    'j["files_read"] == 1 and j["articles_duplicate"] + j["articles_already_stored"] == 11'
"$N" --db "$db" export >"$TEST_TMP/export.ndjson"
dates_are "ingest --year: articles stored before get the year, text-fixed dates stay" "$TEST_TMP/export.ndjson" 2
"$N" --db "$db" ingest --json --year=2019 "$F/dates.txt" >"$TEST_TMP/again.json"
check "ingest --year: the same year again skips the file" "$TEST_TMP/again.json" 'j["files_skipped"] == 1'
"$N" --db "$db" ingest --json "$F/dates.txt" >"$TEST_TMP/again.json"
check "ingest without --year skips it too" "$TEST_TMP/again.json" 'j["files_skipped"] == 1'
"$N" --db "$db" ingest --quiet --year=2018 "$F/dates.txt"
"$N" --db "$db" export >"$TEST_TMP/export.ndjson"
dates_are "ingest --year: another year does not replace one given before" "$TEST_TMP/export.ndjson" 2
"$N" --db "$db" ingest --quiet --force --year=2018 "$F/dates.txt"
"$N" --db "$db" export >"$TEST_TMP/export.ndjson"
check "ingest --force --year: replaces the given year, never a text-fixed date" "$TEST_TMP/export.ndjson" \
    '{a["title"][:12]: a["date"] for a in j if a["date_source"] == "ingest-year"} == {"Dock workers": "2018-03-04", "Velska airpo": "2018-03-04", "BREVIA GRAIN": "2018-02-26"} and {a["date"] for a in j if a["title"].startswith("Ostmark rail")} == {"2021-03-04"}'
"$N" --db "$db" count --since 2018 --until 2018 >"$TEST_TMP/count.json"
check "ingest --force --year: the facet index follows (count --since)" "$TEST_TMP/count.json" 'j["count"] == 3'
"$N" --db "$db" timeline --by year --since 2018 --until 2018 --format=json >"$TEST_TMP/timeline.json"
check "ingest --force --year: the facet index follows (timeline)" "$TEST_TMP/timeline.json" \
    'j[0]["period"] == "2018" and j[0]["articles"] == 3'

date_db=$(test_store date)
"$N" --db "$date_db" ingest --quiet --date=2019-03-05 "$F/dates.txt"
"$N" --db "$date_db" export >"$TEST_TMP/export.ndjson"
dates_are "ingest --date: dateline dates take its year, undated stories its day" "$TEST_TMP/export.ndjson" 3
"$N" --db "$date_db" export --format=xml >"$TEST_TMP/export.xml"
"$N" parse "$TEST_TMP/export.xml" >"$TEST_TMP/back.ndjson"
dates_are "export --format=xml keeps the dates ingest was given (read back)" "$TEST_TMP/back.ndjson" 3
"$N" --db "$date_db" stats --json >"$TEST_TMP/stats.json"
check "stats: date span, dated, undated and the count by date_source" "$TEST_TMP/stats.json" \
    'j["first_date"] == "2017-11-23" and j["last_date"] == "2021-03-04" and j["dated"] == 9 and j["undated"] == 2 and j["date_sources"] == {"published": 0, "dateline": 3, "caption": 1, "ingest-year": 3, "ingest-date": 2}'
"$N" --db "$date_db" stats >"$TEST_TMP/stats.txt"
if grep -q '^dates: *2017-11-23 to 2021-03-04, 9 dated, 2 undated$' "$TEST_TMP/stats.txt" &&
   grep -q '^dated from: *dateline 3, caption 1, ingest-year 3, ingest-date 2$' "$TEST_TMP/stats.txt"; then
    pass "stats: the dates in text"
else
    fail "stats: the dates in text" "$(cat "$TEST_TMP/stats.txt")"
fi
# stats names the back end (SQLite unless the suite runs on PostgreSQL).
backend=sqlite backend_name=SQLite
[ "${NEWSIDX_TEST_BACKEND:-sqlite}" = postgresql ] && backend=postgresql backend_name=PostgreSQL
check "stats --json: the back end" "$TEST_TMP/stats.json" "j[\"backend\"] == \"$backend\""
if grep -q "^backend: *$backend_name\$" "$TEST_TMP/stats.txt"; then
    pass "stats: the back end in text"
else
    fail "stats: the back end in text" "$(cat "$TEST_TMP/stats.txt")"
fi

expect_status "ingest --year takes a year" 2 "$N" --db "$db" ingest --year=19 "$F/dates.txt"
expect_one_line_error "ingest --year=19: one line" "year (yyyy)"
expect_status "ingest --date takes a day that exists" 2 "$N" --db "$db" ingest --date=2019-02-30 "$F/dates.txt"
expect_one_line_error "ingest --date=2019-02-30: one line" "2019-02-30"
expect_status "ingest --date takes a whole day" 2 "$N" --db "$db" ingest --date=2019-02 "$F/dates.txt"
expect_status "ingest takes --year or --date, once" 2 "$N" --db "$db" ingest --year=2019 --date=2019-03-05 "$F/dates.txt"

# ---- date filters and date: terms ---------------------------------------------------------
count_of() { "$N" --db "$db" count --format=table "$@" 2>"$TEST_TMP/err"; }
expect_equal "date:2021 counts as --since 2021 --until 2021" "$(count_of --since 2021 --until 2021)" "$(count_of date:2021)"
expect_equal "date:2021-01..2021-02 finds the January story" 1 "$(count_of date:2021-01..2021-02)"
expect_equal "date:..2017-12-31 finds the November story" 1 "$(count_of date:..2017-12-31)"
expect_equal "date:2021-03-04.. finds the March story" 1 "$(count_of 'date:2021-03-04..')"
expect_equal "date: and --since both hold" 1 "$(count_of date:2019..2021 --since 2021-02)"
expect_equal "date: with words" 1 "$(count_of freight date:2021)"
for bad in "--since 2019-02-30" "--until 2019-13" "--since 2020 --until 2019" "date:2019-02-30" "date:2020..2019" \
           "date:2021 --since 2022" "date:yesterday" "-date:2019 grain"; do
    # shellcheck disable=SC2086
    expect_status "refused with exit 2: $bad" 2 "$N" --db "$db" count $bad
    expect_one_line_error "refused in one line: $bad" "."
done
"$N" --db "$db" count --since 2000 --format=table >"$TEST_TMP/out" 2>"$TEST_TMP/err"
undated=$(python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["date"] is None))' "$TEST_TMP/export.ndjson")
if grep -q "^newsidx: note: 4 matching articles have no date, so the date filter left them out$" "$TEST_TMP/err"; then
    pass "a date filter says on stderr how many undated articles it left out (table)"
else
    fail "a date filter says on stderr how many undated articles it left out (table)" "$(cat "$TEST_TMP/err")"
fi
"$N" --db "$date_db" people --since 2000 --format=table >/dev/null 2>"$TEST_TMP/err"
expect_equal "the note on people, with the --date store's $undated undated" \
    "newsidx: note: $undated matching articles have no date, so the date filter left them out" "$(cat "$TEST_TMP/err")"
"$N" --db "$db" count --since 2000 --format=ndjson >/dev/null 2>"$TEST_TMP/err"
expect_equal "no note into a script (ndjson)" "" "$(cat "$TEST_TMP/err")"
"$N" --db "$db" count freight --since 2000 --format=table >/dev/null 2>"$TEST_TMP/err"
expect_equal "no note when nothing undated matches" "" "$(cat "$TEST_TMP/err")"

# ---- migrating a store of schema version 2 (the build before dates) ----------------------------
old=$TEST_TMP/old.db
if ! sqlite_only "migrating a store of schema version 2"; then
    :
elif sqlite3 "$old" <tests/fixtures/store/schema-2-dates.sql 2>"$TEST_TMP/err"; then
    expect_status "a read command upgrades a store of version 2" 0 "$N" --db "$old" search grain --format=ids
    expect_equal "and says so on stderr" "newsidx: upgraded store '$old' from schema version 2 to $SCHEMA_VERSION" "$(cat "$TEST_TMP/err")"
    expect_equal "the store is at the current version" "$SCHEMA_VERSION" "$(sqlite3 "$old" 'PRAGMA user_version')"
    expect_status "the next command has nothing to upgrade" 0 "$N" --db "$old" count grain
    expect_equal "and says nothing" "" "$(cat "$TEST_TMP/err")"
    "$N" --db "$old" stats --json >"$TEST_TMP/stats.json"
    check "migrated: the current schema version, every article kept" "$TEST_TMP/stats.json" \
        "j[\"schema_version\"] == $SCHEMA_VERSION and j[\"articles\"] == 35"
    fresh=$TEST_TMP/fresh.db
    mkdir -p "$TEST_TMP/fx" && cp data/sample.txt "$F/dates.txt" tests/fixtures/sgml/reut2-000.sgm "$TEST_TMP/fx/"
    "$N" --db "$fresh" ingest --quiet "$TEST_TMP/fx/sample.txt" "$TEST_TMP/fx/dates.txt" "$TEST_TMP/fx/reut2-000.sgm"
    "$N" --db "$old" export >"$TEST_TMP/old.ndjson"
    "$N" --db "$fresh" export >"$TEST_TMP/fresh.ndjson"
    if python3 - "$TEST_TMP/old.ndjson" "$TEST_TMP/fresh.ndjson" >"$TEST_TMP/why" 2>&1 <<'EOF'
import json, sys
old = {a["title"]: (a["date"], a["date_source"]) for a in map(json.loads, open(sys.argv[1], encoding="utf-8"))}
new = {a["title"]: (a["date"], a["date_source"]) for a in map(json.loads, open(sys.argv[2], encoding="utf-8"))}
bad = [t for t in new if old.get(t) != new[t]]
print(len(old), len(new), bad[:3], [(old.get(t), new[t]) for t in bad[:3]])
sys.exit(1 if bad or len(old) != len(new) else 0)
EOF
    then pass "migrated: every article dated as a fresh ingest dates it"; else fail "migrated: every article dated as a fresh ingest dates it" "$(cat "$TEST_TMP/why")"; fi
    for args in "people --top 0" "datelines --top 0" "people grain --top 0" "datelines --since 2024 --top 0" "timeline --by month"; do
        # shellcheck disable=SC2086
        a=$("$N" --db "$old" $args --format=ndjson | md5sum)
        # shellcheck disable=SC2086
        b=$("$N" --db "$fresh" $args --format=ndjson | md5sum)
        expect_equal "migrated: $args as on a fresh store" "$b" "$a"
    done
    "$N" --db "$old" ingest --quiet tests/fixtures/store/maple.txt
    "$N" --db "$old" stats --json >"$TEST_TMP/stats.json"
    check "migrated: ingest goes on adding" "$TEST_TMP/stats.json" 'j["articles"] > 35'
else
    fail "load the store of schema version 2" "$(cat "$TEST_TMP/err")"
fi

# ---- the facet index against the tables it is built from ------------------------------------
# Built over several ingests (small batches, so blocks are rebuilt as they
# grow), then compared with the GROUP BY the facets used to run.
grown=$TEST_TMP/grown.db
if sqlite_only "the facet index against its tables"; then
"$N" --db "$grown" ingest --quiet --batch-size=3 data/sample.txt "$F/dates.txt"
"$N" --db "$grown" ingest --quiet --batch-size=2 data/sample-cp1252.txt tests/fixtures/sgml/reut2-000.sgm tests/fixtures/rcv1
for request in "" "grain" "--dateline kiev" "--since 2020" "--person okafor" "said --until 2021-12"; do
    # shellcheck disable=SC2086
    "$N" --db "$grown" people --top 0 --format=ndjson $request >"$TEST_TMP/people.ndjson"
    # shellcheck disable=SC2086
    "$N" --db "$grown" datelines --top 0 --format=ndjson $request >"$TEST_TMP/datelines.ndjson"
    # shellcheck disable=SC2086
    "$N" --db "$grown" search --limit 0 --format=ids $request >"$TEST_TMP/ids"
    if python3 - "$grown" "$TEST_TMP/ids" "$TEST_TMP/people.ndjson" "$TEST_TMP/datelines.ndjson" >"$TEST_TMP/why" 2>&1 <<'EOF'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
ids = ",".join(l.strip() for l in open(sys.argv[2]) if l.strip()) or "NULL"
people = [list(r) for r in db.execute(
    "SELECT pe.name, c.role, count(DISTINCT c.article_id) AS n FROM credits c JOIN people pe ON pe.id = c.person_id"
    f" WHERE c.article_id IN ({ids}) GROUP BY c.person_id, c.role ORDER BY n DESC, pe.name, c.role")]
places = [list(r) for r in db.execute(
    "SELECT pl.city, pl.region, count(DISTINCT dp.article_id) AS n FROM dateline_places dp JOIN places pl ON pl.id = dp.place_id"
    f" WHERE dp.article_id IN ({ids}) GROUP BY dp.place_id ORDER BY n DESC, pl.city, pl.region")]
got_people = [[r["name"], r["role"], r["articles"]] for r in map(json.loads, open(sys.argv[3], encoding="utf-8"))]
got_places = [[r["city"], r["region"], r["articles"]] for r in map(json.loads, open(sys.argv[4], encoding="utf-8"))]
print(people[:3], got_people[:3], places[:3], got_places[:3])
sys.exit(0 if people == got_people and places == got_places and people else 1)
EOF
    then pass "facet index: people and datelines ${request:-(everything)} as a GROUP BY over the tables"
    else fail "facet index: people and datelines ${request:-(everything)} as a GROUP BY over the tables" "$(cat "$TEST_TMP/why")"; fi
done
fi

# ---- the seeds: every article whose text fixes its date has one ------------------------------
if have_shared; then
    "$N" parse "$SHARED"/corpus/*.txt >"$TEST_TMP/seeds.ndjson"
    check "seeds: 10 of 20 dated, every one whose caption or dateline fixes a date" "$TEST_TMP/seeds.ndjson" \
        'sum(1 for a in j if a["date"]) == 10 and all(a["date"] for a in j if any(c["date"] and not c["file_photo"] for c in a["captions"]) or (a["dateline"] or {}).get("date"))'
else
    skip "seeds: dated articles" "no ../shared/corpus beside the tree"
fi
