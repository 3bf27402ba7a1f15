/*
 * detect.c: the type table, finding lists, overlap resolution and the scan
 * driver that feeds the built-in detectors.
 *
 * Speed is the point of the driver's shape: typical input is prose, and
 * almost every byte of prose is a lower-case letter, a space or common
 * punctuation, none of which can start or sit inside a finding on its own.
 * So the driver skips 16 bytes at a time (SSE2 where there is one) to the
 * next trigger byte (digit, upper case, '-', '_', ':', '=', '@', ...), backs
 * up to the start of the word holding it, and lets the detectors that can
 * start with that word's first byte look. No byte passes through more than a
 * handful of detectors, and no regex runs on built-ins.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "detect/detect_int.h"
#include "detect/fold.h"

#define D DT_DIGIT
#define U DT_UPPER
#define L DT_LOWER
#define W DT_WORD
#define B DT_B64
#define H DT_HEX
#define R DT_URL64
#define E DT_LOCAL
#define T DT_TRIG
#define M DT_DOMAIN
const uint16_t dt_ctab[256] = {
	['%'] = E,
	['+'] = B|E,
	['-'] = R|E|T|M,
	['.'] = E,
	['/'] = B,
	['0'] = D|W|B|H|R|E|T|M,
	['1'] = D|W|B|H|R|E|T|M,
	['2'] = D|W|B|H|R|E|T|M,
	['3'] = D|W|B|H|R|E|T|M,
	['4'] = D|W|B|H|R|E|T|M,
	['5'] = D|W|B|H|R|E|T|M,
	['6'] = D|W|B|H|R|E|T|M,
	['7'] = D|W|B|H|R|E|T|M,
	['8'] = D|W|B|H|R|E|T|M,
	['9'] = D|W|B|H|R|E|T|M,
	[':'] = T,
	[';'] = T,
	['<'] = T,
	['='] = T,
	['>'] = T,
	['?'] = T,
	['@'] = T,
	['A'] = U|W|B|H|R|E|T|M,
	['B'] = U|W|B|H|R|E|T|M,
	['C'] = U|W|B|H|R|E|T|M,
	['D'] = U|W|B|H|R|E|T|M,
	['E'] = U|W|B|H|R|E|T|M,
	['F'] = U|W|B|H|R|E|T|M,
	['G'] = U|W|B|R|E|T|M,
	['H'] = U|W|B|R|E|T|M,
	['I'] = U|W|B|R|E|T|M,
	['J'] = U|W|B|R|E|T|M,
	['K'] = U|W|B|R|E|T|M,
	['L'] = U|W|B|R|E|T|M,
	['M'] = U|W|B|R|E|T|M,
	['N'] = U|W|B|R|E|T|M,
	['O'] = U|W|B|R|E|T|M,
	['P'] = U|W|B|R|E|T|M,
	['Q'] = U|W|B|R|E|T|M,
	['R'] = U|W|B|R|E|T|M,
	['S'] = U|W|B|R|E|T|M,
	['T'] = U|W|B|R|E|T|M,
	['U'] = U|W|B|R|E|T|M,
	['V'] = U|W|B|R|E|T|M,
	['W'] = U|W|B|R|E|T|M,
	['X'] = U|W|B|R|E|T|M,
	['Y'] = U|W|B|R|E|T|M,
	['Z'] = U|W|B|R|E|T|M,
	['_'] = W|R|E|T,
	['a'] = L|W|B|H|R|E|M,
	['b'] = L|W|B|H|R|E|M,
	['c'] = L|W|B|H|R|E|M,
	['d'] = L|W|B|H|R|E|M,
	['e'] = L|W|B|H|R|E|M,
	['f'] = L|W|B|H|R|E|M,
	['g'] = L|W|B|R|E|M,
	['h'] = L|W|B|R|E|M,
	['i'] = L|W|B|R|E|M,
	['j'] = L|W|B|R|E|M,
	['k'] = L|W|B|R|E|M,
	['l'] = L|W|B|R|E|M,
	['m'] = L|W|B|R|E|M,
	['n'] = L|W|B|R|E|M,
	['o'] = L|W|B|R|E|M,
	['p'] = L|W|B|R|E|M,
	['q'] = L|W|B|R|E|M,
	['r'] = L|W|B|R|E|M,
	['s'] = L|W|B|R|E|M,
	['t'] = L|W|B|R|E|M,
	['u'] = L|W|B|R|E|M,
	['v'] = L|W|B|R|E|M,
	['w'] = L|W|B|R|E|M,
	['x'] = L|W|B|R|E|M,
	['y'] = L|W|B|R|E|M,
	['z'] = L|W|B|R|E|M,
};
#undef D
#undef U
#undef L
#undef W
#undef B
#undef H
#undef R
#undef E
#undef T
#undef M

static const char *const type_names[DETECT_NBUILTIN] = {
	"email", "phone", "credit_card", "iban", "us_ssn", "ip_address",
	"aws_access_key_id", "aws_secret_access_key", "github_token", "slack_token",
	"stripe_key", "openai_api_key", "anthropic_api_key", "google_api_key", "jwt",
	"private_key", "password", "gitlab_token", "npm_token", "pypi_token",
	"huggingface_token", "azure_storage_key", "twilio_key", "sendgrid_key", "mailgun_key",
	"shopify_token", "databricks_token", "azure_sas_key",
};
_Static_assert(DETECT_NBUILTIN <= 32, "detect_opts.disabled has 32 bits");

const char *detect_type_name(int type)
{
	return type >= 0 && type < DETECT_NBUILTIN ? type_names[type] : NULL;
}

int detect_type_lookup(const char *name)
{
	if (!name)
		return -1;
	for (int t = 0; t < DETECT_NBUILTIN; t++)
		if (!strcmp(name, type_names[t]))
			return t;
	return -1;
}

int detect_type_is_secret(int type)
{
	return type >= DETECT_AWS_ACCESS_KEY_ID && type < DETECT_NBUILTIN;
}

void detect_list_push(struct detect_list *l, const struct detect_finding *f)
{
	if (l->n == l->alloc) {
		size_t na = l->alloc ? l->alloc * 2 : 16;
		struct detect_finding *v;
		if (na > SIZE_MAX / sizeof(*v) || !(v = realloc(l->v, na * sizeof(*v))))
			abort(); /* like buf_oom(): no caller can do better */
		l->v = v;
		l->alloc = na;
	}
	l->v[l->n++] = *f;
}

void detect_list_clear(struct detect_list *l)
{
	l->n = 0;
}

void detect_list_release(struct detect_list *l)
{
	if (l->fold) {
		fold_release(l->fold);
		free(l->fold);
		l->fold = NULL;
	}
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}

/* Stronger first: score, then secret over PII, then the longer span; start
 * and type only make the order total, so equal inputs resolve the same way
 * whatever order the detectors appended them in. */
static int stronger_cmp(const void *pa, const void *pb)
{
	const struct detect_finding *a = pa, *b = pb;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	int sa = detect_type_is_secret(a->type), sb = detect_type_is_secret(b->type);
	if (sa != sb)
		return sb - sa;
	size_t la = a->end - a->start, lb = b->end - b->start;
	if (la != lb)
		return la > lb ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->type < b->type ? -1 : a->type > b->type;
}

static int start_cmp(const void *pa, const void *pb)
{
	const struct detect_finding *a = pa, *b = pb;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->end < b->end ? -1 : a->end > b->end;
}

/*
 * Greedy by strength, one cluster at a time: after sorting by start, runs of
 * transitively overlapping findings form clusters (almost always of size 1);
 * inside a cluster the strongest is kept, then the next strongest that
 * overlaps nothing kept, and so on. Kept findings of a cluster stay sorted
 * by start in the prefix of the array, so overlap is a binary search.
 */
void detect_list_resolve(struct detect_list *l)
{
	if (l->n < 2)
		return;
	qsort(l->v, l->n, sizeof(*l->v), start_cmp);
	size_t out = 0, i = 0;
	while (i < l->n) {
		size_t j = i + 1, maxend = l->v[i].end;
		while (j < l->n && l->v[j].start < maxend) {
			if (l->v[j].end > maxend)
				maxend = l->v[j].end;
			j++;
		}
		if (j - i == 1) {
			l->v[out++] = l->v[i];
			i = j;
			continue;
		}
		/* Cluster [i, j): admit in strength order into a scratch copy
		 * (admitting shifts entries), then copy the kept ones back to
		 * out, which never passes i. */
		size_t k = j - i;
		struct detect_finding *cl = malloc(k * sizeof(*cl));
		if (!cl)
			abort();
		memcpy(cl, l->v + i, k * sizeof(*cl));
		qsort(cl, k, sizeof(*cl), stronger_cmp);
		size_t kept = 0; /* cl[0, kept) kept, sorted by start */
		for (size_t c = 0; c < k; c++) {
			struct detect_finding f = cl[c];
			size_t lo = 0, hi = kept;
			while (lo < hi) { /* first kept with end > f.start */
				size_t mid = (lo + hi) / 2;
				if (cl[mid].end <= f.start)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo < kept && cl[lo].start < f.end)
				continue; /* overlaps a stronger one */
			memmove(cl + lo + 1, cl + lo, (kept - lo) * sizeof(*cl));
			cl[lo] = f;
			kept++;
		}
		memcpy(l->v + out, cl, kept * sizeof(*cl));
		out += kept;
		free(cl);
		i = j;
	}
	l->n = out;
}

double detect_entropy(const char *s, size_t n)
{
	if (!n)
		return 0;
	size_t cnt[256] = { 0 };
	for (size_t i = 0; i < n; i++)
		cnt[(unsigned char)s[i]]++;
	double h = 0, dn = (double)n;
	for (int c = 0; c < 256; c++)
		if (cnt[c]) {
			double p = (double)cnt[c] / dn;
			h -= p * log2(p);
		}
	return h;
}

int dt_ci_find(const unsigned char *s, size_t a, size_t b, const char *w)
{
	size_t wl = strlen(w);
	if (!wl || b < a || b - a < wl)
		return 0;
	for (size_t i = a; i + wl <= b; i++) {
		size_t k = 0;
		while (k < wl) {
			unsigned char ch = s[i + k];
			if (ch >= 'A' && ch <= 'Z')
				ch = (unsigned char)(ch + 32);
			if (ch != (unsigned char)w[k])
				break;
			k++;
		}
		if (k == wl)
			return 1;
	}
	return 0;
}

void dt_emit(struct dt_ctx *c, int type, size_t a, size_t b, double score, const char *det)
{
	if (!dt_on(c, type) || a >= b || b > c->n)
		return;
	struct detect_finding f;
	f.type = type;
	f.start = a;
	f.end = b;
	f.score = score < 0 ? 0 : score > 1 ? 1 : score;
	f.detector = det;
	f.decoded = c->decoded;
	f.placeholder = 0;
	detect_list_push(c->out, &f);
}

#ifndef __SSE2__
/* Masks of s[0, m), m <= 64; bytes past the end are in none. */
static void tail_masks(const unsigned char *s, size_t m, uint64_t *trig, uint64_t *word,
		       uint64_t *up, uint64_t *low)
{
	uint64_t t = 0, w = 0, u = 0, l = 0;
	for (size_t k = 0; k < m; k++) {
		uint16_t f = dt_ctab[s[k]];
		t |= (uint64_t)((f & DT_TRIG) != 0) << k;
		w |= (uint64_t)((f & DT_WORD) != 0) << k;
		u |= (uint64_t)((f & DT_UPPER) != 0) << k;
		l |= (uint64_t)((f & DT_LOWER) != 0) << k;
	}
	*trig = t;
	*word = w;
	*up = u;
	*low = l;
}
#endif

/* Trigger and word-byte masks of s[0, 64): bit k describes s[k]. With them
 * the driver finds the next trigger, the start of the word holding it and
 * the word's end with bit operations instead of byte loops, whose exits the
 * branch predictor cannot guess. */
static inline __attribute__((always_inline)) void block_masks(const unsigned char *s, uint64_t *trig, uint64_t *word, uint64_t *up, uint64_t *low)
{
#ifdef __SSE2__
	const __m128i k0 = _mm_set1_epi8('0'), kA = _mm_set1_epi8('A'), ka = _mm_set1_epi8('a');
	const __m128i tspan = _mm_set1_epi8(0x5A - 0x30), n9 = _mm_set1_epi8(9), n25 = _mm_set1_epi8(25);
	const __m128i us = _mm_set1_epi8('_'), dash = _mm_set1_epi8('-');
	uint64_t t = 0, w = 0, u = 0, l = 0;
	for (int q = 0; q < 4; q++) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + 16 * q));
		__m128i v = _mm_sub_epi8(x, k0), vu = _mm_sub_epi8(x, kA), vl = _mm_sub_epi8(x, ka);
		__m128i isus = _mm_cmpeq_epi8(x, us);
		/* unsigned v <= span: byte in [lo, lo + span] */
		__m128i tr = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, tspan), v),
					  _mm_or_si128(isus, _mm_cmpeq_epi8(x, dash)));
		__m128i isu = _mm_cmpeq_epi8(_mm_min_epu8(vu, n25), vu);
		__m128i isl = _mm_cmpeq_epi8(_mm_min_epu8(vl, n25), vl);
		__m128i wd = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, n9), v), isus),
					  _mm_or_si128(isu, isl));
		t |= (uint64_t)(unsigned)_mm_movemask_epi8(tr) << (16 * q);
		w |= (uint64_t)(unsigned)_mm_movemask_epi8(wd) << (16 * q);
		u |= (uint64_t)(unsigned)_mm_movemask_epi8(isu) << (16 * q);
		l |= (uint64_t)(unsigned)_mm_movemask_epi8(isl) << (16 * q);
	}
	*trig = t;
	*word = w;
	*up = u;
	*low = l;
#else
	tail_masks(s, 64, trig, word, up, low);
#endif
}


/* A word starting at t and ending at we (s[t-1] is not a word byte, or t is
 * where the last skip left us): the detectors that can begin with its first
 * byte. Most words that get here are capitalised prose ("The", "London"):
 * every key format is either 15+ word bytes long or continues past the word
 * with '-', '/' or '+', and an IBAN is 15+ long or grouped ("GB82 WEST"),
 * so a short word without those around it is dismissed at once. A word
 * nothing claimed may still be a password given in prose ("the password
 * is Coffee2001&"); dt_pw_prose() turns most down on the two letters
 * before the token. */
static inline __attribute__((always_inline)) size_t scan_word(struct dt_ctx *c, size_t t, size_t we)
{
	const unsigned char *s = c->s;
	size_t e = 0, r, wl = we - t;
	unsigned char ch = s[t];
	unsigned char nx = we < c->n ? s[we] : 0, pv = t ? s[t - 1] : 0;
	int b64_glued = nx == '/' || nx == '+' || pv == '/' || pv == '+';
	if (DT_IS(ch, DT_DIGIT)) {
		if ((e = dt_numeric(c, t)) != 0)
			return e;
		/* Mailgun's newer keys: 32 hex digits then '-' */
		if (wl == 32 && nx == '-' && (e = dt_keys(c, t)) != 0)
			return e;
		/* Base64 keys start with a digit one time in six. */
		if ((wl >= 15 || b64_glued) && dt_on(c, DETECT_AWS_SECRET_ACCESS_KEY) &&
		    (e = dt_aws_secret(c, t)) != 0)
			return e;
		if ((wl >= 15 || b64_glued) && (e = dt_azure_key(c, t)) != 0)
			return e;
		return dt_pw_prose(c, t, we);
	}
	/* "GB82 WEST …", "gb82-west-…": an IBAN in groups, any case. */
	if (wl == 4 && dt_is_sep(nx) && DT_IS(ch, DT_UPPER | DT_LOWER) && DT_IS(s[t + 2], DT_DIGIT) &&
	    (e = dt_iban(c, t)) != 0)
		return e;
	if (nx == '(' && wl >= 13 && DT_IS(ch, DT_UPPER) && (e = dt_credcall(c, t, we)) != 0)
		return e; /* NetworkCredential("user", "pass") */
	if (wl < 15) {
		if (nx == '-') { /* only "sk-", "xoxb-", "AIza...-", "eyJ...-", "key-", "glpat-", "pypi-" go on */
			if (ch == 'C' && wl == 9) /* ConvertTo-SecureString */
				return dt_credcall(c, t, we);
			return ch == 's' || ch == 'x' || ch == 'A' || ch == 'e' || ch == 'k' || ch == 'g' ||
			       ch == 'p' ? dt_keys(c, t) : 0;
		}
		if (nx == '.' && wl == 2 && ch == 'S') /* "SG." */
			return dt_keys(c, t);
		if (nx == '(' && wl == 11 && ch == 's') /* "setProperty(" */
			return dt_setprop(c, t);
		if (!b64_glued)
			return dt_pw_prose(c, t, we);
	}
	if (DT_IS(ch, DT_UPPER | DT_LOWER) && (r = dt_iban(c, t)) > e)
		e = r;
	if (!e && (r = dt_keys(c, t)) > e)
		e = r;
	if (!e && dt_on(c, DETECT_AWS_SECRET_ACCESS_KEY) && (r = dt_aws_secret(c, t)) > e)
		e = r;
	if (!e && (r = dt_azure_key(c, t)) > e)
		e = r;
	return e ? e : dt_pw_prose(c, t, we);
}

/* Start of the word that ends just before bit k of the block at base
 * (bit k itself may or may not be a word byte), never before lo. */
static size_t word_start(const struct dt_ctx *c, size_t base, uint64_t wm, unsigned k, size_t lo)
{
	uint64_t nw = ~wm & ((UINT64_C(1) << k) - 1);
	size_t t;
	if (nw) {
		t = base + (size_t)(64 - __builtin_clzll(nw));
	} else {
		t = base;
		while (t > lo && DT_IS(c->s[t - 1], DT_WORD))
			t--;
	}
	return t < lo ? lo : t;
}

static void scan_builtin(struct dt_ctx *c)
{
	const unsigned char *s = c->s;
	size_t n = c->n, i = 0, lo = 0; /* lo: where the last trigger's work ended */
	while (i < n) {
		size_t base = i;
		uint64_t tm, wm, um, lm;
		if (n - base >= 64) {
			block_masks(s + base, &tm, &wm, &um, &lm);
		} else {
#ifdef __SSE2__
			/* The last block through the vector path too: NUL has
			 * no class, so the padding sets no bit. Most strings
			 * are a few hundred bytes, and a byte loop over their
			 * tail cost as much as the blocks before it. */
			unsigned char pad[64];
			memset(pad, 0, sizeof(pad));
			memcpy(pad, s + base, n - base);
			block_masks(pad, &tm, &wm, &um, &lm);
#else
			tail_masks(s + base, n - base, &tm, &wm, &um, &lm);
#endif
		}
		/* A capital that starts a word and is followed by a lower-case
		 * letter ("The", "London") or stands alone ("I", "A") starts no
		 * finding; if the word holds a later trigger (digit, capital,
		 * '_', '-'), that one brings the driver back to the word's start.
		 * This drops most triggers in prose. Bit 63 is never dropped (its
		 * next byte is in the next block). */
		uint64_t prevw = base > 0 && DT_IS(s[base - 1], DT_WORD);
		tm &= ~(um & ((lm | ~wm) >> 1) & ~((wm << 1) | prevw));
		i = base + 64;
		while (tm) {
			unsigned k = (unsigned)__builtin_ctzll(tm);
			size_t p = base + k, next = p + 1, e;
			unsigned char ch = s[p];
			if (DT_IS(ch, DT_WORD)) {
				size_t t = word_start(c, base, wm, k, lo);
				uint64_t after = k == 63 ? 0 : ~wm & (~UINT64_C(0) << (k + 1));
				next = after ? base + (size_t)__builtin_ctzll(after)
					     : dt_run(c, base + 64 < n ? base + 64 : n, DT_WORD, SIZE_MAX);
				e = scan_word(c, t, next);
				if (e > next)
					next = e;
			} else {
				switch (ch) {
				case '-':
					/* "sk-", "xoxb-": the word before the dash is a
					 * key prefix, and has no trigger byte of its own. */
					if (p > lo && DT_IS(s[p - 1], DT_WORD)) {
						size_t t = word_start(c, base, wm, k, lo);
						if ((e = scan_word(c, t, p)) > next)
							next = e;
					}
					if (p + 1 < n && s[p + 1] == '-' && (e = dt_pem(c, p)) > next)
						next = e;
					break;
				case '@':
					if ((e = dt_userinfo(c, p)) == 0)
						e = dt_email(c, p);
					if (e > next)
						next = e;
					break;
				case ':':
					if ((e = dt_ipv6(c, p)) > next)
						next = e;
					if (e == 0 && (e = dt_assign(c, p)) > next)
						next = e;
					break;
				case '=':
					if ((e = dt_assign(c, p)) > next)
						next = e;
					break;
				case '>':
					if ((e = dt_xml(c, p)) > next)
						next = e;
					break;
				default:
					break;
				}
			}
			lo = next;
			if (next >= base + 64) {
				i = next;
				break;
			}
			tm &= ~UINT64_C(0) << (next - base);
		}
	}
}

static void scan_plain(const char *s, size_t n, const struct detect_opts *o,
		       struct detect_list *out)
{
	struct dt_ctx c;
	memset(&c, 0, sizeof(c));
	c.s = (const unsigned char *)s;
	c.n = n;
	c.out = out;
	c.disabled = o ? o->disabled : 0;
	c.out0 = out->n;
	scan_builtin(&c);
	if (dt_on(&c, DETECT_PHONE))
		dt_phone_scan(&c, o ? o->phone_regions : NULL);
	for (size_t i = c.out0; i < out->n; i++) {
		struct detect_finding *f = &out->v[i];
		if (detect_type_is_secret(f->type) && f->end <= n &&
		    detect_placeholder(f->type, s + f->start, f->end - f->start, o ? o->placeholders : NULL))
			f->placeholder = 1;
	}
	if (o && o->decode)
		dt_decode_scan(s, n, o, out);
}

/* Pure ASCII (nearly every string) is scanned as it is; anything else is
 * folded first (fold.h) and the findings mapped back to the original bytes,
 * so a redaction also covers the invisible characters inside a value. */
void detect_scan(const char *s, size_t n, const struct detect_opts *o,
		 struct detect_list *out)
{
	if (!s || !n)
		return;
	size_t from = fold_first_change(s, n);
	if (from == n) {
		scan_plain(s, n, o, out);
		return;
	}
	/* The fold's memory lives with the list, reused by every scan. */
	struct fold *f = out->fold;
	if (!f) {
		f = calloc(1, sizeof(*f));
		if (!f)
			abort();
		out->fold = f;
	}
	fold_text_from(f, s, n, from);
	if (f->same) {
		scan_plain(s, n, o, out);
	} else {
		size_t first = out->n;
		if (f->n)
			scan_plain(f->p, f->n, o, out);
		dt_unfold(f, out, first);
	}
}

void dt_unfold(const struct fold *f, struct detect_list *out, size_t first)
{
	size_t k = first;
	for (size_t i = first; i < out->n; i++) {
		struct detect_finding d = out->v[i];
		if (d.start >= d.end || d.end > f->n)
			continue;
		fold_span(f, d.start, d.end, &d.start, &d.end);
		out->v[k++] = d;
	}
	out->n = k;
}
