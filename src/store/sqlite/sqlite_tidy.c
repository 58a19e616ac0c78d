/* sqlite_tidy.c — keeping the full-text index quick to search after ingest.
 *
 * Every batch an ingest commits adds an FTS5 segment, and FTS5 merges them
 * only now and then (automerge), so that writing stays fast.  But every
 * search pays for each segment a term must be looked up in: on a store of
 * 200,000 articles freshly ingested (14 segments), a person-phrase search
 * takes three times as long as in a merged index.  So an ingest ends by
 * tidying: a bulk load (new articles at least a twentieth of the store)
 * merges the whole index into one segment ('optimize'); a small addition
 * only does a bounded amount of merging ('merge'), so it stays cheap.
 *
 * A few segments cost searches little, and merging rewrites the whole
 * index (a fifth of the time of loading it), so an index of at most
 * TIDY_FEW_SEGMENTS segments is left as it is: on 40,000 articles in 3
 * segments a person phrase takes 3.9 ms against 2.7 ms merged.  FTS5's own
 * automerge also leaves up to 4 segments on a level by default.
 */
#include "sqlite_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An index of this many segments or fewer is not tidied. */
#define TIDY_FEW_SEGMENTS 4

/* Runs a statement that returns one integer into *value.  Returns 0, or -1
 * with error set. */
static int select_integer(struct sqlite_store *store, const char *sql, long long *value, struct error *error)
{
    sqlite3_stmt *statement = NULL;
    int status = sqlite3_prepare_v2(store->database, sql, -1, &statement, NULL);
    if (status == SQLITE_OK)
        status = sqlite3_step(statement);
    if (status == SQLITE_ROW)
        *value = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    return status == SQLITE_ROW ? 0 : store_error(store, error, "cannot read the index's size");
}

int sqlite_store_tidy_index(struct store *base, long long articles_added, struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    if (store_commit_batch(store, error) < 0)
        return -1;
    if (articles_added <= 0)
        return 0;
    /* FTS5's %_idx table has a row per leaf page's first term, keyed by
     * segment: its segids are the index's segments. */
    long long segments = 0, articles = 0;
    if (select_integer(store, "SELECT count(DISTINCT segid) FROM article_search_idx", &segments, error) < 0 ||
        select_integer(store, "SELECT count(*) FROM articles", &articles, error) < 0)
        return -1;
    if (segments <= TIDY_FEW_SEGMENTS)
        return 0;
    const char *command = articles_added * 20 >= articles
                              ? "INSERT INTO article_search (article_search) VALUES ('optimize')"
                              : "INSERT INTO article_search (article_search, rank) VALUES ('merge', 500)";
    char *message = NULL;
    if (sqlite3_exec(store->database, command, NULL, NULL, &message) != SQLITE_OK) {
        error_set(error, "cannot tidy the index of %s: %s",
                  text_quote_name(store->path).text, message ? message : "unknown error");
        sqlite3_free(message);
        return -1;
    }
    return 0;
}

int sqlite_store_optimize(struct store *base, bool vacuum, struct store_optimized *done, struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    memset(done, 0, sizeof *done);
    if (store_commit_batch(store, error) < 0 ||
        select_integer(store, "SELECT count(DISTINCT segid) FROM article_search_idx", &done->segments_before,
                       error) < 0)
        return -1;
    char *message = NULL;
    /* One segment: what a search looks a term up in once. */
    if (done->segments_before > 1 &&
        sqlite3_exec(store->database, "INSERT INTO article_search (article_search) VALUES ('optimize')", NULL,
                     NULL, &message) != SQLITE_OK) {
        error_set(error, "cannot merge the index of '%s': %s", store->path, message ? message : "unknown error");
        sqlite3_free(message);
        return -1;
    }
    if (select_integer(store, "SELECT count(DISTINCT segid) FROM article_search_idx", &done->segments_after,
                       error) < 0)
        return -1;
    if (!vacuum)
        return 0;
    /* VACUUM gives the file back the pages freed (an upgrade that
     * compressed the text frees most of them), and can take a while. */
    if (sqlite3_exec(store->database, "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;", NULL, NULL, &message) !=
        SQLITE_OK) {
        error_set(error, "cannot vacuum the store '%s': %s", store->path, message ? message : "unknown error");
        sqlite3_free(message);
        return -1;
    }
    done->vacuumed = true;
    return 0;
}

/* Runs an integrity check that answers rows of text: "ok", or the
 * problems; *problem gets the first problem, or stays NULL. */
static int check_rows(struct sqlite_store *store, const char *sql, char **problem, struct error *error)
{
    sqlite3_stmt *statement = NULL;
    if (sqlite3_prepare_v2(store->database, sql, -1, &statement, NULL) != SQLITE_OK)
        return store_error(store, error, "cannot check the store");
    int step;
    while ((step = sqlite3_step(statement)) == SQLITE_ROW) {
        const char *row = (const char *)sqlite3_column_text(statement, 0);
        if (*problem == NULL && row != NULL && strcmp(row, "ok") != 0)
            *problem = checked_strdup(row);
    }
    sqlite3_finalize(statement);
    return step == SQLITE_DONE ? 0 : store_error(store, error, "cannot check the store");
}

int sqlite_store_check(struct store *base, struct store_check *check, struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    memset(check, 0, sizeof *check);
    if (store_execute(store, "BEGIN", error, "cannot check the store") < 0)
        return -1;
    int status = check_rows(store, "PRAGMA integrity_check", &check->database_problem, error);
    /* Every body decompresses: a damaged one is named here (inside FTS5's
     * check below, the reason would be lost). */
    if (status == 0) {
        sqlite3_stmt *bodies = NULL;
        if (sqlite3_prepare_v2(store->database, "SELECT id, length(newsidx_text(body)) FROM articles", -1, &bodies,
                               NULL) != SQLITE_OK)
            status = store_error(store, error, "cannot check the store");
        int step = SQLITE_DONE;
        long long id = 0;
        while (status == 0 && (step = sqlite3_step(bodies)) == SQLITE_ROW)
            id = sqlite3_column_int64(bodies, 0);
        if (status == 0 && step != SQLITE_DONE) {
            char text[512];
            snprintf(text, sizeof text, "article after id %lld: %s", id, sqlite3_errmsg(store->database));
            check->index_problem = checked_strdup(text);
        }
        sqlite3_finalize(bodies);
    }
    /* FTS5's check with rank 1 also reads every article's text back (each
     * body decompressed) and compares it with the index. */
    if (status == 0 && check->index_problem == NULL) {
        char *message = NULL;
        if (sqlite3_exec(store->database,
                         "INSERT INTO article_search (article_search, rank) VALUES ('integrity-check', 1)", NULL,
                         NULL, &message) != SQLITE_OK) {
            int code = sqlite3_errcode(store->database) & 0xFF;
            if (code == SQLITE_CORRUPT || code == SQLITE_ERROR)
                check->index_problem = checked_strdup(message ? message : sqlite3_errmsg(store->database));
            else
                status = store_error(store, error, "cannot check the full-text index");
        }
        sqlite3_free(message);
    }
    if (status == 0)
        status = select_integer(store, "SELECT count(*) FROM articles", &check->articles, error);
    if (status == 0 && check->index_problem == NULL) {
        long long unindexed = 0;
        status = select_integer(store,
                                "SELECT count(*) FROM articles WHERE id NOT IN (SELECT id FROM article_search_docsize)",
                                &unindexed, error);
        if (status == 0 && unindexed > 0) {
            char text[96];
            snprintf(text, sizeof text, "%lld articles are missing from the full-text index", unindexed);
            check->index_problem = checked_strdup(text);
        }
    }
    sqlite3_exec(store->database, "COMMIT", NULL, NULL, NULL);
    return status;
}
