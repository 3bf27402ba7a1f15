/*
 * fold: text as a reader sees it, for the detectors, with a map back to the
 * original bytes.
 *
 * A value typed as "４１１１ ４１１１ …" (fullwidth), "4111\u200B1111…"
 * (zero-width space inside), "123\u00AD45-6789" (soft hyphen) or "GВ82…"
 * (Cyrillic В) reads the same as its plain ASCII form, so the detectors
 * must see that form. fold_text() rewrites a UTF-8 string, one code point
 * at a time, with utf8proc's Unicode data, changing only what can hide an
 * ASCII value:
 *   - a code point whose compatibility decomposition (the NFKD half of
 *     NFKC), with marks stripped and utf8proc's "lump" applied, is all ASCII
 *     becomes that ASCII: fullwidth and math letters and digits, circled and
 *     squared forms, superscripts, ligatures, accented Latin letters
 *     (é -> e), no-break and other spaces (' '), dashes and the minus sign
 *     ('-'), the fraction and division slashes ('/');
 *   - decimal digits of every script become ASCII digits (Unicode keeps
 *     each script's 0-9 contiguous), and the negative circled and negative
 *     squared Latin capitals, which have no decomposition, their letters;
 *   - format characters (category Cf: zero-width space and joiners, soft
 *     hyphen, BOM, word joiner, bidi controls, tags) and the other default
 *     ignorables (variation selectors, Hangul fillers, ...) are removed;
 *   - a combining mark right after an ASCII character ("4\u0336") is removed
 *     and counted with that character's bytes; after any other it stays;
 *   - a short documented list of Greek and Cyrillic look-alikes of Latin
 *     letters (fold_confusable in fold.c) become those letters inside a
 *     word that holds an ASCII letter or digit ("GВ82", "АКIA…");
 *   - everything else (other scripts, emoji, CJK) stays byte for byte, so
 *     ordinary text in other scripts folds to itself and costs no copy.
 * Case is kept (keys and IBAN country codes are case-sensitive to their
 * detectors). Invalid UTF-8 bytes stay too, one byte each.
 *
 * The map back is a list of segments, in folded order, one for each
 * change: the folded form of one changed code point maps as a whole to
 * that code point's bytes, plus the combining marks right after it; a
 * removed character is an empty segment. Bytes between segments were kept
 * as they were (ASCII, and code points folding leaves alone) and map byte
 * for byte, counted from the end of the segment before them, so a text
 * with few changes keeps a short map. So a finding [a, b) in the folded text covers the original
 * bytes from the start of a's source to the end of (b-1)'s, any invisible
 * character inside the value included, and both ends never decrease as a
 * and b grow. Text with no byte >= 0x80 folds to itself: callers test
 * fold_needed() and skip folding (the common case).
 */
#ifndef LLM_FOLD_H
#define LLM_FOLD_H

#include <stddef.h>
#include <stdint.h>

/* Folded [f, f + fn) comes from original [o, o + on) as a whole: a
 * changed code point (fn == 0: a removed one). */
struct fold_seg {
	uint32_t f, o, fn, on;
};

struct fold {
	int same;               /* 1: the text folds to itself; p, n and the map
	                           are not filled (scan the original) */
	char *p;                /* folded text, NUL-terminated */
	size_t n;               /* its length in bytes */
	size_t cap;
	struct fold_seg *seg;   /* the map back, by f */
	size_t nseg, aseg;
	/* the last code point put: its folded start, original start, length,
	 * and whether it has the last segment */
	size_t last_f, last_o, last_on;
	int last_seg;
};

#define FOLD_INIT { 0, NULL, 0, 0, NULL, 0, 0, 0, 0, 0, 0 }

/* Longest folded form of one code point, in code points (U+FDFA has 18). */
#define FOLD_CP_MAX 32

/* 1 when s[0, n) holds a byte >= 0x80 (folding may change it) and is short
 * enough for the 32-bit map; 0 when it folds to itself. */
int fold_needed(const char *s, size_t n);

/* Offset of the first byte >= 0x80 in s[0, n) (where folding may change
 * something), or n when there is none or s is too long for the 32-bit map:
 * s then folds to itself. */
size_t fold_first_change(const char *s, size_t n);

/* Folds s[0, n) into f, reusing f's memory; f->n may be larger or smaller
 * than n. */
void fold_text(struct fold *f, const char *s, size_t n);
/* The same, when s[0, from) is known to be ASCII (fold_first_change()). */
void fold_text_from(struct fold *f, const char *s, size_t n, size_t from);

void fold_release(struct fold *f);

/* Original span [*oa, *ob) of the folded span [a, b) (a < b <= f->n). */
void fold_span(const struct fold *f, size_t a, size_t b, size_t *oa, size_t *ob);

/* One code point's folded form into out[FOLD_CP_MAX]; returns the count
 * (0: the code point is removed: format character, ignorable or mark). */
size_t fold_cp(uint32_t cp, uint32_t out[FOLD_CP_MAX]);

/* The ASCII character cp reads as when its folded form is exactly one ASCII
 * character ('Ａ' and '𝐀' -> 'A', 'é' -> 'e', '٣' -> '3'), else 0. */
int fold_cp_ascii(uint32_t cp);

/* 1 for a code point fold removes without a trace (format characters and
 * default ignorables; not combining marks). */
int fold_cp_invisible(uint32_t cp);

#endif
