/* cmd_parse.c — `newsidx parse FILE…|-`: parse only, print articles as JSON. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "newsidx/article_print.h"
#include "newsidx/input.h"
#include "newsidx/nitf.h"
#include "newsidx/parse_report.h"

static const char parse_usage[] =
    "usage: newsidx parse [--format=ndjson|json|xml] [--input-format=wire|sgml|rcv1|nitf]\n"
    "                     [--include=GLOB] [--exclude=GLOB] [--stats] [--report]\n"
    "                     FILE...|DIRECTORY...|-\n"
    "\n"
    "Parse news dumps and print every article as the JSON of SPEC section 2,\n"
    "without storing anything.  FILE may be gzip-compressed; - reads standard input;\n"
    "a DIRECTORY is read file by file (sorted, subdirectories included), as for a\n"
    "directory of RCV1 items.  The input format is detected from the content; a\n"
    "file that looks like no news format is an error, and skipped with a note when\n"
    "it was found in a DIRECTORY.\n"
    "\n"
    "  --format=ndjson       one article per line (the default)\n"
    "  --format=json         one JSON array\n"
    "  --format=xml          NITF 3.6 XML, one <nitf> per article in a <nitf-collection>\n"
    "  --input-format=NAME   read the input as NAME (wire, sgml, rcv1, nitf) instead of\n"
    "                        detecting it; an input that plainly is another format is\n"
    "                        refused\n"
    "  --include=GLOB        in a DIRECTORY, read only the files GLOB matches (repeatable;\n"
    "                        '*.txt' matches the name, '2019/feb-*' the path below it)\n"
    "  --exclude=GLOB        in a DIRECTORY, leave out the files (and folders) GLOB matches\n"
    "  --stats               print a summary (articles, repairs of malformed input,\n"
    "                        control characters dropped) on standard error\n"
    "  --report              print, instead of the articles, where the parser was\n"
    "                        unsure: articles by dateline form (with a place,\n"
    "                        place-less, old style, none) and each suspect article\n"
    "                        with file and line (no dateline, a title that reads\n"
    "                        like prose, a story far longer than the rest, a credit\n"
    "                        line that did not parse); a table, or --format=json\n"
    "\n"
    "example: newsidx parse dumps/000.txt | jq .title\n"
    "         newsidx parse --report dumps/*.txt\n"
    "         newsidx parse --format=xml reut2-000.sgm | xmllint --noout -\n";

/* Where parsed articles go: the printer (JSON), the NITF writer, or a
 * report. */
struct parse_output {
    struct printer *printer;        /* JSON/NDJSON, or NULL */
    struct nitf_writer *nitf;       /* NITF XML, or NULL */
    struct parse_report *report;    /* --report: counted, not printed, or NULL */
};

static int print_article(struct article *article, void *context, struct error *error)
{
    struct parse_output *output = context;
    if (output->report != NULL) {
        parse_report_add(output->report, article);
        return 0;
    }
    int status = 0;
    if (output->nitf != NULL)
        status = nitf_writer_add(output->nitf, article, error);
    else
        article_print(output->printer, article);
    /* Output that cannot be written stops the parse; the dispatcher says
     * why, once. */
    if (ferror(stdout)) {
        cli_write_error();
        return error_set(error, "write error");
    }
    return status;
}

/* Prints a suspect's reasons as a list of names. */
static void print_suspect_reasons(struct printer *printer, unsigned reasons)
{
    printer_begin_list(printer);
    for (int bit = 0; bit < SUSPECT_REASON_COUNT; bit++)
        if (reasons & (1u << bit))
            printer_string(printer, suspect_reason_name(bit));
    printer_end(printer);
}

/* --report as one JSON object. */
static int print_report_json(const struct parse_report *report, long files, enum output_format format)
{
    struct printer *printer = printer_new(format, stdout, false);
    printer_begin_map(printer);
    printer_key(printer, "files");
    printer_integer(printer, files);
    printer_key(printer, "articles");
    printer_integer(printer, report->articles);
    printer_key(printer, "datelines");
    printer_begin_map(printer);
    for (int form = 0; form < DATELINE_FORM_COUNT; form++) {
        printer_key(printer, dateline_form_name((enum dateline_form)form));
        printer_integer(printer, report->dateline_forms[form]);
    }
    printer_end(printer);
    printer_key(printer, "suspects");
    printer_integer(printer, report->suspect_total);
    printer_key(printer, "suspects_by_reason");
    printer_begin_map(printer);
    for (int bit = 0; bit < SUSPECT_REASON_COUNT; bit++) {
        printer_key(printer, suspect_reason_name(bit));
        printer_integer(printer, report->reason_counts[bit]);
    }
    printer_end(printer);
    printer_key(printer, "long_story_bytes");
    printer_integer(printer, (long long)report->long_story_bytes);
    printer_key(printer, "suspect_articles");
    printer_begin_list(printer);
    for (size_t i = 0; i < report->suspect_count; i++) {
        const struct parse_suspect *suspect = &report->suspects[i];
        printer_begin_map(printer);
        printer_key(printer, "file");
        printer_string(printer, suspect->file);
        printer_key(printer, "line");
        printer_integer(printer, suspect->line);
        printer_key(printer, "reasons");
        print_suspect_reasons(printer, suspect->reasons);
        printer_key(printer, "bytes");
        printer_integer(printer, (long long)suspect->bytes);
        printer_key(printer, "title");
        printer_string(printer, suspect->title);
        printer_end(printer);
    }
    printer_end(printer);
    printer_end(printer);
    return printer_finish(printer);
}

/* --report for people: the counts, then a table of the suspects. */
static int print_report_table(const struct parse_report *report, long files)
{
    static const char *const form_labels[DATELINE_FORM_COUNT] = {"with a place", "place-less",
                                                                 "old style", "none"};
    printf("articles:  %ld in %ld file%s\n", report->articles, files, files == 1 ? "" : "s");
    printf("datelines:");
    for (int form = 0; form < DATELINE_FORM_COUNT; form++)
        printf("%s %ld %s", form ? "," : "", report->dateline_forms[form], form_labels[form]);
    printf("\nsuspects:  %ld", report->suspect_total);
    const char *separator = " (";
    for (int bit = 0; bit < SUSPECT_REASON_COUNT; bit++) {
        if (report->reason_counts[bit] == 0)
            continue;
        printf("%s%ld %s", separator, report->reason_counts[bit], suspect_reason_description(bit));
        if (bit == 2)
            printf(": over %zu KB", report->long_story_bytes / 1024);
        separator = ", ";
    }
    printf("%s\n", report->suspect_total ? ")" : "");
    if (report->suspect_count == 0)
        return fflush(stdout) == 0 ? 0 : -1;
    putchar('\n');
    static const char *const columns[] = {"file", "line", "why", "title", NULL};
    struct printer *printer = printer_new(OUTPUT_FORMAT_TABLE, stdout, true);
    printer_set_columns(printer, columns);
    for (size_t i = 0; i < report->suspect_count; i++) {
        const struct parse_suspect *suspect = &report->suspects[i];
        struct buffer why = {0};
        for (int bit = 0; bit < SUSPECT_REASON_COUNT; bit++)
            if (suspect->reasons & (1u << bit)) {
                if (why.length)
                    buffer_append_string(&why, ", ");
                buffer_append_string(&why, suspect_reason_description(bit));
            }
        printer_begin_map(printer);
        printer_key(printer, "file");
        printer_string(printer, suspect->file);
        printer_key(printer, "line");
        printer_integer(printer, suspect->line);
        printer_key(printer, "why");
        printer_string(printer, why.data);
        printer_key(printer, "title");
        printer_string(printer, suspect->title ? suspect->title : "(none)");
        printer_end(printer);
        buffer_free(&why);
    }
    return printer_finish(printer);
}

/* Parses one named input (a file or "-"); found_in_directory says it was
 * found in a directory given, where a file that is not news is skipped
 * with a note rather than failed. */
static int parse_one(const char *path, bool found_in_directory, enum input_format forced,
                     struct input_stats *stats, struct parse_output *output)
{
    struct error error = {0};
    struct reader *reader = NULL;
    enum input_format format = INPUT_FORMAT_UNKNOWN;
    int status = 0;
    if (reader_open(&reader, path, &error) < 0 || input_choose_format(reader, forced, path, &format, &error) < 0) {
        status = 1;
    } else if (format == INPUT_FORMAT_UNKNOWN) {
        if (found_in_directory)
            fprintf(stderr, "newsidx: skipped %s: " INPUT_NOT_NEWS_REASON "\n", text_quote_name(path).text);
        else
            error_set(&error, "cannot read %s: " INPUT_NOT_NEWS_REASON, text_quote_name(path).text);
        status = found_in_directory ? 0 : 1;
    } else if (input_parse_counted(reader, format, path, stats, print_article, output, &error) < 0) {
        status = 1;
    }
    if (status != 0) {
        fflush(stdout);
        if (!ferror(stdout))
            cli_print_error(&error);
    }
    reader_close(reader);
    return status;
}

int cmd_parse(const struct cli_globals *globals, int argc, char **argv)
{
    (void)globals;
    static const struct option options[] = {
        {"format", required_argument, NULL, 'f'},
        {"input-format", required_argument, NULL, 'i'},
        {"include", required_argument, NULL, 'I'},
        {"exclude", required_argument, NULL, 'E'},
        {"stats", no_argument, NULL, 's'},
        {"report", no_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    enum output_format output_format = OUTPUT_FORMAT_NONE;
    enum input_format input_format = INPUT_FORMAT_UNKNOWN;
    bool show_stats = false, want_report = false, help = false;
    struct string_list include = {0}, exclude = {0};
    int option;
    int status = cli_check_options("parse", argc, argv, options);
    if (status != 0)
        return status;
    optind = 0; /* 0, not 1: makes glibc reset its state, including the "+" of main */
    opterr = 0;
    while (status == 0 && !help && (option = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (option) {
        case 'f':
            output_format = output_format_from_name(optarg);
            if (input_format_from_name(optarg) != INPUT_FORMAT_UNKNOWN)
                status = cli_usage_error("parse: --format is the output format (ndjson, json or xml); "
                                         "use --input-format=%s to read the input as %s", optarg, optarg);
            else if (output_format != OUTPUT_FORMAT_JSON && output_format != OUTPUT_FORMAT_NDJSON &&
                     output_format != OUTPUT_FORMAT_XML && output_format != OUTPUT_FORMAT_TABLE)
                status = cli_usage_error("parse: unknown format '%s' (use ndjson, json or xml)", optarg);
            break;
        case 'i':
            input_format = input_format_from_name(optarg);
            if (input_format == INPUT_FORMAT_UNKNOWN)
                status = cli_usage_error("parse: unknown input format '%s' (use wire, sgml, rcv1 or nitf)", optarg);
            break;
        case 'I':
            string_list_append(&include, optarg);
            break;
        case 'E':
            string_list_append(&exclude, optarg);
            break;
        case 's':
            show_stats = true;
            break;
        case 'r':
            want_report = true;
            break;
        case 'h':
            fputs(parse_usage, stdout);
            help = true;
            break;
        default:
            status = cli_getopt_error("parse", option, argc, argv);
            break;
        }
    }
    if (status == 0 && !help && optind >= argc)
        status = cli_usage_error("parse: no input given (name files, or - for standard input)");
    if (status == 0 && !help && want_report && output_format == OUTPUT_FORMAT_XML)
        status = cli_usage_error("parse: --report prints a table or JSON, not xml");
    if (status == 0 && !help && !want_report && output_format == OUTPUT_FORMAT_TABLE)
        status = cli_usage_error("parse: articles print as json, ndjson or xml; a table is for --report");
    if (status != 0 || help) {
        string_list_free(&include);
        string_list_free(&exclude);
        return status;
    }
    if (output_format == OUTPUT_FORMAT_NONE)
        output_format = want_report ? OUTPUT_FORMAT_TABLE : OUTPUT_FORMAT_NDJSON;

    struct parse_output output = {0};
    struct parse_report report;
    parse_report_init(&report, true);
    if (want_report) {
        output.report = &report;
    } else if (output_format == OUTPUT_FORMAT_XML) {
        struct error error = {0};
        if (nitf_writer_open(&output.nitf, stdout, &error) < 0) {
            cli_print_error(&error);
            string_list_free(&include);
            string_list_free(&exclude);
            parse_report_free(&report);
            return 1;
        }
    } else {
        output.printer = printer_new(output_format, stdout, true);
    }
    struct input_filter filter = {.include = &include, .exclude = &exclude};
    struct input_stats stats = {0};
    long files = 0;
    for (int i = optind; i < argc && !ferror(stdout); i++) {
        struct string_list inputs = {0};
        struct error error = {0};
        int expanded = input_expand_directory(argv[i], &filter, &inputs, &error);
        if (expanded < 0) {
            cli_print_error(&error);
            status = 1;
        } else if (expanded == 0) {
            files++;
            status |= parse_one(argv[i], false, input_format, &stats, &output);
        } else {
            for (size_t k = 0; k < inputs.count && !ferror(stdout); k++) {
                files++;
                status |= parse_one(inputs.items[k], true, input_format, &stats, &output);
            }
        }
        string_list_free(&inputs);
    }
    string_list_free(&include);
    string_list_free(&exclude);
    if (output.report != NULL) {
        parse_report_finish(&report);
        int printed = output_format == OUTPUT_FORMAT_TABLE ? print_report_table(&report, files)
                                                           : print_report_json(&report, files, output_format);
        if (printed < 0)
            status = cli_write_error(); /* reported once, by the dispatcher */
    } else if (output.nitf != NULL) {
        struct error error = {0};
        if (nitf_writer_finish(output.nitf, &error) < 0) {
            /* Standard output failing is reported once, by the dispatcher. */
            if (ferror(stdout))
                cli_write_error();
            else
                cli_print_error(&error);
            status = 1;
        }
    } else if (printer_finish(output.printer) < 0) {
        status = cli_write_error();
    }
    parse_report_free(&report);
    if (show_stats)
        fprintf(stderr, "newsidx: parse: %ld files, %ld articles, %ld repairs, %ld control characters dropped\n",
                files, stats.articles, stats.repairs, stats.control_characters);
    return status;
}
