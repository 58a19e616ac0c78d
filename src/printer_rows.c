/* printer_rows.c — the row back ends of the printer: table, csv and ids.
 *
 * Each top-level record (a map) becomes one row; each key of the record is a
 * column, and its value one cell.  Nested values are flattened into the cell:
 * list items are joined with "; ", the values inside a map with spaces.
 * The printer's columns (printer_set_columns) choose and order the columns;
 * without them the first record's keys are used.
 *
 *   table  aligned columns fitted to the terminal width (widths in terminal
 *          columns, so accents and wide characters line up), long cells cut
 *          at a word with an ellipsis, columns that would be cut too narrow
 *          left out; the header and matches in colour when the printer is
 *          told so (the whole result is laid out at the end)
 *   csv    RFC 4180: a header line, then one line per record, CRLF line ends
 *   tsv    a header line, then one line per record, fields joined by tabs;
 *          tab, line feed, carriage return and backslash in a field are
 *          written \t, \n, \r and \\ (as PostgreSQL's text format does)
 *   ids    the "id" cell of each record, one per line
 *
 * A table printer that is not a stream prints its one map as "key  value"
 * lines; csv prints it as a header line and one row.
 */
#include "printer_internal.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "newsidx/text.h"

/* The widest a table may be when the terminal's width is unknown. */
#define TABLE_DEFAULT_WIDTH 120
/* A column this narrow or narrower (an id, a date, a count) is never cut. */
#define TABLE_NARROW_COLUMN 12
/* A longer column is not cut narrower than this; rather, it is left out. */
#define TABLE_MIN_COLUMN_WIDTH 20
/* The share of the room the longer column of highest rank (the title)
 * gets before the others get theirs, and the share of each of those. */
#define TABLE_FIRST_SHARE 40
#define TABLE_SHARE 32

#define COLOUR_HEADER "\x1b[1m"
#define COLOUR_MATCH "\x1b[1;33m"
#define COLOUR_RESET "\x1b[0m"

/* One row: cells in column order (NULL for an empty cell). */
struct row {
    char **cells; /* column_count strings, owned */
};

/* The row back end's state. */
struct rows_state {
    struct string_list keys;     /* the current record's keys, in order */
    struct string_list values;   /* the current record's cells, parallel to keys */
    struct buffer cell;          /* the cell being assembled */
    const char *separator;       /* what goes before the next piece of the cell */
    char **column_names;         /* the columns, fixed at the first record */
    size_t column_count;         /* how many columns */
    struct row *rows;            /* buffered rows (table only) */
    size_t row_count;            /* how many rows are buffered */
    size_t row_capacity;         /* allocated slots in rows */
};

static struct rows_state *state_of(struct printer *printer)
{
    return printer->backend;
}

static void rows_create(struct printer *printer)
{
    struct rows_state *state = checked_malloc(sizeof *state);
    memset(state, 0, sizeof *state);
    printer->backend = state;
}

/* Appends a piece of text to the cell being assembled. */
static void cell_append(struct printer *printer, const char *text)
{
    struct rows_state *state = state_of(printer);
    if (printer->depth < 1)
        return;
    if (state->cell.length && state->separator)
        buffer_append_string(&state->cell, state->separator);
    buffer_append_string(&state->cell, text);
    state->separator = printer->depth >= 3 ? " " : "; ";
}

/* Files the assembled cell under the current key when its value is done. */
static void cell_finish(struct printer *printer)
{
    struct rows_state *state = state_of(printer);
    if (printer->depth != 1)
        return;
    string_list_append_owned(&state->values, buffer_take(&state->cell));
    state->separator = NULL;
}

/* The terminal columns a UTF-8 string takes; the match marks, being
 * control characters, take none. */
static size_t display_width(const char *text)
{
    return utf8_display_width(text, strlen(text));
}

/* The cell of the current record for a column, or "" when it has none. */
static const char *record_cell(struct rows_state *state, const char *column)
{
    for (size_t i = 0; i < state->keys.count && i < state->values.count; i++)
        if (strcmp(state->keys.items[i], column) == 0)
            return state->values.items[i];
    return "";
}

/* Fixes the columns from the printer's choice or the first record. */
static void rows_fix_columns(struct printer *printer)
{
    struct rows_state *state = state_of(printer);
    if (state->column_names)
        return;
    struct string_list names = {0};
    if (printer->columns)
        for (size_t i = 0; printer->columns[i]; i++)
            string_list_append(&names, printer->columns[i]);
    else
        for (size_t i = 0; i < state->keys.count; i++)
            string_list_append(&names, state->keys.items[i]);
    state->column_names = names.items;
    state->column_count = names.count;
    if (state->column_names == NULL)
        state->column_names = checked_malloc(sizeof *state->column_names);
}

/* Writes one CSV field, quoted when it must be (RFC 4180). */
static void csv_write_field(FILE *out, const char *marked)
{
    char *text = printer_unmark(marked);
    if (strpbrk(text, ",\"\r\n") == NULL) {
        fputs(text, out);
    } else {
        putc('"', out);
        for (const char *at = text; *at; at++) {
            if (*at == '"')
                putc('"', out);
            putc(*at, out);
        }
        putc('"', out);
    }
    free(text);
}

static void csv_write_line(FILE *out, char *const *fields, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (i)
            putc(',', out);
        csv_write_field(out, fields[i]);
    }
    fputs("\r\n", out);
}

/* Writes one TSV field, escaping what would break the line up. */
static void tsv_write_field(FILE *out, const char *marked)
{
    char *text = printer_unmark(marked);
    for (const char *at = text; *at; at++) {
        switch (*at) {
        case '\t': fputs("\\t", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\\': fputs("\\\\", out); break;
        default: putc(*at, out); break;
        }
    }
    free(text);
}

static void tsv_write_line(FILE *out, char *const *fields, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (i)
            putc('\t', out);
        tsv_write_field(out, fields[i]);
    }
    putc('\n', out);
}

/* A record is complete: print it (csv, ids) or keep it (table). */
static void rows_record_done(struct printer *printer)
{
    struct rows_state *state = state_of(printer);
    bool first = printer->records == 1;
    rows_fix_columns(printer);
    char **cells = checked_malloc((state->column_count + 1) * sizeof *cells);
    for (size_t i = 0; i < state->column_count; i++)
        cells[i] = checked_strdup(record_cell(state, state->column_names[i]));
    if (printer->format == OUTPUT_FORMAT_CSV) {
        if (first)
            csv_write_line(printer->out, state->column_names, state->column_count);
        csv_write_line(printer->out, cells, state->column_count);
    } else if (printer->format == OUTPUT_FORMAT_TSV) {
        if (first)
            tsv_write_line(printer->out, state->column_names, state->column_count);
        tsv_write_line(printer->out, cells, state->column_count);
    } else if (printer->format == OUTPUT_FORMAT_IDS) {
        const char *id = record_cell(state, "id");
        if (*id == '\0' && state->column_count)
            id = cells[0];
        fprintf(printer->out, "%s\n", id);
    }
    if (printer->format == OUTPUT_FORMAT_TABLE) {
        array_reserve((void **)&state->rows, &state->row_capacity, state->row_count + 1, sizeof *state->rows);
        state->rows[state->row_count++].cells = cells;
    } else {
        for (size_t i = 0; i < state->column_count; i++)
            free(cells[i]);
        free(cells);
    }
    string_list_free(&state->keys);
    string_list_free(&state->values);
}

static void rows_begin(struct printer *printer)
{
    struct rows_state *state = state_of(printer);
    if (printer->depth == 0)
        printer->records++;
    else if (printer->depth == 1 && state->cell.length == 0)
        state->separator = NULL;
    else if (printer->depth == 2)
        state->separator = "; ";
    if (printer->depth < PRINTER_MAX_DEPTH)
        printer->depth++;
}

static void rows_end(struct printer *printer)
{
    if (printer->depth == 0)
        return;
    printer->depth--;
    if (printer->depth == 1)
        cell_finish(printer);
    else if (printer->depth == 0)
        rows_record_done(printer);
}

static void rows_key(struct printer *printer, const char *key)
{
    struct rows_state *state = state_of(printer);
    if (printer->depth == 1) {
        string_list_append(&state->keys, key);
        buffer_reset(&state->cell);
        state->separator = NULL;
    }
}

/* A scalar value: part of a cell, or a whole cell at depth 1. */
static void rows_scalar(struct printer *printer, const char *text)
{
    cell_append(printer, text);
    cell_finish(printer);
}

static void rows_string(struct printer *printer, const char *value)
{
    /* Match marks are the printer's own; plain strings must not fake them. */
    char *plain = printer_unmark(value);
    rows_scalar(printer, plain);
    free(plain);
}

static void rows_marked_string(struct printer *printer, const char *marked)
{
    rows_scalar(printer, marked);
}

static void rows_integer(struct printer *printer, long long value)
{
    char text[32];
    snprintf(text, sizeof text, "%lld", value);
    rows_scalar(printer, text);
}

static void rows_real(struct printer *printer, double value, int decimals)
{
    char text[64];
    if (decimals < 0)
        snprintf(text, sizeof text, "%.*g", -decimals, value);
    else
        snprintf(text, sizeof text, "%.*f", decimals, value);
    rows_scalar(printer, text);
}

static void rows_boolean(struct printer *printer, bool value)
{
    rows_scalar(printer, value ? "yes" : "no");
}

static void rows_null(struct printer *printer)
{
    rows_scalar(printer, "");
}

/* The width of a terminal, from its file descriptor, or 0. */
static size_t terminal_columns(int descriptor)
{
    struct winsize size;
    if (descriptor >= 0 && isatty(descriptor) && ioctl(descriptor, TIOCGWINSZ, &size) == 0 && size.ws_col > 20)
        return size.ws_col;
    return 0;
}

/* The width to fit a table into: the output's terminal; else $COLUMNS;
 * else the controlling terminal's, as when piped into less (which shows it
 * on that terminal); else a default. */
static size_t output_width(FILE *out)
{
    size_t width = terminal_columns(fileno(out));
    if (width)
        return width;
    const char *columns = getenv("COLUMNS");
    if (columns && atoi(columns) > 20)
        return (size_t)atoi(columns);
    int tty = open("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC);
    if (tty >= 0) {
        width = terminal_columns(tty);
        close(tty);
        if (width)
            return width;
    }
    return TABLE_DEFAULT_WIDTH;
}

size_t printer_table_width(FILE *out)
{
    return output_width(out);
}

/* The columns the character at text takes, and its length in bytes in
 * *length. */
static size_t character_width(const unsigned char *text, size_t *length)
{
    *length = 1;
    while ((text[*length] & 0xC0) == 0x80)
        (*length)++;
    return utf8_display_width((const char *)text, *length);
}

/* Writes text cut to width columns (at a word, with an ellipsis, when it
 * must be cut) and padded with spaces to width; match marks become colour
 * or vanish. */
static void table_write_cell(FILE *out, const char *text, size_t width, bool pad, bool colour)
{
    size_t full = display_width(text);
    const unsigned char *at = (const unsigned char *)text;
    size_t written = 0;
    bool in_match = false;
    /* When the first match would fall outside the cell, start a little
     * before it instead, at a word, so that a cut snippet still shows
     * what matched. */
    const char *match = strchr(text, PRINTER_MATCH_START[0]);
    if (match && full > width && width > 12) {
        size_t before = display_width(text) - display_width(match);
        size_t lead = width / 4;
        if (before + 4 > width - 1 && before > lead) {
            size_t skip = before - lead, skipped = 0;
            while (*at && skipped < skip) {
                size_t length;
                skipped += character_width(at, &length);
                at += length;
            }
            /* On to the start of the next word, unless that passes the match. */
            const unsigned char *word = at;
            while (*word && *word != ' ' && (const char *)word < match)
                word++;
            if (*word == ' ' && (const char *)word < match) {
                while (*word == ' ')
                    word++;
                at = word;
            }
            fputs("…", out);
            written++;
            full = written + display_width((const char *)at);
        }
    }
    /* Where the text is cut when it does not fit: before the last word
     * that would not fit whole, unless that throws away too much. */
    const unsigned char *cut = NULL;
    if (full > width && width > 0) {
        size_t room = width - 1 - written, used = 0;
        const unsigned char *scan = at, *last_space = NULL;
        while (*scan) {
            size_t length;
            size_t columns = character_width(scan, &length);
            if (used + columns > room)
                break;
            if (*scan == ' ')
                last_space = scan;
            used += columns;
            scan += length;
        }
        cut = scan;
        if (*scan != ' ' && last_space != NULL &&
            display_width((const char *)at) - display_width((const char *)last_space) >= room * 2 / 3)
            cut = last_space;
        while (cut > at && cut[-1] == ' ')
            cut--;
    }
    while (*at && (cut == NULL || at < cut)) {
        if (*at == (unsigned char)PRINTER_MATCH_START[0] || *at == (unsigned char)PRINTER_MATCH_END[0]) {
            in_match = *at == (unsigned char)PRINTER_MATCH_START[0];
            if (colour)
                fputs(in_match ? COLOUR_MATCH : COLOUR_RESET, out);
            at++;
            continue;
        }
        size_t length;
        size_t columns = character_width(at, &length);
        unsigned char c = *at;
        /* Line breaks and tabs inside a cell would break the layout. */
        if (c == '\n' || c == '\r' || c == '\t') {
            putc(' ', out);
            columns = 1;
        } else {
            fwrite(at, 1, length, out);
        }
        at += length;
        written += columns;
    }
    if (colour && in_match)
        fputs(COLOUR_RESET, out);
    if (cut != NULL) {
        fputs("…", out);
        written++;
    }
    if (pad)
        for (; written < width; written++)
            putc(' ', out);
}

/* The rank of a column in the printer's table priority (lower gets room
 * first); columns it does not name come after, left to right. */
static size_t column_rank(const struct printer *printer, const struct rows_state *state, size_t column)
{
    size_t named = 0;
    for (; printer->priority && printer->priority[named]; named++)
        if (strcmp(printer->priority[named], state->column_names[column]) == 0)
            return named;
    return named + column;
}

/* Lays out the buffered rows as a table fitted to the output's width. */
static void table_finish(struct printer *printer)
{
    struct rows_state *state = state_of(printer);
    size_t columns = state->column_count;
    if (state->row_count == 0 || columns == 0)
        return;
    size_t *natural = checked_malloc(columns * sizeof *natural);
    size_t *widths = checked_malloc(columns * sizeof *widths);
    size_t *minimum = checked_malloc(columns * sizeof *minimum);
    size_t *by_rank = checked_malloc(columns * sizeof *by_rank);
    bool *kept = checked_malloc(columns * sizeof *kept);
    for (size_t c = 0; c < columns; c++) {
        natural[c] = display_width(state->column_names[c]);
        for (size_t r = 0; r < state->row_count; r++) {
            size_t width = display_width(state->rows[r].cells[c]);
            if (width > natural[c])
                natural[c] = width;
        }
        minimum[c] = natural[c] < TABLE_MIN_COLUMN_WIDTH ? natural[c] : TABLE_MIN_COLUMN_WIDTH;
        kept[c] = true;
        by_rank[c] = c;
    }
    for (size_t i = 1; i < columns; i++) /* insertion sort by rank: few columns */
        for (size_t k = i; k > 0 && column_rank(printer, state, by_rank[k]) < column_rank(printer, state, by_rank[k - 1]);
             k--) {
            size_t swap = by_rank[k];
            by_rank[k] = by_rank[k - 1];
            by_rank[k - 1] = swap;
        }
    /* Room is handed out by rank.  Short columns (an id, a date, a count)
     * come first, whole.  Then each longer column in turn gets a fair
     * share (more for the first: the title) while at least its minimum is
     * left; one that would get less is left out, so that the columns shown
     * are readable rather than all shredded.  What is left over then goes
     * to the columns shown, by rank, up to their whole width. */
    size_t limit = output_width(printer->out);
    size_t used = 0, shown = 0;
    for (size_t i = 0; i < columns; i++) {
        size_t c = by_rank[i];
        kept[c] = false;
        if (natural[c] > TABLE_NARROW_COLUMN)
            continue;
        size_t gap = shown ? 2 : 0;
        if (used + gap + natural[c] <= limit || shown == 0) {
            kept[c] = true;
            widths[c] = natural[c];
            used += gap + natural[c];
            shown++;
        }
    }
    bool first_long = true;
    for (size_t i = 0; i < columns; i++) {
        size_t c = by_rank[i];
        if (natural[c] <= TABLE_NARROW_COLUMN)
            continue;
        size_t gap = shown ? 2 : 0;
        size_t share = first_long ? TABLE_FIRST_SHARE : TABLE_SHARE;
        size_t want = natural[c] < share ? natural[c] : share;
        size_t room = limit > used + gap ? limit - used - gap : 0;
        if (room >= minimum[c] || shown == 0) {
            kept[c] = true;
            widths[c] = want < room ? want : (room ? room : 1);
            used += gap + widths[c];
            shown++;
        }
        first_long = false;
    }
    size_t room = limit > used ? limit - used : 0;
    for (size_t i = 0; i < columns && room > 0; i++) {
        size_t c = by_rank[i];
        if (!kept[c])
            continue;
        size_t more = natural[c] > widths[c] ? natural[c] - widths[c] : 0;
        more = more < room ? more : room;
        widths[c] += more;
        room -= more;
    }
    size_t last = 0;
    for (size_t c = 0; c < columns; c++)
        if (kept[c])
            last = c;
    bool colour = printer->colour;
    bool first = true;
    for (size_t c = 0; c < columns; c++) {
        if (!kept[c])
            continue;
        if (!first)
            fputs("  ", printer->out);
        first = false;
        if (colour)
            fputs(COLOUR_HEADER, printer->out);
        table_write_cell(printer->out, state->column_names[c], widths[c], c != last, false);
        if (colour)
            fputs(COLOUR_RESET, printer->out);
    }
    putc('\n', printer->out);
    for (size_t r = 0; r < state->row_count; r++) {
        first = true;
        for (size_t c = 0; c < columns; c++) {
            if (!kept[c])
                continue;
            if (!first)
                fputs("  ", printer->out);
            first = false;
            table_write_cell(printer->out, state->rows[r].cells[c], widths[c], c != last, colour);
        }
        putc('\n', printer->out);
    }
    free(natural);
    free(widths);
    free(minimum);
    free(by_rank);
    free(kept);
}

/* A single value (not a stream): its keys and cells as aligned lines. */
static void single_finish(struct printer *printer)
{
    struct rows_state *state = state_of(printer);
    if (state->row_count == 0)
        return;
    size_t key_width = 0;
    for (size_t c = 0; c < state->column_count; c++)
        if (display_width(state->column_names[c]) > key_width)
            key_width = display_width(state->column_names[c]);
    for (size_t c = 0; c < state->column_count; c++) {
        table_write_cell(printer->out, state->column_names[c], key_width, true, false);
        fputs("  ", printer->out);
        table_write_cell(printer->out, state->rows[0].cells[c], display_width(state->rows[0].cells[c]), false,
                         printer->colour);
        putc('\n', printer->out);
    }
}

static void rows_finish(struct printer *printer)
{
    if (printer->format == OUTPUT_FORMAT_TABLE) {
        if (printer->stream)
            table_finish(printer);
        else
            single_finish(printer);
    }
}

static void rows_destroy(struct printer *printer)
{
    struct rows_state *state = state_of(printer);
    for (size_t r = 0; r < state->row_count; r++) {
        for (size_t c = 0; c < state->column_count; c++)
            free(state->rows[r].cells[c]);
        free(state->rows[r].cells);
    }
    free(state->rows);
    for (size_t c = 0; c < state->column_count; c++)
        free(state->column_names[c]);
    free(state->column_names);
    string_list_free(&state->keys);
    string_list_free(&state->values);
    buffer_free(&state->cell);
    free(state);
}

const struct printer_operations printer_rows_operations = {
    .create = rows_create,
    .begin_map = rows_begin,
    .begin_list = rows_begin,
    .end = rows_end,
    .key = rows_key,
    .string = rows_string,
    .marked_string = rows_marked_string,
    .integer = rows_integer,
    .real = rows_real,
    .boolean = rows_boolean,
    .null = rows_null,
    .finish = rows_finish,
    .destroy = rows_destroy,
};
