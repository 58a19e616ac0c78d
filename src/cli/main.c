/* main.c — the command table and the global options.
 *
 *   newsidx [--db PATH] COMMAND [OPTIONS] [ARGS]
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "newsidx/store.h"
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
    {"timeline", cmd_timeline, "matching articles counted per day, week, month or year"},
    {"export", cmd_export, "write matching articles as NDJSON, JSON, CSV, TSV or NITF XML"},
    {"stats", cmd_stats, "show what the store holds"},
    {"check", cmd_check, "check that the store and its full-text index are sound"},
    {"optimize", cmd_optimize, "merge the full-text index at a quiet hour, for ingests told not to"},
    {"parse", cmd_parse, "parse dumps and print articles as JSON, storing nothing"},
};

static const size_t command_count = sizeof commands / sizeof commands[0];

static void print_help(FILE *out)
{
    fputs("usage: newsidx [--db PATH] [--format-version=N] [--color=WHEN] COMMAND [OPTIONS] [ARGS]\n"
          "       newsidx help [COMMAND]\n"
          "       newsidx --version\n\ncommands:\n", out);
    for (size_t i = 0; i < command_count; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out,
            "\nglobal options (before or after the command):\n"
            "  --db PATH             the store: a SQLite file, or a postgresql:// URI (default: $NEWSIDX_DB,\n"
            "                        else $XDG_DATA_HOME/newsidx/newsidx.db, else ~/.local/share/newsidx/newsidx.db)\n"
            "  --format-version=N    the JSON shapes of version N (this newsidx writes %d; an older or\n"
            "                        newer version is refused with exit status %d or %d)\n"
            "  --color=WHEN          colour and bold in tables and show: auto (on a terminal, unless\n"
            "                        NO_COLOR is set), always or never\n"
            "\n'newsidx help COMMAND' or 'newsidx COMMAND --help' shows a command's options.\n"
            "See also the manual page newsidx(1).\n",
            CLI_FORMAT_VERSION, CLI_EXIT_FORMAT_TOO_OLD, CLI_EXIT_FORMAT_TOO_NEW);
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < command_count; i++)
        if (strcmp(name, commands[i].name) == 0)
            return &commands[i];
    return NULL;
}

/* Says that name is no command, and which command it is nearest to. */
static int unknown_command(const char *context, const char *name)
{
    const char *names[sizeof commands / sizeof commands[0] + 1];
    for (size_t i = 0; i < command_count; i++)
        names[i] = commands[i].name;
    names[command_count] = "help";
    const char *nearest = cli_nearest(name, names, command_count + 1);
    return cli_usage_error("%sunknown command '%s'%s%s%s (see 'newsidx help')", context, name,
                           nearest ? ", did you mean '" : "", nearest ? nearest : "", nearest ? "'?" : "");
}

/* Reads --format-version's value into the globals.  Returns 0, or the
 * exit status after printing why it cannot be had. */
static int set_format_version(struct cli_globals *globals, const char *value)
{
    char *end;
    long version = strtol(value, &end, 10);
    if (*value == '\0' || *end != '\0' || version < 0 || version > 1000000)
        return cli_usage_error("--format-version takes a whole number, not '%s'", value);
    if (version < CLI_FORMAT_VERSION_OLDEST) {
        fprintf(stderr, "newsidx: format version %ld is older than this newsidx supports (%d to %d)\n", version,
                CLI_FORMAT_VERSION_OLDEST, CLI_FORMAT_VERSION);
        return CLI_EXIT_FORMAT_TOO_OLD;
    }
    if (version > CLI_FORMAT_VERSION) {
        fprintf(stderr, "newsidx: format version %ld is newer than this newsidx knows (%d); upgrade newsidx\n",
                version, CLI_FORMAT_VERSION);
        return CLI_EXIT_FORMAT_TOO_NEW;
    }
    globals->format_version = (int)version;
    return 0;
}

/* Reads --color's value into the globals.  Returns 0, or exit status 2
 * after printing the error. */
static int set_colour(struct cli_globals *globals, const char *value)
{
    if (strcmp(value, "auto") == 0)
        globals->colour = CLI_COLOUR_AUTO;
    else if (strcmp(value, "always") == 0)
        globals->colour = CLI_COLOUR_ALWAYS;
    else if (strcmp(value, "never") == 0)
        globals->colour = CLI_COLOUR_NEVER;
    else
        return cli_usage_error("--color takes auto, always or never, not '%s'", value);
    return 0;
}

/* Takes the global options given after the command name (--db PATH,
 * --format-version=N, --color=WHEN, exactly so spelt) out of the command's arguments,
 * up to a lone "--" (after which everything belongs to the command).
 * Returns 0, or the exit status after printing an error. */
static int take_global_options(struct cli_globals *globals, int *argc, char **argv)
{
    int kept = 1;
    int count = *argc;
    for (int i = 1; i < count; i++) {
        const char *argument = argv[i];
        if (strcmp(argument, "--") == 0) {
            while (i < count)
                argv[kept++] = argv[i++];
            break;
        }
        bool db = strcmp(argument, "--db") == 0 || strncmp(argument, "--db=", 5) == 0;
        bool version = strcmp(argument, "--format-version") == 0 || strncmp(argument, "--format-version=", 17) == 0;
        bool colour = strcmp(argument, "--color") == 0 || strncmp(argument, "--color=", 8) == 0;
        if (!db && !version && !colour) {
            argv[kept++] = argv[i];
            continue;
        }
        const char *value = strchr(argument, '=');
        if (value != NULL) {
            value++;
        } else if (i + 1 < count && strncmp(argv[i + 1], "--", 2) != 0) {
            value = argv[++i];
        } else {
            return cli_usage_error("option '%s' needs a value", argument);
        }
        int status = 0;
        if (db)
            globals->database_path = value;
        else if (version)
            status = set_format_version(globals, value);
        else
            status = set_colour(globals, value);
        if (status != 0)
            return status;
    }
    argv[kept] = NULL;
    *argc = kept;
    return 0;
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
        return unknown_command("help: ", argv[1]);
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
        {"format-version", required_argument, NULL, 'F'},
        {"color", required_argument, NULL, 'C'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    /* Before any store is opened (SQLite: no memory statistics, 6% less
     * CPU in an ingest). */
    store_process_init();
    struct cli_globals globals = {.database_path = NULL, .format_version = CLI_FORMAT_VERSION};
    /* The global options end at the command name: the first argument
     * that is not an option or the value of one. */
    int global_count = 1;
    while (global_count < argc && argv[global_count][0] == '-' && strcmp(argv[global_count], "--") != 0) {
        bool with_value = strcmp(argv[global_count], "--db") == 0 || strcmp(argv[global_count], "--format-version") == 0 ||
                          strcmp(argv[global_count], "--color") == 0;
        global_count += with_value && global_count + 1 < argc ? 2 : 1;
    }
    int status = cli_check_options(NULL, global_count, argv, options);
    if (status != 0)
        return status;
    int option;
    opterr = 0;
    while ((option = getopt_long(argc, argv, "+:h", options, NULL)) != -1) {
        switch (option) {
        case 'd':
            globals.database_path = optarg;
            break;
        case 'F':
            if ((status = set_format_version(&globals, optarg)) != 0)
                return status;
            break;
        case 'C':
            if ((status = set_colour(&globals, optarg)) != 0)
                return status;
            break;
        case 'h':
            print_help(stdout);
            return cli_finish_output(0);
        case 'V':
            printf("newsidx %s\n", NEWSIDX_VERSION);
            return cli_finish_output(0);
        default:
            return cli_getopt_error(NULL, option, argc, argv);
        }
    }
    if (optind >= argc) {
        print_help(stderr);
        return 2;
    }
    const char *name = argv[optind];
    int command_argc = argc - optind;
    char **command_argv = argv + optind;
    if ((status = take_global_options(&globals, &command_argc, command_argv)) != 0)
        return status;
    const struct command *command = find_command(name);
    if (isatty(STDERR_FILENO))
        store_set_upgrade_progress(cli_upgrade_progress, NULL);
    if (strcmp(name, "help") == 0)
        status = run_help(&globals, command_argc, command_argv);
    else if (command != NULL)
        status = command->run(&globals, command_argc, command_argv);
    else
        status = unknown_command("", name);
    input_release();
    return cli_finish_output(status);
}
