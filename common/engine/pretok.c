/*
 * pretok: hand-written matchers for the BPE pre-tokenizer expressions in
 * pretok.h. Each tries the alternatives in the expression's order at the
 * current position, as a backtracking regex engine would, and returns the
 * first match's length.
 */
#include "engine/pretok.h"

#include <string.h>

#include "engine/ucat.h"

static const struct {
	const char *name;
	enum pretok_kind kind;
} pretok_names[] = {
	{ "gpt-2", PRETOK_GPT2 },       { "phi-2", PRETOK_GPT2 },      { "jina-es", PRETOK_GPT2 },
	{ "jina-de", PRETOK_GPT2 },     { "gigachat", PRETOK_GPT2 },   { "jina-v2-es", PRETOK_GPT2 },
	{ "jina-v2-de", PRETOK_GPT2 },  { "a.x-4.0", PRETOK_GPT2 },    { "mellum", PRETOK_GPT2 },
	{ "modern-bert", PRETOK_GPT2 }, { "exaone4", PRETOK_GPT2 },    { "mpt", PRETOK_GPT2 },
	{ "olmo", PRETOK_GPT2 },        { "llama3", PRETOK_LLAMA3 },   { "llama-v3", PRETOK_LLAMA3 },
	{ "llama-bpe", PRETOK_LLAMA3 }, { "qwen2", PRETOK_QWEN2 },     { "deepseek-r1-qwen", PRETOK_QWEN2 },
	{ "smollm", PRETOK_SMOLLM },    { "starcoder", PRETOK_SMOLLM }, { "refact", PRETOK_SMOLLM },
	{ "command-r", PRETOK_SMOLLM }, { "falcon", PRETOK_FALCON },   { "deepseek-llm", PRETOK_DEEPSEEK_LLM },
	{ "deepseek-coder", PRETOK_DEEPSEEK_CODER }, { "tekken", PRETOK_TEKKEN }, { "qwen35", PRETOK_QWEN35 },
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
	return i < n && !(cls(cp, n, i) & (UCAT_LETTER | UCAT_NUMBER | UCAT_SPACE));
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

/* [^\s\p{L}\p{M}\p{N}] (Qwen3.5) */
static int is_other_m(const uint32_t *cp, size_t n, size_t i)
{
	return i < n && !(cls(cp, n, i) & (UCAT_LETTER | UCAT_MARK | UCAT_NUMBER | UCAT_SPACE));
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
		if (!(c & UCAT_SPACE))
			return run_other(cp, n, j) - i;
	}
	if (cls(cp, n, i) & UCAT_SPACE) {
		m = space_not_before_text(i, run(cp, n, i, UCAT_SPACE), n);
		if (m)
			return m;
	}
	return 1; /* unmatched: a lone whitespace character before text */
}

/* Llama 3's expression; Qwen2's with single digits; Qwen3.5's (marks)
 * with marks joining letter runs ([\p{L}\p{M}]+ for \p{L}+) and kept
 * out of the punctuation runs ([^\s\p{L}\p{M}\p{N}]). A mark at i is
 * the run's start either way: as the optional prefix or inside the run. */
static size_t next_llama3(const uint32_t *cp, size_t n, size_t i, size_t max_digits, int marks)
{
	size_t m = contraction(cp, n, i, 1);
	if (m)
		return m;
	int c = cls(cp, n, i), lm = UCAT_LETTER | (marks ? UCAT_MARK : 0);
	/* [^\r\n\p{L}\p{N}]?\p{L}+ */
	if (c & lm)
		return run(cp, n, i, lm) - i;
	if (!(c & UCAT_NUMBER) && !is_crlf(cp, n, i) && (cls(cp, n, i + 1) & lm))
		return run(cp, n, i + 1, lm) - i;
	/* \p{N}{1,max} */
	if (c & UCAT_NUMBER) {
		size_t j = i;
		while (j < n && j - i < max_digits && (cls(cp, n, j) & UCAT_NUMBER))
			j++;
		return j - i;
	}
	/* ' '?[^\s\p{L}\p{N}]+[\r\n]* */
	size_t j = i + (cp[i] == ' ');
	if (marks ? is_other_m(cp, n, j) : is_other(cp, n, j)) {
		while (marks ? is_other_m(cp, n, j) : is_other(cp, n, j))
			j++;
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

/*
 * Tekken (llama.cpp's form of it): [^\r\n\p{L}\p{N}]?((?=[\p{L}])([^a-z]))*((?=[\p{L}])([^A-Z]))+ |
 * [^\r\n\p{L}\p{N}]?((?=[\p{L}])([^a-z]))+((?=[\p{L}])([^A-Z]))* | \p{N} |
 *  ?[^\s\p{L}\p{N}]+[\r\n/]* | \s*[\r\n]+ | \s+(?!\S) | \s+
 * "Upper" U is a letter that is not ASCII a-z, "lower" W one that is not
 * ASCII A-Z (a letter beyond ASCII is both). The first alternative, with
 * backtracking, takes the longest run of U that a W follows, then the run
 * of W; the second, a run of U.
 */
static int is_u(const uint32_t *cp, size_t n, size_t i)
{
	return (cls(cp, n, i) & UCAT_LETTER) && !(cp[i] >= 'a' && cp[i] <= 'z');
}

static int is_w(const uint32_t *cp, size_t n, size_t i)
{
	return (cls(cp, n, i) & UCAT_LETTER) && !(cp[i] >= 'A' && cp[i] <= 'Z');
}

static size_t tekken_letters(const uint32_t *cp, size_t n, size_t s)
{
	size_t k = s;
	while (is_u(cp, n, k))
		k++;
	size_t w = k; /* the U run is s..k; a W at w ends the backtracking */
	while (w > s && !is_w(cp, n, w))
		w--;
	if (is_w(cp, n, w)) {
		while (is_w(cp, n, w))
			w++;
		return w;
	}
	return k; /* no W: the second alternative, the U run (k > s here) */
}

static size_t next_tekken(const uint32_t *cp, size_t n, size_t i)
{
	int c = cls(cp, n, i);
	if (c & UCAT_LETTER)
		return tekken_letters(cp, n, i) - i;
	if (!(c & UCAT_NUMBER) && !is_crlf(cp, n, i) && (cls(cp, n, i + 1) & UCAT_LETTER))
		return tekken_letters(cp, n, i + 1) - i;
	if (c & UCAT_NUMBER)
		return 1;
	size_t j = i + (cp[i] == ' ');
	if (is_other(cp, n, j)) {
		j = run_other(cp, n, j);
		while (is_crlf(cp, n, j) || (j < n && cp[j] == '/'))
			j++;
		return j - i;
	}
	size_t k = run(cp, n, i, UCAT_SPACE);
	for (size_t e = k; e > i; e--)
		if (is_crlf(cp, n, e - 1))
			return e - i;
	size_t m = space_not_before_text(i, k, n);
	return m ? m : k - i;
}

static size_t next_llama3_1(const uint32_t *cp, size_t n, size_t i)
{
	return next_llama3(cp, n, i, 3, 0);
}

static size_t next_qwen2_1(const uint32_t *cp, size_t n, size_t i)
{
	return next_llama3(cp, n, i, 1, 0);
}

static size_t next_qwen35_1(const uint32_t *cp, size_t n, size_t i)
{
	return next_llama3(cp, n, i, 1, 1);
}

/* ---- search passes: a match at i, or 0 (the text up to the next match
 * is then a piece of its own, as in llama.cpp's regex split) ---- */

static int is_ws(const uint32_t *cp, size_t n, size_t i)
{
	return cls(cp, n, i) & UCAT_SPACE;
}

static size_t m_crlf(const uint32_t *cp, size_t n, size_t i) /* [\r\n] */
{
	return is_crlf(cp, n, i);
}

static size_t m_digit(const uint32_t *cp, size_t n, size_t i) /* \p{N} */
{
	return (cls(cp, n, i) & UCAT_NUMBER) != 0;
}

static size_t m_digits(const uint32_t *cp, size_t n, size_t i) /* \p{N}+ */
{
	return run(cp, n, i, UCAT_NUMBER) - i;
}

static size_t m_ascii_digit3(const uint32_t *cp, size_t n, size_t i) /* [0-9][0-9][0-9] */
{
	for (size_t j = i; j < i + 3; j++)
		if (j >= n || cp[j] < '0' || cp[j] > '9')
			return 0;
	return 3;
}

/* \s?X+ for a class test X */
static size_t opt_space_run(const uint32_t *cp, size_t n, size_t i, int (*x)(const uint32_t *, size_t, size_t))
{
	size_t j = i;
	if (!x(cp, n, j)) {
		if (!is_ws(cp, n, j) || !x(cp, n, j + 1))
			return 0;
		j++;
	}
	while (x(cp, n, j))
		j++;
	return j - i;
}

static int x_letter(const uint32_t *cp, size_t n, size_t i)
{
	return (cls(cp, n, i) & UCAT_LETTER) != 0;
}

static int x_punct(const uint32_t *cp, size_t n, size_t i)
{
	return (cls(cp, n, i) & UCAT_PUNCT) != 0;
}

static size_t m_space_letters(const uint32_t *cp, size_t n, size_t i) /* \s?\p{L}+ */
{
	return opt_space_run(cp, n, i, x_letter);
}

static size_t m_space_punct(const uint32_t *cp, size_t n, size_t i) /* \s?\p{P}+ */
{
	return opt_space_run(cp, n, i, x_punct);
}

/* [\p{P}\$\+<=>\^~\|`]+ (Falcon) */
static int x_falcon(const uint32_t *cp, size_t n, size_t i)
{
	return i < n && ((cls(cp, n, i) & UCAT_PUNCT) || (cp[i] < 0x80 && strchr("$+<=>^~|`", (int)cp[i]) && cp[i]));
}

static size_t m_falcon_punct(const uint32_t *cp, size_t n, size_t i)
{
	size_t j = i;
	while (x_falcon(cp, n, j))
		j++;
	return j - i;
}

/* Sets of code point ranges, written in llama.cpp's expressions as
 * literal characters and matched by std::wregex, which sees every
 * whitespace character beyond ASCII as U+000B: those never match. */
struct cprange {
	uint32_t lo, hi;
};

static int in_ranges(const struct cprange *r, size_t nr, const uint32_t *cp, size_t n, size_t i)
{
	if (i >= n || (cp[i] >= 0x80 && (ucat_of(cp[i]) & UCAT_SPACE)))
		return 0;
	for (size_t k = 0; k < nr; k++)
		if (cp[i] >= r[k].lo && cp[i] <= r[k].hi)
			return 1;
	return 0;
}

/* [一-龥ࠀ-一가-퟿]+ (DeepSeek): U+4E00-9FA5, U+0800-4E00, U+AC00-D7FF */
static const struct cprange cjk[] = { { 0x4E00, 0x9FA5 }, { 0x0800, 0x4E00 }, { 0xAC00, 0xD7FF } };

static int x_cjk(const uint32_t *cp, size_t n, size_t i)
{
	return in_ranges(cjk, sizeof(cjk) / sizeof(cjk[0]), cp, n, i);
}

static size_t m_cjk(const uint32_t *cp, size_t n, size_t i)
{
	size_t j = i;
	while (x_cjk(cp, n, j))
		j++;
	return j - i;
}

/* DeepSeek LLM's letters: the bracket expression of its second pass
 * (A-Za-zµÀ-ÖØ-ö... through 𞤀-𞥃), as code point ranges */
static const struct cprange ds_letters[] = {
	{ 0x41, 0x5A }, { 0x61, 0x7A }, { 0xB5, 0xB5 }, { 0xC0, 0xD6 }, { 0xD8, 0xF6 }, { 0xF8, 0x1BA },
	{ 0x1BC, 0x1BF }, { 0x1C4, 0x293 }, { 0x295, 0x2AF }, { 0x370, 0x373 }, { 0x376, 0x377 }, { 0x37B, 0x37D },
	{ 0x37F, 0x37F }, { 0x386, 0x386 }, { 0x388, 0x38A }, { 0x38C, 0x38C }, { 0x38E, 0x3A1 }, { 0x3A3, 0x3F5 },
	{ 0x3F7, 0x481 }, { 0x48A, 0x52F }, { 0x531, 0x556 }, { 0x10A0, 0x10C5 }, { 0x13A0, 0x13F5 },
	{ 0x13F8, 0x13FD }, { 0x1C90, 0x1CBA }, { 0x1CBD, 0x1CBF }, { 0x1D00, 0x1D2B }, { 0x1D6B, 0x1D77 },
	{ 0x1D79, 0x1D9A }, { 0x1E00, 0x1F15 }, { 0x1F18, 0x1F1D }, { 0x1F20, 0x1F45 }, { 0x1F48, 0x1F4D },
	{ 0x1F50, 0x1F57 }, { 0x1F59, 0x1F59 }, { 0x1F5B, 0x1F5B }, { 0x1F5D, 0x1F5D }, { 0x1F5F, 0x1F7D },
	{ 0x1F80, 0x1FB4 }, { 0x1FB6, 0x1FBC }, { 0x1FBE, 0x1FBE }, { 0x1FC2, 0x1FC4 }, { 0x1FC6, 0x1FCC },
	{ 0x1FD0, 0x1FD3 }, { 0x1FD6, 0x1FDB }, { 0x1FE0, 0x1FEC }, { 0x1FF2, 0x1FF4 }, { 0x1FF6, 0x1FFC },
	{ 0x2102, 0x2102 }, { 0x2107, 0x2107 }, { 0x210A, 0x2113 }, { 0x2115, 0x2115 }, { 0x2119, 0x211D },
	{ 0x2124, 0x2124 }, { 0x2126, 0x2126 }, { 0x2128, 0x2128 }, { 0x212A, 0x212D }, { 0x212F, 0x2134 },
	{ 0x2139, 0x2139 }, { 0x213C, 0x213F }, { 0x2145, 0x2149 }, { 0x214E, 0x214E }, { 0x2183, 0x2184 },
	{ 0x2C00, 0x2C7B }, { 0x2C7E, 0x2CE4 }, { 0x2CEB, 0x2CEE }, { 0x2CF2, 0x2CF3 }, { 0xA640, 0xA66D },
	{ 0xA680, 0xA69B }, { 0xA722, 0xA76F }, { 0xA771, 0xA787 }, { 0xA78B, 0xA78E }, { 0xAB70, 0xABBF },
	{ 0xFB00, 0xFB06 }, { 0xFB13, 0xFB17 }, { 0xFF21, 0xFF3A }, { 0xFF41, 0xFF5A }, { 0x10400, 0x1044F },
	{ 0x104B0, 0x104D3 }, { 0x104D8, 0x104FB }, { 0x10C80, 0x10CB2 }, { 0x10CC0, 0x10CF2 }, { 0x118A0, 0x118DF },
	{ 0x1E900, 0x1E943 },
};

static int x_ds_letter(const uint32_t *cp, size_t n, size_t i)
{
	return in_ranges(ds_letters, sizeof(ds_letters) / sizeof(ds_letters[0]), cp, n, i);
}

/* [!-/:-~！-／：-～‘-‟　-。] (DeepSeek LLM's punctuation, ASCII letters included) */
static const struct cprange ds_punct[] = { { 0x21, 0x2F }, { 0x3A, 0x7E }, { 0xFF01, 0xFF0F }, { 0xFF1A, 0xFF5E },
					   { 0x2018, 0x201F }, { 0x3000, 0x3002 } };

static int x_ds_punct(const uint32_t *cp, size_t n, size_t i)
{
	return in_ranges(ds_punct, sizeof(ds_punct) / sizeof(ds_punct[0]), cp, n, i);
}

static size_t m_ds_letters(const uint32_t *cp, size_t n, size_t i) /* \s?[letters]+ */
{
	return opt_space_run(cp, n, i, x_ds_letter);
}

static size_t m_ds_punct(const uint32_t *cp, size_t n, size_t i) /* \s?[punctuation]+ */
{
	return opt_space_run(cp, n, i, x_ds_punct);
}

/* \s+$ is matched by its own search (below): the trailing whitespace. */
static size_t m_trailing_space(const uint32_t *cp, size_t n, size_t i)
{
	(void)cp, (void)n, (void)i;
	return 0;
}

typedef size_t (*pass_fn)(const uint32_t *cp, size_t n, size_t i);

/* Each kind's expressions in order; every pass splits the pieces of the
 * one before. A pass whose function always matches (the GPT-2, Llama 3,
 * Qwen2 and Tekken matchers) cuts its piece into matches only. */
static const pass_fn kind_passes[][7] = {
	[PRETOK_GPT2] = { next_gpt2 },
	[PRETOK_LLAMA3] = { next_llama3_1 },
	[PRETOK_QWEN2] = { next_qwen2_1 },
	[PRETOK_SMOLLM] = { m_digit, next_gpt2 },
	[PRETOK_FALCON] = { m_falcon_punct, next_gpt2, m_ascii_digit3 },
	[PRETOK_DEEPSEEK_LLM] = { m_crlf, m_ds_letters, m_ds_punct, m_trailing_space, m_cjk, m_digits },
	[PRETOK_DEEPSEEK_CODER] = { m_crlf, m_space_letters, m_space_punct, m_cjk, m_digit },
	[PRETOK_TEKKEN] = { next_tekken },
	[PRETOK_QWEN35] = { next_qwen35_1 },
};

/* Splits the piece cp[0, n) with pass f, appending piece ends (offset by
 * base) to out. */
static size_t split_piece(pass_fn f, const uint32_t *cp, size_t n, uint32_t base, uint32_t *out)
{
	size_t m = 0, q = 0;
	size_t tail = n; /* \s+$: where the trailing whitespace starts */
	if (f == m_trailing_space)
		while (tail > 0 && is_ws(cp, n, tail - 1))
			tail--;
	while (q < n) {
		size_t j = q, len = 0;
		if (f == m_trailing_space) {
			j = tail > q ? tail : n;
			len = n - j;
		} else {
			while (j < n && !(len = f(cp, n, j)))
				j++;
		}
		if (j > q)
			out[m++] = base + (uint32_t)j;
		if (j >= n)
			break;
		out[m++] = base + (uint32_t)(j + len);
		q = j + len;
	}
	return m;
}

size_t pretok_split(enum pretok_kind k, const uint32_t *cp, size_t n, uint32_t *ends, uint32_t *tmp)
{
	if (n == 0)
		return 0;
	size_t count = 1;
	ends[0] = (uint32_t)n;
	if ((unsigned)k >= sizeof(kind_passes) / sizeof(kind_passes[0]))
		return count;
	for (int p = 0; p < 7 && kind_passes[k][p]; p++) {
		size_t m = 0, start = 0;
		for (size_t c = 0; c < count; c++) {
			m += split_piece(kind_passes[k][p], cp + start, ends[c] - start, (uint32_t)start, tmp + m);
			start = ends[c];
		}
		memcpy(ends, tmp, m * sizeof(*ends));
		count = m;
	}
	return count;
}
