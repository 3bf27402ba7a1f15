/*
 * stats: grouped metrics over the entries table; see stats.h.
 */
#include "audit/stats.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"

static const char *const group_names[] = { "all", "backend", "model", "workload", "class", "rule", "day", "status",
					   "provider", "backend_model", "error_code" };
static const char *const group_sql[] = {
	"NULL", "backend", "model", "workload", "class", "rule", "date(ts_us / 1000000, 'unixepoch')", "status",
	"provider",
	("CASE WHEN backend IS NULL AND model IS NULL THEN NULL"
	 " ELSE coalesce(backend, '-') || ' / ' || coalesce(model, '-') END"),
	"error_code",
};

int stats_group_parse(const char *s)
{
	for (size_t i = 0; i < sizeof(group_names) / sizeof(*group_names); i++)
		if (!strcmp(s, group_names[i]))
			return (int)i;
	return -1;
}

struct vec {
	int64_t *v;
	size_t n, cap;
};

static int vpush(struct vec *v, int64_t x)
{
	if (v->n == v->cap) {
		size_t c = v->cap ? 2 * v->cap : 1024;
		int64_t *p = realloc(v->v, c * sizeof(*p));
		if (!p)
			return -1;
		v->v = p;
		v->cap = c;
	}
	v->v[v->n++] = x;
	return 0;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted vector. */
static int64_t pct(const struct vec *v, int p)
{
	if (!v->n)
		return -1;
	size_t rank = (size_t)((p * v->n + 99) / 100);
	if (rank < 1)
		rank = 1;
	return v->v[rank - 1];
}

static void finish(struct stats_row *r, struct vec *lat, struct vec *ttft)
{
	/* A group may have no latencies at all (only blocked records): qsort
	 * must not see the NULL of an empty vector. */
	if (lat->n)
		qsort(lat->v, lat->n, sizeof(int64_t), cmp64);
	if (ttft->n)
		qsort(ttft->v, ttft->n, sizeof(int64_t), cmp64);
	r->latency_p50 = pct(lat, 50);
	r->latency_p95 = pct(lat, 95);
	r->latency_p99 = pct(lat, 99);
	r->ttft_p50 = pct(ttft, 50);
	r->ttft_p95 = pct(ttft, 95);
	r->ttft_p99 = pct(ttft, 99);
	lat->n = ttft->n = 0;
}

static int cmp_key(const char *a, const char *b)
{
	if (!a || !b)
		return !a && !b ? 0 : !a ? -1 : 1;
	return strcmp(a, b);
}

/* Rows are sorted by (bucket, key) as SQLite sorts them (NULL first,
 * then bytewise, which strcmp() agrees with for text without NULs). */
static struct stats_row *find_row(struct stats_result *out, int64_t bucket, const char *key)
{
	size_t lo = 0, hi = out->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct stats_row *r = &out->rows[mid];
		int c = r->bucket_us != bucket ? (r->bucket_us < bucket ? -1 : 1) : cmp_key(r->key, key);
		if (!c)
			return &out->rows[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The bucket column: 0 without buckets, else the bucket's start. */
static void bucket_sql(char *b, size_t n, int64_t width)
{
	if (width > 0)
		snprintf(b, n, "?3 + ((ts_us - ?3) / ?4) * ?4");
	else
		snprintf(b, n, "0");
}

static void bind_range(sqlite3_stmt *st, int64_t since_us, int64_t until_us, int64_t origin_us, int64_t width)
{
	sqlite3_bind_int64(st, 1, width > 0 && origin_us > since_us ? origin_us : since_us);
	sqlite3_bind_int64(st, 2, until_us);
	if (width > 0) {
		sqlite3_bind_int64(st, 3, origin_us);
		sqlite3_bind_int64(st, 4, width);
	}
}

/* Feedback entries joined to the record entries of their id, per row. */
static int add_feedback(sqlite3 *db, enum stats_group g, int64_t since_us, int64_t until_us, int64_t origin_us,
			int64_t width, struct stats_result *out)
{
	char sql[1024], b[64];
	bucket_sql(b, sizeof(b), width);
	snprintf(sql, sizeof(sql),
		 "SELECT r.b, r.k, f.note FROM entries f JOIN (SELECT rec_id, %s AS b, %s AS k FROM entries"
		 " WHERE kind = 'record' AND ts_us >= ?1 AND ts_us < ?2) r ON r.rec_id = f.rec_id"
		 " WHERE f.kind = 'feedback'",
		 b, group_sql[g]);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return SQLITE_ERROR;
	bind_range(st, since_us, until_us, origin_us, width);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct stats_row *row = find_row(out, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1));
		if (!row)
			continue;
		row->feedback++;
		const char *note = (const char *)sqlite3_column_text(st, 2);
		struct json_span root, v;
		struct json_error je;
		if (note && json_scan(note, (size_t)sqlite3_column_bytes(st, 2), &root, NULL, &je) == 0 &&
		    root.type == JSON_OBJECT && (v = json_object_get(root, "score_milli")).type == JSON_NUMBER) {
			row->scored++;
			row->score_milli_sum += strtoll(v.p, NULL, 10);
		}
	}
	sqlite3_finalize(st);
	return rc;
}

static int compute(struct store *s, enum stats_group g, int64_t since_us, int64_t until_us, int64_t origin_us,
		   int64_t width, struct stats_result *out, char *err, size_t errlen)
{
	char sql[1024], b[64];
	bucket_sql(b, sizeof(b), width);
	snprintf(sql, sizeof(sql),
		 "SELECT %s AS b, %s AS k, status, filter_in, filter_out, latency_us, ttft_us, input_tokens, output_tokens,"
		 " cost_micro_usd FROM entries WHERE kind = 'record' AND ts_us >= ?1 AND ts_us < ?2 ORDER BY b, k",
		 b, group_sql[g]);
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st = NULL;
	out->rows = NULL;
	out->n = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "stats: %s", sqlite3_errmsg(db));
		return -1;
	}
	bind_range(st, since_us, until_us, origin_us, width);
	struct vec lat = { 0 }, ttft = { 0 };
	size_t cap = 0;
	struct stats_row *cur = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t bk = sqlite3_column_int64(st, 0);
		const char *k = (const char *)sqlite3_column_text(st, 1);
		if (!cur || bk != cur->bucket_us || cmp_key(k, cur->key)) {
			if (cur)
				finish(cur, &lat, &ttft);
			if (out->n == cap) {
				cap = cap ? 2 * cap : 16;
				struct stats_row *r = realloc(out->rows, cap * sizeof(*r));
				if (!r)
					goto oom;
				out->rows = r;
			}
			cur = &out->rows[out->n++];
			memset(cur, 0, sizeof(*cur));
			cur->bucket_us = bk;
			if (k && !(cur->key = strdup(k)))
				goto oom;
		}
		const char *status = (const char *)sqlite3_column_text(st, 2);
		const char *fi = (const char *)sqlite3_column_text(st, 3);
		const char *fo = (const char *)sqlite3_column_text(st, 4);
		cur->records++;
		if (status) {
			cur->errors += !strcmp(status, "error");
			cur->blocked += !strcmp(status, "blocked");
			cur->denied += !strcmp(status, "denied");
		}
		cur->redacted += (fi && !strcmp(fi, "redact")) || (fo && !strcmp(fo, "redact"));
		if (sqlite3_column_type(st, 5) == SQLITE_INTEGER && vpush(&lat, sqlite3_column_int64(st, 5)))
			goto oom;
		if (sqlite3_column_type(st, 6) == SQLITE_INTEGER && vpush(&ttft, sqlite3_column_int64(st, 6)))
			goto oom;
		cur->input_tokens += sqlite3_column_int64(st, 7);
		cur->output_tokens += sqlite3_column_int64(st, 8);
		cur->cost_micro_usd += sqlite3_column_int64(st, 9);
	}
	if (cur)
		finish(cur, &lat, &ttft);
	free(lat.v);
	free(ttft.v);
	sqlite3_finalize(st);
	st = NULL;
	if (rc == SQLITE_DONE)
		rc = add_feedback(db, g, since_us, until_us, origin_us, width, out);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "stats: %s", sqlite3_errmsg(db));
		stats_result_release(out);
		return -1;
	}
	return 0;
oom:
	free(lat.v);
	free(ttft.v);
	sqlite3_finalize(st);
	stats_result_release(out);
	snprintf(err, errlen, "out of memory");
	return -1;
}

int stats_compute(struct store *s, enum stats_group g, int64_t since_us, int64_t until_us, struct stats_result *out,
		  char *err, size_t errlen)
{
	return compute(s, g, since_us, until_us, 0, 0, out, err, errlen);
}

int stats_compute_buckets(struct store *s, enum stats_group g, int64_t since_us, int64_t until_us, int64_t origin_us,
			  int64_t width_us, struct stats_result *out, char *err, size_t errlen)
{
	if (width_us <= 0) {
		out->rows = NULL;
		out->n = 0;
		snprintf(err, errlen, "stats: the bucket width must be positive");
		return -1;
	}
	return compute(s, g, since_us, until_us, origin_us, width_us, out, err, errlen);
}

static int cmp_tally(const void *a, const void *b)
{
	const struct stats_tally *x = a, *y = b;
	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->name, y->name);
}

void stats_tally_free(struct stats_tally *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(t[i].name);
	free(t);
}

int stats_finding_types(struct store *s, int64_t since_us, int64_t until_us, struct stats_tally **out, size_t *nout,
			char *err, size_t errlen)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st = NULL;
	struct stats_tally *t = NULL;
	size_t n = 0, cap = 0;
	*out = NULL;
	*nout = 0;
	if (sqlite3_prepare_v2(db,
			       "SELECT findings FROM entries WHERE kind = 'record' AND ts_us >= ?1 AND ts_us < ?2"
			       " AND findings IS NOT NULL AND findings != ''",
			       -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "stats: %s", sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_int64(st, 1, since_us);
	sqlite3_bind_int64(st, 2, until_us);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(st, 0);
		size_t len = (size_t)sqlite3_column_bytes(st, 0);
		for (size_t i = 0; p && i < len;) {
			const char *e = memchr(p + i, ',', len - i);
			size_t k = e ? (size_t)(e - (p + i)) : len - i, j = 0;
			while (j < n && (strlen(t[j].name) != k || memcmp(t[j].name, p + i, k)))
				j++;
			if (j == n && k && n < STATS_MAX_TYPES) {
				if (n == cap) {
					cap = cap ? 2 * cap : 32;
					struct stats_tally *nt = realloc(t, cap * sizeof(*nt));
					if (!nt)
						goto oom;
					t = nt;
				}
				if (!(t[n].name = strndup(p + i, k)))
					goto oom;
				t[n++].n = 0;
			}
			if (j < n)
				t[j].n++;
			i += k + 1;
		}
	}
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "stats: %s", sqlite3_errmsg(db));
		sqlite3_finalize(st);
		stats_tally_free(t, n);
		return -1;
	}
	sqlite3_finalize(st);
	if (n)
		qsort(t, n, sizeof(*t), cmp_tally);
	*out = t;
	*nout = n;
	return 0;
oom:
	sqlite3_finalize(st);
	stats_tally_free(t, n);
	snprintf(err, errlen, "out of memory");
	return -1;
}

void stats_result_release(struct stats_result *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->rows[i].key);
	free(r->rows);
	r->rows = NULL;
	r->n = 0;
}

static void put_ms(struct buf *b, const char *name, int64_t us)
{
	if (us < 0)
		buf_printf(b, ",\"%s\":null", name);
	else
		buf_printf(b, ",\"%s\":%.3f", name, (double)us / 1000.0);
}

static double rate(uint64_t a, uint64_t n)
{
	return n ? (double)a / (double)n : 0.0;
}

void stats_format_ndjson(const struct stats_result *r, const char *group_name, struct buf *out)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct stats_row *x = &r->rows[i];
		buf_putc(out, '{');
		if (group_name && strcmp(group_name, "all")) {
			buf_printf(out, "\"%s\":", group_name);
			if (x->key)
				json_escape(out, x->key, strlen(x->key));
			else
				buf_puts(out, "null");
			buf_putc(out, ',');
		}
		buf_printf(out,
			   "\"records\":%llu,\"errors\":%llu,\"error_rate\":%.4f,\"block_rate\":%.4f,"
			   "\"redact_rate\":%.4f,\"deny_rate\":%.4f",
			   (unsigned long long)x->records, (unsigned long long)x->errors, rate(x->errors, x->records),
			   rate(x->blocked, x->records), rate(x->redacted, x->records), rate(x->denied, x->records));
		put_ms(out, "latency_ms_p50", x->latency_p50);
		put_ms(out, "latency_ms_p95", x->latency_p95);
		put_ms(out, "latency_ms_p99", x->latency_p99);
		put_ms(out, "ttft_ms_p50", x->ttft_p50);
		put_ms(out, "ttft_ms_p95", x->ttft_p95);
		put_ms(out, "ttft_ms_p99", x->ttft_p99);
		buf_printf(out, ",\"input_tokens\":%lld,\"output_tokens\":%lld,\"cost_usd\":%.6f,\"feedback\":%llu",
			   (long long)x->input_tokens, (long long)x->output_tokens, (double)x->cost_micro_usd / 1e6,
			   (unsigned long long)x->feedback);
		if (x->scored)
			buf_printf(out, ",\"score_mean\":%.4f}\n", (double)x->score_milli_sum / 1000.0 / (double)x->scored);
		else
			buf_puts(out, ",\"score_mean\":null}\n");
	}
}

static void cell_ms(struct buf *b, int64_t us)
{
	if (us < 0)
		buf_printf(b, " %9s", "-");
	else
		buf_printf(b, " %9.1f", (double)us / 1000.0);
}

void stats_format_table(const struct stats_result *r, const char *group_name, struct buf *out)
{
	buf_printf(out, "%-20s %8s %6s %6s %6s %9s %9s %9s %9s %10s %10s %11s\n", group_name ? group_name : "all",
		   "records", "err%", "block%", "redac%", "p50_ms", "p95_ms", "p99_ms", "ttft50", "in_tok", "out_tok",
		   "cost_usd");
	for (size_t i = 0; i < r->n; i++) {
		const struct stats_row *x = &r->rows[i];
		buf_printf(out, "%-20.20s %8llu %6.2f %6.2f %6.2f", x->key ? x->key : "-", (unsigned long long)x->records,
			   100 * rate(x->errors, x->records), 100 * rate(x->blocked, x->records),
			   100 * rate(x->redacted, x->records));
		cell_ms(out, x->latency_p50);
		cell_ms(out, x->latency_p95);
		cell_ms(out, x->latency_p99);
		cell_ms(out, x->ttft_p50);
		buf_printf(out, " %10lld %10lld %11.6f\n", (long long)x->input_tokens, (long long)x->output_tokens,
			   (double)x->cost_micro_usd / 1e6);
	}
}
