/*
 * quant: block layouts and scalar reference (de)quantization.
 *
 * The layouts are the GGUF/ggml ones (ggml-common.h block structs; see
 * ENGINE-FACTS.md section 1 in the project's shared notes). All multi-byte
 * fields are little-endian and unaligned inside a file, so they are read
 * and written byte by byte here. "fp16" is IEEE binary16.
 *
 *   Q4_0  18 B / 32:  d, qs[16]          x = (q - 8) d,   q = nibble
 *   Q4_1  20 B / 32:  d, m, qs[16]       x = q d + m
 *   Q5_0  22 B / 32:  d, qh[4], qs[16]   x = (q - 16) d,  bit 4 of q from qh
 *   Q5_1  24 B / 32:  d, m, qh[4], qs[16] x = q d + m
 *   Q8_0  34 B / 32:  d, qs[32] (int8)   x = q d
 *   Q8_1  36 B / 32:  d, s, qs[32]       x = q d  (s = d * sum q, unused here)
 *   In the 32-blocks, element j < 16 is the low nibble of qs[j] and element
 *   j + 16 the high nibble; qh is a little-endian u32 whose bit j is bit 4 of
 *   element j.
 *   Q2_K  84 B / 256: scales[16], qs[64], d, dmin
 *   Q3_K 110 B / 256: hmask[32], qs[64], scales[12], d
 *   Q4_K 144 B / 256: d, dmin, scales[12], qs[128]
 *   Q5_K 176 B / 256: d, dmin, scales[12], qh[32], qs[128]
 *   Q6_K 210 B / 256: ql[128], qh[64], scales[16] (int8), d
 *   Q8_K 292 B / 256: d (f32), qs[256] (int8), bsums[16] (int16)
 *   IQ4_NL 18 B / 32, IQ4_XS 136 B / 256: non-linear 4-bit table.
 *
 * The quantizers here are not ggml's (which search for the scale with the
 * least squared error). They pick each scale by rounding *up* to the next
 * representable value, so the grid always covers the data: every element's
 * error is at most half a step of its own (sub-)block's stored scale. That
 * bound is what the tests check; the files they write are ordinary blocks
 * any GGUF reader decodes.
 */
#include "engine/quant.h"

#include <math.h>
#include <string.h>

/* ---- type table ---- */

struct type_info {
	const char *name;
	unsigned block;    /* elements per block; 0 = layout unknown here */
	unsigned bytes;    /* bytes per block */
	unsigned char deq; /* quant_dequant_row_ref handles it */
	unsigned char qnt; /* quant_quant_row_ref handles it */
};

static const struct type_info types[QUANT_TYPE_COUNT] = {
	[QUANT_TYPE_F32] = { "F32", 1, 4, 1, 1 },
	[QUANT_TYPE_F16] = { "F16", 1, 2, 1, 1 },
	[QUANT_TYPE_Q4_0] = { "Q4_0", 32, QUANT_Q4_0_BYTES, 1, 1 },
	[QUANT_TYPE_Q4_1] = { "Q4_1", 32, QUANT_Q4_1_BYTES, 1, 1 },
	[4] = { "Q4_2", 0, 0, 0, 0 },  /* removed from ggml long ago */
	[5] = { "Q4_3", 0, 0, 0, 0 },
	[QUANT_TYPE_Q5_0] = { "Q5_0", 32, QUANT_Q5_0_BYTES, 1, 1 },
	[QUANT_TYPE_Q5_1] = { "Q5_1", 32, QUANT_Q5_1_BYTES, 1, 1 },
	[QUANT_TYPE_Q8_0] = { "Q8_0", 32, QUANT_Q8_0_BYTES, 1, 1 },
	[QUANT_TYPE_Q8_1] = { "Q8_1", 32, 36, 1, 0 },
	[QUANT_TYPE_Q2_K] = { "Q2_K", 256, QUANT_Q2_K_BYTES, 1, 0 },
	[QUANT_TYPE_Q3_K] = { "Q3_K", 256, QUANT_Q3_K_BYTES, 1, 0 },
	[QUANT_TYPE_Q4_K] = { "Q4_K", 256, QUANT_Q4_K_BYTES, 1, 1 },
	[QUANT_TYPE_Q5_K] = { "Q5_K", 256, QUANT_Q5_K_BYTES, 1, 1 },
	[QUANT_TYPE_Q6_K] = { "Q6_K", 256, QUANT_Q6_K_BYTES, 1, 1 },
	[QUANT_TYPE_Q8_K] = { "Q8_K", 256, QUANT_Q8_K_BYTES, 1, 1 },
	[QUANT_TYPE_IQ2_XXS] = { "IQ2_XXS", 0, 0, 0, 0 },
	[QUANT_TYPE_IQ2_XS] = { "IQ2_XS", 0, 0, 0, 0 },
	[QUANT_TYPE_IQ3_XXS] = { "IQ3_XXS", 0, 0, 0, 0 },
	[QUANT_TYPE_IQ1_S] = { "IQ1_S", 0, 0, 0, 0 },
	[QUANT_TYPE_IQ4_NL] = { "IQ4_NL", 32, 18, 1, 0 },
	[QUANT_TYPE_IQ3_S] = { "IQ3_S", 0, 0, 0, 0 },
	[QUANT_TYPE_IQ2_S] = { "IQ2_S", 0, 0, 0, 0 },
	[QUANT_TYPE_IQ4_XS] = { "IQ4_XS", 256, 136, 1, 0 },
	[QUANT_TYPE_I8] = { "I8", 1, 1, 0, 0 },
	[QUANT_TYPE_I16] = { "I16", 1, 2, 0, 0 },
	[QUANT_TYPE_I32] = { "I32", 1, 4, 0, 0 },
	[QUANT_TYPE_I64] = { "I64", 1, 8, 0, 0 },
	[QUANT_TYPE_F64] = { "F64", 1, 8, 0, 0 },
	[QUANT_TYPE_IQ1_M] = { "IQ1_M", 0, 0, 0, 0 },
	[QUANT_TYPE_BF16] = { "BF16", 1, 2, 1, 1 },
	[31] = { "Q4_0_4_4", 0, 0, 0, 0 }, /* removed: runtime repacking now */
	[32] = { "Q4_0_4_8", 0, 0, 0, 0 },
	[33] = { "Q4_0_8_8", 0, 0, 0, 0 },
	[QUANT_TYPE_TQ1_0] = { "TQ1_0", 0, 0, 0, 0 },
	[QUANT_TYPE_TQ2_0] = { "TQ2_0", 0, 0, 0, 0 },
	[36] = { "IQ4_NL_4_4", 0, 0, 0, 0 },
	[37] = { "IQ4_NL_4_8", 0, 0, 0, 0 },
	[38] = { "IQ4_NL_8_8", 0, 0, 0, 0 },
	[QUANT_TYPE_MXFP4] = { "MXFP4", 0, 0, 0, 0 },
	[40] = { "NVFP4", 0, 0, 0, 0 },
	[41] = { "Q1_0", 0, 0, 0, 0 },
	[42] = { "Q2_0", 0, 0, 0, 0 },
};

static const struct type_info *info(uint32_t type)
{
	if (type >= QUANT_TYPE_COUNT || !types[type].name)
		return NULL;
	return &types[type];
}

const char *quant_type_name(uint32_t type)
{
	const struct type_info *t = info(type);
	return t ? t->name : "unknown";
}

int quant_type_known(uint32_t type)
{
	const struct type_info *t = info(type);
	return t && t->block;
}

int quant_type_supported(uint32_t type)
{
	const struct type_info *t = info(type);
	return t && t->deq;
}

int quant_type_quantizable(uint32_t type)
{
	const struct type_info *t = info(type);
	return t && t->qnt;
}

size_t quant_block_size(uint32_t type)
{
	const struct type_info *t = info(type);
	return t ? t->block : 0;
}

size_t quant_type_size(uint32_t type)
{
	const struct type_info *t = info(type);
	return t ? t->bytes : 0;
}

int quant_row_size(uint32_t type, int64_t n, uint64_t *out)
{
	const struct type_info *t = info(type);
	if (!t || !t->block || n <= 0 || n % t->block)
		return -1;
	uint64_t blocks = (uint64_t)n / t->block;
	if (blocks > (uint64_t)INT64_MAX / t->bytes)
		return -1;
	*out = blocks * t->bytes;
	return 0;
}

/* ---- half and bfloat16 ---- */

static uint32_t f32_bits(float f)
{
	uint32_t u;
	memcpy(&u, &f, 4);
	return u;
}

static float bits_f32(uint32_t u)
{
	float f;
	memcpy(&f, &u, 4);
	return f;
}

uint16_t quant_f32_to_f16(float f)
{
	uint32_t x = f32_bits(f);
	uint16_t sign = (uint16_t)((x >> 16) & 0x8000);
	uint32_t ax = x & 0x7fffffffu;

	if (ax > 0x7f800000u) /* NaN: keep the top payload bits, force quiet */
		return (uint16_t)(sign | 0x7e00 | ((ax >> 13) & 0x3ff));
	if (ax >= 0x477ff000u) /* >= 65520 rounds to infinity (ties to even) */
		return (uint16_t)(sign | 0x7c00);
	if (ax >= 0x38800000u) { /* normal half: 2^-14 and up */
		uint32_t e = (ax >> 23) - 127 + 15;
		uint32_t mant = ax & 0x7fffff;
		uint32_t h = (e << 10) | (mant >> 13);
		uint32_t rem = mant & 0x1fff;
		if (rem > 0x1000 || (rem == 0x1000 && (h & 1)))
			h++; /* a carry into the exponent is the right answer */
		return (uint16_t)(sign | h);
	}
	uint32_t e = ax >> 23;
	if (e < 102) /* below 2^-25: rounds to zero */
		return sign;
	/* Subnormal half: units of 2^-24. value = mant * 2^(e-150). */
	uint32_t mant = (ax & 0x7fffff) | 0x800000;
	uint32_t shift = 126 - e; /* 14..24 */
	uint32_t h = mant >> shift;
	uint32_t rem = mant & ((1u << shift) - 1);
	uint32_t half = 1u << (shift - 1);
	if (rem > half || (rem == half && (h & 1)))
		h++; /* 0x400 is the smallest normal: still right */
	return (uint16_t)(sign | h);
}

float quant_f16_to_f32(uint16_t h)
{
	uint32_t sign = (uint32_t)(h & 0x8000) << 16;
	uint32_t e = (h >> 10) & 0x1f;
	uint32_t mant = h & 0x3ff;
	if (e == 0) {
		if (mant == 0)
			return bits_f32(sign);
		/* subnormal: normalize into a float exponent */
		int shift = 0;
		while (!(mant & 0x400)) {
			mant <<= 1;
			shift++;
		}
		mant &= 0x3ff;
		return bits_f32(sign | ((uint32_t)(127 - 15 + 1 - shift) << 23) | (mant << 13));
	}
	if (e == 31)
		return bits_f32(sign | 0x7f800000u | (mant << 13));
	return bits_f32(sign | ((e - 15 + 127) << 23) | (mant << 13));
}

uint16_t quant_f32_to_bf16(float f)
{
	uint32_t x = f32_bits(f);
	if ((x & 0x7fffffffu) > 0x7f800000u)
		return (uint16_t)((x >> 16) | 0x40); /* quiet NaN, sign kept */
	x += 0x7fff + ((x >> 16) & 1); /* overflow to infinity is correct RNE */
	return (uint16_t)(x >> 16);
}

float quant_bf16_to_f32(uint16_t h)
{
	return bits_f32((uint32_t)h << 16);
}

/* ---- little-endian field access ---- */

static float rd_f16(const uint8_t *p)
{
	return quant_f16_to_f32((uint16_t)(p[0] | (p[1] << 8)));
}

static void wr_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static uint32_t rd_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* Smallest fp16 >= v (v >= 0), capped at the largest finite half. */
static uint16_t f16_up(float v)
{
	if (!(v > 0)) /* 0, -0 and NaN */
		return 0;
	uint16_t h = quant_f32_to_f16(v);
	if (h >= 0x7c00)
		return 0x7bff;
	if (quant_f16_to_f32(h) < v)
		h++;
	return h >= 0x7c00 ? 0x7bff : h;
}

/* Largest fp16 <= v, capped at the most negative finite half. */
static uint16_t f16_down(float v)
{
	if (v != v)
		return 0;
	uint16_t h = quant_f32_to_f16(v);
	if ((h & 0x7fff) >= 0x7c00)
		return (h & 0x8000) ? 0xfbff : 0x7bff;
	if (quant_f16_to_f32(h) > v) {
		if (h & 0x8000)
			h++;          /* more negative */
		else if (h == 0)
			h = 0x8001;   /* smallest negative subnormal */
		else
			h--;
	}
	return (h & 0x7fff) >= 0x7c00 ? 0xfbff : h;
}

static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* round-half-away quantization of x / step, clamped to [lo, hi] */
static int qround(float x, float step, int lo, int hi)
{
	if (!(step > 0))
		return clampi(0, lo, hi);
	float t = x / step;
	if (t != t)
		return clampi(0, lo, hi);
	if (t > (float)hi)
		return hi;
	if (t < (float)lo)
		return lo;
	return clampi((int)roundf(t), lo, hi);
}

static int ceil_ratio(float need, float step, int hi)
{
	if (!(step > 0) || !(need > 0))
		return 0;
	float t = need / step;
	if (!(t < (float)hi))
		return hi;
	return clampi((int)ceilf(t), 0, hi);
}

/* ---- dequantization ---- */

static void deq_q4_0(const uint8_t *b, float *y)
{
	float d = rd_f16(b);
	for (int j = 0; j < 16; j++) {
		y[j] = (float)((b[2 + j] & 0xF) - 8) * d;
		y[j + 16] = (float)((b[2 + j] >> 4) - 8) * d;
	}
}

static void deq_q4_1(const uint8_t *b, float *y)
{
	float d = rd_f16(b), m = rd_f16(b + 2);
	for (int j = 0; j < 16; j++) {
		y[j] = (float)(b[4 + j] & 0xF) * d + m;
		y[j + 16] = (float)(b[4 + j] >> 4) * d + m;
	}
}

static void deq_q5_0(const uint8_t *b, float *y)
{
	float d = rd_f16(b);
	uint32_t qh = rd_u32(b + 2);
	const uint8_t *qs = b + 6;
	for (int j = 0; j < 16; j++) {
		int q0 = (qs[j] & 0xF) | (int)(((qh >> j) & 1) << 4);
		int q1 = (qs[j] >> 4) | (int)(((qh >> (j + 16)) & 1) << 4);
		y[j] = (float)(q0 - 16) * d;
		y[j + 16] = (float)(q1 - 16) * d;
	}
}

static void deq_q5_1(const uint8_t *b, float *y)
{
	float d = rd_f16(b), m = rd_f16(b + 2);
	uint32_t qh = rd_u32(b + 4);
	const uint8_t *qs = b + 8;
	for (int j = 0; j < 16; j++) {
		int q0 = (qs[j] & 0xF) | (int)(((qh >> j) & 1) << 4);
		int q1 = (qs[j] >> 4) | (int)(((qh >> (j + 16)) & 1) << 4);
		y[j] = (float)q0 * d + m;
		y[j + 16] = (float)q1 * d + m;
	}
}

static void deq_q8_0(const uint8_t *b, float *y)
{
	float d = rd_f16(b);
	for (int j = 0; j < 32; j++)
		y[j] = (float)(int8_t)b[2 + j] * d;
}

static void deq_q8_1(const uint8_t *b, float *y)
{
	float d = rd_f16(b);
	for (int j = 0; j < 32; j++)
		y[j] = (float)(int8_t)b[4 + j] * d;
}

void quant_k4_scale_min(const uint8_t *q, int j, uint8_t *sc, uint8_t *m)
{
	if (j < 4) {
		*sc = q[j] & 63;
		*m = q[j + 4] & 63;
	} else {
		*sc = (uint8_t)((q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4));
		*m = (uint8_t)((q[j + 4] >> 4) | ((q[j] >> 6) << 4));
	}
}

static void deq_q4_k(const uint8_t *b, float *y)
{
	float d = rd_f16(b), dmin = rd_f16(b + 2);
	const uint8_t *scales = b + 4, *qs = b + 16;
	for (int c = 0; c < 4; c++) {
		uint8_t sc, m;
		quant_k4_scale_min(scales, 2 * c, &sc, &m);
		float d1 = d * sc, m1 = dmin * m;
		quant_k4_scale_min(scales, 2 * c + 1, &sc, &m);
		float d2 = d * sc, m2 = dmin * m;
		for (int l = 0; l < 32; l++) {
			y[64 * c + l] = d1 * (float)(qs[32 * c + l] & 0xF) - m1;
			y[64 * c + 32 + l] = d2 * (float)(qs[32 * c + l] >> 4) - m2;
		}
	}
}

static void deq_q5_k(const uint8_t *b, float *y)
{
	float d = rd_f16(b), dmin = rd_f16(b + 2);
	const uint8_t *scales = b + 4, *qh = b + 16, *qs = b + 48;
	for (int c = 0; c < 4; c++) {
		uint8_t sc, m;
		quant_k4_scale_min(scales, 2 * c, &sc, &m);
		float d1 = d * sc, m1 = dmin * m;
		quant_k4_scale_min(scales, 2 * c + 1, &sc, &m);
		float d2 = d * sc, m2 = dmin * m;
		for (int l = 0; l < 32; l++) {
			int lo = (qs[32 * c + l] & 0xF) + (((qh[l] >> (2 * c)) & 1) << 4);
			int hi = (qs[32 * c + l] >> 4) + (((qh[l] >> (2 * c + 1)) & 1) << 4);
			y[64 * c + l] = d1 * (float)lo - m1;
			y[64 * c + 32 + l] = d2 * (float)hi - m2;
		}
	}
}

static void deq_q6_k(const uint8_t *b, float *y)
{
	const uint8_t *ql0 = b, *qh0 = b + 128;
	const int8_t *sc0 = (const int8_t *)(b + 192);
	float d = rd_f16(b + 208);
	for (int h = 0; h < 2; h++) {
		const uint8_t *ql = ql0 + 64 * h, *qh = qh0 + 32 * h;
		const int8_t *sc = sc0 + 8 * h;
		float *yy = y + 128 * h;
		for (int l = 0; l < 32; l++) {
			int is = l / 16;
			int q1 = ((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
			int q2 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
			int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
			int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
			yy[l] = d * (float)sc[is + 0] * (float)q1;
			yy[l + 32] = d * (float)sc[is + 2] * (float)q2;
			yy[l + 64] = d * (float)sc[is + 4] * (float)q3;
			yy[l + 96] = d * (float)sc[is + 6] * (float)q4;
		}
	}
}

static void deq_q2_k(const uint8_t *b, float *y)
{
	const uint8_t *scales = b, *q = b + 16;
	float d = rd_f16(b + 80), dmin = rd_f16(b + 82);
	int is = 0, k = 0;
	for (int h = 0; h < 2; h++, q += 32) {
		for (int j = 0; j < 4; j++) {
			int shift = 2 * j;
			for (int g = 0; g < 2; g++) {
				uint8_t sc = scales[is++];
				float dl = d * (float)(sc & 0xF), ml = dmin * (float)(sc >> 4);
				for (int l = 0; l < 16; l++)
					y[k++] = dl * (float)((q[l + 16 * g] >> shift) & 3) - ml;
			}
		}
	}
}

static void deq_q3_k(const uint8_t *b, float *y)
{
	const uint8_t *hmask = b, *q = b + 32, *s = b + 96;
	float d = rd_f16(b + 108);
	int sc[16];
	for (int i = 0; i < 16; i++) {
		int low = i < 8 ? (s[i] & 0xF) : (s[i - 8] >> 4);
		int high = (s[8 + i % 4] >> (2 * (i / 4))) & 3;
		sc[i] = (low | (high << 4)) - 32;
	}
	int is = 0, k = 0;
	uint8_t m = 1;
	for (int h = 0; h < 2; h++, q += 32) {
		for (int j = 0; j < 4; j++, m = (uint8_t)(m << 1)) {
			int shift = 2 * j;
			for (int g = 0; g < 2; g++) {
				float dl = d * (float)sc[is++];
				for (int l = 0; l < 16; l++) {
					int idx = l + 16 * g;
					int v = ((q[idx] >> shift) & 3) - ((hmask[idx] & m) ? 0 : 4);
					y[k++] = dl * (float)v;
				}
			}
		}
	}
}

static void deq_q8_k(const uint8_t *b, float *y)
{
	float d;
	memcpy(&d, b, 4);
	for (int j = 0; j < 256; j++)
		y[j] = d * (float)(int8_t)b[4 + j];
}

static const int8_t iq4nl_table[16] = {
	-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113,
};

static void deq_iq4_nl(const uint8_t *b, float *y)
{
	float d = rd_f16(b);
	for (int j = 0; j < 16; j++) {
		y[j] = d * (float)iq4nl_table[b[2 + j] & 0xF];
		y[j + 16] = d * (float)iq4nl_table[b[2 + j] >> 4];
	}
}

static void deq_iq4_xs(const uint8_t *b, float *y)
{
	float d = rd_f16(b);
	unsigned scales_h = (unsigned)(b[2] | (b[3] << 8));
	const uint8_t *scales_l = b + 4, *qs = b + 8;
	for (int ib = 0; ib < 8; ib++) {
		int ls = ((scales_l[ib / 2] >> (4 * (ib % 2))) & 0xF) | (int)(((scales_h >> (2 * ib)) & 3) << 4);
		float dl = d * (float)(ls - 32);
		for (int j = 0; j < 16; j++) {
			y[32 * ib + j] = dl * (float)iq4nl_table[qs[16 * ib + j] & 0xF];
			y[32 * ib + j + 16] = dl * (float)iq4nl_table[qs[16 * ib + j] >> 4];
		}
	}
}

int quant_dequant_row_ref(uint32_t type, const void *src, float *dst, int64_t n)
{
	const struct type_info *t = info(type);
	if (!t || !t->deq || n < 0 || n % t->block)
		return -1;
	const uint8_t *b = src;
	int64_t nb = n / t->block;
	void (*fn)(const uint8_t *, float *) = NULL;

	switch (type) {
	case QUANT_TYPE_F32:
		memcpy(dst, src, (size_t)n * 4);
		return 0;
	case QUANT_TYPE_F16:
		for (int64_t i = 0; i < n; i++)
			dst[i] = rd_f16(b + 2 * i);
		return 0;
	case QUANT_TYPE_BF16:
		for (int64_t i = 0; i < n; i++)
			dst[i] = quant_bf16_to_f32((uint16_t)(b[2 * i] | (b[2 * i + 1] << 8)));
		return 0;
	case QUANT_TYPE_Q4_0: fn = deq_q4_0; break;
	case QUANT_TYPE_Q4_1: fn = deq_q4_1; break;
	case QUANT_TYPE_Q5_0: fn = deq_q5_0; break;
	case QUANT_TYPE_Q5_1: fn = deq_q5_1; break;
	case QUANT_TYPE_Q8_0: fn = deq_q8_0; break;
	case QUANT_TYPE_Q8_1: fn = deq_q8_1; break;
	case QUANT_TYPE_Q2_K: fn = deq_q2_k; break;
	case QUANT_TYPE_Q3_K: fn = deq_q3_k; break;
	case QUANT_TYPE_Q4_K: fn = deq_q4_k; break;
	case QUANT_TYPE_Q5_K: fn = deq_q5_k; break;
	case QUANT_TYPE_Q6_K: fn = deq_q6_k; break;
	case QUANT_TYPE_Q8_K: fn = deq_q8_k; break;
	case QUANT_TYPE_IQ4_NL: fn = deq_iq4_nl; break;
	case QUANT_TYPE_IQ4_XS: fn = deq_iq4_xs; break;
	default:
		return -1;
	}
	for (int64_t i = 0; i < nb; i++)
		fn(b + (size_t)i * t->bytes, dst + (size_t)i * t->block);
	return 0;
}

/* ---- quantization ---- */

/* The element of largest magnitude, sign kept (the first one on ties). */
static float signed_max(const float *x, int n)
{
	float amax = 0, max = 0;
	for (int j = 0; j < n; j++) {
		float a = fabsf(x[j]);
		if (a > amax) {
			amax = a;
			max = x[j];
		}
	}
	return max;
}

/*
 * Q4_0 / Q5_0: the extreme element maps to the most negative code (ggml's
 * choice: d = max / -8 resp. -16), so the grid spans [-8|d|, 7|d|] on the
 * side away from the extreme. |d| is rounded up to an fp16, so the extreme
 * is always inside.
 */
static float q_symm_scale(const float *x, int n, float levels_neg, uint16_t *hd)
{
	float max = signed_max(x, n);
	float mag = fabsf(max) / levels_neg;
	uint16_t h = f16_up(mag);
	if (max > 0)
		h |= 0x8000; /* d = max / -levels: negative when max is positive */
	*hd = h;
	return quant_f16_to_f32(h);
}

static void qnt_q4_0(const float *x, uint8_t *b)
{
	uint16_t hd;
	float d = q_symm_scale(x, 32, 8, &hd);
	wr_u16(b, hd);
	float ad = fabsf(d);
	for (int j = 0; j < 16; j++) {
		/* x / d with d's sign: q - 8 = x / d */
		int q0 = qround(d < 0 ? -x[j] : x[j], ad, -8, 7) + 8;
		int q1 = qround(d < 0 ? -x[j + 16] : x[j + 16], ad, -8, 7) + 8;
		b[2 + j] = (uint8_t)(q0 | (q1 << 4));
	}
}

static void qnt_q5_0(const float *x, uint8_t *b)
{
	uint16_t hd;
	float d = q_symm_scale(x, 32, 16, &hd);
	wr_u16(b, hd);
	float ad = fabsf(d);
	uint32_t qh = 0;
	for (int j = 0; j < 16; j++) {
		int q0 = qround(d < 0 ? -x[j] : x[j], ad, -16, 15) + 16;
		int q1 = qround(d < 0 ? -x[j + 16] : x[j + 16], ad, -16, 15) + 16;
		b[6 + j] = (uint8_t)((q0 & 0xF) | ((q1 & 0xF) << 4));
		qh |= (uint32_t)(q0 >> 4) << j;
		qh |= (uint32_t)(q1 >> 4) << (j + 16);
	}
	b[2] = (uint8_t)qh;
	b[3] = (uint8_t)(qh >> 8);
	b[4] = (uint8_t)(qh >> 16);
	b[5] = (uint8_t)(qh >> 24);
}

/* Q4_1 / Q5_1: m rounded down to an fp16 <= min, d rounded up so that
 * m + levels * d >= max. */
static void q_affine(const float *x, int n, int levels, uint16_t *hd, uint16_t *hm, float *d, float *m)
{
	float mn = x[0], mx = x[0];
	for (int j = 1; j < n; j++) {
		if (x[j] < mn)
			mn = x[j];
		if (x[j] > mx)
			mx = x[j];
	}
	*hm = f16_down(mn);
	*m = quant_f16_to_f32(*hm);
	*hd = f16_up((mx - *m) / (float)levels);
	*d = quant_f16_to_f32(*hd);
}

static void qnt_q4_1(const float *x, uint8_t *b)
{
	uint16_t hd, hm;
	float d, m;
	q_affine(x, 32, 15, &hd, &hm, &d, &m);
	wr_u16(b, hd);
	wr_u16(b + 2, hm);
	for (int j = 0; j < 16; j++) {
		int q0 = qround(x[j] - m, d, 0, 15);
		int q1 = qround(x[j + 16] - m, d, 0, 15);
		b[4 + j] = (uint8_t)(q0 | (q1 << 4));
	}
}

static void qnt_q5_1(const float *x, uint8_t *b)
{
	uint16_t hd, hm;
	float d, m;
	q_affine(x, 32, 31, &hd, &hm, &d, &m);
	wr_u16(b, hd);
	wr_u16(b + 2, hm);
	uint32_t qh = 0;
	for (int j = 0; j < 16; j++) {
		int q0 = qround(x[j] - m, d, 0, 31);
		int q1 = qround(x[j + 16] - m, d, 0, 31);
		b[8 + j] = (uint8_t)((q0 & 0xF) | ((q1 & 0xF) << 4));
		qh |= (uint32_t)(q0 >> 4) << j;
		qh |= (uint32_t)(q1 >> 4) << (j + 16);
	}
	b[4] = (uint8_t)qh;
	b[5] = (uint8_t)(qh >> 8);
	b[6] = (uint8_t)(qh >> 16);
	b[7] = (uint8_t)(qh >> 24);
}

static void qnt_q8_0(const float *x, uint8_t *b)
{
	float amax = fabsf(signed_max(x, 32));
	uint16_t hd = f16_up(amax / 127.0f);
	float d = quant_f16_to_f32(hd);
	wr_u16(b, hd);
	for (int j = 0; j < 32; j++)
		b[2 + j] = (uint8_t)(int8_t)qround(x[j], d, -127, 127);
}

static void qnt_q8_k(const float *x, uint8_t *b)
{
	float amax = fabsf(signed_max(x, 256));
	float d = amax / 127.0f;
	memcpy(b, &d, 4);
	int8_t *qs = (int8_t *)(b + 4);
	for (int j = 0; j < 256; j++)
		qs[j] = (int8_t)qround(x[j], d, -127, 127);
	for (int g = 0; g < 16; g++) {
		int sum = 0;
		for (int l = 0; l < 16; l++)
			sum += qs[16 * g + l];
		wr_u16(b + 260 + 2 * g, (uint16_t)(int16_t)sum);
	}
}

/*
 * Q4_K / Q5_K: 8 sub-blocks of 32, each x = d*sc*q - dmin*m with 6-bit sc
 * and m. Each sub-block's offset -dmin*m is taken at or below min(0, its
 * min), its step d*sc at or above what the remaining range needs, so the
 * grid covers the data. Fills q[256] (0..qmax) and the 12 scale bytes.
 */
static void k_scales(const float *x, int qmax, uint8_t *hdr, uint8_t *scales, uint8_t *q)
{
	float negmin[8], mx[8], lo[8], need[8];
	uint8_t sc[8], m[8];
	float maxneg = 0;
	for (int j = 0; j < 8; j++) {
		float a = 0, b = x[32 * j];
		for (int l = 0; l < 32; l++) {
			float v = x[32 * j + l];
			if (v < a)
				a = v;
			if (v > b)
				b = v;
		}
		negmin[j] = -a;
		mx[j] = b;
		if (negmin[j] > maxneg)
			maxneg = negmin[j];
	}
	uint16_t hmin = f16_up(maxneg / 63.0f);
	float dmin = quant_f16_to_f32(hmin);
	float maxneed = 0;
	for (int j = 0; j < 8; j++) {
		m[j] = (uint8_t)ceil_ratio(negmin[j], dmin, 63);
		lo[j] = -(dmin * (float)m[j]);
		need[j] = (mx[j] - lo[j]) / (float)qmax;
		if (need[j] > maxneed)
			maxneed = need[j];
	}
	uint16_t hd = f16_up(maxneed / 63.0f);
	float d = quant_f16_to_f32(hd);
	for (int j = 0; j < 8; j++) {
		sc[j] = (uint8_t)ceil_ratio(need[j], d, 63);
		float step = d * (float)sc[j];
		for (int l = 0; l < 32; l++)
			q[32 * j + l] = (uint8_t)qround(x[32 * j + l] - lo[j], step, 0, qmax);
	}
	wr_u16(hdr, hd);
	wr_u16(hdr + 2, hmin);
	memset(scales, 0, 12);
	for (int j = 0; j < 4; j++) {
		scales[j] = sc[j];
		scales[j + 4] = m[j];
	}
	for (int j = 4; j < 8; j++) {
		scales[j + 4] = (uint8_t)((sc[j] & 0xF) | ((m[j] & 0xF) << 4));
		scales[j - 4] |= (uint8_t)((sc[j] >> 4) << 6);
		scales[j] |= (uint8_t)((m[j] >> 4) << 6);
	}
}

static void qnt_q4_k(const float *x, uint8_t *b)
{
	uint8_t q[256];
	k_scales(x, 15, b, b + 4, q);
	uint8_t *qs = b + 16;
	for (int c = 0; c < 4; c++)
		for (int l = 0; l < 32; l++)
			qs[32 * c + l] = (uint8_t)(q[64 * c + l] | (q[64 * c + 32 + l] << 4));
}

static void qnt_q5_k(const float *x, uint8_t *b)
{
	uint8_t q[256];
	k_scales(x, 31, b, b + 4, q);
	uint8_t *qh = b + 16, *qs = b + 48;
	memset(qh, 0, 32);
	for (int c = 0; c < 4; c++)
		for (int l = 0; l < 32; l++) {
			int lo = q[64 * c + l], hi = q[64 * c + 32 + l];
			qs[32 * c + l] = (uint8_t)((lo & 0xF) | ((hi & 0xF) << 4));
			qh[l] |= (uint8_t)(((lo >> 4) << (2 * c)) | ((hi >> 4) << (2 * c + 1)));
		}
}

/* Q6_K: 16 sub-blocks of 16, x = d*sc*q, sc int8 (1..127 here), q -32..31;
 * each step is at least amax/31 of its sub-block. */
static void qnt_q6_k(const float *x, uint8_t *b)
{
	float need[16], maxneed = 0;
	for (int j = 0; j < 16; j++) {
		float a = 0;
		for (int l = 0; l < 16; l++)
			if (fabsf(x[16 * j + l]) > a)
				a = fabsf(x[16 * j + l]);
		need[j] = a / 31.0f;
		if (need[j] > maxneed)
			maxneed = need[j];
	}
	uint16_t hd = f16_up(maxneed / 127.0f);
	float d = quant_f16_to_f32(hd);
	uint8_t q[256];
	int8_t *scales = (int8_t *)(b + 192);
	for (int j = 0; j < 16; j++) {
		int sc = ceil_ratio(need[j], d, 127);
		scales[j] = (int8_t)sc;
		float step = d * (float)sc;
		for (int l = 0; l < 16; l++)
			q[16 * j + l] = (uint8_t)(qround(x[16 * j + l], step, -32, 31) + 32);
	}
	uint8_t *ql = b, *qh = b + 128;
	memset(qh, 0, 64);
	for (int h = 0; h < 2; h++)
		for (int l = 0; l < 32; l++) {
			const uint8_t *e = q + 128 * h + l;
			ql[64 * h + l] = (uint8_t)((e[0] & 0xF) | ((e[64] & 0xF) << 4));
			ql[64 * h + l + 32] = (uint8_t)((e[32] & 0xF) | ((e[96] & 0xF) << 4));
			qh[32 * h + l] = (uint8_t)((e[0] >> 4) | ((e[32] >> 4) << 2) |
						   ((e[64] >> 4) << 4) | ((e[96] >> 4) << 6));
		}
	wr_u16(b + 208, hd);
}

int quant_quant_row_ref(uint32_t type, const float *src, void *dst, int64_t n)
{
	const struct type_info *t = info(type);
	if (!t || !t->qnt || n < 0 || n % t->block)
		return -1;
	uint8_t *b = dst;
	int64_t nb = n / t->block;
	void (*fn)(const float *, uint8_t *) = NULL;

	switch (type) {
	case QUANT_TYPE_F32:
		memcpy(dst, src, (size_t)n * 4);
		return 0;
	case QUANT_TYPE_F16:
		for (int64_t i = 0; i < n; i++)
			wr_u16(b + 2 * i, quant_f32_to_f16(src[i]));
		return 0;
	case QUANT_TYPE_BF16:
		for (int64_t i = 0; i < n; i++)
			wr_u16(b + 2 * i, quant_f32_to_bf16(src[i]));
		return 0;
	case QUANT_TYPE_Q4_0: fn = qnt_q4_0; break;
	case QUANT_TYPE_Q4_1: fn = qnt_q4_1; break;
	case QUANT_TYPE_Q5_0: fn = qnt_q5_0; break;
	case QUANT_TYPE_Q5_1: fn = qnt_q5_1; break;
	case QUANT_TYPE_Q8_0: fn = qnt_q8_0; break;
	case QUANT_TYPE_Q4_K: fn = qnt_q4_k; break;
	case QUANT_TYPE_Q5_K: fn = qnt_q5_k; break;
	case QUANT_TYPE_Q6_K: fn = qnt_q6_k; break;
	case QUANT_TYPE_Q8_K: fn = qnt_q8_k; break;
	default:
		return -1;
	}
	for (int64_t i = 0; i < nb; i++)
		fn(src + (size_t)i * t->block, b + (size_t)i * t->bytes);
	return 0;
}
