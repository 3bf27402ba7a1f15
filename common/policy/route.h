/*
 * route: one routing decision per record, fail-closed (llm-route(1)).
 *
 * The first rule whose `when` holds picks a chain (or, with a split, one of
 * several chains by a hash of the record id). The chain then loses every
 * backend that may not see the record: its max_class is below the record's
 * class (unclassified records are restricted), it misses the rule's
 * require, it is not defined, or the record's estimated tokens overflow its
 * context window. Whatever is left is the chain; nothing left means denied,
 * with the reasons. No rule can add a backend the ceilings removed: the
 * filter runs after the rule, on every chain, budgets' fallback rules
 * included. A jq error in a `when` denies the record (a rule that cannot
 * be evaluated must not be skipped in favour of a more permissive one).
 */
#ifndef LLM_ROUTE_H
#define LLM_ROUTE_H

#include <stddef.h>

#include "core/buf.h"
#include "policy/budget.h"
#include "core/jpath.h"
#include "policy/policy.h"
#include "core/record.h"

struct budget_state;

#define ROUTE_MAX_CHAIN 64

enum route_outcome {
	ROUTE_ROUTED = 0,
	ROUTE_DENIED,        /* no rule, or an empty chain */
	ROUTE_DENIED_BUDGET, /* over budget and no on_exceed rule */
	ROUTE_RULE_ERROR,    /* a `when` program raised an error: denied */
	ROUTE_STATE_ERROR,   /* the budget state could not be read or written */
};

struct route_opts {
	int explain;                 /* add _llm.route.explain */
	struct budget_state *state;  /* NULL: budgets are not charged (estimates) */
	const struct jpath *fields;  /* texts for the token estimate (NULL: default) */
	size_t nfields;
};

struct route_result {
	enum route_outcome outcome;
	const struct policy_rule *rule;           /* the rule that decided, or NULL */
	const struct policy_backend *chain[ROUTE_MAX_CHAIN];
	size_t nchain;
	int cls;                                  /* enum dataclass used */
	long long input_tokens;                   /* estimate */
	long long output_tokens;                  /* for chain[0] */
	long long micro_usd;                      /* estimated cost at chain[0] */
	struct buf json;                          /* the _llm.route value */
	/* A charge this decision added (charge_id[0] == '\0': none), so that
	 * llm-route can refund it when the record's line cannot be written. */
	char charge_id[BUDGET_RECEIPT_LEN + 1];
	char charge_day[11];
	long long charge_tokens, charge_micro_usd;
	struct buf charge_workload;
};

void route_result_init(struct route_result *res);
void route_result_release(struct route_result *res);

/* Decides for one parsed record (not settled). Fills res (res->json is
 * reset first). Returns 0; -1 only for ROUTE_STATE_ERROR, with err. */
int route_decide(const struct policy *p, const struct route_opts *o, const struct record *r,
		 struct route_result *res, char *err, size_t errlen);

/* The backends a record may be sent to, as llm-infer's last gate asks: the
 * chain of the first rule whose `when` holds (every arm of a split) and of
 * its workload budget's on_exceed rule, less every backend the record's
 * class, the rule's require or the context window excludes. Nothing is
 * charged. Fills out[0, n) and returns n; 0 when none may (why says so);
 * -1 when a `when` raised an error (why says which). */
int route_allowed(const struct policy *p, const struct record *r, const struct policy_backend **out, size_t max,
		  struct buf *why);

/* Estimated tokens of a text: ASCII at ~4 bytes a token, every other code
 * point a token of its own (CJK, accents: conservative for non-English). */
long long route_estimate_tokens(const char *s, size_t n);

/* The split arm for an id: deterministic, uniform over the weights. */
size_t route_pick_arm(const struct policy_rule *rule, const char *id, size_t idlen);

#endif
