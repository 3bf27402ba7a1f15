/*
 * jqprog: a compiled jq program used as a predicate over a record (policy
 * conditions, classify record rules, filter checks), through libjq.
 * libjq reports compile errors through a callback; this module captures
 * them (libjq's own messages) into the caller's buffer so nothing is
 * printed. Every evaluation runs under a CPU time and a memory budget.
 */
#ifndef LLM_JQPROG_H
#define LLM_JQPROG_H

#include <jv.h>
#include <stddef.h>

#include "core/json.h"

struct jqprog;

/* Compiles text; NULL with err filled on a syntax error. */
struct jqprog *jqprog_new(const char *text, char *err, size_t errlen);
void jqprog_free(struct jqprog *p);

/* jqprog_test()'s answer when a budget stopped the program. */
#define JQPROG_LIMIT (-2)

/* Runs p on input (consumed). Returns 1 when its first output is truthy
 * (neither false nor null), 0 when falsy or when it yields nothing, -1 when
 * the program raised an error (err filled), JQPROG_LIMIT when it ran past
 * its budget (err says which): more than LLM_JQ_TIME_MS (default 1000) of
 * its thread's CPU, or more than LLM_JQ_MEMORY_MB (default 256) of growth
 * in the process's resident memory. A program stopped so stays stopped:
 * every later call answers JQPROG_LIMIT at once. Several threads may each
 * run their own programs. */
int jqprog_test(struct jqprog *p, jv input, char *err, size_t errlen);

/* The budgets in force (read from the environment once per process). */
void jqprog_limits(int *time_ms, int *memory_mb);

/*
 * Builds the jv of a value json_scan() has validated, straight from the
 * bytes. libjq's own parser is what holds `jq` to ~40 MB/s; walking our
 * validated spans is several times faster and yields the same value
 * (duplicate keys: the last wins, as in jq; numbers through strtod, which
 * rounds correctly as jq's does).
 */
jv jqprog_jv_from_json(struct json_span v);

#endif
