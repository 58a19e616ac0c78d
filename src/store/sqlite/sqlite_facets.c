/* sqlite_facets.c — the facet index, and the facets counted from it.
 *
 * `people`, `datelines` and `timeline` count articles by person and role,
 * by dateline place and by date.  Counted with SQL, a common word's
 * hundred thousand matches meant a GROUP BY over half a million credit
 * rows (0.84 s on 200,000 articles, against 0.05 s for ranking them).  So
 * the store keeps what the facets count in a packed form of its own, the
 * facet index: one row of facet_blocks per FACET_BLOCK_ARTICLES article
 * ids, whose blob holds, for each article in id order,
 *
 *     varint  id - block * FACET_BLOCK_ARTICLES
 *     varint  day number + FACET_DAY_OFFSET (calendar.h), 0 when undated
 *     varint  n, then n dateline place ids (places.id, each once)
 *     varint  n, then n person-role ids (person_roles.id, each once)
 *
 * (varints are LEB128: seven bits a byte, low bits first).  A facet
 * collects the matching ids as a bitmap (from FTS5's own index through
 * the search's plan; every article when nothing narrows them), then reads
 * the blocks and counts in arrays indexed by id.  The whole index of
 * 200,000 articles is about 3 MB in 49 rows.
 *
 * The blocks are derived from the tables and never edited: a batch marks
 * the blocks of the articles it adds (or re-dates), and before it commits
 * each marked block is rebuilt from articles, dateline_places and credits,
 * in the same transaction.  So a crash leaves them as consistent as the
 * rows they come from.
 */
#include "sqlite_internal.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsidx/article_date.h"
#include "newsidx/calendar.h"
#include "newsidx/search.h"

/* Article ids per facet block. */
#define FACET_BLOCK_ARTICLES 4096

/* Added to a day number so that 0001-01-01 is stored as 1 and 0 can mean
 * undated. */
#define FACET_DAY_OFFSET 719163L

/* ---- varints -------------------------------------------------------------- */

static void varint_put(struct buffer *out, unsigned long long value)
{
    do {
        unsigned char byte = (unsigned char)(value & 0x7Fu);
        value >>= 7;
        if (value != 0)
            byte |= 0x80u;
        buffer_append_byte(out, (char)byte);
    } while (value != 0);
}

/* Reads a varint at *at (before end); false when the data ends inside it. */
static bool varint_get(const unsigned char **at, const unsigned char *end, unsigned long long *value)
{
    unsigned long long result = 0;
    for (int shift = 0; *at < end && shift < 64; shift += 7) {
        unsigned char byte = *(*at)++;
        result |= (unsigned long long)(byte & 0x7Fu) << shift;
        if (!(byte & 0x80u)) {
            *value = result;
            return true;
        }
    }
    return false;
}

/* ---- writing the blocks ------------------------------------------------------ */

void store_facets_mark(struct sqlite_store *store, long long article_id)
{
    long long block = article_id / FACET_BLOCK_ARTICLES;
    if (store->dirty_count > 0 && store->dirty_blocks[store->dirty_count - 1] == block)
        return;
    array_reserve((void **)&store->dirty_blocks, &store->dirty_capacity, store->dirty_count + 1,
                  sizeof *store->dirty_blocks);
    store->dirty_blocks[store->dirty_count++] = block;
}

void store_facets_forget(struct sqlite_store *store)
{
    store->dirty_count = 0;
}

/* Appends id to a list of ids unless it is there already. */
static void add_distinct(long long **items, size_t *count, size_t *capacity, long long id)
{
    for (size_t i = 0; i < *count; i++)
        if ((*items)[i] == id)
            return;
    array_reserve((void **)items, capacity, *count + 1, sizeof **items);
    (*items)[(*count)++] = id;
}

/* A statement listing (article_id, value) rows of a range of articles in
 * article order, read alongside the articles themselves. */
struct article_rows {
    sqlite3_stmt *statement; /* bound and stepped */
    int status;              /* SQLITE_ROW while a row is pending */
    long long article_id;    /* the pending row's article */
};

static void rows_step(struct article_rows *rows)
{
    rows->status = sqlite3_step(rows->statement);
    rows->article_id = rows->status == SQLITE_ROW ? sqlite3_column_int64(rows->statement, 0) : 0;
}

/* Collects the values of article id's rows (each once) into list. */
static void rows_take(struct article_rows *rows, long long id, long long **list, size_t *count,
                      size_t *capacity)
{
    *count = 0;
    while (rows->status == SQLITE_ROW && rows->article_id < id)
        rows_step(rows); /* a row of no article: skipped */
    while (rows->status == SQLITE_ROW && rows->article_id == id) {
        add_distinct(list, count, capacity, sqlite3_column_int64(rows->statement, 1));
        rows_step(rows);
    }
}

/* Binds the id range of a block to a statement's ?1 and ?2. */
static void bind_block_range(sqlite3_stmt *statement, long long block)
{
    sqlite3_bind_int64(statement, 1, block * FACET_BLOCK_ARTICLES);
    sqlite3_bind_int64(statement, 2, block * FACET_BLOCK_ARTICLES + FACET_BLOCK_ARTICLES - 1);
}

/* Rebuilds one block from the tables. */
static int rebuild_block(struct sqlite_store *store, long long block, struct error *error)
{
    sqlite3_stmt *roles = store_statement(store, STATEMENT_PERSON_ROLES_ADD, error);
    if (roles == NULL)
        return -1;
    bind_block_range(roles, block);
    if (store_step_done(store, roles, error, "cannot update the facet index") < 0)
        return -1;
    sqlite3_stmt *articles = store_statement(store, STATEMENT_FACET_ARTICLES, error);
    struct article_rows places = {store_statement(store, STATEMENT_FACET_PLACES, error), 0, 0};
    struct article_rows credits = {store_statement(store, STATEMENT_FACET_CREDITS, error), 0, 0};
    if (articles == NULL || places.statement == NULL || credits.statement == NULL)
        return -1;
    bind_block_range(articles, block);
    bind_block_range(places.statement, block);
    bind_block_range(credits.statement, block);
    rows_step(&places);
    rows_step(&credits);
    struct buffer data = {0};
    long long *ids = NULL;
    size_t id_count = 0, id_capacity = 0;
    int step;
    while ((step = sqlite3_step(articles)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(articles, 0);
        const unsigned char *date = sqlite3_column_text(articles, 1);
        struct calendar_date day;
        bool dated = date != NULL && calendar_parse_iso_prefix((const char *)date, &day);
        varint_put(&data, (unsigned long long)(id - block * FACET_BLOCK_ARTICLES));
        varint_put(&data, dated ? (unsigned long long)(calendar_day_number(day) + FACET_DAY_OFFSET) : 0);
        rows_take(&places, id, &ids, &id_count, &id_capacity);
        varint_put(&data, id_count);
        for (size_t i = 0; i < id_count; i++)
            varint_put(&data, (unsigned long long)ids[i]);
        rows_take(&credits, id, &ids, &id_count, &id_capacity);
        varint_put(&data, id_count);
        for (size_t i = 0; i < id_count; i++)
            varint_put(&data, (unsigned long long)ids[i]);
    }
    bool failed = step != SQLITE_DONE || (places.status != SQLITE_ROW && places.status != SQLITE_DONE) ||
                  (credits.status != SQLITE_ROW && credits.status != SQLITE_DONE);
    sqlite3_reset(articles);
    sqlite3_reset(places.statement);
    sqlite3_reset(credits.statement);
    free(ids);
    int status = failed ? store_error(store, error, "cannot read articles for the facet index") : 0;
    if (status == 0) {
        sqlite3_stmt *write = store_statement(
            store, data.length ? STATEMENT_FACET_BLOCK_WRITE : STATEMENT_FACET_BLOCK_DELETE, error);
        if (write == NULL) {
            status = -1;
        } else {
            sqlite3_bind_int64(write, 1, block);
            if (data.length)
                sqlite3_bind_blob(write, 2, data.data, (int)data.length, SQLITE_STATIC);
            status = store_step_done(store, write, error, "cannot write the facet index");
        }
    }
    buffer_free(&data);
    return status;
}

static int compare_long_longs(const void *left, const void *right)
{
    long long a = *(const long long *)left, b = *(const long long *)right;
    return (a > b) - (a < b);
}

int store_facets_refresh(struct sqlite_store *store, struct error *error)
{
    if (store->dirty_count > 1)
        qsort(store->dirty_blocks, store->dirty_count, sizeof *store->dirty_blocks, compare_long_longs);
    int status = 0;
    for (size_t i = 0; i < store->dirty_count && status == 0; i++)
        if (i == 0 || store->dirty_blocks[i] != store->dirty_blocks[i - 1])
            status = rebuild_block(store, store->dirty_blocks[i], error);
    store->dirty_count = 0;
    return status;
}

/* ---- migration: dating the stored articles ------------------------------------ */

/* Articles dated per round of the migration. */
#define MIGRATION_CHUNK 2000

/* What the date rules read of a stored article. */
static const char migration_articles_sql[] =
    "SELECT id, published, dateline_date, CASE WHEN dateline_date IS NOT NULL THEN newsidx_text(body) END,"
    " paragraph_count, date, date_source FROM articles WHERE id > ?1 ORDER BY id LIMIT ?2";
static const char migration_captions_sql[] =
    "SELECT article_id, file_photo, date FROM captions WHERE article_id BETWEEN ?1 AND ?2"
    " AND date IS NOT NULL ORDER BY article_id, position";

/* Splits a stored body back into paragraphs (as sqlite_read.c does). */
static void body_paragraphs(const char *body, long long count, struct string_list *paragraphs)
{
    for (long long i = 0; body != NULL && i < count; i++) {
        const char *end = i + 1 < count ? strstr(body, STORE_PARAGRAPH_SEPARATOR) : NULL;
        if (end == NULL) {
            string_list_append(paragraphs, body);
            break;
        }
        string_list_append_owned(paragraphs, checked_strndup(body, (size_t)(end - body)));
        body = end + strlen(STORE_PARAGRAPH_SEPARATOR);
    }
}

/* One article of a round: what the rules read, and its stored date. */
struct migrating_article {
    struct article article;      /* published, dateline date, captions, paragraphs */
    char stored_date[11];        /* articles.date, or "" */
    char stored_source[16];      /* articles.date_source, or "" */
};

/* Dates one round of up to MIGRATION_CHUNK articles after *last_id; sets
 * *done when there were none. */
static int migrate_dates_round(struct sqlite_store *store, sqlite3_stmt *select, sqlite3_stmt *captions,
                               sqlite3_stmt *update, long long *last_id, bool *done, struct error *error)
{
    struct migrating_article *round = checked_malloc(MIGRATION_CHUNK * sizeof *round);
    size_t count = 0;
    sqlite3_reset(select);
    sqlite3_bind_int64(select, 1, *last_id);
    sqlite3_bind_int64(select, 2, MIGRATION_CHUNK);
    int step;
    while (count < MIGRATION_CHUNK && (step = sqlite3_step(select)) == SQLITE_ROW) {
        struct migrating_article *item = &round[count++];
        memset(item, 0, sizeof *item);
        article_init(&item->article);
        item->article.id = sqlite3_column_int64(select, 0);
        const unsigned char *text = sqlite3_column_text(select, 1);
        item->article.published = text ? checked_strdup((const char *)text) : NULL;
        if ((text = sqlite3_column_text(select, 2)) != NULL) {
            item->article.dateline = checked_malloc(sizeof *item->article.dateline);
            memset(item->article.dateline, 0, sizeof *item->article.dateline);
            item->article.dateline->date = checked_strdup((const char *)text);
        }
        body_paragraphs((const char *)sqlite3_column_text(select, 3), sqlite3_column_int64(select, 4),
                        &item->article.paragraphs);
        if ((text = sqlite3_column_text(select, 5)) != NULL)
            snprintf(item->stored_date, sizeof item->stored_date, "%s", (const char *)text);
        if ((text = sqlite3_column_text(select, 6)) != NULL)
            snprintf(item->stored_source, sizeof item->stored_source, "%s", (const char *)text);
    }
    int status = 0;
    if (count < MIGRATION_CHUNK && step != SQLITE_DONE)
        status = store_error(store, error, "cannot date the stored articles");
    sqlite3_reset(select);
    if (status == 0 && count > 0) {
        sqlite3_reset(captions);
        sqlite3_bind_int64(captions, 1, round[0].article.id);
        sqlite3_bind_int64(captions, 2, round[count - 1].article.id);
        size_t at = 0;
        while ((step = sqlite3_step(captions)) == SQLITE_ROW) {
            long long id = sqlite3_column_int64(captions, 0);
            while (at < count && round[at].article.id < id)
                at++;
            if (at == count)
                break;
            if (round[at].article.id != id)
                continue;
            struct caption *caption = article_add_caption(&round[at].article);
            caption->file_photo = sqlite3_column_int(captions, 1) != 0;
            caption->date = checked_strdup((const char *)sqlite3_column_text(captions, 2));
        }
        if (step != SQLITE_ROW && step != SQLITE_DONE)
            status = store_error(store, error, "cannot date the stored articles");
        sqlite3_reset(captions);
    }
    if (count > 0)
        *last_id = round[count - 1].article.id;
    for (size_t i = 0; i < count; i++) {
        struct migrating_article *item = &round[i];
        struct article_date date;
        article_date_find(&item->article, NULL, &date);
        const char *source = article_date_source_name(date.source);
        if (status == 0 && (strcmp(date.iso, item->stored_date) != 0 ||
                            strcmp(source ? source : "", item->stored_source) != 0)) {
            sqlite3_reset(update);
            sqlite3_bind_int64(update, 1, item->article.id);
            store_bind_text(update, 2, date.iso[0] ? date.iso : NULL);
            store_bind_text(update, 3, source);
            status = store_step_done(store, update, error, "cannot date the stored articles");
        }
        article_free(&item->article);
    }
    *done = count == 0;
    free(round);
    return status;
}

int store_migrate_dates_and_facets(struct sqlite_store *store, struct error *error)
{
    sqlite3_stmt *select = NULL, *captions = NULL, *update = NULL, *maximum = NULL;
    int status = 0;
    if (sqlite3_prepare_v2(store->database, migration_articles_sql, -1, &select, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(store->database, migration_captions_sql, -1, &captions, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(store->database, "UPDATE articles SET date = ?2, date_source = ?3 WHERE id = ?1", -1,
                           &update, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(store->database, "SELECT max(id) FROM articles", -1, &maximum, NULL) != SQLITE_OK)
        status = store_error(store, error, "cannot date the stored articles");
    long long last_id = 0;
    for (bool done = false; status == 0 && !done;)
        status = migrate_dates_round(store, select, captions, update, &last_id, &done, error);
    long long highest = 0;
    if (status == 0) {
        if (sqlite3_step(maximum) == SQLITE_ROW)
            highest = sqlite3_column_int64(maximum, 0);
        else
            status = store_error(store, error, "cannot build the facet index");
    }
    for (long long block = 0; status == 0 && block <= highest / FACET_BLOCK_ARTICLES; block++)
        status = rebuild_block(store, block, error);
    sqlite3_finalize(select);
    sqlite3_finalize(captions);
    sqlite3_finalize(update);
    sqlite3_finalize(maximum);
    return status;
}

/* ---- reading: the matching articles ---------------------------------------------- */

/* The articles the request matches, its dates aside. */
static int id_set_fill(struct sqlite_store *store, const struct search_request *request, struct store_id_set *set,
                       struct error *error)
{
    memset(set, 0, sizeof *set);
    set->highest = -1;
    if (!store_request_filters(request)) {
        set->all = true;
        return 0;
    }
    return store_matching_ids(store, request, store_id_set_add, set, error);
}


/* The days --since and --until leave in. */
struct day_range {
    bool active;  /* a date filter is given: undated articles are out */
    long first;   /* the first day number in */
    long last;    /* the last day number in */
};

/* The range of a checked request. */
static void day_range_of(const struct search_request *request, struct day_range *range)
{
    struct calendar_date first, last;
    range->active = request->since != NULL || request->until != NULL;
    range->first = calendar_day_number((struct calendar_date){1, 1, 1});
    range->last = calendar_day_number((struct calendar_date){9999, 12, 31});
    if (request->since && calendar_parse_partial(request->since, &first, &last))
        range->first = calendar_day_number(first);
    if (request->until && calendar_parse_partial(request->until, &first, &last))
        range->last = calendar_day_number(last);
}

/* One article of the facet index. */
struct facet_record {
    long long id;                  /* the article */
    bool dated;                    /* it has a date */
    long day;                      /* its day number, when dated */
    const long long *places;       /* its dateline places (places.id) */
    size_t place_count;            /* how many */
    const long long *person_roles; /* its people and their roles (person_roles.id) */
    size_t person_role_count;      /* how many */
};

static bool in_range(const struct facet_record *record, const struct day_range *range)
{
    return !range->active || (record->dated && record->day >= range->first && record->day <= range->last);
}

/* Called for each record of a scan; matches says whether the request
 * matches it (its dates aside). */
typedef void (*facet_visitor)(const struct facet_record *record, bool matches, void *context);

/* Decodes a list of ids (a count, then the ids) into *items. */
static bool decode_ids(const unsigned char **at, const unsigned char *end, long long **items, size_t *count,
                       size_t *capacity)
{
    unsigned long long n, value;
    if (!varint_get(at, end, &n) || n > (unsigned long long)(end - *at))
        return false;
    array_reserve((void **)items, capacity, (size_t)n + 1, sizeof **items);
    for (size_t i = 0; i < n; i++) {
        if (!varint_get(at, end, &value))
            return false;
        (*items)[i] = (long long)value;
    }
    *count = (size_t)n;
    return true;
}

/* Reads the facet index and visits the records the set holds (every
 * record with visit_all).  Returns 0, or -1 with error set. */
static int facet_scan(struct sqlite_store *store, const struct store_id_set *set, bool visit_all, facet_visitor visit,
                      void *context, struct error *error)
{
    if (!set->all && !visit_all && set->highest < 0)
        return 0; /* nothing matches */
    sqlite3_stmt *select = NULL;
    if (sqlite3_prepare_v2(store->database,
                           "SELECT block, data FROM facet_blocks WHERE block BETWEEN ?1 AND ?2 ORDER BY block", -1,
                           &select, NULL) != SQLITE_OK)
        return store_error(store, error, "cannot read the facet index");
    bool narrow = !set->all && !visit_all;
    sqlite3_bind_int64(select, 1, narrow ? set->lowest / FACET_BLOCK_ARTICLES : 0);
    sqlite3_bind_int64(select, 2, narrow ? set->highest / FACET_BLOCK_ARTICLES : INT64_MAX);
    long long *places = NULL, *roles = NULL;
    size_t place_capacity = 0, role_capacity = 0;
    int status = 0, step;
    while (status == 0 && (step = sqlite3_step(select)) == SQLITE_ROW) {
        long long block = sqlite3_column_int64(select, 0);
        const unsigned char *at = sqlite3_column_blob(select, 1);
        const unsigned char *end = at + sqlite3_column_bytes(select, 1);
        while (at < end) {
            struct facet_record record = {0};
            unsigned long long offset, day;
            if (!varint_get(&at, end, &offset) || !varint_get(&at, end, &day) ||
                !decode_ids(&at, end, &places, &record.place_count, &place_capacity) ||
                !decode_ids(&at, end, &roles, &record.person_role_count, &role_capacity)) {
                status = error_set(error, "the facet index of store %s is damaged (block %lld)", text_quote_name(store->path).text,
                                   block);
                break;
            }
            record.id = block * FACET_BLOCK_ARTICLES + (long long)offset;
            record.dated = day != 0;
            record.day = (long)day - FACET_DAY_OFFSET;
            record.places = places;
            record.person_roles = roles;
            bool matches = store_id_set_has(set, record.id);
            if (matches || visit_all)
                visit(&record, matches, context);
        }
    }
    if (status == 0 && step != SQLITE_DONE)
        status = store_error(store, error, "cannot read the facet index");
    sqlite3_finalize(select);
    free(places);
    free(roles);
    return status;
}

/* ---- counting by id ------------------------------------------------------------------ */

/* Articles counted per id (of a place, a person and role, a person). */
struct id_counts {
    long long *counts; /* counts[id] */
    size_t size;       /* allocated entries */
};

static void id_counts_add(struct id_counts *tally, long long id, long long amount)
{
    if (id < 0)
        return;
    if ((size_t)id >= tally->size) {
        size_t size = tally->size ? tally->size : 256;
        while (size <= (size_t)id)
            size *= 2;
        tally->counts = checked_realloc(tally->counts, size * sizeof *tally->counts);
        memset(tally->counts + tally->size, 0, (size - tally->size) * sizeof *tally->counts);
        tally->size = size;
    }
    tally->counts[id] += amount;
}

static long long id_counts_get(const struct id_counts *tally, long long id)
{
    return id >= 0 && (size_t)id < tally->size ? tally->counts[id] : 0;
}

/* What a counting scan needs: the date range, and per-id counts. */
struct counting {
    struct day_range range;      /* the dates the request leaves in */
    bool by_place;               /* count places, else person-roles */
    struct id_counts counts;     /* articles per id */
    long long undated_left_out;  /* matching articles the date filter left out as undated */
};

static void count_record(const struct facet_record *record, bool matches, void *context)
{
    struct counting *counting = context;
    if (!matches)
        return;
    if (!in_range(record, &counting->range)) {
        if (!record->dated)
            counting->undated_left_out++;
        return;
    }
    const long long *ids = counting->by_place ? record->places : record->person_roles;
    size_t count = counting->by_place ? record->place_count : record->person_role_count;
    for (size_t i = 0; i < count; i++)
        id_counts_add(&counting->counts, ids[i], 1);
}

/* Counts the matching articles per place or per person-role. */
static int count_matching(struct sqlite_store *store, const struct search_request *request, bool by_place,
                          struct counting *counting, struct error *error)
{
    memset(counting, 0, sizeof *counting);
    counting->by_place = by_place;
    if (search_request_check(request, error) < 0)
        return -1;
    day_range_of(request, &counting->range);
    struct store_id_set set;
    int status = id_set_fill(store, request, &set, error);
    if (status == 0)
        status = facet_scan(store, &set, false, count_record, counting, error);
    store_id_set_free(&set);
    return status;
}

/* ---- facet rows --------------------------------------------------------------------- */

/* A facet row before it is printed. */
struct named_count {
    char *name;         /* person's name, or city */
    char *detail;       /* role, or region (NULL when none) */
    long long articles; /* matching articles */
};

/* Most articles first, then by name and detail (no detail first), as
 * SQLite's BINARY collation orders them. */
static int compare_named_counts(const void *left, const void *right)
{
    const struct named_count *a = left, *b = right;
    if (a->articles != b->articles)
        return a->articles > b->articles ? -1 : 1;
    int by_name = strcmp(a->name, b->name);
    if (by_name != 0)
        return by_name;
    if (a->detail == NULL || b->detail == NULL)
        return (a->detail != NULL) - (b->detail != NULL);
    return strcmp(a->detail, b->detail);
}

/* Sorts the rows and hands the first top (0: all) to callback; frees them. */
static int emit_named_counts(struct named_count *rows, size_t count, long long top, facet_row_callback callback,
                             void *context, struct error *error)
{
    if (count > 1)
        qsort(rows, count, sizeof *rows, compare_named_counts);
    int status = 0;
    for (size_t i = 0; i < count; i++) {
        if (status == 0 && (top <= 0 || (long long)i < top)) {
            struct facet_row row = {rows[i].name, rows[i].detail, rows[i].articles};
            status = callback(&row, context, error);
        }
        free(rows[i].name);
        free(rows[i].detail);
    }
    free(rows);
    return status;
}

static char *column_copy(sqlite3_stmt *statement, int column)
{
    const unsigned char *text = sqlite3_column_text(statement, column);
    return text ? checked_strdup((const char *)text) : NULL;
}

/* Turns per-id counts into rows named by sql, which selects (id, name,
 * detail); only rows whose detail is only_detail, when that is given. */
static int name_counts(struct sqlite_store *store, const char *sql, const struct id_counts *counts,
                       const char *only_detail, struct named_count **rows, size_t *row_count, struct error *error)
{
    *rows = NULL;
    *row_count = 0;
    size_t capacity = 0;
    sqlite3_stmt *select = NULL;
    if (sqlite3_prepare_v2(store->database, sql, -1, &select, NULL) != SQLITE_OK)
        return store_error(store, error, "cannot read the facet's names");
    int step;
    while ((step = sqlite3_step(select)) == SQLITE_ROW) {
        long long articles = id_counts_get(counts, sqlite3_column_int64(select, 0));
        const char *detail = (const char *)sqlite3_column_text(select, 2);
        if (articles == 0 || (only_detail && (detail == NULL || strcmp(detail, only_detail) != 0)))
            continue;
        array_reserve((void **)rows, &capacity, *row_count + 1, sizeof **rows);
        (*rows)[(*row_count)++] = (struct named_count){column_copy(select, 1), column_copy(select, 2), articles};
    }
    sqlite3_finalize(select);
    if (step != SQLITE_DONE) {
        for (size_t i = 0; i < *row_count; i++) {
            free((*rows)[i].name);
            free((*rows)[i].detail);
        }
        free(*rows);
        *rows = NULL;
        *row_count = 0;
        return store_error(store, error, "cannot read the facet's names");
    }
    return 0;
}

/* A role as the store writes roles: lower case (NULL stays NULL). */
static void lower_role(const char *role, char lower[64])
{
    snprintf(lower, 64, "%s", role ? role : "");
    for (char *at = lower; *at; at++)
        if (*at >= 'A' && *at <= 'Z')
            *at = (char)(*at - 'A' + 'a');
}

int sqlite_store_people_facet(struct store *base, const struct search_request *request, const char *role,
                              long long top, facet_row_callback callback, void *context, struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    struct counting counting;
    int status = count_matching(store, request, false, &counting, error);
    struct named_count *rows = NULL;
    size_t row_count = 0;
    char lower[64];
    lower_role(role, lower);
    if (status == 0)
        status = name_counts(store,
                             "SELECT pr.id, pe.name, pr.role FROM person_roles pr JOIN people pe ON pe.id = pr.person_id",
                             &counting.counts, role ? lower : NULL, &rows, &row_count, error);
    free(counting.counts.counts);
    if (status < 0)
        return -1;
    return emit_named_counts(rows, row_count, top, callback, context, error);
}

int sqlite_store_dateline_facet(struct store *base, const struct search_request *request, long long top,
                                facet_row_callback callback, void *context, struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    struct counting counting;
    int status = count_matching(store, request, true, &counting, error);
    struct named_count *rows = NULL;
    size_t row_count = 0;
    if (status == 0)
        status = name_counts(store, "SELECT id, city, region FROM places", &counting.counts, NULL, &rows, &row_count,
                             error);
    free(counting.counts.counts);
    if (status < 0)
        return -1;
    return emit_named_counts(rows, row_count, top, callback, context, error);
}

int sqlite_store_undated_count(struct store *base, const struct search_request *request, long long *count,
                               struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    *count = 0;
    struct counting counting;
    struct search_request undated = *request;
    if (undated.since == NULL && undated.until == NULL)
        undated.since = "0001"; /* any date filter: what it leaves out undated is counted */
    int status = count_matching(store, &undated, true, &counting, error);
    free(counting.counts.counts);
    if (status == 0)
        *count = counting.undated_left_out;
    return status;
}

/* ---- the timeline ----------------------------------------------------------------------- */

/* Articles counted per day, over the days seen so far. */
struct histogram {
    long first;         /* the day number of counts[0] */
    long long *counts;  /* articles per day */
    size_t size;        /* days covered */
};

/* Room added beyond the day that made a histogram grow, so that dates in
 * no order do not regrow it at every new day. */
#define HISTOGRAM_SLACK 366

static void histogram_add(struct histogram *histogram, long day)
{
    if (histogram->size == 0) {
        histogram->first = day;
        histogram->size = 1;
        histogram->counts = checked_malloc(sizeof *histogram->counts);
        histogram->counts[0] = 0;
    } else if (day < histogram->first) {
        size_t grow = (size_t)(histogram->first - day) + HISTOGRAM_SLACK;
        long long *counts = checked_malloc((histogram->size + grow) * sizeof *counts);
        memset(counts, 0, grow * sizeof *counts);
        memcpy(counts + grow, histogram->counts, histogram->size * sizeof *counts);
        free(histogram->counts);
        histogram->counts = counts;
        histogram->first -= (long)grow;
        histogram->size += grow;
    } else if ((size_t)(day - histogram->first) >= histogram->size) {
        size_t size = (size_t)(day - histogram->first) + 1 + HISTOGRAM_SLACK;
        histogram->counts = checked_realloc(histogram->counts, size * sizeof *histogram->counts);
        memset(histogram->counts + histogram->size, 0, (size - histogram->size) * sizeof *histogram->counts);
        histogram->size = size;
    }
    histogram->counts[day - histogram->first]++;
}

/* The articles of the days from to to, both included. */
static long long histogram_sum(const struct histogram *histogram, long from, long to)
{
    long last = histogram->first + (long)histogram->size - 1;
    if (histogram->size == 0 || to < histogram->first || from > last)
        return 0;
    long long sum = 0;
    for (long day = from < histogram->first ? histogram->first : from; day <= to && day <= last; day++)
        sum += histogram->counts[day - histogram->first];
    return sum;
}

/* Widens [*first, *last] (set tells whether they hold anything yet) to
 * the days the histogram has articles on. */
static void histogram_widen(const struct histogram *histogram, bool *set, long *first, long *last)
{
    for (size_t i = 0; i < histogram->size; i++)
        if (histogram->counts[i]) {
            long day = histogram->first + (long)i;
            if (!*set || day < *first)
                *first = day;
            if (!*set || day > *last)
                *last = day;
            *set = true;
        }
}

/* One series of a timeline. */
struct series {
    char *name;             /* the place, person or tag; NULL for all matching articles */
    struct histogram dated; /* its dated matches within the date filter, per day */
    long long undated;      /* its undated matches */
};

/* What the second scan of a timeline counts. */
struct timeline_tally {
    struct day_range range;        /* the date filter */
    enum timeline_series kind;     /* what the series are */
    struct series *series;         /* the series */
    struct id_counts series_of;    /* place or person id -> series index + 1 (0: none) */
    struct id_counts person_of;    /* person_roles id -> person id + 1 (0: role not wanted) */
    struct histogram all;          /* every dated article within the date filter, per day */
    long long all_undated;         /* every undated article */
    long long *ids;                /* tag series: the matching articles' ids, ascending */
    long *days;                    /* their day numbers, or LONG_MIN when undated */
    size_t id_count, id_capacity;  /* how many, and allocated */
    long long *seen;               /* scratch: the persons of one record */
    size_t seen_count, seen_capacity;
};

/* Counts one match of series index (a series index + 1, 0 for none). */
static void tally_series(struct timeline_tally *tally, long long index, const struct facet_record *record)
{
    if (index <= 0)
        return;
    struct series *series = &tally->series[index - 1];
    if (!record->dated)
        series->undated++;
    else if (in_range(record, &tally->range))
        histogram_add(&series->dated, record->day);
}

/* The distinct persons of a record (of the wanted role), into tally->seen. */
static void record_persons(struct timeline_tally *tally, const struct facet_record *record)
{
    tally->seen_count = 0;
    for (size_t i = 0; i < record->person_role_count; i++) {
        long long person = id_counts_get(&tally->person_of, record->person_roles[i]) - 1;
        if (person >= 0)
            add_distinct(&tally->seen, &tally->seen_count, &tally->seen_capacity, person);
    }
}

static void tally_record(const struct facet_record *record, bool matches, void *context)
{
    struct timeline_tally *tally = context;
    if (!record->dated)
        tally->all_undated++;
    else if (in_range(record, &tally->range))
        histogram_add(&tally->all, record->day);
    if (!matches)
        return;
    switch (tally->kind) {
    case TIMELINE_SERIES_NONE:
        tally_series(tally, 1, record);
        break;
    case TIMELINE_SERIES_DATELINE:
        for (size_t i = 0; i < record->place_count; i++)
            tally_series(tally, id_counts_get(&tally->series_of, record->places[i]), record);
        break;
    case TIMELINE_SERIES_PERSON:
        record_persons(tally, record);
        for (size_t i = 0; i < tally->seen_count; i++)
            tally_series(tally, id_counts_get(&tally->series_of, tally->seen[i]), record);
        break;
    case TIMELINE_SERIES_TAG:
        array_reserve((void **)&tally->ids, &tally->id_capacity, tally->id_count + 1, sizeof *tally->ids);
        tally->days = checked_realloc(tally->days, tally->id_capacity * sizeof *tally->days);
        tally->ids[tally->id_count] = record->id;
        tally->days[tally->id_count++] = record->dated ? record->day : LONG_MIN;
        break;
    }
}

/* Pass one of a person series: articles per person in the date filter. */
struct person_counting {
    struct timeline_tally *tally; /* its person_of and scratch */
    struct id_counts counts;      /* articles per person id */
};

static void count_persons(const struct facet_record *record, bool matches, void *context)
{
    struct person_counting *counting = context;
    if (!matches || !in_range(record, &counting->tally->range))
        return;
    record_persons(counting->tally, record);
    for (size_t i = 0; i < counting->tally->seen_count; i++)
        id_counts_add(&counting->counts, counting->tally->seen[i], 1);
}

/* Reads person_roles into tally->person_of, keeping only role (lower
 * case) when it is given. */
static int load_person_roles(struct sqlite_store *store, const char *role, struct timeline_tally *tally,
                             struct error *error)
{
    sqlite3_stmt *select = NULL;
    if (sqlite3_prepare_v2(store->database, "SELECT id, person_id, role FROM person_roles", -1, &select, NULL) !=
        SQLITE_OK)
        return store_error(store, error, "cannot read the facet index");
    char lower[64];
    lower_role(role, lower);
    int step;
    while ((step = sqlite3_step(select)) == SQLITE_ROW) {
        const char *this_role = (const char *)sqlite3_column_text(select, 2);
        if (role == NULL || (this_role && strcmp(this_role, lower) == 0))
            id_counts_add(&tally->person_of, sqlite3_column_int64(select, 0), sqlite3_column_int64(select, 1) + 1);
    }
    sqlite3_finalize(select);
    return step == SQLITE_DONE ? 0 : store_error(store, error, "cannot read the facet index");
}

/* Makes the series of the top rows (freeing the rows): named by their
 * name (and ", detail"), keyed in series_of by keys (keys[i] for rows[i]). */
static void series_from_rows(struct timeline_tally *tally, size_t *series_count, struct named_count *rows,
                             size_t row_count, const long long *keys, long long top)
{
    /* keys[i] is the id of rows[i]; sort both together through an index. */
    size_t *order = checked_malloc((row_count + 1) * sizeof *order);
    for (size_t i = 0; i < row_count; i++)
        order[i] = i;
    for (size_t i = 1; i < row_count; i++) /* insertion sort: stable, and rows are few */
        for (size_t j = i; j > 0 && compare_named_counts(&rows[order[j]], &rows[order[j - 1]]) < 0; j--) {
            size_t swap = order[j];
            order[j] = order[j - 1];
            order[j - 1] = swap;
        }
    size_t keep = top > 0 && (size_t)top < row_count ? (size_t)top : row_count;
    tally->series = checked_malloc((keep + 1) * sizeof *tally->series);
    memset(tally->series, 0, (keep + 1) * sizeof *tally->series);
    for (size_t i = 0; i < keep; i++) {
        const struct named_count *row = &rows[order[i]];
        struct buffer name = {0};
        buffer_append_string(&name, row->name ? row->name : "");
        if (row->detail) {
            buffer_append_string(&name, ", ");
            buffer_append_string(&name, row->detail);
        }
        tally->series[i].name = buffer_take(&name);
        id_counts_add(&tally->series_of, keys[order[i]], (long long)i + 1);
    }
    *series_count = keep;
    for (size_t i = 0; i < row_count; i++) {
        free(rows[i].name);
        free(rows[i].detail);
    }
    free(rows);
    free(order);
}

/* Like name_counts(), also giving each row's id in *keys. */
static int name_counts_keyed(struct sqlite_store *store, const char *sql, const struct id_counts *counts,
                             struct named_count **rows, long long **keys, size_t *row_count, struct error *error)
{
    *keys = NULL;
    if (name_counts(store, sql, counts, NULL, rows, row_count, error) < 0)
        return -1;
    /* name_counts() keeps the statement's order: read the ids the same way. */
    *keys = checked_malloc((*row_count + 1) * sizeof **keys);
    sqlite3_stmt *select = NULL;
    size_t at = 0;
    int status = sqlite3_prepare_v2(store->database, sql, -1, &select, NULL) == SQLITE_OK ? 0 : -1;
    while (status == 0 && sqlite3_step(select) == SQLITE_ROW && at < *row_count) {
        long long id = sqlite3_column_int64(select, 0);
        if (id_counts_get(counts, id) != 0)
            (*keys)[at++] = id;
    }
    sqlite3_finalize(select);
    if (status < 0 || at != *row_count)
        return store_error(store, error, "cannot read the facet's names");
    return 0;
}

/* The index of the matching article id in tally->ids, or -1. */
static long matching_index(const struct timeline_tally *tally, long long id)
{
    size_t low = 0, high = tally->id_count;
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        if (tally->ids[middle] < id)
            low = middle + 1;
        else
            high = middle;
    }
    return low < tally->id_count && tally->ids[low] == id ? (long)low : -1;
}

/* The tag series: two passes over the tags index in (scheme, code)
 * order, the first to count each tag's matches in the date filter, the
 * second to count the top ones per day. */
static int tag_series(struct sqlite_store *store, struct timeline_tally *tally, long long top, size_t *series_count,
                      struct error *error)
{
    static const char sql[] = "SELECT scheme, code, article_id FROM tags INDEXED BY tags_by_code"
                              " ORDER BY scheme, code, article_id";
    struct named_count *rows = NULL;
    size_t row_count = 0, row_capacity = 0;
    long long *keys = NULL;
    struct buffer tag = {0}, previous = {0};
    int status = 0;
    for (int pass = 0; pass < 2 && status == 0; pass++) {
        sqlite3_stmt *select = NULL;
        if (sqlite3_prepare_v2(store->database, sql, -1, &select, NULL) != SQLITE_OK) {
            status = store_error(store, error, "cannot read the tags");
            break;
        }
        long long group = -1, last_article = -1;
        buffer_reset(&previous);
        int step;
        while ((step = sqlite3_step(select)) == SQLITE_ROW) {
            buffer_reset(&tag);
            buffer_append_string(&tag, (const char *)sqlite3_column_text(select, 0));
            buffer_append_byte(&tag, ':');
            buffer_append_string(&tag, (const char *)sqlite3_column_text(select, 1));
            if (group < 0 || strcmp(tag.data, previous.data) != 0) {
                group++;
                last_article = -1;
                buffer_reset(&previous);
                buffer_append_string(&previous, tag.data);
                if (pass == 0) {
                    array_reserve((void **)&rows, &row_capacity, row_count + 1, sizeof *rows);
                    rows[row_count++] = (struct named_count){checked_strdup(tag.data), NULL, 0};
                }
            }
            long long article = sqlite3_column_int64(select, 2);
            long at = article == last_article ? -1 : matching_index(tally, article);
            last_article = article;
            if (at < 0)
                continue;
            struct facet_record record = {.id = article, .dated = tally->days[at] != LONG_MIN, .day = tally->days[at]};
            if (pass == 0 && in_range(&record, &tally->range))
                rows[group].articles++;
            else if (pass == 1)
                tally_series(tally, id_counts_get(&tally->series_of, group), &record);
        }
        if (step != SQLITE_DONE)
            status = store_error(store, error, "cannot read the tags");
        sqlite3_finalize(select);
        if (status == 0 && pass == 0) {
            /* Keep the rows with matches; their group numbers are the keys. */
            keys = checked_malloc((row_count + 1) * sizeof *keys);
            size_t kept = 0;
            for (size_t i = 0; i < row_count; i++) {
                if (rows[i].articles == 0) {
                    free(rows[i].name);
                    continue;
                }
                keys[kept] = (long long)i;
                rows[kept++] = rows[i];
            }
            series_from_rows(tally, series_count, rows, kept, keys, top);
            rows = NULL;
        }
    }
    free(keys);
    buffer_free(&tag);
    buffer_free(&previous);
    return status;
}

static void timeline_tally_free(struct timeline_tally *tally, size_t series_count)
{
    for (size_t i = 0; tally->series != NULL && i < series_count; i++) {
        free(tally->series[i].name);
        free(tally->series[i].dated.counts);
    }
    free(tally->series);
    free(tally->series_of.counts);
    free(tally->person_of.counts);
    free(tally->all.counts);
    free(tally->ids);
    free(tally->days);
    free(tally->seen);
}

/* Chooses the series of a timeline (the top places or persons by their
 * matches in the date filter); the tag series are chosen while counting. */
static int choose_series(struct sqlite_store *store, const struct search_request *request,
                         const struct timeline_request *timeline, const struct store_id_set *set,
                         struct timeline_tally *tally, size_t *series_count, struct error *error)
{
    struct named_count *rows = NULL;
    long long *keys = NULL;
    size_t row_count = 0;
    int status = 0;
    if (timeline->series == TIMELINE_SERIES_TAG)
        return 0; /* chosen while counting (tag_series()) */
    if (timeline->series == TIMELINE_SERIES_NONE) {
        tally->series = checked_malloc(sizeof *tally->series);
        memset(tally->series, 0, sizeof *tally->series);
        *series_count = 1;
        return 0;
    }
    if (timeline->series == TIMELINE_SERIES_DATELINE) {
        struct counting counting;
        status = count_matching(store, request, true, &counting, error);
        if (status == 0)
            status = name_counts_keyed(store, "SELECT id, city, region FROM places", &counting.counts, &rows, &keys,
                                       &row_count, error);
        free(counting.counts.counts);
    } else {
        struct person_counting counting = {.tally = tally};
        status = load_person_roles(store, timeline->role, tally, error);
        if (status == 0)
            status = facet_scan(store, set, false, count_persons, &counting, error);
        if (status == 0)
            status = name_counts_keyed(store, "SELECT id, name, NULL FROM people", &counting.counts, &rows, &keys,
                                       &row_count, error);
        free(counting.counts.counts);
    }
    if (status == 0)
        series_from_rows(tally, series_count, rows, row_count, keys, timeline->top);
    free(keys);
    return status;
}

int sqlite_store_timeline(struct store *base, const struct search_request *request,
                          const struct timeline_request *timeline, timeline_row_callback callback, void *context,
                          struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    if (search_request_check(request, error) < 0)
        return -1;
    struct timeline_tally tally = {.kind = timeline->series};
    day_range_of(request, &tally.range);
    size_t series_count = 0;
    struct store_id_set set;
    int status = id_set_fill(store, request, &set, error);
    if (status == 0)
        status = choose_series(store, request, timeline, &set, &tally, &series_count, error);
    if (status == 0)
        status = facet_scan(store, &set, true, tally_record, &tally, error);
    if (status == 0 && timeline->series == TIMELINE_SERIES_TAG)
        status = tag_series(store, &tally, timeline->top, &series_count, error);
    store_id_set_free(&set);

    /* The periods: from --since (else the first match) to --until (else
     * the last match). */
    bool have_days = false;
    long first = 0, last = 0;
    for (size_t i = 0; status == 0 && i < series_count; i++)
        histogram_widen(&tally.series[i].dated, &have_days, &first, &last);
    if (request->since) {
        first = tally.range.first;
        if (!have_days && request->until)
            last = tally.range.last;
        have_days = have_days || request->until != NULL;
    }
    if (request->until)
        last = tally.range.last;
    long long periods = 0;
    for (long start = store_period_start(first, timeline->period); status == 0 && have_days && start <= last;
         start = store_period_next(start, timeline->period))
        if (++periods > TIMELINE_MAX_PERIODS) {
            char from[11], to[11];
            calendar_format(calendar_date_of(first), from);
            calendar_format(calendar_date_of(last), to);
            status = error_set_usage(error, "timeline: more than %d periods from %s to %s (use a longer --by, or "
                                     "--since and --until)", TIMELINE_MAX_PERIODS, from, to);
        }
    for (size_t i = 0; status == 0 && i < series_count; i++) {
        const struct series *series = &tally.series[i];
        for (long start = store_period_start(first, timeline->period); status == 0 && have_days && start <= last;) {
            long next = store_period_next(start, timeline->period);
            /* Only --since and --until cut a period: first and last may
             * be the matches' own bounds, and all_articles counts the
             * whole period. */
            long from = request->since && start < first ? first : start;
            long to = request->until && next - 1 > last ? last : next - 1;
            char label[16], start_iso[11], end_iso[11];
            store_period_label(start, timeline->period, label);
            calendar_format(calendar_date_of(start), start_iso);
            calendar_format(calendar_date_of(next - 1), end_iso);
            struct timeline_row row = {series->name, label, start_iso, end_iso, histogram_sum(&series->dated, from, to),
                                       histogram_sum(&tally.all, from, to)};
            status = callback(&row, context, error);
            start = next;
        }
        if (status == 0) {
            struct timeline_row undated = {series->name, NULL, NULL, NULL, series->undated, tally.all_undated};
            status = callback(&undated, context, error);
        }
    }
    timeline_tally_free(&tally, series_count);
    return status;
}
