/* sqlite_backend.c — the SQLite back end's operations, for store.c. */
#include "sqlite_internal.h"

/* The SQLite store asks for an article's tokens made ahead of writing:
 * its parsing thread tokenizes, which takes work off the writing thread. */
static bool sqlite_store_wants_index_tokens(const struct store *store)
{
    (void)store;
    return true;
}

void sqlite_store_process_init(void)
{
    /* Must come before SQLite is first used. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

const struct store_backend sqlite_store_backend = {
    .name = "SQLite",
    .schema_version = STORE_SCHEMA_VERSION,
    .open = sqlite_store_open,
    .close = sqlite_store_close,
    .upgraded_from = sqlite_store_upgraded_from,
    .location = sqlite_store_path,
    .set_replace_given_dates = sqlite_store_set_replace_given_dates,
    .set_batch_size = sqlite_store_set_batch_size,
    .wants_index_tokens = sqlite_store_wants_index_tokens,
    .source_find = sqlite_store_source_find,
    .source_touch = sqlite_store_source_touch,
    .source_begin = sqlite_store_source_begin,
    .article_add = sqlite_store_article_add,
    .article_seen_here = sqlite_store_article_seen_here,
    .source_end = sqlite_store_source_end,
    .index_token_counts = sqlite_store_index_token_counts,
    .batch_open_number = sqlite_store_batch_open_number,
    .batch_committed = sqlite_store_batch_committed,
    .commit = sqlite_store_commit,
    .tidy_index = sqlite_store_tidy_index,
    .article_load = sqlite_store_article_load,
    .article_provenance = sqlite_store_article_provenance,
    .article_date = sqlite_store_article_date,
    .roles = sqlite_store_roles,
    .search = sqlite_store_search,
    .count = sqlite_store_count,
    .search_ids = sqlite_store_search_ids,
    .people_facet = sqlite_store_people_facet,
    .dateline_facet = sqlite_store_dateline_facet,
    .timeline = sqlite_store_timeline,
    .undated_count = sqlite_store_undated_count,
    .stats = sqlite_store_stats,
    .space = sqlite_store_space,
    .optimize = sqlite_store_optimize,
    .check = sqlite_store_check,
};
