/* nitf.c — NITF XML back into articles, one <nitf> element at a time,
 * through libxml2's streaming reader (xmlTextReader). */
#include "newsidx/nitf.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "markup.h"
#include "newsidx/article_date.h"

/* An nx: extension attribute, or NULL. */
static char *extension(xmlNodePtr node, const char *name)
{
    return markup_attribute(node, name, NITF_EXTENSION_NAMESPACE);
}

/* True when node carries nx:name="true". */
static bool extension_flag(xmlNodePtr node, const char *name)
{
    char *value = extension(node, name);
    bool set = value != NULL && strcmp(value, "true") == 0;
    free(value);
    return set;
}

/* The element's text, or NULL when it carries nx:null="true". */
static char *text_or_null(xmlNodePtr node)
{
    if (node == NULL || extension_flag(node, "null"))
        return NULL;
    return markup_text_collapsed(node);
}

/* The person's name: nx:name when written as an empty element, else its
 * text. */
static char *person_name(xmlNodePtr person)
{
    char *name = extension(person, "name");
    return name ? name : markup_text_collapsed(person);
}

/* Collects the person elements at any depth below node, in order. */
static void find_persons(xmlNodePtr node, xmlNodePtr **persons, size_t *count, size_t *capacity)
{
    for (xmlNodePtr child = node ? node->children : NULL; child; child = child->next) {
        if (markup_is(child, "person")) {
            array_reserve((void **)persons, capacity, *count + 1, sizeof **persons);
            (*persons)[(*count)++] = child;
        } else if (child->type == XML_ELEMENT_NODE) {
            find_persons(child, persons, count, capacity);
        }
    }
}

static void read_head(xmlNodePtr head, struct article *article, bool *source_found)
{
    char *file = NULL, *first = NULL, *last = NULL;
    for (xmlNodePtr meta = markup_child(head, "meta"); meta; meta = markup_next(meta, "meta")) {
        char *name = markup_attribute(meta, "name", NULL);
        char **slot = NULL;
        if (name && strcmp(name, "newsidx:source-file") == 0)
            slot = &file;
        else if (name && strcmp(name, "newsidx:first-line") == 0)
            slot = &first;
        else if (name && strcmp(name, "newsidx:last-line") == 0)
            slot = &last;
        if (slot && *slot == NULL)
            *slot = markup_attribute(meta, "content", NULL);
        free(name);
    }
    if (file && first && last) {
        free(article->source.file);
        article->source.file = file;
        article->source.first_line = strtol(first, NULL, 10);
        article->source.last_line = strtol(last, NULL, 10);
        file = NULL;
        *source_found = true;
    }
    free(file);
    free(first);
    free(last);

    xmlNodePtr title = markup_child(head, "title");
    if (title != NULL && article->title == NULL)
        article->title = markup_text_collapsed(title);

    xmlNodePtr docdata = markup_child(head, "docdata");
    xmlNodePtr issued = markup_child(docdata, "date.issue");
    if (issued != NULL) {
        char *norm = markup_attribute(issued, "norm", NULL);
        if (norm && *norm)
            article->published = norm;
        else
            free(norm);
    }
    /* A date an ingest was given (newsidx's own exports): kept as given,
     * for input.c's dating to apply again (article_date_given_of()). */
    xmlNodePtr released = markup_child(docdata, "date.release");
    char *given_source = released ? extension(released, "date-source") : NULL;
    char *given_date = released ? markup_attribute(released, "norm", NULL) : NULL;
    enum article_date_source source = article_date_source_from_name(given_source);
    if ((source == ARTICLE_DATE_INGEST_YEAR || source == ARTICLE_DATE_INGEST_DATE) && given_date &&
        strlen(given_date) == 10) {
        memcpy(article->date, given_date, sizeof article->date);
        article->date_source = source;
    }
    free(given_source);
    free(given_date);
    xmlNodePtr content = markup_child(docdata, "identified-content");
    for (xmlNodePtr classifier = markup_child(content, "classifier"); classifier;
         classifier = markup_next(classifier, "classifier")) {
        char *scheme = markup_attribute(classifier, "type", NULL);
        if (scheme == NULL)
            scheme = markup_attribute(classifier, "idsrc", NULL);
        char *code = markup_attribute(classifier, "value", NULL);
        if (code == NULL)
            code = markup_text_collapsed(classifier);
        article_add_tag(article, scheme ? scheme : "classifier", code);
        free(scheme);
        free(code);
    }
}

static void read_dateline(xmlNodePtr node, struct article *article)
{
    struct dateline *dateline = checked_malloc(sizeof *dateline);
    memset(dateline, 0, sizeof *dateline);
    if (!extension_flag(node, "null")) {
        dateline->raw = extension(node, "raw");
        if (dateline->raw == NULL)
            dateline->raw = markup_text_collapsed(node);
    }
    for (xmlNodePtr location = markup_child(node, "location"); location;
         location = markup_next(location, "location")) {
        xmlNodePtr city = markup_child(location, "city");
        xmlNodePtr region = markup_child(location, "region");
        if (region == NULL)
            region = markup_child(location, "state");
        if (region == NULL)
            region = markup_child(location, "country");
        char *city_text = NULL;
        if (!extension_flag(location, "no-city"))
            city_text = city ? markup_text_collapsed(city) : markup_text_collapsed(location);
        char *region_text = region ? markup_text_collapsed(region) : NULL;
        dateline_add_place(dateline, city_text ? city_text : "", region_text);
        if (city_text == NULL) {
            free(dateline->places[dateline->place_count - 1].city);
            dateline->places[dateline->place_count - 1].city = NULL;
        }
        free(city_text);
        free(region_text);
    }
    xmlNodePtr date = markup_child(node, "story.date");
    if (date != NULL)
        dateline->date = markup_text_collapsed(date);
    xmlNodePtr agency = markup_child(node, "org");
    if (agency != NULL)
        dateline->agency = markup_text_collapsed(agency);
    dateline_free(article->dateline);
    article->dateline = dateline;
}

static void read_body_head(xmlNodePtr body_head, struct article *article)
{
    xmlNodePtr hedline = markup_child(body_head, "hedline");
    xmlNodePtr hl1 = markup_child(hedline, "hl1");
    if (hl1 != NULL) {
        free(article->title);
        article->title = markup_text_collapsed(hl1);
        char *repeats = extension(hl1, "repeats");
        if (repeats)
            article->title_repeats = (int)strtol(repeats, NULL, 10);
        free(repeats);
    }
    for (xmlNodePtr note = markup_child(body_head, "note"); note; note = markup_next(note, "note"))
        string_list_append_owned(&article->notes, markup_text_collapsed(note));
    for (xmlNodePtr byline = markup_child(body_head, "byline"); byline;
         byline = markup_next(byline, "byline")) {
        xmlNodePtr *persons = NULL;
        size_t count = 0, capacity = 0;
        find_persons(byline, &persons, &count, &capacity);
        for (size_t i = 0; i < count; i++)
            string_list_append_owned(&article->byline, person_name(persons[i]));
        if (count == 0)
            markup_byline_names(byline, &article->byline);
        free(persons);
    }
    xmlNodePtr dateline = markup_child(body_head, "dateline");
    if (dateline != NULL)
        read_dateline(dateline, article);
}

static void read_caption(xmlNodePtr media, struct article *article, bool ours)
{
    struct caption *caption = article_add_caption(article);
    for (xmlNodePtr metadata = markup_child(media, "media-metadata"); metadata;
         metadata = markup_next(metadata, "media-metadata")) {
        char *name = markup_attribute(metadata, "name", NULL);
        char *value = markup_attribute(metadata, "value", NULL);
        if (name && value && strcmp(name, "file-photo") == 0) {
            caption->file_photo = strcmp(value, "true") == 0;
        } else if (name && value && strcmp(name, "date") == 0 && caption->date == NULL) {
            caption->date = value;
            value = NULL;
        }
        free(name);
        free(value);
    }
    xmlNodePtr text = markup_child(media, "media-caption");
    if (text != NULL)
        caption->text = markup_text_collapsed(text);
    xmlNodePtr producer = markup_child(media, "media-producer");
    if (producer != NULL) {
        caption->credit = text_or_null(producer);
        xmlNodePtr *persons = NULL;
        size_t count = 0, capacity = 0;
        find_persons(producer, &persons, &count, &capacity);
        for (size_t i = 0; i < count; i++)
            string_list_append_owned(&caption->photographers, person_name(persons[i]));
        free(persons);
    }
    if (!ours && caption->text != NULL) {
        /* Another system's NITF: what the caption text itself says (file
         * photo, date, and the credit when no media-producer gives it). */
        struct caption derived = {0};
        wire_caption_parse(caption->text, &derived);
        caption->file_photo = caption->file_photo || derived.file_photo;
        if (caption->date == NULL) {
            caption->date = derived.date;
            derived.date = NULL;
        }
        if (producer == NULL) {
            caption->credit = derived.credit;
            derived.credit = NULL;
            caption->photographers = derived.photographers;
            memset(&derived.photographers, 0, sizeof derived.photographers);
        }
        caption_free(&derived);
    }
}

/* Collects the href of every <a> below node. */
static void read_links(xmlNodePtr node, struct article *article)
{
    for (xmlNodePtr child = node->children; child; child = child->next) {
        if (markup_is(child, "a")) {
            char *href = markup_attribute(child, "href", NULL);
            if (href)
                string_list_append_owned(&article->links, href);
        } else if (child->type == XML_ELEMENT_NODE) {
            read_links(child, article);
        }
    }
}

/* Reads paragraphs, subheads and captions from body.content (or a block
 * within it). */
static void read_content(xmlNodePtr content, struct article *article, bool ours)
{
    for (xmlNodePtr child = content->children; child; child = child->next) {
        if (markup_is(child, "p")) {
            string_list_append_owned(&article->paragraphs, markup_text_collapsed(child));
        } else if (markup_is(child, "hl2")) {
            char *text = markup_text_collapsed(child);
            char *position = extension(child, "before-paragraph");
            size_t before = position ? (size_t)strtoul(position, NULL, 10) : article->paragraphs.count;
            article_add_subhead(article, text, before);
            free(position);
            free(text);
        } else if (markup_is(child, "media")) {
            read_caption(child, article, ours);
        } else if (markup_is(child, "block")) {
            read_content(child, article, ours);
        }
    }
}

static void read_nitf(xmlNodePtr nitf, struct article *article, bool *source_found)
{
    /* newsidx's own exports declare the extension namespace; for those,
     * nothing is derived from text, so that they read back exactly. */
    bool ours = xmlSearchNsByHref(nitf->doc, nitf, (const xmlChar *)NITF_EXTENSION_NAMESPACE) != NULL;
    read_head(markup_child(nitf, "head"), article, source_found);
    xmlNodePtr body = markup_child(nitf, "body");
    read_body_head(markup_child(body, "body.head"), article);
    xmlNodePtr content = markup_child(body, "body.content");
    if (content != NULL) {
        read_content(content, article, ours);
        read_links(content, article);
    }
    xmlNodePtr body_end = markup_child(body, "body.end");
    xmlNodePtr tagline = markup_child(body_end, "tagline");
    if (tagline != NULL) {
        article->credits_raw = text_or_null(tagline);
        xmlNodePtr *persons = NULL;
        size_t count = 0, capacity = 0;
        find_persons(tagline, &persons, &count, &capacity);
        for (size_t i = 0; i < count; i++) {
            char *name = person_name(persons[i]);
            char *role = extension(persons[i], "role");
            char *location = extension(persons[i], "location");
            article_add_credit(article, role ? role : "credit", name, location);
            free(name);
            free(role);
            free(location);
        }
        free(persons);
        if (count == 0 && !ours && article->credits_raw != NULL) {
            /* Another system's credit line: split it as the wire's is. */
            char *credit_line = NULL;
            struct buffer parenthesised = {0};
            buffer_append_byte(&parenthesised, '(');
            buffer_append_string(&parenthesised, article->credits_raw);
            buffer_append_byte(&parenthesised, ')');
            credit_line = wire_credit_line_match(parenthesised.data);
            if (credit_line != NULL)
                wire_credits_parse(credit_line, article);
            free(credit_line);
            buffer_free(&parenthesised);
        }
    }
}

int nitf_parse(struct reader *reader, const char *source_name, struct input_stats *stats,
               article_callback callback, void *context, struct error *error)
{
    struct input_stats ignored = {0};
    if (stats == NULL)
        stats = &ignored;
    struct markup_feed feed;
    markup_feed_init(&feed, reader, "</nitf>", 0, error);
    feed.element_limit = NITF_MAX_ARTICLE_BYTES;
    xmlTextReaderPtr stream = xmlReaderForIO(markup_feed_read, NULL, &feed, source_name, NULL,
                                             MARKUP_XML_OPTIONS);
    if (stream == NULL) {
        markup_feed_free(&feed);
        if (feed.failed)
            return -1;
        return error_set(error, "cannot read %s: libxml2 could not start a reader",
                         text_quote_name(source_name).text);
    }
    struct markup_errors errors = {0};
    xmlTextReaderSetStructuredErrorHandler(stream, markup_count_error, &errors);

    int status = 0;
    long found = 0;
    int step = xmlTextReaderRead(stream);
    while (step == 1 && status == 0) {
        if (xmlTextReaderNodeType(stream) != XML_READER_TYPE_ELEMENT ||
            !xmlStrEqual(xmlTextReaderConstLocalName(stream), (const xmlChar *)"nitf")) {
            step = xmlTextReaderRead(stream);
            continue;
        }
        long errors_before = errors.count;
        xmlNodePtr node = xmlTextReaderExpand(stream);
        if (node == NULL) {
            step = -1;
            break;
        }
        found++;
        struct article article;
        article_init(&article);
        article.source.file = checked_strdup(source_name);
        article.source.first_line = markup_line(node);
        article.source.last_line = markup_feed_take_end_line(&feed, article.source.first_line);
        bool source_found = false;
        long text_repairs = 0;
        markup_count_text_repairs(node->doc, &text_repairs);
        read_nitf(node, &article, &source_found);
        markup_count_text_repairs(node->doc, NULL);
        stats->articles++;
        stats->repairs += errors.count - errors_before + text_repairs;
        stats->article_repairs = errors.count - errors_before + text_repairs;
        status = callback(&article, context, error);
        stats->article_repairs = 0;
        article_free(&article);
        if (status == 0)
            step = xmlTextReaderNext(stream);
    }
    xmlFreeTextReader(stream);
    markup_feed_free(&feed);
    if (status < 0)
        return -1;
    if (feed.failed)
        return -1;
    if (feed.element_over_limit)
        return error_set(error, "cannot read %s: a <nitf> element longer than %u MiB, not a news story",
                         text_quote_name(source_name).text, NITF_MAX_ARTICLE_BYTES / (1024u * 1024u));
    if (errors.too_deep)
        return error_set(error, "cannot read %s: %s",
                         text_quote_name(source_name).text, markup_too_deep_message());
    if (step < 0)
        return error_set(error, "cannot read %s: not well-formed XML at line %ld: %s",
                         text_quote_name(source_name).text,
                         errors.first_line, errors.first[0] ? errors.first : "parse error");
    if (found == 0)
        return error_set(error, "cannot read %s: no <nitf> element, not NITF XML",
                         text_quote_name(source_name).text);
    return 0;
}
