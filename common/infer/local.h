/*
 * local: llm-infer's `local` backend, the on-box engine (engine.h) behind
 * the same request and answer shape as the hosted providers.
 *
 * One engine per backend per process, opened on the first record that
 * needs it and shared by every record after (opening maps the file, so
 * this costs milliseconds). Generation runs on one worker thread (the
 * engine already spreads each matmul over the backend's threads), so the
 * HTTP loop keeps serving hosted requests while local answers are
 * computed: submit jobs, wait for local_fd() to become readable (it can
 * sit beside curl's sockets), take the finished jobs.
 *
 * Batched decoding: each model decodes up to local_set_slots() requests
 * together (engine_batch: one pass of the weights gives a token of each;
 * at most the backend's concurrency, and ENGINE_BATCH_MAX). Jobs start in
 * submission order as slots free; a new job's prompt is evaluated when it
 * takes a slot, between two steps of the others. Each answer is what the
 * job alone would get (the same tokens, greedy or seeded); finished jobs
 * come back in the order they end, not the order submitted.
 *
 * Prompts: chat messages are rendered with the model's chat template
 * family (chat.h); the template's markers go in as special tokens where
 * the vocabulary has them. Sampling comes from the job, else the
 * backend's `params`, else greedy decoding; the same seed gives the same
 * answer.
 */
#ifndef LLM_LOCAL_H
#define LLM_LOCAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "infer/chat.h"
#include "policy/policy.h"

struct local;

/* What to run. Negative / NAN numbers mean "not set". */
struct local_job {
	const struct policy_backend *b;
	struct chat_msg *msgs;    /* copied in by local_job_add_msg() */
	size_t nmsgs, amsgs;
	int max_tokens;
	double temperature, top_p, min_p, repeat_penalty;
	int top_k;
	long long seed;
	char **stop;              /* stop strings, owned */
	size_t nstop;
	void *user;               /* the caller's */

	/* The answer. */
	int failed;               /* 0: output is the answer */
	int fail;                 /* enum policy_fail when failed */
	int permanent;            /* retrying cannot help (the model will not open) */
	char err[512];
	struct buf output;
	const char *finish_reason;/* "stop", "length" */
	long input_tokens, output_tokens;
	double latency_ms, ttft_ms;

	struct local_job *next;   /* queue link */
};

void local_job_init(struct local_job *j, const struct policy_backend *b);
void local_job_release(struct local_job *j);
void local_job_add_msg(struct local_job *j, const char *role, const char *content, size_t len);
void local_job_add_stop(struct local_job *j, const char *s, size_t len);

/* The start-up check of a local backend's model file (llm-infer calls it
 * for every local backend before reading input: a model that will not
 * open is a configuration error, not a per-record failure). Opens the file
 * as GGUF, which validates every count and offset, and closes it.
 * Returns 0, or -1 with err naming the backend, the file and what is
 * wrong. */
int local_check_model(const struct policy_backend *b, char *err, size_t errlen);

/* Tokenizes a rendered chat prompt as run_job does: the template's
 * markers become their special tokens where the vocabulary has them, the
 * rest is text; BOS first when add_bos and the model wants one. *ids is
 * malloc'd. Returns the count, or -1 with err. (infer/judge.c) */
struct engine;
int local_tokenize_prompt(struct engine *e, const char *s, size_t n, int add_bos, int32_t **ids,
			  char *err, size_t errlen);

/* NULL with err when the worker thread cannot start. */
struct local *local_new(char *err, size_t errlen);
/* Waits for the job being computed, drops the queued ones (their owners
 * still own them), closes the engines. */
void local_free(struct local *l);

/* Requests decoded together per model (1 .. ENGINE_BATCH_MAX = 32,
 * clamped; default 1). llm-infer sets it from -j. Takes effect for a model
 * whose batch is not made yet (its first job). */
void local_set_slots(struct local *l, int n);

/* Queues j (the caller keeps ownership; do not touch it until taken). */
void local_submit(struct local *l, struct local_job *j);
/* A descriptor that is readable while finished jobs wait to be taken. */
int local_fd(const struct local *l);
/* A finished job, or NULL. */
struct local_job *local_take(struct local *l);
/* Runs j on the calling thread (direct use: llm-infer --model). */
void local_run(struct local *l, struct local_job *j);

#endif
