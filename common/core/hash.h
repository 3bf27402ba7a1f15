/*
 * hash: SHA-256 and hex helpers over OpenSSL's libcrypto (already linked
 * through libcurl), for record ids, finding fingerprints and policy versions.
 */
#ifndef LLM_HASH_H
#define LLM_HASH_H

#include <stddef.h>

#define HASH_SHA256_LEN 32

void hash_sha256(const void *data, size_t n, unsigned char out[HASH_SHA256_LEN]);
/* SHA-256 over the concatenation of n parts. */
void hash_sha256_parts(const void *const *parts, const size_t *lens, size_t n,
		       unsigned char out[HASH_SHA256_LEN]);
/* HMAC-SHA256 of data under key. */
void hash_hmac_sha256(const void *key, size_t keylen, const void *data, size_t n,
		      unsigned char out[HASH_SHA256_LEN]);
/* Fills out with n cryptographically random bytes; returns 0 or -1. */
int hash_random(void *out, size_t n);
/* Reads a key file: 64 hex digits (what `llm-filter --keygen` writes), or at
 * least 16 raw bytes. Returns the key length, or -1 with err. */
int hash_read_key(const char *path, unsigned char *key, size_t cap, char *err, size_t errlen);
/* Writes 2*n hex digits and a NUL to out. */
void hash_hex(const unsigned char *bin, size_t n, char *out);

#endif
