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
