/* cmd_parse.c — `newsidx parse FILE…|-`: parse only, print articles as JSON. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "newsidx/article_print.h"
#include "newsidx/input.h"

static const char parse_usage[] =
    "usage: newsidx parse [--format=ndjson|json] [--input-format=wire|sgml|rcv1|nitf] FILE...|-\n"
    "\n"
    "Parse news dumps and print every article as the JSON of SPEC section 2,\n"
    "without storing anything.  FILE may be gzip-compressed; - reads standard input.\n"
    "\n"
    "  --format=ndjson       one article per line (the default)\n"
    "  --format=json         one JSON array\n"
    "  --input-format=NAME   read as NAME instead of detecting the format\n"
    "\n"
    "example: newsidx parse dumps/000.txt | jq .title\n";

static int print_article(struct article *article, void *context, struct error *error)
{
    (void)error;
    article_print(context, article);
    return 0;
}

int cmd_parse(const struct cli_globals *globals, int argc, char **argv)
{
    (void)globals;
    static const struct option options[] = {
        {"format", required_argument, NULL, 'f'},
        {"input-format", required_argument, NULL, 'i'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    enum output_format output_format = OUTPUT_FORMAT_NDJSON;
    enum input_format input_format = INPUT_FORMAT_UNKNOWN;
    int option;
    optind = 1;
    opterr = 0;
    while ((option = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (option) {
        case 'f':
            output_format = output_format_from_name(optarg);
            if (output_format != OUTPUT_FORMAT_JSON && output_format != OUTPUT_FORMAT_NDJSON)
                return cli_usage_error("parse: unknown output format '%s' (use json or ndjson)", optarg);
            break;
        case 'i':
            input_format = input_format_from_name(optarg);
            if (input_format == INPUT_FORMAT_UNKNOWN)
                return cli_usage_error("parse: unknown input format '%s'", optarg);
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

    struct printer *printer = printer_new(output_format, stdout, true);
    int status = 0;
    for (int i = optind; i < argc; i++) {
        struct error error = {0};
        struct reader *reader = NULL;
        if (reader_open(&reader, argv[i], &error) < 0 ||
            input_parse(reader, input_format, argv[i], print_article, printer, &error) < 0) {
            fflush(stdout);
            cli_print_error(&error);
            status = 1;
        }
        reader_close(reader);
    }
    if (printer_finish(printer) < 0) {
        fprintf(stderr, "newsidx: cannot write output: %s\n", strerror(errno));
        status = 1;
    }
    return status;
}
