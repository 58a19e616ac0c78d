/* article_date.h — the one date an article is filed under, and where it
 * comes from.
 *
 * Part of the parsing layer: it reads a struct article, nothing else.  The
 * rules, tried in this order (README.md, "The article's date"):
 *
 *   published  the date part of `published` (SGML <DATE>, RCV1 date=, NITF
 *              date.issue);
 *   dateline   the dateline's own date ("DAKAR, March 4", "SALVADOR, Feb 26")
 *              when the article itself fixes its year: every dated reference
 *              within DATE_NEAR_DAYS of the dateline's day (a caption date
 *              that is not a file photo, a "Month D, YYYY" in the body)
 *              puts it in one year, and they all agree.  A dateline that
 *              writes its year ("1996-08-20") needs none.  When the
 *              references disagree the article stays undated; when there
 *              are none, the year `ingest --year` (or `--date`) gave is
 *              used (ingest-year);
 *   caption    without a dateline date, the first caption date that is not
 *              a file photo, unless another such caption is more than
 *              DATE_NEAR_DAYS away from it (then the photos tell nothing);
 *   ingest-date  the date `ingest --date` gave, for an article with none;
 *   none       otherwise.  A date newsidx is not sure of is not given.
 */
#ifndef NEWSIDX_ARTICLE_DATE_H
#define NEWSIDX_ARTICLE_DATE_H

#include <stdbool.h>

#include "newsidx/article.h"
#include "newsidx/calendar.h"

/* How far (in days, either way) a dated reference may lie from the
 * dateline's day and still fix its year, or a caption from the first. */
#define DATE_NEAR_DAYS 7

/* What `ingest --year` or `ingest --date` says about a source whose copy
 * carries no year: a year alone (month and day 0), or a whole day. */
struct article_date_given {
    int year;  /* the year, or 0 when nothing is given */
    int month; /* 1–12 with --date, 0 with --year */
    int day;   /* 1–31 with --date, 0 with --year */
};

/* An article's date as the rules find it. */
struct article_date {
    char iso[11];                    /* yyyy-mm-dd, or "" when undated */
    enum article_date_source source; /* ARTICLE_DATE_NONE when undated */
};

/* Applies the rules to the article's fields (published, dateline date,
 * captions, paragraphs); given may be NULL.  Fills *date. */
void article_date_find(const struct article *article, const struct article_date_given *given,
                       struct article_date *date);

/* Sets the article's date and date_source by the rules; given may be NULL. */
void article_date_assign(struct article *article, const struct article_date_given *given);

/* When the article already carries a date an ingest was given (read back
 * from newsidx's own NITF), fills *given with it (a year alone for
 * ingest-year) and returns given, so that the rules can apply it again;
 * otherwise returns NULL. */
const struct article_date_given *article_date_given_of(const struct article *article,
                                                       struct article_date_given *given);

/* The name of a date source as the JSON and the store write it
 * ("published", "dateline", "caption", "ingest-year", "ingest-date"), or
 * NULL for ARTICLE_DATE_NONE. */
const char *article_date_source_name(enum article_date_source source);

/* The source a name stands for; ARTICLE_DATE_NONE for NULL or an unknown
 * name. */
enum article_date_source article_date_source_from_name(const char *name);

/* Reads a date as wire copy writes it: "November 23, 2017", "Nov. 3,
 * 2017", "Sept 3", "Feb 26", "4 March", "FEB 26", or ISO "1996-08-20".
 * Sets *month and *day, and *year (0 when the text writes none).  Returns
 * false when the text is not such a date or names a day that does not
 * exist (a year with no February 29 is only known once the year is). */
bool article_date_parse_written(const char *text, int *year, int *month, int *day);

#endif
