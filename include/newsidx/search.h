/* search.h — asking the store: search, count, facets.
 *
 * Part of the store room: it knows SQL and FTS5, never the CLI.  A search
 * request holds an FTS5 expression (made by query.h from the user's query,
 * or given raw with --fts5), the same query as a tree for back ends
 * without FTS5, and the filters of SPEC section 3; every value is bound to
 * a prepared statement, never pasted into SQL.  The statement is put
 * together from constant fragments, one per filter in use.
 *
 * Ranked results come best first, ties in score by id ascending, on every
 * back end; date orders put undated articles last, ties by id.
 */
#ifndef NEWSIDX_SEARCH_H
#define NEWSIDX_SEARCH_H

#include <stdbool.h>

#include "newsidx/error.h"
#include "newsidx/query.h"
#include "newsidx/store.h"
#include "newsidx/text.h"

/* The order of search results. */
enum search_sort {
    SEARCH_SORT_DEFAULT = 0, /* rank when there is a text query, else newest */
    SEARCH_SORT_RANK,        /* bm25, title and people weighted above body */
    SEARCH_SORT_NEWEST,      /* by date, newest first, undated last */
    SEARCH_SORT_OLDEST       /* by date, oldest first, undated last */
};

/* What to look for; every member is optional (NULL or 0 means "any"). */
struct search_request {
    const char *fts_expression;    /* an FTS5 MATCH expression */
    const struct query_node *query_tree; /* the same query as a tree (query.h), for back ends
                                            without FTS5; NULL when fts_expression was given
                                            raw (--fts5), which only SQLite can run */
    const struct string_list *tags;/* subject codes the article must all carry */
    const char *dateline;          /* a dateline city or region, any case or accents */
    const char *reporter;          /* in the byline, or credited for (additional) reporting or writing */
    const char *editor;            /* credited for editing */
    const char *photographer;      /* named in a photo credit */
    const char *person;            /* credited in any role ... */
    const char *role;              /* ... or only in this one (with person) */
    const char *since;             /* earliest date, yyyy[-mm[-dd]] */
    const char *until;             /* latest date, yyyy[-mm[-dd]] */
    long long limit;               /* at most this many results; 0 for all */
    long long offset;              /* skip this many results first */
    enum search_sort sort;         /* the order of results */
};

/* One search result.  The strings live until the callback returns. */
struct search_hit {
    long long id;            /* the article's id */
    const char *title;       /* its headline, or NULL */
    const char *date;        /* its date (yyyy-mm-dd), or NULL */
    const char *date_source; /* where the date comes from (article_date.h), or NULL */
    const char *dateline;    /* the dateline as written, or NULL */
    const char *byline;      /* the byline names joined with ", ", or NULL */
    const char *file;        /* where it was first seen */
    long first_line;         /* its first line there */
    long last_line;          /* its last line there */
    const char *snippet;     /* a passage with matches between PRINTER_MATCH_START
                                and PRINTER_MATCH_END marks, or the article's lead */
    double rank;             /* the back end's score, lower is better: bm25 on SQLite, ts_rank()
                                negated on PostgreSQL; 0 unless ranked */
    const struct tag *tags;  /* its subject codes */
    size_t tag_count;        /* how many */
};

/* Receives each hit; returning -1 (with error set) stops the search. */
typedef int (*search_hit_callback)(const struct search_hit *hit, void *context, struct error *error);

/* One row of a facet. */
struct facet_row {
    const char *name;      /* a person's name, or a dateline city */
    const char *detail;    /* the role (people), or the region (datelines), or NULL */
    long long articles;    /* how many matching articles */
};

/* Receives each facet row; returning -1 (with error set) stops. */
typedef int (*facet_row_callback)(const struct facet_row *row, void *context, struct error *error);

/* Checks a request's values before it is run: dates must be yyyy,
 * yyyy-mm or yyyy-mm-dd, limit and offset not negative.  Returns 0, or -1
 * with a usage error naming the bad value. */
int search_request_check(const struct search_request *request, struct error *error);

/* Runs the search and calls callback for each hit, in order.  A malformed
 * FTS5 expression is a usage error ("query: …"), never an SQL message.
 * Returns 0, or -1 with error set. */
int store_search(struct store *store, const struct search_request *request,
                 search_hit_callback callback, void *context, struct error *error);

/* Counts the articles the request matches (ignoring limit and offset).
 * Returns 0, or -1 with error set. */
int store_count(struct store *store, const struct search_request *request, long long *count,
                struct error *error);

/* The people credited in the matching articles, most articles first, one
 * row per person and role; only role when it is not NULL; at most top rows
 * (0: all).  Returns 0, or -1 with error set. */
int store_people_facet(struct store *store, const struct search_request *request, const char *role,
                       long long top, facet_row_callback callback, void *context, struct error *error);

/* The dateline places of the matching articles, most articles first; at
 * most top rows (0: all).  Returns 0, or -1 with error set. */
int store_dateline_facet(struct store *store, const struct search_request *request, long long top,
                         facet_row_callback callback, void *context, struct error *error);

/* How long a period of a timeline is. */
enum timeline_period {
    TIMELINE_DAY,   /* yyyy-mm-dd */
    TIMELINE_WEEK,  /* ISO 8601 week, Monday to Sunday: yyyy-Www */
    TIMELINE_MONTH, /* yyyy-mm */
    TIMELINE_YEAR   /* yyyy */
};

/* What a timeline's series are: one for all matching articles, or one per
 * place, person or tag. */
enum timeline_series {
    TIMELINE_SERIES_NONE,     /* one series: the matching articles */
    TIMELINE_SERIES_DATELINE, /* one per dateline place, the top ones */
    TIMELINE_SERIES_PERSON,   /* one per person (any role, or role), the top ones */
    TIMELINE_SERIES_TAG       /* one per subject code, the top ones */
};

/* A timeline beyond the search request: how to cut and split it. */
struct timeline_request {
    enum timeline_period period; /* the length of a period */
    enum timeline_series series; /* the series */
    long long top;               /* series at most, most articles first (0: all) */
    const char *role;            /* person series: only credits in this role, or NULL */
};

/* One row of a timeline: a period of a series, or a series' undated
 * articles.  The strings live until the callback returns. */
struct timeline_row {
    const char *series;     /* the place ("SOCHI, Russia"), person or tag ("topics:cocoa"), or
                               NULL for the one series of matching articles */
    const char *period;     /* "2017", "2017-03", "2017-W09", "2017-03-04"; NULL for undated */
    const char *start;      /* the period's first day, yyyy-mm-dd (NULL for undated) */
    const char *end;        /* its last day (NULL for undated) */
    long long articles;     /* matching articles of the series in the period */
    long long all_articles; /* all articles of the store in the period (or undated), as far as
                               --since/--until reach into it */
};

/* Receives each timeline row; returning -1 (with error set) stops. */
typedef int (*timeline_row_callback)(const struct timeline_row *row, void *context, struct error *error);

/* The most periods one timeline prints. */
#define TIMELINE_MAX_PERIODS 100000

/* Counts the matching articles per period, with every period from the
 * first to the last (from --since to --until when given) present, empty
 * ones too, for each series in turn (most articles first), each followed
 * by a row of its undated matches (period NULL), which no date filter
 * leaves out.  A period that --since or --until cuts counts only its days
 * within them.  Returns 0, or -1 with error set (a usage error when there
 * would be more than TIMELINE_MAX_PERIODS periods). */
int store_timeline(struct store *store, const struct search_request *request,
                   const struct timeline_request *timeline, timeline_row_callback callback, void *context,
                   struct error *error);

/* Counts the articles that match the request but for its --since and
 * --until, and have no date: those a date filter leaves out unseen.
 * Returns 0, or -1 with error set. */
int store_undated_count(struct store *store, const struct search_request *request, long long *count,
                        struct error *error);

/* Calls callback with the id of every matching article, in the request's
 * order (for show and export).  Returns 0, or -1 with error set. */
int store_search_ids(struct store *store, const struct search_request *request,
                     int (*callback)(long long id, void *context, struct error *error), void *context,
                     struct error *error);

#endif
