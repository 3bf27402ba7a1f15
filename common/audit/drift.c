/*
 * drift: baseline-versus-window tests over the ledger; see drift.h.
 */
#include "audit/drift.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"

#define DRIFT_SMALL 1000
#define DRIFT_P 0.05
#define DRIFT_DIST 0.1
#define DRIFT_EPS 1e-4

static int cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Arrays must be sorted. */
double drift_ks(const double *a, size_t n, const double *b, size_t m, double *p)
{
	size_t i = 0, j = 0;
	double d = 0;
	while (i < n && j < m) {
		double x = a[i] <= b[j] ? a[i] : b[j];
		while (i < n && a[i] <= x)
			i++;
		while (j < m && b[j] <= x)
			j++;
		double f = fabs((double)i / (double)n - (double)j / (double)m);
		if (f > d)
			d = f;
	}
	double en = sqrt((double)n * (double)m / (double)(n + m));
	double lambda = (en + 0.12 + 0.11 / en) * d;
	/* Q_KS(lambda) = 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 lambda^2). */
	double q = 0, sign = 1, prev = 0;
	if (lambda < 1e-3) {
		q = 1;
	} else {
		for (int k = 1; k <= 100; k++) {
			double t = sign * 2 * exp(-2.0 * k * k * lambda * lambda);
			q += t;
			if (fabs(t) <= 1e-10 * q || fabs(t) <= 1e-12 * prev)
				break;
			prev = fabs(t);
			sign = -sign;
		}
		q = q < 0 ? 0 : q > 1 ? 1 : q;
	}
	*p = q;
	return d;
}

double drift_wasserstein_norm(const double *a, size_t n, const double *b, size_t m)
{
	/* Integral of |F_a - F_b| over the merged, sorted values. */
	size_t i = 0, j = 0;
	double w = 0, x = a[0] < b[0] ? a[0] : b[0];
	while (i < n || j < m) {
		double nx = j >= m || (i < n && a[i] <= b[j]) ? a[i] : b[j];
		w += fabs((double)i / (double)n - (double)j / (double)m) * (nx - x);
		x = nx;
		while (i < n && a[i] <= x)
			i++;
		while (j < m && b[j] <= x)
			j++;
	}
	double mean = 0, var = 0;
	for (size_t k = 0; k < n; k++)
		mean += a[k];
	mean /= (double)n;
	for (size_t k = 0; k < n; k++)
		var += (a[k] - mean) * (a[k] - mean);
	double sd = sqrt(var / (double)n);
	return w / (sd > 0.001 ? sd : 0.001);
}

/* Regularised upper incomplete gamma Q(a, x): series below a + 1, a
 * continued fraction (modified Lentz) above. */
static double gamma_q(double a, double x)
{
	if (x <= 0)
		return 1;
	double gln = lgamma(a);
	if (x < a + 1) {
		double ap = a, sum = 1 / a, del = sum;
		for (int k = 0; k < 1000; k++) {
			ap += 1;
			del *= x / ap;
			sum += del;
			if (fabs(del) < fabs(sum) * 1e-14)
				break;
		}
		double pv = sum * exp(-x + a * log(x) - gln);
		return pv > 1 ? 0 : 1 - pv;
	}
	double b = x + 1 - a, c = 1 / 1e-300, d = 1 / b, h = d;
	for (int k = 1; k < 1000; k++) {
		double an = -k * (k - a);
		b += 2;
		d = an * d + b;
		if (fabs(d) < 1e-300)
			d = 1e-300;
		c = b + an / c;
		if (fabs(c) < 1e-300)
			c = 1e-300;
		d = 1 / d;
		double del = d * c;
		h *= del;
		if (fabs(del - 1) < 1e-14)
			break;
	}
	return exp(-x + a * log(x) - gln) * h;
}

double drift_chi2_p(double chi2, int df)
{
	if (df < 1)
		return 1;
	return gamma_q(df / 2.0, chi2 / 2.0);
}

double drift_psi_numeric(const double *a, size_t n, const double *b, size_t m)
{
	double edges[9];
	for (int k = 1; k <= 9; k++)
		edges[k - 1] = a[(size_t)((double)k * (double)(n - 1) / 10.0)];
	double ca[10] = { 0 }, cb[10] = { 0 };
	for (size_t i = 0; i < n; i++) {
		int k = 0;
		while (k < 9 && a[i] > edges[k])
			k++;
		ca[k]++;
	}
	for (size_t i = 0; i < m; i++) {
		int k = 0;
		while (k < 9 && b[i] > edges[k])
			k++;
		cb[k]++;
	}
	double psi = 0;
	for (int k = 0; k < 10; k++) {
		double e = ca[k] / (double)n, o = cb[k] / (double)m;
		e = e < DRIFT_EPS ? DRIFT_EPS : e;
		o = o < DRIFT_EPS ? DRIFT_EPS : o;
		psi += (o - e) * log(o / e);
	}
	return psi;
}

/* ---- collecting values ---- */

enum { F_LATENCY, F_TTFT, F_PROMPT, F_OUTPUT, F_IN_TOK, F_OUT_TOK, NUM_FEATURES };
enum { C_CLASS, C_FINDINGS, C_STATUS, C_FINISH, CAT_FEATURES };
static const char *const num_names[NUM_FEATURES] = { "latency_ms", "ttft_ms", "prompt_bytes", "output_bytes",
						     "input_tokens", "output_tokens" };
static const int num_cols[NUM_FEATURES] = { 2, 3, 4, 5, 6, 7 };
static const double num_scale[NUM_FEATURES] = { 1e-3, 1e-3, 1, 1, 1, 1 };
static const char *const cat_names[CAT_FEATURES] = { "class", "finding_types", "status", "finish_reason" };
static const int cat_cols[CAT_FEATURES] = { 8, 11, 9, 10 };

struct dvec {
	double *v;
	size_t n, cap;
};

struct cat {
	char *name;
	double count[2];
};

struct cats {
	struct cat *v;
	size_t n, cap;
	double total[2];
};

struct group {
	char *backend, *model; /* NULL, NULL for all */
	struct dvec num[NUM_FEATURES][2];
	struct cats cat[CAT_FEATURES];
};

static void dpush(struct dvec *d, double x)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 256;
		d->v = realloc(d->v, d->cap * sizeof(*d->v));
		if (!d->v)
			abort();
	}
	d->v[d->n++] = x;
}

static void cpush(struct cats *c, const char *name, size_t len, int side)
{
	for (size_t i = 0; i < c->n; i++)
		if (strlen(c->v[i].name) == len && !memcmp(c->v[i].name, name, len)) {
			c->v[i].count[side]++;
			c->total[side]++;
			return;
		}
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->v = realloc(c->v, c->cap * sizeof(*c->v));
		if (!c->v)
			abort();
	}
	struct cat *k = &c->v[c->n++];
	k->name = strndup(name, len);
	if (!k->name)
		abort();
	k->count[0] = k->count[1] = 0;
	k->count[side] = 1;
	c->total[side]++;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static struct group *find_group(struct group **gs, size_t *n, const char *backend, const char *model)
{
	for (size_t i = 1; i < *n; i++)
		if (same((*gs)[i].backend, backend) && same((*gs)[i].model, model))
			return &(*gs)[i];
	struct group *g = realloc(*gs, (*n + 1) * sizeof(**gs));
	if (!g)
		abort();
	*gs = g;
	g = &(*gs)[(*n)++];
	memset(g, 0, sizeof(*g));
	g->backend = backend ? strdup(backend) : strdup("");
	g->model = model ? strdup(model) : strdup("");
	return g;
}

static void add_row(struct group *g, sqlite3_stmt *st, int side)
{
	for (int f = 0; f < NUM_FEATURES; f++)
		if (sqlite3_column_type(st, num_cols[f]) == SQLITE_INTEGER)
			dpush(&g->num[f][side], (double)sqlite3_column_int64(st, num_cols[f]) * num_scale[f]);
	for (int f = 0; f < CAT_FEATURES; f++) {
		const char *v = (const char *)sqlite3_column_text(st, cat_cols[f]);
		if (f == C_FINDINGS) {
			/* Each finding type counts; a record without any counts as "none". */
			if (!v || !*v) {
				cpush(&g->cat[f], "none", 4, side);
				continue;
			}
			for (const char *p = v; *p;) {
				const char *e = strchr(p, ',');
				size_t len = e ? (size_t)(e - p) : strlen(p);
				cpush(&g->cat[f], p, len, side);
				p += len + (e ? 1 : 0);
			}
		} else {
			cpush(&g->cat[f], v ? v : "null", v ? strlen(v) : 4, side);
		}
	}
}

static int collect(sqlite3 *db, int64_t lo, int64_t hi, int side, struct group **gs, size_t *ng)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db,
			       "SELECT backend, model, latency_us, ttft_us, prompt_bytes, output_bytes, input_tokens,"
			       " output_tokens, class, status, finish_reason, findings FROM entries"
			       " WHERE kind = 'record' AND ts_us >= ?1 AND ts_us < ?2",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		add_row(&(*gs)[0], st, side);
		struct group *g = find_group(gs, ng, (const char *)sqlite3_column_text(st, 0),
					     (const char *)sqlite3_column_text(st, 1));
		add_row(g, st, side);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static const char *band(double psi)
{
	return psi < 0.1 ? "none" : psi < 0.25 ? "moderate" : "major";
}

static void group_json(struct buf *out, const struct group *g)
{
	if (!g->backend) {
		buf_puts(out, "\"all\"");
		return;
	}
	buf_puts(out, "{\"backend\":");
	json_escape(out, g->backend, strlen(g->backend));
	buf_puts(out, ",\"model\":");
	json_escape(out, g->model, strlen(g->model));
	buf_putc(out, '}');
}

static int report_group(struct group *g, struct buf *out)
{
	int drifted = 0;
	for (int f = 0; f < NUM_FEATURES; f++) {
		struct dvec *a = &g->num[f][0], *b = &g->num[f][1];
		if (!a->n || !b->n)
			continue;
		qsort(a->v, a->n, sizeof(double), cmpd);
		qsort(b->v, b->n, sizeof(double), cmpd);
		double p = 0, stat, psi = drift_psi_numeric(a->v, a->n, b->v, b->n);
		int d;
		const char *test;
		if (a->n <= DRIFT_SMALL) {
			stat = drift_ks(a->v, a->n, b->v, b->n, &p);
			d = p < DRIFT_P;
			test = "ks";
		} else {
			stat = drift_wasserstein_norm(a->v, a->n, b->v, b->n);
			d = stat >= DRIFT_DIST;
			test = "wasserstein_norm";
		}
		drifted += d;
		buf_puts(out, "{\"group\":");
		group_json(out, g);
		buf_printf(out, ",\"feature\":\"%s\",\"type\":\"numeric\",\"test\":\"%s\",\"statistic\":%.6g", num_names[f],
			   test, stat);
		if (a->n <= DRIFT_SMALL)
			buf_printf(out, ",\"p_value\":%.6g,\"threshold\":%g", p, DRIFT_P);
		else
			buf_printf(out, ",\"threshold\":%g", DRIFT_DIST);
		buf_printf(out, ",\"drift\":%s,\"psi\":%.6g,\"psi_band\":\"%s\",\"n_baseline\":%zu,\"n_window\":%zu}\n",
			   d ? "true" : "false", psi, band(psi), a->n, b->n);
	}
	for (int f = 0; f < CAT_FEATURES; f++) {
		struct cats *c = &g->cat[f];
		double na = c->total[0], nb = c->total[1];
		if (na == 0 || nb == 0)
			continue;
		double chi2 = 0, js = 0, psi = 0;
		for (size_t i = 0; i < c->n; i++) {
			double pa = c->v[i].count[0] / na, pb = c->v[i].count[1] / nb;
			double ea = pa < DRIFT_EPS ? DRIFT_EPS : pa, eb = pb < DRIFT_EPS ? DRIFT_EPS : pb;
			double exp_b = ea * nb;
			chi2 += (c->v[i].count[1] - exp_b) * (c->v[i].count[1] - exp_b) / exp_b;
			double mm = (pa + pb) / 2;
			if (pa > 0)
				js += 0.5 * pa * log(pa / mm);
			if (pb > 0)
				js += 0.5 * pb * log(pb / mm);
			psi += (eb - ea) * log(eb / ea);
		}
		int d;
		double stat, p = 1;
		const char *test;
		if (na <= DRIFT_SMALL) {
			stat = chi2;
			p = drift_chi2_p(chi2, (int)c->n - 1);
			d = p < DRIFT_P;
			test = "chi_square";
		} else {
			stat = sqrt(js > 0 ? js : 0);
			d = stat >= DRIFT_DIST;
			test = "jensen_shannon";
		}
		drifted += d;
		buf_puts(out, "{\"group\":");
		group_json(out, g);
		buf_printf(out, ",\"feature\":\"%s\",\"type\":\"categorical\",\"test\":\"%s\",\"statistic\":%.6g", cat_names[f],
			   test, stat);
		if (na <= DRIFT_SMALL)
			buf_printf(out, ",\"p_value\":%.6g,\"threshold\":%g", p, DRIFT_P);
		else
			buf_printf(out, ",\"threshold\":%g", DRIFT_DIST);
		buf_printf(out, ",\"drift\":%s,\"psi\":%.6g,\"psi_band\":\"%s\",\"n_baseline\":%.0f,\"n_window\":%.0f,\"baseline\":{",
			   d ? "true" : "false", psi, band(psi), na, nb);
		for (size_t i = 0; i < c->n; i++) {
			if (i)
				buf_putc(out, ',');
			json_escape(out, c->v[i].name, strlen(c->v[i].name));
			buf_printf(out, ":%.4f", c->v[i].count[0] / na);
		}
		buf_puts(out, "},\"window\":{");
		for (size_t i = 0; i < c->n; i++) {
			if (i)
				buf_putc(out, ',');
			json_escape(out, c->v[i].name, strlen(c->v[i].name));
			buf_printf(out, ":%.4f", c->v[i].count[1] / nb);
		}
		buf_puts(out, "}}\n");
	}
	return drifted;
}

static void group_free(struct group *g)
{
	free(g->backend);
	free(g->model);
	for (int f = 0; f < NUM_FEATURES; f++) {
		free(g->num[f][0].v);
		free(g->num[f][1].v);
	}
	for (int f = 0; f < CAT_FEATURES; f++) {
		for (size_t i = 0; i < g->cat[f].n; i++)
			free(g->cat[f].v[i].name);
		free(g->cat[f].v);
	}
}

int drift_report(struct store *s, int64_t base_lo, int64_t base_hi, int64_t win_lo, int64_t win_hi,
		 struct buf *out, int *drifted, char *err, size_t errlen)
{
	sqlite3 *db = store_db(s);
	size_t ng = 1;
	struct group *gs = calloc(1, sizeof(*gs));
	if (!gs) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (collect(db, base_lo, base_hi, 0, &gs, &ng) || collect(db, win_lo, win_hi, 1, &gs, &ng)) {
		snprintf(err, errlen, "drift: %s", sqlite3_errmsg(db));
		for (size_t i = 0; i < ng; i++)
			group_free(&gs[i]);
		free(gs);
		return -1;
	}
	*drifted = 0;
	for (size_t i = 0; i < ng; i++)
		*drifted += report_group(&gs[i], out);
	buf_printf(out, "{\"summary\":true,\"baseline_records\":%.0f,\"window_records\":%.0f,\"features_drifted\":%d,\"drift\":%s}\n",
		   gs[0].cat[C_CLASS].total[0], gs[0].cat[C_CLASS].total[1], *drifted, *drifted ? "true" : "false");
	for (size_t i = 0; i < ng; i++)
		group_free(&gs[i]);
	free(gs);
	return 0;
}
