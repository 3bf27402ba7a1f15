/*
 * store_merge: appending a verified shard's entries to this ledger, each
 * payload under this ledger's key, behind one merge entry that names the
 * shard's tree head.
 */
#include "audit/store_impl.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"

/* ---- merge ---- */

struct shift {
	struct buf *out;
	int64_t by;
};

static int shift_range(void *ctx, int64_t lo, int64_t hi)
{
	struct shift *sh = ctx;
	if (sh->out->len)
		buf_putc(sh->out, ',');
	if (lo == hi)
		buf_printf(sh->out, "%" PRId64, lo + sh->by);
	else
		buf_printf(sh->out, "%" PRId64 "-%" PRId64, lo + sh->by, hi + sh->by);
	return 0;
}

int store_merge(struct store *s, struct store *src, uint64_t src_size, const unsigned char src_root[MERKLE_HASH_LEN],
		int64_t *first, uint64_t *n, char *err, size_t errlen)
{
	char sql[1536];
	sqlite3_stmt *st = NULL;
	struct buf raw = BUF_INIT, note = BUF_INIT;
	*n = 0;
	if (s->queue.nq)
		return store_seterr(err, errlen, "audit store: merge with appends pending");
	snprintf(sql, sizeof(sql), "SELECT %s, p.dict, p.raw_len, p.data FROM entries e LEFT JOIN payloads p"
		 " ON p.seq = e.seq WHERE e.seq < ?1 ORDER BY e.seq", STORE_ENTRY_COLS);
	if (sqlite3_prepare_v2(src->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_seterr(err, errlen, "shard: %s", sqlite3_errmsg(src->db));
	sqlite3_bind_int64(st, 1, (int64_t)src_size);
	if (store_exec_retry(s->db, "BEGIN IMMEDIATE")) {
		sqlite3_finalize(st);
		return store_dberr(s, err, errlen, "lock");
	}
	*first = store_meta_int(s, "size", -1);
	if (*first < 0) {
		store_seterr(err, errlen, "audit store: the tree state in meta is damaged (run verify)");
		goto fail;
	}
	const int cp0 = STORE_COL_LEAF + 1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct entry e;
		const char *bad = NULL;
		if (store_row_entry(st, &e, &bad)) {
			store_seterr(err, errlen, "shard entry %lld: bad column %s (verify the shard)",
			       (long long)sqlite3_column_int64(st, 0), bad);
			goto fail;
		}
		/* A payload gets a digest under this ledger's key; an erased one
		 * keeps the shard's digest (and its erase entry covers it). */
		e.f[EF_SEQ].set = 0;
		if (e.f[EF_KIND].n == 5 && !memcmp(e.f[EF_KIND].s, "erase", 5) && e.f[EF_NOTE].set) {
			struct shift sh = { &note, *first };
			buf_reset(&note);
			if (entry_note_ranges(e.f[EF_NOTE].s, e.f[EF_NOTE].n, shift_range, &sh)) {
				store_seterr(err, errlen, "shard: a malformed erase entry (verify the shard)");
				goto fail;
			}
			entry_set_text(&e, EF_NOTE, note.p, note.len);
		}
		const char *payload = NULL;
		size_t plen = 0;
		if (sqlite3_column_type(st, cp0 + 2) != SQLITE_NULL) {
			if (store_decompress(src, sqlite3_column_int64(st, cp0), sqlite3_column_int64(st, cp0 + 1),
				       sqlite3_column_blob(st, cp0 + 2), (size_t)sqlite3_column_bytes(st, cp0 + 2), &raw)) {
				store_seterr(err, errlen, "shard: a payload does not decompress (verify the shard)");
				goto fail;
			}
			payload = raw.p ? raw.p : "";
			plen = raw.len;
			e.f[EF_PAYLOAD_MAC].set = 0;
		}
		if (store_queue(s, &e, payload, plen, err, errlen))
			goto fail;
		(*n)++;
		if (s->queue.nq >= 4096 && store_append_locked(s, err, errlen) == 0)
			store_queue_clear(s);
		else if (s->queue.nq >= 4096)
			goto fail;
	}
	if (rc != SQLITE_DONE) {
		store_seterr(err, errlen, "shard: %s", sqlite3_errmsg(src->db));
		goto fail;
	}
	if ((uint64_t)*n != src_size) {
		store_seterr(err, errlen, "shard: %llu entries read, %llu expected", (unsigned long long)*n,
		       (unsigned long long)src_size);
		goto fail;
	}
	char o[2 * SIGN_ORIGIN_LEN + 1], r[65];
	hash_hex(src->origin, SIGN_ORIGIN_LEN, o);
	hash_hex(src_root, 32, r);
	buf_reset(&note);
	buf_printf(&note, "origin=%s size=%llu root=%s first=%lld", o, (unsigned long long)src_size, r, (long long)*first);
	struct entry m;
	entry_clear(&m);
	entry_set_text(&m, EF_KIND, "merge", 5);
	entry_set_text(&m, EF_NOTE, note.p, note.len);
	if (store_queue(s, &m, NULL, 0, err, errlen) || store_append_locked(s, err, errlen))
		goto fail;
	if (store_exec_retry(s->db, "COMMIT")) {
		store_dberr(s, err, errlen, "commit");
		goto fail;
	}
	store_queue_clear(s);
	sqlite3_finalize(st);
	buf_release(&raw);
	buf_release(&note);
	store_maybe_train(s);
	return 0;
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	store_queue_clear(s);
	sqlite3_finalize(st);
	buf_release(&raw);
	buf_release(&note);
	return -1;
}
