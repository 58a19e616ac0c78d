/* story.c — what each block of a story is, where a story starts, and the
 * article its blocks make. */
#include "story.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsidx/wire.h"
#include "pattern.h"

/* A headline is short; a long block ending in a full stop is body text. */
#define HEADLINE_MAX_BYTES 250
#define HEADLINE_WITH_STOP_MAX_BYTES 120

/* A block that starts a story without a dateline is shorter still. */
#define UNANCHORED_HEADLINE_MAX_BYTES 200
#define UNANCHORED_HEADLINE_MAX_WORDS 30

/* "FACTBOX-", "TIMELINE:", "UPDATE 2-", "CORRECTED - UPDATE 3-", "Instant
 * View:": the prefixes of headlines, any case, one or more. */
static struct pattern headline_prefix_pattern = PATTERN(
    "^(?:(?i:corrected|correction|refile|refiled|rpt|repeat|update|updated|exclusive|factbox|"
    "fact ?box|timeline|chronology|text|analysis|news analysis|instant view|snap analysis|"
    "interview|preview|highlights|advisory|wrapup|special report|breakingviews|column|"
    "insight|poll|diary|week ?ahead|scenarios|q\\+a|newsmaker|feature|table|"
    "market ?talk|urgent|flash|refile corrected)(?:[ ]\\d{1,2})?[ ]?(?:-|–|—|:)[ ]?)+"
    "(?=[\\p{Lu}\\d\"“‘'$])");

/* True when the block reads as a summary bullet ("* Q3 sales up 6 pct"). */
static bool block_is_bullet(const char *text)
{
    return (text[0] == '*' && text[1] == ' ') || strncmp(text, "• ", 4) == 0 ||
           (text[0] == '-' && text[1] == ' ');
}

/* True when the block is nothing but parenthesised groups, "(A)" or
 * "(Corrects paragraph 8) (Adds analyst comment)". */
static bool block_is_parenthesised(const char *text)
{
    return text[0] == '(' && wire_parenthesised_run_start(text, strlen(text)) == 0;
}

/* True when the block can sit between a headline and its dateline: a
 * byline, a caption, a note, summary bullets. */
static bool block_is_header_furniture(const char *text)
{
    struct string_list names = {0};
    bool byline = wire_byline_parse(text, &names);
    string_list_free(&names);
    if (byline || block_is_bullet(text) || block_is_parenthesised(text) || wire_caption_match(text))
        return true;
    char *note = wire_note_match(text);
    if (note == NULL)
        note = wire_header_note_match(text);
    free(note);
    return note != NULL;
}

/* True when the block ends a story: a credit line (standing alone, beside
 * other notes in parentheses, or glued to the end of the last paragraph) or
 * the "Reuter" sign-off. */
static bool block_ends_story(const char *text)
{
    char *credit_line = wire_credit_line_match(text);
    if (credit_line == NULL) {
        size_t paragraph_length;
        credit_line = wire_credit_line_trailing(text, &paragraph_length);
    }
    free(credit_line);
    return credit_line != NULL;
}

/* Adds the parenthesised groups of text[start..) to the article: each one
 * a credit line or a note. */
static void article_take_parenthesised_groups(struct article *article, const char *text, size_t start);

/* True when the block could be a headline right above a dateline. */
static bool block_could_be_headline(const char *text)
{
    size_t length = strlen(text);
    if (length > HEADLINE_MAX_BYTES)
        return false;
    return text[length - 1] != '.' || length <= HEADLINE_WITH_STOP_MAX_BYTES;
}

/* True when the last word of text[0..length) is an abbreviation written
 * with full stops ("U.S.", "Inc.", "Corp."). */
static bool ends_with_abbreviation(const char *text, size_t length)
{
    size_t start = length;
    while (start > 0 && text[start - 1] != ' ')
        start--;
    size_t word = length - start;
    if (word < 2 || word > 5)
        return false;
    size_t stops = 0;
    for (size_t i = start; i < length; i++)
        stops += text[i] == '.';
    return stops >= 2 || (text[start] >= 'A' && text[start] <= 'Z' && word <= 5);
}

/* True when the block reads as a table row or a table: columns set apart
 * by runs of spaces, or more figures than letters. */
static bool block_is_table(const char *text)
{
    size_t digits = 0, letters = 0;
    for (const char *c = text; *c; c++) {
        if (c[0] == ' ' && c[1] == ' ' && c[2] == ' ')
            return true;
        if (*c >= '0' && *c <= '9')
            digits++;
        else if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z'))
            letters++;
    }
    return digits > letters;
}

/* True when the block is short and reads as a headline: it starts with a
 * capital, a figure or a quote mark, runs for a few words and does not end
 * like a sentence or a clause. */
static bool block_is_headline_like(const char *text)
{
    size_t length = strlen(text);
    if (length < 3 || length > UNANCHORED_HEADLINE_MAX_BYTES)
        return false;
    unsigned char first = (unsigned char)text[0];
    bool capital = (first >= 'A' && first <= 'Z') || (first >= '0' && first <= '9') || first == '"' ||
                   first == '\'' || first == '$' || first >= 0xC3;
    if (!capital)
        return false;
    char last = text[length - 1];
    if (last == ',' || last == ';' || last == ':' || last == '-')
        return false;
    if (last == '.' && !ends_with_abbreviation(text, length - 1))
        return false;
    size_t words = 1;
    for (size_t i = 0; i < length; i++)
        words += text[i] == ' ';
    return words <= UNANCHORED_HEADLINE_MAX_WORDS && !block_is_table(text);
}

/* The kind of a block that holds no dateline. */
static enum block_kind block_kind_of_text(const char *text)
{
    if (wire_signoff_match(text) || wire_signoff_trailing(text) > 0)
        return BLOCK_SIGN_OFF;
    if (block_ends_story(text))
        return BLOCK_END_OF_STORY;
    if (block_is_header_furniture(text))
        return BLOCK_FURNITURE;
    struct string_list links = {0};
    bool link_line = wire_link_parse(text, &links);
    string_list_free(&links);
    if (link_line || wire_trailer_match(text))
        return BLOCK_TRAILER;
    if (!block_is_headline_like(text))
        return BLOCK_PARAGRAPH;
    size_t length = strlen(text);
    if (pattern_match(&headline_prefix_pattern, text, length, 0))
        return BLOCK_HEADLINE;
    return BLOCK_SHORT;
}

void story_block_read(struct block *block)
{
    block->dateline = wire_dateline_find(block->text, &block->dateline_start, &block->text_start);
    block->kind = block->dateline != NULL ? BLOCK_DATELINE : block_kind_of_text(block->text);
}

void story_block_free(struct block *block)
{
    free(block->text);
    dateline_free(block->dateline);
    block->text = NULL;
    block->dateline = NULL;
}

size_t story_find_start(const struct block *blocks, size_t lower, size_t dateline_index)
{
    size_t index = dateline_index;
    /* Step back over byline, captions, notes and bullets. */
    while (index > lower && blocks[index - 1].kind == BLOCK_FURNITURE)
        index--;
    if (index == lower)
        return lower;
    size_t headline = index - 1;
    if (blocks[headline].kind == BLOCK_END_OF_STORY || blocks[headline].kind == BLOCK_SIGN_OFF ||
        blocks[headline].kind == BLOCK_DATELINE ||
        !block_could_be_headline(blocks[headline].text))
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

/* Adds a credit line's text (owned) to the article: its credits, and its
 * text to credits_raw (a second credit line is kept beside the first). */
static void article_take_credit_line(struct article *article, char *credit_line)
{
    wire_credits_parse(credit_line, article);
    if (article->credits_raw == NULL) {
        article->credits_raw = credit_line;
        return;
    }
    size_t length = strlen(article->credits_raw) + strlen(credit_line) + 3;
    char *joined = checked_malloc(length);
    snprintf(joined, length, "%s; %s", article->credits_raw, credit_line);
    free(article->credits_raw);
    free(credit_line);
    article->credits_raw = joined;
}

static void article_take_parenthesised_groups(struct article *article, const char *text, size_t start)
{
    while (text[start] == '(') {
        size_t end = wire_parenthesised_group_end(text, start);
        if (end == start)
            break;
        char *group = checked_strndup(text + start, end - start);
        char *found;
        if ((found = wire_credit_line_match(group)) != NULL)
            article_take_credit_line(article, found);
        else if ((found = wire_note_match(group)) != NULL)
            string_list_append_owned(&article->notes, found);
        else
            string_list_append_owned(&article->notes, text_trim_copy(group + 1, end - start - 2));
        free(group);
        start = end;
        while (text[start] == ' ')
            start++;
    }
}

/* Sorts one block between headline and dateline into the article: byline,
 * note (with or without parentheses), summary bullets, or caption. */
static void article_take_header_block(struct article *article, const char *text)
{
    char *note;
    if (wire_byline_parse(text, &article->byline))
        return;
    if (block_is_parenthesised(text))
        article_take_parenthesised_groups(article, text, 0);
    else if ((note = wire_header_note_match(text)) != NULL)
        string_list_append_owned(&article->notes, note);
    else if (block_is_bullet(text))
        string_list_append(&article->notes, text);
    else
        article_take_caption(article, text);
}

/* Sorts the furniture glued before a dateline in the same block ("(Adds
 * detail) By Ann Lee NEW YORK (IFR) – …"): notes in parentheses, a byline,
 * or summary bullets. */
static void article_take_glued_header(struct article *article, const char *prefix, size_t length)
{
    char *text = text_trim_copy(prefix, length);
    size_t cursor = 0;
    while (text[cursor] == '(') {
        size_t end = wire_parenthesised_group_end(text, cursor);
        if (end == cursor)
            break;
        char saved = text[end];
        text[end] = '\0';
        article_take_parenthesised_groups(article, text, cursor);
        text[end] = saved;
        cursor = end;
        while (text[cursor] == ' ')
            cursor++;
    }
    if (text[cursor])
        article_take_header_block(article, text + cursor);
    free(text);
}

/* Appends a paragraph, or joins it to the previous one when a stray blank
 * line cut them apart.  *join_allowed says whether the previous block was
 * a paragraph that this one may continue. */
static void article_take_paragraph(struct article *article, const char *text, size_t length,
                                   bool join_allowed)
{
    struct string_list *paragraphs = &article->paragraphs;
    char *paragraph = checked_strndup(text, length);
    if (join_allowed && paragraphs->count &&
        wire_paragraphs_join(paragraphs->items[paragraphs->count - 1], paragraph)) {
        char **last = &paragraphs->items[paragraphs->count - 1];
        size_t joined_length = strlen(*last) + length + 2;
        char *joined = checked_malloc(joined_length);
        snprintf(joined, joined_length, "%s %s", *last, paragraph);
        free(*last);
        free(paragraph);
        *last = joined;
    } else {
        string_list_append_owned(paragraphs, paragraph);
    }
}

/* Sorts one body block into the article.  Its kind, decided when it was
 * read, rules out what it cannot be.  *join_allowed says whether the
 * previous block was a paragraph that this one may continue. */
static void article_take_body_block(struct article *article, const struct block *block, bool *join_allowed)
{
    const char *text = block->text;
    enum block_kind kind = block->kind;
    bool was_paragraph = false;
    char *found;
    size_t paragraph_length;
    if (kind == BLOCK_SIGN_OFF && wire_signoff_match(text)) {
        /* the old wire sign-off is not part of the story's text */
    } else if (kind == BLOCK_SIGN_OFF && (paragraph_length = wire_signoff_trailing(text)) > 0) {
        article_take_paragraph(article, text, paragraph_length, *join_allowed);
        was_paragraph = true;
    } else if (kind == BLOCK_END_OF_STORY && (found = wire_credit_line_match(text)) != NULL) {
        article_take_credit_line(article, found);
    } else if ((kind == BLOCK_END_OF_STORY || kind == BLOCK_FURNITURE) && block_is_parenthesised(text)) {
        article_take_parenthesised_groups(article, text, 0);
    } else if (kind == BLOCK_TRAILER && wire_link_parse(text, &article->links)) {
        /* the URLs are in article->links */
    } else if (wire_subhead_match(text)) {
        article_add_subhead(article, text, article->paragraphs.count);
    } else if (kind == BLOCK_FURNITURE && wire_caption_match(text)) {
        article_take_caption(article, text);
    } else if (kind == BLOCK_END_OF_STORY && (found = wire_credit_line_trailing(text, &paragraph_length)) != NULL) {
        /* "… the company said. (Reporting by …)": the credit line glued on */
        free(found);
        article_take_paragraph(article, text, paragraph_length, *join_allowed);
        article_take_parenthesised_groups(article, text, wire_parenthesised_run_start(text, strlen(text)));
    } else {
        article_take_paragraph(article, text, strlen(text), *join_allowed);
        was_paragraph = true;
    }
    *join_allowed = was_paragraph;
}

void story_extract(struct block *blocks, size_t count, long dateline_index, const char *source_name,
                   struct article *article)
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
        for (size_t i = body_start; i < (size_t)dateline_index; i++)
            article_take_header_block(article, blocks[i].text);
        struct block *dateline_block = &blocks[dateline_index];
        const char *text = dateline_block->text;
        article->dateline = dateline_block->dateline;
        dateline_block->dateline = NULL;
        if (dateline_block->dateline_start > 0)
            article_take_glued_header(article, text, dateline_block->dateline_start);
        const char *lead = text + dateline_block->text_start;
        size_t lead_length;
        char *credit_line = wire_credit_line_trailing(lead, &lead_length);
        if (credit_line == NULL)
            lead_length = strlen(lead);
        if (lead_length > 0) {
            article_take_paragraph(article, lead, lead_length, false);
            join_allowed = credit_line == NULL;
        }
        if (credit_line != NULL) {
            free(credit_line);
            article_take_parenthesised_groups(article, lead, wire_parenthesised_run_start(lead, strlen(lead)));
        }
        body_start = (size_t)dateline_index + 1;
    }
    for (size_t i = body_start; i < count; i++)
        article_take_body_block(article, &blocks[i], &join_allowed);
}
