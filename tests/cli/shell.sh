# tests/cli/shell.sh — the conventions a shell user expects: query
# operators, options that never turn into query words, facets that print
# every row, clear errors for unknown values, typos and missing values.
. tests/lib.sh

db=$TEST_TMP/samples.db
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
people_total=$(sqlite3 "$db" "SELECT count(*) FROM (SELECT DISTINCT person_id, role FROM credits)")
places_total=$(sqlite3 "$db" "SELECT count(*) FROM places")
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
