/*
 * json: a validating JSON scanner that works on the bytes in place.
 *
 * The hot path of every binary is "read a record, look at a few fields, add
 * _llm, write it out". Parsing each record into jv values and serialising it
 * again is what makes `jq -c .` run at ~40 MB/s; this scanner validates a
 * line (RFC 8259, strict UTF-8, depth <= JSON_MAX_DEPTH like libjq, and
 * I-JSON's rule of RFC 7493 that no object holds a key twice) in one
 * pass, indexes the top-level members, and lets callers navigate and decode
 * only what they need. The original bytes are then copied through unchanged,
 * which is also what the record contract asks for (fields are never
 * reordered or re-formatted).
 */
#ifndef LLM_JSON_H
#define LLM_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define JSON_MAX_DEPTH 256

enum json_type {
	JSON_NONE = 0, /* absent */
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

/* A value's bytes: strings include their quotes, containers their brackets. */
struct json_span {
	const char *p;
	size_t n;
	enum json_type type;
};

struct json_member {
	struct json_span key; /* a JSON_STRING span */
	struct json_span val;
};

/* Top-level members of a validated object, in input order. */
struct json_index {
	struct json_member *v;
	size_t n, alloc;
};

struct json_error {
	size_t offset;   /* byte offset of the problem */
	const char *msg; /* static text, e.g. "invalid UTF-8 in string" */
	int duplicate;   /* the problem is a repeated key (valid JSON, not I-JSON) */
};

/*
 * Validates that p[0, n) holds exactly one JSON value (surrounding whitespace
 * allowed). When the value is an object and idx is not NULL, its top-level
 * members are stored in idx (cleared first). Sets *root to the value.
 * Returns 0, or -1 with *err filled.
 */
int json_scan(const char *p, size_t n, struct json_span *root,
	      struct json_index *idx, struct json_error *err);
void json_index_release(struct json_index *idx);

/* 1 when p[0, n) is JSON but an object in it names a key twice (*offset:
 * where); 0 otherwise, invalid JSON included, which the caller's own parser
 * reports. For configuration read with libjq, which keeps the last of two
 * members: a policy or rules file with a repeated key must not pass. */
int json_has_duplicate(const char *p, size_t n, size_t *offset);

/* Iteration over an already validated container. */
struct json_iter {
	const char *p, *end;
};
void json_iter_init(struct json_iter *it, struct json_span container);
/* Next member of an object; returns 0 at the end. */
int json_iter_member(struct json_iter *it, struct json_span *key, struct json_span *val);
/* Next element of an array; returns 0 at the end. */
int json_iter_elem(struct json_iter *it, struct json_span *val);

/* Member of a validated object by key (first match), or a JSON_NONE span. */
struct json_span json_object_get(struct json_span obj, const char *key);
struct json_span json_index_get(const struct json_index *idx, const char *key, size_t *pos);

/* 1 when the string span's decoded value equals the NUL-terminated lit. */
int json_string_eq(struct json_span s, const char *lit);
/* 1 when a validated string span holds no escapes (so its bytes between the
 * quotes are the value). */
int json_string_is_plain(struct json_span s);
/* Appends the decoded value of a validated string span. Lone surrogates
 * decode to U+FFFD, as libjq does. */
void json_string_decode(struct json_span s, struct buf *out);

/*
 * Appends s[0, n) as a quoted JSON string. Invalid UTF-8 bytes become
 * U+FFFD; returns the number of bytes so replaced (0 when lossless).
 */
size_t json_escape(struct buf *out, const char *s, size_t n);
/* Appends s as a JSON string without quotes around it. */
size_t json_escape_body(struct buf *out, const char *s, size_t n);

/* The value of a validated number span (strtod's correctly rounded
 * double, as libjq reads it); NAN for a span that is not a number. */
double json_number(struct json_span v);

/* Length of the valid UTF-8 prefix of s[0, n). */
size_t json_utf8_valid_prefix(const char *s, size_t n);

#endif
