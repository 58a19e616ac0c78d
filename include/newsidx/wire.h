/* wire.h — wire text: split a dump into stories and extract their fields.
 *
 * wire_parse() streams a reader's lines into blocks (runs of non-blank
 * lines), anchors each story on its dateline paragraph, walks back from it to
 * the headline, and hands every finished article to a callback.  Only the
 * blocks of the story being assembled are held in memory.
 *
 * The extractors below are the pieces it is made of; they are public so that
 * tests can exercise each one on its own.  Each takes one block of text (a
 * paragraph with its lines joined by single spaces, trimmed), which must be
 * valid UTF-8: the patterns do not check it again (src/wire/pattern.c).
 */
#ifndef NEWSIDX_WIRE_H
#define NEWSIDX_WIRE_H

#include <stdbool.h>
#include <stddef.h>

#include "newsidx/article.h"
#include "newsidx/error.h"
#include "newsidx/reader.h"

/* Receives each parsed article.  The article is freed by the parser when the
 * callback returns; the callback may take fields it wants by setting them to
 * NULL.  Returning -1 (with error set) stops parsing. */
typedef int (*article_callback)(struct article *article, void *context, struct error *error);

/* Parses the reader's wire text and calls callback for each article, with
 * source.file set to source_name.  Returns 0, or -1 on a read error or when
 * the callback failed (articles before the failure have been delivered). */
int wire_parse(struct reader *reader, const char *source_name, article_callback callback,
               void *context, struct error *error);

/* When block opens with a dateline ("KIEV (Reuters) – …", "SALVADOR, Feb 26
 * - …"), returns a new dateline and sets *text_start to the offset where the
 * paragraph text begins after the dash; otherwise returns NULL. */
struct dateline *wire_dateline_parse(const char *block, size_t *text_start);

/* As wire_dateline_parse(), but also finds a dateline glued after header
 * furniture in the same block: a note in parentheses, a "By …" byline or
 * summary bullets ("(Adds detail) By Ann Lee NEW YORK (Reuters) - …").  Sets
 * *dateline_start to where the dateline begins (0 when nothing precedes it)
 * and *text_start to where the paragraph text begins. */
struct dateline *wire_dateline_find(const char *block, size_t *dateline_start, size_t *text_start);

/* True when the block reads as a photo caption on its own: it starts with
 * FILE PHOTO/FILE PICTURE, ends with a photo credit, or closes with
 * "Place, Month D, YYYY". */
bool wire_caption_match(const char *block);

/* Fills caption from a block known to be a caption: text, file_photo, the
 * trailing credit, its photographers and the first date. */
void wire_caption_parse(const char *block, struct caption *caption);

/* When block is a byline ("By A and B"), appends the names to names and
 * returns true. */
bool wire_byline_parse(const char *block, struct string_list *names);

/* When block is a closing credit line ("(Reporting by …; Editing by …)"),
 * returns its text without the parentheses (caller frees); else NULL. */
char *wire_credit_line_match(const char *block);

/* Splits a credit line's text into one credit per name, appended to the
 * article's credits: roles in lower case, "in PLACE" applied to every name
 * since the previous place or role. */
void wire_credits_parse(const char *credits_raw, struct article *article);

/* When block is an editorial note in parentheses (not a credit line),
 * returns its text without them (caller frees); else NULL. */
char *wire_note_match(const char *block);

/* When block is a note as it can stand between headline and dateline
 * without its parentheses ("Corrects 3rd paragraph to show …") or with the
 * closing one lost ("(Adds analyst quote"), returns its text (caller
 * frees); else NULL. */
char *wire_header_note_match(const char *block);

/* When block is a paragraph with a credit line glued to its end ("… the
 * company said. (Reporting by …)"), returns the credit line's text without
 * the parentheses (caller frees) and sets *paragraph_length to the length
 * of the paragraph before it; else NULL. */
char *wire_credit_line_trailing(const char *block, size_t *paragraph_length);

/* When block[0..length) ends with a run of balanced parenthesised groups
 * ("… said. (Reporting by A) (a@example.com)"), returns the offset of the
 * run's first '('; else returns length.  A block that is nothing but such
 * groups gives 0. */
size_t wire_parenthesised_run_start(const char *block, size_t length);

/* The offset just after the ')' that closes the '(' at block[start], or
 * start when it is never closed. */
size_t wire_parenthesised_group_end(const char *block, size_t start);

/* When block is a link line ("For a graphic …, click: URL"), appends its
 * URLs to links and returns true. */
bool wire_link_parse(const char *block, struct string_list *links);

/* True when block is an ALL-CAPS subhead ("RUSSIAN ELECTION"). */
bool wire_subhead_match(const char *block);

/* True when block is the old wire sign-off "Reuter". */
bool wire_signoff_match(const char *block);

/* When block is a paragraph that the sign-off closes ("… the company said.
 * Reuter"), returns the length of the paragraph before it; else 0. */
size_t wire_signoff_trailing(const char *block);

/* True when block is what follows a story's end without being a story:
 * a copyright or standards line, keywords, contact details. */
bool wire_trailer_match(const char *block);

/* True when paragraph ends without closing punctuation and next starts in
 * lower case: a stray blank line cut one paragraph in two. */
bool wire_paragraphs_join(const char *paragraph, const char *next);

/* Frees the compiled patterns; call once before exit (for leak checkers). */
void wire_release(void);

#endif
