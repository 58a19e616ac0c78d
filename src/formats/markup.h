/* markup.h — what the libxml2 formats (sgml.c, rcv1.c, nitf.c) share
 * (internal to the library; not a public header).
 *
 * Small conveniences over libxml2's tree (finding elements, taking their
 * text as owned UTF-8), the byte feed that hands a reader to libxml2 while
 * counting lines, and the field builders that turn a format's byline and
 * dateline text into the article model the way the wire parser does.
 */
#ifndef NEWSIDX_MARKUP_H
#define NEWSIDX_MARKUP_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "newsidx/article.h"
#include "newsidx/error.h"
#include "newsidx/reader.h"

/* Parser options for every libxml2 parse: no network, no messages on
 * stderr (errors are counted through markup_count_error instead), line
 * numbers past 65535. */
#define MARKUP_XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES)

/* Feeds a reader's bytes to libxml2 (as an xmlInputReadCallback context)
 * and notes, as they pass, the line of every occurrence of one end tag, so
 * that an element's last line is known exactly. */
struct markup_feed {
    struct reader *reader;   /* where the bytes come from */
    struct error *error;     /* receives a read failure */
    bool failed;             /* reading failed; error is set */
    size_t limit;            /* most bytes to hand over (0: no limit) */
    bool over_limit;         /* the limit was reached */
    size_t element_limit;    /* most bytes from one end tag to the next (0: no limit) */
    size_t element_start;    /* bytes handed over up to the end of the last end tag */
    bool element_over_limit; /* an element ran past element_limit */
    size_t total;            /* bytes handed over so far */
    long line;               /* 1-based line of the next byte */
    const char *end_tag;     /* the end tag to watch for ("</nitf>"), or NULL */
    size_t matched;          /* bytes of end_tag matched so far */
    long *end_lines;         /* lines of end tags seen and not yet taken */
    size_t end_count;        /* how many are held */
    size_t end_capacity;     /* allocated slots in end_lines */
    size_t end_taken;        /* how many of them have been taken */
};

/* Sets up a feed from reader watching for end_tag (may be NULL); limit 0
 * means no limit.  Set element_limit afterwards to bound the bytes of one
 * element (from one end_tag to the next): past it, the feed ends early and
 * sets element_over_limit, so that memory stays bounded by the story. */
void markup_feed_init(struct markup_feed *feed, struct reader *reader, const char *end_tag,
                      size_t limit, struct error *error);

/* The xmlInputReadCallback: context is a struct markup_feed. */
int markup_feed_read(void *context, char *buffer, int length);

/* Takes the line of the next end tag seen (in document order), or returns
 * fallback when none is held. */
long markup_feed_take_end_line(struct markup_feed *feed, long fallback);

/* Frees the feed's memory (not the reader). */
void markup_feed_free(struct markup_feed *feed);

/* Counts libxml2 errors: an xmlStructuredErrorFunc whose context is a
 * struct markup_errors. */
void markup_count_error(void *context, xmlErrorPtr error);

/* The same for libxml2's parser context's SAX serror slot, whose context
 * is the parser context: counts into the struct markup_errors that the
 * context's _private points at. */
void markup_count_parser_error(void *parser_context, xmlErrorPtr error);

/* What markup_count_error collected. */
struct markup_errors {
    long count;          /* errors reported */
    long first_line;     /* line of the first, 0 when none */
    char first[256];     /* the first message, one line, "" when none */
    bool too_deep;       /* libxml2 stopped at elements nested deeper than it
                            parses (xmlParserMaxDepth, 256): what lies below is
                            lost, so the input must be refused, not recovered */
};

/* The message for input refused because markup_errors.too_deep: "elements
 * nested more than 256 deep, not news markup". */
const char *markup_too_deep_message(void);

/* The first child element of parent named name, or NULL. */
xmlNodePtr markup_child(xmlNodePtr parent, const char *name);

/* The next sibling element after node named name, or NULL. */
xmlNodePtr markup_next(xmlNodePtr node, const char *name);

/* The first element named name below node, depth first, or NULL. */
xmlNodePtr markup_find(xmlNodePtr node, const char *name);

/* True when node is an element named name. */
bool markup_is(xmlNodePtr node, const char *name);

/* Has every text taken from document's nodes (markup_text,
 * markup_attribute, markup_append_content and what is built on them) that
 * was not valid UTF-8 counted into *repairs; NULL stops counting.  Those
 * functions are where markup text enters an article: they repair each
 * ill-formed byte to U+FFFD, so that every string reaching a pattern match
 * or the store is valid UTF-8.  (Uses the document's _private slot.) */
void markup_count_text_repairs(xmlDocPtr document, long *repairs);

/* Appends the content of a text or CDATA node, repaired to UTF-8, to out. */
void markup_append_content(struct buffer *out, xmlNodePtr node);

/* The text content of node (its descendants' text, entities resolved) as a
 * new string, repaired to UTF-8; "" for NULL. */
char *markup_text(xmlNodePtr node);

/* The text content of node with white space runs that hold a line end
 * collapsed to one space and the ends trimmed: a new string. */
char *markup_text_collapsed(xmlNodePtr node);

/* The attribute's value as a new string (repaired to UTF-8), or NULL when absent.  ns is a
 * namespace URI or NULL for an attribute without namespace. */
char *markup_attribute(xmlNodePtr node, const char *name, const char *ns);

/* A new string: text with white space runs that hold a line end replaced
 * by one space, and the ends trimmed (U+00A0 included). */
char *markup_collapse(const char *text);

/* The line of node in its document (1-based), or 0. */
long markup_line(xmlNodePtr node);

/* Appends the names of a byline element's text ("by Janie Gabbett,
 * Reuters", "Henry Tricks", "By A and B") to names: a leading By/by is
 * dropped, as is a trailing ", Reuters"/", Reuter"; names are split as the
 * wire byline is; a byline the wire rules cannot split is kept as one
 * name.  A NULL element adds nothing. */
void markup_byline_names(xmlNodePtr element, struct string_list *names);

/* Builds a dateline from the text of a dateline element: "SALVADOR, Feb 26
 * - " (Reuters-21578) or "BRUSSELS 1996-08-20" (RCV1).  raw is the text
 * without the closing dash; a trailing ISO date (YYYY-MM-DD) becomes the
 * date; places, region and a written date come from the wire dateline
 * rules; failing those, a "Month D" after the last comma is the date and
 * each '/'-separated part before it is a place split at its comma.
 * Returns NULL for a NULL element or empty text. */
struct dateline *markup_dateline(xmlNodePtr element);

#endif
