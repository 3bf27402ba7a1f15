/*
 * pretok: hand-written matchers for the BPE pre-tokenizer expressions in
 * pretok.h. Each tries the alternatives in the expression's order at the
 * current position, as a backtracking regex engine would, and returns the
 * first match's length.
 */
#include "pretok.h"

#include <string.h>

#include "ucat.h"

static const struct {
	const char *name;
	enum pretok_kind kind;
} pretok_names[] = {
	{ "gpt-2", PRETOK_GPT2 },       { "phi-2", PRETOK_GPT2 },      { "jina-es", PRETOK_GPT2 },
	{ "jina-de", PRETOK_GPT2 },     { "gigachat", PRETOK_GPT2 },   { "jina-v2-es", PRETOK_GPT2 },
	{ "jina-v2-de", PRETOK_GPT2 },  { "a.x-4.0", PRETOK_GPT2 },    { "mellum", PRETOK_GPT2 },
	{ "modern-bert", PRETOK_GPT2 }, { "exaone4", PRETOK_GPT2 },    { "llama3", PRETOK_LLAMA3 },
	{ "llama-v3", PRETOK_LLAMA3 },  { "llama-bpe", PRETOK_LLAMA3 }, { "qwen2", PRETOK_QWEN2 },
	{ "deepseek-r1-qwen", PRETOK_QWEN2 },
};

enum pretok_kind pretok_lookup(const char *name)
{
	for (size_t i = 0; i < sizeof(pretok_names) / sizeof(pretok_names[0]); i++)
		if (strcmp(name, pretok_names[i].name) == 0)
			return pretok_names[i].kind;
	return PRETOK_NONE;
}

/* The classes of cp[i], 0 past the end. */
static int cls(const uint32_t *cp, size_t n, size_t i)
{
	return i < n ? ucat_of(cp[i]) : 0;
}

static int is_other(const uint32_t *cp, size_t n, size_t i) /* [^\s\p{L}\p{N}] */
{
	return i < n && cls(cp, n, i) == 0;
}

static int is_crlf(const uint32_t *cp, size_t n, size_t i)
{
	return i < n && (cp[i] == '\r' || cp[i] == '\n');
}

static uint32_t lower(uint32_t c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* 's 't 're 've 'm 'll 'd at i: the length, or 0. */
static size_t contraction(const uint32_t *cp, size_t n, size_t i, int any_case)
{
	if (cp[i] != '\'' || i + 1 >= n)
		return 0;
	uint32_t a = any_case ? lower(cp[i + 1]) : cp[i + 1];
	if (a == 's' || a == 't' || a == 'm' || a == 'd')
		return 2;
	if (i + 2 >= n)
		return 0;
	uint32_t b = any_case ? lower(cp[i + 2]) : cp[i + 2];
	if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l'))
		return 3;
	return 0;
}

/* The end of the run of class c from j. */
static size_t run(const uint32_t *cp, size_t n, size_t j, int c)
{
	while (j < n && (cls(cp, n, j) & c))
		j++;
	return j;
}

static size_t run_other(const uint32_t *cp, size_t n, size_t j)
{
	while (is_other(cp, n, j))
		j++;
	return j;
}

/* \s+(?!\S) at i (cp[i] is whitespace, ends at k, the end of its run):
 * all of it at the end of text, else all but the last, which must leave
 * at least one; 0 when that is nothing. */
static size_t space_not_before_text(size_t i, size_t k, size_t n)
{
	if (k == n)
		return k - i;
	return k - i >= 2 ? k - 1 - i : 0;
}

static size_t next_gpt2(const uint32_t *cp, size_t n, size_t i)
{
	size_t m = contraction(cp, n, i, 0);
	if (m)
		return m;
	size_t j = i + (cp[i] == ' ');
	if (j < n) {
		int c = cls(cp, n, j);
		if (c & UCAT_LETTER)
			return run(cp, n, j, UCAT_LETTER) - i;
		if (c & UCAT_NUMBER)
			return run(cp, n, j, UCAT_NUMBER) - i;
		if (c == 0)
			return run_other(cp, n, j) - i;
	}
	if (cls(cp, n, i) & UCAT_SPACE) {
		m = space_not_before_text(i, run(cp, n, i, UCAT_SPACE), n);
		if (m)
			return m;
	}
	return 1; /* unmatched: a lone whitespace character before text */
}

static size_t next_llama3(const uint32_t *cp, size_t n, size_t i, size_t max_digits)
{
	size_t m = contraction(cp, n, i, 1);
	if (m)
		return m;
	int c = cls(cp, n, i);
	/* [^\r\n\p{L}\p{N}]?\p{L}+ */
	if (c & UCAT_LETTER)
		return run(cp, n, i, UCAT_LETTER) - i;
	if (!(c & UCAT_NUMBER) && !is_crlf(cp, n, i) && (cls(cp, n, i + 1) & UCAT_LETTER))
		return run(cp, n, i + 1, UCAT_LETTER) - i;
	/* \p{N}{1,max} */
	if (c & UCAT_NUMBER) {
		size_t j = i;
		while (j < n && j - i < max_digits && (cls(cp, n, j) & UCAT_NUMBER))
			j++;
		return j - i;
	}
	/* ' '?[^\s\p{L}\p{N}]+[\r\n]* */
	size_t j = i + (cp[i] == ' ');
	if (is_other(cp, n, j)) {
		j = run_other(cp, n, j);
		while (is_crlf(cp, n, j))
			j++;
		return j - i;
	}
	/* what is left starts with whitespace */
	size_t k = run(cp, n, i, UCAT_SPACE);
	/* \s*[\r\n]+: up to the last \r or \n of the run */
	for (size_t e = k; e > i; e--)
		if (is_crlf(cp, n, e - 1))
			return e - i;
	/* \s+(?!\S), else \s+ */
	m = space_not_before_text(i, k, n);
	return m ? m : k - i;
}

size_t pretok_next(enum pretok_kind k, const uint32_t *cp, size_t n, size_t i)
{
	switch (k) {
	case PRETOK_GPT2:
		return next_gpt2(cp, n, i);
	case PRETOK_LLAMA3:
		return next_llama3(cp, n, i, 3);
	case PRETOK_QWEN2:
		return next_llama3(cp, n, i, 1);
	default:
		return n - i;
	}
}
