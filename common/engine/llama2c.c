/*
 * llama2c: llama2.c checkpoint (+ tokenizer.bin) -> GGUF. See llama2c.h.
 *
 * The checkpoint is mapped read-only and validated as a whole (exact size
 * for its header, every float finite) before anything is written. F32
 * tensors are handed to the writer straight from the mapping; converted
 * ones are produced by a fill callback at write time, one tensor at a time,
 * so memory stays at the largest tensor rather than the whole model.
 */
#include "engine/llama2c.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/gguf.h"
#include "engine/quant.h"

/* llama.cpp token types (tokenizer.ggml.token_type) */
enum { TOKTYPE_NORMAL = 1, TOKTYPE_UNKNOWN = 2, TOKTYPE_CONTROL = 3, TOKTYPE_BYTE = 6 };

__attribute__((format(printf, 4, 5)))
static int fail(int rc, char *err, size_t errlen, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

static int map_file(const char *path, const uint8_t **p, uint64_t *size, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(LLAMA2C_EINPUT, err, errlen, "%s: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
		close(fd);
		return fail(LLAMA2C_EINPUT, err, errlen, "%s: not a non-empty regular file", path);
	}
	void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	int e = errno;
	close(fd);
	if (m == MAP_FAILED)
		return fail(LLAMA2C_EINPUT, err, errlen, "%s: mmap: %s", path, strerror(e));
	*p = m;
	*size = (uint64_t)st.st_size;
	return 0;
}

/* Float count of everything after the header; 0 on overflow. */
static uint64_t expected_floats(const struct llama2c_config *c)
{
	uint64_t dim = (uint64_t)c->dim, hid = (uint64_t)c->hidden_dim, L = (uint64_t)c->n_layers;
	uint64_t vocab = (uint64_t)c->vocab_size, kv_dim = dim / (uint64_t)c->n_heads * (uint64_t)c->n_kv_heads;
	uint64_t head = dim / (uint64_t)c->n_heads;
	/* every factor is < 2^31, so each product of two fits; sums of a few
	 * products of three are checked against 2^62 */
	uint64_t per_layer = 2 * dim + 2 * dim * dim + 2 * kv_dim * dim + 3 * hid * dim;
	if (per_layer > (1ull << 62) / L)
		return 0;
	uint64_t n = vocab * dim + L * per_layer + dim + (uint64_t)c->seq_len * head;
	if (!c->shared)
		n += vocab * dim;
	return n > (1ull << 61) ? 0 : n;
}

static int check_config(const char *path, struct llama2c_config *c, const uint8_t *p, uint64_t size, char *err,
			size_t errlen)
{
	if (size >= 4 && memcmp(p, "ak42", 4) == 0)
		return fail(LLAMA2C_EINPUT, err, errlen,
			    "%s: llama2.c export format version 1+ (magic \"ak42\") is not supported; "
			    "use the legacy format (export.py --version 0)", path);
	if (size < 28)
		return fail(LLAMA2C_EINPUT, err, errlen, "%s: %" PRIu64 " bytes is too short for a llama2.c header (28)", path, size);
	int32_t h[7];
	memcpy(h, p, 28);
	c->dim = h[0];
	c->hidden_dim = h[1];
	c->n_layers = h[2];
	c->n_heads = h[3];
	c->n_kv_heads = h[4];
	c->shared = h[5] > 0;
	c->vocab_size = h[5] == INT32_MIN ? 0 : (h[5] < 0 ? -h[5] : h[5]);
	c->seq_len = h[6];
	if (c->dim <= 0 || c->hidden_dim <= 0 || c->n_layers <= 0 || c->n_heads <= 0 || c->n_kv_heads <= 0 ||
	    c->vocab_size <= 0 || c->seq_len <= 0)
		return fail(LLAMA2C_EINPUT, err, errlen,
			    "%s: bad llama2.c header (dim %d, hidden %d, layers %d, heads %d, kv heads %d, vocab %d, seq_len %d)",
			    path, h[0], h[1], h[2], h[3], h[4], h[5], h[6]);
	if (c->dim % c->n_heads || c->n_heads % c->n_kv_heads || (c->dim / c->n_heads) % 2)
		return fail(LLAMA2C_EINPUT, err, errlen,
			    "%s: dim %d, %d heads, %d kv heads: heads must divide dim into even head sizes, kv heads divide heads",
			    path, c->dim, c->n_heads, c->n_kv_heads);
	uint64_t n = expected_floats(c);
	if (n == 0)
		return fail(LLAMA2C_EINPUT, err, errlen, "%s: header sizes overflow", path);
	uint64_t want = 28 + 4 * n;
	if (size != want)
		return fail(LLAMA2C_EINPUT, err, errlen,
			    "%s: %s: the header (dim %d, hidden %d, layers %d, heads %d/%d, vocab %d%s, seq_len %d) needs %" PRIu64
			    " bytes, the file has %" PRIu64,
			    path, size < want ? "truncated" : "unexpected trailing data", c->dim, c->hidden_dim, c->n_layers,
			    c->n_heads, c->n_kv_heads, c->vocab_size, c->shared ? "" : " unshared", c->seq_len, want, size);
	return 0;
}

int llama2c_read_config(const char *model_path, struct llama2c_config *cfg, char *err, size_t errlen)
{
	const uint8_t *p;
	uint64_t size;
	int rc = map_file(model_path, &p, &size, err, errlen);
	if (rc)
		return rc;
	rc = check_config(model_path, cfg, p, size, err, errlen);
	munmap((void *)p, (size_t)size);
	return rc;
}

/* ---- tokenizer ---- */

static void vocab_free(struct llama2c_vocab *v)
{
	if (v->tok)
		for (int32_t i = 0; i < v->n; i++)
			free(v->tok[i]);
	free(v->tok);
	free(v->score);
	free(v->type);
}

static int vocab_alloc(struct llama2c_vocab *v, int32_t n)
{
	v->n = n;
	v->tok = calloc((size_t)n, sizeof(*v->tok));
	v->score = calloc((size_t)n, sizeof(*v->score));
	v->type = calloc((size_t)n, sizeof(*v->type));
	v->bos = 1;
	v->eos = 2;
	v->unk = 0;
	return v->tok && v->score && v->type ? 0 : -1;
}

static int is_byte_piece(const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	return n == 6 && memcmp(s, "<0x", 3) == 0 && strchr(hex, s[3]) && strchr(hex, s[4]) && s[3] && s[4] &&
	       s[5] == '>';
}

/* Undo llama2.c's piece rewriting: spaces back to U+2581. */
static char *spm_piece(const uint8_t *s, size_t n)
{
	size_t spaces = 0;
	for (size_t i = 0; i < n; i++)
		spaces += s[i] == ' ';
	char *out = malloc(n + 2 * spaces + 1), *o = out;
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ') {
			*o++ = (char)0xE2;
			*o++ = (char)0x96;
			*o++ = (char)0x81;
		} else {
			*o++ = (char)s[i];
		}
	}
	*o = '\0';
	return out;
}

static int read_tokenizer(const char *path, int32_t n_vocab, struct llama2c_vocab *v, char *err, size_t errlen)
{
	const uint8_t *p;
	uint64_t size;
	int rc = map_file(path, &p, &size, err, errlen);
	if (rc)
		return rc;
	rc = LLAMA2C_EINPUT;
	uint64_t pos = 4;
	int32_t maxlen;
	if (size < 4) {
		fail(rc, err, errlen, "%s: too short for a llama2.c tokenizer", path);
		goto out;
	}
	memcpy(&maxlen, p, 4);
	if (maxlen <= 0) {
		fail(rc, err, errlen, "%s: bad max_token_length %d", path, maxlen);
		goto out;
	}
	if (vocab_alloc(v, n_vocab)) {
		fail(rc, err, errlen, "out of memory");
		goto out;
	}
	for (int32_t i = 0; i < n_vocab; i++) {
		int32_t len;
		if (size - pos < 8) {
			fail(rc, err, errlen, "%s: truncated at token %d of %d (offset %" PRIu64 "): the model's vocabulary is "
			     "larger than this tokenizer's", path, i, n_vocab, pos);
			goto out;
		}
		memcpy(&v->score[i], p + pos, 4);
		memcpy(&len, p + pos + 4, 4);
		pos += 8;
		if (len < 0 || (uint64_t)len > size - pos || len > maxlen) {
			fail(rc, err, errlen, "%s: token %d at offset %" PRIu64 " has bad length %d (max_token_length %d)", path, i,
			     pos - 4, len, maxlen);
			goto out;
		}
		if (!isfinite(v->score[i])) {
			fail(rc, err, errlen, "%s: token %d has a non-finite score", path, i);
			goto out;
		}
		const char *s = (const char *)p + pos;
		if (len == 5 && memcmp(s, "\n<s>\n", 5) == 0) {
			v->tok[i] = strdup("<s>");
			v->type[i] = TOKTYPE_CONTROL;
			v->bos = i;
		} else if (len == 6 && memcmp(s, "\n</s>\n", 6) == 0) {
			v->tok[i] = strdup("</s>");
			v->type[i] = TOKTYPE_CONTROL;
			v->eos = i;
		} else if (len == 5 && memcmp(s, "<unk>", 5) == 0) {
			v->tok[i] = strdup("<unk>");
			v->type[i] = TOKTYPE_UNKNOWN;
			v->unk = i;
		} else {
			v->tok[i] = spm_piece(p + pos, (size_t)len);
			v->type[i] = is_byte_piece(s, (size_t)len) ? TOKTYPE_BYTE : TOKTYPE_NORMAL;
		}
		if (!v->tok[i]) {
			fail(rc, err, errlen, "out of memory");
			goto out;
		}
		pos += (uint64_t)len;
	}
	if (pos != size) {
		fail(rc, err, errlen, "%s: %" PRIu64 " bytes left after %d tokens: the tokenizer's vocabulary is larger than the "
		     "model's", path, size - pos, n_vocab);
		goto out;
	}
	rc = 0;
out:
	munmap((void *)p, (size_t)size);
	return rc;
}

/* Counts the tokens of a llama2.c tokenizer file (-1 when malformed). */
static int32_t count_tokens(const uint8_t *p, uint64_t size)
{
	uint64_t pos = 4;
	int32_t n = 0;
	while (size >= 4 && pos < size && n < (1 << 22)) {
		int32_t len;
		if (size - pos < 8)
			return -1;
		memcpy(&len, p + pos + 4, 4);
		pos += 8;
		if (len < 0 || (uint64_t)len > size - pos)
			return -1;
		pos += (uint64_t)len;
		n++;
	}
	return pos == size ? n : -1;
}

int llama2c_vocab_read(const char *path, int32_t n_vocab, struct llama2c_vocab *v, char *err, size_t errlen)
{
	memset(v, 0, sizeof(*v));
	if (n_vocab <= 0) {
		const uint8_t *p;
		uint64_t size;
		int rc = map_file(path, &p, &size, err, errlen);
		if (rc)
			return rc;
		n_vocab = count_tokens(p, size);
		munmap((void *)p, (size_t)size);
		if (n_vocab <= 0)
			return fail(LLAMA2C_EINPUT, err, errlen, "%s: not a llama2.c tokenizer file", path);
	}
	int rc = read_tokenizer(path, n_vocab, v, err, errlen);
	if (rc)
		llama2c_vocab_free(v);
	return rc;
}

void llama2c_vocab_free(struct llama2c_vocab *v)
{
	vocab_free(v);
	memset(v, 0, sizeof(*v));
}

int llama2c_vocab_add(struct gguf_writer *w, const struct llama2c_vocab *v)
{
	return gguf_writer_add_str(w, "tokenizer.ggml.model", "llama") ||
	       gguf_writer_add_arr_str(w, "tokenizer.ggml.tokens", (const char *const *)v->tok, NULL, (uint64_t)v->n) ||
	       gguf_writer_add_arr(w, "tokenizer.ggml.scores", GGUF_VTYPE_F32, v->score, (uint64_t)v->n) ||
	       gguf_writer_add_arr(w, "tokenizer.ggml.token_type", GGUF_VTYPE_I32, v->type, (uint64_t)v->n) ||
	       gguf_writer_add_u32(w, "tokenizer.ggml.bos_token_id", (uint32_t)v->bos) ||
	       gguf_writer_add_u32(w, "tokenizer.ggml.eos_token_id", (uint32_t)v->eos) ||
	       gguf_writer_add_u32(w, "tokenizer.ggml.unknown_token_id", (uint32_t)v->unk) ||
	       gguf_writer_add_bool(w, "tokenizer.ggml.add_bos_token", 1) ||
	       gguf_writer_add_bool(w, "tokenizer.ggml.add_eos_token", 0) ? -1 : 0;
}

/* Without a tokenizer: <unk>, <s>, </s>, the 256 byte tokens (the layout of
 * llama2.c's own small SentencePiece vocabularies), then placeholders. */
static int synth_vocab(int32_t n, struct llama2c_vocab *v)
{
	if (vocab_alloc(v, n))
		return -1;
	for (int32_t i = 0; i < n; i++) {
		char buf[32];
		if (i == 0) {
			snprintf(buf, sizeof(buf), "<unk>");
			v->type[i] = TOKTYPE_UNKNOWN;
		} else if (i <= 2) {
			snprintf(buf, sizeof(buf), i == 1 ? "<s>" : "</s>");
			v->type[i] = TOKTYPE_CONTROL;
		} else if (i < 3 + 256) {
			snprintf(buf, sizeof(buf), "<0x%02X>", i - 3);
			v->type[i] = TOKTYPE_BYTE;
		} else {
			snprintf(buf, sizeof(buf), "<tok_%d>", i);
			v->type[i] = TOKTYPE_NORMAL;
			v->score[i] = (float)-(i - 3 - 256);
		}
		v->tok[i] = strdup(buf);
		if (!v->tok[i])
			return -1;
	}
	return 0;
}

/* ---- tensors ---- */

struct conv {
	const float *src;
	int64_t cols, rows;
	uint32_t type;
};

static int fill(void *ud, void *buf, uint64_t size, char *err, size_t errlen)
{
	const struct conv *cv = ud;
	uint64_t row;
	if (quant_row_size(cv->type, cv->cols, &row) || row * (uint64_t)cv->rows != size)
		return fail(-1, err, errlen, "internal size mismatch");
	for (int64_t r = 0; r < cv->rows; r++)
		if (quant_quant_row_ref(cv->type, cv->src + r * cv->cols, (uint8_t *)buf + (uint64_t)r * row, cv->cols))
			return fail(-1, err, errlen, "cannot encode as %s", quant_type_name(cv->type));
	return 0;
}

struct plan {
	struct gguf_writer *w;
	struct conv *convs;
	size_t n_conv, cap_conv;
	uint32_t want;
	const char *model_path;
	const float *base; /* first float after the header, for messages */
	char *err;
	size_t errlen;
};

static int add(struct plan *pl, const char *name, const float *src, int64_t cols, int64_t rows)
{
	int64_t n = cols * rows;
	for (int64_t i = 0; i < n; i++)
		if (!isfinite(src[i]))
			return fail(LLAMA2C_EINPUT, pl->err, pl->errlen,
				    "%s: tensor '%s' element %" PRId64 " (file offset %" PRIu64 ") is not finite", pl->model_path,
				    name, i, (uint64_t)(28 + 4 * (uint64_t)(src + i - pl->base)));
	uint32_t type = pl->want;
	if (rows == 1 || cols % (int64_t)quant_block_size(type))
		type = QUANT_TYPE_F32; /* norms, and rows the blocks do not tile */
	int64_t ne[2] = { cols, rows };
	uint32_t nd = rows == 1 ? 1 : 2;
	int rc;
	if (type == QUANT_TYPE_F32) {
		rc = gguf_writer_add_tensor(pl->w, name, type, nd, ne, src, (uint64_t)n * 4);
	} else {
		/* convs is preallocated for every tensor: pointers stay put */
		struct conv *cv = &pl->convs[pl->n_conv++];
		*cv = (struct conv){ src, cols, rows, type };
		rc = gguf_writer_add_tensor_fill(pl->w, name, type, nd, ne, fill, cv);
	}
	if (rc)
		return fail(LLAMA2C_EINPUT, pl->err, pl->errlen, "%s", gguf_writer_error(pl->w));
	return 0;
}

static uint32_t file_type(uint32_t t)
{
	switch (t) {
	case QUANT_TYPE_F16: return 1;  /* LLAMA_FTYPE_MOSTLY_F16 */
	case QUANT_TYPE_Q4_0: return 2; /* LLAMA_FTYPE_MOSTLY_Q4_0 */
	case QUANT_TYPE_Q8_0: return 7; /* LLAMA_FTYPE_MOSTLY_Q8_0 */
	default: return 0;              /* LLAMA_FTYPE_ALL_F32 */
	}
}

static int add_metadata(struct gguf_writer *w, const struct llama2c_config *c, const struct llama2c_vocab *v, uint32_t type,
			const char *model_path, const char *tokenizer_path)
{
	const char *slash = strrchr(model_path, '/');
	char name[256];
	snprintf(name, sizeof(name), "%s", slash ? slash + 1 : model_path);
	char *dot = strrchr(name, '.');
	if (dot && dot != name)
		*dot = '\0';
	char desc[512];
	if (tokenizer_path)
		snprintf(desc, sizeof(desc), "llama2.c checkpoint %s with tokenizer %s, converted by llama2c-to-gguf",
			 slash ? slash + 1 : model_path, tokenizer_path);
	else
		snprintf(desc, sizeof(desc),
			 "llama2.c checkpoint %s converted by llama2c-to-gguf; no tokenizer was given, so the vocabulary is "
			 "synthesized (<unk>, <s>, </s>, 256 byte tokens, then <tok_N> placeholders): use token ids",
			 slash ? slash + 1 : model_path);
	int32_t head = c->dim / c->n_heads;
	int rc = gguf_writer_add_str(w, "general.architecture", "llama") ||
		 gguf_writer_add_str(w, "general.name", name) ||
		 gguf_writer_add_str(w, "general.description", desc) ||
		 gguf_writer_add_u32(w, "general.file_type", file_type(type)) ||
		 (type != QUANT_TYPE_F32 && type != QUANT_TYPE_F16 &&
		  gguf_writer_add_u32(w, "general.quantization_version", 2)) ||
		 gguf_writer_add_u32(w, "llama.context_length", (uint32_t)c->seq_len) ||
		 gguf_writer_add_u32(w, "llama.embedding_length", (uint32_t)c->dim) ||
		 gguf_writer_add_u32(w, "llama.block_count", (uint32_t)c->n_layers) ||
		 gguf_writer_add_u32(w, "llama.feed_forward_length", (uint32_t)c->hidden_dim) ||
		 gguf_writer_add_u32(w, "llama.attention.head_count", (uint32_t)c->n_heads) ||
		 gguf_writer_add_u32(w, "llama.attention.head_count_kv", (uint32_t)c->n_kv_heads) ||
		 gguf_writer_add_u32(w, "llama.rope.dimension_count", (uint32_t)head) ||
		 gguf_writer_add_f32(w, "llama.attention.layer_norm_rms_epsilon", 1e-5f) ||
		 gguf_writer_add_f32(w, "llama.rope.freq_base", 10000.0f) ||
		 gguf_writer_add_u32(w, "llama.vocab_size", (uint32_t)c->vocab_size) ||
		 gguf_writer_add_str(w, "tokenizer.ggml.model", "llama") ||
		 gguf_writer_add_arr_str(w, "tokenizer.ggml.tokens", (const char *const *)v->tok, NULL, (uint64_t)v->n) ||
		 gguf_writer_add_arr(w, "tokenizer.ggml.scores", GGUF_VTYPE_F32, v->score, (uint64_t)v->n) ||
		 gguf_writer_add_arr(w, "tokenizer.ggml.token_type", GGUF_VTYPE_I32, v->type, (uint64_t)v->n) ||
		 gguf_writer_add_u32(w, "tokenizer.ggml.bos_token_id", (uint32_t)v->bos) ||
		 gguf_writer_add_u32(w, "tokenizer.ggml.eos_token_id", (uint32_t)v->eos) ||
		 gguf_writer_add_u32(w, "tokenizer.ggml.unknown_token_id", (uint32_t)v->unk) ||
		 gguf_writer_add_bool(w, "tokenizer.ggml.add_bos_token", 1) ||
		 gguf_writer_add_bool(w, "tokenizer.ggml.add_eos_token", 0);
	return rc ? -1 : 0;
}

int llama2c_convert(const char *model_path, const char *tokenizer_path, uint32_t type, const char *out_path,
		    char *err, size_t errlen)
{
	if (type != QUANT_TYPE_F32 && type != QUANT_TYPE_F16 && type != QUANT_TYPE_Q8_0 && type != QUANT_TYPE_Q4_0)
		return fail(LLAMA2C_EINPUT, err, errlen, "output type %s is not one of F32, F16, Q8_0, Q4_0",
			    quant_type_name(type));
	const uint8_t *map;
	uint64_t size;
	int rc = map_file(model_path, &map, &size, err, errlen);
	if (rc)
		return rc;
	struct llama2c_config c;
	struct llama2c_vocab v = { 0 };
	struct plan pl = { .want = type, .model_path = model_path, .err = err, .errlen = errlen };
	rc = check_config(model_path, &c, map, size, err, errlen);
	if (rc)
		goto out;
	if (tokenizer_path) {
		rc = read_tokenizer(tokenizer_path, c.vocab_size, &v, err, errlen);
		if (rc)
			goto out;
	} else if (synth_vocab(c.vocab_size, &v)) {
		rc = fail(LLAMA2C_EOUTPUT, err, errlen, "out of memory");
		goto out;
	}

	pl.w = gguf_writer_new();
	size_t n_tensors = 3 + 9 * (size_t)c.n_layers;
	pl.convs = calloc(n_tensors, sizeof(*pl.convs));
	if (!pl.w || !pl.convs) {
		rc = fail(LLAMA2C_EOUTPUT, err, errlen, "out of memory");
		goto out;
	}
	if (add_metadata(pl.w, &c, &v, type, model_path, tokenizer_path)) {
		rc = fail(LLAMA2C_EINPUT, err, errlen, "%s", gguf_writer_error(pl.w));
		goto out;
	}

	/* Walk the checkpoint in file order. */
	int64_t dim = c.dim, hid = c.hidden_dim, L = c.n_layers, vocab = c.vocab_size;
	int64_t kv_dim = dim / c.n_heads * c.n_kv_heads, head = dim / c.n_heads;
	const float *f = (const float *)(const void *)(map + 28);
	pl.base = f;
	const float *emb = f;
	f += vocab * dim;
	const float *attn_norm = f; f += L * dim;
	const float *wq = f; f += L * dim * dim;
	const float *wk = f; f += L * kv_dim * dim;
	const float *wv = f; f += L * kv_dim * dim;
	const float *wo = f; f += L * dim * dim;
	const float *ffn_norm = f; f += L * dim;
	const float *w1 = f; f += L * hid * dim;
	const float *w2 = f; f += L * dim * hid;
	const float *w3 = f; f += L * hid * dim;
	const float *out_norm = f; f += dim;
	f += (int64_t)c.seq_len * head; /* legacy RoPE tables */
	const float *cls = c.shared ? NULL : f;

	rc = add(&pl, "token_embd.weight", emb, dim, vocab);
	for (int64_t l = 0; l < L && !rc; l++) {
		char nm[64];
#define ADD(suffix, ptr, cols, rows) \
		if (!rc) { \
			snprintf(nm, sizeof(nm), "blk.%" PRId64 "." suffix, l); \
			rc = add(&pl, nm, (ptr), (cols), (rows)); \
		}
		ADD("attn_norm.weight", attn_norm + l * dim, dim, 1);
		ADD("attn_q.weight", wq + l * dim * dim, dim, dim);
		ADD("attn_k.weight", wk + l * kv_dim * dim, dim, kv_dim);
		ADD("attn_v.weight", wv + l * kv_dim * dim, dim, kv_dim);
		ADD("attn_output.weight", wo + l * dim * dim, dim, dim);
		ADD("ffn_norm.weight", ffn_norm + l * dim, dim, 1);
		ADD("ffn_gate.weight", w1 + l * hid * dim, dim, hid);
		ADD("ffn_down.weight", w2 + l * dim * hid, hid, dim);
		ADD("ffn_up.weight", w3 + l * hid * dim, dim, hid);
#undef ADD
	}
	if (!rc)
		rc = add(&pl, "output_norm.weight", out_norm, dim, 1);
	if (!rc && cls)
		rc = add(&pl, "output.weight", cls, dim, vocab);
	if (rc)
		goto out;

	if (gguf_writer_write(pl.w, out_path, err, errlen))
		rc = LLAMA2C_EOUTPUT;
out:
	gguf_writer_free(pl.w);
	free(pl.convs);
	vocab_free(&v);
	munmap((void *)map, (size_t)size);
	return rc;
}
