/* cmd_check.c — `newsidx check`: is the store sound?  And `newsidx
 * optimize`: the index merged at a quiet hour. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "newsidx/store.h"

static const char check_usage[] =
    "usage: newsidx [--db PATH] check [--format=text|json]\n"
    "\n"
    "Check the store: SQLite's integrity check of the file, and FTS5's check of\n"
    "the full-text index, which reads every article's text back and compares\n"
    "it with the index.  Exit status 1 when it finds a problem.\n"
    "\n"
    "  --format=json   print the outcome as one JSON object\n"
    "\n"
    "example: newsidx check && echo sound\n";

static const char optimize_usage[] =
    "usage: newsidx [--db PATH] optimize [--vacuum] [--format=text|json]\n"
    "\n"
    "Merge the full-text index into one segment, so that searches look each\n"
    "term up once.  An ingest tidies the index itself, unless told not to (a\n"
    "nightly feed that ingests every few minutes, say): then run this at a quiet\n"
    "hour.  Readers keep reading while it runs.\n"
    "\n"
    "  --vacuum        also rewrite the file to give back the space it no longer\n"
    "                  uses (after an upgrade that compressed the text, most of it)\n"
    "  --format=json   print what it did as one JSON object\n"
    "\n"
    "example: newsidx optimize --vacuum\n";

/* Reads the options both commands take; returns -1 to go on, or the exit
 * status. */
static int read_options(const char *command, const char *usage, int argc, char **argv, bool *json,
                        bool *vacuum)
{
    static const struct option options[] = {
        {"format", required_argument, NULL, 'f'},
        {"vacuum", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int checked = cli_check_options(command, argc, argv, options);
    if (checked != 0)
        return checked;
    optind = 0; /* 0, not 1: makes glibc getopt start afresh and permute again */
    opterr = 0;
    int option;
    while ((option = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (option) {
        case 'f':
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0)
                return cli_usage_error("%s: unknown format '%s' (use text or json)", command, optarg);
            *json = strcmp(optarg, "json") == 0;
            break;
        case 'v':
            if (vacuum == NULL)
                return cli_usage_error("%s: unknown option '--vacuum'", command);
            *vacuum = true;
            break;
        case 'h':
            fputs(usage, stdout);
            return 0;
        default:
            return cli_getopt_error(command, option, argc, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error("%s: unexpected argument '%s'", command, argv[optind]);
    return -1;
}

int cmd_check(const struct cli_globals *globals, int argc, char **argv)
{
    bool json = false;
    int read = read_options("check", check_usage, argc, argv, &json, NULL);
    if (read >= 0)
        return read;
    struct error error = {0};
    struct store *store = NULL;
    struct store_check check = {0};
    char *path = store_resolve_path(globals->database_path, &error);
    /* FTS5's check is an INSERT command, so it needs a connection that may
     * write, though it changes nothing. */
    int status = path == NULL || store_open(&store, path, STORE_READ_WRITE, &error) < 0 ||
                         store_check(store, &check, &error) < 0
                     ? -1
                     : 0;
    cli_note_upgrade(store);
    store_close(store, NULL);
    if (status < 0) {
        cli_print_error(&error);
        free(path);
        return cli_exit_status(&error);
    }
    bool sound = check.database_problem == NULL && check.index_problem == NULL;
    if (json) {
        struct printer *printer = printer_new(OUTPUT_FORMAT_JSON, stdout, false);
        printer_begin_map(printer);
        printer_key(printer, "store");
        printer_string(printer, path);
        printer_key(printer, "ok");
        printer_boolean(printer, sound);
        printer_key(printer, "database");
        printer_string(printer, check.database_problem ? check.database_problem : "ok");
        printer_key(printer, "full_text_index");
        printer_string(printer, check.index_problem ? check.index_problem : "ok");
        printer_key(printer, "articles");
        printer_integer(printer, check.articles);
        printer_end(printer);
        printer_finish(printer);
    } else {
        printf("database:        %s\n", check.database_problem ? check.database_problem : "ok");
        printf("full-text index: %s (%lld articles read back)\n", check.index_problem ? check.index_problem : "ok",
               check.articles);
    }
    if (!sound)
        fprintf(stderr, "newsidx: check: the store '%s' has a problem\n", path);
    store_check_free(&check);
    free(path);
    return sound ? 0 : 1;
}

int cmd_optimize(const struct cli_globals *globals, int argc, char **argv)
{
    bool json = false, vacuum = false;
    int read = read_options("optimize", optimize_usage, argc, argv, &json, &vacuum);
    if (read >= 0)
        return read;
    struct error error = {0};
    struct store *store = NULL;
    struct store_optimized done;
    char *path = store_resolve_path(globals->database_path, &error);
    int status = path == NULL || store_open(&store, path, STORE_READ_WRITE, &error) < 0 ||
                         store_optimize(store, vacuum, &done, &error) < 0
                     ? -1
                     : 0;
    cli_note_upgrade(store);
    if (store_close(store, status == 0 ? &error : NULL) < 0)
        status = -1;
    if (status < 0) {
        cli_print_error(&error);
        free(path);
        return cli_exit_status(&error);
    }
    if (json) {
        struct printer *printer = printer_new(OUTPUT_FORMAT_JSON, stdout, false);
        printer_begin_map(printer);
        printer_key(printer, "store");
        printer_string(printer, path);
        printer_key(printer, "segments_before");
        printer_integer(printer, done.segments_before);
        printer_key(printer, "segments_after");
        printer_integer(printer, done.segments_after);
        printer_key(printer, "vacuumed");
        printer_boolean(printer, done.vacuumed);
        printer_end(printer);
        printer_finish(printer);
    } else {
        printf("full-text index: %lld segment%s, now %lld\n", done.segments_before,
               done.segments_before == 1 ? "" : "s", done.segments_after);
        if (done.vacuumed)
            printf("file:            rewritten to give back unused space\n");
    }
    free(path);
    return 0;
}
