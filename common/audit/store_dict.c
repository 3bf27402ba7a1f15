/*
 * store_dict: the payloads' zstd dictionaries: loading them, finding one,
 * decompressing with one, and training the keys-only dictionary from
 * record skeletons (never from values, so erasure never needs to drop it).
 */
#include "audit/store_impl.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zdict.h>

int store_load_dicts(struct store *s, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	/* A ledger opened read-only may predate dicts.kind. */
	if (sqlite3_prepare_v2(s->db, "SELECT id, data, kind = 'keys' FROM dicts ORDER BY id", -1, &st, NULL) !=
		    SQLITE_OK &&
	    sqlite3_prepare_v2(s->db, "SELECT id, data, 0 FROM dicts ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return store_dberr(s, err, errlen, "dictionaries");
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		size_t i;
		for (i = 0; i < s->ndicts; i++)
			if (s->dicts[i].id == id)
				break;
		if (i < s->ndicts)
			continue;
		if (s->ndicts == STORE_MAX_DICTS)
			break;
		const void *p = sqlite3_column_blob(st, 1);
		int n = sqlite3_column_bytes(st, 1);
		struct dict *d = &s->dicts[s->ndicts];
		d->id = id;
		d->keys_only = sqlite3_column_int(st, 2) == 1;
		SHA256(p ? p : (const void *)"", (size_t)n, d->digest);
		d->c = s->readonly ? NULL : ZSTD_createCDict(p, (size_t)n, STORE_ZLEVEL);
		d->d = ZSTD_createDDict(p, (size_t)n);
		if (!d->d || (!s->readonly && !d->c)) {
			ZSTD_freeCDict(d->c);
			ZSTD_freeDDict(d->d);
			continue; /* an unusable dictionary: its payloads fail verify */
		}
		s->ndicts++;
		/* New payloads never use a dictionary that holds record text. */
		if (d->keys_only && id > s->cur_dict)
			s->cur_dict = id;
	}
	sqlite3_finalize(st);
	return 0;
}

struct dict *store_find_dict(struct store *s, int64_t id)
{
	for (size_t i = 0; i < s->ndicts; i++)
		if (s->dicts[i].id == id)
			return &s->dicts[i];
	return NULL;
}

/* ---- payloads ---- */

/* Decompresses a payload of raw_len bytes with dictionary d (NULL for
 * none) through dctx into out: 0, or -1 when it does not give exactly
 * raw_len bytes. */
int store_decompress_with(ZSTD_DCtx *dctx, const struct dict *d, int64_t raw_len, const void *z, size_t zn,
			   struct buf *out)
{
	if (raw_len < 0 || (uint64_t)raw_len > STORE_PAYLOAD_MAX)
		return -1;
	buf_reset(out);
	buf_grow(out, (size_t)raw_len);
	size_t r = d ? ZSTD_decompress_usingDDict(dctx, out->p, (size_t)raw_len, z, zn, d->d)
		     : ZSTD_decompressDCtx(dctx, out->p, (size_t)raw_len, z, zn);
	if (ZSTD_isError(r) || r != (size_t)raw_len)
		return -1;
	out->len = r;
	out->p[r] = '\0';
	return 0;
}

/* The same with the store's own context and dictionary dict (0: none). */
int store_decompress(struct store *s, int64_t dict, int64_t raw_len, const void *z, size_t zn, struct buf *out)
{
	struct dict *d = NULL;
	if (dict && !(d = store_find_dict(s, dict)))
		return -1;
	return store_decompress_with(s->dctx, d, raw_len, z, zn, out);
}

/*
 * Skeletons: what a dictionary is trained on. A payload may be erased at
 * any time, and a dictionary cannot be: the digests of the payloads
 * compressed with it bind its SHA-256 (schema 2), so it stays as long as
 * they do. So it must never hold what an erasure has to remove: it is
 * trained on each sampled record with every string and number value
 * replaced by "" and 0, keeping the JSON structure, true/false/null, the
 * object keys that recur in at least a tenth of the samples (and are at
 * most SKEL_KEY_MAX bytes), the toolkit's own words (toolkit_word()) and
 * the values the ledger also keeps in the columns of entries, which are
 * never erased (column_paths: workload, class, backend, model, ...).
 */
#define SKEL_KEY_MAX 64
#define SKEL_SLOTS 8192 /* keys counted, a power of two; more distinct keys are dropped */

struct skel_key {
	uint32_t hash, count, last; /* last: 1 + the sample that last counted it */
	uint16_t len;
	char s[SKEL_KEY_MAX];
};

/* The slot of key k (FNV-1a), claimed when new; NULL when the table is full. */
static struct skel_key *skel_slot(struct skel_key *t, const char *k, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)k[i]) * 16777619u;
	h |= 1; /* 0 marks a free slot */
	for (uint32_t i = h & (SKEL_SLOTS - 1), probes = 0; probes < SKEL_SLOTS; i = (i + 1) & (SKEL_SLOTS - 1), probes++) {
		if (!t[i].hash) {
			t[i].hash = h;
			t[i].len = (uint16_t)n;
			memcpy(t[i].s, k, n);
			return &t[i];
		}
		if (t[i].hash == h && t[i].len == n && !memcmp(t[i].s, k, n))
			return &t[i];
	}
	return NULL;
}

/* Values the toolkit itself writes under _llm (the code's words, not the
 * record's): kept in skeletons wherever they appear. */
static int toolkit_word(const char *k, size_t n)
{
	static const char *const words[] = { "public", "internal", "confidential", "restricted", "pass", "redact",
		"block", "input", "output", "stop", "length", "tool_calls", "content_filter", "error", "ok", NULL };
	for (const char *const *w = words; *w; w++)
		if (strlen(*w) == n && !memcmp(*w, k, n))
			return 1;
	return 0;
}

/* Where string values are copied into the columns of entries (entry.c),
 * which erasure never touches: a dictionary may hold them. */
static const char *const column_paths[] = { "workload", "_llm.route.workload", "_llm.classify.class",
	"_llm.classify.findings[].type", "_llm.filter.verdict", "_llm.filter.input.verdict", "_llm.route.rule",
	"_llm.route.policy", "_llm.route.backend", "_llm.infer.backend", "_llm.infer.provider", "_llm.infer.model",
	"_llm.infer.finish_reason", "_llm.error.code", "_llm.infer.error.code", NULL };

#define SKEL_DEPTH 8

/* Where the scanner is: the containers around it and each object's
 * current key. */
struct skel_at {
	int depth; /* may exceed SKEL_DEPTH: nothing that deep is a column */
	char obj[SKEL_DEPTH];
	const char *k[SKEL_DEPTH];
	size_t kn[SKEL_DEPTH];
};

static int at_column(const struct skel_at *at)
{
	char path[SKEL_DEPTH * (SKEL_KEY_MAX + 2)];
	size_t n = 0;
	if (at->depth > SKEL_DEPTH)
		return 0;
	for (int i = 0; i < at->depth; i++) {
		if (!at->obj[i]) {
			memcpy(path + n, "[]", 2);
			n += 2;
			continue;
		}
		if (!at->k[i] || at->kn[i] > SKEL_KEY_MAX)
			return 0;
		if (i)
			path[n++] = '.';
		memcpy(path + n, at->k[i], at->kn[i]);
		n += at->kn[i];
	}
	for (const char *const *c = column_paths; *c; c++)
		if (strlen(*c) == n && !memcmp(*c, path, n))
			return 1;
	return 0;
}

/* One pass over the JSON text [p, p + n). Counting (out NULL): each key of
 * at most SKEL_KEY_MAX bytes counts once per sample. Writing: the skeleton
 * into out, keeping keys counted at least min times. Returns -1 when the
 * text is not JSON as the scanner expects (the sample is skipped). */
static int skeleton(const char *p, size_t n, struct skel_key *t, uint32_t sample, uint32_t min, struct buf *out)
{
	struct skel_at at = { 0 };
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)p[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			i++;
		} else if (c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':') {
			if (c == '{' || c == '[') {
				if (at.depth < SKEL_DEPTH) {
					at.obj[at.depth] = c == '{';
					at.k[at.depth] = NULL;
				}
				at.depth++;
			} else if (c == '}' || c == ']') {
				if (!at.depth)
					return -1;
				at.depth--;
			}
			if (out)
				buf_putc(out, (char)c);
			i++;
		} else if (c == '"') {
			size_t j = i + 1;
			while (j < n && p[j] != '"')
				j += p[j] == '\\' ? 2 : 1;
			if (j >= n)
				return -1;
			size_t k = j + 1;
			while (k < n && (p[k] == ' ' || p[k] == '\t' || p[k] == '\n' || p[k] == '\r'))
				k++;
			int key = k < n && p[k] == ':';
			const char *ks = p + i + 1;
			size_t kn = j - i - 1;
			if (key && at.depth && at.depth <= SKEL_DEPTH) {
				at.k[at.depth - 1] = ks;
				at.kn[at.depth - 1] = kn;
			}
			struct skel_key *e = key && kn <= SKEL_KEY_MAX ? skel_slot(t, ks, kn) : NULL;
			if (!out && e) {
				if (e->last != sample + 1) {
					e->last = sample + 1;
					e->count++;
				}
			} else if (out) {
				if (key ? e && e->count >= min : toolkit_word(ks, kn) || at_column(&at)) {
					buf_putc(out, '"');
					buf_put(out, ks, kn);
					buf_putc(out, '"');
				} else {
					buf_puts(out, "\"\"");
				}
			}
			i = j + 1;
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			while (i < n && (p[i] == '-' || p[i] == '+' || p[i] == '.' || p[i] == 'e' || p[i] == 'E' ||
					 (p[i] >= '0' && p[i] <= '9')))
				i++;
			if (out)
				buf_putc(out, '0');
		} else {
			static const char *const lit[] = { "true", "false", "null" };
			int m = -1;
			for (int x = 0; x < 3 && m < 0; x++) {
				size_t l = strlen(lit[x]);
				if (n - i >= l && !memcmp(p + i, lit[x], l))
					m = x;
			}
			if (m < 0)
				return -1;
			if (out)
				buf_puts(out, lit[m]);
			i += strlen(lit[m]);
		}
	}
	return 0;
}

/* Trains a keys-only dictionary (see skeleton()) from the newest payloads
 * once the ledger holds enough records; a failed attempt (too few or too
 * similar samples) is not repeated by this process. Best effort: payloads
 * stay readable without. */
int store_maybe_train(struct store *s)
{
	if (s->cur_dict || s->dict_tried || store_meta_int(s, "size", 0) < STORE_DICT_MIN)
		return 0;
	s->dict_tried = 1;
	sqlite3_stmt *st = NULL;
	struct buf samples = BUF_INIT, skel = BUF_INIT, one = BUF_INIT;
	size_t *sizes = calloc(STORE_DICT_SAMPLES, sizeof(size_t));
	size_t *ssizes = calloc(STORE_DICT_SAMPLES, sizeof(size_t));
	struct skel_key *keys = calloc(SKEL_SLOTS, sizeof(*keys));
	unsigned n = 0, ns = 0;
	if (!sizes || !ssizes || !keys ||
	    sqlite3_prepare_v2(s->db, "SELECT dict, raw_len, data FROM payloads ORDER BY seq DESC LIMIT ?1", -1, &st,
			       NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_int(st, 1, STORE_DICT_SAMPLES);
	while (sqlite3_step(st) == SQLITE_ROW && n < STORE_DICT_SAMPLES) {
		if (store_decompress(s, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_blob(st, 2),
			       (size_t)sqlite3_column_bytes(st, 2), &one) ||
		    skeleton(one.p, one.len, keys, n, 0, NULL))
			continue;
		buf_put(&samples, one.p, one.len);
		sizes[n++] = one.len;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (n < STORE_DICT_MIN / 2)
		goto out;
	uint32_t min = n / 10 > 2 ? n / 10 : 2;
	size_t off = 0;
	for (unsigned i = 0; i < n; i++) {
		size_t at = skel.len;
		skeleton(samples.p + off, sizes[i], keys, i, min, &skel);
		ssizes[ns++] = skel.len - at;
		off += sizes[i];
	}
	/* The record text is no longer needed: wipe it. */
	OPENSSL_cleanse(samples.p, samples.len);
	OPENSSL_cleanse(one.p, one.len);
	if (skel.len < 8 * 1024)
		goto out;
	size_t cap = skel.len / 8 < STORE_DICT_SIZE ? skel.len / 8 : STORE_DICT_SIZE;
	void *dict = malloc(cap);
	if (!dict)
		goto out;
	size_t dn = ZDICT_trainFromBuffer(dict, cap, skel.p, ssizes, ns);
	if (!ZDICT_isError(dn) && store_exec_retry(s->db, "BEGIN IMMEDIATE") == 0) {
		/* Another appender may have trained one meanwhile: keep theirs. */
		if (sqlite3_prepare_v2(s->db, "INSERT INTO dicts(id, created_us, data, kind)"
					      " SELECT (SELECT coalesce(max(id), 0) + 1 FROM dicts), ?1, ?2, 'keys'"
					      " WHERE NOT EXISTS (SELECT 1 FROM dicts WHERE kind = 'keys')", -1, &st,
				       NULL) == SQLITE_OK) {
			sqlite3_bind_int64(st, 1, store_now_us());
			sqlite3_bind_blob(st, 2, dict, (int)dn, SQLITE_STATIC);
			sqlite3_step(st);
		}
		sqlite3_finalize(st);
		st = NULL;
		if (store_exec_retry(s->db, "COMMIT"))
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	}
	free(dict);
	char err[200];
	store_load_dicts(s, err, sizeof(err));
out:
	sqlite3_finalize(st);
	free(sizes);
	free(ssizes);
	free(keys);
	if (samples.p)
		OPENSSL_cleanse(samples.p, samples.len);
	buf_release(&samples);
	buf_release(&skel);
	buf_release(&one);
	return 0;
}
