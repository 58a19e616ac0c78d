/* ingest.h — reading one input into the store, incrementally.
 *
 * ingest_file() decides whether an input must be read at all (a file whose
 * size and modification time, or else whose content hash, match its last
 * complete ingest is skipped), parses it with input_parse() and hands each
 * article to the store.  It never prints: progress goes to a callback and
 * the outcome into a result for the CLI to report.
 */
#ifndef NEWSIDX_INGEST_H
#define NEWSIDX_INGEST_H

#include <signal.h>
#include <stdbool.h>

#include "newsidx/article_date.h"
#include "newsidx/error.h"
#include "newsidx/parse_report.h"
#include "newsidx/reader.h"
#include "newsidx/store.h"

/* Called after each article with the bytes of the current input consumed
 * so far (compressed bytes for gzip; 0 when unknown, as on a pipe). */
typedef void (*ingest_progress_callback)(void *context, long long bytes_done);

/* How to ingest. */
struct ingest_options {
    enum input_format format;               /* INPUT_FORMAT_UNKNOWN: detect from content */
    bool force;                             /* read even inputs that are unchanged */
    const volatile sig_atomic_t *interrupt; /* when it becomes non-zero, stop reading
                                               (also while waiting for a pipe) and store
                                               the articles already parsed; may be NULL */
    ingest_progress_callback progress;      /* may be NULL */
    void *progress_context;                 /* handed to progress */
    struct parse_report *report;            /* counts every parsed article's dateline form
                                               and suspects (parse_report.h); may be NULL */
    struct article_date_given date_given;   /* --year or --date for copy that carries no
                                               year: fills in what the text does not
                                               fix; year 0 when not given */
};

/* What became of one input. */
enum ingest_outcome {
    INGEST_READ,          /* read to its end and marked done */
    INGEST_SKIPPED,       /* unchanged since its last complete ingest: not read */
    INGEST_INTERRUPTED,   /* stopped by the interrupt; what was read is stored */
    INGEST_NOT_NEWS,      /* the input looks like no news format: nothing read or
                             recorded (input.h's input_choose_format()) */
    INGEST_INPUT_FAILED,  /* the input could not be read or is not text; complete
                             articles before the failure are stored */
    INGEST_STORE_FAILED   /* the store failed; give up on the whole ingest */
};

/* The outcome of one input and its counts. */
struct ingest_result {
    enum ingest_outcome outcome; /* what happened */
    long long articles_new;      /* articles stored for the first time */
    long long articles_duplicate;/* articles already stored from elsewhere (only this
                                    source was recorded as another of theirs) */
    long long articles_already_stored; /* articles an earlier ingest of this same
                                    source stored (it stopped part-way, or --force) */
    long long repairs;           /* malformed parts of the input repaired while parsing it
                                    (input.h's input_stats.repairs: SGML and XML only) */
    long long bytes;             /* bytes read from disk (0 when skipped or unknown) */
    long long pending_batch;     /* the store's batch that holds the last of these
                                    articles, while it may not have committed (0: none) */
    long long pending_new;       /* how many of articles_new are in pending_batch */
    long long pending_duplicate; /* how many of articles_duplicate are in it */
    long long pending_already_stored; /* how many of articles_already_stored are in it */
    long long completion_batch;  /* the batch that marks the input done (0: none) */
};

/* Makes *result say exactly what is stored, once the store's last batch
 * has committed or failed (after store_commit()): the articles of a batch
 * that was rolled back are taken off its counts, and an input whose
 * completion was rolled back is INGEST_STORE_FAILED again (it will be read
 * again).  Returns true when anything was taken back. */
bool ingest_result_settle(struct ingest_result *result, const struct store *store);

/* Writes what ingest was given as text ("2017", "2017-03-04", or "" for
 * nothing), as the store records it with the source. */
void ingest_date_given_text(const struct article_date_given *given, char text[11]);

/* The size of the input in bytes for progress totals, or -1 when it is not
 * a regular file (standard input, a pipe) or cannot be examined. */
long long ingest_input_size(const char *name);

/* Ingests the input called name (a path, or "-" for standard input) into
 * the store.  Fills *result.  Returns 0 when the input was read, skipped,
 * interrupted or found not to be news, -1 with error set when it or the
 * store failed (which one is in result->outcome). */
int ingest_file(struct store *store, const char *name, const struct ingest_options *options,
                struct ingest_result *result, struct error *error);

#endif
