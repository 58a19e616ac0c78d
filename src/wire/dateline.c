/* dateline.c — the dateline that opens a story's first paragraph.
 *
 * Forms recognised, with any dash (en, em, hyphen):
 *   KIEV (Reuters) – …                     VLADIVOSTOK, Russia/SEOUL (Reuters) – …
 *   DAKAR, March 4 (Reuters) – …           March 4 (Reuters) – …
 *   SALVADOR, Feb 26 - …  (old wire copy, no agency)
 * Cities are upper case; a region after a comma is capitalised words.
 */
#include <stdlib.h>
#include <string.h>

#include "months.h"
#include "newsidx/wire.h"
#include "pattern.h"

#define CITY_PATTERN "\\p{Lu}[\\p{Lu}\\p{M}'’.\\-]+(?:[ ]\\p{Lu}[\\p{Lu}\\p{M}'’.\\-]*){0,4}"
#define REGION_WORD_PATTERN "\\p{Lu}[\\p{L}\\p{M}'’.\\-]*"
#define REGION_PATTERN                                                                  \
    "(?!" MONTH_DAY_PATTERN ")" REGION_WORD_PATTERN                                     \
    "(?:[ ](?:(?:of|and|the|de|del|du|da|do)[ ])?" REGION_WORD_PATTERN "){0,4}"
#define PLACE_PATTERN CITY_PATTERN "(?:,[ ]" REGION_PATTERN ")?"

static struct pattern dateline_pattern = PATTERN(
    "^(?<raw>"
      "(?:(?<places>" PLACE_PATTERN "(?:[ ]?/[ ]?" PLACE_PATTERN ")*)"
         "(?:,[ ]+(?<date>" MONTH_DAY_PATTERN "))?"
      "|(?<date_alone>" MONTH_DAY_PATTERN "))"
      "(?:[ ]*\\((?<agency>\\p{Lu}[\\p{L}.&'’ ]{0,40})\\))?"
    ")"
    "(?<dash>[ ]*(?:–|—|--?)[ ]*)");

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
        dateline_add_place(dateline, city, region && *region ? region : NULL);
        free(city);
        free(region);
        start = end + 1;
    }
}

/* The longest stretch before a dateline's dash we look at. */
#define DATELINE_MAX_BYTES 200

/* True when a dash (hyphen, en or em dash) occurs in the first bytes of
 * block: the cheap test before the dateline pattern runs. */
static bool starts_with_dash_nearby(const char *block, size_t length)
{
    size_t window = length < DATELINE_MAX_BYTES ? length : DATELINE_MAX_BYTES;
    for (size_t i = 0; i < window; i++) {
        if (block[i] == '-')
            return true;
        if ((unsigned char)block[i] == 0xE2 && i + 2 < length && (unsigned char)block[i + 1] == 0x80 &&
            ((unsigned char)block[i + 2] == 0x93 || (unsigned char)block[i + 2] == 0x94))
            return true;
    }
    return false;
}

struct dateline *wire_dateline_parse(const char *block, size_t *text_start)
{
    size_t length = strlen(block);
    if (!starts_with_dash_nearby(block, length) || !pattern_match(&dateline_pattern, block, length, 0))
        return NULL;
    size_t raw_start, raw_length, dash_start, dash_length, start, span;
    pattern_named_group(&dateline_pattern, "raw", &raw_start, &raw_length);
    pattern_named_group(&dateline_pattern, "dash", &dash_start, &dash_length);
    bool has_agency = pattern_named_group(&dateline_pattern, "agency", &start, &span);
    bool has_date = pattern_named_group(&dateline_pattern, "date", &start, &span) ||
                    pattern_named_group(&dateline_pattern, "date_alone", &start, &span);
    bool has_places = pattern_named_group(&dateline_pattern, "places", &start, &span);
    const char *dash = block + dash_start;
    bool dash_stands_apart = dash_length >= 3 && dash[0] == ' ' && dash[dash_length - 1] == ' ';
    bool long_dash = strstr(dash, "–") != NULL || strstr(dash, "—") != NULL;
    /* Without an agency the dash must stand apart ("SALVADOR, Feb 26 - …",
     * never "U.S.-led"); with neither agency nor date only a long dash will
     * do ("MOSCOW – …"), so that "FILE PHOTO - …" stays a caption. */
    if (!has_agency && !dash_stands_apart)
        return NULL;
    if (!has_agency && !has_date && (!has_places || !long_dash || wire_caption_match(block)))
        return NULL;
    size_t after = dash_start + dash_length;
    if (after >= length)
        return NULL; /* a dateline with no text after it is no paragraph */

    struct dateline *dateline = checked_malloc(sizeof *dateline);
    memset(dateline, 0, sizeof *dateline);
    dateline->raw = text_trim_copy(block + raw_start, raw_length);
    if (pattern_named_group(&dateline_pattern, "places", &start, &span))
        dateline_add_places(dateline, block + start, span);
    if (pattern_named_group(&dateline_pattern, "date", &start, &span) ||
        pattern_named_group(&dateline_pattern, "date_alone", &start, &span))
        dateline->date = text_trim_copy(block + start, span);
    if (pattern_named_group(&dateline_pattern, "agency", &start, &span))
        dateline->agency = text_trim_copy(block + start, span);
    *text_start = after;
    return dateline;
}
