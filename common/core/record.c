/*
 * record: parse, inspect and splice records per the contract; see record.h.
 */
#include "core/record.h"

#include <assert.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/b64.h"
#include "core/hash.h"

void record_init(struct record *r)
{
	memset(r, 0, sizeof(*r));
}

void record_release(struct record *r)
{
	json_index_release(&r->idx);
	if (r->walk) {
		for (int i = 0; i < 3; i++)
			buf_release(&r->walk[i]);
		free(r->walk);
		r->walk = NULL;
	}
}

/* record_texts()'s path buffers, kept with the record from its first
 * parse to record_release(), like its member index. */
static void walk_scratch(struct record *r)
{
	if (!r->walk && !(r->walk = calloc(3, sizeof(*r->walk))))
		abort();
}

const char *record_status_code(int status)
{
	switch (status) {
	case RECORD_OK: return "ok";
	case RECORD_NOT_JSON: return "not_json";
	case RECORD_NOT_OBJECT: return "not_object";
	case RECORD_BAD_LLM: return "bad_llm";
	case RECORD_TOO_LONG: return "line_too_long";
	case RECORD_DUPLICATE_KEY: return "duplicate_key";
	}
	return "unknown";
}

static const char *type_name(enum json_type t)
{
	switch (t) {
	case JSON_NULL: return "null";
	case JSON_FALSE: case JSON_TRUE: return "a boolean";
	case JSON_NUMBER: return "a number";
	case JSON_STRING: return "a string";
	case JSON_ARRAY: return "an array";
	case JSON_OBJECT: return "an object";
	default: return "nothing";
	}
}

int record_parse(struct record *r, const char *p, size_t n, char *msg, size_t msglen)
{
	struct json_error e;
	r->p = p;
	r->n = n;
	r->llm.type = JSON_NONE;
	r->dec_tok = NULL;
	r->flat = 0;
	walk_scratch(r);
	if (json_scan(p, n, &r->root, &r->idx, &e) < 0) {
		if (e.duplicate) {
			snprintf(msg, msglen, "duplicate key at byte %zu: a record must not name a member twice "
				 "(I-JSON, RFC 7493)", e.offset);
			return RECORD_DUPLICATE_KEY;
		}
		snprintf(msg, msglen, "not JSON: %s at byte %zu", e.msg, e.offset);
		return RECORD_NOT_JSON;
	}
	if (r->root.type != JSON_OBJECT) {
		snprintf(msg, msglen, "not a record: the line is %s, not an object",
			 type_name(r->root.type));
		return RECORD_NOT_OBJECT;
	}
	r->llm = json_index_get(&r->idx, "_llm", NULL);
	if (r->llm.type != JSON_NONE && r->llm.type != JSON_OBJECT) {
		snprintf(msg, msglen, "reserved key _llm holds %s, not an object",
			 type_name(r->llm.type));
		return RECORD_BAD_LLM;
	}
	return RECORD_OK;
}

/* A member record_texts() may hand out without walking it: a key that is
 * a plain name (its path is "." and the name, as jpath_append_key() writes
 * it) and a value with no strings inside. */
static int flat_member(const struct json_member *m)
{
	if (m->val.type == JSON_OBJECT || m->val.type == JSON_ARRAY || m->key.n < 3)
		return 0;
	const char *k = m->key.p + 1;
	size_t n = m->key.n - 2;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)k[i];
		if (!((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') && ch != '_' && !(i && ch >= '0' && ch <= '9'))
			return 0;
	}
	return 1;
}

int record_adopt(struct record *r, const char *p, size_t n, const struct json_member *m, size_t k)
{
	r->p = p;
	r->n = n;
	r->root = (struct json_span){ p, n, JSON_OBJECT };
	r->llm.type = JSON_NONE;
	r->dec_tok = NULL;
	r->idx.n = 0;
	walk_scratch(r);
	if (r->idx.alloc < k) {
		struct json_member *nv = realloc(r->idx.v, k * sizeof(*nv));
		if (!nv)
			abort();
		r->idx.v = nv;
		r->idx.alloc = k;
	}
	r->flat = 1;
	for (size_t i = 0; i < k; i++) {
		assert(m[i].key.p > p && m[i].val.p + m[i].val.n < p + n);
		assert(m[i].key.n != 6 || memcmp(m[i].key.p, "\"_llm\"", 6));
		r->idx.v[r->idx.n++] = m[i];
		r->flat &= flat_member(&m[i]);
	}
	return RECORD_OK;
}

struct json_span record_llm_get(const struct record *r, const char *key)
{
	return json_object_get(r->llm, key);
}

struct json_span record_get(const struct record *r, const char *key)
{
	return json_index_get(&r->idx, key, NULL);
}

int record_is_settled(const struct record *r)
{
	if (r->llm.type != JSON_OBJECT)
		return 0;
	if (record_llm_get(r, "error").type != JSON_NONE)
		return 1;
	struct json_span f = record_llm_get(r, "filter");
	if (json_string_eq(json_object_get(f, "verdict"), "block"))
		return 1;
	struct json_span rt = record_llm_get(r, "route");
	if (json_object_get(rt, "denied").type == JSON_TRUE)
		return 1;
	return 0;
}

static void messages_texts(struct json_span msgs, record_text_fn fn, void *ctx)
{
	struct json_iter it, pit;
	struct json_span m, part;
	char path[96];
	long i = 0;
	json_iter_init(&it, msgs);
	for (; json_iter_elem(&it, &m); i++) {
		struct json_span c = json_object_get(m, "content");
		if (c.type == JSON_STRING) {
			int k = snprintf(path, sizeof(path), ".messages[%ld].content", i);
			fn(ctx, path, (size_t)k, c);
		} else if (c.type == JSON_ARRAY) {
			/* OpenAI content parts: [{"type":"text","text":"..."}, ...] */
			long j = 0;
			json_iter_init(&pit, c);
			for (; json_iter_elem(&pit, &part); j++) {
				struct json_span t = json_object_get(part, "text");
				if (t.type != JSON_STRING)
					continue;
				int k = snprintf(path, sizeof(path), ".messages[%ld].content[%ld].text", i, j);
				fn(ctx, path, (size_t)k, t);
			}
		}
	}
}

struct field_ctx {
	record_text_fn fn;
	void *ctx;
};

static void field_visit(void *vctx, const char *path, size_t pathlen, struct json_span v)
{
	struct field_ctx *fc = vctx;
	if (v.type == JSON_STRING)
		fc->fn(fc->ctx, path, pathlen, v);
}

/* The walk's scratch, reused for every string of a record: paths are
 * built for each string handed out, so they must cost little. */
struct walk {
	record_text_fn fn;
	void *ctx;
	struct buf path, kpath, key;
};

static void put_index(struct buf *b, size_t i)
{
	char d[24];
	int n = 0;
	do
		d[n++] = (char)('0' + i % 10);
	while ((i /= 10) && n < 24);
	while (n)
		buf_putc(b, d[--n]);
}

/* The paths of a record's first six keys, 20 bytes each. */
static const char top_keys[] = "(.|keys_unsorted[0])(.|keys_unsorted[1])(.|keys_unsorted[2])"
			       "(.|keys_unsorted[3])(.|keys_unsorted[4])(.|keys_unsorted[5])";

/* Hands out key k, the i-th of the object at w->path[0, mark). */
static void walk_key(struct walk *w, size_t mark, size_t i, struct json_span k)
{
	if (!mark && i < 6) {
		/* a record's first members' keys: every record has them */
		w->fn(w->ctx, top_keys + 20 * i, 20, k);
		return;
	}
	struct buf *kp = &w->kpath;
	buf_reset(kp);
	buf_putc(kp, '(');
	if (mark)
		buf_put(kp, w->path.p, mark);
	else
		buf_putc(kp, '.');
	buf_puts(kp, "|keys_unsorted[");
	put_index(kp, i);
	buf_puts(kp, "])");
	w->fn(w->ctx, kp->p, kp->len, k);
}

static void walk_append_key(struct walk *w, struct json_span k)
{
	if (json_string_is_plain(k)) {
		jpath_append_key(&w->path, k.p + 1, k.n - 2);
	} else {
		buf_reset(&w->key);
		json_string_decode(k, &w->key);
		jpath_append_key(&w->path, w->key.p ? w->key.p : "", w->key.len);
	}
}

/* Every string under v (keys included), depth first, in document order. */
static void walk_strings(struct walk *w, struct json_span v)
{
	struct json_iter it;
	struct json_span k, e;
	size_t mark = w->path.len, i = 0;
	switch (v.type) {
	case JSON_STRING:
		w->fn(w->ctx, w->path.p, w->path.len, v);
		return;
	case JSON_OBJECT:
		json_iter_init(&it, v);
		for (; json_iter_member(&it, &k, &e); i++) {
			buf_truncate(&w->path, mark);
			walk_key(w, mark, i, k);
			walk_append_key(w, k);
			walk_strings(w, e);
		}
		break;
	case JSON_ARRAY:
		json_iter_init(&it, v);
		for (; json_iter_elem(&it, &e); i++) {
			buf_truncate(&w->path, mark);
			buf_putc(&w->path, '[');
			put_index(&w->path, i);
			buf_putc(&w->path, ']');
			walk_strings(w, e);
		}
		break;
	default:
		break;
	}
	buf_truncate(&w->path, mark);
}

void record_texts(const struct record *r, const struct jpath *fields, size_t nfields,
		  record_text_fn fn, void *ctx)
{
	if (nfields) {
		struct field_ctx fc = { fn, ctx };
		for (size_t i = 0; i < nfields; i++)
			jpath_eval(&fields[i], r->root, field_visit, &fc);
		return;
	}
	struct walk w = { fn, ctx, BUF_INIT, BUF_INIT, BUF_INIT };
	if (r->flat && r->walk && r->idx.n <= 6) {
		/* The raw modes' records: what the walk below would hand out
		 * (each key, then a string value at "." and its name), without
		 * decoding keys or building paths by the piece. */
		struct buf *path = &r->walk[0];
		for (size_t i = 0; i < r->idx.n; i++) {
			const struct json_member *m = &r->idx.v[i];
			w.fn(w.ctx, top_keys + 20 * i, 20, m->key);
			if (m->val.type != JSON_STRING)
				continue;
			buf_reset(path);
			buf_putc(path, '.');
			buf_put(path, m->key.p + 1, m->key.n - 2);
			w.fn(w.ctx, path->p, path->len, m->val);
		}
		return;
	}
	if (r->walk) {
		/* a parsed record's own scratch: no allocation per record */
		w.path = r->walk[0];
		w.kpath = r->walk[1];
		w.key = r->walk[2];
	}
	buf_grow(&w.path, 64);
	buf_grow(&w.kpath, 64);
	for (size_t i = 0; i < r->idx.n; i++) {
		const struct json_member *m = &r->idx.v[i];
		if (json_string_eq(m->key, "_llm"))
			continue;
		buf_truncate(&w.path, 0);
		walk_key(&w, 0, i, m->key);
		walk_append_key(&w, m->key);
		walk_strings(&w, m->val);
	}
	if (r->walk) {
		/* hand the (maybe grown) buffers back */
		r->walk[0] = w.path;
		r->walk[1] = w.kpath;
		r->walk[2] = w.key;
		return;
	}
	buf_release(&w.path);
	buf_release(&w.kpath);
	buf_release(&w.key);
}

void record_prompt_texts(const struct record *r, record_text_fn fn, void *ctx)
{
	struct json_span v = record_get(r, "text");
	if (v.type == JSON_STRING) {
		fn(ctx, ".text", 5, v);
		return;
	}
	v = record_get(r, "prompt");
	if (v.type == JSON_STRING) {
		fn(ctx, ".prompt", 7, v);
		return;
	}
	v = record_get(r, "messages");
	if (v.type == JSON_ARRAY)
		messages_texts(v, fn, ctx);
}

void record_identity(const struct record *r, unsigned char out[32])
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < r->idx.n; i++) {
		const struct json_member *m = &r->idx.v[i];
		if (json_string_eq(m->key, "_llm"))
			continue;
		buf_put(&b, m->key.p, m->key.n);
		buf_putc(&b, ':');
		buf_put(&b, m->val.p, m->val.n);
		buf_putc(&b, ',');
	}
	hash_sha256(b.p ? b.p : "", b.len, out);
	buf_release(&b);
}

void record_identity_hex(const struct record *r, char out[65])
{
	unsigned char md[HASH_SHA256_LEN];
	record_identity(r, md);
	hash_hex(md, sizeof(md), out);
}

static int set_has(const struct record_set *set, size_t nset, struct json_span key)
{
	for (size_t i = 0; i < nset; i++)
		if (json_string_eq(key, set[i].key))
			return 1;
	return 0;
}

/* A key that is its own JSON string: "id", "classify", ... */
static int plain_key(const char *k, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') || k[i] == '_'))
			return 0;
	return 1;
}

static void put_set(struct buf *out, const struct record_set *set, size_t nset, int comma)
{
	for (size_t i = 0; i < nset; i++) {
		if (comma || i)
			buf_putc(out, ',');
		size_t kn = strlen(set[i].key);
		if (plain_key(set[i].key, kn)) {
			buf_putc(out, '"');
			buf_put(out, set[i].key, kn);
			buf_putc(out, '"');
		} else {
			json_escape(out, set[i].key, kn);
		}
		buf_putc(out, ':');
		buf_put(out, set[i].val, set[i].len);
	}
}

void record_write(struct buf *out, const struct record *r, const struct record_set *set,
		  size_t nset)
{
	const char *obj = r->root.p, *close = r->root.p + r->root.n - 1; /* the final '}' */
	if (r->llm.type != JSON_OBJECT) {
		buf_put(out, obj, (size_t)(close - obj));
		if (nset) {
			buf_puts(out, r->idx.n ? ",\"_llm\":{" : "\"_llm\":{");
			put_set(out, set, nset, 0);
			buf_putc(out, '}');
		}
		buf_putc(out, '}');
		return;
	}
	/* Rebuild _llm from its members' bytes, dropping those being set; the
	 * rest of the record is copied around it unchanged. */
	buf_put(out, obj, (size_t)(r->llm.p - obj));
	buf_putc(out, '{');
	struct json_iter it;
	struct json_span k, v;
	int any = 0;
	json_iter_init(&it, r->llm);
	while (json_iter_member(&it, &k, &v)) {
		if (set_has(set, nset, k))
			continue;
		if (any)
			buf_putc(out, ',');
		buf_put(out, k.p, k.n);
		buf_putc(out, ':');
		buf_put(out, v.p, v.n);
		any = 1;
	}
	put_set(out, set, nset, any);
	buf_putc(out, '}');
	const char *after = r->llm.p + r->llm.n;
	buf_put(out, after, (size_t)(r->root.p + r->root.n - after));
}

static int cmp_edit(const void *a, const void *b)
{
	const struct record_edit *x = a, *y = b;
	return x->span.p < y->span.p ? -1 : x->span.p > y->span.p;
}

/* Copies [from, to) of the record with the edits that fall inside it. */
static void put_edited(struct buf *out, const char *from, const char *to,
		       const struct record_edit *e, size_t ne)
{
	for (size_t i = 0; i < ne; i++) {
		if (e[i].span.p < from || e[i].span.p + e[i].span.n > to)
			continue;
		buf_put(out, from, (size_t)(e[i].span.p - from));
		json_escape(out, e[i].text, e[i].len);
		from = e[i].span.p + e[i].span.n;
	}
	buf_put(out, from, (size_t)(to - from));
}

void record_write_edits(struct buf *out, const struct record *r, struct record_edit *edits,
			size_t nedits, const struct record_set *set, size_t nset)
{
	if (!nedits) {
		record_write(out, r, set, nset);
		return;
	}
	qsort(edits, nedits, sizeof(*edits), cmp_edit);
	/* Write the edited record to a scratch copy, re-scan it (cheap next to
	 * the detectors that produced the edits) and splice _llm into that. */
	struct buf tmp = BUF_INIT;
	put_edited(&tmp, r->root.p, r->root.p + r->root.n, edits, nedits);
	struct record er;
	char msg[128];
	record_init(&er);
	if (record_parse(&er, tmp.p, tmp.len, msg, sizeof(msg)) == RECORD_OK)
		record_write(out, &er, set, nset);
	else
		abort(); /* edits are escaped JSON strings; never fall back to the unredacted record */
	record_release(&er);
	buf_release(&tmp);
}

void record_error_json(struct buf *out, const char *tool, const char *code, const char *msg,
		       const struct record_origin *o)
{
	buf_puts(out, "{\"tool\":");
	json_escape(out, tool, strlen(tool));
	buf_puts(out, ",\"code\":");
	json_escape(out, code, strlen(code));
	buf_puts(out, ",\"message\":");
	json_escape(out, msg, strlen(msg));
	if (o) {
		buf_printf(out, ",\"line\":%llu", (unsigned long long)o->line);
		if (o->source && strcmp(o->source, "-")) {
			buf_puts(out, ",\"source\":");
			json_escape(out, o->source, strlen(o->source));
		}
	}
	buf_putc(out, '}');
}

void record_write_error(struct buf *out, const char *line, size_t n, const char *tool,
			const char *code, const char *msg, const struct record_origin *o)
{
	buf_puts(out, "{\"raw\":");
	size_t replaced = json_escape(out, line, n);
	if (replaced) {
		buf_puts(out, ",\"raw_base64\":\"");
		b64_encode(out, line, n);
		buf_putc(out, '"');
	}
	if (o && o->full_len > n)
		buf_printf(out, ",\"raw_truncated\":true,\"raw_bytes\":%zu", o->full_len);
	buf_puts(out, ",\"_llm\":{\"error\":");
	record_error_json(out, tool, code, msg, o);
	buf_puts(out, "}}");
}
