#!/bin/sh
# tests/cli/crash.sh — kill -9 a large ingest at 20 random moments, resuming
# each time, and check after every kill that the store is sound: SQLite's
# and FTS5's integrity checks pass, every stored article is whole (all its
# rows there, the same as in an uninterrupted ingest), and the final count
# equals that of an uninterrupted ingest.  Then the same for Ctrl-C.
# SQLite only (its checks read the file); tests/cli/postgres_kill.sh is the
# same test on PostgreSQL.
#
# The input is generated (bench/generate, built by `make`) and sized so that
# an uninterrupted ingest takes about two seconds on this machine.
. tests/lib.sh

BUILD=${BUILD:-build}
GENERATE=${GENERATE:-$BUILD/bench/generate}
KILLS=${CRASH_KILLS:-20}
SEED=${CRASH_SEED:-20240601}

if [ ! -x "$GENERATE" ]; then
    skip "crash test" "$GENERATE is not built (make $GENERATE)"
    exit 0
fi
if [ -n "${VALGRIND_TARGET:-}" ]; then
    # Under valgrind an ingest runs fifty times slower and kills land before
    # it has written anything: the test would measure valgrind, not newsidx.
    skip "crash test" "not run under valgrind (make check-asan runs it)"
    exit 0
fi

# now: seconds since the epoch, with fractions.
now() { date +%s.%N; }

# The dump: files of about 1 MB each, enough of them for ~2 s of ingest.
"$GENERATE" --megabytes 2 --seed 1 >"$TEST_TMP/calibrate.txt"
start=$(now)
"$NEWSIDX" --db "$TEST_TMP/calibrate.db" ingest -q "$TEST_TMP/calibrate.txt"
rate=$(echo "$start $(now)" | awk '{ t = $2 - $1; if (t < 0.01) t = 0.01; print 2 / t }')
files=$(echo "$rate" | awk '{ n = int($1 * 2); if (n < 4) n = 4; if (n > 24) n = 24; print n }')
inputs=
i=1
while [ "$i" -le "$files" ]; do
    "$GENERATE" --megabytes 1 --seed "$((SEED + i))" >"$TEST_TMP/dump-$i.txt"
    inputs="$inputs $TEST_TMP/dump-$i.txt"
    i=$((i + 1))
done

# The reference: one uninterrupted ingest.
start=$(now)
# shellcheck disable=SC2086
if "$NEWSIDX" --db "$TEST_TMP/reference.db" ingest -q $inputs; then
    pass "crash: uninterrupted ingest of $files MB"
else
    fail "crash: uninterrupted ingest of $files MB" "exit status $?"
    exit 0
fi
reference_seconds=$(echo "$start $(now)" | awk '{ print $2 - $1 }')

# check_store DB LABEL: integrity, FTS5 integrity, and every article whole.
# Prints "ok N" (N articles) or what is wrong.
check_store() {
    rows=$(check_rows "$1" "$2")
    case "$rows" in
    "ok 0") echo "$rows" ;;
    ok*)
        # FTS5's integrity-check reads the text back through newsidx_text():
        # newsidx check runs it.
        if "$NEWSIDX" --db "$1" check >"$TEST_TMP/check.out" 2>&1; then echo "$rows"
        else echo "$2: newsidx check: $(tr '\n' ' ' <"$TEST_TMP/check.out")"; fi ;;
    *) echo "$rows" ;;
    esac
}

# check_rows DB LABEL: the database's integrity and every article whole.
check_rows() {
    python3 - "$1" "$TEST_TMP/reference.db" "$2" 2>&1 <<'EOF'
import sqlite3, sys
path, reference_path, label = sys.argv[1:4]
def parts(db):
    """Per article (by text hash): the counts of all its rows and its text size."""
    rows = {}
    for query in (
        "SELECT text_hash, paragraph_count, length(byline_text) FROM articles",
        "SELECT a.text_hash, count(c.position) FROM articles a LEFT JOIN credits c ON c.article_id = a.id GROUP BY a.id",
        "SELECT a.text_hash, count(c.position) FROM articles a LEFT JOIN captions c ON c.article_id = a.id GROUP BY a.id",
        "SELECT a.text_hash, count(d.position) FROM articles a LEFT JOIN dateline_places d ON d.article_id = a.id GROUP BY a.id",
        "SELECT a.text_hash, count(s.position) FROM articles a LEFT JOIN subheads s ON s.article_id = a.id GROUP BY a.id",
        "SELECT a.text_hash, count(n.position) FROM articles a LEFT JOIN notes n ON n.article_id = a.id GROUP BY a.id",
        "SELECT a.text_hash, count(l.position) FROM articles a LEFT JOIN links l ON l.article_id = a.id GROUP BY a.id",
    ):
        for row in db.execute(query):
            rows.setdefault(row[0], []).extend(row[1:])
    return rows
import os
problems = []
if not os.path.exists(path):  # killed before the store was created
    print("ok 0")
    sys.exit(0)
db = sqlite3.connect(path)
if db.execute("PRAGMA user_version").fetchone()[0] == 0:
    # killed before the schema was committed: it must then be wholly absent
    tables = db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
    print("ok 0" if tables == 0 else "%s: %d tables but no schema version" % (label, tables))
    sys.exit(0)
if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
    problems.append("PRAGMA integrity_check failed")
# (FTS5's integrity-check: check_store runs newsidx check.)
orphans = db.execute("SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM provenance)").fetchone()[0]
unindexed = db.execute("SELECT count(*) FROM articles WHERE id NOT IN (SELECT id FROM article_search_docsize)").fetchone()[0]
if orphans:
    problems.append("%d articles without a source" % orphans)
if unindexed:
    problems.append("%d articles not in the index" % unindexed)
reference = parts(sqlite3.connect(reference_path))
stored = parts(db)
partial = [h for h, p in stored.items() if reference.get(h) != p]
if partial:
    problems.append("%d partial or unknown articles (first %s: %s, want %s)"
                    % (len(partial), partial[0], stored[partial[0]], reference.get(partial[0])))
print("%s: %s" % (label, "; ".join(problems)) if problems else "ok %d" % len(stored))
EOF
}

# The kills: each at a random moment within the first twentieth of what a
# whole ingest takes, so that nearly every run is killed with work left to
# do.  A run that finishes before its kill is checked against the reference
# and the series goes on in a new store, until $KILLS kills have landed.
db=$TEST_TMP/crash-1.db
stores=1
bad=0
landed=0
last_count=0
attempt=1
while [ "$landed" -lt "$KILLS" ] && [ "$attempt" -le $((KILLS * 3)) ]; do
    delay=$(awk -v seed="$((SEED + attempt))" -v t="$reference_seconds" 'BEGIN { srand(seed); printf "%.3f", 0.02 + rand() * t / 20 }')
    attempt=$((attempt + 1))
    # shellcheck disable=SC2086
    "$NEWSIDX" --db "$db" ingest -q --batch-size 100 $inputs &
    pid=$!
    sleep "$delay"
    if kill -9 "$pid" 2>/dev/null; then
        landed=$((landed + 1))
        label="kill $landed after ${delay}s"
    else
        label="a run that finished before its kill"
    fi
    wait "$pid" 2>/dev/null
    result=$(check_store "$db" "$label")
    case $result in
        ok*)
            count=${result#ok }
            if [ "$count" -lt "$last_count" ]; then
                fail "crash: $label" "articles went from $last_count to $count"
                bad=$((bad + 1))
            fi
            last_count=$count
            ;;
        *)
            fail "crash: $label" "$result"
            bad=$((bad + 1))
            ;;
    esac
    if [ "$label" = "a run that finished before its kill" ]; then
        stores=$((stores + 1))
        db=$TEST_TMP/crash-$stores.db
        last_count=0
    fi
done
if [ "$bad" -eq 0 ]; then pass "crash: store sound after each of $landed kills"; fi
if [ "$landed" -ge "$KILLS" ]; then
    pass "crash: $KILLS kills landed during an ingest ($stores store(s), last count $last_count)"
else
    fail "crash: $KILLS kills landed during an ingest" "only $landed did"
fi

# shellcheck disable=SC2086
"$NEWSIDX" --db "$db" ingest -q $inputs
expect_equal "crash: resumed ingest exits 0" 0 "$?"
result=$(check_store "$db" "after resuming")
reference_count=$(check_store "$TEST_TMP/reference.db" reference)
expect_equal "crash: resumed store equals the uninterrupted one" "$reference_count" "$result"
expect_equal "crash: every file done" "$files" \
    "$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM sources WHERE ingested_at IS NOT NULL").fetchone()[0])' "$db")"

# Ctrl-C: stops after the current article, keeps what was stored, exits 130.
db=$TEST_TMP/interrupt.db
# shellcheck disable=SC2086
"$NEWSIDX" --db "$db" ingest --json $inputs >"$TEST_TMP/interrupt.json" 2>"$TEST_TMP/interrupt.err" &
pid=$!
sleep "$(echo "$reference_seconds" | awk '{ printf "%.3f", $1 / 3 }')"
kill -INT "$pid"
wait "$pid"
status=$?
expect_equal "ctrl-c: exit status 130" 130 "$status"
if python3 -c 'import json, sys; assert json.load(open(sys.argv[1]))["interrupted"] is True' "$TEST_TMP/interrupt.json" 2>/dev/null; then
    pass "ctrl-c: summary says interrupted"
else
    fail "ctrl-c: summary says interrupted" "$(head -c 300 "$TEST_TMP/interrupt.json")"
fi
result=$(check_store "$db" "after ctrl-c")
case $result in
    ok*) pass "ctrl-c: store sound (${result#ok } articles)" ;;
    *) fail "ctrl-c: store sound" "$result" ;;
esac
# shellcheck disable=SC2086
"$NEWSIDX" --db "$db" ingest -q $inputs
expect_equal "ctrl-c: resumed store equals the uninterrupted one" "$reference_count" "$(check_store "$db" "after ctrl-c and resuming")"
