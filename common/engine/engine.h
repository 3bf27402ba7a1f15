/*
 * engine: the on-box inference engine's public face. Opens a GGUF model of
 * architecture "llama" (Llama 1/2/3-style, TinyLlama, Mistral 7B, SmolLM2,
 * llama2.c models), "qwen2" (Qwen2, Qwen2.5, DeepSeek-R1-Distill-Qwen),
 * "qwen3" (dense Qwen3), "gemma2", "gemma3" (Gemma 2, Gemma 3 text) or
 * "phi3" (Phi-3, Phi-3.5-mini, Phi-4-mini) with weights in F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0,
 * Q5_1, Q4_K, Q5_K or Q6_K (so llama.cpp's Q4_0, Q8_0 and Q4_K_M files),
 * tokenizes with the file's vocabulary (SentencePiece, or byte-level BPE
 * with the GPT-2, Llama 3, Qwen2, SmolLM, Falcon, DeepSeek or Tekken
 * pre-tokenizers), evaluates tokens
 * into logits and generates text with a sampler.
 *
 * Errors: every function that can fail returns -1 (or a negative count)
 * and writes a one-line, lower-case message into err (errlen bytes; err
 * may be NULL when errlen is 0) naming what is wrong: the file, the key,
 * the tensor and its type, the unsupported architecture or tokenizer, the
 * context that would overflow. Nothing here prints or exits.
 *
 * Threads: one engine is used by one thread at a time; it owns a pool of
 * n_threads workers that its calls use internally. Several engines may
 * share the same model file (each maps it; the OS shares the pages).
 *
 * Typical use:
 *   struct engine_params p; engine_params_default(&p); p.model_path = f;
 *   struct engine *e; if (engine_open(&p, &e, err, sizeof err)) ...;
 *   int32_t ids[512]; int n = engine_tokenize(e, text, len, 1, ids, 512, err, sizeof err);
 *   struct engine_gen g; engine_gen_default(&g); g.max_tokens = 64;
 *   struct engine_stats st;
 *   engine_generate(e, ids, n, &g, on_token, ud, &st, err, sizeof err);
 *   engine_close(e);
 */
#ifndef LLM_ENGINE_H
#define LLM_ENGINE_H

#include <stddef.h>
#include <stdint.h>

struct engine;

struct engine_params {
	const char *model_path; /* GGUF file */
	int n_threads;          /* <= 0: every online CPU */
	int n_ctx;              /* KV cache length in tokens; <= 0: the training
	                           context capped at 4096; larger than the
	                           training context is an error */
};

void engine_params_default(struct engine_params *p);

/* What the file says about the model; strings live as long as the engine. */
struct engine_info {
	const char *arch;          /* general.architecture ("llama") */
	const char *name;          /* general.name, "" when absent */
	const char *chat_template; /* tokenizer.chat_template, NULL when absent */
	int32_t n_ctx_train;       /* llama.context_length */
	int32_t n_ctx;             /* the context this engine was opened with */
	int32_t n_vocab;
	int32_t n_embd, n_layer, n_head, n_head_kv, n_ff;
	int32_t bos_id, eos_id;    /* -1 when none */
	int has_tokenizer;         /* 0: only token ids can be used */
	uint64_t n_params;         /* elements of all tensors */
	uint64_t weight_bytes;     /* bytes of weights read per decoded token */
	const char *kernel;        /* "avx512", "avx2" or "ref": the kernels in use */
};

/* 0 and *out, or -1 with a message (file unreadable or invalid,
 * unsupported architecture / tensor type / tokenizer, bad shapes). A file
 * whose tokenizer is not supported still opens (has_tokenizer = 0) so it
 * can be driven by token ids; engine_tokenize then fails saying why. */
int engine_open(const struct engine_params *p, struct engine **out, char *err, size_t errlen);
void engine_close(struct engine *e);
const struct engine_info *engine_info(const struct engine *e);

/*
 * Text -> token ids, with BOS first when add_bos and the model asks for
 * one (tokenizer.ggml.add_bos_token, whose default depends on the
 * tokenizer: tok.h) and has one.
 * Writes at most max ids; returns the number the text needs (call again
 * with more room when it is larger than max), or -1 with a message.
 */
int engine_tokenize(struct engine *e, const char *text, size_t len, int add_bos, int32_t *ids, int max,
		    char *err, size_t errlen);

/* Token ids -> text into buf (NUL-terminated, truncated to fit); returns
 * the full length in bytes, or -1 with a message (bad id, no tokenizer). */
int64_t engine_detokenize(struct engine *e, const int32_t *ids, int n, char *buf, size_t buflen, char *err,
			  size_t errlen);

/* The text of one token following token prev (-1 at the start): byte
 * tokens give single bytes, so a UTF-8 character may arrive in pieces.
 * Returns the length (may exceed buflen: truncated), -1 on a bad id. */
int engine_token_piece(struct engine *e, int32_t prev, int32_t id, char *buf, size_t buflen);

/*
 * Runs n tokens at positions pos .. pos+n-1 and writes the logits of the
 * last one (n_vocab floats) into logits (may be NULL). Positions from pos
 * on are replaced, so pos = 0 starts over and pos = the number evaluated
 * so far continues. pos + n > n_ctx is an error ("context overflow").
 */
int engine_eval(struct engine *e, const int32_t *tokens, int n, int pos, float *logits, char *err,
		size_t errlen);

/* The logits of the last evaluated position (n_vocab floats): after
 * engine_eval(), or inside engine_generate()'s callback the row the current
 * token was drawn from (before any repetition penalty). */
const float *engine_logits(const struct engine *e);

/* Sampling and stopping for engine_generate(). */
struct engine_gen {
	float temperature;    /* <= 0: greedy (argmax) */
	int top_k;            /* <= 0: off */
	float top_p;          /* >= 1: off */
	float min_p;          /* <= 0: off */
	float repeat_penalty; /* 1: off */
	int repeat_last_n;    /* tokens the penalty looks back over */
	uint64_t seed;        /* same seed, same model, same prompt: same output */
	int max_tokens;       /* tokens to generate at most (> 0) */
	int stop_at_eos;      /* stop (without emitting it) at an end-of-generation token (engine_is_eog) */
};

/* temperature 0.8, top_k 40, top_p 0.95, min_p 0.05, repeat_penalty 1.1,
 * repeat_last_n 64, seed 0, max_tokens 256, stop_at_eos 1 */
void engine_gen_default(struct engine_gen *g);

/* Called once per generated token with its id and text piece (see
 * engine_token_piece). Return 0 to go on, non-zero to stop. */
typedef int (*engine_token_fn)(void *userdata, int32_t id, const char *piece, size_t len);

enum engine_finish {
	ENGINE_FINISH_LENGTH = 0,   /* max_tokens reached */
	ENGINE_FINISH_STOP = 1,     /* EOS */
	ENGINE_FINISH_CALLBACK = 2, /* the callback asked to stop */
	ENGINE_FINISH_CONTEXT = 3,  /* the context is full */
};

struct engine_stats {
	int n_prompt;       /* prompt tokens (including reused ones) */
	int n_reused;       /* of those, taken from the cache (shared prefix) */
	int n_gen;          /* tokens generated (passed to the callback) */
	double prompt_ms;   /* prompt evaluation */
	double ttft_ms;     /* from the call to the first token's callback */
	double gen_ms;      /* from the first token to the end */
	enum engine_finish finish;
};

/* Names "length", "stop", "callback", "context" (OpenAI's finish_reason
 * words where one exists). */
const char *engine_finish_name(enum engine_finish f);

/*
 * Evaluates the prompt at positions 0.. , reusing the keys and values of
 * the longest prefix it shares with what the cache holds from the previous
 * call (engine_eval or engine_generate; the output is the same as without
 * reuse, bit for bit except with Q4_K/Q6_K weights, whose batch and single-token
 * kernels round differently), then samples up to max_tokens tokens, calling cb (may be NULL)
 * for each.
 * Running out of context ends generation with ENGINE_FINISH_CONTEXT (not
 * an error); a prompt that does not fit at all is an error. stats may be
 * NULL. 0 or -1 with a message.
 */
int engine_generate(struct engine *e, const int32_t *prompt, int n_prompt, const struct engine_gen *g,
		    engine_token_fn cb, void *userdata, struct engine_stats *stats, char *err, size_t errlen);

/*
 * Batched decoding: several sequences generated together, each in its own
 * slot (its own KV cache, positions and sampler), so one pass of the
 * weights serves a token of every running sequence, which is what makes
 * it faster than decoding them one after another (decoding reads every
 * weight per step, and memory, not arithmetic, bounds a single stream).
 * A slot frees as its sequence ends and takes a new one, whose prompt is
 * evaluated when it is added (reusing the keys and values of the prefix
 * it shares with the slot's previous sequence).
 *
 * Each sequence gives the tokens engine_generate() gives for the same
 * prompt and settings, and the same whatever else runs beside it (bit for
 * bit: a row's arithmetic does not depend on the others'; see llama.h
 * for the one exception against engine_generate: Q4_K / Q6_K rows outside
 * the repacked groups).
 *
 *   struct engine_batch *b; engine_batch_new(e, 8, &b, err, sizeof err);
 *   while (work or engine_batch_running(b)) {
 *     while (work and engine_batch_free_slot(b) >= 0)
 *       slot = engine_batch_add(b, ids, n, &g, on_token, ud, err, sizeof err);
 *     engine_batch_step(b, err, sizeof err);      (calls on_token per sequence)
 *     for each slot s with engine_batch_done(b, s, &st) == 1: use it, engine_batch_remove(b, s);
 *   }
 *   engine_batch_free(b);
 *
 * A batch uses its engine's model and threads: while a batch is in use,
 * do not call engine_eval / engine_generate on the engine (they are the
 * same thread's, one at a time). Slot caches are allocated as sequences
 * need them, up to the engine's context each.
 */
struct engine_batch;

/* The largest slot count engine_batch_new() takes. */
#define ENGINE_BATCH_MAX 32

/* The most slots a batch of e's model takes: ENGINE_BATCH_MAX, or 1 for
 * qwen35 and gemma4, which hold their one sequence's state in the model
 * (a batch of them decodes through e's own cache, as engine_generate). */
int engine_batch_max_slots(const struct engine *e);

/* 0 and *out with n_slots (1 .. engine_batch_max_slots(e)) empty slots, or
 * -1 (more refused with a message naming the architecture). */
int engine_batch_new(struct engine *e, int n_slots, struct engine_batch **out, char *err, size_t errlen);
void engine_batch_free(struct engine_batch *b);
int engine_batch_slots(const struct engine_batch *b);
/* Sequences added and not yet finished. */
int engine_batch_running(const struct engine_batch *b);
/* An empty slot's index, or -1 when every slot holds a sequence (running
 * or finished and not yet removed). */
int engine_batch_free_slot(const struct engine_batch *b);

/*
 * Starts a sequence in an empty slot: evaluates the prompt, then samples
 * its first token as engine_generate() does (calling cb; the sequence may
 * finish right there). Returns the slot, or -1 with a message (no empty
 * slot, empty or too long prompt, bad settings, out of memory); on error
 * the slot stays empty.
 */
int engine_batch_add(struct engine_batch *b, const int32_t *prompt, int n_prompt, const struct engine_gen *g,
		     engine_token_fn cb, void *userdata, char *err, size_t errlen);

/*
 * One decode step: the last sampled token of every running sequence is
 * evaluated in one pass, then each samples its next (calling its cb) or
 * finishes. Returns the number still running, or -1 with a message (the
 * running sequences then finish with an error: engine_batch_done says so).
 */
int engine_batch_step(struct engine_batch *b, char *err, size_t errlen);

/* 1 when the slot's sequence has finished (stats filled: finish, counts,
 * times), 0 while it runs, -1 for an empty slot or a bad index; -2 when
 * it ended on an error (a failed step). stats may be NULL. */
int engine_batch_done(const struct engine_batch *b, int slot, struct engine_stats *stats);

/* The logits the slot's last token was sampled from (n_vocab floats,
 * before any repetition penalty), NULL for an empty slot. */
const float *engine_batch_logits(const struct engine_batch *b, int slot);

/* Empties the slot, finished or not (its cache is kept for the prefix of
 * the next sequence). */
void engine_batch_remove(struct engine_batch *b, int slot);

/* Forces the scalar reference kernels (1) or the fastest available (0) for
 * every engine in the process; also LLM_ENGINE_KERNEL=ref. For testing. */
void engine_force_reference(int on);

/* The id of the control or user-defined token whose text is exactly
 * text[0, len) ("<|im_start|>", "</s>"), or -1. Chat prompts use it to put
 * a template's markers in as the special tokens they are, which plain
 * tokenization never produces. A scan of the special tokens only. */
int32_t engine_special_token(const struct engine *e, const char *text, size_t len);

/* 1 when id ends a generation: the file's eos or eot, or a control token
 * that is a well-known end-of-turn marker (<|eot_id|>, <|eom_id|>,
 * <|im_end|>, <|end|>, <end_of_turn>, <|endoftext|>, <|end_of_text|>,
 * <EOT>), as llama.cpp counts them. */
int engine_is_eog(const struct engine *e, int32_t id);

#endif
