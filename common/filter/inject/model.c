/*
 * model.c: features, loading and scoring of the trained injection
 * classifier; see model.h for the features and the file format.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "filter/inject/inject_int.h"
#include "filter/inject/model.h"

struct injmodel {
	struct injmodel_params p;
	uint32_t mask;
	double bias, scale;
	int16_t *w;
	/* the hidden-layer part (format 3, emb_bits > 0) */
	uint32_t emb_bits, emask, dim, hidden;
	float mix;       /* the LR's share of the logit; the MLP has 1 - mix */
	float *rscale;   /* 2^emb_bits row scales */
	int8_t *emb;     /* 2^emb_bits x dim */
	float *w1, *b1, *w2, b2; /* hidden x dim, hidden, hidden */
	char version[INJMODEL_NAME_MAX + 40];
};

/* ---- features ---- */

static inline uint32_t fnv(uint32_t h, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 16777619u;
	return h;
}

/* A final mix so that the low bits (the bucket) depend on every byte. */
static inline uint32_t mix(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x7feb352du;
	h ^= h >> 15;
	h *= 0x846ca68bu;
	h ^= h >> 16;
	return h;
}

enum { F_WORD = 0x1000193, F_PAIR = 0x2000193, F_PAIR_BRK = 0x3000193, F_GRAM = 0x4000193,
       F_CLS = 0x5000193, F_CPAIR = 0x6000193, F_CWORD = 0x7000193 };

/* Caps on the class features one token adds. */
#define CLS_MAX 6    /* its own classes */
#define CPAIR_MAX 24 /* pairs with the classes before it */
#define CWORD_MAX 6  /* the nearest classed token's classes with its word */

static void put_tok(struct injmodel_work *w, size_t off)
{
	if (w->ntok + 1 >= w->atok) {
		size_t na = w->atok ? w->atok * 2 : 256;
		uint32_t *nv = realloc(w->tok, na * sizeof(*nv));
		if (!nv)
			abort();
		w->tok = nv;
		nv = realloc(w->cend, na * sizeof(*nv));
		if (!nv)
			abort();
		w->cend = nv;
		w->atok = na;
	}
	w->tok[w->ntok] = (uint32_t)off;
}

int injmodel_params_check(const struct injmodel_params *p, char *err, size_t errlen)
{
	const char *why = NULL;
	if (p->bits < 10 || p->bits > 24)
		why = "bits out of range [10, 24]";
	else if (p->ngram_min < 1 || p->ngram_max > 8 || p->ngram_min > p->ngram_max)
		why = "n-gram lengths out of range [1, 8]";
	else if (p->max_cp < p->ngram_max || p->max_cp > 64)
		why = "max_cp out of range [ngram_max, 64]";
	else if (p->window < 1 || p->window > 4096)
		why = "window out of range [1, 4096]";
	else if (p->stride < 1 || p->stride > p->window)
		why = "stride out of range [1, window]";
	else if (p->lex_span > INJMODEL_LEX_SPAN_MAX)
		why = "lex_span out of range [0, 16]";
	if (why) {
		snprintf(err, errlen, "injection model: %s", why);
		return -1;
	}
	return 0;
}

/* Whether the text is inside quotation marks after the gap g[0, n) between
 * two tokens: a double or typographic quote toggles; a straight or curly
 * single quote only where the gap is more than the mark (not "don't"); a
 * line break ends a quotation. */
static int quote_state(const char *g, size_t n, int first, int q)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)g[i];
		if (c == '\n') {
			q = 0;
		} else if (c == '"') {
			q = !q;
		} else if (c == '\'') {
			if (n > 1 || first)
				q = !q;
		} else if (c == 0xE2 && i + 2 < n && (unsigned char)g[i + 1] == 0x80) {
			unsigned char d = (unsigned char)g[i + 2];
			/* U+201C U+201D U+201E: double; U+2018 U+2019: single */
			if (d == 0x9C || d == 0x9D || d == 0x9E)
				q = !q;
			else if ((d == 0x98 || d == 0x99) && (n > 3 || first))
				q = !q;
			i += 2;
		} else if (c == 0xC2 && i + 1 < n && ((unsigned char)g[i + 1] == 0xAB || (unsigned char)g[i + 1] == 0xBB)) {
			q = (unsigned char)g[i + 1] == 0xAB; /* « opens, » closes */
			i += 1;
		} else if (c == 0xE3 && i + 2 < n && (unsigned char)g[i + 1] == 0x80) {
			unsigned char d = (unsigned char)g[i + 2];
			if (d == 0x8C || d == 0x8E) /* 「 『 */
				q = 1;
			else if (d == 0x8D || d == 0x8F) /* 」 』 */
				q = 0;
			i += 2;
		}
	}
	return q;
}

void injmodel_features(const struct injmodel_params *p, const char *s, size_t n,
		       struct injmodel_work *w)
{
	struct ij_text t;
	if (!s)
		s = "", n = 0;
	ij_phrases_init(); /* the segmentation vocabulary */
	ij_text_build(&t, s, n);
	ij_model_features(p, &t, w);
	ij_text_release(&t);
}

void ij_model_features(const struct injmodel_params *p, const struct ij_text *tx,
		       struct injmodel_work *w)
{
	const struct ij_text t = *tx;
	const uint32_t mask = (1u << p->bits) - 1;
	/* the most ids one token can add: word, pair, n-grams of max_cp + 2 symbols */
	const size_t per_tok = 2 + (size_t)(p->max_cp + 2) * (p->ngram_max - p->ngram_min + 1) +
			       (p->lex_span ? CLS_MAX + CPAIR_MAX + CWORD_MAX : 0);
	w->nids = 0;
	w->ntok = 0;
	const uint32_t *cls = NULL;
	if (p->lex_span) {
		if (w->acls < t.ntok + 1) {
			uint32_t *nv = realloc(w->cls, (t.ntok + 1) * sizeof(*nv));
			if (!nv)
				abort();
			w->cls = nv;
			w->acls = t.ntok + 1;
		}
		ij_lex_classes(&t, w->cls);
		cls = w->cls;
	}
	size_t last_brk = 0; /* the last token with a hard clause break before it */
	int quoted = 0;      /* inside quotation marks */
	size_t prev_end = 0;
	/* boundary-marked token, cut at max_cp code points: \1 tok \2 */
	char buf[2 + 64 * 4];
	size_t pos[64 + 3];
	const char *prev = NULL;
	size_t prevlen = 0;
	for (size_t i = 0; i < t.ntok; i++) {
		const struct ij_tok *k = &t.tok[i];
		const char *tp = t.norm.p + k->off;
		if (w->nids > ((size_t)1 << 30))
			break; /* token offsets are 32-bit; a GB-long string stops here */
		while (w->nids + per_tok > w->aids) {
			size_t na = w->aids ? w->aids * 2 : 4096;
			uint32_t *nv = realloc(w->ids, na * sizeof(*nv));
			if (!nv)
				abort();
			w->ids = nv;
			w->aids = na;
		}
		size_t tl = k->len;
		put_tok(w, w->nids);
		if (w->aspan < 2 * (w->ntok + 1)) {
			size_t na = w->atok * 2;
			size_t *nv = realloc(w->span, na * sizeof(*nv));
			if (!nv)
				abort();
			w->span = nv;
			w->aspan = na;
		}
		w->span[2 * w->ntok] = k->start;
		w->span[2 * w->ntok + 1] = k->end;
		w->ntok++;
		uint32_t *out = w->ids + w->nids;
		if ((k->flags & IJ_BREAK) && !(k->flags & IJ_SOFT))
			last_brk = i;
		if (cls) {
			if (k->start > prev_end && k->start <= t.n)
				quoted = quote_state(t.s + prev_end, k->start - prev_end, i == 0, quoted);
			if (k->end > prev_end)
				prev_end = k->end;
		}
		if (cls && cls[i]) {
			/* word classes: its own, ordered pairs with the classes up
			 * to lex_span tokens before, and the nearest classed
			 * token's classes with this word */
			size_t nc = 0, np = 0, ncw = 0;
			for (uint32_t m = cls[i]; m && nc < CLS_MAX; m &= m - 1, nc++)
				*out++ = mix((p->seed ^ F_CLS) * 16777619u + ((uint32_t)__builtin_ctz(m) << 1 | (uint32_t)quoted)) &
					 mask;
			size_t lo = i > p->lex_span ? i - p->lex_span : 0;
			int nearest = 1;
			for (size_t j = i; j-- > lo;) {
				if (!cls[j])
					continue;
				uint32_t tag = (uint32_t)(quoted << 2 | (last_brk > j) << 1 | (i - j > 1));
				for (uint32_t a = cls[j]; a; a &= a - 1) {
					uint32_t ca = (uint32_t)__builtin_ctz(a);
					for (uint32_t b = cls[i]; b && np < CPAIR_MAX; b &= b - 1, np++) {
						uint32_t key = (ca << 5 | (uint32_t)__builtin_ctz(b)) << 3 | tag;
						*out++ = mix((p->seed ^ F_CPAIR) * 16777619u + key) & mask;
					}
					if (nearest && ncw < CWORD_MAX) {
						*out++ = mix(fnv((p->seed ^ F_CWORD) + ca, tp, tl)) & mask;
						ncw++;
					}
				}
				nearest = 0;
			}
		} else if (cls) {
			/* an unclassed word after a classed one: "print your
			 * preamble" teaches REVEAL + "preamble" */
			size_t lo = i > p->lex_span ? i - p->lex_span : 0, ncw = 0;
			for (size_t j = i; j-- > lo;) {
				if (!cls[j])
					continue;
				for (uint32_t a = cls[j]; a && ncw < CWORD_MAX; a &= a - 1, ncw++)
					*out++ = mix(fnv((p->seed ^ F_CWORD) + (uint32_t)__builtin_ctz(a), tp, tl)) &
						 mask;
				break;
			}
		}
		w->cend[w->ntok - 1] = (uint32_t)(out - w->ids);
		*out++ = mix(fnv(p->seed ^ F_WORD, tp, tl)) & mask;
		if (prev) {
			uint32_t h = fnv(p->seed ^ ((k->flags & IJ_BREAK) ? F_PAIR_BRK : F_PAIR), prev, prevlen);
			h = fnv(h ^ 0xFF, tp, tl);
			*out++ = mix(h) & mask;
		}
		prev = tp;
		prevlen = tl;
		/* code-point n-grams */
		size_t m = 0, bl = 0;
		buf[bl++] = 1;
		pos[m++] = 0;
		for (size_t j = 0; j < tl && m <= p->max_cp;) {
			size_t c = j + 1;
			while (c < tl && ((unsigned char)tp[c] & 0xC0) == 0x80)
				c++;
			if (c - j > 4) /* cannot happen: the fold writes valid UTF-8 */
				break;
			pos[m++] = bl;
			memcpy(buf + bl, tp + j, c - j);
			bl += c - j;
			j = c;
		}
		pos[m++] = bl;
		buf[bl++] = 2;
		pos[m] = bl;
		/* m symbols: pos[0..m-1] starts, pos[m] the end. The hash of
		 * an n-gram extends the (n-1)-gram's; its length goes in last. */
		for (size_t a = 0; a + p->ngram_min <= m; a++) {
			uint32_t h = p->seed ^ F_GRAM;
			size_t lim = a + p->ngram_max <= m ? p->ngram_max : m - a;
			for (size_t g = 1; g <= lim; g++) {
				h = fnv(h, buf + pos[a + g - 1], pos[a + g] - pos[a + g - 1]);
				if (g >= p->ngram_min)
					*out++ = mix(h + (uint32_t)g * 0x9e3779b9u) & mask;
			}
		}
		w->nids = (size_t)(out - w->ids);
	}
	put_tok(w, w->nids);
}

void injmodel_work_release(struct injmodel_work *w)
{
	free(w->ids);
	free(w->tok);
	free(w->pre);
	free(w->span);
	free(w->cls);
	free(w->cend);
	free(w->vec);
	memset(w, 0, sizeof(*w));
}

/* ---- loading ---- */

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static float rdf32(const unsigned char *p)
{
	uint32_t u = rd32(p);
	float f;
	memcpy(&f, &u, sizeof(f));
	return f;
}

struct injmodel *injmodel_load(const void *data, size_t n, char *err, size_t errlen)
{
	const unsigned char *d = data;
	if (!d || n < INJMODEL_HEADER || memcmp(d, INJMODEL_MAGIC, 8) != 0) {
		snprintf(err, errlen, "injection model: not a weights file (bad magic or too short)");
		return NULL;
	}
	if (rd32(d + 8) != INJMODEL_FORMAT || rd32(d + 12) != INJMODEL_HEADER) {
		snprintf(err, errlen, "injection model: format %u not supported (this build reads %d)",
			 rd32(d + 8), INJMODEL_FORMAT);
		return NULL;
	}
	struct injmodel_params p = { rd32(d + 16), rd32(d + 20), rd32(d + 24), rd32(d + 28),
				     rd32(d + 32), rd32(d + 36), rd32(d + 40), rd32(d + 96) };
	if (injmodel_params_check(&p, err, errlen) < 0)
		return NULL;
	uint32_t lh = rd32(d + 100);
	if (p.lex_span ? lh != ij_lex_hash() : lh != 0) {
		snprintf(err, errlen,
			 "injection model: trained with another word-class lexicon (%08x, this build has %08x)",
			 lh, p.lex_span ? ij_lex_hash() : 0);
		return NULL;
	}
	if (rd32(d + 44) != 1) {
		snprintf(err, errlen, "injection model: weight type %u not supported", rd32(d + 44));
		return NULL;
	}
	double bias = rdf32(d + 48), scale = rdf32(d + 52);
	if (!isfinite(bias) || fabs(bias) > 1e4 || !isfinite(scale) || !(scale > 0) || scale > 1e3) {
		snprintf(err, errlen, "injection model: bias or scale out of range");
		return NULL;
	}
	const char *name = (const char *)d + 56;
	size_t nl = 0;
	while (nl < INJMODEL_NAME_MAX && name[nl])
		nl++;
	if (nl == 0 || nl == INJMODEL_NAME_MAX) {
		snprintf(err, errlen, "injection model: name missing or not terminated");
		return NULL;
	}
	for (size_t i = 0; i < nl; i++)
		if (name[i] < 0x20 || name[i] > 0x7E) {
			snprintf(err, errlen, "injection model: name is not printable ASCII");
			return NULL;
		}
	for (size_t i = 56 + nl; i < INJMODEL_HEADER; i++)
		if (d[i] && (i < 96 || i >= 120)) {
			snprintf(err, errlen, "injection model: reserved header bytes are not zero");
			return NULL;
		}
	uint32_t eb = rd32(d + 104), dim = rd32(d + 108), hid = rd32(d + 112);
	float mix = rdf32(d + 116);
	if (eb == 0 ? dim || hid || rd32(d + 116)
		    : eb < 10 || eb > INJMODEL_EMB_BITS_MAX || dim < 1 || dim > INJMODEL_DIM_MAX || hid < 1 ||
			      hid > INJMODEL_HIDDEN_MAX || !(mix >= 0 && mix <= 1)) {
		snprintf(err, errlen, "injection model: hidden-layer sizes out of range");
		return NULL;
	}
	size_t dims = (size_t)1 << p.bits, rows = eb ? (size_t)1 << eb : 0;
	size_t want = INJMODEL_HEADER + 2 * dims;
	if (eb)
		want += 4 * rows + rows * dim + 4 * ((size_t)hid * dim + 2 * (size_t)hid + 1);
	if (n != want) {
		snprintf(err, errlen, "injection model: %zu bytes, expected %zu for 2^%u weights%s", n, want,
			 p.bits, eb ? " and the hidden layer" : "");
		return NULL;
	}
	struct injmodel *m = calloc(1, sizeof(*m));
	if (!m)
		abort();
	m->w = malloc(dims * sizeof(*m->w));
	if (!m->w)
		abort();
	const unsigned char *q = d + INJMODEL_HEADER;
	for (size_t i = 0; i < dims; i++)
		m->w[i] = (int16_t)(uint16_t)(q[2 * i] | q[2 * i + 1] << 8);
	q += 2 * dims;
	if (eb) {
		size_t nw1 = (size_t)hid * dim;
		m->emb_bits = eb;
		m->emask = (uint32_t)(rows - 1);
		m->dim = dim;
		m->hidden = hid;
		m->mix = mix;
		m->rscale = malloc(rows * sizeof(float));
		m->emb = malloc(rows * dim);
		m->w1 = malloc((nw1 + 2 * hid) * sizeof(float));
		if (!m->rscale || !m->emb || !m->w1)
			abort();
		m->b1 = m->w1 + nw1;
		m->w2 = m->b1 + hid;
		const char *why = NULL;
		for (size_t i = 0; i < rows; i++, q += 4) {
			m->rscale[i] = rdf32(q);
			if (!(m->rscale[i] >= 0 && m->rscale[i] <= 1e3f))
				why = "row scale";
		}
		memcpy(m->emb, q, rows * dim);
		q += rows * dim;
		for (size_t i = 0; i < nw1 + 2 * (size_t)hid; i++, q += 4) {
			m->w1[i] = rdf32(q);
			if (!(fabsf(m->w1[i]) <= 1e4f))
				why = "hidden-layer weight";
		}
		m->b2 = rdf32(q);
		if (!(fabsf(m->b2) <= 1e4f))
			why = "hidden-layer weight";
		if (why) {
			snprintf(err, errlen, "injection model: %s out of range", why);
			injmodel_free(m);
			return NULL;
		}
	}
	m->p = p;
	m->mask = (uint32_t)(dims - 1);
	m->bias = bias;
	m->scale = scale;
	unsigned char h[HASH_SHA256_LEN];
	char hex[17];
	hash_sha256(d, n, h);
	hash_hex(h, 8, hex);
	snprintf(m->version, sizeof(m->version), "%.*s sha256:%s", (int)nl, name, hex);
	return m;
}

struct injmodel *injmodel_open(const char *path, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		snprintf(err, errlen, "cannot open injection model '%s': %s", path, strerror(errno));
		return NULL;
	}
	/* The largest valid file has 2^24 weights and the largest hidden
	 * layer; read one byte past it to tell a longer file from a valid one. */
	size_t erows = (size_t)1 << INJMODEL_EMB_BITS_MAX;
	size_t cap = INJMODEL_HEADER + 2 * ((size_t)1 << 24) + 4 * erows + erows * INJMODEL_DIM_MAX +
		     4 * ((size_t)INJMODEL_HIDDEN_MAX * INJMODEL_DIM_MAX + 2 * INJMODEL_HIDDEN_MAX + 1) + 1,
	       len = 0;
	unsigned char *data = malloc(1 << 16);
	size_t alloc = 1 << 16;
	if (!data)
		abort();
	for (;;) {
		if (len == alloc) {
			alloc *= 2;
			unsigned char *nd = realloc(data, alloc);
			if (!nd)
				abort();
			data = nd;
		}
		size_t want = alloc - len;
		if (want > cap - len)
			want = cap - len;
		size_t k = fread(data + len, 1, want, fp);
		len += k;
		if (k == 0 || len == cap)
			break;
	}
	int bad = ferror(fp);
	fclose(fp);
	if (bad) {
		free(data);
		snprintf(err, errlen, "cannot read injection model '%s'", path);
		return NULL;
	}
	char inner[256];
	struct injmodel *m = injmodel_load(data, len, inner, sizeof(inner));
	free(data);
	if (!m)
		snprintf(err, errlen, "%s: %s", path, inner);
	return m;
}

void injmodel_free(struct injmodel *m)
{
	if (!m)
		return;
	free(m->w);
	free(m->rscale);
	free(m->emb);
	free(m->w1);
	free(m);
}

const char *injmodel_version(const struct injmodel *m)
{
	return m->version;
}

uint32_t injmodel_lexicon_hash(void)
{
	return ij_lex_hash();
}

unsigned injmodel_lexicon_classes(void)
{
	return IJ_NCLASS;
}

const char *injmodel_lexicon_word(unsigned cls, size_t i)
{
	return ij_lex_word(cls, i);
}

const struct injmodel_params *injmodel_params_of(const struct injmodel *m)
{
	return &m->p;
}

/* ---- scoring ---- */

static double mlp_best(const struct injmodel *m, struct injmodel_work *w);

static double sigmoid(double z)
{
	return 1.0 / (1.0 + exp(-z));
}

double injmodel_window_logit(const struct injmodel *m, const struct injmodel_work *w, size_t a,
			     size_t b)
{
	long long sum = 0;
	size_t lo = w->tok[a], hi = w->tok[b];
	for (size_t i = lo; i < hi; i++)
		sum += m->w[w->ids[i] & m->mask];
	if (hi == lo)
		return m->bias;
	return m->bias + (double)sum * m->scale / sqrt((double)(hi - lo));
}

double injmodel_score(const struct injmodel *m, const char *s, size_t n, struct injmodel_work *w)
{
	return injmodel_score_span(m, s, n, w, NULL, NULL);
}

double injmodel_score_span(const struct injmodel *m, const char *s, size_t n,
			   struct injmodel_work *w, size_t *start, size_t *end)
{
	injmodel_features(&m->p, s, n, w);
	return ij_model_window_score(m, w, start, end);
}

double ij_model_score_text(const struct injmodel *m, const struct ij_text *t,
			   struct injmodel_work *w, size_t *start, size_t *end)
{
	ij_model_features(&m->p, t, w);
	return ij_model_window_score(m, w, start, end);
}

double ij_model_window_score(const struct injmodel *m, struct injmodel_work *w, size_t *start,
			     size_t *end)
{
	if (start)
		*start = *end = 0;
	if (w->ntok < INJMODEL_MIN_TOKENS)
		return 0;
	/* prefix sums of the token contributions: each weight is read once */
	if (w->apre < w->ntok + 1) {
		double *np = realloc(w->pre, (w->ntok + 1) * sizeof(*np));
		if (!np)
			abort();
		w->pre = np;
		w->apre = w->ntok + 1;
	}
	long long acc = 0;
	w->pre[0] = 0;
	for (size_t i = 0; i < w->ntok; i++) {
		for (size_t k = w->tok[i]; k < w->tok[i + 1]; k++)
			acc += m->w[w->ids[k] & m->mask];
		w->pre[i + 1] = (double)acc;
	}
	double best = -INFINITY;
	size_t W = m->p.window, S = m->p.stride;
	for (size_t a = 0;; a += S) {
		size_t b = a + W < w->ntok ? a + W : w->ntok;
		size_t nf = w->tok[b] - w->tok[a];
		double z = nf ? (w->pre[b] - w->pre[a]) * m->scale / sqrt((double)nf) : 0;
		if (z > best) {
			best = z;
			if (start)
				*start = w->span[2 * a], *end = w->span[2 * b - 1];
		}
		if (b == w->ntok)
			break;
	}
	if (!m->emb_bits)
		return sigmoid(m->bias + best);
	return sigmoid(m->bias + m->mix * best + (1 - m->mix) * mlp_best(m, w));
}

/* The hidden layer reads a token's word classes, its word and the word
 * pair it closes (every token but the first closes one): its features
 * [tok[t], mlp_end). The n-grams stay the linear part's: they are most of
 * the features and the hidden layer's cost is per feature. */
static size_t mlp_end(const struct injmodel_work *w, size_t t)
{
	size_t e = w->cend[t] + (t ? 2 : 1);
	return e < w->tok[t + 1] ? e : w->tok[t + 1];
}

/* The hidden layer's logit of the most suspicious window: per token the
 * sum of its features' embedding rows (int8 times the row's scale), per
 * window their sum over the square root of its feature count, one ReLU
 * layer, one output. */
static inline __attribute__((always_inline)) double mlp_best_d(const struct injmodel *m,
								 struct injmodel_work *w, const size_t D)
{
	const size_t H = m->hidden;
	if (w->avec < w->ntok * D) {
		float *nv = realloc(w->vec, w->ntok * D * sizeof(*nv));
		if (!nv)
			abort();
		w->vec = nv;
		w->avec = w->ntok * D;
	}
	for (size_t t = 0; t < w->ntok; t++) {
		float acc[INJMODEL_DIM_MAX];
		for (size_t d = 0; d < D; d++)
			acc[d] = 0;
		for (size_t k = w->tok[t], e = mlp_end(w, t); k < e; k++) {
			uint32_t r = w->ids[k] & m->emask;
			const int8_t *row = m->emb + (size_t)r * D;
			float sc = m->rscale[r];
			for (size_t d = 0; d < D; d++)
				acc[d] += sc * (float)row[d];
		}
		memcpy(w->vec + t * D, acc, D * sizeof(float));
	}
	double best = -INFINITY;
	float x[INJMODEL_DIM_MAX];
	size_t W = m->p.window, S = m->p.stride;
	for (size_t a = 0;; a += S) {
		size_t b = a + W < w->ntok ? a + W : w->ntok;
		size_t nf = 0;
		for (size_t d = 0; d < D; d++)
			x[d] = 0;
		for (size_t t = a; t < b; t++) {
			nf += mlp_end(w, t) - w->tok[t];
			for (size_t d = 0; d < D; d++)
				x[d] += w->vec[t * D + d];
		}
		float s = nf ? (float)(1.0 / sqrt((double)nf)) : 0;
		double z = m->b2;
		for (size_t j = 0; j < H; j++) {
			const float *r = m->w1 + j * D;
			float h = 0;
			for (size_t d = 0; d < D; d++)
				h += r[d] * x[d];
			h = h * s + m->b1[j];
			if (h > 0)
				z += (double)m->w2[j] * h;
		}
		if (z > best)
			best = z;
		if (b == w->ntok)
			break;
	}
	return best;
}

/* The shipped dimension gets loops of a fixed length (vectorised). */
static double mlp_best(const struct injmodel *m, struct injmodel_work *w)
{
	return m->dim == 16 ? mlp_best_d(m, w, 16) : mlp_best_d(m, w, m->dim);
}

/* ---- writing (the trainer) ---- */

static void wr32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static void wrf32(unsigned char *p, float f)
{
	uint32_t u;
	memcpy(&u, &f, sizeof(u));
	wr32(p, u);
}

int injmodel_write(const char *path, const struct injmodel_params *p, const char *name,
		   double bias, const float *weights, char *err, size_t errlen)
{
	return injmodel_write_mlp(path, p, name, bias, weights, NULL, err, errlen);
}

static void put_f32s(unsigned char **q, const float *v, size_t n)
{
	for (size_t i = 0; i < n; i++, *q += 4)
		wrf32(*q, v[i]);
}

int injmodel_write_mlp(const char *path, const struct injmodel_params *p, const char *name,
		       double bias, const float *weights, const struct injmodel_mlp *mlp, char *err,
		       size_t errlen)
{
	if (injmodel_params_check(p, err, errlen) < 0)
		return -1;
	size_t nl = strlen(name);
	if (nl == 0 || nl >= INJMODEL_NAME_MAX) {
		snprintf(err, errlen, "injection model: name must be 1..%d bytes", INJMODEL_NAME_MAX - 1);
		return -1;
	}
	if (mlp && (mlp->emb_bits < 10 || mlp->emb_bits > INJMODEL_EMB_BITS_MAX || mlp->dim < 1 ||
		    mlp->dim > INJMODEL_DIM_MAX || mlp->hidden < 1 || mlp->hidden > INJMODEL_HIDDEN_MAX ||
		    !(mlp->mix >= 0 && mlp->mix <= 1))) {
		snprintf(err, errlen, "injection model: hidden-layer sizes out of range");
		return -1;
	}
	size_t dims = (size_t)1 << p->bits;
	size_t rows = mlp ? (size_t)1 << mlp->emb_bits : 0, D = mlp ? mlp->dim : 0, H = mlp ? mlp->hidden : 0;
	double mx = 0;
	for (size_t i = 0; i < dims; i++)
		if (fabs(weights[i]) > mx)
			mx = fabs(weights[i]);
	float scale = (float)(mx > 0 ? mx / 32767.0 : 1.0);
	size_t n = INJMODEL_HEADER + 2 * dims;
	if (mlp)
		n += 4 * rows + rows * D + 4 * (H * D + 2 * H + 1);
	unsigned char *d = calloc(1, n);
	if (!d)
		abort();
	memcpy(d, INJMODEL_MAGIC, 8);
	wr32(d + 8, INJMODEL_FORMAT);
	wr32(d + 12, INJMODEL_HEADER);
	wr32(d + 16, p->bits);
	wr32(d + 20, p->seed);
	wr32(d + 24, p->ngram_min);
	wr32(d + 28, p->ngram_max);
	wr32(d + 32, p->max_cp);
	wr32(d + 36, p->window);
	wr32(d + 40, p->stride);
	wr32(d + 44, 1);
	wrf32(d + 48, (float)bias);
	wrf32(d + 52, scale);
	memcpy(d + 56, name, nl);
	wr32(d + 96, p->lex_span);
	wr32(d + 100, p->lex_span ? ij_lex_hash() : 0);
	if (mlp) {
		wr32(d + 104, mlp->emb_bits);
		wr32(d + 108, (uint32_t)D);
		wr32(d + 112, (uint32_t)H);
		wrf32(d + 116, mlp->mix);
	}
	for (size_t i = 0; i < dims; i++) {
		long q = lrint(weights[i] / scale);
		if (q > 32767)
			q = 32767;
		if (q < -32767)
			q = -32767;
		uint16_t u = (uint16_t)(int16_t)q;
		d[INJMODEL_HEADER + 2 * i] = (unsigned char)u;
		d[INJMODEL_HEADER + 2 * i + 1] = (unsigned char)(u >> 8);
	}
	if (mlp) {
		/* each embedding row in int8 with its own scale */
		unsigned char *q = d + INJMODEL_HEADER + 2 * dims, *e = q + 4 * rows;
		for (size_t r = 0; r < rows; r++) {
			const float *row = mlp->emb + r * D;
			float rm = 0;
			for (size_t k = 0; k < D; k++)
				if (fabsf(row[k]) > rm)
					rm = fabsf(row[k]);
			float rs = rm > 0 ? rm / 127.0f : 0;
			wrf32(q + 4 * r, rs);
			for (size_t k = 0; k < D; k++) {
				long v = rs > 0 ? lrintf(row[k] / rs) : 0;
				v = v > 127 ? 127 : v < -127 ? -127 : v;
				e[r * D + k] = (unsigned char)(int8_t)v;
			}
		}
		q = e + rows * D;
		put_f32s(&q, mlp->w1, H * D);
		put_f32s(&q, mlp->b1, H);
		put_f32s(&q, mlp->w2, H);
		put_f32s(&q, &mlp->b2, 1);
	}
	FILE *fp = fopen(path, "wb");
	int rc = 0;
	if (!fp || fwrite(d, 1, n, fp) != n) {
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
		rc = -1;
	}
	if (fp && fclose(fp) != 0 && rc == 0) {
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
		rc = -1;
	}
	free(d);
	return rc;
}
