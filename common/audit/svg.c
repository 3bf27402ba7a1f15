/*
 * svg: inline SVG charts for the report; see svg.h.
 *
 * Layout of the vertical charts (bars, lines): a plot area with the y axis
 * on the left (five intervals from 0 to a nice ceiling of the largest
 * value, or of the largest stack for bars), category labels below (thinned
 * so they do not overlap), then the legend flowing in rows. Horizontal bars
 * put the labels on the left and each value after its bar.
 */
#include "audit/svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/json.h"

static const char *const palette[] = {
	"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
	"#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
};
#define NPALETTE (sizeof(palette) / sizeof(*palette))

void svg_escape(struct buf *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t ok = json_utf8_valid_prefix(s + i, n - i);
		for (size_t end = i + ok; i < end; i++) {
			unsigned char c = (unsigned char)s[i];
			switch (c) {
			case '&': buf_puts(out, "&amp;"); break;
			case '<': buf_puts(out, "&lt;"); break;
			case '>': buf_puts(out, "&gt;"); break;
			case '"': buf_puts(out, "&quot;"); break;
			case '\'': buf_puts(out, "&#39;"); break;
			default:
				if (c >= 0x20 || c == '\t' || c == '\n')
					buf_putc(out, (char)c);
				else if (c == '\r')
					buf_putc(out, ' ');
				/* other C0 controls are dropped: not allowed in XML */
			}
		}
		if (i < n) {
			buf_puts(out, "\xef\xbf\xbd");
			i++;
		}
	}
}

void svg_escape_str(struct buf *out, const char *s)
{
	if (s)
		svg_escape(out, s, strlen(s));
}

double svg_scale_map(const struct svg_scale *s, double v)
{
	if (!(s->d1 != s->d0) || !isfinite(s->d1 - s->d0))
		return s->r0;
	return s->r0 + (v - s->d0) * (s->r1 - s->r0) / (s->d1 - s->d0);
}

double svg_nice_ceil(double v)
{
	if (!(v > 0) || !isfinite(v))
		return 1;
	double p = pow(10, floor(log10(v)));
	static const double m[] = { 1, 2, 2.5, 5, 10 };
	for (size_t i = 0; i < sizeof(m) / sizeof(*m); i++)
		if (m[i] * p >= v * (1 - 1e-12))
			return m[i] * p;
	return 10 * p;
}

/* Drops trailing zeros after a decimal point ("3.50" -> "3.5", "2.0" -> "2"). */
static void trim_zeros(char *s)
{
	char *dot = strchr(s, '.');
	if (!dot || strchr(s, 'e'))
		return;
	char *e = s + strlen(s);
	while (e > dot + 1 && e[-1] == '0')
		*--e = '\0';
	if (e == dot + 1)
		*dot = '\0';
}

void svg_format_num(double v, char *out, size_t cap)
{
	if (!cap)
		return;
	if (!isfinite(v)) {
		snprintf(out, cap, "-");
		return;
	}
	double a = fabs(v);
	const char *suffix = "";
	if (a >= 1e12) {
		snprintf(out, cap, "%.1e", v);
		return;
	}
	if (a >= 999.95e6) {
		v /= 1e9;
		suffix = "G";
	} else if (a >= 999.95e3) {
		v /= 1e6;
		suffix = "M";
	} else if (a >= 9999.5) {
		v /= 1e3;
		suffix = "k";
	}
	a = fabs(v);
	char num[32];
	if (a == 0)
		snprintf(num, sizeof(num), "0");
	else if (a >= 100 || (v == floor(v) && !*suffix))
		snprintf(num, sizeof(num), "%.0f", v);
	else if (a >= 10)
		snprintf(num, sizeof(num), "%.1f", v);
	else if (a >= 1)
		snprintf(num, sizeof(num), "%.2f", v);
	else if (a >= 0.001)
		snprintf(num, sizeof(num), "%.3f", v);
	else
		snprintf(num, sizeof(num), "%.1e", v);
	trim_zeros(num);
	snprintf(out, cap, "%s%s", num, suffix);
}

/* A label cut to at most max code points ("…" ends a cut one), escaped. */
static void put_label(struct buf *out, const char *s, size_t max)
{
	if (!s)
		return;
	size_t n = strlen(s), cps = 0, cut = n;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && ++cps == max) {
			cut = i;
			break;
		}
	if (cut < n) {
		svg_escape(out, s, cut);
		buf_puts(out, "\xe2\x80\xa6");
	} else {
		svg_escape(out, s, n);
	}
}

static void put_value(struct buf *out, double v, const char *unit)
{
	char num[32];
	svg_format_num(v, num, sizeof(num));
	buf_puts(out, num);
	if (unit && *unit) {
		buf_putc(out, ' ');
		svg_escape_str(out, unit);
	}
}

/* <title>series · category: value unit</title> */
static void put_tooltip(struct buf *out, const struct svg_chart *c, size_t si, size_t ci, double v)
{
	buf_puts(out, "<title>");
	if (c->series && c->series[si]) {
		svg_escape_str(out, c->series[si]);
		buf_puts(out, " \xc2\xb7 ");
	}
	svg_escape_str(out, c->cats[ci]);
	buf_puts(out, ": ");
	put_value(out, v, c->unit);
	buf_puts(out, "</title>");
}

static void open_svg(struct buf *out, const struct svg_chart *c, int w, int h)
{
	buf_printf(out, "<svg class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", w,
		   h, w, h);
	svg_escape_str(out, c->title);
	buf_puts(out, "\" font-family=\"sans-serif\" font-size=\"11\">");
}

static void no_data(struct buf *out, const struct svg_chart *c, int w, int h)
{
	open_svg(out, c, w, h);
	buf_printf(out,
		   "<rect x=\"0.5\" y=\"0.5\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#ccc\"/>"
		   "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#888\">no data</text></svg>",
		   w - 1, h - 1, w / 2, h / 2);
}

static int finite_any(const struct svg_chart *c, size_t nser)
{
	for (size_t i = 0; i < nser * c->ncat; i++)
		if (isfinite(c->v[i]))
			return 1;
	return 0;
}

static double val(const struct svg_chart *c, size_t s, size_t i)
{
	return c->v[s * c->ncat + i];
}

#define PAD_L 52
#define PAD_R 12
#define PAD_T 22
#define AXIS_H 30
#define LEGEND_ROW 16

static double val(const struct svg_chart *c, size_t s, size_t i);

/* A line with no point is left out of the legend (its colour stays its
 * own, so one group has one colour in every chart of a page). */
static int in_legend(const struct svg_chart *c, size_t s)
{
	if (c->kind != SVG_LINES)
		return 1;
	for (size_t i = 0; i < c->ncat; i++)
		if (isfinite(val(c, s, i)))
			return 1;
	return 0;
}

/* Legend items flow in rows; returns the rows needed. */
static int legend_rows(const struct svg_chart *c, int w)
{
	if (!c->series || c->nser < 2)
		return 0;
	int rows = 1, x = PAD_L;
	for (size_t s = 0; s < c->nser; s++) {
		if (!in_legend(c, s))
			continue;
		size_t len = c->series[s] ? strlen(c->series[s]) : 0;
		int iw = 20 + 6 * (int)(len > 40 ? 40 : len);
		if (x + iw > w - PAD_R && x > PAD_L) {
			rows++;
			x = PAD_L;
		}
		x += iw;
	}
	return rows;
}

static void legend(struct buf *out, const struct svg_chart *c, int w, int y0)
{
	if (!c->series || c->nser < 2)
		return;
	int x = PAD_L, y = y0;
	for (size_t s = 0; s < c->nser; s++) {
		if (!in_legend(c, s))
			continue;
		size_t len = c->series[s] ? strlen(c->series[s]) : 0;
		int iw = 20 + 6 * (int)(len > 40 ? 40 : len);
		if (x + iw > w - PAD_R && x > PAD_L) {
			y += LEGEND_ROW;
			x = PAD_L;
		}
		buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>", x, y, palette[s % NPALETTE]);
		buf_printf(out, "<text x=\"%d\" y=\"%d\" fill=\"#333\">", x + 14, y + 9);
		put_label(out, c->series[s], 40);
		buf_puts(out, "</text>");
		x += iw;
	}
}

static void vertical(struct buf *out, const struct svg_chart *c)
{
	int w = c->width > 0 ? c->width : 560, ph = c->height > 0 ? c->height : 200;
	size_t nser = c->nser ? c->nser : 0;
	int lr = legend_rows(c, w);
	int h = PAD_T + ph + AXIS_H + lr * LEGEND_ROW + (lr ? 4 : 0);
	if (!c->ncat || !nser || !c->v || !finite_any(c, nser)) {
		no_data(out, c, w, PAD_T + ph + AXIS_H);
		return;
	}
	double max = 0;
	for (size_t i = 0; i < c->ncat; i++) {
		double sum = 0;
		for (size_t s = 0; s < nser; s++) {
			double v = val(c, s, i);
			if (!isfinite(v) || v < 0)
				continue;
			if (c->kind == SVG_BARS)
				sum += v;
			else if (v > sum)
				sum = v;
		}
		if (sum > max)
			max = sum;
	}
	double top = svg_nice_ceil(max);
	int x0 = PAD_L, x1 = w - PAD_R, y0 = PAD_T + ph, y1 = PAD_T;
	struct svg_scale ys = { 0, top, y0, y1 };
	double band = (double)(x1 - x0) / (double)c->ncat;
	open_svg(out, c, w, h);
	/* grid and y ticks */
	for (int k = 0; k <= 5; k++) {
		double v = top * k / 5;
		double y = svg_scale_map(&ys, v);
		char num[32];
		svg_format_num(v, num, sizeof(num));
		buf_printf(out,
			   "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>"
			   "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">%s</text>",
			   x0, x1, y, y, k ? "#eee" : "#999", x0 - 6, y + 4, num);
	}
	if (c->unit && *c->unit) {
		buf_printf(out, "<text x=\"4\" y=\"%d\" fill=\"#555\">", PAD_T - 10);
		svg_escape_str(out, c->unit);
		buf_puts(out, "</text>");
	}
	/* category labels, thinned to one per ~80 px */
	size_t step = (size_t)ceil(80.0 / band);
	if (step < 1)
		step = 1;
	for (size_t i = 0; i < c->ncat; i += step) {
		buf_printf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">", x0 + band * ((double)i + 0.5),
			   y0 + 16);
		put_label(out, c->cats[i], 14);
		buf_puts(out, "</text>");
	}
	if (c->kind == SVG_BARS) {
		double bw = band * 0.8 < 1 ? 1 : band * 0.8;
		for (size_t i = 0; i < c->ncat; i++) {
			double acc = 0, x = x0 + band * (double)i + (band - bw) / 2;
			for (size_t s = 0; s < nser; s++) {
				double v = val(c, s, i);
				if (!isfinite(v) || v <= 0)
					continue;
				double ya = svg_scale_map(&ys, acc), yb = svg_scale_map(&ys, acc + v);
				buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">", x, yb, bw,
					   ya - yb, palette[s % NPALETTE]);
				put_tooltip(out, c, s, i, v);
				buf_puts(out, "</rect>");
				acc += v;
			}
		}
	} else {
		for (size_t s = 0; s < nser; s++) {
			const char *col = palette[s % NPALETTE];
			int pen = 0;
			struct buf path = BUF_INIT;
			for (size_t i = 0; i < c->ncat; i++) {
				double v = val(c, s, i);
				if (!isfinite(v)) {
					pen = 0;
					continue;
				}
				buf_printf(&path, "%c%.1f %.1f", pen ? 'L' : 'M', x0 + band * ((double)i + 0.5),
					   svg_scale_map(&ys, v));
				pen = 1;
			}
			if (path.len)
				buf_printf(out, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>", path.p, col);
			buf_release(&path);
			for (size_t i = 0; i < c->ncat; i++) {
				double v = val(c, s, i);
				if (!isfinite(v))
					continue;
				buf_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\">", x0 + band * ((double)i + 0.5),
					   svg_scale_map(&ys, v), col);
				put_tooltip(out, c, s, i, v);
				buf_puts(out, "</circle>");
			}
		}
	}
	legend(out, c, w, y0 + AXIS_H);
	buf_puts(out, "</svg>");
}

#define HBAR_ROW 20
#define HBAR_LABEL 190

static void horizontal(struct buf *out, const struct svg_chart *c)
{
	int w = c->width > 0 ? c->width : 560;
	if (!c->ncat || !c->nser || !c->v || !finite_any(c, 1)) {
		no_data(out, c, w, c->height > 0 ? c->height : 60);
		return;
	}
	int h = c->height > 0 ? c->height : 8 + HBAR_ROW * (int)c->ncat;
	double max = 0;
	for (size_t i = 0; i < c->ncat; i++)
		if (isfinite(val(c, 0, i)) && val(c, 0, i) > max)
			max = val(c, 0, i);
	struct svg_scale xs = { 0, max > 0 ? max : 1, HBAR_LABEL, w - 70 };
	open_svg(out, c, w, h);
	for (size_t i = 0; i < c->ncat; i++) {
		double v = val(c, 0, i);
		int y = 4 + HBAR_ROW * (int)i;
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#333\">", HBAR_LABEL - 6, y + 14);
		put_label(out, c->cats[i], 30);
		buf_puts(out, "</text>");
		double bw = isfinite(v) && v > 0 ? svg_scale_map(&xs, v) - HBAR_LABEL : 0;
		buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">", HBAR_LABEL, y + 3, bw,
			   HBAR_ROW - 6, palette[i % NPALETTE]);
		put_tooltip(out, c, 0, i, v);
		buf_printf(out, "</rect><text x=\"%.1f\" y=\"%d\" fill=\"#333\">", HBAR_LABEL + bw + 4, y + 14);
		put_value(out, v, c->unit);
		buf_puts(out, "</text>");
	}
	buf_puts(out, "</svg>");
}

void svg_chart(struct buf *out, const struct svg_chart *c)
{
	if (c->kind == SVG_HBARS)
		horizontal(out, c);
	else
		vertical(out, c);
}
