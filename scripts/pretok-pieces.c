/*
 * pretok-pieces: the pieces a BPE pre-tokenizer cuts texts into, for
 * checking the engine's matchers against another implementation of
 * llama.cpp's expressions (scripts/pretok-crosscheck.py).
 *
 *   pretok-pieces PRE < texts
 *
 * PRE is a tokenizer.ggml.pre value. The input is texts separated by NUL
 * bytes; for each, the output is its pieces, each followed by byte 0x01,
 * then a NUL. Exit status: 0, 2 for an unknown PRE or usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine/pretok.h"
#include "engine/ucat.h"
int main(int argc, char **argv)
{
	if (argc != 2 || pretok_lookup(argv[1]) == PRETOK_NONE) {
		fprintf(stderr, "usage: pretok-pieces PRE < NUL-separated texts (PRE: a tokenizer.ggml.pre value)\n");
		return 2;
	}
	enum pretok_kind k = pretok_lookup(argv[1]);
	static char buf[1 << 20];
	size_t len = fread(buf, 1, sizeof(buf), stdin);
	size_t start = 0;
	while (start < len) {
		size_t e = start;
		while (e < len && buf[e]) e++;
		const char *s = buf + start; size_t sl = e - start;
		uint32_t *cp = malloc((sl + 1) * 4), *off = malloc((sl + 2) * 4), *ends = malloc((2 * sl + 2) * 4);
		if (!cp || !off || !ends) {
			fprintf(stderr, "pretok-pieces: out of memory\n");
			return 1;
		}
		size_t n = 0;
		for (size_t i = 0; i < sl; n++) { off[n] = i; i += ucat_decode(s + i, sl - i, &cp[n]); }
		off[n] = sl;
		size_t np = n ? pretok_split(k, cp, n, ends, ends + n) : 0;
		size_t i = 0;
		for (size_t p = 0; p < np; p++) {
			fwrite(s + off[i], 1, off[ends[p]] - off[i], stdout);
			fputc(1, stdout);
			i = ends[p];
		}
		fputc(0, stdout);
		free(cp); free(off); free(ends);
		start = e + 1;
	}
	return 0;
}
