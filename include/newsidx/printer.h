/* printer.h — the one output layer every command prints through.
 *
 * A command describes its results as values — maps, lists, strings, numbers —
 * and the printer renders them in the chosen format, the way notmuch's
 * sprinter does.  A printer either prints a stream of records (search hits,
 * articles: an array in JSON, one line each in NDJSON) or one single value
 * (a summary, the stats).  No other code formats JSON.
 */
#ifndef NEWSIDX_PRINTER_H
#define NEWSIDX_PRINTER_H

#include <stdbool.h>
#include <stdio.h>

/* The output formats of SPEC section 3. */
enum output_format {
    OUTPUT_FORMAT_NONE = 0, /* not chosen: the command picks its default */
    OUTPUT_FORMAT_JSON,     /* one JSON array of records, or one JSON value */
    OUTPUT_FORMAT_NDJSON,   /* one compact JSON record per line */
    OUTPUT_FORMAT_TABLE,    /* aligned columns for people */
    OUTPUT_FORMAT_CSV,      /* RFC 4180 */
    OUTPUT_FORMAT_IDS,      /* one id per line */
    OUTPUT_FORMAT_XML,      /* NITF XML (export only) */
    OUTPUT_FORMAT_TSV       /* tab-separated values, with \t \n \r \\ escaped */
};

struct printer;

/* Creates a printer writing to out.  With stream true, each top-level value
 * is one record of a result stream; with stream false, exactly one top-level
 * value is printed. */
struct printer *printer_new(enum output_format format, FILE *out, bool stream);

/* Starts a map (JSON object); keys and values follow, then printer_end(). */
void printer_begin_map(struct printer *printer);

/* Starts a list (JSON array); values follow, then printer_end(). */
void printer_begin_list(struct printer *printer);

/* Ends the innermost open map or list. */
void printer_end(struct printer *printer);

/* Names the next value inside a map. */
void printer_key(struct printer *printer, const char *key);

/* Prints a string value; NULL prints null.  Invalid UTF-8 is repaired. */
void printer_string(struct printer *printer, const char *value);

/* Marks that open and close a highlighted match inside a marked string. */
#define PRINTER_MATCH_START "\x02"
#define PRINTER_MATCH_END "\x03"

/* Prints a string in which matches are wrapped in PRINTER_MATCH_START and
 * PRINTER_MATCH_END: a table shows them in colour (or plain without colour),
 * the other formats print the text with the marks removed. */
void printer_marked_string(struct printer *printer, const char *marked);

/* Prints the matches of a marked string as a list of [start, length] pairs,
 * counted in Unicode characters of the unmarked text, for scripts that mark
 * matches their own way. */
void printer_match_positions(struct printer *printer, const char *marked);

/* Prints an integer value. */
void printer_integer(struct printer *printer, long long value);

/* Prints a floating-point value with the given number of decimals, or,
 * when decimals is negative, with that many significant digits. */
void printer_real(struct printer *printer, double value, int decimals);

/* Prints a boolean value. */
void printer_boolean(struct printer *printer, bool value);

/* Prints null. */
void printer_null(struct printer *printer);

/* Chooses which keys of each record the row formats (table, csv, ids) show,
 * in order; columns is NULL-terminated and must outlive the printer. */
void printer_set_columns(struct printer *printer, const char *const *columns);

/* The width a table printed to out is fitted to: out's terminal, else
 * $COLUMNS, else the controlling terminal's, else 120 characters. */
size_t printer_table_width(FILE *out);
/* Keeps only these keys of each record (NULL-terminated, must outlive
 * the printer), in every format: the JSON back end leaves the others out
 * (in the record's own order), and it is the row formats' columns as
 * printer_set_columns() sets them. */
void printer_select_keys(struct printer *printer, const char *const *keys);

/* Says which columns of a table get room first when it is wider than the
 * terminal (NULL-terminated; columns not named come after, left to right).
 * Columns short enough are never cut; longer ones are cut to fit, the last
 * in this order first, and a column that would be cut narrower than is
 * useful is left out, the last first.  Without it, left to right. */
void printer_set_table_priority(struct printer *printer, const char *const *columns);

/* Turns escape sequences (bold headers, highlighted matches) in a table on
 * or off; off unless set. */
void printer_set_colour(struct printer *printer, bool colour);

/* Finishes the output (closing a JSON array, laying out a table), flushes,
 * and frees the printer.  Returns 0, or -1 when writing failed. */
int printer_finish(struct printer *printer);

/* Parses a format name ("json", "ndjson", "table", "csv", "tsv", "ids", "xml");
 * returns OUTPUT_FORMAT_NONE for anything else. */
enum output_format output_format_from_name(const char *name);

#endif
