/*
 * sse: Server-Sent Events, incrementally; see sse.h.
 */
#include "infer/provider/sse.h"

#include <stdio.h>
#include <string.h>

void sse_init(struct sse *s)
{
	memset(s, 0, sizeof(*s));
}

void sse_release(struct sse *s)
{
	buf_release(&s->line);
	buf_release(&s->data);
}

/* One complete line (without its end). */
static int sse_line(struct sse *s, const char *l, size_t n, sse_event_fn fn, void *ctx)
{
	if (n == 0) {
		/* A blank line dispatches the event, if it had data. */
		int rc = 0;
		if (s->has_data)
			rc = fn(ctx, s->event[0] ? s->event : "message", s->data.p ? s->data.p : "", s->data.len);
		buf_reset(&s->data);
		s->event[0] = '\0';
		s->has_data = 0;
		return rc;
	}
	if (l[0] == ':')
		return 0;
	const char *colon = memchr(l, ':', n);
	size_t fl = colon ? (size_t)(colon - l) : n;
	const char *v = colon ? colon + 1 : l + n;
	size_t vn = colon ? n - fl - 1 : 0;
	if (vn && *v == ' ')
		v++, vn--;
	if (fl == 4 && !memcmp(l, "data", 4)) {
		if (s->data.len + vn + 1 > SSE_MAX_EVENT)
			return -1;
		if (s->has_data)
			buf_putc(&s->data, '\n');
		buf_put(&s->data, v, vn);
		s->has_data = 1;
	} else if (fl == 5 && !memcmp(l, "event", 5)) {
		size_t k = vn < sizeof(s->event) - 1 ? vn : sizeof(s->event) - 1;
		memcpy(s->event, v, k);
		s->event[k] = '\0';
	}
	return 0;
}

int sse_feed(struct sse *s, const char *p, size_t n, sse_event_fn fn, void *ctx)
{
	if (s->failed)
		return -1;
	const char *end = p + n;
	while (p < end) {
		if (s->cr) {
			s->cr = 0;
			if (*p == '\n') {
				p++;
				continue;
			}
		}
		const char *q = p;
		while (q < end && *q != '\n' && *q != '\r')
			q++;
		if (q == end) {
			if (s->line.len + (size_t)(q - p) > SSE_MAX_EVENT) {
				s->failed = 1;
				return -1;
			}
			buf_put(&s->line, p, (size_t)(q - p));
			break;
		}
		int rc;
		if (s->line.len) {
			if (s->line.len + (size_t)(q - p) > SSE_MAX_EVENT) {
				s->failed = 1;
				return -1;
			}
			buf_put(&s->line, p, (size_t)(q - p));
			rc = sse_line(s, s->line.p, s->line.len, fn, ctx);
			buf_reset(&s->line);
		} else {
			rc = sse_line(s, p, (size_t)(q - p), fn, ctx);
		}
		if (rc < 0) {
			s->failed = 1;
			return -1;
		}
		s->cr = *q == '\r';
		p = q + 1;
	}
	return 0;
}
