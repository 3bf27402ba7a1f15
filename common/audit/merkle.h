/*
 * merkle: the RFC 6962 (Certificate Transparency) Merkle tree hash over the
 * ledger's leaves, and inclusion proofs.
 *
 *   leaf hash  = SHA-256(0x00 || data)
 *   node hash  = SHA-256(0x01 || left || right)
 *   MTH(D[n])  = node(MTH(D[0:k]), MTH(D[k:n])), k the largest power of two < n
 *   MTH({})    = SHA-256("")
 *
 * The ledger never recomputes a subtree per entry: leaves are folded into a
 * "frontier" (the roots of the perfect subtrees of n's binary decomposition,
 * at most 64), which gives the root of any prefix in O(log n) and takes one
 * hash per leaf on average to extend. Appenders keep the frontier in the
 * database; verify rebuilds it in one pass.
 */
#ifndef LLM_AUDIT_MERKLE_H
#define LLM_AUDIT_MERKLE_H

#include <openssl/sha.h>
#include <stddef.h>
#include <stdint.h>

#define MERKLE_HASH_LEN 32
#define MERKLE_MAX_LEVELS 64
#define MERKLE_MAX_PATH 64

void merkle_leaf_hash(const void *data, size_t n, unsigned char out[MERKLE_HASH_LEN]);
/* A leaf hash fed in pieces: a plain struct, copied by value, so that
 * the part of a leaf known early is hashed once, on whichever thread has
 * it (append hashes an envelope up to its sequence number on a worker). */
struct merkle_leaf {
	SHA256_CTX c;
};
void merkle_leaf_begin(struct merkle_leaf *l);
void merkle_leaf_add(struct merkle_leaf *l, const void *data, size_t n);
/* The leaf hash of everything added; l is spent. */
void merkle_leaf_end(struct merkle_leaf *l, unsigned char out[MERKLE_HASH_LEN]);
void merkle_node_hash(const unsigned char l[MERKLE_HASH_LEN], const unsigned char r[MERKLE_HASH_LEN],
		      unsigned char out[MERKLE_HASH_LEN]);

/* The frontier of a tree of size leaves: level[i] holds the root of the
 * perfect subtree of 2^i leaves when bit i of size is set. */
struct merkle_frontier {
	uint64_t size;
	unsigned char level[MERKLE_MAX_LEVELS][MERKLE_HASH_LEN];
};

void merkle_frontier_init(struct merkle_frontier *f);
/* Adds one leaf hash. */
void merkle_frontier_push(struct merkle_frontier *f, const unsigned char leaf[MERKLE_HASH_LEN]);
/* Adds 2^k leaves at once, given the root of their perfect subtree; the
 * size must be a multiple of 2^k. Same result as pushing them one by one. */
void merkle_frontier_push_subtree(struct merkle_frontier *f, int k, const unsigned char root[MERKLE_HASH_LEN]);
/* The tree head of the leaves pushed so far. */
void merkle_frontier_root(const struct merkle_frontier *f, unsigned char out[MERKLE_HASH_LEN]);
/* Serialised as the set levels' hashes, lowest level first: popcount(size)
 * * 32 bytes. encode returns the length written to out (cap >= 64 * 32). */
size_t merkle_frontier_encode(const struct merkle_frontier *f, unsigned char *out);
/* Returns 0, or -1 when n does not fit size. */
int merkle_frontier_decode(struct merkle_frontier *f, uint64_t size, const unsigned char *p, size_t n);

/* MTH over leaf hashes leaves[0, n) (n may be 0). O(n) time, O(log n) space. */
void merkle_root(const unsigned char (*leaves)[MERKLE_HASH_LEN], uint64_t n, unsigned char out[MERKLE_HASH_LEN]);

/* The audit path of leaf m in the tree of the first n leaf hashes (RFC 6962
 * 2.1.1, bottom-up). Returns the number of hashes written to path (at most
 * MERKLE_MAX_PATH), or -1 when m >= n. */
int merkle_inclusion_proof(const unsigned char (*leaves)[MERKLE_HASH_LEN], uint64_t n, uint64_t m,
			   unsigned char (*path)[MERKLE_HASH_LEN]);
/* Checks that leaf (a leaf hash) is leaf m of the tree of size n with the
 * given root (RFC 9162 2.1.3.2). Returns 1 when it is, 0 when not. */
int merkle_inclusion_verify(const unsigned char leaf[MERKLE_HASH_LEN], uint64_t m, uint64_t n,
			    const unsigned char (*path)[MERKLE_HASH_LEN], size_t npath,
			    const unsigned char root[MERKLE_HASH_LEN]);

#endif
