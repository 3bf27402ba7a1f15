/*
 * tok: SentencePiece BPE over a GGUF vocabulary. See tok.h.
 *
 * Pieces live in one arena; a hash table (open addressing, FNV-1a) maps a
 * piece's bytes to its id for the pieces text may produce (normal and
 * user-defined). Merges come from a priority queue of candidate pairs, so
 * encoding n characters costs O(n log n), not O(n^2): a long document
 * tokenizes in milliseconds.
 */
#include "tok.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gguf.h"

#define TOK_MAX_VOCAB (1 << 22)
#define TOK_MAX_PIECE 1024

struct tok {
	int32_t n;
	char **text;       /* NUL-terminated pieces (into arena) */
	uint32_t *len;
	float *score;
	uint8_t *type;
	char *arena;
	int32_t *table;    /* hash slots: id or -1 */
	uint32_t table_mask;
	int32_t byte_id[256];
	int32_t bos, eos, unk;
	int add_bos, add_space;
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

int tok_new_gguf(const struct gguf_ctx *g, struct tok **out, char *err, size_t errlen)
{
	*out = NULL;
	const char *model = NULL;
	if (gguf_get_str(g, "tokenizer.ggml.model", &model, NULL, NULL, 0) != 0) {
		snprintf(err, errlen, "the file has no tokenizer (tokenizer.ggml.model)");
		return -1;
	}
	if (strcmp(model, "llama") != 0) {
		snprintf(err, errlen, "tokenizer model '%.64s' is not supported (only 'llama', SentencePiece)", model);
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
		int b = byte_piece(s, l);
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
	if (get_id(g, "tokenizer.ggml.bos_token_id", count > 1 ? 1 : -1, t->n, &t->bos) ||
	    get_id(g, "tokenizer.ggml.eos_token_id", count > 2 ? 2 : -1, t->n, &t->eos) ||
	    get_id(g, "tokenizer.ggml.unknown_token_id", 0, t->n, &t->unk)) {
		snprintf(err, errlen, "tokenizer.ggml.*_token_id: need an unsigned integer");
		tok_free(t);
		return -1;
	}
	t->add_bos = 1;
	t->add_space = 1;
	int v;
	if (gguf_find_key(g, "tokenizer.ggml.add_bos_token") >= 0 &&
	    gguf_get_bool(g, "tokenizer.ggml.add_bos_token", &v, NULL, 0) == 0)
		t->add_bos = v;
	if (gguf_find_key(g, "tokenizer.ggml.add_space_prefix") >= 0 &&
	    gguf_get_bool(g, "tokenizer.ggml.add_space_prefix", &v, NULL, 0) == 0)
		t->add_space = v;
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
	free(t);
}

int32_t tok_n_vocab(const struct tok *t) { return t->n; }
int32_t tok_bos(const struct tok *t) { return t->bos; }
int32_t tok_eos(const struct tok *t) { return t->eos; }
int32_t tok_unk(const struct tok *t) { return t->unk; }
int tok_add_bos(const struct tok *t) { return t->add_bos; }

const char *tok_text(const struct tok *t, int32_t id)
{
	return id >= 0 && id < t->n ? t->text[id] : NULL;
}

int tok_type_of(const struct tok *t, int32_t id)
{
	return id >= 0 && id < t->n ? t->type[id] : 0;
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

static int emit(int32_t *ids, int max, int n, int32_t id)
{
	if (n < max)
		ids[n] = id;
	return n + 1;
}

int tok_encode(const struct tok *t, const char *text, size_t len, int add_bos, int32_t *ids, int max,
	       char *err, size_t errlen)
{
	int n = 0;
	if (add_bos && t->bos >= 0)
		n = emit(ids, max, n, t->bos);
	if (len == 0)
		return n;
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
	int32_t nh = 0;
	for (int32_t i = 0; i < ns; i++)
		push_pair(t, buf, s, i, h, &nh);
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
			push_pair(t, buf, s, l->prev, h, &nh);
		push_pair(t, buf, s, c.left, h, &nh);
	}
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

/* ---- decode ---- */

static int put(char *buf, size_t buflen, size_t at, const char *s, size_t n)
{
	if (at < buflen)
		memcpy(buf + at, s, at + n <= buflen ? n : buflen - at);
	return (int)n;
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
