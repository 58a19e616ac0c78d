/* sqlite_search.c — search, count and facets over the store.
 *
 * A request becomes one SELECT put together from constant fragments: one
 * per filter in use, each with named parameters.  Only fragments written
 * here reach the SQL text; the user's values are always bound.  How the
 * fragments are put together is the plan (see enum search_plan): the FTS5
 * table drives ranked searches; date-ordered ones either walk the date
 * index and probe each article, or start from the one small set.  The page
 * of hits is found first, by id only; titles, sources and snippets are
 * looked up for that page alone.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsidx/calendar.h"
#include "newsidx/printer.h"
#include "newsidx/search.h"
#include "sqlite_internal.h"


/* The passage shown for a hit: the best column, matches marked. */
#define SNIPPET_EXPRESSION \
    "replace(snippet(article_search, -1, char(2), char(3), '…', 24), char(10) || char(10), ' ')"

/* Without a text query, the first paragraph stands in for a snippet: the
 * query reads this much of the body, and store_article_lead() cuts it to STORE_LEAD_CHARACTERS. */
#define LEAD_EXPRESSION "substr(newsidx_text(a.body), 1, 400)"

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
    struct buffer dateline;     /* the folded place */
    struct buffer reporter;     /* the folded reporter's name */
    struct buffer editor;       /* the folded editor's name */
    struct buffer photographer; /* the folded photographer's name */
    struct buffer person;       /* the folded person's name */
    char role[64];              /* the role, lower case */
    char since[11];             /* yyyy-mm-dd */
    char until[11];             /* yyyy-mm-dd */
};

/* When text is yyyy, yyyy-mm or yyyy-mm-dd of days that exist, writes the
 * first (or, with at_end, the last) day it covers into iso. */
static bool date_bound(const char *text, bool at_end, char iso[11])
{
    struct calendar_date first, last;
    if (calendar_parse_partial(text, &first, &last) == CALENDAR_NOT_A_DATE)
        return false;
    calendar_format(at_end ? last : first, iso);
    return true;
}

int search_request_check(const struct search_request *request, struct error *error)
{
    char since[11], until[11];
    if (request->since && !date_bound(request->since, false, since))
        return error_set_usage(error, "--since: '%s' is not a date (use yyyy, yyyy-mm or yyyy-mm-dd of a day that exists)",
                               request->since);
    if (request->until && !date_bound(request->until, true, until))
        return error_set_usage(error, "--until: '%s' is not a date (use yyyy, yyyy-mm or yyyy-mm-dd of a day that exists)",
                               request->until);
    if (request->since && request->until && strcmp(since, until) > 0)
        return error_set_usage(error, "dates: from %s until %s is no time at all (the start is after the end)",
                               request->since, request->until);
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

/* Fills the values a request binds.  Returns 0, or -1 with error set
 * (then nothing is left to free). */
static int bound_values_fill(struct sqlite_store *store, struct bound_values *values, const struct search_request *request,
                             struct error *error)
{
    memset(values, 0, sizeof *values);
    struct key_folder *folder = NULL;
    if ((request->dateline || request->reporter || request->editor || request->photographer || request->person) &&
        (folder = store_key_folder(store, error)) == NULL)
        return -1;
    if (request->dateline)
        key_folder_fold(folder, &values->dateline, request->dateline);
    if (request->reporter)
        key_folder_fold(folder, &values->reporter, request->reporter);
    if (request->editor)
        key_folder_fold(folder, &values->editor, request->editor);
    if (request->photographer)
        key_folder_fold(folder, &values->photographer, request->photographer);
    if (request->person)
        key_folder_fold(folder, &values->person, request->person);
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
    return 0;
}

static void bound_values_free(struct bound_values *values)
{
    buffer_free(&values->dateline);
    buffer_free(&values->reporter);
    buffer_free(&values->editor);
    buffer_free(&values->photographer);
    buffer_free(&values->person);
}

bool store_request_filters(const struct search_request *request)
{
    return request->fts_expression || (request->tags && request->tags->count) || request->dateline ||
           request->reporter || request->editor || request->photographer || request->person;
}

/* The filters other than the text query and dates, each a set of article
 * ids written twice: as a subquery (for "id IN (…)") and as a probe of one
 * article (for "EXISTS (…)").  In these templates {id} stands for the
 * probed article's id and {tag} for the number of a tag: parameter. */
enum search_filter {
    FILTER_DATELINE, FILTER_REPORTER, FILTER_EDITOR, FILTER_PHOTOGRAPHER, FILTER_PERSON,
    FILTER_PERSON_ROLE, FILTER_TAG, FILTER_COUNT
};

static const struct {
    const char *set;   /* SELECT of the article ids */
    const char *probe; /* the same for one article, its id spelled {id} */
} filter_sql[FILTER_COUNT] = {
    [FILTER_DATELINE] = {
        /* Places first: as a join, the OR made SQLite read every dateline place. */
        "SELECT dp.article_id FROM dateline_places dp WHERE dp.place_id IN"
        " (SELECT pl.id FROM places pl WHERE pl.city_key = :dateline OR pl.region_key = :dateline)",
        "SELECT 1 FROM dateline_places dp JOIN places pl ON pl.id = dp.place_id WHERE dp.article_id = {id}"
        " AND (pl.city_key = :dateline OR pl.region_key = :dateline)"},
    [FILTER_REPORTER] = {
        "SELECT article_id FROM credits WHERE role IN " REPORTING_ROLES
        " AND person_id IN " PEOPLE_NAMED(":reporter"),
        "SELECT 1 FROM credits WHERE article_id = {id} AND role IN " REPORTING_ROLES
        " AND person_id IN " PEOPLE_NAMED(":reporter")},
    [FILTER_EDITOR] = {
        "SELECT article_id FROM credits WHERE role = 'editing' AND person_id IN " PEOPLE_NAMED(":editor"),
        "SELECT 1 FROM credits WHERE article_id = {id} AND role = 'editing' AND person_id IN "
        PEOPLE_NAMED(":editor")},
    [FILTER_PHOTOGRAPHER] = {
        "SELECT article_id FROM credits WHERE origin = 'caption' AND person_id IN "
        PEOPLE_NAMED(":photographer"),
        "SELECT 1 FROM credits WHERE article_id = {id} AND origin = 'caption' AND person_id IN "
        PEOPLE_NAMED(":photographer")},
    [FILTER_PERSON] = {
        "SELECT article_id FROM credits WHERE person_id IN " PEOPLE_NAMED(":person"),
        "SELECT 1 FROM credits WHERE article_id = {id} AND person_id IN " PEOPLE_NAMED(":person")},
    [FILTER_PERSON_ROLE] = {
        "SELECT article_id FROM credits WHERE role = :role AND person_id IN " PEOPLE_NAMED(":person"),
        "SELECT 1 FROM credits WHERE article_id = {id} AND role = :role AND person_id IN "
        PEOPLE_NAMED(":person")},
    [FILTER_TAG] = {
        "SELECT article_id FROM tags WHERE code = :tag{tag} COLLATE NOCASE",
        "SELECT 1 FROM tags WHERE article_id = {id} AND code = :tag{tag} COLLATE NOCASE"},
};

/* The text query as a set and as a probe. */
#define FTS_SET "SELECT rowid FROM article_search WHERE article_search MATCH :fts"
#define FTS_PROBE "SELECT 1 FROM article_search WHERE article_search MATCH :fts AND rowid = {id}"

/* Sets at least this large are walked rather than collected (see plans). */
#define LARGE_SET 4000

/* A ranked search whose filter has fewer articles than this looks each of
 * them up in the full-text index; otherwise it reads the text query's
 * matches and keeps those in the filter's set.  A look-up costs about 30
 * µs, reading a match well under 1 µs, so a filter of thousands of
 * articles with a common word took seconds the first way. */
#define SMALL_FILTER_SET 256

/* One filter in use: which, and for tags which tag. */
struct filter_use {
    enum search_filter filter; /* the filter */
    size_t tag;                /* the tag's index, for FILTER_TAG */
};

/* The filters a request uses, in a fixed order. */
static size_t request_filter_uses(const struct search_request *request, struct filter_use *uses)
{
    size_t count = 0;
    if (request->dateline)
        uses[count++] = (struct filter_use){FILTER_DATELINE, 0};
    if (request->reporter)
        uses[count++] = (struct filter_use){FILTER_REPORTER, 0};
    if (request->editor)
        uses[count++] = (struct filter_use){FILTER_EDITOR, 0};
    if (request->photographer)
        uses[count++] = (struct filter_use){FILTER_PHOTOGRAPHER, 0};
    if (request->person)
        uses[count++] = (struct filter_use){request->role ? FILTER_PERSON_ROLE : FILTER_PERSON, 0};
    for (size_t i = 0; request->tags && i < request->tags->count; i++)
        uses[count++] = (struct filter_use){FILTER_TAG, i};
    return count;
}

/* Appends a template with {id} and {tag} filled in. */
static void append_template(struct buffer *sql, const char *template, const char *id, size_t tag)
{
    for (const char *at = template; *at;) {
        if (strncmp(at, "{id}", 4) == 0) {
            buffer_append_string(sql, id ? id : "a.id");
            at += 4;
        } else if (strncmp(at, "{tag}", 5) == 0) {
            char number[24];
            snprintf(number, sizeof number, "%zu", tag);
            buffer_append_string(sql, number);
            at += 5;
        } else {
            buffer_append_byte(sql, *at++);
        }
    }
}

/* Appends a filter's SQL (set, or probe of the article id) to sql. */
static void append_filter(struct buffer *sql, const struct filter_use *use, bool probe, const char *id)
{
    append_template(sql, probe ? filter_sql[use->filter].probe : filter_sql[use->filter].set, id, use->tag);
}

/* How a query reaches its articles.
 *   PLAN_TEXT   the FTS5 table drives; filters are collected sets (for rank);
 *               a small one (SMALL_FILTER_SET) may drive it by rowid
 *   PLAN_SETS   the smallest set drives; the rest are probes, then a sort
 *   PLAN_WALK   the date index is walked in order; everything is a probe
 * Walking wins when every set is large: the first page is found after a
 * few probes.  Collecting wins when one set is small. */
enum search_plan { PLAN_TEXT, PLAN_SETS, PLAN_WALK };

/* The chosen plan and what it needs. */
struct search_shape {
    enum search_plan plan;          /* how */
    long driver;                    /* PLAN_SETS: index of the driving filter, -1 for text;
                                       PLAN_TEXT: the filter whose ids FTS5 looks up, or -1 */
    struct filter_use uses[FILTER_COUNT + 16]; /* the filters in use */
    size_t use_count;               /* how many */
};

/* Appends " FROM … WHERE …" of the shape, selecting articles; the article
 * id is then spelled by the returned expression. */
static const char *append_shape(struct buffer *sql, const struct search_request *request,
                                const struct search_shape *shape, bool need_articles)
{
    const char *id;
    char probe_id[16];
    if (shape->plan == PLAN_TEXT) {
        id = "article_search.rowid";
        buffer_append_string(sql, " FROM article_search");
        if (need_articles || request->since || request->until)
            buffer_append_string(sql, " JOIN articles a ON a.id = article_search.rowid");
        buffer_append_string(sql, " WHERE article_search MATCH :fts");
        for (size_t i = 0; i < shape->use_count; i++) {
            /* "+" keeps SQLite from handing the ids to FTS5 one by one. */
            buffer_append_string(sql, (long)i == shape->driver ? " AND article_search.rowid IN ("
                                                                : " AND +article_search.rowid IN (");
            append_filter(sql, &shape->uses[i], false, NULL);
            buffer_append_string(sql, ")");
        }
    } else {
        id = "a.id";
        buffer_append_string(sql, shape->plan == PLAN_WALK ? " FROM articles a INDEXED BY articles_by_date WHERE 1"
                                                           : " FROM articles a NOT INDEXED WHERE 1");
        snprintf(probe_id, sizeof probe_id, "%s", id);
        if (shape->plan == PLAN_SETS) {
            buffer_append_string(sql, " AND a.id IN (");
            if (shape->driver < 0)
                buffer_append_string(sql, FTS_SET);
            else
                append_filter(sql, &shape->uses[shape->driver], false, NULL);
            buffer_append_string(sql, ")");
        }
        if (request->fts_expression && !(shape->plan == PLAN_SETS && shape->driver < 0)) {
            buffer_append_string(sql, " AND EXISTS (");
            append_template(sql, FTS_PROBE, probe_id, 0);
            buffer_append_string(sql, ")");
        }
        for (size_t i = 0; i < shape->use_count; i++) {
            if (shape->plan == PLAN_SETS && (long)i == shape->driver)
                continue;
            buffer_append_string(sql, " AND EXISTS (");
            append_filter(sql, &shape->uses[i], true, probe_id);
            buffer_append_string(sql, ")");
        }
    }
    if (request->since)
        buffer_append_string(sql, " AND a.date >= :since");
    if (request->until)
        buffer_append_string(sql, " AND a.date <= :until");
    return id;
}

/* The sort a request gets. */
static enum search_sort request_sort(const struct search_request *request)
{
    if (request->sort == SEARCH_SORT_DEFAULT)
        return request->fts_expression ? SEARCH_SORT_RANK : SEARCH_SORT_NEWEST;
    if (request->sort == SEARCH_SORT_RANK && request->fts_expression == NULL)
        return SEARCH_SORT_NEWEST;
    return request->sort;
}

/* Appends ORDER BY for the request's sort. */
static void append_order(struct buffer *sql, const struct search_request *request)
{
    switch (request_sort(request)) {
    case SEARCH_SORT_RANK:
        buffer_append_string(sql, " ORDER BY 2, 1"); /* the rank column, then the id */
        break;
    case SEARCH_SORT_OLDEST:
        buffer_append_string(sql, " ORDER BY a.date IS NULL, a.date, a.id");
        break;
    default:
        buffer_append_string(sql, " ORDER BY a.date DESC, a.id DESC");
        break;
    }
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
static int search_step_error(struct sqlite_store *store, const struct search_request *request,
                             struct error *error)
{
    const char *message = sqlite3_errmsg(store->database);
    int code = sqlite3_errcode(store->database) & 0xFF;
    if (request->fts_expression && code == SQLITE_ERROR) {
        if (strncmp(message, "fts5: ", 6) == 0)
            message += 6;
        return error_set_usage(error, "query: %s", message);
    }
    return error_set(error, "cannot search the store %s: %s", text_quote_name(store->path).text, message);
}

/* Prepares sql and binds the request; returns the statement or NULL. */
static sqlite3_stmt *search_prepare(struct sqlite_store *store, const char *sql,
                                    const struct search_request *request,
                                    const struct bound_values *values, struct error *error)
{
    sqlite3_stmt *statement = NULL;
    if (sqlite3_prepare_v2(store->database, sql, -1, &statement, NULL) != SQLITE_OK) {
        error_set(error, "cannot search the store %s: %s",
                  text_quote_name(store->path).text, sqlite3_errmsg(store->database));
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

/* Counts a set's articles (the text query's when use is NULL), stopping
 * at cap.  Returns the count, or
 * -1 with error set. */
static long long estimate_set(struct sqlite_store *store, const struct search_request *request,
                              const struct bound_values *values, const struct filter_use *use, long long cap,
                              struct error *error)
{
    struct buffer sql = {0};
    buffer_append_string(&sql, "SELECT count(*) FROM (");
    if (use)
        append_filter(&sql, use, false, NULL);
    else
        buffer_append_string(&sql, FTS_SET);
    char limit[48];
    snprintf(limit, sizeof limit, " LIMIT %lld)", cap);
    buffer_append_string(&sql, limit);
    sqlite3_stmt *statement = search_prepare(store, sql.data, request, values, error);
    buffer_free(&sql);
    long long count = -1;
    if (statement) {
        if (sqlite3_step(statement) == SQLITE_ROW)
            count = sqlite3_column_int64(statement, 0);
        else
            search_step_error(store, request, error);
    }
    sqlite3_finalize(statement);
    return count;
}

/* Chooses how to run a request (see enum search_plan).  ordered says the
 * results are wanted in date order; otherwise any order will do (count,
 * facets).  Returns 0, or -1 with error set. */
static int choose_shape(struct sqlite_store *store, const struct search_request *request,
                        const struct bound_values *values, bool ordered, struct search_shape *shape,
                        struct error *error)
{
    memset(shape, 0, sizeof *shape);
    shape->use_count = request_filter_uses(request, shape->uses);
    shape->driver = -1;
    if (request->fts_expression && (!ordered || request_sort(request) == SEARCH_SORT_RANK)) {
        shape->plan = PLAN_TEXT;
        long long smallest = SMALL_FILTER_SET;
        for (size_t i = 0; i < shape->use_count; i++) {
            long long size = estimate_set(store, request, values, &shape->uses[i], SMALL_FILTER_SET, error);
            if (size < 0)
                return -1;
            if (size < smallest) {
                smallest = size;
                shape->driver = (long)i;
            }
        }
        return 0;
    }
    if (!request->fts_expression && shape->use_count == 0) {
        shape->plan = PLAN_WALK;
        return 0;
    }
    long long smallest = -1;
    if (request->fts_expression) {
        smallest = estimate_set(store, request, values, NULL, LARGE_SET, error);
        if (smallest < 0)
            return -1;
    }
    for (size_t i = 0; i < shape->use_count; i++) {
        long long size = estimate_set(store, request, values, &shape->uses[i], LARGE_SET, error);
        if (size < 0)
            return -1;
        if (smallest < 0 || size < smallest) {
            smallest = size;
            shape->driver = (long)i;
        }
    }
    shape->plan = (!ordered || smallest < LARGE_SET) ? PLAN_SETS : PLAN_WALK;
    return 0;
}

/* Per-hit look-ups, run for the page of hits only: the article's own
 * columns, where it was first seen, and the marked passage. */
static const char hit_details_sql[] =
    "SELECT a.title, a.date, a.dateline_raw, a.byline_text, src.name, p.first_line, p.last_line, "
    LEAD_EXPRESSION ", a.date_source"
    " FROM articles a JOIN provenance p ON p.id = (SELECT min(id) FROM provenance WHERE article_id = a.id)"
    " JOIN sources src ON src.id = p.source_id WHERE a.id = :id";
static const char hit_tags_sql[] = "SELECT scheme, code FROM tags WHERE article_id = :id ORDER BY position";
static const char hit_snippet_sql[] =
    "SELECT " SNIPPET_EXPRESSION " FROM article_search WHERE article_search MATCH :fts AND rowid = :id";

/* The statements that fill in a hit. */
struct hit_lookup {
    sqlite3_stmt *details; /* hit_details_sql */
    sqlite3_stmt *snippet; /* hit_snippet_sql, when there is a text query */
    sqlite3_stmt *tags;    /* hit_tags_sql */
};

/* Reads the tags of article id into *tags (strings owned; freed by
 * hit_tags_free()).  Returns 0, or -1 with error set. */
static int hit_tags_load(struct sqlite_store *store, sqlite3_stmt *select, long long id, struct tag **tags,
                         size_t *count, size_t *capacity, struct error *error)
{
    *count = 0;
    sqlite3_reset(select);
    bind_named_integer(select, ":id", id);
    int step;
    while ((step = sqlite3_step(select)) == SQLITE_ROW) {
        array_reserve((void **)tags, capacity, *count + 1, sizeof **tags);
        (*tags)[(*count)++] = (struct tag){checked_strdup(column_text(select, 0)),
                                           checked_strdup(column_text(select, 1))};
    }
    if (step != SQLITE_DONE)
        return error_set(error, "cannot search the store %s: %s", text_quote_name(store->path).text, sqlite3_errmsg(store->database));
    return 0;
}

static void hit_tags_free(struct tag *tags, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(tags[i].scheme);
        free(tags[i].code);
    }
}

/* A hit of the page before it is looked up: its id and its score. */
struct scored_id {
    long long id;  /* the article */
    double score;  /* newsidx_rank(), or 0 when not ranked */
};

/* The page of hits, best first. */
struct page {
    struct scored_id *items; /* the hits */
    size_t count;            /* how many */
    size_t capacity;         /* allocated slots */
};

/* Steps a prepared page query and appends its rows to page.  Returns 0,
 * or -1 with error set. */
static int page_collect(struct sqlite_store *store, sqlite3_stmt *statement, const struct search_request *request,
                        struct page *page, struct error *error)
{
    for (;;) {
        int step = sqlite3_step(statement);
        if (step == SQLITE_DONE)
            return 0;
        if (step != SQLITE_ROW)
            return search_step_error(store, request, error);
        array_reserve((void **)&page->items, &page->capacity, page->count + 1, sizeof *page->items);
        page->items[page->count++] = (struct scored_id){sqlite3_column_int64(statement, 0),
                                                        sqlite3_column_double(statement, 1)};
    }
}

/* Ranking is split in two by rowid, each half on its own connection and
 * thread, when a one-word query matches at least this many articles: then
 * the ranking outweighs opening a second connection (a few milliseconds).
 * Counting the matches of a phrase or of several words would cost as much
 * as ranking them, so those are ranked on one connection. */
#define PARALLEL_RANKING_MATCHES 20000

/* True when an FTS5 expression is one quoted word ("said", maybe "said" *):
 * its matches can be counted cheaply. */
static bool single_word_expression(const char *expression)
{
    size_t length = strlen(expression);
    if (length < 3 || expression[0] != '"')
        return false;
    const char *close = strchr(expression + 1, '"');
    if (close == NULL || memchr(expression + 1, ' ', (size_t)(close - expression - 1)) != NULL)
        return false;
    return close[1] == '\0' || strcmp(close + 1, " *") == 0;
}

/* One half of a parallel ranking. */
struct ranking_half {
    struct sqlite_store *store;           /* the connection it runs on */
    const char *expression;               /* the one-word FTS5 expression */
    const struct store_id_set *filter;    /* the articles the filters let through, or NULL */
    long long low;                        /* the first rowid of the half */
    long long high;                       /* the last rowid of the half */
    size_t keep;                          /* rows to keep */
    struct store_ranked *items;           /* what it found, best first */
    size_t count;                         /* how many */
    int status;                           /* 0, or -1 with error set */
    struct error error;                   /* why it failed */
};

static void *ranking_half_run(void *argument)
{
    struct ranking_half *half = argument;
    half->status = store_rank_top(half->store, half->expression, half->filter, half->low, half->high, half->keep,
                                  &half->items, &half->count, &half->error);
    return NULL;
}

/* The articles a ranked one-word search may return, its text query aside:
 * those its filters and dates let through, as a bitmap; filter->all when
 * nothing narrows them. */
static int filter_bitmap(struct sqlite_store *store, const struct search_request *request,
                         const struct bound_values *values, struct store_id_set *filter, struct error *error)
{
    memset(filter, 0, sizeof *filter);
    filter->highest = -1;
    struct search_request filters = *request;
    filters.fts_expression = NULL;
    filters.since = filters.until = NULL;
    bool narrowed = store_request_filters(&filters);
    if (narrowed && store_matching_ids(store, &filters, store_id_set_add, filter, error) < 0)
        return -1;
    if (!request->since && !request->until) {
        filter->all = !narrowed;
        return 0;
    }
    /* The dates, through the date index, kept where both hold. */
    struct store_id_set dated = {.highest = -1};
    sqlite3_stmt *statement = NULL;
    if (sqlite3_prepare_v2(store->database,
                           "SELECT id FROM articles WHERE date >= ?1 AND date <= ?2", -1, &statement, NULL) != SQLITE_OK) {
        store_id_set_free(filter);
        return store_error(store, error, "cannot search");
    }
    sqlite3_bind_text(statement, 1, request->since ? values->since : "0000-00-00", -1, SQLITE_STATIC);
    sqlite3_bind_text(statement, 2, request->until ? values->until : "9999-99-99", -1, SQLITE_STATIC);
    int step;
    while ((step = sqlite3_step(statement)) == SQLITE_ROW)
        store_id_set_add(sqlite3_column_int64(statement, 0), &dated);
    sqlite3_finalize(statement);
    if (step != SQLITE_DONE) {
        store_id_set_free(filter);
        store_id_set_free(&dated);
        return store_error(store, error, "cannot search");
    }
    if (narrowed) {
        size_t words = filter->words < dated.words ? filter->words : dated.words;
        for (size_t i = 0; i < words; i++)
            dated.bits[i] &= filter->bits[i];
        for (size_t i = words; i < dated.words; i++)
            dated.bits[i] = 0;
        store_id_set_free(filter);
    }
    *filter = dated;
    return 0;
}

/* Ranks a one-word query's matches in two halves of the rowids at once,
 * each on its own connection and thread, walking FTS5's matches inside
 * FTS5 (store_rank_top()), and merges the halves into page.  The scores
 * are those one ranking would give. */
static int rank_in_parallel(struct sqlite_store *store, const struct search_request *request,
                            const struct bound_values *values, long long last_id, struct page *page,
                            struct error *error)
{
    struct store_id_set filter;
    if (filter_bitmap(store, request, values, &filter, error) < 0)
        return -1;
    long long keep = request->limit > 0 ? request->limit + request->offset : 0;
    size_t kept = keep > 0 ? (size_t)keep : (size_t)(last_id + 1);
    struct ranking_half halves[2] = {
        {.store = store, .expression = request->fts_expression, .filter = filter.all ? NULL : &filter,
         .low = 0, .high = last_id / 2, .keep = kept},
        {.expression = request->fts_expression, .filter = filter.all ? NULL : &filter,
         .low = last_id / 2 + 1, .high = last_id, .keep = kept},
    };
    struct store *second = NULL;
    int status = sqlite_store_open(&second, store->path, STORE_READ_ONLY, error);
    if (status == 0) {
        halves[1].store = sqlite_store_of(second);
        pthread_t thread;
        bool threaded = pthread_create(&thread, NULL, ranking_half_run, &halves[1]) == 0;
        ranking_half_run(&halves[0]);
        if (threaded)
            pthread_join(thread, NULL);
        else
            ranking_half_run(&halves[1]);
        for (int i = 0; i < 2 && status == 0; i++)
            if (halves[i].status < 0) {
                *error = halves[i].error;
                status = -1;
            }
    }
    /* Merge the halves, best first (ties by id, as one ranking orders them). */
    size_t left = 0, right = 0;
    while (status == 0 && (left < halves[0].count || right < halves[1].count)) {
        const struct store_ranked *a = left < halves[0].count ? &halves[0].items[left] : NULL;
        const struct store_ranked *b = right < halves[1].count ? &halves[1].items[right] : NULL;
        bool take_a = b == NULL || (a != NULL && (a->score < b->score || (a->score == b->score && a->id < b->id)));
        array_reserve((void **)&page->items, &page->capacity, page->count + 1, sizeof *page->items);
        page->items[page->count++] = take_a ? (struct scored_id){a->id, a->score} : (struct scored_id){b->id, b->score};
        if (take_a)
            left++;
        else
            right++;
        if (keep > 0 && (long long)page->count == keep)
            break;
    }
    sqlite_store_close(second, NULL);
    free(halves[0].items);
    free(halves[1].items);
    store_id_set_free(&filter);
    return status;
}

/* Finds the page of hits (ids and scores, best first, offset applied).
 * Sets *scale to the factor the scores are to be multiplied by. */
static int find_page(struct sqlite_store *store, const struct search_request *request, const struct bound_values *values,
                     struct page *page, double *scale, struct error *error)
{
    *scale = 1.0;
    struct search_shape shape;
    if (choose_shape(store, request, values, true, &shape, error) < 0)
        return -1;
    bool ranked = request_sort(request) == SEARCH_SORT_RANK;
    bool defer_idf = shape.use_count == 0 && !request->since && !request->until;
    int status;
    long long last_id = 0;
    if (ranked) {
        sqlite3_stmt *maximum = NULL;
        if (sqlite3_prepare_v2(store->database, "SELECT max(id) FROM articles", -1, &maximum, NULL) == SQLITE_OK &&
            sqlite3_step(maximum) == SQLITE_ROW)
            last_id = sqlite3_column_int64(maximum, 0);
        sqlite3_finalize(maximum);
    }
    if (ranked && single_word_expression(request->fts_expression) &&
        estimate_set(store, request, values, NULL, PARALLEL_RANKING_MATCHES, error) >= PARALLEL_RANKING_MATCHES) {
        status = rank_in_parallel(store, request, values, last_id, page, error);
        /* The halves kept offset + limit rows; drop the offset here. */
        size_t skip = (size_t)request->offset < page->count ? (size_t)request->offset : page->count;
        memmove(page->items, page->items + skip, (page->count - skip) * sizeof *page->items);
        page->count -= skip;
        return status;
    }
    struct buffer sql = {0};
    buffer_append_string(&sql, "SELECT ");
    buffer_append_string(&sql, shape.plan == PLAN_TEXT ? "article_search.rowid" : "a.id");
    buffer_append_string(&sql, ranked ? ", newsidx_rank(article_search)" : ", 0");
    append_shape(&sql, request, &shape, !ranked);
    append_order(&sql, request);
    append_limit(&sql, request);
    sqlite3_stmt *statement = search_prepare(store, sql.data, request, values, error);
    buffer_free(&sql);
    if (statement == NULL)
        return -1;
    if (ranked)
        store_rank_begin(store, defer_idf);
    status = page_collect(store, statement, request, page, error);
    sqlite3_finalize(statement);
    if (status == 0 && ranked) {
        const struct sqlite_store *one[1] = {store};
        *scale = store_rank_scale_of(one, 1);
    }
    return status;
}

int sqlite_store_search(struct store *base, const struct search_request *request,
                        search_hit_callback callback, void *context, struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    if (search_request_check(request, error) < 0)
        return -1;
    struct bound_values values;
    if (bound_values_fill(store, &values, request, error) < 0)
        return -1;
    if (request->fts_expression && store_rank_register(store, error) < 0) {
        bound_values_free(&values);
        return -1;
    }
    /* The page first, by id and score only, so that sorting many matches
     * never reads their text; then each hit of the page is looked up. */
    struct page page = {0};
    double rank_scale = 1.0;
    int status = find_page(store, request, &values, &page, &rank_scale, error);
    struct buffer lead = {0}; /* the lead standing in for a snippet */
    struct hit_lookup lookup = {0};
    struct tag *tags = NULL;   /* the hit's tags */
    size_t tag_count = 0, tag_capacity = 0;
    if (status == 0 &&
        (sqlite3_prepare_v2(store->database, hit_details_sql, -1, &lookup.details, NULL) != SQLITE_OK ||
         sqlite3_prepare_v2(store->database, hit_tags_sql, -1, &lookup.tags, NULL) != SQLITE_OK ||
         (request->fts_expression &&
          sqlite3_prepare_v2(store->database, hit_snippet_sql, -1, &lookup.snippet, NULL) != SQLITE_OK)))
        status = error_set(error, "cannot search the store %s: %s", text_quote_name(store->path).text,
                           sqlite3_errmsg(store->database));
    if (lookup.snippet)
        bind_named_text(lookup.snippet, ":fts", request->fts_expression);
    for (size_t i = 0; status == 0 && i < page.count; i++) {
        long long id = page.items[i].id;
        sqlite3_reset(lookup.details);
        bind_named_integer(lookup.details, ":id", id);
        if (sqlite3_step(lookup.details) != SQLITE_ROW) {
            status = error_set(error, "cannot search the store %s: article %lld has no source",
                               text_quote_name(store->path).text, id);
            break;
        }
        store_article_lead(column_text(lookup.details, 7), &lead);
        const char *snippet = lead.data ? lead.data : "";
        if (lookup.snippet) {
            sqlite3_reset(lookup.snippet);
            bind_named_integer(lookup.snippet, ":id", id);
            if (sqlite3_step(lookup.snippet) == SQLITE_ROW)
                snippet = column_text(lookup.snippet, 0);
        }
        if (hit_tags_load(store, lookup.tags, id, &tags, &tag_count, &tag_capacity, error) < 0) {
            status = -1;
            break;
        }
        struct search_hit hit = {
            .id = id,
            .title = column_text(lookup.details, 0),
            .date = column_text(lookup.details, 1),
            .date_source = column_text(lookup.details, 8),
            .tags = tags,
            .tag_count = tag_count,
            .dateline = column_text(lookup.details, 2),
            .byline = column_text(lookup.details, 3),
            .file = column_text(lookup.details, 4),
            .first_line = (long)sqlite3_column_int64(lookup.details, 5),
            .last_line = (long)sqlite3_column_int64(lookup.details, 6),
            .snippet = snippet,
            .rank = page.items[i].score * rank_scale,
        };
        status = callback(&hit, context, error);
        hit_tags_free(tags, tag_count);
        tag_count = 0;
    }
    hit_tags_free(tags, tag_count);
    free(tags);
    sqlite3_finalize(lookup.tags);
    buffer_free(&lead);
    free(page.items);
    sqlite3_finalize(lookup.details);
    sqlite3_finalize(lookup.snippet);
    bound_values_free(&values);
    return status;
}

int sqlite_store_search_ids(struct store *base, const struct search_request *request,
                            int (*callback)(long long id, void *context, struct error *error), void *context,
                            struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    if (search_request_check(request, error) < 0)
        return -1;
    struct bound_values values;
    if (bound_values_fill(store, &values, request, error) < 0)
        return -1;
    struct page page = {0};
    double scale;
    int status = request->fts_expression ? store_rank_register(store, error) : 0;
    if (status == 0)
        status = find_page(store, request, &values, &page, &scale, error);
    bound_values_free(&values);
    /* The page is complete before the first callback, which loads articles
     * with statements of its own. */
    for (size_t i = 0; status == 0 && i < page.count; i++)
        status = callback(page.items[i].id, context, error);
    free(page.items);
    return status;
}

/* The start of a query whose results need no order (count, facets):
 * checks the request, fills its bound values (freed here on failure) and
 * chooses its shape.  Returns 0, or -1 with error set. */
static int begin_unordered(struct sqlite_store *store, const struct search_request *request,
                           struct bound_values *values, struct search_shape *shape, struct error *error)
{
    if (search_request_check(request, error) < 0)
        return -1;
    if (bound_values_fill(store, values, request, error) < 0)
        return -1;
    if (choose_shape(store, request, values, false, shape, error) < 0) {
        bound_values_free(values);
        return -1;
    }
    return 0;
}

int sqlite_store_count(struct store *base, const struct search_request *request, long long *count,
                       struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    struct bound_values values;
    struct search_shape shape;
    if (begin_unordered(store, request, &values, &shape, error) < 0)
        return -1;
    struct buffer sql = {0};
    buffer_append_string(&sql, "SELECT count(*)");
    append_shape(&sql, request, &shape, false);
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

int store_matching_ids(struct sqlite_store *store, const struct search_request *request,
                       int (*each)(long long id, void *context), void *context, struct error *error)
{
    struct search_request undated = *request;
    undated.since = undated.until = NULL;
    struct bound_values values;
    struct search_shape shape;
    if (begin_unordered(store, &undated, &values, &shape, error) < 0)
        return -1;
    struct buffer sql = {0};
    buffer_append_string(&sql, shape.plan == PLAN_TEXT ? "SELECT article_search.rowid" : "SELECT a.id");
    append_shape(&sql, &undated, &shape, false);
    sqlite3_stmt *statement = search_prepare(store, sql.data, &undated, &values, error);
    buffer_free(&sql);
    int status = statement ? 0 : -1;
    while (status == 0) {
        int step = sqlite3_step(statement);
        if (step == SQLITE_DONE)
            break;
        if (step != SQLITE_ROW) {
            status = search_step_error(store, &undated, error);
            break;
        }
        status = each(sqlite3_column_int64(statement, 0), context);
    }
    sqlite3_finalize(statement);
    bound_values_free(&values);
    return status;
}
