/* main.c — the command table and the global options.
 *
 *   newsidx [--db PATH] COMMAND [OPTIONS] [ARGS]
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "newsidx/input.h"

#ifndef NEWSIDX_VERSION
#define NEWSIDX_VERSION "0.1.0"
#endif

/* One subcommand: its name, what runs it, and a line for the help. */
struct command {
    const char *name;                                          /* as typed */
    int (*run)(const struct cli_globals *, int, char **);      /* the cmd_*.c entry */
    const char *summary;                                       /* one line of help */
};

static const struct command commands[] = {
    {"ingest", cmd_ingest, "parse dumps and store their articles (skips unchanged files)"},
    {"search", cmd_search, "full-text search with filters, ranked, with marked snippets"},
    {"show", cmd_show, "print whole articles, for reading or as JSON"},
    {"count", cmd_count, "count the articles a search finds"},
    {"people", cmd_people, "people credited in matching articles, with counts"},
    {"datelines", cmd_datelines, "dateline places of matching articles, with counts"},
    {"export", cmd_export, "write matching articles as NDJSON, JSON, CSV or NITF XML"},
    {"stats", cmd_stats, "show what the store holds"},
    {"parse", cmd_parse, "parse dumps and print articles as JSON, storing nothing"},
};

static const size_t command_count = sizeof commands / sizeof commands[0];

static void print_help(FILE *out)
{
    fputs("usage: newsidx [--db PATH] COMMAND [OPTIONS] [ARGS]\n"
          "       newsidx help [COMMAND]\n"
          "       newsidx --version\n\ncommands:\n", out);
    for (size_t i = 0; i < command_count; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nglobal options:\n"
          "  --db PATH  the store (default: $NEWSIDX_DB, else\n"
          "             $XDG_DATA_HOME/newsidx/newsidx.db, else ~/.local/share/newsidx/newsidx.db)\n"
          "\n'newsidx help COMMAND' or 'newsidx COMMAND --help' shows a command's options.\n"
          "See also the manual page newsidx(1).\n", out);
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < command_count; i++)
        if (strcmp(name, commands[i].name) == 0)
            return &commands[i];
    return NULL;
}

/* `newsidx help [COMMAND]`: the overview, or the command's own --help. */
static int run_help(const struct cli_globals *globals, int argc, char **argv)
{
    if (argc < 2) {
        print_help(stdout);
        return 0;
    }
    if (strcmp(argv[1], "help") == 0) {
        print_help(stdout);
        return 0;
    }
    const struct command *command = find_command(argv[1]);
    if (command == NULL)
        return cli_usage_error("help: unknown command '%s' (see 'newsidx help')", argv[1]);
    char *help_argv[] = {argv[1], (char *)"--help", NULL};
    return command->run(globals, 2, help_argv);
}

/* Keeps descriptors 0, 1 and 2 taken, so that no file newsidx opens
 * becomes its standard output by chance.  A closed standard output gets
 * /dev/null opened read-only, so that writing to it still fails and is
 * reported. */
static void hold_standard_descriptors(void)
{
    for (int descriptor = 0; descriptor <= 2; descriptor++) {
        if (fcntl(descriptor, F_GETFD) >= 0 || errno != EBADF)
            continue;
        int opened = open("/dev/null", descriptor == 2 ? O_WRONLY : O_RDONLY);
        if (opened >= 0 && opened != descriptor) {
            dup2(opened, descriptor);
            close(opened);
        }
    }
}

int main(int argc, char **argv)
{
    hold_standard_descriptors();
    /* Output into a pipe whose reader has gone (`newsidx export | head`)
     * ends newsidx quietly, even when the caller ignored SIGPIPE. */
    signal(SIGPIPE, SIG_DFL);
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    /* newsidx reads no SQLite memory statistics; without them every
     * allocation SQLite makes skips a global lock (6% less CPU in an
     * ingest).  This must come before SQLite is first used. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    struct cli_globals globals = {.database_path = NULL};
    int option;
    opterr = 0;
    while ((option = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
        switch (option) {
        case 'd':
            globals.database_path = optarg;
            break;
        case 'h':
            print_help(stdout);
            return cli_finish_output(0);
        case 'V':
            printf("newsidx %s\n", NEWSIDX_VERSION);
            return cli_finish_output(0);
        default:
            return cli_usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc) {
        print_help(stderr);
        return 2;
    }
    const char *name = argv[optind];
    int status;
    const struct command *command = find_command(name);
    if (strcmp(name, "help") == 0)
        status = run_help(&globals, argc - optind, argv + optind);
    else if (command != NULL)
        status = command->run(&globals, argc - optind, argv + optind);
    else
        status = cli_usage_error("unknown command '%s' (see 'newsidx help')", name);
    input_release();
    return cli_finish_output(status);
}
