/*
 * unicode.c: invisible characters, from the list norm.c collected.
 *
 * tag_chars: U+E0020..E007E mirror ASCII and render as nothing, so a text
 * can carry a hidden instruction ("ASCII smuggling"). The one legitimate
 * use is an emoji subdivision flag: U+1F3F4, two to six tag letters or
 * digits, U+E007F (🏴󠁧󠁢󠁳󠁣󠁴󠁿 is gbsct). Such sequences are allowed; anything
 * else is reported with the hidden ASCII as detail.
 *
 * zero_width: ZWSP, ZWNJ, ZWJ, word joiner, invisible operators, a BOM
 * after the first byte, the Mongolian vowel separator. ZWJ between emoji
 * and ZWNJ/ZWJ next to Arabic-script or Indic letters (Persian needs ZWNJ)
 * are allowed. A stray ZWSP pasted from a web page scores low; one inside a
 * word, or long runs (binary steganography), score higher.
 *
 * bidi: embeddings, overrides and isolates outside right-to-left text
 * ("Trojan Source"). A right-to-left override displays the following text
 * reversed, so that text is also read reversed and scanned again.
 *
 * variation_selectors: runs of U+E0100..E01EF, which can hide one byte each
 * behind an emoji.
 */
#include <stdlib.h>

#include "filter/inject/inject_int.h"

static int is_tag(uint32_t cp)
{
	return cp >= 0xE0000 && cp <= 0xE007F;
}

static int is_zw(uint32_t cp)
{
	return (cp >= 0x200B && cp <= 0x200D) || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF ||
	       cp == 0x180E;
}

static int is_bidi(uint32_t cp)
{
	return cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

static int is_emoji(uint32_t cp)
{
	return (cp >= 0x2190 && cp <= 0x2BFF) || (cp >= 0x1F000 && cp <= 0x1FAFF) ||
	       cp == 0x2640 || cp == 0x2642 || cp == 0x2695 || cp == 0x2708 || cp == 0x2764 ||
	       cp == 0x00A9 || cp == 0x00AE || (cp >= 0x1F3FB && cp <= 0x1F3FF);
}

/* Scripts whose spelling uses ZWNJ/ZWJ. */
static int joins(uint32_t cp)
{
	return (cp >= 0x0600 && cp <= 0x08FF) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
	       (cp >= 0xFE70 && cp <= 0xFEFC) || (cp >= 0x0900 && cp <= 0x0DFF) ||
	       (cp >= 0x1000 && cp <= 0x109F) || (cp >= 0x1780 && cp <= 0x18AF) ||
	       (cp >= 0x0F00 && cp <= 0x0FFF);
}

/* Consecutive controls that touch each other form one run [k, *end). */
static size_t run_end(const struct ij_text *t, size_t k, int (*kind)(uint32_t))
{
	size_t j = k + 1;
	while (j < t->nctl && kind(t->ctl[j].cp) &&
	       t->ctl[j].off == t->ctl[j - 1].off + t->ctl[j - 1].len)
		j++;
	return j;
}

static void tags(const struct ij_text *t, struct inject_list *out)
{
	for (size_t k = 0; k < t->nctl;) {
		if (!is_tag(t->ctl[k].cp)) {
			k++;
			continue;
		}
		size_t e = run_end(t, k, is_tag);
		/* split the run after each CANCEL TAG: a flag ends there */
		size_t a = k;
		while (a < e) {
			size_t b = a;
			while (b < e && t->ctl[b].cp != 0xE007F)
				b++;
			int cancel = b < e;
			size_t seg_end = cancel ? b + 1 : b;
			size_t letters = b - a;
			int flag = a == k && t->ctl[a].prev == 0x1F3F4 && cancel && letters >= 2 &&
				   letters <= 6;
			for (size_t q = a; flag && q < b; q++) {
				uint32_t c = t->ctl[q].cp - 0xE0000;
				flag = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
			}
			if (!flag) {
				char *d = malloc(letters + 1);
				if (!d)
					abort();
				size_t dn = 0;
				for (size_t q = a; q < b; q++) {
					uint32_t c = t->ctl[q].cp - 0xE0000;
					d[dn++] = c >= 0x20 && c < 0x7F ? (char)c : '?';
				}
				d[dn] = '\0';
				size_t s0 = t->ctl[a].off;
				size_t s1 = t->ctl[seg_end - 1].off + t->ctl[seg_end - 1].len;
				ij_push(out, "tag_chars", s0, s1, dn >= 3 ? 0.9 : 0.6, d, dn);
				free(d);
			}
			a = seg_end;
		}
		k = e;
	}
}

static void zero_width(const struct ij_text *t, struct inject_list *out)
{
	for (size_t k = 0; k < t->nctl;) {
		uint32_t cp = t->ctl[k].cp;
		if (!is_zw(cp)) {
			k++;
			continue;
		}
		size_t e = run_end(t, k, is_zw);
		if (cp == 0xFEFF && t->ctl[k].off == 0 && e == k + 1) {
			k = e; /* a byte order mark */
			continue;
		}
		uint32_t prev = t->ctl[k].prev, next = t->ctl[e - 1].next;
		int allowed = 1;
		for (size_t q = k; q < e; q++) {
			uint32_t c = t->ctl[q].cp;
			if (c == 0x200D && (is_emoji(prev) || is_emoji(next) || joins(prev) || joins(next)))
				continue;
			if (c == 0x200C && (joins(prev) || joins(next)))
				continue;
			allowed = 0;
		}
		if (!allowed) {
			size_t len = e - k;
			int inword = ij_is_letter(prev) && ij_is_letter(next);
			double sc = inword ? 0.4 : 0.25;
			if (len >= 4)
				sc = 0.6;
			if (len >= 16)
				sc = 0.8;
			ij_push(out, "zero_width", t->ctl[k].off, t->ctl[e - 1].off + t->ctl[e - 1].len,
				sc, NULL, 0);
		}
		k = e;
	}
}

static void bidi(const struct ij_text *t, struct inject_list *out, int depth)
{
	for (size_t k = 0; k < t->nctl;) {
		if (!is_bidi(t->ctl[k].cp)) {
			k++;
			continue;
		}
		size_t e = run_end(t, k, is_bidi);
		double sc = 0;
		int rlo = 0;
		for (size_t q = k; q < e; q++) {
			uint32_t c = t->ctl[q].cp;
			double s;
			if (c == 0x202D || c == 0x202E)
				s = t->has_rtl ? 0.35 : 0.6;
			else if (c == 0x200E || c == 0x200F)
				s = t->has_rtl ? 0 : 0.2;
			else
				s = t->has_rtl ? 0 : 0.35;
			if (s > sc)
				sc = s;
			rlo |= c == 0x202E;
		}
		size_t s0 = t->ctl[k].off, s1 = t->ctl[e - 1].off + t->ctl[e - 1].len;
		char *shown = NULL;
		size_t shown_n = 0;
		if (rlo && depth < IJ_MAX_DEPTH) {
			/* what the reader sees: the text up to PDF or line end, reversed */
			size_t a = s1, b = a;
			while (b < t->n && t->s[b] != '\n') {
				if (b + 3 <= t->n && (unsigned char)t->s[b] == 0xE2 &&
				    (unsigned char)t->s[b + 1] == 0x80 && (unsigned char)t->s[b + 2] == 0xAC)
					break;
				b++;
			}
			shown = malloc(b - a + 1);
			if (!shown)
				abort();
			size_t o = b - a;
			for (size_t i = a; i < b;) {
				size_t j = i;
				(void)ij_utf8_next(t->s, b, &j);
				o -= j - i;
				for (size_t q = i; q < j; q++)
					shown[o + q - i] = t->s[q];
				i = j;
			}
			shown_n = b - a;
			shown[shown_n] = '\0';
			const char *top;
			double in = ij_inner_score(shown, shown_n, depth + 1, &top);
			if (in > sc)
				sc = in;
			s1 = b;
		}
		if (sc > 0)
			ij_push(out, "bidi", s0, s1, sc, shown, shown_n);
		free(shown);
		k = e;
	}
}

static int is_vs(uint32_t cp)
{
	return cp >= 0xE0100 && cp <= 0xE01EF;
}

static void selectors(const struct ij_text *t, struct inject_list *out)
{
	for (size_t k = 0; k < t->nctl;) {
		if (!is_vs(t->ctl[k].cp)) {
			k++;
			continue;
		}
		size_t e = run_end(t, k, is_vs);
		if (e - k >= 4) {
			/* VS17..VS256 carry bytes 16..255 */
			char *d = malloc(e - k + 1);
			if (!d)
				abort();
			size_t dn = 0;
			for (size_t q = k; q < e; q++) {
				uint32_t b = t->ctl[q].cp - 0xE0100 + 16;
				d[dn++] = b >= 0x20 && b < 0x7F ? (char)b : '?';
			}
			ij_push(out, "variation_selectors", t->ctl[k].off,
				t->ctl[e - 1].off + t->ctl[e - 1].len, 0.6, d, dn);
			free(d);
		}
		k = e;
	}
}

void ij_unicode(const struct ij_text *t, struct inject_list *out, int depth)
{
	if (!t->nctl)
		return;
	tags(t, out);
	zero_width(t, out);
	bidi(t, out, depth);
	selectors(t, out);
}
