/*
 * jpath: parse and evaluate --field paths; see jpath.h.
 */
#include "core/jpath.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_ident_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_ident(int c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

static void push(struct jpath *jp, struct jpath_seg s)
{
	struct jpath_seg *n = realloc(jp->seg, (jp->n + 1) * sizeof(*n));
	if (!n)
		abort();
	jp->seg = n;
	jp->seg[jp->n++] = s;
}

/* Parses a JSON-style quoted string at *pp into a malloc'd key. */
static char *parse_quoted(const char **pp)
{
	const char *p = *pp;
	const char *q = p + 1;
	while (*q && *q != '"') {
		if (*q == '\\' && q[1])
			q++;
		q++;
	}
	if (*q != '"')
		return NULL;
	struct json_span s = { p, (size_t)(q + 1 - p), JSON_STRING };
	struct json_error e;
	if (json_scan(p, s.n, NULL, NULL, &e) < 0)
		return NULL;
	struct buf b = BUF_INIT;
	json_string_decode(s, &b);
	*pp = q + 1;
	return buf_detach(&b, NULL);
}

int jpath_parse(struct jpath *jp, const char *text, char *err, size_t errlen)
{
	const char *p = text;
	memset(jp, 0, sizeof(*jp));
	jp->text = strdup(text);
	if (*p != '.') {
		snprintf(err, errlen, "field path '%s' must start with '.'", text);
		goto bad;
	}
	if (!strcmp(p, ".")) {
		snprintf(err, errlen, "field path '.' names the whole record, not a field");
		goto bad;
	}
	while (*p) {
		struct jpath_seg s = { JPATH_KEY, NULL, 0 };
		if (*p == '.' && is_ident_start((unsigned char)p[1])) {
			const char *q = ++p;
			while (is_ident((unsigned char)*q))
				q++;
			s.key = strndup(p, (size_t)(q - p));
			p = q;
		} else if (*p == '.' && p[1] == '"') {
			p++;
			if (!(s.key = parse_quoted(&p))) {
				snprintf(err, errlen, "bad quoted key in field path '%s'", text);
				goto bad;
			}
		} else if (*p == '[' || (*p == '.' && p[1] == '[')) {
			if (*p == '.')
				p++;
			p++;
			if (*p == ']') {
				s.kind = JPATH_EACH;
				p++;
			} else if (*p == '"') {
				if (!(s.key = parse_quoted(&p)) || *p != ']') {
					free(s.key);
					snprintf(err, errlen, "bad [\"key\"] in field path '%s'", text);
					goto bad;
				}
				p++;
			} else {
				char *endp;
				s.kind = JPATH_INDEX;
				s.index = strtol(p, &endp, 10);
				if (endp == p || *endp != ']') {
					snprintf(err, errlen, "bad index at offset %zu in field path '%s'",
						 (size_t)(p - text), text);
					goto bad;
				}
				p = endp + 1;
			}
		} else {
			snprintf(err, errlen, "unexpected '%c' at offset %zu in field path '%s'", *p,
				 (size_t)(p - text), text);
			goto bad;
		}
		push(jp, s);
	}
	return 0;
bad:
	jpath_release(jp);
	return -1;
}

void jpath_release(struct jpath *jp)
{
	for (size_t i = 0; i < jp->n; i++)
		free(jp->seg[i].key);
	free(jp->seg);
	free(jp->text);
	memset(jp, 0, sizeof(*jp));
}

void jpath_append_key(struct buf *path, const char *key, size_t keylen)
{
	int ident = keylen > 0 && is_ident_start((unsigned char)key[0]);
	for (size_t i = 1; ident && i < keylen; i++)
		ident = is_ident((unsigned char)key[i]);
	buf_putc(path, '.');
	if (ident)
		buf_put(path, key, keylen);
	else
		json_escape(path, key, keylen);
}

static void eval(const struct jpath *jp, size_t i, struct json_span v, struct buf *path,
		 jpath_visit_fn fn, void *ctx)
{
	if (i == jp->n) {
		fn(ctx, path->p, path->len, v);
		return;
	}
	const struct jpath_seg *s = &jp->seg[i];
	size_t mark = path->len;
	struct json_iter it;
	struct json_span k, e;
	if (s->kind == JPATH_KEY) {
		struct json_span c = json_object_get(v, s->key);
		if (c.type == JSON_NONE)
			return;
		jpath_append_key(path, s->key, strlen(s->key));
		eval(jp, i + 1, c, path, fn, ctx);
	} else if (v.type == JSON_ARRAY) {
		long n = 0, want = s->index;
		if (s->kind == JPATH_INDEX && want < 0) {
			json_iter_init(&it, v);
			while (json_iter_elem(&it, &e))
				n++;
			want += n;
			if (want < 0)
				return;
		}
		json_iter_init(&it, v);
		for (long idx = 0; json_iter_elem(&it, &e); idx++) {
			if (s->kind == JPATH_INDEX && idx != want)
				continue;
			buf_printf(path, "[%ld]", idx);
			eval(jp, i + 1, e, path, fn, ctx);
			buf_truncate(path, mark);
			if (s->kind == JPATH_INDEX)
				break;
		}
	} else if (v.type == JSON_OBJECT && s->kind == JPATH_EACH) {
		json_iter_init(&it, v);
		while (json_iter_member(&it, &k, &e)) {
			struct buf key = BUF_INIT;
			json_string_decode(k, &key);
			jpath_append_key(path, key.p ? key.p : "", key.len);
			buf_release(&key);
			eval(jp, i + 1, e, path, fn, ctx);
			buf_truncate(path, mark);
		}
	}
	buf_truncate(path, mark);
	(void)k;
}

void jpath_eval(const struct jpath *jp, struct json_span root, jpath_visit_fn fn, void *ctx)
{
	struct buf path = BUF_INIT;
	buf_grow(&path, 64);
	eval(jp, 0, root, &path, fn, ctx);
	buf_release(&path);
}
