/* index_tokens.c — tokens made ahead of writing give the index FTS5 makes.
 *
 *   index_tokens AHEAD_STORE OWN_STORE FILE...
 *
 * Stores the articles of every FILE twice, into two new stores: into
 * AHEAD_STORE with their full-text columns tokenized ahead (as ingest does
 * in its parsing thread, store_tokenizer), into OWN_STORE without, so that
 * FTS5 tokenizes them itself.  Then checks, printing a PASS or FAIL line
 * each:
 *   - every column value of AHEAD_STORE was filed from tokens made ahead,
 *     and none of OWN_STORE was (so the test cannot pass by never
 *     replaying);
 *   - the two indexes hold the same terms at the same places (fts5vocab
 *     'instance': term, article, column, offset), row for row;
 *   - AHEAD_STORE passes FTS5's integrity-check, which tokenizes the stored
 *     text again with FTS5's own tokenizer and compares.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsidx/input.h"
#include "newsidx/store.h"
#include "newsidx/wire.h"

/* The two stores and what the callback needs to fill them. */
struct pair {
    struct store *ahead;              /* gets tokens made ahead */
    struct store *own;                /* tokenizes with FTS5 alone */
    struct store_tokenizer *tokenizer;/* makes the tokens */
    long long new_articles;           /* articles new to the stores */
};

static int store_both(struct article *article, void *context, struct error *error)
{
    struct pair *pair = context;
    struct store_article_text text = {0};
    store_article_text_prepare(article, &text, pair->tokenizer);
    bool is_new, own_is_new;
    long long id, own_id;
    int status = store_article_add(pair->ahead, article, &text, &is_new, &id, error);
    if (status == 0)
        status = store_article_add(pair->own, article, NULL, &own_is_new, &own_id, error);
    if (status == 0 && (is_new != own_is_new || id != own_id))
        status = error_set(error, "the stores disagree on article %lld", id);
    if (status == 0 && is_new)
        pair->new_articles++;
    store_article_text_free(&text);
    return status;
}

/* Stores one file into both stores as one source each. */
static int store_file(struct pair *pair, const char *path, struct error *error)
{
    struct reader *reader = NULL;
    struct store_fingerprint fingerprint = {.size = 0};
    int status = reader_open(&reader, path, error);
    if (status == 0)
        status = store_source_begin(pair->ahead, path, path, error);
    if (status == 0)
        status = store_source_begin(pair->own, path, path, error);
    if (status == 0)
        status = input_parse(reader, INPUT_FORMAT_UNKNOWN, path, store_both, pair, error);
    reader_close(reader);
    struct error ignored = {0};
    store_source_end(pair->ahead, status == 0 ? &fingerprint : NULL, &ignored);
    store_source_end(pair->own, status == 0 ? &fingerprint : NULL, &ignored);
    return status;
}

/* The next row of an fts5vocab 'instance' cursor as one line, or NULL. */
static const char *next_instance(sqlite3_stmt *statement, char *line, size_t size)
{
    if (sqlite3_step(statement) != SQLITE_ROW)
        return NULL;
    snprintf(line, size, "%s %lld %s %lld", (const char *)sqlite3_column_text(statement, 0),
             sqlite3_column_int64(statement, 1), (const char *)sqlite3_column_text(statement, 2),
             sqlite3_column_int64(statement, 3));
    return line;
}

/* Opens path with an fts5vocab 'instance' table over its index and a
 * statement reading it in order. */
static sqlite3_stmt *open_instances(const char *path, sqlite3 **database)
{
    sqlite3_stmt *statement = NULL;
    if (sqlite3_open_v2(path, database, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
        sqlite3_exec(*database,
                     "CREATE VIRTUAL TABLE temp.instances USING fts5vocab(main, article_search, instance)",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(*database,
                           "SELECT term, doc, col, offset FROM temp.instances ORDER BY term, doc, col, offset",
                           -1, &statement, NULL) != SQLITE_OK)
        fprintf(stderr, "index_tokens: cannot read the index of '%s': %s\n", path, sqlite3_errmsg(*database));
    return statement;
}

/* Compares the two indexes row by row; prints the verdict. */
static int compare_indexes(const char *ahead_path, const char *own_path)
{
    sqlite3 *ahead = NULL, *own = NULL;
    sqlite3_stmt *ahead_rows = open_instances(ahead_path, &ahead);
    sqlite3_stmt *own_rows = open_instances(own_path, &own);
    int failed = ahead_rows == NULL || own_rows == NULL;
    long long rows = 0;
    char ahead_line[512], own_line[512];
    while (!failed) {
        const char *left = next_instance(ahead_rows, ahead_line, sizeof ahead_line);
        const char *right = next_instance(own_rows, own_line, sizeof own_line);
        if (left == NULL && right == NULL)
            break;
        if (left == NULL || right == NULL || strcmp(left, right) != 0) {
            printf("FAIL index_tokens: the indexes differ after %lld rows: ahead '%s', own '%s'\n", rows,
                   left ? left : "(end)", right ? right : "(end)");
            failed = 1;
        }
        rows++;
    }
    if (!failed && rows == 0) {
        printf("FAIL index_tokens: the indexes are empty\n");
        failed = 1;
    }
    if (!failed)
        printf("PASS index_tokens: both indexes hold the same %lld term instances\n", rows);
    sqlite3_finalize(ahead_rows);
    sqlite3_finalize(own_rows);
    sqlite3_close(ahead);
    sqlite3_close(own);
    /* FTS5's integrity-check reads the text back through the store's
     * newsidx_text(): run it through the store. */
    struct store *store = NULL;
    struct store_check check = {0};
    struct error error = {0};
    if (store_open(&store, ahead_path, STORE_READ_WRITE, &error) < 0 || store_check(store, &check, &error) < 0) {
        printf("FAIL index_tokens: integrity-check of the index made from tokens ahead: %s\n", error.message);
        failed = 1;
    } else if (check.index_problem != NULL || check.database_problem != NULL) {
        printf("FAIL index_tokens: integrity-check of the index made from tokens ahead: %s\n",
               check.index_problem ? check.index_problem : check.database_problem);
        failed = 1;
    } else {
        printf("PASS index_tokens: integrity-check of the index made from tokens ahead\n");
    }
    store_check_free(&check);
    store_close(store, NULL);
    return failed;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fputs("usage: index_tokens AHEAD_STORE OWN_STORE FILE...\n", stderr);
        return 2;
    }
    struct error error = {0};
    struct pair pair = {0};
    if (store_open(&pair.ahead, argv[1], STORE_READ_WRITE, &error) < 0 ||
        store_open(&pair.own, argv[2], STORE_READ_WRITE, &error) < 0 ||
        store_tokenizer_open(&pair.tokenizer, &error) < 0) {
        printf("FAIL index_tokens: %s\n", error.message);
        return 1;
    }
    store_set_batch_size(pair.ahead, 7); /* cross batch boundaries */
    store_set_batch_size(pair.own, 7);
    int failures = 0;
    /* ingest makes tokens ahead only for a store that wants them. */
    if (store_wants_index_tokens(pair.ahead) && strcmp(store_backend_name(pair.ahead), "SQLite") == 0) {
        printf("PASS index_tokens: a SQLite store wants tokens made ahead\n");
    } else {
        printf("FAIL index_tokens: the store (%s) wants no tokens made ahead\n", store_backend_name(pair.ahead));
        failures++;
    }
    for (int i = 3; i < argc; i++)
        if (store_file(&pair, argv[i], &error) < 0) {
            printf("FAIL index_tokens %s: %s\n", argv[i], error.message);
            failures++;
        }
    long long ahead_columns, ahead_own_columns, own_ahead_columns, own_columns;
    store_index_token_counts(pair.ahead, &ahead_columns, &ahead_own_columns);
    store_index_token_counts(pair.own, &own_ahead_columns, &own_columns);
    /* FTS5 skips empty (NULL) columns; every column it tokenized in the
     * other store must have been replayed in this one. */
    if (pair.new_articles > 0 && own_columns >= pair.new_articles && ahead_columns == own_columns &&
        ahead_own_columns == 0 && own_ahead_columns == 0) {
        printf("PASS index_tokens: %lld articles, all %lld column values filed from tokens made ahead\n",
               pair.new_articles, ahead_columns);
    } else {
        printf("FAIL index_tokens: %lld articles; the ahead store replayed %lld column values and "
               "tokenized %lld, the other replayed %lld and tokenized %lld\n",
               pair.new_articles, ahead_columns, ahead_own_columns, own_ahead_columns, own_columns);
        failures++;
    }
    store_tokenizer_close(pair.tokenizer);
    if (store_close(pair.ahead, &error) < 0 || store_close(pair.own, &error) < 0) {
        printf("FAIL index_tokens: %s\n", error.message);
        failures++;
    }
    failures += compare_indexes(argv[1], argv[2]);
    wire_release();
    return failures > 0;
}
