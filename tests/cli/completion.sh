# tests/cli/completion.sh — the bash completion (completions/newsidx.bash),
# run in bash: commands, each command's options (every one its --help
# names), format, role, sort and field values, the query's field prefixes;
# and the zsh completion parses and lists the same (when zsh is here).
. tests/lib.sh

SCRIPT=completions/newsidx.bash
if ! command -v bash >/dev/null 2>&1; then
    skip "bash completion" "bash is not installed"
    exit 0
fi

# complete_words WORDS...: what the completion offers for the command line
# WORDS (the last one being completed), one per line, sorted.
complete_words() {
    bash -c '
        source "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        _newsidx
        printf "%s\n" "${COMPREPLY[@]}" | sort' completion "$SCRIPT" "$@" 2>&1
}

# offers NAME WANT WORDS...: the completion of WORDS is exactly WANT
# (words separated by spaces, sorted).
offers() {
    name=$1 want=$2
    shift 2
    got=$(complete_words "$@" | tr '\n' ' ' | sed 's/ $//')
    expect_equal "completion: $name" "$want" "$got"
}

offers "commands" "count datelines export help ingest parse people search show stats timeline" newsidx ""
offers "a command by its start" "search show stats" newsidx s
offers "the command after --db PATH" "people" newsidx --db x.db peo
offers "global options" "--color --db --format-version --help --version" newsidx --
offers "--format values of search" "csv ids json ndjson table tsv" newsidx search --format ""
offers "--format= values of search (bash splits at =)" "json" newsidx search --format = js
offers "--format values of export" "csv ids json ndjson table tsv xml" newsidx export --format ""
offers "--format values of show" "json ndjson text" newsidx show --format ""
offers "--format values of parse" "json ndjson table xml" newsidx parse --format ""
offers "--input-format values" "nitf rcv1 sgml wire" newsidx ingest --input-format ""
offers "--role values (quoted for the shell)" "additional\\ reporting byline editing photo reporting writing" newsidx people --role ""
offers "--role by its start" "reporting" newsidx search --person x --role rep
offers "--sort values" "newest oldest rank" newsidx search --sort ""
offers "--color values" "always auto never" newsidx --color ""
offers "--fields, the item after a comma" "id,date,tags id,date,title" newsidx export --fields id,date,t
offers "query field prefixes" "body: byline:" newsidx search b
offers "field prefixes for count" "tag: title:" newsidx count t

# Every long option a command's --help names is offered for it.
for command in $("$NEWSIDX" help | sed -n '/^commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z0-9-]*\) .*/\1/p'); do
    "$NEWSIDX" "$command" --help | sed '/^ *examples\{0,1\}:/,$d' | grep -o -- '--[a-z][a-z0-9-]*[a-z0-9]' | sort -u >"$TEST_TMP/want"
    complete_words newsidx "$command" -- >"$TEST_TMP/got"
    missing=$(comm -23 "$TEST_TMP/want" "$TEST_TMP/got" | tr '\n' ' ')
    if [ -z "$missing" ]; then pass "completion: every option of '$command --help' is offered"
    else fail "completion: every option of '$command --help' is offered" "missing: $missing"; fi
    # and every --format value its usage names
    formats=$("$NEWSIDX" "$command" --help | sed -n 's/.*--format=\([a-z|]*\).*/\1/p' | head -n 1 | tr '|' '\n' | sort -u)
    if [ -n "$formats" ]; then
        complete_words newsidx "$command" --format "" >"$TEST_TMP/got"
        missing=$(printf '%s\n' "$formats" | comm -23 - "$TEST_TMP/got" | tr '\n' ' ')
        if [ -z "$missing" ]; then pass "completion: every --format of '$command' is offered"
        else fail "completion: every --format of '$command' is offered" "missing: $missing"; fi
    fi
done
# and every command 'newsidx help' lists
"$NEWSIDX" help | sed -n '/^commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z0-9-]*\) .*/\1/p' | sort >"$TEST_TMP/want"
complete_words newsidx "" >"$TEST_TMP/got"
missing=$(comm -23 "$TEST_TMP/want" "$TEST_TMP/got" | tr '\n' ' ')
if [ -z "$missing" ]; then pass "completion: every command is offered"; else fail "completion: every command is offered" "missing: $missing"; fi

# The script registers itself, and bash -n finds it well-formed.
if bash -c 'source "$1"; complete -p newsidx' completion "$SCRIPT" | grep -q -- '-F _newsidx newsidx'; then
    pass "completion: registered for newsidx"; else fail "completion: registered for newsidx" "complete -p newsidx"; fi

# zsh: the completion function parses, and lists the same commands.
if command -v zsh >/dev/null 2>&1; then
    if zsh -n completions/_newsidx 2>"$TEST_TMP/err"; then pass "zsh completion parses"; else fail "zsh completion parses" "$(cat "$TEST_TMP/err")"; fi
else
    skip "zsh completion parses" "zsh is not installed"
fi
for command in $(cat "$TEST_TMP/want"); do
    grep -q "'$command:" completions/_newsidx || missing_zsh="$missing_zsh $command"
done
if [ -z "${missing_zsh:-}" ]; then pass "zsh completion lists every command"; else fail "zsh completion lists every command" "missing:$missing_zsh"; fi
