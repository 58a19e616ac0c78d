/* postgres_backend.c — the PostgreSQL back end's operations, for
 * src/store/store.c (backend.h).  Opening, writing, reading one article
 * and upkeep are in postgres_store.c, postgres_write.c, postgres_read.c
 * and postgres_upkeep.c; asking (search, counts, facets) in
 * postgres_search.c and postgres_facets.c. */
#include "postgres_internal.h"
#include "postgres_search.h"

const struct store_backend postgres_store_backend = {
    .name = "PostgreSQL",
    .schema_version = POSTGRES_SCHEMA_VERSION,
    .open = postgres_open,
    .close = postgres_close,
    .upgraded_from = postgres_upgraded_from,
    .location = postgres_location,

    .set_replace_given_dates = postgres_set_replace_given_dates,
    .set_batch_size = postgres_set_batch_size,
    .wants_index_tokens = postgres_wants_index_tokens,
    .source_find = postgres_source_find,
    .source_touch = postgres_source_touch,
    .source_begin = postgres_source_begin,
    .article_add = postgres_article_add,
    .article_seen_here = postgres_article_seen_here,
    .source_end = postgres_source_end,
    .index_token_counts = postgres_index_token_counts,
    .batch_open_number = postgres_batch_open_number,
    .batch_committed = postgres_batch_committed,
    .commit = postgres_commit,
    .tidy_index = postgres_tidy_index,

    .article_load = postgres_article_load,
    .article_provenance = postgres_article_provenance,
    .article_date = postgres_article_date,
    .roles = postgres_roles,

    .search = postgres_search,
    .count = postgres_count,
    .search_ids = postgres_search_ids,
    .people_facet = postgres_people_facet,
    .dateline_facet = postgres_dateline_facet,
    .timeline = postgres_timeline,
    .undated_count = postgres_undated_count,

    .stats = postgres_stats,
    .space = postgres_space,
    .optimize = postgres_optimize,
    .check = postgres_check,
};
