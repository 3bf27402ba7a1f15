/*
 * confspec: a table-driven checker for JSON configuration files.
 *
 * A config is described once, as a tree of tables: each member's key, its
 * type, a range for numbers, the allowed strings of an enumeration, the
 * members of a nested object or the element of an array or map. One call,
 * confspec_check(), holds a parsed config (a jv) to the tree at every
 * depth, so a tool reads only values of the type and range it expects:
 *
 *   - a key the table does not name is an error, wherever it is (in a
 *     security config a typo such as "threshhold" must not silently mean
 *     "the default");
 *   - a value of the wrong type, a number out of its range, a string not
 *     in its enumeration or a missing required member is an error;
 *   - every message names the full path of the member at fault, as jq
 *     would write it without the leading dot: injection.threshold,
 *     checks[2].when, actions.email.
 *
 * The tables are static data (see filter.c for llm-filter's); the checker
 * allocates nothing and never prints. What a value means (turning a check
 * off, for one) is the tool's business: the tables only make sure that
 * meaning is never reached by accident.
 */
#ifndef LLM_CONFSPEC_H
#define LLM_CONFSPEC_H

#include <stddef.h>

#include <jv.h>

enum confspec_type {
	CONFSPEC_BOOL = 1,   /* true or false */
	CONFSPEC_NUMBER,     /* within [min, max] (CONFSPEC_INT: a whole number) */
	CONFSPEC_STRING,     /* non-empty unless CONFSPEC_EMPTY_OK */
	CONFSPEC_ENUM,       /* one of values */
	CONFSPEC_OBJECT,     /* exactly the members listed in sub (ended by a NULL key) */
	CONFSPEC_MAP,        /* any keys the key callback accepts, each value as sub[0] */
	CONFSPEC_ARRAY,      /* each element as sub[0] */
	CONFSPEC_ANY_OBJECT, /* an object, not looked into (e.g. a JSON schema) */
};

enum confspec_flags {
	CONFSPEC_REQUIRED = 1,  /* the member must be present */
	CONFSPEC_INT = 2,       /* NUMBER: a whole number */
	CONFSPEC_MIN_OPEN = 4,  /* NUMBER: min itself is out of range */
	CONFSPEC_MAX_OPEN = 8,  /* NUMBER: max itself is out of range */
	CONFSPEC_EMPTY_OK = 16, /* STRING: "" allowed; ARRAY, MAP: empty allowed */
};

struct confspec {
	const char *key;               /* member name; NULL ends a table */
	enum confspec_type type;
	unsigned flags;                /* enum confspec_flags */
	double min, max;               /* NUMBER */
	const char *const *values;     /* ENUM: NULL-terminated */
	const struct confspec *sub;    /* OBJECT: member table; MAP, ARRAY: the element's spec */
	const char *hint;              /* MAP: what its keys are, for an unknown key's message */
};

/* MAP keys: 1 when key is one the map may hold. ctx is confspec_check's. */
typedef int (*confspec_key_fn)(void *ctx, const struct confspec *map, const char *key);

/*
 * Checks v (borrowed) against spec, the root (usually an OBJECT). keyok
 * decides the keys of MAPs (NULL: any key). Returns 0, or -1 with the
 * first problem in err, e.g.
 *   unknown key "injection.threshhold"
 *   "injection.threshold": 7 is out of range [0, 1]
 *   "checks[0].when": expected a string, found a number
 */
int confspec_check(const struct confspec *spec, jv v, confspec_key_fn keyok, void *ctx, char *err, size_t errlen);

/* The type's name as messages say it: "a boolean", "a number", ... */
const char *confspec_type_name(enum confspec_type t);

#endif
