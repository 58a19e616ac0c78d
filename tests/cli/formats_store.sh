#!/bin/sh
# tests/cli/formats_store.sh — the libxml2 formats through the store (issue
# 5): ingest of Reuters-21578 SGML, RCV1 (files and directories) and NITF,
# detected from content or named with --format; the summary's counts of
# duplicates and repairs; tags through search, count, export and show; and
# the round trip parse -> ingest -> export --format=xml -> parse.
#
# Expected numbers come from the fixtures (tests/fixtures/sgml, rcv1, nitf
# and tests/fixtures/expected/*.ndjson); every JSON answer is read with
# Python's json module.  Run from the top of the tree with NEWSIDX set.
. tests/lib.sh

FIXTURES=tests/fixtures
SGML_FILES="$FIXTURES/sgml/reut2-000.sgm $FIXTURES/sgml/reut2-001.sgm"

# check NAME FILE PYTHON-EXPRESSION: the expression over `j` (the JSON in
# FILE; the list of its lines' objects when FILE ends in .ndjson) is true.
check() {
    if python3 - "$2" "$3" <<'EOF'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
if sys.argv[1].endswith(".ndjson"):
    j = [json.loads(l) for l in text.splitlines() if l.strip()]
else:
    j = json.loads(text)
sys.exit(0 if eval(sys.argv[2]) else 1)
EOF
    then pass "$1"; else fail "$1" "not true: $3 ($(head -c 300 "$2"))"; fi
}

# ---- Reuters-21578 SGML into the store -----------------------------------------
# reut2-000.sgm holds 9 documents, the 8th an exact copy of the 1st, several
# malformed (15 repairs, `parse --stats` says); reut2-001.sgm holds 2 (CRLF,
# a missing </REUTERS>, a cut-off end: 6 repairs).  11 documents, 10 articles.

db=$(test_store sgml)
expect_status "ingest sgml: exit 0" 0 "$NEWSIDX" --db "$db" ingest --json $SGML_FILES
cp "$TEST_TMP/out" "$TEST_TMP/sgml.json"
S=$TEST_TMP/sgml.json
check "ingest sgml: 10 new, 1 duplicate, 21 repaired, 2 files" "$S" \
    'j["articles_new"] == 10 and j["articles_duplicate"] == 1 and j["repaired"] == 21 and j["files_read"] == 2 and j["files_failed"] == 0'
check "ingest sgml: per file 8+1 (15 repaired) and 2 (6 repaired)" "$S" \
    '[(f["articles_new"], f["articles_duplicate"], f["repaired"], f["status"]) for f in j["files"]] == [(8, 1, 15, "read"), (2, 0, 6, "read")]'
check "ingest --json keeps its keys and adds repaired" "$S" \
    'list(j) == ["store", "files_read", "files_skipped", "files_failed", "files_not_news", "files_interrupted", "articles_new", "articles_duplicate", "articles_already_stored", "repaired", "suspects", "bytes", "seconds", "megabytes_per_second", "articles_per_second", "interrupted", "files"] and list(j["files"][0]) == ["file", "status", "articles_new", "articles_duplicate", "articles_already_stored", "repaired", "bytes", "error"]'
# The summary's repairs are the parser's: the same count as parse --stats.
parse_repairs=$("$NEWSIDX" parse --stats $SGML_FILES 2>&1 >/dev/null | sed -n 's/.* \([0-9]*\) repairs.*/\1/p')
expect_equal "ingest sgml: repaired equals parse --stats" "$parse_repairs" \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["repaired"])' "$S")"
"$NEWSIDX" --db "$db" count >"$TEST_TMP/count.json" 2>&1
check "ingest sgml: the store holds 10 articles" "$TEST_TMP/count.json" 'j["count"] == 10'
"$NEWSIDX" --db "$db" export >"$TEST_TMP/sgml-export.ndjson" 2>"$TEST_TMP/err"
python3 - "$FIXTURES/expected/sgml.ndjson" "$TEST_TMP/sgml-export.ndjson" <<'EOF' >"$TEST_TMP/cmp" 2>&1
import json, sys
want = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
got = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
del want[7]  # the exact duplicate of the first document
key = lambda a: (a["source"]["file"], a["source"]["first_line"])
for a in got:
    a.pop("id")
want.sort(key=key); got.sort(key=key)
if want != got:
    for w, g in zip(want, got):
        if w != g:
            print("differs:", key(w), [k for k in w if w[k] != g.get(k)])
            break
    print(len(want), "expected,", len(got), "exported")
    sys.exit(1)
EOF
if [ $? -eq 0 ]; then pass "ingest sgml: stored articles are the parsed ones, field by field (the duplicate once)"
else fail "ingest sgml: stored articles are the parsed ones, field by field (the duplicate once)" "$(cat "$TEST_TMP/cmp")"; fi

text_db=$(test_store text)
expect_status "ingest sgml: text summary" 0 "$NEWSIDX" --db "$text_db" ingest $SGML_FILES
if grep -q '^articles: *10 new, 1 duplicate$' "$TEST_TMP/out" && grep -q '^repaired: *21 ' "$TEST_TMP/out"; then
    pass "ingest sgml: text summary counts new, duplicate and repaired"
else
    fail "ingest sgml: text summary counts new, duplicate and repaired" "$(cat "$TEST_TMP/out")"
fi

# Well-formed input repairs nothing, and the text summary says nothing of it.
expect_status "ingest rcv1: text summary" 0 "$NEWSIDX" --db "$text_db" ingest "$FIXTURES/rcv1/1001newsML.xml"
if grep -q '^repaired' "$TEST_TMP/out"; then fail "ingest: no repaired line when nothing was repaired" "$(cat "$TEST_TMP/out")"
else pass "ingest: no repaired line when nothing was repaired"; fi

expect_status "ingest sgml again: exit 0" 0 "$NEWSIDX" --db "$db" ingest --json $SGML_FILES
check "ingest sgml again: both files skipped, nothing parsed" "$TEST_TMP/out" \
    'j["files_skipped"] == 2 and j["articles_new"] == 0 and j["articles_duplicate"] == 0 and j["repaired"] == 0'

# Detected from content, not from the name; gzip on standard input.
cp "$FIXTURES/sgml/reut2-000.sgm" "$TEST_TMP/dump.txt"
detect_db=$(test_store detect)
expect_status "ingest sgml named .txt: exit 0" 0 "$NEWSIDX" --db "$detect_db" ingest --json "$TEST_TMP/dump.txt"
check "ingest: SGML detected from content (8 new, 1 duplicate, 15 repaired)" "$TEST_TMP/out" \
    'j["articles_new"] == 8 and j["articles_duplicate"] == 1 and j["repaired"] == 15'
gzip -c "$FIXTURES/sgml/reut2-000.sgm" >"$TEST_TMP/reut2-000.sgm.gz"
stdin_db=$(test_store stdin)
"$NEWSIDX" --db "$stdin_db" ingest --json - <"$TEST_TMP/reut2-000.sgm.gz" >"$TEST_TMP/stdin.json" 2>"$TEST_TMP/err"
check "ingest: gzip SGML on standard input (8 new, 1 duplicate)" "$TEST_TMP/stdin.json" \
    'j["articles_new"] == 8 and j["articles_duplicate"] == 1 and j["files"][0]["file"] == "-"'

# --format / --input-format override detection: a cover note before one
# document makes it wire text to the detector.
python3 - "$FIXTURES/sgml/reut2-000.sgm" "$TEST_TMP/covered.sgm" <<'EOF'
import re, sys
data = open(sys.argv[1], "rb").read()
first = re.split(rb"(?i)(?=<reuters[ >])", data)[1]
open(sys.argv[2], "wb").write(b"Cover note: this is not a story.\n\n" + first)
EOF
for option in --input-format=sgml; do
    covered_db=$(test_store covered)
    expect_status "ingest $option: exit 0" 0 "$NEWSIDX" --db "$covered_db" ingest --json "$option" "$TEST_TMP/covered.sgm"
    check "ingest $option: read as SGML, one article" "$TEST_TMP/out" 'j["articles_new"] == 1'
    "$NEWSIDX" --db "$covered_db" export >"$TEST_TMP/covered.ndjson" 2>"$TEST_TMP/err"
    check "ingest $option: the document's title" "$TEST_TMP/covered.ndjson" \
        'len(j) == 1 and j[0]["title"] == "BAHIA CACAO GROWERS WELCOME LATE RAINS" and j[0]["tags"][0] == {"scheme": "topics", "code": "cocoa"}'
done
expect_status "ingest --input-format=bogus: usage error" 2 "$NEWSIDX" --db "$covered_db" ingest --input-format=bogus "$TEST_TMP/covered.sgm"
expect_one_line_error "ingest --input-format=bogus: names it" "ingest: unknown input format 'bogus'"
# --format is the output (the summary's) format, as everywhere
expect_status "ingest --format=sgml: a usage error" 2 "$NEWSIDX" --db "$covered_db" ingest --format=sgml "$TEST_TMP/covered.sgm"
expect_one_line_error "ingest --format=sgml: points at --input-format" "use --input-format=sgml"
covered_db=$(test_store covered)
expect_status "ingest --format=json is --json" 0 "$NEWSIDX" --db "$covered_db" ingest --format=json --input-format=sgml "$TEST_TMP/covered.sgm"
check "ingest --format=json: the JSON summary" "$TEST_TMP/out" 'j["articles_new"] == 1'
expect_status "ingest --help names --input-format" 0 "$NEWSIDX" ingest --help
if grep -q -- '--input-format=NAME' "$TEST_TMP/out" && grep -q 'DIRECTORY' "$TEST_TMP/out"; then pass "ingest --help: --input-format and directories"
else fail "ingest --help: --input-format and directories" "$(cat "$TEST_TMP/out")"; fi

# Malformed SGML: the best article possible, never a crash.
for size in 700 3000 5000; do
    head -c "$size" "$FIXTURES/sgml/reut2-000.sgm" >"$TEST_TMP/cut.sgm"
    starts=$(grep -ci '<reuters[ >]' "$TEST_TMP/cut.sgm")
    cut_db=$(test_store cut)
    "$NEWSIDX" --db "$cut_db" ingest --json --input-format=sgml "$TEST_TMP/cut.sgm" >"$TEST_TMP/cut.json" 2>"$TEST_TMP/err"
    status=$?
    if [ "$status" -eq 0 ]; then pass "ingest sgml cut after $size bytes: exit 0"; else fail "ingest sgml cut after $size bytes: exit 0" "status $status: $(cat "$TEST_TMP/err")"; fi
    check "ingest sgml cut after $size bytes: $starts articles, repairs counted" "$TEST_TMP/cut.json" \
        "j['articles_new'] + j['articles_duplicate'] == $starts and j['repaired'] >= 1"
done
python3 - "$TEST_TMP/noise.sgm" <<'EOF'
import random, sys
random.seed(7)
pieces = [b"<REUTERS NEWID=1>", b"</REUTERS>", b"<TEXT TYPE=\"", b"<BODY>", b"</BODY>", b"<TITLE>",
          b"&#3;", b"&#", b"&lt;", b"&", b"<", b">", b"\"", b"<D>", b"<TOPICS>", b"</TOPICS>", b"\n",
          b"  ", b"\xe9", b"<!--", b"-->", b"word ", b"<TEXT>", b"&amp", b"&#99999999;", b"</"]
open(sys.argv[1], "wb").write(b"".join(random.choice(pieces) for _ in range(20000)))
EOF
noise_db=$(test_store noise)
"$NEWSIDX" --db "$noise_db" ingest --json --input-format=sgml "$TEST_TMP/noise.sgm" >"$TEST_TMP/noise.json" 2>"$TEST_TMP/err"
status=$?
if [ "$status" -le 1 ]; then pass "ingest sgml noise: no crash"; else fail "ingest sgml noise: no crash" "status $status: $(head -c 300 "$TEST_TMP/err")"; fi
check "ingest sgml noise: articles stored, repairs counted" "$TEST_TMP/noise.json" \
    'j["articles_new"] >= 1 and j["repaired"] >= 1'

# ---- RCV1: a directory of items, recursively -----------------------------------

expect_status "ingest rcv1 directory: exit 0" 0 "$NEWSIDX" --db "$db" ingest --json "$FIXTURES/rcv1"
cp "$TEST_TMP/out" "$TEST_TMP/rcv1.json"
check "ingest rcv1 directory: 4 files read (one in a subdirectory), 4 new" "$TEST_TMP/rcv1.json" \
    'j["files_read"] == 4 and j["articles_new"] == 4 and j["repaired"] == 0 and [f["file"] for f in j["files"]] == ["tests/fixtures/rcv1/1001newsML.xml", "tests/fixtures/rcv1/1002newsML.xml", "tests/fixtures/rcv1/1003newsML.xml", "tests/fixtures/rcv1/19960823/1004newsML.xml"]'
expect_status "ingest rcv1 directory again: exit 0" 0 "$NEWSIDX" --db "$db" ingest --json "$FIXTURES/rcv1"
check "ingest rcv1 directory again: 4 files skipped" "$TEST_TMP/out" 'j["files_skipped"] == 4 and j["articles_new"] == 0'
mkdir -p "$TEST_TMP/empty-folder"
empty_db=$(test_store empty)
expect_status "ingest an empty directory: exit 0" 0 "$NEWSIDX" --db "$empty_db" ingest --json "$TEST_TMP/empty-folder"
check "ingest an empty directory: no files" "$TEST_TMP/out" 'j["files_read"] == 0 and j["files"] == []'

# Every format in one directory, told apart by content.
mkdir -p "$TEST_TMP/mixed/items"
cp data/sample.txt "$TEST_TMP/mixed/a-wire"
cp "$FIXTURES/sgml/reut2-001.sgm" "$TEST_TMP/mixed/b-sgml"
cp "$FIXTURES/rcv1/1002newsML.xml" "$TEST_TMP/mixed/items/c-item"
cp "$FIXTURES/nitf/foreign.xml" "$TEST_TMP/mixed/items/d-nitf"
wire_count=$("$NEWSIDX" parse data/sample.txt | grep -c .)
mixed_db=$(test_store mixed)
expect_status "ingest a directory of every format: exit 0" 0 "$NEWSIDX" --db "$mixed_db" ingest --json "$TEST_TMP/mixed"
check "ingest a directory of every format: wire ($wire_count) + SGML (2) + RCV1 (1) + NITF (1)" "$TEST_TMP/out" \
    "j['files_read'] == 4 and [f['articles_new'] for f in j['files']] == [$wire_count, 2, 1, 1]"

# ---- NITF ---------------------------------------------------------------------

expect_status "ingest nitf: exit 0" 0 "$NEWSIDX" --db "$db" ingest --json "$FIXTURES/nitf/foreign.xml"
check "ingest nitf: 1 new" "$TEST_TMP/out" 'j["articles_new"] == 1 and j["files_read"] == 1'

# ---- Tags end to end ----------------------------------------------------------
# The store now holds the 10 SGML articles, the 4 RCV1 items and the NITF
# story.  Tag codes per article (tests/fixtures/expected/*.ndjson):
#   cocoa: the BAHIA story (twice in reut2-000.sgm, stored once)
#   brazil: BAHIA and the SAO PAULO coffee story; wheat, grain: the UNPROC
#   Argentina document and the CANADA one; BRAZ, PORL, C24, FIN: one RCV1
#   item each.  Codes match case-insensitively.

# count_is NAME WANT ARGS...: `count ARGS` answers {"count": WANT}.
count_is() {
    name=$1 want=$2
    shift 2
    "$NEWSIDX" --db "$db" count "$@" >"$TEST_TMP/count.json" 2>"$TEST_TMP/err"
    check "$name" "$TEST_TMP/count.json" "j == {'count': $want}"
}
count_is "count tag:cocoa: 1 (the duplicate stored once)" 1 'tag:cocoa'
count_is "count tag:brazil: 2" 2 'tag:brazil'
count_is "count tag:wheat: 2" 2 'tag:wheat'
count_is "count tag:BRAZ (RCV1 countries): 1" 1 'tag:BRAZ'
count_is "count tag:porl (case-insensitive): 1" 1 'tag:porl'
count_is "count tag:C24 (RCV1 topics): 1" 1 'tag:C24'
count_is "count tag:brazil tag:coffee: 1 (both tags)" 1 'tag:brazil tag:coffee'
count_is "count tag:wheat with a word: 1" 1 'tag:wheat canada'
count_is "count tag:nosuch: 0" 0 'tag:nosuch'
count_is "count --tag places-less code lse: 1" 1 --tag lse

"$NEWSIDX" --db "$db" search --tag brazil --format=ndjson >"$TEST_TMP/brazil.ndjson" 2>"$TEST_TMP/err"
check "search --tag brazil: the two stories" "$TEST_TMP/brazil.ndjson" \
    'sorted(a["title"] for a in j) == ["BAHIA CACAO GROWERS WELCOME LATE RAINS", "SÃO PAULO COFFEE BOARD KEEPS QUOTA"]'
"$NEWSIDX" --db "$db" search --tag FIN --format=ndjson >"$TEST_TMP/fin.ndjson" 2>"$TEST_TMP/err"
check "search --tag FIN: the Nordic RCV1 item" "$TEST_TMP/fin.ndjson" \
    '[a["title"] for a in j] == ["Nordic paper makers eye price rise."]'
"$NEWSIDX" --db "$db" search --tag grain --tag canada --format=ids >"$TEST_TMP/ids" 2>"$TEST_TMP/err"
expect_equal "search --tag grain --tag canada: one id" 1 "$(grep -c . "$TEST_TMP/ids")"

"$NEWSIDX" --db "$db" export --tag cocoa --format=json >"$TEST_TMP/cocoa.json" 2>"$TEST_TMP/err"
check "export --tag cocoa: tags as scheme and code, in order" "$TEST_TMP/cocoa.json" \
    'len(j) == 1 and j[0]["tags"] == [{"scheme": "topics", "code": "cocoa"}, {"scheme": "places", "code": "brazil"}, {"scheme": "places", "code": "ghana"}, {"scheme": "orgs", "code": "icco"}]'
"$NEWSIDX" --db "$db" export 'tag:PORL' >"$TEST_TMP/porl.ndjson" 2>"$TEST_TMP/err"
check "export tag:PORL: RCV1 metadata codes" "$TEST_TMP/porl.ndjson" \
    'len(j) == 1 and [(t["scheme"], t["code"]) for t in j[0]["tags"]] == [("countries", "PORL"), ("industries", "I01001"), ("topics", "C24"), ("topics", "CCAT")]'
"$NEWSIDX" --db "$db" export >"$TEST_TMP/all.ndjson" 2>"$TEST_TMP/err"
# 10 SGML articles with 4+1+4+1+4+2+3+3+2+0 tags, 4 RCV1 items with
# 4+2+3+0, the NITF story with 2 (its classifiers).
check "export: 15 articles, 35 tags, [] where the source has none" "$TEST_TMP/all.ndjson" \
    'len(j) == 15 and sum(len(a["tags"]) for a in j) == 24 + 9 + 2 and [a["tags"] for a in j if a["title"] in ("PLATINUM REFINERY REOPENS", "Harbour dues unchanged.")] == [[], []]'
count_is "count tag:04015000 (NITF classifier): 1" 1 'tag:04015000'
"$NEWSIDX" --db "$db" export --format=csv --tag icco >"$TEST_TMP/icco.csv" 2>"$TEST_TMP/err"
if python3 -c 'import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
sys.exit(0 if len(rows) == 1 and rows[0]["tags"] == "topics:cocoa; places:brazil; places:ghana; orgs:icco" else 1)' "$TEST_TMP/icco.csv"
then pass "export --format=csv: the tags column"; else fail "export --format=csv: the tags column" "$(cat "$TEST_TMP/icco.csv")"; fi

cocoa_id=$("$NEWSIDX" --db "$db" search --tag icco --format=ids)
expect_status "show a tagged article: exit 0" 0 "$NEWSIDX" --db "$db" show "$cocoa_id"
if grep -qx 'tags: topics:cocoa places:brazil places:ghana orgs:icco' "$TEST_TMP/out"; then pass "show: the text lists the tags"
else fail "show: the text lists the tags" "$(cat "$TEST_TMP/out")"; fi
if grep -q '^   and: tests/fixtures/sgml/reut2-000.sgm, lines 141-166$' "$TEST_TMP/out"; then pass "show: the duplicate document is a second source"
else fail "show: the duplicate document is a second source" "$(cat "$TEST_TMP/out")"; fi
expect_status "show --format=json: exit 0" 0 "$NEWSIDX" --db "$db" show --format=json "$cocoa_id"
check "show --format=json: carries the tags" "$TEST_TMP/out" \
    'j["id"] == '"$cocoa_id"' and j["tags"] == [{"scheme": "topics", "code": "cocoa"}, {"scheme": "places", "code": "brazil"}, {"scheme": "places", "code": "ghana"}, {"scheme": "orgs", "code": "icco"}]'
rcv1_id=$("$NEWSIDX" --db "$db" search --tag I47100 --format=ids)
expect_status "show an RCV1 item: exit 0" 0 "$NEWSIDX" --db "$db" show --format=ndjson "$rcv1_id"
cp "$TEST_TMP/out" "$TEST_TMP/show.ndjson"
check "show --format=ndjson: RCV1 tags" "$TEST_TMP/show.ndjson" \
    '[(t["scheme"], t["code"]) for t in j[0]["tags"]] == [("countries", "FIN"), ("countries", "SWED"), ("industries", "I47100")]'
untagged_id=$("$NEWSIDX" --db "$db" search 'title:platinum' --format=ids)
expect_status "show an untagged article: exit 0" 0 "$NEWSIDX" --db "$db" show "$untagged_id"
if grep -q '^tags:' "$TEST_TMP/out"; then fail "show: no tags line without tags" "$(cat "$TEST_TMP/out")"; else pass "show: no tags line without tags"; fi

# ---- Round trip through the store ----------------------------------------------
# parse (A) -> ingest into a new store -> export --format=xml -> xmllint ->
# parse (B).  The store keeps one article per normalised text and exports
# oldest first, so A and B are compared as sets keyed by (source file's
# base name, first line): every article of B is the article of A with that
# key (source included, id left out); every article of A missing from B
# duplicates, field for field apart from its source, an article of B (the
# store kept its first sighting); and B holds as many articles as the
# ingest stored new.

# round_trip NAME INPUT...
round_trip() {
    name=$1
    shift
    rt_db=$(test_store rt)
    "$NEWSIDX" parse "$@" >"$TEST_TMP/rt-a.ndjson" 2>"$TEST_TMP/err" || { fail "$name: parse" "$(head -c 300 "$TEST_TMP/err")"; return; }
    "$NEWSIDX" --db "$rt_db" ingest --json "$@" >"$TEST_TMP/rt-ingest.json" 2>"$TEST_TMP/err" || { fail "$name: ingest" "$(head -c 300 "$TEST_TMP/err")"; return; }
    "$NEWSIDX" --db "$rt_db" export --format=xml >"$TEST_TMP/rt.xml" 2>"$TEST_TMP/err" || { fail "$name: export" "$(head -c 300 "$TEST_TMP/err")"; return; }
    if xmllint --noout "$TEST_TMP/rt.xml" 2>"$TEST_TMP/err"; then pass "$name: xmllint accepts the export"; else fail "$name: xmllint accepts the export" "$(head -c 300 "$TEST_TMP/err")"; fi
    "$NEWSIDX" parse "$TEST_TMP/rt.xml" >"$TEST_TMP/rt-b.ndjson" 2>"$TEST_TMP/err" || { fail "$name: parse the export" "$(head -c 300 "$TEST_TMP/err")"; return; }
    if python3 - "$TEST_TMP/rt-a.ndjson" "$TEST_TMP/rt-b.ndjson" "$TEST_TMP/rt-ingest.json" >"$TEST_TMP/rt-diff" 2>&1 <<'EOF'
import json, os, sys
load = lambda p: [json.loads(l) for l in open(p, encoding="utf-8") if l.strip()]
a_list, b_list = load(sys.argv[1]), load(sys.argv[2])
summary = json.load(open(sys.argv[3]))
key = lambda a: (os.path.basename(a["source"]["file"]), a["source"]["first_line"])
content = lambda a: {k: v for k, v in a.items() if k not in ("id", "source")}
for article in a_list + b_list:
    article.pop("id", None)
a_by_key = {key(a): a for a in a_list}
b_by_key = {key(b): b for b in b_list}
problems = []
if len(a_by_key) != len(a_list) or len(b_by_key) != len(b_list):
    problems.append("two articles share a (file, first line) key")
if len(b_list) != summary["articles_new"] or len(a_list) != summary["articles_new"] + summary["articles_duplicate"]:
    problems.append(f"{len(a_list)} parsed and {len(b_list)} exported, but the ingest says "
                    f"{summary['articles_new']} new and {summary['articles_duplicate']} duplicate")
b_contents = [content(b) for b in b_list]
for k, b in b_by_key.items():
    a = a_by_key.get(k)
    if a is None:
        problems.append(f"exported {k} was never parsed")
    elif a != b:
        fields = [f for f in sorted(set(a) | set(b)) if a.get(f) != b.get(f)]
        problems.append(f"{k} {a.get('title')!r} differs in {fields}: "
                        + "; ".join(f"{f}: {json.dumps(a.get(f), ensure_ascii=False)[:150]} -> "
                                    f"{json.dumps(b.get(f), ensure_ascii=False)[:150]}" for f in fields))
for k, a in a_by_key.items():
    if k not in b_by_key and content(a) not in b_contents:
        problems.append(f"parsed {k} {a.get('title')!r} is neither exported nor a duplicate of an exported article")
print("\n".join(problems[:5]))
sys.exit(1 if problems else 0)
EOF
    then pass "$name: same article JSON after the round trip"; else fail "$name: same article JSON after the round trip" "$(cat "$TEST_TMP/rt-diff")"; fi
}

if command -v xmllint >/dev/null 2>&1; then
    round_trip "store round trip data/*.txt" data/*.txt
    round_trip "store round trip SGML fixtures" $SGML_FILES
    check "store round trip SGML fixtures: the duplicate document is one article" "$TEST_TMP/rt-b.ndjson" \
        'len(j) == 10 and [a["title"] for a in j].count("BAHIA CACAO GROWERS WELCOME LATE RAINS") == 1'
    round_trip "store round trip RCV1 fixtures" "$FIXTURES/rcv1"
    check "store round trip RCV1 fixtures: tags survive" "$TEST_TMP/rt-b.ndjson" \
        'sorted(t["code"] for a in j for t in a["tags"]) == sorted(["PORL", "I01001", "C24", "CCAT", "BRAZ", "M14", "FIN", "SWED", "I47100"])'
    round_trip "store round trip NITF fixture" "$FIXTURES/nitf/foreign.xml"
    if [ -d "$SHARED/corpus" ] && ls "$SHARED"/corpus/*.txt >/dev/null 2>&1; then
        round_trip "store round trip shared corpus" "$SHARED"/corpus/*.txt
        # The seeds hold one story twice (two dumps): one article after ingest.
        a_count=$(grep -c . "$TEST_TMP/rt-a.ndjson")
        b_count=$(grep -c . "$TEST_TMP/rt-b.ndjson")
        expect_equal "store round trip shared corpus: the story in two dumps is one article" "$((a_count - 1))" "$b_count"
    else
        skip "store round trip shared corpus" "no $SHARED/corpus/*.txt beside the tree"
    fi
else
    skip "store round trips" "xmllint is not installed (apt-get install libxml2-utils)"
fi
exit 0
