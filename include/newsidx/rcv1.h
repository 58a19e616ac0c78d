/* rcv1.h — RCV1 (Reuters Corpus Volume 1) newsitem XML as articles.
 *
 * An RCV1 item is one XML file (declared ISO-8859-1) holding one
 * <newsitem itemid=… date=…>.  libxml2 parses it (recovering from errors,
 * which are counted as repairs); the fields map as:
 *   title      <headline> (else <title>, which carries a "COUNTRY: " prefix)
 *   byline     <byline> names ("By " and ", Reuters" dropped; "A and B" split)
 *   dateline   <dateline>: "BRUSSELS 1996-08-20" gives raw "BRUSSELS
 *              1996-08-20", place BRUSSELS, date "1996-08-20"; a region
 *              after a comma and '/'-separated places as in wire datelines
 *   paragraphs each <text><p>, hard line ends joined by one space
 *   published  the date attribute as written (an ISO 8601 date, "1996-08-20")
 *   tags       <metadata><codes class="bip:topics:1.0"><code code="…">:
 *              scheme from the class ("topics", "countries", "industries"),
 *              in document order
 *   source     first_line/last_line: the lines of <newsitem …> and </newsitem>
 * A file whose root wraps several newsitems gives one article per item.
 * A directory of items is read through input_expand_directory().
 */
#ifndef NEWSIDX_RCV1_H
#define NEWSIDX_RCV1_H

#include "newsidx/input.h"

/* The largest RCV1 file read; items are a few KiB. */
#define RCV1_MAX_FILE_BYTES (64u * 1024u * 1024u)

/* Parses the reader's RCV1 XML, calling callback for each newsitem's
 * article (source.file = source_name) and adding to *stats (may be NULL).
 * Returns 0, or -1 with error set: a read error, a file larger than
 * RCV1_MAX_FILE_BYTES, no newsitem in it, or a failed callback. */
int rcv1_parse(struct reader *reader, const char *source_name, struct input_stats *stats,
               article_callback callback, void *context, struct error *error);

#endif
