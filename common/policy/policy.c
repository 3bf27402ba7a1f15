/*
 * policy: loading and validating the policy file; see policy.h and
 * man/llm-policy.5 for the format.
 *
 * Validation is strict and happens once: every key is known, every value
 * has its type, every number its range. The rest of the toolkit then reads
 * plain C structs. Semantic checks that want to report many findings at
 * once (unknown backends, unreachable rules) live in policy_check.c.
 *
 * Why one file: one strict validator for one file format; every key's
 * check sits beside its neighbours so the format reads top to bottom.
 */
#include "policy/policy.h"

#include <arpa/inet.h>
#include <errno.h>
#include <unistd.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/dataclass.h"
#include "core/buf.h"
#include "core/hash.h"
#include "jq/jqfast.h"
#include "jq/jqprog.h"

#define POLICY_MAX_FILE (16u << 20) /* a policy is configuration, not data */

/* Validation context: the file name and the first error. */
struct ctx {
	const char *name;
	char *err;
	size_t errlen;
	int failed;
};

static int fail(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct ctx *c, const char *fmt, ...)
{
	if (c->failed)
		return -1;
	c->failed = 1;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "%s: %s", c->name, msg);
	return -1;
}

static char *xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static const char *kind_str(jv_kind k)
{
	switch (k) {
	case JV_KIND_NULL: return "null";
	case JV_KIND_TRUE:
	case JV_KIND_FALSE: return "a boolean";
	case JV_KIND_NUMBER: return "a number";
	case JV_KIND_STRING: return "a string";
	case JV_KIND_ARRAY: return "an array";
	case JV_KIND_OBJECT: return "an object";
	default: return "invalid";
	}
}

/* Fails on any key of obj (borrowed) not in known (NULL-terminated). */
static int check_keys(struct ctx *c, jv obj, const char *where, const char *const *known)
{
	int rc = 0;
	jv keys = jv_keys(jv_copy(obj));
	int n = jv_array_length(jv_copy(keys));
	for (int i = 0; i < n && !rc; i++) {
		jv k = jv_array_get(jv_copy(keys), i);
		int ok = 0;
		for (int j = 0; known[j] && !ok; j++)
			ok = !strcmp(jv_string_value(k), known[j]);
		if (!ok)
			rc = fail(c, "%s: unknown key \"%s\"", where, jv_string_value(k));
		jv_free(k);
	}
	jv_free(keys);
	return rc;
}

/* obj.key (borrowed obj); the result is owned (null when absent). */
static jv get(jv obj, const char *key)
{
	jv v = jv_object_get(jv_copy(obj), jv_string(key));
	if (!jv_is_valid(v)) { /* libjq: a missing key is invalid, not null */
		jv_free(v);
		return jv_null();
	}
	return v;
}

static int get_string(struct ctx *c, jv obj, const char *where, const char *key, int required, char **out)
{
	jv v = get(obj, key);
	jv_kind k = jv_get_kind(v);
	int rc = 0;
	if (k == JV_KIND_NULL) {
		if (required)
			rc = fail(c, "%s: \"%s\" is required", where, key);
	} else if (k != JV_KIND_STRING) {
		rc = fail(c, "%s.%s: expected a string, found %s", where, key, kind_str(k));
	} else if (jv_string_length_bytes(jv_copy(v)) == 0) {
		rc = fail(c, "%s.%s: must not be empty", where, key);
	} else if (strlen(jv_string_value(v)) != (size_t)jv_string_length_bytes(jv_copy(v))) {
		/* Read as a C string it would be its prefix: a name, class or
		 * path is its exact text. */
		rc = fail(c, "%s.%s: must not contain a NUL byte", where, key);
	} else if (!(*out = strdup(jv_string_value(v)))) {
		rc = fail(c, "out of memory");
	}
	jv_free(v);
	return rc;
}

static int get_bool(struct ctx *c, jv obj, const char *where, const char *key, int *out)
{
	jv v = get(obj, key);
	jv_kind k = jv_get_kind(v);
	int rc = 0;
	if (k == JV_KIND_TRUE)
		*out = 1;
	else if (k == JV_KIND_FALSE)
		*out = 0;
	else if (k != JV_KIND_NULL)
		rc = fail(c, "%s.%s: expected true or false, found %s", where, key, kind_str(k));
	jv_free(v);
	return rc;
}

static int get_number(struct ctx *c, jv obj, const char *where, const char *key, double lo, double hi,
		      double *out)
{
	jv v = get(obj, key);
	jv_kind k = jv_get_kind(v);
	int rc = 0;
	if (k == JV_KIND_NUMBER) {
		double d = jv_number_value(v);
		if (!(d >= lo && d <= hi))
			rc = fail(c, "%s.%s: %g is out of range [%g, %g]", where, key, d, lo, hi);
		else
			*out = d;
	} else if (k != JV_KIND_NULL) {
		rc = fail(c, "%s.%s: expected a number, found %s", where, key, kind_str(k));
	}
	jv_free(v);
	return rc;
}

static int get_long(struct ctx *c, jv obj, const char *where, const char *key, long lo, long hi, long *out)
{
	double d = NAN;
	if (get_number(c, obj, where, key, (double)lo, (double)hi, &d))
		return -1;
	if (isnan(d))
		return 0;
	if (d != floor(d))
		return fail(c, "%s.%s: expected a whole number, found %g", where, key, d);
	*out = (long)d;
	return 0;
}

/* A non-empty array of backend names -> NULL-terminated vector. */
static int get_names(struct ctx *c, jv v, const char *where, char ***out, size_t *nout)
{
	if (jv_get_kind(v) != JV_KIND_ARRAY)
		return fail(c, "%s: expected an array of backend names, found %s", where, kind_str(jv_get_kind(v)));
	int n = jv_array_length(jv_copy(v));
	if (n == 0)
		return fail(c, "%s: the chain is empty", where);
	char **names = calloc((size_t)n + 1, sizeof(*names));
	if (!names)
		return fail(c, "out of memory");
	*out = names;
	*nout = (size_t)n;
	for (int i = 0; i < n; i++) {
		jv e = jv_array_get(jv_copy(v), i);
		if (jv_get_kind(e) != JV_KIND_STRING) {
			fail(c, "%s[%d]: expected a backend name, found %s", where, i, kind_str(jv_get_kind(e)));
			jv_free(e);
			return -1;
		}
		for (int j = 0; j < i; j++)
			if (!strcmp(names[j], jv_string_value(e))) {
				fail(c, "%s[%d]: backend \"%s\" appears twice in the chain", where, i,
				     jv_string_value(e));
				jv_free(e);
				return -1;
			}
		names[i] = strdup(jv_string_value(e));
		jv_free(e);
		if (!names[i])
			return fail(c, "out of memory");
	}
	return 0;
}

static int parse_class(struct ctx *c, jv obj, const char *where, int *out)
{
	char *s = NULL;
	if (get_string(c, obj, where, "max_class", 1, &s))
		return -1;
	int cls = dataclass_parse(s);
	if (cls < 0)
		fail(c, "%s.max_class: unknown class \"%s\" (public, internal, confidential, restricted)", where,
		     s);
	free(s);
	*out = cls;
	return cls < 0 ? -1 : 0;
}

/*
 * 1 when an http:// or https:// URL's host is a loopback address: a name
 * "localhost", an IPv4 address in 127.0.0.0/8, or [::1] (or an IPv4-mapped
 * 127.0.0.0/8). Anything else, including spellings a resolver might still
 * map to loopback ("127.1", "0x7f.0.0.1", percent-escapes, zone ids), is
 * not: the answer must not depend on how a library parses a host.
 */
int policy_url_is_loopback(const char *url)
{
	const char *p = strstr(url, "://");
	if (!p)
		return 0;
	p += 3;
	size_t alen = strcspn(p, "/?#");      /* the authority */
	const char *at = memrchr(p, '@', alen); /* user info ends at the last '@' */
	if (at) {
		alen -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	char host[64];
	size_t hlen;
	if (alen && p[0] == '[') {
		const char *close = memchr(p, ']', alen);
		if (!close)
			return 0;
		hlen = (size_t)(close - p - 1);
		if (hlen >= sizeof(host))
			return 0;
		memcpy(host, p + 1, hlen);
		host[hlen] = '\0';
		struct in6_addr a6;
		if (inet_pton(AF_INET6, host, &a6) != 1)
			return 0;
		if (IN6_IS_ADDR_LOOPBACK(&a6))
			return 1;
		return IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127;
	}
	hlen = strcspn(p, ":/?#");
	if (hlen > alen)
		hlen = alen;
	if (hlen == 0 || hlen >= sizeof(host))
		return 0;
	memcpy(host, p, hlen);
	host[hlen] = '\0';
	if (!strcasecmp(host, "localhost") || !strcasecmp(host, "localhost."))
		return 1;
	struct in_addr a4;
	return inet_pton(AF_INET, host, &a4) == 1 && ((const unsigned char *)&a4.s_addr)[0] == 127;
}

static int parse_backend(struct ctx *c, const char *name, jv b, struct policy_backend *pb)
{
	char where[300];
	snprintf(where, sizeof(where), "backends.%s", name);
	pb->params = jv_null();
	pb->zero_retention = pb->self_hosted = POLICY_UNSET;
	if (!(pb->name = strdup(name)))
		return fail(c, "out of memory");
	if (jv_get_kind(b) != JV_KIND_OBJECT)
		return fail(c, "%s: expected an object, found %s", where, kind_str(jv_get_kind(b)));
	static const char *const known[] = { "kind", "max_class", "endpoint", "model", "api_key_env",
		"api_key_file", "api_version", "azure", "headers", "model_path", "threads", "region",
		"zero_retention", "self_hosted", "price", "limits", "timeout", "context_window",
		"max_output_tokens", "params", "description", "ca_file", NULL };
	if (check_keys(c, b, where, known))
		return -1;
	char *kind = NULL;
	if (get_string(c, b, where, "kind", 1, &kind))
		return -1;
	if (!strcmp(kind, "openai"))
		pb->kind = POLICY_KIND_OPENAI;
	else if (!strcmp(kind, "anthropic"))
		pb->kind = POLICY_KIND_ANTHROPIC;
	else if (!strcmp(kind, "local"))
		pb->kind = POLICY_KIND_LOCAL;
	else {
		fail(c, "%s.kind: unknown kind \"%s\" (openai, anthropic, local)", where, kind);
		free(kind);
		return -1;
	}
	free(kind);
	if (parse_class(c, b, where, &pb->max_class))
		return -1;
	int hosted = pb->kind != POLICY_KIND_LOCAL;
	if (get_string(c, b, where, "endpoint", hosted, &pb->endpoint) ||
	    get_string(c, b, where, "model", hosted, &pb->model) ||
	    get_string(c, b, where, "api_key_env", 0, &pb->api_key_env) ||
	    get_string(c, b, where, "api_key_file", 0, &pb->api_key_file) ||
	    get_string(c, b, where, "api_version", 0, &pb->api_version) ||
	    get_string(c, b, where, "ca_file", 0, &pb->ca_file) ||
	    get_bool(c, b, where, "azure", &pb->azure) ||
	    get_string(c, b, where, "model_path", !hosted, &pb->model_path) ||
	    get_string(c, b, where, "region", 0, &pb->region) ||
	    get_bool(c, b, where, "zero_retention", &pb->zero_retention) ||
	    get_bool(c, b, where, "self_hosted", &pb->self_hosted) ||
	    get_number(c, b, where, "timeout", 0.001, 86400, &pb->timeout_s) ||
	    get_long(c, b, where, "context_window", 1, 100000000, &pb->context_window) ||
	    get_long(c, b, where, "max_output_tokens", 1, 100000000, &pb->max_output_tokens))
		return -1;
	long threads = 0;
	if (get_long(c, b, where, "threads", 0, 1024, &threads))
		return -1;
	pb->threads = (int)threads;
	if (pb->endpoint && strncmp(pb->endpoint, "https://", 8) && strncmp(pb->endpoint, "http://", 7))
		return fail(c, "%s.endpoint: expected an http:// or https:// URL", where);
	/* Plain http carries the prompts and the key in the clear: only to this
	 * machine, or to a server the policy says is the operator's own. */
	if (pb->endpoint && !strncmp(pb->endpoint, "http://", 7) && pb->self_hosted != POLICY_YES &&
	    !policy_url_is_loopback(pb->endpoint))
		return fail(c, "%s.endpoint: plain http:// to a host that is not loopback: use https://, or declare "
			    "the backend \"self_hosted\": true", where);
	if (pb->ca_file && access(pb->ca_file, R_OK) != 0)
		return fail(c, "%s.ca_file: cannot read '%s': %s", where, pb->ca_file, strerror(errno));
	if (pb->azure && pb->kind != POLICY_KIND_OPENAI)
		return fail(c, "%s.azure: only an openai backend can be Azure OpenAI", where);
	if (!hosted) {
		if (pb->self_hosted == POLICY_NO)
			return fail(c, "%s.self_hosted: a local backend is self-hosted by definition", where);
		pb->self_hosted = POLICY_YES;
		/* The engine keeps nothing once a request is answered. */
		if (pb->zero_retention == POLICY_UNSET)
			pb->zero_retention = POLICY_YES;
		if (pb->api_key_env || pb->api_key_file || pb->endpoint || pb->ca_file)
			return fail(c, "%s: a local backend takes model_path, not endpoint, keys or ca_file", where);
	}

	jv h = get(b, "headers");
	if (jv_get_kind(h) == JV_KIND_OBJECT) {
		int n = jv_object_length(jv_copy(h));
		pb->headers = calloc((size_t)n + 1, sizeof(char *));
		int i = 0;
		jv_object_foreach(h, k, v) {
			if (!c->failed && jv_get_kind(v) != JV_KIND_STRING)
				fail(c, "%s.headers.%s: expected a string", where, jv_string_value(k));
			else if (!c->failed && pb->headers) {
				const char *ks = jv_string_value(k);
				if (strpbrk(ks, ":\r\n") || strpbrk(jv_string_value(v), "\r\n"))
					fail(c, "%s.headers.%s: header names and values must not hold ':' or line breaks",
					     where, ks);
				else if (!strcasecmp(ks, "authorization") || !strcasecmp(ks, "x-api-key") ||
					 !strcasecmp(ks, "api-key"))
					fail(c, "%s.headers.%s: keys come from api_key_env or api_key_file, never the policy",
					     where, ks);
				else if (asprintf(&pb->headers[i++], "%s: %s", ks, jv_string_value(v)) < 0)
					pb->headers[--i] = NULL;
			}
			jv_free(k);
			jv_free(v);
		}
		if (!pb->headers)
			fail(c, "out of memory");
	} else if (jv_get_kind(h) != JV_KIND_NULL) {
		fail(c, "%s.headers: expected an object of strings", where);
	}
	jv_free(h);
	if (c->failed)
		return -1;

	char sub[340];
	jv price = get(b, "price");
	if (jv_get_kind(price) == JV_KIND_OBJECT) {
		static const char *const pk[] = { "input", "output", NULL };
		snprintf(sub, sizeof(sub), "%s.price", where);
		if (!check_keys(c, price, sub, pk)) {
			get_number(c, price, sub, "input", 0, 1e6, &pb->price_in);
			get_number(c, price, sub, "output", 0, 1e6, &pb->price_out);
		}
	} else if (jv_get_kind(price) != JV_KIND_NULL) {
		fail(c, "%s.price: expected {\"input\": USD per 1M tokens, \"output\": ...}", where);
	}
	jv_free(price);
	jv lim = get(b, "limits");
	if (jv_get_kind(lim) == JV_KIND_OBJECT) {
		static const char *const lk[] = { "rpm", "tpm", "concurrency", NULL };
		snprintf(sub, sizeof(sub), "%s.limits", where);
		if (!check_keys(c, lim, sub, lk)) {
			get_long(c, lim, sub, "rpm", 1, 100000000, &pb->rpm);
			get_long(c, lim, sub, "tpm", 1, 2000000000L, &pb->tpm);
			get_long(c, lim, sub, "concurrency", 1, 100000, &pb->concurrency);
		}
	} else if (jv_get_kind(lim) != JV_KIND_NULL) {
		fail(c, "%s.limits: expected {\"rpm\", \"tpm\", \"concurrency\"}", where);
	}
	jv_free(lim);
	jv params = get(b, "params");
	if (jv_get_kind(params) == JV_KIND_OBJECT)
		pb->params = params;
	else if (jv_get_kind(params) != JV_KIND_NULL) {
		jv_free(params);
		return fail(c, "%s.params: expected an object", where);
	} else
		jv_free(params);
	return c->failed ? -1 : 0;
}

static int parse_require(struct ctx *c, jv req, const char *where, struct policy_require *r)
{
	r->zero_retention = r->self_hosted = POLICY_UNSET;
	if (jv_get_kind(req) == JV_KIND_NULL)
		return 0;
	if (jv_get_kind(req) != JV_KIND_OBJECT)
		return fail(c, "%s: expected an object of data attributes", where);
	static const char *const known[] = { "region", "zero_retention", "self_hosted", NULL };
	if (check_keys(c, req, where, known))
		return -1;
	jv reg = get(req, "region");
	if (jv_get_kind(reg) == JV_KIND_STRING)
		reg = JV_ARRAY(reg);
	if (jv_get_kind(reg) == JV_KIND_ARRAY) {
		int n = jv_array_length(jv_copy(reg));
		if (n == 0)
			fail(c, "%s.region: an empty list admits no backend", where);
		r->regions = calloc((size_t)n + 1, sizeof(char *));
		for (int i = 0; i < n && r->regions && !c->failed; i++) {
			jv e = jv_array_get(jv_copy(reg), i);
			if (jv_get_kind(e) != JV_KIND_STRING)
				fail(c, "%s.region[%d]: expected a string", where, i);
			else
				r->regions[i] = strdup(jv_string_value(e));
			jv_free(e);
		}
	} else if (jv_get_kind(reg) != JV_KIND_NULL) {
		fail(c, "%s.region: expected a string or an array of strings", where);
	}
	jv_free(reg);
	int zr = POLICY_UNSET, sh = POLICY_UNSET;
	if (get_bool(c, req, where, "zero_retention", &zr) || get_bool(c, req, where, "self_hosted", &sh))
		return -1;
	/* "false" asks for nothing: a rule cannot require a backend to keep data. */
	r->zero_retention = zr == 1 ? POLICY_YES : POLICY_UNSET;
	r->self_hosted = sh == 1 ? POLICY_YES : POLICY_UNSET;
	return c->failed ? -1 : 0;
}

static int parse_rule(struct ctx *c, int i, jv r, struct policy_rule *pr)
{
	char where[300];
	snprintf(where, sizeof(where), "rules[%d]", i);
	if (jv_get_kind(r) != JV_KIND_OBJECT)
		return fail(c, "%s: expected an object, found %s", where, kind_str(jv_get_kind(r)));
	static const char *const known[] = { "name", "when", "use", "split", "require", "default",
		"max_output_tokens", "description", NULL };
	if (check_keys(c, r, where, known))
		return -1;
	if (get_string(c, r, where, "name", 1, &pr->name))
		return -1;
	snprintf(where, sizeof(where), "rules[%d] (%s)", i, pr->name);
	if (get_string(c, r, where, "when", 0, &pr->when_text) || get_bool(c, r, where, "default", &pr->is_default) ||
	    get_long(c, r, where, "max_output_tokens", 1, 100000000, &pr->max_output_tokens))
		return -1;
	if (pr->is_default && pr->when_text)
		return fail(c, "%s: a default rule has no \"when\"", where);
	if (pr->when_text)
		pr->fast = jqfast_new(pr->when_text); /* NULL: libjq alone */
	jv use = get(r, "use"), split = get(r, "split");
	int has_use = jv_get_kind(use) != JV_KIND_NULL, has_split = jv_get_kind(split) != JV_KIND_NULL;
	char sub[340];
	if (has_use == has_split) {
		fail(c, "%s: give exactly one of \"use\" (a chain) or \"split\" (weighted chains)", where);
	} else if (has_use) {
		snprintf(sub, sizeof(sub), "%s.use", where);
		get_names(c, use, sub, &pr->use, &pr->nuse);
	} else if (jv_get_kind(split) != JV_KIND_ARRAY || jv_array_length(jv_copy(split)) == 0) {
		fail(c, "%s.split: expected a non-empty array of {name, weight, use}", where);
	} else {
		int n = jv_array_length(jv_copy(split));
		pr->arms = calloc((size_t)n, sizeof(*pr->arms));
		pr->narms = pr->arms ? (size_t)n : 0;
		double total = 0;
		for (int a = 0; a < n && pr->arms && !c->failed; a++) {
			jv arm = jv_array_get(jv_copy(split), a);
			struct policy_arm *pa = &pr->arms[a];
			snprintf(sub, sizeof(sub), "%s.split[%d]", where, a);
			static const char *const ak[] = { "name", "weight", "use", NULL };
			if (jv_get_kind(arm) != JV_KIND_OBJECT) {
				fail(c, "%s: expected {name, weight, use}", sub);
			} else if (!check_keys(c, arm, sub, ak) && !get_string(c, arm, sub, "name", 0, &pa->name)) {
				pa->weight = NAN;
				get_number(c, arm, sub, "weight", 0, 1e9, &pa->weight);
				if (!c->failed && isnan(pa->weight))
					fail(c, "%s: \"weight\" is required", sub);
				total += c->failed ? 0 : pa->weight;
				jv au = get(arm, "use");
				char sub2[360];
				snprintf(sub2, sizeof(sub2), "%s.use", sub);
				if (!c->failed)
					get_names(c, au, sub2, &pa->use, &pa->nuse);
				jv_free(au);
				if (!c->failed && !pa->name && asprintf(&pa->name, "arm%d", a) < 0)
					pa->name = NULL;
				for (int b = 0; b < a && !c->failed; b++)
					if (pa->name && pr->arms[b].name && !strcmp(pa->name, pr->arms[b].name))
						fail(c, "%s: arm name \"%s\" used twice", sub, pa->name);
			}
			jv_free(arm);
		}
		if (!pr->arms)
			fail(c, "out of memory");
		else if (!c->failed && !(total > 0))
			fail(c, "%s.split: the weights add up to 0", where);
	}
	jv_free(use);
	jv_free(split);
	if (c->failed)
		return -1;
	jv req = get(r, "require");
	snprintf(sub, sizeof(sub), "%s.require", where);
	int rc = parse_require(c, req, sub, &pr->require);
	jv_free(req);
	return rc;
}

static int parse_budget(struct ctx *c, const char *workload, jv b, struct policy_budget *pb)
{
	char where[300];
	snprintf(where, sizeof(where), "budgets.%s", workload);
	if (!(pb->workload = strdup(workload)))
		return fail(c, "out of memory");
	if (jv_get_kind(b) != JV_KIND_OBJECT)
		return fail(c, "%s: expected an object", where);
	static const char *const known[] = { "tokens_per_day", "cost_per_day", "on_exceed", NULL };
	if (check_keys(c, b, where, known))
		return -1;
	long tok = 0;
	double cost = 0;
	if (get_long(c, b, where, "tokens_per_day", 1, 4000000000000000L, &tok) ||
	    get_number(c, b, where, "cost_per_day", 1e-6, 1e9, &cost) ||
	    get_string(c, b, where, "on_exceed", 0, &pb->on_exceed))
		return -1;
	pb->tokens_per_day = tok;
	pb->micro_usd_per_day = (long long)llround(cost * 1e6);
	if (!tok && !cost)
		return fail(c, "%s: give tokens_per_day, cost_per_day or both", where);
	return 0;
}

static int parse_fallback(struct ctx *c, jv v, struct policy *p)
{
	p->fallback_on = (1u << POLICY_FAIL_RATE_LIMIT) | (1u << POLICY_FAIL_SERVER_ERROR) |
			 (1u << POLICY_FAIL_TIMEOUT) | (1u << POLICY_FAIL_CONTEXT_WINDOW);
	if (jv_get_kind(v) == JV_KIND_NULL)
		return 0;
	if (jv_get_kind(v) != JV_KIND_ARRAY)
		return fail(c, "fallback_on: expected an array of failure classes");
	p->fallback_on = 0;
	int n = jv_array_length(jv_copy(v));
	for (int i = 0; i < n && !c->failed; i++) {
		jv e = jv_array_get(jv_copy(v), i);
		int f = jv_get_kind(e) == JV_KIND_STRING ? policy_fail_parse(jv_string_value(e)) : -1;
		if (f < 0)
			fail(c, "fallback_on[%d]: expected one of rate_limit, server_error, timeout, context_window, content_policy",
			     i);
		else if (f == POLICY_FAIL_AUTH || f == POLICY_FAIL_BAD_REQUEST)
			fail(c, "fallback_on[%d]: %s is the caller's mistake; another backend will not fix it", i,
			     policy_fail_name(f));
		else
			p->fallback_on |= 1u << f;
		jv_free(e);
	}
	return c->failed ? -1 : 0;
}

/* Every `when` must compile. One jq_compile of all of them together
 * costs what one costs; only when it fails are they compiled one by one to
 * name the rule at fault. */
static int check_syntax(struct ctx *c, struct policy *p)
{
	struct buf all = BUF_INIT;
	size_t n = 0;
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].when_text) {
			/* Newlines keep a trailing comment from eating the ")". */
			buf_printf(&all, "def _llm_when_%zu: (\n%s\n);\n", i, p->rules[i].when_text);
			n++;
		}
	if (!n) {
		buf_release(&all);
		return 0;
	}
	/* Referenced, or libjq would drop an unused def unchecked (an
	 * undefined function in it would pass). */
	buf_puts(&all, "if false then (");
	for (size_t i = 0, k = 0; i < p->nrules; i++)
		if (p->rules[i].when_text)
			buf_printf(&all, "%s_llm_when_%zu", k++ ? ", " : "", i);
	buf_puts(&all, ") else . end");
	char jerr[300];
	struct jqprog *prog = jqprog_new(all.p, jerr, sizeof(jerr));
	buf_release(&all);
	if (prog) {
		jqprog_free(prog);
		return 0;
	}
	for (size_t i = 0; i < p->nrules; i++) {
		struct policy_rule *r = &p->rules[i];
		if (!r->when_text)
			continue;
		if (!(r->when = jqprog_new(r->when_text, jerr, sizeof(jerr))))
			return fail(c, "rules[%zu] (%s).when: jq: %s", i, r->name, jerr);
	}
	return fail(c, "rules: the conditions do not compile together: %s", jerr);
}

int policy_rule_test(const struct policy_rule *r, struct json_span rec, jv *rec_jv, char *err, size_t errlen)
{
	if (!r->when_text)
		return 1;
	if (r->fast) {
		enum jqfast_result fr = jqfast_eval(r->fast, rec);
		if (fr != JQFAST_FALLBACK)
			return fr == JQFAST_TRUE;
	}
	if (!r->when) {
		/* The cache of a compiled program: logically const. */
		struct policy_rule *w = (struct policy_rule *)r;
		if (!(w->when = jqprog_new(r->when_text, err, errlen)))
			return -1;
	}
	if (!jv_is_valid(*rec_jv)) {
		jv_free(*rec_jv);
		*rec_jv = jqprog_jv_from_json(rec);
	}
	return jqprog_test(r->when, jv_copy(*rec_jv), err, errlen);
}

static int parse_policy(struct ctx *c, jv root, struct policy *p)
{
	if (jv_get_kind(root) != JV_KIND_OBJECT)
		return fail(c, "a policy is a JSON object, found %s", kind_str(jv_get_kind(root)));
	static const char *const known[] = { "version", "description", "defaults", "backends", "rules",
		"fallback_on", "budgets", "classify", NULL };
	if (check_keys(c, root, "policy", known))
		return -1;
	if (get_string(c, root, "policy", "version", 0, &p->label))
		return -1;
	p->default_max_output_tokens = 256;
	jv d = get(root, "defaults");
	if (jv_get_kind(d) == JV_KIND_OBJECT) {
		static const char *const dk[] = { "max_output_tokens", NULL };
		if (!check_keys(c, d, "defaults", dk))
			get_long(c, d, "defaults", "max_output_tokens", 1, 100000000, &p->default_max_output_tokens);
	} else if (jv_get_kind(d) != JV_KIND_NULL) {
		fail(c, "defaults: expected an object");
	}
	jv_free(d);
	if (c->failed)
		return -1;
	/* The rules file llm-classify runs with, which llm-infer's last gate
	 * loads too, so both see the same types and classes. */
	jv cl = get(root, "classify");
	if (jv_get_kind(cl) == JV_KIND_OBJECT) {
		static const char *const ck[] = { "rules", NULL };
		if (!check_keys(c, cl, "classify", ck))
			get_string(c, cl, "classify", "rules", 0, &p->classify_rules);
	} else if (jv_get_kind(cl) != JV_KIND_NULL) {
		fail(c, "classify: expected an object");
	}
	jv_free(cl);
	if (c->failed)
		return -1;

	jv bs = get(root, "backends");
	if (jv_get_kind(bs) != JV_KIND_OBJECT || jv_object_length(jv_copy(bs)) == 0) {
		jv_free(bs);
		return fail(c, "\"backends\" is required: an object of name -> backend");
	}
	int nb = jv_object_length(jv_copy(bs));
	p->backends = calloc((size_t)nb, sizeof(*p->backends));
	if (!p->backends) {
		jv_free(bs);
		return fail(c, "out of memory");
	}
	jv_object_foreach(bs, k, v) {
		if (!c->failed) {
			struct policy_backend *pb = &p->backends[p->nbackends++];
			pb->params = jv_null();
			parse_backend(c, jv_string_value(k), v, pb);
		}
		jv_free(k);
		jv_free(v);
	}
	jv_free(bs);
	if (c->failed)
		return -1;

	jv rs = get(root, "rules");
	if (jv_get_kind(rs) != JV_KIND_ARRAY || jv_array_length(jv_copy(rs)) == 0) {
		jv_free(rs);
		return fail(c, "\"rules\" is required: a non-empty array");
	}
	int nr = jv_array_length(jv_copy(rs));
	p->rules = calloc((size_t)nr, sizeof(*p->rules));
	if (!p->rules) {
		jv_free(rs);
		return fail(c, "out of memory");
	}
	for (int i = 0; i < nr && !c->failed; i++) {
		jv r = jv_array_get(jv_copy(rs), i);
		p->nrules++;
		parse_rule(c, i, r, &p->rules[i]);
		jv_free(r);
		for (int j = 0; j < i && !c->failed; j++)
			if (!strcmp(p->rules[j].name, p->rules[i].name))
				fail(c, "rules[%d]: rule name \"%s\" used twice", i, p->rules[i].name);
	}
	jv_free(rs);
	if (c->failed)
		return -1;

	if (check_syntax(c, p))
		return -1;

	jv fb = get(root, "fallback_on");
	parse_fallback(c, fb, p);
	jv_free(fb);
	if (c->failed)
		return -1;

	jv bud = get(root, "budgets");
	if (jv_get_kind(bud) == JV_KIND_OBJECT) {
		int n = jv_object_length(jv_copy(bud));
		p->budgets = calloc((size_t)n + 1, sizeof(*p->budgets));
		jv_object_foreach(bud, k, v) {
			if (!c->failed && p->budgets)
				parse_budget(c, jv_string_value(k), v, &p->budgets[p->nbudgets++]);
			jv_free(k);
			jv_free(v);
		}
		if (!p->budgets)
			fail(c, "out of memory");
	} else if (jv_get_kind(bud) != JV_KIND_NULL) {
		fail(c, "budgets: expected an object of workload -> budget");
	}
	jv_free(bud);
	for (size_t i = 0; i < p->nbudgets && !c->failed; i++)
		if (p->budgets[i].on_exceed && !policy_rule_find(p, p->budgets[i].on_exceed))
			fail(c, "budgets.%s.on_exceed: no rule named \"%s\"", p->budgets[i].workload,
			     p->budgets[i].on_exceed);
	return c->failed ? -1 : 0;
}

int policy_load_text(const char *name, const char *text, size_t len, struct policy **out, char *err,
		     size_t errlen)
{
	struct ctx c = { name, err, errlen, 0 };
	*out = NULL;
	if (len > POLICY_MAX_FILE)
		return fail(&c, "larger than %u MiB; a policy is configuration, not data", POLICY_MAX_FILE >> 20);
	size_t at;
	if (json_has_duplicate(text, len, &at))
		return fail(&c, "a key is repeated at byte %zu (libjq would keep the last one silently)", at);
	jv root = jv_parse_sized(text, (int)len);
	if (!jv_is_valid(root)) {
		jv msg = jv_invalid_get_msg(root);
		fail(&c, "not valid JSON: %s", jv_get_kind(msg) == JV_KIND_STRING ? jv_string_value(msg) : "parse error");
		jv_free(msg);
		return -1;
	}
	struct policy *p = calloc(1, sizeof(*p));
	if (!p) {
		jv_free(root);
		return fail(&c, "out of memory");
	}
	p->path = xstrdup(name);
	if (parse_policy(&c, root, p)) {
		jv_free(root);
		policy_free(p);
		return -1;
	}
	/* The version: the canonical form (sorted keys, compact) hashed. */
	jv canon = jv_dump_string(root, JV_PRINT_SORTED);
	unsigned char md[HASH_SHA256_LEN];
	hash_sha256(jv_string_value(canon), (size_t)jv_string_length_bytes(jv_copy(canon)), md);
	jv_free(canon);
	memcpy(p->version, "sha256:", 7);
	hash_hex(md, sizeof(md), p->version + 7);
	*out = p;
	return 0;
}

/* Relative model and key paths name files beside the policy, wherever the
 * tool runs from (as a Makefile's or nginx's includes do). */
static int resolve_one(char **p, const char *dir, size_t dirlen)
{
	if (!*p || (*p)[0] == '/' || !dirlen)
		return 0;
	char *joined;
	if (asprintf(&joined, "%.*s/%s", (int)dirlen, dir, *p) < 0)
		return -1;
	free(*p);
	*p = joined;
	return 0;
}

static int resolve_paths(struct policy *p, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) : 0;
	if (slash && dirlen == 0)
		dirlen = 1; /* "/policy.json" */
	for (size_t i = 0; i < p->nbackends; i++)
		if (resolve_one(&p->backends[i].model_path, path, dirlen) ||
		    resolve_one(&p->backends[i].api_key_file, path, dirlen))
			return -1;
	return 0;
}

int policy_load(const char *path, struct policy **out, char *err, size_t errlen)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char *text = malloc(POLICY_MAX_FILE + 1);
	size_t len = text ? fread(text, 1, POLICY_MAX_FILE + 1, f) : 0;
	int ioerr = ferror(f);
	fclose(f);
	if (!text || ioerr) {
		free(text);
		snprintf(err, errlen, "%s: %s", path, text ? "read error" : "out of memory");
		return -1;
	}
	int rc = policy_load_text(path, text, len, out, err, errlen);
	free(text);
	if (rc == 0 && resolve_paths(*out, path) < 0) {
		policy_free(*out);
		*out = NULL;
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	return rc;
}

static void free_names(char **v)
{
	if (!v)
		return;
	for (char **s = v; *s; s++)
		free(*s);
	free(v);
}

void policy_free(struct policy *p)
{
	if (!p)
		return;
	free(p->classify_rules);
	for (size_t i = 0; i < p->nbackends; i++) {
		struct policy_backend *b = &p->backends[i];
		free(b->name);
		free(b->endpoint);
		free(b->model);
		free(b->api_key_env);
		free(b->api_key_file);
		free(b->api_version);
		free(b->ca_file);
		free_names(b->headers);
		free(b->model_path);
		free(b->region);
		jv_free(b->params);
	}
	free(p->backends);
	for (size_t i = 0; i < p->nrules; i++) {
		struct policy_rule *r = &p->rules[i];
		free(r->name);
		free(r->when_text);
		jqprog_free(r->when);
		jqfast_free(r->fast);
		free_names(r->use);
		for (size_t a = 0; a < r->narms; a++) {
			free(r->arms[a].name);
			free_names(r->arms[a].use);
		}
		free(r->arms);
		free_names(r->require.regions);
	}
	free(p->rules);
	for (size_t i = 0; i < p->nbudgets; i++) {
		free(p->budgets[i].workload);
		free(p->budgets[i].on_exceed);
	}
	free(p->budgets);
	free(p->label);
	free(p->path);
	free(p);
}

const struct policy_backend *policy_backend_find(const struct policy *p, const char *name)
{
	for (size_t i = 0; i < p->nbackends; i++)
		if (!strcmp(p->backends[i].name, name))
			return &p->backends[i];
	return NULL;
}

const struct policy_rule *policy_rule_find(const struct policy *p, const char *name)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (!strcmp(p->rules[i].name, name))
			return &p->rules[i];
	return NULL;
}

const struct policy_budget *policy_budget_for(const struct policy *p, const char *workload)
{
	const struct policy_budget *star = NULL;
	for (size_t i = 0; i < p->nbudgets; i++) {
		if (!strcmp(p->budgets[i].workload, workload))
			return &p->budgets[i];
		if (!strcmp(p->budgets[i].workload, "*"))
			star = &p->budgets[i];
	}
	return star;
}

int policy_backend_allows_class(const struct policy_backend *b, int cls)
{
	/* An unknown class is restricted: fail closed. */
	if (cls < 0 || cls >= DATACLASS_COUNT)
		cls = DATACLASS_RESTRICTED;
	return b->max_class >= cls;
}

int policy_backend_meets(const struct policy_backend *b, const struct policy_require *req, char *why,
			 size_t whylen)
{
	if (req->regions) {
		int ok = 0;
		for (char **r = req->regions; *r && !ok; r++)
			ok = b->region && !strcmp(b->region, *r);
		if (!ok) {
			if (why) {
				size_t o = (size_t)snprintf(why, whylen, "region %s%s%s not in [",
							    b->region ? "\"" : "", b->region ? b->region : "undeclared",
							    b->region ? "\"" : "");
				for (char **r = req->regions; *r && o < whylen; r++)
					o += (size_t)snprintf(why + o, whylen - o, "%s%s", r == req->regions ? "" : ", ", *r);
				if (o < whylen)
					snprintf(why + o, whylen - o, "]");
			}
			return 0;
		}
	}
	if (req->zero_retention == POLICY_YES && b->zero_retention != POLICY_YES) {
		if (why)
			snprintf(why, whylen, "zero_retention required, backend %s",
				 b->zero_retention == POLICY_NO ? "retains data" : "does not declare it");
		return 0;
	}
	if (req->self_hosted == POLICY_YES && b->self_hosted != POLICY_YES) {
		if (why)
			snprintf(why, whylen, "self_hosted required, backend is %s",
				 b->self_hosted == POLICY_NO ? "hosted by a third party" : "not declared self-hosted");
		return 0;
	}
	return 1;
}

int policy_may_fallback(const struct policy *p, enum policy_fail f)
{
	if (f == POLICY_FAIL_AUTH || f == POLICY_FAIL_BAD_REQUEST || (unsigned)f >= POLICY_FAIL_COUNT)
		return 0;
	return (p->fallback_on >> f) & 1u;
}

const char *policy_kind_name(enum policy_kind k)
{
	switch (k) {
	case POLICY_KIND_OPENAI: return "openai";
	case POLICY_KIND_ANTHROPIC: return "anthropic";
	case POLICY_KIND_LOCAL: return "local";
	}
	return "unknown";
}

static const char *const fail_names[POLICY_FAIL_COUNT] = {
	"rate_limit", "server_error", "timeout", "context_window", "content_policy", "auth", "bad_request",
};

const char *policy_fail_name(enum policy_fail f)
{
	return (unsigned)f < POLICY_FAIL_COUNT ? fail_names[f] : "unknown";
}

int policy_fail_parse(const char *s)
{
	for (int i = 0; i < POLICY_FAIL_COUNT; i++)
		if (!strcmp(s, fail_names[i]))
			return i;
	return -1;
}
