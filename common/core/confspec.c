/*
 * confspec: holding a parsed config to its table; see confspec.h.
 *
 * The walk follows the table, not the value, so its depth is the table's
 * (a few levels), whatever the file holds: an ANY_OBJECT is not entered.
 * The path of the member at hand is kept in a fixed buffer; a path too
 * long for it is cut with "..." (the message still names its start).
 */
#include "core/confspec.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define PATH_MAX_LEN 256

struct walk {
	confspec_key_fn keyok;
	void *ctx;
	char *err;
	size_t errlen;
	char path[PATH_MAX_LEN];
	size_t len;
};

static int fail(struct walk *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct walk *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->err, w->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* The path for messages: the top level has none. */
static const char *where(const struct walk *w)
{
	return w->len ? w->path : "(the top level)";
}

/* Copies s (n bytes) to out as printable ASCII: quotes, backslashes,
 * control and non-ASCII bytes escaped, so a hostile key cannot reach a
 * terminal raw. Cut at cap - 1 bytes (out is NUL-terminated). */
static void printable(char *out, size_t cap, const char *s, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 5 < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			o += (size_t)snprintf(out + o, cap - o, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			o += (size_t)snprintf(out + o, cap - o, "\\x%02x", c);
		else
			out[o++] = (char)c;
	}
	if (o < cap)
		out[o] = '\0';
	else if (cap)
		out[cap - 1] = '\0';
}

static int plain_key(const char *k, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = k[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

/* Appends a member (key) or an element (key NULL, index i) to the path;
 * returns the old length, for pop(). */
static size_t push(struct walk *w, const char *key, size_t keylen, int i)
{
	size_t old = w->len, cap = sizeof(w->path);
	char seg[160];
	if (!key)
		snprintf(seg, sizeof(seg), "[%d]", i);
	else if (plain_key(key, keylen))
		snprintf(seg, sizeof(seg), "%s%.*s", w->len ? "." : "", (int)(keylen > 120 ? 120 : keylen), key);
	else {
		char esc[140];
		printable(esc, sizeof(esc), key, keylen > 100 ? 100 : keylen);
		snprintf(seg, sizeof(seg), "[\"%s\"]", esc);
	}
	size_t n = strlen(seg);
	if (w->len + n + 4 >= cap) {
		/* Too deep for the buffer: mark the cut once. */
		if (w->len + 4 < cap && strcmp(w->path + (w->len >= 3 ? w->len - 3 : 0), "...")) {
			memcpy(w->path + w->len, "...", 4);
			w->len += 3;
		}
		return old;
	}
	memcpy(w->path + w->len, seg, n + 1);
	w->len += n;
	return old;
}

static void pop(struct walk *w, size_t old)
{
	w->len = old;
	w->path[old] = '\0';
}

static const char *kind_name(jv_kind k)
{
	switch (k) {
	case JV_KIND_NULL: return "null";
	case JV_KIND_TRUE:
	case JV_KIND_FALSE: return "a boolean";
	case JV_KIND_NUMBER: return "a number";
	case JV_KIND_STRING: return "a string";
	case JV_KIND_ARRAY: return "an array";
	case JV_KIND_OBJECT: return "an object";
	default: return "an invalid value";
	}
}

const char *confspec_type_name(enum confspec_type t)
{
	switch (t) {
	case CONFSPEC_BOOL: return "true or false";
	case CONFSPEC_NUMBER: return "a number";
	case CONFSPEC_STRING:
	case CONFSPEC_ENUM: return "a string";
	case CONFSPEC_OBJECT:
	case CONFSPEC_MAP:
	case CONFSPEC_ANY_OBJECT: return "an object";
	case CONFSPEC_ARRAY: return "an array";
	}
	return "?";
}

static int wrong_type(struct walk *w, const struct confspec *s, jv_kind k)
{
	return fail(w, "\"%s\": expected %s, found %s", where(w), confspec_type_name(s->type), kind_name(k));
}

static int check(struct walk *w, const struct confspec *s, jv v);

static int check_number(struct walk *w, const struct confspec *s, double d)
{
	int lo = s->flags & CONFSPEC_MIN_OPEN ? d > s->min : d >= s->min;
	int hi = s->flags & CONFSPEC_MAX_OPEN ? d < s->max : d <= s->max;
	if (!(lo && hi)) /* NaN fails both */
		return fail(w, "\"%s\": %g is out of range %c%g, %g%c", where(w), d, s->flags & CONFSPEC_MIN_OPEN ? '(' : '[',
			    s->min, s->max, s->flags & CONFSPEC_MAX_OPEN ? ')' : ']');
	if ((s->flags & CONFSPEC_INT) && d != floor(d))
		return fail(w, "\"%s\": expected a whole number, found %g", where(w), d);
	return 0;
}

static int check_enum(struct walk *w, const struct confspec *s, jv v)
{
	const char *str = jv_string_value(v);
	size_t n = (size_t)jv_string_length_bytes(jv_copy(v));
	for (const char *const *e = s->values; e && *e; e++)
		if (strlen(*e) == n && !memcmp(*e, str, n))
			return 0;
	char esc[100], list[300];
	size_t o = 0;
	list[0] = '\0';
	for (const char *const *e = s->values; e && *e && o < sizeof(list); e++)
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s", e == s->values ? "" : ", ", *e);
	printable(esc, sizeof(esc), str, n > 60 ? 60 : n);
	return fail(w, "\"%s\": \"%s\" is not one of %s", where(w), esc, list);
}

static int check_object(struct walk *w, const struct confspec *s, jv v)
{
	int rc = 0;
	/* Sorted keys: the first problem reported does not depend on the
	 * order of the file. */
	jv keys = jv_keys(jv_copy(v));
	int n = jv_array_length(jv_copy(keys));
	for (int i = 0; i < n && !rc; i++) {
		jv k = jv_array_get(jv_copy(keys), i);
		const char *ks = jv_string_value(k);
		size_t kn = (size_t)jv_string_length_bytes(jv_copy(k));
		const struct confspec *m = NULL;
		if (s->type == CONFSPEC_OBJECT) {
			for (const struct confspec *c = s->sub; c && c->key && !m; c++)
				if (strlen(c->key) == kn && !memcmp(c->key, ks, kn))
					m = c;
		} else if (!w->keyok || (strlen(ks) == kn && w->keyok(w->ctx, s, ks))) {
			m = s->sub; /* MAP: a key with a NUL byte is never one the callback could accept */
		}
		size_t old = push(w, ks, kn, 0);
		if (!m)
			rc = s->hint ? fail(w, "unknown key \"%s\" (%s)", w->path, s->hint)
				     : fail(w, "unknown key \"%s\"", w->path);
		else
			rc = check(w, m, jv_object_get(jv_copy(v), jv_copy(k)));
		pop(w, old);
		jv_free(k);
	}
	jv_free(keys);
	if (rc || s->type != CONFSPEC_OBJECT)
		return rc;
	for (const struct confspec *c = s->sub; c && c->key; c++) {
		if (!(c->flags & CONFSPEC_REQUIRED) || jv_object_has(jv_copy(v), jv_string(c->key)))
			continue;
		size_t old = push(w, c->key, strlen(c->key), 0);
		rc = fail(w, "\"%s\" is required", w->path);
		pop(w, old);
		return rc;
	}
	return 0;
}

/* Consumes v. */
static int check(struct walk *w, const struct confspec *s, jv v)
{
	jv_kind k = jv_get_kind(v);
	int rc = 0;
	switch (s->type) {
	case CONFSPEC_BOOL:
		if (k != JV_KIND_TRUE && k != JV_KIND_FALSE)
			rc = wrong_type(w, s, k);
		break;
	case CONFSPEC_NUMBER:
		rc = k != JV_KIND_NUMBER ? wrong_type(w, s, k) : check_number(w, s, jv_number_value(v));
		break;
	case CONFSPEC_STRING:
	case CONFSPEC_ENUM:
		if (k != JV_KIND_STRING) {
			rc = wrong_type(w, s, k);
		} else if (memchr(jv_string_value(v), '\0', (size_t)jv_string_length_bytes(jv_copy(v)))) {
			rc = fail(w, "\"%s\": a string must not hold a NUL character", where(w));
		} else if (s->type == CONFSPEC_ENUM) {
			rc = check_enum(w, s, v);
		} else if (!(s->flags & CONFSPEC_EMPTY_OK) && jv_string_length_bytes(jv_copy(v)) == 0) {
			rc = fail(w, "\"%s\": must not be empty", where(w));
		}
		break;
	case CONFSPEC_OBJECT:
	case CONFSPEC_MAP:
	case CONFSPEC_ANY_OBJECT:
		if (k != JV_KIND_OBJECT)
			rc = wrong_type(w, s, k);
		else if (s->type != CONFSPEC_ANY_OBJECT)
			rc = check_object(w, s, v);
		if (!rc && s->type == CONFSPEC_MAP && !(s->flags & CONFSPEC_EMPTY_OK) && jv_object_length(jv_copy(v)) == 0)
			rc = fail(w, "\"%s\": must not be empty", where(w));
		break;
	case CONFSPEC_ARRAY:
		if (k != JV_KIND_ARRAY) {
			rc = wrong_type(w, s, k);
			break;
		}
		int n = jv_array_length(jv_copy(v));
		if (n == 0 && !(s->flags & CONFSPEC_EMPTY_OK))
			rc = fail(w, "\"%s\": must not be empty", where(w));
		for (int i = 0; i < n && !rc; i++) {
			size_t old = push(w, NULL, 0, i);
			rc = check(w, s->sub, jv_array_get(jv_copy(v), i));
			pop(w, old);
		}
		break;
	default:
		rc = fail(w, "\"%s\": the config table has no type here", where(w));
		break;
	}
	jv_free(v);
	return rc;
}

int confspec_check(const struct confspec *spec, jv v, confspec_key_fn keyok, void *ctx, char *err, size_t errlen)
{
	struct walk w;
	w.keyok = keyok;
	w.ctx = ctx;
	w.err = err;
	w.errlen = errlen;
	w.path[0] = '\0';
	w.len = 0;
	return check(&w, spec, jv_copy(v));
}
