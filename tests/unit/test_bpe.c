/*
 * Byte-level BPE tokenizer (tokenizer.ggml.model "gpt2"):
 *  - llama.cpp's test vectors (testdata/engine/ggml-vocab-*.gguf.inp/.out)
 *    give exactly the same ids with the GPT-2 and Llama 3 vocabularies
 *    (testdata/engine/gpt2-vocab.gguf.zst and llama3-vocab.gguf.zst, built by scripts/bpe-vocab-to-gguf.py),
 *    and every vector decodes back to its text;
 *  - special tokens are cut out only with special parsing, longest first;
 *  - the pre-tokenizers' pieces on hand-checked cases; the byte alphabet;
 *  - hostile metadata (bad merges, unknown pre-tokenizer, out-of-range ids,
 *    missing keys) gives a message, not a crash.
 * Run from the repository root.
 */
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "engine/gguf.h"
#include "engine/pretok.h"
#include "engine/tok.h"
#include "engine/ucat.h"
#include "unit.h"

static char err[512];

/* Opens a zstd-compressed vocabulary GGUF and builds its tokenizer. */
static struct tok *open_vocab(const char *path)
{
	size_t zl;
	char *z = unit_read_file(path, &zl);
	CHECK_MSG(z != NULL, "cannot read %s", path);
	if (!z)
		return NULL;
	unsigned long long n = ZSTD_getFrameContentSize(z, zl);
	CHECK(n != ZSTD_CONTENTSIZE_ERROR && n != ZSTD_CONTENTSIZE_UNKNOWN);
	void *mem = malloc((size_t)n);
	struct tok *t = NULL;
	struct gguf_ctx *g = NULL;
	CHECK(mem && ZSTD_decompress(mem, (size_t)n, z, zl) == n);
	CHECK(gguf_open_mem(mem, (size_t)n, &g, err, sizeof(err)) == 0);
	if (g)
		CHECK_MSG(tok_new_gguf(g, &t, err, sizeof(err)) == 0, "%s", err);
	gguf_close(g);
	free(mem);
	free(z);
	return t;
}

/* Every vector of llama.cpp's .inp/.out pair, without BOS. */
static void check_vectors(struct tok *t, const char *inp, const char *out)
{
	char *in = unit_read_file(inp, NULL), *ex = unit_read_file(out, NULL);
	CHECK(in && ex);
	if (!in || !ex) {
		free(in);
		free(ex);
		return;
	}
	static const char sep[] = "\n__ggml_vocab_test__\n";
	int cases = 0, exact = 0;
	char *p = in, *q = ex;
	for (char *e; (e = strstr(p, sep)) != NULL; p = e + sizeof(sep) - 1) {
		char *nl = strchr(q, '\n');
		CHECK(nl != NULL);
		if (!nl)
			break;
		int32_t want[1024], got[1024];
		int nw = 0;
		for (char *r = q; r < nl && nw < 1024;) {
			char *end;
			long v = strtol(r, &end, 10);
			if (end == r)
				break;
			want[nw++] = (int32_t)v;
			r = end;
		}
		q = nl + 1;
		size_t len = (size_t)(e - p);
		int n = tok_encode(t, p, len, 0, got, 1024, err, sizeof(err));
		int same = n == nw && memcmp(got, want, (size_t)nw * sizeof(int32_t)) == 0;
		CHECK_MSG(same, "%s case %d (\"%.*s\"): %d ids, want %d", inp, cases, (int)(len < 40 ? len : 40), p, n,
			  nw);
		exact += same;
		/* decoding gives the text back, byte for byte */
		char back[4096];
		int64_t bl = tok_decode(t, want, nw, back, sizeof(back));
		CHECK(bl == (int64_t)len && memcmp(back, p, len) == 0);
		cases++;
	}
	CHECK(*q == 0); /* as many outputs as inputs */
	printf("%s: %d of %d cases exact\n", inp, exact, cases);
	CHECK(cases >= 40);
	free(in);
	free(ex);
}

static int encode(struct tok *t, const char *s, int bos, int special, int32_t *ids)
{
	return tok_encode_special(t, s, strlen(s), bos, special, ids, 64, err, sizeof(err));
}

static void test_gpt2(void)
{
	struct tok *t = open_vocab("testdata/engine/gpt2-vocab.gguf.zst");
	if (!t)
		return;
	CHECK_EQ_INT(tok_n_vocab(t), 50257);
	CHECK_EQ_INT(tok_bos(t), 50256);
	CHECK_EQ_INT(tok_eos(t), 50256);
	CHECK_EQ_INT(tok_eot(t), -1);
	CHECK_EQ_INT(tok_add_bos(t), 0); /* BPE default; only Llama 3 adds it */
	check_vectors(t, "testdata/engine/ggml-vocab-gpt-2.gguf.inp", "testdata/engine/ggml-vocab-gpt-2.gguf.out");
	int32_t ids[64];
	/* <|endoftext|> is a control token: text without special parsing */
	int n = encode(t, "a<|endoftext|>b", 0, 0, ids);
	CHECK(n > 3);
	for (int i = 0; i < n; i++)
		CHECK(ids[i] != 50256);
	n = encode(t, "a<|endoftext|>b", 0, 1, ids);
	CHECK(n == 3 && ids[0] == 64 && ids[1] == 50256 && ids[2] == 65);
	n = encode(t, "<|endoftext|><|endoftext|>", 1, 1, ids);
	CHECK(n == 3 && ids[0] == 50256 && ids[1] == 50256 && ids[2] == 50256);
	/* a control token decodes to nothing */
	char back[64];
	CHECK(tok_decode(t, ids, n, back, sizeof(back)) == 0);
	/* invalid UTF-8 survives byte for byte */
	static const char raw[] = "\xff\xfe x\xc3(\xe2\x82 \xed\xa0\x80!";
	n = tok_encode(t, raw, sizeof(raw) - 1, 0, ids, 64, err, sizeof(err));
	CHECK(n > 0 && tok_decode(t, ids, n, back, sizeof(back)) == (int64_t)sizeof(raw) - 1 &&
	      memcmp(back, raw, sizeof(raw) - 1) == 0);
	/* sizing call, then a short buffer: the count stays the same */
	CHECK(tok_encode(t, "Hello world", 11, 0, NULL, 0, err, sizeof(err)) == 2);
	CHECK(tok_encode(t, "Hello world", 11, 0, ids, 1, err, sizeof(err)) == 2 && ids[0] == 15496);
	/* a long word merges in good time and round-trips */
	size_t ll = 200000;
	char *lw = malloc(ll);
	int32_t *lids = malloc(ll * sizeof(int32_t));
	char *dec = malloc(ll + 1);
	if (lw && lids && dec) {
		for (size_t i = 0; i < ll; i++)
			lw[i] = (char)('a' + (i * 7 % 26));
		n = tok_encode(t, lw, ll, 0, lids, (int)ll, err, sizeof(err));
		CHECK_MSG(n > 1000 && n < (int)ll, "%d ids", n);
		CHECK(tok_decode(t, lids, n, dec, ll + 1) == (int64_t)ll && memcmp(dec, lw, ll) == 0);
	}
	free(lw);
	free(lids);
	free(dec);
	tok_free(t);
}

static void test_llama3(void)
{
	struct tok *t = open_vocab("testdata/engine/llama3-vocab.gguf.zst");
	if (!t)
		return;
	CHECK_EQ_INT(tok_n_vocab(t), 128256);
	CHECK_EQ_INT(tok_bos(t), 128000);
	CHECK_EQ_INT(tok_eos(t), 128001);
	CHECK_EQ_INT(tok_eot(t), 128009);
	CHECK_EQ_INT(tok_add_bos(t), 1); /* the llama-bpe default */
	check_vectors(t, "testdata/engine/ggml-vocab-llama-bpe.gguf.inp",
		      "testdata/engine/ggml-vocab-llama-bpe.gguf.out");
	int32_t ids[64];
	const char *chat = "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>";
	int n = encode(t, chat, 1, 1, ids);
	CHECK(n == 7 && ids[0] == 128000 && ids[1] == 128006 && ids[2] == 882 && ids[3] == 128007 &&
	      ids[4] == 271 && ids[5] == 13347 && ids[6] == 128009);
	n = encode(t, chat, 0, 0, ids);
	CHECK(n > 7);
	for (int i = 0; i < n; i++)
		CHECK(ids[i] < 128000);
	char back[256];
	CHECK(tok_decode(t, ids, n, back, sizeof(back)) == (int64_t)strlen(chat) && strcmp(back, chat) == 0);
	/* longest first: <|reserved_special_token_10|> is not _1 then "0|>" */
	n = encode(t, "<|reserved_special_token_10|>", 0, 1, ids);
	CHECK(n == 1 && ids[0] == 128018);
	tok_free(t);
}

/* Pieces of text under a pre-tokenizer, joined by '|'. */
static void pieces(enum pretok_kind k, const char *s, char *out)
{
	uint32_t cp[256];
	size_t off[257], n = 0, len = strlen(s);
	for (size_t i = 0; i < len && n < 256; n++) {
		off[n] = i;
		i += ucat_decode(s + i, len - i, &cp[n]);
	}
	off[n] = len;
	size_t o = 0;
	uint32_t ends[256], tmp[256];
	size_t np = pretok_split(k, cp, n, ends, tmp);
	for (size_t p = 0, i = 0; p < np; p++) {
		size_t m = ends[p] - i;
		if (i)
			out[o++] = '|';
		memcpy(out + o, s + off[i], off[i + m] - off[i]);
		o += off[i + m] - off[i];
		i += m;
	}
	out[o] = 0;
}

static void test_pretok(void)
{
	char buf[512];
	CHECK(pretok_lookup("gpt-2") == PRETOK_GPT2 && pretok_lookup("llama-bpe") == PRETOK_LLAMA3 &&
	      pretok_lookup("llama3") == PRETOK_LLAMA3 && pretok_lookup("qwen2") == PRETOK_QWEN2 &&
	      pretok_lookup("deepseek-r1-qwen") == PRETOK_QWEN2 && pretok_lookup("") == PRETOK_NONE &&
	      pretok_lookup("chameleon") == PRETOK_NONE &&
	      pretok_lookup("falcon") == PRETOK_FALCON && pretok_lookup("tekken") == PRETOK_TEKKEN);
	pieces(PRETOK_GPT2, "I'll  go\tnow 123abc!! ", buf);
	CHECK_EQ_STR(buf, "I|'ll| | go|\t|now| 123|abc|!!| ");
	pieces(PRETOK_GPT2, "A'LL", buf);
	CHECK_EQ_STR(buf, "A|'|LL");
	pieces(PRETOK_LLAMA3, "I'LL  go\tnow 12345abc!!\n\n x", buf);
	CHECK_EQ_STR(buf, "I|'LL| | go|\tnow| |123|45|abc|!!\n\n| x");
	pieces(PRETOK_QWEN2, "x 12345 \n  y", buf);
	CHECK_EQ_STR(buf, "x| |1|2|3|4|5| \n| | y");
	/* the kinds without a vocabulary here, on pieces worked out by hand
	 * from llama.cpp's expressions (pretok.h); scripts/pretok-crosscheck.py
	 * checks them against a regex engine on 4,000 more texts */
	pieces(PRETOK_SMOLLM, "x 123abc", buf);
	CHECK_EQ_STR(buf, "x| |1|2|3|abc");
	CHECK(pretok_lookup("starcoder") == PRETOK_SMOLLM && pretok_lookup("command-r") == PRETOK_SMOLLM &&
	      pretok_lookup("refact") == PRETOK_SMOLLM && pretok_lookup("mpt") == PRETOK_GPT2);
	pieces(PRETOK_FALCON, "Hi!! 12345 $x", buf);
	CHECK_EQ_STR(buf, "Hi|!!| |123|45| |$|x");
	pieces(PRETOK_DEEPSEEK_CODER, "Hi, \xe4\xb8\x96\xe7\x95\x8c!\n42", buf); /* 世界 */
	CHECK_EQ_STR(buf, "Hi|,| |\xe4\xb8\x96\xe7\x95\x8c|!|\n|4|2");
	pieces(PRETOK_DEEPSEEK_LLM, "Hello World 12 \n", buf);
	CHECK_EQ_STR(buf, "Hello| World| |12| |\n");
	pieces(PRETOK_TEKKEN, "HELLOworld \xc3\x89" "COLE iPhone", buf); /* ÉCOLE: É is "upper" and "lower" */
	CHECK_EQ_STR(buf, "HELLOworld| \xc3\x89|COLE| i|Phone");
	pieces(PRETOK_TEKKEN, "12/ab//\n", buf); /* a non-letter opens a run of letters */
	CHECK_EQ_STR(buf, "1|2|/ab|//\n");
	/* qwen35: combining marks stay in words (Qwen2 cuts them out) and
	 * are not punctuation; digits one by one */
	CHECK(pretok_lookup("qwen35") == PRETOK_QWEN35);
	pieces(PRETOK_QWEN35, "cafe\xcc\x81 x12 !\xcc\x81", buf); /* e + U+0301, then ! + U+0301 */
	CHECK_EQ_STR(buf, "cafe\xcc\x81| x|1|2| !|\xcc\x81");
	pieces(PRETOK_QWEN2, "cafe\xcc\x81 x12", buf);
	CHECK_EQ_STR(buf, "cafe|\xcc\x81| x|1|2");
	pieces(PRETOK_QWEN35, "\xcc\x81" "ab \xe0\xa4\xa8\xe0\xa4\xae\xe0\xa4\xb8\xe0\xa5\x8d\xe0\xa4\xa4\xe0\xa5\x87", buf);
	CHECK_EQ_STR(buf, "\xcc\x81" "ab| \xe0\xa4\xa8\xe0\xa4\xae\xe0\xa4\xb8\xe0\xa5\x8d\xe0\xa4\xa4\xe0\xa5\x87"); /* a mark opens a word; नमस्ते whole */
	CHECK(ucat_of(0x0301) == UCAT_MARK && ucat_of(0x093F) == UCAT_MARK && ucat_of('a') == UCAT_LETTER);
	CHECK(ucat_of('!') == UCAT_PUNCT && ucat_of('$') == 0 && ucat_of(0x3001) == UCAT_PUNCT && ucat_of(0x2014) == UCAT_PUNCT);
	/* letters and numbers beyond ASCII; marks are neither */
	CHECK(ucat_of(0x0416) == UCAT_LETTER && ucat_of(0x0663) == UCAT_NUMBER && ucat_of(0x3000) == UCAT_SPACE &&
	      ucat_of(0x17B6) == UCAT_MARK && ucat_of(0x1F600) == 0 && ucat_of(UCAT_INVALID + 0xFF) == 0);
	uint32_t c;
	CHECK(ucat_decode("\xc0\xaf", 2, &c) == 1 && c == UCAT_INVALID + 0xC0); /* overlong */
	CHECK(ucat_decode("\xf0\x9f\x98", 3, &c) == 1);                         /* truncated */
	CHECK(ucat_decode("\xe2\x82\xac", 3, &c) == 3 && c == 0x20AC);
}

/* ---- hostile metadata ---- */

/* A small byte-level vocabulary: the 256 byte characters, then "ab",
 * "abc", then extra tokens; merges and pre as given (NULL: key left out). */
static int build(const char *pre, const char *const *merges, int n_merges, const char *const *extra, int n_extra,
		 const int32_t *extra_types, int bos, struct tok **out)
{
	static char store[256][3];
	const char *toks[300];
	int32_t types[300];
	int n = 0;
	for (int b = 0; b < 256; b++) {
		uint32_t cp = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE ? (uint32_t)b : 0;
		if (!cp) {
			int k = 0;
			for (int x = 0; x < b; x++)
				if (!((x >= 0x21 && x <= 0x7E) || (x >= 0xA1 && x <= 0xAC) || x >= 0xAE))
					k++;
			cp = 0x100u + (uint32_t)k;
		}
		if (cp < 0x80) {
			store[b][0] = (char)cp, store[b][1] = 0;
		} else {
			store[b][0] = (char)(0xC0 | cp >> 6), store[b][1] = (char)(0x80 | (cp & 0x3F)), store[b][2] = 0;
		}
		types[n] = TOK_TYPE_NORMAL;
		toks[n++] = store[b];
	}
	types[n] = TOK_TYPE_NORMAL;
	toks[n++] = "ab";
	types[n] = TOK_TYPE_NORMAL;
	toks[n++] = "abc";
	for (int i = 0; i < n_extra; i++) {
		types[n] = extra_types[i];
		toks[n++] = extra[i];
	}
	struct gguf_writer *w = gguf_writer_new();
	gguf_writer_add_str(w, "tokenizer.ggml.model", "gpt2");
	if (pre)
		gguf_writer_add_str(w, "tokenizer.ggml.pre", pre);
	gguf_writer_add_arr_str(w, "tokenizer.ggml.tokens", toks, NULL, (uint64_t)n);
	gguf_writer_add_arr(w, "tokenizer.ggml.token_type", GGUF_VTYPE_I32, types, (uint64_t)n);
	if (merges)
		gguf_writer_add_arr_str(w, "tokenizer.ggml.merges", merges, NULL, (uint64_t)n_merges);
	if (bos >= 0)
		gguf_writer_add_u32(w, "tokenizer.ggml.bos_token_id", (uint32_t)bos);
	void *mem = NULL;
	size_t size;
	struct gguf_ctx *g = NULL;
	int rc = -1;
	*out = NULL;
	if (gguf_writer_write_mem(w, &mem, &size, err, sizeof(err)) == 0 &&
	    gguf_open_mem(mem, size, &g, err, sizeof(err)) == 0)
		rc = tok_new_gguf(g, out, err, sizeof(err));
	gguf_close(g);
	free(mem);
	gguf_writer_free(w);
	return rc;
}

/* ---- Gemma 4's BPE (tokenizer.ggml.model "gemma4") ---- */

/* A small Gemma 4 vocabulary: <pad> <eos> <bos>, the 256 byte tokens,
 * then a b ▁ ab ▁ab \n \n\n <turn|> (control); merges as given. */
static int build_gemma4(const char *const *merges, int n_merges, int add_bos_key, struct tok **out)
{
	static char store[256][8];
	const char *toks[300];
	int32_t types[300];
	int n = 0;
	toks[n] = "<pad>", types[n++] = TOK_TYPE_CONTROL;
	toks[n] = "<eos>", types[n++] = TOK_TYPE_CONTROL;
	toks[n] = "<bos>", types[n++] = TOK_TYPE_CONTROL;
	for (int b = 0; b < 256; b++) {
		snprintf(store[b], sizeof(store[b]), "<0x%02X>", b);
		toks[n] = store[b], types[n++] = TOK_TYPE_BYTE;
	}
	static const char *const rest[] = { "a", "b", "\xe2\x96\x81", "ab", "\xe2\x96\x81" "ab", "\n", "\n\n", "<turn|>" };
	for (int i = 0; i < 8; i++)
		toks[n] = rest[i], types[n++] = i == 7 ? TOK_TYPE_CONTROL : TOK_TYPE_NORMAL;
	struct gguf_writer *w = gguf_writer_new();
	gguf_writer_add_str(w, "tokenizer.ggml.model", "gemma4");
	gguf_writer_add_str(w, "tokenizer.ggml.pre", "gemma4");
	gguf_writer_add_arr_str(w, "tokenizer.ggml.tokens", toks, NULL, (uint64_t)n);
	gguf_writer_add_arr(w, "tokenizer.ggml.token_type", GGUF_VTYPE_I32, types, (uint64_t)n);
	if (merges)
		gguf_writer_add_arr_str(w, "tokenizer.ggml.merges", merges, NULL, (uint64_t)n_merges);
	gguf_writer_add_u32(w, "tokenizer.ggml.bos_token_id", 2);
	gguf_writer_add_u32(w, "tokenizer.ggml.eos_token_id", 1);
	if (add_bos_key >= 0)
		gguf_writer_add_bool(w, "tokenizer.ggml.add_bos_token", add_bos_key);
	void *mem = NULL;
	size_t size;
	struct gguf_ctx *g = NULL;
	int rc = -1;
	*out = NULL;
	if (gguf_writer_write_mem(w, &mem, &size, err, sizeof(err)) == 0 &&
	    gguf_open_mem(mem, size, &g, err, sizeof(err)) == 0)
		rc = tok_new_gguf(g, out, err, sizeof(err));
	gguf_close(g);
	free(mem);
	gguf_writer_free(w);
	return rc;
}

static void test_gemma4(void)
{
	enum { A = 259, B, SP, AB, SPAB, NL, NL2, TURN };
	static const char *const merges[] = { "a b", "\xe2\x96\x81 ab" };
	struct tok *t = NULL;
	int32_t ids[32];
	char back[64];
	CHECK(build_gemma4(merges, 2, 0, &t) == 0);
	if (t) {
		CHECK(tok_add_bos(t) == 1); /* forced, whatever add_bos_token says */
		CHECK_EQ_INT(tok_bos(t), 2);
		/* spaces become ▁ and merge by rank; no prefix space */
		int n = tok_encode(t, "ab ab", 5, 1, ids, 32, err, sizeof(err));
		CHECK(n == 3 && ids[0] == 2 && ids[1] == AB && ids[2] == SPAB);
		CHECK(tok_decode(t, ids + 1, n - 1, back, sizeof(back)) == 5 && strcmp(back, "ab ab") == 0);
		/* a run of newlines that is a piece goes out whole; runs split text */
		n = tok_encode(t, "ab\n\nb\n\n\nba", 10, 0, ids, 32, err, sizeof(err));
		/* "\n\n\n" is no piece: its newlines one by one (no merge), then "ba" unmerged */
		CHECK(n == 8 && ids[0] == AB && ids[1] == NL2 && ids[2] == B && ids[3] == NL && ids[4] == NL && ids[5] == NL &&
		      ids[6] == B && ids[7] == A);
		/* a character without a piece: its bytes' tokens */
		n = tok_encode(t, "\xc3\xa9 a", 4, 0, ids, 32, err, sizeof(err));
		CHECK(n == 4 && ids[0] == 3 + 0xC3 && ids[1] == 3 + 0xA9 && ids[2] == SP && ids[3] == A);
		CHECK(tok_decode(t, ids, n, back, sizeof(back)) == 4 && strcmp(back, "\xc3\xa9 a") == 0);
		/* special parsing: the control token whole; without it, text */
		n = tok_encode_special(t, "a<turn|>", 8, 0, 1, ids, 32, err, sizeof(err));
		CHECK(n == 2 && ids[0] == A && ids[1] == TURN);
		CHECK(tok_special_id(t, "<turn|>", 7) == TURN);
		tok_free(t);
	}
	CHECK(build_gemma4(NULL, 0, -1, &t) == -1 && strstr(err, "tokenizer.ggml.merges") && !t);
}

static void test_hostile(void)
{
	struct tok *t = NULL;
	int32_t ids[16];
	static const char *const good[] = { "a b", "ab c", "zz qq" /* not pieces: left out */ };
	CHECK(build("gpt-2", good, 3, NULL, 0, NULL, 5, &t) == 0);
	if (t) {
		CHECK(tok_encode(t, "abc", 3, 0, ids, 16, err, sizeof(err)) == 1 && ids[0] == 257);
		CHECK(tok_encode(t, "ab", 2, 1, ids, 16, err, sizeof(err)) == 2 && ids[0] == 5 && ids[1] == 256);
		CHECK(tok_encode(t, "ba", 2, 0, ids, 16, err, sizeof(err)) == 2 && ids[0] == 'b' && ids[1] == 'a');
		tok_free(t);
	}
	/* the rank decides, not the order in the text: "b c" first */
	static const char *const ranked[] = { "b c", "a b", "ab c" };
	static const char *const bc[] = { "bc" };
	static const int32_t normal[] = { TOK_TYPE_NORMAL };
	CHECK(build("gpt-2", ranked, 3, bc, 1, normal, -1, &t) == 0);
	if (t) {
		CHECK_EQ_INT(tok_bos(t), -1);
		CHECK(tok_encode(t, "abc", 3, 1, ids, 16, err, sizeof(err)) == 2 && ids[0] == 'a' && ids[1] == 258);
		tok_free(t);
	}
	static const char *const nospace[] = { "a b", "abc" };
	CHECK(build("gpt-2", nospace, 2, NULL, 0, NULL, 0, &t) == -1 && strstr(err, "merges[1]") && !t);
	static const char *const lead[] = { " b" };
	CHECK(build("gpt-2", lead, 1, NULL, 0, NULL, 0, &t) == -1 && strstr(err, "merges[0]"));
	CHECK(build("gpt-2", NULL, 0, NULL, 0, NULL, 0, &t) == -1 && strstr(err, "tokenizer.ggml.merges"));
	CHECK(build(NULL, good, 1, NULL, 0, NULL, 0, &t) == -1 && strstr(err, "tokenizer.ggml.pre"));
	CHECK(build("chameleon", good, 1, NULL, 0, NULL, 0, &t) == -1 && strstr(err, "'chameleon'") &&
	      strstr(err, "not supported"));
	/* an id past the vocabulary is ignored, as llama.cpp does */
	CHECK(build("qwen2", good, 1, NULL, 0, NULL, 1000000, &t) == 0 && t && tok_bos(t) == -1);
	tok_free(t);
	/* user-defined tokens: whole with special parsing, and decode as is */
	static const char *const extra[] = { "<x>", "<xy>", "" };
	static const int32_t et[] = { TOK_TYPE_USER, TOK_TYPE_CONTROL, TOK_TYPE_CONTROL };
	CHECK(build("llama-bpe", good, 2, extra, 3, et, 3, &t) == 0);
	if (t) {
		CHECK(tok_add_bos(t) == 1);
		int n = tok_encode_special(t, "a<xy><x>", 8, 0, 1, ids, 16, err, sizeof(err));
		CHECK(n == 3 && ids[0] == 'a' && ids[1] == 259 && ids[2] == 258);
		char back[16];
		CHECK(tok_decode(t, ids, n, back, sizeof(back)) == 4 && strcmp(back, "a<x>") == 0);
		tok_free(t);
	}
}

int main(void)
{
	test_pretok();
	test_gemma4();
	test_gpt2();
	test_llama3();
	test_hostile();
	UNIT_DONE();
}
