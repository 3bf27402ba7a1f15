/*
 * svg: the report's charts, drawn as inline SVG into a buf: vertical bars
 * (stacked), lines and horizontal bars, with axes, ticks, a legend and a
 * <title> tooltip on every mark. No script, no external resource, no style
 * attribute (a strict Content-Security-Policy allows them): colours are
 * presentation attributes.
 *
 * Every text that reaches the output goes through svg_escape(), which is
 * also the report's HTML escape: labels are user data (workload and model
 * names come from records).
 */
#ifndef LLM_AUDIT_SVG_H
#define LLM_AUDIT_SVG_H

#include <stddef.h>

#include "core/buf.h"

/* Appends s[0..n) escaped for HTML/XML text and attribute values: & < > "
 * ' as entities, C0 controls other than tab and newline dropped, bytes
 * that are not valid UTF-8 as U+FFFD. */
void svg_escape(struct buf *out, const char *s, size_t n);
/* The same for a NUL-terminated string (NULL appends nothing). */
void svg_escape_str(struct buf *out, const char *s);

/* A linear map of [d0, d1] onto [r0, r1]; a degenerate domain maps every
 * value to r0. */
struct svg_scale {
	double d0, d1, r0, r1;
};
double svg_scale_map(const struct svg_scale *s, double v);

/* The smallest "nice" number (1, 2, 2.5 or 5 times a power of ten) >= v;
 * 1 for v <= 0 or not finite. */
double svg_nice_ceil(double v);

/* A short number: 0, 12, 3.5, 0.042, 1.2k, 3.4M, 5.6G (at most 7
 * characters plus NUL, so cap >= 8). */
void svg_format_num(double v, char *out, size_t cap);

enum svg_kind {
	SVG_BARS,  /* one stacked bar per category, a segment per series */
	SVG_LINES, /* one line per series across the categories; NaN is a gap */
	SVG_HBARS, /* one horizontal bar per category (series 0 only), its value beside it */
};

struct svg_chart {
	enum svg_kind kind;
	const char *title; /* the chart's accessible name */
	const char *unit;  /* appended to values in tooltips ("ms", "USD"); may be NULL */
	size_t ncat;
	const char *const *cats; /* category labels (x axis; rows of SVG_HBARS) */
	size_t nser;
	const char *const *series; /* legend names; NULL for a single unnamed series */
	const double *v;           /* nser * ncat values, series-major: v[s * ncat + c] */
	int width, height;         /* pixels; height is computed for SVG_HBARS when 0 */
};

/* Appends one <svg> element. A chart with no category, no series or no
 * finite value draws a frame with "no data" in it. */
void svg_chart(struct buf *out, const struct svg_chart *c);

#endif
