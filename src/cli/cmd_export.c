/* cmd_export.c — `newsidx export`: whole articles out, as NDJSON, JSON, CSV
 * or NITF XML, for the articles a query and filters select. */
#include <stdio.h>
#include <string.h>

#include "newsidx/article_date.h"
#include "newsidx/article_print.h"
#include "newsidx/nitf.h"
#include "search_options.h"

static const char export_usage[] =
    "usage: newsidx export [QUERY] [filters] [--sort=rank|newest|oldest] [--limit N] [--offset N]\n"
    "                      [--format=ndjson|json|csv|tsv|xml] [--fields=LIST] [--fts5]\n"
    "\n"
    "Writes every matching article whole (every article without a query or\n"
    "filters), oldest first unless --sort says otherwise:\n"
    "  ndjson  the article JSON of SPEC section 2, one per line (the default)\n"
    "  json    the same, as one array\n"
    "  csv     one row per article: id, file, first_line, last_line, title, byline,\n"
    "          dateline, published, date, date_source, paragraphs, captions,\n"
    "          credits_raw, tags\n"
    "  tsv     the same columns, tab-separated (\\t, \\n, \\r and \\\\ escaped)\n"
    "  xml     NITF 3.6, one <nitf> per article in a <nitf-collection>, which\n"
    "          'newsidx parse' and 'newsidx ingest' read back\n"
    "--fields=id,date,title chooses those fields of the csv row, in that order, in\n"
    "any format but xml (then json and ndjson print the flat rows, and table and\n"
    "ids are allowed): id, date, date_source, file, first_line, last_line, title,\n"
    "byline, dateline, published, paragraphs, captions, credits_raw, tags.  date is\n"
    "the article's date as --since and --until read it, date_source the rule that\n"
    "gave it.\n"
    "\n" SEARCH_QUERY_USAGE "\n" SEARCH_FILTERS_USAGE
    "\n"
    "examples:\n"
    "  newsidx export --dateline moscow > moscow.ndjson\n"
    "  newsidx export --format=xml sanctions | xmllint --format - | less\n";

/* The columns of the CSV export. */
static const char *const export_columns[] = {
    "id", "file", "first_line", "last_line", "title", "byline", "dateline", "published", "date",
    "date_source", "paragraphs", "captions", "credits_raw", "tags", NULL,
};

/* The fields of the flat record --fields may name: the columns and the
 * article's date. */
static const char *const export_fields[] = {
    "id", "date", "date_source", "file", "first_line", "last_line", "title", "byline", "dateline",
    "published", "paragraphs", "captions", "credits_raw", "tags", NULL,
};

/* Where exported articles go. */
struct export_target {
    struct store *store;        /* where they come from */
    struct printer *printer;    /* json, ndjson, csv; or NULL */
    bool flat;                  /* csv, tsv, --fields: one flat record per article */
    struct nitf_writer *nitf;   /* xml; or NULL */
};

/* Prints an article as one flat record (a CSV row). */
static void print_flat_article(struct printer *printer, const struct article *article)
{
    struct buffer joined = {0};
    printer_begin_map(printer);
    printer_key(printer, "id");
    printer_integer(printer, article->id);
    printer_key(printer, "file");
    printer_string(printer, article->source.file);
    printer_key(printer, "first_line");
    printer_integer(printer, article->source.first_line);
    printer_key(printer, "last_line");
    printer_integer(printer, article->source.last_line);
    printer_key(printer, "title");
    printer_string(printer, article->title);
    printer_key(printer, "byline");
    string_list_print(printer, &article->byline);
    printer_key(printer, "dateline");
    printer_string(printer, article->dateline ? article->dateline->raw : NULL);
    printer_key(printer, "published");
    printer_string(printer, article->published);
    printer_key(printer, "date");
    printer_string(printer, article->date[0] ? article->date : NULL);
    printer_key(printer, "date_source");
    printer_string(printer, article_date_source_name(article->date_source));
    printer_key(printer, "paragraphs");
    for (size_t i = 0; i < article->paragraphs.count; i++) {
        if (i)
            buffer_append_string(&joined, "\n\n");
        buffer_append_string(&joined, article->paragraphs.items[i]);
    }
    printer_string(printer, joined.data ? joined.data : "");
    buffer_reset(&joined);
    printer_key(printer, "captions");
    for (size_t i = 0; i < article->caption_count; i++) {
        if (i)
            buffer_append_string(&joined, "\n\n");
        buffer_append_string(&joined, article->captions[i].text);
    }
    printer_string(printer, joined.data ? joined.data : "");
    buffer_reset(&joined);
    printer_key(printer, "credits_raw");
    printer_string(printer, article->credits_raw);
    printer_key(printer, "tags");
    for (size_t i = 0; i < article->tag_count; i++) {
        if (i)
            buffer_append_string(&joined, "; ");
        buffer_append_string(&joined, article->tags[i].scheme);
        buffer_append_byte(&joined, ':');
        buffer_append_string(&joined, article->tags[i].code);
    }
    printer_string(printer, joined.data ? joined.data : "");
    printer_end(printer);
    buffer_free(&joined);
}

static int export_article(long long id, void *context, struct error *error)
{
    struct export_target *target = context;
    struct article article;
    bool found = false;
    if (store_article_load(target->store, id, &article, &found, error) < 0)
        return -1;
    int status = 0;
    if (found) {
        if (target->nitf)
            status = nitf_writer_add(target->nitf, &article, error);
        else if (target->flat)
            print_flat_article(target->printer, &article);
        else
            article_print(target->printer, &article);
    }
    article_free(&article);
    return status;
}

int cmd_export(const struct cli_globals *globals, int argc, char **argv)
{
    struct search_options options;
    int status = search_options_parse(&options, "export", SEARCH_OPTION_PAGING | SEARCH_OPTION_XML | SEARCH_OPTION_FIELDS,
                                      export_usage, export_fields, argc, argv);
    struct store *store = NULL;
    bool fields = options.fields.count > 0;
    if (status == 0 && !options.help_shown && fields && options.format == OUTPUT_FORMAT_XML)
        status = cli_usage_error("export: --fields makes flat records, which NITF XML cannot hold "
                                 "(use csv, tsv, json or ndjson)");
    if (status == 0 && !options.help_shown && fields && options.format == OUTPUT_FORMAT_TABLE) {
        bool chosen = false;
        for (int i = 1; i < argc; i++)
            chosen = chosen || strncmp(argv[i], "--format", 8) == 0;
        if (!chosen) { /* whole articles by default, even with --fields */
            options.format = OUTPUT_FORMAT_NDJSON;
            options.request.limit = 0;
        }
    }
    if (status == 0 && !options.help_shown && !fields) {
        if (options.format == OUTPUT_FORMAT_TABLE || options.format == OUTPUT_FORMAT_IDS) {
            /* Export writes whole articles: a table or ids would not be. */
            bool chosen = false;
            for (int i = 1; i < argc; i++)
                chosen = chosen || strncmp(argv[i], "--format", 8) == 0;
            if (chosen)
                status = cli_usage_error("export: use ndjson, json, csv, tsv or xml (search shows tables and ids; "
                                         "with --fields, export does too)");
            options.format = OUTPUT_FORMAT_NDJSON;
            options.request.limit = 0;
        }
    }
    /* A data set comes out in time order, with a query too (as --help says),
     * and so alike from either back end; --sort=rank asks for best first. */
    if (status == 0 && !options.help_shown && options.request.sort == SEARCH_SORT_DEFAULT)
        options.request.sort = SEARCH_SORT_OLDEST;
    if (status == 0 && !options.help_shown)
        status = search_options_open(globals, &options, argv[0], &store);
    if (status == 0 && !options.help_shown) {
        struct export_target target = {.store = store};
        struct error error = {0};
        int result = 0;
        if (options.format == OUTPUT_FORMAT_XML) {
            result = nitf_writer_open(&target.nitf, stdout, &error);
        } else {
            target.printer = printer_new(options.format, stdout, true);
            target.flat = fields || options.format == OUTPUT_FORMAT_CSV || options.format == OUTPUT_FORMAT_TSV;
            printer_set_columns(target.printer, export_columns);
            if (fields)
                printer_select_keys(target.printer, (const char *const *)options.fields.items);
            printer_set_colour(target.printer, cli_colour(globals, stdout));
        }
        if (result == 0)
            result = store_search_ids(store, &options.request, export_article, &target, &error);
        struct error finish_error = {0};
        if (target.nitf && nitf_writer_finish(target.nitf, &finish_error) < 0 && result == 0) {
            error = finish_error;
            result = -1;
        }
        if (result < 0) {
            fflush(stdout);
            /* Standard output failing is reported once, by the dispatcher. */
            if (ferror(stdout)) {
                status = cli_write_error();
            } else {
                cli_print_error(&error);
                status = cli_exit_status(&error);
            }
        }
        if (target.printer && printer_finish(target.printer) < 0 && status == 0)
            status = cli_write_error();
    }
    store_close(store, NULL);
    search_options_free(&options);
    return status;
}
