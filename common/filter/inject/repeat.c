/*
 * repeat.c: excessive repetition. Flooding a prompt with one token ("poem
 * poem poem ...", the divergence trick that made models emit training
 * data), with a short phrase, or with one character pushes earlier
 * instructions out of the context window. Runs are measured on folded
 * tokens (so case and punctuation do not hide them) and on raw code points.
 *
 * Score: 0.5 at the threshold, +0.1 per doubling, at most 0.9. Thresholds:
 * 16 repeats of a token or of a phrase of 2..8 tokens, 512 of a character;
 * ordinary chants ("go team go" x3, "buffalo" x8) stay well below.
 */
#include <math.h>
#include <string.h>

#include "filter/inject/inject_int.h"

#define TOK_MIN 16
#define CHAR_MIN 512
#define MAX_PERIOD 8

static double grade(double r, double min)
{
	if (r < min)
		return 0;
	double s = 0.5 + 0.1 * log2(r / min);
	return s > 0.9 ? 0.9 : s;
}

static int same(const struct ij_text *t, size_t a, size_t b)
{
	const struct ij_tok *x = &t->tok[a], *y = &t->tok[b];
	return x->hash == y->hash && x->len == y->len &&
	       memcmp(t->norm.p + x->off, t->norm.p + y->off, x->len) == 0;
}

void ij_repetition(const struct ij_text *t, struct inject_list *out)
{
	double best = 0;
	size_t ba = 0, be = 0;
	for (size_t p = 1; p <= MAX_PERIOD && p < t->ntok; p++) {
		/* a scoring run holds at least (TOK_MIN - 1) * p consecutive
		 * matches, so probing every half of that finds each one */
		size_t step = (TOK_MIN - 1) * p / 2;
		for (size_t i = p; i < t->ntok; i += step) {
			if (!same(t, i, i - p))
				continue;
			size_t a = i, e = i + 1;
			while (a > p && same(t, a - 1, a - 1 - p))
				a--;
			while (e < t->ntok && same(t, e, e - p))
				e++;
			/* e - a matches of period p: (e - a + p) / p copies */
			double reps = (double)(e - a + p) / (double)p;
			double sc = grade(reps, TOK_MIN);
			if (sc > best) {
				best = sc;
				ba = t->tok[a - p].start;
				be = t->tok[e - 1].end;
			}
			i = e;
		}
	}
	if (best > 0)
		ij_push(out, "repetition", ba, be, best, NULL, 0);
	double cs = grade((double)t->longest_run, CHAR_MIN);
	if (cs > 0) {
		/* the run's end: longest_run code points of one length */
		size_t a = t->run_start, e = a;
		for (size_t k = 0; k < t->longest_run && e < t->n; k++)
			(void)ij_utf8_next(t->s, t->n, &e);
		ij_push(out, "repetition", a, e, cs, NULL, 0);
	}
}
