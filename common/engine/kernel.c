/*
 * kernel: scalar reference dot products, activation quantization, run-time
 * kernel choice and the threaded matmul. See kernel.h.
 *
 * The reference kernels define the arithmetic: per block, an exact integer
 * sum of weight quant x activation quant, then one float multiply-add with
 * the two scales. The block layouts are those of quant.c (GGUF's).
 */
#include "engine/kernel.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "engine/pool.h"

#if defined(__x86_64__) || defined(__i386__)
#define KERNEL_X86 1
#else
#define KERNEL_X86 0
#endif

static float f16(const uint8_t *p)
{
	return quant_f16_to_f32((uint16_t)(p[0] | p[1] << 8));
}

static uint32_t rd_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ---- types ---- */

int kernel_type_supported(uint32_t type)
{
	switch (type) {
	case QUANT_TYPE_F32: case QUANT_TYPE_F16: case QUANT_TYPE_BF16:
	case QUANT_TYPE_Q8_0: case QUANT_TYPE_Q4_0: case QUANT_TYPE_Q4_1:
	case QUANT_TYPE_Q5_0: case QUANT_TYPE_Q5_1:
	case QUANT_TYPE_Q4_K: case QUANT_TYPE_Q5_K: case QUANT_TYPE_Q6_K:
		return 1;
	default:
		return 0;
	}
}

enum kernel_act kernel_act_of(uint32_t type)
{
	switch (type) {
	case QUANT_TYPE_Q8_0: case QUANT_TYPE_Q4_0: case QUANT_TYPE_Q4_1:
	case QUANT_TYPE_Q5_0: case QUANT_TYPE_Q5_1:
		return KERNEL_ACT_Q8;
	case QUANT_TYPE_Q4_K: case QUANT_TYPE_Q5_K: case QUANT_TYPE_Q6_K:
		return KERNEL_ACT_Q8K;
	default:
		return KERNEL_ACT_F32;
	}
}

int64_t kernel_act_block(uint32_t type)
{
	switch (kernel_act_of(type)) {
	case KERNEL_ACT_Q8: return 32;
	case KERNEL_ACT_Q8K: return 256;
	default: return 1;
	}
}

size_t kernel_act_size(uint32_t type, int64_t n)
{
	switch (kernel_act_of(type)) {
	case KERNEL_ACT_Q8: /* Q4_0: its kernel_q8x4 groups and zero-point terms after the blocks (kernel.h) */
		return (size_t)(n / 32) * sizeof(struct kernel_q8) +
		       (type == QUANT_TYPE_Q4_0
				? (size_t)(n / 128) * sizeof(struct kernel_q8x4) + (size_t)(n / 32) * sizeof(float)
				: 0);
	case KERNEL_ACT_Q8K: return (size_t)(n / 256) * sizeof(struct kernel_q8k);
	default: return (size_t)n * sizeof(float);
	}
}

/* Symmetric int8 with the block's largest magnitude at +-127. */
static float q8_block(const float *x, int n, int8_t *q)
{
	float amax = 0;
	for (int i = 0; i < n; i++) {
		float a = fabsf(x[i]);
		if (a > amax)
			amax = a;
	}
	float d = amax / 127.0f;
	float id = d > 0 ? 1.0f / d : 0.0f;
	for (int i = 0; i < n; i++) {
		/* |x * id| <= 127 (or NaN): adding and taking away 1.5 * 2^23
		 * rounds it to the nearest integer, ties to even, exactly as
		 * nearbyintf() does in the default rounding mode, without the
		 * libm call per element that x86-64's baseline needs for it */
		const float magic = 12582912.0f; /* not folded away: C keeps float sums in order */
		float v = (x[i] * id + magic) - magic;
		if (v > 127)
			v = 127;
		if (v < -127)
			v = -127;
		if (!(v == v)) /* NaN input: keep the block finite */
			v = 0;
		q[i] = (int8_t)v;
	}
	return d;
}

void kernel_quantize_act(uint32_t type, const float *x, void *out, int64_t n)
{
	/* the AVX2 quantizer gives the same bits; the reference ISA keeps the
	 * scalar one so LLM_ENGINE_KERNEL=ref runs no SIMD at all */
	enum kernel_isa isa = kernel_get_isa();
	int simd = isa == KERNEL_ISA_AVX2 || isa == KERNEL_ISA_AVX512;
	(void)simd;
	switch (kernel_act_of(type)) {
	case KERNEL_ACT_Q8: {
		struct kernel_q8 *b = out;
		for (int64_t i = 0; i < n / 32; i++, x += 32) {
#if KERNEL_X86
			if (simd) {
				b[i].d = kernel_q8_block_avx2(x, 32, b[i].qs, &b[i].isum, NULL);
				continue;
			}
#endif
			b[i].d = q8_block(x, 32, b[i].qs);
			int32_t s = 0;
			for (int j = 0; j < 32; j++)
				s += b[i].qs[j];
			b[i].isum = s;
		}
		if (type == QUANT_TYPE_Q4_0) {
			float *corr = (float *)kernel_q4_0_corr(out, n);
			for (int64_t i = 0; i < n / 32; i++)
				corr[i] = -8.0f * b[i].d * (float)b[i].isum;
			struct kernel_q8x4 *g = (struct kernel_q8x4 *)(b + n / 32);
			for (int64_t i = 0; i < n / 128; i++) {
				memset(g[i].off, 0, sizeof g[i].off);
				for (int k = 0; k < 4; k++) {
					const struct kernel_q8 *q = &b[4 * i + k];
					memcpy(g[i].lo + 16 * k, q->qs, 16);
					memcpy(g[i].hi + 16 * k, q->qs + 16, 16);
					for (int e = 0; e < 4; e++)
						g[i].d[4 * k + e] = q->d;
					g[i].off[4 * k] = -8 * q->isum;
				}
			}
		}
		break;
	}
	case KERNEL_ACT_Q8K: {
		struct kernel_q8k *b = out;
		for (int64_t i = 0; i < n / 256; i++, x += 256) {
#if KERNEL_X86
			if (simd) {
				int32_t isum;
				b[i].d = kernel_q8_block_avx2(x, 256, b[i].qs, &isum, b[i].bsums);
				continue;
			}
#endif
			b[i].d = q8_block(x, 256, b[i].qs);
			for (int k = 0; k < 16; k++) {
				int s = 0;
				for (int j = 0; j < 16; j++)
					s += b[i].qs[16 * k + j];
				b[i].bsums[k] = (int16_t)s;
			}
		}
		break;
	}
	default:
		memcpy(out, x, (size_t)n * sizeof(float));
	}
}

/* ---- reference kernels ---- */

float kernel_dot_f32_ref(int64_t n, const void *w, const void *x)
{
	const uint8_t *p = w;
	const float *a = x;
	float s = 0;
	for (int64_t i = 0; i < n; i++) {
		float v;
		memcpy(&v, p + 4 * i, 4); /* rows in a file need not be aligned */
		s += v * a[i];
	}
	return s;
}

float kernel_dot_f16_ref(int64_t n, const void *w, const void *x)
{
	const uint8_t *p = w;
	const float *a = x;
	float s = 0;
	for (int64_t i = 0; i < n; i++)
		s += f16(p + 2 * i) * a[i];
	return s;
}

float kernel_dot_bf16_ref(int64_t n, const void *w, const void *x)
{
	const uint8_t *p = w;
	const float *a = x;
	float s = 0;
	for (int64_t i = 0; i < n; i++)
		s += quant_bf16_to_f32((uint16_t)(p[2 * i] | p[2 * i + 1] << 8)) * a[i];
	return s;
}

float kernel_dot_q8_0_ref(int64_t n, const void *w, const void *x)
{
	const uint8_t *b = w;
	const struct kernel_q8 *a = x;
	float s = 0;
	for (int64_t i = 0; i < n / 32; i++, b += QUANT_Q8_0_BYTES) {
		int32_t sum = 0;
		for (int j = 0; j < 32; j++)
			sum += (int8_t)b[2 + j] * a[i].qs[j];
		s += f16(b) * a[i].d * (float)sum;
	}
	return s;
}

float kernel_dot_q4_0_ref(int64_t n, const void *w, const void *x)
{
	const uint8_t *b = w;
	const struct kernel_q8 *a = x;
	float s = 0;
	for (int64_t i = 0; i < n / 32; i++, b += QUANT_Q4_0_BYTES) {
		const uint8_t *qs = b + 2;
		int32_t sum = 0;
		for (int j = 0; j < 16; j++)
			sum += (qs[j] & 15) * a[i].qs[j] + (qs[j] >> 4) * a[i].qs[j + 16];
		sum -= 8 * a[i].isum; /* the stored nibble is q + 8 */
		s += f16(b) * a[i].d * (float)sum;
	}
	return s;
}

float kernel_dot_q4_1_ref(int64_t n, const void *w, const void *x)
{
	const uint8_t *b = w;
	const struct kernel_q8 *a = x;
	float s = 0;
	for (int64_t i = 0; i < n / 32; i++, b += QUANT_Q4_1_BYTES) {
		const uint8_t *qs = b + 4;
		int32_t sum = 0;
		for (int j = 0; j < 16; j++)
			sum += (qs[j] & 15) * a[i].qs[j] + (qs[j] >> 4) * a[i].qs[j + 16];
		/* sum (q d + m) x = d sum(q x) + m sum(x) */
		s += f16(b) * a[i].d * (float)sum + f16(b + 2) * a[i].d * (float)a[i].isum;
	}
	return s;
}

float kernel_dot_q5_0_ref(int64_t n, const void *w, const void *x)
{
	const uint8_t *b = w;
	const struct kernel_q8 *a = x;
	float s = 0;
	for (int64_t i = 0; i < n / 32; i++, b += QUANT_Q5_0_BYTES) {
		uint32_t qh = rd_u32(b + 2);
		const uint8_t *qs = b + 6;
		int32_t sum = 0;
		for (int j = 0; j < 16; j++) {
			int lo = (qs[j] & 15) | ((qh >> j) & 1) << 4;
			int hi = (qs[j] >> 4) | ((qh >> (j + 16)) & 1) << 4;
			sum += lo * a[i].qs[j] + hi * a[i].qs[j + 16];
		}
		sum -= 16 * a[i].isum;
		s += f16(b) * a[i].d * (float)sum;
	}
	return s;
}

float kernel_dot_q5_1_ref(int64_t n, const void *w, const void *x)
{
	const uint8_t *b = w;
	const struct kernel_q8 *a = x;
	float s = 0;
	for (int64_t i = 0; i < n / 32; i++, b += QUANT_Q5_1_BYTES) {
		uint32_t qh = rd_u32(b + 4);
		const uint8_t *qs = b + 8;
		int32_t sum = 0;
		for (int j = 0; j < 16; j++) {
			int lo = (qs[j] & 15) | ((qh >> j) & 1) << 4;
			int hi = (qs[j] >> 4) | ((qh >> (j + 16)) & 1) << 4;
			sum += lo * a[i].qs[j] + hi * a[i].qs[j + 16];
		}
		s += f16(b) * a[i].d * (float)sum + f16(b + 2) * a[i].d * (float)a[i].isum;
	}
	return s;
}

float kernel_dot_q4_k_ref(int64_t n, const void *w, const void *x)
{
	const uint8_t *b = w;
	const struct kernel_q8k *a = x;
	float s = 0;
	for (int64_t i = 0; i < n / 256; i++, b += QUANT_Q4_K_BYTES) {
		const uint8_t *sc12 = b + 4, *qs = b + 16;
		int32_t sumi = 0, summ = 0;
		for (int c = 0; c < 4; c++) {
			uint8_t sc0, m0, sc1, m1;
			quant_k4_scale_min(sc12, 2 * c, &sc0, &m0);
			quant_k4_scale_min(sc12, 2 * c + 1, &sc1, &m1);
			int32_t s0 = 0, s1 = 0;
			for (int l = 0; l < 32; l++) {
				s0 += (qs[32 * c + l] & 15) * a[i].qs[64 * c + l];
				s1 += (qs[32 * c + l] >> 4) * a[i].qs[64 * c + 32 + l];
			}
			sumi += sc0 * s0 + sc1 * s1;
			summ += m0 * (a[i].bsums[4 * c] + a[i].bsums[4 * c + 1]) +
				m1 * (a[i].bsums[4 * c + 2] + a[i].bsums[4 * c + 3]);
		}
		s += a[i].d * (f16(b) * (float)sumi - f16(b + 2) * (float)summ);
	}
	return s;
}

float kernel_dot_q5_k_ref(int64_t n, const void *w, const void *x)
{
	const uint8_t *b = w;
	const struct kernel_q8k *a = x;
	float s = 0;
	for (int64_t i = 0; i < n / 256; i++, b += QUANT_Q5_K_BYTES) {
		const uint8_t *sc12 = b + 4, *qh = b + 16, *qs = b + 48;
		int32_t sumi = 0, summ = 0;
		for (int c = 0; c < 4; c++) {
			uint8_t sc0, m0, sc1, m1;
			quant_k4_scale_min(sc12, 2 * c, &sc0, &m0);
			quant_k4_scale_min(sc12, 2 * c + 1, &sc1, &m1);
			int32_t s0 = 0, s1 = 0;
			for (int l = 0; l < 32; l++) {
				int lo = (qs[32 * c + l] & 15) | ((qh[l] >> (2 * c)) & 1) << 4;
				int hi = (qs[32 * c + l] >> 4) | ((qh[l] >> (2 * c + 1)) & 1) << 4;
				s0 += lo * a[i].qs[64 * c + l];
				s1 += hi * a[i].qs[64 * c + 32 + l];
			}
			sumi += sc0 * s0 + sc1 * s1;
			summ += m0 * (a[i].bsums[4 * c] + a[i].bsums[4 * c + 1]) +
				m1 * (a[i].bsums[4 * c + 2] + a[i].bsums[4 * c + 3]);
		}
		s += a[i].d * (f16(b) * (float)sumi - f16(b + 2) * (float)summ);
	}
	return s;
}

float kernel_dot_q6_k_ref(int64_t n, const void *w, const void *x)
{
	const uint8_t *b = w;
	const struct kernel_q8k *a = x;
	float s = 0;
	for (int64_t i = 0; i < n / 256; i++, b += QUANT_Q6_K_BYTES) {
		const int8_t *sc = (const int8_t *)(b + 192);
		int32_t isum[16] = { 0 };
		for (int h = 0; h < 2; h++) {
			const uint8_t *ql = b + 64 * h, *qh = b + 128 + 32 * h;
			const int8_t *q8 = a[i].qs + 128 * h;
			for (int l = 0; l < 32; l++) {
				int q1 = ((ql[l] & 15) | ((qh[l] >> 0) & 3) << 4) - 32;
				int q2 = ((ql[l + 32] & 15) | ((qh[l] >> 2) & 3) << 4) - 32;
				int q3 = ((ql[l] >> 4) | ((qh[l] >> 4) & 3) << 4) - 32;
				int q4 = ((ql[l + 32] >> 4) | ((qh[l] >> 6) & 3) << 4) - 32;
				int k = 8 * h + l / 16;
				isum[k] += q1 * q8[l];
				isum[k + 2] += q2 * q8[l + 32];
				isum[k + 4] += q3 * q8[l + 64];
				isum[k + 6] += q4 * q8[l + 96];
			}
		}
		int32_t sumi = 0;
		for (int k = 0; k < 16; k++)
			sumi += sc[k] * isum[k];
		s += f16(b + 208) * a[i].d * (float)sumi;
	}
	return s;
}

/* ---- dispatch ---- */

#define N_KTYPES 11
static const uint32_t ktypes[N_KTYPES] = {
	QUANT_TYPE_F32, QUANT_TYPE_F16, QUANT_TYPE_BF16, QUANT_TYPE_Q8_0, QUANT_TYPE_Q4_0, QUANT_TYPE_Q4_1,
	QUANT_TYPE_Q5_0, QUANT_TYPE_Q5_1, QUANT_TYPE_Q4_K, QUANT_TYPE_Q5_K, QUANT_TYPE_Q6_K,
};
static const kernel_dot_fn ref_fns[N_KTYPES] = {
	kernel_dot_f32_ref, kernel_dot_f16_ref, kernel_dot_bf16_ref, kernel_dot_q8_0_ref,
	kernel_dot_q4_0_ref, kernel_dot_q4_1_ref, kernel_dot_q5_0_ref, kernel_dot_q5_1_ref,
	kernel_dot_q4_k_ref, kernel_dot_q5_k_ref, kernel_dot_q6_k_ref,
};
#if defined(__x86_64__) || defined(__i386__)
#define HAVE_X86 1
static const kernel_dot_fn avx2_fns[N_KTYPES] = {
	kernel_dot_f32_avx2, kernel_dot_f16_avx2, kernel_dot_bf16_avx2, kernel_dot_q8_0_avx2,
	kernel_dot_q4_0_avx2, kernel_dot_q4_1_avx2, kernel_dot_q5_0_avx2, kernel_dot_q5_1_avx2,
	kernel_dot_q4_k_avx2, kernel_dot_q5_k_avx2, kernel_dot_q6_k_avx2,
};
/* AVX-512 where it has its own kernel, AVX2 elsewhere */
static const kernel_dot_fn avx512_fns[N_KTYPES] = {
	kernel_dot_f32_avx2, kernel_dot_f16_avx2, kernel_dot_bf16_avx2, kernel_dot_q8_0_avx512,
	kernel_dot_q4_0_avx512, kernel_dot_q4_1_avx2, kernel_dot_q5_0_avx2, kernel_dot_q5_1_avx2,
	kernel_dot_q4_k_avx512, kernel_dot_q5_k_avx2, kernel_dot_q6_k_avx2,
};
#else
#define HAVE_X86 0
#endif

/* 0 = not chosen yet. Written once by the first caller (or by
 * kernel_set_isa); racing first calls all compute the same value. */
static _Atomic int cur_isa;

static int ktype_index(uint32_t type)
{
	for (int i = 0; i < N_KTYPES; i++)
		if (ktypes[i] == type)
			return i;
	return -1;
}

int kernel_isa_available(enum kernel_isa isa)
{
	switch (isa) {
	case KERNEL_ISA_REF:
		return 1;
	case KERNEL_ISA_AVX2:
#if HAVE_X86
		__builtin_cpu_init();
		/* F16C is not a feature name clang's __builtin_cpu_supports knows;
		 * every CPU with AVX2 and FMA (Haswell, Zen and later) has it */
		return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
		return 0;
#endif
	case KERNEL_ISA_AVX512:
#if HAVE_X86
		return kernel_isa_available(KERNEL_ISA_AVX2) && __builtin_cpu_supports("avx512f") &&
		       __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
		       __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vnni");
#else
		return 0;
#endif
	default:
		return 0;
	}
}

const char *kernel_isa_name(enum kernel_isa isa)
{
	switch (isa) {
	case KERNEL_ISA_REF: return "ref";
	case KERNEL_ISA_AVX2: return "avx2";
	case KERNEL_ISA_AVX512: return "avx512";
	default: return "auto";
	}
}

static enum kernel_isa detect(void)
{
	const char *e = getenv("LLM_ENGINE_KERNEL");
	if (e && !strcmp(e, "ref"))
		return KERNEL_ISA_REF;
	if (e && !strcmp(e, "avx2") && kernel_isa_available(KERNEL_ISA_AVX2))
		return KERNEL_ISA_AVX2;
	if (kernel_isa_available(KERNEL_ISA_AVX512))
		return KERNEL_ISA_AVX512;
	if (kernel_isa_available(KERNEL_ISA_AVX2))
		return KERNEL_ISA_AVX2;
	return KERNEL_ISA_REF;
}

enum kernel_isa kernel_set_isa(enum kernel_isa isa)
{
	if (isa == KERNEL_ISA_AUTO || !kernel_isa_available(isa))
		isa = isa == KERNEL_ISA_AUTO ? detect() : KERNEL_ISA_REF;
	atomic_store(&cur_isa, (int)isa);
	return isa;
}

enum kernel_isa kernel_get_isa(void)
{
	int v = atomic_load(&cur_isa);
	if (!v)
		return kernel_set_isa(KERNEL_ISA_AUTO);
	return (enum kernel_isa)v;
}

kernel_dot_fn kernel_dot_isa(uint32_t type, enum kernel_isa isa)
{
	int i = ktype_index(type);
	if (i < 0)
		return NULL;
	switch (isa) {
	case KERNEL_ISA_REF:
		return ref_fns[i];
#if HAVE_X86
	case KERNEL_ISA_AVX2:
		return avx2_fns[i];
	case KERNEL_ISA_AVX512:
		return avx512_fns[i];
#endif
	default:
		return NULL;
	}
}

kernel_dotn_fn kernel_dotn_isa(uint32_t type, enum kernel_isa isa)
{
#if HAVE_X86
	if (isa == KERNEL_ISA_AVX512) {
		switch (type) {
		case QUANT_TYPE_Q8_0: return kernel_dotn_q8_0_avx512;
		case QUANT_TYPE_Q4_0: return kernel_dotn_q4_0_avx512;
		case QUANT_TYPE_Q4_K: return kernel_dotn_q4_k_avx512;
		default: return NULL;
		}
	}
#endif
	(void)type;
	(void)isa;
	return NULL;
}

kernel_tile_fn kernel_tile_isa(uint32_t type, enum kernel_isa isa)
{
#if HAVE_X86
	if (isa == KERNEL_ISA_AVX2) {
		switch (type) {
		case QUANT_TYPE_Q8_0: return kernel_tile_q8_0_avx2;
		case QUANT_TYPE_Q4_0: return kernel_tile_q4_0_avx2;
		default: return NULL;
		}
	}
	if (isa == KERNEL_ISA_AVX512) {
		switch (type) {
		case QUANT_TYPE_Q8_0: return kernel_tile_q8_0_avx512;
		case QUANT_TYPE_Q4_0: return kernel_tile_q4_0_avx512;
		case QUANT_TYPE_Q4_K: return kernel_tile_q4_k_avx512;
		case QUANT_TYPE_Q6_K: return kernel_tile_q6_k_avx512;
		default: return NULL;
		}
	}
#endif
	(void)type;
	(void)isa;
	return NULL;
}

kernel_tile_fn kernel_tile_for(uint32_t type)
{
	return kernel_tile_isa(type, kernel_get_isa());
}

kernel_dotn_fn kernel_dotn_for(uint32_t type)
{
	return kernel_dotn_isa(type, kernel_get_isa());
}

kernel_dot_fn kernel_dot_for(uint32_t type)
{
	kernel_dot_fn f = kernel_dot_isa(type, kernel_get_isa());
	return f ? f : kernel_dot_isa(type, KERNEL_ISA_REF);
}

void kernel_axpy_f32_ref(int64_t n, float a, const float *x, float *y)
{
	for (int64_t i = 0; i < n; i++)
		y[i] += a * x[i];
}

float kernel_expsum_f32_ref(int64_t n, float *x, float max)
{
	float sum = 0;
	for (int64_t i = 0; i < n; i++) {
		x[i] = expf(x[i] - max);
		sum += x[i];
	}
	return sum;
}

kernel_axpy_fn kernel_axpy_isa(enum kernel_isa isa)
{
#if HAVE_X86
	if (isa == KERNEL_ISA_AVX2 || isa == KERNEL_ISA_AVX512)
		return kernel_axpy_f32_avx2;
#endif
	(void)isa;
	return kernel_axpy_f32_ref;
}

kernel_expsum_fn kernel_expsum_isa(enum kernel_isa isa)
{
#if HAVE_X86
	if (isa == KERNEL_ISA_AVX2 || isa == KERNEL_ISA_AVX512)
		return kernel_expsum_f32_avx2;
#endif
	(void)isa;
	return kernel_expsum_f32_ref;
}

kernel_axpy_fn kernel_axpy_for(void)
{
	return kernel_axpy_isa(kernel_get_isa());
}

kernel_expsum_fn kernel_expsum_for(void)
{
	return kernel_expsum_isa(kernel_get_isa());
}

uint64_t kernel_int8_spin(int64_t iters)
{
#if HAVE_X86
	switch (kernel_get_isa()) {
	case KERNEL_ISA_AVX2: return kernel_int8_spin_avx2(iters);
	case KERNEL_ISA_AVX512: return kernel_int8_spin_avx512(iters);
	default: break;
	}
#endif
	(void)iters;
	return 0;
}

/* ---- eight-row groups ---- */

kernel_x8_fn kernel_x8_isa(uint32_t type, enum kernel_isa isa)
{
#if HAVE_X86
	/* AVX-512 keeps its own VNNI tiles for Q4_0 and Q8_0 */
	if (isa == KERNEL_ISA_AVX2 || isa == KERNEL_ISA_AVX512) {
		switch (type) {
		case QUANT_TYPE_Q4_0: return isa == KERNEL_ISA_AVX2 ? kernel_x8_q4_0_avx2 : NULL;
		case QUANT_TYPE_Q8_0: return isa == KERNEL_ISA_AVX2 ? kernel_x8_q8_0_avx2 : NULL;
		case QUANT_TYPE_Q4_K: return kernel_x8_q4_k_avx2;
		case QUANT_TYPE_Q5_K: return kernel_x8_q5_k_avx2;
		case QUANT_TYPE_Q6_K: return kernel_x8_q6_k_avx2;
		default: return NULL;
		}
	}
#endif
	(void)type;
	(void)isa;
	return NULL;
}

kernel_x8_fn kernel_x8_for(uint32_t type)
{
	return kernel_x8_isa(type, kernel_get_isa());
}

/* beside every x8 kernel, for the same ISAs (kernel.h) */
kernel_gemm8_fn kernel_gemm8_isa(uint32_t type, enum kernel_isa isa)
{
#if HAVE_X86
	if (kernel_x8_isa(type, isa)) {
		switch (type) {
		case QUANT_TYPE_Q4_0: return kernel_gemm8_q4_0_avx2;
		case QUANT_TYPE_Q8_0: return kernel_gemm8_q8_0_avx2;
		case QUANT_TYPE_Q4_K: return kernel_gemm8_q4_k_avx2;
		case QUANT_TYPE_Q5_K: return kernel_gemm8_q5_k_avx2;
		case QUANT_TYPE_Q6_K: return kernel_gemm8_q6_k_avx2;
		default: return NULL;
		}
	}
#endif
	(void)type;
	(void)isa;
	return NULL;
}

kernel_gemm8_fn kernel_gemm8_for(uint32_t type)
{
	return kernel_gemm8_isa(type, kernel_get_isa());
}

kernel_gemm16_fn kernel_gemm16_isa(uint32_t type, enum kernel_isa isa)
{
#if HAVE_X86
	if (kernel_gemm8_isa(type, isa)) {
		switch (type) {
		/* none for Q8_0 (its sign step is per weight and activation:
		 * nothing to share); for Q4_K, Q5_K and Q6_K two groups measured
		 * no faster than one once the weights come from memory */
		case QUANT_TYPE_Q4_0: return kernel_gemm16_q4_0_avx2;
		default: return NULL;
		}
	}
#endif
	(void)type;
	(void)isa;
	return NULL;
}

kernel_gemm16_fn kernel_gemm16_for(uint32_t type)
{
	return kernel_gemm16_isa(type, kernel_get_isa());
}

size_t kernel_repack_size(uint32_t type, int64_t rows, int64_t cols)
{
	const char *e = getenv("LLM_ENGINE_REPACK");
	uint64_t rs = 0;
	if ((e && !strcmp(e, "0")) || !kernel_x8_for(type) || rows < 8 || cols <= 0 ||
	    cols % kernel_act_block(type) || quant_row_size(type, cols, &rs))
		return 0;
	return (size_t)(rows / 8) * 8 * (size_t)rs;
}

/* four bytes at a time: byte e of word k of row r at 32 k + 4 r + e */
static void interleave4(uint8_t *out, const uint8_t *const src[8], size_t off, size_t nbytes)
{
	for (size_t k = 0; k < nbytes / 4; k++)
		for (int r = 0; r < 8; r++)
			memcpy(out + 32 * k + 4 * (size_t)r, src[r] + off + 4 * k, 4);
}

/* one group's block i (the eight rows' blocks at src[r]) */
static void repack_block(uint32_t type, const uint8_t *const src[8], uint8_t *out)
{
	switch (type) {
	case QUANT_TYPE_Q4_0:
	case QUANT_TYPE_Q8_0:
		for (int r = 0; r < 8; r++)
			memcpy(out + 2 * r, src[r], 2);
		interleave4(out + 16, src, 2, type == QUANT_TYPE_Q4_0 ? 16 : 32);
		break;
	case QUANT_TYPE_Q4_K:
	case QUANT_TYPE_Q5_K:
		for (int r = 0; r < 8; r++) {
			memcpy(out + 2 * r, src[r], 2);
			memcpy(out + 16 + 2 * r, src[r] + 2, 2);
		}
		interleave4(out + 32, src, 4, 12);
		if (type == QUANT_TYPE_Q4_K) {
			interleave4(out + 128, src, 16, 128);
		} else {
			interleave4(out + 128, src, 16, 32);
			interleave4(out + 384, src, 48, 128);
		}
		break;
	case QUANT_TYPE_Q6_K:
		for (int r = 0; r < 8; r++) {
			memcpy(out + 2 * r, src[r] + 208, 2);
			for (int s = 0; s < 16; s++)
				out[16 + 8 * s + r] = src[r][192 + s];
		}
		interleave4(out + 144, src, 0, 128);
		interleave4(out + 1168, src, 128, 64);
		break;
	}
}

void kernel_repack_rows(uint32_t type, const void *w, int64_t cols, int64_t r0, int64_t r1, void *out)
{
	uint64_t rs = 0;
	quant_row_size(type, cols, &rs);
	size_t bs = quant_type_size(type);
	int64_t nb = cols / (int64_t)quant_block_size(type);
	for (int64_t g = r0 / 8; g < r1 / 8; g++) {
		const uint8_t *src[8];
		uint8_t *o = (uint8_t *)out + (size_t)g * 8 * (size_t)rs;
		for (int64_t i = 0; i < nb; i++) {
			for (int r = 0; r < 8; r++)
				src[r] = (const uint8_t *)w + (size_t)(8 * g + r) * (size_t)rs + (size_t)i * bs;
			repack_block(type, src, o + (size_t)i * 8 * bs);
		}
	}
}

/* ---- matmul ---- */

/* Rows are cut into one contiguous segment per thread, each handed out in
 * chunks from its own counter: a thread works through its own segment in
 * order (one forward stream of weights, which the prefetchers follow; chunks
 * taken alternately from one shared counter broke every thread's stream,
 * and decoding on two cores was about a quarter slower while tuning) and
 * then takes chunks from the others' segments, so a thread that lost its
 * core to another process (or never started: see pool.h) does not hold
 * everyone up. A chunk of rows is
 * multiplied with every activation row before moving on, so for a batch the
 * chunk's weights are read from memory once. */
#define MM_CHUNK 16
#define MM_MAX_SEG 64

struct mm_seg {
	atomic_long next; /* next row to hand out */
	int64_t end;
	char pad[64 - sizeof(atomic_long) - sizeof(int64_t)]; /* one cache line each */
};

struct mm_job {
	kernel_dot_fn dot;
	kernel_dotn_fn dotn;
	kernel_tile_fn tile;
	kernel_x8_fn x8;
	kernel_gemm8_fn gemm8; /* for nx > 1 */
	kernel_gemm16_fn gemm16; /* for nx > 1, two groups */
	const uint8_t *packed; /* groups of eight rows, rows 0 .. prows - 1 */
	int64_t prows;
	const uint8_t *w;
	size_t wstride;
	int64_t rows, cols, nx;
	const uint8_t *act;
	size_t astride;
	float *y;
	int nseg;
	struct mm_seg seg[MM_MAX_SEG];
};

static void mm_rows(const struct mm_job *j, int64_t r0, int64_t r1)
{
	if (j->x8 && j->gemm8 && j->nx > 1) { /* straight into y: row stride 1, activation stride rows */
		/* gemm16 only for more than 8 activation rows: with fewer, a
		 * step waits on the weights coming from memory, and two streams
		 * of them measured 2-4% slower than gemm8's one */
		for (; j->gemm16 && j->nx > 8 && r0 + 16 <= r1 && r0 + 16 <= j->prows; r0 += 16) {
			const uint8_t *g = j->packed + (size_t)r0 * j->wstride;
			for (int64_t t = 0; t < j->nx; t += KERNEL_GEMM_NX) {
				int k = j->nx - t < KERNEL_GEMM_NX ? (int)(j->nx - t) : KERNEL_GEMM_NX;
				j->gemm16(j->cols, g, 8 * j->wstride, j->act + (size_t)t * j->astride, j->astride, k,
					  j->y + t * j->rows + r0, 1, (size_t)j->rows);
			}
		}
		for (; r0 + 8 <= r1 && r0 + 8 <= j->prows; r0 += 8) {
			const uint8_t *g = j->packed + (size_t)r0 * j->wstride;
			for (int64_t t = 0; t < j->nx; t += KERNEL_GEMM_NX) {
				int k = j->nx - t < KERNEL_GEMM_NX ? (int)(j->nx - t) : KERNEL_GEMM_NX;
				j->gemm8(j->cols, g, j->act + (size_t)t * j->astride, j->astride, k,
					 j->y + t * j->rows + r0, 1, (size_t)j->rows);
			}
		}
	}
	if (j->x8) { /* chunks start on multiples of 8 */
		float o[8 * KERNEL_NX];
		for (; r0 + 8 <= r1 && r0 + 8 <= j->prows; r0 += 8) {
			const uint8_t *g = j->packed + (size_t)r0 * j->wstride;
			for (int64_t t = 0; t < j->nx; t += KERNEL_NX) {
				int k = j->nx - t < KERNEL_NX ? (int)(j->nx - t) : KERNEL_NX;
				j->x8(j->cols, g, j->act + (size_t)t * j->astride, j->astride, k, o, KERNEL_NX);
				for (int a = 0; a < 8; a++)
					for (int q = 0; q < k; q++)
						j->y[(t + q) * j->rows + r0 + a] = o[a * KERNEL_NX + q];
			}
		}
		if (r0 >= r1)
			return;
	}
	if (j->tile) {
		float o[KERNEL_TR * KERNEL_NX];
		for (int64_t r = r0; r < r1; r += KERNEL_TR) {
			int nr = r1 - r < KERNEL_TR ? (int)(r1 - r) : KERNEL_TR;
			for (int64_t t = 0; t < j->nx; t += KERNEL_NX) {
				int k = j->nx - t < KERNEL_NX ? (int)(j->nx - t) : KERNEL_NX;
				j->tile(j->cols, j->w + (size_t)r * j->wstride, j->wstride, nr,
					j->act + (size_t)t * j->astride, j->astride, k, o, KERNEL_NX);
				for (int a = 0; a < nr; a++)
					for (int q = 0; q < k; q++)
						j->y[(t + q) * j->rows + r + a] = o[a * KERNEL_NX + q];
			}
		}
		return;
	}
	if (j->dotn && j->nx > 1) {
		float o[KERNEL_NX];
		for (int64_t r = r0; r < r1; r++)
			for (int64_t t = 0; t < j->nx; t += KERNEL_NX) {
				int k = j->nx - t < KERNEL_NX ? (int)(j->nx - t) : KERNEL_NX;
				j->dotn(j->cols, j->w + (size_t)r * j->wstride, j->act + (size_t)t * j->astride,
					j->astride, k, o);
				for (int q = 0; q < k; q++)
					j->y[(t + q) * j->rows + r] = o[q];
			}
		return;
	}
	for (int64_t t = 0; t < j->nx; t++) {
		const void *a = j->act + (size_t)t * j->astride;
		float *yt = j->y + t * j->rows;
		for (int64_t r = r0; r < r1; r++)
			yt[r] = j->dot(j->cols, j->w + (size_t)r * j->wstride, a);
	}
}

static void mm_worker(void *arg, int ith, int nth)
{
	struct mm_job *j = arg;
	(void)nth;
	/* own segment first, then the others' in turn */
	for (int k = 0; k < j->nseg; k++) {
		struct mm_seg *sg = &j->seg[(ith + k) % j->nseg];
		for (;;) {
			long r0 = atomic_fetch_add(&sg->next, MM_CHUNK);
			if (r0 >= sg->end)
				break;
			int64_t r1 = r0 + MM_CHUNK < sg->end ? r0 + MM_CHUNK : sg->end;
			mm_rows(j, r0, r1);
		}
	}
}

void kernel_matmul(struct pool *pool, uint32_t type, const void *w, int64_t rows, int64_t cols,
		   const float *x, int64_t nx, float *y, void *act)
{
	kernel_matmul_packed(pool, type, w, NULL, rows, cols, x, nx, y, act);
}

static void matmul(struct pool *pool, uint32_t type, const void *w, const void *packed, int64_t rows, int64_t cols,
		   const float *x, int64_t nx, float *y, void *act, int invariant);

void kernel_matmul_packed(struct pool *pool, uint32_t type, const void *w, const void *packed, int64_t rows,
			  int64_t cols, const float *x, int64_t nx, float *y, void *act)
{
	matmul(pool, type, w, packed, rows, cols, x, nx, y, act, 0);
}

void kernel_matmul_invariant(struct pool *pool, uint32_t type, const void *w, const void *packed, int64_t rows,
			     int64_t cols, const float *x, int64_t nx, float *y, void *act)
{
	matmul(pool, type, w, packed, rows, cols, x, nx, y, act, 1);
}

static void matmul(struct pool *pool, uint32_t type, const void *w, const void *packed, int64_t rows, int64_t cols,
		   const float *x, int64_t nx, float *y, void *act, int invariant)
{
	uint64_t rs = 0;
	quant_row_size(type, cols, &rs);
	size_t as = kernel_act_size(type, cols);
	for (int64_t t = 0; t < nx; t++)
		kernel_quantize_act(type, x + t * cols, (uint8_t *)act + (size_t)t * as, cols);
	struct mm_job j = {
		.dot = kernel_dot_for(type), .dotn = kernel_dotn_for(type), .w = w, .wstride = (size_t)rs, .rows = rows, .cols = cols, .nx = nx,
		.act = act, .astride = as, .y = y,
	};
	/* The K-quant tiles pay their per-row scale unpacking back only over
	 * several tokens; a single decode step is faster with the dot kernel. */
	if (nx > 1 || invariant || (type != QUANT_TYPE_Q4_K && type != QUANT_TYPE_Q6_K))
		j.tile = kernel_tile_for(type);
	if (packed && (j.x8 = kernel_x8_for(type)) != NULL) {
		j.gemm8 = kernel_gemm8_for(type);
		j.gemm16 = kernel_gemm16_for(type);
		j.packed = packed;
		j.prows = rows / 8 * 8;
	}
	int nseg = rows * cols * nx < 16384 || !pool ? 1 : pool_size(pool);
	if (nseg > MM_MAX_SEG)
		nseg = MM_MAX_SEG;
	/* segment bounds on chunk multiples, so chunks never straddle two */
	int64_t nchunk = (rows + MM_CHUNK - 1) / MM_CHUNK;
	j.nseg = nseg;
	for (int s = 0; s < nseg; s++) {
		int64_t c0 = nchunk * s / nseg, c1 = nchunk * (s + 1) / nseg;
		atomic_init(&j.seg[s].next, (long)(c0 * MM_CHUNK));
		j.seg[s].end = c1 * MM_CHUNK < rows ? c1 * MM_CHUNK : rows;
	}
	if (nseg == 1)
		mm_worker(&j, 0, 1);
	else
		pool_run(pool, mm_worker, &j);
}
