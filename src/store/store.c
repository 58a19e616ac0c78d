/* store.c — the store interface (store.h, search.h) over its back ends.
 *
 * store_open() picks the back end by the store's location: a postgresql://
 * or postgres:// URI is a PostgreSQL database, anything else the path of a
 * SQLite file.  Every other public function hands its store to the back
 * end that opened it (backend.h).  What needs no store (where it lives,
 * the names of its parts, freeing what a call returned) is here too.
 */
#include "backend.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "newsidx/calendar.h"
#include "newsidx/text.h"

/* The value of an environment variable when set and not empty, else NULL. */
static const char *environment_value(const char *name)
{
    const char *value = getenv(name);
    return value != NULL && value[0] != '\0' ? value : NULL;
}

char *store_resolve_path(const char *option_path, struct error *error)
{
    if (option_path != NULL) {
        if (option_path[0] == '\0') {
            error_set_usage(error, "--db needs a path, not an empty string");
            return NULL;
        }
        return checked_strdup(option_path);
    }
    const char *value = environment_value("NEWSIDX_DB");
    if (value != NULL)
        return checked_strdup(value);
    struct buffer path = {0};
    value = environment_value("XDG_DATA_HOME");
    if (value != NULL && value[0] == '/') { /* the XDG spec ignores relative paths */
        buffer_append_string(&path, value);
    } else if ((value = environment_value("HOME")) != NULL) {
        buffer_append_string(&path, value);
        buffer_append_string(&path, "/.local/share");
    } else {
        error_set(error, "cannot tell where the store is: give --db PATH or set NEWSIDX_DB or HOME");
        return NULL;
    }
    buffer_append_string(&path, "/newsidx/newsidx.db");
    return buffer_take(&path);
}

/* True when location starts with prefix, in any case (URI schemes are
 * case-insensitive). */
static bool starts_with_scheme(const char *location, const char *prefix)
{
    for (; *prefix; prefix++, location++) {
        char c = *location;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != *prefix)
            return false;
    }
    return true;
}

/* The back end that keeps a store at location. */
static const struct store_backend *backend_for(const char *location)
{
    if (starts_with_scheme(location, "postgresql://") || starts_with_scheme(location, "postgres://"))
        return &postgres_store_backend;
    return &sqlite_store_backend;
}

void store_process_init(void)
{
    sqlite_store_process_init();
}

int store_open(struct store **store, const char *path, enum store_mode mode, struct error *error)
{
    *store = NULL;
    const struct store_backend *backend = backend_for(path);
    /* A SQLite store is new when its file is; store_discard() removes only
     * such a one. */
    bool file_is_new = backend == &sqlite_store_backend && access(path, F_OK) != 0 && errno == ENOENT;
    if (backend->open(store, path, mode, error) < 0)
        return -1;
    (*store)->created = file_is_new;
    return 0;
}

int store_close(struct store *store, struct error *error)
{
    return store == NULL ? 0 : store->backend->close(store, error);
}

const char *store_backend_name(const struct store *store)
{
    return store->backend->name;
}

int store_upgraded_from(const struct store *store)
{
    return store->backend->upgraded_from(store);
}

const char *store_path(const struct store *store)
{
    return store->backend->location(store);
}

const char *store_part_name(enum store_part part)
{
    static const char *const names[STORE_PART_COUNT] = {
        "text", "full_text_index", "people", "places", "article_parts", "facets", "sources", "other", "free",
    };
    return part < STORE_PART_COUNT ? names[part] : "other";
}

void store_set_replace_given_dates(struct store *store, bool replace)
{
    store->backend->set_replace_given_dates(store, replace);
}

void store_set_batch_size(struct store *store, int articles_per_batch)
{
    store->backend->set_batch_size(store, articles_per_batch);
}

bool store_wants_index_tokens(const struct store *store)
{
    return store->backend->wants_index_tokens(store);
}

int store_source_find(struct store *store, const char *path, struct store_source *source, bool *found,
                      struct error *error)
{
    return store->backend->source_find(store, path, source, found, error);
}

int store_source_touch(struct store *store, long long source_id, long long mtime_ns, struct error *error)
{
    return store->backend->source_touch(store, source_id, mtime_ns, error);
}

int store_source_begin(struct store *store, const char *path, const char *name, struct error *error)
{
    return store->backend->source_begin(store, path, name, error);
}

int store_article_add(struct store *store, const struct article *article, const struct store_article_text *text,
                      bool *is_new, long long *article_id, struct error *error)
{
    return store->backend->article_add(store, article, text, is_new, article_id, error);
}

bool store_article_seen_here(const struct store *store)
{
    return store->backend->article_seen_here(store);
}

int store_source_end(struct store *store, const struct store_fingerprint *fingerprint, struct error *error)
{
    return store->backend->source_end(store, fingerprint, error);
}

void store_index_token_counts(const struct store *store, long long *ahead, long long *here)
{
    store->backend->index_token_counts(store, ahead, here);
}

long long store_batch_open_number(const struct store *store)
{
    return store->backend->batch_open_number(store);
}

bool store_batch_committed(const struct store *store, long long number)
{
    return store->backend->batch_committed(store, number);
}

int store_commit(struct store *store, struct error *error)
{
    return store->backend->commit(store, error);
}

int store_tidy_index(struct store *store, long long articles_added, struct error *error)
{
    return store->backend->tidy_index(store, articles_added, error);
}

int store_article_load(struct store *store, long long id, struct article *article, bool *found,
                       struct error *error)
{
    return store->backend->article_load(store, id, article, found, error);
}

int store_article_provenance(struct store *store, long long id, struct store_provenance **provenance,
                             size_t *count, struct error *error)
{
    return store->backend->article_provenance(store, id, provenance, count, error);
}

void store_provenance_free(struct store_provenance *provenance, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(provenance[i].name);
        free(provenance[i].path);
    }
    free(provenance);
}

int store_article_date(struct store *store, long long id, char date[11], struct error *error)
{
    return store->backend->article_date(store, id, date, error);
}

int store_roles(struct store *store, struct string_list *roles, struct error *error)
{
    return store->backend->roles(store, roles, error);
}

int store_search(struct store *store, const struct search_request *request, search_hit_callback callback,
                 void *context, struct error *error)
{
    return store->backend->search(store, request, callback, context, error);
}

int store_count(struct store *store, const struct search_request *request, long long *count,
                struct error *error)
{
    return store->backend->count(store, request, count, error);
}

int store_search_ids(struct store *store, const struct search_request *request,
                     int (*callback)(long long id, void *context, struct error *error), void *context,
                     struct error *error)
{
    return store->backend->search_ids(store, request, callback, context, error);
}

int store_people_facet(struct store *store, const struct search_request *request, const char *role,
                       long long top, facet_row_callback callback, void *context, struct error *error)
{
    return store->backend->people_facet(store, request, role, top, callback, context, error);
}

int store_dateline_facet(struct store *store, const struct search_request *request, long long top,
                         facet_row_callback callback, void *context, struct error *error)
{
    return store->backend->dateline_facet(store, request, top, callback, context, error);
}

int store_timeline(struct store *store, const struct search_request *request,
                   const struct timeline_request *timeline, timeline_row_callback callback, void *context,
                   struct error *error)
{
    return store->backend->timeline(store, request, timeline, callback, context, error);
}

int store_undated_count(struct store *store, const struct search_request *request, long long *count,
                        struct error *error)
{
    return store->backend->undated_count(store, request, count, error);
}

int store_stats(struct store *store, struct store_stats *stats, struct error *error)
{
    return store->backend->stats(store, stats, error);
}

int store_space(struct store *store, long long bytes[STORE_PART_COUNT], struct error *error)
{
    return store->backend->space(store, bytes, error);
}

int store_optimize(struct store *store, bool vacuum, struct store_optimized *done, struct error *error)
{
    return store->backend->optimize(store, vacuum, done, error);
}

int store_check(struct store *store, struct store_check *check, struct error *error)
{
    return store->backend->check(store, check, error);
}

void store_check_free(struct store_check *check)
{
    free(check->database_problem);
    free(check->index_problem);
    memset(check, 0, sizeof *check);
}

int store_schema_version(const struct store *store)
{
    return store->backend->schema_version;
}

bool store_was_created(const struct store *store)
{
    return store->created;
}

int store_discard(struct store *store, struct error *error)
{
    if (store == NULL)
        return 0;
    bool remove_file = store->created && store->backend == &sqlite_store_backend;
    char *path = remove_file ? checked_strdup(store_path(store)) : NULL;
    int status = store_close(store, error);
    if (status == 0 && remove_file) {
        static const char *const suffixes[] = {"", "-wal", "-shm"};
        for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
            size_t size = strlen(path) + strlen(suffixes[i]) + 1;
            char *name = checked_malloc(size);
            snprintf(name, size, "%s%s", path, suffixes[i]);
            unlink(name);
            free(name);
        }
    }
    free(path);
    return status;
}

/* ---- timeline periods, alike on every back end (backend.h) ---- */

long store_period_start(long day, enum timeline_period period)
{
    struct calendar_date date = calendar_date_of(day);
    switch (period) {
    case TIMELINE_WEEK:
        return day - calendar_weekday(day);
    case TIMELINE_MONTH:
        return calendar_day_number((struct calendar_date){date.year, date.month, 1});
    case TIMELINE_YEAR:
        return calendar_day_number((struct calendar_date){date.year, 1, 1});
    default:
        return day;
    }
}

long store_period_next(long start, enum timeline_period period)
{
    struct calendar_date date = calendar_date_of(start);
    switch (period) {
    case TIMELINE_WEEK:
        return start + 7;
    case TIMELINE_MONTH:
        return calendar_day_number(date.month == 12 ? (struct calendar_date){date.year + 1, 1, 1}
                                                    : (struct calendar_date){date.year, date.month + 1, 1});
    case TIMELINE_YEAR:
        return calendar_day_number((struct calendar_date){date.year + 1, 1, 1});
    default:
        return start + 1;
    }
}

void store_period_label(long start, enum timeline_period period, char label[16])
{
    struct calendar_date date = calendar_date_of(start);
    unsigned year = (unsigned)date.year % 10000u;
    switch (period) {
    case TIMELINE_WEEK: {
        int week_year, week;
        calendar_iso_week(start, &week_year, &week);
        snprintf(label, 16, "%04u-W%02u", (unsigned)week_year % 10000u, (unsigned)week % 100u);
        break;
    }
    case TIMELINE_MONTH:
        snprintf(label, 16, "%04u-%02u", year, (unsigned)date.month % 100u);
        break;
    case TIMELINE_YEAR:
        snprintf(label, 16, "%04u", year);
        break;
    default:
        calendar_format(date, label);
        break;
    }
}

/* ---- article text, alike on every back end (backend.h) ---- */

void store_split_paragraphs(const char *body, long long count, struct string_list *paragraphs)
{
    size_t separator_length = strlen(STORE_PARAGRAPH_SEPARATOR);
    for (long long i = 0; i < count; i++) {
        const char *end = i + 1 < count ? strstr(body, STORE_PARAGRAPH_SEPARATOR) : NULL;
        if (end == NULL) {
            string_list_append(paragraphs, body);
            body += strlen(body);
        } else {
            string_list_append_owned(paragraphs, checked_strndup(body, (size_t)(end - body)));
            body = end + separator_length;
        }
    }
}

void store_article_lead(const char *body, struct buffer *out)
{
    buffer_reset(out);
    if (body == NULL)
        return;
    size_t paragraph = strcspn(body, "\n");
    size_t characters = 0, cut = 0, last_space = 0;
    for (size_t i = 0; i < paragraph; i++) {
        if (((unsigned char)body[i] & 0xC0) == 0x80)
            continue;
        if (characters == STORE_LEAD_CHARACTERS) {
            cut = last_space ? last_space : i;
            break;
        }
        if (body[i] == ' ')
            last_space = i;
        characters++;
    }
    buffer_append(out, body, cut ? cut : paragraph);
    if (cut)
        buffer_append_string(out, "…");
}
