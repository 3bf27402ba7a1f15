/*
 * tally: counts and the estimate of llm-route; see tally.h.
 */
#include "policy/tally.h"

#include <stdlib.h>
#include <string.h>

#include "core/json.h"

int tally_init(struct tally *t, size_t nbackends)
{
	memset(t, 0, sizeof(*t));
	t->per_records = calloc(nbackends + 1, sizeof(uint64_t));
	t->per_in = calloc(nbackends + 1, sizeof(long long));
	t->per_out = calloc(nbackends + 1, sizeof(long long));
	t->per_micro = calloc(nbackends + 1, sizeof(long long));
	if (!t->per_records || !t->per_in || !t->per_out || !t->per_micro) {
		tally_release(t);
		return -1;
	}
	return 0;
}

void tally_release(struct tally *t)
{
	free(t->per_records);
	free(t->per_in);
	free(t->per_out);
	free(t->per_micro);
	t->per_records = NULL;
	t->per_in = t->per_out = t->per_micro = NULL;
}

void tally_add(struct tally *t, const struct policy *p, const struct route_result *res)
{
	switch (res->outcome) {
	case ROUTE_ROUTED: {
		size_t b = (size_t)(res->chain[0] - p->backends);
		t->routed++;
		t->per_records[b]++;
		t->per_in[b] += res->input_tokens;
		t->per_out[b] += res->output_tokens;
		t->per_micro[b] += res->micro_usd;
		t->in_tokens += res->input_tokens;
		t->out_tokens += res->output_tokens;
		t->micro_usd += res->micro_usd;
		break;
	}
	case ROUTE_DENIED_BUDGET: t->budget_denied++; t->denied++; break;
	case ROUTE_RULE_ERROR: t->rule_errors++; t->denied++; break;
	default: t->denied++; break;
	}
}

void tally_format_estimate(struct buf *f, const struct policy *p, const struct tally *t, int table)
{
	if (table) {
		buf_printf(f, "%-20s %-10s %10s %14s %14s %12s\n", "backend", "kind", "records", "input_tokens",
			"output_tokens", "cost_usd");
		for (size_t b = 0; b < p->nbackends; b++)
			if (t->per_records[b])
				buf_printf(f, "%-20s %-10s %10llu %14lld %14lld %12.6f\n", p->backends[b].name,
					policy_kind_name(p->backends[b].kind), (unsigned long long)t->per_records[b],
					t->per_in[b], t->per_out[b], (double)t->per_micro[b] / 1e6);
		buf_printf(f, "%-20s %-10s %10llu %14lld %14lld %12.6f\n", "total", "", (unsigned long long)t->routed,
			t->in_tokens, t->out_tokens, (double)t->micro_usd / 1e6);
		buf_printf(f, "denied %llu, passed through %llu, not records %llu\n", (unsigned long long)t->denied,
			(unsigned long long)t->settled, (unsigned long long)t->bad);
		return;
	}
	for (size_t b = 0; b < p->nbackends; b++) {
		if (!t->per_records[b])
			continue;
		buf_puts(f, "{\"backend\":");
		json_escape(f, p->backends[b].name, strlen(p->backends[b].name));
		buf_printf(f, ",\"kind\":\"%s\",\"model\":", policy_kind_name(p->backends[b].kind));
		const char *m = p->backends[b].model ? p->backends[b].model : p->backends[b].model_path;
		if (m)
			json_escape(f, m, strlen(m));
		else
			buf_puts(f, "null");
		buf_printf(f, ",\"records\":%llu,\"input_tokens\":%lld,\"output_tokens\":%lld,\"cost_usd\":%.6f}\n",
			   (unsigned long long)t->per_records[b], t->per_in[b], t->per_out[b],
			   (double)t->per_micro[b] / 1e6);
	}
	buf_printf(f,
		"{\"total\":true,\"records\":%llu,\"routed\":%llu,\"denied\":%llu,\"passed_through\":%llu,"
		"\"not_records\":%llu,\"input_tokens\":%lld,\"output_tokens\":%lld,\"cost_usd\":%.6f,\"policy\":\"%s\"}\n",
		(unsigned long long)t->records, (unsigned long long)t->routed, (unsigned long long)t->denied,
		(unsigned long long)t->settled, (unsigned long long)t->bad, t->in_tokens, t->out_tokens,
		(double)t->micro_usd / 1e6, p->version);
}
