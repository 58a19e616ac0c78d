/* article.c — building up and freeing the shared article model. */
#include "newsidx/article.h"

#include <stdlib.h>
#include <string.h>

void article_init(struct article *article)
{
    memset(article, 0, sizeof *article);
}

struct caption *article_add_caption(struct article *article)
{
    array_reserve((void **)&article->captions, &article->caption_capacity,
                  article->caption_count + 1, sizeof *article->captions);
    struct caption *caption = &article->captions[article->caption_count++];
    memset(caption, 0, sizeof *caption);
    return caption;
}

void article_add_subhead(struct article *article, const char *text, size_t position)
{
    array_reserve((void **)&article->subheads, &article->subhead_capacity,
                  article->subhead_count + 1, sizeof *article->subheads);
    struct subhead *subhead = &article->subheads[article->subhead_count++];
    subhead->text = checked_strdup(text);
    subhead->before_paragraph = position;
}

void article_add_credit(struct article *article, const char *role, const char *name,
                        const char *location)
{
    array_reserve((void **)&article->credits, &article->credit_capacity,
                  article->credit_count + 1, sizeof *article->credits);
    struct credit *credit = &article->credits[article->credit_count++];
    credit->role = checked_strdup(role);
    credit->name = checked_strdup(name);
    credit->location = location ? checked_strdup(location) : NULL;
}

void article_add_tag(struct article *article, const char *scheme, const char *code)
{
    array_reserve((void **)&article->tags, &article->tag_capacity,
                  article->tag_count + 1, sizeof *article->tags);
    struct tag *tag = &article->tags[article->tag_count++];
    tag->scheme = checked_strdup(scheme);
    tag->code = checked_strdup(code);
}

void dateline_add_place(struct dateline *dateline, const char *city, const char *region)
{
    array_reserve((void **)&dateline->places, &dateline->place_capacity,
                  dateline->place_count + 1, sizeof *dateline->places);
    struct place *place = &dateline->places[dateline->place_count++];
    place->city = checked_strdup(city);
    place->region = region ? checked_strdup(region) : NULL;
}

void caption_free(struct caption *caption)
{
    free(caption->text);
    free(caption->credit);
    free(caption->date);
    string_list_free(&caption->photographers);
    memset(caption, 0, sizeof *caption);
}

void dateline_free(struct dateline *dateline)
{
    if (dateline == NULL)
        return;
    for (size_t i = 0; i < dateline->place_count; i++) {
        free(dateline->places[i].city);
        free(dateline->places[i].region);
    }
    free(dateline->places);
    free(dateline->raw);
    free(dateline->agency);
    free(dateline->date);
    free(dateline);
}

void credits_free(struct credit *credits, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(credits[i].role);
        free(credits[i].name);
        free(credits[i].location);
    }
    free(credits);
}

void article_free(struct article *article)
{
    free(article->source.file);
    free(article->title);
    for (size_t i = 0; i < article->caption_count; i++)
        caption_free(&article->captions[i]);
    free(article->captions);
    string_list_free(&article->byline);
    dateline_free(article->dateline);
    string_list_free(&article->paragraphs);
    for (size_t i = 0; i < article->subhead_count; i++)
        free(article->subheads[i].text);
    free(article->subheads);
    string_list_free(&article->notes);
    string_list_free(&article->links);
    free(article->credits_raw);
    credits_free(article->credits, article->credit_count);
    free(article->published);
    for (size_t i = 0; i < article->tag_count; i++) {
        free(article->tags[i].scheme);
        free(article->tags[i].code);
    }
    free(article->tags);
    article_init(article);
}
