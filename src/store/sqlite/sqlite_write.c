/* sqlite_write.c — writing sources and articles, in batches.
 *
 * An article is stored once per normalised text: its title and paragraphs
 * with every run of white space (U+00A0 included) made one space and curly
 * quote marks made straight, hashed with hash.h.  The same story in another
 * dump, or in another encoding of the same dump, adds a provenance row only.
 */
#include "sqlite_internal.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsidx/article_date.h"
#include "newsidx/hash.h"

/* ---- normalised text and its hash ------------------------------------- */

/* The straight quote a curly one stands for, or 0: ‘ ’ ‚ ‛ become ', “ ” „ ‟
 * become ".  at points at a 3-byte UTF-8 sequence E2 80 xx. */
static char straight_quote(const unsigned char *at, size_t available)
{
    if (available < 3 || at[0] != 0xE2 || at[1] != 0x80)
        return 0;
    if (at[2] >= 0x98 && at[2] <= 0x9B)
        return '\'';
    if (at[2] >= 0x9C && at[2] <= 0x9F)
        return '"';
    return 0;
}

/* Appends text to out with white space collapsed and trimmed and quotes
 * made straight.  The text is copied first and then compacted in place,
 * which is safe because normalising never makes text longer. */
static void normalise_append(struct buffer *out, const char *text)
{
    if (text == NULL)
        return;
    size_t length = strlen(text), start = out->length;
    buffer_append(out, text, length);
    char *read = out->data + start, *end = read + length, *write = read;
    bool pending_space = false;
    while (read < end) {
        unsigned char byte = (unsigned char)*read;
        if (byte > ' ' && byte < 0x80) { /* the common case: a run of ASCII */
            if (pending_space) {
                *write++ = ' ';
                pending_space = false;
            }
            do
                *write++ = *read++;
            while (read < end && (unsigned char)*read > ' ' && (unsigned char)*read < 0x80);
            continue;
        }
        size_t space = byte <= ' ' ? 1 : text_space_length(read, (size_t)(end - read));
        if (space > 0) {
            pending_space = write > out->data + start;
            read += space;
            continue;
        }
        if (pending_space) {
            *write++ = ' ';
            pending_space = false;
        }
        char quote = straight_quote((const unsigned char *)read, (size_t)(end - read));
        if (quote != 0) {
            *write++ = quote;
            read += 3;
        } else {
            *write++ = *read++;
        }
    }
    out->length = (size_t)(write - out->data);
    out->data[out->length] = '\0';
}

/* Joins a list of strings with separator into out (emptied first). */
static void join_strings(struct buffer *out, const struct string_list *list, const char *separator)
{
    buffer_reset(out);
    for (size_t i = 0; i < list->count; i++) {
        if (i > 0)
            buffer_append_string(out, separator);
        buffer_append_string(out, list->items[i]);
    }
}

void store_article_text_prepare(const struct article *article, struct store_article_text *text,
                                struct store_tokenizer *tokenizer)
{
    /* The normalised text: title, then each paragraph, one per line. */
    buffer_reset(&text->normalised);
    normalise_append(&text->normalised, article->title);
    for (size_t i = 0; i < article->paragraphs.count; i++) {
        buffer_append_byte(&text->normalised, '\n');
        normalise_append(&text->normalised, article->paragraphs.items[i]);
    }
    struct content_hash hash;
    content_hash_init(&hash);
    content_hash_update(&hash, text->normalised.data ? text->normalised.data : "",
                        text->normalised.length);
    content_hash_finish_hex(&hash, text->text_hash);

    join_strings(&text->body, &article->paragraphs, STORE_PARAGRAPH_SEPARATOR);
    join_strings(&text->byline, &article->byline, ", ");
    buffer_reset(&text->captions);
    for (size_t i = 0; i < article->caption_count; i++) {
        if (i > 0)
            buffer_append_byte(&text->captions, '\n');
        buffer_append_string(&text->captions, article->captions[i].text ? article->captions[i].text : "");
    }
    /* The date the input layer found; an article made elsewhere (a test,
     * a migration) is dated here by the same rules. */
    if (article->date_source != ARTICLE_DATE_NONE) {
        memcpy(text->date, article->date, sizeof text->date);
        text->date_source = article->date_source;
    } else {
        struct article_date date;
        article_date_find(article, NULL, &date);
        memcpy(text->date, date.iso, sizeof text->date);
        text->date_source = date.source;
    }
    store_index_tokens_make(tokenizer, article, text);
}

void store_article_text_free(struct store_article_text *text)
{
    buffer_free(&text->normalised);
    buffer_free(&text->body);
    buffer_free(&text->captions);
    buffer_free(&text->byline);

    store_index_tokens_free(text->index_tokens);
    text->index_tokens = NULL;
}

void store_index_columns(const struct article *article, const struct store_article_text *text,
                         const char *values[STORE_INDEX_COLUMNS], int lengths[STORE_INDEX_COLUMNS])
{
    const struct dateline *dateline = article->dateline;
    values[0] = article->title;
    values[1] = text->body.data ? text->body.data : "";
    values[2] = article->caption_count > 0 ? text->captions.data : NULL;
    values[3] = article->byline.count > 0 ? text->byline.data : NULL;
    values[4] = dateline ? dateline->raw : NULL;
    values[5] = article->credits_raw;
    size_t sizes[STORE_INDEX_COLUMNS] = {
        article->title ? strlen(article->title) : 0,
        text->body.length,
        values[2] ? text->captions.length : 0,
        values[3] ? text->byline.length : 0,
        values[4] ? strlen(values[4]) : 0,
        values[5] ? strlen(values[5]) : 0,
    };
    for (int column = 0; column < STORE_INDEX_COLUMNS; column++)
        lengths[column] = sizes[column] <= INT_MAX ? (int)sizes[column] : -1; /* -1: to its NUL */
}

/* ---- id caches ---------------------------------------------------------- */

/* The slot of a key: FNV-1a, folded to the table's size. */
static size_t id_cache_slot(const char *key)
{
    uint64_t hash = 0xcbf29ce484222325ULL;
    for (const unsigned char *at = (const unsigned char *)key; *at; at++)
        hash = (hash ^ *at) * 0x100000001b3ULL;
    return (size_t)(hash ^ (hash >> 32)) & (STORE_ID_CACHE_SLOTS - 1);
}

/* Looks key up; returns true and sets *id when it is cached. */
static bool id_cache_find(const struct store_id_cache *cache, const char *key, long long *id)
{
    size_t slot = id_cache_slot(key);
    if (cache->keys[slot] == NULL || strcmp(cache->keys[slot], key) != 0)
        return false;
    *id = cache->ids[slot];
    return true;
}

/* Remembers key's id, in place of whatever shared its slot. */
static void id_cache_put(struct store_id_cache *cache, const char *key, long long id)
{
    size_t slot = id_cache_slot(key);
    free(cache->keys[slot]);
    cache->keys[slot] = checked_strdup(key);
    cache->ids[slot] = id;
}

void store_id_cache_clear(struct store_id_cache *cache)
{
    for (size_t i = 0; i < STORE_ID_CACHE_SLOTS; i++) {
        free(cache->keys[i]);
        cache->keys[i] = NULL;
    }
}

/* ---- transactions and sources ----------------------------------------- */

/* Abandons the open batch after a failure; the current source's row may
 * have gone with it, so it will be written again. */
static void store_abandon_batch(struct sqlite_store *store)
{
    if (!store->in_transaction)
        return;
    array_reserve((void **)&store->abandoned_batches, &store->abandoned_capacity,
                  store->abandoned_count + 1, sizeof *store->abandoned_batches);
    store->abandoned_batches[store->abandoned_count++] = store->batch_number;
    sqlite3_stmt *rollback = store_statement(store, STATEMENT_ROLLBACK, NULL);
    if (rollback == NULL || sqlite3_step(rollback) != SQLITE_DONE)
        sqlite3_exec(store->database, "ROLLBACK", NULL, NULL, NULL);
    if (rollback != NULL)
        sqlite3_reset(rollback);
    store->in_transaction = false;
    store->batch_articles = 0;
    store->batch_bytes = 0;
    store->source_id = 0;
    store_id_cache_clear(&store->people);
    store_id_cache_clear(&store->places);
    store_facets_forget(store);
}

/* Binds a source's path: as text, or, when it is not valid UTF-8 (a file
 * name is any bytes), as a blob of those bytes, so that the store holds
 * only valid UTF-8 text and still knows the file exactly. */
static int store_bind_path(sqlite3_stmt *statement, int index, const char *path)
{
    size_t length = strlen(path);
    if (utf8_is_valid(path, length))
        return sqlite3_bind_text(statement, index, path, (int)length, SQLITE_STATIC);
    return sqlite3_bind_blob(statement, index, path, (int)length, SQLITE_STATIC);
}

/* Opens a batch when none is open, and writes the current source's row
 * when it is not written yet. */
static int store_open_batch(struct sqlite_store *store, struct error *error)
{
    if (!store->in_transaction) {
        sqlite3_stmt *begin = store_statement(store, STATEMENT_BEGIN, error);
        if (begin == NULL || store_step_done(store, begin, error, "cannot start a transaction") < 0)
            return -1;
        store->in_transaction = true;
        store->batch_number++;
        store->batch_articles = 0;
        store->batch_bytes = 0;
    }
    if (store->source_id != 0)
        return 0;
    /* The id is looked up apart: a statement with RETURNING opens a
     * savepoint, at which FTS5 writes its pending terms out as a segment,
     * so sources sharing a batch would each cost a segment. */
    sqlite3_stmt *upsert = store_statement(store, STATEMENT_SOURCE_UPSERT, error);
    if (upsert == NULL)
        return -1;
    store_bind_path(upsert, 1, store->source_path);
    store_bind_text(upsert, 2, store->source_name);
    if (store_step_done(store, upsert, error, "cannot record a source") < 0)
        return -1;
    struct store_source source;
    bool found = false;
    if (sqlite_store_source_find(&store->base, store->source_path, &source, &found, error) < 0)
        return -1;
    if (!found)
        return error_set(error, "cannot record source %s in store %s",
                         text_quote_name(store->source_name).text, text_quote_name(store->path).text);
    store->source_id = source.id;
    return 0;
}

int store_commit_batch(struct sqlite_store *store, struct error *error)
{
    if (!store->in_transaction)
        return 0;
    sqlite3_stmt *commit = NULL;
    if (store_facets_refresh(store, error) < 0 || store_lengths_update(store, error) < 0 ||
        (commit = store_statement(store, STATEMENT_COMMIT, error)) == NULL ||
        store_step_done(store, commit, error, "cannot commit") < 0) {
        store_abandon_batch(store);
        return -1;
    }
    store->committed_batch = store->batch_number;
    store->in_transaction = false;
    store->batch_articles = 0;
    store->batch_bytes = 0;
    return 0;
}

long long sqlite_store_batch_open_number(const struct store *base)
{
    const struct sqlite_store *store = sqlite_store_of_const(base);
    return store->in_transaction ? store->batch_number : 0;
}

bool sqlite_store_batch_committed(const struct store *base, long long number)
{
    const struct sqlite_store *store = sqlite_store_of_const(base);
    if (number <= 0 || number > store->committed_batch)
        return false;
    for (size_t i = 0; i < store->abandoned_count; i++)
        if (store->abandoned_batches[i] == number)
            return false;
    return true;
}

int sqlite_store_commit(struct store *base, struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    return store_commit_batch(store, error);
}

int sqlite_store_source_find(struct store *base, const char *path, struct store_source *source,
                             bool *found, struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    memset(source, 0, sizeof *source);
    *found = false;
    sqlite3_stmt *find = store_statement(store, STATEMENT_SOURCE_FIND, error);
    if (find == NULL)
        return -1;
    store_bind_path(find, 1, path);
    int status = sqlite3_step(find);
    if (status == SQLITE_ROW) {
        *found = true;
        source->id = sqlite3_column_int64(find, 0);
        source->completed = sqlite3_column_int(find, 1) != 0;
        source->fingerprint.size = sqlite3_column_int64(find, 2);
        source->fingerprint.mtime_ns = sqlite3_column_int64(find, 3);
        const unsigned char *hash = sqlite3_column_text(find, 4);
        if (hash != NULL)
            snprintf(source->fingerprint.content_hash, sizeof source->fingerprint.content_hash,
                     "%s", (const char *)hash);
        const unsigned char *given = sqlite3_column_text(find, 5);
        if (given != NULL)
            snprintf(source->fingerprint.date_given, sizeof source->fingerprint.date_given, "%s",
                     (const char *)given);
    } else if (status != SQLITE_DONE) {
        store_error(store, error, "cannot look up a source");
    }
    sqlite3_reset(find);
    return status == SQLITE_ROW || status == SQLITE_DONE ? 0 : -1;
}

int sqlite_store_source_touch(struct store *base, long long source_id, long long mtime_ns,
                              struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    sqlite3_stmt *touch = store_statement(store, STATEMENT_SOURCE_TOUCH, error);
    if (touch == NULL)
        return -1;
    sqlite3_bind_int64(touch, 1, source_id);
    sqlite3_bind_int64(touch, 2, mtime_ns);
    return store_step_done(store, touch, error, "cannot update a source");
}

int sqlite_store_source_begin(struct store *base, const char *path, const char *name,
                              struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    if (store->source_active)
        return error_set(error, "cannot start %s: source %s is still being written",
                         text_quote_name(name).text,
                         text_quote_name(store->source_name).text);
    store->source_active = true;
    store->source_path = checked_strdup(path);
    store->source_name = checked_strdup(name);
    store->source_id = 0;
    return 0;
}

int sqlite_store_source_end(struct store *base, const struct store_fingerprint *fingerprint,
                            struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    int status = 0;
    if (fingerprint != NULL) {
        sqlite3_stmt *complete = NULL;
        if (store_open_batch(store, error) < 0 ||
            (complete = store_statement(store, STATEMENT_SOURCE_COMPLETE, error)) == NULL) {
            status = -1;
        } else {
            sqlite3_bind_int64(complete, 1, store->source_id);
            sqlite3_bind_int64(complete, 2, fingerprint->size);
            sqlite3_bind_int64(complete, 3, fingerprint->mtime_ns);
            store_bind_text(complete, 4,
                            fingerprint->content_hash[0] ? fingerprint->content_hash : NULL);
            store_bind_text(complete, 5, fingerprint->date_given[0] ? fingerprint->date_given : NULL);
            status = store_step_done(store, complete, error, "cannot mark a source done");
        }
    }
    /* The batch stays open for the next source: a folder of one-story
     * files is written a batch at a time, not a commit per file. */
    if (status < 0)
        store_abandon_batch(store);
    free(store->source_path);
    free(store->source_name);
    store->source_path = store->source_name = NULL;
    store->source_id = 0;
    store->source_active = false;
    return status;
}

/* ---- one article -------------------------------------------------------- */

/* The shared end of a find-or-add look-up: runs find (bound, returning
 * the id), else insert (bound) for the new row's id, and caches the id
 * under cache_key.  what names the row for error messages. */
static int store_find_or_insert(struct sqlite_store *store, struct store_id_cache *cache,
                                const char *cache_key, sqlite3_stmt *find, sqlite3_stmt *insert,
                                const char *what, long long *id, struct error *error)
{
    int status = sqlite3_step(find);
    if (status == SQLITE_ROW)
        *id = sqlite3_column_int64(find, 0);
    sqlite3_reset(find);
    if (status != SQLITE_ROW && status != SQLITE_DONE)
        return error_set(error, "cannot look up a %s in store %s: %s",
                         what, text_quote_name(store->path).text,
                         sqlite3_errmsg(store->database));
    if (status == SQLITE_DONE) {
        if (sqlite3_step(insert) != SQLITE_DONE) {
            error_set(error, "cannot store a %s in store %s: %s", what, text_quote_name(store->path).text,
                      sqlite3_errmsg(store->database));
            sqlite3_reset(insert);
            return -1;
        }
        sqlite3_reset(insert);
        *id = sqlite3_last_insert_rowid(store->database);
    }
    id_cache_put(cache, cache_key, *id);
    return 0;
}

/* Finds the id of the person with name's folded key, adding the person
 * (spelt as here) when new. */
static int store_person_id(struct sqlite_store *store, const char *name, long long *id,
                           struct error *error)
{
    struct key_folder *folder = store_key_folder(store, error);
    if (folder == NULL)
        return -1;
    buffer_reset(&store->key);
    key_folder_fold(folder, &store->key, name);
    const char *key = store->key.data ? store->key.data : "";
    if (id_cache_find(&store->people, key, id))
        return 0;
    sqlite3_stmt *find = store_statement(store, STATEMENT_PERSON_FIND, error);
    sqlite3_stmt *insert = store_statement(store, STATEMENT_PERSON_INSERT, error);
    if (find == NULL || insert == NULL)
        return -1;
    store_bind_text(find, 1, key);
    store_bind_text(insert, 1, name);
    store_bind_text(insert, 2, key);
    return store_find_or_insert(store, &store->people, key, find, insert, "person", id, error);
}

/* Finds the id of a dateline place by folded city and region, adding it
 * (spelt as here) when new. */
static int store_place_id(struct sqlite_store *store, const struct place *place, long long *id,
                          struct error *error)
{
    struct key_folder *folder = store_key_folder(store, error);
    if (folder == NULL)
        return -1;
    buffer_reset(&store->key);
    buffer_reset(&store->region_key);
    key_folder_fold(folder, &store->key, place->city ? place->city : "");
    if (place->region != NULL)
        key_folder_fold(folder, &store->region_key, place->region);
    const char *city_key = store->key.data ? store->key.data : "";
    const char *region_key = store->region_key.data ? store->region_key.data : "";
    /* The cache key joins both with a unit separator, which names lack. */
    struct buffer *cache_key = &store->place_cache_key;
    buffer_reset(cache_key);
    buffer_append_string(cache_key, city_key);
    buffer_append_byte(cache_key, '\x1f');
    buffer_append_string(cache_key, region_key);
    if (id_cache_find(&store->places, cache_key->data, id))
        return 0;
    sqlite3_stmt *find = store_statement(store, STATEMENT_PLACE_FIND, error);
    sqlite3_stmt *insert = store_statement(store, STATEMENT_PLACE_INSERT, error);
    if (find == NULL || insert == NULL)
        return -1;
    store_bind_text(find, 1, city_key);
    store_bind_text(find, 2, region_key);
    store_bind_text(insert, 1, place->city ? place->city : "");
    store_bind_text(insert, 2, place->region);
    store_bind_text(insert, 3, city_key);
    store_bind_text(insert, 4, region_key);
    return store_find_or_insert(store, &store->places, cache_key->data, find, insert, "place", id,
                                error);
}

/* The origins of a credit row: which part of the article names the person. */
static const char origin_byline[] = "byline", origin_credits[] = "credits",
                  origin_caption[] = "caption";

/* Writes one credit row; caption_index < 0 means none. */
static int store_credit(struct sqlite_store *store, long long article_id, int *position,
                        const char *origin, long caption_index, const char *role,
                        const char *name, const char *location, struct error *error)
{
    long long person_id = 0;
    if (store_person_id(store, name, &person_id, error) < 0)
        return -1;
    sqlite3_stmt *insert = store_statement(store, STATEMENT_CREDIT_INSERT, error);
    if (insert == NULL)
        return -1;
    sqlite3_bind_int64(insert, 1, article_id);
    sqlite3_bind_int(insert, 2, (*position)++);
    store_bind_text(insert, 3, origin);
    if (caption_index >= 0)
        sqlite3_bind_int64(insert, 4, caption_index);
    else
        sqlite3_bind_null(insert, 4);
    store_bind_text(insert, 5, role);
    sqlite3_bind_int64(insert, 6, person_id);
    store_bind_text(insert, 7, name);
    store_bind_text(insert, 8, location);
    return store_step_done(store, insert, error, "cannot store a credit");
}

/* Writes the rows of an article's lists: captions (with their
 * photographers), byline and credit-line credits, dateline places, subheads,
 * notes, links and tags. */
static int store_article_parts(struct sqlite_store *store, long long id, const struct article *article,
                               struct error *error)
{
    sqlite3_stmt *insert;
    int credit_position = 0;
    for (size_t i = 0; i < article->byline.count; i++)
        if (store_credit(store, id, &credit_position, origin_byline, -1, "byline",
                         article->byline.items[i], NULL, error) < 0)
            return -1;
    for (size_t i = 0; i < article->credit_count; i++) {
        const struct credit *credit = &article->credits[i];
        if (store_credit(store, id, &credit_position, origin_credits, -1, credit->role,
                         credit->name, credit->location, error) < 0)
            return -1;
    }
    for (size_t i = 0; i < article->caption_count; i++) {
        const struct caption *caption = &article->captions[i];
        if ((insert = store_statement(store, STATEMENT_CAPTION_INSERT, error)) == NULL)
            return -1;
        sqlite3_bind_int64(insert, 1, id);
        sqlite3_bind_int64(insert, 2, (long long)i);
        store_bind_text(insert, 3, caption->text ? caption->text : "");
        sqlite3_bind_int(insert, 4, caption->file_photo);
        store_bind_text(insert, 5, caption->credit);
        store_bind_text(insert, 6, caption->date);
        if (store_step_done(store, insert, error, "cannot store a caption") < 0)
            return -1;
        for (size_t j = 0; j < caption->photographers.count; j++)
            if (store_credit(store, id, &credit_position, origin_caption, (long)i, "photo",
                             caption->photographers.items[j], NULL, error) < 0)
                return -1;
    }
    for (size_t i = 0; article->dateline != NULL && i < article->dateline->place_count; i++) {
        const struct place *place = &article->dateline->places[i];
        long long place_id = 0;
        if (store_place_id(store, place, &place_id, error) < 0 ||
            (insert = store_statement(store, STATEMENT_DATELINE_PLACE_INSERT, error)) == NULL)
            return -1;
        sqlite3_bind_int64(insert, 1, id);
        sqlite3_bind_int64(insert, 2, (long long)i);
        sqlite3_bind_int64(insert, 3, place_id);
        store_bind_text(insert, 4, place->city ? place->city : "");
        store_bind_text(insert, 5, place->region);
        if (store_step_done(store, insert, error, "cannot store a dateline place") < 0)
            return -1;
    }
    for (size_t i = 0; i < article->subhead_count; i++) {
        if ((insert = store_statement(store, STATEMENT_SUBHEAD_INSERT, error)) == NULL)
            return -1;
        sqlite3_bind_int64(insert, 1, id);
        sqlite3_bind_int64(insert, 2, (long long)i);
        store_bind_text(insert, 3, article->subheads[i].text ? article->subheads[i].text : "");
        sqlite3_bind_int64(insert, 4, (long long)article->subheads[i].before_paragraph);
        if (store_step_done(store, insert, error, "cannot store a subhead") < 0)
            return -1;
    }
    /* Notes and links are plain string lists. */
    const struct {
        const struct string_list *list;  /* the article's list */
        enum store_statement statement;  /* the INSERT for one of its items */
        const char *what;                /* the error message's "what" */
    } lists[] = {
        {&article->notes, STATEMENT_NOTE_INSERT, "cannot store a note"},
        {&article->links, STATEMENT_LINK_INSERT, "cannot store a link"},
    };
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
        for (size_t i = 0; i < lists[l].list->count; i++) {
            if ((insert = store_statement(store, lists[l].statement, error)) == NULL)
                return -1;
            sqlite3_bind_int64(insert, 1, id);
            sqlite3_bind_int64(insert, 2, (long long)i);
            store_bind_text(insert, 3, lists[l].list->items[i]);
            if (store_step_done(store, insert, error, lists[l].what) < 0)
                return -1;
        }
    for (size_t i = 0; i < article->tag_count; i++) {
        if ((insert = store_statement(store, STATEMENT_TAG_INSERT, error)) == NULL)
            return -1;
        sqlite3_bind_int64(insert, 1, id);
        sqlite3_bind_int64(insert, 2, (long long)i);
        store_bind_text(insert, 3, article->tags[i].scheme);
        store_bind_text(insert, 4, article->tags[i].code);
        if (store_step_done(store, insert, error, "cannot store a tag") < 0)
            return -1;
    }
    return 0;
}

/* Stores a new article row, its full-text entry and its parts; *id gets
 * its id. */
static int store_new_article(struct sqlite_store *store, const struct article *article,
                             const struct store_article_text *text, long long *id,
                             struct error *error)
{
    const char *text_hash = text->text_hash;
    const char *values[STORE_INDEX_COLUMNS];
    int lengths[STORE_INDEX_COLUMNS];
    store_index_columns(article, text, values, lengths);
    const char *byline = values[3];
    const struct dateline *dateline = article->dateline;
    const char *date = text->date[0] ? text->date : NULL;
    /* The body goes in compressed.  The writer does it: the parsing thread
     * is the busier of an ingest's two, and duplicates need none.  A
     * dictionary trained on this body is kept in the same transaction. */
    if (store->packer == NULL && store_text_packer_open(store, &store->packer, error) < 0)
        return -1;
    struct buffer trained = {0};
    store_text_compress(store->packer, text->body.data ? text->body.data : "", text->body.length,
                        &store->packed_here, &trained);
    int kept = trained.length ? store_text_keep_dictionary(store, trained.data, trained.length, error) : 0;
    buffer_free(&trained);
    if (kept < 0)
        return -1;
    const struct buffer *packed = &store->packed_here;

    sqlite3_stmt *insert = store_statement(store, STATEMENT_ARTICLE_INSERT, error);
    if (insert == NULL)
        return -1;
    store_bind_text(insert, 1, text_hash);
    store_bind_text(insert, 2, article->title);
    sqlite3_bind_int(insert, 3, article->title_repeats);
    sqlite3_bind_blob(insert, 4, packed->data ? packed->data : "", (int)packed->length, SQLITE_STATIC);
    sqlite3_bind_int64(insert, 5, (long long)article->paragraphs.count);
    store_bind_text(insert, 6, byline);
    sqlite3_bind_int(insert, 7, dateline != NULL);
    store_bind_text(insert, 8, dateline ? dateline->raw : NULL);
    store_bind_text(insert, 9, dateline ? dateline->agency : NULL);
    store_bind_text(insert, 10, dateline ? dateline->date : NULL);
    store_bind_text(insert, 11, article->credits_raw);
    store_bind_text(insert, 12, article->published);
    store_bind_text(insert, 13, date);
    store_bind_text(insert, 14, article_date_source_name(text->date_source));
    if (store_step_done(store, insert, error, "cannot store an article") < 0)
        return -1;
    *id = sqlite3_last_insert_rowid(store->database);
    store_facets_mark(store, *id);

    /* The full-text entry gets exactly the values of the article_text view,
     * which FTS5 reads back for snippets and integrity checks. */
    sqlite3_stmt *search = store_statement(store, STATEMENT_SEARCH_INSERT, error);
    if (search == NULL)
        return -1;
    sqlite3_bind_int64(search, 1, *id);
    for (int column = 0; column < STORE_INDEX_COLUMNS; column++) {
        if (values[column] == NULL)
            sqlite3_bind_null(search, column + 2);
        else
            sqlite3_bind_text(search, column + 2, values[column], lengths[column], SQLITE_STATIC);
    }
    store_index_replay_begin(store, text->index_tokens, values, lengths);
    int status = store_step_done(store, search, error, "cannot index an article");
    store_index_replay_end(store);
    if (status < 0)
        return -1;
    return store_article_parts(store, *id, article, error);
}

/* Gives an article stored before the date ingest was given for it now,
 * when it has none (or, with replace_given_dates, one given before). */
static int store_give_date(struct sqlite_store *store, long long id, const struct store_article_text *text,
                           struct error *error)
{
    sqlite3_stmt *update = store_statement(store, STATEMENT_ARTICLE_DATE_GIVE, error);
    if (update == NULL)
        return -1;
    sqlite3_bind_int64(update, 1, id);
    store_bind_text(update, 2, text->date);
    store_bind_text(update, 3, article_date_source_name(text->date_source));
    sqlite3_bind_int(update, 4, store->replace_given_dates);
    if (store_step_done(store, update, error, "cannot date an article") < 0)
        return -1;
    if (sqlite3_changes(store->database) > 0)
        store_facets_mark(store, id);
    return 0;
}

bool sqlite_store_article_seen_here(const struct store *base)
{
    const struct sqlite_store *store = sqlite_store_of_const(base);
    return store->sighting_known;
}

int sqlite_store_article_add(struct store *base, const struct article *article,
                             const struct store_article_text *text, bool *is_new, long long *article_id,
                             struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    *is_new = false;
    store->sighting_known = false;
    *article_id = 0;
    if (!store->source_active)
        return error_set(error, "cannot store an article: no source was started");
    if (text == NULL) {
        store_article_text_prepare(article, &store->text, NULL);
        text = &store->text;
    }
    if (store_open_batch(store, error) < 0)
        goto failed;

    long long id = 0;
    sqlite3_stmt *find = store_statement(store, STATEMENT_ARTICLE_FIND, error);
    if (find == NULL)
        goto failed;
    store_bind_text(find, 1, text->text_hash);
    int status = sqlite3_step(find);
    if (status == SQLITE_ROW)
        id = sqlite3_column_int64(find, 0);
    sqlite3_reset(find);
    if (status != SQLITE_ROW && status != SQLITE_DONE) {
        store_error(store, error, "cannot look up an article");
        goto failed;
    }
    if (id == 0) {
        if (store_new_article(store, article, text, &id, error) < 0)
            goto failed;
        *is_new = true;
    } else if ((text->date_source == ARTICLE_DATE_INGEST_YEAR || text->date_source == ARTICLE_DATE_INGEST_DATE) &&
               store_give_date(store, id, text, error) < 0) {
        goto failed;
    }

    sqlite3_stmt *provenance = store_statement(store, STATEMENT_PROVENANCE_INSERT, error);
    if (provenance == NULL)
        goto failed;
    sqlite3_bind_int64(provenance, 1, id);
    sqlite3_bind_int64(provenance, 2, store->source_id);
    sqlite3_bind_int64(provenance, 3, article->source.first_line);
    sqlite3_bind_int64(provenance, 4, article->source.last_line);
    if (store_step_done(store, provenance, error, "cannot record where an article was seen") < 0)
        goto failed;
    /* Ignored as known: this source held it at this line before. */
    store->sighting_known = sqlite3_changes(store->database) == 0;

    store->batch_bytes += text->normalised.length;
    if ((++store->batch_articles >= store->batch_size || store->batch_bytes >= STORE_BATCH_MAX_BYTES) &&
        store_commit_batch(store, error) < 0)
        goto failed;
    *article_id = id;
    return 0;
failed:
    *is_new = false;
    store_abandon_batch(store);
    return -1;
}
