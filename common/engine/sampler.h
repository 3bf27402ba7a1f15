/*
 * sampler: picks the next token from a row of logits.
 *
 * Order of the steps (llama.cpp's default chain, minus the exotic ones):
 * repetition penalty over the last repeat_last_n tokens (a positive logit
 * is divided by the penalty, a negative one multiplied, each distinct token
 * once), then, when temperature <= 0, the argmax (ties to the lower id);
 * otherwise top-k, softmax at the temperature, top-p (smallest set whose
 * mass reaches p), min-p (drop tokens below min_p x the top probability),
 * renormalize, and draw with the sampler's own PRNG.
 *
 * The PRNG is xorshift64* seeded through splitmix64, written out here so
 * the same seed gives the same tokens on every platform and libc.
 */
#ifndef LLM_SAMPLER_H
#define LLM_SAMPLER_H

#include <stddef.h>
#include <stdint.h>

struct sampler_config {
	float temperature;    /* <= 0: greedy */
	int top_k;            /* <= 0: off */
	float top_p;          /* >= 1: off */
	float min_p;          /* <= 0: off */
	float repeat_penalty; /* 1: off */
	int repeat_last_n;    /* window of recent tokens the penalty sees */
	uint64_t seed;
};

struct sampler;

/* temperature 0.8, top_k 40, top_p 0.95, min_p 0.05, repeat_penalty 1.0,
 * repeat_last_n 64, seed 0 */
void sampler_config_default(struct sampler_config *c);

/* n_vocab > 0. 0 or -1 with a message (bad values are named). */
int sampler_new(const struct sampler_config *c, int32_t n_vocab, struct sampler **out, char *err, size_t errlen);
void sampler_free(struct sampler *s);
/* Records a token for the repetition window (prompt and generated). */
void sampler_accept(struct sampler *s, int32_t id);
/* Picks a token. logits (n_vocab floats) is modified in place. */
int32_t sampler_sample(struct sampler *s, float *logits);
/* The argmax, ties to the lower id. */
int32_t sampler_argmax(const float *logits, int32_t n);

/* The PRNG, exposed for tests: uniform in [0, 1). */
double sampler_rand(struct sampler *s);

#endif
