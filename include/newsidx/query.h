/* query.h — the user's query language, translated into an FTS5 expression
 * and into a tree any back end can translate.
 *
 * The language (SPEC section 3): words, "phrases", -word to exclude, OR
 * between alternatives, prefix*, and field:value for title, body, caption,
 * byline, dateline, credits and tag.  Adjacent terms must all match; OR binds
 * the two terms beside it, tighter than the implicit AND ("a OR b c" is
 * "(a OR b) AND c").  Every piece of user text reaches FTS5 inside a double-
 * quoted string, so no user text is ever read as FTS5 syntax.
 *
 * Beside the FTS5 expression, query_parse() gives the same query as a
 * tree of struct query_node (for back ends without FTS5, such as
 * PostgreSQL): it matches exactly what the FTS5 expression matches, with
 * the tag: and date: terms taken out (they are filters) and terms with no
 * letter or digit dropped, as in the expression.
 */
#ifndef NEWSIDX_QUERY_H
#define NEWSIDX_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "newsidx/error.h"
#include "newsidx/text.h"

/* The most terms one query may hold. */
#define QUERY_MAX_TERMS 256

/* What a node of the query tree is. */
enum query_node_kind {
    QUERY_NODE_TERM, /* a word or phrase: its tokens in a row */
    QUERY_NODE_ALL,  /* every child must match (two or more children) */
    QUERY_NODE_ANY,  /* at least one child must match (two or more children) */
    QUERY_NODE_NOT   /* its one child must not match; only a child of QUERY_NODE_ALL,
                        which always has a child that is not a QUERY_NODE_NOT */
};

/* The part of an article a term is looked for in. */
enum query_field {
    QUERY_FIELD_ANY = 0, /* any of them */
    QUERY_FIELD_TITLE,   /* the headline */
    QUERY_FIELD_BODY,    /* the paragraphs */
    QUERY_FIELD_CAPTION, /* the photo captions */
    QUERY_FIELD_BYLINE,  /* the byline */
    QUERY_FIELD_DATELINE,/* the dateline */
    QUERY_FIELD_CREDITS  /* the credit lines */
};

/* One node of a query tree. */
struct query_node {
    enum query_node_kind kind;     /* what it is */
    enum query_field field;        /* QUERY_NODE_TERM: where to look */
    char *text;                    /* QUERY_NODE_TERM: the word or phrase as typed, quotes
                                      removed; holds a letter or digit */
    bool prefix;                   /* QUERY_NODE_TERM: its last token is a prefix (typed with *) */
    struct query_node **children;  /* QUERY_NODE_ALL, QUERY_NODE_ANY, QUERY_NODE_NOT: the children */
    size_t count;                  /* how many */
};

/* A translated query. */
struct query {
    char *fts_expression;     /* the FTS5 MATCH expression, or NULL when the query
                                 holds no text terms (filters only) */
    struct query_node *tree;  /* the same text query as a tree, or NULL exactly when
                                 fts_expression is NULL */
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

/* The name of a field as the query language and the FTS5 index spell it
 * ("title"), or NULL for QUERY_FIELD_ANY. */
const char *query_field_name(enum query_field field);

/* Frees what query_parse() allocated. */
void query_free(struct query *query);

#endif
