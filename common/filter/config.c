/*
 * config: filter_new(), the filter built from the options and the config
 * file (man/llm-filter.1, CONFIG FILE): actions per type and stage, the
 * injection settings, deny and allow lists, jq checks, the vault, the hash
 * key and the output checks. Options win over the file. See filter.h.
 */
#include "filter/filter_int.h"

#include <jv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/confspec.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/keyfile.h"
#include "filter/inject/model.h"
#include "jq/jqprog.h"
#include "filter/vault.h"

/* --- configuration --- */


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

/*
 * filter_new() in steps, each reading one part of the options and the
 * config file (options win over the file). Each returns 0, or -1 with err
 * set; the order is the order errors are reported in.
 */

/* The detectors (llm-classify's, with its rules and baselines) and the
 * defaults every action and check starts from. */
static int setup_detectors(struct filter *f, const struct filter_opts *o, char *err, size_t errlen)
{
	f->output_stage = o->output_stage;
	f->schema = jv_invalid();
	f->cls = classify_new();
	if (o->fp_key)
		classify_set_key(f->cls, o->fp_key);
	classify_set_decode(f->cls, o->decode);
	if (o->rules && classify_load_rules(f->cls, o->rules, err, errlen) < 0)
		return -1;
	for (size_t i = 0; i < o->nbaselines; i++)
		if (classify_load_baseline(f->cls, o->baselines[i], err, errlen) < 0)
			return -1;
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
	return 0;
}

/* The config file into *cfg (an empty object without one), held to
 * cfg_spec: no repeated key, every key known, every value in range. */
static int read_config(struct filter *f, const char *path, jv *cfg, char *err, size_t errlen)
{
	char inner[512];
	if (!path)
		return 0;
	size_t len;
	char *text = read_text(path, &len, err, errlen);
	if (!text)
		return -1;
	size_t at;
	if (json_has_duplicate(text, len, &at)) {
		free(text);
		snprintf(err, errlen, "config %s: a key is repeated at byte %zu (libjq would keep the last one "
			 "silently)", path, at);
		return -1;
	}
	jv_free(*cfg);
	*cfg = jv_parse_sized(text, (int)len);
	free(text);
	if (!jv_is_valid(*cfg) || jv_get_kind(*cfg) != JV_KIND_OBJECT) {
		snprintf(err, errlen, "config %s: not a JSON object", path);
		return -1;
	}
	if (confspec_check(&cfg_spec, *cfg, cfg_action_key, f, inner, sizeof(inner)) < 0) {
		snprintf(err, errlen, "config %s: %s", path, inner);
		return -1;
	}
	return 0;
}

/* The file's "output" object: the output stage's actions and checks. */
static int apply_output_config(struct filter *f, jv cfg, const char *where, char *err, size_t errlen)
{
	char inner[512];
	jv out = obj_get(cfg, "output");
	if (jv_get_kind(out) == JV_KIND_OBJECT) {
		snprintf(inner, sizeof(inner), "%s: output.actions", where);
		if (set_actions(f, f->out_actions, &f->out_default_action, obj_get(out, "actions"), inner,
				err, errlen) < 0) {
			jv_free(out);
			return -1;
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
	return 0;
}

/* The file's "injection" object; --threshold wins over it, "enabled" too.
 * The trained classifier is on by default with the built-in weights. */
static int apply_injection(struct filter *f, const struct filter_opts *o, jv cfg, char *err, size_t errlen)
{
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
	if (o->threshold >= 0)
		f->inject_enabled = 1;
	if (o->threshold >= 0)
		f->inject_threshold = o->threshold;

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
	int rc = 0;
	if (!f->output_stage && f->inject_enabled && !(model && !strcmp(model, "none"))) {
		f->model = model ? injmodel_open(model, err, errlen) : injmodel_default(err, errlen);
		if (!f->model)
			rc = -1;
	}
	jv_free(mpath);
	jv_free(inj);
	f->judge = o->judge;
	f->judge_ctx = o->judge_ctx;
	f->judge_lo = o->judge_lo;
	f->judge_hi = o->judge_hi;
	return rc;
}

/* --action TYPE=ACTION (for the stage being run), then every type still
 * unset takes its stage's default. */
static int apply_action_options(struct filter *f, const struct filter_opts *o, char *err, size_t errlen)
{
	for (size_t i = 0; i < o->nactions; i++) {
		const char *eq = strchr(o->actions[i], '=');
		jv one = jv_object();
		if (!eq) {
			snprintf(err, errlen, "--action wants TYPE=ACTION, not '%s'", o->actions[i]);
			jv_free(one);
			return -1;
		}
		one = jv_object_set(one, jv_string_sized(o->actions[i], (int)(eq - o->actions[i])),
				    jv_string(eq + 1));
		if (set_actions(f, o->output_stage ? f->out_actions : f->actions,
				o->output_stage ? &f->out_default_action : &f->default_action, one,
				"--action", err, errlen) < 0)
			return -1;
	}
	for (int t = 0; t < f->nactions; t++) {
		if (f->actions[t] < 0)
			f->actions[t] = f->default_action;
		if (f->out_actions[t] < 0)
			f->out_actions[t] = f->out_default_action;
	}
	return 0;
}

/* Deny and allow lists (files and the file's inline lists), jq checks
 * (the file's, then --check's). */
static int load_lists_and_checks(struct filter *f, const struct filter_opts *o, jv cfg, char *err, size_t errlen)
{
	err[0] = '\0';
	f->deny = load_lists(o->deny, o->ndeny, obj_get(cfg, "deny"), "deny", err, errlen);
	if (!f->deny && err[0])
		return -1;
	f->allow = load_lists(o->allow, o->nallow, obj_get(cfg, "allow"), "allow", err, errlen);
	if (!f->allow && err[0])
		return -1;
	if (load_checks(f, obj_get(cfg, "checks"), err, errlen) < 0)
		return -1;
	for (size_t i = 0; i < o->nchecks; i++) {
		char name[32];
		snprintf(name, sizeof(name), "check%zu", f->nchecks + 1);
		if (add_check(f, name, o->checks[i], ACT_BLOCK, NULL, err, errlen) < 0)
			return -1;
	}
	return 0;
}

/* The vault, when pseudonymize or --restore needs it or one is named;
 * --vault, --vault-key and --ttl-days win over the file's "vault". A vault
 * named but not needed that will not open leaves err set and goes on. */
static int open_vault(struct filter *f, const struct filter_opts *o, jv cfg, const char *where, char *err,
		      size_t errlen)
{
	char inner[512];
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
			return -1;
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
		return -1;
	return 0;
}

/* The hash action's key: --hash-key, else the file's hash_key_file;
 * required when a type is hashed. */
static int load_hash_key(struct filter *f, const struct filter_opts *o, jv cfg, char *err, size_t errlen)
{
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
		return -1;
	}
	if (hk && (f->hkeylen = hash_read_key(hk, f->hkey, sizeof(f->hkey), err, errlen)) < 0) {
		jv_free(jhk);
		return -1;
	}
	if (hk && keyfile_is_loose(hk))
		f->loose[f->nloose++] = strdup(hk);
	jv_free(jhk);
	return 0;
}

/* The output stage's options: --canary, --restore, --expect-json,
 * --max-length, --schema (over the file's). */
static int apply_output_options(struct filter *f, const struct filter_opts *o, char *err, size_t errlen)
{
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
			return -1;
		jv s = jv_parse_sized(text, (int)len);
		free(text);
		if (!jv_is_valid(s) || jv_get_kind(s) != JV_KIND_OBJECT) {
			jv_free(s);
			snprintf(err, errlen, "%s: a schema is a JSON object", o->schema);
			return -1;
		}
		jv_free(f->schema);
		f->schema = s;
		f->expect_json = 1;
	}
	return 0;
}

struct filter *filter_new(const struct filter_opts *o, char *err, size_t errlen)
{
	struct filter *f = calloc(1, sizeof(*f));
	jv cfg = jv_object();
	char inner[512];
	if (!f)
		abort();
	if (setup_detectors(f, o, err, errlen) < 0 || read_config(f, o->config, &cfg, err, errlen) < 0)
		goto bad;
	const char *where = o->config ? o->config : "defaults";
	snprintf(inner, sizeof(inner), "%s: actions", where);
	if (set_actions(f, f->actions, &f->default_action, obj_get(cfg, "actions"), inner, err, errlen) < 0)
		goto bad;
	/* From here on every value has its type and range (cfg_spec). */
	if (apply_output_config(f, cfg, where, err, errlen) < 0)
		goto bad;
	if (apply_injection(f, o, cfg, err, errlen) < 0)
		goto bad;
	if (apply_action_options(f, o, err, errlen) < 0 || load_lists_and_checks(f, o, cfg, err, errlen) < 0 ||
	    open_vault(f, o, cfg, where, err, errlen) < 0 || load_hash_key(f, o, cfg, err, errlen) < 0 ||
	    apply_output_options(f, o, err, errlen) < 0)
		goto bad;
	jv_free(cfg);
	return f;
bad:
	jv_free(cfg);
	filter_free(f);
	return NULL;
}
