/*
 * test_arch: the architectures with their own blocks (archx.h): qwen35
 * (Gated DeltaNet + gated attention) and gemma4 (Gemma 4 E2B/E4B text).
 * Each is checked against a forward pass written out here in float64 from
 * the architecture notes (qwen35.c's and gemma4.c's headers, after
 * llama.cpp's reading), sharing nothing with the engine, on random F32
 * models at small shapes; each piece of the architecture is shown to move
 * the logits when the reference leaves it out, so the parity test would
 * catch the engine missing it; hostile files are refused by name. With
 * MODEL_SEED_DIR set, the small models are written there as fuzz_model
 * seeds.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/engine.h"
#include "engine/gguf.h"
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

/* A fixed pseudo-random pattern: offset + scale * [-0.5, 0.5). */
static float *pattern(int64_t n, uint32_t seed, float scale, float offset)
{
	float *v = malloc((size_t)(n ? n : 1) * 4);
	uint32_t x = seed * 2654435761u + 1;
	for (int64_t i = 0; v && i < n; i++) {
		x = x * 1664525u + 1013904223u;
		v[i] = offset + scale * ((float)(x >> 8) / 16777216.0f - 0.5f);
	}
	return v;
}

/* ---- writing models ---- */

struct wr {
	struct gguf_writer *w;
	float *bufs[512];
	int nb, rc;
	uint32_t seed;
	const char *drop; /* a tensor name to leave out */
};

/* The type add_t stores matrices in (rows of whole blocks, not the conv
 * taps); F32 unless a test sets it. */
static uint32_t wtype = QUANT_TYPE_F32;

/* A random F32 tensor of rows x cols (rows 1: a vector), or the data given. */
static void add_t(struct wr *W, const char *name, int64_t cols, int64_t rows, float scale, float offset,
		  const float *data)
{
	W->seed++;
	if ((W->drop && !strcmp(W->drop, name)) || W->nb >= 512)
		return;
	int64_t ne[2] = { cols, rows };
	const float *d = data;
	if (!d)
		d = W->bufs[W->nb++] = pattern(cols * rows, W->seed, scale, offset);
	uint64_t rs;
	if (wtype != QUANT_TYPE_F32 && rows > 1 && !strstr(name, "conv1d") && cols % quant_block_size(wtype) == 0 &&
	    quant_row_size(wtype, cols, &rs) == 0 && W->nb < 512) {
		uint8_t *q = malloc((size_t)(rs * (uint64_t)rows));
		for (int64_t r = 0; q && r < rows; r++)
			quant_quant_row_ref(wtype, d + r * cols, q + (size_t)(r * (int64_t)rs), cols);
		W->bufs[W->nb++] = (float *)q;
		W->rc |= !q || gguf_writer_add_tensor(W->w, name, wtype, 2, ne, q, rs * (uint64_t)rows);
		return;
	}
	W->rc |= gguf_writer_add_tensor(W->w, name, QUANT_TYPE_F32, rows == 1 ? 1 : 2, ne, d, (uint64_t)(cols * rows) * 4);
}

static int finish(struct wr *W, const char *path)
{
	W->rc |= gguf_writer_write(W->w, path, err, sizeof(err));
	gguf_writer_free(W->w);
	for (int i = 0; i < W->nb; i++)
		free(W->bufs[i]);
	return W->rc ? -1 : 0;
}

/* ---- the written-out reference's pieces ---- */

static const float *tf(const struct gguf_ctx *g, int l, const char *name)
{
	char n[96];
	if (l < 0)
		snprintf(n, sizeof(n), "%s", name);
	else
		snprintf(n, sizeof(n), "blk.%d.%s", l, name);
	const struct gguf_tensor *t = gguf_find_tensor(g, n);
	return t && t->type == QUANT_TYPE_F32 ? t->data : NULL;
}

static void mv(const float *w, int rows, int cols, const double *x, double *y)
{
	for (int r = 0; r < rows; r++) {
		double s = 0;
		for (int c = 0; c < cols; c++)
			s += (double)w[(size_t)r * cols + c] * x[c];
		y[r] = s;
	}
}

#define EPS 1e-6
static void rms(double *o, const double *x, const float *w, int n)
{
	double ss = 0;
	for (int i = 0; i < n; i++)
		ss += x[i] * x[i];
	double k = 1.0 / sqrt(ss / n + EPS);
	for (int i = 0; i < n; i++)
		o[i] = (w ? w[i] : 1.0) * k * x[i];
}

static double sigm(double x)
{
	return 1.0 / (1.0 + exp(-x));
}

static double silu(double x)
{
	return x * sigm(x);
}

static double gelu(double x)
{
	return 0.5 * x * (1.0 + tanh(sqrt(2.0 / M_PI) * x * (1.0 + 0.044715 * x * x)));
}

/* NEOX rotation of one head's first rot dims by angle pos * f[i]. */
static void rot_head(double *p, int rot, const double *f, double pos)
{
	for (int i = 0; i < rot / 2; i++) {
		double a = pos * f[i], c = cos(a), s = sin(a), x0 = p[i], x1 = p[i + rot / 2];
		p[i] = x0 * c - x1 * s;
		p[i + rot / 2] = x0 * s + x1 * c;
	}
}

/* Softmax attention of one head's query q (hd) over keys/values at
 * s0..p in kc/vc (row stride st, this head's offset off); into o. */
static void attend(const double *q, const double *kc, const double *vc, size_t st, size_t off, int s0, int p, int hd,
		   double scale, double *o)
{
	double mx = -1e300, sum = 0, *a = calloc((size_t)p + 1, sizeof(double));
	for (int s = s0; s <= p; s++) {
		double d = 0;
		for (int i = 0; i < hd; i++)
			d += q[i] * kc[(size_t)s * st + off + i];
		a[s] = d * scale;
		mx = fmax(mx, a[s]);
	}
	for (int s = s0; s <= p; s++)
		sum += (a[s] = exp(a[s] - mx));
	for (int i = 0; i < hd; i++) {
		double acc = 0;
		for (int s = s0; s <= p; s++)
			acc += a[s] / sum * vc[(size_t)s * st + off + i];
		o[i] = acc;
	}
	free(a);
}

/* The engine's logits for the last of n tokens (evaluated in one call, or
 * split in two at split > 0), and the largest difference from want. */
static double engine_diff(const char *path, const int32_t *toks, int n, int split, const float *want, int vocab)
{
	struct engine_params p;
	engine_params_default(&p);
	p.model_path = path;
	p.n_threads = 2;
	struct engine *e = NULL;
	float *got = calloc((size_t)vocab, 4);
	double worst = 1e9;
	int ok = engine_open(&p, &e, err, sizeof(err)) == 0;
	if (ok && split > 0)
		ok = engine_eval(e, toks, split, 0, NULL, err, sizeof(err)) == 0 &&
		     engine_eval(e, toks + split, n - split, split, got, err, sizeof(err)) == 0;
	else if (ok)
		ok = engine_eval(e, toks, n, 0, got, err, sizeof(err)) == 0;
	if (ok) {
		worst = 0;
		for (int i = 0; i < vocab; i++)
			worst = fmax(worst, fabs(want[i] - got[i]));
	} else {
		fprintf(stderr, "engine: %s\n", err);
	}
	engine_close(e);
	free(got);
	return worst;
}

/* An engine open that must fail with msg in the error. */
static void refused(const char *path, const char *msg)
{
	struct engine_params p;
	engine_params_default(&p);
	p.model_path = path;
	struct engine *e = NULL;
	int rc = engine_open(&p, &e, err, sizeof(err));
	CHECK_MSG(rc != 0 && strstr(err, msg), "%s: expected a refusal naming '%s', got %s", path, msg,
		  rc ? err : "success");
	engine_close(e);
}

/* ================= qwen35 ================= */

struct q35 {
	int D, L, H, HKV, HD, rot, F, V, K, d, nk, nv, interval;
	int sec[4];
	float base;
	/* pieces the reference leaves out */
	int no_conv, no_l2, no_decay, no_gate, no_zgate, interleave, no_qk_norm;
};

static int write_q35(const char *path, const struct q35 *c, const char *drop, const char *odd_key, int64_t odd_val)
{
	struct wr W = { .w = gguf_writer_new(), .drop = drop };
	char key[96];
#define KEY(s) (snprintf(key, sizeof(key), "qwen35.%s", s), key)
#define U32(s, v) (odd_key && !strcmp(odd_key, s) ? (odd_val >= 0 ? gguf_writer_add_u32(W.w, KEY(s), (uint32_t)odd_val) : 0) \
						   : gguf_writer_add_u32(W.w, KEY(s), (uint32_t)(v)))
	W.rc |= gguf_writer_add_str(W.w, "general.architecture", "qwen35");
	W.rc |= U32("context_length", 64) | U32("embedding_length", c->D) | U32("block_count", c->L) |
		U32("feed_forward_length", c->F) | U32("attention.head_count", c->H) |
		U32("attention.head_count_kv", c->HKV) | U32("attention.key_length", c->HD) |
		U32("attention.value_length", c->HD) | U32("rope.dimension_count", c->rot) |
		U32("ssm.conv_kernel", c->K) | U32("ssm.state_size", c->d) | U32("ssm.group_count", c->nk) |
		U32("ssm.time_step_rank", c->nv) | U32("ssm.inner_size", c->nv * c->d) |
		U32("full_attention_interval", c->interval);
	if (odd_key && !strcmp(odd_key, "nextn_predict_layers"))
		W.rc |= gguf_writer_add_u32(W.w, KEY("nextn_predict_layers"), (uint32_t)odd_val);
	W.rc |= gguf_writer_add_f32(W.w, KEY("rope.freq_base"), c->base);
	W.rc |= gguf_writer_add_f32(W.w, KEY("attention.layer_norm_rms_epsilon"), (float)EPS);
	if (!(odd_key && !strcmp(odd_key, "rope.dimension_sections")))
		W.rc |= gguf_writer_add_arr(W.w, KEY("rope.dimension_sections"), GGUF_VTYPE_I32, c->sec, 4);
#undef U32
#undef KEY
	int QD = c->H * c->HD, KVD = c->HKV * c->HD, kd = c->nk * c->d, vd = c->nv * c->d, C = 2 * kd + vd;
	add_t(&W, "token_embd.weight", c->D, c->V, 2, 0, NULL);
	add_t(&W, "output_norm.weight", c->D, 1, 0.2f, 1, NULL);
	for (int l = 0; l < c->L; l++) {
		char n[96];
#define T(s, cols, rows, sc, off) (snprintf(n, sizeof(n), "blk.%d.%s", l, s), add_t(&W, n, cols, rows, sc, off, NULL))
		T("attn_norm.weight", c->D, 1, 0.2f, 1);
		T("post_attention_norm.weight", c->D, 1, 0.2f, 1);
		if ((l + 1) % c->interval == 0) {
			T("attn_q.weight", c->D, 2 * QD, 0.6f, 0);
			T("attn_k.weight", c->D, KVD, 0.6f, 0);
			T("attn_v.weight", c->D, KVD, 0.6f, 0);
			T("attn_output.weight", QD, c->D, 0.3f, 0);
			T("attn_q_norm.weight", c->HD, 1, 0.5f, 1);
			T("attn_k_norm.weight", c->HD, 1, 0.5f, 1);
		} else {
			T("attn_qkv.weight", c->D, C, 0.8f, 0);
			T("attn_gate.weight", c->D, vd, 0.8f, 0);
			T("ssm_beta.weight", c->D, c->nv, 0.8f, 0);
			T("ssm_alpha.weight", c->D, c->nv, 0.8f, 0);
			T("ssm_conv1d.weight", c->K, C, 1.2f, 0.1f);
			T("ssm_dt.bias", c->nv, 1, 1.0f, 0.5f);
			T("ssm_a", c->nv, 1, 1.0f, -1.0f);
			T("ssm_norm.weight", c->d, 1, 0.3f, 1);
			T("ssm_out.weight", vd, c->D, 0.4f, 0);
		}
		T("ffn_gate.weight", c->D, c->F, 0.5f, 0);
		T("ffn_up.weight", c->D, c->F, 0.5f, 0);
		T("ffn_down.weight", c->F, c->D, 0.3f, 0);
#undef T
	}
	return finish(&W, path);
}

/* The written-out qwen35 pass over n tokens: the last token's logits. */
static int ref_q35(const char *path, const struct q35 *c, const int32_t *toks, int n, float *logits)
{
	struct gguf_ctx *g;
	if (gguf_open(path, &g, err, sizeof(err)))
		return -1;
	int D = c->D, QD = c->H * c->HD, KVD = c->HKV * c->HD, d = c->d, kd = c->nk * d, vd = c->nv * d;
	int C = 2 * kd + vd, K = c->K, HD = c->HD;
	double *x = calloc((size_t)D, 8), *n1 = calloc((size_t)D, 8), *qg = calloc((size_t)2 * QD, 8);
	double *q = calloc((size_t)QD, 8), *o = calloc((size_t)(QD > vd ? QD : vd), 8), *y = calloc((size_t)D, 8);
	double *kc = calloc((size_t)c->L * n * KVD, 8), *vc = calloc((size_t)c->L * n * KVD, 8);
	double *hist = calloc((size_t)c->L * n * C, 8), *u = calloc((size_t)C, 8), *z = calloc((size_t)vd, 8);
	double *S = calloc((size_t)c->L * c->nv * d * d, 8), *bt = calloc((size_t)c->nv, 8), *al = calloc((size_t)c->nv, 8);
	double *gt = calloc((size_t)c->F, 8), *up = calloc((size_t)c->F, 8), *f = calloc((size_t)c->rot, 8);
	/* IM-RoPE for text: pairs whose sector is in no t/h/w section stay put */
	int sd = c->sec[0] + c->sec[1] + c->sec[2] + c->sec[3];
	for (int i = 0; i < c->rot / 2; i++) {
		int s = i % sd;
		int in = (s % 3 == 1 && s < 3 * c->sec[1]) || (s % 3 == 2 && s < 3 * c->sec[2]) ||
			 (s % 3 == 0 && s < 3 * c->sec[0]);
		f[i] = in ? pow(c->base, -2.0 * i / c->rot) : 0;
	}
	const float *emb = tf(g, -1, "token_embd.weight");
	int ok = emb != NULL;
	for (int t = 0; ok && t < n; t++) {
		for (int i = 0; i < D; i++)
			x[i] = emb[(size_t)toks[t] * D + i];
		for (int l = 0; l < c->L; l++) {
			rms(n1, x, tf(g, l, "attn_norm.weight"), D);
			if ((l + 1) % c->interval == 0) {
				double *k = kc + ((size_t)l * n + t) * KVD, *v = vc + ((size_t)l * n + t) * KVD;
				mv(tf(g, l, "attn_q.weight"), 2 * QD, D, n1, qg);
				mv(tf(g, l, "attn_k.weight"), KVD, D, n1, k);
				mv(tf(g, l, "attn_v.weight"), KVD, D, n1, v);
				for (int h = 0; h < c->H; h++) {
					memcpy(q + h * HD, qg + 2 * h * HD, (size_t)HD * 8);
					if (!c->no_qk_norm)
						rms(q + h * HD, q + h * HD, tf(g, l, "attn_q_norm.weight"), HD);
					rot_head(q + h * HD, c->rot, f, t);
				}
				for (int h = 0; h < c->HKV; h++) {
					if (!c->no_qk_norm)
						rms(k + h * HD, k + h * HD, tf(g, l, "attn_k_norm.weight"), HD);
					rot_head(k + h * HD, c->rot, f, t);
				}
				for (int h = 0; h < c->H; h++) {
					size_t off = (size_t)(h / (c->H / c->HKV)) * HD;
					attend(q + h * HD, kc + (size_t)l * n * KVD, vc + (size_t)l * n * KVD, (size_t)KVD, off,
					       0, t, HD, 1.0 / sqrt(HD), o + h * HD);
					for (int i = 0; i < HD && !c->no_gate; i++)
						o[h * HD + i] *= sigm(qg[2 * h * HD + HD + i]);
				}
				double *ov = o; /* attn_output is QD wide */
				const float *wo = tf(g, l, "attn_output.weight");
				for (int r = 0; r < D; r++) {
					double s = 0;
					for (int i = 0; i < QD; i++)
						s += (double)wo[(size_t)r * QD + i] * ov[i];
					y[r] = s;
				}
			} else {
				double *raw = hist + ((size_t)l * n + t) * C;
				mv(tf(g, l, "attn_qkv.weight"), C, D, n1, raw);
				mv(tf(g, l, "attn_gate.weight"), vd, D, n1, z);
				mv(tf(g, l, "ssm_beta.weight"), c->nv, D, n1, bt);
				mv(tf(g, l, "ssm_alpha.weight"), c->nv, D, n1, al);
				const float *w = tf(g, l, "ssm_conv1d.weight"), *dt = tf(g, l, "ssm_dt.bias"), *A = tf(g, l, "ssm_a");
				for (int ch = 0; ch < C; ch++) {
					double s = 0;
					for (int k = 0; k < K; k++) {
						int tt = t - (K - 1) + k;
						if (tt >= 0 && (!c->no_conv || k == K - 1))
							s += w[(size_t)ch * K + k] * hist[((size_t)l * n + tt) * C + ch];
					}
					u[ch] = silu(s);
				}
				for (int hh = 0; hh < 2 * c->nk && !c->no_l2; hh++) {
					double ss = 0;
					for (int i = 0; i < d; i++)
						ss += u[hh * d + i] * u[hh * d + i];
					double sc = 1.0 / fmax(sqrt(ss), EPS);
					for (int i = 0; i < d; i++)
						u[hh * d + i] *= sc;
				}
				for (int h = 0; h < c->nv; h++) {
					int kh = c->interleave ? h / (c->nv / c->nk) : h % c->nk;
					const double *qq = u + kh * d, *kk = u + kd + kh * d, *vv = u + 2 * kd + h * d;
					double *Sh = S + ((size_t)l * c->nv + h) * d * d;
					double gg = log1p(exp(al[h] + dt[h])) * A[h], b = sigm(bt[h]);
					double decay = c->no_decay ? 1.0 : exp(gg);
					for (int r = 0; r < d; r++) {
						double sk = 0;
						for (int i = 0; i < d; i++)
							sk += (Sh[r * d + i] *= decay) * kk[i];
						double dr = (vv[r] - sk) * b, oq = 0;
						for (int i = 0; i < d; i++) {
							Sh[r * d + i] += dr * kk[i];
							oq += Sh[r * d + i] * qq[i] / sqrt(d);
						}
						o[h * d + r] = oq;
					}
					rms(o + h * d, o + h * d, tf(g, l, "ssm_norm.weight"), d);
					for (int r = 0; r < d && !c->no_zgate; r++)
						o[h * d + r] *= silu(z[h * d + r]);
				}
				const float *wo = tf(g, l, "ssm_out.weight");
				for (int r = 0; r < D; r++) {
					double s = 0;
					for (int i = 0; i < vd; i++)
						s += (double)wo[(size_t)r * vd + i] * o[i];
					y[r] = s;
				}
			}
			for (int i = 0; i < D; i++)
				x[i] += y[i];
			rms(n1, x, tf(g, l, "post_attention_norm.weight"), D);
			mv(tf(g, l, "ffn_gate.weight"), c->F, D, n1, gt);
			mv(tf(g, l, "ffn_up.weight"), c->F, D, n1, up);
			for (int i = 0; i < c->F; i++)
				gt[i] = silu(gt[i]) * up[i];
			mv(tf(g, l, "ffn_down.weight"), D, c->F, gt, y);
			for (int i = 0; i < D; i++)
				x[i] += y[i];
		}
	}
	if (ok) {
		rms(n1, x, tf(g, -1, "output_norm.weight"), D);
		double *lg = calloc((size_t)c->V, 8);
		mv(tf(g, -1, "output.weight") ? tf(g, -1, "output.weight") : emb, c->V, D, n1, lg);
		for (int i = 0; i < c->V; i++)
			logits[i] = (float)lg[i];
		free(lg);
	}
	free(x), free(n1), free(qg), free(q), free(o), free(y), free(kc), free(vc), free(hist), free(u), free(z);
	free(S), free(bt), free(al), free(gt), free(up), free(f);
	gguf_close(g);
	return ok ? 0 : -1;
}

static double q35_vs_ref(const char *path, const struct q35 *c, const int32_t *toks, int n, int split)
{
	float *want = calloc((size_t)c->V, 4);
	double d = ref_q35(path, c, toks, n, want) == 0 ? engine_diff(path, toks, n, split, want, c->V) : 1e9;
	free(want);
	return d;
}

/* Greedy generation of max tokens from prompt: the prompt tokens the
 * engine reused from its cache (-1 on failure). */
static int greedy_reuse(struct engine *e, const int32_t *prompt, int n, int max)
{
	struct engine_gen g;
	engine_gen_default(&g);
	g.temperature = 0;
	g.max_tokens = max;
	g.stop_at_eos = 0;
	struct engine_stats st;
	if (engine_generate(e, prompt, n, &g, NULL, NULL, &st, err, sizeof(err)))
		return -1;
	return st.n_reused;
}

static void test_qwen35(void)
{
	char p[512];
	snprintf(p, sizeof(p), "%s", tmp_path("qwen35.gguf"));
	/* 4 value heads over 2 key heads (the head mapping matters), heads of
	 * 16 with 8 rotated dims, gated attention on layers 1 and 3 */
	struct q35 c = { .D = 32, .L = 4, .H = 2, .HKV = 1, .HD = 16, .rot = 8, .F = 48, .V = 40, .K = 4, .d = 8,
			 .nk = 2, .nv = 4, .interval = 2, .sec = { 2, 1, 1, 0 }, .base = 10000.0f };
	CHECK(write_q35(p, &c, NULL, NULL, 0) == 0);
	int32_t toks[9] = { 3, 17, 39, 0, 22, 22, 8, 31, 5 };
	double dd = q35_vs_ref(p, &c, toks, 1, 0);
	CHECK_MSG(dd < 1e-3, "qwen35, 1 token: engine vs written-out pass differ by %g", dd);
	dd = q35_vs_ref(p, &c, toks, 9, 0);
	CHECK_MSG(dd < 1e-3, "qwen35, 9 tokens: engine vs written-out pass differ by %g", dd);
	dd = q35_vs_ref(p, &c, toks, 9, 5);
	CHECK_MSG(dd < 1e-3, "qwen35, 5 then 4 tokens (the state carried over): differ by %g", dd);
	/* each piece matters */
	struct q35 w[7];
	static const char *const pieces[7] = { "the short convolution", "the q/k L2 norms", "the decay",
		"the attention gate", "the output gate silu(z)", "value head h reading key head h mod n_k",
		"the q/k RMSNorms" };
	for (int i = 0; i < 7; i++)
		w[i] = c;
	w[0].no_conv = 1, w[1].no_l2 = 1, w[2].no_decay = 1, w[3].no_gate = 1, w[4].no_zgate = 1, w[5].interleave = 1,
	w[6].no_qk_norm = 1;
	for (int i = 0; i < 7; i++) {
		dd = q35_vs_ref(p, &w[i], toks, 9, 0);
		CHECK_MSG(dd > 1e-2 && dd < 1e9, "qwen35 without %s: the logits moved by only %g", pieces[i], dd);
	}
	/* the default interval (4: one attention layer in four) and a fourth
	 * M-RoPE section: its pairs do not rotate for text */
	struct q35 c4 = c;
	c4.interval = 4;
	c4.sec[0] = 1, c4.sec[1] = 1, c4.sec[2] = 0, c4.sec[3] = 2;
	c4.base = 100.0f; /* pairs 2 and 3 turn fast enough to matter */
	CHECK(write_q35(p, &c4, NULL, "full_attention_interval", -1) == 0);
	dd = q35_vs_ref(p, &c4, toks, 9, 0);
	CHECK_MSG(dd < 1e-3, "qwen35, default interval, sections 1/1/0/2: differ by %g", dd);
	struct q35 w4 = c4;
	w4.sec[2] = 1, w4.sec[3] = 0; /* the reference rotating every pair */
	dd = q35_vs_ref(p, &w4, toks, 9, 0);
	CHECK_MSG(dd > 1e-3 && dd < 1e9, "qwen35 with the fourth section rotated too: moved by only %g", dd);

	/* the state cannot be rewound; a new prompt sharing a prefix runs from
	 * the start, and gives what a fresh engine gives */
	CHECK(write_q35(p, &c, NULL, NULL, 0) == 0);
	struct engine_params ep;
	engine_params_default(&ep);
	ep.model_path = p;
	struct engine *e = NULL, *e2 = NULL;
	CHECK(engine_open(&ep, &e, err, sizeof(err)) == 0);
	CHECK(engine_open(&ep, &e2, err, sizeof(err)) == 0);
	if (e && e2) {
		float *a = calloc(40, 4), *b = calloc(40, 4);
		CHECK(engine_eval(e, toks, 6, 0, NULL, err, sizeof(err)) == 0);
		CHECK(engine_eval(e, toks, 2, 3, NULL, err, sizeof(err)) != 0 && strstr(err, "recurrent state"));
		int32_t pa[6] = { 3, 17, 39, 0, 22, 22 }, pb[6] = { 3, 17, 39, 9, 9, 1 };
		CHECK(greedy_reuse(e, pa, 6, 3) == 0);
		int reused = greedy_reuse(e, pb, 6, 3);
		CHECK_MSG(reused == 0, "qwen35 reused %d tokens of a diverging prefix", reused);
		CHECK(engine_eval(e, pb, 6, 0, a, err, sizeof(err)) == 0);
		CHECK(engine_eval(e2, pb, 6, 0, b, err, sizeof(err)) == 0);
		double m = 0;
		for (int i = 0; i < 40; i++)
			m = fmax(m, fabs(a[i] - b[i]));
		CHECK_MSG(m == 0, "qwen35 after other prompts vs fresh: differ by %g", m);
		free(a), free(b);
	}
	engine_close(e);
	engine_close(e2);

	/* hostile files, by name */
	CHECK(write_q35(p, &c, "blk.0.ssm_a", NULL, 0) == 0);
	refused(p, "blk.0.ssm_a");
	CHECK(write_q35(p, &c, "blk.1.attn_q.weight", NULL, 0) == 0);
	refused(p, "blk.1.attn_q.weight"); /* layer 1 is an attention layer */
	CHECK(write_q35(p, &c, "blk.2.attn_gate.weight", NULL, 0) == 0);
	refused(p, "blk.2.attn_gate.weight");
	CHECK(write_q35(p, &c, NULL, "ssm.inner_size", 33) == 0);
	refused(p, "ssm.inner_size");
	CHECK(write_q35(p, &c, NULL, "ssm.time_step_rank", 3) == 0);
	refused(p, "not a multiple");
	CHECK(write_q35(p, &c, NULL, "rope.dimension_sections", 0) == 0);
	refused(p, "qwen35.rope.dimension_sections");
	CHECK(write_q35(p, &c, NULL, "ssm.conv_kernel", 5) == 0);
	refused(p, "ssm_conv1d.weight");
	CHECK(write_q35(p, &c, NULL, "ssm.conv_kernel", 0) == 0);
	refused(p, "qwen35.ssm.conv_kernel");
	CHECK(write_q35(p, &c, NULL, "ssm.state_size", 1 << 20) == 0);
	refused(p, "qwen35.ssm.state_size");
	CHECK(write_q35(p, &c, NULL, "nextn_predict_layers", 4) == 0);
	refused(p, "qwen35.nextn_predict_layers");
	/* a prediction block appended after the trunk is not run: the same
	 * logits as the trunk alone (layer 3, written, is that block here) */
	struct q35 c3 = c;
	c3.L = 3;
	CHECK(write_q35(p, &c, NULL, "nextn_predict_layers", 1) == 0);
	dd = q35_vs_ref(p, &c3, toks, 9, 0);
	CHECK_MSG(dd < 1e-3, "qwen35 with one prediction block: differs from the 3-layer trunk by %g", dd);
}

/* ================= gemma4 ================= */

#define G4L 5
struct g4 {
	int D, L, V, hd, hd_swa, rot, rot_swa, P, window, shared;
	int H[G4L], KV[G4L], FF[G4L], swa[G4L], has_v[G4L];
	float oscale[G4L]; /* 0: no layer_output_scale */
	float base, base_swa, cap;
	const float *factors; /* rope_freqs.weight, hd / 2 */
	/* pieces the reference leaves out or changes */
	int no_emb_scale, no_pl, no_vnorm, no_oscale, no_factors, no_window, src_shift, no_post_norms;
	/* src_shift: local shared layers read layer 0's cache, not n_kv - 2's */
};

/* write_g4 adds a Gemma 4 vocabulary of c->V tokens when set: <pad>
 * <eos> <bos> <turn|> (control), then plain pieces. */
static int g4_vocab;

static int write_g4(const char *path, const struct g4 *c, const char *drop, const char *odd)
{
	struct wr W = { .w = gguf_writer_new(), .drop = drop };
	char key[96];
#define KEY(s) (snprintf(key, sizeof(key), "gemma4.%s", s), key)
	struct gguf_writer *w = W.w;
	W.rc |= gguf_writer_add_str(w, "general.architecture", "gemma4");
	W.rc |= gguf_writer_add_u32(w, KEY("context_length"), 64);
	W.rc |= gguf_writer_add_u32(w, KEY("embedding_length"), (uint32_t)c->D);
	W.rc |= gguf_writer_add_u32(w, KEY("block_count"), (uint32_t)c->L);
	W.rc |= gguf_writer_add_arr(w, KEY("feed_forward_length"), GGUF_VTYPE_I32, c->FF, (uint64_t)c->L);
	W.rc |= gguf_writer_add_arr(w, KEY("attention.head_count"), GGUF_VTYPE_I32, c->H, (uint64_t)c->L);
	W.rc |= gguf_writer_add_arr(w, KEY("attention.head_count_kv"), GGUF_VTYPE_I32, c->KV, (uint64_t)c->L);
	W.rc |= gguf_writer_add_u32(w, KEY("attention.key_length"), (uint32_t)c->hd);
	W.rc |= gguf_writer_add_u32(w, KEY("attention.value_length"), (uint32_t)c->hd);
	W.rc |= gguf_writer_add_u32(w, KEY("attention.key_length_swa"), (uint32_t)c->hd_swa);
	W.rc |= gguf_writer_add_u32(w, KEY("attention.value_length_swa"), (uint32_t)c->hd_swa);
	W.rc |= gguf_writer_add_u32(w, KEY("rope.dimension_count"), (uint32_t)c->rot);
	W.rc |= gguf_writer_add_u32(w, KEY("rope.dimension_count_swa"), (uint32_t)c->rot_swa);
	W.rc |= gguf_writer_add_f32(w, KEY("rope.freq_base"), c->base);
	W.rc |= gguf_writer_add_f32(w, KEY("rope.freq_base_swa"), c->base_swa);
	W.rc |= gguf_writer_add_u32(w, KEY("attention.sliding_window"), (uint32_t)c->window);
	uint8_t pat[G4L + 1];
	for (int l = 0; l < c->L; l++)
		pat[l] = (uint8_t)c->swa[l];
	pat[c->L] = 0;
	W.rc |= gguf_writer_add_arr(w, KEY("attention.sliding_window_pattern"), GGUF_VTYPE_BOOL, pat,
				    (uint64_t)c->L + (odd && !strcmp(odd, "pattern") ? 1 : 0));
	W.rc |= gguf_writer_add_u32(w, KEY("attention.shared_kv_layers"), (uint32_t)c->shared);
	W.rc |= gguf_writer_add_u32(w, KEY("embedding_length_per_layer_input"), (uint32_t)c->P);
	W.rc |= gguf_writer_add_f32(w, KEY("attention.layer_norm_rms_epsilon"), (float)EPS);
	if (c->cap > 0)
		W.rc |= gguf_writer_add_f32(w, KEY("final_logit_softcapping"), c->cap);
	if (g4_vocab) {
		static char store[64][8];
		const char *toks[64];
		int32_t types[64];
		for (int i = 0; i < c->V && i < 64; i++) {
			static const char *const sp[4] = { "<pad>", "<eos>", "<bos>", "<turn|>" };
			snprintf(store[i], sizeof(store[i]), "%c", 'a' + i % 26);
			if (i >= 30)
				snprintf(store[i], sizeof(store[i]), "%c%c", 'a' + i % 26, 'a' + i / 26);
			toks[i] = i < 4 ? sp[i] : store[i];
			types[i] = i < 4 ? 3 : 1;
		}
		static const char *const merges[1] = { "x y" };
		W.rc |= gguf_writer_add_str(w, "tokenizer.ggml.model", "gemma4");
		W.rc |= gguf_writer_add_arr_str(w, "tokenizer.ggml.tokens", toks, NULL, (uint64_t)c->V);
		W.rc |= gguf_writer_add_arr(w, "tokenizer.ggml.token_type", GGUF_VTYPE_I32, types, (uint64_t)c->V);
		W.rc |= gguf_writer_add_arr_str(w, "tokenizer.ggml.merges", merges, NULL, 1);
		W.rc |= gguf_writer_add_u32(w, "tokenizer.ggml.bos_token_id", 2);
		W.rc |= gguf_writer_add_u32(w, "tokenizer.ggml.eos_token_id", 1);
		W.rc |= gguf_writer_add_bool(w, "tokenizer.ggml.add_bos_token", 0);
	}
#undef KEY
	add_t(&W, "token_embd.weight", c->D, c->V, 2, 0, NULL);
	add_t(&W, "output_norm.weight", c->D, 1, 0.2f, 1, NULL);
	if (c->factors)
		add_t(&W, "rope_freqs.weight", c->hd / 2, 1, 0, 0, c->factors);
	if (c->P) {
		add_t(&W, "per_layer_token_embd.weight", (int64_t)c->P * c->L, c->V, 1.5f, 0, NULL);
		add_t(&W, "per_layer_model_proj.weight", c->D, (int64_t)c->P * c->L, 0.6f, 0, NULL);
		add_t(&W, "per_layer_proj_norm.weight", c->P, 1, 0.3f, 1, NULL);
	}
	int n_kv = c->L - c->shared;
	for (int l = 0; l < c->L; l++) {
		char n[96];
		int hd = c->swa[l] ? c->hd_swa : c->hd, QD = c->H[l] * hd, KVD = c->KV[l] * hd;
#define T(s, cols, rows, sc, off) (snprintf(n, sizeof(n), "blk.%d.%s", l, s), add_t(&W, n, cols, rows, sc, off, NULL))
		T("attn_norm.weight", c->D, 1, 0.2f, 1);
		T("attn_q.weight", c->D, QD, 0.6f, 0);
		T("attn_q_norm.weight", hd, 1, 0.5f, 1);
		if (l < n_kv) {
			T("attn_k.weight", c->D, KVD, 0.6f, 0);
			T("attn_k_norm.weight", hd, 1, 0.5f, 1);
			if (c->has_v[l])
				T("attn_v.weight", c->D, KVD, 0.6f, 0);
		}
		T("attn_output.weight", QD, c->D, 0.3f, 0);
		T("post_attention_norm.weight", c->D, 1, 0.4f, 1);
		T("ffn_norm.weight", c->D, 1, 0.2f, 1);
		T("ffn_gate.weight", c->D, c->FF[l], 0.5f, 0);
		T("ffn_up.weight", c->D, c->FF[l], 0.5f, 0);
		T("ffn_down.weight", c->FF[l], c->D, 0.3f, 0);
		T("post_ffw_norm.weight", c->D, 1, 0.4f, 1);
		if (c->oscale[l] != 0) {
			snprintf(n, sizeof(n), "blk.%d.layer_output_scale.weight", l);
			add_t(&W, n, 1, 1, 0, 0, &c->oscale[l]);
		}
		if (c->P) {
			T("inp_gate.weight", c->D, c->P, 0.6f, 0);
			T("proj.weight", c->P, c->D, 0.6f, 0);
			T("post_norm.weight", c->D, 1, 0.3f, 1);
		}
		if (odd && !strcmp(odd, "moe") && l == 1)
			T("ffn_gate_inp.weight", c->D, 4, 0.5f, 0);
#undef T
	}
	return finish(&W, path);
}

static int ref_g4(const char *path, const struct g4 *c, const int32_t *toks, int n, float *logits)
{
	struct gguf_ctx *g;
	if (gguf_open(path, &g, err, sizeof(err)))
		return -1;
	int D = c->D, L = c->L, P = c->P, n_kv = c->L - c->shared, maxq = 0, maxff = 0;
	for (int l = 0; l < L; l++) {
		int hd = c->swa[l] ? c->hd_swa : c->hd;
		maxq = c->H[l] * hd > maxq ? c->H[l] * hd : maxq;
		maxff = c->FF[l] > maxff ? c->FF[l] : maxff;
	}
	size_t st = (size_t)maxq; /* cache row stride per layer and position */
	double *x = calloc((size_t)D, 8), *n1 = calloc((size_t)D, 8), *q = calloc((size_t)maxq, 8), *o = calloc((size_t)maxq, 8);
	double *kc = calloc((size_t)L * n * st, 8), *vc = calloc((size_t)L * n * st, 8), *y = calloc((size_t)D, 8);
	double *gt = calloc((size_t)maxff, 8), *up = calloc((size_t)maxff, 8), *pl = calloc((size_t)L * (P + 1), 8);
	double *pg = calloc((size_t)P + 1, 8), *fs = calloc((size_t)c->rot_swa, 8), *ff = calloc((size_t)c->rot, 8);
	for (int i = 0; i < c->rot_swa / 2; i++)
		fs[i] = pow(c->base_swa, -2.0 * i / c->rot_swa);
	for (int i = 0; i < c->rot / 2; i++)
		ff[i] = pow(c->base, -2.0 * i / c->rot) / (c->factors && !c->no_factors ? c->factors[i] : 1.0);
	const float *emb = tf(g, -1, "token_embd.weight");
	int ok = emb != NULL;
	for (int t = 0; ok && t < n; t++) {
		for (int i = 0; i < D; i++)
			x[i] = emb[(size_t)toks[t] * D + i] * (c->no_emb_scale ? 1.0 : sqrt((double)D));
		if (P) {
			const float *pe = tf(g, -1, "per_layer_token_embd.weight");
			double *proj = calloc((size_t)P * L, 8);
			mv(tf(g, -1, "per_layer_model_proj.weight"), P * L, D, x, proj);
			for (int l = 0; l < L; l++) {
				for (int i = 0; i < P; i++)
					proj[l * P + i] /= sqrt((double)D);
				rms(proj + l * P, proj + l * P, tf(g, -1, "per_layer_proj_norm.weight"), P);
				for (int i = 0; i < P; i++)
					pl[l * P + i] = (proj[l * P + i] + pe[(size_t)toks[t] * P * L + l * P + i] * sqrt((double)P)) /
							sqrt(2.0);
			}
			free(proj);
		}
		for (int l = 0; l < L; l++) {
			int hd = c->swa[l] ? c->hd_swa : c->hd, rot = c->swa[l] ? c->rot_swa : c->rot, QD = c->H[l] * hd;
			const double *f = c->swa[l] ? fs : ff;
			rms(n1, x, tf(g, l, "attn_norm.weight"), D);
			mv(tf(g, l, "attn_q.weight"), QD, D, n1, q);
			for (int h = 0; h < c->H[l]; h++) {
				rms(q + h * hd, q + h * hd, tf(g, l, "attn_q_norm.weight"), hd);
				rot_head(q + h * hd, rot, f, t);
			}
			if (l < n_kv) {
				int KVD = c->KV[l] * hd;
				double *k = kc + ((size_t)l * n + t) * st, *v = vc + ((size_t)l * n + t) * st;
				mv(tf(g, l, "attn_k.weight"), KVD, D, n1, k);
				if (c->has_v[l])
					mv(tf(g, l, "attn_v.weight"), KVD, D, n1, v);
				else
					memcpy(v, k, (size_t)KVD * 8);
				for (int h = 0; h < c->KV[l]; h++) {
					rms(k + h * hd, k + h * hd, tf(g, l, "attn_k_norm.weight"), hd);
					if (!c->no_vnorm)
						rms(v + h * hd, v + h * hd, NULL, hd);
					rot_head(k + h * hd, rot, f, t);
				}
			}
			/* src_shift: the local shared layers read layer 0 instead */
			int src = l < n_kv ? l : c->swa[l] && c->src_shift ? 0 : n_kv - (c->swa[l] ? 2 : 1);
			int s0 = c->swa[l] && !c->no_window && t >= c->window ? t - c->window + 1 : 0;
			for (int h = 0; h < c->H[l]; h++)
				attend(q + h * hd, kc + (size_t)src * n * st, vc + (size_t)src * n * st, st,
				       (size_t)(h / (c->H[l] / c->KV[l])) * hd, s0, t, hd, 1.0, o + h * hd);
			const float *wo = tf(g, l, "attn_output.weight");
			for (int r = 0; r < D; r++) {
				double s = 0;
				for (int i = 0; i < QD; i++)
					s += (double)wo[(size_t)r * QD + i] * o[i];
				y[r] = s;
			}
			if (!c->no_post_norms)
				rms(y, y, tf(g, l, "post_attention_norm.weight"), D);
			for (int i = 0; i < D; i++)
				x[i] += y[i];
			rms(n1, x, tf(g, l, "ffn_norm.weight"), D);
			mv(tf(g, l, "ffn_gate.weight"), c->FF[l], D, n1, gt);
			mv(tf(g, l, "ffn_up.weight"), c->FF[l], D, n1, up);
			for (int i = 0; i < c->FF[l]; i++)
				gt[i] = gelu(gt[i]) * up[i];
			const float *wd = tf(g, l, "ffn_down.weight");
			for (int r = 0; r < D; r++) {
				double s = 0;
				for (int i = 0; i < c->FF[l]; i++)
					s += (double)wd[(size_t)r * c->FF[l] + i] * gt[i];
				y[r] = s;
			}
			if (!c->no_post_norms)
				rms(y, y, tf(g, l, "post_ffw_norm.weight"), D);
			for (int i = 0; i < D; i++)
				x[i] += y[i];
			if (P && !c->no_pl) {
				mv(tf(g, l, "inp_gate.weight"), P, D, x, pg);
				for (int i = 0; i < P; i++)
					pg[i] = gelu(pg[i]) * pl[l * P + i];
				const float *wp = tf(g, l, "proj.weight");
				for (int r = 0; r < D; r++) {
					double s = 0;
					for (int i = 0; i < P; i++)
						s += (double)wp[(size_t)r * P + i] * pg[i];
					y[r] = s;
				}
				rms(y, y, tf(g, l, "post_norm.weight"), D);
				for (int i = 0; i < D; i++)
					x[i] += y[i];
			}
			if (c->oscale[l] != 0 && !c->no_oscale)
				for (int i = 0; i < D; i++)
					x[i] *= c->oscale[l];
		}
	}
	if (ok) {
		rms(n1, x, tf(g, -1, "output_norm.weight"), D);
		double *lg = calloc((size_t)c->V, 8);
		mv(emb, c->V, D, n1, lg);
		for (int i = 0; i < c->V; i++)
			logits[i] = (float)(c->cap > 0 ? c->cap * tanh(lg[i] / c->cap) : lg[i]);
		free(lg);
	}
	free(x), free(n1), free(q), free(o), free(kc), free(vc), free(y), free(gt), free(up), free(pl), free(pg);
	free(fs), free(ff);
	gguf_close(g);
	return ok ? 0 : -1;
}

static double g4_vs_ref(const char *path, const struct g4 *c, const int32_t *toks, int n, int split)
{
	float *want = calloc((size_t)c->V, 4);
	double d = ref_g4(path, c, toks, n, want) == 0 ? engine_diff(path, toks, n, split, want, c->V) : 1e9;
	free(want);
	return d;
}

static void test_gemma4(void)
{
	char p[512];
	snprintf(p, sizeof(p), "%s", tmp_path("gemma4.gguf"));
	static const float factors[8] = { 1.0f, 1.0f, 1.5f, 4.0f, 1e30f, 1e30f, 1e30f, 1e30f };
	/* local, local, global, local, global; the last two share the KV of
	 * layers 1 (local) and 2 (global); local heads of 8, global of 16;
	 * the shared layers' FFN twice as wide; layer 0 has no attn_v */
	struct g4 c = { .D = 32, .L = 5, .V = 40, .hd = 16, .hd_swa = 8, .rot = 16, .rot_swa = 8, .P = 4,
			.window = 3, .shared = 2, .H = { 4, 4, 2, 4, 2 }, .KV = { 2, 2, 1, 2, 1 },
			.FF = { 48, 48, 48, 96, 96 }, .swa = { 1, 1, 0, 1, 0 }, .has_v = { 0, 1, 1, 1, 1 },
			.oscale = { 0.7f, 0, 1.3f, 0, 0.9f }, .base = 1000000.0f, .base_swa = 10000.0f, .cap = 5.0f,
			.factors = factors };
	CHECK(write_g4(p, &c, NULL, NULL) == 0);
	int32_t toks[9] = { 3, 17, 39, 0, 22, 22, 8, 31, 5 };
	double dd = g4_vs_ref(p, &c, toks, 1, 0);
	CHECK_MSG(dd < 1e-3, "gemma4, 1 token: engine vs written-out pass differ by %g", dd);
	dd = g4_vs_ref(p, &c, toks, 9, 0);
	CHECK_MSG(dd < 1e-3, "gemma4, 9 tokens: engine vs written-out pass differ by %g", dd);
	dd = g4_vs_ref(p, &c, toks, 9, 4);
	CHECK_MSG(dd < 1e-3, "gemma4, 4 then 5 tokens: differ by %g", dd);
	struct g4 w[8];
	static const char *const pieces[8] = { "the embedding scale", "the per-layer inputs", "the v norm",
		"the layer output scale", "the proportional RoPE factors", "the sliding window",
		"the KV shared from layers n-2 / n-1", "the post-norms" };
	for (int i = 0; i < 8; i++)
		w[i] = c;
	w[0].no_emb_scale = 1, w[1].no_pl = 1, w[2].no_vnorm = 1, w[3].no_oscale = 1, w[4].no_factors = 1;
	w[5].no_window = 1, w[6].src_shift = 1, w[7].no_post_norms = 1;
	for (int i = 0; i < 8; i++) {
		dd = g4_vs_ref(p, &w[i], toks, 9, 0);
		CHECK_MSG(dd > 1e-2 && dd < 1e9, "gemma4 without %s: the logits moved by only %g", pieces[i], dd);
	}
	/* no per-layer inputs, no sharing, no soft-cap: the plain variant */
	struct g4 c2 = c;
	c2.P = 0, c2.shared = 0, c2.cap = 0, c2.factors = NULL;
	CHECK(write_g4(p, &c2, NULL, NULL) == 0);
	dd = g4_vs_ref(p, &c2, toks, 9, 0);
	CHECK_MSG(dd < 1e-3, "gemma4 without per-layer inputs or sharing: differ by %g", dd);

	/* with its vocabulary: BOS always, generation ends at <turn|> */
	g4_vocab = 1;
	CHECK(write_g4(p, &c, NULL, NULL) == 0);
	g4_vocab = 0;
	struct engine_params ep;
	engine_params_default(&ep);
	ep.model_path = p;
	struct engine *e = NULL;
	CHECK_MSG(engine_open(&ep, &e, err, sizeof(err)) == 0, "%s", err);
	if (e) {
		int32_t ids[8];
		CHECK(engine_tokenize(e, "e f", 3, 1, ids, 8, err, sizeof(err)) == 3 && ids[0] == 2);
		CHECK(engine_is_eog(e, 3) && engine_is_eog(e, 1) && !engine_is_eog(e, 2));
		engine_close(e);
	}

	/* hostile files, by name */
	CHECK(write_g4(p, &c, "per_layer_token_embd.weight", NULL) == 0);
	refused(p, "per_layer_token_embd.weight");
	CHECK(write_g4(p, &c, "blk.2.attn_k_norm.weight", NULL) == 0);
	refused(p, "blk.2.attn_k_norm.weight");
	CHECK(write_g4(p, &c, NULL, "pattern") == 0);
	refused(p, "gemma4.attention.sliding_window_pattern");
	CHECK(write_g4(p, &c, NULL, "moe") == 0);
	refused(p, "mixture-of-experts");
	struct g4 bad = c;
	bad.swa[1] = 0; /* layer 3 (local) would share layer 1's cache, now global */
	bad.H[1] = 2, bad.KV[1] = 1;
	CHECK(write_g4(p, &bad, NULL, NULL) == 0);
	refused(p, "shares the KV cache of layer 1");
	bad = c;
	bad.shared = 4; /* layer 1 would read layer -1 */
	CHECK(write_g4(p, &bad, NULL, NULL) == 0);
	refused(p, "shares the KV cache of layer");
	static const float neg[8] = { 1, -1, 1, 1, 1, 1, 1, 1 };
	bad = c;
	bad.factors = neg;
	CHECK(write_g4(p, &bad, NULL, NULL) == 0);
	refused(p, "rope_freqs.weight[1]");
}

/* The last token's logits of toks with the engine as the environment has
 * it; 0 on success. */
static int run_logits(const char *path, const int32_t *toks, int n, float *out)
{
	struct engine_params p;
	engine_params_default(&p);
	p.model_path = path;
	p.n_threads = 2;
	struct engine *e = NULL;
	int rc = engine_open(&p, &e, err, sizeof(err)) || engine_eval(e, toks, n, 0, out, err, sizeof(err));
	engine_close(e);
	return rc;
}

/* Q8_0 and Q4_0 weights: the repacked eight-row kernels give the logits the
 * plain ones give (LLM_ENGINE_REPACK=0), in both architectures, at 1 token
 * and at 9 (the prompt tiles), up to the kernels' rounding. */
static void test_repacked(void)
{
	char p[512];
	snprintf(p, sizeof(p), "%s", tmp_path("repack.gguf"));
	struct q35 c = { .D = 32, .L = 4, .H = 2, .HKV = 1, .HD = 16, .rot = 8, .F = 64, .V = 40, .K = 4, .d = 8,
			 .nk = 2, .nv = 4, .interval = 2, .sec = { 2, 1, 1, 0 }, .base = 10000.0f };
	struct g4 g = { .D = 32, .L = 5, .V = 40, .hd = 16, .hd_swa = 8, .rot = 16, .rot_swa = 8, .P = 32,
			.window = 3, .shared = 2, .H = { 4, 4, 2, 4, 2 }, .KV = { 2, 2, 1, 2, 1 },
			.FF = { 64, 64, 64, 96, 96 }, .swa = { 1, 1, 0, 1, 0 }, .has_v = { 0, 1, 1, 1, 1 },
			.base = 1000000.0f, .base_swa = 10000.0f, .cap = 5.0f };
	static const uint32_t types[2] = { QUANT_TYPE_Q8_0, QUANT_TYPE_Q4_0 };
	int32_t toks[9] = { 3, 17, 39, 0, 22, 22, 8, 31, 5 };
	float a[40], b[40];
	for (int arch = 0; arch < 2; arch++)
		for (int ti = 0; ti < 2; ti++) {
			wtype = types[ti];
			CHECK(arch ? write_g4(p, &g, NULL, NULL) == 0 : write_q35(p, &c, NULL, NULL, 0) == 0);
			wtype = QUANT_TYPE_F32;
			for (int n = 1; n <= 9; n += 8) {
				int ok = run_logits(p, toks, n, a) == 0;
				setenv("LLM_ENGINE_REPACK", "0", 1);
				ok = ok && run_logits(p, toks, n, b) == 0;
				unsetenv("LLM_ENGINE_REPACK");
				/* the kernels add in other orders, and a last-bit
				 * difference can move an activation across an int8
				 * rounding step: compared as test_engine's repack
				 * test does, by relative RMS */
				double dd = 0, ss = 0;
				for (int i = 0; i < 40 && ok; i++)
					dd += (a[i] - b[i]) * (double)(a[i] - b[i]), ss += (double)a[i] * a[i];
				double d = ok && ss > 0 ? sqrt(dd / ss) : 1e9;
				CHECK_MSG(d <= 0.03, "%s %s, %d tokens: repacked logits %g relative RMS from the plain ones (%s)", arch ? "gemma4" : "qwen35",
					  quant_type_name(types[ti]), n, d, ok ? "" : err);
			}
		}
}

/* fuzz_model seeds: the small models above */
static void write_seeds(void)
{
	const char *sd = getenv("MODEL_SEED_DIR");
	if (!sd)
		return;
	char p[600];
	struct q35 c = { .D = 16, .L = 2, .H = 2, .HKV = 1, .HD = 8, .rot = 4, .F = 16, .V = 24, .K = 4, .d = 4,
			 .nk = 1, .nv = 2, .interval = 2, .sec = { 1, 1, 0, 0 }, .base = 10000.0f };
	snprintf(p, sizeof(p), "%s/qwen35", sd);
	CHECK(write_q35(p, &c, NULL, NULL, 0) == 0);
	struct g4 g = { .D = 16, .L = 3, .V = 24, .hd = 8, .hd_swa = 4, .rot = 8, .rot_swa = 4, .P = 2, .window = 2,
			.shared = 1, .H = { 2, 2, 2 }, .KV = { 1, 1, 1 }, .FF = { 16, 16, 32 }, .swa = { 1, 0, 0 },
			.has_v = { 1, 0, 1 }, .base = 1000000.0f, .base_swa = 10000.0f, .cap = 30.0f };
	snprintf(p, sizeof(p), "%s/gemma4", sd);
	CHECK(write_g4(p, &g, NULL, NULL) == 0);
	/* each seed loads and runs */
	static const char *const names[2] = { "qwen35", "gemma4" };
	int32_t toks[3] = { 0, 23, 12 };
	for (int i = 0; i < 2; i++) {
		snprintf(p, sizeof(p), "%s/%s", sd, names[i]);
		struct engine_params ep;
		engine_params_default(&ep);
		ep.model_path = p;
		struct engine *e = NULL;
		CHECK_MSG(engine_open(&ep, &e, err, sizeof(err)) == 0 && engine_eval(e, toks, 3, 0, NULL, err, sizeof(err)) == 0,
			  "seed %s: %s", names[i], err);
		engine_close(e);
	}
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/test_arch.XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_qwen35();
	test_gemma4();
	test_repacked();
	write_seeds();
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	UNIT_DONE();
}
