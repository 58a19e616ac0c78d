#!/bin/sh
# tests/cli/hostile.sh — hostile input and bad luck (issue 10): text that is
# not UTF-8, signals while waiting for input, a commit that fails, a store
# file that is not ours, file names with control characters, output that
# cannot be written, input from a pipe, and markup nested absurdly deep.
# Runs on both back ends (test_store); the checks of SQLite files (another
# application's file, a commit that fails for a full disk) only on SQLite.
. tests/lib.sh

# all_text_is_utf8 DB: every TEXT value of every table decodes as UTF-8
# (Python's sqlite3 refuses a value that does not; a PostgreSQL server
# refuses to store one, so there every table must read back); prints what
# failed.
all_text_is_utf8() {
    case $1 in
    postgresql://* | postgres://*)
        for table in $(pg_sql "$1" "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"); do
            pg_sql "$1" "SELECT * FROM \"$table\"" >/dev/null 2>"$TEST_TMP/utf8.err" || { echo "$table: $(head -c 200 "$TEST_TMP/utf8.err")"; return 1; }
        done
        return 0 ;;
    esac
    python3 - "$1" <<'EOF'
import os, sqlite3, sys
if not os.path.exists(sys.argv[1]):
    print("no store"); sys.exit(1)
db = sqlite3.connect(sys.argv[1])
for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'article_search%'"):
    try:
        db.execute("SELECT * FROM \"%s\"" % table).fetchall()
    except sqlite3.OperationalError as error:
        print("%s: %s" % (table, error))
        sys.exit(1)
EOF
}

# json_field FILE EXPRESSION: a field of the JSON object in FILE, as Python
# prints it (EXPRESSION is a subscript such as '["files"][0]["error"]').
json_field() {
    python3 -c 'import json,sys; print(eval("json.load(open(sys.argv[1]))" + sys.argv[2]))' "$1" "$2" 2>/dev/null
}

esc=$(printf '\033')
# expect_error_text NAME TEXT: stderr (of the last expect_status) is one
# line holding TEXT as it is (no pattern), and no raw escape character or
# carriage return.
expect_error_text() {
    lines=$(wc -l <"$TEST_TMP/err")
    if [ "$lines" -ne 1 ]; then fail "$1" "stderr has $lines lines: $(od -c "$TEST_TMP/err" | head -5)"
    elif grep -q "$esc" "$TEST_TMP/err" || grep -q "$(printf '\r')" "$TEST_TMP/err"; then fail "$1" "raw control characters: $(od -c "$TEST_TMP/err" | head -5)"
    elif grep -qF -- "$2" "$TEST_TMP/err"; then pass "$1"
    else fail "$1" "stderr $(od -c "$TEST_TMP/err" | head -8) lacks $2"; fi
}

# ---- 1. text that is not UTF-8 reaches neither a pattern nor the store ----
# RCV1 declares UTF-8 but holds raw bytes that are not; libxml2 recovers
# and passes them on.  Before: PCRE2 read out of bounds matching the
# dateline (ASan: 10 crashes in 10 runs without JIT) and the bytes were
# stored as they were.
python3 -c 'import sys; sys.stdout.buffer.write(
    b"<?xml version=\"1.0\"?>\n<newsitem itemid=\"1\" date=\"1996-08-21\"><headline>H\xfe</headline>"
    b"<byline>Ana \xffLima</byline><dateline>SAO P" + b"\xff" * 25 + b"AULO, Brazil 1996-" + b"\xff" * 50 +
    b"08-21</dateline><text><p>Body \xc3 x.</p></text><metadata><codes class=\"bip:topics:1.0\">"
    b"<code code=\"C\xff1\"/></codes></metadata></newsitem>\n")' >"$TEST_TMP/bad-utf8.xml"
NEWSIDX_NO_JIT=1 "$NEWSIDX" parse --stats "$TEST_TMP/bad-utf8.xml" >"$TEST_TMP/bad-utf8.ndjson" 2>"$TEST_TMP/err"
expect_equal "utf-8: RCV1 with raw bytes parses (no crash)" 0 $?
python3 - "$TEST_TMP/bad-utf8.ndjson" >"$TEST_TMP/check" 2>&1 <<'EOF'
import json, sys
raw = open(sys.argv[1], "rb").read()
text = raw.decode("utf-8")  # strict: fails on a byte that is not UTF-8
article = json.loads(text)
want = "SAO P" + "\ufffd" * 25 + "AULO, Brazil 1996-" + "\ufffd" * 50 + "08-21"
problems = []
if article["dateline"]["raw"] != want: problems.append("dateline %r" % article["dateline"]["raw"])
if article["title"] != "H\ufffd": problems.append("title %r" % article["title"])
if article["byline"] != ["Ana \ufffdLima"]: problems.append("byline %r" % article["byline"])
if article["paragraphs"] != ["Body \ufffd x."]: problems.append("paragraphs %r" % article["paragraphs"])
if article["tags"] != [{"scheme": "topics", "code": "C\ufffd1"}]: problems.append("tags %r" % article["tags"])
print("; ".join(problems) or "ok")
EOF
expect_equal "utf-8: every ill-formed byte is U+FFFD in every field" ok "$(cat "$TEST_TMP/check")"
# One repair per text that needed it: headline, byline, dateline, paragraph
# and code (5), besides libxml2's own error (1).
repairs=$(sed -n 's/.* articles, \([0-9]*\) repairs.*/\1/p' "$TEST_TMP/err")
expect_equal "utf-8: parse --stats counts the repairs" 6 "$repairs"

db=$(test_store utf8)
NEWSIDX_NO_JIT=1 "$NEWSIDX" --db "$db" ingest --json "$TEST_TMP/bad-utf8.xml" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
expect_equal "utf-8: ingest succeeds" 0 $?
expect_equal "utf-8: ingest counts the repairs" "6 6" \
    "$(json_field "$TEST_TMP/out" '["repaired"]') $(json_field "$TEST_TMP/out" '["files"][0]["repaired"]')"
problem=$(all_text_is_utf8 "$db")
expect_equal "utf-8: every string in the store is UTF-8" "" "$problem"
expect_equal "utf-8: the stored dateline holds U+FFFD" 1 \
    "$(if sqlite_only; then store_sql "$db" "SELECT instr(dateline_raw, char(65533)) > 0 FROM articles"
       else store_sql "$db" "SELECT CASE WHEN strpos(dateline_raw, chr(65533)) > 0 THEN 1 ELSE 0 END FROM articles"; fi)"
expect_status "utf-8: the repaired dateline can be searched" 0 "$NEWSIDX" --db "$db" count 'dateline:AULO'
expect_equal "utf-8: the repaired dateline is found" '{"count":1}' "$(cat "$TEST_TMP/out")"
# Every format: wire text and SGML decode a line that is not UTF-8 as
# Windows-1252; NITF that is not UTF-8 is not well-formed XML.  Either way
# the store gets UTF-8 only.
printf 'Caf\351 owners protest\n\nLYON (Reuters) \342\200\223 Owners of caf\351s \377 rallied on Monday.\n' >"$TEST_TMP/bad-utf8.txt"
printf '<REUTERS NEWID="1"><DATE>26-FEB-1987 15:01:01.79</DATE><TEXT><TITLE>T\377\376itle</TITLE><DATELINE>SAO P\377AULO, Feb 26 - </DATELINE><BODY>Body \303 x.\n Reuter\n</BODY></TEXT></REUTERS>\n' >"$TEST_TMP/bad-utf8.sgm"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<nitf><head><title>T\377itle</title></head><body><body.content><p>Body \303 x.</p></body.content></body></nitf>\n' >"$TEST_TMP/bad-utf8.nitf"
db=$(test_store utf8-formats)
"$NEWSIDX" --db "$db" ingest -q "$TEST_TMP/bad-utf8.txt" "$TEST_TMP/bad-utf8.sgm" 2>"$TEST_TMP/err"
expect_equal "utf-8: wire and SGML with bytes that are not UTF-8 are stored" "0 2" "$? $(store_sql "$db" 'SELECT count(*) FROM articles')"
expect_equal "utf-8: ... as UTF-8" "" "$(all_text_is_utf8 "$db")"
expect_status "utf-8: NITF that is not UTF-8 is refused" 1 "$NEWSIDX" --db "$db" ingest "$TEST_TMP/bad-utf8.nitf"
expect_error_text "utf-8: ... as not well-formed" "not well-formed XML at line 2"
# A file name is any bytes: the store keeps the path's bytes (as a blob, to
# know the file again) and shows the name with U+FFFD.
latin1_name=$TEST_TMP/$(printf 'caf\351.txt')
cp data/sample.txt "$latin1_name"
"$NEWSIDX" --db "$db" ingest -q "$latin1_name"
expect_equal "utf-8: a file name that is not UTF-8 is stored" 0 $?
expect_equal "utf-8: ... every string in the store is still UTF-8" "" "$(all_text_is_utf8 "$db")"
"$NEWSIDX" --db "$db" ingest --json "$latin1_name" >"$TEST_TMP/out"
expect_equal "utf-8: ... and the file is known again (skipped)" 1 "$(json_field "$TEST_TMP/out" '["files_skipped"]')"
expect_equal "utf-8: ... its name shows U+FFFD" "caf\ufffd.txt" \
    "$(store_sql "$db" "SELECT name FROM sources WHERE name LIKE '%caf%'" | python3 -c 'import sys; print(sys.stdin.read().strip().rsplit("/", 1)[-1].encode("ascii", "backslashreplace").decode())')"

# ---- 2. signals while waiting for input -----------------------------------
# wait_for PID SECONDS: waits for the background job PID, killing it (-9)
# when it has not ended after SECONDS; sets $waited_status and $waited_for
# (seconds taken, whole).
wait_for() {
    ( sleep "$2"; kill -9 "$1" 2>/dev/null ) &
    watchdog=$!
    started=$(date +%s)
    wait "$1"
    waited_status=$?
    waited_for=$(($(date +%s) - started))
    kill "$watchdog" 2>/dev/null
    wait "$watchdog" 2>/dev/null
}

# wait_until_reading PID PATH COUNT: waits (30 s at most) until process
# PID holds COUNT descriptors open on PATH, i.e. it has started reading it
# (and set up its signal handlers); without /proc, waits a second.
wait_until_reading() {
    if [ ! -d "/proc/$1/fd" ]; then sleep 1; return; fi
    tries=0
    while [ "$tries" -lt 300 ]; do
        held=0
        for fd in /proc/"$1"/fd/*; do
            [ "$(readlink "$fd" 2>/dev/null)" = "$2" ] && held=$((held + 1))
        done
        [ "$held" -ge "$3" ] && return
        sleep 0.1
        tries=$((tries + 1))
    done
}

# A FIFO nobody writes to: before, open() waited for ever and SIGTERM did
# nothing (55 minutes under `timeout 5`).
mkfifo "$TEST_TMP/fifo"
"$NEWSIDX" --db "$(test_store fifo)" ingest --json "$TEST_TMP/fifo" >"$TEST_TMP/fifo.out" 2>"$TEST_TMP/fifo.err" &
pid=$!
wait_until_reading "$pid" "$TEST_TMP/fifo" 1
kill -TERM "$pid"
wait_for "$pid" 10
expect_equal "signals: SIGTERM stops an ingest waiting for a FIFO writer (exit 130)" 130 "$waited_status"
expect_equal "signals: ... reported as interrupted" "True interrupted" \
    "$(json_field "$TEST_TMP/fifo.out" '["interrupted"]') $(json_field "$TEST_TMP/fifo.out" '["files"][0]["status"]')"

# A pipe that stays open and silent (`sleep 30 | newsidx ingest -`): before,
# Ctrl-C and SIGTERM were ignored until the pipe closed, and the exit
# status was then 0.
for i in 1 2 3 4; do cat data/sample.txt; done >"$TEST_TMP/four-samples.txt"
pipe_db=$(test_store pipe)
for signal in INT TERM; do
    rm -f "$TEST_TMP/pipe"
    mkfifo "$TEST_TMP/pipe"
    "$NEWSIDX" --db "$pipe_db" ingest --json - <"$TEST_TMP/pipe" >"$TEST_TMP/pipe.out" 2>"$TEST_TMP/pipe.err" &
    pid=$!
    exec 3>"$TEST_TMP/pipe"
    # Some complete stories first (more than the 64 KiB the reader looks
    # at to tell the format), then silence.
    cat "$TEST_TMP/four-samples.txt" >&3
    wait_until_reading "$pid" "$TEST_TMP/pipe" 2 # standard input, and the reader's copy of it
    sleep 0.5
    kill "-$signal" "$pid"
    wait_for "$pid" 10
    exec 3>&-
    expect_equal "signals: SIG$signal stops an ingest waiting on a silent pipe (exit 130)" 130 "$waited_status"
    if [ "$waited_for" -le 3 ]; then pass "signals: SIG$signal: it stops at once ($waited_for s)"; else fail "signals: SIG$signal: it stops at once" "took $waited_for s"; fi
    expect_equal "signals: SIG$signal: the summary says interrupted" "True interrupted" \
        "$(json_field "$TEST_TMP/pipe.out" '["interrupted"]') $(json_field "$TEST_TMP/pipe.out" '["files"][0]["status"]')"
    if grep -q 'interrupted; what was read is stored' "$TEST_TMP/pipe.err"; then pass "signals: SIG$signal: the interruption is explained"; else fail "signals: SIG$signal: the interruption is explained" "$(cat "$TEST_TMP/pipe.err")"; fi
done
expect_equal "signals: the interrupted pipe is not marked done" "0 1" \
    "$(store_sql "$pipe_db" "SELECT count(ingested_at), count(*) FROM sources" | tr '|' ' ')"
# Standard input cannot be read again: every story read before the signal
# is stored, all but the last of the 64 (it could go on).
expect_equal "signals: the articles read before the signal are stored" 63 \
    "$(store_sql "$pipe_db" "SELECT count(*) FROM provenance")"

# ---- 9. input from a pipe counts its bytes ---------------------------------
size=$(wc -c <data/sample.txt | tr -d ' ')
stdin_db=$(test_store stdin)
cat data/sample.txt | "$NEWSIDX" --db "$stdin_db" ingest --json - >"$TEST_TMP/out" 2>"$TEST_TMP/err"
expect_equal "pipe bytes: ingest of standard input succeeds" 0 $?
expect_equal "pipe bytes: the summary counts the bytes read" "$size $size" \
    "$(json_field "$TEST_TMP/out" '["bytes"]') $(json_field "$TEST_TMP/out" '["files"][0]["bytes"]')"
rate=$(json_field "$TEST_TMP/out" '["megabytes_per_second"] > 0')
expect_equal "pipe bytes: the rate is not 0 MB/s" True "$rate"
expect_equal "pipe bytes: the source is stored with its size" "$size" \
    "$(store_sql "$stdin_db" "SELECT size FROM sources WHERE path = '-'")"
gzip -c data/sample.txt >"$TEST_TMP/sample.txt.gz"
compressed=$(wc -c <"$TEST_TMP/sample.txt.gz" | tr -d ' ')
"$NEWSIDX" --db "$(test_store stdin-gz)" ingest --json - <"$TEST_TMP/sample.txt.gz" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
expect_equal "pipe bytes: gzip on standard input counts the compressed bytes" "$compressed" \
    "$(json_field "$TEST_TMP/out" '["bytes"]')"
# The reader inflates gzip itself now: members one after the other are all
# read, bytes after the last are ignored (as gzip -d does), and a gzip
# header that comes through a pipe a byte at a time is still seen as one.
{ gzip -c data/sample.txt; gzip -c data/sample-crlf.txt; printf 'trailing junk'; } >"$TEST_TMP/members.gz"
expect_equal "gzip: two members and trailing bytes: 19 articles" 19 "$("$NEWSIDX" parse "$TEST_TMP/members.gz" | wc -l | tr -d ' ')"
expect_equal "gzip: ... also through a pipe" 19 "$(cat "$TEST_TMP/members.gz" | "$NEWSIDX" parse - | wc -l | tr -d ' ')"
python3 -c 'import sys, time
data = open(sys.argv[1], "rb").read()
for piece in (data[:1], data[1:2], data[2:40], data[40:]):
    sys.stdout.buffer.write(piece); sys.stdout.flush(); time.sleep(0.05)' "$TEST_TMP/sample.txt.gz" |
    "$NEWSIDX" parse - >"$TEST_TMP/out" 2>"$TEST_TMP/err"
expect_equal "gzip: a header split across reads of a pipe" "0 16" "$? $(wc -l <"$TEST_TMP/out" | tr -d ' ')"
cat data/sample.txt | "$NEWSIDX" --db "$(test_store stdin-text)" ingest - >"$TEST_TMP/out" 2>"$TEST_TMP/err"
if grep -q '^time: .* 0\.00 MB/s' "$TEST_TMP/out"; then fail "pipe bytes: the text summary shows a rate" "$(cat "$TEST_TMP/out")"; else pass "pipe bytes: the text summary shows a rate"; fi

# ---- 10. markup nested deeper than libxml2 parses --------------------------
# libxml2 stops at the 257th level even when recovering.  Before: RCV1
# dropped the text below silently (exit 0), and NITF's error passed on
# libxml2's advice to use XML_PARSE_HUGE.
python3 - "$TEST_TMP" <<'EOF2'
import sys
tmp, depth = sys.argv[1], 100000
def nest(levels, text):
    return "<x>" * levels + text + "</x>" * levels
rcv1 = '<?xml version="1.0"?>\n<newsitem itemid="1" date="1996-08-21"><headline>Deep</headline><text><p>Body %s.</p></text></newsitem>\n'
open(tmp + "/deep-rcv1.xml", "w").write(rcv1 % nest(depth, "lost"))
open(tmp + "/nested-rcv1.xml", "w").write(rcv1 % nest(200, "kept"))
nitf = '<nitf><head><title>%s</title></head><body><body.content><p>Body %s.</p></body.content></body></nitf>\n'
open(tmp + "/deep-nitf.xml", "w").write('<?xml version="1.0"?>\n<nitf-collection>\n' + nitf % ("First", "one") +
                                        nitf % ("Second", nest(depth, "lost")) + '</nitf-collection>\n')
EOF2
deep_nitf_db=$(test_store deep-nitf)
for format in rcv1 nitf; do
    expect_status "deep markup: $format: parse refuses it (exit 1)" 1 "$NEWSIDX" parse "$TEST_TMP/deep-$format.xml"
    expect_one_line_error "deep markup: $format: our own one-line message" "deep-$format.xml': elements nested more than 256 deep, not news markup"
    if grep -q 'XML_PARSE_HUGE' "$TEST_TMP/err"; then fail "deep markup: $format: no libxml2 advice" "$(cat "$TEST_TMP/err")"; else pass "deep markup: $format: no libxml2 advice"; fi
    if [ "$format" = nitf ]; then deep_db=$deep_nitf_db; else deep_db=$(test_store "deep-$format"); fi
    "$NEWSIDX" --db "$deep_db" ingest --json "$TEST_TMP/deep-$format.xml" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    expect_equal "deep markup: $format: ingest exits 1" 1 $?
    expect_equal "deep markup: $format: the file is counted as failed" "1 failed" \
        "$(json_field "$TEST_TMP/out" '["files_failed"]') $(json_field "$TEST_TMP/out" '["files"][0]["status"]')"
    case $(json_field "$TEST_TMP/out" '["files"][0]["error"]') in
    *"nested more than 256 deep"*) pass "deep markup: $format: the summary holds the error" ;;
    *) fail "deep markup: $format: the summary holds the error" "$(cat "$TEST_TMP/out")" ;;
    esac
done
expect_equal "deep markup: nitf: the article before the deep one is stored" 1 \
    "$(store_sql "$deep_nitf_db" "SELECT count(*) FROM articles WHERE title = 'First'")"
expect_status "deep markup: 200 levels are read" 0 "$NEWSIDX" parse "$TEST_TMP/nested-rcv1.xml"
expect_equal "deep markup: ... with their text" '["Body kept."]' \
    "$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["paragraphs"]))' "$TEST_TMP/out")"

# ---- 7. output that cannot be written -------------------------------------
# Before: `stats >&-`, `stats --json >/dev/full`, `help >&-` and `ingest
# --json … >/dev/full` exited 0 without a word.
db=$(test_store write)
"$NEWSIDX" --db "$db" ingest -q data/sample.txt
# write_fails NAME REASON COMMAND...: the command (its output already
# redirected by the caller's wrapper) exits 1 with one line naming REASON.
check_write_error() {
    name=$1 reason=$2
    expect_equal "write errors: $name: exit status 1" 1 "$status"
    expect_one_line_error "write errors: $name: one line" "^newsidx: write error: $reason"
}
for command in "stats" "stats --json" "help" "help search" "--version" "search convoys" \
               "search --format=table convoys" "count convoys" "people" "datelines" "show 7" \
               "show --format=json 7" "export" "export --format=csv" "export --format=xml"; do
    # shellcheck disable=SC2086
    "$NEWSIDX" --db "$db" $command >&- 2>"$TEST_TMP/err"
    status=$?
    check_write_error "$command >&-" "Bad file descriptor"
    if [ -w /dev/full ]; then
        # shellcheck disable=SC2086
        "$NEWSIDX" --db "$db" $command >/dev/full 2>"$TEST_TMP/err"
        status=$?
        check_write_error "$command >/dev/full" "No space left on device"
    fi
done
if [ -w /dev/full ]; then
    write2_db=$(test_store write2)
    "$NEWSIDX" --db "$write2_db" ingest --json data/sample.txt >/dev/full 2>"$TEST_TMP/err"
    status=$?
    check_write_error "ingest --json >/dev/full" "No space left on device"
    expect_equal "write errors: ... the articles are stored all the same" 16 \
        "$(store_sql "$write2_db" "SELECT count(*) FROM articles")"
    "$NEWSIDX" --db "$(test_store write3)" ingest data/sample.txt >/dev/full 2>"$TEST_TMP/err"
    status=$?
    check_write_error "ingest (text summary) >/dev/full" "No space left on device"
    for format in ndjson json xml; do
        "$NEWSIDX" parse --format=$format data/sample.txt data/sample-crlf.txt >/dev/full 2>"$TEST_TMP/err"
        status=$?
        check_write_error "parse --format=$format >/dev/full" "No space left on device"
    done
else
    skip "write errors: /dev/full" "no writable /dev/full here"
fi
# A reader that goes away is no error: SIGPIPE ends newsidx quietly, even
# when the caller ignores SIGPIPE.
for i in 1 2 3 4 5 6 7 8; do cat data/sample.txt; done >"$TEST_TMP/long.txt"
{ "$NEWSIDX" parse "$TEST_TMP/long.txt" 2>"$TEST_TMP/err"; } | head -c 100 >/dev/null
expect_equal "write errors: into head, no message" "" "$(cat "$TEST_TMP/err")"
( trap '' PIPE; "$NEWSIDX" parse "$TEST_TMP/long.txt" 2>"$TEST_TMP/err" | head -c 100 >/dev/null )
expect_equal "write errors: into head with SIGPIPE ignored, no message" "" "$(cat "$TEST_TMP/err")"

# ---- 6. file names are quoted as git quotes them ---------------------------
# Before: a name holding a line end or an escape sequence was printed raw,
# breaking the one-line rule and reaching the terminal as a command.
evil=$TEST_TMP/$(printf 'e\nn\033[31m.txt')
printf 'not\000text\n' >"$evil"
# The quoted form, with literal backslashes (printf %s keeps them).
quoted=$(printf '"%s/e\\nn\\033[31m.txt"' "$TEST_TMP")
expect_status "names: ingest of a binary file with a hostile name fails" 1 "$NEWSIDX" --db "$(test_store names)" ingest "$evil"
expect_error_text "names: ingest: the name is quoted, on one line" "newsidx: cannot read $quoted: line 1 holds binary data"
expect_status "names: parse of it fails" 1 "$NEWSIDX" parse "$evil"
expect_error_text "names: parse: the name is quoted, on one line" "newsidx: cannot read $quoted: line 1 holds binary data"
expect_status "names: a missing file with such a name" 1 "$NEWSIDX" parse "$evil.missing"
expect_error_text "names: missing: quoted, on one line" "newsidx: cannot open ${quoted%\"}.missing\": No such file"
odd=$TEST_TMP/$(printf 'caf\351 \342\200\256txt.gz\t.')
expect_status "names: bytes that are not UTF-8, bidi controls and tabs" 1 "$NEWSIDX" parse "$odd"
expect_error_text "names: ... are written in octal and as \\t" \
    "$(printf 'cannot open "%s/caf\\351 \\342\\200\\256txt.gz\\t.": No such file' "$TEST_TMP")"
plain=$TEST_TMP/Lefèvre.txt
expect_status "names: a plain UTF-8 name" 1 "$NEWSIDX" parse "$plain"
expect_error_text "names: ... stays as it is, in single quotes" "cannot open '$plain': No such file"
# The text summary names the store: quoted when it must be (a file's name:
# SQLite only).
if sqlite_only "names: a store file with a hostile name"; then
"$NEWSIDX" --db "$evil.db" ingest data/sample.txt >"$TEST_TMP/out" 2>"$TEST_TMP/err"
expect_equal "names: ingest into a store with a hostile name works" 0 $?
expect_equal "names: the text summary is four lines" 4 "$(wc -l <"$TEST_TMP/out" | tr -d ' ')"
expect_equal "names: the summary quotes the store's name" "store:     ${quoted%\"}.db\"" "$(grep '^store:' "$TEST_TMP/out")"
if grep -q "$esc" "$TEST_TMP/out"; then fail "names: summary: no raw escape" "$(od -c "$TEST_TMP/out" | tail -3)"; else pass "names: summary: no raw escape"; fi
fi
# A story from a file with such a name: `show` and `stats` quote it too.
storied=$TEST_TMP/$(printf 'story\033]0;owned\007.txt')
cp tests/fixtures/store/ferry.txt "$storied"
storied_db=$(test_store storied)
"$NEWSIDX" --db "$storied_db" ingest -q "$storied"
"$NEWSIDX" --db "$storied_db" show 1 >"$TEST_TMP/out" 2>"$TEST_TMP/err"
expect_equal "names: show names the source quoted" \
    "$(printf 'source: "%s/story\\033]0;owned\\a.txt", lines' "$TEST_TMP")" "$(sed -n 's/^\(source: .*, lines\).*/\1/p' "$TEST_TMP/out")"
"$NEWSIDX" --db "$storied_db" show --format=json 1 >"$TEST_TMP/out.json"
expect_equal "names: show --format=json keeps the name exact" "$storied" \
    "$(python3 -c 'import json,sys; shown = json.load(open(sys.argv[1])); shown = shown[0] if isinstance(shown, list) else shown; print(shown["source"]["file"])' "$TEST_TMP/out.json")"
if sqlite_only; then
"$NEWSIDX" --db "$evil.db" stats >"$TEST_TMP/out" 2>"$TEST_TMP/err"
expect_equal "names: stats names the store quoted" "store:       ${quoted%\"}.db\" (schema" "$(grep '^store:' "$TEST_TMP/out" | sed 's/ (schema .*/ (schema/')"
fi
# Unknown options and commands echo what was typed: escaped too.
expect_status "names: an unknown command holding an escape" 2 "$NEWSIDX" "sea${esc}[2Jrch"
expect_error_text "names: ... is shown escaped" "unknown command 'sea\\033[2Jrch'"

if sqlite_only "another application's SQLite file; a commit that fails for a full disk"; then
# ---- 5. another application's SQLite file is not ours to change -----------
# Before: `newsidx --db o.db ingest` added our tables to any SQLite file,
# and a setup that failed had switched it to WAL all the same.
foreign=$TEST_TMP/other.db
sqlite3 "$foreign" 'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('"'ada'"');'
cp "$foreign" "$TEST_TMP/other.copy"
expect_status "store owner: ingest into another application's file is refused" 1 \
    "$NEWSIDX" --db "$foreign" ingest data/sample.txt
expect_error_text "store owner: ... with a one-line reason" "is not a newsidx store (it holds other tables, such as 'users')"
if cmp -s "$foreign" "$TEST_TMP/other.copy"; then pass "store owner: ... and the file is unchanged, byte for byte"; else fail "store owner: ... and the file is unchanged, byte for byte" "it differs"; fi
expect_equal "store owner: ... still in its own journal mode, no WAL beside it" "delete none" \
    "$(sqlite3 "$foreign" 'PRAGMA journal_mode') $(ls "$foreign-wal" "$foreign-shm" 2>/dev/null || echo none)"
for command in stats "search ada" "count ada" export; do
    # shellcheck disable=SC2086
    expect_status "store owner: $command on it is refused" 1 "$NEWSIDX" --db "$foreign" $command
done
sqlite3 "$TEST_TMP/marked.db" 'PRAGMA application_id = 42; CREATE TABLE articles (id)'
expect_status "store owner: a file another application marked is refused" 1 "$NEWSIDX" --db "$TEST_TMP/marked.db" ingest data/sample.txt
expect_error_text "store owner: ... naming its application id" "belongs to another application, whose id is 0x0000002a"
printf 'plain text\n' >"$TEST_TMP/text.db"
expect_status "store owner: a file that is not SQLite is refused" 1 "$NEWSIDX" --db "$TEST_TMP/text.db" ingest data/sample.txt
expect_error_text "store owner: ... as not a database" "cannot open store '$TEST_TMP/text.db': file is not a database"
expect_equal "store owner: ... and left as it was" "plain text" "$(cat "$TEST_TMP/text.db")"
# Our own stores: marked when made; an empty SQLite file becomes one.
"$NEWSIDX" --db "$TEST_TMP/new.db" ingest -q data/sample.txt
expect_equal "store owner: a new store carries newsidx's application id" 1314345816 \
    "$(sqlite3 "$TEST_TMP/new.db" 'PRAGMA application_id')"
sqlite3 "$TEST_TMP/empty.db" 'VACUUM'
expect_status "store owner: an empty SQLite file becomes a store" 0 "$NEWSIDX" --db "$TEST_TMP/empty.db" ingest -q data/sample.txt
# A store made before the mark (as today's main makes them): still read,
# and marked by its next ingest.
"$NEWSIDX" --db "$TEST_TMP/unmarked.db" ingest -q data/sample.txt
sqlite3 "$TEST_TMP/unmarked.db" 'PRAGMA application_id = 0'
expect_status "store owner: a store without the mark is still read" 0 "$NEWSIDX" --db "$TEST_TMP/unmarked.db" count convoys
expect_equal "store owner: ... with its articles" '{"count":1}' "$(cat "$TEST_TMP/out")"
expect_equal "store owner: ... and reading does not mark it" 0 "$(sqlite3 "$TEST_TMP/unmarked.db" 'PRAGMA application_id')"
expect_status "store owner: ... and an ingest into it works" 0 "$NEWSIDX" --db "$TEST_TMP/unmarked.db" ingest -q data/sample-crlf.txt
expect_equal "store owner: ... and marks it" 1314345816 "$(sqlite3 "$TEST_TMP/unmarked.db" 'PRAGMA application_id')"

# ---- 4. the summary says exactly what is stored, even when a commit fails -
# A full disk, played by a file size limit (SIGXFSZ ignored, so that a
# write past it fails with EFBIG and SQLite reports the error).  Before: the
# final commit failed, the ingest exited 1 and reported every article new
# and every file read, without an error, while nothing was stored; with
# small batches it counted the articles of the batch that was rolled back.
GENERATE=${GENERATE:-${BUILD:-build}/bench/generate}
if [ -x "$GENERATE" ]; then
    "$GENERATE" --megabytes 2 --seed 7 >"$TEST_TMP/big.txt"
    # summary_matches_store NAME DB: the summary in $TEST_TMP/out counts
    # exactly the articles and sightings the store holds, in total and per
    # file, and names an error for every file that is not read.
    summary_matches_store() {
        python3 - "$TEST_TMP/out" "$2" >"$TEST_TMP/check" 2>&1 <<'EOF2'
import json, sqlite3, sys
summary = json.load(open(sys.argv[1]))
db = sqlite3.connect(sys.argv[2])
problems = []
stored = db.execute("SELECT count(*) FROM articles").fetchone()[0]
if summary["articles_new"] != stored:
    problems.append("summary says %d new, the store holds %d" % (summary["articles_new"], stored))
for f in summary["files"]:
    seen = db.execute("SELECT count(*) FROM provenance JOIN sources ON sources.id = source_id WHERE sources.name = ?",
                      (f["file"],)).fetchone()[0]
    if f["articles_new"] + f["articles_duplicate"] != seen:
        problems.append("%s: %d new + %d duplicate, %d sightings stored" % (f["file"], f["articles_new"], f["articles_duplicate"], seen))
    done = db.execute("SELECT count(*) FROM sources WHERE name = ? AND ingested_at IS NOT NULL", (f["file"],)).fetchone()[0]
    if (f["status"] == "read") != (done == 1):
        problems.append("%s: status %s, marked done %d" % (f["file"], f["status"], done))
    if f["status"] == "failed" and not f["error"]:
        problems.append("%s: failed without an error" % f["file"])
if sum(1 for f in summary["files"] if f["status"] == "failed") != summary["files_failed"]:
    problems.append("files_failed %d does not count the failed files" % summary["files_failed"])
if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
    problems.append("integrity check failed")
print("; ".join(problems) or "ok")
EOF2
        expect_equal "$1" ok "$(cat "$TEST_TMP/check")"
    }
    # The final commit fails: small files sharing the batch lose it too.
    db=$TEST_TMP/full.db
    (ulimit -f 1500; trap '' XFSZ; "$NEWSIDX" --db "$db" ingest --json data/sample.txt data/sample-crlf.txt "$TEST_TMP/big.txt" >"$TEST_TMP/out" 2>"$TEST_TMP/err")
    expect_equal "failed commit: the ingest exits 1" 1 $?
    expect_equal "failed commit: nothing is reported stored, every file failed" "0 0 3" \
        "$(json_field "$TEST_TMP/out" '["articles_new"]') $(json_field "$TEST_TMP/out" '["files_read"]') $(json_field "$TEST_TMP/out" '["files_failed"]')"
    case $(json_field "$TEST_TMP/out" '["files"][0]["error"]') in
    "not stored, the store failed: cannot commit in store"*) pass "failed commit: a file read before says why it is not stored" ;;
    *) fail "failed commit: a file read before says why it is not stored" "$(cat "$TEST_TMP/out")" ;;
    esac
    summary_matches_store "failed commit: the summary matches the store" "$db"
    if grep -q '^newsidx: cannot commit in store' "$TEST_TMP/err"; then pass "failed commit: the error is printed"; else fail "failed commit: the error is printed" "$(cat "$TEST_TMP/err")"; fi
    # Small batches: some commit, one fails; and other limits.
    for case in "1500 100" "3000 100" "1500 7" "6000 1000" "900 20000"; do
        set -- $case
        rm -f "$db" "$db-wal" "$db-shm"
        (ulimit -f "$1"; trap '' XFSZ; "$NEWSIDX" --db "$db" ingest --json --batch-size "$2" data/sample.txt "$TEST_TMP/big.txt" data/sample-cp1252.txt >"$TEST_TMP/out" 2>"$TEST_TMP/err")
        if [ -f "$db" ]; then
            summary_matches_store "failed commit: limit $1 blocks, batches of $2: the summary matches the store" "$db"
        else
            pass "failed commit: limit $1 blocks, batches of $2: no store made"
        fi
    done
    # And after the failure, the next ingest (with room) goes on.
    "$NEWSIDX" --db "$db" ingest --json data/sample.txt "$TEST_TMP/big.txt" data/sample-cp1252.txt >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    expect_equal "failed commit: the next ingest succeeds" 0 $?
    summary_matches_store "failed commit: ... and its summary matches the store" "$db"
else
    skip "failed commit" "$GENERATE is not built (make $GENERATE)"
fi

fi

# ---- memory bounded by the story: NITF -------------------------------------
# libxml2 builds each <nitf> element in memory before it is read: one of
# 200 MB took 780 MB.  Now one past 16 MiB fails the input (the articles
# before it kept), and memory stays flat.
python3 - "$TEST_TMP/huge.nitf" <<'EOF2'
import sys
with open(sys.argv[1], "w") as out:
    out.write('<?xml version="1.0"?>\n<nitf-collection>\n<nitf><head><title>Small</title></head>'
              '<body><body.content><p>Fine.</p></body.content></body></nitf>\n')
    out.write('<nitf><head><title>Huge</title></head><body><body.content>\n')
    paragraph = "<p>" + "word " * 40 + "</p>\n"
    for _ in range(20 * 1024 * 1024 // len(paragraph)):
        out.write(paragraph)
    out.write('</body.content></body></nitf>\n</nitf-collection>\n')
EOF2
"$NEWSIDX" parse "$TEST_TMP/huge.nitf" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
expect_equal "nitf cap: a <nitf> element past 16 MiB fails the input" 1 $?
expect_error_text "nitf cap: ... with a one-line reason" "a <nitf> element longer than 16 MiB, not a news story"
expect_equal "nitf cap: ... after the article before it" Small "$(json_field "$TEST_TMP/out" '["title"]')"
"$NEWSIDX" --db "$(test_store huge)" ingest --json "$TEST_TMP/huge.nitf" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
expect_equal "nitf cap: ingest: the file failed, the article before is stored" "1 1" \
    "$(json_field "$TEST_TMP/out" '["files_failed"]') $(json_field "$TEST_TMP/out" '["articles_new"]')"
