/*
 * anthropic: the Messages format. System text travels in "system", not as
 * a message; max_tokens is required; there is no JSON mode, so --json asks
 * for JSON in the system text.
 */
#include "infer/provider/provider_int.h"

#include <stdio.h>
#include <string.h>

#define ANTHROPIC_JSON_ASK "Answer with a single JSON object and nothing else."

int anthropic_build(const struct provider_target *t, const struct provider_opts *o, struct provider_input *in,
		    int stream, struct buf *body, char *err, size_t errlen)
{
	struct buf sys = BUF_INIT;
	if (o->system)
		buf_puts(&sys, o->system);
	jv msgs = jv_array();
	jv_array_foreach(in->messages, i, m) {
		const char *role = provider_jstr(m, "role");
		if (role && !strcmp(role, "system")) {
			const char *c = provider_jstr(m, "content");
			if (c) {
				if (sys.len)
					buf_puts(&sys, "\n\n");
				buf_puts(&sys, c);
			}
			jv_free(m);
		} else {
			msgs = jv_array_append(msgs, m);
		}
	}
	if (jv_array_length(jv_copy(msgs)) == 0) {
		jv_free(msgs);
		buf_release(&sys);
		snprintf(err, errlen, ".messages holds only system messages");
		return -1;
	}
	if (o->json) {
		if (sys.len)
			buf_puts(&sys, "\n\n");
		buf_puts(&sys, ANTHROPIC_JSON_ASK);
	}
	jv req = jv_object();
	req = jv_object_set(req, jv_string("model"), jv_string(t->model ? t->model : ""));
	req = jv_object_set(req, jv_string("max_tokens"), jv_number(PROVIDER_DEFAULT_MAX_TOKENS));
	req = jv_object_set(req, jv_string("messages"), msgs);
	if (sys.len)
		req = jv_object_set(req, jv_string("system"), jv_string_sized(sys.p, (int)sys.len));
	buf_release(&sys);
	if (jv_is_valid(o->defaults))
		req = provider_merge(req, jv_copy(o->defaults));
	if (o->max_tokens > 0)
		req = jv_object_set(req, jv_string("max_tokens"), jv_number((double)o->max_tokens));
	if (o->temperature >= 0)
		req = jv_object_set(req, jv_string("temperature"), jv_number(o->temperature));
	if (o->nstop) {
		jv a = jv_array();
		for (size_t i = 0; i < o->nstop; i++)
			a = jv_array_append(a, jv_string(o->stop[i]));
		req = jv_object_set(req, jv_string("stop_sequences"), a);
	}
	req = provider_merge_record(req, jv_copy(in->params), o->defaults);
	/* OpenAI spellings in params or defaults, in Anthropic's terms. */
	jv stop = jv_object_get(jv_copy(req), jv_string("stop"));
	if (jv_is_valid(stop)) {
		req = jv_object_delete(req, jv_string("stop"));
		if (jv_get_kind(stop) == JV_KIND_STRING)
			stop = jv_array_append(jv_array(), stop);
		req = jv_object_set(req, jv_string("stop_sequences"), stop);
	} else {
		jv_free(stop);
	}
	req = jv_object_delete(req, jv_string("response_format"));
	if (stream)
		req = jv_object_set(req, jv_string("stream"), jv_true());
	jv s = jv_dump_string(req, 0);
	buf_put(body, jv_string_value(s), (size_t)jv_string_length_bytes(jv_copy(s)));
	jv_free(s);
	return 0;
}

static void usage_from(jv usage, struct provider_result *res)
{
	long long i = provider_jnum(usage, "input_tokens"), o = provider_jnum(usage, "output_tokens");
	if (i >= 0)
		res->input_tokens = i;
	if (o >= 0)
		res->output_tokens = o;
}

static int refusal(struct provider_result *res)
{
	if (strcmp(res->finish_reason, "refusal"))
		return 0;
	res->fail = POLICY_FAIL_CONTENT_POLICY;
	buf_reset(&res->message);
	buf_puts(&res->message, "the model refused (stop_reason refusal)");
	return 1;
}

int anthropic_parse(jv v, struct provider_result *res)
{
	int rc = 0;
	jv content = jv_object_get(jv_copy(v), jv_string("content"));
	if (jv_get_kind(content) != JV_KIND_ARRAY) {
		res->fail = POLICY_FAIL_SERVER_ERROR;
		buf_puts(&res->message, "malformed response: no content array");
		rc = -1;
		goto out;
	}
	jv_array_foreach(content, i, part) {
		const char *type = provider_jstr(part, "type");
		const char *t = provider_jstr(part, "text");
		if (type && !strcmp(type, "text") && t)
			buf_puts(&res->output, t);
		jv_free(part);
	}
	const char *sr = provider_jstr(v, "stop_reason");
	snprintf(res->finish_reason, sizeof(res->finish_reason), "%s", sr ? sr : "");
	jv usage = jv_object_get(jv_copy(v), jv_string("usage"));
	usage_from(usage, res);
	jv_free(usage);
	if (refusal(res)) {
		rc = -1;
		goto out;
	}
	res->ok = 1;
out:
	jv_free(content);
	jv_free(v);
	return rc;
}

int anthropic_stream_event(struct provider_stream *ps, const char *event, jv v)
{
	struct provider_result *res = ps->res;
	const char *type = provider_jstr(v, "type");
	if (!type)
		type = event;
	int rc = 0;
	if (!strcmp(type, "error")) {
		jv s = jv_dump_string(jv_copy(v), 0);
		buf_reset(&res->message);
		res->fail = provider_classify(POLICY_KIND_ANTHROPIC, 200, jv_string_value(s),
					      (size_t)jv_string_length_bytes(jv_copy(s)), &res->message);
		jv_free(s);
		ps->failed = 1;
		rc = -1;
	} else if (!strcmp(type, "message_start")) {
		jv m = jv_object_get(jv_copy(v), jv_string("message"));
		jv u = jv_get_kind(m) == JV_KIND_OBJECT ? jv_object_get(jv_copy(m), jv_string("usage")) : jv_invalid();
		usage_from(u, res);
		jv_free(u);
		jv_free(m);
	} else if (!strcmp(type, "content_block_delta")) {
		jv d = jv_object_get(jv_copy(v), jv_string("delta"));
		const char *t = provider_jstr(d, "text");
		if (t && *t) {
			buf_puts(&res->output, t);
			ps->first_token = 1;
		}
		jv_free(d);
	} else if (!strcmp(type, "message_delta")) {
		jv d = jv_object_get(jv_copy(v), jv_string("delta"));
		const char *sr = provider_jstr(d, "stop_reason");
		if (sr)
			snprintf(res->finish_reason, sizeof(res->finish_reason), "%s", sr);
		jv_free(d);
		jv u = jv_object_get(jv_copy(v), jv_string("usage"));
		usage_from(u, res);
		jv_free(u);
	} else if (!strcmp(type, "message_stop")) {
		ps->done = 1;
		if (refusal(res)) {
			ps->failed = 1;
			rc = -1;
		}
	}
	jv_free(v);
	return rc;
}
