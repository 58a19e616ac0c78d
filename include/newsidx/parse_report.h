/* parse_report.h — where the parser was unsure, for a dump of unknown shape.
 *
 * A report counts articles by the form of their dateline (with a place,
 * place-less "(Reuters) –", old style "CITY, Feb 26 -" with no agency, or
 * none) and lists the articles it suspects were split or read wrong:
 *   - no dateline;
 *   - a title that reads like prose (a sentence, or no title at all);
 *   - a story far longer than the rest of the input (a missed boundary);
 *   - a credit line that did not parse into names.
 * It works on articles of any input format and knows nothing of the store
 * or the CLI; parse --report and ingest both fill one.
 */
#ifndef NEWSIDX_PARSE_REPORT_H
#define NEWSIDX_PARSE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "newsidx/article.h"

/* The forms a dateline takes. */
enum dateline_form {
    DATELINE_FORM_PLACE,     /* "KIEV (Reuters) –": places and an agency */
    DATELINE_FORM_PLACELESS, /* "(Reuters) –": an agency, no place */
    DATELINE_FORM_OLD_STYLE, /* "SALVADOR, Feb 26 -": no agency */
    DATELINE_FORM_NONE,      /* no dateline at all */
    DATELINE_FORM_COUNT      /* how many forms there are */
};

/* Why an article is suspect: bits of parse_suspect.reasons. */
enum suspect_reason {
    SUSPECT_NO_DATELINE = 1 << 0,  /* the story has no dateline */
    SUSPECT_PROSE_TITLE = 1 << 1,  /* its title reads like prose, or it has none */
    SUSPECT_LONG_STORY = 1 << 2,   /* far longer than the rest of the input */
    SUSPECT_CREDIT_LINE = 1 << 3,  /* its credit line did not parse into names */
};

/* The number of suspect reasons (bits above). */
#define SUSPECT_REASON_COUNT 4

/* One suspect article. */
struct parse_suspect {
    char *file;        /* the input it came from (source.file) */
    long line;         /* its first line there */
    char *title;       /* its title, or NULL */
    size_t bytes;      /* the length of its text */
    unsigned reasons;  /* SUSPECT_* bits */
    long ordinal;      /* its position among all articles added, from 0 */
};

/* Buckets of the length histogram: eight per power of two of 32 bits. */
#define PARSE_REPORT_LENGTH_BUCKETS 264

/* What a report has gathered. */
struct parse_report {
    bool keep_suspects;                     /* keep the list, not only the counts */
    long articles;                          /* articles added */
    long dateline_forms[DATELINE_FORM_COUNT]; /* articles by dateline form */
    long suspect_total;                     /* suspect articles (complete after finish) */
    long reason_counts[SUSPECT_REASON_COUNT]; /* suspects by reason (complete after finish) */
    struct parse_suspect *suspects;         /* suspects in input order, when kept */
    size_t suspect_count;                   /* how many are kept */
    size_t suspect_capacity;                /* allocated slots */
    long length_histogram[PARSE_REPORT_LENGTH_BUCKETS]; /* articles by text length, for the median */
    struct parse_suspect *long_candidates;  /* articles long enough to be far longer */
    size_t long_candidate_count;            /* how many */
    size_t long_candidate_capacity;         /* allocated slots */
    size_t long_story_bytes;                /* the length past which a story was suspect */
    bool finished;                          /* parse_report_finish() has run */
};

/* Makes an empty report; with keep_suspects false it keeps only counts, so
 * that its memory does not grow with the input (an ingest's summary). */
void parse_report_init(struct parse_report *report, bool keep_suspects);

/* Counts an article and keeps it as a suspect when it is one. */
void parse_report_add(struct parse_report *report, const struct article *article);

/* Ends the report: now that every length is known, adds the stories far
 * longer than the rest, and counts suspects by reason. */
void parse_report_finish(struct parse_report *report);

/* Frees what the report holds and leaves it empty. */
void parse_report_free(struct parse_report *report);

/* The form of an article's dateline. */
enum dateline_form dateline_form_of(const struct article *article);

/* A dateline form's name for output: "place", "placeless", "old_style", "none". */
const char *dateline_form_name(enum dateline_form form);

/* A suspect reason's name for output ("no_dateline", "prose_title",
 * "long_story", "credit_line"), given its index (0 to SUSPECT_REASON_COUNT-1). */
const char *suspect_reason_name(int index);

/* A suspect reason's description for people ("no dateline", …). */
const char *suspect_reason_description(int index);

#endif
