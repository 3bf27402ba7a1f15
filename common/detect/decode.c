/*
 * decode.c: --decode. Finds base64 (standard or URL-safe, 16+ characters),
 * hex (16+ digits, even length, optional 0x) and percent-encoded substrings,
 * decodes them, and runs the built-in detectors over the decoded bytes. A
 * finding is reported at the span of the encoded substring in the original
 * (for percent-encoding, the encoded bytes that produced the finding, since
 * that encoding is local), with `decoded` naming the encoding.
 *
 * Decoded text is scanned with decode off: one level, so a hostile input of
 * nested encodings costs one extra pass, not a recursion. Binary results
 * (hashes, keys, random IDs decode to bytes, not text) are skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "core/b64.h"
#include "detect/detect_int.h"

static int hexval(unsigned char ch)
{
	return ch <= '9' ? ch - '0' : (ch | 0x20) - 'a' + 10;
}

/* "Mostly printable text": at least 90% printable ASCII or whitespace.
 * UTF-8 text in base64 is rarer than binary that happens to decode, so
 * high bytes do not count as printable. */
static int textlike(const unsigned char *d, size_t n)
{
	if (n < 6)
		return 0;
	size_t ok = 0;
	for (size_t i = 0; i < n; i++)
		ok += (d[i] >= 0x20 && d[i] < 0x7f) || d[i] == '\t' || d[i] == '\n' || d[i] == '\r';
	return ok * 10 >= n * 9;
}

struct dec {
	const struct detect_opts *inner;
	struct detect_list tmp;
	unsigned char *buf;
	size_t *map;
	size_t cap;
	struct detect_list *out;
};

static void dec_reserve(struct dec *d, size_t n)
{
	if (n <= d->cap)
		return;
	unsigned char *b = realloc(d->buf, n);
	size_t *m = b ? realloc(d->map, n * sizeof(*m)) : NULL;
	if (!b || !m)
		abort();
	d->buf = b;
	d->map = m;
	d->cap = n;
}

/* Scans d->buf[0, dl) and reports every finding at [a, b). */
static void dec_report_span(struct dec *d, size_t dl, size_t a, size_t b, const char *tag)
{
	d->tmp.n = 0;
	detect_scan((const char *)d->buf, dl, d->inner, &d->tmp);
	for (size_t i = 0; i < d->tmp.n; i++) {
		struct detect_finding f = d->tmp.v[i];
		f.start = a;
		f.end = b;
		f.decoded = tag;
		detect_list_push(d->out, &f);
	}
}

static void scan_b64_hex(struct dec *d, const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (!DT_IS(s[i], DT_B64 | DT_URL64)) {
			i++;
			continue;
		}
		size_t a = i;
		while (i < n && DT_IS(s[i], DT_B64 | DT_URL64))
			i++;
		size_t b = i, eq = 0;
		while (i < n && s[i] == '=' && eq < 2) {
			i++;
			eq++;
		}
		if (b - a < 16)
			continue;
		size_t ha = a;
		if (s[a] == '0' && (s[a + 1] == 'x' || s[a + 1] == 'X'))
			ha = a + 2;
		size_t k = ha;
		while (k < b && DT_IS(s[k], DT_HEX))
			k++;
		if (k == b && (b - ha) % 2 == 0 && b - ha >= 16 && !eq) {
			size_t dl = (b - ha) / 2;
			dec_reserve(d, dl);
			for (size_t q = 0; q < dl; q++)
				d->buf[q] = (unsigned char)(hexval(s[ha + 2 * q]) << 4 | hexval(s[ha + 2 * q + 1]));
			if (textlike(d->buf, dl))
				dec_report_span(d, dl, a, b, "hex");
			continue;
		}
		dec_reserve(d, (i - a) / 4 * 3 + 3);
		long dl = b64_decode_raw(s + a, i - a, d->buf);
		if (dl > 0 && textlike(d->buf, (size_t)dl))
			dec_report_span(d, (size_t)dl, a, i, "base64");
	}
}

static int pct_stop(unsigned char ch)
{
	return ch <= ' ' || ch == '"' || ch == '\'' || ch == '<' || ch == '>' || ch == '`' || ch == 0x7f;
}

static void scan_percent(struct dec *d, const unsigned char *s, size_t n)
{
	size_t pos = 0;
	const unsigned char *q;
	while (pos < n && (q = memchr(s + pos, '%', n - pos))) {
		size_t p = (size_t)(q - s);
		if (p + 2 >= n || !DT_IS(s[p + 1], DT_HEX) || !DT_IS(s[p + 2], DT_HEX)) {
			pos = p + 1;
			continue;
		}
		size_t a = p, b = p;
		while (a > pos && !pct_stop(s[a - 1]))
			a--;
		while (b < n && !pct_stop(s[b]))
			b++;
		dec_reserve(d, b - a);
		size_t dl = 0;
		for (size_t j = a; j < b;) {
			d->map[dl] = j;
			if (s[j] == '%' && j + 2 < b && DT_IS(s[j + 1], DT_HEX) && DT_IS(s[j + 2], DT_HEX)) {
				d->buf[dl++] = (unsigned char)(hexval(s[j + 1]) << 4 | hexval(s[j + 2]));
				j += 3;
			} else {
				d->buf[dl++] = s[j++];
			}
		}
		d->tmp.n = 0;
		detect_scan((const char *)d->buf, dl, d->inner, &d->tmp);
		for (size_t i = 0; i < d->tmp.n; i++) {
			struct detect_finding f = d->tmp.v[i];
			size_t sa = d->map[f.start], sb = f.end < dl ? d->map[f.end] : b;
			/* Findings with no escape inside were found by the plain scan. */
			if (!memchr(s + sa, '%', sb - sa))
				continue;
			f.start = sa;
			f.end = sb;
			f.decoded = "percent";
			detect_list_push(d->out, &f);
		}
		pos = b;
	}
}

void dt_decode_scan(const char *s, size_t n, const struct detect_opts *o,
		    struct detect_list *out)
{
	struct detect_opts inner = { o ? o->disabled : 0, 0, o ? o->placeholders : NULL,
				     o ? o->phone_regions : NULL };
	struct dec d;
	memset(&d, 0, sizeof(d));
	d.inner = &inner;
	d.out = out;
	scan_b64_hex(&d, (const unsigned char *)s, n);
	scan_percent(&d, (const unsigned char *)s, n);
	detect_list_release(&d.tmp);
	free(d.buf);
	free(d.map);
}
