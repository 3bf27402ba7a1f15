/*
 * norm.c: cuts a text into folded tokens for fuzzy phrase matching.
 *
 * Folding makes "IGNORE", "Ïgnore", "1gn0r3", "іgnоrе" (Cyrillic),
 * "ｉｇｎｏｒｅ" (fullwidth), "𝐢𝐠𝐧𝐨𝐫𝐞" (math bold) and "ig\u200Bnore" one
 * token, "ignore":
 *   - ASCII and Latin-1/Latin Extended-A letters lose case and accents
 *     (é -> e, ł -> l, ß -> s); Greek and Cyrillic lose case;
 *   - 'l' and 'i' are one letter: leetspeak writes both as 1, | or !, and
 *     patterns are folded the same way, so "ru1es" meets "rules";
 *   - in a token with letters, the digits 0 1 3 4 5 7 8 read as o i e a s t b;
 *   - in a token mixing Latin and Cyrillic, Cyrillic look-alikes become Latin
 *     (all-Cyrillic tokens stay Russian);
 *   - fullwidth, math, circled and squared forms, superscripts and other
 *     scripts' digits read as their ASCII twins: the detectors' fold
 *     (detect/fold.c, utf8proc's compatibility decompositions), one source
 *     of Unicode data for both;
 *   - zero-width, bidi, tag and variation-selector characters, soft hyphens,
 *     the other default ignorables and combining accents are dropped without
 *     cutting the token (the first four are also listed in ij_text.ctl for
 *     unicode.c);
 *   - Han and kana characters are one token each (no spaces in zh/ja).
 * Afterwards, runs of four or more one-letter tokens each one byte apart
 * ("i g n o r e", "i.g.n.o.r.e") are joined, and joined runs and very long
 * or camelCase tokens are split again by greedy longest match against the
 * phrase vocabulary, so "ignoreAllPreviousInstructions" yields four tokens.
 *
 * Every token keeps the byte span it came from, so findings point into the
 * original text. Clause breaks (. ! ? ; , : newline) are kept as a flag:
 * phrase gaps never cross them.
 */
#include <stdlib.h>
#include <string.h>

#include "detect/fold.h"
#include "filter/inject/inject_int.h"

enum {
	K_SEP = 0, /* ends a token */
	K_SPACE,
	K_NL,      /* ends a token, clause break */
	K_BREAK,   /* . ? ; ( ) [ ] { } " */
	K_COMMA,   /* a soft break: persona patterns may cross it */
	K_COLON,
	K_BANG,    /* ! : leet i before a lower-case letter, else a break */
	K_PIPE,    /* | : leet i before a lower-case letter */
	K_AT,      /* @ : leet a before a letter */
	K_DOLLAR,  /* $ : leet s before a letter */
	K_UPPER,
	K_LOWER,
	K_DIGIT,
};

static unsigned char ascii_kind[128];
static char ascii_fold[128];

/* Static tables are filled once; racing threads write identical bytes, but
 * C11 calls that a race, so the init is guarded like phrases.c. */
#include <pthread.h>
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void tables_init(void)
{
	for (int c = 0; c < 128; c++) {
		unsigned char k = K_SEP;
		char f = 0;
		if (c >= 'a' && c <= 'z')
			k = K_LOWER, f = (char)c;
		else if (c >= 'A' && c <= 'Z')
			k = K_UPPER, f = (char)(c + 32);
		else if (c >= '0' && c <= '9')
			k = K_DIGIT, f = (char)c;
		else if (c == ' ' || c == '\t')
			k = K_SPACE;
		else if (c == '\n' || c == '\r' || c == '\v' || c == '\f')
			k = K_NL;
		else if (c == '.' || c == '?' || c == ';' || c == '(' || c == ')' || c == '[' ||
			 c == ']' || c == '{' || c == '}' || c == '"')
			k = K_BREAK;
		else if (c == ',')
			k = K_COMMA;
		else if (c == ':')
			k = K_COLON;
		else if (c == '!')
			k = K_BANG;
		else if (c == '|')
			k = K_PIPE;
		else if (c == '@')
			k = K_AT;
		else if (c == '$')
			k = K_DOLLAR;
		if (f == 'l')
			f = 'i';
		ascii_kind[c] = k;
		ascii_fold[c] = f;
	}
}

/* Latin-1 Supplement U+00C0..U+00FF and Latin Extended-A U+0100..U+017F to
 * an ASCII base letter; ' ' marks a non-letter (× ÷). Ligatures keep their
 * first letter (æ -> a, œ -> o, ß -> s): patterns are folded the same way. */
static const char latin_fold[] =
	"aaaaaaaceeeeiiii" "dnooooo ouuuuyts" /* C0..DF */
	"aaaaaaaceeeeiiii" "dnooooo ouuuuyty" /* E0..FF */
	"aaaaaacccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh" "iiiiiiiiii" "ii" "jj" "kkk"
	"llllllllll" "nnnnnnnnn" "oooooo" "oo" "rrrrrr" "ssssssss" "tttttt"
	"uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s"; /* 100..17F */

uint32_t ij_utf8_next(const char *s, size_t n, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	size_t left = n - *i;
	unsigned c = p[0];
	if (c < 0x80) {
		(*i)++;
		return c;
	}
	uint32_t cp;
	size_t len;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, cp = c & 0x07;
	else
		goto bad;
	if (left < len)
		goto bad;
	for (size_t k = 1; k < len; k++) {
		if ((p[k] & 0xC0) != 0x80)
			goto bad;
		cp = (cp << 6) | (p[k] & 0x3F);
	}
	/* overlong forms, surrogates and values past U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		goto bad;
	*i += len;
	return cp;
bad:
	(*i)++;
	return 0xFFFD;
}

size_t ij_utf8_put(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static int is_cjk(uint32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF) ||
	       (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF66 && cp <= 0xFF9F) ||
	       (cp >= 0x20000 && cp <= 0x2FFFF);
}

static int is_rtl(uint32_t cp)
{
	return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
	       (cp >= 0xFE70 && cp <= 0xFEFC);
}

int ij_is_letter(uint32_t cp)
{
	if (cp < 0x80)
		return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
	return (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
	       (cp >= 0x370 && cp <= 0x52F) || is_rtl(cp) ||
	       (cp >= 0x900 && cp <= 0xDFF) || (cp >= 0xE00 && cp <= 0xE7F) ||
	       (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
	       (cp >= 0x3130 && cp <= 0x318F) || is_cjk(cp);
}

/* Dropped without cutting a token. 1: also listed in ctl (the controls
 * unicode.c judges); 2: dropped silently: the other format characters and
 * default ignorables (soft hyphen, CGJ, variation selectors, Hangul
 * fillers, ...; utf8proc's data through fold.c) and the combining marks of
 * the Latin, symbol and extended diacritic blocks. */
static int ignorable(uint32_t cp)
{
	if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	    (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0xFEFF || cp == 0x180E || (cp >= 0xE0000 && cp <= 0xE007F) ||
	    (cp >= 0xE0100 && cp <= 0xE01EF))
		return 1;
	if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	    (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) || fold_cp_invisible(cp))
		return 2;
	return 0;
}

/* Greek lower-case look-alikes of Latin letters. */
static char greek_latin(uint32_t cp)
{
	switch (cp) {
	case 0x3B1: case 0x3AC: return 'a';
	case 0x3B2: return 'b';
	case 0x3B5: case 0x3AD: return 'e';
	case 0x3B7: case 0x3AE: return 'n';
	case 0x3B9: case 0x3AF: case 0x3CA: return 'i';
	case 0x3BA: return 'k';
	case 0x3BD: return 'v';
	case 0x3BF: case 0x3CC: return 'o';
	case 0x3C1: return 'p';
	case 0x3C4: return 't';
	case 0x3C5: case 0x3CD: return 'u';
	case 0x3C7: return 'x';
	case 0x3B3: return 'y';
	case 0x3BC: return 'u';
	}
	return 0;
}

/* Cyrillic lower-case look-alikes of Latin letters (used in mixed tokens). */
static char cyr_latin(uint32_t cp)
{
	switch (cp) {
	case 0x430: return 'a';
	case 0x432: return 'b';
	case 0x435: return 'e';
	case 0x43A: return 'k';
	case 0x43C: return 'm';
	case 0x43D: return 'h';
	case 0x43E: return 'o';
	case 0x440: return 'p';
	case 0x441: return 'c';
	case 0x442: return 't';
	case 0x443: return 'y';
	case 0x445: return 'x';
	case 0x455: return 's';
	case 0x456: return 'i';
	case 0x457: return 'i';
	case 0x458: return 'j';
	case 0x4CF: return 'i';
	case 0x501: return 'd';
	case 0x51B: return 'q';
	case 0x51D: return 'w';
	}
	return 0;
}

/* The ASCII a non-letter code point reads as: fullwidth forms, math
 * alphanumerics, circled, squared and negative squared letters, superscript
 * digits, other scripts' digits and the other compatibility forms come from
 * the detectors' fold (fold.c, utf8proc's decompositions); typographic
 * quotes and the CJK comma and full stop are this checker's own, because
 * they break clauses here. Letters (Latin with accents, Greek, Cyrillic,
 * ...) are left to the builder, which folds them by token. 0 when cp reads
 * as no ASCII character. */
static uint32_t ascii_form(uint32_t cp)
{
	if (cp == 0x3001 || cp == 0x3002)
		return cp == 0x3001 ? ',' : '.';
	if ((cp >= 0x201C && cp <= 0x201F) || cp == 0xAB || cp == 0xBB || (cp >= 0x300C && cp <= 0x300F))
		return '"'; /* typographic quotes and 「」 */
	if (ij_is_letter(cp))
		return 0;
	int a = fold_cp_ascii(cp);
	return a > 0 ? (uint32_t)a : 0;
}

/* ---- vocabulary for segmentation (set once by phrases.c) ---- */

static const char *const *vocab_w;
static const uint16_t *vocab_n;
static size_t vocab_count;
static size_t vocab_first[257]; /* words sorted by first byte: [first[c], first[c+1]) */

void ij_vocab_set(const char *const *words, const uint16_t *lens, size_t n)
{
	/* words arrive sorted by first byte, longest first within a byte */
	vocab_w = words;
	vocab_n = lens;
	vocab_count = n;
	size_t k = 0;
	for (int c = 0; c < 256; c++) {
		vocab_first[c] = k;
		while (k < n && (unsigned char)words[k][0] == c)
			k++;
	}
	vocab_first[256] = n;
}

/* ---- the builder ---- */

struct builder {
	struct ij_text *t;
	char *np;          /* norm bytes (capacity reserved up front) */
	size_t nl;         /* norm length */
	int active;
	size_t tstart, tend;
	size_t toff;
	int has_alpha, has_digit, has_lat, has_cyr, nchar, camel, last_lower;
	int pending_break;
	int pending_soft;
	size_t ctl_pending;
	int need_post;     /* a spaced run or a long token was seen */
};

static void tok_push(struct ij_text *t, const struct ij_tok *k)
{
	if (t->ntok == t->atok) {
		size_t na = t->atok ? t->atok * 2 : 64;
		struct ij_tok *nv = realloc(t->tok, na * sizeof(*nv));
		if (!nv)
			abort();
		t->tok = nv;
		t->atok = na;
	}
	t->tok[t->ntok++] = *k;
}


static char leet_digit(char c)
{
	switch (c) {
	case '0': return 'o';
	case '1': return 'i';
	case '3': return 'e';
	case '4': return 'a';
	case '5': return 's';
	case '7': return 't';
	case '8': return 'b';
	}
	return c;
}

static void finish(struct builder *b)
{
	if (!b->active)
		return;
	b->active = 0;
	char *p = b->np + b->toff;
	size_t len = b->nl - b->toff;
	if (len == 0)
		return;
	if (b->has_alpha && b->has_digit)
		for (size_t i = 0; i < len; i++)
			p[i] = leet_digit(p[i]);
	if (b->has_lat && b->has_cyr) {
		/* rewrite in place: a 2-byte Cyrillic look-alike becomes 1 byte */
		size_t o = 0;
		for (size_t i = 0; i < len;) {
			size_t j = i;
			uint32_t cp = ij_utf8_next(p, len, &j);
			char l = cp >= 0x400 && cp <= 0x52F ? cyr_latin(cp) : 0;
			if (l) {
				p[o++] = l == 'l' ? 'i' : l;
			} else {
				memmove(p + o, p + i, j - i);
				o += j - i;
			}
			i = j;
		}
		len = o;
		b->nl = b->toff + o;
	}
	struct ij_tok k;
	k.start = b->tstart;
	k.end = b->tend;
	k.off = (uint32_t)b->toff;
	k.len = (uint16_t)(len > 0xFFFF ? 0xFFFF : len);
	k.flags = b->pending_break ? IJ_BREAK : b->pending_soft ? IJ_BREAK | IJ_SOFT : 0;
	if (b->nchar == 1 && len == 1 && ((p[0] >= 'a' && p[0] <= 'z') || (p[0] >= '0' && p[0] <= '9')))
		k.flags |= IJ_SINGLE, b->need_post = 1;
	/* long or camelCase ASCII tokens may hide several words */
	if ((len >= 16 || (b->camel >= 2 && len >= 10)) && len <= 256 && !b->has_cyr)
		k.flags |= IJ_GLUED, b->need_post = 1;
	k.hash = ij_key(p, k.len);
	b->pending_break = 0;
	b->pending_soft = 0;
	tok_push(b->t, &k);
}

static void start(struct builder *b, size_t at)
{
	b->active = 1;
	b->tstart = at;
	b->toff = b->nl;
	b->has_alpha = b->has_digit = b->has_lat = b->has_cyr = 0;
	b->nchar = 0;
	b->camel = 0;
	b->last_lower = 0;
}

static void put_letter(struct builder *b, size_t at, size_t end, const char *u, size_t ul, int lat, int upper)
{
	if (!b->active)
		start(b, at);
	if (upper && b->last_lower)
		b->camel++;
	b->last_lower = lat && !upper;
	memcpy(b->np + b->nl, u, ul);
	b->nl += ul;
	b->tend = end;
	b->has_alpha = 1;
	b->has_lat |= lat;
	b->nchar++;
}

static void ctl_push(struct ij_text *t, uint32_t cp, size_t off, size_t len, uint32_t prev)
{
	if (t->nctl == t->actl) {
		size_t na = t->actl ? t->actl * 2 : 16;
		struct ij_ctl *nv = realloc(t->ctl, na * sizeof(*nv));
		if (!nv)
			abort();
		t->ctl = nv;
		t->actl = na;
	}
	struct ij_ctl *c = &t->ctl[t->nctl++];
	c->cp = cp;
	c->off = off;
	c->len = (uint8_t)len;
	c->prev = prev;
	c->next = 0;
}

static int next_is_lower(const char *s, size_t n, size_t i)
{
	return i < n && s[i] >= 'a' && s[i] <= 'z';
}

static int next_is_letter(const char *s, size_t n, size_t i)
{
	return i < n && (unsigned char)((s[i] | 0x20) - 'a') < 26;
}

static void post_pass(struct ij_text *t);

/* Longest run of one visible, non-space code point (for repeat.c). */
#define TRACK(c, where) do { \
	if ((c) == run_cp && (c) > ' ') { \
		run_len++; \
	} else { \
		if (run_len > t->longest_run) \
			t->longest_run = run_len, t->run_start = run_at, t->run_cp = run_cp; \
		run_cp = (c); \
		run_len = 1; \
		run_at = (where); \
	} \
} while (0)

void ij_text_build(struct ij_text *t, const char *s, size_t n)
{
	pthread_once(&tables_once, tables_init);
	memset(t, 0, sizeof(*t));
	t->s = s;
	t->n = n;
	buf_init(&t->norm);
	buf_grow(&t->norm, n + 8);
	struct builder b;
	memset(&b, 0, sizeof(b));
	b.t = t;
	b.np = t->norm.p;
	uint32_t prev_vis = 0;
	uint32_t run_cp = 0;
	size_t run_len = 0, run_at = 0;

	size_t i = 0;
	while (i < n) {
		size_t at = i;
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		if (c < 0x80) {
			i++;
			cp = c;
		} else {
			cp = ij_utf8_next(s, n, &i);
			int ig = ignorable(cp);
			if (ig) {
				if (ig == 1)
					ctl_push(t, cp, at, i - at, prev_vis);
				if (b.active)
					b.tend = i;
				continue;
			}
			/* fullwidth, math and circled forms behave as their
			 * ASCII twin */
			uint32_t a = ascii_form(cp);
			if (a)
				cp = a;
		}
		/* a visible code point: fill `next` of pending controls */
		if (t->nctl > b.ctl_pending) {
			for (size_t k = b.ctl_pending; k < t->nctl; k++)
				t->ctl[k].next = cp;
			b.ctl_pending = t->nctl;
		}
		if (cp < 0x80) {
			unsigned char k = ascii_kind[cp];
			char f;
			switch (k) {
			case K_LOWER:
			case K_UPPER:
				f = ascii_fold[cp];
				put_letter(&b, at, i, &f, 1, 1, k == K_UPPER);
				TRACK(cp, at);
				/* the rest of an ASCII word without the general loop */
				while (i < n && ascii_kind[(unsigned char)s[i] & 0x7F] == K_LOWER &&
				       (unsigned char)s[i] < 0x80) {
					uint32_t c2 = (unsigned char)s[i];
					b.np[b.nl++] = ascii_fold[c2];
					b.nchar++;
					TRACK(c2, i);
					i++;
				}
				b.tend = i;
				b.last_lower = b.last_lower || i > at + 1;
				prev_vis = (unsigned char)s[i - 1];
				continue;
			case K_DIGIT:
				if (!b.active)
					start(&b, at);
				b.np[b.nl++] = (char)cp;
				b.tend = i;
				b.has_digit = 1;
				b.nchar++;
				b.last_lower = 0;
				break;
			case K_BANG:
			case K_PIPE:
				if (next_is_lower(s, n, i)) {
					put_letter(&b, at, i, "i", 1, 1, 0);
					break;
				}
				finish(&b);
				if (k == K_BANG)
					b.pending_break = 1;
				break;
			case K_AT:
			case K_DOLLAR:
				if (next_is_letter(s, n, i)) {
					put_letter(&b, at, i, k == K_AT ? "a" : "s", 1, 1, 0);
					break;
				}
				finish(&b);
				break;
			case K_COLON:
				finish(&b);
				if (t->ntok)
					t->tok[t->ntok - 1].flags |= IJ_COLON;
				b.pending_break = 1;
				break;
			case K_NL:
			case K_BREAK:
				finish(&b);
				b.pending_break = 1;
				break;
			case K_COMMA:
				finish(&b);
				b.pending_soft = 1;
				break;
			default:
				finish(&b);
				break;
			}
		} else if (cp >= 0xC0 && cp <= 0x17F) {
			char f = latin_fold[cp - 0xC0];
			if (f == ' ') {
				finish(&b);
			} else {
				int up = cp < 0x100 ? cp < 0xE0 : !(cp & 1);
				put_letter(&b, at, i, f == 'l' ? "i" : &f, 1, 1, up);
			}
		} else if (cp >= 0x370 && cp <= 0x3FF) {
			uint32_t lc = cp;
			if (cp >= 0x391 && cp <= 0x3AB)
				lc = cp + 0x20;
			char g = greek_latin(lc);
			char u[4];
			if (g) {
				put_letter(&b, at, i, g == 'l' ? "i" : &g, 1, 1, 0);
			} else {
				size_t ul = ij_utf8_put(u, lc);
				put_letter(&b, at, i, u, ul, 0, 0);
			}
		} else if (cp >= 0x400 && cp <= 0x52F) {
			uint32_t lc = cp;
			if (cp >= 0x410 && cp <= 0x42F)
				lc = cp + 0x20;
			else if (cp >= 0x400 && cp <= 0x40F)
				lc = cp + 0x50;
			else if (cp >= 0x460 && !(cp & 1))
				lc = cp + 1;
			if (lc == 0x451)
				lc = 0x435; /* ё -> е */
			char u[4];
			size_t ul = ij_utf8_put(u, lc);
			put_letter(&b, at, i, u, ul, 0, 0);
			b.has_cyr = 1;
		} else if (is_cjk(cp)) {
			finish(&b);
			start(&b, at);
			size_t ul = ij_utf8_put(b.np + b.nl, cp);
			b.nl += ul;
			b.tend = i;
			b.nchar = 1;
			b.has_alpha = 1;
			finish(&b);
			t->tok[t->ntok - 1].flags |= IJ_CJK;
		} else if (ij_is_letter(cp)) {
			char u[4];
			size_t ul = ij_utf8_put(u, cp);
			put_letter(&b, at, i, u, ul, 0, 0);
			if (is_rtl(cp))
				t->has_rtl = 1;
		} else if (cp == 0x2026 || cp == 0x2028 || cp == 0x2029 || cp == 0x85 || cp == 0xFF61) {
			finish(&b);
			b.pending_break = 1;
		} else {
			finish(&b);
		}
		prev_vis = cp;
		TRACK(cp, at);
	}
	finish(&b);
	if (run_cp > ' ' && run_len > t->longest_run)
		t->longest_run = run_len, t->run_start = run_at, t->run_cp = run_cp;
	t->norm.len = b.nl;
	t->norm.p[b.nl] = '\0';
	if (b.need_post && vocab_count)
		post_pass(t);
}

void ij_text_release(struct ij_text *t)
{
	buf_release(&t->norm);
	free(t->tok);
	free(t->ctl);
	memset(t, 0, sizeof(*t));
}

/* ---- joining spaced letters and splitting glued words ---- */

/*
 * Splits str[0, len) (ASCII, folded) into vocabulary words by greedy
 * longest match; bytes between words become one filler token. pos[k] and
 * pos[k + 1] give the original span of byte k (NULL: the whole [s0, s1)).
 */
static void segment(struct ij_tok **dst, size_t *nd, size_t *ad, struct ij_text *t,
		    const char *str, size_t len, const size_t *pos, size_t s0, size_t s1,
		    uint16_t first_flags)
{
	size_t p = 0, junk = SIZE_MAX;
	uint16_t flags = first_flags;
	while (p <= len) {
		size_t best = 0;
		if (p < len) {
			unsigned char c = (unsigned char)str[p];
			for (size_t w = vocab_first[c]; w < vocab_first[c + 1]; w++) {
				size_t wl = vocab_n[w];
				if (wl <= len - p && memcmp(vocab_w[w], str + p, wl) == 0) {
					best = wl; /* longest first */
					break;
				}
			}
		}
		if (best == 0 && p < len) {
			if (junk == SIZE_MAX)
				junk = p;
			p++;
			continue;
		}
		/* emit the filler, then the word */
		for (int pass = 0; pass < 2; pass++) {
			size_t a, e;
			if (pass == 0) {
				if (junk == SIZE_MAX)
					continue;
				a = junk, e = p;
				junk = SIZE_MAX;
			} else {
				if (!best)
					continue;
				a = p, e = p + best;
			}
			struct ij_tok k;
			size_t off = t->norm.len;
			buf_put(&t->norm, str + a, e - a);
			k.off = (uint32_t)off;
			k.len = (uint16_t)(e - a);
			k.start = pos ? pos[a] : s0;
			k.end = pos ? pos[e] : s1;
			k.flags = (uint16_t)(flags | IJ_SEG);
			k.hash = ij_key(str + a, e - a);
			flags = 0;
			if (*nd == *ad) {
				*ad = *ad ? *ad * 2 : 64;
				struct ij_tok *nv = realloc(*dst, *ad * sizeof(*nv));
				if (!nv)
					abort();
				*dst = nv;
			}
			(*dst)[(*nd)++] = k;
		}
		if (p == len)
			break;
		p += best;
	}
}

static int ascii_alpha(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] < 'a' || p[i] > 'z')
			return 0;
	return 1;
}

static void post_pass(struct ij_text *t)
{
	struct ij_tok *out = NULL;
	size_t nd = 0, ad = 0;
	struct buf tmp = BUF_INIT;
	size_t *pos = NULL, apos = 0;
	/* "a c t  a s  a n  u n r e s t r i c t e d": once a text spells one
	 * word out in letters, two-letter words are joined too */
	size_t min_run = 4;
	for (size_t q = 0, r = 0; q < t->ntok; q++) {
		int on = (t->tok[q].flags & IJ_SINGLE) &&
			 (r == 0 || t->tok[q].start == t->tok[q - 1].end + 1);
		r = on ? r + 1 : (t->tok[q].flags & IJ_SINGLE) ? 1 : 0;
		if (r >= 4) {
			min_run = 2;
			break;
		}
	}
	size_t i = 0;
	while (i < t->ntok) {
		struct ij_tok *k = &t->tok[i];
		/* a run of one-letter tokens, each one byte after the last */
		size_t j = i;
		if (k->flags & IJ_SINGLE) {
			while (j + 1 < t->ntok && (t->tok[j + 1].flags & IJ_SINGLE) &&
			       t->tok[j + 1].start == t->tok[j].end + 1 && j - i < 4096)
				j++;
		}
		if (j - i + 1 >= min_run) {
			size_t m = j - i + 1;
			buf_reset(&tmp);
			if (m + 1 > apos) {
				apos = m + 1;
				size_t *np = realloc(pos, apos * sizeof(*np));
				if (!np)
					abort();
				pos = np;
			}
			int alpha = 0;
			for (size_t q = 0; q < m; q++) {
				char c = t->norm.p[t->tok[i + q].off];
				alpha |= c >= 'a' && c <= 'z';
				buf_putc(&tmp, c);
				pos[q] = t->tok[i + q].start;
			}
			pos[m] = t->tok[j].end;
			if (alpha)
				for (size_t q = 0; q < m; q++)
					tmp.p[q] = leet_digit(tmp.p[q]);
			segment(&out, &nd, &ad, t, tmp.p, m, pos, 0, 0, k->flags & IJ_BREAK);
			i = j + 1;
			continue;
		}
		const char *kp = t->norm.p + k->off;
		if ((k->flags & IJ_GLUED) && ascii_alpha(kp, k->len)) {
			/* copy: segment() appends to norm, which may move */
			buf_reset(&tmp);
			buf_put(&tmp, kp, k->len);
			size_t before = nd;
			segment(&out, &nd, &ad, t, tmp.p, tmp.len, NULL, k->start, k->end, k->flags & IJ_BREAK);
			/* carry the colon flag to the last piece */
			if (nd > before)
				out[nd - 1].flags |= k->flags & IJ_COLON;
			i++;
			continue;
		}
		if (nd == ad) {
			ad = ad ? ad * 2 : 64;
			struct ij_tok *nv = realloc(out, ad * sizeof(*nv));
			if (!nv)
				abort();
			out = nv;
		}
		out[nd++] = *k;
		i++;
	}
	free(t->tok);
	t->tok = out;
	t->ntok = nd;
	t->atok = ad;
	buf_release(&tmp);
	free(pos);
}
