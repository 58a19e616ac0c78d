/* fuzz_reader.c — libFuzzer target: the reader (src/reader.c) on any bytes,
 * plain or gzip, from a pipe or a file, as lines or as raw bytes, then the
 * detected format's parser.  The first byte chooses:
 *
 *   bit 0  through a pipe (the reader waits in poll()) instead of a file
 *   bit 1  gzip-compress the rest first, so that valid gzip of any content
 *          is read (raw input reaches the inflater only as corrupt gzip)
 *   bit 2  read raw bytes (reader_read_bytes, as the XML formats do)
 *          instead of lines
 *   bit 3  then parse it all again with the format detected
 *
 * Besides crashes it checks what the reader promises: every line is valid
 * UTF-8 without a NUL or a line end, and line numbers count up by one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "fuzz_input.h"
#include "newsidx/input.h"
#include "newsidx/text.h"

/* The bytes gzip-compressed into a new buffer (*length set), or NULL. */
static unsigned char *gzip_bytes(const uint8_t *data, size_t size, size_t *length)
{
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    if (deflateInit2(&stream, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return NULL;
    size_t capacity = deflateBound(&stream, (uLong)size) + 64;
    unsigned char *out = malloc(capacity);
    stream.next_in = (Bytef *)data;
    stream.avail_in = (uInt)size;
    stream.next_out = out;
    stream.avail_out = (uInt)capacity;
    int status = out != NULL ? deflate(&stream, Z_FINISH) : Z_MEM_ERROR;
    *length = capacity - stream.avail_out;
    deflateEnd(&stream);
    if (status != Z_STREAM_END) {
        free(out);
        return NULL;
    }
    return out;
}

static void fail(const char *what)
{
    fprintf(stderr, "fuzz_reader: %s\n", what);
    abort();
}

/* Reads the input whole, checking the reader's promises. */
static void read_all(const char *path, bool raw_bytes)
{
    struct reader *reader = NULL;
    struct error error = {0};
    if (reader_open(&reader, path, &error) < 0)
        return;
    reader_detect_format(reader);
    if (raw_bytes) {
        char buffer[4096];
        while (reader_read_bytes(reader, buffer, sizeof buffer, &error) > 0)
            ;
    } else {
        const char *line;
        size_t length;
        long line_number, previous = 0;
        while (reader_next_line(reader, &line, &length, &line_number, &error) > 0) {
            if (line_number != previous + 1)
                fail("line numbers do not count up by one");
            previous = line_number;
            if (!utf8_is_valid(line, length))
                fail("a line is not valid UTF-8");
            if (memchr(line, '\0', length) != NULL || memchr(line, '\n', length) != NULL)
                fail("a line holds a NUL or a line end");
            if (line[length] != '\0')
                fail("a line is not NUL-terminated");
        }
    }
    if (reader_raw_offset(reader) > reader_bytes_read(reader) || reader_raw_offset(reader) < 0)
        fail("the raw offset is past the bytes read");
    reader_close(reader);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned mode = data[0];
    data++;
    size--;
    unsigned char *compressed = NULL;
    if (mode & 2) {
        size_t length;
        compressed = gzip_bytes(data, size, &length);
        if (compressed == NULL)
            return 0;
        data = compressed;
        size = length;
    }
    enum fuzz_source source = (mode & 1) ? FUZZ_FROM_PIPE : FUZZ_FROM_FILE;
    /* The bytes reach read_all() through a file or a pipe of its own. */
    if (source == FUZZ_FROM_FILE) {
        static char path[] = "/tmp/newsidx-fuzz-reader-XXXXXX";
        static int descriptor = -1;
        if (descriptor < 0)
            descriptor = mkstemp(path);
        if (descriptor >= 0 && ftruncate(descriptor, 0) == 0 &&
            pwrite(descriptor, data, size, 0) == (ssize_t)size)
            read_all(path, (mode & 4) != 0);
    } else if (size <= 60000) {
        int pipe_ends[2];
        if (pipe(pipe_ends) == 0) {
            if (write(pipe_ends[1], data, size) == (ssize_t)size) {
                close(pipe_ends[1]);
                int saved_stdin = dup(STDIN_FILENO);
                dup2(pipe_ends[0], STDIN_FILENO);
                read_all("-", (mode & 4) != 0);
                dup2(saved_stdin, STDIN_FILENO);
                close(saved_stdin);
            } else {
                close(pipe_ends[1]);
            }
            close(pipe_ends[0]);
        }
    }
    if (mode & 8)
        fuzz_parse(data, size, INPUT_FORMAT_UNKNOWN, source);
    free(compressed);
    return 0;
}
