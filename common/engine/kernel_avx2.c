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
 */
#include "kernel.h"

#include <immintrin.h>
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

/* Q4_K / Q5_K: 8 sub-blocks of 32 with 6-bit scales and mins. The min
 * term is sum_s m[s] * (activation sum over s), done in scalar from bsums. */
static inline __m256i k4_block(const uint8_t *qs, const uint8_t *qh, const struct kernel_q8k *a,
			       const uint8_t sc[8])
{
	const __m256i m4 = _mm256_set1_epi8(0x0F), one = _mm256_set1_epi8(1);
	__m256i hb = qh ? _mm256_loadu_si256((const __m256i *)qh) : _mm256_setzero_si256();
	__m256i sumi = _mm256_setzero_si256();
	for (int c = 0; c < 4; c++) {
		__m256i q = _mm256_loadu_si256((const __m256i *)(qs + 32 * c));
		__m256i lo = _mm256_and_si256(q, m4);
		__m256i hi = _mm256_and_si256(_mm256_srli_epi16(q, 4), m4);
		if (qh) {
			lo = _mm256_or_si256(lo, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hb, 2 * c), one), 4));
			hi = _mm256_or_si256(hi, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hb, 2 * c + 1), one), 4));
		}
		__m256i plo = _mm256_maddubs_epi16(lo, _mm256_loadu_si256((const __m256i *)(a->qs + 64 * c)));
		__m256i phi = _mm256_maddubs_epi16(hi, _mm256_loadu_si256((const __m256i *)(a->qs + 64 * c + 32)));
		sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(plo, _mm256_set1_epi16(sc[2 * c])));
		sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(phi, _mm256_set1_epi16(sc[2 * c + 1])));
	}
	return sumi;
}

static float dot_k45(int64_t n, const uint8_t *b, const struct kernel_q8k *a, size_t bytes, int has_qh)
{
	__m256 acc = _mm256_setzero_ps();
	float corr = 0;
	for (int64_t i = 0; i < n / 256; i++, b += bytes) {
		uint8_t sc[8], m[8];
		for (int k = 0; k < 3; k++)
			prefetch_weights(b + 64 * k);
		quant_k4_scales(b + 4, sc, m);
		int32_t summ = 0;
		for (int j = 0; j < 8; j++)
			summ += m[j] * (a[i].bsums[2 * j] + a[i].bsums[2 * j + 1]);
		const uint8_t *qh = has_qh ? b + 16 : NULL, *qs = has_qh ? b + 48 : b + 16;
		__m256i sumi = k4_block(qs, qh, &a[i], sc);
		acc = _mm256_fmadd_ps(_mm256_set1_ps(f16(b) * a[i].d), _mm256_cvtepi32_ps(sumi), acc);
		corr -= f16(b + 2) * a[i].d * (float)summ;
	}
	return hsum8(acc) + corr;
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
 * the - 32 comes out of the activation's 16-sums. */
float kernel_dot_q6_k_avx2(int64_t n, const void *w, const void *x)
{
	const uint8_t *b = w;
	const struct kernel_q8k *a = x;
	const __m256i m4 = _mm256_set1_epi8(0x0F), m2 = _mm256_set1_epi8(3);
	__m256 acc = _mm256_setzero_ps();
	float corr = 0;
	for (int64_t i = 0; i < n / 256; i++, b += QUANT_Q6_K_BYTES) {
		const int8_t *sc = (const int8_t *)(b + 192);
		/* a decode step streams weights once: ask for them ahead of use */
		for (int k = 0; k < 4; k++)
			prefetch_weights(b + 64 * k);
		int32_t off = 0;
		for (int k = 0; k < 16; k++)
			off += sc[k] * a[i].bsums[k];
		__m256i sumi = _mm256_setzero_si256();
		for (int h = 0; h < 2; h++) {
			const uint8_t *ql = b + 64 * h, *qhp = b + 128 + 32 * h;
			const int8_t *q8 = a[i].qs + 128 * h;
			const int8_t *s = sc + 8 * h;
			__m256i l0 = _mm256_loadu_si256((const __m256i *)ql);
			__m256i l1 = _mm256_loadu_si256((const __m256i *)(ql + 32));
			__m256i qh = _mm256_loadu_si256((const __m256i *)qhp);
			__m256i q[4];
			q[0] = _mm256_or_si256(_mm256_and_si256(l0, m4), _mm256_slli_epi16(_mm256_and_si256(qh, m2), 4));
			q[1] = _mm256_or_si256(_mm256_and_si256(l1, m4),
					       _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2), m2), 4));
			q[2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l0, 4), m4),
					       _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 4), m2), 4));
			q[3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l1, 4), m4),
					       _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 6), m2), 4));
			for (int j = 0; j < 4; j++) {
				__m256i p = _mm256_maddubs_epi16(q[j], _mm256_loadu_si256((const __m256i *)(q8 + 32 * j)));
				/* lanes 0..7 are elements 0..15 (scale 2j), 8..15 are 16..31 (2j+1) */
				__m256i scv = _mm256_set_m128i(_mm_set1_epi16(s[2 * j + 1]), _mm_set1_epi16(s[2 * j]));
				sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(p, scv));
			}
		}
		float d = f16(b + 208) * a[i].d;
		acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(sumi), acc);
		corr -= d * (float)(32 * off);
	}
	return hsum8(acc) + corr;
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
