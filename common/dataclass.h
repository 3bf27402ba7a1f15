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

/* Class for a name, or -1. */
static inline int dataclass_parse(const char *s)
{
	for (int c = 0; c < DATACLASS_COUNT; c++)
		if (!strcmp(s, dataclass_name(c)))
			return c;
	return -1;
}

#endif
