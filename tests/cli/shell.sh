# tests/cli/shell.sh — the conventions a shell user expects: query
# operators, options that never turn into query words, facets that print
# every row, clear errors for unknown values, typos and missing values.
# Runs on both back ends (test_store).
. tests/lib.sh

db=$(test_store samples)
"$NEWSIDX" --db "$db" ingest --quiet data/sample.txt data/sample-cp1252.txt data/sample-crlf.txt \
    >/dev/null 2>"$TEST_TMP/err" || fail "ingest the samples" "$(cat "$TEST_TMP/err")"

# count_of ARGS...: what `count ARGS` prints as a bare number.
count_of() { "$NEWSIDX" --db "$db" count --format=table "$@" 2>&1; }

# --- AND, NOT and parentheses are operators -----------------------------------
expect_equal "AND is the operator, not the word 'and'" "$(count_of port grain)" "$(count_of port AND grain)"
if [ "$(count_of and)" -gt "$(count_of port grain)" ]; then pass "the word 'and' matches more (so the test can fail)"
else fail "the word 'and' matches more" "$(count_of and)"; fi
expect_equal "NOT is -" "$(count_of port -grain)" "$(count_of port NOT grain)"
expect_equal "NOT takes a group" "$(count_of 'fish*' -port -grain)" "$(count_of 'fish*' NOT '(port OR grain)')"
expect_equal "-( ) takes a group" "$(count_of 'fish*' -port -grain)" "$(count_of 'fish*' '-(port OR grain)')"
expect_equal "parentheses group" "$(count_of port OR harbour grain)" "$(count_of '(port OR harbour)' grain)"
expect_equal "(a AND b) OR c is not a AND (b OR c)" "$(count_of port OR grain)" "$(count_of '(port AND grain) OR grain OR port')"
expect_equal "lower-case 'and' stays a word" "$(count_of and)" "$(count_of '"and"')"
expect_status "AND beside OR without parentheses: a usage error" 2 "$NEWSIDX" --db "$db" count port AND grain OR fish
expect_one_line_error "AND beside OR: says to use parentheses" "use parentheses"
expect_status "an unbalanced parenthesis: a usage error" 2 "$NEWSIDX" --db "$db" search '(port'
expect_one_line_error "an unbalanced parenthesis: named" "'(' without its ')'"
expect_status "-tag: is refused, not read as tag:" 2 "$NEWSIDX" --db "$db" count -tag:cocoa port
expect_status "punctuation alone is refused, not all articles" 2 "$NEWSIDX" --db "$db" count '’'

# --- a dash word that looks like an option is refused -------------------------
for words in "-n 3 port" "port -n 3" "-x port" "-n3 port" "-5 port"; do
    # shellcheck disable=SC2086
    expect_status "count $words: a usage error" 2 "$NEWSIDX" --db "$db" count $words
    expect_one_line_error "count $words: says to use --" "use -- before a query that starts with '-'"
done
expect_equal "-word still excludes" "$(count_of port NOT grain)" "$(count_of -grain port)"
expect_equal "after --, -n is a query word" "$(count_of port)" "$(count_of -- -n port)"
expect_status "search -h is help" 0 "$NEWSIDX" --db "$db" search -h

# --- people and datelines print every row outside a table ----------------------
people_total=$(store_sql "$db" "SELECT count(*) FROM (SELECT DISTINCT person_id, role FROM credits) AS roles")
places_total=$(store_sql "$db" "SELECT count(*) FROM places")
if [ "$people_total" -gt 20 ]; then pass "the samples have more than 20 people rows ($people_total)"
else fail "the samples have more than 20 people rows" "$people_total"; fi
expect_equal "people into a pipe: every row" "$people_total" "$("$NEWSIDX" --db "$db" people | wc -l | tr -d ' ')"
expect_equal "people --format=csv: every row" "$((people_total + 1))" "$("$NEWSIDX" --db "$db" people --format=csv | wc -l | tr -d ' ')"
expect_equal "people --format=table: 20 rows and a header" 21 "$("$NEWSIDX" --db "$db" people --format=table | wc -l | tr -d ' ')"
expect_equal "datelines into a pipe: every row" "$places_total" "$("$NEWSIDX" --db "$db" datelines | wc -l | tr -d ' ')"
expect_equal "people --limit 2: two rows" 2 "$("$NEWSIDX" --db "$db" people --limit 2 | wc -l | tr -d ' ')"
expect_equal "people --offset 2 --limit 3: rows 3 to 5" \
    "$("$NEWSIDX" --db "$db" people | sed -n 3,5p)" "$("$NEWSIDX" --db "$db" people --offset 2 --limit 3)"
expect_equal "datelines --offset 1: all but the first" \
    "$("$NEWSIDX" --db "$db" datelines | sed 1d)" "$("$NEWSIDX" --db "$db" datelines --offset 1)"
expect_equal "people --top 2 is --limit 2" "$("$NEWSIDX" --db "$db" people --limit 2)" "$("$NEWSIDX" --db "$db" people --top 2)"
expect_status "--top and --limit that disagree: a usage error" 2 "$NEWSIDX" --db "$db" people --top 1 --limit 2

# --- unknown roles are an error that lists the known ones ----------------------
expect_status "people --role bylines: a usage error" 2 "$NEWSIDX" --db "$db" people --role bylines
expect_one_line_error "people --role bylines: suggests byline and lists roles" "did you mean 'byline'? (roles: byline, photo, reporting"
expect_status "count --person --role unknown: a usage error" 2 "$NEWSIDX" --db "$db" count --person drury --role editor
expect_one_line_error "count --role editor: suggests editing" "did you mean 'editing'"
expect_status "a known role in any case" 0 "$NEWSIDX" --db "$db" people --role EDITING
expect_status "a standard role the store lacks is no error" 0 "$NEWSIDX" --db "$db" people --role 'additional reporting'

# --- options: missing values, typos, --db anywhere ------------------------------
expect_status "search --dateline with no value" 2 "$NEWSIDX" --db "$db" search --dateline
expect_one_line_error "search --dateline: needs a value" "option '--dateline' needs a value"
expect_status "--dateline followed by an option is no place" 2 "$NEWSIDX" --db "$db" search --dateline --limit 5 port
expect_one_line_error "--dateline --limit: needs a value" "option '--dateline' needs a value"
expect_status "newsidx --db with no value" 2 "$NEWSIDX" --db
expect_one_line_error "newsidx --db: needs a value" "option '--db' needs a value"
expect_status "ingest --batch-size with no value" 2 "$NEWSIDX" --db "$db" ingest --batch-size
expect_one_line_error "ingest --batch-size: needs a value" "option '--batch-size' needs a value"
expect_status "a typo in a command" 2 "$NEWSIDX" --db "$db" serch port
expect_one_line_error "a typo in a command: suggests the command" "unknown command 'serch', did you mean 'search'?"
expect_status "a typo in an option" 2 "$NEWSIDX" --db "$db" search --datline kiev
expect_one_line_error "a typo in an option: suggests the option" "unknown option '--datline', did you mean '--dateline'?"
expect_status "an ambiguous abbreviation" 2 "$NEWSIDX" --db "$db" search --s x
expect_one_line_error "an ambiguous abbreviation: lists the options" "ambiguous (--since, --sort, --share)"
expect_status "a value for an option that takes none" 2 "$NEWSIDX" --db "$db" stats --json=yes
expect_one_line_error "a value for an option that takes none: says so" "option '--json' takes no value"
expect_equal "--db after the command" "$(count_of port)" "$("$NEWSIDX" count --format=table port --db "$db")"
expect_equal "--db=PATH after the command" "$(count_of port)" "$("$NEWSIDX" count --db="$db" --format=table port)"
expect_status "stats --db after the command" 0 "$NEWSIDX" stats --db "$db"
expect_status "after --, --db is a query word" 0 "$NEWSIDX" --db "$db" count --format=table -- port --db
expect_equal "after --, --db is a query word (an exclusion)" "$(count_of port)" "$(cat "$TEST_TMP/out")"

# --- empty, blank and invalid filter values are refused -------------------------
for value in "" " " "$(printf '\302\240')"; do
    expect_status "--dateline '$value': a usage error" 2 "$NEWSIDX" --db "$db" count --dateline "$value"
    expect_one_line_error "--dateline '$value': says it needs a value" "option '--dateline' needs a value, not"
done
for option in dateline reporter editor photographer person tag; do
    expect_status "--$option '': a usage error" 2 "$NEWSIDX" --db "$db" count --"$option" ""
done
expect_status "--dateline with invalid UTF-8: a usage error" 2 "$NEWSIDX" --db "$db" count --dateline "$(printf 'ki\377v')"
expect_one_line_error "--dateline with invalid UTF-8: says so" "not valid UTF-8"
expect_status "--sort with invalid UTF-8: a usage error" 2 "$NEWSIDX" --db "$db" search --sort "$(printf '\377')"
expect_one_line_error "--sort with invalid UTF-8: says so" "not valid UTF-8"

# --- --format-version ---------------------------------------------------------------
expect_status "--format-version=1 is this version" 0 "$NEWSIDX" --db "$db" count --format-version=1 port
expect_status "--format-version before the command" 0 "$NEWSIDX" --format-version=1 --db "$db" stats --json
expect_status "--format-version newer than this newsidx: exit 21" 21 "$NEWSIDX" --db "$db" search --format-version=2 port
expect_one_line_error "--format-version=2: says it is newer" "format version 2 is newer than this newsidx knows (1)"
expect_status "--format-version older than supported: exit 20" 20 "$NEWSIDX" --db "$db" --format-version 0 search port
expect_one_line_error "--format-version=0: says it is older" "format version 0 is older"
expect_status "--format-version=abc: a usage error" 2 "$NEWSIDX" --db "$db" search --format-version=abc port

# --- ingest: what is not news is not stored; --include and --exclude ------------
printf 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n' >"$TEST_TMP/passwd"
passwd_db=$(test_store passwd)
expect_status "ingest a file that is not news: exit 1" 1 "$NEWSIDX" --db "$passwd_db" ingest --json "$TEST_TMP/passwd"
check_json() { python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2"; }
if check_json "$TEST_TMP/out" 'j["files_not_news"] == 1 and j["articles_new"] == 0 and j["files"][0]["status"] == "not_news"'
then pass "not news: counted as such, nothing stored"; else fail "not news: counted as such" "$(cat "$TEST_TMP/out")"; fi
expect_one_line_error "not news: says so, and how to read it anyway" "skipped '.*passwd': it does not look like news.*--input-format=wire"
if ! sqlite_only; then :
elif [ -e "$TEST_TMP/passwd.db" ]; then fail "not news: no store is left behind" "$(ls "$TEST_TMP")"; else pass "not news: no store is left behind"; fi
expect_status "--input-format=wire reads it anyway" 0 "$NEWSIDX" --db "$passwd_db" ingest --json --input-format=wire "$TEST_TMP/passwd"
if check_json "$TEST_TMP/out" 'j["articles_new"] == 1'; then pass "--input-format=wire: stored"; else fail "--input-format=wire: stored" "$(cat "$TEST_TMP/out")"; fi
expect_status "parse a file that is not news: exit 1" 1 "$NEWSIDX" parse "$TEST_TMP/passwd"
expect_one_line_error "parse a file that is not news: says so" "does not look like news"

dumps=$TEST_TMP/dumps
mkdir -p "$dumps/2019" "$dumps/drafts"
cp data/sample.txt "$dumps/a.txt"
cp data/sample-crlf.txt "$dumps/2019/b.txt"
cp "$TEST_TMP/passwd" "$dumps/README"
printf '%s\n\n%s\n' 'Draft headline' 'BERLIN (Reuters) - A draft that was never filed.' >"$dumps/drafts/c.txt"
expect_status "ingest a directory holding a file that is not news: exit 0" 0 "$NEWSIDX" --db "$(test_store dir)" ingest --json "$dumps"
if check_json "$TEST_TMP/out" 'j["files_read"] == 3 and j["files_not_news"] == 1 and [f["status"] for f in j["files"]].count("not_news") == 1'
then pass "directory: three read, one not news"; else fail "directory: three read, one not news" "$(head -c 400 "$TEST_TMP/out")"; fi
files_of() { python3 -c 'import json, sys; print(" ".join(f["file"].split("/dumps/")[1] for f in json.load(open(sys.argv[1]))["files"]))' "$TEST_TMP/out"; }
expect_status "--include '*.txt'" 0 "$NEWSIDX" --db "$(test_store include)" ingest --json --include '*.txt' "$dumps"
expect_equal "--include '*.txt': the .txt files at any depth" "2019/b.txt a.txt drafts/c.txt" "$(files_of)"
expect_status "--exclude drafts" 0 "$NEWSIDX" --db "$(test_store exclude)" ingest --json --include '*.txt' --exclude drafts "$dumps"
expect_equal "--exclude drafts: the folder left out" "2019/b.txt a.txt" "$(files_of)"
expect_status "--include with a path" 0 "$NEWSIDX" --db "$(test_store path)" ingest --json --include '2019/*.txt' "$dumps"
expect_equal "--include '2019/*.txt': only that folder" "2019/b.txt" "$(files_of)"
expect_status "--exclude '*.txt' leaves the README" 0 "$NEWSIDX" --db "$(test_store none)" ingest --json --exclude '*.txt' "$dumps"
expect_equal "--exclude '*.txt': only the README" "README" "$(files_of)"
expect_status "a file named on the command line is read whatever the globs" 0 \
    "$NEWSIDX" --db "$(test_store named)" ingest --json --exclude '*.txt' "$dumps/a.txt"
if check_json "$TEST_TMP/out" 'j["files_read"] == 1'; then pass "named file: read"; else fail "named file: read" "$(head -c 300 "$TEST_TMP/out")"; fi
expect_equal "parse takes --include too" "$("$NEWSIDX" parse "$dumps/2019/b.txt" | wc -l)" "$("$NEWSIDX" parse --include '2019/*' "$dumps" | wc -l)"

# --- ingest: a resumed ingest says "already stored", not "duplicate" ------------
resume=$(test_store resume)
"$NEWSIDX" --db "$resume" ingest --quiet data/sample.txt
stored=$(store_sql "$resume" "SELECT count(*) FROM provenance")
# As an interrupted ingest leaves it: the articles stored, the file not done.
store_sql "$resume" "UPDATE sources SET size = NULL, mtime_ns = NULL, content_hash = NULL, ingested_at = NULL"
expect_status "resume the ingest" 0 "$NEWSIDX" --db "$resume" ingest --json data/sample.txt
if check_json "$TEST_TMP/out" "j['articles_already_stored'] == $stored and j['articles_duplicate'] == 0 and j['articles_new'] == 0"
then pass "resumed: every article the file had stored is already stored, none a duplicate"
else fail "resumed: already stored" "$(head -c 400 "$TEST_TMP/out")"; fi
store_sql "$resume" "UPDATE sources SET size = NULL, mtime_ns = NULL, content_hash = NULL, ingested_at = NULL"
"$NEWSIDX" --db "$resume" ingest data/sample.txt >"$TEST_TMP/summary" 2>&1
if grep -q "^articles: *0 new, 0 duplicate, $stored already stored" "$TEST_TMP/summary"; then pass "resumed: the text summary says already stored"
else fail "resumed: the text summary says already stored" "$(cat "$TEST_TMP/summary")"; fi

# --- ingest: Ctrl-C counts the file it stopped in --------------------------------
if [ -x "${BUILD:-build}/bench/generate" ] && [ -z "${VALGRIND_TARGET:-}" ]; then
    "${BUILD:-build}/bench/generate" --megabytes 40 --seed 7 >"$TEST_TMP/big.txt"
    stop_db=$(test_store stop)
    "$NEWSIDX" --db "$stop_db" ingest --json --batch-size 200 data/sample-crlf.txt "$TEST_TMP/big.txt" \
        >"$TEST_TMP/stop.json" 2>"$TEST_TMP/stop.err" &
    pid=$!
    # Wait until the big file's first batch is committed, then Ctrl-C.
    tries=0
    while [ "$tries" -lt 200 ] && [ "$(store_sql "$stop_db" 'SELECT count(*) FROM articles' 2>/dev/null || echo 0)" -lt 300 ]; do
        sleep 0.05
        tries=$((tries + 1))
    done
    kill -INT "$pid" 2>/dev/null
    wait "$pid"
    status=$?
    if [ "$status" -eq 130 ]; then
        if check_json "$TEST_TMP/stop.json" 'j["files_read"] == 1 and j["files_interrupted"] == 1 and j["files"][1]["status"] == "interrupted"'
        then pass "Ctrl-C: the file it stopped in is counted as interrupted"
        else fail "Ctrl-C: the file it stopped in is counted" "$(head -c 400 "$TEST_TMP/stop.json")"; fi
        kept=$(store_sql "$stop_db" "SELECT count(*) FROM provenance p JOIN sources s ON s.id = p.source_id WHERE s.name LIKE '%big.txt'")
        expect_status "Ctrl-C: the same ingest again" 0 "$NEWSIDX" --db "$stop_db" ingest --json --batch-size 200 data/sample-crlf.txt "$TEST_TMP/big.txt"
        if check_json "$TEST_TMP/out" "j['files'][1]['articles_already_stored'] == $kept and j['files_skipped'] == 1"
        then pass "Ctrl-C: the resumed ingest counts the $kept stored articles as already stored"
        else fail "Ctrl-C: the resumed ingest counts the stored articles as already stored" "$kept stored; $(head -c 400 "$TEST_TMP/out")"; fi
    else
        skip "Ctrl-C: the file it stopped in is counted" "the ingest ended (status $status) before the interrupt"
    fi
fi

# --- ingest: the progress bar fits the terminal and names the file ---------------
if command -v script >/dev/null 2>&1; then
    cp data/sample.txt "$TEST_TMP/first-dump-with-a-rather-long-name.txt"
    cp data/sample-crlf.txt "$TEST_TMP/second.txt"
    cp data/sample-cp1252.txt "$TEST_TMP/third.txt"
    for columns in 50 120 30; do
        script -qec "stty cols $columns rows 20; '$NEWSIDX' --db '$(test_store "bar-$columns")' ingest '$TEST_TMP/first-dump-with-a-rather-long-name.txt' '$TEST_TMP/second.txt' '$TEST_TMP/third.txt' >/dev/null" /dev/null >"$TEST_TMP/tty" 2>&1
        python3 - "$TEST_TMP/tty" "$columns" >"$TEST_TMP/check" 2>&1 <<'PY'
import re, sys, unicodedata
text = open(sys.argv[1], encoding='utf-8', errors='replace').read()
columns = int(sys.argv[2])
draws = [re.sub(r'\x1b\[[0-9;]*[A-Za-z]', '', d) for d in re.split(r'[\r\n]', text)]
draws = [d for d in draws if d.strip()]
assert draws, 'no progress drawn: %r' % text[:200]
width = lambda s: sum(0 if unicodedata.combining(c) else 1 for c in s)
widest = max(width(d) for d in draws)
assert widest < columns, 'a line of %d columns in a terminal of %d: %r' % (widest, columns, max(draws, key=width))
if columns >= 50:
    assert any('file 2 of 3' in d for d in draws), draws
    assert any('second.txt' in d for d in draws), draws
print(len(draws), widest)
PY
        if [ $? -eq 0 ]; then pass "progress bar in $columns columns: fits, names the file ($(cat "$TEST_TMP/check"))"
        else fail "progress bar in $columns columns" "$(tail -n 2 "$TEST_TMP/check")"; fi
    done
else
    skip "progress bar" "no 'script' command to make a terminal"
fi

# --- tables: display width, cuts at words, the terminal's width, columns left out -
names_db=$(test_store names)
"$NEWSIDX" --db "$names_db" ingest --quiet tests/fixtures/store/names.txt data/sample.txt >/dev/null 2>&1
# table_check COLUMNS FILE: every line fits, every column starts where its
# header does (counted in terminal columns: combining marks take none).
table_check() {
    python3 - "$1" "$2" <<'PY'
import sys, unicodedata
width = int(sys.argv[1])
lines = open(sys.argv[2], encoding='utf-8').read().splitlines()
def columns(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)
assert lines, 'no table'
for line in lines:
    assert columns(line) <= width, 'a line of %d columns in %d: %r' % (columns(line), width, line)
header = lines[0]
starts = [i for i in range(len(header)) if header[i] != ' ' and (i == 0 or header[i - 1] == ' ')]
for line in lines[1:]:
    # the display column at which each header's column starts holds the
    # start of a cell (not a space, after two spaces) in every row
    position, at = 0, []
    for c in line:
        at.append(position)
        position += columns(c)
    for start in starts[1:]:
        index = next(i for i, p in enumerate(at) if p >= start)
        assert at[index] == start and line[index - 2:index] == '  ', 'misaligned at %d: %r' % (start, line)
print(len(lines) - 1)
PY
}
COLUMNS=100 "$NEWSIDX" --db "$names_db" search --format=table --sort=oldest >"$TEST_TMP/table" 2>&1
if table_check 100 "$TEST_TMP/table" >"$TEST_TMP/check" 2>&1; then pass "table with NFD titles lines up in display columns ($(cat "$TEST_TMP/check") rows)"
else fail "table with NFD titles lines up in display columns" "$(tail -n 1 "$TEST_TMP/check")"; fi
if grep -q "$(python3 -c 'import unicodedata; print(unicodedata.normalize("NFD", "São"))')" "$TEST_TMP/table"; then pass "the NFD title is in the table"
else fail "the NFD title is in the table" "$(head -n 5 "$TEST_TMP/table")"; fi
for columns in 60 80 120; do
    COLUMNS=$columns "$NEWSIDX" --db "$names_db" search --format=table harvest OR port OR grain OR coffee >"$TEST_TMP/table" 2>&1
    if table_check "$columns" "$TEST_TMP/table" >"$TEST_TMP/check" 2>&1; then pass "a search table fits $columns columns and lines up"
    else fail "a search table fits $columns columns and lines up" "$(tail -n 1 "$TEST_TMP/check")"; fi
done
COLUMNS=80 "$NEWSIDX" --db "$names_db" search --format=table harvest OR port OR grain >"$TEST_TMP/table"
header=$(head -n 1 "$TEST_TMP/table" | tr -s ' ')
expect_equal "80 columns: the dateline is left out, the title and snippet kept" "id date title snippet" "$header"
title_width=$(head -n 1 "$TEST_TMP/table" | python3 -c 'import sys; h = sys.stdin.read(); print(h.index("snippet") - h.index("title") - 2)')
if [ "$title_width" -ge 32 ]; then pass "80 columns: the title gets room first ($title_width columns)"
else fail "80 columns: the title gets room first" "$title_width columns"; fi
# Cells are cut at a word: what is shown of a title is the start of the
# title up to a word's end; what is shown of a snippet starts at a word.
COLUMNS=80 "$NEWSIDX" --db "$names_db" search --format=ndjson harvest OR port OR grain >"$TEST_TMP/hits.ndjson"
python3 - "$TEST_TMP/table" "$TEST_TMP/hits.ndjson" >"$TEST_TMP/check" 2>&1 <<'PY'
import json, sys
rows = open(sys.argv[1], encoding='utf-8').read().splitlines()
hits = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8')]
header = rows[0]
t, s = header.index('title'), header.index('snippet')
cuts = 0
for row, hit in zip(rows[1:], hits):
    title = row[t:s].rstrip()
    if title.endswith('…'):
        shown = title[:-1]
        assert hit['title'].startswith(shown) and hit['title'][len(shown)] in ' ,;:-', (shown, hit['title'])
        cuts += 1
    snippet = row[s:].rstrip()
    if snippet.startswith('…'):
        shown = snippet[1:].rstrip('…')
        text = hit['snippet']
        at = text.find(shown)
        assert at >= 0 and (at == 0 or text[at - 1] in ' …'), (shown, text)
        cuts += 1
assert cuts > 0, 'nothing was cut'
print(cuts)
PY
if [ $? -eq 0 ]; then pass "cells are cut at words ($(cat "$TEST_TMP/check") cuts checked)"
else fail "cells are cut at words" "$(tail -n 1 "$TEST_TMP/check")"; fi
if command -v script >/dev/null 2>&1; then
    script -qec "stty cols 70 rows 30; env -u COLUMNS '$NEWSIDX' --db '$names_db' search --format=table | cat" /dev/null >"$TEST_TMP/tty" 2>&1
    tr -d '\r' <"$TEST_TMP/tty" | sed "s/$(printf '\033')\[[0-9;]*m//g" >"$TEST_TMP/table"
    if table_check 70 "$TEST_TMP/table" >"$TEST_TMP/check" 2>&1; then pass "a table into a pipe fits the controlling terminal (70 columns)"
    else fail "a table into a pipe fits the controlling terminal" "$(tail -n 1 "$TEST_TMP/check")"; fi
    script -qec "'$NEWSIDX' --db '$db' --color=never search harvest --limit 2" /dev/null >"$TEST_TMP/tty" 2>&1
    if grep -q "$(printf '\033')" "$TEST_TMP/tty"; then fail "--color=never on a terminal: no escapes" "escape found"; else pass "--color=never on a terminal: no escapes"; fi
    NO_COLOR= script -qec "'$NEWSIDX' --db '$db' search harvest --limit 2" /dev/null >"$TEST_TMP/tty" 2>&1
    if grep -q "$(printf '\033')\[1;33m" "$TEST_TMP/tty"; then pass "an empty NO_COLOR leaves colour on"; else fail "an empty NO_COLOR leaves colour on" "no escapes"; fi
    NO_COLOR=1 script -qec "'$NEWSIDX' --db '$db' search harvest --limit 2" /dev/null >"$TEST_TMP/tty" 2>&1
    if grep -q "$(printf '\033')" "$TEST_TMP/tty"; then fail "NO_COLOR=1 turns colour off" "escape found"; else pass "NO_COLOR=1 turns colour off"; fi
else
    skip "tables on a terminal" "no 'script' command to make a terminal"
fi
"$NEWSIDX" --db "$db" search --color=always --format=table harvest >"$TEST_TMP/out"
if grep -q "$(printf '\033')\[1;33m" "$TEST_TMP/out"; then pass "--color=always into a pipe: matches highlighted"; else fail "--color=always into a pipe" "no escapes"; fi
"$NEWSIDX" --db "$db" --color=always show 1 >"$TEST_TMP/out"
if grep -q "$(printf '\033')\[1m" "$TEST_TMP/out"; then pass "--color=always: show's headline in bold"; else fail "--color=always: show's headline in bold" "no escapes"; fi
expect_status "--color=sometimes: a usage error" 2 "$NEWSIDX" --db "$db" search --color=sometimes harvest

# --- show ID --format=json is the article itself ----------------------------------
"$NEWSIDX" --db "$db" show 1 --format=json >"$TEST_TMP/out"
if python3 -c 'import json, sys; a = json.load(open(sys.argv[1])); assert isinstance(a, dict) and a["id"] == 1' "$TEST_TMP/out"
then pass "show ID --format=json: one object (jq .title works)"; else fail "show ID --format=json: one object" "$(head -c 200 "$TEST_TMP/out")"; fi
"$NEWSIDX" --db "$db" show 1 2 --format=json >"$TEST_TMP/out"
if python3 -c 'import json, sys; a = json.load(open(sys.argv[1])); assert [x["id"] for x in a] == [1, 2]' "$TEST_TMP/out"
then pass "show ID ID --format=json: an array"; else fail "show ID ID --format=json: an array" "$(head -c 200 "$TEST_TMP/out")"; fi

# --- --fields and tsv -------------------------------------------------------------
"$NEWSIDX" --db "$db" search port --format=ndjson >"$TEST_TMP/hits.ndjson"
"$NEWSIDX" --db "$db" search port --fields=id,date,title,file,first_line --format=csv >"$TEST_TMP/fields.csv"
python3 - "$TEST_TMP/hits.ndjson" "$TEST_TMP/fields.csv" >"$TEST_TMP/check" 2>&1 <<'PY'
import csv, json, sys
hits = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
rows = list(csv.reader(open(sys.argv[2], newline='', encoding='utf-8')))
assert rows[0] == ['id', 'date', 'title', 'file', 'first_line'], rows[0]
want = [[str(h['id']), h['date'] or '', h['title'], h['source']['file'], str(h['source']['first_line'])] for h in hits]
assert rows[1:] == want, (rows[1:], want)
print(len(want))
PY
if [ $? -eq 0 ]; then pass "search --fields in csv: those columns, in that order ($(cat "$TEST_TMP/check") hits)"
else fail "search --fields in csv" "$(tail -n 2 "$TEST_TMP/check")"; fi
for format in tsv table ndjson json; do
    expect_status "search --fields=id,date,title --format=$format" 0 "$NEWSIDX" --db "$db" search port --fields=id,date,title --format=$format
done
"$NEWSIDX" --db "$db" search port --fields=title,id --format=ndjson >"$TEST_TMP/out"
if python3 -c 'import json, sys
for l in open(sys.argv[1]): assert sorted(json.loads(l)) == ["id", "title"], l' "$TEST_TMP/out"
then pass "search --fields in ndjson: only those keys"; else fail "search --fields in ndjson" "$(head -n 2 "$TEST_TMP/out")"; fi
COLUMNS=200 "$NEWSIDX" --db "$db" search port --fields=title,id --format=table >"$TEST_TMP/out"
expect_equal "search --fields in a table: those columns" "title id" "$(head -n 1 "$TEST_TMP/out" | tr -s ' ' | sed 's/ $//')"
expect_equal "search --fields in ids" "$("$NEWSIDX" --db "$db" search port --format=ids)" "$("$NEWSIDX" --db "$db" search port --fields=id --format=ids)"
expect_status "search --fields with an unknown field" 2 "$NEWSIDX" --db "$db" search port --fields=id,titel
expect_one_line_error "search --fields: suggests and lists the fields" "unknown field 'titel' in --fields, did you mean 'title'? (fields: id, date"
expect_status "count takes no --fields" 2 "$NEWSIDX" --db "$db" count --fields=id port
"$NEWSIDX" --db "$db" export --fields=id,date,title,tags --format=tsv >"$TEST_TMP/export.tsv"
store_sql "$db" "SELECT id, coalesce(date, ''), title FROM articles ORDER BY date IS NULL, date, id" >"$TEST_TMP/want.rows"
python3 - "$TEST_TMP/export.tsv" "$TEST_TMP/want.rows" >"$TEST_TMP/check" 2>&1 <<'PY'
import sys
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
assert lines[-1] == '', 'ends with a line feed'
rows = [l.split('\t') for l in lines[:-1]]
assert rows[0] == ['id', 'date', 'title', 'tags'], rows[0]
want = [l.split('|', 2) for l in open(sys.argv[2], encoding='utf-8').read().splitlines()]
assert [r[:3] for r in rows[1:]] == want, (rows[1:4], want[:3])
print(len(want))
PY
if [ $? -eq 0 ]; then pass "export --fields in tsv: the articles' ids, dates and titles ($(cat "$TEST_TMP/check"))"
else fail "export --fields in tsv" "$(tail -n 2 "$TEST_TMP/check")"; fi
"$NEWSIDX" --db "$db" export --fields=id,date --format=ndjson --limit 3 >"$TEST_TMP/out"
if python3 -c 'import json, sys
for l in open(sys.argv[1]): assert list(json.loads(l)) == ["id", "date"], l' "$TEST_TMP/out"
then pass "export --fields in ndjson: flat records of those fields"; else fail "export --fields in ndjson" "$(head -n 2 "$TEST_TMP/out")"; fi
expect_status "export --fields --format=table" 0 "$NEWSIDX" --db "$db" export --fields=id,date,title --format=table
expect_status "export --fields --format=xml is refused" 2 "$NEWSIDX" --db "$db" export --fields=id --format=xml
# tsv escapes what would break a line or a field
printf '%s\n\n%s\n\n%s\n' 'A headline with a back\slash' 'OSLO (Reuters) - One paragraph.' 'Another	with a tab.' >"$TEST_TMP/tabs.txt"
tabs_db=$(test_store tabs)
"$NEWSIDX" --db "$tabs_db" ingest --quiet "$TEST_TMP/tabs.txt"
"$NEWSIDX" --db "$tabs_db" export --format=tsv --fields=title,paragraphs >"$TEST_TMP/out"
expect_equal "tsv: two lines, a header and the article" 2 "$(wc -l <"$TEST_TMP/out" | tr -d ' ')"
expect_equal "tsv: tab, line end and backslash escaped" 'A headline with a back\\slash	One paragraph.\n\nAnother\twith a tab.' "$(sed -n 2p "$TEST_TMP/out")"
expect_status "stats --format=json is --json" 0 "$NEWSIDX" --db "$db" stats --format=json
if python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$TEST_TMP/out"; then pass "stats --format=json: JSON"; else fail "stats --format=json: JSON" "$(head -c 200 "$TEST_TMP/out")"; fi
expect_equal "show: the article's date, when it has one but no published date" "article 1, dated 2024-01-21" "$("$NEWSIDX" --db "$db" show 1 | sed -n 3p)"
