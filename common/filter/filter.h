/*
 * filter: what llm-filter does to one record, at the input stage (before a
 * model sees the text) or the output stage (after, on _llm.infer.output).
 *
 * Input stage: PII and secret findings (reused from _llm.classify when they
 * still match the text, else computed with the same detectors) get a per-type
 * action: keep, mask, redact, hash, pseudonymize (through the vault) or
 * block; prompt-injection heuristics, deny lists and jq checks can block;
 * allow lists exempt spans; --canary plants a marker the output stage
 * watches for. Output stage: secrets and PII in the output, --expect-json
 * (with a JSON-schema subset), a maximum length, refusals, canary leaks and
 * --restore of pseudonyms. Either way the result is _llm.filter =
 * {stage, verdict: pass|redact|block, findings: [...]}.
 */
#ifndef LLM_FILTER_H
#define LLM_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/jpath.h"
#include "core/record.h"

enum filter_verdict {
	FILTER_PASS = 0,
	FILTER_REDACT,
	FILTER_BLOCK,
};

/* The trained classifier decides at this score by default: the trainer
 * folds its operating point into the bias (scripts/train-injection.c). */
#define INJECT_MODEL_DEFAULT_THRESHOLD 0.5
/* A heuristic hit below INJECT_SURE is set aside when the classifier
 * scored the text below INJECT_MODEL_VETO (filter.c says why). */
#define INJECT_SURE 0.9
#define INJECT_MODEL_VETO 0.1

/* What a judge (an LLM asked to classify a text the classifier is unsure
 * of) answered. filter/ ranks below infer/, so the judge is a callback the
 * command wires up (cmd/llm-filter.c with infer/judge.c). */
struct filter_judgement {
	const char *backend;  /* static or owned by the judge */
	int decided;          /* 0: no answer (error, over budget) */
	double p_injection;   /* P(injection) from the label tokens' logits */
	double ms;            /* time taken */
	char error[160];      /* why not decided */
};
typedef void (*filter_judge_fn)(void *ctx, const char *s, size_t n, struct filter_judgement *out);

struct filter_opts {
	int output_stage;          /* 0: input, 1: output */
	const char *config;        /* config file, or NULL for the defaults */
	const char *rules;         /* llm-classify rules file for the detectors */
	const char *const *baselines;
	size_t nbaselines;
	const char *vault;         /* vault database */
	const char *vault_key;     /* vault key file */
	long long ttl;             /* pseudonym lifetime in seconds, 0 = none */
	const char *hash_key;      /* key file for the hash action */
	const unsigned char *fp_key; /* KEYFILE_LEN bytes: the fingerprint key
				      * (keyfile.h); NULL: a random one */
	const char *const *deny;   /* deny-list files */
	size_t ndeny;
	const char *const *allow;  /* allow-list files */
	size_t nallow;
	const char *const *checks; /* jq programs: a truthy result blocks */
	size_t nchecks;
	double threshold;          /* injection threshold; < 0: config or default */
	const char *model;         /* injection weights file, "none", or NULL: built in */
	double model_threshold;    /* < 0: config or INJECT_MODEL_DEFAULT_THRESHOLD */
	filter_judge_fn judge;     /* NULL: no judge */
	void *judge_ctx;
	double judge_lo, judge_hi; /* model scores in [lo, hi) go to the judge */
	int canary;                /* input: plant a canary */
	int restore;               /* output: restore pseudonyms */
	int expect_json;           /* output: must be JSON */
	const char *schema;        /* output: JSON-schema file (implies expect_json) */
	long long max_length;      /* output: longest output in characters, 0 = none */
	int decode;                /* detectors also scan encoded substrings */
	const char *const *actions; /* "type=action" overrides */
	size_t nactions;
};

struct filter_outcome {
	int verdict;               /* enum filter_verdict */
	size_t findings;
	int touched;               /* 0 when the record passed through untouched */
};

struct filter;

/* The table the config file is held to (confspec.h; man/llm-filter.1,
 * CONFIG FILE). Its actions maps take any key the finding types allow. */
struct confspec;
const struct confspec *filter_config_spec(void);

/* Loads config, lists, keys and the vault. NULL with err on a
 * configuration problem (the caller exits 3). */
struct filter *filter_new(const struct filter_opts *o, char *err, size_t errlen);
void filter_free(struct filter *f);

/* Filters one parsed, unsettled record and appends the output line (without
 * newline) to out. Returns 0, or -1 with err when the record could not be
 * filtered (out then holds nothing; the caller writes an error record). */
int filter_record(struct filter *f, const struct record *r, const struct jpath *fields,
		  size_t nfields, struct buf *out, struct filter_outcome *oc,
		  char *err, size_t errlen);

/* Appends the SARIF results of the last filtered record (see sarif.h). */
struct sarif;
void filter_sarif_last(struct filter *f, struct sarif *s, const char *uri, uint64_t line);

/* Batches vault writes: begin before a run of records, commit after. */
int filter_begin(struct filter *f, char *err, size_t errlen);
int filter_commit(struct filter *f, char *err, size_t errlen);

/* The key files filter_new() loaded that group or others may read (the
 * vault key, the hash key), for the command to warn about by name: up to
 * 2 paths, NULL-terminated, owned by f. */
const char *const *filter_loose_keys(const struct filter *f);

/* The id of the fingerprint key (classify_key_id()), 16 hex digits. */
void filter_key_id(const struct filter *f, char out[17]);

/* Deletes expired vault entries; returns the number removed or -1. */
long filter_vault_purge(struct filter *f, char *err, size_t errlen);

#endif
