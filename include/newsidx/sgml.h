/* sgml.h — Reuters-21578 SGML (reut2-NNN.sgm) as articles.
 *
 * A file holds many <REUTERS NEWID=…> documents.  sgml_parse() streams it
 * one document at a time (memory is bounded by one document): it cuts the
 * text into single <REUTERS>…</REUTERS> documents, repairs in each what an
 * XML parser cannot take (sgml_repair), parses the result with libxml2's
 * XML parser in recovery mode, and turns the tree into one article.
 *
 * Why not libxml2's HTML parser, the usual tool for SGML-ish input: it
 * knows <TITLE> and <BODY> as HTML elements, and drops a <BODY> it finds
 * misplaced (inside <TEXT>, where every Reuters-21578 body is) and moves
 * <TITLE> to a <head>.  Why not the XML parser alone: the files hold
 * control-character references (&#2; &#3; &#22; &#31; …) that XML forbids,
 * the odd unknown entity and stray '<', and SGML-style omitted end tags.
 *
 * Every document becomes exactly one article, whatever is wrong with it:
 *   title      TITLE
 *   byline     AUTHOR ("    by Janie Gabbett, Reuters" gives Janie Gabbett)
 *   dateline   DATELINE ("SALVADOR, Feb 26 - ": raw "SALVADOR, Feb 26",
 *              place SALVADOR, date "Feb 26")
 *   paragraphs BODY: an indented line starts a paragraph, hard-wrapped lines
 *              are joined with one space, the closing "Reuter" and control
 *              characters are dropped.  TEXT TYPE="UNPROC": the whole TEXT.
 *              TYPE="BRIEF": none (a brief is its title).  A NORM document
 *              without BODY: the loose text of TEXT, if any.
 *   published  DATE "26-FEB-1987 15:01:01.79" gives "1987-02-26T15:01:01.79"
 *              (ISO 8601 extended format, local time of the wire, no zone,
 *              the fraction as written); null when DATE does not parse
 *   tags       the <D> codes of TOPICS, PLACES, PEOPLE, ORGS, EXCHANGES and
 *              COMPANIES, schemes "topics", "places", "people", "orgs",
 *              "exchanges", "companies", in document order
 *   source     first_line/last_line: the lines of <REUTERS …> and </REUTERS>
 */
#ifndef NEWSIDX_SGML_H
#define NEWSIDX_SGML_H

#include <stddef.h>

#include "newsidx/input.h"

/* The longest document sgml_parse holds; a document still open past this is
 * parsed as far as it got (one repair) and the rest of it skipped. */
#define SGML_MAX_DOCUMENT_BYTES (16u * 1024u * 1024u)

/* Parses the reader's Reuters-21578 documents, calling callback for each
 * article (source.file = source_name) and adding to *stats (may be NULL):
 * articles, repairs, control characters dropped, and article_repairs for
 * the document being delivered.  Returns 0, or -1 on a read error or when
 * the callback failed. */
int sgml_parse(struct reader *reader, const char *source_name, struct input_stats *stats,
               article_callback callback, void *context, struct error *error);

/* Turns one Reuters-21578 document (UTF-8 text from "<REUTERS" to
 * "</REUTERS>") into well-formed XML appended to out:
 *   - control-character references (&#2; …) and raw control bytes are
 *     dropped (counted in *control_characters, not as repairs);
 *   - an entity XML does not predefine becomes its character when HTML
 *     knows it (&eacute;), else stays as literal text; a bare '&' becomes
 *     text; a stray '<' becomes text; a '>' that closes no "&lt;" before it
 *     in the same element's text is stray (it stays as text; "&lt;Andina
 *     Cacao SA>" is how the wire marks company names, not a repair);
 *   - tag names and attribute names are upper-cased, attribute values
 *     quoted, duplicate attributes dropped;
 *   - end tags SGML lets a document omit are inferred from the
 *     Reuters-21578 DTD's content models (a <DATELINE> after an unclosed
 *     <TITLE> closes it), stray end tags are dropped, and whatever is open
 *     at the end is closed; an element no open element may hold stays
 *     where it is (it is found wherever it is).
 * Each of these except the dropped control characters adds one to
 * *repairs. */
void sgml_repair(const char *document, size_t length, struct buffer *out, long *repairs,
                 long *control_characters);

/* Converts a Reuters-21578 DATE ("26-FEB-1987 15:01:01.79", day of one or
 * two digits, any case) to ISO 8601 ("1987-02-26T15:01:01.79"; without a
 * time "1987-02-26").  Returns a new string, or NULL when the text is no
 * such date. */
char *sgml_date_iso(const char *date);

/* Appends the paragraphs of a body's text to paragraphs: an indented line
 * (space or tab) or a blank line starts a new paragraph, other lines
 * continue the current one joined by one space, a closing "Reuter"
 * sign-off and paragraphs of only '*' are dropped. */
void sgml_body_paragraphs(const char *body, struct string_list *paragraphs);

#endif
