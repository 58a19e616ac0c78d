/* ingest.c — one input into the store: skip it, or parse and store it. */
#define _XOPEN_SOURCE 700 /* realpath() */
#include "newsidx/ingest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "newsidx/hash.h"
#include "newsidx/input.h"

/* What the article callback needs while an input is parsed. */
struct ingest_run {
    struct store *store;                   /* where articles go */
    struct reader *reader;                 /* the input, for progress */
    const struct ingest_options *options;  /* interrupt flag and progress callback */
    struct ingest_result *result;          /* counts to fill */
    bool interrupted;                      /* the interrupt stopped the parse */
    bool store_failed;                     /* the store refused an article */
};

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
        return error_set(error, "cannot open '%s': %s", path, strerror(errno));
    static char chunk[256 * 1024];
    struct content_hash hash;
    content_hash_init(&hash);
    ssize_t count;
    while ((count = read(descriptor, chunk, sizeof chunk)) > 0)
        content_hash_update(&hash, chunk, (size_t)count);
    int saved_errno = errno;
    close(descriptor);
    if (count < 0)
        return error_set(error, "cannot read '%s': %s", path, strerror(saved_errno));
    content_hash_finish_hex(&hash, hex);
    return 0;
}

static int store_one_article(struct article *article, void *context, struct error *error)
{
    struct ingest_run *run = context;
    bool is_new;
    long long id;
    if (store_article_add(run->store, article, &is_new, &id, error) < 0) {
        run->store_failed = true;
        return -1;
    }
    if (is_new)
        run->result->articles_new++;
    else
        run->result->articles_duplicate++;
    if (run->options->progress != NULL)
        run->options->progress(run->options->progress_context, reader_raw_offset(run->reader));
    if (run->options->interrupt != NULL && *run->options->interrupt) {
        run->interrupted = true;
        return error_set(error, "interrupted");
    }
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
    bool from_stdin = strcmp(name, "-") == 0;
    struct store_fingerprint fingerprint = {.size = 0};
    bool regular = false;
    char *path = NULL;
    if (from_stdin) {
        path = checked_strdup("-");
    } else {
        struct stat status;
        if (stat(name, &status) < 0)
            return error_set(error, "cannot open '%s': %s", name, strerror(errno));
        if (S_ISDIR(status.st_mode))
            return error_set(error, "cannot read '%s': it is a folder", name);
        regular = S_ISREG(status.st_mode);
        /* A regular file is known by its absolute path; anything else (a
         * pipe, a device) by its name, and it is always read. */
        char *resolved = regular ? realpath(name, NULL) : NULL;
        if (regular && resolved == NULL)
            return error_set(error, "cannot open '%s': %s", name, strerror(errno));
        path = checked_strdup(regular ? resolved : name);
        free(resolved);
        fingerprint.size = (long long)status.st_size;
        fingerprint.mtime_ns = (long long)status.st_mtim.tv_sec * 1000000000LL + status.st_mtim.tv_nsec;
    }

    int status = -1;
    if (regular) {
        struct store_source source;
        bool found, unchanged = false;
        if (store_source_find(store, path, &source, &found, error) < 0) {
            result->outcome = INGEST_STORE_FAILED;
            goto done;
        }
        if (found && !options->force &&
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

    struct reader *reader = NULL;
    if (reader_open(&reader, name, error) < 0)
        goto done;
    if (store_source_begin(store, path, name, error) < 0) {
        reader_close(reader);
        result->outcome = INGEST_STORE_FAILED;
        goto done;
    }
    struct ingest_run run = {.store = store, .reader = reader, .options = options, .result = result};
    int parsed = input_parse(reader, options->format, name, store_one_article, &run, error);
    result->bytes = regular ? fingerprint.size : reader_raw_offset(reader);
    if (!regular)
        fingerprint.size = result->bytes;
    reader_close(reader);

    /* Only an input read to its end is marked done; anything else keeps
     * the complete articles read so far and will be read again. */
    bool complete = parsed == 0;
    struct error end_error = {0};
    if (store_source_end(store, complete ? &fingerprint : NULL, &end_error) < 0) {
        *error = end_error;
        result->outcome = INGEST_STORE_FAILED;
    } else if (run.store_failed) {
        result->outcome = INGEST_STORE_FAILED;
    } else if (run.interrupted) {
        result->outcome = INGEST_INTERRUPTED;
        error_clear(error);
        status = 0;
    } else if (complete) {
        result->outcome = INGEST_READ;
        status = 0;
    }
done:
    free(path);
    return status;
}
