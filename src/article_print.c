/* article_print.c — the article JSON of SPEC section 2, through the printer. */
#include "newsidx/article_print.h"

#include "newsidx/article_date.h"

void string_list_print(struct printer *printer, const struct string_list *list)
{
    printer_begin_list(printer);
    for (size_t i = 0; i < list->count; i++)
        printer_string(printer, list->items[i]);
    printer_end(printer);
}

void source_print(struct printer *printer, const char *file, long first_line, long last_line)
{
    printer_begin_map(printer);
    printer_key(printer, "file");
    printer_string(printer, file);
    printer_key(printer, "first_line");
    printer_integer(printer, first_line);
    printer_key(printer, "last_line");
    printer_integer(printer, last_line);
    printer_end(printer);
}

void captions_print(struct printer *printer, const struct caption *captions, size_t count)
{
    printer_begin_list(printer);
    for (size_t i = 0; i < count; i++) {
        const struct caption *caption = &captions[i];
        printer_begin_map(printer);
        printer_key(printer, "text");
        printer_string(printer, caption->text);
        printer_key(printer, "file_photo");
        printer_boolean(printer, caption->file_photo);
        printer_key(printer, "credit");
        printer_string(printer, caption->credit);
        printer_key(printer, "photographers");
        string_list_print(printer, &caption->photographers);
        printer_key(printer, "date");
        printer_string(printer, caption->date);
        printer_end(printer);
    }
    printer_end(printer);
}

void dateline_print(struct printer *printer, const struct dateline *dateline)
{
    if (dateline == NULL) {
        printer_null(printer);
        return;
    }
    printer_begin_map(printer);
    printer_key(printer, "raw");
    printer_string(printer, dateline->raw);
    printer_key(printer, "places");
    printer_begin_list(printer);
    for (size_t i = 0; i < dateline->place_count; i++) {
        printer_begin_map(printer);
        printer_key(printer, "city");
        printer_string(printer, dateline->places[i].city);
        printer_key(printer, "region");
        printer_string(printer, dateline->places[i].region);
        printer_end(printer);
    }
    printer_end(printer);
    printer_key(printer, "agency");
    printer_string(printer, dateline->agency);
    printer_key(printer, "date");
    printer_string(printer, dateline->date);
    printer_end(printer);
}

void credits_print(struct printer *printer, const struct credit *credits, size_t count)
{
    printer_begin_list(printer);
    for (size_t i = 0; i < count; i++) {
        printer_begin_map(printer);
        printer_key(printer, "role");
        printer_string(printer, credits[i].role);
        printer_key(printer, "name");
        printer_string(printer, credits[i].name);
        printer_key(printer, "location");
        printer_string(printer, credits[i].location);
        printer_end(printer);
    }
    printer_end(printer);
}

void article_print(struct printer *printer, const struct article *article)
{
    printer_begin_map(printer);
    if (article->id > 0) {
        printer_key(printer, "id");
        printer_integer(printer, article->id);
    }
    printer_key(printer, "source");
    source_print(printer, article->source.file, article->source.first_line, article->source.last_line);
    printer_key(printer, "title");
    printer_string(printer, article->title);
    printer_key(printer, "title_repeats");
    printer_integer(printer, article->title_repeats);
    printer_key(printer, "captions");
    captions_print(printer, article->captions, article->caption_count);
    printer_key(printer, "byline");
    string_list_print(printer, &article->byline);
    printer_key(printer, "dateline");
    dateline_print(printer, article->dateline);
    printer_key(printer, "paragraphs");
    string_list_print(printer, &article->paragraphs);
    printer_key(printer, "subheads");
    printer_begin_list(printer);
    for (size_t i = 0; i < article->subhead_count; i++) {
        printer_begin_map(printer);
        printer_key(printer, "text");
        printer_string(printer, article->subheads[i].text);
        printer_key(printer, "before_paragraph");
        printer_integer(printer, (long long)article->subheads[i].before_paragraph);
        printer_end(printer);
    }
    printer_end(printer);
    printer_key(printer, "notes");
    string_list_print(printer, &article->notes);
    printer_key(printer, "links");
    string_list_print(printer, &article->links);
    printer_key(printer, "credits_raw");
    printer_string(printer, article->credits_raw);
    printer_key(printer, "credits");
    credits_print(printer, article->credits, article->credit_count);
    printer_key(printer, "published");
    printer_string(printer, article->published);
    printer_key(printer, "date");
    printer_string(printer, article->date[0] ? article->date : NULL);
    printer_key(printer, "date_source");
    printer_string(printer, article_date_source_name(article->date_source));
    printer_key(printer, "tags");
    tags_print(printer, article->tags, article->tag_count);
    printer_end(printer);
}

void tags_print(struct printer *printer, const struct tag *tags, size_t count)
{
    printer_begin_list(printer);
    for (size_t i = 0; i < count; i++) {
        printer_begin_map(printer);
        printer_key(printer, "scheme");
        printer_string(printer, tags[i].scheme);
        printer_key(printer, "code");
        printer_string(printer, tags[i].code);
        printer_end(printer);
    }
    printer_end(printer);
}
