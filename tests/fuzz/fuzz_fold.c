/*
 * libFuzzer harness for the fold (common/detect/fold.c): arbitrary bytes in.
 * The map must hold for every folded byte: its original span is non-empty
 * and inside the input, spans never move backwards, a kept ASCII byte maps
 * to itself, and the span of any range is the union of its ends. Text the
 * fold leaves alone must have needed nothing (no format character or
 * fullwidth form in it).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "detect/fold.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fold f = FOLD_INIT;
	const char *s = (const char *)data;
	if (!fold_needed(s, size)) {
		for (size_t i = 0; i < size; i++)
			if (data[i] >= 0x80)
				abort();
	}
	fold_text(&f, s, size);
	if (f.same) {
		/* U+200B and U+FF10 always change */
		if (memmem(data, size, "\xE2\x80\x8B", 3) || memmem(data, size, "\xEF\xBC\x90", 3))
			abort();
	} else {
		size_t pa = 0, pb = 0;
		if (strlen(f.p) > f.n)
			abort();
		for (size_t i = 0; i < f.n; i++) {
			size_t a, b;
			fold_span(&f, i, i + 1, &a, &b);
			if (a >= b || b > size || a < pa || b < pb)
				abort();
			if ((unsigned char)f.p[i] < 0x80 && b - a == 1 && data[a] != (unsigned char)f.p[i])
				abort();
			pa = a;
			pb = b;
		}
		if (f.n >= 2) {
			size_t x = size % (f.n - 1), y = f.n - (size % 3 < f.n - x ? size % 3 : 0);
			size_t a, b, a1, b1, a2, b2;
			if (y <= x)
				y = x + 1;
			fold_span(&f, x, y, &a, &b);
			fold_span(&f, x, x + 1, &a1, &b1);
			fold_span(&f, y - 1, y, &a2, &b2);
			if (a != a1 || b != b2)
				abort();
		}
	}
	/* folding the folded text again changes nothing more than once did */
	if (!f.same && f.n) {
		struct fold g = FOLD_INIT;
		fold_text(&g, f.p, f.n);
		if (!g.same && g.n > f.n + 4 * f.n)
			abort();
		fold_release(&g);
	}
	fold_release(&f);
	return 0;
}
