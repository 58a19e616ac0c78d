/* sqlite_internal.h — what the files of the SQLite store (sqlite_*.c) share:
 * the store's state, its prepared statements, and the operations
 * sqlite_backend.c registers as the SQLite back end (backend.h).
 *
 * Every SQL statement the store runs is a constant in sqlite_store.c's statement
 * table, prepared once on first use and reused; values are always bound,
 * never pasted into SQL text.
 */
#ifndef NEWSIDX_SQLITE_INTERNAL_H
#define NEWSIDX_SQLITE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "newsidx/fold.h"
#include "newsidx/store.h"
#include "newsidx/text.h"

#include "../backend.h"

struct search_request; /* search.h */

/* The prepared statements, by what they do; sqlite_store.c holds their SQL. */
enum store_statement {
    STATEMENT_BEGIN,                /* starts a write transaction */
    STATEMENT_COMMIT,               /* commits it */
    STATEMENT_ROLLBACK,             /* abandons it */
    STATEMENT_SOURCE_FIND,          /* a source by path */
    STATEMENT_SOURCE_UPSERT,        /* creates a source row or renames it (no RETURNING: see sqlite_write.c) */
    STATEMENT_SOURCE_COMPLETE,      /* marks a source done with its fingerprint */
    STATEMENT_SOURCE_TOUCH,         /* records a new mtime for an unchanged source */
    STATEMENT_ARTICLE_FIND,         /* an article id by normalised-text hash */
    STATEMENT_ARTICLE_INSERT,       /* a new article row */
    STATEMENT_SEARCH_INSERT,        /* its full-text entry */
    STATEMENT_PROVENANCE_INSERT,    /* where an article was seen (ignored when known) */
    STATEMENT_PERSON_FIND,          /* a person id by folded key */
    STATEMENT_PERSON_INSERT,        /* a new person */
    STATEMENT_CREDIT_INSERT,        /* a byline, credit-line or photo credit */
    STATEMENT_PLACE_FIND,           /* a place id by folded city and region */
    STATEMENT_PLACE_INSERT,         /* a new place */
    STATEMENT_DATELINE_PLACE_INSERT,/* a place of an article's dateline */
    STATEMENT_CAPTION_INSERT,       /* a photo caption */
    STATEMENT_SUBHEAD_INSERT,       /* a subhead */
    STATEMENT_NOTE_INSERT,          /* an editorial note */
    STATEMENT_LINK_INSERT,          /* a link */
    STATEMENT_TAG_INSERT,           /* a subject code */
    STATEMENT_ARTICLE_SELECT,       /* an article's own columns */
    STATEMENT_FIRST_SOURCE_SELECT,  /* where an article was first seen */
    STATEMENT_PROVENANCE_SELECT,    /* every place an article was seen */
    STATEMENT_CAPTIONS_SELECT,      /* an article's captions in order */
    STATEMENT_CREDITS_SELECT,       /* an article's credits in order */
    STATEMENT_DATELINE_PLACES_SELECT,/* an article's dateline places in order */
    STATEMENT_SUBHEADS_SELECT,      /* an article's subheads in order */
    STATEMENT_NOTES_SELECT,         /* an article's notes in order */
    STATEMENT_LINKS_SELECT,         /* an article's links in order */
    STATEMENT_TAGS_SELECT,          /* an article's tags in order */
    STATEMENT_COUNT_ARTICLES,       /* stats: articles */
    STATEMENT_COUNT_SOURCES,        /* stats: completed and incomplete sources */
    STATEMENT_COUNT_PROVENANCE,     /* stats: provenance rows */
    STATEMENT_COUNT_PEOPLE,         /* stats: people */
    STATEMENT_COUNT_PLACES,         /* stats: places */
    STATEMENT_COUNT_CREDITS,        /* stats: credits */
    STATEMENT_USER_VERSION,         /* the schema version */
    STATEMENT_COUNT_DATES,          /* stats: first and last date, dated and undated articles */
    STATEMENT_COUNT_DATE_SOURCES,   /* stats: articles by date_source */
    STATEMENT_ARTICLE_DATE_GIVE,    /* a date ingest was given, for an article stored before */
    STATEMENT_PERSON_ROLES_ADD,     /* facets: the (person, role) pairs of a range of articles */
    STATEMENT_FACET_ARTICLES,       /* facets: the ids and dates of a range of articles */
    STATEMENT_FACET_PLACES,         /* facets: their dateline places */
    STATEMENT_FACET_CREDITS,        /* facets: their (person, role) pairs */
    STATEMENT_FACET_BLOCK_WRITE,    /* facets: writes a block */
    STATEMENT_FACET_BLOCK_DELETE,   /* facets: removes a block that holds no article */
    STATEMENT_ROLES_SELECT,         /* every role credited, sorted */
    STATEMENT_ARTICLE_DATE_SELECT,  /* an article's date */
    STATEMENT_TEXT_DICTIONARY_INSERT, /* keeps a compression dictionary */
    STATEMENT_TEXT_DICTIONARY_LATEST, /* the dictionary trained last */
    STATEMENT_LENGTHS_LAST,         /* the last block of article lengths */
    STATEMENT_DOCSIZE_FROM,         /* FTS5's row lengths from an id on */
    STATEMENT_LENGTHS_WRITE,        /* writes a block of article lengths */
    STATEMENT_COUNT_OF_STATEMENTS   /* how many there are (not a statement) */
};

/* How many folded keys each id cache remembers (a power of two). */
#define STORE_ID_CACHE_SLOTS 4096

/* A bounded map from folded key to row id (people, places), so that a
 * name seen before needs no SELECT.  Direct-mapped: a new key takes its
 * slot's place.  Emptied when a batch is rolled back, since the ids it
 * gave out may have gone with the batch. */
struct store_id_cache {
    char *keys[STORE_ID_CACHE_SLOTS];   /* the key in each slot, or NULL */
    long long ids[STORE_ID_CACHE_SLOTS];/* the row id of each slot's key */
};

/* The columns of the full-text index, article_search: title, body,
 * caption, byline, dateline, credits. */
#define STORE_INDEX_COLUMNS 6

/* While an article's full-text entry is written, what the index's
 * tokenizer may replay instead of tokenizing (sqlite_tokens.c). */
struct store_index_replay {
    const struct store_index_tokens *tokens; /* the article's tokens made ahead, or NULL */
    const char *values[STORE_INDEX_COLUMNS]; /* its column values as bound (NULL: none) */
    int lengths[STORE_INDEX_COLUMNS];        /* their lengths in bytes */
    int next_column;                         /* the column FTS5 is expected to ask for next */
    long long columns_ahead;                 /* column values filed from tokens made ahead */
    long long columns_here;                  /* column values FTS5 tokenized itself */
};

/* Article ids per row of article_lengths (sqlite_lengths.c). */
#define STORE_LENGTHS_PER_BLOCK 1024

/* An open SQLite store. */
struct sqlite_store {
    struct store base;          /* first: the back end, for store.c */
    sqlite3 *database;          /* the connection */
    char *path;                 /* the file's path as opened */
    enum store_mode mode;       /* read-only or read-write */
    int upgraded_from;          /* the schema version this open upgraded, or 0 */
    sqlite3_stmt *statements[STATEMENT_COUNT_OF_STATEMENTS]; /* prepared on first use */
    int batch_size;             /* articles per transaction at most */
    int batch_articles;         /* articles written in the open transaction */
    size_t batch_bytes;         /* text bytes of the articles written in it */
    bool in_transaction;        /* a write transaction is open */
    bool source_active;         /* between store_source_begin() and store_source_end() */
    char *source_path;          /* the current source's absolute path, or "-" */
    char *source_name;          /* the current source's name as given */
    long long source_id;        /* its sources.id, or 0 until the row is written */
    bool sighting_known;        /* the last article added was recorded here before */
    struct store_article_text text; /* scratch: an article prepared here */
    struct store_id_cache people;   /* person ids by folded name */
    struct store_id_cache places;   /* place ids by folded city and region */
    struct key_folder *folder;  /* folds names and places into keys; opened on first use */
    struct buffer key;          /* scratch: a folded key */
    struct buffer region_key;   /* scratch: a second folded key */
    struct buffer place_cache_key; /* scratch: city and region key joined */
    struct store_index_replay replay; /* tokens for the full-text entry being written */
    long long *dirty_blocks;    /* facet blocks to rebuild before the batch commits */
    size_t dirty_count;         /* how many */
    size_t dirty_capacity;      /* allocated slots in dirty_blocks */
    bool replace_given_dates;   /* a date ingest is given replaces one given before */
    bool rank_registered;       /* newsidx_rank() is known to this connection */
    struct store_text_dictionary *text_dictionary; /* the dictionary bodies are compressed with,
                                   or NULL (one of kept_dictionaries) */
    struct store_text_dictionary **kept_dictionaries; /* every dictionary this store object loaded
                                   or trained; freed at close */
    size_t kept_dictionary_count; /* how many */
    struct store_text_packer *packer; /* compresses bodies the writer prepares itself */
    struct buffer packed_here;  /* scratch: a body the writer compressed */
    struct store_text_packer *migration_packer; /* compresses bodies an upgrade rewrites */
    struct rank_state *rank_state; /* what searches share with newsidx_rank(), or NULL */
    long long batch_number;     /* number of the open batch, or of the last one opened */
    long long committed_batch;  /* number of the last batch committed, 0 before any */
    long long *abandoned_batches; /* numbers of the batches rolled back, in order */
    size_t abandoned_count;     /* how many */
    size_t abandoned_capacity;  /* allocated slots in abandoned_batches */
};

/* The sqlite_store a struct store of this back end is. */
static inline struct sqlite_store *sqlite_store_of(struct store *store)
{
    return (struct sqlite_store *)store;
}

/* The same, for a store only read. */
static inline const struct sqlite_store *sqlite_store_of_const(const struct store *store)
{
    return (const struct sqlite_store *)store;
}

/* The SQLite back end's operations (backend.h), registered in
 * sqlite_backend.c; each has the meaning of the public function of
 * store.h or search.h whose name it carries after "sqlite_". */
int sqlite_store_open(struct store **store, const char *path, enum store_mode mode, struct error *error);
int sqlite_store_close(struct store *store, struct error *error);
int sqlite_store_upgraded_from(const struct store *store);
const char *sqlite_store_path(const struct store *store);
void sqlite_store_set_replace_given_dates(struct store *store, bool replace);
void sqlite_store_set_batch_size(struct store *store, int articles_per_batch);
int sqlite_store_source_find(struct store *store, const char *path, struct store_source *source,
                             bool *found, struct error *error);
int sqlite_store_source_touch(struct store *store, long long source_id, long long mtime_ns,
                              struct error *error);
int sqlite_store_source_begin(struct store *store, const char *path, const char *name,
                              struct error *error);
int sqlite_store_article_add(struct store *store, const struct article *article,
                             const struct store_article_text *text, bool *is_new,
                             long long *article_id, struct error *error);
bool sqlite_store_article_seen_here(const struct store *store);
int sqlite_store_source_end(struct store *store, const struct store_fingerprint *fingerprint,
                            struct error *error);
void sqlite_store_index_token_counts(const struct store *store, long long *ahead, long long *here);
long long sqlite_store_batch_open_number(const struct store *store);
bool sqlite_store_batch_committed(const struct store *store, long long number);
int sqlite_store_commit(struct store *store, struct error *error);
int sqlite_store_tidy_index(struct store *store, long long articles_added, struct error *error);
int sqlite_store_article_load(struct store *store, long long id, struct article *article, bool *found,
                              struct error *error);
int sqlite_store_article_provenance(struct store *store, long long id,
                                    struct store_provenance **provenance, size_t *count,
                                    struct error *error);
int sqlite_store_article_date(struct store *store, long long id, char date[11], struct error *error);
int sqlite_store_roles(struct store *store, struct string_list *roles, struct error *error);
int sqlite_store_search(struct store *store, const struct search_request *request,
                        search_hit_callback callback, void *context, struct error *error);
int sqlite_store_count(struct store *store, const struct search_request *request, long long *count,
                       struct error *error);
int sqlite_store_search_ids(struct store *store, const struct search_request *request,
                            int (*callback)(long long id, void *context, struct error *error),
                            void *context, struct error *error);
int sqlite_store_people_facet(struct store *store, const struct search_request *request,
                              const char *role, long long top, facet_row_callback callback,
                              void *context, struct error *error);
int sqlite_store_dateline_facet(struct store *store, const struct search_request *request,
                                long long top, facet_row_callback callback, void *context,
                                struct error *error);
int sqlite_store_timeline(struct store *store, const struct search_request *request,
                          const struct timeline_request *timeline, timeline_row_callback callback,
                          void *context, struct error *error);
int sqlite_store_undated_count(struct store *store, const struct search_request *request,
                               long long *count, struct error *error);
int sqlite_store_stats(struct store *store, struct store_stats *stats, struct error *error);
int sqlite_store_space(struct store *store, long long bytes[STORE_PART_COUNT], struct error *error);
int sqlite_store_optimize(struct store *store, bool vacuum, struct store_optimized *done,
                          struct error *error);
int sqlite_store_check(struct store *store, struct store_check *check, struct error *error);


/* The most text bytes one transaction takes before it is committed.  Each
 * commit writes FTS5's in-memory terms out as one segment, which the tidy
 * at the end of an ingest merges; at 32 MB a dump of up to 32 MB becomes
 * one segment, with nothing left to merge, for about 70 MB of peak memory
 * (16 MB: 53 MB). */
#define STORE_BATCH_MAX_BYTES (32u * 1024u * 1024u)

/* Refuses a file that is neither empty nor a newsidx store (sqlite_owner.c):
 * reads only, so that nothing is changed in another application's file.
 * Returns 0, or -1 with error set. */
int store_check_owner(struct sqlite_store *store, struct error *error);

/* Marks a writable store as newsidx's (PRAGMA application_id) when it is
 * not marked yet.  Returns 0, or -1 with error set. */
int store_mark_owner(struct sqlite_store *store, struct error *error);

/* The store's key folder (fold.h), opened on first use.  Returns it, or
 * NULL with error set. */
struct key_folder *store_key_folder(struct sqlite_store *store, struct error *error);

/* Forgets every key of an id cache and frees them. */
void store_id_cache_clear(struct store_id_cache *cache);

/* Commits the open batch, if any; on failure rolls it back.  Returns 0, or
 * -1 with error set. */
int store_commit_batch(struct sqlite_store *store, struct error *error);

/* Returns the statement, prepared and reset, or NULL with error set. */
sqlite3_stmt *store_statement(struct sqlite_store *store, enum store_statement which,
                              struct error *error);

/* Records the connection's last error as "<what> in store '<path>': <why>"
 * and returns -1. */
int store_error(struct sqlite_store *store, struct error *error, const char *what);

/* Runs a statement that returns no rows (after binding); resets it.
 * Returns 0, or -1 with error set saying what failed. */
int store_step_done(struct sqlite_store *store, sqlite3_stmt *statement, struct error *error,
                    const char *what);

/* Binds a string or NULL (copied only if SQLite needs to; the string must
 * live until the statement is stepped and reset). */
int store_bind_text(sqlite3_stmt *statement, int index, const char *text);

/* Runs SQL text with no values (pragmas, schema DDL); what says what
 * failed.  Returns 0, or -1 with error set. */
int store_execute(struct sqlite_store *store, const char *sql, struct error *error, const char *what);

/* Reads PRAGMA user_version into *version.  Returns 0, or -1 with error set. */
int store_read_version(struct sqlite_store *store, int *version, struct error *error);

/* Brings the schema up to STORE_SCHEMA_VERSION (sqlite_migrate.c), one step
 * per version, each in its own transaction; *from_version is the version
 * the store had.  A store newer than this newsidx is refused.  Returns 0,
 * or -1 with error set. */
int store_migrate(struct sqlite_store *store, int *from_version, struct error *error);

/* The FTS5 API of a connection, or NULL when SQLite has no FTS5. */
fts5_api *store_fts5_api(sqlite3 *database);

/* The values of an article's full-text columns, in index order, exactly as
 * they are written (NULL for a column the article lacks), with their
 * lengths in bytes (-1 past INT_MAX: SQLite then reads to the NUL, and
 * refuses the text as too big). */
void store_index_columns(const struct article *article, const struct store_article_text *text,
                         const char *values[STORE_INDEX_COLUMNS],
                         int lengths[STORE_INDEX_COLUMNS]);

/* Makes text->index_tokens from the article's full-text columns with
 * tokenizer; with a NULL tokenizer, or if tokenizing fails, frees them and
 * leaves NULL, so that the writer tokenizes. */
void store_index_tokens_make(struct store_tokenizer *tokenizer, const struct article *article,
                             struct store_article_text *text);

/* Frees tokens made by store_index_tokens_make(); NULL is allowed. */
void store_index_tokens_free(struct store_index_tokens *tokens);

/* Puts a tokenizer on the writing connection under the name of the one
 * the full-text index is declared with, so that while an article's entry
 * is written it can replay the tokens made ahead for it (see
 * store_index_replay_begin()); any other text goes to FTS5's own tokenizer.
 * Returns 0, or -1 with error set. */
int store_index_replay_register(struct sqlite_store *store, struct error *error);

/* Offers an article's tokens made ahead (or NULL) and its column values to
 * the tokenizer, for the full-text INSERT about to be stepped. */
void store_index_replay_begin(struct sqlite_store *store, const struct store_index_tokens *tokens,
                              const char *const values[STORE_INDEX_COLUMNS],
                              const int lengths[STORE_INDEX_COLUMNS]);

/* Withdraws what store_index_replay_begin() offered. */
void store_index_replay_end(struct sqlite_store *store);

/* Notes that the facet block holding article_id must be rebuilt before
 * the open batch commits (sqlite_facets.c). */
void store_facets_mark(struct sqlite_store *store, long long article_id);

/* Rebuilds the facet blocks marked since the last commit from the tables,
 * inside the open transaction, and forgets the marks.  Returns 0, or -1
 * with error set. */
int store_facets_refresh(struct sqlite_store *store, struct error *error);

/* Forgets the marks without rebuilding (the batch was rolled back). */
void store_facets_forget(struct sqlite_store *store);

/* The C half of migration step 2 (sqlite_store.c): dates every stored article by
 * the rules of article_date.h and builds the facet index whole.  Runs in
 * the migration's transaction.  Returns 0, or -1 with error set. */
int store_migrate_dates_and_facets(struct sqlite_store *store, struct error *error);

/* Calls each with the id of every article the request matches, in no
 * particular order, leaving its --since/--until aside (sqlite_search.c).
 * Returns 0, or -1 with error set (each returning -1 stops it). */
int store_matching_ids(struct sqlite_store *store, const struct search_request *request,
                       int (*each)(long long id, void *context), void *context, struct error *error);

/* True when the request selects articles by anything but their dates. */
bool store_request_filters(const struct search_request *request);

/* Registers the FTS5 rank function newsidx_rank() (sqlite_rank.c) on the
 * store's connection, once.  Returns 0, or -1 with error set. */
int store_rank_register(struct sqlite_store *store, struct error *error);

/* Starts a ranked search.  With defer_idf (no filter narrows the text
 * query's matches, so every match is ranked) a one-phrase query is ranked
 * without idf, a factor common to all its scores. */
void store_rank_begin(struct sqlite_store *store, bool defer_idf);

/* Frees what newsidx_rank() keeps on the connection (before it closes). */
void store_rank_free(struct sqlite_store *store);

/* After a ranked search has been stepped through on count connections
 * (each ranking part of the matches), the factor its scores are to be
 * multiplied by: idf when it was deferred, else 1. */
double store_rank_scale_of(const struct sqlite_store *const *stores, size_t count);

struct store_id_set;

/* A ranked article: its id and its score (lower is better, as bm25's). */
struct store_ranked {
    long long id;  /* the article */
    double score;  /* its newsidx_rank() score */
};

/* Ranks the rows of a one-phrase FTS5 expression (one word, maybe a prefix,
 * or one quoted phrase) whose rowids lie in [low, high] and that filter
 * holds (NULL: every row), keeping the best keep, best first, with the
 * scores newsidx_rank() gives.  The rows are walked inside FTS5
 * (xQueryPhrase), not through the SQL machine, which a common word's
 * million matches made the most of a ranking's time.  *items is a new
 * array of *count rows (free it).  Returns 0, or -1 with error set. */
int store_rank_top(struct sqlite_store *store, const char *fts_expression, const struct store_id_set *filter,
                   long long low, long long high, size_t keep, struct store_ranked **items, size_t *count,
                   struct error *error);

/* A set of article ids, as a bitmap (sqlite_ids.c). */
struct store_id_set {
    bool all;          /* every article (nothing narrows them) */
    uint64_t *bits;    /* bit id set for each id in the set */
    size_t words;      /* allocated words of bits */
    long long lowest;  /* the lowest id in the set, when any */
    long long highest; /* the highest id in the set, or -1 when empty */
};

/* Adds id to the set (context is the set), for store_matching_ids();
 * returns 0. */
int store_id_set_add(long long id, void *context);

/* True when the set holds id. */
bool store_id_set_has(const struct store_id_set *set, long long id);

/* Frees the set's bits. */
void store_id_set_free(struct store_id_set *set);

/* Compresses article bodies for the store (zstd, with a dictionary the
 * store trains on the first bodies it writes; sqlite_text.c).  The writer
 * has one, and so does an upgrade that compresses stored text. */
struct store_text_packer;

/* Opens a packer that compresses with the store's dictionary, if it has
 * one (store may be NULL: none).  Returns 0, or -1 with error set. */
int store_text_packer_open(struct sqlite_store *store, struct store_text_packer **packer, struct error *error);

/* Closes a packer; NULL is allowed. */
void store_text_packer_close(struct store_text_packer *packer);

/* Registers newsidx_text() (and newsidx_pack(), for upgrades) on the
 * store's connection (sqlite_text.c).  Returns 0, or -1 with error set. */
int store_text_register(struct sqlite_store *store, struct error *error);

/* Loads the dictionary the store's bodies are compressed with, when it has
 * one.  Returns 0, or -1 with error set. */
int store_text_load_dictionary(struct sqlite_store *store, struct error *error);

/* Keeps a dictionary a packer trained (its bytes): stores it in the open
 * transaction, and compresses with it from now on.  Returns 0, or -1 with
 * error set. */
int store_text_keep_dictionary(struct sqlite_store *store, const void *bytes, size_t size, struct error *error);

/* Compresses length bytes of body into out (emptied first).  When this
 * call trains the packer's dictionary, its bytes go into *trained (left
 * empty otherwise), for the store to keep. */
void store_text_compress(struct store_text_packer *packer, const char *body, size_t length,
                         struct buffer *out, struct buffer *trained);

/* Trains a dictionary on bodies already stored (an upgrade) and keeps it.
 * Returns 0, or -1 with error set. */
int store_text_train_from_store(struct sqlite_store *store, struct error *error);

/* Frees the dictionaries the store holds. */
void store_text_dictionaries_free(struct sqlite_store *store);

/* Appends to article_lengths the lengths of the articles FTS5 filed since
 * it was last brought up to date (sqlite_lengths.c).  Returns 0, or -1 with
 * error set. */
int store_lengths_update(struct sqlite_store *store, struct error *error);

/* The total of the column sizes of a %_docsize blob. */
unsigned long store_docsize_total(const unsigned char *bytes, int size);

#endif
