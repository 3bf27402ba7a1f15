/*
 * canon: the canonical JSON form of the ledger's envelopes (the bytes each
 * Merkle leaf hashes), modelled on RFC 8785 (JCS) restricted to what an
 * envelope holds:
 *
 *   - one object, no insignificant whitespace;
 *   - members sorted by key, keys compared byte-wise (all keys are ASCII,
 *     so this is JCS's UTF-16 order); absent values are omitted, never null;
 *   - integers only (microseconds, micro-dollars, counts), written in
 *     decimal without a plus sign, leading zeros or exponent, in the range
 *     of a signed 64-bit integer; no floats, so no float formatting rules;
 *   - strings as UTF-8, escaping only '"', '\\' and the controls below
 *     U+0020 (\b \t \n \f \r by name, others as \u00xx in lower-case hex);
 *     everything else is written as itself. Strings that are not valid
 *     UTF-8 are rejected (the ledger never stores one).
 *
 * The writer asserts the key order; callers add members sorted.
 */
#ifndef LLM_AUDIT_CANON_H
#define LLM_AUDIT_CANON_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

struct canon {
	struct buf *out;
	const char *last_key;
	int n;
};

void canon_begin(struct canon *c, struct buf *out);
/* Returns 0, or -1 when s is not valid UTF-8 (nothing is written). */
int canon_str(struct canon *c, const char *key, const char *s, size_t n);
void canon_int(struct canon *c, const char *key, int64_t v);
/* A string member holding hex of bin. */
void canon_hex(struct canon *c, const char *key, const unsigned char *bin, size_t n);
void canon_end(struct canon *c);

/* Appends s as a canonical JSON string (with quotes). */
void canon_string(struct buf *out, const char *s, size_t n);

#endif
