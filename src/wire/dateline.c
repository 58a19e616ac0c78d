/* dateline.c — the dateline that opens a story's first paragraph.
 *
 * Forms recognised, with any dash (en, em, hyphen, double hyphen):
 *   KIEV (Reuters) – …                     VLADIVOSTOK, Russia/SEOUL (Reuters) – …
 *   DAKAR, March 4 (Reuters) – …           March 4 (Reuters) – …
 *   (Reuters) – …   (IFR) – …              no place: an agency alone
 *   Toronto (Reuters) – …                  a city in any case, with an agency
 *   NEW YORK Oct 30 (Reuters) – …          no comma before the date
 *   SALVADOR, Feb 26 - …                   old wire copy: no agency
 *   WASHINGTON, FEB 26 - …  CHICAGO, March 4, - …  PARIS,March 16 - …
 *   WOODBRIDGE, N.J. - …                   no date, no agency
 *   APRIL 7 - …                            a date alone
 *   SANTA CLARA, Calif., U.S. (Reuters) – …  a three-part place
 *
 * The weaker a form is, the more the rest of the block must read as a lead
 * paragraph, so that prose, headlines ("CORRECTED - UPDATE 3-…") and
 * captions ("FILE PHOTO - …") never read as datelines:
 *   - an agency after an upper-case city, or a Reuters agency, stands alone;
 *   - a long dash after an upper-case city ("MOSCOW – …") stands alone;
 *   - every other form needs a dash with space on both sides and a lead
 *     that reads as a sentence (several words, closing punctuation).
 */
#include <stdlib.h>
#include <string.h>

#include "months.h"
#include "newsidx/wire.h"
#include "pattern.h"

/* A month (any case) that the next word does not continue. */
#define ANY_MONTH "(?:" MONTH_ANY_CASE_PATTERN ")(?!\\p{L})"
/* A dateline's date: "March 4", "FEB 26", "Sept. 5", "26 Feb", an ISO date ("BRUSSELS 1996-08-20", as RCV1 writes it), or a month
 * alone right before the dash ("MOSCOW, July -"). */
#define DATE_PATTERN                                                                  \
    "(?:" ANY_MONTH "(?:[ ]*\\d{1,2}(?!\\d)|(?=[ ]*,?[ ]*(?:–|—|-)))"                              \
    "|\\d{1,2}[ ]" ANY_MONTH "|(?:19|20)\\d\\d-[01]\\d-[0-3]\\d(?!\\d))"
/* No word of a place may start a date. */
#define NOT_A_DATE "(?!" ANY_MONTH "(?:[ ]*\\d|[ ]*,?[ ]*(?:–|—|-)))"
#define PLACE_WORD "(?:[dl]['’])?\\p{Lu}[\\p{L}\\p{M}'’.\\-]*"
#define PARTICLE "(?:de|da|del|do|dos|du|des|la|le|el|al|am|an|der|den|di|of|on|upon|sur|en|y)"
#define CITY_PATTERN                                                                        \
    NOT_A_DATE PLACE_WORD "(?:[ ](?:" PARTICLE "[ ])?" NOT_A_DATE PLACE_WORD "){0,4}"
#define REGION_PATTERN                                                                      \
    NOT_A_DATE PLACE_WORD "(?:[ ](?:(?:of|and|the|de|del|du|da|do)[ ])?" NOT_A_DATE PLACE_WORD "){0,4}"
/* "SOCHI, Russia", "SANTA CLARA, Calif., U.S.": a city, then up to two regions. */
#define PLACE_PATTERN CITY_PATTERN "(?:[ ]*,[ ]*" REGION_PATTERN "){0,2}"
#define AGENCY_PATTERN "\\p{Lu}[\\p{L}\\p{N}.&'’!/ ]{0,40}"

static struct pattern dateline_pattern = PATTERN(
    "^(?<raw>"
      "(?:(?<places>" PLACE_PATTERN "(?:[ ]*/[ ]*" PLACE_PATTERN ")*)"
         "(?:[ ]*,?[ ]*(?<date>" DATE_PATTERN "))?"
      "|(?<date_alone>" DATE_PATTERN "))?"
      "(?:[ ]*,)?"
      "(?:[ ]*\\((?<agency>" AGENCY_PATTERN ")\\))?"
    ")"
    "(?:(?<dash>[ ]*(?:–|—|--?)[ ]*)|(?<no_dash>[ ]+)(?=[\\p{Lu}\\d\"“‘']))");

/* An agency that names Reuters: "Reuters", "Reuters Life!", "Thomson
 * Reuters", "Reuters Breakingviews". */
static struct pattern reuters_agency_pattern =
    PATTERN("^(?:\\p{Lu}\\p{L}*[ ])?(?i:reuters?)(?:[ /]\\p{Lu}[\\p{L}!]*){0,2}!?$");

/* An agency written as an acronym: "IFR", "AFP", "LPC". */
static struct pattern acronym_agency_pattern = PATTERN("^\\p{Lu}{2,6}(?:/\\p{Lu}{2,6})?$");

/* Words that open headlines and captions in capitals followed by a dash:
 * never a city ("CORRECTED - UPDATE 3-…", "FILE PHOTO - …"). */
static struct pattern not_a_city_pattern = PATTERN(
    "^(?i:corrected|correction|corrects|refile|refiled|repeat|rpt|update|updated|wrapup|"
    "exclusive|factbox|timeline|text|analysis|interview|preview|poll|advisory|note|"
    "editor'?s note|file|file photo|file picture|photo|picture|graphic|video|breakingviews|"
    "column|commentary|feature|special report|insight|highlights|snap analysis|"
    "instant view|table|diary|weekahead|urgent|flash|bulletin|alert|newsmaker|q\\+a|"
    "scenarios|breakingviews|reuters)$");

/* The longest stretch before a dateline's dash we look at. */
#define DATELINE_MAX_BYTES 200

/* How far into a block a dateline glued after a note, byline or summary
 * bullets may start. */
#define GLUED_PREFIX_MAX_BYTES 600

/* The most words a dateline has before its agency or dash ("SANTA CLARA,
 * Calif., U.S. (Reuters) –" has four). */
#define DATELINE_MAX_SPACES 10

/* True when the long dash U+2013 or U+2014 starts at text (available bytes). */
static bool long_dash_at(const char *text, size_t available)
{
    return available >= 3 && (unsigned char)text[0] == 0xE2 && (unsigned char)text[1] == 0x80 &&
           ((unsigned char)text[2] == 0x93 || (unsigned char)text[2] == 0x94);
}

/* The cheap test before the dateline pattern runs: true when, within the
 * first few words of block, an opening parenthesis or a dash after a space
 * stands (not a hyphen inside a word, as in "Wal-Mart"), and no word before
 * it reads as prose: a word in lower case longer than a particle ("de",
 * "of", "and") rules a dateline out. */
static bool has_dateline_mark_nearby(const char *block, size_t length)
{
    size_t window = length < DATELINE_MAX_BYTES ? length : DATELINE_MAX_BYTES;
    size_t spaces = 0, word_start = 0;
    for (size_t i = 0; i < window; i++) {
        char c = block[i];
        if (c == '(')
            return true;
        if (c != ' ')
            continue;
        if (block[word_start] >= 'a' && block[word_start] <= 'z' && i - word_start > 3 &&
            block[word_start + 1] != '\'' && (unsigned char)block[word_start + 1] != 0xE2)
            return false; /* prose; but "d'Alene", "l’Aquila" are places */
        if (i + 1 < length && (block[i + 1] == '-' || long_dash_at(block + i + 1, length - i - 1)))
            return true;
        if (++spaces > DATELINE_MAX_SPACES)
            return false;
        word_start = i + 1;
    }
    return false;
}

/* True when s[0..length) has a letter and no lower-case letter (ASCII view;
 * bytes of other scripts count as neither). */
static bool span_is_upper_case(const char *s, size_t length)
{
    bool has_letter = false;
    for (size_t i = 0; i < length; i++) {
        if (s[i] >= 'a' && s[i] <= 'z')
            return false;
        if (s[i] >= 'A' && s[i] <= 'Z')
            has_letter = true;
    }
    return has_letter;
}

/* True when text reads as a lead paragraph: it starts as a sentence does,
 * runs for at least four words, and closes like a sentence (or runs on long
 * enough to be one). */
static bool reads_as_lead(const char *text, size_t length)
{
    if (length == 0 || (text[0] >= 'a' && text[0] <= 'z'))
        return false; /* "CIT -- which emerged from …" is prose */
    size_t words = 1;
    for (size_t i = 0; i < length; i++)
        if (text[i] == ' ')
            words++;
    if (words < 4)
        return false;
    if (length > 200)
        return true;
    static const char *const closers[] = {".", "!", "?", "\"", "'", ")", "”", "’", "…", NULL};
    for (size_t i = 0; closers[i]; i++) {
        size_t closer_length = strlen(closers[i]);
        if (length >= closer_length && memcmp(text + length - closer_length, closers[i], closer_length) == 0)
            return true;
    }
    return false;
}

/* True when s[0..length) holds an en or em dash. */
static bool contains_long_dash(const char *s, size_t length)
{
    for (size_t i = 0; i + 2 < length; i++)
        if (long_dash_at(s + i, length - i))
            return true;
    return false;
}

/* Adds the places of "CITY[, Region][/CITY2[, Region]…]" to the dateline. */
static void dateline_add_places(struct dateline *dateline, const char *places, size_t length)
{
    size_t start = 0;
    while (start < length) {
        const char *slash = memchr(places + start, '/', length - start);
        size_t end = slash ? (size_t)(slash - places) : length;
        const char *place = places + start;
        size_t place_length = end - start;
        const char *comma = memchr(place, ',', place_length);
        char *city = text_trim_copy(place, comma ? (size_t)(comma - place) : place_length);
        char *region = comma ? text_trim_copy(comma + 1, place_length - (size_t)(comma - place) - 1)
                             : NULL;
        if (*city)
            dateline_add_place(dateline, city, region && *region ? region : NULL);
        free(city);
        free(region);
        start = end + 1;
    }
}

/* The parts of a dateline match that decide whether it is one. */
struct dateline_match {
    size_t raw_start, raw_length;       /* the dateline before the dash */
    size_t places_start, places_length; /* the places, when has_places */
    size_t date_start, date_length;     /* the date, when has_date */
    size_t agency_start, agency_length; /* the agency, when has_agency */
    size_t text_start;                  /* where the paragraph's text begins */
    bool has_places;                    /* one place or more */
    bool has_date;                      /* a month (and day) */
    bool has_agency;                    /* "(Reuters)" or another agency */
};

/* Runs the dateline pattern on block and reads its groups into match. */
static bool dateline_match_read(const char *block, size_t length, struct dateline_match *match)
{
    memset(match, 0, sizeof *match);
    if (!has_dateline_mark_nearby(block, length) || !pattern_match(&dateline_pattern, block, length, 0))
        return false;
    struct pattern *p = &dateline_pattern;
    size_t separator_start, separator_length;
    pattern_named_group(p, "raw", &match->raw_start, &match->raw_length);
    match->has_places = pattern_named_group(p, "places", &match->places_start, &match->places_length);
    match->has_date = pattern_named_group(p, "date", &match->date_start, &match->date_length) ||
                      pattern_named_group(p, "date_alone", &match->date_start, &match->date_length);
    match->has_agency = pattern_named_group(p, "agency", &match->agency_start, &match->agency_length);
    bool has_dash = pattern_named_group(p, "dash", &separator_start, &separator_length);
    if (!has_dash)
        pattern_named_group(p, "no_dash", &separator_start, &separator_length);
    match->text_start = separator_start + separator_length;
    if (match->text_start >= length)
        return false; /* a dateline with no text after it is no paragraph */
    if (!match->has_places && !match->has_date && !match->has_agency)
        return false;

    const char *agency = block + match->agency_start;
    bool reuters_agency = match->has_agency &&
                          pattern_match(&reuters_agency_pattern, agency, match->agency_length, 0);
    bool acronym_agency = match->has_agency && !reuters_agency &&
                          pattern_match(&acronym_agency_pattern, agency, match->agency_length, 0);
    const char *first_city = match->has_places ? block + match->places_start : block;
    size_t first_city_length = match->has_places ? strcspn(first_city, ",/(") : 0;
    if (first_city_length > match->places_length)
        first_city_length = match->places_length;
    while (first_city_length > 0 && first_city[first_city_length - 1] == ' ')
        first_city_length--;
    /* "KANSAS City" counts as a city in capitals: its head word is one. */
    size_t head_length = match->has_places ? strcspn(first_city, " ") : 0;
    if (head_length > first_city_length)
        head_length = first_city_length;
    bool upper_city = match->has_places && span_is_upper_case(first_city, head_length);
    bool date_has_day = false;
    for (size_t i = 0; match->has_date && i < match->date_length; i++)
        date_has_day |= block[match->date_start + i] >= '0' && block[match->date_start + i] <= '9';
    const char *separator = block + separator_start;
    bool long_dash = has_dash && contains_long_dash(separator, separator_length);
    bool dash_stands_apart = has_dash && separator_length >= 3 && separator[0] == ' ' &&
                             separator[separator_length - 1] == ' ';
    bool lead = reads_as_lead(block + match->text_start, length - match->text_start);

    if (match->has_places && (pattern_match(&not_a_city_pattern, first_city, first_city_length, 0) ||
                              strncmp(first_city, "By ", 3) == 0))
        return false; /* a headline word, or a byline glued on ("By Ann Lee (Reuters) -") */
    if (!has_dash) /* "LONDON (Reuters) JPMorgan said …" */
        return match->has_places && upper_city && reuters_agency && lead;
    if (reuters_agency)
        return true;
    if (match->has_agency)
        return lead && (match->has_places || acronym_agency);
    if (!dash_stands_apart || (separator_length > 3 && strstr(separator, "--") == separator + 1 &&
                               !match->has_date))
        return false; /* never "U.S.-led", nor "CIT -- which …" */
    if (match->has_places && !match->has_date) {
        if (!upper_city || wire_caption_match(block))
            return false;
        return long_dash || lead;
    }
    if (!match->has_places && !span_is_upper_case(block + match->date_start, match->date_length))
        return false; /* "APRIL 7 - …" is old copy; "May 2 - …" is a timeline's entry */
    if (match->has_places && date_has_day) {
        if (upper_city)
            return true; /* "SALVADOR, Feb 26 - …" */
        const char *text = block + match->text_start;
        return !(text[0] >= 'a' && text[0] <= 'z') && text[0] != ','; /* "Toronto, Feb 26 - Shr 34 cts …" */
    }
    return lead;
}

/* Builds the dateline of a match. */
static struct dateline *dateline_from_match(const char *block, const struct dateline_match *match)
{
    struct dateline *dateline = checked_malloc(sizeof *dateline);
    memset(dateline, 0, sizeof *dateline);
    dateline->raw = text_trim_copy(block + match->raw_start, match->raw_length);
    if (match->has_places)
        dateline_add_places(dateline, block + match->places_start, match->places_length);
    if (match->has_date)
        dateline->date = text_trim_copy(block + match->date_start, match->date_length);
    if (match->has_agency)
        dateline->agency = text_trim_copy(block + match->agency_start, match->agency_length);
    return dateline;
}

struct dateline *wire_dateline_parse(const char *block, size_t *text_start)
{
    struct dateline_match match;
    size_t length = strlen(block);
    if (!dateline_match_read(block, length, &match))
        return NULL;
    *text_start = match.text_start;
    return dateline_from_match(block, &match);
}

/* True when prefix[0..length) is furniture that can sit glued before a
 * dateline: notes in parentheses, a "By …" byline, summary bullets. */
static bool prefix_is_furniture(const char *prefix, size_t length)
{
    while (length > 0 && prefix[length - 1] == ' ')
        length--;
    if (length == 0)
        return false;
    if (prefix[0] == '*' || memcmp(prefix, "•", length >= 3 ? 3 : length) == 0)
        return true;
    size_t offset = 0;
    while (offset < length && prefix[offset] == '(') {
        const char *close = memchr(prefix + offset, ')', length - offset);
        if (close == NULL)
            return false;
        offset = (size_t)(close - prefix) + 1;
        while (offset < length && prefix[offset] == ' ')
            offset++;
    }
    if (offset == length)
        return true;
    if (length - offset < 4 || memcmp(prefix + offset, "By ", 3) != 0)
        return false;
    char *byline = checked_strndup(prefix + offset, length - offset);
    struct string_list names = {0};
    bool is_byline = wire_byline_parse(byline, &names);
    string_list_free(&names);
    free(byline);
    return is_byline;
}

struct dateline *wire_dateline_find(const char *block, size_t *dateline_start, size_t *text_start)
{
    struct dateline *dateline = wire_dateline_parse(block, text_start);
    if (dateline != NULL) {
        *dateline_start = 0;
        return dateline;
    }
    /* Glued forms: the dateline starts after a note, byline or bullets, at
     * a word in capitals or an agency, and must be a strong one. */
    if (block[0] != '(' && block[0] != '*' && strncmp(block, "By ", 3) != 0 &&
        strncmp(block, "•", 3) != 0)
        return NULL;
    size_t length = strlen(block);
    size_t window = length < GLUED_PREFIX_MAX_BYTES ? length : GLUED_PREFIX_MAX_BYTES;
    for (size_t i = 1; i < window; i++) {
        if (block[i - 1] != ' ' || !((block[i] >= 'A' && block[i] <= 'Z') || block[i] == '('))
            continue;
        if (block[i] != '(' && !(block[i + 1] >= 'A' && block[i + 1] <= 'Z'))
            continue; /* a city in capitals, or a place-less agency */
        struct dateline_match match;
        if (!dateline_match_read(block + i, length - i, &match) || !match.has_agency)
            continue;
        if (!prefix_is_furniture(block, i))
            return NULL;
        *dateline_start = i;
        *text_start = i + match.text_start;
        return dateline_from_match(block + i, &match);
    }
    return NULL;
}
