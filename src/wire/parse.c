/* parse.c — streaming a wire dump into stories.
 *
 * Lines become blocks; blocks collect until a dateline paragraph shows that
 * a new story has begun.  Then story_find_start() walks back from that
 * dateline to the new story's headline, everything before it is emitted as
 * the previous story, and only the new story's blocks stay in memory.
 */
#include <stdlib.h>
#include <string.h>

#include "newsidx/wire.h"
#include "story.h"

/* A run of text with no dateline longer than this is emitted as it stands,
 * so that memory stays bounded on input that is not wire copy. */
#define STORY_MAX_BYTES (16u * 1024u * 1024u)

/* The blocks of the story (or stories) not yet emitted. */
struct story_assembler {
    struct block *blocks;     /* pending blocks, oldest first */
    size_t count;             /* how many are pending */
    size_t capacity;          /* allocated slots */
    size_t pending_bytes;     /* text bytes held in pending blocks */
    long dateline_index;      /* index of the pending story's dateline, or -1 */
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
        free(assembler->blocks[i].text);
    }
    memmove(assembler->blocks, assembler->blocks + count,
            (assembler->count - count) * sizeof *assembler->blocks);
    assembler->count -= count;
    return status;
}

/* Takes a finished block (owning text) and emits any story it completes. */
static int assembler_add_block(struct story_assembler *assembler, char *text, long first_line,
                               long last_line, struct error *error)
{
    array_reserve((void **)&assembler->blocks, &assembler->capacity, assembler->count + 1,
                  sizeof *assembler->blocks);
    size_t index = assembler->count++;
    assembler->blocks[index] = (struct block){text, first_line, last_line};
    assembler->pending_bytes += strlen(text);

    size_t text_start;
    struct dateline *dateline = wire_dateline_parse(text, &text_start);
    if (dateline != NULL) {
        dateline_free(dateline);
        size_t lower = assembler->dateline_index >= 0 ? (size_t)assembler->dateline_index + 1 : 0;
        size_t start = story_find_start(assembler->blocks, lower, index);
        if (start > 0 && assembler_emit(assembler, start, assembler->dateline_index, error) < 0)
            return -1;
        assembler->dateline_index = (long)(index - start);
    } else if (assembler->pending_bytes > STORY_MAX_BYTES) {
        long dateline_index = assembler->dateline_index;
        assembler->dateline_index = -1;
        return assembler_emit(assembler, assembler->count, dateline_index, error);
    }
    return 0;
}

static void assembler_free(struct story_assembler *assembler)
{
    for (size_t i = 0; i < assembler->count; i++)
        free(assembler->blocks[i].text);
    free(assembler->blocks);
}

int wire_parse(struct reader *reader, const char *source_name, article_callback callback,
               void *context, struct error *error)
{
    struct story_assembler assembler = {
        .dateline_index = -1, .source_name = source_name, .callback = callback, .context = context,
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
