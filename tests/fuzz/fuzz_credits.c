/* fuzz_credits.c — libFuzzer target: the extractors that split people's
 * names out of a block (src/wire/credits.c and caption.c): the closing
 * credit line, the byline and the photo credit of a caption, on any text
 * made valid UTF-8 (as every block is, see src/wire/pattern.c).  Besides
 * crashes it checks that every name and role is non-empty, trimmed UTF-8.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "newsidx/article_print.h"
#include "newsidx/wire.h"

/* Aborts unless text (when not NULL) is valid UTF-8 and, when trimmed is
 * true, has no white space (U+00A0 included) at either
 * end. */
static void check_string(const char *what, const char *text, bool trimmed)
{
    if (text == NULL)
        return;
    size_t length = strlen(text);
    const char *start = text;
    size_t trimmed_length = length;
    text_trim_span(&start, &trimmed_length);
    if (!utf8_is_valid(text, length) || (trimmed && trimmed_length != length)) {
        fprintf(stderr, "fuzz_credits: %s '%s' is not %sUTF-8\n", what, text,
                trimmed ? "trimmed " : "");
        abort();
    }
}

static void check_credits(const struct article *article)
{
    for (size_t i = 0; i < article->credit_count; i++) {
        if (article->credits[i].name == NULL || article->credits[i].role == NULL ||
            article->credits[i].name[0] == '\0') {
            fprintf(stderr, "fuzz_credits: credit %zu has no name or role\n", i);
            abort();
        }
        check_string("credit name", article->credits[i].name, true);
        check_string("credit location", article->credits[i].location, true);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *block = fuzz_text(data, size);
    FILE *sink = fopen("/dev/null", "w");
    struct printer *printer = printer_new(OUTPUT_FORMAT_NDJSON, sink, true);

    struct article article;
    article_init(&article);
    char *credit_line = wire_credit_line_match(block);
    check_string("credit line", credit_line, false);
    wire_credits_parse(credit_line != NULL ? credit_line : block, &article);
    check_credits(&article);
    credits_print(printer, article.credits, article.credit_count);
    free(credit_line);
    article_free(&article);

    struct string_list names = {0};
    if (wire_byline_parse(block, &names))
        for (size_t i = 0; i < names.count; i++)
            check_string("byline name", names.items[i], true);
    string_list_print(printer, &names);
    string_list_free(&names);

    struct caption caption = {0};
    if (wire_caption_match(block)) {
        wire_caption_parse(block, &caption);
        check_string("photo credit", caption.credit, true);
        for (size_t i = 0; i < caption.photographers.count; i++)
            check_string("photographer", caption.photographers.items[i], true);
        captions_print(printer, &caption, 1);
    }
    caption_free(&caption);

    printer_finish(printer);
    fclose(sink);
    free(block);
    return 0;
}
