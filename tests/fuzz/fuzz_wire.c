/* fuzz_wire.c — libFuzzer target: arbitrary bytes through reader and wire
 * parser, as `newsidx parse -` would read them.  Build and run with
 * `make fuzz` (needs clang); a crash or sanitizer report is a bug.
 *
 * The bytes reach the reader through a pipe on standard input, so that the
 * real code path (gzip detection, decoding, line splitting) is exercised.
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "newsidx/article_print.h"
#include "newsidx/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int print_article(struct article *article, void *context, struct error *error)
{
    (void)error;
    article_print(context, article);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int pipe_ends[2];
    if (size > 60000 || pipe(pipe_ends) != 0)
        return 0;
    if (write(pipe_ends[1], data, size) != (ssize_t)size) {
        close(pipe_ends[0]);
        close(pipe_ends[1]);
        return 0;
    }
    close(pipe_ends[1]);
    int saved_stdin = dup(STDIN_FILENO);
    dup2(pipe_ends[0], STDIN_FILENO);
    close(pipe_ends[0]);

    FILE *sink = fopen("/dev/null", "w");
    struct printer *printer = printer_new(OUTPUT_FORMAT_NDJSON, sink, true);
    struct reader *reader = NULL;
    struct error error = {0};
    if (reader_open(&reader, "-", &error) == 0)
        input_parse(reader, INPUT_FORMAT_UNKNOWN, "-", print_article, printer, &error);
    reader_close(reader);
    printer_finish(printer);
    fclose(sink);

    dup2(saved_stdin, STDIN_FILENO);
    close(saved_stdin);
    return 0;
}
