/*
 * http: many HTTP requests in flight from one thread (libcurl's multi
 * interface), for llm-infer.
 *
 * One struct http holds a multi handle: its connection cache keeps
 * connections alive between requests (keep-alive, HTTP/2 multiplexing where
 * the server offers it over TLS), its easy handles are pooled and reused.
 * TLS peers are always verified (a CA file may be named); proxies come from
 * the environment as libcurl reads them (http_proxy, https_proxy, no_proxy).
 * Only http:// and https:// are allowed, redirects are not followed.
 *
 * The caller owns each struct http_req and everything it points to until
 * the request comes back from http_done(); the library never prints and
 * never exits.
 */
#ifndef LLM_HTTP_H
#define LLM_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

struct http;

/* Called with each piece of the response body as it arrives (streaming);
 * returns 0 to go on, -1 to abort the transfer. */
typedef int (*http_data_fn)(void *ctx, const char *p, size_t n);

enum http_err {
	HTTP_OK = 0,       /* a response came back (any status) */
	HTTP_ERR_TIMEOUT,  /* the whole-request timeout or the stall limit hit */
	HTTP_ERR_CONNECT,  /* could not connect (refused, DNS, proxy) */
	HTTP_ERR_TLS,      /* certificate or handshake */
	HTTP_ERR_RECV,     /* reset, truncated body, protocol error */
	HTTP_ERR_ABORTED,  /* the data callback asked to stop */
	HTTP_ERR_OTHER,
};

struct http_req {
	/* set by the caller */
	const char *url;
	const char *const *headers; /* "Name: value" strings, NULL-terminated, or NULL */
	const char *body;           /* POST body; NULL sends a GET */
	size_t body_len;
	long timeout_ms;            /* whole request; 0 = none */
	long stall_ms;              /* abort when no byte arrives for this long; 0 = none */
	http_data_fn on_data;       /* NULL: the body is collected in resp */
	void *ctx;
	void *user;                 /* the caller's own pointer */
	size_t max_resp;            /* cap on resp (bytes kept); 0 = 64 MiB */
	const char *cacert;         /* CA file for this request, or NULL: the client's */

	/* filled in when the request is done */
	enum http_err err;
	long status;                /* HTTP status, 0 when none came */
	struct buf resp;            /* the body (when on_data is NULL) */
	long retry_after_ms;        /* from Retry-After / retry-after-ms, -1 when absent */
	char errmsg[256];           /* transport error text, empty when none */
	int http_version;           /* 10, 11, 20 or 30 as negotiated; 0 when none */

	/* private */
	void *easy_;
	void *slist_;
};

/* cacert: a CA bundle file, or NULL for the system's; max_conns: the size
 * of the connection cache (about the number in flight). */
struct http *http_new(const char *cacert, long max_conns, char *err, size_t errlen);
void http_free(struct http *h);

/* Starts a request. Returns 0, or -1 with err. */
int http_start(struct http *h, struct http_req *r, char *err, size_t errlen);
#define HTTP_WAIT_MAX_FDS 8

/* Runs transfers, waiting at most timeout_ms for something to happen. The
 * wait also ends when one of the nfds descriptors in fds is readable
 * (entries < 0 are ignored); bit i of *ready is then set for fds[i]. So
 * the input and, say, a worker thread's pipe can sit beside curl's
 * sockets. Returns 0, or -1 with err. */
int http_wait(struct http *h, long timeout_ms, const int *fds, size_t nfds, unsigned *ready, char *err,
	      size_t errlen);
/* The next finished request, or NULL. A finished request is detached from
 * the library: the caller may free it or start it again. */
struct http_req *http_done(struct http *h);
/* Requests started and not yet handed back by http_done(). */
size_t http_running(const struct http *h);
/* Releases what a finished request holds (resp, private state). */
void http_req_release(struct http_req *r);

/* Parses a Retry-After value (delta-seconds or an HTTP date) into ms from
 * now; -1 when it is neither. now is the wall clock (time(NULL)). */
long http_parse_retry_after(const char *v, size_t n, long long now);

#endif
