/* sqlite_read.c — loading a stored article back into the shared model. */
#include "sqlite_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsidx/article_date.h"

/* A column as a new string, or NULL when it is NULL. */
static char *column_copy(sqlite3_stmt *statement, int column)
{
    const unsigned char *text = sqlite3_column_text(statement, column);
    return text ? checked_strdup((const char *)text) : NULL;
}

/* A column as text; "" when NULL.  Valid until the next step. */
static const char *column_text(sqlite3_stmt *statement, int column)
{
    const unsigned char *text = sqlite3_column_text(statement, column);
    return text ? (const char *)text : "";
}

/* Steps a statement that lists rows of one article, calling add for each.
 * Returns 0, or -1 with error set. */
static int store_each_row(struct sqlite_store *store, enum store_statement which, long long id,
                          void (*add)(sqlite3_stmt *row, struct article *article),
                          struct article *article, struct error *error)
{
    sqlite3_stmt *select = store_statement(store, which, error);
    if (select == NULL)
        return -1;
    sqlite3_bind_int64(select, 1, id);
    int status;
    while ((status = sqlite3_step(select)) == SQLITE_ROW)
        add(select, article);
    sqlite3_reset(select);
    if (status != SQLITE_DONE)
        return store_error(store, error, "cannot read an article");
    return 0;
}

static void add_caption(sqlite3_stmt *row, struct article *article)
{
    struct caption *caption = article_add_caption(article);
    caption->text = column_copy(row, 0);
    caption->file_photo = sqlite3_column_int(row, 1) != 0;
    caption->credit = column_copy(row, 2);
    caption->date = column_copy(row, 3);
}

/* Credits come in their written order; each goes back where it came from. */
static void add_credit(sqlite3_stmt *row, struct article *article)
{
    const char *origin = column_text(row, 0);
    if (strcmp(origin, "byline") == 0) {
        string_list_append(&article->byline, column_text(row, 3));
    } else if (strcmp(origin, "caption") == 0) {
        long long index = sqlite3_column_int64(row, 1);
        if (index >= 0 && (size_t)index < article->caption_count)
            string_list_append(&article->captions[index].photographers, column_text(row, 3));
    } else {
        const unsigned char *location = sqlite3_column_text(row, 4);
        article_add_credit(article, column_text(row, 2), column_text(row, 3),
                           location ? (const char *)location : NULL);
    }
}

static void add_dateline_place(sqlite3_stmt *row, struct article *article)
{
    const unsigned char *region = sqlite3_column_text(row, 1);
    dateline_add_place(article->dateline, column_text(row, 0),
                       region ? (const char *)region : NULL);
}

static void add_subhead(sqlite3_stmt *row, struct article *article)
{
    article_add_subhead(article, column_text(row, 0), (size_t)sqlite3_column_int64(row, 1));
}

static void add_note(sqlite3_stmt *row, struct article *article)
{
    string_list_append(&article->notes, column_text(row, 0));
}

static void add_link(sqlite3_stmt *row, struct article *article)
{
    string_list_append(&article->links, column_text(row, 0));
}

static void add_tag(sqlite3_stmt *row, struct article *article)
{
    article_add_tag(article, column_text(row, 0), column_text(row, 1));
}

/* Fills the article's own columns; *found false when there is no row. */
static int store_load_columns(struct sqlite_store *store, long long id, struct article *article,
                              bool *found, struct error *error)
{
    sqlite3_stmt *select = store_statement(store, STATEMENT_ARTICLE_SELECT, error);
    if (select == NULL)
        return -1;
    sqlite3_bind_int64(select, 1, id);
    int status = sqlite3_step(select);
    if (status == SQLITE_ROW) {
        *found = true;
        article->id = id;
        article->title = column_copy(select, 0);
        article->title_repeats = sqlite3_column_int(select, 1);
        store_split_paragraphs(column_text(select, 2), sqlite3_column_int64(select, 3),
                         &article->paragraphs);
        if (sqlite3_column_int(select, 4) != 0) {
            article->dateline = checked_malloc(sizeof *article->dateline);
            memset(article->dateline, 0, sizeof *article->dateline);
            article->dateline->raw = column_copy(select, 5);
            article->dateline->agency = column_copy(select, 6);
            article->dateline->date = column_copy(select, 7);
        }
        article->credits_raw = column_copy(select, 8);
        article->published = column_copy(select, 9);
        const unsigned char *date = sqlite3_column_text(select, 10);
        if (date != NULL)
            snprintf(article->date, sizeof article->date, "%s", (const char *)date);
        article->date_source = article_date_source_from_name((const char *)sqlite3_column_text(select, 11));
    }
    sqlite3_reset(select);
    if (status != SQLITE_ROW && status != SQLITE_DONE)
        return store_error(store, error, "cannot read an article");
    return 0;
}

/* Sets the article's source to the first place it was seen. */
static int store_load_first_source(struct sqlite_store *store, long long id, struct article *article,
                                   struct error *error)
{
    sqlite3_stmt *select = store_statement(store, STATEMENT_FIRST_SOURCE_SELECT, error);
    if (select == NULL)
        return -1;
    sqlite3_bind_int64(select, 1, id);
    int status = sqlite3_step(select);
    if (status == SQLITE_ROW) {
        article->source.file = column_copy(select, 0);
        article->source.first_line = (long)sqlite3_column_int64(select, 1);
        article->source.last_line = (long)sqlite3_column_int64(select, 2);
    }
    sqlite3_reset(select);
    if (status != SQLITE_ROW && status != SQLITE_DONE)
        return store_error(store, error, "cannot read where an article was seen");
    return 0;
}

int sqlite_store_article_load(struct store *base, long long id, struct article *article, bool *found,
                              struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    article_init(article);
    *found = false;
    if (store_load_columns(store, id, article, found, error) < 0)
        goto failed;
    if (!*found)
        return 0;
    /* Captions before credits: photo credits point at their caption. */
    if (store_load_first_source(store, id, article, error) < 0 ||
        store_each_row(store, STATEMENT_CAPTIONS_SELECT, id, add_caption, article, error) < 0 ||
        store_each_row(store, STATEMENT_CREDITS_SELECT, id, add_credit, article, error) < 0 ||
        (article->dateline != NULL &&
         store_each_row(store, STATEMENT_DATELINE_PLACES_SELECT, id, add_dateline_place, article,
                        error) < 0) ||
        store_each_row(store, STATEMENT_SUBHEADS_SELECT, id, add_subhead, article, error) < 0 ||
        store_each_row(store, STATEMENT_NOTES_SELECT, id, add_note, article, error) < 0 ||
        store_each_row(store, STATEMENT_LINKS_SELECT, id, add_link, article, error) < 0 ||
        store_each_row(store, STATEMENT_TAGS_SELECT, id, add_tag, article, error) < 0)
        goto failed;
    return 0;
failed:
    article_free(article);
    *found = false;
    return -1;
}

int sqlite_store_article_provenance(struct store *base, long long id,
                                    struct store_provenance **provenance, size_t *count,
                                    struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    *provenance = NULL;
    *count = 0;
    size_t capacity = 0;
    sqlite3_stmt *select = store_statement(store, STATEMENT_PROVENANCE_SELECT, error);
    if (select == NULL)
        return -1;
    sqlite3_bind_int64(select, 1, id);
    int status;
    while ((status = sqlite3_step(select)) == SQLITE_ROW) {
        array_reserve((void **)provenance, &capacity, *count + 1, sizeof **provenance);
        struct store_provenance *entry = &(*provenance)[(*count)++];
        entry->name = column_copy(select, 0);
        entry->path = column_copy(select, 1);
        entry->first_line = (long)sqlite3_column_int64(select, 2);
        entry->last_line = (long)sqlite3_column_int64(select, 3);
    }
    sqlite3_reset(select);
    if (status != SQLITE_DONE) {
        store_provenance_free(*provenance, *count);
        *provenance = NULL;
        *count = 0;
        return store_error(store, error, "cannot read where an article was seen");
    }
    return 0;
}


int sqlite_store_roles(struct store *base, struct string_list *roles, struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    sqlite3_stmt *select = store_statement(store, STATEMENT_ROLES_SELECT, error);
    if (select == NULL)
        return -1;
    int status;
    while ((status = sqlite3_step(select)) == SQLITE_ROW)
        string_list_append(roles, (const char *)sqlite3_column_text(select, 0));
    sqlite3_reset(select);
    return status == SQLITE_DONE ? 0 : store_error(store, error, "cannot read the roles");
}

int sqlite_store_article_date(struct store *base, long long id, char date[11], struct error *error)
{
    struct sqlite_store *store = sqlite_store_of(base);
    date[0] = '\0';
    sqlite3_stmt *select = store_statement(store, STATEMENT_ARTICLE_DATE_SELECT, error);
    if (select == NULL)
        return -1;
    sqlite3_bind_int64(select, 1, id);
    int status = sqlite3_step(select);
    if (status == SQLITE_ROW && sqlite3_column_type(select, 0) == SQLITE_TEXT)
        snprintf(date, 11, "%s", (const char *)sqlite3_column_text(select, 0));
    sqlite3_reset(select);
    return status == SQLITE_ROW || status == SQLITE_DONE ? 0 : store_error(store, error, "cannot read a date");
}
