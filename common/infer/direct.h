/*
 * direct: the policy of llm-infer's modes without a policy file, one
 * backend named on the command line: --base-url URL --model NAME (an
 * OpenAI- or Anthropic-style API), or --model FILE.gguf (the engine on this
 * machine). The user chose the backend, so it has no class ceiling; it
 * falls back (to nothing: the record fails) on rate limits, server errors,
 * timeouts and context windows, like a policy's default fallback_on.
 */
#ifndef LLM_DIRECT_H
#define LLM_DIRECT_H

#include "policy/policy.h"

struct direct_opts {
	const char *provider;    /* "openai" or "anthropic" (not for local) */
	const char *base_url;
	const char *model;       /* the model's name, or the GGUF file with local */
	const char *api_key_env;
	int local;               /* the engine on this machine runs model */
	long threads, ctx;       /* local: 0 for the engine's defaults */
};

/* The policy and its one backend; policy.backends points into the struct,
 * which must stay where it is while used. The strings are borrowed from o
 * (they must outlive it); nothing to release. */
struct direct_policy {
	struct policy policy;
	struct policy_backend backend;
};

void direct_policy_init(struct direct_policy *d, const struct direct_opts *o);

#endif
