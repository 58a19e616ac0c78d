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

# as_reader COMMAND...: runs COMMAND as someone who cannot write what
# shelf_read_only made read-only: "nobody" when the tests run as root
# (root writes anywhere), else the user running the tests.
as_reader() {
    if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi
}

# shelf_read_only DIR: makes DIR and its files read-only for as_reader, and
# makes sure as_reader can still run $NEWSIDX and read DIR.  False (with
# the reason in READ_ONLY_WHY) when that cannot be arranged here.
shelf_read_only() {
    READ_ONLY_WHY=
    if [ "$(id -u)" -eq 0 ] && ! command -v setpriv >/dev/null 2>&1; then
        READ_ONLY_WHY="running as root without setpriv to drop privileges"
        return 1
    fi
    chmod 755 "$TEST_TMP" "$1"
    chmod 444 "$1"/* 2>/dev/null
    chmod a-w "$1"
    if ! as_reader "$NEWSIDX" --version >/dev/null 2>&1 || ! as_reader test -r "$1/." ; then
        chmod u+w "$1"
        READ_ONLY_WHY="the unprivileged reader cannot run '$NEWSIDX' or read '$1' (a parent folder is private)"
        return 1
    fi
    return 0
}
