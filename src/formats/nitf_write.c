/* nitf_write.c — articles as NITF 3.6, through libxml2's xmlTextWriter.
 *
 * Mixed content (byline, dateline, media-producer, tagline) is written so
 * that the element's text is exactly the field as written, with the parts
 * NITF has elements for (person, location, city, region, story.date, org)
 * marked where they occur in it.  When a part cannot be found in the text
 * in order, the text is kept whole and the parts are written as empty
 * elements carrying their value in an nx: attribute instead.
 */
#include "newsidx/nitf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "newsidx/article_date.h"
#include "newsidx/text.h"

/* The DTD version the writer claims. */
#define NITF_VERSION "-//IPTC//DTD NITF 3.6//EN"

struct nitf_writer {
    xmlTextWriterPtr writer; /* libxml2's writer, owning its output buffer */
    FILE *out;               /* where the output goes (not closed here) */
    struct buffer clean;     /* scratch: a string made fit for XML */
    bool failed;             /* a write failed; the output is incomplete */
};

/* Makes text fit for XML 1.0 in writer->clean and returns it. */
static const xmlChar *clean(struct nitf_writer *writer, const char *text, size_t length)
{
    struct buffer repaired = {0};
    utf8_append_repaired(&repaired, text, length);
    buffer_reset(&writer->clean);
    buffer_append(&writer->clean, "", 0);
    const unsigned char *at = (const unsigned char *)(repaired.data ? repaired.data : "");
    size_t offset = 0;
    while (offset < repaired.length) {
        uint32_t code_point;
        size_t step = utf8_decode(at + offset, repaired.length - offset, &code_point);
        if (step == 0)
            step = 1; /* cannot happen after repair */
        bool allowed = code_point >= 0x20 || code_point == '\t' || code_point == '\n' || code_point == '\r';
        if (code_point == 0xFFFE || code_point == 0xFFFF)
            allowed = false;
        if (allowed)
            buffer_append(&writer->clean, (const char *)at + offset, step);
        offset += step;
    }
    buffer_free(&repaired);
    return (const xmlChar *)writer->clean.data;
}

static void check(struct nitf_writer *writer, int status)
{
    if (status < 0)
        writer->failed = true;
}

static void start(struct nitf_writer *writer, const char *name)
{
    check(writer, xmlTextWriterStartElement(writer->writer, (const xmlChar *)name));
}

static void end(struct nitf_writer *writer)
{
    check(writer, xmlTextWriterEndElement(writer->writer));
}

static void text_span(struct nitf_writer *writer, const char *text, size_t length)
{
    if (length > 0)
        check(writer, xmlTextWriterWriteString(writer->writer, clean(writer, text, length)));
}

static void text(struct nitf_writer *writer, const char *string)
{
    text_span(writer, string, strlen(string));
}

/* A line end between elements, for people reading the XML. */
static void newline(struct nitf_writer *writer)
{
    check(writer, xmlTextWriterWriteString(writer->writer, (const xmlChar *)"\n"));
}

static void attribute(struct nitf_writer *writer, const char *name, const char *value)
{
    check(writer, xmlTextWriterWriteAttribute(writer->writer, (const xmlChar *)name,
                                              clean(writer, value, strlen(value))));
}

/* An nx: extension attribute (the prefix is declared on each <nitf>). */
static void extension(struct nitf_writer *writer, const char *name, const char *value)
{
    check(writer, xmlTextWriterWriteAttributeNS(writer->writer, (const xmlChar *)"nx",
                                                (const xmlChar *)name, NULL,
                                                clean(writer, value, strlen(value))));
}

static void element(struct nitf_writer *writer, const char *name, const char *content)
{
    start(writer, name);
    text(writer, content);
    end(writer);
}

/* <meta name=… content=…/> */
static void meta(struct nitf_writer *writer, const char *name, const char *content)
{
    start(writer, "meta");
    attribute(writer, "name", name);
    attribute(writer, "content", content);
    end(writer);
    newline(writer);
}

/* Finds each of count needles in haystack in order, from the end of the
 * previous one; stores their offsets.  Returns false if one is missing. */
static bool find_in_order(const char *haystack, const char *const *needles, size_t count,
                          size_t *offsets)
{
    size_t position = 0;
    for (size_t i = 0; i < count; i++) {
        const char *found = strstr(haystack + position, needles[i]);
        if (found == NULL)
            return false;
        offsets[i] = (size_t)(found - haystack);
        position = offsets[i] + strlen(needles[i]);
    }
    return true;
}

/* Writes text with each of names marked as <person> where it occurs, in
 * order; when they cannot all be found, the text whole and then empty
 * <person nx:name=…/> elements.  roles/locations (may be NULL) give nx:role
 * and nx:location to each person. */
static void persons_in_text(struct nitf_writer *writer, const char *whole, const char *const *names,
                            size_t count, const char *const *roles, const char *const *locations)
{
    size_t *offsets = checked_malloc((count ? count : 1) * sizeof *offsets);
    bool inline_names = whole != NULL && find_in_order(whole, names, count, offsets);
    size_t cursor = 0;
    for (size_t i = 0; i < count; i++) {
        if (inline_names) {
            text_span(writer, whole + cursor, offsets[i] - cursor);
            cursor = offsets[i] + strlen(names[i]);
        }
        start(writer, "person");
        if (roles && roles[i])
            extension(writer, "role", roles[i]);
        if (locations && locations[i])
            extension(writer, "location", locations[i]);
        if (inline_names)
            text(writer, names[i]);
        else
            extension(writer, "name", names[i]);
        end(writer);
    }
    if (inline_names)
        text(writer, whole + cursor);
    else if (whole != NULL)
        text(writer, whole); /* after the empty persons: the text reads whole */
    free(offsets);
}

static void write_byline(struct nitf_writer *writer, const struct string_list *byline)
{
    if (byline->count == 0)
        return;
    start(writer, "byline");
    text(writer, "By ");
    for (size_t i = 0; i < byline->count; i++) {
        if (i > 0)
            text(writer, i + 1 == byline->count ? " and " : ", ");
        element(writer, "person", byline->items[i]);
    }
    end(writer);
    newline(writer);
}

static void write_dateline(struct nitf_writer *writer, const struct dateline *dateline)
{
    if (dateline == NULL)
        return;
    /* The parts, in the order they stand in the raw text. */
    size_t capacity = 2 * dateline->place_count + 2;
    const char **needles = checked_malloc(capacity * sizeof *needles);
    size_t *offsets = checked_malloc(capacity * sizeof *offsets);
    size_t count = 0;
    for (size_t i = 0; i < dateline->place_count; i++) {
        needles[count++] = dateline->places[i].city ? dateline->places[i].city : "";
        if (dateline->places[i].region)
            needles[count++] = dateline->places[i].region;
    }
    if (dateline->date)
        needles[count++] = dateline->date;
    if (dateline->agency)
        needles[count++] = dateline->agency;
    bool inline_parts = dateline->raw != NULL && find_in_order(dateline->raw, needles, count, offsets);

    start(writer, "dateline");
    if (dateline->raw == NULL)
        extension(writer, "null", "true");
    else if (!inline_parts)
        extension(writer, "raw", dateline->raw);
    const char *raw = dateline->raw;
    size_t cursor = 0, part = 0;
    /* Writes the raw text up to the next part, then the part's element. */
#define DATELINE_PART(name)                                                    \
    do {                                                                       \
        if (inline_parts) {                                                    \
            text_span(writer, raw + cursor, offsets[part] - cursor);           \
            cursor = offsets[part] + strlen(needles[part]);                    \
        }                                                                      \
        element(writer, name, needles[part]);                                  \
        part++;                                                                \
    } while (0)
    for (size_t i = 0; i < dateline->place_count; i++) {
        if (inline_parts) {
            text_span(writer, raw + cursor, offsets[part] - cursor);
            cursor = offsets[part];
        }
        start(writer, "location");
        if (dateline->places[i].city == NULL)
            extension(writer, "no-city", "true");
        DATELINE_PART("city");
        if (dateline->places[i].region)
            DATELINE_PART("region");
        end(writer);
    }
    if (dateline->date)
        DATELINE_PART("story.date");
    if (dateline->agency)
        DATELINE_PART("org");
#undef DATELINE_PART
    if (inline_parts)
        text(writer, raw + cursor);
    end(writer);
    newline(writer);
    free(needles);
    free(offsets);
}

static void write_caption(struct nitf_writer *writer, const struct caption *caption)
{
    start(writer, "media");
    attribute(writer, "media-type", "image");
    newline(writer);
    if (caption->file_photo) {
        start(writer, "media-metadata");
        attribute(writer, "name", "file-photo");
        attribute(writer, "value", "true");
        end(writer);
        newline(writer);
    }
    if (caption->date) {
        start(writer, "media-metadata");
        attribute(writer, "name", "date");
        attribute(writer, "value", caption->date);
        end(writer);
        newline(writer);
    }
    if (caption->text) {
        element(writer, "media-caption", caption->text);
        newline(writer);
    }
    if (caption->credit || caption->photographers.count > 0) {
        start(writer, "media-producer");
        if (caption->credit == NULL)
            extension(writer, "null", "true");
        persons_in_text(writer, caption->credit, (const char *const *)caption->photographers.items,
                        caption->photographers.count, NULL, NULL);
        end(writer);
        newline(writer);
    }
    end(writer);
    newline(writer);
}

/* Writes the paragraphs with the subheads in their places. */
static void write_paragraphs(struct nitf_writer *writer, const struct article *article)
{
    size_t written = 0, total = article->paragraphs.count;
    for (size_t s = 0; s < article->subhead_count; s++) {
        const struct subhead *subhead = &article->subheads[s];
        bool in_place = subhead->before_paragraph >= written && subhead->before_paragraph <= total;
        if (in_place)
            while (written < subhead->before_paragraph) {
                element(writer, "p", article->paragraphs.items[written++]);
                newline(writer);
            }
        start(writer, "hl2");
        if (!in_place) {
            char number[32];
            snprintf(number, sizeof number, "%zu", subhead->before_paragraph);
            extension(writer, "before-paragraph", number);
        }
        text(writer, subhead->text ? subhead->text : "");
        end(writer);
        newline(writer);
    }
    while (written < total) {
        element(writer, "p", article->paragraphs.items[written++]);
        newline(writer);
    }
}

static void write_article(struct nitf_writer *writer, const struct article *article)
{
    char number[32];
    start(writer, "nitf");
    attribute(writer, "version", NITF_VERSION);
    check(writer, xmlTextWriterWriteAttribute(writer->writer, (const xmlChar *)"xmlns:nx",
                                              (const xmlChar *)NITF_EXTENSION_NAMESPACE));
    newline(writer);

    start(writer, "head");
    newline(writer);
    if (article->title) {
        element(writer, "title", article->title);
        newline(writer);
    }
    if (article->source.file)
        meta(writer, "newsidx:source-file", article->source.file);
    snprintf(number, sizeof number, "%ld", article->source.first_line);
    meta(writer, "newsidx:first-line", number);
    snprintf(number, sizeof number, "%ld", article->source.last_line);
    meta(writer, "newsidx:last-line", number);
    /* A date ingest was given is not in the text: it goes in date.release,
     * marked as given, so that reading the export back keeps it. */
    bool given_date = article->date_source == ARTICLE_DATE_INGEST_YEAR ||
                      article->date_source == ARTICLE_DATE_INGEST_DATE;
    if (article->id > 0 || article->published || article->tag_count > 0 || given_date) {
        start(writer, "docdata");
        newline(writer);
        if (article->id > 0) {
            snprintf(number, sizeof number, "%lld", article->id);
            start(writer, "doc-id");
            attribute(writer, "id-string", number);
            end(writer);
            newline(writer);
        }
        if (article->published) {
            start(writer, "date.issue");
            attribute(writer, "norm", article->published);
            end(writer);
            newline(writer);
        }
        if (given_date) {
            start(writer, "date.release");
            attribute(writer, "norm", article->date);
            extension(writer, "date-source", article_date_source_name(article->date_source));
            end(writer);
            newline(writer);
        }
        if (article->tag_count > 0) {
            start(writer, "identified-content");
            newline(writer);
            for (size_t i = 0; i < article->tag_count; i++) {
                start(writer, "classifier");
                attribute(writer, "type", article->tags[i].scheme ? article->tags[i].scheme : "");
                attribute(writer, "value", article->tags[i].code ? article->tags[i].code : "");
                end(writer);
                newline(writer);
            }
            end(writer);
            newline(writer);
        }
        end(writer);
        newline(writer);
    }
    end(writer); /* head */
    newline(writer);

    start(writer, "body");
    newline(writer);
    start(writer, "body.head");
    newline(writer);
    if (article->title) {
        start(writer, "hedline");
        start(writer, "hl1");
        if (article->title_repeats != 0) {
            snprintf(number, sizeof number, "%d", article->title_repeats);
            extension(writer, "repeats", number);
        }
        text(writer, article->title);
        end(writer);
        end(writer);
        newline(writer);
    }
    for (size_t i = 0; i < article->notes.count; i++) {
        start(writer, "note");
        start(writer, "body.content");
        element(writer, "p", article->notes.items[i]);
        end(writer);
        end(writer);
        newline(writer);
    }
    write_byline(writer, &article->byline);
    write_dateline(writer, article->dateline);
    end(writer); /* body.head */
    newline(writer);

    start(writer, "body.content");
    newline(writer);
    for (size_t i = 0; i < article->caption_count; i++)
        write_caption(writer, &article->captions[i]);
    write_paragraphs(writer, article);
    if (article->links.count > 0) {
        start(writer, "ul");
        attribute(writer, "class", "links");
        newline(writer);
        for (size_t i = 0; i < article->links.count; i++) {
            start(writer, "li");
            start(writer, "a");
            attribute(writer, "href", article->links.items[i]);
            text(writer, article->links.items[i]);
            end(writer);
            end(writer);
            newline(writer);
        }
        end(writer);
        newline(writer);
    }
    end(writer); /* body.content */
    newline(writer);

    if (article->credits_raw || article->credit_count > 0) {
        const char **names = checked_malloc((article->credit_count + 1) * sizeof *names);
        const char **roles = checked_malloc((article->credit_count + 1) * sizeof *roles);
        const char **locations = checked_malloc((article->credit_count + 1) * sizeof *locations);
        for (size_t i = 0; i < article->credit_count; i++) {
            names[i] = article->credits[i].name ? article->credits[i].name : "";
            roles[i] = article->credits[i].role ? article->credits[i].role : "";
            locations[i] = article->credits[i].location;
        }
        start(writer, "body.end");
        start(writer, "tagline");
        if (article->credits_raw == NULL)
            extension(writer, "null", "true");
        persons_in_text(writer, article->credits_raw, names, article->credit_count, roles, locations);
        end(writer);
        end(writer);
        newline(writer);
        free(names);
        free(roles);
        free(locations);
    }
    end(writer); /* body */
    newline(writer);
    end(writer); /* nitf */
    newline(writer);
}

/* Drops an error libxml2 would print on stderr: a failing write is
 * reported, once, through the writer's own status. */
static void ignore_error(void *context, xmlErrorPtr error)
{
    (void)context;
    (void)error;
}

int nitf_writer_open(struct nitf_writer **out_writer, FILE *out, struct error *error)
{
    *out_writer = NULL;
    /* libxml2 prints "I/O error : No space left on device" for a failing
     * output buffer unless an error handler is set. */
    xmlSetStructuredErrorFunc(NULL, ignore_error);
    xmlOutputBufferPtr output = xmlOutputBufferCreateFile(out, NULL);
    if (output == NULL)
        return error_set(error, "cannot write NITF: libxml2 could not open the output");
    xmlTextWriterPtr text_writer = xmlNewTextWriter(output);
    if (text_writer == NULL) {
        xmlOutputBufferClose(output);
        return error_set(error, "cannot write NITF: libxml2 could not start a writer");
    }
    struct nitf_writer *writer = checked_malloc(sizeof *writer);
    memset(writer, 0, sizeof *writer);
    writer->writer = text_writer;
    writer->out = out;
    check(writer, xmlTextWriterStartDocument(text_writer, "1.0", "UTF-8", NULL));
    start(writer, "nitf-collection");
    newline(writer);
    *out_writer = writer;
    if (writer->failed)
        return error_set(error, "cannot write NITF: %s", strerror(errno));
    return 0;
}

int nitf_writer_add(struct nitf_writer *writer, const struct article *article, struct error *error)
{
    write_article(writer, article);
    if (writer->failed)
        return error_set(error, "cannot write NITF: %s", errno ? strerror(errno) : "write failed");
    return 0;
}

int nitf_writer_finish(struct nitf_writer *writer, struct error *error)
{
    if (writer == NULL)
        return 0;
    check(writer, xmlTextWriterEndDocument(writer->writer));
    check(writer, xmlTextWriterFlush(writer->writer));
    xmlFreeTextWriter(writer->writer);
    bool failed = writer->failed || fflush(writer->out) != 0 || ferror(writer->out);
    buffer_free(&writer->clean);
    free(writer);
    if (failed)
        return error_set(error, "cannot write NITF: %s", errno ? strerror(errno) : "write failed");
    return 0;
}
