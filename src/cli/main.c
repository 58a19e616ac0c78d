/* main.c — the command table and the global options.
 *
 *   newsidx [--db PATH] COMMAND [OPTIONS] [ARGS]
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "newsidx/wire.h"

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
    {"parse", cmd_parse, "parse dumps and print articles as JSON, storing nothing"},
    {"stats", cmd_stats, "show what the store holds"},
};

static void print_help(FILE *out)
{
    fputs("usage: newsidx [--db PATH] COMMAND [OPTIONS] [ARGS]\n\ncommands:\n", out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nnewsidx COMMAND --help shows a command's options.\n", out);
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
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
            return 0;
        case 'V':
            printf("newsidx %s\n", NEWSIDX_VERSION);
            return 0;
        default:
            return cli_usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc) {
        print_help(stderr);
        return 2;
    }
    const char *name = argv[optind];
    int status = -1;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(name, commands[i].name) == 0)
            status = commands[i].run(&globals, argc - optind, argv + optind);
    if (status < 0)
        status = cli_usage_error("unknown command '%s' (see 'newsidx --help')", name);
    wire_release();
    return status;
}
