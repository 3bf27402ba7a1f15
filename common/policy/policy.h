/*
 * policy: the one policy file llm-route and llm-infer share (llm-policy(5)).
 *
 * A policy names the backends (hosted APIs and the local engine) with their
 * data ceilings, attributes, prices and limits; ordered rules whose `when`
 * conditions are jq programs; which failures may move a request along its
 * chain; and per-workload budgets. policy_load() validates everything up
 * front and strictly (an unknown key is an error: in a security policy a
 * typo such as "max_clas" must not silently mean "no ceiling"), so the
 * tools can trust the structs below without re-checking.
 *
 * The policy's version is "sha256:" + the SHA-256 of its canonical form
 * (keys sorted, no insignificant whitespace; jq's own serialisation), so
 * reformatting the file or reordering keys keeps the version, and any
 * change of meaning changes it. Every routing decision carries it.
 */
#ifndef LLM_POLICY_H
#define LLM_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include <jv.h>

#include "core/json.h"

struct jqprog;
struct jqfast;

enum policy_kind {
	POLICY_KIND_OPENAI = 0, /* OpenAI-compatible Chat Completions */
	POLICY_KIND_ANTHROPIC,  /* Anthropic Messages */
	POLICY_KIND_LOCAL,      /* the on-box GGUF engine */
};

/* Failure classes of a backend call. The first four may move a request to
 * the next backend when fallback_on lists them (the default); the
 * content_policy class only when listed explicitly: a refusal must not be
 * routed around silently. auth and bad_request never fall back. */
enum policy_fail {
	POLICY_FAIL_RATE_LIMIT = 0,
	POLICY_FAIL_SERVER_ERROR,
	POLICY_FAIL_TIMEOUT,
	POLICY_FAIL_CONTEXT_WINDOW,
	POLICY_FAIL_CONTENT_POLICY,
	POLICY_FAIL_AUTH,
	POLICY_FAIL_BAD_REQUEST,
	POLICY_FAIL_COUNT
};

/* Tri-state for data attributes a backend may not declare. */
enum policy_tri { POLICY_UNSET = -1, POLICY_NO = 0, POLICY_YES = 1 };

struct policy_backend {
	char *name;
	enum policy_kind kind;
	int max_class;          /* enum dataclass: the highest class it may receive */

	/* hosted */
	char *endpoint;         /* base URL, e.g. https://api.openai.com/v1 */
	char *model;            /* model name sent to the API (hosted); label (local) */
	char *api_key_env;      /* name of the env var holding the key, or NULL */
	char *api_key_file;     /* a file holding the key, or NULL */
	char *api_version;      /* anthropic-version header / Azure api-version, or NULL */
	char *ca_file;          /* CA certificates to verify this backend's TLS peer with, or NULL */
	int azure;              /* Azure OpenAI: api-key header, deployment URLs */
	char **headers;         /* extra "Name: value" headers, NULL-terminated, or NULL */

	/* local */
	char *model_path;       /* GGUF file */
	int threads;            /* 0 = all cores */

	/* data attributes */
	char *region;           /* e.g. "eu", or NULL when undeclared */
	int zero_retention;     /* enum policy_tri */
	int self_hosted;        /* enum policy_tri; local backends are always YES */

	/* money and limits (0 = none/unknown) */
	double price_in;        /* USD per 1M input tokens */
	double price_out;       /* USD per 1M output tokens */
	long rpm, tpm, concurrency;
	double timeout_s;       /* whole-request timeout; 0 = the tool's default */
	long context_window;    /* tokens; 0 = unknown (no pre-flight check) */
	long max_output_tokens; /* default output budget for estimates and requests; 0 = tool default */
	jv params;              /* default request/sampling parameters (object), owned */
};

/* One arm of a rule's split: a chain chosen for a share of record ids. */
struct policy_arm {
	char *name;             /* the arm's name, or "arm<N>" */
	double weight;
	char **use;             /* backend names, NULL-terminated */
	size_t nuse;
};

struct policy_require {
	char **regions;         /* any of these, NULL-terminated; NULL = no constraint */
	int zero_retention;     /* POLICY_YES = required; POLICY_UNSET = no constraint */
	int self_hosted;        /* idem */
};

struct policy_rule {
	char *name;
	char *when_text;        /* the jq program, or NULL for an unconditional rule */
	struct jqprog *when;    /* compiled on first use (policy_rule_test), or NULL */
	struct jqfast *fast;    /* the same program natively, when it is in jqfast's subset */
	int is_default;         /* "default": true */
	char **use;             /* backend names, NULL-terminated (empty when split) */
	size_t nuse;
	struct policy_arm *arms;/* split arms, or NULL */
	size_t narms;
	struct policy_require require;
	long max_output_tokens; /* overrides backend's for estimates; 0 = unset */
};

struct policy_budget {
	char *workload;         /* a .workload value, or "*" for every workload */
	long long tokens_per_day;   /* 0 = no token ceiling */
	long long micro_usd_per_day;/* 0 = no cost ceiling; USD * 1e6 */
	char *on_exceed;        /* a rule name to use instead, or NULL = deny */
};

struct policy {
	char *path;
	char version[72];       /* "sha256:<64 hex>" */
	char *label;            /* optional "version" string from the file, or NULL */
	struct policy_backend *backends;
	size_t nbackends;
	struct policy_rule *rules;
	size_t nrules;
	unsigned fallback_on;   /* bit (1u << enum policy_fail) per listed class */
	struct policy_budget *budgets;
	size_t nbudgets;
	long default_max_output_tokens; /* "defaults": {"max_output_tokens"}; 256 when unset */
	char *classify_rules;   /* "classify": {"rules": FILE}: llm-classify's rules file, or NULL */
};

/*
 * Loads and validates a policy file. Returns 0, or -1 with a message naming
 * the offending key (e.g. "backends.openai.max_class: unknown class \"secret\"")
 * in err. jq `when` programs are compiled here; a syntax error is a load error.
 */
int policy_load(const char *path, struct policy **out, char *err, size_t errlen);
/* Same from text already in memory (name is used in messages). */
int policy_load_text(const char *name, const char *text, size_t len, struct policy **out, char *err,
		     size_t errlen);
void policy_free(struct policy *p);

/*
 * Runs a rule's `when` on a record (a validated JSON object): 1 when it
 * matches, 0 when not, -1 when the program raised an error (err filled).
 * A rule without `when` matches. The native evaluator answers when it can;
 * otherwise libjq runs (its program compiled on first use: a jq_compile of
 * jq's builtins costs milliseconds, too much to pay per rule at start-up
 * for programs the native path serves) on the record's jv, built once
 * into *rec_jv, which the caller starts as jv_invalid() and frees.
 */
int policy_rule_test(const struct policy_rule *r, struct json_span rec, jv *rec_jv, char *err, size_t errlen);

/* Backend / rule by name, or NULL. */
const struct policy_backend *policy_backend_find(const struct policy *p, const char *name);
const struct policy_rule *policy_rule_find(const struct policy *p, const char *name);

/* The budget that applies to a workload: an exact match, else "*", else NULL. */
const struct policy_budget *policy_budget_for(const struct policy *p, const char *workload);

/* 1 when the backend may receive a record of class cls (enum dataclass):
 * the ceiling check every tool repeats. */
int policy_backend_allows_class(const struct policy_backend *b, int cls);

/* 1 when the backend meets the rule's require; when not, and why is not
 * NULL, writes the attribute that failed ("region \"us\" not in [eu]"). */
int policy_backend_meets(const struct policy_backend *b, const struct policy_require *req, char *why,
			 size_t whylen);

/* 1 when a failure of this class may move to the next backend. */
int policy_may_fallback(const struct policy *p, enum policy_fail f);

/* 1 when the URL's host is loopback (localhost, 127.0.0.0/8, [::1]): the
 * one place plain http:// is allowed for a backend not self-hosted. */
int policy_url_is_loopback(const char *url);

const char *policy_kind_name(enum policy_kind k);   /* "openai", "anthropic", "local" */
const char *policy_fail_name(enum policy_fail f);   /* "rate_limit", ... */
int policy_fail_parse(const char *s);               /* enum policy_fail, or -1 */

#endif
