/*
 * provider_int: what provider.c, openai.c and anthropic.c share.
 */
#ifndef LLM_PROVIDER_INT_H
#define LLM_PROVIDER_INT_H

#include "infer/provider/provider.h"

/* Request parts common to both formats, parsed from the record. */
struct provider_input {
	jv messages;   /* array of {role, content}; the record's .messages or one user turn */
	jv params;     /* the record's .params (object) or an empty object */
};

int openai_build(const struct provider_target *t, const struct provider_opts *o, struct provider_input *in,
		 int stream, struct buf *body, char *err, size_t errlen);
int anthropic_build(const struct provider_target *t, const struct provider_opts *o, struct provider_input *in,
		    int stream, struct buf *body, char *err, size_t errlen);
int openai_parse(jv v, struct provider_result *res);
int anthropic_parse(jv v, struct provider_result *res);
int openai_stream_event(struct provider_stream *ps, const char *event, jv v);
int anthropic_stream_event(struct provider_stream *ps, const char *event, jv v);

/* Helpers: a string member as C string (NULL when absent), a number or -1. */
const char *provider_jstr(jv obj, const char *key);
long long provider_jnum(jv obj, const char *key);
/* Merges src's members into dst (both consumed; returns dst). */
jv provider_merge(jv dst, jv src);
/* The record's params into dst, except keys the policy's params (not
 * consumed; jv_invalid() for none) set: a record never overrides them. */
jv provider_merge_record(jv dst, jv src, jv policy);

#endif
