/* store_roundtrip.c — parse -> store -> load gives back the same article.
 *
 *   store_roundtrip STORE FILE...
 *
 * Ingests each FILE into a new store at STORE article by article, loads
 * every article back by its id and compares the two as SPEC article JSON
 * (with the id).  An article already stored (a duplicate) is compared
 * without its source, which is the first place it was seen.  Prints one
 * PASS or FAIL line per file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsidx/article_print.h"
#include "newsidx/input.h"
#include "newsidx/store.h"

/* What the callback needs. */
struct roundtrip {
    struct store *store;  /* the store under test */
    long articles;        /* articles compared */
    long mismatches;      /* articles that came back different */
    char *first_mismatch; /* "parsed\nloaded" JSON of the first one, or NULL */
};

/* The article as one line of JSON (caller frees). */
static char *article_json(const struct article *article)
{
    char *text = NULL;
    size_t length = 0;
    FILE *out = open_memstream(&text, &length);
    struct printer *printer = printer_new(OUTPUT_FORMAT_NDJSON, out, true);
    article_print(printer, article);
    printer_finish(printer);
    fclose(out);
    return text;
}

static int compare_article(struct article *parsed, void *context, struct error *error)
{
    struct roundtrip *roundtrip = context;
    bool is_new, found;
    long long id;
    if (store_article_add(roundtrip->store, parsed, NULL, &is_new, &id, error) < 0)
        return -1;
    struct article loaded;
    if (store_article_load(roundtrip->store, id, &loaded, &found, error) < 0)
        return -1;
    if (!found)
        return error_set(error, "article %lld was stored but cannot be loaded", id);
    parsed->id = id;
    if (!is_new) { /* the loaded source is where it was first seen */
        free(loaded.source.file);
        loaded.source.file = NULL;
        loaded.source.first_line = loaded.source.last_line = 0;
        free(parsed->source.file);
        parsed->source.file = NULL;
        parsed->source.first_line = parsed->source.last_line = 0;
    }
    char *want = article_json(parsed), *got = article_json(&loaded);
    roundtrip->articles++;
    if (strcmp(want, got) != 0 && roundtrip->mismatches++ == 0) {
        size_t size = strlen(want) + strlen(got) + 16;
        roundtrip->first_mismatch = malloc(size);
        snprintf(roundtrip->first_mismatch, size, "parsed %s loaded %s", want, got);
    }
    free(want);
    free(got);
    article_free(&loaded);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: store_roundtrip STORE FILE...\n", stderr);
        return 2;
    }
    struct error error = {0};
    struct store *store = NULL;
    if (store_open(&store, argv[1], STORE_READ_WRITE, &error) < 0) {
        printf("FAIL roundtrip: %s\n", error.message);
        return 1;
    }
    store_set_batch_size(store, 7); /* cross batch boundaries */
    int failures = 0;
    for (int i = 2; i < argc; i++) {
        struct roundtrip roundtrip = {.store = store};
        struct reader *reader = NULL;
        struct store_fingerprint fingerprint = {.size = 0};
        int status = reader_open(&reader, argv[i], &error) < 0 ||
                             store_source_begin(store, argv[i], argv[i], &error) < 0
                         ? -1
                         : input_parse(reader, INPUT_FORMAT_UNKNOWN, argv[i], compare_article,
                                       &roundtrip, &error);
        reader_close(reader);
        if (store_source_end(store, status == 0 ? &fingerprint : NULL, status == 0 ? &error : NULL) < 0)
            status = -1;
        if (status < 0) {
            printf("FAIL roundtrip %s: %s\n", argv[i], error.message);
            failures++;
        } else if (roundtrip.mismatches > 0) {
            printf("FAIL roundtrip %s: %ld of %ld articles differ; first: %.2000s\n", argv[i],
                   roundtrip.mismatches, roundtrip.articles, roundtrip.first_mismatch);
            failures++;
        } else {
            printf("PASS roundtrip %s (%ld articles)\n", argv[i], roundtrip.articles);
        }
        free(roundtrip.first_mismatch);
    }
    store_close(store, NULL);
    wire_release();
    return failures > 0;
}
