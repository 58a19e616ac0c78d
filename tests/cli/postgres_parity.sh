#!/bin/sh
# tests/cli/postgres_parity.sh — the same answers from both back ends.
#
# The bundled samples, the fixtures and (when ../shared is there) the seeds
# are ingested into a SQLite store and a PostgreSQL store, file by file in
# the same order.  Then search --sort=newest and --sort=oldest, count,
# people, datelines, timeline, show and export must print the same on both
# once ids are left out (and, for search hits, what each back end computes
# its own way: rank, snippet and matches); a ranked search must find the
# same articles on both, each back end ordering them by its own rank, ties
# by id ascending (README: "Ranking and ties").
. tests/lib.sh

if ! need_postgresql; then skip "PostgreSQL parity" "$PG_WHY"; exit 0; fi
COMPARE="python3 tests/pg/compare.py"

# on_both NAME FORMAT ARGS...: `newsidx ARGS` on the SQLite and the
# PostgreSQL store of the current set exits alike and prints the same
# (compare.py same FORMAT).
on_both() {
    name=$1 form=$2
    shift 2
    "$NEWSIDX" --db "$lite" "$@" >"$TEST_TMP/lite.out" 2>"$TEST_TMP/lite.err"
    lite_status=$?
    "$NEWSIDX" --db "$pg" "$@" >"$TEST_TMP/pg.out" 2>"$TEST_TMP/pg.err"
    pg_status=$?
    if [ "$lite_status" -ne "$pg_status" ]; then
        fail "parity $set: $name" "exit status $lite_status on SQLite, $pg_status on PostgreSQL ($(head -c 300 "$TEST_TMP/pg.err"))"
    elif [ "$lite_status" -ne 0 ]; then
        fail "parity $set: $name" "exit status $lite_status on both ($(head -c 300 "$TEST_TMP/pg.err"))"
    elif got=$($COMPARE same "$form" "$TEST_TMP/lite.out" "$TEST_TMP/pg.out" 2>&1); then
        pass "parity $set: $name ($got)"
    else
        fail "parity $set: $name" "$got"
    fi
}

# ranked NAME ARGS...: a ranked search finds the same articles on both,
# each in its own rank order, ties by id.
ranked() {
    name=$1
    shift
    "$NEWSIDX" --db "$lite" search --format=ndjson "$@" >"$TEST_TMP/lite.out" 2>"$TEST_TMP/lite.err"
    "$NEWSIDX" --db "$pg" search --format=ndjson "$@" >"$TEST_TMP/pg.out" 2>"$TEST_TMP/pg.err"
    if [ -s "$TEST_TMP/pg.err" ] || [ -s "$TEST_TMP/lite.err" ]; then
        fail "parity $set: ranked $name" "$(head -c 300 "$TEST_TMP/lite.err" "$TEST_TMP/pg.err")"
    elif got=$($COMPARE ranked "$TEST_TMP/lite.out" "$TEST_TMP/pg.out" 2>&1); then
        pass "parity $set: ranked $name: same articles, each by its rank then id ($got)"
    else
        fail "parity $set: ranked $name" "$got"
    fi
}

# parity SET FILE...: both stores of SET, and every comparison.
parity() {
    set=$1
    shift
    lite=$TEST_TMP/$set.db
    pg=$(pg_store "parity_$set") || { fail "parity $set: a database" "cannot make one"; return; }
    for file in "$@"; do
        "$NEWSIDX" --db "$lite" ingest --quiet "$file" 2>"$TEST_TMP/err" || { fail "parity $set: SQLite ingest $file" "$(cat "$TEST_TMP/err")"; return; }
        "$NEWSIDX" --db "$pg" ingest --quiet "$file" 2>"$TEST_TMP/err" || { fail "parity $set: PostgreSQL ingest $file" "$(head -c 300 "$TEST_TMP/err")"; return; }
    done
    pass "parity $set: ingested on both"
    for sort in newest oldest; do
        on_both "search --sort=$sort" hits search --format=ndjson --sort=$sort
        for query in said 'grain OR wheat' '"prime minister"' 'minist*' 'title:oil' 'byline:martin' 'said -minister' \
            'body:"central bank"' 'caption:photo' 'dateline:moscow' 'credits:editing'; do
            on_both "search --sort=$sort '$query'" hits search --format=ndjson --sort=$sort "$query"
        done
        on_both "search --sort=$sort --since 2020 --limit 5 --offset 2" hits search --format=ndjson --sort=$sort --since 2020 --limit 5 --offset 2
    done
    for filters in "" "said" "--dateline moscow" "--dateline kiev" "--reporter martin" "--editor boulton" \
        "--photographer lam" "--person okafor" "--since 2019 --until 2021-06" "--until 1990" "grain --since 1987-01-01"; do
        # shellcheck disable=SC2086
        on_both "count $filters" text count --format=table $filters
    done
    # the store's own commonest names and places, so that the filters match
    "$NEWSIDX" --db "$lite" people --format=ndjson --top 4 >"$TEST_TMP/people.ndjson"
    "$NEWSIDX" --db "$lite" datelines --format=ndjson --top 3 >"$TEST_TMP/places.ndjson"
    python3 -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    row = json.loads(line)
    print("--person" if row["role"] != "reporting" else "--reporter", row["name"], sep="\t")
for line in open(sys.argv[2], encoding="utf-8"):
    print("--dateline", json.loads(line)["city"], sep="\t")' "$TEST_TMP/people.ndjson" "$TEST_TMP/places.ndjson" >"$TEST_TMP/filters"
    tab=$(printf '\t')
    while IFS=$tab read -r option value; do
        on_both "count $option '$value'" text count --format=table "$option" "$value"
        on_both "search --sort=newest $option '$value' said" hits search --format=ndjson --sort=newest "$option" "$value" said
        on_both "people $option '$value'" json people --format=json --top 0 "$option" "$value"
    done <"$TEST_TMP/filters"
    on_both "people" json people --format=json --top 0
    on_both "people said --role editing" json people --format=json --top 0 --role editing said
    on_both "datelines" json datelines --format=json --top 0
    on_both "datelines --since 2000" json datelines --format=json --top 0 --since 2000
    on_both "timeline --by month" json timeline --format=json --by month
    on_both "timeline --by year --share said" json timeline --format=json --by year --share said
    on_both "timeline --by year,dateline" json timeline --format=json --by year,dateline
    on_both "timeline --by person --role reporting" json timeline --format=json --by year --by person --role reporting
    on_both "export" ndjson export
    on_both "export said --dateline moscow --sort=oldest" ndjson export said --dateline moscow --sort=oldest
    on_both "export --format=csv" csv export --format=csv
    "$NEWSIDX" --db "$lite" stats --json >"$TEST_TMP/lite.out" 2>&1
    "$NEWSIDX" --db "$pg" stats --json >"$TEST_TMP/pg.out" 2>&1
    if got=$(python3 - "$TEST_TMP/lite.out" "$TEST_TMP/pg.out" 2>&1 <<'PY'
import json, sys
keys = ("articles", "sources", "incomplete_sources", "provenance", "people", "places", "credits",
        "first_date", "last_date", "dated", "undated", "date_sources")
a, b = (json.load(open(p)) for p in sys.argv[1:3])
differ = [k for k in keys if a.get(k) != b.get(k)]
print(f"{a['articles']} articles" if not differ else "; ".join(f"{k}: {a.get(k)} against {b.get(k)}" for k in differ))
sys.exit(1 if differ else 0)
PY
    ); then pass "parity $set: stats count the same ($got)"; else fail "parity $set: stats count the same" "$got"; fi
    # show: every article, the ids of each store in the same (oldest) order
    lite_ids=$("$NEWSIDX" --db "$lite" search --format=ids --sort=oldest | tr '\n' ' ')
    pg_ids=$("$NEWSIDX" --db "$pg" search --format=ids --sort=oldest | tr '\n' ' ')
    # shellcheck disable=SC2086
    "$NEWSIDX" --db "$lite" show --format=json $lite_ids >"$TEST_TMP/lite.out" 2>"$TEST_TMP/lite.err"
    # shellcheck disable=SC2086
    "$NEWSIDX" --db "$pg" show --format=json $pg_ids >"$TEST_TMP/pg.out" 2>"$TEST_TMP/pg.err"
    if [ -z "$pg_ids" ]; then fail "parity $set: show every article" "no ids on PostgreSQL ($(head -c 300 "$TEST_TMP/pg.err"))"
    elif got=$($COMPARE same json "$TEST_TMP/lite.out" "$TEST_TMP/pg.out" 2>&1); then pass "parity $set: show every article ($got)"
    else fail "parity $set: show every article" "$got"; fi
    "$NEWSIDX" --db "$lite" show $(echo "$lite_ids" | cut -d' ' -f1) >"$TEST_TMP/lite.out" 2>&1
    "$NEWSIDX" --db "$pg" show $(echo "$pg_ids" | cut -d' ' -f1) >"$TEST_TMP/pg.out" 2>&1
    if got=$($COMPARE same text "$TEST_TMP/lite.out" "$TEST_TMP/pg.out" 2>&1); then pass "parity $set: show as text"
    else fail "parity $set: show as text" "$got"; fi
    for query in said 'grain OR wheat' '"prime minister"' 'minist*' 'title:oil' 'oil -grain' 'the'; do
        ranked "'$query'" "$query"
    done
    # a page of a ranked search is that slice of the back end's own order
    for store in "$lite" "$pg"; do
        "$NEWSIDX" --db "$store" search --format=ids the >"$TEST_TMP/all.ids" 2>&1
        "$NEWSIDX" --db "$store" search --format=ids --limit 5 --offset 3 the >"$TEST_TMP/page.ids" 2>&1
        case $store in postgresql:*) which=PostgreSQL ;; *) which=SQLite ;; esac
        expect_equal "parity $set: $which: a ranked page (--limit 5 --offset 3) is that slice of its order" \
            "$(sed -n 4,8p "$TEST_TMP/all.ids")" "$(cat "$TEST_TMP/page.ids")"
    done
}

parity samples data/sample.txt data/sample-cp1252.txt data/sample-crlf.txt
parity fixtures tests/fixtures/store/maple.txt tests/fixtures/store/ferry.txt tests/fixtures/store/names.txt \
    tests/fixtures/store/tokens.txt tests/fixtures/dates/dates.txt tests/fixtures/wire/wire-1987.txt \
    tests/fixtures/wire/wire-2006.txt tests/fixtures/sgml/reut2-000.sgm tests/fixtures/sgml/reut2-001.sgm \
    tests/fixtures/rcv1 tests/fixtures/nitf/foreign.xml
if have_shared; then
    parity seeds "$SHARED"/corpus/*.txt
else
    skip "parity seeds" "../shared/corpus is absent beside the tree"
fi
