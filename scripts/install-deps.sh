#!/bin/sh
# scripts/install-deps.sh — installs the Debian packages newsidx needs to
# build, test and benchmark.  Runs apt-get as root, or through sudo.
# Does nothing when everything is already there.  With --fuzz, also clang
# and its libFuzzer runtime, for `make fuzz` (make test does not need them).
set -eu
# libpq-dev: the PostgreSQL back end's client library; postgresql and
# postgresql-contrib (unaccent, postgres_fdw): the servers the tests start
# themselves (tests/pg/cluster.sh), never the system's own cluster.
packages="build-essential pkg-config libsqlite3-dev libpcre2-dev libxml2-dev zlib1g-dev libutf8proc-dev libzstd-dev
          libpq-dev sqlite3 python3 libxml2-utils gzip util-linux postgresql postgresql-contrib"
if [ "${1:-}" = --fuzz ]; then
    packages="$packages clang libclang-rt-14-dev"
fi
missing=
for package in $packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
        missing="$missing $package"
done
[ -n "$missing" ] || exit 0
run=
[ "$(id -u)" -eq 0 ] || run=sudo
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$run apt-get update -qq
$run apt-get install -y -qq $missing >/dev/null
# Debian's postgresql package starts a system cluster on port 5432; the
# tests do not use it (they start their own on free loopback ports), so
# leave it as the system has it.
