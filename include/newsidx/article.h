/* article.h — one news story, the model every layer shares.
 *
 * The fields mirror the article JSON of SPEC section 2 one for one.  Every
 * string is UTF-8, trimmed, owned by the article and freed by article_free();
 * an absent value is NULL, an empty list has count 0.
 */
#ifndef NEWSIDX_ARTICLE_H
#define NEWSIDX_ARTICLE_H

#include <stdbool.h>
#include <stddef.h>

#include "newsidx/text.h"

/* Where an article came from. */
struct article_source {
    char *file;      /* the input's name as given ("-" for standard input) */
    long first_line; /* 1-based line of the article's first non-blank line */
    long last_line;  /* 1-based line of its last non-blank line */
};

/* A photo caption, at the top of the story or inside its body. */
struct caption {
    char *text;                        /* the caption as written */
    bool file_photo;                   /* FILE PHOTO / FILE PICTURE, any punctuation */
    char *credit;                      /* trailing photo credit as written, or NULL */
    struct string_list photographers;  /* the person names in the credit */
    char *date;                        /* first "Month D, YYYY" written in it, or NULL */
};

/* One place of a dateline: "SOCHI, Russia" is city SOCHI, region Russia. */
struct place {
    char *city;   /* the city as written, usually upper case */
    char *region; /* the part after the comma, or NULL */
};

/* The dateline that opens the first paragraph. */
struct dateline {
    char *raw;            /* the text before the dash: "XIAMEN, China (Reuters)" */
    struct place *places; /* one per '/'-separated place */
    size_t place_count;   /* how many places */
    size_t place_capacity;/* allocated slots in places */
    char *agency;         /* "Reuters" from "(Reuters)", or NULL */
    char *date;           /* "Feb 26" when the dateline carries a date, or NULL */
};

/* An ALL-CAPS subhead inside the body. */
struct subhead {
    char *text;              /* the subhead as written */
    size_t before_paragraph; /* index of the paragraph that follows it */
};

/* One name of the closing credit line, or a byline/photo credit in the store. */
struct credit {
    char *role;     /* lower case: "reporting", "additional reporting", "editing", … */
    char *name;     /* the person's name as written */
    char *location; /* "Kiev" from "in Kiev", or NULL */
};

/* A subject code the source carries (Reuters-21578 TOPICS, RCV1 codes, …). */
struct tag {
    char *scheme; /* the code list: "topics", "places", "people", "orgs", … */
    char *code;   /* the code itself: "cocoa" */
};

/* Where an article's date comes from; article_date.h gives the rules. */
enum article_date_source {
    ARTICLE_DATE_NONE = 0,   /* undated: the text does not fix a date */
    ARTICLE_DATE_PUBLISHED,  /* published, as the source states it (SGML, RCV1, NITF) */
    ARTICLE_DATE_DATELINE,   /* the dateline's date, its year fixed by the article itself */
    ARTICLE_DATE_CAPTION,    /* the first caption date that is not a file photo */
    ARTICLE_DATE_INGEST_YEAR,/* the dateline's date with the year `ingest --year/--date` gave */
    ARTICLE_DATE_INGEST_DATE /* the date `ingest --date` gave for a source whose copy has none */
};

/* One article. */
struct article {
    long long id;                  /* the store's id, or 0 when not stored */
    struct article_source source;  /* where it came from */
    char *title;                   /* the headline, or NULL when none was found */
    int title_repeats;             /* how often the headline was repeated under itself */
    struct caption *captions;      /* photo captions in order */
    size_t caption_count;          /* how many captions */
    size_t caption_capacity;       /* allocated slots in captions */
    struct string_list byline;     /* names from the "By A and B" line */
    struct dateline *dateline;     /* the dateline, or NULL */
    struct string_list paragraphs; /* body paragraphs, the first after the dateline's dash */
    struct subhead *subheads;      /* ALL-CAPS subheads with their positions */
    size_t subhead_count;          /* how many subheads */
    size_t subhead_capacity;       /* allocated slots in subheads */
    struct string_list notes;      /* editorial notes, without their parentheses */
    struct string_list links;      /* URLs from "click:" lines */
    char *credits_raw;             /* the credit line without parentheses, or NULL */
    struct credit *credits;        /* one per name of the credit line, in order */
    size_t credit_count;           /* how many credits */
    size_t credit_capacity;        /* allocated slots in credits */
    char *published;               /* ISO 8601 date-time the source states, or NULL */
    char date[11];                 /* the article's date, yyyy-mm-dd, or "" when undated */
    enum article_date_source date_source; /* where date comes from */
    struct tag *tags;              /* subject codes, empty for wire text */
    size_t tag_count;              /* how many tags */
    size_t tag_capacity;           /* allocated slots in tags */
};

/* Sets every field of a new article to empty/absent. */
void article_init(struct article *article);

/* Frees everything the article owns and leaves it as article_init() does. */
void article_free(struct article *article);

/* Appends an empty caption and returns it for the caller to fill. */
struct caption *article_add_caption(struct article *article);

/* Appends a subhead (copying text) placed before paragraph index position. */
void article_add_subhead(struct article *article, const char *text, size_t position);

/* Appends a credit, copying the strings; location may be NULL. */
void article_add_credit(struct article *article, const char *role, const char *name,
                        const char *location);

/* Appends a tag, copying the strings. */
void article_add_tag(struct article *article, const char *scheme, const char *code);

/* Appends a place (copying the strings; region may be NULL) to a dateline. */
void dateline_add_place(struct dateline *dateline, const char *city, const char *region);

/* Frees a caption's strings and list. */
void caption_free(struct caption *caption);

/* Frees a dateline's strings and places, and the dateline itself. */
void dateline_free(struct dateline *dateline);

/* Frees the credits of an array of count credits, and the array. */
void credits_free(struct credit *credits, size_t count);

#endif
