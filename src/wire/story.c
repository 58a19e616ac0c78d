/* story.c — where a story starts, and what each of its blocks is. */
#include "story.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsidx/wire.h"

/* A headline is short; a long block ending in a full stop is body text. */
#define HEADLINE_MAX_BYTES 250
#define HEADLINE_WITH_STOP_MAX_BYTES 120

/* True when the block can sit between a headline and its dateline. */
static bool block_is_header_furniture(const char *text)
{
    struct string_list names = {0};
    bool byline = wire_byline_parse(text, &names);
    string_list_free(&names);
    if (byline || wire_caption_match(text))
        return true;
    char *note = wire_note_match(text);
    free(note);
    return note != NULL;
}

/* True when the block ends a story: a credit line or the "Reuter" sign-off. */
static bool block_ends_story(const char *text)
{
    if (wire_signoff_match(text))
        return true;
    char *credit_line = wire_credit_line_match(text);
    free(credit_line);
    return credit_line != NULL;
}

static bool block_could_be_headline(const char *text)
{
    size_t length = strlen(text);
    if (length > HEADLINE_MAX_BYTES)
        return false;
    return text[length - 1] != '.' || length <= HEADLINE_WITH_STOP_MAX_BYTES;
}

size_t story_find_start(const struct block *blocks, size_t lower, size_t dateline_index)
{
    size_t index = dateline_index;
    /* Step back over byline, captions and notes. */
    while (index > lower && block_is_header_furniture(blocks[index - 1].text))
        index--;
    if (index == lower)
        return lower;
    size_t headline = index - 1;
    if (block_ends_story(blocks[headline].text) || !block_could_be_headline(blocks[headline].text))
        return index;
    while (headline > lower && text_equal_ignoring_quotes(blocks[headline - 1].text, blocks[headline].text))
        headline--;
    return headline;
}

/* Adds a caption parsed from text to the article. */
static void article_take_caption(struct article *article, const char *text)
{
    wire_caption_parse(text, article_add_caption(article));
}

/* Sorts one body block into the article.  *join_allowed says whether the
 * previous block was a paragraph that this one may continue. */
static void article_take_body_block(struct article *article, const char *text, bool *join_allowed)
{
    bool was_paragraph = false;
    char *found;
    if (wire_signoff_match(text)) {
        /* the old wire sign-off is not part of the story's text */
    } else if ((found = wire_credit_line_match(text)) != NULL) {
        wire_credits_parse(found, article);
        if (article->credits_raw == NULL) {
            article->credits_raw = found;
        } else {
            /* A second credit line: keep both, as one. */
            size_t length = strlen(article->credits_raw) + strlen(found) + 3;
            char *joined = checked_malloc(length);
            snprintf(joined, length, "%s; %s", article->credits_raw, found);
            free(article->credits_raw);
            free(found);
            article->credits_raw = joined;
        }
    } else if ((found = wire_note_match(text)) != NULL) {
        string_list_append_owned(&article->notes, found);
    } else if (wire_link_parse(text, &article->links)) {
        /* the URLs are in article->links */
    } else if (wire_subhead_match(text)) {
        article_add_subhead(article, text, article->paragraphs.count);
    } else if (wire_caption_match(text)) {
        article_take_caption(article, text);
    } else {
        struct string_list *paragraphs = &article->paragraphs;
        if (*join_allowed && paragraphs->count &&
            wire_paragraphs_join(paragraphs->items[paragraphs->count - 1], text)) {
            char **last = &paragraphs->items[paragraphs->count - 1];
            size_t length = strlen(*last) + strlen(text) + 2;
            char *joined = checked_malloc(length);
            snprintf(joined, length, "%s %s", *last, text);
            free(*last);
            *last = joined;
        } else {
            string_list_append(paragraphs, text);
        }
        was_paragraph = true;
    }
    *join_allowed = was_paragraph;
}

void story_extract(const struct block *blocks, size_t count, long dateline_index,
                   const char *source_name, struct article *article)
{
    article_init(article);
    article->source.file = checked_strdup(source_name);
    if (count == 0)
        return;
    article->source.first_line = blocks[0].first_line;
    article->source.last_line = blocks[count - 1].last_line;

    size_t body_start = 0;
    if (dateline_index != 0) {
        article->title = checked_strdup(blocks[0].text);
        body_start = 1;
        while (body_start < count && (long)body_start != dateline_index &&
               text_equal_ignoring_quotes(blocks[body_start].text, article->title)) {
            article->title_repeats++;
            body_start++;
        }
    }
    bool join_allowed = false;
    if (dateline_index >= 0) {
        /* Header: everything between headline and dateline. */
        for (size_t i = body_start; i < (size_t)dateline_index; i++) {
            const char *text = blocks[i].text;
            char *note;
            if (wire_byline_parse(text, &article->byline))
                continue;
            if ((note = wire_note_match(text)) != NULL)
                string_list_append_owned(&article->notes, note);
            else
                article_take_caption(article, text);
        }
        size_t text_start = 0;
        article->dateline = wire_dateline_parse(blocks[dateline_index].text, &text_start);
        const char *lead = blocks[dateline_index].text + text_start;
        if (*lead) {
            string_list_append(&article->paragraphs, lead);
            join_allowed = true;
        }
        body_start = (size_t)dateline_index + 1;
    }
    for (size_t i = body_start; i < count; i++)
        article_take_body_block(article, blocks[i].text, &join_allowed);
}
