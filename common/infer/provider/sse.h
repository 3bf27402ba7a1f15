/*
 * sse: an incremental parser for Server-Sent Events (the WHATWG
 * EventSource format), as OpenAI and Anthropic stream their answers.
 *
 * Bytes go in as they arrive, cut anywhere (inside a line, inside a CRLF);
 * each complete event comes out through a callback with its type ("message"
 * when no `event:` line) and its data (the `data:` lines joined by "\n").
 * Lines end in "\n", "\r\n" or "\r"; ":" starts a comment; `id:` and
 * `retry:` are ignored (llm-infer never reconnects a stream). An event
 * longer than SSE_MAX_EVENT is an error, not an unbounded allocation.
 */
#ifndef LLM_SSE_H
#define LLM_SSE_H

#include <stddef.h>

#include "core/buf.h"

#define SSE_MAX_EVENT ((size_t)8 << 20)

/* Returns 0 to go on, -1 to stop (sse_feed then returns -1). */
typedef int (*sse_event_fn)(void *ctx, const char *event, const char *data, size_t n);

struct sse {
	struct buf line;   /* the line being read */
	struct buf data;   /* data of the event being read */
	char event[64];    /* its type, "" for the default */
	int has_data;
	int cr;            /* the last byte was '\r': a following '\n' is part of it */
	int failed;
};

void sse_init(struct sse *s);
void sse_release(struct sse *s);
/* Feeds bytes; calls fn per complete event. Returns 0, or -1 when fn asked
 * to stop or an event was too long (then every later call returns -1). */
int sse_feed(struct sse *s, const char *p, size_t n, sse_event_fn fn, void *ctx);

#endif
