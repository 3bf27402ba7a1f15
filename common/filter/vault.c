/*
 * vault: tokens for sensitive values, kept encrypted in a shared SQLite
 * file; see vault.h for the format, the keys and the invariants.
 */
#include "filter/vault.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <sqlite3.h>

#include "core/hash.h"
#include "core/hex.h"
#include "core/keyfile.h"
#include "core/sqlfile.h"

#define VAULT_SCHEMA 1
#define VAULT_SALT_LEN 16
#define VAULT_NONCE_LEN 12
#define VAULT_TAG_LEN 16
#define VAULT_MAC_LEN 32

static const char KEYCHECK_LABEL[] = "llm-vault key check v1";
static const char INFO_ENC[] = "llm-vault v1 enc";
static const char INFO_LOOKUP[] = "llm-vault v1 lookup";

/* Statements prepared once at open; the order is the order of STMT_SQL. */
enum vault_stmt {
	VAULT_STMT_FIND,      /* by lookup hash: token, expires, nonce, ciphertext */
	VAULT_STMT_REFRESH,   /* set expires by lookup hash */
	VAULT_STMT_COUNTER,   /* next number for a type */
	VAULT_STMT_BUMP,      /* store next number for a type */
	VAULT_STMT_INSERT,
	VAULT_STMT_BY_TOKEN,  /* nonce, ciphertext, expires, lookup */
	VAULT_STMT_PURGE,
	VAULT_STMT_BEGIN,     /* BEGIN IMMEDIATE */
	VAULT_STMT_BEGIN_READ,
	VAULT_STMT_COMMIT,
	VAULT_STMT_ROLLBACK,
	VAULT_STMT_SAVEPOINT,
	VAULT_STMT_RELEASE,
	VAULT_STMT_ROLLBACK_TO,
	VAULT_STMT_COUNT
};

static const char *const STMT_SQL[VAULT_STMT_COUNT] = {
	"SELECT token, expires, nonce, ciphertext FROM entries WHERE lookup = ?1",
	"UPDATE entries SET expires = ?2 WHERE lookup = ?1",
	"SELECT next FROM counters WHERE type = ?1",
	"INSERT INTO counters(type, next) VALUES (?1, ?2) "
	"ON CONFLICT(type) DO UPDATE SET next = excluded.next",
	"INSERT INTO entries(token, type, lookup, nonce, ciphertext, created, expires) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	"SELECT nonce, ciphertext, expires, lookup FROM entries WHERE token = ?1",
	"DELETE FROM entries WHERE expires IS NOT NULL AND expires <= ?1",
	"BEGIN IMMEDIATE",
	"BEGIN",
	"COMMIT",
	"ROLLBACK",
	"SAVEPOINT vault_call",
	"RELEASE vault_call",
	"ROLLBACK TO vault_call",
};

static const char SCHEMA_SQL[] =
	"CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS entries("
	" token TEXT NOT NULL UNIQUE,"
	" type TEXT NOT NULL,"
	" lookup BLOB NOT NULL UNIQUE,"
	" nonce BLOB NOT NULL,"
	" ciphertext BLOB NOT NULL,"
	" created INTEGER NOT NULL,"
	" expires INTEGER);"
	"CREATE INDEX IF NOT EXISTS entries_expires ON entries(expires) WHERE expires IS NOT NULL;"
	"CREATE TABLE IF NOT EXISTS counters(type TEXT PRIMARY KEY, next INTEGER NOT NULL) WITHOUT ROWID;";

struct vault {
	sqlite3 *db;
	sqlite3_stmt *st[VAULT_STMT_COUNT];
	/* AES-256-GCM keyed once at open (the key schedule and GHASH tables are
	 * most of the cost of a short value); each call sets only the nonce. */
	EVP_CIPHER_CTX *ectx, *dctx;
	EVP_MAC_CTX *mac;    /* keyed with the lookup key; re-initialized per use */
	struct buf scratch;  /* decrypted values checked on the pseudonymize hit path */
	long long now;       /* 0: time() */
	int in_batch;
	int key_loose;
};

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static int dberr(struct vault *v, char *err, size_t errlen, const char *what)
{
	int rc = sqlite3_errcode(v->db);
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		seterr(err, errlen, "vault %s: vault is locked by another process (waited %d s)", what,
		       VAULT_BUSY_MS / 1000);
	else
		seterr(err, errlen, "vault %s: %s", what, sqlite3_errmsg(v->db));
	return -1;
}

static long long vault_now(const struct vault *v)
{
	return v->now ? v->now : (long long)time(NULL);
}

/* Runs a cached statement that returns no rows (BEGIN, COMMIT, ...). */
static int run_stmt(struct vault *v, enum vault_stmt s)
{
	sqlite3_stmt *st = v->st[s];
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- key file ---- */


/* The format and its checks are keyfile.c's, shared with the hash key and
 * the fingerprint key. */
int vault_keygen(const char *key_path, char *err, size_t errlen)
{
	int exists;
	return keyfile_create(key_path, &exists, err, errlen);
}

static int key_load(const char *path, unsigned char key[VAULT_KEY_LEN], int *loose, char *err,
		    size_t errlen)
{
	return keyfile_read(path, key, loose, err, errlen);
}

/* ---- crypto ---- */

static int hkdf(const unsigned char *key, const unsigned char *salt, size_t saltlen,
		const char *info, unsigned char out[VAULT_KEY_LEN])
{
	char digest[] = "SHA256";
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
	EVP_KDF_CTX *kctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)key, VAULT_KEY_LEN),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, saltlen),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, (void *)info, strlen(info)),
		OSSL_PARAM_construct_end(),
	};
	int ok = kctx && EVP_KDF_derive(kctx, out, VAULT_KEY_LEN, params) == 1;
	EVP_KDF_CTX_free(kctx);
	EVP_KDF_free(kdf);
	return ok ? 0 : -1;
}

/* HMAC-SHA256 under the lookup key over a || 0 || b (b may be NULL). */
static int mac2(struct vault *v, const char *a, size_t alen, const void *b, size_t blen,
		unsigned char out[VAULT_MAC_LEN])
{
	static const unsigned char zero = 0;
	size_t outl = 0;
	/* A NULL key re-initializes with the key set at open. */
	if (EVP_MAC_init(v->mac, NULL, 0, NULL) != 1 || EVP_MAC_update(v->mac, (const void *)a, alen) != 1)
		return -1;
	if (b && (EVP_MAC_update(v->mac, &zero, 1) != 1 || EVP_MAC_update(v->mac, b, blen) != 1))
		return -1;
	if (EVP_MAC_final(v->mac, out, &outl, VAULT_MAC_LEN) != 1 || outl != VAULT_MAC_LEN)
		return -1;
	return 0;
}

/*
 * The additional data binds a sealed value to its row: token || 0 || lookup.
 * Moved to another token it fails; and a lookup hash swapped between rows
 * (which would hand value A the token of value B) fails too, both at restore
 * and on the pseudonymize hit path, which opens the row before trusting it.
 */
static int aad(EVP_CIPHER_CTX *c, const char *token, const unsigned char *look, int enc)
{
	static const unsigned char zero = 0;
	int la = 0;
	int (*upd)(EVP_CIPHER_CTX *, unsigned char *, int *, const unsigned char *, int) =
		enc ? EVP_EncryptUpdate : EVP_DecryptUpdate;
	return upd(c, NULL, &la, (const void *)token, (int)strlen(token)) == 1 &&
	       upd(c, NULL, &la, &zero, 1) == 1 && upd(c, NULL, &la, look, VAULT_MAC_LEN) == 1;
}

/* ct gets n + VAULT_TAG_LEN bytes. */
static int seal(struct vault *v, const unsigned char nonce[VAULT_NONCE_LEN], const char *token,
		const unsigned char *look, const void *pt, size_t n, unsigned char *ct)
{
	int l1 = 0, l2 = 0;
	EVP_CIPHER_CTX *c = v->ectx;
	assert(n <= VAULT_VALUE_MAX);
	if (EVP_EncryptInit_ex2(c, NULL, NULL, nonce, NULL) != 1 || !aad(c, token, look, 1) ||
	    EVP_EncryptUpdate(c, ct, &l1, pt, (int)n) != 1 ||
	    EVP_EncryptFinal_ex(c, ct + l1, &l2) != 1 ||
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, VAULT_TAG_LEN, ct + n) != 1)
		return -1;
	assert((size_t)(l1 + l2) == n);
	return 0;
}

/* Appends the plaintext to out; on failure out is as it was (and the bytes
 * written past its end are wiped). */
static int open_sealed(struct vault *v, const unsigned char *nonce, const char *token,
		       const unsigned char *look, const unsigned char *ct, size_t ctlen, struct buf *out)
{
	EVP_CIPHER_CTX *c = v->dctx;
	size_t n = ctlen - VAULT_TAG_LEN;
	int l1 = 0, l2 = 0;
	assert(ctlen >= VAULT_TAG_LEN && ctlen - VAULT_TAG_LEN <= VAULT_VALUE_MAX);
	buf_grow(out, n);
	unsigned char *dst = (unsigned char *)out->p + out->len;
	int ok = EVP_DecryptInit_ex2(c, NULL, NULL, nonce, NULL) == 1 && aad(c, token, look, 0) &&
		 EVP_DecryptUpdate(c, dst, &l1, ct, (int)n) == 1 &&
		 EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, VAULT_TAG_LEN, (void *)(ct + n)) == 1 &&
		 EVP_DecryptFinal_ex(c, dst + l1, &l2) == 1;
	if (!ok) {
		OPENSSL_cleanse(dst, n);
		out->p[out->len] = '\0';
		return -1;
	}
	out->len += n;
	out->p[out->len] = '\0';
	return 0;
}

/* Opens the nonce and ciphertext in columns col, col + 1 of a result row,
 * appending the value to out; -1 when malformed or not authentic. */
static int open_row(struct vault *v, const char *token, const unsigned char *look, sqlite3_stmt *st,
		    int col, struct buf *out)
{
	const unsigned char *nonce = sqlite3_column_blob(st, col);
	int nlen = sqlite3_column_bytes(st, col);
	const unsigned char *ct = sqlite3_column_blob(st, col + 1);
	int clen = sqlite3_column_bytes(st, col + 1);
	if (!nonce || nlen != VAULT_NONCE_LEN || !ct || clen < VAULT_TAG_LEN ||
	    (size_t)clen - VAULT_TAG_LEN > VAULT_VALUE_MAX)
		return -1;
	return open_sealed(v, nonce, token, look, ct, (size_t)clen, out);
}

/* ---- open / close ---- */

static int exec_sql(struct vault *v, const char *sql, char *err, size_t errlen, const char *what)
{
	if (sqlite3_exec(v->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return dberr(v, err, errlen, what);
	return 0;
}

static int get_meta_blob(struct vault *v, const char *name, unsigned char *out, size_t len,
			 int *found, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	*found = 0;
	if (sqlite3_prepare_v2(v->db, "SELECT value FROM meta WHERE name = ?1", -1, &st, NULL) != SQLITE_OK)
		return dberr(v, err, errlen, "open");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_BLOB || (size_t)sqlite3_column_bytes(st, 0) != len) {
			sqlite3_finalize(st);
			seterr(err, errlen, "vault meta %s is damaged", name);
			return -1;
		}
		memcpy(out, sqlite3_column_blob(st, 0), len);
		*found = 1;
	} else if (rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		return dberr(v, err, errlen, "open");
	}
	sqlite3_finalize(st);
	return 0;
}

static int put_meta(struct vault *v, const char *name, const void *blob, size_t len, long long num)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(v->db, "INSERT INTO meta(name, value) VALUES (?1, ?2)", -1, &st, NULL) !=
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

static long long query_int(struct vault *v, const char *sql, long long dflt)
{
	sqlite3_stmt *st = NULL;
	long long r = dflt;
	if (sqlite3_prepare_v2(v->db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) == SQLITE_INTEGER)
		r = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return r;
}

/* Creates the schema or checks it, derives the subkeys and checks the key,
 * all under the write lock so racing creators agree on one salt. */
static int setup(struct vault *v, const unsigned char master[VAULT_KEY_LEN], char *err, size_t errlen)
{
	unsigned char salt[VAULT_SALT_LEN], enc_key[VAULT_KEY_LEN], lookup_key[VAULT_KEY_LEN],
		check[VAULT_MAC_LEN], stored[VAULT_MAC_LEN];
	int found = 0, rc = -1;

	if (exec_sql(v, "BEGIN IMMEDIATE", err, errlen, "open"))
		return -1;
	/* A vault path pointed at some other database (the audit store, say)
	 * must not get our tables added to it. */
	if (query_int(v, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT IN "
			 "('meta', 'entries', 'counters') AND name NOT LIKE 'sqlite_%'", -1) != 0) {
		seterr(err, errlen, "vault: %s is not a vault (it holds other tables)",
		       sqlite3_db_filename(v->db, "main"));
		goto out;
	}
	if (exec_sql(v, SCHEMA_SQL, err, errlen, "open"))
		goto out;
	if (get_meta_blob(v, "salt", salt, sizeof(salt), &found, err, errlen))
		goto out;
	if (found) {
		long long ver = query_int(v, "SELECT value FROM meta WHERE name = 'schema'", -1);
		if (ver != VAULT_SCHEMA) {
			seterr(err, errlen, "vault schema version %lld is not supported (want %d)", ver,
			       VAULT_SCHEMA);
			goto out;
		}
	} else {
		if (query_int(v, "SELECT count(*) FROM entries", 0) != 0) {
			seterr(err, errlen, "vault meta is missing but entries exist; the vault is damaged");
			goto out;
		}
		if (RAND_bytes(salt, sizeof(salt)) != 1) {
			seterr(err, errlen, "vault: no random bytes from the system");
			goto out;
		}
	}
	if (hkdf(master, salt, sizeof(salt), INFO_ENC, enc_key) ||
	    hkdf(master, salt, sizeof(salt), INFO_LOOKUP, lookup_key)) {
		seterr(err, errlen, "vault: key derivation failed");
		goto out;
	}
	{
		EVP_CIPHER *aes = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
		int ok = aes && EVP_EncryptInit_ex2(v->ectx, aes, enc_key, NULL, NULL) == 1 &&
			 EVP_DecryptInit_ex2(v->dctx, aes, enc_key, NULL, NULL) == 1;
		EVP_CIPHER_free(aes); /* the contexts hold their own references */
		if (!ok) {
			seterr(err, errlen, "vault: cannot set up AES-256-GCM");
			goto out;
		}
	}
	{
		char digest[] = "SHA256";
		OSSL_PARAM mp[] = { OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
				    OSSL_PARAM_construct_end() };
		if (EVP_MAC_init(v->mac, lookup_key, sizeof(lookup_key), mp) != 1) {
			seterr(err, errlen, "vault: cannot set up HMAC-SHA256");
			goto out;
		}
	}
	if (mac2(v, KEYCHECK_LABEL, strlen(KEYCHECK_LABEL), NULL, 0, check)) {
		seterr(err, errlen, "vault: HMAC failed");
		goto out;
	}
	if (found) {
		if (get_meta_blob(v, "keycheck", stored, sizeof(stored), &found, err, errlen))
			goto out;
		if (!found) {
			seterr(err, errlen, "vault meta keycheck is missing; the vault is damaged");
			goto out;
		}
		if (CRYPTO_memcmp(stored, check, sizeof(check)) != 0) {
			seterr(err, errlen, "vault key does not match this vault");
			goto out;
		}
	} else if (put_meta(v, "schema", NULL, 0, VAULT_SCHEMA) ||
		   put_meta(v, "salt", salt, sizeof(salt), 0) ||
		   put_meta(v, "keycheck", check, sizeof(check), 0)) {
		dberr(v, err, errlen, "create");
		goto out;
	}
	if (exec_sql(v, "COMMIT", err, errlen, "open"))
		goto out;
	rc = 0;
out:
	if (rc)
		sqlite3_exec(v->db, "ROLLBACK", NULL, NULL, NULL);
	OPENSSL_cleanse(enc_key, sizeof(enc_key));
	OPENSSL_cleanse(lookup_key, sizeof(lookup_key));
	return rc;
}

struct vault *vault_open(const char *db_path, const char *key_path, char *err, size_t errlen)
{
	unsigned char master[VAULT_KEY_LEN];
	int loose = 0;

	if (key_load(key_path, master, &loose, err, errlen))
		return NULL;
	struct vault *v = calloc(1, sizeof(*v));
	if (!v) {
		OPENSSL_cleanse(master, sizeof(master));
		seterr(err, errlen, "vault: out of memory");
		return NULL;
	}
	v->key_loose = loose;

	/* Create the file ourselves so it starts at 0600 (SQLite would use
	 * 0644); SQLite gives the -wal and -shm files the database's mode. */
	int fd = open(db_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		seterr(err, errlen, "vault %s: %s", db_path, strerror(errno));
		goto fail;
	}
	close(fd);

	char why[300];
	if (sqlfile_open(db_path, SQLITE_OPEN_READWRITE, VAULT_BUSY_MS, &v->db, why, sizeof(why))) {
		seterr(err, errlen, "vault %s: %s", db_path, why);
		goto fail;
	}
	/* FULL: a token may reach a model the moment its commit returns; losing
	 * the mapping on power failure would make that output unrestorable. */
	if (exec_sql(v, "PRAGMA synchronous=FULL; PRAGMA secure_delete=ON; PRAGMA foreign_keys=OFF",
		     err, errlen, "open"))
		goto fail;

	v->ectx = EVP_CIPHER_CTX_new();
	v->dctx = EVP_CIPHER_CTX_new();
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	v->mac = mac ? EVP_MAC_CTX_new(mac) : NULL;
	EVP_MAC_free(mac); /* the context holds its own reference */
	if (!v->ectx || !v->dctx || !v->mac) {
		seterr(err, errlen, "vault: libcrypto lacks HMAC (or memory ran out)");
		goto fail;
	}
	if (setup(v, master, err, errlen))
		goto fail;
	OPENSSL_cleanse(master, sizeof(master));

	for (int i = 0; i < VAULT_STMT_COUNT; i++) {
		if (sqlite3_prepare_v3(v->db, STMT_SQL[i], -1, SQLITE_PREPARE_PERSISTENT, &v->st[i], NULL) !=
		    SQLITE_OK) {
			dberr(v, err, errlen, "open");
			goto fail;
		}
	}
	return v;
fail:
	OPENSSL_cleanse(master, sizeof(master));
	vault_close(v);
	return NULL;
}

void vault_close(struct vault *v)
{
	if (!v)
		return;
	if (v->in_batch)
		vault_rollback(v);
	for (int i = 0; i < VAULT_STMT_COUNT; i++)
		sqlite3_finalize(v->st[i]);
	sqlite3_close(v->db);
	EVP_CIPHER_CTX_free(v->ectx); /* cleanses the key schedules */
	EVP_CIPHER_CTX_free(v->dctx);
	EVP_MAC_CTX_free(v->mac); /* cleanses the HMAC key */
	if (v->scratch.p)
		OPENSSL_cleanse(v->scratch.p, v->scratch.cap);
	buf_release(&v->scratch);
	OPENSSL_cleanse(v, sizeof(*v));
	free(v);
}

int vault_key_loose(const struct vault *v)
{
	return v->key_loose;
}

void vault_set_clock(struct vault *v, long long now)
{
	v->now = now;
}

/* ---- transactions ---- */

int vault_begin(struct vault *v, char *err, size_t errlen)
{
	if (v->in_batch) {
		seterr(err, errlen, "vault: a batch is already open");
		return -1;
	}
	if (run_stmt(v, VAULT_STMT_BEGIN))
		return dberr(v, err, errlen, "begin");
	v->in_batch = 1;
	return 0;
}

int vault_commit(struct vault *v, char *err, size_t errlen)
{
	if (!v->in_batch) {
		seterr(err, errlen, "vault: no batch is open");
		return -1;
	}
	if (run_stmt(v, VAULT_STMT_COMMIT)) {
		dberr(v, err, errlen, "commit");
		vault_rollback(v);
		return -1;
	}
	v->in_batch = 0;
	return 0;
}

void vault_rollback(struct vault *v)
{
	if (!sqlite3_get_autocommit(v->db))
		run_stmt(v, VAULT_STMT_ROLLBACK);
	v->in_batch = 0;
}

/* Every write call runs in its own unit: a transaction of its own outside a
 * batch, a savepoint inside one. */
static int call_begin(struct vault *v, char *err, size_t errlen)
{
	if (run_stmt(v, v->in_batch ? VAULT_STMT_SAVEPOINT : VAULT_STMT_BEGIN))
		return dberr(v, err, errlen, "begin");
	return 0;
}

static int call_end(struct vault *v, int ok, char *err, size_t errlen)
{
	if (v->in_batch) {
		if (sqlite3_get_autocommit(v->db)) {
			/* SQLite rolled the whole transaction back by itself (I/O
			 * error, disk full): the batch is gone, say so. */
			v->in_batch = 0;
			if (ok || !err || !errlen)
				seterr(err, errlen, "vault: the batch was rolled back");
			else
				strncat(err, " (the batch was rolled back)", errlen - strlen(err) - 1);
			return -1;
		}
		if (!ok) {
			run_stmt(v, VAULT_STMT_ROLLBACK_TO);
			run_stmt(v, VAULT_STMT_RELEASE);
			return -1;
		}
		if (run_stmt(v, VAULT_STMT_RELEASE))
			return dberr(v, err, errlen, "savepoint");
		return 0;
	}
	if (!ok) {
		if (!sqlite3_get_autocommit(v->db))
			run_stmt(v, VAULT_STMT_ROLLBACK);
		return -1;
	}
	if (run_stmt(v, VAULT_STMT_COMMIT)) {
		dberr(v, err, errlen, "commit");
		if (!sqlite3_get_autocommit(v->db))
			run_stmt(v, VAULT_STMT_ROLLBACK);
		return -1;
	}
	return 0;
}

/* ---- pseudonymize ---- */

/* Normalizes label into out (VAULT_TYPE_MAX + 1 bytes); 0 or -1. */
static int norm_type(const char *label, char *out)
{
	size_t i = 0;
	for (; label[i]; i++) {
		unsigned char c = (unsigned char)label[i];
		if (i == VAULT_TYPE_MAX)
			return -1;
		if (c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 'a' + 'A');
		else if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			c = '_';
		out[i] = (char)c;
	}
	out[i] = '\0';
	return i && out[0] >= 'A' && out[0] <= 'Z' ? 0 : -1;
}

/* The later of two expiries, 0 meaning never. */
static long long later(long long a, long long b)
{
	if (!a || !b)
		return 0;
	return a > b ? a : b;
}

static void bind_expires(sqlite3_stmt *st, int col, long long exp)
{
	if (exp)
		sqlite3_bind_int64(st, col, exp);
	else
		sqlite3_bind_null(st, col);
}

/* The body of vault_pseudonymize, run inside call_begin/call_end. */
static int pseudonymize_locked(struct vault *v, const char *type, const unsigned char *look,
			       const char *value, size_t n, long long exp, long long now,
			       struct buf *token_out, char *err, size_t errlen)
{
	sqlite3_stmt *st = v->st[VAULT_STMT_FIND];
	sqlite3_bind_blob(st, 1, look, VAULT_MAC_LEN, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *tok = (const char *)sqlite3_column_text(st, 0);
		long long old = sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 1);
		/* Trust the row only once it opens to this very value: a row
		 * edited by someone without the key must not hand out a token
		 * that restores to something else. */
		int good = tok && open_row(v, tok, look, st, 2, &v->scratch) == 0 && v->scratch.len == n &&
			   CRYPTO_memcmp(v->scratch.p, value, n) == 0;
		if (v->scratch.len)
			OPENSSL_cleanse(v->scratch.p, v->scratch.len);
		buf_reset(&v->scratch);
		if (!good) {
			seterr(err, errlen, "vault entry %s failed authentication (tampered with, or moved)",
			       tok ? tok : "(null)");
			sqlite3_reset(st);
			return -1;
		}
		/* An expired row not yet purged is revived under its old token
		 * (later() gives the new expiry): the value is the same, and a
		 * fresh number would only waste one. */
		long long nexp = later(old, exp);
		buf_puts(token_out, tok ? tok : "");
		sqlite3_reset(st);
		if (nexp == old)
			return 0;
		st = v->st[VAULT_STMT_REFRESH];
		sqlite3_bind_blob(st, 1, look, VAULT_MAC_LEN, SQLITE_STATIC);
		bind_expires(st, 2, nexp);
		if (run_stmt(v, VAULT_STMT_REFRESH))
			return dberr(v, err, errlen, "update");
		return 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return dberr(v, err, errlen, "lookup");

	/* A new value: take the type's next number. */
	long long num = 1;
	st = v->st[VAULT_STMT_COUNTER];
	sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		num = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return dberr(v, err, errlen, "counter");
	if (num < 1 || num >= 999999999999999999LL) {
		seterr(err, errlen, "vault counter for %s is damaged (%lld)", type, num);
		return -1;
	}
	st = v->st[VAULT_STMT_BUMP];
	sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, num + 1);
	if (run_stmt(v, VAULT_STMT_BUMP))
		return dberr(v, err, errlen, "counter");

	char token[VAULT_TOKEN_MAX + 1];
	snprintf(token, sizeof(token), "<%s_%lld>", type, num);

	unsigned char nonce[VAULT_NONCE_LEN];
	unsigned char *ct = malloc(n + VAULT_TAG_LEN);
	if (!ct) {
		seterr(err, errlen, "vault: out of memory");
		return -1;
	}
	if (RAND_bytes(nonce, sizeof(nonce)) != 1 || seal(v, nonce, token, look, value, n, ct)) {
		free(ct);
		seterr(err, errlen, "vault: encryption failed");
		return -1;
	}
	st = v->st[VAULT_STMT_INSERT];
	sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, type, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, look, VAULT_MAC_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, nonce, sizeof(nonce), SQLITE_STATIC);
	sqlite3_bind_blob(st, 5, ct, (int)(n + VAULT_TAG_LEN), SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, now);
	bind_expires(st, 7, exp);
	rc = run_stmt(v, VAULT_STMT_INSERT);
	sqlite3_clear_bindings(st); /* ct is freed next */
	free(ct);
	if (rc)
		return dberr(v, err, errlen, "insert");
	buf_puts(token_out, token);
	return 0;
}

int vault_pseudonymize(struct vault *v, const char *type_label, const char *value, size_t n,
		       long ttl_seconds, struct buf *token_out, char *err, size_t errlen)
{
	char type[VAULT_TYPE_MAX + 1];
	unsigned char look[VAULT_MAC_LEN];

	if (norm_type(type_label, type)) {
		seterr(err, errlen, "vault: bad type label \"%.40s\" (letters, digits, '_'; at most %d)",
		       type_label, VAULT_TYPE_MAX);
		return -1;
	}
	if (n > VAULT_VALUE_MAX) {
		seterr(err, errlen, "vault: value of %zu bytes is over the %u-byte limit", n,
		       VAULT_VALUE_MAX);
		return -1;
	}
	if (mac2(v, type, strlen(type), value, n, look)) {
		seterr(err, errlen, "vault: HMAC failed");
		return -1;
	}
	long long now = vault_now(v);
	/* A TTL past the year 2^63 is no expiry at all (and no overflow). */
	long long exp = ttl_seconds > 0 && ttl_seconds < LLONG_MAX - now ? now + ttl_seconds : 0;

	size_t mark = token_out->len;
	if (call_begin(v, err, errlen))
		return -1;
	int ok = pseudonymize_locked(v, type, look, value, n, exp, now, token_out, err, errlen) == 0;
	if (call_end(v, ok, err, errlen)) {
		buf_truncate(token_out, mark);
		return -1;
	}
	return 0;
}

/* ---- restore ---- */

/* 1 found (value appended), 0 unknown or expired, -1 error. */
static int lookup_token(struct vault *v, const char *token, long long now, struct buf *out,
			char *err, size_t errlen)
{
	sqlite3_stmt *st = v->st[VAULT_STMT_BY_TOKEN];
	sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return 0;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return dberr(v, err, errlen, "lookup");
	}
	if (sqlite3_column_type(st, 2) != SQLITE_NULL && sqlite3_column_int64(st, 2) <= now) {
		sqlite3_reset(st);
		return 0;
	}
	const unsigned char *look = sqlite3_column_blob(st, 3);
	int r = 1;
	if (!look || sqlite3_column_bytes(st, 3) != VAULT_MAC_LEN || open_row(v, token, look, st, 0, out)) {
		seterr(err, errlen, "vault entry %s failed authentication (tampered with, or moved)", token);
		r = -1;
	}
	sqlite3_reset(st);
	return r;
}

static int is_type_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* If text[0..n) starts with a canonical token, its length; else 0. */
static size_t token_at(const char *text, size_t n)
{
	size_t i = 1;
	if (n < 4 || text[0] != '<')
		return 0;
	while (i < n && i < VAULT_TOKEN_MAX && is_type_char((unsigned char)text[i]))
		i++;
	if (i >= n || text[i] != '>')
		return 0;
	/* text[1..i) is TYPE_DIGITS: split at the last '_'. */
	size_t us = i;
	while (us > 1 && text[us - 1] != '_')
		us--;
	if (us <= 2) /* no '_', or an empty type */
		return 0;
	size_t digits = i - us, type_len = us - 2;
	if (digits == 0 || digits > 18 || text[us] == '0' || type_len > VAULT_TYPE_MAX)
		return 0;
	for (size_t k = us; k < i; k++)
		if (text[k] < '0' || text[k] > '9')
			return 0;
	if (text[1] < 'A' || text[1] > 'Z')
		return 0;
	return i + 1;
}

int vault_restore(struct vault *v, const char *text, size_t n, struct buf *out,
		  size_t *restored, size_t *unknown, char *err, size_t errlen)
{
	return vault_restore_scoped(v, text, n, NULL, 0, out, restored, unknown, err, errlen);
}

int vault_restore_scoped(struct vault *v, const char *text, size_t n, const char *scope,
			 size_t scope_len, struct buf *out, size_t *restored, size_t *unknown,
			 char *err, size_t errlen)
{
	size_t nres = 0, nunk = 0, i = 0, run = 0;
	long long now = vault_now(v);
	int own = 0, rc = 0;

	/* One read transaction outside a batch: a consistent snapshot, and one
	 * lock round trip instead of one per token. */
	if (!v->in_batch) {
		if (run_stmt(v, VAULT_STMT_BEGIN_READ))
			return dberr(v, err, errlen, "begin");
		own = 1;
	}
	while (i < n) {
		const char *lt = memchr(text + i, '<', n - i);
		if (!lt)
			break;
		size_t at = (size_t)(lt - text);
		size_t tl = token_at(lt, n - at);
		if (!tl) {
			i = at + 1;
			continue;
		}
		char token[VAULT_TOKEN_MAX + 1];
		memcpy(token, lt, tl);
		token[tl] = '\0';
		buf_put(out, text + run, at - run);
		/* Tokens end in '>', so a plain substring test cannot take
		 * <EMAIL_1> for part of <EMAIL_12>. */
		int r = scope && !memmem(scope, scope_len, token, tl) ? 0
			: lookup_token(v, token, now, out, err, errlen);
		if (r < 0) {
			rc = -1;
			break;
		}
		if (r == 0) {
			buf_put(out, token, tl);
			nunk++;
		} else {
			nres++;
		}
		i = run = at + tl;
	}
	if (rc == 0)
		buf_put(out, text + run, n - run);
	if (own)
		run_stmt(v, VAULT_STMT_COMMIT);
	if (restored)
		*restored = nres;
	if (unknown)
		*unknown = nunk;
	return rc;
}

int vault_lookup(struct vault *v, const char *token, struct buf *value, char *err, size_t errlen)
{
	size_t n = strlen(token);
	if (token_at(token, n) != n)
		return 0;
	return lookup_token(v, token, vault_now(v), value, err, errlen);
}

/* ---- purge ---- */

int vault_purge(struct vault *v, long long now, size_t *removed, char *err, size_t errlen)
{
	if (v->in_batch) {
		seterr(err, errlen, "vault: purge inside a batch");
		return -1;
	}
	if (!now)
		now = vault_now(v);
	if (call_begin(v, err, errlen))
		return -1;
	sqlite3_stmt *st = v->st[VAULT_STMT_PURGE];
	sqlite3_bind_int64(st, 1, now);
	int ok = run_stmt(v, VAULT_STMT_PURGE) == 0;
	size_t n = ok ? (size_t)sqlite3_changes(v->db) : 0;
	if (!ok)
		dberr(v, err, errlen, "purge");
	if (call_end(v, ok, err, errlen))
		return -1;
	if (removed)
		*removed = n;
	/* The deleted rows' pages are zeroed in the WAL; the checkpoint copies
	 * the zeroed pages home and truncates the WAL, so no old copy lingers
	 * there either. Busy means a reader still needs the old pages. */
	int rc = sqlite3_wal_checkpoint_v2(v->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
		return dberr(v, err, errlen, "checkpoint");
	return 0;
}
