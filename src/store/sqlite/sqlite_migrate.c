/* sqlite_migrate.c — the schema's versions and the steps between them.
 *
 * PRAGMA user_version holds a store's schema version.  migrations[] lists
 * the steps, in order: step n brings a store from version n - 1 to n, the
 * first from an empty file.  Each runs once, in its own transaction, which
 * also sets user_version, so a crash in a step leaves the store at the
 * version before it and the next open runs the step again.
 *
 * A new version appends a step (SQL, or a C function for what SQL cannot
 * do, or both) and raises STORE_SCHEMA_VERSION in store.h; the steps
 * already there never change, since stores made by older builds rely on
 * them.  tests/cli/fold.sh upgrades a store made by the version-1 build.
 */
#include "sqlite_internal.h"

#include <stdio.h>
#include <string.h>

/* Version 1: the schema, from an empty database.  README.md ("The store")
 * documents the current schema; change both together. */
static const char schema_version_1[] =
    "CREATE TABLE sources (\n"
    "    id           INTEGER PRIMARY KEY,\n"
    "    path         TEXT NOT NULL UNIQUE,\n"
    "    name         TEXT NOT NULL,\n"
    "    size         INTEGER,\n"
    "    mtime_ns     INTEGER,\n"
    "    content_hash TEXT,\n"
    "    ingested_at  TEXT\n"
    ");\n"
    "CREATE TABLE articles (\n"
    "    id              INTEGER PRIMARY KEY,\n"
    "    text_hash       TEXT NOT NULL UNIQUE,\n"
    "    title           TEXT,\n"
    "    title_repeats   INTEGER NOT NULL,\n"
    "    date            TEXT,\n"
    "    published       TEXT,\n"
    "    has_dateline    INTEGER NOT NULL,\n"
    "    dateline_raw    TEXT,\n"
    "    dateline_agency TEXT,\n"
    "    dateline_date   TEXT,\n"
    "    credits_raw     TEXT,\n"
    "    byline_text     TEXT,\n"
    "    caption_text    TEXT,\n"
    "    paragraph_count INTEGER NOT NULL,\n"
    "    body            TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX articles_by_date ON articles(date);\n"
    "CREATE TABLE provenance (\n"
    "    id         INTEGER PRIMARY KEY,\n"
    "    article_id INTEGER NOT NULL REFERENCES articles(id),\n"
    "    source_id  INTEGER NOT NULL REFERENCES sources(id),\n"
    "    first_line INTEGER NOT NULL,\n"
    "    last_line  INTEGER NOT NULL,\n"
    "    UNIQUE (article_id, source_id, first_line)\n"
    ");\n"

    "CREATE TABLE people (\n"
    "    id   INTEGER PRIMARY KEY,\n"
    "    name TEXT NOT NULL,\n"
    "    key  TEXT NOT NULL UNIQUE\n"
    ");\n"
    "CREATE TABLE credits (\n"
    "    article_id    INTEGER NOT NULL REFERENCES articles(id),\n"
    "    position      INTEGER NOT NULL,\n"
    "    origin        TEXT NOT NULL\n"
    "                  CHECK (origin = 'byline' OR origin = 'credits' OR origin = 'caption'),\n"
    "    caption_index INTEGER,\n"
    "    role          TEXT NOT NULL,\n"
    "    person_id     INTEGER NOT NULL REFERENCES people(id),\n"
    "    name          TEXT NOT NULL,\n"
    "    location      TEXT,\n"
    "    PRIMARY KEY (article_id, position)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX credits_by_person ON credits(person_id, role);\n"
    "CREATE TABLE places (\n"
    "    id         INTEGER PRIMARY KEY,\n"
    "    city       TEXT NOT NULL,\n"
    "    region     TEXT,\n"
    "    city_key   TEXT NOT NULL,\n"
    "    region_key TEXT NOT NULL,\n"
    "    UNIQUE (city_key, region_key)\n"
    ");\n"
    "CREATE TABLE dateline_places (\n"
    "    article_id INTEGER NOT NULL REFERENCES articles(id),\n"
    "    position   INTEGER NOT NULL,\n"
    "    place_id   INTEGER NOT NULL REFERENCES places(id),\n"
    "    city       TEXT NOT NULL,\n"
    "    region     TEXT,\n"
    "    PRIMARY KEY (article_id, position)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX dateline_places_by_place ON dateline_places(place_id);\n"
    "CREATE TABLE captions (\n"
    "    article_id INTEGER NOT NULL REFERENCES articles(id),\n"
    "    position   INTEGER NOT NULL,\n"
    "    text       TEXT NOT NULL,\n"
    "    file_photo INTEGER NOT NULL,\n"
    "    credit     TEXT,\n"
    "    date       TEXT,\n"
    "    PRIMARY KEY (article_id, position)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE subheads (\n"
    "    article_id       INTEGER NOT NULL REFERENCES articles(id),\n"
    "    position         INTEGER NOT NULL,\n"
    "    text             TEXT NOT NULL,\n"
    "    before_paragraph INTEGER NOT NULL,\n"
    "    PRIMARY KEY (article_id, position)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE notes (\n"
    "    article_id INTEGER NOT NULL REFERENCES articles(id),\n"
    "    position   INTEGER NOT NULL,\n"
    "    text       TEXT NOT NULL,\n"
    "    PRIMARY KEY (article_id, position)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE links (\n"
    "    article_id INTEGER NOT NULL REFERENCES articles(id),\n"
    "    position   INTEGER NOT NULL,\n"
    "    url        TEXT NOT NULL,\n"
    "    PRIMARY KEY (article_id, position)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE tags (\n"
    "    article_id INTEGER NOT NULL REFERENCES articles(id),\n"
    "    position   INTEGER NOT NULL,\n"
    "    scheme     TEXT NOT NULL,\n"
    "    code       TEXT NOT NULL,\n"
    "    PRIMARY KEY (article_id, position)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX tags_by_code ON tags(scheme, code);\n"
    "CREATE VIEW article_text (id, title, body, caption, byline, dateline, credits) AS\n"
    "    SELECT id, title, body, caption_text, byline_text, dateline_raw, credits_raw\n"
    "    FROM articles;\n"
    "CREATE VIRTUAL TABLE article_search USING fts5(\n"
    "    title, body, caption, byline, dateline, credits,\n"
    "    content = 'article_text', content_rowid = 'id',\n"
    "    tokenize = 'porter unicode61 remove_diacritics 2'\n"
    ");\n"
    "INSERT INTO article_search (article_search, rank) VALUES ('automerge', 16);\n"
    /* FTS5 writes its in-memory terms out as a new segment when they pass
     * hashsize (1 MB by default) and at each commit; at 32 MB a batch of
     * articles becomes one segment instead of dozens, which saves merging
     * while writing and segment look-ups while searching. */
    "INSERT INTO article_search (article_search, rank) VALUES ('hashsize', 33554432);\n";

/* ---- version 2: keys folded by FTS5's unicode61 ------------------------- */

/* The new keys of every person and place, then which rows they merge
 * into: names that folded apart before and alike now (Ştefan with a cedilla
 * and Ștefan with a comma below) become one person or place, the first one
 * stored, as an ingest would have made them. */
static const char refold_setup_sql[] =
    "CREATE TEMP TABLE refolded_people (id INTEGER PRIMARY KEY, key TEXT NOT NULL);\n"
    "CREATE TEMP TABLE refolded_places (id INTEGER PRIMARY KEY, city_key TEXT NOT NULL,"
    " region_key TEXT NOT NULL);\n";

static const char refold_apply_sql[] =
    "CREATE TEMP TABLE merged_people AS SELECT id, keep FROM"
    " (SELECT id, min(id) OVER (PARTITION BY key) AS keep FROM refolded_people) WHERE keep <> id;\n"
    "UPDATE credits SET person_id = (SELECT keep FROM merged_people m WHERE m.id = credits.person_id)"
    " WHERE person_id IN (SELECT id FROM merged_people);\n"
    "DELETE FROM people WHERE id IN (SELECT id FROM merged_people);\n"
    /* Through keys no name has, so that no row meets another's old key. */
    "UPDATE people SET key = char(1) || id;\n"
    "UPDATE people SET key = (SELECT key FROM refolded_people r WHERE r.id = people.id);\n"
    "CREATE TEMP TABLE merged_places AS SELECT id, keep FROM"
    " (SELECT id, min(id) OVER (PARTITION BY city_key, region_key) AS keep FROM refolded_places)"
    " WHERE keep <> id;\n"
    "UPDATE dateline_places SET place_id ="
    " (SELECT keep FROM merged_places m WHERE m.id = dateline_places.place_id)"
    " WHERE place_id IN (SELECT id FROM merged_places);\n"
    "DELETE FROM places WHERE id IN (SELECT id FROM merged_places);\n"
    "UPDATE places SET city_key = char(1) || id, region_key = '';\n"
    "UPDATE places SET (city_key, region_key) ="
    " (SELECT city_key, region_key FROM refolded_places r WHERE r.id = places.id);\n"
    "DROP TABLE refolded_people; DROP TABLE refolded_places;\n"
    "DROP TABLE merged_people; DROP TABLE merged_places;\n";

/* Folds the names of every row a SELECT returns (id, then one or two
 * names) and inserts the id and keys with insert_sql. */
static int refold_rows(struct sqlite_store *store, struct key_folder *folder, const char *select_sql,
                       const char *insert_sql, int names, struct error *error)
{
    sqlite3_stmt *select = NULL, *insert = NULL;
    struct buffer keys[2] = {{0}, {0}};
    int status = 0;
    if (sqlite3_prepare_v2(store->database, select_sql, -1, &select, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(store->database, insert_sql, -1, &insert, NULL) != SQLITE_OK)
        status = store_error(store, error, "cannot refold the keys");
    int step;
    while (status == 0 && (step = sqlite3_step(select)) == SQLITE_ROW) {
        sqlite3_bind_int64(insert, 1, sqlite3_column_int64(select, 0));
        for (int i = 0; i < names; i++) {
            const char *name = (const char *)sqlite3_column_text(select, 1 + i);
            buffer_reset(&keys[i]);
            if (name != NULL)
                key_folder_fold(folder, &keys[i], name);
            store_bind_text(insert, 2 + i, keys[i].data ? keys[i].data : "");
        }
        status = store_step_done(store, insert, error, "cannot refold the keys");
    }
    if (status == 0 && step != SQLITE_DONE)
        status = store_error(store, error, "cannot refold the keys");
    sqlite3_finalize(select);
    sqlite3_finalize(insert);
    buffer_free(&keys[0]);
    buffer_free(&keys[1]);
    return status;
}

static int refold_keys(struct sqlite_store *store, struct error *error)
{
    struct key_folder *folder = store_key_folder(store, error);
    if (folder == NULL || store_execute(store, refold_setup_sql, error, "cannot refold the keys") < 0 ||
        refold_rows(store, folder, "SELECT id, name FROM people",
                    "INSERT INTO refolded_people (id, key) VALUES (?1, ?2)", 1, error) < 0 ||
        refold_rows(store, folder, "SELECT id, city, region FROM places",
                    "INSERT INTO refolded_places (id, city_key, region_key) VALUES (?1, ?2, ?3)", 2,
                    error) < 0)
        return -1;
    return store_execute(store, refold_apply_sql, error, "cannot refold the keys");
}

/* ---- version 3: every article's date, and the facet index --------------- */

/* Where each article's date comes from (article_date.h), the year or date
 * `ingest --year/--date` gave a source, and the facet index
 * (sqlite_facets.c): one row per person and role, and the articles' facet
 * values packed in blocks.  store_migrate_dates_and_facets() then dates
 * the stored articles by the rules and fills the facet index. */
static const char schema_version_3[] =
    "ALTER TABLE articles ADD COLUMN date_source TEXT;\n"
    "CREATE INDEX articles_by_date_source ON articles(date_source);\n"
    "ALTER TABLE sources ADD COLUMN date_given TEXT;\n"
    "CREATE TABLE person_roles (\n"
    "    id        INTEGER PRIMARY KEY,\n"
    "    person_id INTEGER NOT NULL REFERENCES people(id),\n"
    "    role      TEXT NOT NULL,\n"
    "    UNIQUE (person_id, role)\n"
    ");\n"
    "CREATE TABLE facet_blocks (\n"
    "    block INTEGER PRIMARY KEY,\n"
    "    data  BLOB NOT NULL\n"
    ");\n";

/* Version 4: a smaller store.  Bodies are kept compressed with zstd
 * (sqlite_text.c) under a dictionary kept in text_dictionaries, caption
 * text is kept once (in captions; the view builds the full-text caption
 * column from it), and article_lengths packs every article's length for
 * ranking (sqlite_lengths.c).  pack_stored_text() then compresses the
 * bodies already stored and fills article_lengths. */
static const char schema_version_4[] =
    "CREATE TABLE text_dictionaries (\n"
    "    id         INTEGER PRIMARY KEY,\n"
    "    dictionary BLOB NOT NULL,\n"
    "    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))\n"
    ");\n"
    "CREATE TABLE article_lengths (\n"
    "    block  INTEGER PRIMARY KEY,\n"
    "    tokens BLOB NOT NULL\n"
    ");\n"
    "DROP VIEW article_text;\n"
    "ALTER TABLE articles DROP COLUMN caption_text;\n"
    "CREATE VIEW article_text (id, title, body, caption, byline, dateline, credits) AS\n"
    "    SELECT a.id, a.title, newsidx_text(a.body),\n"
    "        (SELECT group_concat(coalesce(c.text, ''), char(10))\n"
    "           FROM (SELECT text FROM captions WHERE article_id = a.id ORDER BY position) AS c),\n"
    "        a.byline_text, a.dateline_raw, a.credits_raw\n"
    "    FROM articles AS a;\n";

/* Where upgrades report their progress (store_set_upgrade_progress()). */
static store_progress_callback upgrade_progress;
static void *upgrade_progress_context;

void store_set_upgrade_progress(store_progress_callback callback, void *context)
{
    upgrade_progress = callback;
    upgrade_progress_context = context;
}

/* Articles compressed per statement of the upgrade, between reports. */
#define PACK_STEP_ARTICLES 5000

/* Compresses the bodies a store holds as text, under a dictionary trained
 * on them, and packs the article lengths. */
static int pack_stored_text(struct sqlite_store *store, struct error *error)
{
    long long highest = 0;
    sqlite3_stmt *statement = NULL;
    if (store_text_train_from_store(store, error) < 0)
        return -1;
    if (sqlite3_prepare_v2(store->database, "SELECT coalesce(max(id), 0) FROM articles", -1, &statement, NULL) !=
            SQLITE_OK ||
        sqlite3_step(statement) != SQLITE_ROW) {
        sqlite3_finalize(statement);
        return store_error(store, error, "cannot compress the stored text");
    }
    highest = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    if (sqlite3_prepare_v2(store->database,
                           "UPDATE articles SET body = newsidx_pack(body)"
                           " WHERE id BETWEEN ?1 AND ?2 AND typeof(body) = 'text'",
                           -1, &statement, NULL) != SQLITE_OK)
        return store_error(store, error, "cannot compress the stored text");
    int status = 0;
    for (long long first = 0; status == 0 && first <= highest; first += PACK_STEP_ARTICLES) {
        sqlite3_bind_int64(statement, 1, first);
        sqlite3_bind_int64(statement, 2, first + PACK_STEP_ARTICLES - 1);
        status = store_step_done(store, statement, error, "cannot compress the stored text");
        if (status == 0 && upgrade_progress != NULL)
            upgrade_progress(upgrade_progress_context, "compressing the stored text",
                             first + PACK_STEP_ARTICLES > highest ? highest : first + PACK_STEP_ARTICLES, highest);
    }
    sqlite3_finalize(statement);
    return status < 0 ? -1 : store_lengths_update(store, error);
}

/* ---- the steps ----------------------------------------------------------- */

/* One step: what brings a store from version - 1 to version. */
struct store_migration {
    int version;                                          /* the version it leads to */
    const char *what;                                     /* what it does, for errors */
    const char *sql;                                      /* SQL run first, or NULL */
    int (*run)(struct sqlite_store *store, struct error *error); /* C run next, or NULL */
};

static const struct store_migration migrations[] = {
    {1, "create the schema", schema_version_1, NULL},
    {2, "fold the keys of people and places as full-text search does", NULL, refold_keys},
    {3, "date every article and build the facet index", schema_version_3, store_migrate_dates_and_facets},
    {4, "compress the text and pack the article lengths", schema_version_4, pack_stored_text},
};

#define MIGRATION_COUNT ((int)(sizeof migrations / sizeof migrations[0]))

_Static_assert(sizeof migrations / sizeof migrations[0] == STORE_SCHEMA_VERSION,
               "one migration step per schema version");

/* Runs one step in its own transaction, unless another connection ran it
 * meanwhile.  Returns 0, or -1 with error set (the step rolled back). */
static int run_step(struct sqlite_store *store, const struct store_migration *step, struct error *error)
{
    if (store_execute(store, "BEGIN IMMEDIATE", error, "cannot lock the schema") < 0)
        return -1;
    int version = 0;
    if (store_read_version(store, &version, error) < 0)
        goto failed;
    if (version >= step->version) /* another connection got there first */
        return store_execute(store, "COMMIT", error, "cannot upgrade the schema");
    char what[256];
    snprintf(what, sizeof what, "cannot upgrade the schema to version %d (%s)", step->version, step->what);
    /* PRAGMA takes no bound values; the version is this table's constant. */
    char set_version[64];
    snprintf(set_version, sizeof set_version, "PRAGMA user_version = %d", step->version);
    if ((step->sql != NULL && store_execute(store, step->sql, error, what) < 0) ||
        (step->run != NULL && step->run(store, error) < 0) || store_execute(store, set_version, error, what) < 0)
        goto failed;
    return store_execute(store, "COMMIT", error, what);
failed:
    sqlite3_exec(store->database, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

int store_migrate(struct sqlite_store *store, int *from_version, struct error *error)
{
    int version = 0;
    if (store_read_version(store, &version, error) < 0)
        return -1;
    *from_version = version;
    if (version > STORE_SCHEMA_VERSION)
        return error_set(error, "store %s has schema version %d, newer than this newsidx knows (%d)",
                         text_quote_name(store->path).text, version, STORE_SCHEMA_VERSION);
    for (int i = version; i < MIGRATION_COUNT; i++)
        if (run_step(store, &migrations[i], error) < 0)
            return -1;
    return 0;
}
