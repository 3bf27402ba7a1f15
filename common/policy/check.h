/*
 * check: the semantic checks behind `llm-route --check` (policy(5) lists
 * them). policy_load() already rejected what is malformed; these find what
 * is well-formed but wrong: unknown backends, rules that can never match,
 * rules no backend can serve under the ceilings, keys that are not there.
 */
#ifndef LLM_CHECK_H
#define LLM_CHECK_H

#include "policy/policy.h"

enum check_severity { CHECK_WARNING = 0, CHECK_ERROR = 1 };

typedef void (*check_fn)(void *ctx, enum check_severity sev, const char *msg);

/* Runs every check, calling fn per diagnostic in a stable order. With
 * env_checks 0, the checks of the environment (key variables, key and
 * model files) are skipped. Returns the number of errors. */
int check_policy(const struct policy *p, int env_checks, check_fn fn, void *ctx);

#endif
