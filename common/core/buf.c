/*
 * buf: growable byte buffer; see buf.h for the invariant.
 */
#include "core/buf.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>

static void buf_oom(size_t want)
{
	fprintf(stderr, "error: out of memory (wanted %zu bytes)\n", want);
	abort();
}

void buf_init(struct buf *b)
{
	b->p = NULL;
	b->len = b->cap = 0;
}

void buf_release(struct buf *b)
{
	free(b->p);
	buf_init(b);
}

void buf_grow(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need < b->len) /* overflow */
		buf_oom(SIZE_MAX);
	if (need <= b->cap)
		return;
	size_t ncap = b->cap ? b->cap : 64;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2) {
			ncap = need;
			break;
		}
		ncap *= 2;
	}
	char *np = realloc(b->p, ncap);
	if (!np)
		buf_oom(ncap);
	b->p = np;
	b->cap = ncap;
	b->p[b->len] = '\0';
}


void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	buf_grow(b, 64);
	int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= b->cap - b->len) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *buf_detach(struct buf *b, size_t *len)
{
	if (!b->p)
		buf_grow(b, 0);
	char *p = b->p;
	if (len)
		*len = b->len;
	buf_init(b);
	return p;
}

void buf_putu(struct buf *b, unsigned long long v)
{
	char d[24], *e = d + sizeof(d), *q = e;
	do
		*--q = (char)('0' + v % 10);
	while ((v /= 10));
	buf_put(b, q, (size_t)(e - q));
}

void buf_put_fixed2(struct buf *b, double v)
{
	/* A direct-mapped cache of the formatted form, keyed by the bits of
	 * the double: the text is whatever printf gave for those bits. */
	static _Thread_local struct {
		unsigned long long bits;
		unsigned char len, used;
		char s[30];
	} cache[8];
	unsigned long long bits;
	memcpy(&bits, &v, sizeof(bits));
	unsigned slot = (unsigned)((bits >> 40) ^ (bits >> 20) ^ bits) & 7;
	if (!cache[slot].used || cache[slot].bits != bits) {
		int n = snprintf(cache[slot].s, sizeof(cache[slot].s), "%.2f", v);
		if (n < 0 || (size_t)n >= sizeof(cache[slot].s)) {
			buf_printf(b, "%.2f", v); /* huge values: not cached */
			return;
		}
		cache[slot].bits = bits;
		cache[slot].len = (unsigned char)n;
		cache[slot].used = 1;
	}
	buf_put(b, cache[slot].s, cache[slot].len);
}
