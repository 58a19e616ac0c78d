/* fold.h — the keys that names and places are filed and matched by.
 *
 * A key is what FTS5's own tokenizer, unicode61 with remove_diacritics 2
 * (the folding half of the full-text index's "porter unicode61
 * remove_diacritics 2"), makes of the name once it is in Unicode NFC: its
 * tokens, lower case and without diacritics, joined by single spaces.
 * "Ștefan Mărgineanu-Voicu", "Ştefan Margineanu Voicu" and the same name
 * spelt with combining accents all give "stefan margineanu voicu".  So a
 * filter (--person, --dateline) finds exactly the spellings full-text
 * search finds, with no folding table of our own to drift from FTS5's.
 *
 * Part of the store room (it needs SQLite's FTS5); the parsing layers never
 * fold.  A folder is used by one thread at a time.
 */
#ifndef NEWSIDX_FOLD_H
#define NEWSIDX_FOLD_H

#include "newsidx/error.h"
#include "newsidx/text.h"

struct key_folder;

/* Opens a folder: FTS5's unicode61 tokenizer on a private in-memory SQLite
 * connection.  Returns 0, or -1 with error set (an SQLite without FTS5). */
int key_folder_open(struct key_folder **folder, struct error *error);

/* Frees the folder; NULL is allowed. */
void key_folder_close(struct key_folder *folder);

/* Appends the key of text to out (see above).  Text with nothing FTS5
 * indexes (only punctuation) keeps its own characters, trimmed, with runs
 * of white space made one space, so that such names stay apart.  Text that
 * is not valid UTF-8 is folded with its bad bytes replaced by U+FFFD. */
void key_folder_fold(struct key_folder *folder, struct buffer *out, const char *text);

#endif
