/*
 * entry: record -> columns, columns -> canonical envelope; see entry.h.
 */
#include "audit/entry.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/canon.h"
#include "core/hash.h"
#include "core/json.h"

const struct entry_field_info entry_fields[EF_COUNT] = {
	[EF_SEQ] = { "seq", ENTRY_INT },
	[EF_TS_US] = { "ts_us", ENTRY_INT },
	[EF_KIND] = { "kind", ENTRY_TEXT },
	[EF_REC_ID] = { "rec_id", ENTRY_TEXT },
	[EF_WORKLOAD] = { "workload", ENTRY_TEXT },
	[EF_CLASS] = { "class", ENTRY_TEXT },
	[EF_FINDINGS] = { "findings", ENTRY_TEXT },
	[EF_FILTER_IN] = { "filter_in", ENTRY_TEXT },
	[EF_FILTER_OUT] = { "filter_out", ENTRY_TEXT },
	[EF_BACKEND] = { "backend", ENTRY_TEXT },
	[EF_RULE] = { "rule", ENTRY_TEXT },
	[EF_POLICY] = { "policy", ENTRY_TEXT },
	[EF_DENIED] = { "denied", ENTRY_INT },
	[EF_PROVIDER] = { "provider", ENTRY_TEXT },
	[EF_MODEL] = { "model", ENTRY_TEXT },
	[EF_STATUS] = { "status", ENTRY_TEXT },
	[EF_FINISH_REASON] = { "finish_reason", ENTRY_TEXT },
	[EF_ERROR_CODE] = { "error_code", ENTRY_TEXT },
	[EF_LATENCY_US] = { "latency_us", ENTRY_INT },
	[EF_TTFT_US] = { "ttft_us", ENTRY_INT },
	[EF_INPUT_TOKENS] = { "input_tokens", ENTRY_INT },
	[EF_OUTPUT_TOKENS] = { "output_tokens", ENTRY_INT },
	[EF_COST_MICRO_USD] = { "cost_micro_usd", ENTRY_INT },
	[EF_ATTEMPTS] = { "attempts", ENTRY_INT },
	[EF_PROMPT_BYTES] = { "prompt_bytes", ENTRY_INT },
	[EF_OUTPUT_BYTES] = { "output_bytes", ENTRY_INT },
	[EF_NOTE] = { "note", ENTRY_TEXT },
	[EF_PAYLOAD_MAC] = { "payload_mac", ENTRY_BLOB },
};

/* The envelope's member order: the column names sorted byte-wise, with the
 * version member "v" (f = -1) in its place, each key as written ("name":).
 * test_audit checks the order against canon's rule and each key against
 * entry_fields. */
struct canon_key {
	int f;
	const char *k;
	size_t n;
};
#define CANON_KEY(f, name) { f, "\"" name "\":", sizeof(name) + 2 }
static const struct canon_key canon_keys[] = {
	CANON_KEY(EF_ATTEMPTS, "attempts"), CANON_KEY(EF_BACKEND, "backend"), CANON_KEY(EF_CLASS, "class"),
	CANON_KEY(EF_COST_MICRO_USD, "cost_micro_usd"), CANON_KEY(EF_DENIED, "denied"),
	CANON_KEY(EF_ERROR_CODE, "error_code"), CANON_KEY(EF_FILTER_IN, "filter_in"),
	CANON_KEY(EF_FILTER_OUT, "filter_out"), CANON_KEY(EF_FINDINGS, "findings"),
	CANON_KEY(EF_FINISH_REASON, "finish_reason"), CANON_KEY(EF_INPUT_TOKENS, "input_tokens"),
	CANON_KEY(EF_KIND, "kind"), CANON_KEY(EF_LATENCY_US, "latency_us"), CANON_KEY(EF_MODEL, "model"),
	CANON_KEY(EF_NOTE, "note"), CANON_KEY(EF_OUTPUT_BYTES, "output_bytes"),
	CANON_KEY(EF_OUTPUT_TOKENS, "output_tokens"), CANON_KEY(EF_PAYLOAD_MAC, "payload_mac"),
	CANON_KEY(EF_POLICY, "policy"), CANON_KEY(EF_PROMPT_BYTES, "prompt_bytes"),
	CANON_KEY(EF_PROVIDER, "provider"), CANON_KEY(EF_REC_ID, "rec_id"), CANON_KEY(EF_RULE, "rule"),
	CANON_KEY(EF_SEQ, "seq"), CANON_KEY(EF_STATUS, "status"), CANON_KEY(EF_TS_US, "ts_us"),
	CANON_KEY(EF_TTFT_US, "ttft_us"), CANON_KEY(-1, "v"), CANON_KEY(EF_WORKLOAD, "workload"),
};
#define CANON_NKEYS (sizeof(canon_keys) / sizeof(canon_keys[0]))

void entry_clear(struct entry *e)
{
	memset(e, 0, sizeof(*e));
}

void entry_set_text(struct entry *e, enum entry_field f, const char *s, size_t n)
{
	e->f[f].set = 1;
	e->f[f].s = s;
	e->f[f].n = n;
}

void entry_set_int(struct entry *e, enum entry_field f, int64_t v)
{
	e->f[f].set = 1;
	e->f[f].i = v;
}

void entry_scratch_init(struct entry_scratch *sc)
{
	for (int i = 0; i < EF_COUNT; i++)
		buf_init(&sc->b[i]);
}

void entry_scratch_release(struct entry_scratch *sc)
{
	for (int i = 0; i < EF_COUNT; i++)
		buf_release(&sc->b[i]);
}

/* A string (decoded) or number (as written) into column f. */
static void take_text(struct entry *e, struct entry_scratch *sc, enum entry_field f, struct json_span v)
{
	struct buf *b = &sc->b[f];
	buf_reset(b);
	if (v.type == JSON_STRING)
		json_string_decode(v, b);
	else if (v.type == JSON_NUMBER)
		buf_put(b, v.p, v.n);
	else
		return;
	entry_set_text(e, f, b->p ? b->p : "", b->len);
}

/* A number scaled (ms -> us: 1000; usd -> micro-usd: 1e6) and rounded. */
static void take_num(struct entry *e, enum entry_field f, struct json_span v, double scale)
{
	if (v.type != JSON_NUMBER || v.n >= 64)
		return;
	double d = json_number(v) * scale;
	if (!(fabs(d) < 9e15))
		return;
	entry_set_int(e, f, (int64_t)llround(d));
}

static size_t decoded_len(struct json_span s)
{
	if (s.type != JSON_STRING)
		return 0;
	if (json_string_is_plain(s))
		return s.n - 2;
	struct buf b = BUF_INIT;
	json_string_decode(s, &b);
	size_t n = b.len;
	buf_release(&b);
	return n;
}

static void add_prompt(void *ctx, const char *path, size_t pathlen, struct json_span str)
{
	*(int64_t *)ctx += (int64_t)decoded_len(str);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Finding types: the keys of _llm.classify.counts (else the types of its
 * findings), sorted and unique, joined by commas. */
static void take_findings(struct entry *e, struct entry_scratch *sc, struct json_span cls)
{
	struct buf *b = &sc->b[EF_FINDINGS];
	buf_reset(b);
	if (cls.type != JSON_OBJECT)
		return;
	struct buf all = BUF_INIT;
	struct json_span counts = json_object_get(cls, "counts"), k, v;
	struct json_iter it;
	size_t n = 0;
	if (counts.type == JSON_OBJECT) {
		json_iter_init(&it, counts);
		while (json_iter_member(&it, &k, &v)) {
			json_string_decode(k, &all);
			buf_putc(&all, '\0');
			n++;
		}
	} else {
		struct json_span fs = json_object_get(cls, "findings");
		if (fs.type == JSON_ARRAY) {
			json_iter_init(&it, fs);
			while (json_iter_elem(&it, &v)) {
				struct json_span t = v.type == JSON_OBJECT ? json_object_get(v, "type") : v;
				if (t.type != JSON_STRING)
					continue;
				json_string_decode(t, &all);
				buf_putc(&all, '\0');
				n++;
			}
		}
	}
	if (n) {
		char **v2 = malloc(n * sizeof(*v2));
		if (!v2)
			abort();
		char *p = all.p;
		for (size_t i = 0; i < n; i++, p += strlen(p) + 1)
			v2[i] = p;
		qsort(v2, n, sizeof(*v2), cmp_str);
		for (size_t i = 0; i < n; i++) {
			if (i && !strcmp(v2[i], v2[i - 1]))
				continue;
			if (b->len)
				buf_putc(b, ',');
			buf_puts(b, v2[i]);
		}
		free(v2);
	}
	buf_release(&all);
	entry_set_text(e, EF_FINDINGS, b->p ? b->p : "", b->len);
}

void entry_from_record(struct entry *e, struct entry_scratch *sc, const struct record *r)
{
	static const char kind[] = "record";
	entry_clear(e);
	entry_set_text(e, EF_KIND, kind, sizeof(kind) - 1);

	/* One pass over _llm for the members we read (lookups one by one
	 * would skip over the answer in _llm.infer again for each). */
	struct json_span none = { NULL, 0, JSON_NONE };
	struct json_span route = none, infer = none, filter = none, cls = none, err = none, llm_id = none;
	if (r->llm.type == JSON_OBJECT) {
		struct json_iter it;
		struct json_span k, v;
		json_iter_init(&it, r->llm);
		while (json_iter_member(&it, &k, &v)) {
			if (json_string_eq(k, "infer") && !infer.type)
				infer = v; /* the first, as json_object_get */
			else if (json_string_eq(k, "route") && !route.type)
				route = v;
			else if (json_string_eq(k, "filter") && !filter.type)
				filter = v;
			else if (json_string_eq(k, "classify") && !cls.type)
				cls = v;
			else if (json_string_eq(k, "error") && !err.type)
				err = v;
			else if (json_string_eq(k, "id") && !llm_id.type)
				llm_id = v;
		}
	}
	struct json_span id = record_get(r, "id");
	if (id.type != JSON_STRING && id.type != JSON_NUMBER)
		id = llm_id;
	take_text(e, sc, EF_REC_ID, id);

	if (route.type != JSON_OBJECT)
		route = none;
	if (infer.type != JSON_OBJECT)
		infer = none;
	if (filter.type != JSON_OBJECT)
		filter = none;

	struct json_span w = record_get(r, "workload");
	if (w.type != JSON_STRING && route.type)
		w = json_object_get(route, "workload");
	take_text(e, sc, EF_WORKLOAD, w);
	if (cls.type == JSON_OBJECT)
		take_text(e, sc, EF_CLASS, json_object_get(cls, "class"));
	take_findings(e, sc, cls);

	if (filter.type) {
		struct json_span stage = json_object_get(filter, "stage");
		if (json_string_eq(stage, "output")) {
			take_text(e, sc, EF_FILTER_OUT, json_object_get(filter, "verdict"));
			struct json_span in = json_object_get(filter, "input");
			if (in.type == JSON_OBJECT)
				take_text(e, sc, EF_FILTER_IN, json_object_get(in, "verdict"));
		} else {
			take_text(e, sc, EF_FILTER_IN, json_object_get(filter, "verdict"));
		}
	}
	int denied = 0;
	if (route.type) {
		take_text(e, sc, EF_RULE, json_object_get(route, "rule"));
		take_text(e, sc, EF_POLICY, json_object_get(route, "policy"));
		take_text(e, sc, EF_BACKEND, json_object_get(route, "backend"));
		denied = json_object_get(route, "denied").type == JSON_TRUE;
		entry_set_int(e, EF_DENIED, denied);
	}
	struct json_span out = none, ierr = none;
	if (infer.type) {
		/* One pass over _llm.infer: it holds the answer, which repeated
		 * lookups would skip over again and again. */
		struct json_iter it;
		struct json_span k, v;
		json_iter_init(&it, infer);
		while (json_iter_member(&it, &k, &v)) {
			if (json_string_eq(k, "backend")) {
				if (v.type == JSON_STRING)
					take_text(e, sc, EF_BACKEND, v);
			} else if (json_string_eq(k, "provider")) {
				take_text(e, sc, EF_PROVIDER, v);
			} else if (json_string_eq(k, "model")) {
				take_text(e, sc, EF_MODEL, v);
			} else if (json_string_eq(k, "finish_reason")) {
				take_text(e, sc, EF_FINISH_REASON, v);
			} else if (json_string_eq(k, "latency_ms")) {
				take_num(e, EF_LATENCY_US, v, 1000.0);
			} else if (json_string_eq(k, "ttft_ms")) {
				take_num(e, EF_TTFT_US, v, 1000.0);
			} else if (json_string_eq(k, "cost_usd")) {
				take_num(e, EF_COST_MICRO_USD, v, 1e6);
			} else if (json_string_eq(k, "usage") && v.type == JSON_OBJECT) {
				take_num(e, EF_INPUT_TOKENS, json_object_get(v, "input_tokens"), 1.0);
				take_num(e, EF_OUTPUT_TOKENS, json_object_get(v, "output_tokens"), 1.0);
			} else if (json_string_eq(k, "attempts") && v.type == JSON_ARRAY) {
				struct json_iter ai;
				struct json_span a;
				int64_t n = 0;
				json_iter_init(&ai, v);
				while (json_iter_elem(&ai, &a))
					n++;
				entry_set_int(e, EF_ATTEMPTS, n);
			} else if (json_string_eq(k, "output")) {
				out = v;
				if (v.type == JSON_STRING)
					entry_set_int(e, EF_OUTPUT_BYTES, (int64_t)decoded_len(v));
			} else if (json_string_eq(k, "error")) {
				ierr = v;
			}
		}
	}
	int64_t pb = 0;
	record_prompt_texts(r, add_prompt, &pb);
	entry_set_int(e, EF_PROMPT_BYTES, pb);

	const char *status = NULL;
	if (err.type == JSON_OBJECT) {
		status = "error";
		take_text(e, sc, EF_ERROR_CODE, json_object_get(err, "code"));
	} else if ((e->f[EF_FILTER_IN].set && e->f[EF_FILTER_IN].n == 5 && !memcmp(e->f[EF_FILTER_IN].s, "block", 5)) ||
		   (e->f[EF_FILTER_OUT].set && e->f[EF_FILTER_OUT].n == 5 && !memcmp(e->f[EF_FILTER_OUT].s, "block", 5))) {
		status = "blocked";
	} else if (denied) {
		status = "denied";
	} else if (infer.type) {
		status = (ierr.type != JSON_NONE && ierr.type != JSON_NULL) || out.type != JSON_STRING ? "error" : "ok";
		if (ierr.type == JSON_OBJECT)
			take_text(e, sc, EF_ERROR_CODE, json_object_get(ierr, "code"));
		else if (ierr.type == JSON_STRING)
			take_text(e, sc, EF_ERROR_CODE, ierr);
	}
	if (status)
		entry_set_text(e, EF_STATUS, status, strlen(status));
}

int entry_from_feedback(struct entry *e, struct entry_scratch *sc, const struct record *r, char *msg, size_t msglen)
{
	static const char kind[] = "feedback";
	entry_clear(e);
	entry_set_text(e, EF_KIND, kind, sizeof(kind) - 1);
	struct json_span id = record_get(r, "id");
	if (id.type != JSON_STRING && id.type != JSON_NUMBER) {
		snprintf(msg, msglen, "feedback without an id");
		return -1;
	}
	take_text(e, sc, EF_REC_ID, id);
	struct json_span score = record_get(r, "score"), label = record_get(r, "label");
	if (score.type != JSON_NUMBER && label.type != JSON_STRING) {
		snprintf(msg, msglen, "feedback needs a numeric score or a string label");
		return -1;
	}
	struct entry tmp;
	entry_clear(&tmp);
	struct buf lb = BUF_INIT;
	struct buf *b = &sc->b[EF_NOTE];
	buf_reset(b);
	struct canon c;
	canon_begin(&c, b);
	if (label.type == JSON_STRING) {
		json_string_decode(label, &lb);
		canon_str(&c, "label", lb.p ? lb.p : "", lb.len);
	}
	if (score.type == JSON_NUMBER) {
		take_num(&tmp, EF_ATTEMPTS, score, 1000.0);
		if (!tmp.f[EF_ATTEMPTS].set) {
			buf_release(&lb);
			snprintf(msg, msglen, "feedback score out of range");
			return -1;
		}
		canon_int(&c, "score_milli", tmp.f[EF_ATTEMPTS].i);
	}
	canon_end(&c);
	buf_release(&lb);
	entry_set_text(e, EF_NOTE, b->p, b->len);
	return 0;
}

/* Writes v's decimal digits at w (room for 20 bytes); returns the end. */
static char *put_i64(char *w, int64_t v)
{
	char tmp[24];
	int k = 0;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do {
		tmp[k++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[k++] = '-';
	while (k)
		*w++ = tmp[--k];
	return w;
}

/* 1 when s needs neither an escape nor a UTF-8 check: plain ASCII. */
static int plain_ascii(const char *s, size_t n)
{
	unsigned char bad = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bad |= (unsigned char)((c < 0x20) | (c >= 0x80) | (c == '"') | (c == '\\'));
	}
	return !bad;
}

static int envelope(const struct entry *e, struct buf *out, size_t *seq_at);

int entry_envelope(const struct entry *e, struct buf *out)
{
	return envelope(e, out, NULL);
}

int entry_envelope_seq(const struct entry *e, struct buf *out, size_t *seq_at)
{
	*seq_at = (size_t)-1;
	return envelope(e, out, seq_at);
}

static int envelope(const struct entry *e, struct buf *out, size_t *seq_at)
{
	/* This is verify's inner loop (and append's): one bound for all but
	 * escaped text, then plain stores. Keys are constant ASCII, written as
	 * they are. */
	size_t need = 2 + CANON_NKEYS;
	for (size_t k = 0; k < CANON_NKEYS; k++) {
		int f = canon_keys[k].f;
		if (f >= 0 && !e->f[f].set)
			continue;
		need += canon_keys[k].n + (f < 0 || entry_fields[f].type == ENTRY_INT ? 20 : 2 * e->f[f].n + 2);
	}
	buf_grow(out, need);
	char *w = out->p + out->len;
	*w++ = '{';
	int n = 0;
	for (size_t k = 0; k < CANON_NKEYS; k++) {
		int f = canon_keys[k].f;
		const struct entry_val *v = f < 0 ? NULL : &e->f[f];
		if (v && !v->set)
			continue;
		if (n++)
			*w++ = ',';
		memcpy(w, canon_keys[k].k, canon_keys[k].n);
		w += canon_keys[k].n;
		if (!v) {
			w = put_i64(w, ENTRY_VERSION);
			continue;
		}
		const char *str = v->s ? v->s : "";
		switch (entry_fields[f].type) {
		case ENTRY_INT:
			if (seq_at && f == EF_SEQ)
				*seq_at = (size_t)(w - out->p);
			w = put_i64(w, v->i);
			break;
		case ENTRY_TEXT:
			if (plain_ascii(str, v->n)) {
				*w++ = '"';
				memcpy(w, str, v->n);
				w += v->n;
				*w++ = '"';
				break;
			}
			if (json_utf8_valid_prefix(str, v->n) != v->n) {
				out->p[out->len] = '\0';
				return -1;
			}
			/* Escapes may need more room than the bound: through buf. */
			out->len = (size_t)(w - out->p);
			canon_string(out, str, v->n);
			buf_grow(out, need);
			w = out->p + out->len;
			break;
		case ENTRY_BLOB:
			*w++ = '"';
			hash_hex((const unsigned char *)str, v->n, w);
			w += 2 * v->n;
			*w++ = '"';
			break;
		}
	}
	*w++ = '}';
	out->len = (size_t)(w - out->p);
	out->p[out->len] = '\0';
	return 0;
}

int entry_note_ranges(const char *s, size_t n, int (*fn)(void *ctx, int64_t lo, int64_t hi), void *ctx)
{
	size_t i = 0;
	int64_t prev = -1;
	if (n == 0)
		return -1;
	while (i < n) {
		int64_t lo = 0, hi;
		size_t d = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9' && d < 18) {
			lo = lo * 10 + (s[i++] - '0');
			d++;
		}
		if (!d || (i < n && s[i] >= '0' && s[i] <= '9'))
			return -1;
		hi = lo;
		if (i < n && s[i] == '-') {
			i++;
			hi = 0;
			d = 0;
			while (i < n && s[i] >= '0' && s[i] <= '9' && d < 18) {
				hi = hi * 10 + (s[i++] - '0');
				d++;
			}
			if (!d || (i < n && s[i] >= '0' && s[i] <= '9') || hi <= lo)
				return -1;
		}
		if (lo <= prev)
			return -1;
		prev = hi;
		if (i < n) {
			if (s[i] != ',' || i + 1 == n)
				return -1;
			i++;
		}
		if (fn && fn(ctx, lo, hi) < 0)
			return -1;
	}
	return 0;
}
