/*
 * judge: the on-box model as a second opinion on texts the injection
 * classifier is unsure of (llm-filter --judge BACKEND).
 *
 * A fixed classification prompt, rendered with the model's chat template,
 * holds the text between markers; the answer is read from the logits of
 * the next token, never from generated text: P(injection) is the softmax
 * mass of the first tokens of "injection" against those of "benign" (with
 * and without a leading space and capital). The text goes in as plain
 * text: chat markers in it are not turned into special tokens, so it
 * cannot close its own turn.
 *
 * The prompt's fixed head is evaluated once; each record evaluates its
 * text and the tail from there, in chunks, checking the clock between
 * chunks: a record over its time budget gets no answer (decided = 0),
 * never a late one. Texts longer than the context allows keep their head.
 *
 * Only local backends (the engine gives logits); one judge is used by one
 * thread. Nothing here prints or exits.
 */
#ifndef LLM_JUDGE_H
#define LLM_JUDGE_H

#include <stddef.h>

#include "filter/filter.h"
#include "policy/policy.h"

struct judge;

/* Opens the backend's model. budget_ms: per record (> 0). NULL with err. */
struct judge *judge_open(const struct policy_backend *b, double budget_ms, char *err, size_t errlen);
void judge_close(struct judge *j);

/* A filter_judge_fn: ctx is the struct judge. */
void judge_classify(void *ctx, const char *s, size_t n, struct filter_judgement *out);

#endif
