/* text.c — buffers, string lists and the UTF-8 facts of wire copy. */
#include "newsidx/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

void *checked_malloc(size_t size)
{
    void *pointer = malloc(size ? size : 1);
    if (pointer == NULL) {
        fputs("newsidx: out of memory\n", stderr);
        abort();
    }
    return pointer;
}

void *checked_realloc(void *pointer, size_t size)
{
    void *grown = realloc(pointer, size ? size : 1);
    if (grown == NULL) {
        fputs("newsidx: out of memory\n", stderr);
        abort();
    }
    return grown;
}

char *checked_strndup(const char *string, size_t length)
{
    char *copy = checked_malloc(length + 1);
    memcpy(copy, string, length);
    copy[length] = '\0';
    return copy;
}

char *checked_strdup(const char *string)
{
    return checked_strndup(string, strlen(string));
}

void array_reserve(void **items, size_t *capacity, size_t needed, size_t element_size)
{
    if (needed <= *capacity)
        return;
    size_t grown = *capacity ? *capacity * 2 : 8;
    while (grown < needed)
        grown *= 2;
    *items = checked_realloc(*items, grown * element_size);
    *capacity = grown;
}

void buffer_reserve(struct buffer *buffer, size_t length)
{
    if (buffer->length + length + 1 > buffer->capacity) {
        size_t grown = buffer->capacity ? buffer->capacity * 2 : 64;
        while (grown < buffer->length + length + 1)
            grown *= 2;
        buffer->data = checked_realloc(buffer->data, grown);
        buffer->capacity = grown;
    }
}

void buffer_append(struct buffer *buffer, const char *bytes, size_t length)
{
    buffer_reserve(buffer, length);
    if (length)
        memcpy(buffer->data + buffer->length, bytes, length);
    buffer->length += length;
    buffer->data[buffer->length] = '\0';
}

void buffer_append_string(struct buffer *buffer, const char *string)
{
    buffer_append(buffer, string, strlen(string));
}

void buffer_append_byte(struct buffer *buffer, char byte)
{
    buffer_append(buffer, &byte, 1);
}

void buffer_reset(struct buffer *buffer)
{
    buffer->length = 0;
    if (buffer->data)
        buffer->data[0] = '\0';
}

char *buffer_take(struct buffer *buffer)
{
    char *taken = buffer->data ? buffer->data : checked_strdup("");
    buffer->data = NULL;
    buffer->length = buffer->capacity = 0;
    return taken;
}

void buffer_free(struct buffer *buffer)
{
    free(buffer->data);
    buffer->data = NULL;
    buffer->length = buffer->capacity = 0;
}

void string_list_append_owned(struct string_list *list, char *string)
{
    array_reserve((void **)&list->items, &list->capacity, list->count + 1, sizeof *list->items);
    list->items[list->count++] = string;
}

void string_list_append(struct string_list *list, const char *string)
{
    string_list_append_owned(list, checked_strdup(string));
}

void string_list_free(struct string_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->items[i]);
    free(list->items);
    list->items = NULL;
    list->count = list->capacity = 0;
}

size_t utf8_decode(const unsigned char *bytes, size_t available, uint32_t *code_point)
{
    unsigned char lead = bytes[0];
    size_t length;
    uint32_t value, minimum;
    if (lead < 0x80) {
        *code_point = lead;
        return 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2; value = lead & 0x1F; minimum = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3; value = lead & 0x0F; minimum = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4; value = lead & 0x07; minimum = 0x10000;
    } else {
        return 0;
    }
    if (length > available)
        return 0;
    for (size_t i = 1; i < length; i++) {
        if ((bytes[i] & 0xC0) != 0x80)
            return 0;
        value = (value << 6) | (bytes[i] & 0x3F);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        return 0;
    *code_point = value;
    return length;
}

void utf8_append_code_point(struct buffer *out, uint32_t code_point)
{
    char encoded[4];
    size_t length;
    if (code_point < 0x80) {
        encoded[0] = (char)code_point;
        length = 1;
    } else if (code_point < 0x800) {
        encoded[0] = (char)(0xC0 | (code_point >> 6));
        encoded[1] = (char)(0x80 | (code_point & 0x3F));
        length = 2;
    } else if (code_point < 0x10000) {
        encoded[0] = (char)(0xE0 | (code_point >> 12));
        encoded[1] = (char)(0x80 | ((code_point >> 6) & 0x3F));
        encoded[2] = (char)(0x80 | (code_point & 0x3F));
        length = 3;
    } else {
        encoded[0] = (char)(0xF0 | (code_point >> 18));
        encoded[1] = (char)(0x80 | ((code_point >> 12) & 0x3F));
        encoded[2] = (char)(0x80 | ((code_point >> 6) & 0x3F));
        encoded[3] = (char)(0x80 | (code_point & 0x3F));
        length = 4;
    }
    buffer_append(out, encoded, length);
}

bool utf8_is_valid(const char *bytes, size_t length)
{
    const unsigned char *at = (const unsigned char *)bytes;
    size_t offset = 0;
    while (offset < length) {
        /* Plain ASCII, the bulk of news text: eight bytes at a time. */
        if (offset + 8 <= length) {
            uint64_t word;
            memcpy(&word, at + offset, 8);
            if ((word & 0x8080808080808080ull) == 0) {
                offset += 8;
                continue;
            }
        }
        if (at[offset] < 0x80) {
            offset++;
            continue;
        }
        uint32_t code_point;
        size_t step = utf8_decode(at + offset, length - offset, &code_point);
        if (step == 0)
            return false;
        offset += step;
    }
    return true;
}

/* Windows-1252's 0x80–0x9F; the five undefined bytes map to their C1
 * control code points, as the WHATWG encoding standard does. */
static const uint16_t windows1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

void utf8_from_windows1252(struct buffer *out, const char *bytes, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        unsigned char byte = (unsigned char)bytes[i];
        if (byte < 0x80)
            buffer_append_byte(out, (char)byte);
        else if (byte < 0xA0)
            utf8_append_code_point(out, windows1252_high[byte - 0x80]);
        else
            utf8_append_code_point(out, byte);
    }
}

size_t utf8_append_repaired(struct buffer *out, const char *bytes, size_t length)
{
    const unsigned char *at = (const unsigned char *)bytes;
    size_t offset = 0, clean_start = 0, replaced = 0;
    while (offset < length) {
        if (at[offset] < 0x80) {
            offset++;
            continue;
        }
        uint32_t code_point;
        size_t step = utf8_decode(at + offset, length - offset, &code_point);
        if (step) {
            offset += step;
            continue;
        }
        buffer_append(out, bytes + clean_start, offset - clean_start);
        buffer_append(out, "\xEF\xBF\xBD", 3);
        replaced++;
        offset++;
        clean_start = offset;
    }
    buffer_append(out, bytes + clean_start, offset - clean_start);
    return replaced;
}

size_t text_space_length(const char *text, size_t available)
{
    const unsigned char *at = (const unsigned char *)text;
    if (available == 0)
        return 0;
    if (at[0] == ' ' || at[0] == '\t' || at[0] == '\r' || at[0] == '\n' || at[0] == '\f' || at[0] == '\v')
        return 1;
    if (at[0] < 0x80)
        return 0;
    uint32_t code_point;
    size_t step = utf8_decode(at, available, &code_point);
    if (step == 0)
        return 0;
    if (code_point == 0x00A0 || code_point == 0x1680 || (code_point >= 0x2000 && code_point <= 0x200B) ||
        code_point == 0x202F || code_point == 0x205F || code_point == 0x3000 || code_point == 0xFEFF)
        return step;
    return 0;
}

bool text_is_blank(const char *text, size_t length)
{
    size_t offset = 0;
    while (offset < length) {
        size_t step = text_space_length(text + offset, length - offset);
        if (step == 0)
            return false;
        offset += step;
    }
    return true;
}

/* The length of the white-space character that ends at text + length, or 0. */
static size_t text_trailing_space_length(const char *text, size_t length)
{
    if (length == 0)
        return 0;
    size_t start = length - 1;
    /* Step back over continuation bytes to the start of the last character. */
    while (start > 0 && length - start < 4 && ((unsigned char)text[start] & 0xC0) == 0x80)
        start--;
    size_t step = text_space_length(text + start, length - start);
    return step == length - start ? step : 0;
}

void text_trim_span(const char **start, size_t *length)
{
    size_t step;
    while (*length && (step = text_space_length(*start, *length)) != 0) {
        *start += step;
        *length -= step;
    }
    while (*length && (step = text_trailing_space_length(*start, *length)) != 0)
        *length -= step;
}

char *text_trim_copy(const char *text, size_t length)
{
    text_trim_span(&text, &length);
    return checked_strndup(text, length);
}

/* Maps a quote mark at text to a plain one; returns its length in bytes and
 * stores the plain mark, or returns 0 when text does not start with one. */
static size_t quote_mark(const char *text, char *plain)
{
    unsigned char first = (unsigned char)*text;
    if (first < 0x80 && first != '\'' && first != '"' && first != '`')
        return 0;
    static const struct { const char *mark; char plain; } marks[] = {
        {"\xE2\x80\x98", '\''}, {"\xE2\x80\x99", '\''}, {"\xE2\x80\x9B", '\''}, {"\xC2\xB4", '\''},
        {"`", '\''}, {"'", '\''},
        {"\xE2\x80\x9C", '\''}, {"\xE2\x80\x9D", '\''}, {"\xE2\x80\x9E", '\''}, {"\"", '\''},
    };
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        size_t length = strlen(marks[i].mark);
        if (strncmp(text, marks[i].mark, length) == 0) {
            *plain = marks[i].plain;
            return length;
        }
    }
    return 0;
}

bool text_equal_ignoring_quotes(const char *left, const char *right)
{
    while (*left && *right) {
        char left_plain = 0, right_plain = 0;
        size_t left_step = quote_mark(left, &left_plain);
        size_t right_step = quote_mark(right, &right_plain);
        if (left_step && right_step) {
            if (left_plain != right_plain)
                return false;
            left += left_step;
            right += right_step;
        } else if (left_step || right_step || *left != *right) {
            return false;
        } else {
            left++;
            right++;
        }
    }
    return *left == '\0' && *right == '\0';
}

/* The columns a code point takes on a terminal: utf8proc's width (0 for
 * combining marks and other zero-width characters, 2 for wide ones), and
 * 0 for controls, which are not shown. */
static size_t code_point_width(uint32_t code_point)
{
    if (code_point < 0x20 || (code_point >= 0x7F && code_point < 0xA0))
        return 0;
    int width = utf8proc_charwidth((utf8proc_int32_t)code_point);
    return width > 0 ? (size_t)width : 0;
}

size_t utf8_display_width(const char *text, size_t length)
{
    size_t width = 0, offset = 0;
    const unsigned char *at = (const unsigned char *)text;
    while (offset < length) {
        if (at[offset] < 0x80) {
            width += at[offset] >= 0x20 && at[offset] != 0x7F;
            offset++;
            continue;
        }
        uint32_t code_point;
        size_t step = utf8_decode(at + offset, length - offset, &code_point);
        if (step == 0) {
            width++; /* shown as U+FFFD */
            offset++;
            continue;
        }
        width += code_point_width(code_point);
        offset += step;
    }
    return width;
}

size_t utf8_prefix_within_width(const char *text, size_t length, size_t width)
{
    size_t used = 0, offset = 0;
    const unsigned char *at = (const unsigned char *)text;
    while (offset < length) {
        uint32_t code_point = at[offset];
        size_t step = at[offset] < 0x80 ? 1 : utf8_decode(at + offset, length - offset, &code_point);
        size_t columns = step == 0 ? 1 : code_point_width(code_point);
        if (step == 0)
            step = 1;
        if (used + columns > width)
            break;
        used += columns;
        offset += step;
    }
    /* Marks that combine with the last character kept stay with it. */
    while (offset < length && at[offset] >= 0x80) {
        uint32_t code_point;
        size_t step = utf8_decode(at + offset, length - offset, &code_point);
        if (step == 0 || code_point_width(code_point) != 0)
            break;
        offset += step;
    }
    return offset;
}

/* How many bytes at name (available of them) must be escaped in a quoted
 * name: 0 when the character there may be shown as it is. */
static size_t unsafe_length(const unsigned char *name, size_t available)
{
    if (name[0] < 0x20 || name[0] == 0x7F)
        return 1;
    if (name[0] < 0x80)
        return 0;
    uint32_t code_point;
    size_t step = utf8_decode(name, available, &code_point);
    if (step == 0)
        return 1; /* not UTF-8: this byte alone */
    if ((code_point >= 0x80 && code_point <= 0x9F) || code_point == 0x2028 || code_point == 0x2029 ||
        (code_point >= 0x202A && code_point <= 0x202E) || (code_point >= 0x2066 && code_point <= 0x2069) ||
        code_point == 0x200E || code_point == 0x200F || code_point == 0x061C)
        return step;
    return 0;
}

/* Appends one byte as git writes it inside a quoted name. */
static void append_escaped_byte(struct buffer *out, unsigned char byte)
{
    static const char letters[] = "abtnvfr";
    if (byte >= 0x07 && byte <= 0x0D) {
        buffer_append_byte(out, '\\');
        buffer_append_byte(out, letters[byte - 0x07]);
    } else {
        char octal[5];
        snprintf(octal, sizeof octal, "\\%03o", byte);
        buffer_append(out, octal, 4);
    }
}

/* text_quote_name() and text_display_name(). */
static struct quoted_name quote_name(const char *name, bool bare_when_safe)
{
    const unsigned char *at = (const unsigned char *)name;
    size_t length = strlen(name);
    bool needs_escapes = false;
    for (size_t i = 0; i < length && !needs_escapes;) {
        uint32_t code_point;
        size_t step = at[i] < 0x80 ? 1 : utf8_decode(at + i, length - i, &code_point);
        needs_escapes = unsafe_length(at + i, length - i) > 0;
        i += step ? step : 1;
    }
    struct buffer out = {0};
    const char *quote = needs_escapes ? "\"" : bare_when_safe ? "" : "'";
    buffer_append_string(&out, quote);
    for (size_t i = 0; i < length;) {
        size_t unsafe = needs_escapes ? unsafe_length(at + i, length - i) : 0;
        if (unsafe > 0) {
            for (size_t k = 0; k < unsafe; k++)
                append_escaped_byte(&out, at[i + k]);
            i += unsafe;
        } else if (needs_escapes && (at[i] == '"' || at[i] == '\\')) {
            buffer_append_byte(&out, '\\');
            buffer_append_byte(&out, (char)at[i]);
            i++;
        } else {
            buffer_append_byte(&out, (char)at[i]);
            i++;
        }
    }
    buffer_append_string(&out, quote);
    struct quoted_name quoted;
    if (out.length < sizeof quoted.text) {
        memcpy(quoted.text, out.data, out.length + 1);
    } else {
        /* Cut at a character boundary, leaving room for "…" and the quote. */
        size_t keep = sizeof quoted.text - 1 - 3 - strlen(quote);
        while (keep > 0 && ((unsigned char)out.data[keep] & 0xC0) == 0x80)
            keep--;
        memcpy(quoted.text, out.data, keep);
        snprintf(quoted.text + keep, sizeof quoted.text - keep, "\xE2\x80\xA6%s", quote);
    }
    buffer_free(&out);
    return quoted;
}

struct quoted_name text_quote_name(const char *name)
{
    return quote_name(name, false);
}

struct quoted_name text_display_name(const char *name)
{
    return quote_name(name, true);
}

void text_append_escaped_controls(struct buffer *out, const char *text)
{
    for (const unsigned char *at = (const unsigned char *)text; *at; at++) {
        if (*at < 0x20 || *at == 0x7F)
            append_escaped_byte(out, *at);
        else
            buffer_append_byte(out, (char)*at);
    }
}
