/* cmd_timeline.c — `newsidx timeline`: how many matching articles, when.
 *
 * The counts come from store_timeline(); this file reads the options and
 * lays the rows out: a table with a bar per period for people, records in
 * long form (one per series and period) for scripts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search_options.h"

static const char timeline_usage[] =
    "usage: newsidx timeline [QUERY] [filters] [--by day|week|month|year] [--share]\n"
    "                        [--by dateline|person|tag [--top N] [--role ROLE]]\n"
    "                        [--format=table|json|ndjson|csv] [--fts5]\n"
    "\n"
    "The matching articles (all articles without a query or filters) counted\n"
    "per period of their date: day, week (ISO, Monday to Sunday), month (the\n"
    "default) or year.  Every period from the first match to the last (from\n"
    "--since to --until when given) is there, empty ones too, and a last row\n"
    "counts the matches that have no date (period null, \"undated\" in a table),\n"
    "which no date filter can place.\n"
    "\n"
    "  --by PERIOD       day, week, month or year\n"
    "  --by SERIES       dateline, person or tag: one series per place, person or\n"
    "                    subject code, the --top N (default 20) with most matches,\n"
    "                    in long form (a row per series and period); --role ROLE\n"
    "                    counts only that role of a person.  Both may be given:\n"
    "                    --by month --by dateline, or --by month,dateline\n"
    "  --share           also each period's articles in the whole store\n"
    "                    (all_articles) and the matches' share of them\n"
    "\n"
    "Rows: series (with --by SERIES), period (2017, 2017-03, 2017-W09 or\n"
    "2017-03-04), start and end (its first and last day), articles, and with\n"
    "--share all_articles and share.  A table shows a bar per period.\n"
    "\n" SEARCH_QUERY_USAGE "\n" SEARCH_FILTERS_USAGE
    "\n"
    "examples:\n"
    "  newsidx timeline sanctions --dateline moscow --by month\n"
    "  newsidx timeline sanctions --by year --by person --top 5 --format=csv\n";

/* One row, kept until all are in (a table scales its bars to the largest). */
struct kept_row {
    char *series;           /* or NULL */
    char *period;           /* or NULL for undated */
    char *start, *end;      /* or NULL for undated */
    long long articles;     /* matches */
    long long all_articles; /* all articles of the period */
};

/* All rows of a timeline. */
struct kept_rows {
    struct kept_row *items; /* the rows */
    size_t count;           /* how many */
    size_t capacity;        /* allocated */
};

static char *copy_or_null(const char *text)
{
    return text ? checked_strdup(text) : NULL;
}

static int keep_row(const struct timeline_row *row, void *context, struct error *error)
{
    (void)error;
    struct kept_rows *rows = context;
    array_reserve((void **)&rows->items, &rows->capacity, rows->count + 1, sizeof *rows->items);
    rows->items[rows->count++] = (struct kept_row){copy_or_null(row->series), copy_or_null(row->period),
                                                   copy_or_null(row->start), copy_or_null(row->end), row->articles,
                                                   row->all_articles};
    return 0;
}

/* Reads the --by values (each maybe a comma list) into *timeline. */
static int read_by(const struct string_list *by, struct timeline_request *timeline)
{
    static const struct { const char *name; int period; int series; } names[] = {
        {"day", TIMELINE_DAY, -1},          {"week", TIMELINE_WEEK, -1},
        {"month", TIMELINE_MONTH, -1},      {"year", TIMELINE_YEAR, -1},
        {"dateline", -1, TIMELINE_SERIES_DATELINE}, {"person", -1, TIMELINE_SERIES_PERSON},
        {"tag", -1, TIMELINE_SERIES_TAG},
    };
    bool period_given = false, series_given = false;
    for (size_t i = 0; i < by->count; i++) {
        const char *at = by->items[i];
        do {
            size_t length = strcspn(at, ",");
            size_t k = 0;
            while (k < sizeof names / sizeof names[0] &&
                   !(strlen(names[k].name) == length && strncmp(names[k].name, at, length) == 0))
                k++;
            if (k == sizeof names / sizeof names[0])
                return cli_usage_error("timeline: --by takes day, week, month or year, and dateline, person or tag, "
                                       "not '%.*s'", (int)length, at);
            bool is_period = names[k].period >= 0;
            if (is_period ? period_given : series_given)
                return cli_usage_error("timeline: --by takes one %s", is_period ? "period" : "series");
            if (is_period) {
                timeline->period = (enum timeline_period)names[k].period;
                period_given = true;
            } else {
                timeline->series = (enum timeline_series)names[k].series;
                series_given = true;
            }
            at += length;
        } while (*at++ == ',');
    }
    return 0;
}

/* A bar of width eighths of a character, in block elements. */
static void append_bar(struct buffer *bar, long eighths)
{
    static const char *const partial[8] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    for (long i = 0; i < eighths / 8; i++)
        buffer_append_string(bar, "█");
    buffer_append_string(bar, partial[eighths % 8]);
}

/* The widest bar, in characters, when the table has room for it. */
#define BAR_WIDTH 40

/* The narrowest bar worth drawing. */
#define BAR_MIN_WIDTH 10

/* Characters in a UTF-8 string. */
static size_t characters(const char *text)
{
    size_t count = 0;
    for (const unsigned char *at = (const unsigned char *)(text ? text : ""); *at; at++)
        count += (*at & 0xC0) != 0x80;
    return count;
}

/* How wide the longest bar may be so that the table fits its width: the
 * other columns (series, period, articles, share) keep their room. */
static long bar_width(const struct kept_rows *rows, const struct search_options *options, bool with_series)
{
    size_t series = with_series ? characters("series") : 0, period = characters("undated"), articles = 8;
    for (size_t i = 0; i < rows->count; i++) {
        if (with_series && characters(rows->items[i].series) > series)
            series = characters(rows->items[i].series);
        if (characters(rows->items[i].period) > period)
            period = characters(rows->items[i].period);
    }
    size_t used = (with_series ? series + 2 : 0) + period + 2 + articles + 2 + (options->share ? 6 + 2 : 0);
    size_t width = printer_table_width(stdout);
    long room = width > used ? (long)(width - used) : 0;
    return room > BAR_WIDTH ? BAR_WIDTH : room < BAR_MIN_WIDTH ? BAR_MIN_WIDTH : room;
}

static void print_rows(const struct kept_rows *rows, const struct search_options *options,
                       const struct timeline_request *timeline, struct printer *printer)
{
    bool table = options->format == OUTPUT_FORMAT_TABLE;
    bool with_series = timeline->series != TIMELINE_SERIES_NONE;
    double largest = 0;
    for (size_t i = 0; i < rows->count; i++) {
        const struct kept_row *row = &rows->items[i];
        double value = options->share ? (row->all_articles ? (double)row->articles / (double)row->all_articles : 0)
                                      : (double)row->articles;
        if (row->period && value > largest)
            largest = value;
    }
    long widest = table ? bar_width(rows, options, with_series) : 0;
    struct buffer bar = {0}, share = {0};
    for (size_t i = 0; i < rows->count; i++) {
        const struct kept_row *row = &rows->items[i];
        double fraction = row->all_articles ? (double)row->articles / (double)row->all_articles : 0;
        printer_begin_map(printer);
        if (with_series) {
            printer_key(printer, "series");
            printer_string(printer, row->series);
        }
        printer_key(printer, "period");
        printer_string(printer, table && row->period == NULL ? "undated" : row->period);
        if (!table) {
            printer_key(printer, "start");
            printer_string(printer, row->start);
            printer_key(printer, "end");
            printer_string(printer, row->end);
        }
        printer_key(printer, "articles");
        printer_integer(printer, row->articles);
        if (options->share && !table) {
            printer_key(printer, "all_articles");
            printer_integer(printer, row->all_articles);
            printer_key(printer, "share");
            if (row->all_articles)
                printer_real(printer, fraction, -6);
            else
                printer_null(printer);
        }
        if (options->share && table) {
            buffer_reset(&share);
            if (row->all_articles) {
                char text[32];
                snprintf(text, sizeof text, "%.1f%%", fraction * 100);
                buffer_append_string(&share, text);
            }
            printer_key(printer, "share");
            printer_string(printer, share.data ? share.data : "");
        }
        if (table) {
            buffer_reset(&bar);
            buffer_append_string(&bar, "");
            double value = options->share ? fraction : (double)row->articles;
            if (row->period && largest > 0)
                append_bar(&bar, (long)(value / largest * (double)widest * 8 + 0.5));
            printer_key(printer, "bar");
            printer_string(printer, bar.data);
        }
        printer_end(printer);
    }
    buffer_free(&bar);
    buffer_free(&share);
}

int cmd_timeline(const struct cli_globals *globals, int argc, char **argv)
{
    struct search_options options;
    int status = search_options_parse(&options, "timeline", SEARCH_OPTION_TOP | SEARCH_OPTION_TIMELINE,
                                      timeline_usage, NULL, argc, argv);
    struct timeline_request timeline = {.period = TIMELINE_MONTH, .series = TIMELINE_SERIES_NONE};
    struct store *store = NULL;
    if (status == 0 && !options.help_shown) {
        timeline.top = options.top >= 0 ? options.top : 20;
        status = read_by(&options.by, &timeline);
    }
    if (status == 0 && !options.help_shown) {
        if (options.limit_given || options.offset_given)
            status = cli_usage_error("timeline: --limit and --offset do not apply (every period is printed)");
        else if (options.format == OUTPUT_FORMAT_IDS)
            status = cli_usage_error("timeline: --format=ids has no ids to print here");
        else if (options.role && timeline.series == TIMELINE_SERIES_PERSON)
            timeline.role = options.role;
        else if (options.role && options.request.person)
            options.request.role = options.role;
        else if (options.role)
            status = cli_usage_error("timeline: --role goes with --by person or --person");
    }
    if (status == 0 && !options.help_shown)
        status = search_options_open(globals, &options, "timeline", &store);
    if (status == 0 && !options.help_shown) {
        struct kept_rows rows = {0};
        struct error error = {0};
        if (store_timeline(store, &options.request, &timeline, keep_row, &rows, &error) < 0) {
            cli_print_error(&error);
            status = cli_exit_status(&error);
        } else {
            static const char *const table_columns[] = {"period", "articles", "bar", NULL};
            static const char *const table_share_columns[] = {"period", "articles", "share", "bar", NULL};
            static const char *const series_columns[] = {"series", "period", "articles", "bar", NULL};
            static const char *const series_share_columns[] = {"series", "period", "articles", "share", "bar", NULL};
            static const char *const csv_columns[] = {"period", "start", "end", "articles", NULL};
            static const char *const csv_share_columns[] = {"period", "start", "end", "articles", "all_articles",
                                                            "share", NULL};
            static const char *const csv_series_columns[] = {"series", "period", "start", "end", "articles", NULL};
            static const char *const csv_series_share_columns[] = {
                "series", "period", "start", "end", "articles", "all_articles", "share", NULL};
            bool series = timeline.series != TIMELINE_SERIES_NONE;
            const char *const *columns =
                options.format == OUTPUT_FORMAT_TABLE
                    ? (series ? (options.share ? series_share_columns : series_columns)
                              : (options.share ? table_share_columns : table_columns))
                    : (series ? (options.share ? csv_series_share_columns : csv_series_columns)
                              : (options.share ? csv_share_columns : csv_columns));
            struct printer *printer = printer_new(options.format, stdout, true);
            printer_set_columns(printer, columns);
            printer_set_colour(printer, cli_colour(globals, stdout));
            print_rows(&rows, &options, &timeline, printer);
            if (printer_finish(printer) < 0)
                status = cli_write_error();
        }
        for (size_t i = 0; i < rows.count; i++) {
            free(rows.items[i].series);
            free(rows.items[i].period);
            free(rows.items[i].start);
            free(rows.items[i].end);
        }
        free(rows.items);
    }
    store_close(store, NULL);
    search_options_free(&options);
    return status;
}
