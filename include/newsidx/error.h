/* error.h — how the library layers report failure.
 *
 * A function that can fail returns 0 on success and -1 on failure, and fills
 * the caller's struct error with one line saying what failed and why
 * ("cannot open 'x.txt': No such file or directory").  Only the CLI prints
 * it, once, as "newsidx: <message>".
 */
#ifndef NEWSIDX_ERROR_H
#define NEWSIDX_ERROR_H

/* The kinds of failure, matching the exit statuses of SPEC section 3. */
enum error_kind {
    ERROR_NONE = 0,    /* no error has been recorded */
    ERROR_RUNTIME = 1, /* I/O, database, unreadable input: exit status 1 */
    ERROR_USAGE = 2    /* bad option, bad query syntax: exit status 2 */
};

/* One error: its kind and a one-line message without trailing newline. */
struct error {
    enum error_kind kind; /* what sort of failure this is */
    char message[1024];   /* the one-line message, lower-case, no full stop */
};

/* Records a runtime error, formatting the message like printf.  Returns -1,
 * so that callers can write `return error_set(error, ...)`. */
int error_set(struct error *error, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* Records a usage error (exit status 2), formatting like printf; returns -1. */
int error_set_usage(struct error *error, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* Clears an error back to ERROR_NONE with an empty message. */
void error_clear(struct error *error);

#endif
