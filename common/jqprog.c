/*
 * jqprog: libjq programs as record predicates; see jqprog.h.
 */
#include "jqprog.h"

#include <jq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

struct jqprog {
	jq_state *jq;
};

struct errbuf {
	char *err;
	size_t errlen;
};

static void on_error(void *data, jv e)
{
	struct errbuf *eb = data;
	if (eb->errlen) {
		if (jv_get_kind(e) == JV_KIND_STRING)
			snprintf(eb->err, eb->errlen, "%s", jv_string_value(e));
		else
			snprintf(eb->err, eb->errlen, "jq error");
	}
	jv_free(e);
}

struct jqprog *jqprog_new(const char *text, char *err, size_t errlen)
{
	struct jqprog *p = calloc(1, sizeof(*p));
	struct errbuf eb = { err, errlen };
	if (!p || !(p->jq = jq_init())) {
		snprintf(err, errlen, "out of memory");
		free(p);
		return NULL;
	}
	if (errlen)
		err[0] = '\0';
	jq_set_error_cb(p->jq, on_error, &eb);
	int ok = jq_compile(p->jq, text);
	jq_set_error_cb(p->jq, NULL, NULL);
	if (!ok) {
		if (errlen && !err[0])
			snprintf(err, errlen, "syntax error");
		jq_teardown(&p->jq);
		free(p);
		return NULL;
	}
	return p;
}

void jqprog_free(struct jqprog *p)
{
	if (!p)
		return;
	jq_teardown(&p->jq);
	free(p);
}

int jqprog_test(struct jqprog *p, jv input, char *err, size_t errlen)
{
	jq_start(p->jq, input, 0);
	jv out = jq_next(p->jq);
	int rc;
	if (jv_is_valid(out)) {
		jv_kind k = jv_get_kind(out);
		rc = k != JV_KIND_NULL && k != JV_KIND_FALSE;
	} else if (jv_invalid_has_msg(jv_copy(out))) {
		jv msg = jv_invalid_get_msg(jv_copy(out));
		if (jv_get_kind(msg) == JV_KIND_STRING)
			snprintf(err, errlen, "%s", jv_string_value(msg));
		else {
			jv d = jv_dump_string(jv_copy(msg), 0);
			snprintf(err, errlen, "%s", jv_string_value(d));
			jv_free(d);
		}
		jv_free(msg);
		rc = -1;
	} else {
		rc = 0; /* no output: empty */
	}
	jv_free(out);
	return rc;
}

static jv from_string(struct json_span v, struct buf *tmp)
{
	if (json_string_is_plain(v))
		return jv_string_sized(v.p + 1, (int)(v.n - 2));
	tmp->len = 0;
	json_string_decode(v, tmp);
	return jv_string_sized(tmp->p ? tmp->p : "", (int)tmp->len);
}

static jv build(struct json_span v, struct buf *tmp)
{
	switch (v.type) {
	case JSON_NULL: return jv_null();
	case JSON_TRUE: return jv_true();
	case JSON_FALSE: return jv_false();
	case JSON_NUMBER: return jv_number(json_number(v));
	case JSON_STRING: return from_string(v, tmp);
	case JSON_ARRAY: {
		jv a = jv_array();
		struct json_iter it;
		struct json_span e;
		json_iter_init(&it, v);
		while (json_iter_elem(&it, &e))
			a = jv_array_append(a, build(e, tmp));
		return a;
	}
	case JSON_OBJECT: {
		jv o = jv_object();
		struct json_iter it;
		struct json_span k, e;
		json_iter_init(&it, v);
		while (json_iter_member(&it, &k, &e)) {
			jv key = from_string(k, tmp);
			o = jv_object_set(o, key, build(e, tmp));
		}
		return o;
	}
	default: return jv_invalid();
	}
}

jv jqprog_jv_from_json(struct json_span v)
{
	struct buf tmp;
	buf_init(&tmp);
	jv out = build(v, &tmp);
	buf_release(&tmp);
	return out;
}
