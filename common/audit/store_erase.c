/*
 * store_erase: dropping payloads (by record id or age) behind one erase
 * entry, then what could still hold their bytes: dictionaries trained on
 * record text, freed pages and the WAL.
 */
#include "audit/store_impl.h"

#include <inttypes.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- erase ---- */

/*
 * Dictionaries trained on record text (kind NULL: made before they were
 * keys-only) go once no live payload needs them. In a schema 1 ledger the
 * digest is of the record itself, so the payloads that use one are
 * recompressed with the keys-only dictionary (or none) and it goes now; in
 * schema 2 the digests bind the dictionary, so it stays while they do.
 * The caller holds the write transaction.
 */
static int drop_text_dicts(struct store *s, struct store_erased *out, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL, *up = NULL;
	int64_t ids[STORE_MAX_DICTS];
	size_t nids = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT id FROM dicts WHERE kind IS NOT 'keys' ORDER BY id", -1, &st, NULL) !=
	    SQLITE_OK)
		return store_dberr(s, err, errlen, "erase");
	while (nids < STORE_MAX_DICTS && sqlite3_step(st) == SQLITE_ROW)
		ids[nids++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	struct dict *cur = s->cur_dict ? store_find_dict(s, s->cur_dict) : NULL;
	for (size_t k = 0; k < nids; k++) {
		uint64_t live = 0;
		if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM payloads WHERE dict = ?1", -1, &st, NULL) != SQLITE_OK)
			goto dbfail;
		sqlite3_bind_int64(st, 1, ids[k]);
		if (sqlite3_step(st) == SQLITE_ROW)
			live = (uint64_t)sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		st = NULL;
		if (live && s->schema >= 2) {
			out->dicts_kept++;
			out->dicts_kept_payloads += live;
			continue;
		}
		if (live) {
			if (sqlite3_prepare_v2(s->db, "SELECT seq, raw_len, data FROM payloads WHERE dict = ?1", -1, &st,
					       NULL) != SQLITE_OK ||
			    sqlite3_prepare_v2(s->db, "UPDATE payloads SET dict = ?2, data = ?3 WHERE seq = ?1", -1, &up,
					       NULL) != SQLITE_OK)
				goto dbfail;
			sqlite3_bind_int64(st, 1, ids[k]);
			int rc;
			struct buf z = BUF_INIT;
			while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
				int64_t seq = sqlite3_column_int64(st, 0);
				if (store_decompress(s, ids[k], sqlite3_column_int64(st, 1), sqlite3_column_blob(st, 2),
					       (size_t)sqlite3_column_bytes(st, 2), &s->raw)) {
					buf_release(&z);
					store_seterr(err, errlen, "erase: entry %" PRId64 ": the payload does not decompress (run verify)",
					       seq);
					goto fail;
				}
				size_t bound = ZSTD_compressBound(s->raw.len);
				buf_reset(&z);
				buf_grow(&z, bound);
				size_t zn = cur ? ZSTD_compress_usingCDict(s->self.cctx, z.p, bound, s->raw.p, s->raw.len, cur->c)
						: ZSTD_compress2(s->self.cctx, z.p, bound, s->raw.p, s->raw.len);
				OPENSSL_cleanse(s->raw.p, s->raw.len);
				if (ZSTD_isError(zn)) {
					buf_release(&z);
					store_seterr(err, errlen, "zstd: %s", ZSTD_getErrorName(zn));
					goto fail;
				}
				sqlite3_reset(up);
				sqlite3_bind_int64(up, 1, seq);
				sqlite3_bind_int64(up, 2, cur ? cur->id : 0);
				sqlite3_bind_blob(up, 3, z.p, (int)zn, SQLITE_STATIC);
				if (sqlite3_step(up) != SQLITE_DONE) {
					buf_release(&z);
					goto dbfail;
				}
				out->recompressed++;
			}
			buf_release(&z);
			sqlite3_finalize(st);
			sqlite3_finalize(up);
			st = up = NULL;
			if (rc != SQLITE_DONE)
				goto dbfail;
		}
		if (sqlite3_prepare_v2(s->db, "DELETE FROM dicts WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
			goto dbfail;
		sqlite3_bind_int64(st, 1, ids[k]);
		int rc = sqlite3_step(st);
		sqlite3_finalize(st);
		st = NULL;
		if (rc != SQLITE_DONE)
			goto dbfail;
		out->dicts_dropped++;
	}
	return 0;
dbfail:
	store_dberr(s, err, errlen, "erase");
fail:
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	return -1;
}

int store_erase(struct store *s, const char *id, int64_t before_us, const char *reason, struct store_erased *out,
		char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	uint64_t *n = &out->payloads;
	if (s->queue.nq)
		return store_seterr(err, errlen, "audit store: erase with appends pending");
	const char *where = id ? "e.rec_id = ?1 AND e.kind IN ('record', 'feedback')" : "e.ts_us < ?1 AND e.kind IN ('record', 'feedback')";
	char sql[512];
	sqlite3_stmt *st = NULL;
	struct buf note = BUF_INIT;
	if (store_exec_retry(s->db, "BEGIN IMMEDIATE"))
		return store_dberr(s, err, errlen, "lock");
	snprintf(sql, sizeof(sql), "SELECT e.seq FROM entries e JOIN payloads p ON p.seq = e.seq WHERE %s ORDER BY e.seq",
		 where);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		goto dbfail;
	if (id)
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, before_us);
	int64_t lo = -1, hi = -1;
	int rc;
	/* The note lists them as ascending ranges: "3,7-9". */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t q = sqlite3_column_int64(st, 0);
		(*n)++;
		if (lo >= 0 && q == hi + 1) {
			hi = q;
			continue;
		}
		if (lo >= 0)
			buf_printf(&note, lo == hi ? "%s%" PRId64 : "%s%" PRId64 "-%" PRId64, note.len ? "," : "", lo, hi);
		lo = hi = q;
	}
	if (lo >= 0)
		buf_printf(&note, lo == hi ? "%s%" PRId64 : "%s%" PRId64 "-%" PRId64, note.len ? "," : "", lo, hi);
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE)
		goto dbfail;
	if (*n == 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		buf_release(&note);
		return 0;
	}
	snprintf(sql, sizeof(sql), "DELETE FROM payloads WHERE seq IN (SELECT e.seq FROM entries e WHERE %s)", where);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		goto dbfail;
	if (id)
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, before_us);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE)
		goto dbfail;
	struct entry e;
	entry_clear(&e);
	entry_set_text(&e, EF_KIND, "erase", 5);
	if (reason)
		entry_set_text(&e, EF_REC_ID, reason, strlen(reason));
	entry_set_text(&e, EF_NOTE, note.p, note.len);
	if (store_queue(s, &e, NULL, 0, err, errlen) || store_append_locked(s, err, errlen) ||
	    drop_text_dicts(s, out, err, errlen))
		goto fail;
	if (store_exec_retry(s->db, "COMMIT"))
		goto dbfail;
	store_queue_clear(s);
	buf_release(&note);
	/* secure_delete zeroed the deleted cells and freed pages in the new
	 * page images; the checkpoint writes them over the old ones in the
	 * file, and truncating the WAL drops the frames that still held the
	 * payloads (it waits, up to the busy timeout, for readers). */
	int log = -1, done = -1;
	out->wal_truncated = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &done) ==
				     SQLITE_OK && log <= 0;
	return 0;
dbfail:
	store_dberr(s, err, errlen, "erase");
fail:
	sqlite3_finalize(st);
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	store_queue_clear(s);
	buf_release(&note);
	return -1;
}
