/*
 * tok: the tokenizers of GGUF files, built from the file's vocabulary:
 * SentencePiece (SPM, tokenizer.ggml.model "llama": tokenizer.ggml.tokens,
 * .scores, .token_type, the bos/eos/unknown ids, add_bos_token and
 * add_space_prefix) and byte-level BPE (model "gpt2", as Llama 3, Qwen2
 * and GPT-2 files use: .tokens, .token_type, .merges, .pre, the
 * bos/eos/eot ids and add_bos_token), and Gemma 4's BPE (model "gemma4").
 *
 * SentencePiece:
 * Encoding follows SentencePiece's BPE mode as llama.cpp and llama2.c
 * apply it: "▁" (U+2581) is prepended to non-empty text and every space
 * becomes "▁"; the text is split into UTF-8 characters; then, repeatedly,
 * the adjacent pair whose concatenation is a vocabulary piece with the
 * highest score is merged (ties to the leftmost); a character that is no
 * piece is emitted as its UTF-8 bytes through the <0xNN> byte tokens.
 * Control, unknown and byte tokens are never produced from plain text, so
 * a literal "</s>" in the text is text.
 *
 * Decoding turns "▁" back into spaces, byte tokens into their bytes (so
 * multi-byte characters reassemble across tokens), drops control tokens,
 * and strips the leading space of the first piece after BOS (or at the
 * start of a sequence), the inverse of the prepended "▁".
 *
 * Byte-level BPE, as llama.cpp applies it: the text is cut into words by
 * the pre-tokenizer tokenizer.ggml.pre names (pretok.h); each word's bytes
 * are written in GPT-2's byte alphabet (space is "Ġ"); under the Llama 3
 * pre-tokenizer a word that is a whole piece is taken as it is; otherwise
 * the adjacent pair with the lowest merge rank (its index in
 * tokenizer.ggml.merges) is joined repeatedly, leftmost first on ties.
 * Decoding maps the alphabet back to bytes. Invalid UTF-8 in the text
 * stays byte for byte (llama.cpp would put U+FFFD in its place).
 *
 * Gemma 4 (llama.cpp's reading): BPE over raw UTF-8 characters, not the
 * byte alphabet: spaces become "▁" (no prefix), the text is cut into runs
 * of newlines and runs of other characters, a newline run that is a piece
 * goes out whole, characters merge by rank as above, and a character with
 * no piece goes out as its bytes' <0xXX> tokens. BOS is always added.
 * Decoding is SentencePiece's without the leading-space strip.
 *
 * With special parsing (tok_encode_special), the texts of control and
 * user-defined tokens in the text become those tokens, longest first, for
 * either kind; otherwise they are plain text.
 */
#ifndef LLM_TOK_H
#define LLM_TOK_H

#include <stddef.h>
#include <stdint.h>

struct gguf_ctx;
struct tok;

/* Token types (tokenizer.ggml.token_type). */
enum tok_type {
	TOK_TYPE_NORMAL = 1,
	TOK_TYPE_UNKNOWN = 2,
	TOK_TYPE_CONTROL = 3,
	TOK_TYPE_USER = 4,
	TOK_TYPE_UNUSED = 5,
	TOK_TYPE_BYTE = 6,
};

/* Builds the tokenizer from the file's metadata (copied: the context may
 * be closed afterwards). An unsupported tokenizer.ggml.model is an error
 * that names it. */
int tok_new_gguf(const struct gguf_ctx *g, struct tok **out, char *err, size_t errlen);
void tok_free(struct tok *t);

int32_t tok_n_vocab(const struct tok *t);
int32_t tok_bos(const struct tok *t);   /* -1 when none */
int32_t tok_eos(const struct tok *t);
int32_t tok_unk(const struct tok *t);
int32_t tok_eot(const struct tok *t);   /* tokenizer.ggml.eot_token_id, -1 when none */
/* tokenizer.ggml.add_bos_token; without it 1 for SentencePiece and the
 * Llama 3 pre-tokenizer, 0 for other BPE */
int tok_add_bos(const struct tok *t);
/* The stored piece ("▁Hello", "<0x0A>", "<s>"), NULL when out of range. */
const char *tok_text(const struct tok *t, int32_t id);
int tok_type_of(const struct tok *t, int32_t id);
/* The control or user-defined token whose text is exactly text[0, len)
 * (the lowest such id), or -1. */
int32_t tok_special_id(const struct tok *t, const char *text, size_t len);

/*
 * Encodes len bytes of text (any bytes; invalid UTF-8 goes out as byte
 * tokens), with BOS first when add_bos. Writes at most max ids and returns
 * the number the text needs (which may be larger than max: call again with
 * room), or -1 with a message.
 */
int tok_encode(const struct tok *t, const char *text, size_t len, int add_bos, int32_t *ids, int max,
	       char *err, size_t errlen);
/* The same, and with special non-zero the texts of control and
 * user-defined tokens become those tokens. */
int tok_encode_special(const struct tok *t, const char *text, size_t len, int add_bos, int special, int32_t *ids,
		       int max, char *err, size_t errlen);

/*
 * The bytes of token id as it appears in text after token prev (prev < 0 at
 * the start of a sequence). Writes at most buflen bytes (no NUL) and returns
 * the piece's full length, or -1 for an id out of range.
 */
int tok_piece(const struct tok *t, int32_t prev, int32_t id, char *buf, size_t buflen);

/* Decodes n ids into buf (NUL-terminated when buflen > 0, truncated to
 * fit); returns the full length, or -1 for an id out of range. */
int64_t tok_decode(const struct tok *t, const int32_t *ids, int n, char *buf, size_t buflen);

#endif
