/* query-latency.c — the latency of searches inside one process, warm.
 *
 *   query-latency STORE RUNS -- SEARCH-ARGUMENTS [-- SEARCH-ARGUMENTS ...]
 *
 * Opens the store once, then for each query (the words and options after
 * each "--", as `newsidx search` takes them, limited to --dateline,
 * --reporter, --sort and --limit) runs the search RUNS times after two
 * warm-up runs, hits and snippets included, and prints one line:
 * "median_ms=M p95_ms=P hits=H  QUERY".  This is the library's cost;
 * `bench/latency` measures the whole command, process start included.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "newsidx/query.h"
#include "newsidx/search.h"
#include "newsidx/wire.h"

static int count_hit(const struct search_hit *hit, void *context, struct error *error)
{
    (void)error;
    /* Touch what a printer would read, so nothing is optimised away. */
    *(long *)context += (long)(hit->snippet ? strlen(hit->snippet) : 0) + (hit->title ? 1 : 0);
    return 0;
}

static double now_ms(void)
{
    struct timespec clock;
    clock_gettime(CLOCK_MONOTONIC, &clock);
    return (double)clock.tv_sec * 1e3 + (double)clock.tv_nsec / 1e6;
}

static int compare_doubles(const void *left, const void *right)
{
    double a = *(const double *)left, b = *(const double *)right;
    return (a > b) - (a < b);
}

int main(int argc, char **argv)
{
    if (argc < 5 || strcmp(argv[3], "--") != 0) {
        fputs("usage: query-latency STORE RUNS -- SEARCH-ARGUMENTS [-- SEARCH-ARGUMENTS ...]\n", stderr);
        return 2;
    }
    struct store *store;
    struct error error = {0};
    if (store_open(&store, argv[1], STORE_READ_ONLY, &error) < 0) {
        fprintf(stderr, "query-latency: %s\n", error.message);
        return 1;
    }
    int runs = atoi(argv[2]);
    double *times = calloc((size_t)(runs > 0 ? runs : 1), sizeof *times);
    int status = 0;
    for (int first = 4; first < argc && status == 0;) {
        int last = first;
        while (last < argc && strcmp(argv[last], "--") != 0)
            last++;
        struct search_request request = {.limit = 20};
        struct buffer words = {0}, label = {0};
        for (int i = first; i < last; i++) {
            buffer_append_string(&label, i > first ? " " : "");
            buffer_append_string(&label, argv[i]);
            if (strcmp(argv[i], "--dateline") == 0 && i + 1 < last) {
                request.dateline = argv[++i];
                buffer_append_string(&label, " ");
                buffer_append_string(&label, argv[i]);
            } else if (strcmp(argv[i], "--reporter") == 0 && i + 1 < last) {
                request.reporter = argv[++i];
                buffer_append_string(&label, " ");
                buffer_append_string(&label, argv[i]);
            } else if (strcmp(argv[i], "--sort=newest") == 0) {
                request.sort = SEARCH_SORT_NEWEST;
            } else if (strcmp(argv[i], "--sort=rank") == 0) {
                request.sort = SEARCH_SORT_RANK;
            } else {
                buffer_append_string(&words, words.length ? " " : "");
                buffer_append_string(&words, argv[i]);
            }
        }
        struct query query;
        if (query_parse(words.data ? words.data : "", &query, &error) < 0) {
            fprintf(stderr, "query-latency: %s\n", error.message);
            status = 1;
        }
        request.fts_expression = status == 0 ? query.fts_expression : NULL;
        long hits = 0;
        for (int run = -2; status == 0 && run < runs; run++) {
            long touched = 0;
            double start = now_ms();
            if (store_search(store, &request, count_hit, &touched, &error) < 0) {
                fprintf(stderr, "query-latency: %s\n", error.message);
                status = 1;
            }
            if (run >= 0)
                times[run] = now_ms() - start;
            hits = touched;
        }
        if (status == 0) {
            qsort(times, (size_t)runs, sizeof *times, compare_doubles);
            printf("median_ms=%.2f p95_ms=%.2f  %s\n", times[(runs - 1) / 2],
                   times[(int)((runs - 1) * 0.95 + 0.5)], label.data);
            query_free(&query);
        }
        (void)hits;
        buffer_free(&words);
        buffer_free(&label);
        first = last + 1;
    }
    free(times);
    store_close(store, NULL);
    return status;
}
