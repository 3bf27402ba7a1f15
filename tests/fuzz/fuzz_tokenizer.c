/*
 * libFuzzer harness for the SentencePiece tokenizer (common/engine/tok.c)
 * with the real Llama 2 vocabulary (testdata/models/llama2-tokenizer.bin,
 * read once; run from the repository root as `make fuzz` does). Any input
 * bytes are encoded with and without BOS and decoded again. Traps when:
 * the count differs between a sizing call and a real call, an id is out of
 * range or is a control/unknown token produced from text, or decoding does
 * not give the input back (exact for any bytes, except that a literal
 * U+2581 in the input comes back as a space, which is SentencePiece's own
 * meaning of that character).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/gguf.h"
#include "engine/llama2c.h"
#include "engine/tok.h"

static struct tok *tk;

static struct tok *get_tok(void)
{
	if (tk)
		return tk;
	char err[512];
	struct llama2c_vocab v;
	const char *p = getenv("FUZZ_TOKENIZER");
	if (llama2c_vocab_read(p ? p : "testdata/models/llama2-tokenizer.bin", 0, &v, err, sizeof(err)))
		__builtin_trap();
	struct gguf_writer *w = gguf_writer_new();
	void *mem;
	size_t size;
	struct gguf_ctx *g;
	if (llama2c_vocab_add(w, &v) || gguf_writer_write_mem(w, &mem, &size, err, sizeof(err)) ||
	    gguf_open_mem(mem, size, &g, err, sizeof(err)) || tok_new_gguf(g, &tk, err, sizeof(err)))
		__builtin_trap();
	gguf_close(g);
	free(mem); /* the tokenizer keeps copies */
	gguf_writer_free(w);
	llama2c_vocab_free(&v);
	return tk;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tok *t = get_tok();
	if (size > 4096)
		return 0;
	char err[256];
	for (int bos = 0; bos < 2; bos++) {
		int n = tok_encode(t, (const char *)data, size, bos, NULL, 0, err, sizeof(err));
		if (n < 0)
			__builtin_trap();
		int32_t *ids = malloc(((size_t)n + 1) * sizeof(int32_t));
		if (!ids)
			return 0;
		if (tok_encode(t, (const char *)data, size, bos, ids, n, err, sizeof(err)) != n)
			__builtin_trap();
		for (int i = 0; i < n; i++) {
			int ty = tok_type_of(t, ids[i]);
			if (ids[i] < 0 || ids[i] >= tok_n_vocab(t))
				__builtin_trap();
			if ((ty == TOK_TYPE_CONTROL || ty == TOK_TYPE_UNKNOWN) && !(bos && i == 0))
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
		/* expected: the input with U+2581 turned into a space */
		char *want = malloc(size + 1);
		if (!want)
			__builtin_trap();
		size_t wl = 0;
		for (size_t i = 0; i < size; i++) {
			if (i + 2 < size && data[i] == 0xE2 && data[i + 1] == 0x96 && data[i + 2] == 0x81) {
				want[wl++] = ' ';
				i += 2;
			} else {
				want[wl++] = (char)data[i];
			}
		}
		if ((size_t)need != wl || memcmp(back, want, wl) != 0)
			__builtin_trap();
		free(want);
		free(back);
		free(ids);
	}
	return 0;
}
