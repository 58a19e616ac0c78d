/* cmd_facets.c — `newsidx people` and `newsidx datelines`: who and where,
 * with article counts, over the articles a query and filters select. */
#include <stdio.h>

#include "search_options.h"

static const char people_usage[] =
    "usage: newsidx people [QUERY] [filters] [--role ROLE] [--top N] [--offset N] [--fts5]\n"
    "                      [--format=table|json|ndjson|csv|tsv]\n"
    "\n"
    "The people credited in the matching articles (all articles without a query\n"
    "or filters): one row per person and role, with the number of articles, most\n"
    "first.  Roles: byline, reporting, additional reporting, writing, editing,\n"
    "photo, or any other the credit lines name.  --role shows only that role.\n"
    "A table shows the first 20 rows, other formats every row; --top N (or\n"
    "--limit N) shows the first N (0: all), --offset N skips N rows first.\n"
    "\n" SEARCH_QUERY_USAGE "\n" SEARCH_FILTERS_USAGE
    "\n"
    "example: newsidx people --role editing --top 5\n";

static const char datelines_usage[] =
    "usage: newsidx datelines [QUERY] [filters] [--top N] [--offset N] [--fts5]\n"
    "                         [--format=table|json|ndjson|csv|tsv]\n"
    "\n"
    "The dateline places of the matching articles, with the number of articles,\n"
    "most first.  A table shows the first 20 rows, other formats every row;\n"
    "--top N (or --limit N) shows the first N (0: all), --offset N skips N rows.\n"
    "\n" SEARCH_QUERY_USAGE "\n" SEARCH_FILTERS_USAGE
    "\n"
    "example: newsidx datelines sanctions --top 10\n";

/* The record keys of each facet, which are also its table columns. */
static const char *const people_columns[] = {"name", "role", "articles", NULL};
static const char *const dateline_columns[] = {"city", "region", "articles", NULL};

/* Prints a facet row under the facet's key names. */
struct facet_printing {
    struct printer *printer;        /* where rows go */
    const char *const *columns;     /* the names for name, detail and count */
    long long skip;                 /* rows still to skip (--offset) */
};

static int print_facet_row(const struct facet_row *row, void *context, struct error *error)
{
    struct facet_printing *printing = context;
    (void)error;
    if (printing->skip > 0) {
        printing->skip--;
        return 0;
    }
    printer_begin_map(printing->printer);
    printer_key(printing->printer, printing->columns[0]);
    printer_string(printing->printer, row->name);
    printer_key(printing->printer, printing->columns[1]);
    printer_string(printing->printer, row->detail);
    printer_key(printing->printer, printing->columns[2]);
    printer_integer(printing->printer, row->articles);
    printer_end(printing->printer);
    return 0;
}

/* The body of both facet commands. */
static int run_facet_command(const struct cli_globals *globals, int argc, char **argv, bool people)
{
    struct search_options options;
    int status = search_options_parse(&options, argv[0], SEARCH_OPTION_TOP,
                                      people ? people_usage : datelines_usage, NULL, argc, argv);
    struct store *store = NULL;
    if (status == 0 && !options.help_shown && !people && options.role)
        status = cli_usage_error("datelines: unknown option '--role'");
    if (status == 0 && !options.help_shown && options.format == OUTPUT_FORMAT_IDS)
        status = cli_usage_error("%s: --format=ids has no ids to print here", argv[0]);
    /* --limit and --offset page the rows (not the articles counted);
     * --top is --limit's older name.  A table shows 20 rows unless told. */
    long long rows = -1, offset = options.request.offset;
    if (status == 0 && !options.help_shown) {
        if (options.top >= 0 && options.limit_given && options.top != options.request.limit)
            status = cli_usage_error("%s: --top and --limit are the same option: give one", argv[0]);
        rows = options.top >= 0 ? options.top
               : options.limit_given ? options.request.limit
               : options.format == OUTPUT_FORMAT_TABLE ? 20
                                                       : 0;
        options.request.limit = 0;
        options.request.offset = 0;
    }
    if (status == 0 && !options.help_shown)
        status = search_options_open(globals, &options, argv[0], &store);
    if (status == 0 && !options.help_shown)
        status = search_options_note_undated(&options, store);
    if (status == 0 && !options.help_shown) {
        struct facet_printing printing = {
            .printer = printer_new(options.format, stdout, true),
            .columns = people ? people_columns : dateline_columns,
            .skip = offset,
        };
        printer_set_columns(printing.printer, printing.columns);
        printer_set_colour(printing.printer, cli_colour(globals, stdout));
        struct error error = {0};
        long long wanted = rows > 0 ? rows + offset : 0;
        int result = people ? store_people_facet(store, &options.request, options.role, wanted, print_facet_row,
                                                 &printing, &error)
                            : store_dateline_facet(store, &options.request, wanted, print_facet_row, &printing,
                                                   &error);
        if (result < 0) {
            fflush(stdout);
            cli_print_error(&error);
            status = cli_exit_status(&error);
        }
        if (printer_finish(printing.printer) < 0 && status == 0)
            status = cli_write_error();
    }
    store_close(store, NULL);
    search_options_free(&options);
    return status;
}

int cmd_people(const struct cli_globals *globals, int argc, char **argv)
{
    return run_facet_command(globals, argc, argv, true);
}

int cmd_datelines(const struct cli_globals *globals, int argc, char **argv)
{
    return run_facet_command(globals, argc, argv, false);
}
