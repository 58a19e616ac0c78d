#!/bin/sh
# tests/cli/postgres_cluster.sh — the throw-away clusters themselves
# (tests/pg/cluster.sh): on loopback only, trust only for loopback, never
# run as root, a database made afresh on demand, nothing left after stop.
. tests/lib.sh

if ! PG_WHY=$(sh tests/pg/cluster.sh available); then skip "PostgreSQL test clusters" "$PG_WHY"; exit 0; fi
dir=$(mktemp -d /tmp/newsidx-pg.XXXXXX)
if ! pg_cluster_start "$dir" 2>"$TEST_TMP/err"; then fail "cluster: starts" "$(cat "$TEST_TMP/err")"; exit 0; fi
uri=$PG_CLUSTER_URI
case $uri in
postgresql://newsidx@127.0.0.1:[0-9]*/postgres) pass "cluster: prints its URI ($uri)" ;;
*) fail "cluster: prints its URI" "'$uri'" ;;
esac
expect_equal "cluster: listens on 127.0.0.1 only" "127.0.0.1" "$(pg_sql "$uri" "SHOW listen_addresses")"
expect_equal "cluster: its socket is in its folder" "$dir" "$(pg_sql "$uri" "SHOW unix_socket_directories")"
expect_equal "cluster: trust only for the socket and loopback" "local|| host|127.0.0.1|255.255.255.255" \
    "$(pg_sql "$uri" "SELECT type, coalesce(address, ''), coalesce(netmask, '') FROM pg_hba_file_rules ORDER BY line_number" | tr '\n' ' ' | sed 's/ $//')"
server=$(head -n 1 "$dir/data/postmaster.pid")
owner=$(ps -o user= -p "$server" | tr -d ' ')
if [ -n "$owner" ] && [ "$owner" != root ]; then pass "cluster: the server runs as $owner, not root"
else fail "cluster: the server does not run as root" "owner '$owner'"; fi
one=$(sh tests/pg/cluster.sh createdb "$uri" fresh)
pg_sql "$one" "CREATE TABLE leftover (x int)"
two=$(sh tests/pg/cluster.sh createdb "$uri" fresh)
expect_equal "cluster: createdb gives the same name a fresh, empty database" "$one 0" \
    "$two $(pg_sql "$two" "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
expect_equal "cluster: unaccent is there to be created" "Tetrault" \
    "$(pg_sql "$two" "CREATE EXTENSION unaccent; SELECT unaccent('Tétrault')")"
sh tests/pg/cluster.sh stop "$dir"
# the server's process is gone (or its number is another program's now)
tries=0
while [ "$tries" -lt 100 ] && ps -o args= -p "$server" 2>/dev/null | grep -q -- "$dir"; do sleep 0.1; tries=$((tries + 1)); done
if ps -o args= -p "$server" 2>/dev/null | grep -q -- "$dir"; then fail "cluster: stop ends the server" "process $server still runs"
else pass "cluster: stop ends the server"; fi
if [ -e "$dir" ]; then fail "cluster: stop removes its folder" "$(ls "$dir")"; else pass "cluster: stop removes its folder"; fi
