/*
 * test_engine: the engine end to end on real data.
 *  - tiny260k (testdata/models) converted to F32 GGUF reproduces llama2.c's
 *    float32 forward pass (testdata/engine/tiny260k.ref.*): 200 greedy ids
 *    per case exactly and the full logits of the first 8 steps, with the
 *    SIMD kernels, with the reference kernels, and with 1 or 2 threads;
 *  - Q8_0 and Q4_0 conversions stay within tolerances derived below;
 *  - the SentencePiece tokenizer reproduces testdata/engine/tokenizer-llama2.json
 *    with the Llama 2 vocabulary (testdata/models/llama2-tokenizer.bin);
 *  - the sampler's contracts; the engine's errors.
 * The JSON fixtures are read with a few strstr()s: their layout is fixed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/blocks.h"
#include "engine/engine.h"
#include "engine/gguf.h"
#include "engine/kernel.h"
#include "engine/llama2c.h"
#include "engine/quant.h"
#include "engine/sampler.h"
#include "engine/tok.h"
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

/* The int array after "key" at or after *cur; advances *cur past it. */
static int int_array(const char **cur, const char *key, int32_t *out, int max)
{
	char k[64];
	snprintf(k, sizeof(k), "\"%s\"", key);
	const char *p = strstr(*cur, k);
	if (!p)
		return -1;
	p = strchr(p, '[');
	int n = 0;
	for (p++; *p && *p != ']';) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p) {
			p++;
			continue;
		}
		if (n < max)
			out[n] = (int32_t)v;
		n++;
		p = end;
	}
	*cur = p;
	return n;
}

/* ---- tiny260k ---- */

#define NCASE 5
#define NSTEP 200
struct refcase {
	int32_t prompt[64];
	int np;
	int32_t greedy[NSTEP];
};
static struct refcase cases[NCASE];
static float *ref_logits; /* [case][8][512] */

static int load_ref(void)
{
	char *j = unit_read_file("testdata/engine/tiny260k.ref.json", NULL);
	size_t n;
	ref_logits = (float *)unit_read_file("testdata/engine/tiny260k.ref.logits8.f32", &n);
	if (!j || !ref_logits || n != NCASE * 8 * 512 * 4) {
		free(j);
		return -1;
	}
	const char *c = j;
	for (int i = 0; i < NCASE; i++) {
		cases[i].np = int_array(&c, "prompt_ids", cases[i].prompt, 64);
		int g = int_array(&c, "greedy_ids", cases[i].greedy, NSTEP);
		if (cases[i].np <= 0 || cases[i].np > 64 || g != NSTEP) {
			free(j);
			return -1;
		}
	}
	free(j);
	return 0;
}

struct collect {
	struct engine *e;
	int32_t ids[NSTEP];
	float logits[8][512];
	int n;
};

static int collect_cb(void *ud, int32_t id, const char *piece, size_t len)
{
	struct collect *c = ud;
	(void)piece;
	(void)len;
	if (c->n < 8)
		memcpy(c->logits[c->n], engine_logits(c->e), sizeof(c->logits[0]));
	if (c->n < NSTEP)
		c->ids[c->n] = id;
	c->n++;
	return 0;
}

/* Greedy generation of every case; returns the largest logit error of the
 * first 8 steps and counts id mismatches. */
static double run_cases(const char *model, int threads, int *mismatch)
{
	struct engine_params p;
	engine_params_default(&p);
	p.model_path = model;
	p.n_threads = threads;
	struct engine *e;
	*mismatch = -1;
	if (engine_open(&p, &e, err, sizeof(err))) {
		fprintf(stderr, "engine_open: %s\n", err);
		return 1e9;
	}
	struct engine_gen g;
	engine_gen_default(&g);
	g.temperature = 0;
	g.repeat_penalty = 1;
	g.max_tokens = NSTEP;
	g.stop_at_eos = 0; /* the reference does not stop at BOS/EOS */
	double worst = 0;
	*mismatch = 0;
	for (int k = 0; k < NCASE; k++) {
		static struct collect c;
		memset(&c, 0, sizeof(c));
		c.e = e;
		struct engine_stats st;
		if (engine_generate(e, cases[k].prompt, cases[k].np, &g, collect_cb, &c, &st, err, sizeof(err)) ||
		    st.n_gen != NSTEP || st.n_prompt != cases[k].np) {
			*mismatch += NSTEP;
			continue;
		}
		for (int s = 0; s < NSTEP; s++)
			*mismatch += c.ids[s] != cases[k].greedy[s];
		for (int s = 0; s < 8; s++)
			for (int v = 0; v < 512; v++) {
				double d = fabs(c.logits[s][v] - ref_logits[(k * 8 + s) * 512 + v]);
				if (d > worst)
					worst = d;
			}
	}
	engine_close(e);
	return worst;
}

/*
 * Tolerance for the float32 model: llama2.c sums every dot product left to
 * right; the AVX2 kernels use 16 partial sums and FMA. Over 5 layers of
 * length-64/172 dot products that reorders roundings of values up to ~10,
 * so logit differences of a few 1e-5 are measured (3.3e-5 with the scalar
 * kernels, whose remaining difference is expf/sinf and the softmax's
 * multiply-by-reciprocal; 6.7e-5 with AVX2), i.e. a relative 1e-5 of logits
 * near 10. The bound, 1e-4, holds with a margin of 1.5x over the
 * worst kernel family, and is far below the smallest top-1/top-2 margin of
 * the fixture (2.9e-3), which is what keeps the greedy ids identical.
 */
#define F32_LOGIT_TOL 1e-4

static void test_tiny_f32(void)
{
	CHECK(llama2c_convert("testdata/models/tiny260k.bin", NULL, QUANT_TYPE_F32, tmp_path("f32.gguf"), err,
			      sizeof(err)) == 0);
	int mm;
	double w = run_cases(tmp_path("f32.gguf"), 2, &mm);
	CHECK_MSG(mm == 0, "f32 (simd, 2 threads): %d greedy ids differ", mm);
	CHECK_MSG(w <= F32_LOGIT_TOL, "f32 (simd) worst logit error %g", w);
	if (getenv("ENGINE_TEST_VERBOSE"))
		fprintf(stderr, "f32 simd worst logit error %g\n", w);
	w = run_cases(tmp_path("f32.gguf"), 1, &mm);
	CHECK_MSG(mm == 0, "f32 (simd, 1 thread): %d greedy ids differ", mm);
	CHECK_MSG(w <= F32_LOGIT_TOL, "f32 (1 thread) worst logit error %g", w);
	if (kernel_isa_available(KERNEL_ISA_AVX2) && kernel_get_isa() != KERNEL_ISA_AVX2) {
		kernel_set_isa(KERNEL_ISA_AVX2);
		w = run_cases(tmp_path("f32.gguf"), 2, &mm);
		kernel_set_isa(KERNEL_ISA_AUTO);
		CHECK_MSG(mm == 0, "f32 (avx2): %d greedy ids differ", mm);
		CHECK_MSG(w <= F32_LOGIT_TOL, "f32 (avx2) worst logit error %g", w);
	}
	engine_force_reference(1);
	w = run_cases(tmp_path("f32.gguf"), 2, &mm);
	engine_force_reference(0);
	CHECK_MSG(mm == 0, "f32 (ref): %d greedy ids differ", mm);
	CHECK_MSG(w <= F32_LOGIT_TOL, "f32 (ref) worst logit error %g", w);
	if (getenv("ENGINE_TEST_VERBOSE"))
		fprintf(stderr, "f32 ref worst logit error %g\n", w);
	/* F16 weights: same ids expected up to near-ties, so only a loose check */
	CHECK(llama2c_convert("testdata/models/tiny260k.bin", NULL, QUANT_TYPE_F16, tmp_path("f16.gguf"), err,
			      sizeof(err)) == 0);
	w = run_cases(tmp_path("f16.gguf"), 2, &mm);
	CHECK_MSG(w < 0.2, "f16 worst logit error %g", w);
}

/*
 * Quantized weights, teacher-forced: every case's prompt and reference
 * greedy ids are fed one position at a time to the F32 model and to the
 * quantized one, and each step's logits are compared. Teacher forcing keeps
 * both on the same context, so one early near-tie cannot make the rest of a
 * free-running comparison meaningless.
 */
struct qstats {
	int steps, agree;
	double max_err, sum_sq, ref_sq;
};

static int teacher_forced(const char *model, struct engine **ep, float *out /* [NCASE][NSTEP][512] */)
{
	struct engine_params p;
	engine_params_default(&p);
	p.model_path = model;
	p.n_threads = 2;
	if (engine_open(&p, ep, err, sizeof(err)))
		return -1;
	for (int k = 0; k < NCASE; k++) {
		int32_t seq[64 + NSTEP];
		int n = 0;
		for (int i = 0; i < cases[k].np; i++)
			seq[n++] = cases[k].prompt[i];
		for (int i = 0; i < NSTEP; i++)
			seq[n++] = cases[k].greedy[i];
		int first = cases[k].np - 1;
		if (first > 0 && engine_eval(*ep, seq, first, 0, NULL, err, sizeof(err)))
			return -1;
		for (int s = 0; s < NSTEP; s++)
			if (engine_eval(*ep, &seq[first + s], 1, first + s, out + ((size_t)k * NSTEP + s) * 512, err,
					sizeof(err)))
				return -1;
	}
	return 0;
}

static void compare_q(const float *ref, const float *q, struct qstats *st)
{
	memset(st, 0, sizeof(*st));
	for (int k = 0; k < NCASE; k++)
		for (int s = 0; s < NSTEP; s++) {
			const float *a = ref + ((size_t)k * NSTEP + s) * 512, *b = q + ((size_t)k * NSTEP + s) * 512;
			st->steps++;
			st->agree += sampler_argmax(b, 512) == cases[k].greedy[s];
			for (int v = 0; v < 512; v++) {
				double d = fabs(a[v] - b[v]);
				if (d > st->max_err)
					st->max_err = d;
				st->sum_sq += d * d;
				st->ref_sq += (double)a[v] * a[v];
			}
		}
}

/* Copies every key of g into w; with arch set, as that architecture
 * (general.architecture and the "llama." keys renamed). */
static int copy_kvs(const struct gguf_ctx *g, struct gguf_writer *w, const char *arch)
{
	int rc = 0;
	for (int64_t i = 0; i < gguf_n_kv(g) && !rc; i++) {
		uint64_t sz;
		const char *k = gguf_kv_key(g, i);
		const void *d = gguf_kv_data(g, i, &sz);
		char key[128];
		int renamed = arch && !strncmp(k, "llama.", 6);
		snprintf(key, sizeof(key), "%s%s", renamed ? arch : "", renamed ? k + 5 : k);
		if (arch && !strcmp(k, "general.architecture"))
			rc = gguf_writer_add_str(w, k, arch);
		else if (gguf_kv_type(g, i) == GGUF_VTYPE_STRING)
			rc = gguf_writer_add_str(w, key, gguf_kv_str(g, i, NULL));
		else
			rc = gguf_writer_add_raw(w, key, gguf_kv_type(g, i), d, sz);
	}
	return rc;
}

/* Writes dst: src with every tensor dequantized to F32 (same metadata), so
 * the engine's float path can run on exactly the quantized weights. */
static int dequant_copy(const char *src, const char *dst)
{
	struct gguf_ctx *g;
	if (gguf_open(src, &g, err, sizeof(err)))
		return -1;
	struct gguf_writer *w = gguf_writer_new();
	int rc = copy_kvs(g, w, NULL);
	float **bufs = calloc((size_t)gguf_n_tensors(g), sizeof(float *));
	for (int64_t i = 0; i < gguf_n_tensors(g) && !rc; i++) {
		const struct gguf_tensor *t = gguf_tensor_at(g, i);
		uint64_t rs;
		bufs[i] = malloc((size_t)t->n_elems * 4);
		quant_row_size(t->type, t->ne[0], &rs);
		for (int64_t r = 0; r < t->n_elems / t->ne[0]; r++)
			quant_dequant_row_ref(t->type, (const uint8_t *)t->data + r * rs, bufs[i] + r * t->ne[0], t->ne[0]);
		rc = gguf_writer_add_tensor(w, t->name, QUANT_TYPE_F32, t->n_dims, t->ne, bufs[i], (uint64_t)t->n_elems * 4);
	}
	if (!rc)
		rc = gguf_writer_write(w, dst, err, sizeof(err));
	for (int64_t i = 0; i < gguf_n_tensors(g); i++)
		free(bufs[i]);
	free(bufs);
	gguf_writer_free(w);
	gguf_close(g);
	return rc ? -1 : 0;
}

/* Writes dst: src verbatim, plus a rope_freqs.weight tensor of n factors
 * (none when ff is NULL) and, when scale > 0, linear RoPE scaling. */
static int rope_copy(const char *src, const char *dst, const float *ff, int64_t n, float scale)
{
	struct gguf_ctx *g;
	if (gguf_open(src, &g, err, sizeof(err)))
		return -1;
	struct gguf_writer *w = gguf_writer_new();
	int rc = copy_kvs(g, w, NULL);
	if (!rc && scale > 0)
		rc = gguf_writer_add_str(w, "llama.rope.scaling.type", "linear") ||
		     gguf_writer_add_f32(w, "llama.rope.scaling.factor", scale);
	for (int64_t i = 0; i < gguf_n_tensors(g) && !rc; i++) {
		const struct gguf_tensor *t = gguf_tensor_at(g, i);
		rc = gguf_writer_add_tensor(w, t->name, t->type, t->n_dims, t->ne, t->data, t->size);
	}
	if (!rc && ff)
		rc = gguf_writer_add_tensor(w, "rope_freqs.weight", QUANT_TYPE_F32, 1, &n, ff, (uint64_t)n * 4);
	if (!rc)
		rc = gguf_writer_write(w, dst, err, sizeof(err));
	gguf_writer_free(w);
	gguf_close(g);
	return rc ? -1 : 0;
}

/* The largest logit difference over the first 8 greedy steps of case 0
 * between two models (1e9 when one does not run). */
static double logit_diff(const char *a, const char *b)
{
	static struct collect c[2];
	const char *paths[2] = { a, b };
	for (int m = 0; m < 2; m++) {
		struct engine_params p;
		engine_params_default(&p);
		p.model_path = paths[m];
		p.n_threads = 1;
		struct engine *e;
		if (engine_open(&p, &e, err, sizeof(err)))
			return 1e9;
		struct engine_gen gen;
		engine_gen_default(&gen);
		gen.temperature = 0;
		gen.repeat_penalty = 1;
		gen.max_tokens = 8;
		gen.stop_at_eos = 0;
		memset(&c[m], 0, sizeof(c[m]));
		c[m].e = e;
		struct engine_stats st;
		int rc = engine_generate(e, cases[0].prompt, cases[0].np, &gen, collect_cb, &c[m], &st, err, sizeof(err));
		engine_close(e);
		if (rc || c[m].n != 8)
			return 1e9;
	}
	double worst = 0;
	for (int s = 0; s < 8; s++)
		for (int v = 0; v < 512; v++)
			worst = fmax(worst, fabs(c[0].logits[s][v] - c[1].logits[s][v]));
	return worst;
}

/* tiny260k's shape, for the architecture tests */
#define T_EMBD 64
#define T_HEADS 8
#define T_KV_HEADS 4
#define T_HD 8
#define T_LAYERS 5
#define T_VOCAB 512

/* Row r of a q or k matrix in the llama converter's order (adjacent RoPE
 * pairs) is row unperm(r) in HF's (rotate-half) order, which qwen2 files
 * keep: within a head, 2i + a <- a * hd/2 + i. */
static int64_t unperm(int64_t r)
{
	int64_t h = r / T_HD, j = r % T_HD;
	return h * T_HD + (j % 2) * (T_HD / 2) + j / 2;
}

/* Writes dst: the llama F32 model src as architecture arch ("qwen2": keys
 * renamed, q/k rows in HF order), with q/k/v biases (given in src's row
 * order; NULL for none) in every layer and an output bias. */
static int arch_copy(const char *src, const char *dst, const char *arch, const float *bq, const float *bk,
		     const float *bv, const float *bout)
{
	struct gguf_ctx *g;
	if (gguf_open(src, &g, err, sizeof(err)))
		return -1;
	int neox = !strcmp(arch, "qwen2");
	struct gguf_writer *w = gguf_writer_new();
	int rc = copy_kvs(g, w, arch);
	/* the writer reads tensor data when it writes: one buffer each */
	float *rows[2 * T_LAYERS] = { 0 };
	int nrows = 0;
	static float bias[3][T_EMBD];
	const float *b[3] = { bq, bk, bv };
	const int64_t bn[3] = { T_EMBD, T_KV_HEADS * T_HD, T_KV_HEADS * T_HD };
	for (int j = 0; j < 3; j++)
		for (int64_t r = 0; b[j] && r < bn[j]; r++)
			bias[j][neox && j < 2 ? unperm(r) : r] = b[j][r];
	for (int64_t i = 0; i < gguf_n_tensors(g) && !rc; i++) {
		const struct gguf_tensor *t = gguf_tensor_at(g, i);
		const void *data = t->data;
		if (neox && (strstr(t->name, "attn_q.weight") || strstr(t->name, "attn_k.weight")) &&
		    nrows < 2 * T_LAYERS && (rows[nrows] = malloc((size_t)t->size))) {
			for (int64_t r = 0; r < t->ne[1]; r++)
				memcpy(rows[nrows] + unperm(r) * T_EMBD, (const float *)t->data + r * T_EMBD, T_EMBD * 4);
			data = rows[nrows++];
		}
		rc = gguf_writer_add_tensor(w, t->name, t->type, t->n_dims, t->ne, data, t->size);
		static const char *const bname[3] = { "attn_q.bias", "attn_k.bias", "attn_v.bias" };
		for (int j = 0; j < 3 && !rc; j++) {
			char n[64];
			int l;
			if (!b[j] || sscanf(t->name, "blk.%d.attn_norm.weigh%c", &l, n) != 2)
				continue;
			snprintf(n, sizeof(n), "blk.%d.%s", l, bname[j]);
			rc = gguf_writer_add_tensor(w, n, QUANT_TYPE_F32, 1, &bn[j], bias[j], (uint64_t)bn[j] * 4);
		}
	}
	int64_t nv = T_VOCAB;
	if (!rc && bout)
		rc = gguf_writer_add_tensor(w, "output.bias", QUANT_TYPE_F32, 1, &nv, bout, T_VOCAB * 4);
	if (!rc)
		rc = gguf_writer_write(w, dst, err, sizeof(err));
	gguf_writer_free(w);
	gguf_close(g);
	for (int i = 0; i < nrows; i++)
		free(rows[i]);
	return rc ? -1 : 0;
}

/* Tensor name of layer l (l < 0: a global one), when it is F32. */
static const float *tensor_f32(const struct gguf_ctx *g, int l, const char *name)
{
	char n[64];
	if (l < 0)
		snprintf(n, sizeof(n), "%s", name);
	else
		snprintf(n, sizeof(n), "blk.%d.%s", l, name);
	const struct gguf_tensor *t = gguf_find_tensor(g, n);
	return t && t->type == QUANT_TYPE_F32 ? t->data : NULL;
}

static void t_matvec(const float *w, int64_t rows, int64_t cols, const float *x, float *y)
{
	for (int64_t r = 0; r < rows; r++) {
		double s = 0;
		for (int64_t c = 0; c < cols; c++)
			s += (double)w[r * cols + c] * x[c];
		y[r] = (float)s;
	}
}

/* The shape of a model for ref_forward(), and the architecture's pieces
 * (zero: the llama/qwen default). */
struct rshape {
	int embd, heads, kv_heads, hd, ff, vocab, layers;
	float rope_base;
	int rot; /* rotated dims per head (0: hd) */
	int gelu; /* GELU (tanh form) instead of SiLU */
	float emb_scale; /* embeddings multiplied by this (0: 1) */
	float attn_cap, final_cap; /* soft-caps (0: none) */
	int swa, swa_pattern; /* window and the local/global layer pattern */
	float rope_base_swa; /* local layers' RoPE base (0: rope_base) */
	float mscale; /* multiplies the rotated values (0: 1) */
	const float *factors; /* divides the pairs' angles (global layers) */
	int no_post_norm; /* ignore post-norms present in the file */
};

static void t_norm(float *o, const float *x, const float *w, int n)
{
	double ss = 0;
	for (int i = 0; i < n; i++)
		ss += (double)x[i] * x[i];
	float k = (float)(1.0 / sqrt(ss / n + 1e-5));
	for (int i = 0; i < n; i++)
		o[i] = w[i] * (k * x[i]);
}

/* GELU, tanh form, in double */
static double t_gelu(double x)
{
	return 0.5 * x * (1.0 + tanh(sqrt(2.0 / M_PI) * x * (1.0 + 0.044715 * x * x)));
}

/*
 * A forward pass over n tokens written out from the architecture notes
 * (ENGINE-FACTS 2.4-2.7), sharing nothing with the engine: embeddings
 * (times emb_scale), RMSNorm, q/k/v (or phi3's fused attn_qkv split in
 * that order) with optional biases, optional per-head q/k RMSNorm, NEOX
 * RoPE (pairs i, i + rot/2, angles divided by factors, values times
 * mscale), causal grouped-query softmax attention (scores soft-capped, a
 * window on local layers), Gemma's post-attention and post-FFN norms when
 * the file has them, SwiGLU or GeGLU (phi3: ffn_up holds gate then up),
 * a tied or separate head, an optional output bias and a final soft-cap.
 * Writes the last token's logits. F32 files only.
 */
static int ref_forward(const char *path, const struct rshape *r, const int32_t *toks, int n, float *logits)
{
	struct gguf_ctx *g;
	if (gguf_open(path, &g, err, sizeof(err)))
		return -1;
	int E = r->embd, QD = r->heads * r->hd, KV = r->kv_heads * r->hd, F = r->ff;
	int rot = r->rot ? r->rot : r->hd, half = rot / 2;
	double mscale = r->mscale > 0 ? r->mscale : 1.0;
	float *x = calloc((size_t)n * E, 4), *n1 = calloc((size_t)E, 4), *q = calloc((size_t)QD, 4);
	float *kc = calloc((size_t)r->layers * n * KV, 4), *vc = calloc((size_t)r->layers * n * KV, 4);
	float *o = calloc((size_t)QD, 4), *d = calloc((size_t)E, 4), *gt = calloc((size_t)2 * F, 4), *up = calloc((size_t)F, 4);
	float *att = calloc((size_t)n, 4), *qkv = calloc((size_t)(QD + 2 * KV), 4);
	const float *emb = tensor_f32(g, -1, "token_embd.weight");
	int fused = tensor_f32(g, 0, "attn_qkv.weight") != NULL, fused_up = !tensor_f32(g, 0, "ffn_gate.weight");
	static const char *const need[] = { "attn_norm.weight", "attn_output.weight", "ffn_norm.weight",
		"ffn_up.weight", "ffn_down.weight" };
	int ok = emb && tensor_f32(g, -1, "output_norm.weight");
	for (int l = 0; l < r->layers; l++) {
		for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++)
			ok = ok && tensor_f32(g, l, need[i]);
		ok = ok && (fused || (tensor_f32(g, l, "attn_q.weight") && tensor_f32(g, l, "attn_k.weight") &&
				      tensor_f32(g, l, "attn_v.weight")));
	}
	if (!ok) /* a missing tensor: no reference to compare with */
		n = 0;
	for (int t = 0; t < n; t++)
		for (int i = 0; i < E; i++)
			x[(size_t)t * E + i] = emb[(size_t)toks[t] * E + i] * (r->emb_scale > 0 ? r->emb_scale : 1.0f);
	for (int t = 0; t < n; t++) { /* token by token, layer by layer */
		float *xt = x + (size_t)t * E;
		for (int l = 0; l < r->layers; l++) {
			int local = r->swa_pattern && l % r->swa_pattern < r->swa_pattern - 1;
			double base = local && r->rope_base_swa > 0 ? r->rope_base_swa : r->rope_base;
			float *k = kc + ((size_t)l * n + t) * KV, *v = vc + ((size_t)l * n + t) * KV;
			const float *b[3] = { tensor_f32(g, l, "attn_q.bias"), tensor_f32(g, l, "attn_k.bias"),
					      tensor_f32(g, l, "attn_v.bias") };
			const float *qn = tensor_f32(g, l, "attn_q_norm.weight"), *kn = tensor_f32(g, l, "attn_k_norm.weight");
			const float *pa = r->no_post_norm ? NULL : tensor_f32(g, l, "post_attention_norm.weight");
			const float *pf = r->no_post_norm ? NULL : tensor_f32(g, l, "post_ffw_norm.weight");
			t_norm(n1, xt, tensor_f32(g, l, "attn_norm.weight"), E);
			if (fused) {
				t_matvec(tensor_f32(g, l, "attn_qkv.weight"), QD + 2 * KV, E, n1, qkv);
				memcpy(q, qkv, (size_t)QD * 4);
				memcpy(k, qkv + QD, (size_t)KV * 4);
				memcpy(v, qkv + QD + KV, (size_t)KV * 4);
			} else {
				t_matvec(tensor_f32(g, l, "attn_q.weight"), QD, E, n1, q);
				t_matvec(tensor_f32(g, l, "attn_k.weight"), KV, E, n1, k);
				t_matvec(tensor_f32(g, l, "attn_v.weight"), KV, E, n1, v);
			}
			for (int i = 0; i < QD; i++)
				q[i] += b[0] ? b[0][i] : 0;
			for (int i = 0; i < KV; i++) {
				k[i] += b[1] ? b[1][i] : 0;
				v[i] += b[2] ? b[2][i] : 0;
			}
			for (int h = 0; h < r->heads + r->kv_heads; h++) {
				float *p = h < r->heads ? q + h * r->hd : k + (h - r->heads) * r->hd;
				if (qn)
					t_norm(p, p, h < r->heads ? qn : kn, r->hd);
				for (int i = 0; i < half; i++) {
					double a = t * pow(base, -2.0 * i / rot) / (r->factors && !local ? r->factors[i] : 1.0);
					double c = cos(a) * mscale, sn = sin(a) * mscale, x0 = p[i], x1 = p[i + half];
					p[i] = (float)(x0 * c - x1 * sn);
					p[i + half] = (float)(x0 * sn + x1 * c);
				}
			}
			int s0 = local && r->swa && t >= r->swa ? t - r->swa + 1 : 0;
			for (int h = 0; h < r->heads; h++) {
				int kh = h / (r->heads / r->kv_heads);
				double mx = -1e30, sum = 0;
				for (int s2 = s0; s2 <= t; s2++) {
					const float *ks = kc + ((size_t)l * n + s2) * KV + kh * r->hd;
					double dot = 0;
					for (int i = 0; i < r->hd; i++)
						dot += (double)q[h * r->hd + i] * ks[i];
					dot /= sqrt((double)r->hd);
					if (r->attn_cap > 0)
						dot = r->attn_cap * tanh(dot / r->attn_cap);
					att[s2] = (float)dot;
					mx = fmax(mx, att[s2]);
				}
				for (int s2 = s0; s2 <= t; s2++)
					sum += (att[s2] = (float)exp(att[s2] - mx));
				for (int i = 0; i < r->hd; i++) {
					double acc = 0;
					for (int s2 = s0; s2 <= t; s2++)
						acc += att[s2] / sum * vc[((size_t)l * n + s2) * KV + kh * r->hd + i];
					o[h * r->hd + i] = (float)acc;
				}
			}
			t_matvec(tensor_f32(g, l, "attn_output.weight"), E, QD, o, d);
			if (pa)
				t_norm(d, d, pa, E);
			for (int i = 0; i < E; i++)
				xt[i] += d[i];
			t_norm(n1, xt, tensor_f32(g, l, "ffn_norm.weight"), E);
			if (fused_up) {
				t_matvec(tensor_f32(g, l, "ffn_up.weight"), 2 * F, E, n1, gt);
				memcpy(up, gt + F, (size_t)F * 4);
			} else {
				t_matvec(tensor_f32(g, l, "ffn_gate.weight"), F, E, n1, gt);
				t_matvec(tensor_f32(g, l, "ffn_up.weight"), F, E, n1, up);
			}
			for (int i = 0; i < F; i++)
				gt[i] = (float)((r->gelu ? t_gelu(gt[i]) : gt[i] / (1.0 + exp(-(double)gt[i]))) * up[i]);
			t_matvec(tensor_f32(g, l, "ffn_down.weight"), E, F, gt, d);
			if (pf)
				t_norm(d, d, pf, E);
			for (int i = 0; i < E; i++)
				xt[i] += d[i];
		}
	}
	if (ok) {
		t_norm(n1, x + (size_t)(n - 1) * E, tensor_f32(g, -1, "output_norm.weight"), E);
		const float *head = tensor_f32(g, -1, "output.weight"), *ob = tensor_f32(g, -1, "output.bias");
		t_matvec(head ? head : emb, r->vocab, E, n1, logits);
		for (int i = 0; i < r->vocab; i++) {
			logits[i] += ob ? ob[i] : 0;
			if (r->final_cap > 0)
				logits[i] = (float)(r->final_cap * tanh(logits[i] / r->final_cap));
		}
	}
	free(x), free(n1), free(q), free(kc), free(vc), free(o), free(d), free(gt), free(up), free(att), free(qkv);
	gguf_close(g);
	return ok ? 0 : -1;
}

/* The engine's logits for the last of n tokens, and the largest difference
 * from ref_forward()'s (1e9 when either fails). */
static double engine_vs_ref(const char *path, const struct rshape *r, const int32_t *toks, int n)
{
	struct engine_params p;
	engine_params_default(&p);
	p.model_path = path;
	p.n_threads = 2;
	struct engine *e = NULL;
	float *want = calloc((size_t)r->vocab, 4), *got = calloc((size_t)r->vocab, 4);
	double worst = 1e9;
	if (ref_forward(path, r, toks, n, want) == 0 && engine_open(&p, &e, err, sizeof(err)) == 0 &&
	    engine_eval(e, toks, n, 0, got, err, sizeof(err)) == 0) {
		worst = 0;
		for (int i = 0; i < r->vocab; i++)
			worst = fmax(worst, fabs(want[i] - got[i]));
	}
	engine_close(e);
	free(want);
	free(got);
	return worst;
}

/*
 * qwen2: the llama block with q/k/v biases and NEOX RoPE on q/k rows kept
 * in HF's order. The same weights written both ways (the llama file's
 * adjacent-pair rows, the qwen2 file's rotate-half rows) must give the
 * same logits, biases included; and one token's logits must match a
 * forward pass written out here (ref_forward).
 */
static void test_qwen2(void)
{
	char base[512], ll[512], qw[512];
	snprintf(base, sizeof(base), "%s", tmp_path("q_base.gguf"));
	snprintf(ll, sizeof(ll), "%s", tmp_path("q_llama.gguf"));
	snprintf(qw, sizeof(qw), "%s", tmp_path("q_qwen2.gguf"));
	CHECK(llama2c_convert("testdata/models/tiny260k.bin", NULL, QUANT_TYPE_F32, base, err, sizeof(err)) == 0);
	CHECK(arch_copy(base, qw, "qwen2", NULL, NULL, NULL, NULL) == 0);
	double dd = logit_diff(base, qw);
	CHECK_MSG(dd < 1e-4, "qwen2 (NEOX, rows unpermuted) vs llama: logits differ by %g", dd);
	static float bq[T_EMBD], bk[T_KV_HEADS * T_HD], bv[T_KV_HEADS * T_HD], bo[T_VOCAB];
	for (int i = 0; i < T_EMBD; i++)
		bq[i] = 0.3f * sinf((float)i);
	for (int i = 0; i < T_KV_HEADS * T_HD; i++) {
		bk[i] = 0.2f * cosf((float)i);
		bv[i] = 0.25f * sinf(0.7f * (float)i);
	}
	for (int i = 0; i < T_VOCAB; i++)
		bo[i] = 0.01f * (float)(i % 13);
	CHECK(arch_copy(base, ll, "llama", bq, bk, bv, bo) == 0);
	CHECK(arch_copy(base, qw, "qwen2", bq, bk, bv, bo) == 0);
	dd = logit_diff(ll, qw);
	CHECK_MSG(dd < 1e-4, "with biases, qwen2 vs llama: logits differ by %g", dd);
	dd = logit_diff(base, qw);
	CHECK_MSG(dd > 1e-2 && dd < 1e9, "biases changed the logits by only %g", dd);

	/* one token and several: q/k/v and output biases, NEOX RoPE and
	 * attention against ref_forward() */
	struct rshape r = { .embd = T_EMBD, .heads = T_HEADS, .kv_heads = T_KV_HEADS, .hd = T_HD, .ff = 172, .vocab = T_VOCAB, .layers = T_LAYERS, .rope_base = 10000.0f };
	int32_t toks[6] = { 1, 5, 77, 300, 12, 499 };
	dd = engine_vs_ref(qw, &r, toks, 1);
	CHECK_MSG(dd < 1e-4, "qwen2 with biases, 1 token: engine vs written-out pass differ by %g", dd);
	dd = engine_vs_ref(qw, &r, toks, 6);
	CHECK_MSG(dd < 1e-3, "qwen2 with biases, 6 tokens: engine vs written-out pass differ by %g", dd);
}

/* A fixed pseudo-random pattern: offset + scale * [-0.5, 0.5). */
static float *pattern(int64_t n, uint32_t seed, float scale, float offset)
{
	float *v = malloc((size_t)n * 4);
	uint32_t x = seed * 2654435761u + 1;
	for (int64_t i = 0; v && i < n; i++) {
		x = x * 1664525u + 1013904223u;
		v[i] = offset + scale * ((float)(x >> 8) / 16777216.0f - 0.5f);
	}
	return v;
}

/* The long factors write_random() adds beside r->factors (the short ones)
 * to a phi3 file, and its original context (0: none written). */
static const float *phi3_long;
static uint32_t orig_ctx;
static float yarn_factor; /* > 0: rope.scaling.type yarn with this factor */

/* A random F32 model of shape r and architecture arch ("llama", "qwen2"
 * with q/k/v biases, "qwen3" with per-head q/k norms and heads of key
 * length r->hd, "gemma2" with post-norms, "gemma3" with post-norms and q/k
 * norms, "phi3" with fused attn_qkv and gate-up and r->factors as
 * rope_factors_short); r's window and soft-caps become keys; drop names a
 * tensor to leave out. */
static int write_random(const char *path, const char *arch, const struct rshape *r, const char *drop)
{
	struct gguf_writer *w = gguf_writer_new();
	char key[96];
	int qwen3 = !strcmp(arch, "qwen3"), qwen2 = !strcmp(arch, "qwen2"), gemma3 = !strcmp(arch, "gemma3");
	int gemma = gemma3 || !strcmp(arch, "gemma2"), phi3 = !strcmp(arch, "phi3");
#define KEY(s) (snprintf(key, sizeof(key), "%s.%s", arch, s), key)
	gguf_writer_add_str(w, "general.architecture", arch);
	gguf_writer_add_u32(w, KEY("context_length"), 64);
	gguf_writer_add_u32(w, KEY("embedding_length"), (uint32_t)r->embd);
	gguf_writer_add_u32(w, KEY("block_count"), (uint32_t)r->layers);
	gguf_writer_add_u32(w, KEY("feed_forward_length"), (uint32_t)r->ff);
	gguf_writer_add_u32(w, KEY("attention.head_count"), (uint32_t)r->heads);
	gguf_writer_add_u32(w, KEY("attention.head_count_kv"), (uint32_t)r->kv_heads);
	gguf_writer_add_u32(w, KEY("attention.key_length"), (uint32_t)r->hd);
	gguf_writer_add_u32(w, KEY("attention.value_length"), (uint32_t)r->hd);
	gguf_writer_add_f32(w, KEY("rope.freq_base"), r->rope_base);
	gguf_writer_add_f32(w, KEY("attention.layer_norm_rms_epsilon"), 1e-5f);
	if (r->rot)
		gguf_writer_add_u32(w, KEY("rope.dimension_count"), (uint32_t)r->rot);
	if (gemma && r->swa && !(drop && !strcmp(drop, "sliding_window")))
		gguf_writer_add_u32(w, KEY("attention.sliding_window"), (uint32_t)r->swa);
	if (gemma && r->attn_cap != 0)
		gguf_writer_add_f32(w, KEY("attn_logit_softcapping"), r->attn_cap);
	if (gemma && r->final_cap != 0)
		gguf_writer_add_f32(w, KEY("final_logit_softcapping"), r->final_cap);
	if (r->mscale > 0 && !yarn_factor)
		gguf_writer_add_f32(w, KEY("rope.scaling.attn_factor"), r->mscale);
	if (yarn_factor) {
		gguf_writer_add_str(w, KEY("rope.scaling.type"), "yarn");
		gguf_writer_add_f32(w, KEY("rope.scaling.factor"), yarn_factor);
	}
	if (orig_ctx)
		gguf_writer_add_u32(w, KEY("rope.scaling.original_context_length"), orig_ctx);
#undef KEY
	int QD = r->heads * r->hd, KV = r->kv_heads * r->hd;
	struct {
		const char *name;
		int64_t cols, rows;
		float scale, offset;
		int on;
	} t[] = { { "attn_norm.weight", r->embd, 1, 0.2f, 1, 1 },
		  { "attn_q_norm.weight", r->hd, 1, 0.5f, 1, qwen3 || gemma3 },
		  { "attn_k_norm.weight", r->hd, 1, 0.5f, 1, qwen3 || gemma3 },
		  { "attn_q.weight", r->embd, QD, 0.6f, 0, !phi3 }, { "attn_k.weight", r->embd, KV, 0.6f, 0, !phi3 },
		  { "attn_v.weight", r->embd, KV, 0.6f, 0, !phi3 },
		  { "attn_qkv.weight", r->embd, QD + 2 * KV, 0.6f, 0, phi3 },
		  { "attn_output.weight", QD, r->embd, 0.3f, 0, 1 },
		  { "post_attention_norm.weight", r->embd, 1, 0.4f, 1, gemma },
		  { "ffn_norm.weight", r->embd, 1, 0.2f, 1, 1 }, { "ffn_gate.weight", r->embd, r->ff, 0.5f, 0, !phi3 },
		  { "ffn_up.weight", r->embd, (int64_t)r->ff * (phi3 ? 2 : 1), 0.5f, 0, 1 },
		  { "ffn_down.weight", r->ff, r->embd, 0.3f, 0, 1 },
		  { "post_ffw_norm.weight", r->embd, 1, 0.4f, 1, gemma }, { "attn_q.bias", QD, 1, 0.4f, 0, qwen2 },
		  { "attn_k.bias", KV, 1, 0.4f, 0, qwen2 }, { "attn_v.bias", KV, 1, 0.4f, 0, qwen2 } };
	float *bufs[256] = { 0 };
	int nb = 0, rc = 0;
	uint32_t seed = 1;
	int64_t ne[2] = { r->embd, r->vocab };
	bufs[nb] = pattern(ne[0] * ne[1], seed++, 2, 0);
	rc |= gguf_writer_add_tensor(w, "token_embd.weight", QUANT_TYPE_F32, 2, ne, bufs[nb++], (uint64_t)ne[0] * ne[1] * 4);
	ne[1] = 1;
	bufs[nb] = pattern(r->embd, seed++, 0.2f, 1);
	rc |= gguf_writer_add_tensor(w, "output_norm.weight", QUANT_TYPE_F32, 1, ne, bufs[nb++], (uint64_t)r->embd * 4);
	int64_t nf = (r->rot ? r->rot : r->hd) / 2;
	if (phi3 && r->factors)
		rc |= gguf_writer_add_tensor(w, "rope_factors_short.weight", QUANT_TYPE_F32, 1, &nf, r->factors,
					     (uint64_t)nf * 4);
	if (phi3 && phi3_long)
		rc |= gguf_writer_add_tensor(w, "rope_factors_long.weight", QUANT_TYPE_F32, 1, &nf, phi3_long,
					     (uint64_t)nf * 4);
	for (int l = 0; l < r->layers; l++)
		for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
			char name[64];
			snprintf(name, sizeof(name), "blk.%d.%s", l, t[i].name);
			if ((drop && !strcmp(drop, name)) || !t[i].on)
				continue;
			int64_t e2[2] = { t[i].cols, t[i].rows };
			if (nb >= 256)
				break;
			bufs[nb] = pattern(e2[0] * e2[1], seed++, t[i].scale, t[i].offset);
			rc |= gguf_writer_add_tensor(w, name, QUANT_TYPE_F32, t[i].rows == 1 ? 1 : 2, e2, bufs[nb++],
						     (uint64_t)e2[0] * e2[1] * 4);
		}
	rc |= gguf_writer_write(w, path, err, sizeof(err));
	gguf_writer_free(w);
	for (int i = 0; i < nb; i++)
		free(bufs[i]);
	return rc ? -1 : 0;
}

/* qwen3: heads of key_length (here 4 x 32 = 128 wide over an embedding of
 * 64), per-head q/k RMSNorm before NEOX RoPE, tied head; against the
 * written-out pass, at one and at several tokens. */
static void test_qwen3(void)
{
	struct rshape r = { .embd = 64, .heads = 4, .kv_heads = 2, .hd = 32, .ff = 96, .vocab = 40, .layers = 2, .rope_base = 1000000.0f };
	const char *path = tmp_path("qwen3.gguf");
	char p3[512];
	snprintf(p3, sizeof(p3), "%s", path);
	CHECK(write_random(p3, "qwen3", &r, NULL) == 0);
	int32_t toks[7] = { 3, 17, 39, 0, 22, 22, 8 };
	double d = engine_vs_ref(p3, &r, toks, 1);
	CHECK_MSG(d < 1e-3, "qwen3, 1 token: engine vs written-out pass differ by %g", d);
	d = engine_vs_ref(p3, &r, toks, 7);
	CHECK_MSG(d < 1e-3, "qwen3, 7 tokens: engine vs written-out pass differ by %g", d);
	/* a qwen3 file without its q norm is refused by name */
	CHECK(write_random(p3, "qwen3", &r, "blk.1.attn_q_norm.weight") == 0);
	struct engine_params p;
	engine_params_default(&p);
	p.model_path = p3;
	struct engine *e = NULL;
	CHECK(engine_open(&p, &e, err, sizeof(err)) != 0 && strstr(err, "blk.1.attn_q_norm.weight"));

}

/* The engine must match ref_forward() on path at 1 and n tokens, and each
 * piece the reference is told to leave out (one rshape per piece) must
 * move the reference's logits away from the engine's: the parity test
 * would catch the engine missing that piece. */
static void parity(const char *what, const char *path, const struct rshape *r, const int32_t *toks, int n,
		   const struct rshape *without, const char *const *pieces, int npieces)
{
	double d = engine_vs_ref(path, r, toks, 1);
	CHECK_MSG(d < 1e-3, "%s, 1 token: engine vs written-out pass differ by %g", what, d);
	d = engine_vs_ref(path, r, toks, n);
	CHECK_MSG(d < 1e-3, "%s, %d tokens: engine vs written-out pass differ by %g", what, n, d);
	for (int i = 0; i < npieces; i++) {
		d = engine_vs_ref(path, &without[i], toks, n);
		CHECK_MSG(d > 1e-2 && d < 1e9, "%s without %s: the logits moved by only %g", what, pieces[i], d);
	}
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

/*
 * gemma2 and gemma3: embeddings times sqrt(n_embd), post-attention and
 * post-FFN norms, GeGLU, NEOX RoPE; gemma2 soft-caps scores and logits and
 * alternates local (even) and global layers; gemma3 has q/k norms, five
 * local layers to one global, local RoPE base 10000. Heads of 16 over an
 * embedding of 32; a window of 3 over 7 tokens. Each piece is shown to
 * matter; missing tensors and keys are refused by name.
 */
static void test_gemma(void)
{
	char p2[512], p3[512];
	snprintf(p2, sizeof(p2), "%s", tmp_path("gemma2.gguf"));
	snprintf(p3, sizeof(p3), "%s", tmp_path("gemma3.gguf"));
	int32_t toks[7] = { 3, 17, 39, 0, 22, 22, 8 };
	struct rshape g2 = { .embd = 32, .heads = 4, .kv_heads = 2, .hd = 16, .ff = 48, .vocab = 40, .layers = 4,
			     .rope_base = 10000.0f, .gelu = 1, .emb_scale = sqrtf(32), .attn_cap = 1.5f,
			     .final_cap = 2.5f, .swa = 3, .swa_pattern = 2 };
	CHECK(write_random(p2, "gemma2", &g2, NULL) == 0);
	struct rshape w2[6];
	for (int i = 0; i < 6; i++)
		w2[i] = g2;
	w2[0].emb_scale = 1;
	w2[1].attn_cap = 0;
	w2[2].final_cap = 0;
	w2[3].swa = 0;
	w2[4].no_post_norm = 1;
	w2[5].gelu = 0;
	static const char *const pieces2[] = { "the embedding scale", "attention soft-capping",
		"final soft-capping", "the sliding window", "the post-norms", "GELU" };
	parity("gemma2", p2, &g2, toks, 7, w2, pieces2, 6);

	struct rshape g3 = { .embd = 32, .heads = 4, .kv_heads = 2, .hd = 16, .ff = 48, .vocab = 40, .layers = 6,
			     .rope_base = 1000000.0f, .gelu = 1, .emb_scale = sqrtf(32), .swa = 3, .swa_pattern = 6,
			     .rope_base_swa = 10000.0f };
	CHECK(write_random(p3, "gemma3", &g3, NULL) == 0);
	struct rshape w3[4];
	for (int i = 0; i < 4; i++)
		w3[i] = g3;
	w3[0].emb_scale = 1;
	w3[1].swa = 0;
	w3[2].rope_base_swa = 0;
	w3[3].no_post_norm = 1;
	static const char *const pieces3[] = { "the embedding scale", "the sliding window", "the local RoPE base",
		"the post-norms" };
	parity("gemma3", p3, &g3, toks, 7, w3, pieces3, 4);
	/* a final soft-cap the gemma3 file asks for is applied */
	g3.final_cap = 2.0f;
	CHECK(write_random(p3, "gemma3", &g3, NULL) == 0);
	parity("gemma3 with a final soft-cap", p3, &g3, toks, 7, NULL, NULL, 0);
	g3.final_cap = 0;

	/* missing pieces are refused by name */
	CHECK(write_random(p3, "gemma3", &g3, "blk.2.post_ffw_norm.weight") == 0);
	refused(p3, "blk.2.post_ffw_norm.weight");
	CHECK(write_random(p3, "gemma3", &g3, "blk.0.attn_k_norm.weight") == 0);
	refused(p3, "blk.0.attn_k_norm.weight");
	CHECK(write_random(p3, "gemma3", &g3, "sliding_window") == 0);
	refused(p3, "gemma3.attention.sliding_window");
	CHECK(write_random(p2, "gemma2", &g2, "blk.1.post_attention_norm.weight") == 0);
	refused(p2, "blk.1.post_attention_norm.weight");
	g2.final_cap = -1;
	CHECK(write_random(p2, "gemma2", &g2, NULL) == 0);
	g2.final_cap = 0;
	refused(p2, "soft-capping");
}

/*
 * phi3: fused attn_qkv (q, k, v rows) and fused ffn_up (gate rows, then
 * up), NEOX RoPE over the first 8 of 16 dims (Phi-4-mini's partial
 * rotary), LongRoPE: rope_factors_short at a context within the original
 * one, rope_factors_long beyond it, and the attention factor multiplying
 * the rotated values. Each piece is shown to matter; bad shapes refused.
 */
static void test_phi3(void)
{
	char pp[512];
	snprintf(pp, sizeof(pp), "%s", tmp_path("phi3.gguf"));
	static const float shortf[4] = { 1.0f, 1.3f, 2.5f, 6.0f }, longf[4] = { 1.5f, 3.0f, 9.0f, 30.0f };
	int32_t toks[7] = { 3, 17, 39, 0, 22, 22, 8 };
	struct rshape r = { .embd = 32, .heads = 4, .kv_heads = 2, .hd = 16, .ff = 48, .vocab = 40, .layers = 2,
			    .rope_base = 10000.0f, .rot = 8, .mscale = 1.19f, .factors = shortf };
	phi3_long = longf;
	CHECK(write_random(pp, "phi3", &r, NULL) == 0);
	struct rshape w[3] = { r, r, r };
	w[0].factors = NULL;
	w[1].mscale = 0;
	w[2].factors = longf;
	static const char *const pieces[] = { "the short factors", "the attention factor", "the short (not long) factors" };
	parity("phi3", pp, &r, toks, 7, w, pieces, 3);
	/* a context past the original one takes the long factors */
	orig_ctx = 32;
	CHECK(write_random(pp, "phi3", &r, NULL) == 0);
	r.factors = longf;
	w[0] = r;
	w[0].factors = shortf;
	static const char *const lpieces[] = { "the long (not short) factors" };
	parity("phi3 past its original context", pp, &r, toks, 7, w, lpieces, 1);
	orig_ctx = 0;
	r.factors = shortf;

	/* hostile shapes, by name */
	CHECK(write_random(pp, "phi3", &r, "blk.1.attn_qkv.weight") == 0);
	refused(pp, "missing tensor blk.1.attn_q.weight");
	static const float zero[4] = { 1, 0, 1, 1 };
	struct rshape bad = r;
	bad.factors = zero;
	CHECK(write_random(pp, "phi3", &bad, NULL) == 0);
	refused(pp, "rope_factors_short.weight[1]");
	phi3_long = NULL;
}

/* Small models of each architecture, against the written-out pass (llama
 * aside: it rotates adjacent pairs, ref_forward NEOX ones); with
 * MODEL_SEED_DIR set they are written there as the fuzz_model seeds. */
static void test_small_models(void)
{
	static const char *const archs[] = { "llama", "qwen2", "qwen3", "gemma2", "gemma3", "phi3" };
	static const float factors[2] = { 1.0f, 4.0f };
	const char *sd = getenv("MODEL_SEED_DIR");
	int32_t stoks[5] = { 3, 23, 0, 9, 9 };
	for (int i = 0; i < 6; i++) {
		struct rshape small = { .embd = 16, .heads = 4, .kv_heads = 2, .hd = 8, .ff = 32, .vocab = 24,
					.layers = 1, .rope_base = 10000.0f };
		if (i == 2)
			small.hd = 16; /* qwen3: heads wider than embd / heads */
		if (i == 3 || i == 4) {
			small = (struct rshape){ .embd = 16, .heads = 2, .kv_heads = 1, .hd = 16, .ff = 32, .vocab = 24,
						 .layers = 2, .rope_base = 10000.0f, .gelu = 1, .emb_scale = 4,
						 .swa = 2, .swa_pattern = i == 3 ? 2 : 6 };
			if (i == 3)
				small.attn_cap = 50, small.final_cap = 30; /* the defaults, written out */
		}
		if (i == 5)
			small.rot = 4, small.factors = factors, small.mscale = 1.1f;
		char sp[600];
		if (sd)
			snprintf(sp, sizeof(sp), "%s/%s", sd, archs[i]);
		else
			snprintf(sp, sizeof(sp), "%s", tmp_path("small.gguf"));
		CHECK(write_random(sp, archs[i], &small, NULL) == 0);
		if (i == 0)
			continue;
		double d = engine_vs_ref(sp, &small, stoks, 5);
		CHECK_MSG(d < 1e-3, "random %s, 5 tokens: engine vs written-out pass differ by %g", archs[i], d);
	}
}

/*
 * YaRN (rope.scaling.type "yarn"): with 16 rotated dims, base 10000, an
 * original context of 32 and a factor of 4, ggml's ramp bounds are
 * lo = max(0, floor(16 ln(32 / 64 pi) / (2 ln 10000))) = max(0, floor(-1.6)) = 0
 * and hi = min(15, ceil(16 ln(32 / 2 pi) / (2 ln 10000))) = ceil(1.41) = 2,
 * so pair 0 keeps its frequency (mix 1), pair 1 takes
 * 0.5 / 4 + 0.5 = 0.625 of it (a divisor of 1.6) and pairs 2.. a quarter;
 * the rotated values are scaled by 1 + 0.1 ln 4. Worked out by hand here
 * and fed to ref_forward() as per-pair divisors and mscale.
 */
static void test_yarn(void)
{
	char yp[512];
	snprintf(yp, sizeof(yp), "%s", tmp_path("yarn.gguf"));
	static const float div[8] = { 1.0f, 1.6f, 4, 4, 4, 4, 4, 4 }, lin[8] = { 4, 4, 4, 4, 4, 4, 4, 4 };
	int32_t toks[7] = { 3, 17, 39, 0, 22, 22, 8 };
	struct rshape r = { .embd = 32, .heads = 4, .kv_heads = 2, .hd = 16, .ff = 48, .vocab = 40, .layers = 2,
			    .rope_base = 10000.0f, .factors = div, .mscale = (float)(1.0 + 0.1 * log(4.0)) };
	yarn_factor = 4;
	orig_ctx = 32;
	CHECK(write_random(yp, "qwen3", &r, NULL) == 0);
	struct rshape w[3] = { r, r, r };
	w[0].factors = NULL, w[0].mscale = 0; /* no scaling */
	w[1].factors = lin, w[1].mscale = 0; /* linear scaling by 4 */
	w[2].mscale = 0; /* the ramp without the magnitude scaling */
	static const char *const pieces[] = { "any scaling", "the ramp (linear instead)", "the magnitude scaling" };
	parity("qwen3 with YaRN", yp, &r, toks, 7, w, pieces, 3);
	/* a factor below 1 is refused by name */
	yarn_factor = 0.5f;
	CHECK(write_random(yp, "qwen3", &r, NULL) == 0);
	refused(yp, "rope.scaling.factor");
	yarn_factor = 4; /* a base of 1 would divide by ln 1 */
	r.rope_base = 1;
	CHECK(write_random(yp, "qwen3", &r, NULL) == 0);
	refused(yp, "rope.freq_base");
	yarn_factor = 0;
	orig_ctx = 0;
}

/* Llama 3.1-style rope_freqs.weight: each rotated pair's angle is divided
 * by its factor. Factors of 1 change nothing; factors of 2 everywhere are
 * linear scaling by 2; uneven factors change the logits; a tensor of the
 * wrong size or a factor that is not positive is refused by name. */
static void test_rope_freqs(void)
{
	char base[512];
	snprintf(base, sizeof(base), "%s", tmp_path("rope.gguf"));
	CHECK(llama2c_convert("testdata/models/tiny260k.bin", NULL, QUANT_TYPE_F32, base, err, sizeof(err)) == 0);
	/* tiny260k: dim 64, 8 heads, so 8 rotated dims and 4 factors */
	float ones[4] = { 1, 1, 1, 1 }, twos[4] = { 2, 2, 2, 2 }, uneven[4] = { 1, 1.5f, 4, 8 };
	float bad[4] = { 1, 0, 1, 1 };
	char p1[512], p2[512], p3[512];
	snprintf(p1, sizeof(p1), "%s", tmp_path("rope1.gguf"));
	snprintf(p2, sizeof(p2), "%s", tmp_path("rope2.gguf"));
	snprintf(p3, sizeof(p3), "%s", tmp_path("rope3.gguf"));
	CHECK(rope_copy(base, p1, ones, 4, 0) == 0);
	CHECK_MSG(logit_diff(base, p1) == 0, "factors of 1 changed the logits");
	CHECK(rope_copy(base, p1, twos, 4, 0) == 0);
	CHECK(rope_copy(base, p2, NULL, 0, 2) == 0);
	double d = logit_diff(p1, p2);
	CHECK_MSG(d < 1e-4, "factors of 2 vs linear scaling by 2: logits differ by %g", d);
	CHECK_MSG(logit_diff(base, p2) > 1e-2, "linear scaling by 2 did not change the logits");
	CHECK(rope_copy(base, p3, uneven, 4, 0) == 0);
	d = logit_diff(base, p3);
	CHECK_MSG(d > 1e-2 && d < 1e9, "uneven factors: logits differ by %g", d);

	struct engine_params p;
	engine_params_default(&p);
	struct engine *e = NULL;
	CHECK(rope_copy(base, p1, ones, 3, 0) == 0);
	p.model_path = p1;
	CHECK(engine_open(&p, &e, err, sizeof(err)) != 0 && strstr(err, "rope_freqs.weight"));
	CHECK(rope_copy(base, p1, bad, 4, 0) == 0);
	CHECK(engine_open(&p, &e, err, sizeof(err)) != 0 && strstr(err, "rope_freqs.weight[1]"));
}

static void report(const char *what, const struct qstats *st)
{
	if (getenv("ENGINE_TEST_VERBOSE"))
		fprintf(stderr, "%s: top-1 agreement %.4f (%d/%d), max logit error %.4f, relative rms %.4f\n", what,
			(double)st->agree / st->steps, st->agree, st->steps, st->max_err, sqrt(st->sum_sq / st->ref_sq));
}

static void test_tiny_quant(void)
{
	size_t sz = (size_t)NCASE * NSTEP * 512;
	float *ref = malloc(sz * 4), *q = malloc(sz * 4), *dq = malloc(sz * 4);
	struct engine *e = NULL;
	CHECK(teacher_forced(tmp_path("f32.gguf"), &e, ref) == 0);
	engine_close(e);
	/* the F32 run itself must pick the reference ids (sanity) */
	struct qstats st;
	compare_q(ref, ref, &st);
	CHECK_EQ_INT(st.agree, st.steps);

	/*
	 * Two comparisons per type (ENGINE_TEST_VERBOSE=1 prints the numbers):
	 *
	 * 1. quantized engine vs the float engine on the *same* weights
	 *    dequantized to F32: what the kernels add, i.e. rounding the
	 *    activations to int8 per block of 32 (Q8_0 style). Each activation
	 *    moves by at most 1/254 of its block's largest magnitude, so a dot
	 *    product moves by well under 1%; through 5 layers of this sensitive
	 *    model the logits moved by 5.3% relative RMS (Q8_0) and 5.1%
	 *    (Q4_0). Bound: 10%.
	 *
	 * 2. quantized engine vs the F32 model: the whole quantization error.
	 *    tiny260k is extremely sensitive to weight rounding (dim 64, its
	 *    first-step top-2 margin is 0.1): Q8_0 weights alone, run in float,
	 *    already move the logits by 7% relative RMS (top-1 agreement 91%),
	 *    and Q4_0 weights by 72% (agreement 30%, chance is 0.2%). Measured
	 *    with the kernels: Q8_0 88.7% / 8.8%, Q4_0 29.4% / 71.8%. The
	 *    bounds keep a margin over those numbers and still catch a broken
	 *    kernel (a wrong scale or nibble order sends agreement to chance
	 *    and the error past 100%).
	 */
	const uint32_t types[] = { QUANT_TYPE_Q8_0, QUANT_TYPE_Q4_0 };
	const char *names[] = { "q8_0", "q4_0" };
	const double kern_rel[] = { 0.10, 0.10 };
	const double min_agree[] = { 0.85, 0.22 };
	const double max_rel[] = { 0.12, 0.85 };
	for (int i = 0; i < 2; i++) {
		char qp[64], dp[64];
		snprintf(qp, sizeof(qp), "%s.gguf", names[i]);
		snprintf(dp, sizeof(dp), "%s-dq.gguf", names[i]);
		CHECK(llama2c_convert("testdata/models/tiny260k.bin", NULL, types[i], tmp_path(qp), err, sizeof(err)) == 0);
		CHECK(dequant_copy(tmp_path(qp), tmp_path(dp)) == 0);
		CHECK(teacher_forced(tmp_path(dp), &e, dq) == 0);
		engine_close(e);
		char what[64];
		/* every kernel family on its own, then the default */
		for (enum kernel_isa isa = KERNEL_ISA_REF; isa <= KERNEL_ISA_AVX512; isa++) {
			if (!kernel_isa_available(isa))
				continue;
			kernel_set_isa(isa);
			CHECK(teacher_forced(tmp_path(qp), &e, q) == 0);
			engine_close(e);
			compare_q(dq, q, &st);
			snprintf(what, sizeof(what), "%s (%s kernels) vs its weights in f32", names[i], kernel_isa_name(isa));
			report(what, &st);
			CHECK_MSG(sqrt(st.sum_sq / st.ref_sq) <= kern_rel[i], "%s", what);
		}
		kernel_set_isa(KERNEL_ISA_AUTO);
		CHECK(teacher_forced(tmp_path(qp), &e, q) == 0);
		engine_close(e);
		compare_q(dq, q, &st);
		snprintf(what, sizeof(what), "%s vs its weights in f32", names[i]);
		report(what, &st);
		CHECK_MSG(sqrt(st.sum_sq / st.ref_sq) <= kern_rel[i], "%s", what);
		compare_q(ref, q, &st);
		snprintf(what, sizeof(what), "%s vs f32 model", names[i]);
		report(what, &st);
		CHECK_MSG((double)st.agree / st.steps >= min_agree[i], "%s agreement", what);
		CHECK_MSG(sqrt(st.sum_sq / st.ref_sq) <= max_rel[i], "%s relative rms", what);
		compare_q(ref, dq, &st);
		snprintf(what, sizeof(what), "%s weights in f32 vs f32 model", names[i]);
		report(what, &st);
	}
	free(ref);
	free(q);
	free(dq);
}

/* ---- repacked weights ----
 * The tiny Q4_0 and Q8_0 models (test_tiny_quant wrote them) run with
 * the repacked copy (in memory, then through a cache file) and without
 * it: the logits agree within float noise (the eight-row kernels sum in
 * another order; 3% relative RMS, see below), the cache gives the
 * in-memory copy's bits on the run that writes it and on the run that maps
 * it, and a damaged cache file is not used (the logits stay the same and
 * the file is written again). */
static size_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) ? 0 : (size_t)st.st_size;
}

/*
 * A prompt runs in passes of equal size (blk_pass: 69 tokens as 23 + 23 +
 * 23, not 32 + 32 + 5); a row's result does not depend on the rows beside
 * it, so the logits are bit for bit those of the old split (32 + 32 + 5,
 * evaluated as three calls) and of a split at every other place, in F32
 * and in Q4_0 (repacked, gemm16 and gemm8 kernels).
 */
static void test_prompt_passes(void)
{
	CHECK(blk_pass(69, 32) == 23 && blk_pass(46, 32) == 23 && blk_pass(23, 32) == 23);
	CHECK(blk_pass(64, 32) == 32 && blk_pass(33, 32) == 17 && blk_pass(1, 32) == 1 && blk_pass(32, 32) == 32);
	CHECK(blk_pass(65, 32) == 22 && blk_pass(43, 32) == 22 && blk_pass(21, 32) == 21);
	for (int n = 1; n <= 200; n++) { /* every pass at most max, and as few passes as max allows */
		int passes = 0, ok = 1;
		for (int left = n, k; left > 0; left -= k, passes++) {
			k = blk_pass(left, 32);
			ok &= k >= 1 && k <= 32 && k <= left;
		}
		CHECK_MSG(ok && passes == (n + 31) / 32, "blk_pass: %d tokens in %d passes", n, passes);
	}
	const char *names[] = { "f32.gguf", "q4_0.gguf" };
	int32_t seq[69];
	for (int i = 0; i < 69; i++)
		seq[i] = 1 + (i * 37) % 500;
	for (int i = 0; i < 2; i++) {
		struct engine_params p;
		engine_params_default(&p);
		p.model_path = tmp_path(names[i]);
		p.n_threads = 2;
		struct engine *e;
		if (engine_open(&p, &e, err, sizeof(err))) {
			CHECK_MSG(0, "%s: %s", names[i], err);
			continue;
		}
		float a[512], b[512], c[512];
		CHECK(engine_eval(e, seq, 69, 0, a, err, sizeof(err)) == 0);
		CHECK(engine_eval(e, seq, 32, 0, NULL, err, sizeof(err)) == 0);
		CHECK(engine_eval(e, seq + 32, 32, 32, NULL, err, sizeof(err)) == 0);
		CHECK(engine_eval(e, seq + 64, 5, 64, b, err, sizeof(err)) == 0);
		CHECK(engine_eval(e, seq, 7, 0, NULL, err, sizeof(err)) == 0);
		CHECK(engine_eval(e, seq + 7, 61, 7, NULL, err, sizeof(err)) == 0);
		CHECK(engine_eval(e, seq + 68, 1, 68, c, err, sizeof(err)) == 0);
		CHECK_MSG(!memcmp(a, b, sizeof a) && !memcmp(a, c, sizeof a),
			  "%s: a 69-token prompt's logits depend on how it is split", names[i]);
		engine_close(e);
	}
}

static void test_repack(void)
{
	size_t nf = (size_t)NCASE * NSTEP * 512;
	float *off = malloc(nf * 4), *mem = malloc(nf * 4), *c = malloc(nf * 4);
	const char *names[] = { "q4_0.gguf", "q8_0.gguf" };
	const uint32_t types[] = { QUANT_TYPE_Q4_0, QUANT_TYPE_Q8_0 };
	struct engine *e;
	for (int i = 0; i < 2; i++) {
		const char *path = tmp_path(names[i]);
		char cdir[512]; /* one cache directory per model */
		snprintf(cdir, sizeof cdir, "%s%d", tmp_path("x8cache"), i);
		CHECK(mkdir(cdir, 0755) == 0);
		setenv("LLM_ENGINE_REPACK", "0", 1);
		CHECK(teacher_forced(path, &e, off) == 0);
		engine_close(e);
		unsetenv("LLM_ENGINE_REPACK");
		CHECK(teacher_forced(path, &e, mem) == 0);
		engine_close(e);
		double dd = 0, ss = 0;
		for (size_t k = 0; k < nf; k++) {
			dd += (double)(off[k] - mem[k]) * (off[k] - mem[k]);
			ss += (double)off[k] * off[k];
		}
		/* float noise, amplified by this tiny model's sensitivity: the
		 * unpacked SIMD kernels are 1.0-1.5% relative RMS from the scalar
		 * reference here, the repacked ones 1.0-1.2% */
		CHECK_MSG(sqrt(dd / ss) <= 0.03, "%s: repacked logits %g relative RMS from the unpacked ones", names[i],
			  sqrt(dd / ss));
		if (!kernel_x8_for(types[i]))
			continue; /* nothing repacked with these kernels: no cache file */
		setenv("LLM_ENGINE_REPACK_CACHE", cdir, 1);
		CHECK(teacher_forced(path, &e, c) == 0); /* writes the cache */
		engine_close(e);
		CHECK_MSG(!memcmp(c, mem, nf * 4), "%s: the run writing the cache differs", names[i]);
		CHECK(teacher_forced(path, &e, c) == 0); /* maps it */
		engine_close(e);
		CHECK_MSG(!memcmp(c, mem, nf * 4), "%s: the run mapping the cache differs", names[i]);
		/* the one file, truncated by a byte */
		char cmd[1200], file[1024] = "";
		snprintf(cmd, sizeof cmd, "ls '%s'/llm-x8-*.bin", cdir);
		FILE *ls = popen(cmd, "r");
		int nfiles = 0;
		char line[1024];
		while (ls && fgets(line, sizeof line, ls)) {
			line[strcspn(line, "\n")] = 0;
			snprintf(file, sizeof file, "%s", line);
			nfiles++;
		}
		if (ls)
			pclose(ls);
		CHECK_EQ_INT(nfiles, 1);
		size_t full = file_size(file);
		CHECK(full > 4096 && truncate(file, (off_t)full - 1) == 0);
		CHECK(teacher_forced(path, &e, c) == 0);
		engine_close(e);
		CHECK_MSG(!memcmp(c, mem, nf * 4), "%s: a damaged cache file was used", names[i]);
		CHECK(file_size(file) == full);
		unsetenv("LLM_ENGINE_REPACK_CACHE");
	}
	free(off);
	free(mem);
	free(c);
}

/* ---- engine errors ---- */

static void test_errors(void)
{
	struct engine_params p;
	engine_params_default(&p);
	struct engine *e = NULL;
	p.model_path = tmp_path("missing.gguf");
	CHECK(engine_open(&p, &e, err, sizeof(err)) == -1 && e == NULL && strstr(err, "missing.gguf"));
	p.model_path = tmp_path("f32.gguf");
	p.n_ctx = 100000;
	CHECK(engine_open(&p, &e, err, sizeof(err)) == -1 && strstr(err, "training context"));
	p.n_ctx = 16;
	p.n_threads = 1;
	CHECK(engine_open(&p, &e, err, sizeof(err)) == 0);
	if (!e)
		return;
	const struct engine_info *in = engine_info(e);
	CHECK_EQ_STR(in->arch, "llama");
	CHECK_EQ_INT(in->n_vocab, 512);
	CHECK_EQ_INT(in->n_ctx_train, 512);
	CHECK_EQ_INT(in->n_ctx, 16);
	CHECK_EQ_INT(in->bos_id, 1);
	CHECK_EQ_INT(in->eos_id, 2);
	CHECK(in->chat_template == NULL);
	int32_t ids[20];
	for (int i = 0; i < 20; i++)
		ids[i] = 1 + i;
	float lg[512];
	CHECK(engine_eval(e, ids, 17, 0, lg, err, sizeof(err)) == -1 && strstr(err, "context overflow"));
	CHECK(engine_eval(e, ids, 10, 0, lg, err, sizeof(err)) == 0);
	CHECK(engine_eval(e, ids, 7, 10, lg, err, sizeof(err)) == -1 && strstr(err, "context overflow"));
	CHECK(engine_eval(e, ids, 6, 10, lg, err, sizeof(err)) == 0);
	int32_t bad = 512;
	CHECK(engine_eval(e, &bad, 1, 0, lg, err, sizeof(err)) == -1 && strstr(err, "out of range"));
	/* generation that runs into the end of the context stops cleanly */
	struct engine_gen g;
	engine_gen_default(&g);
	g.max_tokens = 100;
	g.stop_at_eos = 0;
	struct engine_stats st;
	CHECK(engine_generate(e, ids, 10, &g, NULL, NULL, &st, err, sizeof(err)) == 0);
	CHECK_EQ_INT(st.finish, ENGINE_FINISH_CONTEXT);
	CHECK_EQ_INT(st.n_gen, 7);
	CHECK(engine_generate(e, ids, 17, &g, NULL, NULL, &st, err, sizeof(err)) == -1 && strstr(err, "context overflow"));
	engine_close(e);

	/* prefix reuse: the same prompt again, and a prompt sharing a prefix,
	 * give exactly what a fresh engine gives */
	p.n_ctx = 0;
	struct engine *fresh;
	CHECK(engine_open(&p, &e, err, sizeof(err)) == 0);
	CHECK(engine_open(&p, &fresh, err, sizeof(err)) == 0);
	if (e && fresh) {
		static struct collect a, b;
		g.temperature = 0;
		g.max_tokens = 30;
		int32_t pa[5] = { 1, 400, 401, 402, 403 }, pb[4] = { 1, 400, 401, 77 };
		memset(&a, 0, sizeof(a));
		a.e = e;
		CHECK(engine_generate(e, pa, 5, &g, collect_cb, &a, &st, err, sizeof(err)) == 0 && st.n_reused == 0);
		memset(&a, 0, sizeof(a));
		a.e = e;
		CHECK(engine_generate(e, pa, 5, &g, collect_cb, &a, &st, err, sizeof(err)) == 0);
		CHECK_EQ_INT(st.n_reused, 4);
		memset(&b, 0, sizeof(b));
		b.e = fresh;
		CHECK(engine_generate(fresh, pa, 5, &g, collect_cb, &b, &st, err, sizeof(err)) == 0);
		CHECK(memcmp(a.ids, b.ids, sizeof(int32_t) * 30) == 0 && memcmp(a.logits, b.logits, sizeof(a.logits)) == 0);
		memset(&a, 0, sizeof(a));
		a.e = e;
		CHECK(engine_generate(e, pb, 4, &g, collect_cb, &a, &st, err, sizeof(err)) == 0);
		CHECK_EQ_INT(st.n_reused, 3);
		engine_close(fresh);
		CHECK(engine_open(&p, &fresh, err, sizeof(err)) == 0);
		memset(&b, 0, sizeof(b));
		b.e = fresh;
		CHECK(engine_generate(fresh, pb, 4, &g, collect_cb, &b, &st, err, sizeof(err)) == 0);
		CHECK(memcmp(a.ids, b.ids, sizeof(int32_t) * 30) == 0 && memcmp(a.logits, b.logits, sizeof(a.logits)) == 0);
	}
	engine_close(e);
	engine_close(fresh);

	/* an architecture the engine does not run is named */
	struct gguf_writer *w = gguf_writer_new();
	gguf_writer_add_str(w, "general.architecture", "mamba");
	CHECK(gguf_writer_write(w, tmp_path("mamba.gguf"), err, sizeof(err)) == 0);
	gguf_writer_free(w);
	p.model_path = tmp_path("mamba.gguf");
	CHECK(engine_open(&p, &e, err, sizeof(err)) == -1 && strstr(err, "architecture 'mamba'"));
}

/* A 1-layer llama of zeros (n_embd 256, so K-quant rows fit) with one
 * tensor's type, name or shape changed, and optionally a huge block count:
 * each must be refused by name. */
/* Extra metadata write_model() adds when set (a vocabulary, say). */
static void (*model_extra)(struct gguf_writer *w);

static int write_model(const char *path, const char *odd, uint32_t odd_type, int drop, int64_t odd_rows,
		       uint32_t blocks)
{
	struct gguf_writer *w = gguf_writer_new();
	if (model_extra)
		model_extra(w);
	gguf_writer_add_str(w, "general.architecture", "llama");
	gguf_writer_add_u32(w, "llama.context_length", 64);
	gguf_writer_add_u32(w, "llama.embedding_length", 256);
	gguf_writer_add_u32(w, "llama.block_count", blocks);
	gguf_writer_add_u32(w, "llama.feed_forward_length", 256);
	gguf_writer_add_u32(w, "llama.attention.head_count", 4);
	gguf_writer_add_u32(w, "llama.attention.head_count_kv", 2);
	static const char *names[] = { "token_embd.weight", "output_norm.weight", "blk.0.attn_norm.weight",
		"blk.0.ffn_norm.weight", "blk.0.attn_q.weight", "blk.0.attn_k.weight", "blk.0.attn_v.weight",
		"blk.0.attn_output.weight", "blk.0.ffn_gate.weight", "blk.0.ffn_up.weight", "blk.0.ffn_down.weight" };
	static const int64_t rows[] = { 8, 1, 1, 1, 256, 128, 128, 256, 256, 256, 256 };
	static uint8_t zeros[256 * 256 * 4];
	int rc = 0;
	for (int i = 0; i < 11; i++) {
		int is_odd = odd && !strcmp(names[i], odd);
		if (is_odd && drop)
			continue;
		uint32_t type = is_odd && odd_type ? odd_type : QUANT_TYPE_F32;
		int64_t ne[2] = { 256, is_odd && odd_rows ? odd_rows : rows[i] };
		uint64_t rs;
		quant_row_size(type, 256, &rs);
		rc |= gguf_writer_add_tensor(w, names[i], type, rows[i] == 1 ? 1 : 2, ne, zeros, rs * (uint64_t)ne[1]);
	}
	rc |= gguf_writer_write(w, path, err, sizeof(err));
	gguf_writer_free(w);
	return rc ? -1 : 0;
}

/* The 8 tokens write_model()'s embedding has: a chat vocabulary whose eos
 * is not the end-of-turn marker, as in Llama 3 and ChatML files. */
static int eog_with_eot;
static void eog_vocab(struct gguf_writer *w)
{
	static const char *const toks[] = { "<unk>", "<s>", "</s>", "<|eot_id|>", "<|im_end|>", "a", "b",
		"<|start_header_id|>" };
	static const int32_t types[] = { 2, 3, 3, 3, 3, 1, 1, 3 };
	static const float scores[8];
	gguf_writer_add_str(w, "tokenizer.ggml.model", "llama");
	gguf_writer_add_arr_str(w, "tokenizer.ggml.tokens", toks, NULL, 8);
	gguf_writer_add_arr(w, "tokenizer.ggml.token_type", GGUF_VTYPE_I32, types, 8);
	gguf_writer_add_arr(w, "tokenizer.ggml.scores", GGUF_VTYPE_F32, scores, 8);
	gguf_writer_add_u32(w, "tokenizer.ggml.bos_token_id", 1);
	gguf_writer_add_u32(w, "tokenizer.ggml.eos_token_id", 2);
	if (eog_with_eot)
		gguf_writer_add_u32(w, "tokenizer.ggml.eot_token_id", 6);
}

/* Generation ends at eos, at eot, and at the end-of-turn markers a
 * vocabulary holds as control tokens; not at other control tokens. */
static void test_eog(void)
{
	struct engine_params p;
	engine_params_default(&p);
	p.model_path = tmp_path("eog.gguf");
	p.n_threads = 1;
	for (eog_with_eot = 0; eog_with_eot < 2; eog_with_eot++) {
		struct engine *e = NULL;
		model_extra = eog_vocab;
		CHECK(write_model(p.model_path, NULL, 0, 0, 0, 1) == 0);
		model_extra = NULL;
		CHECK_MSG(engine_open(&p, &e, err, sizeof(err)) == 0, "%s", err);
		if (!e)
			continue;
		CHECK(engine_info(e)->has_tokenizer);
		CHECK(engine_is_eog(e, 2) && engine_is_eog(e, 3) && engine_is_eog(e, 4));
		CHECK(!engine_is_eog(e, 0) && !engine_is_eog(e, 1) && !engine_is_eog(e, 5) && !engine_is_eog(e, 7));
		CHECK(engine_is_eog(e, 6) == eog_with_eot);
		engine_close(e);
	}
}

static void test_hostile_models(void)
{
	struct engine_params p;
	engine_params_default(&p);
	p.model_path = tmp_path("m.gguf");
	p.n_threads = 1;
	struct engine *e = NULL;
	/* the baseline opens: tied head, no tokenizer, ids still work */
	CHECK(write_model(p.model_path, NULL, 0, 0, 0, 1) == 0);
	CHECK(engine_open(&p, &e, err, sizeof(err)) == 0);
	if (e) {
		CHECK(!engine_info(e)->has_tokenizer);
		int32_t ids[2] = { 1, 7 }, out[4];
		float lg[8];
		CHECK(engine_eval(e, ids, 2, 0, lg, err, sizeof(err)) == 0 && lg[0] == 0);
		CHECK(engine_tokenize(e, "hi", 2, 1, out, 4, err, sizeof(err)) == -1 && strstr(err, "tokenizer"));
		engine_close(e);
	}
	CHECK(write_model(p.model_path, "blk.0.ffn_up.weight", QUANT_TYPE_Q2_K, 0, 0, 1) == 0);
	CHECK(engine_open(&p, &e, err, sizeof(err)) == -1 && strstr(err, "blk.0.ffn_up.weight") && strstr(err, "Q2_K"));
	CHECK(write_model(p.model_path, "blk.0.attn_k.weight", QUANT_TYPE_IQ4_XS, 0, 0, 1) == 0);
	CHECK(engine_open(&p, &e, err, sizeof(err)) == -1 && strstr(err, "IQ4_XS"));
	CHECK(write_model(p.model_path, "blk.0.attn_v.weight", 0, 1, 0, 1) == 0);
	CHECK(engine_open(&p, &e, err, sizeof(err)) == -1 && strstr(err, "missing tensor blk.0.attn_v.weight"));
	CHECK(write_model(p.model_path, "blk.0.attn_q.weight", 0, 0, 128, 1) == 0);
	CHECK(engine_open(&p, &e, err, sizeof(err)) == -1 && strstr(err, "blk.0.attn_q.weight has shape"));
	CHECK(write_model(p.model_path, NULL, 0, 0, 0, 100000) == 0);
	CHECK(engine_open(&p, &e, err, sizeof(err)) == -1 && strstr(err, "block_count"));
	CHECK(write_model(p.model_path, NULL, 0, 0, 0, 2) == 0);
	CHECK(engine_open(&p, &e, err, sizeof(err)) == -1 && strstr(err, "missing tensor blk.1."));
}

/* ---- tokenizer ---- */

static int hexdecode(const char *h, char *out)
{
	int n = 0;
	while (h[0] && h[0] != '"' && h[1]) {
		unsigned v;
		sscanf(h, "%2x", &v);
		out[n++] = (char)v;
		h += 2;
	}
	return n;
}

static void test_tokenizer(void)
{
	struct llama2c_vocab v;
	if (llama2c_vocab_read("testdata/models/llama2-tokenizer.bin", 0, &v, err, sizeof(err))) {
		CHECK_MSG(0, "%s", err);
		return;
	}
	CHECK_EQ_INT(v.n, 32000);
	struct gguf_writer *w = gguf_writer_new();
	CHECK(llama2c_vocab_add(w, &v) == 0);
	void *mem;
	size_t size;
	CHECK(gguf_writer_write_mem(w, &mem, &size, err, sizeof(err)) == 0);
	gguf_writer_free(w);
	llama2c_vocab_free(&v);
	struct gguf_ctx *g;
	struct tok *t = NULL;
	CHECK(gguf_open_mem(mem, size, &g, err, sizeof(err)) == 0);
	CHECK(tok_new_gguf(g, &t, err, sizeof(err)) == 0);
	gguf_close(g);
	free(mem);
	if (!t)
		return;
	CHECK_EQ_INT(tok_bos(t), 1);
	CHECK_EQ_INT(tok_eos(t), 2);
	CHECK_EQ_INT(tok_unk(t), 0);
	char *j = unit_read_file("testdata/engine/tokenizer-llama2.json", NULL);
	CHECK(j != NULL);
	const char *c = j ? strstr(j, "\"cases\"") : NULL;
	int ncase = 0;
	while (c && (c = strstr(c, "\"utf8_hex\": \""))) {
		char text[512];
		int len = hexdecode(c + 13, text);
		text[len] = 0;
		int32_t want_bos[256], want[256], got[256];
		int nb = int_array(&c, "ids_bos", want_bos, 256);
		int nn = int_array(&c, "ids_no_bos", want, 256);
		int n = tok_encode(t, text, (size_t)len, 1, got, 256, err, sizeof(err));
		int same = n == nb;
		for (int i = 0; same && i < n; i++)
			same = got[i] == want_bos[i];
		CHECK_MSG(same, "encode(\"%s\") with BOS: %d ids, want %d", text, n, nb);
		n = tok_encode(t, text, (size_t)len, 0, got, 256, err, sizeof(err));
		same = n == nn;
		for (int i = 0; same && i < n; i++)
			same = got[i] == want[i];
		CHECK_MSG(same, "encode(\"%s\") without BOS: %d ids, want %d", text, n, nn);
		/* decoding gives the text back, with and without BOS */
		char back[600];
		int64_t bl = tok_decode(t, want_bos, nb, back, sizeof(back));
		CHECK_MSG(bl == len && memcmp(back, text, (size_t)len) == 0, "decode(\"%s\") = \"%s\"", text, back);
		bl = tok_decode(t, want, nn, back, sizeof(back));
		CHECK_MSG(bl == len && memcmp(back, text, (size_t)len) == 0, "decode no bos (\"%s\") = \"%s\"", text, back);
		ncase++;
	}
	CHECK_EQ_INT(ncase, 34);
	free(j);
	/* too little room: the count is still right, and nothing past max is written */
	int32_t few[3] = { -5, -5, -5 };
	int n = tok_encode(t, "Hello world, again", 18, 1, few, 2, err, sizeof(err));
	CHECK(n > 2 && few[2] == -5);
	/* invalid UTF-8 and control bytes go out as byte tokens and come back */
	const char raw[] = "\xff\xfe a\x01\xc3";
	int32_t ids[32];
	n = tok_encode(t, raw, sizeof(raw) - 1, 0, ids, 32, err, sizeof(err));
	char back[64];
	CHECK(n > 0 && tok_decode(t, ids, n, back, sizeof(back)) == (int64_t)sizeof(raw) - 1 &&
	      memcmp(back, raw, sizeof(raw) - 1) == 0);
	/* a long text (200 KB) round-trips; with the heap this takes
	 * milliseconds (the naive quadratic merge loop took minutes) */
	{
		const char *unit = "Once upon a time, there was a little girl named Lily. ";
		size_t ul = strlen(unit), reps = 4000, tl = ul * reps;
		char *text = malloc(tl + 1), *dec = malloc(tl + 2);
		for (size_t i = 0; i < reps; i++)
			memcpy(text + i * ul, unit, ul);
		text[tl] = 0;
		int nl = tok_encode(t, text, tl, 1, NULL, 0, err, sizeof(err));
		int32_t *lids = malloc((size_t)(nl > 0 ? nl : 1) * sizeof(int32_t));
		CHECK(nl > 10000 && tok_encode(t, text, tl, 1, lids, nl, err, sizeof(err)) == nl);
		CHECK(tok_decode(t, lids, nl, dec, tl + 2) == (int64_t)tl && memcmp(dec, text, tl) == 0);
		free(text);
		free(dec);
		free(lids);
	}
	/* control tokens decode to nothing; "</s>" in text is text */
	int32_t ctl[2] = { 1, 2 };
	CHECK(tok_decode(t, ctl, 2, back, sizeof(back)) == 0);
	n = tok_encode(t, "</s>", 4, 0, ids, 32, err, sizeof(err));
	int has2 = 0;
	for (int i = 0; i < n; i++)
		has2 |= ids[i] == 2;
	CHECK(n > 1 && !has2);
	tok_free(t);
}

/* ---- sampler ---- */

static void test_sampler(void)
{
	enum { NV = 100 };
	float base[NV];
	for (int i = 0; i < NV; i++)
		base[i] = (float)sin(i * 1.7) * 3;
	base[42] = 5.0f;
	struct sampler_config c;
	sampler_config_default(&c);
	struct sampler *s1, *s2;
	float lg[NV];

	/* greedy = argmax; top-k 1 = greedy */
	c.temperature = 0;
	CHECK(sampler_new(&c, NV, &s1, err, sizeof(err)) == 0);
	memcpy(lg, base, sizeof(lg));
	CHECK_EQ_INT(sampler_sample(s1, lg), 42);
	sampler_free(s1);
	c.temperature = 1.5f;
	c.top_k = 1;
	CHECK(sampler_new(&c, NV, &s1, err, sizeof(err)) == 0);
	for (int r = 0; r < 20; r++) {
		memcpy(lg, base, sizeof(lg));
		CHECK_EQ_INT(sampler_sample(s1, lg), 42);
	}
	sampler_free(s1);
	/* min_p 1 keeps only the top token; a tiny top_p too */
	c.top_k = 0;
	c.min_p = 1.0f;
	CHECK(sampler_new(&c, NV, &s1, err, sizeof(err)) == 0);
	memcpy(lg, base, sizeof(lg));
	CHECK_EQ_INT(sampler_sample(s1, lg), 42);
	sampler_free(s1);
	c.min_p = 0;
	c.top_p = 1e-6f;
	CHECK(sampler_new(&c, NV, &s1, err, sizeof(err)) == 0);
	memcpy(lg, base, sizeof(lg));
	CHECK_EQ_INT(sampler_sample(s1, lg), 42);
	sampler_free(s1);

	/* same seed, same draws; another seed, other draws; top-k bounds them */
	c.top_p = 1.0f;
	c.top_k = 5;
	c.temperature = 5.0f;
	c.seed = 1234;
	CHECK(sampler_new(&c, NV, &s1, err, sizeof(err)) == 0);
	CHECK(sampler_new(&c, NV, &s2, err, sizeof(err)) == 0);
	int same = 1, distinct = 0, in_top = 1;
	int seen[NV] = { 0 };
	int32_t first[50];
	for (int r = 0; r < 50; r++) {
		memcpy(lg, base, sizeof(lg));
		int32_t a = sampler_sample(s1, lg);
		memcpy(lg, base, sizeof(lg));
		int32_t b = sampler_sample(s2, lg);
		same &= a == b;
		first[r] = a;
		distinct += !seen[a];
		seen[a] = 1;
		int higher = 0;
		for (int i = 0; i < NV; i++)
			higher += base[i] > base[a];
		in_top &= higher < 5;
	}
	CHECK(same);
	CHECK(distinct > 1 && distinct <= 5);
	CHECK(in_top);
	sampler_free(s2);
	c.seed = 99;
	CHECK(sampler_new(&c, NV, &s2, err, sizeof(err)) == 0);
	int differ = 0;
	for (int r = 0; r < 50; r++) {
		memcpy(lg, base, sizeof(lg));
		differ += sampler_sample(s2, lg) != first[r];
	}
	CHECK(differ > 0);
	sampler_free(s1);
	sampler_free(s2);
	/* the PRNG is fixed: the first draw of seed 0 is a known constant */
	c.seed = 0;
	CHECK(sampler_new(&c, NV, &s1, err, sizeof(err)) == 0);
	double r0 = sampler_rand(s1);
	CHECK(r0 >= 0 && r0 < 1);
	sampler_free(s1);

	/* repetition penalty: a penalized top token loses to the runner-up */
	c.temperature = 0;
	c.repeat_penalty = 2.0f;
	c.repeat_last_n = 4;
	CHECK(sampler_new(&c, NV, &s1, err, sizeof(err)) == 0);
	sampler_accept(s1, 42);
	memcpy(lg, base, sizeof(lg));
	int32_t pick = sampler_sample(s1, lg);
	CHECK(pick != 42);
	/* ...and once it leaves the window it is free again */
	for (int i = 0; i < 4; i++)
		sampler_accept(s1, 7);
	memcpy(lg, base, sizeof(lg));
	CHECK_EQ_INT(sampler_sample(s1, lg), 42);
	sampler_free(s1);
	c.repeat_penalty = -1;
	CHECK(sampler_new(&c, NV, &s1, err, sizeof(err)) == -1 && strstr(err, "repeat_penalty"));
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/test_engine.XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_sampler();
	test_tokenizer();
	if (load_ref() == 0) {
		test_tiny_f32();
		test_rope_freqs();
		test_qwen2();
		test_qwen3();
		test_gemma();
		test_phi3();
		test_yarn();
		test_small_models();
		test_tiny_quant();
		test_repack();
		test_prompt_passes();
		test_errors();
		test_hostile_models();
		test_eog();
	} else {
		CHECK_MSG(0, "cannot read testdata/engine/tiny260k.ref.*");
	}
	free(ref_logits);
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	UNIT_DONE();
}
