/*
 * usage: diagnostics on stderr, one line each, prefixed with the program name.
 */
#include "core/usage.h"

#include <stdio.h>
#include <stdlib.h>

static const char *prog = "llm";
static void (*before_report)(void);
static int quiet;

void usage_set_before_report(void (*fn)(void))
{
	before_report = fn;
}

void usage_set_quiet(int q)
{
	quiet = q;
}

void usage_set_prog(const char *name)
{
	prog = name;
}

const char *usage_prog(void)
{
	return prog;
}

__attribute__((format(printf, 2, 0)))
static void report(const char *level, const char *fmt, va_list ap)
{
	/* One fprintf per part can interleave with other writers to the same
	 * terminal; build the line first so it is written in one go. */
	char line[4096];
	int n = snprintf(line, sizeof(line), "%s: %s%s", prog, level, *level ? ": " : "");
	if (n < 0)
		n = 0;
	if ((size_t)n < sizeof(line))
		vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	if (before_report)
		before_report();
	fflush(stdout);
	fprintf(stderr, "%s\n", line);
}

void die(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report("error", fmt, ap);
	va_end(ap);
	exit(code);
}

void error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report("error", fmt, ap);
	va_end(ap);
}

void warning(const char *fmt, ...)
{
	if (quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	report("warning", fmt, ap);
	va_end(ap);
}

void note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report("", fmt, ap);
	va_end(ap);
}
