/*
 * usage: the die / error / warning family (git's usage.c, sbase's eprintf).
 * Only cmd/ calls these; common/ returns errors to its caller instead.
 * Messages read "llm-NAME: error: ..." in lower case without a full stop.
 */
#ifndef LLM_USAGE_H
#define LLM_USAGE_H

#include <stdarg.h>

void usage_set_prog(const char *name);  /* name shown in every message */
const char *usage_prog(void);
/* Called before each diagnostic is printed (progress.c clears its line). */
void usage_set_before_report(void (*fn)(void));
/* --quiet: warnings are not printed; errors and notes still are. */
void usage_set_quiet(int quiet);

void die(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
