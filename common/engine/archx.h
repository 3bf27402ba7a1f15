/*
 * archx: the architectures whose blocks are not llama.c's Llama block,
 * each in its own file behind the same four calls, which llama.c's
 * llama_new / llama_eval / llama_free hand over to by architecture:
 *
 * qwen35.c  "qwen35" (Qwen3.5 0.8B-9B text): Gated DeltaNet layers with a
 *           recurrent state each, and a gated full-attention layer every
 *           full_attention_interval layers.
 * gemma4.c  "gemma4" (Gemma 4 E2B/E4B text): Gemma 3's sandwich block with
 *           per-layer head sizes, KV shared by the last layers, per-layer
 *           token embeddings and a scalar per layer.
 *
 * _new reads and checks the hyper-parameters and every tensor, fills hp
 * (for engine_info and callers) and sets *n_ctx (<= 0 asked: the training
 * context capped at 4096) and *weight_bytes. _eval runs n tokens at
 * positions pos .. pos + n - 1 after the bounds llama_eval checked.
 */
#ifndef LLM_ARCHX_H
#define LLM_ARCHX_H

#include <stddef.h>
#include <stdint.h>

struct gguf_ctx;
struct pool;
struct llama_hparams;
struct qwen35;
struct gemma4;

int qwen35_new(const struct gguf_ctx *g, int n_ctx, struct pool *pool, struct llama_hparams *hp, int32_t *n_ctx_out,
	       uint64_t *weight_bytes, struct qwen35 **out, char *err, size_t errlen);
/* A recurrent state cannot be rewound: pos must be 0 (a new sequence) or
 * the number of tokens evaluated since (-1 with a message otherwise). */
int qwen35_eval(struct qwen35 *m, const int32_t *tokens, int n, int pos, float *logits, char *err, size_t errlen);
void qwen35_free(struct qwen35 *m);

int gemma4_new(const struct gguf_ctx *g, int n_ctx, struct pool *pool, struct llama_hparams *hp, int32_t *n_ctx_out,
	       uint64_t *weight_bytes, struct gemma4 **out, char *err, size_t errlen);
int gemma4_eval(struct gemma4 *m, const int32_t *tokens, int n, int pos, float *logits, char *err, size_t errlen);
void gemma4_free(struct gemma4 *m);

#endif
