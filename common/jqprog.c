/*
 * jqprog: libjq programs as record predicates; see jqprog.h.
 */
#include "jqprog.h"

#include <jq.h>
#include <stdio.h>
#include <stdlib.h>

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
