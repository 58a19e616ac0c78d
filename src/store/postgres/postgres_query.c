/* postgres_query.c — the query tree as a PostgreSQL condition (see
 * postgres_query.h).  Only constant fragments written here and $n
 * references reach the SQL text. */
#include "postgres_query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void postgres_parameter(struct postgres_statement *statement, struct buffer *out, const char *value)
{
    string_list_append(&statement->parameters, value);
    char reference[24];
    snprintf(reference, sizeof reference, "$%zu", statement->parameters.count);
    buffer_append_string(out, reference);
}

void postgres_statement_free(struct postgres_statement *statement)
{
    buffer_free(&statement->sql);
    string_list_free(&statement->parameters);
}

/* The tsvector column of a field (the schema's articles columns). */
static const char *field_column(enum query_field field)
{
    switch (field) {
    case QUERY_FIELD_TITLE: return "a.title_words";
    case QUERY_FIELD_BODY: return "a.body_words";
    case QUERY_FIELD_CAPTION: return "a.caption_words";
    case QUERY_FIELD_BYLINE: return "a.byline_words";
    case QUERY_FIELD_DATELINE: return "a.dateline_words";
    case QUERY_FIELD_CREDITS: return "a.credits_words";
    case QUERY_FIELD_ANY: break;
    }
    return NULL;
}

/* Appends the tsquery expression of a term, its text a new parameter:
 * the phrase of its tokens; for a prefix, the phrase's text form (each
 * lexeme quoted) with ":*" after its last quote, read back as a tsquery
 * (a cast, not to_tsquery(): no second pass through the stemmer). */
static void append_term_query(struct postgres_statement *statement, const struct query_node *term,
                              struct buffer *out)
{
    buffer_append_string(out, term->prefix ? "regexp_replace(phraseto_tsquery('newsidx', "
                                           : "phraseto_tsquery('newsidx', ");
    postgres_parameter(statement, out, term->text);
    buffer_append_string(out, term->prefix ? "::text)::text, '''$', ''':*')::tsquery" : "::text)");
}

/* Appends the condition of node; negated says it is under a NOT, so its
 * terms are not the ones ranking looks for. */
static void append_node(struct postgres_statement *statement, const struct query_node *node, bool negated,
                        struct buffer *out, struct buffer *rank_queries)
{
    switch (node->kind) {
    case QUERY_NODE_TERM: {
        struct buffer query = {0};
        append_term_query(statement, node, &query);
        const char *column = field_column(node->field);
        buffer_append_string(out, column ? "(a.search @@ " : "a.search @@ ");
        buffer_append(out, query.data, query.length);
        if (column) {
            /* A field column may be NULL (no caption): then the term is not there. */
            buffer_append_string(out, " AND coalesce(");
            buffer_append_string(out, column);
            buffer_append_string(out, " @@ ");
            buffer_append(out, query.data, query.length);
            buffer_append_string(out, ", false))");
        }
        for (int field = 0; !negated && field < POSTGRES_QUERY_FIELDS; field++) {
            if (field != QUERY_FIELD_ANY && node->field != QUERY_FIELD_ANY && node->field != (enum query_field)field)
                continue;
            struct buffer *rank_query = &rank_queries[field];
            buffer_append_string(rank_query, rank_query->length ? " || " : "");
            buffer_append(rank_query, query.data, query.length);
        }
        buffer_free(&query);
        return;
    }
    case QUERY_NODE_NOT:
        buffer_append_string(out, "(NOT ");
        append_node(statement, node->children[0], true, out, rank_queries);
        buffer_append_byte(out, ')');
        return;
    case QUERY_NODE_ALL:
    case QUERY_NODE_ANY:
        buffer_append_byte(out, '(');
        for (size_t i = 0; i < node->count; i++) {
            if (i)
                buffer_append_string(out, node->kind == QUERY_NODE_ALL ? " AND " : " OR ");
            append_node(statement, node->children[i], negated, out, rank_queries);
        }
        buffer_append_byte(out, ')');
        return;
    }
}

void postgres_condition_append(struct postgres_statement *statement, const struct query_node *tree,
                               struct buffer *out, struct buffer rank_queries[POSTGRES_QUERY_FIELDS])
{
    struct buffer ranks[POSTGRES_QUERY_FIELDS] = {{0}};
    append_node(statement, tree, false, out, ranks);
    for (int field = 0; field < POSTGRES_QUERY_FIELDS; field++) {
        if (rank_queries && ranks[field].length) {
            buffer_append_byte(&rank_queries[field], '(');
            buffer_append(&rank_queries[field], ranks[field].data, ranks[field].length);
            buffer_append_byte(&rank_queries[field], ')');
        }
        buffer_free(&ranks[field]);
    }
}

void postgres_condition_make(const struct query_node *tree, struct postgres_condition *condition)
{
    memset(condition, 0, sizeof *condition);
    struct postgres_statement statement = {0};
    postgres_condition_append(&statement, tree, &condition->sql, condition->rank_queries);
    condition->parameters = statement.parameters;
    buffer_free(&statement.sql);
}

void postgres_condition_free(struct postgres_condition *condition)
{
    buffer_free(&condition->sql);
    for (int field = 0; field < POSTGRES_QUERY_FIELDS; field++)
        buffer_free(&condition->rank_queries[field]);
    string_list_free(&condition->parameters);
}
