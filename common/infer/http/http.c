/*
 * http: the curl multi wrapper; see http.h.
 */
#include "infer/http/http.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#define HTTP_DEFAULT_MAX_RESP ((size_t)64 << 20)
#define HTTP_POOL_MAX 256

struct http {
	CURLM *multi;
	char *cacert;
	CURL **pool;   /* idle easy handles, reused (curl_easy_reset keeps nothing per request) */
	size_t npool, cappool;
	size_t running; /* started, not yet handed back */
};

static void seterr(char *err, size_t errlen, const char *a, const char *b)
{
	if (err && errlen)
		snprintf(err, errlen, "%s%s", a, b ? b : "");
}

struct http *http_new(const char *cacert, long max_conns, char *err, size_t errlen)
{
	static int inited;
	if (!inited) {
		/* Not thread-safe by itself; llm-infer makes one http at start-up. */
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			seterr(err, errlen, "cannot initialise libcurl", NULL);
			return NULL;
		}
		inited = 1;
	}
	struct http *h = calloc(1, sizeof(*h));
	if (!h) {
		seterr(err, errlen, "out of memory", NULL);
		return NULL;
	}
	h->multi = curl_multi_init();
	if (!h->multi) {
		free(h);
		seterr(err, errlen, "cannot create a curl multi handle", NULL);
		return NULL;
	}
	curl_multi_setopt(h->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	curl_multi_setopt(h->multi, CURLMOPT_MAXCONNECTS, max_conns > 0 ? max_conns + 8 : 64L);
	if (cacert)
		h->cacert = strdup(cacert);
	return h;
}

void http_free(struct http *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->npool; i++)
		curl_easy_cleanup(h->pool[i]);
	free(h->pool);
	curl_multi_cleanup(h->multi);
	free(h->cacert);
	free(h);
}

static size_t on_write(char *p, size_t size, size_t nmemb, void *ud)
{
	struct http_req *r = ud;
	size_t n = size * nmemb;
	if (r->on_data)
		return r->on_data(r->ctx, p, n) == 0 ? n : 0;
	size_t cap = r->max_resp ? r->max_resp : HTTP_DEFAULT_MAX_RESP;
	if (r->resp.len + n > cap)
		return 0; /* a body this large is no model answer: abort */
	buf_put(&r->resp, p, n);
	return n;
}

long http_parse_retry_after(const char *v, size_t n, long long now)
{
	while (n && isspace((unsigned char)*v))
		v++, n--;
	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	if (!n || n > 63)
		return -1;
	char s[64];
	memcpy(s, v, n);
	s[n] = '\0';
	if (isdigit((unsigned char)s[0])) {
		char *end;
		double d = strtod(s, &end);
		if (*end || d < 0)
			return -1;
		return d > 86400.0 ? 86400000L : (long)(d * 1000.0);
	}
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	const char *e = strptime(s, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	if (!e || *e)
		return -1;
	long long t = (long long)timegm(&tm);
	if (t <= now)
		return 0;
	return t - now > 86400 ? 86400000L : (long)((t - now) * 1000);
}

static size_t on_header(char *p, size_t size, size_t nitems, void *ud)
{
	struct http_req *r = ud;
	size_t n = size * nitems;
	if (n > 12 && !strncasecmp(p, "retry-after:", 12)) {
		long ms = http_parse_retry_after(p + 12, n - 12, (long long)time(NULL));
		if (ms >= 0 && r->retry_after_ms < 0)
			r->retry_after_ms = ms;
	} else if (n > 15 && !strncasecmp(p, "retry-after-ms:", 15)) {
		char s[32];
		size_t k = n - 15 < sizeof(s) - 1 ? n - 15 : sizeof(s) - 1;
		memcpy(s, p + 15, k);
		s[k] = '\0';
		char *end;
		double d = strtod(s, &end);
		if (end != s && d >= 0 && d < 86400000.0)
			r->retry_after_ms = (long)d; /* the finer value wins */
	} else if (n >= 5 && !strncmp(p, "HTTP/", 5)) {
		r->retry_after_ms = -1; /* a new response (after 100 Continue) */
	}
	return n;
}

int http_start(struct http *h, struct http_req *r, char *err, size_t errlen)
{
	CURL *e = h->npool ? h->pool[--h->npool] : curl_easy_init();
	if (!e) {
		seterr(err, errlen, "cannot create a curl handle", NULL);
		return -1;
	}
	r->err = HTTP_OK;
	r->status = 0;
	r->retry_after_ms = -1;
	r->errmsg[0] = '\0';
	buf_reset(&r->resp);

	struct curl_slist *sl = NULL, *t;
	/* No "Expect: 100-continue" round trip before the body. */
	if (!(t = curl_slist_append(sl, "Expect:")))
		goto oom;
	sl = t;
	for (const char *const *hp = r->headers; hp && *hp; hp++) {
		if (!(t = curl_slist_append(sl, *hp)))
			goto oom;
		sl = t;
	}
	curl_easy_setopt(e, CURLOPT_URL, r->url);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, sl);
	if (r->body) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->body_len);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body);
	}
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(e, CURLOPT_PRIVATE, r);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errmsg);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
	curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	/* Wait for a connection that can multiplex (HTTP/2) rather than open
	 * one per request at start-up. */
	curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (r->cacert || h->cacert)
		curl_easy_setopt(e, CURLOPT_CAINFO, r->cacert ? r->cacert : h->cacert);
	if (r->timeout_ms > 0)
		curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, r->timeout_ms);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, r->timeout_ms > 0 && r->timeout_ms < 30000 ? r->timeout_ms : 30000L);
	if (r->stall_ms > 0) {
		curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
		curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, (r->stall_ms + 999) / 1000);
	}
	CURLMcode mc = curl_multi_add_handle(h->multi, e);
	if (mc != CURLM_OK) {
		curl_slist_free_all(sl);
		curl_easy_cleanup(e);
		seterr(err, errlen, "curl: ", curl_multi_strerror(mc));
		return -1;
	}
	r->easy_ = e;
	r->slist_ = sl;
	h->running++;
	return 0;
oom:
	curl_slist_free_all(sl);
	curl_easy_cleanup(e);
	seterr(err, errlen, "out of memory", NULL);
	return -1;
}

int http_wait(struct http *h, long timeout_ms, const int *fds, size_t nfds, unsigned *ready, char *err,
	      size_t errlen)
{
	int still;
	if (ready)
		*ready = 0;
	CURLMcode mc = curl_multi_perform(h->multi, &still);
	if (mc != CURLM_OK) {
		seterr(err, errlen, "curl: ", curl_multi_strerror(mc));
		return -1;
	}
	/* Transfers that finished in that call are waiting in the message
	 * queue: polling now would sleep with an answer in hand. */
	if ((size_t)still < h->running)
		return 0;
	struct curl_waitfd w[HTTP_WAIT_MAX_FDS];
	size_t map[HTTP_WAIT_MAX_FDS], nw = 0;
	for (size_t i = 0; i < nfds && nw < HTTP_WAIT_MAX_FDS; i++) {
		if (fds[i] < 0)
			continue;
		w[nw].fd = fds[i];
		w[nw].events = CURL_WAIT_POLLIN;
		w[nw].revents = 0;
		map[nw++] = i;
	}
	int numfds = 0;
	if (timeout_ms < 0)
		timeout_ms = 0;
	mc = curl_multi_poll(h->multi, nw ? w : NULL, (unsigned)nw, (int)timeout_ms, &numfds);
	if (mc != CURLM_OK) {
		seterr(err, errlen, "curl: ", curl_multi_strerror(mc));
		return -1;
	}
	for (size_t i = 0; ready && i < nw; i++)
		if (w[i].revents & (CURL_WAIT_POLLIN | CURL_WAIT_POLLPRI))
			*ready |= 1u << map[i];
	mc = curl_multi_perform(h->multi, &still);
	if (mc != CURLM_OK) {
		seterr(err, errlen, "curl: ", curl_multi_strerror(mc));
		return -1;
	}
	return 0;
}

static enum http_err map_err(CURLcode c)
{
	switch (c) {
	case CURLE_OK: return HTTP_OK;
	case CURLE_OPERATION_TIMEDOUT: return HTTP_ERR_TIMEOUT;
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY: return HTTP_ERR_CONNECT;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM: return HTTP_ERR_TLS;
	case CURLE_WRITE_ERROR: return HTTP_ERR_ABORTED;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_WEIRD_SERVER_REPLY: return HTTP_ERR_RECV;
	default: return HTTP_ERR_OTHER;
	}
}

struct http_req *http_done(struct http *h)
{
	int left;
	CURLMsg *m;
	while ((m = curl_multi_info_read(h->multi, &left))) {
		if (m->msg != CURLMSG_DONE)
			continue;
		CURL *e = m->easy_handle;
		CURLcode rc = m->data.result;
		struct http_req *r = NULL;
		curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&r);
		assert(r && r->easy_ == e);
		curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &r->status);
		long ver = 0;
		curl_easy_getinfo(e, CURLINFO_HTTP_VERSION, &ver);
		r->http_version = ver == CURL_HTTP_VERSION_1_0 ? 10 : ver == CURL_HTTP_VERSION_1_1 ? 11
				  : ver == CURL_HTTP_VERSION_2_0 ? 20 : ver == CURL_HTTP_VERSION_3 ? 30 : 0;
		r->err = map_err(rc);
		if (rc != CURLE_OK && !r->errmsg[0])
			snprintf(r->errmsg, sizeof(r->errmsg), "%s", curl_easy_strerror(rc));
		if (r->err == HTTP_ERR_ABORTED && !r->on_data)
			snprintf(r->errmsg, sizeof(r->errmsg), "response body over the size limit");
		curl_multi_remove_handle(h->multi, e);
		curl_slist_free_all(r->slist_);
		r->slist_ = NULL;
		r->easy_ = NULL;
		curl_easy_reset(e);
		if (h->npool == h->cappool && h->cappool < HTTP_POOL_MAX) {
			size_t nc = h->cappool ? h->cappool * 2 : 16;
			CURL **np = realloc(h->pool, nc * sizeof(*np));
			if (np) {
				h->pool = np;
				h->cappool = nc;
			}
		}
		if (h->npool < h->cappool)
			h->pool[h->npool++] = e;
		else
			curl_easy_cleanup(e);
		assert(h->running > 0);
		h->running--;
		return r;
	}
	return NULL;
}

size_t http_running(const struct http *h)
{
	return h->running;
}

void http_req_release(struct http_req *r)
{
	assert(!r->easy_);
	buf_release(&r->resp);
}
