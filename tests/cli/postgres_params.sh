#!/bin/sh
# tests/cli/postgres_params.sh — a quote, a backslash and $$ in every
# option and field value reach PostgreSQL only as a parameter.
#
# A cluster of its own logs every statement (log_statement = all).  Each
# command below carries the mark  Qzq'\$$Qzq  in one value: in the query
# (a word, a phrase, a prefix, each field:), in each filter, in the file
# name and in every field of an ingested story (the byline only its quote:
# the wire reader takes no backslash or $ in a byline).  In the server log, the
# mark (in any case: the store folds names and words) may appear only in
# the "parameters:" details of a statement, never in a statement's text;
# and for every asking command it must appear there at least once, so the
# check cannot pass by the value never reaching the server.
. tests/lib.sh

if ! PG_WHY=$(sh tests/pg/cluster.sh available); then skip "PostgreSQL parameters only" "$PG_WHY"; exit 0; fi
cluster=$(mktemp -d /tmp/newsidx-pg.XXXXXX)
if ! pg_cluster_start "$cluster" "log_statement = 'all'" "log_parameter_max_length = -1" \
    "log_parameter_max_length_on_error = -1" "log_min_error_statement = error" 2>"$TEST_TMP/err"; then
    fail "parameters only: a cluster that logs every statement" "$(cat "$TEST_TMP/err")"
    exit 0
fi
uri=$PG_CLUSTER_URI
log=$cluster/server.log
db=$(pg_store params "$uri")

MARK='Qzq'"'"'\$$Qzq'
# The story (invented): the mark in the headline, a caption, the body and
# the credits, a quote in the byline; the file and its folder are named
# with the mark too.
folder="$TEST_TMP/in $MARK"
mkdir -p "$folder"
cat >"$folder/wire $MARK.txt" <<STORY
Harbour board backs the $MARK ferry plan

A ferry waits at the quay of the $MARK line in Portvale, Norland, March 2, 2021. REUTERS/Ines Calder

By Tomas Qzq'Oreyes

PORTVALE, March 3 (Reuters) - The harbour board of Portvale backed on Wednesday a plan by the $MARK company to run a night ferry.

The board said the ferry would start in May.

(Reporting by Tomas $MARK Reyes; Editing by Ruth $MARK Oduya)
STORY

# checked_in NAME NEEDS_PARAMETER STATUS COMMAND...: runs newsidx COMMAND
# on the store, wants exit status STATUS, and checks the part of the server
# log it wrote (NEEDS_PARAMETER yes: the mark must be among the parameters).
checked_in() {
    name=$1 needs=$2 want=$3
    shift 3
    before=$(wc -c <"$log")
    "$NEWSIDX" --db "$db" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    status=$?
    sleep 0.1
    tail -c "+$((before + 1))" "$log" >"$TEST_TMP/part.log"
    if ! verdict=$(python3 - "$TEST_TMP/part.log" "$needs" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
# entries: a line starting with the log_line_prefix's timestamp, and its continuation lines
entries = re.split(r"\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", text)
statements = parameters = 0
leaks = []
for entry in entries:
    kind = re.search(r"\b(LOG|DETAIL|CONTEXT|ERROR|STATEMENT|WARNING|NOTICE|HINT):\s+(.*)", entry, re.S)
    if not kind:
        continue
    if kind.group(1) == "LOG" and re.match(r"(statement|execute|parse|bind)", kind.group(2)):
        statements += 1
    if "qzq" not in entry.lower():
        continue
    body = kind.group(2)
    if kind.group(1) == "DETAIL" and body.startswith("parameters:") or \
       kind.group(1) == "CONTEXT" and re.match(r"(unnamed )?portal .*parameter", body):
        parameters += 1
    else:
        leaks.append(entry.strip()[:300])
if leaks:
    print("the mark in statement text: " + " | ".join(leaks[:2]))
    sys.exit(1)
if sys.argv[2] == "yes" and statements == 0:
    print("no statement logged")
    sys.exit(1)
if sys.argv[2] == "yes" and parameters == 0:
    print(f"{statements} statements, none with the mark as a parameter")
    sys.exit(1)
print(f"{statements} statements, {parameters} with the mark as a parameter")
PY
    ); then
        fail "parameters only: $name" "$verdict"
    elif [ "$status" -ne "$want" ]; then
        fail "parameters only: $name" "exit status $status: $(head -c 300 "$TEST_TMP/err")"
    else
        pass "parameters only: $name ($verdict)"
    fi
}

checked_in "ingest a story and a file named with the mark" no 0 ingest --quiet "$folder"
"$NEWSIDX" --db "$db" search --format=ndjson >"$TEST_TMP/hits.ndjson"
if python3 -c 'import json, sys
hits = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
mark = sys.argv[2]
assert len(hits) == 1, hits
assert mark in hits[0]["title"] and mark in hits[0]["source"]["file"], hits[0]
assert hits[0]["byline"] == "Tomas Qzq\x27Oreyes", hits[0]["byline"]' \
    "$TEST_TMP/hits.ndjson" "$MARK" 2>"$TEST_TMP/why"; then
    pass "parameters only: the story and its file name are stored with the mark, byte for byte"
else
    fail "parameters only: the story and its file name are stored with the mark" "$(tail -n 2 "$TEST_TMP/why")"
fi
id=$("$NEWSIDX" --db "$db" search --format=ids | head -n 1)
"$NEWSIDX" --db "$db" show --format=json "$id" >"$TEST_TMP/show.json"
if python3 -c 'import json, sys
a = json.load(open(sys.argv[1], encoding="utf-8")); mark = sys.argv[2]
names = [c["name"] for c in a["credits"]]
assert any(mark in n for n in names), names
assert any(mark in c["text"] for c in a["captions"]), a["captions"]
assert any(mark in p for p in a["paragraphs"]), a["paragraphs"]' "$TEST_TMP/show.json" "$MARK" 2>"$TEST_TMP/why"; then
    pass "parameters only: credits, caption and body keep the mark"
else
    fail "parameters only: credits, caption and body keep the mark" "$(tail -n 2 "$TEST_TMP/why")"
fi

for command in search count export; do
    checked_in "$command: the mark as a word" yes 0 $command "$MARK"
    checked_in "$command: the mark in a phrase" yes 0 $command "\"ferry $MARK plan\""
    checked_in "$command: the mark as a prefix" yes 0 $command "${MARK}*"
    checked_in "$command: the mark excluded" yes 0 $command "ferry -$MARK"
    checked_in "$command: the mark OR a word" yes 0 $command "$MARK OR harbour"
    for field in title body caption byline dateline credits; do
        checked_in "$command: $field:mark" yes 0 $command "$field:$MARK"
    done
done
for command in search count export people datelines timeline; do
    for option in --dateline --reporter --editor --photographer --person; do
        checked_in "$command $option mark" yes 0 $command "$option" "$MARK"
    done
    checked_in "$command --reporter with a quote" yes 0 $command --reporter "Tomas Qzq'Oreyes"
    # a role is one of the store's roles (read from it, not matched in SQL): a usage error
    checked_in "$command --person x --role mark" no 2 $command --person "Tomas" --role "$MARK"
done
checked_in "people --role mark" no 2 people --role "$MARK"
checked_in "timeline --by person --role mark" no 2 timeline --by person --role "$MARK"
# a date cannot hold the mark: a usage error before any SQL
"$NEWSIDX" --db "$db" count --since "$MARK" >/dev/null 2>&1
expect_equal "parameters only: --since with the mark is a usage error" 2 "$?"
