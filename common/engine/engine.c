/*
 * engine: ties the GGUF reader, the tokenizer, the Llama model, the kernels'
 * pool and the sampler together behind engine.h.
 */
#include "engine/engine.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/gguf.h"
#include "engine/kernel.h"
#include "engine/llama.h"
#include "engine/pool.h"
#include "engine/sampler.h"
#include "engine/tok.h"

struct engine {
	struct gguf_ctx *g;
	struct pool *pool;
	struct llama *m;
	struct tok *tok;
	char tok_err[256]; /* why there is no tokenizer */
	struct engine_info info;
	float *logits;  /* as the model produced them */
	float *scratch; /* the sampler's copy */
	/* the tokens whose keys and values are in the cache, by position: a
	 * prompt that starts the same way reuses them */
	int32_t *cached;
	int n_cached;
	/* tokens that end a generation: eos, eot and the end-of-turn markers
	 * chat vocabularies hold as control tokens */
	int32_t eog[12];
	int n_eog;
};

static int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static void find_eog(struct engine *e);

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void engine_params_default(struct engine_params *p)
{
	memset(p, 0, sizeof(*p));
}

void engine_gen_default(struct engine_gen *g)
{
	g->temperature = 0.8f;
	g->top_k = 40;
	g->top_p = 0.95f;
	g->min_p = 0.05f;
	g->repeat_penalty = 1.1f;
	g->repeat_last_n = 64;
	g->seed = 0;
	g->max_tokens = 256;
	g->stop_at_eos = 1;
}

void engine_force_reference(int on)
{
	kernel_set_isa(on ? KERNEL_ISA_REF : KERNEL_ISA_AUTO);
}

int engine_open(const struct engine_params *p, struct engine **out, char *err, size_t errlen)
{
	*out = NULL;
	if (!p || !p->model_path)
		return fail(err, errlen, "no model file given");
	struct engine *e = calloc(1, sizeof(*e));
	if (!e)
		return fail(err, errlen, "out of memory");
	char msg[512];
	if (gguf_open(p->model_path, &e->g, msg, sizeof(msg))) {
		fail(err, errlen, "%s", msg);
		goto bad;
	}
	if (pool_new(p->n_threads, &e->pool, err, errlen))
		goto bad;
	if (llama_new(e->g, p->n_ctx, e->pool, &e->m, msg, sizeof(msg))) {
		fail(err, errlen, "%s: %s", p->model_path, msg);
		goto bad;
	}
	const struct llama_hparams *h = llama_hparams(e->m);
	if (p->n_ctx > h->n_ctx_train) {
		fail(err, errlen, "%s: context size %d is larger than the model's training context %d", p->model_path,
		     p->n_ctx, h->n_ctx_train);
		goto bad;
	}
	if (tok_new_gguf(e->g, &e->tok, e->tok_err, sizeof(e->tok_err)))
		e->tok = NULL;
	if (e->tok && tok_n_vocab(e->tok) != h->n_vocab) {
		fail(err, errlen, "%s: the tokenizer has %d tokens but token_embd.weight has %d rows", p->model_path,
		     tok_n_vocab(e->tok), h->n_vocab);
		goto bad;
	}
	e->logits = calloc((size_t)h->n_vocab, sizeof(float));
	e->scratch = malloc((size_t)h->n_vocab * sizeof(float));
	e->cached = malloc((size_t)llama_n_ctx(e->m) * sizeof(int32_t));
	if (!e->logits || !e->scratch || !e->cached) {
		fail(err, errlen, "out of memory");
		goto bad;
	}
	struct engine_info *in = &e->info;
	gguf_get_str(e->g, "general.architecture", &in->arch, NULL, NULL, 0);
	if (gguf_find_key(e->g, "general.name") < 0 || gguf_get_str(e->g, "general.name", &in->name, NULL, NULL, 0))
		in->name = "";
	if (gguf_find_key(e->g, "tokenizer.chat_template") < 0 ||
	    gguf_get_str(e->g, "tokenizer.chat_template", &in->chat_template, NULL, NULL, 0))
		in->chat_template = NULL;
	in->n_ctx_train = h->n_ctx_train;
	in->n_ctx = llama_n_ctx(e->m);
	in->n_vocab = h->n_vocab;
	in->n_embd = h->n_embd;
	in->n_layer = h->n_layer;
	in->n_head = h->n_head;
	in->n_head_kv = h->n_head_kv;
	in->n_ff = h->n_ff;
	in->has_tokenizer = e->tok != NULL;
	in->bos_id = e->tok ? tok_bos(e->tok) : -1;
	in->eos_id = e->tok ? tok_eos(e->tok) : -1;
	find_eog(e);
	for (int64_t i = 0; i < gguf_n_tensors(e->g); i++)
		in->n_params += (uint64_t)gguf_tensor_at(e->g, i)->n_elems;
	in->weight_bytes = llama_weight_bytes(e->m);
	in->kernel = kernel_isa_name(kernel_get_isa());
	*out = e;
	return 0;
bad:
	engine_close(e);
	return -1;
}

void engine_close(struct engine *e)
{
	if (!e)
		return;
	llama_free(e->m);
	tok_free(e->tok);
	pool_free(e->pool);
	gguf_close(e->g);
	free(e->logits);
	free(e->scratch);
	free(e->cached);
	free(e);
}

const struct engine_info *engine_info(const struct engine *e)
{
	return &e->info;
}

int engine_tokenize(struct engine *e, const char *text, size_t len, int add_bos, int32_t *ids, int max,
		    char *err, size_t errlen)
{
	if (!e->tok)
		return fail(err, errlen, "%s", e->tok_err);
	/* a Qwen file says add_bos_token = false: no BOS whatever the caller */
	return tok_encode(e->tok, text, len, add_bos && tok_add_bos(e->tok), ids, max, err, errlen);
}

int64_t engine_detokenize(struct engine *e, const int32_t *ids, int n, char *buf, size_t buflen, char *err,
			  size_t errlen)
{
	if (!e->tok)
		return fail(err, errlen, "%s", e->tok_err);
	int64_t r = tok_decode(e->tok, ids, n, buf, buflen);
	if (r < 0)
		return fail(err, errlen, "token id out of range (vocabulary of %d)", e->info.n_vocab);
	return r;
}

int engine_token_piece(struct engine *e, int32_t prev, int32_t id, char *buf, size_t buflen)
{
	if (!e->tok)
		return id >= 0 && id < e->info.n_vocab ? 0 : -1;
	return tok_piece(e->tok, prev, id, buf, buflen);
}

int engine_eval(struct engine *e, const int32_t *tokens, int n, int pos, float *logits, char *err, size_t errlen)
{
	/* positions from pos on are replaced: the cache holds what it held
	 * before pos, then these tokens */
	int tracked = pos >= 0 && pos <= e->n_cached; /* no gap before pos */
	if (llama_eval(e->m, tokens, n, pos, e->logits, err, errlen)) {
		e->n_cached = 0;
		return -1;
	}
	if (tracked) {
		memcpy(e->cached + pos, tokens, (size_t)n * sizeof(int32_t));
		e->n_cached = pos + n;
	} else {
		e->n_cached = 0;
	}
	if (logits)
		memcpy(logits, e->logits, (size_t)e->info.n_vocab * sizeof(float));
	return 0;
}

const float *engine_logits(const struct engine *e)
{
	return e->logits;
}

const char *engine_finish_name(enum engine_finish f)
{
	switch (f) {
	case ENGINE_FINISH_STOP: return "stop";
	case ENGINE_FINISH_CALLBACK: return "callback";
	case ENGINE_FINISH_CONTEXT: return "context";
	default: return "length";
	}
}

int engine_generate(struct engine *e, const int32_t *prompt, int n_prompt, const struct engine_gen *g,
		    engine_token_fn cb, void *userdata, struct engine_stats *stats, char *err, size_t errlen)
{
	struct engine_stats st;
	memset(&st, 0, sizeof(st));
	if (stats)
		*stats = st;
	if (n_prompt <= 0)
		return fail(err, errlen, "empty prompt: give at least one token (BOS)");
	if (g->max_tokens <= 0)
		return fail(err, errlen, "max_tokens must be positive");
	int n_ctx = e->info.n_ctx;
	if (n_prompt > n_ctx)
		return fail(err, errlen, "context overflow: the prompt has %d tokens, the context holds %d", n_prompt,
			    n_ctx);
	struct sampler_config sc = {
		.temperature = g->temperature, .top_k = g->top_k, .top_p = g->top_p, .min_p = g->min_p,
		.repeat_penalty = g->repeat_penalty, .repeat_last_n = g->repeat_last_n, .seed = g->seed,
	};
	struct sampler *s;
	if (sampler_new(&sc, e->info.n_vocab, &s, err, errlen))
		return -1;
	double t0 = now_ms();
	/* Reuse the cached prefix the prompt shares (a fixed system prompt,
	 * a conversation going on); the last prompt token is always run, as
	 * its logits are needed. */
	int reuse = 0;
	while (reuse < e->n_cached && reuse < n_prompt - 1 && e->cached[reuse] == prompt[reuse])
		reuse++;
	/* a recurrent state (qwen35) holds all it has seen: it continues only
	 * where it ended, else the prompt runs from the start */
	if (reuse < e->n_cached && !llama_can_rewind(e->m))
		reuse = 0;
	if (engine_eval(e, prompt + reuse, n_prompt - reuse, reuse, NULL, err, errlen)) {
		sampler_free(s);
		return -1;
	}
	st.n_reused = reuse;
	for (int i = 0; i < n_prompt; i++)
		sampler_accept(s, prompt[i]);
	st.n_prompt = n_prompt;
	st.prompt_ms = now_ms() - t0;
	double tfirst = 0;
	int pos = n_prompt;
	int32_t prev = prompt[n_prompt - 1];
	char piece[256];
	st.finish = ENGINE_FINISH_LENGTH;
	for (;;) {
		memcpy(e->scratch, e->logits, (size_t)e->info.n_vocab * sizeof(float));
		int32_t id = sampler_sample(s, e->scratch);
		if (g->stop_at_eos && engine_is_eog(e, id)) {
			st.finish = ENGINE_FINISH_STOP;
			break;
		}
		sampler_accept(s, id);
		int pl = engine_token_piece(e, prev, id, piece, sizeof(piece));
		if (pl < 0)
			pl = 0;
		if (pl > (int)sizeof(piece))
			pl = (int)sizeof(piece);
		if (st.n_gen == 0) {
			tfirst = now_ms();
			st.ttft_ms = tfirst - t0;
		}
		st.n_gen++;
		if (cb && cb(userdata, id, piece, (size_t)pl)) {
			st.finish = ENGINE_FINISH_CALLBACK;
			break;
		}
		if (st.n_gen >= g->max_tokens)
			break;
		if (pos >= n_ctx) {
			st.finish = ENGINE_FINISH_CONTEXT;
			break;
		}
		if (engine_eval(e, &id, 1, pos, NULL, err, errlen)) {
			sampler_free(s);
			return -1;
		}
		pos++;
		prev = id;
	}
	if (st.n_gen)
		st.gen_ms = now_ms() - tfirst;
	sampler_free(s);
	if (stats)
		*stats = st;
	return 0;
}

/*
 * What ends a generation besides eos: an instruct model ends its turn with
 * a marker that is often not the file's eos (Llama 3's <|eot_id|> where
 * eos is <|end_of_text|>, ChatML's <|im_end|>), and control tokens print
 * nothing, so no stop string can catch them. Like llama.cpp, any of the
 * well-known end markers the vocabulary holds as a control token counts.
 */
static void find_eog(struct engine *e)
{
	static const char *const ends[] = { "<|eot_id|>", "<|eom_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>",
		"<|endoftext|>", "<|end_of_text|>", "<EOT>", "<turn|>" /* Gemma 4 */ };
	int32_t ids[2 + sizeof(ends) / sizeof(ends[0])];
	_Static_assert(sizeof(ids) <= sizeof(e->eog), "room for every end token");
	int n = 0;
	e->n_eog = 0;
	if (!e->tok)
		return;
	ids[n++] = tok_eos(e->tok);
	ids[n++] = tok_eot(e->tok);
	for (size_t k = 0; k < sizeof(ends) / sizeof(ends[0]); k++)
		ids[n++] = engine_special_token(e, ends[k], strlen(ends[k]));
	for (int i = 0; i < n; i++)
		if (ids[i] >= 0 && !engine_is_eog(e, ids[i]))
			e->eog[e->n_eog++] = ids[i];
}

int engine_is_eog(const struct engine *e, int32_t id)
{
	for (int i = 0; i < e->n_eog; i++)
		if (e->eog[i] == id)
			return 1;
	return 0;
}

int32_t engine_special_token(const struct engine *e, const char *text, size_t len)
{
	return e->tok ? tok_special_id(e->tok, text, len) : -1;
}

/* ---- batched decoding ---- */

enum slot_state { SLOT_EMPTY, SLOT_RUN, SLOT_DONE, SLOT_FAILED };

struct slot {
	enum slot_state state;
	struct llama_kv *kv;
	int32_t *toks; /* the tokens whose keys and values kv holds, by position */
	int n_toks;
	struct sampler *s;
	struct engine_gen g;
	engine_token_fn cb;
	void *ud;
	int32_t next, prev; /* the token to evaluate next at pos, the one before it */
	int pos;
	struct engine_stats st;
	double t0, tfirst;
	float *logits; /* n_vocab: what the last token was sampled from */
};

struct engine_batch {
	struct engine *e;
	int n;
	struct slot *slots;
	float *logits;  /* a step's rows, n x n_vocab */
	float *scratch; /* the sampler's copy */
	/* the model keeps its one sequence's state itself (qwen35, gemma4:
	 * llama_can_batch 0): one slot, evaluated through engine_eval on
	 * the engine's own cache, with engine_generate's prefix rule */
	int own;
};

int engine_batch_max_slots(const struct engine *e)
{
	return llama_can_batch(e->m) ? ENGINE_BATCH_MAX : 1;
}

int engine_batch_new(struct engine *e, int n_slots, struct engine_batch **out, char *err, size_t errlen)
{
	*out = NULL;
	if (n_slots < 1 || n_slots > ENGINE_BATCH_MAX)
		return fail(err, errlen, "a batch has 1 to %d slots, not %d", ENGINE_BATCH_MAX, n_slots);
	if (n_slots > engine_batch_max_slots(e))
		return fail(err, errlen,
			    "%s models decode one sequence at a time (the model holds its state): a batch of 1 slot, "
			    "not %d",
			    e->info.arch, n_slots);
	_Static_assert(ENGINE_BATCH_MAX <= LLAMA_BATCH, "a step is one pass");
	struct engine_batch *b = calloc(1, sizeof(*b));
	if (!b)
		return fail(err, errlen, "out of memory");
	size_t nv = (size_t)e->info.n_vocab;
	b->e = e;
	b->n = n_slots;
	b->own = !llama_can_batch(e->m);
	b->slots = calloc((size_t)n_slots, sizeof(*b->slots));
	b->logits = malloc((size_t)n_slots * nv * sizeof(float));
	b->scratch = malloc(nv * sizeof(float));
	if (!b->slots || !b->logits || !b->scratch) {
		engine_batch_free(b);
		return fail(err, errlen, "out of memory");
	}
	*out = b;
	return 0;
}

void engine_batch_free(struct engine_batch *b)
{
	if (!b)
		return;
	for (int i = 0; b->slots && i < b->n; i++) {
		struct slot *sl = &b->slots[i];
		llama_kv_free(sl->kv);
		sampler_free(sl->s);
		free(sl->toks);
		free(sl->logits);
	}
	free(b->slots);
	free(b->logits);
	free(b->scratch);
	free(b);
}

int engine_batch_slots(const struct engine_batch *b)
{
	return b->n;
}

int engine_batch_running(const struct engine_batch *b)
{
	int r = 0;
	for (int i = 0; i < b->n; i++)
		r += b->slots[i].state == SLOT_RUN;
	return r;
}

int engine_batch_free_slot(const struct engine_batch *b)
{
	for (int i = 0; i < b->n; i++)
		if (b->slots[i].state == SLOT_EMPTY)
			return i;
	return -1;
}

static void slot_finish(struct slot *sl, enum engine_finish f)
{
	sl->st.finish = f;
	if (sl->st.n_gen)
		sl->st.gen_ms = now_ms() - sl->tfirst;
	sl->state = SLOT_DONE;
	sampler_free(sl->s);
	sl->s = NULL;
}

/* engine_generate's loop body: samples the next token from sl->logits and
 * passes it on, or finishes the sequence. */
static void slot_sample(struct engine_batch *b, struct slot *sl)
{
	struct engine *e = b->e;
	memcpy(b->scratch, sl->logits, (size_t)e->info.n_vocab * sizeof(float));
	int32_t id = sampler_sample(sl->s, b->scratch);
	if (sl->g.stop_at_eos && engine_is_eog(e, id)) {
		slot_finish(sl, ENGINE_FINISH_STOP);
		return;
	}
	sampler_accept(sl->s, id);
	char piece[256];
	int pl = engine_token_piece(e, sl->prev, id, piece, sizeof(piece));
	if (pl < 0)
		pl = 0;
	if (pl > (int)sizeof(piece))
		pl = (int)sizeof(piece);
	if (sl->st.n_gen == 0) {
		sl->tfirst = now_ms();
		sl->st.ttft_ms = sl->tfirst - sl->t0;
	}
	sl->st.n_gen++;
	if (sl->cb && sl->cb(sl->ud, id, piece, (size_t)pl)) {
		slot_finish(sl, ENGINE_FINISH_CALLBACK);
		return;
	}
	if (sl->st.n_gen >= sl->g.max_tokens) {
		slot_finish(sl, ENGINE_FINISH_LENGTH);
		return;
	}
	if (sl->pos >= e->info.n_ctx) {
		slot_finish(sl, ENGINE_FINISH_CONTEXT);
		return;
	}
	sl->next = id;
}

int engine_batch_add(struct engine_batch *b, const int32_t *prompt, int n_prompt, const struct engine_gen *g,
		     engine_token_fn cb, void *userdata, char *err, size_t errlen)
{
	struct engine *e = b->e;
	int i = engine_batch_free_slot(b);
	if (i < 0)
		return fail(err, errlen, "every slot of the batch is taken");
	if (n_prompt <= 0)
		return fail(err, errlen, "empty prompt: give at least one token (BOS)");
	if (g->max_tokens <= 0)
		return fail(err, errlen, "max_tokens must be positive");
	int n_ctx = e->info.n_ctx;
	if (n_prompt > n_ctx)
		return fail(err, errlen, "context overflow: the prompt has %d tokens, the context holds %d", n_prompt,
			    n_ctx);
	struct slot *sl = &b->slots[i];
	size_t nv = (size_t)e->info.n_vocab;
	if (!b->own && !sl->kv && !(sl->kv = llama_kv_new(e->m, 0)))
		return fail(err, errlen, "out of memory");
	if (!sl->toks && !(sl->toks = malloc((size_t)n_ctx * sizeof(int32_t))))
		return fail(err, errlen, "out of memory");
	if (!sl->logits && !(sl->logits = malloc(nv * sizeof(float))))
		return fail(err, errlen, "out of memory");
	/* room for the whole sequence now, so a step never runs out */
	int64_t need = (int64_t)n_prompt + g->max_tokens;
	if (!b->own && llama_kv_reserve(e->m, sl->kv, need < n_ctx ? (int)need : n_ctx))
		return fail(err, errlen, "out of memory for the cache of a sequence of %lld tokens", (long long)need);
	struct sampler_config sc = {
		.temperature = g->temperature, .top_k = g->top_k, .top_p = g->top_p, .min_p = g->min_p,
		.repeat_penalty = g->repeat_penalty, .repeat_last_n = g->repeat_last_n, .seed = g->seed,
	};
	struct sampler *s;
	if (sampler_new(&sc, e->info.n_vocab, &s, err, errlen))
		return -1;
	memset(&sl->st, 0, sizeof(sl->st));
	sl->t0 = now_ms();
	int reuse = 0;
	if (b->own) {
		/* the engine's cache, as engine_generate reuses it */
		while (reuse < e->n_cached && reuse < n_prompt - 1 && e->cached[reuse] == prompt[reuse])
			reuse++;
		if (reuse < e->n_cached && !llama_can_rewind(e->m))
			reuse = 0;
	} else {
		while (reuse < sl->n_toks && reuse < n_prompt - 1 && sl->toks[reuse] == prompt[reuse])
			reuse++;
	}
	if (b->own ? engine_eval(e, prompt + reuse, n_prompt - reuse, reuse, sl->logits, err, errlen)
		   : llama_eval_kv(e->m, sl->kv, prompt + reuse, n_prompt - reuse, reuse, sl->logits, err, errlen)) {
		sl->n_toks = 0;
		sampler_free(s);
		return -1;
	}
	memcpy(sl->toks + reuse, prompt + reuse, (size_t)(n_prompt - reuse) * sizeof(int32_t));
	sl->n_toks = n_prompt;
	for (int k = 0; k < n_prompt; k++)
		sampler_accept(s, prompt[k]);
	sl->s = s;
	sl->g = *g;
	sl->cb = cb;
	sl->ud = userdata;
	sl->st.n_reused = reuse;
	sl->st.n_prompt = n_prompt;
	sl->st.prompt_ms = now_ms() - sl->t0;
	sl->pos = n_prompt;
	sl->prev = prompt[n_prompt - 1];
	sl->state = SLOT_RUN;
	slot_sample(b, sl);
	return i;
}

int engine_batch_step(struct engine_batch *b, char *err, size_t errlen)
{
	struct llama_kv *kvs[ENGINE_BATCH_MAX];
	int32_t toks[ENGINE_BATCH_MAX], pos[ENGINE_BATCH_MAX];
	int idx[ENGINE_BATCH_MAX], n = 0;
	for (int i = 0; i < b->n; i++) {
		struct slot *sl = &b->slots[i];
		if (sl->state != SLOT_RUN)
			continue;
		kvs[n] = sl->kv;
		toks[n] = sl->next;
		pos[n] = sl->pos;
		idx[n++] = i;
	}
	if (!n)
		return 0;
	/* own state: one slot, so n == 1 */
	if (b->own ? engine_eval(b->e, toks, n, pos[0], b->logits, err, errlen)
		   : llama_decode(b->e->m, kvs, toks, pos, n, b->logits, err, errlen)) {
		for (int k = 0; k < n; k++) {
			struct slot *sl = &b->slots[idx[k]];
			slot_finish(sl, ENGINE_FINISH_LENGTH);
			sl->state = SLOT_FAILED;
			sl->n_toks = 0;
		}
		return -1;
	}
	size_t nv = (size_t)b->e->info.n_vocab;
	int running = 0;
	for (int k = 0; k < n; k++) {
		struct slot *sl = &b->slots[idx[k]];
		memcpy(sl->logits, b->logits + (size_t)k * nv, nv * sizeof(float));
		sl->toks[sl->pos] = sl->next;
		sl->n_toks = sl->pos + 1;
		sl->pos++;
		sl->prev = sl->next;
		slot_sample(b, sl);
		running += sl->state == SLOT_RUN;
	}
	return running;
}

int engine_batch_done(const struct engine_batch *b, int slot, struct engine_stats *stats)
{
	if (slot < 0 || slot >= b->n || b->slots[slot].state == SLOT_EMPTY)
		return -1;
	const struct slot *sl = &b->slots[slot];
	if (sl->state == SLOT_RUN)
		return 0;
	if (stats)
		*stats = sl->st;
	return sl->state == SLOT_FAILED ? -2 : 1;
}

const float *engine_batch_logits(const struct engine_batch *b, int slot)
{
	if (slot < 0 || slot >= b->n || b->slots[slot].state == SLOT_EMPTY)
		return NULL;
	return b->slots[slot].logits;
}

void engine_batch_remove(struct engine_batch *b, int slot)
{
	if (slot < 0 || slot >= b->n)
		return;
	struct slot *sl = &b->slots[slot];
	sampler_free(sl->s);
	sl->s = NULL;
	sl->state = SLOT_EMPTY;
}
