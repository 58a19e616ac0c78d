/* article_print.h — an article as the JSON object of SPEC section 2.
 *
 * The one place that knows the article's field names and shapes; parse,
 * show and export all print through it.
 */
#ifndef NEWSIDX_ARTICLE_PRINT_H
#define NEWSIDX_ARTICLE_PRINT_H

#include "newsidx/article.h"
#include "newsidx/printer.h"

/* Prints the article as one map: "id" first when the article is stored
 * (id > 0), then every field of SPEC section 2 in its order. */
void article_print(struct printer *printer, const struct article *article);

/* Prints a list of credits as [{"role","name","location"}, …]. */
void credits_print(struct printer *printer, const struct credit *credits, size_t count);

/* Prints a dateline map, or null when dateline is NULL. */
void dateline_print(struct printer *printer, const struct dateline *dateline);

/* Prints a list of caption maps. */
void captions_print(struct printer *printer, const struct caption *captions, size_t count);

/* Prints where an article came from: {"file", "first_line", "last_line"}. */
void source_print(struct printer *printer, const char *file, long first_line, long last_line);

/* Prints a list of tags as [{"scheme","code"}, …]. */
void tags_print(struct printer *printer, const struct tag *tags, size_t count);

/* Prints a list of strings. */
void string_list_print(struct printer *printer, const struct string_list *list);

#endif
