/*
 * store: the ledger's SQLite side; see store.h for the tables and rules.
 */
/* SHA256_Init and friends are deprecated in OpenSSL 3 in favour of EVP;
 * the payload HMAC uses them for their plain, copyable contexts */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "audit/store.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <stddef.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zdict.h>
#include <zstd.h>

#include "core/hash.h"
#include "core/sqlfile.h"

#define STORE_BUSY_MS 60000
/* Schema 2 digests a payload in its stored form (see stored_mac()); a
 * ledger of schema 1 keeps digesting the record itself, as it was made. */
#define STORE_SCHEMA 2
#define STORE_SCHEMA_MIN 1
#define STORE_ZLEVEL 3
#define STORE_DICT_MIN 1000      /* records before a dictionary is trained */
#define STORE_DICT_SAMPLES 2000
#define STORE_DICT_SIZE (32 << 10)
#define STORE_MAX_DICTS 64
#define STORE_PAYLOAD_MAX ((size_t)1 << 30)

struct pend {
	size_t off[EF_COUNT]; /* into arena, for text and blob values */
	struct entry e;       /* pointers rebuilt from off at commit */
	size_t zoff, zlen, rawlen;
	int64_t dict;
	int has_payload;
	/* The leaf hashed up to its seq value on the preparing thread; the
	 * envelope after the value is in arena at tail_off. The commit adds
	 * the seq's digits and the tail: a tenth of the hashing, and no
	 * envelope built, under the write lock. */
	struct merkle_leaf leaf;
	size_t tail_off, tail_len;
};

struct dict {
	int64_t id;
	int keys_only; /* kind 'keys': trained on record skeletons, never on values (see skeleton()) */
	unsigned char digest[32]; /* SHA-256 of its bytes, bound into schema 2 payload digests */
	ZSTD_CDict *c;
	ZSTD_DDict *d;
};

/*
 * Entries ready for the write lock: payload digests computed, payloads
 * compressed, text columns copied into one arena. Owned by one thread at
 * a time; a pipeline hands whole batches between threads under its own
 * lock. dict/cdict are stamped by store_batch_reset() on the store's
 * thread; the CDict is immutable and lives as long as the store, so a
 * worker may compress with it while the store trains or loads another.
 */
struct store_batch {
	struct pend *q;
	size_t nq, qcap;
	struct buf arena;
	int64_t dict;            /* the dictionary the payloads use, 0 for none */
	const ZSTD_CDict *cdict; /* its compression side, NULL for none */
	unsigned char dict_digest[32]; /* its digest, zeros for none */
};

/* What one thread needs to prepare entries: a CCtx of its own; the HMAC
 * key states are the store's, which nobody writes after store_open(). */
struct store_worker {
	const struct store *s;
	ZSTD_CCtx *cctx;
	struct buf env;
};

struct store {
	sqlite3 *db;
	int readonly;
	int schema; /* STORE_SCHEMA_MIN..STORE_SCHEMA: how payloads are digested */
	unsigned char key[32];
	unsigned char origin[SIGN_ORIGIN_LEN];
	/* HMAC-SHA256 (RFC 2104) states after the padded key, computed once:
	 * plain structs that any thread may read and copy (EVP's context copy
	 * and dispatch cost as much as hashing a 1 KB payload's blocks) */
	SHA256_CTX mac_in, mac_out;
	struct store_worker self; /* store_queue()'s own preparation state */
	ZSTD_DCtx *dctx;
	struct dict dicts[STORE_MAX_DICTS];
	size_t ndicts;
	int64_t cur_dict; /* newest keys-only dictionary, 0 for none: what new payloads use */
	int dict_tried;
	struct store_batch queue; /* what the next commit appends */
	struct buf raw;
	sqlite3_stmt *ins_entry, *ins_payload;
};

static int seterr(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int dberr(struct store *s, char *err, size_t errlen, const char *what)
{
	return seterr(err, errlen, "audit store: %s: %s", what, s->db ? sqlite3_errmsg(s->db) : "out of memory");
}

int64_t store_now_us(void)
{
	const char *fake = getenv("LLM_NOW");
	if (fake && *fake)
		return (int64_t)strtoll(fake, NULL, 10) * 1000000;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Runs sql, retrying while another connection holds a lock the busy
 * handler does not wait for (journal-mode switches, BEGIN IMMEDIATE
 * racing a checkpoint). */
static int exec_retry(sqlite3 *db, const char *sql)
{
	return sqlfile_exec_retry(db, sql, STORE_BUSY_MS);
}

static const char SCHEMA[] =
	"CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS entries ("
	" seq INTEGER PRIMARY KEY, ts_us INTEGER NOT NULL, kind TEXT NOT NULL, rec_id TEXT,"
	" workload TEXT, class TEXT, findings TEXT, filter_in TEXT, filter_out TEXT,"
	" backend TEXT, rule TEXT, policy TEXT, denied INTEGER, provider TEXT, model TEXT,"
	" status TEXT, finish_reason TEXT, error_code TEXT, latency_us INTEGER, ttft_us INTEGER,"
	" input_tokens INTEGER, output_tokens INTEGER, cost_micro_usd INTEGER, attempts INTEGER,"
	" prompt_bytes INTEGER, output_bytes INTEGER, note TEXT, payload_mac BLOB, leaf BLOB NOT NULL);"
	"CREATE INDEX IF NOT EXISTS entries_rec_id ON entries(rec_id);"
	"CREATE INDEX IF NOT EXISTS entries_ts ON entries(ts_us);"
	"CREATE TABLE IF NOT EXISTS payloads (seq INTEGER PRIMARY KEY, dict INTEGER NOT NULL,"
	" raw_len INTEGER NOT NULL, data BLOB NOT NULL);"
	"CREATE TABLE IF NOT EXISTS dicts (id INTEGER PRIMARY KEY, created_us INTEGER NOT NULL, data BLOB NOT NULL,"
	" kind TEXT);"
	"CREATE TABLE IF NOT EXISTS heads (size INTEGER PRIMARY KEY, root BLOB NOT NULL, ts_us INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS checkpoints (size INTEGER NOT NULL, root BLOB NOT NULL, ts_us INTEGER NOT NULL,"
	" pubkey BLOB NOT NULL, sig BLOB NOT NULL, text TEXT NOT NULL);"
	/* Views for the questions people ask with the sqlite3 shell. */
	"CREATE VIEW IF NOT EXISTS records AS SELECT seq, datetime(ts_us / 1000000, 'unixepoch') AS time,"
	" rec_id AS id, workload, class, findings, filter_in, filter_out, backend, rule, policy, provider, model,"
	" status, error_code, latency_us / 1000.0 AS latency_ms, ttft_us / 1000.0 AS ttft_ms, input_tokens,"
	" output_tokens, cost_micro_usd / 1e6 AS cost_usd,"
	" (SELECT count(*) FROM payloads p WHERE p.seq = entries.seq) = 0 AS erased"
	" FROM entries WHERE kind = 'record';"
	"CREATE VIEW IF NOT EXISTS daily AS SELECT date(ts_us / 1000000, 'unixepoch') AS day, backend, model,"
	" count(*) AS records, sum(status = 'error') AS errors, sum(status = 'blocked') AS blocked,"
	" sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,"
	" sum(cost_micro_usd) / 1e6 AS cost_usd, avg(latency_us) / 1000.0 AS avg_latency_ms"
	" FROM entries WHERE kind = 'record' GROUP BY day, backend, model;"
	"CREATE VIEW IF NOT EXISTS errors AS SELECT seq, datetime(ts_us / 1000000, 'unixepoch') AS time,"
	" rec_id AS id, backend, model, status, error_code FROM entries"
	" WHERE kind = 'record' AND status IN ('error', 'blocked', 'denied');"
	"CREATE VIEW IF NOT EXISTS erasures AS SELECT seq, datetime(ts_us / 1000000, 'unixepoch') AS time,"
	" rec_id AS reason, note AS erased FROM entries WHERE kind = 'erase';";

static int64_t meta_int(struct store *s, const char *name, int64_t dflt)
{
	sqlite3_stmt *st = NULL;
	int64_t r = dflt;
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE name = ?1", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_INTEGER)
			r = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return r;
}

/* Copies meta blob name (exactly len bytes, or up to cap when len is 0)
 * into out; returns its length, or -1 when absent or the wrong size. */
static int meta_blob(struct store *s, const char *name, unsigned char *out, size_t len, size_t cap)
{
	sqlite3_stmt *st = NULL;
	int r = -1;
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE name = ?1", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_BLOB) {
			size_t n = (size_t)sqlite3_column_bytes(st, 0);
			if ((len && n == len) || (!len && n <= cap)) {
				memcpy(out, sqlite3_column_blob(st, 0), n);
				r = (int)n;
			}
		}
	}
	sqlite3_finalize(st);
	return r;
}

static int meta_put(struct store *s, const char *name, const void *blob, size_t len, int64_t num)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO meta(name, value) VALUES (?1, ?2)", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (blob)
		sqlite3_bind_blob(st, 2, blob, (int)len, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 2, num);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int meta_put_new(struct store *s, const char *name, const void *blob, size_t len)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO meta(name, value) VALUES (?1, ?2)", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, blob, (int)len, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Ledgers made before dictionaries were trained on skeletons have no
 * dicts.kind: their dictionaries (kind NULL) hold record text. */
static int add_dict_kind(struct store *s)
{
	sqlite3_stmt *st = NULL;
	int have = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM pragma_table_info('dicts') WHERE name = 'kind'", -1, &st,
			       NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		have = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (have)
		return 0;
	return sqlite3_exec(s->db, "ALTER TABLE dicts ADD COLUMN kind TEXT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* Creates the schema and the ledger's secrets once; racing creators each
 * run this under the write lock, and the first one's values stay. */
static int init_schema(struct store *s, char *err, size_t errlen)
{
	unsigned char key[32], origin[SIGN_ORIGIN_LEN];
	if (hash_random(key, sizeof(key)) || hash_random(origin, sizeof(origin)))
		return seterr(err, errlen, "audit store: no random bytes for the payload key");
	if (exec_retry(s->db, "BEGIN IMMEDIATE"))
		return dberr(s, err, errlen, "create");
	/* Never add our tables to someone else's database. */
	sqlite3_stmt *st = NULL;
	int foreign = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT (SELECT count(*) FROM sqlite_master) > 0 AND"
				      " (SELECT count(*) FROM sqlite_master WHERE name = 'meta' AND type = 'table') = 0",
			       -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		foreign = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (foreign) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return seterr(err, errlen, "%s is a SQLite database but not an llm-audit ledger",
			      sqlite3_db_filename(s->db, "main"));
	}
	int ok = sqlite3_exec(s->db, SCHEMA, NULL, NULL, NULL) == SQLITE_OK &&
		 add_dict_kind(s) == 0 &&
		 meta_put_new(s, "payload_key", key, sizeof(key)) == 0 &&
		 meta_put_new(s, "origin", origin, sizeof(origin)) == 0;
	if (ok && meta_int(s, "schema", -1) < 0)
		ok = meta_put(s, "schema", NULL, 0, STORE_SCHEMA) == 0 && meta_put(s, "size", NULL, 0, 0) == 0;
	OPENSSL_cleanse(key, sizeof(key));
	if (!ok || exec_retry(s->db, "COMMIT")) {
		dberr(s, err, errlen, "create");
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

static int mac_init(struct store *s)
{
	unsigned char pad[64];
	memset(pad, 0x36, sizeof(pad));
	for (size_t i = 0; i < sizeof(s->key); i++)
		pad[i] ^= s->key[i];
	if (!SHA256_Init(&s->mac_in) || !SHA256_Update(&s->mac_in, pad, sizeof(pad)))
		return -1;
	memset(pad, 0x5c, sizeof(pad));
	for (size_t i = 0; i < sizeof(s->key); i++)
		pad[i] ^= s->key[i];
	if (!SHA256_Init(&s->mac_out) || !SHA256_Update(&s->mac_out, pad, sizeof(pad)))
		return -1;
	OPENSSL_cleanse(pad, sizeof(pad));
	return 0;
}

/* Ends an HMAC-SHA256 under the payload key whose inner hash c (started
 * from s->mac_in, on any thread) has taken the message. */
static void mac_end(const struct store *s, SHA256_CTX *c, unsigned char out[32])
{
	unsigned char inner[32];
	SHA256_Final(inner, c);
	*c = s->mac_out;
	SHA256_Update(c, inner, sizeof(inner));
	SHA256_Final(out, c);
	OPENSSL_cleanse(c, sizeof(*c));
}

/* The schema 1 payload digest: HMAC-SHA256 of the record [p, p + n). */
static void payload_mac(const struct store *s, const void *p, size_t n, unsigned char out[32])
{
	SHA256_CTX c = s->mac_in;
	SHA256_Update(&c, p, n);
	mac_end(s, &c, out);
}

/*
 * The schema 2 payload digest: HMAC-SHA256 over the dictionary's digest
 * (32 zero bytes for none), the record's length (8 bytes, little-endian)
 * and the compressed bytes as stored. It binds everything the record is
 * rebuilt from, so verify checks a payload without decompressing it: a
 * sixth of the bytes to hash and no zstd.
 */
static void stored_mac(const struct store *s, const unsigned char dict_digest[32], uint64_t raw_len, const void *z,
		       size_t zn, unsigned char out[32])
{
	unsigned char len[8];
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(raw_len >> (8 * i));
	SHA256_CTX c = s->mac_in;
	SHA256_Update(&c, dict_digest, 32);
	SHA256_Update(&c, len, sizeof(len));
	SHA256_Update(&c, z, zn);
	mac_end(s, &c, out);
}

static void worker_release(struct store_worker *w)
{
	ZSTD_freeCCtx(w->cctx);
	buf_release(&w->env);
	memset(w, 0, sizeof(*w));
}

static int worker_init(const struct store *s, struct store_worker *w)
{
	memset(w, 0, sizeof(*w));
	w->s = s;
	buf_init(&w->env);
	w->cctx = ZSTD_createCCtx();
	if (!w->cctx || ZSTD_isError(ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_compressionLevel, STORE_ZLEVEL))) {
		worker_release(w);
		return -1;
	}
	return 0;
}

struct store_worker *store_worker_new(struct store *s, char *err, size_t errlen)
{
	struct store_worker *w = malloc(sizeof(*w));
	if (!w || worker_init(s, w)) {
		free(w);
		seterr(err, errlen, "out of memory (zstd)");
		return NULL;
	}
	return w;
}

void store_worker_free(struct store_worker *w)
{
	if (!w)
		return;
	worker_release(w);
	free(w);
}

static const char INS_ENTRY[] =
	"INSERT INTO entries(seq, ts_us, kind, rec_id, workload, class, findings, filter_in, filter_out, backend,"
	" rule, policy, denied, provider, model, status, finish_reason, error_code, latency_us, ttft_us,"
	" input_tokens, output_tokens, cost_micro_usd, attempts, prompt_bytes, output_bytes, note, payload_mac,"
	" leaf) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,"
	" ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)";
/* The entry columns in EF order, for reading rows back. */
static const char ENTRY_COLS[] =
	"e.seq, e.ts_us, e.kind, e.rec_id, e.workload, e.class, e.findings, e.filter_in, e.filter_out, e.backend,"
	" e.rule, e.policy, e.denied, e.provider, e.model, e.status, e.finish_reason, e.error_code, e.latency_us,"
	" e.ttft_us, e.input_tokens, e.output_tokens, e.cost_micro_usd, e.attempts, e.prompt_bytes,"
	" e.output_bytes, e.note, e.payload_mac, e.leaf";
#define COL_LEAF EF_COUNT

static int load_dicts(struct store *s, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	/* A ledger opened read-only may predate dicts.kind. */
	if (sqlite3_prepare_v2(s->db, "SELECT id, data, kind = 'keys' FROM dicts ORDER BY id", -1, &st, NULL) !=
		    SQLITE_OK &&
	    sqlite3_prepare_v2(s->db, "SELECT id, data, 0 FROM dicts ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, errlen, "dictionaries");
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

static struct dict *find_dict(struct store *s, int64_t id)
{
	for (size_t i = 0; i < s->ndicts; i++)
		if (s->dicts[i].id == id)
			return &s->dicts[i];
	return NULL;
}

struct store *store_open(const char *path, int flags, char *err, size_t errlen)
{
	struct store *s = calloc(1, sizeof(*s));
	if (!s) {
		seterr(err, errlen, "out of memory");
		return NULL;
	}
	s->readonly = !!(flags & STORE_READONLY);
	if (!s->readonly && (flags & STORE_CREATE)) {
		/* Created by us at 0600: the payloads are the records. */
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0) {
			seterr(err, errlen, "audit store %s: %s", path, strerror(errno));
			goto fail;
		}
		close(fd);
	}
	int of = s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	char why[300];
	if (sqlfile_open(path, of, STORE_BUSY_MS, &s->db, why, sizeof(why))) {
		seterr(err, errlen, "audit store %s: %s", path, why);
		goto fail;
	}
	if (!s->readonly) {
		if (exec_retry(s->db, "PRAGMA synchronous=FULL; PRAGMA secure_delete=ON; PRAGMA foreign_keys=OFF")) {
			dberr(s, err, errlen, path);
			goto fail;
		}
		if (init_schema(s, err, errlen))
			goto fail;
	}
	s->schema = (int)meta_int(s, "schema", -1);
	if (s->schema < STORE_SCHEMA_MIN || s->schema > STORE_SCHEMA) {
		seterr(err, errlen, "%s is not an llm-audit ledger (or of another schema version)", path);
		goto fail;
	}
	if (meta_blob(s, "payload_key", s->key, sizeof(s->key), 0) < 0 ||
	    meta_blob(s, "origin", s->origin, sizeof(s->origin), 0) < 0) {
		seterr(err, errlen, "%s: the ledger's meta table is damaged (payload_key, origin)", path);
		goto fail;
	}
	if (mac_init(s) || worker_init(s, &s->self) || !(s->dctx = ZSTD_createDCtx())) {
		seterr(err, errlen, "out of memory (libcrypto, zstd)");
		goto fail;
	}
	if (load_dicts(s, err, errlen))
		goto fail;
	if (!s->readonly &&
	    (sqlite3_prepare_v3(s->db, INS_ENTRY, -1, SQLITE_PREPARE_PERSISTENT, &s->ins_entry, NULL) != SQLITE_OK ||
	     sqlite3_prepare_v3(s->db, "INSERT INTO payloads(seq, dict, raw_len, data) VALUES (?1, ?2, ?3, ?4)", -1,
				SQLITE_PREPARE_PERSISTENT, &s->ins_payload, NULL) != SQLITE_OK)) {
		dberr(s, err, errlen, "prepare");
		goto fail;
	}
	return s;
fail:
	store_close(s);
	return NULL;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->ins_entry);
	sqlite3_finalize(s->ins_payload);
	sqlite3_close(s->db);
	OPENSSL_cleanse(s->key, sizeof(s->key));
	OPENSSL_cleanse(&s->mac_in, sizeof(s->mac_in));
	OPENSSL_cleanse(&s->mac_out, sizeof(s->mac_out));
	worker_release(&s->self);
	ZSTD_freeDCtx(s->dctx);
	for (size_t i = 0; i < s->ndicts; i++) {
		ZSTD_freeCDict(s->dicts[i].c);
		ZSTD_freeDDict(s->dicts[i].d);
	}
	free(s->queue.q);
	buf_release(&s->queue.arena);
	buf_release(&s->raw);
	free(s);
}

struct sqlite3 *store_db(struct store *s)
{
	return s->db;
}

void store_origin(const struct store *s, unsigned char origin[SIGN_ORIGIN_LEN])
{
	memcpy(origin, s->origin, SIGN_ORIGIN_LEN);
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
		return seterr(err, errlen, "zstd: %s", ZSTD_getErrorName(z));
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
		return seterr(err, errlen, "audit store: an entry holds invalid UTF-8");
	if (at >= w->env.len || w->env.p[at] != '0')
		return seterr(err, errlen, "audit store: internal error: no seq in an envelope");
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
		return seterr(err, errlen, "record of %zu bytes is too large for the ledger", n);
	struct pend *p = batch_push(b);
	if (!p)
		return seterr(err, errlen, "out of memory");
	if (!e->f[EF_TS_US].set)
		entry_set_int(e, EF_TS_US, store_now_us());
	unsigned char mac[ENTRY_MAC_LEN];
	if (payload) {
		if (pend_put_payload(w, b, p, payload, n, err, errlen))
			return -1;
		if (w->s->schema >= 2)
			stored_mac(w->s, b->dict_digest, n, b->arena.p + p->zoff, p->zlen, mac);
		else
			payload_mac(w->s, payload, n, mac);
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
	struct dict *d = s->cur_dict ? find_dict(s, s->cur_dict) : NULL;
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
		return seterr(err, errlen, "audit store is open read-only");
	if (!s->queue.nq)
		store_batch_reset(s, &s->queue);
	return store_batch_add(&s->self, &s->queue, e, payload, n, err, errlen);
}

static int decompress(struct store *s, int64_t dict, int64_t raw_len, const void *z, size_t zn, struct buf *out);

int store_queue_from(struct store *s, struct store_batch *b, size_t i, char *err, size_t errlen)
{
	if (s->readonly)
		return seterr(err, errlen, "audit store is open read-only");
	if (i >= b->nq)
		return seterr(err, errlen, "audit store: no entry %zu in the batch", i);
	if (!s->queue.nq)
		store_batch_reset(s, &s->queue);
	struct pend *src = &b->q[i];
	struct pend *p = batch_push(&s->queue);
	if (!p)
		return seterr(err, errlen, "out of memory");
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
		if (decompress(s, src->dict, (int64_t)src->rawlen, b->arena.p + src->zoff, src->zlen, &s->raw))
			return seterr(err, errlen, "audit store: a prepared payload does not decompress");
		if (pend_put_payload(&s->self, &s->queue, p, s->raw.p, s->raw.len, err, errlen))
			return -1;
		if (s->schema >= 2) { /* a new stored form, a new digest */
			stored_mac(s, s->queue.dict_digest, p->rawlen, s->queue.arena.p + p->zoff, p->zlen, mac);
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
	sqlite3_bind_blob(st, COL_LEAF + 1, leaf, 32, SQLITE_STATIC);
}

/* Reads size and frontier inside the write transaction. */
static int read_frontier(struct store *s, struct merkle_frontier *fr, char *err, size_t errlen)
{
	int64_t size = meta_int(s, "size", -1);
	unsigned char buf[MERKLE_MAX_LEVELS * MERKLE_HASH_LEN];
	int n = size > 0 ? meta_blob(s, "frontier", buf, 0, sizeof(buf)) : 0;
	merkle_frontier_init(fr);
	if (size < 0 || n < 0 || merkle_frontier_decode(fr, (uint64_t)size, buf, (size_t)n))
		return seterr(err, errlen, "audit store: the tree state in meta is damaged (run verify)");
	return 0;
}

/* Appends the queue; the caller holds the write transaction. */
static int append_locked(struct store *s, char *err, size_t errlen)
{
	struct merkle_frontier fr;
	unsigned char leaf[32], root[32];
	if (read_frontier(s, &fr, err, errlen))
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
			return dberr(s, err, errlen, "append");
		if (p->has_payload) {
			sqlite3_reset(s->ins_payload);
			sqlite3_bind_int64(s->ins_payload, 1, (int64_t)fr.size);
			sqlite3_bind_int64(s->ins_payload, 2, p->dict);
			sqlite3_bind_int64(s->ins_payload, 3, (int64_t)p->rawlen);
			sqlite3_bind_blob(s->ins_payload, 4, s->queue.arena.p + p->zoff, (int)p->zlen, SQLITE_STATIC);
			if (sqlite3_step(s->ins_payload) != SQLITE_DONE)
				return dberr(s, err, errlen, "append payload");
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
	if (!ok || meta_put(s, "size", NULL, 0, (int64_t)fr.size) || meta_put(s, "frontier", enc, en, 0))
		return dberr(s, err, errlen, "append");
	return 0;
}

static void queue_clear(struct store *s)
{
	s->queue.nq = 0;
	buf_reset(&s->queue.arena);
}

static int maybe_train(struct store *s);

int store_commit(struct store *s, char *err, size_t errlen)
{
	if (!s->queue.nq)
		return 0;
	if (exec_retry(s->db, "BEGIN IMMEDIATE"))
		return dberr(s, err, errlen, "lock");
	if (append_locked(s, err, errlen) || exec_retry(s->db, "COMMIT")) {
		if (!*err)
			dberr(s, err, errlen, "commit");
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	queue_clear(s);
	maybe_train(s);
	return 0;
}

/* ---- payloads ---- */

/* Decompresses a payload of raw_len bytes with dictionary d (NULL for
 * none) through dctx into out: 0, or -1 when it does not give exactly
 * raw_len bytes. */
static int decompress_with(ZSTD_DCtx *dctx, const struct dict *d, int64_t raw_len, const void *z, size_t zn,
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
static int decompress(struct store *s, int64_t dict, int64_t raw_len, const void *z, size_t zn, struct buf *out)
{
	struct dict *d = NULL;
	if (dict && !(d = find_dict(s, dict)))
		return -1;
	return decompress_with(s->dctx, d, raw_len, z, zn, out);
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
static int maybe_train(struct store *s)
{
	if (s->cur_dict || s->dict_tried || meta_int(s, "size", 0) < STORE_DICT_MIN)
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
		if (decompress(s, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_blob(st, 2),
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
	if (!ZDICT_isError(dn) && exec_retry(s->db, "BEGIN IMMEDIATE") == 0) {
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
		if (exec_retry(s->db, "COMMIT"))
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	}
	free(dict);
	char err[200];
	load_dicts(s, err, sizeof(err));
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

int store_payload(struct store *s, int64_t seq, struct buf *out, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT dict, raw_len, data FROM payloads WHERE seq = ?1", -1, &st, NULL) !=
	    SQLITE_OK)
		return dberr(s, err, errlen, "read");
	sqlite3_bind_int64(st, 1, seq);
	int rc = sqlite3_step(st), r = 0;
	if (rc == SQLITE_ROW) {
		r = 1;
		if (decompress(s, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_blob(st, 2),
			       (size_t)sqlite3_column_bytes(st, 2), out))
			r = seterr(err, errlen, "entry %" PRId64 ": the payload does not decompress (run verify)", seq);
	} else if (rc != SQLITE_DONE) {
		r = dberr(s, err, errlen, "read");
	}
	sqlite3_finalize(st);
	return r;
}

/* ---- reading entries back ---- */

/* Fills e from the row's first EF_COUNT columns. Returns -1 (with the
 * column's name in *bad) when a value has a type the ledger never writes. */
static int row_entry(sqlite3_stmt *st, struct entry *e, const char **bad)
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
	snprintf(sql, sizeof(sql), "SELECT %s FROM entries e WHERE e.seq = ?1", ENTRY_COLS);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, errlen, "read");
	sqlite3_bind_int64(st, 1, seq);
	int rc = sqlite3_step(st), r = 0;
	if (rc == SQLITE_ROW) {
		struct entry e;
		const char *bad = NULL;
		buf_reset(env);
		if (row_entry(st, &e, &bad) || entry_envelope(&e, env))
			r = seterr(err, errlen, "entry %" PRId64 " is damaged (run verify)", seq);
		else {
			merkle_leaf_hash(env->p, env->len, leaf);
			r = 1;
		}
	} else if (rc != SQLITE_DONE) {
		r = dberr(s, err, errlen, "read");
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
		return dberr(s, err, errlen, "read");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			int64_t *v = realloc(*seqs, cap * sizeof(**seqs));
			if (!v) {
				sqlite3_finalize(st);
				return seterr(err, errlen, "out of memory");
			}
			*seqs = v;
		}
		(*seqs)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return dberr(s, err, errlen, "read");
	return 0;
}

int store_head(struct store *s, uint64_t *size, unsigned char root[MERKLE_HASH_LEN], char *err, size_t errlen)
{
	struct merkle_frontier fr;
	if (read_frontier(s, &fr, err, errlen))
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
		return seterr(err, errlen, "out of memory for %" PRIu64 " leaf hashes", n);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT seq, leaf FROM entries WHERE seq < ?1 ORDER BY seq", -1, &st, NULL) !=
	    SQLITE_OK) {
		free(leaves);
		return dberr(s, err, errlen, "read");
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
		return seterr(err, errlen, "the ledger is damaged near entry %" PRIu64 " (run verify)", i);
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
		return seterr(err, errlen, "entry %" PRId64 " is not in a tree of size %" PRIu64, seq, *size);
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
	int ok = exec_retry(s->db, "BEGIN IMMEDIATE") == 0 &&
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
	if (!ok || exec_retry(s->db, "COMMIT")) {
		dberr(s, err, errlen, "checkpoint");
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

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
		return dberr(s, err, errlen, "read heads");
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
		return dberr(s, err, errlen, "read checkpoints");
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
	return seterr(err, errlen, "out of memory");
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
 * The checks verify makes of one entry, on st's current row: ENTRY_COLS,
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
	const int cp0 = COL_LEAF + 1;
	if (row_entry(st, e, &bad)) {
		snprintf(problem, plen, "entry %" PRId64 ": column %s holds a value the ledger never writes", seq, bad);
		return ROW_BAD;
	}
	buf_reset(env);
	if (entry_envelope(e, env)) {
		snprintf(problem, plen, "entry %" PRId64 ": a column holds invalid UTF-8", seq);
		return ROW_BAD;
	}
	merkle_leaf_hash(env->p, env->len, leaf);
	if (sqlite3_column_bytes(st, COL_LEAF) != 32 || memcmp(sqlite3_column_blob(st, COL_LEAF), leaf, 32)) {
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
	struct dict *d = dict ? find_dict(s, dict) : NULL;
	unsigned char mac[32];
	if (dict && !d) {
		snprintf(problem, plen, "entry %" PRId64 ": the payload's dictionary %" PRId64 " is missing or unusable", seq, dict);
		return ROW_BAD;
	}
	if (s->schema >= 2) {
		/* The stored form is digested: no decompression needed. */
		static const unsigned char none[32];
		stored_mac(s, d ? d->digest : none, (uint64_t)rl, z ? z : "", zn, mac);
	} else {
		if (decompress_with(dctx, d, rl, z, zn, raw)) {
			snprintf(problem, plen, "entry %" PRId64 ": the payload does not decompress (changed after it was written)", seq);
			return ROW_BAD;
		}
		payload_mac(s, raw->p, raw->len, mac);
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
		 ENTRY_COLS, w->payloads ? "p.data" : "NULL");
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
		 " WHERE e.seq = ?1", ENTRY_COLS);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, errlen, "read");
	sqlite3_bind_int64(st, 1, seq);
	struct entry e;
	struct buf env = BUF_INIT, raw = BUF_INIT;
	int rc = sqlite3_step(st), r = 0;
	if (rc == SQLITE_DONE) {
		snprintf(problem, plen, "entry %" PRId64 " is missing", seq);
		r = 1;
	} else if (rc != SQLITE_ROW) {
		r = dberr(s, err, errlen, "read");
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
			if (payload && decompress(s, sqlite3_column_int64(st, COL_LEAF + 1), sqlite3_column_int64(st, COL_LEAF + 2),
						  sqlite3_column_blob(st, COL_LEAF + 3),
						  (size_t)sqlite3_column_bytes(st, COL_LEAF + 3), payload)) {
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
	if (exec_retry(s->db, "BEGIN"))
		return dberr(s, err, errlen, "read");
	int r = load_targets(s, v, &t, &nt, err, errlen);
	int64_t minseq = 0, maxseq = -1;
	sqlite3_stmt *st = NULL;
	if (!r) {
		if (sqlite3_prepare_v2(s->db, "SELECT min(seq), max(seq) FROM entries", -1, &st, NULL) != SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_ROW) {
			r = dberr(s, err, errlen, "read entries");
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
		r = seterr(err, errlen, "out of memory");
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
				r = seterr(err, errlen, "cannot start a verify thread");
				break;
			}
			if (w[i].failed < 0) {
				r = seterr(err, errlen, "audit store: %s", w[i].problem);
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
		int64_t msize = meta_int(s, "size", -1);
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
		return dberr(s, err, errlen, "erase");
	while (nids < STORE_MAX_DICTS && sqlite3_step(st) == SQLITE_ROW)
		ids[nids++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	struct dict *cur = s->cur_dict ? find_dict(s, s->cur_dict) : NULL;
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
				if (decompress(s, ids[k], sqlite3_column_int64(st, 1), sqlite3_column_blob(st, 2),
					       (size_t)sqlite3_column_bytes(st, 2), &s->raw)) {
					buf_release(&z);
					seterr(err, errlen, "erase: entry %" PRId64 ": the payload does not decompress (run verify)",
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
					seterr(err, errlen, "zstd: %s", ZSTD_getErrorName(zn));
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
	dberr(s, err, errlen, "erase");
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
		return seterr(err, errlen, "audit store: erase with appends pending");
	const char *where = id ? "e.rec_id = ?1 AND e.kind IN ('record', 'feedback')" : "e.ts_us < ?1 AND e.kind IN ('record', 'feedback')";
	char sql[512];
	sqlite3_stmt *st = NULL;
	struct buf note = BUF_INIT;
	if (exec_retry(s->db, "BEGIN IMMEDIATE"))
		return dberr(s, err, errlen, "lock");
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
	if (store_queue(s, &e, NULL, 0, err, errlen) || append_locked(s, err, errlen) ||
	    drop_text_dicts(s, out, err, errlen))
		goto fail;
	if (exec_retry(s->db, "COMMIT"))
		goto dbfail;
	queue_clear(s);
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
	dberr(s, err, errlen, "erase");
fail:
	sqlite3_finalize(st);
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	queue_clear(s);
	buf_release(&note);
	return -1;
}

/* ---- backup ---- */

int store_backup(struct store *s, const char *path, char *err, size_t errlen)
{
	/* An empty file of ours first, at 0600 like the ledger: VACUUM INTO
	 * fills an empty file and refuses any other. */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return seterr(err, errlen, errno == EEXIST ? "'%s' exists; backup writes a new file" : "cannot create '%s': %s",
			      path, strerror(errno));
	close(fd);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, "VACUUM INTO ?1", -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, errlen, "backup");
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		dberr(s, err, errlen, "backup");
		unlink(path);
		return -1;
	}
	return 0;
}

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
		return seterr(err, errlen, "audit store: merge with appends pending");
	snprintf(sql, sizeof(sql), "SELECT %s, p.dict, p.raw_len, p.data FROM entries e LEFT JOIN payloads p"
		 " ON p.seq = e.seq WHERE e.seq < ?1 ORDER BY e.seq", ENTRY_COLS);
	if (sqlite3_prepare_v2(src->db, sql, -1, &st, NULL) != SQLITE_OK)
		return seterr(err, errlen, "shard: %s", sqlite3_errmsg(src->db));
	sqlite3_bind_int64(st, 1, (int64_t)src_size);
	if (exec_retry(s->db, "BEGIN IMMEDIATE")) {
		sqlite3_finalize(st);
		return dberr(s, err, errlen, "lock");
	}
	*first = meta_int(s, "size", -1);
	if (*first < 0) {
		seterr(err, errlen, "audit store: the tree state in meta is damaged (run verify)");
		goto fail;
	}
	const int cp0 = COL_LEAF + 1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct entry e;
		const char *bad = NULL;
		if (row_entry(st, &e, &bad)) {
			seterr(err, errlen, "shard entry %lld: bad column %s (verify the shard)",
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
				seterr(err, errlen, "shard: a malformed erase entry (verify the shard)");
				goto fail;
			}
			entry_set_text(&e, EF_NOTE, note.p, note.len);
		}
		const char *payload = NULL;
		size_t plen = 0;
		if (sqlite3_column_type(st, cp0 + 2) != SQLITE_NULL) {
			if (decompress(src, sqlite3_column_int64(st, cp0), sqlite3_column_int64(st, cp0 + 1),
				       sqlite3_column_blob(st, cp0 + 2), (size_t)sqlite3_column_bytes(st, cp0 + 2), &raw)) {
				seterr(err, errlen, "shard: a payload does not decompress (verify the shard)");
				goto fail;
			}
			payload = raw.p ? raw.p : "";
			plen = raw.len;
			e.f[EF_PAYLOAD_MAC].set = 0;
		}
		if (store_queue(s, &e, payload, plen, err, errlen))
			goto fail;
		(*n)++;
		if (s->queue.nq >= 4096 && append_locked(s, err, errlen) == 0)
			queue_clear(s);
		else if (s->queue.nq >= 4096)
			goto fail;
	}
	if (rc != SQLITE_DONE) {
		seterr(err, errlen, "shard: %s", sqlite3_errmsg(src->db));
		goto fail;
	}
	if ((uint64_t)*n != src_size) {
		seterr(err, errlen, "shard: %llu entries read, %llu expected", (unsigned long long)*n,
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
	if (store_queue(s, &m, NULL, 0, err, errlen) || append_locked(s, err, errlen))
		goto fail;
	if (exec_retry(s->db, "COMMIT")) {
		dberr(s, err, errlen, "commit");
		goto fail;
	}
	queue_clear(s);
	sqlite3_finalize(st);
	buf_release(&raw);
	buf_release(&note);
	maybe_train(s);
	return 0;
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	queue_clear(s);
	sqlite3_finalize(st);
	buf_release(&raw);
	buf_release(&note);
	return -1;
}
