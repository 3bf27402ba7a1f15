/*
 * pretok: the pre-tokenizers of byte-level BPE vocabularies, which cut text
 * into "words" before any merge: the regular expressions llama.cpp
 * (src/llama-vocab.cpp) uses for each tokenizer.ggml.pre value, applied as
 * llama.cpp applies them (each expression in turn splits the pieces of the
 * one before; within a piece, each match is a piece and so is the text
 * between matches), with hand-written matchers giving the same pieces:
 *
 *   GPT2:   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)
 *           (also "mpt", "olmo")
 *   LLAMA3: (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|
 *           ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
 *   QWEN2:  LLAMA3 with \p{N} (one digit) in place of \p{N}{1,3}
 *   QWEN35: QWEN2 with [\p{L}\p{M}]+ for \p{L}+ and [^\s\p{L}\p{M}\p{N}] for
 *           [^\s\p{L}\p{N}] (combining marks stay in words)
 *   SMOLLM: \p{N}, then GPT2 ("smollm", "starcoder", "refact", "command-r")
 *   FALCON: [\p{P}\$\+<=>\^~\|`]+, then GPT2, then [0-9][0-9][0-9]
 *   DEEPSEEK_LLM: [\r\n], \s?[its cased-letter list]+, \s?[!-/:-~！-／：-～‘-‟　-。]+,
 *           \s+$, [一-龥ࠀ-一가-퟿]+, \p{N}+
 *   DEEPSEEK_CODER: [\r\n], \s?\p{L}+, \s?\p{P}+, [一-龥ࠀ-一가-퟿]+, \p{N}
 *   TEKKEN: [^\r\n\p{L}\p{N}]?((?=[\p{L}])([^a-z]))*((?=[\p{L}])([^A-Z]))+|
 *           [^\r\n\p{L}\p{N}]?((?=[\p{L}])([^a-z]))+((?=[\p{L}])([^A-Z]))*|\p{N}|
 *           ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
 *
 * \s is White_Space; \p{L}, \p{N}, \p{P}, \p{M} are the general categories
 * L*, N*, P*, M*. Where llama.cpp matches with std::wregex (expressions written with
 * literal characters), whitespace beyond ASCII is seen as U+000B and so
 * never matches a literal range. A character no alternative of GPT2,
 * LLAMA3, QWEN2, QWEN35 or TEKKEN matches is a piece of its own.
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
	PRETOK_SMOLLM,
	PRETOK_FALCON,
	PRETOK_DEEPSEEK_LLM,
	PRETOK_DEEPSEEK_CODER,
	PRETOK_TEKKEN,
	PRETOK_QWEN35,
	PRETOK_KIND_COUNT
};

/* The pre-tokenizer for a tokenizer.ggml.pre value (PRETOK_NONE when the
 * value is not one this engine implements). */
enum pretok_kind pretok_lookup(const char *name);

/* Cuts the code points cp[0, n) (from ucat_decode) into pieces: writes
 * each piece's end (increasing, the last n) into ends and returns the
 * count (0 when n is 0). ends and tmp each have room for n values. */
size_t pretok_split(enum pretok_kind k, const uint32_t *cp, size_t n, uint32_t *ends, uint32_t *tmp);

#endif
