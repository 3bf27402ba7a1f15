/*
 * tok: SentencePiece BPE and byte-level BPE over a GGUF vocabulary. See
 * tok.h.
 *
 * Pieces live in one arena; a hash table (open addressing, FNV-1a) maps a
 * piece's bytes to its id for the pieces text may produce (normal and
 * user-defined). Merges come from a priority queue of candidate pairs, so
 * encoding n characters costs O(n log n), not O(n^2): a long document
 * tokenizes in milliseconds. Byte-level BPE ranks pairs of ids through a
 * second hash table built from tokenizer.ggml.merges, and cuts text into
 * words first (pretok.h).
 */
#include "engine/tok.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/gguf.h"
#include "engine/pretok.h"
#include "engine/ucat.h"

#define TOK_MAX_VOCAB (1 << 22)
#define TOK_MAX_PIECE 1024
#define TOK_MAX_MERGES (1 << 23)

/* A merge of two vocabulary ids: its rank (its index in
 * tokenizer.ggml.merges) and the id of the joined piece. */
struct merge_slot {
	uint64_t key; /* left id << 32 | right id; UINT64_MAX when empty */
	int32_t rank, id;
};

struct tok {
	int32_t n;
	char **text;       /* NUL-terminated pieces (into arena) */
	uint32_t *len;
	float *score;
	uint8_t *type;
	char *arena;
	int32_t *table;    /* hash slots: id or -1 */
	uint32_t table_mask;
	int32_t byte_id[256]; /* the token of each byte (<0xNN>, or its
				 byte-level character under BPE), -1 if none */
	int32_t bos, eos, unk, eot;
	int add_bos, add_space;
	/* byte-level BPE (tokenizer.ggml.model "gpt2") when pre is set */
	enum pretok_kind pre;
	int ignore_merges; /* a word that is a piece goes out whole */
	/* Gemma 4's BPE (tokenizer.ggml.model "gemma4"): ranked merges over
	 * the raw UTF-8 characters of text whose spaces became "▁", byte
	 * tokens <0xXX> for characters without a piece */
	int raw_bpe;
	struct merge_slot *merges;
	uint32_t merge_mask;
	/* control and user-defined tokens, longest first: what special
	 * parsing cuts text at */
	int32_t *special;
	int32_t n_special;
};

static uint32_t fnv(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= (uint8_t)s[i];
		h *= 16777619u;
	}
	return h;
}

static int32_t lookup(const struct tok *t, const char *s, size_t n)
{
	for (uint32_t i = fnv(s, n) & t->table_mask;; i = (i + 1) & t->table_mask) {
		int32_t id = t->table[i];
		if (id < 0)
			return -1;
		if (t->len[id] == n && memcmp(t->text[id], s, n) == 0)
			return id;
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* "<0xNN>" -> NN, else -1 */
static int byte_piece(const char *s, size_t n)
{
	if (n != 6 || memcmp(s, "<0x", 3) || s[5] != '>')
		return -1;
	int a = hexval(s[3]), b = hexval(s[4]);
	return a < 0 || b < 0 ? -1 : a * 16 + b;
}

static int get_id(const struct gguf_ctx *g, const char *key, int32_t def, int32_t n, int32_t *out)
{
	uint32_t v;
	*out = def;
	if (gguf_find_key(g, key) < 0)
		return 0;
	if (gguf_get_u32(g, key, &v, NULL, 0) != 0)
		return -1;
	/* llama.cpp ignores an id outside the vocabulary; so do we */
	*out = v < (uint32_t)n ? (int32_t)v : def;
	return 0;
}

/* The code point byte b stands for in byte-level BPE text (GPT-2's
 * bytes_to_unicode): printable Latin-1 bytes stand for themselves, the 68
 * others, in order, for U+0100 onwards (space is U+0120 "Ġ"). */
static uint32_t bpe_byte_cp(uint8_t b)
{
	if ((b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE)
		return b;
	if (b <= 0x20)
		return 0x100u + b;
	if (b <= 0xA0)
		return 0x100u + 0x21 + (b - 0x7Fu);
	return 0x100u + 0x43; /* 0xAD */
}

/* The inverse: the byte code point cp stands for, or -1. */
static int bpe_cp_byte(uint32_t cp)
{
	if (cp < 0x100)
		return bpe_byte_cp((uint8_t)cp) == cp ? (int)cp : -1;
	for (int b = 0; b < 256; b++) /* only the 68 remapped bytes get here */
		if (bpe_byte_cp((uint8_t)b) == cp)
			return b;
	return -1;
}

/* cp (< 0x800) as UTF-8 into s; returns the length. */
static size_t put_cp2(char *s, uint32_t cp)
{
	if (cp < 0x80) {
		s[0] = (char)cp;
		return 1;
	}
	s[0] = (char)(0xC0 | cp >> 6);
	s[1] = (char)(0x80 | (cp & 0x3F));
	return 2;
}

static uint64_t merge_hash(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return k;
}

static const struct merge_slot *merge_find(const struct tok *t, int32_t left, int32_t right)
{
	uint64_t key = (uint64_t)(uint32_t)left << 32 | (uint32_t)right;
	for (uint32_t i = (uint32_t)merge_hash(key) & t->merge_mask;; i = (i + 1) & t->merge_mask) {
		if (t->merges[i].key == key)
			return &t->merges[i];
		if (t->merges[i].key == UINT64_MAX)
			return NULL;
	}
}

/* Reads tokenizer.ggml.merges into the pair table. A merge must hold a
 * space at or after byte 1 (so a left half may itself start with the
 * byte-level space); a merge whose halves or result are not pieces can
 * never apply to ids and is left out; of repeated pairs the first (lowest
 * rank) wins. */
static int load_merges(struct tok *t, const struct gguf_ctx *g, char *err, size_t errlen)
{
	enum gguf_vtype et;
	uint64_t count;
	const void *data;
	if (gguf_find_key(g, "tokenizer.ggml.merges") < 0) {
		snprintf(err, errlen, "byte-level BPE needs tokenizer.ggml.merges, which the file lacks");
		return -1;
	}
	if (gguf_get_arr(g, "tokenizer.ggml.merges", &et, &count, &data, err, errlen) != 0)
		return -1;
	if (et != GGUF_VTYPE_STRING || count > TOK_MAX_MERGES) {
		snprintf(err, errlen, "tokenizer.ggml.merges: need at most %d strings", TOK_MAX_MERGES);
		return -1;
	}
	uint32_t slots = 2;
	while (slots < 2 * count)
		slots <<= 1;
	t->merges = malloc((size_t)slots * sizeof(*t->merges));
	if (!t->merges) {
		snprintf(err, errlen, "out of memory reading %llu merges", (unsigned long long)count);
		return -1;
	}
	memset(t->merges, 0xff, (size_t)slots * sizeof(*t->merges));
	t->merge_mask = slots - 1;
	char joined[2 * TOK_MAX_PIECE];
	for (uint64_t i = 0; i < count; i++) {
		size_t l = 0;
		const char *s = gguf_get_arr_str(g, "tokenizer.ggml.merges", i, &l);
		const char *sp = s && l > 1 ? memchr(s + 1, ' ', l - 1) : NULL;
		if (!sp) {
			snprintf(err, errlen, "tokenizer.ggml.merges[%llu]: '%.40s' is not two pieces split by a space",
				 (unsigned long long)i, s ? s : "");
			return -1;
		}
		size_t ll = (size_t)(sp - s), rl = l - ll - 1;
		if (ll > TOK_MAX_PIECE || rl > TOK_MAX_PIECE)
			continue;
		int32_t left = lookup(t, s, ll), right = lookup(t, sp + 1, rl);
		memcpy(joined, s, ll);
		memcpy(joined + ll, sp + 1, rl);
		int32_t id = ll + rl <= TOK_MAX_PIECE ? lookup(t, joined, ll + rl) : -1;
		if (left < 0 || right < 0 || id < 0)
			continue;
		uint64_t key = (uint64_t)(uint32_t)left << 32 | (uint32_t)right;
		uint32_t h = (uint32_t)merge_hash(key) & t->merge_mask;
		while (t->merges[h].key != UINT64_MAX && t->merges[h].key != key)
			h = (h + 1) & t->merge_mask;
		if (t->merges[h].key == UINT64_MAX)
			t->merges[h] = (struct merge_slot){ key, (int32_t)i, id };
	}
	return 0;
}

static int special_longer(const void *a, const void *b, void *arg)
{
	const struct tok *t = arg;
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	if (t->len[x] != t->len[y])
		return t->len[x] > t->len[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* The control and user-defined tokens, longest first, as llama.cpp tries
 * them when it cuts text at special tokens. */
static int collect_special(struct tok *t)
{
	t->special = malloc((size_t)t->n * sizeof(int32_t));
	if (!t->special)
		return -1;
	for (int32_t i = 0; i < t->n; i++)
		if ((t->type[i] == TOK_TYPE_CONTROL || t->type[i] == TOK_TYPE_USER) && t->len[i] > 0)
			t->special[t->n_special++] = i;
	qsort_r(t->special, (size_t)t->n_special, sizeof(int32_t), special_longer, t);
	return 0;
}

int tok_new_gguf(const struct gguf_ctx *g, struct tok **out, char *err, size_t errlen)
{
	*out = NULL;
	const char *model = NULL, *pre = NULL;
	enum pretok_kind kind = PRETOK_NONE;
	int raw = 0;
	if (gguf_get_str(g, "tokenizer.ggml.model", &model, NULL, NULL, 0) != 0) {
		snprintf(err, errlen, "the file has no tokenizer (tokenizer.ggml.model)");
		return -1;
	}
	if (strcmp(model, "gpt2") == 0) {
		if (gguf_find_key(g, "tokenizer.ggml.pre") < 0 ||
		    gguf_get_str(g, "tokenizer.ggml.pre", &pre, NULL, NULL, 0) != 0) {
			snprintf(err, errlen, "byte-level BPE tokenizer without tokenizer.ggml.pre is not supported");
			return -1;
		}
		kind = pretok_lookup(pre);
		if (kind == PRETOK_NONE) {
			snprintf(err, errlen,
				 "BPE pre-tokenizer '%.64s' is not supported (the gpt-2, llama-bpe/llama3, qwen2, qwen35, smollm, "
				 "starcoder, refact, command-r, mpt, falcon, deepseek-llm, deepseek-coder and tekken kinds are)",
				 pre);
			return -1;
		}
	} else if (strcmp(model, "gemma4") == 0) {
		raw = 1; /* its tokenizer.ggml.pre ("gemma4") names nothing else */
	} else if (strcmp(model, "llama") != 0) {
		snprintf(err, errlen,
			 "tokenizer model '%.64s' is not supported (only 'llama', SentencePiece, 'gpt2', byte-level BPE, "
			 "and 'gemma4')",
			 model);
		return -1;
	}
	enum gguf_vtype et;
	uint64_t count;
	const void *data;
	if (gguf_get_arr(g, "tokenizer.ggml.tokens", &et, &count, &data, err, errlen) != 0)
		return -1;
	if (et != GGUF_VTYPE_STRING || count == 0 || count > TOK_MAX_VOCAB) {
		snprintf(err, errlen, "tokenizer.ggml.tokens: need 1..%d strings", TOK_MAX_VOCAB);
		return -1;
	}
	int64_t ks = gguf_find_key(g, "tokenizer.ggml.scores");
	int64_t kt = gguf_find_key(g, "tokenizer.ggml.token_type");
	if (ks >= 0 && (gguf_kv_type(g, ks) != GGUF_VTYPE_ARRAY || gguf_kv_arr_count(g, ks) != count)) {
		snprintf(err, errlen, "tokenizer.ggml.scores: need an array of %llu numbers", (unsigned long long)count);
		return -1;
	}
	if (kt >= 0 && (gguf_kv_type(g, kt) != GGUF_VTYPE_ARRAY || gguf_kv_arr_count(g, kt) != count)) {
		snprintf(err, errlen, "tokenizer.ggml.token_type: need an array of %llu numbers", (unsigned long long)count);
		return -1;
	}
	struct tok *t = calloc(1, sizeof(*t));
	if (!t)
		goto oom;
	t->n = (int32_t)count;
	size_t total = 0;
	for (uint64_t i = 0; i < count; i++) {
		size_t l = 0;
		gguf_get_arr_str(g, "tokenizer.ggml.tokens", i, &l);
		total += l + 1;
	}
	t->text = calloc(count, sizeof(char *));
	t->len = calloc(count, sizeof(uint32_t));
	t->score = calloc(count, sizeof(float));
	t->type = calloc(count, 1);
	t->arena = malloc(total ? total : 1);
	uint32_t slots = 1;
	while (slots < 2 * count)
		slots <<= 1;
	t->table = malloc((size_t)slots * sizeof(int32_t));
	if (!t->text || !t->len || !t->score || !t->type || !t->arena || !t->table)
		goto oom;
	t->table_mask = slots - 1;
	memset(t->table, 0xff, (size_t)slots * sizeof(int32_t));
	for (int i = 0; i < 256; i++)
		t->byte_id[i] = -1;
	char *p = t->arena;
	for (uint64_t i = 0; i < count; i++) {
		size_t l = 0;
		const char *s = gguf_get_arr_str(g, "tokenizer.ggml.tokens", i, &l);
		memcpy(p, s, l);
		p[l] = 0;
		t->text[i] = p;
		t->len[i] = (uint32_t)l;
		p += l + 1;
		t->score[i] = ks >= 0 ? (float)gguf_kv_arr_f64(g, ks, i) : 0.0f;
		int64_t ty = kt >= 0 ? gguf_kv_arr_i64(g, kt, i) : TOK_TYPE_NORMAL;
		t->type[i] = (uint8_t)(ty >= 1 && ty <= 6 ? ty : TOK_TYPE_NORMAL);
		int b = kind == PRETOK_NONE ? byte_piece(s, l) : -1;
		if (b >= 0 && (t->type[i] == TOK_TYPE_BYTE || kt < 0) && t->byte_id[b] < 0)
			t->byte_id[b] = (int32_t)i;
		if (b >= 0 && kt < 0)
			t->type[i] = TOK_TYPE_BYTE;
		/* Only pieces plain text may turn into are looked up; the first
		 * of duplicate pieces wins. */
		if ((t->type[i] == TOK_TYPE_NORMAL || t->type[i] == TOK_TYPE_USER) && l > 0 && l <= TOK_MAX_PIECE &&
		    lookup(t, s, l) < 0) {
			uint32_t h = fnv(s, l) & t->table_mask;
			while (t->table[h] >= 0)
				h = (h + 1) & t->table_mask;
			t->table[h] = (int32_t)i;
		}
	}
	/* SentencePiece defaults to <s> = 1, </s> = 2, <unk> = 0; a BPE
	 * vocabulary has no usual places, so its ids come only from keys */
	int spm = kind == PRETOK_NONE && !raw;
	if (get_id(g, "tokenizer.ggml.bos_token_id", spm && count > 1 ? 1 : -1, t->n, &t->bos) ||
	    get_id(g, "tokenizer.ggml.eos_token_id", spm && count > 2 ? 2 : -1, t->n, &t->eos) ||
	    get_id(g, "tokenizer.ggml.unknown_token_id", spm ? 0 : -1, t->n, &t->unk) ||
	    get_id(g, "tokenizer.ggml.eot_token_id", -1, t->n, &t->eot)) {
		snprintf(err, errlen, "tokenizer.ggml.*_token_id: need an unsigned integer");
		tok_free(t);
		return -1;
	}
	/* llama.cpp: BOS by default for SentencePiece and the Llama 3 and
	 * Tekken kinds, which also take a word that is a whole piece without
	 * merging */
	t->pre = kind;
	t->add_bos = spm || kind == PRETOK_LLAMA3 || kind == PRETOK_TEKKEN;
	t->ignore_merges = kind == PRETOK_LLAMA3 || kind == PRETOK_TEKKEN;
	t->add_space = spm;
	t->raw_bpe = raw;
	int v;
	if (gguf_find_key(g, "tokenizer.ggml.add_bos_token") >= 0 &&
	    gguf_get_bool(g, "tokenizer.ggml.add_bos_token", &v, NULL, 0) == 0)
		t->add_bos = v;
	if (raw) /* llama.cpp forces BOS for Gemma 4 whatever the file says */
		t->add_bos = 1;
	if (spm && gguf_find_key(g, "tokenizer.ggml.add_space_prefix") >= 0 &&
	    gguf_get_bool(g, "tokenizer.ggml.add_space_prefix", &v, NULL, 0) == 0)
		t->add_space = v;
	if (raw && load_merges(t, g, err, errlen)) {
		tok_free(t);
		return -1;
	}
	if (!spm && !raw) {
		for (int b = 0; b < 256; b++) {
			char c[2];
			t->byte_id[b] = lookup(t, c, put_cp2(c, bpe_byte_cp((uint8_t)b)));
		}
		if (load_merges(t, g, err, errlen)) {
			tok_free(t);
			return -1;
		}
	}
	if (collect_special(t))
		goto oom;
	*out = t;
	return 0;
oom:
	tok_free(t);
	snprintf(err, errlen, "out of memory building the tokenizer");
	return -1;
}

void tok_free(struct tok *t)
{
	if (!t)
		return;
	free(t->text);
	free(t->len);
	free(t->score);
	free(t->type);
	free(t->arena);
	free(t->table);
	free(t->merges);
	free(t->special);
	free(t);
}

int32_t tok_n_vocab(const struct tok *t) { return t->n; }
int32_t tok_bos(const struct tok *t) { return t->bos; }
int32_t tok_eos(const struct tok *t) { return t->eos; }
int32_t tok_unk(const struct tok *t) { return t->unk; }
int32_t tok_eot(const struct tok *t) { return t->eot; }
int tok_add_bos(const struct tok *t) { return t->add_bos; }

const char *tok_text(const struct tok *t, int32_t id)
{
	return id >= 0 && id < t->n ? t->text[id] : NULL;
}

int tok_type_of(const struct tok *t, int32_t id)
{
	return id >= 0 && id < t->n ? t->type[id] : 0;
}

int32_t tok_special_id(const struct tok *t, const char *text, size_t len)
{
	/* the special list is short, and of equal texts its lower id first */
	for (int32_t k = 0; k < t->n_special; k++) {
		int32_t id = t->special[k];
		if (t->len[id] == len && !memcmp(t->text[id], text, len))
			return id;
	}
	return -1;
}

/* ---- encode ---- */

struct sym {
	uint32_t start, len;
	int32_t prev, next; /* -1 at the ends */
	int32_t id;         /* vocabulary id of the symbol, -1 if none */
};

static int utf8_len(uint8_t c)
{
	if (c < 0x80)
		return 1;
	if ((c & 0xE0) == 0xC0)
		return 2;
	if ((c & 0xF0) == 0xE0)
		return 3;
	if ((c & 0xF8) == 0xF0)
		return 4;
	return 1; /* a stray continuation or invalid lead byte stands alone */
}

/* A candidate merge of symbols left and right (adjacent when pushed) into
 * vocabulary piece id. The heap pops the highest score first and, among
 * equal scores, the leftmost pair: SentencePiece's order. Entries are not
 * removed when a neighbour merges; a popped entry whose symbols changed
 * since (lengths no longer add up, or no longer adjacent) is skipped. */
struct cand {
	float score;
	int32_t left, right, id;
	uint32_t len;
};

static int cand_before(const struct cand *a, const struct cand *b)
{
	return a->score > b->score || (a->score == b->score && a->left < b->left);
}

static void heap_push(struct cand *h, int32_t *n, struct cand c)
{
	int32_t i = (*n)++;
	while (i > 0 && cand_before(&c, &h[(i - 1) / 2])) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = c;
}

static struct cand heap_pop(struct cand *h, int32_t *n)
{
	struct cand top = h[0], last = h[--(*n)];
	int32_t i = 0;
	for (;;) {
		int32_t c = 2 * i + 1;
		if (c >= *n)
			break;
		if (c + 1 < *n && cand_before(&h[c + 1], &h[c]))
			c++;
		if (!cand_before(&h[c], &last))
			break;
		h[i] = h[c];
		i = c;
	}
	if (*n > 0)
		h[i] = last;
	return top;
}

static void push_pair(const struct tok *t, const char *buf, const struct sym *s, int32_t i, struct cand *h,
		      int32_t *nh)
{
	int32_t j = s[i].next;
	if (j < 0)
		return;
	size_t n = (size_t)s[i].len + s[j].len;
	if (n > TOK_MAX_PIECE)
		return;
	int32_t id = lookup(t, buf + s[i].start, n);
	if (id >= 0)
		heap_push(h, nh, (struct cand){ t->score[id], i, j, id, (uint32_t)n });
}

/* Byte-level BPE's candidate for symbol i and the next: the merge of
 * their ids, scored minus its rank so that the lowest rank comes first. */
static void bpe_push_pair(const struct tok *t, const char *buf, const struct sym *s, int32_t i, struct cand *h,
			  int32_t *nh)
{
	(void)buf;
	int32_t j = s[i].next;
	/* a symbol without a piece (Gemma 4's unknown characters) never merges */
	const struct merge_slot *m = j >= 0 && s[i].id >= 0 && s[j].id >= 0 ? merge_find(t, s[i].id, s[j].id) : NULL;
	if (m)
		heap_push(h, nh, (struct cand){ -(float)m->rank, i, j, m->id, s[i].len + s[j].len });
}

typedef void push_fn(const struct tok *t, const char *buf, const struct sym *s, int32_t i, struct cand *h,
		     int32_t *nh);

/* The merge loop both kinds share: candidates for every adjacent pair of
 * the ns symbols, then the best one merged until none is left, with the
 * new pairs on either side of each merge pushed. */
static void merge_loop(const struct tok *t, const char *buf, struct sym *s, int32_t ns, struct cand *h, push_fn *push)
{
	int32_t nh = 0;
	for (int32_t i = 0; i < ns; i++)
		push(t, buf, s, i, h, &nh);
	while (nh > 0) {
		struct cand c = heap_pop(h, &nh);
		struct sym *l = &s[c.left], *r = &s[c.right];
		if (l->len == 0 || l->next != c.right || l->len + r->len != c.len)
			continue; /* stale */
		l->len += r->len;
		l->id = c.id;
		l->next = r->next;
		if (r->next >= 0)
			s[r->next].prev = c.left;
		r->len = 0;
		if (l->prev >= 0)
			push(t, buf, s, l->prev, h, &nh);
		push(t, buf, s, c.left, h, &nh);
	}
}

static int emit(int32_t *ids, int max, int n, int32_t id)
{
	if (n < max)
		ids[n] = id;
	return n + 1;
}

/* SentencePiece: appends the ids of len > 0 bytes of text after the n
 * already there; returns the new count, or -1. */
static int spm_encode(const struct tok *t, const char *text, size_t len, int32_t *ids, int max, int n,
		      char *err, size_t errlen)
{
	/* every input byte may become 3 ("▁"), plus the prefix */
	if (len > (size_t)(INT32_MAX / 4) - 4) {
		snprintf(err, errlen, "text too long to tokenize (%zu bytes)", len);
		return -1;
	}
	size_t cap = len * 3 + 3;
	char *buf = malloc(cap);
	struct sym *s = malloc((len + 1) * sizeof(*s));
	/* one candidate per initial pair, at most two more per merge */
	struct cand *h = malloc((len + 1) * 3 * sizeof(*h));
	if (!buf || !s || !h) {
		free(buf);
		free(s);
		free(h);
		snprintf(err, errlen, "out of memory tokenizing %zu bytes", len);
		return -1;
	}
	size_t bl = 0;
	static const char sp[3] = { (char)0xE2, (char)0x96, (char)0x81 };
	if (t->add_space) {
		memcpy(buf, sp, 3);
		bl = 3;
	}
	for (size_t i = 0; i < len; i++) {
		if (text[i] == ' ') {
			memcpy(buf + bl, sp, 3);
			bl += 3;
		} else {
			buf[bl++] = text[i];
		}
	}
	int32_t ns = 0;
	for (size_t i = 0; i < bl;) {
		size_t l = (size_t)utf8_len((uint8_t)buf[i]);
		if (i + l > bl)
			l = 1;
		/* a lead byte followed by non-continuation bytes is invalid:
		 * take it alone so it goes out as a byte token */
		for (size_t k = 1; k < l; k++)
			if (((uint8_t)buf[i + k] & 0xC0) != 0x80) {
				l = 1;
				break;
			}
		s[ns].start = (uint32_t)i;
		s[ns].len = (uint32_t)l;
		s[ns].prev = ns - 1;
		s[ns].next = -1;
		if (ns > 0)
			s[ns - 1].next = ns;
		s[ns].id = lookup(t, buf + i, l);
		ns++;
		i += l;
	}
	merge_loop(t, buf, s, ns, h, push_pair);
	for (int32_t i = 0; ns > 0 && i >= 0; i = s[i].next) {
		if (s[i].id >= 0) {
			n = emit(ids, max, n, s[i].id);
			continue;
		}
		for (uint32_t k = 0; k < s[i].len; k++) {
			int32_t b = t->byte_id[(uint8_t)buf[s[i].start + k]];
			n = emit(ids, max, n, b >= 0 ? b : t->unk);
		}
	}
	free(buf);
	free(s);
	free(h);
	return n;
}

/* Byte-level BPE of one word (wl > 0 bytes), appended after n ids.
 * enc, sym and heap are scratch sized for the word: 2 * wl bytes, wl
 * symbols and 3 * wl candidates. Symbols hold ids: every byte has a
 * token, and a merge's result is a piece (load_merges), so a word never
 * holds a symbol outside the vocabulary. */
static int bpe_word(const struct tok *t, const char *w, size_t wl, char *enc, struct sym *s, struct cand *h,
		    int32_t *ids, int max, int n, char *err, size_t errlen)
{
	size_t el = 0;
	int32_t ns = 0;
	for (size_t i = 0; i < wl; i++) {
		uint8_t b = (uint8_t)w[i];
		if (t->byte_id[b] < 0) {
			snprintf(err, errlen, "the vocabulary has no token for byte 0x%02x", b);
			return -1;
		}
		size_t k = put_cp2(enc + el, bpe_byte_cp(b));
		s[ns] = (struct sym){ (uint32_t)el, (uint32_t)k, ns - 1, -1, t->byte_id[b] };
		if (ns > 0)
			s[ns - 1].next = ns;
		ns++;
		el += k;
	}
	if (t->ignore_merges && el <= TOK_MAX_PIECE) {
		int32_t id = lookup(t, enc, el);
		if (id >= 0)
			return emit(ids, max, n, id);
	}
	merge_loop(t, enc, s, ns, h, bpe_push_pair);
	for (int32_t i = 0; i >= 0; i = s[i].next)
		n = emit(ids, max, n, s[i].id);
	return n;
}

/* Byte-level BPE: cuts len > 0 bytes of text into words and appends
 * their ids after n; returns the new count, or -1. */
static int bpe_encode(const struct tok *t, const char *text, size_t len, int32_t *ids, int max, int n,
		      char *err, size_t errlen)
{
	if (len > (size_t)(INT32_MAX / 4) - 4) {
		snprintf(err, errlen, "text too long to tokenize (%zu bytes)", len);
		return -1;
	}
	uint32_t *cp = malloc(len * sizeof(*cp));
	uint32_t *off = malloc((len + 1) * sizeof(*off));
	uint32_t *ends = malloc(2 * len * sizeof(*ends));
	char *enc = malloc(2 * len);
	struct sym *s = malloc(len * sizeof(*s));
	struct cand *h = malloc(len * 3 * sizeof(*h));
	if (!cp || !off || !ends || !enc || !s || !h) {
		snprintf(err, errlen, "out of memory tokenizing %zu bytes", len);
		n = -1;
		goto done;
	}
	size_t nc = 0;
	for (size_t i = 0; i < len; nc++) {
		off[nc] = (uint32_t)i;
		i += ucat_decode(text + i, len - i, &cp[nc]);
	}
	off[nc] = (uint32_t)len;
	size_t np = nc ? pretok_split(t->pre, cp, nc, ends, ends + len) : 0;
	for (size_t p = 0, i = 0; p < np && n >= 0; p++) {
		size_t k = ends[p] - i;
		assert(k >= 1 && i + k <= nc);
		n = bpe_word(t, text + off[i], off[i + k] - off[i], enc, s, h, ids, max, n, err, errlen);
		i += k;
	}
done:
	free(cp);
	free(off);
	free(ends);
	free(enc);
	free(s);
	free(h);
	return n;
}

/* One UTF-8 character's length at s[0..n) (invalid bytes stand alone). */
static size_t char_len(const char *s, size_t n)
{
	size_t l = (size_t)utf8_len((uint8_t)s[0]);
	if (l > n)
		return 1;
	for (size_t k = 1; k < l; k++)
		if (((uint8_t)s[k] & 0xC0) != 0x80)
			return 1;
	return l;
}

/* Gemma 4 (llama.cpp's reading): spaces become "▁"; the text is cut into
 * runs of newlines and runs of anything else ([^\n]+|[\n]+); a run of
 * newlines that is a piece goes out whole; otherwise the run's characters
 * are merged by rank, lowest first, leftmost on ties, and a character
 * without a piece goes out as its bytes' <0xXX> tokens (or unknown). */
static int raw_bpe_encode(const struct tok *t, const char *text, size_t len, int32_t *ids, int max, int n,
			  char *err, size_t errlen)
{
	if (len > (size_t)(INT32_MAX / 4) - 4) {
		snprintf(err, errlen, "text too long to tokenize (%zu bytes)", len);
		return -1;
	}
	char *buf = malloc(len * 3);
	struct sym *s = malloc(len * sizeof(*s));
	struct cand *h = malloc(len * 3 * sizeof(*h));
	if (!buf || !s || !h) {
		free(buf), free(s), free(h);
		snprintf(err, errlen, "out of memory tokenizing %zu bytes", len);
		return -1;
	}
	size_t bl = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == ' ') {
			memcpy(buf + bl, "\xe2\x96\x81", 3);
			bl += 3;
		} else {
			buf[bl++] = text[i];
		}
	}
	for (size_t a = 0; a < bl;) {
		int nl = buf[a] == '\n';
		size_t b = a;
		while (b < bl && (buf[b] == '\n') == nl)
			b++;
		int32_t whole = nl && b - a <= TOK_MAX_PIECE ? lookup(t, buf + a, b - a) : -1;
		if (whole >= 0) {
			n = emit(ids, max, n, whole);
			a = b;
			continue;
		}
		int32_t ns = 0;
		for (size_t i = a; i < b;) {
			size_t l = char_len(buf + i, b - i);
			s[ns] = (struct sym){ (uint32_t)i, (uint32_t)l, ns - 1, -1, lookup(t, buf + i, l) };
			if (ns > 0)
				s[ns - 1].next = ns;
			ns++;
			i += l;
		}
		/* symbols index from 0 here; offsets stay absolute in buf */
		merge_loop(t, buf, s, ns, h, bpe_push_pair);
		for (int32_t i = 0; i >= 0; i = s[i].next) {
			if (s[i].id >= 0) {
				n = emit(ids, max, n, s[i].id);
				continue;
			}
			for (uint32_t k = 0; k < s[i].len; k++) {
				int32_t id = t->byte_id[(uint8_t)buf[s[i].start + k]];
				if (id < 0)
					id = t->unk;
				if (id >= 0)
					n = emit(ids, max, n, id);
			}
		}
		a = b;
	}
	free(buf);
	free(s);
	free(h);
	return n;
}

static int encode_text(const struct tok *t, const char *text, size_t len, int32_t *ids, int max, int n,
		       char *err, size_t errlen)
{
	if (len == 0)
		return n;
	if (t->raw_bpe)
		return raw_bpe_encode(t, text, len, ids, max, n, err, errlen);
	return t->pre == PRETOK_NONE ? spm_encode(t, text, len, ids, max, n, err, errlen)
				     : bpe_encode(t, text, len, ids, max, n, err, errlen);
}

/* Cuts text at the special tokens, as llama.cpp does: longest token
 * first, each occurrence inside text no longer token claimed, left to
 * right; what stays between goes through the model's encoder. */
static int encode_special(const struct tok *t, const char *text, size_t len, int32_t *ids, int max, int n,
			  char *err, size_t errlen)
{
	/* claim[i]: -1 text, else the token starting at i, or -2 inside one */
	int32_t *claim = malloc((len ? len : 1) * sizeof(int32_t));
	if (!claim) {
		snprintf(err, errlen, "out of memory tokenizing %zu bytes", len);
		return -1;
	}
	for (size_t i = 0; i < len; i++)
		claim[i] = -1;
	for (int32_t k = 0; k < t->n_special; k++) {
		int32_t id = t->special[k];
		size_t sl = t->len[id];
		for (size_t i = 0; i + sl <= len;) {
			const char *f = memmem(text + i, len - i, t->text[id], sl);
			if (!f)
				break;
			size_t at = (size_t)(f - text), j = 0;
			while (j < sl && claim[at + j] == -1)
				j++;
			if (j < sl) { /* overlaps a token claimed before */
				i = at + 1;
				continue;
			}
			claim[at] = id;
			for (j = 1; j < sl; j++)
				claim[at + j] = -2;
			i = at + sl;
		}
	}
	for (size_t i = 0; i < len && n >= 0;) {
		if (claim[i] >= 0) {
			n = emit(ids, max, n, claim[i]);
			i += t->len[claim[i]];
			continue;
		}
		size_t j = i;
		while (j < len && claim[j] == -1)
			j++;
		n = encode_text(t, text + i, j - i, ids, max, n, err, errlen);
		i = j;
	}
	free(claim);
	return n;
}

int tok_encode_special(const struct tok *t, const char *text, size_t len, int add_bos, int special, int32_t *ids,
		       int max, char *err, size_t errlen)
{
	int n = 0;
	if (add_bos && t->bos >= 0)
		n = emit(ids, max, n, t->bos);
	if (special && t->n_special > 0 && len > 0)
		return encode_special(t, text, len, ids, max, n, err, errlen);
	return encode_text(t, text, len, ids, max, n, err, errlen);
}

int tok_encode(const struct tok *t, const char *text, size_t len, int add_bos, int32_t *ids, int max,
	       char *err, size_t errlen)
{
	return tok_encode_special(t, text, len, add_bos, 0, ids, max, err, errlen);
}

/* ---- decode ---- */

static int put(char *buf, size_t buflen, size_t at, const char *s, size_t n)
{
	if (at < buflen)
		memcpy(buf + at, s, at + n <= buflen ? n : buflen - at);
	return (int)n;
}

/* A byte-level piece's bytes: each character of the alphabet gives its
 * byte back; any other character (which a well-formed vocabulary never
 * holds) is copied as it is. */
static int bpe_piece(const struct tok *t, int32_t id, char *buf, size_t buflen)
{
	const char *s = t->text[id];
	size_t n = t->len[id], out = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = ucat_decode(s + i, n - i, &cp);
		int b = bpe_cp_byte(cp);
		if (b >= 0) {
			char c = (char)b;
			out += (size_t)put(buf, buflen, out, &c, 1);
		} else {
			out += (size_t)put(buf, buflen, out, s + i, k);
		}
		i += k;
	}
	return (int)out;
}

int tok_piece(const struct tok *t, int32_t prev, int32_t id, char *buf, size_t buflen)
{
	if (id < 0 || id >= t->n)
		return -1;
	uint8_t ty = t->type[id];
	if (ty == TOK_TYPE_BYTE) {
		int b = byte_piece(t->text[id], t->len[id]);
		if (b >= 0) {
			char c = (char)b;
			return put(buf, buflen, 0, &c, 1);
		}
	}
	if (ty == TOK_TYPE_CONTROL)
		return 0;
	if (t->pre != PRETOK_NONE && ty != TOK_TYPE_USER)
		return bpe_piece(t, id, buf, buflen);
	const char *s = t->text[id];
	size_t n = t->len[id], out = 0;
	int strip = t->add_space && (prev < 0 || prev == t->bos);
	for (size_t i = 0; i < n;) {
		if (i + 3 <= n && (uint8_t)s[i] == 0xE2 && (uint8_t)s[i + 1] == 0x96 && (uint8_t)s[i + 2] == 0x81) {
			if (!(strip && i == 0))
				out += (size_t)put(buf, buflen, out, " ", 1);
			i += 3;
		} else {
			out += (size_t)put(buf, buflen, out, s + i, 1);
			i++;
		}
	}
	return (int)out;
}

int64_t tok_decode(const struct tok *t, const int32_t *ids, int n, char *buf, size_t buflen)
{
	size_t at = 0;
	for (int i = 0; i < n; i++) {
		int32_t prev = i > 0 ? ids[i - 1] : -1;
		int k = tok_piece(t, prev, ids[i], at < buflen ? buf + at : NULL, at < buflen ? buflen - at : 0);
		if (k < 0)
			return -1;
		at += (size_t)k;
	}
	if (buflen)
		buf[at < buflen ? at : buflen - 1] = 0;
	return (int64_t)at;
}
