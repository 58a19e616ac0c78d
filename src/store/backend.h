/* backend.h — what a store back end provides, for src/store/store.c.
 *
 * include/newsidx/store.h and include/newsidx/search.h are the interface
 * every command uses; they know no back end.  Each back end (the SQLite
 * file in src/store/sqlite/, a PostgreSQL database in src/store/postgres/)
 * fills one struct store_backend with its operations, and makes its own
 * store object start with a struct store, so that store.c can hand the
 * object to the operations of the back end that opened it.
 *
 * Every operation has the meaning its public function documents in
 * store.h or search.h, and the same arguments.  An operation a back end
 * cannot carry out fails with a one-line error that says so and names the
 * back end; it is never left NULL.
 */
#ifndef NEWSIDX_STORE_BACKEND_H
#define NEWSIDX_STORE_BACKEND_H

#include "newsidx/search.h"
#include "newsidx/store.h"

/* The start of every back end's store object. */
struct store {
    const struct store_backend *backend; /* the back end that opened it */
    bool created;                        /* store_open() made it (set by store.c) */
};

/* A back end's operations: the public functions of store.h and search.h
 * with a struct store * of that back end. */
struct store_backend {
    const char *name; /* "SQLite", "PostgreSQL": for messages and `stats` */
    int schema_version; /* the schema version this newsidx writes in such a store */

    /* Opening and closing (store_open(), store_close()).  location is a
     * file path for SQLite, a postgresql:// URI for PostgreSQL. */
    int (*open)(struct store **store, const char *location, enum store_mode mode,
                struct error *error);
    int (*close)(struct store *store, struct error *error);
    int (*upgraded_from)(const struct store *store);
    const char *(*location)(const struct store *store); /* store_path() */

    /* Writing. */
    void (*set_replace_given_dates)(struct store *store, bool replace);
    void (*set_batch_size)(struct store *store, int articles_per_batch);
    bool (*wants_index_tokens)(const struct store *store); /* store_wants_index_tokens() */
    int (*source_find)(struct store *store, const char *path, struct store_source *source,
                       bool *found, struct error *error);
    int (*source_touch)(struct store *store, long long source_id, long long mtime_ns,
                        struct error *error);
    int (*source_begin)(struct store *store, const char *path, const char *name,
                        struct error *error);
    int (*article_add)(struct store *store, const struct article *article,
                       const struct store_article_text *text, bool *is_new,
                       long long *article_id, struct error *error);
    bool (*article_seen_here)(const struct store *store);
    int (*source_end)(struct store *store, const struct store_fingerprint *fingerprint,
                      struct error *error);
    void (*index_token_counts)(const struct store *store, long long *ahead, long long *here);
    long long (*batch_open_number)(const struct store *store);
    bool (*batch_committed)(const struct store *store, long long number);
    int (*commit)(struct store *store, struct error *error);
    int (*tidy_index)(struct store *store, long long articles_added, struct error *error);

    /* Reading one article. */
    int (*article_load)(struct store *store, long long id, struct article *article, bool *found,
                        struct error *error);
    int (*article_provenance)(struct store *store, long long id,
                              struct store_provenance **provenance, size_t *count,
                              struct error *error);
    int (*article_date)(struct store *store, long long id, char date[11], struct error *error);
    int (*roles)(struct store *store, struct string_list *roles, struct error *error);

    /* Asking (search.h). */
    int (*search)(struct store *store, const struct search_request *request,
                  search_hit_callback callback, void *context, struct error *error);
    int (*count)(struct store *store, const struct search_request *request, long long *count,
                 struct error *error);
    int (*search_ids)(struct store *store, const struct search_request *request,
                      int (*callback)(long long id, void *context, struct error *error),
                      void *context, struct error *error);
    int (*people_facet)(struct store *store, const struct search_request *request,
                        const char *role, long long top, facet_row_callback callback,
                        void *context, struct error *error);
    int (*dateline_facet)(struct store *store, const struct search_request *request,
                          long long top, facet_row_callback callback, void *context,
                          struct error *error);
    int (*timeline)(struct store *store, const struct search_request *request,
                    const struct timeline_request *timeline, timeline_row_callback callback,
                    void *context, struct error *error);
    int (*undated_count)(struct store *store, const struct search_request *request,
                         long long *count, struct error *error);

    /* Looking after the store. */
    int (*stats)(struct store *store, struct store_stats *stats, struct error *error);
    int (*space)(struct store *store, long long bytes[STORE_PART_COUNT], struct error *error);
    int (*optimize)(struct store *store, bool vacuum, struct store_optimized *done,
                    struct error *error);
    int (*check)(struct store *store, struct store_check *check, struct error *error);
};

/* The separator of paragraphs in articles.body: a blank line. */
#define STORE_PARAGRAPH_SEPARATOR "\n\n"

/* The most characters of the lead that stands in for a snippet when a
 * search has no text query. */
#define STORE_LEAD_CHARACTERS 160

/* Splits articles.body back into count paragraphs, appended to paragraphs. */
void store_split_paragraphs(const char *body, long long count, struct string_list *paragraphs);

/* Writes into out the lead of a body's beginning: its first paragraph, cut
 * at a word before STORE_LEAD_CHARACTERS characters with an ellipsis. */
void store_article_lead(const char *body, struct buffer *out);

/* Timeline periods, cut alike by every back end (store.c).  Days are
 * calendar.h day numbers. */

/* The first day of the period holding day. */
long store_period_start(long day, enum timeline_period period);

/* The first day of the period after the one that starts on start. */
long store_period_next(long start, enum timeline_period period);

/* The name of the period that starts on start: "2017", "2017-03",
 * "2017-W09" or "2017-03-04". */
void store_period_label(long start, enum timeline_period period, char label[16]);

/* The SQLite back end (src/store/sqlite/). */
extern const struct store_backend sqlite_store_backend;

/* Sets up the SQLite library for the process (store_process_init()). */
void sqlite_store_process_init(void);

/* The PostgreSQL back end (src/store/postgres/). */
extern const struct store_backend postgres_store_backend;

#endif
