/*
 * fold.c: folds UTF-8 text for the detectors (see fold.h for what folding
 * does and the span map it keeps).
 *
 * The Unicode knowledge is utf8proc's (categories, the default-ignorable
 * property, compatibility decompositions, mark stripping, lumping of dashes
 * and spaces); the one table kept here is fold_confusable's short list of
 * letters that are not Latin but are typed for Latin ones to get a value
 * past a detector. utf8proc has no confusables data, and the full Unicode
 * confusables list would fold ordinary Greek and Cyrillic words.
 *
 * Only what can hide an ASCII value changes; text in other scripts stays
 * byte for byte (a Russian, Hindi or Japanese sentence folds to itself),
 * which is also what keeps folding cheap: fold_text() copies nothing until
 * the first code point that changes.
 */
#include <assert.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "detect/fold.h"

/* Compatibility decomposition, marks stripped, spaces and dashes lumped.
 * A result that is all ASCII replaces the code point; any other result
 * leaves it as it was. */
#define FOLD_OPTS (UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK | \
		   UTF8PROC_LUMP | UTF8PROC_IGNORE)

/* First byte >= 0x80 in s[i, n), or n. Most text is long runs of ASCII:
 * 32 bytes a step through SSE2's movemask (the high bit of each byte is
 * exactly the test), then 8 at a time, then bytes. */
static size_t skip_ascii(const unsigned char *s, size_t i, size_t n)
{
#if defined(__SSE2__)
	for (; i + 32 <= n; i += 32) {
		__m128i a = _mm_loadu_si128((const __m128i *)(s + i));
		__m128i b = _mm_loadu_si128((const __m128i *)(s + i + 16));
		unsigned m = (unsigned)_mm_movemask_epi8(a) | (unsigned)_mm_movemask_epi8(b) << 16;
		if (m)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	const uint64_t hi = UINT64_C(0x8080808080808080);
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if (w & hi) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return i + (size_t)__builtin_ctzll(w & hi) / 8;
#else
			break;
#endif
		}
	}
	while (i < n && s[i] < 0x80)
		i++;
	return i;
}

size_t fold_first_change(const char *s, size_t n)
{
	if (n >= UINT32_MAX)
		return n; /* the map is 32-bit; such a string is scanned as it is */
	return skip_ascii((const unsigned char *)s, 0, n);
}

int fold_needed(const char *s, size_t n)
{
	return fold_first_change(s, n) < n;
}

/*
 * Greek and Cyrillic letters typed for Latin ones: the capitals drawn like
 * Latin capitals, the small letters drawn like Latin small letters in common
 * fonts. Kept short: each entry must read as its Latin letter to anyone.
 * fold_text() uses them only inside a word that also holds an ASCII letter
 * or digit ("GВ82…", "АКIA…"), so Greek and Russian words stay as written.
 */
static uint32_t fold_confusable(uint32_t cp)
{
	static const struct {
		uint16_t cp;
		char to;
	} tab[] = { /* sorted by code point */
		/* Greek */
		{ 0x391, 'A' }, { 0x392, 'B' }, { 0x395, 'E' }, { 0x396, 'Z' }, { 0x397, 'H' },
		{ 0x399, 'I' }, { 0x39A, 'K' }, { 0x39C, 'M' }, { 0x39D, 'N' }, { 0x39F, 'O' },
		{ 0x3A1, 'P' }, { 0x3A4, 'T' }, { 0x3A5, 'Y' }, { 0x3A7, 'X' }, { 0x3B1, 'a' },
		{ 0x3B9, 'i' }, { 0x3BD, 'v' }, { 0x3BF, 'o' }, { 0x3C1, 'p' }, { 0x3C5, 'u' },
		/* Cyrillic */
		{ 0x405, 'S' }, { 0x406, 'I' }, { 0x408, 'J' }, { 0x410, 'A' }, { 0x412, 'B' },
		{ 0x415, 'E' }, { 0x41A, 'K' }, { 0x41C, 'M' }, { 0x41D, 'H' }, { 0x41E, 'O' },
		{ 0x420, 'P' }, { 0x421, 'C' }, { 0x422, 'T' }, { 0x425, 'X' }, { 0x430, 'a' },
		{ 0x435, 'e' }, { 0x43E, 'o' }, { 0x440, 'p' }, { 0x441, 'c' }, { 0x443, 'y' },
		{ 0x445, 'x' }, { 0x455, 's' }, { 0x456, 'i' }, { 0x458, 'j' }, { 0x4AE, 'Y' },
		{ 0x4BB, 'h' }, { 0x4C0, 'I' }, { 0x4CF, 'l' }, { 0x501, 'd' }, { 0x51A, 'Q' },
		{ 0x51B, 'q' }, { 0x51C, 'W' }, { 0x51D, 'w' },
	};
	if (cp < 0x391 || cp > 0x51D)
		return cp;
	size_t lo = 0, hi = sizeof(tab) / sizeof(tab[0]);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (tab[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < sizeof(tab) / sizeof(tab[0]) && tab[lo].cp == cp ? (uint32_t)tab[lo].to : cp;
}

/* A decimal digit of any script as ASCII. Unicode's stability policy keeps
 * every script's Nd digits in contiguous runs of ten, 0 first, so the value
 * is the distance from the start of the run of Nd code points, modulo 10. */
static uint32_t fold_digit(uint32_t cp)
{
	uint32_t first = cp;
	while (first > 0x80 && cp - first < 64 &&
	       utf8proc_category((utf8proc_int32_t)(first - 1)) == UTF8PROC_CATEGORY_ND)
		first--;
	return '0' + (cp - first) % 10;
}

int fold_cp_invisible(uint32_t cp)
{
	if (cp < 0x80 || cp > 0x10FFFF)
		return 0;
	const utf8proc_property_t *pr = utf8proc_get_property((utf8proc_int32_t)cp);
	return pr->category == UTF8PROC_CATEGORY_CF || pr->ignorable;
}

/* Everything but the Greek and Cyrillic look-alikes, which depend on the
 * word around them. Returns 0 for a removed code point; 1 with out[0] == cp
 * for one left as it is. */
static size_t fold_cp_base(uint32_t cp, uint32_t out[FOLD_CP_MAX])
{
	out[0] = cp;
	if (cp < 0x80 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 1;
	const utf8proc_property_t *pr = utf8proc_get_property((utf8proc_int32_t)cp);
	if (pr->category == UTF8PROC_CATEGORY_CF || pr->ignorable)
		return 0;
	if (pr->category == UTF8PROC_CATEGORY_ND) {
		out[0] = fold_digit(cp);
		return 1;
	}
	/* Negative circled and negative squared Latin capitals: unlike the
	 * circled and squared ones they have no compatibility decomposition. */
	if ((cp >= 0x1F150 && cp <= 0x1F169) || (cp >= 0x1F170 && cp <= 0x1F189)) {
		out[0] = 'A' + (cp - (cp >= 0x1F170 ? 0x1F170 : 0x1F150));
		return 1;
	}
	utf8proc_int32_t d[FOLD_CP_MAX];
	utf8proc_ssize_t k = utf8proc_decompose_char((utf8proc_int32_t)cp, d, FOLD_CP_MAX,
						     (utf8proc_option_t)FOLD_OPTS, NULL);
	if (k == 0)
		return 0; /* a combining mark */
	if (k < 0 || k > FOLD_CP_MAX)
		return 1;
	for (utf8proc_ssize_t q = 0; q < k; q++) {
		uint32_t c = (uint32_t)d[q];
		if (c >= 0x80 && utf8proc_category(d[q]) == UTF8PROC_CATEGORY_ND)
			c = fold_digit(c);
		if (c >= 0x80) {
			out[0] = cp; /* not all ASCII: stays as written */
			return 1;
		}
		out[q] = c;
	}
	return (size_t)k;
}

size_t fold_cp(uint32_t cp, uint32_t out[FOLD_CP_MAX])
{
	size_t k = fold_cp_base(cp, out);
	if (k == 1 && out[0] == cp)
		out[0] = fold_confusable(cp);
	return k;
}

/*
 * fold_cp_base() of each BMP code point is worked out once and kept here:
 * utf8proc's decomposition costs a hundred times the lookup. 0: not known
 * yet; otherwise one of the C_* values or the single folded code point + 1.
 * Threads may fill the same entry at once; they write the same value,
 * through relaxed atomics. cp_same has one bit per BMP code point known to
 * fold to itself, the answer for most letters of most scripts: 8 KiB, so it
 * stays in the L1 cache where cp_cache (256 KiB) would not.
 */
#define C_MULTI 0xFFFFFFFFu /* folds to several code points: ask fold_cp_base() */
#define C_GONE  0xFFFFFFFEu /* removed: a format character or an ignorable */
#define C_MARK  0xFFFFFFFDu /* a combining mark: dropped after ASCII */
#define C_CONF  0xFFFFFFFCu /* a Greek or Cyrillic look-alike: see the word */
static _Atomic uint32_t cp_cache[0x10000];
static _Atomic uint8_t cp_same[0x10000 / 8];

static uint32_t classify_cp(uint32_t cp)
{
	uint32_t o[FOLD_CP_MAX];
	size_t k = fold_cp_base(cp, o);
	if (k == 0) {
		utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
		return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
		       cat == UTF8PROC_CATEGORY_ME ? C_MARK : C_GONE;
	}
	if (k == 1 && o[0] == cp && fold_confusable(cp) != cp)
		return C_CONF;
	return k == 1 ? o[0] + 1 : C_MULTI;
}

static uint32_t lookup_cp(uint32_t cp)
{
	if (cp >= 0x10000)
		return classify_cp(cp);
	if (atomic_load_explicit(&cp_same[cp >> 3], memory_order_relaxed) & (1u << (cp & 7)))
		return cp + 1;
	uint32_t v = atomic_load_explicit(&cp_cache[cp], memory_order_relaxed);
	if (!v) {
		v = classify_cp(cp);
		atomic_store_explicit(&cp_cache[cp], v, memory_order_relaxed);
		if (v == cp + 1)
			atomic_fetch_or_explicit(&cp_same[cp >> 3], (uint8_t)(1u << (cp & 7)),
						 memory_order_relaxed);
	}
	return v;
}

/* Through the cache: the injection checker asks once per code point. */
int fold_cp_ascii(uint32_t cp)
{
	if (cp < 0x80)
		return (int)cp;
	uint32_t v = lookup_cp(cp);
	if (v == C_CONF)
		return (int)fold_confusable(cp);
	if (v == C_MULTI || v == C_GONE || v == C_MARK)
		return 0;
	return v - 1 < 0x80 ? (int)(v - 1) : 0;
}

/* Strict UTF-8 (no overlong forms, surrogates or values past U+10FFFF) at
 * s[0, n), n >= 1, s[0] >= 0x80: the code point and its length, or 0. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned c = s[0];
	size_t len;
	uint32_t v;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, v = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, v = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, v = c & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t k = 1; k < len; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[k] & 0x3F);
	}
	if ((len == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) ||
	    (len == 4 && (v < 0x10000 || v > 0x10FFFF)))
		return 0;
	*cp = v;
	return len;
}

/* The growth paths stay out of line: after the first change the text's
 * length is reserved, and the checks are all a change costs. */
static __attribute__((noinline)) void reserve_grow(struct fold *f, size_t extra)
{
	size_t na = f->cap ? f->cap : 64;
	while (na - f->n <= extra) {
		if (na > SIZE_MAX / 2)
			abort();
		na *= 2;
	}
	char *p = realloc(f->p, na);
	if (!p)
		abort(); /* like buf_oom(): no caller can do better */
	f->p = p;
	f->cap = na;
}

static inline void reserve(struct fold *f, size_t extra)
{
	if (extra < f->cap && f->n < f->cap - extra)
		return;
	reserve_grow(f, extra);
}

static __attribute__((noinline)) void seg_grow(struct fold *f)
{
	size_t na = f->aseg ? f->aseg * 2 : 16;
	struct fold_seg *v;
	if (na > SIZE_MAX / sizeof(*v) || !(v = realloc(f->seg, na * sizeof(*v))))
		abort();
	f->seg = v;
	f->aseg = na;
}

static inline struct fold_seg *seg_push(struct fold *f)
{
	if (f->nseg == f->aseg)
		seg_grow(f);
	return &f->seg[f->nseg++];
}

/* Original bytes s[o, o + len) kept as they are: no segment, the map
 * reads them off the change before them. */
static inline void put_same(struct fold *f, const unsigned char *s, size_t o, size_t len)
{
	reserve(f, len + 1);
	memcpy(f->p + f->n, s + o, len);
	f->n += len;
}

/* The folded form o[0, k) of the code point at original [at, at + len). */
static inline void put_folded(struct fold *f, const uint32_t *o, size_t k, size_t at, size_t len)
{
	reserve(f, 4 * k + 1);
	struct fold_seg *g = seg_push(f);
	g->f = (uint32_t)f->n;
	g->o = (uint32_t)at;
	g->on = (uint32_t)len;
	for (size_t q = 0; q < k; q++) {
		if (o[q] < 0x80) /* nearly always: the point of folding */
			f->p[f->n++] = (char)o[q];
		else
			f->n += (size_t)utf8proc_encode_char((utf8proc_int32_t)o[q],
							     (utf8proc_uint8_t *)f->p + f->n);
	}
	g->fn = (uint32_t)(f->n - g->f);
}

/* A code point at original [at, at + len) removed: an empty segment, so
 * the bytes after it map past it. */
static inline void put_gone(struct fold *f, size_t at, size_t len)
{
	struct fold_seg *g = seg_push(f);
	g->f = (uint32_t)f->n;
	g->o = (uint32_t)at;
	g->fn = 0;
	g->on = (uint32_t)len;
}

/* A combining mark at original [at, at + len) right after the last code
 * point put: that code point's segment now ends after the mark (a code
 * point kept as it was gets a segment of its own). */
static void extend_last(struct fold *f, size_t at, size_t len)
{
	if (f->last_o + f->last_on != at)
		return;
	struct fold_seg *g;
	if (f->last_seg) {
		g = &f->seg[f->nseg - 1];
	} else {
		g = seg_push(f);
		g->f = (uint32_t)f->last_f;
		g->o = (uint32_t)f->last_o;
		g->fn = g->on = (uint32_t)f->last_on;
		f->last_seg = 1;
	}
	g->on += (uint32_t)len;
	f->last_on += len;
}

/* The last code point put went to folded [fstart, ...) from original
 * [o, o + on); seg: it has the last segment (else it was kept as it was). */
static void set_last(struct fold *f, size_t fstart, size_t o, size_t on, int seg)
{
	f->last_f = fstart;
	f->last_o = o;
	f->last_on = on;
	f->last_seg = seg;
}

/* 1 when the word around original byte i holds an ASCII letter or digit;
 * *end is set to the word's end. A word here is a run of ASCII letters and
 * digits and of non-ASCII bytes (whatever script they are), so "GВ82" and
 * "АКIAIOSFODNN7EXAMPLE" are mixed words, "Привет" is not. */
static int mixed_word(const unsigned char *s, size_t n, size_t i, size_t *end)
{
	int mixed = 0;
	size_t a = i, b = i;
	while (a > 0 && (s[a - 1] >= 0x80 || ((s[a - 1] | 0x20) >= 'a' && (s[a - 1] | 0x20) <= 'z') ||
			 (s[a - 1] >= '0' && s[a - 1] <= '9'))) {
		a--;
		mixed |= s[a] < 0x80;
	}
	while (b < n && (s[b] >= 0x80 || ((s[b] | 0x20) >= 'a' && (s[b] | 0x20) <= 'z') ||
			 (s[b] >= '0' && s[b] <= '9'))) {
		mixed |= s[b] < 0x80;
		b++;
	}
	*end = b;
	return mixed;
}

/*
 * One pass. Bytes that stay as they are (ASCII, invalid bytes, code points
 * that fold to themselves) collect into a pending run [run, i) that is
 * copied in one piece when a changed code point or the end comes; prev is
 * the original start of the last code point of that run, or NONE when the
 * last code point put was a folded one (f->last_* then say where it went).
 * Text where nothing changes is not copied at all (f->same).
 */
#define NONE SIZE_MAX
void fold_text(struct fold *f, const char *s, size_t n)
{
	fold_text_from(f, s, n, 0);
}

void fold_text_from(struct fold *f, const char *s, size_t n, size_t from)
{
	const unsigned char *u = (const unsigned char *)s;
	f->n = 0;
	f->nseg = 0;
	f->same = 0;
	set_last(f, 0, NONE / 2, 0, 0);
	if (n >= UINT32_MAX)
		n = 0; /* fold_needed() says no to these: the map is 32-bit */
	if (from > n)
		from = n;
	/* s[0, from) is ASCII (the caller found its first other byte there):
	 * as if the loop below had skipped it */
	size_t i = from, run = 0, prev = from ? from - 1 : NONE, word_end = 0;
	int word_mixed = 0;
	while (i < n) {
		if (u[i] < 0x80) {
			i = skip_ascii(u, i + 1, n);
			prev = i - 1;
			continue;
		}
		if ((u[i] >= 0xE4 && u[i] <= 0xE9) || (u[i] >= 0xEB && u[i] <= 0xED)) {
			/* U+4000..9FFF (CJK) and U+B000..DFFF (Hangul syllables,
			 * surrogates): nothing there folds, and an invalid
			 * sequence would stay as it is too */
			if (i + 2 < n && (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
				prev = i;
				i += 3;
				continue;
			}
			prev = i++;
			while (i < n && i - prev < 3 && (u[i] & 0xC0) == 0x80)
				i++;
			continue;
		}
		uint32_t cp;
		size_t l;
		if (u[i] >= 0xC2 && u[i] <= 0xDF && i + 1 < n && (u[i + 1] & 0xC0) == 0x80) {
			/* two bytes (Latin, Greek, Cyrillic, Hebrew, Arabic): the
			 * common case, decoded and looked up in line */
			cp = ((uint32_t)(u[i] & 0x1F) << 6) | (u[i + 1] & 0x3F);
			l = 2;
			if (atomic_load_explicit(&cp_same[cp >> 3], memory_order_relaxed) &
			    (1u << (cp & 7))) {
				prev = i;
				i += 2;
				continue;
			}
		} else if (u[i] >= 0xE0 && u[i] <= 0xEF && i + 2 < n && (u[i + 1] & 0xC0) == 0x80 &&
			   (u[i + 2] & 0xC0) == 0x80 && (u[i] != 0xE0 || u[i + 1] >= 0xA0)) {
			/* three bytes (Indic, kana, punctuation); surrogates took
			 * the CJK and Hangul skip above */
			cp = ((uint32_t)(u[i] & 0x0F) << 12) | ((uint32_t)(u[i + 1] & 0x3F) << 6) |
			     (u[i + 2] & 0x3F);
			l = 3;
			if (atomic_load_explicit(&cp_same[cp >> 3], memory_order_relaxed) &
			    (1u << (cp & 7))) {
				prev = i;
				i += 3;
				continue;
			}
		} else {
			l = utf8_decode(u + i, n - i, &cp);
		}
		if (!l) {
			/* not UTF-8: the byte stays, a boundary to every detector */
			prev = i++;
			continue;
		}
		uint32_t v = lookup_cp(cp), o[FOLD_CP_MAX];
		if (v == cp + 1) {
			prev = i;
			i += l;
			continue;
		}
		if (v == C_CONF) {
			if (i >= word_end)
				word_mixed = mixed_word(u, n, i, &word_end);
			if (!word_mixed) {
				prev = i;
				i += l;
				continue;
			}
			v = fold_confusable(cp) + 1;
		} else if (v == C_MARK) {
			/* a mark on an ASCII character goes with it ("4\u0336");
			 * on any other, it is part of the writing and stays */
			int on_ascii = prev != NONE ? i - prev == 1 && u[prev] < 0x80
						    : f->n && f->last_o + f->last_on == i &&
						      (unsigned char)f->p[f->n - 1] < 0x80;
			if (!on_ascii) {
				prev = i;
				i += l;
				continue;
			}
		}
		if (!f->nseg)
			reserve(f, n + 1); /* the first change: room for the usual case */
		if (i > run) {
			put_same(f, u, run, i - run);
			if (prev != NONE)
				set_last(f, f->n - (i - prev), prev, i - prev, 0);
		}
		prev = NONE;
		if (v == C_GONE) {
			put_gone(f, i, l);
			set_last(f, 0, NONE / 2, 0, 0);
		} else if (v == C_MARK) {
			extend_last(f, i, l);
		} else {
			size_t fs = f->n;
			if (v == C_MULTI) {
				put_folded(f, o, fold_cp_base(cp, o), i, l);
			} else {
				o[0] = v - 1;
				put_folded(f, o, 1, i, l);
			}
			set_last(f, fs, i, l, 1);
		}
		i += l;
		run = i;
	}
	if (run == 0 && !f->nseg) {
		f->same = 1; /* nothing changed: the caller scans s itself */
		return;
	}
	if (n > run)
		put_same(f, u, run, n - run);
	f->p[f->n] = '\0';
}
#undef NONE

/* The last segment starting at or before folded byte a, or NULL when
 * every segment starts after it. */
static const struct fold_seg *seg_of(const struct fold *f, size_t a)
{
	size_t lo = 0, hi = f->nseg;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->seg[mid].f <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &f->seg[lo - 1] : NULL;
}

/* Original offset of folded offset x, x at or after the end of segment g
 * (or anywhere before the first): the bytes there are kept as they were. */
static size_t after_seg(const struct fold_seg *g, size_t x)
{
	return g ? g->o + g->on + (x - (g->f + g->fn)) : x;
}

void fold_span(const struct fold *f, size_t a, size_t b, size_t *oa, size_t *ob)
{
	assert(a < b && b <= f->n && f->nseg);
	const struct fold_seg *g = seg_of(f, a);
	*oa = g && a < g->f + g->fn ? g->o : after_seg(g, a);
	g = seg_of(f, b - 1);
	*ob = g && b - 1 < g->f + g->fn ? g->o + g->on : after_seg(g, b);
}

void fold_release(struct fold *f)
{
	free(f->p);
	free(f->seg);
	memset(f, 0, sizeof(*f));
}
