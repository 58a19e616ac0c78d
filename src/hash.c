/* hash.c — MurmurHash3 x64 128 (Austin Appleby's public-domain design),
 * reworked to take its input in pieces. */
#include "newsidx/hash.h"

#include <stdio.h>
#include <string.h>

static const uint64_t multiplier1 = 0x87c37b91114253d5ULL;
static const uint64_t multiplier2 = 0x4cf5ad432745937fULL;

static uint64_t rotate_left(uint64_t value, unsigned bits)
{
    return (value << bits) | (value >> (64 - bits));
}

/* Reads 8 bytes as a little-endian number, whatever the machine's order. */
static uint64_t load_little_endian(const unsigned char *bytes)
{
    uint64_t value;
    memcpy(&value, bytes, sizeof value);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    value = __builtin_bswap64(value);
#endif
    return value;
}

/* The final avalanche of each half. */
static uint64_t final_mix(uint64_t value)
{
    value ^= value >> 33;
    value *= 0xff51afd7ed558ccdULL;
    value ^= value >> 33;
    value *= 0xc4ceb9fe1a85ec53ULL;
    value ^= value >> 33;
    return value;
}

/* Mixes one 16-byte block into the state. */
static void hash_block(struct content_hash *hash, const unsigned char *block)
{
    uint64_t k1 = load_little_endian(block), k2 = load_little_endian(block + 8);
    k1 *= multiplier1;
    k1 = rotate_left(k1, 31);
    k1 *= multiplier2;
    hash->h1 ^= k1;
    hash->h1 = rotate_left(hash->h1, 27) + hash->h2;
    hash->h1 = hash->h1 * 5 + 0x52dce729;
    k2 *= multiplier2;
    k2 = rotate_left(k2, 33);
    k2 *= multiplier1;
    hash->h2 ^= k2;
    hash->h2 = rotate_left(hash->h2, 31) + hash->h1;
    hash->h2 = hash->h2 * 5 + 0x38495ab5;
}

void content_hash_init(struct content_hash *hash)
{
    memset(hash, 0, sizeof *hash);
}

void content_hash_update(struct content_hash *hash, const void *bytes, size_t length)
{
    const unsigned char *at = bytes;
    hash->total_bytes += length;
    if (hash->block_length > 0) {
        size_t take = 16 - hash->block_length;
        if (take > length)
            take = length;
        memcpy(hash->block + hash->block_length, at, take);
        hash->block_length += take;
        at += take;
        length -= take;
        if (hash->block_length < 16)
            return;
        hash_block(hash, hash->block);
        hash->block_length = 0;
    }
    for (; length >= 16; at += 16, length -= 16)
        hash_block(hash, at);
    memcpy(hash->block, at, length);
    hash->block_length = length;
}

void content_hash_finish_hex(struct content_hash *hash, char hex[CONTENT_HASH_HEX_LENGTH + 1])
{
    const unsigned char *tail = hash->block;
    uint64_t k1 = 0, k2 = 0;
    for (size_t i = hash->block_length; i > 8; i--)
        k2 = k2 << 8 | tail[i - 1];
    if (hash->block_length > 8) {
        k2 *= multiplier2;
        k2 = rotate_left(k2, 33);
        k2 *= multiplier1;
        hash->h2 ^= k2;
    }
    for (size_t i = hash->block_length < 8 ? hash->block_length : 8; i > 0; i--)
        k1 = k1 << 8 | tail[i - 1];
    if (hash->block_length > 0) {
        k1 *= multiplier1;
        k1 = rotate_left(k1, 31);
        k1 *= multiplier2;
        hash->h1 ^= k1;
    }
    uint64_t h1 = hash->h1 ^ hash->total_bytes, h2 = hash->h2 ^ hash->total_bytes;
    h1 += h2;
    h2 += h1;
    h1 = final_mix(h1);
    h2 = final_mix(h2);
    h1 += h2;
    h2 += h1;
    snprintf(hex, CONTENT_HASH_HEX_LENGTH + 1, "%016llx%016llx", (unsigned long long)h1,
             (unsigned long long)h2);
}
