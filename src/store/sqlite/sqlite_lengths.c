/* sqlite_lengths.c — every article's length in tokens, packed for ranking.
 *
 * bm25 needs each matching row's length.  FTS5 keeps it in %_docsize, a
 * row per article, and looking a row up there costs a B-tree seek (about
 * 1.6 µs); ranking a word found in a million articles spent most of its
 * time there.  So the store keeps the same lengths a second way, in
 * article_lengths: one row per block of STORE_LENGTHS_PER_BLOCK article
 * ids, whose BLOB holds each article's total tokens (all columns, as
 * bm25 counts them) as a 32-bit little-endian number, in id order.  A
 * ranking reads a block once for the thousand articles in it.
 *
 * The lengths are copied from %_docsize itself, so they are exactly what
 * FTS5's bm25() uses: each batch, before it commits, appends the articles
 * written since the last (ids only grow: articles are never deleted).  A
 * block's BLOB is as long as the ids it covers so far, so the store knows
 * where to go on.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite_internal.h"

/* Reads an FTS5 varint (SQLite's format) from bytes; returns its length. */
static int read_varint(const unsigned char *bytes, int available, sqlite3_int64 *value)
{
    sqlite3_uint64 result = 0;
    for (int i = 0; i < available && i < 9; i++) {
        if (i == 8) {
            result = (result << 8) | bytes[i];
            *value = (sqlite3_int64)result;
            return 9;
        }
        result = (result << 7) | (bytes[i] & 0x7F);
        if ((bytes[i] & 0x80) == 0) {
            *value = (sqlite3_int64)result;
            return i + 1;
        }
    }
    *value = (sqlite3_int64)result;
    return available;
}

unsigned long store_docsize_total(const unsigned char *bytes, int size)
{
    sqlite3_int64 total = 0, column;
    for (int offset = 0; offset < size;) {
        offset += read_varint(bytes + offset, size - offset, &column);
        total += column;
    }
    return total < 0 ? 0 : (unsigned long)total;
}

/* Writes a length into a block at slot. */
static void put_length(unsigned char *block, size_t slot, unsigned long length)
{
    uint32_t value = length > UINT32_MAX ? UINT32_MAX : (uint32_t)length;
    for (int i = 0; i < 4; i++)
        block[slot * 4 + (size_t)i] = (unsigned char)(value >> (8 * i));
}

/* Writes the block being filled, if any. */
static int flush_block(struct sqlite_store *store, sqlite3_stmt *write, long long block, const unsigned char *bytes,
                       size_t slots, struct error *error)
{
    if (block < 0 || slots == 0)
        return 0;
    sqlite3_bind_int64(write, 1, block);
    sqlite3_bind_blob(write, 2, bytes, (int)(slots * 4), SQLITE_STATIC);
    return store_step_done(store, write, error, "cannot store article lengths");
}

int store_lengths_update(struct sqlite_store *store, struct error *error)
{
    /* Where the lengths stand: the last block and how many ids it holds. */
    sqlite3_stmt *last = store_statement(store, STATEMENT_LENGTHS_LAST, error);
    if (last == NULL)
        return -1;
    long long block = -1;
    size_t slots = 0;
    unsigned char bytes[STORE_LENGTHS_PER_BLOCK * 4];
    memset(bytes, 0, sizeof bytes);
    int step = sqlite3_step(last);
    if (step == SQLITE_ROW) {
        block = sqlite3_column_int64(last, 0);
        size_t size = (size_t)sqlite3_column_bytes(last, 1);
        if (size > sizeof bytes)
            size = sizeof bytes;
        memcpy(bytes, sqlite3_column_blob(last, 1), size);
        slots = size / 4;
    }
    sqlite3_reset(last);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return store_error(store, error, "cannot read article lengths");
    long long next_id = block < 0 ? 0 : block * STORE_LENGTHS_PER_BLOCK + (long long)slots;

    sqlite3_stmt *sizes = store_statement(store, STATEMENT_DOCSIZE_FROM, error);
    sqlite3_stmt *write = store_statement(store, STATEMENT_LENGTHS_WRITE, error);
    if (sizes == NULL || write == NULL)
        return -1;
    sqlite3_bind_int64(sizes, 1, next_id);
    int status = 0;
    while (status == 0 && (step = sqlite3_step(sizes)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(sizes, 0);
        unsigned long length = store_docsize_total(sqlite3_column_blob(sizes, 1), sqlite3_column_bytes(sizes, 1));
        long long id_block = id / STORE_LENGTHS_PER_BLOCK;
        if (id_block != block) {
            status = flush_block(store, write, block, bytes, slots, error);
            block = id_block;
            slots = 0;
            memset(bytes, 0, sizeof bytes);
        }
        size_t slot = (size_t)(id % STORE_LENGTHS_PER_BLOCK);
        put_length(bytes, slot, length);
        if (slot + 1 > slots)
            slots = slot + 1;
    }
    if (status == 0 && step != SQLITE_DONE)
        status = store_error(store, error, "cannot read article lengths");
    sqlite3_reset(sizes);
    if (status == 0)
        status = flush_block(store, write, block, bytes, slots, error);
    return status;
}
