/* postgres_search.h — asking a PostgreSQL store: search, count, facets.
 *
 * The search operations of the PostgreSQL back end (backend.h), which
 * postgres_backend.c puts in its table: each has the meaning and the
 * arguments of its public function in search.h.  A request is run as one
 * statement (or a few, for the timeline) put together from constant
 * fragments: the text query's condition (postgres_query.h) and one per
 * filter, every value a parameter.  The filters match what the SQLite
 * store matches: names and places by the keys of fold.h, tags by their
 * code in any ASCII case, dates as yyyy-mm-dd text.
 *
 * Ranked results are ordered by ts_rank() with the weights of
 * POSTGRES_RANK_WEIGHTS and normalization 1 (divided by 1 + the log of
 * the article's length), best first, ties by id ascending; a hit's rank
 * is that score negated, so that lower is better as with SQLite's bm25.
 * Date orders put undated articles last, ties by id (descending for
 * newest, ascending for oldest), as the SQLite store does.
 */
#ifndef NEWSIDX_POSTGRES_SEARCH_H
#define NEWSIDX_POSTGRES_SEARCH_H

#include <libpq-fe.h>

#include "newsidx/search.h"
#include "postgres_internal.h"
#include "postgres_query.h"

/* store_search() on a PostgreSQL store. */
int postgres_search(struct store *store, const struct search_request *request, search_hit_callback callback,
                    void *context, struct error *error);

/* store_count() on a PostgreSQL store. */
int postgres_count(struct store *store, const struct search_request *request, long long *count,
                   struct error *error);

/* store_search_ids() on a PostgreSQL store. */
int postgres_search_ids(struct store *store, const struct search_request *request,
                        int (*callback)(long long id, void *context, struct error *error), void *context,
                        struct error *error);

/* store_people_facet() on a PostgreSQL store. */
int postgres_people_facet(struct store *store, const struct search_request *request, const char *role,
                          long long top, facet_row_callback callback, void *context, struct error *error);

/* store_dateline_facet() on a PostgreSQL store. */
int postgres_dateline_facet(struct store *store, const struct search_request *request, long long top,
                            facet_row_callback callback, void *context, struct error *error);

/* store_timeline() on a PostgreSQL store. */
int postgres_timeline(struct store *store, const struct search_request *request,
                      const struct timeline_request *timeline, timeline_row_callback callback, void *context,
                      struct error *error);

/* store_undated_count() on a PostgreSQL store. */
int postgres_undated_count(struct store *store, const struct search_request *request, long long *count,
                           struct error *error);

/* ---- shared by postgres_search.c and postgres_facets.c ---- */

/* Checks the request (search_request_check()) and that it can run here:
 * a raw FTS5 expression (--fts5) is a usage error.  Returns 0, or -1
 * with error set. */
int postgres_request_check(const struct search_request *request, struct error *error);

/* Appends to out the condition an article `a` (of articles) must meet to
 * match the request: its text query, filters and, with dates, its
 * --since and --until; "true" when nothing narrows it.  Values are added
 * to the statement's parameters; rank_queries (may be NULL: else
 * POSTGRES_QUERY_FIELDS buffers) receives the text query's rank queries
 * (postgres_condition_append()).  The request must have passed
 * postgres_request_check().  Returns 0, or -1 with error set (the key
 * folder could not be opened). */
int postgres_request_condition(const struct search_request *request, bool dates, struct postgres_statement *statement,
                               struct buffer *out, struct buffer *rank_queries, struct error *error);

/* Runs the statement on the store's connection (notices are dropped: a
 * query of stop words only draws one).  Returns the result, which the
 * caller PQclear()s, or NULL with error set ("cannot search the store
 * …: the server's message"). */
PGresult *postgres_run(struct postgres_store *store, const struct postgres_statement *statement,
                       struct error *error);

#endif
