/* sqlite_store.c — opening the SQLite store: its file, its schema and
 * migrations, the statement table, and the counts of `newsidx stats`. */
#include "sqlite_internal.h"

#include "newsidx/article_date.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Pages of cache per connection, as PRAGMA cache_size takes it (negative:
 * KiB).  Big enough for the FTS5 segment merges of a large ingest, small
 * enough that memory does not grow with the dump. */
/* How much of the file a reader maps into memory (address space, not RAM). */
#define STORE_READER_MMAP_BYTES 4294967296
#define STORE_CACHE_KIB 32768

/* Turns a macro's value into a string literal. */
#define NEWSIDX_STRINGIFY_VALUE(x) #x
#define NEWSIDX_STRINGIFY(x) NEWSIDX_STRINGIFY_VALUE(x)

/* How long a connection waits for another's lock before giving up. */
#define STORE_BUSY_TIMEOUT_MS 10000

/* The default number of articles per write transaction. */
#define STORE_DEFAULT_BATCH_SIZE 20000

/* The SQL of every statement, by enum store_statement. */
static const char *const statement_sql[STATEMENT_COUNT_OF_STATEMENTS] = {
    [STATEMENT_BEGIN] = "BEGIN IMMEDIATE",
    [STATEMENT_COMMIT] = "COMMIT",
    [STATEMENT_ROLLBACK] = "ROLLBACK",
    [STATEMENT_SOURCE_FIND] =
        "SELECT id, ingested_at IS NOT NULL, size, mtime_ns, content_hash, date_given FROM sources"
        " WHERE path = ?1",
    [STATEMENT_SOURCE_UPSERT] =
        "INSERT INTO sources (path, name) VALUES (?1, ?2)"
        " ON CONFLICT (path) DO UPDATE SET name = excluded.name",
    [STATEMENT_SOURCE_COMPLETE] =
        "UPDATE sources SET size = ?2, mtime_ns = ?3, content_hash = ?4, date_given = ?5,"
        " ingested_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
    [STATEMENT_SOURCE_TOUCH] = "UPDATE sources SET mtime_ns = ?2 WHERE id = ?1",
    [STATEMENT_ARTICLE_FIND] = "SELECT id FROM articles WHERE text_hash = ?1",
    [STATEMENT_ARTICLE_INSERT] =
        "INSERT INTO articles (text_hash, title, title_repeats, body, paragraph_count,"
        " byline_text, has_dateline, dateline_raw, dateline_agency, dateline_date,"
        " credits_raw, published, date, date_source)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    [STATEMENT_SEARCH_INSERT] =
        "INSERT INTO article_search (rowid, title, body, caption, byline, dateline, credits)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [STATEMENT_PROVENANCE_INSERT] =
        "INSERT OR IGNORE INTO provenance (article_id, source_id, first_line, last_line)"
        " VALUES (?1, ?2, ?3, ?4)",
    [STATEMENT_PERSON_FIND] = "SELECT id FROM people WHERE key = ?1",
    [STATEMENT_PERSON_INSERT] = "INSERT INTO people (name, key) VALUES (?1, ?2)",
    [STATEMENT_CREDIT_INSERT] =
        "INSERT INTO credits (article_id, position, origin, caption_index, role, person_id, name,"
        " location) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [STATEMENT_PLACE_FIND] = "SELECT id FROM places WHERE city_key = ?1 AND region_key = ?2",
    [STATEMENT_PLACE_INSERT] =
        "INSERT INTO places (city, region, city_key, region_key) VALUES (?1, ?2, ?3, ?4)",
    [STATEMENT_DATELINE_PLACE_INSERT] =
        "INSERT INTO dateline_places (article_id, position, place_id, city, region)"
        " VALUES (?1, ?2, ?3, ?4, ?5)",
    [STATEMENT_CAPTION_INSERT] =
        "INSERT INTO captions (article_id, position, text, file_photo, credit, date)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [STATEMENT_SUBHEAD_INSERT] =
        "INSERT INTO subheads (article_id, position, text, before_paragraph) VALUES (?1, ?2, ?3, ?4)",
    [STATEMENT_NOTE_INSERT] = "INSERT INTO notes (article_id, position, text) VALUES (?1, ?2, ?3)",
    [STATEMENT_LINK_INSERT] = "INSERT INTO links (article_id, position, url) VALUES (?1, ?2, ?3)",
    [STATEMENT_TAG_INSERT] =
        "INSERT INTO tags (article_id, position, scheme, code) VALUES (?1, ?2, ?3, ?4)",
    [STATEMENT_ARTICLE_SELECT] =
        "SELECT title, title_repeats, newsidx_text(body), paragraph_count, has_dateline, dateline_raw,"
        " dateline_agency, dateline_date, credits_raw, published, date, date_source FROM articles"
        " WHERE id = ?1",
    [STATEMENT_FIRST_SOURCE_SELECT] =
        "SELECT s.name, p.first_line, p.last_line FROM provenance AS p"
        " JOIN sources AS s ON s.id = p.source_id WHERE p.article_id = ?1 ORDER BY p.id LIMIT 1",
    [STATEMENT_PROVENANCE_SELECT] =
        "SELECT s.name, s.path, p.first_line, p.last_line FROM provenance AS p"
        " JOIN sources AS s ON s.id = p.source_id WHERE p.article_id = ?1 ORDER BY p.id",
    [STATEMENT_CAPTIONS_SELECT] =
        "SELECT text, file_photo, credit, date FROM captions WHERE article_id = ?1 ORDER BY position",
    [STATEMENT_CREDITS_SELECT] =
        "SELECT origin, caption_index, role, name, location FROM credits WHERE article_id = ?1"
        " ORDER BY position",
    [STATEMENT_DATELINE_PLACES_SELECT] =
        "SELECT city, region FROM dateline_places WHERE article_id = ?1 ORDER BY position",
    [STATEMENT_SUBHEADS_SELECT] =
        "SELECT text, before_paragraph FROM subheads WHERE article_id = ?1 ORDER BY position",
    [STATEMENT_NOTES_SELECT] = "SELECT text FROM notes WHERE article_id = ?1 ORDER BY position",
    [STATEMENT_LINKS_SELECT] = "SELECT url FROM links WHERE article_id = ?1 ORDER BY position",
    [STATEMENT_TAGS_SELECT] =
        "SELECT scheme, code FROM tags WHERE article_id = ?1 ORDER BY position",
    [STATEMENT_COUNT_ARTICLES] = "SELECT count(*) FROM articles",
    [STATEMENT_COUNT_SOURCES] =
        "SELECT count(ingested_at), count(*) - count(ingested_at) FROM sources",
    [STATEMENT_COUNT_PROVENANCE] = "SELECT count(*) FROM provenance",
    [STATEMENT_COUNT_PEOPLE] = "SELECT count(*) FROM people",
    [STATEMENT_COUNT_PLACES] = "SELECT count(*) FROM places",
    [STATEMENT_COUNT_CREDITS] = "SELECT count(*) FROM credits",
    [STATEMENT_USER_VERSION] = "PRAGMA user_version",
    [STATEMENT_COUNT_DATES] = "SELECT min(date), max(date), count(date), count(*) - count(date) FROM articles",
    [STATEMENT_COUNT_DATE_SOURCES] =
        "SELECT date_source, count(*) FROM articles WHERE date_source IS NOT NULL GROUP BY date_source"
        " ORDER BY date_source",
    [STATEMENT_ARTICLE_DATE_GIVE] =
        "UPDATE articles SET date = ?2, date_source = ?3 WHERE id = ?1 AND (date IS NULL OR"
        " (?4 AND date_source IN ('ingest-year', 'ingest-date')))",
    [STATEMENT_PERSON_ROLES_ADD] =
        "INSERT OR IGNORE INTO person_roles (person_id, role)"
        " SELECT DISTINCT person_id, role FROM credits WHERE article_id BETWEEN ?1 AND ?2",
    [STATEMENT_FACET_ARTICLES] = "SELECT id, date FROM articles WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
    [STATEMENT_FACET_PLACES] =
        "SELECT article_id, place_id FROM dateline_places WHERE article_id BETWEEN ?1 AND ?2"
        " ORDER BY article_id, position",
    [STATEMENT_FACET_CREDITS] =
        "SELECT c.article_id, pr.id FROM credits c"
        " JOIN person_roles pr ON pr.person_id = c.person_id AND pr.role = c.role"
        " WHERE c.article_id BETWEEN ?1 AND ?2 ORDER BY c.article_id, c.position",
    [STATEMENT_FACET_BLOCK_WRITE] = "INSERT OR REPLACE INTO facet_blocks (block, data) VALUES (?1, ?2)",
    [STATEMENT_FACET_BLOCK_DELETE] = "DELETE FROM facet_blocks WHERE block = ?1",
    [STATEMENT_ROLES_SELECT] = "SELECT DISTINCT role FROM credits ORDER BY role",
    [STATEMENT_TEXT_DICTIONARY_INSERT] =
        "INSERT INTO text_dictionaries (id, dictionary) VALUES (?1, ?2)",
    [STATEMENT_TEXT_DICTIONARY_LATEST] =
        "SELECT dictionary FROM text_dictionaries ORDER BY created_at DESC, rowid DESC LIMIT 1",
    [STATEMENT_LENGTHS_LAST] = "SELECT block, tokens FROM article_lengths ORDER BY block DESC LIMIT 1",
    [STATEMENT_DOCSIZE_FROM] = "SELECT id, sz FROM article_search_docsize WHERE id >= ?1 ORDER BY id",
    [STATEMENT_LENGTHS_WRITE] = "INSERT OR REPLACE INTO article_lengths (block, tokens) VALUES (?1, ?2)",
    [STATEMENT_ARTICLE_DATE_SELECT] = "SELECT date FROM articles WHERE id = ?1",
};

int store_error(struct sqlite_store *store, struct error *error, const char *what)
{
    return error_set(error, "%s in store %s: %s", what, text_quote_name(store->path).text,
                     sqlite3_errmsg(store->database));
}

sqlite3_stmt *store_statement(struct sqlite_store *store, enum store_statement which,
                              struct error *error)
{
    sqlite3_stmt **statement = &store->statements[which];
    if (*statement != NULL) {
        sqlite3_reset(*statement);
        return *statement;
    }
    if (sqlite3_prepare_v3(store->database, statement_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                           statement, NULL) != SQLITE_OK) {
        store_error(store, error, "cannot prepare a query");
        *statement = NULL;
    }
    return *statement;
}

int store_step_done(struct sqlite_store *store, sqlite3_stmt *statement, struct error *error,
                    const char *what)
{
    int status = sqlite3_step(statement);
    if (status != SQLITE_DONE && status != SQLITE_ROW) {
        store_error(store, error, what);
        sqlite3_reset(statement);
        return -1;
    }
    sqlite3_reset(statement);
    return 0;
}

int store_bind_text(sqlite3_stmt *statement, int index, const char *text)
{
    if (text == NULL)
        return sqlite3_bind_null(statement, index);
    return sqlite3_bind_text(statement, index, text, -1, SQLITE_STATIC);
}

/* Creates the folder that will hold path, and its parents, when missing. */
static int make_parent_folders(const char *path, struct error *error)
{
    char *folder = checked_strdup(path);
    char *slash = strrchr(folder, '/');
    int status = 0;
    if (slash != NULL && slash != folder) {
        *slash = '\0';
        for (char *at = folder + 1; status == 0; at++) {
            bool end = *at == '\0';
            if (*at != '/' && !end)
                continue;
            *at = '\0';
            if (mkdir(folder, 0777) < 0 && errno != EEXIST)
                status = error_set(error, "cannot create folder %s: %s",
                                   text_quote_name(folder).text, strerror(errno));
            if (end)
                break;
            *at = '/';
        }
    }
    free(folder);
    return status;
}

fts5_api *store_fts5_api(sqlite3 *database)
{
    fts5_api *api = NULL;
    sqlite3_stmt *statement = NULL;
    if (sqlite3_prepare_v2(database, "SELECT fts5(?1)", -1, &statement, NULL) == SQLITE_OK) {
        sqlite3_bind_pointer(statement, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(statement);
    }
    sqlite3_finalize(statement);
    return api != NULL && api->iVersion >= 2 ? api : NULL;
}

int store_execute(struct sqlite_store *store, const char *sql, struct error *error,
                         const char *what)
{
    char *message = NULL;
    if (sqlite3_exec(store->database, sql, NULL, NULL, &message) != SQLITE_OK) {
        error_set(error, "%s in store %s: %s", what, text_quote_name(store->path).text,
                  message ? message : sqlite3_errmsg(store->database));
        sqlite3_free(message);
        return -1;
    }
    return 0;
}

int store_read_version(struct sqlite_store *store, int *version, struct error *error)
{
    sqlite3_stmt *statement = store_statement(store, STATEMENT_USER_VERSION, error);
    if (statement == NULL)
        return -1;
    if (sqlite3_step(statement) != SQLITE_ROW) {
        store_error(store, error, "cannot read the schema version");
        sqlite3_reset(statement);
        return -1;
    }
    *version = sqlite3_column_int(statement, 0);
    sqlite3_reset(statement);
    return 0;
}

/* Sets the connection up for a long ingest: 8 KiB pages (a new store
 * only: an article row of a few KiB then shares its page instead of
 * filling most of a 4 KiB one; measured 15% faster and 8% smaller), WAL so
 * that readers keep reading, a commit that syncs only at checkpoints, a
 * bounded cache. */
static int store_configure_writer(struct sqlite_store *store, struct error *error)
{
    static const char pragmas[] =
        "PRAGMA page_size = 8192;"
        "PRAGMA journal_mode = WAL;"
        "PRAGMA synchronous = NORMAL;"
        "PRAGMA temp_store = MEMORY;"
        "PRAGMA cache_size = -" NEWSIDX_STRINGIFY(STORE_CACHE_KIB) ";";
    return store_execute(store, pragmas, error, "cannot configure the connection");
}

/* The folder a path is in ("." for a bare name). */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        return checked_strdup(".");
    return checked_strndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* Refuses, before anything is created or changed, a store that cannot be
 * written: a read-only file, or a folder SQLite cannot make its journal
 * in.  Returns 0, or -1 with error set. */
static int check_writable(const char *path, struct error *error)
{
    if (access(path, F_OK) == 0 && access(path, W_OK) < 0)
        return error_set(error, "cannot write to store %s: %s", text_quote_name(path).text, strerror(errno));
    char *folder = folder_of(path);
    int status = 0;
    if (access(folder, F_OK) == 0 && access(folder, W_OK) < 0)
        status = error_set(error, "cannot write to store %s: its folder %s cannot be written (%s)", text_quote_name(path).text,
                           text_quote_name(folder).text, strerror(errno));
    free(folder);
    return status;
}

/* True when the connection can read the store: it reads the schema
 * version.  In WAL mode that needs the -shm file, which a reader must
 * create when it is missing. */
static bool connection_reads(sqlite3 *database, int *code)
{
    sqlite3_stmt *statement = NULL;
    int status = sqlite3_prepare_v2(database, "PRAGMA user_version", -1, &statement, NULL);
    if (status == SQLITE_OK)
        status = sqlite3_step(statement) == SQLITE_ROW ? SQLITE_OK : sqlite3_errcode(database);
    sqlite3_finalize(statement);
    *code = status;
    return status == SQLITE_OK;
}

/* The size of a file on disk in bytes, 0 when it does not exist. */
static long long file_size(const char *path)
{
    struct stat status;
    return stat(path, &status) == 0 ? (long long)status.st_size : 0;
}

/* Appends path to a "file:" URI, escaping what a URI may not hold. */
static void append_uri_path(struct buffer *uri, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *at = (const unsigned char *)path; *at; at++) {
        if ((*at >= 'a' && *at <= 'z') || (*at >= 'A' && *at <= 'Z') || (*at >= '0' && *at <= '9') ||
            strchr("/-._~", *at) != NULL) {
            buffer_append_byte(uri, (char)*at);
        } else {
            buffer_append_byte(uri, '%');
            buffer_append_byte(uri, hex[*at >> 4]);
            buffer_append_byte(uri, hex[*at & 15]);
        }
    }
}

/* Opens the store's connection for reading.  A store in WAL mode whose
 * folder cannot be written (an archive on a read-only share) cannot make
 * the -shm file a reader needs; it is then opened immutable, which needs
 * none, provided no write-ahead log holds changes (immutable would not
 * read them).  Returns 0, or -1 with error set. */
static int open_reader(struct sqlite_store *store, struct error *error)
{
    if (sqlite3_open_v2(store->path, &store->database, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK)
        return error_set(error, "cannot open store %s: %s", text_quote_name(store->path).text,
                         store->database ? sqlite3_errmsg(store->database) : "out of memory");
    /* Wait for a writer's lock here already: reading the schema version
     * while an ingest commits or checkpoints can meet one (database is
     * locked). */
    sqlite3_busy_timeout(store->database, STORE_BUSY_TIMEOUT_MS);
    int code;
    if (connection_reads(store->database, &code))
        return 0;
    error_set(error, "cannot read store %s: %s", text_quote_name(store->path).text, sqlite3_errmsg(store->database));
    if ((code & 0xFF) != SQLITE_CANTOPEN && (code & 0xFF) != SQLITE_READONLY)
        return -1;
    struct buffer wal = {0};
    buffer_append_string(&wal, store->path);
    buffer_append_string(&wal, "-wal");
    bool pending = file_size(wal.data) > 0;
    buffer_free(&wal);
    if (pending)
        return error_set(error, "cannot read store %s: its folder cannot be written, and its write-ahead log "
                         "'%s-wal' holds changes SQLite can only read with a '-shm' file beside it (open the store "
                         "once where its folder can be written)", text_quote_name(store->path).text, store->path);
    struct buffer uri = {0};
    buffer_append_string(&uri, "file:");
    append_uri_path(&uri, store->path);
    buffer_append_string(&uri, "?immutable=1");
    sqlite3_close(store->database);
    store->database = NULL;
    int status = sqlite3_open_v2(uri.data, &store->database,
                                 SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
    buffer_free(&uri);
    if (status == SQLITE_OK)
        sqlite3_busy_timeout(store->database, STORE_BUSY_TIMEOUT_MS);
    if (status != SQLITE_OK || !connection_reads(store->database, &code))
        return -1; /* the first error says more */
    error_clear(error);
    return 0;
}

/* Upgrades an older store for a reader, on a connection of its own.
 * Returns 0, or -1 with error set. */
static int upgrade_for_reader(const char *path, int version, struct error *error)
{
    struct store *writer = NULL;
    struct error why = {0};
    if (sqlite_store_open(&writer, path, STORE_READ_WRITE, &why) < 0 || sqlite_store_close(writer, &why) < 0)
        return error_set(error, "store %s has schema version %d and this newsidx reads %d, but cannot upgrade "
                         "it: %s", text_quote_name(path).text, version, STORE_SCHEMA_VERSION, why.message);
    return 0;
}

int sqlite_store_open(struct store **out, const char *path, enum store_mode mode, struct error *error)
{
    *out = NULL;
    if (mode == STORE_READ_ONLY && access(path, F_OK) < 0) {
        if (errno == ENOENT)
            return error_set(error, "no store at %s (run 'newsidx ingest FILE...' first, or give --db)",
                             text_quote_name(path).text);
        return error_set(error, "cannot open store %s: %s", text_quote_name(path).text, strerror(errno));
    }
    if (mode == STORE_READ_WRITE && (check_writable(path, error) < 0 || make_parent_folders(path, error) < 0))
        return -1;
    struct sqlite_store *store = checked_malloc(sizeof *store);
    memset(store, 0, sizeof *store);
    store->base.backend = &sqlite_store_backend;
    store->path = checked_strdup(path);
    store->mode = mode;
    store->batch_size = STORE_DEFAULT_BATCH_SIZE;
    if (mode == STORE_READ_WRITE) {
        if (sqlite3_open_v2(path, &store->database, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                            NULL) != SQLITE_OK) {
            error_set(error, "cannot open store %s: %s", text_quote_name(path).text,
                      store->database ? sqlite3_errmsg(store->database) : "out of memory");
            goto failed;
        }
    } else if (open_reader(store, error) < 0) {
        goto failed;
    }
    sqlite3_extended_result_codes(store->database, 1);
    sqlite3_busy_timeout(store->database, STORE_BUSY_TIMEOUT_MS);
    /* Another application's SQLite file is refused before anything in it
     * changes. */
    if (store_check_owner(store, error) < 0)
        goto failed;
    if (store_text_register(store, error) < 0)
        goto failed;
    if (mode == STORE_READ_WRITE) {
        int from_version = 0;
        if (store_configure_writer(store, error) < 0 || store_index_replay_register(store, error) < 0 ||
            store_migrate(store, &from_version, error) < 0 || store_mark_owner(store, error) < 0 ||
            store_text_load_dictionary(store, error) < 0)
            goto failed;
        if (from_version > 0 && from_version < STORE_SCHEMA_VERSION)
            store->upgraded_from = from_version;
    } else {
        /* Readers map the file: searches touch many pages once, and
         * mapped pages are read without a copy per page. */
        sqlite3_exec(store->database, "PRAGMA mmap_size = " NEWSIDX_STRINGIFY(STORE_READER_MMAP_BYTES), NULL, NULL,
                     NULL);
        int version = 0;
        if (store_read_version(store, &version, error) < 0)
            goto failed;
        if (version == 0) {
            error_set(error, "%s is not a newsidx store (it has no schema)", text_quote_name(path).text);
            goto failed;
        }
        if (version > STORE_SCHEMA_VERSION) {
            error_set(error, "store %s has schema version %d, newer than this newsidx knows (%d)",
                      text_quote_name(path).text, version, STORE_SCHEMA_VERSION);
            goto failed;
        }
        /* An older store is upgraded once, so that a newer newsidx answers
         * from it: its keys, say, are folded anew. */
        int upgraded = version;
        if (version < STORE_SCHEMA_VERSION &&
            (upgrade_for_reader(path, version, error) < 0 || store_read_version(store, &version, error) < 0))
            goto failed;
        if (version != STORE_SCHEMA_VERSION) {
            error_set(error, "store %s has schema version %d and this newsidx reads %d", text_quote_name(path).text, version,
                      STORE_SCHEMA_VERSION);
            goto failed;
        }
        if (upgraded != version)
            store->upgraded_from = upgraded;
    }
    *out = &store->base;
    return 0;
failed:
    sqlite_store_close(&store->base, NULL);
    return -1;
}

int sqlite_store_upgraded_from(const struct store *base)
{
    const struct sqlite_store *store = sqlite_store_of_const(base);
    return store->upgraded_from;
}

struct key_folder *store_key_folder(struct sqlite_store *store, struct error *error)
{
    if (store->folder == NULL && key_folder_open(&store->folder, error) < 0)
        return NULL;
    return store->folder;
}

void sqlite_store_set_replace_given_dates(struct store *base, bool replace)
{
    struct sqlite_store *store = sqlite_store_of(base);
    store->replace_given_dates = replace;
}

void sqlite_store_set_batch_size(struct store *base, int articles_per_batch)
{
    struct sqlite_store *store = sqlite_store_of(base);
    store->batch_size = articles_per_batch < 1 ? 1 : articles_per_batch;
}

const char *sqlite_store_path(const struct store *base)
{
    const struct sqlite_store *store = sqlite_store_of_const(base);
    return store->path;
}

int sqlite_store_close(struct store *base, struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    if (store == NULL)
        return 0;
    int status = store_commit_batch(store, error);
    for (int i = 0; i < STATEMENT_COUNT_OF_STATEMENTS; i++)
        sqlite3_finalize(store->statements[i]);
    store_rank_free(store);
    sqlite3_close(store->database);
    free(store->path);
    free(store->source_path);
    free(store->source_name);
    store_article_text_free(&store->text);
    store_id_cache_clear(&store->people);
    store_id_cache_clear(&store->places);
    free(store->abandoned_batches);
    key_folder_close(store->folder);
    buffer_free(&store->key);
    buffer_free(&store->region_key);
    buffer_free(&store->place_cache_key);
    free(store->dirty_blocks);
    store_text_packer_close(store->packer);
    store_text_packer_close(store->migration_packer);
    store_text_dictionaries_free(store);
    buffer_free(&store->packed_here);
    free(store);
    return status;
}

/* Runs a statement that returns one row of counts into values[0..count). */
static int count_row(struct sqlite_store *store, enum store_statement which, long long *values,
                       int count, struct error *error)
{
    sqlite3_stmt *statement = store_statement(store, which, error);
    if (statement == NULL)
        return -1;
    if (sqlite3_step(statement) != SQLITE_ROW) {
        store_error(store, error, "cannot count");
        sqlite3_reset(statement);
        return -1;
    }
    for (int i = 0; i < count; i++)
        values[i] = sqlite3_column_int64(statement, i);
    sqlite3_reset(statement);
    return 0;
}

/* Fills the date figures of stats: span, dated and undated, by source. */
static int store_date_stats(struct sqlite_store *store, struct store_stats *stats, struct error *error)
{
    sqlite3_stmt *dates = store_statement(store, STATEMENT_COUNT_DATES, error);
    if (dates == NULL)
        return -1;
    if (sqlite3_step(dates) != SQLITE_ROW) {
        sqlite3_reset(dates);
        return store_error(store, error, "cannot count");
    }
    for (int column = 0; column < 2; column++) {
        const unsigned char *text = sqlite3_column_text(dates, column);
        snprintf(column ? stats->last_date : stats->first_date, 11, "%s", text ? (const char *)text : "");
    }
    stats->dated = sqlite3_column_int64(dates, 2);
    stats->undated = sqlite3_column_int64(dates, 3);
    sqlite3_reset(dates);
    sqlite3_stmt *sources = store_statement(store, STATEMENT_COUNT_DATE_SOURCES, error);
    if (sources == NULL)
        return -1;
    int step;
    while ((step = sqlite3_step(sources)) == SQLITE_ROW) {
        enum article_date_source source =
            article_date_source_from_name((const char *)sqlite3_column_text(sources, 0));
        if (source != ARTICLE_DATE_NONE)
            stats->by_date_source[source] += sqlite3_column_int64(sources, 1);
    }
    sqlite3_reset(sources);
    return step == SQLITE_DONE ? 0 : store_error(store, error, "cannot count");
}

int sqlite_store_stats(struct store *base, struct store_stats *stats, struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    memset(stats, 0, sizeof *stats);
    long long sources[2] = {0, 0};
    /* One read transaction, so that the counts agree with each other while
     * an ingest writes. */
    if (store_execute(store, "BEGIN", error, "cannot read") < 0)
        return -1;
    int status = -1;
    if (count_row(store, STATEMENT_COUNT_ARTICLES, &stats->articles, 1, error) == 0 &&
        count_row(store, STATEMENT_COUNT_SOURCES, sources, 2, error) == 0 &&
        count_row(store, STATEMENT_COUNT_PROVENANCE, &stats->provenance, 1, error) == 0 &&
        count_row(store, STATEMENT_COUNT_PEOPLE, &stats->people, 1, error) == 0 &&
        count_row(store, STATEMENT_COUNT_PLACES, &stats->places, 1, error) == 0 &&
        count_row(store, STATEMENT_COUNT_CREDITS, &stats->credits, 1, error) == 0 &&
        store_read_version(store, &stats->schema_version, error) == 0 && store_date_stats(store, stats, error) == 0)
        status = 0;
    sqlite3_exec(store->database, "COMMIT", NULL, NULL, NULL);
    stats->sources = sources[0];
    stats->incomplete_sources = sources[1];
    struct buffer wal = {0};
    buffer_append_string(&wal, store->path);
    buffer_append_string(&wal, "-wal");
    stats->size_bytes = file_size(store->path) + file_size(wal.data);
    buffer_free(&wal);
    return status;
}

/* The part a table belongs to. */
static enum store_part part_of_table(const char *table)
{
    static const struct {
        const char *table;
        enum store_part part;
    } parts[] = {
        {"articles", STORE_PART_TEXT},          {"text_dictionaries", STORE_PART_TEXT},
        {"article_lengths", STORE_PART_INDEX},  {"people", STORE_PART_PEOPLE},
        {"credits", STORE_PART_PEOPLE},         {"person_roles", STORE_PART_PEOPLE},
        {"places", STORE_PART_PLACES},          {"dateline_places", STORE_PART_PLACES},
        {"captions", STORE_PART_PARTS},         {"subheads", STORE_PART_PARTS},
        {"notes", STORE_PART_PARTS},            {"links", STORE_PART_PARTS},
        {"tags", STORE_PART_PARTS},             {"facet_blocks", STORE_PART_FACETS},
        {"sources", STORE_PART_SOURCES},        {"provenance", STORE_PART_SOURCES},
    };
    if (table == NULL)
        return STORE_PART_OTHER;
    if (strncmp(table, "article_search", 14) == 0)
        return STORE_PART_INDEX; /* FTS5's shadow tables */
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (strcmp(table, parts[i].table) == 0)
            return parts[i].part;
    return STORE_PART_OTHER;
}

int sqlite_store_space(struct store *base, long long bytes[STORE_PART_COUNT], struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    memset(bytes, 0, STORE_PART_COUNT * sizeof *bytes);
    sqlite3_stmt *statement = NULL;
    /* dbstat's aggregate mode gives one row per table or index. */
    if (sqlite3_prepare_v2(store->database,
                           "SELECT s.tbl_name, d.pgsize FROM dbstat('main', 1) AS d"
                           " LEFT JOIN sqlite_schema AS s ON s.name = d.name",
                           -1, &statement, NULL) != SQLITE_OK)
        return error_set(error, "cannot measure the store '%s': %s (this SQLite has no dbstat?)", store->path,
                         sqlite3_errmsg(store->database));
    int step;
    while ((step = sqlite3_step(statement)) == SQLITE_ROW) {
        const char *table = (const char *)sqlite3_column_text(statement, 0);
        bytes[table && strcmp(table, "sqlite_schema") == 0 ? STORE_PART_OTHER : part_of_table(table)] +=
            sqlite3_column_int64(statement, 1);
    }
    sqlite3_finalize(statement);
    if (step != SQLITE_DONE)
        return store_error(store, error, "cannot measure the store");
    long long free_pages = 0, page_size = 0;
    if (sqlite3_prepare_v2(store->database, "SELECT freelist_count, page_size FROM pragma_freelist_count, pragma_page_size",
                           -1, &statement, NULL) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
        free_pages = sqlite3_column_int64(statement, 0);
        page_size = sqlite3_column_int64(statement, 1);
    }
    sqlite3_finalize(statement);
    bytes[STORE_PART_FREE] = free_pages * page_size;
    return 0;
}
