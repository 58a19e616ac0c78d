/* query.c — from the user's query language to a safe FTS5 expression.
 *
 * The text is cut into tokens: terms (a word or a "phrase", maybe with a
 * leading -, a field: prefix or a trailing *), the operators AND, OR and
 * NOT (in capitals; lower-case and, or, not are words), and parentheses.
 * A small recursive-descent parser builds a tree of them, which is then
 * written out as FTS5.  Each term becomes a double-quoted FTS5 string with
 * its quotes doubled, so user text is only ever tokenized by FTS5, never
 * parsed as its syntax; the structure around the strings is our own.  The
 * same pass that writes the FTS5 expression builds the public query tree
 * (struct query_node), node for node, so the two always mean the same.
 *
 *     query    := sequence
 *     sequence := choice ( [AND] choice )*       all must match
 *     choice   := unary ( OR unary )*            any may match
 *     unary    := ( NOT | - ) unary | primary    must not match
 *     primary  := term | [-][field:] "(" sequence ")"
 *
 * OR binds tighter than AND, written or implied ("a OR b c" is "(a OR b)
 * AND c").  People used to other tools read "a AND b OR c" the other way,
 * so a written AND beside an OR in the same sequence is refused: the
 * parentheses must say which comes first.
 */
#include "newsidx/query.h"

#include "newsidx/calendar.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* How deeply parentheses may nest. */
#define QUERY_MAX_DEPTH 32

/* FTS5's parser (a lemon parser) holds at most 100 entries on its stack,
 * and each parenthesis level of an expression keeps one for the "(" and
 * two for each operator still waiting for its right side: at most one per
 * precedence (OR, AND, NOT, the column colon), since one of the same or a
 * higher precedence is reduced first.  A translated query whose estimate
 * passes this is refused with our own message, before FTS5 would fail with
 * "parser stack overflow" (found by tests/fuzz/fuzz_query). */
#define QUERY_MAX_PARSER_ENTRIES 90

/* What a token is. */
enum token_kind {
    TOKEN_TERM,  /* a word or phrase */
    TOKEN_AND,   /* AND */
    TOKEN_OR,    /* OR */
    TOKEN_NOT,   /* NOT */
    TOKEN_OPEN,  /* "(", maybe after - or field: */
    TOKEN_CLOSE  /* ")" */
};

/* One token of the query. */
struct query_token {
    enum token_kind kind; /* what it is */
    char *value;          /* TOKEN_TERM: the word or phrase, as typed (quotes removed) */
    const char *column;   /* TOKEN_TERM, TOKEN_OPEN: the FTS5 column named, or NULL */
    bool is_tag;          /* TOKEN_TERM, TOKEN_OPEN: tag: was named */
    bool is_date;         /* TOKEN_TERM, TOKEN_OPEN: date: was named */
    bool negated;         /* TOKEN_TERM, TOKEN_OPEN: typed with a leading - */
    bool prefix;          /* TOKEN_TERM: typed with a trailing * */
};

/* The fields users may name, and the FTS5 columns they search. */
static const struct { const char *field; const char *column; } query_fields[] = {
    {"title", "title"},       {"body", "body"},         {"caption", "caption"},
    {"captions", "caption"}, {"byline", "byline"},     {"dateline", "dateline"},
    {"credits", "credits"},   {"credit", "credits"},    {"tag", NULL},
    {"date", NULL},
};

#define QUERY_FIELD_NAMES "title, body, caption, byline, dateline, credits, tag, date"

/* True when the text holds a letter or digit, i.e. something FTS5 indexes.
 * Non-ASCII counts unless it is Latin-1 punctuation (U+0080–U+00BF) or
 * general punctuation and symbols (U+2000–U+2BFF, U+3000–U+303F). */
static bool has_indexable_character(const char *text)
{
    const unsigned char *at = (const unsigned char *)text;
    while (*at) {
        if ((*at >= 'a' && *at <= 'z') || (*at >= 'A' && *at <= 'Z') || (*at >= '0' && *at <= '9'))
            return true;
        if (*at < 0x80) {
            at++;
            continue;
        }
        uint32_t code_point = 0;
        size_t length = utf8_decode(at, strlen((const char *)at), &code_point);
        if (length == 0)
            length = 1;
        if (!(code_point < 0xC0 || (code_point >= 0x2000 && code_point <= 0x2BFF) ||
              (code_point >= 0x3000 && code_point <= 0x303F)))
            return true;
        at += length;
    }
    return false;
}

static void tokens_free(struct query_token *tokens, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(tokens[i].value);
    free(tokens);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Reads a field prefix ("title:") at *at: sets the column (or is_tag) and
 * moves past it.  Returns 0 (also when there is none), or -1 with error
 * set for an unknown field. */
static int read_field(const char **at, struct query_token *token, struct error *error)
{
    const char *letters = *at;
    while ((*letters >= 'a' && *letters <= 'z') || (*letters >= 'A' && *letters <= 'Z'))
        letters++;
    if (letters == *at || *letters != ':')
        return 0;
    size_t name_length = (size_t)(letters - *at);
    for (size_t i = 0; i < sizeof query_fields / sizeof query_fields[0]; i++)
        if (strlen(query_fields[i].field) == name_length && strncmp(query_fields[i].field, *at, name_length) == 0) {
            token->column = query_fields[i].column;
            token->is_date = strcmp(query_fields[i].field, "date") == 0;
            token->is_tag = query_fields[i].column == NULL && !token->is_date;
            *at = letters + 1;
            if (**at == '\0' || is_space(**at) || **at == ')')
                return error_set_usage(error, "query: '%.*s:' needs a value", (int)name_length, letters - name_length);
            return 0;
        }
    return error_set_usage(error, "query: unknown field '%.*s' (fields: " QUERY_FIELD_NAMES ")", (int)name_length,
                           *at);
}

/* Cuts text into tokens.  Returns the count, or -1 with error set. */
static long query_tokenize(const char *text, struct query_token **out, struct error *error)
{
    struct query_token *tokens = NULL;
    size_t count = 0, capacity = 0;
    const char *at = text;
    for (;;) {
        while (is_space(*at))
            at++;
        if (*at == '\0')
            break;
        if (count == QUERY_MAX_TERMS) {
            tokens_free(tokens, count);
            return error_set_usage(error, "query: more than %d terms", QUERY_MAX_TERMS);
        }
        struct query_token token = {.kind = TOKEN_TERM};
        const char *start = at;
        if (*at == ')') {
            token.kind = TOKEN_CLOSE;
            at++;
        } else {
            if (*at == '-' && at[1] && !is_space(at[1]) && at[1] != ')') {
                token.negated = true;
                at++;
            }
            if (read_field(&at, &token, error) < 0) {
                tokens_free(tokens, count);
                return -1;
            }
            if (*at == '(') {
                token.kind = TOKEN_OPEN;
                at++;
            } else if (*at == '"') {
                const char *close = strchr(at + 1, '"');
                if (close == NULL) {
                    tokens_free(tokens, count);
                    return error_set_usage(error, "query: unterminated quote in '%.40s'", start);
                }
                token.value = checked_strndup(at + 1, (size_t)(close - at - 1));
                at = close + 1;
                if (*at == '*') {
                    token.prefix = true;
                    at++;
                }
            } else {
                const char *end = at;
                while (*end && !is_space(*end) && *end != '"' && *end != '(' && *end != ')')
                    end++;
                size_t length = (size_t)(end - at);
                if (length && at[length - 1] == '*') {
                    token.prefix = true;
                    length--;
                }
                token.value = checked_strndup(at, length);
                at = end;
                if (!token.negated && token.column == NULL && !token.is_tag && !token.is_date && !token.prefix &&
                    start[0] != '"') {
                    if (strcmp(token.value, "OR") == 0)
                        token.kind = TOKEN_OR;
                    else if (strcmp(token.value, "AND") == 0)
                        token.kind = TOKEN_AND;
                    else if (strcmp(token.value, "NOT") == 0)
                        token.kind = TOKEN_NOT;
                }
            }
        }
        array_reserve((void **)&tokens, &capacity, count + 1, sizeof *tokens);
        tokens[count++] = token;
    }
    *out = tokens;
    return (long)count;
}

/* ---- the tree ------------------------------------------------------------ */

enum node_kind {
    NODE_TERM, /* one term */
    NODE_ALL,  /* every child must match */
    NODE_ANY,  /* any child may match */
    NODE_NONE  /* its one child must not match */
};

struct node {
    enum node_kind kind;          /* what it is */
    const struct query_token *term; /* NODE_TERM: the token */
    const char *column;           /* NODE_TERM: the column, from the term or an enclosing field:( ) */
    struct node **children;       /* the children (NODE_ALL, NODE_ANY: two or more; NODE_NONE: one) */
    size_t count;                 /* how many */
    size_t capacity;              /* slots allocated */
    bool grouped;                 /* written in parentheses */
};

static struct node *node_new(enum node_kind kind)
{
    struct node *node = checked_malloc(sizeof *node);
    memset(node, 0, sizeof *node);
    node->kind = kind;
    return node;
}

static void node_add(struct node *parent, struct node *child)
{
    array_reserve((void **)&parent->children, &parent->capacity, parent->count + 1, sizeof *parent->children);
    parent->children[parent->count++] = child;
}

static void node_free(struct node *node)
{
    if (node == NULL)
        return;
    for (size_t i = 0; i < node->count; i++)
        node_free(node->children[i]);
    free(node->children);
    free(node);
}

/* ---- the public tree (query.h) --------------------------------------------- */

static struct query_node *query_node_new(enum query_node_kind kind)
{
    struct query_node *node = checked_malloc(sizeof *node);
    memset(node, 0, sizeof *node);
    node->kind = kind;
    return node;
}

static void query_node_add(struct query_node *parent, struct query_node *child)
{
    parent->children = checked_realloc(parent->children, (parent->count + 1) * sizeof *parent->children);
    parent->children[parent->count++] = child;
}

static void query_node_free(struct query_node *node)
{
    if (node == NULL)
        return;
    for (size_t i = 0; i < node->count; i++)
        query_node_free(node->children[i]);
    free(node->children);
    free(node->text);
    free(node);
}

/* The field of an FTS5 column name (query_fields), QUERY_FIELD_ANY for NULL. */
static enum query_field field_of_column(const char *column)
{
    static const char *const columns[] = {NULL, "title", "body", "caption", "byline", "dateline", "credits"};
    for (size_t i = 1; column && i < sizeof columns / sizeof columns[0]; i++)
        if (strcmp(columns[i], column) == 0)
            return (enum query_field)i;
    return QUERY_FIELD_ANY;
}

const char *query_field_name(enum query_field field)
{
    static const char *const names[] = {NULL, "title", "body", "caption", "byline", "dateline", "credits"};
    return (size_t)field < sizeof names / sizeof names[0] ? names[field] : NULL;
}

/* The parser's position in the tokens. */
struct parser {
    const struct query_token *tokens; /* all of them */
    size_t count;                     /* how many */
    size_t next;                      /* the next to read */
    int depth;                        /* open parentheses */
    struct error *error;              /* where a syntax error goes */
};

static struct node *parse_sequence(struct parser *parser, const char *column);

/* True when the next token starts an operand (a term, NOT, -, "("). */
static bool at_operand(const struct parser *parser)
{
    if (parser->next >= parser->count)
        return false;
    enum token_kind kind = parser->tokens[parser->next].kind;
    return kind == TOKEN_TERM || kind == TOKEN_NOT || kind == TOKEN_OPEN;
}

/* Wraps node in a NODE_NONE. */
static struct node *negation_of(struct node *node)
{
    struct node *none = node_new(NODE_NONE);
    node_add(none, node);
    return none;
}

/* primary := term | [-][field:] "(" sequence ")"; column is the field of
 * an enclosing field:( ), which the terms inside take. */
static struct node *parse_primary(struct parser *parser, const char *column)
{
    const struct query_token *token = &parser->tokens[parser->next++];
    if ((token->column || token->is_tag || token->is_date) && column) {
        error_set_usage(parser->error, "query: a field inside a field's parentheses%s%s%s",
                        token->value ? ": '" : "", token->value ? token->value : "", token->value ? "'" : "");
        return NULL;
    }
    if (token->kind == TOKEN_TERM) {
        struct node *node = node_new(NODE_TERM);
        node->term = token;
        node->column = token->column ? token->column : column;
        return token->negated ? negation_of(node) : node;
    }
    /* TOKEN_OPEN */
    if (token->is_tag || token->is_date) {
        error_set_usage(parser->error, token->is_tag ? "query: tag: takes one code, not parentheses"
                                                     : "query: date: takes one range, not parentheses");
        return NULL;
    }
    if (++parser->depth > QUERY_MAX_DEPTH) {
        error_set_usage(parser->error, "query: parentheses nested more than %d deep", QUERY_MAX_DEPTH);
        return NULL;
    }
    if (parser->next < parser->count && parser->tokens[parser->next].kind == TOKEN_CLOSE) {
        error_set_usage(parser->error, "query: empty parentheses");
        return NULL;
    }
    struct node *inner = parse_sequence(parser, token->column ? token->column : column);
    if (inner == NULL)
        return NULL;
    if (parser->next >= parser->count || parser->tokens[parser->next].kind != TOKEN_CLOSE) {
        node_free(inner);
        error_set_usage(parser->error, "query: '(' without its ')'");
        return NULL;
    }
    parser->next++;
    parser->depth--;
    inner->grouped = true;
    return token->negated ? negation_of(inner) : inner;
}

/* unary := ( NOT | - ) unary | primary */
static struct node *parse_unary(struct parser *parser, const char *column)
{
    if (parser->next < parser->count && parser->tokens[parser->next].kind == TOKEN_NOT) {
        parser->next++;
        if (!at_operand(parser)) {
            error_set_usage(parser->error, "query: NOT needs a term after it");
            return NULL;
        }
        struct node *operand = parse_unary(parser, column);
        return operand ? negation_of(operand) : NULL;
    }
    return parse_primary(parser, column);
}

/* choice := unary ( OR unary )* */
static struct node *parse_choice(struct parser *parser, const char *column)
{
    struct node *first = parse_unary(parser, column);
    if (first == NULL || parser->next >= parser->count || parser->tokens[parser->next].kind != TOKEN_OR)
        return first;
    struct node *any = node_new(NODE_ANY);
    node_add(any, first);
    while (parser->next < parser->count && parser->tokens[parser->next].kind == TOKEN_OR) {
        parser->next++;
        if (!at_operand(parser)) {
            node_free(any);
            error_set_usage(parser->error, "query: OR needs a term on each side");
            return NULL;
        }
        struct node *next = parse_unary(parser, column);
        if (next == NULL) {
            node_free(any);
            return NULL;
        }
        node_add(any, next);
    }
    return any;
}

/* sequence := choice ( [AND] choice )* */
static struct node *parse_sequence(struct parser *parser, const char *column)
{
    struct node *all = node_new(NODE_ALL);
    bool written_and = false, has_choice = false;
    for (;;) {
        if (parser->next >= parser->count)
            break;
        enum token_kind kind = parser->tokens[parser->next].kind;
        if (kind == TOKEN_CLOSE)
            break;
        if (kind == TOKEN_OR) {
            node_free(all);
            error_set_usage(parser->error, "query: OR needs a term on each side");
            return NULL;
        }
        if (kind == TOKEN_AND) {
            parser->next++;
            if (all->count == 0 || !at_operand(parser)) {
                node_free(all);
                error_set_usage(parser->error, "query: AND needs a term on each side");
                return NULL;
            }
            written_and = true;
            continue;
        }
        struct node *choice = parse_choice(parser, column);
        if (choice == NULL) {
            node_free(all);
            return NULL;
        }
        has_choice = has_choice || (choice->kind == NODE_ANY && !choice->grouped);
        node_add(all, choice);
    }
    if (written_and && has_choice) {
        node_free(all);
        error_set_usage(parser->error, "query: AND and OR side by side: use parentheses to say which comes first, "
                                       "as in 'a AND (b OR c)'");
        return NULL;
    }
    if (all->count == 1) {
        struct node *only = all->children[0];
        all->count = 0;
        node_free(all);
        return only;
    }
    return all;
}

/* ---- writing FTS5 ---------------------------------------------------------- */

/* Keeps bound (as typed) in *kept when it is tighter than what *kept
 * holds: the later start (later true) or the earlier end. */
static void keep_tighter(char **kept, const char *bound, bool later)
{
    struct calendar_date first, last, kept_first, kept_last;
    calendar_parse_partial(bound, &first, &last);
    if (*kept != NULL) {
        calendar_parse_partial(*kept, &kept_first, &kept_last);
        long new_day = calendar_day_number(later ? first : last);
        long old_day = calendar_day_number(later ? kept_first : kept_last);
        if (later ? new_day <= old_day : new_day >= old_day)
            return;
        free(*kept);
    }
    *kept = checked_strdup(bound);
}

/* Reads the value of a date: term (DATE, DATE.., ..DATE or DATE..DATE,
 * each yyyy, yyyy-mm or yyyy-mm-dd) into the query's since and until;
 * several date: terms must all hold.  Returns 0, or -1 with a usage error. */
static int query_add_date(struct query *query, const char *value, struct error *error)
{
    const char *dots = strstr(value, "..");
    char *since = checked_strndup(value, dots ? (size_t)(dots - value) : strlen(value));
    char *until = checked_strdup(dots ? dots + 2 : value);
    struct calendar_date first, last, until_first, until_last;
    bool since_bad = since[0] && calendar_parse_partial(since, &first, &last) == CALENDAR_NOT_A_DATE;
    bool until_bad = until[0] && calendar_parse_partial(until, &until_first, &until_last) == CALENDAR_NOT_A_DATE;
    int status = 0;
    if (since[0] == '\0' && until[0] == '\0')
        status = error_set_usage(error, "query: 'date:%.40s' needs a date (date:2017, date:2017-03..2017-06, "
                                 "date:..2017-06-30)", value);
    else if (since_bad || until_bad)
        status = error_set_usage(error, "query: 'date:%.40s': '%.20s' is not a date (use yyyy, yyyy-mm or yyyy-mm-dd "
                                 "of a day that exists)", value, since_bad ? since : until);
    else if (since[0] && until[0] && calendar_day_number(first) > calendar_day_number(until_last))
        status = error_set_usage(error, "query: 'date:%.40s' ends before it begins", value);
    if (status == 0 && since[0])
        keep_tighter(&query->since, since, true);
    if (status == 0 && until[0])
        keep_tighter(&query->until, until, false);
    free(since);
    free(until);
    return status;
}

/* Appends one term as an FTS5 string, limited to its column if any, and
 * returns it as a tree node. */
static struct query_node *append_fts_term(struct buffer *out, const struct node *node)
{
    if (node->column) {
        buffer_append_string(out, node->column);
        buffer_append_string(out, " : ");
    }
    buffer_append_byte(out, '"');
    for (const char *at = node->term->value; *at; at++) {
        if (*at == '"')
            buffer_append_byte(out, '"');
        buffer_append_byte(out, *at);
    }
    buffer_append_byte(out, '"');
    if (node->term->prefix)
        buffer_append_string(out, " *");
    struct query_node *term = query_node_new(QUERY_NODE_TERM);
    term->field = field_of_column(node->column);
    term->text = checked_strdup(node->term->value);
    term->prefix = node->term->prefix;
    return term;
}

/* What writing a node found: does it hold anything FTS5 can match? */
enum written { WRITTEN_NOTHING, WRITTEN_EXPRESSION };

static int write_node(const struct node *node, struct buffer *out, struct query *query, enum written *written,
                      struct query_node **tree, struct error *error);

/* The parts of a sequence as they are collected: what must match, joined
 * by AND, and what must not, joined by OR. */
struct sequence_parts {
    struct buffer positive; /* the expressions that must match */
    struct buffer negative; /* the expressions that must not */
    size_t positives;       /* how many of each */
    size_t negatives;
    struct query_node *positive_nodes; /* the same as tree nodes: a QUERY_NODE_ALL holding them */
    struct query_node *negative_nodes; /* and one holding what must not match */
};

/* Adds the children of a sequence (or a lone node taken as one) to parts;
 * a parenthesised sequence inside joins its parent's.  top says the
 * sequence's matches must all hold for the whole query (it is reached
 * from the top through sequences only), where tag: terms may stand. */
static int collect_sequence(const struct node *node, struct sequence_parts *parts, struct query *query, bool top,
                            struct error *error)
{
    struct node *const only[1] = {(struct node *)node};
    struct node *const *children = node->kind == NODE_ALL ? node->children : only;
    size_t count = node->kind == NODE_ALL ? node->count : 1;
    for (size_t i = 0; i < count; i++) {
        const struct node *child = children[i];
        if (child->kind == NODE_ALL) {
            if (collect_sequence(child, parts, query, top, error) < 0)
                return -1;
            continue;
        }
        bool excluded = child->kind == NODE_NONE;
        const struct node *operand = excluded ? child->children[0] : child;
        if (operand->kind == NODE_TERM && operand->term->is_tag) {
            if (excluded)
                return error_set_usage(error, "query: tag: terms cannot be excluded ('-tag:%s')",
                                       operand->term->value);
            if (!top)
                return error_set_usage(error, "query: tag:%s cannot stand inside OR or an excluded group",
                                       operand->term->value);
            string_list_append(&query->tags, operand->term->value);
            continue;
        }
        if (operand->kind == NODE_TERM && operand->term->is_date) {
            if (excluded)
                return error_set_usage(error, "query: -date: cannot exclude dates (use date:..DATE or date:DATE..)");
            if (!top)
                return error_set_usage(error, "query: date:%s cannot stand inside OR or an excluded group",
                                       operand->term->value);
            if (query_add_date(query, operand->term->value, error) < 0)
                return -1;
            continue;
        }
        struct buffer part = {0};
        enum written part_written = WRITTEN_NOTHING;
        struct query_node *part_tree = NULL;
        int status = write_node(operand, &part, query, &part_written, &part_tree, error);
        if (status == 0 && part_written == WRITTEN_EXPRESSION) {
            struct buffer *list = excluded ? &parts->negative : &parts->positive;
            size_t *listed = excluded ? &parts->negatives : &parts->positives;
            buffer_append_string(list, (*listed)++ ? (excluded ? " OR " : " AND ") : "");
            buffer_append(list, part.data, part.length);
            query_node_add(excluded ? parts->negative_nodes : parts->positive_nodes, part_tree);
            part_tree = NULL;
        }
        query_node_free(part_tree);
        buffer_free(&part);
        if (status < 0)
            return -1;
    }
    return 0;
}

/* Writes a sequence: "P AND Q NOT (R OR S)", parenthesised unless top;
 * as a tree, P alone, or ALL(P, Q, NOT R, NOT S). */
static int write_sequence(const struct node *node, struct buffer *out, struct query *query, bool top,
                          enum written *written, struct query_node **tree, struct error *error)
{
    struct sequence_parts parts = {0};
    parts.positive_nodes = query_node_new(QUERY_NODE_ALL);
    parts.negative_nodes = query_node_new(QUERY_NODE_ALL);
    int status = collect_sequence(node, &parts, query, top, error);
    if (status == 0 && parts.negatives && parts.positives == 0)
        status = error_set_usage(error, "query: excluded terms need at least one term to match");
    if (status == 0 && parts.positives) {
        bool wrap = !top && (parts.positives > 1 || parts.negatives);
        if (wrap)
            buffer_append_byte(out, '(');
        buffer_append(out, parts.positive.data, parts.positive.length);
        if (parts.negatives) {
            buffer_append_string(out, " NOT (");
            buffer_append(out, parts.negative.data, parts.negative.length);
            buffer_append_byte(out, ')');
        }
        if (wrap)
            buffer_append_byte(out, ')');
        *written = WRITTEN_EXPRESSION;
        struct query_node *all = parts.positive_nodes;
        parts.positive_nodes = NULL;
        for (size_t i = 0; i < parts.negative_nodes->count; i++) {
            struct query_node *not = query_node_new(QUERY_NODE_NOT);
            query_node_add(not, parts.negative_nodes->children[i]);
            query_node_add(all, not);
        }
        parts.negative_nodes->count = 0;
        if (all->count == 1) {
            *tree = all->children[0];
            all->count = 0;
            query_node_free(all);
        } else {
            *tree = all;
        }
    }
    query_node_free(parts.positive_nodes);
    query_node_free(parts.negative_nodes);
    buffer_free(&parts.positive);
    buffer_free(&parts.negative);
    return status;
}

/* Writes a choice: its children joined by OR, in parentheses. */
static int write_choice(const struct node *node, struct buffer *out, struct query *query, enum written *written,
                        struct query_node **tree, struct error *error)
{
    struct buffer choice = {0};
    struct query_node *any = query_node_new(QUERY_NODE_ANY);
    int status = 0;
    for (size_t i = 0; i < node->count && status == 0; i++) {
        const struct node *child = node->children[i];
        if (child->kind == NODE_NONE) {
            status = error_set_usage(error, "query: an excluded term cannot take part in OR");
            break;
        }
        if (child->kind == NODE_TERM && child->term->is_tag) {
            status = error_set_usage(error, "query: tag:%s cannot take part in OR", child->term->value);
            break;
        }
        if (child->kind == NODE_TERM && child->term->is_date) {
            status = error_set_usage(error, "query: date: cannot take part in OR");
            break;
        }
        enum written part_written = WRITTEN_NOTHING;
        struct buffer part = {0};
        struct query_node *part_tree = NULL;
        status = write_node(child, &part, query, &part_written, &part_tree, error);
        if (status == 0 && part_written == WRITTEN_NOTHING)
            status = error_set_usage(error, "query: OR needs a term on each side");
        if (status == 0) {
            buffer_append_string(&choice, i ? " OR " : "(");
            buffer_append(&choice, part.data, part.length);
            query_node_add(any, part_tree);
            part_tree = NULL;
        }
        query_node_free(part_tree);
        buffer_free(&part);
    }
    if (status == 0) {
        buffer_append(out, choice.data, choice.length);
        buffer_append_byte(out, ')');
        *written = WRITTEN_EXPRESSION;
        *tree = any;
        any = NULL;
    }
    query_node_free(any);
    buffer_free(&choice);
    return status;
}

/* Writes a node that is not at the top as an FTS5 expression that can
 * stand beside AND or OR (parenthesised where it must be). */
static int write_node(const struct node *node, struct buffer *out, struct query *query, enum written *written,
                      struct query_node **tree, struct error *error)
{
    *written = WRITTEN_NOTHING;
    *tree = NULL;
    switch (node->kind) {
    case NODE_TERM:
        if (!has_indexable_character(node->term->value))
            return 0; /* punctuation alone: nothing FTS5 could match */
        *tree = append_fts_term(out, node);
        *written = WRITTEN_EXPRESSION;
        return 0;
    case NODE_ANY:
        return write_choice(node, out, query, written, tree, error);
    case NODE_ALL:
    case NODE_NONE:
        return write_sequence(node, out, query, false, written, tree, error);
    }
    return 0;
}

/* The most stack entries FTS5's parser needs for expression, as estimated
 * above (outside double-quoted strings). */
static int parser_entries(const char *expression)
{
    enum { OPERATOR_OR = 1, OPERATOR_AND = 2, OPERATOR_NOT = 4, OPERATOR_COLON = 8 };
    unsigned char kinds[QUERY_MAX_PARSER_ENTRIES + 1] = {0}; /* operators waiting, per level */
    int level = 0, entries = 1, most = 1;
    for (const char *at = expression; *at; at++) {
        if (*at == '"') {
            for (at++; *at && !(at[0] == '"' && at[1] != '"'); at++)
                if (at[0] == '"')
                    at++; /* a doubled quote inside the string */
            if (*at == '\0')
                break;
            continue;
        }
        unsigned char kind = 0;
        if (*at == '(') {
            if (++level > QUERY_MAX_PARSER_ENTRIES)
                return QUERY_MAX_PARSER_ENTRIES + 1;
            kinds[level] = 0;
            entries++;
        } else if (*at == ')' && level > 0) {
            for (unsigned char bits = kinds[level]; bits; bits &= (unsigned char)(bits - 1))
                entries -= 2;
            level--;
            entries--;
        } else if (*at == ':') {
            kind = OPERATOR_COLON;
        } else if ((at == expression || at[-1] == ' ' || at[-1] == ')') &&
                   (strncmp(at, "OR ", 3) == 0 || strncmp(at, "AND ", 4) == 0 || strncmp(at, "NOT ", 4) == 0)) {
            kind = at[0] == 'O' ? OPERATOR_OR : at[0] == 'A' ? OPERATOR_AND : OPERATOR_NOT;
        }
        if (kind != 0 && !(kinds[level] & kind)) {
            kinds[level] |= kind;
            entries += 2;
        }
        if (entries > most)
            most = entries;
    }
    return most;
}

int query_parse(const char *text, struct query *query, struct error *error)
{
    memset(query, 0, sizeof *query);
    if (!utf8_is_valid(text, strlen(text)))
        return error_set_usage(error, "query: not valid UTF-8");
    struct query_token *tokens = NULL;
    long count = query_tokenize(text, &tokens, error);
    if (count < 0)
        return -1;
    if (count == 0)
        return 0;
    struct parser parser = {.tokens = tokens, .count = (size_t)count, .error = error};
    struct node *tree = parse_sequence(&parser, NULL);
    int status = tree ? 0 : -1;
    if (status == 0 && parser.next < parser.count)
        status = error_set_usage(error, "query: ')' without its '('");
    struct buffer expression = {0};
    enum written written = WRITTEN_NOTHING;
    struct query_node *query_tree = NULL;
    if (status == 0)
        status = write_sequence(tree, &expression, query, true, &written, &query_tree, error);
    if (status == 0 && written == WRITTEN_NOTHING && query->tags.count == 0 && query->since == NULL &&
        query->until == NULL)
        status = error_set_usage(error, "query: nothing to search for in '%.40s' (no letter or digit)", text);
    if (status == 0 && written == WRITTEN_EXPRESSION && parser_entries(expression.data) > QUERY_MAX_PARSER_ENTRIES)
        status = error_set_usage(error, "query: parentheses and exclusions nested too deeply inside one "
                                 "another (the full-text index cannot take it)");
    if (status == 0 && written == WRITTEN_EXPRESSION) {
        query->fts_expression = buffer_take(&expression);
        query->tree = query_tree;
        query_tree = NULL;
    }
    query_node_free(query_tree);
    buffer_free(&expression);
    node_free(tree);
    tokens_free(tokens, (size_t)count);
    if (status < 0)
        query_free(query);
    return status;
}

void query_free(struct query *query)
{
    free(query->since);
    free(query->until);
    query->since = query->until = NULL;
    free(query->fts_expression);
    string_list_free(&query->tags);
    query->fts_expression = NULL;
    query_node_free(query->tree);
    query->tree = NULL;
}
