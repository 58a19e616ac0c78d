/* sqlite_rank.c — newsidx_rank(), FTS5's bm25 with a faster length look-up.
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
 *
 * FTS5 starts a new query, and asks for its idf again, each time SQLite
 * filters the table anew, which it does once per article when a small set
 * of ids drives a search (`said --dateline moscow`).  So a search works out
 * idf and the average length once, with its first query, and its later
 * queries reuse them (they all run the same expression); the length
 * statement is prepared once per connection.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite_internal.h"

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
    bool known;            /* the search's first query has filled the three below */
    int phrase_count;      /* phrases in the search's expression */
    double *idf;           /* inverse document frequency per phrase */
    double average_length; /* average tokens per row */
    sqlite3_stmt *lengths; /* walks %_docsize: id, sz from a rowid on (kept for the connection) */
    const struct rank_query *walker; /* the query whose walk lengths is on, or NULL */
    struct rank_top *top;  /* what newsidx_top() is to fill (store_rank_top()), or NULL */
};

/* A ranking that keeps only the best rows, filled by newsidx_top(). */
struct rank_top {
    const struct store_id_set *filter; /* the articles that may rank, or NULL for all */
    long long low, high;               /* the rowids this ranking scores */
    size_t keep;                       /* how many of the best to keep */
    struct store_ranked *items;        /* the best so far: a heap, the worst at its root */
    size_t count;                      /* how many */
    long long matches;                 /* rows the phrase matches, all of them */
    sqlite3_int64 rows;                /* rows in the table */
    struct rank_query *query;          /* the length cache it reads through */
    sqlite3 *database;                 /* the connection it ranks on */
    int status;                        /* an SQLite status */
};

/* Where one query's length walk stands, kept as FTS5 auxiliary data. */
struct rank_query {
    sqlite3_blob *lengths_blob;   /* reads blocks of article_lengths (sqlite_lengths.c) */
    bool no_lengths;              /* the store has no article_lengths to read */
    sqlite3_int64 block;          /* the block read into block_lengths, or -1 */
    int block_slots;              /* how many articles it covers */
    unsigned char block_lengths[STORE_LENGTHS_PER_BLOCK * 4]; /* the block's lengths */
    struct rank_state *state;  /* the search's idf, average and length statement */
    sqlite3_int64 cursor_id;   /* the id the length statement stands on, or -1 */
    const unsigned char *size; /* its sz blob */
    int size_bytes;            /* the blob's length */
    bool cursor_done;          /* the walk ran off the end */
    int far_rows;              /* rows read that were far from the walk */
    sqlite3_blob *blob;        /* reads one row's sz directly, from the second far row on */
};

static void rank_query_free(void *pointer)
{
    struct rank_query *query = pointer;
    if (query == NULL)
        return;
    if (query->blob != NULL)
        sqlite3_blob_close(query->blob);
    if (query->lengths_blob != NULL)
        sqlite3_blob_close(query->lengths_blob);
    if (query->state->walker == query) {
        sqlite3_reset(query->state->lengths); /* ends its read of %_docsize */
        query->state->walker = NULL;
    }
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

/* Works out what every query of the search shares: idf of each phrase and
 * the average length.  Returns an SQLite status. */
static int rank_state_learn(const Fts5ExtensionApi *api, Fts5Context *context, struct rank_state *state)
{
    sqlite3_int64 rows = 0, tokens = 0;
    int status = api->xRowCount(context, &rows);
    if (status == SQLITE_OK)
        status = api->xColumnTotalSize(context, -1, &tokens);
    if (status != SQLITE_OK)
        return status;
    state->average_length = rows > 0 ? (double)tokens / (double)rows : 1.0;
    state->phrase_count = api->xPhraseCount(context);
    free(state->idf);
    state->idf = calloc((size_t)(state->phrase_count > 0 ? state->phrase_count : 1), sizeof *state->idf);
    if (state->idf == NULL)
        return SQLITE_NOMEM;
    state->rows = rows;
    state->deferred = state->defer_idf && state->phrase_count == 1;
    for (int i = 0; i < state->phrase_count; i++) {
        if (state->deferred) {
            state->idf[i] = 1.0;
            continue;
        }
        sqlite3_int64 hits = 0;
        status = api->xQueryPhrase(context, i, &hits, count_rows);
        if (status != SQLITE_OK)
            return status;
        double idf = log(((double)rows - (double)hits + 0.5) / ((double)hits + 0.5));
        state->idf[i] = idf > 1e-6 ? idf : 1e-6;
    }
    state->known = true;
    return SQLITE_OK;
}

/* Starts a query's ranking: learns the search's shared values when it is
 * the first, and starts a length walk. */
static struct rank_query *rank_query_new(const Fts5ExtensionApi *api, Fts5Context *context,
                                         struct sqlite_store *store, int *status)
{
    struct rank_state *state = store->rank_state;
    *status = SQLITE_OK;
    if (!state->known || state->phrase_count != api->xPhraseCount(context))
        *status = rank_state_learn(api, context, state);
    if (*status == SQLITE_OK && state->lengths == NULL)
        *status = sqlite3_prepare_v3(store->database,
                                     "SELECT id, sz FROM article_search_docsize WHERE id >= ?1 ORDER BY id",
                                     -1, SQLITE_PREPARE_PERSISTENT, &state->lengths, NULL);
    if (*status != SQLITE_OK)
        return NULL;
    struct rank_query *query = calloc(1, sizeof *query);
    if (query == NULL) {
        *status = SQLITE_NOMEM;
        return NULL;
    }
    query->state = state;
    query->cursor_id = -1;
    query->block = -1;
    return query;
}

/* Sums the column sizes of an sz blob (one varint per column). */
static double sum_sizes(const unsigned char *bytes, int size)
{
    return (double)store_docsize_total(bytes, size);
}

/* Reads row id's length through the query's blob handle, opened on first
 * use (a handle costs more to open than a seek, less to move), and makes
 * the walk resume after it.  Returns an SQLite status. */
static int far_row_length(struct rank_query *query, sqlite3 *database, sqlite3_int64 id, double *length)
{
    int status = query->blob ? sqlite3_blob_reopen(query->blob, id)
                             : sqlite3_blob_open(database, "main", "article_search_docsize", "sz", id, 0, &query->blob);
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
    sqlite3_reset(query->state->lengths);
    sqlite3_bind_int64(query->state->lengths, 1, id + 1);
    query->cursor_id = id;
    query->cursor_done = false;
    return SQLITE_OK;
}

/* Reads row id's length from its block of article_lengths into *length;
 * sets *found false when the block does not cover it (a store that has no
 * such table, or an article filed since).  Returns an SQLite status. */
static int packed_row_length(struct rank_query *query, sqlite3 *database, sqlite3_int64 id, double *length,
                             bool *found)
{
    *found = false;
    if (query->no_lengths)
        return SQLITE_OK;
    sqlite3_int64 block = id / STORE_LENGTHS_PER_BLOCK;
    if (block != query->block) {
        int status = query->lengths_blob ? sqlite3_blob_reopen(query->lengths_blob, block)
                                         : sqlite3_blob_open(database, "main", "article_lengths", "tokens", block, 0,
                                                             &query->lengths_blob);
        query->block = block;
        query->block_slots = 0;
        if (status != SQLITE_OK) {
            if (query->lengths_blob == NULL)
                query->no_lengths = true; /* no such table: read %_docsize */
            return status == SQLITE_ERROR ? SQLITE_OK : status;
        }
        int bytes = sqlite3_blob_bytes(query->lengths_blob);
        if (bytes > (int)sizeof query->block_lengths)
            bytes = (int)sizeof query->block_lengths;
        status = sqlite3_blob_read(query->lengths_blob, query->block_lengths, bytes, 0);
        if (status != SQLITE_OK)
            return status;
        query->block_slots = bytes / 4;
    }
    int slot = (int)(id % STORE_LENGTHS_PER_BLOCK);
    if (slot >= query->block_slots)
        return SQLITE_OK;
    const unsigned char *at = query->block_lengths + slot * 4;
    *length = (double)((uint32_t)at[0] | (uint32_t)at[1] << 8 | (uint32_t)at[2] << 16 | (uint32_t)at[3] << 24);
    *found = true;
    return SQLITE_OK;
}

/* The number of tokens in row id: from article_lengths, a block for a
 * thousand articles at a time, else from %_docsize.  Rows close together are read by walking
 * the length statement forward.  For a row far from the last, the first
 * time the walk starts again there (a query that ranks one row, as when
 * SQLite hands FTS5 the ids of a small filter one by one, then needs
 * nothing else); after that, through a blob handle. */
static int row_length(struct rank_query *query, sqlite3 *database, sqlite3_int64 id, double *length)
{
    bool found;
    int packed = packed_row_length(query, database, id, length, &found);
    if (packed != SQLITE_OK || found)
        return packed;
    sqlite3_stmt *lengths = query->state->lengths;
    *length = query->state->average_length;
    bool near = query->state->walker == query && query->cursor_id >= 0 && id >= query->cursor_id &&
                id - query->cursor_id <= RANK_WALK_LIMIT && !query->cursor_done;
    if (!near) {
        query->state->walker = query;
        if (query->far_rows++ > 0)
            return far_row_length(query, database, id, length);
        sqlite3_reset(lengths);
        sqlite3_bind_int64(lengths, 1, id);
        query->cursor_id = -1;
        query->cursor_done = false;
    }
    while (query->cursor_id < id) {
        int step = sqlite3_step(lengths);
        if (step != SQLITE_ROW) {
            query->cursor_done = true;
            return step == SQLITE_DONE ? SQLITE_OK : step;
        }
        query->cursor_id = sqlite3_column_int64(lengths, 0);
        query->size = sqlite3_column_blob(lengths, 1);
        query->size_bytes = sqlite3_column_bytes(lengths, 1);
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
    struct sqlite_store *store = api->xUserData(context);
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
    for (int phrase = 0; phrase < query->state->phrase_count; phrase++) {
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
        score += query->state->idf[phrase] * frequency * (RANK_K1 + 1.0) /
                 (frequency + RANK_K1 * (1.0 - RANK_B + RANK_B * length / query->state->average_length));
    }
    sqlite3_result_double(result, -score);
}

/* ---- the best rows of one phrase, without the SQL machine per row ---------------- */

/* True when a ranks worse than b: a higher score, or the same with a
 * higher id (one ranking orders ties by id). */
static bool ranks_worse(const struct store_ranked *a, const struct store_ranked *b)
{
    return a->score > b->score || (a->score == b->score && a->id > b->id);
}

/* Keeps item among the best top->keep rows: a heap with the worst at the
 * root, so that a row worse than all kept is turned away at once. */
static void top_offer(struct rank_top *top, struct store_ranked item)
{
    struct store_ranked *heap = top->items;
    size_t at;
    if (top->count < top->keep) {
        at = top->count++;
        while (at > 0 && ranks_worse(&item, &heap[(at - 1) / 2])) {
            heap[at] = heap[(at - 1) / 2];
            at = (at - 1) / 2;
        }
        heap[at] = item;
        return;
    }
    if (!ranks_worse(&heap[0], &item))
        return;
    at = 0;
    for (;;) {
        size_t child = 2 * at + 1;
        if (child >= top->count)
            break;
        if (child + 1 < top->count && ranks_worse(&heap[child + 1], &heap[child]))
            child++;
        if (!ranks_worse(&heap[child], &item))
            break;
        heap[at] = heap[child];
        at = child;
    }
    heap[at] = item;
}

/* Called by xQueryPhrase for each row the phrase matches. */
static int top_row(const Fts5ExtensionApi *api, Fts5Context *context, void *pointer)
{
    struct rank_top *top = pointer;
    top->matches++;
    sqlite3_int64 id = api->xRowid(context);
    if (id < top->low || id > top->high || (top->filter && !store_id_set_has(top->filter, id)))
        return SQLITE_OK;
    double length;
    int status = row_length(top->query, top->database, id, &length);
    if (status != SQLITE_OK)
        return status;
    int columns = (int)(sizeof rank_column_weights / sizeof rank_column_weights[0]);
    Fts5PhraseIter iterator;
    int column, offset;
    double frequency = 0;
    status = api->xPhraseFirst(context, 0, &iterator, &column, &offset);
    for (; status == SQLITE_OK && column >= 0; api->xPhraseNext(context, &iterator, &column, &offset))
        frequency += column < columns ? rank_column_weights[column] : 1.0;
    if (status != SQLITE_OK)
        return status;
    /* idf is common to every row of one phrase: it scales the scores at
     * the end, once the matches are counted. */
    double average = top->query->state->average_length;
    double score = -frequency * (RANK_K1 + 1.0) / (frequency + RANK_K1 * (1.0 - RANK_B + RANK_B * length / average));
    top_offer(top, (struct store_ranked){id, score});
    return SQLITE_OK;
}

/* newsidx_top(article_search): on the first row of a one-phrase query,
 * walks every row the phrase matches inside FTS5 and keeps the best. */
static void top_function(const Fts5ExtensionApi *api, Fts5Context *context, sqlite3_context *result,
                         int argument_count, sqlite3_value **arguments)
{
    (void)argument_count;
    (void)arguments;
    struct sqlite_store *store = api->xUserData(context);
    struct rank_top *top = store->rank_state->top;
    if (top == NULL || top->query != NULL) { /* not asked for, or done already */
        sqlite3_result_null(result);
        return;
    }
    struct rank_state *state = store->rank_state;
    sqlite3_int64 tokens = 0;
    int status = api->xRowCount(context, &top->rows);
    if (status == SQLITE_OK)
        status = api->xColumnTotalSize(context, -1, &tokens);
    if (status == SQLITE_OK && state->lengths == NULL)
        status = sqlite3_prepare_v3(store->database,
                                    "SELECT id, sz FROM article_search_docsize WHERE id >= ?1 ORDER BY id", -1,
                                    SQLITE_PREPARE_PERSISTENT, &state->lengths, NULL);
    if (status == SQLITE_OK) {
        state->average_length = top->rows > 0 ? (double)tokens / (double)top->rows : 1.0;
        top->query = calloc(1, sizeof *top->query);
        if (top->query == NULL)
            status = SQLITE_NOMEM;
    }
    if (status == SQLITE_OK) {
        top->query->state = state;
        top->query->cursor_id = -1;
        top->query->block = -1;
        top->database = store->database;
        status = api->xQueryPhrase(context, 0, top, top_row);
    }
    top->status = status;
    if (status != SQLITE_OK)
        sqlite3_result_error_code(result, status);
    else
        sqlite3_result_int64(result, (sqlite3_int64)top->count);
}

static int compare_ranked(const void *left, const void *right)
{
    const struct store_ranked *a = left, *b = right;
    return ranks_worse(a, b) ? 1 : ranks_worse(b, a) ? -1 : 0;
}

int store_rank_top(struct sqlite_store *store, const char *fts_expression, const struct store_id_set *filter,
                   long long low, long long high, size_t keep, struct store_ranked **items, size_t *count,
                   struct error *error)
{
    *items = NULL;
    *count = 0;
    if (store_rank_register(store, error) < 0)
        return -1;
    struct rank_top top = {.filter = filter, .low = low, .high = high, .keep = keep ? keep : 1};
    top.items = checked_malloc(top.keep * sizeof *top.items);
    store->rank_state->top = &top;
    sqlite3_stmt *statement = NULL;
    int status = sqlite3_prepare_v2(store->database,
                                    "SELECT newsidx_top(article_search) FROM article_search"
                                    " WHERE article_search MATCH ?1 LIMIT 1",
                                    -1, &statement, NULL);
    if (status == SQLITE_OK) {
        sqlite3_bind_text(statement, 1, fts_expression, -1, SQLITE_STATIC);
        status = sqlite3_step(statement);
    }
    int result = 0;
    if (status != SQLITE_ROW && status != SQLITE_DONE)
        result = error_set(error, "cannot search the store '%s': %s", store->path, sqlite3_errmsg(store->database));
    sqlite3_finalize(statement);
    store->rank_state->top = NULL;
    rank_query_free(top.query);
    if (result < 0) {
        free(top.items);
        return -1;
    }
    /* bm25's idf, from every row the phrase matches, floored as FTS5 does. */
    double idf = log(((double)top.rows - (double)top.matches + 0.5) / ((double)top.matches + 0.5));
    if (idf < 1e-6)
        idf = 1e-6;
    for (size_t i = 0; i < top.count; i++)
        top.items[i].score *= idf;
    qsort(top.items, top.count, sizeof *top.items, compare_ranked);
    *items = top.items;
    *count = top.count;
    return 0;
}

int store_rank_register(struct sqlite_store *store, struct error *error)
{
    if (store->rank_registered)
        return 0;
    fts5_api *api = store_fts5_api(store->database);
    if (api == NULL || api->iVersion < 2)
        return error_set(error, "cannot search the store %s: this SQLite has no FTS5",
                         text_quote_name(store->path).text);
    store->rank_state = calloc(1, sizeof *store->rank_state);
    if (store->rank_state == NULL)
        return error_set(error, "cannot search the store %s: out of memory",
                         text_quote_name(store->path).text);
    int status = api->xCreateFunction(api, "newsidx_rank", store, rank_function, NULL);
    if (status == SQLITE_OK)
        status = api->xCreateFunction(api, "newsidx_top", store, top_function, NULL);
    if (status != SQLITE_OK)
        return error_set(error, "cannot search the store %s: %s",
                         text_quote_name(store->path).text, sqlite3_errstr(status));
    store->rank_registered = true;
    return 0;
}

void store_rank_begin(struct sqlite_store *store, bool defer_idf)
{
    struct rank_state *state = store->rank_state;
    if (state == NULL)
        return;
    state->defer_idf = defer_idf;
    state->deferred = false;
    state->ranked = state->rows = 0;
    state->known = false;
    state->walker = NULL;
    if (state->lengths != NULL)
        sqlite3_reset(state->lengths);
}

void store_rank_free(struct sqlite_store *store)
{
    struct rank_state *state = store->rank_state;
    if (state == NULL)
        return;
    sqlite3_finalize(state->lengths);
    free(state->idf);
    free(state);
    store->rank_state = NULL;
}

double store_rank_scale_of(const struct sqlite_store *const *stores, size_t count)
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
