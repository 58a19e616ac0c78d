/* cli.c — helpers shared by the subcommands. */
#include "cli.h"

#include "newsidx/store.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void cli_print_error(const struct error *error)
{
    fprintf(stderr, "newsidx: %s\n", error->message[0] ? error->message : "unknown error");
}

int cli_usage_error(const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    fputs("newsidx: ", stderr);
    vfprintf(stderr, format, arguments);
    fputc('\n', stderr);
    va_end(arguments);
    return 2;
}

int cli_write_error(void)
{
    fprintf(stderr, "newsidx: cannot write output: %s\n", strerror(errno));
    return 1;
}

int cli_exit_status(const struct error *error)
{
    return error->kind == ERROR_USAGE ? 2 : 1;
}

enum output_format cli_default_output_format(void)
{
    return isatty(STDOUT_FILENO) ? OUTPUT_FORMAT_TABLE : OUTPUT_FORMAT_NDJSON;
}

void cli_note_upgrade(const struct store *store)
{
    if (store != NULL && store_upgraded_from(store) > 0)
        fprintf(stderr, "newsidx: upgraded store '%s' from schema version %d to %d\n", store_path(store),
                store_upgraded_from(store), STORE_SCHEMA_VERSION);
}
