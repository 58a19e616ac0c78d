/* postgres_query.h — the query tree (query.h) as a PostgreSQL condition.
 *
 * Part of the PostgreSQL store, but free of libpq: it only writes text.
 * A statement is assembled from constant fragments of SQL and parameter
 * references ($1, $2, …); every user value becomes a parameter whose text
 * goes to PQexecParams() beside the statement, never into it.  So no
 * quote, backslash, $$ or tsquery operator in a value can change what the
 * statement does.
 *
 * Each term of the tree is made a tsquery by the server, in the 'newsidx'
 * text search configuration (unaccent, then the english stemmer):
 *
 *     a word or phrase   phraseto_tsquery('newsidx', $n)   $n: the text as typed
 *     a prefix (word*)   the same, its text form's last lexeme marked :* and read back
 *                        as a tsquery (FTS5's "phrase" * makes the last token a prefix)
 *
 * and compared with @@ to the article's tsvector: `a.search` for any field,
 * and also the field's own column (a.title_words, …) for field:term, so
 * that the GIN index on search narrows every term.
 */
#ifndef NEWSIDX_POSTGRES_QUERY_H
#define NEWSIDX_POSTGRES_QUERY_H

#include "newsidx/query.h"
#include "newsidx/text.h"

/* The weights ts_rank() gives the tsvector's D, C, B and A parts (body;
 * caption and dateline; byline and credits; title), SQLite's bm25 column
 * weights (body 1, caption 2, dateline 3, byline and credits 6, title 10)
 * scaled to at most 1. */
#define POSTGRES_RANK_WEIGHTS "'{0.1, 0.25, 0.6, 1.0}'::float4[]"

/* A statement being assembled, and the values of its parameters. */
struct postgres_statement {
    struct buffer sql;             /* the SQL text: constant fragments and $n only */
    struct string_list parameters; /* the value of $1, $2, … in order */
    bool full_text;                /* it has a full-text condition: run without sequential scans
                                    * (postgres_run()), so that the GIN index finds the articles */
};

/* Adds value as the statement's next parameter and appends its reference
 * ("$3") to out, which is the statement's text or a fragment that will
 * be put into it. */
void postgres_parameter(struct postgres_statement *statement, struct buffer *out, const char *value);

/* How many rank queries a condition gives: one per enum query_field. */
#define POSTGRES_QUERY_FIELDS 7

/* Appends to out the condition, over the articles row named `a`, that an
 * article matches tree (not NULL), its values added to the statement's
 * parameters.  Unless rank_queries is NULL, appends to
 * rank_queries[QUERY_FIELD_ANY] a tsquery expression that ORs together
 * (||) every term that must match (not under a NOT), which ts_rank()
 * uses, and to rank_queries[field] for each field those of them that
 * may match in that field (no field:, or that field:), which
 * ts_headline() of the field uses.  One stays empty when no term is
 * left for it. */
void postgres_condition_append(struct postgres_statement *statement, const struct query_node *tree,
                               struct buffer *out, struct buffer rank_queries[POSTGRES_QUERY_FIELDS]);

/* A condition alone, for tests: the condition, its rank query and its
 * parameters. */
struct postgres_condition {
    struct buffer sql;             /* the condition (postgres_condition_append()) */
    struct buffer rank_queries[POSTGRES_QUERY_FIELDS]; /* the rank queries, by field */
    struct string_list parameters; /* the values of $1, $2, … */
};

/* Fills condition from tree (not NULL). */
void postgres_condition_make(const struct query_node *tree, struct postgres_condition *condition);

/* Frees what postgres_condition_make() filled. */
void postgres_condition_free(struct postgres_condition *condition);

/* Frees a statement's text and parameters. */
void postgres_statement_free(struct postgres_statement *statement);

#endif
