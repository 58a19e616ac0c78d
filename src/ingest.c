/* ingest.c — one input into the store: skip it, or parse and store it. */
#define _XOPEN_SOURCE 700 /* realpath() */
#include "newsidx/ingest.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "newsidx/hash.h"
#include "newsidx/input.h"

/* Parsing and writing run in two threads, joined by a bounded queue: the
 * parser thread reads, extracts and prepares each article (hash, joined
 * texts, full-text tokens) while this thread writes the previous ones into
 * SQLite, so an ingest takes about as long as the slower of the two rather
 * than both. */

/* Articles the queue holds at most: enough to smooth out uneven articles,
 * few enough that memory stays small. */
#define QUEUE_SLOTS 64

/* A waiting writer is woken once this many articles are queued (or the
 * parser is done), not for each one, so that the threads do not take
 * turns article by article. */
#define QUEUE_WAKE_WRITER 16

/* One parsed article on its way to the store. */
struct queued_article {
    struct article article;          /* the article, moved out of the parser */
    struct store_article_text text;  /* what the store derives from it */
    long long bytes_done;            /* input bytes consumed once it was parsed */
};

/* The queue between the parser thread and the writing thread. */
struct article_queue {
    pthread_mutex_t lock;            /* guards every field below */
    pthread_cond_t articles_ready;   /* the writer waits on it for articles or the end */
    pthread_cond_t slots_free;       /* the parser waits on it for free slots or stop */
    bool writer_waiting;             /* the writer waits on articles_ready */
    bool parser_waiting;             /* the parser waits on slots_free */
    struct queued_article slots[QUEUE_SLOTS]; /* a ring of articles */
    size_t head;                     /* the oldest article's slot */
    size_t count;                    /* articles in the ring */
    struct queued_article *written;  /* QUEUE_SLOTS articles: written, for the parser to free */
    size_t written_count;            /* how many of them are in use */
    struct queued_article *freeing;  /* the parser's other such array (parser thread only) */
    bool stop;                       /* the writer wants no more articles */
    bool finished;                   /* the parser is done; parse_status is set */
    int parse_status;                /* input_parse_counted()'s result */
    struct input_stats stats;        /* what the parser counted (read once it is done) */
    struct error parse_error;        /* its error, when it failed */
    struct reader *reader;           /* the input (parser thread only) */
    bool tokenize;                   /* the store wants full-text tokens made ahead */
    struct store_tokenizer *tokenizer; /* cuts full-text columns into tokens (parser thread only) */
    enum input_format format;        /* how to parse it */
    struct parse_report *report;     /* counts parsed articles, or NULL (parser thread only) */
    const char *name;                /* the input's name, source.file */
    const struct article_date_given *date_given; /* what ingest was given, or NULL */
};

/* Frees what an article holds. */
static void queued_article_free(struct queued_article *item)
{
    article_free(&item->article);
    store_article_text_free(&item->text);
}

/* The parser's callback: moves the article into the queue, waiting for a
 * free slot; refuses once the writer has asked to stop.  It also frees the
 * articles the writer has written: memory goes back to the thread that
 * allocated it, which costs the allocator no locking. */
static int queue_article(struct article *article, void *context, struct error *error)
{
    struct article_queue *queue = context;
    if (queue->report != NULL)
        parse_report_add(queue->report, article);
    struct queued_article item = {.article = *article};
    article_init(article); /* the article now belongs to item */
    if (queue->date_given != NULL)
        article_date_assign(&item.article, queue->date_given);
    store_article_text_prepare(&item.article, &item.text, queue->tokenizer);
    item.bytes_done = reader_raw_offset(queue->reader);
    pthread_mutex_lock(&queue->lock);
    struct queued_article *written = queue->written;
    size_t written_count = queue->written_count;
    queue->written = queue->freeing;
    queue->written_count = 0;
    queue->freeing = written;
    while (queue->count == QUEUE_SLOTS && !queue->stop) {
        queue->parser_waiting = true;
        pthread_cond_wait(&queue->slots_free, &queue->lock);
        queue->parser_waiting = false;
    }
    bool stop = queue->stop;
    if (!stop) {
        queue->slots[(queue->head + queue->count) % QUEUE_SLOTS] = item;
        queue->count++;
        if (queue->writer_waiting && queue->count >= QUEUE_WAKE_WRITER)
            pthread_cond_signal(&queue->articles_ready);
    }
    pthread_mutex_unlock(&queue->lock);
    for (size_t i = 0; i < written_count; i++)
        queued_article_free(&written[i]);
    if (stop) {
        queued_article_free(&item);
        return error_set(error, "stopped");
    }
    return 0;
}

/* The parser thread: parses the whole input into the queue. */
static void *parse_into_queue(void *context)
{
    struct article_queue *queue = context;
    struct error error = {0};
    /* Without a tokenizer (it cannot fail where the store works) the
     * writer tokenizes, which is slower but the same.  A store that makes
     * its index itself wants none. */
    if (!queue->tokenize || store_tokenizer_open(&queue->tokenizer, &error) < 0)
        queue->tokenizer = NULL;
    error = (struct error){0};
    int status = input_parse_counted(queue->reader, queue->format, queue->name, &queue->stats,
                                     queue_article, queue, &error);
    store_tokenizer_close(queue->tokenizer);
    queue->tokenizer = NULL;
    pthread_mutex_lock(&queue->lock);
    queue->finished = true;
    queue->parse_status = status;
    queue->parse_error = error;
    pthread_cond_signal(&queue->articles_ready);
    pthread_mutex_unlock(&queue->lock);
    return NULL;
}

/* Hands a written article back for the parser to free (or frees it when
 * the parser cannot), and takes the oldest queued one into *item; false
 * once the parser is done and the queue empty.  written may be NULL (none
 * yet).  A waiting parser is woken only once half the ring is free, so
 * that the threads do not wake each other for every article. */
static bool queue_take(struct article_queue *queue, struct queued_article *written,
                       struct queued_article *item)
{
    struct queued_article dropped;
    pthread_mutex_lock(&queue->lock);
    bool handed_back = written != NULL && !queue->finished && queue->written_count < QUEUE_SLOTS;
    if (handed_back)
        queue->written[queue->written_count++] = *written;
    else if (written != NULL)
        dropped = *written;
    while (queue->count == 0 && !queue->finished) {
        queue->writer_waiting = true;
        pthread_cond_wait(&queue->articles_ready, &queue->lock);
        queue->writer_waiting = false;
    }
    bool taken = queue->count > 0;
    if (taken) {
        *item = queue->slots[queue->head];
        queue->head = (queue->head + 1) % QUEUE_SLOTS;
        queue->count--;
        if (queue->parser_waiting && queue->count <= QUEUE_SLOTS / 2)
            pthread_cond_signal(&queue->slots_free);
    }
    pthread_mutex_unlock(&queue->lock);
    if (written != NULL && !handed_back)
        queued_article_free(&dropped);
    return taken;
}

/* Asks the parser to stop; what it already queued is still taken. */
static void queue_stop(struct article_queue *queue)
{
    pthread_mutex_lock(&queue->lock);
    queue->stop = true;
    pthread_cond_signal(&queue->slots_free);
    pthread_mutex_unlock(&queue->lock);
}

/* How writing an input's articles ended. */
enum write_outcome {
    WRITE_PARSED_ALL,   /* the input was read to its end and all of it stored */
    WRITE_INPUT_FAILED, /* the input failed; the articles before the failure are stored */
    WRITE_STORE_FAILED, /* the store refused an article */
    WRITE_INTERRUPTED   /* the interrupt stopped it after an article */
};

/* Parses the reader's input in a second thread and stores its articles.
 * Fills the counts of *result; error is set unless all went well. */
static enum write_outcome parse_and_store(struct store *store, struct reader *reader, enum input_format format,
                                          const char *name, const struct ingest_options *options,
                                          struct ingest_result *result, struct error *error)
{
    struct article_queue queue = {.reader = reader, .format = format, .name = name, .report = options->report,
                                  .date_given = options->date_given.year ? &options->date_given : NULL,
                                  .tokenize = store_wants_index_tokens(store)};
    queue.written = checked_malloc(QUEUE_SLOTS * sizeof *queue.written);
    queue.freeing = checked_malloc(QUEUE_SLOTS * sizeof *queue.freeing);
    pthread_mutex_init(&queue.lock, NULL);
    pthread_cond_init(&queue.articles_ready, NULL);
    pthread_cond_init(&queue.slots_free, NULL);
    pthread_t parser;
    int thread_status = pthread_create(&parser, NULL, parse_into_queue, &queue);
    enum write_outcome outcome = WRITE_PARSED_ALL;
    if (thread_status != 0) {
        error_set(error, "cannot start a thread to read %s: %s",
                  text_quote_name(name).text, strerror(thread_status));
        outcome = WRITE_STORE_FAILED;
        goto done;
    }
    struct queued_article item;
    bool written = false;
    while (queue_take(&queue, written ? &item : NULL, &item)) {
        written = true;
        bool is_new;
        long long id;
        if (outcome == WRITE_STORE_FAILED) {
            /* The store failed: the rest is dropped and will be read again. */
        } else if (store_article_add(store, &item.article, &item.text, &is_new, &id, error) < 0) {
            outcome = WRITE_STORE_FAILED;
            queue_stop(&queue);
        } else {
            bool already_stored = !is_new && store_article_seen_here(store);
            if (is_new)
                result->articles_new++;
            else if (already_stored)
                result->articles_already_stored++;
            else
                result->articles_duplicate++;
            /* Which of them are not committed yet: those in the open batch
             * (a batch that opened since the last article means the one
             * before it committed; none open, that all did). */
            long long batch = store_batch_open_number(store);
            if (batch != result->pending_batch) {
                result->pending_batch = batch;
                result->pending_new = result->pending_duplicate = result->pending_already_stored = 0;
            }
            if (batch != 0) {
                if (is_new)
                    result->pending_new++;
                else if (already_stored)
                    result->pending_already_stored++;
                else
                    result->pending_duplicate++;
            }
            if (options->progress != NULL)
                options->progress(options->progress_context, item.bytes_done);
            /* Interrupted: the parser stops, and the articles it has
             * already queued (a few dozen at most) are still stored, since
             * standard input cannot be read again. */
            if (outcome == WRITE_PARSED_ALL && options->interrupt != NULL && *options->interrupt) {
                outcome = WRITE_INTERRUPTED;
                queue_stop(&queue);
            }
        }
    }
    pthread_join(parser, NULL);
    result->repairs = queue.stats.repairs;
    if (outcome == WRITE_PARSED_ALL && queue.parse_status < 0) {
        /* A reader waiting for a pipe gives up when interrupted. */
        if (reader_interrupted(reader)) {
            outcome = WRITE_INTERRUPTED;
        } else {
            outcome = WRITE_INPUT_FAILED;
            *error = queue.parse_error;
        }
    }
done:
    for (size_t i = 0; i < queue.written_count; i++)
        queued_article_free(&queue.written[i]);
    free(queue.written);
    free(queue.freeing);
    pthread_cond_destroy(&queue.articles_ready);
    pthread_cond_destroy(&queue.slots_free);
    pthread_mutex_destroy(&queue.lock);
    return outcome;
}

bool ingest_result_settle(struct ingest_result *result, const struct store *store)
{
    bool taken_back = false;
    if (result->pending_batch != 0 && !store_batch_committed(store, result->pending_batch)) {
        result->articles_new -= result->pending_new;
        result->articles_duplicate -= result->pending_duplicate;
        result->articles_already_stored -= result->pending_already_stored;
        taken_back = result->pending_new + result->pending_duplicate + result->pending_already_stored > 0;
    }
    result->pending_batch = result->pending_new = result->pending_duplicate = 0;
    result->pending_already_stored = 0;
    if (result->completion_batch != 0 && !store_batch_committed(store, result->completion_batch)) {
        if (result->outcome == INGEST_READ)
            result->outcome = INGEST_STORE_FAILED;
        taken_back = true;
    }
    result->completion_batch = 0;
    return taken_back;
}

void ingest_date_given_text(const struct article_date_given *given, char text[11])
{
    text[0] = '\0';
    if (given->year != 0 && given->month != 0)
        calendar_format((struct calendar_date){given->year, given->month, given->day}, text);
    else if (given->year != 0)
        snprintf(text, 11, "%04d", given->year % 10000);
}

long long ingest_input_size(const char *name)
{
    struct stat status;
    if (strcmp(name, "-") == 0 || stat(name, &status) < 0 || !S_ISREG(status.st_mode))
        return -1;
    return (long long)status.st_size;
}

/* Hashes the bytes of the file at path into hex. */
static int hash_file(const char *path, char hex[CONTENT_HASH_HEX_LENGTH + 1], struct error *error)
{
    int descriptor = open(path, O_RDONLY);
    if (descriptor < 0)
        return error_set(error, "cannot open %s: %s", text_quote_name(path).text, strerror(errno));
    static char chunk[256 * 1024];
    struct content_hash hash;
    content_hash_init(&hash);
    ssize_t count;
    while ((count = read(descriptor, chunk, sizeof chunk)) > 0)
        content_hash_update(&hash, chunk, (size_t)count);
    int saved_errno = errno;
    close(descriptor);
    if (count < 0)
        return error_set(error, "cannot read %s: %s", text_quote_name(path).text, strerror(saved_errno));
    content_hash_finish_hex(&hash, hex);
    return 0;
}

/* Decides whether a completed source is unchanged: same size and mtime, or
 * same size and content hash (then its new mtime is recorded). */
static int source_unchanged(struct store *store, const struct store_source *source,
                            const struct store_fingerprint *now, const char *name,
                            bool *unchanged, struct error *error)
{
    *unchanged = false;
    if (!source->completed || source->fingerprint.size != now->size)
        return 0;
    if (source->fingerprint.mtime_ns == now->mtime_ns) {
        *unchanged = true;
        return 0;
    }
    char hash[CONTENT_HASH_HEX_LENGTH + 1];
    if (hash_file(name, hash, error) < 0)
        return -1;
    if (strcmp(hash, source->fingerprint.content_hash) != 0)
        return 0;
    *unchanged = true;
    return store_source_touch(store, source->id, now->mtime_ns, error);
}

int ingest_file(struct store *store, const char *name, const struct ingest_options *options,
                struct ingest_result *result, struct error *error)
{
    memset(result, 0, sizeof *result);
    result->outcome = INGEST_INPUT_FAILED;
    /* The name as articles and the store show it: a file name is any
     * bytes, and what is not UTF-8 in it becomes U+FFFD (the path keeps
     * the bytes, to find the file again). */
    struct buffer shown_name = {0};
    bool from_stdin = strcmp(name, "-") == 0;
    struct store_fingerprint fingerprint = {.size = 0};
    bool regular = false;
    char *path = NULL;
    if (from_stdin) {
        path = checked_strdup("-");
    } else {
        struct stat status;
        if (stat(name, &status) < 0)
            return error_set(error, "cannot open %s: %s", text_quote_name(name).text, strerror(errno));
        if (S_ISDIR(status.st_mode))
            return error_set(error, "cannot read %s: it is a folder", text_quote_name(name).text);
        regular = S_ISREG(status.st_mode);
        /* A regular file is known by its absolute path; anything else (a
         * pipe, a device) by its name, and it is always read. */
        char *resolved = regular ? realpath(name, NULL) : NULL;
        if (regular && resolved == NULL)
            return error_set(error, "cannot open %s: %s", text_quote_name(name).text, strerror(errno));
        path = checked_strdup(regular ? resolved : name);
        free(resolved);
        fingerprint.size = (long long)status.st_size;
        fingerprint.mtime_ns = (long long)status.st_mtim.tv_sec * 1000000000LL + status.st_mtim.tv_nsec;
    }

    ingest_date_given_text(&options->date_given, fingerprint.date_given);
    int status = -1;
    if (regular) {
        struct store_source source;
        bool found, unchanged = false;
        if (store_source_find(store, path, &source, &found, error) < 0) {
            result->outcome = INGEST_STORE_FAILED;
            goto done;
        }
        /* Given a year or date it was not read with, an unchanged file
         * is read again, so that its articles stored before get it. */
        bool same_date_given = options->date_given.year == 0 ||
                               strcmp(source.fingerprint.date_given, fingerprint.date_given) == 0;
        if (found && !options->force && same_date_given &&
            source_unchanged(store, &source, &fingerprint, name, &unchanged, error) < 0)
            goto done;
        if (unchanged) {
            result->outcome = INGEST_SKIPPED;
            status = 0;
            goto done;
        }
        /* The hash is taken before reading: if the file changes meanwhile,
         * the next ingest sees a difference and reads it again. */
        if (hash_file(name, fingerprint.content_hash, error) < 0)
            goto done;
    }

    utf8_append_repaired(&shown_name, name, strlen(name));
    struct reader *reader = NULL;
    if (reader_open_interruptible(&reader, name, options->interrupt, error) < 0) {
        /* Waiting for the first bytes of a pipe or FIFO, interrupted. */
        if (options->interrupt != NULL && *options->interrupt) {
            error_clear(error);
            result->outcome = INGEST_INTERRUPTED;
            status = 0;
        }
        goto done;
    }
    /* What is not news is not stored, not even as a source. */
    enum input_format format = INPUT_FORMAT_UNKNOWN;
    if (input_choose_format(reader, options->format, name, &format, error) < 0) {
        reader_close(reader);
        goto done;
    }
    if (format == INPUT_FORMAT_UNKNOWN) {
        result->bytes = 0;
        reader_close(reader);
        result->outcome = INGEST_NOT_NEWS;
        status = 0;
        goto done;
    }
    if (store_source_begin(store, path, shown_name.data, error) < 0) {
        reader_close(reader);
        result->outcome = INGEST_STORE_FAILED;
        goto done;
    }
    enum write_outcome written = parse_and_store(store, reader, format, shown_name.data, options, result, error);
    /* A pipe has no size: what came through it is what counts. */
    result->bytes = regular ? fingerprint.size : reader_bytes_read(reader);
    if (!regular)
        fingerprint.size = result->bytes;
    reader_close(reader);

    /* Only an input read to its end is marked done; anything else keeps
     * the complete articles read so far and will be read again. */
    bool complete = written == WRITE_PARSED_ALL;
    struct error end_error = {0};
    int end_status = store_source_end(store, complete ? &fingerprint : NULL, &end_error);
    if (end_status == 0 && complete)
        result->completion_batch = store_batch_open_number(store); /* marked done in it */
    if (end_status < 0) {
        *error = end_error;
        result->outcome = INGEST_STORE_FAILED;
    } else if (written == WRITE_STORE_FAILED) {
        result->outcome = INGEST_STORE_FAILED;
    } else if (written == WRITE_INTERRUPTED) {
        result->outcome = INGEST_INTERRUPTED;
        status = 0;
    } else if (complete) {
        result->outcome = INGEST_READ;
        status = 0;
    }
done:
    buffer_free(&shown_name);
    free(path);
    return status;
}
