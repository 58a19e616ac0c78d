/* text.h — strings and bytes: growable buffers, string lists, UTF-8.
 *
 * Everything the parsing layers hand around is UTF-8.  These helpers know
 * the few byte-level facts the rest of the code should not repeat: what
 * counts as white space in wire copy (including U+00A0), how to check and
 * repair UTF-8, and how to turn Windows-1252 into UTF-8.
 */
#ifndef NEWSIDX_TEXT_H
#define NEWSIDX_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A growable byte buffer, always NUL-terminated once anything is added. */
struct buffer {
    char *data;      /* the bytes, NUL-terminated; NULL until first append */
    size_t length;   /* bytes in use, not counting the terminating NUL */
    size_t capacity; /* bytes allocated */
};

/* Makes room for at least length more bytes (and the NUL), so that
 * appending them allocates nothing.  Aborts only if memory runs out. */
void buffer_reserve(struct buffer *buffer, size_t length);

/* Appends length bytes to the buffer.  Aborts only if memory runs out. */
void buffer_append(struct buffer *buffer, const char *bytes, size_t length);

/* Appends a NUL-terminated string to the buffer. */
void buffer_append_string(struct buffer *buffer, const char *string);

/* Appends one byte to the buffer. */
void buffer_append_byte(struct buffer *buffer, char byte);

/* Empties the buffer, keeping its allocation for reuse. */
void buffer_reset(struct buffer *buffer);

/* Returns the contents as a new NUL-terminated string and empties the buffer
 * (the allocation moves to the caller, who frees it). */
char *buffer_take(struct buffer *buffer);

/* Frees the buffer's memory and leaves it empty. */
void buffer_free(struct buffer *buffer);

/* A growable list of owned, NUL-terminated strings. */
struct string_list {
    char **items;    /* the strings, each allocated with malloc */
    size_t count;    /* how many strings are in the list */
    size_t capacity; /* how many slots are allocated */
};

/* Appends a copy of the string to the list. */
void string_list_append(struct string_list *list, const char *string);

/* Appends the string itself, taking ownership of it. */
void string_list_append_owned(struct string_list *list, char *string);

/* Frees every string and the list's array, leaving an empty list. */
void string_list_free(struct string_list *list);

/* Allocation helpers that abort with a message when memory runs out, so that
 * callers need not check: a news indexer has no way to recover from that. */
void *checked_malloc(size_t size);
void *checked_realloc(void *pointer, size_t size);
char *checked_strdup(const char *string);
char *checked_strndup(const char *string, size_t length);

/* Grows an array (pointer at *items, *capacity slots of element_size bytes)
 * so that it holds at least needed slots. */
void array_reserve(void **items, size_t *capacity, size_t needed, size_t element_size);

/* True when the bytes are well-formed UTF-8 (no overlongs, no surrogates). */
bool utf8_is_valid(const char *bytes, size_t length);

/* Decodes one UTF-8 sequence at bytes (available bytes long); returns its
 * length (1–4) and stores the code point, or returns 0 when the sequence is
 * ill-formed (overlong, surrogate, past U+10FFFF, truncated). */
size_t utf8_decode(const unsigned char *bytes, size_t available, uint32_t *code_point);

/* Appends the UTF-8 encoding of a code point (at most U+10FFFF) to out. */
void utf8_append_code_point(struct buffer *out, uint32_t code_point);

/* Appends bytes decoded as Windows-1252 (a superset of Latin-1's printable
 * range) to out as UTF-8.  Bytes 0x80–0x9F map as Windows-1252 does. */
void utf8_from_windows1252(struct buffer *out, const char *bytes, size_t length);

/* Appends bytes to out, replacing each byte that does not start a
 * well-formed UTF-8 sequence with U+FFFD; returns how many were replaced
 * (0: the bytes were valid UTF-8 and are appended as they are). */
size_t utf8_append_repaired(struct buffer *out, const char *bytes, size_t length);

/* The length of the white-space character at text (space, tab, U+00A0, or
 * another Unicode space separator), or 0 when text does not start with one. */
size_t text_space_length(const char *text, size_t available);

/* True when the text holds nothing but white space (U+00A0 included). */
bool text_is_blank(const char *text, size_t length);

/* Returns a new string: the text with leading and trailing white space
 * (U+00A0 included) removed. */
char *text_trim_copy(const char *text, size_t length);

/* Narrows [*start, *start + *length) to exclude surrounding white space. */
void text_trim_span(const char **start, size_t *length);

/* True when the two strings are equal once every quote mark, single or
 * double, curly or straight (’ ‘ ' “ ” " …), is treated as the same. */
bool text_equal_ignoring_quotes(const char *left, const char *right);

/* The most bytes of a quoted name, its quotes and terminating NUL included. */
#define QUOTED_NAME_BYTES 512

/* A file name made safe for a one-line message (a struct, so that it can
 * be formatted in place: error_set(error, "cannot open %s: %s",
 * text_quote_name(path).text, …)). */
struct quoted_name {
    char text[QUOTED_NAME_BYTES]; /* the name, quoted; cut with "…" when too long */
};

/* The name in single quotes ('x.txt'), or, when it holds what a terminal
 * would act on or a line would break at (C0 and C1 control characters,
 * DEL, bytes that are not UTF-8, line and paragraph separators, bidi
 * controls), in double quotes with those written as C escapes, as git
 * quotes paths: "e\nn\033[31m.txt" (\a \b \t \n \v \f \r \" \\, else
 * three octal digits per byte).  Other UTF-8 is kept as it is. */
struct quoted_name text_quote_name(const char *name);

/* The same, but a name that needs no escapes is left bare (x.txt), as git
 * lists paths: for summaries rather than messages. */
struct quoted_name text_display_name(const char *name);

/* Appends text to out with every C0 control character (tab included) and
 * DEL written as a C escape (\n, \033): the last safeguard of a one-line
 * message on a terminal. */
void text_append_escaped_controls(struct buffer *out, const char *text);

/* The columns text takes on a terminal (utf8proc's character widths):
 * combining marks take none, wide (CJK) characters two, controls none. */
size_t utf8_display_width(const char *text, size_t length);

/* The length in bytes of the longest start of text that fits in width
 * terminal columns, never cutting a character or parting it from the
 * combining marks that follow it. */
size_t utf8_prefix_within_width(const char *text, size_t length, size_t width);

#endif
