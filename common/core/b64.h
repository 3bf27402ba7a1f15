/*
 * b64: base64 (RFC 4648) encoding and decoding, standard and URL-safe
 * alphabets; used for lossless error records, JWT headers and --decode.
 */
#ifndef LLM_B64_H
#define LLM_B64_H

#include <stddef.h>

#include "core/buf.h"

/* Appends the standard, padded encoding of p[0, n). */
void b64_encode(struct buf *out, const void *p, size_t n);
/* Decodes standard or URL-safe base64, padding optional. Returns 0, or -1
 * on a byte outside both alphabets or an impossible length. */
int b64_decode(struct buf *out, const char *s, size_t n);
/* The same into out (room for n / 4 * 3 + 2 bytes). Returns the number of
 * bytes written, or -1. */
long b64_decode_raw(const void *s, size_t n, unsigned char *out);

#endif
