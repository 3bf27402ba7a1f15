/*
 * test_kernel: the dot kernels and the threaded matmul.
 *  - every reference kernel equals dequantize(weights) . dequantize(activations)
 *    (so the refs agree with quant.c's block layouts), for weights quantized
 *    from random floats and for blocks of random bytes (every bit pattern);
 *  - every SIMD kernel equals its reference within float-summation noise;
 *  - kernel_matmul over a pool equals row-by-row dots, odd row counts;
 *  - the thread pool runs every index exactly once.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/kernel.h"
#include "engine/pool.h"
#include "engine/quant.h"
#include "unit.h"

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}
static float frand(void)
{
	return (float)((next() >> 11) * (1.0 / 9007199254740992.0)) * 2.0f - 1.0f;
}

static const uint32_t types[] = {
	QUANT_TYPE_F32, QUANT_TYPE_F16, QUANT_TYPE_BF16, QUANT_TYPE_Q8_0, QUANT_TYPE_Q4_0, QUANT_TYPE_Q4_1,
	QUANT_TYPE_Q5_0, QUANT_TYPE_Q5_1, QUANT_TYPE_Q4_K, QUANT_TYPE_Q5_K, QUANT_TYPE_Q6_K,
};
#define NT (sizeof(types) / sizeof(types[0]))

/* Overwrite the fp16 scale fields of random-byte blocks with sane values,
 * so random bytes do not hold NaN/Inf scales. */
static void fix_scales(uint32_t t, uint8_t *w, int64_t n)
{
	size_t bs = quant_type_size(t), nb = (size_t)(n / (int64_t)quant_block_size(t));
	uint16_t h = quant_f32_to_f16(0.01f), m = quant_f32_to_f16(-0.05f);
	for (size_t i = 0; i < nb; i++) {
		uint8_t *b = w + i * bs;
		switch (t) {
		case QUANT_TYPE_Q8_0: case QUANT_TYPE_Q4_0: case QUANT_TYPE_Q5_0:
			memcpy(b, &h, 2);
			break;
		case QUANT_TYPE_Q4_1: case QUANT_TYPE_Q5_1: case QUANT_TYPE_Q4_K: case QUANT_TYPE_Q5_K:
			memcpy(b, &h, 2);
			memcpy(b + 2, &m, 2);
			break;
		case QUANT_TYPE_Q6_K:
			memcpy(b + 208, &h, 2);
			break;
		case QUANT_TYPE_F16: case QUANT_TYPE_BF16: {
			uint16_t v = t == QUANT_TYPE_F16 ? quant_f32_to_f16(frand()) : quant_f32_to_bf16(frand());
			memcpy(b, &v, 2);
			break;
		}
		case QUANT_TYPE_F32: {
			float v = frand();
			memcpy(b, &v, 4);
			break;
		}
		}
	}
}

/* nrows weight rows of rs bytes for the gemm tests: mode 0 quantised from
 * small floats, 1 random bytes, 2 all 0xFF (the largest quants); random
 * bytes get sane scales. wf is n floats of scratch. */
static void fill_rows(uint32_t t, uint8_t *w, int nrows, uint64_t rs, int64_t n, int mode, float *wf)
{
	for (int r = 0; r < nrows; r++) {
		if (mode == 0) {
			for (int64_t i = 0; i < n; i++)
				wf[i] = frand() * 0.1f;
			quant_quant_row_ref(t, wf, w + r * rs, n);
		} else {
			for (uint64_t i = 0; i < rs; i++)
				w[r * rs + i] = mode == 1 ? (uint8_t)next() : 0xFF;
			fix_scales(t, w + r * rs, n);
		}
	}
}

/* nact quantised activations of as bytes: mode 2 alternating all +1 and
 * all -1 rows (the extremes), else random with every third value larger.
 * x is n floats of scratch. */
static void fill_acts(uint32_t t, uint8_t *act, int nact, size_t as, int64_t n, int mode, float *x)
{
	for (int k = 0; k < nact; k++) {
		for (int64_t i = 0; i < n; i++)
			x[i] = mode == 2 ? (k & 1 ? -1.0f : 1.0f) : frand() * (i % 3 ? 1.0f : 5.0f);
		kernel_quantize_act(t, x, act + (size_t)k * as, n);
	}
}

/* activation as the kernels see it, back in floats */
static void dequant_act(uint32_t t, const void *act, float *out, int64_t n)
{
	switch (kernel_act_of(t)) {
	case KERNEL_ACT_Q8: {
		const struct kernel_q8 *b = act;
		for (int64_t i = 0; i < n; i++)
			out[i] = b[i / 32].d * b[i / 32].qs[i % 32];
		break;
	}
	case KERNEL_ACT_Q8K: {
		const struct kernel_q8k *b = act;
		for (int64_t i = 0; i < n; i++)
			out[i] = b[i / 256].d * b[i / 256].qs[i % 256];
		break;
	}
	default:
		memcpy(out, act, (size_t)n * 4);
	}
}

static void test_dots(void)
{
	const int64_t ns[] = { 256, 512, 2816, 4096, 2080 };
	for (size_t ti = 0; ti < NT; ti++) {
		uint32_t t = types[ti];
		for (size_t ni = 0; ni < sizeof(ns) / sizeof(ns[0]); ni++) {
			int64_t n = ns[ni];
			if (n % kernel_act_block(t))
				continue; /* 2080: an odd number of 32-blocks, for the 2-block SIMD loops */
			for (int mode = 0; mode < 2; mode++) {
				uint64_t rs;
				quant_row_size(t, n, &rs);
				uint8_t *w = malloc(rs);
				float *x = malloc((size_t)n * 4), *wf = malloc((size_t)n * 4), *xf = malloc((size_t)n * 4);
				void *act = malloc(kernel_act_size(t, n));
				for (int64_t i = 0; i < n; i++)
					x[i] = frand() * (i % 7 == 0 ? 4.0f : 1.0f);
				if (mode == 0) {
					for (int64_t i = 0; i < n; i++)
						wf[i] = frand() * 0.1f;
					quant_quant_row_ref(t, wf, w, n);
				} else {
					for (uint64_t i = 0; i < rs; i++)
						w[i] = (uint8_t)next();
					fix_scales(t, w, n);
				}
				kernel_quantize_act(t, x, act, n);
				quant_dequant_row_ref(t, w, wf, n);
				dequant_act(t, act, xf, n);
				double exact = 0, mag = 0;
				for (int64_t i = 0; i < n; i++) {
					exact += (double)wf[i] * xf[i];
					mag += fabs((double)wf[i] * xf[i]);
				}
				float ref = kernel_dot_isa(t, KERNEL_ISA_REF)(n, w, act);
				CHECK_MSG(fabs(ref - exact) <= 1e-5 * mag + 1e-6, "%s n=%lld mode %d ref %g exact %g",
					  quant_type_name(t), (long long)n, mode, ref, exact);
				for (enum kernel_isa isa = KERNEL_ISA_AVX2; isa <= KERNEL_ISA_AVX512; isa++) {
					if (!kernel_isa_available(isa))
						continue;
					float v = kernel_dot_isa(t, isa)(n, w, act);
					CHECK_MSG(fabs(v - ref) <= 1e-5 * mag + 1e-6, "%s n=%lld mode %d %s %g ref %g",
						  quant_type_name(t), (long long)n, mode, kernel_isa_name(isa), v, ref);
				}
				free(w);
				free(x);
				free(wf);
				free(xf);
				free(act);
			}
		}
	}
	/* f32/f16/bf16 with lengths that leave a scalar tail */
	if (kernel_isa_available(KERNEL_ISA_AVX2)) {
		for (int t = 0; t < 3; t++) {
			int64_t n = 37;
			float x[37];
			uint8_t w[37 * 4];
			for (int i = 0; i < 37; i++)
				x[i] = frand();
			for (int64_t i = 0; i < n; i++)
				fix_scales(types[t], w + i * quant_type_size(types[t]), 1);
			float r = kernel_dot_isa(types[t], KERNEL_ISA_REF)(n, w, x);
			float v = kernel_dot_isa(types[t], KERNEL_ISA_AVX2)(n, w, x);
			CHECK_NEAR(v, r, 1e-5);
		}
	}
}

struct count {
	int hits[64];
};
static void count_fn(void *arg, int ith, int nth)
{
	struct count *c = arg;
	if (ith < 64 && nth <= 64)
		__atomic_fetch_add(&c->hits[ith], 1, __ATOMIC_RELAXED);
}

static void test_pool_matmul(void)
{
	char err[128];
	struct pool *p = NULL;
	CHECK(pool_new(3, &p, err, sizeof(err)) == 0);
	CHECK_EQ_INT(pool_size(p), 3);
	/* the caller runs every job; a worker joins a job at most once */
	struct count c = { { 0 } };
	for (int r = 0; r < 100; r++)
		pool_run(p, count_fn, &c);
	CHECK_EQ_INT(c.hits[0], 100);
	CHECK(c.hits[1] <= 100 && c.hits[2] <= 100);

	/* a batch, and single decode steps, over several chunks per thread's
	 * run of rows */
	static const int64_t shapes[][2] = { { 37, 3 }, { 203, 1 }, { 203, 3 } };
	for (size_t si = 0; si < sizeof shapes / sizeof shapes[0]; si++)
	for (size_t ti = 0; ti < NT; ti++) {
		uint32_t t = types[ti];
		int64_t rows = shapes[si][0], cols = 512, nx = shapes[si][1];
		uint64_t rs;
		quant_row_size(t, cols, &rs);
		uint8_t *w = malloc(rs * (size_t)rows);
		float *wf = malloc((size_t)cols * 4), *x = malloc((size_t)(cols * nx) * 4);
		float *y = malloc((size_t)(rows * nx) * 4);
		void *act = malloc(kernel_act_size(t, cols) * (size_t)nx);
		void *a1 = malloc(kernel_act_size(t, cols));
		for (int64_t r = 0; r < rows; r++) {
			for (int64_t i = 0; i < cols; i++)
				wf[i] = frand() * 0.05f;
			quant_quant_row_ref(t, wf, w + r * rs, cols);
		}
		for (int64_t i = 0; i < cols * nx; i++)
			x[i] = frand();
		kernel_matmul(p, t, w, rows, cols, x, nx, y, act);
		int bad = 0;
		for (int64_t k = 0; k < nx; k++) {
			kernel_quantize_act(t, x + k * cols, a1, cols);
			for (int64_t r = 0; r < rows; r++) {
				/* exact where the matmul uses the dot kernel, float noise
				 * where it uses a tile kernel */
				float want = kernel_dot_for(t)(cols, w + r * rs, a1);
				float got = y[k * rows + r];
				if (kernel_tile_for(t) ? fabsf(got - want) > 1e-4f * (1 + fabsf(want)) : got != want)
					bad++;
			}
		}
		CHECK_MSG(bad == 0, "%s matmul %lldx%lld, %lld rows of activations: %d mismatches", quant_type_name(t),
			  (long long)rows, (long long)cols, (long long)nx, bad);
		free(w);
		free(wf);
		free(x);
		free(y);
		free(act);
		free(a1);
	}
	pool_free(p);
}

/* multi-row kernels equal the single kernel of their ISA, exactly */
static void test_dotn(void)
{
	for (enum kernel_isa isa = KERNEL_ISA_REF; isa <= KERNEL_ISA_AVX512; isa++) {
		if (!kernel_isa_available(isa))
			continue;
		for (size_t ti = 0; ti < NT; ti++) {
			uint32_t t = types[ti];
			kernel_dotn_fn fn = kernel_dotn_isa(t, isa);
			if (!fn)
				continue;
			for (int64_t n = 256; n <= 2304; n += 1024 + 32 * (kernel_act_block(t) == 32)) {
				if (n % kernel_act_block(t))
					continue;
				uint64_t rs;
				quant_row_size(t, n, &rs);
				size_t as = kernel_act_size(t, n);
				uint8_t *w = malloc(rs), *act = malloc(as * KERNEL_NX);
				float *x = malloc((size_t)n * 4), *wf = malloc((size_t)n * 4);
				for (int64_t i = 0; i < n; i++)
					wf[i] = frand() * 0.1f;
				quant_quant_row_ref(t, wf, w, n);
				for (int k = 0; k < KERNEL_NX; k++) {
					for (int64_t i = 0; i < n; i++)
						x[i] = frand();
					kernel_quantize_act(t, x, act + k * as, n);
				}
				for (int nx = 1; nx <= KERNEL_NX; nx++) {
					float out[KERNEL_NX];
					fn(n, w, act, as, nx, out);
					int same = 1;
					for (int k = 0; k < nx; k++)
						same &= out[k] == kernel_dot_isa(t, isa)(n, w, act + k * as);
					CHECK_MSG(same, "%s %s n=%lld nx=%d: multi-row differs", kernel_isa_name(isa),
						  quant_type_name(t), (long long)n, nx);
				}
				free(w);
				free(act);
				free(x);
				free(wf);
			}
		}
	}
}

/* tile kernels: close to the reference, and each (row, activation) result
 * the same whatever the tile's shape */
static void test_tile(void)
{
	for (enum kernel_isa isa = KERNEL_ISA_REF; isa <= KERNEL_ISA_AVX512; isa++) {
		if (!kernel_isa_available(isa))
			continue;
		for (size_t ti = 0; ti < NT; ti++) {
			uint32_t t = types[ti];
			kernel_tile_fn fn = kernel_tile_isa(t, isa);
			if (!fn)
				continue;
			for (int64_t n = 32; n <= 4096; n = n * 2 + 32 * (n < 256)) {
				if (n % kernel_act_block(t))
					continue;
				uint64_t rs;
				quant_row_size(t, n, &rs);
				size_t as = kernel_act_size(t, n);
				uint8_t *w = malloc(rs * KERNEL_TR), *act = malloc(as * KERNEL_NX);
				float *x = malloc((size_t)n * 4), *wf = malloc((size_t)n * 4), *xf = malloc((size_t)n * 4);
				float *wq = malloc((size_t)n * 4);
				double exact[KERNEL_TR][KERNEL_NX], mag[KERNEL_TR][KERNEL_NX];
				for (int r = 0; r < KERNEL_TR; r++) {
					for (int64_t i = 0; i < n; i++)
						wf[i] = frand() * 0.1f;
					if (r == 1) /* extreme weights too: -128 / 127 in Q8_0 */
						for (int64_t i = 0; i < n; i += 5)
							wf[i] = i % 10 ? 0.3f : -0.3f;
					quant_quant_row_ref(t, wf, w + r * rs, n);
				}
				for (int k = 0; k < KERNEL_NX; k++) {
					for (int64_t i = 0; i < n; i++)
						x[i] = frand() * (i % 3 ? 1.0f : 5.0f);
					kernel_quantize_act(t, x, act + k * as, n);
				}
				for (int r = 0; r < KERNEL_TR; r++) {
					quant_dequant_row_ref(t, w + r * rs, wq, n);
					for (int k = 0; k < KERNEL_NX; k++) {
						dequant_act(t, act + k * as, xf, n);
						exact[r][k] = mag[r][k] = 0;
						for (int64_t i = 0; i < n; i++) {
							exact[r][k] += (double)wq[i] * xf[i];
							mag[r][k] += fabs((double)wq[i] * xf[i]);
						}
					}
				}
				float full[KERNEL_TR * KERNEL_NX];
				fn(n, w, rs, KERNEL_TR, act, as, KERNEL_NX, full, KERNEL_NX);
				int close = 1, same = 1;
				for (int r = 0; r < KERNEL_TR; r++)
					for (int k = 0; k < KERNEL_NX; k++) {
						close &= fabs(full[r * KERNEL_NX + k] - exact[r][k]) <= 1e-5 * mag[r][k] + 1e-6;
						for (int nr = 1; nr <= KERNEL_TR - r; nr++)
							for (int nx = 1; nx <= KERNEL_NX - k; nx++) {
								float o[KERNEL_TR * KERNEL_NX];
								fn(n, w + r * rs, rs, nr, act + k * as, as, nx, o, KERNEL_NX);
								same &= o[0] == full[r * KERNEL_NX + k];
							}
					}
				CHECK_MSG(close, "%s %s tile n=%lld: far from the exact sum", kernel_isa_name(isa),
					  quant_type_name(t), (long long)n);
				CHECK_MSG(same, "%s %s tile n=%lld: depends on the tile shape", kernel_isa_name(isa),
					  quant_type_name(t), (long long)n);
				free(w);
				free(act);
				free(x);
				free(wf);
				free(xf);
				free(wq);
			}
		}
	}
}

/* eight-row groups (kernel_repack_rows + the x8 kernels): every
 * (row, activation) result within float-summation noise of the exact sum
 * of the dequantized values (tolerance 1e-5 of the sum of magnitudes, as
 * the dots), the same bits for every nx, and kernel_matmul_packed equal to
 * that for row counts with a tail past the last group (rows of the tail go
 * through the unpacked kernels). Weights: quantized random floats, random
 * bytes (every bit pattern), and all-ones quants against +-127 activations
 * (the largest 16-bit sums the kernels keep). */
static void test_x8(void)
{
	static const uint32_t xt[] = { QUANT_TYPE_Q4_0, QUANT_TYPE_Q8_0, QUANT_TYPE_Q4_K, QUANT_TYPE_Q5_K,
				       QUANT_TYPE_Q6_K };
	for (enum kernel_isa isa = KERNEL_ISA_AVX2; isa <= KERNEL_ISA_AVX512; isa++) {
		if (!kernel_isa_available(isa))
			continue;
		kernel_set_isa(isa);
		for (size_t ti = 0; ti < sizeof xt / sizeof xt[0]; ti++) {
			uint32_t t = xt[ti];
			kernel_x8_fn fn = kernel_x8_for(t);
			if (!fn)
				continue;
			static const int64_t ns[] = { 32, 96, 256, 768, 2816 };
			for (size_t ni = 0; ni < sizeof ns / sizeof ns[0]; ni++)
			for (int mode = 0; mode < 3; mode++) {
				int64_t n = ns[ni], rows = 8;
				if (n % kernel_act_block(t))
					continue;
				uint64_t rs;
				quant_row_size(t, n, &rs);
				size_t as = kernel_act_size(t, n);
				uint8_t *w = malloc(rs * 8), *act = malloc(as * KERNEL_NX);
				float *x = malloc((size_t)n * 4), *wf = malloc((size_t)n * 4), *xf = malloc((size_t)n * 4);
				CHECK(kernel_repack_size(t, rows, n) == rs * 8);
				uint8_t *pk = malloc(rs * 8);
				fill_rows(t, w, 8, rs, n, mode, wf);
				for (int k = 0; k < KERNEL_NX; k++) {
					for (int64_t i = 0; i < n; i++)
						x[i] = mode == 2 ? (k & 1 ? -1.0f : 1.0f) : frand() * (i % 3 ? 1.0f : 5.0f);
					kernel_quantize_act(t, x, act + k * as, n);
				}
				kernel_repack_rows(t, w, n, 0, 8, pk);
				float full[8 * KERNEL_NX];
				fn(n, pk, act, as, KERNEL_NX, full, KERNEL_NX);
				int close = 1, same = 1;
				for (int r = 0; r < 8; r++) {
					quant_dequant_row_ref(t, w + r * rs, wf, n);
					for (int k = 0; k < KERNEL_NX; k++) {
						dequant_act(t, act + k * as, xf, n);
						double exact = 0, mag = 0;
						for (int64_t i = 0; i < n; i++) {
							exact += (double)wf[i] * xf[i];
							mag += fabs((double)wf[i] * xf[i]);
						}
						int ok = fabs(full[r * KERNEL_NX + k] - exact) <= 1e-5 * mag + 1e-6;
						if (!ok && close)
							fprintf(stderr, "x8 %s n=%lld mode %d row %d act %d: %g exact %g\n",
								quant_type_name(t), (long long)n, mode, r, k,
								full[r * KERNEL_NX + k], exact);
						close &= ok;
					}
				}
				for (int nx = 1; nx <= KERNEL_NX; nx++)
					for (int k = 0; k + nx <= KERNEL_NX; k++) {
						float o[8 * KERNEL_NX];
						fn(n, pk, act + k * as, as, nx, o, KERNEL_NX);
						for (int r = 0; r < 8; r++)
							for (int q = 0; q < nx; q++)
								same &= o[r * KERNEL_NX + q] == full[r * KERNEL_NX + k + q];
					}
				CHECK_MSG(close, "%s x8 %s n=%lld mode %d: far from the exact sum", kernel_isa_name(isa),
					  quant_type_name(t), (long long)n, mode);
				CHECK_MSG(same, "%s x8 %s n=%lld mode %d: depends on nx", kernel_isa_name(isa),
					  quant_type_name(t), (long long)n, mode);
				free(w);
				free(act);
				free(x);
				free(wf);
				free(xf);
				free(pk);
			}
			/* the matmul: groups, a tail, batches longer than KERNEL_NX */
			char err[128];
			struct pool *p = NULL;
			CHECK(pool_new(2, &p, err, sizeof err) == 0);
			static const int64_t shapes[][2] = { { 37, 1 }, { 37, 6 }, { 203, 3 }, { 8, 2 }, { 5, 2 } };
			for (size_t si = 0; si < sizeof shapes / sizeof shapes[0]; si++) {
				int64_t rows = shapes[si][0], cols = 512, nx = shapes[si][1];
				uint64_t rs;
				quant_row_size(t, cols, &rs);
				uint8_t *w = malloc(rs * (size_t)rows);
				float *wf = malloc((size_t)cols * 4), *x = malloc((size_t)(cols * nx) * 4);
				float *y = malloc((size_t)(rows * nx) * 4);
				void *act = malloc(kernel_act_size(t, cols) * (size_t)nx), *a1 = malloc(kernel_act_size(t, cols));
				for (int64_t r = 0; r < rows; r++) {
					for (int64_t i = 0; i < cols; i++)
						wf[i] = frand() * 0.05f;
					quant_quant_row_ref(t, wf, w + r * rs, cols);
				}
				for (int64_t i = 0; i < cols * nx; i++)
					x[i] = frand();
				size_t psz = kernel_repack_size(t, rows, cols);
				CHECK(psz == (size_t)(rows / 8 * 8) * rs);
				uint8_t *pk = malloc(psz ? psz : 1);
				kernel_repack_rows(t, w, cols, 0, rows / 8 * 8, pk);
				kernel_matmul_packed(p, t, w, psz ? pk : NULL, rows, cols, x, nx, y, act);
				int bad = 0;
				for (int64_t k = 0; k < nx; k++) {
					kernel_quantize_act(t, x + k * cols, a1, cols);
					for (int64_t r = 0; r < rows; r++) {
						float want = kernel_dot_isa(t, KERNEL_ISA_REF)(cols, w + r * rs, a1);
						if (fabsf(y[k * rows + r] - want) > 1e-4f * (1 + fabsf(want)))
							bad++;
					}
				}
				CHECK_MSG(bad == 0, "%s packed matmul %s %lldx%lld, %lld activations: %d mismatches",
					  kernel_isa_name(isa), quant_type_name(t), (long long)rows, (long long)cols,
					  (long long)nx, bad);
				/* batched decoding's matmul: one activation alone gives
				 * the bits it gets among nx (tail rows included) */
				float *yi = malloc((size_t)(rows * nx) * 4), *y1 = malloc((size_t)rows * 4);
				kernel_matmul_invariant(p, t, w, psz ? pk : NULL, rows, cols, x, nx, yi, act);
				int diff = 0;
				for (int64_t k = 0; k < nx; k++) {
					kernel_matmul_invariant(p, t, w, psz ? pk : NULL, rows, cols, x + k * cols, 1, y1, act);
					diff += memcmp(y1, yi + k * rows, (size_t)rows * 4) != 0;
				}
				CHECK_MSG(diff == 0, "%s invariant matmul %s %lldx%lld: %d of %lld activations differ alone",
					  kernel_isa_name(isa), quant_type_name(t), (long long)rows, (long long)cols, diff,
					  (long long)nx);
				free(yi);
				free(y1);
				free(w);
				free(wf);
				free(x);
				free(y);
				free(act);
				free(a1);
				free(pk);
			}
			pool_free(p);
		}
	}
	kernel_set_isa(KERNEL_ISA_AUTO);
	/* nothing to repack: too few rows, no kernel, or switched off */
	CHECK(kernel_repack_size(QUANT_TYPE_Q4_0, 7, 256) == 0);
	CHECK(kernel_repack_size(QUANT_TYPE_F32, 64, 256) == 0);
	kernel_set_isa(KERNEL_ISA_REF);
	CHECK(kernel_repack_size(QUANT_TYPE_Q4_K, 64, 256) == 0);
	kernel_set_isa(KERNEL_ISA_AUTO);
	if (kernel_x8_for(QUANT_TYPE_Q4_K)) {
		setenv("LLM_ENGINE_REPACK", "0", 1);
		CHECK(kernel_repack_size(QUANT_TYPE_Q4_K, 64, 256) == 0);
		unsetenv("LLM_ENGINE_REPACK");
		CHECK(kernel_repack_size(QUANT_TYPE_Q4_K, 64, 256) == 64 * QUANT_Q4_K_BYTES);
	}
}

/* gemm8 kernels: for every type with an x8 kernel, over sizes with one
 * and several blocks, random and extreme weights (as test_x8), and every
 * nx from 1 to KERNEL_GEMM_NX (tails of the kernels' four-row steps
 * included), each (row, activation) result bit-identical to the x8
 * kernel's, whatever the activation's place in the run; and the matmul of
 * a 75-token prompt (two gemm8 calls per group, 64 + 11) bit-identical
 * row by row to single-activation matmuls (kernel_matmul_invariant). */
static void test_gemm8(void)
{
	static const uint32_t xt[] = { QUANT_TYPE_Q4_0, QUANT_TYPE_Q8_0, QUANT_TYPE_Q4_K, QUANT_TYPE_Q5_K,
				       QUANT_TYPE_Q6_K };
	int any = 0;
	for (enum kernel_isa isa = KERNEL_ISA_AVX2; isa <= KERNEL_ISA_AVX512; isa++) {
		if (!kernel_isa_available(isa))
			continue;
		kernel_set_isa(isa);
		for (size_t ti = 0; ti < sizeof xt / sizeof xt[0]; ti++) {
			uint32_t t = xt[ti];
			kernel_x8_fn x8 = kernel_x8_for(t);
			kernel_gemm8_fn g8 = kernel_gemm8_for(t);
			CHECK_MSG(!x8 == !g8, "%s %s: a gemm8 kernel beside every x8 kernel", kernel_isa_name(isa),
				  quant_type_name(t));
			if (!x8 || !g8)
				continue;
			any = 1;
			static const int64_t ns[] = { 256, 768 };
			for (size_t ni = 0; ni < sizeof ns / sizeof ns[0]; ni++)
			for (int mode = 0; mode < 3; mode++) {
				int64_t n = ns[ni];
				const int nact = KERNEL_GEMM_NX + 3;
				uint64_t rs;
				quant_row_size(t, n, &rs);
				size_t as = kernel_act_size(t, n);
				uint8_t *w = malloc(rs * 8), *pk = malloc(rs * 8), *act = malloc(as * (size_t)nact);
				float *x = malloc((size_t)n * 4), *wf = malloc((size_t)n * 4);
				float *want = malloc(sizeof(float) * 8 * (size_t)nact), *got = malloc(sizeof(float) * 8 * (size_t)nact);
				fill_rows(t, w, 8, rs, n, mode, wf);
				fill_acts(t, act, nact, as, n, mode, x);
				kernel_repack_rows(t, w, n, 0, 8, pk);
				/* the x8 kernel one activation at a time: the truth here */
				for (int k = 0; k < nact; k++) {
					float o[8 * KERNEL_NX];
					x8(n, pk, act + (size_t)k * as, as, 1, o, KERNEL_NX);
					for (int r = 0; r < 8; r++)
						want[r * nact + k] = o[r * KERNEL_NX];
				}
				int same = 1;
				for (int nx = 1; nx <= KERNEL_GEMM_NX; nx++) {
					int k0 = nx % 4; /* runs starting at different places */
					memset(got, 0, sizeof(float) * 8 * (size_t)nact);
					g8(n, pk, act + (size_t)k0 * as, as, nx, got, (size_t)nact, 1);
					for (int r = 0; r < 8; r++)
						for (int q = 0; q < nx; q++)
							same &= memcmp(&got[r * nact + q], &want[r * nact + k0 + q], 4) == 0;
				}
				/* the other layout: activation-major, as the matmul stores it */
				g8(n, pk, act, as, KERNEL_GEMM_NX, got, 1, 8);
				for (int q = 0; q < KERNEL_GEMM_NX; q++)
					for (int r = 0; r < 8; r++)
						same &= memcmp(&got[q * 8 + r], &want[r * nact + q], 4) == 0;
				CHECK_MSG(same, "%s gemm8 %s n=%lld mode %d: differs from the x8 kernel", kernel_isa_name(isa),
					  quant_type_name(t), (long long)n, mode);
				free(w);
				free(pk);
				free(act);
				free(x);
				free(wf);
				free(want);
				free(got);
			}
			/* a prompt's matmul: groups, a tail of rows, 75 activations */
			char err[128];
			struct pool *p = NULL;
			CHECK(pool_new(2, &p, err, sizeof err) == 0);
			int64_t rows = 43, cols = 512, nx = 75;
			uint64_t rs;
			quant_row_size(t, cols, &rs);
			uint8_t *w = malloc(rs * (size_t)rows);
			float *wf = malloc((size_t)cols * 4), *x = malloc((size_t)(cols * nx) * 4);
			float *y = malloc((size_t)(rows * nx) * 4), *y1 = malloc((size_t)rows * 4);
			void *act = malloc(kernel_act_size(t, cols) * (size_t)nx);
			for (int64_t r = 0; r < rows; r++) {
				for (int64_t i = 0; i < cols; i++)
					wf[i] = frand() * 0.05f;
				quant_quant_row_ref(t, wf, w + r * rs, cols);
			}
			for (int64_t i = 0; i < cols * nx; i++)
				x[i] = frand();
			size_t psz = kernel_repack_size(t, rows, cols);
			uint8_t *pk = malloc(psz ? psz : 1);
			kernel_repack_rows(t, w, cols, 0, rows / 8 * 8, pk);
			kernel_matmul_invariant(p, t, w, psz ? pk : NULL, rows, cols, x, nx, y, act);
			int diff = 0, far = 0;
			for (int64_t k = 0; k < nx; k++) {
				kernel_matmul_invariant(p, t, w, psz ? pk : NULL, rows, cols, x + k * cols, 1, y1, act);
				diff += memcmp(y1, y + k * rows, (size_t)rows * 4) != 0;
				kernel_quantize_act(t, x + k * cols, act, cols);
				for (int64_t r = 0; r < rows; r++) {
					float ref = kernel_dot_isa(t, KERNEL_ISA_REF)(cols, w + r * rs, act);
					far += fabsf(y[k * rows + r] - ref) > 1e-4f * (1 + fabsf(ref));
				}
			}
			CHECK_MSG(diff == 0, "%s gemm8 matmul %s: %d of %lld activations differ alone", kernel_isa_name(isa),
				  quant_type_name(t), diff, (long long)nx);
			CHECK_MSG(far == 0, "%s gemm8 matmul %s: %d results far from the reference", kernel_isa_name(isa),
				  quant_type_name(t), far);
			free(w);
			free(wf);
			free(x);
			free(y);
			free(y1);
			free(act);
			free(pk);
			pool_free(p);
		}
	}
	kernel_set_isa(KERNEL_ISA_AUTO);
	kernel_set_isa(KERNEL_ISA_REF);
	CHECK(kernel_gemm8_for(QUANT_TYPE_Q4_K) == NULL);
	kernel_set_isa(KERNEL_ISA_AUTO);
	(void)any;
}

/* gemm16 kernels: two groups at once (the second gs bytes on, with a gap
 * between them here), every nx from 1 to KERNEL_GEMM_NX at shifted
 * starts and both output layouts, each (row, activation) bit-identical to
 * the gemm8 kernel on each group alone (test_gemm8 ties that to x8); the
 * matmuls of test_gemm8 (43 rows: two gemm16 chunks, a gemm8 group and a
 * tail) run through it too. */
static void test_gemm16(void)
{
	static const uint32_t xt[] = { QUANT_TYPE_Q4_0, QUANT_TYPE_Q8_0, QUANT_TYPE_Q4_K, QUANT_TYPE_Q5_K,
				       QUANT_TYPE_Q6_K };
	for (enum kernel_isa isa = KERNEL_ISA_AVX2; isa <= KERNEL_ISA_AVX512; isa++) {
		if (!kernel_isa_available(isa))
			continue;
		kernel_set_isa(isa);
		for (size_t ti = 0; ti < sizeof xt / sizeof xt[0]; ti++) {
			uint32_t t = xt[ti];
			kernel_gemm8_fn g8 = kernel_gemm8_for(t);
			kernel_gemm16_fn g16 = kernel_gemm16_for(t);
			CHECK_MSG(!g16 || g8, "%s %s: a gemm16 kernel without gemm8", kernel_isa_name(isa), quant_type_name(t));
			if (!g16 || !g8)
				continue;
			static const int64_t ns[] = { 256, 768 };
			for (size_t ni = 0; ni < sizeof ns / sizeof ns[0]; ni++)
			for (int mode = 0; mode < 3; mode++) {
				int64_t n = ns[ni];
				const int nact = KERNEL_GEMM_NX + 3;
				uint64_t rs;
				quant_row_size(t, n, &rs);
				size_t as = kernel_act_size(t, n), gs = 8 * rs + 96; /* a gap between the groups */
				uint8_t *w = malloc(rs * 16), *pk = malloc(2 * gs), *act = malloc(as * (size_t)nact);
				float *x = malloc((size_t)n * 4), *wf = malloc((size_t)n * 4);
				float *want = malloc(sizeof(float) * 16 * (size_t)nact), *got = malloc(sizeof(float) * 16 * (size_t)nact);
				fill_rows(t, w, 16, rs, n, mode, wf);
				fill_acts(t, act, nact, as, n, mode, x);
				memset(pk, 0xA5, 2 * gs);
				kernel_repack_rows(t, w, n, 0, 8, pk);
				kernel_repack_rows(t, w + 8 * rs, n, 0, 8, pk + gs);
				/* gemm8 on each group: the truth here */
				g8(n, pk, act, as, nact < KERNEL_GEMM_NX ? nact : KERNEL_GEMM_NX, want, (size_t)nact, 1);
				g8(n, pk, act + (size_t)KERNEL_GEMM_NX * as, as, nact - KERNEL_GEMM_NX, want + KERNEL_GEMM_NX,
				   (size_t)nact, 1);
				g8(n, pk + gs, act, as, KERNEL_GEMM_NX, want + 8 * nact, (size_t)nact, 1);
				g8(n, pk + gs, act + (size_t)KERNEL_GEMM_NX * as, as, nact - KERNEL_GEMM_NX,
				   want + 8 * nact + KERNEL_GEMM_NX, (size_t)nact, 1);
				int same = 1;
				for (int nx = 1; nx <= KERNEL_GEMM_NX; nx++) {
					int k0 = nx % 4;
					memset(got, 0, sizeof(float) * 16 * (size_t)nact);
					g16(n, pk, gs, act + (size_t)k0 * as, as, nx, got, (size_t)nact, 1);
					for (int r = 0; r < 16; r++)
						for (int q = 0; q < nx; q++)
							same &= memcmp(&got[r * nact + q], &want[r * nact + k0 + q], 4) == 0;
				}
				g16(n, pk, gs, act, as, KERNEL_GEMM_NX, got, 1, 16);
				for (int q = 0; q < KERNEL_GEMM_NX; q++)
					for (int r = 0; r < 16; r++)
						same &= memcmp(&got[q * 16 + r], &want[r * nact + q], 4) == 0;
				CHECK_MSG(same, "%s gemm16 %s n=%lld mode %d: differs from the gemm8 kernel", kernel_isa_name(isa),
					  quant_type_name(t), (long long)n, mode);
				free(w);
				free(pk);
				free(act);
				free(x);
				free(wf);
				free(want);
				free(got);
			}
		}
	}
	kernel_set_isa(KERNEL_ISA_REF);
	CHECK(kernel_gemm16_for(QUANT_TYPE_Q4_0) == NULL);
	if (kernel_set_isa(KERNEL_ISA_AVX2) == KERNEL_ISA_AVX2)
		CHECK(kernel_gemm16_for(QUANT_TYPE_Q4_0) != NULL);
	kernel_set_isa(KERNEL_ISA_AUTO);
}

/* attention's float loops: the SIMD axpy and exp-sum against the
 * reference (expf) within 1e-6 relative per element, tails of every
 * length, scores far below the maximum (0 under exp(-87)) and -inf */
static void test_attn_loops(void)
{
	for (enum kernel_isa isa = KERNEL_ISA_AVX2; isa <= KERNEL_ISA_AVX512; isa++) {
		if (!kernel_isa_available(isa))
			continue;
		kernel_axpy_fn ax = kernel_axpy_isa(isa);
		kernel_expsum_fn ex = kernel_expsum_isa(isa);
		static const int64_t ns[] = { 1, 7, 8, 9, 63, 64, 65, 513 };
		for (size_t ni = 0; ni < sizeof ns / sizeof ns[0]; ni++) {
			int64_t n = ns[ni];
			float *x = malloc((size_t)n * 4), *y0 = malloc((size_t)n * 4), *y1 = malloc((size_t)n * 4);
			float *e0 = malloc((size_t)n * 4), *e1 = malloc((size_t)n * 4);
			for (int64_t i = 0; i < n; i++) {
				x[i] = frand();
				y0[i] = y1[i] = frand();
				e0[i] = frand() * 30.0f;
				if (i % 11 == 3)
					e0[i] = -200.0f; /* exp underflows */
				if (i % 13 == 5)
					e0[i] = -INFINITY;
				e1[i] = e0[i];
			}
			float mx = -INFINITY;
			for (int64_t i = 0; i < n; i++)
				mx = e0[i] > mx ? e0[i] : mx;
			float *yi = malloc((size_t)n * 4);
			memcpy(yi, y0, (size_t)n * 4);
			kernel_axpy_f32_ref(n, 0.37f, x, y0);
			ax(n, 0.37f, x, y1);
			float s0 = kernel_expsum_f32_ref(n, e0, mx), s1 = ex(n, e1, mx);
			int ok = 1;
			for (int64_t i = 0; i < n; i++) {
				/* one rounding apart (FMA or not): relative to the terms */
				if (!(fabsf(y1[i] - y0[i]) <= 1e-6f * (fabsf(yi[i]) + fabsf(0.37f * x[i]))) ||
				    !(fabsf(e1[i] - e0[i]) <= 1e-6f * e0[i] + 1e-37f)) {
					fprintf(stderr, "n=%lld i=%lld axpy %g/%g exp %g/%g\n", (long long)n, (long long)i, y1[i],
						y0[i], e1[i], e0[i]);
					ok = 0;
				}
			}
			if (!(fabsf(s1 - s0) <= 1e-6f * s0)) {
				fprintf(stderr, "n=%lld sum %g/%g\n", (long long)n, s1, s0);
				ok = 0;
			}
			CHECK_MSG(ok, "%s attention loops n=%lld: axpy or exp-sum differ from the reference", kernel_isa_name(isa),
				  (long long)n);
			free(x);
			free(y0);
			free(y1);
			free(e0);
			free(e1);
			free(yi);
		}
		/* the polynomial over the whole range it serves, element by element */
		float v[8], w[8];
		double worst = 0;
		for (int i = 0; i + 8 <= 87000; i += 8) {
			for (int k = 0; k < 8; k++)
				v[k] = w[k] = -(float)(i + k) / 1000.0f;
			ex(8, v, 0.0f);
			for (int k = 0; k < 8; k++) {
				double want = exp((double)w[k]), rel = fabs(v[k] - want) / want;
				worst = rel > worst ? rel : worst;
			}
		}
		CHECK_MSG(worst < 3e-7, "%s exp: worst relative error %g", kernel_isa_name(isa), worst);
	}
}

/* the activation quantizer rounds to nearest, ties to even, like
 * nearbyintf (it adds and takes away 1.5 * 2^23 instead of calling it),
 * and its Q4_0 layout repeats the blocks four at a time */
static void test_quantize_act(void)
{
	float x[256];
	x[0] = 127.0f; /* so the scale is exactly 1 */
	for (int i = 1; i < 256; i++)
		x[i] = (float)((i * 37) % 253 - 126) + (i % 3 == 0 ? 0.5f : i % 3 == 1 ? -0.5f : 0.25f);
	x[1] = 2.5f, x[2] = 3.5f, x[3] = -2.5f, x[4] = -3.5f, x[5] = 126.5f, x[6] = -126.5f, x[7] = 0.5f, x[8] = -0.5f;
	x[32] = x[64] = x[96] = x[128] = x[160] = x[192] = x[224] = 127.0f;
	uint8_t *act = malloc(kernel_act_size(QUANT_TYPE_Q4_0, 256));
	kernel_quantize_act(QUANT_TYPE_Q4_0, x, act, 256);
	const struct kernel_q8 *b = (const struct kernel_q8 *)act;
	int same = 1;
	for (int i = 0; i < 256; i++)
		same &= b[i / 32].qs[i % 32] == (int8_t)nearbyintf(x[i]);
	CHECK_MSG(same, "activation rounding differs from nearbyintf");
	CHECK(b[0].qs[1] == 2 && b[0].qs[2] == 4 && b[0].qs[3] == -2 && b[0].qs[5] == 126 && b[0].qs[7] == 0);
	const struct kernel_q8x4 *g = (const struct kernel_q8x4 *)(b + 8);
	int laid = 1;
	for (int k = 0; k < 8; k++)
		for (int e = 0; e < 16; e++) {
			laid &= g[k / 4].lo[16 * (k % 4) + e] == b[k].qs[e];
			laid &= g[k / 4].hi[16 * (k % 4) + e] == b[k].qs[16 + e];
			laid &= g[k / 4].d[4 * (k % 4) + e % 4] == b[k].d;
			laid &= g[k / 4].off[4 * (k % 4) + e % 4] == (e % 4 ? 0 : -8 * b[k].isum);
		}
	CHECK_MSG(laid, "Q4_0 four-block activation layout");
	free(act);
}

/* the AVX2 activation quantizer gives the scalar one's bits: scale, int8
 * values, sums, 16-sums, including NaN, infinities, zeros and exact ties */
static void test_quantize_simd(void)
{
	if (!kernel_isa_available(KERNEL_ISA_AVX2))
		return;
	static const uint32_t ts[] = { QUANT_TYPE_Q8_0, QUANT_TYPE_Q4_0, QUANT_TYPE_Q4_K };
	int same = 1;
	for (int it = 0; it < 200; it++) {
		float x[512];
		for (int i = 0; i < 512; i++) {
			x[i] = frand() * (it % 5 == 0 ? 1e-30f : it % 5 == 1 ? 1e30f : 3.0f);
			if (it % 7 == 1 && i % 37 == 3)
				x[i] = NAN;
			if (it % 11 == 2 && i % 41 == 5)
				x[i] = i % 2 ? INFINITY : -INFINITY;
			if (it % 13 == 3)
				x[i] = (float)((i % 17) - 8) * 0.5f; /* ties after scaling */
			if (it == 4 && i < 256)
				x[i] = 0;
		}
		x[0] = it % 13 == 3 ? 63.5f : x[0];
		for (size_t k = 0; k < sizeof ts / sizeof ts[0]; k++) {
			size_t as = kernel_act_size(ts[k], 512);
			uint8_t *a = malloc(as), *b = malloc(as);
			memset(a, 0x55, as);
			memset(b, 0x55, as);
			kernel_set_isa(KERNEL_ISA_REF);
			kernel_quantize_act(ts[k], x, a, 512);
			kernel_set_isa(KERNEL_ISA_AVX2);
			kernel_quantize_act(ts[k], x, b, 512);
			same &= !memcmp(a, b, as);
			free(a);
			free(b);
		}
	}
	kernel_set_isa(KERNEL_ISA_AUTO);
	CHECK_MSG(same, "the AVX2 activation quantizer differs from the scalar one");
}

/* the word-at-a-time K-quant scale unpacking agrees with the per-index
 * reference on random packed bytes */
static void test_k4_scales(void)
{
	int same = 1;
	uint32_t r = 12345;
	for (int it = 0; it < 20000; it++) {
		uint8_t q[12], sc[8], m[8];
		for (int i = 0; i < 12; i++) {
			r = r * 1103515245u + 12345u;
			q[i] = (uint8_t)(r >> 16);
		}
		quant_k4_scales(q, sc, m);
		for (int j = 0; j < 8; j++) {
			uint8_t s1, m1;
			quant_k4_scale_min(q, j, &s1, &m1);
			same &= s1 == sc[j] && m1 == m[j];
		}
	}
	CHECK_MSG(same, "quant_k4_scales differs from quant_k4_scale_min");
}

static void test_isa(void)
{
	CHECK(kernel_set_isa(KERNEL_ISA_REF) == KERNEL_ISA_REF);
	CHECK(kernel_dot_for(QUANT_TYPE_Q4_0) == kernel_dot_q4_0_ref);
	enum kernel_isa a = kernel_set_isa(KERNEL_ISA_AUTO);
	CHECK(a == KERNEL_ISA_REF || a == KERNEL_ISA_AVX2 || a == KERNEL_ISA_AVX512);
	if (getenv("ENGINE_TEST_VERBOSE"))
		fprintf(stderr, "kernels in use: %s\n", kernel_isa_name(a));
	CHECK(kernel_dot_for(QUANT_TYPE_Q2_K) == NULL);
	CHECK(!kernel_type_supported(QUANT_TYPE_IQ4_XS));
}

int main(void)
{
	test_dots();
	test_pool_matmul();
	test_dotn();
	test_tile();
	test_x8();
	test_gemm8();
	test_gemm16();
	test_attn_loops();
	test_quantize_act();
	test_quantize_simd();
	test_k4_scales();
	test_isa();
	UNIT_DONE();
}
