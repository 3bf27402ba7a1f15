/*
 * qwen35: Qwen3.5's hybrid of Gated DeltaNet and gated-attention layers
 * (GGUF architecture "qwen35"), read as llama.cpp reads it
 * (src/models/qwen35.cpp, delta-net-base.cpp; ENGINE-FACTS 2.9).
 *
 * Every layer: x += mixer(RMSNorm(x) * attn_norm); x += down(silu(gate(y))
 * * up(y)), y = RMSNorm(x) * post_attention_norm. Layer l is a full
 * attention layer when (l + 1) % full_attention_interval == 0 (default 4),
 * else a DeltaNet layer. Then logits = Wout . (RMSNorm(x) * output_norm).
 *
 * Full attention: attn_q gives, per head, head_dim query values then
 * head_dim gate values; q and k get a per-head RMSNorm (attn_q_norm /
 * attn_k_norm), then IM-RoPE over the first n_rot dims (NEOX pairs); the
 * attention output is multiplied by sigmoid(gate) before attn_output.
 * IM-RoPE with text positions: llama.cpp gives a text token the position p
 * in the t, h and w components and 0 in the fourth, so pair i rotates by
 * p unless its sector (i mod the sections' sum) falls in none of the first
 * three sections (sector % 3 == 1 and < 3 s1: h; == 2 and < 3 s2: w; == 0
 * and < 3 s0: t), when it does not rotate at all. With Qwen3.5's sections
 * [11, 11, 10, 0] over 32 pairs that is ordinary NEOX RoPE.
 *
 * DeltaNet (n_k key heads and n_v value heads of d = ssm.state_size;
 * key_dim = n_k d, value_dim = n_v d = ssm.inner_size):
 *   u = attn_qkv . x (2 key_dim + value_dim channels), z = attn_gate . x,
 *   b = sigmoid(ssm_beta . x), g = softplus(ssm_alpha . x + ssm_dt.bias) *
 *   ssm_a (ssm_a holds -exp(A_log)); per head;
 *   c = silu(causal depthwise conv of u over the last conv_kernel inputs,
 *   ssm_conv1d row c holding channel c's taps, oldest first);
 *   q, k, v = c's three parts; q and k L2-normalised per head
 *   (x / max(|x|, eps)), q times 1/sqrt(d);
 *   value head h reads key head h mod n_k (ggml's broadcast; the converter
 *   orders the value heads for it). Its state S (d x d) then:
 *   S = exp(g) S; S += b (v - S k) k^T; o = S q;
 *   o = RMSNorm(o) * ssm_norm * silu(z) per head; out = ssm_out . o.
 * A file may append nextn_predict_layers multi-token-prediction blocks
 * after the trunk (counted in block_count): they are not run.
 * The state of each DeltaNet layer (S per value head and the last
 * conv_kernel - 1 inputs) is kept beside the attention layers' KV cache,
 * so a sequence cannot be rewound: qwen35_eval takes pos 0 (start again)
 * or the length so far.
 */
#include <math.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/archx.h"
#include "engine/blocks.h"
#include "engine/gguf.h"
#include "engine/kernel.h"
#include "engine/llama.h"
#include "engine/pool.h"
#include "engine/quant.h"

#define Q35_BATCH 32
#define Q35_MAX_CONV 64
#define Q35_MAX_STATE 1024

struct q35_layer {
	const float *attn_norm, *post_norm;
	int recurrent, idx; /* idx: among the layers of its kind */
	/* full attention */
	struct blk_mat wq, wk, wv, wo;
	const float *q_norm, *k_norm;
	/* DeltaNet */
	struct blk_mat qkv, gate, beta, alpha, out;
	const float *conv, *dt, *a, *ssm_norm;
	struct blk_mat ffn_gate, ffn_up, ffn_down;
};

struct qwen35 {
	struct llama_hparams hp;
	struct pool *pool;
	struct blk_owned owned;
	int n_ctx, n_past;
	int D, H, HKV, HD, QD, KVD, F, n_rot;
	int K, d, nk, nv, key_dim, val_dim, conv_dim;
	int n_full, n_rec;
	const struct gguf_tensor *tok_embd;
	const float *out_norm;
	struct blk_mat out;
	struct q35_layer *layers;
	float *freq;
	float *kcache, *vcache;   /* [full layer][n_ctx][KVD] */
	float *conv_state;        /* [rec layer][K - 1][conv_dim] */
	float *ssm_state;         /* [rec layer][nv][d][d] */
	/* batch buffers */
	float *x, *xb, *qg, *q, *k, *v, *o, *u, *z, *bt, *al, *hb, *hb2, *att;
	void *act;
	void *packed;
	size_t packed_size;
};

static int load_hparams(struct qwen35 *m, const struct gguf_ctx *g, int32_t *sections, int *interval, char *err,
			size_t errlen)
{
	struct llama_hparams *h = &m->hp;
	char key[96];
#define KEY(s) (snprintf(key, sizeof(key), "qwen35.%s", s), key)
	h->arch = LLAMA_ARCH_QWEN35;
	h->neox = 1;
	if (blk_u32(g, KEY("embedding_length"), 1, LLAMA_MAX_EMBD, -1, &h->n_embd, err, errlen) ||
	    blk_u32(g, KEY("block_count"), 1, LLAMA_MAX_LAYERS, -1, &h->n_layer, err, errlen) ||
	    blk_u32(g, KEY("feed_forward_length"), 1, LLAMA_MAX_FF, -1, &h->n_ff, err, errlen) ||
	    blk_u32(g, KEY("attention.head_count"), 1, LLAMA_MAX_HEADS, -1, &h->n_head, err, errlen) ||
	    blk_u32(g, KEY("attention.head_count_kv"), 1, LLAMA_MAX_HEADS, h->n_head, &h->n_head_kv, err, errlen) ||
	    blk_u32(g, KEY("context_length"), 1, LLAMA_MAX_CTX, 2048, &h->n_ctx_train, err, errlen) ||
	    blk_u32(g, KEY("attention.key_length"), 1, LLAMA_MAX_HEAD_DIM, -1, &h->head_dim, err, errlen))
		return -1;
	int32_t vl, nextn;
	if (blk_u32(g, KEY("attention.value_length"), 1, LLAMA_MAX_HEAD_DIM, h->head_dim, &vl, err, errlen) ||
	    blk_u32(g, KEY("nextn_predict_layers"), 0, h->n_layer - 1, 0, &nextn, err, errlen))
		return -1;
	h->n_layer -= nextn; /* the trunk: the prediction blocks after it are not run */
	if (vl != h->head_dim)
		return blk_fail(err, errlen, "qwen35.attention.value_length %d differs from key_length %d", vl, h->head_dim);
	if (h->n_head % h->n_head_kv)
		return blk_fail(err, errlen, "head count %d is not a multiple of the KV head count %d", h->n_head,
				h->n_head_kv);
	if ((int64_t)h->head_dim * h->n_head * 2 > LLAMA_MAX_EMBD)
		return blk_fail(err, errlen, "%d gated heads of %d are wider than the engine's limit %d", h->n_head,
				h->head_dim, LLAMA_MAX_EMBD);
	h->q_dim = h->head_dim * h->n_head;
	if (blk_u32(g, KEY("rope.dimension_count"), 2, h->head_dim, h->head_dim, &h->n_rot, err, errlen))
		return -1;
	if (h->n_rot % 2)
		return blk_fail(err, errlen, "qwen35.rope.dimension_count %d is odd", h->n_rot);
	if (blk_f32(g, KEY("attention.layer_norm_rms_epsilon"), 1e-6f, &h->eps, err, errlen) ||
	    blk_f32(g, KEY("rope.freq_base"), 10000000.0f, &h->rope_base, err, errlen))
		return -1;
	if (!(h->eps > 0) || !(h->rope_base > 0))
		return blk_fail(err, errlen, "rms epsilon and rope freq_base must be positive");
	/* M-RoPE sections: four integers (required, as llama.cpp has them) */
	enum gguf_vtype et;
	uint64_t cnt;
	const void *data;
	int64_t ki = gguf_find_key(g, KEY("rope.dimension_sections"));
	if (ki < 0)
		return blk_fail(err, errlen, "missing metadata key %s", key);
	if (gguf_get_arr(g, key, &et, &cnt, &data, err, errlen))
		return -1;
	if (cnt != 4 || !data || et == GGUF_VTYPE_F32 || et == GGUF_VTYPE_F64 || et == GGUF_VTYPE_BOOL)
		return blk_fail(err, errlen, "qwen35.rope.dimension_sections must be 4 integers");
	int64_t sum = 0;
	for (int i = 0; i < 4; i++) {
		int64_t s = gguf_kv_arr_i64(g, ki, (uint64_t)i);
		if (s < 0 || s > h->n_rot)
			return blk_fail(err, errlen, "qwen35.rope.dimension_sections[%d] = %lld is out of range (0..%d)", i,
					(long long)s, h->n_rot);
		sections[i] = (int32_t)s;
		sum += s;
	}
	if (sum == 0)
		return blk_fail(err, errlen, "qwen35.rope.dimension_sections are all 0");
	if (blk_u32(g, KEY("ssm.conv_kernel"), 1, Q35_MAX_CONV, -1, &m->K, err, errlen) ||
	    blk_u32(g, KEY("ssm.state_size"), 1, Q35_MAX_STATE, -1, &m->d, err, errlen) ||
	    blk_u32(g, KEY("ssm.group_count"), 1, LLAMA_MAX_HEADS, -1, &m->nk, err, errlen) ||
	    blk_u32(g, KEY("ssm.time_step_rank"), 1, LLAMA_MAX_HEADS, -1, &m->nv, err, errlen) ||
	    blk_u32(g, KEY("ssm.inner_size"), 1, LLAMA_MAX_EMBD, -1, &m->val_dim, err, errlen) ||
	    blk_u32(g, KEY("full_attention_interval"), 1, LLAMA_MAX_LAYERS, 4, interval, err, errlen))
		return -1;
	if (m->nv % m->nk)
		return blk_fail(err, errlen, "qwen35: %d value heads are not a multiple of %d key heads", m->nv, m->nk);
	if ((int64_t)m->nv * m->d != m->val_dim)
		return blk_fail(err, errlen, "qwen35.ssm.inner_size %d is not time_step_rank %d x state_size %d",
				m->val_dim, m->nv, m->d);
	if ((int64_t)m->nk * m->d * 2 + m->val_dim > LLAMA_MAX_EMBD)
		return blk_fail(err, errlen, "qwen35: the DeltaNet's %d key and %d value heads of %d are wider than %d",
				m->nk, m->nv, m->d, LLAMA_MAX_EMBD);
	h->emb_scale = 1.0f;
	h->attn_scale = 1.0f / sqrtf((float)h->head_dim);
	h->rope_scale = 1.0f;
	h->rope_base_swa = h->rope_base;
	h->rope_mscale = 1.0f;
	h->n_ctx_orig = h->n_ctx_train;
	return 0;
#undef KEY
}

static int load_layer(struct qwen35 *m, const struct gguf_ctx *g, int l, struct q35_layer *L, char *err,
		      size_t errlen)
{
	char name[96];
	int D = m->D;
#define NAME(s) (snprintf(name, sizeof(name), "blk.%d.%s", l, s), name)
	if (blk_vec(&m->owned, g, NAME("attn_norm.weight"), D, D, 0, &L->attn_norm, err, errlen) ||
	    blk_vec(&m->owned, g, NAME("post_attention_norm.weight"), D, D, 0, &L->post_norm, err, errlen) ||
	    blk_mat(g, NAME("ffn_gate.weight"), D, m->F, &L->ffn_gate, err, errlen) ||
	    blk_mat(g, NAME("ffn_up.weight"), D, m->F, &L->ffn_up, err, errlen) ||
	    blk_mat(g, NAME("ffn_down.weight"), m->F, D, &L->ffn_down, err, errlen))
		return -1;
	if (!L->recurrent)
		return blk_mat(g, NAME("attn_q.weight"), D, 2 * (int64_t)m->QD, &L->wq, err, errlen) ||
		       blk_mat(g, NAME("attn_k.weight"), D, m->KVD, &L->wk, err, errlen) ||
		       blk_mat(g, NAME("attn_v.weight"), D, m->KVD, &L->wv, err, errlen) ||
		       blk_mat(g, NAME("attn_output.weight"), m->QD, D, &L->wo, err, errlen) ||
		       blk_vec(&m->owned, g, NAME("attn_q_norm.weight"), m->HD, m->HD, 0, &L->q_norm, err, errlen) ||
		       blk_vec(&m->owned, g, NAME("attn_k_norm.weight"), m->HD, m->HD, 0, &L->k_norm, err, errlen)
			       ? -1
			       : 0;
	if (blk_mat(g, NAME("attn_qkv.weight"), D, m->conv_dim, &L->qkv, err, errlen) ||
	    blk_mat(g, NAME("attn_gate.weight"), D, m->val_dim, &L->gate, err, errlen) ||
	    blk_mat(g, NAME("ssm_beta.weight"), D, m->nv, &L->beta, err, errlen) ||
	    blk_mat(g, NAME("ssm_alpha.weight"), D, m->nv, &L->alpha, err, errlen) ||
	    blk_mat(g, NAME("ssm_out.weight"), m->val_dim, D, &L->out, err, errlen) ||
	    blk_vec(&m->owned, g, NAME("ssm_conv1d.weight"), (int64_t)m->K * m->conv_dim, m->K, 0, &L->conv, err,
		    errlen) ||
	    blk_vec(&m->owned, g, NAME("ssm_dt.bias"), m->nv, m->nv, 0, &L->dt, err, errlen) ||
	    blk_vec(&m->owned, g, NAME("ssm_a"), m->nv, m->nv, 0, &L->a, err, errlen) ||
	    blk_vec(&m->owned, g, NAME("ssm_norm.weight"), m->d, m->d, 0, &L->ssm_norm, err, errlen))
		return -1;
	for (int i = 0; i < m->nv; i++)
		if (!isfinite(L->a[i]) || !isfinite(L->dt[i]))
			return blk_fail(err, errlen, "blk.%d.ssm_a or ssm_dt.bias holds a value that is not finite", l);
	return 0;
#undef NAME
}

void qwen35_free(struct qwen35 *m)
{
	if (!m)
		return;
	blk_owned_free(&m->owned);
	if (m->packed)
		munmap(m->packed, m->packed_size);
	free(m->layers);
	free(m->freq);
	free(m->kcache);
	free(m->vcache);
	free(m->conv_state);
	free(m->ssm_state);
	void *bufs[] = { m->x, m->xb, m->qg, m->q, m->k, m->v, m->o, m->u, m->z, m->bt, m->al, m->hb, m->hb2, m->att,
			 m->act };
	for (size_t i = 0; i < sizeof(bufs) / sizeof(bufs[0]); i++)
		free(bufs[i]);
	free(m);
}

int qwen35_new(const struct gguf_ctx *g, int n_ctx, struct pool *pool, struct llama_hparams *hp, int32_t *n_ctx_out,
	       uint64_t *weight_bytes, struct qwen35 **out, char *err, size_t errlen)
{
	*out = NULL;
	struct qwen35 *m = calloc(1, sizeof(*m));
	if (!m)
		return blk_fail(err, errlen, "out of memory");
	m->pool = pool;
	int32_t sections[4];
	int interval;
	if (load_hparams(m, g, sections, &interval, err, errlen))
		goto bad;
	struct llama_hparams *h = &m->hp;
	m->D = h->n_embd, m->H = h->n_head, m->HKV = h->n_head_kv, m->HD = h->head_dim, m->F = h->n_ff;
	m->QD = h->q_dim, m->KVD = h->head_dim * h->n_head_kv, m->n_rot = h->n_rot;
	m->key_dim = m->nk * m->d;
	m->conv_dim = 2 * m->key_dim + m->val_dim;
	if (!(m->tok_embd = blk_tok_embd(g, m->D, &h->n_vocab, err, errlen)))
		goto bad;
	m->layers = calloc((size_t)h->n_layer, sizeof(*m->layers));
	if (!m->layers) {
		blk_fail(err, errlen, "out of memory");
		goto bad;
	}
	uint64_t wb = 0;
	size_t act = 0;
	for (int l = 0; l < h->n_layer; l++) {
		struct q35_layer *L = &m->layers[l];
		L->recurrent = (l + 1) % interval != 0;
		L->idx = L->recurrent ? m->n_rec++ : m->n_full++;
		if (load_layer(m, g, l, L, err, errlen))
			goto bad;
		const struct blk_mat *ms[] = { &L->wq, &L->wk, &L->wv, &L->wo, &L->qkv, &L->gate, &L->beta, &L->alpha,
					       &L->out, &L->ffn_gate, &L->ffn_up, &L->ffn_down };
		for (size_t i = 0; i < sizeof(ms) / sizeof(ms[0]); i++) {
			if (!ms[i]->t)
				continue;
			wb += ms[i]->t->size;
			if (blk_act_need(ms[i], Q35_BATCH) > act)
				act = blk_act_need(ms[i], Q35_BATCH);
		}
	}
	if (blk_vec(&m->owned, g, "output_norm.weight", m->D, m->D, 0, &m->out_norm, err, errlen) ||
	    blk_mat(g, gguf_find_tensor(g, "output.weight") ? "output.weight" : "token_embd.weight", m->D, h->n_vocab,
		    &m->out, err, errlen))
		goto bad;
	h->tied = gguf_find_tensor(g, "output.weight") == NULL;
	if (blk_act_need(&m->out, 1) > act)
		act = blk_act_need(&m->out, 1);
	*weight_bytes = wb + m->out.t->size + m->tok_embd->size / (uint64_t)h->n_vocab;

	if (n_ctx <= 0)
		n_ctx = h->n_ctx_train < 4096 ? h->n_ctx_train : 4096;
	if (n_ctx > LLAMA_MAX_CTX) {
		blk_fail(err, errlen, "context size %d is larger than the engine's limit %d", n_ctx, LLAMA_MAX_CTX);
		goto bad;
	}
	m->n_ctx = n_ctx;
	int bad = 0;
	size_t B = Q35_BATCH, kv = (size_t)m->n_full * (size_t)n_ctx * (size_t)m->KVD;
	m->kcache = blk_alloc_f(kv, &bad);
	m->vcache = blk_alloc_f(kv, &bad);
	m->conv_state = blk_alloc_f((size_t)m->n_rec * (size_t)(m->K - 1) * (size_t)m->conv_dim, &bad);
	m->ssm_state = blk_alloc_f((size_t)m->n_rec * (size_t)m->nv * (size_t)m->d * (size_t)m->d, &bad);
	m->x = blk_alloc_f(B * m->D, &bad);
	m->xb = blk_alloc_f(B * m->D, &bad);
	m->qg = blk_alloc_f(B * 2 * (size_t)m->QD, &bad);
	m->q = blk_alloc_f(B * m->QD, &bad);
	m->k = blk_alloc_f(B * m->KVD, &bad);
	m->v = blk_alloc_f(B * m->KVD, &bad);
	m->o = blk_alloc_f(B * (size_t)(m->QD > m->val_dim ? m->QD : m->val_dim), &bad);
	m->u = blk_alloc_f(B * m->conv_dim, &bad);
	m->z = blk_alloc_f(B * m->val_dim, &bad);
	m->bt = blk_alloc_f(B * m->nv, &bad);
	m->al = blk_alloc_f(B * m->nv, &bad);
	m->hb = blk_alloc_f(B * m->F, &bad);
	m->hb2 = blk_alloc_f(B * m->F, &bad);
	m->att = blk_alloc_f((size_t)pool_size(pool) * (size_t)n_ctx, &bad);
	m->freq = blk_alloc_f((size_t)m->n_rot / 2, &bad);
	m->act = malloc(act ? act : 1);
	if (bad || !m->act) {
		blk_fail(err, errlen, "out of memory for a context of %d tokens", n_ctx);
		goto bad;
	}
	/* IM-RoPE for text: a pair whose sector is in none of the t/h/w
	 * sections takes the fourth position, 0 for text */
	int32_t sd = sections[0] + sections[1] + sections[2] + sections[3];
	for (int i = 0; i < m->n_rot / 2; i++) {
		int s = i % sd;
		int pos_p = (s % 3 == 1 && s < 3 * sections[1]) || (s % 3 == 2 && s < 3 * sections[2]) ||
			    (s % 3 == 0 && s < 3 * sections[0]);
		m->freq[i] = pos_p ? 1.0f / powf(h->rope_base, (float)(2 * i) / (float)m->n_rot) : 0.0f;
	}
	struct blk_mat **all = malloc(((size_t)h->n_layer * 12 + 1) * sizeof(*all));
	int na = 0;
	if (!all) {
		blk_fail(err, errlen, "out of memory");
		goto bad;
	}
	for (int l = 0; l < h->n_layer; l++) {
		struct q35_layer *L = &m->layers[l];
		struct blk_mat *ms[] = { &L->wq, &L->wk, &L->wv, &L->wo, &L->qkv, &L->gate, &L->beta, &L->alpha,
					 &L->out, &L->ffn_gate, &L->ffn_up, &L->ffn_down };
		for (size_t i = 0; i < sizeof(ms) / sizeof(ms[0]); i++)
			all[na++] = ms[i];
	}
	all[na++] = &m->out;
	int rp = blk_repack(pool, all, na, &m->packed, &m->packed_size);
	free(all);
	if (rp) {
		blk_fail(err, errlen, "out of memory for the repacked weights");
		goto bad;
	}
	*hp = *h;
	*n_ctx_out = n_ctx;
	*out = m;
	return 0;
bad:
	qwen35_free(m);
	return -1;
}

/* ---- the pass ---- */

static void mm(struct qwen35 *m, const struct blk_mat *w, const float *x, int n, float *y)
{
	blk_mm(m->pool, w, x, n, y, m->act);
}

static float softplus(float x)
{
	return x > 20.0f ? x : log1pf(expf(x));
}

/* L2 normalisation as ggml's: x / max(|x|, eps) */
static void l2norm(float *x, int n, float eps)
{
	float ss = 0;
	for (int i = 0; i < n; i++)
		ss += x[i] * x[i];
	float s = 1.0f / fmaxf(sqrtf(ss), eps);
	for (int i = 0; i < n; i++)
		x[i] *= s;
}

struct delta_job {
	struct qwen35 *m;
	const struct q35_layer *L;
	int n;
	kernel_dot_fn dot; /* float dot products (kernel.h), SIMD where the CPU has it */
	atomic_int next;
};

/* One value head's recurrence over the batch's n tokens (heads run in
 * parallel: each owns its state). q, k, v are m->u's convolved rows. */
static void delta_worker(void *arg, int ith, int nth)
{
	struct delta_job *j = arg;
	struct qwen35 *m = j->m;
	const struct q35_layer *L = j->L;
	int d = m->d;
	float qs = 1.0f / sqrtf((float)d);
	(void)ith;
	(void)nth;
	for (;;) {
		int h = atomic_fetch_add(&j->next, 1);
		if (h >= m->nv)
			break;
		int kh = h % m->nk;
		float *S = m->ssm_state + ((size_t)L->idx * m->nv + h) * (size_t)d * d;
		for (int t = 0; t < j->n; t++) {
			const float *c = m->u + (size_t)t * m->conv_dim;
			const float *q = c + (size_t)kh * d, *k = c + m->key_dim + (size_t)kh * d;
			const float *v = c + 2 * m->key_dim + (size_t)h * d;
			float b = blk_sigmoid(m->bt[(size_t)t * m->nv + h]);
			float decay = expf(softplus(m->al[(size_t)t * m->nv + h] + L->dt[h]) * L->a[h]);
			float *o = m->o + (size_t)t * m->val_dim + (size_t)h * d;
			/* row r of S: S_r = decay S_r + b (v_r - decay S_r.k) k;
			 * o_r = S_r.q (the dots through the SIMD kernel) */
			for (int r = 0; r < d; r++) {
				float *Sr = S + (size_t)r * d;
				float dr = (v[r] - decay * j->dot(d, Sr, k)) * b;
				for (int i = 0; i < d; i++)
					Sr[i] = Sr[i] * decay + dr * k[i];
				o[r] = j->dot(d, Sr, q) * qs;
			}
			const float *z = m->z + (size_t)t * m->val_dim + (size_t)h * d;
			blk_rmsnorm(o, o, L->ssm_norm, d, m->hp.eps);
			for (int r = 0; r < d; r++)
				o[r] *= blk_silu(z[r]);
		}
	}
}

/* A DeltaNet layer over n normed rows in m->xb; its output into m->xb. */
static void delta_layer(struct qwen35 *m, const struct q35_layer *L, int n)
{
	int C = m->conv_dim, K = m->K;
	mm(m, &L->qkv, m->xb, n, m->u);
	mm(m, &L->gate, m->xb, n, m->z);
	mm(m, &L->beta, m->xb, n, m->bt);
	mm(m, &L->alpha, m->xb, n, m->al);
	float *cs = m->conv_state + (size_t)L->idx * (size_t)(K - 1) * C;
	for (int t = 0; t < n; t++) {
		float *u = m->u + (size_t)t * C;
		for (int c = 0; c < C; c++) {
			const float *w = L->conv + (size_t)c * K;
			float s = w[K - 1] * u[c];
			for (int k = 0; k < K - 1; k++)
				s += w[k] * cs[(size_t)k * C + c];
			/* the window moves on: this input is the newest */
			for (int k = 0; k + 1 < K - 1; k++)
				cs[(size_t)k * C + c] = cs[(size_t)(k + 1) * C + c];
			if (K > 1)
				cs[(size_t)(K - 2) * C + c] = u[c];
			u[c] = blk_silu(s);
		}
		for (int hh = 0; hh < 2 * m->nk; hh++)
			l2norm(u + (size_t)hh * m->d, m->d, m->hp.eps);
	}
	struct delta_job j = { .m = m, .L = L, .n = n, .dot = kernel_dot_for(QUANT_TYPE_F32) };
	atomic_init(&j.next, 0);
	if (m->nv > 1)
		pool_run(m->pool, delta_worker, &j);
	else
		delta_worker(&j, 0, 1);
	mm(m, &L->out, m->o, n, m->xb);
}

/* A gated full-attention layer over n normed rows in m->xb (positions
 * pos..); its output into m->xb. */
static void attn_layer(struct qwen35 *m, const struct q35_layer *L, int n, int pos)
{
	int QD = m->QD, KVD = m->KVD, HD = m->HD;
	mm(m, &L->wq, m->xb, n, m->qg);
	mm(m, &L->wk, m->xb, n, m->k);
	mm(m, &L->wv, m->xb, n, m->v);
	size_t base = (size_t)L->idx * (size_t)m->n_ctx * KVD;
	for (int t = 0; t < n; t++) {
		float *q = m->q + (size_t)t * QD, *k = m->k + (size_t)t * KVD, *qg = m->qg + (size_t)t * 2 * QD;
		for (int h = 0; h < m->H; h++)
			memcpy(q + (size_t)h * HD, qg + (size_t)h * 2 * HD, (size_t)HD * sizeof(float));
		for (int h = 0; h < m->H; h++)
			blk_rmsnorm(q + (size_t)h * HD, q + (size_t)h * HD, L->q_norm, HD, m->hp.eps);
		for (int h = 0; h < m->HKV; h++)
			blk_rmsnorm(k + (size_t)h * HD, k + (size_t)h * HD, L->k_norm, HD, m->hp.eps);
		blk_rope(q, m->H, HD, m->n_rot, m->freq, (float)(pos + t));
		blk_rope(k, m->HKV, HD, m->n_rot, m->freq, (float)(pos + t));
		memcpy(m->kcache + base + (size_t)(pos + t) * KVD, k, (size_t)KVD * sizeof(float));
		memcpy(m->vcache + base + (size_t)(pos + t) * KVD, m->v + (size_t)t * KVD, (size_t)KVD * sizeof(float));
	}
	struct blk_attn a = { .q = m->q, .q_stride = (size_t)QD, .n = n, .pos = pos, .n_head = m->H, .n_kv = m->HKV,
			      .hd = HD, .window = 0, .n_ctx = m->n_ctx, .kc = m->kcache + base,
			      .vc = m->vcache + base, .kv_stride = (size_t)KVD, .scale = m->hp.attn_scale,
			      .out = m->o, .o_stride = (size_t)QD, .att = m->att };
	blk_attend(m->pool, &a);
	for (int t = 0; t < n; t++)
		for (int h = 0; h < m->H; h++) {
			float *o = m->o + (size_t)t * QD + (size_t)h * HD;
			const float *gt = m->qg + (size_t)t * 2 * QD + (size_t)h * 2 * HD + HD;
			for (int i = 0; i < HD; i++)
				o[i] *= blk_sigmoid(gt[i]);
		}
	mm(m, &L->wo, m->o, n, m->xb);
}

static void eval_batch(struct qwen35 *m, const int32_t *tokens, int n, int pos, float *logits)
{
	int D = m->D, F = m->F;
	uint64_t rs = 0;
	quant_row_size(m->tok_embd->type, D, &rs);
	for (int t = 0; t < n; t++)
		quant_dequant_row_ref(m->tok_embd->type, (const uint8_t *)m->tok_embd->data + (size_t)tokens[t] * rs,
				      m->x + (size_t)t * D, D);
	for (int l = 0; l < m->hp.n_layer; l++) {
		const struct q35_layer *L = &m->layers[l];
		for (int t = 0; t < n; t++)
			blk_rmsnorm(m->xb + (size_t)t * D, m->x + (size_t)t * D, L->attn_norm, D, m->hp.eps);
		if (L->recurrent)
			delta_layer(m, L, n);
		else
			attn_layer(m, L, n, pos);
		for (size_t i = 0; i < (size_t)n * D; i++)
			m->x[i] += m->xb[i];
		for (int t = 0; t < n; t++)
			blk_rmsnorm(m->xb + (size_t)t * D, m->x + (size_t)t * D, L->post_norm, D, m->hp.eps);
		mm(m, &L->ffn_gate, m->xb, n, m->hb);
		mm(m, &L->ffn_up, m->xb, n, m->hb2);
		for (size_t i = 0; i < (size_t)n * F; i++)
			m->hb[i] = blk_silu(m->hb[i]) * m->hb2[i];
		mm(m, &L->ffn_down, m->hb, n, m->xb);
		for (size_t i = 0; i < (size_t)n * D; i++)
			m->x[i] += m->xb[i];
	}
	if (logits) {
		blk_rmsnorm(m->xb, m->x + (size_t)(n - 1) * D, m->out_norm, D, m->hp.eps);
		mm(m, &m->out, m->xb, 1, logits);
	}
}

int qwen35_eval(struct qwen35 *m, const int32_t *tokens, int n, int pos, float *logits, char *err, size_t errlen)
{
	if (pos != 0 && pos != m->n_past)
		return blk_fail(err, errlen,
				"qwen35 keeps a recurrent state: it continues at position %d or starts again at 0, "
				"not at %d",
				m->n_past, pos);
	if (pos == 0) {
		memset(m->conv_state, 0, (size_t)m->n_rec * (size_t)(m->K - 1) * m->conv_dim * sizeof(float));
		memset(m->ssm_state, 0, (size_t)m->n_rec * (size_t)m->nv * m->d * m->d * sizeof(float));
	}
	for (int i = 0, k; i < n; i += k) {
		k = blk_pass(n - i, Q35_BATCH);
		eval_batch(m, tokens + i, k, pos + i, i + k == n ? logits : NULL);
	}
	m->n_past = pos + n;
	return 0;
}
