/*
 * llama: model loading and the forward pass. See llama.h.
 *
 * A prompt is processed in batches of up to LLAMA_BATCH tokens (of equal
 * size: blk_pass), so every weight matrix is read once per batch instead
 * of once per token; a decode step is a batch of one, or with llama_decode
 * one token of each of several sequences. A pass runs over rows (eval_rows: embed, then per layer
 * layer_attn and layer_ffn, then output), each row naming its sequence's
 * cache and position (m->row_kv, m->row_pos): an architecture's layer code
 * works on rows and never asks which sequence they belong to, except
 * attention and any per-sequence state, which live in struct llama_kv.
 * Work inside a pass is split over the pool: matmul rows (kernel_matmul)
 * and attention by (token, head).
 *
 * Why one file: loading (every tensor's shape checked), the per-layer
 * steps and the batch rows share struct llama and its scratch buffers;
 * architectures with blocks of their own live in their own files (archx.h).
 */
#include "engine/llama.h"
#include "engine/blocks.h"

#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "engine/archx.h"
#include "engine/gguf.h"
#include "engine/kernel.h"
#include "engine/pool.h"
#include "engine/quant.h"

struct layer {
	const float *attn_norm, *ffn_norm;
	const float *attn_post_norm, *ffn_post_norm; /* Gemma's norms of each block's output, NULL when absent */
	const float *bq, *bk, *bv; /* projection biases (qwen2), NULL when absent */
	const float *q_norm, *k_norm; /* per-head RMSNorm weights (qwen3, gemma3), NULL when absent */
	int swa; /* a local (sliding-window) layer */
	struct blk_mat wqkv; /* phi3's fused q, k, v rows (in that order); wqkv.t NULL when separate */
	struct blk_mat wq, wk, wv, wo, gate, up, down; /* gate.t NULL: up is phi3's fused gate then up rows */
};

struct llama {
	struct llama_hparams hp;
	int32_t n_ctx, kv_dim;
	struct pool *pool;
	const struct gguf_tensor *tok_embd;
	const float *out_norm;
	const float *out_bias; /* output.bias, NULL when absent */
	struct blk_mat out;
	struct layer *layers;
	float **owned; /* norm vectors converted to float */
	int n_owned;
	float *rope_freq; /* n_rot / 2, global layers */
	float *rope_freq_swa; /* n_rot / 2, local layers */
	float rope_scale_swa; /* position scale of local layers */
	struct llama_kv *kv; /* llama_eval's cache (n_ctx) */
	/* the rows of the pass being run: each row's sequence cache and position
	 * (a prompt: one cache, consecutive positions; a batch step: one row per
	 * sequence) */
	struct llama_kv *row_kv[LLAMA_BATCH];
	int32_t row_pos[LLAMA_BATCH];
	int invariant; /* a batch step: matmul results independent of the row count */
	/* batch buffers */
	float *x, *xb, *xb2, *q, *k, *v, *qkv, *hb, *hb2, *att, *logits_tmp;
	void *act;
	uint64_t weight_bytes;
	void *packed_buf; /* the repacked matrices (mmap), NULL when none */
	size_t packed_size;
	/* architectures with their own blocks (archx.h); NULL otherwise */
	struct qwen35 *qwen35;
	struct gemma4 *gemma4;
};

/* One sequence's keys and values: [layer][cap][kv_dim] each, grown on
 * demand up to the model's n_ctx. */
struct llama_kv {
	int32_t cap, n_layer, kv_dim;
	float *k, *v;
};

/* A vector of n floats (a norm's weights, a bias): *out stays NULL when
 * the tensor is absent and optional. */
static int find_vec(struct llama *m, const struct gguf_ctx *g, const char *name, int64_t n, int optional,
		    const float **out, char *err, size_t errlen)
{
	const struct gguf_tensor *t = gguf_find_tensor(g, name);
	*out = NULL;
	if (!t)
		return optional ? 0 : blk_fail(err, errlen, "missing tensor %s", name);
	if (t->n_elems != n || t->ne[0] != n)
		return blk_fail(err, errlen, "tensor %s has %lld elements, expected %lld", name, (long long)t->n_elems,
			    (long long)n);
	/* F32 data is used in place when aligned (the mapping is page-aligned
	 * and GGUF aligns tensor data); anything else gets a float copy. */
	if (t->type == QUANT_TYPE_F32 && ((uintptr_t)t->data & 3) == 0) {
		*out = t->data;
		return 0;
	}
	float *f = malloc((size_t)n * sizeof(float));
	if (!f || quant_dequant_row_ref(t->type, t->data, f, n)) {
		free(f);
		return blk_fail(err, errlen, "tensor %s: cannot read type %s", name, quant_type_name(t->type));
	}
	m->owned[m->n_owned++] = f;
	*out = f;
	return 0;
}

/*
 * Gemma 2 and 3 (ENGINE-FACTS 2.6, llama.cpp's load_hparams): embeddings
 * scaled by sqrt(n_embd); GELU FFN; q scaled by 1/sqrt(head_dim), or by
 * 1/sqrt(n_embd / n_head) in the 27B models (46 layers for Gemma 2, 62 for
 * Gemma 3); local layers every pattern (2: even layers local; 6: five
 * local to one global). Gemma 2 soft-caps attention scores (default 50)
 * and logits (default 30); Gemma 3 soft-caps logits only when the file
 * asks, and its local layers rotate with base 10000 and no scaling.
 */
static int gemma_hparams(struct llama_hparams *h, const struct gguf_ctx *g, const char *arch, char *err,
			 size_t errlen)
{
	char key[96];
#define KEY(s) (snprintf(key, sizeof(key), "%s.%s", arch, s), key)
	int g2 = h->arch == LLAMA_ARCH_GEMMA2;
	h->gelu = 1;
	h->emb_scale = sqrtf((float)h->n_embd);
	if (h->n_layer == (g2 ? 46 : 62))
		h->attn_scale = 1.0f / sqrtf((float)(h->n_embd / h->n_head));
	h->swa_pattern = g2 ? 2 : 6;
	if (blk_u32(g, KEY("attention.sliding_window"), 1, LLAMA_MAX_CTX, g2 ? 4096 : -1, &h->n_swa, err, errlen) ||
	    blk_f32(g, KEY("attn_logit_softcapping"), g2 ? 50.0f : 0.0f, &h->attn_softcap, err, errlen) ||
	    blk_f32(g, KEY("final_logit_softcapping"), g2 ? 30.0f : 0.0f, &h->final_softcap, err, errlen))
		return -1;
	if (!g2)
		h->attn_softcap = 0;
	if (h->attn_softcap < 0 || h->final_softcap < 0)
		return blk_fail(err, errlen, "%s soft-capping values must not be negative", arch);
	if (!g2)
		h->rope_base_swa = 10000.0f;
	return 0;
#undef KEY
}

static int load_hparams(struct llama *m, const struct gguf_ctx *g, char *err, size_t errlen)
{
	struct llama_hparams *h = &m->hp;
	const char *arch = NULL;
	if (gguf_get_str(g, "general.architecture", &arch, NULL, err, errlen))
		return -1;
	static const struct {
		const char *name;
		enum llama_arch arch;
	} archs[] = { { "llama", LLAMA_ARCH_LLAMA }, { "qwen2", LLAMA_ARCH_QWEN2 }, { "qwen3", LLAMA_ARCH_QWEN3 },
		      { "gemma2", LLAMA_ARCH_GEMMA2 }, { "gemma3", LLAMA_ARCH_GEMMA3 }, { "phi3", LLAMA_ARCH_PHI3 } };
	size_t ai = 0;
	while (ai < sizeof(archs) / sizeof(archs[0]) && strcmp(arch, archs[ai].name))
		ai++;
	if (ai == sizeof(archs) / sizeof(archs[0]))
		return blk_fail(err, errlen,
			    "architecture '%.64s' is not supported (the engine runs llama, qwen2, qwen3, gemma2, gemma3, "
			    "phi3, qwen35 and gemma4)", arch);
	h->arch = archs[ai].arch;
	/* Hyper-parameter keys are prefixed with the architecture's name. */
	char key[96];
#define KEY(s) (snprintf(key, sizeof(key), "%s.%s", arch, s), key)
	if (blk_u32(g, KEY("embedding_length"), 1, LLAMA_MAX_EMBD, -1, &h->n_embd, err, errlen) ||
	    blk_u32(g, KEY("block_count"), 1, LLAMA_MAX_LAYERS, -1, &h->n_layer, err, errlen) ||
	    blk_u32(g, KEY("feed_forward_length"), 1, LLAMA_MAX_FF, -1, &h->n_ff, err, errlen) ||
	    blk_u32(g, KEY("attention.head_count"), 1, LLAMA_MAX_HEADS, -1, &h->n_head, err, errlen) ||
	    blk_u32(g, KEY("attention.head_count_kv"), 1, LLAMA_MAX_HEADS, h->n_head, &h->n_head_kv, err, errlen) ||
	    blk_u32(g, KEY("context_length"), 1, LLAMA_MAX_CTX, 2048, &h->n_ctx_train, err, errlen))
		return -1;
	if (h->n_head % h->n_head_kv)
		return blk_fail(err, errlen, "head count %d is not a multiple of the KV head count %d", h->n_head,
			    h->n_head_kv);
	/* The head size: key_length where the file gives it (Qwen3's heads
	 * are wider than n_embd / n_head), else n_embd / n_head. */
	int has_kl = gguf_find_key(g, KEY("attention.key_length")) >= 0;
	if (!has_kl && h->n_embd % h->n_head)
		return blk_fail(err, errlen, "embedding length %d is not a multiple of the head count %d", h->n_embd,
			    h->n_head);
	int32_t vl;
	if (blk_u32(g, KEY("attention.key_length"), 1, LLAMA_MAX_HEAD_DIM, has_kl ? -1 : h->n_embd / h->n_head,
		    &h->head_dim, err, errlen) ||
	    blk_u32(g, KEY("attention.value_length"), 1, LLAMA_MAX_HEAD_DIM, h->head_dim, &vl, err, errlen))
		return -1;
	if (vl != h->head_dim)
		return blk_fail(err, errlen, "%s.attention.value_length %d differs from key_length %d (not supported)", arch,
			    vl, h->head_dim);
	if ((int64_t)h->head_dim * h->n_head > LLAMA_MAX_EMBD)
		return blk_fail(err, errlen, "%d heads of %d are wider than the engine's limit %d", h->n_head, h->head_dim,
			    LLAMA_MAX_EMBD);
	h->q_dim = h->head_dim * h->n_head;
	if (blk_u32(g, KEY("rope.dimension_count"), 2, h->head_dim, h->head_dim, &h->n_rot, err, errlen))
		return -1;
	if (h->n_rot % 2)
		return blk_fail(err, errlen, "%s.rope.dimension_count %d is odd", arch, h->n_rot);
	if (blk_f32(g, KEY("attention.layer_norm_rms_epsilon"), 1e-5f, &h->eps, err, errlen) ||
	    blk_f32(g, KEY("rope.freq_base"), 10000.0f, &h->rope_base, err, errlen))
		return -1;
	if (!(h->eps > 0) || !(h->rope_base > 0))
		return blk_fail(err, errlen, "rms epsilon and rope freq_base must be positive");
	h->rope_scale = 1.0f;
	const char *st = NULL;
	float factor = 0;
	if (gguf_find_key(g, KEY("rope.scaling.type")) >= 0 &&
	    gguf_get_str(g, key, &st, NULL, err, errlen))
		return -1;
	if (blk_f32(g, KEY("rope.scaling.factor"), 0, &factor, err, errlen))
		return -1;
	if (st && strcmp(st, "none") && strcmp(st, "linear") && strcmp(st, "yarn") && strcmp(st, "longrope"))
		return blk_fail(err, errlen, "rope scaling type '%.32s' is not supported (none, linear, yarn, longrope)", st);
	if (st && !strcmp(st, "yarn")) {
		/* YaRN: factor s over the original context; ggml's defaults
		 * beta_fast 32, beta_slow 1 unless the file says otherwise */
		if (!(factor >= 1) || factor > 1e6f)
			return blk_fail(err, errlen, "%s.rope.scaling.factor %g is not a YaRN factor (1 .. 1e6)", arch, factor);
		h->yarn_factor = factor;
		if (blk_f32(g, KEY("rope.scaling.yarn_beta_fast"), 32.0f, &h->yarn_beta_fast, err, errlen) ||
		    blk_f32(g, KEY("rope.scaling.yarn_beta_slow"), 1.0f, &h->yarn_beta_slow, err, errlen))
			return -1;
		if (!(h->yarn_beta_fast > 0) || !(h->yarn_beta_slow > 0))
			return blk_fail(err, errlen, "%s YaRN betas must be positive", arch);
		if (!(h->rope_base > 1))
			return blk_fail(err, errlen, "%s.rope.freq_base %g is not above 1, as YaRN needs", arch, h->rope_base);
	}
	if (!st || !strcmp(st, "linear")) {
		float legacy = 0;
		if (blk_f32(g, KEY("rope.scale_linear"), 0, &legacy, err, errlen))
			return -1;
		if (factor == 0)
			factor = legacy;
		if (factor < 0)
			return blk_fail(err, errlen, "rope scaling factor %g is negative", factor);
		if (factor > 0 && factor != 1)
			h->rope_scale = 1.0f / factor;
	}
	/* Only the llama converter permutes q/k rows for adjacent pairs; the
	 * others keep HF's rotate-half layout. */
	h->neox = h->arch != LLAMA_ARCH_LLAMA;
	h->emb_scale = 1.0f;
	h->attn_scale = 1.0f / sqrtf((float)h->head_dim);
	h->rope_base_swa = h->rope_base;
	h->rope_mscale = 1.0f;
	if (blk_u32(g, KEY("rope.scaling.original_context_length"), 1, LLAMA_MAX_CTX, h->n_ctx_train, &h->n_ctx_orig,
		    err, errlen) ||
	    blk_f32(g, KEY("rope.scaling.attn_factor"), 1.0f, &h->rope_mscale, err, errlen))
		return -1;
	if (!(h->rope_mscale > 0))
		return blk_fail(err, errlen, "%s.rope.scaling.attn_factor %g is not positive", arch, h->rope_mscale);
	/* ggml's YaRN magnitude scaling, 1 + 0.1 ln s, on top of the file's */
	if (h->yarn_factor > 1)
		h->rope_mscale *= 1.0f + 0.1f * logf(h->yarn_factor);
	if (h->arch == LLAMA_ARCH_GEMMA2 || h->arch == LLAMA_ARCH_GEMMA3)
		return gemma_hparams(h, g, arch, err, errlen);
	return 0;
#undef KEY
}

/*
 * Per-pair RoPE frequency factors, each pair's angle divided by its factor
 * (as ggml's rope does): Llama 3.1+'s rope_freqs.weight (the converter
 * bakes the "llama3" rope_scaling into it) and Phi-3's LongRoPE
 * rope_factors_short / rope_factors_long. Optional; any other shape or a
 * factor that is not a positive number is refused.
 */
static int apply_rope_freqs(const struct gguf_ctx *g, const char *name, int n_rot, float *freq, char *err,
			    size_t errlen)
{
	const struct gguf_tensor *t = gguf_find_tensor(g, name);
	if (!t)
		return 0;
	if (t->type != QUANT_TYPE_F32 || t->n_elems != n_rot / 2)
		return blk_fail(err, errlen, "tensor %s is %s [%lld], expected F32 [%d] (half the rotated dims)", name,
			    quant_type_name(t->type), (long long)t->n_elems, n_rot / 2);
	for (int i = 0; i < n_rot / 2; i++) {
		float f;
		memcpy(&f, (const char *)t->data + 4 * (size_t)i, 4);
		if (!(f > 0) || !isfinite(f))
			return blk_fail(err, errlen, "%s[%d] = %g is not a positive factor", name, i, f);
		freq[i] /= f;
	}
	return 0;
}

/*
 * YaRN (ggml's rope_yarn): pair i's angle blends interpolation (angle / s)
 * and extrapolation (the angle as is) with the ramp
 * mix = 1 - clamp((i - lo) / max(0.001, hi - lo), 0, 1), where lo and hi
 * are the pairs whose wavelength fits the original context beta_fast and
 * beta_slow times: dim(beta) = n_rot * ln(n_ctx_orig / (2 pi beta)) /
 * (2 ln base), lo = max(0, floor(dim(beta_fast))), hi = min(n_rot - 1,
 * ceil(dim(beta_slow))). The angle is linear in the position, so the blend
 * is folded into each pair's frequency.
 */
static void yarn_freqs(const struct llama_hparams *h, float *freq)
{
	float lb = 2.0f * logf(h->rope_base), two_pi = 6.28318530718f;
	float lo = floorf((float)h->n_rot * logf((float)h->n_ctx_orig / (h->yarn_beta_fast * two_pi)) / lb);
	float hi = ceilf((float)h->n_rot * logf((float)h->n_ctx_orig / (h->yarn_beta_slow * two_pi)) / lb);
	lo = lo > 0 ? lo : 0;
	hi = hi < (float)(h->n_rot - 1) ? hi : (float)(h->n_rot - 1);
	float span = hi - lo > 0.001f ? hi - lo : 0.001f, inv = 1.0f / h->yarn_factor;
	for (int i = 0; i < h->n_rot / 2; i++) {
		float y = ((float)i - lo) / span;
		float mix = 1.0f - (y < 0 ? 0 : y > 1 ? 1 : y);
		freq[i] *= inv * (1.0f - mix) + mix;
	}
}

/* ---- repacked weights (kernel.h): a copy of each matrix in eight-row
 * groups, made once at load, over the pool; the mapping stays for the
 * rows past the last group and the token embeddings ---- */

#define REPACK_ROWS 256 /* rows per unit of work (a multiple of 8) */

struct repack_job {
	struct blk_mat **mats;
	int n;
	atomic_long next; /* unit: matrix index * 2^32 + row block */
};

static void repack_worker(void *arg, int ith, int nth)
{
	struct repack_job *j = arg;
	(void)ith;
	(void)nth;
	for (;;) {
		long u = atomic_fetch_add(&j->next, 1);
		/* units are numbered matrix by matrix */
		int k = 0;
		long base = 0;
		for (; k < j->n; k++) {
			long units = (long)((j->mats[k]->rows / 8 * 8 + REPACK_ROWS - 1) / REPACK_ROWS);
			if (u < base + units)
				break;
			base += units;
		}
		if (k == j->n)
			return;
		struct blk_mat *w = j->mats[k];
		int64_t r0 = (int64_t)(u - base) * REPACK_ROWS, r1 = r0 + REPACK_ROWS;
		if (r1 > w->rows / 8 * 8)
			r1 = w->rows / 8 * 8;
		kernel_repack_rows(w->t->type, w->t->data, w->cols, r0, r1, (void *)w->packed);
	}
}

static void free_packed(struct llama *m)
{
	if (m->packed_buf)
		munmap(m->packed_buf, m->packed_size);
}

/* The matrices the pass multiplies: each layer's (at most eight) and the output. */
static int list_mats(struct llama *m, struct blk_mat **mats)
{
	int n = 0;
	for (int32_t l = 0; l < m->hp.n_layer; l++) {
		struct layer *L = &m->layers[l];
		struct blk_mat *ms[] = { &L->wq, &L->wk, &L->wv, &L->wqkv, &L->wo, &L->gate, &L->up, &L->down };
		for (int i = 0; i < 8; i++)
			if (ms[i]->t) /* phi3 fuses q/k/v and gate-up; others have no wqkv */
				mats[n++] = ms[i];
	}
	if (m->out.t)
		mats[n++] = &m->out;
	return n;
}

/* Point each repacked matrix into buf (the layout repack_weights sizes). */
static void place_packed(struct blk_mat **mats, int n, const uint8_t *buf)
{
	size_t off = 0;
	for (int i = 0; i < n; i++) {
		mats[i]->packed = buf + off;
		off += (kernel_repack_size(mats[i]->t->type, mats[i]->rows, mats[i]->cols) + 63) & ~(size_t)63;
	}
}

/*
 * 0, or -1 when out of memory (the caller fails the load). The copies are
 * either mapped from a cache file (LLM_ENGINE_REPACK_CACHE=DIR names the
 * directory; kernel_cache.c), or made in one anonymous mapping, written
 * to the cache when a directory is named and then used from there, so a
 * later open maps them without repacking and no process keeps a private
 * copy. Any cache failure falls back to the copy in memory.
 */
static int repack_weights(struct llama *m, const struct gguf_ctx *g)
{
	struct blk_mat **all = malloc(((size_t)m->hp.n_layer * 8 + 1) * sizeof(*all));
	if (!all)
		return -1;
	int n = list_mats(m, all), nm = 0;
	size_t total = 0;
	uint64_t key[6], h = 0xcbf29ce484222325ULL; /* FNV-1a over what is repacked */
	for (int i = 0; i < n; i++) {
		size_t sz = kernel_repack_size(all[i]->t->type, all[i]->rows, all[i]->cols);
		if (!sz)
			continue;
		uint64_t f[4] = { all[i]->t->type, (uint64_t)all[i]->rows, (uint64_t)all[i]->cols, sz };
		for (int k = 0; k < 4; k++)
			h = (h ^ f[k]) * 0x100000001b3ULL;
		total += (sz + 63) & ~(size_t)63;
		all[nm++] = all[i];
	}
	if (!nm) {
		free(all);
		return 0;
	}
	const char *dir = getenv("LLM_ENGINE_REPACK_CACHE");
	int cache = dir && *dir && !gguf_file_id(g, key);
	key[4] = h;
	key[5] = total;
	void *map;
	size_t map_len;
	const void *d = cache ? kernel_cache_map(dir, key, total, &map, &map_len) : NULL;
	if (d) {
		place_packed(all, nm, d);
		m->packed_buf = map;
		m->packed_size = map_len;
		free(all);
		return 0;
	}
	void *buf = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (buf == MAP_FAILED) {
		free(all);
		return -1;
	}
	m->packed_buf = buf;
	m->packed_size = total;
	place_packed(all, nm, buf);
	struct repack_job j = { .mats = all, .n = nm };
	atomic_init(&j.next, 0);
	pool_run(m->pool, repack_worker, &j);
	if (cache && !kernel_cache_write(dir, key, buf, total) &&
	    (d = kernel_cache_map(dir, key, total, &map, &map_len)) != NULL) {
		munmap(buf, total);
		place_packed(all, nm, d);
		m->packed_buf = map;
		m->packed_size = map_len;
	}
	free(all);
	return 0;
}

void llama_free(struct llama *m)
{
	if (!m)
		return;
	qwen35_free(m->qwen35);
	gemma4_free(m->gemma4);
	for (int i = 0; i < m->n_owned; i++)
		free(m->owned[i]);
	free_packed(m);
	free(m->owned);
	free(m->layers);
	free(m->rope_freq);
	free(m->rope_freq_swa);
	llama_kv_free(m->kv);
	free(m->x);
	free(m->xb);
	free(m->xb2);
	free(m->q);
	free(m->k);
	free(m->v);
	free(m->qkv);
	free(m->hb);
	free(m->hb2);
	free(m->att);
	free(m->act);
	free(m);
}

static size_t act_need(const struct blk_mat *w)
{
	return kernel_act_size(w->t->type, w->cols) * LLAMA_BATCH;
}

/*
 * One layer's tensors, by architecture: the llama block (optional q/k/v
 * biases; q/k norms, required in qwen3 and gemma3); Gemma's post-attention
 * and post-FFN norms; phi3's fused attn_qkv (or separate q/k/v) and fused
 * ffn_up of 2 * n_ff rows with no ffn_gate.
 */
static int load_layer(struct llama *m, const struct gguf_ctx *g, int32_t l, struct layer *L, char *err,
		      size_t errlen)
{
	const struct llama_hparams *h = &m->hp;
	enum llama_arch a = h->arch;
	int gemma = a == LLAMA_ARCH_GEMMA2 || a == LLAMA_ARCH_GEMMA3, phi3 = a == LLAMA_ARCH_PHI3;
	int biases = a == LLAMA_ARCH_LLAMA || a == LLAMA_ARCH_QWEN2 || a == LLAMA_ARCH_QWEN3;
	int qk_need = a == LLAMA_ARCH_QWEN3 || a == LLAMA_ARCH_GEMMA3;
	char name[96];
#define NAME(s) (snprintf(name, sizeof(name), "blk.%d.%s", (int)l, s), name)
	if (find_vec(m, g, NAME("attn_norm.weight"), h->n_embd, 0, &L->attn_norm, err, errlen) ||
	    find_vec(m, g, NAME("ffn_norm.weight"), h->n_embd, 0, &L->ffn_norm, err, errlen))
		return -1;
	if (gemma && (find_vec(m, g, NAME("post_attention_norm.weight"), h->n_embd, 0, &L->attn_post_norm, err, errlen) ||
		      find_vec(m, g, NAME("post_ffw_norm.weight"), h->n_embd, 0, &L->ffn_post_norm, err, errlen)))
		return -1;
	if (biases && (find_vec(m, g, NAME("attn_q.bias"), h->q_dim, 1, &L->bq, err, errlen) ||
		       find_vec(m, g, NAME("attn_k.bias"), m->kv_dim, 1, &L->bk, err, errlen) ||
		       find_vec(m, g, NAME("attn_v.bias"), m->kv_dim, 1, &L->bv, err, errlen)))
		return -1;
	if ((biases || qk_need) &&
	    (find_vec(m, g, NAME("attn_q_norm.weight"), h->head_dim, !qk_need, &L->q_norm, err, errlen) ||
	     find_vec(m, g, NAME("attn_k_norm.weight"), h->head_dim, !qk_need, &L->k_norm, err, errlen)))
		return -1;
	if (!L->q_norm != !L->k_norm)
		return blk_fail(err, errlen, "layer %d has only one of attn_q_norm.weight and attn_k_norm.weight", (int)l);
	if (phi3 && gguf_find_tensor(g, NAME("attn_qkv.weight"))) {
		if (blk_mat(g, name, h->n_embd, (int64_t)h->q_dim + 2 * (int64_t)m->kv_dim, &L->wqkv, err, errlen))
			return -1;
	} else if (blk_mat(g, NAME("attn_q.weight"), h->n_embd, h->q_dim, &L->wq, err, errlen) ||
		   blk_mat(g, NAME("attn_k.weight"), h->n_embd, m->kv_dim, &L->wk, err, errlen) ||
		   blk_mat(g, NAME("attn_v.weight"), h->n_embd, m->kv_dim, &L->wv, err, errlen)) {
		return -1;
	}
	if (blk_mat(g, NAME("attn_output.weight"), h->q_dim, h->n_embd, &L->wo, err, errlen) ||
	    (!phi3 && blk_mat(g, NAME("ffn_gate.weight"), h->n_embd, h->n_ff, &L->gate, err, errlen)) ||
	    blk_mat(g, NAME("ffn_up.weight"), h->n_embd, (int64_t)h->n_ff * (phi3 ? 2 : 1), &L->up, err, errlen) ||
	    blk_mat(g, NAME("ffn_down.weight"), h->n_ff, h->n_embd, &L->down, err, errlen))
		return -1;
#undef NAME
	L->swa = h->swa_pattern > 0 && l % h->swa_pattern < h->swa_pattern - 1;
	return 0;
}

int llama_new(const struct gguf_ctx *g, int n_ctx, struct pool *pool, struct llama **out, char *err, size_t errlen)
{
	*out = NULL;
	struct llama *m = calloc(1, sizeof(*m));
	if (!m)
		return blk_fail(err, errlen, "out of memory");
	m->pool = pool;
	const char *an = NULL;
	if (gguf_find_key(g, "general.architecture") >= 0 && !gguf_get_str(g, "general.architecture", &an, NULL, err, errlen) &&
	    (!strcmp(an, "qwen35") || !strcmp(an, "gemma4"))) {
		int rc = !strcmp(an, "qwen35")
				 ? qwen35_new(g, n_ctx, pool, &m->hp, &m->n_ctx, &m->weight_bytes, &m->qwen35, err, errlen)
				 : gemma4_new(g, n_ctx, pool, &m->hp, &m->n_ctx, &m->weight_bytes, &m->gemma4, err, errlen);
		if (rc)
			goto bad;
		*out = m;
		return 0;
	}
	if (load_hparams(m, g, err, errlen))
		goto bad;
	struct llama_hparams *h = &m->hp;
	m->tok_embd = gguf_find_tensor(g, "token_embd.weight");
	if (!m->tok_embd) {
		blk_fail(err, errlen, "missing tensor token_embd.weight");
		goto bad;
	}
	const struct gguf_tensor *te = m->tok_embd;
	if (te->n_dims != 2 || te->ne[0] != h->n_embd || te->ne[1] < 1 || te->ne[1] > LLAMA_MAX_VOCAB) {
		blk_fail(err, errlen, "tensor token_embd.weight has shape [%lld, %lld], expected [%d, vocab]",
		     (long long)te->ne[0], (long long)te->ne[1], h->n_embd);
		goto bad;
	}
	if (!quant_type_supported(te->type)) {
		blk_fail(err, errlen, "tensor token_embd.weight has unsupported type %s", quant_type_name(te->type));
		goto bad;
	}
	h->n_vocab = (int32_t)te->ne[1];
	m->kv_dim = h->head_dim * h->n_head_kv;
	m->layers = calloc((size_t)h->n_layer, sizeof(*m->layers));
	m->owned = calloc((size_t)h->n_layer * 9 + 2, sizeof(float *));
	if (!m->layers || !m->owned) {
		blk_fail(err, errlen, "out of memory");
		goto bad;
	}
	size_t act = 0;
	uint64_t wb = 0;
	int fused = 0;
	for (int32_t l = 0; l < h->n_layer; l++) {
		struct layer *L = &m->layers[l];
#define NAME(s) (snprintf(name, sizeof(name), "blk.%d.%s", (int)l, s), name)
		if (load_layer(m, g, l, L, err, errlen))
			goto bad;
		const struct blk_mat *ms[] = { &L->wqkv, &L->wq, &L->wk, &L->wv, &L->wo, &L->gate, &L->up, &L->down };
		for (int i = 0; i < 8; i++) {
			if (!ms[i]->t)
				continue;
			if (act_need(ms[i]) > act)
				act = act_need(ms[i]);
			wb += ms[i]->t->size;
		}
		fused |= L->wqkv.t != NULL;
	}
	if (find_vec(m, g, "output_norm.weight", h->n_embd, 0, &m->out_norm, err, errlen) ||
	    find_vec(m, g, "output.bias", h->n_vocab, 1, &m->out_bias, err, errlen))
		goto bad;
	if (gguf_find_tensor(g, "output.weight")) {
		if (blk_mat(g, "output.weight", h->n_embd, h->n_vocab, &m->out, err, errlen))
			goto bad;
	} else {
		h->tied = 1;
		if (blk_mat(g, "token_embd.weight", h->n_embd, h->n_vocab, &m->out, err, errlen))
			goto bad;
	}
	if (act_need(&m->out) > act)
		act = act_need(&m->out);
	wb += m->out.t->size + (uint64_t)(te->size / (uint64_t)h->n_vocab);
	m->weight_bytes = wb;

	if (n_ctx <= 0)
		n_ctx = h->n_ctx_train < 4096 ? h->n_ctx_train : 4096;
	if (n_ctx > LLAMA_MAX_CTX) {
		blk_fail(err, errlen, "context size %d is larger than the engine's limit %d", n_ctx, LLAMA_MAX_CTX);
		goto bad;
	}
	m->n_ctx = n_ctx;
	size_t kv = (size_t)h->n_layer * (size_t)n_ctx * (size_t)m->kv_dim;
	size_t B = LLAMA_BATCH;
	m->kv = llama_kv_new(m, n_ctx);
	m->x = malloc(B * (size_t)h->n_embd * sizeof(float));
	m->xb = malloc(B * (size_t)h->n_embd * sizeof(float));
	m->xb2 = malloc(B * (size_t)h->q_dim * sizeof(float));
	m->q = malloc(B * (size_t)h->q_dim * sizeof(float));
	m->k = malloc(B * (size_t)m->kv_dim * sizeof(float));
	m->v = malloc(B * (size_t)m->kv_dim * sizeof(float));
	m->hb = malloc(B * (size_t)h->n_ff * sizeof(float));
	/* phi3's fused gate-up output is 2 * n_ff wide */
	m->hb2 = malloc(B * (size_t)h->n_ff * (h->arch == LLAMA_ARCH_PHI3 ? 2 : 1) * sizeof(float));
	if (fused)
		m->qkv = malloc(B * (size_t)(h->q_dim + 2 * m->kv_dim) * sizeof(float));
	/* attention scores: one row of n_ctx per thread */
	m->att = malloc((size_t)pool_size(pool) * (size_t)n_ctx * sizeof(float));
	m->act = malloc(act);
	m->rope_freq = malloc((size_t)(h->n_rot / 2) * sizeof(float));
	m->rope_freq_swa = malloc((size_t)(h->n_rot / 2) * sizeof(float));
	if (!m->kv || !m->x || !m->xb || !m->xb2 || !m->q || !m->k || !m->v || !m->hb || !m->hb2 ||
	    !m->att || !m->act || !m->rope_freq || !m->rope_freq_swa || (fused && !m->qkv)) {
		blk_fail(err, errlen, "out of memory for a context of %d tokens (KV cache %zu MiB)", n_ctx,
		     kv * 2 * sizeof(float) >> 20);
		goto bad;
	}
	for (int i = 0; i < h->n_rot / 2; i++) {
		m->rope_freq[i] = 1.0f / powf(h->rope_base, (float)(2 * i) / (float)h->n_rot);
		m->rope_freq_swa[i] = 1.0f / powf(h->rope_base_swa, (float)(2 * i) / (float)h->n_rot);
	}
	/* Gemma 3's local layers rotate without the file's scaling */
	m->rope_scale_swa = h->arch == LLAMA_ARCH_GEMMA3 ? 1.0f : h->rope_scale;
	/* Phi-3 LongRoPE: the long factors when the context is longer than
	 * the original one, else the short ones (llama.cpp's choice) */
	const char *factors = h->arch != LLAMA_ARCH_PHI3 ? "rope_freqs.weight"
			      : n_ctx > h->n_ctx_orig	 ? "rope_factors_long.weight"
							 : "rope_factors_short.weight";
	if (apply_rope_freqs(g, factors, h->n_rot, m->rope_freq, err, errlen))
		goto bad;
	if (h->yarn_factor > 0)
		yarn_freqs(h, m->rope_freq);
	if (repack_weights(m, g)) {
		blk_fail(err, errlen, "out of memory for the repacked weights");
		goto bad;
	}
	*out = m;
	return 0;
bad:
	llama_free(m);
	return -1;
}

const struct llama_hparams *llama_hparams(const struct llama *m)
{
	return &m->hp;
}

int32_t llama_n_ctx(const struct llama *m)
{
	return m->n_ctx;
}

uint64_t llama_weight_bytes(const struct llama *m)
{
	return m->weight_bytes;
}

/* ---- the pass ---- */

static void rmsnorm(float *o, const float *x, const float *w, int n, float eps)
{
	float ss = 0;
	for (int i = 0; i < n; i++)
		ss += x[i] * x[i];
	ss = 1.0f / sqrtf(ss / (float)n + eps);
	for (int i = 0; i < n; i++)
		o[i] = w[i] * (ss * x[i]);
}

/* RoPE over each head's first n_rot values: pair i is (x[2i], x[2i+1])
 * (GGUF llama's "normal" style) or, with neox, (x[i], x[i + n_rot/2]);
 * the rotated values are multiplied by mscale (ggml's attention factor). */
static void rope(float *v, int n_heads, int head_dim, int n_rot, int neox, const float *freq, float pos, float mscale)
{
	int step = neox ? 1 : 2, off = neox ? n_rot / 2 : 1;
	for (int i = 0; i < n_rot / 2; i++) {
		float a = pos * freq[i];
		float c = cosf(a) * mscale, s = sinf(a) * mscale;
		for (int h = 0; h < n_heads; h++) {
			float *p = v + h * head_dim + step * i;
			float x0 = p[0], x1 = p[off];
			p[0] = x0 * c - x1 * s;
			p[off] = x0 * s + x1 * c;
		}
	}
}

/* Qwen3's RMSNorm of each head of q or k, one weight vector for all heads. */
static void head_norm(float *v, int n_heads, int head_dim, const float *w, float eps)
{
	for (int h = 0; h < n_heads; h++)
		rmsnorm(v + (size_t)h * head_dim, v + (size_t)h * head_dim, w, head_dim, eps);
}

static void add_bias(float *y, const float *b, int n, int dim)
{
	if (!b)
		return;
	for (int t = 0; t < n; t++)
		for (int i = 0; i < dim; i++)
			y[(size_t)t * dim + i] += b[i];
}

struct attn_job {
	struct llama *m;
	int layer, n;
	int window; /* > 0: a query at p sees keys p - window + 1 .. p */
	/* the kernels' float loops (kernel.h), SIMD where the CPU has it */
	kernel_dot_fn dot;
	kernel_axpy_fn axpy;
	kernel_expsum_fn expsum;
	atomic_int next;
};

/* Attention of the pass's rows, each over its own sequence's cache (row t
 * at position row_pos[t] sees that cache's positions up to its own). */
static void attn_worker(void *arg, int ith, int nth)
{
	struct attn_job *j = arg;
	struct llama *m = j->m;
	const struct llama_hparams *h = &m->hp;
	int hd = h->head_dim, group = h->n_head / h->n_head_kv;
	float scale = h->attn_scale, cap = h->attn_softcap;
	float *att = m->att + (size_t)ith * (size_t)m->n_ctx;
	(void)nth;
	for (;;) {
		int task = atomic_fetch_add(&j->next, 1);
		if (task >= j->n * h->n_head)
			break;
		int t = task / h->n_head, hh = task % h->n_head;
		const struct llama_kv *kv = m->row_kv[t];
		size_t base = (size_t)j->layer * (size_t)kv->cap * (size_t)m->kv_dim;
		int p = m->row_pos[t]; /* attends to s0..p */
		int s0 = j->window > 0 && p >= j->window ? p - j->window + 1 : 0;
		const float *q = m->q + (size_t)t * h->q_dim + (size_t)hh * hd;
		size_t koff = (size_t)(hh / group) * hd;
		float mx = -INFINITY;
		for (int s = s0; s <= p; s++) {
			const float *k = kv->k + base + (size_t)s * m->kv_dim + koff;
			float d = j->dot(hd, k, q) * scale;
			if (cap > 0)
				d = cap * tanhf(d / cap);
			att[s] = d;
			if (d > mx)
				mx = d;
		}
		float inv = 1.0f / j->expsum(p - s0 + 1, att + s0, mx);
		float *o = m->xb2 + (size_t)t * h->q_dim + (size_t)hh * hd;
		memset(o, 0, (size_t)hd * sizeof(float));
		for (int s = s0; s <= p; s++)
			j->axpy(hd, att[s] * inv, kv->v + base + (size_t)s * m->kv_dim + koff, o);
	}
}

static void mm(struct llama *m, const struct blk_mat *w, const float *x, int n, float *y)
{
	if (m->invariant)
		kernel_matmul_invariant(m->pool, w->t->type, w->t->data, w->packed, w->rows, w->cols, x, n, y, m->act);
	else
		kernel_matmul_packed(m->pool, w->t->type, w->t->data, w->packed, w->rows, w->cols, x, n, y, m->act);
}

/* x = cap * tanh(x / cap) over n values (soft-capping) */
static void softcap(float *x, size_t n, float cap)
{
	for (size_t i = 0; i < n; i++)
		x[i] = cap * tanhf(x[i] / cap);
}

/* The residual add of a block's output y (n rows of d) into x, after
 * RMSNorm(y) * w when w is set (Gemma's post-norms; y is normed in place). */
static void residual(float *x, float *y, const float *w, int n, int d, float eps)
{
	for (int t = 0; t < n; t++) {
		float *yt = y + (size_t)t * d, *xt = x + (size_t)t * d;
		if (w)
			rmsnorm(yt, yt, w, d, eps);
		for (int i = 0; i < d; i++)
			xt[i] += yt[i];
	}
}

/* q, k, v of n normed rows in m->xb: separate projections, or phi3's fused
 * one split into its q, k and v rows. */
static void project_qkv(struct llama *m, const struct layer *L, int n)
{
	const struct llama_hparams *h = &m->hp;
	int QD = h->q_dim, KV = m->kv_dim;
	if (!L->wqkv.t) {
		mm(m, &L->wq, m->xb, n, m->q);
		mm(m, &L->wk, m->xb, n, m->k);
		mm(m, &L->wv, m->xb, n, m->v);
		return;
	}
	size_t W = (size_t)QD + 2 * (size_t)KV;
	mm(m, &L->wqkv, m->xb, n, m->qkv);
	for (int t = 0; t < n; t++) {
		const float *r = m->qkv + (size_t)t * W;
		memcpy(m->q + (size_t)t * QD, r, (size_t)QD * sizeof(float));
		memcpy(m->k + (size_t)t * KV, r + QD, (size_t)KV * sizeof(float));
		memcpy(m->v + (size_t)t * KV, r + QD + KV, (size_t)KV * sizeof(float));
	}
}

/* GELU, tanh form (ggml's and Gemma's) */
static float gelu(float x)
{
	return 0.5f * x * (1.0f + tanhf(0.7978845608028654f * x * (1.0f + 0.044715f * x * x)));
}

/* The FFN of n normed rows in m->xb into m->xb: act(gate) * up, then
 * down; act is SiLU or GELU; phi3's fused up holds the gate rows first. */
static void ffn(struct llama *m, const struct layer *L, int n)
{
	const struct llama_hparams *h = &m->hp;
	int F = h->n_ff;
	if (L->gate.t) {
		mm(m, &L->gate, m->xb, n, m->hb);
		mm(m, &L->up, m->xb, n, m->hb2);
		for (size_t i = 0; i < (size_t)n * F; i++) {
			float g = m->hb[i];
			m->hb[i] = (h->gelu ? gelu(g) : g * (1.0f / (1.0f + expf(-g)))) * m->hb2[i];
		}
	} else {
		mm(m, &L->up, m->xb, n, m->hb2);
		for (int t = 0; t < n; t++) {
			const float *gu = m->hb2 + (size_t)t * 2 * F;
			float *o = m->hb + (size_t)t * F;
			for (int i = 0; i < F; i++) {
				float g = gu[i];
				o[i] = (h->gelu ? gelu(g) : g * (1.0f / (1.0f + expf(-g)))) * gu[F + i];
			}
		}
	}
	mm(m, &L->down, m->hb, n, m->xb);
}

/* Token embeddings of the pass's n rows into m->x. */
static void embed(struct llama *m, const int32_t *tokens, int n)
{
	const struct llama_hparams *h = &m->hp;
	int D = h->n_embd;
	uint64_t rs = 0;
	quant_row_size(m->tok_embd->type, D, &rs);
	for (int t = 0; t < n; t++) {
		float *xt = m->x + (size_t)t * D;
		quant_dequant_row_ref(m->tok_embd->type, (const uint8_t *)m->tok_embd->data + (size_t)tokens[t] * rs, xt, D);
		if (h->emb_scale != 1.0f)
			for (int i = 0; i < D; i++)
				xt[i] *= h->emb_scale;
	}
}

/* The attention block of layer l over the pass's n rows: m->x += its
 * output. Each row's keys and values go into its own sequence's cache at
 * its position first, so rows of one prompt see each other. */
static void layer_attn(struct llama *m, int l, int n)
{
	const struct llama_hparams *h = &m->hp;
	const struct layer *L = &m->layers[l];
	int D = h->n_embd, QD = h->q_dim, KV = m->kv_dim;
	const float *freq = L->swa ? m->rope_freq_swa : m->rope_freq;
	float pscale = L->swa ? m->rope_scale_swa : h->rope_scale;
	for (int t = 0; t < n; t++)
		rmsnorm(m->xb + (size_t)t * D, m->x + (size_t)t * D, L->attn_norm, D, h->eps);
	project_qkv(m, L, n);
	add_bias(m->q, L->bq, n, QD);
	add_bias(m->k, L->bk, n, KV);
	add_bias(m->v, L->bv, n, KV);
	for (int t = 0; t < n; t++) {
		struct llama_kv *kv = m->row_kv[t];
		size_t at = ((size_t)l * (size_t)kv->cap + (size_t)m->row_pos[t]) * (size_t)KV;
		float p = (float)m->row_pos[t] * pscale;
		float *qt = m->q + (size_t)t * QD, *kt = m->k + (size_t)t * KV;
		if (L->q_norm) {
			head_norm(qt, h->n_head, h->head_dim, L->q_norm, h->eps);
			head_norm(kt, h->n_head_kv, h->head_dim, L->k_norm, h->eps);
		}
		rope(qt, h->n_head, h->head_dim, h->n_rot, h->neox, freq, p, h->rope_mscale);
		rope(kt, h->n_head_kv, h->head_dim, h->n_rot, h->neox, freq, p, h->rope_mscale);
		memcpy(kv->k + at, kt, (size_t)KV * sizeof(float));
		memcpy(kv->v + at, m->v + (size_t)t * KV, (size_t)KV * sizeof(float));
	}
	struct attn_job aj = { .m = m, .layer = l, .n = n, .window = L->swa ? h->n_swa : 0,
			       .dot = kernel_dot_for(QUANT_TYPE_F32), .axpy = kernel_axpy_for(),
			       .expsum = kernel_expsum_for() };
	atomic_init(&aj.next, 0);
	if (n * h->n_head > 1)
		pool_run(m->pool, attn_worker, &aj);
	else
		attn_worker(&aj, 0, 1);
	mm(m, &L->wo, m->xb2, n, m->xb);
	residual(m->x, m->xb, L->attn_post_norm, n, D, h->eps);
}

/* The feed-forward block of layer l over the pass's n rows: m->x += its output. */
static void layer_ffn(struct llama *m, int l, int n)
{
	const struct llama_hparams *h = &m->hp;
	const struct layer *L = &m->layers[l];
	int D = h->n_embd;
	for (int t = 0; t < n; t++)
		rmsnorm(m->xb + (size_t)t * D, m->x + (size_t)t * D, L->ffn_norm, D, h->eps);
	ffn(m, L, n);
	residual(m->x, m->xb, L->ffn_post_norm, n, D, h->eps);
}

/* Logits of rows r0 .. r0 + k - 1 of m->x into logits (k rows of n_vocab). */
static void output(struct llama *m, int r0, int k, float *logits)
{
	const struct llama_hparams *h = &m->hp;
	int D = h->n_embd;
	for (int t = 0; t < k; t++)
		rmsnorm(m->xb + (size_t)t * D, m->x + (size_t)(r0 + t) * D, m->out_norm, D, h->eps);
	mm(m, &m->out, m->xb, k, logits);
	add_bias(logits, m->out_bias, k, h->n_vocab);
	if (h->final_softcap > 0)
		softcap(logits, (size_t)k * h->n_vocab, h->final_softcap);
}

/*
 * The pass over n rows (n <= LLAMA_BATCH) whose caches and positions are in
 * m->row_kv / m->row_pos: every weight matrix is read once for all rows.
 * Logits: of the last row (all = 0) or of every row (all = 1), or none.
 */
static void eval_rows(struct llama *m, const int32_t *tokens, int n, float *logits, int all)
{
	embed(m, tokens, n);
	for (int l = 0; l < m->hp.n_layer; l++) {
		layer_attn(m, l, n);
		layer_ffn(m, l, n);
	}
	if (logits)
		output(m, all ? 0 : n - 1, all ? n : 1, logits);
}

static int check_tokens(const struct llama *m, const int32_t *tokens, int n, char *err, size_t errlen)
{
	for (int i = 0; i < n; i++)
		if (tokens[i] < 0 || tokens[i] >= m->hp.n_vocab)
			return blk_fail(err, errlen, "token id %d is out of range (vocabulary of %d)", tokens[i],
				    m->hp.n_vocab);
	return 0;
}

int llama_eval_kv(struct llama *m, struct llama_kv *kv, const int32_t *tokens, int n, int pos, float *logits,
		  char *err, size_t errlen)
{
	if (n <= 0)
		return blk_fail(err, errlen, "no tokens to evaluate");
	if (pos < 0 || pos > m->n_ctx || n > m->n_ctx - pos)
		return blk_fail(err, errlen, "context overflow: %d tokens at position %d exceed the context of %d tokens", n,
			    pos, m->n_ctx);
	/* qwen35 and gemma4 keep their one sequence's state themselves
	 * (archx.h): no per-sequence caches */
	if (m->qwen35 || m->gemma4)
		return blk_fail(err, errlen, "%s models decode one sequence at a time: no sequence caches",
			    m->qwen35 ? "qwen35" : "gemma4");
	if (check_tokens(m, tokens, n, err, errlen))
		return -1;
	if (llama_kv_reserve(m, kv, pos + n))
		return blk_fail(err, errlen, "out of memory for a cache of %d tokens", pos + n);
	for (int i = 0, k; i < n; i += k) {
		k = blk_pass(n - i, LLAMA_BATCH);
		for (int t = 0; t < k; t++) {
			m->row_kv[t] = kv;
			m->row_pos[t] = pos + i + t;
		}
		eval_rows(m, tokens + i, k, i + k == n ? logits : NULL, 0);
	}
	return 0;
}

int llama_can_rewind(const struct llama *m)
{
	return m->qwen35 == NULL;
}

int llama_can_batch(const struct llama *m)
{
	return m->qwen35 == NULL && m->gemma4 == NULL;
}

int llama_eval(struct llama *m, const int32_t *tokens, int n, int pos, float *logits, char *err, size_t errlen)
{
	if (!m->qwen35 && !m->gemma4)
		return llama_eval_kv(m, m->kv, tokens, n, pos, logits, err, errlen);
	if (n <= 0)
		return blk_fail(err, errlen, "no tokens to evaluate");
	if (pos < 0 || pos > m->n_ctx || n > m->n_ctx - pos)
		return blk_fail(err, errlen, "context overflow: %d tokens at position %d exceed the context of %d tokens", n,
			    pos, m->n_ctx);
	if (check_tokens(m, tokens, n, err, errlen))
		return -1;
	if (m->qwen35)
		return qwen35_eval(m->qwen35, tokens, n, pos, logits, err, errlen);
	return gemma4_eval(m->gemma4, tokens, n, pos, logits, err, errlen);
}

int llama_decode(struct llama *m, struct llama_kv *const *kvs, const int32_t *tokens, const int32_t *pos, int n,
		 float *logits, char *err, size_t errlen)
{
	if (!llama_can_batch(m))
		return blk_fail(err, errlen, "%s models decode one sequence at a time: no batch steps",
			    m->qwen35 ? "qwen35" : "gemma4");
	if (n <= 0 || n > LLAMA_BATCH)
		return blk_fail(err, errlen, "a batch step takes 1 to %d sequences, not %d", LLAMA_BATCH, n);
	if (check_tokens(m, tokens, n, err, errlen))
		return -1;
	for (int t = 0; t < n; t++) {
		if (pos[t] < 0 || pos[t] >= m->n_ctx)
			return blk_fail(err, errlen, "context overflow: position %d in a context of %d tokens", pos[t],
				    m->n_ctx);
		for (int u = 0; u < t; u++)
			if (kvs[u] == kvs[t])
				return blk_fail(err, errlen, "a batch step has two tokens of one sequence");
		if (llama_kv_reserve(m, kvs[t], pos[t] + 1))
			return blk_fail(err, errlen, "out of memory for a cache of %d tokens", pos[t] + 1);
	}
	for (int t = 0; t < n; t++) {
		m->row_kv[t] = kvs[t];
		m->row_pos[t] = pos[t];
	}
	m->invariant = 1;
	eval_rows(m, tokens, n, logits, 1);
	m->invariant = 0;
	return 0;
}

/* ---- sequence caches ---- */

struct llama_kv *llama_kv_new(const struct llama *m, int cap)
{
	struct llama_kv *kv = calloc(1, sizeof(*kv));
	if (!kv)
		return NULL;
	kv->n_layer = m->hp.n_layer;
	kv->kv_dim = m->kv_dim;
	if (cap > 0 && llama_kv_reserve(m, kv, cap)) {
		free(kv);
		return NULL;
	}
	return kv;
}

void llama_kv_free(struct llama_kv *kv)
{
	if (!kv)
		return;
	free(kv->k);
	free(kv->v);
	free(kv);
}

int llama_kv_reserve(const struct llama *m, struct llama_kv *kv, int n)
{
	if (n <= kv->cap)
		return 0;
	if (n > m->n_ctx || !llama_can_batch(m))
		return -1;
	/* grow by half again (at least 256 positions), at most to n_ctx */
	int64_t want = (int64_t)kv->cap + kv->cap / 2;
	if (want < n)
		want = n;
	if (want < 256)
		want = 256;
	if (want > m->n_ctx)
		want = m->n_ctx;
	size_t row = (size_t)kv->kv_dim, L = (size_t)kv->n_layer;
	float *k = malloc(L * (size_t)want * row * sizeof(float));
	float *v = malloc(L * (size_t)want * row * sizeof(float));
	if (!k || !v) {
		free(k);
		free(v);
		return -1;
	}
	/* keep what is there: layer by layer, the first cap positions */
	for (size_t l = 0; l < L && kv->cap; l++) {
		memcpy(k + l * (size_t)want * row, kv->k + l * (size_t)kv->cap * row, (size_t)kv->cap * row * sizeof(float));
		memcpy(v + l * (size_t)want * row, kv->v + l * (size_t)kv->cap * row, (size_t)kv->cap * row * sizeof(float));
	}
	free(kv->k);
	free(kv->v);
	kv->k = k;
	kv->v = v;
	kv->cap = (int32_t)want;
	return 0;
}
