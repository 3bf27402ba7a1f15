/*
 * Unit tests for llm-infer's pieces: SSE parsing (cut at every byte),
 * error classification in both providers' formats, response and stream
 * parsing, request building, redaction, backoff and jitter bounds,
 * Retry-After, token buckets, cooldowns, the reorder window and the cache.
 */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "infer/http/http.h"
#include "infer/cache.h"
#include "core/dataclass.h"
#include "infer/direct.h"
#include "infer/reorder.h"
#include "infer/retry.h"
#include "infer/provider/content.h"
#include "infer/provider/provider.h"
#include "infer/provider/sse.h"
#include "unit.h"

/* ---- SSE ---- */

struct events {
	struct buf log; /* "type=data|" per event */
	int n;
};

static int on_ev(void *ctx, const char *event, const char *data, size_t n)
{
	struct events *e = ctx;
	buf_printf(&e->log, "%s=", event);
	buf_put(&e->log, data, n);
	buf_putc(&e->log, '|');
	e->n++;
	return 0;
}

static void sse_split_all(const char *in, const char *want, int nwant)
{
	size_t n = strlen(in);
	/* Every split point, and byte by byte: the same events each time. */
	for (size_t cut = 0; cut <= n; cut++) {
		struct sse s;
		struct events e = { BUF_INIT, 0 };
		sse_init(&s);
		CHECK(sse_feed(&s, in, cut, on_ev, &e) == 0);
		CHECK(sse_feed(&s, in + cut, n - cut, on_ev, &e) == 0);
		CHECK_MSG(e.n == nwant && !strcmp(e.log.p ? e.log.p : "", want), "cut %zu: %s", cut, e.log.p ? e.log.p : "");
		sse_release(&s);
		buf_release(&e.log);
	}
	struct sse s;
	struct events e = { BUF_INIT, 0 };
	sse_init(&s);
	for (size_t i = 0; i < n; i++)
		sse_feed(&s, in + i, 1, on_ev, &e);
	CHECK(e.n == nwant && !strcmp(e.log.p ? e.log.p : "", want));
	sse_release(&s);
	buf_release(&e.log);
}

static int stop_ev(void *ctx, const char *event, const char *data, size_t n)
{
	(void)ctx, (void)event, (void)data, (void)n;
	return -1;
}

static void test_sse(void)
{
	sse_split_all("data: a\n\ndata: b\r\n\r\nevent: x\ndata: c\ndata: d\n\n", "message=a|message=b|x=c\nd|", 3);
	/* Comments, unknown fields, no space after the colon, bare CR endings. */
	sse_split_all(": ping\nid: 7\nretry: 10\ndata:e\r\rdata\n\n", "message=e|message=|", 2);
	/* An event without data is not dispatched; an unterminated one neither. */
	sse_split_all("event: ping\n\ndata: tail", "", 0);
	struct sse s;
	sse_init(&s);
	CHECK(sse_feed(&s, "data: x\n\n", 9, stop_ev, NULL) == -1);
	CHECK(sse_feed(&s, "data: y\n\n", 9, on_ev, NULL) == -1); /* stays failed */
	sse_release(&s);
	/* An event over the limit is refused, not buffered without end. */
	sse_init(&s);
	char *big = malloc(1 << 20);
	memset(big, 'a', 1 << 20);
	memcpy(big, "data: ", 6);
	int rc = 0;
	for (int i = 0; i < 16 && rc == 0; i++)
		rc = sse_feed(&s, big, 1 << 20, on_ev, NULL);
	CHECK(rc == -1);
	free(big);
	sse_release(&s);
}

/* ---- classification ---- */

static void cls(enum policy_kind k, long status, const char *body, enum policy_fail want)
{
	struct buf m = BUF_INIT;
	enum policy_fail f = provider_classify(k, status, body, body ? strlen(body) : 0, &m);
	CHECK_MSG(f == want, "%s %ld %s: got %s, want %s", policy_kind_name(k), status, body ? body : "",
		  policy_fail_name(f), policy_fail_name(want));
	buf_release(&m);
}

static void test_classify(void)
{
	enum policy_kind O = POLICY_KIND_OPENAI, A = POLICY_KIND_ANTHROPIC;
	cls(O, 429, "{\"error\":{\"message\":\"Rate limit\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}",
	    POLICY_FAIL_RATE_LIMIT);
	cls(O, 500, "{\"error\":{\"message\":\"x\",\"type\":\"server_error\"}}", POLICY_FAIL_SERVER_ERROR);
	cls(O, 503, "", POLICY_FAIL_SERVER_ERROR);
	cls(O, 502, "<html>bad gateway</html>", POLICY_FAIL_SERVER_ERROR);
	cls(O, 504, NULL, POLICY_FAIL_TIMEOUT);
	cls(O, 408, NULL, POLICY_FAIL_TIMEOUT);
	cls(O, 400,
	    "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens\",\"type\":"
	    "\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}",
	    POLICY_FAIL_CONTEXT_WINDOW);
	cls(O, 400, "{\"error\":{\"message\":\"rejected\",\"type\":\"invalid_request_error\",\"code\":\"content_policy_violation\"}}",
	    POLICY_FAIL_CONTENT_POLICY);
	cls(O, 400, "{\"error\":{\"message\":\"bad temperature\",\"type\":\"invalid_request_error\",\"code\":null}}",
	    POLICY_FAIL_BAD_REQUEST);
	cls(O, 401, "{\"error\":{\"message\":\"Incorrect API key\",\"code\":\"invalid_api_key\"}}", POLICY_FAIL_AUTH);
	cls(O, 403, NULL, POLICY_FAIL_AUTH);
	cls(O, 404, "{\"error\":{\"message\":\"model not found\"}}", POLICY_FAIL_BAD_REQUEST);
	cls(O, 413, NULL, POLICY_FAIL_CONTEXT_WINDOW);
	/* vLLM's flat form and Ollama's string form. */
	cls(O, 400, "{\"object\":\"error\",\"message\":\"This model's maximum context length is 4096 tokens.\",\"type\":\"BadRequestError\",\"code\":400}",
	    POLICY_FAIL_CONTEXT_WINDOW);
	cls(O, 500, "{\"error\":\"model runner crashed\"}", POLICY_FAIL_SERVER_ERROR);
	cls(A, 429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}", POLICY_FAIL_RATE_LIMIT);
	cls(A, 529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", POLICY_FAIL_SERVER_ERROR);
	cls(A, 500, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"x\"}}", POLICY_FAIL_SERVER_ERROR);
	cls(A, 400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: 210000 tokens > 200000 maximum\"}}",
	    POLICY_FAIL_CONTEXT_WINDOW);
	cls(A, 400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: field required\"}}",
	    POLICY_FAIL_BAD_REQUEST);
	cls(A, 401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}", POLICY_FAIL_AUTH);
	cls(A, 403, "{\"type\":\"error\",\"error\":{\"type\":\"permission_error\",\"message\":\"no\"}}", POLICY_FAIL_AUTH);
	/* An error inside a 200 (some proxies) is still an error. */
	cls(A, 200, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", POLICY_FAIL_SERVER_ERROR);
	struct buf m = BUF_INIT;
	const char *why = "{\"error\":{\"message\":\"the reason\"}}";
	provider_classify(O, 400, why, strlen(why), &m);
	CHECK_EQ_STR(m.p, "the reason");
	buf_release(&m);
}

/* ---- parsing ---- */

static void test_parse(void)
{
	struct provider_result r;
	provider_result_init(&r);
	const char *ok = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hi \\u00e9\"},\"finish_reason\":\"stop\"}],"
			 "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}";
	CHECK(provider_parse(POLICY_KIND_OPENAI, 200, ok, strlen(ok), &r) == 0);
	CHECK(r.ok && !strcmp(r.output.p, "hi \xc3\xa9") && !strcmp(r.finish_reason, "stop"));
	CHECK(r.input_tokens == 3 && r.output_tokens == 2);
	const char *cf = "{\"choices\":[{\"message\":{\"content\":null},\"finish_reason\":\"content_filter\"}]}";
	CHECK(provider_parse(POLICY_KIND_OPENAI, 200, cf, strlen(cf), &r) == -1 && r.fail == POLICY_FAIL_CONTENT_POLICY);
	CHECK(provider_parse(POLICY_KIND_OPENAI, 200, "{\"choices\":[]}", 14, &r) == -1 && r.fail == POLICY_FAIL_SERVER_ERROR);
	CHECK(provider_parse(POLICY_KIND_OPENAI, 200, "{\"cho", 5, &r) == -1 && r.fail == POLICY_FAIL_SERVER_ERROR);
	CHECK(provider_parse(POLICY_KIND_OPENAI, 200, "", 0, &r) == -1 && r.fail == POLICY_FAIL_SERVER_ERROR);
	const char *an = "{\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"tool_use\"},{\"type\":\"text\",\"text\":\"b\"}],"
			 "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":7,\"output_tokens\":1}}";
	CHECK(provider_parse(POLICY_KIND_ANTHROPIC, 200, an, strlen(an), &r) == 0);
	CHECK(!strcmp(r.output.p, "ab") && !strcmp(r.finish_reason, "end_turn") && r.input_tokens == 7);
	const char *ref = "{\"content\":[],\"stop_reason\":\"refusal\"}";
	CHECK(provider_parse(POLICY_KIND_ANTHROPIC, 200, ref, strlen(ref), &r) == -1 && r.fail == POLICY_FAIL_CONTENT_POLICY);
	provider_result_release(&r);
}

static void stream_case(enum policy_kind k, const char *in, int want_rc, const char *want_out, enum policy_fail want_fail)
{
	size_t n = strlen(in);
	for (size_t cut = 0; cut <= n; cut += 7) {
		struct provider_result r;
		struct provider_stream ps;
		provider_result_init(&r);
		provider_stream_init(&ps, k, &r);
		provider_stream_feed(&ps, in, cut);
		provider_stream_feed(&ps, in + cut, n - cut);
		int rc = provider_stream_finish(&ps, 200);
		CHECK_MSG(rc == want_rc, "cut %zu: rc %d", cut, rc);
		if (rc == 0)
			CHECK_MSG(r.output.p && !strcmp(r.output.p, want_out), "cut %zu: %s", cut, r.output.p ? r.output.p : "");
		else
			CHECK(r.fail == want_fail);
		provider_stream_release(&ps);
		provider_result_release(&r);
	}
}

static void test_stream(void)
{
	const char *o = "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n"
			"data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n"
			"data: {\"choices\":[{\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}\n\n"
			"data: {\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":2}}\n\n"
			"data: [DONE]\n\n";
	stream_case(POLICY_KIND_OPENAI, o, 0, "Hello", 0);
	stream_case(POLICY_KIND_OPENAI, "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n", -1, NULL,
		    POLICY_FAIL_SERVER_ERROR); /* cut before [DONE] */
	stream_case(POLICY_KIND_OPENAI, "data: {\"error\":{\"message\":\"x\",\"type\":\"server_error\"}}\n\n", -1, NULL,
		    POLICY_FAIL_SERVER_ERROR);
	stream_case(POLICY_KIND_OPENAI, "data: {not json\n\n", -1, NULL, POLICY_FAIL_SERVER_ERROR);
	stream_case(POLICY_KIND_OPENAI,
		    "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"content_filter\"}]}\n\ndata: [DONE]\n\n", -1, NULL,
		    POLICY_FAIL_CONTENT_POLICY);
	const char *a = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}\n\n"
			"event: ping\ndata: {\"type\":\"ping\"}\n\n"
			"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n"
			"event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":3}}\n\n"
			"event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
	stream_case(POLICY_KIND_ANTHROPIC, a, 0, "Hi", 0);
	stream_case(POLICY_KIND_ANTHROPIC,
		    "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"x\"}}\n\n", -1,
		    NULL, POLICY_FAIL_RATE_LIMIT);
	/* An error status with a JSON body instead of a stream. */
	struct provider_result r;
	struct provider_stream ps;
	provider_result_init(&r);
	provider_stream_init(&ps, POLICY_KIND_OPENAI, &r);
	const char *e = "{\"error\":{\"message\":\"slow\",\"type\":\"requests\"}}";
	provider_stream_feed(&ps, e, strlen(e));
	CHECK(provider_stream_finish(&ps, 429) == -1 && r.fail == POLICY_FAIL_RATE_LIMIT);
	provider_stream_release(&ps);
	provider_result_release(&r);
}

/* ---- building ---- */

static void test_build(void)
{
	struct record rec;
	record_init(&rec);
	char msg[256];
	const char *line = "{\"text\":\"q\",\"params\":{\"top_p\":0.5,\"stop\":\"X\"}}";
	CHECK(record_parse(&rec, line, strlen(line), msg, sizeof(msg)) == RECORD_OK);
	struct provider_target t = { POLICY_KIND_ANTHROPIC, "http://h/v1/", "claude", NULL, 0 };
	struct provider_opts o = { "sys", 0, 0.2, NULL, 0, 1, jv_invalid() };
	struct buf b = BUF_INIT;
	CHECK(provider_build(&t, &o, &rec, 1, &b, msg, sizeof(msg)) == 0);
	jv v = jv_parse(b.p);
	CHECK(jv_get_kind(v) == JV_KIND_OBJECT);
	jv s = jv_dump_string(jv_copy(v), JV_PRINT_SORTED);
	CHECK_EQ_STR(jv_string_value(s),
		     "{\"max_tokens\":1024,\"messages\":[{\"content\":\"q\",\"role\":\"user\"}],\"model\":\"claude\","
		     "\"stop_sequences\":[\"X\"],\"stream\":true,\"system\":\"sys\\n\\nAnswer with a single JSON object and nothing else.\","
		     "\"temperature\":0.2,\"top_p\":0.5}");
	jv_free(s);
	jv_free(v);
	struct buf u = BUF_INIT;
	provider_url(&t, &u);
	CHECK_EQ_STR(u.p, "http://h/v1/messages");
	buf_reset(&u);
	struct provider_target az = { POLICY_KIND_OPENAI, "https://x/openai/deployments/d", "m", "2024-10-21", 1 };
	provider_url(&az, &u);
	CHECK_EQ_STR(u.p, "https://x/openai/deployments/d/chat/completions?api-version=2024-10-21");
	buf_reset(&u);
	provider_auth_header(&az, "k1", &u);
	CHECK_EQ_STR(u.p, "api-key: k1");
	buf_release(&u);
	/* No input at all, and a malformed .messages. */
	const char *none = "{\"id\":1}", *badm = "{\"messages\":[1,2]}";
	record_parse(&rec, none, strlen(none), msg, sizeof(msg));
	buf_reset(&b);
	CHECK(provider_build(&t, &o, &rec, 0, &b, msg, sizeof(msg)) == -1);
	record_parse(&rec, badm, strlen(badm), msg, sizeof(msg));
	CHECK(provider_build(&t, &o, &rec, 0, &b, msg, sizeof(msg)) == -1);
	buf_release(&b);
	record_release(&rec);
}

/* The content model: params by kind, refused by name; policy params win. */
static void test_content(void)
{
	CHECK(content_param_kind("temperature") == CONTENT_PARAM_ALLOWED);
	CHECK(content_param_kind("store") == CONTENT_PARAM_POLICY_ONLY);
	CHECK(content_param_kind("user") == CONTENT_PARAM_POLICY_ONLY);
	CHECK(content_param_kind("metadata") == CONTENT_PARAM_POLICY_ONLY);
	CHECK(content_param_kind("service_tier") == CONTENT_PARAM_POLICY_ONLY);
	CHECK(content_param_kind("model") == CONTENT_PARAM_FIXED);
	CHECK(content_param_kind("prediction") == CONTENT_PARAM_UNKNOWN);
	CHECK(content_param_kind("") == CONTENT_PARAM_UNKNOWN);
	char err[256];
	CHECK(content_param_check("seed", jv_number(3), err, sizeof(err)) == 0);
	CHECK(content_param_check("seed", jv_number(3.5), err, sizeof(err)) == -1);
	CHECK_EQ_STR(err, "params.seed must be an integer");
	CHECK(content_param_check("stop", jv_string("x"), err, sizeof(err)) == 0);
	CHECK(content_param_check("stop", jv_parse("[\"a\",1]"), err, sizeof(err)) == -1);
	CHECK(content_param_check("temperature", jv_parse("1e400"), err, sizeof(err)) == -1);
	CHECK(content_param_check("user", jv_string("x"), err, sizeof(err)) == -1);
	static const struct {
		const char *line, *err;
	} bad[] = {
		{ "{\"text\":\"q\",\"params\":{\"model\":\"evil\"}}", "params.model is part of the request's frame, not a parameter" },
		{ "{\"text\":\"q\",\"params\":{\"store\":true}}", "params.store changes how the provider handles data: only the policy's backend params may set it" },
		{ "{\"text\":\"q\",\"params\":{\"extra_body\":{}}}", "params.extra_body is not a known parameter (see llm-records(7))" },
		{ "{\"text\":\"q\",\"params\":[1]}", ".params is not an object" },
		{ "{\"messages\":\"hi\",\"text\":\"q\"}", ".messages is not an array" },
		{ "{\"messages\":[{\"content\":\"x\"}]}", ".messages holds an element without a string .role" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct record rec;
		struct content c;
		record_init(&rec);
		CHECK(record_parse(&rec, bad[i].line, strlen(bad[i].line), err, sizeof(err)) == RECORD_OK);
		CHECK(content_from_record(&rec, &c, err, sizeof(err)) == -1);
		CHECK_EQ_STR(err, bad[i].err);
		record_release(&rec);
	}
	/* A record never overrides what the policy's params set. */
	const char *line = "{\"text\":\"q\",\"params\":{\"temperature\":0.9,\"top_p\":0.5}}";
	struct record rec;
	record_init(&rec);
	CHECK(record_parse(&rec, line, strlen(line), err, sizeof(err)) == RECORD_OK);
	struct provider_target t = { POLICY_KIND_OPENAI, "http://h/v1", "m", NULL, 0 };
	jv pol = jv_parse("{\"temperature\":0.1,\"store\":false}");
	struct provider_opts o = { NULL, 0, -1, NULL, 0, 0, pol };
	struct buf b = BUF_INIT;
	CHECK(provider_build(&t, &o, &rec, 0, &b, err, sizeof(err)) == 0);
	jv v = jv_parse(b.p);
	jv s = jv_dump_string(v, JV_PRINT_SORTED);
	CHECK_EQ_STR(jv_string_value(s), "{\"messages\":[{\"content\":\"q\",\"role\":\"user\"}],\"model\":\"m\","
		     "\"store\":false,\"temperature\":0.1,\"top_p\":0.5}");
	jv_free(s);
	jv_free(pol);
	buf_release(&b);
	record_release(&rec);
}

struct strs {
	struct buf all;
};

static void collect_str(void *ctx, struct json_span s)
{
	struct strs *x = ctx;
	json_string_decode(s, &x->all);
	buf_putc(&x->all, '|');
}

static void test_content_strings(void)
{
	const char *j = "{\"a\":[\"x\",{\"k\\u0031\":\"y\"},1,null],\"b\":{\"c\":[[\"z\"]]}}";
	struct json_span root;
	struct json_error e;
	CHECK(json_scan(j, strlen(j), &root, NULL, &e) == 0);
	struct strs x = { BUF_INIT };
	content_strings(root, collect_str, &x);
	CHECK_EQ_STR(x.all.p, "a|x|k1|y|b|c|z|");
	buf_release(&x.all);
}

static void test_redact(void)
{
	const char *keys[] = { "s3cr3t-key-value", NULL };
	struct buf b = BUF_INIT;
	buf_puts(&b, "bad key s3cr3t-key-value; Authorization: Bearer abc.def-123 and sk-proj-AAAAAAAAAAAA, sk-no ok");
	provider_redact(&b, keys);
	CHECK_EQ_STR(b.p, "bad key [REDACTED]; Authorization: Bearer [REDACTED] and [REDACTED], sk-no ok");
	buf_release(&b);
}

/* ---- retry math ---- */

static void test_backoff(void)
{
	struct retry_rng rng;
	retry_rng_seed(&rng, 42);
	for (int n = 0; n < 20; n++) {
		long ceil = 100L << (n < 10 ? n : 10);
		if (ceil > 5000)
			ceil = 5000;
		long lo = ceil, hi = 0;
		double sum = 0;
		for (int i = 0; i < 4000; i++) {
			long d = retry_backoff_ms(100, 5000, n, &rng);
			lo = d < lo ? d : lo;
			hi = d > hi ? d : hi;
			sum += (double)d;
		}
		/* Full jitter: uniform over [0, ceil], so it reaches near both ends
		 * and averages about half. */
		CHECK_MSG(lo >= 0 && hi <= ceil && lo < ceil / 10 + 1 && hi > ceil * 9 / 10, "n %d: [%ld, %ld] of %ld", n, lo, hi, ceil);
		CHECK_NEAR(sum / 4000 / (double)ceil, 0.5, 0.05);
	}
	CHECK(retry_backoff_ms(0, 100, 3, &rng) == 0);
	CHECK(retry_backoff_ms(100, 5000, 1000, &rng) <= 5000); /* no overflow on huge n */
	CHECK(retry_delay_ms(50, -1, 1000) == 50);
	CHECK(retry_delay_ms(50, 2000, 1000) == 1000);
	CHECK(retry_delay_ms(50, 300, 1000) == 300);
	CHECK(retry_delay_ms(500, 300, 1000) == 500);
	CHECK(http_parse_retry_after(" 7 ", 3, 0) == 7000);
	CHECK(http_parse_retry_after("1.5", 3, 0) == 1500);
	CHECK(http_parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 29, 1445412470) == 10000);
	CHECK(http_parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 29, 1445412490) == 0);
	CHECK(http_parse_retry_after("soon", 4, 0) == -1);
	CHECK(http_parse_retry_after("-3", 2, 0) == -1);
	CHECK(http_parse_retry_after("99999999", 8, 0) == 86400000L);
}

static void test_bucket(void)
{
	struct retry_bucket b;
	retry_bucket_init(&b, 600, 10, 0); /* 10 a second, bursts of 10 */
	for (int i = 0; i < 10; i++) {
		CHECK(retry_bucket_wait_ms(&b, 1, 0) == 0);
		retry_bucket_take(&b, 1, 0);
	}
	int64_t w = retry_bucket_wait_ms(&b, 1, 0);
	CHECK(w >= 99 && w <= 101);
	CHECK(retry_bucket_wait_ms(&b, 1, 100) == 0);
	CHECK(retry_bucket_wait_ms(&b, 5, 100) > 0);
	CHECK(retry_bucket_wait_ms(&b, 5, 10000) == 0); /* refilled, capped at the burst */
	CHECK_NEAR(b.tokens, 10, 1e-9);
	/* A take larger than the burst waits for a full bucket, then owes. */
	CHECK(retry_bucket_wait_ms(&b, 50, 10000) == 0);
	retry_bucket_take(&b, 50, 10000);
	CHECK(retry_bucket_wait_ms(&b, 1, 10000) > 4000);
	retry_bucket_adjust(&b, 45); /* the answer used fewer tokens */
	CHECK(retry_bucket_wait_ms(&b, 1, 10000) == 0);
	struct retry_bucket u;
	retry_bucket_init(&u, 0, 0, 0);
	retry_bucket_take(&u, 1e9, 0);
	CHECK(retry_bucket_wait_ms(&u, 1e9, 0) == 0); /* unlimited */
}

static void test_cooldown(void)
{
	struct retry_cooldown c;
	retry_cooldown_init(&c, 3, 1000);
	CHECK(!retry_cooldown_fail(&c, 0) && !retry_cooldown_fail(&c, 0));
	retry_cooldown_ok(&c);
	CHECK(!retry_cooldown_fail(&c, 0) && !retry_cooldown_fail(&c, 0));
	CHECK(retry_cooldown_fail(&c, 10));
	CHECK(retry_cooldown_active(&c, 500) && !retry_cooldown_active(&c, 1010));
	retry_cooldown_init(&c, 0, 1000);
	for (int i = 0; i < 100; i++)
		CHECK(!retry_cooldown_fail(&c, 0));
}

/* ---- reorder ---- */

struct collected {
	struct buf b;
	size_t n;
};

static void collect(void *ctx, const char *p, size_t n)
{
	struct collected *c = ctx;
	buf_put(&c->b, p, n);
	buf_putc(&c->b, ',');
	c->n++;
}

static void test_reorder(void)
{
	struct reorder r;
	CHECK(reorder_init(&r, 8) == 0);
	struct collected c = { BUF_INIT, 0 };
	srand(7);
	/* 1000 answers arriving in random order within the window. */
	uint64_t next_start = 0;
	size_t ndone = 0;
	uint64_t started[8];
	size_t nstarted = 0;
	while (ndone < 1000) {
		while (nstarted < 8 && next_start < 1000 && reorder_room(&r, next_start))
			started[nstarted++] = next_start++;
		CHECK(nstarted > 0);
		size_t k = (size_t)rand() % nstarted;
		uint64_t seq = started[k];
		started[k] = started[--nstarted];
		char s[16];
		int n = snprintf(s, sizeof(s), "%llu", (unsigned long long)seq);
		reorder_put(&r, seq, s, (size_t)n);
		ndone++;
		reorder_drain(&r, collect, &c);
		CHECK(r.held < 8);
	}
	CHECK(c.n == 1000 && r.held == 0 && r.next == 1000);
	struct buf want = BUF_INIT;
	for (int i = 0; i < 1000; i++)
		buf_printf(&want, "%d,", i);
	CHECK(c.b.len == want.len && !memcmp(c.b.p, want.p, want.len));
	CHECK(!reorder_room(&r, 1008) && reorder_room(&r, 1007));
	buf_release(&want);
	buf_release(&c.b);
	reorder_release(&r);
}

/* ---- cache ---- */

static void test_cache(void)
{
	char dir[] = "/tmp/test_infer.XXXXXX", path[64], err[256];
	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	snprintf(path, sizeof(path), "%s/c.db", dir);
	struct cache *c = cache_open(path, err, sizeof(err));
	CHECK_MSG(c != NULL, "%s", err);
	if (!c)
		return;
	unsigned char k1[CACHE_KEY_LEN], k2[CACHE_KEY_LEN], k3[CACHE_KEY_LEN];
	cache_key(c, "a", "m", "{}", 2, k1);
	cache_key(c, "a", "m2", "{}", 2, k2);
	cache_key(c, "am", "", "{}", 2, k3);
	CHECK(memcmp(k1, k2, CACHE_KEY_LEN) && memcmp(k1, k3, CACHE_KEY_LEN));
	struct buf v = BUF_INIT;
	CHECK(cache_get(c, k1, &v, err, sizeof(err)) == 0);
	CHECK(cache_put(c, k1, "{\"output\":\"x\"}", 14, err, sizeof(err)) == 0);
	CHECK(cache_get(c, k1, &v, err, sizeof(err)) == 1 && !strcmp(v.p, "{\"output\":\"x\"}"));
	CHECK(cache_close(c, err, sizeof(err)) == 0);
	/* Another process (here: another handle) sees it after the commit,
	 * under the same file's salt: the same key. */
	c = cache_open(path, err, sizeof(err));
	unsigned char k4[CACHE_KEY_LEN];
	cache_key(c, "a", "m", "{}", 2, k4);
	CHECK(memcmp(k1, k4, CACHE_KEY_LEN) == 0);
	buf_reset(&v);
	CHECK(c && cache_get(c, k1, &v, err, sizeof(err)) == 1);
	CHECK(c && cache_get(c, k2, &v, err, sizeof(err)) == 0);
	cache_close(c, err, sizeof(err));
	/* Another cache file, another salt: keys are not plain hashes. */
	snprintf(path, sizeof(path), "%s/d.db", dir);
	c = cache_open(path, err, sizeof(err));
	cache_key(c, "a", "m", "{}", 2, k4);
	CHECK(c && memcmp(k1, k4, CACHE_KEY_LEN) != 0);
	cache_close(c, err, sizeof(err));
	buf_release(&v);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
}

/* The one-backend policy of --base-url and --model FILE (infer/direct.c). */
static void test_direct(void)
{
	struct direct_policy d;
	struct direct_opts o = { "anthropic", "http://127.0.0.1:1/v1", "claude-x", "KEY_VAR", 0, 0, 0 };
	direct_policy_init(&d, &o);
	CHECK(d.policy.backends == &d.backend);
	CHECK_EQ_INT(d.policy.nbackends, 1);
	CHECK_EQ_STR(d.backend.name, "direct");
	CHECK(d.backend.kind == POLICY_KIND_ANTHROPIC);
	CHECK(d.backend.max_class == DATACLASS_RESTRICTED);
	CHECK_EQ_STR(d.backend.endpoint, "http://127.0.0.1:1/v1");
	CHECK_EQ_STR(d.backend.api_key_env, "KEY_VAR");
	CHECK(d.policy.fallback_on & (1u << POLICY_FAIL_TIMEOUT));
	CHECK(!(d.policy.fallback_on & (1u << POLICY_FAIL_CONTENT_POLICY)));
	struct direct_opts l = { "openai", NULL, "/models/tiny.gguf", NULL, 1, 2, 512 };
	direct_policy_init(&d, &l);
	CHECK_EQ_STR(d.backend.name, "local");
	CHECK(d.backend.kind == POLICY_KIND_LOCAL);
	CHECK(d.backend.endpoint == NULL);
	CHECK_EQ_STR(d.backend.model, "tiny.gguf");
	CHECK_EQ_STR(d.backend.model_path, "/models/tiny.gguf");
	CHECK_EQ_INT(d.backend.threads, 2);
	CHECK_EQ_INT(d.backend.context_window, 512);
	CHECK_EQ_INT(d.backend.self_hosted, 1);
}

int main(void)
{
	test_sse();
	test_classify();
	test_parse();
	test_stream();
	test_build();
	test_content();
	test_content_strings();
	test_redact();
	test_backoff();
	test_bucket();
	test_cooldown();
	test_reorder();
	test_cache();
	test_direct();
	UNIT_DONE();
}
