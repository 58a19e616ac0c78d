/* cli.h — what the subcommands share: global options and small helpers.
 *
 * Each subcommand lives in its own cmd_*.c file and is listed in the
 * command table of main.c.  Only this layer prints errors or exits.
 */
#ifndef NEWSIDX_CLI_H
#define NEWSIDX_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "newsidx/error.h"
#include "newsidx/printer.h"

/* The version of the JSON shapes this newsidx writes (--format-version),
 * and the oldest it can still write.  Adding a key to an object keeps the
 * version; removing or renaming one, or changing what a value means or
 * how it is shaped, makes a new one (README, "Output"). */
#define CLI_FORMAT_VERSION 1
#define CLI_FORMAT_VERSION_OLDEST 1

/* The exit statuses of a --format-version this newsidx cannot write, as
 * notmuch has them. */
#define CLI_EXIT_FORMAT_TOO_OLD 20
#define CLI_EXIT_FORMAT_TOO_NEW 21

/* When tables and show use colour and bold (--color). */
enum cli_colour_mode {
    CLI_COLOUR_AUTO = 0, /* on a terminal, unless NO_COLOR is set and not empty */
    CLI_COLOUR_ALWAYS,   /* always, even into a pipe (for less -R) */
    CLI_COLOUR_NEVER     /* never */
};

/* The global options, given before the command name or after it. */
struct cli_globals {
    const char *database_path;   /* --db PATH, or NULL for the default */
    int format_version;          /* --format-version=N, else CLI_FORMAT_VERSION */
    enum cli_colour_mode colour; /* --color=auto|always|never */
};

/* Whether output to out may use colour and bold, by --color, whether out
 * is a terminal and NO_COLOR (when set to anything but ""). */
bool cli_colour(const struct cli_globals *globals, FILE *out);

/* Draws a schema upgrade's progress on stderr (a terminal), one line
 * redrawn, cleared once done: store_set_upgrade_progress()'s callback. */
void cli_upgrade_progress(void *context, const char *what, long long done, long long total);

/* Prints "newsidx: <message>" on stderr. */
void cli_print_error(const struct error *error);

/* Prints a usage error ("newsidx: <message>") and returns exit status 2. */
int cli_usage_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Notes that writing standard output failed (errno says why) and returns
 * exit status 1; the message is printed once, by cli_finish_output(). */
int cli_write_error(void);

/* Flushes and closes standard output after a command, whatever it was:
 * when anything written to it was lost, prints "newsidx: write error:
 * <reason>" and returns 1, else returns status.  (EPIPE, the reader gone
 * with SIGPIPE ignored, fails quietly.)  The dispatcher calls it, so that
 * every command's output is checked. */
int cli_finish_output(int status);

struct store;

/* Says on stderr that opening the store upgraded its schema (once, when it
 * did), so that nobody wonders why an older newsidx no longer reads it. */
void cli_note_upgrade(const struct store *store);

/* The candidate nearest to word when it is near enough to be what was
 * meant (a typo: an edit or two away), else NULL; for "did you mean". */
const char *cli_nearest(const char *word, const char *const *candidates, size_t count);

struct option;

/* Checks the long options in argv[1..] (up to a lone "--") against a
 * getopt_long table before getopt reads them, so that each mistake gets a
 * message that says what it is: an unknown option (with the nearest real
 * one), an ambiguous abbreviation, a value given to an option that takes
 * none, a missing value (the next argument is absent or is itself an
 * option: "--dateline --limit 5" would take "--limit" as the place), and
 * a value that is not valid UTF-8 (paths and file-name patterns aside).
 * command prefixes the messages (NULL for the global options).  Returns
 * 0, or exit status 2 after printing the error. */
int cli_check_options(const char *command, int argc, char **argv, const struct option *options);

/* Prints the error for what getopt_long returned as option (':' for a
 * missing value, '?' for an unknown option) and returns exit status 2. */
int cli_getopt_error(const char *command, int option, int argc, char **argv);

/* The exit status for an error: 2 for usage errors, 1 otherwise. */
int cli_exit_status(const struct error *error);

/* The output format when none is chosen: a table on a terminal, NDJSON
 * into a pipe, as SPEC section 3 says. */
enum output_format cli_default_output_format(void);

/* Each subcommand: takes its arguments (argv[0] is its name) and returns
 * the process exit status. */
int cmd_parse(const struct cli_globals *globals, int argc, char **argv);
int cmd_search(const struct cli_globals *globals, int argc, char **argv);
int cmd_count(const struct cli_globals *globals, int argc, char **argv);
int cmd_show(const struct cli_globals *globals, int argc, char **argv);
int cmd_people(const struct cli_globals *globals, int argc, char **argv);
int cmd_datelines(const struct cli_globals *globals, int argc, char **argv);
int cmd_export(const struct cli_globals *globals, int argc, char **argv);
int cmd_ingest(const struct cli_globals *globals, int argc, char **argv);
int cmd_stats(const struct cli_globals *globals, int argc, char **argv);
int cmd_check(const struct cli_globals *globals, int argc, char **argv);
int cmd_optimize(const struct cli_globals *globals, int argc, char **argv);
int cmd_timeline(const struct cli_globals *globals, int argc, char **argv);

#endif
