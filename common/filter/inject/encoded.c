/*
 * encoded.c: payloads that hide an injection behind an encoding.
 *
 * Candidates: base64 (standard or URL-safe, 20+ characters, both letter
 * cases), hex (16+ digits, optionally 0x, or 8+ space-separated pairs),
 * \xNN and \uNNNN escapes (6+), HTML numeric entities (6+), and
 * percent-encoding (3+ %XX in one run of non-space characters). Each is
 * decoded; when the result is text (valid UTF-8, almost all printable), the
 * whole scan runs on it one level deeper and, if that scores, an
 * encoded_payload finding spans the encoded bytes with the decoded text as
 * detail. Hashes, keys and images decode to binary and are skipped without
 * a scan.
 *
 * ROT13 and reversed text look like ordinary bytes, so they are only tried
 * when the text says so ("rot13", "reverse", "backwards"); the whole text is
 * then transformed and scanned.
 *
 * Depth is bounded (IJ_MAX_DEPTH), so nesting costs one pass per level.
 */
#include <stdlib.h>
#include <string.h>

#include "core/b64.h"
#include "core/json.h"
#include "filter/inject/inject_int.h"

#define MIN_INNER 0.25

/* Byte classes, computed rather than tabled: both compile to a few
 * compares the optimiser turns into range checks. */
static inline int b64c(unsigned char c)
{
	return (unsigned char)((c | 0x20) - 'a') < 26 || (unsigned char)(c - '0') < 10 || c == '+' ||
	       c == '/' || c == '-' || c == '_';
}

static inline int hexv(unsigned char c)
{
	if ((unsigned char)(c - '0') < 10)
		return c - '0';
	c |= 0x20;
	if ((unsigned char)(c - 'a') < 6)
		return c - 'a' + 10;
	return -1;
}

/* Text, not binary: valid UTF-8 and at least 90% printable. */
static int texty(const char *p, size_t n)
{
	if (n < 6 || json_utf8_valid_prefix(p, n) != n)
		return 0;
	size_t bad = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c < 0x20 && c != '\n' && c != '\r' && c != '\t')
			bad++;
	}
	return bad * 10 <= n;
}

static void consider(const struct ij_text *t, struct inject_list *out, int depth, const char *name,
		     size_t a, size_t e, const char *dec, size_t dn)
{
	if (!texty(dec, dn))
		return;
	const char *top = NULL;
	double sc = ij_inner_score(dec, dn, depth + 1, &top);
	if (sc < MIN_INNER)
		return;
	struct buf d = BUF_INIT;
	buf_printf(&d, "%s/%s: ", name, top ? top : "?");
	buf_put(&d, dec, dn);
	ij_push(out, "encoded_payload", a, e, sc, d.p, d.len);
	buf_release(&d);
	(void)t;
}

static void hex_pairs(const struct ij_text *t, struct inject_list *out, int depth, struct buf *dec,
		      size_t a, size_t *resume)
{
	/* pairs separated by single spaces: "69 67 6e 6f ..." */
	const char *s = t->s;
	size_t n = t->n, j = a, pairs = 0;
	buf_reset(dec);
	while (j + 2 <= n && hexv((unsigned char)s[j]) >= 0 && hexv((unsigned char)s[j + 1]) >= 0 &&
	       (j + 2 == n || !b64c((unsigned char)s[j + 2]))) {
		buf_putc(dec, (char)(hexv((unsigned char)s[j]) * 16 + hexv((unsigned char)s[j + 1])));
		pairs++;
		j += 2;
		if (j < n && s[j] == ' ')
			j++;
		else
			break;
	}
	if (pairs >= 8) {
		size_t e = j;
		while (e > a && s[e - 1] == ' ')
			e--;
		consider(t, out, depth, "hex", a, e, dec->p, dec->len);
		*resume = j;
	}
}

/* One pass over runs of base64-alphabet bytes: each long run is tried as
 * base64, an all-hex run as hex, and a two-digit run may open hex pairs. */
static void runs(const struct ij_text *t, struct inject_list *out, int depth, struct buf *dec)
{
	const char *s = t->s;
	size_t n = t->n;
	for (size_t i = 0; i < n;) {
		if (!b64c((unsigned char)s[i])) {
			i++;
			continue;
		}
		size_t a = i;
		while (i < n && b64c((unsigned char)s[i]))
			i++;
		size_t body = i - a;
		/* ordinary words end here: nothing below applies to them */
		if (body != 2 && body < 16)
			continue;
		int up = 0, lo = 0, hex = 1;
		for (size_t k = a; k < i; k++) {
			unsigned char c = (unsigned char)s[k];
			up |= (unsigned char)(c - 'A') < 26;
			lo |= (unsigned char)(c - 'a') < 26;
			hex &= hexv(c) >= 0;
		}
		if (body == 2 && hex && i < n && s[i] == ' ') {
			size_t resume = i;
			hex_pairs(t, out, depth, dec, a, &resume);
			i = resume;
			continue;
		}
		/* 0x-prefixed hex */
		size_t ha = a;
		if (!hex && body > 2 && s[a] == '0' && (s[a + 1] == 'x' || s[a + 1] == 'X')) {
			hex = 1;
			for (size_t k = a + 2; k < i && hex; k++)
				hex = hexv((unsigned char)s[k]) >= 0;
			ha = a + 2;
		}
		if (hex && i - ha >= 16 && !((i - ha) & 1)) {
			buf_reset(dec);
			for (size_t k = ha; k < i; k += 2)
				buf_putc(dec, (char)(hexv((unsigned char)s[k]) * 16 + hexv((unsigned char)s[k + 1])));
			consider(t, out, depth, "hex", ha, i, dec->p, dec->len);
			continue;
		}
		if (body < 20 || !up || !lo)
			continue;
		while (i < n && s[i] == '=' && i - a - body < 2)
			i++;
		/* a word glued to the front ("decode:SGVs...") or trailing junk
		 * makes the length impossible; trim up to 3 bytes */
		for (size_t cut = 0; cut < 4 && cut < body; cut++) {
			buf_reset(dec);
			if (b64_decode(dec, s + a, body - cut) == 0 && texty(dec->p, dec->len)) {
				consider(t, out, depth, "base64", a, i, dec->p, dec->len);
				break;
			}
		}
	}
}

/* \xNN, \uNNNN (with surrogate pairs) and &#N; / &#xN; sequences. */
static void escapes(const struct ij_text *t, struct inject_list *out, int depth, struct buf *dec)
{
	const char *s = t->s;
	size_t n = t->n;
	for (size_t i = 0; i < n; i++) {
		/* jump to the next backslash or ampersand */
		const char *bs = memchr(s + i, '\\', n - i), *am = memchr(s + i, '&', n - i);
		if (!bs && !am)
			break;
		i = (size_t)((bs && (!am || bs < am) ? bs : am) - s);
		size_t a = i, j = i, count = 0;
		uint32_t hi = 0;
		buf_reset(dec);
		for (;;) {
			uint32_t cp = 0;
			size_t k = j;
			if (k + 3 < n + 0 && s[k] == '\\' && (s[k + 1] == 'x' || s[k + 1] == 'X') &&
			    hexv((unsigned char)s[k + 2]) >= 0 && hexv((unsigned char)s[k + 3]) >= 0) {
				cp = (uint32_t)(hexv((unsigned char)s[k + 2]) * 16 + hexv((unsigned char)s[k + 3]));
				k += 4;
				buf_putc(dec, (char)cp); /* a byte, UTF-8 or not */
			} else if (k + 5 < n && s[k] == '\\' && s[k + 1] == 'u' &&
				   hexv((unsigned char)s[k + 2]) >= 0 && hexv((unsigned char)s[k + 3]) >= 0 &&
				   hexv((unsigned char)s[k + 4]) >= 0 && hexv((unsigned char)s[k + 5]) >= 0) {
				for (int q = 2; q < 6; q++)
					cp = cp * 16 + (uint32_t)hexv((unsigned char)s[k + q]);
				k += 6;
				if (cp >= 0xD800 && cp <= 0xDBFF) {
					hi = cp;
				} else {
					if (cp >= 0xDC00 && cp <= 0xDFFF)
						cp = hi ? 0x10000 + ((hi - 0xD800) << 10) + (cp - 0xDC00) : 0xFFFD;
					hi = 0;
					char u[4];
					buf_put(dec, u, ij_utf8_put(u, cp));
				}
			} else if (k + 3 < n && s[k] == '&' && s[k + 1] == '#') {
				size_t q = k + 2;
				int hex = q < n && (s[q] == 'x' || s[q] == 'X');
				q += (size_t)hex;
				size_t d0 = q;
				while (q < n && q - d0 < 7 && (hex ? hexv((unsigned char)s[q]) >= 0 : (s[q] >= '0' && s[q] <= '9'))) {
					cp = cp * (hex ? 16 : 10) + (uint32_t)hexv((unsigned char)s[q]);
					q++;
				}
				if (q == d0 || q >= n || s[q] != ';' || cp > 0x10FFFF)
					break;
				k = q + 1;
				char u[4];
				buf_put(dec, u, ij_utf8_put(u, cp));
			} else {
				break;
			}
			count++;
			j = k;
		}
		if (count >= 6) {
			consider(t, out, depth, "escapes", a, j, dec->p, dec->len);
			i = j - 1;
		}
	}
}

static void percent(const struct ij_text *t, struct inject_list *out, int depth, struct buf *dec)
{
	const char *s = t->s;
	size_t n = t->n;
	const char *p = memchr(s, '%', n);
	while (p) {
		size_t at = (size_t)(p - s);
		/* the run of non-space bytes around the first % */
		size_t a = at, e = at;
		while (a > 0 && s[a - 1] != ' ' && s[a - 1] != '\n' && s[a - 1] != '\t' && s[a - 1] != '"')
			a--;
		while (e < n && s[e] != ' ' && s[e] != '\n' && s[e] != '\t' && s[e] != '"')
			e++;
		size_t count = 0;
		buf_reset(dec);
		for (size_t i = a; i < e; i++) {
			if (s[i] == '%' && i + 2 < e + 1 && i + 2 < n &&
			    hexv((unsigned char)s[i + 1]) >= 0 && hexv((unsigned char)s[i + 2]) >= 0) {
				buf_putc(dec, (char)(hexv((unsigned char)s[i + 1]) * 16 + hexv((unsigned char)s[i + 2])));
				i += 2;
				count++;
			} else {
				buf_putc(dec, s[i] == '+' ? ' ' : s[i]);
			}
		}
		if (count >= 3)
			consider(t, out, depth, "percent", a, e, dec->p, dec->len);
		p = e < n ? memchr(s + e, '%', n - e) : NULL;
	}
}

/* Does a token start with one of words (folded)? */
static int mentions(const struct ij_text *t, const char *const *words)
{
	for (size_t i = 0; i < t->ntok; i++) {
		const char *p = t->norm.p + t->tok[i].off;
		for (const char *const *w = words; *w; w++) {
			size_t wl = strlen(*w);
			if (p[0] == (*w)[0] && t->tok[i].len >= wl && memcmp(p, *w, wl) == 0)
				return 1;
		}
	}
	return 0;
}

static void whole_text(const struct ij_text *t, struct inject_list *out, int depth, struct buf *dec)
{
	/* folded spellings: 'l' reads as 'i', and digits in a word as letters */
	static const char *const ROT[] = { "rotie", "caesar", NULL };
	static const char *const REV[] = { "revers", "backward", "mirror", NULL };
	int rot = mentions(t, ROT);
	/* "rot 13", "ROT-13": two tokens */
	for (size_t i = 0; !rot && i + 1 < t->ntok; i++)
		rot = t->tok[i].len == 3 && memcmp(t->norm.p + t->tok[i].off, "rot", 3) == 0 &&
		      t->tok[i + 1].len == 2 && memcmp(t->norm.p + t->tok[i + 1].off, "13", 2) == 0;
	if (rot) {
		buf_reset(dec);
		for (size_t i = 0; i < t->n; i++) {
			char c = t->s[i];
			if (c >= 'a' && c <= 'z')
				c = (char)('a' + (c - 'a' + 13) % 26);
			else if (c >= 'A' && c <= 'Z')
				c = (char)('A' + (c - 'A' + 13) % 26);
			buf_putc(dec, c);
		}
		consider(t, out, depth, "rot13", 0, t->n, dec->p, dec->len);
	}
	if (mentions(t, REV)) {
		buf_reset(dec);
		buf_grow(dec, t->n);
		size_t o = t->n;
		for (size_t i = 0; i < t->n;) {
			size_t j = i;
			(void)ij_utf8_next(t->s, t->n, &j);
			o -= j - i;
			memcpy(dec->p + o, t->s + i, j - i);
			i = j;
		}
		dec->len = t->n;
		dec->p[dec->len] = '\0';
		consider(t, out, depth, "reversed", 0, t->n, dec->p, dec->len);
	}
}

void ij_encoded(const struct ij_text *t, struct inject_list *out, int depth)
{
	struct buf dec = BUF_INIT;
	runs(t, out, depth, &dec);
	escapes(t, out, depth, &dec);
	percent(t, out, depth, &dec);
	whole_text(t, out, depth, &dec);
	buf_release(&dec);
}
