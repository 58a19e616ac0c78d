/* block_kinds.c — the smaller kinds of block: byline, note, link line,
 * subhead, sign-off, and the rule that joins a paragraph cut in two. */
#include <stdlib.h>
#include <string.h>

#include "newsidx/wire.h"
#include "pattern.h"

/* "By Francois Murphy and Shadia Nasralla": capitalised names only. */
#define NAME_PATTERN "\\p{Lu}[\\p{L}\\p{M}'’.\\-]*(?:[ ](?:\\p{Lu}[\\p{L}\\p{M}'’.\\-]*|de|da|van|von|der|al|bin|le|la|du|dos|del))*"
/* "By A and B", also "BY A", ". By A" (a stray full stop before it) and
 * "By A - Analysis" (the story's kind after a dash). */
static struct pattern byline_pattern =
    PATTERN("^(?:[.·][ ]*)?By[ ]+(?<names>" NAME_PATTERN "(?:(?:,[ ]*|[ ]+and[ ]+|[ ]*&[ ]*)" NAME_PATTERN ")*)"
            "(?:[ ]+(?:-|–|—)[ ]+\\p{Lu}[\\p{L} ]{0,30})?$");

/* Notes that sit between headline and dateline without their parentheses
 * ("Corrects 3rd paragraph to show …"), or with the closing one lost
 * ("(Adds analyst quote in sixth paragraph"). */
static struct pattern header_note_pattern = PATTERN(
    "^(?:\\((?<unclosed>[^()]{3,300})"
    "|(?<bare>(?:Corrects|Updates|Adds|Recasts|Refiles|Repeats|Fixes|Changes|Removes|Inserts|"
    "Rewrites|Deletes|Clarifies|Withdraws|Moves|Restores|Expands|Tops|Writes through|Replaces|"
    "Amends|Combines|Resends|Reissues)[ ][\\p{Ll}\\d(\"'“‘][^\\n]{0,300}))$");

/* A subhead has no columns set apart by runs of spaces: that is a table. */
static struct pattern subhead_pattern =
    PATTERN("^(?=(?:[^\\p{L}]*\\p{Lu}){3})(?!.*[ ]{2})[^\\p{Ll}()]{3,100}$");

static struct pattern note_pattern = PATTERN("^\\((?<note>[^()]*(?:\\([^()]*\\)[^()]*)*)\\)$");

static struct pattern link_line_pattern =
    PATTERN("(?i:\\bclick\\b|\\bsee:|^for (?:a|an|the|more)\\b|^https?://\\S+$)");

/* A line of contact details: an e-mail address alone, maybe in
 * parentheses, after what follows a story's end; never longer than this. */
#define EMAIL_LINE_MAX_BYTES 120

/* A copyright, standards or keywords line is never longer than this. */
#define TRAILER_MAX_BYTES 300
static struct pattern email_line_pattern = PATTERN("^\\(?[\\w.+-]+@[\\w-]+\\.[\\w.]+[;,)]?");

static struct pattern url_pattern = PATTERN("https?://[^\\s<>\"”’)\\]]+");

static struct pattern lower_case_start_pattern = PATTERN("^\\p{Ll}");

bool wire_byline_parse(const char *block, struct string_list *names)
{
    if (block[0] != 'B' && block[0] != '.' && (unsigned char)block[0] != 0xC2)
        return false;
    size_t length = strlen(block);
    if (length > 300 || !pattern_match(&byline_pattern, block, length, 0))
        return false;
    size_t start, span;
    pattern_named_group(&byline_pattern, "names", &start, &span);
    char *list = checked_strndup(block + start, span);
    char *cursor = list;
    for (;;) {
        char *comma = strchr(cursor, ',');
        char *and_word = strstr(cursor, " and ");
        char *ampersand = strchr(cursor, '&');
        char *joint = comma;
        size_t joint_length = 1;
        if (and_word && (joint == NULL || and_word < joint)) {
            joint = and_word;
            joint_length = 5;
        }
        if (ampersand && (joint == NULL || ampersand < joint)) {
            joint = ampersand;
            joint_length = 1;
        }
        size_t name_length = joint ? (size_t)(joint - cursor) : strlen(cursor);
        char *name = text_trim_copy(cursor, name_length);
        if (*name && strncmp(name, "Reuters", 7) != 0 && strcmp(name, "REUTERS") != 0)
            string_list_append_owned(names, name);
        else
            free(name);
        if (joint == NULL)
            break;
        cursor = joint + joint_length;
    }
    free(list);
    return true;
}

char *wire_note_match(const char *block)
{
    if (block[0] != '(')
        return NULL;
    size_t length = strlen(block);
    if (!pattern_match(&note_pattern, block, length, 0))
        return NULL;
    char *credit_line = wire_credit_line_match(block);
    if (credit_line) {
        free(credit_line);
        return NULL;
    }
    size_t start, span;
    pattern_named_group(&note_pattern, "note", &start, &span);
    return text_trim_copy(block + start, span);
}

size_t wire_parenthesised_run_start(const char *block, size_t length)
{
    size_t run_start = length;
    size_t end = length;
    for (;;) {
        while (end > 0 && block[end - 1] == ' ')
            end--;
        if (end == 0 || block[end - 1] != ')')
            return run_start;
        size_t depth = 0, open = end;
        for (size_t i = end; i > 0; i--) {
            if (block[i - 1] == ')')
                depth++;
            else if (block[i - 1] == '(' && --depth == 0) {
                open = i - 1;
                break;
            }
        }
        if (open == end)
            return run_start; /* unbalanced */
        run_start = open;
        end = open;
    }
}

size_t wire_parenthesised_group_end(const char *block, size_t start)
{
    size_t depth = 0;
    for (size_t i = start; block[i]; i++) {
        if (block[i] == '(')
            depth++;
        else if (block[i] == ')' && --depth == 0)
            return i + 1;
    }
    return start;
}

char *wire_header_note_match(const char *block)
{
    if (block[0] != '(') {
        /* The bare form opens with a verb: "Corrects", "Adds", "Writes through". */
        const char *space = strchr(block, ' ');
        if (!(block[0] >= 'A' && block[0] <= 'Z') || space == NULL || space - block > 10 ||
            (space[-1] != 's' && strncmp(block, "Writes ", 7) != 0))
            return NULL;
    }
    size_t length = strlen(block);
    if (length > 310 || !pattern_match(&header_note_pattern, block, length, 0))
        return NULL;
    size_t start, span;
    if (!pattern_named_group(&header_note_pattern, "unclosed", &start, &span))
        pattern_named_group(&header_note_pattern, "bare", &start, &span);
    return text_trim_copy(block + start, span);
}

bool wire_link_parse(const char *block, struct string_list *links)
{
    size_t length = strlen(block);
    /* Most blocks hold no URL at all: look for one before any pattern. */
    if (length > 1000 || strstr(block, "http") == NULL ||
        !pattern_match(&link_line_pattern, block, length, 0))
        return false;
    size_t offset = 0, start, span;
    size_t found = 0;
    while (offset < length && pattern_match(&url_pattern, block, length, offset)) {
        pattern_group(&url_pattern, 0, &start, &span);
        while (span > 0 && strchr(".,;:!?", block[start + span - 1]))
            span--;
        string_list_append_owned(links, checked_strndup(block + start, span));
        found++;
        offset = start + (span ? span : 1);
    }
    return found > 0;
}

bool wire_subhead_match(const char *block)
{
    size_t length = 0;
    for (; block[length]; length++)
        if ((block[length] >= 'a' && block[length] <= 'z') || length > 400)
            return false; /* the cheap test: a subhead has no lower case */
    return pattern_match(&subhead_pattern, block, length, 0);
}

bool wire_signoff_match(const char *block)
{
    return strcmp(block, "Reuter") == 0 || strcmp(block, "REUTER") == 0;
}

size_t wire_signoff_trailing(const char *block)
{
    size_t length = strlen(block);
    if (length < 9 || (strcmp(block + length - 7, " Reuter") != 0 && strcmp(block + length - 7, " REUTER") != 0))
        return 0;
    size_t before = length - 7;
    while (before > 0 && block[before - 1] == ' ')
        before--;
    char last = before ? block[before - 1] : '\0';
    if (!strchr(".!?\")'", last) && !(last >= '0' && last <= '9') &&
        !(before >= 3 && (unsigned char)block[before - 3] == 0xE2))
        return 0; /* "… told Reuter" is prose */
    return before;
}

bool wire_trailer_match(const char *block)
{
    static const char *const openings[] = {
        "Our Standards:", "\xC2\xA9", "(c) ", "Copyright ", "Keywords:", "KEYWORDS:", "Keyword:",
        "Related coverage", "Related news", "Related stories", "Reuters Messaging:", "E-mail:",
        "Email:", "e-mail:", "email:", "Tel:", "Telephone:", "((", "All quotes delayed",
        "Thomson Reuters journalists", "Thomson Reuters is the", NULL,
    };
    if (strchr("O\xC2(CKRETeAt", block[0]) != NULL && strnlen(block, TRAILER_MAX_BYTES + 1) <= TRAILER_MAX_BYTES)
        for (size_t i = 0; openings[i]; i++)
            if (block[0] == openings[i][0] && strncmp(block, openings[i], strlen(openings[i])) == 0)
                return true;
    /* A contact line is short: look for its '@' only there. */
    size_t length = strnlen(block, EMAIL_LINE_MAX_BYTES + 1);
    return length <= EMAIL_LINE_MAX_BYTES && memchr(block, '@', length) != NULL &&
           pattern_match(&email_line_pattern, block, length, 0);
}

/* True when text ends with punctuation that closes a paragraph. */
static bool ends_with_closing_punctuation(const char *text)
{
    static const char *const closers[] = {".", "!", "?", ":", ";", "\"", "'", ")", "]",
                                          "”", "’", "…", "»", NULL};
    size_t length = strlen(text);
    for (size_t i = 0; closers[i]; i++) {
        size_t closer_length = strlen(closers[i]);
        if (length >= closer_length && memcmp(text + length - closer_length, closers[i], closer_length) == 0)
            return true;
    }
    return false;
}

bool wire_paragraphs_join(const char *paragraph, const char *next)
{
    return !ends_with_closing_punctuation(paragraph) &&
           pattern_match(&lower_case_start_pattern, next, strlen(next), 0);
}
