/* printer.c — the output layer's front: picks a back end and forwards. */
#include "printer_internal.h"

#include <stdlib.h>
#include <string.h>

#include "newsidx/text.h"

struct printer *printer_new(enum output_format format, FILE *out, bool stream)
{
    struct printer *printer = checked_malloc(sizeof *printer);
    memset(printer, 0, sizeof *printer);
    printer->format = format;
    printer->out = out;
    printer->stream = stream;
    printer->skip_depth = -1;
    switch (format) {
    case OUTPUT_FORMAT_TABLE:
    case OUTPUT_FORMAT_CSV:
    case OUTPUT_FORMAT_TSV:
    case OUTPUT_FORMAT_IDS:
        printer->operations = &printer_rows_operations;
        break;
    default:
        printer->operations = &printer_json_operations;
        break;
    }
    if (printer->operations->create)
        printer->operations->create(printer);
    return printer;
}

/* True while the value being printed belongs to a key that is left out
 * (printer_select_keys()). */
static bool skipping(const struct printer *printer)
{
    return printer->skip_depth >= 0;
}

/* A scalar value was given: a left-out key's value is then done. */
static bool skip_scalar(struct printer *printer)
{
    if (!skipping(printer))
        return false;
    if (printer->front_depth == printer->skip_depth)
        printer->skip_depth = -1;
    return true;
}

void printer_begin_map(struct printer *printer)
{
    printer->front_depth++;
    if (!skipping(printer))
        printer->operations->begin_map(printer);
}

void printer_begin_list(struct printer *printer)
{
    printer->front_depth++;
    if (!skipping(printer))
        printer->operations->begin_list(printer);
}

void printer_end(struct printer *printer)
{
    printer->front_depth--;
    if (!skipping(printer)) {
        printer->operations->end(printer);
        return;
    }
    if (printer->front_depth == printer->skip_depth)
        printer->skip_depth = -1; /* the left-out value (a map or list) is done */
}

void printer_key(struct printer *printer, const char *key)
{
    if (skipping(printer))
        return;
    if (printer->selected != NULL && printer->front_depth == 1) {
        bool wanted = false;
        for (size_t i = 0; printer->selected[i] && !wanted; i++)
            wanted = strcmp(printer->selected[i], key) == 0;
        if (!wanted) {
            printer->skip_depth = printer->front_depth;
            return;
        }
    }
    printer->operations->key(printer, key);
}

void printer_string(struct printer *printer, const char *value)
{
    if (skip_scalar(printer))
        return;
    if (value == NULL)
        printer->operations->null(printer);
    else
        printer->operations->string(printer, value);
}

char *printer_unmark(const char *marked)
{
    struct buffer plain = {0};
    buffer_append_string(&plain, "");
    for (const char *at = marked; *at; at++)
        if (*at != PRINTER_MATCH_START[0] && *at != PRINTER_MATCH_END[0])
            buffer_append_byte(&plain, *at);
    return buffer_take(&plain);
}

void printer_marked_string(struct printer *printer, const char *marked)
{
    if (skip_scalar(printer))
        return;
    if (marked == NULL)
        printer->operations->null(printer);
    else
        printer->operations->marked_string(printer, marked);
}

void printer_match_positions(struct printer *printer, const char *marked)
{
    printer_begin_list(printer);
    long characters = 0, start = -1;
    for (const unsigned char *at = (const unsigned char *)marked; at && *at; at++) {
        if (*at == (unsigned char)PRINTER_MATCH_START[0]) {
            start = characters;
        } else if (*at == (unsigned char)PRINTER_MATCH_END[0]) {
            if (start >= 0) {
                printer_begin_list(printer);
                printer_integer(printer, start);
                printer_integer(printer, characters - start);
                printer_end(printer);
            }
            start = -1;
        } else if ((*at & 0xC0) != 0x80) {
            characters++; /* count each character once, at its first byte */
        }
    }
    printer_end(printer);
}

void printer_integer(struct printer *printer, long long value)
{
    if (!skip_scalar(printer))
        printer->operations->integer(printer, value);
}

void printer_real(struct printer *printer, double value, int decimals)
{
    if (!skip_scalar(printer))
        printer->operations->real(printer, value, decimals);
}

void printer_boolean(struct printer *printer, bool value)
{
    if (!skip_scalar(printer))
        printer->operations->boolean(printer, value);
}

void printer_null(struct printer *printer)
{
    if (!skip_scalar(printer))
        printer->operations->null(printer);
}

void printer_set_columns(struct printer *printer, const char *const *columns)
{
    printer->columns = columns;
}

void printer_select_keys(struct printer *printer, const char *const *keys)
{
    printer->columns = keys;
    /* The row formats choose their cells by the columns already; the
     * JSON back end needs the keys it must leave out taken away. */
    if (printer->operations == &printer_json_operations)
        printer->selected = keys;
}

void printer_set_table_priority(struct printer *printer, const char *const *columns)
{
    printer->priority = columns;
}

void printer_set_colour(struct printer *printer, bool colour)
{
    printer->colour = colour;
}

int printer_finish(struct printer *printer)
{
    printer->operations->finish(printer);
    int status = fflush(printer->out) == 0 && !ferror(printer->out) ? 0 : -1;
    if (printer->operations->destroy)
        printer->operations->destroy(printer);
    free(printer);
    return status;
}

enum output_format output_format_from_name(const char *name)
{
    static const struct { const char *name; enum output_format format; } names[] = {
        {"json", OUTPUT_FORMAT_JSON}, {"ndjson", OUTPUT_FORMAT_NDJSON},
        {"table", OUTPUT_FORMAT_TABLE}, {"csv", OUTPUT_FORMAT_CSV}, {"tsv", OUTPUT_FORMAT_TSV},
        {"ids", OUTPUT_FORMAT_IDS}, {"xml", OUTPUT_FORMAT_XML},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0)
            return names[i].format;
    return OUTPUT_FORMAT_NONE;
}
