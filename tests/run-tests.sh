#!/bin/sh
# tests/run-tests.sh — runs every test and prints "N passed, N failed".
#
# Unit tests are data files (tests/unit/*.test: extractor, input, expected
# JSON) run by the C driver build/tests/unit/extractors; CLI tests are shell
# scripts in tests/cli/ using tests/lib.sh.  Each check prints one PASS,
# FAIL or SKIP line; this script counts them.
NEWSIDX=${NEWSIDX:-build/newsidx}
BUILD=${BUILD:-build}
export NEWSIDX BUILD
log=$(mktemp "${TMPDIR:-/tmp}/newsidx-tests.XXXXXX")
trap 'rm -f "$log"' EXIT

"$BUILD/tests/unit/extractors" tests/unit/*.test >>"$log" 2>&1 || echo "FAIL unit driver: exit status $?" >>"$log"
for script in tests/cli/*.sh; do
    sh "$script" >>"$log" 2>&1 || echo "FAIL $script: exit status $?" >>"$log"
done

grep -E '^(FAIL|SKIP)' "$log"
passed=$(grep -c '^PASS' "$log")
failed=$(grep -c '^FAIL' "$log")
skipped=$(grep -c '^SKIP' "$log")
echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
