/* postgres_facets.c — people, datelines, timeline and the undated count on
 * a PostgreSQL store (postgres_search.h).
 *
 * The SQLite store counts its facets from a packed index of its own; here
 * the server counts them with GROUP BY over the matching articles (the
 * request's condition, postgres_search.c), and the rows come out in the
 * SQLite store's order: most articles first, then by name and detail in
 * byte order (COLLATE "C"), no detail first.  A timeline's periods are cut
 * here, in C, from counts per series and day, as the SQLite store cuts
 * them, so both give the same rows.
 */
#include "postgres_search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsidx/calendar.h"

/* Appends "a.id IN (SELECT a.id FROM articles a WHERE …)" for the request
 * (with its dates when dates is true), or nothing when every article
 * matches; writes the leading word (" WHERE " or " AND ") first. */
static int append_matching(const struct search_request *request, bool dates, struct postgres_statement *statement,
                           const char *article_column, const char *leading, struct error *error)
{
    struct buffer condition = {0};
    if (postgres_request_condition(request, dates, statement, &condition, NULL, error) < 0)
        return -1;
    if (strcmp(condition.data, "true") != 0) {
        buffer_append_string(&statement->sql, leading);
        buffer_append_string(&statement->sql, article_column);
        buffer_append_string(&statement->sql, " IN (SELECT a.id FROM articles a WHERE ");
        buffer_append(&statement->sql, condition.data, condition.length);
        buffer_append_string(&statement->sql, ")");
    }
    buffer_free(&condition);
    return 0;
}

/* Appends " LIMIT $n" for top > 0. */
static void append_top(struct postgres_statement *statement, long long top)
{
    if (top <= 0)
        return;
    char number[24];
    snprintf(number, sizeof number, "%lld", top);
    buffer_append_string(&statement->sql, " LIMIT ");
    postgres_parameter(statement, &statement->sql, number);
    buffer_append_string(&statement->sql, "::bigint");
}

/* Runs a facet statement selecting (name, detail, articles) and hands each
 * row to callback. */
static int emit_facet_rows(struct postgres_store *store, struct postgres_statement *statement,
                           facet_row_callback callback, void *context, struct error *error)
{
    PGresult *result = postgres_run(store, statement, error);
    if (result == NULL)
        return -1;
    int status = 0;
    for (int i = 0; status == 0 && i < PQntuples(result); i++) {
        struct facet_row row = {
            .name = PQgetvalue(result, i, 0),
            .detail = PQgetisnull(result, i, 1) ? NULL : PQgetvalue(result, i, 1),
            .articles = strtoll(PQgetvalue(result, i, 2), NULL, 10),
        };
        status = callback(&row, context, error);
    }
    PQclear(result);
    return status;
}

/* A role as the store writes roles: lower case. */
static void lower_role(const char *role, char lower[64])
{
    snprintf(lower, 64, "%s", role ? role : "");
    for (char *at = lower; *at; at++)
        if (*at >= 'A' && *at <= 'Z')
            *at = (char)(*at - 'A' + 'a');
}

int postgres_people_facet(struct store *store, const struct search_request *request, const char *role,
                          long long top, facet_row_callback callback, void *context, struct error *error)
{
    if (postgres_request_check(request, error) < 0)
        return -1;
    struct postgres_statement statement = {0};
    buffer_append_string(&statement.sql, "SELECT pe.name, c.role, count(DISTINCT c.article_id) AS articles"
                                         " FROM credits c JOIN people pe ON pe.id = c.person_id WHERE true");
    int status = append_matching(request, true, &statement, "c.article_id", " AND ", error);
    if (status == 0 && role) {
        char lower[64];
        lower_role(role, lower);
        buffer_append_string(&statement.sql, " AND c.role = ");
        postgres_parameter(&statement, &statement.sql, lower);
    }
    if (status == 0) {
        buffer_append_string(&statement.sql, " GROUP BY pe.id, pe.name, c.role"
                                             " ORDER BY articles DESC, pe.name COLLATE \"C\", c.role COLLATE \"C\", pe.id");
        append_top(&statement, top);
        status = emit_facet_rows(postgres_store_of(store), &statement, callback, context, error);
    }
    postgres_statement_free(&statement);
    return status;
}

int postgres_dateline_facet(struct store *store, const struct search_request *request, long long top,
                            facet_row_callback callback, void *context, struct error *error)
{
    if (postgres_request_check(request, error) < 0)
        return -1;
    struct postgres_statement statement = {0};
    buffer_append_string(&statement.sql, "SELECT pl.city, pl.region, count(DISTINCT dp.article_id) AS articles"
                                         " FROM dateline_places dp JOIN places pl ON pl.id = dp.place_id");
    int status = append_matching(request, true, &statement, "dp.article_id", " WHERE ", error);
    if (status == 0) {
        buffer_append_string(&statement.sql, " GROUP BY pl.id, pl.city, pl.region ORDER BY articles DESC,"
                                             " pl.city COLLATE \"C\", pl.region COLLATE \"C\" NULLS FIRST, pl.id");
        append_top(&statement, top);
        status = emit_facet_rows(postgres_store_of(store), &statement, callback, context, error);
    }
    postgres_statement_free(&statement);
    return status;
}

int postgres_undated_count(struct store *store, const struct search_request *request, long long *count,
                           struct error *error)
{
    *count = 0;
    if (postgres_request_check(request, error) < 0)
        return -1;
    struct postgres_statement statement = {0};
    buffer_append_string(&statement.sql, "SELECT count(*) FROM articles a WHERE a.date IS NULL AND ");
    int status = postgres_request_condition(request, false, &statement, &statement.sql, NULL, error);
    PGresult *result = NULL;
    if (status == 0) {
        result = postgres_run(postgres_store_of(store), &statement, error);
        status = result ? 0 : -1;
    }
    if (status == 0)
        *count = strtoll(PQgetvalue(result, 0, 0), NULL, 10);
    PQclear(result);
    postgres_statement_free(&statement);
    return status;
}

/* ---- the timeline ----------------------------------------------------------------------- */

/* Articles counted per day, over the days seen so far. */
struct histogram {
    long first;         /* the day number of counts[0] */
    long long *counts;  /* articles per day */
    size_t size;        /* days covered */
};

static void histogram_add(struct histogram *histogram, long day, long long amount)
{
    if (histogram->size == 0) {
        histogram->first = day;
        histogram->size = 1;
        histogram->counts = checked_malloc(sizeof *histogram->counts);
        histogram->counts[0] = 0;
    } else if (day < histogram->first) {
        size_t grow = (size_t)(histogram->first - day);
        long long *counts = checked_malloc((histogram->size + grow) * sizeof *counts);
        memset(counts, 0, grow * sizeof *counts);
        memcpy(counts + grow, histogram->counts, histogram->size * sizeof *counts);
        free(histogram->counts);
        histogram->counts = counts;
        histogram->first = day;
        histogram->size += grow;
    } else if ((size_t)(day - histogram->first) >= histogram->size) {
        size_t size = (size_t)(day - histogram->first) + 1;
        histogram->counts = checked_realloc(histogram->counts, size * sizeof *histogram->counts);
        memset(histogram->counts + histogram->size, 0, (size - histogram->size) * sizeof *histogram->counts);
        histogram->size = size;
    }
    histogram->counts[day - histogram->first] += amount;
}

/* The articles of the days from to to, both included. */
static long long histogram_sum(const struct histogram *histogram, long from, long to)
{
    long last = histogram->first + (long)histogram->size - 1;
    if (histogram->size == 0 || to < histogram->first || from > last)
        return 0;
    long long sum = 0;
    for (long day = from < histogram->first ? histogram->first : from; day <= to && day <= last; day++)
        sum += histogram->counts[day - histogram->first];
    return sum;
}

/* Widens [*first, *last] (set tells whether they hold anything yet) to
 * the days the histogram has articles on. */
static void histogram_widen(const struct histogram *histogram, bool *set, long *first, long *last)
{
    for (size_t i = 0; i < histogram->size; i++)
        if (histogram->counts[i]) {
            long day = histogram->first + (long)i;
            if (!*set || day < *first)
                *first = day;
            if (!*set || day > *last)
                *last = day;
            *set = true;
        }
}

/* The days --since and --until leave in. */
struct day_range {
    bool active; /* a date filter is given: undated articles are out */
    long first;  /* the first day number in */
    long last;   /* the last day number in */
};

static void day_range_of(const struct search_request *request, struct day_range *range)
{
    struct calendar_date first, last;
    range->active = request->since != NULL || request->until != NULL;
    range->first = calendar_day_number((struct calendar_date){1, 1, 1});
    range->last = calendar_day_number((struct calendar_date){9999, 12, 31});
    if (request->since && calendar_parse_partial(request->since, &first, &last))
        range->first = calendar_day_number(first);
    if (request->until && calendar_parse_partial(request->until, &first, &last))
        range->last = calendar_day_number(last);
}

/* A date column's day number: false when it is NULL or not yyyy-mm-dd
 * (undated, as the SQLite store's facet index reads it). */
static bool day_of(const PGresult *result, int row, int column, long *day)
{
    struct calendar_date date;
    if (PQgetisnull(result, row, column) || !calendar_parse_iso_prefix(PQgetvalue(result, row, column), &date))
        return false;
    *day = calendar_day_number(date);
    return true;
}

/* One series of a timeline. */
struct series {
    char *name;             /* the place ("city, region"), person or tag; NULL for all matching articles */
    char *key;              /* what its rows are grouped by (place or person id, tag), or NULL */
    char *sort_name;        /* what it sorts by: the city, person or tag */
    char *sort_detail;      /* then the region, or NULL (first) */
    size_t order;           /* its place in the statement's order (the SQLite store's row order) */
    long long in_range;     /* its matches the date filter leaves in (chooses the top series) */
    struct histogram dated; /* its dated matches within the date filter, per day */
    long long undated;      /* its undated matches */
};

/* Most matches in the date filter first, then by name and detail (byte
 * order, no detail first); the order of the rows (places and people by
 * id, tags by scheme and code) breaks ties, as the SQLite store's stable
 * sort of its rows does. */
static int compare_series(const void *left, const void *right)
{
    const struct series *a = left, *b = right;
    if (a->in_range != b->in_range)
        return a->in_range > b->in_range ? -1 : 1;
    int by_name = strcmp(a->sort_name ? a->sort_name : "", b->sort_name ? b->sort_name : "");
    if (by_name != 0)
        return by_name;
    if ((a->sort_detail == NULL) != (b->sort_detail == NULL))
        return a->sort_detail == NULL ? -1 : 1;
    int by_detail = a->sort_detail ? strcmp(a->sort_detail, b->sort_detail) : 0;
    if (by_detail != 0)
        return by_detail;
    return (a->order > b->order) - (a->order < b->order);
}

/* The statement of a timeline's counts: (key, name, detail, date,
 * articles) per series and date for the series kind, ordered by key, or
 * (NULL, NULL, NULL, date, articles) of the matching articles for none;
 * of every article with all_articles. */
static int series_statement(const struct search_request *request, const struct timeline_request *timeline,
                            bool all_articles, struct postgres_statement *statement, struct error *error)
{
    buffer_reset(&statement->sql);
    if (all_articles) {
        buffer_append_string(&statement->sql,
                             "SELECT NULL, NULL, NULL, a.date, count(*) FROM articles a GROUP BY a.date");
        return 0;
    }
    switch (timeline->series) {
    case TIMELINE_SERIES_NONE:
        buffer_append_string(&statement->sql, "SELECT NULL, NULL, NULL, a.date, count(*) FROM articles a");
        break;
    case TIMELINE_SERIES_DATELINE:
        buffer_append_string(&statement->sql,
                             "SELECT pl.id, pl.city, pl.region, a.date, count(DISTINCT a.id) FROM articles a"
                             " JOIN dateline_places dp ON dp.article_id = a.id JOIN places pl ON pl.id = dp.place_id");
        break;
    case TIMELINE_SERIES_PERSON:
        buffer_append_string(&statement->sql,
                             "SELECT pe.id, pe.name, NULL, a.date, count(DISTINCT a.id) FROM articles a"
                             " JOIN credits c ON c.article_id = a.id JOIN people pe ON pe.id = c.person_id");
        break;
    case TIMELINE_SERIES_TAG:
        buffer_append_string(&statement->sql,
                             "SELECT t.scheme || ':' || t.code, t.scheme || ':' || t.code, NULL, a.date,"
                             " count(DISTINCT a.id) FROM articles a JOIN tags t ON t.article_id = a.id");
        break;
    }
    buffer_append_string(&statement->sql, " WHERE ");
    if (postgres_request_condition(request, false, statement, &statement->sql, NULL, error) < 0)
        return -1;
    if (timeline->series == TIMELINE_SERIES_PERSON && timeline->role) {
        char lower[64];
        lower_role(timeline->role, lower);
        buffer_append_string(&statement->sql, " AND c.role = ");
        postgres_parameter(statement, &statement->sql, lower);
    }
    switch (timeline->series) {
    case TIMELINE_SERIES_NONE:
        buffer_append_string(&statement->sql, " GROUP BY a.date");
        break;
    case TIMELINE_SERIES_DATELINE:
        buffer_append_string(&statement->sql, " GROUP BY pl.id, pl.city, pl.region, a.date ORDER BY pl.id");
        break;
    case TIMELINE_SERIES_PERSON:
        buffer_append_string(&statement->sql, " GROUP BY pe.id, pe.name, a.date ORDER BY pe.id");
        break;
    case TIMELINE_SERIES_TAG:
        buffer_append_string(&statement->sql, " GROUP BY t.scheme, t.code, a.date"
                                              " ORDER BY t.scheme COLLATE \"C\", t.code COLLATE \"C\"");
        break;
    }
    return 0;
}

static void series_clear(struct series *series)
{
    free(series->name);
    free(series->key);
    free(series->sort_name);
    free(series->sort_detail);
    free(series->dated.counts);
}

static void series_free(struct series *series, size_t count)
{
    for (size_t i = 0; i < count; i++)
        series_clear(&series[i]);
    free(series);
}

/* Reads a series statement's rows (ordered by key) into series, one per
 * key: in-range, dated and undated counts. */
static void series_collect(const PGresult *result, const struct day_range *range, struct series **series,
                           size_t *count)
{
    size_t capacity = 0;
    for (int i = 0; i < PQntuples(result); i++) {
        const char *key = PQgetisnull(result, i, 0) ? NULL : PQgetvalue(result, i, 0);
        struct series *last = *count ? &(*series)[*count - 1] : NULL;
        if (last == NULL || (key && (last->key == NULL || strcmp(last->key, key) != 0))) {
            array_reserve((void **)series, &capacity, *count + 1, sizeof **series);
            last = &(*series)[(*count)++];
            memset(last, 0, sizeof *last);
            last->key = key ? checked_strdup(key) : NULL;
            last->order = *count;
            if (!PQgetisnull(result, i, 1)) {
                struct buffer name = {0};
                last->sort_name = checked_strdup(PQgetvalue(result, i, 1));
                buffer_append_string(&name, last->sort_name);
                if (!PQgetisnull(result, i, 2)) {
                    last->sort_detail = checked_strdup(PQgetvalue(result, i, 2));
                    buffer_append_string(&name, ", ");
                    buffer_append_string(&name, last->sort_detail);
                }
                last->name = buffer_take(&name);
            }
        }
        long long articles = strtoll(PQgetvalue(result, i, 4), NULL, 10);
        long day;
        bool dated = day_of(result, i, 3, &day);
        bool in_range = !range->active || (dated && day >= range->first && day <= range->last);
        if (in_range)
            last->in_range += articles;
        if (!dated)
            last->undated += articles;
        else if (in_range)
            histogram_add(&last->dated, day, articles);
    }
}

int postgres_timeline(struct store *store, const struct search_request *request,
                      const struct timeline_request *timeline, timeline_row_callback callback, void *context,
                      struct error *error)
{
    if (postgres_request_check(request, error) < 0)
        return -1;
    struct postgres_store *postgres = postgres_store_of(store);
    struct day_range range;
    day_range_of(request, &range);

    /* Every article of the store, per day, and undated. */
    struct postgres_statement statement = {0};
    struct series *all = NULL, *series = NULL;
    size_t all_count = 0, series_count = 0;
    int status = series_statement(request, timeline, true, &statement, error);
    PGresult *result = status == 0 ? postgres_run(postgres, &statement, error) : NULL;
    status = result ? 0 : -1;
    if (status == 0)
        series_collect(result, &range, &all, &all_count);
    PQclear(result);
    postgres_statement_free(&statement);

    /* The series, the top ones by their matches in the date filter. */
    if (status == 0) {
        memset(&statement, 0, sizeof statement);
        status = series_statement(request, timeline, false, &statement, error);
        result = status == 0 ? postgres_run(postgres, &statement, error) : NULL;
        status = result ? 0 : -1;
        if (status == 0)
            series_collect(result, &range, &series, &series_count);
        PQclear(result);
        postgres_statement_free(&statement);
    }
    if (status == 0 && timeline->series == TIMELINE_SERIES_NONE && series_count == 0) {
        series = checked_malloc(sizeof *series);
        memset(series, 0, sizeof *series);
        series_count = 1;
    }
    if (status == 0 && timeline->series != TIMELINE_SERIES_NONE) {
        /* Only series with matches in the date filter, the top ones. */
        size_t kept = 0;
        for (size_t i = 0; i < series_count; i++) {
            if (series[i].in_range == 0) {
                series_clear(&series[i]);
                continue;
            }
            series[kept++] = series[i];
        }
        series_count = kept;
        if (series_count > 1)
            qsort(series, series_count, sizeof *series, compare_series);
        size_t keep = timeline->top > 0 && (size_t)timeline->top < series_count ? (size_t)timeline->top
                                                                                 : series_count;
        for (size_t i = keep; i < series_count; i++)
            series_clear(&series[i]);
        series_count = keep;
    }
    struct histogram empty = {0};
    const struct histogram *all_dated = all_count ? &all[0].dated : &empty;
    long long all_undated = all_count ? all[0].undated : 0;

    /* The periods: from --since (else the first match) to --until (else
     * the last match). */
    bool have_days = false;
    long first = 0, last = 0;
    for (size_t i = 0; status == 0 && i < series_count; i++)
        histogram_widen(&series[i].dated, &have_days, &first, &last);
    if (request->since) {
        first = range.first;
        if (!have_days && request->until)
            last = range.last;
        have_days = have_days || request->until != NULL;
    }
    if (request->until)
        last = range.last;
    long long periods = 0;
    for (long start = store_period_start(first, timeline->period); status == 0 && have_days && start <= last;
         start = store_period_next(start, timeline->period))
        if (++periods > TIMELINE_MAX_PERIODS) {
            char from[11], to[11];
            calendar_format(calendar_date_of(first), from);
            calendar_format(calendar_date_of(last), to);
            status = error_set_usage(error, "timeline: more than %d periods from %s to %s (use a longer --by, or "
                                     "--since and --until)", TIMELINE_MAX_PERIODS, from, to);
        }
    for (size_t i = 0; status == 0 && i < series_count; i++) {
        const struct series *one = &series[i];
        for (long start = store_period_start(first, timeline->period); status == 0 && have_days && start <= last;) {
            long next = store_period_next(start, timeline->period);
            long from = request->since && start < first ? first : start;
            long to = request->until && next - 1 > last ? last : next - 1;
            char label[16], start_iso[11], end_iso[11];
            store_period_label(start, timeline->period, label);
            calendar_format(calendar_date_of(start), start_iso);
            calendar_format(calendar_date_of(next - 1), end_iso);
            struct timeline_row row = {one->name, label, start_iso, end_iso, histogram_sum(&one->dated, from, to),
                                       histogram_sum(all_dated, from, to)};
            status = callback(&row, context, error);
            start = next;
        }
        if (status == 0) {
            struct timeline_row undated = {one->name, NULL, NULL, NULL, one->undated, all_undated};
            status = callback(&undated, context, error);
        }
    }
    series_free(series, series_count);
    series_free(all, all_count);
    return status;
}
