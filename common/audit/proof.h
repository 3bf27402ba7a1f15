/*
 * proof: inclusion proofs as files, checked without the database.
 *
 * One JSON object (what `llm-audit prove` prints, one per line):
 *
 *   {"v":1,"origin":"<32 hex>","seq":N,"size":S,"root":"<64 hex>",
 *    "envelope":"<the entry's canonical envelope, as a JSON string>",
 *    "path":["<64 hex>", ...]}
 *
 * The leaf hash is computed from the envelope (so the proof shows what the
 * entry says: its metadata and payload digest, never the payload), the path
 * is the RFC 6962 audit path, bottom-up. The envelope's own "seq" must be
 * the proof's seq.
 */
#ifndef LLM_AUDIT_PROOF_H
#define LLM_AUDIT_PROOF_H

#include <stddef.h>
#include <stdint.h>

#include "audit/merkle.h"
#include "audit/sign.h"
#include "core/buf.h"

#define PROOF_MAX_BYTES (1 << 20)

struct proof {
	unsigned char origin[SIGN_ORIGIN_LEN];
	uint64_t seq, size;
	unsigned char root[MERKLE_HASH_LEN];
	struct buf envelope; /* decoded */
	unsigned char path[MERKLE_MAX_PATH][MERKLE_HASH_LEN];
	size_t npath;
};

void proof_init(struct proof *p);
void proof_release(struct proof *p);
void proof_format(const struct proof *p, struct buf *out);
/* Parses one proof (surrounding whitespace allowed). 0, or -1 with err. */
int proof_parse(struct proof *p, const char *s, size_t n, char *err, size_t errlen);
/* 1 when the path proves the envelope is entry seq of the tree (size,
 * root); 0 with the reason in err otherwise. */
int proof_check(const struct proof *p, char *err, size_t errlen);

#endif
