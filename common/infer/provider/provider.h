/*
 * provider: the two wire formats llm-infer speaks, as codecs without I/O.
 *
 *   openai.c     OpenAI-compatible Chat Completions (OpenAI, Azure OpenAI
 *                deployments, vLLM, llama.cpp server, Ollama, OpenRouter)
 *   anthropic.c  Anthropic Messages
 *   provider.c   dispatch by kind, error classification, key redaction
 *
 * For each: the URL and headers of a request, its JSON body built from a
 * record (.messages, else .text/.prompt, plus options and .params), the
 * answer parsed from a whole response or from an SSE stream, and every
 * failure sorted into one enum policy_fail class from the HTTP status and
 * the provider's own error format. Nothing here prints, exits or touches
 * the network; the fuzz harness feeds the parsers arbitrary bytes.
 */
#ifndef LLM_PROVIDER_H
#define LLM_PROVIDER_H

#include <stddef.h>

#include <jv.h>

#include "core/buf.h"
#include "policy/policy.h"
#include "infer/provider/sse.h"
#include "core/record.h"

#define PROVIDER_ANTHROPIC_VERSION "2023-06-01"
#define PROVIDER_DEFAULT_MAX_TOKENS 1024 /* Anthropic requires one */

struct provider_target {
	enum policy_kind kind;       /* openai or anthropic */
	const char *endpoint;        /* base URL */
	const char *model;
	const char *api_version;     /* NULL: the default */
	int azure;
};

struct provider_opts {
	const char *system;          /* --system, or NULL */
	long max_tokens;             /* 0: unset (Anthropic: PROVIDER_DEFAULT_MAX_TOKENS) */
	double temperature;          /* < 0: unset */
	const char *const *stop;     /* stop sequences */
	size_t nstop;
	int json;                    /* ask for a JSON object answer */
	jv defaults;                 /* the backend's params (object), or jv_invalid(); not consumed */
};

struct provider_result {
	int ok;                      /* 1: an answer */
	enum policy_fail fail;       /* when !ok */
	struct buf output;           /* the answer's text */
	char finish_reason[32];      /* as the provider says it ("stop", "end_turn", ...) */
	long long input_tokens;      /* -1 when the response did not say */
	long long output_tokens;
	struct buf message;          /* why it failed, from the error body (NOT redacted) */
};

void provider_result_init(struct provider_result *res);
void provider_result_reset(struct provider_result *res);
void provider_result_release(struct provider_result *res);

/* The request URL. */
void provider_url(const struct provider_target *t, struct buf *url);
/* The auth header for a key ("Authorization: Bearer k", "api-key: k",
 * "x-api-key: k"), appended to out; nothing when key is NULL. */
void provider_auth_header(const struct provider_target *t, const char *key, struct buf *out);
/* Other fixed headers ("anthropic-version: ..."), each appended to out with
 * a NUL after it; returns how many. */
int provider_fixed_headers(const struct provider_target *t, struct buf *out);

/* Builds the request body for a record. With stream the body asks for an
 * SSE answer. Returns 0, or -1 with err (the record holds no input, or its
 * .messages/.params are malformed). */
int provider_build(const struct provider_target *t, const struct provider_opts *o, const struct record *r,
		   int stream, struct buf *body, char *err, size_t errlen);

/* Parses a whole response (any status). Returns 0 with res->ok = 1, or -1
 * with res->fail and res->message. */
int provider_parse(enum policy_kind kind, long status, const char *body, size_t n, struct provider_result *res);

/* The failure class of an error response (status >= 300, or a 2xx whose
 * body says error). msg receives the provider's message. */
enum policy_fail provider_classify(enum policy_kind kind, long status, const char *body, size_t n,
				   struct buf *msg);

/* An SSE answer being read. */
struct provider_stream {
	enum policy_kind kind;
	struct sse sse;
	struct provider_result *res;
	struct buf raw;              /* the first bytes, for a non-SSE error body */
	int first_token;             /* set when the first text arrived */
	int done;                    /* [DONE] / message_stop seen */
	int failed;                  /* an error event arrived, or bad JSON */
};

void provider_stream_init(struct provider_stream *ps, enum policy_kind kind, struct provider_result *res);
void provider_stream_release(struct provider_stream *ps);
/* Feeds response bytes. Returns 0, or -1 when the stream is unusable. */
int provider_stream_feed(struct provider_stream *ps, const char *p, size_t n);
/* At the end of the transfer: the result in ps->res as provider_parse(). */
int provider_stream_finish(struct provider_stream *ps, long status);

/* Masks secrets in s, in place: each of keys (NULL-terminated; NULL and ""
 * entries ignored), "Bearer <token>" and "sk-..."-shaped tokens become
 * "[REDACTED]". For error bodies echoed into records and diagnostics. */
void provider_redact(struct buf *s, const char *const *keys);

#endif
