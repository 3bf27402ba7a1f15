/*
 * probe: the engine driven directly, to debug a model file
 * (llm-infer --model FILE.gguf with --tokens, --print-ids or
 * --print-logits). Records are not involved. It makes JSON lines: the
 * prompt's token ids, then one per generated token (its id and piece and,
 * with top_k, the top_k highest logits of that step) when asked, then a
 * summary (the text, finish reason, usage, ttft_ms, decode_tps). Each line
 * goes to the caller's emit function as soon as it is made; probe never
 * prints.
 */
#ifndef LLM_PROBE_H
#define LLM_PROBE_H

#include <stddef.h>
#include <stdint.h>

struct probe_opts {
	const char *model_path;
	const char *prompt;      /* tokenized (with BOS) unless ids is set; NULL is "" */
	const char *ids;         /* "1,2,3": these token ids are the prompt */
	int threads, ctx;        /* 0: the engine's defaults */
	int max_tokens;
	double temperature;      /* < 0: greedy */
	uint64_t seed;
	int print_ids;           /* a line per generated token */
	int top_k;               /* 0..1000: the highest logits on each token's line */
};

enum probe_status {
	PROBE_OK = 0,
	PROBE_ERR_CONFIG = -1,   /* the model, the prompt's tokens or the generation */
	PROBE_ERR_USAGE = -2,    /* ids is not a list of token ids below the vocabulary */
	PROBE_ERR_NOMEM = -3,
};

typedef void (*probe_emit_fn)(void *ctx, const char *line, size_t len);

/* Runs it; returns PROBE_OK, or a PROBE_ERR_* with the reason in err
 * (lines emitted before the failure stay emitted). */
int probe_run(const struct probe_opts *o, probe_emit_fn emit, void *ctx, char *err, size_t errlen);

#endif
