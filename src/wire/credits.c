/* credits.c — the closing credit line and the names in it.
 *
 * "(Reporting by A, B in Kiev, additional reporting by C in Vienna; Editing
 * by D and E)".  Commas and semicolons separate both roles and names, a role
 * may start in lower case mid-line, and "in PLACE" applies back to every name
 * since the previous place or role.  A small tokenizer does it: split into
 * segments at , ; and "and", then read each segment as [Role by] Name [in Place].
 */
#include <stdlib.h>
#include <string.h>

#include "newsidx/wire.h"
#include "pattern.h"

/* "Reporting by …", "Additional reporting by …", "editing by …". */
#define ROLE_PATTERN "\\p{L}+(?:[ ]\\p{L}+){0,2}"

static struct pattern credit_line_pattern =
    PATTERN("^\\((?<inner>\\p{Lu}\\p{Ll}+(?:[ ]\\p{L}+){0,2}[ ](?i:by)[ ].*)\\)$"
            "|^(?<bare>(?i:(?:additional[ ])?reporting|writing|editing|compiled|edited)[ ](?i:by)[ ][^.]*)$");

static struct pattern role_pattern = PATTERN("^(?<role>" ROLE_PATTERN ")[ ]+(?i:by)[ ]+(?<rest>.*)$");

/* "… in Kiev", "… in SEOUL", "… in New York": a location after a name. */
static struct pattern location_pattern = PATTERN("^(?<name>.+?)[ ]+in[ ]+(?<place>\\p{Lu}.*)$");

char *wire_credit_line_match(const char *block)
{
    size_t length = strlen(block);
    if (length > 2000 || !pattern_match(&credit_line_pattern, block, length, 0))
        return NULL;
    size_t start, span;
    if (!pattern_named_group(&credit_line_pattern, "inner", &start, &span))
        pattern_named_group(&credit_line_pattern, "bare", &start, &span);
    return text_trim_copy(block + start, span);
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
};

/* Reads one name, maybe with "in Place", under the current role. */
static void credit_reader_add_name(struct credit_reader *reader, const char *text, size_t length)
{
    char *name_text = text_trim_copy(text, length);
    if (*name_text == '\0') {
        free(name_text);
        return;
    }
    const char *role = reader->role ? reader->role : "credit";
    size_t start, span;
    if (pattern_match(&location_pattern, name_text, strlen(name_text), 0)) {
        pattern_named_group(&location_pattern, "name", &start, &span);
        char *name = text_trim_copy(name_text + start, span);
        pattern_named_group(&location_pattern, "place", &start, &span);
        char *place = text_trim_copy(name_text + start, span);
        article_add_credit(reader->article, role, name, place);
        struct article *article = reader->article;
        for (size_t i = reader->pending_from; i + 1 < article->credit_count; i++)
            if (article->credits[i].location == NULL)
                article->credits[i].location = checked_strdup(place);
        reader->pending_from = article->credit_count;
        free(name);
        free(place);
    } else {
        article_add_credit(reader->article, role, name_text, NULL);
    }
    free(name_text);
}

/* Reads one segment (between , or ;): an optional "Role by", then names
 * joined by "and" or "&". */
static void credit_reader_add_segment(struct credit_reader *reader, const char *segment, size_t length)
{
    char *text = text_trim_copy(segment, length);
    const char *names = text;
    size_t start, span;
    if (pattern_match(&role_pattern, text, strlen(text), 0)) {
        pattern_named_group(&role_pattern, "role", &start, &span);
        free(reader->role);
        reader->role = checked_strndup(text + start, span);
        lower_case_ascii(reader->role);
        reader->pending_from = reader->article->credit_count;
        pattern_named_group(&role_pattern, "rest", &start, &span);
        names = text + start;
    }
    for (;;) {
        const char *and_word = strstr(names, " and ");
        const char *ampersand = strstr(names, " & ");
        const char *joint = and_word;
        size_t joint_length = 5;
        if (ampersand && (joint == NULL || ampersand < joint)) {
            joint = ampersand;
            joint_length = 3;
        }
        if (joint == NULL) {
            credit_reader_add_name(reader, names, strlen(names));
            break;
        }
        credit_reader_add_name(reader, names, (size_t)(joint - names));
        names = joint + joint_length;
    }
    free(text);
}

void wire_credits_parse(const char *credits_raw, struct article *article)
{
    struct credit_reader reader = {.article = article, .pending_from = article->credit_count};
    const char *segment = credits_raw;
    for (;;) {
        size_t length = strcspn(segment, ",;");
        credit_reader_add_segment(&reader, segment, length);
        if (segment[length] == '\0')
            break;
        segment += length + 1;
    }
    free(reader.role);
}
