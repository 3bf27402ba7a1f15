/*
 * filter_int: what filter.c (the stages, record by record) and config.c
 * (filter_new: options and the config file) share inside filter/. Not for
 * use outside this folder; filter.h is the interface.
 */
#ifndef LLM_FILTER_INT_H
#define LLM_FILTER_INT_H

#include <jv.h>
#include <string.h>

#include "core/buf.h"
#include "detect/classify.h"
#include "detect/detect.h"
#include "filter/filter.h"
#include "filter/inject/inject.h"
#include "filter/inject/model.h"

enum action {
	ACT_KEEP,
	ACT_MASK,
	ACT_REDACT,
	ACT_HASH,
	ACT_PSEUDONYMIZE,
	ACT_BLOCK,
	ACT_FLAG,   /* reported, changes nothing */
};

extern const char *const filter_action_names[]; /* by enum action, in filter.c */

static inline int action_parse(const char *s)
{
	for (int i = 0; i <= ACT_FLAG; i++)
		if (!strcmp(s, filter_action_names[i]))
			return i;
	return -1;
}

struct check {
	char *name;
	struct jqprog *prog;
	int action;   /* ACT_BLOCK or ACT_FLAG */
	char *message;
};

struct finding {
	const char *kind;   /* pii, injection, deny, check, json, schema, max_length, refusal, canary_leak */
	char *type;
	char *path;
	size_t start, end;
	int has_span;
	double score;
	int action;
	char fp[CLASSIFY_FP_HEX + 1];
	char *detail;
	char *token;
};

struct filter {
	int output_stage;
	struct classify *cls;
	int *actions;            /* per classify type */
	int nactions;
	int default_action;
	int *out_actions;
	int out_default_action;
	int inject_enabled;      /* 0 only by "injection": {"enabled": false} */
	double inject_threshold;
	int inject_action;
	struct injmodel *model;  /* the trained classifier; NULL: off */
	double model_threshold;
	struct injmodel_work mw;
	filter_judge_fn judge;   /* asked in the uncertain band; NULL: none */
	void *judge_ctx;
	double judge_lo, judge_hi;
	struct detect_rules *deny, *allow;
	struct check *checks;
	size_t nchecks;
	struct vault *vault;
	long long ttl;
	unsigned char hkey[64];
	int hkeylen;
	int canary, restore, expect_json;
	char *loose[3];          /* key files others may read, NULL-terminated */
	size_t nloose;
	jv schema;               /* jv_invalid() when none */
	long long max_length;
	int refusal_action;
	int canary_action;
	/* per record */
	struct finding *f;
	size_t nf, af;
	struct buf tokens;       /* JSON array body of issued tokens */
	struct classify_result cres;
	struct inject_list inj;
	struct detect_list dl;
	/* the record's injection figures: maxima over its texts */
	double rec_heur, rec_model;
	int rec_detected, rec_scanned;
	struct filter_judgement rec_judge;
	int rec_judged;
};

/* obj[key], or null when obj is not an object or has no such key (obj is
 * not consumed). */
static inline jv obj_get(jv obj, const char *key)
{
	if (jv_get_kind(obj) != JV_KIND_OBJECT)
		return jv_null();
	jv v = jv_object_get(jv_copy(obj), jv_string(key));
	if (!jv_is_valid(v)) {
		jv_free(v);
		return jv_null();
	}
	return v;
}

#endif
