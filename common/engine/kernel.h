/*
 * kernel: dot products and matrix-vector products that read weights in
 * their stored (quantized) form, straight from the mapped file.
 *
 * A weight row of type T is multiplied with an activation row that was
 * converted once per matmul into T's "activation format":
 *   F32, F16, BF16        -> float (kept exact: no activation rounding)
 *   Q8_0, Q4_0, Q4_1,
 *   Q5_0, Q5_1            -> struct kernel_q8, blocks of 32 (int8 + scale)
 *   Q4_K, Q5_K, Q6_K      -> struct kernel_q8k, blocks of 256 with 16-sums
 * so the inner loops are integer multiply-adds per block and one float
 * multiply per block. The activation formats are in-memory only (never in
 * a file), so they carry what makes the kernels cheap: a float scale, the
 * block's integer sum (the zero-point / min terms of Q4_0..Q5_1 and the
 * Q6_K/Q4_K offsets come out of it) and, for Q8_K, sums per 16 elements.
 *
 * Every type has a scalar kernel_dot_<type>_ref (the truth) and, where the
 * CPU has it, an AVX2 version (kernel_avx2.c) and for the hottest types an
 * AVX-512 VNNI one (kernel_avx512.c). kernel_dot_for() returns the
 * chosen one; the choice is made on first use with __builtin_cpu_supports
 * and can be forced with kernel_set_isa() or the environment variable
 * LLM_ENGINE_KERNEL=ref|avx2|avx512 (tests use it to run the whole engine on the
 * reference kernels). Integer parts are exact in every version, so SIMD and
 * reference differ only by float summation order.
 */
#ifndef LLM_KERNEL_H
#define LLM_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#include "engine/quant.h"

struct pool;

struct kernel_q8 {
	float d;       /* x ~= d * qs */
	int32_t isum;  /* sum of qs */
	int8_t qs[32];
};

/* Q4_0's activation row holds its kernel_q8 blocks followed by the same
 * values laid out for a four-block SIMD step (kernel_avx512.c's Q4_0
 * tile), one of these per four blocks: the activation is quantized once per
 * matmul and read once per weight row, so arranging it here saves every
 * weight row the shuffles. Other kernels ignore it. */
struct kernel_q8x4 {
	int8_t lo[64];   /* qs[0..15] of block k at 16k */
	int8_t hi[64];   /* qs[16..31] of block k at 16k */
	float d[16];     /* d of block k at 4k .. 4k+3 */
	int32_t off[16]; /* Q4_0's zero point: -8 * isum of block k at 4k, 0 elsewhere */
};

/* Q4_0's activation row ends with one float per block after the
 * kernel_q8x4 groups: the zero point's float term -8 * d * isum, computed
 * once per matmul instead of once per eight-row group (the x8 and gemm8
 * kernels add it per block). kernel_q4_0_corr() finds it. */
static inline const float *kernel_q4_0_corr(const void *act_row, int64_t n)
{
	return (const float *)((const uint8_t *)act_row + (size_t)(n / 32) * sizeof(struct kernel_q8) +
			       (size_t)(n / 128) * sizeof(struct kernel_q8x4));
}

struct kernel_q8k {
	float d;
	int16_t bsums[16]; /* sum of qs[16k .. 16k+15] */
	int8_t qs[256];
};

enum kernel_act {
	KERNEL_ACT_F32,
	KERNEL_ACT_Q8,
	KERNEL_ACT_Q8K,
};

enum kernel_isa {
	KERNEL_ISA_AUTO = 0,
	KERNEL_ISA_REF,
	KERNEL_ISA_AVX2,
	KERNEL_ISA_AVX512,
};

/* Software prefetch distance, in bytes ahead of the weight being read.
 * Decoding streams every weight once, and the hardware prefetchers alone
 * leave a core far below what it can read. What counts is that every line
 * of a weight row is asked for: one prefetch per 72-byte Q4_0 group (or
 * 68-byte Q8_0 pair) skips one line in nine, and each skipped line stalls
 * the kernel for a full memory latency; the tiles therefore keep a cursor
 * per row that asks for each line once (scripts/bench-engine shows the
 * result). Each thread reads one contiguous run of rows (kernel_matmul), so
 * "ahead" is what that thread reads next. Distances from 8 to 24 KB
 * measured the same while tuning; 16 KB is in the middle. */
#define KERNEL_PF_AHEAD 16384

/* Activation rows a multi-row kernel takes at once. */
#define KERNEL_NX 4

/* Dot products of one weight row with nx (1..KERNEL_NX) activation rows
 * xs bytes apart: out[t] = dot(w, x + t * xs). Bit-identical to nx calls of
 * the same ISA's single kernel; it unpacks each weight block once. */
typedef void (*kernel_dotn_fn)(int64_t n, const void *w, const void *x, size_t xs, int nx, float *out);

/* Weight rows a tile kernel takes at once. */
#define KERNEL_TR 4

/* A tile: out[r * os + t] = dot(w + r * ws, x + t * xs) for r < nr
 * (1..KERNEL_TR) weight rows and t < nx (1..KERNEL_NX) activation rows.
 * Its result for one (row, activation) pair does not depend on nr, nx or
 * the other rows, so batches and single steps agree bit for bit; it is not
 * bit-identical to the same ISA's single dot kernel. */
typedef void (*kernel_tile_fn)(int64_t n, const void *w, size_t ws, int nr, const void *x, size_t xs, int nx,
			       float *out, size_t os);

/*
 * Repacked weights: groups of eight consecutive rows whose blocks are
 * interleaved (kernel_avx2.c describes each type's group), so one SIMD
 * step multiplies eight rows with one activation and a decode step costs
 * a fraction of the row-by-row kernels' instructions. The repacked copy is
 * the same size as the rows it holds; rows past the last whole group stay
 * with the original rows. kernel_repack_size() is 0 when the current ISA
 * has no eight-row kernel for the type, the matrix has fewer than eight
 * rows, or LLM_ENGINE_REPACK=0 is set.
 *
 * An x8 kernel: out[r * os + t] = dot(row r of the group, x + t * xs) for
 * r < 8 and t < nx (1..KERNEL_NX); wp is the group's n columns. The result
 * for one (row, activation) pair does not depend on nx.
 */
typedef void (*kernel_x8_fn)(int64_t n, const void *wp, const void *x, size_t xs, int nx, float *out, size_t os);

kernel_x8_fn kernel_x8_isa(uint32_t type, enum kernel_isa isa);
kernel_x8_fn kernel_x8_for(uint32_t type);
size_t kernel_repack_size(uint32_t type, int64_t rows, int64_t cols);
/* Writes the groups of w (rows x cols of type) to out
 * (kernel_repack_size() bytes). Rows r0 .. r1 - 1 only when called with a
 * part: r0 and r1 multiples of 8 (for splitting the work over threads). */
void kernel_repack_rows(uint32_t type, const void *w, int64_t cols, int64_t r0, int64_t r1, void *out);

/* Activation rows a gemm8 kernel takes at once. */
#define KERNEL_GEMM_NX 64

/*
 * A gemm8 kernel: the x8 kernel for nx (1..KERNEL_GEMM_NX) activation
 * rows at once, out[r * ors + t * ots] = dot(row r of the group, x + t * xs)
 * for r < 8, t < nx. It unpacks each block of the group once for all the
 * activations (the x8 kernels do it per KERNEL_NX), and its result for one
 * (row, activation) pair is bit-identical to the x8 kernel's, so prompts,
 * batches and single decode steps agree. kernel_matmul uses it for more
 * than one activation row where the type has one.
 */
typedef void (*kernel_gemm8_fn)(int64_t n, const void *wp, const void *x, size_t xs, int nx, float *out, size_t ors,
				size_t ots);
kernel_gemm8_fn kernel_gemm8_isa(uint32_t type, enum kernel_isa isa);
kernel_gemm8_fn kernel_gemm8_for(uint32_t type);

/*
 * A gemm16 kernel: the gemm8 kernel for two groups at once, the second gs
 * bytes after the first (consecutive groups: gs = 8 rows' bytes), rows
 * r < 16: out[r * ors + t * ots] = dot(row r, x + t * xs), row r of the
 * first group for r < 8, row r - 8 of the second after. Each activation
 * block it reads and each broadcast of its bytes serves sixteen rows
 * instead of eight; per (row, activation) it is bit-identical to the gemm8
 * (and so the x8) kernel. kernel_matmul uses it where two whole groups
 * meet more than eight activation rows, NULL where the type has none.
 */
typedef void (*kernel_gemm16_fn)(int64_t n, const void *wp, size_t gs, const void *x, size_t xs, int nx, float *out,
				 size_t ors, size_t ots);
kernel_gemm16_fn kernel_gemm16_isa(uint32_t type, enum kernel_isa isa);
kernel_gemm16_fn kernel_gemm16_for(uint32_t type);

/* Dot product of one weight row (n elements of the type) with an
 * activation row in the type's activation format. */
typedef float (*kernel_dot_fn)(int64_t n, const void *w, const void *x);

/* 1 when the engine can multiply with weights of this type. */
int kernel_type_supported(uint32_t type);
enum kernel_act kernel_act_of(uint32_t type);
/* Elements per activation block for the type (1, 32 or 256). */
int64_t kernel_act_block(uint32_t type);
/* Bytes of one activation row of n elements for weights of this type
 * (n must be a multiple of kernel_act_block()). */
size_t kernel_act_size(uint32_t type, int64_t n);
/* Converts n floats into the type's activation format at out. */
void kernel_quantize_act(uint32_t type, const float *x, void *out, int64_t n);

/* The multi-row kernel of the current ISA for the type, NULL when it has
 * none (callers then loop over kernel_dot_for()). */
kernel_dotn_fn kernel_dotn_for(uint32_t type);
kernel_dotn_fn kernel_dotn_isa(uint32_t type, enum kernel_isa isa);

/* The tile kernel of the current ISA for the type, NULL when none; when
 * there is one, kernel_matmul uses it for every product of that type
 * (for Q4_K and Q6_K only for several activation rows: see kernel.c). */
kernel_tile_fn kernel_tile_for(uint32_t type);
kernel_tile_fn kernel_tile_isa(uint32_t type, enum kernel_isa isa);

/* Force an ISA (KERNEL_ISA_AUTO = detect). Returns the ISA now in use,
 * which is REF when the CPU lacks the one asked for. */
enum kernel_isa kernel_set_isa(enum kernel_isa isa);
enum kernel_isa kernel_get_isa(void);
const char *kernel_isa_name(enum kernel_isa isa);
/* 1 when this CPU can run the ISA's kernels. */
int kernel_isa_available(enum kernel_isa isa);

/* The dot kernel of the current ISA for the type; NULL if unsupported. */
kernel_dot_fn kernel_dot_for(uint32_t type);
/* The kernel of a given ISA (NULL when that ISA has none for the type). */
kernel_dot_fn kernel_dot_isa(uint32_t type, enum kernel_isa isa);

/*
 * y[t][r] = dot(W row r, x[t]) for t < nx, r < rows. W is rows x cols of
 * type (row stride = quant_row_size(type, cols)), x is nx rows of cols
 * floats, y is nx rows of `rows` floats. act must hold
 * nx * kernel_act_size(type, cols) bytes. Rows are split over the pool.
 */
void kernel_matmul(struct pool *pool, uint32_t type, const void *w, int64_t rows, int64_t cols,
		   const float *x, int64_t nx, float *y, void *act);

/* A file cache of repacked weights (kernel_cache.c) in directory dir:
 * key identifies what was repacked (the model file and the matrices);
 * size is the bytes of repacked data. kernel_cache_map returns the data
 * of a matching file, mapped read-only (*map / *map_len for munmap), or
 * NULL; kernel_cache_write stores data under the key (0, or -1 when it
 * could not; never a partial file). Neither prints. */
const void *kernel_cache_map(const char *dir, const uint64_t key[6], size_t size, void **map, size_t *map_len);
int kernel_cache_write(const char *dir, const uint64_t key[6], const void *data, size_t size);

/* kernel_matmul with the rows' repacked copy (NULL: none); the groups it
 * holds are multiplied with the x8 kernel, the rest as kernel_matmul. */
void kernel_matmul_packed(struct pool *pool, uint32_t type, const void *w, const void *packed, int64_t rows,
			  int64_t cols, const float *x, int64_t nx, float *y, void *act);
/* kernel_matmul_packed whose result for one activation row never depends on
 * nx: a single row takes the tile kernel too where the type has one
 * (kernel_matmul_packed multiplies a single Q4_K / Q6_K row outside the
 * repacked groups with the dot kernel, which rounds differently). Batched
 * decoding uses it, so a sequence decodes to the same bits alone or among
 * others. */
void kernel_matmul_invariant(struct pool *pool, uint32_t type, const void *w, const void *packed, int64_t rows,
			     int64_t cols, const float *x, int64_t nx, float *y, void *act);

/* Attention's float loops (llama.c), dispatched like the dots:
 * y[i] += a * x[i] for i < n, and x[i] = exp(x[i] - max) for i < n
 * returning their sum (the softmax's numerators). The SIMD exp is a
 * degree-7 polynomial after range reduction: within 3e-7 relative of
 * expf, 0 below exp(-87). */
typedef void (*kernel_axpy_fn)(int64_t n, float a, const float *x, float *y);
typedef float (*kernel_expsum_fn)(int64_t n, float *x, float max);
kernel_axpy_fn kernel_axpy_isa(enum kernel_isa isa);
kernel_expsum_fn kernel_expsum_isa(enum kernel_isa isa);
kernel_axpy_fn kernel_axpy_for(void);
kernel_expsum_fn kernel_expsum_for(void);
void kernel_axpy_f32_ref(int64_t n, float a, const float *x, float *y);
float kernel_expsum_f32_ref(int64_t n, float *x, float max);
void kernel_axpy_f32_avx2(int64_t n, float a, const float *x, float *y);
float kernel_expsum_f32_avx2(int64_t n, float *x, float max);

/* kernel_quantize_act's block quantizer in AVX2 (bit-identical to the
 * scalar one): n (a multiple of 32) floats to int8 at q, returns the
 * scale, *isum the sum of q, sums16 (optional) the sum of every 16. */
float kernel_q8_block_avx2(const float *x, int n, int8_t *q, int32_t *isum, int16_t *sums16);

/* A microbenchmark of the int8 multiply-add peak on one thread: iters
 * rounds of the current ISA's int8 multiply-accumulate on independent
 * accumulators (AVX2: 8 x vpmaddubsw plus a 16-bit add, 32 multiply-adds
 * each, the x8 kernels' inner step, in assembly so none is folded away;
 * AVX-512: 12 x vpdpbusd, 64). Returns the multiply-adds done, 0 when the
 * ISA has no SIMD. */
uint64_t kernel_int8_spin(int64_t iters);
uint64_t kernel_int8_spin_avx2(int64_t iters);
uint64_t kernel_int8_spin_avx512(int64_t iters);

/* Scalar references. */
float kernel_dot_f32_ref(int64_t n, const void *w, const void *x);
float kernel_dot_f16_ref(int64_t n, const void *w, const void *x);
float kernel_dot_bf16_ref(int64_t n, const void *w, const void *x);
float kernel_dot_q8_0_ref(int64_t n, const void *w, const void *x);
float kernel_dot_q4_0_ref(int64_t n, const void *w, const void *x);
float kernel_dot_q4_1_ref(int64_t n, const void *w, const void *x);
float kernel_dot_q5_0_ref(int64_t n, const void *w, const void *x);
float kernel_dot_q5_1_ref(int64_t n, const void *w, const void *x);
float kernel_dot_q4_k_ref(int64_t n, const void *w, const void *x);
float kernel_dot_q5_k_ref(int64_t n, const void *w, const void *x);
float kernel_dot_q6_k_ref(int64_t n, const void *w, const void *x);

/* AVX2 + FMA + F16C versions (kernel_avx2.c); call only when
 * kernel_isa_available(KERNEL_ISA_AVX2). */
float kernel_dot_f32_avx2(int64_t n, const void *w, const void *x);
float kernel_dot_f16_avx2(int64_t n, const void *w, const void *x);
float kernel_dot_bf16_avx2(int64_t n, const void *w, const void *x);
float kernel_dot_q8_0_avx2(int64_t n, const void *w, const void *x);
float kernel_dot_q4_0_avx2(int64_t n, const void *w, const void *x);
float kernel_dot_q4_1_avx2(int64_t n, const void *w, const void *x);
float kernel_dot_q5_0_avx2(int64_t n, const void *w, const void *x);
float kernel_dot_q5_1_avx2(int64_t n, const void *w, const void *x);
float kernel_dot_q4_k_avx2(int64_t n, const void *w, const void *x);
float kernel_dot_q5_k_avx2(int64_t n, const void *w, const void *x);
float kernel_dot_q6_k_avx2(int64_t n, const void *w, const void *x);
void kernel_tile_q4_0_avx2(int64_t n, const void *w, size_t ws, int nr, const void *x, size_t xs, int nx,
			   float *out, size_t os);
void kernel_tile_q8_0_avx2(int64_t n, const void *w, size_t ws, int nr, const void *x, size_t xs, int nx,
			   float *out, size_t os);

void kernel_x8_q4_0_avx2(int64_t n, const void *wp, const void *x, size_t xs, int nx, float *out, size_t os);
void kernel_x8_q8_0_avx2(int64_t n, const void *wp, const void *x, size_t xs, int nx, float *out, size_t os);
void kernel_x8_q4_k_avx2(int64_t n, const void *wp, const void *x, size_t xs, int nx, float *out, size_t os);
void kernel_x8_q5_k_avx2(int64_t n, const void *wp, const void *x, size_t xs, int nx, float *out, size_t os);
void kernel_x8_q6_k_avx2(int64_t n, const void *wp, const void *x, size_t xs, int nx, float *out, size_t os);
void kernel_gemm8_q4_0_avx2(int64_t n, const void *wp, const void *x, size_t xs, int nx, float *out, size_t ors,
			    size_t ots);
void kernel_gemm8_q8_0_avx2(int64_t n, const void *wp, const void *x, size_t xs, int nx, float *out, size_t ors,
			    size_t ots);
void kernel_gemm8_q4_k_avx2(int64_t n, const void *wp, const void *x, size_t xs, int nx, float *out, size_t ors,
			    size_t ots);
void kernel_gemm8_q5_k_avx2(int64_t n, const void *wp, const void *x, size_t xs, int nx, float *out, size_t ors,
			    size_t ots);
void kernel_gemm8_q6_k_avx2(int64_t n, const void *wp, const void *x, size_t xs, int nx, float *out, size_t ors,
			    size_t ots);
void kernel_gemm16_q4_0_avx2(int64_t n, const void *wp, size_t gs, const void *x, size_t xs, int nx, float *out,
			     size_t ors, size_t ots);

/* AVX-512 F/BW/VL/DQ + VNNI versions (kernel_avx512.c); call only when
 * kernel_isa_available(KERNEL_ISA_AVX512). The other types use AVX2. */
float kernel_dot_q8_0_avx512(int64_t n, const void *w, const void *x);
float kernel_dot_q4_0_avx512(int64_t n, const void *w, const void *x);
float kernel_dot_q4_k_avx512(int64_t n, const void *w, const void *x);
void kernel_dotn_q8_0_avx512(int64_t n, const void *w, const void *x, size_t xs, int nx, float *out);
void kernel_dotn_q4_0_avx512(int64_t n, const void *w, const void *x, size_t xs, int nx, float *out);
void kernel_tile_q4_0_avx512(int64_t n, const void *w, size_t ws, int nr, const void *x, size_t xs, int nx,
			     float *out, size_t os);
void kernel_tile_q8_0_avx512(int64_t n, const void *w, size_t ws, int nr, const void *x, size_t xs, int nx,
			     float *out, size_t os);
void kernel_tile_q4_k_avx512(int64_t n, const void *w, size_t ws, int nr, const void *x, size_t xs, int nx,
			     float *out, size_t os);
void kernel_tile_q6_k_avx512(int64_t n, const void *w, size_t ws, int nr, const void *x, size_t xs, int nx,
			     float *out, size_t os);
void kernel_dotn_q4_k_avx512(int64_t n, const void *w, const void *x, size_t xs, int nx, float *out);

#endif
