/* store_tidy.c — keeping the full-text index quick to search after ingest.
 *
 * Every batch an ingest commits adds FTS5 segments, and FTS5 merges them
 * only now and then (automerge), so that writing stays fast.  But every
 * search pays for each segment a term must be looked up in: on a store of
 * 200,000 articles freshly ingested, one look-up of a common word costs
 * about four times what it costs in a merged index.  So an ingest ends by
 * tidying: a bulk load (new articles at least a twentieth of the store)
 * merges the whole index into one segment ('optimize'); a small addition
 * only does a bounded amount of merging ('merge'), so it stays cheap.
 */
#include "store_internal.h"

int store_tidy_index(struct store *store, long long articles_added, struct error *error)
{
    if (store_commit_batch(store, error) < 0)
        return -1;
    if (articles_added <= 0)
        return 0;
    sqlite3_stmt *count = NULL;
    long long articles = 0;
    if (sqlite3_prepare_v2(store->database, "SELECT count(*) FROM articles", -1, &count, NULL) == SQLITE_OK &&
        sqlite3_step(count) == SQLITE_ROW)
        articles = sqlite3_column_int64(count, 0);
    sqlite3_finalize(count);
    const char *command = articles_added * 20 >= articles
                              ? "INSERT INTO article_search (article_search) VALUES ('optimize')"
                              : "INSERT INTO article_search (article_search, rank) VALUES ('merge', 500)";
    char *message = NULL;
    if (sqlite3_exec(store->database, command, NULL, NULL, &message) != SQLITE_OK) {
        error_set(error, "cannot tidy the index of '%s': %s", store->path, message ? message : "unknown error");
        sqlite3_free(message);
        return -1;
    }
    return 0;
}
