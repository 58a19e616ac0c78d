/* reader.c — files, gzip and standard input, turned into lines of UTF-8. */
#include "newsidx/reader.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

#include "newsidx/text.h"

#define READER_CHUNK_BYTES (64u * 1024u)

struct reader {
    char *path;              /* the path as given, "-" for standard input */
    gzFile input;            /* zlib stream; reads plain files transparently */
    char *chunk;             /* the current chunk of decompressed bytes */
    size_t chunk_length;     /* bytes in chunk */
    size_t chunk_position;   /* next unread byte in chunk */
    bool at_end;             /* the underlying stream is exhausted */
    bool started_reading;    /* lines or bytes have been handed out */
    struct buffer raw_line;  /* the line being assembled, undecoded */
    struct buffer line;      /* the last line handed out, as UTF-8 */
    long line_number;        /* number of the last line handed out */
};

/* Refills the chunk from the stream.  Returns its new length, 0 at the end,
 * -1 on failure. */
static long reader_fill(struct reader *reader, struct error *error)
{
    reader->chunk_position = 0;
    reader->chunk_length = 0;
    if (reader->at_end)
        return 0;
    int count = gzread(reader->input, reader->chunk, READER_CHUNK_BYTES);
    int zlib_status = Z_OK;
    const char *zlib_message = gzerror(reader->input, &zlib_status);
    if (count < 0 || (zlib_status != Z_OK && zlib_status != Z_BUF_ERROR)) {
        if (zlib_status == Z_ERRNO)
            return error_set(error, "cannot read '%s': %s", reader->path, strerror(errno));
        return error_set(error, "cannot read '%s': %s", reader->path, zlib_message);
    }
    if (count == 0) {
        reader->at_end = true;
        if (zlib_status == Z_BUF_ERROR)
            return error_set(error, "cannot read '%s': compressed data is truncated", reader->path);
        return 0;
    }
    reader->chunk_length = (size_t)count;
    return count;
}

int reader_open(struct reader **out, const char *path, struct error *error)
{
    *out = NULL;
    int descriptor = strcmp(path, "-") == 0 ? dup(STDIN_FILENO) : open(path, O_RDONLY);
    if (descriptor < 0)
        return error_set(error, "cannot open '%s': %s", path, strerror(errno));
    gzFile input = gzdopen(descriptor, "rb");
    if (input == NULL) {
        close(descriptor);
        return error_set(error, "cannot open '%s': out of memory", path);
    }
    gzbuffer(input, 256 * 1024);
    struct reader *reader = checked_malloc(sizeof *reader);
    memset(reader, 0, sizeof *reader);
    reader->path = checked_strdup(path);
    reader->input = input;
    reader->chunk = checked_malloc(READER_CHUNK_BYTES);
    if (reader_fill(reader, error) < 0) {
        /* A directory shows up here as EISDIR. */
        reader_close(reader);
        return -1;
    }
    *out = reader;
    return 0;
}

/* Turns the assembled raw line into the UTF-8 line handed out. */
static int reader_decode_line(struct reader *reader, struct error *error)
{
    const char *bytes = reader->raw_line.data ? reader->raw_line.data : "";
    size_t length = reader->raw_line.length;
    reader->line_number++;
    if (length && bytes[length - 1] == '\r')
        length--;
    if (reader->line_number == 1 && length >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
        bytes += 3;
        length -= 3;
    }
    if (memchr(bytes, '\0', length) != NULL)
        return error_set(error, "cannot read '%s': line %ld holds binary data, not text",
                         reader->path, reader->line_number);
    buffer_reset(&reader->line);
    if (utf8_is_valid(bytes, length))
        buffer_append(&reader->line, bytes, length);
    else
        utf8_from_windows1252(&reader->line, bytes, length);
    return 0;
}

int reader_next_line(struct reader *reader, const char **line, size_t *length,
                     long *line_number, struct error *error)
{
    reader->started_reading = true;
    buffer_reset(&reader->raw_line);
    for (;;) {
        if (reader->chunk_position == reader->chunk_length) {
            long filled = reader_fill(reader, error);
            if (filled < 0)
                return -1;
            if (filled == 0) {
                if (reader->raw_line.length == 0)
                    return 0;
                break;
            }
        }
        const char *start = reader->chunk + reader->chunk_position;
        size_t available = reader->chunk_length - reader->chunk_position;
        const char *newline = memchr(start, '\n', available);
        size_t take = newline ? (size_t)(newline - start) : available;
        if (reader->raw_line.length + take > READER_MAX_LINE_BYTES)
            return error_set(error, "cannot read '%s': line %ld is longer than %u MiB, not news text",
                             reader->path, reader->line_number + 1,
                             READER_MAX_LINE_BYTES / (1024u * 1024u));
        buffer_append(&reader->raw_line, start, take);
        reader->chunk_position += take + (newline ? 1 : 0);
        if (newline)
            break;
    }
    if (reader_decode_line(reader, error) < 0)
        return -1;
    *line = reader->line.data;
    *length = reader->line.length;
    *line_number = reader->line_number;
    return 1;
}

long reader_read_bytes(struct reader *reader, char *destination, size_t capacity,
                       struct error *error)
{
    reader->started_reading = true;
    if (reader->chunk_position == reader->chunk_length) {
        long filled = reader_fill(reader, error);
        if (filled <= 0)
            return filled;
    }
    size_t available = reader->chunk_length - reader->chunk_position;
    size_t take = available < capacity ? available : capacity;
    memcpy(destination, reader->chunk + reader->chunk_position, take);
    reader->chunk_position += take;
    return (long)take;
}

const char *reader_peek(struct reader *reader, size_t *length)
{
    *length = reader->chunk_length - reader->chunk_position;
    return reader->chunk + reader->chunk_position;
}

/* True when needle occurs within the first length bytes of haystack,
 * ignoring ASCII case. */
static bool bytes_contain(const char *haystack, size_t length, const char *needle)
{
    size_t needle_length = strlen(needle);
    for (size_t i = 0; i + needle_length <= length; i++)
        if (strncasecmp(haystack + i, needle, needle_length) == 0)
            return true;
    return false;
}

/* The format a markup name stands for: the root element, or the name a
 * DOCTYPE declares. */
static enum input_format format_of_name(const char *name, size_t length)
{
    if (length == 7 && strncasecmp(name, "REUTERS", 7) == 0)
        return INPUT_FORMAT_SGML;
    if (length == 5 && strncasecmp(name, "lewis", 5) == 0)
        return INPUT_FORMAT_SGML;
    if (length == 8 && strncmp(name, "newsitem", 8) == 0)
        return INPUT_FORMAT_RCV1;
    if ((length == 4 && strncmp(name, "nitf", 4) == 0) ||
        (length == 15 && strncmp(name, "nitf-collection", 15) == 0))
        return INPUT_FORMAT_NITF;
    return INPUT_FORMAT_UNKNOWN;
}

/* The length of the markup name at text (letters, digits, '-', '_', '.',
 * ':'). */
static size_t name_length(const char *text, size_t available)
{
    size_t length = 0;
    while (length < available && (isalnum((unsigned char)text[length]) || text[length] == '-' ||
                                  text[length] == '_' || text[length] == '.' || text[length] == ':'))
        length++;
    return length;
}

/* True when text starts with word, ignoring ASCII case. */
static bool starts_with_word(const char *text, size_t length, const char *word)
{
    size_t word_length = strlen(word);
    return length >= word_length && strncasecmp(text, word, word_length) == 0;
}

/* The length of a dash as datelines write it at text (" - ", " – ", " — "
 * minus the leading space), or 0. */
static size_t dateline_dash(const char *text, size_t length)
{
    if (length >= 2 && text[0] == '-' && text[1] == ' ')
        return 2;
    if (length >= 4 && (memcmp(text, "\xE2\x80\x93 ", 4) == 0 || memcmp(text, "\xE2\x80\x94 ", 4) == 0))
        return 4;
    return 0;
}

/* True when a line reads like a dateline: "CITY (Agency) – " with a short
 * agency in letters, or the old "CITY, Feb 26 - ", "PERTH, March 3 - ". */
static bool line_is_dateline(const char *line, size_t length)
{
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul",
                                         "aug", "sep", "oct", "nov", "dec"};
    size_t window = length < 120 ? length : 120;
    for (size_t i = 1; i + 1 < window; i++) {
        if (line[i] != ' ' || dateline_dash(line + i + 1, length - i - 1) == 0)
            continue;
        /* "(Reuters) – ": letters in parentheses just before. */
        if (line[i - 1] == ')') {
            size_t open = i - 1;
            while (open > 0 && i - 1 - open <= 14 && line[open - 1] != '(' &&
                   (isalpha((unsigned char)line[open - 1]) || line[open - 1] == ' '))
                open--;
            if (open > 0 && line[open - 1] == '(' && i - 1 - open >= 2)
                return true;
        }
        /* "Feb 26 - ", "March 3 - ": a month and a day just before. */
        size_t digits_end = i, digits = i;
        while (digits > 0 && isdigit((unsigned char)line[digits - 1]))
            digits--;
        if (digits_end - digits < 1 || digits_end - digits > 2 || digits < 2 || line[digits - 1] != ' ')
            continue;
        size_t word_end = digits - 1, word = word_end;
        while (word > 0 && (isalpha((unsigned char)line[word - 1]) || line[word - 1] == '.'))
            word--;
        for (size_t m = 0; m < sizeof months / sizeof months[0]; m++)
            if (word_end - word >= 3 && strncasecmp(line + word, months[m], 3) == 0)
                return true;
    }
    return false;
}

/* True when bytes read like wire copy: a dateline, the "(Reuters)" of one,
 * a credit line or the old "Reuter" sign-off somewhere in them.  Text with
 * none of these (a password file, a README, source code) is not news. */
static bool looks_like_wire_text(const char *bytes, size_t length)
{
    static const char *const credit_words[] = {"(Reporting by", "Reporting by", "(Writing by", "(Editing by",
                                               "Editing by", "(Compiled by", "(Additional reporting by"};
    if (bytes_contain(bytes, length, "(Reuter"))
        return true;
    size_t start = 0;
    while (start < length) {
        const char *newline = memchr(bytes + start, '\n', length - start);
        size_t end = newline ? (size_t)(newline - bytes) : length;
        const char *line = bytes + start;
        size_t line_length = end - start;
        while (line_length && (line[line_length - 1] == '\r' || line[line_length - 1] == ' '))
            line_length--;
        while (line_length && (line[0] == ' ' || line[0] == '\t')) {
            line++;
            line_length--;
        }
        if (line_length == 6 && strncasecmp(line, "Reuter", 6) == 0)
            return true;
        for (size_t i = 0; i < sizeof credit_words / sizeof credit_words[0]; i++)
            if (starts_with_word(line, line_length, credit_words[i]))
                return true;
        if (line_is_dateline(line, line_length))
            return true;
        start = end + 1;
    }
    return false;
}

enum input_format reader_detect_format(struct reader *reader)
{
    size_t length;
    const char *bytes = reader_peek(reader, &length);
    size_t skip = 0;
    if (length >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0)
        skip = 3;
    while (skip < length && (bytes[skip] == ' ' || bytes[skip] == '\t' || bytes[skip] == '\r' ||
                             bytes[skip] == '\n'))
        skip++;
    bytes += skip;
    length -= skip;
    if (length == 0)
        return INPUT_FORMAT_WIRE; /* nothing to read, nothing to refuse */
    /* Binary bytes, or a first line too long to see the end of: the wire
     * reader's own error says which, better than "not news" would. */
    if (memchr(bytes, '\0', length) != NULL || (length >= 65536 && memchr(bytes, '\n', length) == NULL))
        return INPUT_FORMAT_WIRE;
    if (bytes[0] != '<')
        return looks_like_wire_text(bytes, length) ? INPUT_FORMAT_WIRE : INPUT_FORMAT_UNKNOWN;
    size_t window = length < 4096 ? length : 4096;
    /* Walk the prolog (XML declaration, processing instructions, comments,
     * DOCTYPE) to the first element: its name, or the DOCTYPE's, says. */
    size_t at = 0;
    while (at < window) {
        while (at < window && (bytes[at] == ' ' || bytes[at] == '\t' || bytes[at] == '\r' || bytes[at] == '\n'))
            at++;
        if (at >= window || bytes[at] != '<')
            break;
        const char *rest = bytes + at;
        size_t available = window - at;
        const char *close = NULL;
        if (available >= 4 && memcmp(rest, "<!--", 4) == 0) {
            for (size_t i = 4; i + 3 <= available && close == NULL; i++)
                if (memcmp(rest + i, "-->", 3) == 0)
                    close = rest + i + 2;
        } else if (available >= 9 && strncasecmp(rest, "<!DOCTYPE", 9) == 0) {
            size_t i = 9;
            while (i < available && (rest[i] == ' ' || rest[i] == '\t' || rest[i] == '\r' || rest[i] == '\n'))
                i++;
            enum input_format format = format_of_name(rest + i, name_length(rest + i, available - i));
            if (format != INPUT_FORMAT_UNKNOWN)
                return format;
            close = memchr(rest, '>', available);
        } else if (available >= 2 && (rest[1] == '?' || rest[1] == '!')) {
            close = memchr(rest, '>', available);
        } else {
            enum input_format format = format_of_name(rest + 1, name_length(rest + 1, available - 1));
            if (format != INPUT_FORMAT_UNKNOWN)
                return format;
            break;
        }
        if (close == NULL)
            break;
        at = (size_t)(close - bytes) + 1;
    }
    if (bytes_contain(bytes, window, "<REUTERS") || bytes_contain(bytes, window, "<!DOCTYPE lewis"))
        return INPUT_FORMAT_SGML;
    if (bytes_contain(bytes, window, "<newsitem"))
        return INPUT_FORMAT_RCV1;
    if (bytes_contain(bytes, window, "<nitf"))
        return INPUT_FORMAT_NITF;
    return looks_like_wire_text(bytes, length) ? INPUT_FORMAT_WIRE : INPUT_FORMAT_UNKNOWN;
}

long long reader_raw_offset(const struct reader *reader)
{
    long long offset = (long long)gzoffset(reader->input);
    return offset < 0 ? 0 : offset;
}

void reader_close(struct reader *reader)
{
    if (reader == NULL)
        return;
    gzclose(reader->input);
    free(reader->path);
    free(reader->chunk);
    buffer_free(&reader->raw_line);
    buffer_free(&reader->line);
    free(reader);
}

enum input_format input_format_from_name(const char *name)
{
    if (strcmp(name, "wire") == 0 || strcmp(name, "text") == 0)
        return INPUT_FORMAT_WIRE;
    if (strcmp(name, "sgml") == 0)
        return INPUT_FORMAT_SGML;
    if (strcmp(name, "rcv1") == 0)
        return INPUT_FORMAT_RCV1;
    if (strcmp(name, "nitf") == 0)
        return INPUT_FORMAT_NITF;
    return INPUT_FORMAT_UNKNOWN;
}
