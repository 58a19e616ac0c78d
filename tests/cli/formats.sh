#!/bin/sh
# tests/cli/formats.sh — the libxml2 formats: Reuters-21578 SGML and RCV1 XML
# in, NITF XML out and back in, format detection and --format, and bad input.
#
# Expected articles live in tests/fixtures/expected/*.ndjson and are
# compared with tests/compare-articles.py (a real JSON parser).  Run from
# the top of the tree with NEWSIDX set to the binary under test.
. tests/lib.sh

FIXTURES=tests/fixtures
COMPARE="python3 tests/compare-articles.py"
SGML_FILES="$FIXTURES/sgml/reut2-000.sgm $FIXTURES/sgml/reut2-001.sgm"

# check_same NAME EXPECTED ACTUAL: the two NDJSON files hold the same articles.
check_same() {
    if diff_text=$($COMPARE "$2" "$3" 2>&1); then pass "$1"; else fail "$1" "$diff_text"; fi
}

# field NAME FILE PYTHON-EXPRESSION: the expression over `a` (the list of
# articles in FILE) is true.
field() {
    if python3 - "$2" "$3" <<'EOF'
import json, sys
a = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
sys.exit(0 if eval(sys.argv[2]) else 1)
EOF
    then pass "$1"; else fail "$1" "not true: $3"; fi
}

# no_crash NAME STATUS: the status is not a signal's (nor a sanitizer's 
# abort), i.e. the program ended on its own with 0 or 1.
no_crash() {
    if [ "$2" -le 1 ]; then pass "$1"; else fail "$1" "exit status $2 ($(head -c 300 "$TEST_TMP/err"))"; fi
}

# ---- Reuters-21578 SGML -------------------------------------------------------

expect_status "sgml: parse the fixtures" 0 "$NEWSIDX" parse $SGML_FILES
cp "$TEST_TMP/out" "$TEST_TMP/sgml.ndjson"
check_same "sgml: articles field by field" "$FIXTURES/expected/sgml.ndjson" "$TEST_TMP/sgml.ndjson"

documents=$(grep -ci '<reuters[ >]' "$FIXTURES/sgml/reut2-000.sgm")
"$NEWSIDX" parse "$FIXTURES/sgml/reut2-000.sgm" >"$TEST_TMP/000.ndjson" 2>/dev/null
expect_equal "sgml: N documents give N articles" "$documents" "$(grep -c . "$TEST_TMP/000.ndjson")"

S="$TEST_TMP/sgml.ndjson"
field "sgml: byline from AUTHOR without 'by' and ', Reuters'" "$S" 'a[0]["byline"] == ["Marta Quillon"]'
field "sgml: dateline raw/place/date from DATELINE" "$S" \
    'a[0]["dateline"] == {"raw": "SALVADOR, Feb 26", "places": [{"city": "SALVADOR", "region": None}], "agency": None, "date": "Feb 26"}'
field "sgml: published from DATE as ISO 8601" "$S" 'a[0]["published"] == "1987-02-26T15:01:01.79" and a[2]["published"] == "1987-03-02T09:30:00.05"'
field "sgml: tags from TOPICS/PLACES/ORGS in order" "$S" \
    '[(t["scheme"], t["code"]) for t in a[0]["tags"]] == [("topics","cocoa"),("places","brazil"),("places","ghana"),("orgs","icco")]'
field "sgml: &lt; entity decoded, hard wraps joined, Reuter dropped" "$S" \
    'a[0]["paragraphs"][1].startswith("<Andina Cacao SA> said arrivals at the port of Ilheus reached") and len(a[0]["paragraphs"]) == 3 and not any("Reuter" in p for p in a[0]["paragraphs"])'
field "sgml: no control characters survive" "$S" \
    '"\\u00" not in json.dumps(a, ensure_ascii=False)'
field "sgml: BRIEF document keeps its title, has no paragraphs" "$S" 'a[1]["title"] == "FARM PANEL BACKS NEW GRAIN LOAN PLAN" and a[1]["paragraphs"] == []'
field "sgml: UNPROC document's whole TEXT is its body" "$S" 'a[2]["title"] is None and len(a[2]["paragraphs"]) == 4 and a[2]["paragraphs"][3].startswith("Sorghum")'
field "sgml: document with no BODY" "$S" 'a[3]["title"] == "PORT OFFICIALS SEE NO STRIKE THIS WEEK" and a[3]["paragraphs"] == [] and a[3]["dateline"]["raw"] == "LISBON, March 2"'
field "sgml: stray '>', unknown entity, bare '&', stray '<' kept as text" "$S" \
    'a[4]["title"] == "TEXTILE OUTPUT RISES >> MILL SURVEY" and "Hartley & Finch & Co" in a[4]["paragraphs"][0] and "&bogus;" in a[4]["paragraphs"][0] and "below < 80 pct" in a[4]["paragraphs"][1]'
field "sgml: BODY outside TEXT and unclosed TITLE stay whole" "$S" \
    'a[5]["title"] == "SHIPYARD ORDERS UP IN FIRST QUARTER" and len(a[5]["paragraphs"]) == 2 and a[5]["dateline"]["raw"] == "GDANSK, March 3"'
field "sgml: BODY before TITLE, unclosed BODY, Latin-1 text" "$S" \
    'a[6]["title"] == "SÃO PAULO COFFEE BOARD KEEPS QUOTA" and a[6]["byline"] == ["João Sebastião Araújo", "Ana Ribeiro"] and a[6]["paragraphs"][1] == "The board meets again in June."'
field "sgml: lower-case tags, unquoted attributes, unclosed <D>" "$S" \
    'a[8]["title"] == "CANADA WHEAT BOARD SETS INITIAL PRICES" and [t["code"] for t in a[8]["tags"]] == ["grain","wheat","canada"]'
field "sgml: source lines are the document's lines" "$S" \
    '[(x["source"]["first_line"], x["source"]["last_line"]) for x in a[:2]] == [(2, 27), (28, 46)]'
field "sgml: exact duplicate document parses to the same article" "$S" \
    'dict(a[0], source=None) == dict(a[7], source=None)'
field "sgml: CRLF file, missing </REUTERS> and cut-off end" "$S" \
    'a[9]["title"] == "MINE OUTPUT STEADY, CHAMBER SAYS" and a[9]["source"]["last_line"] == 11 and a[10]["paragraphs"] == ["The refinery reopened after a two-week maintenance stop, its owners said."]'

expect_status "sgml: --stats counts repairs" 0 "$NEWSIDX" parse --stats "$FIXTURES/sgml/reut2-000.sgm"
if grep -q '9 articles, 15 repairs, 53 control characters dropped' "$TEST_TMP/err"; then
    pass "sgml: repairs of the malformed documents are counted (15)"
else
    fail "sgml: repairs of the malformed documents are counted (15)" "$(cat "$TEST_TMP/err")"
fi
# Each well-formed document alone: no repairs.
python3 - "$FIXTURES/sgml/reut2-000.sgm" "$TEST_TMP" <<'EOF'
import re, sys
data = open(sys.argv[1], "rb").read()
for i, part in enumerate(re.split(rb"(?i)(?=<reuters[ >])", data)[1:], 1):
    open(f"{sys.argv[2]}/doc{i}.sgm", "wb").write(part)
EOF
clean_counts=""
for i in 1 2 3 4 8; do
    clean_counts="$clean_counts$("$NEWSIDX" parse --stats "$TEST_TMP/doc$i.sgm" 2>&1 >/dev/null | sed 's/.* \([0-9]*\) repairs.*/\1/')"
done
expect_equal "sgml: well-formed documents need no repair" "00000" "$clean_counts"
repairs=$("$NEWSIDX" parse --stats "$TEST_TMP/doc5.sgm" 2>&1 >/dev/null | sed 's/.* \([0-9]*\) repairs.*/\1/')
expect_equal "sgml: '>>', '&', '&bogus;', '<', 2x '&eacute;' are 7 repairs" 7 "$repairs"

# The stream is cut one document at a time: a large file parses in bounded memory.
python3 - "$FIXTURES/sgml/reut2-000.sgm" "$TEST_TMP/big.sgm" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
open(sys.argv[2], "wb").write(data * 400)
EOF
expect_status "sgml: 3600 documents in one file" 0 "$NEWSIDX" parse "$TEST_TMP/big.sgm"
expect_equal "sgml: 3600 documents give 3600 articles" 3600 "$(grep -c . "$TEST_TMP/out")"

gzip -c "$FIXTURES/sgml/reut2-000.sgm" >"$TEST_TMP/reut2-000.sgm.gz"
"$NEWSIDX" parse - <"$TEST_TMP/reut2-000.sgm.gz" >"$TEST_TMP/gz.ndjson" 2>"$TEST_TMP/err"
field "sgml: gzip on standard input" "$TEST_TMP/gz.ndjson" \
    '[x["title"] for x in a] == [json.loads(l)["title"] for l in open("'"$TEST_TMP"'/000.ndjson")]'

# ---- RCV1 ---------------------------------------------------------------------

expect_status "rcv1: parse a directory of items" 0 "$NEWSIDX" parse "$FIXTURES/rcv1"
cp "$TEST_TMP/out" "$TEST_TMP/rcv1.ndjson"
check_same "rcv1: articles field by field (directory, sorted, subdirectory)" "$FIXTURES/expected/rcv1.ndjson" "$TEST_TMP/rcv1.ndjson"
R="$TEST_TMP/rcv1.ndjson"
field "rcv1: headline, byline, dateline with ISO date" "$R" \
    'a[0]["title"] == "Cork exporters see record season." and a[0]["byline"] == ["Inês Carvalho"] and a[0]["dateline"]["date"] == "1996-08-20" and a[0]["dateline"]["places"] == [{"city": "LISBON", "region": None}]'
field "rcv1: item with no byline" "$R" 'a[1]["byline"] == [] and a[1]["dateline"]["places"] == [{"city": "SAO PAULO", "region": "Brazil"}]'
field "rcv1: published from date=, metadata codes as tags" "$R" \
    'a[0]["published"] == "1996-08-20" and [(t["scheme"], t["code"]) for t in a[0]["tags"]] == [("countries","PORL"),("industries","I01001"),("topics","C24"),("topics","CCAT")]'
field "rcv1: text/p paragraphs, entities, ISO-8859-1" "$R" \
    'len(a[0]["paragraphs"]) == 3 and a[0]["paragraphs"][2].endswith("in Setúbal.") and "by <5 percent" in a[2]["paragraphs"][0] and "café" in a[2]["paragraphs"][1]'
field "rcv1: 'By A and B' byline, two places" "$R" \
    'a[2]["byline"] == ["Henrik Aalto", "Maja Lind"] and [p["city"] for p in a[2]["dateline"]["places"]] == ["HELSINKI", "STOCKHOLM"]'
expect_status "rcv1: one item file" 0 "$NEWSIDX" parse "$FIXTURES/rcv1/1002newsML.xml"
expect_equal "rcv1: one item file gives one article" 1 "$(grep -c . "$TEST_TMP/out")"

# ---- NITF written by others ---------------------------------------------------

expect_status "nitf: parse another system's NITF" 0 "$NEWSIDX" parse "$FIXTURES/nitf/foreign.xml"
check_same "nitf: foreign NITF field by field" "$FIXTURES/expected/nitf-foreign.ndjson" "$TEST_TMP/out"

# ---- Detection and --format ---------------------------------------------------

cp "$FIXTURES/sgml/reut2-000.sgm" "$TEST_TMP/dump.txt"
"$NEWSIDX" parse "$TEST_TMP/dump.txt" >"$TEST_TMP/out" 2>/dev/null
expect_equal "detect: SGML from content, not the file name" 9 "$(grep -c . "$TEST_TMP/out")"
cp "$FIXTURES/rcv1/1001newsML.xml" "$TEST_TMP/item.sgm"
"$NEWSIDX" parse "$TEST_TMP/item.sgm" >"$TEST_TMP/out" 2>/dev/null
field "detect: RCV1 from content" "$TEST_TMP/out" 'len(a) == 1 and a[0]["tags"][0]["code"] == "PORL"'
{ echo "Cover note: this is not a story."; echo; cat "$TEST_TMP/doc1.sgm"; } >"$TEST_TMP/covered.sgm"
"$NEWSIDX" parse --input-format=sgml "$TEST_TMP/covered.sgm" >"$TEST_TMP/out" 2>/dev/null
field "--input-format=sgml overrides detection" "$TEST_TMP/out" 'len(a) == 1 and a[0]["title"] == "BAHIA CACAO GROWERS WELCOME LATE RAINS"'
"$NEWSIDX" parse --input-format=sgml --format=json "$TEST_TMP/covered.sgm" >"$TEST_TMP/out" 2>/dev/null
if python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); sys.exit(0 if len(a)==1 else 1)' "$TEST_TMP/out"; then
    pass "--format=json with --input-format=sgml"; else fail "--format=json with --input-format=sgml" "$(head -c 200 "$TEST_TMP/out")"; fi
# --format is the output format everywhere: an input format there is refused
expect_status "parse --format=sgml: a usage error" 2 "$NEWSIDX" parse --format=sgml "$TEST_TMP/covered.sgm"
expect_one_line_error "parse --format=sgml: points at --input-format" "use --input-format=sgml"
# a format forced on an input that plainly is another one is refused
expect_status "parse --input-format=sgml on wire text: an error" 1 "$NEWSIDX" parse --input-format=sgml data/sample.txt
expect_one_line_error "parse --input-format=sgml on wire text: says so" "does not look like Reuters-21578 SGML"
expect_status "parse --input-format=wire on RCV1: an error" 1 "$NEWSIDX" parse --input-format=wire "$FIXTURES/rcv1/1001newsML.xml"
expect_one_line_error "parse --input-format=wire on RCV1: says so" "looks like RCV1 XML, not wire text"
expect_status "--format=bogus is a usage error" 2 "$NEWSIDX" parse --format=bogus "$TEST_TMP/covered.sgm"
expect_one_line_error "--format=bogus names the format" "unknown format 'bogus'"
expect_status "parse --help documents --format=xml" 0 "$NEWSIDX" parse --help
if grep -q -- '--format=xml' "$TEST_TMP/out" && grep -q 'sgml' "$TEST_TMP/out"; then pass "parse --help names the formats"; else fail "parse --help names the formats" "$(cat "$TEST_TMP/out")"; fi

# ---- Bad input never crashes ----------------------------------------------------

for size in 1 40 200 700 1500 3000 5000 7000; do
    head -c "$size" "$FIXTURES/sgml/reut2-000.sgm" >"$TEST_TMP/cut.sgm"
    "$NEWSIDX" parse --input-format=sgml "$TEST_TMP/cut.sgm" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    status=$?
    starts=$(grep -ci '<reuters[ >]' "$TEST_TMP/cut.sgm")
    got=$(grep -c . "$TEST_TMP/out")
    if [ "$status" -eq 0 ] && [ "$got" -eq "$starts" ]; then pass "sgml: cut after $size bytes gives $starts articles"
    else fail "sgml: cut after $size bytes gives $starts articles" "status $status, $got articles"; fi
done
python3 - "$TEST_TMP/noise.sgm" <<'EOF'
import random, sys
random.seed(5)
pieces = [b"<REUTERS NEWID=1>", b"</REUTERS>", b"<TEXT TYPE=\"", b"<BODY>", b"</BODY>", b"<TITLE>",
          b"&#3;", b"&#", b"&lt;", b"&", b"<", b">", b"\"", b"<D>", b"</TOPICS>", b"\n", b"  ",
          b"\xe9", b"\xff\xfe", b"<!--", b"-->", b"word ", b"<TEXT>", b"&amp", b"&#99999999;", b"</"]
out = b"".join(random.choice(pieces) for _ in range(20000))
open(sys.argv[1], "wb").write(out)
EOF
"$NEWSIDX" parse --input-format=sgml "$TEST_TMP/noise.sgm" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
no_crash "sgml: random markup noise does not crash" $?
head -c 20000 /dev/urandom | tr -d '\000' >"$TEST_TMP/random.bin"
for format in sgml rcv1 nitf; do
    "$NEWSIDX" parse --input-format=$format "$TEST_TMP/random.bin" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    no_crash "$format: random bytes do not crash" $?
done

printf '' >"$TEST_TMP/empty"
expect_status "sgml: empty input is no articles" 0 "$NEWSIDX" parse --input-format=sgml "$TEST_TMP/empty"
expect_status "nitf: empty input is an error" 1 "$NEWSIDX" parse --input-format=nitf "$TEST_TMP/empty"
expect_one_line_error "nitf: empty input says why" "cannot read '.*empty'"

sed 's|</body.content>|</body.contents>|' "$FIXTURES/nitf/foreign.xml" >"$TEST_TMP/broken.xml"
expect_status "nitf: not well-formed XML is an error" 1 "$NEWSIDX" parse "$TEST_TMP/broken.xml"
expect_one_line_error "nitf: the error names file and line" "cannot read '.*broken.xml': not well-formed XML at line"

sed -e 's|France &amp; Italy|France &bogus; Italy|' -e 's|</p>$||' "$FIXTURES/rcv1/1001newsML.xml" >"$TEST_TMP/bad-item.xml"
expect_status "rcv1: malformed item still parses" 0 "$NEWSIDX" parse --stats "$TEST_TMP/bad-item.xml"
if grep -q '1 articles, [1-9][0-9]* repairs' "$TEST_TMP/err"; then pass "rcv1: its repairs are counted"; else fail "rcv1: its repairs are counted" "$(cat "$TEST_TMP/err")"; fi
printf '<?xml version="1.0"?>\n<catalogue><item/></catalogue>\n' >"$TEST_TMP/other.xml"
expect_status "rcv1: XML without newsitem is an error" 1 "$NEWSIDX" parse --input-format=rcv1 "$TEST_TMP/other.xml"
expect_one_line_error "rcv1: the error says it is not RCV1" "no <newsitem> element"

# ---- NITF out and back in ------------------------------------------------------

# round_trip NAME INPUT...: parse -> NITF -> xmllint -> parse gives the same JSON.
round_trip() {
    name=$1
    shift
    "$NEWSIDX" parse "$@" >"$TEST_TMP/rt-before.ndjson" 2>"$TEST_TMP/err" || { fail "$name: parse" "$(head -c 300 "$TEST_TMP/err")"; return; }
    "$NEWSIDX" parse --format=xml "$@" >"$TEST_TMP/rt.xml" 2>"$TEST_TMP/err" || { fail "$name: export" "$(head -c 300 "$TEST_TMP/err")"; return; }
    if xmllint --noout "$TEST_TMP/rt.xml" 2>"$TEST_TMP/err"; then pass "$name: xmllint accepts the NITF"; else fail "$name: xmllint accepts the NITF" "$(head -c 300 "$TEST_TMP/err")"; fi
    "$NEWSIDX" parse "$TEST_TMP/rt.xml" >"$TEST_TMP/rt-after.ndjson" 2>"$TEST_TMP/err" || { fail "$name: parse NITF" "$(head -c 300 "$TEST_TMP/err")"; return; }
    check_same "$name: same article JSON after the round trip" "$TEST_TMP/rt-before.ndjson" "$TEST_TMP/rt-after.ndjson"
}

if command -v xmllint >/dev/null 2>&1; then
    round_trip "round trip data/*.txt" data/*.txt
    round_trip "round trip SGML fixtures" $SGML_FILES
    round_trip "round trip RCV1 fixtures" "$FIXTURES/rcv1"
    round_trip "round trip foreign NITF" "$FIXTURES/nitf/foreign.xml"
    if [ -d "$SHARED/corpus" ] && ls "$SHARED"/corpus/*.txt >/dev/null 2>&1; then
        round_trip "round trip shared corpus" "$SHARED"/corpus/*.txt
    else
        skip "round trip shared corpus" "no $SHARED/corpus/*.txt beside the tree"
    fi
    "$NEWSIDX" parse --format=xml "$TEST_TMP/empty" --input-format=sgml >"$TEST_TMP/none.xml" 2>"$TEST_TMP/err"
    if xmllint --noout "$TEST_TMP/none.xml" 2>/dev/null; then pass "nitf: an export of no articles is well-formed"; else fail "nitf: an export of no articles is well-formed" "$(cat "$TEST_TMP/none.xml")"; fi
    "$NEWSIDX" parse --format=xml data/sample.txt >"$TEST_TMP/once.xml" 2>/dev/null
    "$NEWSIDX" parse --format=xml "$TEST_TMP/once.xml" >"$TEST_TMP/twice.xml" 2>/dev/null
    if cmp -s "$TEST_TMP/once.xml" "$TEST_TMP/twice.xml"; then pass "nitf: NITF -> NITF is byte-identical"; else fail "nitf: NITF -> NITF is byte-identical" "$(diff "$TEST_TMP/once.xml" "$TEST_TMP/twice.xml" | head -5)"; fi
else
    skip "round trips" "xmllint is not installed (apt-get install libxml2-utils)"
fi
exit 0
