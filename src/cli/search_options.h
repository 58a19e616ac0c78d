/* search_options.h — the query and filters shared by search, count, export,
 * people and datelines: one parser, so that every command reads them alike. */
#ifndef NEWSIDX_CLI_SEARCH_OPTIONS_H
#define NEWSIDX_CLI_SEARCH_OPTIONS_H

#include <stdbool.h>

#include "cli.h"
#include "newsidx/query.h"
#include "newsidx/search.h"

/* Which of the optional option groups a command takes. */
#define SEARCH_OPTION_PAGING 1u /* --sort (--limit and --offset everyone takes) */
#define SEARCH_OPTION_TOP 2u    /* --top (facets); --role then narrows the facet */
#define SEARCH_OPTION_XML 4u    /* --format=xml (export) */
#define SEARCH_OPTION_TIMELINE 16u /* --by and --share (timeline) */
#define SEARCH_OPTION_FIELDS 8u /* --fields=a,b,c (search, export) */

/* A command line read into a search request. */
struct search_options {
    struct search_request request; /* what to look for; points into the fields below */
    struct query query;            /* the translated query */
    bool query_parsed;             /* query holds something to free */
    char *query_text;              /* the query words joined by spaces */
    bool raw_fts5;                 /* --fts5: query_text is an FTS5 expression */
    struct string_list tags;       /* --tag values and tag: terms */
    const char *role;              /* --role */
    long long top;                 /* --top, for facets, or -1 when not given */
    bool limit_given;              /* --limit was on the command line */
    bool offset_given;             /* --offset was on the command line */
    struct string_list by;         /* --by values, each maybe a comma list (timeline) */
    bool share;                    /* --share (timeline) */
    enum output_format format;     /* --format, or the default for where output goes */
    bool help_shown;               /* --help was given and the usage printed */
    const char *const *field_names;/* the fields --fields may name (NULL-terminated) */
    struct string_list fields;     /* --fields, in order and NULL-terminated; empty when not given */
};

/* Reads argv (argv[0] is the command) into options.  accepted is a mask of
 * SEARCH_OPTION_* for the optional groups; usage is printed for --help;
 * field_names (NULL-terminated, or NULL) are what --fields may name.
 * Returns 0 (check help_shown), or an exit status after printing an error.
 * Free with search_options_free() either way. */
int search_options_parse(struct search_options *options, const char *command, unsigned accepted,
                         const char *usage, const char *const *field_names, int argc, char **argv);

/* True when --fields names field. */
bool search_options_wants_field(const struct search_options *options, const char *field);

/* Frees what search_options_parse() allocated. */
void search_options_free(struct search_options *options);

/* Opens the store of the global options for reading; returns 0, or an exit
 * status after printing the error. */
int search_options_open_store(const struct cli_globals *globals, struct store **store);

/* In a table (for people, not scripts), says on stderr how many articles
 * that match but for --since/--until have no date and so were left out.
 * Returns 0, or an exit status after printing an error. */
int search_options_note_undated(const struct search_options *options, struct store *store);
/* Opens the store as search_options_open_store() does, then checks what
 * only the store can tell: that --role names a role (a standard one, or one
 * the store's credit lines name).  Returns 0, or an exit status after
 * printing the error. */
int search_options_open(const struct cli_globals *globals, struct search_options *options, const char *command,
                        struct store **store);

/* The filter options, for the usage texts of the commands that take them. */
#define SEARCH_FILTERS_USAGE                                                                    \
    "filters:\n"                                                                                \
    "  --dateline PLACE      dateline city or region (any case, accents ignored)\n"           \
    "  --reporter NAME       in the byline, or credited for (additional) reporting or writing\n" \
    "  --editor NAME         credited for editing\n"                                           \
    "  --photographer NAME   named in a photo credit\n"                                        \
    "  --person NAME         credited in any role (narrow with --role ROLE)\n"                \
    "  --tag CODE            carries this subject code (Reuters-21578, RCV1)\n"               \
    "  --since DATE          dated on or after DATE (yyyy, yyyy-mm or yyyy-mm-dd); undated\n"  \
    "                        articles never pass (a table says on stderr how many)\n"          \
    "  --until DATE          dated on or before DATE\n"                                        \
    "  names match whole, or by their first or last word: --reporter osborn\n"

/* The query language, for the same usage texts. */
#define SEARCH_QUERY_USAGE                                                                      \
    "query: words (all must match), \"a phrase\", -word (exclude), a OR b, prefix*,\n"        \
    "  field:value with fields title, body, caption, byline, dateline, credits, tag;\n"        \
    "  date:2017, date:2017-03..2017-06, date:..2017-06-30 (as --since/--until);\n"            \
    "  --fts5 takes the query as a raw FTS5 expression instead\n"

#endif
