/*
 * merkle: RFC 6962 tree hashes, frontiers and inclusion proofs; see merkle.h.
 */
/* SHA256_Init and friends are deprecated in OpenSSL 3 in favour of EVP,
 * whose per-call cost is what this file avoids */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "audit/merkle.h"

#include <assert.h>
#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>

/* SHA-256 through OpenSSL's plain context, not EVP: a leaf or node hash
 * is one to a few blocks, and EVP's per-call dispatch (init, fetch checks,
 * final's cleanup) cost as much as hashing them. Same digest; the block
 * function is the same SHA-NI code. */
static void sha256(const void *p, size_t n, unsigned char out[MERKLE_HASH_LEN])
{
	SHA256_CTX c;
	SHA256_Init(&c);
	SHA256_Update(&c, p, n);
	SHA256_Final(out, &c);
}

void merkle_leaf_hash(const void *data, size_t n, unsigned char out[MERKLE_HASH_LEN])
{
	struct merkle_leaf l;
	merkle_leaf_begin(&l);
	merkle_leaf_add(&l, data, n);
	merkle_leaf_end(&l, out);
}

void merkle_leaf_begin(struct merkle_leaf *l)
{
	static const unsigned char z = 0x00;
	SHA256_Init(&l->c);
	SHA256_Update(&l->c, &z, 1);
}

void merkle_leaf_add(struct merkle_leaf *l, const void *data, size_t n)
{
	if (n)
		SHA256_Update(&l->c, data, n);
}

void merkle_leaf_end(struct merkle_leaf *l, unsigned char out[MERKLE_HASH_LEN])
{
	SHA256_Final(out, &l->c);
}

void merkle_node_hash(const unsigned char l[MERKLE_HASH_LEN], const unsigned char r[MERKLE_HASH_LEN],
		      unsigned char out[MERKLE_HASH_LEN])
{
	unsigned char b[1 + 2 * MERKLE_HASH_LEN];
	b[0] = 0x01;
	memcpy(b + 1, l, MERKLE_HASH_LEN);
	memcpy(b + 1 + MERKLE_HASH_LEN, r, MERKLE_HASH_LEN);
	sha256(b, sizeof(b), out);
}

void merkle_frontier_init(struct merkle_frontier *f)
{
	f->size = 0;
}

void merkle_frontier_push(struct merkle_frontier *f, const unsigned char leaf[MERKLE_HASH_LEN])
{
	unsigned char cur[MERKLE_HASH_LEN];
	memcpy(cur, leaf, MERKLE_HASH_LEN);
	int i = 0;
	/* Carry like a binary counter: each set low bit merges two equal
	 * perfect subtrees into one a level up. */
	while (f->size >> i & 1) {
		merkle_node_hash(f->level[i], cur, cur);
		i++;
	}
	assert(i < MERKLE_MAX_LEVELS);
	memcpy(f->level[i], cur, MERKLE_HASH_LEN);
	f->size++;
}

void merkle_frontier_push_subtree(struct merkle_frontier *f, int k, const unsigned char root[MERKLE_HASH_LEN])
{
	assert(k >= 0 && k < MERKLE_MAX_LEVELS - 1 && !(f->size & (((uint64_t)1 << k) - 1)));
	unsigned char cur[MERKLE_HASH_LEN];
	memcpy(cur, root, MERKLE_HASH_LEN);
	int i = k;
	/* The same carry as push, starting k levels up: the levels below k
	 * are all clear. */
	while (f->size >> i & 1) {
		merkle_node_hash(f->level[i], cur, cur);
		i++;
	}
	assert(i < MERKLE_MAX_LEVELS);
	memcpy(f->level[i], cur, MERKLE_HASH_LEN);
	f->size += (uint64_t)1 << k;
}

void merkle_frontier_root(const struct merkle_frontier *f, unsigned char out[MERKLE_HASH_LEN])
{
	if (f->size == 0) {
		sha256("", 0, out);
		return;
	}
	/* The smallest subtree is the rightmost; fold right to left, which is
	 * exactly the split at the largest power of two at every step. */
	int i = 0;
	while (!(f->size >> i & 1))
		i++;
	unsigned char acc[MERKLE_HASH_LEN];
	memcpy(acc, f->level[i], MERKLE_HASH_LEN);
	for (i++; i < MERKLE_MAX_LEVELS; i++)
		if (f->size >> i & 1)
			merkle_node_hash(f->level[i], acc, acc);
	memcpy(out, acc, MERKLE_HASH_LEN);
}

size_t merkle_frontier_encode(const struct merkle_frontier *f, unsigned char *out)
{
	size_t n = 0;
	for (int i = 0; i < MERKLE_MAX_LEVELS; i++)
		if (f->size >> i & 1) {
			memcpy(out + n, f->level[i], MERKLE_HASH_LEN);
			n += MERKLE_HASH_LEN;
		}
	return n;
}

int merkle_frontier_decode(struct merkle_frontier *f, uint64_t size, const unsigned char *p, size_t n)
{
	size_t want = (size_t)__builtin_popcountll(size) * MERKLE_HASH_LEN;
	if (n != want)
		return -1;
	f->size = size;
	size_t o = 0;
	for (int i = 0; i < MERKLE_MAX_LEVELS; i++)
		if (size >> i & 1) {
			memcpy(f->level[i], p + o, MERKLE_HASH_LEN);
			o += MERKLE_HASH_LEN;
		}
	return 0;
}

void merkle_root(const unsigned char (*leaves)[MERKLE_HASH_LEN], uint64_t n, unsigned char out[MERKLE_HASH_LEN])
{
	struct merkle_frontier f;
	merkle_frontier_init(&f);
	for (uint64_t i = 0; i < n; i++)
		merkle_frontier_push(&f, leaves[i]);
	merkle_frontier_root(&f, out);
}

static uint64_t split_point(uint64_t n)
{
	uint64_t k = 1;
	while (k << 1 < n)
		k <<= 1;
	return k;
}

int merkle_inclusion_proof(const unsigned char (*leaves)[MERKLE_HASH_LEN], uint64_t n, uint64_t m,
			   unsigned char (*path)[MERKLE_HASH_LEN])
{
	if (m >= n)
		return -1;
	/* Top-down, collecting siblings; then reverse to bottom-up order. */
	unsigned char tmp[MERKLE_MAX_PATH][MERKLE_HASH_LEN];
	int k = 0;
	uint64_t lo = 0, hi = n;
	while (hi - lo > 1) {
		uint64_t s = split_point(hi - lo);
		if (m < lo + s) {
			merkle_root(leaves + lo + s, hi - lo - s, tmp[k++]);
			hi = lo + s;
		} else {
			merkle_root(leaves + lo, s, tmp[k++]);
			lo += s;
		}
	}
	for (int i = 0; i < k; i++)
		memcpy(path[i], tmp[k - 1 - i], MERKLE_HASH_LEN);
	return k;
}

int merkle_inclusion_verify(const unsigned char leaf[MERKLE_HASH_LEN], uint64_t m, uint64_t n,
			    const unsigned char (*path)[MERKLE_HASH_LEN], size_t npath,
			    const unsigned char root[MERKLE_HASH_LEN])
{
	if (m >= n)
		return 0;
	uint64_t fn = m, sn = n - 1;
	unsigned char r[MERKLE_HASH_LEN];
	memcpy(r, leaf, MERKLE_HASH_LEN);
	for (size_t i = 0; i < npath; i++) {
		if (sn == 0)
			return 0;
		if ((fn & 1) || fn == sn) {
			merkle_node_hash(path[i], r, r);
			if (!(fn & 1))
				while (fn && !(fn & 1)) {
					fn >>= 1;
					sn >>= 1;
				}
		} else {
			merkle_node_hash(r, path[i], r);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && memcmp(r, root, MERKLE_HASH_LEN) == 0;
}
