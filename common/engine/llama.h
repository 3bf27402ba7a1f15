/*
 * llama: the Llama-family transformer (GGUF architecture "llama": Llama
 * 1/2/3, TinyLlama, Mistral 7B, SmolLM2 and the llama2.c models; and
 * "qwen2": Qwen2, Qwen2.5, DeepSeek-R1-Distill-Qwen; "qwen3": dense Qwen3;
 * "gemma2" and "gemma3": Gemma 2 and the Gemma 3 text models; "phi3":
 * Phi-3, Phi-3.5-mini, Phi-4-mini) on the CPU: its hyper-parameters and
 * weights read from a GGUF file, a KV cache and the forward pass. engine.h
 * is the public face; this header is the engine's own.
 *
 * Block (pre-norm): x += Wo . attn(RoPE(Wq . n1), RoPE(Wk . n1), Wv . n1),
 * n1 = RMSNorm(x) * attn_norm; x += Wdown . (silu(Wgate . n2) * (Wup . n2)),
 * n2 = RMSNorm(x) * ffn_norm. Then logits = Wout . (RMSNorm(x) * out_norm),
 * with Wout = token_embd when output.weight is absent (tied embeddings).
 * RoPE is GGUF llama's "normal" style: adjacent pairs (x[2i], x[2i+1]) of
 * the first n_rot dimensions of each head, angle pos * freq_scale *
 * base^(-2i/n_rot) / rope_freqs[i] (Llama 3.1's factors, when present).
 * qwen2 adds biases after the q, k and v projections (optional in llama
 * files too) and an optional output.bias, and rotates NEOX pairs
 * (x[i], x[i + n_rot/2]): its q/k rows keep HF's order, which the llama
 * converter permutes into adjacent pairs. qwen3 has no biases but an
 * RMSNorm of each q and k head (attn_q_norm / attn_k_norm, one weight
 * vector of head_dim for all heads) before RoPE, NEOX pairs, and heads of
 * key_length that may be wider than n_embd / n_head (q and the attention
 * output are then n_head * head_dim wide). Attention is causal, grouped-query (query head h reads
 * KV head h / (n_head / n_head_kv)), scaled by 1/sqrt(head_dim).
 *
 * gemma2/gemma3 (NEOX): embeddings times sqrt(n_embd); each block's
 * output is RMSNormed (post_attention_norm, post_ffw_norm) before its
 * residual add; FFN down(gelu(gate) * up) with the tanh GELU; the GGUF
 * norm weights already hold Gemma's 1 + w. Local layers (gemma2: even
 * ones; gemma3: five of every six) see a window of n_swa keys. gemma2
 * soft-caps attention scores and logits, cap * tanh(x / cap); gemma3 has
 * q/k norms and rotates local layers with base 10000, unscaled.
 * phi3 (NEOX): attn_qkv holds the q, k and v rows, ffn_up the gate rows
 * then the up rows (SwiGLU); LongRoPE divides each pair's angle by
 * rope_factors_short (or _long when the context exceeds
 * rope.scaling.original_context_length), and rope.scaling.attn_factor
 * multiplies the rotated values.
 * RoPE scaling: "linear" (positions / factor) and "yarn" (each pair's
 * frequency blends f / factor and f by ggml's ramp over the original
 * context; rotated values times attn_factor * (1 + 0.1 ln factor)).
 *
 * Matrix weights stay in the mapping, in their stored type, and go
 * through kernel_matmul(); only the small 1-D norm vectors are converted
 * to float when they are not already float. The KV cache is float32.
 */
#ifndef LLM_LLAMA_H
#define LLM_LLAMA_H

#include <stddef.h>
#include <stdint.h>

struct gguf_ctx;
struct pool;
struct llama;

/* Bounds that keep every size product far from overflow and refuse files
 * claiming absurd shapes (a hostile block_count is a known bug class). */
#define LLAMA_MAX_LAYERS 512
#define LLAMA_MAX_EMBD 65536
#define LLAMA_MAX_FF 262144
#define LLAMA_MAX_HEADS 1024
#define LLAMA_MAX_VOCAB (1 << 22)
#define LLAMA_MAX_CTX (1 << 20)
#define LLAMA_MAX_HEAD_DIM 4096
/* Tokens processed together in one pass of the weights (prompt batches). */
#define LLAMA_BATCH 32

enum llama_arch {
	LLAMA_ARCH_LLAMA, /* "llama": adjacent-pair RoPE on permuted q/k rows */
	LLAMA_ARCH_QWEN2, /* "qwen2": q/k/v biases, NEOX RoPE */
	LLAMA_ARCH_QWEN3, /* "qwen3": per-head q/k RMSNorm, NEOX RoPE, heads of key_length */
	LLAMA_ARCH_GEMMA2, /* "gemma2": sandwich norms, GeGLU, soft-capping, local/global layers */
	LLAMA_ARCH_GEMMA3, /* "gemma3": gemma2 with q/k norms, no attention soft-cap, 5 local : 1 global */
	LLAMA_ARCH_PHI3, /* "phi3": fused QKV and gate-up, LongRoPE factors */
	LLAMA_ARCH_QWEN35, /* "qwen35": Gated DeltaNet + gated attention (qwen35.c, archx.h) */
	LLAMA_ARCH_GEMMA4, /* "gemma4": Gemma 4 E2B/E4B text (gemma4.c, archx.h) */
};

struct llama_hparams {
	enum llama_arch arch;
	int neox; /* RoPE rotates (x[i], x[i + n_rot/2]) instead of (x[2i], x[2i+1]) */
	int32_t n_vocab, n_embd, n_layer, n_ff, n_head, n_head_kv, head_dim, n_rot;
	int32_t q_dim; /* n_head * head_dim: n_embd, except where key_length says otherwise */
	int32_t n_ctx_train;
	float eps, rope_base, rope_scale; /* rope_scale multiplies positions (1/factor) */
	int tied; /* output head is token_embd */
	int gelu; /* FFN activation GELU (tanh form) instead of SiLU (Gemma) */
	float emb_scale; /* token embeddings are multiplied by this (Gemma: sqrt(n_embd)) */
	float attn_scale; /* multiplies q.k (1/sqrt(head_dim) unless the architecture says otherwise) */
	float attn_softcap, final_softcap; /* > 0: scores / logits become cap * tanh(x / cap) */
	/* Local (sliding-window) layers: layer l is local when swa_pattern > 0
	 * and l % swa_pattern < swa_pattern - 1; a local layer's query at p
	 * sees keys p - n_swa + 1 .. p, and rotates with rope_base_swa and no
	 * position scaling. */
	int32_t n_swa, swa_pattern;
	float rope_base_swa;
	float rope_mscale; /* multiplies the rotated values (LongRoPE / YaRN attention factor) */
	int32_t n_ctx_orig; /* rope.scaling.original_context_length (training context when absent) */
	float yarn_factor; /* > 0: YaRN scaling by this factor (rope.scaling.type "yarn") */
	float yarn_beta_fast, yarn_beta_slow;
};

/*
 * Reads the hyper-parameters and finds and checks every tensor (name,
 * type, shape). The gguf context must outlive the model. n_ctx is the
 * KV cache length (<= 0: the training context, capped at 4096).
 */
int llama_new(const struct gguf_ctx *g, int n_ctx, struct pool *pool, struct llama **out, char *err, size_t errlen);
void llama_free(struct llama *m);
const struct llama_hparams *llama_hparams(const struct llama *m);
int32_t llama_n_ctx(const struct llama *m);
/* Bytes of weights one forward pass reads (every matrix once, plus one
 * embedding row): what a decode step must stream from memory. */
uint64_t llama_weight_bytes(const struct llama *m);

/*
 * Runs n tokens at positions pos .. pos+n-1 (cache entries from pos on are
 * overwritten, so pos < the current length rewinds). Writes the logits of
 * the last token into logits (n_vocab floats) when logits is not NULL.
 * -1 with a message when a token id is out of range or pos + n exceeds the
 * context.
 */
int llama_eval(struct llama *m, const int32_t *tokens, int n, int pos, float *logits, char *err, size_t errlen);
/* 0 when the model keeps a recurrent state (qwen35): a later llama_eval
 * must then start at 0 or continue where the last one ended, never rewind
 * into the middle (prefix reuse has to start again). */
int llama_can_rewind(const struct llama *m);
/* 0 when the model keeps its one sequence's state itself (qwen35, gemma4:
 * archx.h): llama_eval() only; llama_eval_kv() and llama_decode() refuse,
 * and llama_kv_reserve() fails. 1 for the row-based architectures. */
int llama_can_batch(const struct llama *m);

/*
 * Sequence caches, for decoding several sequences together: each holds
 * one sequence's keys and values (and is where per-sequence state of any
 * architecture belongs), sized on demand up to the model's context.
 * llama_kv_new() with cap <= 0 allocates nothing until first use; NULL
 * when out of memory. llama_kv_reserve() makes room for n positions,
 * keeping what is held: 0, or -1 (out of memory, or n > the context).
 */
struct llama_kv;
struct llama_kv *llama_kv_new(const struct llama *m, int cap);
void llama_kv_free(struct llama_kv *kv);
int llama_kv_reserve(const struct llama *m, struct llama_kv *kv, int n);

/* llama_eval() on the sequence cache kv (a prompt of one sequence). */
int llama_eval_kv(struct llama *m, struct llama_kv *kv, const int32_t *tokens, int n, int pos, float *logits,
		  char *err, size_t errlen);

/*
 * One decode step of n sequences (1 .. LLAMA_BATCH, distinct caches):
 * token t at position pos[t] of cache kvs[t]. Every weight matrix is read
 * once for the n tokens, attention runs per sequence. Writes n rows of
 * n_vocab logits (logits may be NULL). A row's logits do not depend on
 * the other rows, bit for bit (kernel_matmul_invariant), so a sequence
 * decodes the same alone or among others; they are llama_eval_kv()'s of
 * that token alone too, except for Q4_K / Q6_K rows outside the repacked
 * eight-row groups (kernel.h). -1 with a message on a bad token, position
 * or count.
 */
int llama_decode(struct llama *m, struct llama_kv *const *kvs, const int32_t *tokens, const int32_t *pos, int n,
		 float *logits, char *err, size_t errlen);

#endif
