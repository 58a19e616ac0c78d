/* store_facets.c — the facet index, and the facets counted from it.
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
#include "store_internal.h"

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

void store_facets_mark(struct store *store, long long article_id)
{
    long long block = article_id / FACET_BLOCK_ARTICLES;
    if (store->dirty_count > 0 && store->dirty_blocks[store->dirty_count - 1] == block)
        return;
    array_reserve((void **)&store->dirty_blocks, &store->dirty_capacity, store->dirty_count + 1,
                  sizeof *store->dirty_blocks);
    store->dirty_blocks[store->dirty_count++] = block;
}

void store_facets_forget(struct store *store)
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
static int rebuild_block(struct store *store, long long block, struct error *error)
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

int store_facets_refresh(struct store *store, struct error *error)
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
    "SELECT id, published, dateline_date, CASE WHEN dateline_date IS NOT NULL THEN body END,"
    " paragraph_count, date, date_source FROM articles WHERE id > ?1 ORDER BY id LIMIT ?2";
static const char migration_captions_sql[] =
    "SELECT article_id, file_photo, date FROM captions WHERE article_id BETWEEN ?1 AND ?2"
    " AND date IS NOT NULL ORDER BY article_id, position";

/* Splits a stored body back into paragraphs (as store_read.c does). */
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
static int migrate_dates_round(struct store *store, sqlite3_stmt *select, sqlite3_stmt *captions,
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

int store_migrate_dates_and_facets(struct store *store, struct error *error)
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

/* A set of article ids. */
struct id_set {
    bool all;          /* every article (nothing narrows them) */
    uint64_t *bits;    /* bit id set for each id in the set */
    size_t words;      /* allocated words of bits */
    long long lowest;  /* the lowest id in the set, when any */
    long long highest; /* the highest id in the set, or -1 when empty */
};

static int id_set_add(long long id, void *context)
{
    struct id_set *set = context;
    if (id < 0)
        return 0;
    size_t word = (size_t)(id / 64);
    if (word >= set->words) {
        size_t words = set->words ? set->words : 1024;
        while (words <= word)
            words *= 2;
        set->bits = checked_realloc(set->bits, words * sizeof *set->bits);
        memset(set->bits + set->words, 0, (words - set->words) * sizeof *set->bits);
        set->words = words;
    }
    set->bits[word] |= (uint64_t)1 << (id % 64);
    if (set->highest < 0 || id < set->lowest)
        set->lowest = id;
    if (id > set->highest)
        set->highest = id;
    return 0;
}

static bool id_set_has(const struct id_set *set, long long id)
{
    if (set->all)
        return true;
    size_t word = (size_t)(id / 64);
    return id >= 0 && word < set->words && (set->bits[word] >> (id % 64)) & 1u;
}

/* The articles the request matches, its dates aside. */
static int id_set_fill(struct store *store, const struct search_request *request, struct id_set *set,
                       struct error *error)
{
    memset(set, 0, sizeof *set);
    set->highest = -1;
    if (!store_request_filters(request)) {
        set->all = true;
        return 0;
    }
    return store_matching_ids(store, request, id_set_add, set, error);
}

static void id_set_free(struct id_set *set)
{
    free(set->bits);
    set->bits = NULL;
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
static int facet_scan(struct store *store, const struct id_set *set, bool visit_all, facet_visitor visit,
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
                status = error_set(error, "the facet index of store '%s' is damaged (block %lld)", store->path,
                                   block);
                break;
            }
            record.id = block * FACET_BLOCK_ARTICLES + (long long)offset;
            record.dated = day != 0;
            record.day = (long)day - FACET_DAY_OFFSET;
            record.places = places;
            record.person_roles = roles;
            bool matches = id_set_has(set, record.id);
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
static int count_matching(struct store *store, const struct search_request *request, bool by_place,
                          struct counting *counting, struct error *error)
{
    memset(counting, 0, sizeof *counting);
    counting->by_place = by_place;
    if (search_request_check(request, error) < 0)
        return -1;
    day_range_of(request, &counting->range);
    struct id_set set;
    int status = id_set_fill(store, request, &set, error);
    if (status == 0)
        status = facet_scan(store, &set, false, count_record, counting, error);
    id_set_free(&set);
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
static int name_counts(struct store *store, const char *sql, const struct id_counts *counts,
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

int store_people_facet(struct store *store, const struct search_request *request, const char *role,
                       long long top, facet_row_callback callback, void *context, struct error *error)
{
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

int store_dateline_facet(struct store *store, const struct search_request *request, long long top,
                         facet_row_callback callback, void *context, struct error *error)
{
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

int store_undated_count(struct store *store, const struct search_request *request, long long *count,
                        struct error *error)
{
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
