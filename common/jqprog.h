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

struct jqprog;

/* Compiles text; NULL with err filled on a syntax error. */
struct jqprog *jqprog_new(const char *text, char *err, size_t errlen);
void jqprog_free(struct jqprog *p);

/* Runs p on input (consumed). Returns 1 when its first output is truthy
 * (neither false nor null), 0 when falsy or when it yields nothing, -1 when
 * the program raised an error (err filled). */
int jqprog_test(struct jqprog *p, jv input, char *err, size_t errlen);

#endif
