/*
 * rules.c: custom detectors from a rules file's "detectors" array.
 *
 * Each rule is a regex (Oniguruma, Perl syntax with named groups (ONIG_SYNTAX_PERL_NG)), a list of
 * keywords, or both: with a regex the keywords are a pre-filter (the regex
 * runs only over a text that holds one of them), without one the keywords
 * are what is found. Every keyword of every rule goes into one
 * case-insensitive Aho-Corasick automaton, so the pre-filter and the keyword
 * detectors together cost one pass over the text, however many rules there
 * are. Matches then go through the rule's validator (luhn, iban), entropy
 * gate and context words before they become findings.
 *
 * The format is strict: an unknown key, a value of the wrong type or a regex
 * that does not compile is an error naming the rule, because a typo that
 * silently disabled a detector would be worse than a refusal to start.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jv.h>
#include <oniguruma.h>

#include "core/dataclass.h"
#include "detect/detect_int.h"
#include "detect/fold.h"

enum { VAL_NONE, VAL_LUHN, VAL_IBAN };

#define MAX_KEYWORD_BYTES (64 * 1024) /* bounds the automaton's size */
#define MAX_WINDOW 4096

struct rule {
	char *name;
	int type;
	OnigRegex re;        /* NULL: keyword-only */
	int group;
	int ci;              /* case-insensitive match */
	int word;            /* whole words only */
	int validate;
	double min_entropy;  /* < 0: no gate */
	double score;
	char **raise, **lower;
	size_t nraise, nlower, window;
	size_t nkw;
};

struct keyword {
	char *text;          /* as written: case-sensitive rules compare it */
	size_t len;
	size_t rule;
	int32_t next;        /* next keyword ending in the same state, or -1 */
};

struct detect_rules {
	struct rule *r;
	size_t nr;
	char **types;                 /* rule type names, id DETECT_NBUILTIN + i */
	const char **tclass;          /* class name per rule type, or NULL */
	size_t ntypes;
	const char *bclass[DETECT_NBUILTIN]; /* classes rules gave built-in types */
	struct keyword *kw;
	size_t nkw;
	/* Aho-Corasick as a full DFA over a compressed alphabet. */
	unsigned char alpha[256];
	int na;
	int32_t *delta;               /* nstates * na */
	int32_t *term;                /* first keyword ending exactly here, or -1 */
	int32_t *outlink;             /* nearest proper suffix state with output, or 0 */
	unsigned char *has_out;
	size_t nstates;
};

static void *xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz);
	if (!p)
		abort();
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		abort();
	return p;
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void detect_rules_free(struct detect_rules *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nr; i++) {
		free(r->r[i].name);
		if (r->r[i].re)
			onig_free(r->r[i].re);
		free_strv(r->r[i].raise, r->r[i].nraise);
		free_strv(r->r[i].lower, r->r[i].nlower);
	}
	free(r->r);
	free_strv(r->types, r->ntypes);
	free(r->tclass);
	for (size_t i = 0; i < r->nkw; i++)
		free(r->kw[i].text);
	free(r->kw);
	free(r->delta);
	free(r->term);
	free(r->outlink);
	free(r->has_out);
	free(r);
}

size_t detect_rules_ntypes(const struct detect_rules *r)
{
	return r ? r->ntypes : 0;
}

const char *detect_rules_type_name(const struct detect_rules *r, int type)
{
	if (!r || type < DETECT_NBUILTIN || (size_t)(type - DETECT_NBUILTIN) >= r->ntypes)
		return NULL;
	return r->types[type - DETECT_NBUILTIN];
}

const char *detect_rules_type_class(const struct detect_rules *r, int type)
{
	if (!r || type < 0)
		return NULL;
	if (type < DETECT_NBUILTIN)
		return r->bclass[type];
	if ((size_t)(type - DETECT_NBUILTIN) >= r->ntypes)
		return NULL;
	return r->tclass[type - DETECT_NBUILTIN];
}

/* ---- loading ---- */

struct loader {
	struct detect_rules *r;
	char *err;
	size_t errlen;
	const char *who;     /* the rule's name for messages, or NULL */
	size_t idx;
	size_t kwbytes;
	size_t kwalloc, typealloc;
};

static int fail(struct loader *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct loader *L, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (L->who)
		snprintf(L->err, L->errlen, "detector \"%s\": %s", L->who, msg);
	else
		snprintf(L->err, L->errlen, "detectors[%zu]: %s", L->idx, msg);
	return -1;
}

/* Type id for a type name, adding it to the table when new. */
static int type_id(struct loader *L, const char *name)
{
	int b = detect_type_lookup(name);
	if (b >= 0)
		return b;
	struct detect_rules *r = L->r;
	for (size_t i = 0; i < r->ntypes; i++)
		if (!strcmp(r->types[i], name))
			return DETECT_NBUILTIN + (int)i;
	if (r->ntypes == L->typealloc) {
		L->typealloc = L->typealloc ? 2 * L->typealloc : 8;
		r->types = realloc(r->types, L->typealloc * sizeof(*r->types));
		r->tclass = realloc(r->tclass, L->typealloc * sizeof(*r->tclass));
		if (!r->types || !r->tclass)
			abort();
	}
	r->types[r->ntypes] = xstrdup(name);
	r->tclass[r->ntypes] = NULL;
	return DETECT_NBUILTIN + (int)r->ntypes++;
}

/* Reads an array of non-empty strings; consumes v. */
static int str_array(struct loader *L, jv v, const char *key, char ***out, size_t *nout)
{
	if (jv_get_kind(v) != JV_KIND_ARRAY) {
		jv_free(v);
		return fail(L, "\"%s\" must be an array of strings", key);
	}
	int n = jv_array_length(jv_copy(v));
	char **a = xcalloc((size_t)n, sizeof(*a));
	*out = a;
	*nout = 0;
	for (int i = 0; i < n; i++) {
		jv e = jv_array_get(jv_copy(v), i);
		if (jv_get_kind(e) != JV_KIND_STRING || jv_string_length_bytes(jv_copy(e)) == 0) {
			jv_free(e);
			jv_free(v);
			return fail(L, "\"%s\" must be an array of non-empty strings", key);
		}
		a[(*nout)++] = xstrdup(jv_string_value(e));
		jv_free(e);
	}
	jv_free(v);
	return 0;
}

static int get_bool(struct loader *L, jv v, const char *key, int *out)
{
	jv_kind k = jv_get_kind(v);
	jv_free(v);
	if (k != JV_KIND_TRUE && k != JV_KIND_FALSE)
		return fail(L, "\"%s\" must be true or false", key);
	*out = k == JV_KIND_TRUE;
	return 0;
}

static int get_num(struct loader *L, jv v, const char *key, double lo, double hi, double *out)
{
	if (jv_get_kind(v) != JV_KIND_NUMBER) {
		jv_free(v);
		return fail(L, "\"%s\" must be a number", key);
	}
	double d = jv_number_value(v);
	jv_free(v);
	if (!(d >= lo && d <= hi)) {
		char range[64];
		snprintf(range, sizeof(range), "%g to %g", lo, hi);
		return fail(L, "\"%s\" must be in %s", key, range);
	}
	*out = d;
	return 0;
}

static void add_keyword(struct loader *L, const char *text, size_t rule)
{
	struct detect_rules *r = L->r;
	if (r->nkw == L->kwalloc) {
		L->kwalloc = L->kwalloc ? 2 * L->kwalloc : 16;
		r->kw = realloc(r->kw, L->kwalloc * sizeof(*r->kw));
		if (!r->kw)
			abort();
	}
	struct keyword *k = &r->kw[r->nkw++];
	k->text = xstrdup(text);
	k->len = strlen(text);
	k->rule = rule;
	k->next = -1;
	L->kwbytes += k->len;
}

static int load_context(struct loader *L, jv ctx, struct rule *ru)
{
	if (jv_get_kind(ctx) != JV_KIND_OBJECT) {
		jv_free(ctx);
		return fail(L, "\"context\" must be an object");
	}
	int rc = 0;
	jv_object_foreach(ctx, k, v) {
		const char *key = jv_string_value(k);
		if (rc) {
			jv_free(v);
		} else if (!strcmp(key, "raise")) {
			rc = str_array(L, v, "context.raise", &ru->raise, &ru->nraise);
		} else if (!strcmp(key, "lower")) {
			rc = str_array(L, v, "context.lower", &ru->lower, &ru->nlower);
		} else if (!strcmp(key, "window")) {
			double d;
			rc = get_num(L, v, "context.window", 0, MAX_WINDOW, &d);
			ru->window = (size_t)d;
		} else {
			jv_free(v);
			rc = fail(L, "unknown key \"context.%s\"", key);
		}
		jv_free(k);
	}
	jv_free(ctx);
	if (rc)
		return rc;
	/* Stored lower case: the search folds the text's case. */
	for (size_t i = 0; i < ru->nraise; i++)
		for (char *p = ru->raise[i]; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p + 32);
	for (size_t i = 0; i < ru->nlower; i++)
		for (char *p = ru->lower[i]; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p + 32);
	return 0;
}

static int set_class(struct loader *L, int type, const char *cls)
{
	int c = dataclass_parse(cls);
	if (c < 0)
		return fail(L, "bad class \"%s\" (public, internal, confidential or restricted)", cls);
	const char **slot = type < DETECT_NBUILTIN ? &L->r->bclass[type]
						   : &L->r->tclass[type - DETECT_NBUILTIN];
	/* Two rules giving one type different classes: the stricter wins. */
	if (!*slot || dataclass_parse(*slot) < c)
		*slot = dataclass_name(c);
	return 0;
}

static int load_rule(struct loader *L, jv o, size_t idx)
{
	struct detect_rules *r = L->r;
	struct rule *ru = &r->r[idx];
	memset(ru, 0, sizeof(*ru));
	ru->score = 0.8;
	ru->window = 40;
	ru->min_entropy = -1;
	ru->word = -1;
	ru->ci = -1;
	L->who = NULL;
	L->idx = idx;
	if (jv_get_kind(o) != JV_KIND_OBJECT) {
		jv_free(o);
		return fail(L, "must be an object");
	}
	jv name = jv_object_get(jv_copy(o), jv_string("name"));
	if (jv_get_kind(name) != JV_KIND_STRING || jv_string_length_bytes(jv_copy(name)) == 0) {
		jv_free(name);
		jv_free(o);
		return fail(L, "missing \"name\" (a non-empty string)");
	}
	ru->name = xstrdup(jv_string_value(name));
	jv_free(name);
	L->who = ru->name;
	for (size_t i = 0; i < idx; i++)
		if (!strcmp(r->r[i].name, ru->name)) {
			jv_free(o);
			return fail(L, "duplicate name");
		}

	char *type = NULL, *regex = NULL, *cls = NULL;
	char **kws = NULL;
	size_t nkws = 0;
	int have_group = 0, have_kw = 0, rc = 0;
	double d;
	jv_object_foreach(o, k, v) {
		const char *key = jv_string_value(k);
		if (rc) {
			jv_free(v);
		} else if (!strcmp(key, "name")) {
			jv_free(v);
		} else if (!strcmp(key, "type") || !strcmp(key, "regex") || !strcmp(key, "class") ||
			   !strcmp(key, "validate")) {
			if (jv_get_kind(v) != JV_KIND_STRING || jv_string_length_bytes(jv_copy(v)) == 0) {
				rc = fail(L, "\"%s\" must be a non-empty string", key);
			} else if (!strcmp(key, "type")) {
				type = xstrdup(jv_string_value(v));
			} else if (!strcmp(key, "regex")) {
				regex = xstrdup(jv_string_value(v));
			} else if (!strcmp(key, "class")) {
				/* Exact text: "public\u0000x" is no class. */
				if (dataclass_parse_n(jv_string_value(v), (size_t)jv_string_length_bytes(jv_copy(v))) < 0)
					rc = fail(L, "bad class \"%s\" (public, internal, confidential or restricted)",
						  jv_string_value(v));
				else
					cls = xstrdup(jv_string_value(v));
			} else {
				const char *val = jv_string_value(v);
				if (!strcmp(val, "luhn"))
					ru->validate = VAL_LUHN;
				else if (!strcmp(val, "iban"))
					ru->validate = VAL_IBAN;
				else if (!strcmp(val, "none"))
					ru->validate = VAL_NONE;
				else
					rc = fail(L, "bad \"validate\" \"%s\" (luhn, iban or none)", val);
			}
			jv_free(v);
		} else if (!strcmp(key, "group")) {
			if (jv_get_kind(v) != JV_KIND_NUMBER || !jv_is_integer(jv_copy(v)) ||
			    jv_number_value(v) < 0 || jv_number_value(v) > 1000)
				rc = fail(L, "\"group\" must be a non-negative integer");
			else
				ru->group = (int)jv_number_value(v);
			have_group = 1;
			jv_free(v);
		} else if (!strcmp(key, "case_insensitive")) {
			rc = get_bool(L, v, key, &ru->ci);
		} else if (!strcmp(key, "word")) {
			rc = get_bool(L, v, key, &ru->word);
		} else if (!strcmp(key, "keywords")) {
			rc = str_array(L, v, key, &kws, &nkws);
			have_kw = 1;
		} else if (!strcmp(key, "min_entropy")) {
			rc = get_num(L, v, key, 0, 8, &d);
			ru->min_entropy = d;
		} else if (!strcmp(key, "score")) {
			rc = get_num(L, v, key, 0, 1, &d);
			ru->score = d;
		} else if (!strcmp(key, "context")) {
			rc = load_context(L, v, ru);
		} else {
			jv_free(v);
			rc = fail(L, "unknown key \"%s\"", key);
		}
		jv_free(k);
	}
	jv_free(o);

	if (!rc && !regex && !nkws)
		rc = fail(L, have_kw ? "\"keywords\" is empty and there is no \"regex\""
				     : "needs a \"regex\" or \"keywords\"");
	if (!rc && have_group && !regex)
		rc = fail(L, "\"group\" needs a \"regex\"");
	/* Keyword-only rules match case-insensitively unless told otherwise
	 * (keywords are names, written one way, found in any case); a regex
	 * says what it means, as Oniguruma reads it. */
	if (ru->ci < 0)
		ru->ci = regex ? 0 : 1;
	if (ru->word < 0)
		ru->word = regex ? 0 : 1;
	if (!rc && regex) {
		OnigErrorInfo einfo;
		const UChar *p = (const UChar *)regex;
		int e = onig_new(&ru->re, p, p + strlen(regex),
				 ru->ci ? ONIG_OPTION_IGNORECASE : ONIG_OPTION_NONE,
				 ONIG_ENCODING_UTF8, ONIG_SYNTAX_PERL_NG, &einfo);
		if (e != ONIG_NORMAL) {
			UChar msg[ONIG_MAX_ERROR_MESSAGE_LEN];
			onig_error_code_to_str(msg, e, &einfo);
			ru->re = NULL;
			rc = fail(L, "bad regex: %s", (const char *)msg);
		} else if (ru->group > onig_number_of_captures(ru->re)) {
			rc = fail(L, "\"group\" is larger than the number of groups in \"regex\"");
		}
	}
	if (!rc) {
		ru->type = type_id(L, type ? type : ru->name);
		if (cls)
			rc = set_class(L, ru->type, cls);
	}
	if (!rc) {
		for (size_t i = 0; i < nkws; i++)
			add_keyword(L, kws[i], idx);
		ru->nkw = nkws;
		if (L->kwbytes > MAX_KEYWORD_BYTES)
			rc = fail(L, "keywords too long (over 64 KiB in all)");
	}
	free(type);
	free(regex);
	free(cls);
	free_strv(kws, nkws);
	return rc;
}

static unsigned char lowc(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Builds the automaton: a trie of the lower-cased keywords, then failure
 * links in breadth-first order, which also fill in the missing transitions
 * (each row is completed from its failure state's row, already complete). */
static void build_ac(struct detect_rules *r)
{
	size_t total = 1;
	int na = 1;
	memset(r->alpha, 0, sizeof(r->alpha));
	for (size_t i = 0; i < r->nkw; i++) {
		total += r->kw[i].len;
		for (size_t j = 0; j < r->kw[i].len; j++) {
			unsigned char c = lowc((unsigned char)r->kw[i].text[j]);
			if (!r->alpha[c])
				r->alpha[c] = (unsigned char)na++;
		}
	}
	for (int c = 'A'; c <= 'Z'; c++)
		r->alpha[c] = r->alpha[c + 32];
	r->na = na;
	r->delta = xcalloc(total * (size_t)na, sizeof(int32_t));
	r->term = xcalloc(total, sizeof(int32_t));
	r->outlink = xcalloc(total, sizeof(int32_t));
	r->has_out = xcalloc(total, 1);
	int32_t *fail = xcalloc(total, sizeof(int32_t));
	for (size_t i = 0; i < total; i++)
		r->term[i] = -1;
	size_t ns = 1;
	for (size_t i = 0; i < r->nkw; i++) {
		int32_t st = 0;
		for (size_t j = 0; j < r->kw[i].len; j++) {
			int a = r->alpha[(unsigned char)r->kw[i].text[j]];
			int32_t *slot = &r->delta[(size_t)st * (size_t)na + (size_t)a];
			if (!*slot)
				*slot = (int32_t)ns++;
			st = *slot;
		}
		r->kw[i].next = r->term[st];
		r->term[st] = (int32_t)i;
	}
	int32_t *queue = xcalloc(ns, sizeof(int32_t));
	size_t qh = 0, qt = 0;
	for (int a = 0; a < na; a++) {
		int32_t v = r->delta[a];
		if (v) {
			fail[v] = 0;
			queue[qt++] = v;
		}
	}
	while (qh < qt) {
		int32_t u = queue[qh++];
		for (int a = 0; a < na; a++) {
			int32_t *slot = &r->delta[(size_t)u * (size_t)na + (size_t)a];
			int32_t via = r->delta[(size_t)fail[u] * (size_t)na + (size_t)a];
			if (*slot) {
				fail[*slot] = via;
				queue[qt++] = *slot;
			} else {
				*slot = via;
			}
		}
		int32_t f = fail[u];
		r->outlink[u] = r->term[f] >= 0 ? f : r->outlink[f];
		r->has_out[u] = r->term[u] >= 0 || r->outlink[u] > 0;
	}
	r->nstates = ns;
	free(queue);
	free(fail);
}

struct detect_rules *detect_rules_new(const char *rules_json, size_t len,
				      char *err, size_t errlen)
{
	struct loader L;
	memset(&L, 0, sizeof(L));
	L.err = err;
	L.errlen = errlen;
	if (errlen)
		err[0] = '\0';
	if (len > (size_t)0x7fffffff) {
		snprintf(err, errlen, "detectors: too large");
		return NULL;
	}
	jv arr = jv_parse_sized(rules_json ? rules_json : "", (int)len);
	if (!jv_is_valid(arr)) {
		jv msg = jv_invalid_get_msg(arr);
		snprintf(err, errlen, "detectors: bad JSON: %s",
			 jv_get_kind(msg) == JV_KIND_STRING ? jv_string_value(msg) : "parse error");
		jv_free(msg);
		return NULL;
	}
	if (jv_get_kind(arr) != JV_KIND_ARRAY) {
		jv_free(arr);
		snprintf(err, errlen, "detectors: must be an array");
		return NULL;
	}
	struct detect_rules *r = xcalloc(1, sizeof(*r));
	L.r = r;
	int n = jv_array_length(jv_copy(arr));
	r->r = xcalloc((size_t)n, sizeof(*r->r));
	for (int i = 0; i < n; i++) {
		int rc = load_rule(&L, jv_array_get(jv_copy(arr), i), (size_t)i);
		r->nr = (size_t)i + 1; /* so free() sees what load_rule set up */
		if (rc) {
			jv_free(arr);
			detect_rules_free(r);
			return NULL;
		}
	}
	jv_free(arr);
	if (r->nkw)
		build_ac(r);
	return r;
}

/* ---- scanning ---- */

static int ci_window(const unsigned char *s, size_t n, size_t a, size_t b, size_t w,
		     char *const *words, size_t nw)
{
	size_t w0 = a > w ? a - w : 0, w1 = n - b > w ? b + w : n;
	for (size_t i = 0; i < nw; i++)
		if (dt_ci_find(s, w0, a, words[i]) || dt_ci_find(s, b, w1, words[i]))
			return 1;
	return 0;
}

static int validate(int how, const unsigned char *s, size_t n)
{
	char buf[64];
	size_t k = 0;
	if (how == VAL_NONE)
		return 1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ' || (how == VAL_LUHN && s[i] == '-'))
			continue;
		if (k == sizeof(buf) || (how == VAL_LUHN && !DT_IS(s[i], DT_DIGIT)))
			return 0;
		buf[k++] = (char)s[i];
	}
	return how == VAL_LUHN ? detect_luhn_ok(buf, k) : detect_iban_ok(buf, k);
}

static void finish(const struct rule *ru, const unsigned char *s, size_t n, size_t a, size_t b,
		   struct detect_list *out)
{
	if (a >= b || b > n)
		return;
	if (!validate(ru->validate, s + a, b - a))
		return;
	if (ru->min_entropy >= 0 && detect_entropy((const char *)s + a, b - a) < ru->min_entropy)
		return;
	double score = ru->score;
	if (ru->nraise && ci_window(s, n, a, b, ru->window, ru->raise, ru->nraise))
		score += 0.15;
	if (ru->nlower && ci_window(s, n, a, b, ru->window, ru->lower, ru->nlower))
		score -= 0.3;
	struct detect_finding f;
	f.type = ru->type;
	f.start = a;
	f.end = b;
	f.score = score < 0 ? 0 : score > 1 ? 1 : score;
	f.detector = ru->name;
	f.decoded = NULL;
	f.placeholder = 0;
	detect_list_push(out, &f);
}

static void keyword_hit(const struct detect_rules *r, const struct keyword *k,
			const unsigned char *s, size_t n, size_t e, unsigned char *triggered,
			struct detect_list *out)
{
	const struct rule *ru = &r->r[k->rule];
	if (ru->re) {
		triggered[k->rule] = 1;
		return;
	}
	size_t a = e - k->len;
	if (!ru->ci && memcmp(s + a, k->text, k->len))
		return;
	/* Whole words: a boundary is needed only where the keyword itself
	 * begins or ends with a word character (as \b would). */
	if (ru->word) {
		if (DT_IS(s[a], DT_WORD) && a > 0 && DT_IS(s[a - 1], DT_WORD))
			return;
		if (DT_IS(s[e - 1], DT_WORD) && e < n && DT_IS(s[e], DT_WORD))
			return;
	}
	finish(ru, s, n, a, e, out);
}

static void run_regex(const struct rule *ru, const unsigned char *s, size_t n,
		      OnigRegion *reg, struct detect_list *out)
{
	const UChar *str = s, *end = s + n;
	size_t pos = 0;
	while (pos <= n) {
		int rc = onig_search(ru->re, str, end, str + pos, end, reg, ONIG_OPTION_NONE);
		if (rc < 0)
			break; /* no match, or a limit such as the retry limit */
		size_t mb = (size_t)reg->beg[0], me = (size_t)reg->end[0];
		if (ru->group < reg->num_regs && reg->beg[ru->group] >= 0) {
			size_t a = (size_t)reg->beg[ru->group], b = (size_t)reg->end[ru->group];
			int ok = 1;
			if (ru->word && a < b) {
				if (DT_IS(s[a], DT_WORD) && a > 0 && DT_IS(s[a - 1], DT_WORD))
					ok = 0;
				if (DT_IS(s[b - 1], DT_WORD) && b < n && DT_IS(s[b], DT_WORD))
					ok = 0;
			}
			if (ok)
				finish(ru, s, n, a, b, out);
		}
		if (me > mb) {
			pos = me;
		} else { /* empty match: step over one character */
			pos = me + 1;
			while (pos < n && (s[pos] & 0xC0) == 0x80)
				pos++;
		}
	}
}

static void rules_scan(const struct detect_rules *r, const char *str, size_t n,
		       struct detect_list *out)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char small[256], *triggered = small;
	if (r->nr > sizeof(small))
		triggered = xcalloc(r->nr, 1);
	else
		memset(small, 0, r->nr);

	if (r->nkw) {
		const int32_t *delta = r->delta;
		const unsigned char *alpha = r->alpha, *has_out = r->has_out;
		size_t na = (size_t)r->na;
		int32_t st = 0;
		for (size_t i = 0; i < n; i++) {
			st = delta[(size_t)st * na + alpha[s[i]]];
			if (!has_out[st])
				continue;
			for (int32_t v = r->term[st] >= 0 ? st : r->outlink[st]; v > 0; v = r->outlink[v])
				for (int32_t k = r->term[v]; k >= 0; k = r->kw[k].next)
					keyword_hit(r, &r->kw[k], s, n, i + 1, triggered, out);
		}
	}

	OnigRegion *reg = NULL;
	for (size_t i = 0; i < r->nr; i++) {
		const struct rule *ru = &r->r[i];
		if (!ru->re || (ru->nkw && !triggered[i]))
			continue;
		if (!reg && !(reg = onig_region_new()))
			abort();
		run_regex(ru, s, n, reg, out);
	}
	if (reg)
		onig_region_free(reg, 1);
	if (triggered != small)
		free(triggered);
}

static int by_start(const void *pa, const void *pb)
{
	const struct detect_finding *a = pa, *b = pb;
	return a->start < b->start ? -1 : a->start > b->start;
}

/* Drops the findings of out[mid, n) that overlap one of the same type in
 * out[first, mid) (which gets sorted by start). maxend[j]: the largest end
 * among the first j + 1, so the backward walk stops as soon as nothing
 * further left can reach the finding. */
static void drop_repeats(struct detect_list *out, size_t first, size_t mid)
{
	struct detect_finding *a = out->v + first;
	size_t na = mid - first, k = mid;
	qsort(a, na, sizeof(*a), by_start);
	size_t *maxend = xcalloc(na, sizeof(*maxend));
	for (size_t j = 0; j < na; j++)
		maxend[j] = j && maxend[j - 1] > a[j].end ? maxend[j - 1] : a[j].end;
	for (size_t i = mid; i < out->n; i++) {
		const struct detect_finding d = out->v[i];
		size_t lo = 0, hi = na; /* first with start >= d.end */
		while (lo < hi) {
			size_t m = (lo + hi) / 2;
			if (a[m].start < d.end)
				lo = m + 1;
			else
				hi = m;
		}
		int dup = 0;
		for (size_t j = lo; j-- > 0 && maxend[j] > d.start && !dup;)
			dup = a[j].type == d.type && a[j].end > d.start;
		if (!dup)
			out->v[k++] = d;
	}
	out->n = k;
	free(maxend);
}

/*
 * Rules see the text twice when folding changes it: as written, so that a
 * pattern written for any script matches exactly as before, and folded
 * (fold.h), so that "EMP-\uff11\uff12\uff13\uff14" or an ID with a
 * zero-width space inside meets the pattern written for its plain form.
 * A folded-pass finding that overlaps one of the same type from the first
 * pass is the same value, and is dropped.
 */
void detect_rules_scan(const struct detect_rules *r, const char *str, size_t n,
		       struct detect_list *out)
{
	if (!r || !r->nr || !str)
		return;
	size_t first = out->n;
	rules_scan(r, str, n, out);
	if (!fold_needed(str, n))
		return;
	struct fold f = FOLD_INIT;
	fold_text(&f, str, n);
	if (!f.same && f.n) {
		size_t mid = out->n;
		rules_scan(r, f.p, f.n, out);
		dt_unfold(&f, out, mid);
		if (out->n > mid && mid > first)
			drop_repeats(out, first, mid);
	}
	fold_release(&f);
}
