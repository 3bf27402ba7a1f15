/*
 * kernel_avx512: AVX-512 (F, BW, VL, DQ) + VNNI versions of the hottest dot
 * kernels: Q8_0, Q4_0 and Q4_K. Types without one here use the AVX2 kernel
 * (kernel.c's table). Built with the Makefile's *_avx512.c flags; VNNI is
 * enabled per function, and kernel_isa_available(KERNEL_ISA_AVX512) checks
 * every feature before any of this runs.
 *
 * vpdpbusd multiplies u8 x s8 and adds groups of four into s32 in one
 * instruction (AVX2 needs maddubs + madd), and a 512-bit register holds two
 * 32-element blocks, so Q8_0 goes two blocks per step, Q4_0 four (its
 * nibbles of four blocks fill one register) and Q4_K two sub-blocks per
 * step. The integer sums are the same as the reference's.
 */
#include "engine/kernel.h"

#include <immintrin.h>
#include <string.h>

#define VNNI __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,avx512vnni")))

/* ask for the line KERNEL_PF_AHEAD bytes ahead of p (addresses, not
 * pointers: ahead of the last rows they point past the mapping, where a
 * prefetch does nothing) */
VNNI static inline void prefetch_weights(const void *p)
{
	_mm_prefetch((const char *)((uintptr_t)p + KERNEL_PF_AHEAD), _MM_HINT_T0);
}

/* A row's prefetch cursor: asks for every line below upto + the distance
 * exactly once, however the kernel's steps straddle lines (kernel.h). */
static inline uintptr_t pf_start(const uint8_t *row)
{
	return ((uintptr_t)row + KERNEL_PF_AHEAD) & ~(uintptr_t)63;
}

VNNI static inline void pf_advance(uintptr_t *next, const uint8_t *upto)
{
	while (*next < (uintptr_t)upto + KERNEL_PF_AHEAD) {
		_mm_prefetch((const char *)*next, _MM_HINT_T0);
		*next += 64;
	}
}

static inline float f16(const uint8_t *p)
{
	uint16_t h;
	memcpy(&h, p, 2);
	return _cvtsh_ss(h);
}

/* [a x 8 | b x 8] */
VNNI static inline __m512 pair_ps(float a, float b)
{
	return _mm512_insertf32x8(_mm512_set1_ps(a), _mm256_set1_ps(b), 1);
}

VNNI static inline __m512i load2x32(const void *a, const void *b)
{
	return _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)a)),
				  _mm256_loadu_si256((const __m256i *)b), 1);
}

/* 16 packed bytes -> 32 nibbles (low nibbles first), as kernel_avx2.c */
VNNI static inline __m256i nibbles32(const uint8_t *qs)
{
	__m128i t = _mm_loadu_si128((const __m128i *)qs);
	__m256i v = _mm256_set_m128i(_mm_srli_epi16(t, 4), t);
	return _mm256_and_si256(v, _mm256_set1_epi8(0x0F));
}

VNNI float kernel_dot_q8_0_avx512(int64_t n, const void *w, const void *x)
{
	const uint8_t *b = w;
	const struct kernel_q8 *a = x;
	int64_t nb = n / 32, i = 0;
	__m512 acc = _mm512_setzero_ps();
	for (; i + 2 <= nb; i += 2, b += 2 * QUANT_Q8_0_BYTES) {
		__m512i wq = load2x32(b + 2, b + QUANT_Q8_0_BYTES + 2);
		__m512i xq = load2x32(a[i].qs, a[i + 1].qs);
		/* s8 x s8 through u8 x s8: |w| times x with w's sign */
		__mmask64 neg = _mm512_movepi8_mask(wq);
		__m512i xs = _mm512_mask_sub_epi8(xq, neg, _mm512_setzero_si512(), xq);
		__m512i p = _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_abs_epi8(wq), xs);
		acc = _mm512_fmadd_ps(pair_ps(f16(b) * a[i].d, f16(b + QUANT_Q8_0_BYTES) * a[i + 1].d),
				      _mm512_cvtepi32_ps(p), acc);
	}
	float s = _mm512_reduce_add_ps(acc);
	if (i < nb)
		s += kernel_dot_q8_0_avx2(32, b, &a[i]);
	return s;
}

VNNI float kernel_dot_q4_0_avx512(int64_t n, const void *w, const void *x)
{
	const uint8_t *b = w;
	const struct kernel_q8 *a = x;
	int64_t nb = n / 32, i = 0;
	const __m512i eight = _mm512_set1_epi8(8);
	__m512 acc = _mm512_setzero_ps();
	for (; i + 2 <= nb; i += 2, b += 2 * QUANT_Q4_0_BYTES) {
		__m512i q = _mm512_inserti64x4(_mm512_castsi256_si512(nibbles32(b + 2)),
					       nibbles32(b + QUANT_Q4_0_BYTES + 2), 1);
		__m512i xq = load2x32(a[i].qs, a[i + 1].qs);
		/* sum (q - 8) x = sum q x - sum 8 x */
		__m512i p = _mm512_dpbusd_epi32(_mm512_setzero_si512(), q, xq);
		p = _mm512_sub_epi32(p, _mm512_dpbusd_epi32(_mm512_setzero_si512(), eight, xq));
		acc = _mm512_fmadd_ps(pair_ps(f16(b) * a[i].d, f16(b + QUANT_Q4_0_BYTES) * a[i + 1].d),
				      _mm512_cvtepi32_ps(p), acc);
	}
	float s = _mm512_reduce_add_ps(acc);
	if (i < nb)
		s += kernel_dot_q4_0_avx2(32, b, &a[i]);
	return s;
}

VNNI float kernel_dot_q4_k_avx512(int64_t n, const void *w, const void *x)
{
	const uint8_t *b = w;
	const struct kernel_q8k *a = x;
	const __m256i m4 = _mm256_set1_epi8(0x0F);
	__m512 acc = _mm512_setzero_ps();
	float corr = 0;
	for (int64_t i = 0; i < n / 256; i++, b += QUANT_Q4_K_BYTES) {
		const uint8_t *q = b + 4, *qs = b + 16;
		uint8_t sc[8], m[8];
		/* a decode step streams weights once: ask for them ahead of use */
		for (int k = 0; k < QUANT_Q4_K_BYTES; k += 64)
			prefetch_weights(b + k);
		quant_k4_scales(q, sc, m);
		int32_t summ = 0;
		for (int j = 0; j < 8; j++)
			summ += m[j] * (a[i].bsums[2 * j] + a[i].bsums[2 * j + 1]);
		float d = f16(b) * a[i].d;
		for (int c = 0; c < 4; c++) {
			__m256i raw = _mm256_loadu_si256((const __m256i *)(qs + 32 * c));
			__m256i lo = _mm256_and_si256(raw, m4);
			__m256i hi = _mm256_and_si256(_mm256_srli_epi16(raw, 4), m4);
			__m512i qv = _mm512_inserti64x4(_mm512_castsi256_si512(lo), hi, 1);
			/* activations 64c..64c+63: low nibbles, then high */
			__m512i xq = _mm512_loadu_si512((const void *)(a[i].qs + 64 * c));
			__m512i p = _mm512_dpbusd_epi32(_mm512_setzero_si512(), qv, xq);
			acc = _mm512_fmadd_ps(pair_ps(d * sc[2 * c], d * sc[2 * c + 1]), _mm512_cvtepi32_ps(p), acc);
		}
		corr -= f16(b + 2) * a[i].d * (float)summ;
	}
	return _mm512_reduce_add_ps(acc) + corr;
}

/* ---- one weight row against up to KERNEL_NX activation rows ----
 * For prompt batches: the weight block is unpacked once and used for every
 * row. Per activation row the operations are exactly those of the single
 * dot above, so the results are bit-identical to it. */

VNNI static inline __attribute__((always_inline)) void dotn_q8_0(int64_t n, const void *w, const void *x, size_t xs,
								   int nx, float *out)
{
	const uint8_t *b = w;
	int64_t nb = n / 32, i = 0;
	__m512 acc[KERNEL_NX];
	for (int t = 0; t < nx; t++)
		acc[t] = _mm512_setzero_ps();
	for (; i + 2 <= nb; i += 2, b += 2 * QUANT_Q8_0_BYTES) {
		__m512i wq = load2x32(b + 2, b + QUANT_Q8_0_BYTES + 2);
		__mmask64 neg = _mm512_movepi8_mask(wq);
		__m512i aw = _mm512_abs_epi8(wq);
		float d0 = f16(b), d1 = f16(b + QUANT_Q8_0_BYTES);
		for (int t = 0; t < nx; t++) {
			const struct kernel_q8 *a = (const struct kernel_q8 *)((const uint8_t *)x + (size_t)t * xs);
			__m512i xq = load2x32(a[i].qs, a[i + 1].qs);
			__m512i xsg = _mm512_mask_sub_epi8(xq, neg, _mm512_setzero_si512(), xq);
			__m512i p = _mm512_dpbusd_epi32(_mm512_setzero_si512(), aw, xsg);
			acc[t] = _mm512_fmadd_ps(pair_ps(d0 * a[i].d, d1 * a[i + 1].d), _mm512_cvtepi32_ps(p), acc[t]);
		}
	}
	for (int t = 0; t < nx; t++) {
		const struct kernel_q8 *a = (const struct kernel_q8 *)((const uint8_t *)x + (size_t)t * xs);
		out[t] = _mm512_reduce_add_ps(acc[t]);
		if (i < nb)
			out[t] += kernel_dot_q8_0_avx2(32, b, &a[i]);
	}
}

VNNI static inline __attribute__((always_inline)) void dotn_q4_0(int64_t n, const void *w, const void *x, size_t xs,
								   int nx, float *out)
{
	const uint8_t *b = w;
	int64_t nb = n / 32, i = 0;
	const __m512i eight = _mm512_set1_epi8(8);
	__m512 acc[KERNEL_NX];
	for (int t = 0; t < nx; t++)
		acc[t] = _mm512_setzero_ps();
	for (; i + 2 <= nb; i += 2, b += 2 * QUANT_Q4_0_BYTES) {
		__m512i q = _mm512_inserti64x4(_mm512_castsi256_si512(nibbles32(b + 2)),
					       nibbles32(b + QUANT_Q4_0_BYTES + 2), 1);
		float d0 = f16(b), d1 = f16(b + QUANT_Q4_0_BYTES);
		for (int t = 0; t < nx; t++) {
			const struct kernel_q8 *a = (const struct kernel_q8 *)((const uint8_t *)x + (size_t)t * xs);
			__m512i xq = load2x32(a[i].qs, a[i + 1].qs);
			__m512i p = _mm512_dpbusd_epi32(_mm512_setzero_si512(), q, xq);
			p = _mm512_sub_epi32(p, _mm512_dpbusd_epi32(_mm512_setzero_si512(), eight, xq));
			acc[t] = _mm512_fmadd_ps(pair_ps(d0 * a[i].d, d1 * a[i + 1].d), _mm512_cvtepi32_ps(p), acc[t]);
		}
	}
	for (int t = 0; t < nx; t++) {
		const struct kernel_q8 *a = (const struct kernel_q8 *)((const uint8_t *)x + (size_t)t * xs);
		out[t] = _mm512_reduce_add_ps(acc[t]);
		if (i < nb)
			out[t] += kernel_dot_q4_0_avx2(32, b, &a[i]);
	}
}

VNNI static inline __attribute__((always_inline)) void dotn_q4_k(int64_t n, const void *w, const void *x, size_t xs,
								   int nx, float *out)
{
	const uint8_t *b = w;
	const __m256i m4 = _mm256_set1_epi8(0x0F);
	__m512 acc[KERNEL_NX];
	float corr[KERNEL_NX];
	for (int t = 0; t < nx; t++) {
		acc[t] = _mm512_setzero_ps();
		corr[t] = 0;
	}
	for (int64_t i = 0; i < n / 256; i++, b += QUANT_Q4_K_BYTES) {
		const uint8_t *q = b + 4, *qs = b + 16;
		uint8_t sc[8], m[8];
		quant_k4_scales(q, sc, m);
		__m512i qv[4];
		for (int c = 0; c < 4; c++) {
			__m256i raw = _mm256_loadu_si256((const __m256i *)(qs + 32 * c));
			qv[c] = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_and_si256(raw, m4)),
						   _mm256_and_si256(_mm256_srli_epi16(raw, 4), m4), 1);
		}
		float dw = f16(b), dmin = f16(b + 2);
		for (int t = 0; t < nx; t++) {
			const struct kernel_q8k *a = (const struct kernel_q8k *)((const uint8_t *)x + (size_t)t * xs) + i;
			int32_t summ = 0;
			for (int j = 0; j < 8; j++)
				summ += m[j] * (a->bsums[2 * j] + a->bsums[2 * j + 1]);
			float d = dw * a->d;
			for (int c = 0; c < 4; c++) {
				__m512i xq = _mm512_loadu_si512((const void *)(a->qs + 64 * c));
				__m512i p = _mm512_dpbusd_epi32(_mm512_setzero_si512(), qv[c], xq);
				acc[t] = _mm512_fmadd_ps(pair_ps(d * sc[2 * c], d * sc[2 * c + 1]), _mm512_cvtepi32_ps(p),
							 acc[t]);
			}
			corr[t] -= dmin * a->d * (float)summ;
		}
	}
	for (int t = 0; t < nx; t++)
		out[t] = _mm512_reduce_add_ps(acc[t]) + corr[t];
}

VNNI void kernel_dotn_q8_0_avx512(int64_t n, const void *w, const void *x, size_t xs, int nx, float *out)
{
	/* a constant nx lets the compiler keep the accumulators in registers */
	if (nx == KERNEL_NX)
		dotn_q8_0(n, w, x, xs, KERNEL_NX, out);
	else
		dotn_q8_0(n, w, x, xs, nx, out);
}

VNNI void kernel_dotn_q4_0_avx512(int64_t n, const void *w, const void *x, size_t xs, int nx, float *out)
{
	/* a constant nx lets the compiler keep the accumulators in registers */
	if (nx == KERNEL_NX)
		dotn_q4_0(n, w, x, xs, KERNEL_NX, out);
	else
		dotn_q4_0(n, w, x, xs, nx, out);
}

VNNI void kernel_dotn_q4_k_avx512(int64_t n, const void *w, const void *x, size_t xs, int nx, float *out)
{
	/* a constant nx lets the compiler keep the accumulators in registers */
	if (nx == KERNEL_NX)
		dotn_q4_k(n, w, x, xs, KERNEL_NX, out);
	else
		dotn_q4_k(n, w, x, xs, nx, out);
}

/* ---- tiles: up to KERNEL_TR weight rows x KERNEL_NX activation rows ----
 *
 * Q8_0: the weights become unsigned bytes with xor 0x80 (u = w + 128), so
 * per block sum w x = dpbusd(u, x) - 128 * isum(x), and the block's
 * contribution is dw * dx * that. Written per 2-block step as
 *   acc[r][t] += DW[r] * (DX[t] * P[r][t] + C[t])
 * with DW = [dw0 x8 | dw1 x8], DX likewise, and C[t] holding
 * -128 * dx * isum in lanes 0 and 8 only. Each weight row is unpacked once
 * per step and each activation loaded once per step, so the work per
 * (row, token) is 4 instructions: vpdpbusd, convert and two FMAs. As in
 * every tile here, the sequence of operations for one (row, token) pair
 * does not depend on the tile's size, so any tiling gives bit-identical
 * results (prompt batches and single decode steps agree). */

VNNI static inline __m512i unpack_q8_0x2(const uint8_t *b)
{
	return _mm512_xor_si512(load2x32(b + 2, b + QUANT_Q8_0_BYTES + 2), _mm512_set1_epi8((char)0x80));
}

VNNI static inline int32_t hsum_epi32(__m256i v)
{
	__m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
	s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4E));
	s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
	return _mm_cvtsi128_si32(s);
}

/* one block past the last whole step: exact integer sum, one float multiply */
VNNI static inline float tail_q4_0(const uint8_t *b, const struct kernel_q8 *a)
{
	__m256i p = _mm256_dpbusd_epi32(_mm256_setzero_si256(), nibbles32(b + 2),
					_mm256_loadu_si256((const __m256i *)a->qs));
	return f16(b) * a->d * (float)(hsum_epi32(p) - 8 * a->isum);
}

VNNI static inline float tail_q8_0(const uint8_t *b, const struct kernel_q8 *a)
{
	__m256i wq = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(b + 2)), _mm256_set1_epi8((char)0x80));
	__m256i p = _mm256_dpbusd_epi32(_mm256_setzero_si256(), wq, _mm256_loadu_si256((const __m256i *)a->qs));
	return f16(b) * a->d * (float)(hsum_epi32(p) - 128 * a->isum);
}

VNNI static inline __attribute__((always_inline)) void tile_q8_0(int64_t n, const void *w, size_t ws, int nr,
								 const void *x, size_t xs, int nx, float *out,
								 size_t os)
{
	const uint8_t *wb = w;
	int64_t nb = n / 32, i = 0;
	__m512 acc[KERNEL_TR][KERNEL_NX];
	_Pragma("GCC unroll 4") for (int r = 0; r < nr; r++)
		_Pragma("GCC unroll 4") for (int t = 0; t < nx; t++)
			acc[r][t] = _mm512_setzero_ps();
	/* zeroed so the compiler sees them set for every nr (it cannot tell
	 * that only the first nr are read) */
	__m512i W[KERNEL_TR];
	__m512 DW[KERNEL_TR];
	for (int r = 0; r < KERNEL_TR; r++) {
		W[r] = _mm512_setzero_si512();
		DW[r] = _mm512_setzero_ps();
	}
	uintptr_t pfc[KERNEL_TR];
	for (int r = 0; r < KERNEL_TR; r++)
		pfc[r] = pf_start(wb + (size_t)r * ws);
	for (; i + 2 <= nb; i += 2) {
		_Pragma("GCC unroll 4") for (int r = 0; r < nr; r++) {
			const uint8_t *b = wb + (size_t)r * ws + (size_t)i * QUANT_Q8_0_BYTES;
			pf_advance(&pfc[r], b + 2 * QUANT_Q8_0_BYTES); /* weights stream once */
			W[r] = unpack_q8_0x2(b);
			DW[r] = pair_ps(f16(b), f16(b + QUANT_Q8_0_BYTES));
		}
		_Pragma("GCC unroll 4") for (int t = 0; t < nx; t++) {
			const struct kernel_q8 *a = (const struct kernel_q8 *)((const uint8_t *)x + (size_t)t * xs) + i;
			__m512i xq = load2x32(a[0].qs, a[1].qs);
			__m512 DX = pair_ps(a[0].d, a[1].d);
			__m512 C = _mm512_maskz_mov_ps(0x0101, pair_ps(-128.0f * a[0].d * (float)a[0].isum,
								      -128.0f * a[1].d * (float)a[1].isum));
			_Pragma("GCC unroll 4") for (int r = 0; r < nr; r++) {
				__m512i p = _mm512_dpbusd_epi32(_mm512_setzero_si512(), W[r], xq);
				__m512 in = _mm512_fmadd_ps(DX, _mm512_cvtepi32_ps(p), C);
				acc[r][t] = _mm512_fmadd_ps(DW[r], in, acc[r][t]);
			}
		}
	}
	_Pragma("GCC unroll 4") for (int r = 0; r < nr; r++)
		_Pragma("GCC unroll 4") for (int t = 0; t < nx; t++) {
			float s = _mm512_reduce_add_ps(acc[r][t]);
			if (i < nb) /* an odd last block */
				s += tail_q8_0(wb + (size_t)r * ws + (size_t)i * QUANT_Q8_0_BYTES,
						   (const struct kernel_q8 *)((const uint8_t *)x + (size_t)t * xs) + i);
			out[r * os + t] = s;
		}
}

/* Q4_0, four blocks per step against the activation's kernel_q8x4 layout.
 * A decode step is bound by the work per weight byte, so per row and step
 * (128 weights, 72 bytes) it is: four loads gathering the 64 bytes of
 * nibbles, three instructions to split them, one load and one vpermw + one
 * conversion for the four fp16 scales, and per activation row two vpdpbusd
 * (started from the activation's -8 * isum, so the zero point costs
 * nothing), a conversion, a multiply and an FMA. That is about a third of
 * the instructions of the two-block step, which the Q8_0 tile still uses
 * (Q8_0 is bound by memory, not by this). Blocks past the last whole group
 * are added one by one after the reduction, in the same order for any
 * tiling. */
VNNI static inline __attribute__((always_inline)) void tile_q4_0x4(int64_t n, const void *w, size_t ws, int nr,
								   const void *x, size_t xs, int nx, float *out,
								   size_t os)
{
	const uint8_t *wb = w;
	const int64_t nb = n / 32, ng = nb / 4;
	const size_t gbytes = 4 * QUANT_Q4_0_BYTES;
	const __m512i m4 = _mm512_set1_epi8(0x0F);
	/* the scales of the four blocks are the 16-bit words 0, 9, 18, 27 of
	 * the group's first 64 bytes; each goes to four lanes */
	const __m512i sidx = _mm512_set_epi16(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 27, 27, 27, 27, 18,
					      18, 18, 18, 9, 9, 9, 9, 0, 0, 0, 0);
	__m512 acc[KERNEL_TR][KERNEL_NX];
	_Pragma("GCC unroll 4") for (int r = 0; r < nr; r++)
		_Pragma("GCC unroll 4") for (int t = 0; t < nx; t++)
			acc[r][t] = _mm512_setzero_ps();
	__m512i L[KERNEL_TR], H[KERNEL_TR];
	__m512 DW[KERNEL_TR];
	for (int r = 0; r < KERNEL_TR; r++) { /* see tile_q8_0 */
		L[r] = H[r] = _mm512_setzero_si512();
		DW[r] = _mm512_setzero_ps();
	}
	uintptr_t pfc[KERNEL_TR];
	for (int r = 0; r < KERNEL_TR; r++)
		pfc[r] = pf_start(wb + (size_t)r * ws);
	for (int64_t g = 0; g < ng; g++) {
		_Pragma("GCC unroll 4") for (int r = 0; r < nr; r++) {
			const uint8_t *b = wb + (size_t)r * ws + (size_t)g * gbytes;
			pf_advance(&pfc[r], b + gbytes);
			__m512i v = _mm512_castsi128_si512(_mm_loadu_si128((const __m128i *)(b + 2)));
			v = _mm512_inserti32x4(v, _mm_loadu_si128((const __m128i *)(b + QUANT_Q4_0_BYTES + 2)), 1);
			v = _mm512_inserti32x4(v, _mm_loadu_si128((const __m128i *)(b + 2 * QUANT_Q4_0_BYTES + 2)), 2);
			v = _mm512_inserti32x4(v, _mm_loadu_si128((const __m128i *)(b + 3 * QUANT_Q4_0_BYTES + 2)), 3);
			L[r] = _mm512_and_si512(v, m4);
			H[r] = _mm512_and_si512(_mm512_srli_epi16(v, 4), m4);
			__m512i sc = _mm512_permutexvar_epi16(sidx, _mm512_loadu_si512((const void *)b));
			DW[r] = _mm512_cvtph_ps(_mm512_castsi512_si256(sc));
		}
		_Pragma("GCC unroll 4") for (int t = 0; t < nx; t++) {
			const struct kernel_q8x4 *a =
				(const struct kernel_q8x4 *)((const struct kernel_q8 *)((const uint8_t *)x + (size_t)t * xs) +
							     nb) + g;
			const __m512i alo = _mm512_loadu_si512((const void *)a->lo);
			const __m512i ahi = _mm512_loadu_si512((const void *)a->hi);
			const __m512 da = _mm512_loadu_ps(a->d);
			const __m512i off = _mm512_loadu_si512((const void *)a->off);
			_Pragma("GCC unroll 4") for (int r = 0; r < nr; r++) {
				__m512i p = _mm512_dpbusd_epi32(off, L[r], alo);
				p = _mm512_dpbusd_epi32(p, H[r], ahi);
				acc[r][t] = _mm512_fmadd_ps(_mm512_mul_ps(DW[r], da), _mm512_cvtepi32_ps(p), acc[r][t]);
			}
		}
	}
	_Pragma("GCC unroll 4") for (int r = 0; r < nr; r++)
		_Pragma("GCC unroll 4") for (int t = 0; t < nx; t++) {
			float s = _mm512_reduce_add_ps(acc[r][t]);
			const struct kernel_q8 *a = (const struct kernel_q8 *)((const uint8_t *)x + (size_t)t * xs);
			for (int64_t i = 4 * ng; i < nb; i++)
				s += tail_q4_0(wb + (size_t)r * ws + (size_t)i * QUANT_Q4_0_BYTES, a + i);
			out[r * os + t] = s;
		}
}

/* Constant tile sizes for the common cases let the compiler keep the
 * accumulators in registers. */
VNNI void kernel_tile_q4_0_avx512(int64_t n, const void *w, size_t ws, int nr, const void *x, size_t xs, int nx,
				  float *out, size_t os)
{
	if (nr == KERNEL_TR && nx == KERNEL_NX)
		tile_q4_0x4(n, w, ws, KERNEL_TR, x, xs, KERNEL_NX, out, os);
	else if (nr == KERNEL_TR && nx == 1)
		tile_q4_0x4(n, w, ws, KERNEL_TR, x, xs, 1, out, os);
	else
		tile_q4_0x4(n, w, ws, nr, x, xs, nx, out, os);
}

VNNI void kernel_tile_q8_0_avx512(int64_t n, const void *w, size_t ws, int nr, const void *x, size_t xs, int nx,
				  float *out, size_t os)
{
	if (nr == KERNEL_TR && nx == KERNEL_NX)
		tile_q8_0(n, w, ws, KERNEL_TR, x, xs, KERNEL_NX, out, os);
	else if (nr == KERNEL_TR && nx == 1)
		tile_q8_0(n, w, ws, KERNEL_TR, x, xs, 1, out, os);
	else
		tile_q8_0(n, w, ws, nr, x, xs, nx, out, os);
}

/* Q4_K tile: per 64-element chunk c of a super-block, sub-blocks 2c and
 * 2c+1 sit in the two halves of one register, against 64 contiguous
 * activation bytes. acc[r][t] += (DS[r] * dx[t]) * P[r][t] with DS[r] =
 * [d*sc[2c] x8 | d*sc[2c+1] x8]; the mins term -dmin * dx * sum m * bsum
 * is exact integer work per super-block, added in float at its end. */
VNNI static inline __attribute__((always_inline)) void tile_q4_k(int64_t n, const void *w, size_t ws, int nr,
								 const void *x, size_t xs, int nx, float *out,
								 size_t os)
{
	const uint8_t *wb = w;
	const __m256i m4 = _mm256_set1_epi8(0x0F);
	__m512 acc[KERNEL_TR][KERNEL_NX];
	float corr[KERNEL_TR][KERNEL_NX];
	__m512i W[KERNEL_TR];
	__m512 DS[KERNEL_TR];
	uint8_t sc[KERNEL_TR][8], mn[KERNEL_TR][8];
	_Pragma("GCC unroll 4") for (int r = 0; r < KERNEL_TR; r++)
	{
		W[r] = _mm512_setzero_si512();
		DS[r] = _mm512_setzero_ps();
		_Pragma("GCC unroll 4") for (int t = 0; t < KERNEL_NX; t++)
		{
			acc[r][t] = _mm512_setzero_ps();
			corr[r][t] = 0;
		}
	}
	for (int64_t i = 0; i < n / 256; i++) {
		for (int r = 0; r < nr; r++) {
			const uint8_t *q = wb + (size_t)r * ws + (size_t)i * QUANT_Q4_K_BYTES + 4;
			quant_k4_scales(q, sc[r], mn[r]);
		}
		/* mins: integer sums, one float multiply-add per (row, token) */
		for (int t = 0; t < nx; t++) {
			const struct kernel_q8k *a = (const struct kernel_q8k *)((const uint8_t *)x + (size_t)t * xs) + i;
			int32_t bs[8];
			for (int j = 0; j < 8; j++)
				bs[j] = a->bsums[2 * j] + a->bsums[2 * j + 1];
			for (int r = 0; r < nr; r++) {
				int32_t summ = 0;
				for (int j = 0; j < 8; j++)
					summ += mn[r][j] * bs[j];
				const uint8_t *b = wb + (size_t)r * ws + (size_t)i * QUANT_Q4_K_BYTES;
				corr[r][t] -= f16(b + 2) * a->d * (float)summ;
			}
		}
		for (int c = 0; c < 4; c++) {
			_Pragma("GCC unroll 4") for (int r = 0; r < nr; r++)
			{
				const uint8_t *b = wb + (size_t)r * ws + (size_t)i * QUANT_Q4_K_BYTES;
				__m256i raw = _mm256_loadu_si256((const __m256i *)(b + 16 + 32 * c));
				W[r] = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_and_si256(raw, m4)),
							  _mm256_and_si256(_mm256_srli_epi16(raw, 4), m4), 1);
				float d = f16(b);
				DS[r] = pair_ps(d * sc[r][2 * c], d * sc[r][2 * c + 1]);
			}
			_Pragma("GCC unroll 4") for (int t = 0; t < nx; t++)
			{
				const struct kernel_q8k *a =
					(const struct kernel_q8k *)((const uint8_t *)x + (size_t)t * xs) + i;
				__m512i xq = _mm512_loadu_si512((const void *)(a->qs + 64 * c));
				__m512 dx = _mm512_set1_ps(a->d);
				_Pragma("GCC unroll 4") for (int r = 0; r < nr; r++)
				{
					__m512i p = _mm512_dpbusd_epi32(_mm512_setzero_si512(), W[r], xq);
					acc[r][t] = _mm512_fmadd_ps(_mm512_mul_ps(DS[r], dx), _mm512_cvtepi32_ps(p), acc[r][t]);
				}
			}
		}
	}
	for (int r = 0; r < nr; r++)
		for (int t = 0; t < nx; t++)
			out[r * os + t] = _mm512_reduce_add_ps(acc[r][t]) + corr[r][t];
}

VNNI void kernel_tile_q4_k_avx512(int64_t n, const void *w, size_t ws, int nr, const void *x, size_t xs, int nx,
				  float *out, size_t os)
{
	if (nr == KERNEL_TR && nx == KERNEL_NX)
		tile_q4_k(n, w, ws, KERNEL_TR, x, xs, KERNEL_NX, out, os);
	else if (nr == KERNEL_TR && nx == 1)
		tile_q4_k(n, w, ws, KERNEL_TR, x, xs, 1, out, os);
	else
		tile_q4_k(n, w, ws, nr, x, xs, nx, out, os);
}

/* Q6_K tile. A half (128 elements) of a super-block is two registers:
 * [q1 | q2] = elements 0..63 and [q3 | q4] = 64..127 of the half, each
 * against 64 contiguous activation bytes; every 128-bit lane is one
 * 16-element sub-block with its own int8 scale, so the scale vector holds
 * four scales, each over a lane. Values are stored + 32; the - 32 comes out
 * of the activation's 16-sums as exact integer work per super-block. */
VNNI static inline __m512 q6_scales(const int8_t *sc, float d)
{
	/* sc[0..3] -> each repeated over 4 int32 lanes */
	int32_t s4;
	memcpy(&s4, sc, 4);
	__m128i b = _mm_shuffle_epi8(_mm_cvtsi32_si128(s4),
				     _mm_setr_epi8(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3));
	return _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(b)), _mm512_set1_ps(d));
}

VNNI static inline __attribute__((always_inline)) void tile_q6_k(int64_t n, const void *w, size_t ws, int nr,
								 const void *x, size_t xs, int nx, float *out,
								 size_t os)
{
	const uint8_t *wb = w;
	const __m512i m4 = _mm512_set1_epi8(0x0F), m2 = _mm512_set1_epi8(3);
	__m512 acc[KERNEL_TR][KERNEL_NX];
	float corr[KERNEL_TR][KERNEL_NX];
	__m512i W[KERNEL_TR];
	__m512 S[KERNEL_TR];
	_Pragma("GCC unroll 4") for (int r = 0; r < KERNEL_TR; r++)
	{
		W[r] = _mm512_setzero_si512();
		S[r] = _mm512_setzero_ps();
		_Pragma("GCC unroll 4") for (int t = 0; t < KERNEL_NX; t++)
		{
			acc[r][t] = _mm512_setzero_ps();
			corr[r][t] = 0;
		}
	}
	for (int64_t i = 0; i < n / 256; i++) {
		for (int t = 0; t < nx; t++) {
			const struct kernel_q8k *a = (const struct kernel_q8k *)((const uint8_t *)x + (size_t)t * xs) + i;
			for (int r = 0; r < nr; r++) {
				const uint8_t *b = wb + (size_t)r * ws + (size_t)i * QUANT_Q6_K_BYTES;
				const int8_t *sc = (const int8_t *)(b + 192);
				int32_t off = 0;
				for (int k = 0; k < 16; k++)
					off += sc[k] * a->bsums[k];
				corr[r][t] -= f16(b + 208) * a->d * (float)(32 * off);
			}
		}
		for (int step = 0; step < 4; step++) {
			int h = step >> 1, hi = step & 1;
			_Pragma("GCC unroll 4") for (int r = 0; r < nr; r++)
			{
				const uint8_t *b = wb + (size_t)r * ws + (size_t)i * QUANT_Q6_K_BYTES;
				__m512i L = _mm512_loadu_si512((const void *)(b + 64 * h));
				__m512i QH = _mm512_broadcast_i64x4(_mm256_loadu_si256((const __m256i *)(b + 128 + 32 * h)));
				QH = _mm512_mask_srli_epi16(QH, 0xFFFF0000, QH, 2); /* upper half: bits 2-3 (q2) */
				if (hi) {
					L = _mm512_srli_epi16(L, 4);
					QH = _mm512_srli_epi16(QH, 4);
				}
				W[r] = _mm512_or_si512(_mm512_and_si512(L, m4),
						       _mm512_slli_epi16(_mm512_and_si512(QH, m2), 4));
				S[r] = q6_scales((const int8_t *)(b + 192 + 8 * h + 4 * hi), f16(b + 208));
			}
			_Pragma("GCC unroll 4") for (int t = 0; t < nx; t++)
			{
				const struct kernel_q8k *a =
					(const struct kernel_q8k *)((const uint8_t *)x + (size_t)t * xs) + i;
				__m512i xq = _mm512_loadu_si512((const void *)(a->qs + 128 * h + 64 * hi));
				__m512 dx = _mm512_set1_ps(a->d);
				_Pragma("GCC unroll 4") for (int r = 0; r < nr; r++)
				{
					__m512i p = _mm512_dpbusd_epi32(_mm512_setzero_si512(), W[r], xq);
					acc[r][t] = _mm512_fmadd_ps(_mm512_mul_ps(S[r], dx), _mm512_cvtepi32_ps(p), acc[r][t]);
				}
			}
		}
	}
	for (int r = 0; r < nr; r++)
		for (int t = 0; t < nx; t++)
			out[r * os + t] = _mm512_reduce_add_ps(acc[r][t]) + corr[r][t];
}

VNNI void kernel_tile_q6_k_avx512(int64_t n, const void *w, size_t ws, int nr, const void *x, size_t xs, int nx,
				  float *out, size_t os)
{
	if (nr == KERNEL_TR && nx == KERNEL_NX)
		tile_q6_k(n, w, ws, KERNEL_TR, x, xs, KERNEL_NX, out, os);
	else
		tile_q6_k(n, w, ws, nr, x, xs, nx, out, os);
}

/* the int8 peak (kernel.h): vpdpbusd, 64 multiply-adds, on 12 independent
 * accumulators; as kernel_int8_spin_avx2 */
VNNI uint64_t kernel_int8_spin_avx512(int64_t iters)
{
	__m512i a = _mm512_set1_epi8(3), b = _mm512_set1_epi8(-5);
	__m512i acc[12];
	for (int k = 0; k < 12; k++)
		acc[k] = _mm512_set1_epi32(k);
	for (int64_t i = 0; i < iters; i++) {
		__asm__ volatile("" : "+v"(a), "+v"(b));
		_Pragma("GCC unroll 12") for (int k = 0; k < 12; k++)
			acc[k] = _mm512_dpbusd_epi32(acc[k], a, b);
	}
	__m512i s = acc[0];
	for (int k = 1; k < 12; k++)
		s = _mm512_xor_si512(s, acc[k]);
	volatile int sink = _mm_cvtsi128_si32(_mm512_castsi512_si128(s));
	(void)sink;
	return (uint64_t)iters * 12 * 64;
}
