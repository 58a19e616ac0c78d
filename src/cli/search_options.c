/* search_options.c — the query and filters that search, count, export and
 * the facets share, read from the command line into a search request. */
#include "search_options.h"

#include <errno.h>
#include <stdio.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "newsidx/calendar.h"
#include "newsidx/store.h"

/* Long options; the flags say which commands take them. */
enum {
    OPTION_DATELINE = 1000, OPTION_REPORTER, OPTION_EDITOR, OPTION_PHOTOGRAPHER, OPTION_PERSON,
    OPTION_ROLE, OPTION_SINCE, OPTION_UNTIL, OPTION_LIMIT, OPTION_OFFSET, OPTION_SORT, OPTION_TAG,
    OPTION_FTS5, OPTION_FORMAT, OPTION_TOP, OPTION_FIELDS, OPTION_BY, OPTION_SHARE, OPTION_HELP
};

static const struct option search_long_options[] = {
    {"dateline", required_argument, NULL, OPTION_DATELINE},
    {"reporter", required_argument, NULL, OPTION_REPORTER},
    {"editor", required_argument, NULL, OPTION_EDITOR},
    {"photographer", required_argument, NULL, OPTION_PHOTOGRAPHER},
    {"person", required_argument, NULL, OPTION_PERSON},
    {"role", required_argument, NULL, OPTION_ROLE},
    {"since", required_argument, NULL, OPTION_SINCE},
    {"until", required_argument, NULL, OPTION_UNTIL},
    {"limit", required_argument, NULL, OPTION_LIMIT},
    {"offset", required_argument, NULL, OPTION_OFFSET},
    {"sort", required_argument, NULL, OPTION_SORT},
    {"tag", required_argument, NULL, OPTION_TAG},
    {"fts5", no_argument, NULL, OPTION_FTS5},
    {"format", required_argument, NULL, OPTION_FORMAT},
    {"top", required_argument, NULL, OPTION_TOP},
    {"fields", required_argument, NULL, OPTION_FIELDS},
    {"by", required_argument, NULL, OPTION_BY},
    {"share", no_argument, NULL, OPTION_SHARE},
    {"help", no_argument, NULL, OPTION_HELP},
    {NULL, 0, NULL, 0},
};

static int search_options_read(struct search_options *options, const char *command, unsigned accepted,
                               const char *usage, int argc, char **argv, const struct string_list *words);

/* Reads a whole non-negative number; returns -1 when text is not one. */
static long long parse_count(const char *text)
{
    char *end;
    errno = 0;
    long long value = strtoll(text, &end, 10);
    if (errno || end == text || *end != '\0' || value < 0)
        return -1;
    return value;
}

/* The long name of an option code, for messages. */
static const char *option_name(int code)
{
    for (size_t i = 0; search_long_options[i].name; i++)
        if (search_long_options[i].val == code)
            return search_long_options[i].name;
    return "?";
}

/* True when argument is "--NAME" or "--NAME=…" for a long option that takes
 * a value, given in the next argument when there is no "=". */
static bool takes_next_argument(const char *argument)
{
    const char *name = argument + 2;
    size_t length = strcspn(name, "=");
    if (name[length] == '=')
        return false;
    for (size_t i = 0; search_long_options[i].name; i++)
        if (strlen(search_long_options[i].name) == length && strncmp(search_long_options[i].name, name, length) == 0)
            return search_long_options[i].has_arg == required_argument;
    return false;
}

/* True when a dash word looks like a short option rather than a word to
 * exclude: one character after the dash (-n, -5), or a letter and then a
 * number or "=" (-n3, -n=3).  "-n 3" read as two query words once gave a
 * silently wrong count. */
static bool looks_like_short_option(const char *argument)
{
    if (argument[0] != '-' || argument[1] == '-' || argument[1] == '\0')
        return false;
    uint32_t code_point;
    size_t length = utf8_decode((const unsigned char *)argument + 1, strlen(argument + 1), &code_point);
    if (length == 0 || argument[1 + length] == '\0')
        return true;
    bool letter = (argument[1] >= 'a' && argument[1] <= 'z') || (argument[1] >= 'A' && argument[1] <= 'Z');
    if (!letter)
        return false;
    if (argument[2] == '=')
        return true;
    for (const char *at = argument + 2; *at; at++)
        if (*at < '0' || *at > '9')
            return false;
    return true;
}

/* Splits argv into the options (argv[0] first, for getopt) and the query
 * words.  Options are "--name[=value]" (with the value in the next argument
 * when not joined) and -h; anything else is part of the query, "-word"
 * exclusions included, and so is everything after a lone "--".  So a query
 * never reaches getopt, which would read "-moscow" as options.  A dash word
 * that looks like a short option is refused.  Returns the number of option
 * arguments, or -1 after printing a usage error. */
static int split_arguments(const char *command, int argc, char **argv, char **option_arguments,
                           struct string_list *words)
{
    int count = 0;
    option_arguments[count++] = argv[0];
    for (int i = 1; i < argc; i++) {
        const char *argument = argv[i];
        if (strcmp(argument, "--") == 0) {
            for (i++; i < argc; i++)
                string_list_append(words, argv[i]);
            break;
        }
        if (strncmp(argument, "--", 2) == 0 || strcmp(argument, "-h") == 0) {
            option_arguments[count++] = argv[i];
            if (strncmp(argument, "--", 2) == 0 && takes_next_argument(argument) && i + 1 < argc)
                option_arguments[count++] = argv[++i];
            continue;
        }
        if (looks_like_short_option(argument)) {
            cli_usage_error("%s: unknown option '%s' (use -- before a query that starts with '-')", command, argument);
            return -1;
        }
        string_list_append(words, argument);
    }
    option_arguments[count] = NULL;
    return count;
}

/* Narrows --since and --until by the query's date: terms: every range
 * given must hold, so the later start and the earlier end are kept. */
static int search_options_merge_dates(struct search_options *options, struct error *error)
{
    struct search_request *request = &options->request;
    struct search_request dates_only = {.since = request->since, .until = request->until};
    if (search_request_check(&dates_only, error) < 0)
        return -1; /* the options' own dates first, with their own message */
    struct calendar_date first, last, other_first, other_last;
    const char *since = options->query.since, *until = options->query.until;
    if (since != NULL) {
        calendar_parse_partial(since, &first, &last);
        if (request->since == NULL || (calendar_parse_partial(request->since, &other_first, &other_last) &&
                                       calendar_day_number(first) > calendar_day_number(other_first)))
            request->since = since;
    }
    if (until != NULL) {
        calendar_parse_partial(until, &first, &last);
        if (request->until == NULL || (calendar_parse_partial(request->until, &other_first, &other_last) &&
                                       calendar_day_number(last) < calendar_day_number(other_last)))
            request->until = until;
    }
    return 0;
}

int search_options_parse(struct search_options *options, const char *command, unsigned accepted,
                         const char *usage, const char *const *field_names, int argc, char **argv)
{
    memset(options, 0, sizeof *options);
    static const char *const no_fields[] = {NULL};
    options->field_names = field_names ? field_names : no_fields;
    options->request.limit = -1;
    options->top = -1;
    struct string_list words = {0};
    char **option_arguments = checked_malloc(((size_t)argc + 1) * sizeof *option_arguments);
    int option_count = split_arguments(command, argc, argv, option_arguments, &words);
    int status = option_count < 0 ? 2
                                  : search_options_read(options, command, accepted, usage, option_count,
                                                        option_arguments, &words);
    free(option_arguments);
    string_list_free(&words);
    return status;
}

/* Reads --fields=a,b,c into options->fields, each checked against the
 * command's fields.  Returns 0, or exit status 2 after printing why. */
static int read_fields(struct search_options *options, const char *command, const char *list)
{
    string_list_free(&options->fields);
    const char *at = list;
    for (;;) {
        size_t length = strcspn(at, ",");
        char *field = checked_strndup(at, length);
        char *trimmed = text_trim_copy(field, strlen(field));
        free(field);
        bool known = false;
        size_t count = 0;
        for (; options->field_names[count]; count++)
            known = known || strcmp(options->field_names[count], trimmed) == 0;
        if (!known) {
            struct buffer names = {0};
            for (size_t i = 0; i < count; i++) {
                buffer_append_string(&names, i ? ", " : "");
                buffer_append_string(&names, options->field_names[i]);
            }
            const char *nearest = trimmed[0] ? cli_nearest(trimmed, options->field_names, count) : NULL;
            int status = cli_usage_error("%s: unknown field '%s' in --fields%s%s%s (fields: %s)", command, trimmed,
                                         nearest ? ", did you mean '" : "", nearest ? nearest : "",
                                         nearest ? "'?" : "", names.data);
            buffer_free(&names);
            free(trimmed);
            return status;
        }
        string_list_append_owned(&options->fields, trimmed);
        if (at[length] == '\0')
            break;
        at += length + 1;
    }
    /* NULL-terminated, for the printer. */
    array_reserve((void **)&options->fields.items, &options->fields.capacity, options->fields.count + 1,
                  sizeof *options->fields.items);
    options->fields.items[options->fields.count] = NULL;
    return 0;
}

bool search_options_wants_field(const struct search_options *options, const char *field)
{
    for (size_t i = 0; i < options->fields.count; i++)
        if (strcmp(options->fields.items[i], field) == 0)
            return true;
    return false;
}

/* True for the options whose value names what to match (a place, a
 * person, a role, a tag): an empty or blank one would match nothing, or
 * everything. */
static bool names_a_value(int option)
{
    return option == OPTION_DATELINE || option == OPTION_REPORTER || option == OPTION_EDITOR ||
           option == OPTION_PHOTOGRAPHER || option == OPTION_PERSON || option == OPTION_ROLE || option == OPTION_TAG;
}

/* Reads the options (getopt) and the query words into options. */
static int search_options_read(struct search_options *options, const char *command, unsigned accepted,
                               const char *usage, int argc, char **argv, const struct string_list *words)
{
    int option;
    int status = cli_check_options(command, argc, argv, search_long_options);
    if (status != 0)
        return status;
    optind = 0; /* 0, not 1: makes glibc reset its state, including the "+" of main */
    opterr = 0;
    while ((option = getopt_long(argc, argv, ":h", search_long_options, NULL)) != -1) {
        if (names_a_value(option) && text_is_blank(optarg, strlen(optarg)))
            return cli_usage_error("%s: option '--%s' needs a value, not %s", command, option_name(option),
                                   optarg[0] ? "a blank one" : "an empty one");
        unsigned needs = option == OPTION_TOP ? SEARCH_OPTION_TOP
                         : option == OPTION_FIELDS ? SEARCH_OPTION_FIELDS
                         : option == OPTION_SORT ? SEARCH_OPTION_PAGING
                         : option == OPTION_BY || option == OPTION_SHARE ? SEARCH_OPTION_TIMELINE
                                                 : 0;
        if (needs && !(accepted & needs))
            return cli_usage_error("%s: unknown option '--%s'", command, option_name(option));
        switch (option) {
        case OPTION_DATELINE: options->request.dateline = optarg; break;
        case OPTION_REPORTER: options->request.reporter = optarg; break;
        case OPTION_EDITOR: options->request.editor = optarg; break;
        case OPTION_PHOTOGRAPHER: options->request.photographer = optarg; break;
        case OPTION_PERSON: options->request.person = optarg; break;
        case OPTION_ROLE: options->role = optarg; break;
        case OPTION_SINCE: options->request.since = optarg; break;
        case OPTION_UNTIL: options->request.until = optarg; break;
        case OPTION_TAG: string_list_append(&options->tags, optarg); break;
        case OPTION_FTS5: options->raw_fts5 = true; break;
        case OPTION_FIELDS:
            if ((status = read_fields(options, command, optarg)) != 0)
                return status;
            break;
        case OPTION_LIMIT:
            options->limit_given = true;
            if ((options->request.limit = parse_count(optarg)) < 0)
                return cli_usage_error("%s: --limit takes a whole number, not '%s'", command, optarg);
            break;
        case OPTION_BY: string_list_append(&options->by, optarg); break;
        case OPTION_SHARE: options->share = true; break;
        case OPTION_OFFSET:
            options->offset_given = true;
            if ((options->request.offset = parse_count(optarg)) < 0)
                return cli_usage_error("%s: --offset takes a whole number, not '%s'", command, optarg);
            break;
        case OPTION_TOP:
            if ((options->top = parse_count(optarg)) < 0)
                return cli_usage_error("%s: --top takes a whole number, not '%s'", command, optarg);
            break;
        case OPTION_SORT:
            if (strcmp(optarg, "rank") == 0)
                options->request.sort = SEARCH_SORT_RANK;
            else if (strcmp(optarg, "newest") == 0)
                options->request.sort = SEARCH_SORT_NEWEST;
            else if (strcmp(optarg, "oldest") == 0)
                options->request.sort = SEARCH_SORT_OLDEST;
            else
                return cli_usage_error("%s: --sort takes rank, newest or oldest, not '%s'", command, optarg);
            break;
        case OPTION_FORMAT:
            options->format = output_format_from_name(optarg);
            if (options->format == OUTPUT_FORMAT_NONE ||
                (options->format == OUTPUT_FORMAT_XML && !(accepted & SEARCH_OPTION_XML)))
                return cli_usage_error("%s: unknown format '%s' (use table, json, ndjson, csv, tsv or ids%s)", command,
                                       optarg, accepted & SEARCH_OPTION_XML ? " or xml" : "");
            break;
        case OPTION_HELP:
        case 'h':
            fputs(usage, stdout);
            options->help_shown = true;
            return 0;
        default:
            return cli_getopt_error(command, option, argc, argv);
        }
    }
    if (options->role && !options->request.person && !(accepted & SEARCH_OPTION_TOP))
        return cli_usage_error("%s: --role goes with --person", command);
    if (!(accepted & SEARCH_OPTION_TOP))
        options->request.role = options->role;

    if (optind < argc)
        return cli_usage_error("%s: unexpected argument '%s'", command, argv[optind]);
    /* The query: the words, joined by spaces. */
    struct buffer text = {0};
    for (size_t i = 0; i < words->count; i++) {
        if (text.length)
            buffer_append_byte(&text, ' ');
        buffer_append_string(&text, words->items[i]);
    }
    options->query_text = buffer_take(&text);
    struct error error = {0};
    if (options->raw_fts5) {
        if (options->query_text[0] == '\0')
            return cli_usage_error("%s: --fts5 needs an FTS5 expression", command);
        if (!utf8_is_valid(options->query_text, strlen(options->query_text)))
            return cli_usage_error("query: not valid UTF-8");
        options->request.fts_expression = options->query_text;
    } else {
        if (query_parse(options->query_text, &options->query, &error) < 0) {
            cli_print_error(&error);
            return cli_exit_status(&error);
        }
        options->query_parsed = true;
        options->request.fts_expression = options->query.fts_expression;
        options->request.query_tree = options->query.tree;
        for (size_t i = 0; i < options->query.tags.count; i++)
            string_list_append(&options->tags, options->query.tags.items[i]);
        if (search_options_merge_dates(options, &error) < 0) {
            cli_print_error(&error);
            return cli_exit_status(&error);
        }
    }
    options->request.tags = &options->tags;
    if (options->format == OUTPUT_FORMAT_NONE)
        options->format = cli_default_output_format();
    /* A table is for reading: twenty hits unless told; machines get all. */
    if (options->request.limit < 0)
        options->request.limit = options->format == OUTPUT_FORMAT_TABLE ? 20 : 0;
    if (search_request_check(&options->request, &error) < 0) {
        cli_print_error(&error);
        return cli_exit_status(&error);
    }
    return 0;
}

void search_options_free(struct search_options *options)
{
    if (options->query_parsed)
        query_free(&options->query);
    free(options->query_text);
    string_list_free(&options->tags);
    string_list_free(&options->fields);
    string_list_free(&options->by);
}

int search_options_note_undated(const struct search_options *options, struct store *store)
{
    const struct search_request *request = &options->request;
    if (options->format != OUTPUT_FORMAT_TABLE || (request->since == NULL && request->until == NULL))
        return 0;
    long long undated = 0;
    struct error error = {0};
    if (store_undated_count(store, request, &undated, &error) < 0) {
        cli_print_error(&error);
        return cli_exit_status(&error);
    }
    if (undated > 0)
        fprintf(stderr, "newsidx: note: %lld matching article%s no date, so the date filter left %s out\n", undated,
                undated == 1 ? " has" : "s have", undated == 1 ? "it" : "them");
    return 0;
}

int search_options_open_store(const struct cli_globals *globals, struct store **store)
{
    struct error error = {0};
    char *path = store_resolve_path(globals->database_path, &error);
    if (path == NULL || store_open(store, path, STORE_READ_ONLY, &error) < 0) {
        free(path);
        cli_print_error(&error);
        return cli_exit_status(&error);
    }
    free(path);
    cli_note_upgrade(*store);
    return 0;
}

/* The roles every store may hold, known even where no credit names them. */
static const char *const standard_roles[] = {
    "byline", "photo", "reporting", "additional reporting", "writing", "editing",
};

/* Refuses a --role that neither the standard roles nor the store's credits
 * name, listing them; an unknown role would match nothing, silently.
 * Returns 0, or an exit status after printing the error. */
static int check_role(struct store *store, const char *role, const char *command)
{
    char lower[64];
    snprintf(lower, sizeof lower, "%s", role);
    for (char *at = lower; *at; at++)
        if (*at >= 'A' && *at <= 'Z')
            *at = (char)(*at - 'A' + 'a');
    struct string_list roles = {0};
    for (size_t i = 0; i < sizeof standard_roles / sizeof standard_roles[0]; i++)
        string_list_append(&roles, standard_roles[i]);
    struct error error = {0};
    struct string_list stored = {0};
    if (store_roles(store, &stored, &error) < 0) {
        string_list_free(&roles);
        cli_print_error(&error);
        return 1;
    }
    for (size_t i = 0; i < stored.count; i++) {
        bool known = false;
        for (size_t k = 0; k < roles.count && !known; k++)
            known = strcmp(roles.items[k], stored.items[i]) == 0;
        if (!known)
            string_list_append(&roles, stored.items[i]);
    }
    string_list_free(&stored);
    int status = 0;
    bool known = false;
    for (size_t i = 0; i < roles.count && !known; i++)
        known = strcmp(roles.items[i], lower) == 0;
    if (!known) {
        struct buffer list = {0};
        for (size_t i = 0; i < roles.count; i++) {
            if (i)
                buffer_append_string(&list, ", ");
            buffer_append_string(&list, roles.items[i]);
        }
        const char *nearest = cli_nearest(lower, (const char *const *)roles.items, roles.count);
        status = cli_usage_error("%s: unknown role '%s'%s%s%s (roles: %s)", command, role,
                                 nearest ? ", did you mean '" : "", nearest ? nearest : "", nearest ? "'?" : "",
                                 list.data);
        buffer_free(&list);
    }
    string_list_free(&roles);
    return status;
}

int search_options_open(const struct cli_globals *globals, struct search_options *options, const char *command,
                        struct store **store)
{
    int status = search_options_open_store(globals, store);
    if (status == 0 && options->role != NULL)
        status = check_role(*store, options->role, command);
    return status;
}
