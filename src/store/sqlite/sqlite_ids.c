/* sqlite_ids.c — sets of article ids, as bitmaps: what a facet counts over,
 * and what a filter lets through while a ranking walks the index. */
#include <stdlib.h>
#include <string.h>

#include "sqlite_internal.h"

int store_id_set_add(long long id, void *context)
{
    struct store_id_set *set = context;
    if (id < 0)
        return 0;
    size_t word = (size_t)(id / 64);
    if (word >= set->words) {
        size_t words = set->words ? set->words : 1024;
        while (words <= word)
            words *= 2;
        set->bits = checked_realloc(set->bits, words * sizeof *set->bits);
        memset(set->bits + set->words, 0, (words - set->words) * sizeof *set->bits);
        set->words = words;
    }
    set->bits[word] |= (uint64_t)1 << (id % 64);
    if (set->highest < 0 || id < set->lowest)
        set->lowest = id;
    if (id > set->highest)
        set->highest = id;
    return 0;
}

bool store_id_set_has(const struct store_id_set *set, long long id)
{
    if (set->all)
        return true;
    size_t word = (size_t)(id / 64);
    return id >= 0 && word < set->words && (set->bits[word] >> (id % 64)) & 1u;
}

void store_id_set_free(struct store_id_set *set)
{
    free(set->bits);
    set->bits = NULL;
    set->words = 0;
}
