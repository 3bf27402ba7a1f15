/*
 * gemma4: the Gemma 4 text models with dense layers (E2B, E4B; GGUF
 * architecture "gemma4"), read as llama.cpp reads them
 * (src/models/gemma4.cpp, load_arch_hparams/tensors there).
 *
 * Gemma 3's block (ENGINE-FACTS 2.6): embeddings times sqrt(n_embd);
 * x += post_attention_norm(attn(attn_norm(x))); x += post_ffw_norm(
 * down(gelu(gate(y)) * up(y))), y = ffn_norm(x); final norm, head and
 * soft-cap (final_logit_softcapping, none when absent). What differs:
 * - Layers are local (sliding window) or global by the per-layer flags
 *   attention.sliding_window_pattern; local layers have heads of
 *   key_length_swa rotated over rope.dimension_count_swa dims with
 *   rope.freq_base_swa, global ones heads of key_length over
 *   rope.dimension_count with rope.freq_base and the per-pair divisors of
 *   rope_freqs.weight ("proportional" RoPE). Head counts and
 *   feed_forward_length may be one per layer (arrays).
 * - q is RMSNormed per head (attn_q_norm), k too (attn_k_norm), v by a
 *   plain RMSNorm without weight; v is k's projection when attn_v is
 *   absent. Scores are q.k unscaled (the norms set their size).
 * - The last attention.shared_kv_layers layers compute no k or v: a local
 *   one reads the cache of layer n_kv - 2, a global one that of n_kv - 1
 *   (n_kv = the layers before them), which must be of the same kind and
 *   shape.
 * - Per-layer inputs (embedding_length_per_layer_input = P > 0): for
 *   each token, per_layer_token_embd's row (P values per layer) times
 *   sqrt(P), plus RMSNorm(per_layer_proj_norm) of each layer's P values of
 *   per_layer_model_proj . x0 / sqrt(n_embd) (x0 the scaled embedding),
 *   all times 1/sqrt(2). After a layer's FFN: x += post_norm(proj(
 *   gelu(inp_gate . x) * that layer's input)).
 * - layer_output_scale (one value per layer, when present) multiplies x
 *   at the end of the layer.
 * The mixture-of-experts layers of the 26B-A4B model are refused.
 */
#include <math.h>
#include <stdio.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <string.h>

#include "engine/archx.h"
#include "engine/blocks.h"
#include "engine/gguf.h"
#include "engine/llama.h"
#include "engine/pool.h"
#include "engine/quant.h"

#define G4_BATCH 32

struct g4_layer {
	int swa, hd, n_head, n_kv, n_rot, ff, has_kv, src;
	size_t kv_off; /* its cache in m->kcache / m->vcache (has_kv) */
	const float *attn_norm, *q_norm, *k_norm, *post_attn, *ffn_norm, *post_ffw, *pl_post_norm;
	float out_scale;
	struct blk_mat wq, wk, wv, wo, gate, up, down, pl_gate, pl_proj;
};

struct gemma4 {
	struct llama_hparams hp;
	struct pool *pool;
	struct blk_owned owned;
	int n_ctx, D, P, n_kv_start, max_q, max_kv, max_ff;
	const struct gguf_tensor *tok_embd, *pl_embd;
	struct blk_mat pl_model_proj, out;
	const float *pl_proj_norm, *out_norm, *rope_freqs;
	struct g4_layer *layers;
	float *freq_full, *freq_swa;
	float *kcache, *vcache;
	float *x, *xb, *q, *k, *v, *o, *hb, *hb2, *pl, *plt, *att;
	void *act;
	void *packed;
	size_t packed_size;
};

void gemma4_free(struct gemma4 *m)
{
	if (!m)
		return;
	blk_owned_free(&m->owned);
	if (m->packed)
		munmap(m->packed, m->packed_size);
	void *bufs[] = { m->layers, m->freq_full, m->freq_swa, m->kcache, m->vcache, m->x, m->xb, m->q, m->k, m->v,
			 m->o, m->hb, m->hb2, m->pl, m->plt, m->att, m->act };
	for (size_t i = 0; i < sizeof(bufs) / sizeof(bufs[0]); i++)
		free(bufs[i]);
	free(m);
}

static int load_layer(struct gemma4 *m, const struct gguf_ctx *g, int l, struct g4_layer *L, char *err,
		      size_t errlen)
{
	char name[96];
	int D = m->D, QD = L->n_head * L->hd, KVD = L->n_kv * L->hd;
	struct blk_owned *o = &m->owned;
#define NAME(s) (snprintf(name, sizeof(name), "blk.%d.%s", l, s), name)
	if (gguf_find_tensor(g, NAME("ffn_gate_inp.weight")))
		return blk_fail(err, errlen, "gemma4 mixture-of-experts layers (%s) are not supported", name);
	if (blk_vec(o, g, NAME("attn_norm.weight"), D, D, 0, &L->attn_norm, err, errlen) ||
	    blk_mat(g, NAME("attn_q.weight"), D, QD, &L->wq, err, errlen) ||
	    blk_vec(o, g, NAME("attn_q_norm.weight"), L->hd, L->hd, 0, &L->q_norm, err, errlen) ||
	    blk_mat(g, NAME("attn_output.weight"), QD, D, &L->wo, err, errlen) ||
	    blk_vec(o, g, NAME("post_attention_norm.weight"), D, D, 0, &L->post_attn, err, errlen) ||
	    blk_vec(o, g, NAME("ffn_norm.weight"), D, D, 0, &L->ffn_norm, err, errlen) ||
	    blk_mat(g, NAME("ffn_gate.weight"), D, L->ff, &L->gate, err, errlen) ||
	    blk_mat(g, NAME("ffn_up.weight"), D, L->ff, &L->up, err, errlen) ||
	    blk_mat(g, NAME("ffn_down.weight"), L->ff, D, &L->down, err, errlen) ||
	    blk_vec(o, g, NAME("post_ffw_norm.weight"), D, D, 0, &L->post_ffw, err, errlen))
		return -1;
	if (L->has_kv) {
		if (blk_mat(g, NAME("attn_k.weight"), D, KVD, &L->wk, err, errlen) ||
		    blk_vec(o, g, NAME("attn_k_norm.weight"), L->hd, L->hd, 0, &L->k_norm, err, errlen) ||
		    (gguf_find_tensor(g, NAME("attn_v.weight")) && blk_mat(g, name, D, KVD, &L->wv, err, errlen)))
			return -1;
	}
	const float *s = NULL;
	if (blk_vec(o, g, NAME("layer_output_scale.weight"), 1, 1, 1, &s, err, errlen))
		return -1;
	L->out_scale = s ? s[0] : 1.0f;
	if (!isfinite(L->out_scale))
		return blk_fail(err, errlen, "%s is not a finite number", name);
	if (m->P > 0 && (blk_mat(g, NAME("inp_gate.weight"), D, m->P, &L->pl_gate, err, errlen) ||
			 blk_mat(g, NAME("proj.weight"), m->P, D, &L->pl_proj, err, errlen) ||
			 blk_vec(o, g, NAME("post_norm.weight"), D, D, 0, &L->pl_post_norm, err, errlen)))
		return -1;
	return 0;
#undef NAME
}

int gemma4_new(const struct gguf_ctx *g, int n_ctx, struct pool *pool, struct llama_hparams *hp, int32_t *n_ctx_out,
	       uint64_t *weight_bytes, struct gemma4 **out, char *err, size_t errlen)
{
	*out = NULL;
	struct gemma4 *m = calloc(1, sizeof(*m));
	int32_t *heads = NULL, *kvh = NULL, *ffs = NULL;
	int *swa = NULL;
	if (!m)
		return blk_fail(err, errlen, "out of memory");
	m->pool = pool;
	struct llama_hparams *h = &m->hp;
	h->arch = LLAMA_ARCH_GEMMA4;
	h->neox = 1;
	h->gelu = 1;
	char key[96];
#define KEY(s) (snprintf(key, sizeof(key), "gemma4.%s", s), key)
	int32_t hd, hd_swa, vl, vl_swa, rot, rot_swa, shared;
	if (blk_u32(g, KEY("embedding_length"), 1, LLAMA_MAX_EMBD, -1, &h->n_embd, err, errlen) ||
	    blk_u32(g, KEY("block_count"), 1, LLAMA_MAX_LAYERS, -1, &h->n_layer, err, errlen) ||
	    blk_u32(g, KEY("context_length"), 1, LLAMA_MAX_CTX, 2048, &h->n_ctx_train, err, errlen))
		goto bad;
	int NL = h->n_layer;
	heads = malloc((size_t)NL * sizeof(*heads));
	kvh = malloc((size_t)NL * sizeof(*kvh));
	ffs = malloc((size_t)NL * sizeof(*ffs));
	swa = malloc((size_t)NL * sizeof(*swa));
	m->layers = calloc((size_t)NL, sizeof(*m->layers));
	if (!heads || !kvh || !ffs || !swa || !m->layers) {
		blk_fail(err, errlen, "out of memory");
		goto bad;
	}
	if (blk_u32_layers(g, KEY("feed_forward_length"), 1, LLAMA_MAX_FF, -1, NL, ffs, err, errlen) ||
	    blk_u32_layers(g, KEY("attention.head_count"), 1, LLAMA_MAX_HEADS, -1, NL, heads, err, errlen))
		goto bad;
	if (gguf_find_key(g, KEY("attention.head_count_kv")) < 0)
		memcpy(kvh, heads, (size_t)NL * sizeof(*kvh));
	else if (blk_u32_layers(g, key, 1, LLAMA_MAX_HEADS, -1, NL, kvh, err, errlen))
		goto bad;
	if (blk_u32(g, KEY("attention.key_length"), 1, LLAMA_MAX_HEAD_DIM, -1, &hd, err, errlen) ||
	    blk_u32(g, KEY("attention.value_length"), 1, LLAMA_MAX_HEAD_DIM, hd, &vl, err, errlen) ||
	    blk_u32(g, KEY("attention.key_length_swa"), 1, LLAMA_MAX_HEAD_DIM, hd, &hd_swa, err, errlen) ||
	    blk_u32(g, KEY("attention.value_length_swa"), 1, LLAMA_MAX_HEAD_DIM, hd_swa, &vl_swa, err, errlen) ||
	    blk_u32(g, KEY("rope.dimension_count"), 2, hd, hd, &rot, err, errlen) ||
	    blk_u32(g, KEY("rope.dimension_count_swa"), 2, hd_swa, hd_swa, &rot_swa, err, errlen) ||
	    blk_u32(g, KEY("attention.sliding_window"), 1, LLAMA_MAX_CTX, -1, &h->n_swa, err, errlen) ||
	    blk_flags_layers(g, KEY("attention.sliding_window_pattern"), NL, swa, err, errlen) ||
	    blk_u32(g, KEY("attention.shared_kv_layers"), 0, NL - 1, 0, &shared, err, errlen) ||
	    blk_u32(g, KEY("embedding_length_per_layer_input"), 0, LLAMA_MAX_EMBD, 0, &m->P, err, errlen) ||
	    blk_f32(g, KEY("attention.layer_norm_rms_epsilon"), 1e-6f, &h->eps, err, errlen) ||
	    blk_f32(g, KEY("rope.freq_base"), 1000000.0f, &h->rope_base, err, errlen) ||
	    blk_f32(g, KEY("rope.freq_base_swa"), 10000.0f, &h->rope_base_swa, err, errlen) ||
	    blk_f32(g, KEY("final_logit_softcapping"), 0.0f, &h->final_softcap, err, errlen))
		goto bad;
	if (vl != hd || vl_swa != hd_swa) {
		blk_fail(err, errlen, "gemma4 value lengths (%d, %d) differ from key lengths (%d, %d)", vl, vl_swa, hd,
			 hd_swa);
		goto bad;
	}
	if (rot % 2 || rot_swa % 2) {
		blk_fail(err, errlen, "gemma4 rope dimension counts %d / %d must be even", rot, rot_swa);
		goto bad;
	}
	if (!(h->eps > 0) || !(h->rope_base > 0) || !(h->rope_base_swa > 0) || h->final_softcap < 0) {
		blk_fail(err, errlen, "gemma4: rms epsilon and rope bases must be positive, the soft-cap not negative");
		goto bad;
	}
	if ((int64_t)m->P * NL > LLAMA_MAX_EMBD * 16) {
		blk_fail(err, errlen, "gemma4: per-layer inputs of %d over %d layers are too wide", m->P, NL);
		goto bad;
	}
	m->D = h->n_embd;
	m->n_kv_start = NL - shared;
	h->attn_scale = 1.0f;
	h->emb_scale = sqrtf((float)h->n_embd);
	h->rope_scale = 1.0f;
	h->rope_mscale = 1.0f;
	h->n_ctx_orig = h->n_ctx_train;
	h->head_dim = hd;
	h->n_rot = rot;
	h->n_head = heads[0];
	h->n_head_kv = kvh[0];
	h->q_dim = heads[0] * hd;
	h->n_ff = 0;
	size_t kv_per_pos = 0;
	for (int l = 0; l < NL; l++) {
		struct g4_layer *L = &m->layers[l];
		L->swa = swa[l];
		L->hd = swa[l] ? hd_swa : hd;
		L->n_rot = swa[l] ? rot_swa : rot;
		L->n_head = heads[l];
		L->n_kv = kvh[l];
		L->ff = ffs[l];
		L->has_kv = l < m->n_kv_start;
		if (L->n_head % L->n_kv || (int64_t)L->n_head * L->hd > LLAMA_MAX_EMBD) {
			blk_fail(err, errlen, "gemma4 layer %d: %d heads of %d over %d KV heads do not fit", l, L->n_head,
				 L->hd, L->n_kv);
			goto bad;
		}
		if (L->n_head * L->hd > m->max_q)
			m->max_q = L->n_head * L->hd;
		if (L->n_kv * L->hd > m->max_kv)
			m->max_kv = L->n_kv * L->hd;
		if (L->ff > m->max_ff)
			m->max_ff = L->ff;
		if (L->has_kv) {
			L->src = l;
			L->kv_off = kv_per_pos;
			kv_per_pos += (size_t)L->n_kv * L->hd;
		} else {
			L->src = m->n_kv_start - (L->swa ? 2 : 1);
			const struct g4_layer *S = L->src >= 0 ? &m->layers[L->src] : NULL;
			if (!S || S->swa != L->swa || S->hd != L->hd || S->n_kv != L->n_kv) {
				blk_fail(err, errlen,
					 "gemma4 layer %d shares the KV cache of layer %d, which is not a %s layer of %d KV "
					 "heads of %d",
					 l, L->src, L->swa ? "local" : "global", L->n_kv, L->hd);
				goto bad;
			}
		}
	}
	h->n_ff = m->max_ff;
	if (!(m->tok_embd = blk_tok_embd(g, m->D, &h->n_vocab, err, errlen)))
		goto bad;
	if (m->P > 0) {
		int64_t W = (int64_t)m->P * NL;
		m->pl_embd = gguf_find_tensor(g, "per_layer_token_embd.weight");
		const struct gguf_tensor *pe = m->pl_embd;
		if (!pe) {
			blk_fail(err, errlen, "missing tensor per_layer_token_embd.weight");
			goto bad;
		}
		if (pe->n_dims != 2 || pe->ne[0] != W || pe->ne[1] != h->n_vocab || !quant_type_supported(pe->type)) {
			blk_fail(err, errlen,
				 "tensor per_layer_token_embd.weight has shape [%lld, %lld] or type %s, expected [%lld, %d]",
				 (long long)pe->ne[0], (long long)pe->ne[1], quant_type_name(pe->type), (long long)W,
				 h->n_vocab);
			goto bad;
		}
		if (blk_mat(g, "per_layer_model_proj.weight", m->D, W, &m->pl_model_proj, err, errlen) ||
		    blk_vec(&m->owned, g, "per_layer_proj_norm.weight", m->P, m->P, 0, &m->pl_proj_norm, err, errlen))
			goto bad;
	}
	uint64_t wb = 0;
	size_t act = blk_act_need(&m->pl_model_proj, G4_BATCH);
	for (int l = 0; l < NL; l++) {
		struct g4_layer *L = &m->layers[l];
		if (load_layer(m, g, l, L, err, errlen))
			goto bad;
		const struct blk_mat *ms[] = { &L->wq, &L->wk, &L->wv, &L->wo, &L->gate, &L->up, &L->down, &L->pl_gate,
					       &L->pl_proj };
		for (size_t i = 0; i < sizeof(ms) / sizeof(ms[0]); i++) {
			if (!ms[i]->t)
				continue;
			wb += ms[i]->t->size;
			if (blk_act_need(ms[i], G4_BATCH) > act)
				act = blk_act_need(ms[i], G4_BATCH);
		}
	}
	if (blk_vec(&m->owned, g, "output_norm.weight", m->D, m->D, 0, &m->out_norm, err, errlen) ||
	    blk_mat(g, gguf_find_tensor(g, "output.weight") ? "output.weight" : "token_embd.weight", m->D, h->n_vocab,
		    &m->out, err, errlen) ||
	    blk_vec(&m->owned, g, "rope_freqs.weight", hd / 2, hd / 2, 1, &m->rope_freqs, err, errlen))
		goto bad;
	h->tied = gguf_find_tensor(g, "output.weight") == NULL;
	if (blk_act_need(&m->out, 1) > act)
		act = blk_act_need(&m->out, 1);
	*weight_bytes = wb + m->out.t->size + m->tok_embd->size / (uint64_t)h->n_vocab +
			(m->pl_embd ? m->pl_embd->size / (uint64_t)h->n_vocab : 0) +
			(m->pl_model_proj.t ? m->pl_model_proj.t->size : 0);

	if (n_ctx <= 0)
		n_ctx = h->n_ctx_train < 4096 ? h->n_ctx_train : 4096;
	if (n_ctx > LLAMA_MAX_CTX) {
		blk_fail(err, errlen, "context size %d is larger than the engine's limit %d", n_ctx, LLAMA_MAX_CTX);
		goto bad;
	}
	m->n_ctx = n_ctx;
	int bad = 0;
	size_t B = G4_BATCH;
	m->kcache = blk_alloc_f(kv_per_pos * (size_t)n_ctx, &bad);
	m->vcache = blk_alloc_f(kv_per_pos * (size_t)n_ctx, &bad);
	m->x = blk_alloc_f(B * m->D, &bad);
	m->xb = blk_alloc_f(B * m->D, &bad);
	m->q = blk_alloc_f(B * m->max_q, &bad);
	m->k = blk_alloc_f(B * m->max_kv, &bad);
	m->v = blk_alloc_f(B * m->max_kv, &bad);
	m->o = blk_alloc_f(B * m->max_q, &bad);
	m->hb = blk_alloc_f(B * (size_t)(m->max_ff > m->P ? m->max_ff : m->P), &bad);
	m->hb2 = blk_alloc_f(B * m->max_ff, &bad);
	m->pl = blk_alloc_f(B * (size_t)m->P * NL, &bad);
	m->plt = blk_alloc_f((size_t)m->P * NL, &bad);
	m->att = blk_alloc_f((size_t)pool_size(pool) * (size_t)n_ctx, &bad);
	m->freq_full = blk_alloc_f((size_t)rot / 2, &bad);
	m->freq_swa = blk_alloc_f((size_t)rot_swa / 2, &bad);
	m->act = malloc(act ? act : 1);
	if (bad || !m->act) {
		blk_fail(err, errlen, "out of memory for a context of %d tokens", n_ctx);
		goto bad;
	}
	for (int i = 0; i < rot / 2; i++) {
		float f = m->rope_freqs ? m->rope_freqs[i] : 1.0f;
		if (!(f > 0) || !isfinite(f)) {
			blk_fail(err, errlen, "rope_freqs.weight[%d] = %g is not a positive factor", i, f);
			goto bad;
		}
		m->freq_full[i] = 1.0f / powf(h->rope_base, (float)(2 * i) / (float)rot) / f;
	}
	for (int i = 0; i < rot_swa / 2; i++)
		m->freq_swa[i] = 1.0f / powf(h->rope_base_swa, (float)(2 * i) / (float)rot_swa);
	struct blk_mat **all = malloc(((size_t)NL * 9 + 2) * sizeof(*all));
	int na = 0;
	if (!all) {
		blk_fail(err, errlen, "out of memory");
		goto bad;
	}
	for (int l = 0; l < NL; l++) {
		struct g4_layer *L = &m->layers[l];
		struct blk_mat *ms[] = { &L->wq, &L->wk, &L->wv, &L->wo, &L->gate, &L->up, &L->down, &L->pl_gate,
					 &L->pl_proj };
		for (size_t i = 0; i < sizeof(ms) / sizeof(ms[0]); i++)
			all[na++] = ms[i];
	}
	all[na++] = &m->out;
	all[na++] = &m->pl_model_proj;
	int rp = blk_repack(pool, all, na, &m->packed, &m->packed_size);
	free(all);
	if (rp) {
		blk_fail(err, errlen, "out of memory for the repacked weights");
		goto bad;
	}
	free(heads);
	free(kvh);
	free(ffs);
	free(swa);
	*hp = *h;
	*n_ctx_out = n_ctx;
	*out = m;
	return 0;
bad:
	free(heads);
	free(kvh);
	free(ffs);
	free(swa);
	gemma4_free(m);
	return -1;
#undef KEY
}

/* ---- the pass ---- */

static void mm(struct gemma4 *m, const struct blk_mat *w, const float *x, int n, float *y)
{
	blk_mm(m->pool, w, x, n, y, m->act);
}

static void norm_rows(float *y, int n, int d, const float *w, float eps)
{
	for (int t = 0; t < n; t++)
		blk_rmsnorm(y + (size_t)t * d, y + (size_t)t * d, w, d, eps);
}

/* The per-layer inputs of n tokens into m->pl: [t][layer][P]. */
static void per_layer_inputs(struct gemma4 *m, const int32_t *tokens, int n)
{
	int P = m->P, NL = m->hp.n_layer, W = P * NL;
	float eps = m->hp.eps, ps = 1.0f / sqrtf((float)m->D), es = sqrtf((float)P), is2 = 1.0f / sqrtf(2.0f);
	mm(m, &m->pl_model_proj, m->x, n, m->pl);
	uint64_t rs = 0;
	quant_row_size(m->pl_embd->type, W, &rs);
	for (int t = 0; t < n; t++) {
		float *p = m->pl + (size_t)t * W;
		for (int i = 0; i < W; i++)
			p[i] *= ps;
		norm_rows(p, NL, P, m->pl_proj_norm, eps);
		/* the token's own row of P values per layer */
		quant_dequant_row_ref(m->pl_embd->type, (const uint8_t *)m->pl_embd->data + (size_t)tokens[t] * rs, m->plt,
				      W);
		for (int i = 0; i < W; i++)
			p[i] = (p[i] + m->plt[i] * es) * is2;
	}
}

static void eval_batch(struct gemma4 *m, const int32_t *tokens, int n, int pos, float *logits)
{
	const struct llama_hparams *h = &m->hp;
	int D = m->D, NL = h->n_layer;
	float eps = h->eps;
	uint64_t rs = 0;
	quant_row_size(m->tok_embd->type, D, &rs);
	for (int t = 0; t < n; t++) {
		float *xt = m->x + (size_t)t * D;
		quant_dequant_row_ref(m->tok_embd->type, (const uint8_t *)m->tok_embd->data + (size_t)tokens[t] * rs, xt, D);
		for (int i = 0; i < D; i++)
			xt[i] *= h->emb_scale;
	}
	if (m->P > 0)
		per_layer_inputs(m, tokens, n);
	size_t kvs = 0; /* floats per position in the cache */
	for (int l = 0; l < NL; l++)
		if (m->layers[l].has_kv)
			kvs += (size_t)m->layers[l].n_kv * m->layers[l].hd;
	for (int l = 0; l < NL; l++) {
		const struct g4_layer *L = &m->layers[l];
		int hd = L->hd, QD = L->n_head * hd, KVD = L->n_kv * hd;
		const float *freq = L->swa ? m->freq_swa : m->freq_full;
		for (int t = 0; t < n; t++)
			blk_rmsnorm(m->xb + (size_t)t * D, m->x + (size_t)t * D, L->attn_norm, D, eps);
		mm(m, &L->wq, m->xb, n, m->q);
		if (L->has_kv) {
			mm(m, &L->wk, m->xb, n, m->k);
			if (L->wv.t)
				mm(m, &L->wv, m->xb, n, m->v);
			else
				memcpy(m->v, m->k, (size_t)n * KVD * sizeof(float));
		}
		for (int t = 0; t < n; t++) {
			float *q = m->q + (size_t)t * QD;
			norm_rows(q, L->n_head, hd, L->q_norm, eps);
			blk_rope(q, L->n_head, hd, L->n_rot, freq, (float)(pos + t));
			if (!L->has_kv)
				continue;
			float *k = m->k + (size_t)t * KVD, *v = m->v + (size_t)t * KVD;
			norm_rows(k, L->n_kv, hd, L->k_norm, eps);
			norm_rows(v, L->n_kv, hd, NULL, eps);
			blk_rope(k, L->n_kv, hd, L->n_rot, freq, (float)(pos + t));
			size_t at = (size_t)(pos + t) * kvs + L->kv_off;
			memcpy(m->kcache + at, k, (size_t)KVD * sizeof(float));
			memcpy(m->vcache + at, v, (size_t)KVD * sizeof(float));
		}
		const struct g4_layer *S = &m->layers[L->src];
		struct blk_attn a = { .q = m->q, .q_stride = (size_t)QD, .n = n, .pos = pos, .n_head = L->n_head,
				      .n_kv = L->n_kv, .hd = hd, .window = L->swa ? h->n_swa : 0, .n_ctx = m->n_ctx,
				      .kc = m->kcache + S->kv_off, .vc = m->vcache + S->kv_off, .kv_stride = kvs,
				      .scale = 1.0f, .out = m->o, .o_stride = (size_t)QD, .att = m->att };
		blk_attend(m->pool, &a);
		mm(m, &L->wo, m->o, n, m->xb);
		norm_rows(m->xb, n, D, L->post_attn, eps);
		for (size_t i = 0; i < (size_t)n * D; i++)
			m->x[i] += m->xb[i];
		for (int t = 0; t < n; t++)
			blk_rmsnorm(m->xb + (size_t)t * D, m->x + (size_t)t * D, L->ffn_norm, D, eps);
		mm(m, &L->gate, m->xb, n, m->hb);
		mm(m, &L->up, m->xb, n, m->hb2);
		for (size_t i = 0; i < (size_t)n * L->ff; i++)
			m->hb[i] = blk_gelu(m->hb[i]) * m->hb2[i];
		mm(m, &L->down, m->hb, n, m->xb);
		norm_rows(m->xb, n, D, L->post_ffw, eps);
		for (size_t i = 0; i < (size_t)n * D; i++)
			m->x[i] += m->xb[i];
		if (m->P > 0) {
			int P = m->P;
			mm(m, &L->pl_gate, m->x, n, m->hb);
			for (int t = 0; t < n; t++)
				for (int i = 0; i < P; i++) {
					float *gv = m->hb + (size_t)t * P + i;
					*gv = blk_gelu(*gv) * m->pl[((size_t)t * NL + l) * P + i];
				}
			mm(m, &L->pl_proj, m->hb, n, m->xb);
			norm_rows(m->xb, n, D, L->pl_post_norm, eps);
			for (size_t i = 0; i < (size_t)n * D; i++)
				m->x[i] += m->xb[i];
		}
		if (L->out_scale != 1.0f)
			for (size_t i = 0; i < (size_t)n * D; i++)
				m->x[i] *= L->out_scale;
	}
	if (logits) {
		blk_rmsnorm(m->xb, m->x + (size_t)(n - 1) * D, m->out_norm, D, eps);
		mm(m, &m->out, m->xb, 1, logits);
		if (h->final_softcap > 0)
			for (int i = 0; i < h->n_vocab; i++)
				logits[i] = h->final_softcap * tanhf(logits[i] / h->final_softcap);
	}
}

int gemma4_eval(struct gemma4 *m, const int32_t *tokens, int n, int pos, float *logits, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	for (int i = 0, k; i < n; i += k) {
		k = blk_pass(n - i, G4_BATCH);
		eval_batch(m, tokens + i, k, pos + i, i + k == n ? logits : NULL);
	}
	return 0;
}
