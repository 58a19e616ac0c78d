#!/bin/sh
# scripts/postgres-shards.sh — lays a newsidx store out over several
# PostgreSQL servers with postgres_fdw, or prints the Citus statements that
# do the same.
#
#   postgres-shards.sh COORDINATOR_URI SHARD_URI...
#   postgres-shards.sh --citus COORDINATOR_URI
#
# COORDINATOR_URI names an empty database: the one every newsidx command is
# then given (--db COORDINATOR_URI).  Each SHARD_URI names an empty database
# on another server (or the same one).  The script
#   1. has newsidx create its schema (version 1) in the coordinator, by a
#      first ingest of nothing;
#   2. creates on every shard the tables that hold articles and their rows
#      (articles, and every table with an article_id column but
#      article_hashes), with the coordinator's columns, keys and indexes
#      (the GIN index of the search vector among them), and the text
#      search configuration newsidx;
#   3. turns each of those tables on the coordinator into a table
#      partitioned by hash of the article id (articles.id, the others'
#      article_id: co-located, an article and its rows on one shard), whose
#      partitions are foreign tables on the shards, one per shard;
#   4. leaves sources, people, places, article_hashes (the de-duplication
#      guard), newsidx_schema and the id sequences on the coordinator.
# newsidx then writes and searches through the coordinator as through one
# server: the search condition (tsvector @@ a tsquery made on the
# coordinator) and the filters are shipped to the shards.
#
# With --citus it does step 1 and prints the Citus statements instead
# (create_distributed_table by id / article_id, co-located; reference
# tables for the rest), for a coordinator that has the citus extension.
#
# NEWSIDX (default: newsidx in PATH) is the newsidx to run.  The user of
# each URI must be allowed to create tables (and, on the coordinator, the
# postgres_fdw extension and its servers: a superuser, or a user granted
# USAGE on postgres_fdw).  A shard URI's password, if it has one, goes into
# the user mapping.
set -eu

NEWSIDX=${NEWSIDX:-newsidx}
PSQL=${PSQL:-psql}

die() { echo "postgres-shards: $*" >&2; exit 1; }
usage() { echo "usage: postgres-shards.sh COORDINATOR_URI SHARD_URI... | --citus COORDINATOR_URI" >&2; exit 2; }

# sql URI [psql options]: runs psql on URI quietly, stopping at the first error.
sql() {
    uri=$1
    shift
    PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$uri" "$@"
}
# value URI QUERY: the single value of QUERY.
value() { sql "$1" -At -c "$2"; }

citus=false
if [ "${1:-}" = --citus ]; then citus=true; shift; fi
[ $# -ge 1 ] || usage
coordinator=$1
shift
if [ "$citus" = false ] && [ $# -lt 1 ]; then usage; fi
command -v "$PSQL" >/dev/null 2>&1 || die "psql is not installed (Debian: postgresql-client)"

# ---- 1. the newsidx schema, made by newsidx itself ---------------------------------
tables=$(value "$coordinator" "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()") ||
    die "cannot reach the coordinator '$coordinator'"
[ "$tables" -eq 0 ] || die "the coordinator's database is not empty ($tables tables): give an empty one"
empty=$(mktemp "${TMPDIR:-/tmp}/newsidx-empty.XXXXXX")
trap 'rm -f "$empty"' EXIT
"$NEWSIDX" --db "$coordinator" ingest --quiet "$empty" || die "newsidx could not create its schema in the coordinator"
sql "$coordinator" -c "DELETE FROM sources"
[ "$(value "$coordinator" "SELECT count(*) FROM newsidx_schema")" -eq 1 ] || die "newsidx made no newsidx_schema row"

# The tables that go to the shards, each with its distribution column.
distributed=$(value "$coordinator" "
    SELECT c.relname || ' ' || CASE WHEN c.relname = 'articles' THEN 'id' ELSE 'article_id' END
    FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
      AND (c.relname = 'articles'
           OR (c.relname <> 'article_hashes'
               AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'article_id' AND NOT a.attisdropped)))
    ORDER BY c.relname <> 'articles', c.relname")
reference=$(value "$coordinator" "
    SELECT string_agg(c.relname, ' ' ORDER BY c.relname) FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
      AND c.relname <> 'articles'
      AND (c.relname = 'article_hashes'
           OR NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'article_id' AND NOT a.attisdropped))")
echo "$distributed" | grep -q '^articles id$' || die "the coordinator has no articles table after newsidx made its schema"

if [ "$citus" = true ]; then
    echo "-- Citus: run on the coordinator (CREATE EXTENSION citus; the workers added with citus_add_node)."
    echo "-- Citus needs every unique key of a distributed table to hold its distribution column,"
    echo "-- which the single-server schema's keys do (articles (id), the others (article_id, ...))."
    for table in $reference; do
        echo "SELECT create_reference_table('$table');"
    done
    echo "$distributed" | while read -r table column; do
        if [ "$table" = articles ]; then
            echo "SELECT create_distributed_table('articles', 'id');"
        else
            echo "SELECT create_distributed_table('$table', '$column', colocate_with => 'articles');"
        fi
    done
    exit 0
fi

# ---- 2. the shards' tables ------------------------------------------------------
shard_count=$#
# table_ddl TABLE: CREATE TABLE with the coordinator's columns, then its
# keys, checks and indexes.
table_ddl() {
    value "$coordinator" "
        SELECT format('CREATE TABLE %I (%s);', '$1',
                      string_agg(format('%I %s%s', a.attname, format_type(a.atttypid, a.atttypmod),
                                        CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END), ', ' ORDER BY a.attnum))
        FROM pg_attribute a WHERE a.attrelid = '$1'::regclass AND a.attnum > 0 AND NOT a.attisdropped"
    value "$coordinator" "
        SELECT format('ALTER TABLE %I ADD CONSTRAINT %I %s;', '$1', conname, pg_get_constraintdef(oid))
        FROM pg_constraint WHERE conrelid = '$1'::regclass AND contype IN ('p', 'u', 'c') ORDER BY conname"
    value "$coordinator" "
        SELECT pg_get_indexdef(i.indexrelid) || ';' FROM pg_index i
        WHERE i.indrelid = '$1'::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        ORDER BY i.indexrelid"
}
# The text search configuration, as the coordinator has it, with the
# dictionaries of the store's own schema it uses (newsidx_stem).
dictionary_ddl=$(value "$coordinator" "
    SELECT string_agg(format('CREATE TEXT SEARCH DICTIONARY %I (TEMPLATE = %s%s);', d.dictname, t.tmplname::text,
                             coalesce(', ' || d.dictinitoption, '')), ' ')
    FROM pg_ts_dict d JOIN pg_ts_template t ON t.oid = d.dicttemplate
    WHERE d.dictnamespace = current_schema()::regnamespace
      AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_ts_dict'::regclass AND e.objid = d.oid AND e.deptype = 'e')")
config_ddl=$(value "$coordinator" "
    SELECT 'CREATE TEXT SEARCH CONFIGURATION newsidx (COPY = english); '
        || string_agg(format('ALTER TEXT SEARCH CONFIGURATION newsidx ALTER MAPPING FOR %s WITH %s;', alias, dictionaries), ' ')
    FROM (SELECT t.alias, string_agg(m.mapdict::regdictionary::text, ', ' ORDER BY m.mapseqno) AS dictionaries
          FROM pg_ts_config_map m
          JOIN pg_ts_config c ON c.oid = m.mapcfg
          JOIN ts_token_type('default') t ON t.tokid = m.maptokentype
          WHERE c.cfgname = 'newsidx'
          GROUP BY t.alias) AS mapping")
[ -n "$config_ddl" ] || die "the coordinator has no text search configuration newsidx"
ddl=$(mktemp "${TMPDIR:-/tmp}/newsidx-shard.XXXXXX.sql")
trap 'rm -f "$empty" "$ddl"' EXIT
{
    echo "BEGIN;"
    echo "CREATE EXTENSION IF NOT EXISTS unaccent;"
    echo "$dictionary_ddl"
    echo "$config_ddl"
    echo "$distributed" | while read -r table column; do table_ddl "$table"; done
    echo "COMMIT;"
} >"$ddl"
for shard in "$@"; do
    [ "$(value "$shard" "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")" -eq 0 ] ||
        die "the shard '$shard' is not empty: give an empty database"
    sql "$shard" -f "$ddl" || die "cannot create the tables on the shard '$shard'"
done

# ---- 3. the coordinator's tables become partitioned, their partitions foreign --------
{
    echo "BEGIN;"
    echo "CREATE EXTENSION IF NOT EXISTS postgres_fdw;"
    number=0
    for shard in "$@"; do
        # where the shard is, as its server sees itself
        where=$(value "$shard" "SELECT coalesce(host(inet_server_addr()), '') || '|' || coalesce(inet_server_port(), 5432) || '|' || current_database() || '|' || current_user")
        host=$(echo "$where" | cut -d'|' -f1)
        port=$(echo "$where" | cut -d'|' -f2)
        dbname=$(echo "$where" | cut -d'|' -f3)
        user=$(echo "$where" | cut -d'|' -f4)
        password=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.urlsplit(sys.argv[1]).password or "")' "$shard" 2>/dev/null || true)
        [ -n "$host" ] || die "the shard '$shard' is reached through a socket: give it a host name or address"
        server=newsidx_shard_$number
        echo "CREATE SERVER $server FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '$host', port '$port', dbname '$dbname', fetch_size '10000', async_capable 'true', extensions 'unaccent');"
        if [ -n "$password" ]; then
            echo "CREATE USER MAPPING FOR CURRENT_USER SERVER $server OPTIONS (user '$user', password '$password');"
        else
            echo "CREATE USER MAPPING FOR CURRENT_USER SERVER $server OPTIONS (user '$user', password_required 'false');"
        fi
        number=$((number + 1))
    done
    # views over these tables are put back afterwards
    value "$coordinator" "SELECT format('DROP VIEW IF EXISTS %I CASCADE;', viewname) FROM pg_views WHERE schemaname = current_schema()"
    echo "$distributed" | while read -r table column; do
        # the id sequences stay on the coordinator: loosen them from the table
        value "$coordinator" "
            SELECT format('ALTER SEQUENCE %s OWNED BY NONE;', d.objid::regclass)
            FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
            WHERE d.refobjid = '$table'::regclass AND d.deptype = 'a'"
        [ "$(value "$coordinator" "SELECT count(*) FROM pg_attribute WHERE attrelid = '$table'::regclass AND attidentity <> ''")" -eq 0 ] ||
            die "$table has an identity column: its values would be made on each shard; newsidx takes article ids from the sequence article_ids"
        triggers=$(value "$coordinator" "SELECT pg_get_triggerdef(oid) || ';' FROM pg_trigger WHERE tgrelid = '$table'::regclass AND NOT tgisinternal")
        echo "ALTER TABLE $table RENAME TO ${table}_single;"
        echo "CREATE TABLE $table (LIKE ${table}_single INCLUDING DEFAULTS INCLUDING GENERATED) PARTITION BY HASH ($column);"
        remainder=0
        while [ "$remainder" -lt "$shard_count" ]; do
            echo "CREATE FOREIGN TABLE ${table}_$remainder PARTITION OF $table FOR VALUES WITH (MODULUS $shard_count, REMAINDER $remainder) SERVER newsidx_shard_$remainder OPTIONS (table_name '$table');"
            remainder=$((remainder + 1))
        done
        echo "DROP TABLE ${table}_single CASCADE;"
        if [ -n "$triggers" ]; then echo "$triggers"; fi
    done
    value "$coordinator" "SELECT format('CREATE VIEW %I AS %s', viewname, definition) FROM pg_views WHERE schemaname = current_schema()"
    echo "COMMIT;"
} >"$ddl"
sql "$coordinator" -f "$ddl" || die "cannot lay out the coordinator (the statements were in $ddl)"
"$NEWSIDX" --db "$coordinator" stats >/dev/null || die "newsidx cannot read the store after the layout"
echo "postgres-shards: $(echo "$distributed" | wc -l | tr -d ' ') tables partitioned by article id over $shard_count shards; use --db '$coordinator'"
