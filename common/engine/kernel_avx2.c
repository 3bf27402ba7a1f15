/*
 * kernel_avx2: AVX2 + FMA + F16C versions of the dot kernels in kernel.c.
 * Built with -mavx2 -mfma -mf16c (the Makefile's *_avx2.c rule) and only
 * called after kernel_isa_available(KERNEL_ISA_AVX2) said yes.
 *
 * Integer blocks: weights are unpacked to unsigned bytes (nibbles, 5- or
 * 6-bit values) and multiplied with the signed int8 activations by
 * maddubs (u8 x s8 -> pairs summed to s16; the largest pair here is
 * 2 * 63 * 127, far from saturating), widened to s32 by madd. Offsets such
 * as Q4_0's "- 8" are applied through the activation block's integer sum,
 * exactly as in the reference, so the integer part is bit-identical to it.
 *
 * Why one file: the x8 kernels (a decode step) and the gemm8 kernels
 * (prompts and batches) read the same repacked groups through the same
 * helpers and must give the same bits per (row, activation), which is
 * easiest to keep true, and to check, side by side; and the file is the
 * unit the Makefile builds with -mavx2.
 */
#include "engine/kernel.h"

#include <immintrin.h>
#include <math.h>
#include <string.h>

/* ask for the line KERNEL_PF_AHEAD bytes ahead of p; every kernel here
 * calls it at least once per line it reads (kernel.h) */
static inline void prefetch_weights(const void *p)
{
	_mm_prefetch((const char *)((uintptr_t)p + KERNEL_PF_AHEAD), _MM_HINT_T0);
}

static inline float hsum8(__m256 v)
{
	__m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
	s = _mm_add_ps(s, _mm_movehl_ps(s, s));
	s = _mm_add_ss(s, _mm_movehdup_ps(s));
	return _mm_cvtss_f32(s);
}

static inline float f16(const uint8_t *p)
{
	uint16_t h;
	memcpy(&h, p, 2);
	return _cvtsh_ss(h);
}

static inline uint32_t rd_u32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

/* u8 x s8 products of 32 bytes summed to 8 x s32 */
static inline __m256i dot_u8s8(__m256i u, __m256i s)
{
	return _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1));
}

/* 16 packed bytes -> 32 nibbles: low nibbles in bytes 0..15, high in 16..31,
 * which is element order for the 32-blocks */
static inline __m256i nibbles32(const uint8_t *qs)
{
	__m128i t = _mm_loadu_si128((const __m128i *)qs);
	__m256i v = _mm256_set_m128i(_mm_srli_epi16(t, 4), t);
	return _mm256_and_si256(v, _mm256_set1_epi8(0x0F));
}

/* bit i of x -> 0x10 in byte i (the fifth bit of Q5_0/Q5_1 element i) */
static inline __m256i bits_to_16s(uint32_t x)
{
	const __m256i pick = _mm256_set_epi64x(0x0303030303030303LL, 0x0202020202020202LL,
					       0x0101010101010101LL, 0x0000000000000000LL);
	const __m256i bit = _mm256_set1_epi64x((long long)0x8040201008040201ULL);
	__m256i v = _mm256_shuffle_epi8(_mm256_set1_epi32((int)x), pick);
	v = _mm256_cmpeq_epi8(_mm256_and_si256(v, bit), bit);
	return _mm256_and_si256(v, _mm256_set1_epi8(0x10));
}

float kernel_dot_f32_avx2(int64_t n, const void *w, const void *x)
{
	const float *a = w, *b = x;
	__m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
	int64_t i = 0;
	for (; i + 16 <= n; i += 16) {
		s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
		s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
	}
	for (; i + 8 <= n; i += 8)
		s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
	float s = hsum8(_mm256_add_ps(s0, s1));
	for (; i < n; i++) {
		float v;
		memcpy(&v, (const uint8_t *)w + 4 * i, 4);
		s += v * b[i];
	}
	return s;
}

float kernel_dot_f16_avx2(int64_t n, const void *w, const void *x)
{
	const uint8_t *p = w;
	const float *b = x;
	__m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
	int64_t i = 0;
	for (; i + 16 <= n; i += 16) {
		__m256 w0 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(p + 2 * i)));
		__m256 w1 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(p + 2 * i + 16)));
		s0 = _mm256_fmadd_ps(w0, _mm256_loadu_ps(b + i), s0);
		s1 = _mm256_fmadd_ps(w1, _mm256_loadu_ps(b + i + 8), s1);
	}
	float s = hsum8(_mm256_add_ps(s0, s1));
	for (; i < n; i++)
		s += f16(p + 2 * i) * b[i];
	return s;
}

float kernel_dot_bf16_avx2(int64_t n, const void *w, const void *x)
{
	const uint8_t *p = w;
	const float *b = x;
	__m256 s0 = _mm256_setzero_ps();
	int64_t i = 0;
	for (; i + 8 <= n; i += 8) {
		__m256i h = _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(p + 2 * i)));
		__m256 wv = _mm256_castsi256_ps(_mm256_slli_epi32(h, 16));
		s0 = _mm256_fmadd_ps(wv, _mm256_loadu_ps(b + i), s0);
	}
	float s = hsum8(s0);
	for (; i < n; i++) {
		uint32_t u = (uint32_t)(p[2 * i] | p[2 * i + 1] << 8) << 16;
		float v;
		memcpy(&v, &u, 4);
		s += v * b[i];
	}
	return s;
}

float kernel_dot_q8_0_avx2(int64_t n, const void *w, const void *x)
{
	const uint8_t *b = w;
	const struct kernel_q8 *a = x;
	__m256 acc = _mm256_setzero_ps();
	for (int64_t i = 0; i < n / 32; i++, b += QUANT_Q8_0_BYTES) {
		__m256i wq = _mm256_loadu_si256((const __m256i *)(b + 2));
		__m256i xq = _mm256_loadu_si256((const __m256i *)a[i].qs);
		/* s8 x s8: move the weight's sign onto the activation */
		__m256i p = dot_u8s8(_mm256_sign_epi8(wq, wq), _mm256_sign_epi8(xq, wq));
		acc = _mm256_fmadd_ps(_mm256_set1_ps(f16(b) * a[i].d), _mm256_cvtepi32_ps(p), acc);
	}
	return hsum8(acc);
}

float kernel_dot_q4_0_avx2(int64_t n, const void *w, const void *x)
{
	const uint8_t *b = w;
	const struct kernel_q8 *a = x;
	__m256 acc = _mm256_setzero_ps();
	float corr = 0;
	for (int64_t i = 0; i < n / 32; i++, b += QUANT_Q4_0_BYTES) {
		__m256i p = dot_u8s8(nibbles32(b + 2), _mm256_loadu_si256((const __m256i *)a[i].qs));
		float d = f16(b) * a[i].d;
		acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(p), acc);
		corr += d * (float)(-8 * a[i].isum);
	}
	return hsum8(acc) + corr;
}

float kernel_dot_q4_1_avx2(int64_t n, const void *w, const void *x)
{
	const uint8_t *b = w;
	const struct kernel_q8 *a = x;
	__m256 acc = _mm256_setzero_ps();
	float corr = 0;
	for (int64_t i = 0; i < n / 32; i++, b += QUANT_Q4_1_BYTES) {
		prefetch_weights(b);
		__m256i p = dot_u8s8(nibbles32(b + 4), _mm256_loadu_si256((const __m256i *)a[i].qs));
		acc = _mm256_fmadd_ps(_mm256_set1_ps(f16(b) * a[i].d), _mm256_cvtepi32_ps(p), acc);
		corr += f16(b + 2) * a[i].d * (float)a[i].isum;
	}
	return hsum8(acc) + corr;
}

float kernel_dot_q5_0_avx2(int64_t n, const void *w, const void *x)
{
	const uint8_t *b = w;
	const struct kernel_q8 *a = x;
	__m256 acc = _mm256_setzero_ps();
	float corr = 0;
	for (int64_t i = 0; i < n / 32; i++, b += QUANT_Q5_0_BYTES) {
		prefetch_weights(b);
		__m256i q = _mm256_or_si256(nibbles32(b + 6), bits_to_16s(rd_u32(b + 2)));
		__m256i p = dot_u8s8(q, _mm256_loadu_si256((const __m256i *)a[i].qs));
		float d = f16(b) * a[i].d;
		acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(p), acc);
		corr += d * (float)(-16 * a[i].isum);
	}
	return hsum8(acc) + corr;
}

float kernel_dot_q5_1_avx2(int64_t n, const void *w, const void *x)
{
	const uint8_t *b = w;
	const struct kernel_q8 *a = x;
	__m256 acc = _mm256_setzero_ps();
	float corr = 0;
	for (int64_t i = 0; i < n / 32; i++, b += QUANT_Q5_1_BYTES) {
		prefetch_weights(b);
		__m256i q = _mm256_or_si256(nibbles32(b + 8), bits_to_16s(rd_u32(b + 4)));
		__m256i p = dot_u8s8(q, _mm256_loadu_si256((const __m256i *)a[i].qs));
		acc = _mm256_fmadd_ps(_mm256_set1_ps(f16(b) * a[i].d), _mm256_cvtepi32_ps(p), acc);
		corr += f16(b + 2) * a[i].d * (float)a[i].isum;
	}
	return hsum8(acc) + corr;
}

/* ---- K-quants ----
 * Decoding streams each weight once, so these kernels are written for the
 * work per byte: the 6-bit scales and mins come out four at a time from
 * 32-bit words (quant_k4_scales' arithmetic) into 16-bit vectors, each
 * sub-block's scale is applied by the madd that widens the maddubs pairs
 * (no separate ones-madd), and the min / offset terms are one madd of the
 * mins (scales) against the activation's 16-sums, kept in a float vector
 * until the end: no scalar loop per super-block. Every line of a row is
 * prefetched once through a cursor (kernel.h). */

/* A row's prefetch cursor: asks for every line below upto + the distance
 * exactly once, however the kernel's steps straddle lines. */
static inline uintptr_t pf_start(const uint8_t *row)
{
	return ((uintptr_t)row + KERNEL_PF_AHEAD) & ~(uintptr_t)63;
}

static inline void pf_advance(uintptr_t *next, const uint8_t *upto)
{
	while (*next < (uintptr_t)upto + KERNEL_PF_AHEAD) {
		_mm_prefetch((const char *)*next, _MM_HINT_T0);
		*next += 64;
	}
}

/* The 8 scales and 8 mins of a Q4_K/Q5_K super-block (q = its 12 scale
 * bytes) as bytes: scales in the low 8 bytes, mins in the high 8. */
static inline __m128i k4_scales_mins(const uint8_t *q)
{
	uint32_t u0 = rd_u32(q), u1 = rd_u32(q + 4), u2 = rd_u32(q + 8);
	uint64_t sc = (uint64_t)(u0 & 0x3f3f3f3fu) |
		      (uint64_t)((u2 & 0x0f0f0f0fu) | ((u0 >> 2) & 0x30303030u)) << 32;
	uint64_t mn = (uint64_t)(u1 & 0x3f3f3f3fu) |
		      (uint64_t)(((u2 >> 4) & 0x0f0f0f0fu) | ((u1 >> 2) & 0x30303030u)) << 32;
	return _mm_set_epi64x((long long)mn, (long long)sc);
}

/* the 16-bit word k of v in every lane: shuffle control */
static inline __m256i word_bcast(int k)
{
	return _mm256_set1_epi16((short)(0x0100 * (2 * k + 1) + 2 * k));
}

/* bit `from` of every byte moved to bit 4, other bits cleared */
static inline __m256i bit_to_4(__m256i v, int from)
{
	if (from < 4)
		v = _mm256_slli_epi16(v, 4 - from);
	else if (from > 4)
		v = _mm256_srli_epi16(v, from - 4);
	return _mm256_and_si256(v, _mm256_set1_epi8(0x10));
}

/* One Q4_K/Q5_K super-block against a Q8_K activation block: returns the
 * 8 int32 partial sums of sum_s sc[s] * (q . x over s), and adds the min
 * term's 8 partial sums (sum_s m[s] * bsum(s)) to *mins. */
static inline __attribute__((always_inline)) __m256i k45_super(const uint8_t *b, const struct kernel_q8k *a,
								int has_qh, __m256i *mins)
{
	const __m256i m4 = _mm256_set1_epi8(0x0F);
	__m128i sm = k4_scales_mins(b + 4);
	/* mins, each twice (one per 16-sum), against the 16 16-sums */
	__m256i md = _mm256_cvtepu8_epi16(_mm_unpackhi_epi8(sm, sm));
	*mins = _mm256_madd_epi16(md, _mm256_loadu_si256((const __m256i *)a->bsums));
	const __m256i sc = _mm256_broadcastsi128_si256(_mm_cvtepu8_epi16(sm));
	const uint8_t *qs = b + (has_qh ? 48 : 16);
	__m256i qh = has_qh ? _mm256_loadu_si256((const __m256i *)(b + 16)) : _mm256_setzero_si256();
	__m256i s0 = _mm256_setzero_si256(), s1 = _mm256_setzero_si256();
	_Pragma("GCC unroll 4") for (int c = 0; c < 4; c++)
	{
		__m256i q = _mm256_loadu_si256((const __m256i *)(qs + 32 * c));
		__m256i lo = _mm256_and_si256(q, m4);
		__m256i hi = _mm256_and_si256(_mm256_srli_epi16(q, 4), m4);
		if (has_qh) {
			lo = _mm256_or_si256(lo, bit_to_4(qh, 2 * c));
			hi = _mm256_or_si256(hi, bit_to_4(qh, 2 * c + 1));
		}
		__m256i plo = _mm256_maddubs_epi16(lo, _mm256_loadu_si256((const __m256i *)(a->qs + 64 * c)));
		__m256i phi = _mm256_maddubs_epi16(hi, _mm256_loadu_si256((const __m256i *)(a->qs + 64 * c + 32)));
		s0 = _mm256_add_epi32(s0, _mm256_madd_epi16(plo, _mm256_shuffle_epi8(sc, word_bcast(2 * c))));
		s1 = _mm256_add_epi32(s1, _mm256_madd_epi16(phi, _mm256_shuffle_epi8(sc, word_bcast(2 * c + 1))));
	}
	return _mm256_add_epi32(s0, s1);
}

static inline __attribute__((always_inline)) float dot_k45(int64_t n, const uint8_t *b,
							    const struct kernel_q8k *a, size_t bytes, int has_qh)
{
	__m256 acc = _mm256_setzero_ps(), accm = _mm256_setzero_ps();
	uintptr_t pf = pf_start(b);
	for (int64_t i = 0; i < n / 256; i++, b += bytes) {
		pf_advance(&pf, b + bytes);
		__m256i mins;
		__m256i sumi = k45_super(b, &a[i], has_qh, &mins);
		acc = _mm256_fmadd_ps(_mm256_set1_ps(f16(b) * a[i].d), _mm256_cvtepi32_ps(sumi), acc);
		accm = _mm256_fmadd_ps(_mm256_set1_ps(f16(b + 2) * a[i].d), _mm256_cvtepi32_ps(mins), accm);
	}
	return hsum8(_mm256_sub_ps(acc, accm));
}

float kernel_dot_q4_k_avx2(int64_t n, const void *w, const void *x)
{
	return dot_k45(n, w, x, QUANT_Q4_K_BYTES, 0);
}

float kernel_dot_q5_k_avx2(int64_t n, const void *w, const void *x)
{
	return dot_k45(n, w, x, QUANT_Q5_K_BYTES, 1);
}

/* Q6_K: 16 sub-blocks of 16 with int8 scales; values are stored + 32, and
 * the - 32 comes out of the activation's 16-sums (one madd of the scales
 * against them). In half h, 32-element chunk j uses scale 8h+2j for its
 * first 16 elements (lane 0) and 8h+2j+1 for the rest (lane 1). */
static inline __attribute__((always_inline)) __m256i q6_super(const uint8_t *b, const struct kernel_q8k *a,
							       __m256i *offs)
{
	const __m256i m4 = _mm256_set1_epi8(0x0F), m30 = _mm256_set1_epi8(0x30);
	__m256i sc16 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(b + 192)));
	*offs = _mm256_madd_epi16(sc16, _mm256_loadu_si256((const __m256i *)a->bsums));
	__m256i s0 = _mm256_setzero_si256(), s1 = _mm256_setzero_si256();
	_Pragma("GCC unroll 2") for (int h = 0; h < 2; h++)
	{
		/* this half's 8 scales in both lanes */
		__m256i sc = h ? _mm256_permute2x128_si256(sc16, sc16, 0x11) : _mm256_permute2x128_si256(sc16, sc16, 0x00);
		const uint8_t *ql = b + 64 * h, *qhp = b + 128 + 32 * h;
		const int8_t *q8 = a->qs + 128 * h;
		__m256i l0 = _mm256_loadu_si256((const __m256i *)ql);
		__m256i l1 = _mm256_loadu_si256((const __m256i *)(ql + 32));
		__m256i qh = _mm256_loadu_si256((const __m256i *)qhp);
		__m256i q[4];
		q[0] = _mm256_or_si256(_mm256_and_si256(l0, m4), _mm256_and_si256(_mm256_slli_epi16(qh, 4), m30));
		q[1] = _mm256_or_si256(_mm256_and_si256(l1, m4), _mm256_and_si256(_mm256_slli_epi16(qh, 2), m30));
		q[2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l0, 4), m4), _mm256_and_si256(qh, m30));
		q[3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l1, 4), m4),
				       _mm256_and_si256(_mm256_srli_epi16(qh, 2), m30));
		_Pragma("GCC unroll 4") for (int j = 0; j < 4; j++)
		{
			__m256i p = _mm256_maddubs_epi16(q[j], _mm256_loadu_si256((const __m256i *)(q8 + 32 * j)));
			/* lane 0: word 2j, lane 1: word 2j+1 */
			__m256i ctl = _mm256_set_m128i(_mm256_castsi256_si128(word_bcast(2 * j + 1)),
						       _mm256_castsi256_si128(word_bcast(2 * j)));
			__m256i v = _mm256_madd_epi16(p, _mm256_shuffle_epi8(sc, ctl));
			if (j & 1)
				s1 = _mm256_add_epi32(s1, v);
			else
				s0 = _mm256_add_epi32(s0, v);
		}
	}
	return _mm256_add_epi32(s0, s1);
}

float kernel_dot_q6_k_avx2(int64_t n, const void *w, const void *x)
{
	const uint8_t *b = w;
	const struct kernel_q8k *a = x;
	__m256 acc = _mm256_setzero_ps(), acco = _mm256_setzero_ps();
	uintptr_t pf = pf_start(b);
	for (int64_t i = 0; i < n / 256; i++, b += QUANT_Q6_K_BYTES) {
		pf_advance(&pf, b + QUANT_Q6_K_BYTES);
		__m256i offs;
		__m256i sumi = q6_super(b, &a[i], &offs);
		__m256 d = _mm256_set1_ps(f16(b + 208) * a[i].d);
		acc = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(sumi), acc);
		acco = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(offs), acco);
	}
	return hsum8(_mm256_fnmadd_ps(_mm256_set1_ps(32.0f), acco, acc));
}

/* ---- tiles (see kernel.h): Q4_0 and Q8_0 ----
 * 16 ymm registers hold a 2-row x 4-token tile of accumulators for Q4_0 and
 * a 1 x 4 one for Q8_0 (which also keeps |w| and w for the sign trick: its
 * bytes do not fit maddubs's unsigned side as w + 128, whose products can
 * overflow 16 bits). Per (row, token) and block: acc += DW * (DX * P + C),
 * C = -8 * dx * isum(x) in lane 0 for Q4_0, zero for Q8_0. The operations
 * for one (row, token) pair do not depend on the tile, so any tiling gives
 * the same bits. */

static inline __attribute__((always_inline)) void rows_q4_0(int64_t n, const uint8_t *wb, size_t ws, int nr,
							    const void *x, size_t xs, int nx, float *out,
							    size_t os)
{
	const __m256i ones = _mm256_set1_epi16(1);
	__m256 acc[2][KERNEL_NX];
	__m256i W[2] = { _mm256_setzero_si256(), _mm256_setzero_si256() };
	__m256 DW[2] = { _mm256_setzero_ps(), _mm256_setzero_ps() };
	_Pragma("GCC unroll 2") for (int r = 0; r < 2; r++)
	{
		_Pragma("GCC unroll 4") for (int t = 0; t < KERNEL_NX; t++) acc[r][t] = _mm256_setzero_ps();
	}
	for (int64_t i = 0; i < n / 32; i++) {
		_Pragma("GCC unroll 2") for (int r = 0; r < nr; r++)
		{
			const uint8_t *b = wb + (size_t)r * ws + (size_t)i * QUANT_Q4_0_BYTES;
			prefetch_weights(b);
			W[r] = nibbles32(b + 2);
			DW[r] = _mm256_set1_ps(f16(b));
		}
		_Pragma("GCC unroll 4") for (int t = 0; t < nx; t++)
		{
			const struct kernel_q8 *a = (const struct kernel_q8 *)((const uint8_t *)x + (size_t)t * xs) + i;
			__m256i xq = _mm256_loadu_si256((const __m256i *)a->qs);
			__m256 DX = _mm256_set1_ps(a->d);
			__m256 C = _mm256_set_m128(_mm_setzero_ps(), _mm_set_ss(-8.0f * a->d * (float)a->isum));
			_Pragma("GCC unroll 2") for (int r = 0; r < nr; r++)
			{
				__m256i p = _mm256_madd_epi16(_mm256_maddubs_epi16(W[r], xq), ones);
				__m256 in = _mm256_fmadd_ps(DX, _mm256_cvtepi32_ps(p), C);
				acc[r][t] = _mm256_fmadd_ps(DW[r], in, acc[r][t]);
			}
		}
	}
	for (int r = 0; r < nr; r++)
		for (int t = 0; t < nx; t++)
			out[r * os + t] = hsum8(acc[r][t]);
}

void kernel_tile_q4_0_avx2(int64_t n, const void *w, size_t ws, int nr, const void *x, size_t xs, int nx,
			   float *out, size_t os)
{
	for (int r0 = 0; r0 < nr; r0 += 2) {
		int k = nr - r0 < 2 ? nr - r0 : 2;
		const uint8_t *wr = (const uint8_t *)w + (size_t)r0 * ws;
		if (k == 2 && nx == KERNEL_NX)
			rows_q4_0(n, wr, ws, 2, x, xs, KERNEL_NX, out + (size_t)r0 * os, os);
		else if (k == 2 && nx == 1)
			rows_q4_0(n, wr, ws, 2, x, xs, 1, out + (size_t)r0 * os, os);
		else
			rows_q4_0(n, wr, ws, k, x, xs, nx, out + (size_t)r0 * os, os);
	}
}

static inline __attribute__((always_inline)) void row_q8_0(int64_t n, const uint8_t *wb, const void *x, size_t xs,
							   int nx, float *out)
{
	const __m256i ones = _mm256_set1_epi16(1);
	__m256 acc[KERNEL_NX];
	_Pragma("GCC unroll 4") for (int t = 0; t < KERNEL_NX; t++) acc[t] = _mm256_setzero_ps();
	for (int64_t i = 0; i < n / 32; i++) {
		const uint8_t *b = wb + (size_t)i * QUANT_Q8_0_BYTES;
		prefetch_weights(b);
		__m256i S = _mm256_loadu_si256((const __m256i *)(b + 2));
		__m256i A = _mm256_sign_epi8(S, S);
		__m256 DW = _mm256_set1_ps(f16(b));
		_Pragma("GCC unroll 4") for (int t = 0; t < nx; t++)
		{
			const struct kernel_q8 *a = (const struct kernel_q8 *)((const uint8_t *)x + (size_t)t * xs) + i;
			__m256i xq = _mm256_sign_epi8(_mm256_loadu_si256((const __m256i *)a->qs), S);
			__m256i p = _mm256_madd_epi16(_mm256_maddubs_epi16(A, xq), ones);
			__m256 in = _mm256_mul_ps(_mm256_set1_ps(a->d), _mm256_cvtepi32_ps(p));
			acc[t] = _mm256_fmadd_ps(DW, in, acc[t]);
		}
	}
	for (int t = 0; t < nx; t++)
		out[t] = hsum8(acc[t]);
}

void kernel_tile_q8_0_avx2(int64_t n, const void *w, size_t ws, int nr, const void *x, size_t xs, int nx,
			   float *out, size_t os)
{
	for (int r = 0; r < nr; r++) {
		const uint8_t *wr = (const uint8_t *)w + (size_t)r * ws;
		if (nx == KERNEL_NX)
			row_q8_0(n, wr, x, xs, KERNEL_NX, out + (size_t)r * os);
		else
			row_q8_0(n, wr, x, xs, nx, out + (size_t)r * os);
	}
}

/* ---- eight interleaved rows (kernel.h, kernel_repack) ----
 * A packed group holds the same blocks of eight consecutive rows with
 * their quants interleaved four bytes at a time: one 32-byte load is four
 * consecutive weights of each of the eight rows, and 32-bit lane r of every
 * vector below belongs to row r. The activation's four matching bytes are
 * broadcast to all lanes, so a maddubs multiplies eight rows at once and
 * the sums need no horizontal step. For the 4-bit types the maddubs pairs
 * (at most 2 * 15 * 127) are summed in 16 bits over a whole 32-element
 * block or sub-block (16 pairs per lane, at most 30480: exact), so a block
 * costs one widening madd instead of eight. The float work (scales, the
 * mins, Q4_0's zero point) is per block and eight rows at once.
 * Per (row, activation) pair the operations do not depend on nx. */

static inline __m256i bcast4(const void *p)
{
	int32_t v;
	memcpy(&v, p, 4);
	return _mm256_set1_epi32(v);
}

static inline void store_x8(const __m256 *acc, int nx, float *out, size_t os)
{
	for (int t = 0; t < nx; t++) {
		float v[8];
		_mm256_storeu_ps(v, acc[t]);
		for (int r = 0; r < 8; r++)
			out[(size_t)r * os + t] = v[r];
	}
}

static inline __attribute__((always_inline)) void x8_q4_0(int64_t n, const uint8_t *wp, const void *x, size_t xs,
							   int nx, float *out, size_t os)
{
	const __m256i m4 = _mm256_set1_epi8(0x0F), ones = _mm256_set1_epi16(1);
	__m256 acc[KERNEL_NX];
	_Pragma("GCC unroll 4") for (int t = 0; t < KERNEL_NX; t++) acc[t] = _mm256_setzero_ps();
	uintptr_t pf = pf_start(wp);
	for (int64_t i = 0; i < n / 32; i++, wp += 8 * QUANT_Q4_0_BYTES) {
		pf_advance(&pf, wp + 8 * QUANT_Q4_0_BYTES);
		__m256i s[KERNEL_NX];
		_Pragma("GCC unroll 4") for (int t = 0; t < KERNEL_NX; t++) s[t] = _mm256_setzero_si256();
		_Pragma("GCC unroll 4") for (int k = 0; k < 4; k++)
		{
			__m256i q = _mm256_loadu_si256((const __m256i *)(wp + 16 + 32 * k));
			__m256i lo = _mm256_and_si256(q, m4), hi = _mm256_and_si256(_mm256_srli_epi16(q, 4), m4);
			_Pragma("GCC unroll 4") for (int t = 0; t < nx; t++)
			{
				const struct kernel_q8 *a = (const struct kernel_q8 *)((const uint8_t *)x + (size_t)t * xs) + i;
				s[t] = _mm256_add_epi16(s[t], _mm256_maddubs_epi16(lo, bcast4(a->qs + 4 * k)));
				s[t] = _mm256_add_epi16(s[t], _mm256_maddubs_epi16(hi, bcast4(a->qs + 16 + 4 * k)));
			}
		}
		__m256 D = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)wp));
		_Pragma("GCC unroll 4") for (int t = 0; t < nx; t++)
		{
			const struct kernel_q8 *a = (const struct kernel_q8 *)((const uint8_t *)x + (size_t)t * xs) + i;
			const float *corr = kernel_q4_0_corr((const uint8_t *)x + (size_t)t * xs, n);
			__m256 in = _mm256_fmadd_ps(_mm256_set1_ps(a->d), _mm256_cvtepi32_ps(_mm256_madd_epi16(s[t], ones)),
						    _mm256_set1_ps(corr[i]));
			acc[t] = _mm256_fmadd_ps(D, in, acc[t]);
		}
	}
	store_x8(acc, nx, out, os);
}

void kernel_x8_q4_0_avx2(int64_t n, const void *wp, const void *x, size_t xs, int nx, float *out, size_t os)
{
	if (nx == KERNEL_NX)
		x8_q4_0(n, wp, x, xs, KERNEL_NX, out, os);
	else if (nx == 1)
		x8_q4_0(n, wp, x, xs, 1, out, os);
	else
		x8_q4_0(n, wp, x, xs, nx, out, os);
}

/* Q8_0: signed weights, so |w| times x with w's sign (maddubs pairs reach
 * 2 * 128 * 127: widened every step). */
static inline __attribute__((always_inline)) void x8_q8_0(int64_t n, const uint8_t *wp, const void *x, size_t xs,
							   int nx, float *out, size_t os)
{
	const __m256i ones = _mm256_set1_epi16(1);
	__m256 acc[KERNEL_NX];
	_Pragma("GCC unroll 4") for (int t = 0; t < KERNEL_NX; t++) acc[t] = _mm256_setzero_ps();
	uintptr_t pf = pf_start(wp);
	for (int64_t i = 0; i < n / 32; i++, wp += 8 * QUANT_Q8_0_BYTES) {
		pf_advance(&pf, wp + 8 * QUANT_Q8_0_BYTES);
		__m256i s[KERNEL_NX];
		_Pragma("GCC unroll 4") for (int t = 0; t < KERNEL_NX; t++) s[t] = _mm256_setzero_si256();
		_Pragma("GCC unroll 8") for (int k = 0; k < 8; k++)
		{
			__m256i w = _mm256_loadu_si256((const __m256i *)(wp + 16 + 32 * k));
			__m256i aw = _mm256_sign_epi8(w, w);
			_Pragma("GCC unroll 4") for (int t = 0; t < nx; t++)
			{
				const struct kernel_q8 *a = (const struct kernel_q8 *)((const uint8_t *)x + (size_t)t * xs) + i;
				__m256i p = _mm256_maddubs_epi16(aw, _mm256_sign_epi8(bcast4(a->qs + 4 * k), w));
				s[t] = _mm256_add_epi32(s[t], _mm256_madd_epi16(p, ones));
			}
		}
		__m256 D = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)wp));
		_Pragma("GCC unroll 4") for (int t = 0; t < nx; t++)
		{
			const struct kernel_q8 *a = (const struct kernel_q8 *)((const uint8_t *)x + (size_t)t * xs) + i;
			acc[t] = _mm256_fmadd_ps(_mm256_mul_ps(D, _mm256_set1_ps(a->d)), _mm256_cvtepi32_ps(s[t]), acc[t]);
		}
	}
	store_x8(acc, nx, out, os);
}

void kernel_x8_q8_0_avx2(int64_t n, const void *wp, const void *x, size_t xs, int nx, float *out, size_t os)
{
	if (nx == KERNEL_NX)
		x8_q8_0(n, wp, x, xs, KERNEL_NX, out, os);
	else if (nx == 1)
		x8_q8_0(n, wp, x, xs, 1, out, os);
	else
		x8_q8_0(n, wp, x, xs, nx, out, os);
}

/* Q4_K / Q5_K group: d[8], dmin[8] (fp16), the three 32-bit scale words
 * of the eight rows (word w of row r at 32 * w + 4 * r), Q5_K's qh
 * interleaved (8 x 32 bytes), then qs (4 chunks x 8 x 32 bytes). Lane r of
 * the scale words unpacks to row r's scales and mins four at a time; a
 * shuffle puts sub-block j's in both 16-bit halves of each lane, ready for
 * the madd. Chunk c's load k holds elements 4k..4k+3 of sub-block 2c in
 * its low nibbles and of sub-block 2c+1 in its high ones. */
static inline __m256i lane_byte_x2(__m256i v, int j)
{
	/* byte j of each 32-bit lane, zero-extended, in both 16-bit halves */
	const char z = (char)0x80;
	return _mm256_shuffle_epi8(v, _mm256_setr_epi8(j, z, j, z, 4 + j, z, 4 + j, z, 8 + j, z, 8 + j, z, 12 + j, z,
						       12 + j, z, j, z, j, z, 4 + j, z, 4 + j, z, 8 + j, z, 8 + j, z,
						       12 + j, z, 12 + j, z));
}

/* Step k of chunk c of a Q4_K / Q5_K group's super-block: the low and high
 * nibbles of 32 bytes (four weights of each of eight rows, for the chunk's
 * two sub-blocks), with Q5_K's fifth bits put in; shared by x8_k45 and
 * x1_k45 so both unpack the same way. */
static inline __attribute__((always_inline)) void k45_quants(const uint8_t *qs, const uint8_t *qh, int c, int k,
							      int has_qh, __m256i m4, __m256i *lo, __m256i *hi)
{
	__m256i q = _mm256_loadu_si256((const __m256i *)(qs + 256 * c + 32 * k));
	*lo = _mm256_and_si256(q, m4);
	*hi = _mm256_and_si256(_mm256_srli_epi16(q, 4), m4);
	if (has_qh) {
		__m256i h = _mm256_loadu_si256((const __m256i *)(qh + 32 * k));
		*lo = _mm256_or_si256(*lo, bit_to_4(h, 2 * c));
		*hi = _mm256_or_si256(*hi, bit_to_4(h, 2 * c + 1));
	}
}

static inline __attribute__((always_inline)) void x8_k45(int64_t n, const uint8_t *wp, const void *x, size_t xs,
							  int nx, float *out, size_t os, int has_qh)
{
	const __m256i m4 = _mm256_set1_epi8(0x0F), m6 = _mm256_set1_epi8(0x3F), m30 = _mm256_set1_epi8(0x30);
	const size_t gb = 8 * (has_qh ? QUANT_Q5_K_BYTES : QUANT_Q4_K_BYTES);
	__m256 acc[KERNEL_NX];
	_Pragma("GCC unroll 4") for (int t = 0; t < KERNEL_NX; t++) acc[t] = _mm256_setzero_ps();
	uintptr_t pf = pf_start(wp);
	for (int64_t i = 0; i < n / 256; i++, wp += gb) {
		pf_advance(&pf, wp + gb);
		__m256i u0 = _mm256_loadu_si256((const __m256i *)(wp + 32));
		__m256i u1 = _mm256_loadu_si256((const __m256i *)(wp + 64));
		__m256i u2 = _mm256_loadu_si256((const __m256i *)(wp + 96));
		__m256i scl = _mm256_and_si256(u0, m6), mnl = _mm256_and_si256(u1, m6);
		__m256i sch = _mm256_or_si256(_mm256_and_si256(u2, m4), _mm256_and_si256(_mm256_srli_epi32(u0, 2), m30));
		__m256i mnh = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi32(u2, 4), m4),
					      _mm256_and_si256(_mm256_srli_epi32(u1, 2), m30));
		const uint8_t *qh = wp + 128, *qs = wp + (has_qh ? 384 : 128);
		__m256i sumi[KERNEL_NX], summ[KERNEL_NX];
		_Pragma("GCC unroll 4") for (int t = 0; t < KERNEL_NX; t++) sumi[t] = summ[t] = _mm256_setzero_si256();
		_Pragma("GCC unroll 4") for (int t = 0; t < nx; t++)
		{
			const struct kernel_q8k *a = (const struct kernel_q8k *)((const uint8_t *)x + (size_t)t * xs) + i;
			__m256i mm = _mm256_setzero_si256();
			_Pragma("GCC unroll 8") for (int j = 0; j < 8; j++)
				mm = _mm256_add_epi32(mm, _mm256_madd_epi16(lane_byte_x2(j < 4 ? mnl : mnh, j & 3),
									    bcast4(a->bsums + 2 * j)));
			summ[t] = mm;
			sumi[t] = _mm256_setzero_si256();
		}
		/* Q5_K's pairs reach 2 * 31 * 127 = 7874, so its 16-bit sums are
		 * widened every four steps (at most 31496) instead of eight */
		const int kstep = has_qh ? 4 : 8;
		_Pragma("GCC unroll 4") for (int c = 0; c < 4; c++)
		{
			__m256i s0 = lane_byte_x2(c < 2 ? scl : sch, (2 * c) & 3);
			__m256i s1 = lane_byte_x2(c < 2 ? scl : sch, (2 * c + 1) & 3);
			_Pragma("GCC unroll 2") for (int k0 = 0; k0 < 8; k0 += kstep)
			{
				__m256i sl[KERNEL_NX], sh[KERNEL_NX];
				_Pragma("GCC unroll 4") for (int t = 0; t < KERNEL_NX; t++) sl[t] = sh[t] = _mm256_setzero_si256();
				_Pragma("GCC unroll 8") for (int k = k0; k < k0 + kstep; k++)
				{
					__m256i lo, hi;
					k45_quants(qs, qh, c, k, has_qh, m4, &lo, &hi);
					_Pragma("GCC unroll 4") for (int t = 0; t < nx; t++)
					{
						const struct kernel_q8k *a =
							(const struct kernel_q8k *)((const uint8_t *)x + (size_t)t * xs) + i;
						sl[t] = _mm256_add_epi16(sl[t],
									 _mm256_maddubs_epi16(lo, bcast4(a->qs + 64 * c + 4 * k)));
						sh[t] = _mm256_add_epi16(
							sh[t], _mm256_maddubs_epi16(hi, bcast4(a->qs + 64 * c + 32 + 4 * k)));
					}
				}
				_Pragma("GCC unroll 4") for (int t = 0; t < nx; t++)
					sumi[t] = _mm256_add_epi32(sumi[t], _mm256_add_epi32(_mm256_madd_epi16(sl[t], s0),
											      _mm256_madd_epi16(sh[t], s1)));
			}
		}
		__m256 D = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)wp));
		__m256 DM = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(wp + 16)));
		_Pragma("GCC unroll 4") for (int t = 0; t < nx; t++)
		{
			const struct kernel_q8k *a = (const struct kernel_q8k *)((const uint8_t *)x + (size_t)t * xs) + i;
			__m256 dx = _mm256_set1_ps(a->d);
			acc[t] = _mm256_fmadd_ps(_mm256_mul_ps(D, dx), _mm256_cvtepi32_ps(sumi[t]), acc[t]);
			acc[t] = _mm256_fnmadd_ps(_mm256_mul_ps(DM, dx), _mm256_cvtepi32_ps(summ[t]), acc[t]);
		}
	}
	store_x8(acc, nx, out, os);
}

/* The decode step (nx = 1) of a Q4_K / Q5_K group: the same integer sums
 * and the same float steps per super-block as x8_k45 (so the same bits),
 * written for one activation row. Decoding streams every weight once, and
 * the nx-generic code left the compiler room to reassociate the 16-bit
 * sums into trees and hoist the activation broadcasts, which spilled about
 * 40 vectors per super-block; X1_KEEP fixes each accumulator's chain in
 * order, so the loop keeps its values in registers (about a fifth more
 * bytes per cycle from L2 on one core; from memory the prefetching stays
 * as it was, a cursor per row). */
#define X1_KEEP(v) __asm__("" : "+x"(v))

static inline __attribute__((always_inline)) void x1_k45(int64_t n, const uint8_t *wp, const void *x, float *out,
							  size_t os, int has_qh)
{
	const __m256i m4 = _mm256_set1_epi8(0x0F);
	const size_t gb = 8 * (has_qh ? QUANT_Q5_K_BYTES : QUANT_Q4_K_BYTES);
	const struct kernel_q8k *a = x;
	__m256 acc = _mm256_setzero_ps();
	uintptr_t pf = pf_start(wp);
	for (int64_t i = 0; i < n / 256; i++, wp += gb, a++) {
		pf_advance(&pf, wp + gb);
		const __m256i m6 = _mm256_set1_epi8(0x3F), m30 = _mm256_set1_epi8(0x30);
		__m256i u0 = _mm256_loadu_si256((const __m256i *)(wp + 32));
		__m256i u1 = _mm256_loadu_si256((const __m256i *)(wp + 64));
		__m256i u2 = _mm256_loadu_si256((const __m256i *)(wp + 96));
		/* the mins against the 16-sums first: their inputs die here */
		__m256i mnl = _mm256_and_si256(u1, m6);
		__m256i mnh = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi32(u2, 4), m4),
					      _mm256_and_si256(_mm256_srli_epi32(u1, 2), m30));
		__m256i summ = _mm256_setzero_si256();
		_Pragma("GCC unroll 8") for (int j = 0; j < 8; j++)
			summ = _mm256_add_epi32(summ, _mm256_madd_epi16(lane_byte_x2(j < 4 ? mnl : mnh, j & 3),
									bcast4(a->bsums + 2 * j)));
		X1_KEEP(summ);
		__m256i scl = _mm256_and_si256(u0, m6);
		__m256i sch = _mm256_or_si256(_mm256_and_si256(u2, m4), _mm256_and_si256(_mm256_srli_epi32(u0, 2), m30));
		const uint8_t *qh = wp + 128, *qs = wp + (has_qh ? 384 : 128);
		__m256i sumi = _mm256_setzero_si256();
		/* Q5_K's 16-bit sums widened every four steps, as in x8_k45 */
		const int kstep = has_qh ? 4 : 8;
		_Pragma("GCC unroll 4") for (int c = 0; c < 4; c++)
		{
			_Pragma("GCC unroll 2") for (int k0 = 0; k0 < 8; k0 += kstep)
			{
				__m256i sl = _mm256_setzero_si256(), sh = _mm256_setzero_si256();
				_Pragma("GCC unroll 8") for (int k = k0; k < k0 + kstep; k++)
				{
					__m256i lo, hi;
					k45_quants(qs, qh, c, k, has_qh, m4, &lo, &hi);
					sl = _mm256_add_epi16(sl, _mm256_maddubs_epi16(lo, bcast4(a->qs + 64 * c + 4 * k)));
					sh = _mm256_add_epi16(sh, _mm256_maddubs_epi16(hi, bcast4(a->qs + 64 * c + 32 + 4 * k)));
					X1_KEEP(sl);
					X1_KEEP(sh);
				}
				__m256i s0 = lane_byte_x2(c < 2 ? scl : sch, (2 * c) & 3);
				__m256i s1 = lane_byte_x2(c < 2 ? scl : sch, (2 * c + 1) & 3);
				sumi = _mm256_add_epi32(sumi, _mm256_add_epi32(_mm256_madd_epi16(sl, s0), _mm256_madd_epi16(sh, s1)));
				X1_KEEP(sumi);
			}
		}
		__m256 D = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)wp));
		__m256 DM = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(wp + 16)));
		__m256 dx = _mm256_set1_ps(a->d);
		acc = _mm256_fmadd_ps(_mm256_mul_ps(D, dx), _mm256_cvtepi32_ps(sumi), acc);
		acc = _mm256_fnmadd_ps(_mm256_mul_ps(DM, dx), _mm256_cvtepi32_ps(summ), acc);
	}
	store_x8(&acc, 1, out, os);
}

void kernel_x8_q4_k_avx2(int64_t n, const void *wp, const void *x, size_t xs, int nx, float *out, size_t os)
{
	if (nx == KERNEL_NX)
		x8_k45(n, wp, x, xs, KERNEL_NX, out, os, 0);
	else if (nx == 1)
		x1_k45(n, wp, x, out, os, 0);
	else
		x8_k45(n, wp, x, xs, nx, out, os, 0);
}

void kernel_x8_q5_k_avx2(int64_t n, const void *wp, const void *x, size_t xs, int nx, float *out, size_t os)
{
	if (nx == KERNEL_NX)
		x8_k45(n, wp, x, xs, KERNEL_NX, out, os, 1);
	else if (nx == 1)
		x1_k45(n, wp, x, out, os, 1);
	else
		x8_k45(n, wp, x, xs, nx, out, os, 1);
}

/* Q6_K group: d[8] (fp16), the int8 scales as [sub-block][row] (16 x 8),
 * ql as (half h, part p, step k) loads of 32 bytes, qh as (h, k) loads.
 * Step k of half h gives, through ql part 0 / part 1 and the four 2-bit
 * fields of qh, elements 4k..4k+3 of the half's four 32-element quarters:
 * quarter i of half h, step k is sub-block 8h + 2i + k/4. Pairs reach
 * 2 * 63 * 127, so two steps are summed in 16 bits and widened by the
 * madd with the scale. The -32 offset is one madd per two sub-blocks against the
 * activation's 16-sums. */
static inline __attribute__((always_inline)) void x8_q6_k(int64_t n, const uint8_t *wp, const void *x, size_t xs,
							   int nx, float *out, size_t os)
{
	const __m256i m4 = _mm256_set1_epi8(0x0F), m30 = _mm256_set1_epi8(0x30);
	const __m256i dup = _mm256_setr_epi8(0, 1, 0, 1, 4, 5, 4, 5, 8, 9, 8, 9, 12, 13, 12, 13, 0, 1, 0, 1, 4, 5, 4, 5,
					     8, 9, 8, 9, 12, 13, 12, 13);
	__m256 acc[KERNEL_NX];
	_Pragma("GCC unroll 4") for (int t = 0; t < KERNEL_NX; t++) acc[t] = _mm256_setzero_ps();
	uintptr_t pf = pf_start(wp);
	for (int64_t i = 0; i < n / 256; i++, wp += 8 * QUANT_Q6_K_BYTES) {
		pf_advance(&pf, wp + 8 * QUANT_Q6_K_BYTES);
		const uint8_t *scp = wp + 16, *ql = wp + 144, *qhp = wp + 144 + 1024;
		__m256i S[16];
		_Pragma("GCC unroll 16") for (int s = 0; s < 16; s++)
			S[s] = _mm256_shuffle_epi8(_mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(scp + 8 * s))), dup);
		__m256i sumi[KERNEL_NX];
		_Pragma("GCC unroll 4") for (int t = 0; t < KERNEL_NX; t++) sumi[t] = _mm256_setzero_si256();
		_Pragma("GCC unroll 4") for (int t = 0; t < nx; t++)
		{
			const struct kernel_q8k *a = (const struct kernel_q8k *)((const uint8_t *)x + (size_t)t * xs) + i;
			__m256i off = _mm256_setzero_si256();
			_Pragma("GCC unroll 8") for (int s = 0; s < 16; s += 2)
				off = _mm256_add_epi32(off, _mm256_madd_epi16(_mm256_blend_epi16(S[s], S[s + 1], 0xAA),
									      bcast4(a->bsums + s)));
			sumi[t] = _mm256_slli_epi32(off, 5); /* taken away below */
		}
		_Pragma("GCC unroll 2") for (int h = 0; h < 2; h++)
		{
			/* two steps of one sub-block at a time: their pairs summed in
			 * 16 bits (at most 2 * 2 * 63 * 127 = 32004), one madd */
			_Pragma("GCC unroll 4") for (int k = 0; k < 8; k += 2)
			{
				__m256i q[2][4];
				_Pragma("GCC unroll 2") for (int u = 0; u < 2; u++)
				{
					__m256i l0 = _mm256_loadu_si256((const __m256i *)(ql + 32 * (16 * h + k + u)));
					__m256i l1 = _mm256_loadu_si256((const __m256i *)(ql + 32 * (16 * h + 8 + k + u)));
					__m256i qh = _mm256_loadu_si256((const __m256i *)(qhp + 32 * (8 * h + k + u)));
					q[u][0] = _mm256_or_si256(_mm256_and_si256(l0, m4), _mm256_and_si256(_mm256_slli_epi16(qh, 4), m30));
					q[u][1] = _mm256_or_si256(_mm256_and_si256(l1, m4), _mm256_and_si256(_mm256_slli_epi16(qh, 2), m30));
					q[u][2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l0, 4), m4), _mm256_and_si256(qh, m30));
					q[u][3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l1, 4), m4),
								  _mm256_and_si256(_mm256_srli_epi16(qh, 2), m30));
				}
				_Pragma("GCC unroll 4") for (int t = 0; t < nx; t++)
				{
					const struct kernel_q8k *a =
						(const struct kernel_q8k *)((const uint8_t *)x + (size_t)t * xs) + i;
					const int8_t *q8 = a->qs + 128 * h + 4 * k;
					__m256i acc4 = _mm256_setzero_si256();
					_Pragma("GCC unroll 4") for (int c = 0; c < 4; c++)
					{
						__m256i p = _mm256_add_epi16(_mm256_maddubs_epi16(q[0][c], bcast4(q8 + 32 * c)),
									     _mm256_maddubs_epi16(q[1][c], bcast4(q8 + 32 * c + 4)));
						acc4 = _mm256_add_epi32(acc4, _mm256_madd_epi16(p, S[8 * h + 2 * c + k / 4]));
					}
					sumi[t] = _mm256_sub_epi32(sumi[t], acc4);
				}
			}
		}
		__m256 D = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)wp));
		_Pragma("GCC unroll 4") for (int t = 0; t < nx; t++)
		{
			const struct kernel_q8k *a = (const struct kernel_q8k *)((const uint8_t *)x + (size_t)t * xs) + i;
			/* sumi = 32 * offsets - sum: subtract it */
			acc[t] = _mm256_fnmadd_ps(_mm256_mul_ps(D, _mm256_set1_ps(a->d)), _mm256_cvtepi32_ps(sumi[t]), acc[t]);
		}
	}
	store_x8(acc, nx, out, os);
}

/* The decode step (nx = 1) of a Q6_K group: x8_q6_k's integer sums in a
 * fixed order (X1_KEEP), subtracted sub-block by sub-block (integers: the
 * same total), and its float step, so the same bits. */
static inline __attribute__((always_inline)) void x1_q6_k(int64_t n, const uint8_t *wp, const void *x, float *out,
							   size_t os)
{
	const __m256i m4 = _mm256_set1_epi8(0x0F), m30 = _mm256_set1_epi8(0x30);
	const __m256i dup = _mm256_setr_epi8(0, 1, 0, 1, 4, 5, 4, 5, 8, 9, 8, 9, 12, 13, 12, 13, 0, 1, 0, 1, 4, 5, 4, 5,
					     8, 9, 8, 9, 12, 13, 12, 13);
	const struct kernel_q8k *a = x;
	__m256 acc = _mm256_setzero_ps();
	uintptr_t pf = pf_start(wp);
	for (int64_t i = 0; i < n / 256; i++, wp += 8 * QUANT_Q6_K_BYTES, a++) {
		pf_advance(&pf, wp + 8 * QUANT_Q6_K_BYTES);
		const uint8_t *scp = wp + 16, *ql = wp + 144, *qhp = wp + 144 + 1024;
		__m256i S[16];
		_Pragma("GCC unroll 16") for (int s = 0; s < 16; s++)
			S[s] = _mm256_shuffle_epi8(_mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(scp + 8 * s))), dup);
		__m256i off = _mm256_setzero_si256();
		_Pragma("GCC unroll 8") for (int s = 0; s < 16; s += 2)
			off = _mm256_add_epi32(off, _mm256_madd_epi16(_mm256_blend_epi16(S[s], S[s + 1], 0xAA),
								      bcast4(a->bsums + s)));
		__m256i sumi = _mm256_slli_epi32(off, 5);
		X1_KEEP(sumi);
		_Pragma("GCC unroll 2") for (int h = 0; h < 2; h++)
		{
			_Pragma("GCC unroll 4") for (int k = 0; k < 8; k += 2)
			{
				/* two steps of the four quarters, pairs summed in 16 bits */
				__m256i p[4];
				_Pragma("GCC unroll 2") for (int u = 0; u < 2; u++)
				{
					__m256i l0 = _mm256_loadu_si256((const __m256i *)(ql + 32 * (16 * h + k + u)));
					__m256i l1 = _mm256_loadu_si256((const __m256i *)(ql + 32 * (16 * h + 8 + k + u)));
					__m256i qh = _mm256_loadu_si256((const __m256i *)(qhp + 32 * (8 * h + k + u)));
					const int8_t *q8 = a->qs + 128 * h + 4 * (k + u);
					__m256i q0 = _mm256_or_si256(_mm256_and_si256(l0, m4),
								     _mm256_and_si256(_mm256_slli_epi16(qh, 4), m30));
					__m256i q1 = _mm256_or_si256(_mm256_and_si256(l1, m4),
								     _mm256_and_si256(_mm256_slli_epi16(qh, 2), m30));
					__m256i q2 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l0, 4), m4),
								     _mm256_and_si256(qh, m30));
					__m256i q3 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l1, 4), m4),
								     _mm256_and_si256(_mm256_srli_epi16(qh, 2), m30));
					__m256i r0 = _mm256_maddubs_epi16(q0, bcast4(q8));
					__m256i r1 = _mm256_maddubs_epi16(q1, bcast4(q8 + 32));
					__m256i r2 = _mm256_maddubs_epi16(q2, bcast4(q8 + 64));
					__m256i r3 = _mm256_maddubs_epi16(q3, bcast4(q8 + 96));
					if (u == 0) {
						p[0] = r0;
						p[1] = r1;
						p[2] = r2;
						p[3] = r3;
					} else {
						p[0] = _mm256_add_epi16(p[0], r0);
						p[1] = _mm256_add_epi16(p[1], r1);
						p[2] = _mm256_add_epi16(p[2], r2);
						p[3] = _mm256_add_epi16(p[3], r3);
					}
				}
				_Pragma("GCC unroll 4") for (int c = 0; c < 4; c++)
				{
					sumi = _mm256_sub_epi32(sumi, _mm256_madd_epi16(p[c], S[8 * h + 2 * c + k / 4]));
					X1_KEEP(sumi);
				}
			}
		}
		__m256 D = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)wp));
		acc = _mm256_fnmadd_ps(_mm256_mul_ps(D, _mm256_set1_ps(a->d)), _mm256_cvtepi32_ps(sumi), acc);
	}
	store_x8(&acc, 1, out, os);
}

void kernel_x8_q6_k_avx2(int64_t n, const void *wp, const void *x, size_t xs, int nx, float *out, size_t os)
{
	if (nx == KERNEL_NX)
		x8_q6_k(n, wp, x, xs, KERNEL_NX, out, os);
	else if (nx == 1)
		x1_q6_k(n, wp, x, out, os);
	else
		x8_q6_k(n, wp, x, xs, nx, out, os);
}

/* the int8 peak (kernel.h): the x8 kernels' inner step, a maddubs and a
 * 16-bit add, on 8 independent accumulators. Written as assembly: in C the
 * compiler sees eight products of the same operands, computes one and
 * adds it eight times (what an earlier version of this measured, with the
 * accumulators spilled to the stack besides, at about two thirds of the
 * real rate). 8 products in flight cover maddubs's latency at two per
 * cycle; the products wrap, only the rate counts. */
uint64_t kernel_int8_spin_avx2(int64_t iters)
{
	int64_t n = iters;
	if (n <= 0)
		return 0;
	__asm__ volatile("vpcmpeqb %%ymm0, %%ymm0, %%ymm0\n\t"
			 "vpabsb %%ymm0, %%ymm1\n\t"
			 "vpxor %%ymm8, %%ymm8, %%ymm8\n\t"
			 "vmovdqa %%ymm8, %%ymm9\n\t"
			 "vmovdqa %%ymm8, %%ymm10\n\t"
			 "vmovdqa %%ymm8, %%ymm11\n\t"
			 "vmovdqa %%ymm8, %%ymm12\n\t"
			 "vmovdqa %%ymm8, %%ymm13\n\t"
			 "vmovdqa %%ymm8, %%ymm14\n\t"
			 "vmovdqa %%ymm8, %%ymm15\n\t"
			 "1:\n\t"
			 "vpmaddubsw %%ymm0, %%ymm1, %%ymm2\n\t"
			 "vpmaddubsw %%ymm0, %%ymm1, %%ymm3\n\t"
			 "vpmaddubsw %%ymm0, %%ymm1, %%ymm4\n\t"
			 "vpmaddubsw %%ymm0, %%ymm1, %%ymm5\n\t"
			 "vpaddw %%ymm2, %%ymm8, %%ymm8\n\t"
			 "vpaddw %%ymm3, %%ymm9, %%ymm9\n\t"
			 "vpaddw %%ymm4, %%ymm10, %%ymm10\n\t"
			 "vpaddw %%ymm5, %%ymm11, %%ymm11\n\t"
			 "vpmaddubsw %%ymm0, %%ymm1, %%ymm6\n\t"
			 "vpmaddubsw %%ymm0, %%ymm1, %%ymm7\n\t"
			 "vpmaddubsw %%ymm0, %%ymm1, %%ymm2\n\t"
			 "vpmaddubsw %%ymm0, %%ymm1, %%ymm3\n\t"
			 "vpaddw %%ymm6, %%ymm12, %%ymm12\n\t"
			 "vpaddw %%ymm7, %%ymm13, %%ymm13\n\t"
			 "vpaddw %%ymm2, %%ymm14, %%ymm14\n\t"
			 "vpaddw %%ymm3, %%ymm15, %%ymm15\n\t"
			 "dec %0\n\t"
			 "jnz 1b\n\t"
			 "vzeroupper"
			 : "+r"(n)
			 :
			 : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
			   "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "cc");
	return (uint64_t)iters * 8 * 32;
}

/* ---- attention's float loops (kernel.h) ---- */

void kernel_axpy_f32_avx2(int64_t n, float a, const float *x, float *y)
{
	__m256 va = _mm256_set1_ps(a);
	int64_t i = 0;
	for (; i + 8 <= n; i += 8)
		_mm256_storeu_ps(y + i, _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i)));
	for (; i < n; i++)
		y[i] += a * x[i];
}

/* exp(x) for x <= 0: x = k ln2 + r with |r| <= ln2 / 2 (ln2 in two parts,
 * so r is exact to a few ulp), e^r by its Taylor series to r^7 (error
 * below 6e-9 relative), times 2^k put into the exponent bits. Below -87
 * the result would be subnormal; it is 0 there. */
static inline __m256 exp_le0(__m256 x)
{
	const __m256 lo = _mm256_set1_ps(-87.0f);
	__m256 under = _mm256_cmp_ps(x, lo, _CMP_LT_OQ);
	x = _mm256_max_ps(x, lo);
	__m256 k = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
				   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
	__m256 r = _mm256_fnmadd_ps(k, _mm256_set1_ps(0.693145751953125f), x);
	r = _mm256_fnmadd_ps(k, _mm256_set1_ps(1.428606765330187045e-06f), r);
	__m256 p = _mm256_set1_ps(1.0f / 5040);
	p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 720));
	p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120));
	p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24));
	p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6));
	p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
	p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
	p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
	__m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(k), _mm256_set1_epi32(127)), 23);
	return _mm256_andnot_ps(under, _mm256_mul_ps(p, _mm256_castsi256_ps(e)));
}

float kernel_expsum_f32_avx2(int64_t n, float *x, float max)
{
	__m256 vm = _mm256_set1_ps(max), sum = _mm256_setzero_ps();
	int64_t i = 0;
	for (; i + 8 <= n; i += 8) {
		__m256 v = exp_le0(_mm256_sub_ps(_mm256_loadu_ps(x + i), vm));
		_mm256_storeu_ps(x + i, v);
		sum = _mm256_add_ps(sum, v);
	}
	float s = hsum8(sum);
	if (i < n) { /* the tail through the same polynomial, padded with -inf */
		float t[8];
		for (int k = 0; k < 8; k++)
			t[k] = i + k < n ? x[i + k] - max : -INFINITY;
		__m256 v = exp_le0(_mm256_loadu_ps(t));
		_mm256_storeu_ps(t, v);
		for (int k = 0; i + k < n; k++) {
			x[i + k] = t[k];
			s += t[k];
		}
	}
	return s;
}

/* ---- activation quantization (kernel.h) ----
 * The same numbers as kernel.c's q8_block, bit for bit: the largest
 * magnitude (a NaN never wins, as there), d = amax / 127, 1 / d, x / d
 * rounded to nearest even (what the scalar code's 1.5 * 2^23 trick
 * gives), NaN to 0, clamped to +-127. n is a multiple of 32; q gets the
 * int8 values, sums16 (when not NULL) the sum of every 16, and the
 * return is d; *isum the sum of all. */
float kernel_q8_block_avx2(const float *x, int n, int8_t *q, int32_t *isum, int16_t *sums16)
{
	const __m256 absm = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
	__m256 m = _mm256_setzero_ps();
	for (int i = 0; i < n; i += 8)
		m = _mm256_max_ps(_mm256_and_ps(_mm256_loadu_ps(x + i), absm), m);
	__m128 h = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
	h = _mm_max_ps(h, _mm_movehl_ps(h, h));
	h = _mm_max_ss(h, _mm_movehdup_ps(h));
	float amax = _mm_cvtss_f32(h);
	float d = amax / 127.0f;
	float id = d > 0 ? 1.0f / d : 0.0f;
	const __m256 vid = _mm256_set1_ps(id), hi = _mm256_set1_ps(127.0f), lo = _mm256_set1_ps(-127.0f);
	const __m256i fix = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
	__m256i tot = _mm256_setzero_si256();
	for (int i = 0; i < n; i += 32) {
		__m256i v[4];
		for (int k = 0; k < 4; k++) {
			__m256 r = _mm256_round_ps(_mm256_mul_ps(_mm256_loadu_ps(x + i + 8 * k), vid),
						   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
			r = _mm256_and_ps(r, _mm256_cmp_ps(r, r, _CMP_ORD_Q));
			v[k] = _mm256_cvtps_epi32(_mm256_min_ps(_mm256_max_ps(r, lo), hi));
		}
		/* sums of each 8, then of each 16 */
		__m256i s01 = _mm256_hadd_epi32(v[0], v[1]), s23 = _mm256_hadd_epi32(v[2], v[3]);
		__m256i s = _mm256_hadd_epi32(s01, s23); /* lanes: 0,1,2,3 | 0,1,2,3 halves of each 8 */
		__m128i s8 = _mm_add_epi32(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1)); /* sum of 8 k */
		if (sums16) {
			sums16[i / 16] = (int16_t)(_mm_extract_epi32(s8, 0) + _mm_extract_epi32(s8, 1));
			sums16[i / 16 + 1] = (int16_t)(_mm_extract_epi32(s8, 2) + _mm_extract_epi32(s8, 3));
		}
		tot = _mm256_add_epi32(tot, _mm256_castsi128_si256(s8));
		__m256i p = _mm256_packs_epi16(_mm256_packs_epi32(v[0], v[1]), _mm256_packs_epi32(v[2], v[3]));
		_mm256_storeu_si256((__m256i *)(q + i), _mm256_permutevar8x32_epi32(p, fix));
	}
	__m128i t = _mm256_castsi256_si128(tot);
	t = _mm_add_epi32(t, _mm_shuffle_epi32(t, 0x4E));
	t = _mm_add_epi32(t, _mm_shuffle_epi32(t, 0xB1));
	*isum = _mm_cvtsi128_si32(t);
	return d;
}

/* ---- gemm8: eight interleaved rows times many activation rows ----
 * The x8 kernels unpack a group's block (nibbles, fifth or sixth bits,
 * scales) for every KERNEL_NX activations; a prompt of 64 tokens paid that
 * 16 times per block. These unpack each block of the group once into a
 * small buffer on the stack (bytes ready for maddubs, scales as 16-bit
 * vectors) and run every activation row through it, four at a time, with
 * the float accumulators of all rows in memory (touched once per block).
 * Per (row, activation) the integer sums are the x8 kernel's (exact, only
 * added in another order) and the float steps are the same operations in
 * the same order, so results are bit-identical to the x8 kernel's and
 * never depend on nx. */

#define GEMM_T 4

/* keeps v in its register where it is: without it the compiler
 * reassociates the 16-bit sums, computes a whole sub-block's products
 * first and spills them to the stack */
#define PIN(v) __asm__("" : "+x"(v))

static inline void gemm_store(const float *accf, int nx, float *out, size_t ors, size_t ots)
{
	for (int t = 0; t < nx; t++)
		for (int r = 0; r < 8; r++)
			out[(size_t)r * ors + (size_t)t * ots] = accf[8 * t + r];
}

static inline const struct kernel_q8k *q8k_at(const void *x, size_t xs, int t, int64_t i)
{
	return (const struct kernel_q8k *)((const uint8_t *)x + (size_t)t * xs) + i;
}

/* Q4_K / Q5_K: qb[s][k] is step k (elements 4k..4k+3) of sub-block s for
 * the eight rows, sc[s] the sub-block's scales, mn[j] the x8 kernel's
 * min vectors */
struct g45 {
	__m256i qb[8][8];
	__m256i sc[8];
	__m256i mn[8];
};

static inline __attribute__((always_inline)) void g45_acts(const struct g45 *g, __m256 D, __m256 DM, const void *x,
							    size_t xs, int64_t i, int T, float *accf, int has_qh)
{
	__m256i sumi[GEMM_T];
	_Pragma("GCC unroll 4") for (int t = 0; t < GEMM_T; t++) sumi[t] = _mm256_setzero_si256();
	const int8_t *q[GEMM_T];
	_Pragma("GCC unroll 4") for (int t = 0; t < T; t++) q[t] = q8k_at(x, xs, t, i)->qs;
	_Pragma("GCC unroll 2") for (int s = 0; s < 8; s++)
	{
		__m256i s16[GEMM_T];
		_Pragma("GCC unroll 4") for (int t = 0; t < GEMM_T; t++) s16[t] = _mm256_setzero_si256();
		_Pragma("GCC unroll 8") for (int k = 0; k < 8; k++)
		{
			__m256i w = _mm256_load_si256(&g->qb[s][k]);
			_Pragma("GCC unroll 4") for (int t = 0; t < T; t++)
			{
				s16[t] = _mm256_add_epi16(s16[t], _mm256_maddubs_epi16(w, bcast4(q[t] + 32 * s + 4 * k)));
				PIN(s16[t]);
			}
			/* Q5_K's pairs reach 2 * 31 * 127: widened every four steps */
			if (has_qh && k == 3) {
				_Pragma("GCC unroll 4") for (int t = 0; t < T; t++)
				{
					sumi[t] = _mm256_add_epi32(sumi[t], _mm256_madd_epi16(s16[t], g->sc[s]));
					s16[t] = _mm256_setzero_si256();
				}
			}
		}
		_Pragma("GCC unroll 4") for (int t = 0; t < T; t++)
			sumi[t] = _mm256_add_epi32(sumi[t], _mm256_madd_epi16(s16[t], g->sc[s]));
	}
	_Pragma("GCC unroll 4") for (int t = 0; t < T; t++)
	{
		const struct kernel_q8k *a = q8k_at(x, xs, t, i);
		__m256i mm = _mm256_setzero_si256();
		_Pragma("GCC unroll 8") for (int j = 0; j < 8; j++)
			mm = _mm256_add_epi32(mm, _mm256_madd_epi16(g->mn[j], bcast4(a->bsums + 2 * j)));
		__m256 dx = _mm256_set1_ps(a->d);
		__m256 acc = _mm256_load_ps(accf + 8 * t);
		acc = _mm256_fmadd_ps(_mm256_mul_ps(D, dx), _mm256_cvtepi32_ps(sumi[t]), acc);
		acc = _mm256_fnmadd_ps(_mm256_mul_ps(DM, dx), _mm256_cvtepi32_ps(mm), acc);
		_mm256_store_ps(accf + 8 * t, acc);
	}
}

static inline __attribute__((always_inline)) void gemm_k45(int64_t n, const uint8_t *wp, const void *x, size_t xs,
							    int nx, float *out, size_t ors, size_t ots, int has_qh)
{
	const __m256i m4 = _mm256_set1_epi8(0x0F), m6 = _mm256_set1_epi8(0x3F), m30 = _mm256_set1_epi8(0x30);
	const size_t gb = 8 * (has_qh ? QUANT_Q5_K_BYTES : QUANT_Q4_K_BYTES);
	struct g45 g __attribute__((aligned(32)));
	float accf[8 * KERNEL_GEMM_NX] __attribute__((aligned(32)));
	for (int t = 0; t < nx; t++)
		_mm256_store_ps(accf + 8 * t, _mm256_setzero_ps());
	uintptr_t pf = pf_start(wp); /* a batch of a few rows is near memory speed: ask for every line ahead */
	for (int64_t i = 0; i < n / 256; i++, wp += gb) {
		pf_advance(&pf, wp + gb);
		__m256i u0 = _mm256_loadu_si256((const __m256i *)(wp + 32));
		__m256i u1 = _mm256_loadu_si256((const __m256i *)(wp + 64));
		__m256i u2 = _mm256_loadu_si256((const __m256i *)(wp + 96));
		__m256i scl = _mm256_and_si256(u0, m6), mnl = _mm256_and_si256(u1, m6);
		__m256i sch = _mm256_or_si256(_mm256_and_si256(u2, m4), _mm256_and_si256(_mm256_srli_epi32(u0, 2), m30));
		__m256i mnh = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi32(u2, 4), m4),
					      _mm256_and_si256(_mm256_srli_epi32(u1, 2), m30));
		_Pragma("GCC unroll 8") for (int j = 0; j < 8; j++)
		{
			g.sc[j] = lane_byte_x2(j < 4 ? scl : sch, j & 3);
			g.mn[j] = lane_byte_x2(j < 4 ? mnl : mnh, j & 3);
		}
		const uint8_t *qh = wp + 128, *qs = wp + (has_qh ? 384 : 128);
		_Pragma("GCC unroll 4") for (int c = 0; c < 4; c++)
		{
			_Pragma("GCC unroll 8") for (int k = 0; k < 8; k++)
			{
				__m256i q = _mm256_loadu_si256((const __m256i *)(qs + 256 * c + 32 * k));
				__m256i lo = _mm256_and_si256(q, m4), hi = _mm256_and_si256(_mm256_srli_epi16(q, 4), m4);
				if (has_qh) {
					__m256i h = _mm256_loadu_si256((const __m256i *)(qh + 32 * k));
					lo = _mm256_or_si256(lo, bit_to_4(h, 2 * c));
					hi = _mm256_or_si256(hi, bit_to_4(h, 2 * c + 1));
				}
				_mm256_store_si256(&g.qb[2 * c][k], lo);
				_mm256_store_si256(&g.qb[2 * c + 1][k], hi);
			}
		}
		__m256 D = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)wp));
		__m256 DM = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(wp + 16)));
		int t = 0;
		for (; t + GEMM_T <= nx; t += GEMM_T)
			g45_acts(&g, D, DM, (const uint8_t *)x + (size_t)t * xs, xs, i, GEMM_T, accf + 8 * t, has_qh);
		switch (nx - t) {
		case 3: g45_acts(&g, D, DM, (const uint8_t *)x + (size_t)t * xs, xs, i, 3, accf + 8 * t, has_qh); break;
		case 2: g45_acts(&g, D, DM, (const uint8_t *)x + (size_t)t * xs, xs, i, 2, accf + 8 * t, has_qh); break;
		case 1: g45_acts(&g, D, DM, (const uint8_t *)x + (size_t)t * xs, xs, i, 1, accf + 8 * t, has_qh); break;
		default: break;
		}
	}
	gemm_store(accf, nx, out, ors, ots);
}

void kernel_gemm8_q4_k_avx2(int64_t n, const void *wp, const void *x, size_t xs, int nx, float *out, size_t ors,
			    size_t ots)
{
	gemm_k45(n, wp, x, xs, nx, out, ors, ots, 0);
}

void kernel_gemm8_q5_k_avx2(int64_t n, const void *wp, const void *x, size_t xs, int nx, float *out, size_t ors,
			    size_t ots)
{
	gemm_k45(n, wp, x, xs, nx, out, ors, ots, 1);
}

/* Q6_K: qb[s][k] is step k of sub-block s (16 elements: 4 steps), so
 * sub-block s meets activation bytes 16s + 4k; S[s] its scales, P[j] the
 * scales of sub-blocks 2j and 2j+1 for the -32 offset's madd against the
 * activation's 16-sums, as in the x8 kernel. */
struct g6 {
	__m256i qb[16][4];
	__m256i S[16];
	__m256i P[8];
};

static inline __attribute__((always_inline)) void g6_acts(const struct g6 *g, __m256 D, const void *x, size_t xs,
							   int64_t i, int T, float *accf)
{
	__m256i sumi[GEMM_T];
	const int8_t *q[GEMM_T];
	_Pragma("GCC unroll 4") for (int t = 0; t < T; t++)
	{
		const struct kernel_q8k *a = q8k_at(x, xs, t, i);
		q[t] = a->qs;
		__m256i off = _mm256_setzero_si256();
		_Pragma("GCC unroll 8") for (int j = 0; j < 8; j++)
			off = _mm256_add_epi32(off, _mm256_madd_epi16(g->P[j], bcast4(a->bsums + 2 * j)));
		sumi[t] = _mm256_slli_epi32(off, 5);
	}
	_Pragma("GCC unroll 2") for (int s = 0; s < 16; s++)
	{
		/* two steps at a time: pairs at most 2 * 63 * 127, summed in 16 bits */
		_Pragma("GCC unroll 2") for (int k = 0; k < 4; k += 2)
		{
			__m256i w0 = _mm256_load_si256(&g->qb[s][k]), w1 = _mm256_load_si256(&g->qb[s][k + 1]);
			_Pragma("GCC unroll 4") for (int t = 0; t < T; t++)
			{
				__m256i p = _mm256_add_epi16(_mm256_maddubs_epi16(w0, bcast4(q[t] + 16 * s + 4 * k)),
							     _mm256_maddubs_epi16(w1, bcast4(q[t] + 16 * s + 4 * k + 4)));
				sumi[t] = _mm256_sub_epi32(sumi[t], _mm256_madd_epi16(p, g->S[s]));
				PIN(sumi[t]);
			}
		}
	}
	_Pragma("GCC unroll 4") for (int t = 0; t < T; t++)
	{
		const struct kernel_q8k *a = q8k_at(x, xs, t, i);
		__m256 acc = _mm256_load_ps(accf + 8 * t);
		acc = _mm256_fnmadd_ps(_mm256_mul_ps(D, _mm256_set1_ps(a->d)), _mm256_cvtepi32_ps(sumi[t]), acc);
		_mm256_store_ps(accf + 8 * t, acc);
	}
}

void kernel_gemm8_q6_k_avx2(int64_t n, const void *wp_, const void *x, size_t xs, int nx, float *out, size_t ors,
			    size_t ots)
{
	const uint8_t *wp = wp_;
	const __m256i m4 = _mm256_set1_epi8(0x0F), m30 = _mm256_set1_epi8(0x30);
	const __m256i dup = _mm256_setr_epi8(0, 1, 0, 1, 4, 5, 4, 5, 8, 9, 8, 9, 12, 13, 12, 13, 0, 1, 0, 1, 4, 5, 4, 5,
					     8, 9, 8, 9, 12, 13, 12, 13);
	struct g6 g __attribute__((aligned(32)));
	float accf[8 * KERNEL_GEMM_NX] __attribute__((aligned(32)));
	for (int t = 0; t < nx; t++)
		_mm256_store_ps(accf + 8 * t, _mm256_setzero_ps());
	uintptr_t pf = pf_start(wp);
	for (int64_t i = 0; i < n / 256; i++, wp += 8 * QUANT_Q6_K_BYTES) {
		pf_advance(&pf, wp + 8 * QUANT_Q6_K_BYTES);
		const uint8_t *scp = wp + 16, *ql = wp + 144, *qhp = wp + 144 + 1024;
		_Pragma("GCC unroll 16") for (int s = 0; s < 16; s++)
			g.S[s] = _mm256_shuffle_epi8(_mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(scp + 8 * s))), dup);
		_Pragma("GCC unroll 8") for (int j = 0; j < 8; j++)
			g.P[j] = _mm256_blend_epi16(g.S[2 * j], g.S[2 * j + 1], 0xAA);
		_Pragma("GCC unroll 2") for (int h = 0; h < 2; h++)
		{
			_Pragma("GCC unroll 8") for (int k = 0; k < 8; k++)
			{
				__m256i l0 = _mm256_loadu_si256((const __m256i *)(ql + 32 * (16 * h + k)));
				__m256i l1 = _mm256_loadu_si256((const __m256i *)(ql + 32 * (16 * h + 8 + k)));
				__m256i qh = _mm256_loadu_si256((const __m256i *)(qhp + 32 * (8 * h + k)));
				/* quarter c of the half, step k: sub-block 8h + 2c + k/4 */
				const int s0 = 8 * h + k / 4, kk = k % 4;
				_mm256_store_si256(&g.qb[s0][kk], _mm256_or_si256(_mm256_and_si256(l0, m4),
										   _mm256_and_si256(_mm256_slli_epi16(qh, 4), m30)));
				_mm256_store_si256(&g.qb[s0 + 2][kk], _mm256_or_si256(_mm256_and_si256(l1, m4),
										       _mm256_and_si256(_mm256_slli_epi16(qh, 2), m30)));
				_mm256_store_si256(&g.qb[s0 + 4][kk],
						   _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l0, 4), m4),
								   _mm256_and_si256(qh, m30)));
				_mm256_store_si256(&g.qb[s0 + 6][kk],
						   _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l1, 4), m4),
								   _mm256_and_si256(_mm256_srli_epi16(qh, 2), m30)));
			}
		}
		__m256 D = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)wp));
		int t = 0;
		for (; t + GEMM_T <= nx; t += GEMM_T)
			g6_acts(&g, D, (const uint8_t *)x + (size_t)t * xs, xs, i, GEMM_T, accf + 8 * t);
		switch (nx - t) {
		case 3: g6_acts(&g, D, (const uint8_t *)x + (size_t)t * xs, xs, i, 3, accf + 8 * t); break;
		case 2: g6_acts(&g, D, (const uint8_t *)x + (size_t)t * xs, xs, i, 2, accf + 8 * t); break;
		case 1: g6_acts(&g, D, (const uint8_t *)x + (size_t)t * xs, xs, i, 1, accf + 8 * t); break;
		default: break;
		}
	}
	gemm_store(accf, nx, out, ors, ots);
}

/* Q4_0: up to eight blocks of the group unpacked to a buffer, then four
 * activation rows at a time run through them with their accumulators in
 * registers (each row's activation bytes read in order) */
static inline __attribute__((always_inline)) void g4_0_acts(const __m256i (*qb)[8], const float *Dq, int nb,
							     const void *x, size_t xs, int64_t i0, int64_t n, int T,
							     float *accf)
{
	const __m256i ones = _mm256_set1_epi16(1);
	__m256 acc[GEMM_T];
	const struct kernel_q8 *a[GEMM_T];
	const float *corr[GEMM_T];
	_Pragma("GCC unroll 4") for (int t = 0; t < T; t++)
	{
		a[t] = (const struct kernel_q8 *)((const uint8_t *)x + (size_t)t * xs) + i0;
		corr[t] = kernel_q4_0_corr((const uint8_t *)x + (size_t)t * xs, n) + i0;
		acc[t] = _mm256_load_ps(accf + 8 * t);
	}
	for (int b = 0; b < nb; b++) {
		__m256i s[GEMM_T];
		_Pragma("GCC unroll 4") for (int t = 0; t < GEMM_T; t++) s[t] = _mm256_setzero_si256();
		_Pragma("GCC unroll 8") for (int k = 0; k < 8; k++)
		{
			__m256i w = _mm256_load_si256(&qb[b][k]);
			/* k < 4: low nibbles, elements 4k..; else high, 16 + 4(k-4).. */
			const int off = k < 4 ? 4 * k : 16 + 4 * (k - 4);
			_Pragma("GCC unroll 4") for (int t = 0; t < T; t++)
			{
				s[t] = _mm256_add_epi16(s[t], _mm256_maddubs_epi16(w, bcast4(a[t][b].qs + off)));
				PIN(s[t]);
			}
		}
		__m256 D = _mm256_load_ps(Dq + 8 * b);
		_Pragma("GCC unroll 4") for (int t = 0; t < T; t++)
		{
			__m256 in = _mm256_fmadd_ps(_mm256_set1_ps(a[t][b].d),
						    _mm256_cvtepi32_ps(_mm256_madd_epi16(s[t], ones)),
						    _mm256_set1_ps(corr[t][b]));
			acc[t] = _mm256_fmadd_ps(D, in, acc[t]);
		}
	}
	_Pragma("GCC unroll 4") for (int t = 0; t < T; t++) _mm256_store_ps(accf + 8 * t, acc[t]);
}

void kernel_gemm8_q4_0_avx2(int64_t n, const void *wp_, const void *x, size_t xs, int nx, float *out, size_t ors,
			    size_t ots)
{
	const uint8_t *wp = wp_;
	const __m256i m4 = _mm256_set1_epi8(0x0F);
	float accf[8 * KERNEL_GEMM_NX] __attribute__((aligned(32)));
	__m256i qb[8][8];
	float Dq[64] __attribute__((aligned(32)));
	for (int t = 0; t < nx; t++)
		_mm256_store_ps(accf + 8 * t, _mm256_setzero_ps());
	uintptr_t pf = pf_start(wp);
	for (int64_t i0 = 0; i0 < n / 32; i0 += 8) {
		int nb = n / 32 - i0 < 8 ? (int)(n / 32 - i0) : 8;
		pf_advance(&pf, wp + (size_t)nb * 8 * QUANT_Q4_0_BYTES);
		for (int b = 0; b < nb; b++, wp += 8 * QUANT_Q4_0_BYTES) {
			_Pragma("GCC unroll 4") for (int k = 0; k < 4; k++)
			{
				__m256i q = _mm256_loadu_si256((const __m256i *)(wp + 16 + 32 * k));
				_mm256_store_si256(&qb[b][k], _mm256_and_si256(q, m4));
				_mm256_store_si256(&qb[b][4 + k], _mm256_and_si256(_mm256_srli_epi16(q, 4), m4));
			}
			_mm256_store_ps(Dq + 8 * b, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)wp)));
		}
		int t = 0;
		for (; t + GEMM_T <= nx; t += GEMM_T)
			g4_0_acts(qb, Dq, nb, (const uint8_t *)x + (size_t)t * xs, xs, i0, n, GEMM_T, accf + 8 * t);
		switch (nx - t) {
		case 3: g4_0_acts(qb, Dq, nb, (const uint8_t *)x + (size_t)t * xs, xs, i0, n, 3, accf + 8 * t); break;
		case 2: g4_0_acts(qb, Dq, nb, (const uint8_t *)x + (size_t)t * xs, xs, i0, n, 2, accf + 8 * t); break;
		case 1: g4_0_acts(qb, Dq, nb, (const uint8_t *)x + (size_t)t * xs, xs, i0, n, 1, accf + 8 * t); break;
		default: break;
		}
	}
	gemm_store(accf, nx, out, ors, ots);
}

/* Q8_0: |w| and w (the sign's source) for a block's eight steps in
 * registers would take all sixteen, so they wait in a buffer */
static inline __attribute__((always_inline)) void g8_0_acts(const __m256i *aw, const __m256i *sw, __m256 D,
							     const void *x, size_t xs, int64_t i, int T, float *accf)
{
	const __m256i ones = _mm256_set1_epi16(1);
	__m256i s[GEMM_T];
	const struct kernel_q8 *a[GEMM_T];
	_Pragma("GCC unroll 4") for (int t = 0; t < T; t++)
	{
		a[t] = (const struct kernel_q8 *)((const uint8_t *)x + (size_t)t * xs) + i;
		s[t] = _mm256_setzero_si256();
	}
	_Pragma("GCC unroll 8") for (int k = 0; k < 8; k++)
	{
		__m256i u = _mm256_load_si256(aw + k), w = _mm256_load_si256(sw + k);
		_Pragma("GCC unroll 4") for (int t = 0; t < T; t++)
		{
			__m256i p = _mm256_maddubs_epi16(u, _mm256_sign_epi8(bcast4(a[t]->qs + 4 * k), w));
			s[t] = _mm256_add_epi32(s[t], _mm256_madd_epi16(p, ones));
			PIN(s[t]);
		}
	}
	_Pragma("GCC unroll 4") for (int t = 0; t < T; t++)
	{
		__m256 acc = _mm256_load_ps(accf + 8 * t);
		acc = _mm256_fmadd_ps(_mm256_mul_ps(D, _mm256_set1_ps(a[t]->d)), _mm256_cvtepi32_ps(s[t]), acc);
		_mm256_store_ps(accf + 8 * t, acc);
	}
}

void kernel_gemm8_q8_0_avx2(int64_t n, const void *wp_, const void *x, size_t xs, int nx, float *out, size_t ors,
			    size_t ots)
{
	const uint8_t *wp = wp_;
	float accf[8 * KERNEL_GEMM_NX] __attribute__((aligned(32)));
	__m256i aw[8], sw[8];
	for (int t = 0; t < nx; t++)
		_mm256_store_ps(accf + 8 * t, _mm256_setzero_ps());
	uintptr_t pf = pf_start(wp);
	for (int64_t i = 0; i < n / 32; i++, wp += 8 * QUANT_Q8_0_BYTES) {
		pf_advance(&pf, wp + 8 * QUANT_Q8_0_BYTES);
		_Pragma("GCC unroll 8") for (int k = 0; k < 8; k++)
		{
			__m256i w = _mm256_loadu_si256((const __m256i *)(wp + 16 + 32 * k));
			_mm256_store_si256(sw + k, w);
			_mm256_store_si256(aw + k, _mm256_sign_epi8(w, w));
		}
		__m256 D = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)wp));
		int t = 0;
		for (; t + GEMM_T <= nx; t += GEMM_T)
			g8_0_acts(aw, sw, D, (const uint8_t *)x + (size_t)t * xs, xs, i, GEMM_T, accf + 8 * t);
		switch (nx - t) {
		case 3: g8_0_acts(aw, sw, D, (const uint8_t *)x + (size_t)t * xs, xs, i, 3, accf + 8 * t); break;
		case 2: g8_0_acts(aw, sw, D, (const uint8_t *)x + (size_t)t * xs, xs, i, 2, accf + 8 * t); break;
		case 1: g8_0_acts(aw, sw, D, (const uint8_t *)x + (size_t)t * xs, xs, i, 1, accf + 8 * t); break;
		default: break;
		}
	}
	gemm_store(accf, nx, out, ors, ots);
}

/* ---- gemm16: two consecutive eight-row groups at once ----
 * The gemm8 inner step broadcasts an activation's four bytes and multiplies
 * them with one group's vector; here each broadcast serves both groups, and
 * each activation block read from cache serves sixteen rows, which halves
 * the loads and the cache traffic per multiply-add. Per (row, activation)
 * the operations and their order are gemm8's, so the bits are the x8
 * kernel's. */

/* Q4_0: blocks i0 .. i0 + nb - 1 of G groups (G = 2, a constant, so the
 * loops unroll) unpacked in qb[g], T activation rows, accumulators from
 * accf (8G floats per activation, group by group) held in registers over
 * the blocks (1-3% faster than a load and store per block). Measured on a 2-core EPYC
 * (one thread, best of 15 alternating passes, multiply-adds per
 * CPU-second against gemm8): 1.13-1.15x with 32 activation rows on a
 * matrix in cache, 1.07x with 16 and 1.11-1.13x with 32 on one streamed
 * from memory (16384 x 5632), 0.97x with 8 or fewer there (kernel_matmul
 * keeps gemm8 for those); four groups with two activation rows, or three
 * rows, were slower. The same two-group scheme for Q4_K, Q5_K and Q6_K
 * measured 0.95-1.04x on streamed weights, so they have none. */
static inline __attribute__((always_inline)) void g4_0_actsg(const __m256i (*qb)[8][8], const float (*Dq)[64], int nb,
							      const void *x, size_t xs, int64_t i0, int64_t n, int G,
							      int T, float *accf)
{
	const __m256i ones = _mm256_set1_epi16(1);
	const struct kernel_q8 *a[GEMM_T];
	const float *corr[GEMM_T];
	__m256 acc[2][GEMM_T];
	_Pragma("GCC unroll 4") for (int t = 0; t < T; t++)
	{
		a[t] = (const struct kernel_q8 *)((const uint8_t *)x + (size_t)t * xs) + i0;
		corr[t] = kernel_q4_0_corr((const uint8_t *)x + (size_t)t * xs, n) + i0;
		_Pragma("GCC unroll 2") for (int g = 0; g < G; g++) acc[g][t] = _mm256_load_ps(accf + 8 * (G * t + g));
	}
	for (int b = 0; b < nb; b++) {
		__m256i sg[2][GEMM_T];
		_Pragma("GCC unroll 4") for (int g = 0; g < G; g++)
			_Pragma("GCC unroll 4") for (int t = 0; t < T; t++) sg[g][t] = _mm256_setzero_si256();
		_Pragma("GCC unroll 8") for (int k = 0; k < 8; k++)
		{
			__m256i w[2];
			_Pragma("GCC unroll 4") for (int g = 0; g < G; g++) w[g] = _mm256_load_si256(&qb[g][b][k]);
			const int off = k < 4 ? 4 * k : 16 + 4 * (k - 4);
			_Pragma("GCC unroll 4") for (int t = 0; t < T; t++)
			{
				__m256i q = bcast4(a[t][b].qs + off);
				_Pragma("GCC unroll 4") for (int g = 0; g < G; g++)
				{
					sg[g][t] = _mm256_add_epi16(sg[g][t], _mm256_maddubs_epi16(w[g], q));
					PIN(sg[g][t]);
				}
			}
		}
		_Pragma("GCC unroll 4") for (int t = 0; t < T; t++)
		{
			__m256 d = _mm256_set1_ps(a[t][b].d), c = _mm256_set1_ps(corr[t][b]);
			_Pragma("GCC unroll 4") for (int g = 0; g < G; g++)
			{
				__m256 in = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(_mm256_madd_epi16(sg[g][t], ones)), c);
				acc[g][t] = _mm256_fmadd_ps(_mm256_load_ps(Dq[g] + 8 * b), in, acc[g][t]);
			}
		}
	}
	_Pragma("GCC unroll 4") for (int t = 0; t < T; t++)
		_Pragma("GCC unroll 2") for (int g = 0; g < G; g++) _mm256_store_ps(accf + 8 * (G * t + g), acc[g][t]);
}

static inline __attribute__((always_inline)) void gemm_q4_0_g(int64_t n, const uint8_t *wp0, size_t gs, const void *x,
							       size_t xs, int nx, float *out, size_t ors, size_t ots,
							       int G, int TT)
{
	const uint8_t *wp[2];
	uintptr_t pf[2];
	const __m256i m4 = _mm256_set1_epi8(0x0F);
	float accf[16 * KERNEL_GEMM_NX] __attribute__((aligned(32)));
	__m256i qb[2][8][8];
	float Dq[2][64] __attribute__((aligned(32)));
	for (int g = 0; g < G; g++) {
		wp[g] = wp0 + (size_t)g * gs;
		pf[g] = pf_start(wp[g]);
	}
	for (int t = 0; t < G * nx; t++)
		_mm256_store_ps(accf + 8 * t, _mm256_setzero_ps());
	for (int64_t i0 = 0; i0 < n / 32; i0 += 8) {
		int nb = n / 32 - i0 < 8 ? (int)(n / 32 - i0) : 8;
		_Pragma("GCC unroll 4") for (int g = 0; g < G; g++)
		{
			pf_advance(&pf[g], wp[g] + (size_t)nb * 8 * QUANT_Q4_0_BYTES);
			for (int b = 0; b < nb; b++, wp[g] += 8 * QUANT_Q4_0_BYTES) {
				_Pragma("GCC unroll 4") for (int k = 0; k < 4; k++)
				{
					__m256i q = _mm256_loadu_si256((const __m256i *)(wp[g] + 16 + 32 * k));
					_mm256_store_si256(&qb[g][b][k], _mm256_and_si256(q, m4));
					_mm256_store_si256(&qb[g][b][4 + k], _mm256_and_si256(_mm256_srli_epi16(q, 4), m4));
				}
				_mm256_store_ps(Dq[g] + 8 * b, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)wp[g])));
			}
		}
		int t = 0;
		for (; t + TT <= nx; t += TT)
			g4_0_actsg(qb, Dq, nb, (const uint8_t *)x + (size_t)t * xs, xs, i0, n, G, TT, accf + 8 * G * t);
		switch (nx - t) {
		case 3: g4_0_actsg(qb, Dq, nb, (const uint8_t *)x + (size_t)t * xs, xs, i0, n, G, 3, accf + 8 * G * t); break;
		case 2: g4_0_actsg(qb, Dq, nb, (const uint8_t *)x + (size_t)t * xs, xs, i0, n, G, 2, accf + 8 * G * t); break;
		case 1: g4_0_actsg(qb, Dq, nb, (const uint8_t *)x + (size_t)t * xs, xs, i0, n, G, 1, accf + 8 * G * t); break;
		default: break;
		}
	}
	for (int t = 0; t < nx; t++)
		for (int r = 0; r < 8 * G; r++)
			out[(size_t)r * ors + (size_t)t * ots] = accf[8 * G * t + r];
}

void kernel_gemm16_q4_0_avx2(int64_t n, const void *wp, size_t gs, const void *x, size_t xs, int nx, float *out,
			     size_t ors, size_t ots)
{
	gemm_q4_0_g(n, wp, gs, x, xs, nx, out, ors, ots, 2, 4);
}
