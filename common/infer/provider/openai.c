/*
 * openai: the Chat Completions format, as OpenAI, Azure OpenAI, vLLM,
 * llama.cpp's server, Ollama and OpenRouter speak it.
 */
#include "infer/provider/provider_int.h"

#include <stdio.h>
#include <string.h>

static jv stop_array(const struct provider_opts *o)
{
	jv a = jv_array();
	for (size_t i = 0; i < o->nstop; i++)
		a = jv_array_append(a, jv_string(o->stop[i]));
	return a;
}

int openai_build(const struct provider_target *t, const struct provider_opts *o, struct provider_input *in,
		 int stream, struct buf *body, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	jv msgs = jv_copy(in->messages);
	if (o->system) {
		jv first = jv_array_get(jv_copy(msgs), 0);
		const char *role = provider_jstr(first, "role");
		int has = role && !strcmp(role, "system");
		jv_free(first);
		if (!has) {
			jv sys = jv_object_set(jv_object(), jv_string("role"), jv_string("system"));
			sys = jv_object_set(sys, jv_string("content"), jv_string(o->system));
			msgs = jv_array_concat(jv_array_append(jv_array(), sys), msgs);
		}
	}
	jv req = jv_object();
	req = jv_object_set(req, jv_string("model"), jv_string(t->model ? t->model : ""));
	req = jv_object_set(req, jv_string("messages"), msgs);
	if (jv_is_valid(o->defaults))
		req = provider_merge(req, jv_copy(o->defaults));
	if (o->max_tokens > 0)
		req = jv_object_set(req, jv_string("max_tokens"), jv_number((double)o->max_tokens));
	if (o->temperature >= 0)
		req = jv_object_set(req, jv_string("temperature"), jv_number(o->temperature));
	if (o->nstop)
		req = jv_object_set(req, jv_string("stop"), stop_array(o));
	if (o->json)
		req = jv_object_set(req, jv_string("response_format"),
				    jv_object_set(jv_object(), jv_string("type"), jv_string("json_object")));
	req = provider_merge_record(req, jv_copy(in->params), o->defaults);
	if (stream) {
		req = jv_object_set(req, jv_string("stream"), jv_true());
		req = jv_object_set(req, jv_string("stream_options"),
				    jv_object_set(jv_object(), jv_string("include_usage"), jv_true()));
	}
	jv s = jv_dump_string(req, 0);
	buf_put(body, jv_string_value(s), (size_t)jv_string_length_bytes(jv_copy(s)));
	jv_free(s);
	return 0;
}

static void usage_from(jv usage, struct provider_result *res)
{
	long long i = provider_jnum(usage, "prompt_tokens"), o = provider_jnum(usage, "completion_tokens");
	if (i >= 0)
		res->input_tokens = i;
	if (o >= 0)
		res->output_tokens = o;
}

static void put_content(jv c, struct provider_result *res)
{
	if (jv_get_kind(c) == JV_KIND_STRING) {
		buf_put(&res->output, jv_string_value(c), (size_t)jv_string_length_bytes(jv_copy(c)));
	} else if (jv_get_kind(c) == JV_KIND_ARRAY) {
		jv_array_foreach(c, i, part) {
			const char *t = provider_jstr(part, "text");
			if (t)
				buf_puts(&res->output, t);
			jv_free(part);
		}
	}
}

int openai_parse(jv v, struct provider_result *res)
{
	jv choices = jv_object_get(jv_copy(v), jv_string("choices"));
	jv c0 = jv_get_kind(choices) == JV_KIND_ARRAY ? jv_array_get(jv_copy(choices), 0) : jv_invalid();
	int rc = 0;
	if (jv_get_kind(c0) != JV_KIND_OBJECT) {
		res->fail = POLICY_FAIL_SERVER_ERROR;
		buf_puts(&res->message, "malformed response: no choices[0]");
		rc = -1;
		goto out;
	}
	jv msg = jv_object_get(jv_copy(c0), jv_string("message"));
	jv content = jv_get_kind(msg) == JV_KIND_OBJECT ? jv_object_get(jv_copy(msg), jv_string("content")) : jv_invalid();
	put_content(content, res);
	jv_free(content);
	jv_free(msg);
	const char *fr = provider_jstr(c0, "finish_reason");
	snprintf(res->finish_reason, sizeof(res->finish_reason), "%s", fr ? fr : "");
	jv usage = jv_object_get(jv_copy(v), jv_string("usage"));
	usage_from(usage, res);
	jv_free(usage);
	if (fr && !strcmp(fr, "content_filter")) {
		res->fail = POLICY_FAIL_CONTENT_POLICY;
		buf_puts(&res->message, "the provider's content filter stopped the answer (finish_reason content_filter)");
		rc = -1;
		goto out;
	}
	res->ok = 1;
out:
	jv_free(c0);
	jv_free(choices);
	jv_free(v);
	return rc;
}

int openai_stream_event(struct provider_stream *ps, const char *event, jv v)
{
	(void)event;
	struct provider_result *res = ps->res;
	jv e = jv_object_get(jv_copy(v), jv_string("error"));
	if (jv_get_kind(e) != JV_KIND_NULL && jv_is_valid(e)) {
		jv_free(e);
		jv s = jv_dump_string(v, 0);
		buf_reset(&res->message);
		res->fail = provider_classify(POLICY_KIND_OPENAI, 200, jv_string_value(s),
					      (size_t)jv_string_length_bytes(jv_copy(s)), &res->message);
		jv_free(s);
		ps->failed = 1;
		return -1;
	}
	jv_free(e);
	jv choices = jv_object_get(jv_copy(v), jv_string("choices"));
	if (jv_get_kind(choices) == JV_KIND_ARRAY) {
		jv c0 = jv_array_get(jv_copy(choices), 0);
		if (jv_get_kind(c0) == JV_KIND_OBJECT) {
			jv d = jv_object_get(jv_copy(c0), jv_string("delta"));
			const char *t = provider_jstr(d, "content");
			if (t && *t) {
				buf_puts(&res->output, t);
				ps->first_token = 1;
			}
			jv_free(d);
			const char *fr = provider_jstr(c0, "finish_reason");
			if (fr)
				snprintf(res->finish_reason, sizeof(res->finish_reason), "%s", fr);
		}
		jv_free(c0);
	}
	jv_free(choices);
	jv usage = jv_object_get(jv_copy(v), jv_string("usage"));
	usage_from(usage, res);
	jv_free(usage);
	jv_free(v);
	return 0;
}
