/*
 * test_report: the report's chart helpers (escaping, scales, nice
 * ceilings, number formats, empty and gapped series, stacked bar
 * geometry), time buckets, stats per bucket, and whole pages written from
 * small ledgers: user data escaped, the CSP naming the style's hash, an
 * empty ledger a valid page that says so.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/entry.h"
#include "audit/report.h"
#include "audit/stats.h"
#include "audit/store.h"
#include "audit/svg.h"
#include "core/b64.h"
#include "core/buf.h"
#include "core/hash.h"
#include "unit.h"

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void test_escape(void)
{
	struct buf b = BUF_INIT;
	svg_escape_str(&b, "<script>alert(\"x\")&'</script>");
	CHECK_EQ_STR(b.p, "&lt;script&gt;alert(&quot;x&quot;)&amp;&#39;&lt;/script&gt;");
	buf_reset(&b);
	/* invalid UTF-8 becomes U+FFFD; C0 controls go; valid text stays */
	svg_escape(&b, "a\xff" "b\x01" "c\xc3\xa9\td", 9);
	CHECK_EQ_STR(b.p, "a\xef\xbf\xbd" "bc\xc3\xa9\td");
	buf_reset(&b);
	svg_escape(&b, "\xe2\x82", 2); /* a cut sequence: each byte replaced */
	CHECK_EQ_STR(b.p, "\xef\xbf\xbd\xef\xbf\xbd");
	buf_reset(&b);
	svg_escape_str(&b, NULL);
	CHECK_EQ_INT(b.len, 0);
	buf_release(&b);
}

static void test_scale(void)
{
	struct svg_scale s = { 0, 10, 100, 0 };
	CHECK_NEAR(svg_scale_map(&s, 0), 100, 1e-9);
	CHECK_NEAR(svg_scale_map(&s, 5), 50, 1e-9);
	CHECK_NEAR(svg_scale_map(&s, 10), 0, 1e-9);
	struct svg_scale d = { 3, 3, 7, 70 };
	CHECK_NEAR(svg_scale_map(&d, 3), 7, 1e-9);
	CHECK_NEAR(svg_scale_map(&d, 100), 7, 1e-9);

	CHECK_NEAR(svg_nice_ceil(0), 1, 0);
	CHECK_NEAR(svg_nice_ceil(-5), 1, 0);
	CHECK_NEAR(svg_nice_ceil(NAN), 1, 0);
	CHECK_NEAR(svg_nice_ceil(INFINITY), 1, 0);
	CHECK_NEAR(svg_nice_ceil(1), 1, 1e-12);
	CHECK_NEAR(svg_nice_ceil(7), 10, 1e-12);
	CHECK_NEAR(svg_nice_ceil(23), 25, 1e-12);
	CHECK_NEAR(svg_nice_ceil(2.5), 2.5, 1e-12);
	CHECK_NEAR(svg_nice_ceil(101), 200, 1e-9);
	CHECK_NEAR(svg_nice_ceil(0.03), 0.05, 1e-12);
	CHECK_NEAR(svg_nice_ceil(4097), 5000, 1e-9);

	char b[32];
	static const struct {
		double v;
		const char *s;
	} f[] = {
		{ 0, "0" },        { 12, "12" },        { 3.5, "3.5" },     { 0.042, "0.042" }, { 1234, "1234" },
		{ 12345, "12.3k" }, { 1.5e6, "1.5M" },    { 2e9, "2G" },      { -3.25, "-3.25" }, { 999.5, "1000" },
		{ 0.0001, "1.0e-04" }, { 250, "250" }, { 12.34, "12.3" },
	};
	for (size_t i = 0; i < sizeof(f) / sizeof(*f); i++) {
		svg_format_num(f[i].v, b, sizeof(b));
		CHECK_EQ_STR(b, f[i].s);
	}
	svg_format_num(NAN, b, sizeof(b));
	CHECK_EQ_STR(b, "-");
}

static void test_charts(void)
{
	struct buf b = BUF_INIT;
	/* nothing to draw: a frame saying so, still one well-formed <svg> */
	struct svg_chart empty = { SVG_BARS, "t", NULL, 0, NULL, 0, NULL, NULL, 400, 100 };
	svg_chart(&b, &empty);
	CHECK(strstr(b.p, "no data") != NULL);
	CHECK_EQ_INT(count(b.p, "<svg"), 1);
	CHECK_EQ_INT(count(b.p, "</svg>"), 1);

	const char *cats[] = { "a", "<b>", "c" };
	double nan3[] = { NAN, NAN, NAN };
	struct svg_chart lines_nan = { SVG_LINES, "t", "ms", 3, cats, 1, NULL, nan3, 400, 100 };
	buf_reset(&b);
	svg_chart(&b, &lines_nan);
	CHECK(strstr(b.p, "no data") != NULL);
	struct svg_chart hb_empty = { SVG_HBARS, "t", NULL, 0, cats, 1, NULL, nan3, 400, 0 };
	buf_reset(&b);
	svg_chart(&b, &hb_empty);
	CHECK(strstr(b.p, "no data") != NULL);

	/* a gap in a line: the path lifts the pen */
	double gap[] = { 1, NAN, 3 };
	struct svg_chart lines = { SVG_LINES, "t", "ms", 3, cats, 1, NULL, gap, 400, 100 };
	buf_reset(&b);
	svg_chart(&b, &lines);
	CHECK(strstr(b.p, "no data") == NULL);
	const char *d = strstr(b.p, "<path d=\"");
	CHECK(d != NULL);
	if (d) {
		const char *e = strchr(d + 9, '"');
		size_t m = 0;
		for (const char *p = d + 9; p < e; p++)
			m += *p == 'M', m += (*p == 'L') * 100;
		CHECK_EQ_INT(m, 2); /* two moves, no line across the gap */
	}
	CHECK_EQ_INT(count(b.p, "<circle"), 2);
	CHECK(strstr(b.p, "&lt;b&gt;") != NULL);
	CHECK(strstr(b.p, "<b>") == NULL);

	/* a line with no point stays out of the legend */
	const char *two[] = { "kept", "gone" };
	double lv[] = { 1, 2, 3, NAN, NAN, NAN };
	struct svg_chart lines2 = { SVG_LINES, "t", NULL, 3, cats, 2, two, lv, 400, 100 };
	buf_reset(&b);
	svg_chart(&b, &lines2);
	CHECK(strstr(b.p, ">kept</text>") != NULL);
	CHECK(strstr(b.p, ">gone</text>") == NULL);
	CHECK_EQ_INT(count(b.p, "<path"), 1);

	/* stacked bars: 1 and 3 under a ceiling of 5 in 100 px: 20 and 60 px */
	const char *ser[] = { "x<y", "z" };
	double v[] = { 1, 0, 0, 3, 0, 0 };
	struct svg_chart bars = { SVG_BARS, "t", NULL, 3, cats, 2, ser, v, 400, 100 };
	buf_reset(&b);
	svg_chart(&b, &bars);
	CHECK(strstr(b.p, "height=\"20.0\"") != NULL);
	CHECK(strstr(b.p, "height=\"60.0\"") != NULL);
	CHECK_EQ_INT(count(b.p, "<title>"), 2);          /* zero segments are not drawn */
	CHECK(strstr(b.p, "<title>x&lt;y \xc2\xb7 a: 1</title>") != NULL);
	CHECK(strstr(b.p, ">5</text>") != NULL);          /* the top tick */
	CHECK(strstr(b.p, "x<y") == NULL);

	/* horizontal bars: long labels are cut with an ellipsis */
	const char *lc[] = { "a-very-long-workload-name-that-goes-on-and-on", "short" };
	double hv[] = { 2, 4 };
	struct svg_chart hb = { SVG_HBARS, "t", "USD", 2, lc, 1, NULL, hv, 400, 0 };
	buf_reset(&b);
	svg_chart(&b, &hb);
	CHECK(strstr(b.p, "a-very-long-workload-name-tha\xe2\x80\xa6") != NULL);
	CHECK(strstr(b.p, ">4 USD</text>") != NULL);
	CHECK(strstr(b.p, "height=\"48\"") != NULL); /* 8 + 2 rows of 20 */
	buf_release(&b);
}

static void test_buckets(void)
{
	int64_t o, s = 1000000;
	int64_t t0 = (int64_t)1795392000 * s + 1234567; /* 2026-11-23T00:00:01.23Z */
	CHECK_EQ_INT(report_bucket_width(t0, t0, 48, &o), 60 * s);
	CHECK_EQ_INT(o, (int64_t)1795392000 * s);
	CHECK_EQ_INT(report_bucket_width(t0, t0 + 47 * 60 * s, 48, &o), 60 * s);
	CHECK_EQ_INT(report_bucket_width(t0, t0 + 48 * 60 * s, 48, &o), 300 * s);
	CHECK_EQ_INT(report_bucket_width(t0, t0 + 6 * 86400 * s, 48, &o), 6 * 3600 * s);
	CHECK_EQ_INT(report_bucket_width(t0, t0 + 100 * 86400 * s, 48, &o), 7 * 86400 * s);
	CHECK_EQ_INT(o % (7 * 86400 * s), 0);
	/* beyond the ladder: whole days, at most 48 buckets */
	int64_t w = report_bucket_width(t0, t0 + (int64_t)5000 * 86400 * s, 48, &o);
	CHECK_EQ_INT(w % (86400 * s), 0);
	CHECK(((t0 + (int64_t)5000 * 86400 * s) - o) / w < 48);
	CHECK(o <= t0 && t0 - o < w);
	/* before 1970 */
	w = report_bucket_width(-90 * s, -30 * s, 48, &o);
	CHECK_EQ_INT(w, 60 * s);
	CHECK_EQ_INT(o, -120 * s);
}

static char dir[] = "/tmp/test_report.XXXXXX";

static void add_record(struct store *st, int64_t ts, const char *id, const char *workload, const char *backend,
		       const char *model, int64_t lat_us, int64_t cost)
{
	char err[256];
	struct entry e;
	entry_clear(&e);
	entry_set_text(&e, EF_KIND, "record", 6);
	entry_set_int(&e, EF_TS_US, ts);
	entry_set_text(&e, EF_REC_ID, id, strlen(id));
	entry_set_text(&e, EF_WORKLOAD, workload, strlen(workload));
	entry_set_text(&e, EF_CLASS, "internal", 8);
	entry_set_text(&e, EF_FINDINGS, "email,phone", 11);
	entry_set_text(&e, EF_BACKEND, backend, strlen(backend));
	entry_set_text(&e, EF_MODEL, model, strlen(model));
	entry_set_text(&e, EF_STATUS, "ok", 2);
	entry_set_int(&e, EF_LATENCY_US, lat_us);
	entry_set_int(&e, EF_TTFT_US, lat_us / 10);
	entry_set_int(&e, EF_COST_MICRO_USD, cost);
	CHECK_MSG(store_queue(st, &e, "{}", 2, err, sizeof(err)) == 0, "%s", err);
}

static void add_feedback(struct store *st, int64_t ts, const char *id, int score_milli)
{
	char err[256], note[64];
	struct entry e;
	entry_clear(&e);
	entry_set_text(&e, EF_KIND, "feedback", 8);
	entry_set_int(&e, EF_TS_US, ts);
	entry_set_text(&e, EF_REC_ID, id, strlen(id));
	snprintf(note, sizeof(note), "{\"score_milli\":%d}", score_milli);
	entry_set_text(&e, EF_NOTE, note, strlen(note));
	CHECK_MSG(store_queue(st, &e, NULL, 0, err, sizeof(err)) == 0, "%s", err);
}

static struct store *open_db(const char *name)
{
	char path[256], err[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	struct store *st = store_open(path, STORE_CREATE, err, sizeof(err));
	CHECK_MSG(st != NULL, "%s", err);
	return st;
}

/* The CSP's style hash is the hash of the page's <style> block. */
static void check_csp(const char *page)
{
	const char *a = strstr(page, "<style>"), *z = strstr(page, "</style>");
	const char *h = strstr(page, "style-src 'sha256-");
	CHECK(a && z && h && z > a);
	if (!a || !z || !h || z < a)
		return;
	unsigned char d[HASH_SHA256_LEN];
	hash_sha256(a + 7, (size_t)(z - (a + 7)), d);
	struct buf b = BUF_INIT;
	b64_encode(&b, d, sizeof(d));
	CHECK(!strncmp(h + 18, b.p, b.len) && h[18 + b.len] == '\'');
	buf_release(&b);
	CHECK(strstr(page, "default-src 'none'") != NULL);
	CHECK_EQ_INT(count(page, "<html"), 1);
	CHECK(strstr(page, "</body></html>") != NULL);
}

static void test_pages(void)
{
	char err[256];
	int64_t s = 1000000, t0 = (int64_t)1795392000 * s;
	struct report_opts o = { "a<b>.db", INT64_MIN, INT64_MAX, 0, 0, 0, 0, 0, t0 };

	/* an empty ledger */
	struct store *st = open_db("empty.db");
	if (!st)
		return;
	struct buf page = BUF_INIT;
	CHECK_MSG(report_write(st, &o, &page, err, sizeof(err)) == 0, "%s", err);
	CHECK(strstr(page.p, "There is no data in this ledger") != NULL);
	CHECK_EQ_INT(count(page.p, "<svg"), 0);
	CHECK(strstr(page.p, "a&lt;b&gt;.db") != NULL);
	check_csp(page.p);
	store_close(st);

	/* user data in every field that is shown */
	st = open_db("x.db");
	if (!st)
		return;
	add_record(st, t0, "r1", "<script>alert(1)</script>", "b1", "m1", 100000, 1500);
	add_record(st, t0 + 10 * s, "r2", "w2", "b1", "m1", 300000, 500);
	add_record(st, t0 + 3600 * s, "r3", "w2", "b2", "\"><img src=x onerror=alert(1)>", 200000, 0);
	add_record(st, t0 + 7200 * s, "r4", "w2", "b1", "m1", 400000, 0);
	add_feedback(st, t0 + 7300 * s, "r1", 800);
	add_feedback(st, t0 + 7300 * s, "r3", 400);
	add_feedback(st, t0 + 7300 * s, "nobody", 400);
	CHECK_MSG(store_commit(st, err, sizeof(err)) == 0, "%s", err);

	/* stats per bucket: (bucket, key) rows, feedback in its record's row */
	struct stats_result r;
	CHECK(stats_compute_buckets(st, STATS_BACKEND_MODEL, INT64_MIN, INT64_MAX, t0, 3600 * s, &r, err, sizeof(err)) == 0);
	CHECK_EQ_INT(r.n, 3);
	if (r.n == 3) {
		CHECK_EQ_INT(r.rows[0].bucket_us, t0);
		CHECK_EQ_STR(r.rows[0].key, "b1 / m1");
		CHECK_EQ_INT(r.rows[0].records, 2);
		CHECK_EQ_INT(r.rows[0].latency_p50, 100000);
		CHECK_EQ_INT(r.rows[0].latency_p99, 300000);
		CHECK_EQ_INT(r.rows[0].cost_micro_usd, 2000);
		CHECK_EQ_INT(r.rows[0].scored, 1);
		CHECK_EQ_INT(r.rows[0].score_milli_sum, 800);
		CHECK_EQ_INT(r.rows[1].bucket_us, t0 + 3600 * s);
		CHECK_EQ_STR(r.rows[1].key, "b2 / \"><img src=x onerror=alert(1)>");
		CHECK_EQ_INT(r.rows[1].scored, 1);
		CHECK_EQ_INT(r.rows[2].bucket_us, t0 + 7200 * s);
		CHECK_EQ_INT(r.rows[2].feedback, 0);
	}
	stats_result_release(&r);
	/* the range applies: only r3 and r4 */
	CHECK(stats_compute_buckets(st, STATS_ALL, t0 + 60 * s, INT64_MAX, t0, 3600 * s, &r, err, sizeof(err)) == 0);
	CHECK_EQ_INT(r.n, 2);
	stats_result_release(&r);
	CHECK(stats_compute_buckets(st, STATS_ALL, INT64_MIN, INT64_MAX, t0, 0, &r, err, sizeof(err)) == -1);
	CHECK(stats_compute(st, STATS_ERROR_CODE, INT64_MIN, INT64_MAX, &r, err, sizeof(err)) == 0);
	CHECK_EQ_INT(r.n, 1);
	CHECK(r.n == 1 && r.rows[0].key == NULL);
	stats_result_release(&r);
	struct stats_tally *t;
	size_t nt;
	CHECK(stats_finding_types(st, INT64_MIN, t0 + 3600 * s, &t, &nt, err, sizeof(err)) == 0);
	CHECK_EQ_INT(nt, 2);
	if (nt == 2) {
		CHECK_EQ_STR(t[0].name, "email"); /* a tie: by name */
		CHECK_EQ_INT(t[0].n, 2);
		CHECK_EQ_STR(t[1].name, "phone");
	}
	stats_tally_free(t, nt);

	buf_reset(&page);
	CHECK_MSG(report_write(st, &o, &page, err, sizeof(err)) == 0, "%s", err);
	check_csp(page.p);
	CHECK(strstr(page.p, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
	CHECK(strstr(page.p, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;") != NULL);
	CHECK(strstr(page.p, "<script") == NULL);
	CHECK(strstr(page.p, "<img") == NULL);
	CHECK(strstr(page.p, "src=\"") == NULL && strstr(page.p, "href=\"") == NULL); /* no fetch: nothing to load */
	CHECK(count(page.p, "<svg") >= 12);
	CHECK(strstr(page.p, "no data") != NULL); /* no error codes */
	CHECK(strstr(page.p, "1 feedback entries name no record") != NULL);
	CHECK(strstr(page.p, "one point per 5 minutes") != NULL);
	CHECK(strstr(page.p, "id=\"drift\"") != NULL);
	CHECK(strstr(page.p, "Baseline records: 2; window records: 2") != NULL);
	CHECK(strstr(page.p, "There is no data") == NULL);

	/* a range with nothing in it */
	struct report_opts later = o;
	later.since_us = t0 + 86400 * s;
	buf_reset(&page);
	CHECK(report_write(st, &later, &page, err, sizeof(err)) == 0);
	CHECK(strstr(page.p, "There is no data in this ledger for this range") != NULL);
	check_csp(page.p);
	store_close(st);

	/* a damaged ledger's times, far outside any calendar: still a page */
	st = open_db("far.db");
	if (!st)
		return;
	add_record(st, INT64_MIN + 1, "f1", "w", "b", "m", 1000, 0);
	add_record(st, 0, "f2", "w", "b", "m", 2000, 0);
	add_record(st, INT64_MAX - 1, "f3", "w", "b", "m", 3000, 0);
	CHECK_MSG(store_commit(st, err, sizeof(err)) == 0, "%s", err);
	buf_reset(&page);
	CHECK_MSG(report_write(st, &o, &page, err, sizeof(err)) == 0, "%s", err);
	check_csp(page.p);
	CHECK(strstr(page.p, ">3</b><span>records<") != NULL);
	store_close(st);
	buf_release(&page);
}

int main(void)
{
	test_escape();
	test_scale();
	test_charts();
	test_buckets();
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_pages();
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	UNIT_DONE();
}
