# tests/cli/readonly.sh — a store on a read-only shelf (a share, a DVD, a
# folder of someone else's) answers every read command; writing to it is
# refused with a clear error, before anything is touched.
. tests/lib.sh

shelf=$TEST_TMP/shelf
mkdir -p "$shelf"
"$NEWSIDX" --db "$shelf/news.db" ingest --quiet data/sample.txt >/dev/null 2>"$TEST_TMP/err" ||
    fail "ingest the sample" "$(cat "$TEST_TMP/err")"
# A cleanly closed store in WAL mode: no -wal, no -shm, and a reader
# would have to create the -shm file.
if [ -e "$shelf/news.db-shm" ] || [ -e "$shelf/news.db-wal" ]; then
    fail "the store was closed cleanly" "$(ls "$shelf")"
fi
expect_equal "the store is in WAL mode" wal "$(sqlite3 "$shelf/news.db" 'PRAGMA journal_mode')"
rm -f "$shelf/news.db-shm" "$shelf/news.db-wal"
want_count=$("$NEWSIDX" --db "$shelf/news.db" count --format=table harvest)
want_ids=$("$NEWSIDX" --db "$shelf/news.db" search --format=ids harvest)
rm -f "$shelf/news.db-shm" "$shelf/news.db-wal"
before=$(cksum <"$shelf/news.db")

if shelf_read_only "$shelf"; then
    for command in "count harvest" "search harvest" "search" "show 1" "people" "datelines" "export" "stats" \
        "search --dateline kiev" "export --format=xml harvest"; do
        # shellcheck disable=SC2086
        expect_status "read-only shelf: $command" 0 as_reader "$NEWSIDX" --db "$shelf/news.db" $command
    done
    expect_equal "read-only shelf: count is right" "$want_count" \
        "$(as_reader "$NEWSIDX" --db "$shelf/news.db" count --format=table harvest)"
    expect_equal "read-only shelf: search finds the same" "$want_ids" \
        "$(as_reader "$NEWSIDX" --db "$shelf/news.db" search --format=ids harvest)"
    expect_status "read-only shelf: ingest is refused" 1 as_reader "$NEWSIDX" --db "$shelf/news.db" ingest data/sample-crlf.txt
    expect_one_line_error "read-only shelf: ingest says why" "cannot write to store '.*news.db'"
    expect_status "read-only shelf: a new store there is refused" 1 as_reader "$NEWSIDX" --db "$shelf/new.db" ingest data/sample-crlf.txt
    expect_one_line_error "read-only shelf: a new store says the folder" "its folder '.*shelf' cannot be written"
    if [ -e "$shelf/news.db-shm" ] || [ -e "$shelf/news.db-wal" ] || [ -e "$shelf/new.db" ]; then
        fail "read-only shelf: nothing written beside the store" "$(ls "$shelf")"
    else
        pass "read-only shelf: nothing written beside the store"
    fi
    expect_equal "read-only shelf: the store is unchanged" "$before" "$(cksum <"$shelf/news.db")"

    # Changes still in a write-ahead log cannot be read without a -shm
    # file: a clear error, never an answer without them.
    chmod u+w "$shelf"
    python3 - "$shelf/news.db" <<'PY'
import shutil, sqlite3, sys
path = sys.argv[1]
shutil.copy(path, path + '.tmp')
db = sqlite3.connect(path + '.tmp', isolation_level=None)
db.execute('PRAGMA journal_mode = WAL')
db.execute('PRAGMA wal_autocheckpoint = 0')
db.execute("DELETE FROM notes")
shutil.copy(path + '.tmp', path + '.pending')
shutil.copy(path + '.tmp-wal', path + '.pending-wal')
PY
    rm -f "$shelf"/news.db.tmp*
    chmod 444 "$shelf"/*
    chmod a-w "$shelf"
    expect_status "read-only shelf, pending log: a runtime error" 1 as_reader "$NEWSIDX" --db "$shelf/news.db.pending" count
    expect_one_line_error "read-only shelf, pending log: says why" "write-ahead log .* holds changes"
    chmod u+w "$shelf"
else
    skip "read-only shelf" "$READ_ONLY_WHY"
fi
