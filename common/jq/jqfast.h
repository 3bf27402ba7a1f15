/*
 * jqfast: a native evaluator for the predicate subset of jq that policy
 * conditions are written in, working on the validated JSON bytes.
 *
 * Why: libjq is the reference for what a `when` program means, but a
 * record must first become a jv tree and the program then runs in jq's
 * interpreter; for a handful of short conditions that costs more than
 * `jq` itself spends per record, and llm-route must beat jq. Most
 * conditions are paths, comparisons, and/or/not, `//`, length, has,
 * startswith, any/all over an array: those compile here and run on
 * json spans with no allocation.
 *
 * The contract: jqfast_eval() either answers exactly what jqprog_test()
 * would (truthy first output, falsy, or no output), or says
 * JQFAST_FALLBACK and the caller asks libjq. It falls back on anything it
 * is not sure of: any error (libjq then produces the message), comparisons
 * of two containers, objects with duplicate keys where that matters.
 * tests/unit/test_jqfast.c checks agreement with libjq program by program
 * over generated records.
 *
 * The subset: . .a ."a" .[N] .a? (postfix chains), literals (numbers,
 * strings without interpolation, true, false, null), $var and `T as $v |
 * body`, | , //, or, and, == != < <= > >=, if-elif-else-end, and the
 * builtins length, not, type, ascii_downcase, has(x), startswith(s),
 * endswith(s), contains(s), any(P[]; c), all(P[]; c) (and P[]?).
 * Anything else fails to compile (NULL) and the caller keeps libjq.
 */
#ifndef LLM_JQFAST_H
#define LLM_JQFAST_H

#include "core/json.h"

struct jqfast;

enum jqfast_result {
	JQFAST_FALSE = 0,    /* first output falsy, or no output */
	JQFAST_TRUE = 1,     /* first output truthy */
	JQFAST_FALLBACK = 2, /* ask libjq */
};

/* Compiles text, or returns NULL when it is outside the subset. */
struct jqfast *jqfast_new(const char *text);
void jqfast_free(struct jqfast *f);

/* Evaluates on a validated JSON value (the record). Not thread-safe per
 * program (it keeps scratch space). */
enum jqfast_result jqfast_eval(struct jqfast *f, struct json_span input);

#endif
