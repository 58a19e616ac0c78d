/* sgml.c — Reuters-21578 SGML: cut, repair, parse with libxml2, extract.
 *
 * The one piece of markup handling done by hand here is the cut-and-repair
 * step (sgml_cut_* and sgml_repair).  It is needed because the input is
 * SGML, not XML: libxml2's XML parser stops at (or, recovering, silently
 * loses text around) the control-character references every document
 * holds, and cannot infer the end tags SGML may omit; its HTML parser
 * knows <BODY> and <TITLE> as HTML and moves or drops them.  The repair
 * step is a tokenizer for the sixteen element names of the Reuters-21578
 * DTD and for references, nothing more: it never interprets content.
 * libxml2 then builds the tree, decodes references and attributes, and
 * anything the repair left ill-formed is recovered by libxml2 and counted.
 */
#include "newsidx/sgml.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "markup.h"

/* ---- The DTD, as far as the repair needs it ------------------------------ */

/* The elements of the Reuters-21578 DTD (lewis.dtd). */
enum sgml_element {
    SGML_REUTERS, SGML_DATE, SGML_MKNOTE, SGML_TOPICS, SGML_PLACES, SGML_PEOPLE,
    SGML_ORGS, SGML_EXCHANGES, SGML_COMPANIES, SGML_UNKNOWN, SGML_TEXT, SGML_TITLE,
    SGML_AUTHOR, SGML_DATELINE, SGML_BODY, SGML_D, SGML_ELEMENT_COUNT
};

static const char *const sgml_element_names[SGML_ELEMENT_COUNT] = {
    "REUTERS", "DATE", "MKNOTE", "TOPICS", "PLACES", "PEOPLE", "ORGS", "EXCHANGES",
    "COMPANIES", "UNKNOWN", "TEXT", "TITLE", "AUTHOR", "DATELINE", "BODY", "D",
};

/* True when the DTD lets element parent hold element child. */
static bool sgml_may_contain(enum sgml_element parent, enum sgml_element child)
{
    switch (parent) {
    case SGML_REUTERS:
        return child == SGML_DATE || child == SGML_MKNOTE || child == SGML_TOPICS ||
               child == SGML_PLACES || child == SGML_PEOPLE || child == SGML_ORGS ||
               child == SGML_EXCHANGES || child == SGML_COMPANIES || child == SGML_UNKNOWN ||
               child == SGML_TEXT;
    case SGML_TOPICS: case SGML_PLACES: case SGML_PEOPLE: case SGML_ORGS:
    case SGML_EXCHANGES: case SGML_COMPANIES:
        return child == SGML_D;
    case SGML_TEXT:
        return child == SGML_AUTHOR || child == SGML_DATELINE || child == SGML_TITLE ||
               child == SGML_BODY;
    default:
        return false; /* the rest hold text only */
    }
}

/* The element whose name (any case) is the length bytes at name, or -1. */
static int sgml_element_lookup(const char *name, size_t length)
{
    for (int element = 0; element < SGML_ELEMENT_COUNT; element++) {
        const char *known = sgml_element_names[element];
        if (strlen(known) != length)
            continue;
        size_t i = 0;
        while (i < length && toupper((unsigned char)name[i]) == known[i])
            i++;
        if (i == length)
            return element;
    }
    return -1;
}

/* ---- Repair ---------------------------------------------------------------- */

/* The deepest nesting the DTD allows is four (REUTERS TEXT BODY, or
 * REUTERS TOPICS D); the repair never nests an element in itself. */
#define SGML_STACK_DEPTH 16

/* State of one document's repair. */
struct sgml_repairer {
    const char *text;              /* the document */
    size_t length;                 /* its length */
    size_t position;               /* next byte to read */
    struct buffer *out;            /* the XML written */
    long repairs;                  /* repairs made */
    long control_characters;       /* control characters dropped */
    int open_angles;               /* "&lt;" in this element's text not yet closed by '>' */
    enum sgml_element stack[SGML_STACK_DEPTH]; /* open elements, outermost first */
    int depth;                     /* how many are open */
    bool finished;                 /* REUTERS has been closed */
    bool comment_end_known;        /* comment_end has been looked for */
    size_t comment_end_from;       /* the offset it was looked for from */
    const char *comment_end;       /* the next "-->" from there, or NULL */
};

static bool is_name_start(char c)
{
    return isalpha((unsigned char)c) || c == '_' || c == ':';
}

static bool is_name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == ':' || c == '.' || c == '-';
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void repair_close_top(struct sgml_repairer *repairer)
{
    enum sgml_element element = repairer->stack[--repairer->depth];
    buffer_append_string(repairer->out, "</");
    buffer_append_string(repairer->out, sgml_element_names[element]);
    buffer_append_byte(repairer->out, '>');
    if (repairer->depth == 0)
        repairer->finished = true;
}

/* Appends an attribute value, escaped for a double-quoted XML attribute;
 * references other than well-formed ones become text. */
static void repair_append_attribute_value(struct sgml_repairer *repairer, const char *value,
                                          size_t length)
{
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)value[i];
        if (c == '"')
            buffer_append_string(repairer->out, "&quot;");
        else if (c == '<')
            buffer_append_string(repairer->out, "&lt;");
        else if (c == '&')
            buffer_append_string(repairer->out, "&amp;");
        else if (c < 0x20 || c == 0x7F)
            buffer_append_byte(repairer->out, ' ');
        else
            buffer_append_byte(repairer->out, (char)c);
    }
}

/* Writes the attributes in [start, end) as XML attributes. */
static void repair_attributes(struct sgml_repairer *repairer, const char *start, const char *end)
{
    char seen[8][32];
    int seen_count = 0;
    const char *cursor = start;
    while (cursor < end) {
        if (is_space(*cursor)) {
            cursor++;
            continue;
        }
        if (!is_name_start(*cursor)) {
            repairer->repairs++; /* a stray character inside a tag */
            cursor++;
            continue;
        }
        const char *name = cursor;
        while (cursor < end && is_name_char(*cursor))
            cursor++;
        size_t name_length = (size_t)(cursor - name);
        const char *scan = cursor;
        while (scan < end && is_space(*scan))
            scan++;
        const char *value = name;
        size_t value_length = name_length; /* SGML's minimised attribute */
        if (scan < end && *scan == '=') {
            scan++;
            while (scan < end && is_space(*scan))
                scan++;
            if (scan < end && (*scan == '"' || *scan == '\'')) {
                char quote = *scan++;
                value = scan;
                while (scan < end && *scan != quote)
                    scan++;
                value_length = (size_t)(scan - value);
                if (scan < end)
                    scan++;
                else
                    repairer->repairs++; /* unclosed quote */
            } else {
                value = scan;
                while (scan < end && !is_space(*scan))
                    scan++;
                value_length = (size_t)(scan - value);
            }
            cursor = scan;
        }
        char upper[32];
        size_t copy = name_length < sizeof upper - 1 ? name_length : sizeof upper - 1;
        for (size_t i = 0; i < copy; i++)
            upper[i] = (char)toupper((unsigned char)name[i]);
        upper[copy] = '\0';
        bool duplicate = false;
        for (int i = 0; i < seen_count; i++)
            duplicate = duplicate || strcmp(seen[i], upper) == 0;
        if (duplicate || seen_count == 8) {
            repairer->repairs++;
            continue;
        }
        memcpy(seen[seen_count++], upper, copy + 1);
        buffer_append_byte(repairer->out, ' ');
        buffer_append_string(repairer->out, upper);
        buffer_append_string(repairer->out, "=\"");
        repair_append_attribute_value(repairer, value, value_length);
        buffer_append_byte(repairer->out, '"');
    }
}

/* Before anything is written outside an element, opens the REUTERS root
 * the document's own start tag (broken beyond reading) failed to open. */
static void repair_ensure_root(struct sgml_repairer *repairer)
{
    if (repairer->depth > 0 || repairer->finished)
        return;
    buffer_append_string(repairer->out, "<REUTERS>");
    repairer->stack[repairer->depth++] = SGML_REUTERS;
    repairer->repairs++;
}

/* Opens element, first closing what the DTD says must end before it. */
static void repair_open(struct sgml_repairer *repairer, enum sgml_element element,
                        const char *attributes, const char *attributes_end, bool empty)
{
    if (repairer->finished) {
        repairer->repairs++; /* markup after the document's end: dropped */
        return;
    }
    if (element != SGML_REUTERS)
        repair_ensure_root(repairer);
    /* Close open elements while the innermost cannot hold this one but an
     * outer one can (SGML's omitted end tags); if none can, the element
     * stays where it is, misplaced but kept.  A field tag (TITLE, AUTHOR,
     * DATELINE, D) inside an open BODY is nested there rather than ending
     * the BODY, so that the body text after it is not lost. */
    int holder = -1;
    for (int i = repairer->depth - 1; i >= 0; i--)
        if (sgml_may_contain(repairer->stack[i], element)) {
            holder = i;
            break;
        }
    bool inside_body = repairer->depth > 0 && repairer->stack[repairer->depth - 1] == SGML_BODY;
    if (inside_body && (element == SGML_TITLE || element == SGML_AUTHOR ||
                        element == SGML_DATELINE || element == SGML_D)) {
        holder = -1;
        repairer->repairs++;
    } else if (holder >= 0) {
        while (repairer->depth - 1 > holder) {
            repair_close_top(repairer);
            repairer->repairs++;
        }
    } else if (repairer->depth > 0 && !inside_body) {
        repairer->repairs++; /* misplaced */
        /* Never nest an element in one of its own kind. */
        for (int i = 0; i < repairer->depth; i++)
            if (repairer->stack[i] == element) {
                while (repairer->depth > i)
                    repair_close_top(repairer);
                break;
            }
    }
    if (repairer->depth >= SGML_STACK_DEPTH) {
        repairer->repairs++;
        return;
    }
    buffer_append_byte(repairer->out, '<');
    buffer_append_string(repairer->out, sgml_element_names[element]);
    repair_attributes(repairer, attributes, attributes_end);
    if (empty) {
        buffer_append_string(repairer->out, "/>");
        return;
    }
    buffer_append_byte(repairer->out, '>');
    repairer->stack[repairer->depth++] = element;
}

/* Closes element if it is open, with whatever it holds; else drops the
 * stray end tag. */
static void repair_close(struct sgml_repairer *repairer, enum sgml_element element)
{
    int at = -1;
    for (int i = repairer->depth - 1; i >= 0; i--)
        if (repairer->stack[i] == element) {
            at = i;
            break;
        }
    if (at < 0) {
        repairer->repairs++;
        return;
    }
    while (repairer->depth - 1 > at) {
        repair_close_top(repairer);
        repairer->repairs++;
    }
    repair_close_top(repairer);
}

/* Tries to read a tag at repairer->position ('<').  Returns true and
 * writes it when it is a tag of the DTD (or a comment, dropped). */
static bool repair_tag(struct sgml_repairer *repairer)
{
    const char *text = repairer->text;
    size_t length = repairer->length;
    size_t at = repairer->position + 1;
    if (at + 2 < length && memcmp(text + at, "!--", 3) == 0) {
        /* Where the next "-->" is, found once and kept, so that a document
         * full of unclosed comments stays linear. */
        if (!repairer->comment_end_known || repairer->comment_end_from > at + 3 ||
            (repairer->comment_end != NULL && repairer->comment_end < text + at + 3)) {
            repairer->comment_end = NULL;
            for (size_t i = at + 3; i + 2 < length && repairer->comment_end == NULL; i++)
                if (memcmp(text + i, "-->", 3) == 0)
                    repairer->comment_end = text + i;
            repairer->comment_end_from = at + 3;
            repairer->comment_end_known = true;
        }
        if (repairer->comment_end == NULL)
            return false;
        const char *end = repairer->comment_end + 3;
        repairer->position = (size_t)(end - text);
        return true;
    }
    bool closing = at < length && text[at] == '/';
    if (closing)
        at++;
    size_t name_start = at;
    while (at < length && isalpha((unsigned char)text[at]))
        at++;
    int element = sgml_element_lookup(text + name_start, at - name_start);
    if (element < 0 || at >= length || !(is_space(text[at]) || text[at] == '>' || text[at] == '/'))
        return false;
    /* The tag ends at the first '>' outside quotes; failing that (an
     * unclosed quote), at the first '>'.  Either must come before the
     * next '<' and within a few KiB. */
    size_t limit = length - at < 4096 ? length : at + 4096;
    size_t end = 0;
    char quote = 0;
    for (size_t i = at; i < limit; i++) {
        char c = text[i];
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            end = i;
            break;
        } else if (c == '<') {
            break;
        }
    }
    if (end == 0) {
        for (size_t i = at; i < limit && text[i] != '<'; i++)
            if (text[i] == '>') {
                end = i;
                break;
            }
        if (end == 0)
            return false;
    }
    const char *attributes = text + at;
    const char *attributes_end = text + end;
    bool empty = end > at && text[end - 1] == '/';
    if (empty)
        attributes_end--;
    if (closing) {
        for (const char *c = attributes; c < attributes_end; c++)
            if (!is_space(*c)) {
                repairer->repairs++; /* junk in an end tag */
                break;
            }
        repair_close(repairer, (enum sgml_element)element);
    } else {
        repair_open(repairer, (enum sgml_element)element, attributes, attributes_end, empty);
    }
    repairer->position = end + 1;
    repairer->open_angles = 0; /* "&lt;…>" pairs never span elements */
    return true;
}

/* Handles a '&' at repairer->position. */
static void repair_reference(struct sgml_repairer *repairer)
{
    const char *text = repairer->text;
    size_t length = repairer->length;
    size_t at = repairer->position + 1;
    if (at < length && text[at] == '#') {
        bool hex = at + 1 < length && (text[at + 1] == 'x' || text[at + 1] == 'X');
        size_t digits = at + (hex ? 2 : 1);
        size_t i = digits;
        unsigned long code_point = 0;
        while (i < length && (hex ? isxdigit((unsigned char)text[i]) : isdigit((unsigned char)text[i]))) {
            if (code_point <= 0x10FFFF) {
                int digit = isdigit((unsigned char)text[i]) ? text[i] - '0'
                                                            : tolower((unsigned char)text[i]) - 'a' + 10;
                code_point = code_point * (hex ? 16 : 10) + (unsigned long)digit;
            }
            i++;
        }
        if (i > digits) {
            if (i < length && text[i] == ';')
                i++;
            repairer->position = i;
            if (code_point == 0x9 || code_point == 0xA || code_point == 0xD) {
                utf8_append_code_point(repairer->out, (uint32_t)code_point);
            } else if (code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F)) {
                repairer->control_characters++;
            } else if (code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF) ||
                       code_point == 0xFFFE || code_point == 0xFFFF) {
                repairer->repairs++;
            } else if (code_point == '<' || code_point == '&') {
                buffer_append_string(repairer->out, code_point == '<' ? "&lt;" : "&amp;");
                if (code_point == '<')
                    repairer->open_angles++;
            } else if (code_point == '>') {
                buffer_append_string(repairer->out, "&gt;");
            } else {
                utf8_append_code_point(repairer->out, (uint32_t)code_point);
            }
            return;
        }
    } else if (at < length && is_name_start(text[at])) {
        size_t i = at;
        while (i < length && is_name_char(text[i]) && i - at < 32)
            i++;
        if (i < length && text[i] == ';') {
            size_t name_length = i - at;
            char name[33];
            memcpy(name, text + at, name_length);
            name[name_length] = '\0';
            repairer->position = i + 1;
            static const char *const predefined[] = {"lt", "gt", "amp", "quot", "apos"};
            for (size_t k = 0; k < sizeof predefined / sizeof predefined[0]; k++)
                if (strcmp(name, predefined[k]) == 0) {
                    buffer_append_byte(repairer->out, '&');
                    buffer_append_string(repairer->out, name);
                    buffer_append_byte(repairer->out, ';');
                    if (k == 0)
                        repairer->open_angles++;
                    return;
                }
            repairer->repairs++;
            const htmlEntityDesc *known = htmlEntityLookup((const xmlChar *)name);
            if (known != NULL && known->value >= 0x20 && known->value != '<' && known->value != '&' &&
                known->value != '>') {
                utf8_append_code_point(repairer->out, known->value);
            } else {
                /* Unknown: keep it as the text it is. */
                buffer_append_string(repairer->out, "&amp;");
                buffer_append_string(repairer->out, name);
                buffer_append_byte(repairer->out, ';');
            }
            return;
        }
    }
    /* A bare '&': text. */
    repairer->repairs++;
    buffer_append_string(repairer->out, "&amp;");
    repairer->position++;
}

void sgml_repair(const char *document, size_t length, struct buffer *out, long *repairs,
                 long *control_characters)
{
    struct sgml_repairer repairer = {.text = document, .length = length, .out = out};
    size_t run_start = 0;
    while (repairer.position < length) {
        unsigned char c = (unsigned char)document[repairer.position];
        bool plain = c != '<' && c != '&' && c != '>' && c != '\n' && !(c < 0x20 && c != '\t') &&
                     c != 0x7F;
        if (plain) {
            repairer.position++;
            continue;
        }
        /* Flush the run of plain text before this byte, unless it falls
         * outside the document (after REUTERS closed). */
        if (!repairer.finished && repairer.position > run_start) {
            if (repairer.depth == 0 && !text_is_blank(document + run_start, repairer.position - run_start))
                repair_ensure_root(&repairer);
            buffer_append(out, document + run_start, repairer.position - run_start);
        }
        if (c == '<') {
            if (!repair_tag(&repairer)) {
                repairer.repairs++;
                repairer.open_angles++;
                repair_ensure_root(&repairer);
                if (!repairer.finished)
                    buffer_append_string(out, "&lt;");
                repairer.position++;
            }
        } else if (c == '&') {
            repair_ensure_root(&repairer);
            size_t mark = out->length;
            repair_reference(&repairer);
            if (repairer.finished)
                out->length = mark;
        } else if (c == '>') {
            if (repairer.open_angles > 0)
                repairer.open_angles--;
            else
                repairer.repairs++; /* a stray '>' */
            repair_ensure_root(&repairer);
            if (!repairer.finished)
                buffer_append_string(out, "&gt;");
            repairer.position++;
        } else if (c == '\n') {
            if (!repairer.finished)
                buffer_append_byte(out, '\n');
            repairer.position++;
        } else {
            repairer.control_characters++;
            repairer.position++;
        }
        if (out->data)
            out->data[out->length] = '\0';
        run_start = repairer.position;
    }
    if (!repairer.finished && length > run_start) {
        if (repairer.depth == 0 && !text_is_blank(document + run_start, length - run_start))
            repair_ensure_root(&repairer);
        buffer_append(out, document + run_start, length - run_start);
    }
    while (repairer.depth > 0) {
        repair_close_top(&repairer);
        repairer.repairs++;
    }
    *repairs += repairer.repairs;
    *control_characters += repairer.control_characters;
}

/* ---- Fields ---------------------------------------------------------------- */

char *sgml_date_iso(const char *date)
{
    static const char *const months[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                         "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    static const int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const char *at = date;
    while (*at == ' ' || *at == '\t' || *at == '\n')
        at++;
    int day = 0, digits = 0;
    while (isdigit((unsigned char)*at) && digits < 2) {
        day = day * 10 + (*at++ - '0');
        digits++;
    }
    if (digits == 0 || *at++ != '-')
        return NULL;
    int month = -1;
    for (int i = 0; i < 12 && month < 0; i++)
        if (toupper((unsigned char)at[0]) == months[i][0] && toupper((unsigned char)at[1]) == months[i][1] &&
            toupper((unsigned char)at[2]) == months[i][2])
            month = i;
    if (month < 0 || at[3] != '-')
        return NULL;
    at += 4;
    int year = 0;
    for (digits = 0; digits < 4; digits++) {
        if (!isdigit((unsigned char)at[digits]))
            return NULL;
        year = year * 10 + (at[digits] - '0');
    }
    at += 4;
    if (isdigit((unsigned char)*at) || day < 1 || day > month_days[month] ||
        (month == 1 && day == 29 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))))
        return NULL;
    char iso[64];
    int written = snprintf(iso, sizeof iso, "%04d-%02d-%02d", year, month + 1, day);
    /* The time, when a well-formed one follows. */
    while (*at == ' ' || *at == '\t')
        at++;
    int hour, minute, second;
    if (isdigit((unsigned char)at[0]) && isdigit((unsigned char)at[1]) && at[2] == ':' &&
        isdigit((unsigned char)at[3]) && isdigit((unsigned char)at[4]) && at[5] == ':' &&
        isdigit((unsigned char)at[6]) && isdigit((unsigned char)at[7]) && !isdigit((unsigned char)at[8])) {
        hour = (at[0] - '0') * 10 + (at[1] - '0');
        minute = (at[3] - '0') * 10 + (at[4] - '0');
        second = (at[6] - '0') * 10 + (at[7] - '0');
        if (hour < 24 && minute < 60 && second < 61) {
            written += snprintf(iso + written, sizeof iso - (size_t)written, "T%02d:%02d:%02d",
                                hour, minute, second);
            at += 8;
            if (at[0] == '.' && isdigit((unsigned char)at[1])) {
                size_t fraction = 1;
                while (isdigit((unsigned char)at[fraction]) && fraction < 10)
                    fraction++;
                snprintf(iso + written, sizeof iso - (size_t)written, "%.*s", (int)fraction, at);
            }
        }
    }
    return checked_strdup(iso);
}

/* Appends the paragraph being assembled (if any) to paragraphs. */
static void flush_paragraph(struct buffer *paragraph, struct string_list *paragraphs)
{
    if (paragraph->length == 0)
        return;
    char *text = text_trim_copy(paragraph->data, paragraph->length);
    buffer_reset(paragraph);
    bool only_stars = true;
    for (const char *c = text; *c; c++)
        only_stars = only_stars && *c == '*';
    if (*text && !only_stars)
        string_list_append_owned(paragraphs, text);
    else
        free(text);
}

void sgml_body_paragraphs(const char *body, struct string_list *paragraphs)
{
    size_t first_new = paragraphs->count;
    struct buffer paragraph = {0};
    const char *line = body;
    while (*line) {
        size_t length = strcspn(line, "\n");
        const char *content = line;
        size_t content_length = length;
        text_trim_span(&content, &content_length);
        if (content_length == 0) {
            flush_paragraph(&paragraph, paragraphs);
        } else {
            bool indented = content != line;
            if (indented)
                flush_paragraph(&paragraph, paragraphs);
            if (paragraph.length > 0)
                buffer_append_byte(&paragraph, ' ');
            buffer_append(&paragraph, content, content_length);
        }
        line += length;
        if (*line == '\n')
            line++;
    }
    flush_paragraph(&paragraph, paragraphs);
    buffer_free(&paragraph);
    /* The sign-off: a last paragraph "Reuter", or a last line " Reuter"
     * that ended up joined to the paragraph before it. */
    if (paragraphs->count > first_new) {
        char *last = paragraphs->items[paragraphs->count - 1];
        size_t length = strlen(last);
        if (wire_signoff_match(last)) {
            free(last);
            paragraphs->count--;
        } else if (length > 7 && (strcmp(last + length - 7, " Reuter") == 0 ||
                                  strcmp(last + length - 7, " REUTER") == 0)) {
            char *kept = text_trim_copy(last, length - 7);
            free(last);
            paragraphs->items[paragraphs->count - 1] = kept;
        }
    }
}

/* True when node is an element named like one of the given fields. */
static bool is_field(xmlNodePtr node, const char *const *fields)
{
    for (size_t i = 0; fields[i]; i++)
        if (markup_is(node, fields[i]))
            return true;
    return false;
}

/* Appends the text of node's descendants, leaving out the elements named
 * in skip. */
static void collect_text(xmlNodePtr node, const char *const *skip, struct buffer *out)
{
    for (xmlNodePtr child = node->children; child != NULL; child = child->next) {
        if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
            markup_append_content(out, child);
        } else if (child->type == XML_ELEMENT_NODE && !is_field(child, skip)) {
            collect_text(child, skip, out);
        }
    }
}

/* Adds the <D> codes below list as tags of scheme. */
static void add_codes(struct article *article, xmlNodePtr list, const char *scheme)
{
    for (xmlNodePtr child = list->children; child != NULL; child = child->next) {
        if (markup_is(child, "D")) {
            char *code = markup_text_collapsed(child);
            if (*code)
                article_add_tag(article, scheme, code);
            free(code);
        } else if (child->type == XML_ELEMENT_NODE) {
            add_codes(article, child, scheme);
        }
    }
}

/* Walks the tree in document order, adding code lists and BODY elements. */
static void walk_document(xmlNodePtr node, struct article *article, xmlNodePtr *bodies,
                          size_t *body_count, size_t body_capacity)
{
    static const char *const lists[] = {"TOPICS", "PLACES", "PEOPLE", "ORGS", "EXCHANGES", "COMPANIES"};
    static const char *const schemes[] = {"topics", "places", "people", "orgs", "exchanges", "companies"};
    for (xmlNodePtr child = node->children; child != NULL; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        bool handled = false;
        for (size_t i = 0; i < sizeof lists / sizeof lists[0] && !handled; i++)
            if (markup_is(child, lists[i])) {
                add_codes(article, child, schemes[i]);
                handled = true;
            }
        if (handled)
            continue;
        if (markup_is(child, "BODY")) {
            if (*body_count < body_capacity)
                bodies[(*body_count)++] = child;
            continue;
        }
        walk_document(child, article, bodies, body_count, body_capacity);
    }
}

/* Fills article from one repaired and parsed document. */
static void sgml_extract(xmlNodePtr root, struct article *article)
{
    static const char *const fields[] = {"TITLE", "AUTHOR", "DATELINE", NULL};
    static const char *const fields_and_body[] = {"TITLE", "AUTHOR", "DATELINE", "BODY", NULL};
    xmlNodePtr bodies[16];
    size_t body_count = 0;
    walk_document(root, article, bodies, &body_count, sizeof bodies / sizeof bodies[0]);

    xmlNodePtr date = markup_find(root, "DATE");
    if (date != NULL) {
        char *text = markup_text(date);
        article->published = sgml_date_iso(text);
        free(text);
    }
    xmlNodePtr title = markup_find(root, "TITLE");
    if (title != NULL) {
        article->title = markup_text_collapsed(title);
        if (*article->title == '\0') {
            free(article->title);
            article->title = NULL;
        }
    }
    markup_byline_names(markup_find(root, "AUTHOR"), &article->byline);
    article->dateline = markup_dateline(markup_find(root, "DATELINE"));

    xmlNodePtr text_element = markup_is(root, "TEXT") ? root : markup_find(root, "TEXT");
    char *type = markup_attribute(text_element, "TYPE", NULL);
    bool unprocessed = type && strcmp(type, "UNPROC") == 0;
    bool brief = type && strcmp(type, "BRIEF") == 0;
    free(type);
    struct buffer body = {0};
    if (unprocessed && text_element != NULL) {
        collect_text(text_element, fields, &body);
        sgml_body_paragraphs(body.data ? body.data : "", &article->paragraphs);
    } else if (body_count > 0) {
        for (size_t i = 0; i < body_count; i++) {
            buffer_reset(&body);
            collect_text(bodies[i], fields, &body);
            sgml_body_paragraphs(body.data ? body.data : "", &article->paragraphs);
        }
    } else if (!brief && text_element != NULL) {
        collect_text(text_element, fields_and_body, &body);
        sgml_body_paragraphs(body.data ? body.data : "", &article->paragraphs);
    }
    buffer_free(&body);
}

/* ---- Cutting the stream into documents -------------------------------------- */

/* The state of one sgml_parse() run. */
struct sgml_run {
    const char *source_name;      /* source.file of every article */
    struct input_stats *stats;    /* counters (never NULL here) */
    article_callback callback;    /* receives each article */
    void *context;                /* the callback's context */
    xmlParserCtxtPtr parser;      /* reused for every document */
    struct buffer document;       /* the document being cut */
    struct buffer xml;            /* its repaired form */
    bool in_document;             /* between <REUTERS and its end */
    long first_line;              /* line of its <REUTERS */
    long last_line;               /* its last non-blank line so far */
    long pending_repairs;         /* repairs noticed while cutting */
};

/* Finds "<REUTERS" (any case) followed by white space, '>' or the line's
 * end in line[from, length); returns its offset or -1. */
static long find_start_tag(const char *line, size_t length, size_t from)
{
    for (size_t i = from; i + 8 <= length; i++) {
        if (line[i] != '<' || sgml_element_lookup(line + i + 1, 7) != SGML_REUTERS)
            continue;
        if (i + 8 == length || is_space(line[i + 8]) || line[i + 8] == '>')
            return (long)i;
    }
    return -1;
}

/* Finds "</REUTERS" (any case) then optional white space and '>' in
 * line[from, length); returns the offset just past the '>' or -1. */
static long find_end_tag(const char *line, size_t length, size_t from)
{
    for (size_t i = from; i + 9 <= length; i++) {
        if (line[i] != '<' || line[i + 1] != '/' || sgml_element_lookup(line + i + 2, 7) != SGML_REUTERS)
            continue;
        size_t j = i + 9;
        while (j < length && is_space(line[j]))
            j++;
        if (j < length && line[j] == '>')
            return (long)(j + 1);
    }
    return -1;
}

/* Repairs, parses and extracts the document cut so far, and delivers it. */
static int sgml_emit(struct sgml_run *run, struct error *error)
{
    run->in_document = false;
    long repairs = run->pending_repairs;
    run->pending_repairs = 0;
    buffer_reset(&run->xml);
    sgml_repair(run->document.data ? run->document.data : "", run->document.length, &run->xml,
                &repairs, &run->stats->control_characters);
    buffer_reset(&run->document);

    struct markup_errors errors = {0};
    run->parser->_private = &errors;
    xmlDocPtr tree = xmlCtxtReadMemory(run->parser, run->xml.data ? run->xml.data : "",
                                       (int)run->xml.length, run->source_name, "UTF-8",
                                       MARKUP_XML_OPTIONS | XML_PARSE_RECOVER);
    run->parser->_private = NULL;
    repairs += errors.count;

    struct article article;
    article_init(&article);
    article.source.file = checked_strdup(run->source_name);
    article.source.first_line = run->first_line;
    article.source.last_line = run->last_line;
    markup_count_text_repairs(tree, &repairs);
    xmlNodePtr root = tree ? xmlDocGetRootElement(tree) : NULL;
    if (root != NULL)
        sgml_extract(root, &article);
    if (tree)
        xmlFreeDoc(tree);

    run->stats->repairs += repairs;
    run->stats->article_repairs = repairs;
    run->stats->articles++;
    int status = run->callback(&article, run->context, error);
    run->stats->article_repairs = 0;
    article_free(&article);
    return status;
}

/* Adds line[from, to) (and a line end when whole) to the document. */
static void sgml_take(struct sgml_run *run, const char *line, size_t from, size_t to,
                      long line_number)
{
    buffer_append(&run->document, line + from, to - from);
    if (!text_is_blank(line + from, to - from))
        run->last_line = line_number;
}

/* Cuts one line into the document(s) it belongs to. */
static int sgml_cut_line(struct sgml_run *run, const char *line, size_t length, long line_number,
                         struct error *error)
{
    size_t position = 0;
    size_t search = 0;
    for (;;) {
        if (!run->in_document) {
            long start = find_start_tag(line, length, search);
            if (start < 0)
                return 0;
            run->in_document = true;
            run->first_line = line_number;
            run->last_line = line_number;
            position = (size_t)start;
            search = position + 8;
            continue;
        }
        long end = find_end_tag(line, length, search);
        long next = find_start_tag(line, length, search);
        if (end >= 0 && (next < 0 || end < next)) {
            sgml_take(run, line, position, (size_t)end, line_number);
            if (sgml_emit(run, error) < 0)
                return -1;
            position = search = (size_t)end;
            continue;
        }
        if (next >= 0) {
            /* A new document begins before this one ended. */
            sgml_take(run, line, position, (size_t)next, line_number);
            run->pending_repairs++;
            if (sgml_emit(run, error) < 0)
                return -1;
            search = (size_t)next;
            continue;
        }
        sgml_take(run, line, position, length, line_number);
        buffer_append_byte(&run->document, '\n');
        if (run->document.length > SGML_MAX_DOCUMENT_BYTES) {
            run->pending_repairs++;
            return sgml_emit(run, error);
        }
        return 0;
    }
}

int sgml_parse(struct reader *reader, const char *source_name, struct input_stats *stats,
               article_callback callback, void *context, struct error *error)
{
    struct input_stats ignored = {0};
    struct sgml_run run = {
        .source_name = source_name, .stats = stats ? stats : &ignored,
        .callback = callback, .context = context,
    };
    run.parser = xmlNewParserCtxt();
    if (run.parser == NULL)
        return error_set(error, "cannot read %s: libxml2 could not start a parser",
                         text_quote_name(source_name).text);
    run.parser->sax->serror = markup_count_parser_error;

    const char *line;
    size_t length;
    long line_number;
    int read, status = 0;
    while ((read = reader_next_line(reader, &line, &length, &line_number, error)) > 0)
        if (sgml_cut_line(&run, line, length, line_number, error) < 0) {
            status = -1;
            break;
        }
    if (read < 0)
        status = -1;
    if (status == 0 && run.in_document) {
        run.pending_repairs++; /* the input ended inside a document */
        status = sgml_emit(&run, error);
    }
    buffer_free(&run.document);
    buffer_free(&run.xml);
    xmlFreeParserCtxt(run.parser);
    return status;
}
