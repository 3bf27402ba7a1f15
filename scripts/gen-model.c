/*
 * gen-model: writes a GGUF model with deterministic random weights at a
 * real model's shapes, with the real Llama 2 vocabulary, in any weight
 * type the engine reads and any architecture it runs. For benchmarks (the
 * bytes per token are what matter, not what the model says) and for tests
 * on small shapes.
 *
 *   gen-model --shape NAME --tokenizer tokenizer.bin [--arch A] [--type T]
 *             [--seed S] [-t THREADS] out.gguf
 *
 * Shapes: tinyllama (llama), qwen2.5-0.5b (qwen2), qwen3-0.6b (qwen3),
 * gemma2-2b (gemma2), gemma3-1b (gemma3), phi3.5-mini (phi3),
 * qwen3.5-0.8b (qwen35), gemma4-e2b (gemma4), each with its architecture,
 * and tiny (small, for tests). --arch (llama qwen2 qwen3 gemma2 gemma3
 * phi3 qwen35 gemma4) overrides the shape's: qwen2 adds q/k/v biases,
 * qwen3 and gemma3 q/k norms, gemma2/gemma3 post-norms and a sliding
 * window (gemma2 with its soft-caps), phi3 fuses attn_qkv and gate-up;
 * qwen35 makes three layers in four Gated DeltaNet layers (key heads =
 * heads, value heads = twice that, of head_dim / 2 unless the shape says)
 * and the fourth gated attention with a quarter of each head rotated;
 * gemma4 makes every fifth layer (and the last) global with heads twice as
 * wide and proportional RoPE factors, the rest local, the shape's last
 * kv_shared layers reading earlier layers' caches with an FFN twice as
 * wide, and per-layer token inputs of the shape's width.
 *
 * Types: f32 f16 bf16 q8_0 q4_0 q4_1 q5_0 q5_1 q4_k q5_k q6_k (every 2-D
 * weight in that type) and q4_k_m, q5_k_m (llama.cpp's mixes). Following
 * llama.cpp's quantize rules (ENGINE-FACTS 1.5): the output head (or the
 * token embedding when tied) is Q6_K unless the type is f32/f16/bf16/q8_0;
 * in the _m mixes attn_v and ffn_down are Q6_K on the layers
 * use_more_bits() picks; a row length that is not a multiple of 256 makes
 * Q4_K fall back to Q5_0, Q5_K to Q5_1, Q6_K to Q8_0 (and a 32-block type
 * to F16 when not a multiple of 32). Norms are F32.
 *
 * Weights are uniform in +-sqrt(3/cols) (unit-variance outputs), drawn per
 * row from a seed made of (seed, tensor, row), so the file is the same for
 * any thread count. Rows are quantized with the scalar reference
 * quantizers on THREADS threads.
 *
 * Exit status: 0 done, 2 usage, 3 bad tokenizer, 7 output not written.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "engine/gguf.h"
#include "engine/llama2c.h"
#include "engine/quant.h"
#include "core/exitcode.h"

struct shape {
	const char *name;
	int dim, hidden, layers, heads, kv_heads, ctx;
	int tied;
	const char *arch;
	int head_dim; /* 0: dim / heads */
	int swa; /* gemma's sliding window */
	/* qwen35: DeltaNet key and value heads and their size (0: derived) */
	int lin_k, lin_v, lin_d;
	/* gemma4: layers sharing KV, per-layer input width */
	int kv_shared, per_layer;
};

/* Sizes from each model's config.json on Hugging Face. */
static const struct shape shapes[] = {
	/* TinyLlama/TinyLlama-1.1B-Chat-v1.0 */
	{ "tinyllama", 2048, 5632, 22, 32, 4, 2048, 0, "llama", 0, 0, 0, 0, 0, 0, 0 },
	/* small, for tests: hidden 640 is not a multiple of 256, so ffn_down
	 * exercises the K-quant fallbacks; tied output head */
	{ "tiny", 256, 640, 4, 4, 2, 256, 1, "llama", 0, 64, 0, 0, 0, 0, 0 },
	/* Qwen/Qwen2.5-0.5B-Instruct */
	{ "qwen2.5-0.5b", 896, 4864, 24, 14, 2, 32768, 1, "qwen2", 0, 0, 0, 0, 0, 0, 0 },
	/* Qwen/Qwen3-0.6B */
	{ "qwen3-0.6b", 1024, 3072, 28, 16, 8, 40960, 1, "qwen3", 128, 0, 0, 0, 0, 0, 0 },
	/* google/gemma-2-2b-it */
	{ "gemma2-2b", 2304, 9216, 26, 8, 4, 8192, 1, "gemma2", 256, 4096, 0, 0, 0, 0, 0 },
	/* google/gemma-3-1b-it */
	{ "gemma3-1b", 1152, 6912, 26, 4, 1, 32768, 1, "gemma3", 256, 512, 0, 0, 0, 0, 0 },
	/* microsoft/Phi-3.5-mini-instruct (its LongRoPE factors are left out) */
	{ "phi3.5-mini", 3072, 8192, 32, 32, 32, 4096, 0, "phi3", 0, 0, 0, 0, 0, 0, 0 },
	/* Qwen/Qwen3.5-0.8B text: 24 layers of 1024 (llama.cpp's size table),
	 * heads of 256 with a quarter rotated, DeltaNet heads of 128 (the
	 * Qwen3.5 configs' linear_*_head_dim); head and FFN counts as read
	 * from the published config */
	{ "qwen3.5-0.8b", 1024, 3584, 24, 8, 2, 262144, 1, "qwen35", 256, 0, 16, 16, 128, 0, 0 },
	/* google/gemma-4-E2B text: 35 layers of 1536, 8 heads over 1 KV head
	 * of 256 (512 global), window 512, the last 20 layers sharing KV,
	 * per-layer inputs of 256, FFN 6144 (12288 in the shared layers) */
	{ "gemma4-e2b", 1536, 6144, 35, 8, 1, 131072, 1, "gemma4", 256, 512, 0, 0, 0, 20, 256 },
};
#define NSHAPES (sizeof(shapes) / sizeof(shapes[0]))

static const char usage_text[] =
	"usage: gen-model --shape NAME --tokenizer tokenizer.bin [--arch ARCH] [--type TYPE] [--seed S] [-t THREADS] "
	"out.gguf\n";

static int usage(const char *msg)
{
	if (msg)
		fprintf(stderr, "gen-model: error: %s\n", msg);
	fputs(usage_text, stderr);
	return EXITCODE_USAGE;
}

/* ---- the type rules ---- */

enum mix { MIX_NONE, MIX_Q4_K_M, MIX_Q5_K_M };

static int use_more_bits(int i, int n)
{
	return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2;
}

static uint32_t fallback(uint32_t t, int64_t cols)
{
	if (quant_block_size(t) == 256 && cols % 256) {
		switch (t) {
		case QUANT_TYPE_Q4_K: t = QUANT_TYPE_Q5_0; break;
		case QUANT_TYPE_Q5_K: t = QUANT_TYPE_Q5_1; break;
		case QUANT_TYPE_Q6_K: t = QUANT_TYPE_Q8_0; break;
		default: t = QUANT_TYPE_Q4_0; break;
		}
	}
	if (quant_block_size(t) == 32 && cols % 32)
		t = QUANT_TYPE_F16;
	return t;
}

/* kind: 0 other matrix, 1 attn_v, 2 ffn_down, 3 output head, 4 token_embd (untied) */
static uint32_t pick(uint32_t base, enum mix mix, int kind, int layer, int n_layer, int64_t cols)
{
	uint32_t t = base;
	int plain_float = base == QUANT_TYPE_F32 || base == QUANT_TYPE_F16 || base == QUANT_TYPE_BF16;
	if (kind == 3 && !plain_float && base != QUANT_TYPE_Q8_0)
		t = QUANT_TYPE_Q6_K;
	else if (mix != MIX_NONE && (kind == 1 || kind == 2) && use_more_bits(layer, n_layer))
		t = QUANT_TYPE_Q6_K;
	return fallback(t, cols);
}

/* ---- weights ---- */

struct tensor {
	char name[64];
	uint32_t type;
	int64_t cols, rows;
	int norm; /* 0 a matrix in the file's type; else see fill_rows */
	uint64_t id;
};

struct gen {
	uint64_t seed;
	int threads;
	struct tensor *t;
};

struct fill_job {
	const struct tensor *t;
	uint64_t seed;
	uint8_t *buf;
	uint64_t row_bytes;
	int ith, nth;
};

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static void *fill_rows(void *arg)
{
	struct fill_job *j = arg;
	const struct tensor *t = j->t;
	float *row = malloc((size_t)t->cols * sizeof(float));
	if (!row)
		return (void *)1;
	/* norm: 1 a norm (near 1), 2 a bias (near 0), 4 near -1 (qwen35's
	 * ssm_a), 5 a small F32 table (conv taps), 6 gemma4's proportional
	 * RoPE factors, 7 an F16 matrix */
	float a = t->norm && t->norm != 7 ? (t->norm == 5 ? 0.5f : 0.1f) : sqrtf(3.0f / (float)t->cols);
	float base = t->norm == 1 ? 1.0f : t->norm == 4 ? -1.0f : 0.0f;
	for (int64_t r = j->ith; r < t->rows; r += j->nth) {
		uint64_t s = mix64(j->seed ^ mix64(t->id * 0x9E3779B97F4A7C15ULL + (uint64_t)r + 1));
		if (!s)
			s = 1;
		for (int64_t i = 0; i < t->cols; i++) {
			s ^= s << 13;
			s ^= s >> 7;
			s ^= s << 17;
			float u = (float)((s >> 40) * (1.0 / 16777216.0)) * 2.0f - 1.0f;
			row[i] = t->norm == 6 ? (i < t->cols / 4 ? 1.0f : 1e30f) : base + a * u;
		}
		quant_quant_row_ref(t->type, row, j->buf + (uint64_t)r * j->row_bytes, t->cols);
	}
	free(row);
	return NULL;
}

struct fill_ud {
	struct gen *g;
	struct tensor *t;
};

static int fill(void *ud, void *buf, uint64_t size, char *err, size_t errlen)
{
	struct fill_ud *f = ud;
	uint64_t rb;
	if (quant_row_size(f->t->type, f->t->cols, &rb) || rb * (uint64_t)f->t->rows != size) {
		snprintf(err, errlen, "size mismatch");
		return -1;
	}
	int n = f->g->threads;
	pthread_t tid[64];
	struct fill_job jobs[64];
	for (int i = 0; i < n; i++) {
		jobs[i] = (struct fill_job){ f->t, f->g->seed, buf, rb, i, n };
		if (i && pthread_create(&tid[i], NULL, fill_rows, &jobs[i])) {
			snprintf(err, errlen, "cannot start a thread");
			n = i;
			break;
		}
	}
	void *bad = fill_rows(&jobs[0]);
	for (int i = 1; i < n; i++) {
		void *r;
		pthread_join(tid[i], &r);
		bad = bad ? bad : r;
	}
	if (bad) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

static int parse_type(const char *s, uint32_t *t, enum mix *mix)
{
	static const struct { const char *n; uint32_t t; enum mix m; } tab[] = {
		{ "f32", QUANT_TYPE_F32, MIX_NONE }, { "f16", QUANT_TYPE_F16, MIX_NONE },
		{ "bf16", QUANT_TYPE_BF16, MIX_NONE }, { "q8_0", QUANT_TYPE_Q8_0, MIX_NONE },
		{ "q4_0", QUANT_TYPE_Q4_0, MIX_NONE }, { "q4_1", QUANT_TYPE_Q4_1, MIX_NONE },
		{ "q5_0", QUANT_TYPE_Q5_0, MIX_NONE }, { "q5_1", QUANT_TYPE_Q5_1, MIX_NONE },
		{ "q4_k", QUANT_TYPE_Q4_K, MIX_NONE }, { "q5_k", QUANT_TYPE_Q5_K, MIX_NONE },
		{ "q6_k", QUANT_TYPE_Q6_K, MIX_NONE }, { "q4_k_m", QUANT_TYPE_Q4_K, MIX_Q4_K_M },
		{ "q5_k_m", QUANT_TYPE_Q5_K, MIX_Q5_K_M },
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (!strcasecmp(s, tab[i].n)) {
			*t = tab[i].t;
			*mix = tab[i].m;
			return 0;
		}
	return -1;
}

/* llama.cpp's general.file_type numbers (LLAMA_FTYPE_*) */
static uint32_t ftype(uint32_t t, enum mix mix)
{
	if (mix == MIX_Q4_K_M)
		return 15;
	if (mix == MIX_Q5_K_M)
		return 17;
	switch (t) {
	case QUANT_TYPE_F32: return 0;
	case QUANT_TYPE_F16: return 1;
	case QUANT_TYPE_Q4_0: return 2;
	case QUANT_TYPE_Q4_1: return 3;
	case QUANT_TYPE_Q8_0: return 7;
	case QUANT_TYPE_Q5_0: return 8;
	case QUANT_TYPE_Q5_1: return 9;
	case QUANT_TYPE_Q4_K: return 14; /* Q4_K_S */
	case QUANT_TYPE_Q5_K: return 16; /* Q5_K_S */
	case QUANT_TYPE_Q6_K: return 18;
	case QUANT_TYPE_BF16: return 32;
	default: return 0;
	}
}

int main(int argc, char **argv)
{
	const struct shape *sh = NULL;
	const char *arch = NULL;
	const char *tokp = NULL, *out = NULL, *tname = "q4_0";
	uint32_t base = QUANT_TYPE_Q4_0;
	enum mix mix = MIX_NONE;
	struct gen g = { .seed = 1, .threads = (int)sysconf(_SC_NPROCESSORS_ONLN) };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage_text, stdout);
			fputs("\nWrites a random-weight GGUF at real shapes with the Llama 2 vocabulary.\n"
			      "Shapes: tinyllama qwen2.5-0.5b qwen3-0.6b gemma2-2b gemma3-1b phi3.5-mini qwen3.5-0.8b\n"
			      "        gemma4-e2b tiny.\n"
			      "Architectures: llama qwen2 qwen3 gemma2 gemma3 phi3 qwen35 gemma4 (default: the shape's).\n"
			      "Types: f32 f16 bf16 q8_0 q4_0 q4_1 q5_0 q5_1 q4_k q5_k q6_k q4_k_m q5_k_m.\n",
			      stdout);
			return EXITCODE_OK;
		} else if (!strcmp(a, "--shape") && v) {
			i++;
			for (size_t k = 0; k < NSHAPES; k++)
				if (!strcmp(v, shapes[k].name))
					sh = &shapes[k];
			if (!sh)
				return usage("unknown --shape (see --help)");
		} else if (!strcmp(a, "--arch") && v) {
			i++;
			static const char *const archs[] = { "llama", "qwen2", "qwen3", "gemma2", "gemma3", "phi3", "qwen35",
							     "gemma4" };
			arch = NULL;
			for (size_t k = 0; k < sizeof(archs) / sizeof(archs[0]); k++)
				if (!strcmp(v, archs[k]))
					arch = archs[k];
			if (!arch)
				return usage("unknown --arch (llama qwen2 qwen3 gemma2 gemma3 phi3 qwen35 gemma4)");
		} else if (!strcmp(a, "--type") && v) {
			i++;
			tname = v;
			if (parse_type(v, &base, &mix))
				return usage("unknown --type");
		} else if ((!strcmp(a, "--tokenizer") || !strcmp(a, "-k")) && v) {
			tokp = argv[++i];
		} else if (!strcmp(a, "--seed") && v) {
			g.seed = strtoull(argv[++i], NULL, 10);
		} else if (!strcmp(a, "-t") && v) {
			g.threads = atoi(argv[++i]);
		} else if (a[0] == '-') {
			return usage("unknown option or missing value");
		} else if (!out) {
			out = a;
		} else {
			return usage("too many arguments");
		}
	}
	if (!sh || !tokp || !out)
		return usage("need --shape, --tokenizer and an output file");
	if (g.threads < 1)
		g.threads = 1;
	if (g.threads > 64)
		g.threads = 64;

	char err[1024];
	struct llama2c_vocab voc;
	if (llama2c_vocab_read(tokp, 0, &voc, err, sizeof(err))) {
		fprintf(stderr, "gen-model: error: %s\n", err);
		return EXITCODE_CONFIG;
	}
	if (!arch)
		arch = sh->arch;
	int V = voc.n, D = sh->dim, F = sh->hidden, L = sh->layers;
	int HD = sh->head_dim ? sh->head_dim : D / sh->heads, QD = HD * sh->heads, KV = HD * sh->kv_heads;
	int qwen2 = !strcmp(arch, "qwen2"), gemma2 = !strcmp(arch, "gemma2"), gemma3 = !strcmp(arch, "gemma3");
	int gemma = gemma2 || gemma3, phi3 = !strcmp(arch, "phi3"), qknorm = gemma3 || !strcmp(arch, "qwen3");
	int qwen35 = !strcmp(arch, "qwen35"), gemma4 = !strcmp(arch, "gemma4");
	/* qwen35: DeltaNet heads; gemma4: global heads twice as wide, the
	 * shared layers (only when the layer pattern allows: n_kv - 1 global,
	 * n_kv - 2 local) */
	int lk = sh->lin_k ? sh->lin_k : sh->heads, lv = sh->lin_v ? sh->lin_v : 2 * lk;
	int ld = sh->lin_d ? sh->lin_d : HD / 2, conv_dim = 2 * lk * ld + lv * ld;
	int KL = gemma4 ? 2 * HD : HD, ROT = qwen35 ? HD / 4 : KL;
	int shared = gemma4 ? sh->kv_shared : 0, P = gemma4 ? (sh->per_layer ? sh->per_layer : 32) : 0;
	int32_t *ffl = calloc((size_t)L, sizeof(int32_t));
	uint8_t *pat = calloc((size_t)L, 1);
	if (!ffl || !pat) {
		fprintf(stderr, "gen-model: error: out of memory\n");
		return EXITCODE_IO;
	}
	for (int l = 0; l < L; l++) {
		pat[l] = !((l + 1) % 5 == 0 || l == L - 1); /* 1: local */
		ffl[l] = l >= L - shared ? 2 * F : F;
	}
	if (shared && (L - shared < 2 || pat[L - shared - 1] || !pat[L - shared - 2]))
		shared = 0;
	struct gguf_writer *w = gguf_writer_new();
	char name[128], key[96];
#define KEY(s) (snprintf(key, sizeof(key), "%s.%s", arch, s), key)
	snprintf(name, sizeof(name), "random %s %s %s", sh->name, arch, tname);
	int rc = gguf_writer_add_str(w, "general.architecture", arch) ||
		 gguf_writer_add_str(w, "general.name", name) ||
		 gguf_writer_add_str(w, "general.description",
				     "random weights at a real model's shapes, written by gen-model; for benchmarks") ||
		 gguf_writer_add_u32(w, "general.file_type", ftype(base, mix)) ||
		 gguf_writer_add_u32(w, "general.quantization_version", 2) ||
		 gguf_writer_add_u32(w, KEY("context_length"), (uint32_t)sh->ctx) ||
		 gguf_writer_add_u32(w, KEY("embedding_length"), (uint32_t)D) ||
		 gguf_writer_add_u32(w, KEY("block_count"), (uint32_t)L) ||
		 (gemma4 ? gguf_writer_add_arr(w, KEY("feed_forward_length"), GGUF_VTYPE_I32, ffl, (uint64_t)L)
			 : gguf_writer_add_u32(w, KEY("feed_forward_length"), (uint32_t)F)) ||
		 gguf_writer_add_u32(w, KEY("attention.head_count"), (uint32_t)sh->heads) ||
		 gguf_writer_add_u32(w, KEY("attention.head_count_kv"), (uint32_t)sh->kv_heads) ||
		 gguf_writer_add_u32(w, KEY("attention.key_length"), (uint32_t)KL) ||
		 gguf_writer_add_u32(w, KEY("attention.value_length"), (uint32_t)KL) ||
		 gguf_writer_add_u32(w, KEY("rope.dimension_count"), (uint32_t)ROT) ||
		 gguf_writer_add_f32(w, KEY("attention.layer_norm_rms_epsilon"), gemma || gemma4 || qwen35 ? 1e-6f : 1e-5f) ||
		 gguf_writer_add_f32(w, KEY("rope.freq_base"), qwen35 ? 10000000.0f : gemma3 || gemma4 ? 1000000.0f : 10000.0f) ||
		 gguf_writer_add_u32(w, KEY("vocab_size"), (uint32_t)V) || llama2c_vocab_add(w, &voc);
	if (!rc && gemma)
		rc = gguf_writer_add_u32(w, KEY("attention.sliding_window"), (uint32_t)(sh->swa ? sh->swa : 4096));
	if (!rc && gemma2)
		rc = gguf_writer_add_f32(w, KEY("attn_logit_softcapping"), 50.0f) ||
		     gguf_writer_add_f32(w, KEY("final_logit_softcapping"), 30.0f);
	if (!rc && qwen35) {
		int pairs = ROT / 2, sec[4] = { pairs / 3, pairs / 3, pairs - 2 * (pairs / 3), 0 };
		rc = gguf_writer_add_u32(w, KEY("ssm.conv_kernel"), 4) ||
		     gguf_writer_add_u32(w, KEY("ssm.state_size"), (uint32_t)ld) ||
		     gguf_writer_add_u32(w, KEY("ssm.group_count"), (uint32_t)lk) ||
		     gguf_writer_add_u32(w, KEY("ssm.time_step_rank"), (uint32_t)lv) ||
		     gguf_writer_add_u32(w, KEY("ssm.inner_size"), (uint32_t)(lv * ld)) ||
		     gguf_writer_add_u32(w, KEY("full_attention_interval"), 4) ||
		     gguf_writer_add_arr(w, KEY("rope.dimension_sections"), GGUF_VTYPE_I32, sec, 4);
	}
	if (!rc && gemma4)
		rc = gguf_writer_add_u32(w, KEY("attention.key_length_swa"), (uint32_t)HD) ||
		     gguf_writer_add_u32(w, KEY("attention.value_length_swa"), (uint32_t)HD) ||
		     gguf_writer_add_u32(w, KEY("rope.dimension_count_swa"), (uint32_t)HD) ||
		     gguf_writer_add_f32(w, KEY("rope.freq_base_swa"), 10000.0f) ||
		     gguf_writer_add_u32(w, KEY("attention.sliding_window"), (uint32_t)(sh->swa ? sh->swa : 512)) ||
		     gguf_writer_add_arr(w, KEY("attention.sliding_window_pattern"), GGUF_VTYPE_BOOL, pat, (uint64_t)L) ||
		     gguf_writer_add_u32(w, KEY("attention.shared_kv_layers"), (uint32_t)shared) ||
		     gguf_writer_add_u32(w, KEY("embedding_length_per_layer_input"), (uint32_t)P) ||
		     gguf_writer_add_f32(w, KEY("final_logit_softcapping"), 30.0f);
#undef KEY
	llama2c_vocab_free(&voc);
	int nt = 8 + 20 * L;
	struct tensor *ts = calloc((size_t)nt, sizeof(*ts));
	struct fill_ud *uds = calloc((size_t)nt, sizeof(*uds));
	if (!ts || !uds) {
		fprintf(stderr, "gen-model: error: out of memory\n");
		return EXITCODE_IO;
	}
	int k = 0;
#define ADD(nm, c, r, nrm, kind, layer) do { \
		struct tensor *t = &ts[k]; \
		snprintf(t->name, sizeof(t->name), "%s", nm); \
		t->cols = (c); t->rows = (r); t->norm = (nrm); t->id = (uint64_t)k; \
		t->type = nrm == 7 ? QUANT_TYPE_F16 : nrm ? QUANT_TYPE_F32 : pick(base, mix, kind, layer, L, c); \
		k++; \
	} while (0)
	ADD("token_embd.weight", D, V, 0, sh->tied ? 3 : 4, 0);
	if (gemma4) {
		ADD("rope_freqs.weight", KL / 2, 1, 6, 0, 0);
		ADD("per_layer_token_embd.weight", (int64_t)P * L, V, 0, 4, 0);
		ADD("per_layer_model_proj.weight", D, (int64_t)P * L, 7, 0, 0);
		ADD("per_layer_proj_norm.weight", P, 1, 1, 0, 0);
	}
	for (int l = 0; l < L && !rc; l++) {
		char n[64];
#define BLK(s) (snprintf(n, sizeof(n), "blk.%d.%s", l, s), n)
		ADD(BLK("attn_norm.weight"), D, 1, 1, 0, l);
		if (qwen35) {
			if ((l + 1) % 4 == 0) {
				ADD(BLK("attn_q.weight"), D, 2 * QD, 0, 0, l);
				ADD(BLK("attn_k.weight"), D, KV, 0, 0, l);
				ADD(BLK("attn_v.weight"), D, KV, 0, 1, l);
				ADD(BLK("attn_output.weight"), QD, D, 0, 0, l);
				ADD(BLK("attn_q_norm.weight"), HD, 1, 1, 0, l);
				ADD(BLK("attn_k_norm.weight"), HD, 1, 1, 0, l);
			} else {
				ADD(BLK("attn_qkv.weight"), D, conv_dim, 0, 1, l);
				ADD(BLK("attn_gate.weight"), D, lv * ld, 0, 0, l);
				ADD(BLK("ssm_beta.weight"), D, lv, 0, 0, l);
				ADD(BLK("ssm_alpha.weight"), D, lv, 0, 0, l);
				ADD(BLK("ssm_conv1d.weight"), 4, conv_dim, 5, 0, l);
				ADD(BLK("ssm_dt.bias"), lv, 1, 2, 0, l);
				ADD(BLK("ssm_a"), lv, 1, 4, 0, l);
				ADD(BLK("ssm_norm.weight"), ld, 1, 1, 0, l);
				ADD(BLK("ssm_out.weight"), lv * ld, D, 0, 0, l);
			}
			ADD(BLK("post_attention_norm.weight"), D, 1, 1, 0, l);
			ADD(BLK("ffn_gate.weight"), D, F, 0, 0, l);
			ADD(BLK("ffn_up.weight"), D, F, 0, 0, l);
			ADD(BLK("ffn_down.weight"), F, D, 0, 2, l);
			continue;
		}
		if (gemma4) {
			int hd = pat[l] ? HD : 2 * HD;
			ADD(BLK("attn_q.weight"), D, sh->heads * hd, 0, 0, l);
			ADD(BLK("attn_q_norm.weight"), hd, 1, 1, 0, l);
			if (l < L - shared) {
				ADD(BLK("attn_k.weight"), D, sh->kv_heads * hd, 0, 0, l);
				ADD(BLK("attn_v.weight"), D, sh->kv_heads * hd, 0, 1, l);
				ADD(BLK("attn_k_norm.weight"), hd, 1, 1, 0, l);
			}
			ADD(BLK("attn_output.weight"), sh->heads * hd, D, 0, 0, l);
			ADD(BLK("post_attention_norm.weight"), D, 1, 1, 0, l);
			ADD(BLK("ffn_norm.weight"), D, 1, 1, 0, l);
			ADD(BLK("ffn_gate.weight"), D, ffl[l], 0, 0, l);
			ADD(BLK("ffn_up.weight"), D, ffl[l], 0, 0, l);
			ADD(BLK("ffn_down.weight"), ffl[l], D, 0, 2, l);
			ADD(BLK("post_ffw_norm.weight"), D, 1, 1, 0, l);
			ADD(BLK("layer_output_scale.weight"), 1, 1, 1, 0, l);
			ADD(BLK("inp_gate.weight"), D, P, 0, 0, l);
			ADD(BLK("proj.weight"), P, D, 0, 0, l);
			ADD(BLK("post_norm.weight"), D, 1, 1, 0, l);
			continue;
		}
		if (phi3) {
			/* fused q, k, v rows: attn_v-like for the mixes */
			ADD(BLK("attn_qkv.weight"), D, QD + 2 * KV, 0, 1, l);
		} else {
			ADD(BLK("attn_q.weight"), D, QD, 0, 0, l);
			ADD(BLK("attn_k.weight"), D, KV, 0, 0, l);
			ADD(BLK("attn_v.weight"), D, KV, 0, 1, l);
		}
		if (qwen2) {
			ADD(BLK("attn_q.bias"), QD, 1, 2, 0, l);
			ADD(BLK("attn_k.bias"), KV, 1, 2, 0, l);
			ADD(BLK("attn_v.bias"), KV, 1, 2, 0, l);
		}
		if (qknorm) {
			ADD(BLK("attn_q_norm.weight"), HD, 1, 1, 0, l);
			ADD(BLK("attn_k_norm.weight"), HD, 1, 1, 0, l);
		}
		ADD(BLK("attn_output.weight"), QD, D, 0, 0, l);
		if (gemma)
			ADD(BLK("post_attention_norm.weight"), D, 1, 1, 0, l);
		ADD(BLK("ffn_norm.weight"), D, 1, 1, 0, l);
		if (!phi3)
			ADD(BLK("ffn_gate.weight"), D, F, 0, 0, l);
		ADD(BLK("ffn_up.weight"), D, phi3 ? 2 * F : F, 0, 0, l);
		ADD(BLK("ffn_down.weight"), F, D, 0, 2, l);
		if (gemma)
			ADD(BLK("post_ffw_norm.weight"), D, 1, 1, 0, l);
#undef BLK
	}
	ADD("output_norm.weight", D, 1, 1, 0, 0);
	if (!sh->tied)
		ADD("output.weight", D, V, 0, 3, 0);
#undef ADD
	for (int i = 0; i < k && !rc; i++) {
		int64_t ne[2] = { ts[i].cols, ts[i].rows };
		uds[i] = (struct fill_ud){ &g, &ts[i] };
		rc = gguf_writer_add_tensor_fill(w, ts[i].name, ts[i].type, ts[i].rows == 1 ? 1 : 2, ne, fill, &uds[i]);
	}
	if (rc) {
		fprintf(stderr, "gen-model: error: %s\n", gguf_writer_error(w));
		return EXITCODE_IO;
	}
	if (gguf_writer_write(w, out, err, sizeof(err))) {
		fprintf(stderr, "gen-model: error: %s\n", err);
		gguf_writer_free(w);
		return EXITCODE_IO;
	}
	gguf_writer_free(w);
	free(ts);
	free(uds);
	free(ffl);
	free(pat);
	return EXITCODE_OK;
}
