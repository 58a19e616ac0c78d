/* markup.c — helpers the libxml2 formats share: tree access, the byte
 * feed, and byline/dateline fields built the wire parser's way. */
#include "markup.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parserInternals.h>

#include "newsidx/wire.h"

void markup_feed_init(struct markup_feed *feed, struct reader *reader, const char *end_tag,
                      size_t limit, struct error *error)
{
    memset(feed, 0, sizeof *feed);
    feed->reader = reader;
    feed->error = error;
    feed->limit = limit;
    feed->line = 1;
    feed->end_tag = end_tag;
}

/* Notes the lines and end tags in bytes about to be handed to libxml2. */
static void markup_feed_scan(struct markup_feed *feed, const char *bytes, size_t length)
{
    size_t tag_length = feed->end_tag ? strlen(feed->end_tag) : 0;
    for (size_t i = 0; i < length; i++) {
        char byte = bytes[i];
        if (tag_length > 0) {
            /* The tag's first byte '<' occurs nowhere else in it, so a
             * mismatch can only restart the match at this byte. */
            if (byte == feed->end_tag[feed->matched])
                feed->matched++;
            else
                feed->matched = byte == feed->end_tag[0] ? 1 : 0;
            if (feed->matched == tag_length) {
                feed->matched = 0;
                feed->element_start = feed->total + i + 1;
                if (feed->end_taken > 0 && feed->end_taken == feed->end_count) {
                    feed->end_taken = 0;
                    feed->end_count = 0;
                }
                array_reserve((void **)&feed->end_lines, &feed->end_capacity, feed->end_count + 1,
                              sizeof *feed->end_lines);
                feed->end_lines[feed->end_count++] = feed->line;
            }
        }
        if (byte == '\n')
            feed->line++;
    }
}

int markup_feed_read(void *context, char *buffer, int length)
{
    struct markup_feed *feed = context;
    if (feed->failed || length <= 0)
        return feed->failed ? -1 : 0;
    size_t capacity = (size_t)length;
    if (feed->limit > 0) {
        if (feed->total >= feed->limit) {
            feed->over_limit = true;
            return 0;
        }
        if (capacity > feed->limit - feed->total)
            capacity = feed->limit - feed->total;
    }
    if (feed->element_limit > 0 && feed->total - feed->element_start > feed->element_limit) {
        feed->element_over_limit = true;
        return 0;
    }
    long count = reader_read_bytes(feed->reader, buffer, capacity, feed->error);
    if (count < 0) {
        feed->failed = true;
        return -1;
    }
    markup_feed_scan(feed, buffer, (size_t)count);
    feed->total += (size_t)count;
    return (int)count;
}

long markup_feed_take_end_line(struct markup_feed *feed, long fallback)
{
    if (feed->end_taken >= feed->end_count)
        return fallback;
    return feed->end_lines[feed->end_taken++];
}

void markup_feed_free(struct markup_feed *feed)
{
    free(feed->end_lines);
    feed->end_lines = NULL;
    feed->end_count = feed->end_capacity = feed->end_taken = 0;
}

const char *markup_too_deep_message(void)
{
    static char message[80];
    if (message[0] == '\0')
        snprintf(message, sizeof message, "elements nested more than %u deep, not news markup",
                 xmlParserMaxDepth);
    return message;
}

void markup_count_error(void *context, xmlErrorPtr error)
{
    struct markup_errors *errors = context;
    if (error == NULL || error->level == XML_ERR_WARNING)
        return;
    /* libxml2 halts at the 257th level ("Excessive depth in document: 256
     * use XML_PARSE_HUGE option"), even when recovering: the rest of the
     * input is dropped.  Its advice is for programmers, not users. */
    if (error->code == XML_ERR_INTERNAL_ERROR && error->message != NULL &&
        strstr(error->message, "Excessive depth") != NULL)
        errors->too_deep = true;
    if (errors->count++ == 0) {
        errors->first_line = error->line;
        const char *message = error->message ? error->message : "unknown error";
        size_t length = strcspn(message, "\r\n");
        if (length >= sizeof errors->first)
            length = sizeof errors->first - 1;
        memcpy(errors->first, message, length);
        errors->first[length] = '\0';
        errors->first[0] = (char)tolower((unsigned char)errors->first[0]);
    }
}

void markup_count_parser_error(void *parser_context, xmlErrorPtr error)
{
    xmlParserCtxtPtr context = parser_context;
    if (context != NULL && context->_private != NULL)
        markup_count_error(context->_private, error);
}

bool markup_is(xmlNodePtr node, const char *name)
{
    return node != NULL && node->type == XML_ELEMENT_NODE &&
           xmlStrEqual(node->name, (const xmlChar *)name);
}

xmlNodePtr markup_child(xmlNodePtr parent, const char *name)
{
    if (parent == NULL)
        return NULL;
    for (xmlNodePtr child = parent->children; child != NULL; child = child->next)
        if (markup_is(child, name))
            return child;
    return NULL;
}

xmlNodePtr markup_next(xmlNodePtr node, const char *name)
{
    for (xmlNodePtr sibling = node ? node->next : NULL; sibling != NULL; sibling = sibling->next)
        if (markup_is(sibling, name))
            return sibling;
    return NULL;
}

xmlNodePtr markup_find(xmlNodePtr node, const char *name)
{
    if (node == NULL)
        return NULL;
    for (xmlNodePtr child = node->children; child != NULL; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        if (markup_is(child, name))
            return child;
        xmlNodePtr found = markup_find(child, name);
        if (found != NULL)
            return found;
    }
    return NULL;
}

void markup_count_text_repairs(xmlDocPtr document, long *repairs)
{
    if (document != NULL)
        document->_private = repairs;
}

/* Appends libxml2's text value to out.  libxml2 hands out UTF-8, but in
 * recovery mode it passes on the bytes of input that claimed to be UTF-8
 * and is not; every string an article gets from markup comes through here,
 * so that what reaches a pattern match or the store is always valid UTF-8:
 * each ill-formed byte becomes U+FFFD, and a text that needed it counts as
 * one repair of node's document (markup_count_text_repairs). */
static void markup_append_repaired(struct buffer *out, xmlNodePtr node, const xmlChar *value)
{
    if (value == NULL)
        return;
    const char *text = (const char *)value;
    size_t length = strlen(text);
    if (utf8_is_valid(text, length)) {
        buffer_append(out, text, length);
        return;
    }
    utf8_append_repaired(out, text, length);
    long *repairs = node != NULL && node->doc != NULL ? node->doc->_private : NULL;
    if (repairs != NULL)
        (*repairs)++;
}

/* A new string: markup_append_repaired() of value alone. */
static char *markup_string(xmlNodePtr node, const xmlChar *value)
{
    struct buffer out = {0};
    markup_append_repaired(&out, node, value);
    return buffer_take(&out);
}

void markup_append_content(struct buffer *out, xmlNodePtr node)
{
    if (node != NULL)
        markup_append_repaired(out, node, node->content);
}

char *markup_text(xmlNodePtr node)
{
    if (node == NULL)
        return checked_strdup("");
    xmlChar *content = xmlNodeGetContent(node);
    char *text = markup_string(node, content);
    xmlFree(content);
    return text;
}

char *markup_collapse(const char *text)
{
    struct buffer out = {0};
    size_t length = strlen(text);
    size_t i = 0;
    while (i < length) {
        /* A run of white space (U+00A0 included) holding a line end
         * becomes one space; any other run is kept as written. */
        size_t run = i;
        bool has_line_end = false;
        for (;;) {
            if (run < length && (text[run] == '\n' || text[run] == '\r')) {
                has_line_end = true;
                run++;
                continue;
            }
            size_t space = run < length ? text_space_length(text + run, length - run) : 0;
            if (space == 0)
                break;
            run += space;
        }
        if (run > i) {
            if (has_line_end)
                buffer_append_byte(&out, ' ');
            else
                buffer_append(&out, text + i, run - i);
            i = run;
        } else {
            buffer_append_byte(&out, text[i]);
            i++;
        }
    }
    char *collapsed = text_trim_copy(out.data ? out.data : "", out.length);
    buffer_free(&out);
    return collapsed;
}

char *markup_text_collapsed(xmlNodePtr node)
{
    char *text = markup_text(node);
    char *collapsed = markup_collapse(text);
    free(text);
    return collapsed;
}

char *markup_attribute(xmlNodePtr node, const char *name, const char *ns)
{
    if (node == NULL)
        return NULL;
    xmlChar *value = ns ? xmlGetNsProp(node, (const xmlChar *)name, (const xmlChar *)ns)
                        : xmlGetNoNsProp(node, (const xmlChar *)name);
    if (value == NULL)
        return NULL;
    char *copy = markup_string(node, value);
    xmlFree(value);
    return copy;
}

long markup_line(xmlNodePtr node)
{
    long line = node ? xmlGetLineNo(node) : 0;
    return line > 0 ? line : 0;
}

/* True when text starts with word (ASCII, any case) followed by a space. */
static bool starts_with_word(const char *text, const char *word)
{
    size_t length = strlen(word);
    for (size_t i = 0; i < length; i++)
        if (tolower((unsigned char)text[i]) != word[i])
            return false;
    return text[length] == ' ';
}

/* True when text ends with suffix; then *length is shortened past it. */
static bool strip_suffix(const char *text, size_t *length, const char *suffix)
{
    size_t suffix_length = strlen(suffix);
    if (*length < suffix_length || memcmp(text + *length - suffix_length, suffix, suffix_length) != 0)
        return false;
    *length -= suffix_length;
    return true;
}

/* markup_byline_names() on the element's text. */
static void byline_names(const char *text, struct string_list *names)
{
    char *line = markup_collapse(text);
    const char *start = line;
    if (starts_with_word(start, "by"))
        start += 3;
    size_t length = strlen(start);
    if (!strip_suffix(start, &length, ", Reuters"))
        strip_suffix(start, &length, ", Reuter");
    char *rest = text_trim_copy(start, length);
    if (*rest) {
        struct buffer probe = {0};
        buffer_append_string(&probe, "By ");
        buffer_append_string(&probe, rest);
        size_t before = names->count;
        if (!wire_byline_parse(probe.data, names) || names->count == before)
            string_list_append(names, rest);
        buffer_free(&probe);
    }
    free(rest);
    free(line);
}

/* True when the length bytes at text are an ISO date YYYY-MM-DD. */
static bool is_iso_date(const char *text, size_t length)
{
    if (length != 10 || text[4] != '-' || text[7] != '-')
        return false;
    for (size_t i = 0; i < length; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)text[i]))
            return false;
    return true;
}

/* True when text (after leading spaces) is a month name or its
 * abbreviation followed by a day number and nothing else: " March 3". */
static bool is_month_day(const char *text)
{
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    while (*text == ' ')
        text++;
    bool month = false;
    for (size_t i = 0; i < 12 && !month; i++)
        month = strncasecmp(text, months[i], 3) == 0;
    if (!month)
        return false;
    while (isalpha((unsigned char)*text) || *text == '.')
        text++;
    if (*text != ' ')
        return false;
    while (*text == ' ')
        text++;
    if (!isdigit((unsigned char)*text))
        return false;
    while (isdigit((unsigned char)*text))
        text++;
    while (*text == ' ')
        text++;
    return *text == '\0';
}

/* Adds the places of text the simple way: '/' separates places, a comma
 * separates city from region. */
static void add_places_plainly(struct dateline *dateline, const char *text)
{
    const char *cursor = text;
    while (*cursor) {
        size_t length = strcspn(cursor, "/");
        const char *comma = memchr(cursor, ',', length);
        char *city = text_trim_copy(cursor, comma ? (size_t)(comma - cursor) : length);
        char *region = comma ? text_trim_copy(comma + 1, length - (size_t)(comma - cursor) - 1) : NULL;
        if (*city)
            dateline_add_place(dateline, city, region && *region ? region : NULL);
        free(city);
        free(region);
        cursor += length;
        if (*cursor == '/')
            cursor++;
    }
}

/* The length of text without trailing dashes (hyphen, en dash, em dash)
 * and white space. */
static size_t length_without_dash(const char *text, size_t length)
{
    for (;;) {
        const char *start = text;
        size_t trimmed = length;
        text_trim_span(&start, &trimmed);
        length = (size_t)(start - text) + trimmed;
        if (length > 0 && text[length - 1] == '-')
            length--;
        else if (length >= 3 && (memcmp(text + length - 3, "\xE2\x80\x93", 3) == 0 ||
                                 memcmp(text + length - 3, "\xE2\x80\x94", 3) == 0))
            length -= 3;
        else
            return length;
    }
}

/* markup_dateline() on the element's text. */
static struct dateline *dateline_from_text(const char *text)
{
    char *collapsed = markup_collapse(text);
    size_t length = length_without_dash(collapsed, strlen(collapsed));
    collapsed[length] = '\0';
    if (length == 0) {
        free(collapsed);
        return NULL;
    }
    /* A trailing ISO date (RCV1: "BRUSSELS 1996-08-20") is the date. */
    char *iso_date = NULL;
    size_t places_length = length;
    const char *last_space = strrchr(collapsed, ' ');
    const char *last_word = last_space ? last_space + 1 : collapsed;
    if (is_iso_date(last_word, strlen(last_word))) {
        iso_date = checked_strdup(last_word);
        places_length = (size_t)(last_word - collapsed);
        while (places_length > 0 && (collapsed[places_length - 1] == ' ' || collapsed[places_length - 1] == ','))
            places_length--;
    }
    char *places = checked_strndup(collapsed, places_length);

    struct dateline *dateline = NULL;
    if (*places) {
        /* The wire rules want text after a dash; give them some. */
        struct buffer probe = {0};
        buffer_append_string(&probe, places);
        buffer_append_string(&probe, " \xE2\x80\x93 x");
        size_t text_start;
        dateline = wire_dateline_parse(probe.data, &text_start);
        buffer_free(&probe);
    }
    if (dateline == NULL) {
        dateline = checked_malloc(sizeof *dateline);
        memset(dateline, 0, sizeof *dateline);
        /* A written date after the last comma ("Tokyo, March 3") is the
         * date, not a region. */
        char *comma = strrchr(places, ',');
        if (comma != NULL && iso_date == NULL && is_month_day(comma + 1)) {
            dateline->date = markup_collapse(comma + 1);
            *comma = '\0';
        }
        add_places_plainly(dateline, places);
    }
    free(dateline->raw);
    dateline->raw = collapsed;
    if (iso_date) {
        free(dateline->date);
        dateline->date = iso_date;
    }
    free(places);
    return dateline;
}

void markup_byline_names(xmlNodePtr element, struct string_list *names)
{
    if (element == NULL)
        return;
    char *text = markup_text(element);
    byline_names(text, names);
    free(text);
}

struct dateline *markup_dateline(xmlNodePtr element)
{
    if (element == NULL)
        return NULL;
    char *text = markup_text(element);
    struct dateline *dateline = dateline_from_text(text);
    free(text);
    return dateline;
}
