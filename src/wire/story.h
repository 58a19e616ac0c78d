/* story.h — from blocks of text to one article (internal to the wire room).
 *
 * A block is a run of non-blank lines, joined by single spaces and trimmed.
 * parse.c cuts the stream into stories; story.c says what each block is,
 * where a story starts, and fills an article from a story's blocks.
 *
 * A story boundary has several witnesses, weighed together:
 *   - a dateline paragraph (the strongest): walk back from it over the
 *     header (byline, captions, notes, summary bullets) to the headline;
 *   - the end of a story (a credit line, the old "Reuter" sign-off), then a
 *     short headline-like block that the next block does not contradict;
 *   - a headline prefix ("FACTBOX-", "TIMELINE:", "UPDATE 2-") on a short
 *     headline-like block, which starts a story even with no dateline.
 */
#ifndef NEWSIDX_WIRE_STORY_H
#define NEWSIDX_WIRE_STORY_H

#include <stdbool.h>
#include <stddef.h>

#include "newsidx/article.h"

/* What a block can be, as far as splitting needs to know; decided once,
 * when the block arrives. */
enum block_kind {
    BLOCK_PARAGRAPH,      /* body text, or anything not below */
    BLOCK_DATELINE,       /* opens with a dateline (maybe after glued furniture) */
    BLOCK_END_OF_STORY,   /* a credit line (alone, or closing a paragraph) */
    BLOCK_SIGN_OFF,       /* the "Reuter" sign-off (alone, or closing a paragraph) */
    BLOCK_FURNITURE,      /* byline, caption, note, bullets: sits before a dateline */
    BLOCK_TRAILER,        /* a link, copyright or keywords line: follows a story's text */
    BLOCK_HEADLINE,       /* short, headline-like, with a headline prefix */
    BLOCK_SHORT,          /* short and headline-like, no prefix */
};

/* One block of a dump. */
struct block {
    char *text;                /* the block's text, UTF-8, trimmed */
    long first_line;           /* 1-based line number of its first line */
    long last_line;            /* 1-based line number of its last line */
    enum block_kind kind;      /* what it is, for splitting */
    struct dateline *dateline; /* for a BLOCK_DATELINE, its dateline (owned), else NULL */
    size_t dateline_start;     /* where the dateline starts in text (after glued furniture) */
    size_t text_start;         /* where the paragraph after the dateline's dash starts */
};

/* Decides block->kind from block->text, and for a dateline fills
 * block->dateline and its offsets. */
void story_block_read(struct block *block);

/* Frees a block's text and dateline. */
void story_block_free(struct block *block);

/* Given the blocks that follow the previous story's dateline (from index
 * lower) up to a new dateline at index dateline_index, returns the index of
 * the block where the new story starts: its headline (first copy when
 * repeated), or the block after the previous story's credit line or
 * sign-off when no headline stands before the dateline. */
size_t story_find_start(const struct block *blocks, size_t lower, size_t dateline_index);

/* Fills article from count blocks of one story.  dateline_index is the
 * index of the dateline block, or -1 when the story has none; the article
 * takes that block's dateline. */
void story_extract(struct block *blocks, size_t count, long dateline_index, const char *source_name,
                   struct article *article);

#endif
