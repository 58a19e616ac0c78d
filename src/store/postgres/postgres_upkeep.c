/* postgres_upkeep.c — looking after a PostgreSQL store: its counts, the
 * space its parts take, VACUUM and ANALYZE, and a consistency check. */
#include "postgres_internal.h"
#include "postgres_words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsidx/article_date.h"
#include "newsidx/text.h"

int postgres_stats(struct store *base, struct store_stats *stats, struct error *error)
{
    struct postgres_store *store = postgres_store_of(base);
    memset(stats, 0, sizeof *stats);
    /* One snapshot, so that the counts agree with each other while an
     * ingest writes. */
    bool own_transaction = PQtransactionStatus(store->connection) == PQTRANS_IDLE;
    if (own_transaction &&
        postgres_execute(store, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error, "cannot read") < 0)
        return -1;
    int status = -1;
    PGresult *counts = postgres_query(
        store,
        "SELECT (SELECT count(*) FROM articles),"
        " (SELECT count(ingested_at) FROM sources),"
        " (SELECT count(*) - count(ingested_at) FROM sources),"
        " (SELECT count(*) FROM provenance),"
        " (SELECT count(*) FROM people),"
        " (SELECT count(*) FROM places),"
        " (SELECT count(*) FROM credits),"
        " (SELECT max(version) FROM newsidx_schema),"
        " (SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class AS c"
        "   JOIN pg_namespace AS n ON n.oid = c.relnamespace"
        "   WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm', 'S')),"
        " min(date), max(date), count(date), count(*) - count(date) FROM articles",
        0, NULL, error, "cannot count");
    PGresult *sources = NULL;
    if (counts != NULL) {
        long long *fields[] = {&stats->articles, &stats->sources, &stats->incomplete_sources,
                               &stats->provenance, &stats->people, &stats->places, &stats->credits};
        for (int i = 0; i < 7; i++)
            *fields[i] = strtoll(PQgetvalue(counts, 0, i), NULL, 10);
        stats->schema_version = (int)strtol(PQgetvalue(counts, 0, 7), NULL, 10);
        stats->size_bytes = strtoll(PQgetvalue(counts, 0, 8), NULL, 10);
        snprintf(stats->first_date, sizeof stats->first_date, "%s", PQgetvalue(counts, 0, 9));
        snprintf(stats->last_date, sizeof stats->last_date, "%s", PQgetvalue(counts, 0, 10));
        stats->dated = strtoll(PQgetvalue(counts, 0, 11), NULL, 10);
        stats->undated = strtoll(PQgetvalue(counts, 0, 12), NULL, 10);
        PQclear(counts);
        sources = postgres_query(store,
                                 "SELECT date_source, count(*) FROM articles WHERE date_source IS NOT NULL"
                                 " GROUP BY date_source",
                                 0, NULL, error, "cannot count");
    }
    if (sources != NULL) {
        for (int row = 0; row < PQntuples(sources); row++) {
            enum article_date_source source = article_date_source_from_name(PQgetvalue(sources, row, 0));
            if (source != ARTICLE_DATE_NONE)
                stats->by_date_source[source] += strtoll(PQgetvalue(sources, row, 1), NULL, 10);
        }
        PQclear(sources);
        status = 0;
    }
    if (own_transaction)
        PQclear(PQexec(store->connection, status == 0 ? "COMMIT" : "ROLLBACK"));
    return status;
}

/* The part each table of the schema belongs to (its indexes with it, but
 * for articles, whose indexes are the full-text index's part). */
static const struct {
    const char *table;    /* the table */
    enum store_part part; /* its part */
} table_parts[] = {
    {"articles", STORE_PART_TEXT},         {"article_hashes", STORE_PART_TEXT},
    {"people", STORE_PART_PEOPLE},         {"credits", STORE_PART_PEOPLE},
    {"places", STORE_PART_PLACES},         {"dateline_places", STORE_PART_PLACES},
    {"captions", STORE_PART_PARTS},        {"subheads", STORE_PART_PARTS},
    {"notes", STORE_PART_PARTS},           {"links", STORE_PART_PARTS},
    {"tags", STORE_PART_PARTS},            {"sources", STORE_PART_SOURCES},
    {"provenance", STORE_PART_SOURCES},    {"newsidx_schema", STORE_PART_OTHER},
};

int postgres_space(struct store *base, long long bytes[STORE_PART_COUNT], struct error *error)
{
    struct postgres_store *store = postgres_store_of(base);
    memset(bytes, 0, STORE_PART_COUNT * sizeof *bytes);
    /* A table partitioned over several hosts measures 0 here: its rows
     * live elsewhere. */
    for (size_t i = 0; i < sizeof table_parts / sizeof table_parts[0]; i++) {
        const char *values[] = {table_parts[i].table};
        PGresult *result = postgres_query(
            store,
            "SELECT coalesce(sum(pg_table_size(c.oid)), 0), coalesce(sum(pg_indexes_size(c.oid)), 0)"
            " FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace"
            " WHERE n.nspname = current_schema() AND c.relkind = 'r'"
            " AND (c.relname = $1 OR c.oid IN (SELECT inhrelid FROM pg_inherits"
            "  WHERE inhparent = to_regclass($1)))",
            1, values, error, "cannot measure the store");
        if (result == NULL)
            return -1;
        long long table = strtoll(PQgetvalue(result, 0, 0), NULL, 10);
        long long indexes = strtoll(PQgetvalue(result, 0, 1), NULL, 10);
        PQclear(result);
        bytes[table_parts[i].part] += table;
        bytes[strcmp(table_parts[i].table, "articles") == 0 ? STORE_PART_INDEX : table_parts[i].part] +=
            indexes;
    }
    return 0;
}

int postgres_optimize(struct store *base, bool vacuum, struct store_optimized *done,
                      struct error *error)
{
    struct postgres_store *store = postgres_store_of(base);
    memset(done, 0, sizeof *done);
    if (postgres_commit(base, error) < 0)
        return -1;
    /* PostgreSQL's GIN index is one structure, not segments; VACUUM merges
     * its pending entries in.  FULL rewrites the tables to give space
     * back. */
    done->segments_before = 1;
    if (postgres_execute(store, vacuum ? "VACUUM (FULL, ANALYZE)" : "VACUUM (ANALYZE)", error,
                         "cannot optimize") < 0)
        return -1;
    done->segments_after = 1;
    done->vacuumed = vacuum;
    return 0;
}

/* The consistency checks: what each finds wrong, as a count of rows. */
static const struct {
    const char *sql;     /* counts the rows that are wrong */
    const char *problem; /* what they are, after the count */
} database_checks[] = {
    {"SELECT count(*) FROM articles AS a WHERE NOT EXISTS"
     " (SELECT 1 FROM provenance AS p WHERE p.article_id = a.id)",
     "articles with no provenance"},
    {"SELECT count(*) FROM articles AS a WHERE NOT EXISTS"
     " (SELECT 1 FROM article_hashes AS h WHERE h.article_id = a.id AND h.text_hash = a.text_hash)",
     "articles with no hash row"},
    {"SELECT count(*) FROM article_hashes AS h WHERE NOT EXISTS"
     " (SELECT 1 FROM articles AS a WHERE a.id = h.article_id)",
     "hash rows with no article"},
    {"SELECT count(*) FROM (SELECT id FROM articles GROUP BY id HAVING count(*) > 1) AS twice",
     "article ids stored twice"},
    {"SELECT count(*) FROM provenance AS p WHERE NOT EXISTS"
     " (SELECT 1 FROM articles AS a WHERE a.id = p.article_id)"
     " OR NOT EXISTS (SELECT 1 FROM sources AS s WHERE s.id = p.source_id)",
     "provenance rows with no article or source"},
    {"SELECT count(*) FROM credits AS c WHERE NOT EXISTS"
     " (SELECT 1 FROM people AS p WHERE p.id = c.person_id)",
     "credits with no person"},
    {"SELECT count(*) FROM dateline_places AS d WHERE NOT EXISTS"
     " (SELECT 1 FROM places AS p WHERE p.id = d.place_id)",
     "dateline places with no place"},
};

/* The full-text check: every article's search vectors, made again from
 * its text, must be the ones stored. */
static const char index_check[] =
    "SELECT count(*) FROM articles WHERE search IS NULL OR body_words IS DISTINCT FROM"
    " to_tsvector('newsidx', " POSTGRES_WORD_TEXT("body") ") OR title_words IS DISTINCT FROM"
    " to_tsvector('newsidx', " POSTGRES_WORD_TEXT("coalesce(title, '')") ") OR search IS DISTINCT FROM"
    " (setweight(to_tsvector('newsidx', " POSTGRES_WORD_TEXT("coalesce(title, '')") "), 'A')"
    "  || setweight(to_tsvector('newsidx', " POSTGRES_WORD_TEXT("coalesce(byline_text, '')") ")"
    "     || to_tsvector('newsidx', " POSTGRES_WORD_TEXT("coalesce(credits_raw, '')") "), 'B')"
    "  || setweight(to_tsvector('newsidx', " POSTGRES_WORD_TEXT("coalesce(caption_text, '')") ")"
    "     || to_tsvector('newsidx', " POSTGRES_WORD_TEXT("coalesce(dateline_raw, '')") "), 'C')"
    "  || setweight(to_tsvector('newsidx', " POSTGRES_WORD_TEXT("body") "), 'D'))";

int postgres_check(struct store *base, struct store_check *check, struct error *error)
{
    struct postgres_store *store = postgres_store_of(base);
    memset(check, 0, sizeof *check);
    if (postgres_commit(base, error) < 0 ||
        postgres_execute(store, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error,
                         "cannot check the store") < 0)
        return -1;
    int status = postgres_query_integer(store, "SELECT count(*) FROM articles", 0, NULL,
                                        &check->articles, error, "cannot check the store");
    for (size_t i = 0; status == 0 && i < sizeof database_checks / sizeof database_checks[0]; i++) {
        long long wrong = 0;
        status = postgres_query_integer(store, database_checks[i].sql, 0, NULL, &wrong, error,
                                        "cannot check the store");
        if (status == 0 && wrong > 0 && check->database_problem == NULL) {
            char text[160];
            snprintf(text, sizeof text, "%lld %s", wrong, database_checks[i].problem);
            check->database_problem = checked_strdup(text);
        }
    }
    long long stale = 0;
    if (status == 0)
        status = postgres_query_integer(store, index_check, 0, NULL, &stale, error,
                                        "cannot check the full-text index");
    if (status == 0 && stale > 0) {
        char text[160];
        snprintf(text, sizeof text, "%lld articles whose search vectors do not match their text", stale);
        check->index_problem = checked_strdup(text);
    }
    PQclear(PQexec(store->connection, status == 0 ? "COMMIT" : "ROLLBACK"));
    if (status < 0) {
        free(check->database_problem);
        free(check->index_problem);
        memset(check, 0, sizeof *check);
    }
    return status;
}
