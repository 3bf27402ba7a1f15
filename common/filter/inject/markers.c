/*
 * markers.c: chat-template tokens and fake role markers, read from the raw
 * bytes (folding would lose the brackets that make them what they are).
 *
 * template_token: <|anything|> (ChatML, Llama 3, Phi, GPT special tokens),
 * <｜...｜> (DeepSeek), [INST] [/INST] <<SYS>> <</SYS>> (Llama 2),
 * <start_of_turn> <end_of_turn> (Gemma), </s> (strong when a new turn
 * follows it; alone it may be an HTML strikethrough), <s>, <bos>, <eos>.
 * A token between backticks is being talked about, not used: x0.4.
 *
 * role_marker: a line that opens with a role label and a colon
 * ("SYSTEM:", "[system]", "**Assistant:**", "### Instruction:"), an
 * upper-case SYSTEM/ADMIN label inside a line, <system>...</system> tags,
 * Bing's "[system](#...)", a JSON {"role": "system"} member, and a
 * Human:/Assistant: transcript. A bare "System: Ubuntu 22.04" in a bug
 * report scores below the threshold; it takes a second signal to block.
 */
#include <string.h>

#include "filter/inject/inject_int.h"

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Case-insensitive: does s[i..] start with lit? */
static int at_ci(const char *s, size_t n, size_t i, const char *lit)
{
	size_t k = strlen(lit);
	if (k > n - i)
		return 0;
	for (size_t j = 0; j < k; j++)
		if (lower((unsigned char)s[i + j]) != lit[j])
			return 0;
	return 1;
}

static int is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static void push_tok(const struct ij_text *t, struct inject_list *out, const char *h,
		     size_t a, size_t e, double sc)
{
	/* `<|im_start|>` in backticks: a question about the token */
	if (a > 0 && e < t->n && t->s[a - 1] == '`' && t->s[e] == '`')
		sc *= 0.4;
	ij_push(out, h, a, e, sc, t->s + a, e - a);
}

static size_t skip_ws(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

/* At '<' or '[': a template token or role tag. Returns bytes consumed (0: none). */
static size_t angle(const struct ij_text *t, size_t i, struct inject_list *out)
{
	const char *s = t->s;
	size_t n = t->n;
	if (s[i] == '<' && i + 1 < n && s[i + 1] == '|') {
		size_t j = i + 2;
		while (j < n && j - i < 48 && (is_alnum((unsigned char)s[j]) || s[j] == '_' ||
					       s[j] == '.' || s[j] == ':' || s[j] == '-' || s[j] == ' '))
			j++;
		if (j > i + 2 && j + 1 < n && s[j] == '|' && s[j + 1] == '>') {
			push_tok(t, out, "template_token", i, j + 2, 0.9);
			return j + 2 - i;
		}
		return 0;
	}
	/* DeepSeek: <｜ ... ｜> with U+FF5C */
	if (s[i] == '<' && at_ci(s, n, i + 1, "\xef\xbd\x9c")) {
		size_t j = i + 4;
		while (j < n && j - i < 96 && s[j] != '>' && s[j] != '\n')
			j++;
		if (j < n && s[j] == '>' && j >= 3 && memcmp(s + j - 3, "\xef\xbd\x9c", 3) == 0) {
			push_tok(t, out, "template_token", i, j + 1, 0.9);
			return j + 1 - i;
		}
		return 0;
	}
	static const struct {
		const char *lit;
		const char *h;
		double sc;
	} lits[] = {
		{ "[inst]", "template_token", 0.9 },
		{ "[/inst]", "template_token", 0.9 },
		{ "<<sys>>", "template_token", 0.9 },
		{ "<</sys>>", "template_token", 0.9 },
		{ "<start_of_turn>", "template_token", 0.9 },
		{ "<end_of_turn>", "template_token", 0.9 },
		{ "<bos>", "template_token", 0.5 },
		{ "<eos>", "template_token", 0.5 },
		{ "<s>", "template_token", 0.25 },
		{ "</s>", "template_token", 0.45 },
		{ "[system](#", "role_marker", 0.6 },
		{ "<system>", "role_marker", 0.55 },
		{ "</system>", "role_marker", 0.55 },
		{ "<system_prompt>", "role_marker", 0.55 },
		{ "<sys>", "role_marker", 0.5 },
		{ "[system]", "role_marker", 0.5 },
		{ "[system message]", "role_marker", 0.55 },
		{ "[admin]", "role_marker", 0.45 },
		{ "[developer]", "role_marker", 0.45 },
		{ "<assistant>", "role_marker", 0.35 },
		{ "</assistant>", "role_marker", 0.35 },
		{ "[assistant]", "role_marker", 0.35 },
		{ "<user>", "role_marker", 0.3 },
		{ "</user>", "role_marker", 0.3 },
		{ "[user]", "role_marker", 0.3 },
	};
	for (size_t k = 0; k < sizeof(lits) / sizeof(lits[0]); k++) {
		if (!at_ci(s, n, i, lits[k].lit))
			continue;
		size_t e = i + strlen(lits[k].lit);
		double sc = lits[k].sc;
		if (strcmp(lits[k].lit, "</s>") == 0) {
			/* a new turn right after the end-of-sequence token */
			size_t j = skip_ws(s, n, e);
			if (j < n && (s[j] == '<' || s[j] == '['))
				sc = 0.85;
		}
		if (strcmp(lits[k].lit, "[system](#") == 0)
			e--; /* span the label, not the link */
		push_tok(t, out, lits[k].h, i, e, sc);
		return e - i;
	}
	return 0;
}

struct label {
	const char *w;
	double sc;
};

/* Line-opening role labels; longest first where one is a prefix of another. */
static const struct label LABELS[] = {
	{ "system override", 0.7 }, { "admin override", 0.7 }, { "developer override", 0.7 },
	{ "security override", 0.7 }, { "override", 0.5 },
	{ "system message", 0.5 }, { "system prompt", 0.5 }, { "system note", 0.45 },
	{ "system notice", 0.45 }, { "system update", 0.5 }, { "system instructions", 0.55 },
	{ "system instruction", 0.55 }, { "system alert", 0.45 }, { "system", 0.45 },
	{ "administrator", 0.4 }, { "admin", 0.4 }, { "developer", 0.4 }, { "sysadmin", 0.4 },
	{ "operator", 0.35 }, { "root", 0.35 },
	{ "ai assistant", 0.3 }, { "assistant", 0.3 }, { "chatgpt", 0.3 }, { "claude", 0.3 },
	{ "ai", 0.25 }, { "bot", 0.25 }, { "model", 0.25 },
	{ "human", 0.2 }, { "user", 0.2 },
};

static const struct label HASH_LABELS[] = {
	{ "instructions", 0.7 }, { "instruction", 0.7 }, { "response", 0.7 }, { "system", 0.7 },
	{ "input", 0.6 }, { "human", 0.6 }, { "assistant", 0.6 }, { "user", 0.5 },
	{ "prompt", 0.5 }, { "context", 0.45 },
};

/* At a line start: "   **[SYSTEM]:**", "### Instruction:", "Assistant:". */
static void line_label(const struct ij_text *t, size_t i, struct inject_list *out,
		       int *saw_human, int *saw_assistant)
{
	const char *s = t->s;
	size_t n = t->n;
	size_t a = i;
	while (a < n && (s[a] == ' ' || s[a] == '\t'))
		a++;
	int hashes = 0, bracket = 0;
	while (a < n && a - i < 16 && (s[a] == '#' || s[a] == '*' || s[a] == '_' || s[a] == '[' ||
				       s[a] == '<' || s[a] == '(' || s[a] == '{' || s[a] == '>' ||
				       s[a] == '-' || s[a] == '=' || s[a] == ' ')) {
		hashes += s[a] == '#';
		bracket |= s[a] == '[' || s[a] == '<' || s[a] == '(' || s[a] == '{';
		a++;
	}
	if (a >= n || !is_alnum((unsigned char)s[a]))
		return;
	const struct label *tab = hashes ? HASH_LABELS : LABELS;
	size_t ntab = hashes ? sizeof(HASH_LABELS) / sizeof(HASH_LABELS[0])
			     : sizeof(LABELS) / sizeof(LABELS[0]);
	for (size_t k = 0; k < ntab; k++) {
		if (!at_ci(s, n, a, tab[k].w))
			continue;
		size_t e = a + strlen(tab[k].w);
		if (e < n && is_alnum((unsigned char)s[e]))
			continue; /* "systems", "users" */
		size_t j = e;
		while (j < n && (s[j] == ' ' || s[j] == '*' || s[j] == '_' || s[j] == ']' ||
				 s[j] == '>' || s[j] == ')' || s[j] == '}' || s[j] == '#'))
			j++;
		int colon = j < n && s[j] == ':';
		int closed = j > e && (s[j - 1] == ']' || s[j - 1] == '>' || s[j - 1] == ')' ||
				       s[j - 1] == '}' || s[j - 1] == '#');
		int eol = j >= n || s[j] == '\n' || s[j] == '\r';
		double sc = tab[k].sc;
		if (hashes) {
			/* "### Instruction:" is Alpaca; a bare "### Instructions"
			 * heading in a pasted README is much weaker */
			if (!colon)
				sc = eol ? sc * 0.5 : 0;
		} else {
			if (!colon && !(bracket && closed))
				return;
			if (bracket && closed)
				sc += 0.1;
		}
		if (sc <= 0)
			return;
		if (at_ci(tab[k].w, strlen(tab[k].w), 0, "human") ||
		    at_ci(tab[k].w, strlen(tab[k].w), 0, "user"))
			*saw_human = 1;
		if (at_ci(tab[k].w, strlen(tab[k].w), 0, "assistant"))
			*saw_assistant = 1;
		ij_push(out, "role_marker", a, e, sc, s + a, e - a);
		return;
	}
}

/* An upper-case SYSTEM or ADMIN label inside a line: "... SYSTEM: do X".
 * Driven by the token list: only tokens that fold to "system"/"admin". */
static void inline_caps(const struct ij_text *t, struct inject_list *out)
{
	for (size_t i = 0; i < t->ntok; i++) {
		const struct ij_tok *k = &t->tok[i];
		size_t a = k->start, e = k->end;
		int w;
		if (e - a == 6 && memcmp(t->s + a, "SYSTEM", 6) == 0)
			w = 0;
		else if (e - a == 5 && memcmp(t->s + a, "ADMIN", 5) == 0)
			w = 1;
		else
			continue;
		if (a > 0 && (is_alnum((unsigned char)t->s[a - 1]) || t->s[a - 1] == '\n'))
			continue; /* line starts were handled by line_label */
		size_t j = e;
		double sc = 0.45;
		static const char *const TAIL[] = { " OVERRIDE", " MESSAGE", " NOTE", " UPDATE",
						    " PROMPT", " INSTRUCTIONS", " INSTRUCTION",
						    " NOTICE", " ALERT" };
		for (size_t q = 0; q < sizeof(TAIL) / sizeof(TAIL[0]); q++)
			if ((size_t)(t->n - j) >= strlen(TAIL[q]) &&
			    memcmp(t->s + j, TAIL[q], strlen(TAIL[q])) == 0) {
				j += strlen(TAIL[q]);
				if (q == 0)
					sc = 0.7;
				break;
			}
		if (j < t->n && t->s[j] == ':')
			ij_push(out, "role_marker", a, j, w ? sc - 0.05 : sc, t->s + a, j - a);
	}
}

/* "role": "system" in pasted chat JSON (the token "role" in quotes). */
static void json_role(const struct ij_text *t, struct inject_list *out)
{
	for (size_t i = 0; i < t->ntok; i++) {
		const struct ij_tok *k = &t->tok[i];
		if (k->end - k->start != 4 || k->start == 0 || k->end >= t->n ||
		    memcmp(t->s + k->start - 1, "\"role\"", 6) != 0)
			continue;
		size_t a = k->start - 1;
		size_t j = skip_ws(t->s, t->n, a + 6);
		if (j >= t->n || t->s[j] != ':')
			continue;
		j = skip_ws(t->s, t->n, j + 1);
		if (at_ci(t->s, t->n, j, "\"system\""))
			ij_push(out, "role_marker", a, j + 8, 0.35, NULL, 0);
		else if (at_ci(t->s, t->n, j, "\"developer\""))
			ij_push(out, "role_marker", a, j + 11, 0.35, NULL, 0);
	}
}

void ij_markers(const struct ij_text *t, struct inject_list *out)
{
	const char *s = t->s;
	size_t n = t->n;
	int saw_human = 0, saw_assistant = 0;
	size_t first_assistant = SIZE_MAX;
	/* line starts */
	for (size_t i = 0; i < n;) {
		size_t before = out->n;
		int sa = saw_assistant;
		line_label(t, i, out, &saw_human, &saw_assistant);
		if (!sa && saw_assistant && out->n > before)
			first_assistant = out->n - 1;
		const char *nl = memchr(s + i, '\n', n - i);
		if (!nl)
			break;
		i = (size_t)(nl - s) + 1;
	}
	/* '<' and '[' open template tokens and role tags */
	for (int pass = 0; pass < 2; pass++) {
		char c = pass ? '[' : '<';
		for (size_t i = 0; i < n;) {
			const char *q = memchr(s + i, c, n - i);
			if (!q)
				break;
			i = (size_t)(q - s);
			size_t k = angle(t, i, out);
			i += k ? k : 1;
		}
	}
	/* a Human:/Assistant: (or User:/Assistant:) transcript inside one
	 * message forges turns */
	if (saw_human && saw_assistant && first_assistant != SIZE_MAX && first_assistant < out->n &&
	    out->v[first_assistant].score < 0.55)
		out->v[first_assistant].score = 0.55;
	inline_caps(t, out);
	json_role(t, out);
}
