/* calendar.c — day numbers of the proleptic Gregorian calendar.
 *
 * The conversions are Howard Hinnant's days_from_civil and civil_from_days
 * (http://howardhinnant.github.io/date_algorithms.html): eras of 400 years,
 * each 146097 days, with the year starting on 1 March so that the leap day
 * comes last.
 */
#include "newsidx/calendar.h"

#include <stdio.h>
#include <string.h>

bool calendar_is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int calendar_days_in_month(int year, int month)
{
    static const int lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return month == 2 && calendar_is_leap_year(year) ? 29 : lengths[month - 1];
}

bool calendar_is_valid(int year, int month, int day)
{
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
           day <= calendar_days_in_month(year, month);
}

long calendar_day_number(struct calendar_date date)
{
    long year = date.year - (date.month <= 2);
    long era = (year >= 0 ? year : year - 399) / 400;
    long year_of_era = year - era * 400;
    long day_of_year = (153 * (date.month + (date.month > 2 ? -3 : 9)) + 2) / 5 + date.day - 1;
    long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

struct calendar_date calendar_date_of(long day_number)
{
    long days = day_number + 719468;
    long era = (days >= 0 ? days : days - 146096) / 146097;
    long day_of_era = days - era * 146097;
    long year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    long shifted_month = (5 * day_of_year + 2) / 153;
    struct calendar_date date;
    date.day = (int)(day_of_year - (153 * shifted_month + 2) / 5 + 1);
    date.month = (int)(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
    date.year = (int)(year_of_era + era * 400 + (date.month <= 2));
    return date;
}

int calendar_weekday(long day_number)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    long weekday = (day_number + 3) % 7;
    return (int)(weekday < 0 ? weekday + 7 : weekday);
}

void calendar_format(struct calendar_date date, char iso[11])
{
    unsigned year = (unsigned)date.year % 10000u, month = (unsigned)date.month % 100u,
             day = (unsigned)date.day % 100u;
    snprintf(iso, 11, "%04u-%02u-%02u", year, month, day);
}

/* Reads exactly count digits at text into *value; false if any is not one. */
static bool read_digits(const char *text, int count, int *value)
{
    *value = 0;
    for (int i = 0; i < count; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        *value = *value * 10 + (text[i] - '0');
    }
    return true;
}

enum calendar_precision calendar_parse_partial(const char *text, struct calendar_date *first,
                                               struct calendar_date *last)
{
    size_t length = strlen(text);
    int year = 0, month = 0, day = 0;
    if (length != 4 && length != 7 && length != 10)
        return CALENDAR_NOT_A_DATE;
    if (!read_digits(text, 4, &year) || year < 1)
        return CALENDAR_NOT_A_DATE;
    if (length >= 7 && (text[4] != '-' || !read_digits(text + 5, 2, &month) || month < 1 || month > 12))
        return CALENDAR_NOT_A_DATE;
    if (length == 10 && (text[7] != '-' || !read_digits(text + 8, 2, &day) || !calendar_is_valid(year, month, day)))
        return CALENDAR_NOT_A_DATE;
    struct calendar_date from = {year, length >= 7 ? month : 1, length == 10 ? day : 1};
    struct calendar_date to = {year, length >= 7 ? month : 12, 0};
    to.day = length == 10 ? day : calendar_days_in_month(to.year, to.month);
    *first = from;
    *last = to;
    return length == 4 ? CALENDAR_YEAR : length == 7 ? CALENDAR_MONTH : CALENDAR_DAY;
}

bool calendar_parse_iso_prefix(const char *text, struct calendar_date *date)
{
    int year, month, day;
    if (strnlen(text, 10) < 10 || text[4] != '-' || text[7] != '-' || !read_digits(text, 4, &year) ||
        !read_digits(text + 5, 2, &month) || !read_digits(text + 8, 2, &day) ||
        !calendar_is_valid(year, month, day))
        return false;
    *date = (struct calendar_date){year, month, day};
    return true;
}

void calendar_iso_week(long day_number, int *week_year, int *week)
{
    /* The week belongs to the year its Thursday falls in. */
    long thursday = day_number - calendar_weekday(day_number) + 3;
    struct calendar_date date = calendar_date_of(thursday);
    long first_of_year = calendar_day_number((struct calendar_date){date.year, 1, 1});
    *week_year = date.year;
    *week = (int)((thursday - first_of_year) / 7 + 1);
}
