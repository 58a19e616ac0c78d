/* cmd_stats.c — `newsidx stats`: what the store holds. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "newsidx/article_date.h"
#include "newsidx/text.h"
#include "newsidx/store.h"

static const char stats_usage[] =
    "usage: newsidx [--db PATH] stats [--json|--format=text|json] [--space]\n"
    "\n"
    "Show what the store holds: articles, sources, people, places, its size on\n"
    "disk, and the articles' dates: the first and last, how many are dated and\n"
    "undated, and how many were dated by each rule (date_source).\n"
    "\n"
    "  --json          print the figures as one JSON object\n"
    "  --space         also the bytes each part takes: the text, the full-text\n"
    "                  index, people, places, the articles' parts, the facets,\n"
    "                  the sources, free pages (reads the whole file)\n"
    "  --format=json   the same (--format=text: the text, the default)\n"
    "\n"
    "example: newsidx stats --json | jq .articles\n";

/* The back end's name as a JSON value: "sqlite", "postgresql". */
static void print_backend_key(struct printer *printer, const char *backend)
{
    char lower[32];
    size_t length = 0;
    for (; backend[length] && length + 1 < sizeof lower; length++)
        lower[length] = (char)(backend[length] >= 'A' && backend[length] <= 'Z' ? backend[length] - 'A' + 'a'
                                                                                 : backend[length]);
    lower[length] = '\0';
    printer_string(printer, lower);
}

static void print_stats_json(const char *path, const char *backend, const struct store_stats *stats,
                             const long long *space)
{
    struct printer *printer = printer_new(OUTPUT_FORMAT_JSON, stdout, false);
    printer_begin_map(printer);
    printer_key(printer, "store");
    printer_string(printer, path);
    printer_key(printer, "backend");
    print_backend_key(printer, backend);
    printer_key(printer, "schema_version");
    printer_integer(printer, stats->schema_version);
    printer_key(printer, "articles");
    printer_integer(printer, stats->articles);
    printer_key(printer, "sources");
    printer_integer(printer, stats->sources);
    printer_key(printer, "incomplete_sources");
    printer_integer(printer, stats->incomplete_sources);
    printer_key(printer, "provenance");
    printer_integer(printer, stats->provenance);
    printer_key(printer, "people");
    printer_integer(printer, stats->people);
    printer_key(printer, "places");
    printer_integer(printer, stats->places);
    printer_key(printer, "credits");
    printer_integer(printer, stats->credits);
    printer_key(printer, "size_bytes");
    printer_integer(printer, stats->size_bytes);
    printer_key(printer, "first_date");
    printer_string(printer, stats->first_date[0] ? stats->first_date : NULL);
    printer_key(printer, "last_date");
    printer_string(printer, stats->last_date[0] ? stats->last_date : NULL);
    printer_key(printer, "dated");
    printer_integer(printer, stats->dated);
    printer_key(printer, "undated");
    printer_integer(printer, stats->undated);
    printer_key(printer, "date_sources");
    printer_begin_map(printer);
    for (int source = ARTICLE_DATE_PUBLISHED; source <= ARTICLE_DATE_INGEST_DATE; source++) {
        printer_key(printer, article_date_source_name((enum article_date_source)source));
        printer_integer(printer, stats->by_date_source[source]);
    }
    printer_end(printer);
    if (space != NULL) {
        printer_key(printer, "space_bytes");
        printer_begin_map(printer);
        for (int part = 0; part < STORE_PART_COUNT; part++) {
            printer_key(printer, store_part_name((enum store_part)part));
            printer_integer(printer, space[part]);
        }
        printer_end(printer);
    }
    printer_end(printer);
    if (printer_finish(printer) < 0)
        cli_write_error();
}

static void print_stats_text(const char *path, const char *backend, const struct store_stats *stats,
                             const long long *space)
{
    printf("store:       %s (schema %d)\n", text_display_name(path).text, stats->schema_version);
    printf("backend:     %s\n", backend);
    printf("size:        %.1f MB\n", (double)stats->size_bytes / 1e6);
    printf("articles:    %lld\n", stats->articles);
    printf("sources:     %lld", stats->sources);
    if (stats->incomplete_sources > 0)
        printf(" (and %lld not read to the end)", stats->incomplete_sources);
    printf("\nsightings:   %lld (article in a source)\n", stats->provenance);
    printf("people:      %lld (%lld credits)\n", stats->people, stats->credits);
    printf("places:      %lld\n", stats->places);
    if (stats->dated > 0)
        printf("dates:       %s to %s, %lld dated, %lld undated\n", stats->first_date, stats->last_date,
               stats->dated, stats->undated);
    else
        printf("dates:       none (%lld undated)\n", stats->undated);
    if (stats->dated > 0) {
        printf("dated from: ");
        const char *separator = " ";
        for (int source = ARTICLE_DATE_PUBLISHED; source <= ARTICLE_DATE_INGEST_DATE; source++)
            if (stats->by_date_source[source] > 0) {
                printf("%s%s %lld", separator, article_date_source_name((enum article_date_source)source),
                       stats->by_date_source[source]);
                separator = ", ";
            }
        putchar('\n');
    }
    if (space != NULL) {
        static const char *const labels[STORE_PART_COUNT] = {
            "text", "full-text index", "people and credits", "places", "captions, notes, tags",
            "facet index", "sources", "schema, other", "free pages",
        };
        printf("space:\n");
        for (int part = 0; part < STORE_PART_COUNT; part++)
            printf("  %-22s %9.1f MB\n", labels[part], (double)space[part] / 1e6);
    }
    if (fflush(stdout) != 0)
        cli_write_error();
}

int cmd_stats(const struct cli_globals *globals, int argc, char **argv)
{
    static const struct option options[] = {
        {"json", no_argument, NULL, 'j'},
        {"space", no_argument, NULL, 's'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool json = false, want_space = false;
    int option;
    int checked = cli_check_options("stats", argc, argv, options);
    if (checked != 0)
        return checked;
    optind = 0; /* 0, not 1: makes glibc getopt start afresh and permute again */
    opterr = 0;
    while ((option = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (option) {
        case 'j':
            json = true;
            break;
        case 's':
            want_space = true;
            break;
        case 'f':
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0)
                return cli_usage_error("stats: unknown format '%s' (use text or json)", optarg);
            json = strcmp(optarg, "json") == 0;
            break;
        case 'h':
            fputs(stats_usage, stdout);
            return 0;
        default:
            return cli_getopt_error("stats", option, argc, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error("stats: unexpected argument '%s'", argv[optind]);

    struct error error = {0};
    struct store_stats stats;
    long long space[STORE_PART_COUNT];
    struct store *store = NULL;
    char *path = store_resolve_path(globals->database_path, &error);
    int status = path == NULL || store_open(&store, path, STORE_READ_ONLY, &error) < 0 ||
                         store_stats(store, &stats, &error) < 0 ||
                         (want_space && store_space(store, space, &error) < 0)
                     ? -1
                     : 0;
    cli_note_upgrade(store);
    /* The name is a constant of the back end: it outlives the store.  The
     * location is the store's own (a PostgreSQL URI without its password). */
    const char *backend = store != NULL ? store_backend_name(store) : NULL;
    char *location = store != NULL ? checked_strdup(store_path(store)) : NULL;
    store_close(store, NULL);
    free(path);
    if (status < 0) {
        cli_print_error(&error);
        free(location);
        return cli_exit_status(&error);
    }
    if (json)
        print_stats_json(location, backend, &stats, want_space ? space : NULL);
    else
        print_stats_text(location, backend, &stats, want_space ? space : NULL);
    free(location);
    return 0;
}
