/*
 * inject.c: the scan driver, the finding list and the combined score.
 * See inject.h for the heuristics and inject_int.h for how they share work.
 */
#include <stdlib.h>
#include <string.h>

#include "filter/inject/inject_int.h"

#define IJ_DETAIL_MAX 200

void ij_push(struct inject_list *out, const char *heuristic, size_t start, size_t end,
	     double score, const char *detail, size_t detail_len)
{
	if (out->n == out->alloc) {
		size_t na = out->alloc ? out->alloc * 2 : 8;
		struct inject_finding *nv = realloc(out->v, na * sizeof(*nv));
		if (!nv)
			abort(); /* as buf.c: no caller could recover */
		out->v = nv;
		out->alloc = na;
	}
	if (score < 0)
		score = 0;
	if (score > 1)
		score = 1;
	struct inject_finding *f = &out->v[out->n++];
	f->heuristic = heuristic;
	f->start = start;
	f->end = end;
	f->score = score;
	f->detail = NULL;
	if (detail) {
		size_t k = detail_len;
		int cut = 0;
		if (k > IJ_DETAIL_MAX) {
			k = IJ_DETAIL_MAX;
			/* back up to a code point boundary */
			while (k > 0 && ((unsigned char)detail[k] & 0xC0) == 0x80)
				k--;
			cut = 1;
		}
		f->detail = malloc(k + 4);
		if (!f->detail)
			abort();
		memcpy(f->detail, detail, k);
		/* NULs in decoded payloads would truncate the C string early;
		 * make them visible instead */
		for (size_t i = 0; i < k; i++)
			if (f->detail[i] == '\0')
				f->detail[i] = ' ';
		if (cut)
			memcpy(f->detail + k, "...", 3), k += 3;
		f->detail[k] = '\0';
	}
}

static int cmp_finding(const void *a, const void *b)
{
	const struct inject_finding *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return strcmp(x->heuristic, y->heuristic);
}

/* The heuristics over a built text; the text stays built. */
static void scan_text(const struct ij_text *tp, struct inject_list *out, int depth)
{
	size_t first = out->n;
	const struct ij_text *t = tp;
	ij_phrases(t, out);
	ij_markers(t, out);
	ij_unicode(t, out, depth);
	ij_repetition(t, out);
	if (depth < IJ_MAX_DEPTH)
		ij_encoded(t, out, depth);
	if (out->n - first > 1)
		qsort(out->v + first, out->n - first, sizeof(*out->v), cmp_finding);
}

double inject_scan_model(const char *s, size_t n, struct inject_list *out, const struct injmodel *m,
			 struct injmodel_work *w, size_t *start, size_t *end)
{
	struct ij_text t;
	if (!s)
		n = 0, s = "";
	ij_phrases_init();
	ij_text_build(&t, s, n);
	scan_text(&t, out, 0);
	double sc = ij_model_score_text(m, &t, w, start, end);
	ij_text_release(&t);
	return sc;
}

void ij_scan_depth(const char *s, size_t n, struct inject_list *out, int depth)
{
	struct ij_text t;
	ij_phrases_init();
	ij_text_build(&t, s, n);
	scan_text(&t, out, depth);
	ij_text_release(&t);
}

void inject_scan(const char *s, size_t n, struct inject_list *out)
{
	if (!s)
		n = 0, s = "";
	ij_scan_depth(s, n, out, 0);
}

double ij_inner_score(const char *s, size_t n, int depth, const char **top)
{
	struct inject_list l = INJECT_LIST_INIT;
	ij_scan_depth(s, n, &l, depth);
	double sc = inject_list_score(&l);
	*top = inject_list_top(&l);
	inject_list_release(&l);
	return sc;
}

/* Heuristic names are static strings, but two files may spell the same name
 * with different pointers; compare by content. There are fewer than 32
 * names, so the table below is bounded and the fold stays linear in the
 * number of findings (a hostile text can have tens of thousands). */
double inject_list_score(const struct inject_list *l)
{
	const char *name[32];
	double best[32];
	size_t k = 0;
	for (size_t i = 0; i < l->n; i++) {
		size_t j;
		for (j = 0; j < k; j++)
			if (name[j] == l->v[i].heuristic || strcmp(name[j], l->v[i].heuristic) == 0)
				break;
		if (j == k) {
			if (k == 32)
				j = 31; /* cannot happen with the built-in names */
			else
				name[k] = l->v[i].heuristic, best[k] = 0, k++;
		}
		if (l->v[i].score > best[j])
			best[j] = l->v[i].score;
	}
	double keep = 1.0;
	for (size_t j = 0; j < k; j++)
		keep *= 1.0 - best[j];
	return 1.0 - keep;
}

const char *inject_list_top(const struct inject_list *l)
{
	const char *h = NULL;
	double m = -1;
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].score > m)
			m = l->v[i].score, h = l->v[i].heuristic;
	return h;
}

void inject_list_clear(struct inject_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].detail);
	l->n = 0;
}

void inject_list_release(struct inject_list *l)
{
	inject_list_clear(l);
	free(l->v);
	l->v = NULL;
	l->alloc = 0;
}
