/*
 * content: what a backend receives from a record; see content.h.
 */
#include "infer/provider/content.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum ptype {
	PT_NUMBER = 1,   /* any finite number */
	PT_INT = 2,      /* an integral number */
	PT_STRING = 4,
	PT_STRINGS = 8,  /* an array of strings */
	PT_BOOL = 16,
	PT_OBJECT = 32,
	PT_ARRAY = 64,
};

struct param_rule {
	const char *key;
	int kind;   /* enum content_param */
	int types;  /* enum ptype bits, for allowed keys */
};

/* Sampling and answer shape (allowed), data handling (the policy's), the
 * frame. Sorted by key for the binary search. */
static const struct param_rule params[] = {
	{ "background", CONTENT_PARAM_POLICY_ONLY, 0 },
	{ "frequency_penalty", CONTENT_PARAM_ALLOWED, PT_NUMBER },
	{ "logit_bias", CONTENT_PARAM_ALLOWED, PT_OBJECT },
	{ "logprobs", CONTENT_PARAM_ALLOWED, PT_BOOL },
	{ "max_completion_tokens", CONTENT_PARAM_ALLOWED, PT_INT },
	{ "max_tokens", CONTENT_PARAM_ALLOWED, PT_INT },
	{ "messages", CONTENT_PARAM_FIXED, 0 },
	{ "metadata", CONTENT_PARAM_POLICY_ONLY, 0 },
	{ "min_p", CONTENT_PARAM_ALLOWED, PT_NUMBER },
	{ "model", CONTENT_PARAM_FIXED, 0 },
	{ "n", CONTENT_PARAM_ALLOWED, PT_INT },
	{ "parallel_tool_calls", CONTENT_PARAM_ALLOWED, PT_BOOL },
	{ "presence_penalty", CONTENT_PARAM_ALLOWED, PT_NUMBER },
	{ "prompt_cache_key", CONTENT_PARAM_POLICY_ONLY, 0 },
	{ "reasoning_effort", CONTENT_PARAM_ALLOWED, PT_STRING },
	{ "repeat_penalty", CONTENT_PARAM_ALLOWED, PT_NUMBER },
	{ "response_format", CONTENT_PARAM_ALLOWED, PT_OBJECT },
	{ "safety_identifier", CONTENT_PARAM_POLICY_ONLY, 0 },
	{ "seed", CONTENT_PARAM_ALLOWED, PT_INT },
	{ "service_tier", CONTENT_PARAM_POLICY_ONLY, 0 },
	{ "stop", CONTENT_PARAM_ALLOWED, PT_STRING | PT_STRINGS },
	{ "stop_sequences", CONTENT_PARAM_ALLOWED, PT_STRINGS },
	{ "store", CONTENT_PARAM_POLICY_ONLY, 0 },
	{ "stream", CONTENT_PARAM_FIXED, 0 },
	{ "stream_options", CONTENT_PARAM_FIXED, 0 },
	{ "system", CONTENT_PARAM_FIXED, 0 },
	{ "temperature", CONTENT_PARAM_ALLOWED, PT_NUMBER },
	{ "thinking", CONTENT_PARAM_ALLOWED, PT_OBJECT },
	{ "tool_choice", CONTENT_PARAM_ALLOWED, PT_STRING | PT_OBJECT },
	{ "tools", CONTENT_PARAM_ALLOWED, PT_ARRAY },
	{ "top_k", CONTENT_PARAM_ALLOWED, PT_INT },
	{ "top_logprobs", CONTENT_PARAM_ALLOWED, PT_INT },
	{ "top_p", CONTENT_PARAM_ALLOWED, PT_NUMBER },
	{ "user", CONTENT_PARAM_POLICY_ONLY, 0 },
};

static const struct param_rule *param_find(const char *key)
{
	size_t lo = 0, hi = sizeof(params) / sizeof(*params);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(key, params[mid].key);
		if (!c)
			return &params[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int content_param_kind(const char *key)
{
	const struct param_rule *p = param_find(key);
	return p ? p->kind : CONTENT_PARAM_UNKNOWN;
}

static int strings_only(jv a)
{
	int ok = 1;
	jv_array_foreach(a, i, e) {
		ok &= jv_get_kind(e) == JV_KIND_STRING;
		jv_free(e);
	}
	return ok;
}

int content_param_check(const char *key, jv val, char *err, size_t errlen)
{
	const struct param_rule *p = param_find(key);
	int ok = 0;
	if (!p || p->kind != CONTENT_PARAM_ALLOWED) {
		snprintf(err, errlen, "params.%.64s is not allowed", key);
		return -1;
	}
	switch (jv_get_kind(val)) {
	case JV_KIND_NUMBER: {
		double d = jv_number_value(val);
		ok = isfinite(d) && ((p->types & PT_NUMBER) || ((p->types & PT_INT) && d == floor(d)));
		break;
	}
	case JV_KIND_STRING: ok = (p->types & PT_STRING) != 0; break;
	case JV_KIND_TRUE:
	case JV_KIND_FALSE: ok = (p->types & PT_BOOL) != 0; break;
	case JV_KIND_OBJECT: ok = (p->types & PT_OBJECT) != 0; break;
	case JV_KIND_ARRAY:
		ok = (p->types & PT_ARRAY) || ((p->types & PT_STRINGS) && strings_only(val));
		break;
	default: ok = 0; break;
	}
	if (!ok) {
		const char *want = p->types & PT_INT ? "an integer" : p->types & PT_NUMBER ? "a number"
				   : p->types == PT_STRINGS ? "an array of strings"
				   : p->types & PT_STRINGS ? "a string or an array of strings"
				   : p->types & PT_BOOL ? "true or false" : p->types == PT_ARRAY ? "an array"
				   : p->types & PT_OBJECT && p->types & PT_STRING ? "a string or an object"
				   : p->types & PT_OBJECT ? "an object" : "a string";
		snprintf(err, errlen, "params.%s must be %s", key, want);
		return -1;
	}
	return 0;
}

/* The record's .params, each key checked: allowed keys only. */
static int read_params(struct json_span p, jv *out, char *err, size_t errlen)
{
	*out = jv_object();
	if (p.type == JSON_NONE || p.type == JSON_NULL)
		return 0;
	if (p.type != JSON_OBJECT) {
		snprintf(err, errlen, ".params is not an object");
		return -1;
	}
	jv v = jv_parse_sized(p.p, (int)p.n);
	int rc = 0;
	jv_object_foreach(v, k, val) {
		const char *key = jv_string_value(k);
		if (rc == 0) {
			switch (content_param_kind(key)) {
			case CONTENT_PARAM_ALLOWED:
				if (content_param_check(key, jv_copy(val), err, errlen) < 0)
					rc = -1;
				else
					*out = jv_object_set(*out, jv_copy(k), jv_copy(val));
				break;
			case CONTENT_PARAM_POLICY_ONLY:
				snprintf(err, errlen, "params.%.64s changes how the provider handles data: "
					 "only the policy's backend params may set it", key);
				rc = -1;
				break;
			case CONTENT_PARAM_FIXED:
				snprintf(err, errlen, "params.%.64s is part of the request's frame, not a parameter",
					 key);
				rc = -1;
				break;
			default:
				snprintf(err, errlen, "params.%.64s is not a known parameter (see llm-records(7))",
					 key);
				rc = -1;
				break;
			}
		}
		jv_free(k);
		jv_free(val);
	}
	jv_free(v);
	if (rc < 0) {
		jv_free(*out);
		*out = jv_invalid();
	}
	return rc;
}

int content_from_record(const struct record *r, struct content *c, char *err, size_t errlen)
{
	c->messages = jv_invalid();
	c->params = jv_invalid();
	struct json_span m = record_get(r, "messages");
	if (m.type == JSON_ARRAY) {
		jv v = jv_parse_sized(m.p, (int)m.n);
		if (jv_get_kind(v) != JV_KIND_ARRAY || jv_array_length(jv_copy(v)) == 0) {
			jv_free(v);
			snprintf(err, errlen, ".messages is not a non-empty array");
			return -1;
		}
		int ok = 1;
		jv_array_foreach(v, i, e) {
			if (jv_get_kind(e) != JV_KIND_OBJECT)
				ok = 0;
			else {
				jv role = jv_object_get(jv_copy(e), jv_string("role"));
				ok &= jv_get_kind(role) == JV_KIND_STRING;
				jv_free(role);
			}
			jv_free(e);
		}
		if (!ok) {
			jv_free(v);
			snprintf(err, errlen, ".messages holds an element without a string .role");
			return -1;
		}
		c->messages = v;
	} else if (m.type != JSON_NONE && m.type != JSON_NULL) {
		snprintf(err, errlen, ".messages is not an array");
		return -1;
	} else {
		struct json_span s = record_get(r, "text");
		if (s.type != JSON_STRING)
			s = record_get(r, "prompt");
		if (s.type != JSON_STRING) {
			snprintf(err, errlen, "the record has no .messages, .text or .prompt to send");
			return -1;
		}
		struct buf b = BUF_INIT;
		json_string_decode(s, &b);
		jv msg = jv_object_set(jv_object(), jv_string("role"), jv_string("user"));
		msg = jv_object_set(msg, jv_string("content"), jv_string_sized(b.p ? b.p : "", (int)b.len));
		buf_release(&b);
		c->messages = jv_array_append(jv_array(), msg);
	}
	if (read_params(record_get(r, "params"), &c->params, err, errlen) < 0) {
		jv_free(c->messages);
		c->messages = jv_invalid();
		return -1;
	}
	return 0;
}

void content_release(struct content *c)
{
	jv_free(c->messages);
	jv_free(c->params);
	c->messages = c->params = jv_invalid();
}

void content_strings(struct json_span v, content_string_fn fn, void *ctx)
{
	struct json_iter it;
	struct json_span k, e;
	switch (v.type) {
	case JSON_STRING:
		fn(ctx, v);
		break;
	case JSON_OBJECT:
		json_iter_init(&it, v);
		while (json_iter_member(&it, &k, &e)) {
			fn(ctx, k);
			content_strings(e, fn, ctx);
		}
		break;
	case JSON_ARRAY:
		json_iter_init(&it, v);
		while (json_iter_elem(&it, &e))
			content_strings(e, fn, ctx);
		break;
	default:
		break;
	}
}
