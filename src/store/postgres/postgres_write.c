/* postgres_write.c — writing sources and articles into a PostgreSQL store,
 * in batches.
 *
 * A batch is one transaction, as in the SQLite store: it opens with the
 * first article written after the last commit and commits when it holds
 * store_set_batch_size() articles or 32 MB of text, at store_commit(),
 * store_tidy_index() or store_close().  A source is marked done in the
 * transaction that holds its last articles, so a kill, a lost connection
 * or an error never leaves half an article, nor a source marked done that
 * is not: the server rolls an unfinished transaction back.
 *
 * Each article costs one round trip while it is added: a statement that
 * claims its text hash in article_hashes (the de-duplication guard) and
 * gives its id, whether it is new, and whether this source already holds
 * it at this line.  Everything else it brings is kept as COPY rows and
 * sent at the end of the batch: the articles into a temporary table, from
 * which one INSERT … SELECT writes them with their tsvectors; credits and
 * dateline places likewise, adding the people and places they name by
 * folded key; the other parts straight into their tables.
 *
 * Two ingests at once: a batch holds a transaction-scoped advisory lock
 * from its start to its commit, so writers take turns a batch at a time
 * (as SQLite's BEGIN IMMEDIATE makes them) and never wait on each other's
 * rows halfway through a batch, which is where deadlocks come from.
 * Readers are never blocked.  ON CONFLICT on article_hashes, people and
 * places stays as the guard; none is used on articles or the tables with
 * article_id, which a several-host layout keeps without unique indexes.
 */
#include "postgres_internal.h"
#include "postgres_words.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsidx/article_date.h"
#include "newsidx/fold.h"
#include "newsidx/text.h"

/* The advisory lock a batch holds (pg_advisory_xact_lock). */
#define POSTGRES_WRITER_LOCK "7236837291736140002"

/* The most articles in one batch by default, as in the SQLite store. */
#define POSTGRES_DEFAULT_BATCH 20000

/* The most text bytes in one batch. */
#define POSTGRES_BATCH_MAX_BYTES (32u * 1024u * 1024u)

/* The COPY streams a batch fills, in the order they are sent. */
enum stage {
    STAGE_ARTICLES,   /* staged_articles: the articles' own columns */
    STAGE_CREDITS,    /* staged_credits: credits with their people's keys */
    STAGE_PLACES,     /* staged_places: dateline places with their keys */
    STAGE_CAPTIONS,   /* captions */
    STAGE_SUBHEADS,   /* subheads */
    STAGE_NOTES,      /* notes */
    STAGE_LINKS,      /* links */
    STAGE_TAGS,       /* tags */
    STAGE_PROVENANCE, /* provenance */
    STAGE_COUNT       /* how many (not a stage) */
};

/* The COPY statement of each stage. */
static const char *const stage_copy[STAGE_COUNT] = {
    [STAGE_ARTICLES] =
        "COPY staged_articles (id, text_hash, title, title_repeats, date, date_source, published,"
        " has_dateline, dateline_raw, dateline_agency, dateline_date, credits_raw, byline_text,"
        " caption_text, paragraph_count, body) FROM STDIN",
    [STAGE_CREDITS] =
        "COPY staged_credits (article_id, position, origin, caption_index, role, person_name,"
        " person_key, location) FROM STDIN",
    [STAGE_PLACES] =
        "COPY staged_places (article_id, position, city, region, city_key, region_key) FROM STDIN",
    [STAGE_CAPTIONS] =
        "COPY captions (article_id, position, text, file_photo, credit, date) FROM STDIN",
    [STAGE_SUBHEADS] = "COPY subheads (article_id, position, text, before_paragraph) FROM STDIN",
    [STAGE_NOTES] = "COPY notes (article_id, position, text) FROM STDIN",
    [STAGE_LINKS] = "COPY links (article_id, position, url) FROM STDIN",
    [STAGE_TAGS] = "COPY tags (article_id, position, scheme, code) FROM STDIN",
    [STAGE_PROVENANCE] =
        "COPY provenance (article_id, source_id, first_line, last_line, seen) FROM STDIN",
};

/* The temporary tables the staged streams go into, made once per
 * connection; emptied at each commit and after each flush. */
static const char staging_tables[] =
    "CREATE TEMP TABLE IF NOT EXISTS staged_articles (id bigint, text_hash text, title text,"
    " title_repeats integer, date text, date_source text, published text, has_dateline boolean,"
    " dateline_raw text, dateline_agency text, dateline_date text, credits_raw text,"
    " byline_text text, caption_text text, paragraph_count integer, body text)"
    " ON COMMIT DELETE ROWS;"
    "CREATE TEMP TABLE IF NOT EXISTS staged_credits (article_id bigint, position integer,"
    " origin text, caption_index integer, role text, person_name text, person_key text,"
    " location text) ON COMMIT DELETE ROWS;"
    "CREATE TEMP TABLE IF NOT EXISTS staged_places (article_id bigint, position integer,"
    " city text, region text, city_key text, region_key text) ON COMMIT DELETE ROWS;";

/* What a flush runs once the staged streams are in, in order. */
static const char *const flush_statements[] = {
    /* The articles, with their search vectors: weights A title, B byline
     * and credit line, C captions and dateline, D body.  OFFSET 0 keeps
     * the planner from folding the inner query into the outer one, which
     * would make each tsvector twice (to_tsvector is most of the cost). */
    "INSERT INTO articles (id, text_hash, title, title_repeats, date, date_source, published,"
    " has_dateline, dateline_raw, dateline_agency, dateline_date, credits_raw, byline_text,"
    " caption_text, paragraph_count, body, search, title_words, body_words, caption_words,"
    " byline_words, dateline_words, credits_words)"
    " SELECT id, text_hash, title, title_repeats, date, date_source, published, has_dateline,"
    " dateline_raw, dateline_agency, dateline_date, credits_raw, byline_text, caption_text,"
    " paragraph_count, body,"
    " setweight(tw, 'A') || setweight(yw || rw, 'B') || setweight(cw || dw, 'C') || setweight(bw, 'D'),"
    " tw, bw, cw, yw, dw, rw FROM ("
    "  SELECT s.*, to_tsvector('newsidx', " POSTGRES_WORD_TEXT("coalesce(s.title, '')") ") AS tw,"
    "   to_tsvector('newsidx', " POSTGRES_WORD_TEXT("s.body") ") AS bw,"
    "   to_tsvector('newsidx', " POSTGRES_WORD_TEXT("coalesce(s.caption_text, '')") ") AS cw,"
    "   to_tsvector('newsidx', " POSTGRES_WORD_TEXT("coalesce(s.byline_text, '')") ") AS yw,"
    "   to_tsvector('newsidx', " POSTGRES_WORD_TEXT("coalesce(s.dateline_raw, '')") ") AS dw,"
    "   to_tsvector('newsidx', " POSTGRES_WORD_TEXT("coalesce(s.credits_raw, '')") ") AS rw"
    "  FROM staged_articles AS s ORDER BY s.id OFFSET 0) AS v",
    /* New people, spelt as first seen, in the order first seen. */
    "INSERT INTO people (name, key)"
    " SELECT person_name, person_key FROM ("
    "  SELECT DISTINCT ON (person_key) person_name, person_key, article_id, position"
    "  FROM staged_credits ORDER BY person_key, article_id, position) AS first"
    " WHERE NOT EXISTS (SELECT 1 FROM people AS p WHERE p.key = first.person_key)"
    " ORDER BY article_id, position ON CONFLICT (key) DO NOTHING",
    "INSERT INTO credits (article_id, position, origin, caption_index, role, person_id, name,"
    " location)"
    " SELECT s.article_id, s.position, s.origin, s.caption_index, s.role, p.id, s.person_name,"
    " s.location FROM staged_credits AS s JOIN people AS p ON p.key = s.person_key",
    /* New places likewise. */
    "INSERT INTO places (city, region, city_key, region_key)"
    " SELECT city, region, city_key, region_key FROM ("
    "  SELECT DISTINCT ON (city_key, region_key) city, region, city_key, region_key, article_id,"
    "  position FROM staged_places ORDER BY city_key, region_key, article_id, position) AS first"
    " WHERE NOT EXISTS (SELECT 1 FROM places AS p WHERE p.city_key = first.city_key"
    "  AND p.region_key = first.region_key)"
    " ORDER BY article_id, position ON CONFLICT (city_key, region_key) DO NOTHING",
    "INSERT INTO dateline_places (article_id, position, place_id, city, region)"
    " SELECT s.article_id, s.position, p.id, s.city, s.region FROM staged_places AS s"
    " JOIN places AS p ON p.city_key = s.city_key AND p.region_key = s.region_key",
    "TRUNCATE staged_articles, staged_credits, staged_places",
};

/* Claims an article's text hash: its id, whether this claim made it
 * (new), its place in provenance order, and whether this source already
 * holds it at this line.  $1 text hash, $2 source id, $3 first line. */
static const char claim_sql[] =
    "WITH existing AS (SELECT article_id FROM article_hashes WHERE text_hash = $1),"
    " claimed AS (INSERT INTO article_hashes (text_hash, article_id)"
    "  SELECT $1, nextval('article_ids') WHERE NOT EXISTS (SELECT 1 FROM existing)"
    "  ON CONFLICT (text_hash) DO NOTHING RETURNING article_id)"
    " SELECT article_id, true, nextval('provenance_order'), false FROM claimed"
    " UNION ALL"
    " SELECT e.article_id, false, nextval('provenance_order'),"
    "  EXISTS (SELECT 1 FROM provenance AS p WHERE p.article_id = e.article_id"
    "   AND p.source_id = $2 AND p.first_line = $3)"
    " FROM existing AS e";

/* The claim's prepared name. */
#define CLAIM_STATEMENT "newsidx_claim"

/* A sighting staged in the open batch: (article, source, first line),
 * the key the provenance table holds once. */
struct staged_sighting {
    long long article_id; /* the article, or 0 for an empty slot */
    long long source_id;  /* the source */
    long first_line;      /* its first line there */
};

/* The sightings staged since the last flush, as an open-addressing hash
 * set: the claim sees those already written, and this the rest (a dump
 * can hold the same story twice at one line, which SQLite's INSERT OR
 * IGNORE keeps once). */
struct sighting_set {
    struct staged_sighting *slots; /* capacity slots */
    size_t capacity;               /* a power of two, or 0 */
    size_t count;                  /* slots in use */
};

/* The writer's state. */
struct postgres_writer {
    int batch_size;              /* articles per transaction at most */
    int batch_articles;          /* articles written in the open transaction */
    size_t batch_bytes;          /* their normalised text bytes */
    bool in_transaction;         /* a batch is open */
    bool ready;                  /* staging tables made, claim prepared */
    long long batch_number;      /* number of the open batch, or of the last one opened */
    long long committed_batch;   /* number of the last batch committed, 0 before any */
    long long *abandoned;        /* numbers of the batches rolled back */
    size_t abandoned_count;      /* how many */
    size_t abandoned_capacity;   /* allocated slots in abandoned */
    bool source_active;          /* between source_begin and source_end */
    char *source_path;           /* the current source's absolute path, or "-" */
    char *source_name;           /* its name as given */
    long long source_id;         /* its sources.id, 0 until written in this batch */
    bool sighting_known;         /* the last article added was recorded here before */
    bool replace_given_dates;    /* ingest --force: a given date replaces one given before */
    long long lowest_staged_id;  /* the lowest article id in the staged rows, 0 when none */
    long long columns_indexed;   /* full-text column values sent to be indexed */
    struct store_article_text text; /* scratch: an article prepared here */
    struct key_folder *folder;   /* folds names and places into keys */
    struct buffer key;           /* scratch: a folded key */
    struct buffer region_key;    /* scratch: a second one */
    struct buffer rows[STAGE_COUNT]; /* the staged COPY rows of the open batch */
    struct sighting_set staged_sightings; /* the provenance keys among them */
};

/* The slot of a sighting in the set (FNV-1a over its fields). */
static size_t sighting_slot(const struct sighting_set *set, const struct staged_sighting *key)
{
    unsigned long long hash = 0xcbf29ce484222325ULL;
    unsigned long long fields[] = {(unsigned long long)key->article_id,
                                   (unsigned long long)key->source_id,
                                   (unsigned long long)key->first_line};
    for (size_t i = 0; i < 3; i++)
        hash = (hash ^ fields[i]) * 0x100000001b3ULL;
    return (size_t)(hash ^ (hash >> 29)) & (set->capacity - 1);
}

/* Adds a sighting; returns false when it was in the set already. */
static bool sighting_add(struct sighting_set *set, const struct staged_sighting *key)
{
    if ((set->count + 1) * 2 > set->capacity) {
        struct sighting_set bigger = {.capacity = set->capacity ? set->capacity * 2 : 1024};
        bigger.slots = checked_malloc(bigger.capacity * sizeof *bigger.slots);
        memset(bigger.slots, 0, bigger.capacity * sizeof *bigger.slots);
        for (size_t i = 0; i < set->capacity; i++)
            if (set->slots[i].article_id != 0)
                sighting_add(&bigger, &set->slots[i]);
        free(set->slots);
        *set = bigger;
    }
    for (size_t slot = sighting_slot(set, key);; slot = (slot + 1) & (set->capacity - 1)) {
        struct staged_sighting *at = &set->slots[slot];
        if (at->article_id == 0) {
            *at = *key;
            set->count++;
            return true;
        }
        if (at->article_id == key->article_id && at->source_id == key->source_id &&
            at->first_line == key->first_line)
            return false;
    }
}

/* Empties the set (keeping its slots). */
static void sighting_clear(struct sighting_set *set)
{
    if (set->count > 0)
        memset(set->slots, 0, set->capacity * sizeof *set->slots);
    set->count = 0;
}

/* The store's writer, made on first use. */
static struct postgres_writer *writer_of(struct store *base)
{
    struct postgres_store *store = postgres_store_of(base);
    if (store->writer == NULL) {
        store->writer = checked_malloc(sizeof *store->writer);
        memset(store->writer, 0, sizeof *store->writer);
        store->writer->batch_size = POSTGRES_DEFAULT_BATCH;
    }
    return store->writer;
}

/* ---- COPY rows ------------------------------------------------------------ */

/* Appends a text field in COPY's text format (NULL as \N), with a tab
 * before it unless it starts the row. */
static void field_text(struct buffer *row, bool first, const char *text)
{
    if (!first)
        buffer_append_byte(row, '\t');
    if (text == NULL) {
        buffer_append(row, "\\N", 2);
        return;
    }
    const char *run = text;
    for (const char *at = text;; at++) {
        char escape = 0;
        switch (*at) {
        case '\\': escape = '\\'; break;
        case '\n': escape = 'n'; break;
        case '\r': escape = 'r'; break;
        case '\t': escape = 't'; break;
        case '\0': break;
        default: continue;
        }
        buffer_append(row, run, (size_t)(at - run));
        if (*at == '\0')
            return;
        buffer_append_byte(row, '\\');
        buffer_append_byte(row, escape);
        run = at + 1;
    }
}

/* Appends an integer field. */
static void field_integer(struct buffer *row, bool first, long long value)
{
    char text[32];
    snprintf(text, sizeof text, "%lld", value);
    field_text(row, first, text);
}

/* Appends a boolean field. */
static void field_boolean(struct buffer *row, bool first, bool value)
{
    field_text(row, first, value ? "t" : "f");
}

/* Ends a row. */
static void row_end(struct buffer *row)
{
    buffer_append_byte(row, '\n');
}

/* Sends one stream's rows with COPY and empties it. */
static int copy_send(struct postgres_store *store, enum stage stage, struct buffer *rows,
                     struct error *error)
{
    if (rows->length == 0)
        return 0;
    PGconn *connection = store->connection;
    PGresult *result = PQexec(connection, stage_copy[stage]);
    if (PQresultStatus(result) != PGRES_COPY_IN) {
        postgres_error(store, error, "cannot store articles", result);
        PQclear(result);
        return -1;
    }
    PQclear(result);
    int status = 0;
    for (size_t sent = 0; sent < rows->length && status == 0;) {
        size_t chunk = rows->length - sent;
        if (chunk > (1u << 20))
            chunk = 1u << 20;
        if (PQputCopyData(connection, rows->data + sent, (int)chunk) != 1)
            status = -1;
        sent += chunk;
    }
    if (PQputCopyEnd(connection, status == 0 ? NULL : "newsidx could not send the rows") != 1)
        status = -1;
    bool reported = false;
    while ((result = PQgetResult(connection)) != NULL) {
        if (PQresultStatus(result) != PGRES_COMMAND_OK && !reported) {
            postgres_error(store, error, "cannot store articles", result);
            reported = true;
        }
        PQclear(result);
    }
    if (status < 0 && !reported)
        postgres_error(store, error, "cannot store articles", NULL);
    buffer_reset(rows);
    return status < 0 || reported ? -1 : 0;
}

/* Sends every staged row and writes them into the tables, inside the open
 * transaction. */
static int flush_staged(struct postgres_store *store, struct error *error)
{
    struct postgres_writer *writer = store->writer;
    bool any = false;
    for (int stage = 0; stage < STAGE_COUNT; stage++)
        any = any || writer->rows[stage].length > 0;
    if (!any)
        return 0;
    for (int stage = 0; stage < STAGE_COUNT; stage++)
        if (copy_send(store, (enum stage)stage, &writer->rows[stage], error) < 0)
            return -1;
    for (size_t i = 0; i < sizeof flush_statements / sizeof flush_statements[0]; i++)
        if (postgres_execute(store, flush_statements[i], error, "cannot store articles") < 0)
            return -1;
    writer->lowest_staged_id = 0;
    sighting_clear(&writer->staged_sightings);
    return 0;
}

/* ---- batches ---------------------------------------------------------------- */

/* Forgets the staged rows. */
static void staged_forget(struct postgres_writer *writer)
{
    for (int stage = 0; stage < STAGE_COUNT; stage++)
        buffer_reset(&writer->rows[stage]);
    writer->lowest_staged_id = 0;
    sighting_clear(&writer->staged_sightings);
}

/* Abandons the open batch after a failure; the current source's row may
 * have gone with it, so it will be written again. */
static void abandon_batch(struct postgres_store *store)
{
    struct postgres_writer *writer = store->writer;
    if (writer == NULL || !writer->in_transaction)
        return;
    array_reserve((void **)&writer->abandoned, &writer->abandoned_capacity,
                  writer->abandoned_count + 1, sizeof *writer->abandoned);
    writer->abandoned[writer->abandoned_count++] = writer->batch_number;
    /* A COPY left half sent must be ended before ROLLBACK can run. */
    if (PQtransactionStatus(store->connection) == PQTRANS_ACTIVE) {
        PQputCopyEnd(store->connection, "abandoned");
        PGresult *result;
        while ((result = PQgetResult(store->connection)) != NULL)
            PQclear(result);
    }
    PQclear(PQexec(store->connection, "ROLLBACK"));
    writer->in_transaction = false;
    writer->batch_articles = 0;
    writer->batch_bytes = 0;
    writer->source_id = 0;
    staged_forget(writer);
}

/* Makes the staging tables and prepares the claim, once per connection
 * (outside any transaction, so that a rollback keeps them). */
static int writer_ready(struct postgres_store *store, struct error *error)
{
    struct postgres_writer *writer = store->writer;
    if (writer->ready)
        return 0;
    if (store->mode != STORE_READ_WRITE)
        return error_set(error, "cannot write to store %s: it was opened read-only",
                         text_quote_name(store->location).text);
    if (postgres_execute(store, staging_tables, error, "cannot prepare to write") < 0)
        return -1;
    /* lz4 compresses the long values (bodies, tsvectors) in less than half
     * pglz's time, where the server has it (PostgreSQL 14 and later, built
     * with lz4, as Debian's is). */
    long long has_lz4 = 0;
    if (postgres_query_integer(store,
                               "SELECT count(*) FROM pg_settings WHERE name = 'default_toast_compression'"
                               " AND 'lz4' = ANY (enumvals)",
                               0, NULL, &has_lz4, error, "cannot prepare to write") < 0 ||
        (has_lz4 > 0 && postgres_execute(store, "SET default_toast_compression = 'lz4'", error,
                                         "cannot prepare to write") < 0))
        return -1;
    const Oid types[] = {25 /* text */, 20 /* bigint */, 23 /* integer */};
    PGresult *result = PQprepare(store->connection, CLAIM_STATEMENT, claim_sql, 3, types);
    if (PQresultStatus(result) != PGRES_COMMAND_OK) {
        postgres_error(store, error, "cannot prepare to write", result);
        PQclear(result);
        return -1;
    }
    PQclear(result);
    if (writer->folder == NULL && key_folder_open(&writer->folder, error) < 0)
        return -1;
    writer->ready = true;
    return 0;
}

/* Opens a batch when none is open, and writes the current source's row
 * when it is not written yet in this batch. */
static int open_batch(struct postgres_store *store, struct error *error)
{
    struct postgres_writer *writer = store->writer;
    if (!writer->in_transaction) {
        if (writer_ready(store, error) < 0 ||
            postgres_execute(store, "BEGIN", error, "cannot start a transaction") < 0)
            return -1;
        writer->in_transaction = true;
        writer->batch_number++;
        writer->batch_articles = 0;
        writer->batch_bytes = 0;
        if (postgres_execute(store, "SELECT pg_advisory_xact_lock(" POSTGRES_WRITER_LOCK ")", error,
                             "cannot wait for other writers") < 0)
            return -1;
    }
    if (writer->source_id != 0)
        return 0;
    char *path = postgres_path_encode(writer->source_path);
    const char *values[] = {path, writer->source_name};
    long long id = 0;
    int status = postgres_query_integer(store,
                                        "INSERT INTO sources (path, name) VALUES ($1, $2)"
                                        " ON CONFLICT (path) DO UPDATE SET name = excluded.name RETURNING id",
                                        2, values, &id, error, "cannot record a source");
    free(path);
    if (status < 0)
        return -1;
    writer->source_id = id;
    return 0;
}

/* Sends the staged rows and commits the open batch, if any; on failure
 * rolls it back. */
static int commit_batch(struct postgres_store *store, struct error *error)
{
    struct postgres_writer *writer = store->writer;
    if (writer == NULL || !writer->in_transaction)
        return 0;
    if (flush_staged(store, error) < 0 ||
        postgres_execute(store, "COMMIT", error, "cannot commit") < 0) {
        abandon_batch(store);
        return -1;
    }
    writer->committed_batch = writer->batch_number;
    writer->in_transaction = false;
    writer->batch_articles = 0;
    writer->batch_bytes = 0;
    return 0;
}

int postgres_commit(struct store *base, struct error *error)
{
    return commit_batch(postgres_store_of(base), error);
}

long long postgres_batch_open_number(const struct store *base)
{
    const struct postgres_writer *writer = ((const struct postgres_store *)base)->writer;
    return writer != NULL && writer->in_transaction ? writer->batch_number : 0;
}

bool postgres_batch_committed(const struct store *base, long long number)
{
    const struct postgres_writer *writer = ((const struct postgres_store *)base)->writer;
    if (writer == NULL || number <= 0 || number > writer->committed_batch)
        return false;
    for (size_t i = 0; i < writer->abandoned_count; i++)
        if (writer->abandoned[i] == number)
            return false;
    return true;
}

int postgres_tidy_index(struct store *base, long long articles_added, struct error *error)
{
    struct postgres_store *store = postgres_store_of(base);
    if (commit_batch(store, error) < 0)
        return -1;
    /* After a bulk load the planner needs to know the tables' new sizes
     * (autovacuum would tell it, later); a small ingest leaves it to
     * autovacuum. */
    if (articles_added >= 1000 &&
        postgres_execute(store, "ANALYZE articles, provenance, credits, dateline_places, people, places",
                         error, "cannot update the planner's statistics") < 0)
        return -1;
    return 0;
}

int postgres_writer_close(struct postgres_store *store, struct error *error)
{
    struct postgres_writer *writer = store->writer;
    if (writer == NULL)
        return 0;
    int status = commit_batch(store, error);
    free(writer->abandoned);
    free(writer->source_path);
    free(writer->source_name);
    store_article_text_free(&writer->text);
    key_folder_close(writer->folder);
    buffer_free(&writer->key);
    buffer_free(&writer->region_key);
    for (int stage = 0; stage < STAGE_COUNT; stage++)
        buffer_free(&writer->rows[stage]);
    free(writer->staged_sightings.slots);
    free(writer);
    store->writer = NULL;
    return status;
}

/* ---- settings ----------------------------------------------------------------- */

void postgres_set_replace_given_dates(struct store *base, bool replace)
{
    writer_of(base)->replace_given_dates = replace;
}

void postgres_set_batch_size(struct store *base, int articles_per_batch)
{
    writer_of(base)->batch_size = articles_per_batch < 1 ? 1 : articles_per_batch;
}

bool postgres_wants_index_tokens(const struct store *base)
{
    (void)base;
    return false; /* the server makes its own tsvectors */
}

void postgres_index_token_counts(const struct store *base, long long *ahead, long long *here)
{
    const struct postgres_writer *writer = ((const struct postgres_store *)base)->writer;
    *ahead = 0;
    *here = writer ? writer->columns_indexed : 0;
}

/* ---- sources ---------------------------------------------------------------------- */

int postgres_source_find(struct store *base, const char *path, struct store_source *source,
                         bool *found, struct error *error)
{
    struct postgres_store *store = postgres_store_of(base);
    memset(source, 0, sizeof *source);
    *found = false;
    char *stored = postgres_path_encode(path);
    const char *values[] = {stored};
    PGresult *result = postgres_query(store,
                                      "SELECT id, ingested_at IS NOT NULL, size, mtime_ns, content_hash,"
                                      " date_given FROM sources WHERE path = $1",
                                      1, values, error, "cannot look up a source");
    free(stored);
    if (result == NULL)
        return -1;
    if (PQntuples(result) > 0) {
        *found = true;
        source->id = strtoll(PQgetvalue(result, 0, 0), NULL, 10);
        source->completed = strcmp(PQgetvalue(result, 0, 1), "t") == 0;
        source->fingerprint.size = strtoll(PQgetvalue(result, 0, 2), NULL, 10);
        source->fingerprint.mtime_ns = strtoll(PQgetvalue(result, 0, 3), NULL, 10);
        snprintf(source->fingerprint.content_hash, sizeof source->fingerprint.content_hash, "%s",
                 PQgetvalue(result, 0, 4));
        snprintf(source->fingerprint.date_given, sizeof source->fingerprint.date_given, "%s",
                 PQgetvalue(result, 0, 5));
    }
    PQclear(result);
    return 0;
}

int postgres_source_touch(struct store *base, long long source_id, long long mtime_ns,
                          struct error *error)
{
    char id[32], mtime[32];
    snprintf(id, sizeof id, "%lld", source_id);
    snprintf(mtime, sizeof mtime, "%lld", mtime_ns);
    const char *values[] = {id, mtime};
    PGresult *result = postgres_query(postgres_store_of(base),
                                      "UPDATE sources SET mtime_ns = $2 WHERE id = $1", 2, values,
                                      error, "cannot update a source");
    PQclear(result);
    return result ? 0 : -1;
}

int postgres_source_begin(struct store *base, const char *path, const char *name,
                          struct error *error)
{
    struct postgres_writer *writer = writer_of(base);
    if (writer->source_active)
        return error_set(error, "cannot start %s: source %s is still being written",
                         text_quote_name(name).text, text_quote_name(writer->source_name).text);
    writer->source_active = true;
    writer->source_path = checked_strdup(path);
    writer->source_name = checked_strdup(name);
    writer->source_id = 0;
    return 0;
}

int postgres_source_end(struct store *base, const struct store_fingerprint *fingerprint,
                        struct error *error)
{
    struct postgres_store *store = postgres_store_of(base);
    struct postgres_writer *writer = writer_of(base);
    int status = 0;
    if (fingerprint != NULL) {
        if (open_batch(store, error) < 0) {
            status = -1;
        } else {
            char id[32], size[32], mtime[32];
            snprintf(id, sizeof id, "%lld", writer->source_id);
            snprintf(size, sizeof size, "%lld", fingerprint->size);
            snprintf(mtime, sizeof mtime, "%lld", fingerprint->mtime_ns);
            const char *values[] = {
                id, size, mtime, fingerprint->content_hash[0] ? fingerprint->content_hash : NULL,
                fingerprint->date_given[0] ? fingerprint->date_given : NULL,
            };
            PGresult *result = postgres_query(
                store,
                "UPDATE sources SET size = $2, mtime_ns = $3, content_hash = $4, date_given = $5,"
                " ingested_at = now() WHERE id = $1",
                5, values, error, "cannot mark a source done");
            status = result ? 0 : -1;
            PQclear(result);
        }
    }
    /* The batch stays open for the next source. */
    if (status < 0)
        abandon_batch(store);
    free(writer->source_path);
    free(writer->source_name);
    writer->source_path = writer->source_name = NULL;
    writer->source_id = 0;
    writer->source_active = false;
    return status;
}

/* ---- one article ---------------------------------------------------------------------- */

/* The origins of a credit row: which part of the article names the person. */
static const char origin_byline[] = "byline", origin_credits[] = "credits",
                  origin_caption[] = "caption";

/* Stages one credit row; caption_index < 0 means none. */
static void stage_credit(struct postgres_writer *writer, long long id, int *position,
                         const char *origin, long caption_index, const char *role,
                         const char *name, const char *location)
{
    buffer_reset(&writer->key);
    key_folder_fold(writer->folder, &writer->key, name);
    struct buffer *row = &writer->rows[STAGE_CREDITS];
    field_integer(row, true, id);
    field_integer(row, false, (*position)++);
    field_text(row, false, origin);
    if (caption_index >= 0)
        field_integer(row, false, caption_index);
    else
        field_text(row, false, NULL);
    field_text(row, false, role);
    field_text(row, false, name);
    field_text(row, false, writer->key.data ? writer->key.data : "");
    field_text(row, false, location);
    row_end(row);
}

/* Stages an article's own row and the rows of its lists. */
static void stage_article(struct postgres_writer *writer, long long id,
                          const struct article *article, const struct store_article_text *text)
{
    const struct dateline *dateline = article->dateline;
    struct buffer *row = &writer->rows[STAGE_ARTICLES];
    field_integer(row, true, id);
    field_text(row, false, text->text_hash);
    field_text(row, false, article->title);
    field_integer(row, false, article->title_repeats);
    field_text(row, false, text->date[0] ? text->date : NULL);
    field_text(row, false, article_date_source_name(text->date_source));
    field_text(row, false, article->published);
    field_boolean(row, false, dateline != NULL);
    field_text(row, false, dateline ? dateline->raw : NULL);
    field_text(row, false, dateline ? dateline->agency : NULL);
    field_text(row, false, dateline ? dateline->date : NULL);
    field_text(row, false, article->credits_raw);
    field_text(row, false, article->byline.count > 0 ? text->byline.data : NULL);
    field_text(row, false, article->caption_count > 0 ? text->captions.data : NULL);
    field_integer(row, false, (long long)article->paragraphs.count);
    field_text(row, false, text->body.data ? text->body.data : "");
    row_end(row);
    writer->columns_indexed += 6;

    int position = 0;
    for (size_t i = 0; i < article->byline.count; i++)
        stage_credit(writer, id, &position, origin_byline, -1, "byline", article->byline.items[i], NULL);
    for (size_t i = 0; i < article->credit_count; i++) {
        const struct credit *credit = &article->credits[i];
        stage_credit(writer, id, &position, origin_credits, -1, credit->role, credit->name,
                     credit->location);
    }
    for (size_t i = 0; i < article->caption_count; i++) {
        const struct caption *caption = &article->captions[i];
        row = &writer->rows[STAGE_CAPTIONS];
        field_integer(row, true, id);
        field_integer(row, false, (long long)i);
        field_text(row, false, caption->text ? caption->text : "");
        field_boolean(row, false, caption->file_photo);
        field_text(row, false, caption->credit);
        field_text(row, false, caption->date);
        row_end(row);
        for (size_t j = 0; j < caption->photographers.count; j++)
            stage_credit(writer, id, &position, origin_caption, (long)i, "photo",
                         caption->photographers.items[j], NULL);
    }
    for (size_t i = 0; dateline != NULL && i < dateline->place_count; i++) {
        const struct place *place = &dateline->places[i];
        buffer_reset(&writer->key);
        buffer_reset(&writer->region_key);
        key_folder_fold(writer->folder, &writer->key, place->city ? place->city : "");
        if (place->region != NULL)
            key_folder_fold(writer->folder, &writer->region_key, place->region);
        row = &writer->rows[STAGE_PLACES];
        field_integer(row, true, id);
        field_integer(row, false, (long long)i);
        field_text(row, false, place->city ? place->city : "");
        field_text(row, false, place->region);
        field_text(row, false, writer->key.data ? writer->key.data : "");
        field_text(row, false, writer->region_key.data ? writer->region_key.data : "");
        row_end(row);
    }
    for (size_t i = 0; i < article->subhead_count; i++) {
        row = &writer->rows[STAGE_SUBHEADS];
        field_integer(row, true, id);
        field_integer(row, false, (long long)i);
        field_text(row, false, article->subheads[i].text ? article->subheads[i].text : "");
        field_integer(row, false, (long long)article->subheads[i].before_paragraph);
        row_end(row);
    }
    const struct {
        const struct string_list *list; /* the article's list */
        enum stage stage;               /* where its items go */
    } lists[] = {{&article->notes, STAGE_NOTES}, {&article->links, STAGE_LINKS}};
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
        for (size_t i = 0; i < lists[l].list->count; i++) {
            row = &writer->rows[lists[l].stage];
            field_integer(row, true, id);
            field_integer(row, false, (long long)i);
            field_text(row, false, lists[l].list->items[i]);
            row_end(row);
        }
    for (size_t i = 0; i < article->tag_count; i++) {
        row = &writer->rows[STAGE_TAGS];
        field_integer(row, true, id);
        field_integer(row, false, (long long)i);
        field_text(row, false, article->tags[i].scheme);
        field_text(row, false, article->tags[i].code);
        row_end(row);
    }
    if (writer->lowest_staged_id == 0)
        writer->lowest_staged_id = id;
}

/* Stages where an article was seen. */
static void stage_provenance(struct postgres_writer *writer, long long id,
                             const struct article *article, long long seen)
{
    struct buffer *row = &writer->rows[STAGE_PROVENANCE];
    field_integer(row, true, id);
    field_integer(row, false, writer->source_id);
    field_integer(row, false, article->source.first_line);
    field_integer(row, false, article->source.last_line);
    field_integer(row, false, seen);
    row_end(row);
}

/* Gives an article stored before the date ingest was given for it now,
 * when it has none (or, with replace_given_dates, one given before). */
static int give_date(struct postgres_store *store, long long id,
                     const struct store_article_text *text, struct error *error)
{
    struct postgres_writer *writer = store->writer;
    /* An article staged in this batch is written first, so that the
     * UPDATE finds it. */
    if (writer->lowest_staged_id != 0 && id >= writer->lowest_staged_id &&
        flush_staged(store, error) < 0)
        return -1;
    char id_text[32];
    snprintf(id_text, sizeof id_text, "%lld", id);
    const char *values[] = {id_text, text->date, article_date_source_name(text->date_source),
                            writer->replace_given_dates ? "t" : "f"};
    PGresult *result = postgres_query(
        store,
        "UPDATE articles SET date = $2, date_source = $3 WHERE id = $1 AND (date IS NULL OR"
        " ($4::boolean AND date_source IN ('ingest-year', 'ingest-date')))",
        4, values, error, "cannot date an article");
    PQclear(result);
    return result ? 0 : -1;
}

bool postgres_article_seen_here(const struct store *base)
{
    const struct postgres_writer *writer = ((const struct postgres_store *)base)->writer;
    return writer != NULL && writer->sighting_known;
}

int postgres_article_add(struct store *base, const struct article *article,
                         const struct store_article_text *text, bool *is_new,
                         long long *article_id, struct error *error)
{
    struct postgres_store *store = postgres_store_of(base);
    struct postgres_writer *writer = writer_of(base);
    *is_new = false;
    *article_id = 0;
    writer->sighting_known = false;
    if (!writer->source_active)
        return error_set(error, "cannot store an article: no source was started");
    if (text == NULL) {
        store_article_text_prepare(article, &writer->text, NULL);
        text = &writer->text;
    }
    if (open_batch(store, error) < 0)
        goto failed;

    char source_id[32], first_line[32];
    snprintf(source_id, sizeof source_id, "%lld", writer->source_id);
    snprintf(first_line, sizeof first_line, "%ld", article->source.first_line);
    const char *values[] = {text->text_hash, source_id, first_line};
    PGresult *claim = PQexecPrepared(store->connection, CLAIM_STATEMENT, 3, values, NULL, NULL, 0);
    if (PQresultStatus(claim) != PGRES_TUPLES_OK || PQntuples(claim) != 1) {
        if (PQresultStatus(claim) == PGRES_TUPLES_OK)
            error_set(error, "cannot look up an article in store %s: its text hash gave %d rows",
                      text_quote_name(store->location).text, PQntuples(claim));
        else
            postgres_error(store, error, "cannot look up an article", claim);
        PQclear(claim);
        goto failed;
    }
    long long id = strtoll(PQgetvalue(claim, 0, 0), NULL, 10);
    bool fresh = strcmp(PQgetvalue(claim, 0, 1), "t") == 0;
    long long seen = strtoll(PQgetvalue(claim, 0, 2), NULL, 10);
    bool known = strcmp(PQgetvalue(claim, 0, 3), "t") == 0;
    PQclear(claim);

    if (fresh)
        stage_article(writer, id, article, text);
    else if ((text->date_source == ARTICLE_DATE_INGEST_YEAR ||
              text->date_source == ARTICLE_DATE_INGEST_DATE) &&
             give_date(store, id, text, error) < 0)
        goto failed;
    /* Known: this source held it at this line before (an interrupted
     * ingest, or --force). */
    struct staged_sighting sighting = {id, writer->source_id, article->source.first_line};
    if (!known && !sighting_add(&writer->staged_sightings, &sighting))
        known = true; /* staged already in this batch */
    if (!known)
        stage_provenance(writer, id, article, seen);
    writer->sighting_known = known;
    *is_new = fresh;

    writer->batch_bytes += text->normalised.length;
    if ((++writer->batch_articles >= writer->batch_size ||
         writer->batch_bytes >= POSTGRES_BATCH_MAX_BYTES) &&
        commit_batch(store, error) < 0)
        goto failed;
    *article_id = id;
    return 0;
failed:
    *is_new = false;
    writer->sighting_known = false;
    abandon_batch(store);
    return -1;
}
