/*
 * quant: the tensor element types a GGUF file can hold, their block layouts,
 * and the scalar reference conversions between them and float.
 *
 * Every type stores a row of n elements as n / block_size blocks of
 * type_size bytes, packed with no padding (ggml's block structs, ggml-common.h;
 * the layouts are spelled out in quant.c). The ids are the GGUF tensor-info
 * `type` values, so a file's number converts to the enum directly once
 * quant_type_known() has said yes.
 *
 * The _ref functions are the truth that faster kernels are tested against:
 * plain C, one element at a time, no alignment assumed for src or dst
 * (blocks inside a GGUF file are not aligned to their fp16 fields).
 * Everything here is little-endian, as GGUF is.
 */
#ifndef LLM_QUANT_H
#define LLM_QUANT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum quant_type {
	QUANT_TYPE_F32 = 0,
	QUANT_TYPE_F16 = 1,
	QUANT_TYPE_Q4_0 = 2,
	QUANT_TYPE_Q4_1 = 3,
	QUANT_TYPE_Q5_0 = 6,
	QUANT_TYPE_Q5_1 = 7,
	QUANT_TYPE_Q8_0 = 8,
	QUANT_TYPE_Q8_1 = 9,
	QUANT_TYPE_Q2_K = 10,
	QUANT_TYPE_Q3_K = 11,
	QUANT_TYPE_Q4_K = 12,
	QUANT_TYPE_Q5_K = 13,
	QUANT_TYPE_Q6_K = 14,
	QUANT_TYPE_Q8_K = 15,
	QUANT_TYPE_IQ2_XXS = 16,
	QUANT_TYPE_IQ2_XS = 17,
	QUANT_TYPE_IQ3_XXS = 18,
	QUANT_TYPE_IQ1_S = 19,
	QUANT_TYPE_IQ4_NL = 20,
	QUANT_TYPE_IQ3_S = 21,
	QUANT_TYPE_IQ2_S = 22,
	QUANT_TYPE_IQ4_XS = 23,
	QUANT_TYPE_I8 = 24,
	QUANT_TYPE_I16 = 25,
	QUANT_TYPE_I32 = 26,
	QUANT_TYPE_I64 = 27,
	QUANT_TYPE_F64 = 28,
	QUANT_TYPE_IQ1_M = 29,
	QUANT_TYPE_BF16 = 30,
	QUANT_TYPE_TQ1_0 = 34,
	QUANT_TYPE_TQ2_0 = 35,
	QUANT_TYPE_MXFP4 = 39,
	QUANT_TYPE_COUNT = 43 /* one past the largest id this table names */
};

/* Super-block length of the K-quants (QK_K). */
#define QUANT_QK_K 256
/* Block length of the legacy 32-element formats (QK4_0, QK8_0, ...). */
#define QUANT_QK 32

/* Block sizes in bytes, as ggml's static_asserts fix them. */
#define QUANT_Q4_0_BYTES 18
#define QUANT_Q4_1_BYTES 20
#define QUANT_Q5_0_BYTES 22
#define QUANT_Q5_1_BYTES 24
#define QUANT_Q8_0_BYTES 34
#define QUANT_Q2_K_BYTES 84
#define QUANT_Q3_K_BYTES 110
#define QUANT_Q4_K_BYTES 144
#define QUANT_Q5_K_BYTES 176
#define QUANT_Q6_K_BYTES 210
#define QUANT_Q8_K_BYTES 292

/* "Q4_K", "F32", ... as ggml spells them; "unknown" for an id without a name. */
const char *quant_type_name(uint32_t type);

/* 1 when the id names a type whose block layout this module knows
 * (quant_block_size() > 0), else 0. Known is not the same as supported:
 * see quant_type_supported(). */
int quant_type_known(uint32_t type);

/* 1 when quant_dequant_row_ref() can decode the type. */
int quant_type_supported(uint32_t type);

/* 1 when quant_quant_row_ref() can encode the type. */
int quant_type_quantizable(uint32_t type);

/* Elements per block (1 for F32/F16/BF16), 0 for a type without a known layout. */
size_t quant_block_size(uint32_t type);

/* Bytes per block, 0 for a type without a known layout. */
size_t quant_type_size(uint32_t type);

/*
 * Bytes of a row of n elements. Returns -1 when the type has no known
 * layout, n is not a positive multiple of the block size, or the size does
 * not fit in 63 bits.
 */
int quant_row_size(uint32_t type, int64_t n, uint64_t *out);

/*
 * Decodes n elements (one or more whole blocks) at src into dst.
 * Returns 0, or -1 when the type is not supported or n is not a multiple
 * of its block size.
 */
int quant_dequant_row_ref(uint32_t type, const void *src, float *dst, int64_t n);

/*
 * Encodes n floats into whole blocks at dst (quant_row_size() bytes).
 * Supported: F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K, Q5_K, Q6_K,
 * Q8_K. Inputs should be finite; NaN/Inf give unspecified (but memory-safe)
 * blocks for the quantized formats and are kept by F16/BF16.
 * Returns 0, or -1 for an unsupported type or a length that is not a
 * multiple of the block size.
 *
 * The quantizers cover every input with the grid they choose, so the error
 * of each element is at most half a step of its (sub-)block's stored scale;
 * test_gguf.c checks exactly that bound per format.
 */
int quant_quant_row_ref(uint32_t type, const float *src, void *dst, int64_t n);

/* IEEE half and bfloat16 conversions: round to nearest even; NaN stays NaN
 * (quiet, sign kept), infinities and subnormals are exact where the target
 * can hold them, overflow rounds to infinity. */
uint16_t quant_f32_to_f16(float f);
float quant_f16_to_f32(uint16_t h);
uint16_t quant_f32_to_bf16(float f);
float quant_bf16_to_f32(uint16_t h);

/*
 * The 6-bit scale and min of sub-block j (0..7) of a Q4_K / Q5_K block,
 * unpacked from its 12 scale bytes (get_scale_min_k4 in ggml).
 */
void quant_k4_scale_min(const uint8_t *scales12, int j, uint8_t *sc, uint8_t *m);

/* The eight 6-bit scales and mins of a Q4_K/Q5_K super-block from its 12
 * packed bytes (q = block + 4): scales 0-3 and mins 0-3 are the low six
 * bits of bytes 0-3 and 4-7; scales and mins 4-7 take their low four bits
 * from bytes 8-11 and their top two from the top bits of bytes 0-3 / 4-7.
 * Done four at a time in 32-bit words: the decode kernels unpack these for
 * every super-block of every row, where byte by byte it stood out in a
 * Q4_K decode profile. */
static inline void quant_k4_scales(const uint8_t *q, uint8_t sc[8], uint8_t m[8])
{
	uint32_t u0, u1, u2, v[4];
	memcpy(&u0, q, 4);
	memcpy(&u1, q + 4, 4);
	memcpy(&u2, q + 8, 4);
	v[0] = u0 & 0x3f3f3f3fu;
	v[1] = (u2 & 0x0f0f0f0fu) | ((u0 >> 2) & 0x30303030u);
	v[2] = u1 & 0x3f3f3f3fu;
	v[3] = ((u2 >> 4) & 0x0f0f0f0fu) | ((u1 >> 2) & 0x30303030u);
	memcpy(sc, v, 8);
	memcpy(m, v + 2, 8);
}

#endif
