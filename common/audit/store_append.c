/*
 * store_append: entries on their way in. Workers prepare batches (digests,
 * compression, the leaf hashed up to its seq); the store's thread queues
 * them in order and commits the queue in one transaction that assigns the
 * sequence numbers and extends the Merkle frontier and the tree heads.
 */
#include "audit/store_impl.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void store_worker_release(struct store_worker *w)
{
	ZSTD_freeCCtx(w->cctx);
	buf_release(&w->env);
	memset(w, 0, sizeof(*w));
}

int store_worker_init(const struct store *s, struct store_worker *w)
{
	memset(w, 0, sizeof(*w));
	w->s = s;
	buf_init(&w->env);
	w->cctx = ZSTD_createCCtx();
	if (!w->cctx || ZSTD_isError(ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_compressionLevel, STORE_ZLEVEL))) {
		store_worker_release(w);
		return -1;
	}
	return 0;
}

struct store_worker *store_worker_new(struct store *s, char *err, size_t errlen)
{
	struct store_worker *w = malloc(sizeof(*w));
	if (!w || store_worker_init(s, w)) {
		free(w);
		store_seterr(err, errlen, "out of memory (zstd)");
		return NULL;
	}
	return w;
}

void store_worker_free(struct store_worker *w)
{
	if (!w)
		return;
	store_worker_release(w);
	free(w);
}

/* ---- append ---- */

/* Makes room for one more entry in b. */
static struct pend *batch_push(struct store_batch *b)
{
	if (b->nq == b->qcap) {
		size_t cap = b->qcap ? 2 * b->qcap : 256;
		struct pend *q = realloc(b->q, cap * sizeof(*q));
		if (!q)
			return NULL;
		b->q = q;
		b->qcap = cap;
	}
	struct pend *p = &b->q[b->nq];
	memset(p, 0, sizeof(*p));
	return p;
}

/* Copies e's text and blob columns into b's arena (p->e keeps the ints;
 * the pointers are rebuilt from the offsets by pend_columns_at()). */
static void pend_put_columns(struct store_batch *b, struct pend *p, const struct entry *e)
{
	p->e = *e;
	for (int f = 0; f < EF_COUNT; f++) {
		if (!e->f[f].set || entry_fields[f].type == ENTRY_INT)
			continue;
		p->off[f] = b->arena.len;
		buf_put(&b->arena, e->f[f].s ? e->f[f].s : "", e->f[f].n);
	}
}

/* Points p->e's text and blob columns at their bytes in arena (which may
 * have moved since they were put there). */
static void pend_columns_at(struct pend *p, const char *arena)
{
	for (int f = 0; f < EF_COUNT; f++)
		if (p->e.f[f].set && entry_fields[f].type != ENTRY_INT)
			p->e.f[f].s = arena + p->off[f];
}

/* Compresses payload into b's arena with b's dictionary. */
static int pend_put_payload(struct store_worker *w, struct store_batch *b, struct pend *p, const char *payload,
			    size_t n, char *err, size_t errlen)
{
	size_t bound = ZSTD_compressBound(n);
	buf_grow(&b->arena, bound);
	size_t z = b->cdict ? ZSTD_compress_usingCDict(w->cctx, b->arena.p + b->arena.len, bound, payload, n, b->cdict)
			    : ZSTD_compress2(w->cctx, b->arena.p + b->arena.len, bound, payload, n);
	if (ZSTD_isError(z))
		return store_seterr(err, errlen, "zstd: %s", ZSTD_getErrorName(z));
	p->zoff = b->arena.len;
	p->zlen = z;
	p->rawlen = n;
	p->dict = b->dict;
	p->has_payload = 1;
	b->arena.len += z;
	return 0;
}

/* Builds e's envelope with seq 0 standing in, hashes the leaf up to the
 * seq's value into p->leaf and keeps what follows the value in b's arena. */
static int pend_put_leaf(struct store_worker *w, struct store_batch *b, struct pend *p, struct entry *e, char *err,
			 size_t errlen)
{
	size_t at;
	entry_set_int(e, EF_SEQ, 0);
	buf_reset(&w->env);
	if (entry_envelope_seq(e, &w->env, &at) < 0)
		return store_seterr(err, errlen, "audit store: an entry holds invalid UTF-8");
	if (at >= w->env.len || w->env.p[at] != '0')
		return store_seterr(err, errlen, "audit store: internal error: no seq in an envelope");
	merkle_leaf_begin(&p->leaf);
	merkle_leaf_add(&p->leaf, w->env.p, at);
	p->tail_off = b->arena.len;
	p->tail_len = w->env.len - at - 1;
	buf_put(&b->arena, w->env.p + at + 1, p->tail_len);
	return 0;
}

int store_batch_add(struct store_worker *w, struct store_batch *b, struct entry *e, const char *payload, size_t n,
		    char *err, size_t errlen)
{
	if (n > STORE_PAYLOAD_MAX)
		return store_seterr(err, errlen, "record of %zu bytes is too large for the ledger", n);
	struct pend *p = batch_push(b);
	if (!p)
		return store_seterr(err, errlen, "out of memory");
	if (!e->f[EF_TS_US].set)
		entry_set_int(e, EF_TS_US, store_now_us());
	unsigned char mac[ENTRY_MAC_LEN];
	if (payload) {
		if (pend_put_payload(w, b, p, payload, n, err, errlen))
			return -1;
		if (w->s->schema >= 2)
			store_stored_mac(w->s, b->dict_digest, n, b->arena.p + p->zoff, p->zlen, mac);
		else
			store_payload_mac(w->s, payload, n, mac);
		entry_set_text(e, EF_PAYLOAD_MAC, (const char *)mac, sizeof(mac));
	}
	if (pend_put_leaf(w, b, p, e, err, errlen))
		return -1;
	pend_put_columns(b, p, e);
	b->nq++;
	return 0;
}

struct store_batch *store_batch_new(void)
{
	return calloc(1, sizeof(struct store_batch));
}

void store_batch_free(struct store_batch *b)
{
	if (!b)
		return;
	free(b->q);
	buf_release(&b->arena);
	free(b);
}

void store_batch_reset(struct store *s, struct store_batch *b)
{
	struct dict *d = s->cur_dict ? store_find_dict(s, s->cur_dict) : NULL;
	b->nq = 0;
	buf_reset(&b->arena);
	b->dict = d ? d->id : 0;
	b->cdict = d ? d->c : NULL;
	if (d)
		memcpy(b->dict_digest, d->digest, 32);
	else
		memset(b->dict_digest, 0, 32);
}

int store_queue(struct store *s, struct entry *e, const char *payload, size_t n, char *err, size_t errlen)
{
	if (s->readonly)
		return store_seterr(err, errlen, "audit store is open read-only");
	if (!s->queue.nq)
		store_batch_reset(s, &s->queue);
	return store_batch_add(&s->self, &s->queue, e, payload, n, err, errlen);
}


int store_queue_from(struct store *s, struct store_batch *b, size_t i, char *err, size_t errlen)
{
	if (s->readonly)
		return store_seterr(err, errlen, "audit store is open read-only");
	if (i >= b->nq)
		return store_seterr(err, errlen, "audit store: no entry %zu in the batch", i);
	if (!s->queue.nq)
		store_batch_reset(s, &s->queue);
	struct pend *src = &b->q[i];
	struct pend *p = batch_push(&s->queue);
	if (!p)
		return store_seterr(err, errlen, "out of memory");
	pend_columns_at(src, b->arena.p);
	struct entry e = src->e;
	unsigned char mac[ENTRY_MAC_LEN]; /* e may point here until its columns are copied */
	int leaf_done = 0;
	*p = *src;
	if (src->has_payload && src->dict == s->queue.dict) {
		p->zoff = s->queue.arena.len;
		buf_put(&s->queue.arena, b->arena.p + src->zoff, src->zlen);
	} else if (src->has_payload) {
		/* Prepared before this process trained or loaded the current
		 * dictionary: recompressed, so that every payload queued after a
		 * dictionary appears uses it, as with store_queue() alone. */
		if (store_decompress(s, src->dict, (int64_t)src->rawlen, b->arena.p + src->zoff, src->zlen, &s->raw))
			return store_seterr(err, errlen, "audit store: a prepared payload does not decompress");
		if (pend_put_payload(&s->self, &s->queue, p, s->raw.p, s->raw.len, err, errlen))
			return -1;
		if (s->schema >= 2) { /* a new stored form, a new digest */
			store_stored_mac(s, s->queue.dict_digest, p->rawlen, s->queue.arena.p + p->zoff, p->zlen, mac);
			entry_set_text(&e, EF_PAYLOAD_MAC, (const char *)mac, sizeof(mac));
			if (pend_put_leaf(&s->self, &s->queue, p, &e, err, errlen))
				return -1;
			leaf_done = 1;
		}
	}
	if (!leaf_done) {
		p->tail_off = s->queue.arena.len;
		buf_put(&s->queue.arena, b->arena.p + src->tail_off, src->tail_len);
	}
	pend_put_columns(&s->queue, p, &e);
	s->queue.nq++;
	return 0;
}

int store_dict_pending(const struct store *s)
{
	return !s->cur_dict && !s->dict_tried;
}

size_t store_queued(const struct store *s)
{
	return s->queue.nq;
}

size_t store_queued_bytes(const struct store *s)
{
	return s->queue.arena.len;
}

static void bind_entry(sqlite3_stmt *st, const struct entry *e, const unsigned char leaf[32])
{
	for (int f = 0; f < EF_COUNT; f++) {
		const struct entry_val *v = &e->f[f];
		if (!v->set)
			sqlite3_bind_null(st, f + 1);
		else if (entry_fields[f].type == ENTRY_INT)
			sqlite3_bind_int64(st, f + 1, v->i);
		else if (entry_fields[f].type == ENTRY_TEXT)
			sqlite3_bind_text(st, f + 1, v->s, (int)v->n, SQLITE_STATIC);
		else
			sqlite3_bind_blob(st, f + 1, v->s, (int)v->n, SQLITE_STATIC);
	}
	sqlite3_bind_blob(st, STORE_COL_LEAF + 1, leaf, 32, SQLITE_STATIC);
}

/* Reads size and frontier inside the write transaction. */
int store_read_frontier(struct store *s, struct merkle_frontier *fr, char *err, size_t errlen)
{
	int64_t size = store_meta_int(s, "size", -1);
	unsigned char buf[MERKLE_MAX_LEVELS * MERKLE_HASH_LEN];
	int n = size > 0 ? store_meta_blob(s, "frontier", buf, 0, sizeof(buf)) : 0;
	merkle_frontier_init(fr);
	if (size < 0 || n < 0 || merkle_frontier_decode(fr, (uint64_t)size, buf, (size_t)n))
		return store_seterr(err, errlen, "audit store: the tree state in meta is damaged (run verify)");
	return 0;
}

/* Appends the queue; the caller holds the write transaction. */
int store_append_locked(struct store *s, char *err, size_t errlen)
{
	struct merkle_frontier fr;
	unsigned char leaf[32], root[32];
	if (store_read_frontier(s, &fr, err, errlen))
		return -1;
	for (size_t i = 0; i < s->queue.nq; i++) {
		struct pend *p = &s->queue.q[i];
		struct entry *e = &p->e;
		pend_columns_at(p, s->queue.arena.p);
		entry_set_int(e, EF_SEQ, (int64_t)fr.size);
		char digits[24];
		struct merkle_leaf l = p->leaf;
		merkle_leaf_add(&l, digits, (size_t)snprintf(digits, sizeof(digits), "%" PRIu64, fr.size));
		merkle_leaf_add(&l, s->queue.arena.p + p->tail_off, p->tail_len);
		merkle_leaf_end(&l, leaf);
		sqlite3_reset(s->ins_entry);
		bind_entry(s->ins_entry, e, leaf);
		if (sqlite3_step(s->ins_entry) != SQLITE_DONE)
			return store_dberr(s, err, errlen, "append");
		if (p->has_payload) {
			sqlite3_reset(s->ins_payload);
			sqlite3_bind_int64(s->ins_payload, 1, (int64_t)fr.size);
			sqlite3_bind_int64(s->ins_payload, 2, p->dict);
			sqlite3_bind_int64(s->ins_payload, 3, (int64_t)p->rawlen);
			sqlite3_bind_blob(s->ins_payload, 4, s->queue.arena.p + p->zoff, (int)p->zlen, SQLITE_STATIC);
			if (sqlite3_step(s->ins_payload) != SQLITE_DONE)
				return store_dberr(s, err, errlen, "append payload");
		}
		merkle_frontier_push(&fr, leaf);
	}
	merkle_frontier_root(&fr, root);
	unsigned char enc[MERKLE_MAX_LEVELS * MERKLE_HASH_LEN];
	size_t en = merkle_frontier_encode(&fr, enc);
	sqlite3_stmt *st = NULL;
	int ok = sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO heads(size, root, ts_us) VALUES (?1, ?2, ?3)", -1,
				    &st, NULL) == SQLITE_OK;
	if (ok) {
		sqlite3_bind_int64(st, 1, (int64_t)fr.size);
		sqlite3_bind_blob(st, 2, root, 32, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, store_now_us());
		ok = sqlite3_step(st) == SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (!ok || store_meta_put(s, "size", NULL, 0, (int64_t)fr.size) || store_meta_put(s, "frontier", enc, en, 0))
		return store_dberr(s, err, errlen, "append");
	return 0;
}

void store_queue_clear(struct store *s)
{
	s->queue.nq = 0;
	buf_reset(&s->queue.arena);
}


int store_commit(struct store *s, char *err, size_t errlen)
{
	if (!s->queue.nq)
		return 0;
	if (store_exec_retry(s->db, "BEGIN IMMEDIATE"))
		return store_dberr(s, err, errlen, "lock");
	if (store_append_locked(s, err, errlen) || store_exec_retry(s->db, "COMMIT")) {
		if (!*err)
			store_dberr(s, err, errlen, "commit");
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	store_queue_clear(s);
	store_maybe_train(s);
	return 0;
}
