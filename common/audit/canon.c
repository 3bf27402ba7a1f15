/*
 * canon: canonical JSON writer for envelopes; see canon.h for the form.
 */
#include "audit/canon.h"

#include <assert.h>
#include <inttypes.h>
#include <string.h>

#include "core/hash.h"
#include "core/json.h"

void canon_begin(struct canon *c, struct buf *out)
{
	c->out = out;
	c->last_key = NULL;
	c->n = 0;
	buf_putc(out, '{');
}

static void key(struct canon *c, const char *k)
{
	assert(!c->last_key || strcmp(c->last_key, k) < 0);
	c->last_key = k;
	if (c->n++)
		buf_putc(c->out, ',');
	canon_string(c->out, k, strlen(k));
	buf_putc(c->out, ':');
}

void canon_string(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	buf_grow(out, n + 2);
	buf_putc(out, '"');
	size_t run = 0, i = 0;
	/* Most strings need no escape: find the first byte that does. */
	while (i < n && (unsigned char)s[i] >= 0x20 && s[i] != '"' && s[i] != '\\')
		i++;
	for (; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch >= 0x20 && ch != '"' && ch != '\\')
			continue;
		buf_put(out, s + run, i - run);
		run = i + 1;
		char e[7] = { '\\', 0 };
		switch (ch) {
		case '"': e[1] = '"'; break;
		case '\\': e[1] = '\\'; break;
		case '\b': e[1] = 'b'; break;
		case '\t': e[1] = 't'; break;
		case '\n': e[1] = 'n'; break;
		case '\f': e[1] = 'f'; break;
		case '\r': e[1] = 'r'; break;
		default:
			memcpy(e + 1, "u00", 3);
			e[4] = hex[ch >> 4];
			e[5] = hex[ch & 15];
			buf_put(out, e, 6);
			continue;
		}
		buf_put(out, e, 2);
	}
	buf_put(out, s + run, n - run);
	buf_putc(out, '"');
}

int canon_str(struct canon *c, const char *k, const char *s, size_t n)
{
	if (json_utf8_valid_prefix(s, n) != n)
		return -1;
	key(c, k);
	canon_string(c->out, s, n);
	return 0;
}

void canon_int(struct canon *c, const char *k, int64_t v)
{
	key(c, k);
	buf_printf(c->out, "%" PRId64, v);
}

void canon_hex(struct canon *c, const char *k, const unsigned char *bin, size_t n)
{
	key(c, k);
	buf_putc(c->out, '"');
	buf_grow(c->out, 2 * n + 1);
	hash_hex(bin, n, c->out->p + c->out->len);
	c->out->len += 2 * n;
	buf_putc(c->out, '"');
}

void canon_end(struct canon *c)
{
	buf_putc(c->out, '}');
}
