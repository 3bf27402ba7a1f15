/*
 * classify: detectors + rules file -> _llm.classify; see classify.h.
 *
 * The rules file is read once with libjq's jv (it is small); records are
 * not: detectors run on the decoded string values only, and a record is
 * parsed into jv only when the rules file has record rules (jq programs
 * over the whole record), which is the one thing that needs the full value.
 *
 * Why one file: the rules file and the class decision share one compiled
 * form (struct classify); reading the file and applying it change together.
 */
#include "detect/classify.h"

#include <jv.h>
#include <oniguruma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/keyfile.h"
#include "detect/phone.h"
#include "jq/jqprog.h"

struct record_rule {
	char *name;
	struct jqprog *jq;
	int cls;
	int override; /* set the class exactly instead of raising it */
};

struct classify {
	struct detect_opts dopts;
	struct detect_placeholders ph;
	char **ph_values;       /* owned copies behind ph.values */
	int ph_class;           /* the most a placeholder finding counts for */
	struct phone_regions *regions; /* NULL: phone.h's built-in list */
	struct detect_rules *rules;
	int *type_class;        /* indexed by type id */
	int ntypes;
	int default_class;
	double threshold;
	struct record_rule *rr;
	size_t nrr;
	char **allow_fp;        /* sorted fingerprints */
	size_t nallow;
	struct fpkey *key;      /* the fingerprint key (keyfile.h) */
	regex_t **allow_re;
	size_t nallow_re;
	/* scratch, reused across records */
	struct buf text;
	struct detect_list found;
	struct classify_result *cur;
	const struct record *rec; /* the record being classified */
	int failed;
	/* classify_set_memo(): the last strings scanned and what they gave */
	struct memo *memo;
	uint64_t memo_clock;
};

/* A string classify_set_memo() remembers: its bytes and what scan_text()
 * made of them. Findings depend on the bytes alone (the path only names
 * where they are), so a string seen again is answered from here. */
#define MEMO_SLOTS 4
#define MEMO_MAX 4096 /* longer strings are not remembered */
struct memo {
	struct buf text;
	struct classify_finding *f; /* .path unused */
	size_t n, alloc;
	size_t suppressed;
	uint64_t used;              /* memo_clock at the last use; 0: empty */
};

static void memo_forget(struct classify *c);

static int default_type_class(int type)
{
	switch (type) {
	case DETECT_EMAIL:
	case DETECT_PHONE:
	case DETECT_IP_ADDRESS:
		return DATACLASS_CONFIDENTIAL;
	default:
		/* secrets, credit_card, iban, us_ssn */
		return DATACLASS_RESTRICTED;
	}
}

static void set_ntypes(struct classify *c, int n)
{
	int *nt = realloc(c->type_class, (size_t)n * sizeof(*nt));
	if (!nt)
		abort();
	for (int t = c->ntypes; t < n; t++)
		nt[t] = t < DETECT_NBUILTIN ? default_type_class(t) : DATACLASS_RESTRICTED;
	c->type_class = nt;
	c->ntypes = n;
}

struct classify *classify_new(void)
{
	static int onig_ready;
	struct classify *c = calloc(1, sizeof(*c));
	if (!c)
		abort();
	if (!onig_ready) {
		OnigEncoding enc = ONIG_ENCODING_UTF8;
		onig_initialize(&enc, 1);
		onig_ready = 1;
	}
	c->default_class = DATACLASS_INTERNAL;
	c->threshold = 0.5;
	c->ph.enabled = 1;
	c->ph.builtin_values = 1;
	c->ph_class = DATACLASS_INTERNAL;
	c->dopts.placeholders = &c->ph;
	/* Until the caller sets the deployment's key, a random one: such
	 * fingerprints match nothing saved, and never reveal a value. */
	unsigned char rnd[KEYFILE_LEN];
	if (hash_random(rnd, sizeof(rnd)) < 0)
		abort();
	c->key = fpkey_new(rnd);
	set_ntypes(c, DETECT_NBUILTIN);
	return c;
}

void classify_free(struct classify *c)
{
	if (!c)
		return;
	fpkey_free(c->key);
	phone_regions_free(c->regions);
	detect_rules_free(c->rules);
	for (size_t i = 0; i < c->ph.nvalues; i++)
		free(c->ph_values[i]);
	free(c->ph_values);
	free(c->type_class);
	for (size_t i = 0; i < c->nrr; i++) {
		free(c->rr[i].name);
		jqprog_free(c->rr[i].jq);
	}
	free(c->rr);
	for (size_t i = 0; i < c->nallow; i++)
		free(c->allow_fp[i]);
	free(c->allow_fp);
	for (size_t i = 0; i < c->nallow_re; i++)
		onig_free(c->allow_re[i]);
	free(c->allow_re);
	buf_release(&c->text);
	detect_list_release(&c->found);
	classify_set_memo(c, 0);
	free(c);
}

/* What the memo holds was found under the configuration of the time:
 * every setter forgets it. */
static void memo_forget(struct classify *c)
{
	if (c->memo)
		for (int i = 0; i < MEMO_SLOTS; i++)
			c->memo[i].used = 0;
}

void classify_set_memo(struct classify *c, int on)
{
	if (on && !c->memo) {
		if (!(c->memo = calloc(MEMO_SLOTS, sizeof(*c->memo))))
			abort();
		for (int i = 0; i < MEMO_SLOTS; i++)
			buf_init(&c->memo[i].text);
	} else if (!on && c->memo) {
		for (int i = 0; i < MEMO_SLOTS; i++) {
			buf_release(&c->memo[i].text);
			free(c->memo[i].f);
		}
		free(c->memo);
		c->memo = NULL;
	}
}

void classify_set_decode(struct classify *c, int on)
{
	memo_forget(c);
	c->dopts.decode = on;
}

void classify_set_threshold(struct classify *c, double t)
{
	memo_forget(c);
	c->threshold = t;
}

int classify_set_regions(struct classify *c, const char *list, char *err, size_t errlen)
{
	memo_forget(c);
	struct phone_regions *r = phone_regions_new(list, err, errlen);
	if (!r)
		return -1;
	phone_regions_free(c->regions);
	c->regions = r;
	c->dopts.phone_regions = r;
	return 0;
}

const char *classify_regions(const struct classify *c)
{
	return phone_regions_string(c->regions ? c->regions : phone_regions_builtin());
}

const char *classify_type_name(const struct classify *c, int type)
{
	if (type < DETECT_NBUILTIN)
		return detect_type_name(type);
	const char *n = c->rules ? detect_rules_type_name(c->rules, type) : NULL;
	return n ? n : "unknown";
}

int classify_type_class(const struct classify *c, int type)
{
	return type >= 0 && type < c->ntypes ? c->type_class[type] : DATACLASS_RESTRICTED;
}

int classify_finding_class(const struct classify *c, const struct classify_finding *f)
{
	int cls = classify_type_class(c, f->type);
	return f->placeholder && cls > c->ph_class ? c->ph_class : cls;
}

int classify_ntypes(const struct classify *c)
{
	return c->ntypes;
}

static int type_by_name(const struct classify *c, const char *name)
{
	for (int t = 0; t < c->ntypes; t++)
		if (!strcmp(classify_type_name(c, t), name))
			return t;
	return -1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_fingerprint(struct classify *c, const char *fp)
{
	char **n = realloc(c->allow_fp, (c->nallow + 1) * sizeof(*n));
	if (!n)
		abort();
	c->allow_fp = n;
	c->allow_fp[c->nallow++] = strdup(fp);
}

static void sort_fingerprints(struct classify *c)
{
	if (c->nallow)
		qsort(c->allow_fp, c->nallow, sizeof(*c->allow_fp), cmp_str);
}

static int fp_allowed(const struct classify *c, const char *fp)
{
	return c->nallow && bsearch(&fp, c->allow_fp, c->nallow, sizeof(*c->allow_fp), cmp_str);
}

static char *read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot open '%s': %m", path);
		return NULL;
	}
	struct buf b = BUF_INIT;
	char tmp[65536];
	size_t k;
	while ((k = fread(tmp, 1, sizeof(tmp), f)) > 0) {
		buf_put(&b, tmp, k);
		if (b.len > ((size_t)64 << 20)) {
			snprintf(err, errlen, "'%s' is larger than 64 MiB", path);
			fclose(f);
			buf_release(&b);
			return NULL;
		}
	}
	fclose(f);
	return buf_detach(&b, len);
}

/* jq 1.6's jv_object_get yields an invalid value for a missing key; rules
 * files treat every key as optional, so a missing one reads as null. */
static jv obj_get(jv obj, const char *key)
{
	jv v = jv_object_get(jv_copy(obj), jv_string(key));
	if (!jv_is_valid(v)) {
		jv_free(v);
		return jv_null();
	}
	return v;
}

static int class_of(jv v, const char *where, char *err, size_t errlen)
{
	int cls = -1;
	if (jv_get_kind(v) == JV_KIND_STRING)
		cls = dataclass_parse_n(jv_string_value(v), (size_t)jv_string_length_bytes(jv_copy(v)));
	if (cls < 0)
		snprintf(err, errlen, "%s: class must be one of public, internal, confidential, restricted",
			 where);
	jv_free(v);
	return cls;
}

static int load_record_rules(struct classify *c, jv arr, char *err, size_t errlen)
{
	if (jv_get_kind(arr) != JV_KIND_ARRAY) {
		snprintf(err, errlen, "record_rules must be an array");
		jv_free(arr);
		return -1;
	}
	int n = jv_array_length(jv_copy(arr));
	c->rr = calloc((size_t)n + 1, sizeof(*c->rr));
	for (int i = 0; i < n; i++) {
		jv r = jv_array_get(jv_copy(arr), i);
		char where[96];
		snprintf(where, sizeof(where), "record_rules[%d]", i);
		if (jv_get_kind(r) != JV_KIND_OBJECT) {
			snprintf(err, errlen, "%s must be an object", where);
			goto bad;
		}
		jv keys = jv_keys(jv_copy(r));
		for (int k = 0; k < jv_array_length(jv_copy(keys)); k++) {
			jv key = jv_array_get(jv_copy(keys), k);
			const char *ks = jv_string_value(key);
			if (strcmp(ks, "name") && strcmp(ks, "when") && strcmp(ks, "class") &&
			    strcmp(ks, "override")) {
				snprintf(err, errlen, "%s: unknown key \"%s\"", where, ks);
				jv_free(key);
				jv_free(keys);
				goto bad;
			}
			jv_free(key);
		}
		jv_free(keys);
		jv name = obj_get(r, "name");
		struct record_rule *rr = &c->rr[c->nrr];
		rr->name = strdup(jv_get_kind(name) == JV_KIND_STRING ? jv_string_value(name) : where);
		jv_free(name);
		snprintf(where, sizeof(where), "record rule \"%s\"", rr->name);
		jv when = obj_get(r, "when");
		if (jv_get_kind(when) != JV_KIND_STRING) {
			snprintf(err, errlen, "%s: \"when\" must be a jq program (a string)", where);
			jv_free(when);
			free(rr->name);
			goto bad;
		}
		char jerr[256];
		rr->jq = jqprog_new(jv_string_value(when), jerr, sizeof(jerr));
		jv_free(when);
		if (!rr->jq) {
			snprintf(err, errlen, "%s: bad jq program: %s", where, jerr);
			free(rr->name);
			goto bad;
		}
		rr->cls = class_of(obj_get(r, "class"), where, err, errlen);
		if (rr->cls < 0) {
			jqprog_free(rr->jq);
			free(rr->name);
			goto bad;
		}
		jv ov = obj_get(r, "override");
		rr->override = jv_get_kind(ov) == JV_KIND_TRUE;
		jv_free(ov);
		c->nrr++;
		jv_free(r);
		continue;
bad:
		jv_free(r);
		jv_free(arr);
		return -1;
	}
	jv_free(arr);
	return 0;
}

static int load_allowlist(struct classify *c, jv a, char *err, size_t errlen)
{
	if (jv_get_kind(a) != JV_KIND_OBJECT) {
		snprintf(err, errlen, "allowlist must be an object");
		jv_free(a);
		return -1;
	}
	int rc = 0;
	jv_object_foreach(a, key, val) {
		const char *k = jv_string_value(key);
		if (rc == 0 && jv_get_kind(val) != JV_KIND_ARRAY) {
			snprintf(err, errlen, "allowlist.%s must be an array of strings", k);
			rc = -1;
		} else if (rc == 0 && !strcmp(k, "fingerprints")) {
			jv_array_foreach(val, i, fp) {
				if (jv_get_kind(fp) == JV_KIND_STRING)
					add_fingerprint(c, jv_string_value(fp));
				jv_free(fp);
			}
		} else if (rc == 0 && !strcmp(k, "regexes")) {
			jv_array_foreach(val, i, re) {
				if (rc == 0 && jv_get_kind(re) == JV_KIND_STRING) {
					const char *pat = jv_string_value(re);
					regex_t *rx;
					OnigErrorInfo einfo;
					int r = onig_new(&rx, (const UChar *)pat, (const UChar *)pat + strlen(pat),
							 ONIG_OPTION_NONE, ONIG_ENCODING_UTF8,
							 ONIG_SYNTAX_PERL, &einfo);
					if (r != ONIG_NORMAL) {
						UChar s[ONIG_MAX_ERROR_MESSAGE_LEN];
						onig_error_code_to_str(s, r, &einfo);
						snprintf(err, errlen, "allowlist regex \"%s\": %s", pat, s);
						rc = -1;
					} else {
						c->allow_re = realloc(c->allow_re, (c->nallow_re + 1) * sizeof(*c->allow_re));
						c->allow_re[c->nallow_re++] = rx;
					}
				}
				jv_free(re);
			}
		} else if (rc == 0) {
			snprintf(err, errlen, "allowlist: unknown key \"%s\"", k);
			rc = -1;
		}
		jv_free(key);
		jv_free(val);
	}
	jv_free(a);
	sort_fingerprints(c);
	return rc;
}

/* "placeholders": {"enabled": bool, "builtin_values": bool, "values":
 * [string, ...], "class": class}; every key optional, nothing else. */
static int load_placeholders(struct classify *c, jv obj, char *err, size_t errlen)
{
	int rc = 0;
	if (jv_get_kind(obj) != JV_KIND_OBJECT) {
		snprintf(err, errlen, "placeholders must be an object");
		jv_free(obj);
		return -1;
	}
	jv_object_foreach(obj, key, val) {
		const char *k = jv_string_value(key);
		if (rc) {
			/* first error only */
		} else if (!strcmp(k, "enabled") || !strcmp(k, "builtin_values")) {
			jv_kind kd = jv_get_kind(val);
			if (kd != JV_KIND_TRUE && kd != JV_KIND_FALSE) {
				snprintf(err, errlen, "placeholders.%s must be true or false", k);
				rc = -1;
			} else if (!strcmp(k, "enabled")) {
				c->ph.enabled = kd == JV_KIND_TRUE;
			} else {
				c->ph.builtin_values = kd == JV_KIND_TRUE;
			}
		} else if (!strcmp(k, "class")) {
			char where[64];
			snprintf(where, sizeof(where), "placeholders.class");
			int cls = class_of(jv_copy(val), where, err, errlen);
			if (cls < 0)
				rc = -1;
			else
				c->ph_class = cls;
		} else if (!strcmp(k, "values")) {
			if (jv_get_kind(val) != JV_KIND_ARRAY) {
				snprintf(err, errlen, "placeholders.values must be an array of strings");
				rc = -1;
			} else {
				int nv = jv_array_length(jv_copy(val));
				for (int i = 0; i < nv && !rc; i++) {
					jv e = jv_array_get(jv_copy(val), i);
					if (jv_get_kind(e) != JV_KIND_STRING || jv_string_length_bytes(jv_copy(e)) == 0) {
						snprintf(err, errlen, "placeholders.values[%d] must be a non-empty string", i);
						rc = -1;
					} else {
						char **nvv = realloc(c->ph_values, (c->ph.nvalues + 1) * sizeof(*nvv));
						char *d = nvv ? strdup(jv_string_value(e)) : NULL;
						if (!nvv || !d)
							abort();
						c->ph_values = nvv;
						c->ph_values[c->ph.nvalues++] = d;
						c->ph.values = (const char *const *)c->ph_values;
					}
					jv_free(e);
				}
			}
		} else {
			snprintf(err, errlen, "placeholders: unknown key \"%s\"", k);
			rc = -1;
		}
		jv_free(key);
		jv_free(val);
	}
	jv_free(obj);
	return rc;
}

/* "phone": {"regions": ["DE", "AT"] or "DE,AT"}: the regions national
 * numbers are read for (phone.h); nothing else. */
static int load_phone(struct classify *c, jv obj, char *err, size_t errlen)
{
	int rc = 0;
	if (jv_get_kind(obj) != JV_KIND_OBJECT) {
		snprintf(err, errlen, "phone must be an object");
		jv_free(obj);
		return -1;
	}
	jv_object_foreach(obj, key, val) {
		const char *k = jv_string_value(key);
		if (rc) {
			/* first error only */
		} else if (!strcmp(k, "regions")) {
			struct buf list = BUF_INIT;
			if (jv_get_kind(val) == JV_KIND_STRING) {
				buf_puts(&list, jv_string_value(val));
			} else if (jv_get_kind(val) == JV_KIND_ARRAY) {
				jv_array_foreach(val, i, e) {
					if (jv_get_kind(e) != JV_KIND_STRING || strchr(jv_string_value(e), ',')) {
						if (!rc)
							snprintf(err, errlen, "phone.regions[%d] must be one region code", i);
						rc = -1;
					} else {
						if (i)
							buf_puts(&list, ",");
						buf_puts(&list, jv_string_value(e));
					}
					jv_free(e);
				}
			} else {
				snprintf(err, errlen, "phone.regions must be an array of region codes or a comma list");
				rc = -1;
			}
			char inner[200];
			if (!rc && classify_set_regions(c, list.p ? list.p : "", inner, sizeof(inner)) < 0) {
				snprintf(err, errlen, "phone.regions: %s", inner);
				rc = -1;
			}
			buf_release(&list);
		} else {
			snprintf(err, errlen, "phone: unknown key \"%s\"", k);
			rc = -1;
		}
		jv_free(key);
		jv_free(val);
	}
	jv_free(obj);
	return rc;
}

int classify_load_rules(struct classify *c, const char *path, char *err, size_t errlen)
{
	memo_forget(c);
	size_t len;
	char *text = read_file(path, &len, err, errlen);
	if (!text)
		return -1;
	size_t at;
	if (json_has_duplicate(text, len, &at)) {
		free(text);
		snprintf(err, errlen, "%s: a key is repeated at byte %zu (libjq would keep the last one silently)",
			 path, at);
		return -1;
	}
	jv root = jv_parse_sized(text, (int)len);
	free(text);
	char inner[400];
	int rc = 0;
	if (!jv_is_valid(root)) {
		jv msg = jv_invalid_get_msg(root);
		snprintf(err, errlen, "%s: not valid JSON: %s", path,
			 jv_get_kind(msg) == JV_KIND_STRING ? jv_string_value(msg) : "parse error");
		jv_free(msg);
		return -1;
	}
	if (jv_get_kind(root) != JV_KIND_OBJECT) {
		snprintf(err, errlen, "%s: a rules file is a JSON object", path);
		jv_free(root);
		return -1;
	}
	static const char *const known[] = { "version", "default_class", "threshold", "classes",
		"disable", "detectors", "record_rules", "allowlist", "description", "placeholders", "phone", NULL };
	jv_object_foreach(root, key, val) {
		int ok = 0;
		for (int i = 0; known[i]; i++)
			ok |= !strcmp(jv_string_value(key), known[i]);
		if (!ok && rc == 0) {
			snprintf(err, errlen, "%s: unknown key \"%s\"", path, jv_string_value(key));
			rc = -1;
		}
		jv_free(key);
		jv_free(val);
	}
	if (rc)
		goto out;

	/* Detectors first: "classes" may name their types. */
	jv det = obj_get(root, "detectors");
	if (jv_get_kind(det) != JV_KIND_NULL) {
		jv dump = jv_dump_string(det, 0);
		c->rules = detect_rules_new(jv_string_value(dump), (size_t)jv_string_length_bytes(jv_copy(dump)),
					    inner, sizeof(inner));
		jv_free(dump);
		if (!c->rules) {
			snprintf(err, errlen, "%s: %s", path, inner);
			rc = -1;
			goto out;
		}
		set_ntypes(c, DETECT_NBUILTIN + (int)detect_rules_ntypes(c->rules));
		/* A rule may report a built-in type with its own class. */
		for (int t = 0; t < c->ntypes; t++) {
			const char *cn = detect_rules_type_class(c->rules, t);
			if (cn && dataclass_parse(cn) >= 0)
				c->type_class[t] = dataclass_parse(cn);
		}
	} else {
		jv_free(det);
	}

	jv v = obj_get(root, "default_class");
	if (jv_get_kind(v) != JV_KIND_NULL) {
		snprintf(inner, sizeof(inner), "%s: default_class", path);
		if ((c->default_class = class_of(v, inner, err, errlen)) < 0) {
			rc = -1;
			goto out;
		}
	} else {
		jv_free(v);
	}

	v = obj_get(root, "threshold");
	if (jv_get_kind(v) == JV_KIND_NUMBER) {
		c->threshold = jv_number_value(v);
		if (c->threshold < 0 || c->threshold > 1) {
			snprintf(err, errlen, "%s: threshold must be between 0 and 1", path);
			rc = -1;
		}
	} else if (jv_get_kind(v) != JV_KIND_NULL) {
		snprintf(err, errlen, "%s: threshold must be a number", path);
		rc = -1;
	}
	jv_free(v);
	if (rc)
		goto out;

	v = obj_get(root, "classes");
	if (jv_get_kind(v) == JV_KIND_OBJECT) {
		jv_object_foreach(v, key, val) {
			if (rc == 0) {
				int t = type_by_name(c, jv_string_value(key));
				snprintf(inner, sizeof(inner), "%s: classes.%s", path, jv_string_value(key));
				if (t < 0) {
					snprintf(err, errlen, "%s: classes: unknown type \"%s\"", path,
						 jv_string_value(key));
					rc = -1;
					jv_free(val);
				} else {
					int cls = class_of(val, inner, err, errlen);
					if (cls < 0)
						rc = -1;
					else
						c->type_class[t] = cls;
				}
			} else {
				jv_free(val);
			}
			jv_free(key);
		}
		jv_free(v);
	} else if (jv_get_kind(v) != JV_KIND_NULL) {
		snprintf(err, errlen, "%s: classes must be an object of type: class", path);
		jv_free(v);
		rc = -1;
	} else {
		jv_free(v);
	}
	if (rc)
		goto out;

	v = obj_get(root, "disable");
	if (jv_get_kind(v) == JV_KIND_ARRAY) {
		jv_array_foreach(v, i, name) {
			int t = jv_get_kind(name) == JV_KIND_STRING ? detect_type_lookup(jv_string_value(name)) : -1;
			if (t < 0 && rc == 0) {
				snprintf(err, errlen, "%s: disable: not a built-in type: %s", path,
					 jv_get_kind(name) == JV_KIND_STRING ? jv_string_value(name) : "(not a string)");
				rc = -1;
			} else if (t >= 0) {
				c->dopts.disabled |= 1u << t;
			}
			jv_free(name);
		}
	} else if (jv_get_kind(v) != JV_KIND_NULL) {
		snprintf(err, errlen, "%s: disable must be an array of type names", path);
		rc = -1;
	}
	jv_free(v);
	if (rc)
		goto out;

	v = obj_get(root, "placeholders");
	if (jv_get_kind(v) != JV_KIND_NULL) {
		if (load_placeholders(c, v, inner, sizeof(inner)) < 0) {
			snprintf(err, errlen, "%s: %s", path, inner);
			rc = -1;
			goto out;
		}
	} else {
		jv_free(v);
	}

	v = obj_get(root, "phone");
	if (jv_get_kind(v) != JV_KIND_NULL) {
		if (load_phone(c, v, inner, sizeof(inner)) < 0) {
			snprintf(err, errlen, "%s: %s", path, inner);
			rc = -1;
			goto out;
		}
	} else {
		jv_free(v);
	}

	v = obj_get(root, "record_rules");
	if (jv_get_kind(v) != JV_KIND_NULL) {
		if (load_record_rules(c, v, inner, sizeof(inner)) < 0) {
			snprintf(err, errlen, "%s: %s", path, inner);
			rc = -1;
			goto out;
		}
	} else {
		jv_free(v);
	}

	v = obj_get(root, "allowlist");
	if (jv_get_kind(v) != JV_KIND_NULL) {
		if (load_allowlist(c, v, inner, sizeof(inner)) < 0) {
			snprintf(err, errlen, "%s: %s", path, inner);
			rc = -1;
		}
	} else {
		jv_free(v);
	}
out:
	jv_free(root);
	return rc;
}

/* obj's member key (null when obj is no object or lacks it); obj is kept. */
static jv member(jv obj, const char *key)
{
	if (jv_get_kind(obj) != JV_KIND_OBJECT)
		return jv_null();
	return obj_get(obj, key);
}

#define BASELINE_SHAPE "a baseline is {\"fingerprints\": [...]} (from --write-baseline) or a SARIF report"
#define BASELINE_V1 "%s: a v1 baseline (unkeyed fingerprints) is no longer read; make it again " \
		    "under the fingerprint key: llm-classify --write-baseline NEW over the input it " \
		    "was made from (see llm-classify(1), FINGERPRINTS)"

/* 0 when the baseline's key id (a string, or absent) is this key's. */
static int check_key_id(const struct classify *c, jv id, const char *path, char *err, size_t errlen)
{
	int rc = 0;
	if (jv_get_kind(id) == JV_KIND_STRING) {
		char mine[CLASSIFY_KEY_ID_HEX + 1];
		classify_key_id(c, mine);
		if (strcmp(jv_string_value(id), mine)) {
			snprintf(err, errlen, "%s: made under another fingerprint key (key id %.16s, this key's is %s)",
				 path, jv_string_value(id), mine);
			rc = -1;
		}
	}
	jv_free(id);
	return rc;
}

int classify_load_baseline(struct classify *c, const char *path, char *err, size_t errlen)
{
	memo_forget(c);
	size_t len;
	char *text = read_file(path, &len, err, errlen);
	if (!text)
		return -1;
	jv root = jv_parse_sized(text, (int)len);
	free(text);
	if (!jv_is_valid(root)) {
		jv_free(root);
		snprintf(err, errlen, "%s: baseline is not valid JSON", path);
		return -1;
	}
	if (jv_get_kind(root) != JV_KIND_OBJECT) {
		jv_free(root);
		snprintf(err, errlen, "%s: " BASELINE_SHAPE, path);
		return -1;
	}
	int rc = 0;
	jv fps = member(root, "fingerprints");
	if (jv_get_kind(fps) == JV_KIND_ARRAY) {
		jv ver = member(root, "fingerprint");
		int v2 = jv_get_kind(ver) == JV_KIND_STRING && !strcmp(jv_string_value(ver), CLASSIFY_FP_VERSION);
		jv_free(ver);
		if (!v2) {
			snprintf(err, errlen, BASELINE_V1, path);
			rc = -1;
		} else if (check_key_id(c, member(root, "key_id"), path, err, errlen) < 0) {
			rc = -1;
		} else {
			jv_array_foreach(fps, i, fp) {
				if (jv_get_kind(fp) == JV_KIND_STRING)
					add_fingerprint(c, jv_string_value(fp));
				jv_free(fp);
			}
		}
	} else if (jv_get_kind(fps) == JV_KIND_NULL && jv_object_has(jv_copy(root), jv_string("runs"))) {
		/* A SARIF report: runs[].results[].partialFingerprints */
		size_t v1 = 0, v2 = 0;
		jv runs = member(root, "runs");
		if (jv_get_kind(runs) == JV_KIND_ARRAY) {
			jv_array_foreach(runs, i, run) {
				jv results = jv_null();
				if (jv_get_kind(run) == JV_KIND_OBJECT) {
					jv props = member(run, "properties");
					if (rc == 0 && check_key_id(c, member(props, "llmFingerprintKeyId"), path, err, errlen) < 0)
						rc = -1;
					jv_free(props);
					results = member(run, "results");
				}
				if (jv_get_kind(results) == JV_KIND_ARRAY) {
					jv_array_foreach(results, j, r) {
						jv pf = member(r, "partialFingerprints");
						jv fp = member(pf, CLASSIFY_FP_VERSION), old = member(pf, "llmFingerprint/v1");
						if (jv_get_kind(fp) == JV_KIND_STRING) {
							add_fingerprint(c, jv_string_value(fp));
							v2++;
						} else if (jv_get_kind(old) == JV_KIND_STRING) {
							v1++;
						}
						jv_free(fp);
						jv_free(old);
						jv_free(pf);
						jv_free(r);
					}
				}
				jv_free(results);
				jv_free(run);
			}
		}
		jv_free(runs);
		if (rc == 0 && v1 && !v2) {
			snprintf(err, errlen, BASELINE_V1, path);
			rc = -1;
		}
	} else {
		snprintf(err, errlen, "%s: " BASELINE_SHAPE, path);
		rc = -1;
	}
	jv_free(fps);
	jv_free(root);
	sort_fingerprints(c);
	return rc;
}

static void push_finding(struct classify_result *res, const struct classify_finding *f)
{
	if (res->n == res->alloc) {
		size_t na = res->alloc ? res->alloc * 2 : 8;
		struct classify_finding *nf = realloc(res->f, na * sizeof(*nf));
		if (!nf)
			abort();
		res->f = nf;
		res->alloc = na;
	}
	res->f[res->n++] = *f;
}

void classify_set_key(struct classify *c, const unsigned char key[KEYFILE_LEN])
{
	memo_forget(c);
	fpkey_free(c->key);
	c->key = fpkey_new(key);
}

void classify_fingerprint(const struct classify *c, const char *type, const char *val, size_t n,
			  char out[CLASSIFY_FP_HEX + 1])
{
	fpkey_fingerprint(c->key, type, val, n, out);
}

void classify_key_id(const struct classify *c, char out[CLASSIFY_KEY_ID_HEX + 1])
{
	char fp[FPKEY_HEX + 1];
	fpkey_fingerprint(c->key, "key-id", "", 0, fp);
	memcpy(out, fp, CLASSIFY_KEY_ID_HEX);
	out[CLASSIFY_KEY_ID_HEX] = '\0';
}

void classify_record_id(const struct classify *c, const void *p, size_t n,
			char out[FPKEY_ID_LEN + 1])
{
	fpkey_id(c->key, p, n, out);
}

void classify_record_id_head(const struct classify *c, const void *p, size_t n, size_t head,
			     char out[FPKEY_ID_LEN + 1])
{
	fpkey_id_head(c->key, p, n, head, out);
}

static int re_allowed(const struct classify *c, const char *s, size_t n)
{
	for (size_t i = 0; i < c->nallow_re; i++) {
		const UChar *start = (const UChar *)s, *end = start + n;
		if (onig_search(c->allow_re[i], start, end, start, end, NULL, ONIG_OPTION_NONE) >= 0)
			return 1;
	}
	return 0;
}

/* A short run of ASCII letters and '_' ("role", "content", "user_id"):
 * every object key and enum-like value of a chat record. No built-in type
 * fits one (each needs digits, punctuation, a space or at least 20
 * characters), so the built-in scan is skipped; rules-file detectors still
 * see it. Scanning every string of a record made these most of the calls. */
static int plain_word(const char *s, size_t n)
{
	if (n > 16)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (!((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') && ch != '_')
			return 0;
	}
	return 1;
}

static void scan_fresh(struct classify *c, const char *s, size_t n, const char *path,
		       size_t pathlen, struct classify_result *res)
{
	detect_list_clear(&c->found);
	if (!plain_word(s, n))
		detect_scan(s, n, &c->dopts, &c->found);
	if (c->rules)
		detect_rules_scan(c->rules, s, n, &c->found);
	if (!c->found.n)
		return;
	detect_list_resolve(&c->found);
	for (size_t i = 0; i < c->found.n; i++) {
		const struct detect_finding *d = &c->found.v[i];
		if (d->score < c->threshold || d->end > n || d->start >= d->end)
			continue;
		struct classify_finding f;
		f.type = d->type;
		f.type_name = classify_type_name(c, d->type);
		f.start = d->start;
		f.end = d->end;
		f.score = d->score;
		f.detector = d->detector;
		f.decoded = d->decoded;
		f.placeholder = d->placeholder;
		classify_fingerprint(c, f.type_name, s + d->start, d->end - d->start, f.fp);
		if (fp_allowed(c, f.fp) || re_allowed(c, s + d->start, d->end - d->start)) {
			res->suppressed++;
			continue;
		}
		f.path = strndup(path, pathlen);
		push_finding(res, &f);
	}
}

static void scan_text(struct classify *c, const char *s, size_t n, const char *path,
		      size_t pathlen, struct classify_result *res)
{
	/* a short word no built-in detector fits: nothing to find */
	if (!c->rules && plain_word(s, n))
		return;
	if (!c->memo || n > MEMO_MAX) {
		scan_fresh(c, s, n, path, pathlen, res);
		return;
	}
	struct memo *m = c->memo, *old = m;
	c->memo_clock++;
	for (int i = 0; i < MEMO_SLOTS; i++, m++) {
		if (m->used && m->text.len == n && (!n || !memcmp(m->text.p, s, n))) {
			m->used = c->memo_clock;
			for (size_t k = 0; k < m->n; k++) {
				struct classify_finding f = m->f[k];
				f.path = strndup(path, pathlen);
				push_finding(res, &f);
			}
			res->suppressed += m->suppressed;
			return;
		}
		if (m->used < old->used)
			old = m;
	}
	/* not seen lately: scan it, and remember it in place of the slot
	 * used longest ago */
	size_t n0 = res->n, sup0 = res->suppressed;
	scan_fresh(c, s, n, path, pathlen, res);
	m = old;
	buf_reset(&m->text);
	buf_put(&m->text, s, n);
	m->n = 0;
	if (res->n - n0 > m->alloc) {
		struct classify_finding *nf = realloc(m->f, (res->n - n0) * sizeof(*nf));
		if (!nf)
			abort();
		m->f = nf;
		m->alloc = res->n - n0;
	}
	for (size_t k = n0; k < res->n; k++) {
		m->f[m->n] = res->f[k];
		m->f[m->n++].path = NULL;
	}
	m->suppressed = res->suppressed - sup0;
	m->used = c->memo_clock;
}

void classify_scan_text(struct classify *c, const char *s, size_t n, const char *path,
			struct classify_result *res)
{
	scan_text(c, s, n, path, strlen(path), res);
}

int classify_is_accepted(const struct classify *c, const char *fp)
{
	return fp_allowed(c, fp);
}

static void on_text(void *ctx, const char *path, size_t pathlen, struct json_span str)
{
	struct classify *c = ctx;
	const char *s;
	size_t n;
	/* Every key of a record and most short values: a word scan_text()
	 * would skip, told from the token's bytes (a word has no escapes)
	 * before looking for escapes in it. */
	if (!c->rules && str.n >= 2 && plain_word(str.p + 1, str.n - 2))
		return;
	/* Most strings hold no escapes: analyse them in place. The raw
	 * modes' text comes decoded already. */
	if (c->rec && str.p == c->rec->dec_tok) {
		s = c->rec->dec;
		n = c->rec->dec_n;
	} else if (json_string_is_plain(str)) {
		s = str.p + 1;
		n = str.n - 2;
	} else {
		buf_reset(&c->text);
		json_string_decode(str, &c->text);
		s = c->text.p;
		n = c->text.len;
	}
	scan_text(c, s, n, path, pathlen, c->cur);
}

void classify_result_release(struct classify_result *res)
{
	for (size_t i = 0; i < res->n; i++)
		free(res->f[i].path);
	free(res->f);
	memset(res, 0, sizeof(*res));
}

static void result_clear(struct classify_result *res)
{
	for (size_t i = 0; i < res->n; i++)
		free(res->f[i].path);
	res->n = 0;
	res->suppressed = 0;
	res->outside = 0;
	res->rule = NULL;
}

static int run_record_rules(struct classify *c, const struct record *r, struct classify_result *res,
			    char *err, size_t errlen)
{
	jv rec = jv_parse_sized(r->root.p, (int)r->root.n);
	if (!jv_is_valid(rec)) {
		jv_free(rec);
		snprintf(err, errlen, "record rules: libjq could not parse the record");
		return -1;
	}
	for (size_t i = 0; i < c->nrr; i++) {
		struct record_rule *rr = &c->rr[i];
		char jerr[256];
		int truthy = jqprog_test(rr->jq, jv_copy(rec), jerr, sizeof(jerr));
		if (truthy < 0) {
			snprintf(err, errlen, "record rule \"%s\": %s", rr->name, jerr);
			jv_free(rec);
			return -1;
		}
		if (!truthy)
			continue;
		if (rr->override || rr->cls > res->cls)
			res->cls = rr->cls;
		res->rule = rr->name;
		break; /* the first matching record rule decides */
	}
	jv_free(rec);
	return 0;
}

/* The concrete paths --field reaches, for narrowing what is listed. */
struct field_paths {
	char **v;
	size_t n, alloc;
};

static void add_field_path(void *ctx, const char *path, size_t pathlen, struct json_span str)
{
	struct field_paths *fp = ctx;
	(void)str;
	if (fp->n == fp->alloc) {
		fp->alloc = fp->alloc ? fp->alloc * 2 : 8;
		fp->v = realloc(fp->v, fp->alloc * sizeof(*fp->v));
		if (!fp->v)
			abort();
	}
	fp->v[fp->n++] = strndup(path, pathlen);
}

/* Drops the findings whose string no field reaches; they still counted
 * for the class, which covers every string a backend may be sent. */
static void narrow_to_fields(const struct record *r, const struct jpath *fields, size_t nfields,
			     struct classify_result *res)
{
	struct field_paths fp = { 0 };
	record_texts(r, fields, nfields, add_field_path, &fp);
	size_t k = 0;
	for (size_t i = 0; i < res->n; i++) {
		int keep = 0;
		for (size_t j = 0; j < fp.n && !keep; j++)
			keep = !strcmp(fp.v[j], res->f[i].path);
		if (keep) {
			res->f[k++] = res->f[i];
		} else {
			free(res->f[i].path);
			res->outside++;
		}
	}
	res->n = k;
	for (size_t j = 0; j < fp.n; j++)
		free(fp.v[j]);
	free(fp.v);
}

int classify_record(struct classify *c, const struct record *r, const struct jpath *fields,
		    size_t nfields, struct classify_result *res, char *err, size_t errlen)
{
	result_clear(res);
	c->cur = res;
	c->rec = r;
	/* Every string counts for the class, whatever --field says. */
	record_texts(r, NULL, 0, on_text, c);
	c->cur = NULL;
	c->rec = NULL;
	res->cls = res->n ? DATACLASS_PUBLIC : c->default_class;
	for (size_t i = 0; i < res->n; i++) {
		int cls = classify_finding_class(c, &res->f[i]);
		if (cls > res->cls)
			res->cls = cls;
	}
	if (nfields && res->n)
		narrow_to_fields(r, fields, nfields, res);
	if (c->nrr)
		return run_record_rules(c, r, res, err, errlen);
	return 0;
}

int classify_rules_class(struct classify *c, const struct record *r, int *cls, char *err, size_t errlen)
{
	struct classify_result res = { 0 };
	res.cls = -1;
	*cls = -1;
	if (!c->nrr)
		return 0;
	if (run_record_rules(c, r, &res, err, errlen) < 0)
		return -1;
	if (res.rule)
		for (size_t i = 0; i < c->nrr; i++)
			if (c->rr[i].name == res.rule)
				*cls = c->rr[i].cls;
	return 0;
}

void classify_result_json(const struct classify *c, const struct classify_result *res,
			  struct buf *out)
{
	if (!res->n && !res->rule && !res->suppressed && !res->outside && res->cls >= 0 &&
	    res->cls < DATACLASS_COUNT) {
		/* a record with nothing found (most of them): one copy */
		static const struct {
			const char *s;
			size_t n;
		} empty[DATACLASS_COUNT] = {
#define EMPTY_RESULT(name) { "{\"class\":\"" name "\",\"findings\":[],\"counts\":{}}", \
			     sizeof("{\"class\":\"" name "\",\"findings\":[],\"counts\":{}}") - 1 }
			EMPTY_RESULT("public"), EMPTY_RESULT("internal"), EMPTY_RESULT("confidential"),
			EMPTY_RESULT("restricted"),
#undef EMPTY_RESULT
		};
		buf_put(out, empty[res->cls].s, empty[res->cls].n);
		return;
	}
	buf_puts(out, "{\"class\":\"");
	buf_puts(out, dataclass_name(res->cls));
	buf_puts(out, "\"");
	if (res->rule) {
		buf_puts(out, ",\"rule\":");
		json_escape(out, res->rule, strlen(res->rule));
	}
	buf_puts(out, ",\"findings\":[");
	for (size_t i = 0; i < res->n; i++) {
		const struct classify_finding *f = &res->f[i];
		if (i)
			buf_putc(out, ',');
		buf_puts(out, "{\"type\":");
		json_escape(out, f->type_name, strlen(f->type_name));
		buf_puts(out, ",\"path\":");
		json_escape(out, f->path, strlen(f->path));
		/* no printf per finding: this is every record's output */
		buf_puts(out, ",\"start\":");
		buf_putu(out, f->start);
		buf_puts(out, ",\"end\":");
		buf_putu(out, f->end);
		buf_puts(out, ",\"detector\":");
		json_escape(out, f->detector ? f->detector : "", f->detector ? strlen(f->detector) : 0);
		buf_puts(out, ",\"score\":");
		buf_put_fixed2(out, f->score);
		buf_puts(out, ",\"fingerprint\":\"");
		buf_puts(out, f->fp);
		buf_putc(out, '"');
		if (f->decoded) {
			buf_puts(out, ",\"decoded\":\"");
			buf_puts(out, f->decoded);
			buf_putc(out, '"');
		}
		if (f->placeholder)
			buf_puts(out, ",\"placeholder\":true");
		buf_putc(out, '}');
	}
	buf_puts(out, "],\"counts\":{");
	/* Counts in order of first appearance; few findings per record, so
	 * quadratic is cheaper than any map. */
	int first = 1;
	for (size_t i = 0; i < res->n; i++) {
		size_t j, cnt = 0;
		for (j = 0; j < i; j++)
			if (res->f[j].type == res->f[i].type)
				break;
		if (j < i)
			continue;
		for (j = i; j < res->n; j++)
			cnt += res->f[j].type == res->f[i].type;
		if (!first)
			buf_putc(out, ',');
		first = 0;
		json_escape(out, res->f[i].type_name, strlen(res->f[i].type_name));
		buf_putc(out, ':');
		buf_putu(out, cnt);
	}
	buf_putc(out, '}');
	if (res->suppressed)
		buf_printf(out, ",\"suppressed\":%zu", res->suppressed);
	if (res->outside)
		buf_printf(out, ",\"outside_fields\":%zu", res->outside);
	buf_putc(out, '}');
	(void)c;
}
