# tests/lib.sh — helpers for the shell test scripts in tests/cli/.
#
# Every check prints one line: "PASS name", "FAIL name: why" or
# "SKIP name: why".  tests/run-tests.sh counts them.  Scripts are run from
# the top of the tree with NEWSIDX set to the binary under test.

NEWSIDX=${NEWSIDX:-build/newsidx}
SHARED=${SHARED:-../shared}
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/newsidx-test.XXXXXX")
# The back end the store-level tests run on: sqlite (a file in $TEST_TMP)
# or postgresql (a database on the run's throw-away cluster, see
# tests/pg/cluster.sh).  tests/run-tests.sh runs the scripts that use
# test_store once on each.
NEWSIDX_TEST_BACKEND=${NEWSIDX_TEST_BACKEND:-sqlite}
TEST_SCRIPT=$(basename "$0" .sh)
# Clusters this script started itself (when no run-wide one was given).
TEST_OWN_CLUSTERS=
test_cleanup() {
    for cluster in $TEST_OWN_CLUSTERS; do sh tests/pg/cluster.sh stop "$cluster"; done
    rm -rf "$TEST_TMP"
}
trap test_cleanup EXIT
trap 'exit 130' INT TERM

# The schema version this build writes (include/newsidx/store.h; on
# PostgreSQL, the PostgreSQL store's own).
SCHEMA_VERSION=$(sed -n 's/^#define STORE_SCHEMA_VERSION \([0-9]*\).*/\1/p' include/newsidx/store.h)
if [ "$NEWSIDX_TEST_BACKEND" = postgresql ]; then
    # A PostgreSQL store's version is its own (src/store/postgres/postgres_internal.h).
    SCHEMA_VERSION=$(sed -n 's/^#define POSTGRES_SCHEMA_VERSION \([0-9]*\).*/\1/p' src/store/postgres/postgres_internal.h)
fi

# store_check NAME DB: `newsidx check` finds the store DB sound (SQLite's
# integrity check, and FTS5's, which reads every article's text back).
store_check() {
    if "$NEWSIDX" --db "$2" check --format=json >"$TEST_TMP/check.json" 2>"$TEST_TMP/check.err" &&
        python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["ok"] else 1)' "$TEST_TMP/check.json"; then
        pass "$1"
    else
        fail "$1" "$(cat "$TEST_TMP/check.json" "$TEST_TMP/check.err" | head -c 400)"
    fi
}

# On PostgreSQL every line names the back end, so the two runs' lines differ.
if [ "$NEWSIDX_TEST_BACKEND" = postgresql ]; then TEST_LABEL="[postgresql] "; else TEST_LABEL=; fi
pass() { echo "PASS $TEST_LABEL$1"; }
fail() { echo "FAIL $TEST_LABEL$1: $2"; }
skip() { echo "SKIP $TEST_LABEL$1: $2"; }

# pg_cluster_start DIR [SETTING=VALUE...]: starts a throw-away cluster in
# the new folder DIR (under /tmp, where the server's user can reach it),
# stopped and removed when this script ends; sets PG_CLUSTER_URI to its URI.
# Not in a $(...): the script must remember the cluster to stop it.
pg_cluster_start() {
    TEST_OWN_CLUSTERS="$TEST_OWN_CLUSTERS $1"
    PG_CLUSTER_URI=$(sh tests/pg/cluster.sh start "$@")
}

# need_postgresql: makes sure NEWSIDX_TEST_PG_URI names a running cluster
# (the run's, or one started for this script).  False, with the reason in
# PG_WHY, when PostgreSQL cannot be used here.  Not in a $(...): it sets
# variables.
need_postgresql() {
    PG_WHY=
    if [ -n "${NEWSIDX_TEST_PG_URI:-}" ]; then return 0; fi
    if ! PG_WHY=$(sh tests/pg/cluster.sh available); then return 1; fi
    dir=$(mktemp -d /tmp/newsidx-pg.XXXXXX)
    if ! NEWSIDX_TEST_PG_URI=$(sh tests/pg/cluster.sh start "$dir" 2>"$TEST_TMP/cluster.err"); then
        PG_WHY="cannot start a cluster: $(cat "$TEST_TMP/cluster.err")"
        rm -rf "$dir"
        return 1
    fi
    TEST_OWN_CLUSTERS="$TEST_OWN_CLUSTERS $dir"
    export NEWSIDX_TEST_PG_URI
    return 0
}

# pg_database_name NAME: the database test_store uses for NAME in this
# script: letters, digits and _, at most 63 bytes.
pg_database_name() {
    name=$(printf '%s_%s' "$TEST_SCRIPT" "$1" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9_' '_')
    if [ "${#name}" -gt 50 ]; then
        name="$(printf '%s' "$name" | cut -c1-40)_$(printf '%s' "$name" | cksum | cut -d' ' -f1)"
    fi
    echo "$name"
}

# pg_store NAME [URI]: a fresh, empty database for the store NAME on the
# cluster URI (default: NEWSIDX_TEST_PG_URI); prints its URI.
pg_store() {
    sh tests/pg/cluster.sh createdb "${2:-$NEWSIDX_TEST_PG_URI}" "$(pg_database_name "$1")"
}

# pg_sql URI SQL: rows of the query on the database URI, columns joined by
# '|' (psql, unaligned, no headers).
pg_sql() {
    sh tests/pg/cluster.sh psql "$1" -At -c "$2"
}

# store_sql STORE SQL: rows of SQL run on the store (a SQLite file through
# the sqlite3 shell, or a postgresql:// database through psql), columns
# joined by '|'.  For SQL both back ends take alike.
store_sql() {
    case $1 in
    postgresql://* | postgres://*) pg_sql "$1" "$2" ;;
    *) sqlite3 "$1" "$2" ;;
    esac
}

# test_store NAME: a fresh store location for the back end under test: the
# file $TEST_TMP/NAME.db (removed if there) on SQLite, a new empty database
# on PostgreSQL.  Call it once per store and keep what it prints.
test_store() {
    case $NEWSIDX_TEST_BACKEND in
    sqlite)
        rm -f "$TEST_TMP/$1.db" "$TEST_TMP/$1.db-wal" "$TEST_TMP/$1.db-shm"
        echo "$TEST_TMP/$1.db" ;;
    postgresql)
        if [ -z "${NEWSIDX_TEST_PG_URI:-}" ]; then
            echo "test_store: no cluster (call need_postgresql first, or run tests/run-tests.sh)" >&2
            echo "postgresql://no-cluster.invalid/none"
            return 1
        fi
        pg_store "$1" ;;
    *)
        echo "test_store: unknown NEWSIDX_TEST_BACKEND '$NEWSIDX_TEST_BACKEND' (sqlite or postgresql)" >&2
        return 1 ;;
    esac
}

# sqlite_only [NAME]: true when the back end under test is SQLite, so the
# checks it guards (about the SQLite file itself: its pages, its FTS5
# tables, its locking) run only there.  With NAME, says SKIP NAME on the
# other back end.
sqlite_only() {
    [ "$NEWSIDX_TEST_BACKEND" = sqlite ] && return 0
    [ $# -gt 0 ] && skip "$1" "checks the SQLite file itself"
    return 1
}

# A script that uses test_store, run with NEWSIDX_TEST_BACKEND=postgresql
# by hand (not through run-tests.sh), gets a cluster of its own.
if [ "$NEWSIDX_TEST_BACKEND" = postgresql ] && ! need_postgresql; then
    skip "$TEST_SCRIPT on PostgreSQL" "$PG_WHY"
    exit 0
fi

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
