/*
 * b64: base64 codec; see b64.h.
 */
#include "core/b64.h"

#include <stdint.h>

static const char enc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void b64_encode(struct buf *out, const void *vp, size_t n)
{
	const unsigned char *p = vp;
	buf_grow(out, (n + 2) / 3 * 4);
	size_t i = 0;
	for (; i + 3 <= n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		char t[4] = { enc[v >> 18], enc[(v >> 12) & 63], enc[(v >> 6) & 63], enc[v & 63] };
		buf_put(out, t, 4);
	}
	if (n - i == 1) {
		uint32_t v = (uint32_t)p[i] << 16;
		char t[4] = { enc[v >> 18], enc[(v >> 12) & 63], '=', '=' };
		buf_put(out, t, 4);
	} else if (n - i == 2) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		char t[4] = { enc[v >> 18], enc[(v >> 12) & 63], enc[(v >> 6) & 63], '=' };
		buf_put(out, t, 4);
	}
}

static int dec(unsigned char c)
{
	if (c >= 'A' && c <= 'Z') return c - 'A';
	if (c >= 'a' && c <= 'z') return c - 'a' + 26;
	if (c >= '0' && c <= '9') return c - '0' + 52;
	if (c == '+' || c == '-') return 62;
	if (c == '/' || c == '_') return 63;
	return -1;
}

long b64_decode_raw(const void *src, size_t n, unsigned char *out)
{
	const unsigned char *s = src;
	while (n && s[n - 1] == '=')
		n--;
	if (n % 4 == 1)
		return -1;
	uint32_t acc = 0;
	int bits = 0;
	long o = 0;
	for (size_t i = 0; i < n; i++) {
		int v = dec(s[i]);
		if (v < 0)
			return -1;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)((acc >> bits) & 0xFF);
			acc &= (1u << bits) - 1;
		}
	}
	return o;
}

int b64_decode(struct buf *out, const char *s, size_t n)
{
	buf_grow(out, n / 4 * 3 + 3);
	long o = b64_decode_raw(s, n, (unsigned char *)out->p + out->len);
	if (o < 0)
		return -1;
	out->len += (size_t)o;
	out->p[out->len] = '\0';
	return 0;
}
