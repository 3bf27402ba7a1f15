/*
 * jqprog: a compiled jq program used as a predicate over a record (policy
 * conditions, classify record rules, filter checks), through libjq.
 * libjq reports compile errors through a callback; this module captures
 * them into the caller's buffer so nothing is printed.
 */
#ifndef LLM_JQPROG_H
#define LLM_JQPROG_H

#include <jv.h>
#include <stddef.h>

#include "json.h"

struct jqprog;

/* Compiles text; NULL with err filled on a syntax error. */
struct jqprog *jqprog_new(const char *text, char *err, size_t errlen);
void jqprog_free(struct jqprog *p);

/* Runs p on input (consumed). Returns 1 when its first output is truthy
 * (neither false nor null), 0 when falsy or when it yields nothing, -1 when
 * the program raised an error (err filled). */
int jqprog_test(struct jqprog *p, jv input, char *err, size_t errlen);

/*
 * Builds the jv of a value json_scan() has validated, straight from the
 * bytes. libjq's own parser is what holds `jq` to ~40 MB/s; walking our
 * validated spans is several times faster and yields the same value
 * (duplicate keys: the last wins, as in jq; numbers through strtod, which
 * rounds correctly as jq's does).
 */
jv jqprog_jv_from_json(struct json_span v);

#endif
