/* parse.c — streaming a wire dump into stories.
 *
 * Lines become blocks; each block's kind is decided once (story.h).  Blocks
 * collect until a witness shows that a new story has begun:
 *   - a dateline: story_find_start() walks back from it to the new story's
 *     headline;
 *   - after the end of a story (credit line, sign-off), a headline-like
 *     block, confirmed by the block after it (anything but another end);
 *     after the old "Reuter" sign-off, a headline alone is a story (a brief);
 *   - a headline with a prefix ("FACTBOX-…"), confirmed the same way.
 * Everything before the new story's start is emitted as the previous story,
 * and only the new story's blocks stay in memory.
 */
#include <stdlib.h>
#include <string.h>

#include "newsidx/wire.h"
#include "story.h"

/* A run of text with no story boundary longer than this is emitted as it
 * stands (a documented split), so that memory stays bounded on input that
 * is not wire copy. */
#define STORY_MAX_BYTES (16u * 1024u * 1024u)

/* A block (a paragraph: lines with no blank line between them) longer than
 * this is not wire text; the input is refused there. */
#define BLOCK_MAX_BYTES (1u * 1024u * 1024u)

/* The blocks of the story (or stories) not yet emitted. */
struct story_assembler {
    struct block *blocks;     /* pending blocks, oldest first */
    size_t count;             /* how many are pending */
    size_t capacity;          /* allocated slots */
    size_t pending_bytes;     /* text bytes held in pending blocks */
    long dateline_index;      /* index of the pending story's dateline, or -1 */
    long end_index;           /* index of the pending story's end (credit line,
                                 sign-off) when nothing but trailers followed, or -1 */
    long candidate_index;     /* a headline-like block that may start the next
                                 story, waiting for the block after it, or -1 */
    const char *source_name;  /* source.file of every article */
    article_callback callback;/* receives each article */
    void *context;            /* the callback's context */
};

/* Emits blocks[0..count) as one article and drops them from the window. */
static int assembler_emit(struct story_assembler *assembler, size_t count, long dateline_index,
                          struct error *error)
{
    struct article article;
    story_extract(assembler->blocks, count, dateline_index, assembler->source_name, &article);
    int status = assembler->callback(&article, assembler->context, error);
    article_free(&article);
    for (size_t i = 0; i < count; i++) {
        assembler->pending_bytes -= strlen(assembler->blocks[i].text);
        story_block_free(&assembler->blocks[i]);
    }
    memmove(assembler->blocks, assembler->blocks + count,
            (assembler->count - count) * sizeof *assembler->blocks);
    assembler->count -= count;
    return status;
}

/* Starts a new story at block start: emits everything before it as the
 * previous story, and leaves the new one pending with the given dateline
 * (an index counted from start, or -1). */
static int assembler_start_story(struct story_assembler *assembler, size_t start,
                                 long new_dateline_index, struct error *error)
{
    int status = 0;
    if (start > 0)
        status = assembler_emit(assembler, start, assembler->dateline_index, error);
    assembler->dateline_index = new_dateline_index;
    assembler->end_index = -1;
    assembler->candidate_index = -1;
    return status;
}

/* Weighs a block that is not a dateline as a witness of a story boundary. */
static int assembler_weigh_block(struct story_assembler *assembler, size_t index, struct error *error)
{
    enum block_kind kind = assembler->blocks[index].kind;
    if (assembler->candidate_index >= 0) {
        size_t candidate = (size_t)assembler->candidate_index;
        if (kind == BLOCK_END_OF_STORY || kind == BLOCK_SIGN_OFF) {
            /* The "headline" was the previous story's tail. */
            assembler->candidate_index = -1;
            assembler->end_index = (long)index;
            return 0;
        }
        if (kind == BLOCK_SHORT && index == candidate + 1 &&
            !text_equal_ignoring_quotes(assembler->blocks[index].text, assembler->blocks[candidate].text) &&
            assembler->blocks[candidate].kind != BLOCK_HEADLINE) {
            /* Two short blocks in a row: the later one is likelier the headline. */
            assembler->candidate_index = (long)index;
            return 0;
        }
        if (text_equal_ignoring_quotes(assembler->blocks[index].text, assembler->blocks[candidate].text))
            return 0; /* a repeated headline: the block after it decides */
        return assembler_start_story(assembler, candidate, -1, error);
    }
    switch (kind) {
    case BLOCK_END_OF_STORY:
    case BLOCK_SIGN_OFF:
        assembler->end_index = (long)index;
        break;
    case BLOCK_TRAILER:
    case BLOCK_FURNITURE:
        break; /* notes and links after a credit line still belong to it */
    case BLOCK_HEADLINE:
        if (index > 0)
            assembler->candidate_index = (long)index;
        break;
    case BLOCK_SHORT:
        if (assembler->end_index >= 0 && assembler->blocks[assembler->end_index].kind == BLOCK_SIGN_OFF)
            /* Nothing follows the old sign-off but the next story, which
             * may be a headline alone (a brief). */
            return assembler_start_story(assembler, index, -1, error);
        if (assembler->end_index >= 0)
            assembler->candidate_index = (long)index;
        break;
    case BLOCK_PARAGRAPH:
        assembler->end_index = -1; /* the story went on after its "end" */
        break;
    case BLOCK_DATELINE:
        break;
    }
    return 0;
}

/* Takes a finished block (owning text) and emits any story it completes. */
static int assembler_add_block(struct story_assembler *assembler, char *text, long first_line,
                               long last_line, struct error *error)
{
    array_reserve((void **)&assembler->blocks, &assembler->capacity, assembler->count + 1,
                  sizeof *assembler->blocks);
    size_t index = assembler->count++;
    assembler->blocks[index] = (struct block){.text = text, .first_line = first_line, .last_line = last_line};
    story_block_read(&assembler->blocks[index]);
    assembler->pending_bytes += strlen(text);

    if (assembler->blocks[index].kind == BLOCK_DATELINE) {
        size_t lower = assembler->dateline_index >= 0 ? (size_t)assembler->dateline_index + 1 : 0;
        size_t start = story_find_start(assembler->blocks, lower, index);
        return assembler_start_story(assembler, start, (long)(index - start), error);
    }
    if (assembler_weigh_block(assembler, index, error) < 0)
        return -1;
    if (assembler->pending_bytes > STORY_MAX_BYTES) {
        long dateline_index = assembler->dateline_index;
        assembler->dateline_index = -1;
        assembler->end_index = -1;
        assembler->candidate_index = -1;
        return assembler_emit(assembler, assembler->count, dateline_index, error);
    }
    return 0;
}

static void assembler_free(struct story_assembler *assembler)
{
    for (size_t i = 0; i < assembler->count; i++)
        story_block_free(&assembler->blocks[i]);
    free(assembler->blocks);
}

int wire_parse(struct reader *reader, const char *source_name, article_callback callback,
               void *context, struct error *error)
{
    struct story_assembler assembler = {
        .dateline_index = -1, .end_index = -1, .candidate_index = -1,
        .source_name = source_name, .callback = callback, .context = context,
    };
    struct buffer block = {0};
    long block_first = 0, block_last = 0, line_number;
    const char *line;
    size_t length;
    int status = 0, read;
    while ((read = reader_next_line(reader, &line, &length, &line_number, error)) > 0) {
        text_trim_span(&line, &length);
        if (length > 0) {
            if (block.length == 0)
                block_first = line_number;
            else
                buffer_append_byte(&block, ' ');
            if (block.length + length > BLOCK_MAX_BYTES) {
                error_set(error, "line %ld: a paragraph runs past %u MiB without a blank line; "
                          "not wire text?", block_first, BLOCK_MAX_BYTES >> 20);
                status = -1;
                break;
            }
            buffer_append(&block, line, length);
            block_last = line_number;
            continue;
        }
        if (block.length > 0 &&
            assembler_add_block(&assembler, buffer_take(&block), block_first, block_last, error) < 0) {
            status = -1;
            break;
        }
    }
    if (read < 0)
        status = -1;
    if (status == 0 && block.length > 0 &&
        assembler_add_block(&assembler, buffer_take(&block), block_first, block_last, error) < 0)
        status = -1;
    if (status == 0 && assembler.count > 0 &&
        assembler_emit(&assembler, assembler.count, assembler.dateline_index, error) < 0)
        status = -1;
    buffer_free(&block);
    assembler_free(&assembler);
    return status;
}
