/*
 * filter: the input and output stages of llm-filter; see filter.h.
 *
 * A record's texts are handled one at a time: findings are gathered from
 * every source (detectors, injection heuristics, deny lists), allow lists
 * and baselines remove some, and the remaining ones are acted on. Rewrites
 * are collected as record_edit()s so the record's other bytes stay as they
 * were; the verdict is the strongest action taken.
 */
#include "filter/filter.h"

#include <jv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "detect/classify.h"
#include "core/confspec.h"
#include "detect/detect.h"
#include "core/hash.h"
#include "core/keyfile.h"
#include "filter/inject/inject.h"
#include "filter/inject/model.h"
#include "jq/jqprog.h"
#include "core/sarif.h"
#include "filter/vault.h"

enum action {
	ACT_KEEP,
	ACT_MASK,
	ACT_REDACT,
	ACT_HASH,
	ACT_PSEUDONYMIZE,
	ACT_BLOCK,
	ACT_FLAG,   /* reported, changes nothing */
};

static const char *const action_names[] = { "keep", "mask", "redact", "hash", "pseudonymize",
					    "block", "flag" };

static int action_parse(const char *s)
{
	for (int i = 0; i <= ACT_FLAG; i++)
		if (!strcmp(s, action_names[i]))
			return i;
	return -1;
}

struct check {
	char *name;
	struct jqprog *prog;
	int action;   /* ACT_BLOCK or ACT_FLAG */
	char *message;
};

struct finding {
	const char *kind;   /* pii, injection, deny, check, json, schema, max_length, refusal, canary_leak */
	char *type;
	char *path;
	size_t start, end;
	int has_span;
	double score;
	int action;
	char fp[CLASSIFY_FP_HEX + 1];
	char *detail;
	char *token;
};

struct filter {
	int output_stage;
	struct classify *cls;
	int *actions;            /* per classify type */
	int nactions;
	int default_action;
	int *out_actions;
	int out_default_action;
	int inject_enabled;      /* 0 only by "injection": {"enabled": false} */
	double inject_threshold;
	int inject_action;
	struct injmodel *model;  /* the trained classifier; NULL: off */
	double model_threshold;
	struct injmodel_work mw;
	filter_judge_fn judge;   /* asked in the uncertain band; NULL: none */
	void *judge_ctx;
	double judge_lo, judge_hi;
	struct detect_rules *deny, *allow;
	struct check *checks;
	size_t nchecks;
	struct vault *vault;
	long long ttl;
	unsigned char hkey[64];
	int hkeylen;
	int canary, restore, expect_json;
	char *loose[3];          /* key files others may read, NULL-terminated */
	size_t nloose;
	jv schema;               /* jv_invalid() when none */
	long long max_length;
	int refusal_action;
	int canary_action;
	/* per record */
	struct finding *f;
	size_t nf, af;
	struct buf tokens;       /* JSON array body of issued tokens */
	struct classify_result cres;
	struct inject_list inj;
	struct detect_list dl;
	/* the record's injection figures: maxima over its texts */
	double rec_heur, rec_model;
	int rec_detected, rec_scanned;
	struct filter_judgement rec_judge;
	int rec_judged;
};

/* --- configuration --- */

static jv obj_get(jv obj, const char *key)
{
	if (jv_get_kind(obj) != JV_KIND_OBJECT)
		return jv_null();
	jv v = jv_object_get(jv_copy(obj), jv_string(key));
	if (!jv_is_valid(v)) {
		jv_free(v);
		return jv_null();
	}
	return v;
}

static char *read_text(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		snprintf(err, errlen, "cannot open '%s': %m", path);
		return NULL;
	}
	struct buf b = BUF_INIT;
	char tmp[65536];
	size_t k;
	while ((k = fread(tmp, 1, sizeof(tmp), fp)) > 0) {
		buf_put(&b, tmp, k);
		if (b.len > ((size_t)64 << 20)) {
			fclose(fp);
			buf_release(&b);
			snprintf(err, errlen, "'%s' is larger than 64 MiB", path);
			return NULL;
		}
	}
	fclose(fp);
	return buf_detach(&b, len);
}

/*
 * A list file holds one pattern a line; '#' starts a comment line.
 *   word:TEXT   whole words (the default when no prefix is given)
 *   sub:TEXT    anywhere, also inside words
 *   re:REGEX    an Oniguruma regular expression (Perl syntax)
 * Matching ignores case unless the line starts with "case:" (case:word:X).
 * The lines become rules-file detectors, one per line, named FILE:LINE.
 */
static int list_to_rules(struct buf *rules, const char *path, const char *text, size_t n,
			 char *err, size_t errlen)
{
	const char *p = text, *end = text + n;
	int lineno = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		lineno++;
		while (p < le && (*p == ' ' || *p == '\t'))
			p++;
		const char *e = le;
		while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (p < e && *p != '#') {
			int cs = 0, word = 1, re = 0;
			if (e - p > 5 && !strncmp(p, "case:", 5)) {
				cs = 1;
				p += 5;
			}
			if (e - p > 3 && !strncmp(p, "re:", 3)) {
				re = 1;
				p += 3;
			} else if (e - p > 4 && !strncmp(p, "sub:", 4)) {
				word = 0;
				p += 4;
			} else if (e - p > 5 && !strncmp(p, "word:", 5)) {
				p += 5;
			}
			if (p >= e) {
				snprintf(err, errlen, "%s:%d: empty pattern", path, lineno);
				return -1;
			}
			if (rules->len > 1)
				buf_putc(rules, ',');
			struct buf name = BUF_INIT;
			buf_printf(&name, "%s:%d", path, lineno);
			buf_puts(rules, "{\"name\":");
			json_escape(rules, name.p, name.len);
			buf_release(&name);
			buf_puts(rules, re ? ",\"regex\":" : ",\"keywords\":[");
			json_escape(rules, p, (size_t)(e - p));
			if (!re)
				buf_printf(rules, "],\"word\":%s", word ? "true" : "false");
			buf_printf(rules, ",\"case_insensitive\":%s,\"score\":1}", cs ? "false" : "true");
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

static struct detect_rules *load_lists(const char *const *files, size_t nfiles, jv inline_list,
				       const char *what, char *err, size_t errlen)
{
	struct buf rules = BUF_INIT;
	struct detect_rules *r = NULL;
	buf_putc(&rules, '[');
	for (size_t i = 0; i < nfiles; i++) {
		size_t len;
		char *text = read_text(files[i], &len, err, errlen);
		if (!text)
			goto out;
		int rc = list_to_rules(&rules, files[i], text, len, err, errlen);
		free(text);
		if (rc < 0)
			goto out;
	}
	if (jv_get_kind(inline_list) == JV_KIND_ARRAY) {
		struct buf joined = BUF_INIT;
		jv_array_foreach(inline_list, i, item) {
			if (jv_get_kind(item) == JV_KIND_STRING) {
				buf_puts(&joined, jv_string_value(item));
				buf_putc(&joined, '\n');
			}
			jv_free(item);
		}
		int rc = list_to_rules(&rules, what, joined.p ? joined.p : "", joined.len, err, errlen);
		buf_release(&joined);
		if (rc < 0)
			goto out;
	}
	buf_putc(&rules, ']');
	if (rules.len > 2) {
		char inner[400];
		r = detect_rules_new(rules.p, rules.len, inner, sizeof(inner));
		if (!r)
			snprintf(err, errlen, "%s list: %s", what, inner);
	} else {
		err[0] = '\0';
	}
out:
	jv_free(inline_list);
	buf_release(&rules);
	return r;
}

static int set_actions(struct filter *f, int *table, int *deflt, jv obj, const char *where,
		       char *err, size_t errlen)
{
	int rc = 0;
	if (jv_get_kind(obj) == JV_KIND_NULL) {
		jv_free(obj);
		return 0;
	}
	if (jv_get_kind(obj) != JV_KIND_OBJECT) {
		snprintf(err, errlen, "%s must be an object of type: action", where);
		jv_free(obj);
		return -1;
	}
	jv_object_foreach(obj, key, val) {
		const char *k = jv_string_value(key);
		int a = jv_get_kind(val) == JV_KIND_STRING ? action_parse(jv_string_value(val)) : -1;
		if (rc == 0 && (a < 0 || a == ACT_FLAG)) {
			snprintf(err, errlen, "%s.%s: action must be keep, mask, redact, hash, pseudonymize or block",
				 where, k);
			rc = -1;
		} else if (rc == 0 && !strcmp(k, "default")) {
			*deflt = a;
		} else if (rc == 0) {
			int t;
			for (t = 0; t < f->nactions; t++)
				if (!strcmp(classify_type_name(f->cls, t), k))
					break;
			if (t == f->nactions) {
				snprintf(err, errlen, "%s: unknown type \"%s\"", where, k);
				rc = -1;
			} else {
				table[t] = a;
			}
		}
		jv_free(key);
		jv_free(val);
	}
	jv_free(obj);
	return rc;
}

static int add_check(struct filter *f, const char *name, const char *prog, int action,
		     const char *message, char *err, size_t errlen)
{
	char jerr[256];
	struct jqprog *p = jqprog_new(prog, jerr, sizeof(jerr));
	if (!p) {
		snprintf(err, errlen, "check \"%s\": bad jq program: %s", name, jerr);
		return -1;
	}
	f->checks = realloc(f->checks, (f->nchecks + 1) * sizeof(*f->checks));
	if (!f->checks)
		abort();
	struct check *c = &f->checks[f->nchecks++];
	c->name = strdup(name);
	c->prog = p;
	c->action = action;
	c->message = message ? strdup(message) : NULL;
	return 0;
}

static int load_checks(struct filter *f, jv arr, char *err, size_t errlen)
{
	int rc = 0;
	if (jv_get_kind(arr) == JV_KIND_NULL) {
		jv_free(arr);
		return 0;
	}
	if (jv_get_kind(arr) != JV_KIND_ARRAY) {
		jv_free(arr);
		snprintf(err, errlen, "checks must be an array");
		return -1;
	}
	jv_array_foreach(arr, i, c) {
		if (rc == 0) {
			jv name = obj_get(c, "name"), when = obj_get(c, "when");
			jv act = obj_get(c, "action"), msg = obj_get(c, "message");
			char defname[32];
			snprintf(defname, sizeof(defname), "check%d", i + 1);
			int a = jv_get_kind(act) == JV_KIND_STRING ? action_parse(jv_string_value(act)) : ACT_BLOCK;
			if (jv_get_kind(when) != JV_KIND_STRING) {
				snprintf(err, errlen, "checks[%d]: \"when\" must be a jq program", i);
				rc = -1;
			} else if (a != ACT_BLOCK && a != ACT_FLAG) {
				snprintf(err, errlen, "checks[%d]: action must be block or flag", i);
				rc = -1;
			} else {
				rc = add_check(f, jv_get_kind(name) == JV_KIND_STRING ? jv_string_value(name) : defname,
					       jv_string_value(when), a,
					       jv_get_kind(msg) == JV_KIND_STRING ? jv_string_value(msg) : NULL,
					       err, errlen);
			}
			jv_free(name);
			jv_free(when);
			jv_free(act);
			jv_free(msg);
		}
		jv_free(c);
	}
	jv_free(arr);
	return rc;
}

/*
 * The config file, every key of it (man/llm-filter.1, CONFIG FILE), held
 * to this table by confspec before anything is read from it: an unknown
 * key at any depth, a wrong type or a value out of range is a
 * configuration error naming the key. A check is turned off only by
 * saying so ("injection": {"enabled": false}), never by a value that
 * happens to be out of its reach.
 */
static const char *const cfg_actions[] = { "keep", "mask", "redact", "hash", "pseudonymize", "block", NULL };
static const char *const cfg_block_flag[] = { "block", "flag", NULL };

#define CFG_END { NULL, 0, 0, 0, 0, NULL, NULL, NULL }
static const struct confspec cfg_action = { NULL, CONFSPEC_ENUM, 0, 0, 0, cfg_actions, NULL, NULL };
static const struct confspec cfg_pattern = { NULL, CONFSPEC_STRING, 0, 0, 0, NULL, NULL, NULL };
static const struct confspec cfg_injection[] = {
	{ "enabled", CONFSPEC_BOOL, 0, 0, 0, NULL, NULL, NULL },
	/* The combined score is in [0, 1] (inject_list_score()). */
	{ "threshold", CONFSPEC_NUMBER, 0, 0, 1, NULL, NULL, NULL },
	/* A weights file, or "none" (the built-in weights when absent). */
	{ "model", CONFSPEC_STRING, 0, 0, 0, NULL, NULL, NULL },
	{ "model_threshold", CONFSPEC_NUMBER, 0, 0, 1, NULL, NULL, NULL },
	{ "action", CONFSPEC_ENUM, 0, 0, 0, cfg_block_flag, NULL, NULL },
	CFG_END,
};
static const struct confspec cfg_check[] = {
	{ "name", CONFSPEC_STRING, 0, 0, 0, NULL, NULL, NULL },
	{ "when", CONFSPEC_STRING, CONFSPEC_REQUIRED, 0, 0, NULL, NULL, NULL },
	{ "action", CONFSPEC_ENUM, 0, 0, 0, cfg_block_flag, NULL, NULL },
	{ "message", CONFSPEC_STRING, 0, 0, 0, NULL, NULL, NULL },
	CFG_END,
};
static const struct confspec cfg_check_item = { NULL, CONFSPEC_OBJECT, 0, 0, 0, NULL, cfg_check, NULL };
static const struct confspec cfg_vault[] = {
	{ "path", CONFSPEC_STRING, 0, 0, 0, NULL, NULL, NULL },
	{ "key_file", CONFSPEC_STRING, 0, 0, 0, NULL, NULL, NULL },
	{ "ttl_days", CONFSPEC_NUMBER, CONFSPEC_MIN_OPEN, 0, 36500, NULL, NULL, NULL },
	CFG_END,
};
#define CFG_ACTIONS(key) { key, CONFSPEC_MAP, CONFSPEC_EMPTY_OK, 0, 0, NULL, &cfg_action, "not a finding type, nor default" }
static const struct confspec cfg_output[] = {
	CFG_ACTIONS("actions"),
	{ "max_length", CONFSPEC_NUMBER, CONFSPEC_INT, 1, 1e15, NULL, NULL, NULL },
	{ "refusal", CONFSPEC_ENUM, 0, 0, 0, cfg_block_flag, NULL, NULL },
	{ "expect_json", CONFSPEC_BOOL, 0, 0, 0, NULL, NULL, NULL },
	{ "schema", CONFSPEC_ANY_OBJECT, 0, 0, 0, NULL, NULL, NULL },
	{ "canary", CONFSPEC_ENUM, 0, 0, 0, cfg_block_flag, NULL, NULL },
	CFG_END,
};
static const struct confspec cfg_members[] = {
	{ "version", CONFSPEC_NUMBER, CONFSPEC_INT, 1, 1, NULL, NULL, NULL },
	{ "description", CONFSPEC_STRING, CONFSPEC_EMPTY_OK, 0, 0, NULL, NULL, NULL },
	CFG_ACTIONS("actions"),
	{ "injection", CONFSPEC_OBJECT, 0, 0, 0, NULL, cfg_injection, NULL },
	{ "deny", CONFSPEC_ARRAY, CONFSPEC_EMPTY_OK, 0, 0, NULL, &cfg_pattern, NULL },
	{ "allow", CONFSPEC_ARRAY, CONFSPEC_EMPTY_OK, 0, 0, NULL, &cfg_pattern, NULL },
	{ "checks", CONFSPEC_ARRAY, CONFSPEC_EMPTY_OK, 0, 0, NULL, &cfg_check_item, NULL },
	{ "vault", CONFSPEC_OBJECT, 0, 0, 0, NULL, cfg_vault, NULL },
	{ "hash_key_file", CONFSPEC_STRING, 0, 0, 0, NULL, NULL, NULL },
	{ "output", CONFSPEC_OBJECT, 0, 0, 0, NULL, cfg_output, NULL },
	CFG_END,
};
static const struct confspec cfg_spec = { NULL, CONFSPEC_OBJECT, 0, 0, 0, NULL, cfg_members, NULL };

const struct confspec *filter_config_spec(void)
{
	return &cfg_spec;
}

/* The keys of an actions map: the finding types (rules files add theirs)
 * and "default". */
static int cfg_action_key(void *ctx, const struct confspec *map, const char *key)
{
	const struct filter *f = ctx;
	if (!strcmp(key, "default"))
		return 1;
	for (int t = 0; t < f->nactions; t++)
		if (!strcmp(classify_type_name(f->cls, t), key))
			return 1;
	return 0;
}

struct filter *filter_new(const struct filter_opts *o, char *err, size_t errlen)
{
	struct filter *f = calloc(1, sizeof(*f));
	jv cfg = jv_object();
	char inner[512];
	if (!f)
		abort();
	f->output_stage = o->output_stage;
	f->schema = jv_invalid();
	f->cls = classify_new();
	if (o->fp_key)
		classify_set_key(f->cls, o->fp_key);
	classify_set_decode(f->cls, o->decode);
	if (o->rules && classify_load_rules(f->cls, o->rules, err, errlen) < 0)
		goto bad;
	for (size_t i = 0; i < o->nbaselines; i++)
		if (classify_load_baseline(f->cls, o->baselines[i], err, errlen) < 0)
			goto bad;
	f->nactions = classify_ntypes(f->cls);
	f->actions = malloc((size_t)f->nactions * sizeof(int));
	f->out_actions = malloc((size_t)f->nactions * sizeof(int));
	f->default_action = f->out_default_action = ACT_MASK;
	f->inject_threshold = INJECT_DEFAULT_THRESHOLD;
	f->inject_action = ACT_BLOCK;
	f->refusal_action = ACT_FLAG;
	f->canary_action = ACT_BLOCK;
	f->ttl = o->ttl;
	for (int t = 0; t < f->nactions; t++)
		f->actions[t] = f->out_actions[t] = -1;

	if (o->config) {
		size_t len;
		char *text = read_text(o->config, &len, err, errlen);
		if (!text)
			goto bad;
		size_t at;
		if (json_has_duplicate(text, len, &at)) {
			free(text);
			snprintf(err, errlen, "config %s: a key is repeated at byte %zu (libjq would keep the last one "
				 "silently)", o->config, at);
			goto bad;
		}
		jv_free(cfg);
		cfg = jv_parse_sized(text, (int)len);
		free(text);
		if (!jv_is_valid(cfg) || jv_get_kind(cfg) != JV_KIND_OBJECT) {
			snprintf(err, errlen, "config %s: not a JSON object", o->config);
			goto bad;
		}
		if (confspec_check(&cfg_spec, cfg, cfg_action_key, f, inner, sizeof(inner)) < 0) {
			snprintf(err, errlen, "config %s: %s", o->config, inner);
			goto bad;
		}
	}
	const char *where = o->config ? o->config : "defaults";
	snprintf(inner, sizeof(inner), "%s: actions", where);
	if (set_actions(f, f->actions, &f->default_action, obj_get(cfg, "actions"), inner, err, errlen) < 0)
		goto bad;
	/* From here on every value has its type and range (cfg_spec). */
	jv out = obj_get(cfg, "output");
	if (jv_get_kind(out) == JV_KIND_OBJECT) {
		snprintf(inner, sizeof(inner), "%s: output.actions", where);
		if (set_actions(f, f->out_actions, &f->out_default_action, obj_get(out, "actions"), inner,
				err, errlen) < 0) {
			jv_free(out);
			goto bad;
		}
		jv v = obj_get(out, "max_length");
		if (jv_get_kind(v) == JV_KIND_NUMBER)
			f->max_length = (long long)jv_number_value(v);
		jv_free(v);
		v = obj_get(out, "refusal");
		if (jv_get_kind(v) == JV_KIND_STRING)
			f->refusal_action = action_parse(jv_string_value(v));
		jv_free(v);
		v = obj_get(out, "canary");
		if (jv_get_kind(v) == JV_KIND_STRING)
			f->canary_action = action_parse(jv_string_value(v));
		jv_free(v);
		v = obj_get(out, "expect_json");
		f->expect_json = jv_get_kind(v) == JV_KIND_TRUE;
		jv_free(v);
		v = obj_get(out, "schema");
		if (jv_get_kind(v) == JV_KIND_OBJECT) {
			f->schema = v;
			f->expect_json = 1;
		} else {
			jv_free(v);
		}
	}
	jv_free(out);

	jv inj = obj_get(cfg, "injection");
	jv v = obj_get(inj, "enabled");
	f->inject_enabled = jv_get_kind(v) != JV_KIND_FALSE;
	jv_free(v);
	v = obj_get(inj, "threshold");
	if (jv_get_kind(v) == JV_KIND_NUMBER)
		f->inject_threshold = jv_number_value(v);
	jv_free(v);
	v = obj_get(inj, "action");
	if (jv_get_kind(v) == JV_KIND_STRING)
		f->inject_action = action_parse(jv_string_value(v));
	jv_free(v);
	/* --threshold on the command line wins over the file, "enabled" too. */
	if (o->threshold >= 0)
		f->inject_enabled = 1;
	if (o->threshold >= 0)
		f->inject_threshold = o->threshold;

	/* The trained classifier: on by default with the built-in weights. */
	f->model_threshold = INJECT_MODEL_DEFAULT_THRESHOLD;
	v = obj_get(inj, "model_threshold");
	if (jv_get_kind(v) == JV_KIND_NUMBER)
		f->model_threshold = jv_number_value(v);
	jv_free(v);
	if (o->model_threshold > 0)
		f->model_threshold = o->model_threshold;
	jv mpath = obj_get(inj, "model");
	const char *model = o->model;
	if (!model && jv_get_kind(mpath) == JV_KIND_STRING)
		model = jv_string_value(mpath);
	if (!f->output_stage && f->inject_enabled && !(model && !strcmp(model, "none"))) {
		f->model = model ? injmodel_open(model, inner, sizeof(inner))
				 : injmodel_default(inner, sizeof(inner));
		if (!f->model) {
			snprintf(err, errlen, "%s", inner);
			jv_free(mpath);
			jv_free(inj);
			goto bad;
		}
	}
	jv_free(mpath);
	jv_free(inj);
	f->judge = o->judge;
	f->judge_ctx = o->judge_ctx;
	f->judge_lo = o->judge_lo;
	f->judge_hi = o->judge_hi;

	for (size_t i = 0; i < o->nactions; i++) {
		const char *eq = strchr(o->actions[i], '=');
		jv one = jv_object();
		if (!eq) {
			snprintf(err, errlen, "--action wants TYPE=ACTION, not '%s'", o->actions[i]);
			jv_free(one);
			goto bad;
		}
		one = jv_object_set(one, jv_string_sized(o->actions[i], (int)(eq - o->actions[i])),
				    jv_string(eq + 1));
		if (set_actions(f, o->output_stage ? f->out_actions : f->actions,
				o->output_stage ? &f->out_default_action : &f->default_action, one,
				"--action", err, errlen) < 0)
			goto bad;
	}
	for (int t = 0; t < f->nactions; t++) {
		if (f->actions[t] < 0)
			f->actions[t] = f->default_action;
		if (f->out_actions[t] < 0)
			f->out_actions[t] = f->out_default_action;
	}

	err[0] = '\0';
	f->deny = load_lists(o->deny, o->ndeny, obj_get(cfg, "deny"), "deny", err, errlen);
	if (!f->deny && err[0])
		goto bad;
	f->allow = load_lists(o->allow, o->nallow, obj_get(cfg, "allow"), "allow", err, errlen);
	if (!f->allow && err[0])
		goto bad;
	if (load_checks(f, obj_get(cfg, "checks"), err, errlen) < 0)
		goto bad;
	for (size_t i = 0; i < o->nchecks; i++) {
		char name[32];
		snprintf(name, sizeof(name), "check%zu", f->nchecks + 1);
		if (add_check(f, name, o->checks[i], ACT_BLOCK, NULL, err, errlen) < 0)
			goto bad;
	}

	/* Keys and the vault: options win over the config file. */
	jv vcfg = obj_get(cfg, "vault");
	const char *vpath = o->vault, *vkey = o->vault_key;
	jv jvpath = obj_get(vcfg, "path"), jvkey = obj_get(vcfg, "key_file"), jttl = obj_get(vcfg, "ttl_days");
	if (jv_get_kind(vcfg) != JV_KIND_OBJECT && jv_get_kind(vcfg) != JV_KIND_NULL) {
		snprintf(err, errlen, "%s: vault must be an object", where);
	}
	if (!vpath && jv_get_kind(jvpath) == JV_KIND_STRING)
		vpath = jv_string_value(jvpath);
	if (!vkey && jv_get_kind(jvkey) == JV_KIND_STRING)
		vkey = jv_string_value(jvkey);
	if (!f->ttl && jv_get_kind(jttl) == JV_KIND_NUMBER)
		f->ttl = (long long)(jv_number_value(jttl) * 86400);
	int need_vault = o->restore;
	for (int t = 0; t < f->nactions; t++)
		need_vault |= f->actions[t] == ACT_PSEUDONYMIZE || f->out_actions[t] == ACT_PSEUDONYMIZE;
	if (need_vault || vpath) {
		if (!vpath || !vkey) {
			snprintf(err, errlen, "pseudonymize and --restore need a vault: --vault FILE and --vault-key FILE");
			jv_free(jvpath);
			jv_free(jvkey);
			jv_free(jttl);
			jv_free(vcfg);
			goto bad;
		}
		f->vault = vault_open(vpath, vkey, inner, sizeof(inner));
		if (!f->vault)
			snprintf(err, errlen, "vault '%s': %s", vpath, inner);
		else if (vault_key_loose(f->vault))
			f->loose[f->nloose++] = strdup(vkey);
	}
	jv_free(jvpath);
	jv_free(jvkey);
	jv_free(jttl);
	jv_free(vcfg);
	if (need_vault && !f->vault)
		goto bad;

	const char *hk = o->hash_key;
	jv jhk = obj_get(cfg, "hash_key_file");
	if (!hk && jv_get_kind(jhk) == JV_KIND_STRING)
		hk = jv_string_value(jhk);
	int need_hash = 0;
	for (int t = 0; t < f->nactions; t++)
		need_hash |= f->actions[t] == ACT_HASH || f->out_actions[t] == ACT_HASH;
	if (need_hash && !hk) {
		jv_free(jhk);
		snprintf(err, errlen, "the hash action needs a key: --hash-key FILE");
		goto bad;
	}
	if (hk && (f->hkeylen = hash_read_key(hk, f->hkey, sizeof(f->hkey), err, errlen)) < 0) {
		jv_free(jhk);
		goto bad;
	}
	if (hk && keyfile_is_loose(hk))
		f->loose[f->nloose++] = strdup(hk);
	jv_free(jhk);

	f->canary = o->canary;
	f->restore = o->restore;
	if (o->expect_json)
		f->expect_json = 1;
	if (o->max_length)
		f->max_length = o->max_length;
	if (o->schema) {
		size_t len;
		char *text = read_text(o->schema, &len, err, errlen);
		if (!text)
			goto bad;
		jv s = jv_parse_sized(text, (int)len);
		free(text);
		if (!jv_is_valid(s) || jv_get_kind(s) != JV_KIND_OBJECT) {
			jv_free(s);
			snprintf(err, errlen, "%s: a schema is a JSON object", o->schema);
			goto bad;
		}
		jv_free(f->schema);
		f->schema = s;
		f->expect_json = 1;
	}
	jv_free(cfg);
	return f;
bad:
	jv_free(cfg);
	filter_free(f);
	return NULL;
}

static void findings_clear(struct filter *f)
{
	for (size_t i = 0; i < f->nf; i++) {
		free(f->f[i].type);
		free(f->f[i].path);
		free(f->f[i].detail);
		free(f->f[i].token);
	}
	f->nf = 0;
}

void filter_free(struct filter *f)
{
	if (!f)
		return;
	findings_clear(f);
	free(f->f);
	for (size_t i = 0; i < f->nloose; i++)
		free(f->loose[i]);
	classify_free(f->cls);
	classify_result_release(&f->cres);
	free(f->actions);
	free(f->out_actions);
	detect_rules_free(f->deny);
	detect_rules_free(f->allow);
	for (size_t i = 0; i < f->nchecks; i++) {
		free(f->checks[i].name);
		free(f->checks[i].message);
		jqprog_free(f->checks[i].prog);
	}
	free(f->checks);
	vault_close(f->vault);
	jv_free(f->schema);
	buf_release(&f->tokens);
	inject_list_release(&f->inj);
	injmodel_free(f->model);
	injmodel_work_release(&f->mw);
	detect_list_release(&f->dl);
	memset(f->hkey, 0, sizeof(f->hkey));
	free(f);
}

int filter_begin(struct filter *f, char *err, size_t errlen)
{
	return f->vault ? vault_begin(f->vault, err, errlen) : 0;
}

int filter_commit(struct filter *f, char *err, size_t errlen)
{
	return f->vault ? vault_commit(f->vault, err, errlen) : 0;
}

long filter_vault_purge(struct filter *f, char *err, size_t errlen)
{
	size_t removed = 0;
	if (!f->vault) {
		snprintf(err, errlen, "--vault-purge needs --vault and --vault-key");
		return -1;
	}
	if (vault_purge(f->vault, (long long)time(NULL), &removed, err, errlen) < 0)
		return -1;
	return (long)removed;
}

/* --- per record --- */

static struct finding *add_finding(struct filter *f, const char *kind, const char *type,
				   const char *path)
{
	if (f->nf == f->af) {
		f->af = f->af ? f->af * 2 : 16;
		f->f = realloc(f->f, f->af * sizeof(*f->f));
		if (!f->f)
			abort();
	}
	struct finding *x = &f->f[f->nf++];
	memset(x, 0, sizeof(*x));
	x->kind = kind;
	x->type = strdup(type);
	x->path = path ? strdup(path) : NULL;
	x->score = 1;
	return x;
}

static int overlaps(size_t a0, size_t a1, size_t b0, size_t b1)
{
	return a0 < b1 && b0 < a1;
}

static void put_token(struct filter *f, const char *tok)
{
	if (f->tokens.len)
		buf_putc(&f->tokens, ',');
	json_escape(&f->tokens, tok, strlen(tok));
}

static void upper_label(const char *type, char *out, size_t cap)
{
	size_t i = 0;
	for (; type[i] && i + 1 < cap; i++)
		out[i] = (type[i] >= 'a' && type[i] <= 'z') ? (char)(type[i] - 32) : type[i];
	out[i] = '\0';
}

/* The replacement text for one finding's value; returns 0, or -1 (vault error). */
static int replacement(struct filter *f, int action, const char *type, const char *val, size_t n,
		       struct buf *out, struct finding *x, char *err, size_t errlen)
{
	char label[64];
	upper_label(type, label, sizeof(label));
	switch (action) {
	case ACT_MASK:
		buf_printf(out, "[%s]", label);
		return 0;
	case ACT_REDACT:
		return 0;
	case ACT_HASH: {
		unsigned char h[HASH_SHA256_LEN];
		char hex[2 * HASH_SHA256_LEN + 1];
		hash_hmac_sha256(f->hkey, (size_t)f->hkeylen, val, n, h);
		hash_hex(h, 8, hex);
		buf_printf(out, "[%s:%s]", label, hex);
		return 0;
	}
	case ACT_PSEUDONYMIZE: {
		struct buf tok = BUF_INIT;
		if (vault_pseudonymize(f->vault, label, val, n, f->ttl, &tok, err, errlen) < 0) {
			buf_release(&tok);
			return -1;
		}
		buf_put(out, tok.p, tok.len);
		x->token = strdup(tok.p);
		put_token(f, tok.p);
		buf_release(&tok);
		return 0;
	}
	default:
		buf_put(out, val, n);
		return 0;
	}
}

static int cmp_finding_start(const void *a, const void *b)
{
	const struct classify_finding *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* Runs every text-level check on s[0, n) (at path) and builds the rewritten
 * text in out; returns 1 when the text changed, 0 when not, -1 on error. */
static int filter_text(struct filter *f, const struct record *r, const char *path, const char *s,
		       size_t n, struct buf *out, char *err, size_t errlen)
{
	int *acts = f->output_stage ? f->out_actions : f->actions;
	size_t first = f->cres.n;

	/* PII and secrets. The detectors always run: _llm.classify on the
	 * input is not evidence (a forged one without findings must not turn
	 * redaction off), and taking its findings saved nothing measurable. */
	classify_scan_text(f->cls, s, n, path, &f->cres);
	size_t last = f->cres.n;

	/* Allow-listed spans exempt every finding that overlaps them. */
	detect_list_clear(&f->dl);
	if (f->allow)
		detect_rules_scan(f->allow, s, n, &f->dl);
	size_t nallow = f->dl.n;

	if (f->deny)
		detect_rules_scan(f->deny, s, n, &f->dl);
	for (size_t i = nallow; i < f->dl.n; i++) {
		const struct detect_finding *d = &f->dl.v[i];
		int allowed = 0;
		for (size_t k = 0; k < nallow; k++)
			allowed |= overlaps(d->start, d->end, f->dl.v[k].start, f->dl.v[k].end);
		if (allowed)
			continue;
		struct finding *x = add_finding(f, "deny", detect_rules_type_name(f->deny, d->type), path);
		x->start = d->start;
		x->end = d->end;
		x->has_span = 1;
		x->action = ACT_BLOCK;
		classify_fingerprint(f->cls, "deny", s + d->start, d->end - d->start, x->fp);
	}

	if (!f->output_stage && f->inject_enabled) {
		size_t ms0 = 0, ms1 = 0;
		double ms = 0;
		inject_list_clear(&f->inj);
		if (f->model)
			ms = inject_scan_model(s, n, &f->inj, f->model, &f->mw, &ms0, &ms1);
		else
			inject_scan(s, n, &f->inj);
		double hs = f->inj.n ? inject_list_score(&f->inj) : 0;
		int hit = f->inj.n && hs >= f->inject_threshold;
		f->rec_scanned = 1;
		if (hs > f->rec_heur)
			f->rec_heur = hs;
		if (f->model) {
			if (ms > f->rec_model)
				f->rec_model = ms;
			int mhit = ms >= f->model_threshold;
			/* The judge settles what neither check is sure of. */
			/* (not for a text too short for the classifier to score) */
			if (!hit && f->judge && f->mw.ntok >= INJMODEL_MIN_TOKENS && ms >= f->judge_lo &&
			    ms < f->judge_hi) {
				struct filter_judgement j;
				memset(&j, 0, sizeof(j));
				f->judge(f->judge_ctx, s, n, &j);
				if (!f->rec_judged || (j.decided && j.p_injection > f->rec_judge.p_injection))
					f->rec_judge = j, f->rec_judged = 1;
				if (j.decided)
					mhit = j.p_injection >= 0.5;
			}
			if (mhit) {
				int allowed = 0;
				for (size_t k = 0; k < nallow; k++)
					allowed |= overlaps(ms0, ms1, f->dl.v[k].start, f->dl.v[k].end);
				if (!allowed) {
					struct finding *x = add_finding(f, "injection", "model", path);
					x->start = ms0;
					x->end = ms1;
					x->has_span = 1;
					x->score = ms;
					x->action = f->inject_action;
					f->rec_detected = 1;
				}
			}
		}
		if (hit) {
			f->rec_detected = 1;
			for (size_t i = 0; i < f->inj.n; i++) {
				const struct inject_finding *d = &f->inj.v[i];
				int allowed = 0;
				for (size_t k = 0; k < nallow; k++)
					allowed |= overlaps(d->start, d->end, f->dl.v[k].start, f->dl.v[k].end);
				if (allowed)
					continue;
				struct finding *x = add_finding(f, "injection", d->heuristic, path);
				x->start = d->start;
				x->end = d->end;
				x->has_span = 1;
				x->score = d->score;
				x->action = f->inject_action;
				if (d->detail)
					x->detail = strdup(d->detail);
			}
		}
	}

	/* Act on the PII findings, in order; they do not overlap (resolved). */
	if (last > first)
		qsort(f->cres.f + first, last - first, sizeof(*f->cres.f), cmp_finding_start);
	size_t pos = 0;
	int changed = 0;
	for (size_t i = first; i < last; i++) {
		struct classify_finding *cf = &f->cres.f[i];
		int allowed = 0;
		for (size_t k = 0; k < nallow; k++)
			allowed |= overlaps(cf->start, cf->end, f->dl.v[k].start, f->dl.v[k].end);
		if (allowed || cf->start < pos)
			continue;
		int a = acts[cf->type];
		struct finding *x = add_finding(f, "pii", cf->type_name, path);
		x->start = cf->start;
		x->end = cf->end;
		x->has_span = 1;
		x->score = cf->score;
		x->action = a;
		memcpy(x->fp, cf->fp, sizeof(x->fp));
		if (a == ACT_KEEP || a == ACT_BLOCK)
			continue;
		buf_put(out, s + pos, cf->start - pos);
		if (replacement(f, a, cf->type_name, s + cf->start, cf->end - cf->start, out, x, err,
				errlen) < 0)
			return -1;
		pos = cf->end;
		changed = 1;
	}
	if (changed)
		buf_put(out, s + pos, n - pos);
	return changed;
}

/* --- output-stage checks --- */

static const char *const refusals[] = {
	"i'm sorry, but i can't", "i am sorry, but i cannot", "i'm sorry, but i cannot",
	"i can't help with", "i cannot help with", "i can't assist with", "i cannot assist with",
	"i'm unable to help", "i am unable to help", "i'm not able to help", "i can't provide",
	"i cannot provide", "i won't be able to", "i must decline", "i cannot comply",
	"i can't comply", "as an ai language model", "i'm not comfortable", NULL
};

static const char *find_refusal(const char *s, size_t n, size_t *at)
{
	/* Refusals open the answer; looking at the head keeps quotes of such
	 * phrases later in a long answer from counting. */
	size_t lim = n < 400 ? n : 400;
	char head[401];
	for (size_t i = 0; i < lim; i++) {
		char c = s[i];
		head[i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
		if ((unsigned char)c == 0xE2 && i + 2 < lim && (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] == 0x99)
			head[i] = '\'';  /* typographic apostrophe, folded below */
	}
	head[lim] = '\0';
	/* fold "’" (3 bytes) to "'" */
	char folded[401];
	size_t k = 0;
	size_t map[401];
	for (size_t i = 0; i < lim; i++) {
		map[k] = i;
		folded[k++] = head[i];
		if (head[i] == '\'' && (unsigned char)s[i] == 0xE2)
			i += 2;
	}
	folded[k] = '\0';
	for (int i = 0; refusals[i]; i++) {
		const char *p = strstr(folded, refusals[i]);
		if (p) {
			*at = map[p - folded];
			return refusals[i];
		}
	}
	return NULL;
}

static size_t utf8_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

static const char *jv_kind_schema_name(jv v)
{
	switch (jv_get_kind(v)) {
	case JV_KIND_NULL: return "null";
	case JV_KIND_TRUE: case JV_KIND_FALSE: return "boolean";
	case JV_KIND_NUMBER: {
		double d = jv_number_value(v);
		return d == (double)(long long)d ? "integer" : "number";
	}
	case JV_KIND_STRING: return "string";
	case JV_KIND_ARRAY: return "array";
	case JV_KIND_OBJECT: return "object";
	default: return "invalid";
	}
}

static int type_ok(jv v, const char *want)
{
	const char *have = jv_kind_schema_name(v);
	return !strcmp(have, want) || (!strcmp(want, "number") && !strcmp(have, "integer"));
}

/* The JSON-schema subset: type, required, properties, items, enum. Returns
 * 0 when v conforms, else -1 with the first violation (and its path). */
static int schema_check(jv schema, jv v, struct buf *path, char *err, size_t errlen)
{
	int rc = 0;
	jv t = obj_get(schema, "type");
	if (jv_get_kind(t) == JV_KIND_STRING && !type_ok(v, jv_string_value(t))) {
		snprintf(err, errlen, "%s: expected %s, got %s", path->len ? path->p : ".",
			 jv_string_value(t), jv_kind_schema_name(v));
		rc = -1;
	} else if (jv_get_kind(t) == JV_KIND_ARRAY) {
		int ok = 0;
		jv_array_foreach(t, i, one) {
			if (jv_get_kind(one) == JV_KIND_STRING && type_ok(v, jv_string_value(one)))
				ok = 1;
			jv_free(one);
		}
		if (!ok) {
			snprintf(err, errlen, "%s: type %s not allowed", path->len ? path->p : ".",
				 jv_kind_schema_name(v));
			rc = -1;
		}
	}
	jv_free(t);
	if (rc) {
		jv_free(v);
		return rc;
	}
	jv en = obj_get(schema, "enum");
	if (jv_get_kind(en) == JV_KIND_ARRAY) {
		int ok = 0;
		jv_array_foreach(en, i, one) {
			if (jv_equal(jv_copy(one), jv_copy(v)))
				ok = 1;
			jv_free(one);
		}
		if (!ok) {
			snprintf(err, errlen, "%s: value not in enum", path->len ? path->p : ".");
			rc = -1;
		}
	}
	jv_free(en);
	if (rc) {
		jv_free(v);
		return rc;
	}
	if (jv_get_kind(v) == JV_KIND_OBJECT) {
		jv req = obj_get(schema, "required");
		if (jv_get_kind(req) == JV_KIND_ARRAY) {
			jv_array_foreach(req, i, k) {
				if (rc == 0 && jv_get_kind(k) == JV_KIND_STRING &&
				    !jv_object_has(jv_copy(v), jv_copy(k))) {
					snprintf(err, errlen, "%s: missing required \"%s\"", path->len ? path->p : ".",
						 jv_string_value(k));
					rc = -1;
				}
				jv_free(k);
			}
		}
		jv_free(req);
		jv props = obj_get(schema, "properties");
		if (rc == 0 && jv_get_kind(props) == JV_KIND_OBJECT) {
			jv_object_foreach(props, k, sub) {
				if (rc == 0 && jv_object_has(jv_copy(v), jv_copy(k))) {
					size_t mark = path->len;
					jpath_append_key(path, jv_string_value(k), (size_t)jv_string_length_bytes(jv_copy(k)));
					jv child = jv_object_get(jv_copy(v), jv_copy(k));
					rc = schema_check(sub, child, path, err, errlen);
					buf_truncate(path, mark);
				}
				jv_free(k);
				jv_free(sub);
			}
		}
		jv_free(props);
	} else if (jv_get_kind(v) == JV_KIND_ARRAY) {
		jv items = obj_get(schema, "items");
		if (jv_get_kind(items) == JV_KIND_OBJECT) {
			jv_array_foreach(v, i, el) {
				if (rc == 0) {
					size_t mark = path->len;
					buf_printf(path, "[%d]", i);
					rc = schema_check(items, jv_copy(el), path, err, errlen);
					buf_truncate(path, mark);
				}
				jv_free(el);
			}
		}
		jv_free(items);
	}
	jv_free(v);
	return rc;
}

static void output_checks(struct filter *f, const struct record *r, const char *s, size_t n)
{
	const char *path = "._llm.infer.output";
	struct json_span prev = record_llm_get(r, "filter");
	struct json_span canary = json_object_get(prev, "canary");
	if (canary.type == JSON_STRING && json_string_is_plain(canary) && canary.n > 2) {
		const char *hit = memmem(s, n, canary.p + 1, canary.n - 2);
		if (hit) {
			struct finding *x = add_finding(f, "canary_leak", "canary_leak", path);
			x->start = (size_t)(hit - s);
			x->end = x->start + canary.n - 2;
			x->has_span = 1;
			x->action = f->canary_action;
		}
	}
	size_t at;
	const char *phrase = find_refusal(s, n, &at);
	if (phrase) {
		struct finding *x = add_finding(f, "refusal", "refusal", path);
		x->start = at;
		x->end = at + strlen(phrase);
		if (x->end > n)
			x->end = n;
		x->has_span = 1;
		x->action = f->refusal_action;
		x->detail = strdup(phrase);
	}
	if (f->max_length > 0) {
		size_t chars = utf8_chars(s, n);
		if (chars > (size_t)f->max_length) {
			struct finding *x = add_finding(f, "max_length", "max_length", path);
			x->action = ACT_BLOCK;
			char d[96];
			snprintf(d, sizeof(d), "%zu characters, more than %lld", chars, f->max_length);
			x->detail = strdup(d);
		}
	}
	if (f->expect_json) {
		jv v = jv_parse_sized(s, (int)n);
		if (!jv_is_valid(v)) {
			jv msg = jv_invalid_get_msg(v);
			struct finding *x = add_finding(f, "json", "invalid_json", path);
			x->action = ACT_BLOCK;
			x->detail = strdup(jv_get_kind(msg) == JV_KIND_STRING ? jv_string_value(msg) : "not JSON");
			jv_free(msg);
		} else if (jv_is_valid(f->schema)) {
			char e[300];
			struct buf p = BUF_INIT;
			if (schema_check(f->schema, v, &p, e, sizeof(e)) < 0) {
				struct finding *x = add_finding(f, "schema", "schema", path);
				x->action = ACT_BLOCK;
				x->detail = strdup(e);
			}
			buf_release(&p);
		} else {
			jv_free(v);
		}
	}
}

static int run_checks(struct filter *f, const struct record *r, char *err, size_t errlen)
{
	if (!f->nchecks)
		return 0;
	jv rec = jv_parse_sized(r->root.p, (int)r->root.n);
	if (!jv_is_valid(rec)) {
		jv_free(rec);
		snprintf(err, errlen, "checks: libjq could not parse the record");
		return -1;
	}
	for (size_t i = 0; i < f->nchecks; i++) {
		char jerr[256];
		int t = jqprog_test(f->checks[i].prog, jv_copy(rec), jerr, sizeof(jerr));
		if (t < 0) {
			snprintf(err, errlen, "check \"%s\": %s", f->checks[i].name, jerr);
			jv_free(rec);
			return -1;
		}
		if (t) {
			struct finding *x = add_finding(f, "check", f->checks[i].name, NULL);
			x->action = f->checks[i].action;
			if (f->checks[i].message)
				x->detail = strdup(f->checks[i].message);
		}
	}
	jv_free(rec);
	return 0;
}

struct text_ctx {
	struct filter *f;
	const struct record *r;
	struct record_edit *edits;
	struct buf *bufs;      /* bufs[i] holds the new text of edits[i] */
	size_t nedits, cap;
	char *err;
	size_t errlen;
	int failed;
	int canary_done;
	const char *canary;
	const char *canary_at;  /* the string token the canary goes in front of */
};

/* The canary goes in front of the first text the model will read: the
 * prompt's first text (see record_prompt_texts), else the first string. */
static void first_prompt_text(void *ctx, const char *path, size_t pathlen, struct json_span str)
{
	const char **at = ctx;
	(void)path;
	(void)pathlen;
	if (!*at)
		*at = str.p;
}

static struct buf *new_edit(struct text_ctx *tc, struct json_span span)
{
	if (tc->nedits == tc->cap) {
		tc->cap = tc->cap ? tc->cap * 2 : 4;
		tc->edits = realloc(tc->edits, tc->cap * sizeof(*tc->edits));
		tc->bufs = realloc(tc->bufs, tc->cap * sizeof(*tc->bufs));
		if (!tc->edits || !tc->bufs)
			abort();
	}
	tc->edits[tc->nedits].span = span;
	buf_init(&tc->bufs[tc->nedits]);
	return &tc->bufs[tc->nedits++];
}

static void text_ctx_release(struct text_ctx *tc)
{
	for (size_t i = 0; i < tc->nedits; i++)
		buf_release(&tc->bufs[i]);
	free(tc->edits);
	free(tc->bufs);
}

static void on_text(void *vctx, const char *path, size_t pathlen, struct json_span str)
{
	struct text_ctx *tc = vctx;
	if (tc->failed)
		return;
	struct buf dec = BUF_INIT, out = BUF_INIT;
	json_string_decode(str, &dec);
	char *p = strndup(path, pathlen);
	const char *s = dec.p ? dec.p : "";
	if (tc->canary && !tc->canary_done && (!tc->canary_at || tc->canary_at == str.p)) {
		buf_printf(&out, "<!-- %s -->\n", tc->canary);
		tc->canary_done = 1;
	}
	size_t pre = out.len;
	int rc = filter_text(tc->f, tc->r, p, s, dec.len, &out, tc->err, tc->errlen);
	if (rc < 0) {
		tc->failed = 1;
	} else if (rc > 0 || pre > 0) {
		if (rc == 0)
			buf_put(&out, s, dec.len);
		struct buf *slot = new_edit(tc, str);
		*slot = out;
		buf_init(&out);
	}
	buf_release(&out);
	free(p);
	buf_release(&dec);
}

static void findings_json(struct filter *f, struct buf *b)
{
	buf_putc(b, '[');
	for (size_t i = 0; i < f->nf; i++) {
		struct finding *x = &f->f[i];
		if (i)
			buf_putc(b, ',');
		buf_puts(b, "{\"kind\":");
		json_escape(b, x->kind, strlen(x->kind));
		buf_puts(b, ",\"type\":");
		json_escape(b, x->type, strlen(x->type));
		if (x->path) {
			buf_puts(b, ",\"path\":");
			json_escape(b, x->path, strlen(x->path));
		}
		if (x->has_span)
			buf_printf(b, ",\"start\":%zu,\"end\":%zu", x->start, x->end);
		buf_printf(b, ",\"action\":\"%s\",\"score\":%.2f", action_names[x->action], x->score);
		if (x->fp[0])
			buf_printf(b, ",\"fingerprint\":\"%s\"", x->fp);
		if (x->token) {
			buf_puts(b, ",\"token\":");
			json_escape(b, x->token, strlen(x->token));
		}
		if (x->detail) {
			buf_puts(b, ",\"detail\":");
			json_escape(b, x->detail, strlen(x->detail));
		}
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
}

int filter_record(struct filter *f, const struct record *r, const struct jpath *fields,
		  size_t nfields, struct buf *out, struct filter_outcome *oc,
		  char *err, size_t errlen)
{
	struct text_ctx tc = { f, r, NULL, NULL, 0, 0, err, errlen, 0, 0, NULL, NULL };
	char canary[40];
	size_t restored = 0, unknown = 0;
	int rc = -1;

	memset(oc, 0, sizeof(*oc));
	findings_clear(f);
	f->rec_heur = f->rec_model = 0;
	f->rec_detected = f->rec_scanned = f->rec_judged = 0;
	buf_reset(&f->tokens);
	for (size_t i = 0; i < f->cres.n; i++)
		free(f->cres.f[i].path);
	f->cres.n = 0;

	if (f->output_stage) {
		struct json_span o = json_object_get(record_llm_get(r, "infer"), "output");
		if (o.type != JSON_STRING) {
			/* Nothing to check: pass through untouched. */
			buf_put(out, r->root.p, r->root.n);
			return 0;
		}
		on_text(&tc, "._llm.infer.output", 18, o);
		if (tc.failed)
			goto out;
		struct buf dec = BUF_INIT;
		if (!tc.nedits)
			json_string_decode(o, &dec);
		const char *text = tc.nedits ? tc.bufs[0].p : (dec.p ? dec.p : "");
		size_t tn = tc.nedits ? tc.bufs[0].len : dec.len;
		output_checks(f, r, text, tn);
		struct json_span toks = json_object_get(record_llm_get(r, "filter"), "tokens");
		if (f->restore && toks.type == JSON_ARRAY) {
			/* Only this record's own tokens come back (see vault.h). */
			struct buf rt = BUF_INIT;
			int vr = vault_restore_scoped(f->vault, text, tn, toks.p, toks.n, &rt, &restored,
						      &unknown, err, errlen);
			if (vr == 0 && restored) {
				struct buf *slot = tc.nedits ? &tc.bufs[0] : new_edit(&tc, o);
				buf_release(slot);
				*slot = rt;
				buf_init(&rt);
			}
			buf_release(&rt);
			if (vr < 0) {
				buf_release(&dec);
				goto out;
			}
		}
		buf_release(&dec);
	} else {
		if (f->canary) {
			unsigned char rnd[8];
			if (hash_random(rnd, sizeof(rnd)) < 0) {
				snprintf(err, errlen, "no random bytes for the canary");
				goto out;
			}
			memcpy(canary, "canary-", 7);
			hash_hex(rnd, sizeof(rnd), canary + 7);
			tc.canary = canary;
			record_prompt_texts(r, first_prompt_text, &tc.canary_at);
		}
		record_texts(r, fields, nfields, on_text, &tc);
		if (tc.failed)
			goto out;
	}
	if (run_checks(f, r, err, errlen) < 0)
		goto out;

	/* The verdict is the strongest action taken; a canary or a restore
	 * alone is not a redaction. */
	int verdict = FILTER_PASS;
	for (size_t i = 0; i < f->nf; i++) {
		int a = f->f[i].action;
		if (a == ACT_BLOCK)
			verdict = FILTER_BLOCK;
		else if (verdict < FILTER_REDACT && (a == ACT_MASK || a == ACT_REDACT || a == ACT_HASH ||
						    a == ACT_PSEUDONYMIZE))
			verdict = FILTER_REDACT;
	}
	static const char *const vnames[] = { "pass", "redact", "block" };
	struct buf fj = BUF_INIT;
	buf_printf(&fj, "{\"stage\":\"%s\",\"verdict\":\"%s\",\"findings\":",
		   f->output_stage ? "output" : "input", vnames[verdict]);
	findings_json(f, &fj);
	if (f->rec_scanned) {
		buf_printf(&fj, ",\"injection\":{\"detected\":%s,\"heuristics\":%.3f",
			   f->rec_detected ? "true" : "false", f->rec_heur);
		if (f->model) {
			buf_printf(&fj, ",\"model\":%.3f,\"model_version\":", f->rec_model);
			const char *mv = injmodel_version(f->model);
			json_escape(&fj, mv, strlen(mv));
		}
		if (f->rec_judged) {
			const struct filter_judgement *j = &f->rec_judge;
			buf_puts(&fj, ",\"judge\":{\"backend\":");
			json_escape(&fj, j->backend ? j->backend : "", j->backend ? strlen(j->backend) : 0);
			if (j->decided)
				buf_printf(&fj, ",\"label\":\"%s\",\"p_injection\":%.3f",
					   j->p_injection >= 0.5 ? "injection" : "benign", j->p_injection);
			else
				buf_puts(&fj, ",\"label\":null");
			buf_printf(&fj, ",\"ms\":%.0f", j->ms);
			if (j->error[0]) {
				buf_puts(&fj, ",\"error\":");
				json_escape(&fj, j->error, strlen(j->error));
			}
			buf_putc(&fj, '}');
		}
		buf_putc(&fj, '}');
	}
	if (f->tokens.len)
		buf_printf(&fj, ",\"tokens\":[%s]", f->tokens.p);
	if (tc.canary)
		buf_printf(&fj, ",\"canary\":\"%s\"", tc.canary);
	if (f->output_stage && f->restore)
		buf_printf(&fj, ",\"restored\":%zu,\"unknown_tokens\":%zu", restored, unknown);
	struct json_span prev = record_llm_get(r, "filter");
	if (f->output_stage && prev.type == JSON_OBJECT) {
		buf_puts(&fj, ",\"input\":");
		buf_put(&fj, prev.p, prev.n);
	}
	buf_putc(&fj, '}');
	for (size_t i = 0; i < tc.nedits; i++) {
		tc.edits[i].text = tc.bufs[i].p ? tc.bufs[i].p : "";
		tc.edits[i].len = tc.bufs[i].len;
	}
	struct record_set set = { "filter", fj.p, fj.len };
	record_write_edits(out, r, tc.edits, tc.nedits, &set, 1);
	buf_release(&fj);
	oc->verdict = verdict;
	oc->findings = f->nf;
	oc->touched = 1;
	rc = 0;
out:
	text_ctx_release(&tc);
	return rc;
}

void filter_sarif_last(struct filter *f, struct sarif *s, const char *uri, uint64_t line)
{
	for (size_t i = 0; i < f->nf; i++) {
		struct finding *x = &f->f[i];
		struct buf msg = BUF_INIT;
		buf_printf(&msg, "%s %s: %s", x->kind, x->type, action_names[x->action]);
		if (x->path)
			buf_printf(&msg, " in %s", x->path);
		struct sarif_result sr = { 0 };
		sr.rule_id = x->type;
		sr.level = x->action == ACT_BLOCK ? "error" : "warning";
		sr.message = msg.p;
		sr.uri = uri;
		sr.line = line;
		sr.byte_offset = -1;
		sr.fingerprint = x->fp[0] ? x->fp : NULL;
		sarif_add(s, &sr);
		buf_release(&msg);
	}
}

const char *const *filter_loose_keys(const struct filter *f)
{
	return (const char *const *)f->loose;
}

void filter_key_id(const struct filter *f, char out[CLASSIFY_KEY_ID_HEX + 1])
{
	classify_key_id(f->cls, out);
}
