/* error.c — recording one-line errors for the CLI to print. */
#include "newsidx/error.h"

#include <stdarg.h>
#include <stdio.h>

static int error_record(struct error *error, enum error_kind kind,
                        const char *format, va_list arguments)
    __attribute__((format(printf, 3, 0)));

static int error_record(struct error *error, enum error_kind kind,
                        const char *format, va_list arguments)
{
    if (error == NULL)
        return -1;
    error->kind = kind;
    vsnprintf(error->message, sizeof error->message, format, arguments);
    return -1;
}

int error_set(struct error *error, const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    error_record(error, ERROR_RUNTIME, format, arguments);
    va_end(arguments);
    return -1;
}

int error_set_usage(struct error *error, const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    error_record(error, ERROR_USAGE, format, arguments);
    va_end(arguments);
    return -1;
}

void error_clear(struct error *error)
{
    error->kind = ERROR_NONE;
    error->message[0] = '\0';
}
