/*
 * sha256: a small SHA-256 (FIPS 180-4) for the hot keyed hashes: every
 * _llm.id of a raw record and every finding fingerprint (keyfile.c's
 * HMAC-SHA256 with the key's padded states hashed once).
 *
 * Why not OpenSSL's SHA256_Update()/SHA256_Final(): both run the same
 * SHA-NI instructions per block, but an id of a 100-byte line is only four
 * blocks, and their bookkeeping (the update's buffer logic, the final's
 * padding through a second update, the cleanse) cost as much again. Here
 * the state is a plain struct that is copied, padding is written in place,
 * and the block function is picked once at run time:
 *   sha256_blocks_ref()    portable C, the truth
 *   sha256_blocks_shani()  x86 SHA extensions (sha256_shani.c, the only file
 *                          built with -msha), used where the CPU has them
 * tests/unit/test_keyfile.c checks both against OpenSSL on random input.
 */
#ifndef LLM_SHA256_H
#define LLM_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_BLOCK 64

struct sha256 {
	uint32_t h[8];
	uint64_t len;                    /* bytes hashed so far */
	unsigned char buf[SHA256_BLOCK]; /* len % 64 of them wait here */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *p, size_t n);
/* Writes the digest. s is spent (its buffer holds the padding). */
void sha256_final(struct sha256 *s, unsigned char out[32]);

/* The block functions: h advanced over nblocks 64-byte blocks at p. */
typedef void (*sha256_blocks_fn)(uint32_t h[8], const unsigned char *p, size_t nblocks);
void sha256_blocks_ref(uint32_t h[8], const unsigned char *p, size_t nblocks);
void sha256_blocks_shani(uint32_t h[8], const unsigned char *p, size_t nblocks);
/* 1 when this CPU runs sha256_blocks_shani() (SHA, SSSE3, SSE4.1). */
int sha256_have_shani(void);
/* The function sha256_update() uses; sha256_use() sets it (tests: each
 * implementation in turn; NULL: the run-time choice again). */
sha256_blocks_fn sha256_blocks(void);
void sha256_use(sha256_blocks_fn fn);

#endif
