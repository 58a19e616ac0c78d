#!/bin/sh
# tests/cli/fuzz_regressions.sh — replays every input the fuzzers found a
# bug with (tests/fuzz/regressions/TARGET/*) through that target, built
# without libFuzzer ($BUILD/tests/fuzz/replay_TARGET).  Under `make
# check-asan` these are the ASan+UBSan builds, so a memory error that
# comes back fails here.  See tests/fuzz/README.md.
. tests/lib.sh

BUILD=${BUILD:-build}
for dir in tests/fuzz/regressions/*/; do
    target=$(basename "$dir")
    replay=$BUILD/tests/fuzz/replay_$target
    if [ ! -x "$replay" ]; then
        fail "fuzz regressions: $target" "$replay is not built (make $replay)"
        continue
    fi
    for input in "$dir"*; do
        [ -f "$input" ] || continue
        if NEWSIDX_NO_JIT=1 "$replay" "$input" >"$TEST_TMP/out" 2>"$TEST_TMP/err"; then
            pass "fuzz regression: $target: $(basename "$input")"
        else
            fail "fuzz regression: $target: $(basename "$input")" "$(head -c 300 "$TEST_TMP/err")"
        fi
    done
done
