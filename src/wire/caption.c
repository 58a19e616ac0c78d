/* caption.c — photo captions and their trailing credits.
 *
 * A credit is a slash-separated run at the very end of the caption, found by
 * scanning back from the end: "REUTERS/Stephen Lam/File Photo",
 * "Sputnik/Mikhail Klimentyev/Kremlin via REUTERS".  The agency can come
 * first or last; "File Photo", "Pool" and agencies are not photographers.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "months.h"
#include "newsidx/wire.h"
#include "pattern.h"

static struct pattern file_photo_pattern = PATTERN("^(?i:file)[\\s_:\\-–]*(?i:photo|picture|pic)\\b");

/* "…in Moscow, Russia, October 30, 2017." or "… Picture taken October 30,
 * 2017." at the end of a caption. */
static struct pattern closing_date_pattern =
    PATTERN("(?:\\p{Lu}[\\p{L}\\p{M}.'’\\-]*,?|\\b(?:Picture|Photo|Image)[ ]taken(?:[ ]on)?)\\s+"
            MONTH_PATTERN "\\s+\\d{1,2},\\s+\\d{4}\\.?$");

static struct pattern full_date_pattern = PATTERN(FULL_DATE_PATTERN);

/* The longest credit part ("Kremlin via REUTERS", "Name Surname") we accept. */
#define CREDIT_PART_MAX_BYTES 60

/* True when s[0..length) has no lower-case ASCII letter and some capital. */
static bool span_is_upper_case(const char *s, size_t length)
{
    bool has_capital = false;
    for (size_t i = 0; i < length; i++) {
        if (s[i] >= 'a' && s[i] <= 'z')
            return false;
        if (s[i] >= 'A' && s[i] <= 'Z')
            has_capital = true;
    }
    return has_capital;
}

/* True when s[0..length) could be one part of a photo credit: a few words,
 * starting with a capital letter, with no sentence inside. */
static bool credit_part_is_plausible(const char *s, size_t length)
{
    if (length == 0 || length > CREDIT_PART_MAX_BYTES)
        return false;
    if (!((s[0] >= 'A' && s[0] <= 'Z') || (unsigned char)s[0] >= 0x80))
        return false;
    for (size_t i = 0; i < length; i++) {
        char c = s[i];
        if (c == ',' || c == ';' || c == '(' || c == ')' || c == ':' || (c >= '0' && c <= '9'))
            return false;
        if (c == '.' && i + 1 < length && s[i + 1] == ' ' && i >= 2 && s[i - 2] != ' ')
            return false; /* a sentence ends here (an initial like "J. " is fine) */
    }
    return true;
}

/* True when text[0..length), the caption before its credit, reads as a
 * sentence: a few words, some in lower case, closed by a full stop (or a
 * date's year), so that an ALL-CAPS headline holding a '/' ("U.S.
 * CERTIFICATES TO PROVIDE WHEAT/CORN SUPPLIES") is no caption. */
static bool reads_as_caption_sentence(const char *text, size_t length)
{
    while (length > 0 && text[length - 1] == ' ')
        length--;
    if (length == 0)
        return false;
    size_t words = 1, lower = 0;
    for (size_t i = 0; i < length; i++) {
        words += text[i] == ' ';
        lower += text[i] >= 'a' && text[i] <= 'z';
    }
    char last = text[length - 1];
    bool closed = strchr(".!?)\"'", last) != NULL || (last >= '0' && last <= '9') ||
                  (length >= 3 && ((unsigned char)text[length - 3] == 0xE2)); /* ” ’ … */
    return words >= 3 && lower > 0 && closed;
}

/* Finds the trailing photo credit of a caption; returns its offset, or -1. */
static long caption_credit_start(const char *text, size_t length)
{
    if (length == 0 || text[length - 1] == '.' || memchr(text, '/', length) == NULL)
        return -1;
    const char *last_slash = NULL;
    for (size_t i = length; i > 0; i--)
        if (text[i - 1] == '/') {
            last_slash = text + i - 1;
            break;
        }
    if (last_slash == NULL)
        return -1;
    const char *tail = last_slash + 1;
    if (!credit_part_is_plausible(tail, (size_t)(text + length - tail)))
        return -1;
    /* Walk back over further parts while they look like credit parts. */
    const char *first_slash = last_slash;
    for (;;) {
        const char *previous = first_slash;
        while (previous > text && previous[-1] != '/')
            previous--;
        if (previous == text)
            break;
        const char *part = previous;
        if (!credit_part_is_plausible(part, (size_t)(first_slash - part)))
            break;
        first_slash = previous - 1;
    }
    /* The first part: the words right before the first slash.  An agency in
     * capitals is one word; a name may be a few capitalised words. */
    const char *start = first_slash;
    int words = 0;
    while (start > text && words < 4) {
        const char *word_end = start;
        const char *word = word_end;
        while (word > text && word[-1] != ' ')
            word--;
        size_t word_length = (size_t)(word_end - word);
        if (word_length == 0 || !credit_part_is_plausible(word, word_length) ||
            word[word_length - 1] == '.' || word[word_length - 1] == ',')
            break;
        start = word;
        words++;
        if (span_is_upper_case(word, word_length))
            break; /* an agency in capitals is the whole first part */
        if (start > text)
            start--; /* step onto the space before the word */
        else
            break;
    }
    while (start < first_slash && *start == ' ')
        start++;
    if (start == first_slash)
        return -1;
    /* A long agency name ("South Korean Presidential Press Service/…")
     * runs back to the caption's last sentence: take its capitalised words
     * up to there. */
    const char *extended = start;
    for (int more = 0; more < 4 && extended > text + 1 && extended[-1] == ' '; more++) {
        const char *word = extended - 1;
        while (word > text && word[-1] != ' ')
            word--;
        size_t word_length = (size_t)(extended - 1 - word);
        if (word_length == 0 || !(word[0] >= 'A' && word[0] <= 'Z') || strchr(".!?\")", word[word_length - 1]))
            break;
        extended = word;
        if (word > text + 1 && word[-1] == ' ' && strchr(".!?\")", word[-2])) {
            start = extended;
            break;
        }
    }
    /* A photo credit names an agency: a word in capitals, or "via X". */
    const char *credit = start;
    size_t credit_length = (size_t)(text + length - start);
    bool names_agency = strstr(credit, " via ") != NULL;
    for (size_t i = 0; i < credit_length && !names_agency;) {
        size_t word_end = i;
        while (word_end < credit_length && credit[word_end] != ' ' && credit[word_end] != '/')
            word_end++;
        if (word_end - i >= 2 && span_is_upper_case(credit + i, word_end - i))
            names_agency = true;
        i = word_end + 1;
    }
    if (!names_agency || !reads_as_caption_sentence(text, (size_t)(start - text)))
        return -1;
    return (long)(start - text);
}

/* True when a credit part names no person: an agency, "File Photo", "Pool". */
static bool credit_part_is_not_a_person(const char *part, size_t index, size_t part_count)
{
    static const char *const not_people[] = {
        "file photo", "file", "pool", "handout", "handout photo", "photo", "reuters",
        "reuters tv", "pool photo", "courtesy", NULL,
    };
    size_t length = strlen(part);
    if (span_is_upper_case(part, length) || strstr(part, " via ") != NULL)
        return true;
    for (size_t i = 0; not_people[i]; i++)
        if (strcasecmp(part, not_people[i]) == 0)
            return true;
    /* A one-word first part of several is the agency ("Sputnik/…"). */
    return index == 0 && part_count > 1 && strchr(part, ' ') == NULL;
}

static void caption_add_photographers(struct caption *caption)
{
    struct string_list parts = {0};
    const char *credit = caption->credit;
    for (;;) {
        const char *slash = strchr(credit, '/');
        size_t length = slash ? (size_t)(slash - credit) : strlen(credit);
        string_list_append_owned(&parts, text_trim_copy(credit, length));
        if (slash == NULL)
            break;
        credit = slash + 1;
    }
    for (size_t i = 0; i < parts.count; i++)
        if (parts.items[i][0] && !credit_part_is_not_a_person(parts.items[i], i, parts.count))
            string_list_append(&caption->photographers, parts.items[i]);
    string_list_free(&parts);
}

/* True when needle occurs in haystack, ignoring ASCII case. */
static bool contains_ignoring_case(const char *haystack, const char *needle)
{
    size_t needle_length = strlen(needle);
    for (; *haystack; haystack++)
        if (strncasecmp(haystack, needle, needle_length) == 0)
            return true;
    return false;
}

/* The offset from which the last bytes of text begin, on a UTF-8 boundary. */
static size_t tail_offset(const char *text, size_t length, size_t tail)
{
    if (length <= tail)
        return 0;
    size_t offset = length - tail;
    while (offset < length && ((unsigned char)text[offset] & 0xC0) == 0x80)
        offset++;
    return offset;
}

/* True when text ends with a four-digit year, maybe followed by a full
 * stop: the cheap test before the closing-date pattern runs. */
static bool ends_with_year(const char *text, size_t length)
{
    if (length && text[length - 1] == '.')
        length--;
    if (length < 5)
        return false;
    for (size_t i = length - 4; i < length; i++)
        if (text[i] < '0' || text[i] > '9')
            return false;
    return true;
}

bool wire_caption_match(const char *block)
{
    size_t length = strlen(block);
    if ((block[0] == 'F' || block[0] == 'f') && pattern_match(&file_photo_pattern, block, length, 0))
        return true;
    if (caption_credit_start(block, length) >= 0)
        return true;
    return ends_with_year(block, length) &&
           pattern_match(&closing_date_pattern, block, length, tail_offset(block, length, 120));
}

void wire_caption_parse(const char *block, struct caption *caption)
{
    size_t length = strlen(block);
    caption->text = checked_strdup(block);
    long credit_start = caption_credit_start(block, length);
    if (credit_start >= 0) {
        caption->credit = text_trim_copy(block + credit_start, length - (size_t)credit_start);
        caption_add_photographers(caption);
    }
    caption->file_photo = pattern_match(&file_photo_pattern, block, length, 0) ||
                          (caption->credit && contains_ignoring_case(caption->credit, "file photo"));
    size_t start, span;
    if (pattern_match(&full_date_pattern, block, length, 0) &&
        pattern_group(&full_date_pattern, 0, &start, &span))
        caption->date = checked_strndup(block + start, span);
}
