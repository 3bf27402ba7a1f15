/*
 * test_batch: batched decoding (engine_batch_*, llama_decode). Sequences
 * of different prompt and answer lengths go through batches of 1, 3 and 8
 * slots, refilled as they finish, and each must give exactly the tokens
 * engine_generate() gives alone (greedy and seeded sampling), on the
 * llama2.c model in F32, Q8_0 and Q4_0 and, when build/tools/gen-model is
 * there (TOOL_DIR), on a small random model in Q4_K_M and Q4_0, and on
 * qwen35 and gemma4 models, whose batches take one slot. Also: a
 * step's logits equal one sequence's own, the errors, the context limit
 * and a callback that stops.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/engine.h"
#include "engine/llama2c.h"
#include "engine/quant.h"
#include "unit.h"

static char dir[256];
static char err[1024];

#define NSEQ 13
#define MAXGEN 24

struct seq {
	int32_t prompt[64];
	int n_prompt;
	int max_tokens;
	int32_t out[MAXGEN];
	int n_out;
	int stop_after; /* > 0: the callback stops after this many tokens */
	enum engine_finish finish;
};

static int collect(void *ud, int32_t id, const char *piece, size_t len)
{
	(void)piece;
	(void)len;
	struct seq *s = ud;
	if (s->n_out < MAXGEN)
		s->out[s->n_out] = id;
	s->n_out++;
	return s->stop_after > 0 && s->n_out >= s->stop_after;
}

static uint32_t rng = 12345;
static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* Prompts of 1 .. 40 tokens, answers of 1 .. MAXGEN; some share a prefix
 * (a slot reuses it), one is stopped by its callback. */
static void make_seqs(struct seq *s, int n_vocab, int bos)
{
	memset(s, 0, NSEQ * sizeof(*s));
	for (int i = 0; i < NSEQ; i++) {
		s[i].n_prompt = 1 + (int)(next_rand() % 40);
		s[i].prompt[0] = bos >= 0 ? bos : 1;
		for (int k = 1; k < s[i].n_prompt; k++)
			s[i].prompt[k] = 3 + (int32_t)(next_rand() % (uint32_t)(n_vocab - 3));
		s[i].max_tokens = 1 + (int)(next_rand() % MAXGEN);
	}
	/* a shared prefix */
	memcpy(s[5].prompt, s[2].prompt, sizeof(s[2].prompt));
	s[5].n_prompt = s[2].n_prompt + 3 <= 64 ? s[2].n_prompt + 3 : 64;
	s[7].stop_after = 2;
	s[7].max_tokens = MAXGEN;
}

static void gen_settings(struct engine_gen *g, int sampled, int i, int max_tokens)
{
	engine_gen_default(g);
	if (!sampled) {
		g->temperature = 0;
		g->repeat_penalty = 1;
	}
	g->seed = 100 + (uint64_t)i;
	g->max_tokens = max_tokens;
	g->stop_at_eos = 1;
}

/* one sequence after another with engine_generate */
static int run_single(struct engine *e, struct seq *s, int sampled)
{
	for (int i = 0; i < NSEQ; i++) {
		struct engine_gen g;
		gen_settings(&g, sampled, i, s[i].max_tokens);
		struct engine_stats st;
		s[i].n_out = 0;
		if (engine_generate(e, s[i].prompt, s[i].n_prompt, &g, collect, &s[i], &st, err, sizeof(err)))
			return -1;
		s[i].finish = st.finish;
	}
	return 0;
}

/* all of them through a batch of `slots`, added as slots free */
static int run_batch(struct engine *e, int slots, struct seq *s, int sampled, int *max_running)
{
	struct engine_batch *b;
	if (engine_batch_new(e, slots, &b, err, sizeof(err)))
		return -1;
	int next = 0, left = NSEQ, owner[ENGINE_BATCH_MAX];
	*max_running = 0;
	while (left) {
		int f;
		while (next < NSEQ && (f = engine_batch_free_slot(b)) >= 0) {
			struct engine_gen g;
			gen_settings(&g, sampled, next, s[next].max_tokens);
			s[next].n_out = 0;
			int slot = engine_batch_add(b, s[next].prompt, s[next].n_prompt, &g, collect, &s[next], err,
						    sizeof(err));
			if (slot != f) {
				engine_batch_free(b);
				return -1;
			}
			owner[slot] = next++;
		}
		if (engine_batch_running(b) > *max_running)
			*max_running = engine_batch_running(b);
		if (engine_batch_step(b, err, sizeof(err)) < 0) {
			engine_batch_free(b);
			return -1;
		}
		for (int k = 0; k < slots; k++) {
			struct engine_stats st;
			int d = engine_batch_done(b, k, &st);
			if (d == 1) {
				s[owner[k]].finish = st.finish;
				engine_batch_remove(b, k);
				left--;
			} else if (d == -2) {
				engine_batch_free(b);
				return -1;
			}
		}
	}
	engine_batch_free(b);
	return 0;
}

static int same(const struct seq *a, const struct seq *b, const char *what)
{
	int bad = 0;
	for (int i = 0; i < NSEQ; i++) {
		int ok = a[i].n_out == b[i].n_out && a[i].finish == b[i].finish;
		for (int k = 0; ok && k < a[i].n_out && k < MAXGEN; k++)
			ok = a[i].out[k] == b[i].out[k];
		if (!ok) {
			fprintf(stderr, "%s: sequence %d differs (%d vs %d tokens, finish %d vs %d)\n", what, i,
				a[i].n_out, b[i].n_out, (int)a[i].finish, (int)b[i].finish);
			bad++;
		}
	}
	return bad == 0;
}

static void check_model(const char *path, const char *name)
{
	struct engine_params p;
	engine_params_default(&p);
	p.model_path = path;
	p.n_threads = 2;
	p.n_ctx = 128;
	struct engine *e;
	CHECK_MSG(engine_open(&p, &e, err, sizeof(err)) == 0, "%s: %s", name, err);
	if (!e)
		return;
	int nv = engine_info(e)->n_vocab, bos = engine_info(e)->bos_id;
	for (int sampled = 0; sampled < 2; sampled++) {
		static struct seq ref[NSEQ], got[NSEQ];
		make_seqs(ref, nv, bos);
		CHECK_MSG(run_single(e, ref, sampled) == 0, "%s: %s", name, err);
		int total = 0;
		for (int i = 0; i < NSEQ; i++)
			total += ref[i].n_out;
		CHECK_MSG(total > NSEQ, "%s: the sequences generate tokens (%d)", name, total);
		const int slot_counts[] = { 1, 3, 8 };
		for (int c = 0; c < 3; c++) {
			memcpy(got, ref, sizeof(got));
			int maxr = 0;
			CHECK_MSG(run_batch(e, slot_counts[c], got, sampled, &maxr) == 0, "%s: %s", name, err);
			char what[96];
			snprintf(what, sizeof(what), "%s, %s, %d slots", name, sampled ? "sampled" : "greedy",
				 slot_counts[c]);
			CHECK_MSG(same(ref, got, what), "%s: same tokens as one at a time", what);
			CHECK_MSG(maxr == slot_counts[c], "%s: every slot ran (%d)", what, maxr);
		}
	}
	engine_close(e);
}

/*
 * qwen35 and gemma4 hold their one sequence's state in the model: a batch
 * of them takes one slot (more is refused, naming the architecture), and
 * that slot gives engine_generate's tokens, the engine's cache staying
 * right for an engine_generate after it (prefix reuse, or none for a
 * recurrent state).
 */
static void check_own_state(const char *path, const char *name)
{
	struct engine_params p;
	engine_params_default(&p);
	p.model_path = path;
	p.n_threads = 2;
	p.n_ctx = 128;
	struct engine *e;
	CHECK_MSG(engine_open(&p, &e, err, sizeof(err)) == 0, "%s: %s", name, err);
	if (!e)
		return;
	CHECK_EQ_INT(engine_batch_max_slots(e), 1);
	struct engine_batch *b = NULL;
	err[0] = 0;
	CHECK_MSG(engine_batch_new(e, 4, &b, err, sizeof(err)) == -1 && !b && strstr(err, name) &&
			  strstr(err, "one sequence at a time"),
		  "%s: a batch of 4 refused: %s", name, err);
	int nv = engine_info(e)->n_vocab, bos = engine_info(e)->bos_id;
	for (int sampled = 0; sampled < 2; sampled++) {
		static struct seq ref[NSEQ], got[NSEQ], again[NSEQ];
		make_seqs(ref, nv, bos);
		CHECK_MSG(run_single(e, ref, sampled) == 0, "%s: %s", name, err);
		int total = 0;
		for (int i = 0; i < NSEQ; i++)
			total += ref[i].n_out;
		CHECK_MSG(total > NSEQ, "%s: the sequences generate tokens (%d)", name, total);
		memcpy(got, ref, sizeof(got));
		int maxr = 0;
		CHECK_MSG(run_batch(e, 1, got, sampled, &maxr) == 0, "%s: %s", name, err);
		char what[96];
		snprintf(what, sizeof(what), "%s, %s, 1 slot", name, sampled ? "sampled" : "greedy");
		CHECK_MSG(same(ref, got, what), "%s: same tokens as one at a time", what);
		CHECK_EQ_INT(maxr, 1);
		/* engine_generate after the batch, on the cache it left */
		memcpy(again, ref, sizeof(again));
		CHECK_MSG(run_single(e, again, sampled) == 0, "%s: %s", name, err);
		snprintf(what, sizeof(what), "%s, %s, after a batch", name, sampled ? "sampled" : "greedy");
		CHECK_MSG(same(ref, again, what), "%s: same tokens", what);
	}
	engine_close(e);
}

/* A step's logits for one sequence are those of that sequence alone. */
static void check_logits(const char *path)
{
	struct engine_params p;
	engine_params_default(&p);
	p.model_path = path;
	p.n_threads = 2;
	p.n_ctx = 64;
	struct engine *e;
	CHECK(engine_open(&p, &e, err, sizeof(err)) == 0);
	if (!e)
		return;
	int nv = engine_info(e)->n_vocab;
	struct engine_gen g;
	gen_settings(&g, 0, 0, 4);
	int32_t a[] = { 1, 50, 60, 70 }, c[] = { 1, 99 };
	float *solo = malloc((size_t)nv * sizeof(float));
	struct engine_batch *b1, *b2;
	CHECK(engine_batch_new(e, 1, &b1, err, sizeof(err)) == 0);
	CHECK(engine_batch_new(e, 2, &b2, err, sizeof(err)) == 0);
	CHECK(engine_batch_add(b1, a, 4, &g, NULL, NULL, err, sizeof(err)) == 0);
	CHECK(engine_batch_step(b1, err, sizeof(err)) == 1);
	memcpy(solo, engine_batch_logits(b1, 0), (size_t)nv * sizeof(float));
	CHECK(engine_batch_add(b2, c, 2, &g, NULL, NULL, err, sizeof(err)) == 0);
	CHECK(engine_batch_add(b2, a, 4, &g, NULL, NULL, err, sizeof(err)) == 1);
	CHECK(engine_batch_step(b2, err, sizeof(err)) == 2);
	CHECK(memcmp(solo, engine_batch_logits(b2, 1), (size_t)nv * sizeof(float)) == 0);
	CHECK(engine_batch_logits(b2, 5) == NULL);
	engine_batch_free(b1);
	engine_batch_free(b2);
	free(solo);
	engine_close(e);
}

static void check_errors(const char *path)
{
	struct engine_params p;
	engine_params_default(&p);
	p.model_path = path;
	p.n_threads = 1;
	p.n_ctx = 32;
	struct engine *e;
	CHECK(engine_open(&p, &e, err, sizeof(err)) == 0);
	if (!e)
		return;
	struct engine_batch *b = NULL;
	CHECK(engine_batch_new(e, 0, &b, err, sizeof(err)) == -1 && b == NULL);
	CHECK(strstr(err, "1 to 32 slots") != NULL);
	CHECK(engine_batch_new(e, ENGINE_BATCH_MAX + 1, &b, err, sizeof(err)) == -1);
	CHECK(engine_batch_new(e, 2, &b, err, sizeof(err)) == 0);
	if (!b) {
		engine_close(e);
		return;
	}
	CHECK_EQ_INT(engine_batch_slots(b), 2);
	CHECK_EQ_INT(engine_batch_step(b, err, sizeof(err)), 0); /* nothing to run */
	struct engine_gen g;
	gen_settings(&g, 0, 0, 100);
	int32_t long_prompt[40];
	for (int i = 0; i < 40; i++)
		long_prompt[i] = 1 + i;
	CHECK(engine_batch_add(b, long_prompt, 0, &g, NULL, NULL, err, sizeof(err)) == -1);
	CHECK(engine_batch_add(b, long_prompt, 33, &g, NULL, NULL, err, sizeof(err)) == -1);
	CHECK(strstr(err, "context overflow") != NULL);
	int32_t bad[] = { 1, 1 << 30 };
	CHECK(engine_batch_add(b, bad, 2, &g, NULL, NULL, err, sizeof(err)) == -1);
	CHECK(strstr(err, "out of range") != NULL);
	CHECK_EQ_INT(engine_batch_free_slot(b), 0);
	CHECK_EQ_INT(engine_batch_done(b, 0, NULL), -1);
	CHECK_EQ_INT(engine_batch_done(b, -1, NULL), -1);
	CHECK_EQ_INT(engine_batch_done(b, 7, NULL), -1);
	g.max_tokens = 0;
	CHECK(engine_batch_add(b, long_prompt, 3, &g, NULL, NULL, err, sizeof(err)) == -1);
	/* the context ends a sequence as engine_generate ends it */
	g.max_tokens = 100;
	g.stop_at_eos = 0;
	CHECK(engine_batch_add(b, long_prompt, 28, &g, NULL, NULL, err, sizeof(err)) == 0);
	CHECK(engine_batch_add(b, long_prompt, 3, &g, NULL, NULL, err, sizeof(err)) == 1);
	CHECK(engine_batch_add(b, long_prompt, 3, &g, NULL, NULL, err, sizeof(err)) == -1);
	CHECK(strstr(err, "every slot") != NULL);
	int steps = 0;
	while (engine_batch_running(b) && steps < 200)
		if (engine_batch_step(b, err, sizeof(err)) < 0)
			break;
		else
			steps++;
	struct engine_stats s0, s1, ref;
	CHECK_EQ_INT(engine_batch_done(b, 0, &s0), 1);
	CHECK_EQ_INT(engine_batch_done(b, 1, &s1), 1);
	CHECK_EQ_INT(s0.finish, ENGINE_FINISH_CONTEXT);
	CHECK_EQ_INT(s1.finish, ENGINE_FINISH_CONTEXT);
	CHECK(engine_generate(e, long_prompt, 28, &g, NULL, NULL, &ref, err, sizeof(err)) == 0);
	CHECK_EQ_INT(s0.n_gen, ref.n_gen);
	CHECK_EQ_INT(s0.n_prompt, 28);
	CHECK_EQ_INT(s1.n_gen, 32 - 3 + 1);
	engine_batch_remove(b, 0);
	CHECK_EQ_INT(engine_batch_free_slot(b), 0);
	/* the slot reuses the prefix its last sequence left */
	CHECK(engine_batch_add(b, long_prompt, 20, &g, NULL, NULL, err, sizeof(err)) == 0);
	CHECK(engine_batch_done(b, 0, NULL) == 0);
	engine_batch_remove(b, 0); /* removed while running */
	CHECK_EQ_INT(engine_batch_running(b), 0);
	engine_batch_free(b);
	engine_close(e);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/test_batch.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return 1;
	char path[400];
	const uint32_t types[] = { QUANT_TYPE_F32, QUANT_TYPE_Q8_0, QUANT_TYPE_Q4_0 };
	const char *names[] = { "tiny260k f32", "tiny260k q8_0", "tiny260k q4_0" };
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/m%d.gguf", dir, i);
		CHECK_MSG(llama2c_convert("testdata/models/tiny260k.bin", NULL, types[i], path, err, sizeof(err)) == 0,
			  "%s", err);
		check_model(path, names[i]);
		if (i == 0) {
			check_logits(path);
			check_errors(path);
		}
	}
	/* K-quants and the repacked Q4_0 kernels at a shape they cover */
	const char *td = getenv("TOOL_DIR");
	char gm[400];
	snprintf(gm, sizeof(gm), "%s/gen-model", td && *td ? td : "build/tools");
	if (access(gm, X_OK) == 0) {
		const char *gt[] = { "q4_k_m", "q4_0" };
		for (int i = 0; i < 2; i++) {
			char cmd[1200], what[64];
			snprintf(path, sizeof(path), "%s/g%d.gguf", dir, i);
			snprintf(cmd, sizeof(cmd),
				 "'%s' --shape tiny --type %s -t 2 --tokenizer testdata/models/llama2-tokenizer.bin '%s' "
				 ">/dev/null",
				 gm, gt[i], path);
			CHECK_MSG(system(cmd) == 0, "%s", cmd);
			snprintf(what, sizeof(what), "tiny %s", gt[i]);
			check_model(path, what);
		}
		const char *own[] = { "qwen35", "gemma4" };
		for (int i = 0; i < 2; i++) {
			char cmd[1200];
			snprintf(path, sizeof(path), "%s/%s.gguf", dir, own[i]);
			snprintf(cmd, sizeof(cmd),
				 "'%s' --shape tiny --arch %s --type q8_0 -t 2 --tokenizer "
				 "testdata/models/llama2-tokenizer.bin '%s' >/dev/null",
				 gm, own[i], path);
			CHECK_MSG(system(cmd) == 0, "%s", cmd);
			check_own_state(path, own[i]);
		}
	} else {
		fprintf(stderr, "test_batch: no %s: the K-quant cases are skipped\n", gm);
	}
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	UNIT_DONE();
}
