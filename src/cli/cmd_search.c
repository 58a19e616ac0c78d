/* cmd_search.c — `newsidx search` and `newsidx count`. */
#include <stdio.h>
#include <stdlib.h>

#include "newsidx/article_print.h"
#include "search_options.h"

static const char search_usage[] =
    "usage: newsidx search [QUERY] [filters] [--sort=rank|newest|oldest] [--limit N] [--offset N]\n"
    "                      [--format=table|json|ndjson|csv|tsv|ids] [--fields=LIST] [--fts5]\n"
    "\n"
    "Full-text search with filters.  Hits are ranked (bm25, title and people above\n"
    "body) when there is a query, newest first otherwise; each carries a snippet\n"
    "with the matches marked: in colour on a terminal, and in JSON as the text\n"
    "plus \"matches\", [start, length] pairs in characters.  A table shows 20 hits\n"
    "unless --limit says otherwise; other formats print every hit (--limit 0: all).\n"
    "--fields=id,date,title chooses the fields of each hit, in that order, in every\n"
    "format: id, date, date_source, title, dateline, byline, source (or file,\n"
    "first_line, last_line), rank, snippet, matches, tags.  date is the article's\n"
    "date, as --since and --until read it, date_source the rule that gave it.\n"
    "\n" SEARCH_QUERY_USAGE "\n" SEARCH_FILTERS_USAGE
    "\n"
    "examples:\n"
    "  newsidx search --reporter \"Denis Pinchuk\" --dateline moscow sanctions\n"
    "  newsidx search putin --format=ndjson | jq .title\n"
    "  newsidx search 'title:\"North Korea\" -missile' --sort=newest --limit 5\n";

static const char count_usage[] =
    "usage: newsidx count [QUERY] [filters] [--limit N] [--offset N]\n"
    "                     [--format=table|json|ndjson|csv|tsv|ids] [--fts5]\n"
    "\n"
    "Counts the articles a search would find: all of them, or with --offset and\n"
    "--limit, how many a search with the same --offset and --limit would print.\n"
    "\n" SEARCH_QUERY_USAGE "\n" SEARCH_FILTERS_USAGE
    "\n"
    "example: newsidx count --dateline moscow\n";

/* The columns a table, csv or ids output of search shows. */
static const char *const search_columns[] = {"id", "date", "dateline", "title", "snippet", NULL};

/* Which columns of a narrow table keep their room: the title first, the
 * dateline given up first. */
static const char *const search_table_priority[] = {"id", "date", "title", "snippet", "byline", "dateline", NULL};

/* The fields of a hit --fields may name. */
static const char *const search_fields[] = {
    "id", "date", "date_source", "title", "dateline", "byline", "source", "file", "first_line",
    "last_line", "rank", "snippet", "matches", "tags", NULL,
};

/* Where hits go. */
struct hit_printing {
    struct printer *printer; /* the output */
    bool source_parts;       /* file, first_line and last_line as fields of their own */
};

/* Prints one hit as a record. */
static int print_hit(const struct search_hit *hit, void *context, struct error *error)
{
    struct hit_printing *printing = context;
    struct printer *printer = printing->printer;
    (void)error;
    printer_begin_map(printer);
    printer_key(printer, "id");
    printer_integer(printer, hit->id);
    printer_key(printer, "title");
    printer_string(printer, hit->title);
    printer_key(printer, "date");
    printer_string(printer, hit->date);
    printer_key(printer, "date_source");
    printer_string(printer, hit->date_source);
    printer_key(printer, "dateline");
    printer_string(printer, hit->dateline);
    printer_key(printer, "byline");
    printer_string(printer, hit->byline);
    printer_key(printer, "source");
    source_print(printer, hit->file, hit->first_line, hit->last_line);
    if (printing->source_parts) {
        printer_key(printer, "file");
        printer_string(printer, hit->file);
        printer_key(printer, "first_line");
        printer_integer(printer, hit->first_line);
        printer_key(printer, "last_line");
        printer_integer(printer, hit->last_line);
    }
    printer_key(printer, "rank");
    printer_real(printer, hit->rank, -6);
    printer_key(printer, "snippet");
    printer_marked_string(printer, hit->snippet);
    printer_key(printer, "matches");
    printer_match_positions(printer, hit->snippet);
    printer_key(printer, "tags");
    tags_print(printer, hit->tags, hit->tag_count);
    printer_end(printer);
    return 0;
}

int cmd_search(const struct cli_globals *globals, int argc, char **argv)
{
    struct search_options options;
    int status = search_options_parse(&options, "search", SEARCH_OPTION_PAGING | SEARCH_OPTION_FIELDS, search_usage,
                                      search_fields, argc, argv);
    struct store *store = NULL;
    if (status == 0 && !options.help_shown)
        status = search_options_open(globals, &options, argv[0], &store);
    if (status == 0 && !options.help_shown)
        status = search_options_note_undated(&options, store);
    if (status == 0 && !options.help_shown) {
        struct printer *printer = printer_new(options.format, stdout, true);
        printer_set_columns(printer, search_columns);
        if (options.fields.count)
            printer_select_keys(printer, (const char *const *)options.fields.items);
        printer_set_table_priority(printer, search_table_priority);
        printer_set_colour(printer, cli_colour(globals, stdout));
        struct hit_printing printing = {
            .printer = printer,
            .source_parts = search_options_wants_field(&options, "file") ||
                            search_options_wants_field(&options, "first_line") ||
                            search_options_wants_field(&options, "last_line"),
        };
        struct error error = {0};
        if (store_search(store, &options.request, print_hit, &printing, &error) < 0) {
            fflush(stdout);
            cli_print_error(&error);
            status = cli_exit_status(&error);
        }
        if (printer_finish(printer) < 0 && status == 0)
            status = cli_write_error();
    }
    store_close(store, NULL);
    search_options_free(&options);
    return status;
}

int cmd_count(const struct cli_globals *globals, int argc, char **argv)
{
    struct search_options options;
    int status = search_options_parse(&options, "count", 0, count_usage, NULL, argc, argv);
    struct store *store = NULL;
    if (status == 0 && !options.help_shown)
        status = search_options_open(globals, &options, argv[0], &store);
    if (status == 0 && !options.help_shown)
        status = search_options_note_undated(&options, store);
    if (status == 0 && !options.help_shown) {
        long long count = 0;
        struct error error = {0};
        if (store_count(store, &options.request, &count, &error) < 0) {
            cli_print_error(&error);
            status = cli_exit_status(&error);
        } else {
            count = count > options.request.offset ? count - options.request.offset : 0;
            if (options.limit_given && options.request.limit > 0 && count > options.request.limit)
                count = options.request.limit;
        }
        if (status != 0) {
            /* reported above */
        } else if (options.format == OUTPUT_FORMAT_TABLE || options.format == OUTPUT_FORMAT_IDS) {
            /* For people and shell scripts alike: the bare number. */
            printf("%lld\n", count);
        } else {
            struct printer *printer = printer_new(options.format, stdout, false);
            printer_begin_map(printer);
            printer_key(printer, "count");
            printer_integer(printer, count);
            printer_end(printer);
            if (printer_finish(printer) < 0)
                status = cli_write_error();
        }
    }
    store_close(store, NULL);
    search_options_free(&options);
    return status;
}
