/* credits.c — the closing credit line and the names in it.
 *
 * "(Reporting by A, B in Kiev, additional reporting by C in Vienna; Editing
 * by D and E)".  Desks write it many ways:
 *   - roles separated by ";", ",", "." or ":" ("… in Washington. Editing by …");
 *   - a role in any case, of up to four words ("Additional reporting and
 *     writing by …");
 *   - names joined by ",", "and", ", and", "&" or "/" ("Robert Birsel/Ramthan
 *     Hussain" is two people);
 *   - "in PLACE" applying back to every name since the previous place or
 *     role, a place with its region ("in Cambridge, Massachusetts");
 *   - the line glued to the end of the last paragraph.
 * A small tokenizer reads it: cut into segments at the separators, then
 * read each segment as [Role by] Name [in Place], names split at "and", "&"
 * and "/".
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "newsidx/wire.h"
#include "pattern.h"

/* A role: up to four words, the last one a "-ing"/"-ed" word or a noun a
 * desk credits ("Reporting", "Additional reporting and writing",
 * "Compiled", "Graphics"), so that a note such as "(Adds quotes by
 * analysts)" is no credit line. */
#define ROLE_PATTERN                                                                  \
    "(?:[A-Za-z]+[ ]){0,3}(?:[A-Za-z]*(?:ing|ed|en)|(?i:research|graphics?|photos?|pictures?|" \
    "contributions?|text|production|design|translation|video|data|interviews?))"

static struct pattern credit_line_pattern =
    PATTERN("^\\([ ]*(?<inner>" ROLE_PATTERN "[ ]+(?i:by)[ ][^()]*(?:\\([^()]*\\)[^()]*)*)\\)\\.?$");

static struct pattern bare_credit_line_pattern = PATTERN(
    "^(?:[-–—][ ]*)?(?<bare>(?i:(?:additional[ ])?(?:reporting|writing|editing)(?:[ ]and[ ](?:writing|editing|reporting))?"
    "|compiled|edited|written|reported)[ ](?i:by)[ ].*)$");

static struct pattern role_pattern = PATTERN("^(?<role>" ROLE_PATTERN ")[ ]+(?i:by)(?:[ ]+(?<rest>.*))?$");

/* Where a new role starts after ". " or ": " (or with no separator at all,
 * "… Fitzgibbons Editing by …"): a capitalised role. */
static struct pattern role_start_pattern =
    PATTERN("\\G(?:(?:[.:][ ]+|[ ]*/[ ]*)(?=" ROLE_PATTERN "[ ]+(?i:by)[ ])"
            "|[ ]+(?=\\p{Lu}\\p{Ll}+(?:[ ]\\p{Ll}+){0,3}[ ]+(?i:by)[ ]))");

/* "… in Kiev", "… in SEOUL", "… in New York": a location after a name. */
static struct pattern location_pattern = PATTERN("^(?<name>.+?)[ ]+in[ ]+(?<place>\\p{Lu}.*)$");

/* "IFR's Anthony Hughes", "Reuters' Ann Lee": an agency before the name. */
static struct pattern agency_possessive_pattern =
    PATTERN("^(?:\\p{Lu}{2,6}|Reuters|Thomson Reuters)(?:'s|’s|'|’)[ ]+(?=\\p{Lu})");

/* The longest credit line, parenthesised or bare, we read. */
#define CREDIT_LINE_MAX_BYTES 2000
#define BARE_CREDIT_LINE_MAX_BYTES 400

/* True when the first name a credit line gives reads as one: after the
 * first "by", a capital (or a letter beyond ASCII) and at most six
 * capitalised words.  "Reporting by the ministry showed …" is
 * prose, "(Updated by the desk)" a note. */
static bool credits_are_names(const char *credits_raw)
{
    const char *by = credits_raw;
    for (;; by++) {
        if (*by == '\0')
            return false;
        if ((by[0] == 'b' || by[0] == 'B') && by[1] == 'y' && (by[2] == ' ' || by[2] == ',') &&
            (by == credits_raw || by[-1] == ' '))
            break;
    }
    const char *name = by + 2;
    while (*name == ' ' || *name == ',')
        name++;
    if (strncmp(name, "IFR's ", 6) == 0)
        name += 6;
    unsigned char first = (unsigned char)*name;
    if (!((first >= 'A' && first <= 'Z') || first >= 0xC3))
        return false;
    /* The name's capitalised words, up to the first word in lower case
     * ("in", "and") or a separator. */
    size_t words = 1;
    for (const char *c = name; *c && !strchr(",;:/)", *c); c++) {
        if (*c != ' ')
            continue;
        if (c[1] >= 'a' && c[1] <= 'z')
            break;
        words++;
    }
    return words <= 6;
}

/* True when " by " (any case of B) comes within the next few words of
 * text: the cheap test before looking for a role that starts there. */
static bool by_follows(const char *text, size_t length)
{
    size_t window = length < 60 ? length : 60;
    for (size_t i = 0; i + 3 < window; i++)
        if (text[i] == ' ' && (text[i + 1] == 'b' || text[i + 1] == 'B') && text[i + 2] == 'y' &&
            (text[i + 3] == ' ' || text[i + 3] == ','))
            return true;
    return false;
}

/* True when block opens with a word a bare credit line starts with
 * ("Reporting", "additional", "Editing", "-Compiled"): the cheap test
 * before the pattern runs. */
static bool opens_with_role_word(const char *block)
{
    static const char *const words[] = {"reporting", "additional", "writing", "editing", "compiled",
                                        "edited", "written", "reported", NULL};
    const char *word = block;
    if (*word == '-')
        word++;
    else if (strncmp(word, "\xE2\x80\x93", 3) == 0 || strncmp(word, "\xE2\x80\x94", 3) == 0)
        word += 3;
    while (*word == ' ')
        word++;
    size_t length = strcspn(word, " ");
    for (size_t i = 0; words[i]; i++)
        if (strlen(words[i]) == length && strncasecmp(word, words[i], length) == 0)
            return true;
    return false;
}

char *wire_credit_line_match(const char *block)
{
    size_t length = strlen(block);
    if (length > CREDIT_LINE_MAX_BYTES || length < 8)
        return NULL;
    size_t start, span;
    if (block[0] == '(') {
        if (!pattern_match(&credit_line_pattern, block, length, 0))
            return NULL;
        pattern_named_group(&credit_line_pattern, "inner", &start, &span);
        char *credit_line = text_trim_copy(block + start, span);
        if (!credits_are_names(credit_line)) {
            free(credit_line);
            return NULL;
        }
        return credit_line;
    }
    if (length > BARE_CREDIT_LINE_MAX_BYTES || !opens_with_role_word(block) ||
        !pattern_match(&bare_credit_line_pattern, block, length, 0))
        return NULL;
    pattern_named_group(&bare_credit_line_pattern, "bare", &start, &span);
    char *credit_line = text_trim_copy(block + start, span);
    if (!credits_are_names(credit_line)) {
        free(credit_line);
        return NULL;
    }
    return credit_line;
}

char *wire_credit_line_trailing(const char *block, size_t *paragraph_length)
{
    size_t length = strlen(block);
    if (length < 12 || block[length - 1] != ')')
        return NULL;
    size_t run_start = wire_parenthesised_run_start(block, length);
    if (run_start == length)
        return NULL;
    size_t before = run_start;
    while (before > 0 && block[before - 1] == ' ')
        before--;
    if (before > 0 && !strchr(".!?\"”’'", block[before - 1]))
        return NULL; /* glued on after a finished sentence only */
    /* The first group that is a credit line; the others are notes. */
    for (size_t start = run_start; start < length;) {
        size_t end = wire_parenthesised_group_end(block, start);
        if (end == start)
            break;
        char *group = checked_strndup(block + start, end - start);
        char *credit_line = wire_credit_line_match(group);
        free(group);
        if (credit_line != NULL) {
            *paragraph_length = before;
            return credit_line;
        }
        start = end;
        while (block[start] == ' ')
            start++;
    }
    return NULL;
}

/* Lower-cases ASCII letters of s in place. */
static void lower_case_ascii(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

/* The state of reading a credit line: the current role, and the names since
 * the last location, which a location will apply to. */
struct credit_reader {
    struct article *article;  /* receives the credits */
    char *role;               /* the current role, lower case */
    size_t pending_from;      /* index of the first credit still without location */
    size_t located_from;      /* the credits the last location went to: from … */
    size_t located_to;        /* … up to (not including) this index */
    bool after_location;      /* the previous segment ended with a location */
};

/* Drops a full stop that closes a sentence after a name or place ("John
 * O'Donnell.;"), keeping one that ends an initial or an abbreviation
 * ("James B.", "D.C.", "Jr."). */
static void strip_closing_full_stop(char *text)
{
    size_t length = strlen(text);
    if (length < 2 || text[length - 1] != '.')
        return;
    size_t word = length - 1;
    while (word > 0 && text[word - 1] != ' ')
        word--;
    size_t word_length = length - 1 - word;
    if (word_length <= 2 || memchr(text + word, '.', word_length) != NULL)
        return;
    text[length - 1] = '\0';
}

/* Reads one name, maybe with "in Place", under the current role. */
static void credit_reader_add_name(struct credit_reader *reader, const char *text, size_t length)
{
    char *name_text = text_trim_copy(text, length);
    const char *name_start = name_text;
    if (strncmp(name_start, "and ", 4) == 0)
        name_start += 4; /* ", and Karen Pierog" */
    if (strncmp(name_start, "by ", 3) == 0)
        name_start += 3; /* "… and by Sinead Carew" */
    if (strncmp(name_start, "with ", 5) == 0)
        name_start += 5; /* "…, with Chris Sanders" */
    if (pattern_match(&agency_possessive_pattern, name_start, strlen(name_start), 0)) {
        size_t start, span;
        pattern_group(&agency_possessive_pattern, 0, &start, &span);
        name_start += span;
    }
    if (*name_start == '\0') {
        free(name_text);
        return;
    }
    /* Only a place ("Reporting by Anna Berg and in Kiev"): no one more to
     * credit, but where the names before it were. */
    if (strncmp(name_start, "in ", 3) == 0) {
        struct article *article = reader->article;
        const char *place = name_start + 3;
        for (size_t i = reader->pending_from; place[0] >= 'A' && place[0] <= 'Z' && i < article->credit_count; i++)
            if (article->credits[i].location == NULL)
                article->credits[i].location = checked_strdup(place);
        free(name_text);
        return;
    }
    strip_closing_full_stop(name_text);
    struct article *article = reader->article;
    const char *role = reader->role ? reader->role : "credit";
    size_t start, span;
    if (pattern_match(&location_pattern, name_start, strlen(name_start), 0)) {
        pattern_named_group(&location_pattern, "name", &start, &span);
        char *name = text_trim_copy(name_start + start, span);
        pattern_named_group(&location_pattern, "place", &start, &span);
        char *place = text_trim_copy(name_start + start, span);
        article_add_credit(article, role, name, place);
        for (size_t i = reader->pending_from; i + 1 < article->credit_count; i++)
            if (article->credits[i].location == NULL)
                article->credits[i].location = checked_strdup(place);
        reader->located_from = reader->pending_from;
        reader->located_to = article->credit_count;
        reader->pending_from = article->credit_count;
        reader->after_location = true;
        free(name);
        free(place);
    } else {
        article_add_credit(article, role, name_start, NULL);
        reader->after_location = false;
    }
    free(name_text);
}

/* Reads the names of a segment, joined by "and", "&" or "/". */
static void credit_reader_add_names(struct credit_reader *reader, const char *names)
{
    for (;;) {
        const char *joint = NULL;
        size_t joint_length = 0;
        static const char *const joints[] = {" and ", " & ", "/", NULL};
        for (size_t i = 0; joints[i]; i++) {
            const char *found = strstr(names, joints[i]);
            if (found && (joint == NULL || found < joint)) {
                joint = found;
                joint_length = strlen(joints[i]);
            }
        }
        if (joint == NULL) {
            credit_reader_add_name(reader, names, strlen(names));
            return;
        }
        credit_reader_add_name(reader, names, (size_t)(joint - names));
        names = joint + joint_length;
    }
}

/* True when text is one word in capitals ("Massachusetts", "D.C.",
 * "Calif."): the region of the location before it, not a name. */
static bool segment_is_region(const char *text)
{
    if (!(text[0] >= 'A' && text[0] <= 'Z'))
        return false;
    for (const char *c = text; *c; c++)
        if (*c == ' ' || *c == '(' || *c == ')')
            return false;
    return true;
}

/* Adds ", region" to the location the last names were given. */
static void credit_reader_extend_location(struct credit_reader *reader, const char *region)
{
    struct article *article = reader->article;
    for (size_t i = reader->located_from; i < reader->located_to; i++) {
        char **location = &article->credits[i].location;
        if (*location == NULL)
            continue;
        size_t length = strlen(*location) + strlen(region) + 3;
        char *extended = checked_malloc(length);
        strcpy(extended, *location);
        strcat(extended, ", ");
        strcat(extended, region);
        free(*location);
        *location = extended;
    }
}

/* Reads one segment (between separators): an optional "Role by", then
 * names. */
static void credit_reader_add_segment(struct credit_reader *reader, const char *segment, size_t length)
{
    char *text = text_trim_copy(segment, length);
    const char *names = text;
    size_t start, span;
    if (*text == '\0') {
        free(text);
        return;
    }
    if (pattern_match(&role_pattern, text, strlen(text), 0)) {
        pattern_named_group(&role_pattern, "role", &start, &span);
        free(reader->role);
        reader->role = checked_strndup(text + start, span);
        lower_case_ascii(reader->role);
        reader->pending_from = reader->article->credit_count;
        reader->after_location = false;
        names = pattern_named_group(&role_pattern, "rest", &start, &span) ? text + start : "";
    } else if (reader->after_location && segment_is_region(text)) {
        credit_reader_extend_location(reader, text);
        free(text);
        return;
    }
    credit_reader_add_names(reader, names);
    free(text);
}

/* A copy of text with every run of white space (tabs, no-break spaces,
 * form feeds, several spaces) made one space: the patterns here know only
 * the plain space, and desks type every kind. */
static char *collapse_white_space(const char *text)
{
    size_t length = strlen(text);
    char *collapsed = checked_malloc(length + 1);
    size_t out = 0;
    bool in_space = false;
    for (size_t i = 0; i < length;) {
        size_t step = text_space_length(text + i, length - i);
        if (step != 0) {
            in_space = true;
            i += step;
            continue;
        }
        if (in_space && out > 0)
            collapsed[out++] = ' ';
        in_space = false;
        collapsed[out++] = text[i++];
    }
    collapsed[out] = '\0';
    return collapsed;
}

void wire_credits_parse(const char *credits_raw, struct article *article)
{
    struct credit_reader reader = {.article = article, .pending_from = article->credit_count};
    char *line = collapse_white_space(credits_raw);
    size_t length = strlen(line);
    while (length > 0 && (line[length - 1] == '.' || line[length - 1] == ' '))
        line[--length] = '\0'; /* "… in Washington." */
    size_t segment_start = 0;
    bool segment_has_role = false; /* a "by" since the segment began */
    for (size_t i = 0; i <= length; i++) {
        size_t separator_length = 0;
        char c = line[i];
        if ((c == 'b' || c == 'B') && line[i + 1] == 'y' && (line[i + 2] == ' ' || line[i + 2] == '\0') &&
            (i == 0 || line[i - 1] == ' '))
            segment_has_role = true;
        if (i == length || c == ';' || c == ',') {
            separator_length = i == length ? 0 : 1;
        } else if ((c == '.' || c == ':' || c == '/' ||
                    /* "… Fitzgibbons Editing by …": a role with no separator */
                    (c == ' ' && segment_has_role && line[i + 1] >= 'A' && line[i + 1] <= 'Z')) &&
                   by_follows(line + i + 1, length - i - 1) &&
                   pattern_match(&role_start_pattern, line, length, i)) {
            size_t start;
            pattern_group(&role_start_pattern, 0, &start, &separator_length);
        } else {
            continue;
        }
        credit_reader_add_segment(&reader, line + segment_start, i - segment_start);
        if (i == length)
            break;
        i += separator_length - 1;
        segment_start = i + 1;
        segment_has_role = false;
    }
    free(reader.role);
    free(line);
}
