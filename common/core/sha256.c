/*
 * sha256: the portable block function, the run-time choice and the
 * streaming layer; see sha256.h.
 */
#include "core/sha256.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

/* The round constants (FIPS 180-4, 4.2.2); sha256_shani.c has its own
 * aligned copy for its vector loads. */
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t ror(uint32_t x, int r)
{
	return (x >> r) | (x << (32 - r));
}

static inline uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void sha256_blocks_ref(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
	for (; nblocks; nblocks--, p += SHA256_BLOCK) {
		uint32_t w[64];
		for (int t = 0; t < 16; t++)
			w[t] = be32(p + 4 * t);
		for (int t = 16; t < 64; t++) {
			uint32_t s0 = ror(w[t - 15], 7) ^ ror(w[t - 15], 18) ^ (w[t - 15] >> 3);
			uint32_t s1 = ror(w[t - 2], 17) ^ ror(w[t - 2], 19) ^ (w[t - 2] >> 10);
			w[t] = w[t - 16] + s0 + w[t - 7] + s1;
		}
		uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
		for (int t = 0; t < 64; t++) {
			uint32_t t1 = hh + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
			uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
			hh = g;
			g = f;
			f = e;
			e = d + t1;
			d = c;
			c = b;
			b = a;
			a = t1 + t2;
		}
		h[0] += a;
		h[1] += b;
		h[2] += c;
		h[3] += d;
		h[4] += e;
		h[5] += f;
		h[6] += g;
		h[7] += hh;
	}
}

int sha256_have_shani(void)
{
#if defined(__x86_64__) || defined(__i386__)
	unsigned a, b, c, d;
	if (!__get_cpuid(1, &a, &b, &c, &d))
		return 0;
	int ssse3 = (c >> 9) & 1, sse41 = (c >> 19) & 1;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return 0;
	return ssse3 && sse41 && ((b >> 29) & 1);
#else
	return 0;
#endif
}

/* Chosen on first use. Threads may race to choose: each stores the same
 * pointer, through atomics so the race is defined. */
static sha256_blocks_fn chosen;

sha256_blocks_fn sha256_blocks(void)
{
	sha256_blocks_fn fn = __atomic_load_n(&chosen, __ATOMIC_RELAXED);
	if (!fn) {
		fn = sha256_have_shani() ? sha256_blocks_shani : sha256_blocks_ref;
		__atomic_store_n(&chosen, fn, __ATOMIC_RELAXED);
	}
	return fn;
}

void sha256_use(sha256_blocks_fn fn)
{
	__atomic_store_n(&chosen, fn, __ATOMIC_RELAXED);
}

void sha256_init(struct sha256 *s)
{
	static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
					0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	memcpy(s->h, iv, sizeof(iv));
	s->len = 0;
}

void sha256_update(struct sha256 *s, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t have = (size_t)(s->len % SHA256_BLOCK);
	s->len += n;
	if (have) {
		size_t take = SHA256_BLOCK - have;
		if (n < take) {
			memcpy(s->buf + have, p, n);
			return;
		}
		memcpy(s->buf + have, p, take);
		sha256_blocks()(s->h, s->buf, 1);
		p += take;
		n -= take;
	}
	if (n >= SHA256_BLOCK) {
		sha256_blocks()(s->h, p, n / SHA256_BLOCK);
		p += n - n % SHA256_BLOCK;
		n %= SHA256_BLOCK;
	}
	if (n)
		memcpy(s->buf, p, n);
}

void sha256_final(struct sha256 *s, unsigned char out[32])
{
	size_t have = (size_t)(s->len % SHA256_BLOCK);
	uint64_t bits = s->len * 8;
	s->buf[have++] = 0x80;
	if (have > SHA256_BLOCK - 8) {
		memset(s->buf + have, 0, SHA256_BLOCK - have);
		sha256_blocks()(s->h, s->buf, 1);
		have = 0;
	}
	memset(s->buf + have, 0, SHA256_BLOCK - 8 - have);
	for (int i = 0; i < 8; i++)
		s->buf[SHA256_BLOCK - 1 - i] = (unsigned char)(bits >> (8 * i));
	sha256_blocks()(s->h, s->buf, 1);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(s->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)s->h[i];
	}
}
