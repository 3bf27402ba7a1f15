/*
 * buf: a growable byte buffer (git's strbuf, curl's dynbuf).
 *
 * Invariant: p is either NULL (len == cap == 0) or points to cap bytes with
 * p[len] == '\0', so the contents can always be handed to C string APIs.
 * Allocation failure aborts through buf_oom(): every caller would otherwise
 * have to thread an error path through code that cannot recover anyway.
 */
#ifndef LLM_BUF_H
#define LLM_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct buf {
	char *p;
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

void buf_init(struct buf *b);
void buf_release(struct buf *b);          /* frees p; b is BUF_INIT again */
void buf_grow(struct buf *b, size_t extra); /* room for len + extra + NUL */
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
char *buf_detach(struct buf *b, size_t *len); /* caller frees the result */
/* Per-record output without printf: the decimal digits of v, and v as
 * printf("%.2f") writes it (each thread remembers the last few values
 * formatted: scores come from a handful of constants). */
void buf_putu(struct buf *b, unsigned long long v);
void buf_put_fixed2(struct buf *b, double v);

static inline void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

/* In line: the output paths call these a dozen times a record, and with
 * a literal the compiler knows strlen() at compile time. */
static inline void buf_put(struct buf *b, const void *data, size_t n)
{
	if (b->len + n + 1 > b->cap)
		buf_grow(b, n);
	if (n)
		memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static inline void buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

static inline void buf_putc(struct buf *b, char c)
{
	if (b->len + 1 >= b->cap)
		buf_grow(b, 1);
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

/* Shrinks to n bytes (n <= len). */
static inline void buf_truncate(struct buf *b, size_t n)
{
	if (n < b->len) {
		b->len = n;
		b->p[n] = '\0';
	}
}

#endif
