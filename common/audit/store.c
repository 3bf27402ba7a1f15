/*
 * store: opening and closing the ledger, its schema and meta table, and
 * the payload digests (HMAC-SHA256 under the ledger's key). See store.h
 * for the tables and rules, store_impl.h for how the store's files split.
 */
#include "audit/store_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/hash.h"
#include "core/sqlfile.h"

int store_seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

int store_dberr(struct store *s, char *err, size_t errlen, const char *what)
{
	return store_seterr(err, errlen, "audit store: %s: %s", what, s->db ? sqlite3_errmsg(s->db) : "out of memory");
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

int store_exec_retry(sqlite3 *db, const char *sql)
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

int64_t store_meta_int(struct store *s, const char *name, int64_t dflt)
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
int store_meta_blob(struct store *s, const char *name, unsigned char *out, size_t len, size_t cap)
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

int store_meta_put(struct store *s, const char *name, const void *blob, size_t len, int64_t num)
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

int store_meta_put_new(struct store *s, const char *name, const void *blob, size_t len)
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
		return store_seterr(err, errlen, "audit store: no random bytes for the payload key");
	if (store_exec_retry(s->db, "BEGIN IMMEDIATE"))
		return store_dberr(s, err, errlen, "create");
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
		return store_seterr(err, errlen, "%s is a SQLite database but not an llm-audit ledger",
			      sqlite3_db_filename(s->db, "main"));
	}
	int ok = sqlite3_exec(s->db, SCHEMA, NULL, NULL, NULL) == SQLITE_OK &&
		 add_dict_kind(s) == 0 &&
		 store_meta_put_new(s, "payload_key", key, sizeof(key)) == 0 &&
		 store_meta_put_new(s, "origin", origin, sizeof(origin)) == 0;
	if (ok && store_meta_int(s, "schema", -1) < 0)
		ok = store_meta_put(s, "schema", NULL, 0, STORE_SCHEMA) == 0 && store_meta_put(s, "size", NULL, 0, 0) == 0;
	OPENSSL_cleanse(key, sizeof(key));
	if (!ok || store_exec_retry(s->db, "COMMIT")) {
		store_dberr(s, err, errlen, "create");
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
void store_payload_mac(const struct store *s, const void *p, size_t n, unsigned char out[32])
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
void store_stored_mac(const struct store *s, const unsigned char dict_digest[32], uint64_t raw_len, const void *z,
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
static const char INS_ENTRY[] =
	"INSERT INTO entries(seq, ts_us, kind, rec_id, workload, class, findings, filter_in, filter_out, backend,"
	" rule, policy, denied, provider, model, status, finish_reason, error_code, latency_us, ttft_us,"
	" input_tokens, output_tokens, cost_micro_usd, attempts, prompt_bytes, output_bytes, note, payload_mac,"
	" leaf) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,"
	" ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)";
struct store *store_open(const char *path, int flags, char *err, size_t errlen)
{
	struct store *s = calloc(1, sizeof(*s));
	if (!s) {
		store_seterr(err, errlen, "out of memory");
		return NULL;
	}
	s->readonly = !!(flags & STORE_READONLY);
	if (!s->readonly && (flags & STORE_CREATE)) {
		/* Created by us at 0600: the payloads are the records. */
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0) {
			store_seterr(err, errlen, "audit store %s: %s", path, strerror(errno));
			goto fail;
		}
		close(fd);
	}
	int of = s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	char why[300];
	if (sqlfile_open(path, of, STORE_BUSY_MS, &s->db, why, sizeof(why))) {
		store_seterr(err, errlen, "audit store %s: %s", path, why);
		goto fail;
	}
	if (!s->readonly) {
		if (store_exec_retry(s->db, "PRAGMA synchronous=FULL; PRAGMA secure_delete=ON; PRAGMA foreign_keys=OFF")) {
			store_dberr(s, err, errlen, path);
			goto fail;
		}
		if (init_schema(s, err, errlen))
			goto fail;
	}
	s->schema = (int)store_meta_int(s, "schema", -1);
	if (s->schema < STORE_SCHEMA_MIN || s->schema > STORE_SCHEMA) {
		store_seterr(err, errlen, "%s is not an llm-audit ledger (or of another schema version)", path);
		goto fail;
	}
	if (store_meta_blob(s, "payload_key", s->key, sizeof(s->key), 0) < 0 ||
	    store_meta_blob(s, "origin", s->origin, sizeof(s->origin), 0) < 0) {
		store_seterr(err, errlen, "%s: the ledger's meta table is damaged (payload_key, origin)", path);
		goto fail;
	}
	if (mac_init(s) || store_worker_init(s, &s->self) || !(s->dctx = ZSTD_createDCtx())) {
		store_seterr(err, errlen, "out of memory (libcrypto, zstd)");
		goto fail;
	}
	if (store_load_dicts(s, err, errlen))
		goto fail;
	if (!s->readonly &&
	    (sqlite3_prepare_v3(s->db, INS_ENTRY, -1, SQLITE_PREPARE_PERSISTENT, &s->ins_entry, NULL) != SQLITE_OK ||
	     sqlite3_prepare_v3(s->db, "INSERT INTO payloads(seq, dict, raw_len, data) VALUES (?1, ?2, ?3, ?4)", -1,
				SQLITE_PREPARE_PERSISTENT, &s->ins_payload, NULL) != SQLITE_OK)) {
		store_dberr(s, err, errlen, "prepare");
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
	store_worker_release(&s->self);
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
