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

/* A PostgreSQL store. */
struct postgres_store {
    struct store base;          /* first: the back end, for store.c */
    PGconn *connection;         /* the connection */
    char *location;             /* the URI as given (password never printed) */
    enum store_mode mode;       /* read-only or read-write */
    int upgraded_from;          /* the schema version this open upgraded, or 0 */
    /* the writer's and searcher's state is added by the files that need it */
};

/* The postgres_store a struct store of this back end is. */
static inline struct postgres_store *postgres_store_of(struct store *store)
{
    return (struct postgres_store *)store;
}

#endif
