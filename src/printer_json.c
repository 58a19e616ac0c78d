/* printer_json.c — the JSON and NDJSON back end of the printer.
 *
 * Output is compact JSON.  In a stream, NDJSON puts each record on its own
 * line and JSON wraps the records in one array, a record per line.
 */
#include "printer_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "newsidx/text.h"

/* How json_write_string() treats each byte: PLAIN bytes are copied as
 * they are, ESCAPE bytes (quote, backslash, control characters) written as
 * an escape, and LEAD bytes start a UTF-8 sequence that is checked. */
enum json_byte { JSON_PLAIN, JSON_ESCAPE, JSON_LEAD };

/* The class of every byte value, made once. */
static unsigned char json_byte_class[256];

/* Fills json_byte_class on first use. */
static void json_byte_classes_init(void)
{
    if (json_byte_class['"'] == JSON_ESCAPE)
        return;
    for (int byte = 0; byte < 256; byte++)
        json_byte_class[byte] = byte < 0x20 || byte == '"' || byte == '\\' ? JSON_ESCAPE
                                : byte >= 0x80                          ? JSON_LEAD
                                                                        : JSON_PLAIN;
}

/* Writes the escape of one byte that may not stand in a JSON string. */
static void json_write_escape(FILE *out, unsigned char byte)
{
    switch (byte) {
    case '"': fputs("\\\"", out); break;
    case '\\': fputs("\\\\", out); break;
    case '\n': fputs("\\n", out); break;
    case '\t': fputs("\\t", out); break;
    case '\r': fputs("\\r", out); break;
    case '\b': fputs("\\b", out); break;
    case '\f': fputs("\\f", out); break;
    default: fprintf(out, "\\u%04x", byte); break;
    }
}

void json_write_string(FILE *out, const char *s)
{
    json_byte_classes_init();
    const unsigned char *bytes = (const unsigned char *)s;
    putc('"', out);
    size_t run_start = 0, i = 0;
    for (;;) {
        while (json_byte_class[bytes[i]] == JSON_PLAIN)
            i++;
        unsigned char byte = bytes[i];
        if (byte == '\0')
            break;
        if (json_byte_class[byte] == JSON_LEAD) {
            /* A well-formed sequence stays in the run; a broken one becomes
             * U+FFFD, as printer_string() promises. */
            uint32_t code_point;
            size_t available = 1;
            while (available < 4 && bytes[i + available] != '\0')
                available++;
            size_t sequence = utf8_decode(bytes + i, available, &code_point);
            if (sequence > 0) {
                i += sequence;
                continue;
            }
            fwrite(s + run_start, 1, i - run_start, out);
            fputs("\xEF\xBF\xBD", out);
        } else {
            fwrite(s + run_start, 1, i - run_start, out);
            json_write_escape(out, byte);
        }
        i++;
        run_start = i;
    }
    fwrite(s + run_start, 1, i - run_start, out);
    putc('"', out);
}

/* Writes what must come before a value: the record separator at the top of
 * a stream, or a comma between items, unless a key was just written. */
static void json_before_value(struct printer *printer)
{
    if (printer->after_key) {
        printer->after_key = false;
        return;
    }
    if (printer->depth == 0) {
        if (printer->stream && printer->format == OUTPUT_FORMAT_JSON)
            fputs(printer->records == 0 ? "[\n" : ",\n", printer->out);
        printer->records++;
    } else if (printer->items[printer->depth]++ > 0) {
        putc(',', printer->out);
    }
}

/* Writes what must come after a complete top-level value. */
static void json_after_value(struct printer *printer)
{
    if (printer->depth == 0 && (printer->format == OUTPUT_FORMAT_NDJSON || !printer->stream))
        putc('\n', printer->out);
}

static void json_open(struct printer *printer, char bracket)
{
    json_before_value(printer);
    putc(bracket, printer->out);
    if (printer->depth < PRINTER_MAX_DEPTH)
        printer->depth++;
    printer->items[printer->depth] = 0;
    printer->closing[printer->depth] = bracket == '{' ? '}' : ']';
}

static void json_begin_map(struct printer *printer)
{
    json_open(printer, '{');
}

static void json_begin_list(struct printer *printer)
{
    json_open(printer, '[');
}

static void json_end(struct printer *printer)
{
    if (printer->depth == 0)
        return;
    putc(printer->closing[printer->depth], printer->out);
    printer->depth--;
    json_after_value(printer);
}

static void json_key(struct printer *printer, const char *key)
{
    json_before_value(printer);
    json_write_string(printer->out, key); /* keys are ASCII: one plain run */
    putc(':', printer->out);
    printer->after_key = true;
}

static void json_string(struct printer *printer, const char *value)
{
    json_before_value(printer);
    json_write_string(printer->out, value);
    json_after_value(printer);
}

static void json_marked_string(struct printer *printer, const char *marked)
{
    char *plain = printer_unmark(marked);
    json_string(printer, plain);
    free(plain);
}

static void json_integer(struct printer *printer, long long value)
{
    json_before_value(printer);
    fprintf(printer->out, "%lld", value);
    json_after_value(printer);
}

static void json_real(struct printer *printer, double value, int decimals)
{
    json_before_value(printer);
    if (!isfinite(value))
        fputs("null", printer->out); /* JSON has no infinities */
    else if (decimals < 0)
        fprintf(printer->out, "%.*g", -decimals, value);
    else
        fprintf(printer->out, "%.*f", decimals, value);
    json_after_value(printer);
}

static void json_boolean(struct printer *printer, bool value)
{
    json_before_value(printer);
    fputs(value ? "true" : "false", printer->out);
    json_after_value(printer);
}

static void json_null(struct printer *printer)
{
    json_before_value(printer);
    fputs("null", printer->out);
    json_after_value(printer);
}

static void json_finish(struct printer *printer)
{
    if (printer->stream && printer->format == OUTPUT_FORMAT_JSON)
        fputs(printer->records == 0 ? "[]\n" : "\n]\n", printer->out);
}

const struct printer_operations printer_json_operations = {
    .create = NULL,
    .begin_map = json_begin_map,
    .begin_list = json_begin_list,
    .end = json_end,
    .key = json_key,
    .string = json_string,
    .marked_string = json_marked_string,
    .integer = json_integer,
    .real = json_real,
    .boolean = json_boolean,
    .null = json_null,
    .finish = json_finish,
    .destroy = NULL,
};
