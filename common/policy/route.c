/*
 * route: the routing decision; see route.h for the rules it keeps.
 */
#include "policy/route.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/budget.h"
#include "core/dataclass.h"
#include "core/hash.h"
#include "jq/jqfast.h"
#include "jq/jqprog.h"

void route_result_init(struct route_result *res)
{
	memset(res, 0, sizeof(*res));
	buf_init(&res->json);
	buf_init(&res->charge_workload);
}

void route_result_release(struct route_result *res)
{
	buf_release(&res->json);
	buf_release(&res->charge_workload);
}

long long route_estimate_tokens(const char *s, size_t n)
{
	size_t ascii = 0, other = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80)
			ascii++;
		else if ((c & 0xC0) != 0x80) /* a lead byte: one code point */
			other++;
	}
	return (long long)((ascii + 3) / 4 + other);
}

size_t route_pick_arm(const struct policy_rule *rule, const char *id, size_t idlen)
{
	/* SHA-256 of "rule\0id": the same id lands in the same arm on every
	 * run and machine, and different rules split independently. */
	const void *parts[3] = { rule->name, "", id };
	size_t lens[3] = { strlen(rule->name), 1, idlen };
	unsigned char md[HASH_SHA256_LEN];
	hash_sha256_parts(parts, lens, 3, md);
	uint64_t x = 0;
	for (int i = 0; i < 8; i++)
		x = x << 8 | md[i];
	double total = 0;
	for (size_t a = 0; a < rule->narms; a++)
		total += rule->arms[a].weight;
	double u = (double)(x >> 11) * 0x1.0p-53 * total, acc = 0;
	for (size_t a = 0; a < rule->narms; a++) {
		acc += rule->arms[a].weight;
		if (u < acc && rule->arms[a].weight > 0)
			return a;
	}
	for (size_t a = rule->narms; a-- > 0;)
		if (rule->arms[a].weight > 0)
			return a;
	return 0;
}

/* ---- what the decision needs from the record ---- */

struct facts {
	const struct record *r;
	int cls;
	int classified;
	struct buf id;            /* filled on first use: only splits need it */
	int have_id;
	struct buf workload;
	long long in_tokens;
	long long max_tokens; /* .params.max_tokens, or 0 */
};

static void count_text(void *ctx, const char *path, size_t pathlen, struct json_span s)
{
	struct facts *f = ctx;
	if (s.type != JSON_STRING)
		return;
	f->in_tokens += route_estimate_tokens(s.p + 1, s.n - 2);
	/* Chat formats add a few tokens of framing per message. */
	if (pathlen > 9 && !memcmp(path, ".messages", 9))
		f->in_tokens += 4;
}

static void get_facts(const struct record *r, const struct route_opts *o, struct facts *f)
{
	f->cls = DATACLASS_RESTRICTED;
	f->classified = 0;
	struct json_span cl = json_object_get(record_llm_get(r, "classify"), "class");
	if (cl.type == JSON_STRING) {
		struct buf tmp = BUF_INIT;
		json_string_decode(cl, &tmp);
		int c = dataclass_parse_n(tmp.p, tmp.len);
		if (c >= 0) {
			f->cls = c;
			f->classified = 1;
		}
		buf_release(&tmp);
	}
	f->r = r;
	struct json_span w = record_get(r, "workload");
	if (w.type == JSON_STRING)
		json_string_decode(w, &f->workload);
	if (!f->workload.len)
		buf_puts(&f->workload, "default");
	f->in_tokens = 0;
	if (o->nfields)
		record_texts(r, o->fields, o->nfields, count_text, f);
	else
		record_prompt_texts(r, count_text, f);
	f->max_tokens = 0;
	struct json_span mt = json_object_get(record_get(r, "params"), "max_tokens");
	double d = json_number(mt);
	if (d >= 1 && d < 1e9) /* false for NAN: not a number */
		f->max_tokens = (long long)d;
}

/* ---- JSON pieces ---- */

static void put_str(struct buf *b, const char *s)
{
	json_escape(b, s, strlen(s));
}

/* Output tokens a backend would be asked for. */
static long long out_tokens(const struct policy *p, const struct policy_rule *rule,
			    const struct policy_backend *b, const struct facts *f)
{
	if (f->max_tokens)
		return f->max_tokens;
	if (rule && rule->max_output_tokens)
		return rule->max_output_tokens;
	if (b && b->max_output_tokens)
		return b->max_output_tokens;
	return p->default_max_output_tokens;
}

/* Filters a chain of names down to the backends that may serve; why
 * collects "name: reason" of every exclusion (JSON array items). */
static size_t filter_chain(const struct policy *p, const struct policy_rule *rule, char **names,
			   const struct facts *f, const struct policy_backend **out, struct buf *excluded,
			   struct buf *why_text)
{
	size_t n = 0;
	for (char **nm = names; nm && *nm; nm++) {
		const struct policy_backend *b = policy_backend_find(p, *nm);
		char why[300];
		why[0] = '\0';
		if (!b) {
			snprintf(why, sizeof(why), "not defined in the policy");
		} else if (!policy_backend_allows_class(b, f->cls)) {
			snprintf(why, sizeof(why), "max_class %s < %s%s", dataclass_name(b->max_class),
				 dataclass_name(f->cls), f->classified ? "" : " (unclassified)");
		} else if (!policy_backend_meets(b, &rule->require, why, sizeof(why))) {
			/* why filled */
		} else if (b->context_window > 0 &&
			   f->in_tokens + out_tokens(p, rule, b, f) > b->context_window) {
			snprintf(why, sizeof(why), "context: ~%lld input + %lld output tokens > window %ld",
				 f->in_tokens, out_tokens(p, rule, b, f), b->context_window);
		} else if (n < ROUTE_MAX_CHAIN) {
			out[n++] = b;
			continue;
		} else {
			snprintf(why, sizeof(why), "chain longer than %d", ROUTE_MAX_CHAIN);
		}
		if (excluded->len)
			buf_putc(excluded, ',');
		buf_puts(excluded, "{\"backend\":");
		put_str(excluded, *nm);
		buf_puts(excluded, ",\"reason\":");
		put_str(excluded, why);
		buf_putc(excluded, '}');
		if (why_text->len)
			buf_puts(why_text, "; ");
		buf_printf(why_text, "%s: %s", *nm, why);
	}
	return n;
}

/* The record's id for splits: .id (a string, or a number's text), else
 * _llm.id, else the SHA-256 of its bytes (which costs a hash of the whole
 * record, so it is taken only when a split asks). */
static void record_id(struct facts *f)
{
	if (f->have_id)
		return;
	f->have_id = 1;
	const struct record *r = f->r;
	struct json_span id = record_get(r, "id");
	if (id.type == JSON_STRING)
		json_string_decode(id, &f->id);
	else if (id.type == JSON_NUMBER)
		buf_put(&f->id, id.p, id.n);
	else if ((id = record_llm_get(r, "id")).type == JSON_STRING)
		json_string_decode(id, &f->id);
	else {
		unsigned char md[HASH_SHA256_LEN];
		char hex[2 * HASH_SHA256_LEN + 1];
		hash_sha256(r->p, r->n, md);
		hash_hex(md, sizeof(md), hex);
		buf_printf(&f->id, "sha256:%s", hex);
	}
}

/* The chain of rule for this record: its use, or its split arm. */
static char **rule_chain(const struct policy_rule *rule, struct facts *f, const char **arm)
{
	*arm = NULL;
	if (!rule->narms)
		return rule->use;
	record_id(f);
	size_t a = route_pick_arm(rule, f->id.p ? f->id.p : "", f->id.len);
	*arm = rule->arms[a].name;
	return rule->arms[a].use;
}

/* Fills res->chain for rule (its arm), and the output tokens and cost at
 * chain[0]. Returns the chain's length; 0 leaves why saying what excluded
 * each backend. */
static size_t serve(const struct policy *p, const struct policy_rule *rule, struct facts *f,
		    struct route_result *res, const char **arm, struct buf *excluded, struct buf *why)
{
	buf_reset(why);
	char **names = rule_chain(rule, f, arm);
	res->nchain = filter_chain(p, rule, names, f, res->chain, excluded, why);
	if (res->nchain) {
		res->output_tokens = out_tokens(p, rule, res->chain[0], f);
		res->micro_usd = llround((double)f->in_tokens * res->chain[0]->price_in +
					 (double)res->output_tokens * res->chain[0]->price_out);
	}
	return res->nchain;
}

static void write_common_tail(struct buf *o, const struct policy *p, const struct facts *f,
			      const struct route_opts *opt, struct buf *explain_rules, struct buf *excluded)
{
	/* A route on the input is not evidence: it was replaced, and says so. */
	struct json_span old = record_llm_get(f->r, "route");
	if (old.type == JSON_OBJECT) {
		struct json_span ch = json_object_get(old, "chain"), ru = json_object_get(old, "rule");
		buf_puts(o, ",\"replaced\":{\"chain\":");
		if (ch.type == JSON_ARRAY)
			buf_put(o, ch.p, ch.n);
		else
			buf_puts(o, "null");
		buf_puts(o, ",\"rule\":");
		if (ru.type == JSON_STRING)
			buf_put(o, ru.p, ru.n);
		else
			buf_puts(o, "null");
		buf_putc(o, '}');
	}
	buf_puts(o, ",\"policy\":");
	put_str(o, p->version);
	buf_puts(o, ",\"class\":");
	put_str(o, dataclass_name(f->cls));
	if (opt->explain) {
		buf_printf(o, ",\"explain\":{\"rules\":[%s],\"excluded\":[%s]}", explain_rules->p ? explain_rules->p : "",
			   excluded->p ? excluded->p : "");
	}
	buf_putc(o, '}');
}

int route_decide(const struct policy *p, const struct route_opts *o, const struct record *r,
		 struct route_result *res, char *err, size_t errlen)
{
	struct facts f;
	memset(&f, 0, sizeof(f));
	buf_init(&f.id);
	buf_init(&f.workload);
	get_facts(r, o, &f);
	res->charge_id[0] = '\0';
	struct buf *out = &res->json;
	buf_reset(out);
	res->outcome = ROUTE_DENIED;
	res->rule = NULL;
	res->nchain = 0;
	res->cls = f.cls;
	res->input_tokens = f.in_tokens;
	res->output_tokens = 0;
	res->micro_usd = 0;

	struct buf explain = BUF_INIT, excluded = BUF_INIT, why = BUF_INIT, reason = BUF_INIT;
	char receipt[BUDGET_RECEIPT_LEN + 1] = "";
	int rc = 0;

	/* 1. The first rule whose condition holds. */
	jv rec = jv_invalid();
	const struct policy_rule *rule = NULL;
	char jerr[300];
	for (size_t i = 0; i < p->nrules && !rule; i++) {
		const struct policy_rule *ru = &p->rules[i];
		jerr[0] = '\0';
		int m = policy_rule_test(ru, r->root, &rec, jerr, sizeof(jerr));
		if (o->explain) {
			if (explain.len)
				buf_putc(&explain, ',');
			buf_puts(&explain, "{\"rule\":");
			put_str(&explain, ru->name);
			if (m < 0) {
				buf_puts(&explain, ",\"error\":");
				put_str(&explain, jerr);
			} else {
				buf_printf(&explain, ",\"matched\":%s", m ? "true" : "false");
				if (!ru->when_text)
					buf_puts(&explain, ",\"why\":\"unconditional\"");
			}
			buf_putc(&explain, '}');
		}
		if (m < 0) {
			res->outcome = ROUTE_RULE_ERROR;
			res->rule = ru;
			buf_printf(&reason, "rule '%s' failed: %s", ru->name, jerr);
			goto denied;
		}
		if (m)
			rule = ru;
	}
	jv_free(rec);
	rec = jv_invalid();
	if (!rule) {
		buf_puts(&reason, "no rule matched and the policy has no default rule");
		goto denied;
	}
	res->rule = rule;

	/* 2. Its chain, less what the ceilings, require and context exclude. */
	const char *arm = NULL;
	if (!serve(p, rule, &f, res, &arm, &excluded, &why)) {
		buf_printf(&reason, "rule '%s': no backend may receive this %s record: %s", rule->name,
			   dataclass_name(f.cls), why.p ? why.p : "empty chain");
		goto denied;
	}

	/* 3. The workload's budget. */
	const struct policy_budget *bud = policy_budget_for(p, f.workload.p);
	struct buf budget_note = BUF_INIT;
	if (bud && o->state) {
		char day[11];
		long long ut = 0, um = 0;
		budget_today(day);
		/* A record llm-route already charged (its own output, routed
		 * again) carries the receipt's id: charged once. */
		char ident[65], claimed[BUDGET_RECEIPT_LEN + 1] = "";
		record_identity_hex(r, ident);
		struct json_span cid = json_object_get(record_llm_get(r, "route"), "charge");
		if (cid.type == JSON_STRING && cid.n == BUDGET_RECEIPT_LEN + 2 && json_string_is_plain(cid))
			memcpy(claimed, cid.p + 1, BUDGET_RECEIPT_LEN), claimed[BUDGET_RECEIPT_LEN] = '\0';
		int ok = budget_charge_once(o->state, ident, claimed, f.workload.p, day, f.in_tokens + res->output_tokens,
					    res->micro_usd, bud->tokens_per_day, bud->micro_usd_per_day, &ut, &um,
					    receipt, err, errlen);
		if (ok == 1) {
			memcpy(res->charge_id, receipt, sizeof(res->charge_id));
			memcpy(res->charge_day, day, sizeof(res->charge_day));
			res->charge_tokens = f.in_tokens + res->output_tokens;
			res->charge_micro_usd = res->micro_usd;
			buf_reset(&res->charge_workload);
			buf_puts(&res->charge_workload, f.workload.p);
		}
		if (ok < 0) {
			res->outcome = ROUTE_STATE_ERROR;
			rc = -1;
			buf_printf(&reason, "budget state: %s", err);
			buf_release(&budget_note);
			goto denied;
		}
		if (!ok) {
			buf_printf(&budget_note, "budget for workload '%s' exhausted today (", f.workload.p);
			if (bud->tokens_per_day)
				buf_printf(&budget_note, "tokens %lld + %lld > %lld", ut, f.in_tokens + res->output_tokens,
					   bud->tokens_per_day);
			if (bud->micro_usd_per_day)
				buf_printf(&budget_note, "%scost $%.6f + $%.6f > $%.6f", bud->tokens_per_day ? ", " : "",
					   (double)um / 1e6, (double)res->micro_usd / 1e6,
					   (double)bud->micro_usd_per_day / 1e6);
			buf_putc(&budget_note, ')');
			const struct policy_rule *next = bud->on_exceed ? policy_rule_find(p, bud->on_exceed) : NULL;
			if (!next) {
				res->outcome = ROUTE_DENIED_BUDGET;
				buf_put(&reason, budget_note.p, budget_note.len);
				buf_release(&budget_note);
				goto denied;
			}
			/* The named rule, under the same ceilings. */
			rule = res->rule = next;
			if (!serve(p, rule, &f, res, &arm, &excluded, &why)) {
				buf_printf(&reason, "%s; rule '%s': no backend may receive this %s record: %s",
					   budget_note.p, rule->name, dataclass_name(f.cls), why.p ? why.p : "empty chain");
				buf_release(&budget_note);
				goto denied;
			}
		}
	}

	res->outcome = ROUTE_ROUTED;
	buf_puts(out, "{\"backend\":");
	put_str(out, res->chain[0]->name);
	buf_puts(out, ",\"chain\":[");
	for (size_t i = 0; i < res->nchain; i++) {
		if (i)
			buf_putc(out, ',');
		put_str(out, res->chain[i]->name);
	}
	buf_puts(out, "],\"rule\":");
	put_str(out, rule->name);
	if (arm) {
		buf_puts(out, ",\"split\":");
		put_str(out, arm);
	}
	if (budget_note.len)
		buf_printf(&reason, "%s; ", budget_note.p);
	buf_release(&budget_note);
	buf_printf(&reason, "rule '%s' %s", rule->name,
		   rule->is_default ? "(default)" : rule->when_text ? "matched" : "(unconditional)");
	if (why.len)
		buf_printf(&reason, "; excluded %s", why.p);
	buf_puts(out, ",\"reason\":");
	put_str(out, reason.p);
	buf_printf(out, ",\"estimate\":{\"input_tokens\":%lld,\"output_tokens\":%lld,\"cost_usd\":%.6f}",
		   f.in_tokens, res->output_tokens, (double)res->micro_usd / 1e6);
	buf_puts(out, ",\"workload\":");
	put_str(out, f.workload.p);
	if (receipt[0])
		buf_printf(out, ",\"charge\":\"%s\"", receipt);
	write_common_tail(out, p, &f, o, &explain, &excluded);
	goto done;

denied:
	jv_free(rec);
	rec = jv_invalid();
	res->nchain = 0;
	buf_puts(out, "{\"denied\":true,\"rule\":");
	if (res->rule)
		put_str(out, res->rule->name);
	else
		buf_puts(out, "null");
	buf_puts(out, ",\"reason\":");
	put_str(out, reason.p ? reason.p : "denied");
	if (res->outcome == ROUTE_DENIED_BUDGET)
		buf_puts(out, ",\"budget\":true");
	buf_puts(out, ",\"workload\":");
	put_str(out, f.workload.p);
	write_common_tail(out, p, &f, o, &explain, &excluded);
done:
	buf_release(&explain);
	buf_release(&excluded);
	buf_release(&why);
	buf_release(&reason);
	buf_release(&f.id);
	buf_release(&f.workload);
	return rc;
}

/* Adds the backends of rule (every arm of a split) that may serve. */
static void allowed_of_rule(const struct policy *p, const struct policy_rule *rule, const struct facts *f,
			    const struct policy_backend **out, size_t *n, size_t max, struct buf *excluded,
			    struct buf *why)
{
	const struct policy_backend *got[ROUTE_MAX_CHAIN];
	size_t narms = rule->narms ? rule->narms : 1;
	for (size_t a = 0; a < narms; a++) {
		char **names = rule->narms ? rule->arms[a].use : rule->use;
		size_t k = filter_chain(p, rule, names, f, got, excluded, why);
		for (size_t i = 0; i < k; i++) {
			size_t j = 0;
			while (j < *n && out[j] != got[i])
				j++;
			if (j == *n && *n < max)
				out[(*n)++] = got[i];
		}
	}
}

int route_allowed(const struct policy *p, const struct record *r, const struct policy_backend **out, size_t max,
		  struct buf *why)
{
	struct facts f;
	struct route_opts o = { 0 };
	memset(&f, 0, sizeof(f));
	buf_init(&f.id);
	buf_init(&f.workload);
	get_facts(r, &o, &f);
	struct buf excluded = BUF_INIT, whyc = BUF_INIT;
	jv rec = jv_invalid();
	const struct policy_rule *rule = NULL;
	char jerr[300];
	size_t n = 0;
	int rc = 0;
	for (size_t i = 0; i < p->nrules && !rule; i++) {
		jerr[0] = '\0';
		int m = policy_rule_test(&p->rules[i], r->root, &rec, jerr, sizeof(jerr));
		if (m < 0) {
			buf_printf(why, "rule '%s' failed: %s", p->rules[i].name, jerr);
			rc = -1;
			goto out;
		}
		if (m)
			rule = &p->rules[i];
	}
	if (!rule) {
		buf_puts(why, "no rule matched and the policy has no default rule");
		goto out;
	}
	allowed_of_rule(p, rule, &f, out, &n, max, &excluded, &whyc);
	/* A budget may send the workload to its on_exceed rule instead: that
	 * rule's backends are the policy's choice too. */
	const struct policy_budget *bud = policy_budget_for(p, f.workload.p);
	const struct policy_rule *next = bud && bud->on_exceed ? policy_rule_find(p, bud->on_exceed) : NULL;
	if (next && next != rule)
		allowed_of_rule(p, next, &f, out, &n, max, &excluded, &whyc);
	if (!n)
		buf_printf(why, "rule '%s': no backend may receive this %s record: %s", rule->name,
			   dataclass_name(f.cls), whyc.p ? whyc.p : "empty chain");
	rc = (int)n;
out:
	jv_free(rec);
	buf_release(&excluded);
	buf_release(&whyc);
	buf_release(&f.id);
	buf_release(&f.workload);
	return rc;
}
