/* input.h — any input, in any format, as a stream of articles.
 *
 * The one entry point the commands use to read: it detects the format from
 * the content (unless told) and hands the reader to that format's parser:
 * wire text (wire.h), Reuters-21578 SGML (sgml.h), RCV1 XML (rcv1.h) or
 * NITF XML (nitf.h).
 */
#ifndef NEWSIDX_INPUT_H
#define NEWSIDX_INPUT_H

#include "newsidx/reader.h"
#include "newsidx/text.h"
#include "newsidx/wire.h"

/* What parsing found besides the articles themselves, for a summary.
 * Counters add up over every input_parse_counted() call given the same
 * struct; zero it before the first. */
struct input_stats {
    long articles;           /* articles handed to the callback */
    long repairs;            /* malformed parts repaired: stray '<' or '>', unknown
                                entities, unclosed or stray tags, XML errors
                                libxml2 recovered from, cut-off documents */
    long control_characters; /* control characters dropped (Reuters-21578's &#2;,
                                &#3;, &#22;, &#31; … markers, raw control bytes) */
    long article_repairs;    /* repairs within the document of the article being
                                handed to the callback right now (read it there) */
};

/* Why an input that looks like no news format is not read, for messages. */
#define INPUT_NOT_NEWS_REASON \
    "it does not look like news (wire text, Reuters-21578 SGML, RCV1 or NITF XML); " \
    "--input-format=wire reads it as wire text anyway"

/* The format's name for people: "wire text", "Reuters-21578 SGML", … */
const char *input_format_description(enum input_format format);

/* Decides how to read an input: as forced (--input-format), unless its
 * content clearly is another format, which is an error (a dump forced
 * through the wrong parser would store nonsense, or nothing, without a
 * word); else as detected.  Sets *format; INPUT_FORMAT_UNKNOWN means the
 * input looks like no news format at all (nothing forced).  Returns 0, or
 * -1 with error set. */
int input_choose_format(struct reader *reader, enum input_format forced, const char *source_name,
                        enum input_format *format, struct error *error);

/* Parses everything the reader holds as format (INPUT_FORMAT_UNKNOWN:
 * detect it), calling callback for each article with source.file set to
 * source_name.  Returns 0, or -1 with error set. */
int input_parse(struct reader *reader, enum input_format format, const char *source_name,
                article_callback callback, void *context, struct error *error);

/* input_parse(), adding what it found to *stats (which may be NULL). */
int input_parse_counted(struct reader *reader, enum input_format format,
                        const char *source_name, struct input_stats *stats,
                        article_callback callback, void *context, struct error *error);

/* Which files of a directory to read: glob patterns (fnmatch) for their
 * paths below the directory.  A pattern with a '/' is matched against the
 * whole relative path ("2019/feb-*.txt"), one without against the file name
 * ("*.txt"); an --exclude pattern without '/' also matches a folder's name
 * and leaves out everything in it ("drafts"). */
struct input_filter {
    const struct string_list *include; /* read only files matching one of these (none: all) */
    const struct string_list *exclude; /* never read files matching one of these */
};

/* When path names a directory, appends the paths of the regular files in it
 * and in its subdirectories (depth first, names sorted byte-wise, hidden
 * entries and symbolic links to directories skipped) that the filter lets
 * through (filter may be NULL: all) to files and returns 1; returns 0,
 * appending nothing, when path is not a directory (or is "-"); -1 with
 * error set when the directory cannot be read.  This is how a directory of
 * RCV1 items (one file per story) is read. */
int input_expand_directory(const char *path, const struct input_filter *filter, struct string_list *files,
                           struct error *error);

/* Frees what the parsers keep for the life of the process (compiled
 * patterns, libxml2's global state); call once before exit. */
void input_release(void);

#endif
