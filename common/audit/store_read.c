/*
 * store_read: reading the ledger back: payloads, envelopes, entries of a
 * record id, the tree head, inclusion paths; storing a checkpoint; and a
 * consistent copy of the whole file (backup).
 */
#include "audit/store_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int store_payload(struct store *s, int64_t seq, struct buf *out, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT dict, raw_len, data FROM payloads WHERE seq = ?1", -1, &st, NULL) !=
	    SQLITE_OK)
		return store_dberr(s, err, errlen, "read");
	sqlite3_bind_int64(st, 1, seq);
	int rc = sqlite3_step(st), r = 0;
	if (rc == SQLITE_ROW) {
		r = 1;
		if (store_decompress(s, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_blob(st, 2),
			       (size_t)sqlite3_column_bytes(st, 2), out))
			r = store_seterr(err, errlen, "entry %" PRId64 ": the payload does not decompress (run verify)", seq);
	} else if (rc != SQLITE_DONE) {
		r = store_dberr(s, err, errlen, "read");
	}
	sqlite3_finalize(st);
	return r;
}

/* ---- reading entries back ---- */

/* Fills e from the row's first EF_COUNT columns. Returns -1 (with the
 * column's name in *bad) when a value has a type the ledger never writes. */
int store_row_entry(sqlite3_stmt *st, struct entry *e, const char **bad)
{
	for (int f = 0; f < EF_COUNT; f++) {
		struct entry_val *v = &e->f[f];
		int t = sqlite3_column_type(st, f);
		v->set = t != SQLITE_NULL;
		if (!v->set)
			continue;
		switch (entry_fields[f].type) {
		case ENTRY_INT:
			if (t != SQLITE_INTEGER)
				goto wrong;
			v->i = sqlite3_column_int64(st, f);
			break;
		case ENTRY_TEXT:
			if (t != SQLITE_TEXT)
				goto wrong;
			v->s = (const char *)sqlite3_column_text(st, f);
			v->n = (size_t)sqlite3_column_bytes(st, f);
			break;
		case ENTRY_BLOB:
			if (t != SQLITE_BLOB || sqlite3_column_bytes(st, f) != ENTRY_MAC_LEN)
				goto wrong;
			v->s = sqlite3_column_blob(st, f);
			v->n = ENTRY_MAC_LEN;
			break;
		}
		continue;
wrong:
		*bad = entry_fields[f].name;
		return -1;
	}
	if (!e->f[EF_SEQ].set || !e->f[EF_KIND].set || !e->f[EF_TS_US].set) {
		*bad = !e->f[EF_KIND].set ? "kind" : "ts_us";
		return -1;
	}
	return 0;
}

int store_envelope(struct store *s, int64_t seq, struct buf *env, unsigned char leaf[MERKLE_HASH_LEN], char *err,
		   size_t errlen)
{
	char sql[1024];
	snprintf(sql, sizeof(sql), "SELECT %s FROM entries e WHERE e.seq = ?1", STORE_ENTRY_COLS);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_dberr(s, err, errlen, "read");
	sqlite3_bind_int64(st, 1, seq);
	int rc = sqlite3_step(st), r = 0;
	if (rc == SQLITE_ROW) {
		struct entry e;
		const char *bad = NULL;
		buf_reset(env);
		if (store_row_entry(st, &e, &bad) || entry_envelope(&e, env))
			r = store_seterr(err, errlen, "entry %" PRId64 " is damaged (run verify)", seq);
		else {
			merkle_leaf_hash(env->p, env->len, leaf);
			r = 1;
		}
	} else if (rc != SQLITE_DONE) {
		r = store_dberr(s, err, errlen, "read");
	}
	sqlite3_finalize(st);
	return r;
}

int store_find(struct store *s, const char *id, int64_t **seqs, size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	*seqs = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT seq FROM entries WHERE rec_id = ?1 AND kind = 'record' ORDER BY seq", -1,
			       &st, NULL) != SQLITE_OK)
		return store_dberr(s, err, errlen, "read");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			int64_t *v = realloc(*seqs, cap * sizeof(**seqs));
			if (!v) {
				sqlite3_finalize(st);
				return store_seterr(err, errlen, "out of memory");
			}
			*seqs = v;
		}
		(*seqs)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_dberr(s, err, errlen, "read");
	return 0;
}

int store_head(struct store *s, uint64_t *size, unsigned char root[MERKLE_HASH_LEN], char *err, size_t errlen)
{
	struct merkle_frontier fr;
	if (store_read_frontier(s, &fr, err, errlen))
		return -1;
	*size = fr.size;
	merkle_frontier_root(&fr, root);
	return 0;
}

/* Reads the leaf hashes of entries [0, n). */
static int read_leaves(struct store *s, uint64_t n, unsigned char (**out)[32], char *err, size_t errlen)
{
	unsigned char(*leaves)[32] = malloc((n ? n : 1) * 32);
	if (!leaves)
		return store_seterr(err, errlen, "out of memory for %" PRIu64 " leaf hashes", n);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT seq, leaf FROM entries WHERE seq < ?1 ORDER BY seq", -1, &st, NULL) !=
	    SQLITE_OK) {
		free(leaves);
		return store_dberr(s, err, errlen, "read");
	}
	sqlite3_bind_int64(st, 1, (int64_t)n);
	uint64_t i = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (i >= n || sqlite3_column_int64(st, 0) != (int64_t)i || sqlite3_column_bytes(st, 1) != 32)
			break;
		memcpy(leaves[i++], sqlite3_column_blob(st, 1), 32);
	}
	sqlite3_finalize(st);
	if (i != n) {
		free(leaves);
		return store_seterr(err, errlen, "the ledger is damaged near entry %" PRIu64 " (run verify)", i);
	}
	*out = leaves;
	return 0;
}

int store_inclusion(struct store *s, int64_t seq, uint64_t *size, unsigned char root[MERKLE_HASH_LEN],
		    unsigned char (*path)[MERKLE_HASH_LEN], char *err, size_t errlen)
{
	uint64_t cur;
	unsigned char r[32];
	if (store_head(s, &cur, r, err, errlen))
		return -1;
	if (*size == 0 || *size > cur)
		*size = cur;
	if (seq < 0 || (uint64_t)seq >= *size)
		return store_seterr(err, errlen, "entry %" PRId64 " is not in a tree of size %" PRIu64, seq, *size);
	unsigned char(*leaves)[32] = NULL;
	if (read_leaves(s, *size, &leaves, err, errlen))
		return -1;
	int k = merkle_inclusion_proof((const unsigned char(*)[32])leaves, *size, (uint64_t)seq, path);
	merkle_root((const unsigned char(*)[32])leaves, *size, root);
	free(leaves);
	return k;
}

int store_add_checkpoint(struct store *s, const struct checkpoint *cp, char *err, size_t errlen)
{
	struct buf t = BUF_INIT;
	checkpoint_format(cp, &t);
	sqlite3_stmt *st = NULL;
	int ok = store_exec_retry(s->db, "BEGIN IMMEDIATE") == 0 &&
		 sqlite3_prepare_v2(s->db, "INSERT INTO checkpoints(size, root, ts_us, pubkey, sig, text)"
					   " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &st, NULL) == SQLITE_OK;
	if (ok) {
		sqlite3_bind_int64(st, 1, (int64_t)cp->size);
		sqlite3_bind_blob(st, 2, cp->root, 32, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, cp->time_us);
		sqlite3_bind_blob(st, 4, cp->pub, SIGN_PUB_LEN, SQLITE_STATIC);
		sqlite3_bind_blob(st, 5, cp->sig, SIGN_SIG_LEN, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, t.p, (int)t.len, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_DONE;
	}
	sqlite3_finalize(st);
	buf_release(&t);
	if (!ok || store_exec_retry(s->db, "COMMIT")) {
		store_dberr(s, err, errlen, "checkpoint");
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

/* ---- backup ---- */

int store_backup(struct store *s, const char *path, char *err, size_t errlen)
{
	/* An empty file of ours first, at 0600 like the ledger: VACUUM INTO
	 * fills an empty file and refuses any other. */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return store_seterr(err, errlen, errno == EEXIST ? "'%s' exists; backup writes a new file" : "cannot create '%s': %s",
			      path, strerror(errno));
	close(fd);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, "VACUUM INTO ?1", -1, &st, NULL) != SQLITE_OK)
		return store_dberr(s, err, errlen, "backup");
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_dberr(s, err, errlen, "backup");
		unlink(path);
		return -1;
	}
	return 0;
}
