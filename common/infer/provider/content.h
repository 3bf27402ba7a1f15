/*
 * content: the one definition of what a backend receives from a record
 * (llm-records(7), "What is scanned and what is sent").
 *
 * Sent, for every backend kind:
 *   - .messages, whole: every message object as the record holds it (role,
 *     content as a string or as parts of any type, name, tool_calls with
 *     their arguments, tool results, nested arrays and objects). Where a
 *     record has no .messages, .text (else .prompt) becomes one user message.
 *   - .params, only the keys of the allow-list below (sampling and answer
 *     shape); a key that changes how a provider handles data (store,
 *     metadata, user, service_tier, ...) comes only from the policy, and an
 *     unknown key is refused by name. A record never overrides a key its
 *     backend's policy params set.
 *   - the operator's --system text and the policy's params.
 * Nothing else of the record leaves: not .id, not .workload, not user
 * fields, never _llm.
 *
 * Scanned: llm-classify and llm-filter scan every string of the record but
 * _llm (record_texts), a superset of the above. llm-infer's last gate scans
 * the exact strings of each request body it is about to send
 * (content_strings), keys included, so what is scanned there is what is
 * sent, whatever this module or a provider codec does.
 */
#ifndef LLM_CONTENT_H
#define LLM_CONTENT_H

#include <stddef.h>

#include <jv.h>

#include "core/json.h"
#include "core/record.h"

enum content_param {
	CONTENT_PARAM_UNKNOWN = -1,
	CONTENT_PARAM_ALLOWED = 0,   /* a record may set it */
	CONTENT_PARAM_POLICY_ONLY,   /* data handling: the policy's params only */
	CONTENT_PARAM_FIXED,         /* the request's frame (model, messages, stream) */
};

/* What a record asks a backend: messages and the record's allowed params. */
struct content {
	jv messages;   /* array of message objects (role a string) */
	jv params;     /* object: the record's params, validated */
};

/* Reads a record's content. Returns 0, or -1 with err naming what is wrong
 * (no input, a malformed .messages, a .params key refused and why). */
int content_from_record(const struct record *r, struct content *c, char *err, size_t errlen);
void content_release(struct content *c);

/* How a .params key is treated (enum content_param). */
int content_param_kind(const char *key);

/* Checks one allowed param's value type. Returns 0, or -1 with err. */
int content_param_check(const char *key, jv val, char *err, size_t errlen);

/* Every string of a validated JSON value, object keys included, in
 * document order: what the last gate scans in a request body. */
typedef void (*content_string_fn)(void *ctx, struct json_span str);
void content_strings(struct json_span v, content_string_fn fn, void *ctx);

#endif
