/*
 * sampler: see sampler.h. Candidates are (id, logit) pairs; sorting is done
 * only when a filter needs order (top-k uses a partial selection first, so
 * a 32000-token vocabulary is not fully sorted for every token).
 */
#include "engine/sampler.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cand {
	int32_t id;
	float v; /* logit, then probability */
};

struct sampler {
	struct sampler_config c;
	int32_t n_vocab;
	uint64_t state;
	int32_t *hist; /* ring of the last repeat_last_n tokens */
	int nhist, hpos;
	struct cand *cand;
	uint8_t *seen;
};

void sampler_config_default(struct sampler_config *c)
{
	c->temperature = 0.8f;
	c->top_k = 40;
	c->top_p = 0.95f;
	c->min_p = 0.05f;
	c->repeat_penalty = 1.0f;
	c->repeat_last_n = 64;
	c->seed = 0;
}

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

double sampler_rand(struct sampler *s)
{
	uint64_t x = s->state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	s->state = x;
	return (double)((x * 0x2545F4914F6CDD1DULL) >> 11) * (1.0 / 9007199254740992.0);
}

int sampler_new(const struct sampler_config *c, int32_t n_vocab, struct sampler **out, char *err, size_t errlen)
{
	*out = NULL;
	if (n_vocab <= 0) {
		snprintf(err, errlen, "sampler: empty vocabulary");
		return -1;
	}
	if (!(c->temperature == c->temperature) || !(c->top_p >= 0) || !(c->min_p >= 0) || !(c->min_p <= 1) ||
	    !(c->repeat_penalty > 0) || c->repeat_last_n < 0 || c->repeat_last_n > (1 << 20)) {
		snprintf(err, errlen, "sampler: bad value (temperature %g, top_p %g, min_p %g, repeat_penalty %g, "
			 "repeat_last_n %d)", c->temperature, c->top_p, c->min_p, c->repeat_penalty, c->repeat_last_n);
		return -1;
	}
	struct sampler *s = calloc(1, sizeof(*s));
	if (!s)
		goto oom;
	s->c = *c;
	s->n_vocab = n_vocab;
	uint64_t seed = c->seed;
	s->state = splitmix64(&seed);
	if (!s->state)
		s->state = 1; /* xorshift's one fixed point */
	s->cand = malloc((size_t)n_vocab * sizeof(*s->cand));
	s->seen = calloc((size_t)n_vocab, 1);
	s->hist = malloc((size_t)(c->repeat_last_n ? c->repeat_last_n : 1) * sizeof(int32_t));
	if (!s->cand || !s->seen || !s->hist)
		goto oom;
	*out = s;
	return 0;
oom:
	sampler_free(s);
	snprintf(err, errlen, "out of memory");
	return -1;
}

void sampler_free(struct sampler *s)
{
	if (!s)
		return;
	free(s->cand);
	free(s->seen);
	free(s->hist);
	free(s);
}

void sampler_accept(struct sampler *s, int32_t id)
{
	if (s->c.repeat_last_n <= 0)
		return;
	s->hist[s->hpos] = id;
	s->hpos = (s->hpos + 1) % s->c.repeat_last_n;
	if (s->nhist < s->c.repeat_last_n)
		s->nhist++;
}

int32_t sampler_argmax(const float *logits, int32_t n)
{
	int32_t best = 0;
	for (int32_t i = 1; i < n; i++)
		if (logits[i] > logits[best])
			best = i;
	return best;
}

static int cmp_desc(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->v > y->v)
		return -1;
	if (x->v < y->v)
		return 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Moves the k largest to the front (unordered), quickselect style. */
static void select_top(struct cand *c, int32_t n, int32_t k)
{
	int32_t lo = 0, hi = n - 1;
	while (lo < hi) {
		struct cand pivot = c[(lo + hi) / 2];
		int32_t i = lo, j = hi;
		while (i <= j) {
			while (cmp_desc(&c[i], &pivot) < 0)
				i++;
			while (cmp_desc(&c[j], &pivot) > 0)
				j--;
			if (i <= j) {
				struct cand t = c[i];
				c[i] = c[j];
				c[j] = t;
				i++;
				j--;
			}
		}
		if (k - 1 <= j)
			hi = j;
		else if (k - 1 >= i)
			lo = i;
		else
			break;
	}
}

int32_t sampler_sample(struct sampler *s, float *logits)
{
	int32_t n = s->n_vocab;
	if (s->c.repeat_penalty != 1.0f && s->nhist > 0) {
		for (int i = 0; i < s->nhist; i++) {
			int32_t id = s->hist[i];
			if (id < 0 || id >= n || s->seen[id])
				continue;
			s->seen[id] = 1;
			logits[id] = logits[id] > 0 ? logits[id] / s->c.repeat_penalty : logits[id] * s->c.repeat_penalty;
		}
		for (int i = 0; i < s->nhist; i++)
			if (s->hist[i] >= 0 && s->hist[i] < n)
				s->seen[s->hist[i]] = 0;
	}
	if (s->c.temperature <= 0)
		return sampler_argmax(logits, n);
	struct cand *c = s->cand;
	for (int32_t i = 0; i < n; i++) {
		c[i].id = i;
		c[i].v = logits[i];
	}
	int32_t m = n;
	if (s->c.top_k > 0 && s->c.top_k < m) {
		select_top(c, m, s->c.top_k);
		m = s->c.top_k;
	}
	qsort(c, (size_t)m, sizeof(*c), cmp_desc);
	float mx = c[0].v;
	double sum = 0;
	for (int32_t i = 0; i < m; i++) {
		c[i].v = expf((c[i].v - mx) / s->c.temperature);
		sum += c[i].v;
	}
	for (int32_t i = 0; i < m; i++)
		c[i].v = (float)(c[i].v / sum);
	if (s->c.top_p < 1.0f) {
		double cum = 0;
		int32_t k = 0;
		while (k < m) {
			cum += c[k++].v;
			if (cum >= s->c.top_p)
				break;
		}
		m = k > 0 ? k : 1;
	}
	if (s->c.min_p > 0) {
		float lim = c[0].v * s->c.min_p;
		int32_t k = 1;
		while (k < m && c[k].v >= lim)
			k++;
		m = k;
	}
	sum = 0;
	for (int32_t i = 0; i < m; i++)
		sum += c[i].v;
	double r = sampler_rand(s) * sum, cum = 0;
	for (int32_t i = 0; i < m; i++) {
		cum += c[i].v;
		if (r < cum)
			return c[i].id;
	}
	return c[m - 1].id;
}
