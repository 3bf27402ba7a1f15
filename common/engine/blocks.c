/*
 * blocks: see blocks.h.
 */
#include "engine/blocks.h"

#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "engine/gguf.h"
#include "engine/kernel.h"
#include "engine/llama.h"
#include "engine/pool.h"
#include "engine/quant.h"

int blk_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

int blk_u32(const struct gguf_ctx *g, const char *key, int32_t lo, int32_t hi, int32_t def, int32_t *out,
	    char *err, size_t errlen)
{
	uint32_t v;
	if (gguf_find_key(g, key) < 0) {
		if (def < 0)
			return blk_fail(err, errlen, "missing metadata key %s", key);
		*out = def;
		return 0;
	}
	if (gguf_get_u32(g, key, &v, err, errlen))
		return -1;
	if (v < (uint32_t)lo || v > (uint32_t)hi)
		return blk_fail(err, errlen, "%s = %u is out of range (%d..%d)", key, v, lo, hi);
	*out = (int32_t)v;
	return 0;
}

const struct gguf_tensor *blk_tok_embd(const struct gguf_ctx *g, int32_t D, int32_t *n_vocab, char *err,
				       size_t errlen)
{
	const struct gguf_tensor *te = gguf_find_tensor(g, "token_embd.weight");
	if (!te) {
		blk_fail(err, errlen, "missing tensor token_embd.weight");
		return NULL;
	}
	if (te->n_dims != 2 || te->ne[0] != D || te->ne[1] < 1 || te->ne[1] > LLAMA_MAX_VOCAB ||
	    !quant_type_supported(te->type)) {
		blk_fail(err, errlen, "tensor token_embd.weight has shape [%lld, %lld] or type %s, expected [%d, vocab]",
			 (long long)te->ne[0], (long long)te->ne[1], quant_type_name(te->type), D);
		return NULL;
	}
	*n_vocab = (int32_t)te->ne[1];
	return te;
}

int blk_f32(const struct gguf_ctx *g, const char *key, float def, float *out, char *err, size_t errlen)
{
	*out = def;
	if (gguf_find_key(g, key) < 0)
		return 0;
	if (gguf_get_f32(g, key, out, err, errlen))
		return -1;
	if (!isfinite(*out))
		return blk_fail(err, errlen, "%s is not a finite number", key);
	return 0;
}

static int int_type(enum gguf_vtype t)
{
	return t == GGUF_VTYPE_U8 || t == GGUF_VTYPE_I8 || t == GGUF_VTYPE_U16 || t == GGUF_VTYPE_I16 ||
	       t == GGUF_VTYPE_U32 || t == GGUF_VTYPE_I32 || t == GGUF_VTYPE_U64 || t == GGUF_VTYPE_I64 ||
	       t == GGUF_VTYPE_BOOL;
}

int blk_u32_layers(const struct gguf_ctx *g, const char *key, int32_t lo, int32_t hi, int32_t def, int n,
		   int32_t *out, char *err, size_t errlen)
{
	int64_t i = gguf_find_key(g, key);
	if (i < 0 || gguf_kv_type(g, i) != GGUF_VTYPE_ARRAY) {
		int32_t v;
		if (blk_u32(g, key, lo, hi, def, &v, err, errlen))
			return -1;
		for (int l = 0; l < n; l++)
			out[l] = v;
		return 0;
	}
	if (!int_type(gguf_kv_arr_type(g, i)) || gguf_kv_arr_count(g, i) != (uint64_t)n)
		return blk_fail(err, errlen, "%s must be an integer or an array of %d integers (one per layer)", key, n);
	for (int l = 0; l < n; l++) {
		int64_t v = gguf_kv_arr_i64(g, i, (uint64_t)l);
		if (v < lo || v > hi)
			return blk_fail(err, errlen, "%s[%d] = %lld is out of range (%d..%d)", key, l, (long long)v, lo, hi);
		out[l] = (int32_t)v;
	}
	return 0;
}

int blk_flags_layers(const struct gguf_ctx *g, const char *key, int n, int *out, char *err, size_t errlen)
{
	int64_t i = gguf_find_key(g, key);
	if (i < 0)
		return blk_fail(err, errlen, "missing metadata key %s", key);
	if (gguf_kv_type(g, i) != GGUF_VTYPE_ARRAY || !int_type(gguf_kv_arr_type(g, i)) ||
	    gguf_kv_arr_count(g, i) != (uint64_t)n)
		return blk_fail(err, errlen, "%s must be an array of %d flags (one per layer)", key, n);
	for (int l = 0; l < n; l++) {
		int64_t v = gguf_kv_arr_i64(g, i, (uint64_t)l);
		if (v != 0 && v != 1)
			return blk_fail(err, errlen, "%s[%d] = %lld is not a flag (0 or 1)", key, l, (long long)v);
		out[l] = (int)v;
	}
	return 0;
}

float *blk_alloc_f(size_t n, int *bad)
{
	float *p = malloc((n ? n : 1) * sizeof(float));
	*bad |= !p;
	return p;
}

int blk_mat(const struct gguf_ctx *g, const char *name, int64_t cols, int64_t rows, struct blk_mat *m, char *err,
	    size_t errlen)
{
	const struct gguf_tensor *t = gguf_find_tensor(g, name);
	if (!t)
		return blk_fail(err, errlen, "missing tensor %s", name);
	if (!kernel_type_supported(t->type))
		return blk_fail(err, errlen, "tensor %s has type %s, which the engine cannot multiply with "
				"(supported: F32 F16 BF16 Q8_0 Q4_0 Q4_1 Q5_0 Q5_1 Q4_K Q5_K Q6_K)",
				name, quant_type_name(t->type));
	if (t->n_dims != 2 || t->ne[0] != cols || t->ne[1] != rows)
		return blk_fail(err, errlen, "tensor %s has shape [%lld, %lld, %lld], expected [%lld, %lld]", name,
				(long long)t->ne[0], (long long)t->ne[1], (long long)t->ne[2], (long long)cols,
				(long long)rows);
	if (cols % kernel_act_block(t->type))
		return blk_fail(err, errlen, "tensor %s: rows of %lld are not whole %s blocks", name, (long long)cols,
				quant_type_name(t->type));
	m->t = t;
	m->rows = rows;
	m->cols = cols;
	return 0;
}

int blk_vec(struct blk_owned *o, const struct gguf_ctx *g, const char *name, int64_t n, int64_t cols, int optional,
	    const float **out, char *err, size_t errlen)
{
	const struct gguf_tensor *t = gguf_find_tensor(g, name);
	*out = NULL;
	if (!t)
		return optional ? 0 : blk_fail(err, errlen, "missing tensor %s", name);
	if (t->n_elems != n || t->ne[0] != cols)
		return blk_fail(err, errlen, "tensor %s has %lld elements in rows of %lld, expected %lld in rows of %lld",
				name, (long long)t->n_elems, (long long)t->ne[0], (long long)n, (long long)cols);
	if (t->type == QUANT_TYPE_F32 && ((uintptr_t)t->data & 3) == 0) {
		*out = t->data;
		return 0;
	}
	if (o->n == o->cap) {
		int cap = o->cap ? 2 * o->cap : 16;
		float **p = realloc(o->p, (size_t)cap * sizeof(*p));
		if (!p)
			return blk_fail(err, errlen, "out of memory");
		o->p = p;
		o->cap = cap;
	}
	uint64_t rs = 0;
	float *f = malloc((size_t)n * sizeof(float));
	int bad = !f || quant_row_size(t->type, cols, &rs);
	for (int64_t r = 0; !bad && r < n / cols; r++)
		bad = quant_dequant_row_ref(t->type, (const uint8_t *)t->data + (size_t)r * rs, f + r * cols, cols) != 0;
	if (bad) {
		free(f);
		return blk_fail(err, errlen, "tensor %s: cannot read type %s", name, quant_type_name(t->type));
	}
	o->p[o->n++] = f;
	*out = f;
	return 0;
}

void blk_owned_free(struct blk_owned *o)
{
	for (int i = 0; i < o->n; i++)
		free(o->p[i]);
	free(o->p);
	o->p = NULL;
	o->n = o->cap = 0;
}

#define REPACK_ROWS 256 /* rows per unit of work (a multiple of 8) */

struct repack_job {
	struct blk_mat *const *mats;
	int n;
	atomic_long next;
};

static void repack_worker(void *arg, int ith, int nth)
{
	struct repack_job *j = arg;
	(void)ith;
	(void)nth;
	for (;;) {
		long u = atomic_fetch_add(&j->next, 1), base = 0;
		int k = 0;
		for (; k < j->n; k++) {
			const struct blk_mat *w = j->mats[k];
			long units = w->packed ? (long)((w->rows / 8 * 8 + REPACK_ROWS - 1) / REPACK_ROWS) : 0;
			if (u < base + units)
				break;
			base += units;
		}
		if (k == j->n)
			return;
		const struct blk_mat *w = j->mats[k];
		int64_t r0 = (int64_t)(u - base) * REPACK_ROWS, r1 = r0 + REPACK_ROWS;
		if (r1 > w->rows / 8 * 8)
			r1 = w->rows / 8 * 8;
		kernel_repack_rows(w->t->type, w->t->data, w->cols, r0, r1, (void *)w->packed);
	}
}

int blk_repack(struct pool *pool, struct blk_mat *const *mats, int n, void **buf, size_t *size)
{
	size_t total = 0;
	*buf = NULL;
	*size = 0;
	for (int i = 0; i < n; i++)
		if (mats[i]->t)
			total += (kernel_repack_size(mats[i]->t->type, mats[i]->rows, mats[i]->cols) + 63) & ~(size_t)63;
	if (!total)
		return 0;
	uint8_t *b = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (b == MAP_FAILED)
		return -1;
	size_t off = 0;
	for (int i = 0; i < n; i++) {
		size_t sz = mats[i]->t ? kernel_repack_size(mats[i]->t->type, mats[i]->rows, mats[i]->cols) : 0;
		mats[i]->packed = sz ? b + off : NULL;
		off += (sz + 63) & ~(size_t)63;
	}
	struct repack_job j = { .mats = mats, .n = n };
	atomic_init(&j.next, 0);
	pool_run(pool, repack_worker, &j);
	*buf = b;
	*size = total;
	return 0;
}

size_t blk_act_need(const struct blk_mat *w, int nx)
{
	return w->t ? kernel_act_size(w->t->type, w->cols) * (size_t)nx : 0;
}

void blk_mm(struct pool *pool, const struct blk_mat *w, const float *x, int nx, float *y, void *act)
{
	kernel_matmul_packed(pool, w->t->type, w->t->data, w->packed, w->rows, w->cols, x, nx, y, act);
}

void blk_rmsnorm(float *o, const float *x, const float *w, int n, float eps)
{
	float ss = 0;
	for (int i = 0; i < n; i++)
		ss += x[i] * x[i];
	ss = 1.0f / sqrtf(ss / (float)n + eps);
	for (int i = 0; i < n; i++)
		o[i] = (w ? w[i] : 1.0f) * (ss * x[i]);
}

void blk_rope(float *v, int n_heads, int hd, int n_rot, const float *freq, float pos)
{
	int half = n_rot / 2;
	for (int i = 0; i < half; i++) {
		float a = pos * freq[i], c = cosf(a), s = sinf(a);
		for (int h = 0; h < n_heads; h++) {
			float *p = v + (size_t)h * hd + i;
			float x0 = p[0], x1 = p[half];
			p[0] = x0 * c - x1 * s;
			p[half] = x0 * s + x1 * c;
		}
	}
}

float blk_gelu(float x)
{
	return 0.5f * x * (1.0f + tanhf(0.7978845608028654f * x * (1.0f + 0.044715f * x * x)));
}

float blk_silu(float x)
{
	return x / (1.0f + expf(-x));
}

float blk_sigmoid(float x)
{
	return 1.0f / (1.0f + expf(-x));
}

struct attn_job {
	const struct blk_attn *a;
	kernel_dot_fn dot;
	kernel_axpy_fn axpy;
	kernel_expsum_fn expsum;
	atomic_int next;
};

static void attn_worker(void *arg, int ith, int nth)
{
	struct attn_job *j = arg;
	const struct blk_attn *a = j->a;
	int hd = a->hd, group = a->n_head / a->n_kv;
	float *att = a->att + (size_t)ith * (size_t)a->n_ctx;
	(void)nth;
	for (;;) {
		int task = atomic_fetch_add(&j->next, 1);
		if (task >= a->n * a->n_head)
			break;
		int t = task / a->n_head, h = task % a->n_head, p = a->pos + t;
		int s0 = a->window > 0 && p >= a->window ? p - a->window + 1 : 0;
		const float *q = a->q + (size_t)t * a->q_stride + (size_t)h * hd;
		size_t koff = (size_t)(h / group) * hd;
		float mx = -INFINITY;
		for (int s = s0; s <= p; s++) {
			float d = j->dot(hd, a->kc + (size_t)s * a->kv_stride + koff, q) * a->scale;
			att[s] = d;
			if (d > mx)
				mx = d;
		}
		float inv = 1.0f / j->expsum(p - s0 + 1, att + s0, mx);
		float *o = a->out + (size_t)t * a->o_stride + (size_t)h * hd;
		memset(o, 0, (size_t)hd * sizeof(float));
		for (int s = s0; s <= p; s++)
			j->axpy(hd, att[s] * inv, a->vc + (size_t)s * a->kv_stride + koff, o);
	}
}

void blk_attend(struct pool *pool, const struct blk_attn *a)
{
	struct attn_job j = { .a = a, .dot = kernel_dot_for(QUANT_TYPE_F32), .axpy = kernel_axpy_for(),
			      .expsum = kernel_expsum_for() };
	atomic_init(&j.next, 0);
	if (a->n * a->n_head > 1)
		pool_run(pool, attn_worker, &j);
	else
		attn_worker(&j, 0, 1);
}
