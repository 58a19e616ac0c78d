# tests/cli/docs.sh — the documentation keeps up with the code: every
# command has help with a usage line and an example, every long option its
# --help names is in doc/newsidx.1, and the manual page renders cleanly.
. tests/lib.sh

MANPAGE=${MANPAGE:-doc/newsidx.1}

# The commands 'newsidx help' lists: the indented lines under "commands:".
"$NEWSIDX" help >"$TEST_TMP/help" 2>"$TEST_TMP/err"
expect_equal "help exits 0" 0 $?
commands=$(sed -n '/^commands:/,/^$/p' "$TEST_TMP/help" | sed -n 's/^  \([a-z][a-z0-9-]*\) .*/\1/p')
if [ -n "$commands" ]; then pass "help lists commands"; else fail "help lists commands" "none found in: $(head -c 300 "$TEST_TMP/help")"; fi

# The manual page's text with roff escapes for - undone and fonts dropped,
# so that "\-\-dateline" reads "--dateline".
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\c$//' "$MANPAGE" >"$TEST_TMP/man.txt" 2>/dev/null ||
    fail "manual page readable" "no $MANPAGE"

for command in $commands; do
    for form in "help $command" "$command --help"; do
        # shellcheck disable=SC2086
        "$NEWSIDX" $form >"$TEST_TMP/usage" 2>"$TEST_TMP/err"
        status=$?
        expect_equal "newsidx $form exits 0" 0 "$status"
        if grep -q "^usage: newsidx.* $command\b" "$TEST_TMP/usage"; then
            pass "newsidx $form prints a usage line"
        else
            fail "newsidx $form prints a usage line" "$(head -n 1 "$TEST_TMP/usage")"
        fi
        if grep -Eq "^ *examples?: +newsidx |^ *examples?:\$" "$TEST_TMP/usage" &&
            grep -Eq "^ *(examples?: +)?newsidx $command\b" "$TEST_TMP/usage"; then
            pass "newsidx $form shows an example"
        else
            fail "newsidx $form shows an example" "no 'example: newsidx $command ...' line"
        fi
    done

    # Every long option the command's help names (before its examples,
    # which may call other programs) is in the manual page.
    "$NEWSIDX" "$command" --help 2>/dev/null | sed '/^ *examples\{0,1\}:/,$d' >"$TEST_TMP/usage"
    options=$(grep -o -- '--[a-z][a-z0-9-]*[a-z0-9]' "$TEST_TMP/usage" | sort -u)
    missing=
    for option in $options; do
        grep -q -- "$option\([^a-z0-9-]\|\$\)" "$TEST_TMP/man.txt" || missing="$missing $option"
    done
    if [ -z "$missing" ]; then
        pass "$command: every option of its --help is in $MANPAGE"
    else
        fail "$command: every option of its --help is in $MANPAGE" "missing:$missing"
    fi
    if grep -q "^\.SS $command\$" "$MANPAGE"; then
        pass "$command: has a section in $MANPAGE"
    else
        fail "$command: has a section in $MANPAGE" "no '.SS $command'"
    fi
done

# The global options of 'newsidx help' are documented too.
missing=
for option in $(grep -o -- '--[a-z][a-z0-9-]*[a-z0-9]' "$TEST_TMP/help" | sort -u) --version --help; do
    grep -q -- "$option\([^a-z0-9-]\|\$\)" "$TEST_TMP/man.txt" || missing="$missing $option"
done
if [ -z "$missing" ]; then pass "global options are in $MANPAGE"; else fail "global options are in $MANPAGE" "missing:$missing"; fi

# --version prints a version, and the manual page's header names the same one.
version=$("$NEWSIDX" --version 2>/dev/null)
if printf '%s\n' "$version" | grep -Eq '^newsidx [0-9]+\.[0-9]+(\.[0-9]+)?'; then
    pass "--version prints a version"
else
    fail "--version prints a version" "got '$version'"
fi
if grep -q "^\.TH NEWSIDX 1 .*\"$version\"" "$MANPAGE"; then
    pass "$MANPAGE names version '$version'"
else
    fail "$MANPAGE names version '$version'" "$(grep '^\.TH' "$MANPAGE")"
fi

# The page renders without warnings.
if command -v groff >/dev/null 2>&1; then
    if groff -man -Tutf8 -ww "$MANPAGE" >/dev/null 2>"$TEST_TMP/err" && [ ! -s "$TEST_TMP/err" ]; then
        pass "$MANPAGE renders with groff -ww without warnings"
    else
        fail "$MANPAGE renders with groff -ww without warnings" "$(head -n 3 "$TEST_TMP/err")"
    fi
else
    skip "$MANPAGE renders with groff -ww without warnings" "groff is not installed"
fi
if command -v man >/dev/null 2>&1 && man --version >/dev/null 2>&1; then
    if man --warnings -l "$MANPAGE" >/dev/null 2>"$TEST_TMP/err" && [ ! -s "$TEST_TMP/err" ]; then
        pass "man --warnings -l $MANPAGE is silent"
    else
        fail "man --warnings -l $MANPAGE is silent" "$(head -n 3 "$TEST_TMP/err")"
    fi
else
    skip "man --warnings -l $MANPAGE is silent" "man-db is not installed"
fi

# The examples of the README and the manual page, run against the store
# `make demo` builds (the bundled samples): the ids and counts they show
# are what newsidx prints.
demo_db=$TEST_TMP/demo.db
"$NEWSIDX" --db "$demo_db" ingest --quiet data/sample.txt data/sample-cp1252.txt data/sample-crlf.txt >/dev/null 2>&1
python3 - "$NEWSIDX" "$demo_db" README.md "$MANPAGE" >"$TEST_TMP/check" 2>&1 <<'PY'
import re, shlex, subprocess, sys
newsidx, db, readme, manpage = sys.argv[1:5]
checked, failures = 0, []
def run(command):
    words = shlex.split(command)
    if not words or words[0] != 'newsidx' or len(words) < 2 or words[1] not in ('search', 'count', 'people', 'datelines', 'timeline', 'show'):
        return None
    if any(w.startswith('--since') or w == '|' or w == '>' for w in words):
        return None
    result = subprocess.run([newsidx, '--db', db] + words[1:], capture_output=True, text=True)
    return result.stdout
def compare(where, command, want):
    global checked
    got = run(command)
    if got is None:
        return
    checked += 1
    if got.strip() != want.strip():
        failures.append('%s: %s\n  doc: %r\n  got: %r' % (where, command, want.strip()[:200], got.strip()[:200]))
# README: "    newsidx ... # a, b" and "$ newsidx ..." blocks followed by output
text = open(readme, encoding='utf-8').read()
for m in re.finditer(r'^    (newsidx [^#\n]*?)\s+# (.*)$', text, re.M):
    command, want = m.group(1), m.group(2)
    if re.fullmatch(r'[0-9, ]+', want):
        want = '\n'.join(x.strip() for x in want.split(','))
    elif not want.startswith('{'):
        continue
    compare('README', command, want)
for block in re.findall(r'^```[a-z]*\n(.*?)^```', text, re.S | re.M):
    parts = re.split(r'^\$ ', block, flags=re.M)
    for part in parts[1:]:
        lines = part.split('\n')
        compare('README', lines[0], '\n'.join(lines[1:]))
# The manual page's .EX blocks, its roff escapes undone
man = open(manpage, encoding='utf-8').read()
for block in re.findall(r'^\.EX\n(.*?)^\.EE', man, re.S | re.M):
    block = block.replace('\\-', '-').replace('\\(aq', "'").replace('\\&', '').replace('\\e', '\\')
    parts = re.split(r'^\$ ', block, flags=re.M)
    for part in parts[1:]:
        lines = part.split('\n')
        output = '\n'.join(lines[1:])
        if output.strip() and '...' not in output:
            compare('man page', lines[0], output)
print(checked)
if failures:
    print('\n'.join(failures))
    sys.exit(1)
PY
if [ $? -eq 0 ]; then pass "the examples of the README and the manual page print what they show ($(head -n 1 "$TEST_TMP/check") checked)"
else fail "the examples of the README and the manual page print what they show" "$(tail -n +2 "$TEST_TMP/check" | head -c 1500)"; fi

# Each command's SYNOPSIS in the manual page names every option of the
# command's usage lines (the lines before the first blank one of --help).
for command in $commands; do
    "$NEWSIDX" "$command" --help 2>/dev/null | sed '/^$/,$d' | grep -o -- '--[a-z][a-z0-9-]*[a-z0-9]' | grep -v -- '^--db$' | sort -u >"$TEST_TMP/usage-options"
    sed -n "/^\\.SY \"newsidx $command\"/,/^\\.YS/p" "$MANPAGE" | sed -e 's/\\-/-/g' -e 's/\\c$//' >"$TEST_TMP/synopsis"
    missing=
    for option in $(cat "$TEST_TMP/usage-options"); do
        grep -q -- "$option\\([^a-z0-9-]\\|\$\\)" "$TEST_TMP/synopsis" || missing="$missing $option"
    done
    if [ -z "$missing" ]; then pass "$command: the SYNOPSIS names every option of its usage line"
    else fail "$command: the SYNOPSIS names every option of its usage line" "missing:$missing"; fi
done
