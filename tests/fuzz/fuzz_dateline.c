/* fuzz_dateline.c — libFuzzer target: the dateline extractor
 * (src/wire/dateline.c) on any text made valid UTF-8 (as every block is,
 * see src/wire/pattern.c).  Besides crashes it checks that the text after
 * the dateline starts inside the block and that every part is UTF-8.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "newsidx/article_print.h"
#include "newsidx/wire.h"

static void check_string(const char *what, const char *text)
{
    if (text != NULL && !utf8_is_valid(text, strlen(text))) {
        fprintf(stderr, "fuzz_dateline: %s is not UTF-8\n", what);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *block = fuzz_text(data, size);
    size_t text_start = 0;
    struct dateline *dateline = wire_dateline_parse(block, &text_start);
    if (dateline != NULL) {
        if (text_start > strlen(block)) {
            fprintf(stderr, "fuzz_dateline: text starts at %zu, past the block's end\n", text_start);
            abort();
        }
        check_string("the text after the dateline", block + text_start);
        check_string("raw", dateline->raw);
        check_string("agency", dateline->agency);
        check_string("date", dateline->date);
        for (size_t i = 0; i < dateline->place_count; i++) {
            check_string("city", dateline->places[i].city);
            check_string("region", dateline->places[i].region);
        }
        FILE *sink = fopen("/dev/null", "w");
        struct printer *printer = printer_new(OUTPUT_FORMAT_NDJSON, sink, true);
        dateline_print(printer, dateline);
        printer_finish(printer);
        fclose(sink);
    }
    dateline_free(dateline);
    free(block);
    return 0;
}
