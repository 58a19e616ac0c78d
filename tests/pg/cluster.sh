#!/bin/sh
# tests/pg/cluster.sh — throw-away PostgreSQL clusters for the tests.
#
#   cluster.sh available            exit 0 when a cluster can be started
#                                   here, else print why not and exit 1
#   cluster.sh start DIR [SETTING=VALUE...]
#                                   make a cluster in the empty or missing
#                                   folder DIR, start it on 127.0.0.1 on a
#                                   free port, print its postgresql:// URI
#                                   (user newsidx, database postgres)
#   cluster.sh stop DIR             stop it (fast) and remove DIR
#   cluster.sh createdb URI NAME    make database NAME (dropping one of that
#                                   name first) and print its URI
#   cluster.sh psql URI ARGS...     psql on URI, quiet, stop on errors
#   cluster.sh pg_dump URI ARGS...  pg_dump of URI
#
# The server listens on loopback only, with trust authentication for the
# loopback address and its socket in DIR, and keeps its log in
# DIR/server.log.  PostgreSQL refuses to run as root: when this script runs
# as root (as CI does) the server runs as nobody (setpriv), and DIR belongs
# to nobody.  Durability is switched off (fsync, synchronous_commit,
# full_page_writes): the tests kill newsidx, never the server, and these
# clusters are thrown away.  PG_BIN names the server's folder (default: the
# newest /usr/lib/postgresql/*/bin).
set -u

pg_bin() {
    if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
        if [ -x "$dir/postgres" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
    done
    command -v postgres >/dev/null 2>&1 && dirname "$(command -v postgres)"
}

# as_server COMMAND...: runs COMMAND as the user the server runs as.
as_server() {
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
    else
        "$@"
    fi
}

# free_port: a TCP port on 127.0.0.1 nothing listens on just now.
free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

available() {
    bin=$(pg_bin)
    if [ -z "$bin" ]; then echo "PostgreSQL is not installed (no initdb/postgres under /usr/lib/postgresql/*/bin)"; return 1; fi
    for tool in psql createdb pg_dump; do
        if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "$bin/$tool" ]; then
            echo "PostgreSQL's client '$tool' is not installed"; return 1
        fi
    done
    if [ "$(id -u)" -eq 0 ] && ! command -v setpriv >/dev/null 2>&1; then
        echo "running as root without setpriv to run the server as nobody"; return 1
    fi
    if ! command -v python3 >/dev/null 2>&1; then echo "python3 is missing (to find a free port)"; return 1; fi
    version=$(basename "$(dirname "$bin")")
    if [ ! -f "/usr/share/postgresql/$version/extension/unaccent.control" ] &&
        [ ! -f "$("$bin/pg_config" --sharedir 2>/dev/null)/extension/unaccent.control" ]; then
        echo "postgresql-contrib (the unaccent extension) is not installed"; return 1
    fi
    return 0
}

start() {
    dir=$1
    shift
    bin=$(pg_bin)
    [ -n "$bin" ] || { echo "cluster.sh: PostgreSQL is not installed" >&2; return 1; }
    mkdir -p "$dir" || return 1
    chmod 700 "$dir"
    # nobody must reach DIR through its parents
    [ "$(id -u)" -eq 0 ] && chown 65534:65534 "$dir"
    if ! as_server test -w "$dir"; then
        echo "cluster.sh: the server's user cannot write '$dir' (a parent folder is private: use a folder made by 'mktemp -d' in /tmp)" >&2
        return 1
    fi
    if ! as_server "$bin/initdb" -D "$dir/data" -U newsidx --auth=trust --encoding=UTF8 \
        --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1; then
        if ! as_server "$bin/initdb" -D "$dir/data" -U newsidx --auth=trust --encoding=UTF8 \
            --locale=C --no-sync >"$dir/initdb.log" 2>&1; then
            echo "cluster.sh: initdb failed: $(tail -n 3 "$dir/initdb.log")" >&2
            return 1
        fi
    fi
    {
        echo "listen_addresses = '127.0.0.1'"
        echo "unix_socket_directories = '$dir'"
        echo "fsync = off"
        echo "synchronous_commit = off"
        echo "full_page_writes = off"
        echo "max_connections = 60"
        echo "shared_buffers = 64MB"
        echo "log_min_messages = warning"
        echo "log_line_prefix = '%m [%p] %d '"
        for setting in "$@"; do echo "$setting"; done
    } >>"$dir/data/postgresql.conf"
    printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' >"$dir/data/pg_hba.conf"
    [ "$(id -u)" -eq 0 ] && chown 65534:65534 "$dir/data/postgresql.conf" "$dir/data/pg_hba.conf"
    tries=0
    while [ "$tries" -lt 5 ]; do
        port=$(free_port)
        if as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "-p $port" -w -t 60 start \
            >"$dir/pg_ctl.log" 2>&1; then
            echo "$port" >"$dir/port"
            echo "postgresql://newsidx@127.0.0.1:$port/postgres"
            return 0
        fi
        tries=$((tries + 1))
    done
    echo "cluster.sh: the server did not start: $(tail -n 3 "$dir/server.log" 2>/dev/null)" >&2
    return 1
}

stop() {
    dir=$1
    bin=$(pg_bin)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_server "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
    fi
    rm -rf "$dir"
}

client() {
    tool=$1
    shift
    if command -v "$tool" >/dev/null 2>&1; then "$tool" "$@"; else "$(pg_bin)/$tool" "$@"; fi
}

psql_on() {
    uri=$1
    shift
    PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" client psql -X -q -v ON_ERROR_STOP=1 -d "$uri" "$@"
}

createdb() {
    uri=$1 name=$2
    base=${uri%/*}
    # the name is made of letters, digits and _ by test_store; quote it anyway
    psql_on "$uri" -c "DROP DATABASE IF EXISTS \"$name\"" -c "CREATE DATABASE \"$name\" TEMPLATE template0" \
        >/dev/null || return 1
    echo "$base/$name"
}

command=${1:-}
[ $# -gt 0 ] && shift
case $command in
available) available ;;
start) [ $# -ge 1 ] || { echo "usage: cluster.sh start DIR [SETTING=VALUE...]" >&2; exit 2; }; start "$@" ;;
stop) [ $# -eq 1 ] || { echo "usage: cluster.sh stop DIR" >&2; exit 2; }; stop "$1" ;;
createdb) [ $# -eq 2 ] || { echo "usage: cluster.sh createdb URI NAME" >&2; exit 2; }; createdb "$1" "$2" ;;
pg_dump) [ $# -ge 1 ] || { echo "usage: cluster.sh pg_dump URI ARGS..." >&2; exit 2; }; uri=$1; shift; client pg_dump -d "$uri" "$@" ;;
psql) [ $# -ge 1 ] || { echo "usage: cluster.sh psql URI ARGS..." >&2; exit 2; }; psql_on "$@" ;;
*) echo "usage: cluster.sh available|start DIR|stop DIR|createdb URI NAME|psql URI ARGS..." >&2; exit 2 ;;
esac
