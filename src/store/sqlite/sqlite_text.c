/* sqlite_text.c — article bodies kept compressed with zstd.
 *
 * articles.body holds one zstd frame per article.  News copy is short
 * (a few KiB a story), which leaves a plain frame little to learn from: it
 * halves the text.  So once a store has seen enough articles, zstd trains
 * a dictionary on them (ZDICT's fastCover), the dictionary is kept in the
 * table text_dictionaries, and every later body is compressed with it:
 * 2.6 times smaller on real copy of 2006–13, 3.5 times on the generated
 * benchmark text.  A frame names its dictionary in its header (zstd's
 * dictionary id is the row's id), so bodies written before the dictionary
 * existed, or under another one, still read back.
 *
 * Readers decompress through the SQL function newsidx_text(body), which
 * every connection of the store registers: the view article_text (and so
 * FTS5's snippets) and the article loader call it.  A body stored as TEXT
 * (a store not yet upgraded) comes back as it is.
 *
 * The writer compresses each new body as it stores it (the parsing thread
 * of an ingest is the busier one), with the store's packer; the packer
 * trains the dictionary on the first bodies, and the writer stores it in
 * the transaction of the first body compressed with it.
 */
#include <stdlib.h>
#include <string.h>

#define ZDICT_STATIC_LINKING_ONLY /* ZDICT_trainFromBuffer_fastCover */
#include <zdict.h>
#include <zstd.h>

#include "sqlite_internal.h"

/* The level bodies are compressed at: level 3 is zstd's default, and with
 * a dictionary it compresses at about 100 MB/s on one core. */
#define TEXT_LEVEL 3

/* A dictionary is trained once this much text has been seen (and at
 * least TEXT_TRAIN_MIN_ARTICLES articles).  zstd's guidance is a hundred
 * times the dictionary's size in samples, but on news bodies 2 MB (some 800
 * stories) compressed as well as 8 MB, and trains in a quarter of the time. */
#define TEXT_TRAIN_BYTES (2u * 1024u * 1024u)
#define TEXT_TRAIN_MIN_ARTICLES 500

/* The dictionary's size. */
#define TEXT_DICTIONARY_BYTES (112u * 1024u)

/* A trained dictionary, ready to compress with. */
struct store_text_dictionary {
    unsigned id;          /* its id: the row in text_dictionaries, and zstd's dictionary id */
    void *bytes;          /* the dictionary as stored */
    size_t size;          /* its length */
    ZSTD_CDict *compress; /* digested for compression at TEXT_LEVEL */
};

/* What one thread compresses with. */
struct store_text_packer {
    ZSTD_CCtx *context;                        /* zstd's compression state */
    struct store_text_dictionary *dictionary;  /* the dictionary in use, or NULL */
    struct store_text_dictionary *trained;     /* one this packer trained (owned), or NULL */
    bool trained_news;                         /* the trained one is yet to reach the store */
    struct buffer samples;                     /* bodies kept for training, end to end */
    size_t *sample_sizes;                      /* the length of each */
    size_t sample_count;                       /* how many */
    size_t sample_capacity;                    /* allocated slots in sample_sizes */
    bool training_over;                        /* trained, or gave up: keep no more samples */
};

static void text_dictionary_free(struct store_text_dictionary *dictionary)
{
    if (dictionary == NULL)
        return;
    ZSTD_freeCDict(dictionary->compress);
    free(dictionary->bytes);
    free(dictionary);
}

/* Makes a dictionary from its stored bytes. */
static struct store_text_dictionary *text_dictionary_new(const void *bytes, size_t size)
{
    struct store_text_dictionary *dictionary = checked_malloc(sizeof *dictionary);
    dictionary->id = ZDICT_getDictID(bytes, size);
    dictionary->bytes = checked_malloc(size);
    memcpy(dictionary->bytes, bytes, size);
    dictionary->size = size;
    dictionary->compress = ZSTD_createCDict(dictionary->bytes, size, TEXT_LEVEL);
    if (dictionary->compress == NULL) {
        text_dictionary_free(dictionary);
        return NULL;
    }
    return dictionary;
}

int store_text_packer_open(struct sqlite_store *store, struct store_text_packer **out, struct error *error)
{
    struct store_text_packer *packer = checked_malloc(sizeof *packer);
    memset(packer, 0, sizeof *packer);
    packer->context = ZSTD_createCCtx();
    if (packer->context == NULL) {
        free(packer);
        return error_set(error, "cannot start compressing text: out of memory");
    }
    packer->dictionary = store ? store->text_dictionary : NULL;
    packer->training_over = packer->dictionary != NULL;
    *out = packer;
    return 0;
}

void store_text_packer_close(struct store_text_packer *packer)
{
    if (packer == NULL)
        return;
    ZSTD_freeCCtx(packer->context);
    text_dictionary_free(packer->trained);
    buffer_free(&packer->samples);
    free(packer->sample_sizes);
    free(packer);
}

/* Trains a dictionary on the samples kept; on success it is used from
 * the next body on. */
static void packer_train(struct store_text_packer *packer)
{
    packer->training_over = true;
    void *bytes = checked_malloc(TEXT_DICTIONARY_BYTES);
    /* fastCover with zstd's usual parameters: on 4 MB of bodies it trains
     * in under a tenth of a second, and searching for better ones (ZDICT's
     * optimize) took five times as long for the same ratio, on real copy
     * and on the generated text alike. */
    ZDICT_fastCover_params_t parameters;
    memset(&parameters, 0, sizeof parameters);
    parameters.k = 200;
    parameters.d = 8;
    parameters.f = 20;
    parameters.accel = 1;
    parameters.zParams.compressionLevel = TEXT_LEVEL;
    size_t size = ZDICT_trainFromBuffer_fastCover(bytes, TEXT_DICTIONARY_BYTES, packer->samples.data,
                                                  packer->sample_sizes, (unsigned)packer->sample_count, parameters);
    /* zstd gives the dictionary a random id (zParams.dictID 0), which each
     * frame compressed with it names and text_dictionaries keys it by. */
    if (!ZDICT_isError(size)) {
        packer->trained = text_dictionary_new(bytes, size);
        packer->dictionary = packer->trained;
        packer->trained_news = packer->trained != NULL;
    }
    free(bytes);
    buffer_free(&packer->samples);
    free(packer->sample_sizes);
    packer->sample_sizes = NULL;
    packer->sample_count = packer->sample_capacity = 0;
}

void store_text_compress(struct store_text_packer *packer, const char *body, size_t length,
                         struct buffer *out, struct buffer *trained)
{
    if (!packer->training_over) {
        array_reserve((void **)&packer->sample_sizes, &packer->sample_capacity, packer->sample_count + 1,
                      sizeof *packer->sample_sizes);
        packer->sample_sizes[packer->sample_count++] = length;
        buffer_append(&packer->samples, body, length);
        if (packer->samples.length >= TEXT_TRAIN_BYTES && packer->sample_count >= TEXT_TRAIN_MIN_ARTICLES)
            packer_train(packer);
    }
    buffer_reset(trained);
    if (packer->trained_news) {
        buffer_append(trained, packer->trained->bytes, packer->trained->size);
        packer->trained_news = false;
    }
    size_t bound = ZSTD_compressBound(length);
    buffer_reset(out);
    buffer_reserve(out, bound);
    size_t size = packer->dictionary
                      ? ZSTD_compress_usingCDict(packer->context, out->data, bound, body, length,
                                                 packer->dictionary->compress)
                      : ZSTD_compressCCtx(packer->context, out->data, bound, body, length, TEXT_LEVEL);
    /* Compression into a buffer of compressBound() bytes cannot fail but
     * for memory, which checked_malloc() would have stopped at already. */
    out->length = ZSTD_isError(size) ? 0 : size;
}

/* Adds a dictionary to the ones the store owns and compresses with. */
static void store_adopt_dictionary(struct sqlite_store *store, struct store_text_dictionary *dictionary)
{
    store->kept_dictionaries = checked_realloc(store->kept_dictionaries,
                                               (store->kept_dictionary_count + 1) * sizeof *store->kept_dictionaries);
    store->kept_dictionaries[store->kept_dictionary_count++] = dictionary;
    store->text_dictionary = dictionary;
}

int store_text_keep_dictionary(struct sqlite_store *store, const void *bytes, size_t size, struct error *error)
{
    struct store_text_dictionary *dictionary = text_dictionary_new(bytes, size);
    if (dictionary == NULL)
        return error_set(error, "cannot keep a text dictionary in store '%s': zstd refused it", store->path);
    sqlite3_stmt *insert = store_statement(store, STATEMENT_TEXT_DICTIONARY_INSERT, error);
    if (insert == NULL) {
        text_dictionary_free(dictionary);
        return -1;
    }
    sqlite3_bind_int64(insert, 1, dictionary->id);
    sqlite3_bind_blob(insert, 2, dictionary->bytes, (int)dictionary->size, SQLITE_STATIC);
    if (store_step_done(store, insert, error, "cannot store the text dictionary") < 0) {
        text_dictionary_free(dictionary);
        return -1;
    }
    store_adopt_dictionary(store, dictionary);
    return 0;
}

int store_text_load_dictionary(struct sqlite_store *store, struct error *error)
{
    sqlite3_stmt *select = store_statement(store, STATEMENT_TEXT_DICTIONARY_LATEST, error);
    if (select == NULL)
        return -1;
    int status = sqlite3_step(select);
    if (status == SQLITE_ROW) {
        struct store_text_dictionary *dictionary =
            text_dictionary_new(sqlite3_column_blob(select, 0), (size_t)sqlite3_column_bytes(select, 0));
        if (dictionary != NULL)
            store_adopt_dictionary(store, dictionary);
    }
    sqlite3_reset(select);
    if (status != SQLITE_ROW && status != SQLITE_DONE)
        return store_error(store, error, "cannot read the text dictionary");
    return 0;
}

void store_text_dictionaries_free(struct sqlite_store *store)
{
    for (size_t i = 0; i < store->kept_dictionary_count; i++)
        text_dictionary_free(store->kept_dictionaries[i]);
    free(store->kept_dictionaries);
    store->kept_dictionaries = NULL;
    store->kept_dictionary_count = 0;
    store->text_dictionary = NULL;
}

/* ---- reading: newsidx_text() ------------------------------------------- */

/* How many dictionaries a connection keeps digested for decompression. */
#define TEXT_READER_DICTIONARIES 4

/* What newsidx_text() keeps on one connection. */
struct text_reader {
    sqlite3 *database;                                  /* the connection */
    ZSTD_DCtx *context;                                 /* zstd's decompression state */
    unsigned ids[TEXT_READER_DICTIONARIES];             /* the dictionaries digested, by id */
    ZSTD_DDict *dictionaries[TEXT_READER_DICTIONARIES]; /* and digested */
    size_t next_slot;                                   /* the slot the next one takes */
    struct buffer scratch;                              /* the text last decompressed */
};

static void text_reader_free(void *pointer)
{
    struct text_reader *reader = pointer;
    ZSTD_freeDCtx(reader->context);
    for (size_t i = 0; i < TEXT_READER_DICTIONARIES; i++)
        ZSTD_freeDDict(reader->dictionaries[i]);
    buffer_free(&reader->scratch);
    free(reader);
}

/* The digested dictionary id, read from text_dictionaries the first time;
 * NULL (with a message) when the store does not have it. */
static ZSTD_DDict *text_reader_dictionary(struct text_reader *reader, unsigned id, const char **problem)
{
    for (size_t i = 0; i < TEXT_READER_DICTIONARIES; i++)
        if (reader->dictionaries[i] != NULL && reader->ids[i] == id)
            return reader->dictionaries[i];
    /* Prepared for each load (a connection loads each dictionary once):
     * a statement kept prepared here would keep sqlite3_close() from
     * closing the connection, and so from freeing this reader. */
    sqlite3_stmt *select = NULL;
    if (sqlite3_prepare_v2(reader->database, "SELECT dictionary FROM text_dictionaries WHERE id = ?1", -1,
                           &select, NULL) != SQLITE_OK) {
        *problem = "cannot read the store's text dictionaries";
        return NULL;
    }
    sqlite3_bind_int64(select, 1, id);
    ZSTD_DDict *dictionary = NULL;
    if (sqlite3_step(select) == SQLITE_ROW)
        dictionary = ZSTD_createDDict(sqlite3_column_blob(select, 0), (size_t)sqlite3_column_bytes(select, 0));
    sqlite3_finalize(select);
    if (dictionary == NULL) {
        *problem = "an article's text needs a compression dictionary the store does not hold";
        return NULL;
    }
    size_t slot = reader->next_slot++ % TEXT_READER_DICTIONARIES;
    ZSTD_freeDDict(reader->dictionaries[slot]);
    reader->dictionaries[slot] = dictionary;
    reader->ids[slot] = id;
    return dictionary;
}

/* newsidx_text(body): the text of a compressed body; TEXT and NULL come
 * back as they are. */
static void newsidx_text(sqlite3_context *context, int argument_count, sqlite3_value **arguments)
{
    (void)argument_count;
    if (sqlite3_value_type(arguments[0]) != SQLITE_BLOB) {
        sqlite3_result_value(context, arguments[0]);
        return;
    }
    struct text_reader *reader = sqlite3_user_data(context);
    const void *frame = sqlite3_value_blob(arguments[0]);
    size_t frame_size = (size_t)sqlite3_value_bytes(arguments[0]);
    unsigned long long size = ZSTD_getFrameContentSize(frame, frame_size);
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (1u << 30)) {
        sqlite3_result_error(context, "an article's text is not a zstd frame newsidx wrote", -1);
        return;
    }
    unsigned id = ZSTD_getDictID_fromFrame(frame, frame_size);
    const char *problem = NULL;
    ZSTD_DDict *dictionary = id ? text_reader_dictionary(reader, id, &problem) : NULL;
    if (id && dictionary == NULL) {
        sqlite3_result_error(context, problem, -1);
        return;
    }
    buffer_reset(&reader->scratch);
    buffer_reserve(&reader->scratch, (size_t)size + 1);
    size_t got = dictionary ? ZSTD_decompress_usingDDict(reader->context, reader->scratch.data, (size_t)size,
                                                         frame, frame_size, dictionary)
                            : ZSTD_decompressDCtx(reader->context, reader->scratch.data, (size_t)size, frame,
                                                  frame_size);
    if (ZSTD_isError(got) || got != size) {
        sqlite3_result_error(context, "an article's text is damaged (zstd cannot decompress it)", -1);
        return;
    }
    sqlite3_result_text(context, reader->scratch.data, (int)got, SQLITE_TRANSIENT);
}

/* newsidx_pack(text): the body compressed, for an upgrade of a store
 * written before bodies were (with the store's dictionary, if it has one). */
static void newsidx_pack(sqlite3_context *context, int argument_count, sqlite3_value **arguments)
{
    (void)argument_count;
    if (sqlite3_value_type(arguments[0]) != SQLITE_TEXT) {
        sqlite3_result_value(context, arguments[0]);
        return;
    }
    struct sqlite_store *store = sqlite3_user_data(context);
    if (store->migration_packer == NULL) {
        struct error error = {0};
        if (store_text_packer_open(store, &store->migration_packer, &error) < 0) {
            sqlite3_result_error(context, error.message, -1);
            return;
        }
        store->migration_packer->training_over = true; /* the upgrade trained beforehand */
    }
    struct buffer trained = {0};
    store_text_compress(store->migration_packer, (const char *)sqlite3_value_text(arguments[0]),
                        (size_t)sqlite3_value_bytes(arguments[0]), &store->packed_here, &trained);
    buffer_free(&trained);
    sqlite3_result_blob(context, store->packed_here.data, (int)store->packed_here.length, SQLITE_TRANSIENT);
}

int store_text_register(struct sqlite_store *store, struct error *error)
{
    struct text_reader *reader = checked_malloc(sizeof *reader);
    memset(reader, 0, sizeof *reader);
    reader->database = store->database;
    reader->context = ZSTD_createDCtx();
    if (reader->context == NULL) {
        free(reader);
        return error_set(error, "cannot open store '%s': out of memory", store->path);
    }
    if (sqlite3_create_function_v2(store->database, "newsidx_text", 1,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, reader,
                                   newsidx_text, NULL, NULL, text_reader_free) != SQLITE_OK ||
        sqlite3_create_function_v2(store->database, "newsidx_pack", 1, SQLITE_UTF8, store, newsidx_pack, NULL,
                                   NULL, NULL) != SQLITE_OK)
        return store_error(store, error, "cannot register newsidx_text()");
    return 0;
}

int store_text_train_from_store(struct sqlite_store *store, struct error *error)
{
    /* An upgrade: train on the bodies already stored (a sample spread over
     * the table), then keep the dictionary for every body after. */
    sqlite3_stmt *sample = NULL;
    if (sqlite3_prepare_v2(store->database,
                           "SELECT body FROM articles WHERE typeof(body) = 'text'"
                           " AND id % max(1, (SELECT count(*) FROM articles) / ?1) = 0",
                           -1, &sample, NULL) != SQLITE_OK)
        return store_error(store, error, "cannot sample the stored text");
    sqlite3_bind_int(sample, 1, 4 * TEXT_TRAIN_MIN_ARTICLES);
    struct store_text_packer *packer = NULL;
    if (store_text_packer_open(NULL, &packer, error) < 0) {
        sqlite3_finalize(sample);
        return -1;
    }
    int status;
    while ((status = sqlite3_step(sample)) == SQLITE_ROW && !packer->training_over) {
        size_t length = (size_t)sqlite3_column_bytes(sample, 0);
        array_reserve((void **)&packer->sample_sizes, &packer->sample_capacity, packer->sample_count + 1,
                      sizeof *packer->sample_sizes);
        packer->sample_sizes[packer->sample_count++] = length;
        buffer_append(&packer->samples, (const char *)sqlite3_column_text(sample, 0), length);
    }
    sqlite3_finalize(sample);
    if (status != SQLITE_ROW && status != SQLITE_DONE) {
        store_text_packer_close(packer);
        return store_error(store, error, "cannot sample the stored text");
    }
    int result = 0;
    if (!packer->training_over && packer->sample_count >= TEXT_TRAIN_MIN_ARTICLES / 4)
        packer_train(packer);
    if (packer->trained != NULL)
        result = store_text_keep_dictionary(store, packer->trained->bytes, packer->trained->size, error);
    store_text_packer_close(packer);
    return result;
}
