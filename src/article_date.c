/* article_date.c — the rules that date an article (see article_date.h).
 *
 * Dates are read as wire copy writes them, English month names first
 * ("March 4", "Nov. 3, 2017"), by a small scanner: a dated reference in a
 * body is "Month D, YYYY" with its comma, which is how Reuters style
 * writes one; anything looser ("March 4" alone, "in 2017") fixes nothing.
 */
#include "newsidx/article_date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The names a month is written with: full, three letters, and "Sept". */
static const char *const month_names[12] = {"january", "february", "march",     "april",
                                            "may",     "june",     "july",      "august",
                                            "september", "october", "november", "december"};

static bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The month (1–12) a word of length letters names, or 0. */
static int month_of_word(const char *word, size_t length)
{
    char lower[10];
    if (length < 3 || length > 9)
        return 0;
    for (size_t i = 0; i < length; i++)
        lower[i] = (char)(word[i] >= 'A' && word[i] <= 'Z' ? word[i] - 'A' + 'a' : word[i]);
    for (int month = 0; month < 12; month++) {
        const char *name = month_names[month];
        if ((length == strlen(name) || length == 3) && strncmp(lower, name, length) == 0)
            return month + 1;
    }
    if (length == 4 && strncmp(lower, "sept", 4) == 0)
        return 9;
    return 0;
}

/* Reads a run of 1 to max_digits digits at *at (not followed by another
 * digit) into *value and moves past it. */
static bool read_number(const char **at, int max_digits, int *value)
{
    const char *start = *at;
    int number = 0, digits = 0;
    while (is_digit(**at) && digits < max_digits) {
        number = number * 10 + (**at - '0');
        (*at)++;
        digits++;
    }
    if (digits == 0 || is_digit(**at)) {
        *at = start;
        return false;
    }
    *value = number;
    return true;
}

static void skip_spaces(const char **at)
{
    while (**at == ' ')
        (*at)++;
}

/* Reads a month name at *at ("March", "Mar", "Mar.", "Sept."); moves past
 * it and a full stop after it. */
static bool read_month(const char **at, int *month)
{
    size_t length = 0;
    while (is_letter((*at)[length]))
        length++;
    int found = month_of_word(*at, length);
    if (found == 0)
        return false;
    *at += length;
    if (**at == '.')
        (*at)++;
    *month = found;
    return true;
}

/* True when the month and day exist in year, or in some year when year is 0. */
static bool day_exists(int year, int month, int day)
{
    return year ? calendar_is_valid(year, month, day)
                : month >= 1 && month <= 12 && day >= 1 && day <= calendar_days_in_month(2000, month);
}

bool article_date_parse_written(const char *text, int *year, int *month, int *day)
{
    const char *at = text;
    skip_spaces(&at);
    struct calendar_date iso;
    if (calendar_parse_iso_prefix(at, &iso)) {
        const char *end = at + 10;
        skip_spaces(&end);
        if (*end != '\0')
            return false;
        *year = iso.year;
        *month = iso.month;
        *day = iso.day;
        return true;
    }
    int found_year = 0, found_month = 0, found_day = 0;
    if (read_month(&at, &found_month)) { /* "March 4", "Nov. 3, 2017" */
        skip_spaces(&at);
        if (!read_number(&at, 2, &found_day))
            return false;
    } else { /* "4 March", "4 March 2017" */
        if (!read_number(&at, 2, &found_day))
            return false;
        skip_spaces(&at);
        if (!read_month(&at, &found_month))
            return false;
    }
    if (*at == ',')
        at++;
    skip_spaces(&at);
    if (is_digit(*at) && (!read_number(&at, 4, &found_year) || found_year < 1000))
        return false;
    skip_spaces(&at);
    if (*at != '\0' || !day_exists(found_year, found_month, found_day))
        return false;
    *year = found_year;
    *month = found_month;
    *day = found_day;
    return true;
}

/* Finds the next dated reference, "Month D, YYYY" with a capital month
 * name, in text from *at; moves *at past it.  Returns false at the end. */
static bool next_dated_reference(const char **at, struct calendar_date *date)
{
    for (const char *scan = *at; *scan; scan++) {
        if (!(*scan >= 'A' && *scan <= 'Z') || (scan > *at && is_letter(scan[-1])))
            continue;
        const char *cursor = scan;
        int month = 0, day = 0, year = 0;
        if (!read_month(&cursor, &month))
            continue;
        skip_spaces(&cursor);
        if (!read_number(&cursor, 2, &day) || *cursor != ',')
            continue;
        cursor++;
        skip_spaces(&cursor);
        if (!read_number(&cursor, 4, &year) || year < 1000 || !calendar_is_valid(year, month, day))
            continue;
        *date = (struct calendar_date){year, month, day};
        *at = cursor;
        return true;
    }
    return false;
}

/* The year, if any, that puts month/day within DATE_NEAR_DAYS of reference. */
static int year_near(int month, int day, struct calendar_date reference)
{
    long reference_day = calendar_day_number(reference);
    for (int year = reference.year - 1; year <= reference.year + 1; year++) {
        if (!calendar_is_valid(year, month, day))
            continue;
        long distance = calendar_day_number((struct calendar_date){year, month, day}) - reference_day;
        if (labs(distance) <= DATE_NEAR_DAYS)
            return year;
    }
    return 0;
}

/* The year month/day falls in nearest to a given day (0 if none of the
 * years around it has that day, as February 29 may not). */
static int year_nearest(int month, int day, struct calendar_date given)
{
    long given_day = calendar_day_number(given), best_distance = 0;
    int best = 0;
    for (int year = given.year - 1; year <= given.year + 1; year++) {
        if (!calendar_is_valid(year, month, day))
            continue;
        long distance = labs(calendar_day_number((struct calendar_date){year, month, day}) - given_day);
        if (best == 0 || distance < best_distance) {
            best = year;
            best_distance = distance;
        }
    }
    return best;
}

/* The years the article's dated references give a dateline's month/day. */
struct year_votes {
    int year;      /* the year every reference so far agrees on, or 0 */
    bool conflict; /* two references gave different years */
};

static void vote(struct year_votes *votes, int year)
{
    if (year == 0)
        return;
    if (votes->year == 0)
        votes->year = year;
    else if (votes->year != year)
        votes->conflict = true;
}

/* A caption's date as a full date, when it is one and not a file photo. */
static bool caption_day(const struct caption *caption, struct calendar_date *date)
{
    int year, month, day;
    if (caption->file_photo || caption->date == NULL ||
        !article_date_parse_written(caption->date, &year, &month, &day) || year == 0)
        return false;
    *date = (struct calendar_date){year, month, day};
    return true;
}

static void set_date(struct article_date *date, struct calendar_date day, enum article_date_source source)
{
    calendar_format(day, date->iso);
    date->source = source;
}

/* The dateline rule: month and day from the dateline, the year from the
 * article's dated references, else from what ingest was given. */
static void date_from_dateline(const struct article *article, int year, int month, int day,
                               const struct article_date_given *given, struct article_date *date)
{
    if (year != 0) { /* the dateline writes its year */
        set_date(date, (struct calendar_date){year, month, day}, ARTICLE_DATE_DATELINE);
        return;
    }
    struct year_votes votes = {0};
    struct calendar_date reference;
    for (size_t i = 0; i < article->caption_count; i++)
        if (caption_day(&article->captions[i], &reference))
            vote(&votes, year_near(month, day, reference));
    for (size_t i = 0; i < article->paragraphs.count; i++)
        for (const char *at = article->paragraphs.items[i]; next_dated_reference(&at, &reference);)
            vote(&votes, year_near(month, day, reference));
    if (votes.conflict)
        return; /* the article's own references disagree: not sure, so no date */
    if (votes.year != 0) {
        set_date(date, (struct calendar_date){votes.year, month, day}, ARTICLE_DATE_DATELINE);
        return;
    }
    if (given == NULL || given->year == 0)
        return;
    int given_year = given->month ? year_nearest(month, day, (struct calendar_date){given->year, given->month,
                                                                                  given->day})
                                  : given->year;
    if (given_year != 0 && calendar_is_valid(given_year, month, day))
        set_date(date, (struct calendar_date){given_year, month, day}, ARTICLE_DATE_INGEST_YEAR);
}

/* The day of an ISO 8601 date-time, extended ("2024-03-12T11:45:00Z") or
 * basic ("20240312T114500Z"), as NITF's date.issue may write it. */
static bool published_day(const char *published, struct calendar_date *day)
{
    if (calendar_parse_iso_prefix(published, day))
        return true;
    char extended[11];
    for (int i = 0; i < 8; i++)
        if (!is_digit(published[i]))
            return false;
    if (published[8] != '\0' && published[8] != 'T')
        return false;
    snprintf(extended, sizeof extended, "%.4s-%.2s-%.2s", published, published + 4, published + 6);
    return calendar_parse_iso_prefix(extended, day);
}

void article_date_find(const struct article *article, const struct article_date_given *given,
                       struct article_date *date)
{
    memset(date, 0, sizeof *date);
    struct calendar_date day;
    if (article->published != NULL && published_day(article->published, &day)) {
        set_date(date, day, ARTICLE_DATE_PUBLISHED);
        return;
    }
    int year, month, day_of_month;
    if (article->dateline != NULL && article->dateline->date != NULL &&
        article_date_parse_written(article->dateline->date, &year, &month, &day_of_month)) {
        date_from_dateline(article, year, month, day_of_month, given, date);
        return;
    }
    bool dated = false, ambiguous = false;
    struct calendar_date first, other;
    for (size_t i = 0; i < article->caption_count; i++) {
        if (!caption_day(&article->captions[i], dated ? &other : &first))
            continue;
        if (!dated)
            dated = true;
        else if (labs(calendar_day_number(other) - calendar_day_number(first)) > DATE_NEAR_DAYS)
            ambiguous = true;
    }
    if (dated) {
        if (!ambiguous)
            set_date(date, first, ARTICLE_DATE_CAPTION);
        return;
    }
    if (given != NULL && given->year != 0 && given->month != 0)
        set_date(date, (struct calendar_date){given->year, given->month, given->day}, ARTICLE_DATE_INGEST_DATE);
}

void article_date_assign(struct article *article, const struct article_date_given *given)
{
    struct article_date date;
    article_date_find(article, given, &date);
    memcpy(article->date, date.iso, sizeof article->date);
    article->date_source = date.source;
}

const struct article_date_given *article_date_given_of(const struct article *article,
                                                       struct article_date_given *given)
{
    struct calendar_date day;
    if ((article->date_source != ARTICLE_DATE_INGEST_YEAR && article->date_source != ARTICLE_DATE_INGEST_DATE) ||
        !calendar_parse_iso_prefix(article->date, &day))
        return NULL;
    bool year_only = article->date_source == ARTICLE_DATE_INGEST_YEAR;
    *given = (struct article_date_given){day.year, year_only ? 0 : day.month, year_only ? 0 : day.day};
    return given;
}

/* The names of the sources, by enum article_date_source. */
static const char *const source_names[] = {
    [ARTICLE_DATE_NONE] = NULL,
    [ARTICLE_DATE_PUBLISHED] = "published",
    [ARTICLE_DATE_DATELINE] = "dateline",
    [ARTICLE_DATE_CAPTION] = "caption",
    [ARTICLE_DATE_INGEST_YEAR] = "ingest-year",
    [ARTICLE_DATE_INGEST_DATE] = "ingest-date",
};

const char *article_date_source_name(enum article_date_source source)
{
    return (size_t)source < sizeof source_names / sizeof source_names[0] ? source_names[source] : NULL;
}

enum article_date_source article_date_source_from_name(const char *name)
{
    for (size_t i = 1; name != NULL && i < sizeof source_names / sizeof source_names[0]; i++)
        if (strcmp(name, source_names[i]) == 0)
            return (enum article_date_source)i;
    return ARTICLE_DATE_NONE;
}
