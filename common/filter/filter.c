/*
 * filter: the input and output stages of llm-filter; see filter.h.
 *
 * A record's texts are handled one at a time: findings are gathered from
 * every source (detectors, injection heuristics, deny lists), allow lists
 * and baselines remove some, and the remaining ones are acted on. Rewrites
 * are collected as record_edit()s so the record's other bytes stay as they
 * were; the verdict is the strongest action taken.
 *
 * filter_new() (the options and the config file) is config.c; the struct
 * both files share is filter_int.h.
 */
#include "filter/filter.h"
#include "filter/filter_int.h"

#include <jv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "detect/classify.h"
#include "detect/detect.h"
#include "core/hash.h"
#include "filter/inject/inject.h"
#include "jq/jqprog.h"
#include "core/sarif.h"
#include "filter/vault.h"

const char *const filter_action_names[] = { "keep", "mask", "redact", "hash", "pseudonymize", "block", "flag" };

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
		/* A heuristic hit short of sure on a text the classifier scored
		 * and finds plainly benign is a quotation far more often than an
		 * attack: security articles quoting payloads, configs with
		 * override: keys. On the held-out split of the training data this
		 * halves the heuristics' false positives (0.087 -> 0.045 of benign
		 * texts, as llm-filter runs) and loses 1 attack in 200. */
		if (hit && f->model && f->mw.ntok >= INJMODEL_MIN_TOKENS && hs < INJECT_SURE && ms < INJECT_MODEL_VETO)
			hit = 0;
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
		buf_printf(b, ",\"action\":\"%s\",\"score\":%.2f", filter_action_names[x->action], x->score);
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
		buf_printf(&msg, "%s %s: %s", x->kind, x->type, filter_action_names[x->action]);
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
