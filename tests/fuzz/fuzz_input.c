/* fuzz_input.c — the shared half of the libFuzzer targets (fuzz_input.h). */
#include "fuzz_input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "newsidx/article_print.h"
#include "newsidx/input.h"
#include "newsidx/nitf.h"
#include "newsidx/text.h"

/* Where the parsed articles go. */
struct fuzz_output {
    struct printer *printer;    /* NDJSON into /dev/null */
    struct nitf_writer *nitf;   /* NITF into /dev/null, or NULL */
};

static int print_article(struct article *article, void *context, struct error *error)
{
    struct fuzz_output *output = context;
    article_print(output->printer, article);
    if (output->nitf != NULL)
        nitf_writer_add(output->nitf, article, error);
    error_clear(error);
    return 0;
}

/* Writes the bytes to a file of their own (made once, rewritten each
 * time) and returns its path, or NULL. */
static const char *input_file(const uint8_t *data, size_t size)
{
    static char path[64];
    static FILE *file;
    if (file == NULL) {
        snprintf(path, sizeof path, "%s/newsidx-fuzz-XXXXXX",
                 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
        int descriptor = mkstemp(path);
        if (descriptor < 0 || (file = fdopen(descriptor, "w")) == NULL)
            return NULL;
    }
    if (fseek(file, 0, SEEK_SET) != 0 || ftruncate(fileno(file), 0) != 0 ||
        fwrite(data, 1, size, file) != size || fflush(file) != 0)
        return NULL;
    return path;
}

void fuzz_parse(const uint8_t *data, size_t size, enum input_format format,
                enum fuzz_source source)
{
    /* A pipe holds 64 KiB: anything bigger goes through a file. */
    if (size > 60000)
        source = FUZZ_FROM_FILE;
    const char *path = "-";
    int saved_stdin = -1;
    if (source == FUZZ_FROM_FILE) {
        path = input_file(data, size);
        if (path == NULL)
            return;
    } else {
        int pipe_ends[2];
        if (pipe(pipe_ends) != 0)
            return;
        if (write(pipe_ends[1], data, size) != (ssize_t)size) {
            close(pipe_ends[0]);
            close(pipe_ends[1]);
            return;
        }
        close(pipe_ends[1]);
        saved_stdin = dup(STDIN_FILENO);
        dup2(pipe_ends[0], STDIN_FILENO);
        close(pipe_ends[0]);
    }

    FILE *sink = fopen("/dev/null", "w");
    struct fuzz_output output = {.printer = printer_new(OUTPUT_FORMAT_NDJSON, sink, true)};
    struct error error = {0};
    if (nitf_writer_open(&output.nitf, sink, &error) < 0)
        output.nitf = NULL;
    struct reader *reader = NULL;
    struct input_stats stats = {0};
    if (reader_open(&reader, path, &error) == 0)
        input_parse_counted(reader, format, path, &stats, print_article, &output, &error);
    reader_close(reader);
    printer_finish(output.printer);
    if (output.nitf != NULL)
        nitf_writer_finish(output.nitf, &error);
    fclose(sink);

    if (saved_stdin >= 0) {
        dup2(saved_stdin, STDIN_FILENO);
        close(saved_stdin);
    }
}

char *fuzz_text(const uint8_t *data, size_t size)
{
    struct buffer repaired = {0};
    buffer_append(&repaired, "", 0);
    size_t start = 0;
    for (size_t i = 0; i <= size; i++) {
        if (i < size && data[i] != '\0')
            continue;
        utf8_append_repaired(&repaired, (const char *)data + start, i - start);
        if (i < size)
            buffer_append(&repaired, "\xEF\xBF\xBD", 3);
        start = i + 1;
    }
    char *text = text_trim_copy(repaired.data, repaired.length);
    buffer_free(&repaired);
    return text;
}
