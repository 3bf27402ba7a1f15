/*
 * Unit tests for the engine's first layer: quant (F16/BF16 rounding, block
 * layouts, quantization error bounds), the GGUF writer and reader (round
 * trip of every metadata type, tensors, alignment), the llama2.c converter
 * on testdata/models/tiny260k.bin in every output type, and a generated
 * suite of hostile GGUF files that must each be refused with a message and
 * no crash (the suite runs under ASan/UBSan in `make asan`).
 *
 * Environment: TOOL_DIR (where llama2c-to-gguf lives; the CLI checks are
 * skipped when it is missing), GGUF_SEED_DIR (when set, the fuzz seeds are
 * (re)written there), GGUF_TEST_MODEL (another llama2.c checkpoint).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine/gguf.h"
#include "engine/llama2c.h"
#include "engine/quant.h"
#include "unit.h"

static char dir[256];
static char err[1024];

static const char *tmp_path(const char *name)
{
	static char p[8][512];
	static int k;
	k = (k + 1) % 8;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	return p[k];
}

/* xorshift: reproducible data without libc's rand() state */
static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}
static double urand(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }
static float gauss(void)
{
	double u = urand() + 1e-300, v = urand();
	return (float)(sqrt(-2 * log(u)) * cos(6.283185307179586 * v));
}

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }

/* ================= F16 / BF16 ================= */

static double f16_value(uint16_t h) /* positive finite halves; 0x7c00 counts as 65536 */
{
	if (h == 0x7c00)
		return 65536.0;
	int e = (h >> 10) & 0x1f, m = h & 0x3ff;
	return e ? ldexp(1024 + m, e - 25) : ldexp(m, -24);
}

/* Correct rounding by search: largest h with value <= x, then nearest,
 * ties to the even code. */
static uint16_t f16_ref(float f)
{
	double x = fabs((double)f);
	uint16_t sign = signbit(f) ? 0x8000 : 0;
	int lo = 0, hi = 0x7c00;
	if (x >= 65536.0)
		return sign | 0x7c00;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (f16_value((uint16_t)mid) <= x)
			lo = mid;
		else
			hi = mid - 1;
	}
	uint16_t h = (uint16_t)lo;
	if (h < 0x7c00) {
		double a = x - f16_value(h), b = f16_value((uint16_t)(h + 1)) - x;
		if (b < a || (a == b && (h & 1)))
			h++;
	}
	return sign | h;
}

static void test_f16(void)
{
	int bad = 0;
	for (uint32_t h = 0; h < 0x10000; h++) {
		float f = quant_f16_to_f32((uint16_t)h);
		int nan = ((h & 0x7c00) == 0x7c00) && (h & 0x3ff);
		if (nan) {
			uint16_t back = quant_f32_to_f16(f);
			bad += !(isnan(f) && (back & 0x7c00) == 0x7c00 && (back & 0x3ff) && (back & 0x8000) == (h & 0x8000));
		} else {
			bad += quant_f32_to_f16(f) != h;
			bad += f16_ref(f) != h; /* the reference agrees on exact values */
		}
	}
	CHECK_EQ_INT(bad, 0);

	/* every float near and inside the half range, against the reference */
	bad = 0;
	for (int i = 0; i < 400000; i++) {
		uint32_t u = (uint32_t)rnd();
		/* exponents from 2^-30 to 2^17 mostly, with random mantissas */
		uint32_t e = 97 + (uint32_t)(rnd() % 48);
		u = (u & 0x807fffffu) | (e << 23);
		if (i % 4 == 0) /* exact ties: mantissa bits below the half's cut are 1000.. */
			u = (u & ~0x1fffu) | 0x1000;
		float f;
		memcpy(&f, &u, 4);
		if (quant_f32_to_f16(f) != f16_ref(f)) {
			if (bad++ < 5)
				fprintf(stderr, "f16 mismatch for %a: %04x vs %04x\n", (double)f, quant_f32_to_f16(f), f16_ref(f));
		}
	}
	CHECK_EQ_INT(bad, 0);

	CHECK_EQ_INT(quant_f32_to_f16(1.0f), 0x3c00);
	CHECK_EQ_INT(quant_f32_to_f16(1.0f + 0x1p-11f), 0x3c00); /* tie -> even */
	CHECK_EQ_INT(quant_f32_to_f16(1.0f + 0x3p-11f), 0x3c02); /* tie -> even (up) */
	CHECK_EQ_INT(quant_f32_to_f16(65504.0f), 0x7bff);
	CHECK_EQ_INT(quant_f32_to_f16(65519.99f), 0x7bff);
	CHECK_EQ_INT(quant_f32_to_f16(65520.0f), 0x7c00);
	CHECK_EQ_INT(quant_f32_to_f16(-1e10f), 0xfc00);
	CHECK_EQ_INT(quant_f32_to_f16(INFINITY), 0x7c00);
	CHECK_EQ_INT(quant_f32_to_f16(0x1p-24f), 0x0001);
	CHECK_EQ_INT(quant_f32_to_f16(0x1p-25f), 0x0000);       /* tie -> 0 */
	CHECK_EQ_INT(quant_f32_to_f16(0x1.000002p-25f), 0x0001);
	CHECK_EQ_INT(quant_f32_to_f16(0x3p-25f), 0x0002);       /* 1.5 units: tie -> 2 */
	CHECK_EQ_INT(quant_f32_to_f16(0x1.ffcp-15f), 0x0400);   /* 1023.5 units: tie -> 1024, the smallest normal */
	CHECK_EQ_INT(quant_f32_to_f16(0x1.ff8p-15f), 0x03ff);
	CHECK_EQ_INT(quant_f32_to_f16(-0.0f), 0x8000);
	CHECK(isnan(quant_f16_to_f32(quant_f32_to_f16(NAN))));
	CHECK(quant_f16_to_f32(0x0001) == 0x1p-24f);
	CHECK(quant_f16_to_f32(0x03ff) == 0x3ffp-24f);
	CHECK(quant_f16_to_f32(0xfbff) == -65504.0f);

	/* BF16: exhaustive round trip, and RNE against double arithmetic */
	bad = 0;
	for (uint32_t h = 0; h < 0x10000; h++) {
		float f = quant_bf16_to_f32((uint16_t)h);
		if (isnan(f))
			bad += !isnan(quant_bf16_to_f32(quant_f32_to_bf16(f)));
		else
			bad += quant_f32_to_bf16(f) != h;
	}
	CHECK_EQ_INT(bad, 0);
	bad = 0;
	for (int i = 0; i < 200000; i++) {
		uint32_t u = (uint32_t)rnd();
		if ((u & 0x7f800000u) == 0x7f800000u)
			continue;
		if (i % 4 == 0)
			u = (u & ~0xffffu) | 0x8000; /* ties */
		float f;
		memcpy(&f, &u, 4);
		uint16_t lo = (uint16_t)(u >> 16), hi = (uint16_t)(lo + 1);
		double a = fabs((double)f - (double)quant_bf16_to_f32(lo));
		double b = fabs((double)quant_bf16_to_f32(hi) - (double)f);
		if ((hi & 0x7f80) == 0x7f80 && (hi & 0x7f) == 0) /* next is inf */
			b = fabs(ldexp(1.0, 128) * (f < 0 ? -1 : 1) - (double)f);
		uint16_t want = (b < a || (a == b && (lo & 1))) ? hi : lo;
		bad += quant_f32_to_bf16(f) != want;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(quant_f32_to_bf16(1.0f), 0x3f80);
	CHECK(isnan(quant_bf16_to_f32(quant_f32_to_bf16(NAN))));
	CHECK_EQ_INT(quant_f32_to_bf16(INFINITY), 0x7f80);
	CHECK_EQ_INT(quant_f32_to_bf16(3.4028235e38f), 0x7f80); /* rounds past the largest bf16 */
}

/* ================= block layouts ================= */

static void test_layout_table(void)
{
	static const struct { uint32_t t; size_t block, bytes; } want[] = {
		{ QUANT_TYPE_F32, 1, 4 },     { QUANT_TYPE_F16, 1, 2 },    { QUANT_TYPE_BF16, 1, 2 },
		{ QUANT_TYPE_Q4_0, 32, 18 },  { QUANT_TYPE_Q4_1, 32, 20 }, { QUANT_TYPE_Q5_0, 32, 22 },
		{ QUANT_TYPE_Q5_1, 32, 24 },  { QUANT_TYPE_Q8_0, 32, 34 }, { QUANT_TYPE_Q2_K, 256, 84 },
		{ QUANT_TYPE_Q3_K, 256, 110 }, { QUANT_TYPE_Q4_K, 256, 144 }, { QUANT_TYPE_Q5_K, 256, 176 },
		{ QUANT_TYPE_Q6_K, 256, 210 }, { QUANT_TYPE_Q8_K, 256, 292 }, { QUANT_TYPE_IQ4_NL, 32, 18 },
		{ QUANT_TYPE_IQ4_XS, 256, 136 },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		CHECK_EQ_INT(quant_block_size(want[i].t), want[i].block);
		CHECK_EQ_INT(quant_type_size(want[i].t), want[i].bytes);
		CHECK(quant_type_supported(want[i].t));
	}
	CHECK_EQ_STR(gguf_type_name(QUANT_TYPE_Q4_K), "Q4_K");
	CHECK_EQ_STR(gguf_type_name(QUANT_TYPE_BF16), "BF16");
	CHECK_EQ_STR(gguf_type_name(QUANT_TYPE_IQ2_XXS), "IQ2_XXS");
	CHECK_EQ_STR(gguf_type_name(99), "unknown");
	CHECK(!quant_type_supported(QUANT_TYPE_IQ2_XXS));
	uint64_t rs;
	CHECK(quant_row_size(QUANT_TYPE_Q4_K, 4096, &rs) == 0 && rs == 16 * 144);
	CHECK(quant_row_size(QUANT_TYPE_Q4_K, 4000, &rs) == -1);
	CHECK(quant_row_size(QUANT_TYPE_Q8_0, (int64_t)1 << 62, &rs) == 0);   /* 2^57 blocks * 34 bytes < 2^63 */
	CHECK(quant_row_size(QUANT_TYPE_Q8_0, (int64_t)31 << 58, &rs) == -1); /* 31 * 2^53 blocks * 34 > 2^63 */
	CHECK(quant_row_size(QUANT_TYPE_F32, 0, &rs) == -1);
	CHECK(quant_row_size(99, 32, &rs) == -1);
}

/*
 * Element positions, straight from the block layouts in ENGINE-FACTS.md
 * (ggml-common.h / ggml-quants.c): for each element e, set only that
 * element's code to "one step" above the zero code and check that exactly
 * element e decodes to one step.
 */
static int one_hot(uint32_t type, uint8_t *blk, size_t nbytes, int n, int e, float step)
{
	float y[256];
	if (quant_dequant_row_ref(type, blk, y, n))
		return 0;
	(void)nbytes;
	for (int i = 0; i < n; i++)
		if (fabsf(y[i] - (i == e ? step : 0.0f)) > 1e-6f)
			return 0;
	return 1;
}

static void test_layout_positions(void)
{
	uint8_t b[292];
	int bad;

	/* Q4_0: d = 1, zero code 8; element j<16 low nibble of qs[j], j>=16 high nibble of qs[j-16] */
	bad = 0;
	for (int e = 0; e < 32; e++) {
		memset(b, 0x88, sizeof(b));
		b[0] = 0x00, b[1] = 0x3c;
		uint8_t *qs = b + 2;
		if (e < 16)
			qs[e] = 0x89;
		else
			qs[e - 16] = 0x98;
		bad += !one_hot(QUANT_TYPE_Q4_0, b, 18, 32, e, 1.0f);
	}
	CHECK_EQ_INT(bad, 0);

	/* Q5_0: zero code 16 = bit 4 set from qh; one step = 17 */
	bad = 0;
	for (int e = 0; e < 32; e++) {
		memset(b, 0, sizeof(b));
		b[0] = 0x00, b[1] = 0x3c;
		memset(b + 2, 0xff, 4); /* qh: every element's bit 4 */
		if (e < 16)
			b[6 + e] |= 0x01;
		else
			b[6 + e - 16] |= 0x10;
		bad += !one_hot(QUANT_TYPE_Q5_0, b, 22, 32, e, 1.0f);
	}
	CHECK_EQ_INT(bad, 0);

	/* Q5_1 / Q4_1: m = 0, d = 1: code 1 at element e */
	bad = 0;
	for (int e = 0; e < 32; e++) {
		memset(b, 0, sizeof(b));
		b[0] = 0x00, b[1] = 0x3c;
		b[8 + (e % 16)] = e < 16 ? 0x01 : 0x10;
		bad += !one_hot(QUANT_TYPE_Q5_1, b, 24, 32, e, 1.0f);
		memset(b, 0, sizeof(b));
		b[0] = 0x00, b[1] = 0x3c;
		b[4 + (e % 16)] = e < 16 ? 0x01 : 0x10;
		bad += !one_hot(QUANT_TYPE_Q4_1, b, 20, 32, e, 1.0f);
	}
	/* the fifth bit: element e from qh bit e */
	for (int e = 0; e < 32; e++) {
		memset(b, 0, sizeof(b));
		b[0] = 0x00, b[1] = 0x3c;
		b[4 + e / 8] = (uint8_t)(1u << (e % 8));
		bad += !one_hot(QUANT_TYPE_Q5_1, b, 24, 32, e, 16.0f);
	}
	CHECK_EQ_INT(bad, 0);

	/* Q4_K: d = 1, dmin = 0, all 8 scales = 1 (bytes 0-3 = 1, 8-11 low nibble = 1);
	 * chunk c: low nibbles of qs[32c+l] -> 64c+l, high -> 64c+32+l */
	bad = 0;
	for (int e = 0; e < 256; e++) {
		for (int k5 = 0; k5 < 2; k5++) {
			memset(b, 0, sizeof(b));
			b[0] = 0x00, b[1] = 0x3c;
			uint8_t *sc = b + 4;
			sc[0] = sc[1] = sc[2] = sc[3] = 1;
			sc[8] = sc[9] = sc[10] = sc[11] = 1;
			int c = e / 64, l = e % 32, high = (e % 64) >= 32;
			uint8_t *qs = b + (k5 ? 48 : 16);
			qs[32 * c + l] = high ? 0x10 : 0x01;
			bad += !one_hot(k5 ? QUANT_TYPE_Q5_K : QUANT_TYPE_Q4_K, b, 0, 256, e, 1.0f);
			if (k5) { /* and the fifth bit alone: qh[l] bit 2c (+1 for high) */
				memset(qs, 0, 128);
				b[16 + l] = (uint8_t)(1u << (2 * c + high));
				bad += !one_hot(QUANT_TYPE_Q5_K, b, 0, 256, e, 16.0f);
			}
		}
	}
	CHECK_EQ_INT(bad, 0);

	/* Q4_K scale/min packing: sub-block j gets scale j+1 (and min 2j+3 with
	 * dmin = 1, no codes): y = -(2j+3) over sub-block j. */
	{
		memset(b, 0, sizeof(b));
		b[0] = 0x00, b[1] = 0x3c, b[2] = 0x00, b[3] = 0x3c;
		uint8_t *s = b + 4;
		for (int j = 0; j < 8; j++) {
			int scv = 40 + j, mv = 33 + 3 * j; /* > 15 so the top bits matter */
			if (j < 4) {
				s[j] = (uint8_t)scv;
				s[j + 4] = (uint8_t)mv;
			} else {
				s[j + 4] = (uint8_t)((scv & 0xF) | ((mv & 0xF) << 4));
				s[j - 4] |= (uint8_t)((scv >> 4) << 6);
				s[j] |= (uint8_t)((mv >> 4) << 6);
			}
		}
		for (int j = 0; j < 8; j++) {
			uint8_t scv, mv;
			quant_k4_scale_min(s, j, &scv, &mv);
			CHECK_EQ_INT(scv, 40 + j);
			CHECK_EQ_INT(mv, 33 + 3 * j);
		}
		float y[256];
		CHECK(quant_dequant_row_ref(QUANT_TYPE_Q4_K, b, y, 256) == 0);
		CHECK(y[0] == -33.0f && y[255] == -(33.0f + 21.0f) && y[32 * 5] == -(33.0f + 15.0f));
	}

	/* Q6_K: d = 1, scales all 1, zero code 32 (ql nibble 0, qh 2 bits = 2).
	 * Element 128h + l + 32k: ql[64h + l + 32*(k&1)] nibble k>>1, qh[32h+l] bits 2k. */
	bad = 0;
	for (int e = 0; e < 256; e++) {
		memset(b, 0, sizeof(b));
		memset(b + 128, 0xAA, 64); /* every 2-bit field = 2 */
		memset(b + 192, 1, 16);
		b[208] = 0x00, b[209] = 0x3c;
		int h = e / 128, r = e % 128, k = r / 32, l = r % 32;
		b[64 * h + l + 32 * (k & 1)] |= (uint8_t)((k >> 1) ? 0x10 : 0x01);
		bad += !one_hot(QUANT_TYPE_Q6_K, b, 0, 256, e, 1.0f);
	}
	/* scale index: sub-block j of 16 uses scales[j] */
	memset(b, 0, sizeof(b));
	memset(b + 128, 0xFF, 64); /* code 48 everywhere: q = 16 */
	for (int j = 0; j < 16; j++)
		b[192 + j] = (uint8_t)(j + 1);
	b[208] = 0x00, b[209] = 0x3c;
	{
		float y[256];
		quant_dequant_row_ref(QUANT_TYPE_Q6_K, b, y, 256);
		for (int e = 0; e < 256; e++)
			bad += y[e] != 16.0f * (float)(e / 16 + 1);
	}
	CHECK_EQ_INT(bad, 0);

	/* Q3_K: d = 1; hmask bits all set (no -4); scale i = (low | high<<4) - 32.
	 * Make every scale 1: low nibble 1 and high bits 2 -> 33 - 32 = 1.
	 * Element 128h + 32j + 16g + l: qs[32h + 16g + l] bits 2j. */
	bad = 0;
	for (int e = 0; e < 256; e++) {
		memset(b, 0, sizeof(b));
		memset(b, 0xFF, 32);
		uint8_t *s = b + 96;
		for (int i = 0; i < 8; i++)
			s[i] = 0x11;
		for (int i = 8; i < 12; i++)
			s[i] = 0xAA;
		b[108] = 0x00, b[109] = 0x3c;
		int h = e / 128, r = e % 128, j = r / 32, g = (r % 32) / 16, l = r % 16;
		b[32 + 32 * h + 16 * g + l] = (uint8_t)(1u << (2 * j));
		bad += !one_hot(QUANT_TYPE_Q3_K, b, 0, 256, e, 1.0f);
		/* hmask: element's bit (4h + j) of hmask[16g + l] cleared -> q - 4 */
		memset(b + 32, 0, 64);
		b[16 * g + l] = (uint8_t)~(1u << (4 * h + j));
		bad += !one_hot(QUANT_TYPE_Q3_K, b, 0, 256, e, -4.0f);
	}
	CHECK_EQ_INT(bad, 0);
	/* Q3_K scales: scale i gets value i - 8 (so 24 + i before the -32 offset) */
	{
		memset(b, 0, sizeof(b));
		memset(b, 0xFF, 32);
		memset(b + 32, 0x55, 64); /* q = 1 everywhere */
		uint8_t *s = b + 96;
		for (int i = 0; i < 16; i++) {
			int v = 24 + i;
			if (i < 8)
				s[i] |= (uint8_t)(v & 0xF);
			else
				s[i - 8] |= (uint8_t)((v & 0xF) << 4);
			s[8 + i % 4] |= (uint8_t)(((v >> 4) & 3) << (2 * (i / 4)));
		}
		b[108] = 0x00, b[109] = 0x3c;
		float y[256];
		quant_dequant_row_ref(QUANT_TYPE_Q3_K, b, y, 256);
		bad = 0;
		for (int e = 0; e < 256; e++)
			bad += y[e] != (float)(e / 16 - 8);
		CHECK_EQ_INT(bad, 0);
	}

	/* Q2_K: scales[k] low nibble scale, high nibble min; same traversal */
	bad = 0;
	for (int e = 0; e < 256; e++) {
		memset(b, 0, sizeof(b));
		memset(b, 0x01, 16);
		b[80] = 0x00, b[81] = 0x3c;
		int h = e / 128, r = e % 128, j = r / 32, g = (r % 32) / 16, l = r % 16;
		b[16 + 32 * h + 16 * g + l] = (uint8_t)(1u << (2 * j));
		bad += !one_hot(QUANT_TYPE_Q2_K, b, 0, 256, e, 1.0f);
	}
	memset(b, 0, sizeof(b));
	for (int k = 0; k < 16; k++)
		b[k] = (uint8_t)((k & 0xF) << 4 | 1); /* min k, scale 1 */
	b[80] = 0x00, b[81] = 0x3c, b[82] = 0x00, b[83] = 0x3c;
	{
		float y[256];
		quant_dequant_row_ref(QUANT_TYPE_Q2_K, b, y, 256);
		for (int e = 0; e < 256; e++)
			bad += y[e] != -(float)(e / 16);
	}
	CHECK_EQ_INT(bad, 0);

	/* Q8_0 and IQ4_NL, one element each */
	memset(b, 0, sizeof(b));
	b[0] = 0x00, b[1] = 0x40; /* d = 2 */
	for (int j = 0; j < 32; j++)
		b[2 + j] = (uint8_t)(int8_t)(j - 16);
	{
		float y[32];
		quant_dequant_row_ref(QUANT_TYPE_Q8_0, b, y, 32);
		bad = 0;
		for (int j = 0; j < 32; j++)
			bad += y[j] != 2.0f * (float)(j - 16);
		CHECK_EQ_INT(bad, 0);
		for (int j = 0; j < 16; j++)
			b[2 + j] = (uint8_t)(j | ((15 - j) << 4));
		b[0] = 0x00, b[1] = 0x3c;
		quant_dequant_row_ref(QUANT_TYPE_IQ4_NL, b, y, 32);
		CHECK(y[0] == -127.0f && y[15] == 113.0f && y[16] == 113.0f && y[31] == -127.0f);
	}
	/* IQ4_XS: sub-block ib has 6-bit scale ls = 33 + ib (low 4 bits in
	 * scales_l nibbles, high 2 bits in scales_h), so dl = ib + 1; every code
	 * 8 maps to table value 1; one code 15 (113) in sub-block 5, high half */
	memset(b, 0, sizeof(b));
	b[0] = 0x00, b[1] = 0x3c;
	{
		unsigned sh = 0;
		for (int ib = 0; ib < 8; ib++) {
			int ls = 33 + ib;
			b[4 + ib / 2] |= (uint8_t)((ls & 0xF) << (4 * (ib % 2)));
			sh |= (unsigned)(ls >> 4) << (2 * ib);
		}
		b[2] = (uint8_t)sh, b[3] = (uint8_t)(sh >> 8);
		memset(b + 8, 0x88, 128);
		b[8 + 16 * 5 + 3] = 0xF8;
		float y[256];
		CHECK(quant_dequant_row_ref(QUANT_TYPE_IQ4_XS, b, y, 256) == 0);
		bad = 0;
		for (int e = 0; e < 256; e++)
			bad += y[e] != (float)(e / 32 + 1) * (e == 32 * 5 + 16 + 3 ? 113.0f : 1.0f);
		CHECK_EQ_INT(bad, 0);
	}
}

/* ================= quantization error bounds ================= */

enum dist { DIST_GAUSS, DIST_UNIFORM, DIST_OUTLIER, DIST_ZERO, DIST_CONST, DIST_TINY, DIST_POSITIVE, DIST_NEG, DIST_N };

static void fill_dist(float *x, int n, enum dist d)
{
	for (int i = 0; i < n; i++) {
		switch (d) {
		case DIST_GAUSS: x[i] = gauss() * 0.02f; break;
		case DIST_UNIFORM: x[i] = (float)(urand() * 2 - 1); break;
		case DIST_OUTLIER: x[i] = gauss() * (i % 97 == 5 ? 50.0f : 0.5f); break;
		case DIST_ZERO: x[i] = 0; break;
		case DIST_CONST: x[i] = 0.75f; break;
		case DIST_TINY: x[i] = gauss() * 1e-6f; break;
		case DIST_POSITIVE: x[i] = (float)urand() * 3 + 1; break;
		case DIST_NEG: x[i] = -(float)urand() * 100 - 20; break;
		default: x[i] = 0;
		}
	}
}

/*
 * The bound for element i of a row, from the block's stored scales:
 *  - Q8_0, Q8_K: the scale d covers amax with 127 steps: |err| <= d/2.
 *  - Q4_0/Q5_0: codes span [-8, 7] (resp. [-16, 15]) steps of signed d, the
 *    extreme element sits at -8 (-16), so elements within the span have
 *    |err| <= |d|/2; on the far side, up to (t - 7)|d| (t = x/d <= 8).
 *  - Q4_1/Q5_1: [m, m + 15d] (31d) covers [min, max]: |err| <= d/2.
 *  - Q4_K/Q5_K: sub-block j spans [-dmin*m_j, -dmin*m_j + 15 (31) d*sc_j]
 *    over its data: |err| <= d*sc_j/2.
 *  - Q6_K: sub-block j of 16 spans [-32, 31] steps of d*sc_j covering its
 *    amax: |err| <= d*sc_j/2.
 * Float arithmetic in (de)quantization adds a few ulps: slack 2e-6 of the
 * block's largest magnitude.
 */
static double elem_bound(uint32_t type, const uint8_t *row, int i, float x)
{
	switch (type) {
	case QUANT_TYPE_Q8_0: return quant_f16_to_f32(rd16(row + (i / 32) * 34)) / 2;
	case QUANT_TYPE_Q8_K: { float d; memcpy(&d, row + (i / 256) * 292, 4); return d / 2; }
	case QUANT_TYPE_Q4_0:
	case QUANT_TYPE_Q5_0: {
		size_t bs = type == QUANT_TYPE_Q4_0 ? 18 : 22;
		double d = quant_f16_to_f32(rd16(row + (i / 32) * bs));
		double top = type == QUANT_TYPE_Q4_0 ? 7 : 15;
		double t = d != 0 ? x / d : 0;
		return fabs(d) * (t > top + 0.5 ? t - top : 0.5);
	}
	case QUANT_TYPE_Q4_1: return quant_f16_to_f32(rd16(row + (i / 32) * 20)) / 2;
	case QUANT_TYPE_Q5_1: return quant_f16_to_f32(rd16(row + (i / 32) * 24)) / 2;
	case QUANT_TYPE_Q4_K:
	case QUANT_TYPE_Q5_K: {
		const uint8_t *b = row + (i / 256) * (type == QUANT_TYPE_Q4_K ? 144 : 176);
		uint8_t sc, m;
		quant_k4_scale_min(b + 4, (i % 256) / 32, &sc, &m);
		return quant_f16_to_f32(rd16(b)) * sc / 2;
	}
	case QUANT_TYPE_Q6_K: {
		const uint8_t *b = row + (i / 256) * 210;
		return quant_f16_to_f32(rd16(b + 208)) * (int8_t)b[192 + (i % 256) / 16] / 2;
	}
	default: return 0; /* F16/BF16: checked separately */
	}
}

static void test_quant_bounds(void)
{
	static const struct { uint32_t t; double max_rel_rms; } fmts[] = {
		/* rough quality ceilings for Gaussian data (relative RMS error):
		 * uniform rounding error is step/sqrt(12); steps are ~amax/127
		 * (Q8), ~amax/8 (Q4), range/15 or /31 per sub-block (K). */
		{ QUANT_TYPE_Q8_0, 0.01 }, { QUANT_TYPE_Q4_0, 0.13 }, { QUANT_TYPE_Q4_1, 0.13 },
		{ QUANT_TYPE_Q5_0, 0.065 }, { QUANT_TYPE_Q5_1, 0.065 }, { QUANT_TYPE_Q4_K, 0.13 },
		{ QUANT_TYPE_Q5_K, 0.065 }, { QUANT_TYPE_Q6_K, 0.04 }, { QUANT_TYPE_Q8_K, 0.01 },
	};
	enum { N = 4096 };
	static float x[N], y[N];
	static uint8_t q[N * 2];
	for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
		uint32_t t = fmts[f].t;
		uint64_t rs;
		CHECK(quant_row_size(t, N, &rs) == 0 && rs <= sizeof(q));
		for (int d = 0; d < DIST_N; d++) {
			for (int rep = 0; rep < 3; rep++) {
				fill_dist(x, N, (enum dist)d);
				memset(q, 0xA5, sizeof(q));
				CHECK(quant_quant_row_ref(t, x, q, N) == 0);
				CHECK(quant_dequant_row_ref(t, q, y, N) == 0);
				int bad = 0;
				double se = 0, sx = 0;
				int bs = (int)quant_block_size(t);
				for (int b0 = 0; b0 < N; b0 += bs) {
					float amax = 0;
					for (int i = b0; i < b0 + bs; i++)
						amax = fmaxf(amax, fabsf(x[i]));
					for (int i = b0; i < b0 + bs; i++) {
						double e = fabs((double)x[i] - (double)y[i]);
						double bound = elem_bound(t, q, i, x[i]) * (1 + 1e-6) + 2e-6 * amax + 1e-30;
						se += e * e;
						sx += (double)x[i] * x[i];
						if (!(e <= bound)) {
							if (bad++ < 3)
								fprintf(stderr, "%s dist %d: x[%d] = %g -> %g, err %g > bound %g\n",
									quant_type_name(t), d, i, x[i], y[i], e, bound);
						}
					}
				}
				CHECK_MSG(bad == 0, "%s dist %d: %d elements over the bound", quant_type_name(t), d, bad);
				if (d == DIST_GAUSS)
					CHECK_MSG(sqrt(se / sx) <= fmts[f].max_rel_rms, "%s rel rms %g", quant_type_name(t),
						  sqrt(se / sx));
				if (d == DIST_ZERO) {
					int nz = 0;
					for (int i = 0; i < N; i++)
						nz += y[i] != 0;
					CHECK_EQ_INT(nz, 0);
				}
			}
		}
	}

	/* F16 and BF16 are exact on values they can represent */
	int bad = 0;
	for (int i = 0; i < N; i++) {
		uint16_t h;
		do
			h = (uint16_t)rnd();
		while ((h & 0x7c00) == 0x7c00);
		x[i] = quant_f16_to_f32(h);
	}
	quant_quant_row_ref(QUANT_TYPE_F16, x, q, N);
	quant_dequant_row_ref(QUANT_TYPE_F16, q, y, N);
	for (int i = 0; i < N; i++)
		bad += memcmp(&x[i], &y[i], 4) != 0;
	for (int i = 0; i < N; i++) {
		uint16_t h;
		do
			h = (uint16_t)rnd();
		while ((h & 0x7f80) == 0x7f80);
		x[i] = quant_bf16_to_f32(h);
	}
	quant_quant_row_ref(QUANT_TYPE_BF16, x, q, N);
	quant_dequant_row_ref(QUANT_TYPE_BF16, q, y, N);
	for (int i = 0; i < N; i++)
		bad += memcmp(&x[i], &y[i], 4) != 0;
	CHECK_EQ_INT(bad, 0);

	/* rows that are not whole blocks are refused */
	CHECK(quant_quant_row_ref(QUANT_TYPE_Q8_0, x, q, 33) == -1);
	CHECK(quant_dequant_row_ref(QUANT_TYPE_Q4_K, q, y, 255) == -1);
	CHECK(quant_dequant_row_ref(QUANT_TYPE_IQ2_XXS, q, y, 256) == -1);
	CHECK(quant_quant_row_ref(QUANT_TYPE_Q3_K, x, q, 256) == -1);
}

/* ================= writer -> reader round trip ================= */

/* a raw encoded value for add_raw: nested array [[1,2],[3]] of u16 */
static size_t nested_value(uint8_t *p)
{
	uint8_t *s = p;
	uint32_t t = GGUF_VTYPE_U16, ta = GGUF_VTYPE_ARRAY;
	uint64_t n2 = 2, n1 = 1;
	uint16_t v1 = 1, v2 = 2, v3 = 3;
	memcpy(p, &ta, 4), p += 4;
	memcpy(p, &n2, 8), p += 8;
	memcpy(p, &t, 4), p += 4;
	memcpy(p, &n2, 8), p += 8;
	memcpy(p, &v1, 2), p += 2;
	memcpy(p, &v2, 2), p += 2;
	memcpy(p, &t, 4), p += 4;
	memcpy(p, &n1, 8), p += 8;
	memcpy(p, &v3, 2), p += 2;
	return (size_t)(p - s);
}

static float tdata_f32[3 * 5 * 2 * 2];
static uint8_t tdata_q4k[2 * 144];
static uint8_t tdata_q8[4 * 34];

static struct gguf_writer *sample_writer(uint32_t alignment)
{
	struct gguf_writer *w = gguf_writer_new();
	int rc = 0;
	if (alignment)
		rc |= gguf_writer_set_alignment(w, alignment);
	rc |= gguf_writer_add_str(w, "general.architecture", "llama");
	rc |= gguf_writer_add_u8(w, "t.u8", 255);
	rc |= gguf_writer_add_i8(w, "t.i8", -128);
	rc |= gguf_writer_add_u16(w, "t.u16", 65535);
	rc |= gguf_writer_add_i16(w, "t.i16", -32768);
	rc |= gguf_writer_add_u32(w, "t.u32", 4000000000u);
	rc |= gguf_writer_add_i32(w, "t.i32", -2000000000);
	rc |= gguf_writer_add_u64(w, "t.u64", UINT64_MAX);
	rc |= gguf_writer_add_i64(w, "t.i64", INT64_MIN);
	rc |= gguf_writer_add_f32(w, "t.f32", 1.5f);
	rc |= gguf_writer_add_f64(w, "t.f64", -2.25e300);
	rc |= gguf_writer_add_bool(w, "t.true", 1);
	rc |= gguf_writer_add_bool(w, "t.false", 0);
	rc |= gguf_writer_add_str(w, "t.str", "h\xc3\xa9llo \xe2\x96\x81 world");
	rc |= gguf_writer_add_str(w, "t.empty", "");
	rc |= gguf_writer_add_u32(w, "t.small_u32", 7);
	rc |= gguf_writer_add_i32(w, "t.neg", -1);
	static const int32_t ai[] = { -1, 0, 1, 2147483647 };
	static const float af[] = { 0.5f, -0.25f, 1e-30f };
	static const uint8_t ab[] = { 1, 0, 1 };
	static const uint64_t au[] = { 0, UINT64_MAX };
	static const double ad[] = { 3.25 };
	rc |= gguf_writer_add_arr(w, "t.arr_i32", GGUF_VTYPE_I32, ai, 4);
	rc |= gguf_writer_add_arr(w, "t.arr_f32", GGUF_VTYPE_F32, af, 3);
	rc |= gguf_writer_add_arr(w, "t.arr_bool", GGUF_VTYPE_BOOL, ab, 3);
	rc |= gguf_writer_add_arr(w, "t.arr_u64", GGUF_VTYPE_U64, au, 2);
	rc |= gguf_writer_add_arr(w, "t.arr_f64", GGUF_VTYPE_F64, ad, 1);
	rc |= gguf_writer_add_arr(w, "t.arr_empty", GGUF_VTYPE_U8, NULL, 0);
	static const char *strs[] = { "<unk>", "", "\xe2\x96\x81the", "x" };
	rc |= gguf_writer_add_arr_str(w, "t.arr_str", strs, NULL, 4);
	static const char nul[] = { 'a', 0, 'b' };
	const char *nulp = nul;
	size_t nullen = 3;
	rc |= gguf_writer_add_arr_str(w, "t.arr_nul", &nulp, &nullen, 1);
	uint8_t nv[64];
	size_t nn = nested_value(nv);
	rc |= gguf_writer_add_raw(w, "t.nested", GGUF_VTYPE_ARRAY, nv, nn);

	for (size_t i = 0; i < sizeof(tdata_f32) / 4; i++)
		tdata_f32[i] = (float)i - 7.5f;
	for (size_t i = 0; i < sizeof(tdata_q4k); i++)
		tdata_q4k[i] = (uint8_t)(i * 7 + 3);
	tdata_q4k[1] = tdata_q4k[3] = tdata_q4k[145] = tdata_q4k[147] = 0x3c; /* finite d, dmin */
	for (size_t i = 0; i < sizeof(tdata_q8); i++)
		tdata_q8[i] = (uint8_t)(i * 13);
	for (int b = 0; b < 4; b++)
		tdata_q8[b * 34 + 1] = 0x38;
	int64_t ne4[4] = { 3, 5, 2, 2 }, nek[2] = { 256, 2 }, ne8[1] = { 128 };
	rc |= gguf_writer_add_tensor(w, "blk.0.w4d", QUANT_TYPE_F32, 4, ne4, tdata_f32, sizeof(tdata_f32));
	rc |= gguf_writer_add_tensor(w, "q4k", QUANT_TYPE_Q4_K, 2, nek, tdata_q4k, sizeof(tdata_q4k));
	rc |= gguf_writer_add_tensor(w, "q8", QUANT_TYPE_Q8_0, 1, ne8, tdata_q8, sizeof(tdata_q8));
	if (rc) {
		fprintf(stderr, "sample_writer: %s\n", gguf_writer_error(w));
		CHECK(rc == 0);
	}
	return w;
}

static void check_sample(struct gguf_ctx *g, uint32_t alignment)
{
	uint32_t u32;
	int32_t i32;
	uint64_t u64;
	int64_t i64;
	float f32;
	double f64;
	int b;
	const char *s;
	size_t len;

	CHECK_EQ_INT(gguf_version(g), 3);
	CHECK_EQ_INT(gguf_alignment(g), alignment);
	CHECK(gguf_get_u32(g, "t.u8", &u32, err, sizeof(err)) == 0 && u32 == 255);
	CHECK(gguf_get_i32(g, "t.i8", &i32, err, sizeof(err)) == 0 && i32 == -128);
	CHECK(gguf_get_u32(g, "t.u16", &u32, err, sizeof(err)) == 0 && u32 == 65535);
	CHECK(gguf_get_i32(g, "t.i16", &i32, err, sizeof(err)) == 0 && i32 == -32768);
	CHECK(gguf_get_u32(g, "t.u32", &u32, err, sizeof(err)) == 0 && u32 == 4000000000u);
	CHECK(gguf_get_i32(g, "t.i32", &i32, err, sizeof(err)) == 0 && i32 == -2000000000);
	CHECK(gguf_get_u64(g, "t.u64", &u64, err, sizeof(err)) == 0 && u64 == UINT64_MAX);
	CHECK(gguf_get_i64(g, "t.i64", &i64, err, sizeof(err)) == 0 && i64 == INT64_MIN);
	CHECK(gguf_get_f32(g, "t.f32", &f32, err, sizeof(err)) == 0 && f32 == 1.5f);
	CHECK(gguf_get_f64(g, "t.f64", &f64, err, sizeof(err)) == 0 && f64 == -2.25e300);
	CHECK(gguf_get_bool(g, "t.true", &b, err, sizeof(err)) == 0 && b == 1);
	CHECK(gguf_get_bool(g, "t.false", &b, err, sizeof(err)) == 0 && b == 0);
	CHECK(gguf_get_str(g, "t.str", &s, &len, err, sizeof(err)) == 0 && len == 16 &&
	      strcmp(s, "h\xc3\xa9llo \xe2\x96\x81 world") == 0);
	CHECK(gguf_get_str(g, "t.empty", &s, &len, err, sizeof(err)) == 0 && len == 0 && s[0] == 0);
	CHECK(gguf_get_str(g, "general.architecture", &s, NULL, err, sizeof(err)) == 0 && strcmp(s, "llama") == 0);
	/* integer getters take any integer type whose value fits */
	CHECK(gguf_get_u64(g, "t.small_u32", &u64, err, sizeof(err)) == 0 && u64 == 7);
	CHECK(gguf_get_i64(g, "t.u32", &i64, err, sizeof(err)) == 0 && i64 == 4000000000ll);
	CHECK(gguf_get_i32(g, "t.u8", &i32, err, sizeof(err)) == 0 && i32 == 255);
	/* ... and refuse what does not fit, naming the key */
	err[0] = 0;
	CHECK(gguf_get_u32(g, "t.neg", &u32, err, sizeof(err)) == -1 && strstr(err, "t.neg"));
	CHECK(gguf_get_i32(g, "t.u32", &i32, err, sizeof(err)) == -1 && strstr(err, "t.u32"));
	CHECK(gguf_get_u32(g, "t.u64", &u32, err, sizeof(err)) == -1 && strstr(err, "does not fit"));
	CHECK(gguf_get_i64(g, "t.u64", &i64, err, sizeof(err)) == -1);
	CHECK(gguf_get_u32(g, "t.str", &u32, err, sizeof(err)) == -1 && strstr(err, "string"));
	CHECK(gguf_get_f32(g, "t.u32", &f32, err, sizeof(err)) == -1 && strstr(err, "t.u32"));
	CHECK(gguf_get_str(g, "t.u8", &s, NULL, err, sizeof(err)) == -1 && strstr(err, "u8"));
	CHECK(gguf_get_bool(g, "t.u8", &b, err, sizeof(err)) == -1);
	CHECK(gguf_get_u32(g, "no.such.key", &u32, err, sizeof(err)) == -1 && strstr(err, "no.such.key") &&
	      strstr(err, "not found"));
	CHECK_EQ_INT(gguf_find_key(g, "no.such.key"), -1);

	enum gguf_vtype et;
	uint64_t n;
	const void *data;
	CHECK(gguf_get_arr(g, "t.arr_i32", &et, &n, &data, err, sizeof(err)) == 0 && et == GGUF_VTYPE_I32 && n == 4);
	if (data) {
		int32_t v[4];
		memcpy(v, data, 16);
		CHECK(v[0] == -1 && v[3] == 2147483647);
	}
	int64_t ki = gguf_find_key(g, "t.arr_i32");
	CHECK_EQ_INT(gguf_kv_arr_i64(g, ki, 3), 2147483647);
	CHECK_EQ_INT(gguf_kv_arr_i64(g, ki, 4), 0); /* out of range */
	ki = gguf_find_key(g, "t.arr_f32");
	CHECK(gguf_kv_arr_f64(g, ki, 1) == -0.25 && gguf_kv_arr_f64(g, ki, 2) == (double)1e-30f);
	ki = gguf_find_key(g, "t.arr_u64");
	CHECK(gguf_kv_arr_count(g, ki) == 2 && (uint64_t)gguf_kv_arr_i64(g, ki, 1) == UINT64_MAX);
	ki = gguf_find_key(g, "t.arr_f64");
	CHECK(gguf_kv_arr_f64(g, ki, 0) == 3.25);
	ki = gguf_find_key(g, "t.arr_bool");
	CHECK(gguf_kv_arr_type(g, ki) == GGUF_VTYPE_BOOL && gguf_kv_arr_i64(g, ki, 0) == 1 && gguf_kv_arr_i64(g, ki, 1) == 0);
	CHECK(gguf_get_arr(g, "t.arr_empty", &et, &n, &data, err, sizeof(err)) == 0 && et == GGUF_VTYPE_U8 && n == 0);
	CHECK(gguf_get_arr(g, "t.arr_str", &et, &n, &data, err, sizeof(err)) == 0 && et == GGUF_VTYPE_STRING && n == 4 &&
	      data == NULL);
	CHECK_EQ_STR(gguf_get_arr_str(g, "t.arr_str", 0, &len), "<unk>");
	CHECK(gguf_get_arr_str(g, "t.arr_str", 1, &len) && len == 0);
	CHECK_EQ_STR(gguf_get_arr_str(g, "t.arr_str", 2, &len), "\xe2\x96\x81the");
	CHECK(gguf_get_arr_str(g, "t.arr_str", 4, &len) == NULL);
	CHECK(gguf_get_arr_str(g, "t.arr_i32", 0, &len) == NULL);
	s = gguf_get_arr_str(g, "t.arr_nul", 0, &len);
	CHECK(s && len == 3 && s[0] == 'a' && s[1] == 0 && s[2] == 'b');
	CHECK(gguf_get_arr(g, "t.nested", &et, &n, &data, err, sizeof(err)) == 0 && et == GGUF_VTYPE_ARRAY && n == 2 &&
	      data == NULL);
	CHECK(gguf_get_arr(g, "t.u8", &et, &n, &data, err, sizeof(err)) == -1 && strstr(err, "t.u8"));

	/* iteration sees every key once, in file order */
	int64_t nkv = gguf_n_kv(g);
	int found = 0;
	for (int64_t i = 0; i < nkv; i++) {
		CHECK_EQ_INT(gguf_find_key(g, gguf_kv_key(g, i)), i);
		found += strcmp(gguf_kv_key(g, i), "t.f64") == 0 && gguf_kv_type(g, i) == GGUF_VTYPE_F64;
	}
	CHECK_EQ_INT(found, 1);
	CHECK(gguf_kv_key(g, nkv) == NULL && gguf_kv_key(g, -1) == NULL);

	CHECK_EQ_INT(gguf_n_tensors(g), 3);
	const struct gguf_tensor *t = gguf_find_tensor(g, "blk.0.w4d");
	CHECK(t && t->type == QUANT_TYPE_F32 && t->n_dims == 4 && t->ne[0] == 3 && t->ne[1] == 5 && t->ne[2] == 2 &&
	      t->ne[3] == 2 && t->n_elems == 60 && t->size == 240);
	if (t)
		CHECK(memcmp(t->data, tdata_f32, 240) == 0);
	t = gguf_find_tensor(g, "q4k");
	CHECK(t && t->type == QUANT_TYPE_Q4_K && t->n_dims == 2 && t->ne[2] == 1 && t->ne[3] == 1 && t->size == 288);
	if (t)
		CHECK(memcmp(t->data, tdata_q4k, 288) == 0);
	t = gguf_find_tensor(g, "q8");
	CHECK(t && t->type == QUANT_TYPE_Q8_0 && t->n_dims == 1 && t->size == 136);
	if (t)
		CHECK(memcmp(t->data, tdata_q8, 136) == 0);
	CHECK(gguf_find_tensor(g, "nope") == NULL);
	for (int64_t i = 0; i < gguf_n_tensors(g); i++) {
		const struct gguf_tensor *ti = gguf_tensor_at(g, i);
		uint64_t off = (uint64_t)((const uint8_t *)ti->data - (const uint8_t *)gguf_base(g));
		CHECK_EQ_INT(off % alignment, 0);
		CHECK_EQ_INT(ti->offset % alignment, 0);
		CHECK(gguf_find_tensor(g, ti->name) == ti);
	}
	CHECK(gguf_tensor_at(g, 3) == NULL);
	CHECK_EQ_INT(gguf_data_offset(g) % alignment, 0);
}

static int write_file(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	ssize_t w = write(fd, p, n);
	close(fd);
	return w == (ssize_t)n ? 0 : -1;
}

static void test_roundtrip(void)
{
	static const uint32_t aligns[] = { 0, 1, 8, 64, 4096 };
	for (size_t a = 0; a < sizeof(aligns) / sizeof(aligns[0]); a++) {
		uint32_t al = aligns[a] ? aligns[a] : GGUF_DEFAULT_ALIGNMENT;
		struct gguf_writer *w = sample_writer(aligns[a]);
		void *mem = NULL;
		size_t n = 0;
		CHECK(gguf_writer_write_mem(w, &mem, &n, err, sizeof(err)) == 0);
		struct gguf_ctx *g = NULL;
		int rc = gguf_open_mem(mem, n, &g, err, sizeof(err));
		CHECK_MSG(rc == 0, "align %u: %s", al, err);
		if (rc == 0) {
			check_sample(g, al);
			gguf_close(g);
		}
		/* the same through a file and mmap */
		const char *p = tmp_path("sample.gguf");
		CHECK(gguf_writer_write(w, p, err, sizeof(err)) == 0);
		rc = gguf_open(p, &g, err, sizeof(err));
		CHECK_MSG(rc == 0, "%s", err);
		if (rc == 0) {
			CHECK_EQ_INT(gguf_file_size(g), n);
			CHECK(memcmp(gguf_base(g), mem, n) == 0);
			check_sample(g, al);
			gguf_close(g);
		}
		/* version 2 is read the same way (v3 only added big-endian files) */
		((uint8_t *)mem)[4] = 2;
		rc = gguf_open_mem(mem, n, &g, err, sizeof(err));
		CHECK_MSG(rc == 0, "%s", err);
		if (rc == 0) {
			CHECK_EQ_INT(gguf_version(g), 2);
			gguf_close(g);
		}
		free(mem);
		gguf_writer_free(w);
	}

	/* an empty file of metadata only (vocab-only GGUFs look like this) */
	struct gguf_writer *w = gguf_writer_new();
	CHECK(gguf_writer_add_str(w, "general.architecture", "llama") == 0);
	void *mem;
	size_t n;
	CHECK(gguf_writer_write_mem(w, &mem, &n, err, sizeof(err)) == 0);
	struct gguf_ctx *g;
	CHECK(gguf_open_mem(mem, n, &g, err, sizeof(err)) == 0);
	if (g) {
		CHECK_EQ_INT(gguf_n_tensors(g), 0);
		gguf_close(g);
	}
	free(mem);

	/* the writer refuses what the reader would */
	int64_t ne[2] = { 33, 2 };
	CHECK(gguf_writer_add_tensor(w, "bad", QUANT_TYPE_Q8_0, 2, ne, tdata_q8, 68) == -1 &&
	      strstr(gguf_writer_error(w), "block size"));
	CHECK(gguf_writer_add_str(w, "general.architecture", "x") == -1 && strstr(gguf_writer_error(w), "duplicate"));
	ne[0] = 32;
	CHECK(gguf_writer_add_tensor(w, "short", QUANT_TYPE_Q8_0, 2, ne, tdata_q8, 34) == -1);
	CHECK(gguf_writer_add_tensor(w, "x", QUANT_TYPE_Q8_0, 5, ne, tdata_q8, 68) == -1);
	CHECK(gguf_writer_set_alignment(w, 48) == -1);
	gguf_writer_free(w);

	/* opening what is not there */
	CHECK(gguf_open(tmp_path("missing.gguf"), &g, err, sizeof(err)) == -1 && strstr(err, "missing.gguf") && g == NULL);
	CHECK(gguf_open(dir, &g, err, sizeof(err)) == -1 && strstr(err, "not a regular file"));
	CHECK(write_file(tmp_path("empty.gguf"), "", 0) == 0);
	CHECK(gguf_open(tmp_path("empty.gguf"), &g, err, sizeof(err)) == -1 && strstr(err, "empty"));
}

/* ================= hostile files ================= */

struct rb {
	uint8_t p[8192];
	size_t n;
};

static void rb_bytes(struct rb *b, const void *p, size_t n)
{
	if (b->n + n <= sizeof(b->p)) {
		memcpy(b->p + b->n, p, n);
		b->n += n;
	}
}
static void rb_u32(struct rb *b, uint32_t v) { rb_bytes(b, &v, 4); }
static void rb_u64(struct rb *b, uint64_t v) { rb_bytes(b, &v, 8); }
static void rb_str(struct rb *b, const char *s) { rb_u64(b, strlen(s)); rb_bytes(b, s, strlen(s)); }
static void rb_pad(struct rb *b, size_t a) { while (b->n % a) b->p[b->n++] = 0; }
static void rb_zero(struct rb *b, size_t n) { while (n--) b->p[b->n++] = 0; }
static void rb_hdr(struct rb *b, uint32_t version, uint64_t nt, uint64_t nkv)
{
	b->n = 0;
	rb_bytes(b, "GGUF", 4);
	rb_u32(b, version);
	rb_u64(b, nt);
	rb_u64(b, nkv);
}
static void rb_kv_u32(struct rb *b, const char *k, uint32_t v) { rb_str(b, k); rb_u32(b, GGUF_VTYPE_U32); rb_u32(b, v); }
static void rb_tinfo(struct rb *b, const char *name, uint32_t nd, const uint64_t *ne, uint32_t type, uint64_t off)
{
	rb_str(b, name);
	rb_u32(b, nd);
	for (uint32_t i = 0; i < nd; i++)
		rb_u64(b, ne[i]);
	rb_u32(b, type);
	rb_u64(b, off);
}

/* one F32 tensor of 8 elements, complete and valid */
static void rb_valid(struct rb *b)
{
	uint64_t ne[1] = { 8 };
	rb_hdr(b, 3, 1, 1);
	rb_kv_u32(b, "a.b", 1);
	rb_tinfo(b, "w", 1, ne, QUANT_TYPE_F32, 0);
	rb_pad(b, 32);
	rb_zero(b, 32);
}

struct hostile {
	const char *name;
	const char *expect; /* substring the message must contain */
	void (*build)(struct rb *);
};

#define H(fn) static void fn(struct rb *b)
H(h_empty) { b->n = 0; }
H(h_short_magic) { b->n = 0; rb_bytes(b, "GGU", 3); }
H(h_bad_magic) { rb_valid(b); memcpy(b->p, "GGML", 4); }
H(h_version1) { rb_valid(b); b->p[4] = 1; }
H(h_version4) { rb_valid(b); b->p[4] = 4; }
H(h_bigendian) { rb_valid(b); b->p[4] = 0; b->p[7] = 3; }
H(h_mid_header) { rb_valid(b); b->n = 13; }
H(h_huge_tensor_count) { rb_valid(b); uint64_t v = (uint64_t)1 << 62; memcpy(b->p + 8, &v, 8); }
H(h_huge_kv_count) { rb_valid(b); uint64_t v = (uint64_t)1 << 40; memcpy(b->p + 16, &v, 8); }
H(h_kv_count_short) { rb_hdr(b, 3, 0, 3); rb_kv_u32(b, "a", 1); rb_kv_u32(b, "b", 2); rb_u64(b, 5); rb_bytes(b, "abc", 3); }
H(h_huge_key_len) { rb_hdr(b, 3, 0, 1); rb_u64(b, UINT64_MAX); rb_zero(b, 64); }
H(h_key_past_eof) { rb_hdr(b, 3, 0, 1); rb_u64(b, 100); rb_bytes(b, "abcdefghij", 10); rb_zero(b, 10); }
H(h_empty_key) { rb_hdr(b, 3, 0, 1); rb_str(b, ""); rb_u32(b, GGUF_VTYPE_U32); rb_zero(b, 4); }
H(h_nul_in_key) { rb_hdr(b, 3, 0, 1); rb_u64(b, 3); rb_bytes(b, "a\0b", 3); rb_u32(b, GGUF_VTYPE_U8); rb_zero(b, 1); }
H(h_unknown_vtype) { rb_hdr(b, 3, 0, 1); rb_str(b, "k"); rb_u32(b, 13); rb_zero(b, 16); }
H(h_str_past_eof) { rb_hdr(b, 3, 0, 1); rb_str(b, "k"); rb_u32(b, GGUF_VTYPE_STRING); rb_u64(b, 1000); rb_zero(b, 8); }
H(h_value_truncated) { rb_hdr(b, 3, 0, 1); rb_str(b, "k"); rb_u32(b, GGUF_VTYPE_U64); rb_zero(b, 5); }
H(h_bad_bool) { rb_hdr(b, 3, 0, 1); rb_str(b, "k"); rb_u32(b, GGUF_VTYPE_BOOL); b->p[b->n++] = 2; }
H(h_arr_overflow) { rb_hdr(b, 3, 0, 1); rb_str(b, "k"); rb_u32(b, GGUF_VTYPE_ARRAY); rb_u32(b, GGUF_VTYPE_U64); rb_u64(b, (uint64_t)1 << 61); rb_zero(b, 64); }
H(h_arr_str_count) { rb_hdr(b, 3, 0, 1); rb_str(b, "k"); rb_u32(b, GGUF_VTYPE_ARRAY); rb_u32(b, GGUF_VTYPE_STRING); rb_u64(b, UINT64_MAX / 4); rb_zero(b, 64); }
H(h_arr_str_elem_len) { rb_hdr(b, 3, 0, 1); rb_str(b, "k"); rb_u32(b, GGUF_VTYPE_ARRAY); rb_u32(b, GGUF_VTYPE_STRING); rb_u64(b, 2); rb_str(b, "ok"); rb_u64(b, UINT64_MAX - 3); rb_zero(b, 8); }
H(h_arr_etype) { rb_hdr(b, 3, 0, 1); rb_str(b, "k"); rb_u32(b, GGUF_VTYPE_ARRAY); rb_u32(b, 77); rb_u64(b, 1); rb_zero(b, 8); }
H(h_arr_bad_bool) { rb_hdr(b, 3, 0, 1); rb_str(b, "k"); rb_u32(b, GGUF_VTYPE_ARRAY); rb_u32(b, GGUF_VTYPE_BOOL); rb_u64(b, 3); b->p[b->n++] = 1; b->p[b->n++] = 0; b->p[b->n++] = 7; }
H(h_nested_deep)
{
	rb_hdr(b, 3, 0, 1);
	rb_str(b, "k");
	rb_u32(b, GGUF_VTYPE_ARRAY);
	for (int i = 0; i < GGUF_MAX_ARRAY_DEPTH; i++) {
		rb_u32(b, GGUF_VTYPE_ARRAY);
		rb_u64(b, 1);
	}
	rb_u32(b, GGUF_VTYPE_U8);
	rb_u64(b, 1);
	rb_zero(b, 1);
}
H(h_nested_count) { rb_hdr(b, 3, 0, 1); rb_str(b, "k"); rb_u32(b, GGUF_VTYPE_ARRAY); rb_u32(b, GGUF_VTYPE_ARRAY); rb_u64(b, (uint64_t)1 << 60); rb_zero(b, 30); }
H(h_dup_key) { rb_hdr(b, 3, 0, 2); rb_kv_u32(b, "same.key", 1); rb_kv_u32(b, "same.key", 2); }
H(h_align_npot) { uint64_t ne[1] = { 8 }; rb_hdr(b, 3, 1, 1); rb_kv_u32(b, "general.alignment", 48); rb_tinfo(b, "w", 1, ne, 0, 0); rb_pad(b, 48); rb_zero(b, 32); }
H(h_align_zero) { rb_hdr(b, 3, 0, 1); rb_kv_u32(b, "general.alignment", 0); }
H(h_align_type) { rb_hdr(b, 3, 0, 1); rb_str(b, "general.alignment"); rb_u32(b, GGUF_VTYPE_STRING); rb_str(b, "32"); }
H(h_tcount_short) { uint64_t ne[1] = { 8 }; rb_hdr(b, 3, 2, 0); rb_tinfo(b, "w", 1, ne, 0, 0); rb_str(b, "abcdefghijklmnopqrstuvwx"); rb_u32(b, 1); rb_zero(b, 4); }
H(h_ndims0) { uint64_t ne[1] = { 8 }; rb_hdr(b, 3, 1, 0); rb_tinfo(b, "w", 0, ne, 0, 0); rb_zero(b, 64); }
H(h_ndims5) { uint64_t ne[5] = { 8, 1, 1, 1, 1 }; rb_hdr(b, 3, 1, 0); rb_tinfo(b, "w", 5, ne, 0, 0); rb_zero(b, 64); }
H(h_dim0) { uint64_t ne[2] = { 8, 0 }; rb_hdr(b, 3, 1, 0); rb_tinfo(b, "w", 2, ne, 0, 0); rb_zero(b, 64); }
H(h_elem_overflow) { uint64_t ne[3] = { (uint64_t)1 << 32, (uint64_t)1 << 31, 4 }; rb_hdr(b, 3, 1, 0); rb_tinfo(b, "w", 3, ne, 0, 0); rb_zero(b, 64); }
H(h_dim_huge) { uint64_t ne[1] = { (uint64_t)1 << 63 }; rb_hdr(b, 3, 1, 0); rb_tinfo(b, "w", 1, ne, 0, 0); rb_zero(b, 64); }
H(h_size_overflow) { uint64_t ne[2] = { (uint64_t)1 << 40, (uint64_t)31 << 18 }; rb_hdr(b, 3, 1, 0); rb_tinfo(b, "w", 2, ne, QUANT_TYPE_Q8_0, 0); rb_zero(b, 64); }
H(h_type99) { uint64_t ne[1] = { 8 }; rb_hdr(b, 3, 1, 0); rb_tinfo(b, "w", 1, ne, 99, 0); rb_pad(b, 32); rb_zero(b, 32); }
H(h_type_unsupported) { uint64_t ne[1] = { 256 }; rb_hdr(b, 3, 1, 0); rb_tinfo(b, "blk.0.attn_q.weight", 1, ne, QUANT_TYPE_IQ2_XXS, 0); rb_pad(b, 32); rb_zero(b, 256); }
H(h_row_not_block) { uint64_t ne[2] = { 33, 2 }; rb_hdr(b, 3, 1, 0); rb_tinfo(b, "w", 2, ne, QUANT_TYPE_Q4_0, 0); rb_pad(b, 32); rb_zero(b, 64); }
H(h_offset_past_eof) { uint64_t ne[1] = { 8 }; rb_hdr(b, 3, 1, 0); rb_tinfo(b, "w", 1, ne, 0, 4096); rb_pad(b, 32); rb_zero(b, 32); }
H(h_offset_wrap) { uint64_t ne[1] = { 8 }; rb_hdr(b, 3, 1, 0); rb_tinfo(b, "w", 1, ne, 0, UINT64_MAX - 31); rb_pad(b, 32); rb_zero(b, 32); }
H(h_size_past_eof) { uint64_t ne[1] = { 64 }; rb_hdr(b, 3, 1, 0); rb_tinfo(b, "w", 1, ne, 0, 0); rb_pad(b, 32); rb_zero(b, 200); }
H(h_misaligned) { uint64_t ne[1] = { 8 }; rb_hdr(b, 3, 1, 0); rb_tinfo(b, "w", 1, ne, 0, 4); rb_pad(b, 32); rb_zero(b, 64); }
H(h_overlap)
{
	uint64_t ne[1] = { 16 };
	rb_hdr(b, 3, 2, 0);
	rb_tinfo(b, "first", 1, ne, 0, 0);
	rb_tinfo(b, "second", 1, ne, 0, 32);
	rb_pad(b, 32);
	rb_zero(b, 128);
}
H(h_dup_tensor)
{
	uint64_t ne[1] = { 8 };
	rb_hdr(b, 3, 2, 0);
	rb_tinfo(b, "w", 1, ne, 0, 0);
	rb_tinfo(b, "w", 1, ne, 0, 32);
	rb_pad(b, 32);
	rb_zero(b, 64);
}
H(h_empty_name) { uint64_t ne[1] = { 8 }; rb_hdr(b, 3, 1, 0); rb_tinfo(b, "", 1, ne, 0, 0); rb_pad(b, 32); rb_zero(b, 32); }
H(h_long_name)
{
	char name[GGUF_MAX_NAME_LEN + 2];
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;
	uint64_t ne[1] = { 8 };
	rb_hdr(b, 3, 1, 0);
	rb_tinfo(b, name, 1, ne, 0, 0);
	rb_pad(b, 32);
	rb_zero(b, 32);
}
H(h_data_start_past_eof) { uint64_t ne[1] = { 8 }; rb_hdr(b, 3, 1, 0); rb_tinfo(b, "w", 1, ne, 0, 0); b->n -= 0; /* no padding, no data */ }
H(h_info_truncated) { uint64_t ne[2] = { 8, 2 }; rb_hdr(b, 3, 1, 0); rb_tinfo(b, "weight_long_name", 2, ne, 0, 0); b->n -= 12; }
#undef H

static const struct hostile hostile[] = {
	{ "empty file", "too short", h_empty },
	{ "3 bytes", "too short", h_short_magic },
	{ "bad magic", "bad magic", h_bad_magic },
	{ "version 1", "version 1", h_version1 },
	{ "version 4", "version 4", h_version4 },
	{ "big-endian", "big-endian", h_bigendian },
	{ "truncated mid-header", "truncated", h_mid_header },
	{ "huge tensor count", "tensors", h_huge_tensor_count },
	{ "huge kv count", "metadata entries", h_huge_kv_count },
	{ "kv count larger than entries", "past the end", h_kv_count_short },
	{ "huge key length", "string length", h_huge_key_len },
	{ "key length past EOF", "past the end", h_key_past_eof },
	{ "empty key", "empty key", h_empty_key },
	{ "NUL in key", "NUL", h_nul_in_key },
	{ "unknown value type 13", "unknown value type 13", h_unknown_vtype },
	{ "string value past EOF", "key 'k'", h_str_past_eof },
	{ "u64 value truncated", "key 'k'", h_value_truncated },
	{ "bool value 2", "not 0 or 1", h_bad_bool },
	{ "array count * size overflow", "array of", h_arr_overflow },
	{ "string array count huge", "strings", h_arr_str_count },
	{ "string array element length", "string length", h_arr_str_elem_len },
	{ "array element type 77", "element type 77", h_arr_etype },
	{ "bool array element 7", "not 0 or 1", h_arr_bad_bool },
	{ "arrays nested too deep", "nested deeper", h_nested_deep },
	{ "array of arrays count huge", "arrays", h_nested_count },
	{ "duplicate key", "duplicate key 'same.key'", h_dup_key },
	{ "alignment 48", "power of two", h_align_npot },
	{ "alignment 0", "power of two", h_align_zero },
	{ "alignment is a string", "general.alignment", h_align_type },
	{ "tensor count larger than infos", "truncated", h_tcount_short },
	{ "n_dims 0", "n_dims 0", h_ndims0 },
	{ "n_dims 5", "n_dims 5", h_ndims5 },
	{ "dimension 0", "dimension 1 is 0", h_dim0 },
	{ "element count overflow", "overflow", h_elem_overflow },
	{ "dimension 2^63", "overflow", h_dim_huge },
	{ "byte size overflow", "overflow", h_size_overflow },
	{ "unknown type 99", "unknown type 99", h_type99 },
	{ "unsupported type IQ2_XXS", "'blk.0.attn_q.weight' has type IQ2_XXS", h_type_unsupported },
	{ "Q4_0 row of 33", "block size", h_row_not_block },
	{ "tensor offset past EOF", "past the end", h_offset_past_eof },
	{ "tensor offset wraps", "past the end", h_offset_wrap },
	{ "tensor size past EOF", "past the end", h_size_past_eof },
	{ "misaligned offset", "alignment", h_misaligned },
	{ "overlapping tensors", "overlap", h_overlap },
	{ "duplicate tensor names", "duplicate tensor name 'w'", h_dup_tensor },
	{ "empty tensor name", "empty name", h_empty_name },
	{ "tensor name too long", "limit", h_long_name },
	{ "data section past EOF", "past the end", h_data_start_past_eof },
	{ "tensor info truncated", "truncated", h_info_truncated },
};

/* Reads every byte a successful open exposes (the fuzzer does the same). */
static double touch_all(struct gguf_ctx *g)
{
	double acc = 0;
	for (int64_t i = 0; i < gguf_n_kv(g); i++) {
		uint64_t sz;
		const uint8_t *p = gguf_kv_data(g, i, &sz);
		for (uint64_t j = 0; j < sz; j++)
			acc += p[j];
		acc += (double)strlen(gguf_kv_key(g, i));
		uint64_t n = gguf_kv_arr_count(g, i);
		for (uint64_t j = 0; j < n; j++) {
			size_t len;
			const char *s = gguf_kv_arr_str(g, i, j, &len);
			acc += s ? (double)len + (double)(uint8_t)s[len] : gguf_kv_arr_f64(g, i, j);
		}
	}
	static float row[65536];
	for (int64_t i = 0; i < gguf_n_tensors(g); i++) {
		const struct gguf_tensor *t = gguf_tensor_at(g, i);
		const uint8_t *p = t->data;
		for (uint64_t j = 0; j < t->size; j++)
			acc += p[j];
		uint64_t rs;
		if (t->ne[0] <= 65536 && quant_row_size(t->type, t->ne[0], &rs) == 0) {
			quant_dequant_row_ref(t->type, p, row, t->ne[0]);
			acc += row[0];
		}
	}
	return acc;
}

static void test_hostile(void)
{
	static struct rb b;
	char msg[1024];
	size_t n = sizeof(hostile) / sizeof(hostile[0]);
	CHECK(n >= 25);

	/* the valid base really is valid */
	rb_valid(&b);
	struct gguf_ctx *g = NULL;
	CHECK_MSG(gguf_open_mem(b.p, b.n, &g, msg, sizeof(msg)) == 0, "base: %s", msg);
	gguf_close(g);

	for (size_t i = 0; i < n; i++) {
		memset(&b, 0, sizeof(b));
		hostile[i].build(&b);
		/* a private heap copy of exactly the file's size, so ASan sees any
		 * read past its end */
		uint8_t *copy = malloc(b.n ? b.n : 1);
		memcpy(copy, b.p, b.n);
		msg[0] = 0;
		g = (struct gguf_ctx *)1;
		int rc = gguf_open_mem(copy, b.n, &g, msg, sizeof(msg));
		CHECK_MSG(rc == -1 && g == NULL, "%s: accepted", hostile[i].name);
		CHECK_MSG(msg[0] != 0 && strstr(msg, hostile[i].expect), "%s: message \"%s\" lacks \"%s\"", hostile[i].name, msg,
			  hostile[i].expect);
		if (rc == 0)
			gguf_close(g);
		free(copy);
		if (getenv("GGUF_TEST_VERBOSE"))
			fprintf(stderr, "hostile %-32s -> %s\n", hostile[i].name, msg);
	}

	/* Every proper prefix of a valid file (with tensors ending at EOF) is
	 * refused: this walks every section boundary and every point inside. */
	struct gguf_writer *w = sample_writer(0);
	void *mem;
	size_t sz;
	CHECK(gguf_writer_write_mem(w, &mem, &sz, err, sizeof(err)) == 0);
	gguf_writer_free(w);
	int accepted = 0, silent = 0;
	for (size_t len = 0; len < sz; len++) {
		uint8_t *copy = malloc(len ? len : 1);
		memcpy(copy, mem, len);
		msg[0] = 0;
		if (gguf_open_mem(copy, len, &g, msg, sizeof(msg)) == 0) {
			accepted++;
			gguf_close(g);
		} else if (!msg[0]) {
			silent++;
		}
		free(copy);
	}
	CHECK_EQ_INT(accepted, 0);
	CHECK_EQ_INT(silent, 0);

	/* A few thousand random corruptions: no crash, and either a clean
	 * open whose every byte can be read or a message. */
	uint8_t *copy = malloc(sz);
	int opened = 0;
	silent = 0;
	for (int it = 0; it < 20000; it++) {
		memcpy(copy, mem, sz);
		int flips = 1 + (int)(rnd() % 4);
		for (int f = 0; f < flips; f++) {
			size_t at = (size_t)(rnd() % sz);
			switch (rnd() % 3) {
			case 0: copy[at] ^= (uint8_t)(1u << (rnd() % 8)); break;
			case 1: copy[at] = (uint8_t)rnd(); break;
			default: copy[at] = (rnd() & 1) ? 0xff : 0; break;
			}
		}
		size_t len = (rnd() % 8 == 0) ? (size_t)(rnd() % sz) : sz;
		msg[0] = 0;
		if (gguf_open_mem(copy, len, &g, msg, sizeof(msg)) == 0) {
			opened++;
			touch_all(g);
			gguf_close(g);
		} else if (!msg[0]) {
			silent++;
		}
	}
	CHECK_EQ_INT(silent, 0);
	CHECK(opened > 0); /* flips inside tensor data leave a valid file */
	free(copy);

	/* hostile files through the mmap path too */
	memset(&b, 0, sizeof(b));
	h_offset_past_eof(&b);
	CHECK(write_file(tmp_path("hostile.gguf"), b.p, b.n) == 0);
	CHECK(gguf_open(tmp_path("hostile.gguf"), &g, msg, sizeof(msg)) == -1 && strstr(msg, "hostile.gguf: ") &&
	      strstr(msg, "'w'"));
	CHECK(write_file(tmp_path("trunc.gguf"), mem, sz / 2) == 0);
	CHECK(gguf_open(tmp_path("trunc.gguf"), &g, msg, sizeof(msg)) == -1 && msg[0]);
	free(mem);
}

/* ================= llama2.c converter ================= */

static const char *model_path(void)
{
	const char *m = getenv("GGUF_TEST_MODEL");
	return m ? m : "testdata/models/tiny260k.bin";
}

static float *slurp_floats(const char *path, size_t *n)
{
	size_t size = 0;
	float *p = (float *)unit_read_file(path, &size);
	*n = size / 4;
	return p;
}

static void check_converted(const char *path, uint32_t type, const float *src, int with_tok)
{
	struct gguf_ctx *g;
	int rc = gguf_open(path, &g, err, sizeof(err));
	CHECK_MSG(rc == 0, "%s: %s", quant_type_name(type), err);
	if (rc)
		return;
	const int32_t *h = (const int32_t *)(const void *)src;
	int64_t dim = h[0], hid = h[1], L = h[2], heads = h[3], kvh = h[4], vocab = h[5] < 0 ? -h[5] : h[5];
	int64_t kv_dim = dim / heads * kvh;
	const char *s;
	uint32_t u;
	float f;
	CHECK(gguf_get_str(g, "general.architecture", &s, NULL, err, sizeof(err)) == 0 && strcmp(s, "llama") == 0);
	CHECK(gguf_get_u32(g, "llama.embedding_length", &u, err, sizeof(err)) == 0 && u == dim);
	CHECK(gguf_get_u32(g, "llama.feed_forward_length", &u, err, sizeof(err)) == 0 && u == hid);
	CHECK(gguf_get_u32(g, "llama.block_count", &u, err, sizeof(err)) == 0 && u == L);
	CHECK(gguf_get_u32(g, "llama.attention.head_count", &u, err, sizeof(err)) == 0 && u == heads);
	CHECK(gguf_get_u32(g, "llama.attention.head_count_kv", &u, err, sizeof(err)) == 0 && u == kvh);
	CHECK(gguf_get_u32(g, "llama.rope.dimension_count", &u, err, sizeof(err)) == 0 && u == dim / heads);
	CHECK(gguf_get_u32(g, "llama.context_length", &u, err, sizeof(err)) == 0 && u == (uint32_t)h[6]);
	CHECK(gguf_get_f32(g, "llama.attention.layer_norm_rms_epsilon", &f, err, sizeof(err)) == 0 && f == 1e-5f);
	CHECK(gguf_get_f32(g, "llama.rope.freq_base", &f, err, sizeof(err)) == 0 && f == 10000.0f);
	CHECK(gguf_get_str(g, "tokenizer.ggml.model", &s, NULL, err, sizeof(err)) == 0 && strcmp(s, "llama") == 0);
	enum gguf_vtype et;
	uint64_t n;
	const void *d;
	CHECK(gguf_get_arr(g, "tokenizer.ggml.tokens", &et, &n, &d, err, sizeof(err)) == 0 && et == GGUF_VTYPE_STRING &&
	      n == (uint64_t)vocab);
	CHECK(gguf_get_arr(g, "tokenizer.ggml.scores", &et, &n, &d, err, sizeof(err)) == 0 && et == GGUF_VTYPE_F32 &&
	      n == (uint64_t)vocab);
	CHECK(gguf_get_arr(g, "tokenizer.ggml.token_type", &et, &n, &d, err, sizeof(err)) == 0 && et == GGUF_VTYPE_I32 &&
	      n == (uint64_t)vocab);
	CHECK(gguf_get_u32(g, "tokenizer.ggml.bos_token_id", &u, err, sizeof(err)) == 0 && u == 1);
	CHECK(gguf_get_u32(g, "tokenizer.ggml.eos_token_id", &u, err, sizeof(err)) == 0 && u == 2);
	CHECK_EQ_STR(gguf_get_arr_str(g, "tokenizer.ggml.tokens", 1, NULL), "<s>");
	CHECK_EQ_STR(gguf_get_arr_str(g, "tokenizer.ggml.tokens", 3 + 'A', NULL), "<0x41>");
	CHECK(gguf_get_str(g, "general.description", &s, NULL, err, sizeof(err)) == 0 &&
	      (with_tok ? strstr(s, "tokenizer") != NULL : strstr(s, "synthesized") != NULL));
	CHECK(gguf_get_u32(g, "general.file_type", &u, err, sizeof(err)) == 0);

	CHECK_EQ_INT(gguf_n_tensors(g), 2 + 9 * L + (h[5] < 0));
	CHECK(gguf_find_tensor(g, "output.weight") == NULL || h[5] < 0);
	size_t bs = quant_block_size(type);
	const struct {
		const char *name;
		int64_t cols, rows;
	} want[] = {
		{ "token_embd.weight", dim, vocab }, { "blk.0.attn_norm.weight", dim, 1 },
		{ "blk.0.attn_q.weight", dim, dim }, { "blk.0.attn_k.weight", dim, kv_dim },
		{ "blk.0.attn_v.weight", dim, kv_dim }, { "blk.0.attn_output.weight", dim, dim },
		{ "blk.0.ffn_norm.weight", dim, 1 }, { "blk.0.ffn_gate.weight", dim, hid },
		{ "blk.0.ffn_down.weight", hid, dim }, { "blk.0.ffn_up.weight", dim, hid },
		{ "output_norm.weight", dim, 1 },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct gguf_tensor *t = gguf_find_tensor(g, want[i].name);
		CHECK_MSG(t != NULL, "%s missing", want[i].name);
		if (!t)
			continue;
		uint32_t wt = (want[i].rows == 1 || want[i].cols % (int64_t)bs) ? QUANT_TYPE_F32 : type;
		CHECK_MSG(t->type == wt, "%s: %s, want %s", t->name, quant_type_name(t->type), quant_type_name(wt));
		CHECK_EQ_INT(t->ne[0], want[i].cols);
		CHECK_EQ_INT(t->ne[1], want[i].rows);
		CHECK_EQ_INT(t->n_dims, want[i].rows == 1 ? 1 : 2);
	}
	char name[64];
	snprintf(name, sizeof(name), "blk.%" PRId64 ".ffn_up.weight", L - 1);
	CHECK(gguf_find_tensor(g, name) != NULL);

	/* Dequantized weights against the checkpoint: token_embd is the first
	 * array, blk.0.attn_q follows the embedding and the attention norms. */
	const struct { const char *name; const float *src; } cmp[] = {
		{ "token_embd.weight", src + 7 },
		{ "blk.0.attn_q.weight", src + 7 + vocab * dim + L * dim },
		{ "blk.0.attn_norm.weight", src + 7 + vocab * dim },
	};
	for (size_t c = 0; c < 3; c++) {
		const struct gguf_tensor *t = gguf_find_tensor(g, cmp[c].name);
		if (!t)
			continue;
		float *y = malloc((size_t)t->n_elems * 4);
		uint64_t rs;
		quant_row_size(t->type, t->ne[0], &rs);
		int bad = 0;
		for (int64_t r = 0; r < t->n_elems / t->ne[0]; r++)
			quant_dequant_row_ref(t->type, (const uint8_t *)t->data + r * rs, y + r * t->ne[0], t->ne[0]);
		for (int64_t i = 0; i < t->n_elems; i++) {
			float x = cmp[c].src[i];
			double bound;
			if (t->type == QUANT_TYPE_F32)
				bound = 0;
			else if (t->type == QUANT_TYPE_F16)
				bound = fabs(x - quant_f16_to_f32(quant_f32_to_f16(x)));
			else
				bound = elem_bound(t->type, t->data, (int)i, x) * (1 + 1e-6) + 1e-7;
			if (fabs((double)y[i] - x) > bound)
				bad++;
		}
		CHECK_MSG(bad == 0, "%s as %s: %d elements off", cmp[c].name, quant_type_name(t->type), bad);
		free(y);
	}
	gguf_close(g);
}

/* a llama2.c tokenizer.bin with n tokens in the layout llama2.c writes */
static int write_tokenizer(const char *path, int n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	int32_t maxlen = 16;
	fwrite(&maxlen, 4, 1, f);
	for (int i = 0; i < n; i++) {
		char piece[32];
		float score = 0;
		if (i == 0)
			snprintf(piece, sizeof(piece), "<unk>");
		else if (i == 1)
			snprintf(piece, sizeof(piece), "\n<s>\n");
		else if (i == 2)
			snprintf(piece, sizeof(piece), "\n</s>\n");
		else if (i < 259)
			snprintf(piece, sizeof(piece), "<0x%02X>", i - 3);
		else {
			snprintf(piece, sizeof(piece), " w%d", i);
			score = (float)(259 - i);
		}
		int32_t len = (int32_t)strlen(piece);
		fwrite(&score, 4, 1, f);
		fwrite(&len, 4, 1, f);
		fwrite(piece, 1, (size_t)len, f);
	}
	return fclose(f);
}

static void test_converter(void)
{
	size_t nf;
	float *src = slurp_floats(model_path(), &nf);
	CHECK_MSG(src != NULL, "cannot read %s", model_path());
	if (!src)
		return;
	static const uint32_t types[] = { QUANT_TYPE_F32, QUANT_TYPE_F16, QUANT_TYPE_Q8_0, QUANT_TYPE_Q4_0 };
	for (size_t i = 0; i < 4; i++) {
		const char *out = tmp_path("conv.gguf");
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		int rc = llama2c_convert(model_path(), NULL, types[i], out, err, sizeof(err));
		clock_gettime(CLOCK_MONOTONIC, &t1);
		CHECK_MSG(rc == 0, "%s: %s", quant_type_name(types[i]), err);
		if (rc == 0)
			check_converted(out, types[i], src, 0);
	}

	/* with a tokenizer: pieces get their U+2581 back, specials their names */
	const char *tok = tmp_path("tok.bin");
	int32_t vocab = ((int32_t *)src)[5];
	vocab = vocab < 0 ? -vocab : vocab;
	CHECK(write_tokenizer(tok, vocab) == 0);
	int rc = llama2c_convert(model_path(), tok, QUANT_TYPE_Q8_0, tmp_path("tok.gguf"), err, sizeof(err));
	CHECK_MSG(rc == 0, "%s", err);
	if (rc == 0) {
		check_converted(tmp_path("tok.gguf"), QUANT_TYPE_Q8_0, src, 1);
		struct gguf_ctx *g;
		if (gguf_open(tmp_path("tok.gguf"), &g, err, sizeof(err)) == 0) {
			CHECK_EQ_STR(gguf_get_arr_str(g, "tokenizer.ggml.tokens", 300, NULL), "\xe2\x96\x81w300");
			CHECK_EQ_STR(gguf_get_arr_str(g, "tokenizer.ggml.tokens", 2, NULL), "</s>");
			int64_t k = gguf_find_key(g, "tokenizer.ggml.token_type");
			CHECK(gguf_kv_arr_i64(g, k, 0) == 2 && gguf_kv_arr_i64(g, k, 1) == 3 && gguf_kv_arr_i64(g, k, 3) == 6 &&
			      gguf_kv_arr_i64(g, k, 300) == 1);
			k = gguf_find_key(g, "tokenizer.ggml.scores");
			CHECK(gguf_kv_arr_f64(g, k, 300) == -41.0);
			gguf_close(g);
		}
	}
	/* vocabulary size mismatches, both ways */
	CHECK(write_tokenizer(tok, vocab - 1) == 0);
	CHECK(llama2c_convert(model_path(), tok, QUANT_TYPE_F32, tmp_path("x.gguf"), err, sizeof(err)) == LLAMA2C_EINPUT &&
	      strstr(err, "truncated at token"));
	CHECK(write_tokenizer(tok, vocab + 1) == 0);
	CHECK(llama2c_convert(model_path(), tok, QUANT_TYPE_F32, tmp_path("x.gguf"), err, sizeof(err)) == LLAMA2C_EINPUT &&
	      strstr(err, "bytes left"));
	CHECK(access(tmp_path("x.gguf"), F_OK) != 0); /* nothing written on failure */

	/* broken checkpoints */
	const char *bad = tmp_path("bad.bin");
	CHECK(write_file(bad, src, nf * 4 - 4) == 0);
	CHECK(llama2c_convert(bad, NULL, QUANT_TYPE_F32, tmp_path("x.gguf"), err, sizeof(err)) == LLAMA2C_EINPUT &&
	      strstr(err, "truncated"));
	int32_t hdr[7];
	memcpy(hdr, src, 28);
	hdr[3] = 7; /* heads do not divide dim */
	memcpy(src, hdr, 28);
	CHECK(write_file(bad, src, nf * 4) == 0);
	CHECK(llama2c_convert(bad, NULL, QUANT_TYPE_F32, tmp_path("x.gguf"), err, sizeof(err)) == LLAMA2C_EINPUT);
	hdr[3] = ((int32_t *)src)[3] = 8;
	memcpy(hdr, src, 28);
	src[7 + 100] = NAN;
	CHECK(write_file(bad, src, nf * 4) == 0);
	CHECK(llama2c_convert(bad, NULL, QUANT_TYPE_Q8_0, tmp_path("x.gguf"), err, sizeof(err)) == LLAMA2C_EINPUT &&
	      strstr(err, "token_embd.weight") && strstr(err, "not finite"));
	CHECK(write_file(bad, "ak42xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 36) == 0);
	CHECK(llama2c_convert(bad, NULL, QUANT_TYPE_F32, tmp_path("x.gguf"), err, sizeof(err)) == LLAMA2C_EINPUT &&
	      strstr(err, "ak42"));
	CHECK(llama2c_convert(tmp_path("nothere.bin"), NULL, QUANT_TYPE_F32, tmp_path("x.gguf"), err, sizeof(err)) ==
	      LLAMA2C_EINPUT);
	CHECK(llama2c_convert(model_path(), NULL, QUANT_TYPE_F32, tmp_path("no/such/dir/x.gguf"), err, sizeof(err)) ==
	      LLAMA2C_EOUTPUT);
	free(src);

	/* the command, when it has been built */
	const char *tool_dir = getenv("TOOL_DIR");
	char tool[600], cmd[2048];
	snprintf(tool, sizeof(tool), "%s/llama2c-to-gguf", tool_dir ? tool_dir : "build/tools");
	if (access(tool, X_OK) != 0) {
		fprintf(stderr, "note: %s not built; command-line checks skipped\n", tool);
		return;
	}
	snprintf(cmd, sizeof(cmd), "'%s' --type q4_0 '%s' '%s' 2>/dev/null", tool, model_path(), tmp_path("cli.gguf"));
	int st = system(cmd);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	struct gguf_ctx *g;
	if (gguf_open(tmp_path("cli.gguf"), &g, err, sizeof(err)) == 0) {
		const struct gguf_tensor *t = gguf_find_tensor(g, "blk.0.attn_q.weight");
		CHECK(t && t->type == QUANT_TYPE_Q4_0);
		gguf_close(g);
	} else {
		CHECK_MSG(0, "cli output: %s", err);
	}
	snprintf(cmd, sizeof(cmd), "'%s' --type q5_9 a b 2>/dev/null", tool);
	st = system(cmd);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 2);
	snprintf(cmd, sizeof(cmd), "'%s' '%s' '%s' 2>'%s'", tool, tmp_path("bad.bin"), tmp_path("x.gguf"),
		 tmp_path("cli.err"));
	st = system(cmd);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3);
	FILE *ef = fopen(tmp_path("cli.err"), "r");
	char line[512] = "";
	if (ef) {
		if (!fgets(line, sizeof(line), ef))
			line[0] = 0;
		fclose(ef);
	}
	CHECK(strncmp(line, "llama2c-to-gguf: error: ", 24) == 0);
	snprintf(cmd, sizeof(cmd), "'%s' --help >/dev/null", tool);
	st = system(cmd);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* ================= fuzz seeds ================= */

static void write_seeds(void)
{
	const char *sd = getenv("GGUF_SEED_DIR");
	/* the sample file must stay a small seed either way */
	struct gguf_writer *w = sample_writer(0);
	void *mem;
	size_t n;
	CHECK(gguf_writer_write_mem(w, &mem, &n, err, sizeof(err)) == 0);
	CHECK(n <= 4096);
	gguf_writer_free(w);
	if (sd) {
		char p[600];
		snprintf(p, sizeof(p), "%s/sample.gguf", sd);
		CHECK(write_file(p, mem, n) == 0);
		/* one small file per quant type */
		static const uint32_t ts[] = { QUANT_TYPE_F16, QUANT_TYPE_BF16, QUANT_TYPE_Q4_0, QUANT_TYPE_Q4_1, QUANT_TYPE_Q5_0,
					       QUANT_TYPE_Q5_1, QUANT_TYPE_Q8_0, QUANT_TYPE_Q2_K, QUANT_TYPE_Q3_K,
					       QUANT_TYPE_Q4_K, QUANT_TYPE_Q5_K, QUANT_TYPE_Q6_K };
		float x[256];
		uint8_t q[512];
		for (size_t i = 0; i < sizeof(ts) / sizeof(ts[0]); i++) {
			struct gguf_writer *tw = gguf_writer_new();
			fill_dist(x, 256, DIST_GAUSS);
			uint64_t rs;
			quant_row_size(ts[i], 256, &rs);
			if (quant_quant_row_ref(ts[i], x, q, 256))
				for (uint64_t j = 0; j < rs; j++)
					q[j] = (uint8_t)rnd();
			int64_t ne[1] = { 256 };
			gguf_writer_add_str(tw, "general.architecture", "llama");
			gguf_writer_add_tensor(tw, "t", ts[i], 1, ne, q, rs);
			void *m2;
			size_t n2;
			if (gguf_writer_write_mem(tw, &m2, &n2, err, sizeof(err)) == 0) {
				snprintf(p, sizeof(p), "%s/%s.gguf", sd, quant_type_name(ts[i]));
				CHECK(write_file(p, m2, n2) == 0);
				free(m2);
			}
			gguf_writer_free(tw);
		}
	}
	free(mem);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/test_gguf.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_f16();
	test_layout_table();
	test_layout_positions();
	test_quant_bounds();
	test_roundtrip();
	test_hostile();
	test_converter();
	write_seeds();
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	UNIT_DONE();
}
