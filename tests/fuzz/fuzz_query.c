/* fuzz_query.c — libFuzzer target: the query language (src/query.c) on any
 * text.  A query that parses must give an FTS5 expression that FTS5
 * accepts: it is run against an in-memory table with the store's columns
 * and tokenizer, and an FTS5 syntax error aborts, since it would leak out
 * to the user as an SQL error.  A query that does not parse must say why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "fuzz_input.h"
#include "newsidx/query.h"

/* The statement that runs an expression, prepared once. */
static sqlite3_stmt *match_statement(void)
{
    static sqlite3 *database;
    static sqlite3_stmt *statement;
    if (statement != NULL)
        return statement;
    if (sqlite3_open(":memory:", &database) != SQLITE_OK ||
        sqlite3_exec(database,
                     "CREATE VIRTUAL TABLE article_search USING fts5(title, body, caption, byline,"
                     " dateline, credits, tokenize = 'porter unicode61 remove_diacritics 2');"
                     "INSERT INTO article_search VALUES ('Grain hauliers halt convoys', 'The blaze"
                     " at the depot', 'A firefighter. REUTERS/Taras', 'Oksana', 'KIEV (Reuters)',"
                     " 'Reporting by Oksana in Kiev');",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(database,
                           "SELECT count(*) FROM article_search WHERE article_search MATCH ?1", -1,
                           &statement, NULL) != SQLITE_OK) {
        fprintf(stderr, "fuzz_query: cannot set up FTS5: %s\n", sqlite3_errmsg(database));
        abort();
    }
    return statement;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0'; /* a NUL ends the text, as it would an argument */
    struct query query = {0};
    struct error error = {0};
    if (query_parse(text, &query, &error) == 0) {
        if (query.fts_expression != NULL) {
            sqlite3_stmt *statement = match_statement();
            sqlite3_bind_text(statement, 1, query.fts_expression, -1, SQLITE_STATIC);
            int status = sqlite3_step(statement);
            if (status != SQLITE_ROW) {
                fprintf(stderr, "fuzz_query: FTS5 refuses %s (from '%s'): %s\n", query.fts_expression,
                        text, sqlite3_errmsg(sqlite3_db_handle(statement)));
                abort();
            }
            sqlite3_reset(statement);
            sqlite3_clear_bindings(statement);
        }
    } else if (error.message[0] == '\0' || error.kind != ERROR_USAGE) {
        fprintf(stderr, "fuzz_query: '%s' failed without a usage error\n", text);
        abort();
    }
    query_free(&query);
    free(text);
    return 0;
}
