/* store_search.c — search, count and facets over the store.
 *
 * A request becomes one SELECT put together from constant fragments: the
 * FTS5 table drives it when there is a text query, the articles table
 * otherwise, and each filter in use adds one "a.id IN (…)" fragment with a
 * named parameter.  Only fragments written here reach the SQL text; the
 * user's values are always bound.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsidx/printer.h"
#include "newsidx/search.h"
#include "store_internal.h"

/* bm25 weights, in the FTS5 column order title, body, caption, byline,
 * dateline, credits: the headline and the people above the body. */
#define RANK_EXPRESSION "bm25(article_search, 10.0, 1.0, 2.0, 6.0, 3.0, 6.0)"

/* The passage shown for a hit: the best column, matches marked. */
#define SNIPPET_EXPRESSION \
    "replace(snippet(article_search, -1, char(2), char(3), '…', 24), char(10) || char(10), ' ')"

/* Without a text query, the start of the body stands in for a snippet. */
#define LEAD_EXPRESSION "replace(substr(a.body, 1, 200), char(10) || char(10), ' ')"

/* The people a name matches: the whole folded name, or its last or first
 * words ("osborn" finds Andrew Osborn).  Uses parameter :NAME. */
#define PEOPLE_NAMED(NAME)                                                                 \
    "(SELECT id FROM people WHERE key = " NAME " OR substr(key, -length(" NAME ") - 1) = ' ' || " \
    NAME " OR substr(key, 1, length(" NAME ") + 1) = " NAME " || ' ')"

#define REPORTING_ROLES "('byline', 'reporting', 'additional reporting', 'writing')"

/* The most tag: terms one request may hold. */
#define SEARCH_MAX_TAGS 16

/* A request's values as they are bound: folded names, full dates. */
struct bound_values {
    struct buffer dateline;     /* folded place */
    struct buffer reporter;     /* folded names */
    struct buffer editor;
    struct buffer photographer;
    struct buffer person;
    char role[64];              /* the role, lower case */
    char since[11];             /* yyyy-mm-dd */
    char until[11];             /* yyyy-mm-dd */
};

/* True when text is yyyy, yyyy-mm or yyyy-mm-dd; writes the first (or,
 * with at_end, the last) day it covers into iso. */
static bool date_bound(const char *text, bool at_end, char iso[11])
{
    size_t length = strlen(text);
    if (length != 4 && length != 7 && length != 10)
        return false;
    for (size_t i = 0; i < length; i++) {
        bool dash = i == 4 || i == 7;
        if (dash ? text[i] != '-' : (text[i] < '0' || text[i] > '9'))
            return false;
    }
    if (length >= 7 && (atoi(text + 5) < 1 || atoi(text + 5) > 12))
        return false;
    if (length == 10 && (atoi(text + 8) < 1 || atoi(text + 8) > 31))
        return false;
    snprintf(iso, 11, "%.4s-%.2s-%.2s", text, length >= 7 ? text + 5 : (at_end ? "12" : "01"),
             length == 10 ? text + 8 : (at_end ? "31" : "01"));
    return true;
}

int search_request_check(const struct search_request *request, struct error *error)
{
    char iso[11];
    if (request->since && !date_bound(request->since, false, iso))
        return error_set_usage(error, "--since: '%s' is not a date (use yyyy, yyyy-mm or yyyy-mm-dd)",
                               request->since);
    if (request->until && !date_bound(request->until, true, iso))
        return error_set_usage(error, "--until: '%s' is not a date (use yyyy, yyyy-mm or yyyy-mm-dd)",
                               request->until);
    if (request->limit < 0)
        return error_set_usage(error, "--limit: must not be negative");
    if (request->offset < 0)
        return error_set_usage(error, "--offset: must not be negative");
    if (request->tags && request->tags->count > SEARCH_MAX_TAGS)
        return error_set_usage(error, "query: more than %d tag: terms", SEARCH_MAX_TAGS);
    if (request->role && strlen(request->role) >= sizeof ((struct bound_values *)0)->role)
        return error_set_usage(error, "--role: '%.40s' is not a role", request->role);
    return 0;
}

static void bound_values_fill(struct bound_values *values, const struct search_request *request)
{
    memset(values, 0, sizeof *values);
    if (request->dateline)
        text_fold_key(&values->dateline, request->dateline);
    if (request->reporter)
        text_fold_key(&values->reporter, request->reporter);
    if (request->editor)
        text_fold_key(&values->editor, request->editor);
    if (request->photographer)
        text_fold_key(&values->photographer, request->photographer);
    if (request->person)
        text_fold_key(&values->person, request->person);
    if (request->role) {
        snprintf(values->role, sizeof values->role, "%s", request->role);
        for (char *at = values->role; *at; at++)
            if (*at >= 'A' && *at <= 'Z')
                *at = (char)(*at - 'A' + 'a');
    }
    if (request->since)
        date_bound(request->since, false, values->since);
    if (request->until)
        date_bound(request->until, true, values->until);
}

static void bound_values_free(struct bound_values *values)
{
    buffer_free(&values->dateline);
    buffer_free(&values->reporter);
    buffer_free(&values->editor);
    buffer_free(&values->photographer);
    buffer_free(&values->person);
}

/* True when the request narrows the articles at all. */
static bool request_filters(const struct search_request *request)
{
    return request->fts_expression || (request->tags && request->tags->count) || request->dateline ||
           request->reporter || request->editor || request->photographer || request->person ||
           request->since || request->until;
}

/* Appends " FROM … WHERE …" selecting the matching articles as alias a. */
static void append_from_where(struct buffer *sql, const struct search_request *request)
{
    if (request->fts_expression)
        buffer_append_string(sql, " FROM article_search JOIN articles a ON a.id = article_search.rowid"
                                  " WHERE article_search MATCH :fts");
    else
        buffer_append_string(sql, " FROM articles a WHERE 1");
    if (request->dateline)
        buffer_append_string(sql, " AND a.id IN (SELECT dp.article_id FROM dateline_places dp"
                                  " JOIN places pl ON pl.id = dp.place_id"
                                  " WHERE pl.city_key = :dateline OR pl.region_key = :dateline)");
    if (request->reporter)
        buffer_append_string(sql, " AND a.id IN (SELECT article_id FROM credits WHERE role IN "
                                  REPORTING_ROLES " AND person_id IN " PEOPLE_NAMED(":reporter") ")");
    if (request->editor)
        buffer_append_string(sql, " AND a.id IN (SELECT article_id FROM credits WHERE role = 'editing'"
                                  " AND person_id IN " PEOPLE_NAMED(":editor") ")");
    if (request->photographer)
        buffer_append_string(sql, " AND a.id IN (SELECT article_id FROM credits WHERE origin = 'caption'"
                                  " AND person_id IN " PEOPLE_NAMED(":photographer") ")");
    if (request->person && request->role)
        buffer_append_string(sql, " AND a.id IN (SELECT article_id FROM credits WHERE role = :role"
                                  " AND person_id IN " PEOPLE_NAMED(":person") ")");
    else if (request->person)
        buffer_append_string(sql, " AND a.id IN (SELECT article_id FROM credits"
                                  " WHERE person_id IN " PEOPLE_NAMED(":person") ")");
    for (size_t i = 0; request->tags && i < request->tags->count; i++) {
        char fragment[160];
        snprintf(fragment, sizeof fragment,
                 " AND a.id IN (SELECT article_id FROM tags WHERE code = :tag%zu COLLATE NOCASE)", i);
        buffer_append_string(sql, fragment);
    }
    if (request->since)
        buffer_append_string(sql, " AND a.date >= :since");
    if (request->until)
        buffer_append_string(sql, " AND a.date <= :until");
}

/* Appends ORDER BY for the request's sort. */
static void append_order(struct buffer *sql, const struct search_request *request)
{
    enum search_sort sort = request->sort;
    if (sort == SEARCH_SORT_DEFAULT)
        sort = request->fts_expression ? SEARCH_SORT_RANK : SEARCH_SORT_NEWEST;
    if (sort == SEARCH_SORT_RANK && request->fts_expression)
        buffer_append_string(sql, " ORDER BY " RANK_EXPRESSION ", a.id");
    else if (sort == SEARCH_SORT_OLDEST)
        buffer_append_string(sql, " ORDER BY a.date IS NULL, a.date, a.id");
    else
        buffer_append_string(sql, " ORDER BY a.date DESC, a.id DESC");
}

static void append_limit(struct buffer *sql, const struct search_request *request)
{
    if (request->limit > 0 || request->offset > 0)
        buffer_append_string(sql, " LIMIT :limit OFFSET :offset");
}

/* Binds text to the named parameter when the statement has it. */
static void bind_named_text(sqlite3_stmt *statement, const char *name, const char *value)
{
    int index = sqlite3_bind_parameter_index(statement, name);
    if (index > 0)
        sqlite3_bind_text(statement, index, value, -1, SQLITE_TRANSIENT);
}

static void bind_named_integer(sqlite3_stmt *statement, const char *name, long long value)
{
    int index = sqlite3_bind_parameter_index(statement, name);
    if (index > 0)
        sqlite3_bind_int64(statement, index, value);
}

static void bind_request(sqlite3_stmt *statement, const struct search_request *request,
                         const struct bound_values *values)
{
    if (request->fts_expression)
        bind_named_text(statement, ":fts", request->fts_expression);
    if (request->dateline)
        bind_named_text(statement, ":dateline", values->dateline.data ? values->dateline.data : "");
    if (request->reporter)
        bind_named_text(statement, ":reporter", values->reporter.data ? values->reporter.data : "");
    if (request->editor)
        bind_named_text(statement, ":editor", values->editor.data ? values->editor.data : "");
    if (request->photographer)
        bind_named_text(statement, ":photographer", values->photographer.data ? values->photographer.data : "");
    if (request->person)
        bind_named_text(statement, ":person", values->person.data ? values->person.data : "");
    if (request->role)
        bind_named_text(statement, ":role", values->role);
    for (size_t i = 0; request->tags && i < request->tags->count; i++) {
        char name[32];
        snprintf(name, sizeof name, ":tag%zu", i);
        bind_named_text(statement, name, request->tags->items[i]);
    }
    if (request->since)
        bind_named_text(statement, ":since", values->since);
    if (request->until)
        bind_named_text(statement, ":until", values->until);
    bind_named_integer(statement, ":limit", request->limit > 0 ? request->limit : -1);
    bind_named_integer(statement, ":offset", request->offset);
}

/* Turns a failed step into an error: FTS5's complaints about the query are
 * usage errors that name the problem, anything else a runtime error. */
static int search_step_error(struct store *store, const struct search_request *request,
                             struct error *error)
{
    const char *message = sqlite3_errmsg(store->database);
    int code = sqlite3_errcode(store->database) & 0xFF;
    if (request->fts_expression && code == SQLITE_ERROR) {
        if (strncmp(message, "fts5: ", 6) == 0)
            message += 6;
        return error_set_usage(error, "query: %s", message);
    }
    return error_set(error, "cannot search the store '%s': %s", store->path, message);
}

/* Prepares sql and binds the request; returns the statement or NULL. */
static sqlite3_stmt *search_prepare(struct store *store, const char *sql,
                                    const struct search_request *request,
                                    const struct bound_values *values, struct error *error)
{
    sqlite3_stmt *statement = NULL;
    if (sqlite3_prepare_v2(store->database, sql, -1, &statement, NULL) != SQLITE_OK) {
        error_set(error, "cannot search the store '%s': %s", store->path, sqlite3_errmsg(store->database));
        sqlite3_finalize(statement);
        return NULL;
    }
    bind_request(statement, request, values);
    return statement;
}

static const char *column_text(sqlite3_stmt *statement, int column)
{
    return (const char *)sqlite3_column_text(statement, column);
}

/* Per-hit look-ups, run for the page of hits only: the article's own
 * columns, where it was first seen, and the marked passage. */
static const char hit_details_sql[] =
    "SELECT a.title, a.date, a.dateline_raw, a.byline_text, src.name, p.first_line, p.last_line, "
    LEAD_EXPRESSION
    " FROM articles a JOIN provenance p ON p.id = (SELECT min(id) FROM provenance WHERE article_id = a.id)"
    " JOIN sources src ON src.id = p.source_id WHERE a.id = :id";
static const char hit_snippet_sql[] =
    "SELECT " SNIPPET_EXPRESSION " FROM article_search WHERE article_search MATCH :fts AND rowid = :id";

/* The statements that fill in a hit. */
struct hit_lookup {
    sqlite3_stmt *details; /* hit_details_sql */
    sqlite3_stmt *snippet; /* hit_snippet_sql, when there is a text query */
};

int store_search(struct store *store, const struct search_request *request,
                 search_hit_callback callback, void *context, struct error *error)
{
    if (search_request_check(request, error) < 0)
        return -1;
    /* The page of hits: ids and rank only, so that sorting many matches
     * never reads their text. */
    struct buffer sql = {0};
    buffer_append_string(&sql, request->fts_expression ? "SELECT a.id, " RANK_EXPRESSION : "SELECT a.id, 0");
    append_from_where(&sql, request);
    append_order(&sql, request);
    append_limit(&sql, request);
    struct bound_values values;
    bound_values_fill(&values, request);
    sqlite3_stmt *statement = search_prepare(store, sql.data, request, &values, error);
    buffer_free(&sql);
    struct hit_lookup lookup = {0};
    int status = statement ? 0 : -1;
    if (status == 0 &&
        (sqlite3_prepare_v2(store->database, hit_details_sql, -1, &lookup.details, NULL) != SQLITE_OK ||
         (request->fts_expression &&
          sqlite3_prepare_v2(store->database, hit_snippet_sql, -1, &lookup.snippet, NULL) != SQLITE_OK)))
        status = error_set(error, "cannot search the store '%s': %s", store->path,
                           sqlite3_errmsg(store->database));
    if (lookup.snippet)
        bind_named_text(lookup.snippet, ":fts", request->fts_expression);
    while (status == 0) {
        int step = sqlite3_step(statement);
        if (step == SQLITE_DONE)
            break;
        if (step != SQLITE_ROW) {
            status = search_step_error(store, request, error);
            break;
        }
        long long id = sqlite3_column_int64(statement, 0);
        sqlite3_reset(lookup.details);
        bind_named_integer(lookup.details, ":id", id);
        if (sqlite3_step(lookup.details) != SQLITE_ROW) {
            status = error_set(error, "cannot search the store '%s': article %lld has no source",
                               store->path, id);
            break;
        }
        const char *snippet = column_text(lookup.details, 7);
        if (lookup.snippet) {
            sqlite3_reset(lookup.snippet);
            bind_named_integer(lookup.snippet, ":id", id);
            if (sqlite3_step(lookup.snippet) == SQLITE_ROW)
                snippet = column_text(lookup.snippet, 0);
        }
        struct search_hit hit = {
            .id = id,
            .title = column_text(lookup.details, 0),
            .date = column_text(lookup.details, 1),
            .dateline = column_text(lookup.details, 2),
            .byline = column_text(lookup.details, 3),
            .file = column_text(lookup.details, 4),
            .first_line = (long)sqlite3_column_int64(lookup.details, 5),
            .last_line = (long)sqlite3_column_int64(lookup.details, 6),
            .snippet = snippet,
            .rank = sqlite3_column_double(statement, 1),
        };
        status = callback(&hit, context, error);
    }
    sqlite3_finalize(lookup.details);
    sqlite3_finalize(lookup.snippet);
    sqlite3_finalize(statement);
    bound_values_free(&values);
    return status;
}

int store_search_ids(struct store *store, const struct search_request *request,
                     int (*callback)(long long id, void *context, struct error *error), void *context,
                     struct error *error)
{
    if (search_request_check(request, error) < 0)
        return -1;
    struct buffer sql = {0};
    buffer_append_string(&sql, "SELECT a.id");
    append_from_where(&sql, request);
    append_order(&sql, request);
    append_limit(&sql, request);
    struct bound_values values;
    bound_values_fill(&values, request);
    sqlite3_stmt *statement = search_prepare(store, sql.data, request, &values, error);
    buffer_free(&sql);
    /* Collect first: the callback loads articles with other statements. */
    long long *ids = NULL;
    size_t count = 0, capacity = 0;
    int status = statement ? 0 : -1;
    while (status == 0) {
        int step = sqlite3_step(statement);
        if (step == SQLITE_DONE)
            break;
        if (step != SQLITE_ROW) {
            status = search_step_error(store, request, error);
            break;
        }
        array_reserve((void **)&ids, &capacity, count + 1, sizeof *ids);
        ids[count++] = sqlite3_column_int64(statement, 0);
    }
    sqlite3_finalize(statement);
    bound_values_free(&values);
    for (size_t i = 0; status == 0 && i < count; i++)
        status = callback(ids[i], context, error);
    free(ids);
    return status;
}

int store_count(struct store *store, const struct search_request *request, long long *count,
                struct error *error)
{
    if (search_request_check(request, error) < 0)
        return -1;
    struct buffer sql = {0};
    buffer_append_string(&sql, "SELECT count(*)");
    append_from_where(&sql, request);
    struct bound_values values;
    bound_values_fill(&values, request);
    sqlite3_stmt *statement = search_prepare(store, sql.data, request, &values, error);
    buffer_free(&sql);
    int status = -1;
    if (statement) {
        int step = sqlite3_step(statement);
        if (step == SQLITE_ROW) {
            *count = sqlite3_column_int64(statement, 0);
            status = 0;
        } else {
            status = search_step_error(store, request, error);
        }
    }
    sqlite3_finalize(statement);
    bound_values_free(&values);
    return status;
}

/* Runs a facet query: head selects (name, detail, articles) with an
 * "IN (matching articles)" slot where the request's selection goes. */
static int run_facet(struct store *store, const struct search_request *request, const char *head,
                     const char *article_column, const char *tail, const char *role, long long top,
                     facet_row_callback callback, void *context, struct error *error)
{
    if (search_request_check(request, error) < 0)
        return -1;
    struct buffer sql = {0};
    buffer_append_string(&sql, head);
    if (request_filters(request)) {
        buffer_append_string(&sql, " AND ");
        buffer_append_string(&sql, article_column);
        buffer_append_string(&sql, " IN (SELECT a.id");
        append_from_where(&sql, request);
        buffer_append_string(&sql, ")");
    }
    if (role)
        buffer_append_string(&sql, " AND c.role = :facet_role");
    buffer_append_string(&sql, tail);
    if (top > 0)
        buffer_append_string(&sql, " LIMIT :top");
    struct bound_values values;
    bound_values_fill(&values, request);
    sqlite3_stmt *statement = search_prepare(store, sql.data, request, &values, error);
    buffer_free(&sql);
    int status = statement ? 0 : -1;
    if (statement) {
        if (role) {
            char lower[64];
            snprintf(lower, sizeof lower, "%s", role);
            for (char *at = lower; *at; at++)
                if (*at >= 'A' && *at <= 'Z')
                    *at = (char)(*at - 'A' + 'a');
            bind_named_text(statement, ":facet_role", lower);
        }
        bind_named_integer(statement, ":top", top);
    }
    while (status == 0) {
        int step = sqlite3_step(statement);
        if (step == SQLITE_DONE)
            break;
        if (step != SQLITE_ROW) {
            status = search_step_error(store, request, error);
            break;
        }
        struct facet_row row = {
            .name = column_text(statement, 0),
            .detail = column_text(statement, 1),
            .articles = sqlite3_column_int64(statement, 2),
        };
        status = callback(&row, context, error);
    }
    sqlite3_finalize(statement);
    bound_values_free(&values);
    return status;
}

int store_people_facet(struct store *store, const struct search_request *request, const char *role,
                       long long top, facet_row_callback callback, void *context, struct error *error)
{
    return run_facet(store, request,
                     "SELECT pe.name, c.role, count(DISTINCT c.article_id) AS articles"
                     " FROM credits c JOIN people pe ON pe.id = c.person_id WHERE 1",
                     "c.article_id", " GROUP BY c.person_id, c.role ORDER BY articles DESC, pe.name, c.role",
                     role, top, callback, context, error);
}

int store_dateline_facet(struct store *store, const struct search_request *request, long long top,
                         facet_row_callback callback, void *context, struct error *error)
{
    return run_facet(store, request,
                     "SELECT pl.city, pl.region, count(DISTINCT dp.article_id) AS articles"
                     " FROM dateline_places dp JOIN places pl ON pl.id = dp.place_id WHERE 1",
                     "dp.article_id", " GROUP BY dp.place_id ORDER BY articles DESC, pl.city, pl.region",
                     NULL, top, callback, context, error);
}
