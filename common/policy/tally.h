/*
 * tally: what one pass of llm-route decided, per backend: records, tokens
 * and cost. --estimate prints it (tally_format_estimate), --max-cost
 * compares its cost with the ceiling, --summary reports its counts.
 */
#ifndef LLM_TALLY_H
#define LLM_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "policy/policy.h"
#include "policy/route.h"

struct tally {
	uint64_t records, routed, denied, settled, bad, budget_denied, rule_errors;
	long long in_tokens, out_tokens, micro_usd;
	/* Per backend, indexed as policy->backends. */
	uint64_t *per_records;
	long long *per_in, *per_out, *per_micro;
};

/* Zeroes t with room for nbackends. Returns 0, or -1 when out of memory
 * (t is then released). */
int tally_init(struct tally *t, size_t nbackends);
void tally_release(struct tally *t);
/* Counts one decision of route_decide() under policy p. */
void tally_add(struct tally *t, const struct policy *p, const struct route_result *res);
/* The estimate, appended to out: an aligned table for a terminal (table
 * set), else one JSON line per backend that routed anything and a total. */
void tally_format_estimate(struct buf *out, const struct policy *p, const struct tally *t, int table);

#endif
