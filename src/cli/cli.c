/* cli.c — helpers shared by the subcommands. */
#include "cli.h"
#include "newsidx/text.h"

#include "newsidx/store.h"
#include "newsidx/text.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
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

bool cli_colour(const struct cli_globals *globals, FILE *out)
{
    if (globals->colour == CLI_COLOUR_ALWAYS)
        return true;
    if (globals->colour == CLI_COLOUR_NEVER)
        return false;
    const char *no_colour = getenv("NO_COLOR");
    return isatty(fileno(out)) && (no_colour == NULL || no_colour[0] == '\0');
}

enum output_format cli_default_output_format(void)
{
    return isatty(STDOUT_FILENO) ? OUTPUT_FORMAT_TABLE : OUTPUT_FORMAT_NDJSON;
}

void cli_upgrade_progress(void *context, const char *what, long long done, long long total)
{
    (void)context;
    struct winsize size;
    int columns = ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 1 ? size.ws_col : 80;
    char label[160];
    int percent = total > 0 ? (int)(100 * done / total) : 100;
    int length = snprintf(label, sizeof label, "newsidx: upgrading the store: %s %3d%% ", what, percent);
    if (length < 0)
        return;
    if (length >= columns)
        length = columns - 1; /* a narrow terminal: the words, cut */
    int bar = columns - 1 - length - 2;
    fprintf(stderr, "\r%.*s", length, label);
    if (bar >= 10) {
        int filled = (int)((long long)bar * percent / 100);
        fputc('[', stderr);
        for (int i = 0; i < bar; i++)
            fputc(i < filled ? '#' : ' ', stderr);
        fputc(']', stderr);
    }
    if (done >= total)
        fprintf(stderr, "\r\033[K"); /* done: make room for the note that follows */
    fflush(stderr);
}

void cli_note_upgrade(const struct store *store)
{
    if (store != NULL && store_upgraded_from(store) > 0)
        fprintf(stderr, "newsidx: upgraded store %s from schema version %d to %d\n", text_quote_name(store_path(store)).text,
                store_upgraded_from(store), store_schema_version(store));
}

/* The edit distance between two words (Damerau–Levenshtein, adjacent swaps
 * counting one), capped at 255. */
static size_t edit_distance(const char *left, const char *right)
{
    size_t m = strlen(left), n = strlen(right);
    if (m > 64 || n > 64)
        return 255;
    size_t rows[3][65];
    for (size_t j = 0; j <= n; j++)
        rows[1][j] = j;
    for (size_t i = 1; i <= m; i++) {
        size_t *current = rows[(i + 1) % 3], *previous = rows[i % 3], *before = rows[(i + 2) % 3];
        current[0] = i;
        for (size_t j = 1; j <= n; j++) {
            size_t cost = left[i - 1] == right[j - 1] ? 0 : 1;
            size_t best = previous[j] + 1;
            if (current[j - 1] + 1 < best)
                best = current[j - 1] + 1;
            if (previous[j - 1] + cost < best)
                best = previous[j - 1] + cost;
            if (i > 1 && j > 1 && left[i - 1] == right[j - 2] && left[i - 2] == right[j - 1] &&
                before[j - 2] + 1 < best)
                best = before[j - 2] + 1;
            current[j] = best;
        }
    }
    return rows[(m + 1) % 3][n];
}

const char *cli_nearest(const char *word, const char *const *candidates, size_t count)
{
    const char *nearest = NULL;
    size_t best = 255;
    size_t length = strlen(word);
    size_t allowed = length < 4 ? 1 : length < 8 ? 2 : 3;
    for (size_t i = 0; i < count; i++) {
        size_t distance = edit_distance(word, candidates[i]);
        /* A shared start of four letters makes a near word likelier what
         * was meant ("editor" for "editing"). */
        size_t prefix = 0;
        while (word[prefix] && word[prefix] == candidates[i][prefix])
            prefix++;
        if (prefix >= 4 && distance > 0 && distance <= 4)
            distance = distance > allowed ? allowed : distance;
        if (distance < best) {
            best = distance;
            nearest = candidates[i];
        }
    }
    return best <= allowed ? nearest : NULL;
}

/* Option names whose values are paths or file-name patterns: bytes, not
 * text, so they need not be UTF-8. */
static bool takes_bytes(const char *name, size_t length)
{
    static const char *const names[] = {"db", "include", "exclude"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == length && strncmp(names[i], name, length) == 0)
            return true;
    return false;
}

int cli_check_options(const char *command, int argc, char **argv, const struct option *options)
{
    const char *prefix = command ? command : "";
    const char *colon = command ? ": " : "";
    for (int i = 1; i < argc; i++) {
        const char *argument = argv[i];
        if (strcmp(argument, "--") == 0)
            break;
        if (strncmp(argument, "--", 2) != 0)
            continue;
        const char *name = argument + 2;
        size_t length = strcspn(name, "=");
        bool joined = name[length] == '=';
        /* An exact name, else a unique abbreviation, as getopt takes it. */
        const struct option *found = NULL;
        size_t matches = 0;
        for (size_t k = 0; options[k].name; k++) {
            if (strncmp(options[k].name, name, length) != 0)
                continue;
            if (strlen(options[k].name) == length) {
                found = &options[k];
                matches = 1;
                break;
            }
            if (found == NULL || found->val != options[k].val || found->flag != options[k].flag)
                matches++;
            found = &options[k];
        }
        if (matches > 1) {
            struct buffer list = {0};
            for (size_t k = 0; options[k].name; k++)
                if (strncmp(options[k].name, name, length) == 0) {
                    buffer_append_string(&list, list.length ? ", --" : "--");
                    buffer_append_string(&list, options[k].name);
                }
            int status = cli_usage_error("%s%soption '--%.*s' is ambiguous (%s)", prefix, colon, (int)length, name,
                                         list.data);
            buffer_free(&list);
            return status;
        }
        if (found == NULL) {
            const char *names[128];
            size_t count = 0;
            for (size_t k = 0; options[k].name && count < 128; k++)
                names[count++] = options[k].name;
            char *typed = checked_strndup(name, length);
            const char *nearest = cli_nearest(typed, names, count);
            int status = cli_usage_error("%s%sunknown option '--%s'%s%s%s (see 'newsidx %s%s--help')", prefix, colon,
                                         typed, nearest ? ", did you mean '--" : "", nearest ? nearest : "",
                                         nearest ? "'?" : "", command ? command : "", command ? " " : "");
            free(typed);
            return status;
        }
        if (found->has_arg == no_argument) {
            if (joined)
                return cli_usage_error("%s%soption '--%s' takes no value", prefix, colon, found->name);
            continue;
        }
        if (found->has_arg != required_argument)
            continue;
        const char *value = joined ? name + length + 1 : (i + 1 < argc ? argv[i + 1] : NULL);
        if (value == NULL || (!joined && strncmp(value, "--", 2) == 0))
            return cli_usage_error("%s%soption '--%s' needs a value", prefix, colon, found->name);
        if (!takes_bytes(found->name, strlen(found->name)) && !utf8_is_valid(value, strlen(value)))
            return cli_usage_error("%s%soption '--%s': the value is not valid UTF-8", prefix, colon, found->name);
        if (!joined)
            i++;
    }
    return 0;
}

int cli_getopt_error(const char *command, int option, int argc, char **argv)
{
    const char *prefix = command ? command : "";
    const char *colon = command ? ": " : "";
    const char *argument = optind - 1 < argc && optind >= 1 ? argv[optind - 1] : "?";
    if (option == ':') {
        if (strncmp(argument, "--", 2) == 0)
            return cli_usage_error("%s%soption '%.*s' needs a value", prefix, colon, (int)strcspn(argument, "="),
                                   argument);
        return cli_usage_error("%s%soption '-%c' needs a value", prefix, colon, optopt);
    }
    if (strncmp(argument, "--", 2) != 0 && optopt != 0)
        return cli_usage_error("%s%sunknown option '-%c' (see 'newsidx %s%s--help')", prefix, colon, optopt,
                               command ? command : "", command ? " " : "");
    return cli_usage_error("%s%sunknown option '%s' (see 'newsidx %s%s--help')", prefix, colon, argument,
                           command ? command : "", command ? " " : "");
}
