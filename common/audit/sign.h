/*
 * sign: Ed25519 keys (OpenSSL's EVP_PKEY_ED25519) and signed checkpoints.
 *
 * A checkpoint commits to the ledger's tree head (size, root) and is meant
 * to be kept outside the database: whoever holds one can later show that
 * the ledger still contains those entries unchanged (verify --checkpoint),
 * so truncating or rewriting the tail is detected. Its text form (UTF-8,
 * "\n" line ends, nothing else allowed):
 *
 *   llm-audit checkpoint v1
 *   origin <32 hex: the ledger's random id>
 *   size <decimal>
 *   root <64 hex>
 *   time <decimal microseconds since the epoch>
 *   key <64 hex: the Ed25519 public key>
 *   sig <128 hex: Ed25519 signature of all the lines above, newlines included>
 */
#ifndef LLM_AUDIT_SIGN_H
#define LLM_AUDIT_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define SIGN_PUB_LEN 32
#define SIGN_SIG_LEN 64
#define SIGN_ORIGIN_LEN 16

struct checkpoint {
	unsigned char origin[SIGN_ORIGIN_LEN];
	uint64_t size;
	unsigned char root[32];
	int64_t time_us;
	unsigned char pub[SIGN_PUB_LEN];
	unsigned char sig[SIGN_SIG_LEN];
};

struct sign_key;

/* Writes a new private key to path (PEM, PKCS#8, mode 0600, must not exist)
 * and its public key to pub_path (PEM). Returns 0 or -1 with err. */
int sign_keygen(const char *path, const char *pub_path, char *err, size_t errlen);
/* Loads a private key (PEM). NULL with err. */
struct sign_key *sign_key_load(const char *path, char *err, size_t errlen);
void sign_key_free(struct sign_key *k);
/* Reads a public key: PEM (what keygen writes) or 64 hex digits. */
int sign_pub_load(const char *path, unsigned char pub[SIGN_PUB_LEN], char *err, size_t errlen);

/* Fills cp->pub and cp->sig for the other members. */
int sign_checkpoint(struct sign_key *k, struct checkpoint *cp, char *err, size_t errlen);
/* The checkpoint's text, signature line included. */
void checkpoint_format(const struct checkpoint *cp, struct buf *out);
/* Parses the text form strictly. Returns 0 or -1 with err. Does not check
 * the signature. */
int checkpoint_parse(const char *p, size_t n, struct checkpoint *cp, char *err, size_t errlen);
/* 1 when cp->sig is a valid signature by cp->pub, else 0. */
int checkpoint_verify_sig(const struct checkpoint *cp);
/* Reads and parses a checkpoint file. */
int checkpoint_read(const char *path, struct checkpoint *cp, char *err, size_t errlen);

/* Hex helpers shared by the audit modules: parse exactly 2n hex digits. */
int sign_unhex(const char *s, size_t slen, unsigned char *out, size_t n);

#endif
