/*
 * report: the ledger as one HTML page; see report.h.
 *
 * The page is built top to bottom into one buf: the head (the CSP names
 * the SHA-256 of the <style> block, so even an injected style element
 * would not apply), the summary, then one section per question. Metrics
 * come from stats_compute() / stats_compute_buckets() and drift_report();
 * only what those do not give (erase entries, entry counts)
 * is read here. Series charts show at most MAX_SERIES groups: the busiest,
 * the rest summed as "other" where a sum means something (traffic).
 */
#include "audit/report.h"

#include <inttypes.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/drift.h"
#include "audit/entry.h"
#include "audit/stats.h"
#include "audit/svg.h"
#include "core/b64.h"
#include "core/hash.h"
#include "core/json.h"

#define MAX_BUCKETS 48
#define MAX_SERIES 8
#define MAX_ROWS 40     /* table rows shown per table */
#define MAX_FINDINGS 15 /* finding types charted */
#define CHART_W 560
/* Times charted are held to years 0000..9999 (a damaged ledger may hold
 * anything), so spans and bucket counts cannot overflow. */
#define TS_MIN (-62167219200LL * 1000000)
#define TS_MAX (253402300799LL * 1000000)

static const char css[] =
	"body{font-family:system-ui,sans-serif;margin:24px;color:#222;background:#fafafa}"
	"h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}"
	"h3{font-size:13px;margin:8px 0 4px;color:#444}"
	".meta{color:#555;font-size:13px}.empty{font-size:16px;padding:24px;background:#fff;border:1px solid #ddd}"
	".cards{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}"
	".card{background:#fff;border:1px solid #ddd;padding:8px 12px;min-width:110px}"
	".card b{display:block;font-size:19px}.card span{font-size:12px;color:#555}"
	".grid{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}.fig{background:#fff;border:1px solid #ddd;padding:8px}"
	"table{border-collapse:collapse;font-size:12px;background:#fff;margin:8px 0}"
	"th,td{border:1px solid #ddd;padding:3px 6px;text-align:right}th{background:#f0f0f0}"
	"td.k,th.k{text-align:left}tr.drift td{background:#fde2e2}.note{font-size:12px;color:#555}";

struct ctx {
	struct store *s;
	sqlite3 *db;
	const struct report_opts *o;
	struct buf *out;
	int64_t lo, hi;          /* the range asked for */
	int64_t first, last;     /* the records' span in it */
	int64_t origin, width;   /* time buckets */
	size_t nb;
	char (*blabel)[32];
	const char **bl;
	char *err;
	size_t errlen;
};

static double ms(int64_t us)
{
	return us < 0 ? NAN : (double)us / 1000.0;
}

enum tfmt { T_FULL, T_DAY, T_HOUR, T_MINUTE };

static void fmt_time(int64_t us, char *b, size_t n, enum tfmt f)
{
	time_t t = (time_t)(us / 1000000);
	struct tm tm;
	size_t k = 0;
	if (gmtime_r(&t, &tm))
		k = f == T_DAY    ? strftime(b, n, "%Y-%m-%d", &tm)
		    : f == T_HOUR ? strftime(b, n, "%m-%d %H:00", &tm)
		    : f == T_MINUTE ? strftime(b, n, "%H:%M", &tm)
				    : strftime(b, n, "%Y-%m-%d %H:%M:%S UTC", &tm);
	if (!k)
		snprintf(b, n, "?");
}

static void put_time(struct buf *out, int64_t us)
{
	char b[64];
	fmt_time(us, b, sizeof(b), T_FULL);
	buf_puts(out, b);
}

static void put_num(struct buf *out, double v)
{
	char b[32];
	svg_format_num(v, b, sizeof(b));
	buf_puts(out, b);
}

int64_t report_bucket_width(int64_t first_us, int64_t last_us, int max_buckets, int64_t *origin_us)
{
	static const int64_t ladder[] = { 60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 7 * 86400, 30 * 86400 };
	if (max_buckets < 1)
		max_buckets = 1;
	if (last_us < first_us)
		last_us = first_us;
	int64_t w = 0;
	for (size_t i = 0; i < sizeof(ladder) / sizeof(*ladder) && !w; i++) {
		int64_t c = ladder[i] * 1000000;
		int64_t o = first_us - ((first_us % c) + c) % c;
		if ((last_us - o) / c < max_buckets)
			w = c;
	}
	if (!w) {
		int64_t day = (int64_t)86400 * 1000000;
		int64_t days = (last_us - first_us) / day / max_buckets + 1;
		w = days * day;
		/* one bucket more than the span may need once rounded down */
		while ((last_us - (first_us - ((first_us % w) + w) % w)) / w >= max_buckets)
			w += day;
	}
	*origin_us = first_us - ((first_us % w) + w) % w;
	return w;
}

/* ---- tables ---- */

static void th(struct buf *out, const char *const *names, size_t n)
{
	buf_puts(out, "<table><tr>");
	for (size_t i = 0; i < n; i++)
		buf_printf(out, "<th%s>%s</th>", i ? "" : " class=\"k\"", names[i]);
	buf_puts(out, "</tr>");
}

static void td_key(struct buf *out, const char *k, const char *none)
{
	buf_puts(out, "<td class=\"k\">");
	svg_escape_str(out, k ? k : none);
	buf_puts(out, "</td>");
}

static void td_num(struct buf *out, double v)
{
	buf_puts(out, "<td>");
	put_num(out, v);
	buf_puts(out, "</td>");
}

static void td_ms(struct buf *out, int64_t us)
{
	buf_puts(out, "<td>");
	if (us < 0)
		buf_puts(out, "-");
	else
		buf_printf(out, "%.1f", (double)us / 1000.0);
	buf_puts(out, "</td>");
}

static void td_usd(struct buf *out, int64_t micro)
{
	buf_printf(out, "<td>%.4f</td>", (double)micro / 1e6);
}

/* ---- series over time ---- */

typedef double (*getter)(const struct stats_row *r);

static double g_records(const struct stats_row *r) { return (double)r->records; }
static double g_lat50(const struct stats_row *r) { return ms(r->latency_p50); }
static double g_lat95(const struct stats_row *r) { return ms(r->latency_p95); }
static double g_lat99(const struct stats_row *r) { return ms(r->latency_p99); }
static double g_ttft50(const struct stats_row *r) { return ms(r->ttft_p50); }
static double g_ttft95(const struct stats_row *r) { return ms(r->ttft_p95); }
static double g_ttft99(const struct stats_row *r) { return ms(r->ttft_p99); }
static double g_errors(const struct stats_row *r) { return (double)r->errors; }
static double g_blocked(const struct stats_row *r) { return (double)r->blocked; }
static double g_denied(const struct stats_row *r) { return (double)r->denied; }
static double g_passed(const struct stats_row *r)
{
	return (double)(r->records - r->errors - r->blocked - r->denied);
}
static double g_cost(const struct stats_row *r) { return (double)r->cost_micro_usd / 1e6; }
static double g_score(const struct stats_row *r)
{
	return r->scored ? (double)r->score_milli_sum / 1000.0 / (double)r->scored : NAN;
}

static size_t bucket_index(const struct ctx *c, int64_t b)
{
	if (b < c->origin)
		return 0;
	/* b may lie beyond the charted span (a damaged ledger's time): unsigned, no overflow */
	uint64_t i = ((uint64_t)b - (uint64_t)c->origin) / (uint64_t)c->width;
	return i < c->nb ? (size_t)i : c->nb - 1;
}

/* A chart in its box, under its title. */
static void figure(struct ctx *c, const struct svg_chart *ch)
{
	buf_puts(c->out, "<div class=\"fig\"><h3>");
	svg_escape_str(c->out, ch->title);
	buf_puts(c->out, "</h3>");
	svg_chart(c->out, ch);
	buf_puts(c->out, "</div>");
}

/* One chart of the STATS_ALL buckets, one series per getter. */
static int chart_all(struct ctx *c, const struct stats_result *r, enum svg_kind kind, const char *title,
		     const char *unit, const char *const *names, const getter *get, size_t n, double fill)
{
	double *v = malloc(n * c->nb * sizeof(double));
	if (!v)
		return -1;
	for (size_t i = 0; i < n * c->nb; i++)
		v[i] = fill;
	for (size_t i = 0; i < r->n; i++) {
		size_t b = bucket_index(c, r->rows[i].bucket_us);
		for (size_t k = 0; k < n; k++)
			v[k * c->nb + b] = get[k](&r->rows[i]);
	}
	struct svg_chart ch = { kind, title, unit, c->nb, c->bl, n, names, v, CHART_W, 200 };
	figure(c, &ch);
	free(v);
	return 0;
}

struct keytot {
	const char *key;
	double total;
};

static int cmp_keytot(const void *a, const void *b)
{
	const struct keytot *x = a, *y = b;
	if (x->total != y->total)
		return x->total < y->total ? 1 : -1;
	if (!x->key || !y->key)
		return !x->key - !y->key;
	return strcmp(x->key, y->key);
}

static int same_key(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* One chart of grouped buckets: a series per group (the busiest
 * MAX_SERIES; with other_sum, the rest summed as "other"). */
static int chart_groups(struct ctx *c, const struct stats_result *r, enum svg_kind kind, const char *title,
			const char *unit, getter get, int other_sum, const char *none)
{
	struct keytot *k = calloc(r->n + 1, sizeof(*k));
	size_t nk = 0;
	if (!k)
		return -1;
	for (size_t i = 0; i < r->n; i++) {
		size_t j = 0;
		while (j < nk && !same_key(k[j].key, r->rows[i].key))
			j++;
		if (j == nk)
			k[nk++].key = r->rows[i].key;
		k[j].total += (double)r->rows[i].records;
	}
	if (nk)
		qsort(k, nk, sizeof(*k), cmp_keytot);
	size_t ns = nk > MAX_SERIES ? MAX_SERIES : nk;
	int other = nk > MAX_SERIES && other_sum;
	size_t nser = ns + (size_t)other;
	double *v = malloc((nser ? nser : 1) * c->nb * sizeof(double));
	const char **names = calloc(nser + 1, sizeof(*names));
	if (!v || !names) {
		free(k);
		free(v);
		free(names);
		return -1;
	}
	for (size_t i = 0; i < nser * c->nb; i++)
		v[i] = kind == SVG_LINES ? NAN : 0;
	for (size_t s = 0; s < ns; s++)
		names[s] = k[s].key ? k[s].key : none;
	if (other)
		names[ns] = "other";
	for (size_t i = 0; i < r->n; i++) {
		size_t s = 0;
		while (s < ns && !same_key(k[s].key, r->rows[i].key))
			s++;
		if (s == ns && !other)
			continue;
		size_t b = bucket_index(c, r->rows[i].bucket_us);
		double x = get(&r->rows[i]);
		if (s == ns)
			v[s * c->nb + b] += x;
		else
			v[s * c->nb + b] = x;
	}
	struct svg_chart ch = { kind, title, unit, c->nb, c->bl, nser, names, v, CHART_W, 200 };
	figure(c, &ch);
	free(k);
	free(v);
	free(names);
	return 0;
}

/* One value per group row (skip_null: leave out the row without a key),
 * as horizontal bars, or bars or a line across the rows. */
static int chart_rows(struct ctx *c, const struct stats_result *r, enum svg_kind kind, const char *title,
		      const char *unit, getter get, const char *none, int skip_null)
{
	const char **cats = calloc(r->n + 1, sizeof(*cats));
	double *v = calloc(r->n + 1, sizeof(*v));
	size_t n = 0;
	if (!cats || !v) {
		free(cats);
		free(v);
		return -1;
	}
	for (size_t i = 0; i < r->n && (n < MAX_ROWS || kind != SVG_HBARS); i++) {
		if (skip_null && !r->rows[i].key)
			continue;
		cats[n] = r->rows[i].key ? r->rows[i].key : none;
		v[n++] = get(&r->rows[i]);
	}
	struct svg_chart ch = { kind, title, unit, n, cats, 1, NULL, v, CHART_W, kind == SVG_HBARS ? 0 : 200 };
	figure(c, &ch);
	free(cats);
	free(v);
	return 0;
}

/* ---- reading ---- */

static int stats(struct ctx *c, enum stats_group g, struct stats_result *r)
{
	return stats_compute(c->s, g, c->lo, c->hi, r, c->err, c->errlen);
}

static int buckets(struct ctx *c, enum stats_group g, struct stats_result *r)
{
	return stats_compute_buckets(c->s, g, c->lo, c->hi, c->origin, c->width, r, c->err, c->errlen);
}

static int dberr(struct ctx *c, const char *what)
{
	snprintf(c->err, c->errlen, "report: %s: %s", what, sqlite3_errmsg(c->db));
	return -1;
}

struct counts {
	int64_t records, feedback, erase, other;
};

static int count_entries(struct ctx *c, struct counts *n)
{
	sqlite3_stmt *st = NULL;
	memset(n, 0, sizeof(*n));
	c->first = c->last = 0;
	if (sqlite3_prepare_v2(c->db,
			       "SELECT kind, count(*), min(ts_us), max(ts_us) FROM entries WHERE ts_us >= ?1 AND ts_us < ?2"
			       " GROUP BY kind",
			       -1, &st, NULL) != SQLITE_OK)
		return dberr(c, "count");
	sqlite3_bind_int64(st, 1, c->lo);
	sqlite3_bind_int64(st, 2, c->hi);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		int64_t cnt = sqlite3_column_int64(st, 1);
		if (k && !strcmp(k, "record")) {
			n->records = cnt;
			c->first = sqlite3_column_int64(st, 2);
			c->last = sqlite3_column_int64(st, 3);
		} else if (k && !strcmp(k, "feedback")) {
			n->feedback = cnt;
		} else if (k && !strcmp(k, "erase")) {
			n->erase = cnt;
		} else {
			n->other += cnt;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : dberr(c, "count");
}

/* ---- sections ---- */

static void card(struct buf *out, const char *label, const char *value)
{
	buf_puts(out, "<div class=\"card\"><b>");
	buf_puts(out, value);
	buf_puts(out, "</b><span>");
	buf_puts(out, label);
	buf_puts(out, "</span></div>");
}

static void card_num(struct buf *out, const char *label, double v)
{
	char b[32];
	svg_format_num(v, b, sizeof(b));
	card(out, label, b);
}

static void card_ms(struct buf *out, const char *label, int64_t us)
{
	char b[32];
	if (us < 0)
		snprintf(b, sizeof(b), "-");
	else
		svg_format_num((double)us / 1000.0, b, sizeof(b));
	card(out, label, b);
}

static void summary(struct ctx *c, const struct stats_row *a, const struct counts *n, int64_t linked_feedback)
{
	struct buf *out = c->out;
	char b[64];
	buf_puts(out, "<div class=\"cards\">");
	card_num(out, "records", (double)a->records);
	snprintf(b, sizeof(b), "%.1f%%", a->records ? 100.0 * (double)a->errors / (double)a->records : 0.0);
	card(out, "errors", b);
	card_num(out, "blocked", (double)a->blocked);
	card_num(out, "denied", (double)a->denied);
	card_num(out, "redacted", (double)a->redacted);
	card_ms(out, "latency p50 (ms)", a->latency_p50);
	card_ms(out, "latency p95 (ms)", a->latency_p95);
	card_ms(out, "latency p99 (ms)", a->latency_p99);
	card_ms(out, "time to first token p50 (ms)", a->ttft_p50);
	card_num(out, "input tokens", (double)a->input_tokens);
	card_num(out, "output tokens", (double)a->output_tokens);
	snprintf(b, sizeof(b), "%.2f", (double)a->cost_micro_usd / 1e6);
	card(out, "cost (USD)", b);
	card_num(out, "feedback entries", (double)n->feedback);
	if (a->scored)
		snprintf(b, sizeof(b), "%.2f", (double)a->score_milli_sum / 1000.0 / (double)a->scored);
	else
		snprintf(b, sizeof(b), "-");
	card(out, "mean feedback score", b);
	card_num(out, "erase entries", (double)n->erase);
	buf_puts(out, "</div>");
	if (n->feedback > linked_feedback)
		buf_printf(out, "<p class=\"note\">%" PRId64 " feedback entries name no record in this range.</p>",
			   n->feedback - linked_feedback);
}

static int section_traffic(struct ctx *c)
{
	struct stats_result bm, tb;
	struct buf *out = c->out;
	if (stats(c, STATS_BACKEND_MODEL, &bm) < 0)
		return -1;
	if (buckets(c, STATS_BACKEND_MODEL, &tb) < 0) {
		stats_result_release(&bm);
		return -1;
	}
	buf_puts(out, "<h2 id=\"traffic\">Traffic and latency per backend and model</h2><div class=\"grid\">");
	int rc = chart_groups(c, &tb, SVG_BARS, "Records over time per backend / model", "records", g_records, 1,
			      "(not sent)");
	rc |= chart_groups(c, &tb, SVG_LINES, "Latency p95 over time per backend / model", "ms", g_lat95, 0, "(not sent)");
	rc |= chart_groups(c, &tb, SVG_LINES, "Time to first token p95 over time per backend / model", "ms", g_ttft95, 0,
			   "(not sent)");
	buf_puts(out, "</div>");
	static const char *const cols[] = { "backend / model", "records", "errors", "latency p50 ms", "p95", "p99",
					    "ttft p50 ms", "p95", "p99", "input tokens", "output tokens", "cost USD" };
	th(out, cols, sizeof(cols) / sizeof(*cols));
	for (size_t i = 0; i < bm.n && i < MAX_ROWS; i++) {
		const struct stats_row *x = &bm.rows[i];
		buf_puts(out, "<tr>");
		td_key(out, x->key, "(not sent)");
		td_num(out, (double)x->records);
		td_num(out, (double)x->errors);
		td_ms(out, x->latency_p50);
		td_ms(out, x->latency_p95);
		td_ms(out, x->latency_p99);
		td_ms(out, x->ttft_p50);
		td_ms(out, x->ttft_p95);
		td_ms(out, x->ttft_p99);
		td_num(out, (double)x->input_tokens);
		td_num(out, (double)x->output_tokens);
		td_usd(out, x->cost_micro_usd);
		buf_puts(out, "</tr>");
	}
	buf_puts(out, "</table>");
	stats_result_release(&bm);
	stats_result_release(&tb);
	return rc ? -1 : 0;
}

static int section_latency(struct ctx *c, const struct stats_result *all)
{
	static const char *const pn[] = { "p50", "p95", "p99" };
	static const getter lat[] = { g_lat50, g_lat95, g_lat99 }, ttft[] = { g_ttft50, g_ttft95, g_ttft99 };
	buf_puts(c->out, "<h2 id=\"latency\">Latency and time to first token</h2><div class=\"grid\">");
	int rc = chart_all(c, all, SVG_LINES, "Latency percentiles over time", "ms", pn, lat, 3, NAN);
	rc |= chart_all(c, all, SVG_LINES, "Time to first token percentiles over time", "ms", pn, ttft, 3, NAN);
	buf_puts(c->out, "</div>");
	return rc ? -1 : 0;
}

static int section_cost(struct ctx *c)
{
	struct stats_result day, wl;
	if (stats(c, STATS_DAY, &day) < 0)
		return -1;
	if (stats(c, STATS_WORKLOAD, &wl) < 0) {
		stats_result_release(&day);
		return -1;
	}
	buf_puts(c->out, "<h2 id=\"cost\">Cost</h2><div class=\"grid\">");
	/* a bar per day that has records */
	int rc = chart_rows(c, &day, SVG_BARS, "Cost per day (USD)", "USD", g_cost, "?", 0);
	rc |= chart_rows(c, &wl, SVG_HBARS, "Cost per workload (USD)", "USD", g_cost, "(none)", 0);
	rc |= chart_rows(c, &wl, SVG_HBARS, "Records per workload", NULL, g_records, "(none)", 0);
	buf_puts(c->out, "</div>");
	stats_result_release(&day);
	stats_result_release(&wl);
	return rc ? -1 : 0;
}

static int class_rank(const char *k)
{
	static const char *const order[] = { "public", "internal", "confidential", "restricted" };
	for (int i = 0; i < 4; i++)
		if (k && !strcmp(k, order[i]))
			return i;
	return k ? 4 : 5;
}

static int cmp_class(const void *a, const void *b)
{
	const struct stats_row *x = a, *y = b;
	int rx = class_rank(x->key), ry = class_rank(y->key);
	if (rx != ry)
		return rx - ry;
	return x->key && y->key ? strcmp(x->key, y->key) : 0;
}

static int section_classes(struct ctx *c)
{
	struct stats_result cl;
	if (stats(c, STATS_CLASS, &cl) < 0)
		return -1;
	if (cl.n)
		qsort(cl.rows, cl.n, sizeof(*cl.rows), cmp_class);
	buf_puts(c->out, "<h2 id=\"classes\">Class mix and finding types</h2><div class=\"grid\">");
	int rc = chart_rows(c, &cl, SVG_HBARS, "Records per class", NULL, g_records, "(not classified)", 0);
	stats_result_release(&cl);
	struct stats_tally *t;
	size_t n;
	if (stats_finding_types(c->s, c->lo, c->hi, &t, &n, c->err, c->errlen) < 0)
		return -1;
	size_t shown = n < MAX_FINDINGS ? n : MAX_FINDINGS;
	const char **cats = calloc(shown + 1, sizeof(*cats));
	double *v = calloc(shown + 1, sizeof(*v));
	if (!cats || !v) {
		rc = -1;
	} else {
		for (size_t i = 0; i < shown; i++) {
			cats[i] = t[i].name;
			v[i] = (double)t[i].n;
		}
		struct svg_chart ch = { SVG_HBARS, "Records per finding type", NULL, shown, cats, 1, NULL, v, CHART_W, 0 };
		figure(c, &ch);
		if (n > shown)
			buf_printf(c->out, "<p class=\"note\">and %zu more finding types</p>", n - shown);
	}
	buf_puts(c->out, "</div>");
	free(cats);
	free(v);
	stats_tally_free(t, n);
	return rc ? -1 : 0;
}

static int section_outcomes(struct ctx *c, const struct stats_result *all)
{
	static const char *const names[] = { "passed", "error", "blocked", "denied" };
	static const getter get[] = { g_passed, g_errors, g_blocked, g_denied };
	struct stats_result codes, rules;
	if (stats(c, STATS_ERROR_CODE, &codes) < 0)
		return -1;
	if (stats(c, STATS_RULE, &rules) < 0) {
		stats_result_release(&codes);
		return -1;
	}
	struct buf *out = c->out;
	buf_puts(out, "<h2 id=\"outcomes\">Blocks, denials and errors</h2><div class=\"grid\">");
	int rc = chart_all(c, all, SVG_BARS, "Outcomes over time", "records", names, get, 4, 0);
	rc |= chart_rows(c, &codes, SVG_HBARS, "Records per error code", NULL, g_records, "(none)", 1);
	buf_puts(out, "</div>");
	static const char *const cols[] = { "route rule", "records", "denied", "blocked", "errors", "redacted" };
	th(out, cols, sizeof(cols) / sizeof(*cols));
	for (size_t i = 0; i < rules.n && i < MAX_ROWS; i++) {
		const struct stats_row *x = &rules.rows[i];
		buf_puts(out, "<tr>");
		td_key(out, x->key, "(no rule: not routed)");
		td_num(out, (double)x->records);
		td_num(out, (double)x->denied);
		td_num(out, (double)x->blocked);
		td_num(out, (double)x->errors);
		td_num(out, (double)x->redacted);
		buf_puts(out, "</tr>");
	}
	buf_puts(out, "</table>");
	stats_result_release(&codes);
	stats_result_release(&rules);
	return rc ? -1 : 0;
}

/* A JSON string member decoded and escaped; "-" when absent. */
static void put_jstr(struct buf *out, struct json_span obj, const char *name)
{
	struct json_span v = json_object_get(obj, name);
	if (v.type != JSON_STRING) {
		buf_puts(out, "-");
		return;
	}
	struct buf d = BUF_INIT;
	json_string_decode(v, &d);
	svg_escape(out, d.p ? d.p : "", d.len);
	buf_release(&d);
}

static void put_jnum(struct buf *out, struct json_span obj, const char *name)
{
	struct json_span v = json_object_get(obj, name);
	if (v.type != JSON_NUMBER) {
		buf_puts(out, "-");
		return;
	}
	char b[32];
	double x = json_number(v);
	if (x == floor(x) && fabs(x) < 1e15)
		snprintf(b, sizeof(b), "%.0f", x);
	else if (x != 0 && fabs(x) < 0.001)
		snprintf(b, sizeof(b), "%.2e", x);
	else
		snprintf(b, sizeof(b), "%.4g", x);
	buf_puts(out, b);
}

static void put_range(struct buf *out, int64_t lo, int64_t hi)
{
	if (lo == INT64_MIN)
		buf_puts(out, "the start");
	else
		put_time(out, lo);
	buf_puts(out, " to ");
	if (hi == INT64_MAX)
		buf_puts(out, "now");
	else
		put_time(out, hi);
}

static int section_drift(struct ctx *c)
{
	struct buf *out = c->out;
	int64_t blo, bhi, wlo, whi;
	if (c->o->drift_ranges) {
		blo = c->o->base_lo, bhi = c->o->base_hi, wlo = c->o->win_lo, whi = c->o->win_hi;
	} else {
		int64_t mid = c->first + (c->last - c->first + 1) / 2;
		blo = c->first, bhi = mid, wlo = mid, whi = c->last + 1;
	}
	buf_puts(out, "<h2 id=\"drift\">Drift</h2><p class=\"meta\">Baseline: ");
	put_range(out, blo, bhi);
	buf_puts(out, "; window: ");
	put_range(out, wlo, whi);
	buf_puts(out, ". Numbers: Kolmogorov-Smirnov (p &lt; 0.05) up to 1000 baseline values, else the normalised"
		      " Wasserstein distance (&ge; 0.1); categories: chi-square (p &lt; 0.05), else Jensen-Shannon"
		      " (&ge; 0.1); PSI beside each.</p>");
	struct buf d = BUF_INIT;
	int drifted = 0;
	if (!c->o->drift_ranges && c->last == c->first) {
		buf_puts(out, "<p class=\"note\">No drift test: every record has the same time, so there is no"
			      " baseline to compare with.</p>");
		return 0;
	}
	if (drift_report(c->s, blo, bhi, wlo, whi, &d, &drifted, c->err, c->errlen) < 0) {
		buf_release(&d);
		return -1;
	}
	/* PSI per feature for all records, then the table. */
	static const char *const cols[] = { "group", "feature", "test", "statistic", "p-value", "threshold", "drift",
					    "PSI", "PSI band", "n baseline", "n window" };
	struct buf table = BUF_INIT;
	const char *cats[16];
	double psi[16];
	char names[16][40];
	size_t nc = 0, rows = 0;
	const char *summary = NULL;
	size_t summary_n = 0;
	th(&table, cols, sizeof(cols) / sizeof(*cols));
	for (size_t i = 0; i < d.len;) {
		const char *nl = memchr(d.p + i, '\n', d.len - i);
		size_t n = nl ? (size_t)(nl - (d.p + i)) : d.len - i;
		struct json_span root;
		struct json_error je;
		const char *line = d.p + i;
		i += n + 1;
		if (json_scan(line, n, &root, NULL, &je) || root.type != JSON_OBJECT)
			continue;
		if (json_object_get(root, "summary").type == JSON_TRUE) {
			summary = line;
			summary_n = n;
			continue;
		}
		struct json_span g = json_object_get(root, "group"), feat = json_object_get(root, "feature");
		int is_all = g.type == JSON_STRING;
		if (is_all && nc < 16 && feat.type == JSON_STRING &&
		    json_object_get(root, "psi").type == JSON_NUMBER) {
			struct buf fb = BUF_INIT;
			json_string_decode(feat, &fb);
			snprintf(names[nc], sizeof(names[nc]), "%s", fb.p ? fb.p : "");
			buf_release(&fb);
			cats[nc] = names[nc];
			psi[nc++] = json_number(json_object_get(root, "psi"));
		}
		if (rows++ >= 4 * MAX_ROWS)
			continue;
		int dr = json_object_get(root, "drift").type == JSON_TRUE;
		buf_printf(&table, "<tr%s><td class=\"k\">", dr ? " class=\"drift\"" : "");
		if (is_all) {
			buf_puts(&table, "all");
		} else {
			put_jstr(&table, g, "backend");
			buf_puts(&table, " / ");
			put_jstr(&table, g, "model");
		}
		buf_puts(&table, "</td><td class=\"k\">");
		put_jstr(&table, root, "feature");
		buf_puts(&table, "</td><td class=\"k\">");
		put_jstr(&table, root, "test");
		static const char *const nums[] = { "statistic", "p_value", "threshold" };
		for (int k = 0; k < 3; k++) {
			buf_puts(&table, "</td><td>");
			put_jnum(&table, root, nums[k]);
		}
		buf_printf(&table, "</td><td>%s</td><td>", dr ? "yes" : "no");
		put_jnum(&table, root, "psi");
		buf_puts(&table, "</td><td>");
		put_jstr(&table, root, "psi_band");
		buf_puts(&table, "</td><td>");
		put_jnum(&table, root, "n_baseline");
		buf_puts(&table, "</td><td>");
		put_jnum(&table, root, "n_window");
		buf_puts(&table, "</td></tr>");
	}
	buf_puts(&table, "</table>");
	if (summary) {
		struct json_span root;
		struct json_error je;
		if (!json_scan(summary, summary_n, &root, NULL, &je)) {
			buf_puts(out, "<p class=\"meta\">Baseline records: ");
			put_jnum(out, root, "baseline_records");
			buf_puts(out, "; window records: ");
			put_jnum(out, root, "window_records");
			buf_printf(out, "; features drifted: <b>%d</b>.</p>", drifted);
		}
	}
	if (rows) {
		struct svg_chart ch = { SVG_HBARS, "PSI per feature, all records (< 0.1 none, < 0.25 moderate, else major)",
					NULL, nc, cats, 1, NULL, psi, CHART_W, 0 };
		buf_puts(out, "<div class=\"grid\">");
		figure(c, &ch);
		buf_puts(out, "</div>");
		buf_put(out, table.p, table.len);
		if (rows > 4 * MAX_ROWS)
			buf_printf(out, "<p class=\"note\">and %zu more tests (llm-audit drift lists them all)</p>",
				   rows - 4 * MAX_ROWS);
	} else {
		buf_puts(out, "<p class=\"note\">No drift test: the baseline or the window has no records.</p>");
	}
	buf_release(&table);
	buf_release(&d);
	return 0;
}

static int section_feedback(struct ctx *c)
{
	struct stats_result day, bm;
	if (stats(c, STATS_DAY, &day) < 0)
		return -1;
	if (stats(c, STATS_BACKEND_MODEL, &bm) < 0) {
		stats_result_release(&day);
		return -1;
	}
	buf_puts(c->out, "<h2 id=\"feedback\">Feedback scores</h2><div class=\"grid\">");
	int rc = chart_rows(c, &bm, SVG_HBARS, "Mean feedback score per backend / model", NULL, g_score, "(not sent)", 0);
	rc |= chart_rows(c, &day, SVG_LINES, "Mean feedback score per day (of the records' day)", NULL, g_score, "?", 0);
	buf_puts(c->out, "</div>");
	static const char *const cols[] = { "backend / model", "records", "feedback", "scored", "mean score" };
	th(c->out, cols, sizeof(cols) / sizeof(*cols));
	for (size_t i = 0; i < bm.n && i < MAX_ROWS; i++) {
		const struct stats_row *x = &bm.rows[i];
		buf_puts(c->out, "<tr>");
		td_key(c->out, x->key, "(not sent)");
		td_num(c->out, (double)x->records);
		td_num(c->out, (double)x->feedback);
		td_num(c->out, (double)x->scored);
		td_num(c->out, g_score(x));
		buf_puts(c->out, "</tr>");
	}
	buf_puts(c->out, "</table>");
	stats_result_release(&day);
	stats_result_release(&bm);
	return rc ? -1 : 0;
}

static int count_range(void *ctx, int64_t lo, int64_t hi)
{
	*(int64_t *)ctx += hi - lo + 1;
	return 0;
}

static int section_erasures(struct ctx *c)
{
	struct buf *out = c->out;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(c->db,
			       "SELECT seq, ts_us, rec_id, note FROM entries WHERE kind = 'erase' AND ts_us >= ?1"
			       " AND ts_us < ?2 ORDER BY seq",
			       -1, &st, NULL) != SQLITE_OK)
		return dberr(c, "erasures");
	sqlite3_bind_int64(st, 1, c->lo);
	sqlite3_bind_int64(st, 2, c->hi);
	buf_puts(out, "<h2 id=\"erasures\">Erasures</h2>");
	static const char *const cols[] = { "entry", "when", "payloads erased", "reason" };
	size_t n = 0;
	int64_t total = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t k = 0;
		const char *note = (const char *)sqlite3_column_text(st, 3);
		int ok = note && entry_note_ranges(note, (size_t)sqlite3_column_bytes(st, 3), count_range, &k) == 0;
		total += ok ? k : 0;
		if (n++ >= MAX_ROWS)
			continue;
		if (n == 1)
			th(out, cols, sizeof(cols) / sizeof(*cols));
		buf_printf(out, "<tr><td class=\"k\">%lld</td><td class=\"k\">", (long long)sqlite3_column_int64(st, 0));
		put_time(out, sqlite3_column_int64(st, 1));
		if (ok)
			buf_printf(out, "</td><td>%lld</td>", (long long)k);
		else
			buf_puts(out, "</td><td>?</td>");
		td_key(out, (const char *)sqlite3_column_text(st, 2), "");
		buf_puts(out, "</tr>");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return dberr(c, "erasures");
	if (n)
		buf_puts(out, "</table>");
	if (n > MAX_ROWS)
		buf_printf(out, "<p class=\"note\">and %zu more erase entries</p>", n - MAX_ROWS);
	buf_printf(out, "<p class=\"meta\">%zu erase entries in this range dropped %lld payloads; the entries"
			" themselves stay in the log, so every proof still holds.</p>",
		   n, (long long)total);
	return 0;
}

/* ---- the page ---- */

static void head(struct ctx *c)
{
	unsigned char h[HASH_SHA256_LEN];
	hash_sha256(css, sizeof(css) - 1, h);
	struct buf b64 = BUF_INIT;
	b64_encode(&b64, h, sizeof(h));
	buf_printf(c->out,
		   "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-%s';"
		   " img-src 'none'; font-src 'none'; connect-src 'none'; script-src 'none'; base-uri 'none';"
		   " form-action 'none'\">\n"
		   "<meta name=\"viewport\" content=\"width=device-width\">\n<title>llm-audit report</title>\n"
		   "<style>%s</style></head>\n<body>\n",
		   b64.p, css);
	buf_release(&b64);
	buf_puts(c->out, "<h1>llm-audit report</h1><p class=\"meta\">Ledger ");
	svg_escape_str(c->out, c->o->source ? c->o->source : "(unnamed)");
	buf_puts(c->out, "; entries from ");
	put_range(c->out, c->lo, c->hi);
	buf_puts(c->out, "; generated ");
	put_time(c->out, c->o->now_us);
	buf_puts(c->out, ".</p>\n");
}

static int body(struct ctx *c, const struct counts *n)
{
	struct buf *out = c->out;
	buf_puts(out, "<p class=\"meta\">Records from ");
	put_time(out, c->first);
	buf_puts(out, " to ");
	put_time(out, c->last);
	char w[32];
	int64_t sec = c->width / 1000000;
	if (sec % 86400 == 0)
		snprintf(w, sizeof(w), "%lld day%s", (long long)(sec / 86400), sec == 86400 ? "" : "s");
	else if (sec % 3600 == 0)
		snprintf(w, sizeof(w), "%lld hour%s", (long long)(sec / 3600), sec == 3600 ? "" : "s");
	else
		snprintf(w, sizeof(w), "%lld minute%s", (long long)(sec / 60), sec == 60 ? "" : "s");
	buf_printf(out, "; charts over time have one point per %s (UTC).</p>\n", w);
	struct stats_result all, tall;
	if (stats(c, STATS_ALL, &all) < 0)
		return -1;
	if (buckets(c, STATS_ALL, &tall) < 0) {
		stats_result_release(&all);
		return -1;
	}
	struct stats_row zero;
	memset(&zero, 0, sizeof(zero));
	zero.latency_p50 = zero.latency_p95 = zero.latency_p99 = zero.ttft_p50 = -1;
	const struct stats_row *a = all.n ? &all.rows[0] : &zero;
	summary(c, a, n, (int64_t)a->feedback);
	int rc = section_traffic(c);
	if (!rc)
		rc = section_latency(c, &tall);
	if (!rc)
		rc = section_cost(c);
	if (!rc)
		rc = section_classes(c);
	if (!rc)
		rc = section_outcomes(c, &tall);
	if (!rc)
		rc = section_drift(c);
	if (!rc)
		rc = section_feedback(c);
	stats_result_release(&all);
	stats_result_release(&tall);
	return rc;
}

int report_write(struct store *s, const struct report_opts *o, struct buf *out, char *err, size_t errlen)
{
	struct ctx c;
	memset(&c, 0, sizeof(c));
	c.s = s;
	c.db = store_db(s);
	c.o = o;
	c.out = out;
	c.lo = o->since_us;
	c.hi = o->until_us;
	c.err = err;
	c.errlen = errlen;
	struct counts n;
	if (count_entries(&c, &n) < 0)
		return -1;
	head(&c);
	int rc = 0;
	if (!n.records && !n.feedback && !n.erase) {
		buf_puts(out, "<p class=\"empty\">There is no data in this ledger");
		if (c.lo != INT64_MIN || c.hi != INT64_MAX)
			buf_puts(out, " for this range");
		buf_puts(out, ": no record, feedback or erase entries.</p>\n");
	} else {
		c.first = c.first < TS_MIN ? TS_MIN : c.first > TS_MAX ? TS_MAX : c.first;
		c.last = c.last < c.first ? c.first : c.last > TS_MAX ? TS_MAX : c.last;
		c.width = report_bucket_width(c.first, c.last, MAX_BUCKETS, &c.origin);
		c.nb = (size_t)((c.last - c.origin) / c.width) + 1;
		c.blabel = calloc(c.nb, sizeof(*c.blabel));
		c.bl = calloc(c.nb, sizeof(*c.bl));
		if (!c.blabel || !c.bl) {
			snprintf(err, errlen, "out of memory");
			rc = -1;
		} else {
			enum tfmt fmt = c.width >= (int64_t)86400 * 1000000  ? T_DAY
					: c.width >= (int64_t)3600 * 1000000 ? T_HOUR
									     : T_MINUTE;
			for (size_t i = 0; i < c.nb; i++) {
				fmt_time(c.origin + (int64_t)i * c.width, c.blabel[i], sizeof(c.blabel[i]), fmt);
				c.bl[i] = c.blabel[i];
			}
			if (!n.records)
				buf_puts(out, "<p class=\"empty\">There are no records in this range.</p>\n");
			else
				rc = body(&c, &n);
			if (!rc)
				rc = section_erasures(&c);
		}
	}
	free(c.blabel);
	free(c.bl);
	buf_puts(out, "\n</body></html>\n");
	return rc;
}
