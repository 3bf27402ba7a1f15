/*
 * libFuzzer harness for the content model (provider/content.h): any bytes
 * as a record; when it is one, the request bodies built for both provider
 * kinds must hold only strings that llm-classify scanned (record_texts),
 * or the builders' own frame: keys, the model's name, the roles they add,
 * and Anthropic's system text, which joins the record's system messages.
 * That is the promise "the strings sent are among the strings scanned".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "infer/provider/content.h"
#include "infer/provider/provider.h"
#include "core/record.h"

struct set {
	struct buf all; /* every scanned string, each followed by a NUL */
};

static void on_text(void *ctx, const char *path, size_t pathlen, struct json_span s)
{
	struct set *st = ctx;
	(void)path;
	(void)pathlen;
	json_string_decode(s, &st->all);
	buf_putc(&st->all, '\0');
}

static int in_set(const struct set *st, const char *s, size_t n)
{
	const char *p = st->all.p, *end = st->all.p + st->all.len;
	while (p && p < end) {
		size_t k = strlen(p);
		if (k == n && !memcmp(p, s, n))
			return 1;
		p += k + 1;
	}
	return 0;
}

static const char *const frame[] = { "model", "messages", "role", "content", "user", "max_tokens", "system",
	"stop_sequences", "stop", "stream", "stream_options", "include_usage", "m", NULL };

struct check {
	const struct set *st;
	const char *system; /* Anthropic's joined system text, or NULL */
	size_t system_len;
	struct buf dec;
};

static void on_sent(void *ctx, struct json_span s)
{
	struct check *c = ctx;
	buf_reset(&c->dec);
	json_string_decode(s, &c->dec);
	const char *v = c->dec.p ? c->dec.p : "";
	if (in_set(c->st, v, c->dec.len))
		return;
	for (int i = 0; frame[i]; i++)
		if (strlen(frame[i]) == c->dec.len && !memcmp(frame[i], v, c->dec.len))
			return;
	if (c->system && c->system_len == c->dec.len && !memcmp(c->system, v, c->dec.len))
		return;
	abort(); /* a string was sent that was never scanned */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct record r;
	char msg[256];
	record_init(&r);
	if (record_parse(&r, (const char *)data, size, msg, sizeof(msg)) != RECORD_OK) {
		record_release(&r);
		return 0;
	}
	struct set st = { BUF_INIT };
	record_texts(&r, NULL, 0, on_text, &st);
	/* Anthropic's system: the record's system messages' string contents,
	 * joined by a blank line, each of them scanned. */
	struct content ct;
	struct buf sys = BUF_INIT;
	if (content_from_record(&r, &ct, msg, sizeof(msg)) == 0) {
		jv_array_foreach(ct.messages, i, m) {
			jv role = jv_object_get(jv_copy(m), jv_string("role"));
			jv c = jv_object_get(jv_copy(m), jv_string("content"));
			if (jv_get_kind(role) == JV_KIND_STRING && !strcmp(jv_string_value(role), "system") &&
			    jv_get_kind(c) == JV_KIND_STRING) {
				if (!in_set(&st, jv_string_value(c), (size_t)jv_string_length_bytes(jv_copy(c))))
					abort();
				if (sys.len)
					buf_puts(&sys, "\n\n");
				buf_put(&sys, jv_string_value(c), (size_t)jv_string_length_bytes(jv_copy(c)));
			}
			jv_free(role);
			jv_free(c);
			jv_free(m);
		}
		content_release(&ct);
	}
	for (int kind = 0; kind < 2; kind++) {
		struct provider_target t = { kind ? POLICY_KIND_ANTHROPIC : POLICY_KIND_OPENAI, "http://h/v1", "m",
					     NULL, 0 };
		struct provider_opts o = { NULL, 0, -1, NULL, 0, 0, jv_invalid() };
		struct buf body = BUF_INIT;
		if (provider_build(&t, &o, &r, kind, &body, msg, sizeof(msg)) == 0) {
			struct json_span root;
			struct json_error e;
			if (json_scan(body.p, body.len, &root, NULL, &e) != 0)
				abort(); /* the toolkit's own body must be I-JSON */
			struct check c = { &st, kind ? sys.p : NULL, sys.len, BUF_INIT };
			content_strings(root, on_sent, &c);
			buf_release(&c.dec);
		}
		buf_release(&body);
	}
	buf_release(&sys);
	buf_release(&st.all);
	record_release(&r);
	return 0;
}
