/* cli.h — what the subcommands share: global options and small helpers.
 *
 * Each subcommand lives in its own cmd_*.c file and is listed in the
 * command table of main.c.  Only this layer prints errors or exits.
 */
#ifndef NEWSIDX_CLI_H
#define NEWSIDX_CLI_H

#include <stdbool.h>

#include "newsidx/error.h"
#include "newsidx/printer.h"

/* Options given before the command name. */
struct cli_globals {
    const char *database_path; /* --db PATH, or NULL for the default */
};

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

#endif
