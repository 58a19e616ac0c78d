/* postgres_words.h — how text is cut into words, alike on both back ends.
 *
 * FTS5's unicode61 tokenizer, which the SQLite store uses, takes every
 * ASCII punctuation mark for a break between words.  PostgreSQL's text
 * parser keeps some inside a token ("U.S.", "2.5", "MOSCOW/LONDON",
 * "minister-elect") or adds positions for their parts.  Every text the
 * PostgreSQL store makes a tsvector or a tsquery of goes through
 * POSTGRES_WORD_TEXT(), which makes those marks spaces first, so that a
 * search finds the same articles on both back ends.  The expression is a
 * constant fragment around an SQL expression (a column or a $n
 * parameter), never user text.
 */
#ifndef NEWSIDX_POSTGRES_WORDS_H
#define NEWSIDX_POSTGRES_WORDS_H

/* The 32 ASCII punctuation marks, as an SQL string literal ('' is ')... */
#define POSTGRES_PUNCTUATION "'!\"#$%&''()*+,-./:;<=>?@[\\]^_`{|}~'"
/* ... and as many spaces. */
#define POSTGRES_PUNCTUATION_SPACES "'                                '"

/* The SQL expression expression with its punctuation made spaces. */
#define POSTGRES_WORD_TEXT(expression) \
    "translate(" expression ", " POSTGRES_PUNCTUATION ", " POSTGRES_PUNCTUATION_SPACES ")"

#endif
