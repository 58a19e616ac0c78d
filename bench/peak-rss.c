/*
 * peak-rss.c - run a command and report its peak resident set size.
 *
 *   peak-rss COMMAND [ARGS...]
 *
 * Runs COMMAND (looked up in PATH) with stdin, stdout and stderr inherited,
 * waits for it with wait4(), then prints one line to stderr:
 *
 *   peak_rss_kb=N wall_seconds=S.SSS
 *
 * and exits with the command's exit status (128+signal if it was killed by a
 * signal, 127 if it could not be run, 126 if it was found but not executable).
 * N is ru_maxrss of the child as reported by wait4(); on Linux that is the
 * largest RSS of the child or of any descendant it waited for (a maximum,
 * not a sum over processes).
 *
 * Build: cc -std=c11 -O2 -Wall -Wextra -Werror -pedantic -o peak-rss peak-rss.c
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    struct sigaction ign, old_int, old_quit;
    struct rusage ru;
    double t0, t1;
    pid_t pid, r;
    int status, code, first = 1;

    if (argc > 1 && strcmp(argv[1], "--") == 0) first = 2;
    if (argc <= first || (first == 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))) {
        int help = argc > first;
        fputs("usage: peak-rss COMMAND [ARGS...]\n"
              "  runs COMMAND, then prints 'peak_rss_kb=N wall_seconds=S.SSS' to stderr\n"
              "  and exits with COMMAND's exit status\n", help ? stdout : stderr);
        return help ? 0 : 2;
    }

    /* like time(1): while the child runs, let ^C / ^\ go to it, not to us */
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGINT, &ign, &old_int);
    sigaction(SIGQUIT, &ign, &old_quit);

    fflush(NULL);
    t0 = now();
    pid = fork();
    if (pid < 0) {
        fprintf(stderr, "peak-rss: fork: %s\n", strerror(errno));
        return 1;
    }
    if (pid == 0) {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGQUIT, &old_quit, NULL);
        execvp(argv[first], argv + first);
        code = errno == ENOENT ? 127 : 126;
        fprintf(stderr, "peak-rss: %s: %s\n", argv[first], strerror(errno));
        _exit(code);
    }

    do r = wait4(pid, &status, 0, &ru);
    while (r < 0 && errno == EINTR);
    t1 = now();
    if (r < 0) {
        fprintf(stderr, "peak-rss: wait4: %s\n", strerror(errno));
        return 1;
    }

    fprintf(stderr, "peak_rss_kb=%ld wall_seconds=%.3f\n", (long)ru.ru_maxrss, t1 - t0);

    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 1;
}
