/* calendar.h — days of the proleptic Gregorian calendar.
 *
 * Dates are counted as day numbers (days since 1970-01-01, negative
 * before), which makes "how far apart" and "which week" plain arithmetic.
 * Years run from 1 to 9999, as ISO 8601 writes them with four digits.
 * Shared by the date rules (article_date.h), the store's date filters and
 * facets, and the command line's date options.
 */
#ifndef NEWSIDX_CALENDAR_H
#define NEWSIDX_CALENDAR_H

#include <stdbool.h>

/* A day of the calendar. */
struct calendar_date {
    int year;  /* 1 to 9999 */
    int month; /* 1 to 12 */
    int day;   /* 1 to the month's length */
};

/* How much of a date a partial date ("2017", "2017-03") gives. */
enum calendar_precision {
    CALENDAR_NOT_A_DATE = 0, /* not yyyy, yyyy-mm or yyyy-mm-dd, or no such day */
    CALENDAR_YEAR,           /* yyyy */
    CALENDAR_MONTH,          /* yyyy-mm */
    CALENDAR_DAY             /* yyyy-mm-dd */
};

/* True in leap years (every fourth, but not centuries unless by 400). */
bool calendar_is_leap_year(int year);

/* The number of days in a month of a year (0 when month is not 1–12). */
int calendar_days_in_month(int year, int month);

/* True when the year (1–9999), month and day name a day that exists:
 * 2019-02-30 does not, 2020-02-29 does. */
bool calendar_is_valid(int year, int month, int day);

/* The day number of a valid date: days since 1970-01-01. */
long calendar_day_number(struct calendar_date date);

/* The date of a day number. */
struct calendar_date calendar_date_of(long day_number);

/* The weekday of a day number: 0 Monday … 6 Sunday. */
int calendar_weekday(long day_number);

/* Writes the date as yyyy-mm-dd into iso (11 bytes with the NUL). */
void calendar_format(struct calendar_date date, char iso[11]);

/* Reads a whole yyyy, yyyy-mm or yyyy-mm-dd that names real days; fills
 * *first and *last with the first and last day it covers ("2019-02" gives
 * 2019-02-01 and 2019-02-28).  Returns what the text gave, or
 * CALENDAR_NOT_A_DATE (2019-02-30, 2019-13, 19-02-01, "") with *first and
 * *last untouched. */
enum calendar_precision calendar_parse_partial(const char *text, struct calendar_date *first,
                                               struct calendar_date *last);

/* Reads the first ten characters of text as yyyy-mm-dd of a real day (an
 * ISO 8601 date-time such as "1987-02-26T15:01:01.79" qualifies).  Returns
 * false when they are not one. */
bool calendar_parse_iso_prefix(const char *text, struct calendar_date *date);

/* The ISO 8601 week of a day number: *week_year (which may differ from the
 * calendar year near 1 January) and *week (1–53); weeks start on Monday. */
void calendar_iso_week(long day_number, int *week_year, int *week);

#endif
