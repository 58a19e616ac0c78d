/* input.c — choosing the parser for an input. */
#include "newsidx/input.h"

int input_parse(struct reader *reader, enum input_format format, const char *source_name,
                article_callback callback, void *context, struct error *error)
{
    if (format == INPUT_FORMAT_UNKNOWN)
        format = reader_detect_format(reader);
    switch (format) {
    case INPUT_FORMAT_WIRE:
        return wire_parse(reader, source_name, callback, context, error);
    default:
        return error_set(error, "cannot read '%s': the %s format is not supported yet",
                         source_name, input_format_name(format));
    }
}
