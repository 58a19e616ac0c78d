/* extractors.c — runs the extractor cases written as data files.
 *
 * A case file (tests/unit/NAME.test) holds cases separated by blank lines;
 * lines starting with '#' are comments.  A case is three lines:
 *
 *     EXTRACTOR
 *     input text (one line; "\n" is not special)
 *     expected result as compact JSON
 *
 * The driver runs the named extractor on the input, prints its result as
 * compact JSON through the printer, and compares.  It prints PASS or FAIL
 * per case, as tests/run-tests.sh expects.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "newsidx/article_date.h"
#include "newsidx/article_print.h"
#include "newsidx/fold.h"
#include "newsidx/query.h"
#include "newsidx/reader.h"
#include "newsidx/text.h"
#include "newsidx/wire.h"
#include "../../src/store/postgres/postgres_query.h"

/* Writes a query tree as text: TERM as field:"text" (a * after it for a
 * prefix), the others as all(…), any(…), not(…). */
static void query_tree_write(const struct query_node *node, struct buffer *out)
{
    if (node == NULL)
        return;
    if (node->kind == QUERY_NODE_TERM) {
        const char *field = query_field_name(node->field);
        if (field) {
            buffer_append_string(out, field);
            buffer_append_byte(out, ':');
        }
        buffer_append_byte(out, '"');
        buffer_append_string(out, node->text);
        buffer_append_byte(out, '"');
        if (node->prefix)
            buffer_append_byte(out, '*');
        return;
    }
    buffer_append_string(out, node->kind == QUERY_NODE_ALL ? "all(" : node->kind == QUERY_NODE_ANY ? "any(" : "not(");
    for (size_t i = 0; i < node->count; i++) {
        if (i)
            buffer_append_byte(out, ' ');
        query_tree_write(node->children[i], out);
    }
    buffer_append_byte(out, ')');
}

/* Builds an article from "key: value | key: value" (keys: published,
 * dateline (its date), caption, file-caption (their dates), paragraph)
 * and what ingest was given ("given: 2017" or "given: 2017-03-04"). */
static void date_case_article(const char *input, struct article *article, struct article_date_given *given)
{
    article_init(article);
    memset(given, 0, sizeof *given);
    char *copy = checked_strdup(input);
    for (char *part = copy; part != NULL;) {
        char *next = strstr(part, " | ");
        if (next != NULL) {
            *next = '\0';
            next += 3;
        }
        char *colon = strstr(part, ": ");
        if (colon != NULL) {
            *colon = '\0';
            const char *value = colon + 2;
            if (strcmp(part, "published") == 0) {
                article->published = checked_strdup(value);
            } else if (strcmp(part, "dateline") == 0) {
                article->dateline = checked_malloc(sizeof *article->dateline);
                memset(article->dateline, 0, sizeof *article->dateline);
                article->dateline->raw = checked_strdup(value);
                article->dateline->date = checked_strdup(value);
            } else if (strcmp(part, "caption") == 0 || strcmp(part, "file-caption") == 0) {
                struct caption *caption = article_add_caption(article);
                caption->text = checked_strdup(value);
                caption->date = checked_strdup(value);
                caption->file_photo = part[0] == 'f';
            } else if (strcmp(part, "paragraph") == 0) {
                string_list_append(&article->paragraphs, value);
            } else if (strcmp(part, "given") == 0) {
                sscanf(value, "%d-%d-%d", &given->year, &given->month, &given->day);
            }
        }
        part = next;
    }
    free(copy);
}

/* The date extractors (article_date.h, calendar.h); false for other names. */
static bool run_date_extractor(const char *name, const char *input, struct printer *printer)
{
    if (strcmp(name, "date_rules") == 0) {
        struct article article;
        struct article_date_given given;
        struct article_date date;
        date_case_article(input, &article, &given);
        article_date_find(&article, given.year ? &given : NULL, &date);
        printer_begin_map(printer);
        printer_key(printer, "date");
        printer_string(printer, date.iso[0] ? date.iso : NULL);
        printer_key(printer, "date_source");
        printer_string(printer, article_date_source_name(date.source));
        printer_end(printer);
        article_free(&article);
    } else if (strcmp(name, "date_query") == 0) {
        struct query query;
        struct error error = {0};
        printer_begin_map(printer);
        if (query_parse(input, &query, &error) < 0) {
            printer_key(printer, "error");
            printer_string(printer, error.message);
        } else {
            printer_key(printer, "fts");
            printer_string(printer, query.fts_expression);
            printer_key(printer, "since");
            printer_string(printer, query.since);
            printer_key(printer, "until");
            printer_string(printer, query.until);
            query_free(&query);
        }
        printer_end(printer);
    } else if (strcmp(name, "date_written") == 0) {
        int year, month, day;
        if (article_date_parse_written(input, &year, &month, &day)) {
            printer_begin_list(printer);
            printer_integer(printer, year);
            printer_integer(printer, month);
            printer_integer(printer, day);
            printer_end(printer);
        } else {
            printer_null(printer);
        }
    } else if (strcmp(name, "date_partial") == 0) {
        struct calendar_date first, last;
        enum calendar_precision precision = calendar_parse_partial(input, &first, &last);
        if (precision == CALENDAR_NOT_A_DATE) {
            printer_null(printer);
        } else {
            char from[11], to[11];
            calendar_format(first, from);
            calendar_format(last, to);
            printer_begin_list(printer);
            printer_string(printer, from);
            printer_string(printer, to);
            printer_end(printer);
        }
    } else if (strcmp(name, "date_week") == 0) {
        /* input: yyyy-mm-dd; prints [week year, week, weekday (0 Monday)] */
        struct calendar_date date;
        if (!calendar_parse_iso_prefix(input, &date))
            return false;
        long number = calendar_day_number(date);
        int week_year, week;
        calendar_iso_week(number, &week_year, &week);
        struct calendar_date back = calendar_date_of(number);
        printer_begin_list(printer);
        printer_integer(printer, week_year);
        printer_integer(printer, week);
        printer_integer(printer, calendar_weekday(number));
        printer_boolean(printer, back.year == date.year && back.month == date.month && back.day == date.day);
        printer_end(printer);
    } else {
        return false;
    }
    return true;
}
/* The key folder of the "fold" cases, opened by the first. */
static struct key_folder *folder;

/* Receives the articles of a "split" case: prints what says where each
 * story was cut. */
static int print_split_article(struct article *article, void *context, struct error *error)
{
    (void)error;
    struct printer *printer = context;
    printer_begin_map(printer);
    printer_key(printer, "title");
    printer_string(printer, article->title);
    printer_key(printer, "dateline");
    printer_string(printer, article->dateline ? article->dateline->raw : NULL);
    printer_key(printer, "paragraphs");
    printer_integer(printer, (long long)article->paragraphs.count);
    printer_key(printer, "credits");
    printer_integer(printer, (long long)article->credit_count);
    printer_end(printer);
    return 0;
}

/* The "split" extractor: input is a dump on one line, its blocks separated
 * by " ¶ "; prints one entry per article the wire parser makes of it. */
static bool run_split(const char *input, struct printer *printer)
{
    char path[] = "/tmp/newsidx-split-XXXXXX";
    int descriptor = mkstemp(path);
    if (descriptor < 0)
        return false;
    FILE *file = fdopen(descriptor, "w");
    for (const char *at = input; *at;) {
        const char *separator = strstr(at, " ¶ ");
        size_t length = separator ? (size_t)(separator - at) : strlen(at);
        fwrite(at, 1, length, file);
        fputs("\n\n", file);
        at += length + (separator ? strlen(" ¶ ") : 0);
    }
    fclose(file);
    struct reader *reader = NULL;
    struct error error = {0};
    bool ok = reader_open(&reader, path, &error) == 0;
    printer_begin_list(printer);
    if (ok)
        ok = wire_parse(reader, "split", print_split_article, printer, &error) == 0;
    printer_end(printer);
    reader_close(reader);
    unlink(path);
    return ok;
}

/* Runs one extractor on input, printing its result to printer. */
static bool run_extractor(const char *name, const char *input, struct printer *printer)
{
    if (strncmp(name, "date_", 5) == 0)
        return run_date_extractor(name, input, printer);
    if (strcmp(name, "dateline") == 0) {
        size_t text_start = 0;
        struct dateline *dateline = wire_dateline_parse(input, &text_start);
        printer_begin_map(printer);
        printer_key(printer, "dateline");
        dateline_print(printer, dateline);
        printer_key(printer, "text");
        printer_string(printer, dateline ? input + text_start : NULL);
        printer_end(printer);
        dateline_free(dateline);
    } else if (strcmp(name, "dateline_glued") == 0) {
        size_t dateline_start = 0, text_start = 0;
        struct dateline *dateline = wire_dateline_find(input, &dateline_start, &text_start);
        printer_begin_map(printer);
        printer_key(printer, "before");
        if (dateline && dateline_start > 0) {
            char *before = text_trim_copy(input, dateline_start);
            printer_string(printer, before);
            free(before);
        } else {
            printer_null(printer);
        }
        printer_key(printer, "dateline");
        dateline_print(printer, dateline);
        printer_key(printer, "text");
        printer_string(printer, dateline ? input + text_start : NULL);
        printer_end(printer);
        dateline_free(dateline);
    } else if (strcmp(name, "split") == 0) {
        if (!run_split(input, printer))
            return false;
    } else if (strcmp(name, "caption") == 0) {
        if (!wire_caption_match(input)) {
            printer_null(printer);
            return true;
        }
        struct caption caption = {0};
        wire_caption_parse(input, &caption);
        captions_print(printer, &caption, 1);
        caption_free(&caption);
    } else if (strcmp(name, "byline") == 0) {
        struct string_list names = {0};
        if (wire_byline_parse(input, &names))
            string_list_print(printer, &names);
        else
            printer_null(printer);
        string_list_free(&names);
    } else if (strcmp(name, "credit_line") == 0) {
        char *raw = wire_credit_line_match(input);
        printer_string(printer, raw);
        free(raw);
    } else if (strcmp(name, "credits") == 0) {
        struct article article;
        article_init(&article);
        wire_credits_parse(input, &article);
        credits_print(printer, article.credits, article.credit_count);
        article_free(&article);
    } else if (strcmp(name, "note") == 0) {
        char *note = wire_note_match(input);
        printer_string(printer, note);
        free(note);
    } else if (strcmp(name, "header_note") == 0) {
        char *note = wire_header_note_match(input);
        printer_string(printer, note);
        free(note);
    } else if (strcmp(name, "credit_trailing") == 0) {
        size_t paragraph_length = 0;
        char *credit_line = wire_credit_line_trailing(input, &paragraph_length);
        printer_begin_map(printer);
        printer_key(printer, "paragraph");
        if (credit_line) {
            char *paragraph = checked_strndup(input, paragraph_length);
            printer_string(printer, paragraph);
            free(paragraph);
        } else {
            printer_null(printer);
        }
        printer_key(printer, "credit_line");
        printer_string(printer, credit_line);
        printer_end(printer);
        free(credit_line);
    } else if (strcmp(name, "link") == 0) {
        struct string_list links = {0};
        if (wire_link_parse(input, &links))
            string_list_print(printer, &links);
        else
            printer_null(printer);
        string_list_free(&links);
    } else if (strcmp(name, "subhead") == 0) {
        printer_boolean(printer, wire_subhead_match(input));
    } else if (strcmp(name, "signoff") == 0) {
        printer_boolean(printer, wire_signoff_match(input));
    } else if (strcmp(name, "join") == 0) {
        /* input: "first paragraph || second paragraph" */
        const char *separator = strstr(input, " || ");
        if (separator == NULL)
            return false;
        char *first = checked_strndup(input, (size_t)(separator - input));
        printer_boolean(printer, wire_paragraphs_join(first, separator + 4));
        free(first);
    } else if (strcmp(name, "same_headline") == 0) {
        const char *separator = strstr(input, " || ");
        if (separator == NULL)
            return false;
        char *first = checked_strndup(input, (size_t)(separator - input));
        printer_boolean(printer, text_equal_ignoring_quotes(first, separator + 4));
        free(first);
    } else if (strcmp(name, "query") == 0) {
        struct query query;
        struct error error = {0};
        printer_begin_map(printer);
        if (query_parse(input, &query, &error) < 0) {
            printer_key(printer, "error");
            printer_string(printer, error.message);
            printer_key(printer, "status");
            printer_integer(printer, error.kind);
        } else {
            printer_key(printer, "fts");
            printer_string(printer, query.fts_expression);
            printer_key(printer, "tags");
            string_list_print(printer, &query.tags);
            query_free(&query);
        }
        printer_end(printer);
    } else if (strcmp(name, "query_tree") == 0) {
        struct query query;
        struct error error = {0};
        printer_begin_map(printer);
        if (query_parse(input, &query, &error) < 0) {
            printer_key(printer, "error");
            printer_string(printer, error.message);
        } else {
            struct buffer tree = {0};
            query_tree_write(query.tree, &tree);
            printer_key(printer, "tree");
            printer_string(printer, query.tree ? tree.data : NULL);
            buffer_free(&tree);
            query_free(&query);
        }
        printer_end(printer);
    } else if (strcmp(name, "postgres_condition") == 0) {
        struct query query;
        struct error error = {0};
        printer_begin_map(printer);
        if (query_parse(input, &query, &error) < 0) {
            printer_key(printer, "error");
            printer_string(printer, error.message);
        } else {
            struct postgres_condition condition;
            postgres_condition_make(query.tree, &condition);
            printer_key(printer, "sql");
            printer_string(printer, condition.sql.data);
            printer_key(printer, "rank");
            printer_string(printer, condition.rank_queries[QUERY_FIELD_ANY].data);
            printer_key(printer, "title_rank");
            printer_string(printer, condition.rank_queries[QUERY_FIELD_TITLE].data);
            printer_key(printer, "parameters");
            string_list_print(printer, &condition.parameters);
            postgres_condition_free(&condition);
            query_free(&query);
        }
        printer_end(printer);
    } else if (strcmp(name, "render") == 0) {
        /* input: "FORMAT WIDTH [single]": renders two fixed records (or one
         * single value) through a second printer and prints the text. */
        char format_name[16] = "";
        int width = 0;
        char mode[16] = "";
        if (sscanf(input, "%15s %d %15s", format_name, &width, mode) < 2)
            return false;
        char columns[16];
        snprintf(columns, sizeof columns, "%d", width);
        setenv("COLUMNS", columns, 1);
        char *rendered = NULL;
        size_t rendered_length = 0;
        FILE *memory = open_memstream(&rendered, &rendered_length);
        bool single = strcmp(mode, "single") == 0;
        struct printer *inner = printer_new(output_format_from_name(format_name), memory, !single);
        for (int record = 0; record < (single ? 1 : 2); record++) {
            printer_begin_map(inner);
            printer_key(inner, "id");
            printer_integer(inner, 17 + record);
            printer_key(inner, "title");
            printer_string(inner, record ? "Short, with \"quotes\"" : "A rather long headline about grain shipments on the Danube river");
            printer_key(inner, "people");
            printer_begin_list(inner);
            printer_begin_map(inner);
            printer_key(inner, "role");
            printer_string(inner, "reporting");
            printer_key(inner, "name");
            printer_string(inner, "Léa Martin");
            printer_end(inner);
            printer_begin_map(inner);
            printer_key(inner, "role");
            printer_string(inner, "editing");
            printer_key(inner, "name");
            printer_string(inner, "Tom Hale");
            printer_end(inner);
            printer_end(inner);
            printer_key(inner, "snippet");
            printer_marked_string(inner, "barges carry \x02grain\x03 again");
            printer_end(inner);
        }
        printer_finish(inner);
        fclose(memory);
        printer_string(printer, rendered);
        free(rendered);
    } else if (strcmp(name, "match_positions") == 0) {
        /* input: text with [[ and ]] standing for the match marks */
        struct buffer marked = {0};
        for (const char *at = input; *at; at++) {
            if (strncmp(at, "[[", 2) == 0) {
                buffer_append_string(&marked, PRINTER_MATCH_START);
                at++;
            } else if (strncmp(at, "]]", 2) == 0) {
                buffer_append_string(&marked, PRINTER_MATCH_END);
                at++;
            } else {
                buffer_append_byte(&marked, *at);
            }
        }
        printer_begin_map(printer);
        printer_key(printer, "text");
        printer_marked_string(printer, marked.data ? marked.data : "");
        printer_key(printer, "matches");
        printer_match_positions(printer, marked.data ? marked.data : "");
        printer_end(printer);
        buffer_free(&marked);
    } else if (strcmp(name, "fold") == 0) {
        struct error error = {0};
        if (folder == NULL && key_folder_open(&folder, &error) < 0) {
            printer_string(printer, error.message);
            return true;
        }
        struct buffer folded = {0};
        key_folder_fold(folder, &folded, input);
        printer_string(printer, folded.data ? folded.data : "");
        buffer_free(&folded);
    } else if (strcmp(name, "trim") == 0) {
        char *trimmed = text_trim_copy(input, strlen(input));
        printer_string(printer, trimmed);
        free(trimmed);
    } else if (strcmp(name, "windows1252") == 0) {
        /* input: hex bytes, e.g. "93 48 69 94" */
        struct buffer bytes = {0}, decoded = {0};
        for (const char *at = input; *at;) {
            char *end;
            long value = strtol(at, &end, 16);
            if (end == at)
                break;
            buffer_append_byte(&bytes, (char)value);
            at = end;
        }
        utf8_from_windows1252(&decoded, bytes.data ? bytes.data : "", bytes.length);
        printer_string(printer, decoded.data ? decoded.data : "");
        buffer_free(&bytes);
        buffer_free(&decoded);
    } else {
        return false;
    }
    return true;
}

/* Reads the next non-comment line of file into line (without newline);
 * returns false at the end.  Sets *blank for an empty line. */
static bool next_line(FILE *file, struct buffer *line, long *line_number)
{
    for (;;) {
        buffer_reset(line);
        int c;
        bool any = false;
        while ((c = getc(file)) != EOF && c != '\n') {
            buffer_append_byte(line, (char)c);
            any = true;
        }
        if (c == EOF && !any)
            return false;
        (*line_number)++;
        if (line->length && line->data[0] == '#')
            continue;
        return true;
    }
}

int main(int argc, char **argv)
{
    int failures = 0;
    for (int i = 1; i < argc; i++) {
        FILE *file = fopen(argv[i], "r");
        if (file == NULL) {
            printf("FAIL %s: cannot open\n", argv[i]);
            failures++;
            continue;
        }
        struct buffer name = {0}, input = {0}, expected = {0};
        long line_number = 0;
        for (;;) {
            if (!next_line(file, &name, &line_number))
                break;
            if (name.length == 0)
                continue;
            long case_line = line_number;
            char *extractor = checked_strdup(name.data);
            if (!next_line(file, &input, &line_number) || !next_line(file, &expected, &line_number)) {
                printf("FAIL %s:%ld: incomplete case\n", argv[i], case_line);
                failures++;
                free(extractor);
                break;
            }
            char *output = NULL;
            size_t output_length = 0;
            FILE *memory = open_memstream(&output, &output_length);
            struct printer *printer = printer_new(OUTPUT_FORMAT_NDJSON, memory, false);
            bool known = run_extractor(extractor, input.data ? input.data : "", printer);
            printer_finish(printer);
            fclose(memory);
            if (output_length && output[output_length - 1] == '\n')
                output[--output_length] = '\0';
            if (!known) {
                printf("FAIL %s:%ld: unknown extractor or bad input for '%s'\n", argv[i], case_line, extractor);
                failures++;
            } else if (strcmp(output, expected.data ? expected.data : "") != 0) {
                printf("FAIL %s:%ld %s\n  input  %s\n  wanted %s\n  got    %s\n", argv[i], case_line,
                       extractor, input.data, expected.data, output);
                failures++;
            } else {
                printf("PASS %s:%ld %s\n", argv[i], case_line, extractor);
            }
            free(output);
            free(extractor);
        }
        buffer_free(&name);
        buffer_free(&input);
        buffer_free(&expected);
        fclose(file);
    }
    wire_release();
    key_folder_close(folder);
    return failures ? 1 : 0;
}
