/*
 * stats: what the ledger says about a time range, per group: counts,
 * error/block/redact/deny rates, latency and time-to-first-token
 * percentiles (nearest rank), tokens and cost. Record entries only.
 * stats_compute_buckets() gives the same per time bucket and group (the
 * report's series).
 */
#ifndef LLM_AUDIT_STATS_H
#define LLM_AUDIT_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "audit/store.h"
#include "core/buf.h"

enum stats_group {
	STATS_ALL, STATS_BACKEND, STATS_MODEL, STATS_WORKLOAD, STATS_CLASS, STATS_RULE, STATS_DAY, STATS_STATUS,
	STATS_PROVIDER,
	STATS_BACKEND_MODEL, /* "backend / model": the model version behind each backend */
	STATS_ERROR_CODE,    /* _llm.error.code */
};

/* "backend" -> STATS_BACKEND ...; -1 when unknown. */
int stats_group_parse(const char *s);

struct stats_row {
	char *key;               /* group value; NULL for none / all */
	int64_t bucket_us;       /* stats_compute_buckets(): the bucket's start; else 0 */
	uint64_t records, errors, blocked, redacted, denied;
	int64_t input_tokens, output_tokens, cost_micro_usd;
	int64_t latency_p50, latency_p95, latency_p99; /* microseconds, -1 when none */
	int64_t ttft_p50, ttft_p95, ttft_p99;
	uint64_t feedback;       /* feedback entries linked to the group's records */
	uint64_t scored;         /* those with a score */
	int64_t score_milli_sum;
};

struct stats_result {
	struct stats_row *rows;
	size_t n;
};

/* Entries with since_us <= ts_us < until_us (INT64_MIN / INT64_MAX for
 * open ends). */
int stats_compute(struct store *s, enum stats_group g, int64_t since_us, int64_t until_us, struct stats_result *out,
		  char *err, size_t errlen);
/* The same per time bucket of width_us (> 0) counted from origin_us (<=
 * since_us and every ts in range): rows ordered by bucket, then key; a
 * bucket without records has no rows. */
int stats_compute_buckets(struct store *s, enum stats_group g, int64_t since_us, int64_t until_us, int64_t origin_us,
			  int64_t width_us, struct stats_result *out, char *err, size_t errlen);
void stats_result_release(struct stats_result *r);
/* Records per finding type (a record counts once per type its findings
 * column lists), most frequent first, ties by name; at most
 * STATS_MAX_TYPES types (later ones are not counted). */
#define STATS_MAX_TYPES 4096
struct stats_tally {
	char *name;
	uint64_t n;
};
int stats_finding_types(struct store *s, int64_t since_us, int64_t until_us, struct stats_tally **out, size_t *n,
			char *err, size_t errlen);
void stats_tally_free(struct stats_tally *t, size_t n);

/* One NDJSON line per row. */
void stats_format_ndjson(const struct stats_result *r, const char *group_name, struct buf *out);
/* An aligned table with a header. */
void stats_format_table(const struct stats_result *r, const char *group_name, struct buf *out);

#endif
