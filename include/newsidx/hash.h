/* hash.h — the content hash of the store: MurmurHash3 x64 128-bit.
 *
 * The store names a source file's bytes and an article's normalised text by
 * this hash, written as 32 lower-case hex digits (h1 then h2).  It is fast
 * (a few GB/s, against about 100 MB/s for SHA-256, which cost an eighth of
 * the ingest time) and wide enough that two different stories colliding by
 * chance is not a concern; it is not cryptographic, so it does not defend
 * against a dump crafted to collide.
 */
#ifndef NEWSIDX_HASH_H
#define NEWSIDX_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The length of a hash in hex digits, without the terminating NUL. */
#define CONTENT_HASH_HEX_LENGTH 32

/* A hash being computed: feed bytes with content_hash_update(), then finish. */
struct content_hash {
    uint64_t h1;             /* the first half of the running state */
    uint64_t h2;             /* the second half of the running state */
    uint64_t total_bytes;    /* bytes fed so far */
    unsigned char block[16]; /* bytes waiting for a full 16-byte block */
    size_t block_length;     /* how many bytes of block are in use */
};

/* Starts a new hash (seed 0). */
void content_hash_init(struct content_hash *hash);

/* Feeds length bytes to the hash; feeding in pieces gives the same hash as
 * feeding everything at once. */
void content_hash_update(struct content_hash *hash, const void *bytes, size_t length);

/* Finishes the hash and writes it as 32 lower-case hex digits and a NUL into
 * hex (CONTENT_HASH_HEX_LENGTH + 1 bytes). */
void content_hash_finish_hex(struct content_hash *hash, char hex[CONTENT_HASH_HEX_LENGTH + 1]);

#endif
