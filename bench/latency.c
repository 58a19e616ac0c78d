/* latency.c — runs a command many times and reports its wall-clock latency.
 *
 *   latency [--warmup W] RUNS COMMAND [ARGS...]
 *
 * Runs COMMAND W times unmeasured (default 2, so that caches are warm), then
 * RUNS times measured, with its standard output sent to /dev/null, and prints
 * one line: "median_ms=M p95_ms=P min_ms=A max_ms=B runs=N".  Exits 1 when
 * any run fails.  Plain C11 and POSIX, like the rest of bench/.
 */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Runs the command once; returns its wall time in milliseconds, or -1. */
static double run_once(char **command)
{
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t child = fork();
    if (child < 0)
        return -1;
    if (child == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0)
            dup2(null, STDOUT_FILENO);
        execvp(command[0], command);
        _exit(127);
    }
    int status;
    if (waitpid(child, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    clock_gettime(CLOCK_MONOTONIC, &end);
    return (double)(end.tv_sec - start.tv_sec) * 1e3 + (double)(end.tv_nsec - start.tv_nsec) / 1e6;
}

static int compare_doubles(const void *left, const void *right)
{
    double a = *(const double *)left, b = *(const double *)right;
    return (a > b) - (a < b);
}

int main(int argc, char **argv)
{
    int first = 1, warmup = 2;
    if (argc > 2 && strcmp(argv[1], "--warmup") == 0) {
        warmup = atoi(argv[2]);
        first = 3;
    }
    if (argc - first < 2 || atoi(argv[first]) <= 0) {
        fputs("usage: latency [--warmup W] RUNS COMMAND [ARGS...]\n", stderr);
        return 2;
    }
    int runs = atoi(argv[first]);
    char **command = argv + first + 1;
    for (int i = 0; i < warmup; i++)
        if (run_once(command) < 0) {
            fprintf(stderr, "latency: '%s' failed\n", command[0]);
            return 1;
        }
    double *times = malloc((size_t)runs * sizeof *times);
    if (times == NULL)
        return 1;
    for (int i = 0; i < runs; i++)
        if ((times[i] = run_once(command)) < 0) {
            fprintf(stderr, "latency: '%s' failed\n", command[0]);
            free(times);
            return 1;
        }
    qsort(times, (size_t)runs, sizeof *times, compare_doubles);
    int p95 = (int)((runs - 1) * 0.95 + 0.5);
    printf("median_ms=%.2f p95_ms=%.2f min_ms=%.2f max_ms=%.2f runs=%d\n", times[(runs - 1) / 2], times[p95],
           times[0], times[runs - 1], runs);
    free(times);
    return 0;
}
