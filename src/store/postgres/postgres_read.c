/* postgres_read.c — loading a stored article back into the shared model,
 * from a PostgreSQL store: the same fields, in the same order, as the
 * SQLite store gives (store_read.c there). */
#include "postgres_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsidx/article_date.h"
#include "newsidx/text.h"

/* The separator of paragraphs in articles.body. */

/* A field as a new string, or NULL when it is NULL. */
static char *value_copy(const PGresult *result, int row, int column)
{
    return PQgetisnull(result, row, column) ? NULL : checked_strdup(PQgetvalue(result, row, column));
}

/* A field as text ("" when NULL), valid while the result is. */
static const char *value_text(const PGresult *result, int row, int column)
{
    return PQgetvalue(result, row, column);
}

/* A field as an integer (0 when NULL). */
static long long value_integer(const PGresult *result, int row, int column)
{
    return strtoll(PQgetvalue(result, row, column), NULL, 10);
}

/* A boolean field. */
static bool value_boolean(const PGresult *result, int row, int column)
{
    return strcmp(PQgetvalue(result, row, column), "t") == 0;
}

/* Runs a query about article id ($1) and returns its rows, or NULL with
 * error set. */
static PGresult *query_article(struct postgres_store *store, const char *sql, long long id,
                               struct error *error, const char *what)
{
    char id_text[32];
    snprintf(id_text, sizeof id_text, "%lld", id);
    const char *values[] = {id_text};
    return postgres_query(store, sql, 1, values, error, what);
}

/* The queries of one article, in the order they are read: its own
 * columns first, captions before credits (photo credits point at their
 * caption). */
static const char article_sql[] =
    "SELECT title, title_repeats, body, paragraph_count, has_dateline, dateline_raw,"
    " dateline_agency, dateline_date, credits_raw, published, date, date_source FROM articles"
    " WHERE id = $1";
static const char first_source_sql[] =
    "SELECT s.name, p.first_line, p.last_line FROM provenance AS p"
    " JOIN sources AS s ON s.id = p.source_id WHERE p.article_id = $1 ORDER BY p.seen LIMIT 1";
static const char captions_sql[] =
    "SELECT text, file_photo, credit, date FROM captions WHERE article_id = $1 ORDER BY position";
static const char credits_sql[] =
    "SELECT origin, caption_index, role, name, location FROM credits WHERE article_id = $1"
    " ORDER BY position";
static const char places_sql[] =
    "SELECT city, region FROM dateline_places WHERE article_id = $1 ORDER BY position";
static const char subheads_sql[] =
    "SELECT text, before_paragraph FROM subheads WHERE article_id = $1 ORDER BY position";
static const char notes_sql[] = "SELECT text FROM notes WHERE article_id = $1 ORDER BY position";
static const char links_sql[] = "SELECT url FROM links WHERE article_id = $1 ORDER BY position";
static const char tags_sql[] =
    "SELECT scheme, code FROM tags WHERE article_id = $1 ORDER BY position";

/* Fills the article's own columns; *found false when there is no row. */
static int load_columns(struct postgres_store *store, long long id, struct article *article,
                        bool *found, struct error *error)
{
    PGresult *result = query_article(store, article_sql, id, error, "cannot read an article");
    if (result == NULL)
        return -1;
    if (PQntuples(result) > 0) {
        *found = true;
        article->id = id;
        article->title = value_copy(result, 0, 0);
        article->title_repeats = (int)value_integer(result, 0, 1);
        store_split_paragraphs(value_text(result, 0, 2), value_integer(result, 0, 3), &article->paragraphs);
        if (value_boolean(result, 0, 4)) {
            article->dateline = checked_malloc(sizeof *article->dateline);
            memset(article->dateline, 0, sizeof *article->dateline);
            article->dateline->raw = value_copy(result, 0, 5);
            article->dateline->agency = value_copy(result, 0, 6);
            article->dateline->date = value_copy(result, 0, 7);
        }
        article->credits_raw = value_copy(result, 0, 8);
        article->published = value_copy(result, 0, 9);
        if (!PQgetisnull(result, 0, 10))
            snprintf(article->date, sizeof article->date, "%s", value_text(result, 0, 10));
        article->date_source = article_date_source_from_name(
            PQgetisnull(result, 0, 11) ? NULL : value_text(result, 0, 11));
    }
    PQclear(result);
    return 0;
}

/* Reads the rest of an article: where it was first seen and its lists. */
static int load_parts(struct postgres_store *store, long long id, struct article *article,
                      struct error *error)
{
    const char *what = "cannot read an article";
    PGresult *result = query_article(store, first_source_sql, id, error,
                                     "cannot read where an article was seen");
    if (result == NULL)
        return -1;
    if (PQntuples(result) > 0) {
        article->source.file = value_copy(result, 0, 0);
        article->source.first_line = (long)value_integer(result, 0, 1);
        article->source.last_line = (long)value_integer(result, 0, 2);
    }
    PQclear(result);

    if ((result = query_article(store, captions_sql, id, error, what)) == NULL)
        return -1;
    for (int row = 0; row < PQntuples(result); row++) {
        struct caption *caption = article_add_caption(article);
        caption->text = value_copy(result, row, 0);
        caption->file_photo = value_boolean(result, row, 1);
        caption->credit = value_copy(result, row, 2);
        caption->date = value_copy(result, row, 3);
    }
    PQclear(result);

    /* Credits come in their written order; each goes back where it came
     * from. */
    if ((result = query_article(store, credits_sql, id, error, what)) == NULL)
        return -1;
    for (int row = 0; row < PQntuples(result); row++) {
        const char *origin = value_text(result, row, 0);
        if (strcmp(origin, "byline") == 0) {
            string_list_append(&article->byline, value_text(result, row, 3));
        } else if (strcmp(origin, "caption") == 0) {
            long long index = value_integer(result, row, 1);
            if (!PQgetisnull(result, row, 1) && index >= 0 && (size_t)index < article->caption_count)
                string_list_append(&article->captions[index].photographers, value_text(result, row, 3));
        } else {
            article_add_credit(article, value_text(result, row, 2), value_text(result, row, 3),
                               PQgetisnull(result, row, 4) ? NULL : value_text(result, row, 4));
        }
    }
    PQclear(result);

    if (article->dateline != NULL) {
        if ((result = query_article(store, places_sql, id, error, what)) == NULL)
            return -1;
        for (int row = 0; row < PQntuples(result); row++)
            dateline_add_place(article->dateline, value_text(result, row, 0),
                               PQgetisnull(result, row, 1) ? NULL : value_text(result, row, 1));
        PQclear(result);
    }

    if ((result = query_article(store, subheads_sql, id, error, what)) == NULL)
        return -1;
    for (int row = 0; row < PQntuples(result); row++)
        article_add_subhead(article, value_text(result, row, 0), (size_t)value_integer(result, row, 1));
    PQclear(result);

    const struct {
        const char *sql;           /* the list's query */
        struct string_list *list;  /* where its rows go */
    } lists[] = {{notes_sql, &article->notes}, {links_sql, &article->links}};
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
        if ((result = query_article(store, lists[l].sql, id, error, what)) == NULL)
            return -1;
        for (int row = 0; row < PQntuples(result); row++)
            string_list_append(lists[l].list, value_text(result, row, 0));
        PQclear(result);
    }

    if ((result = query_article(store, tags_sql, id, error, what)) == NULL)
        return -1;
    for (int row = 0; row < PQntuples(result); row++)
        article_add_tag(article, value_text(result, row, 0), value_text(result, row, 1));
    PQclear(result);
    return 0;
}

int postgres_article_load(struct store *base, long long id, struct article *article,
                          bool *found, struct error *error)
{
    struct postgres_store *store = postgres_store_of(base);
    article_init(article);
    *found = false;
    /* One snapshot for every query, so that an ingest or an upkeep job
     * running meanwhile cannot show half an article. */
    bool own_transaction = PQtransactionStatus(store->connection) == PQTRANS_IDLE;
    if (own_transaction &&
        postgres_execute(store, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error,
                         "cannot read an article") < 0)
        return -1;
    int status = load_columns(store, id, article, found, error);
    if (status == 0 && *found)
        status = load_parts(store, id, article, error);
    if (own_transaction)
        PQclear(PQexec(store->connection, status == 0 ? "COMMIT" : "ROLLBACK"));
    if (status < 0) {
        article_free(article);
        *found = false;
    }
    return status;
}

int postgres_article_provenance(struct store *base, long long id,
                                struct store_provenance **provenance, size_t *count,
                                struct error *error)
{
    *provenance = NULL;
    *count = 0;
    PGresult *result = query_article(postgres_store_of(base),
                                     "SELECT s.name, s.path, p.first_line, p.last_line FROM provenance AS p"
                                     " JOIN sources AS s ON s.id = p.source_id WHERE p.article_id = $1"
                                     " ORDER BY p.seen",
                                     id, error, "cannot read where an article was seen");
    if (result == NULL)
        return -1;
    int rows = PQntuples(result);
    if (rows > 0) {
        *provenance = checked_malloc((size_t)rows * sizeof **provenance);
        for (int row = 0; row < rows; row++) {
            struct store_provenance *entry = &(*provenance)[row];
            entry->name = value_copy(result, row, 0);
            entry->path = postgres_path_decode(value_text(result, row, 1));
            entry->first_line = (long)value_integer(result, row, 2);
            entry->last_line = (long)value_integer(result, row, 3);
        }
        *count = (size_t)rows;
    }
    PQclear(result);
    return 0;
}

int postgres_article_date(struct store *base, long long id, char date[11], struct error *error)
{
    date[0] = '\0';
    PGresult *result = query_article(postgres_store_of(base), "SELECT date FROM articles WHERE id = $1",
                                     id, error, "cannot read a date");
    if (result == NULL)
        return -1;
    if (PQntuples(result) > 0 && !PQgetisnull(result, 0, 0))
        snprintf(date, 11, "%s", value_text(result, 0, 0));
    PQclear(result);
    return 0;
}

int postgres_roles(struct store *base, struct string_list *roles, struct error *error)
{
    PGresult *result = postgres_query(postgres_store_of(base),
                                      "SELECT role FROM (SELECT DISTINCT role FROM credits) AS roles"
                                      " ORDER BY role COLLATE \"C\"", 0,
                                      NULL, error, "cannot read the roles");
    if (result == NULL)
        return -1;
    for (int row = 0; row < PQntuples(result); row++)
        string_list_append(roles, value_text(result, row, 0));
    PQclear(result);
    return 0;
}
