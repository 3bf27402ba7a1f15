/*
 * test_route: the routing decision's invariants, as a property test over
 * generated policies and records, plus the policy loader's helpers.
 *
 * The property (llm-route(1), "fail closed"): whatever the rules, splits,
 * budgets and context windows, a routed record's chain holds only backends
 * whose max_class is at least the record's class (unclassified records
 * are restricted) and that meet the deciding rule's require. Policies are
 * built as structs sharing a pool of compiled conditions, so 10,000 of
 * them cost seconds, not the jq compile time of each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jv.h>
#include <sqlite3.h>

#include "core/dataclass.h"
#include "jq/jqfast.h"
#include "jq/jqprog.h"
#include "policy/budget.h"
#include "policy/policy.h"
#include "policy/route.h"
#include "policy/tally.h"
#include "core/record.h"
#include "unit.h"

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}
static int pick(int n) { return (int)(next() % (uint64_t)n); }

static const char *const conds[] = {
	NULL, "true", "false", ".x == 1", "._llm.classify.class == \"public\"",
	"._llm.classify.class == \"restricted\"", ".workload == \"a\"", "(.text | length) > 40",
	"any(.tags[]?; . == \"t\")", ".n > 5", ".n + \"s\"", /* a runtime error for numbers */
	"._llm.classify.class as $c | $c == \"confidential\" or $c == \"internal\"",
};
#define NCONDS (sizeof(conds) / sizeof(conds[0]))
static struct jqprog *progs[NCONDS];
static struct jqfast *fasts[NCONDS];

static const char *const regions[] = { NULL, "eu", "us", "eea" };
static char *names[8];

static char **random_chain(int nbackends, size_t *n)
{
	int len = 1 + pick(4);
	char **v = calloc((size_t)len + 1, sizeof(char *));
	int k = 0;
	for (int i = 0; i < len; i++) {
		/* Now and then a name the policy does not define. */
		const char *nm = pick(12) == 0 ? "ghost" : names[pick(nbackends)];
		int dup = 0;
		for (int j = 0; j < k; j++)
			dup |= !strcmp(v[j], nm);
		if (!dup)
			v[k++] = strdup(nm);
	}
	*n = (size_t)k;
	return v;
}

static struct policy *random_policy(void)
{
	struct policy *p = calloc(1, sizeof(*p));
	strcpy(p->version, "sha256:test");
	p->default_max_output_tokens = 1 + pick(300);
	p->nbackends = 1 + (size_t)pick(6);
	p->backends = calloc(p->nbackends, sizeof(*p->backends));
	for (size_t i = 0; i < p->nbackends; i++) {
		struct policy_backend *b = &p->backends[i];
		b->name = strdup(names[i]);
		b->kind = (enum policy_kind)pick(3);
		b->max_class = pick(DATACLASS_COUNT);
		int rg = pick(4);
		b->region = rg ? strdup(regions[rg]) : NULL;
		b->zero_retention = pick(3) - 1;
		b->self_hosted = b->kind == POLICY_KIND_LOCAL ? POLICY_YES : pick(3) - 1;
		b->context_window = pick(3) ? 0 : 50 + pick(500);
		b->max_output_tokens = pick(2) ? 0 : 1 + pick(200);
		b->price_in = pick(10);
		b->price_out = pick(20);
		b->params = jv_null();
	}
	p->nrules = 1 + (size_t)pick(5);
	p->rules = calloc(p->nrules, sizeof(*p->rules));
	for (size_t i = 0; i < p->nrules; i++) {
		struct policy_rule *r = &p->rules[i];
		if (asprintf(&r->name, "r%zu", i) < 0)
			abort();
		size_t c = (size_t)pick((int)NCONDS);
		r->when = progs[c];
		r->fast = pick(2) ? fasts[c] : NULL; /* native and libjq paths alike */
		r->when_text = conds[c] ? strdup(conds[c]) : NULL;
		r->is_default = !r->when && pick(2);
		if (pick(4) == 0) {
			r->narms = 1 + (size_t)pick(3);
			r->arms = calloc(r->narms, sizeof(*r->arms));
			for (size_t a = 0; a < r->narms; a++) {
				if (asprintf(&r->arms[a].name, "arm%zu", a) < 0)
					abort();
				r->arms[a].weight = 1 + pick(50);
				r->arms[a].use = random_chain((int)p->nbackends, &r->arms[a].nuse);
			}
		} else {
			r->use = random_chain((int)p->nbackends, &r->nuse);
		}
		r->require.zero_retention = pick(3) ? POLICY_UNSET : POLICY_YES;
		r->require.self_hosted = pick(4) ? POLICY_UNSET : POLICY_YES;
		if (pick(3) == 0) {
			r->require.regions = calloc(3, sizeof(char *));
			r->require.regions[0] = strdup(regions[1 + pick(3)]);
			if (pick(2))
				r->require.regions[1] = strdup(regions[1 + pick(3)]);
		}
	}
	if (pick(3) == 0) {
		p->nbudgets = 1;
		p->budgets = calloc(1, sizeof(*p->budgets));
		p->budgets[0].workload = strdup(pick(2) ? "*" : "a");
		p->budgets[0].tokens_per_day = 1 + pick(2000);
		if (pick(2))
			p->budgets[0].on_exceed = strdup(p->rules[pick((int)p->nrules)].name);
	}
	return p;
}

static void free_policy(struct policy *p)
{
	/* The conditions are shared: detach them before policy_free(). */
	for (size_t i = 0; i < p->nrules; i++) {
		p->rules[i].when = NULL;
		p->rules[i].fast = NULL;
	}
	policy_free(p);
}

static void random_record(struct buf *b)
{
	static const char *const cls[] = { "public", "internal", "confidential", "restricted", "secret" };
	buf_reset(b);
	buf_printf(b, "{\"id\":\"rec-%d\"", pick(100000));
	if (pick(2))
		buf_printf(b, ",\"workload\":\"%s\"", pick(2) ? "a" : "b");
	if (pick(2))
		buf_printf(b, ",\"x\":%d", pick(3));
	if (pick(2))
		buf_printf(b, ",\"n\":%d", pick(10));
	else if (pick(2))
		buf_puts(b, ",\"n\":\"str\"");
	if (pick(3) == 0)
		buf_puts(b, ",\"tags\":[\"t\",\"u\"]");
	if (pick(4) == 0)
		buf_printf(b, ",\"params\":{\"max_tokens\":%d}", 1 + pick(400));
	buf_puts(b, ",\"text\":\"");
	int words = pick(3) == 0 ? pick(600) : pick(30);
	for (int i = 0; i < words; i++)
		buf_puts(b, pick(7) == 0 ? "\\u00e9t\\u00e9 " : "word ");
	buf_putc(b, '"');
	int c = pick(7);
	if (c < 5)
		buf_printf(b, ",\"_llm\":{\"classify\":{\"class\":\"%s\"}}", cls[c]);
	buf_putc(b, '}');
}

/* The property, checked on the struct and on the JSON written. */
static int violates(const struct route_result *res, int cls, char *why, size_t whylen)
{
	jv route = jv_parse_sized(res->json.p, (int)res->json.len);
	int bad = 0;
	if (!jv_is_valid(route)) {
		snprintf(why, whylen, "_llm.route is not JSON: %s", res->json.p);
		jv_free(route);
		return 1;
	}
	jv denied = jv_object_get(jv_copy(route), jv_string("denied"));
	int is_denied = jv_get_kind(denied) == JV_KIND_TRUE;
	jv_free(denied);
	if (res->outcome == ROUTE_ROUTED) {
		jv chain = jv_object_get(jv_copy(route), jv_string("chain"));
		if (is_denied || res->nchain == 0 || jv_get_kind(chain) != JV_KIND_ARRAY ||
		    (size_t)jv_array_length(jv_copy(chain)) != res->nchain) {
			snprintf(why, whylen, "routed record with a bad chain: %s", res->json.p);
			bad = 1;
		}
		for (size_t i = 0; i < res->nchain && !bad; i++) {
			const struct policy_backend *b = res->chain[i];
			jv nm = jv_array_get(jv_copy(chain), (int)i);
			if (jv_get_kind(nm) != JV_KIND_STRING || strcmp(jv_string_value(nm), b->name)) {
				snprintf(why, whylen, "JSON chain differs from the decision: %s", res->json.p);
				bad = 1;
			} else if (b->max_class < cls) {
				snprintf(why, whylen, "%s (max_class %s) got a %s record: %s", b->name,
					 dataclass_name(b->max_class), dataclass_name(cls), res->json.p);
				bad = 1;
			} else if (!policy_backend_meets(b, &res->rule->require, NULL, 0)) {
				snprintf(why, whylen, "%s misses rule %s's require: %s", b->name, res->rule->name,
					 res->json.p);
				bad = 1;
			}
			jv_free(nm);
		}
		jv_free(chain);
	} else if (!is_denied || res->nchain) {
		snprintf(why, whylen, "outcome %d but not denied: %s", res->outcome, res->json.p);
		bad = 1;
	}
	jv_free(route);
	return bad;
}

static void test_property(void)
{
	char err[512], tmpl[] = "/tmp/test_route.XXXXXX";
	int fd = mkstemp(tmpl);
	close(fd);
	struct budget_state *st = budget_open(tmpl, err, sizeof(err));
	CHECK_MSG(st != NULL, "%s", err);
	for (size_t i = 0; i < NCONDS; i++) {
		progs[i] = conds[i] ? jqprog_new(conds[i], err, sizeof(err)) : NULL;
		CHECK_MSG(!conds[i] || progs[i], "%s: %s", conds[i], err);
		fasts[i] = conds[i] ? jqfast_new(conds[i]) : NULL;
		/* All but the arithmetic one are in the native subset. */
		CHECK_MSG(!conds[i] || fasts[i] || strchr(conds[i], '+'), "not native: %s", conds[i]);
	}
	struct buf rb = BUF_INIT;
	struct record r;
	record_init(&r);
	struct route_result res;
	route_result_init(&res);
	long npol = getenv("ROUTE_PROPERTY_POLICIES") ? atol(getenv("ROUTE_PROPERTY_POLICIES")) : 10000;
	long decisions = 0, violations = 0, routed = 0, denied = 0, budget_fallbacks = 0;
	char why[2048] = "";
	for (long k = 0; k < npol; k++) {
		struct policy *p = random_policy();
		for (int j = 0; j < 10; j++) {
			random_record(&rb);
			char msg[200];
			if (record_parse(&r, rb.p, rb.len, msg, sizeof(msg)) != RECORD_OK) {
				violations++;
				snprintf(why, sizeof(why), "generator wrote a bad record: %s", rb.p);
				continue;
			}
			struct route_opts o = { pick(2), pick(2) ? st : NULL, NULL, 0 };
			int cls = DATACLASS_RESTRICTED;
			struct json_span c = json_object_get(record_llm_get(&r, "classify"), "class");
			for (int q = 0; q < DATACLASS_COUNT; q++)
				if (c.type == JSON_STRING && json_string_eq(c, dataclass_name(q)))
					cls = q;
			if (route_decide(p, &o, &r, &res, err, sizeof(err)) < 0) {
				violations++;
				snprintf(why, sizeof(why), "state error: %s", err);
				continue;
			}
			decisions++;
			routed += res.outcome == ROUTE_ROUTED;
			denied += res.outcome != ROUTE_ROUTED;
			budget_fallbacks += res.outcome == ROUTE_ROUTED && strstr(res.json.p, "exhausted") != NULL;
			if (res.cls != cls || violates(&res, cls, why, sizeof(why)))
				violations++;
		}
		free_policy(p);
	}
	printf("# property: %ld policies, %ld decisions (%ld routed, %ld denied, %ld via on_exceed), %ld violations\n",
	       npol, decisions, routed, denied, budget_fallbacks, violations);
	CHECK_MSG(violations == 0, "%s", why);
	CHECK(routed > decisions / 10 && denied > decisions / 10);
	CHECK(budget_fallbacks > 0);
	route_result_release(&res);
	record_release(&r);
	buf_release(&rb);
	for (size_t i = 0; i < NCONDS; i++) {
		jqprog_free(progs[i]);
		jqfast_free(fasts[i]);
	}
	budget_close(st);
	unlink(tmpl);
	char side[64];
	snprintf(side, sizeof(side), "%s-wal", tmpl);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", tmpl);
	unlink(side);
}

static void test_split_uniform(void)
{
	struct policy_arm arms[2] = { { "a", 10, NULL, 0 }, { "b", 90, NULL, 0 } };
	struct policy_rule rule = { .name = "ab", .arms = arms, .narms = 2 };
	int hits = 0;
	char id[32];
	for (int i = 0; i < 100000; i++) {
		int n = snprintf(id, sizeof(id), "%d", i);
		hits += route_pick_arm(&rule, id, (size_t)n) == 0;
	}
	CHECK_MSG(hits > 9500 && hits < 10500, "%d of 100000 in the 10%% arm", hits);
	/* Weight 0 arms are never chosen. */
	arms[0].weight = 0;
	hits = 0;
	for (int i = 0; i < 1000; i++) {
		int n = snprintf(id, sizeof(id), "%d", i);
		hits += route_pick_arm(&rule, id, (size_t)n) == 0;
	}
	CHECK_EQ_INT(hits, 0);
}

static void test_estimate(void)
{
	CHECK_EQ_INT(route_estimate_tokens("", 0), 0);
	CHECK_EQ_INT(route_estimate_tokens("abcd", 4), 1);
	CHECK_EQ_INT(route_estimate_tokens("abcde", 5), 2);
	CHECK_EQ_INT(route_estimate_tokens("\xe6\x97\xa5\xe6\x9c\xac", 6), 2); /* two CJK chars */
}

/* The tally of a pass and the --estimate text it prints (policy/tally.c). */
static void test_tally(void)
{
	char err[512];
	struct policy *p = NULL;
	const char *text = "{\"version\":\"v1\",\"backends\":{"
			   "\"l\":{\"kind\":\"local\",\"model_path\":\"/m/x.gguf\",\"max_class\":\"restricted\"},"
			   "\"h\":{\"kind\":\"openai\",\"endpoint\":\"https://x/v1\",\"model\":\"m\",\"max_class\":\"internal\"}},"
			   "\"rules\":[{\"name\":\"d\",\"default\":true,\"use\":[\"h\",\"l\"]}]}";
	CHECK_MSG(policy_load_text("t", text, strlen(text), &p, err, sizeof(err)) == 0, "%s", err);
	if (!p)
		return;
	const struct policy_backend *h = policy_backend_find(p, "h");
	CHECK(h != NULL);
	if (!h) {
		policy_free(p);
		return;
	}
	struct tally t;
	CHECK_EQ_INT(tally_init(&t, p->nbackends), 0);
	struct route_result res;
	route_result_init(&res);
	res.outcome = ROUTE_ROUTED;
	res.chain[0] = h;
	res.nchain = 1;
	res.input_tokens = 100;
	res.output_tokens = 20;
	res.micro_usd = 1500;
	tally_add(&t, p, &res);
	tally_add(&t, p, &res);
	res.outcome = ROUTE_DENIED_BUDGET;
	tally_add(&t, p, &res);
	res.outcome = ROUTE_RULE_ERROR;
	tally_add(&t, p, &res);
	t.records = 5;
	t.settled = 1;
	CHECK_EQ_INT(t.routed, 2);
	CHECK_EQ_INT(t.denied, 2);
	CHECK_EQ_INT(t.budget_denied, 1);
	CHECK_EQ_INT(t.rule_errors, 1);
	CHECK_EQ_INT(t.micro_usd, 3000);
	CHECK_EQ_INT(t.per_records[h - p->backends], 2);

	struct buf b = BUF_INIT;
	tally_format_estimate(&b, p, &t, 0);
	buf_putc(&b, '\0');
	char want[1024];
	snprintf(want, sizeof(want),
		 "{\"backend\":\"h\",\"kind\":\"openai\",\"model\":\"m\",\"records\":2,"
		 "\"input_tokens\":200,\"output_tokens\":40,\"cost_usd\":0.003000}\n"
		 "{\"total\":true,\"records\":5,\"routed\":2,\"denied\":2,\"passed_through\":1,"
		 "\"not_records\":0,\"input_tokens\":200,\"output_tokens\":40,\"cost_usd\":0.003000,"
		 "\"policy\":\"%s\"}\n", p->version);
	CHECK_EQ_STR(b.p, want);
	b.len = 0;
	tally_format_estimate(&b, p, &t, 1);
	buf_putc(&b, '\0');
	CHECK(!strncmp(b.p, "backend ", 8));
	CHECK(strstr(b.p, "\nh                    openai              2") != NULL);
	CHECK(strstr(b.p, "\ndenied 2, passed through 1, not records 0\n") != NULL);
	buf_release(&b);
	route_result_release(&res);
	tally_release(&t);
	tally_release(&t); /* twice is harmless */
	policy_free(p);
}

static void test_loader(void)
{
	char err[512];
	struct policy *p = NULL;
	const char *ok = "{\"backends\":{\"l\":{\"kind\":\"local\",\"model_path\":\"m\",\"max_class\":\"restricted\"},"
			 "\"h\":{\"kind\":\"openai\",\"endpoint\":\"https://x/v1\",\"model\":\"m\",\"max_class\":\"internal\"}},"
			 "\"rules\":[{\"name\":\"d\",\"default\":true,\"use\":[\"h\",\"l\"]}],"
			 "\"fallback_on\":[\"timeout\",\"content_policy\"]}";
	CHECK_MSG(policy_load_text("t", ok, strlen(ok), &p, err, sizeof(err)) == 0, "%s", err);
	if (!p)
		return;
	CHECK(policy_may_fallback(p, POLICY_FAIL_TIMEOUT));
	CHECK(policy_may_fallback(p, POLICY_FAIL_CONTENT_POLICY));
	CHECK(!policy_may_fallback(p, POLICY_FAIL_RATE_LIMIT));
	CHECK(!policy_may_fallback(p, POLICY_FAIL_AUTH));
	const struct policy_backend *l = policy_backend_find(p, "l"), *h = policy_backend_find(p, "h");
	CHECK(l && l->self_hosted == POLICY_YES && l->zero_retention == POLICY_YES);
	CHECK(h && policy_backend_allows_class(h, DATACLASS_INTERNAL) &&
	      !policy_backend_allows_class(h, DATACLASS_CONFIDENTIAL) && !policy_backend_allows_class(h, 99) &&
	      !policy_backend_allows_class(h, -1));
	CHECK(strncmp(p->version, "sha256:", 7) == 0 && strlen(p->version) == 71);
	policy_free(p);
	/* Default fallback_on: everything but content_policy. */
	const char *dflt = "{\"backends\":{\"l\":{\"kind\":\"local\",\"model_path\":\"m\",\"max_class\":\"restricted\"}},"
			   "\"rules\":[{\"name\":\"d\",\"use\":[\"l\"]}]}";
	CHECK(policy_load_text("t", dflt, strlen(dflt), &p, err, sizeof(err)) == 0);
	CHECK(p && policy_may_fallback(p, POLICY_FAIL_RATE_LIMIT) && policy_may_fallback(p, POLICY_FAIL_SERVER_ERROR) &&
	      policy_may_fallback(p, POLICY_FAIL_TIMEOUT) && policy_may_fallback(p, POLICY_FAIL_CONTEXT_WINDOW) &&
	      !policy_may_fallback(p, POLICY_FAIL_CONTENT_POLICY));
	policy_free(p);
	/* Hostile shapes are errors, never crashes. */
	static const char *const bad[] = {
		"", "[]", "{}", "{\"backends\":[]}", "{\"backends\":{},\"rules\":[]}",
		"{\"backends\":{\"a\":5},\"rules\":[{\"name\":\"r\",\"use\":[\"a\"]}]}",
		"{\"backends\":{\"a\":{\"kind\":\"local\",\"model_path\":\"m\",\"max_class\":\"restricted\"}},\"rules\":[{\"name\":\"r\",\"use\":[]}]}",
		"{\"backends\":{\"a\":{\"kind\":\"local\",\"model_path\":\"m\",\"max_class\":\"restricted\"}},\"rules\":[{\"name\":\"r\",\"use\":[\"a\",\"a\"]}]}",
		"{\"backends\":{\"a\":{\"kind\":\"local\",\"model_path\":\"m\",\"max_class\":\"restricted\"}},\"rules\":[{\"name\":\"r\",\"split\":[{\"weight\":0,\"use\":[\"a\"]}]}]}",
		"{\"backends\":{\"a\":{\"kind\":\"local\",\"model_path\":\"m\",\"max_class\":\"restricted\"}},\"rules\":[{\"name\":\"r\",\"use\":[\"a\"]},{\"name\":\"r\",\"use\":[\"a\"]}]}",
		"{\"backends\":{\"a\":{\"kind\":\"local\",\"model_path\":\"m\",\"max_class\":\"restricted\"}},\"rules\":[{\"name\":\"r\",\"use\":[\"a\"]}],\"budgets\":{\"w\":{\"on_exceed\":\"nope\",\"tokens_per_day\":5}}}",
		"{\"backends\":{\"a\":{\"kind\":\"local\",\"model_path\":\"m\",\"max_class\":\"restricted\",\"self_hosted\":false}},\"rules\":[{\"name\":\"r\",\"use\":[\"a\"]}]}",
		"{\"backends\":{\"a\":{\"kind\":\"openai\",\"endpoint\":\"ftp://x\",\"model\":\"m\",\"max_class\":\"public\"}},\"rules\":[{\"name\":\"r\",\"use\":[\"a\"]}]}",
		"{\"backends\":{\"a\":{\"kind\":\"local\",\"model_path\":\"m\",\"max_class\":\"restricted\",\"threads\":1.5}},\"rules\":[{\"name\":\"r\",\"use\":[\"a\"]}]}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = policy_load_text("t", bad[i], strlen(bad[i]), &p, err, sizeof(err));
		CHECK_MSG(rc == -1 && p == NULL && err[0], "accepted: %s", bad[i]);
	}
}

/* Receipts keep a keyed hash of a record's identity (a content hash),
 * never the identity itself; llm-route's and llm-infer's sides agree. */
static void test_receipt_keyed(void)
{
	char err[512], tmpl[] = "/tmp/test_route_receipt.XXXXXX", receipt[BUDGET_RECEIPT_LEN + 1];
	int fd = mkstemp(tmpl);
	close(fd);
	unlink(tmpl);
	static const char ident[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	struct budget_state *st = budget_open(tmpl, err, sizeof(err));
	CHECK_MSG(st != NULL, "%s", err);
	if (!st)
		return;
	long long ut = 0, um = 0;
	CHECK_EQ_INT(budget_charge_once(st, ident, "", "w", "2026-01-01", 5, 0, 100, 0, &ut, &um, receipt, err,
					sizeof(err)), 1);
	/* Charged once: the same record with its receipt is not charged again. */
	char again[BUDGET_RECEIPT_LEN + 1];
	CHECK_EQ_INT(budget_charge_once(st, ident, receipt, "w", "2026-01-01", 5, 0, 100, 0, &ut, &um, again, err,
					sizeof(err)), 2);
	CHECK_EQ_INT(ut, 5);
	sqlite3 *db;
	CHECK(sqlite3_open_v2(tmpl, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
	sqlite3_stmt *q = NULL;
	CHECK(sqlite3_prepare_v2(db, "SELECT identity FROM budget_receipt", -1, &q, NULL) == SQLITE_OK);
	int rows = 0;
	while (q && sqlite3_step(q) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(q, 0);
		CHECK(v && strlen(v) == 64 && strcmp(v, ident) != 0);
		rows++;
	}
	CHECK_EQ_INT(rows, 1);
	sqlite3_finalize(q);
	sqlite3_close(db);
	CHECK_EQ_INT(budget_consume(st, ident, receipt, "w", "2026-01-01", err, sizeof(err)), 1);
	CHECK_EQ_INT(budget_consume(st, ident, receipt, "w", "2026-01-01", err, sizeof(err)), 0);
	budget_close(st);
	char path[64];
	snprintf(path, sizeof(path), "%s-wal", tmpl);
	unlink(path);
	snprintf(path, sizeof(path), "%s-shm", tmpl);
	unlink(path);
	unlink(tmpl);
}

int main(void)
{
	test_receipt_keyed();
	for (int i = 0; i < 8; i++)
		if (asprintf(&names[i], "b%d", i) < 0)
			return 1;
	test_loader();
	test_estimate();
	test_split_uniform();
	test_property();
	for (int i = 0; i < 8; i++)
		free(names[i]);
	test_tally();
	UNIT_DONE();
}
