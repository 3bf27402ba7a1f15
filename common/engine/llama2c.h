/*
 * llama2c: converts a llama2.c checkpoint (legacy float32 format) and,
 * optionally, a llama2.c tokenizer.bin into a GGUF file of architecture
 * "llama". scripts/llama2c-to-gguf.c is the command around it; the tests
 * call it directly.
 *
 * Checkpoint: 7 int32 (dim, hidden_dim, n_layers, n_heads, n_kv_heads,
 * vocab_size, seq_len; vocab_size < 0 means the classifier is not shared),
 * then float32 arrays: token embedding [vocab][dim], attention RMSNorm
 * [layer][dim], wq [layer][dim][dim], wk and wv [layer][kv_dim][dim], wo
 * [layer][dim][dim], FFN RMSNorm [layer][dim], w1 [layer][hidden][dim], w2
 * [layer][dim][hidden], w3 [layer][hidden][dim], final RMSNorm [dim],
 * seq_len * head_size legacy RoPE floats (skipped), then the classifier
 * [vocab][dim] when not shared. Matrices are row-major [out][in], which is
 * GGUF's ne = {in, out}; Q/K are already in the adjacent-pair RoPE layout
 * GGUF's llama expects, so everything is copied as it is.
 *
 * Tokenizer: int32 max_token_length, then per token float32 score, int32
 * length, bytes; llama2.c wrote SentencePiece pieces with U+2581 turned into
 * a space and BOS/EOS as "\n<s>\n" / "\n</s>\n": both are undone here.
 */
#ifndef LLM_LLAMA2C_H
#define LLM_LLAMA2C_H

#include <stddef.h>
#include <stdint.h>

struct llama2c_config {
	int32_t dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len;
	int shared; /* classifier shares the token embedding */
};

/* Return codes of llama2c_convert() besides 0. */
#define LLAMA2C_EINPUT (-1)  /* the checkpoint or tokenizer is unusable */
#define LLAMA2C_EOUTPUT (-2) /* the output could not be written */

/*
 * Converts model_path (+ tokenizer_path, may be NULL: a vocabulary of the
 * right size is synthesized and general.description says so) into out_path.
 * type is QUANT_TYPE_F32, _F16, _Q8_0 or _Q4_0 for the 2-D weights; norms,
 * and matrices whose rows are not a multiple of the block size, stay F32.
 * Returns 0, LLAMA2C_EINPUT or LLAMA2C_EOUTPUT with a message in err.
 */
int llama2c_convert(const char *model_path, const char *tokenizer_path, uint32_t type, const char *out_path,
		    char *err, size_t errlen);

/* A SentencePiece vocabulary read from a llama2.c tokenizer.bin, with the
 * pieces as GGUF stores them (U+2581 for space, "<s>", "</s>", "<0xNN>")
 * and GGUF token types. */
struct llama2c_vocab {
	char **tok;
	float *score;
	int32_t *type;
	int32_t n;
	int32_t bos, eos, unk;
};

struct gguf_writer;

/* Reads n_vocab tokens (<= 0: all the file holds). 0 or LLAMA2C_EINPUT. */
int llama2c_vocab_read(const char *path, int32_t n_vocab, struct llama2c_vocab *v, char *err, size_t errlen);
void llama2c_vocab_free(struct llama2c_vocab *v);
/* Adds the tokenizer.ggml.* keys (model "llama", tokens, scores, types,
 * bos/eos/unk ids, add_bos) for v. 0 or -1 (see gguf_writer_error()). */
int llama2c_vocab_add(struct gguf_writer *w, const struct llama2c_vocab *v);

/* Reads and checks just the header (for tools that want to report it). */
int llama2c_read_config(const char *model_path, struct llama2c_config *cfg, char *err, size_t errlen);

#endif
