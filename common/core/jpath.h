/*
 * jpath: the small subset of jq paths that --field accepts, evaluated over
 * validated JSON in place: .key, ."any key", .["key"], .[N], .[] and chains
 * of them (.messages[].content, .doc.body). Each string it reaches is handed
 * to a callback with its concrete path (.messages[2].content), which is what
 * findings record as their `path`.
 */
#ifndef LLM_JPATH_H
#define LLM_JPATH_H

#include <stddef.h>

#include "core/buf.h"
#include "core/json.h"

enum jpath_kind {
	JPATH_KEY,   /* .name */
	JPATH_INDEX, /* [N], N may be negative (from the end) */
	JPATH_EACH,  /* [] */
};

struct jpath_seg {
	enum jpath_kind kind;
	char *key;   /* JPATH_KEY: owned, decoded */
	long index;  /* JPATH_INDEX */
};

struct jpath {
	struct jpath_seg *seg;
	size_t n;
	char *text; /* the source text, owned */
};

/* Returns 0, or -1 with a message naming the offending position. */
int jpath_parse(struct jpath *jp, const char *text, char *err, size_t errlen);
void jpath_release(struct jpath *jp);

/* Called for every value the path reaches; path is the concrete jq path. */
typedef void (*jpath_visit_fn)(void *ctx, const char *path, size_t pathlen, struct json_span val);

/* Evaluates jp from root. Missing keys and type mismatches yield nothing. */
void jpath_eval(const struct jpath *jp, struct json_span root, jpath_visit_fn fn, void *ctx);

/* Appends ".key" or ."key" (quoted when not an identifier) to path. */
void jpath_append_key(struct buf *path, const char *key, size_t keylen);

#endif
