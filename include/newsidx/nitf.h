/* nitf.h — NITF 3.6 XML: articles out (xmlTextWriter) and back in.
 *
 * newsidx writes a stream of articles as one XML document: a
 * <nitf-collection> root holding one <nitf> per article, written as it
 * comes (memory is bounded by one article).  Each <nitf> is NITF 3.6 and
 * declares the namespace NITF_EXTENSION_NAMESPACE (prefix "nx") for the
 * few facts NITF has no place for, so that reading an export back gives
 * the same article JSON.  README.md, "NITF mapping", has the full table;
 * in short:
 *   title            head/title and body.head/hedline/hl1 (nx:repeats)
 *   source           head/meta name="newsidx:source-file" | "…first-line" | "…last-line"
 *   published        head/docdata/date.issue/@norm
 *   tags             head/docdata/identified-content/classifier/@type, @value
 *   id (stored)      head/docdata/doc-id/@id-string (ignored when read)
 *   notes            body.head/note/body.content/p
 *   byline           body.head/byline/person
 *   dateline         body.head/dateline: the raw text, with location/city,
 *                    location/region, story.date and org (the agency) marked
 *                    where they occur in it (else nx:raw holds it)
 *   captions         body.content/media[@media-type="image"]: media-caption,
 *                    media-producer (the credit, photographers as person),
 *                    media-metadata name="date" | "file-photo"
 *   paragraphs       body.content/p;  subheads: body.content/hl2 in place
 *   links            body.content/ul[@class="links"]/li/a/@href
 *   credits_raw      body.end/tagline; credits: tagline/person with
 *                    nx:role and nx:location
 * Reading accepts any NITF (a bare <nitf> root, or <nitf> elements at any
 * depth): what it lacks is left empty; source defaults to the NITF input
 * and the lines of its <nitf> element.
 */
#ifndef NEWSIDX_NITF_H
#define NEWSIDX_NITF_H

#include <stdio.h>

#include "newsidx/input.h"

/* The most bytes of one <nitf> element: libxml2 builds each in memory
 * before it is read, so a longer one (no news story is 16 MiB) fails the
 * input, with the articles before it kept, rather than taking memory
 * without bound. */
#define NITF_MAX_ARTICLE_BYTES (16u * 1024u * 1024u)

/* The namespace of newsidx's extension attributes (prefix "nx"). */
#define NITF_EXTENSION_NAMESPACE "urn:x-newsidx:nitf-extension:1"

struct nitf_writer;

/* Starts an NITF document on out (the XML declaration and the
 * <nitf-collection> root).  Returns 0, or -1 with error set. */
int nitf_writer_open(struct nitf_writer **writer, FILE *out, struct error *error);

/* Writes one article as a <nitf> element.  Strings are written as UTF-8
 * (ill-formed sequences repaired); characters XML 1.0 cannot hold (C0
 * controls other than tab and line ends, U+FFFE, U+FFFF) are left out.
 * Returns 0, or -1 with error set when writing failed. */
int nitf_writer_add(struct nitf_writer *writer, const struct article *article, struct error *error);

/* Closes the root, flushes, and frees the writer (NULL is allowed).
 * Returns 0, or -1 with error set when writing failed at any point. */
int nitf_writer_finish(struct nitf_writer *writer, struct error *error);

/* Parses the reader's NITF XML with libxml2's streaming reader, one <nitf>
 * element at a time (memory is bounded by one element), calling callback
 * for each article and adding to *stats (may be NULL).  Returns 0, or -1
 * with error set: a read error, XML that is not well-formed (articles
 * before the fault have been delivered), no <nitf> element at all, or a
 * failed callback. */
int nitf_parse(struct reader *reader, const char *source_name, struct input_stats *stats,
               article_callback callback, void *context, struct error *error);

#endif
