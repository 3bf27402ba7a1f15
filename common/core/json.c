/*
 * json: validating in-place scanner; see json.h for why it exists.
 *
 * Strings dominate the bytes of an LLM record, so the string scanner is the
 * only part worth vectorising: with SSE2 (always present on x86-64) it looks
 * at 16 bytes at a time for the four things that need attention, '"', '\\',
 * control bytes and non-ASCII bytes. A signed compare against 0x20 catches
 * both of the last two at once, since bytes >= 0x80 are negative as int8.
 */
#include "core/json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/hex.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

struct scanner {
	const char *p, *end, *base;
	struct json_error *err;
	int depth;
};

static int fail(struct scanner *s, const char *at, const char *msg)
{
	if (s->err) {
		s->err->offset = (size_t)(at - s->base);
		s->err->msg = msg;
	}
	return -1;
}

static inline const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	return p;
}

/* Length of a valid UTF-8 sequence at p (lead byte >= 0x80), or 0. */
static inline size_t utf8_seq(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];
	size_t left = (size_t)(end - p);
	if (c >= 0xC2 && c <= 0xDF) {
		if (left >= 2 && (p[1] & 0xC0) == 0x80)
			return 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		if (left < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && p[1] < 0xA0)
			return 0; /* overlong */
		if (c == 0xED && p[1] >= 0xA0)
			return 0; /* UTF-16 surrogate */
		return 3;
	} else if (c >= 0xF0 && c <= 0xF4) {
		if (left < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && p[1] < 0x90)
			return 0; /* overlong */
		if (c == 0xF4 && p[1] >= 0x90)
			return 0; /* > U+10FFFF */
		return 4;
	}
	return 0;
}

size_t json_utf8_valid_prefix(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (p < end) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		size_t k = utf8_seq(p, end);
		if (!k)
			break;
		p += k;
	}
	return (size_t)(p - (const unsigned char *)s);
}

/* First byte in [p, end) that is '"', '\\', < 0x20 or >= 0x80. */
static inline const char *find_special(const char *p, const char *end)
{
#if defined(__SSE2__)
	const __m128i q = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\');
	const __m128i sp = _mm_set1_epi8(0x20);
	/* Two blocks per round: most strings are long runs of plain ASCII. */
	while (end - p >= 32) {
		__m128i a = _mm_loadu_si128((const __m128i *)p);
		__m128i b = _mm_loadu_si128((const __m128i *)(p + 16));
		__m128i ma = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(a, q), _mm_cmpeq_epi8(a, bs)),
					  _mm_cmplt_epi8(a, sp));
		__m128i mb = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, q), _mm_cmpeq_epi8(b, bs)),
					  _mm_cmplt_epi8(b, sp));
		unsigned bits = (unsigned)_mm_movemask_epi8(ma) | (unsigned)_mm_movemask_epi8(mb) << 16;
		if (bits)
			return p + __builtin_ctz(bits);
		p += 32;
	}
	while (end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)p);
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, q), _mm_cmpeq_epi8(v, bs)),
					 _mm_cmplt_epi8(v, sp));
		int bits = _mm_movemask_epi8(m);
		if (bits)
			return p + __builtin_ctz((unsigned)bits);
		p += 16;
	}
#endif
	while (p < end) {
		unsigned char c = (unsigned char)*p;
		if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)
			return p;
		p++;
	}
	return end;
}


/* s->p is at the opening quote. */
static int scan_string(struct scanner *s)
{
	const char *p = s->p + 1, *end = s->end;
	for (;;) {
		p = find_special(p, end);
		if (p >= end)
			return fail(s, s->p, "unterminated string");
		unsigned char c = (unsigned char)*p;
		if (c == '"') {
			s->p = p + 1;
			return 0;
		}
		if (c == '\\') {
			if (p + 1 >= end)
				return fail(s, p, "unterminated string");
			switch (p[1]) {
			case '"': case '\\': case '/': case 'b': case 'f':
			case 'n': case 'r': case 't':
				p += 2;
				break;
			case 'u':
				if (end - p < 6 || hex_val(p[2]) < 0 || hex_val(p[3]) < 0 ||
				    hex_val(p[4]) < 0 || hex_val(p[5]) < 0)
					return fail(s, p, "bad \\u escape in string");
				p += 6;
				break;
			default:
				return fail(s, p, "bad escape in string");
			}
			continue;
		}
		if (c < 0x20)
			return fail(s, p, "control character in string");
		/* Non-ASCII text comes in runs (words of CJK, Cyrillic, ...):
		 * validate the whole run before going back to the block scan. */
		do {
			size_t k = utf8_seq((const unsigned char *)p, (const unsigned char *)end);
			if (!k)
				return fail(s, p, "invalid UTF-8 in string");
			p += k;
		} while (p < end && (unsigned char)*p >= 0x80);
	}
}

static int scan_number(struct scanner *s)
{
	const char *p = s->p, *end = s->end;
	if (p < end && *p == '-')
		p++;
	if (p >= end)
		return fail(s, s->p, "bad number");
	if (*p == '0') {
		p++;
	} else if (*p >= '1' && *p <= '9') {
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	} else {
		return fail(s, s->p, "bad number");
	}
	if (p < end && *p == '.') {
		p++;
		if (p >= end || *p < '0' || *p > '9')
			return fail(s, s->p, "bad number");
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || *p < '0' || *p > '9')
			return fail(s, s->p, "bad number");
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	s->p = p;
	return 0;
}

static int scan_value(struct scanner *s, struct json_span *out, struct json_index *idx);

static void index_push(struct json_index *idx, const struct json_member *m)
{
	if (idx->n == idx->alloc) {
		size_t na = idx->alloc ? idx->alloc * 2 : 16;
		struct json_member *nv = realloc(idx->v, na * sizeof(*nv));
		if (!nv)
			abort();
		idx->v = nv;
		idx->alloc = na;
	}
	idx->v[idx->n++] = *m;
}

/* Duplicate keys (I-JSON, RFC 7493): two parsers must never read two
 * different records from one line (libjq keeps the last member, this
 * scanner's lookups the first), so a repeated key anywhere is invalid.
 * Keys compare by decoded value ("a" and "\u0061" are one key). Small
 * objects compare each new key with the ones before it; past
 * JSON_DUP_LINEAR keys the rest are sorted once at the object's end. */
#define JSON_DUP_LINEAR 16

static int key_same(struct json_span a, struct json_span b)
{
	if (a.n == b.n && memcmp(a.p, b.p, a.n) == 0)
		return 1;
	int ea = memchr(a.p + 1, '\\', a.n - 2) != NULL, eb = memchr(b.p + 1, '\\', b.n - 2) != NULL;
	if (!ea && !eb)
		return 0;
	struct buf x = BUF_INIT, y = BUF_INIT;
	json_string_decode(a, &x);
	json_string_decode(b, &y);
	int same = x.len == y.len && (x.len == 0 || memcmp(x.p, y.p, x.len) == 0);
	buf_release(&x);
	buf_release(&y);
	return same;
}

struct key_ref {
	size_t off, len;
	const char *base; /* the decoded keys' buffer */
};

static int cmp_key_ref(const void *a, const void *b)
{
	const struct key_ref *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = n ? memcmp(x->base + x->off, y->base + y->off, n) : 0;
	return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* 1 when two of keys[0, n) decode to the same string. */
static int keys_repeat(const struct json_span *keys, size_t n)
{
	struct buf dec = BUF_INIT;
	struct key_ref *r = malloc(n * sizeof(*r));
	if (!r)
		abort();
	for (size_t i = 0; i < n; i++) {
		r[i].off = dec.len;
		json_string_decode(keys[i], &dec);
		r[i].len = dec.len - r[i].off;
	}
	for (size_t i = 0; i < n; i++)
		r[i].base = dec.p;
	qsort(r, n, sizeof(*r), cmp_key_ref);
	int dup = 0;
	for (size_t i = 1; i < n && !dup; i++)
		dup = cmp_key_ref(&r[i - 1], &r[i]) == 0;
	free(r);
	buf_release(&dec);
	return dup;
}

static int scan_object(struct scanner *s, struct json_index *idx)
{
	const char *start = s->p;
	struct json_span small[JSON_DUP_LINEAR], *keys = small;
	size_t nk = 0, alloc = JSON_DUP_LINEAR;
	int rc = -1;
	if (++s->depth > JSON_MAX_DEPTH)
		return fail(s, start, "nesting too deep");
	s->p = skip_ws(s->p + 1, s->end);
	if (s->p < s->end && *s->p == '}') {
		s->p++;
		s->depth--;
		return 0;
	}
	for (;;) {
		struct json_member m;
		if (s->p >= s->end || *s->p != '"') {
			fail(s, s->p, s->p >= s->end ? "unterminated object" : "expected a string key");
			goto out;
		}
		m.key.p = s->p;
		if (scan_string(s))
			goto out;
		m.key.n = (size_t)(s->p - m.key.p);
		m.key.type = JSON_STRING;
		if (nk < JSON_DUP_LINEAR) {
			for (size_t i = 0; i < nk; i++)
				if (key_same(keys[i], m.key)) {
					fail(s, m.key.p, "duplicate key in object");
					if (s->err)
						s->err->duplicate = 1;
					goto out;
				}
		} else if (nk == alloc) {
			alloc *= 2;
			struct json_span *nv = keys == small ? malloc(alloc * sizeof(*nv))
							      : realloc(keys, alloc * sizeof(*nv));
			if (!nv)
				abort();
			if (keys == small)
				memcpy(nv, small, sizeof(small));
			keys = nv;
		}
		keys[nk++] = m.key;
		s->p = skip_ws(s->p, s->end);
		if (s->p >= s->end || *s->p != ':') {
			fail(s, s->p, "expected ':' after key");
			goto out;
		}
		s->p = skip_ws(s->p + 1, s->end);
		if (scan_value(s, &m.val, NULL))
			goto out;
		if (idx)
			index_push(idx, &m);
		s->p = skip_ws(s->p, s->end);
		if (s->p >= s->end) {
			fail(s, start, "unterminated object");
			goto out;
		}
		if (*s->p == ',') {
			s->p = skip_ws(s->p + 1, s->end);
			continue;
		}
		if (*s->p == '}') {
			s->p++;
			s->depth--;
			if (nk > JSON_DUP_LINEAR && keys_repeat(keys, nk)) {
				fail(s, start, "duplicate key in object");
				if (s->err)
					s->err->duplicate = 1;
				goto out;
			}
			rc = 0;
			goto out;
		}
		fail(s, s->p, "expected ',' or '}' in object");
		goto out;
	}
out:
	if (keys != small)
		free(keys);
	return rc;
}

static int scan_array(struct scanner *s)
{
	const char *start = s->p;
	if (++s->depth > JSON_MAX_DEPTH)
		return fail(s, start, "nesting too deep");
	s->p = skip_ws(s->p + 1, s->end);
	if (s->p < s->end && *s->p == ']') {
		s->p++;
		s->depth--;
		return 0;
	}
	for (;;) {
		struct json_span v;
		if (scan_value(s, &v, NULL))
			return -1;
		s->p = skip_ws(s->p, s->end);
		if (s->p >= s->end)
			return fail(s, start, "unterminated array");
		if (*s->p == ',') {
			s->p = skip_ws(s->p + 1, s->end);
			continue;
		}
		if (*s->p == ']') {
			s->p++;
			s->depth--;
			return 0;
		}
		return fail(s, s->p, "expected ',' or ']' in array");
	}
}

static int scan_literal(struct scanner *s, const char *lit, size_t n)
{
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, lit, n) != 0)
		return fail(s, s->p, "unexpected character");
	s->p += n;
	return 0;
}

static int scan_value(struct scanner *s, struct json_span *out, struct json_index *idx)
{
	const char *start = s->p;
	int rc;
	if (s->p >= s->end)
		return fail(s, s->p, "unexpected end of input");
	switch (*s->p) {
	case '{': out->type = JSON_OBJECT; rc = scan_object(s, idx); break;
	case '[': out->type = JSON_ARRAY; rc = scan_array(s); break;
	case '"': out->type = JSON_STRING; rc = scan_string(s); break;
	case 't': out->type = JSON_TRUE; rc = scan_literal(s, "true", 4); break;
	case 'f': out->type = JSON_FALSE; rc = scan_literal(s, "false", 5); break;
	case 'n': out->type = JSON_NULL; rc = scan_literal(s, "null", 4); break;
	default:
		if (*s->p == '-' || (*s->p >= '0' && *s->p <= '9')) {
			out->type = JSON_NUMBER;
			rc = scan_number(s);
		} else {
			rc = fail(s, s->p, "unexpected character");
		}
	}
	out->p = start;
	out->n = (size_t)(s->p - start);
	return rc;
}

int json_scan(const char *p, size_t n, struct json_span *root,
	      struct json_index *idx, struct json_error *err)
{
	struct scanner s = { p, p + n, p, err, 0 };
	struct json_span v = { NULL, 0, JSON_NONE };
	if (idx)
		idx->n = 0;
	if (err)
		err->duplicate = 0;
	s.p = skip_ws(s.p, s.end);
	if (s.p >= s.end)
		return fail(&s, s.p, "empty line");
	if (scan_value(&s, &v, idx))
		return -1;
	s.p = skip_ws(s.p, s.end);
	if (s.p != s.end)
		return fail(&s, s.p, "trailing bytes after the JSON value");
	if (root)
		*root = v;
	return 0;
}

int json_has_duplicate(const char *p, size_t n, size_t *offset)
{
	struct json_error e;
	if (json_scan(p, n, NULL, NULL, &e) == 0 || !e.duplicate)
		return 0;
	if (offset)
		*offset = e.offset;
	return 1;
}

void json_index_release(struct json_index *idx)
{
	free(idx->v);
	idx->v = NULL;
	idx->n = idx->alloc = 0;
}

/* --- navigation over validated JSON: no error checks needed --- */

static const char *skip_string(const char *p, const char *end)
{
	p++;
	for (;;) {
#if defined(__SSE2__)
		const __m128i q = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\');
		while (end - p >= 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)p);
			int bits = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, q), _mm_cmpeq_epi8(v, bs)));
			if (bits) {
				p += __builtin_ctz((unsigned)bits);
				break;
			}
			p += 16;
		}
#endif
		while (p < end && *p != '"' && *p != '\\')
			p++;
		if (p >= end)
			return end;
		if (*p == '"')
			return p + 1;
		p += 2; /* backslash and the escaped byte (\u's hex digits are plain) */
	}
}

static const char *skip_value(const char *p, const char *end, enum json_type *type)
{
	switch (*p) {
	case '"':
		*type = JSON_STRING;
		return skip_string(p, end);
	case '{':
	case '[': {
		*type = *p == '{' ? JSON_OBJECT : JSON_ARRAY;
		int depth = 0;
		while (p < end) {
			char c = *p;
			if (c == '"') {
				p = skip_string(p, end);
				continue;
			}
			if (c == '{' || c == '[')
				depth++;
			else if (c == '}' || c == ']') {
				if (--depth == 0)
					return p + 1;
			}
			p++;
		}
		return end;
	}
	case 't': *type = JSON_TRUE; return p + 4;
	case 'f': *type = JSON_FALSE; return p + 5;
	case 'n': *type = JSON_NULL; return p + 4;
	default:
		*type = JSON_NUMBER;
		while (p < end && (*p == '-' || *p == '+' || *p == '.' || *p == 'e' ||
				   *p == 'E' || (*p >= '0' && *p <= '9')))
			p++;
		return p;
	}
}

void json_iter_init(struct json_iter *it, struct json_span c)
{
	/* Step inside the opening bracket; an empty container ends at once. */
	it->p = c.p + 1;
	it->end = c.p + c.n - 1;
}

int json_iter_member(struct json_iter *it, struct json_span *key, struct json_span *val)
{
	const char *p = skip_ws(it->p, it->end);
	if (p < it->end && *p == ',')
		p = skip_ws(p + 1, it->end);
	if (p >= it->end || *p != '"')
		return 0;
	key->p = p;
	key->type = JSON_STRING;
	p = skip_string(p, it->end);
	key->n = (size_t)(p - key->p);
	p = skip_ws(p, it->end);
	p = skip_ws(p + 1, it->end); /* the ':' */
	val->p = p;
	p = skip_value(p, it->end, &val->type);
	val->n = (size_t)(p - val->p);
	it->p = p;
	return 1;
}

int json_iter_elem(struct json_iter *it, struct json_span *val)
{
	const char *p = skip_ws(it->p, it->end);
	if (p < it->end && *p == ',')
		p = skip_ws(p + 1, it->end);
	if (p >= it->end)
		return 0;
	val->p = p;
	p = skip_value(p, it->end, &val->type);
	val->n = (size_t)(p - val->p);
	it->p = p;
	return 1;
}

int json_string_is_plain(struct json_span s)
{
	return memchr(s.p + 1, '\\', s.n - 2) == NULL;
}

int json_string_eq(struct json_span s, const char *lit)
{
	if (s.type != JSON_STRING)
		return 0;
	size_t n = strlen(lit);
	if (s.n == n + 2 && memcmp(s.p + 1, lit, n) == 0)
		return 1;
	if (!memchr(s.p + 1, '\\', s.n - 2))
		return 0;
	struct buf b = BUF_INIT;
	json_string_decode(s, &b);
	int eq = b.len == n && memcmp(b.p, lit, n) == 0;
	buf_release(&b);
	return eq;
}

struct json_span json_object_get(struct json_span obj, const char *key)
{
	struct json_span k, v, none = { NULL, 0, JSON_NONE };
	struct json_iter it;
	if (obj.type != JSON_OBJECT)
		return none;
	json_iter_init(&it, obj);
	while (json_iter_member(&it, &k, &v))
		if (json_string_eq(k, key))
			return v;
	return none;
}

struct json_span json_index_get(const struct json_index *idx, const char *key, size_t *pos)
{
	struct json_span none = { NULL, 0, JSON_NONE };
	for (size_t i = 0; i < idx->n; i++)
		if (json_string_eq(idx->v[i].key, key)) {
			if (pos)
				*pos = i;
			return idx->v[i].val;
		}
	return none;
}

static void put_utf8(struct buf *out, unsigned cp)
{
	char t[4];
	size_t n;
	if (cp < 0x80) {
		t[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		t[0] = (char)(0xC0 | (cp >> 6));
		t[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		t[0] = (char)(0xE0 | (cp >> 12));
		t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		t[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		t[0] = (char)(0xF0 | (cp >> 18));
		t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		t[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	buf_put(out, t, n);
}

static unsigned hex4(const char *p)
{
	return (unsigned)(hex_val(p[0]) << 12 | hex_val(p[1]) << 8 | hex_val(p[2]) << 4 | hex_val(p[3]));
}

void json_string_decode(struct json_span s, struct buf *out)
{
	const char *p = s.p + 1, *end = s.p + s.n - 1;
	buf_grow(out, s.n);
	while (p < end) {
		const char *bs = memchr(p, '\\', (size_t)(end - p));
		if (!bs) {
			buf_put(out, p, (size_t)(end - p));
			return;
		}
		buf_put(out, p, (size_t)(bs - p));
		p = bs + 1;
		char c = *p++;
		switch (c) {
		case 'b': buf_putc(out, '\b'); break;
		case 'f': buf_putc(out, '\f'); break;
		case 'n': buf_putc(out, '\n'); break;
		case 'r': buf_putc(out, '\r'); break;
		case 't': buf_putc(out, '\t'); break;
		case 'u': {
			unsigned cp = hex4(p);
			p += 4;
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
					unsigned lo = hex4(p + 2);
					if (lo >= 0xDC00 && lo <= 0xDFFF) {
						cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
						p += 6;
					} else {
						cp = 0xFFFD;
					}
				} else {
					cp = 0xFFFD;
				}
			} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
				cp = 0xFFFD;
			}
			put_utf8(out, cp);
			break;
		}
		default: buf_putc(out, c); break; /* '"', '\\', '/' */
		}
	}
}

static const char hexdig[] = "0123456789abcdef";

/* Room for need more bytes (and the NUL) at *w, which points into out;
 * returns the new end of room. */
static char *escape_room(struct buf *out, char **w, size_t need)
{
	out->len = (size_t)(*w - out->p);
	buf_grow(out, need);
	*w = out->p + out->len;
	return out->p + out->cap - 1;
}

size_t json_escape_body(struct buf *out, const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	size_t replaced = 0;
	/* Written through w straight into the buffer: a line of code holds a
	 * quote or a backslash every few bytes, too many for a call each. */
	buf_grow(out, n + 2);
	char *w = out->p + out->len, *lim = out->p + out->cap - 1;
	while (p < end) {
		const char *q = find_special(p, end);
		size_t k = (size_t)(q - p);
		/* the plain run, and the longest escape after it (\u00XX, or
		 * U+FFFD's three bytes) */
		if ((size_t)(lim - w) < k + 6)
			lim = escape_room(out, &w, k + 6 + (size_t)(end - q));
		memcpy(w, p, k);
		w += k;
		if (q >= end)
			break;
		unsigned char c = (unsigned char)*q;
		if (c == '"' || c == '\\') {
			*w++ = '\\';
			*w++ = (char)c;
			p = q + 1;
		} else if (c < 0x20) {
			*w++ = '\\';
			switch (c) {
			case '\n': *w++ = 'n'; break;
			case '\r': *w++ = 'r'; break;
			case '\t': *w++ = 't'; break;
			case '\b': *w++ = 'b'; break;
			case '\f': *w++ = 'f'; break;
			default:
				*w++ = 'u';
				*w++ = '0';
				*w++ = '0';
				*w++ = hexdig[c >> 4];
				*w++ = hexdig[c & 15];
			}
			p = q + 1;
		} else {
			/* A run of valid non-ASCII (a word of CJK, Cyrillic, ...)
			 * goes out in one piece. */
			const char *r = q;
			size_t l;
			while (r < end && (unsigned char)*r >= 0x80 &&
			       (l = utf8_seq((const unsigned char *)r, (const unsigned char *)end)))
				r += l;
			if (r > q) {
				if ((size_t)(lim - w) < (size_t)(r - q))
					lim = escape_room(out, &w, (size_t)(end - q) + 6);
				memcpy(w, q, (size_t)(r - q));
				w += r - q;
				p = r;
			} else {
				*w++ = '\xEF';
				*w++ = '\xBF';
				*w++ = '\xBD';
				replaced++;
				p = q + 1;
			}
		}
	}
	out->len = (size_t)(w - out->p);
	out->p[out->len] = '\0';
	return replaced;
}

size_t json_escape(struct buf *out, const char *s, size_t n)
{
	buf_putc(out, '"');
	size_t r = json_escape_body(out, s, n);
	buf_putc(out, '"');
	return r;
}

double json_number(struct json_span v)
{
	if (v.type != JSON_NUMBER)
		return NAN;
	/* The span is not NUL-terminated: strtod needs a copy. */
	char small[64];
	if (v.n < sizeof(small)) {
		memcpy(small, v.p, v.n);
		small[v.n] = '\0';
		return strtod(small, NULL);
	}
	char *big = strndup(v.p, v.n);
	double d = big ? strtod(big, NULL) : NAN;
	free(big);
	return d;
}
