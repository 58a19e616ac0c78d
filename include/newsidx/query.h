/* query.h — the user's query language, translated into an FTS5 expression.
 *
 * The language (SPEC section 3): words, "phrases", -word to exclude, OR
 * between alternatives, prefix*, and field:value for title, body, caption,
 * byline, dateline, credits and tag.  Adjacent terms must all match; OR binds
 * the two terms beside it, tighter than the implicit AND ("a OR b c" is
 * "(a OR b) AND c").  Every piece of user text reaches FTS5 inside a double-
 * quoted string, so no user text is ever read as FTS5 syntax.
 */
#ifndef NEWSIDX_QUERY_H
#define NEWSIDX_QUERY_H

#include "newsidx/error.h"
#include "newsidx/text.h"

/* The most terms one query may hold. */
#define QUERY_MAX_TERMS 256

/* A translated query. */
struct query {
    char *fts_expression;     /* the FTS5 MATCH expression, or NULL when the query
                                 holds no text terms (filters only) */
    struct string_list tags;  /* values of tag:CODE terms, matched outside FTS5 */
    char *since;              /* the latest start of the date: terms, as typed, or NULL */
    char *until;              /* the earliest end of the date: terms, as typed, or NULL */
};

/* Translates text into q.  date:RANGE terms, as notmuch writes them
 * (date:2017, date:2017-03..2017-06, date:..2017-06-30, date:2017..), set
 * since and until.  Returns 0, or -1 with a usage error (exit status 2)
 * naming the problem: an unterminated quote, a lone OR, a field with no
 * value, an unknown field, only excluded words, invalid UTF-8, too many
 * terms, a date that does not exist or a range that ends before it begins. */
int query_parse(const char *text, struct query *query, struct error *error);

/* Frees what query_parse() allocated. */
void query_free(struct query *query);

#endif
