/* query.c — from the user's query language to a safe FTS5 expression.
 *
 * The text is cut into terms (a word, a "phrase", either maybe with -, a
 * field: prefix or a trailing *), and the operator OR.  Each term becomes a
 * double-quoted FTS5 string with its quotes doubled, so user text is only
 * ever tokenized by FTS5, never parsed as its syntax.
 */
#include "newsidx/query.h"

#include "newsidx/calendar.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* One term of the query. */
struct query_term {
    char *value;        /* the word or phrase, as typed (quotes removed) */
    const char *column; /* the FTS5 column it is limited to, or NULL */
    bool negated;       /* typed with a leading - */
    bool prefix;        /* typed with a trailing * */
    bool is_or;         /* this is the operator OR, not a term */
    bool is_tag;        /* a tag:CODE term, matched outside FTS5 */
    bool is_date;       /* a date:RANGE term, matched outside FTS5 */
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
        unsigned code_point;
        size_t length;
        if (*at >= 0xF0) {
            code_point = *at & 0x07u;
            length = 4;
        } else if (*at >= 0xE0) {
            code_point = *at & 0x0Fu;
            length = 3;
        } else {
            code_point = *at & 0x1Fu;
            length = 2;
        }
        for (size_t i = 1; i < length && at[i]; i++)
            code_point = (code_point << 6) | (at[i] & 0x3Fu);
        if (!(code_point < 0xC0 || (code_point >= 0x2000 && code_point <= 0x2BFF) ||
              (code_point >= 0x3000 && code_point <= 0x303F)))
            return true;
        for (size_t i = 0; i < length && *at; i++)
            at++;
    }
    return false;
}

static void terms_free(struct query_term *terms, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(terms[i].value);
    free(terms);
}

/* Cuts text into terms.  Returns the count, or -1 with error set. */
static long query_tokenize(const char *text, struct query_term **out, struct error *error)
{
    struct query_term *terms = NULL;
    size_t count = 0, capacity = 0;
    const char *at = text;
    for (;;) {
        while (*at == ' ' || *at == '\t' || *at == '\n' || *at == '\r')
            at++;
        if (*at == '\0')
            break;
        if (count == QUERY_MAX_TERMS) {
            terms_free(terms, count);
            return error_set_usage(error, "query: more than %d terms", QUERY_MAX_TERMS);
        }
        struct query_term term = {0};
        const char *start = at;
        if (*at == '-' && at[1] && at[1] != ' ' && at[1] != '\t') {
            term.negated = true;
            at++;
        }
        /* A field prefix: letters then ':' then a value. */
        const char *letters = at;
        while ((*letters >= 'a' && *letters <= 'z') || (*letters >= 'A' && *letters <= 'Z'))
            letters++;
        if (letters > at && *letters == ':') {
            size_t name_length = (size_t)(letters - at);
            bool known = false;
            for (size_t i = 0; i < sizeof query_fields / sizeof query_fields[0]; i++)
                if (strlen(query_fields[i].field) == name_length &&
                    strncmp(query_fields[i].field, at, name_length) == 0) {
                    term.column = query_fields[i].column;
                    term.is_date = strcmp(query_fields[i].field, "date") == 0;
                    term.is_tag = query_fields[i].column == NULL && !term.is_date;
                    known = true;
                }
            if (!known) {
                terms_free(terms, count);
                return error_set_usage(error, "query: unknown field '%.*s' (fields: " QUERY_FIELD_NAMES ")",
                                       (int)name_length, at);
            }
            at = letters + 1;
            if (*at == '\0' || *at == ' ' || *at == '\t') {
                terms_free(terms, count);
                return error_set_usage(error, "query: '%.*s:' needs a value", (int)name_length, letters - name_length);
            }
        }
        if (*at == '"') {
            const char *close = strchr(at + 1, '"');
            if (close == NULL) {
                terms_free(terms, count);
                return error_set_usage(error, "query: unterminated quote in '%.40s'", start);
            }
            term.value = checked_strndup(at + 1, (size_t)(close - at - 1));
            at = close + 1;
            if (*at == '*') {
                term.prefix = true;
                at++;
            }
        } else {
            const char *end = at;
            while (*end && *end != ' ' && *end != '\t' && *end != '\n' && *end != '\r' && *end != '"')
                end++;
            size_t length = (size_t)(end - at);
            if (length && at[length - 1] == '*') {
                term.prefix = true;
                length--;
            }
            term.value = checked_strndup(at, length);
            at = end;
        }
        if (!term.negated && term.column == NULL && !term.is_tag && !term.is_date && !term.prefix &&
            strcmp(term.value, "OR") == 0 && start[0] == 'O') {
            term.is_or = true;
        }
        array_reserve((void **)&terms, &capacity, count + 1, sizeof *terms);
        terms[count++] = term;
    }
    *out = terms;
    return (long)count;
}

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
    int status = 0;
    if (since[0] == '\0' && until[0] == '\0')
        status = error_set_usage(error, "query: 'date:%.40s' needs a date (date:2017, date:2017-03..2017-06, date:..2017-06-30)",
                                 value);
    else if ((since[0] && calendar_parse_partial(since, &first, &last) == CALENDAR_NOT_A_DATE) ||
             (until[0] && calendar_parse_partial(until, &until_first, &until_last) == CALENDAR_NOT_A_DATE))
        status = error_set_usage(error, "query: 'date:%.40s': '%.20s' is not a date (use yyyy, yyyy-mm or yyyy-mm-dd of a "
                                 "day that exists)", value,
                                 since[0] && calendar_parse_partial(since, &first, &last) == CALENDAR_NOT_A_DATE ? since
                                                                                                                 : until);
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

/* Appends one term as an FTS5 string, limited to its column if any. */
static void append_fts_term(struct buffer *out, const struct query_term *term)
{
    if (term->column) {
        buffer_append_string(out, term->column);
        buffer_append_string(out, " : ");
    }
    buffer_append_byte(out, '"');
    for (const char *at = term->value; *at; at++) {
        if (*at == '"')
            buffer_append_byte(out, '"');
        buffer_append_byte(out, *at);
    }
    buffer_append_byte(out, '"');
    if (term->prefix)
        buffer_append_string(out, " *");
}

int query_parse(const char *text, struct query *query, struct error *error)
{
    memset(query, 0, sizeof *query);
    if (!utf8_is_valid(text, strlen(text)))
        return error_set_usage(error, "query: not valid UTF-8");
    struct query_term *terms = NULL;
    long count = query_tokenize(text, &terms, error);
    if (count < 0)
        return -1;

    struct buffer positive = {0}, negative = {0};
    size_t positive_groups = 0, negative_terms = 0;
    int status = 0;
    for (long i = 0; i < count && status == 0; i++) {
        struct query_term *term = &terms[i];
        if (term->is_or) {
            status = error_set_usage(error, "query: OR needs a term on each side");
            break;
        }
        if (term->is_date) {
            if (term->negated)
                status = error_set_usage(error, "query: -date: cannot exclude dates (use date:..DATE or date:DATE..)");
            else if (i + 1 < count && terms[i + 1].is_or)
                status = error_set_usage(error, "query: date: cannot take part in OR");
            else
                status = query_add_date(query, term->value, error);
            continue;
        }
        if (term->is_tag) {
            string_list_append(&query->tags, term->value);
            continue;
        }
        if (!has_indexable_character(term->value)) {
            if (i + 1 < count && terms[i + 1].is_or)
                status = error_set_usage(error, "query: OR needs a term on each side");
            continue; /* punctuation alone: nothing FTS5 could match */
        }
        if (term->negated) {
            if (i + 1 < count && terms[i + 1].is_or) {
                status = error_set_usage(error, "query: an excluded term cannot take part in OR");
                break;
            }
            buffer_append_string(&negative, negative_terms++ ? " OR " : "");
            append_fts_term(&negative, term);
            continue;
        }
        /* A group: this term and any joined to it by OR. */
        struct buffer group = {0};
        size_t alternatives = 1;
        append_fts_term(&group, term);
        while (status == 0 && i + 1 < count && terms[i + 1].is_or) {
            if (i + 2 >= count || terms[i + 2].is_or || terms[i + 2].negated || terms[i + 2].is_tag ||
                terms[i + 2].is_date ||
                !has_indexable_character(terms[i + 2].value)) {
                status = error_set_usage(error, "query: OR needs a term on each side");
                break;
            }
            buffer_append_string(&group, " OR ");
            append_fts_term(&group, &terms[i + 2]);
            alternatives++;
            i += 2;
        }
        if (status == 0) {
            buffer_append_string(&positive, positive_groups++ ? " AND " : "");
            if (alternatives > 1)
                buffer_append_byte(&positive, '(');
            buffer_append(&positive, group.data, group.length);
            if (alternatives > 1)
                buffer_append_byte(&positive, ')');
        }
        buffer_free(&group);
    }
    if (status == 0 && negative_terms && positive_groups == 0)
        status = error_set_usage(error, "query: excluded terms need at least one term to match");
    if (status == 0 && positive_groups) {
        if (negative_terms) {
            buffer_append_string(&positive, " NOT (");
            buffer_append(&positive, negative.data, negative.length);
            buffer_append_byte(&positive, ')');
        }
        query->fts_expression = buffer_take(&positive);
    }
    buffer_free(&positive);
    buffer_free(&negative);
    terms_free(terms, (size_t)count);
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
}
