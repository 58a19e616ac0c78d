/* input.c — choosing the parser for an input; directories of inputs. */
#include "newsidx/input.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>

#include "newsidx/nitf.h"
#include "newsidx/rcv1.h"
#include "newsidx/sgml.h"

/* Wraps the caller's callback to count articles for formats that do not
 * count themselves. */
struct counting_context {
    struct input_stats *stats; /* where to count */
    article_callback callback; /* the caller's callback */
    void *context;             /* its context */
};

static int count_article(struct article *article, void *context, struct error *error)
{
    struct counting_context *counting = context;
    counting->stats->articles++;
    return counting->callback(article, counting->context, error);
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
    switch (format) {
    case INPUT_FORMAT_WIRE: {
        struct counting_context counting = {stats, callback, context};
        return wire_parse(reader, source_name, count_article, &counting, error);
    }
    case INPUT_FORMAT_SGML:
        return sgml_parse(reader, source_name, stats, callback, context, error);
    case INPUT_FORMAT_RCV1:
        return rcv1_parse(reader, source_name, stats, callback, context, error);
    case INPUT_FORMAT_NITF:
        return nitf_parse(reader, source_name, stats, callback, context, error);
    default:
        return error_set(error, "cannot read %s: unknown input format", text_quote_name(source_name).text);
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

/* Appends the regular files below directory (sorted, depth first). */
static int expand_directory(const char *directory, struct string_list *files, int depth,
                            struct error *error)
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
        struct stat status_of_entry;
        if (lstat(path.data, &status_of_entry) != 0)
            continue; /* vanished meanwhile */
        if (S_ISREG(status_of_entry.st_mode))
            string_list_append(files, path.data);
        else if (S_ISDIR(status_of_entry.st_mode))
            status = expand_directory(path.data, files, depth + 1, error);
        else if (S_ISLNK(status_of_entry.st_mode) && stat(path.data, &status_of_entry) == 0 &&
                 S_ISREG(status_of_entry.st_mode))
            string_list_append(files, path.data);
    }
    buffer_free(&path);
    string_list_free(&names);
    return status;
}

int input_expand_directory(const char *path, struct string_list *files, struct error *error)
{
    struct stat status_of_path;
    if (strcmp(path, "-") == 0 || stat(path, &status_of_path) != 0 || !S_ISDIR(status_of_path.st_mode))
        return 0;
    return expand_directory(path, files, 0, error) < 0 ? -1 : 1;
}

void input_release(void)
{
    wire_release();
    xmlCleanupParser();
}
