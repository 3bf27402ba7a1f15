/*
 * libFuzzer harness for model loading and the forward pass: the input is
 * opened as a GGUF file in memory and handed to llama_new() (every
 * architecture, hyper-parameter and tensor shape check); a model it
 * accepts evaluates a few tokens, and an out-of-range token must be
 * refused; then two sequences decode a step together (llama_decode).
 * Every refusal must say why. Seeds (tests/fuzz/seeds/fuzz_model/) are
 * small random models of every architecture that test_engine and
 * test_arch (qwen35, gemma4) write with MODEL_SEED_DIR set.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/gguf.h"
#include "engine/llama.h"
#include "engine/pool.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pool *pool;
	char err[256];
	if (!pool && pool_new(1, &pool, err, sizeof(err)))
		return 0;
	/* a private copy of exactly `size` bytes, so reads past the end are
	 * caught even when libFuzzer's buffer is larger */
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	struct gguf_ctx *g = NULL;
	err[0] = 0;
	if (gguf_open_mem(copy, size, &g, err, sizeof(err)) != 0) {
		free(copy);
		return 0;
	}
	struct llama *m = NULL;
	err[0] = 0;
	if (llama_new(g, 8, pool, &m, err, sizeof(err)) != 0) {
		if (!err[0])
			__builtin_trap();
	} else {
		const struct llama_hparams *h = llama_hparams(m);
		float *logits = malloc((size_t)h->n_vocab * sizeof(float));
		int32_t toks[3] = { 0, h->n_vocab - 1, h->n_vocab / 2 };
		if (logits) {
			err[0] = 0;
			if (llama_eval(m, toks, 3, 0, logits, err, sizeof(err)) != 0 && !err[0])
				__builtin_trap();
			toks[0] = h->n_vocab;
			if (llama_eval(m, toks, 1, 3, logits, err, sizeof(err)) == 0)
				__builtin_trap(); /* an id past the vocabulary must be refused */
		}
		/* batched decoding: two sequence caches, a step of both */
		float *rows = malloc(2 * (size_t)h->n_vocab * sizeof(float));
		struct llama_kv *kv[2] = { llama_kv_new(m, 0), llama_kv_new(m, 0) };
		if (rows && kv[0] && kv[1]) {
			int32_t t2[2] = { h->n_vocab - 1, 0 }, p2[2] = { 2, 1 };
			err[0] = 0;
			if ((llama_eval_kv(m, kv[0], t2, 2, 0, NULL, err, sizeof(err)) != 0 ||
			     llama_eval_kv(m, kv[1], t2, 1, 0, NULL, err, sizeof(err)) != 0 ||
			     llama_decode(m, kv, t2, p2, 2, rows, err, sizeof(err)) != 0) && !err[0])
				__builtin_trap();
			p2[0] = 8; /* past the context of 8 */
			if (llama_decode(m, kv, t2, p2, 2, rows, err, sizeof(err)) == 0)
				__builtin_trap();
		}
		llama_kv_free(kv[0]);
		llama_kv_free(kv[1]);
		free(rows);
		free(logits);
		llama_free(m);
	}
	gguf_close(g);
	free(copy);
	return 0;
}
