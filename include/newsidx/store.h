/* store.h — the store: schema, migration, insertion and look-ups.
 *
 * This is the interface every command uses, whatever keeps the archive:
 * a SQLite file (src/store/sqlite/) or a PostgreSQL database
 * (src/store/postgres/); store_open() picks the back end by the store's
 * location (src/store/store.c).  What follows describes the SQLite store;
 * the PostgreSQL one keeps the same things in tables of the same names.
 *
 * One SQLite file holds every article once (de-duplicated on its normalised
 * text), where each was seen (sources and provenance), the people and places
 * it names, and an FTS5 index over its text.  README.md ("The store")
 * documents the schema for anyone querying it with another SQLite client.
 *
 * Writing happens one source at a time: store_source_begin(), then
 * store_article_add() for each article, then store_source_end().  Articles
 * are written in batches, one transaction each, which small sources share;
 * a source is marked as done only in the transaction that holds its last
 * articles, so a crash, a kill or an error never leaves half an article or
 * a source marked done that is not.  This layer never prints and never
 * exits.
 */
#ifndef NEWSIDX_STORE_H
#define NEWSIDX_STORE_H

#include <stdbool.h>

#include "newsidx/article.h"
#include "newsidx/error.h"

/* The schema version this newsidx writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 4

struct store;

/* How a store is opened. */
enum store_mode {
    STORE_READ_ONLY,  /* for queries: the file must exist */
    STORE_READ_WRITE  /* for ingest: creates the file and its folder if missing */
};

/* What is known about a source file from its last complete ingest. */
struct store_fingerprint {
    long long size;                  /* bytes on disk */
    long long mtime_ns;              /* modification time, nanoseconds since the epoch */
    char content_hash[33];           /* hash.h hash of the bytes, hex; "" when unknown */
    char date_given[11];             /* the year or date `ingest --year/--date` gave it
                                        ("2017", "2017-03-04"), "" when none */
};

/* A source as the store records it. */
struct store_source {
    long long id;                         /* sources.id */
    bool completed;                       /* an ingest of it has finished */
    struct store_fingerprint fingerprint; /* valid when completed */
};

/* An article's full-text columns cut into tokens ahead of writing
 * (src/store/sqlite/sqlite_tokens.c). */
struct store_index_tokens;

/* Tokenizes full-text columns as the store's FTS5 index does, outside the
 * store's connection (src/store/sqlite/sqlite_tokens.c). */
struct store_tokenizer;

/* What the store derives from an article before writing it.  Making it
 * touches no database, so an ingest can make it in the thread that parses
 * while another thread writes. */
struct store_article_text {
    char text_hash[33];       /* hash of the normalised title and paragraphs, hex */
    char date[11];            /* the article's date, yyyy-mm-dd, or "" when undated */
    enum article_date_source date_source; /* where it comes from (article_date.h) */
    struct buffer normalised; /* the normalised text that was hashed */
    struct buffer body;       /* the paragraphs joined for articles.body */
    struct buffer captions;   /* the caption texts joined for the full-text index */
    struct buffer byline;     /* the byline names joined for the full-text index */
    struct store_index_tokens *index_tokens; /* its full-text tokens, or NULL: FTS5 makes them */
};

/* One place an article was seen: a source and the article's lines there. */
struct store_provenance {
    char *name;      /* the source's name as given when it was ingested */
    char *path;      /* the source's absolute path, or "-" for standard input */
    long first_line; /* first non-blank line of the article in that source */
    long last_line;  /* last non-blank line of the article in that source */
};

/* Counts of what the store holds, for `newsidx stats`. */
struct store_stats {
    long long articles;          /* distinct articles */
    long long sources;           /* sources ingested completely at least once */
    long long incomplete_sources;/* sources whose ingest has not finished */
    long long provenance;        /* (article, source, lines) sightings */
    long long people;            /* distinct people (by folded name) */
    long long places;            /* distinct dateline places (by folded city and region) */
    long long credits;           /* names credited: byline, credit line, photo credits */
    long long size_bytes;        /* the database file plus its write-ahead log, on disk */
    int schema_version;          /* PRAGMA user_version */
    char first_date[11];         /* the earliest article date, yyyy-mm-dd, "" when none */
    char last_date[11];          /* the latest */
    long long dated;             /* articles with a date */
    long long undated;           /* articles without one */
    long long by_date_source[ARTICLE_DATE_INGEST_DATE + 1]; /* dated articles by where the date
                                    comes from (enum article_date_source; [0] unused) */
};

/* The parts of a store, as store_space() measures them. */
enum store_part {
    STORE_PART_TEXT,         /* articles (titles, compressed bodies) and the text dictionaries */
    STORE_PART_INDEX,        /* the full-text index (FTS5's tables) and the packed lengths */
    STORE_PART_PEOPLE,       /* people, credits and their roles */
    STORE_PART_PLACES,       /* places and the articles' dateline places */
    STORE_PART_PARTS,        /* captions, subheads, notes, links, tags */
    STORE_PART_FACETS,       /* the facet index */
    STORE_PART_SOURCES,      /* sources and where each article was seen */
    STORE_PART_OTHER,        /* the schema, and anything else */
    STORE_PART_FREE,         /* pages the file holds but no longer uses */
    STORE_PART_COUNT         /* how many parts (not a part) */
};

/* A part's name for output: "text", "full_text_index", "people", … */
const char *store_part_name(enum store_part part);

/* Measures the bytes each part of the store takes (tables and their
 * indexes), through SQLite's dbstat: it reads every page, so it takes a
 * while on a big store.  Returns 0, or -1 with error set (also when this
 * SQLite has no dbstat). */
int store_space(struct store *store, long long bytes[STORE_PART_COUNT], struct error *error);

/* Works out where the store lives: option_path (--db) when given, else
 * $NEWSIDX_DB, else $XDG_DATA_HOME/newsidx/newsidx.db, else
 * ~/.local/share/newsidx/newsidx.db.  A postgresql:// or postgres:// URI
 * given either way is returned as it is (store_open() takes it).  Returns a new string (caller frees),
 * or NULL with error set when none of these can be worked out. */
char *store_resolve_path(const char *option_path, struct error *error);

/* Sets up what the back ends' libraries keep for the whole process: SQLite
 * keeps no memory statistics, since newsidx reads none, so that every
 * allocation it makes skips a global lock (6% less CPU in an ingest).
 * Call once, before the first store_open() and before other threads
 * start; a program that does not call it works the same, a little slower. */
void store_process_init(void);

/* Opens the store at path: a PostgreSQL store when path is a
 * postgresql:// or postgres:// URI, else a SQLite file.  STORE_READ_WRITE refuses a store (or folder)
 * it cannot write, creates the file and its folder when missing, turns on
 * WAL and brings the schema up to STORE_SCHEMA_VERSION.  STORE_READ_ONLY
 * fails with a one-line error when the file does not exist, is not a store
 * or is newer than this newsidx; an older store is upgraded first (which
 * needs it writable).  A reader of a store whose folder cannot be written
 * (a read-only share) opens it immutable.  Returns 0, or -1 with error set. */
int store_open(struct store **store, const char *path, enum store_mode mode, struct error *error);

/* The schema version the store had when store_open() upgraded it, or 0
 * when it was already current (or new). */
int store_upgraded_from(const struct store *store);

/* The name of the store's back end, for messages and `stats`: "SQLite"
 * or "PostgreSQL". */
const char *store_backend_name(const struct store *store);

/* True when the store files full-text tokens made ahead of writing
 * (store_article_text_prepare() with a tokenizer): an ingest then opens a
 * tokenizer for its parsing thread.  A back end that makes its index
 * itself (PostgreSQL) wants none. */
bool store_wants_index_tokens(const struct store *store);

/* Commits any open batch, then closes the store and frees it.  Returns 0,
 * or -1 with error set when the last commit failed (the store is freed
 * either way).  NULL is allowed. */
int store_close(struct store *store, struct error *error);

/* The schema version this newsidx writes in a store of this one's back end
 * (STORE_SCHEMA_VERSION for SQLite), for messages about upgrades. */
int store_schema_version(const struct store *store);

/* True when store_open() made this store (a SQLite file that did not
 * exist). */
bool store_was_created(const struct store *store);

/* Closes the store like store_close() and, when store_open() made it,
 * removes what it made (a SQLite file, its log and shared memory), so that
 * an ingest whose every input failed leaves no empty store behind.  A
 * PostgreSQL store is only closed: its database stays as it was given.
 * Returns 0, or -1 with error set.  NULL is allowed. */
int store_discard(struct store *store, struct error *error);

/* The path the store was opened with. */
const char *store_path(const struct store *store);

/* With replace true, a date `ingest --year/--date` gives an article
 * already stored replaces one an earlier ingest gave it (`ingest --force`);
 * by default it only dates articles that have no date.  A date the
 * article's own text fixes is never replaced. */
void store_set_replace_given_dates(struct store *store, bool replace);

/* Sets how many articles go into one transaction at most (at least 1; the
 * default is 20000).  A batch also ends once it holds 32 MB of text. */
void store_set_batch_size(struct store *store, int articles_per_batch);

/* Looks up the source recorded under path (absolute, or "-").  Sets *found
 * and, when found, fills *source.  Returns 0, or -1 with error set. */
int store_source_find(struct store *store, const char *path, struct store_source *source,
                      bool *found, struct error *error);

/* Records a new modification time for a completed source whose content
 * hash showed it unchanged, so the next ingest skips it without hashing.
 * Returns 0, or -1 with error set. */
int store_source_touch(struct store *store, long long source_id, long long mtime_ns,
                       struct error *error);

/* Starts writing the articles of one source: path is its absolute path
 * ("-" for standard input) and identifies it; name is how it was given, the
 * article's source.file.  The source row is written with the first batch.
 * Returns 0, or -1 with error set (a source is already being written). */
int store_source_begin(struct store *store, const char *path, const char *name,
                       struct error *error);

/* Fills text from article (reusing text's buffers; start from a zeroed
 * struct).  With a tokenizer, also cuts the article's full-text columns
 * into tokens, so that the writer only files them; NULL leaves that to the
 * writer.  Safe to call from any thread, each with its own tokenizer. */
void store_article_text_prepare(const struct article *article, struct store_article_text *text,
                                struct store_tokenizer *tokenizer);

/* Frees the buffers of a prepared text. */
void store_article_text_free(struct store_article_text *text);


/* Opens a tokenizer that cuts text into the tokens the store's full-text
 * index is made of (FTS5's own porter and unicode61 tokenizers, run on a
 * private in-memory connection), for one thread to use with
 * store_article_text_prepare().  An ingest tokenizes in its parsing thread
 * this way, which takes about a fifth of the work off the writing thread.
 * Returns 0, or -1 with error set. */
int store_tokenizer_open(struct store_tokenizer **tokenizer, struct error *error);

/* Closes a tokenizer; NULL is allowed. */
void store_tokenizer_close(struct store_tokenizer *tokenizer);

/* How the full-text column values this store wrote were tokenized: *ahead
 * counts those filed from tokens store_article_text_prepare() made, *here
 * those FTS5 tokenized while writing (no tokens were made, or they were
 * not for that text). */
void store_index_token_counts(const struct store *store, long long *ahead, long long *here);

/* Adds an article of the current source; text is what
 * store_article_text_prepare() made of it, or NULL to have it made here.  When the same normalised text
 * (title and paragraphs) is already stored, only records that this source
 * holds it too (*is_new false), and gives it the article's date when that
 * is one ingest was given (see store_set_replace_given_dates()); otherwise stores the article, its parts and
 * its full-text entry (*is_new true).  *article_id gets the stored id
 * either way.  Commits when the batch is full.  Returns 0, or -1 with error
 * set (the open batch is then rolled back: call store_source_end() to
 * finish). */
int store_article_add(struct store *store, const struct article *article,
                      const struct store_article_text *text, bool *is_new, long long *article_id,
                      struct error *error);

/* True when the article store_article_add() last added was already stored
 * from the current source at the same line: an earlier ingest of the
 * source stored it and stopped before the end (or --force reads the
 * source again).  Such an article is neither new nor a duplicate. */
bool store_article_seen_here(const struct store *store);

/* Ends the current source.  With a fingerprint (the source was read to its
 * end) marks the source done with it, in the same transaction as its last
 * articles; with NULL (the read failed or was interrupted) leaves it not
 * done.  The batch stays open for the next source; store_tidy_index() or
 * store_close() commits it.  Returns 0, or -1 with error set (the open
 * batch is then rolled back, with any source marked done in it). */
int store_source_end(struct store *store, const struct store_fingerprint *fingerprint,
                     struct error *error);

/* Loads article id whole into *article (initialised by the call; free it
 * with article_free()): every field of SPEC section 2, source being the
 * first place the article was seen.  Sets *found false when there is no
 * such article.  Returns 0, or -1 with error set. */
int store_article_load(struct store *store, long long id, struct article *article, bool *found,
                       struct error *error);

/* Lists every place article id was seen, in the order they were recorded:
 * *provenance gets a new array of *count entries; free it with
 * store_provenance_free().  Returns 0, or -1 with error set. */
int store_article_provenance(struct store *store, long long id,
                             struct store_provenance **provenance, size_t *count,
                             struct error *error);

/* Frees an array returned by store_article_provenance(). */
void store_provenance_free(struct store_provenance *provenance, size_t count);

/* Appends every role the store's credits name (byline, photo, reporting,
 * editing, …), sorted, to roles.  Returns 0, or -1 with error set. */
int store_roles(struct store *store, struct string_list *roles, struct error *error);

/* Writes the article's date as the filters use it (articles.date,
 * yyyy-mm-dd) into date, or "" when it has none or is not stored.
 * Returns 0, or -1 with error set. */
int store_article_date(struct store *store, long long id, char date[11], struct error *error);

/* Commits the open batch, then tidies the full-text index after an ingest
 * that added articles_added articles, once it has more than a few segments:
 * merges it whole after a bulk load, a bounded part after a small one, so
 * that searches stay quick.  Returns 0, or -1 with error set. */
int store_tidy_index(struct store *store, long long articles_added, struct error *error);

/* Reports how a long upgrade step goes: what it does ("compressing the
 * stored text"), and done of total articles. */
typedef void (*store_progress_callback)(void *context, const char *what, long long done, long long total);

/* Sets where store_open() reports the progress of a schema upgrade, for
 * the rest of the process (NULL: nowhere). */
void store_set_upgrade_progress(store_progress_callback callback, void *context);

/* What store_optimize() did. */
struct store_optimized {
    long long segments_before; /* full-text index segments it found */
    long long segments_after;  /* and left (1 once merged) */
    bool vacuumed;             /* the file was rewritten to give back free pages */
};

/* Merges the full-text index into one segment, whatever its size (a
 * quiet-hour job after ingest --no-optimize), and with vacuum also
 * rewrites the file to give back the pages it no longer uses.  Returns 0,
 * or -1 with error set. */
int store_optimize(struct store *store, bool vacuum, struct store_optimized *done, struct error *error);

/* What store_check() found. */
struct store_check {
    char *database_problem; /* SQLite's integrity_check's first complaint, or NULL */
    char *index_problem;    /* the full-text index's, or NULL */
    long long articles;     /* articles checked */
};

/* Checks the store: SQLite's integrity_check, and FTS5's integrity-check,
 * which reads every article's text back (decompressed) and compares it
 * with the index.  Returns 0 with *check filled (problems or not; free it
 * with store_check_free()), or -1 with error set when it could not check. */
int store_check(struct store *store, struct store_check *check, struct error *error);

/* Frees what a check found. */
void store_check_free(struct store_check *check);

/* Counts what the store holds.  Returns 0, or -1 with error set. */
int store_stats(struct store *store, struct store_stats *stats, struct error *error);

/* Write transactions (batches) are numbered from 1 in the order they
 * open.  What store_article_add() and store_source_end() write is stored
 * only once the batch it went into commits; a batch that fails is rolled
 * back whole, with the writes of every source that shared it.  This is the
 * number of the batch open now, or 0 when none is open (the last write
 * committed, or nothing was written yet). */
long long store_batch_open_number(const struct store *store);

/* True when batch number (from store_batch_open_number()) has committed;
 * false while it is open and after it was rolled back. */
bool store_batch_committed(const struct store *store, long long number);

/* Commits the open batch now, if any (store_tidy_index() and store_close()
 * do too), so that an ingest can tell what is stored before it reports.
 * Returns 0, or -1 with error set (the batch is then rolled back). */
int store_commit(struct store *store, struct error *error);

#endif
