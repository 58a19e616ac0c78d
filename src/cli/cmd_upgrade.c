/* cmd_upgrade.c — `newsidx upgrade`: migrate a store made by an older
 * newsidx, which read-only commands refuse to do. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "newsidx/store.h"

static const char upgrade_usage[] =
    "usage: newsidx [--db PATH] upgrade\n"
    "\n"
    "Migrate the store to the schema this newsidx writes, one version at a time,\n"
    "each in one transaction (an ingest does the same first).  Read-only commands\n"
    "never migrate: they ask for this.  Version 2 dates every stored article by\n"
    "the rules of the README (\"The article's date\") and builds the facet index.\n"
    "\n"
    "example: newsidx upgrade\n";

int cmd_upgrade(const struct cli_globals *globals, int argc, char **argv)
{
    static const struct option options[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int option;
    optind = 0; /* 0, not 1: makes glibc getopt start afresh and permute again */
    opterr = 0;
    while ((option = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        if (option == 'h') {
            fputs(upgrade_usage, stdout);
            return 0;
        }
        return cli_usage_error("upgrade: unknown option '%s'", argv[optind - 1]);
    }
    if (optind < argc)
        return cli_usage_error("upgrade: unexpected argument '%s'", argv[optind]);
    struct error error = {0};
    char *path = store_resolve_path(globals->database_path, &error);
    int from = 0;
    if (path == NULL || store_upgrade(path, &from, &error) < 0) {
        cli_print_error(&error);
        free(path);
        return cli_exit_status(&error);
    }
    if (from == STORE_SCHEMA_VERSION)
        printf("store %s: schema version %d, nothing to do\n", path, from);
    else
        printf("store %s: schema version %d migrated to %d\n", path, from, STORE_SCHEMA_VERSION);
    free(path);
    return 0;
}
