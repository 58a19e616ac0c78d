# tests/lib.sh — helpers for the shell test scripts in tests/cli/.
#
# Every check prints one line: "PASS name", "FAIL name: why" or
# "SKIP name: why".  tests/run-tests.sh counts them.  Scripts are run from
# the top of the tree with NEWSIDX set to the binary under test.

NEWSIDX=${NEWSIDX:-build/newsidx}
SHARED=${SHARED:-../shared}
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/newsidx-test.XXXXXX")
trap 'rm -rf "$TEST_TMP"' EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
skip() { echo "SKIP $1: $2"; }

# expect_status NAME STATUS COMMAND...: the command exits with STATUS.
# Its stdout and stderr are left in $TEST_TMP/out and $TEST_TMP/err.
expect_status() {
    name=$1 want=$2
    shift 2
    "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    got=$?
    if [ "$got" -eq "$want" ]; then pass "$name"; else fail "$name" "exit status $got, wanted $want ($(head -c 300 "$TEST_TMP/err"))"; fi
}

# expect_one_line_error NAME PATTERN: stderr (of the last expect_status) is
# exactly one line, starting "newsidx: " and matching the grep PATTERN.
expect_one_line_error() {
    name=$1 pattern=$2
    lines=$(wc -l <"$TEST_TMP/err")
    if [ "$lines" -ne 1 ]; then fail "$name" "stderr has $lines lines: $(head -c 300 "$TEST_TMP/err")"; return; fi
    if ! grep -q '^newsidx: ' "$TEST_TMP/err"; then fail "$name" "stderr lacks 'newsidx: ': $(cat "$TEST_TMP/err")"; return; fi
    if grep -q -- "$pattern" "$TEST_TMP/err"; then pass "$name"; else fail "$name" "stderr '$(cat "$TEST_TMP/err")' does not match '$pattern'"; fi
}

# expect_equal NAME WANT GOT
expect_equal() {
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "wanted '$2', got '$3'"; fi
}

# json_valid FILE: the file is valid JSON (or NDJSON with --lines).
json_valid() {
    if [ "$1" = --lines ]; then
        python3 -c 'import json,sys
for n,l in enumerate(open(sys.argv[1],encoding="utf-8"),1):
    if l.strip(): json.loads(l)' "$2"
    else
        python3 -m json.tool "$1" >/dev/null
    fi
}

# have_shared: the real corpus beside the tree is present.
have_shared() { [ -f "$SHARED/corpus/seeds.gold.json" ] && [ -x "$SHARED/tools/score-articles" ]; }
