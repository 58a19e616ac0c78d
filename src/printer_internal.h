/* printer_internal.h — what a printer back end implements.
 *
 * printer.c keeps the common state (format, stream mode, output) and calls
 * one of these tables; each back end lives in its own printer_*.c file.
 */
#ifndef NEWSIDX_PRINTER_INTERNAL_H
#define NEWSIDX_PRINTER_INTERNAL_H

#include "newsidx/printer.h"

/* The operations of one back end; each receives the printer. */
struct printer_operations {
    void (*create)(struct printer *printer);    void (*begin_map)(struct printer *printer);
    void (*begin_list)(struct printer *printer);
    void (*end)(struct printer *printer);
    void (*key)(struct printer *printer, const char *key);
    void (*string)(struct printer *printer, const char *value);
    void (*marked_string)(struct printer *printer, const char *marked);
    void (*integer)(struct printer *printer, long long value);
    void (*real)(struct printer *printer, double value, int decimals);
    void (*boolean)(struct printer *printer, bool value);
    void (*null)(struct printer *printer);
    void (*finish)(struct printer *printer);
    void (*destroy)(struct printer *printer);
};

/* The deepest nesting of maps and lists a printer follows. */
#define PRINTER_MAX_DEPTH 32

/* The state every back end shares. */
struct printer {
    const struct printer_operations *operations; /* the back end */
    enum output_format format;    /* the format being printed */
    FILE *out;                    /* where output goes */
    bool stream;                  /* top-level values are records of a stream */
    int depth;                    /* open maps/lists */
    long records;                 /* top-level records begun so far */
    size_t items[PRINTER_MAX_DEPTH + 1]; /* values printed so far at each depth */
    char closing[PRINTER_MAX_DEPTH + 1]; /* the bracket that ends each open level */
    bool after_key;               /* a key was printed and awaits its value */
    const char *const *columns;   /* keys the row formats show, or NULL */
    const char *const *selected;  /* the only keys of a record printed at all, or NULL */
    const char *const *priority;  /* which table columns get room first, or NULL */
    bool colour;                  /* a table may use escape sequences */
    int front_depth;              /* open maps and lists, as the front counts them */
    int skip_depth;               /* inside an unselected key's value: the depth it
                                     started at, else -1 */
    void *backend;                /* back-end private state */
};

/* The JSON/NDJSON back end. */
extern const struct printer_operations printer_json_operations;

/* The row back ends: table, csv, ids. */
extern const struct printer_operations printer_rows_operations;

/* Returns marked with the match marks removed (caller frees). */
char *printer_unmark(const char *marked);

/* Writes s as a JSON string literal (quotes included) to out. */
void json_write_string(FILE *out, const char *s);

#endif
