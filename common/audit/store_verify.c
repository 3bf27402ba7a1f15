/*
 * store_verify: verify (every leaf, the tree, every head and checkpoint,
 * optionally every payload, in parallel over read connections) and the
 * same checks for one entry (store_check_entry).
 */
#include "audit/store_impl.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/sqlfile.h"

/* ---- verify ---- */

struct range {
	int64_t lo, hi;
};

struct ranges {
	struct range *v;
	size_t n, cap;
};

static int add_range(void *ctx, int64_t lo, int64_t hi)
{
	struct ranges *r = ctx;
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		struct range *v = realloc(r->v, cap * sizeof(*v));
		if (!v)
			return -1;
		r->v = v;
		r->cap = cap;
	}
	r->v[r->n++] = (struct range){ lo, hi };
	return 0;
}

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static int covered(const struct ranges *r, int64_t seq)
{
	size_t lo = 0, hi = r->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (r->v[mid].lo <= seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Ranges may overlap across erase entries: look back over those that
	 * start at or before seq (few in practice). */
	for (size_t i = lo; i-- > 0;)
		if (r->v[i].hi >= seq)
			return 1;
	return 0;
}

/* A tree size the ledger is held to: a stored head, a stored checkpoint or
 * an outside checkpoint. */
struct target {
	uint64_t size;
	unsigned char root[32];
	char what[160];
};

static int cmp_target(const void *a, const void *b)
{
	const struct target *x = a, *y = b;
	return x->size < y->size ? -1 : x->size > y->size;
}

static int fail(struct store_verify *v, int64_t seq, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct store_verify *v, int64_t seq, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v->problem, sizeof(v->problem), fmt, ap);
	va_end(ap);
	v->bad_seq = seq;
	return 1;
}

static int add_target(struct target **t, size_t *n, size_t *cap, uint64_t size, const unsigned char *root,
		      const char *what)
{
	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 256;
		struct target *x = realloc(*t, c * sizeof(*x));
		if (!x)
			return -1;
		*t = x;
		*cap = c;
	}
	(*t)[*n].size = size;
	memcpy((*t)[*n].root, root, 32);
	snprintf((*t)[*n].what, sizeof((*t)[*n].what), "%s", what);
	(*n)++;
	return 0;
}

static int check_cp(struct store *s, struct store_verify *v, const struct checkpoint *cp, const char *name)
{
	if (memcmp(cp->origin, s->origin, SIGN_ORIGIN_LEN))
		return fail(v, -1, "%s is for another ledger (origin differs)", name);
	if (v->pin && memcmp(cp->pub, v->pin, SIGN_PUB_LEN))
		return fail(v, -1, "%s is not signed by the given public key", name);
	if (!checkpoint_verify_sig(cp))
		return fail(v, -1, "%s: the signature does not verify", name);
	return 0;
}

/* Loads every tree size to hold the ledger to, sorted. */
static int load_targets(struct store *s, struct store_verify *v, struct target **t, size_t *n, char *err,
			size_t errlen)
{
	size_t cap = 0;
	sqlite3_stmt *st = NULL;
	char what[160];
	*t = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT size, root FROM heads ORDER BY size", -1, &st, NULL) != SQLITE_OK)
		return store_dberr(s, err, errlen, "read heads");
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t size = sqlite3_column_int64(st, 0);
		snprintf(what, sizeof(what), "the tree head at size %" PRId64, size);
		if (size < 0 || sqlite3_column_bytes(st, 1) != 32) {
			sqlite3_finalize(st);
			return fail(v, -1, "%s is damaged", what);
		}
		if (add_target(t, n, &cap, (uint64_t)size, sqlite3_column_blob(st, 1), what))
			goto oom;
		v->heads++;
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(s->db, "SELECT text, rowid FROM checkpoints ORDER BY rowid", -1, &st, NULL) != SQLITE_OK)
		return store_dberr(s, err, errlen, "read checkpoints");
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct checkpoint cp;
		char e2[200];
		snprintf(what, sizeof(what), "stored checkpoint %" PRId64, (int64_t)sqlite3_column_int64(st, 1));
		const char *text = (const char *)sqlite3_column_text(st, 0);
		if (!text || checkpoint_parse(text, (size_t)sqlite3_column_bytes(st, 0), &cp, e2, sizeof(e2))) {
			sqlite3_finalize(st);
			return fail(v, -1, "%s is damaged: %s", what, text ? e2 : "no text");
		}
		if (check_cp(s, v, &cp, what)) {
			sqlite3_finalize(st);
			return 1;
		}
		snprintf(what + strlen(what), sizeof(what) - strlen(what), " (size %" PRIu64 ")", cp.size);
		if (add_target(t, n, &cap, cp.size, cp.root, what))
			goto oom;
		v->checkpoints++;
	}
	sqlite3_finalize(st);
	for (size_t i = 0; i < v->ncps; i++) {
		const char *name = v->cp_names ? v->cp_names[i] : "checkpoint";
		snprintf(what, sizeof(what), "checkpoint %s (size %" PRIu64 ")", name, v->cps[i].size);
		if (check_cp(s, v, &v->cps[i], what))
			return 1;
		if (add_target(t, n, &cap, v->cps[i].size, v->cps[i].root, what))
			goto oom;
		v->checkpoints++;
	}
	if (*n)
		qsort(*t, *n, sizeof(**t), cmp_target);
	return 0;
oom:
	sqlite3_finalize(st);
	return store_seterr(err, errlen, "out of memory");
}

/*
 * verify runs in two parts. Workers (one thread and one read connection
 * each) take disjoint ranges of sequence numbers of a window and, per
 * entry, check the sequence, rebuild the envelope, hash the leaf, compare
 * it with the stored one and check the payload; they write the leaf hashes
 * into the window's array. Then this thread folds the leaves into the
 * frontier in order, checking every head and checkpoint it passes. The
 * first failure is the smallest sequence number any part blames.
 */
#define VERIFY_WINDOW ((int64_t)1 << 20)
#define VERIFY_MAX_THREADS 8
/* Workers also hash each aligned block of 2^VERIFY_BLOCK_LOG leaves into
 * its subtree root, so the fold pushes one node per block wherever no head
 * or checkpoint falls inside it. Ranges start on block boundaries. */
#define VERIFY_BLOCK_LOG 12
#define VERIFY_BLOCK ((int64_t)1 << VERIFY_BLOCK_LOG)

struct vwork {
	struct store *s;
	const char *path;
	int payloads;
	int64_t lo, hi;           /* the range [lo, hi) */
	unsigned char (*leaves)[32]; /* leaves[seq - lo] */
	unsigned char (*blocks)[32]; /* the window's block roots: blocks[(seq - base) >> VERIFY_BLOCK_LOG] */
	int64_t base;
	/* results */
	int failed;               /* 1: bad_seq/problem; -1: error in problem */
	int64_t bad_seq;
	char problem[768];
	int64_t *missing;
	size_t nmissing, capmissing;
	struct ranges erased;     /* what the erase entries of the range name */
	uint64_t payloads_checked;
};

/* What check_row() found. */
enum row_check {
	ROW_OK = 0,      /* the leaf holds; no payload, or payloads not checked */
	ROW_OK_PAYLOAD,  /* the leaf holds and the payload matches its digest */
	ROW_MISSING,     /* the leaf holds; the digest's payload is gone (erased?) */
	ROW_BAD,         /* problem written */
};

/*
 * The checks verify makes of one entry, on st's current row: STORE_ENTRY_COLS,
 * then the payload's dict, raw_len and (when payloads is set) data, NULL
 * when there is no payload row. The envelope is rebuilt from the columns
 * into env and its leaf hash (into leaf) compared with the stored one;
 * with payloads, the payload is digested as the ledger's schema says and
 * compared with the entry's payload_mac (raw: scratch for schema 1, or
 * the decompressed payload wanted by a caller, see store_check_entry()).
 */
static enum row_check check_row(struct store *s, sqlite3_stmt *st, int payloads, ZSTD_DCtx *dctx, struct entry *e,
				struct buf *env, struct buf *raw, unsigned char leaf[MERKLE_HASH_LEN], char *problem,
				size_t plen)
{
	int64_t seq = sqlite3_column_int64(st, 0);
	const char *bad = NULL;
	const int cp0 = STORE_COL_LEAF + 1;
	if (store_row_entry(st, e, &bad)) {
		snprintf(problem, plen, "entry %" PRId64 ": column %s holds a value the ledger never writes", seq, bad);
		return ROW_BAD;
	}
	buf_reset(env);
	if (entry_envelope(e, env)) {
		snprintf(problem, plen, "entry %" PRId64 ": a column holds invalid UTF-8", seq);
		return ROW_BAD;
	}
	merkle_leaf_hash(env->p, env->len, leaf);
	if (sqlite3_column_bytes(st, STORE_COL_LEAF) != 32 || memcmp(sqlite3_column_blob(st, STORE_COL_LEAF), leaf, 32)) {
		int idn = e->f[EF_REC_ID].set ? (int)(e->f[EF_REC_ID].n > 100 ? 100 : e->f[EF_REC_ID].n) : 0;
		snprintf(problem, plen, "entry %" PRId64 "%s%.*s%s: its columns do not match its leaf hash (changed after it was written)",
			 seq, idn ? " (id " : "", idn, idn ? e->f[EF_REC_ID].s : "", idn ? ")" : "");
		return ROW_BAD;
	}
	int has_payload = sqlite3_column_type(st, cp0) != SQLITE_NULL;
	if (!e->f[EF_PAYLOAD_MAC].set) {
		if (!has_payload)
			return ROW_OK;
		snprintf(problem, plen, "entry %" PRId64 ": a payload without a digest in the entry", seq);
		return ROW_BAD;
	}
	if (!has_payload)
		return ROW_MISSING;
	if (!payloads)
		return ROW_OK;
	int64_t dict = sqlite3_column_int64(st, cp0), rl = sqlite3_column_int64(st, cp0 + 1);
	const void *z = sqlite3_column_blob(st, cp0 + 2);
	size_t zn = (size_t)sqlite3_column_bytes(st, cp0 + 2);
	struct dict *d = dict ? store_find_dict(s, dict) : NULL;
	unsigned char mac[32];
	if (dict && !d) {
		snprintf(problem, plen, "entry %" PRId64 ": the payload's dictionary %" PRId64 " is missing or unusable", seq, dict);
		return ROW_BAD;
	}
	if (s->schema >= 2) {
		/* The stored form is digested: no decompression needed. */
		static const unsigned char none[32];
		store_stored_mac(s, d ? d->digest : none, (uint64_t)rl, z ? z : "", zn, mac);
	} else {
		if (store_decompress_with(dctx, d, rl, z, zn, raw)) {
			snprintf(problem, plen, "entry %" PRId64 ": the payload does not decompress (changed after it was written)", seq);
			return ROW_BAD;
		}
		store_payload_mac(s, raw->p, raw->len, mac);
	}
	if (memcmp(mac, e->f[EF_PAYLOAD_MAC].s, 32)) {
		snprintf(problem, plen, "entry %" PRId64 ": the payload does not match its digest (changed after it was written)", seq);
		return ROW_BAD;
	}
	return ROW_OK_PAYLOAD;
}

static void *vwork_run(void *arg)
{
	struct vwork *w = arg;
	struct store *s = w->s;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	ZSTD_DCtx *dctx = ZSTD_createDCtx();
	struct buf env = BUF_INIT, raw = BUF_INIT;
	char sql[1536];
	int rc = SQLITE_OK;
	char why[300] = "out of memory";
	if (!dctx || sqlfile_open(w->path, SQLITE_OPEN_READONLY, STORE_BUSY_MS, &db, why, sizeof(why))) {
		snprintf(w->problem, sizeof(w->problem), "cannot open a reader: %s", why);
		w->failed = -1;
		goto out;
	}
	snprintf(sql, sizeof(sql), "SELECT %s, p.dict, p.raw_len, %s FROM entries e LEFT JOIN payloads p ON p.seq = e.seq"
		 " WHERE e.seq >= ?1 AND e.seq < ?2 ORDER BY e.seq",
		 STORE_ENTRY_COLS, w->payloads ? "p.data" : "NULL");
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(w->problem, sizeof(w->problem), "cannot read entries: %s", sqlite3_errmsg(db));
		w->failed = -1;
		goto out;
	}
	sqlite3_bind_int64(st, 1, w->lo);
	sqlite3_bind_int64(st, 2, w->hi);
	struct entry e;
	int64_t next = w->lo;
	struct merkle_frontier blk; /* the current block, when it starts in the range */
	int blk_on = 0;
#define VFAIL(q, ...) do { w->failed = 1; w->bad_seq = (q); snprintf(w->problem, sizeof(w->problem), __VA_ARGS__); goto out; } while (0)
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		if (seq != next)
			VFAIL(next, "entry %" PRId64 " is missing (the next entry is %" PRId64 ")", next, seq);
		next++;
		unsigned char *leaf = w->leaves[seq - w->lo];
		enum row_check cr = check_row(s, st, w->payloads, dctx, &e, &env, &raw, leaf, w->problem, sizeof(w->problem));
		if (cr == ROW_BAD) {
			w->failed = 1;
			w->bad_seq = seq;
			goto out;
		}
		if (!(seq & (VERIFY_BLOCK - 1))) {
			merkle_frontier_init(&blk);
			blk_on = 1;
		}
		if (blk_on) {
			merkle_frontier_push(&blk, leaf);
			if (blk.size == (uint64_t)VERIFY_BLOCK)
				merkle_frontier_root(&blk, w->blocks[(seq - w->base) >> VERIFY_BLOCK_LOG]);
		}
		if (e.f[EF_KIND].n == 5 && !memcmp(e.f[EF_KIND].s, "erase", 5) &&
		    (!e.f[EF_NOTE].set || entry_note_ranges(e.f[EF_NOTE].s, e.f[EF_NOTE].n, add_range, &w->erased)))
			VFAIL(seq, "entry %" PRId64 ": erase entry with a malformed list of entries", seq);
		if (cr == ROW_MISSING) {
			if (w->nmissing == w->capmissing) {
				w->capmissing = w->capmissing ? 2 * w->capmissing : 256;
				int64_t *m = realloc(w->missing, w->capmissing * sizeof(*m));
				if (!m)
					abort();
				w->missing = m;
			}
			w->missing[w->nmissing++] = seq;
		} else if (cr == ROW_OK_PAYLOAD) {
			w->payloads_checked++;
		}
	}
#undef VFAIL
	if (rc != SQLITE_DONE) {
		snprintf(w->problem, sizeof(w->problem), "cannot read entries: %s", sqlite3_errmsg(db));
		w->failed = -1;
	} else if (next != w->hi) {
		w->failed = 1;
		w->bad_seq = next;
		snprintf(w->problem, sizeof(w->problem), "entry %" PRId64 " is missing", next);
	}
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	ZSTD_freeDCtx(dctx);
	buf_release(&env);
	buf_release(&raw);
	return NULL;
}

int store_check_entry(struct store *s, int64_t seq, unsigned char leaf[MERKLE_HASH_LEN], struct buf *payload,
		      char *problem, size_t plen, char *err, size_t errlen)
{
	char sql[1536];
	snprintf(sql, sizeof(sql), "SELECT %s, p.dict, p.raw_len, p.data FROM entries e LEFT JOIN payloads p ON p.seq = e.seq"
		 " WHERE e.seq = ?1", STORE_ENTRY_COLS);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_dberr(s, err, errlen, "read");
	sqlite3_bind_int64(st, 1, seq);
	struct entry e;
	struct buf env = BUF_INIT, raw = BUF_INIT;
	int rc = sqlite3_step(st), r = 0;
	if (rc == SQLITE_DONE) {
		snprintf(problem, plen, "entry %" PRId64 " is missing", seq);
		r = 1;
	} else if (rc != SQLITE_ROW) {
		r = store_dberr(s, err, errlen, "read");
	} else {
		switch (check_row(s, st, 1, s->dctx, &e, &env, &raw, leaf, problem, plen)) {
		case ROW_BAD:
			r = 1;
			break;
		case ROW_MISSING:
			snprintf(problem, plen, "entry %" PRId64 ": the payload is gone", seq);
			r = 1;
			break;
		case ROW_OK:
			if (payload)
				buf_reset(payload);
			break;
		case ROW_OK_PAYLOAD:
			/* The bytes just digested, from the same row. */
			if (payload && store_decompress(s, sqlite3_column_int64(st, STORE_COL_LEAF + 1), sqlite3_column_int64(st, STORE_COL_LEAF + 2),
						  sqlite3_column_blob(st, STORE_COL_LEAF + 3),
						  (size_t)sqlite3_column_bytes(st, STORE_COL_LEAF + 3), payload)) {
				snprintf(problem, plen, "entry %" PRId64 ": the payload does not decompress (changed after it was written)", seq);
				r = 1;
			}
			break;
		}
	}
	sqlite3_finalize(st);
	buf_release(&env);
	buf_release(&raw);
	return r;
}

static int verify_threads(int want)
{
	if (want > 0)
		return want > VERIFY_MAX_THREADS ? VERIFY_MAX_THREADS : want;
	const char *e = getenv("LLM_AUDIT_THREADS");
	long n = e && *e ? strtol(e, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > VERIFY_MAX_THREADS ? VERIFY_MAX_THREADS : (int)n;
}

int store_verify(struct store *s, struct store_verify *v, char *err, size_t errlen)
{
	v->size = v->payloads_checked = v->erased = v->heads = v->checkpoints = 0;
	v->bad_seq = -1;
	v->problem[0] = '\0';
	struct target *t = NULL;
	size_t nt = 0, ti = 0;
	struct ranges erased = { 0 };
	int64_t *missing = NULL;
	size_t nmissing = 0, capmissing = 0;
	unsigned char(*leaves)[32] = NULL;
	struct vwork w[VERIFY_MAX_THREADS];
	int nthreads = verify_threads(v->threads);
	memset(w, 0, sizeof(w));
	/* One snapshot for the sizes: entries below it never change. */
	if (store_exec_retry(s->db, "BEGIN"))
		return store_dberr(s, err, errlen, "read");
	int r = load_targets(s, v, &t, &nt, err, errlen);
	int64_t minseq = 0, maxseq = -1;
	sqlite3_stmt *st = NULL;
	if (!r) {
		if (sqlite3_prepare_v2(s->db, "SELECT min(seq), max(seq) FROM entries", -1, &st, NULL) != SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_ROW) {
			r = store_dberr(s, err, errlen, "read entries");
		} else if (sqlite3_column_type(st, 0) == SQLITE_INTEGER) {
			minseq = sqlite3_column_int64(st, 0);
			maxseq = sqlite3_column_int64(st, 1);
		}
		sqlite3_finalize(st);
	}
	/* What the erase entries name (a payload may be gone only when one
	 * does) is collected by the workers as they pass them. */
	if (!r && minseq < 0)
		r = fail(v, 0, "an entry has the negative sequence number %" PRId64 " (rows were renumbered)", minseq);
	const char *path = sqlite3_db_filename(s->db, "main");
	int64_t total = maxseq + 1;
	struct merkle_frontier fr;
	merkle_frontier_init(&fr);
	unsigned char root[32];
	uint64_t prev_size = 0;
	int64_t win = total < VERIFY_WINDOW ? (total > 0 ? total : 1) : VERIFY_WINDOW;
	unsigned char(*blocks)[32] = NULL;
	if (!r && total > 0 &&
	    (!(leaves = malloc((size_t)win * 32)) || !(blocks = malloc((size_t)(win / VERIFY_BLOCK + 1) * 32))))
		r = store_seterr(err, errlen, "out of memory");
	for (int64_t base = 0; !r && base < total; base += win) {
		int64_t n = total - base < win ? total - base : win;
		int k = n < 4096 ? 1 : nthreads;
		pthread_t tid[VERIFY_MAX_THREADS];
		for (int i = 0; i < k; i++) {
			free(w[i].missing);
			free(w[i].erased.v);
			memset(&w[i].failed, 0, sizeof(w[i]) - offsetof(struct vwork, failed));
			w[i].s = s;
			w[i].path = path;
			w[i].payloads = v->payloads;
			w[i].base = base;
			/* Ranges start on block boundaries (the window's start is one). */
			w[i].lo = i ? base + ((n * i / k) & ~(VERIFY_BLOCK - 1)) : base;
			w[i].hi = i + 1 < k ? base + ((n * (i + 1) / k) & ~(VERIFY_BLOCK - 1)) : base + n;
			w[i].leaves = leaves + (w[i].lo - base);
			w[i].blocks = blocks;
		}
		int started = 0;
		for (int i = 1; i < k; i++, started++)
			if (pthread_create(&tid[i], NULL, vwork_run, &w[i]))
				break;
		vwork_run(&w[0]);
		for (int i = 1; i <= started; i++)
			pthread_join(tid[i], NULL);
		/* The first range that failed limits how far the fold may go. */
		int64_t upto = base + n;
		for (int i = 0; i < k; i++) {
			if (i > started) {
				r = store_seterr(err, errlen, "cannot start a verify thread");
				break;
			}
			if (w[i].failed < 0) {
				r = store_seterr(err, errlen, "audit store: %s", w[i].problem);
				break;
			}
			for (size_t j = 0; j < w[i].nmissing; j++) {
				if (nmissing == capmissing) {
					capmissing = capmissing ? 2 * capmissing : 256;
					int64_t *m = realloc(missing, capmissing * sizeof(*m));
					if (!m)
						abort();
					missing = m;
				}
				missing[nmissing++] = w[i].missing[j];
			}
			v->payloads_checked += w[i].payloads_checked;
			for (size_t j = 0; j < w[i].erased.n; j++)
				if (add_range(&erased, w[i].erased.v[j].lo, w[i].erased.v[j].hi))
					abort();
			if (w[i].failed) {
				upto = w[i].bad_seq;
				r = fail(v, w[i].bad_seq, "%s", w[i].problem);
				break;
			}
		}
		if (r < 0)
			break;
		/* Fold in order, checking each head and checkpoint passed. */
		int folded_fail = 0;
		for (int64_t q = base; q < upto;) {
			/* A whole block at once when no head or checkpoint is inside it. */
			if (!(q & (VERIFY_BLOCK - 1)) && q + VERIFY_BLOCK <= upto &&
			    (ti >= nt || t[ti].size >= (uint64_t)(q + VERIFY_BLOCK))) {
				merkle_frontier_push_subtree(&fr, VERIFY_BLOCK_LOG, blocks[(q - base) >> VERIFY_BLOCK_LOG]);
				q += VERIFY_BLOCK;
			} else {
				merkle_frontier_push(&fr, leaves[q - base]);
				q++;
			}
			while (ti < nt && t[ti].size <= fr.size) {
				if (t[ti].size == fr.size) {
					merkle_frontier_root(&fr, root);
					if (memcmp(root, t[ti].root, 32)) {
						r = fail(v, (int64_t)prev_size,
							 "entries %" PRIu64 "..%" PRIu64 " do not match %s (a leaf hash or the head was rewritten)",
							 prev_size, fr.size - 1, t[ti].what);
						folded_fail = 1;
						break;
					}
				} else {
					struct merkle_frontier z;
					merkle_frontier_init(&z);
					merkle_frontier_root(&z, root);
					if (memcmp(root, t[ti].root, 32)) {
						r = fail(v, 0, "%s is damaged", t[ti].what);
						folded_fail = 1;
						break;
					}
				}
				prev_size = t[ti].size;
				ti++;
			}
			if (folded_fail)
				break;
		}
		if (r)
			break;
	}
	for (int i = 0; i < VERIFY_MAX_THREADS; i++) {
		free(w[i].missing);
		free(w[i].erased.v);
	}
	v->size = fr.size;
	merkle_frontier_root(&fr, v->root);
	if (!r && ti < nt && t[ti].size == 0)
		ti++;
	if (!r && ti < nt)
		r = fail(v, (int64_t)fr.size,
			 "entry %" PRIu64 " is missing: the ledger ends there but %s records %" PRIu64 " entries (truncated)",
			 fr.size, t[nt - 1].what, t[nt - 1].size);
	if (!r) {
		int64_t msize = store_meta_int(s, "size", -1);
		if (msize != (int64_t)fr.size)
			r = fail(v, msize >= 0 && msize < (int64_t)fr.size ? msize : (int64_t)fr.size,
				 "the ledger holds %" PRIu64 " entries but meta says %" PRId64, fr.size, msize);
	}
	/* Payloads gone without an erase entry naming them. After a failure
	 * the workers did not see every erase entry: read them all, so that
	 * an erased payload before the failure is not blamed instead. */
	if (r > 0 && nmissing) {
		erased.n = 0;
		if (sqlite3_prepare_v2(s->db, "SELECT note FROM entries WHERE kind = 'erase' AND note IS NOT NULL", -1,
				       &st, NULL) == SQLITE_OK) {
			while (sqlite3_step(st) == SQLITE_ROW)
				entry_note_ranges((const char *)sqlite3_column_text(st, 0),
						  (size_t)sqlite3_column_bytes(st, 0), add_range, &erased);
			sqlite3_finalize(st);
		}
	}
	if (r >= 0 && nmissing) {
		if (erased.n)
			qsort(erased.v, erased.n, sizeof(*erased.v), cmp_range);
		for (size_t i = 0; i < nmissing; i++) {
			if (r && missing[i] >= v->bad_seq)
				break;
			if (covered(&erased, missing[i])) {
				v->erased++;
				continue;
			}
			r = fail(v, missing[i], "entry %" PRId64 ": the payload is gone and no erase entry names it", missing[i]);
			break;
		}
	}
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	free(leaves);
	free(blocks);
	free(t);
	free(erased.v);
	free(missing);
	return r;
}
