/*
 * infer: llm-infer's orchestration. Records in, answers out, in order.
 *
 * Each record is a job: its chain (the record's _llm.route.chain, or the
 * one direct backend), tried in order. A backend above the record's data
 * ceiling is never sent the record (checked again here, whatever the route
 * says; no _llm.classify counts as restricted). A failure is classified
 * (enum policy_fail); a retryable one (rate_limit, server_error, timeout)
 * moves at once to the next backend when the policy's fallback_on allows
 * and that backend is healthy (no sleeping while another could answer),
 * else is retried here after a full-jitter backoff or the server's
 * Retry-After (capped); after the retries the chain moves on if fallback_on
 * allows. Each backend has a token bucket for its rpm and tpm and a
 * cooldown after repeated failures, shared by all jobs. Up to `jobs`
 * requests are in flight at once, on one thread (http.h); answers leave
 * through a bounded reorder window (reorder.h) unless unordered.
 *
 * The backend-kind dispatch is infer_call_start(): openai and anthropic go
 * to the HTTP client; local goes to the engine's worker thread (local.h),
 * whose completion pipe the same wait watches beside curl's sockets.
 *
 * Library rules: nothing is printed; counts come back in infer_stats and
 * the caller picks the exit status.
 */
#ifndef LLM_INFER_H
#define LLM_INFER_H

#include <stddef.h>
#include <stdint.h>

#include "core/input.h"
#include "core/ndjson.h"
#include "policy/policy.h"
#include "infer/provider/provider.h"

struct infer_opts {
	const struct policy *policy;          /* backends and fallback_on */
	const struct policy_backend *direct;  /* every record goes here (routes ignored), or NULL */
	int jobs;                  /* requests in flight (>= 1) */
	int unordered;             /* write answers as they come */
	int stream;                /* ask for SSE answers; measures time to first token */
	int retries;               /* retries per backend after the first try */
	long retry_base_ms;        /* backoff base */
	long retry_max_ms;         /* backoff cap */
	long retry_after_cap_ms;   /* the most a Retry-After may make us wait */
	int cooldown_after;        /* consecutive failures that bench a backend (0: never) */
	long cooldown_ms;
	double timeout_s;          /* per request, when the backend sets none */
	const char *cacert;
	const char *cache_path;    /* response cache, or NULL */
	const char *state_path;    /* llm-route's budget state, or NULL: see infer_budget in infer.c */
	const char *resume_path;   /* earlier output whose answers are reused, or NULL */
	uint64_t seed;             /* jitter; 0: random */
	struct provider_opts req;  /* --system, --max-tokens, ... (defaults: per backend) */
	const char *const *extra_keys; /* further secrets to redact (NULL-terminated), or NULL */
	/* Told when an input file cannot be opened or read (it is skipped). */
	void (*on_input_error)(void *ctx, const char *msg);
	/* Told as each record is taken in (records so far, input bytes read):
	 * the command's progress line. May be NULL. */
	void (*on_progress)(void *ctx, uint64_t records, uint64_t bytes);
	void *cb_ctx;
};

struct infer_stats {
	uint64_t records;     /* lines read */
	uint64_t answered;    /* with an answer (fresh, cached or resumed) */
	uint64_t cached;      /* answered from the cache */
	uint64_t resumed;     /* answered by the --resume file */
	uint64_t failed;      /* chain exhausted: _llm.error */
	uint64_t passed;      /* settled records passed through */
	uint64_t bad;         /* lines that were not records */
	uint64_t requests;    /* HTTP requests made */
	uint64_t retries;     /* of which retries */
	uint64_t fallbacks;   /* moves to a later backend */
	uint64_t auth_failed; /* records failed for credentials (missing or refused keys) */
	uint64_t gate_refused; /* records the last gate let reach no backend */
	uint64_t budget_denied; /* records refused: uncharged and over budget */
	long long input_tokens, output_tokens;
	double cost_usd;
};

struct infer;

struct infer *infer_new(const struct infer_opts *o, char *err, size_t errlen);
void infer_free(struct infer *inf);
/* Processes every record of in, writing to w. Returns 0, or -1 with err on
 * a fatal error (the cache failed, out of memory; I/O errors of the input
 * are in in->io_failed and of the output in w->err). */
int infer_run(struct infer *inf, struct input *in, struct ndjson_writer *w, struct infer_stats *st, char *err,
	      size_t errlen);

/* The identity of a record for --resume: SHA-256 over its members other
 * than _llm (the user's fields, which no tool changes). */
void infer_record_identity(const struct record *r, unsigned char out[32]);

#endif
