/* postgres_search.c — search, count and the matching condition on a
 * PostgreSQL store (postgres_search.h).
 *
 * A request becomes one SELECT: the text query's condition
 * (postgres_query.c) and one fragment per filter, written here as
 * constants, joined by AND over `articles a`; every value is a $n
 * parameter.  A search finds its page of ids and scores first (ordered and
 * cut with LIMIT and OFFSET) and joins the hit's details, first source and
 * snippet to that page only.
 */
#include "postgres_search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsidx/calendar.h"
#include "newsidx/fold.h"
#include "newsidx/printer.h"

/* The people a name matches: the whole folded name, or its last or first
 * words ("osborn" finds Andrew Osborn), as the SQLite store matches them.
 * The name's parameter reference is written three times between these. */
#define PEOPLE_NAMED_1 "(SELECT id FROM people WHERE key = "
#define PEOPLE_NAMED_2 " OR right(key, length("
#define PEOPLE_NAMED_3 ") + 1) = ' ' || "
#define PEOPLE_NAMED_4 " OR left(key, length("
#define PEOPLE_NAMED_5 ") + 1) = "
#define PEOPLE_NAMED_6 " || ' ')"

#define REPORTING_ROLES "('byline', 'reporting', 'additional reporting', 'writing')"

/* The passage shown for a hit, as the SQLite store's snippet() shows it:
 * of the field with the best passage (see snippet_choose()), about 24
 * words with the matches between the printer's marks, paragraph breaks
 * made spaces, "…" where the field goes on.  ts_headline() marks each
 * field's passage; the field's rank query goes between the halves. */
#define HEADLINE_BEFORE "ts_headline('newsidx', "
#define HEADLINE_AFTER                                                                             \
    ", 'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=24, MinWords=12, "          \
    "ShortWord=0, MaxFragments=1')"

/* The fields a snippet may come from, in the SQLite store's column order
 * (the first wins a tie), as their text with paragraph breaks made spaces. */
static const struct {
    enum query_field field; /* the field */
    const char *text;       /* its text */
} snippet_fields[] = {
    {QUERY_FIELD_TITLE, "coalesce(a.title, '')"},
    {QUERY_FIELD_BODY, "replace(a.body, E'\\n\\n', ' ')"},
    {QUERY_FIELD_CAPTION, "replace(coalesce(a.caption_text, ''), E'\\n\\n', ' ')"},
    {QUERY_FIELD_BYLINE, "coalesce(a.byline_text, '')"},
    {QUERY_FIELD_DATELINE, "coalesce(a.dateline_raw, '')"},
    {QUERY_FIELD_CREDITS, "replace(coalesce(a.credits_raw, ''), E'\\n\\n', ' ')"},
};
#define SNIPPET_FIELDS (sizeof snippet_fields / sizeof snippet_fields[0])

/* The first column of the snippet fields in a hit's row: a headline and
 * the field's text for each. */
#define SNIPPET_COLUMN 11

/* Without a text query, the first paragraph stands in for a snippet: the
 * query reads this much of the body, and store_article_lead() cuts it to STORE_LEAD_CHARACTERS. */
#define LEAD_EXPRESSION "substr(a.body, 1, 400)"

static void ignore_notice(void *context, const char *message)
{
    (void)context;
    (void)message;
}

PGresult *postgres_run(struct postgres_store *store, const struct postgres_statement *statement,
                       struct error *error)
{
    PQsetNoticeProcessor(store->connection, ignore_notice, NULL);
    /* The planner does not count the cost of reading a tsvector (it is
     * compressed and kept out of the row, TOAST), so for a common word it
     * takes a sequential scan, which reads and decompresses every
     * article's search vector to test it (1 s and 850,000 buffers on
     * 200,000 articles), over the GIN index's bitmap, which reads only
     * the rows (0.2 s).  Off for this statement only. */
    if (statement->full_text && postgres_execute(store, "SET enable_seqscan = off", error, "cannot search") < 0)
        return NULL;
    const char **values = checked_malloc((statement->parameters.count + 1) * sizeof *values);
    for (size_t i = 0; i < statement->parameters.count; i++)
        values[i] = statement->parameters.items[i];
    PGresult *result = PQexecParams(store->connection, statement->sql.data, (int)statement->parameters.count, NULL,
                                    values, NULL, NULL, 0);
    free(values);
    if (statement->full_text) {
        PGresult *reset = PQexec(store->connection, "RESET enable_seqscan");
        PQclear(reset);
    }
    ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
        return result;
    const char *message = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
    if (message == NULL)
        message = PQerrorMessage(store->connection);
    size_t length = strcspn(message, "\n");
    error_set(error, "cannot search the store %s: %.*s", text_quote_name(store->location).text, (int)length,
              message);
    PQclear(result);
    return NULL;
}

int postgres_request_check(const struct search_request *request, struct error *error)
{
    if (search_request_check(request, error) < 0)
        return -1;
    if (request->fts_expression && request->query_tree == NULL)
        return error_set_usage(error, "--fts5 needs a SQLite store (this store is PostgreSQL: use the query language)");
    return 0;
}

/* Writes into iso the first (or, with at_end, the last) day of a checked
 * yyyy[-mm[-dd]]. */
static void date_bound(const char *text, bool at_end, char iso[11])
{
    struct calendar_date first, last;
    calendar_parse_partial(text, &first, &last);
    calendar_format(at_end ? last : first, iso);
}

/* Appends " AND " unless out is empty. */
static void append_and(struct buffer *out)
{
    if (out->length)
        buffer_append_string(out, " AND ");
}

/* Appends PEOPLE_NAMED for the folded name key (one parameter). */
static void append_people_named(struct postgres_statement *statement, struct buffer *out, const char *key)
{
    /* The same parameter three times: one $n, referenced thrice. */
    struct buffer reference = {0};
    postgres_parameter(statement, &reference, key);
    buffer_append_string(out, PEOPLE_NAMED_1);
    buffer_append(out, reference.data, reference.length);
    buffer_append_string(out, PEOPLE_NAMED_2);
    buffer_append(out, reference.data, reference.length);
    buffer_append_string(out, PEOPLE_NAMED_3);
    buffer_append(out, reference.data, reference.length);
    buffer_append_string(out, PEOPLE_NAMED_4);
    buffer_append(out, reference.data, reference.length);
    buffer_append_string(out, PEOPLE_NAMED_5);
    buffer_append(out, reference.data, reference.length);
    buffer_append_string(out, PEOPLE_NAMED_6);
    buffer_free(&reference);
}

/* Appends a credits filter: the article credits a person the name
 * matches, in a role the fragment restricts (a constant ending in AND, or
 * ""), or in the given role (a parameter) when role is not NULL. */
static void append_credit_filter(struct postgres_statement *statement, struct buffer *out, const char *restriction,
                                 const char *role, const char *key)
{
    append_and(out);
    buffer_append_string(out, "a.id IN (SELECT article_id FROM credits WHERE ");
    buffer_append_string(out, restriction);
    if (role) {
        buffer_append_string(out, "role = ");
        postgres_parameter(statement, out, role);
        buffer_append_string(out, " AND ");
    }
    buffer_append_string(out, "person_id IN ");
    append_people_named(statement, out, key);
    buffer_append_byte(out, ')');
}

int postgres_request_condition(const struct search_request *request, bool dates, struct postgres_statement *statement,
                               struct buffer *out, struct buffer *rank_queries, struct error *error)
{
    struct buffer condition = {0};
    statement->full_text = statement->full_text || request->query_tree != NULL;
    if (request->query_tree)
        postgres_condition_append(statement, request->query_tree, &condition, rank_queries);
    struct key_folder *folder = NULL;
    if ((request->dateline || request->reporter || request->editor || request->photographer || request->person) &&
        key_folder_open(&folder, error) < 0) {
        buffer_free(&condition);
        return -1;
    }
    struct buffer key = {0};
    if (request->dateline) {
        key_folder_fold(folder, &key, request->dateline);
        struct buffer reference = {0};
        postgres_parameter(statement, &reference, key.data ? key.data : "");
        append_and(&condition);
        buffer_append_string(&condition, "a.id IN (SELECT dp.article_id FROM dateline_places dp WHERE dp.place_id IN"
                                         " (SELECT pl.id FROM places pl WHERE pl.city_key = ");
        buffer_append(&condition, reference.data, reference.length);
        buffer_append_string(&condition, " OR pl.region_key = ");
        buffer_append(&condition, reference.data, reference.length);
        buffer_append_string(&condition, "))");
        buffer_free(&reference);
    }
    const struct {
        const char *name;        /* the request's value */
        const char *restriction; /* the credits it looks at */
    } credit_filters[] = {
        {request->reporter, "role IN " REPORTING_ROLES " AND "},
        {request->editor, "role = 'editing' AND "},
        {request->photographer, "origin = 'caption' AND "},
    };
    for (size_t i = 0; i < sizeof credit_filters / sizeof credit_filters[0]; i++)
        if (credit_filters[i].name) {
            buffer_reset(&key);
            key_folder_fold(folder, &key, credit_filters[i].name);
            append_credit_filter(statement, &condition, credit_filters[i].restriction, NULL,
                                 key.data ? key.data : "");
        }
    if (request->person) {
        char role[64] = "";
        if (request->role) {
            snprintf(role, sizeof role, "%s", request->role);
            for (char *at = role; *at; at++)
                if (*at >= 'A' && *at <= 'Z')
                    *at = (char)(*at - 'A' + 'a');
        }
        buffer_reset(&key);
        key_folder_fold(folder, &key, request->person);
        append_credit_filter(statement, &condition, "", request->role ? role : NULL, key.data ? key.data : "");
    }
    buffer_free(&key);
    key_folder_close(folder);
    for (size_t i = 0; request->tags && i < request->tags->count; i++) {
        /* SQLite's COLLATE NOCASE: ASCII letters in any case, as lower() does under "C". */
        append_and(&condition);
        buffer_append_string(&condition,
                             "a.id IN (SELECT article_id FROM tags WHERE lower(code COLLATE \"C\") = lower(");
        postgres_parameter(statement, &condition, request->tags->items[i]);
        buffer_append_string(&condition, "::text COLLATE \"C\"))");
    }
    if (dates && request->since) {
        char since[11];
        date_bound(request->since, false, since);
        append_and(&condition);
        buffer_append_string(&condition, "a.date >= ");
        postgres_parameter(statement, &condition, since);
    }
    if (dates && request->until) {
        char until[11];
        date_bound(request->until, true, until);
        append_and(&condition);
        buffer_append_string(&condition, "a.date <= ");
        postgres_parameter(statement, &condition, until);
    }
    buffer_append_string(out, condition.length ? condition.data : "true");
    buffer_free(&condition);
    return 0;
}

/* The sort a request gets. */
static enum search_sort request_sort(const struct search_request *request)
{
    if (request->sort == SEARCH_SORT_DEFAULT)
        return request->query_tree ? SEARCH_SORT_RANK : SEARCH_SORT_NEWEST;
    if (request->sort == SEARCH_SORT_RANK && request->query_tree == NULL)
        return SEARCH_SORT_NEWEST;
    return request->sort;
}

/* Appends " LIMIT … OFFSET …" when the request cuts its results. */
static void append_limit(struct postgres_statement *statement, const struct search_request *request)
{
    char number[24];
    if (request->limit > 0) {
        snprintf(number, sizeof number, "%lld", request->limit);
        buffer_append_string(&statement->sql, " LIMIT ");
        postgres_parameter(statement, &statement->sql, number);
        buffer_append_string(&statement->sql, "::bigint");
    }
    if (request->offset > 0) {
        snprintf(number, sizeof number, "%lld", request->offset);
        buffer_append_string(&statement->sql, " OFFSET ");
        postgres_parameter(statement, &statement->sql, number);
        buffer_append_string(&statement->sql, "::bigint");
    }
}

/* The ORDER BY of a page of the request's sort, over the page's columns
 * id, rank and date (named by prefix: "" in the page, "page." outside). */
static void append_order(struct buffer *sql, const struct search_request *request, const char *prefix)
{
    switch (request_sort(request)) {
    case SEARCH_SORT_RANK:
        buffer_append_string(sql, " ORDER BY ");
        buffer_append_string(sql, prefix);
        buffer_append_string(sql, "rank, ");
        buffer_append_string(sql, prefix);
        buffer_append_string(sql, "id");
        break;
    case SEARCH_SORT_OLDEST:
        buffer_append_string(sql, " ORDER BY ");
        buffer_append_string(sql, prefix);
        buffer_append_string(sql, "date NULLS LAST, ");
        buffer_append_string(sql, prefix);
        buffer_append_string(sql, "id");
        break;
    default:
        buffer_append_string(sql, " ORDER BY ");
        buffer_append_string(sql, prefix);
        buffer_append_string(sql, "date DESC NULLS LAST, ");
        buffer_append_string(sql, prefix);
        buffer_append_string(sql, "id DESC");
        break;
    }
}

/* Starts the statement of the request's page: "WITH page AS (SELECT id,
 * rank, date … ORDER BY … LIMIT … OFFSET …)", its rank queries in
 * rank_queries (POSTGRES_QUERY_FIELDS of them).  Returns 0, or -1 with
 * error set. */
static int page_statement(const struct search_request *request, struct postgres_statement *statement,
                          struct buffer *rank_queries, struct error *error)
{
    struct buffer condition = {0};
    if (postgres_request_condition(request, true, statement, &condition, rank_queries, error) < 0)
        return -1;
    const struct buffer *rank_query = &rank_queries[QUERY_FIELD_ANY];
    bool ranked = request_sort(request) == SEARCH_SORT_RANK && rank_query->length;
    buffer_append_string(&statement->sql, "WITH page AS (SELECT a.id AS id, ");
    if (ranked) {
        buffer_append_string(&statement->sql, "-ts_rank(" POSTGRES_RANK_WEIGHTS ", a.search, ");
        buffer_append(&statement->sql, rank_query->data, rank_query->length);
        buffer_append_string(&statement->sql, ", 1)::float8 AS rank");
    } else {
        buffer_append_string(&statement->sql, "0::float8 AS rank");
    }
    buffer_append_string(&statement->sql, ", a.date AS date FROM articles a WHERE ");
    buffer_append(&statement->sql, condition.data, condition.length);
    buffer_free(&condition);
    append_order(&statement->sql, request, "");
    append_limit(statement, request);
    buffer_append_string(&statement->sql, ")");
    return 0;
}

/* A column's text, or NULL when it is NULL. */
static const char *value_of(const PGresult *result, int row, int column)
{
    return PQgetisnull(result, row, column) ? NULL : PQgetvalue(result, row, column);
}

/* The tags of the page's articles: one statement for the page. */
struct page_tags {
    PGresult *result; /* article_id, scheme, code, ordered by article and position */
};

/* The first row of article id's tags in tags->result (its rows follow in
 * order), or the row count when it has none. */
static int page_tags_first(const struct page_tags *tags, long long id)
{
    int low = 0, high = PQntuples(tags->result);
    while (low < high) {
        int middle = low + (high - low) / 2;
        if (strtoll(PQgetvalue(tags->result, middle, 0), NULL, 10) < id)
            low = middle + 1;
        else
            high = middle;
    }
    return low;
}

/* Loads the tags of the hits in result (their ids in column 0). */
static int page_tags_load(struct postgres_store *store, const PGresult *hits, struct page_tags *tags,
                          struct error *error)
{
    struct postgres_statement statement = {0};
    struct buffer ids = {0};
    buffer_append_byte(&ids, '{');
    for (int i = 0; i < PQntuples(hits); i++) {
        if (i)
            buffer_append_byte(&ids, ',');
        buffer_append_string(&ids, PQgetvalue(hits, i, 0));
    }
    buffer_append_byte(&ids, '}');
    buffer_append_string(&statement.sql, "SELECT article_id, scheme, code FROM tags WHERE article_id = ANY(");
    postgres_parameter(&statement, &statement.sql, ids.data);
    buffer_append_string(&statement.sql, "::bigint[]) ORDER BY article_id, position");
    buffer_free(&ids);
    tags->result = postgres_run(store, &statement, error);
    postgres_statement_free(&statement);
    return tags->result ? 0 : -1;
}

/* The hit details joined to the page: id, rank, title, date, date_source,
 * dateline, byline, source name, first and last line, the lead (without a
 * text query), then from SNIPPET_COLUMN each snippet field's headline and
 * text (NULL when no term may match there). */
static void append_hit_details(struct postgres_statement *statement, const struct search_request *request,
                               const struct buffer *rank_queries)
{
    buffer_append_string(&statement->sql,
                         " SELECT page.id, page.rank, a.title, a.date, a.date_source, a.dateline_raw, a.byline_text,"
                         " src.name, p.first_line, p.last_line, ");
    buffer_append_string(&statement->sql, rank_queries[QUERY_FIELD_ANY].length ? "NULL" : LEAD_EXPRESSION);
    for (size_t i = 0; i < SNIPPET_FIELDS; i++) {
        const struct buffer *query = &rank_queries[snippet_fields[i].field];
        if (query->length == 0) {
            buffer_append_string(&statement->sql, ", NULL, NULL");
            continue;
        }
        buffer_append_string(&statement->sql, ", " HEADLINE_BEFORE);
        buffer_append_string(&statement->sql, snippet_fields[i].text);
        buffer_append_string(&statement->sql, ", ");
        buffer_append(&statement->sql, query->data, query->length);
        buffer_append_string(&statement->sql, HEADLINE_AFTER ", ");
        buffer_append_string(&statement->sql, snippet_fields[i].text);
    }
    buffer_append_string(&statement->sql,
                         " FROM page JOIN articles a ON a.id = page.id"
                         " LEFT JOIN LATERAL (SELECT source_id, first_line, last_line FROM provenance"
                         " WHERE article_id = a.id ORDER BY seen LIMIT 1) p ON true"
                         " LEFT JOIN sources src ON src.id = p.source_id");
    append_order(&statement->sql, request, "page.");
}

/* How good a marked passage is, as FTS5's snippet() scores one: 1000 for
 * each distinct word marked (case aside), 1 for each repeat. */
static long headline_score(const char *headline)
{
    struct string_list seen = {0};
    long score = 0;
    for (const char *at = strchr(headline, PRINTER_MATCH_START[0]); at; at = strchr(at, PRINTER_MATCH_START[0])) {
        at++;
        size_t length = strcspn(at, PRINTER_MATCH_END);
        char *word = checked_strndup(at, length);
        for (char *c = word; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
        bool repeat = false;
        for (size_t i = 0; i < seen.count && !repeat; i++)
            repeat = strcmp(seen.items[i], word) == 0;
        score += repeat ? 1 : 1000;
        if (!repeat)
            string_list_append(&seen, word);
        free(word);
        at += length;
    }
    string_list_free(&seen);
    return score;
}

/* True when the length bytes at text hold a letter or digit (any
 * non-ASCII byte counts). */
static bool has_word(const char *text, size_t length)
{
    for (const unsigned char *at = (const unsigned char *)text; at < (const unsigned char *)text + length; at++)
        if ((*at >= 'a' && *at <= 'z') || (*at >= 'A' && *at <= 'Z') || (*at >= '0' && *at <= '9') || *at >= 0x80)
            return true;
    return false;
}

/* Writes into out the snippet of hit row: the best field's headline
 * (headline_score(), the first field on a tie), with "…" before it when
 * the field's text begins earlier and after it when words follow (else
 * the punctuation that ends the field). */
static void snippet_choose(const PGresult *hits, int row, struct buffer *out)
{
    buffer_reset(out);
    int best = -1;
    long best_score = 0;
    for (size_t i = 0; i < SNIPPET_FIELDS; i++) {
        int column = SNIPPET_COLUMN + 2 * (int)i;
        if (PQgetisnull(hits, row, column))
            continue;
        long score = headline_score(PQgetvalue(hits, row, column));
        if (best < 0 || score > best_score) {
            best = column;
            best_score = score;
        }
    }
    if (best < 0)
        return;
    const char *headline = PQgetvalue(hits, row, best), *text = PQgetvalue(hits, row, best + 1);
    struct buffer plain = {0};
    for (const char *at = headline; *at; at++)
        if (*at != PRINTER_MATCH_START[0] && *at != PRINTER_MATCH_END[0])
            buffer_append_byte(&plain, *at);
    const char *found = plain.length ? strstr(text, plain.data) : NULL;
    if (found && has_word(text, (size_t)(found - text)))
        buffer_append_string(out, "…");
    buffer_append_string(out, headline);
    if (found) {
        const char *rest = found + plain.length;
        buffer_append_string(out, has_word(rest, strlen(rest)) ? "…" : rest);
    }
    buffer_free(&plain);
}

int postgres_search(struct store *store, const struct search_request *request, search_hit_callback callback,
                    void *context, struct error *error)
{
    struct postgres_store *postgres = postgres_store_of(store);
    if (postgres_request_check(request, error) < 0)
        return -1;
    struct postgres_statement statement = {0};
    struct buffer rank_queries[POSTGRES_QUERY_FIELDS] = {{0}};
    int status = page_statement(request, &statement, rank_queries, error);
    PGresult *hits = NULL;
    if (status == 0) {
        append_hit_details(&statement, request, rank_queries);
        hits = postgres_run(postgres, &statement, error);
        status = hits ? 0 : -1;
    }
    postgres_statement_free(&statement);
    struct page_tags tags = {0};
    if (status == 0 && PQntuples(hits) > 0)
        status = page_tags_load(postgres, hits, &tags, error);
    struct buffer lead = {0};
    struct tag *hit_tags = NULL;
    size_t tag_capacity = 0;
    for (int i = 0; status == 0 && i < PQntuples(hits); i++) {
        long long id = strtoll(PQgetvalue(hits, i, 0), NULL, 10);
        size_t tag_count = 0;
        for (int row = tags.result ? page_tags_first(&tags, id) : 0; tags.result && row < PQntuples(tags.result);
             row++) {
            if (strtoll(PQgetvalue(tags.result, row, 0), NULL, 10) != id)
                break;
            array_reserve((void **)&hit_tags, &tag_capacity, tag_count + 1, sizeof *hit_tags);
            /* The strings live in the result until it is cleared. */
            hit_tags[tag_count++] = (struct tag){PQgetvalue(tags.result, row, 1), PQgetvalue(tags.result, row, 2)};
        }
        if (rank_queries[QUERY_FIELD_ANY].length == 0)
            store_article_lead(value_of(hits, i, 10), &lead);
        else
            snippet_choose(hits, i, &lead);
        const char *snippet = lead.data ? lead.data : "";
        struct search_hit hit = {
            .id = id,
            .title = value_of(hits, i, 2),
            .date = value_of(hits, i, 3),
            .date_source = value_of(hits, i, 4),
            .dateline = value_of(hits, i, 5),
            .byline = value_of(hits, i, 6),
            .file = value_of(hits, i, 7),
            .first_line = value_of(hits, i, 8) ? strtol(PQgetvalue(hits, i, 8), NULL, 10) : 0,
            .last_line = value_of(hits, i, 9) ? strtol(PQgetvalue(hits, i, 9), NULL, 10) : 0,
            .snippet = snippet ? snippet : "",
            .rank = strtod(PQgetvalue(hits, i, 1), NULL),
            .tags = hit_tags,
            .tag_count = tag_count,
        };
        if (hit.file == NULL)
            status = error_set(error, "cannot search the store %s: article %lld has no source",
                               text_quote_name(postgres->location).text, id);
        else
            status = callback(&hit, context, error);
    }
    free(hit_tags);
    buffer_free(&lead);
    for (int field = 0; field < POSTGRES_QUERY_FIELDS; field++)
        buffer_free(&rank_queries[field]);
    PQclear(tags.result);
    PQclear(hits);
    return status;
}

int postgres_search_ids(struct store *store, const struct search_request *request,
                        int (*callback)(long long id, void *context, struct error *error), void *context,
                        struct error *error)
{
    struct postgres_store *postgres = postgres_store_of(store);
    if (postgres_request_check(request, error) < 0)
        return -1;
    struct postgres_statement statement = {0};
    struct buffer rank_queries[POSTGRES_QUERY_FIELDS] = {{0}};
    int status = page_statement(request, &statement, rank_queries, error);
    PGresult *ids = NULL;
    if (status == 0) {
        buffer_append_string(&statement.sql, " SELECT page.id FROM page");
        append_order(&statement.sql, request, "page.");
        ids = postgres_run(postgres, &statement, error);
        status = ids ? 0 : -1;
    }
    postgres_statement_free(&statement);
    for (int field = 0; field < POSTGRES_QUERY_FIELDS; field++)
        buffer_free(&rank_queries[field]);
    /* The ids are all read before the first callback, which loads articles
     * on the same connection. */
    for (int i = 0; status == 0 && i < PQntuples(ids); i++)
        status = callback(strtoll(PQgetvalue(ids, i, 0), NULL, 10), context, error);
    PQclear(ids);
    return status;
}

int postgres_count(struct store *store, const struct search_request *request, long long *count,
                   struct error *error)
{
    struct postgres_store *postgres = postgres_store_of(store);
    if (postgres_request_check(request, error) < 0)
        return -1;
    struct postgres_statement statement = {0};
    buffer_append_string(&statement.sql, "SELECT count(*) FROM articles a WHERE ");
    int status = postgres_request_condition(request, true, &statement, &statement.sql, NULL, error);
    PGresult *result = NULL;
    if (status == 0) {
        result = postgres_run(postgres, &statement, error);
        status = result ? 0 : -1;
    }
    if (status == 0)
        *count = strtoll(PQgetvalue(result, 0, 0), NULL, 10);
    PQclear(result);
    postgres_statement_free(&statement);
    return status;
}
