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
