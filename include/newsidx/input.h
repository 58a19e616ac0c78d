/* input.h — any input, in any format, as a stream of articles.
 *
 * The one entry point the commands use to read: it detects the format from
 * the content (unless told) and hands the reader to that format's parser.
 */
#ifndef NEWSIDX_INPUT_H
#define NEWSIDX_INPUT_H

#include "newsidx/reader.h"
#include "newsidx/wire.h"

/* Parses everything the reader holds as format (INPUT_FORMAT_UNKNOWN:
 * detect it), calling callback for each article with source.file set to
 * source_name.  Returns 0, or -1 with error set. */
int input_parse(struct reader *reader, enum input_format format, const char *source_name,
                article_callback callback, void *context, struct error *error);

#endif
