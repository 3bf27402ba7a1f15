/*
 * jqfast: the predicate subset of jq, evaluated natively; see jqfast.h.
 *
 * Semantics follow jq 1.6 as libjq runs it, including the corners that
 * matter for single-valued programs: a binary operator evaluates its right
 * operand first (so `error == empty` is empty, `empty == error` an
 * error); `//` replaces false, null and "no output" but not an error;
 * `.a` on null is null; an object with a repeated key keeps the last
 * value; any/all stop at the first deciding element. Every evaluation
 * yields one of four states: a value, no output (EMPTY), an error (ERROR),
 * or "not sure" (UNSUP); the last two send the caller to libjq.
 *
 * Why one file: the lexer, parser and evaluator share one AST and one
 * value type, and jq's corner cases are easiest to audit side by side.
 */
#include "jq/jqfast.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/hex.h"

#define JQFAST_MAX_VARS 16
#define JQFAST_MAX_DEPTH 64

/* ---- values ---- */

struct val {
	enum json_type t;
	double num;
	const char *s; /* JSON_STRING: decoded bytes */
	size_t n;
	struct json_span sp; /* JSON_ARRAY / JSON_OBJECT */
};

enum st { ST_OK = 0, ST_EMPTY, ST_ERROR, ST_UNSUP };

/* ---- the tree ---- */

enum kind {
	K_IDENTITY, K_FIELD, K_INDEX, K_ITER, K_TRY, K_LIT, K_VAR, K_CMP, K_AND, K_OR, K_ALT, K_PIPE,
	K_AS, K_IF, K_LENGTH, K_NOT, K_TYPE, K_DOWNCASE, K_HAS, K_STARTS, K_ENDS, K_CONTAINS, K_ANY, K_ALL,
};

enum cmpop { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

struct node {
	enum kind k;
	struct node *a, *b, *c; /* children: input/left, right/arg, else */
	enum cmpop op;
	long idx;      /* K_INDEX */
	int slot;      /* K_VAR, K_AS */
	struct val lit;
	char *str;     /* owned bytes of a string literal or field name */
};

struct jqfast {
	struct node *root;
	struct val vars[JQFAST_MAX_VARS];
	char **scratch; /* decoded strings of one evaluation */
	size_t nscratch, ascratch;
	int depth;
};

static void node_free(struct node *n)
{
	if (!n)
		return;
	node_free(n->a);
	node_free(n->b);
	node_free(n->c);
	free(n->str);
	free(n);
}

static struct node *mk(enum kind k, struct node *a, struct node *b)
{
	struct node *n = calloc(1, sizeof(*n));
	if (n) {
		n->k = k;
		n->a = a;
		n->b = b;
	} else {
		node_free(a);
		node_free(b);
	}
	return n;
}

/* ---- lexer ---- */

enum tok {
	T_EOF, T_BAD, T_DOT, T_FIELD, T_STR, T_NUM, T_IDENT, T_VAR, T_LBRACK, T_RBRACK, T_LPAREN, T_RPAREN,
	T_Q, T_PIPE, T_ALT, T_SEMI, T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_MINUS,
};

struct lex {
	const char *p;
	enum tok t;
	const char *s; /* identifier / field / var name start */
	size_t n;
	double num;
	struct buf str; /* decoded string literal */
};

static int is_id0(int c) { return isalpha(c) || c == '_'; }
static int is_id(int c) { return isalnum(c) || c == '_'; }

static void put_utf8(struct buf *b, unsigned cp)
{
	char o[4];
	size_t n;
	if (cp < 0x80) {
		o[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		o[0] = (char)(0xC0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		o[0] = (char)(0xE0 | cp >> 12);
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		o[0] = (char)(0xF0 | cp >> 18);
		o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	buf_put(b, o, n);
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		int d = hex_val((unsigned char)p[i]);
		if (d < 0)
			return -1;
		v = v << 4 | (unsigned)d;
	}
	*out = v;
	return 0;
}

static enum tok lex_string(struct lex *l)
{
	const char *p = l->p + 1;
	buf_reset(&l->str);
	for (;;) {
		unsigned char c = (unsigned char)*p;
		if (c == '\0')
			return T_BAD;
		if (c == '"')
			break;
		if (c != '\\') {
			buf_putc(&l->str, (char)c);
			p++;
			continue;
		}
		p++;
		switch (*p) {
		case '"': buf_putc(&l->str, '"'); break;
		case '\\': buf_putc(&l->str, '\\'); break;
		case '/': buf_putc(&l->str, '/'); break;
		case 'b': buf_putc(&l->str, '\b'); break;
		case 'f': buf_putc(&l->str, '\f'); break;
		case 'n': buf_putc(&l->str, '\n'); break;
		case 'r': buf_putc(&l->str, '\r'); break;
		case 't': buf_putc(&l->str, '\t'); break;
		case 'u': {
			unsigned cp, lo;
			if (hex4(p + 1, &cp))
				return T_BAD;
			p += 4;
			if (cp >= 0xD800 && cp < 0xDC00) {
				if (p[1] != '\\' || p[2] != 'u' || hex4(p + 3, &lo) || lo < 0xDC00 || lo > 0xDFFF)
					return T_BAD; /* lone surrogates: leave them to libjq */
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				p += 6;
			} else if (cp >= 0xDC00 && cp < 0xE000) {
				return T_BAD;
			}
			put_utf8(&l->str, cp);
			break;
		}
		default: return T_BAD; /* \( interpolation and the rest */
		}
		p++;
	}
	l->p = p + 1;
	return T_STR;
}

static enum tok lex_next(struct lex *l)
{
	const char *p = l->p;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p != '#')
			break;
		while (*p && *p != '\n')
			p++;
	}
	l->p = p;
	char c = *p;
	if (!c)
		return l->t = T_EOF;
	if (c == '.' && is_id0((unsigned char)p[1])) {
		l->s = p + 1;
		for (p++; is_id((unsigned char)*p); p++)
			;
		l->n = (size_t)(p - l->s);
		l->p = p;
		return l->t = T_FIELD;
	}
	if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)p[1]))) {
		char *end;
		l->num = strtod(p, &end);
		if (end == p || isalpha((unsigned char)*end) || *end == '_')
			return l->t = T_BAD;
		l->p = end;
		return l->t = T_NUM;
	}
	if (c == '"') {
		l->t = lex_string(l);
		return l->t;
	}
	if (is_id0((unsigned char)c)) {
		l->s = p;
		while (is_id((unsigned char)*p))
			p++;
		l->n = (size_t)(p - l->s);
		l->p = p;
		if (p[0] == ':' && p[1] == ':')
			return l->t = T_BAD;
		return l->t = T_IDENT;
	}
	if (c == '$') {
		l->s = ++p;
		if (!is_id0((unsigned char)*p))
			return l->t = T_BAD;
		while (is_id((unsigned char)*p))
			p++;
		l->n = (size_t)(p - l->s);
		l->p = p;
		if ((l->n == 7 && !memcmp(l->s, "__loc__", 7)) || (l->n == 3 && !memcmp(l->s, "ENV", 3)))
			return l->t = T_BAD;
		return l->t = T_VAR;
	}
	l->p = p + 1;
	switch (c) {
	case '.': return l->t = p[1] == '.' ? T_BAD : T_DOT;
	case '[': return l->t = T_LBRACK;
	case ']': return l->t = T_RBRACK;
	case '(': return l->t = T_LPAREN;
	case ')': return l->t = T_RPAREN;
	case ';': return l->t = T_SEMI;
	case '-': return l->t = T_MINUS;
	case '?':
		if (p[1] == '/' && p[2] == '/')
			return l->t = T_BAD; /* ?// is 1.7's */
		return l->t = T_Q;
	case '|':
		if (p[1] == '=')
			return l->t = T_BAD;
		return l->t = T_PIPE;
	case '/':
		if (p[1] == '/' && p[2] != '=') {
			l->p = p + 2;
			return l->t = T_ALT;
		}
		return l->t = T_BAD;
	case '=':
		if (p[1] == '=') {
			l->p = p + 2;
			return l->t = T_EQ;
		}
		return l->t = T_BAD;
	case '!':
		if (p[1] == '=') {
			l->p = p + 2;
			return l->t = T_NE;
		}
		return l->t = T_BAD;
	case '<':
		if (p[1] == '=') {
			l->p = p + 2;
			return l->t = T_LE;
		}
		return l->t = T_LT;
	case '>':
		if (p[1] == '=') {
			l->p = p + 2;
			return l->t = T_GE;
		}
		return l->t = T_GT;
	default: return l->t = T_BAD;
	}
}

static int is_kw(const struct lex *l, const char *kw)
{
	return l->t == T_IDENT && l->n == strlen(kw) && !memcmp(l->s, kw, l->n);
}

/* ---- parser ---- */

struct parser {
	struct lex l;
	char *names[JQFAST_MAX_VARS]; /* variables in scope, innermost last */
	int nnames;
	int nslots;
	int depth;
	int ok;
};

static struct node *parse_pipe(struct parser *ps);

static void advance(struct parser *ps)
{
	lex_next(&ps->l);
	if (ps->l.t == T_BAD)
		ps->ok = 0;
}

static int expect(struct parser *ps, enum tok t)
{
	if (ps->l.t != t) {
		ps->ok = 0;
		return 0;
	}
	advance(ps);
	return 1;
}

static struct node *lit_string(const char *s, size_t n)
{
	struct node *x = mk(K_LIT, NULL, NULL);
	if (!x)
		return NULL;
	x->str = malloc(n + 1);
	if (!x->str) {
		free(x);
		return NULL;
	}
	memcpy(x->str, s, n);
	x->str[n] = '\0';
	x->lit.t = JSON_STRING;
	x->lit.s = x->str;
	x->lit.n = n;
	return x;
}

static struct node *field(struct node *in, const char *s, size_t n)
{
	struct node *x = mk(K_FIELD, in, NULL);
	if (!x)
		return NULL;
	x->str = malloc(n + 1);
	if (!x->str) {
		node_free(x);
		return NULL;
	}
	memcpy(x->str, s, n);
	x->str[n] = '\0';
	x->idx = (long)n;
	return x;
}

/* Postfix chain after a primary: .a ."a" [N] ["a"] [] ? */
static struct node *parse_postfix_ops(struct parser *ps, struct node *x)
{
	while (ps->ok && x) {
		if (ps->l.t == T_FIELD) {
			x = field(x, ps->l.s, ps->l.n);
			advance(ps);
		} else if (ps->l.t == T_DOT) {
			advance(ps);
			if (ps->l.t == T_STR) {
				x = field(x, ps->l.str.p ? ps->l.str.p : "", ps->l.str.len);
				advance(ps);
			} else if (ps->l.t != T_LBRACK) {
				ps->ok = 0;
			}
		} else if (ps->l.t == T_LBRACK) {
			advance(ps);
			if (ps->l.t == T_RBRACK) {
				x = mk(K_ITER, x, NULL);
			} else if (ps->l.t == T_STR) {
				x = field(x, ps->l.str.p ? ps->l.str.p : "", ps->l.str.len);
				advance(ps);
			} else {
				int neg = 0;
				if (ps->l.t == T_MINUS) {
					neg = 1;
					advance(ps);
				}
				if (ps->l.t != T_NUM || ps->l.num != floor(ps->l.num) || fabs(ps->l.num) > 1e9) {
					ps->ok = 0;
					break;
				}
				x = mk(K_INDEX, x, NULL);
				if (x)
					x->idx = (long)(neg ? -ps->l.num : ps->l.num);
				advance(ps);
			}
			expect(ps, T_RBRACK);
		} else if (ps->l.t == T_Q) {
			x = mk(K_TRY, x, NULL);
			advance(ps);
		} else {
			break;
		}
	}
	if (!ps->ok) {
		node_free(x);
		return NULL;
	}
	return x;
}

static struct node *parse_args1(struct parser *ps, enum kind k)
{
	advance(ps);
	if (!expect(ps, T_LPAREN))
		return NULL;
	struct node *arg = parse_pipe(ps);
	if (!arg || !expect(ps, T_RPAREN)) {
		node_free(arg);
		return NULL;
	}
	return mk(k, NULL, arg);
}

/* any(GEN; COND) / all(GEN; COND) with GEN a path ending in [] or []?. */
static struct node *parse_anyall(struct parser *ps, enum kind k)
{
	advance(ps);
	if (!expect(ps, T_LPAREN))
		return NULL;
	struct node *gen = NULL;
	if (ps->l.t == T_FIELD) {
		gen = field(mk(K_IDENTITY, NULL, NULL), ps->l.s, ps->l.n);
		advance(ps);
	} else if (ps->l.t == T_DOT) {
		gen = mk(K_IDENTITY, NULL, NULL);
		advance(ps);
		if (ps->l.t == T_STR) {
			gen = field(gen, ps->l.str.p ? ps->l.str.p : "", ps->l.str.len);
			advance(ps);
		}
	} else {
		ps->ok = 0;
		return NULL;
	}
	gen = parse_postfix_ops(ps, gen);
	/* Exactly one [] and it is last (possibly followed by ?). */
	struct node *it = gen && gen->k == K_TRY ? gen->a : gen;
	int iters = 0;
	for (struct node *w = gen; w; w = w->a)
		iters += w->k == K_ITER;
	if (!gen || !it || it->k != K_ITER || iters != 1 || !expect(ps, T_SEMI)) {
		node_free(gen);
		ps->ok = 0;
		return NULL;
	}
	struct node *cond = parse_pipe(ps);
	if (!cond || !expect(ps, T_RPAREN)) {
		node_free(gen);
		node_free(cond);
		return NULL;
	}
	return mk(k, gen, cond);
}

static struct node *parse_if(struct parser *ps)
{
	advance(ps);
	struct node *c = parse_pipe(ps);
	if (!c || !is_kw(&ps->l, "then")) {
		node_free(c);
		ps->ok = 0;
		return NULL;
	}
	advance(ps);
	struct node *t = parse_pipe(ps);
	struct node *e = NULL;
	if (t && is_kw(&ps->l, "elif")) {
		e = parse_if(ps); /* elif ... end: a nested if that consumes "end" */
		struct node *x = mk(K_IF, c, t);
		if (x)
			x->c = e;
		if (!e) {
			node_free(x);
			return NULL;
		}
		return x;
	}
	if (t && is_kw(&ps->l, "else")) {
		advance(ps);
		e = parse_pipe(ps);
	} else {
		ps->ok = 0; /* jq 1.6 wants an else */
	}
	if (!t || !e || !is_kw(&ps->l, "end")) {
		node_free(c);
		node_free(t);
		node_free(e);
		ps->ok = 0;
		return NULL;
	}
	advance(ps);
	struct node *x = mk(K_IF, c, t);
	if (x)
		x->c = e;
	else
		node_free(e);
	return x;
}

static struct node *parse_primary(struct parser *ps)
{
	if (++ps->depth > JQFAST_MAX_DEPTH) {
		ps->ok = 0;
		return NULL;
	}
	struct node *x = NULL;
	struct lex *l = &ps->l;
	switch (l->t) {
	case T_FIELD:
		x = field(mk(K_IDENTITY, NULL, NULL), l->s, l->n);
		advance(ps);
		break;
	case T_DOT:
		x = mk(K_IDENTITY, NULL, NULL);
		advance(ps);
		if (l->t == T_STR) {
			x = field(x, l->str.p ? l->str.p : "", l->str.len);
			advance(ps);
		}
		break;
	case T_STR:
		x = lit_string(l->str.p ? l->str.p : "", l->str.len);
		advance(ps);
		break;
	case T_NUM:
	case T_MINUS: {
		int neg = l->t == T_MINUS;
		if (neg)
			advance(ps);
		if (l->t != T_NUM) {
			ps->ok = 0;
			break;
		}
		x = mk(K_LIT, NULL, NULL);
		if (x) {
			x->lit.t = JSON_NUMBER;
			x->lit.num = neg ? -l->num : l->num;
		}
		advance(ps);
		break;
	}
	case T_VAR: {
		int slot = -1;
		for (int i = ps->nnames; i-- > 0;)
			if (strlen(ps->names[i]) == l->n && !memcmp(ps->names[i], l->s, l->n)) {
				slot = i;
				break;
			}
		if (slot < 0) {
			ps->ok = 0;
			break;
		}
		x = mk(K_VAR, NULL, NULL);
		if (x)
			x->slot = slot;
		advance(ps);
		break;
	}
	case T_LPAREN:
		advance(ps);
		x = parse_pipe(ps);
		if (!expect(ps, T_RPAREN)) {
			node_free(x);
			x = NULL;
		}
		break;
	case T_IDENT:
		if (is_kw(l, "true") || is_kw(l, "false") || is_kw(l, "null")) {
			x = mk(K_LIT, NULL, NULL);
			if (x)
				x->lit.t = is_kw(l, "true") ? JSON_TRUE : is_kw(l, "false") ? JSON_FALSE : JSON_NULL;
			advance(ps);
		} else if (is_kw(l, "length") || is_kw(l, "not") || is_kw(l, "type") || is_kw(l, "ascii_downcase")) {
			x = mk(is_kw(l, "length") ? K_LENGTH : is_kw(l, "not") ? K_NOT : is_kw(l, "type") ? K_TYPE : K_DOWNCASE,
			       NULL, NULL);
			advance(ps);
			if (l->t == T_LPAREN) /* length(x) is another function */
				ps->ok = 0;
		} else if (is_kw(l, "has")) {
			x = parse_args1(ps, K_HAS);
		} else if (is_kw(l, "startswith")) {
			x = parse_args1(ps, K_STARTS);
		} else if (is_kw(l, "endswith")) {
			x = parse_args1(ps, K_ENDS);
		} else if (is_kw(l, "contains")) {
			x = parse_args1(ps, K_CONTAINS);
		} else if (is_kw(l, "any")) {
			x = parse_anyall(ps, K_ANY);
		} else if (is_kw(l, "all")) {
			x = parse_anyall(ps, K_ALL);
		} else if (is_kw(l, "if")) {
			x = parse_if(ps);
		} else {
			ps->ok = 0;
		}
		break;
	default:
		ps->ok = 0;
	}
	if (ps->ok && x)
		x = parse_postfix_ops(ps, x);
	ps->depth--;
	if (!ps->ok) {
		node_free(x);
		return NULL;
	}
	return x;
}

static struct node *parse_cmp(struct parser *ps)
{
	struct node *a = parse_primary(ps);
	if (!a)
		return NULL;
	enum cmpop op;
	switch (ps->l.t) {
	case T_EQ: op = OP_EQ; break;
	case T_NE: op = OP_NE; break;
	case T_LT: op = OP_LT; break;
	case T_LE: op = OP_LE; break;
	case T_GT: op = OP_GT; break;
	case T_GE: op = OP_GE; break;
	default: return a;
	}
	advance(ps);
	struct node *b = parse_primary(ps);
	if (!b) {
		node_free(a);
		return NULL;
	}
	struct node *x = mk(K_CMP, a, b);
	if (x)
		x->op = op;
	return x;
}

static struct node *parse_and(struct parser *ps)
{
	struct node *a = parse_cmp(ps);
	while (a && ps->ok && is_kw(&ps->l, "and")) {
		advance(ps);
		struct node *b = parse_cmp(ps);
		a = b ? mk(K_AND, a, b) : (node_free(a), NULL);
	}
	return a;
}

static struct node *parse_or(struct parser *ps)
{
	struct node *a = parse_and(ps);
	while (a && ps->ok && is_kw(&ps->l, "or")) {
		advance(ps);
		struct node *b = parse_and(ps);
		a = b ? mk(K_OR, a, b) : (node_free(a), NULL);
	}
	return a;
}

static struct node *parse_alt(struct parser *ps)
{
	struct node *a = parse_or(ps);
	if (a && ps->ok && ps->l.t == T_ALT) {
		advance(ps);
		struct node *b = parse_alt(ps); /* right-associative */
		a = b ? mk(K_ALT, a, b) : (node_free(a), NULL);
	}
	return a;
}

static struct node *parse_pipe(struct parser *ps)
{
	if (++ps->depth > JQFAST_MAX_DEPTH) {
		ps->ok = 0;
		return NULL;
	}
	/* "Term as $x | body" binds; otherwise back up and parse an
	 * alternative expression. */
	struct lex save = ps->l;
	struct buf keep = ps->l.str; /* the string buffer is shared: copy out */
	struct node *x = NULL;
	int saved_ok = ps->ok;
	ps->l.str = (struct buf)BUF_INIT;
	buf_put(&ps->l.str, keep.p ? keep.p : "", keep.len);
	struct node *term = parse_primary(ps);
	if (term && ps->ok && is_kw(&ps->l, "as")) {
		buf_release(&keep);
		advance(ps);
		if (ps->l.t != T_VAR || ps->nnames >= JQFAST_MAX_VARS || ps->nslots >= JQFAST_MAX_VARS) {
			node_free(term);
			ps->ok = 0;
			ps->depth--;
			return NULL;
		}
		char *name = strndup(ps->l.s, ps->l.n);
		advance(ps);
		if (!name || !expect(ps, T_PIPE)) {
			free(name);
			node_free(term);
			ps->ok = 0;
			ps->depth--;
			return NULL;
		}
		int slot = ps->nnames;
		ps->names[ps->nnames++] = name;
		if (ps->nnames > ps->nslots)
			ps->nslots = ps->nnames;
		struct node *body = parse_pipe(ps);
		free(ps->names[--ps->nnames]);
		x = body ? mk(K_AS, term, body) : (node_free(term), NULL);
		if (x)
			x->slot = slot;
		ps->depth--;
		return x;
	}
	node_free(term);
	buf_release(&ps->l.str);
	ps->l = save;
	ps->l.str = keep;
	ps->ok = saved_ok;
	x = parse_alt(ps);
	if (x && ps->ok && ps->l.t == T_PIPE) {
		advance(ps);
		struct node *b = parse_pipe(ps);
		x = b ? mk(K_PIPE, x, b) : (node_free(x), NULL);
	}
	ps->depth--;
	return x;
}

/* An iterator outside any/all's generator makes several outputs. */
static int only_gen_iters(const struct node *n, int in_gen)
{
	if (!n)
		return 1;
	if (n->k == K_ITER && !in_gen)
		return 0;
	if (n->k == K_ANY || n->k == K_ALL)
		return only_gen_iters(n->a, 1) && only_gen_iters(n->b, 0);
	return only_gen_iters(n->a, in_gen) && only_gen_iters(n->b, 0) && only_gen_iters(n->c, 0);
}

struct jqfast *jqfast_new(const char *text)
{
	struct parser ps;
	memset(&ps, 0, sizeof(ps));
	ps.l.p = text;
	buf_init(&ps.l.str);
	ps.ok = 1;
	advance(&ps);
	struct node *root = ps.ok ? parse_pipe(&ps) : NULL;
	if (root && (!ps.ok || ps.l.t != T_EOF || !only_gen_iters(root, 0))) {
		node_free(root);
		root = NULL;
	}
	for (int i = 0; i < ps.nnames; i++)
		free(ps.names[i]);
	buf_release(&ps.l.str);
	if (!root)
		return NULL;
	struct jqfast *f = calloc(1, sizeof(*f));
	if (!f) {
		node_free(root);
		return NULL;
	}
	f->root = root;
	return f;
}

void jqfast_free(struct jqfast *f)
{
	if (!f)
		return;
	node_free(f->root);
	for (size_t i = 0; i < f->nscratch; i++)
		free(f->scratch[i]);
	free(f->scratch);
	free(f);
}

/* ---- evaluation ---- */

static char *scratch(struct jqfast *f, size_t n)
{
	if (f->nscratch == f->ascratch) {
		size_t na = f->ascratch ? 2 * f->ascratch : 8;
		char **v = realloc(f->scratch, na * sizeof(*v));
		if (!v)
			return NULL;
		f->scratch = v;
		f->ascratch = na;
	}
	char *p = malloc(n + 1);
	if (p)
		f->scratch[f->nscratch++] = p;
	return p;
}

/* A JSON span as a value (strings decoded, numbers parsed). */
static enum st from_span(struct jqfast *f, struct json_span sp, struct val *v)
{
	memset(v, 0, sizeof(*v));
	v->t = sp.type;
	switch (sp.type) {
	case JSON_NUMBER:
		v->num = json_number(sp);
		return ST_OK;
	case JSON_STRING:
		if (json_string_is_plain(sp)) {
			v->s = sp.p + 1;
			v->n = sp.n - 2;
		} else {
			struct buf b = BUF_INIT;
			json_string_decode(sp, &b);
			char *p = scratch(f, b.len);
			if (!p) {
				buf_release(&b);
				return ST_UNSUP;
			}
			memcpy(p, b.p ? b.p : "", b.len);
			v->s = p;
			v->n = b.len;
			buf_release(&b);
		}
		return ST_OK;
	case JSON_ARRAY:
	case JSON_OBJECT:
		v->sp = sp;
		return ST_OK;
	case JSON_NULL:
	case JSON_TRUE:
	case JSON_FALSE:
		return ST_OK;
	default:
		return ST_UNSUP;
	}
}

static int key_eq(struct json_span k, const char *s, size_t n)
{
	if (json_string_is_plain(k))
		return k.n - 2 == n && !memcmp(k.p + 1, s, n);
	struct buf b = BUF_INIT;
	json_string_decode(k, &b);
	int eq = b.len == n && !memcmp(b.p ? b.p : "", s, n);
	buf_release(&b);
	return eq;
}

/* .key of an object, the last of repeated keys (as jq keeps it). */
static int object_lookup(struct json_span obj, const char *s, size_t n, struct json_span *out)
{
	struct json_iter it;
	struct json_span k, v;
	int found = 0;
	json_iter_init(&it, obj);
	while (json_iter_member(&it, &k, &v))
		if (key_eq(k, s, n)) {
			*out = v;
			found = 1;
		}
	return found;
}

static int truthy(const struct val *v)
{
	return v->t != JSON_NULL && v->t != JSON_FALSE;
}

static void set_bool(struct val *v, int b)
{
	memset(v, 0, sizeof(*v));
	v->t = b ? JSON_TRUE : JSON_FALSE;
}

static size_t utf8_count(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* jv_cmp order for values that are not both containers; UNSUP otherwise. */
static enum st compare(const struct val *a, const struct val *b, int *r)
{
	if (a->t != b->t) {
		*r = a->t < b->t ? -1 : 1;
		return ST_OK;
	}
	switch (a->t) {
	case JSON_NUMBER: *r = a->num < b->num ? -1 : a->num == b->num ? 0 : 1; return ST_OK;
	case JSON_STRING: {
		size_t m = a->n < b->n ? a->n : b->n;
		int c = memcmp(a->s, b->s, m);
		*r = c ? (c < 0 ? -1 : 1) : a->n < b->n ? -1 : a->n > b->n ? 1 : 0;
		return ST_OK;
	}
	case JSON_ARRAY:
	case JSON_OBJECT: return ST_UNSUP;
	default: *r = 0; return ST_OK;
	}
}

static enum st eval(struct jqfast *f, const struct node *n, const struct val *in, struct val *out);

/* Elements of the generator of any/all; *items is set, or ST_EMPTY when
 * the generator yields nothing. */
static enum st gen_array(struct jqfast *f, const struct node *gen, const struct val *in, struct json_span *arr)
{
	int opt = gen->k == K_TRY;
	const struct node *it = opt ? gen->a : gen;
	struct val base;
	enum st s = eval(f, it->a, in, &base);
	if (s == ST_ERROR && opt)
		return ST_EMPTY;
	if (s != ST_OK)
		return s;
	if (base.t == JSON_ARRAY) {
		*arr = base.sp;
		return ST_OK;
	}
	if (base.t == JSON_OBJECT)
		return ST_UNSUP; /* iteration order of jq's objects: not ours to guess */
	return opt ? ST_EMPTY : ST_ERROR;
}

static enum st eval_anyall(struct jqfast *f, const struct node *n, const struct val *in, struct val *out)
{
	int is_any = n->k == K_ANY;
	struct json_span arr;
	enum st s = gen_array(f, n->a, in, &arr);
	if (s == ST_EMPTY) {
		set_bool(out, !is_any);
		return ST_OK;
	}
	if (s != ST_OK)
		return s;
	struct json_iter it;
	struct json_span e;
	json_iter_init(&it, arr);
	while (json_iter_elem(&it, &e)) {
		struct val ev, cv;
		if ((s = from_span(f, e, &ev)) != ST_OK)
			return s;
		s = eval(f, n->b, &ev, &cv);
		if (s == ST_EMPTY)
			continue;
		if (s != ST_OK)
			return s;
		if (truthy(&cv) == is_any) {
			set_bool(out, is_any);
			return ST_OK;
		}
	}
	set_bool(out, !is_any);
	return ST_OK;
}

static enum st eval_string_fn(struct jqfast *f, const struct node *n, const struct val *in, struct val *out)
{
	struct val arg;
	enum st s = eval(f, n->b, in, &arg);
	if (s != ST_OK)
		return s;
	if (n->k == K_HAS) {
		if (in->t == JSON_OBJECT && arg.t == JSON_STRING) {
			struct json_span dummy;
			set_bool(out, object_lookup(in->sp, arg.s, arg.n, &dummy));
			return ST_OK;
		}
		if (in->t == JSON_ARRAY && arg.t == JSON_NUMBER) {
			if (arg.num != floor(arg.num))
				return ST_UNSUP;
			size_t len = 0;
			struct json_iter it;
			struct json_span e;
			json_iter_init(&it, in->sp);
			while (json_iter_elem(&it, &e))
				len++;
			set_bool(out, arg.num >= 0 && arg.num < (double)len);
			return ST_OK;
		}
		return ST_ERROR;
	}
	if (n->k == K_CONTAINS) {
		if (in->t != arg.t)
			return ST_ERROR;
		if (in->t != JSON_STRING)
			return ST_UNSUP;
		/* jq 1.6 compares C strings: a NUL inside either changes the answer. */
		if (memchr(in->s, '\0', in->n) || memchr(arg.s, '\0', arg.n))
			return ST_UNSUP;
		set_bool(out, arg.n == 0 || memmem(in->s, in->n, arg.s, arg.n) != NULL);
		return ST_OK;
	}
	if (in->t != JSON_STRING || arg.t != JSON_STRING)
		return ST_ERROR;
	if (arg.n > in->n) {
		set_bool(out, 0);
		return ST_OK;
	}
	const char *at = n->k == K_STARTS ? in->s : in->s + in->n - arg.n;
	set_bool(out, !memcmp(at, arg.s, arg.n));
	return ST_OK;
}

static enum st eval(struct jqfast *f, const struct node *n, const struct val *in, struct val *out)
{
	struct val a, b;
	enum st s, s2;
	switch (n->k) {
	case K_IDENTITY:
		*out = *in;
		return ST_OK;
	case K_LIT:
		*out = n->lit;
		return ST_OK;
	case K_VAR:
		*out = f->vars[n->slot];
		return ST_OK;
	case K_FIELD:
		if ((s = eval(f, n->a, in, &a)) != ST_OK)
			return s;
		if (a.t == JSON_NULL) {
			memset(out, 0, sizeof(*out));
			out->t = JSON_NULL;
			return ST_OK;
		}
		if (a.t != JSON_OBJECT)
			return ST_ERROR;
		{
			struct json_span v;
			if (!object_lookup(a.sp, n->str, (size_t)n->idx, &v)) {
				memset(out, 0, sizeof(*out));
				out->t = JSON_NULL;
				return ST_OK;
			}
			return from_span(f, v, out);
		}
	case K_INDEX:
		if ((s = eval(f, n->a, in, &a)) != ST_OK)
			return s;
		if (a.t == JSON_NULL) {
			*out = a;
			return ST_OK;
		}
		if (a.t != JSON_ARRAY)
			return ST_ERROR;
		{
			struct json_iter it;
			struct json_span e, found = { 0 };
			long i = 0, want = n->idx;
			if (want < 0) {
				long len = 0;
				json_iter_init(&it, a.sp);
				while (json_iter_elem(&it, &e))
					len++;
				want += len;
			}
			json_iter_init(&it, a.sp);
			while (json_iter_elem(&it, &e)) {
				if (i++ == want) {
					found = e;
					break;
				}
			}
			if (found.type == JSON_NONE) {
				memset(out, 0, sizeof(*out));
				out->t = JSON_NULL;
				return ST_OK;
			}
			return from_span(f, found, out);
		}
	case K_TRY:
		s = eval(f, n->a, in, out);
		return s == ST_ERROR ? ST_EMPTY : s;
	case K_ITER:
		return ST_UNSUP;
	case K_CMP: {
		/* jq evaluates the right operand first. */
		if ((s2 = eval(f, n->b, in, &b)) != ST_OK)
			return s2;
		if ((s = eval(f, n->a, in, &a)) != ST_OK)
			return s;
		int r;
		if (n->op == OP_EQ || n->op == OP_NE) {
			if ((a.t == JSON_ARRAY || a.t == JSON_OBJECT) && a.t == b.t)
				return ST_UNSUP;
		}
		if ((s = compare(&a, &b, &r)) != ST_OK)
			return s;
		int res = 0;
		switch (n->op) {
		case OP_EQ: res = r == 0; break;
		case OP_NE: res = r != 0; break;
		case OP_LT: res = r < 0; break;
		case OP_LE: res = r <= 0; break;
		case OP_GT: res = r > 0; break;
		case OP_GE: res = r >= 0; break;
		}
		set_bool(out, res);
		return ST_OK;
	}
	case K_AND:
	case K_OR:
		if ((s = eval(f, n->a, in, &a)) != ST_OK)
			return s;
		if (truthy(&a) != (n->k == K_AND)) {
			set_bool(out, n->k == K_OR);
			return ST_OK;
		}
		if ((s = eval(f, n->b, in, &b)) != ST_OK)
			return s;
		set_bool(out, truthy(&b));
		return ST_OK;
	case K_ALT:
		s = eval(f, n->a, in, &a);
		if (s == ST_OK && truthy(&a)) {
			*out = a;
			return ST_OK;
		}
		if (s == ST_ERROR || s == ST_UNSUP)
			return s;
		return eval(f, n->b, in, out);
	case K_PIPE:
		if ((s = eval(f, n->a, in, &a)) != ST_OK)
			return s;
		return eval(f, n->b, &a, out);
	case K_AS:
		if ((s = eval(f, n->a, in, &a)) != ST_OK)
			return s;
		f->vars[n->slot] = a;
		return eval(f, n->b, in, out);
	case K_IF:
		if ((s = eval(f, n->a, in, &a)) != ST_OK)
			return s;
		return eval(f, truthy(&a) ? n->b : n->c, in, out);
	case K_NOT:
		set_bool(out, !truthy(in));
		return ST_OK;
	case K_LENGTH:
		memset(out, 0, sizeof(*out));
		out->t = JSON_NUMBER;
		switch (in->t) {
		case JSON_NULL: out->num = 0; return ST_OK;
		case JSON_NUMBER: out->num = fabs(in->num); return ST_OK;
		case JSON_STRING: out->num = (double)utf8_count(in->s, in->n); return ST_OK;
		case JSON_ARRAY: {
			struct json_iter it;
			struct json_span e;
			json_iter_init(&it, in->sp);
			while (json_iter_elem(&it, &e))
				out->num++;
			return ST_OK;
		}
		case JSON_OBJECT: {
			/* Repeated keys count once in jq: only answer when there are none. */
			struct json_span keys[32], k, v;
			struct json_iter it;
			size_t nk = 0;
			json_iter_init(&it, in->sp);
			while (json_iter_member(&it, &k, &v)) {
				if (nk == 32 || !json_string_is_plain(k))
					return ST_UNSUP;
				for (size_t j = 0; j < nk; j++)
					if (keys[j].n == k.n && !memcmp(keys[j].p, k.p, k.n))
						return ST_UNSUP;
				keys[nk++] = k;
			}
			out->num = (double)nk;
			return ST_OK;
		}
		default: return ST_ERROR;
		}
	case K_TYPE: {
		static const char *const names[] = { "", "null", "boolean", "boolean", "number", "string", "array",
			"object" };
		memset(out, 0, sizeof(*out));
		out->t = JSON_STRING;
		out->s = names[in->t];
		out->n = strlen(out->s);
		return ST_OK;
	}
	case K_DOWNCASE: {
		if (in->t != JSON_STRING)
			return ST_ERROR;
		char *p = scratch(f, in->n);
		if (!p)
			return ST_UNSUP;
		for (size_t i = 0; i < in->n; i++)
			p[i] = (in->s[i] >= 'A' && in->s[i] <= 'Z') ? (char)(in->s[i] + 32) : in->s[i];
		*out = *in;
		out->s = p;
		return ST_OK;
	}
	case K_HAS:
	case K_STARTS:
	case K_ENDS:
	case K_CONTAINS:
		return eval_string_fn(f, n, in, out);
	case K_ANY:
	case K_ALL:
		return eval_anyall(f, n, in, out);
	}
	return ST_UNSUP;
}

enum jqfast_result jqfast_eval(struct jqfast *f, struct json_span input)
{
	struct val in, out;
	enum st s = from_span(f, input, &in);
	if (s == ST_OK)
		s = eval(f, f->root, &in, &out);
	for (size_t i = 0; i < f->nscratch; i++)
		free(f->scratch[i]);
	f->nscratch = 0;
	if (s == ST_OK)
		return truthy(&out) ? JQFAST_TRUE : JQFAST_FALSE;
	if (s == ST_EMPTY)
		return JQFAST_FALSE;
	return JQFAST_FALLBACK;
}
