/* cmd_parse.c — `newsidx parse FILE…|-`: parse only, print articles as JSON. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "newsidx/article_print.h"
#include "newsidx/input.h"
#include "newsidx/nitf.h"

static const char parse_usage[] =
    "usage: newsidx parse [--format=ndjson|json|xml|wire|sgml|rcv1|nitf] [--input-format=NAME]\n"
    "                     [--stats] FILE...|DIRECTORY...|-\n"
    "\n"
    "Parse news dumps and print every article as the JSON of SPEC section 2,\n"
    "without storing anything.  FILE may be gzip-compressed; - reads standard input;\n"
    "a DIRECTORY is read file by file (sorted, subdirectories included), as for a\n"
    "directory of RCV1 items.  The input format is detected from the content.\n"
    "\n"
    "  --format=ndjson       one article per line (the default)\n"
    "  --format=json         one JSON array\n"
    "  --format=xml          NITF 3.6 XML, one <nitf> per article in a <nitf-collection>\n"
    "  --format=NAME         with an input format name (wire, sgml, rcv1, nitf): read\n"
    "                        the input as NAME instead of detecting it (the output and\n"
    "                        input format names do not overlap, so both may be given)\n"
    "  --input-format=NAME   the same as --format=NAME for an input format\n"
    "  --stats               print a summary (articles, repairs of malformed input,\n"
    "                        control characters dropped) on standard error\n"
    "\n"
    "example: newsidx parse dumps/000.txt | jq .title\n"
    "         newsidx parse --format=xml reut2-000.sgm | xmllint --noout -\n";

/* Where parsed articles go: the printer (JSON) or the NITF writer. */
struct parse_output {
    struct printer *printer;    /* JSON/NDJSON, or NULL */
    struct nitf_writer *nitf;   /* NITF XML, or NULL */
};

static int print_article(struct article *article, void *context, struct error *error)
{
    struct parse_output *output = context;
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

/* Parses one named input (a file or "-"). */
static int parse_one(const char *path, enum input_format input_format, struct input_stats *stats,
                     struct parse_output *output)
{
    struct error error = {0};
    struct reader *reader = NULL;
    int status = 0;
    if (reader_open(&reader, path, &error) < 0 ||
        input_parse_counted(reader, input_format, path, stats, print_article, output, &error) < 0) {
        fflush(stdout);
        if (!ferror(stdout))
            cli_print_error(&error);
        status = 1;
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
        {"stats", no_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    enum output_format output_format = OUTPUT_FORMAT_NDJSON;
    enum input_format input_format = INPUT_FORMAT_UNKNOWN;
    bool show_stats = false;
    int option;
    optind = 0; /* 0, not 1: makes glibc reset its state, including the "+" of main */
    opterr = 0;
    while ((option = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (option) {
        case 'f':
            if (input_format_from_name(optarg) != INPUT_FORMAT_UNKNOWN) {
                input_format = input_format_from_name(optarg);
                break;
            }
            output_format = output_format_from_name(optarg);
            if (output_format != OUTPUT_FORMAT_JSON && output_format != OUTPUT_FORMAT_NDJSON &&
                output_format != OUTPUT_FORMAT_XML)
                return cli_usage_error("parse: unknown format '%s' (use json, ndjson or xml, "
                                       "or an input format: wire, sgml, rcv1, nitf)", optarg);
            break;
        case 'i':
            input_format = input_format_from_name(optarg);
            if (input_format == INPUT_FORMAT_UNKNOWN)
                return cli_usage_error("parse: unknown input format '%s'", optarg);
            break;
        case 's':
            show_stats = true;
            break;
        case 'h':
            fputs(parse_usage, stdout);
            return 0;
        default:
            return cli_usage_error("parse: unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage_error("parse: no input given (name files, or - for standard input)");

    struct parse_output output = {0};
    if (output_format == OUTPUT_FORMAT_XML) {
        struct error error = {0};
        if (nitf_writer_open(&output.nitf, stdout, &error) < 0) {
            cli_print_error(&error);
            return 1;
        }
    } else {
        output.printer = printer_new(output_format, stdout, true);
    }
    struct input_stats stats = {0};
    long files = 0;
    int status = 0;
    for (int i = optind; i < argc && !ferror(stdout); i++) {
        struct string_list inputs = {0};
        struct error error = {0};
        int expanded = input_expand_directory(argv[i], &inputs, &error);
        if (expanded < 0) {
            cli_print_error(&error);
            status = 1;
        } else if (expanded == 0) {
            files++;
            status |= parse_one(argv[i], input_format, &stats, &output);
        } else {
            for (size_t k = 0; k < inputs.count && !ferror(stdout); k++) {
                files++;
                status |= parse_one(inputs.items[k], input_format, &stats, &output);
            }
        }
        string_list_free(&inputs);
    }
    if (output.nitf != NULL) {
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
    if (show_stats)
        fprintf(stderr, "newsidx: parse: %ld files, %ld articles, %ld repairs, %ld control characters dropped\n",
                files, stats.articles, stats.repairs, stats.control_characters);
    return status;
}
