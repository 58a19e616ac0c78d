/* rcv1.c — RCV1 newsitem XML, parsed by libxml2, as articles. */
#include "newsidx/rcv1.h"

#include <stdlib.h>
#include <string.h>

#include "markup.h"

/* The scheme of a codes class: "bip:topics:1.0" gives "topics". */
static char *scheme_of_class(const char *class_name)
{
    const char *colon = strchr(class_name, ':');
    if (colon == NULL)
        return checked_strdup(class_name);
    const char *start = colon + 1;
    size_t length = strcspn(start, ":");
    return checked_strndup(start, length);
}

/* Fills article from one <newsitem>. */
static void rcv1_extract(xmlNodePtr item, struct article *article)
{
    xmlNodePtr headline = markup_child(item, "headline");
    char *title = headline ? markup_text_collapsed(headline) : NULL;
    if (title == NULL || *title == '\0') {
        free(title);
        xmlNodePtr title_element = markup_child(item, "title");
        title = title_element ? markup_text_collapsed(title_element) : NULL;
    }
    if (title != NULL && *title == '\0') {
        free(title);
        title = NULL;
    }
    article->title = title;

    for (xmlNodePtr byline = markup_child(item, "byline"); byline; byline = markup_next(byline, "byline"))
        markup_byline_names(byline, &article->byline);
    article->dateline = markup_dateline(markup_child(item, "dateline"));
    xmlNodePtr text = markup_child(item, "text");
    for (xmlNodePtr paragraph = markup_child(text, "p"); paragraph; paragraph = markup_next(paragraph, "p")) {
        char *content = markup_text_collapsed(paragraph);
        if (*content)
            string_list_append_owned(&article->paragraphs, content);
        else
            free(content);
    }
    char *date = markup_attribute(item, "date", NULL);
    if (date != NULL) {
        article->published = markup_collapse(date);
        free(date);
        if (*article->published == '\0') {
            free(article->published);
            article->published = NULL;
        }
    }
    xmlNodePtr metadata = markup_child(item, "metadata");
    for (xmlNodePtr codes = markup_child(metadata, "codes"); codes; codes = markup_next(codes, "codes")) {
        char *class_name = markup_attribute(codes, "class", NULL);
        char *scheme = scheme_of_class(class_name ? class_name : "codes");
        for (xmlNodePtr code = markup_child(codes, "code"); code; code = markup_next(code, "code")) {
            char *value = markup_attribute(code, "code", NULL);
            char *trimmed = value ? markup_collapse(value) : NULL;
            if (trimmed && *trimmed)
                article_add_tag(article, scheme, trimmed);
            free(trimmed);
            free(value);
        }
        free(scheme);
        free(class_name);
    }
}

/* Collects the newsitem elements at or below node, in document order. */
static void find_items(xmlNodePtr node, xmlNodePtr **items, size_t *count, size_t *capacity)
{
    for (; node != NULL; node = node->next) {
        if (markup_is(node, "newsitem")) {
            array_reserve((void **)items, capacity, *count + 1, sizeof **items);
            (*items)[(*count)++] = node;
        } else if (node->type == XML_ELEMENT_NODE) {
            find_items(node->children, items, count, capacity);
        }
    }
}

int rcv1_parse(struct reader *reader, const char *source_name, struct input_stats *stats,
               article_callback callback, void *context, struct error *error)
{
    struct input_stats ignored = {0};
    if (stats == NULL)
        stats = &ignored;
    struct markup_feed feed;
    markup_feed_init(&feed, reader, "</newsitem>", RCV1_MAX_FILE_BYTES, error);
    struct markup_errors errors = {0};
    xmlParserCtxtPtr parser = xmlNewParserCtxt();
    if (parser == NULL)
        return error_set(error, "cannot read %s: libxml2 could not start a parser",
                         text_quote_name(source_name).text);
    parser->sax->serror = markup_count_parser_error;
    parser->_private = &errors;
    xmlDocPtr tree = xmlCtxtReadIO(parser, markup_feed_read, NULL, &feed, source_name, NULL,
                                   MARKUP_XML_OPTIONS | XML_PARSE_RECOVER);
    parser->_private = NULL;
    xmlFreeParserCtxt(parser);

    int status = 0;
    xmlNodePtr *items = NULL;
    size_t count = 0, capacity = 0;
    if (feed.failed) {
        status = -1;
    } else if (feed.over_limit) {
        status = error_set(error, "cannot read %s: larger than %u MiB, not an RCV1 item",
                           text_quote_name(source_name).text, RCV1_MAX_FILE_BYTES / (1024u * 1024u));
    } else if (errors.too_deep) {
        status = error_set(error, "cannot read %s: %s",
                           text_quote_name(source_name).text, markup_too_deep_message());
    } else {
        if (tree != NULL)
            find_items(tree->children, &items, &count, &capacity);
        if (count == 0 && errors.count > 0)
            status = error_set(error, "cannot read %s: not well-formed XML at line %ld: %s",
                               text_quote_name(source_name).text, errors.first_line, errors.first);
        else if (count == 0)
            status = error_set(error, "cannot read %s: no <newsitem> element, not RCV1 XML",
                               text_quote_name(source_name).text);
    }
    stats->repairs += errors.count;
    long text_repairs = 0;
    markup_count_text_repairs(tree, &text_repairs);
    for (size_t i = 0; i < count && status == 0; i++) {
        struct article article;
        article_init(&article);
        article.source.file = checked_strdup(source_name);
        article.source.first_line = markup_line(items[i]);
        article.source.last_line = markup_feed_take_end_line(&feed, article.source.first_line);
        if (article.source.last_line < article.source.first_line)
            article.source.last_line = article.source.first_line;
        text_repairs = 0;
        rcv1_extract(items[i], &article);
        stats->articles++;
        stats->repairs += text_repairs;
        stats->article_repairs = (i == 0 ? errors.count : 0) + text_repairs;
        status = callback(&article, context, error);
        stats->article_repairs = 0;
        article_free(&article);
    }
    free(items);
    if (tree != NULL)
        xmlFreeDoc(tree);
    markup_feed_free(&feed);
    return status;
}
