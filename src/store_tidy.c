/* store_tidy.c — keeping the full-text index quick to search after ingest.
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
#include "store_internal.h"

/* An index of this many segments or fewer is not tidied. */
#define TIDY_FEW_SEGMENTS 4

/* Runs a statement that returns one integer into *value.  Returns 0, or -1
 * with error set. */
static int select_integer(struct store *store, const char *sql, long long *value, struct error *error)
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

int store_tidy_index(struct store *store, long long articles_added, struct error *error)
{
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
