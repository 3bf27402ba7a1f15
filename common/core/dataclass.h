/*
 * dataclass: the four sensitivity classes, ordered, shared by every tool.
 * public < internal < confidential < restricted. Routing is fail-closed:
 * whatever cannot be classified counts as restricted.
 */
#ifndef LLM_DATACLASS_H
#define LLM_DATACLASS_H

#include <string.h>

enum dataclass {
	DATACLASS_PUBLIC = 0,
	DATACLASS_INTERNAL,
	DATACLASS_CONFIDENTIAL,
	DATACLASS_RESTRICTED,
	DATACLASS_COUNT
};

static inline const char *dataclass_name(int c)
{
	static const char *const names[] = { "public", "internal", "confidential", "restricted" };
	return c >= 0 && c < DATACLASS_COUNT ? names[c] : "restricted";
}

/* Class for the n bytes at s, or -1. Exact: the whole text is the name,
 * so "public\0x" (a decoded JSON string with a NUL in it) is no class,
 * never read as its prefix. Callers holding a length use this one. */
static inline int dataclass_parse_n(const char *s, size_t n)
{
	if (!s)
		return -1;
	for (int c = 0; c < DATACLASS_COUNT; c++) {
		const char *name = dataclass_name(c);
		if (strlen(name) == n && !memcmp(s, name, n))
			return c;
	}
	return -1;
}

/* Class for a C string (a command-line argument), or -1. */
static inline int dataclass_parse(const char *s)
{
	return s ? dataclass_parse_n(s, strlen(s)) : -1;
}

#endif
