/*
 * pretok: the pre-tokenizers of byte-level BPE vocabularies, which cut text
 * into "words" before any merge. Each is a hand-written matcher for one
 * regular expression that llama.cpp (src/llama-vocab.cpp) uses for a
 * tokenizer.ggml.pre value, giving the same pieces:
 *
 *   GPT2:   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)
 *   LLAMA3: (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|
 *           ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
 *   QWEN2:  LLAMA3 with \p{N} (one digit) in place of \p{N}{1,3}
 *
 * A character no alternative matches (a lone whitespace character before a
 * non-space, under GPT2) is a piece of its own, as in a regex split.
 */
#ifndef LLM_PRETOK_H
#define LLM_PRETOK_H

#include <stddef.h>
#include <stdint.h>

enum pretok_kind {
	PRETOK_NONE = 0,
	PRETOK_GPT2,
	PRETOK_LLAMA3,
	PRETOK_QWEN2,
};

/* The pre-tokenizer for a tokenizer.ggml.pre value (PRETOK_NONE when the
 * value is not one this engine implements). */
enum pretok_kind pretok_lookup(const char *name);

/* The length in code points (>= 1) of the piece that starts at cp[i],
 * i < n. Code points come from ucat_decode. */
size_t pretok_next(enum pretok_kind k, const uint32_t *cp, size_t n, size_t i);

#endif
