/* reader.h — input sources: files, gzip, standard input, and their text.
 *
 * A reader opens a path (or "-" for standard input), undoes gzip compression
 * (one member or several) when the first bytes say so, and hands out lines of UTF-8 text with their 1-based
 * line numbers in the original input.  It strips a UTF-8 byte-order mark and
 * CR before LF, and converts each line that is not valid UTF-8 from
 * Windows-1252 (which covers Latin-1's printable range).  Memory is bounded by
 * the longest line, never by the size of the input.
 */
#ifndef NEWSIDX_READER_H
#define NEWSIDX_READER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "newsidx/error.h"

/* The longest line a reader accepts; longer ones are an error, because no
 * news format has them and they are the mark of binary or broken input. */
#define READER_MAX_LINE_BYTES (4u * 1024u * 1024u)

struct reader;

/* The input formats newsidx understands. */
enum input_format {
    INPUT_FORMAT_UNKNOWN = 0, /* not yet detected */
    INPUT_FORMAT_WIRE,        /* concatenated wire stories (SPEC section 1) */
    INPUT_FORMAT_SGML,        /* Reuters-21578 SGML */
    INPUT_FORMAT_RCV1,        /* RCV1 newsitem XML */
    INPUT_FORMAT_NITF         /* NITF XML, as newsidx exports it */
};

/* Opens path for reading ("-" is standard input).  On failure returns -1
 * with "cannot open 'path': reason" in error.  Opening never waits (a FIFO
 * without a writer is waited for when it is read). */
int reader_open(struct reader **reader, const char *path, struct error *error);

/* reader_open(), with an interrupt flag: while the reader waits for input
 * that is not a regular file (a pipe, a FIFO, a terminal), it looks at
 * *interrupt every 100 ms, and once it is non-zero reading fails with
 * "cannot read 'path': interrupted" and reader_interrupted() is true.
 * interrupt may be NULL. */
int reader_open_interruptible(struct reader **reader, const char *path,
                              const volatile sig_atomic_t *interrupt, struct error *error);

/* True when reading failed because the interrupt flag was set. */
bool reader_interrupted(const struct reader *reader);

/* The bytes read from the file or pipe so far (compressed bytes for gzip):
 * for standard input, the size of what came through it. */
long long reader_bytes_read(const struct reader *reader);

/* Reads the next line.  Returns 1 with *line pointing at the UTF-8 text
 * (without line end; valid until the next call) and *line_number set; 0 at
 * the end of input; -1 on failure (read error, truncated gzip, binary data,
 * an over-long line) with error set. */
int reader_next_line(struct reader *reader, const char **line, size_t *length,
                     long *line_number, struct error *error);

/* Reads up to capacity raw (decompressed, undecoded) bytes of the remaining
 * input into destination.  Returns the count, 0 at the end, -1 on failure.
 * For formats that hand the bytes to another parser (libxml2). */
long reader_read_bytes(struct reader *reader, char *destination, size_t capacity,
                       struct error *error);

/* Returns the first bytes of the input (decompressed) without consuming
 * them, so that the format can be detected; *length is at most 64 KiB. */
const char *reader_peek(struct reader *reader, size_t *length);

/* Guesses the input format from the first bytes of the input (64 KiB):
 * markup by its root element or DOCTYPE, wire text by a dateline, a
 * "(Reuters)", a credit line or the "Reuter" sign-off.  Returns
 * INPUT_FORMAT_UNKNOWN when the input looks like none of them (an empty
 * input counts as wire text, with nothing in it). */
enum input_format reader_detect_format(struct reader *reader);

/* Bytes consumed so far from the underlying file (compressed size for gzip),
 * for progress reporting. */
long long reader_raw_offset(const struct reader *reader);

/* Closes the input and frees the reader; NULL is allowed. */
void reader_close(struct reader *reader);

/* Parses a format name ("wire", "sgml", "rcv1", "nitf"); returns
 * INPUT_FORMAT_UNKNOWN for anything else. */
enum input_format input_format_from_name(const char *name);

#endif
