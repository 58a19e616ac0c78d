/* postgres_internal.h — what the files of the PostgreSQL store share.
 *
 * The PostgreSQL back end (backend.h) keeps the archive in a PostgreSQL
 * database reached through libpq.  README.md ("The PostgreSQL store")
 * documents its schema.  Every user value reaches the server as a
 * parameter of PQexecParams() or PQexecPrepared(), never inside SQL text.
 */
#ifndef NEWSIDX_POSTGRES_INTERNAL_H
#define NEWSIDX_POSTGRES_INTERNAL_H

#include <libpq-fe.h>

#include "../backend.h"

/* The schema version this newsidx writes in a PostgreSQL store
 * (newsidx_schema.version). */
#define POSTGRES_SCHEMA_VERSION 1

/* The work_mem a session asks for (unless the server gives more): enough
 * for a facet's sort and a GIN bitmap over a few million articles. */
#define POSTGRES_WORK_MEM "64MB"

/* A PostgreSQL store. */
struct postgres_store {
    struct store base;          /* first: the back end, for store.c */
    PGconn *connection;         /* the connection */
    char *location;             /* the URI as given (password never printed) */
    enum store_mode mode;       /* read-only or read-write */
    int upgraded_from;          /* the schema version this open upgraded, or 0 */
    struct postgres_writer *writer; /* the ingest's state (postgres_write.c), made on first write */
    /* the writer's and searcher's state is added by the files that need it */
};

/* The postgres_store a struct store of this back end is. */
static inline struct postgres_store *postgres_store_of(struct store *store)
{
    return (struct postgres_store *)store;
}

/* Records a failure as "<what> in store '<location>': <why>", one line:
 * why is the server's primary message from result when it has one, else
 * the first line of the connection's message.  Returns -1. */
int postgres_error(struct postgres_store *store, struct error *error, const char *what,
                   const PGresult *result);

/* Runs sql (constant text: every value is one of the count parameters in
 * values, as text, NULL for SQL NULL) and returns its result when it
 * succeeded (free it with PQclear()), or NULL with error set saying what
 * failed. */
PGresult *postgres_query(struct postgres_store *store, const char *sql, int count,
                         const char *const *values, struct error *error, const char *what);

/* Runs sql that takes no values and returns no rows.  Returns 0, or -1
 * with error set. */
int postgres_execute(struct postgres_store *store, const char *sql, struct error *error,
                     const char *what);

/* Reads one integer (first row, first column) a query returns into
 * *value (0 for NULL or no row).  Returns 0, or -1 with error set. */
int postgres_query_integer(struct postgres_store *store, const char *sql, int count,
                           const char *const *values, long long *value, struct error *error,
                           const char *what);

/* A source's path as sources.path holds it: itself when it is UTF-8;
 * else (a file name is any bytes) "bytes:" and the path with '%' and every
 * byte that is not UTF-8 written %XX, which no absolute path or "-" can be
 * mistaken for.  Returns a new string (caller frees). */
char *postgres_path_encode(const char *path);

/* The path sources.path stands for: the inverse of postgres_path_encode().
 * Returns a new string (caller frees). */
char *postgres_path_decode(const char *stored);

/* Brings the schema of a connected store up to POSTGRES_SCHEMA_VERSION,
 * creating it in an empty database when the store is opened read-write
 * (postgres_store.c).  Returns 0, or -1 with error set. */
int postgres_schema_prepare(struct postgres_store *store, struct error *error);

/* The writer's part of closing: commits the open batch and frees the
 * writer (postgres_write.c).  Returns 0, or -1 with error set when the
 * commit failed. */
int postgres_writer_close(struct postgres_store *store, struct error *error);

/* The back end's operations, by file: postgres_store.c (opening). */
int postgres_open(struct store **store, const char *location, enum store_mode mode,
                  struct error *error);
int postgres_close(struct store *store, struct error *error);
int postgres_upgraded_from(const struct store *store);
const char *postgres_location(const struct store *store);

/* postgres_write.c (writing). */
void postgres_set_replace_given_dates(struct store *store, bool replace);
void postgres_set_batch_size(struct store *store, int articles_per_batch);
bool postgres_wants_index_tokens(const struct store *store);
int postgres_source_find(struct store *store, const char *path, struct store_source *source,
                         bool *found, struct error *error);
int postgres_source_touch(struct store *store, long long source_id, long long mtime_ns,
                          struct error *error);
int postgres_source_begin(struct store *store, const char *path, const char *name,
                          struct error *error);
int postgres_article_add(struct store *store, const struct article *article,
                         const struct store_article_text *text, bool *is_new,
                         long long *article_id, struct error *error);
bool postgres_article_seen_here(const struct store *store);
int postgres_source_end(struct store *store, const struct store_fingerprint *fingerprint,
                        struct error *error);
void postgres_index_token_counts(const struct store *store, long long *ahead, long long *here);
long long postgres_batch_open_number(const struct store *store);
bool postgres_batch_committed(const struct store *store, long long number);
int postgres_commit(struct store *store, struct error *error);
int postgres_tidy_index(struct store *store, long long articles_added, struct error *error);

/* postgres_read.c (reading one article). */
int postgres_article_load(struct store *store, long long id, struct article *article,
                          bool *found, struct error *error);
int postgres_article_provenance(struct store *store, long long id,
                                struct store_provenance **provenance, size_t *count,
                                struct error *error);
int postgres_article_date(struct store *store, long long id, char date[11],
                          struct error *error);
int postgres_roles(struct store *store, struct string_list *roles, struct error *error);

/* postgres_upkeep.c (looking after the store). */
int postgres_stats(struct store *store, struct store_stats *stats, struct error *error);
int postgres_space(struct store *store, long long bytes[STORE_PART_COUNT], struct error *error);
int postgres_optimize(struct store *store, bool vacuum, struct store_optimized *done,
                      struct error *error);
int postgres_check(struct store *store, struct store_check *check, struct error *error);

#endif
