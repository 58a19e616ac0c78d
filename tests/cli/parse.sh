# tests/cli/parse.sh — `newsidx parse`: gold scores, input forms, bad input.
. tests/lib.sh

# score NAME GOLD FILES...: parse the files and score them against GOLD;
# the scorer's last line must report no failures.
score() {
    name=$1 gold=$2
    shift 2
    if ! "$NEWSIDX" parse --format=ndjson "$@" >"$TEST_TMP/scored.ndjson" 2>"$TEST_TMP/err"; then
        fail "$name" "parse failed: $(cat "$TEST_TMP/err")"
        return
    fi
    last=$("$SCORER" "$gold" "$TEST_TMP/scored.ndjson" | tail -n 1)
    case "$last" in
    *" passed, 0 failed") pass "$name ($last)" ;;
    *) fail "$name" "$last" ;;
    esac
}

# Our own scorer copy is not kept: the shared tool is the contract.  The
# sample gold is scored with it when present, else with a minimal python
# check of the same fields so that the test still runs on a bare clone.
if have_shared; then
    SCORER=$SHARED/tools/score-articles
    score "seeds gold score" "$SHARED/corpus/seeds.gold.json" "$SHARED"/corpus/*.txt
    "$NEWSIDX" parse --format=ndjson "$SHARED"/corpus/*.txt >"$TEST_TMP/seeds.ndjson" 2>/dev/null
    expect_equal "seeds score is exactly 260 passed" "260 passed, 0 failed" \
        "$("$SHARED/tools/score-articles" "$SHARED/corpus/seeds.gold.json" "$TEST_TMP/seeds.ndjson" | tail -n 1)"
    score "sample gold score" data/sample.gold.json data/sample.txt data/sample-cp1252.txt data/sample-crlf.txt
else
    skip "seeds gold score" "../shared/corpus is absent beside the tree"
    SCORER=tests/score-fallback.py
    score "sample gold score (fallback scorer)" data/sample.gold.json data/sample.txt data/sample-cp1252.txt data/sample-crlf.txt
fi

# --- input forms -----------------------------------------------------------
"$NEWSIDX" parse data/sample.txt >"$TEST_TMP/plain.ndjson"
strip_file() { python3 -c 'import json,sys
for l in open(sys.argv[1],encoding="utf-8"):
    a=json.loads(l); a["source"]["file"]=None; print(json.dumps(a,sort_keys=True))' "$1"; }
strip_file "$TEST_TMP/plain.ndjson" >"$TEST_TMP/plain.stripped"

gzip -c data/sample.txt >"$TEST_TMP/sample.txt.gz"
expect_status "gzip input parses" 0 "$NEWSIDX" parse "$TEST_TMP/sample.txt.gz"
strip_file "$TEST_TMP/out" >"$TEST_TMP/gz.stripped"
if cmp -s "$TEST_TMP/plain.stripped" "$TEST_TMP/gz.stripped"; then pass "gzip input gives the same articles"; else fail "gzip input gives the same articles" "output differs"; fi

"$NEWSIDX" parse - <data/sample.txt >"$TEST_TMP/stdin.ndjson" 2>"$TEST_TMP/err"
strip_file "$TEST_TMP/stdin.ndjson" >"$TEST_TMP/stdin.stripped"
if cmp -s "$TEST_TMP/plain.stripped" "$TEST_TMP/stdin.stripped"; then pass "standard input gives the same articles"; else fail "standard input gives the same articles" "output differs"; fi
expect_equal "standard input is named '-'" "-" "$(head -n 1 "$TEST_TMP/stdin.ndjson" | python3 -c 'import json,sys; print(json.load(sys.stdin)["source"]["file"])')"

gzip -c data/sample.txt | "$NEWSIDX" parse - >"$TEST_TMP/gzstdin.ndjson" 2>"$TEST_TMP/err"
strip_file "$TEST_TMP/gzstdin.ndjson" >"$TEST_TMP/gzstdin.stripped"
if cmp -s "$TEST_TMP/plain.stripped" "$TEST_TMP/gzstdin.stripped"; then pass "gzip on standard input"; else fail "gzip on standard input" "output differs"; fi

expect_status "--format=json" 0 "$NEWSIDX" parse --format=json data/sample.txt
if python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); assert isinstance(a,list) and len(a)==16, len(a)' "$TEST_TMP/out" 2>"$TEST_TMP/err"; then
    pass "--format=json is one array of 16 articles"
else
    fail "--format=json is one array of 16 articles" "$(tail -n 1 "$TEST_TMP/err")"
fi
if json_valid --lines "$TEST_TMP/plain.ndjson"; then pass "ndjson lines are JSON"; else fail "ndjson lines are JSON" "invalid"; fi
expect_equal "parse prints no id" "False" "$(head -n 1 "$TEST_TMP/plain.ndjson" | python3 -c 'import json,sys; print("id" in json.load(sys.stdin))')"

# --- bad input ---------------------------------------------------------------
: >"$TEST_TMP/empty.txt"
expect_status "empty file: status 0" 0 "$NEWSIDX" parse "$TEST_TMP/empty.txt"
expect_equal "empty file: no articles" "0" "$(wc -c <"$TEST_TMP/out" | tr -d ' ')"
expect_status "empty file as json: status 0" 0 "$NEWSIDX" parse --format=json "$TEST_TMP/empty.txt"
expect_equal "empty file as json: []" "[]" "$(cat "$TEST_TMP/out")"

head -c 100000 /dev/urandom >"$TEST_TMP/binary.bin"
printf '\000\001\002binary\000' >>"$TEST_TMP/binary.bin"
expect_status "binary file: status 1" 1 "$NEWSIDX" parse "$TEST_TMP/binary.bin"
expect_one_line_error "binary file: one-line error" "binary.bin'.*binary data"

python3 -c 'import sys; sys.stdout.write("x" * (50 * 1024 * 1024))' >"$TEST_TMP/long.txt"
expect_status "50 MB line: status 1" 1 "$NEWSIDX" parse "$TEST_TMP/long.txt"
expect_one_line_error "50 MB line: one-line error" "long.txt'.*longer than"

printf 'Broken \377\376 bytes in a headline\n\nLISBON (Reuters) - The \300\301 port reopened.\n' >"$TEST_TMP/invalid-utf8.txt"
expect_status "invalid UTF-8: status 0" 0 "$NEWSIDX" parse "$TEST_TMP/invalid-utf8.txt"
if json_valid --lines "$TEST_TMP/out" && python3 -c 'import sys; open(sys.argv[1],encoding="utf-8").read()' "$TEST_TMP/out"; then
    pass "invalid UTF-8: output is valid UTF-8 JSON"
else
    fail "invalid UTF-8: output is valid UTF-8 JSON" "not valid"
fi

head -c 2000 "$TEST_TMP/sample.txt.gz" >"$TEST_TMP/truncated.txt.gz"
expect_status "truncated gzip: status 1" 1 "$NEWSIDX" parse "$TEST_TMP/truncated.txt.gz"
expect_one_line_error "truncated gzip: one-line error" "truncated.txt.gz'.*truncated"

expect_status "missing file: status 1" 1 "$NEWSIDX" parse "$TEST_TMP/no-such-file.txt"
expect_one_line_error "missing file: one-line error" "cannot open '.*no-such-file.txt': No such file"

mkdir -p "$TEST_TMP/empty-folder" "$TEST_TMP/folder"
expect_status "empty directory: status 0" 0 "$NEWSIDX" parse "$TEST_TMP/empty-folder"
expect_equal "empty directory: no articles" "0" "$(wc -c <"$TEST_TMP/out" | tr -d ' ')"
cp data/sample.txt data/sample-crlf.txt "$TEST_TMP/folder/"
expect_status "directory: its files are parsed" 0 "$NEWSIDX" parse "$TEST_TMP/folder"
expect_equal "directory: every article of its files" "19" "$(wc -l <"$TEST_TMP/out" | tr -d ' ')"

expect_status "missing file among good ones: status 1" 1 "$NEWSIDX" parse data/sample.txt "$TEST_TMP/no-such-file.txt" data/sample-crlf.txt
expect_equal "missing file among good ones: good files still parsed" "19" "$(wc -l <"$TEST_TMP/out" | tr -d ' ')"

expect_status "unknown option: status 2" 2 "$NEWSIDX" parse --frobnicate data/sample.txt
expect_one_line_error "unknown option: one-line error" "unknown option '--frobnicate'"
expect_status "no input: status 2" 2 "$NEWSIDX" parse
expect_status "unknown output format: status 2" 2 "$NEWSIDX" parse --format=yaml data/sample.txt
expect_status "unknown command: status 2" 2 "$NEWSIDX" frobnicate
expect_one_line_error "unknown command: one-line error" "unknown command 'frobnicate'"
