# tests/cli/realcopy.sh — the wire parser on the forms real copy of every era
# shows: whole invented dumps compared article by article, the score on the
# real development corpus held to a ratchet, parse --report, and memory
# bounded on input with no blank lines.
. tests/lib.sh

FIXTURES=tests/fixtures

# ---- whole dumps in the forms of 1987 and of 2006-13 ----------------------
# Each expected file was checked by hand, story by story; a change to how
# any story is cut or read shows here field by field.
for era in wire-1987 wire-2006; do
    if "$NEWSIDX" parse --format=ndjson "$FIXTURES/wire/$era.txt" >"$TEST_TMP/$era.ndjson" 2>"$TEST_TMP/err" &&
        python3 tests/compare-articles.py "$FIXTURES/expected/$era.ndjson" "$TEST_TMP/$era.ndjson" >"$TEST_TMP/cmp" 2>&1; then
        pass "$era: every story cut and read as expected"
    else
        fail "$era: every story cut and read as expected" "$(head -c 600 "$TEST_TMP/cmp" "$TEST_TMP/err")"
    fi
done

# ---- the development corpus: split, city, byline and credits ratchet -------
# tests/score-dev.ratchet holds the lowest figures allowed; a change that
# scores lower on any of them fails.  Raise them as the parser improves.
DEV=$SHARED/corpus/dev
if [ -f "$DEV/reuters-2006-2013.txt" ] && [ -x "$SHARED/tools/score-dev" ]; then
    "$SHARED/tools/score-dev" "$NEWSIDX" "$DEV" --no-categories >"$TEST_TMP/score" 2>&1
    python3 - "$TEST_TMP/score" tests/score-dev.ratchet <<'EOF'
import json, sys
line = next((l for l in open(sys.argv[1]) if l.startswith('dev ')), None)
if line is None:
    print('FAIL score-dev ratchet: no score line: %s' % open(sys.argv[1]).read()[-300:])
    sys.exit(0)
score = json.loads(line.split(' ', 2)[2])
for row in open(sys.argv[2]):
    row = row.split('#')[0].split()
    if not row:
        continue
    name, floor = row[0], float(row[1])
    got = score.get(name)
    if got is None:
        print('FAIL score-dev ratchet: %s: missing from the score' % name)
    elif got + 1e-9 < floor:
        print('FAIL score-dev ratchet: %s fell to %.4f, below %.4f' % (name, got, floor))
    else:
        print('PASS score-dev ratchet: %s %.4f >= %.4f' % (name, got, floor))
EOF
else
    skip "score-dev ratchet" "$DEV is absent beside the tree"
fi

# ---- parse --report on a dump with known bad spots -------------------------
# suspects.txt: a credit line that does not parse (line 7), a story with no
# dateline (line 13), a sentence read as a headline (line 21); the test
# adds a story far longer than the rest (a missed boundary).
dump=$TEST_TMP/suspects.txt
cp "$FIXTURES/wire/suspects.txt" "$dump"
python3 - >>"$dump" <<'EOF'
print()
print("Port traffic review for the year")
print()
print("HAMBURG (Reuters) - Traffic through the port rose for a fifth year, the port authority said.")
for n in range(300):
    print()
    print("Paragraph %d of the review says the quays handled more boxes than the year before, and more of them." % n)
EOF
expect_status "report: runs" 0 "$NEWSIDX" parse --report --format=json "$dump"
python3 - "$TEST_TMP/out" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
def check(name, want, got):
    print(('PASS report: %s' % name) if want == got else ('FAIL report: %s: wanted %r, got %r' % (name, want, got)))
check("articles", 5, report["articles"])
check("dateline forms", {"place": 3, "placeless": 1, "old_style": 0, "none": 1}, report["datelines"])
check("suspect count", 4, report["suspects"])
check("suspects by reason", {"no_dateline": 1, "prose_title": 1, "long_story": 1, "credit_line": 1},
      report["suspects_by_reason"])
check("each suspect with its line and reason",
      [(7, ["credit_line"]), (13, ["no_dateline"]), (21, ["prose_title"]), (27, ["long_story"])],
      [(s["line"], s["reasons"]) for s in report["suspect_articles"]])
check("suspects name their file", True, all(s["file"].endswith("/suspects.txt") for s in report["suspect_articles"]))
EOF
expect_status "report: a table for people" 0 "$NEWSIDX" parse --report "$dump"
if grep -q '^suspects:  4 (1 no dateline, 1 title reads like prose, 1 far longer than the rest' "$TEST_TMP/out" &&
    grep -q 'suspects.txt  *21  *title reads like prose' "$TEST_TMP/out" &&
    grep -q '^datelines: 3 with a place, 1 place-less, 0 old style, 1 none' "$TEST_TMP/out"; then
    pass "report: the table counts and lists the suspects"
else
    fail "report: the table counts and lists the suspects" "$(head -c 600 "$TEST_TMP/out")"
fi
expect_status "report: no xml" 2 "$NEWSIDX" parse --report --format=xml "$dump"

# ingest counts the same suspects in its summary
expect_status "report: ingest --json" 0 "$NEWSIDX" --db "$TEST_TMP/suspects.db" ingest --json "$dump"
expect_equal "report: ingest --json counts the suspects" 4 \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["suspects"])' "$TEST_TMP/out")"
expect_status "report: ingest summary" 0 "$NEWSIDX" --db "$TEST_TMP/suspects.db" ingest --force "$dump"
if grep -q '^suspects:  4 articles' "$TEST_TMP/out"; then pass "report: ingest summary counts the suspects"
else fail "report: ingest summary counts the suspects" "$(cat "$TEST_TMP/out")"; fi

# ---- a paragraph with no end: refused, memory flat, nothing stored ---------
python3 -c 'import sys
sys.stdout.write("Headline\n\nLONDON (Reuters) - A story.\n\n" + "word word word\n" * 200000)' >"$TEST_TMP/endless.txt"
expect_status "endless paragraph: parse fails" 1 "$NEWSIDX" parse "$TEST_TMP/endless.txt"
expect_one_line_error "endless paragraph: one-line error" "line 5: a paragraph runs past 1 MiB"
expect_status "endless paragraph: ingest fails" 1 "$NEWSIDX" --db "$TEST_TMP/endless.db" ingest --json "$TEST_TMP/endless.txt"
expect_equal "endless paragraph: nothing stored" 0 \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["articles_new"])' "$TEST_TMP/out")"
