#!/bin/sh
# tests/cli/postgres_shards.sh — the several-host layout: two PostgreSQL
# instances on loopback ports; a coordinator database on the first whose
# articles and their rows are hash-partitioned by article id (postgres_fdw)
# over a shard database on each instance (scripts/postgres-shards.sh).
# Ingesting through the coordinator, searches, counts and facets give the
# same answers as a single instance holding the same files; every shard
# holds part of the articles, each article's rows beside it.
. tests/lib.sh

if ! PG_WHY=$(sh tests/pg/cluster.sh available); then skip "PostgreSQL several hosts" "$PG_WHY"; exit 0; fi
first=$(mktemp -d /tmp/newsidx-pg.XXXXXX)
second=$(mktemp -d /tmp/newsidx-pg.XXXXXX)
if ! pg_cluster_start "$first" 2>"$TEST_TMP/err"; then
    fail "several hosts: two instances" "$(cat "$TEST_TMP/err")"
    exit 0
fi
first_uri=$PG_CLUSTER_URI
if ! pg_cluster_start "$second" 2>"$TEST_TMP/err"; then
    fail "several hosts: two instances" "$(cat "$TEST_TMP/err")"
    exit 0
fi
second_uri=$PG_CLUSTER_URI
pass "several hosts: two instances, on ports $(cat "$first/port") and $(cat "$second/port")"
coordinator=$(pg_store coordinator "$first_uri")
shard_0=$(pg_store shard_0 "$first_uri")
shard_1=$(pg_store shard_1 "$second_uri")
single=$(pg_store single "$first_uri")

if NEWSIDX=$NEWSIDX sh scripts/postgres-shards.sh "$coordinator" "$shard_0" "$shard_1" >"$TEST_TMP/layout.out" 2>"$TEST_TMP/layout.err"; then
    pass "several hosts: scripts/postgres-shards.sh lays the store out ($(tail -n 1 "$TEST_TMP/layout.out"))"
else
    fail "several hosts: scripts/postgres-shards.sh lays the store out" "$(head -c 400 "$TEST_TMP/layout.err")"
    exit 0
fi
expect_equal "several hosts: articles is partitioned by hash of id" "h id" \
    "$(pg_sql "$coordinator" "SELECT p.partstrat::text || ' ' || a.attname FROM pg_partitioned_table p JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] WHERE p.partrelid = 'articles'::regclass")"
expect_equal "several hosts: its two partitions are foreign tables" "2" \
    "$(pg_sql "$coordinator" "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'articles'::regclass AND c.relkind = 'f'")"
expect_equal "several hosts: the de-duplication guard, sources and people stay on the coordinator" "r r r" \
    "$(pg_sql "$coordinator" "SELECT string_agg(relkind::text, ' ' ORDER BY relname) FROM pg_class WHERE relname IN ('article_hashes', 'sources', 'people')")"
expect_status "several hosts: the layout refuses a database that is not empty" 1 \
    env NEWSIDX="$NEWSIDX" sh scripts/postgres-shards.sh "$coordinator" "$shard_1"
expect_status "several hosts: --citus prints the Citus statements" 0 \
    env NEWSIDX="$NEWSIDX" sh scripts/postgres-shards.sh --citus "$(pg_store citus "$second_uri")"
if grep -q "create_distributed_table('articles', 'id')" "$TEST_TMP/out" &&
    grep -q "create_distributed_table('credits', 'article_id', colocate_with => 'articles')" "$TEST_TMP/out" &&
    grep -q "create_reference_table('people')" "$TEST_TMP/out"; then
    pass "several hosts: --citus distributes by id and article_id, co-located, people a reference table"
else
    fail "several hosts: --citus statements" "$(head -c 400 "$TEST_TMP/out")"
fi

GENERATE=${GENERATE:-${BUILD:-build}/bench/generate}
"$GENERATE" --articles 1200 --seed 99 >"$TEST_TMP/generated.txt"
for file in data/sample.txt data/sample-cp1252.txt tests/fixtures/store/maple.txt tests/fixtures/dates/dates.txt \
    tests/fixtures/sgml/reut2-000.sgm tests/fixtures/rcv1 "$TEST_TMP/generated.txt"; do
    for store in "$single" "$coordinator"; do
        "$NEWSIDX" --db "$store" ingest --quiet --batch-size 200 "$file" 2>"$TEST_TMP/err" ||
            fail "several hosts: ingest $file into $store" "$(head -c 300 "$TEST_TMP/err")"
    done
done
expect_status "several hosts: ingest again through the coordinator skips every file" 0 \
    "$NEWSIDX" --db "$coordinator" ingest --json data/sample.txt "$TEST_TMP/generated.txt"
expect_equal "several hosts: nothing new the second time" 0 \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["articles_new"])' "$TEST_TMP/out" 2>&1)"

total=$(pg_sql "$coordinator" "SELECT count(*) FROM articles")
on_0=$(pg_sql "$shard_0" "SELECT count(*) FROM articles")
on_1=$(pg_sql "$shard_1" "SELECT count(*) FROM articles")
if [ "$on_0" -gt 0 ] && [ "$on_1" -gt 0 ] && [ "$((on_0 + on_1))" -eq "$total" ] && [ "$total" -gt 1200 ]; then
    pass "several hosts: the $total articles are spread over the shards ($on_0 and $on_1)"
else
    fail "several hosts: articles spread over the shards" "$on_0 + $on_1 of $total"
fi
for shard in "$shard_0" "$shard_1"; do
    expect_equal "several hosts: $(basename "$shard"): every row beside its article" 0 \
        "$(pg_sql "$shard" "SELECT (SELECT count(*) FROM provenance p WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = p.article_id))
                              + (SELECT count(*) FROM credits c WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = c.article_id))
                              + (SELECT count(*) FROM captions c WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = c.article_id))")"
done

# same NAME FORMAT ARGS...: the single instance and the coordinator print
# the same (ids aside).
same() {
    name=$1 form=$2
    shift 2
    "$NEWSIDX" --db "$single" "$@" >"$TEST_TMP/single.out" 2>"$TEST_TMP/single.err"
    a=$?
    "$NEWSIDX" --db "$coordinator" "$@" >"$TEST_TMP/sharded.out" 2>"$TEST_TMP/sharded.err"
    b=$?
    if [ "$a" -ne 0 ] || [ "$b" -ne 0 ]; then
        fail "several hosts: $name" "exit status $a single, $b sharded: $(head -c 300 "$TEST_TMP/sharded.err")"
    elif got=$(python3 tests/pg/compare.py same "$form" "$TEST_TMP/single.out" "$TEST_TMP/sharded.out" 2>&1); then
        pass "several hosts: $name as on one instance ($got)"
    else
        fail "several hosts: $name as on one instance" "$got"
    fi
}
for query in said 'grain OR wheat' '"central bank"' 'minist*' 'title:oil' 'said -minister' 'byline:martin'; do
    same "search '$query' (ranked, with snippets)" ndjson search --format=ndjson "$query"
    same "count '$query'" text count --format=table "$query"
done
same "search --sort=newest" ndjson search --format=ndjson --sort=newest --limit 300
same "search --sort=oldest --offset 100" ndjson search --format=ndjson --sort=oldest --limit 50 --offset 100
same "search said --since 2020" ndjson search --format=ndjson --since 2020 said
same "count --dateline kiev" text count --format=table --dateline kiev
same "people" json people --format=json --top 0
same "people said" json people --format=json --top 50 said
same "datelines" json datelines --format=json --top 0
same "timeline --by month" json timeline --format=json --by month
same "timeline --by year --by dateline" json timeline --format=json --by year --by dateline
same "export said" ndjson export said
ids=$("$NEWSIDX" --db "$coordinator" search --format=ids --sort=oldest --limit 5 | tr '\n' ' ')
single_ids=$("$NEWSIDX" --db "$single" search --format=ids --sort=oldest --limit 5 | tr '\n' ' ')
# shellcheck disable=SC2086
"$NEWSIDX" --db "$coordinator" show --format=json $ids >"$TEST_TMP/sharded.out" 2>&1
# shellcheck disable=SC2086
"$NEWSIDX" --db "$single" show --format=json $single_ids >"$TEST_TMP/single.out" 2>&1
if got=$(python3 tests/pg/compare.py same json "$TEST_TMP/single.out" "$TEST_TMP/sharded.out" 2>&1); then pass "several hosts: show as on one instance"
else fail "several hosts: show as on one instance" "$got"; fi
store_check "several hosts: newsidx check through the coordinator" "$coordinator"
