/*
 * check: policy diagnostics; see check.h.
 */
#include "policy/check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/dataclass.h"
#include "jq/jqprog.h"

struct out {
	check_fn fn;
	void *ctx;
	int errors;
};

static void say(struct out *o, enum check_severity sev, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(struct out *o, enum check_severity sev, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	o->errors += sev == CHECK_ERROR;
	o->fn(o->ctx, sev, msg);
}

/* A record of each class (and one without classification) to probe the
 * conditions with: which classes can a rule see? A condition that runs
 * past its jq budget on one of them is an error. */
static unsigned admitted(const struct policy_rule *r, struct out *o)
{
	if (!r->when_text)
		return 0x1f;
	unsigned bits = 0;
	char err[200], text[128];
	for (int c = -1; c < DATACLASS_COUNT; c++) {
		if (c < 0)
			snprintf(text, sizeof(text), "{\"text\":\"\"}");
		else
			snprintf(text, sizeof(text), "{\"text\":\"\",\"_llm\":{\"classify\":{\"class\":\"%s\"}}}",
				 dataclass_name(c));
		struct json_span root;
		struct json_error je;
		if (json_scan(text, strlen(text), &root, NULL, &je))
			continue;
		jv rec = jv_invalid();
		int m = policy_rule_test(r, root, &rec, err, sizeof(err));
		jv_free(rec);
		if (m == JQPROG_LIMIT) {
			say(o, CHECK_ERROR, "rule '%s': its condition %s", r->name, err);
			break;
		}
		if (m == 1)
			bits |= 1u << (c < 0 ? 4 : c);
	}
	return bits;
}

static int constant_false(const char *w)
{
	while (*w == ' ' || *w == '\t' || *w == '\n' || *w == '(')
		w++;
	size_t n = strlen(w);
	while (n && (w[n - 1] == ' ' || w[n - 1] == '\t' || w[n - 1] == '\n' || w[n - 1] == ')'))
		n--;
	return (n == 5 && !strncmp(w, "false", 5)) || (n == 4 && !strncmp(w, "null", 4)) ||
	       (n == 5 && !strncmp(w, "empty", 5));
}

static int constant_true(const char *w)
{
	while (*w == ' ' || *w == '\t' || *w == '\n' || *w == '(')
		w++;
	size_t n = strlen(w);
	while (n && (w[n - 1] == ' ' || w[n - 1] == '\t' || w[n - 1] == '\n' || w[n - 1] == ')'))
		n--;
	return n == 4 && !strncmp(w, "true", 4);
}

/* The chain check of one rule (or arm): undefined names, require, and
 * the classes the rule admits that no backend may receive. */
static void check_chain(const struct policy *p, const struct policy_rule *r, const char *arm, char **names,
			unsigned adm, struct out *o)
{
	char where[300];
	if (arm)
		snprintf(where, sizeof(where), "rule '%s' split arm '%s'", r->name, arm);
	else
		snprintf(where, sizeof(where), "rule '%s'", r->name);
	int defined = 0, meets = 0, top = -1;
	for (char **n = names; n && *n; n++) {
		const struct policy_backend *b = policy_backend_find(p, *n);
		if (!b) {
			say(o, CHECK_ERROR, "%s: unknown backend '%s'", where, *n);
			continue;
		}
		defined++;
		char why[300];
		if (!policy_backend_meets(b, &r->require, why, sizeof(why))) {
			say(o, CHECK_WARNING, "%s: backend '%s' never serves it: %s", where, *n, why);
			continue;
		}
		meets++;
		if (b->max_class > top)
			top = b->max_class;
	}
	if (defined && !meets) {
		say(o, CHECK_ERROR, "%s: no backend in its chain meets its require: every record it matches is denied",
		    where);
		return;
	}
	if (!meets)
		return;
	/* Classes the rule admits above every ceiling in its chain. */
	char over[128] = "";
	int n_over = 0, n_adm = 0;
	for (int c = 0; c <= DATACLASS_COUNT; c++) {
		if (!(adm & (1u << c)))
			continue;
		n_adm++;
		int cls = c == DATACLASS_COUNT ? DATACLASS_RESTRICTED : c;
		if (cls > top) {
			n_over++;
			size_t l = strlen(over);
			snprintf(over + l, sizeof(over) - l, "%s%s", l ? ", " : "",
				 c == DATACLASS_COUNT ? "unclassified" : dataclass_name(c));
		}
	}
	if (n_adm && n_over == n_adm)
		say(o, CHECK_ERROR,
		    "%s: no backend can serve it under the ceilings: it matches %s records, its chain's highest max_class is %s",
		    where, over, dataclass_name(top));
	else if (n_over)
		say(o, CHECK_WARNING, "%s: %s records it matches are denied (its chain's highest max_class is %s)", where,
		    over, dataclass_name(top));
}

int check_policy(const struct policy *p, int env_checks, check_fn fn, void *ctx)
{
	struct out o = { fn, ctx, 0 };
	const struct policy_rule *catch_all = NULL;
	char *used = calloc(p->nbackends ? p->nbackends : 1, 1);
	int has_default = 0;

	for (size_t i = 0; i < p->nrules; i++) {
		const struct policy_rule *r = &p->rules[i];
		has_default |= r->is_default || !r->when_text;
		if (catch_all) {
			say(&o, CHECK_ERROR, "rule '%s' is unreachable: rule '%s' before it matches every record", r->name,
			    catch_all->name);
		} else if (r->when_text && constant_false(r->when_text)) {
			say(&o, CHECK_ERROR, "rule '%s' is unreachable: its condition '%s' is never true", r->name,
			    r->when_text);
		} else {
			for (size_t j = 0; j < i; j++)
				if (p->rules[j].when_text && r->when_text && !strcmp(p->rules[j].when_text, r->when_text)) {
					say(&o, CHECK_ERROR, "rule '%s' is unreachable: rule '%s' before it has the same condition",
					    r->name, p->rules[j].name);
					break;
				}
		}
		if (r->is_default && i + 1 < p->nrules)
			say(&o, CHECK_WARNING, "default rule '%s' is not the last rule", r->name);
		if (!catch_all && (!r->when_text || constant_true(r->when_text)))
			catch_all = r;

		unsigned adm = admitted(r, &o);
		if (r->narms) {
			for (size_t a = 0; a < r->narms; a++) {
				if (r->arms[a].weight == 0)
					say(&o, CHECK_WARNING, "rule '%s' split arm '%s' has weight 0 and is never chosen",
					    r->name, r->arms[a].name);
				check_chain(p, r, r->arms[a].name, r->arms[a].use, adm, &o);
			}
		} else {
			check_chain(p, r, NULL, r->use, adm, &o);
		}
		for (size_t b = 0; b < p->nbackends; b++) {
			for (char **n = r->use; n && *n; n++)
				used[b] |= !strcmp(*n, p->backends[b].name);
			for (size_t a = 0; a < r->narms; a++)
				for (char **n = r->arms[a].use; n && *n; n++)
					used[b] |= !strcmp(*n, p->backends[b].name);
		}
	}
	if (!has_default)
		say(&o, CHECK_WARNING, "no default rule: records no rule matches are denied");
	for (size_t b = 0; b < p->nbackends; b++) {
		const struct policy_backend *be = &p->backends[b];
		if (!used[b])
			say(&o, CHECK_WARNING, "backend '%s' is not used by any rule", be->name);
		if (!env_checks)
			continue;
		if (be->kind != POLICY_KIND_LOCAL) {
			if (be->api_key_env) {
				const char *v = getenv(be->api_key_env);
				if (!v || !*v)
					say(&o, CHECK_WARNING, "backend '%s': environment variable %s is not set", be->name,
					    be->api_key_env);
			}
			if (be->api_key_file && access(be->api_key_file, R_OK))
				say(&o, CHECK_WARNING, "backend '%s': key file %s is not readable", be->name,
				    be->api_key_file);
			if (!be->api_key_env && !be->api_key_file)
				say(&o, CHECK_WARNING, "backend '%s': no api_key_env or api_key_file (fine for a keyless server)",
				    be->name);
		} else if (be->model_path && access(be->model_path, R_OK)) {
			say(&o, CHECK_WARNING, "backend '%s': model file %s is not readable", be->name, be->model_path);
		}
	}
	for (size_t i = 0; i < p->nbudgets; i++)
		if (p->budgets[i].on_exceed) {
			const struct policy_rule *r = policy_rule_find(p, p->budgets[i].on_exceed);
			if (r && r->when_text)
				say(&o, CHECK_WARNING,
				    "budgets.%s.on_exceed: rule '%s' has a condition; over budget it is used without it",
				    p->budgets[i].workload, r->name);
		}
	free(used);
	return o.errors;
}
