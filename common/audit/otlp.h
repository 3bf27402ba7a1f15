/*
 * otlp: an OpenTelemetry exporter of traces over OTLP/HTTP with JSON
 * bodies (opentelemetry-proto's JSON mapping: ids in lower-case hex, 64-bit
 * integers as strings), one resourceSpans per request, posted with libcurl
 * to URL/v1/traces (URL used as it is when it already ends so).
 *
 * Spans are added one at a time and sent in batches of at most batch
 * spans. A request that gets 429, 502, 503 or 504 (or no answer) is tried
 * again after an exponential backoff, or after the collector's
 * Retry-After when that is longer (capped); any other answer but 2xx
 * fails the export. Library rules: 0 / -1 with a message in err; nothing
 * printed.
 */
#ifndef LLM_AUDIT_OTLP_H
#define LLM_AUDIT_OTLP_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define OTLP_BATCH_DEFAULT 512
#define OTLP_BATCH_MAX 100000
#define OTLP_TRIES 5             /* attempts per request */
#define OTLP_BACKOFF_MS 500      /* before the first retry; doubles, up to the cap */
#define OTLP_BACKOFF_CAP_MS 30000
#define OTLP_RETRY_AFTER_CAP_MS 60000

struct otlp;

struct otlp_stats {
	uint64_t spans;     /* sent and accepted */
	uint64_t requests;  /* requests that succeeded */
	uint64_t retries;   /* requests tried again */
	uint64_t rejected;  /* spans the collector said it rejected (partial success) */
};

/*
 * url: the collector (http:// or https://). resource: the members of the
 * resource's attributes array, already JSON ("" for none). scope: the
 * instrumentation scope's name. backoff_ms: the first retry's wait
 * (0: OTLP_BACKOFF_MS).
 */
struct otlp *otlp_new(const char *url, const char *resource, const char *scope, size_t batch, long backoff_ms,
		      char *err, size_t errlen);
void otlp_free(struct otlp *o);

/* The buffer to write one span object into ({...}, nothing else), then
 * otlp_span_end(), which sends a full batch. */
struct buf *otlp_span_begin(struct otlp *o);
int otlp_span_end(struct otlp *o, char *err, size_t errlen);
/* Sends what is left. */
int otlp_flush(struct otlp *o, char *err, size_t errlen);
const struct otlp_stats *otlp_stats(const struct otlp *o);

/* Members of an attributes array: ,{"key":..,"value":{..}} (the leading
 * comma only when b does not end with '[' already). */
void otlp_attr_str(struct buf *b, const char *key, const char *s, size_t n);
void otlp_attr_int(struct buf *b, const char *key, int64_t v);
void otlp_attr_double(struct buf *b, const char *key, double v);
void otlp_attr_str_list(struct buf *b, const char *key, const char *s, size_t n); /* a list of one */

/* Hex ids of the given byte length (16 for a trace, 8 for a span), never
 * all zeros (an invalid id): derived from the bytes of what (SHA-256). */
void otlp_id_hex(const void *what, size_t n, size_t len, char *hex);

#endif
