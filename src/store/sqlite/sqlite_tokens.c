/* sqlite_tokens.c — tokenizing full-text columns ahead of writing.
 *
 * Filing an article in the FTS5 index means cutting its six columns into
 * tokens (unicode61 folding, porter stemming) and adding each token to
 * FTS5's in-memory index.  SQLite allows one writer, so all of that would
 * run in the ingest's writing thread, the slower of its two.  The cutting,
 * about a third of it, needs no database, though: the parsing thread does
 * it with a store_tokenizer, which runs FTS5's own porter tokenizer on a
 * private in-memory connection, and keeps the tokens with the article.
 *
 * On the writing connection, a tokenizer registered under the name the
 * index is declared with ("porter") stands in front of FTS5's own.  While
 * an article's entry is written (store_index_replay_begin()), each column
 * FTS5 asks it to tokenize is compared with the column the tokens were made
 * from; when they are the same text, the tokens are replayed as they were
 * made.  Anything else (queries, snippets, integrity checks, text without
 * tokens, a column that differs) goes to FTS5's own tokenizer, so the index
 * is what FTS5 alone would have made of it: the tests compare the two.
 *
 * The schema is unchanged: other SQLite clients use the built-in porter.
 */
#include "sqlite_internal.h"

#include <stdlib.h>
#include <string.h>

/* The tokenizer article_search is declared with, and its arguments: the
 * schema says "tokenize = 'porter unicode61 remove_diacritics 2'". */
#define INDEX_TOKENIZER "porter"
static const char *const index_tokenizer_arguments[] = {"unicode61", "remove_diacritics", "2"};
#define INDEX_TOKENIZER_ARGUMENT_COUNT \
    ((int)(sizeof index_tokenizer_arguments / sizeof index_tokenizer_arguments[0]))

/* One token as the tokenizer gave it. */
struct index_token {
    int flags;          /* FTS5_TOKEN_COLOCATED, or 0 */
    int length;         /* bytes of the token's text */
    int start;          /* byte offset in its column where the token's source begins */
    int end;            /* byte offset just past it */
    size_t text_offset; /* where the token's text starts in store_index_tokens.text */
};

struct store_index_tokens {
    int lengths[STORE_INDEX_COLUMNS];         /* bytes of each column the tokens were made from */
    size_t column_ends[STORE_INDEX_COLUMNS];  /* index just past each column's last token */
    struct index_token *tokens;               /* every column's tokens, column after column */
    size_t count;                             /* tokens in use */
    size_t capacity;                          /* tokens allocated */
    struct buffer text;                       /* the tokens' texts, back to back */
};

struct store_tokenizer {
    sqlite3 *database;           /* a private in-memory connection, for its FTS5 API */
    fts5_tokenizer methods;      /* FTS5's porter tokenizer */
    Fts5Tokenizer *instance;     /* one instance of it, with the index's arguments */
};

/* ---- making tokens (any thread) ----------------------------------------- */

int store_tokenizer_open(struct store_tokenizer **out, struct error *error)
{
    *out = NULL;
    struct store_tokenizer *tokenizer = checked_malloc(sizeof *tokenizer);
    memset(tokenizer, 0, sizeof *tokenizer);
    if (sqlite3_open_v2(":memory:", &tokenizer->database, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        error_set(error, "cannot open a tokenizer: %s",
                  tokenizer->database ? sqlite3_errmsg(tokenizer->database) : "out of memory");
        goto failed;
    }
    fts5_api *api = store_fts5_api(tokenizer->database);
    void *user_data = NULL;
    if (api == NULL || api->xFindTokenizer(api, INDEX_TOKENIZER, &user_data, &tokenizer->methods) != SQLITE_OK) {
        error_set(error, "cannot open a tokenizer: this SQLite has no FTS5 '%s' tokenizer", INDEX_TOKENIZER);
        goto failed;
    }
    int status = tokenizer->methods.xCreate(user_data, (const char **)index_tokenizer_arguments,
                                            INDEX_TOKENIZER_ARGUMENT_COUNT, &tokenizer->instance);
    if (status != SQLITE_OK) {
        tokenizer->instance = NULL;
        error_set(error, "cannot open a tokenizer: %s", sqlite3_errstr(status));
        goto failed;
    }
    *out = tokenizer;
    return 0;
failed:
    store_tokenizer_close(tokenizer);
    return -1;
}

void store_tokenizer_close(struct store_tokenizer *tokenizer)
{
    if (tokenizer == NULL)
        return;
    if (tokenizer->instance != NULL)
        tokenizer->methods.xDelete(tokenizer->instance);
    sqlite3_close(tokenizer->database);
    free(tokenizer);
}

/* The tokenizer's callback while making tokens: keeps one token. */
static int keep_token(void *context, int flags, const char *token, int length, int start, int end)
{
    struct store_index_tokens *tokens = context;
    array_reserve((void **)&tokens->tokens, &tokens->capacity, tokens->count + 1, sizeof *tokens->tokens);
    tokens->tokens[tokens->count++] = (struct index_token){
        .flags = flags, .length = length, .start = start, .end = end,
        .text_offset = tokens->text.length,
    };
    buffer_append(&tokens->text, token, (size_t)length);
    return SQLITE_OK;
}

/* Cuts an article's columns into tokens; false when the tokenizer failed,
 * and then the writer tokenizes instead. */
static bool make_tokens(struct store_tokenizer *tokenizer, struct store_index_tokens *tokens,
                        const char *const values[STORE_INDEX_COLUMNS],
                        const int lengths[STORE_INDEX_COLUMNS])
{
    tokens->count = 0;
    buffer_reset(&tokens->text);
    size_t total = 0;
    for (int column = 0; column < STORE_INDEX_COLUMNS; column++) {
        if (lengths[column] < 0) /* over 2 GB: SQLite refuses it anyway */
            return false;
        total += (size_t)lengths[column];
    }
    /* Room for the usual case at once (a token per 6.7 bytes of text, its
     * text no longer than the text), rather than growing token by token. */
    array_reserve((void **)&tokens->tokens, &tokens->capacity, total / 5 + 16, sizeof *tokens->tokens);
    buffer_reserve(&tokens->text, total);
    for (int column = 0; column < STORE_INDEX_COLUMNS; column++) {
        tokens->lengths[column] = lengths[column];
        if (values[column] != NULL &&
            tokenizer->methods.xTokenize(tokenizer->instance, tokens, FTS5_TOKENIZE_DOCUMENT,
                                         values[column], lengths[column], keep_token) != SQLITE_OK)
            return false;
        tokens->column_ends[column] = tokens->count;
    }
    return true;
}

void store_index_tokens_make(struct store_tokenizer *tokenizer, const struct article *article,
                             struct store_article_text *text)
{
    if (tokenizer == NULL) {
        store_index_tokens_free(text->index_tokens);
        text->index_tokens = NULL;
        return;
    }
    if (text->index_tokens == NULL) {
        text->index_tokens = checked_malloc(sizeof *text->index_tokens);
        memset(text->index_tokens, 0, sizeof *text->index_tokens);
    }
    const char *values[STORE_INDEX_COLUMNS];
    int lengths[STORE_INDEX_COLUMNS];
    store_index_columns(article, text, values, lengths);
    if (!make_tokens(tokenizer, text->index_tokens, values, lengths)) {
        store_index_tokens_free(text->index_tokens);
        text->index_tokens = NULL;
    }
}

void store_index_tokens_free(struct store_index_tokens *tokens)
{
    if (tokens == NULL)
        return;
    free(tokens->tokens);
    buffer_free(&tokens->text);
    free(tokens);
}

/* ---- replaying them (the writing connection) ------------------------------ */

/* What the stand-in tokenizer is registered with: FTS5's own, and where
 * the store offers tokens. */
struct replay_registration {
    fts5_tokenizer own_methods;      /* FTS5's tokenizer of the same name */
    void *own_user_data;             /* what it was registered with */
    struct store_index_replay *replay; /* the store's offer */
};

/* One instance of the stand-in tokenizer, as a table declares it. */
struct replay_tokenizer {
    const struct replay_registration *registration; /* FTS5's tokenizer and the offer */
    Fts5Tokenizer *own_instance;     /* FTS5's tokenizer with the same arguments */
    bool replays;                    /* declared with the arguments tokens are made with */
};

static int replay_tokenizer_create(void *user_data, const char **arguments, int argument_count,
                                   Fts5Tokenizer **out)
{
    const struct replay_registration *registration = user_data;
    struct replay_tokenizer *tokenizer = sqlite3_malloc(sizeof *tokenizer);
    if (tokenizer == NULL)
        return SQLITE_NOMEM;
    tokenizer->registration = registration;
    int status = registration->own_methods.xCreate(registration->own_user_data, arguments,
                                                   argument_count, &tokenizer->own_instance);
    if (status != SQLITE_OK) {
        sqlite3_free(tokenizer);
        return status;
    }
    tokenizer->replays = argument_count == INDEX_TOKENIZER_ARGUMENT_COUNT;
    for (int i = 0; tokenizer->replays && i < argument_count; i++)
        tokenizer->replays = strcmp(arguments[i], index_tokenizer_arguments[i]) == 0;
    *out = (Fts5Tokenizer *)tokenizer;
    return SQLITE_OK;
}

static void replay_tokenizer_delete(Fts5Tokenizer *instance)
{
    struct replay_tokenizer *tokenizer = (struct replay_tokenizer *)instance;
    tokenizer->registration->own_methods.xDelete(tokenizer->own_instance);
    sqlite3_free(tokenizer);
}

/* The column of the offered article whose value is text, looking from the
 * one expected next; -1 when none is. */
static int offered_column(const struct store_index_replay *replay, const char *text, int length)
{
    for (int column = replay->next_column; column < STORE_INDEX_COLUMNS; column++) {
        if (replay->lengths[column] != length || replay->tokens->lengths[column] != length)
            continue;
        if (length == 0 || replay->values[column] == text ||
            memcmp(replay->values[column], text, (size_t)length) == 0)
            return column;
    }
    return -1;
}

static int replay_tokenizer_tokenize(Fts5Tokenizer *instance, void *context, int flags,
                                     const char *text, int length,
                                     int (*token_callback)(void *, int, const char *, int, int, int))
{
    struct replay_tokenizer *tokenizer = (struct replay_tokenizer *)instance;
    struct store_index_replay *replay = tokenizer->registration->replay;
    int column = -1;
    if (tokenizer->replays && replay->tokens != NULL && (flags & FTS5_TOKENIZE_DOCUMENT))
        column = offered_column(replay, text, length);
    if (column < 0) {
        if (flags & FTS5_TOKENIZE_DOCUMENT)
            replay->columns_here++;
        return tokenizer->registration->own_methods.xTokenize(tokenizer->own_instance, context, flags,
                                                              text, length, token_callback);
    }
    replay->next_column = column + 1;
    replay->columns_ahead++;
    const struct store_index_tokens *tokens = replay->tokens;
    for (size_t i = column == 0 ? 0 : tokens->column_ends[column - 1]; i < tokens->column_ends[column]; i++) {
        const struct index_token *token = &tokens->tokens[i];
        int status = token_callback(context, token->flags, tokens->text.data + token->text_offset,
                                    token->length, token->start, token->end);
        if (status != SQLITE_OK)
            return status;
    }
    return SQLITE_OK;
}

int store_index_replay_register(struct sqlite_store *store, struct error *error)
{
    fts5_api *api = store_fts5_api(store->database);
    struct replay_registration *registration = sqlite3_malloc(sizeof *registration);
    if (registration == NULL)
        return error_set(error, "cannot set up the full-text index of %s: out of memory",
                         text_quote_name(store->path).text);
    registration->replay = &store->replay;
    if (api == NULL || api->xFindTokenizer(api, INDEX_TOKENIZER, &registration->own_user_data,
                                           &registration->own_methods) != SQLITE_OK) {
        sqlite3_free(registration);
        return error_set(error, "cannot set up the full-text index of %s: this SQLite has no FTS5 '%s' tokenizer",
                         text_quote_name(store->path).text, INDEX_TOKENIZER);
    }
    fts5_tokenizer methods = {
        .xCreate = replay_tokenizer_create,
        .xDelete = replay_tokenizer_delete,
        .xTokenize = replay_tokenizer_tokenize,
    };
    /* FTS5 finds the newest tokenizer of a name first, so from now on this
     * connection's tables get this one; sqlite3_free() frees the
     * registration when the connection closes. */
    int status = api->xCreateTokenizer(api, INDEX_TOKENIZER, registration, &methods, sqlite3_free);
    if (status != SQLITE_OK) {
        sqlite3_free(registration);
        return error_set(error, "cannot set up the full-text index of %s: %s",
                         text_quote_name(store->path).text,
                         sqlite3_errstr(status));
    }
    return 0;
}

void store_index_replay_begin(struct sqlite_store *store, const struct store_index_tokens *tokens,
                              const char *const values[STORE_INDEX_COLUMNS],
                              const int lengths[STORE_INDEX_COLUMNS])
{
    struct store_index_replay *replay = &store->replay;
    replay->tokens = tokens;
    replay->next_column = 0;
    for (int column = 0; column < STORE_INDEX_COLUMNS; column++) {
        replay->values[column] = values[column];
        replay->lengths[column] = lengths[column];
    }
}

void store_index_replay_end(struct sqlite_store *store)
{
    store->replay.tokens = NULL;
}

void sqlite_store_index_token_counts(const struct store *base, long long *ahead, long long *here)
{
    const struct sqlite_store *store = sqlite_store_of_const(base);
    *ahead = store->replay.columns_ahead;
    *here = store->replay.columns_here;
}
