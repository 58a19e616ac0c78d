/* story.h — from blocks of text to one article (internal to the wire room).
 *
 * A block is a run of non-blank lines, joined by single spaces and trimmed.
 * parse.c cuts the stream into stories; story.c decides where a story starts
 * and what each of its blocks is.
 */
#ifndef NEWSIDX_WIRE_STORY_H
#define NEWSIDX_WIRE_STORY_H

#include <stddef.h>

#include "newsidx/article.h"

/* One block of a dump. */
struct block {
    char *text;      /* the block's text, UTF-8, trimmed */
    long first_line; /* 1-based line number of its first line */
    long last_line;  /* 1-based line number of its last line */
};

/* Given the blocks that follow the previous story's dateline (from index
 * lower) up to a new dateline at index dateline_index, returns the index of
 * the block where the new story starts: its headline (first copy when
 * repeated), or the block after the previous story's credit line or
 * sign-off when no headline stands before the dateline. */
size_t story_find_start(const struct block *blocks, size_t lower, size_t dateline_index);

/* Fills article from count blocks of one story.  dateline_index is the
 * index of the dateline block, or -1 when the story has none. */
void story_extract(const struct block *blocks, size_t count, long dateline_index,
                   const char *source_name, struct article *article);

#endif
