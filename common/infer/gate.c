/*
 * gate: the last check before a request leaves; see gate.h.
 */
#include "infer/gate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/classify.h"
#include "core/dataclass.h"
#include "policy/route.h"
#include "infer/provider/content.h"

struct gate {
	const struct policy *p;
	struct classify *c;
	struct classify_result res;  /* findings of the request being scanned */
	struct buf dec, tmp;
	int depth;                   /* JSON-in-a-string levels being read */
};

struct gate *gate_new(const struct policy *p, char *err, size_t errlen)
{
	struct gate *g = calloc(1, sizeof(*g));
	if (!g)
		abort();
	g->p = p;
	g->c = classify_new();
	if (p && p->classify_rules && classify_load_rules(g->c, p->classify_rules, err, errlen) < 0) {
		gate_free(g);
		return NULL;
	}
	return g;
}

void gate_free(struct gate *g)
{
	if (!g)
		return;
	classify_free(g->c);
	classify_result_release(&g->res);
	buf_release(&g->dec);
	buf_release(&g->tmp);
	free(g);
}

void gate_begin(struct gate *g)
{
	for (size_t i = 0; i < g->res.n; i++)
		free(g->res.f[i].path);
	g->res.n = 0;
	g->res.suppressed = 0;
	g->res.outside = 0;
	g->res.rule = NULL;
}

void gate_scan_text(struct gate *g, const char *s, size_t n)
{
	classify_scan_text(g->c, s, n, "(request)", &g->res);
}

/* A string that is itself JSON (a tool call's arguments, a JSON answer
 * fed back) is read as a model would read it: its own strings are scanned
 * decoded too, a few levels deep. */
#define GATE_NESTED_JSON 4

static void scan_string(void *ctx, struct json_span str);

static void scan_nested(struct gate *g, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	if (i == n || (s[i] != '{' && s[i] != '[') || g->depth >= GATE_NESTED_JSON)
		return;
	struct json_span root;
	struct json_error e;
	char *copy = malloc(n ? n : 1);
	if (!copy)
		abort();
	memcpy(copy, s, n); /* s may be g->dec, which the inner scan reuses */
	if (json_scan(copy, n, &root, NULL, &e) == 0) {
		g->depth++;
		content_strings(root, scan_string, g);
		g->depth--;
	}
	free(copy);
}

static void scan_string(void *ctx, struct json_span str)
{
	struct gate *g = ctx;
	if (json_string_is_plain(str)) {
		gate_scan_text(g, str.p + 1, str.n - 2);
		scan_nested(g, str.p + 1, str.n - 2);
	} else {
		buf_reset(&g->dec);
		json_string_decode(str, &g->dec);
		gate_scan_text(g, g->dec.p ? g->dec.p : "", g->dec.len);
		scan_nested(g, g->dec.p ? g->dec.p : "", g->dec.len);
	}
}

void gate_scan_json(struct gate *g, const char *p, size_t n)
{
	struct json_span root;
	struct json_error e;
	if (json_scan(p, n, &root, NULL, &e) < 0) {
		/* The toolkit built this body; if it cannot be read back, count
		 * it as holding the worst. */
		struct classify_finding f = { 0 };
		f.type = -1;
		f.type_name = "unreadable_request";
		f.path = strdup("(request)");
		if (g->res.n == g->res.alloc) {
			g->res.alloc = g->res.alloc ? g->res.alloc * 2 : 8;
			g->res.f = realloc(g->res.f, g->res.alloc * sizeof(*g->res.f));
			if (!g->res.f)
				abort();
		}
		g->res.f[g->res.n++] = f;
		return;
	}
	content_strings(root, scan_string, g);
}

/* The record's own claim: its _llm.classify.class, restricted if none. */
static int claimed_class(struct gate *g, const struct record *r)
{
	struct json_span cl = json_object_get(record_llm_get(r, "classify"), "class");
	if (cl.type != JSON_STRING)
		return DATACLASS_RESTRICTED;
	buf_reset(&g->tmp);
	json_string_decode(cl, &g->tmp);
	/* A class name is its exact text: "public\u0000x" is no class. */
	if (!g->tmp.p || strlen(g->tmp.p) != g->tmp.len)
		return DATACLASS_RESTRICTED;
	int c = dataclass_parse(g->tmp.p);
	return c < 0 ? DATACLASS_RESTRICTED : c;
}

int gate_check(struct gate *g, const struct record *r, const struct policy_backend *b, int rules, int *cls,
	       struct buf *why)
{
	char err[300];
	int c = claimed_class(g, r);
	for (size_t i = 0; i < g->res.n; i++) {
		int fc = classify_finding_class(g->c, &g->res.f[i]);
		if (fc > c)
			c = fc;
	}
	int rc_cls;
	if (classify_rules_class(g->c, r, &rc_cls, err, sizeof(err)) < 0) {
		buf_printf(why, "the last gate could not run the classify rules: %s", err);
		*cls = DATACLASS_RESTRICTED;
		return -1;
	}
	if (rc_cls > c)
		c = rc_cls;
	*cls = c;
	if (!policy_backend_allows_class(b, c)) {
		buf_printf(why, "the request is %s by the last gate's scan; backend '%s' takes at most %s",
			   dataclass_name(c), b->name, dataclass_name(b->max_class));
		return 0;
	}
	if (!rules || !g->p)
		return 1;
	/* The policy, asked afresh about the record as the gate measured it. */
	struct buf cj = BUF_INIT, rb = BUF_INIT;
	int saved = g->res.cls;
	g->res.cls = c;
	classify_result_json(g->c, &g->res, &cj);
	g->res.cls = saved;
	struct record_set set = { "classify", cj.p, cj.len };
	record_write(&rb, r, &set, 1);
	struct record r2;
	char msg[256];
	record_init(&r2);
	int ok = -1;
	if (record_parse(&r2, rb.p, rb.len, msg, sizeof(msg)) != RECORD_OK) {
		buf_printf(why, "the last gate could not re-read the record: %s", msg);
	} else {
		const struct policy_backend *allowed[2 * ROUTE_MAX_CHAIN];
		struct buf rwhy = BUF_INIT;
		int n = route_allowed(g->p, &r2, allowed, sizeof(allowed) / sizeof(*allowed), &rwhy);
		if (n < 0) {
			buf_printf(why, "the last gate could not evaluate the policy: %s", rwhy.p ? rwhy.p : "");
		} else {
			ok = 0;
			for (int i = 0; i < n && !ok; i++)
				ok = allowed[i] == b;
			if (!ok && n == 0)
				buf_printf(why, "the policy allows no backend for this %s record: %s", dataclass_name(c),
					   rwhy.p ? rwhy.p : "");
			else if (!ok)
				buf_printf(why, "the policy does not allow backend '%s' for this %s record", b->name,
					   dataclass_name(c));
		}
		buf_release(&rwhy);
	}
	record_release(&r2);
	buf_release(&rb);
	buf_release(&cj);
	return ok;
}
