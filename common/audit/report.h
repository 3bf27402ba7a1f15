/*
 * report: the ledger as one self-contained HTML page (llm-audit report):
 * traffic, latency and time-to-first-token percentiles over time per
 * backend and model version, cost per day and workload, class mix and
 * finding types, blocks, denials and errors, drift tests, feedback and
 * erasures. Charts are inline SVG (svg.h); the numbers come from stats.h
 * and drift.h. The page fetches nothing: its Content-Security-Policy
 * allows no script, image, font or connection, and only its own <style>
 * block (by hash). Every value from the ledger is escaped.
 */
#ifndef LLM_AUDIT_REPORT_H
#define LLM_AUDIT_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "audit/store.h"
#include "core/buf.h"

struct report_opts {
	const char *source;       /* the ledger's name for the header; may be NULL */
	int64_t since_us, until_us; /* entries with since <= ts < until (INT64_MIN / INT64_MAX: open) */
	int drift_ranges;         /* 1: the drift baseline and window below; 0: the two halves of the records' span */
	int64_t base_lo, base_hi, win_lo, win_hi;
	int64_t now_us;           /* "generated at" */
};

/* Appends the page to out. Returns 0, or -1 with err (reading the store
 * failed or memory ran out). */
int report_write(struct store *s, const struct report_opts *o, struct buf *out, char *err, size_t errlen);

/* The chart time bucket for a span of records: the smallest of 1, 5, 15
 * minutes, 1, 3, 6, 12 hours, 1, 7, 30 days that gives at most max_buckets
 * buckets over [first_us, last_us] (whole days beyond); *origin_us gets
 * first_us rounded down to a multiple of it. Exposed for tests. */
int64_t report_bucket_width(int64_t first_us, int64_t last_us, int max_buckets, int64_t *origin_us);

#endif
