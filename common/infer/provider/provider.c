/*
 * provider: dispatch by kind, the record's input, error classification and
 * redaction; see provider.h.
 */
#include "infer/provider/provider_int.h"
#include "infer/provider/content.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

void provider_result_init(struct provider_result *res)
{
	memset(res, 0, sizeof(*res));
	res->input_tokens = res->output_tokens = -1;
}

void provider_result_reset(struct provider_result *res)
{
	res->ok = 0;
	res->fail = POLICY_FAIL_SERVER_ERROR;
	buf_reset(&res->output);
	buf_reset(&res->message);
	res->finish_reason[0] = '\0';
	res->input_tokens = res->output_tokens = -1;
}

void provider_result_release(struct provider_result *res)
{
	buf_release(&res->output);
	buf_release(&res->message);
}

const char *provider_jstr(jv obj, const char *key)
{
	if (jv_get_kind(obj) != JV_KIND_OBJECT)
		return NULL;
	jv v = jv_object_get(jv_copy(obj), jv_string(key));
	const char *s = jv_get_kind(v) == JV_KIND_STRING ? jv_string_value(v) : NULL;
	jv_free(v); /* obj still holds the string */
	return s;
}

long long provider_jnum(jv obj, const char *key)
{
	if (jv_get_kind(obj) != JV_KIND_OBJECT)
		return -1;
	jv v = jv_object_get(jv_copy(obj), jv_string(key));
	long long n = -1;
	if (jv_get_kind(v) == JV_KIND_NUMBER) {
		double d = jv_number_value(v);
		if (d >= 0 && d < 9e15)
			n = (long long)d;
	}
	jv_free(v);
	return n;
}

jv provider_merge_record(jv dst, jv src, jv policy)
{
	if (jv_get_kind(src) != JV_KIND_OBJECT) {
		jv_free(src);
		return dst;
	}
	int has_policy = jv_get_kind(policy) == JV_KIND_OBJECT;
	jv_object_foreach(src, k, v) {
		if (has_policy && jv_object_has(jv_copy(policy), jv_copy(k))) {
			jv_free(k);
			jv_free(v);
			continue;
		}
		dst = jv_object_set(dst, k, v);
	}
	jv_free(src);
	return dst;
}

jv provider_merge(jv dst, jv src)
{
	if (jv_get_kind(src) != JV_KIND_OBJECT) {
		jv_free(src);
		return dst;
	}
	jv_object_foreach(src, k, v) dst = jv_object_set(dst, k, v);
	jv_free(src);
	return dst;
}

void provider_url(const struct provider_target *t, struct buf *url)
{
	const char *e = t->endpoint ? t->endpoint : "";
	size_t n = strlen(e);
	while (n && e[n - 1] == '/')
		n--;
	buf_put(url, e, n);
	if (t->kind == POLICY_KIND_ANTHROPIC) {
		buf_puts(url, "/messages");
	} else {
		buf_puts(url, "/chat/completions");
		if (t->azure)
			buf_printf(url, "?api-version=%s", t->api_version ? t->api_version : "2024-10-21");
	}
}

void provider_auth_header(const struct provider_target *t, const char *key, struct buf *out)
{
	if (!key)
		return;
	if (t->kind == POLICY_KIND_ANTHROPIC)
		buf_printf(out, "x-api-key: %s", key);
	else if (t->azure)
		buf_printf(out, "api-key: %s", key);
	else
		buf_printf(out, "Authorization: Bearer %s", key);
}

int provider_fixed_headers(const struct provider_target *t, struct buf *out)
{
	int n = 0;
	buf_puts(out, "Content-Type: application/json");
	buf_putc(out, '\0'), n++;
	if (t->kind == POLICY_KIND_ANTHROPIC) {
		buf_printf(out, "anthropic-version: %s", t->api_version ? t->api_version : PROVIDER_ANTHROPIC_VERSION);
		buf_putc(out, '\0'), n++;
	}
	return n;
}

/* The record's input, as the content model defines it (content.h). */
static int provider_input(const struct record *r, struct provider_input *in, char *err, size_t errlen)
{
	struct content c;
	if (content_from_record(r, &c, err, errlen) < 0)
		return -1;
	in->messages = c.messages;
	in->params = c.params;
	return 0;
}

int provider_build(const struct provider_target *t, const struct provider_opts *o, const struct record *r,
		   int stream, struct buf *body, char *err, size_t errlen)
{
	struct provider_input in;
	if (provider_input(r, &in, err, errlen) < 0)
		return -1;
	int rc = t->kind == POLICY_KIND_ANTHROPIC ? anthropic_build(t, o, &in, stream, body, err, errlen)
						  : openai_build(t, o, &in, stream, body, err, errlen);
	jv_free(in.messages);
	jv_free(in.params);
	return rc;
}

static int contains_ci(const char *s, const char *needle)
{
	return s && strcasestr(s, needle) != NULL;
}

enum policy_fail provider_classify(enum policy_kind kind, long status, const char *body, size_t n,
				   struct buf *msg)
{
	jv v = body && n && n < (1u << 30) ? jv_parse_sized(body, (int)n) : jv_invalid();
	const char *type = NULL, *code = NULL, *text = NULL;
	char codenum[32] = "";
	if (jv_get_kind(v) == JV_KIND_OBJECT) {
		jv e = jv_object_get(jv_copy(v), jv_string("error"));
		if (jv_get_kind(e) == JV_KIND_OBJECT) {
			/* OpenAI, llama.cpp, Anthropic: {"error": {type, code, message}} */
			type = provider_jstr(e, "type");
			code = provider_jstr(e, "code");
			text = provider_jstr(e, "message");
			long long c = provider_jnum(e, "code");
			if (!code && c >= 0)
				snprintf(codenum, sizeof(codenum), "%lld", c);
		} else if (jv_get_kind(e) == JV_KIND_STRING) {
			text = jv_string_value(e); /* Ollama: {"error": "..."} */
		} else {
			/* vLLM: {"object":"error","message","type","code"} */
			type = provider_jstr(v, "type");
			text = provider_jstr(v, "message");
		}
		jv_free(e); /* v holds what the pointers point to */
	}
	(void)kind;
	if (msg) {
		if (text)
			buf_puts(msg, text);
		else if (n)
			json_escape_body(msg, body, n > 200 ? 200 : n);
		else
			buf_printf(msg, "HTTP %ld with an empty body", status);
	}
	enum policy_fail f;
	if (contains_ci(code, "context_length") || contains_ci(type, "context_length") ||
	    contains_ci(text, "maximum context length") || contains_ci(text, "context window") ||
	    contains_ci(text, "prompt is too long") || contains_ci(text, "context_length_exceeded") || status == 413)
		f = POLICY_FAIL_CONTEXT_WINDOW;
	else if (contains_ci(code, "content_policy") || contains_ci(code, "content_filter") ||
		 contains_ci(type, "content_policy") || contains_ci(type, "content_filter"))
		f = POLICY_FAIL_CONTENT_POLICY;
	else if (status == 429 || contains_ci(type, "rate_limit"))
		f = POLICY_FAIL_RATE_LIMIT;
	else if (status == 401 || status == 403 || contains_ci(type, "authentication") || contains_ci(type, "permission"))
		f = POLICY_FAIL_AUTH;
	else if (status == 408 || status == 504 || contains_ci(type, "timeout"))
		f = POLICY_FAIL_TIMEOUT;
	else if (status >= 500 || contains_ci(type, "overloaded") || contains_ci(type, "api_error") ||
		 contains_ci(type, "server_error"))
		f = POLICY_FAIL_SERVER_ERROR;
	else if (status >= 300)
		f = POLICY_FAIL_BAD_REQUEST;
	else
		f = POLICY_FAIL_SERVER_ERROR; /* a 2xx that is no answer: the server misbehaved */
	jv_free(v);
	return f;
}

int provider_parse(enum policy_kind kind, long status, const char *body, size_t n, struct provider_result *res)
{
	provider_result_reset(res);
	if (status < 200 || status >= 300) {
		res->fail = provider_classify(kind, status, body, n, &res->message);
		return -1;
	}
	jv v = n && n < (1u << 30) ? jv_parse_sized(body, (int)n) : jv_invalid();
	if (jv_get_kind(v) != JV_KIND_OBJECT) {
		jv_free(v);
		res->fail = POLICY_FAIL_SERVER_ERROR;
		buf_printf(&res->message, "malformed response: not a JSON object (%zu bytes)", n);
		return -1;
	}
	jv e = jv_object_get(jv_copy(v), jv_string("error"));
	int has_err = jv_get_kind(e) == JV_KIND_OBJECT || jv_get_kind(e) == JV_KIND_STRING ||
		      (provider_jstr(v, "type") && !strcmp(provider_jstr(v, "type"), "error"));
	jv_free(e);
	if (has_err) {
		jv_free(v);
		res->fail = provider_classify(kind, status, body, n, &res->message);
		return -1;
	}
	return kind == POLICY_KIND_ANTHROPIC ? anthropic_parse(v, res) : openai_parse(v, res);
}

/* ---- streams ---- */

void provider_stream_init(struct provider_stream *ps, enum policy_kind kind, struct provider_result *res)
{
	memset(ps, 0, sizeof(*ps));
	ps->kind = kind;
	ps->res = res;
	sse_init(&ps->sse);
	provider_result_reset(res);
}

void provider_stream_release(struct provider_stream *ps)
{
	sse_release(&ps->sse);
	buf_release(&ps->raw);
}

static int on_event(void *ctx, const char *event, const char *data, size_t n)
{
	struct provider_stream *ps = ctx;
	if (ps->done)
		return 0;
	if (n == 6 && !memcmp(data, "[DONE]", 6)) {
		ps->done = 1;
		return 0;
	}
	jv v = jv_parse_sized(data, (int)n);
	if (jv_get_kind(v) != JV_KIND_OBJECT) {
		jv_free(v);
		ps->failed = 1;
		ps->res->fail = POLICY_FAIL_SERVER_ERROR;
		buf_reset(&ps->res->message);
		buf_puts(&ps->res->message, "malformed stream event: not a JSON object");
		return -1;
	}
	return ps->kind == POLICY_KIND_ANTHROPIC ? anthropic_stream_event(ps, event, v) : openai_stream_event(ps, event, v);
}

int provider_stream_feed(struct provider_stream *ps, const char *p, size_t n)
{
	if (ps->raw.len < 65536)
		buf_put(&ps->raw, p, n < 65536 - ps->raw.len ? n : 65536 - ps->raw.len);
	if (ps->failed)
		return -1;
	if (sse_feed(&ps->sse, p, n, on_event, ps) < 0) {
		if (!ps->failed) {
			ps->failed = 1;
			ps->res->fail = POLICY_FAIL_SERVER_ERROR;
			buf_reset(&ps->res->message);
			buf_puts(&ps->res->message, "malformed stream: event over the size limit");
		}
		return -1;
	}
	return 0;
}

int provider_stream_finish(struct provider_stream *ps, long status)
{
	struct provider_result *res = ps->res;
	if (status < 200 || status >= 300) {
		provider_result_reset(res);
		res->fail = provider_classify(ps->kind, status, ps->raw.p, ps->raw.len, &res->message);
		return -1;
	}
	if (ps->failed)
		return -1;
	if (!ps->done) {
		/* A JSON body where a stream was asked for: parse it as one. */
		if (ps->raw.len && ps->raw.p[0] == '{' && !ps->first_token)
			return provider_parse(ps->kind, status, ps->raw.p, ps->raw.len, res);
		res->fail = POLICY_FAIL_SERVER_ERROR;
		buf_reset(&res->message);
		buf_puts(&res->message, "the stream ended before its last event");
		return -1;
	}
	if (!strcmp(res->finish_reason, "content_filter")) {
		res->fail = POLICY_FAIL_CONTENT_POLICY;
		buf_reset(&res->message);
		buf_puts(&res->message, "the provider's content filter stopped the answer (finish_reason content_filter)");
		return -1;
	}
	res->ok = 1;
	return 0;
}

/* ---- redaction ---- */

static int tokch(int c)
{
	return isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '+' || c == '/' || c == '=';
}

void provider_redact(struct buf *s, const char *const *keys)
{
	static const char mask[] = "[REDACTED]";
	if (!s->len)
		return;
	struct buf out = BUF_INIT;
	size_t i = 0;
	while (i < s->len) {
		const char *p = s->p + i;
		size_t left = s->len - i, skip = 0;
		for (const char *const *k = keys; k && *k && !skip; k++) {
			size_t kl = strlen(*k);
			if (kl >= 4 && kl <= left && !memcmp(p, *k, kl))
				skip = kl;
		}
		if (!skip && left > 7 && !strncasecmp(p, "bearer ", 7)) {
			size_t j = 7;
			while (j < left && tokch((unsigned char)p[j]))
				j++;
			if (j > 7) {
				buf_put(&out, p, 7);
				i += 7;
				skip = j - 7;
				p += 7;
			}
		}
		if (!skip && left > 3 && !memcmp(p, "sk-", 3) && (i == 0 || !tokch((unsigned char)p[-1]))) {
			size_t j = 3;
			while (j < left && tokch((unsigned char)p[j]))
				j++;
			if (j >= 11)
				skip = j;
		}
		if (skip) {
			buf_put(&out, mask, sizeof(mask) - 1);
			i += skip;
		} else {
			buf_putc(&out, *p);
			i++;
		}
	}
	buf_reset(s);
	buf_put(s, out.p, out.len);
	buf_release(&out);
}
