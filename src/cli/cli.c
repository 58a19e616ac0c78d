/* cli.c — helpers shared by the subcommands. */
#include "cli.h"
#include "newsidx/text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Prints "newsidx: <message>" as one line: names in messages are quoted
 * where they are put in (text_quote_name()), and any control character
 * left (from an option's value, a library's message) is written as an
 * escape, so that nothing in a message can break the line or reach the
 * terminal as a command. */
static void print_message(const char *message)
{
    struct buffer line = {0};
    buffer_append_string(&line, "newsidx: ");
    text_append_escaped_controls(&line, message[0] ? message : "unknown error");
    buffer_append_byte(&line, '\n');
    fputs(line.data, stderr);
    buffer_free(&line);
}

void cli_print_error(const struct error *error)
{
    print_message(error->message);
}

int cli_usage_error(const char *format, ...)
{
    char message[sizeof ((struct error *)0)->message];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(message, sizeof message, format, arguments);
    va_end(arguments);
    print_message(message);
    return 2;
}

/* errno of the first write error a command noticed, for the dispatcher's
 * message; 0 when none was noticed. */
static int noticed_write_errno;

int cli_write_error(void)
{
    if (noticed_write_errno == 0)
        noticed_write_errno = errno;
    return 1;
}

int cli_finish_output(int status)
{
    errno = 0;
    bool flush_failed = fflush(stdout) != 0;
    int reason = flush_failed ? errno : 0;
    bool failed_before = ferror(stdout) != 0;
    errno = 0;
    bool close_failed = fclose(stdout) != 0;
    if (reason == 0 && close_failed)
        reason = errno;
    if (!flush_failed && !failed_before && !close_failed)
        return status;
    if (reason == 0)
        reason = noticed_write_errno;
    /* The reader went away (SIGPIPE was ignored by whoever started us):
     * nothing is wrong with what we wrote. */
    if (reason == EPIPE)
        return status != 0 ? status : 1;
    if (reason != 0)
        fprintf(stderr, "newsidx: write error: %s\n", strerror(reason));
    else
        fputs("newsidx: write error: output was lost\n", stderr);
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
