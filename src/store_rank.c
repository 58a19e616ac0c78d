/* store_rank.c — newsidx_rank(), FTS5's bm25 with a faster length look-up.
 *
 * FTS5's built-in bm25() spends most of its time fetching each matching
 * row's length from the %_docsize table, one keyed look-up per row.  Rows
 * reach a rank function in ascending rowid order, so newsidx_rank() reads
 * the same table with one cursor that walks forward and seeks only across
 * large gaps.  The score is bm25's, with the same formula and constants:
 *
 *   score = - Σ_phrases idf · f · (k1 + 1) / (f + k1 · (1 − b + b · D / avgD))
 *
 * f is the phrase's weighted count (column weights below), D the row's
 * tokens, avgD the average, idf = ln((N − n + 0.5) / (n + 0.5)) floored at
 * 1e-6 as FTS5 does.  Lower is better, as with bm25().
 *
 * Finding n for a phrase costs a second pass over its matches.  When the
 * query is one phrase and nothing filters its matches, n is the number of
 * rows ranked, and idf a factor common to every score: the order is the
 * same without it.  Then the function ranks with idf = 1, counts the rows,
 * and store_rank_scale() gives the factor for the scores of the hits shown.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* bm25's constants, as FTS5 uses them. */
#define RANK_K1 1.2
#define RANK_B 0.75

/* Weights in the FTS5 column order title, body, caption, byline, dateline,
 * credits: headline and people above the body. */
static const double rank_column_weights[] = {10.0, 1.0, 2.0, 6.0, 3.0, 6.0};

/* A gap in rowids beyond which the length cursor seeks instead of walking. */
#define RANK_WALK_LIMIT 32

/* What the connection's searches share with newsidx_rank(). */
struct rank_state {
    bool defer_idf;        /* the search lets a one-phrase query skip idf */
    bool deferred;         /* the query did skip it */
    sqlite3_int64 ranked;  /* rows ranked by the query */
    sqlite3_int64 rows;    /* rows in the table */
};

/* What one query's ranking needs, kept as FTS5 auxiliary data. */
struct rank_query {
    int phrase_count;          /* phrases in the query */
    double *idf;               /* inverse document frequency per phrase */
    double average_length;     /* average tokens per row */
    sqlite3_stmt *lengths;     /* walks %_docsize: id, sz from a rowid on */
    sqlite3_int64 cursor_id;   /* the id the cursor stands on, or -1 */
    const unsigned char *size; /* its sz blob */
    int size_bytes;            /* the blob's length */
    bool cursor_done;          /* the walk ran off the end */
    sqlite3_blob *blob;        /* reads one row's sz directly, for rows far apart */
};

static void rank_query_free(void *pointer)
{
    struct rank_query *query = pointer;
    if (query == NULL)
        return;
    sqlite3_finalize(query->lengths);
    if (query->blob)
        sqlite3_blob_close(query->blob);
    free(query->idf);
    free(query);
}

/* Counts rows for xQueryPhrase. */
static int count_rows(const Fts5ExtensionApi *api, Fts5Context *context, void *count)
{
    (void)api;
    (void)context;
    (*(sqlite3_int64 *)count)++;
    return SQLITE_OK;
}

/* Builds the per-query data: idf of each phrase, the average length, the
 * length cursor. */
static struct rank_query *rank_query_new(const Fts5ExtensionApi *api, Fts5Context *context,
                                         struct store *store, int *status)
{
    sqlite3 *database = store->database;
    struct rank_state *state = store->rank_state;
    struct rank_query *query = calloc(1, sizeof *query);
    if (query == NULL) {
        *status = SQLITE_NOMEM;
        return NULL;
    }
    sqlite3_int64 rows = 0, tokens = 0;
    *status = api->xRowCount(context, &rows);
    if (*status == SQLITE_OK)
        *status = api->xColumnTotalSize(context, -1, &tokens);
    query->average_length = rows > 0 ? (double)tokens / (double)rows : 1.0;
    query->phrase_count = api->xPhraseCount(context);
    query->idf = calloc((size_t)(query->phrase_count > 0 ? query->phrase_count : 1), sizeof *query->idf);
    if (query->idf == NULL && *status == SQLITE_OK)
        *status = SQLITE_NOMEM;
    state->rows = rows;
    state->deferred = state->defer_idf && query->phrase_count == 1;
    for (int i = 0; *status == SQLITE_OK && i < query->phrase_count; i++) {
        if (state->deferred) {
            query->idf[i] = 1.0;
            continue;
        }
        sqlite3_int64 hits = 0;
        *status = api->xQueryPhrase(context, i, &hits, count_rows);
        double idf = log(((double)rows - (double)hits + 0.5) / ((double)hits + 0.5));
        query->idf[i] = idf > 1e-6 ? idf : 1e-6;
    }
    if (*status == SQLITE_OK)
        *status = sqlite3_prepare_v2(database,
                                     "SELECT id, sz FROM article_search_docsize WHERE id >= ?1 ORDER BY id",
                                     -1, &query->lengths, NULL);
    query->cursor_id = -1;
    if (*status != SQLITE_OK) {
        rank_query_free(query);
        return NULL;
    }
    return query;
}

/* Reads an FTS5 varint (SQLite's format) from bytes; returns its length. */
static int read_varint(const unsigned char *bytes, int available, sqlite3_int64 *value)
{
    sqlite3_uint64 result = 0;
    for (int i = 0; i < available && i < 9; i++) {
        if (i == 8) {
            result = (result << 8) | bytes[i];
            *value = (sqlite3_int64)result;
            return 9;
        }
        result = (result << 7) | (bytes[i] & 0x7F);
        if ((bytes[i] & 0x80) == 0) {
            *value = (sqlite3_int64)result;
            return i + 1;
        }
    }
    *value = (sqlite3_int64)result;
    return available;
}

/* Sums the column sizes of an sz blob (one varint per column). */
static double sum_sizes(const unsigned char *bytes, int size)
{
    sqlite3_int64 total = 0, column;
    for (int offset = 0; offset < size;) {
        offset += read_varint(bytes + offset, size - offset, &column);
        total += column;
    }
    return (double)total;
}

/* The number of tokens in row id.  Rows close together are read by walking
 * one cursor forward; a row far from the last is read through a blob handle
 * moved straight to it. */
static int row_length(struct rank_query *query, sqlite3 *database, sqlite3_int64 id, double *length)
{
    *length = query->average_length;
    bool near = query->cursor_id >= 0 && id >= query->cursor_id && id - query->cursor_id <= RANK_WALK_LIMIT &&
                !query->cursor_done;
    if (!near) {
        int status = query->blob ? sqlite3_blob_reopen(query->blob, id)
                                 : sqlite3_blob_open(database, "main", "article_search_docsize", "sz", id, 0,
                                                     &query->blob);
        if (status != SQLITE_OK)
            return status == SQLITE_ERROR ? SQLITE_OK : status; /* no such row: the average */
        unsigned char bytes[64];
        int size = sqlite3_blob_bytes(query->blob);
        if (size > (int)sizeof bytes)
            size = (int)sizeof bytes;
        status = sqlite3_blob_read(query->blob, bytes, size, 0);
        if (status != SQLITE_OK)
            return status;
        *length = sum_sizes(bytes, size);
        /* The walk resumes from here. */
        sqlite3_reset(query->lengths);
        sqlite3_bind_int64(query->lengths, 1, id + 1);
        query->cursor_id = id;
        query->cursor_done = false;
        return SQLITE_OK;
    }
    while (query->cursor_id < id) {
        int step = sqlite3_step(query->lengths);
        if (step != SQLITE_ROW) {
            query->cursor_done = true;
            return step == SQLITE_DONE ? SQLITE_OK : step;
        }
        query->cursor_id = sqlite3_column_int64(query->lengths, 0);
        query->size = sqlite3_column_blob(query->lengths, 1);
        query->size_bytes = sqlite3_column_bytes(query->lengths, 1);
    }
    if (query->cursor_id == id)
        *length = sum_sizes(query->size, query->size_bytes);
    return SQLITE_OK;
}

static void rank_function(const Fts5ExtensionApi *api, Fts5Context *context, sqlite3_context *result,
                          int argument_count, sqlite3_value **arguments)
{
    (void)argument_count;
    (void)arguments;
    int status = SQLITE_OK;
    struct store *store = api->xUserData(context);
    struct rank_query *query = api->xGetAuxdata(context, 0);
    if (query == NULL) {
        query = rank_query_new(api, context, store, &status);
        if (query == NULL) {
            sqlite3_result_error_code(result, status);
            return;
        }
        status = api->xSetAuxdata(context, query, rank_query_free);
        if (status != SQLITE_OK) {
            sqlite3_result_error_code(result, status);
            return;
        }
    }
    store->rank_state->ranked++;
    double length;
    status = row_length(query, store->database, api->xRowid(context), &length);
    if (status != SQLITE_OK) {
        sqlite3_result_error_code(result, status);
        return;
    }
    int columns = (int)(sizeof rank_column_weights / sizeof rank_column_weights[0]);
    double score = 0;
    for (int phrase = 0; phrase < query->phrase_count; phrase++) {
        Fts5PhraseIter iterator;
        int column, offset;
        double frequency = 0;
        status = api->xPhraseFirst(context, phrase, &iterator, &column, &offset);
        for (; status == SQLITE_OK && column >= 0; api->xPhraseNext(context, &iterator, &column, &offset))
            frequency += column < columns ? rank_column_weights[column] : 1.0;
        if (status != SQLITE_OK) {
            sqlite3_result_error_code(result, status);
            return;
        }
        score += query->idf[phrase] * frequency * (RANK_K1 + 1.0) /
                 (frequency + RANK_K1 * (1.0 - RANK_B + RANK_B * length / query->average_length));
    }
    sqlite3_result_double(result, -score);
}

int store_rank_register(struct store *store, struct error *error)
{
    if (store->rank_registered)
        return 0;
    fts5_api *api = store_fts5_api(store->database);
    if (api == NULL || api->iVersion < 2)
        return error_set(error, "cannot search the store '%s': this SQLite has no FTS5", store->path);
    store->rank_state = calloc(1, sizeof *store->rank_state);
    if (store->rank_state == NULL)
        return error_set(error, "cannot search the store '%s': out of memory", store->path);
    int status = api->xCreateFunction(api, "newsidx_rank", store, rank_function, NULL);
    if (status != SQLITE_OK)
        return error_set(error, "cannot search the store '%s': %s", store->path, sqlite3_errstr(status));
    store->rank_registered = true;
    return 0;
}

void store_rank_begin(struct store *store, bool defer_idf)
{
    if (store->rank_state == NULL)
        return;
    memset(store->rank_state, 0, sizeof *store->rank_state);
    store->rank_state->defer_idf = defer_idf;
}

double store_rank_scale_of(const struct store *const *stores, size_t count)
{
    double rows = 0, ranked = 0;
    for (size_t i = 0; i < count; i++) {
        const struct rank_state *state = stores[i]->rank_state;
        if (state == NULL || !state->deferred)
            return 1.0;
        rows = (double)state->rows;
        ranked += (double)state->ranked;
    }
    double idf = log((rows - ranked + 0.5) / (ranked + 0.5));
    return idf > 1e-6 ? idf : 1e-6;
}
