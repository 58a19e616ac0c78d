#!/bin/sh
# tests/valgrind-newsidx.sh — runs build/newsidx under valgrind for
# `make check-valgrind`: any memory error or leak turns into exit status 99,
# which the tests' status checks report as a failure.
NEWSIDX_NO_JIT=1 exec valgrind -q --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect "${VALGRIND_TARGET:-build/newsidx}" "$@"
