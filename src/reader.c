/* reader.c — files, gzip and standard input, turned into lines of UTF-8.
 *
 * The reader reads the descriptor itself and inflates gzip with zlib's
 * inflate(), rather than through zlib's gzFile, for two reasons: it counts
 * the bytes it reads (a pipe has no size to take instead), and it can wait
 * for a pipe, a FIFO or a terminal in poll() with a timeout, looking at
 * the interrupt flag in between, where a blocking read() would sleep
 * through SIGINT and SIGTERM (their handler restarts system calls, and the
 * signal may be delivered to another thread than the one reading).
 */
#include "newsidx/reader.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "newsidx/text.h"

#define READER_CHUNK_BYTES (64u * 1024u)

/* Bytes read from the descriptor at a time. */
#define READER_RAW_BYTES (256u * 1024u)

/* How long one wait for input lasts before the interrupt flag is looked
 * at again, in milliseconds. */
#define READER_WAIT_MS 100

/* How far the gzip stream has got. */
enum reader_compression {
    READER_UNDECIDED, /* not yet known whether the input is gzip */
    READER_PLAIN,     /* the input is not compressed */
    READER_GZIP,      /* inside a gzip member */
    READER_GZIP_GAP   /* a member has ended; another may follow */
};

struct reader {
    char *path;              /* the path as given, "-" for standard input */
    int descriptor;          /* the input */
    bool waits;              /* not a regular file: wait for it in poll() */
    const volatile sig_atomic_t *interrupt; /* stop waiting once non-zero; may be NULL */
    bool interrupted;        /* reading stopped because of the interrupt */
    enum reader_compression compression; /* plain or gzip, and where in it */
    z_stream inflater;       /* the gzip decoder, when compression is gzip */
    bool inflater_ready;     /* inflateInit2() has been called */
    char *raw;               /* bytes read from the descriptor, not yet decoded */
    size_t raw_length;       /* bytes in raw */
    size_t raw_position;     /* next unused byte in raw (plain input) */
    bool raw_at_end;         /* the descriptor reported its end */
    long long raw_read;      /* bytes read from the descriptor so far */
    char *chunk;             /* the current chunk of decompressed bytes */
    size_t chunk_length;     /* bytes in chunk */
    size_t chunk_position;   /* next unread byte in chunk */
    bool at_end;             /* the underlying stream is exhausted */
    bool started_reading;    /* lines or bytes have been handed out */
    struct buffer raw_line;  /* the line being assembled, undecoded */
    struct buffer line;      /* the last line handed out, as UTF-8 */
    long line_number;        /* number of the last line handed out */
};

/* Waits until the descriptor can be read, looking at the interrupt flag
 * every READER_WAIT_MS.  Returns 0, or -1 with error set (interrupted, or
 * poll failed). */
static int reader_wait(struct reader *reader, struct error *error)
{
    for (;;) {
        if (reader->interrupt != NULL && *reader->interrupt) {
            reader->interrupted = true;
            return error_set(error, "cannot read %s: interrupted", text_quote_name(reader->path).text);
        }
        struct pollfd wanted = {.fd = reader->descriptor, .events = POLLIN};
        int ready = poll(&wanted, 1, READER_WAIT_MS);
        if (ready > 0)
            return 0; /* readable, or at its end (POLLHUP), or an error read() will tell */
        if (ready < 0 && errno != EINTR)
            return error_set(error, "cannot read %s: %s",
                             text_quote_name(reader->path).text, strerror(errno));
    }
}

/* Appends bytes from the descriptor to raw, which must have room.
 * Returns the count, 0 at the end, -1 with error set. */
static long reader_read_more(struct reader *reader, struct error *error)
{
    if (reader->raw_at_end)
        return 0;
    for (;;) {
        if (reader->waits && reader_wait(reader, error) < 0)
            return -1;
        ssize_t count = read(reader->descriptor, reader->raw + reader->raw_length,
                             READER_RAW_BYTES - reader->raw_length);
        if (count > 0) {
            reader->raw_length += (size_t)count;
            reader->raw_read += count;
            return (long)count;
        }
        if (count == 0) {
            reader->raw_at_end = true;
            return 0;
        }
        if (errno != EINTR && errno != EAGAIN)
            return error_set(error, "cannot read %s: %s",
                             text_quote_name(reader->path).text, strerror(errno));
    }
}

/* Replaces raw (which must be used up) with the next bytes read.  Returns
 * the count, 0 at the end, -1 with error set. */
static long reader_read_raw(struct reader *reader, struct error *error)
{
    reader->raw_length = reader->raw_position = 0;
    return reader_read_more(reader, error);
}

/* Decides from the first two bytes whether the input is gzip. */
static int reader_detect_compression(struct reader *reader, struct error *error)
{
    /* A pipe may deliver a single byte first: gather two, or the end. */
    while (reader->raw_length < 2 && !reader->raw_at_end)
        if (reader_read_more(reader, error) < 0)
            return -1;
    const unsigned char *first = (const unsigned char *)reader->raw;
    bool gzip = reader->raw_length >= 2 && first[0] == 0x1F && first[1] == 0x8B;
    reader->compression = gzip ? READER_GZIP : READER_PLAIN;
    if (!gzip)
        return 0;
    memset(&reader->inflater, 0, sizeof reader->inflater);
    if (inflateInit2(&reader->inflater, 16 + MAX_WBITS) != Z_OK)
        return error_set(error, "cannot read %s: out of memory", text_quote_name(reader->path).text);
    reader->inflater_ready = true;
    reader->inflater.next_in = (Bytef *)reader->raw;
    reader->inflater.avail_in = (uInt)reader->raw_length;
    return 0;
}

/* Inflates gzip members into the chunk from offset from on.  Returns the
 * bytes made, 0 at the end, -1 with error set. */
static long reader_inflate(struct reader *reader, size_t from, struct error *error)
{
    z_stream *stream = &reader->inflater;
    stream->next_out = (Bytef *)reader->chunk + from;
    stream->avail_out = (uInt)(READER_CHUNK_BYTES - from);
    while (stream->avail_out == READER_CHUNK_BYTES - from) {
        if (stream->avail_in == 0) {
            long count = reader_read_raw(reader, error);
            if (count < 0)
                return -1;
            if (count == 0) {
                if (reader->compression == READER_GZIP)
                    return error_set(error, "cannot read %s: compressed data is truncated",
                                     text_quote_name(reader->path).text);
                break;
            }
            stream->next_in = (Bytef *)reader->raw;
            stream->avail_in = (uInt)count;
        }
        if (reader->compression == READER_GZIP_GAP) {
            /* Another member follows only when it starts like one; anything
             * else after a member is ignored, as gzip -d does.  Its first
             * two bytes may straddle two reads. */
            if (stream->avail_in == 1 && stream->next_in[0] == 0x1F && !reader->raw_at_end) {
                reader->raw[0] = (char)0x1F;
                reader->raw_length = 1;
                reader->raw_position = 0;
                if (reader_read_more(reader, error) < 0)
                    return -1;
                stream->next_in = (Bytef *)reader->raw;
                stream->avail_in = (uInt)reader->raw_length;
            }
            if (stream->avail_in < 2 || stream->next_in[0] != 0x1F || stream->next_in[1] != 0x8B) {
                reader->raw_at_end = true;
                stream->avail_in = 0;
                break;
            }
            inflateReset(stream);
            reader->compression = READER_GZIP;
        }
        int status = inflate(stream, Z_NO_FLUSH);
        if (status == Z_STREAM_END) {
            reader->compression = READER_GZIP_GAP;
        } else if (status == Z_NEED_DICT || status == Z_DATA_ERROR) {
            return error_set(error, "cannot read %s: %s", text_quote_name(reader->path).text,
                             stream->msg ? stream->msg : "compressed data error");
        } else if (status == Z_MEM_ERROR) {
            return error_set(error, "cannot read %s: out of memory", text_quote_name(reader->path).text);
        } else if (status != Z_OK && status != Z_BUF_ERROR) {
            return error_set(error, "cannot read %s: compressed data error",
                             text_quote_name(reader->path).text);
        }
    }
    return (long)(READER_CHUNK_BYTES - from - stream->avail_out);
}

/* Adds the next bytes of the input to the chunk, after its chunk_length
 * bytes (as many as one read gives, up to the chunk's size).  Returns how
 * many, 0 at the end, -1 on failure. */
static long reader_fill_more(struct reader *reader, struct error *error)
{
    if (reader->at_end)
        return 0;
    if (reader->compression == READER_UNDECIDED && reader_detect_compression(reader, error) < 0)
        return -1;
    size_t room = READER_CHUNK_BYTES - reader->chunk_length;
    long count;
    if (reader->compression == READER_PLAIN) {
        if (reader->raw_position == reader->raw_length && reader_read_raw(reader, error) < 0)
            return -1;
        size_t available = reader->raw_length - reader->raw_position;
        count = (long)(available < room ? available : room);
        memcpy(reader->chunk + reader->chunk_length, reader->raw + reader->raw_position, (size_t)count);
        reader->raw_position += (size_t)count;
    } else {
        count = reader_inflate(reader, reader->chunk_length, error);
        if (count < 0)
            return -1;
    }
    if (count == 0)
        reader->at_end = true;
    reader->chunk_length += (size_t)count;
    return count;
}

/* Refills the chunk from the stream.  Returns its new length, 0 at the end,
 * -1 on failure. */
static long reader_fill(struct reader *reader, struct error *error)
{
    reader->chunk_position = 0;
    reader->chunk_length = 0;
    return reader_fill_more(reader, error);
}

int reader_open(struct reader **out, const char *path, struct error *error)
{
    return reader_open_interruptible(out, path, NULL, error);
}

int reader_open_interruptible(struct reader **out, const char *path,
                              const volatile sig_atomic_t *interrupt, struct error *error)
{
    *out = NULL;
    bool from_stdin = strcmp(path, "-") == 0;
    /* O_NONBLOCK so that opening a FIFO does not wait for a writer (the
     * wait happens in poll(), where an interrupt is seen); it is cleared
     * at once.  Standard input is shared with the caller: its flags stay. */
    int descriptor = from_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (descriptor < 0)
        return error_set(error, "cannot open %s: %s", text_quote_name(path).text, strerror(errno));
    if (!from_stdin) {
        int flags = fcntl(descriptor, F_GETFL);
        if (flags >= 0)
            fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK);
    }
    struct stat status;
    if (fstat(descriptor, &status) == 0 && S_ISDIR(status.st_mode)) {
        close(descriptor);
        return error_set(error, "cannot read %s: %s", text_quote_name(path).text, strerror(EISDIR));
    }
    struct reader *reader = checked_malloc(sizeof *reader);
    memset(reader, 0, sizeof *reader);
    reader->path = checked_strdup(path);
    reader->descriptor = descriptor;
    reader->waits = fstat(descriptor, &status) != 0 || !S_ISREG(status.st_mode);
    reader->interrupt = interrupt;
    reader->raw = checked_malloc(READER_RAW_BYTES);
    reader->chunk = checked_malloc(READER_CHUNK_BYTES);
    /* The first chunk is filled whole (or to the end of the input), so
     * that format detection sees its 64 KiB even from a pipe that gives
     * less at a time. */
    long count = 1;
    while (count > 0 && reader->chunk_length < READER_CHUNK_BYTES)
        count = reader_fill_more(reader, error);
    if (count < 0) {
        reader_close(reader);
        return -1;
    }
    *out = reader;
    return 0;
}

bool reader_interrupted(const struct reader *reader)
{
    return reader != NULL && reader->interrupted;
}

long long reader_bytes_read(const struct reader *reader)
{
    return reader->raw_read;
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
        return error_set(error, "cannot read %s: line %ld holds binary data, not text",
                         text_quote_name(reader->path).text, reader->line_number);
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
            return error_set(error, "cannot read %s: line %ld is longer than %u MiB, not news text",
                             text_quote_name(reader->path).text, reader->line_number + 1,
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
    size_t unused = reader->inflater_ready ? reader->inflater.avail_in
                                           : reader->raw_length - reader->raw_position;
    return reader->raw_read - (long long)unused;
}

void reader_close(struct reader *reader)
{
    if (reader == NULL)
        return;
    if (reader->inflater_ready)
        inflateEnd(&reader->inflater);
    close(reader->descriptor);
    free(reader->path);
    free(reader->raw);
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
