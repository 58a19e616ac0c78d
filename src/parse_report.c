/* parse_report.c — counting dateline forms and keeping suspect articles. */
#include "newsidx/parse_report.h"

#include <stdlib.h>
#include <string.h>

/* A title longer than this, or with more words, reads like prose. */
#define TITLE_PROSE_BYTES 160
#define TITLE_PROSE_WORDS 24

/* Stories shorter than this are never "far longer than the rest". */
#define LONG_STORY_MIN_BYTES (16u * 1024u)

/* How many times the median length a story must exceed to be suspect. */
#define LONG_STORY_MEDIAN_FACTOR 8

/* A credit's name with more words than this is no name. */
#define CREDIT_NAME_MAX_WORDS 5

void parse_report_init(struct parse_report *report, bool keep_suspects)
{
    memset(report, 0, sizeof *report);
    report->keep_suspects = keep_suspects;
}

/* The histogram bucket of a length: its power of two and the next three
 * bits below the top one, so that each bucket spans an eighth of an octave. */
static size_t length_bucket(size_t bytes)
{
    if (bytes > UINT32_MAX)
        bytes = UINT32_MAX;
    if (bytes < 8)
        return bytes;
    int top = 31;
    while (!(bytes & ((size_t)1 << top)))
        top--;
    return (size_t)top * 8 + ((bytes >> (top - 3)) & 7);
}

/* The smallest length in a bucket. */
static size_t bucket_floor(size_t bucket)
{
    if (bucket < 8)
        return bucket;
    size_t top = bucket / 8;
    return ((size_t)8 + bucket % 8) << (top - 3);
}

enum dateline_form dateline_form_of(const struct article *article)
{
    const struct dateline *dateline = article->dateline;
    if (dateline == NULL)
        return DATELINE_FORM_NONE;
    if (dateline->agency == NULL)
        return DATELINE_FORM_OLD_STYLE;
    return dateline->place_count > 0 ? DATELINE_FORM_PLACE : DATELINE_FORM_PLACELESS;
}

const char *dateline_form_name(enum dateline_form form)
{
    static const char *const names[DATELINE_FORM_COUNT] = {"place", "placeless", "old_style", "none"};
    return form < DATELINE_FORM_COUNT ? names[form] : "none";
}

const char *suspect_reason_name(int index)
{
    static const char *const names[SUSPECT_REASON_COUNT] = {"no_dateline", "prose_title", "long_story",
                                                            "credit_line"};
    return index >= 0 && index < SUSPECT_REASON_COUNT ? names[index] : "";
}

const char *suspect_reason_description(int index)
{
    static const char *const descriptions[SUSPECT_REASON_COUNT] = {
        "no dateline", "title reads like prose", "far longer than the rest", "credit line did not parse"};
    return index >= 0 && index < SUSPECT_REASON_COUNT ? descriptions[index] : "";
}

/* The number of space-separated words in text. */
static size_t word_count(const char *text)
{
    size_t words = 0;
    bool in_word = false;
    for (; *text; text++) {
        bool space = *text == ' ';
        if (!space && !in_word)
            words++;
        in_word = !space;
    }
    return words;
}

/* True when a title reads like a sentence of body text rather than a
 * headline: long, many words, lower case first, or a closing full stop
 * (an abbreviation such as "U.S." aside). */
static bool title_reads_like_prose(const char *title)
{
    if (title == NULL)
        return true;
    size_t length = strlen(title);
    if (length > TITLE_PROSE_BYTES || word_count(title) > TITLE_PROSE_WORDS)
        return true;
    if (title[0] >= 'a' && title[0] <= 'z')
        return true;
    if (length >= 2 && title[length - 1] == '.') {
        size_t start = length - 1;
        while (start > 0 && title[start - 1] != ' ')
            start--;
        size_t stops = 0;
        for (size_t i = start; i < length; i++)
            stops += title[i] == '.';
        return stops < 2; /* "… in the U.S." is a headline */
    }
    return false;
}

/* True when a credit's name does not read as a person's (or a desk's)
 * name: lower case first, figures, or a whole sentence. */
static bool credit_name_is_odd(const char *name)
{
    if (name == NULL || name[0] == '\0' || (name[0] >= 'a' && name[0] <= 'z'))
        return true;
    for (const char *c = name; *c; c++)
        if (*c >= '0' && *c <= '9')
            return true;
    return word_count(name) > CREDIT_NAME_MAX_WORDS;
}

/* True when the article has a credit line that did not parse into names. */
static bool credit_line_is_unparsed(const struct article *article)
{
    if (article->credits_raw == NULL)
        return false;
    if (article->credit_count == 0)
        return true;
    for (size_t i = 0; i < article->credit_count; i++)
        if (strcmp(article->credits[i].role, "credit") == 0 || credit_name_is_odd(article->credits[i].name))
            return true;
    return false;
}

/* The bytes of an article's text: title and paragraphs. */
static size_t article_text_bytes(const struct article *article)
{
    size_t bytes = article->title ? strlen(article->title) : 0;
    for (size_t i = 0; i < article->paragraphs.count; i++)
        bytes += strlen(article->paragraphs.items[i]) + 1;
    return bytes;
}

/* Appends a suspect made from article to the array. */
static void suspects_append(struct parse_suspect **suspects, size_t *count, size_t *capacity,
                            const struct article *article, unsigned reasons, size_t bytes, long ordinal)
{
    array_reserve((void **)suspects, capacity, *count + 1, sizeof **suspects);
    struct parse_suspect *suspect = &(*suspects)[(*count)++];
    suspect->file = checked_strdup(article->source.file ? article->source.file : "");
    suspect->line = article->source.first_line;
    suspect->title = article->title ? checked_strdup(article->title) : NULL;
    suspect->bytes = bytes;
    suspect->reasons = reasons;
    suspect->ordinal = ordinal;
}

void parse_report_add(struct parse_report *report, const struct article *article)
{
    long ordinal = report->articles++;
    report->dateline_forms[dateline_form_of(article)]++;
    size_t bytes = article_text_bytes(article);
    report->length_histogram[length_bucket(bytes)]++;

    unsigned reasons = 0;
    if (article->dateline == NULL)
        reasons |= SUSPECT_NO_DATELINE;
    if (title_reads_like_prose(article->title))
        reasons |= SUSPECT_PROSE_TITLE;
    if (credit_line_is_unparsed(article))
        reasons |= SUSPECT_CREDIT_LINE;
    if (reasons) {
        report->suspect_total++;
        for (int bit = 0; bit < SUSPECT_REASON_COUNT; bit++)
            if (reasons & (1u << bit))
                report->reason_counts[bit]++;
        if (report->keep_suspects)
            suspects_append(&report->suspects, &report->suspect_count, &report->suspect_capacity, article,
                            reasons, bytes, ordinal);
    }
    /* Whether it is far longer than the rest is known at the end. */
    if (bytes >= LONG_STORY_MIN_BYTES)
        suspects_append(&report->long_candidates, &report->long_candidate_count,
                        &report->long_candidate_capacity, article, reasons, bytes, ordinal);
}

static int compare_ordinals(const void *left, const void *right)
{
    long a = ((const struct parse_suspect *)left)->ordinal, b = ((const struct parse_suspect *)right)->ordinal;
    return (a > b) - (a < b);
}

/* The index of a reason's bit (SUSPECT_LONG_STORY gives 2). */
static int reason_index(enum suspect_reason reason)
{
    int index = 0;
    while (index < SUSPECT_REASON_COUNT && !((unsigned)reason & (1u << index)))
        index++;
    return index;
}

/* Frees a suspect's strings. */
static void suspect_free(struct parse_suspect *suspect)
{
    free(suspect->file);
    free(suspect->title);
}

void parse_report_finish(struct parse_report *report)
{
    if (report->finished)
        return;
    report->finished = true;
    size_t median = 0;
    long seen = 0;
    for (size_t bucket = 0; bucket < PARSE_REPORT_LENGTH_BUCKETS && report->articles > 0; bucket++) {
        seen += report->length_histogram[bucket];
        if (seen * 2 > report->articles) {
            median = bucket_floor(bucket);
            break;
        }
    }
    size_t threshold = median * LONG_STORY_MEDIAN_FACTOR;
    if (threshold < LONG_STORY_MIN_BYTES)
        threshold = LONG_STORY_MIN_BYTES;
    report->long_story_bytes = threshold;
    /* Both arrays are in input order: merge the long ones in. */
    size_t at = 0;
    for (size_t i = 0; i < report->long_candidate_count; i++) {
        struct parse_suspect *candidate = &report->long_candidates[i];
        if (candidate->bytes <= threshold) {
            suspect_free(candidate);
            continue;
        }
        report->reason_counts[reason_index(SUSPECT_LONG_STORY)]++;
        if (candidate->reasons == 0)
            report->suspect_total++;
        if (!report->keep_suspects) {
            suspect_free(candidate);
            continue;
        }
        while (at < report->suspect_count && report->suspects[at].ordinal < candidate->ordinal)
            at++;
        if (at < report->suspect_count && report->suspects[at].ordinal == candidate->ordinal) {
            report->suspects[at].reasons |= SUSPECT_LONG_STORY;
            suspect_free(candidate);
        } else {
            candidate->reasons |= SUSPECT_LONG_STORY;
            array_reserve((void **)&report->suspects, &report->suspect_capacity, report->suspect_count + 1,
                          sizeof *report->suspects);
            report->suspects[report->suspect_count++] = *candidate;
        }
    }
    free(report->long_candidates);
    report->long_candidates = NULL;
    report->long_candidate_count = report->long_candidate_capacity = 0;
    if (report->suspect_count > 1)
        qsort(report->suspects, report->suspect_count, sizeof *report->suspects, compare_ordinals);
}

void parse_report_free(struct parse_report *report)
{
    for (size_t i = 0; i < report->suspect_count; i++)
        suspect_free(&report->suspects[i]);
    for (size_t i = 0; i < report->long_candidate_count; i++)
        suspect_free(&report->long_candidates[i]);
    free(report->suspects);
    free(report->long_candidates);
    parse_report_init(report, report->keep_suspects);
}
