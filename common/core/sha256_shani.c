/*
 * sha256_shani: SHA-256 blocks with the x86 SHA extensions (built with
 * -msha -mssse3 -msse4.1; called only where sha256_have_shani() says so).
 *
 * The instructions keep the eight working words in two registers, ABEF and
 * CDGH (A in the top lane); sha256rnds2 does two rounds given W+K for them
 * in the low half of its third operand, sha256msg1/msg2 the two halves of
 * the message schedule's sigma terms. The words go into that layout before
 * the blocks and back after them.
 */
#include "core/sha256.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

static const uint32_t K4[64] __attribute__((aligned(16))) = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

void sha256_blocks_shani(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
	/* big-endian words: reverse the bytes of each 32-bit lane */
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i abcd = _mm_loadu_si128((const __m128i *)(const void *)h);
	__m128i efgh = _mm_loadu_si128((const __m128i *)(const void *)(h + 4));
	abcd = _mm_shuffle_epi32(abcd, 0xB1);                 /* b a d c */
	efgh = _mm_shuffle_epi32(efgh, 0x1B);                 /* h g f e */
	__m128i s0 = _mm_alignr_epi8(abcd, efgh, 8);          /* f e b a: ABEF */
	__m128i s1 = _mm_blend_epi16(efgh, abcd, 0xF0);       /* h g d c: CDGH */
	for (; nblocks; nblocks--, p += SHA256_BLOCK) {
		const __m128i save0 = s0, save1 = s1;
		__m128i w[4], m;
		/* w[i % 4] holds W[4i .. 4i+3]: the four groups a new one needs */
#pragma GCC unroll 16
		for (int i = 0; i < 16; i++) {
			if (i < 4) {
				w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i)),
							bswap);
			} else {
				__m128i t16 = w[i & 3], t12 = w[(i + 1) & 3], t8 = w[(i + 2) & 3],
					t4 = w[(i + 3) & 3];
				__m128i x = _mm_add_epi32(_mm_sha256msg1_epu32(t16, t12), _mm_alignr_epi8(t4, t8, 4));
				w[i & 3] = _mm_sha256msg2_epu32(x, t4);
			}
			m = _mm_add_epi32(w[i & 3], _mm_load_si128((const __m128i *)(const void *)(K4 + 4 * i)));
			s1 = _mm_sha256rnds2_epu32(s1, s0, m);
			s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(m, 0x0E));
		}
		s0 = _mm_add_epi32(s0, save0);
		s1 = _mm_add_epi32(s1, save1);
	}
	abcd = _mm_shuffle_epi32(s0, 0x1B);                   /* a b e f */
	efgh = _mm_shuffle_epi32(s1, 0xB1);                   /* g h c d */
	s0 = _mm_blend_epi16(abcd, efgh, 0xF0);               /* a b c d */
	s1 = _mm_alignr_epi8(efgh, abcd, 8);                  /* e f g h */
	_mm_storeu_si128((__m128i *)(void *)h, s0);
	_mm_storeu_si128((__m128i *)(void *)(h + 4), s1);
}
#else
/* never chosen off x86 (sha256_have_shani() is 0); kept for the linker */
void sha256_blocks_shani(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
	sha256_blocks_ref(h, p, nblocks);
}
#endif
