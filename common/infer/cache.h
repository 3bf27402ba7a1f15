/*
 * cache: llm-infer's exact-match response cache, one SQLite file.
 *
 * The key is HMAC-SHA256, under a random salt the file keeps (table meta),
 * of SHA-256 over (backend name, model, request body without its
 * streaming flag), so the same request to the same backend is answered from
 * the file instead of paid for again; a different model, temperature or
 * prompt is a different key. The value is the answer's JSON
 * {output, finish_reason, usage}. The file is in WAL mode with a busy
 * timeout, so several llm-infer processes may share it; writes are batched
 * into short transactions (at most CACHE_BATCH answers or CACHE_BATCH_MS),
 * and cache_close() commits what is left.
 */
#ifndef LLM_CACHE_H
#define LLM_CACHE_H

#include <stddef.h>

#include "core/buf.h"

#define CACHE_KEY_LEN 32
#define CACHE_BATCH 256
#define CACHE_BATCH_MS 200
#define CACHE_BUSY_MS 10000

struct cache;

struct cache *cache_open(const char *path, char *err, size_t errlen);
/* Commits pending answers and closes; returns 0 or -1 with err. */
int cache_close(struct cache *c, char *err, size_t errlen);

/* c may be NULL (no cache): key is then zeroes, never to be used. */
void cache_key(const struct cache *c, const char *backend, const char *model, const char *body, size_t n,
	       unsigned char key[CACHE_KEY_LEN]);
/* 1 with the value appended to out, 0 when absent, -1 with err. */
int cache_get(struct cache *c, const unsigned char key[CACHE_KEY_LEN], struct buf *out, char *err, size_t errlen);
/* Stores (or replaces) a value. Returns 0 or -1 with err. */
int cache_put(struct cache *c, const unsigned char key[CACHE_KEY_LEN], const char *val, size_t n, char *err,
	      size_t errlen);
/* Commits pending answers now. */
int cache_commit(struct cache *c, char *err, size_t errlen);

#endif
