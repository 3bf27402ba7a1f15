/*
 * blocks: the pieces the architectures outside llama.c's Llama block
 * (qwen35.c, gemma4.c) share: metadata and tensor lookups that check every
 * value and shape a file gives, and the float steps of a forward pass
 * (RMSNorm, NEOX RoPE, GELU, SiLU, causal attention over a float cache).
 * Library code: never prints or exits; errors are messages in err.
 */
#ifndef LLM_BLOCKS_H
#define LLM_BLOCKS_H

#include <stddef.h>
#include <stdint.h>

struct gguf_ctx;
struct gguf_tensor;
struct pool;

/* Float copies of vectors that were not F32 in the file, freed together. */
struct blk_owned {
	float **p;
	int n, cap;
};

/* A weight matrix used in place from the mapping: rows x cols (cols is the
 * GGUF row length ne[0]). */
struct blk_mat {
	const struct gguf_tensor *t;
	int64_t rows, cols;
	const void *packed; /* eight-row groups (kernel_repack_rows), NULL when not repacked */
};

int blk_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* n floats (at least one) from malloc; a failure sets *bad, so a model's
 * buffers are allocated in a row and checked once. */
float *blk_alloc_f(size_t n, int *bad);

/* An unsigned integer key in lo..hi; def < 0: required, else its default. */
/* token_embd.weight: present, [D, vocab] with 1 <= vocab <= LLAMA_MAX_VOCAB,
 * of a type the engine reads; *n_vocab gets vocab. NULL with err otherwise. */
const struct gguf_tensor *blk_tok_embd(const struct gguf_ctx *g, int32_t D, int32_t *n_vocab, char *err,
				       size_t errlen);
int blk_u32(const struct gguf_ctx *g, const char *key, int32_t lo, int32_t hi, int32_t def, int32_t *out,
	    char *err, size_t errlen);
/* A finite float key (def when absent). */
int blk_f32(const struct gguf_ctx *g, const char *key, float def, float *out, char *err, size_t errlen);
/* One integer per layer: a scalar key for every layer, or an integer array
 * of exactly n; each in lo..hi. def < 0: required. */
int blk_u32_layers(const struct gguf_ctx *g, const char *key, int32_t lo, int32_t hi, int32_t def, int n,
		   int32_t *out, char *err, size_t errlen);
/* One flag per layer: a bool or integer array of exactly n (required). */
int blk_flags_layers(const struct gguf_ctx *g, const char *key, int n, int *out, char *err, size_t errlen);

/* A 2-D matrix the kernels multiply with, rows x cols, refused by name when
 * missing, of another shape, of a type the kernels lack, or with rows that
 * are not whole blocks. */
int blk_mat(const struct gguf_ctx *g, const char *name, int64_t cols, int64_t rows, struct blk_mat *m, char *err,
	    size_t errlen);
/* n floats (a norm, a bias, a small table of n = rows x cols values whose
 * tensor has ne[0] = cols): *out stays NULL when absent and optional. */
int blk_vec(struct blk_owned *o, const struct gguf_ctx *g, const char *name, int64_t n, int64_t cols, int optional,
	    const float **out, char *err, size_t errlen);
void blk_owned_free(struct blk_owned *o);

/* Repacks the matrices (entries without a tensor skipped) into eight-row
 * groups where the kernels have them, in one anonymous mapping (*buf of
 * *size bytes, NULL when nothing was repacked; munmap it after use), the
 * work split over the pool. 0, or -1 when out of memory. */
int blk_repack(struct pool *pool, struct blk_mat *const *mats, int n, void **buf, size_t *size);

/* The size of the next pass of a prompt with n tokens left, at most max a
 * pass: the passes a prompt needs, of equal size (69 tokens in passes of
 * 32 run as 23 + 23 + 23, not 32 + 32 + 5: a short last pass multiplies
 * with few activation rows, where the kernels are least efficient). */
static inline int blk_pass(int n, int max)
{
	int passes = (n + max - 1) / max;
	return (n + passes - 1) / passes;
}

/* Bytes of activations blk_mm needs for a batch of nx rows. */
size_t blk_act_need(const struct blk_mat *w, int nx);
/* y[t] = W x[t] for t < nx (over the pool). */
void blk_mm(struct pool *pool, const struct blk_mat *w, const float *x, int nx, float *y, void *act);

/* o = x / rms(x) * w (w NULL: no weight), n values. */
void blk_rmsnorm(float *o, const float *x, const float *w, int n, float eps);
/* NEOX RoPE on each of n_heads heads of hd: pairs (i, i + n_rot/2) for
 * i < n_rot/2, angle pos * freq[i]. */
void blk_rope(float *v, int n_heads, int hd, int n_rot, const float *freq, float pos);
float blk_gelu(float x); /* tanh form */
float blk_silu(float x);
float blk_sigmoid(float x);

/*
 * Causal attention for n query rows (query t at position pos + t) over a
 * float cache whose position s row is kc/vc + s * kv_stride: head h reads
 * KV head h / (n_head / n_kv). A query at p sees keys max(0, p - window +
 * 1) .. p (window <= 0: all). Scores are q.k * scale. out row t, head h at
 * out + t * o_stride + h * hd. att: pool_size * n_ctx floats of scratch.
 */
struct blk_attn {
	const float *q;
	size_t q_stride;
	int n, pos, n_head, n_kv, hd, window, n_ctx;
	const float *kc, *vc;
	size_t kv_stride;
	float scale;
	float *out;
	size_t o_stride;
	float *att;
};
void blk_attend(struct pool *pool, const struct blk_attn *a);

#endif
