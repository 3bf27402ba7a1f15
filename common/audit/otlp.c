/*
 * otlp: OTLP/HTTP JSON trace export with libcurl's easy interface (otlp.h).
 */
#include "audit/otlp.h"

#include <curl/curl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/hash.h"
#include "core/json.h"

#define OTLP_RESPONSE_MAX ((size_t)64 << 10)

struct otlp {
	CURL *curl;
	struct curl_slist *headers;
	char *url;
	char *shown;       /* the URL for messages: no user:password@, no ?query */
	struct buf head;   /* the request up to the first span */
	struct buf spans;  /* the spans of the batch, comma-separated */
	struct buf body;   /* head + spans + tail, as sent */
	struct buf resp;   /* what the collector answered (capped) */
	struct buf span;   /* the span being written */
	size_t batch, n;
	long backoff_ms;
	long retry_after_ms; /* of the last answer, -1 for none */
	struct otlp_stats st;
};

static int seterr(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
	struct buf *b = ctx;
	size_t k = size * n;
	if (b->len < OTLP_RESPONSE_MAX)
		buf_put(b, p, k < OTLP_RESPONSE_MAX - b->len ? k : OTLP_RESPONSE_MAX - b->len);
	return k;
}

/* Retry-After: delay-seconds (an HTTP date is read as none). */
static size_t on_header(char *p, size_t size, size_t n, void *ctx)
{
	struct otlp *o = ctx;
	size_t k = size * n;
	static const char name[] = "retry-after:";
	if (k > sizeof(name) - 1 && !strncasecmp(p, name, sizeof(name) - 1)) {
		const char *v = p + sizeof(name) - 1, *end = p + k;
		while (v < end && (*v == ' ' || *v == '\t'))
			v++;
		long s = 0;
		int digits = 0;
		while (v < end && *v >= '0' && *v <= '9' && s < 1000000)
			s = s * 10 + (*v++ - '0'), digits++;
		if (digits)
			o->retry_after_ms = s * 1000;
	}
	return k;
}

struct otlp *otlp_new(const char *url, const char *resource, const char *scope, size_t batch, long backoff_ms,
		      char *err, size_t errlen)
{
	if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) {
		seterr(err, errlen, "--otlp wants an http:// or https:// URL, not '%s'", url);
		return NULL;
	}
	if (batch < 1 || batch > OTLP_BATCH_MAX) {
		seterr(err, errlen, "spans per request: 1..%d", OTLP_BATCH_MAX);
		return NULL;
	}
	static int curl_ready;
	if (!curl_ready && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		seterr(err, errlen, "libcurl did not start");
		return NULL;
	}
	curl_ready = 1;
	struct otlp *o = calloc(1, sizeof(*o));
	if (!o) {
		seterr(err, errlen, "out of memory");
		return NULL;
	}
	o->batch = batch;
	o->backoff_ms = backoff_ms > 0 ? backoff_ms : OTLP_BACKOFF_MS;
	buf_init(&o->head);
	buf_init(&o->spans);
	buf_init(&o->body);
	buf_init(&o->resp);
	buf_init(&o->span);
	/* The traces endpoint: the base URL's /v1/traces (OTLP/HTTP), or the
	 * URL itself when its path names it already; a ?query stays last. */
	size_t ul = strcspn(url, "?#"), tail = strlen(url + ul);
	static const char path[] = "/v1/traces";
	int has_path = ul >= sizeof(path) - 1 && !strncmp(url + ul - (sizeof(path) - 1), path, sizeof(path) - 1);
	size_t base = ul;
	while (!has_path && base && url[base - 1] == '/')
		base--;
	if (!(o->url = malloc(base + sizeof(path) + tail))) {
		free(o);
		seterr(err, errlen, "out of memory");
		return NULL;
	}
	memcpy(o->url, url, base);
	strcpy(o->url + base, has_path ? "" : path);
	strcat(o->url, url + ul);
	/* Messages name the collector without the credentials a URL may hold. */
	const char *host = strstr(o->url, "://") + 3, *at = strchr(host, '@'), *slash = strchr(host, '/');
	if (at && (!slash || at < slash))
		host = at + 1;
	size_t scheme = (size_t)(strstr(o->url, "://") + 3 - o->url), rest = strcspn(host, "?#");
	if (!(o->shown = malloc(scheme + rest + 1))) {
		otlp_free(o);
		seterr(err, errlen, "out of memory");
		return NULL;
	}
	memcpy(o->shown, o->url, scheme);
	memcpy(o->shown + scheme, host, rest);
	o->shown[scheme + rest] = '\0';
	buf_puts(&o->head, "{\"resourceSpans\":[{\"resource\":{\"attributes\":[");
	buf_puts(&o->head, resource);
	buf_puts(&o->head, "]},\"scopeSpans\":[{\"scope\":{\"name\":");
	json_escape(&o->head, scope, strlen(scope));
	buf_puts(&o->head, "},\"spans\":[");
	o->curl = curl_easy_init();
	o->headers = curl_slist_append(NULL, "Content-Type: application/json");
	struct curl_slist *h = o->headers ? curl_slist_append(o->headers, "Expect:") : NULL; /* no 100-continue round trip */
	if (h)
		o->headers = h;
	if (!o->curl || !h) {
		otlp_free(o);
		seterr(err, errlen, "out of memory (libcurl)");
		return NULL;
	}
	CURL *c = o->curl;
	curl_easy_setopt(c, CURLOPT_URL, o->url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, o->headers);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &o->resp);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, o);
	return o;
}

void otlp_free(struct otlp *o)
{
	if (!o)
		return;
	curl_easy_cleanup(o->curl);
	curl_slist_free_all(o->headers);
	free(o->url);
	free(o->shown);
	buf_release(&o->head);
	buf_release(&o->spans);
	buf_release(&o->body);
	buf_release(&o->resp);
	buf_release(&o->span);
	free(o);
}

const struct otlp_stats *otlp_stats(const struct otlp *o)
{
	return &o->st;
}

struct buf *otlp_span_begin(struct otlp *o)
{
	buf_reset(&o->span);
	return &o->span;
}

int otlp_span_end(struct otlp *o, char *err, size_t errlen)
{
	if (o->n)
		buf_putc(&o->spans, ',');
	buf_put(&o->spans, o->span.p, o->span.len);
	o->n++;
	return o->n >= o->batch ? otlp_flush(o, err, errlen) : 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0)
		;
}

/* partialSuccess.rejectedSpans of a 2xx answer (0 when absent). */
static uint64_t rejected_spans(const struct buf *r)
{
	const char *k = r->len ? strstr(r->p, "\"rejectedSpans\"") : NULL;
	if (!k)
		return 0;
	k += strlen("\"rejectedSpans\"");
	while (*k == ' ' || *k == ':' || *k == '"')
		k++;
	return strtoull(k, NULL, 10);
}

/* The collector's answer, one line, for a message. */
static const char *answer(struct buf *r)
{
	if (!r->len)
		return "";
	for (size_t i = 0; i < r->len; i++)
		if ((unsigned char)r->p[i] < 0x20)
			r->p[i] = ' ';
	if (r->len > 200)
		r->len = 200, r->p[200] = '\0';
	return r->p;
}

int otlp_flush(struct otlp *o, char *err, size_t errlen)
{
	if (!o->n)
		return 0;
	buf_reset(&o->body);
	buf_put(&o->body, o->head.p, o->head.len);
	buf_put(&o->body, o->spans.p, o->spans.len);
	buf_puts(&o->body, "]}]}]}");
	curl_easy_setopt(o->curl, CURLOPT_POSTFIELDS, o->body.p);
	curl_easy_setopt(o->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)o->body.len);
	long backoff = o->backoff_ms;
	for (int attempt = 1;; attempt++) {
		buf_reset(&o->resp);
		o->retry_after_ms = -1;
		CURLcode rc = curl_easy_perform(o->curl);
		long code = 0;
		if (rc == CURLE_OK)
			curl_easy_getinfo(o->curl, CURLINFO_RESPONSE_CODE, &code);
		if (rc == CURLE_OK && code >= 200 && code < 300) {
			uint64_t rej = rejected_spans(&o->resp);
			o->st.rejected += rej;
			o->st.spans += o->n - (rej < o->n ? rej : o->n);
			o->st.requests++;
			o->n = 0;
			buf_reset(&o->spans);
			return 0;
		}
		int again = rc != CURLE_OK || code == 429 || code == 502 || code == 503 || code == 504;
		if (!again || attempt >= OTLP_TRIES) {
			if (rc != CURLE_OK)
				return seterr(err, errlen, "collector %s: %s (%d tries)", o->shown, curl_easy_strerror(rc), attempt);
			return seterr(err, errlen, "collector %s: HTTP %ld%s%s%s", o->shown, code, o->resp.len ? ": " : "",
				      answer(&o->resp), again ? " (after every try)" : "");
		}
		long wait = backoff;
		if (o->retry_after_ms >= 0)
			wait = o->retry_after_ms > OTLP_RETRY_AFTER_CAP_MS ? OTLP_RETRY_AFTER_CAP_MS
			     : o->retry_after_ms > wait ? o->retry_after_ms : wait;
		backoff = backoff * 2 > OTLP_BACKOFF_CAP_MS ? OTLP_BACKOFF_CAP_MS : backoff * 2;
		o->st.retries++;
		sleep_ms(wait);
	}
}

static void attr_key(struct buf *b, const char *key)
{
	if (b->len && b->p[b->len - 1] != '[')
		buf_putc(b, ',');
	buf_puts(b, "{\"key\":");
	json_escape(b, key, strlen(key));
	buf_puts(b, ",\"value\":{");
}

void otlp_attr_str(struct buf *b, const char *key, const char *s, size_t n)
{
	attr_key(b, key);
	buf_puts(b, "\"stringValue\":");
	json_escape(b, s, n);
	buf_puts(b, "}}");
}

void otlp_attr_int(struct buf *b, const char *key, int64_t v)
{
	attr_key(b, key);
	buf_printf(b, "\"intValue\":\"%lld\"}}", (long long)v);
}

void otlp_attr_double(struct buf *b, const char *key, double v)
{
	attr_key(b, key);
	buf_printf(b, "\"doubleValue\":%.6g}}", v);
}

void otlp_attr_str_list(struct buf *b, const char *key, const char *s, size_t n)
{
	attr_key(b, key);
	buf_puts(b, "\"arrayValue\":{\"values\":[{\"stringValue\":");
	json_escape(b, s, n);
	buf_puts(b, "}]}}}");
}

void otlp_id_hex(const void *what, size_t n, size_t len, char *hex)
{
	unsigned char h[HASH_SHA256_LEN];
	hash_sha256(what, n, h);
	if (len > sizeof(h))
		len = sizeof(h);
	int zero = 1;
	for (size_t i = 0; i < len; i++)
		zero &= h[i] == 0;
	if (zero)
		h[len - 1] = 1;
	hash_hex(h, len, hex);
}
