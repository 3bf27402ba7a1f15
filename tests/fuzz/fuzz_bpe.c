/*
 * libFuzzer harness for the byte-level BPE tokenizer (common/engine/tok.c,
 * pretok.c, ucat.c) with the real GPT-2 vocabulary
 * (testdata/engine/gpt2-vocab.gguf.zst, read once; run from the repository
 * root as `make fuzz` does). Any input bytes are encoded with and without
 * special parsing and decoded again. Traps when: the count differs between
 * a sizing call and a real call, an id is out of range, a control token
 * comes from text without special parsing, plain decoding does not give
 * the input back byte for byte, or a pre-tokenizer piece is empty or runs
 * past the text (for all three pre-tokenizers).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "engine/gguf.h"
#include "engine/pretok.h"
#include "engine/tok.h"
#include "engine/ucat.h"

static struct tok *tk;

static struct tok *get_tok(void)
{
	if (tk)
		return tk;
	const char *p = getenv("FUZZ_BPE_VOCAB");
	FILE *f = fopen(p ? p : "testdata/engine/gpt2-vocab.gguf.zst", "rb");
	if (!f)
		__builtin_trap();
	static char z[1 << 21];
	size_t zl = fread(z, 1, sizeof(z), f);
	fclose(f);
	unsigned long long n = ZSTD_getFrameContentSize(z, zl);
	if (n == ZSTD_CONTENTSIZE_ERROR || n == ZSTD_CONTENTSIZE_UNKNOWN)
		__builtin_trap();
	void *mem = malloc((size_t)n);
	char err[512];
	struct gguf_ctx *g;
	if (!mem || ZSTD_decompress(mem, (size_t)n, z, zl) != n || gguf_open_mem(mem, (size_t)n, &g, err, sizeof(err)) ||
	    tok_new_gguf(g, &tk, err, sizeof(err)))
		__builtin_trap();
	gguf_close(g);
	free(mem); /* the tokenizer keeps copies */
	return tk;
}

static void check_pretok(const uint8_t *data, size_t size)
{
	uint32_t *cp = malloc((size + 1) * sizeof(*cp));
	if (!cp)
		return;
	size_t nc = 0;
	for (size_t i = 0; i < size; nc++)
		i += ucat_decode((const char *)data + i, size - i, &cp[nc]);
	uint32_t *ends = malloc((2 * nc + 1) * sizeof(*ends));
	for (int k = PRETOK_GPT2; ends && k < PRETOK_KIND_COUNT; k++) {
		size_t np = pretok_split((enum pretok_kind)k, cp, nc, ends, ends + nc);
		if ((nc && (np == 0 || ends[np - 1] != nc)) || np > nc)
			__builtin_trap();
		for (size_t p = 0; p < np; p++)
			if (ends[p] <= (p ? ends[p - 1] : 0)) /* every piece non-empty */
				__builtin_trap();
	}
	free(ends);
	free(cp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tok *t = get_tok();
	if (size > 4096)
		return 0;
	check_pretok(data, size);
	char err[256];
	for (int special = 0; special < 2; special++) {
		int n = tok_encode_special(t, (const char *)data, size, 0, special, NULL, 0, err, sizeof(err));
		if (n < 0)
			__builtin_trap();
		int32_t *ids = malloc(((size_t)n + 1) * sizeof(int32_t));
		if (!ids)
			return 0;
		if (tok_encode_special(t, (const char *)data, size, 0, special, ids, n, err, sizeof(err)) != n)
			__builtin_trap();
		for (int i = 0; i < n; i++) {
			if (ids[i] < 0 || ids[i] >= tok_n_vocab(t))
				__builtin_trap();
			if (!special && tok_type_of(t, ids[i]) == TOK_TYPE_CONTROL)
				__builtin_trap();
		}
		int64_t need = tok_decode(t, ids, n, NULL, 0);
		char *back = malloc((size_t)need + 1);
		if (!back) {
			free(ids);
			return 0;
		}
		if (tok_decode(t, ids, n, back, (size_t)need + 1) != need)
			__builtin_trap();
		if (!special && ((size_t)need != size || memcmp(back, data, size) != 0))
			__builtin_trap();
		free(back);
		free(ids);
	}
	return 0;
}
