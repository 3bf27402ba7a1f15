/*
 * inject_int.h: what the files of common/filter/inject/ share; not a public API.
 *
 * A scan first builds a struct ij_text: the input cut into normalised tokens
 * (norm.c), each remembering the original bytes it came from, plus the list
 * of invisible control characters met on the way. The heuristics then work
 * on tokens (phrases.c, repeat.c), on the controls (unicode.c) or on the raw
 * bytes (markers.c, encoded.c).
 */
#ifndef LLM_INJECT_INT_H
#define LLM_INJECT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "filter/inject/inject.h"
#include "filter/inject/model.h"

/* Decoded payloads are scanned again, this many levels deep at most
 * (base64 of base64 is a known trick; deeper nesting costs a pass each). */
#define IJ_MAX_DEPTH 3

/* Token flags. */
#define IJ_BREAK  0x01 /* a clause break (. ! ? ; , : newline, brackets, ") precedes it */
#define IJ_CJK    0x02 /* one Han/kana character (those languages have no spaces) */
#define IJ_COLON  0x04 /* a ':' follows it */
#define IJ_SINGLE 0x08 /* one Latin letter or digit (candidate for s p a c e d runs) */
#define IJ_SEG    0x10 /* cut out of a longer run by vocabulary segmentation */
#define IJ_GLUED  0x20 /* long or camelCase: may hide several words */
#define IJ_SOFT   0x40 /* with IJ_BREAK: the break is only a comma */

struct ij_tok {
	size_t start, end; /* original bytes */
	uint32_t off;      /* folded text in ij_text.norm */
	uint16_t len;
	uint16_t flags;
	uint32_t hash;     /* ij_key() of the folded text */
};

/* An invisible or formatting code point (zero-width, bidi, tag, ...). */
struct ij_ctl {
	uint32_t cp;
	size_t off;     /* byte offset */
	uint8_t len;    /* UTF-8 length */
	uint32_t prev;  /* nearest visible code point before (0: none) */
	uint32_t next;  /* nearest visible code point after (0: none) */
};

struct ij_text {
	const char *s;
	size_t n;
	struct buf norm;          /* folded token text, back to back */
	struct ij_tok *tok;
	size_t ntok, atok;
	struct ij_ctl *ctl;
	size_t nctl, actl;
	int has_rtl;              /* Hebrew/Arabic letters seen */
	size_t longest_run;       /* longest run of one non-space code point */
	size_t run_start;         /* where it starts */
	uint32_t run_cp;
};

/* A token's key: its first four folded bytes and its length class. Equal
 * words have equal keys; phrases.c indexes anchor words by it and repeat.c
 * uses it to skip most comparisons. Prefix words are indexed by the key of
 * their first four bytes, so keys of words of 4+ bytes ignore the length. */
static inline uint32_t ij_key(const char *p, size_t n)
{
	uint32_t h = 2166136261u;
	size_t k = n < 4 ? n : 4;
	for (size_t i = 0; i < k; i++)
		h = (h ^ (unsigned char)p[i]) * 16777619u;
	return h ^ (uint32_t)k;
}

/* norm.c */
void ij_text_build(struct ij_text *t, const char *s, size_t n);
void ij_text_release(struct ij_text *t);
/* Decodes one code point at s[*i] (i < n), advancing *i; invalid bytes give
 * 0xFFFD and advance by one. */
uint32_t ij_utf8_next(const char *s, size_t n, size_t *i);
size_t ij_utf8_put(char *out, uint32_t cp);
/* 1 for an ASCII/Latin/Cyrillic/Greek/Hangul letter. */
int ij_is_letter(uint32_t cp);
/* Vocabulary for splitting runs without spaces ("ignoreallprevious"),
 * registered by phrases.c; folded words. */
void ij_vocab_set(const char *const *words, const uint16_t *lens, size_t n);

/* phrases.c: compiles the phrase families once (also sets the vocabulary). */
void ij_phrases_init(void);

/* The heuristics. depth: how many decodings led to this text. */
void ij_phrases(const struct ij_text *t, struct inject_list *out);
void ij_markers(const struct ij_text *t, struct inject_list *out);
void ij_unicode(const struct ij_text *t, struct inject_list *out, int depth);
void ij_encoded(const struct ij_text *t, struct inject_list *out, int depth);
void ij_repetition(const struct ij_text *t, struct inject_list *out);

/* lexicon.c: word classes for the classifier (one bit each in a token's
 * mask). */
enum {
	IJ_C_IGNORE, IJ_C_PRIOR, IJ_C_INSTR, IJ_C_SYSTEM, IJ_C_REVEAL, IJ_C_VERBATIM, IJ_C_ENCODE,
	IJ_C_NEW, IJ_C_TASK, IJ_C_PERSONA, IJ_C_NORULES, IJ_C_REFUSE, IJ_C_AI, IJ_C_YOU,
	IJ_C_READER, IJ_C_ATTN, IJ_C_EXFIL, IJ_C_SECRET, IJ_C_AUTH, IJ_C_STOP, IJ_C_FOLLOW,
	IJ_C_SELF, IJ_C_USER, IJ_C_HARM, IJ_C_NEG, IJ_C_DOC, IJ_C_BOUNDARY, IJ_C_GIVEN,
	IJ_C_CONCEAL, IJ_C_META,
	IJ_NCLASS
};
void ij_lex_init(void);
/* A hash of the word lists (never 0), written into the weights. */
uint32_t ij_lex_hash(void);
/* The i-th whole-word entry of class cls as written, NULL past the end. */
const char *ij_lex_word(unsigned cls, size_t i);
/* cls[i] = the class mask of token i of t (cls has t->ntok entries). */
void ij_lex_classes(const struct ij_text *t, uint32_t *cls);

/* model.c: the classifier's features and score over an already built text
 * (inject_scan_model() shares one tokenization with the heuristics). */
void ij_model_features(const struct injmodel_params *p, const struct ij_text *t,
		       struct injmodel_work *w);
double ij_model_score_text(const struct injmodel *m, const struct ij_text *t,
			   struct injmodel_work *w, size_t *start, size_t *end);
/* The most suspicious window of the features in w. */
double ij_model_window_score(const struct injmodel *m, struct injmodel_work *w, size_t *start,
			     size_t *end);

/* inject.c */
void ij_scan_depth(const char *s, size_t n, struct inject_list *out, int depth);
/* Appends a finding; detail (may be NULL) is copied, at most 200 bytes and
 * cut at a UTF-8 boundary. */
void ij_push(struct inject_list *out, const char *heuristic, size_t start, size_t end,
	     double score, const char *detail, size_t detail_len);
/* Score of a decoded or hidden text, and the heuristic that scored it. */
double ij_inner_score(const char *s, size_t n, int depth, const char **top);

#endif
