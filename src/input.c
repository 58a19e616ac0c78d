/* input.c — choosing the parser for an input; directories of inputs. */
#include "newsidx/input.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <libxml/parser.h>

#include "newsidx/article_date.h"
#include "newsidx/nitf.h"
#include "newsidx/rcv1.h"
#include "newsidx/sgml.h"

/* Wraps the caller's callback: dates each article (article_date.h) and,
 * for formats that do not count themselves, counts it. */
struct counting_context {
    struct input_stats *stats; /* where to count, or NULL when the parser counts */
    article_callback callback; /* the caller's callback */
    void *context;             /* its context */
};

static int date_article(struct article *article, void *context, struct error *error)
{
    struct counting_context *counting = context;
    if (counting->stats != NULL)
        counting->stats->articles++;
    struct article_date_given given;
    article_date_assign(article, article_date_given_of(article, &given));
    return counting->callback(article, counting->context, error);
}

const char *input_format_description(enum input_format format)
{
    switch (format) {
    case INPUT_FORMAT_WIRE: return "wire text";
    case INPUT_FORMAT_SGML: return "Reuters-21578 SGML";
    case INPUT_FORMAT_RCV1: return "RCV1 XML";
    case INPUT_FORMAT_NITF: return "NITF XML";
    default: return "no news format";
    }
}

/* The name --input-format takes for a format. */
static const char *input_format_option_name(enum input_format format)
{
    switch (format) {
    case INPUT_FORMAT_WIRE: return "wire";
    case INPUT_FORMAT_SGML: return "sgml";
    case INPUT_FORMAT_RCV1: return "rcv1";
    case INPUT_FORMAT_NITF: return "nitf";
    default: return "?";
    }
}

/* The element a markup format's documents start with, as its mark. */
static const char *format_mark(enum input_format format)
{
    switch (format) {
    case INPUT_FORMAT_SGML: return "<REUTERS";
    case INPUT_FORMAT_RCV1: return "<newsitem";
    case INPUT_FORMAT_NITF: return "<nitf";
    default: return NULL;
    }
}

/* True when the first bytes of the input hold mark, in any case. */
static bool input_holds(struct reader *reader, const char *mark)
{
    size_t length;
    const char *bytes = reader_peek(reader, &length);
    size_t mark_length = strlen(mark);
    for (size_t i = 0; i + mark_length <= length; i++)
        if (strncasecmp(bytes + i, mark, mark_length) == 0)
            return true;
    return false;
}

int input_choose_format(struct reader *reader, enum input_format forced, const char *source_name,
                        enum input_format *format, struct error *error)
{
    enum input_format detected = reader_detect_format(reader);
    *format = forced != INPUT_FORMAT_UNKNOWN ? forced : detected;
    if (forced == INPUT_FORMAT_UNKNOWN || detected == INPUT_FORMAT_UNKNOWN || detected == forced)
        return 0;
    /* Detection goes by the start of the input: a cover note before an
     * SGML file makes it look like wire text, which is what forcing a
     * format is for.  So a markup format is taken when its documents'
     * element is there at all; wire text is refused for markup. */
    size_t length;
    reader_peek(reader, &length);
    const char *mark = format_mark(forced);
    if (length == 0 || (mark != NULL && input_holds(reader, mark)))
        return 0; /* an empty input is for the parser to judge */
    if (mark != NULL && detected == INPUT_FORMAT_WIRE)
        return error_set(error, "%s does not look like %s: no %s> in its first 64 KiB (leave out "
                         "--input-format=%s to read it as %s)", text_quote_name(source_name).text,
                         input_format_description(forced), mark,
                         input_format_option_name(forced), input_format_description(detected));
    return error_set(error, "%s looks like %s, not %s (leave out --input-format=%s to read it as %s)",
                     text_quote_name(source_name).text, input_format_description(detected),
                     input_format_description(forced),
                     input_format_option_name(forced), input_format_description(detected));
}

int input_parse_counted(struct reader *reader, enum input_format format,
                        const char *source_name, struct input_stats *stats,
                        article_callback callback, void *context, struct error *error)
{
    struct input_stats ignored = {0};
    if (stats == NULL)
        stats = &ignored;
    if (format == INPUT_FORMAT_UNKNOWN)
        format = reader_detect_format(reader);
    /* libxml2's global state, set up before any of its allocations so that
     * input_release() (xmlCleanupParser) frees all of it. */
    if (format != INPUT_FORMAT_WIRE)
        xmlInitParser();
    struct counting_context dating = {NULL, callback, context};
    switch (format) {
    case INPUT_FORMAT_WIRE: {
        struct counting_context counting = {stats, callback, context};
        return wire_parse(reader, source_name, date_article, &counting, error);
    }
    case INPUT_FORMAT_SGML:
        return sgml_parse(reader, source_name, stats, date_article, &dating, error);
    case INPUT_FORMAT_RCV1:
        return rcv1_parse(reader, source_name, stats, date_article, &dating, error);
    case INPUT_FORMAT_NITF:
        return nitf_parse(reader, source_name, stats, date_article, &dating, error);
    default:
        return error_set(error, "cannot read %s: " INPUT_NOT_NEWS_REASON, text_quote_name(source_name).text);
    }
}

int input_parse(struct reader *reader, enum input_format format, const char *source_name,
                article_callback callback, void *context, struct error *error)
{
    return input_parse_counted(reader, format, source_name, NULL, callback, context, error);
}

static int compare_names(const void *left, const void *right)
{
    return strcmp(*(char *const *)left, *(char *const *)right);
}

/* True when a pattern matches the path below the directory (relative) or,
 * for a pattern without '/', the name of the file or of any folder on the
 * way when folders is true (else only the file's own name). */
static bool pattern_matches(const char *pattern, const char *relative, bool folders)
{
    if (strchr(pattern, '/') != NULL)
        return fnmatch(pattern, relative, FNM_PATHNAME | FNM_PERIOD) == 0;
    const char *name = strrchr(relative, '/');
    if (fnmatch(pattern, name ? name + 1 : relative, FNM_PERIOD) == 0)
        return true;
    if (!folders)
        return false;
    /* Each folder on the way: the parts before the file's name. */
    char *copy = checked_strdup(relative);
    bool matched = false;
    char *state = NULL;
    for (char *part = strtok_r(copy, "/", &state), *next; part && !matched; part = next) {
        next = strtok_r(NULL, "/", &state);
        if (next != NULL)
            matched = fnmatch(pattern, part, FNM_PERIOD) == 0;
    }
    free(copy);
    return matched;
}

/* True when the filter lets the file at relative (below the directory
 * given) through. */
static bool filter_passes(const struct input_filter *filter, const char *relative)
{
    if (filter == NULL)
        return true;
    for (size_t i = 0; filter->exclude && i < filter->exclude->count; i++)
        if (pattern_matches(filter->exclude->items[i], relative, true))
            return false;
    if (filter->include == NULL || filter->include->count == 0)
        return true;
    for (size_t i = 0; i < filter->include->count; i++)
        if (pattern_matches(filter->include->items[i], relative, false))
            return true;
    return false;
}

/* Appends the regular files below directory (sorted, depth first) that
 * the filter lets through; root_length is the length of the directory
 * first given, which relative paths start after. */
static int expand_directory(const char *directory, size_t root_length, const struct input_filter *filter,
                            struct string_list *files, int depth, struct error *error)
{
    if (depth > 64)
        return error_set(error, "cannot read %s: directories nested too deeply",
                         text_quote_name(directory).text);
    DIR *handle = opendir(directory);
    if (handle == NULL)
        return error_set(error, "cannot read %s: %s", text_quote_name(directory).text, strerror(errno));
    struct string_list names = {0};
    struct dirent *entry;
    errno = 0;
    while ((entry = readdir(handle)) != NULL) {
        if (entry->d_name[0] != '.')
            string_list_append(&names, entry->d_name);
        errno = 0;
    }
    int read_errno = errno;
    closedir(handle);
    if (read_errno != 0) {
        string_list_free(&names);
        return error_set(error, "cannot read %s: %s", text_quote_name(directory).text, strerror(read_errno));
    }
    if (names.count > 1)
        qsort(names.items, names.count, sizeof *names.items, compare_names);
    int status = 0;
    struct buffer path = {0};
    for (size_t i = 0; i < names.count && status == 0; i++) {
        buffer_reset(&path);
        buffer_append_string(&path, directory);
        if (path.length > 0 && path.data[path.length - 1] != '/')
            buffer_append_byte(&path, '/');
        buffer_append_string(&path, names.items[i]);
        const char *relative = path.data + root_length;
        while (*relative == '/')
            relative++;
        struct stat status_of_entry, status_of_target;
        if (lstat(path.data, &status_of_entry) != 0)
            continue; /* vanished meanwhile */
        /* A symbolic link is followed to a file, never to a directory. */
        bool regular = S_ISREG(status_of_entry.st_mode) ||
                       (S_ISLNK(status_of_entry.st_mode) && stat(path.data, &status_of_target) == 0 &&
                        S_ISREG(status_of_target.st_mode));
        if (regular) {
            if (filter_passes(filter, relative))
                string_list_append(files, path.data);
        } else if (S_ISDIR(status_of_entry.st_mode)) {
            status = expand_directory(path.data, root_length, filter, files, depth + 1, error);
        }
    }
    buffer_free(&path);
    string_list_free(&names);
    return status;
}

int input_expand_directory(const char *path, const struct input_filter *filter, struct string_list *files,
                           struct error *error)
{
    struct stat status_of_path;
    if (strcmp(path, "-") == 0 || stat(path, &status_of_path) != 0 || !S_ISDIR(status_of_path.st_mode))
        return 0;
    return expand_directory(path, strlen(path), filter, files, 0, error) < 0 ? -1 : 1;
}

void input_release(void)
{
    wire_release();
    xmlCleanupParser();
}
