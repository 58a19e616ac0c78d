/* pattern.c — compile-once PCRE2 patterns for the extractors.
 *
 * PCRE2_NO_UTF_CHECK, reviewed (issue 10):
 * - at compile time it vouches for the pattern sources, which are constants
 *   of this program in ASCII and UTF-8;
 * - at match time it vouches for the subject.  A subject that is not valid
 *   UTF-8 is undefined behaviour in PCRE2 (out-of-bounds reads), so every
 *   subject must be valid UTF-8: wire text comes from reader lines, which
 *   are UTF-8 or decoded from Windows-1252; markup text comes through
 *   markup.c, which repairs it to U+FFFD.  Checking it here instead costs
 *   35% more instructions in a parse (callgrind, 3 MB of generated wire
 *   text), since PCRE2 checks the whole subject before every match, even
 *   for an anchored pattern that fails at its first byte.  The start
 *   offset must likewise be at the first byte of a character.  Builds with
 *   NEWSIDX_CHECK_UTF8 defined (make check-asan, make fuzz) check both
 *   promises on every match and abort when one is broken.
 */
#include "pattern.h"

#include <stdio.h>
#include <stdlib.h>

#include "newsidx/text.h"
#include "newsidx/wire.h"

/* Every pattern compiled so far, so that wire_release() can free them. */
static struct pattern *compiled_patterns;

static void pattern_compile(struct pattern *pattern)
{
    int error_code;
    PCRE2_SIZE error_offset;
    pattern->code = pcre2_compile((PCRE2_SPTR)pattern->source, PCRE2_ZERO_TERMINATED,
                                  PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK, &error_code,
                                  &error_offset, NULL);
    if (pattern->code == NULL) {
        /* The patterns are constants of the program: failing here is a bug. */
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(error_code, message, sizeof message);
        fprintf(stderr, "newsidx: internal error: pattern '%s' at offset %zu: %s\n",
                pattern->source, (size_t)error_offset, (const char *)message);
        abort();
    }
    /* JIT code confuses valgrind (its machine code has no symbols and reads
     * whole words); NEWSIDX_NO_JIT=1 keeps the interpreter for such runs.
     * Without JIT support, matching falls back to the interpreter anyway. */
    if (getenv("NEWSIDX_NO_JIT") == NULL)
        pcre2_jit_compile(pattern->code, PCRE2_JIT_COMPLETE);
    pattern->match_data = pcre2_match_data_create_from_pattern(pattern->code, NULL);
    pattern->next_compiled = compiled_patterns;
    compiled_patterns = pattern;
}

bool pattern_match(struct pattern *pattern, const char *subject, size_t length, size_t start)
{
    if (pattern->code == NULL)
        pattern_compile(pattern);
#ifdef NEWSIDX_CHECK_UTF8
    /* PCRE2 also wants the start offset at a character's first byte. */
    if (!utf8_is_valid(subject, length) || start > length ||
        (start < length && ((unsigned char)subject[start] & 0xC0) == 0x80)) {
        fprintf(stderr, "newsidx: internal error: pattern '%s' given text that is not UTF-8"
                " or a start inside a character\n", pattern->source);
        abort();
    }
#endif
    int result = pcre2_match(pattern->code, (PCRE2_SPTR)subject, length, start,
                             PCRE2_NO_UTF_CHECK, pattern->match_data, NULL);
    return result > 0;
}

bool pattern_group(struct pattern *pattern, int group, size_t *start, size_t *length)
{
    if (group < 0 || (uint32_t)group >= pcre2_get_ovector_count(pattern->match_data))
        return false;
    PCRE2_SIZE *offsets = pcre2_get_ovector_pointer(pattern->match_data);
    if (offsets[2 * group] == PCRE2_UNSET)
        return false;
    *start = offsets[2 * group];
    *length = offsets[2 * group + 1] - offsets[2 * group];
    return true;
}

bool pattern_named_group(struct pattern *pattern, const char *name, size_t *start, size_t *length)
{
    int group = pcre2_substring_number_from_name(pattern->code, (PCRE2_SPTR)name);
    return group > 0 && pattern_group(pattern, group, start, length);
}

void wire_release(void)
{
    while (compiled_patterns) {
        struct pattern *pattern = compiled_patterns;
        compiled_patterns = pattern->next_compiled;
        pcre2_match_data_free(pattern->match_data);
        pcre2_code_free(pattern->code);
        pattern->code = NULL;
        pattern->match_data = NULL;
        pattern->next_compiled = NULL;
    }
}
