/*
 * test_fold.c: the folding module (common/detect/fold.c): what each kind of
 * code point folds to, the map back to original bytes (exact spans, marks
 * counted with their base, invisible characters between segments), text
 * that folds to itself, invalid UTF-8, and the map's invariants over random
 * bytes (every folded byte maps inside the input, ends never decrease).
 * A throughput figure is printed, not asserted (FOLD_BENCH_MB, 0 skips).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "detect/fold.h"
#include "unit.h"

static struct fold F = FOLD_INIT;

/* Folds s; returns the folded text (s itself when it folds to itself). */
static const char *fold_str(const char *s)
{
	fold_text(&F, s, strlen(s));
	return F.same ? s : F.p;
}

#define FOLDS_TO(in, want) CHECK_EQ_STR(fold_str(in), want)

/* The original span of the first occurrence of sub in the folded text. */
static void span_of(const char *in, const char *sub, size_t *a, size_t *b)
{
	const char *fs = fold_str(in);
	const char *p = strstr(fs, sub);
	*a = *b = (size_t)-1;
	if (!p || F.same)
		return;
	fold_span(&F, (size_t)(p - fs), (size_t)(p - fs) + strlen(sub), a, b);
}

#define SPAN_IS(in, sub, wa, wb) do { size_t _a, _b; span_of(in, sub, &_a, &_b); \
	CHECK_MSG(_a == (size_t)(wa) && _b == (size_t)(wb), "%s in \"%s\": [%zu,%zu) want [%zu,%zu)", \
		  sub, in, _a, _b, (size_t)(wa), (size_t)(wb)); } while (0)

static void test_needed(void)
{
	CHECK(!fold_needed("", 0));
	CHECK(!fold_needed("plain ascii text, 4111 1111 1111 1111", 37));
	char big[100];
	memset(big, 'a', sizeof(big));
	CHECK(!fold_needed(big, sizeof(big)));
	big[77] = (char)0xC3;
	CHECK(fold_needed(big, sizeof(big)));
	CHECK(fold_needed("\xEF\xBC\x94", 3));
}

static void test_code_points(void)
{
	/* NFKC's compatibility half */
	FOLDS_TO("\xEF\xBC\x94\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91", "4111"); /* fullwidth */
	FOLDS_TO("\xEF\xBC\xA1\xEF\xBC\xAB\xEF\xBC\xA9\xEF\xBC\xA1", "AKIA");
	FOLDS_TO("\xF0\x9D\x90\x80\xF0\x9D\x9F\x8F", "A1");                /* math bold A, 1 */
	FOLDS_TO("\xE2\x91\xA0\xE2\x93\x90", "1a");                         /* circled 1, a */
	FOLDS_TO("x\xC2\xB2", "x2");                                        /* superscript */
	FOLDS_TO("\xEF\xAC\x81le", "file");                                 /* fi ligature */
	FOLDS_TO("a\xC2\xA0" "b\xE2\x80\x83" "c", "a b c");                 /* no-break, em space */
	/* accents on Latin letters, lumped dashes */
	FOLDS_TO("ren\xC3\xA9@ex.fr", "rene@ex.fr");
	FOLDS_TO("123\xE2\x80\x93" "45\xE2\x88\x92" "6789", "123-45-6789"); /* en dash, minus */
	/* digits of other scripts */
	FOLDS_TO("\xD9\xA4\xD9\xA1\xD9\xA1\xD9\xA1", "4111");               /* Arabic-Indic */
	FOLDS_TO("\xE0\xA5\xAA\xE0\xA5\xA7", "41");                         /* Devanagari */
	FOLDS_TO("\xDB\xB9\xDB\xB0", "90");                                 /* Persian */
	/* format characters and ignorables disappear */
	FOLDS_TO("41\xE2\x80\x8B" "11", "4111");   /* ZWSP */
	FOLDS_TO("41\xE2\x80\x8D" "11", "4111");   /* ZWJ */
	FOLDS_TO("41\xE2\x80\x8C" "11", "4111");   /* ZWNJ */
	FOLDS_TO("41\xC2\xAD" "11", "4111");       /* soft hyphen */
	FOLDS_TO("\xEF\xBB\xBF" "4111", "4111");   /* BOM */
	FOLDS_TO("41\xE2\x81\xA0" "11", "4111");   /* word joiner */
	FOLDS_TO("41\xE2\x80\xAE" "11", "4111");   /* RLO */
	FOLDS_TO("4\xEF\xB8\x8F" "1", "41");       /* variation selector */
	FOLDS_TO("4\xF3\xA0\x80\xA1" "1", "41");   /* tag character */
	/* a mark on an ASCII character goes; on other writing it stays */
	FOLDS_TO("4\xCC\xB6" "1\xCC\xB6", "41");
	FOLDS_TO("\xE0\xA4\x95\xE0\xA4\xBF", "\xE0\xA4\x95\xE0\xA4\xBF"); /* Devanagari ki */
	/* look-alikes fold only in a word that has ASCII in it */
	FOLDS_TO("G\xD0\x92" "82", "GB82");
	FOLDS_TO("\xD0\x90\xD0\x9A" "IA", "AKIA");
	FOLDS_TO("\xCE\x91\xCE\x9A" "IA", "AKIA"); /* Greek */
	fold_str("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
	CHECK(F.same); /* "Привет" stays */
	fold_text(&F, "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 AKIA", 17);
	CHECK(F.same);
	/* other scripts stay as they are */
	fold_text(&F, "\xE6\x97\xA5\xE6\x9C\xAC \xED\x95\x9C\xEA\xB5\xAD \xD0\xB9", 16);
	CHECK(F.same);
	/* single code points */
	CHECK_EQ_INT(fold_cp_ascii(0xFF21), 'A');
	CHECK_EQ_INT(fold_cp_ascii(0x1D400), 'A');
	CHECK_EQ_INT(fold_cp_ascii(0xE9), 'e');
	CHECK_EQ_INT(fold_cp_ascii(0x663), '3');
	CHECK_EQ_INT(fold_cp_ascii(0x430), 'a'); /* alone, a look-alike reads as Latin */
	CHECK_EQ_INT(fold_cp_ascii(0x1F170), 'A');
	CHECK_EQ_INT(fold_cp_ascii(0x1F150), 'A');
	CHECK_EQ_INT(fold_cp_ascii(0x65E5), 0);
	CHECK_EQ_INT(fold_cp_ascii('q'), 'q');
	CHECK(fold_cp_invisible(0x200B));
	CHECK(fold_cp_invisible(0xAD));
	CHECK(fold_cp_invisible(0xFEFF));
	CHECK(fold_cp_invisible(0x2060));
	CHECK(!fold_cp_invisible('a'));
	CHECK(!fold_cp_invisible(0x301)); /* a mark, not invisible */
}

static void test_spans(void)
{
	/* fullwidth: each folded digit maps to its 3 bytes */
	SPAN_IS("x \xEF\xBC\x94\xEF\xBC\x91 y", "41", 2, 8);
	SPAN_IS("x \xEF\xBC\x94\xEF\xBC\x91 y", "1", 5, 8);
	SPAN_IS("x \xEF\xBC\x94\xEF\xBC\x91 y", " y", 8, 10);
	/* an invisible character inside a span is covered, outside it is not */
	SPAN_IS("a 41\xE2\x80\x8B" "11 b", "4111", 2, 9);
	SPAN_IS("\xE2\x80\x8B" "4111\xE2\x80\x8B", "4111", 3, 7);
	/* a mark after the last character of a span is part of it */
	SPAN_IS("4\xCC\xB6" "1\xCC\xB6 z", "41", 0, 6);
	SPAN_IS("ab4\xCC\xB6\xCC\xB6 z", "4", 2, 7);
	SPAN_IS("ab4\xCC\xB6\xCC\xB6 z", "b", 1, 2);
	/* accents and look-alikes */
	SPAN_IS("to ren\xC3\xA9@ex.fr", "rene@ex.fr", 3, 14);
	SPAN_IS("G\xD0\x92" "82", "B8", 1, 4);
	/* a multi-character expansion maps as a whole */
	SPAN_IS("\xEF\xAC\x81le", "i", 0, 3);
	SPAN_IS("\xEF\xAC\x81le", "le", 3, 5);
}

static void test_invalid(void)
{
	/* invalid bytes stay (one each) and keep the offsets right */
	const char in[] = "\xFF" "4\xC3" "1\xE2\x80\x8B" "1\xED\xA0\x80" "1\xF0\x9F";
	fold_text(&F, in, sizeof(in) - 1);
	CHECK(!F.same);
	CHECK_EQ_INT(F.n, 11);
	CHECK(F.n == 11 && !memcmp(F.p, "\xFF" "4\xC3" "11\xED\xA0\x80" "1\xF0\x9F", 11) ? 1 : 0);
	size_t a, b;
	fold_span(&F, 1, 2, &a, &b);
	CHECK(a == 1 && b == 2);
	fold_span(&F, 3, 5, &a, &b); /* "11" across the ZWSP */
	CHECK_MSG(a == 3 && b == 8, "[%zu,%zu)", a, b);
	/* a string cut inside a code point */
	fold_text(&F, "\xEF\xBC", 2);
	CHECK(F.same);
	fold_text(&F, "", 0);
	CHECK(F.same);
}

static uint64_t rng = 88172645463325252ull;
static unsigned rnd(unsigned m)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % m);
}

/* The map's invariants, on random mixes of ASCII, folding code points,
 * invisible ones, marks and invalid bytes. */
static void test_random(void)
{
	static const char *const parts[] = {
		"a", "4", " ", "-", "\xEF\xBC\x94", "\xE2\x80\x8B", "\xC2\xAD", "\xCC\xB6", "\xC3\xA9",
		"\xD0\x92", "\xD0\xB8", "\xE6\x97\xA5", "\xEF\xAC\x81", "\xFF", "\xC3", "\xF0\x9D\x90\x80",
		"\xEF\xB7\xBA", "\xD9\xA4", "\xE2\x80\x93", "\xF3\xA0\x80\xA1",
	};
	char buf[512];
	int bad = 0;
	for (int it = 0; it < 3000 && !bad; it++) {
		size_t n = 0;
		while (n < 400) {
			const char *p = parts[rnd(sizeof(parts) / sizeof(parts[0]))];
			size_t l = strlen(p);
			memcpy(buf + n, p, l);
			n += l;
			if (rnd(40) == 0)
				break;
		}
		fold_text(&F, buf, n);
		if (F.same) {
			/* only when nothing could change */
			for (size_t i = 0; i + 1 < n; i++)
				bad |= (buf[i] == (char)0xEF && buf[i + 1] == (char)0xBC) ||
				       (buf[i] == (char)0xE2 && buf[i + 1] == (char)0x80);
			if (!bad)
				continue;
		}
		size_t pa = 0, pb = 0;
		for (size_t i = 0; i < F.n && !bad; i++) {
			size_t a, b;
			fold_span(&F, i, i + 1, &a, &b);
			if (a >= b || b > n || a < pa || b < pb) {
				bad = 1;
				fprintf(stderr, "byte %zu: [%zu,%zu) after [%zu,%zu), n %zu\n", i, a, b, pa, pb, n);
			}
			/* an ASCII byte kept as it was maps to itself */
			if ((unsigned char)F.p[i] < 0x80 && b - a == 1 && buf[a] != F.p[i]) {
				bad = 1;
				fprintf(stderr, "byte %zu: '%c' from '%c'\n", i, F.p[i], buf[a]);
			}
			pa = a;
			pb = b;
		}
		/* spans of longer ranges are the union of their ends */
		if (!bad && F.n >= 2) {
			size_t x = rnd((unsigned)F.n - 1), y = x + 1 + rnd((unsigned)(F.n - x - 1)) ;
			size_t a, b, a1, b1, a2, b2;
			fold_span(&F, x, y, &a, &b);
			fold_span(&F, x, x + 1, &a1, &b1);
			fold_span(&F, y - 1, y, &a2, &b2);
			bad |= a != a1 || b != b2;
		}
		if (bad) {
			fprintf(stderr, "map invariant broken on iteration %d:", it);
			for (size_t i = 0; i < n; i++)
				fprintf(stderr, " %02x", (unsigned char)buf[i]);
			fputc('\n', stderr);
		}
	}
	CHECK(!bad);
}

static void bench(void)
{
	const char *e = getenv("FOLD_BENCH_MB");
	size_t mb = e ? (size_t)atoi(e) : 8;
	if (!mb)
		return;
	static const char *const para =
		"Der Kunde M\xC3\xBCller schrieb am Montag: bitte die Rechnung an "
		"ren\xC3\xA9@example.fr senden. \xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82, "
		"\xD0\xBA\xD0\xB0\xD0\xBA \xD0\xB4\xD0\xB5\xD0\xBB\xD0\xB0? "
		"\xE4\xBB\x8A\xE6\x97\xA5\xE3\x81\xAF\xE3\x80\x82 Plain ASCII follows here. ";
	size_t pl = strlen(para), n = mb << 20;
	char *b = malloc(n);
	for (size_t i = 0; i < n; i += pl)
		memcpy(b + i, para, n - i < pl ? n - i : pl);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	size_t rec = 400, tot = 0;
	for (size_t off = 0; off < n; off += rec) {
		fold_text(&F, b + off, n - off < rec ? n - off : rec);
		tot += F.n;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("fold_text: %zu MB mixed-script text in %zu-byte strings: %.0f MB/s (%zu)\n", mb, rec,
	       (double)mb / s, tot);
	free(b);
}

int main(void)
{
	test_needed();
	test_code_points();
	test_spans();
	test_invalid();
	test_random();
	bench();
	fold_release(&F);
	UNIT_DONE();
}
