/* fold.c — folding names and places into keys with FTS5's unicode61. */
#include "newsidx/fold.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "store/sqlite/sqlite_internal.h"

/* The tokenizer whose folding keys share with the full-text index, and its
 * arguments: the index is declared "porter unicode61 remove_diacritics 2",
 * and porter only stems what unicode61 hands it (names are not stemmed). */
#define FOLD_TOKENIZER "unicode61"
static const char *const fold_tokenizer_arguments[] = {"remove_diacritics", "2"};

struct key_folder {
    sqlite3 *database;       /* a private in-memory connection, for its FTS5 API */
    fts5_tokenizer methods;  /* FTS5's unicode61 tokenizer */
    Fts5Tokenizer *instance; /* one instance of it, with the index's arguments */
};

int key_folder_open(struct key_folder **out, struct error *error)
{
    *out = NULL;
    struct key_folder *folder = checked_malloc(sizeof *folder);
    memset(folder, 0, sizeof *folder);
    if (sqlite3_open_v2(":memory:", &folder->database, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        error_set(error, "cannot open the name folder: %s",
                  folder->database ? sqlite3_errmsg(folder->database) : "out of memory");
        goto failed;
    }
    fts5_api *api = store_fts5_api(folder->database);
    void *user_data = NULL;
    if (api == NULL || api->xFindTokenizer(api, FOLD_TOKENIZER, &user_data, &folder->methods) != SQLITE_OK) {
        error_set(error, "cannot open the name folder: this SQLite has no FTS5 '%s' tokenizer", FOLD_TOKENIZER);
        goto failed;
    }
    int status = folder->methods.xCreate(user_data, (const char **)fold_tokenizer_arguments,
                                         (int)(sizeof fold_tokenizer_arguments / sizeof *fold_tokenizer_arguments),
                                         &folder->instance);
    if (status != SQLITE_OK) {
        folder->instance = NULL;
        error_set(error, "cannot open the name folder: %s", sqlite3_errstr(status));
        goto failed;
    }
    *out = folder;
    return 0;
failed:
    key_folder_close(folder);
    return -1;
}

void key_folder_close(struct key_folder *folder)
{
    if (folder == NULL)
        return;
    if (folder->instance != NULL)
        folder->methods.xDelete(folder->instance);
    sqlite3_close(folder->database);
    free(folder);
}

/* Where the tokens of one text go. */
struct key_being_made {
    struct buffer *out;  /* the key so far */
    size_t start;        /* where the key starts in out */
};

/* The tokenizer's callback: appends a token, after a space unless first. */
static int append_token(void *context, int flags, const char *token, int length, int start, int end)
{
    (void)start;
    (void)end;
    struct key_being_made *key = context;
    if (flags & FTS5_TOKEN_COLOCATED) /* unicode61 makes none; a synonym would be extra */
        return SQLITE_OK;
    if (key->out->length > key->start)
        buffer_append_byte(key->out, ' ');
    buffer_append(key->out, token, (size_t)length);
    return SQLITE_OK;
}

/* Appends text trimmed, with runs of white space made one space. */
static void append_collapsed(struct buffer *out, const char *text)
{
    size_t length = strlen(text), offset = 0, start = out->length;
    bool pending_space = false;
    while (offset < length) {
        size_t space = text_space_length(text + offset, length - offset);
        if (space) {
            pending_space = out->length > start;
            offset += space;
            continue;
        }
        if (pending_space)
            buffer_append_byte(out, ' ');
        pending_space = false;
        buffer_append_byte(out, text[offset++]);
    }
}

/* True when text holds a byte past ASCII. */
static bool has_non_ascii(const char *text)
{
    for (const unsigned char *at = (const unsigned char *)text; *at; at++)
        if (*at >= 0x80)
            return true;
    return false;
}

void key_folder_fold(struct key_folder *folder, struct buffer *out, const char *text)
{
    struct buffer repaired = {0};
    char *composed = NULL;
    if (has_non_ascii(text)) {
        if (!utf8_is_valid(text, strlen(text))) {
            utf8_append_repaired(&repaired, text, strlen(text));
            text = repaired.data;
        }
        /* NFC first: FTS5 folds a precomposed letter and its decomposed
         * spelling alike in Latin script, but not in Greek or Cyrillic
         * (ό, й), where it keeps the precomposed letter and drops a
         * combining mark.  Composing makes both spellings one key. */
        composed = (char *)utf8proc_NFC((const utf8proc_uint8_t *)text);
        if (composed != NULL)
            text = composed;
    }
    struct key_being_made key = {.out = out, .start = out->length};
    size_t length = strlen(text);
    int status = folder->methods.xTokenize(folder->instance, &key, FTS5_TOKENIZE_DOCUMENT, text,
                                           length > (size_t)INT32_MAX ? INT32_MAX : (int)length, append_token);
    if (status != SQLITE_OK || out->length == key.start) {
        out->length = key.start;
        if (out->data)
            out->data[out->length] = '\0';
        append_collapsed(out, text);
    }
    free(composed);
    buffer_free(&repaired);
}
