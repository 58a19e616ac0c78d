#!/bin/sh
# tests/run-tests.sh — runs every test and prints "N passed, N failed".
#
# Unit tests are data files (tests/unit/*.test: extractor, input, expected
# JSON) run by the C driver build/tests/unit/extractors; CLI tests are shell
# scripts in tests/cli/ using tests/lib.sh.  Each check prints one PASS,
# FAIL or SKIP line; this script counts them.
#
# The suite runs on the SQLite back end first.  Then, where PostgreSQL is
# installed, it starts one throw-away cluster (tests/pg/cluster.sh) and runs
# again, on PostgreSQL, the scripts that make their stores with test_store
# (tests/lib.sh), and the PostgreSQL tests tests/cli/postgres_*.sh; their
# lines read "PASS [postgresql] …".  Where it cannot, one SKIP line says
# why.  NEWSIDX_TEST_BACKEND=sqlite or =postgresql runs only that pass.
NEWSIDX=${NEWSIDX:-build/newsidx}
BUILD=${BUILD:-build}
export NEWSIDX BUILD
log=$(mktemp "${TMPDIR:-/tmp}/newsidx-tests.XXXXXX")
cluster=
cleanup() {
    [ -n "$cluster" ] && sh tests/pg/cluster.sh stop "$cluster"
    rm -f "$log"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
only=${NEWSIDX_TEST_BACKEND:-}
unset NEWSIDX_TEST_BACKEND NEWSIDX_TEST_PG_URI

# The scripts about stores: those that make their stores with test_store.
store_scripts() {
    for script in tests/cli/*.sh; do
        case $script in tests/cli/postgres_*) continue ;; esac
        grep -q 'test_store ' "$script" && echo "$script"
    done
}

# postgresql_why: empty when the PostgreSQL pass can run here, else why not.
postgresql_why() {
    if ! why=$(sh tests/pg/cluster.sh available); then echo "$why"; return; fi
    # The binary itself (not a wrapper such as valgrind-newsidx.sh).
    binary=${VALGRIND_TARGET:-$NEWSIDX}
    if command -v ldd >/dev/null 2>&1 && ! ldd "$binary" 2>/dev/null | grep -q libpq; then
        echo "'$binary' is built without libpq (no PostgreSQL back end)"
        return
    fi
    echo
}

if [ "$only" != postgresql ]; then
    "$BUILD/tests/unit/extractors" tests/unit/*.test >>"$log" 2>&1 || echo "FAIL unit driver: exit status $?" >>"$log"
    for script in tests/cli/*.sh; do
        case $script in tests/cli/postgres_*) continue ;; esac
        NEWSIDX_TEST_BACKEND=sqlite sh "$script" >>"$log" 2>&1 || echo "FAIL $script: exit status $?" >>"$log"
    done
fi

if [ "$only" != sqlite ]; then
    why=$(postgresql_why)
    if [ -z "$why" ]; then
        cluster=$(mktemp -d /tmp/newsidx-pg.XXXXXX)
        if NEWSIDX_TEST_PG_URI=$(sh tests/pg/cluster.sh start "$cluster" 2>"$log.err"); then
            # A build whose PostgreSQL back end is the placeholder says so on open.
            probe=$(sh tests/pg/cluster.sh createdb "$NEWSIDX_TEST_PG_URI" run_tests_probe)
            if "$NEWSIDX" --db "$probe" stats >/dev/null 2>"$log.err" || ! grep -q 'not built yet' "$log.err"; then
                export NEWSIDX_TEST_PG_URI
                for script in $(store_scripts) tests/cli/postgres_*.sh; do
                    [ -f "$script" ] || continue
                    NEWSIDX_TEST_BACKEND=postgresql sh "$script" >>"$log" 2>&1 ||
                        echo "FAIL [postgresql] $script: exit status $?" >>"$log"
                done
            else
                echo "SKIP the PostgreSQL pass: $(cat "$log.err")" >>"$log"
            fi
        else
            echo "FAIL the PostgreSQL pass: cannot start a cluster: $(cat "$log.err")" >>"$log"
        fi
        rm -f "$log.err"
    else
        echo "SKIP the PostgreSQL pass: $why" >>"$log"
    fi
fi

grep -E '^(FAIL|SKIP)' "$log"
passed=$(grep -c '^PASS' "$log")
failed=$(grep -c '^FAIL' "$log")
skipped=$(grep -c '^SKIP' "$log")
echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
