/* cmd_ingest.c — `newsidx ingest FILE…|-`: parse inputs and store them.
 *
 * Options and output only: ingest.c decides what to read and store.c how
 * to store it.  A progress bar goes to stderr when it is a terminal; the
 * summary goes to stdout, as text or (--json) through the printer.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "newsidx/ingest.h"
#include "newsidx/input.h"

static const char ingest_usage[] =
    "usage: newsidx [--db PATH] ingest [--json] [--quiet] [--force] [--input-format=NAME]\n"
    "                                  [--include=GLOB] [--exclude=GLOB] [--batch-size=N]\n"
    "                                  [--year=YYYY|--date=YYYY-MM-DD]\n"
    "                                  FILE...|DIRECTORY...|-\n"
    "\n"
    "Parse news dumps and store their articles.  A file ingested before and\n"
    "unchanged since is skipped; an article already stored (same text) is not\n"
    "stored again, but the new file is recorded as one of its sources.\n"
    "FILE may be gzip-compressed; - reads standard input; a DIRECTORY is read\n"
    "file by file (sorted, subdirectories included), as for a directory of RCV1\n"
    "items.  Wire text, Reuters-21578 SGML, RCV1 and NITF XML are told apart by\n"
    "their content; a file that looks like none of them (a README, a password\n"
    "file) is not stored and is counted as not news.\n"
    "\n"
    "  --json                print the summary as JSON (--format=json does the same)\n"
    "  --format=text|json    the summary as text (the default) or JSON\n"
    "  --quiet, -q           no progress bar and no text summary\n"
    "  --force, -f           read files even when they are unchanged\n"
    "  --input-format=NAME   read as NAME (wire, sgml, rcv1, nitf) instead of detecting\n"
    "                        it; an input that plainly is another format is refused\n"
    "  --include=GLOB        in a DIRECTORY, read only the files GLOB matches (repeatable;\n"
    "                        '*.txt' matches the name, '2019/feb-*' the path below it)\n"
    "  --exclude=GLOB        in a DIRECTORY, leave out the files (and folders) GLOB matches\n"
    "  --year=YYYY           the year of copy that carries none: a dateline's \"March 4\"\n"
    "                        whose year the article does not fix gets this one\n"
    "                        (date_source ingest-year)\n"
    "  --date=YYYY-MM-DD     the day of such copy: dateline dates take the nearest year,\n"
    "                        and an article with no date at all gets this day\n"
    "                        (ingest-date).  Neither replaces a date the text fixes;\n"
    "                        an unchanged file is read again when given another\n"
    "                        year or date, and with --force a date given before\n"
    "                        is replaced\n"
    "  --batch-size=N        commit every N articles at most (default 20000, and at\n"
    "                        least every 32 MB of text): smaller shows new articles\n"
    "                        to readers sooner and loses less to a crash, but is slower\n"
    "  --no-optimize         skip tidying the full-text index at the end: once it has\n"
    "                        more than 4 segments (one per batch), a bulk load (a\n"
    "                        twentieth of the store or more) merges it whole, which\n"
    "                        makes searches several times quicker but costs about a\n"
    "                        fifth of the ingest's time\n"
    "\n"
    "The store is --db PATH, else $NEWSIDX_DB, else $XDG_DATA_HOME/newsidx/newsidx.db\n"
    "(~/.local/share/newsidx/newsidx.db); it and its folder are created when missing.\n"
    "Ctrl-C (or SIGTERM) stops once the articles already read are stored, also\n"
    "while waiting for a pipe or a FIFO (exit status 130); the same ingest again\n"
    "goes on where it stopped, counting what it had stored as already stored\n"
    "rather than as duplicates.\n"
    "\n"
    "example: newsidx ingest dumps/*.txt.gz\n";

/* Set by SIGINT/SIGTERM; ingest_file() stops once the articles already
 * parsed are stored. */
static volatile sig_atomic_t interrupt_requested;

static void request_interrupt(int signal_number)
{
    (void)signal_number;
    interrupt_requested = 1;
}

/* Seconds on a monotonic clock. */
static double now_seconds(void)
{
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return (double)time.tv_sec + (double)time.tv_nsec / 1e9;
}

/* The progress bar on stderr. */
struct progress {
    bool enabled;            /* stderr is a terminal and --quiet was not given */
    bool drawn;              /* a bar is on screen and must be cleared */
    long long total_bytes;   /* bytes of all inputs, or -1 when unknown */
    long long bytes_before;  /* bytes of the inputs already finished */
    long long articles;      /* articles handled so far, all inputs */
    double started;          /* when the ingest started */
    double last_drawn;       /* when the bar was last drawn */
    const char *file;        /* the input being read */
    size_t file_number;      /* its place among the inputs, from 1 */
    size_t file_count;       /* how many inputs there are */
};

/* How often the bar is redrawn at most, in seconds. */
#define PROGRESS_INTERVAL 0.1

/* The widest the bar itself gets, in characters. */
#define PROGRESS_BAR_WIDTH 24

/* The width of the terminal stderr shows, kept a column short of it so
 * that the line never wraps; 80 when it cannot be told. */
static size_t terminal_width(void)
{
    struct winsize size;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 1)
        return (size_t)size.ws_col - 1;
    return 79;
}

/* Appends the file name for the bar, fitted into width columns by cutting
 * its start ("…/2019/dump-0412.txt"), with control characters shown as
 * '?' so that no name can move the cursor. */
static void append_file_name(struct buffer *line, const char *name, size_t width)
{
    struct buffer shown = {0};
    for (const char *at = name; *at; at++)
        buffer_append_byte(&shown, ((unsigned char)*at < 0x20 || *at == 0x7F) ? '?' : *at);
    const char *text = shown.data ? shown.data : "";
    size_t length = shown.length;
    if (utf8_display_width(text, length) > width && width >= 2) {
        buffer_append_string(line, "…");
        /* Drop characters from the start until the rest fits. */
        while (length && utf8_display_width(text, length) > width - 1) {
            size_t step = 1;
            while (step < length && ((unsigned char)text[step] & 0xC0) == 0x80)
                step++;
            text += step;
            length -= step;
        }
    } else if (utf8_display_width(text, length) > width) {
        length = 0;
    }
    buffer_append(line, text, length);
    buffer_free(&shown);
}

static void progress_draw(struct progress *progress, long long bytes_done)
{
    double now = now_seconds();
    double elapsed = now - progress->started;
    progress->last_drawn = now;
    double rate = elapsed > 0 ? (double)progress->articles / elapsed : 0;
    /* The parts, most wanted first; the bar and the file name take what
     * room is left, and parts that do not fit are left out, so that the
     * line never wraps, however narrow the terminal. */
    char percent[16] = "", files[48] = "", size[48] = "", speed[48] = "", left[32] = "";
    double fraction = -1;
    if (progress->total_bytes > 0) {
        fraction = (double)bytes_done / (double)progress->total_bytes;
        if (fraction > 1)
            fraction = 1;
        snprintf(percent, sizeof percent, "%3.0f%%", fraction * 100);
        snprintf(size, sizeof size, "%.1f/%.1f MB", (double)bytes_done / 1e6, (double)progress->total_bytes / 1e6);
        if (fraction > 0.01 && elapsed > 1) {
            long seconds = (long)(elapsed / fraction - elapsed + 0.5);
            snprintf(left, sizeof left, "%ld:%02ld left", seconds / 60, seconds % 60);
        }
    } else {
        snprintf(size, sizeof size, "%.1f MB", (double)bytes_done / 1e6);
    }
    if (progress->file_count > 1)
        snprintf(files, sizeof files, "file %zu of %zu", progress->file_number, progress->file_count);
    snprintf(speed, sizeof speed, "%lld articles, %.0f/s", progress->articles, rate);
    /* Priority decides what is shown; the name reserves a little room in
     * its place and takes more only once everything else is in. */
    enum { PART_PERCENT, PART_FILES, PART_NAME, PART_LEFT, PART_SIZE, PART_SPEED, PART_COUNT };
    const char *parts[PART_COUNT] = {percent, files, "", left, size, speed};
    size_t widths[PART_COUNT];
    size_t name_width = progress->file ? utf8_display_width(progress->file, strlen(progress->file)) : 0;
    for (int i = 0; i < PART_COUNT; i++)
        widths[i] = i == PART_NAME ? (name_width < 12 ? name_width : 12) : strlen(parts[i]);
    bool shown[PART_COUNT] = {false};
    size_t width = terminal_width(), used = 0;
    for (int i = 0; i < PART_COUNT; i++) {
        if (widths[i] == 0)
            continue;
        size_t needed = (used ? 2 : 0) + widths[i];
        if (used + needed > width)
            break; /* and nothing after it either: the order is the priority */
        used += needed;
        shown[i] = true;
    }
    size_t room = width - used;
    if (shown[PART_NAME]) {
        size_t more = name_width - widths[PART_NAME];
        more = more < room ? more : room;
        widths[PART_NAME] += more;
        room -= more;
    }
    size_t bar = 0;
    if (fraction >= 0 && room >= 2 + 2 + 8) {
        bar = room - 4 < PROGRESS_BAR_WIDTH ? room - 4 : PROGRESS_BAR_WIDTH;
    }
    struct buffer line = {0};
    buffer_append_string(&line, "\r\033[K");
    bool first = true;
    if (bar) {
        buffer_append_byte(&line, '[');
        size_t filled = (size_t)(fraction * (double)bar);
        for (size_t i = 0; i < bar; i++)
            buffer_append_byte(&line, i < filled ? '#' : '-');
        buffer_append_byte(&line, ']');
        first = false;
    }
    static const int order[] = {PART_PERCENT, PART_FILES, PART_NAME, PART_SIZE, PART_LEFT, PART_SPEED};
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        int i = order[k];
        if (!shown[i])
            continue;
        if (!first)
            buffer_append_string(&line, "  ");
        first = false;
        if (i == PART_NAME)
            append_file_name(&line, progress->file, widths[PART_NAME]);
        else
            buffer_append_string(&line, parts[i]);
    }
    fputs(line.data, stderr);
    buffer_free(&line);
    progress->drawn = true;
}

/* Starts the bar's next input. */
static void progress_start_file(struct progress *progress, const char *name, size_t number)
{
    progress->file = name;
    progress->file_number = number;
    if (progress->enabled)
        progress_draw(progress, progress->bytes_before);
}

/* Called by ingest_file() after each article. */
static void progress_update(void *context, long long file_bytes_done)
{
    struct progress *progress = context;
    progress->articles++;
    if (progress->enabled && now_seconds() - progress->last_drawn >= PROGRESS_INTERVAL)
        progress_draw(progress, progress->bytes_before + file_bytes_done);
}

/* Removes the bar so that a message or the summary starts a clean line. */
static void progress_clear(struct progress *progress)
{
    if (progress->drawn) {
        fputs("\r\033[K", stderr);
        progress->drawn = false;
    }
}

/* One input's line in the summary. */
struct file_report {
    char *name;                  /* as given, or a file found in a directory given */
    bool found_in_directory;     /* found in a directory given, not named */
    struct ingest_result result; /* outcome and counts */
    char *error;                 /* the message when it failed, else NULL */
};

/* Lists the inputs: each argument, or the files below it (sorted,
 * subdirectories included) when it is a directory.  A directory that cannot
 * be read becomes an input that failed, with its error already set.
 * Returns one report per input (free the names, errors and array) and
 * their number in *count. */
static struct file_report *list_inputs(char **arguments, int argument_count, const struct input_filter *filter,
                                       size_t *count)
{
    struct file_report *files = NULL;
    size_t used = 0, allocated = 0;
    for (int i = 0; i < argument_count; i++) {
        struct string_list below = {0};
        struct error error = {0};
        int expanded = input_expand_directory(arguments[i], filter, &below, &error);
        size_t adding = expanded == 1 ? below.count : 1;
        if (used + adding > allocated) {
            allocated = 2 * (used + adding);
            files = checked_realloc(files, allocated * sizeof *files);
        }
        for (size_t k = 0; k < adding; k++) {
            struct file_report *file = &files[used++];
            memset(file, 0, sizeof *file);
            file->name = checked_strdup(expanded == 1 ? below.items[k] : arguments[i]);
            file->found_in_directory = expanded == 1;
            file->result.outcome = INGEST_INPUT_FAILED;
            if (expanded < 0)
                file->error = checked_strdup(error.message);
        }
        string_list_free(&below);
    }
    *count = used;
    return files;
}

/* The whole ingest, for the summary. */
struct ingest_summary {
    const char *store_path;       /* where the store is */
    struct file_report *files;    /* one per input, directories expanded */
    size_t file_count;            /* how many inputs were attempted (the first ones) */
    long long read, skipped, failed;         /* inputs by outcome */
    long long not_news, interrupted_files;   /* inputs by outcome (not news; stopped part-way) */
    long long articles_new, articles_duplicate; /* articles, all inputs */
    long long articles_already_stored;       /* articles an earlier ingest of their source stored */
    long long repairs;            /* malformed parts of the input repaired, all inputs */
    long long suspects;           /* articles the parser was unsure of (parse --report) */
    long long bytes;              /* bytes read, all inputs */
    double seconds;               /* wall time of the whole ingest */
    bool interrupted;             /* stopped by Ctrl-C */
};

static const char *outcome_name(enum ingest_outcome outcome)
{
    switch (outcome) {
    case INGEST_READ: return "read";
    case INGEST_SKIPPED: return "skipped";
    case INGEST_NOT_NEWS: return "not_news";
    case INGEST_INTERRUPTED: return "interrupted";
    default: return "failed";
    }
}

static double per_second(double amount, double seconds)
{
    return seconds > 0 ? amount / seconds : 0;
}

static void print_summary_json(const struct ingest_summary *summary)
{
    struct printer *printer = printer_new(OUTPUT_FORMAT_JSON, stdout, false);
    printer_begin_map(printer);
    printer_key(printer, "store");
    printer_string(printer, summary->store_path);
    printer_key(printer, "files_read");
    printer_integer(printer, summary->read);
    printer_key(printer, "files_skipped");
    printer_integer(printer, summary->skipped);
    printer_key(printer, "files_failed");
    printer_integer(printer, summary->failed);
    printer_key(printer, "files_not_news");
    printer_integer(printer, summary->not_news);
    printer_key(printer, "files_interrupted");
    printer_integer(printer, summary->interrupted_files);
    printer_key(printer, "articles_new");
    printer_integer(printer, summary->articles_new);
    printer_key(printer, "articles_duplicate");
    printer_integer(printer, summary->articles_duplicate);
    printer_key(printer, "articles_already_stored");
    printer_integer(printer, summary->articles_already_stored);
    printer_key(printer, "repaired");
    printer_integer(printer, summary->repairs);
    printer_key(printer, "suspects");
    printer_integer(printer, summary->suspects);
    printer_key(printer, "bytes");
    printer_integer(printer, summary->bytes);
    printer_key(printer, "seconds");
    printer_real(printer, summary->seconds, 3);
    printer_key(printer, "megabytes_per_second");
    printer_real(printer, per_second((double)summary->bytes / 1e6, summary->seconds), 2);
    printer_key(printer, "articles_per_second");
    printer_real(printer,
                 per_second((double)(summary->articles_new + summary->articles_duplicate +
                                     summary->articles_already_stored),
                            summary->seconds), 1);
    printer_key(printer, "interrupted");
    printer_boolean(printer, summary->interrupted);
    printer_key(printer, "files");
    printer_begin_list(printer);
    for (size_t i = 0; i < summary->file_count; i++) {
        const struct file_report *file = &summary->files[i];
        printer_begin_map(printer);
        printer_key(printer, "file");
        printer_string(printer, file->name);
        printer_key(printer, "status");
        printer_string(printer, outcome_name(file->result.outcome));
        printer_key(printer, "articles_new");
        printer_integer(printer, file->result.articles_new);
        printer_key(printer, "articles_duplicate");
        printer_integer(printer, file->result.articles_duplicate);
        printer_key(printer, "articles_already_stored");
        printer_integer(printer, file->result.articles_already_stored);
        printer_key(printer, "repaired");
        printer_integer(printer, file->result.repairs);
        printer_key(printer, "bytes");
        printer_integer(printer, file->result.bytes);
        printer_key(printer, "error");
        printer_string(printer, file->error);
        printer_end(printer);
    }
    printer_end(printer);
    printer_end(printer);
    if (printer_finish(printer) < 0)
        cli_write_error();
}

static void print_summary_text(const struct ingest_summary *summary)
{
    printf("files:     %lld read, %lld unchanged", summary->read, summary->skipped);
    if (summary->not_news > 0)
        printf(", %lld not news", summary->not_news);
    printf(", %lld failed", summary->failed);
    if (summary->interrupted_files > 0)
        printf(", %lld interrupted (the same ingest again goes on)", summary->interrupted_files);
    else if (summary->interrupted)
        printf(" (interrupted)");
    printf("\narticles:  %lld new, %lld duplicate", summary->articles_new, summary->articles_duplicate);
    if (summary->articles_already_stored > 0)
        printf(", %lld already stored (by an earlier ingest of the same file)", summary->articles_already_stored);
    putchar('\n');
    if (summary->repairs > 0)
        printf("repaired:  %lld malformed parts of the input\n", summary->repairs);
    if (summary->suspects > 0)
        printf("suspects:  %lld articles the parser was unsure of (newsidx parse --report lists them)\n",
               summary->suspects);
    printf("time:      %.2f s, %.2f MB/s, %.0f articles/s\n", summary->seconds,
           per_second((double)summary->bytes / 1e6, summary->seconds),
           per_second((double)(summary->articles_new + summary->articles_duplicate +
                               summary->articles_already_stored),
                      summary->seconds));
    printf("store:     %s\n", text_display_name(summary->store_path).text);
    if (fflush(stdout) != 0)
        cli_write_error();
}

/* Settles each input's counts against what the store committed (a batch
 * that failed takes back the articles of every input in it) and adds them
 * up into the summary.  store_message says why the store failed, or is
 * NULL. */
static void count_outcomes(struct ingest_summary *summary, const struct store *store,
                           const char *store_message)
{
    for (size_t i = 0; i < summary->file_count; i++) {
        struct file_report *file = &summary->files[i];
        if (ingest_result_settle(&file->result, store)) {
            if (file->result.outcome == INGEST_READ || file->result.outcome == INGEST_INTERRUPTED)
                file->result.outcome = INGEST_STORE_FAILED;
            if (file->error == NULL) {
                struct error error = {0};
                error_set(&error, "not stored, the store failed: %s",
                          store_message ? store_message : "a transaction was rolled back");
                file->error = checked_strdup(error.message);
            }
        }
        summary->articles_new += file->result.articles_new;
        summary->articles_duplicate += file->result.articles_duplicate;
        summary->articles_already_stored += file->result.articles_already_stored;
        switch (file->result.outcome) {
        case INGEST_READ: summary->read++; break;
        case INGEST_SKIPPED: summary->skipped++; break;
        case INGEST_INTERRUPTED: summary->interrupted_files++; break;
        case INGEST_NOT_NEWS: summary->not_news++; break;
        default: summary->failed++; break;
        }
    }
}

/* Catches SIGINT and SIGTERM so that an ingest stops between articles. */
static void catch_interrupts(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = request_interrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
}

/* True when the store holds no article and no source, not even one left
 * unfinished. */
static bool store_is_empty(struct store *store)
{
    struct store_stats stats;
    struct error error = {0};
    return store_stats(store, &stats, &error) == 0 && stats.articles == 0 && stats.sources == 0 &&
           stats.incomplete_sources == 0;
}

int cmd_ingest(const struct cli_globals *globals, int argc, char **argv)
{
    static const struct option options[] = {
        {"json", no_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},
        {"force", no_argument, NULL, 'f'},
        {"format", required_argument, NULL, 'F'},
        {"input-format", required_argument, NULL, 'i'},
        {"include", required_argument, NULL, 'I'},
        {"exclude", required_argument, NULL, 'E'},
        {"batch-size", required_argument, NULL, 'b'},
        {"year", required_argument, NULL, 'y'},
        {"date", required_argument, NULL, 'D'},
        {"no-optimize", no_argument, NULL, 'O'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct ingest_options ingest_options = {.format = INPUT_FORMAT_UNKNOWN};
    bool json = false, quiet = false, optimize = true, help = false;
    long batch_size = 0;
    struct string_list include = {0}, exclude = {0};
    int option;
    int checked = cli_check_options("ingest", argc, argv, options);
    if (checked != 0)
        return checked;
    optind = 0; /* 0, not 1: makes glibc getopt start afresh and permute again */
    opterr = 0;
    while (checked == 0 && !help && (option = getopt_long(argc, argv, ":qfh", options, NULL)) != -1) {
        switch (option) {
        case 'j':
            json = true;
            break;
        case 'F':
            /* --format is what comes out (the summary), as everywhere. */
            if (strcmp(optarg, "json") == 0)
                json = true;
            else if (strcmp(optarg, "text") == 0)
                json = false;
            else if (input_format_from_name(optarg) != INPUT_FORMAT_UNKNOWN)
                checked = cli_usage_error("ingest: --format is the summary's format (text or json); "
                                          "use --input-format=%s to read the input as %s", optarg, optarg);
            else
                checked = cli_usage_error("ingest: unknown format '%s' (use text or json)", optarg);
            break;
        case 'O':
            optimize = false;
            break;
        case 'q':
            quiet = true;
            break;
        case 'f':
            ingest_options.force = true;
            break;
        case 'i':
            ingest_options.format = input_format_from_name(optarg);
            if (ingest_options.format == INPUT_FORMAT_UNKNOWN)
                checked = cli_usage_error("ingest: unknown input format '%s' (use wire, sgml, rcv1 or nitf)",
                                          optarg);
            break;
        case 'I':
            string_list_append(&include, optarg);
            break;
        case 'E':
            string_list_append(&exclude, optarg);
            break;
        case 'b': {
            char *end;
            batch_size = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || batch_size < 1 || batch_size > 1000000)
                checked = cli_usage_error("ingest: --batch-size needs a number from 1 to 1000000, not '%s'",
                                          optarg);
            break;
        }
        case 'y':
        case 'D': {
            struct calendar_date first, last;
            enum calendar_precision precision = calendar_parse_partial(optarg, &first, &last);
            if (ingest_options.date_given.year != 0)
                return cli_usage_error("ingest: give --year or --date once");
            if (option == 'y' ? precision != CALENDAR_YEAR : precision != CALENDAR_DAY)
                return cli_usage_error(option == 'y' ? "ingest: --year takes a year (yyyy), not '%s'"
                                                     : "ingest: --date takes a day that exists (yyyy-mm-dd), not '%s'",
                                       optarg);
            ingest_options.date_given = (struct article_date_given){first.year, option == 'y' ? 0 : first.month,
                                                                    option == 'y' ? 0 : first.day};
            break;
        }
        case 'h':
            fputs(ingest_usage, stdout);
            help = true;
            break;
        default:
            checked = cli_getopt_error("ingest", option, argc, argv);
            break;
        }
    }
    if (checked == 0 && !help && optind >= argc)
        checked = cli_usage_error("ingest: no input given (name files, or - for standard input)");
    if (checked != 0 || help) {
        string_list_free(&include);
        string_list_free(&exclude);
        return checked;
    }
    /* From the start: a signal while the store opens stops the ingest
     * before its first input instead of being lost (a background job
     * starts with SIGINT ignored). */
    catch_interrupts();

    struct error error = {0};
    char *location = store_resolve_path(globals->database_path, &error);
    struct store *store = NULL;
    if (quiet)
        store_set_upgrade_progress(NULL, NULL); /* --quiet: no bar, not even an upgrade's */
    if (location == NULL || store_open(&store, location, STORE_READ_WRITE, &error) < 0) {
        cli_print_error(&error);
        free(location);
        string_list_free(&include);
        string_list_free(&exclude);
        return cli_exit_status(&error);
    }
    cli_note_upgrade(store);
    if (batch_size > 0)
        store_set_batch_size(store, (int)batch_size);
    store_set_replace_given_dates(store, ingest_options.force);

    struct progress progress = {
        .enabled = !quiet && isatty(STDERR_FILENO),
        .started = now_seconds(),
    };
    /* The summary names the store as the store does (no password). */
    char *shown_location = checked_strdup(store_path(store));
    struct ingest_summary summary = {.store_path = shown_location};
    size_t input_count;
    struct input_filter filter = {.include = &include, .exclude = &exclude};
    summary.files = list_inputs(argv + optind, argc - optind, &filter, &input_count);
    string_list_free(&include);
    string_list_free(&exclude);
    progress.file_count = input_count;
    for (size_t i = 0; i < input_count && progress.total_bytes >= 0; i++) {
        long long size = ingest_input_size(summary.files[i].name);
        progress.total_bytes = size < 0 ? -1 : progress.total_bytes + size;
    }
    ingest_options.interrupt = &interrupt_requested;
    ingest_options.progress = progress_update;
    ingest_options.progress_context = &progress;
    struct parse_report report;
    parse_report_init(&report, false);
    ingest_options.report = &report;

    bool store_failed = false, not_news_named = false;
    char *store_message = NULL; /* why the store failed, for the inputs it took back */
    for (size_t i = 0; i < input_count && !store_failed && !summary.interrupted; i++) {
        if (interrupt_requested) { /* between inputs, e.g. while skipping many */
            summary.interrupted = true;
            break;
        }
        struct file_report *file = &summary.files[summary.file_count++];
        if (file->error != NULL) { /* a directory that could not be read */
            progress_clear(&progress);
            error_set(&error, "%s", file->error);
            cli_print_error(&error);
            continue;
        }
        error_clear(&error);
        progress_start_file(&progress, file->name, summary.file_count);
        int status = ingest_file(store, file->name, &ingest_options, &file->result, &error);
        summary.repairs += file->result.repairs;
        summary.bytes += file->result.bytes;
        long long size = ingest_input_size(file->name);
        progress.bytes_before += size > 0 ? size : 0;
        if (file->result.outcome == INGEST_INTERRUPTED)
            summary.interrupted = true;
        if (file->result.outcome == INGEST_NOT_NEWS) {
            progress_clear(&progress);
            fprintf(stderr, "newsidx: skipped %s: " INPUT_NOT_NEWS_REASON "\n",
                    text_quote_name(file->name).text);
            /* Named on the command line, it was meant to be read: a failure.
             * Found in a directory, it is only left out. */
            not_news_named = not_news_named || !file->found_in_directory;
        }
        if (status < 0) {
            progress_clear(&progress);
            cli_print_error(&error);
            file->error = checked_strdup(error.message);
            store_failed = file->result.outcome == INGEST_STORE_FAILED;
            if (store_failed)
                store_message = checked_strdup(error.message);
        }
    }
    /* A signal that came after the last article still stops the ingest
     * (the input was complete, but the exit status says it was asked to
     * stop). */
    if (interrupt_requested)
        summary.interrupted = true;
    progress_clear(&progress);
    error_clear(&error);
    /* The last batch commits before the summary is made, so that the
     * summary says exactly what is stored. */
    if (!store_failed && store_commit(store, &error) < 0) {
        cli_print_error(&error);
        store_failed = true;
        store_message = checked_strdup(error.message);
    }
    count_outcomes(&summary, store, store_message);
    free(store_message);
    error_clear(&error);
    if (optimize && !store_failed && !summary.interrupted &&
        store_tidy_index(store, summary.articles_new, &error) < 0) {
        cli_print_error(&error);
        store_failed = true;
    }
    error_clear(&error);
    bool remove_store = store_was_created(store) && !store_failed && summary.read == 0 && summary.skipped == 0 &&
                        summary.articles_new + summary.articles_duplicate + summary.articles_already_stored == 0 &&
                        store_is_empty(store);
    if ((remove_store ? store_discard(store, &error) : store_close(store, &error)) < 0) {
        cli_print_error(&error);
        store_failed = true;
    }
    summary.seconds = now_seconds() - progress.started;
    parse_report_finish(&report);
    summary.suspects = report.suspect_total;
    parse_report_free(&report);
    if (json)
        print_summary_json(&summary);
    else if (!quiet)
        print_summary_text(&summary);
    if (summary.interrupted)
        fputs("newsidx: interrupted; what was read is stored, run the same ingest again to go on\n",
              stderr);

    for (size_t i = 0; i < input_count; i++) {
        free(summary.files[i].name);
        free(summary.files[i].error);
    }
    free(summary.files);
    free(shown_location);
    free(location);
    if (summary.interrupted)
        return 130;
    return store_failed || summary.failed > 0 || not_news_named ? 1 : 0;
}
