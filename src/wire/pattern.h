/* pattern.h — PCRE2 patterns compiled once, with JIT, on first use.
 *
 * Each extractor declares its patterns as static struct pattern values named
 * for what they match, next to the code that uses them.  The first match
 * compiles the pattern (UTF and Unicode properties on) and JIT-compiles it
 * (unless NEWSIDX_NO_JIT is set, for valgrind runs); wire_release() frees
 * them all at exit.  Not thread-safe: newsidx
 * parses on one thread.
 */
#ifndef NEWSIDX_WIRE_PATTERN_H
#define NEWSIDX_WIRE_PATTERN_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>

/* A pattern and its compiled state. */
struct pattern {
    const char *source;             /* the regular expression */
    pcre2_code *code;               /* compiled form, NULL until first use */
    pcre2_match_data *match_data;   /* the last match's offsets */
    struct pattern *next_compiled;  /* chain of compiled patterns, for release */
};

/* Declares a pattern with the given source; compile happens on first use. */
#define PATTERN(source_text) { .source = (source_text) }

/* Matches subject[0..length) from offset start.  The subject must be
 * valid UTF-8 (it is not checked again: see pattern.c).  Returns true on a match;
 * the groups are then available through pattern_group(). */
bool pattern_match(struct pattern *pattern, const char *subject, size_t length, size_t start);

/* After a successful match, the span of group number group (0 is the whole
 * match).  Returns false when the group did not take part. */
bool pattern_group(struct pattern *pattern, int group, size_t *start, size_t *length);

/* After a successful match, the span of the group with the given name. */
bool pattern_named_group(struct pattern *pattern, const char *name, size_t *start, size_t *length);

#endif
