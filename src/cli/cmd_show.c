/* cmd_show.c — `newsidx show ID…`: whole articles, for reading or as JSON. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "newsidx/article_print.h"
#include "newsidx/store.h"
#include "search_options.h"

static const char show_usage[] =
    "usage: newsidx show [--format=text|json|ndjson] ID...\n"
    "\n"
    "Prints whole stored articles: laid out for reading (the default, even into\n"
    "a pipe), or as the article JSON of SPEC section 2 with --format=json (the\n"
    "object for one ID, an array for several) or --format=ndjson (one per line).\n"
    "The text shows headline,\n"
    "captions with credits, byline, dateline, the body with its subheads in\n"
    "place, notes, links, credits, tags, and every dump the article was seen in.\n"
    "\n"
    "example: newsidx show 12 13\n"
    "         newsidx search putin --format=ids | xargs newsidx show --format=ndjson\n";

/* Where the readable layout goes and how. */
struct text_layout {
    FILE *out;      /* the output */
    size_t width;   /* wrap paragraphs to this many characters */
    bool colour;    /* use bold for headline and subheads */
};

/* Widest text line, even on a wide terminal: long lines are hard to read. */
#define SHOW_MAX_WIDTH 100

/* Writes text wrapped at word boundaries to the layout's width (in
 * terminal columns: accents take none, CJK two), each line starting with
 * indent. */
static void write_wrapped(const struct text_layout *layout, const char *text, const char *indent)
{
    size_t indent_width = strlen(indent);
    size_t room = layout->width > indent_width + 20 ? layout->width - indent_width : 20;
    const char *line_start = text;
    while (*line_start) {
        while (*line_start == ' ')
            line_start++;
        if (*line_start == '\0')
            break;
        size_t rest = strlen(line_start);
        size_t fits = utf8_prefix_within_width(line_start, rest, room);
        const char *end = line_start + fits;
        if (fits < rest) {
            /* Back to the last space that fits; a word longer than the
             * line is cut where it must be. */
            const char *space = end;
            while (space > line_start && *space != ' ')
                space--;
            if (space > line_start)
                end = space;
            else if (fits == 0)
                end = line_start + 1;
        }
        fprintf(layout->out, "%s%.*s\n", indent, (int)(end - line_start), line_start);
        line_start = end;
    }
}

static void write_heading(const struct text_layout *layout, const char *text)
{
    fprintf(layout->out, "%s%s%s\n", layout->colour ? "\x1b[1m" : "", text, layout->colour ? "\x1b[0m" : "");
}

/* Lays out one article for reading. */
static void show_article_text(const struct text_layout *layout, const struct article *article, const char *date,
                              const struct store_provenance *provenance, size_t provenance_count)
{
    FILE *out = layout->out;
    const char *title = article->title ? article->title : "(no headline)";
    write_heading(layout, title);
    size_t rule = utf8_display_width(title, strlen(title));
    for (size_t i = 0; i < (rule < layout->width ? rule : layout->width); i++)
        fputs("=", out);
    fprintf(out, "\narticle %lld", article->id);
    if (article->published)
        fprintf(out, ", published %s", article->published);
    else if (date[0])
        fprintf(out, ", dated %s", date); /* the date --since and --until read */
    fputs("\n\n", out);
    for (size_t i = 0; i < article->caption_count; i++) {
        const struct caption *caption = &article->captions[i];
        char label[64];
        snprintf(label, sizeof label, "[%s] ", caption->file_photo ? "file photo" : "photo");
        struct buffer text = {0};
        buffer_append_string(&text, label);
        buffer_append_string(&text, caption->text);
        write_wrapped(layout, text.data, "");
        buffer_free(&text);
    }
    if (article->caption_count)
        fputc('\n', out);
    if (article->byline.count) {
        fputs("By ", out);
        for (size_t i = 0; i < article->byline.count; i++)
            fprintf(out, "%s%s", i == 0 ? "" : i + 1 == article->byline.count ? " and " : ", ",
                    article->byline.items[i]);
        fputs("\n\n", out);
    }
    size_t subhead = 0;
    for (size_t i = 0; i < article->paragraphs.count; i++) {
        while (subhead < article->subhead_count && article->subheads[subhead].before_paragraph <= i) {
            write_heading(layout, article->subheads[subhead++].text);
            fputc('\n', out);
        }
        struct buffer text = {0};
        if (i == 0 && article->dateline && article->dateline->raw) {
            buffer_append_string(&text, article->dateline->raw);
            buffer_append_string(&text, " – ");
        }
        buffer_append_string(&text, article->paragraphs.items[i]);
        write_wrapped(layout, text.data, "");
        buffer_free(&text);
        fputc('\n', out);
    }
    for (; subhead < article->subhead_count; subhead++) {
        write_heading(layout, article->subheads[subhead].text);
        fputc('\n', out);
    }
    for (size_t i = 0; i < article->notes.count; i++)
        fprintf(out, "(%s)\n", article->notes.items[i]);
    for (size_t i = 0; i < article->links.count; i++)
        fprintf(out, "link: %s\n", article->links.items[i]);
    if (article->credits_raw) {
        fputs("credits:\n", out);
        for (size_t i = 0; i < article->credit_count; i++) {
            const struct credit *credit = &article->credits[i];
            fprintf(out, "  %-22s %s%s%s\n", credit->role, credit->name, credit->location ? ", in " : "",
                    credit->location ? credit->location : "");
        }
    }
    if (article->tag_count) {
        fputs("tags:", out);
        for (size_t i = 0; i < article->tag_count; i++)
            fprintf(out, " %s:%s", article->tags[i].scheme, article->tags[i].code);
        fputc('\n', out);
    }
    for (size_t i = 0; i < provenance_count; i++)
        fprintf(out, "%s %s, lines %ld-%ld\n", i == 0 ? "source:" : "   and:",
                text_display_name(provenance[i].name).text,
                provenance[i].first_line, provenance[i].last_line);
}

/* Reads an article id; returns -1 when text is not one. */
static long long parse_id(const char *text)
{
    char *end;
    long long id = strtoll(text, &end, 10);
    return (end == text || *end != '\0' || id <= 0) ? -1 : id;
}

int cmd_show(const struct cli_globals *globals, int argc, char **argv)
{
    static const struct option options[] = {
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    enum output_format format = OUTPUT_FORMAT_NONE; /* NONE: the readable text */
    int option;
    int checked = cli_check_options("show", argc, argv, options);
    if (checked != 0)
        return checked;
    optind = 0; /* 0, not 1: makes glibc reset its state, including the "+" of main */
    opterr = 0;
    while ((option = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (option) {
        case 'f':
            if (strcmp(optarg, "text") == 0 || strcmp(optarg, "table") == 0) {
                format = OUTPUT_FORMAT_NONE;
                break;
            }
            format = output_format_from_name(optarg);
            if (format != OUTPUT_FORMAT_JSON && format != OUTPUT_FORMAT_NDJSON)
                return cli_usage_error("show: unknown format '%s' (use text, json or ndjson)", optarg);
            break;
        case 'h':
            fputs(show_usage, stdout);
            return 0;
        default:
            return cli_getopt_error("show", option, argc, argv);
        }
    }
    if (optind >= argc)
        return cli_usage_error("show: no article id given");
    for (int i = optind; i < argc; i++)
        if (parse_id(argv[i]) < 0)
            return cli_usage_error("show: '%s' is not an article id", argv[i]);

    struct store *store = NULL;
    int status = search_options_open_store(globals, &store);
    if (status != 0)
        return status;
    struct text_layout layout = {.out = stdout, .width = 80, .colour = false};
    struct winsize size;
    if (isatty(STDOUT_FILENO)) {
        if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 40)
            layout.width = size.ws_col < SHOW_MAX_WIDTH ? size.ws_col : SHOW_MAX_WIDTH;
    }
    layout.colour = cli_colour(globals, stdout);
    /* One article as JSON is the object itself (jq .title works); several
     * are an array, one element each. */
    bool single = format == OUTPUT_FORMAT_JSON && argc - optind == 1;
    struct printer *printer = format != OUTPUT_FORMAT_NONE ? printer_new(format, stdout, !single) : NULL;
    for (int i = optind; i < argc; i++) {
        long long id = parse_id(argv[i]);
        struct article article;
        article_init(&article);
        bool found = false;
        struct error error = {0};
        struct store_provenance *provenance = NULL;
        size_t provenance_count = 0;
        if (store_article_load(store, id, &article, &found, &error) < 0 ||
            (found && store_article_provenance(store, id, &provenance, &provenance_count, &error) < 0)) {
            fflush(stdout);
            cli_print_error(&error);
            status = 1;
        } else if (!found) {
            fflush(stdout);
            fprintf(stderr, "newsidx: show: no article %lld in %s\n",
                    id, text_quote_name(store_path(store)).text);
            status = 1;
        } else if (printer) {
            article_print(printer, &article);
        } else {
            if (i > optind)
                fputs("\n\n", stdout);
            char date[11] = "";
            struct error date_error = {0};
            store_article_date(store, id, date, &date_error);
            show_article_text(&layout, &article, date, provenance, provenance_count);
        }
        article_free(&article);
        store_provenance_free(provenance, provenance_count);
    }
    if (printer && printer_finish(printer) < 0)
        status = cli_write_error();
    else if (!printer && (fflush(stdout) != 0 || ferror(stdout)))
        status = cli_write_error();
    store_close(store, NULL);
    return status;
}
