/* sqlite_owner.c — telling newsidx's stores from other SQLite files.
 *
 * A store carries newsidx's mark in its header, PRAGMA application_id
 * (apart from PRAGMA user_version, which numbers the schema).  Before an
 * ingest changes anything in a file (WAL mode, page size, tables), the
 * file must be empty or a newsidx store: an SQLite file of another
 * application is refused as it is.  Stores made before the mark existed
 * (application id 0, newsidx's tables, a schema version) are newsidx's
 * too, and get the mark on their next ingest.
 */
#include "sqlite_internal.h"

#include <stdio.h>
#include <string.h>

/* newsidx's PRAGMA application_id: "NWSX" in ASCII. */
#define STORE_APPLICATION_ID 0x4E575358

/* Runs a query that returns one integer (a constant of this file) into
 * *value.  Returns 0, or -1 with error set. */
static int read_integer(struct sqlite_store *store, const char *sql, long long *value, struct error *error)
{
    sqlite3_stmt *statement = NULL;
    int status = sqlite3_prepare_v2(store->database, sql, -1, &statement, NULL);
    if (status == SQLITE_OK)
        status = sqlite3_step(statement);
    if (status == SQLITE_ROW)
        *value = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    if (status != SQLITE_ROW)
        return error_set(error, "cannot open store %s: %s", text_quote_name(store->path).text,
                         sqlite3_errmsg(store->database));
    return 0;
}

/* The name of a table in the file that is not one of newsidx's, or "" —
 * to say what the file holds instead.  Written into name (size bytes). */
static void foreign_table(struct sqlite_store *store, char *name, size_t size)
{
    name[0] = '\0';
    sqlite3_stmt *statement = NULL;
    if (sqlite3_prepare_v2(store->database,
                           "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN"
                           " ('sources', 'articles', 'provenance', 'people', 'credits', 'places',"
                           " 'dateline_places', 'captions', 'subheads', 'notes', 'links', 'tags')"
                           " AND name NOT LIKE 'article_search%' AND name NOT LIKE 'sqlite_%'"
                           " ORDER BY rowid LIMIT 1",
                           -1, &statement, NULL) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_text(statement, 0) != NULL)
        snprintf(name, size, "%s", (const char *)sqlite3_column_text(statement, 0));
    sqlite3_finalize(statement);
}

int store_check_owner(struct sqlite_store *store, struct error *error)
{
    long long application_id = 0, objects = 0, version = 0, ours = 0;
    if (read_integer(store, "PRAGMA application_id", &application_id, error) < 0)
        return -1;
    if (application_id == STORE_APPLICATION_ID)
        return 0;
    struct quoted_name path = text_quote_name(store->path);
    if (application_id != 0)
        return error_set(error,
                         "%s is not a newsidx store (it belongs to another application, whose id "
                         "is 0x%08llx); give another --db",
                         path.text, application_id & 0xFFFFFFFFLL);
    if (read_integer(store, "SELECT count(*) FROM sqlite_master", &objects, error) < 0 ||
        read_integer(store, "PRAGMA user_version", &version, error) < 0 ||
        read_integer(store,
                     "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN"
                     " ('sources', 'articles', 'provenance', 'article_search')",
                     &ours, error) < 0)
        return -1;
    if (objects == 0 && version == 0)
        return 0; /* empty: a new store */
    if (ours == 4 && version > 0)
        return 0; /* a store made before the mark */
    char table[128];
    foreign_table(store, table, sizeof table);
    if (table[0] != '\0')
        return error_set(error, "%s is not a newsidx store (it holds other tables, such as %s); "
                         "give another --db", path.text, text_quote_name(table).text);
    return error_set(error, "%s is not a newsidx store (it is an SQLite file of another kind); "
                     "give another --db", path.text);
}

int store_mark_owner(struct sqlite_store *store, struct error *error)
{
    long long application_id = 0;
    if (read_integer(store, "PRAGMA application_id", &application_id, error) < 0)
        return -1;
    if (application_id == STORE_APPLICATION_ID)
        return 0;
    char *message = NULL;
    /* The value is a constant: this is no SQL built from data. */
    static const char mark[] = "PRAGMA application_id = 1314345816"; /* 0x4E575358 */
    _Static_assert(STORE_APPLICATION_ID == 1314345816, "the mark's two spellings agree");
    if (sqlite3_exec(store->database, mark, NULL, NULL, &message) != SQLITE_OK) {
        error_set(error, "cannot mark store %s as newsidx's: %s", text_quote_name(store->path).text,
                  message ? message : sqlite3_errmsg(store->database));
        sqlite3_free(message);
        return -1;
    }
    return 0;
}
