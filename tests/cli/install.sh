# tests/cli/install.sh — `make install` honours PREFIX and DESTDIR.
. tests/lib.sh

if make -s install BUILD="${BUILD:-build}" DESTDIR="$TEST_TMP/dest" PREFIX=/opt/newsidx >"$TEST_TMP/out" 2>&1; then
    pass "make install with DESTDIR and PREFIX"
else
    fail "make install with DESTDIR and PREFIX" "$(tail -n 3 "$TEST_TMP/out")"
fi
installed=$TEST_TMP/dest/opt/newsidx/bin/newsidx
if [ -x "$installed" ] && "$installed" --version | grep -q '^newsidx '; then
    pass "installed binary runs"
else
    fail "installed binary runs" "'$installed' missing or broken"
fi
manpage=$TEST_TMP/dest/opt/newsidx/share/man/man1/newsidx.1
if [ -f "$manpage" ] && cmp -s doc/newsidx.1 "$manpage"; then
    pass "make install installs the manual page"
else
    fail "make install installs the manual page" "'$manpage' missing or not doc/newsidx.1"
fi
for file in share/bash-completion/completions/newsidx share/zsh/site-functions/_newsidx share/doc/newsidx/README.md; do
    if [ -f "$TEST_TMP/dest/opt/newsidx/$file" ]; then pass "make install installs $file"
    else fail "make install installs $file" "missing under $TEST_TMP/dest/opt/newsidx"; fi
done
if cmp -s completions/newsidx.bash "$TEST_TMP/dest/opt/newsidx/share/bash-completion/completions/newsidx"; then
    pass "the installed bash completion is completions/newsidx.bash"
else
    fail "the installed bash completion is completions/newsidx.bash" "differs or missing"
fi
if command -v man >/dev/null 2>&1 && [ -f "$manpage" ]; then
    if MANPATH="$TEST_TMP/dest/opt/newsidx/share/man" man -w newsidx 2>/dev/null | grep -q "^$manpage"; then
        pass "man finds the installed page through MANPATH"
    else
        fail "man finds the installed page through MANPATH" "man -w newsidx: $(MANPATH="$TEST_TMP/dest/opt/newsidx/share/man" man -w newsidx 2>&1)"
    fi
else
    skip "man finds the installed page through MANPATH" "man is not installed"
fi
if make -s uninstall DESTDIR="$TEST_TMP/dest" PREFIX=/opt/newsidx >/dev/null 2>&1 && [ ! -e "$manpage" ] && [ ! -e "$installed" ] &&
    [ -z "$(find "$TEST_TMP/dest" -type f)" ]; then
    pass "make uninstall removes binary and manual page"
else
    fail "make uninstall removes binary and manual page" "something is left under $TEST_TMP/dest"
fi
