/*
 * cache: the SQLite response cache; see cache.h.
 */
#include "infer/cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "core/hash.h"
#include "infer/retry.h"
#include "core/sqlfile.h"

struct cache {
	sqlite3 *db;
	sqlite3_stmt *get, *put;
	int in_tx;
	int pending;
	int64_t tx_start;
	unsigned char salt[32]; /* meta 'salt': keys are HMACs under it */
};

static int dberr(struct cache *c, char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "cache: %s: %s", what, c->db ? sqlite3_errmsg(c->db) : "out of memory");
	return -1;
}

static int exec(struct cache *c, const char *sql, char *err, size_t errlen)
{
	if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return dberr(c, err, errlen, sql);
	return 0;
}

/* The file's random salt, made by the first process to open it (INSERT OR
 * IGNORE: concurrent openers all read the one that won). */
static int load_salt(struct cache *c, char *err, size_t errlen)
{
	unsigned char rnd[sizeof(c->salt)];
	sqlite3_stmt *ins = NULL, *sel = NULL;
	int rc = -1;
	if (hash_random(rnd, sizeof(rnd)) < 0) {
		snprintf(err, errlen, "cache: no random bytes");
		return -1;
	}
	if (sqlfile_exec_retry(c->db, "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL)",
			       CACHE_BUSY_MS) ||
	    sqlite3_prepare_v2(c->db, "INSERT OR IGNORE INTO meta(name, value) VALUES ('salt', ?1)", -1, &ins, NULL) !=
		    SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, "SELECT value FROM meta WHERE name = 'salt'", -1, &sel, NULL) != SQLITE_OK) {
		dberr(c, err, errlen, "salt");
		goto out;
	}
	sqlite3_bind_blob(ins, 1, rnd, sizeof(rnd), SQLITE_STATIC);
	for (int tries = 0;; tries++) {
		int r = sqlite3_step(ins);
		if (r == SQLITE_DONE)
			break;
		if ((r != SQLITE_BUSY && r != SQLITE_LOCKED) || tries * 10 > CACHE_BUSY_MS) {
			dberr(c, err, errlen, "salt");
			goto out;
		}
		sqlite3_reset(ins);
		sqlite3_sleep(10);
	}
	if (sqlite3_step(sel) == SQLITE_ROW && sqlite3_column_bytes(sel, 0) == (int)sizeof(c->salt)) {
		memcpy(c->salt, sqlite3_column_blob(sel, 0), sizeof(c->salt));
		rc = 0;
	} else {
		snprintf(err, errlen, "cache: the file's salt is missing or malformed");
	}
out:
	sqlite3_finalize(ins);
	sqlite3_finalize(sel);
	return rc;
}

struct cache *cache_open(const char *path, char *err, size_t errlen)
{
	struct cache *c = calloc(1, sizeof(*c));
	if (!c) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	char why[300];
	if (sqlfile_open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, CACHE_BUSY_MS, &c->db, why, sizeof(why))) {
		snprintf(err, errlen, "cache: cannot open '%s': %s", path, why);
		goto fail;
	}
	if (exec(c, "PRAGMA synchronous=NORMAL", err, errlen) < 0 ||
	    exec(c,
		 "CREATE TABLE IF NOT EXISTS responses (key BLOB PRIMARY KEY, value TEXT NOT NULL, "
		 "created INTEGER NOT NULL) WITHOUT ROWID",
		 err, errlen) < 0)
		goto fail;
	if (load_salt(c, err, errlen) < 0)
		goto fail;
	if (sqlite3_prepare_v2(c->db, "SELECT value FROM responses WHERE key = ?1", -1, &c->get, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO responses (key, value, created) VALUES (?1, ?2, ?3)", -1,
			       &c->put, NULL) != SQLITE_OK) {
		dberr(c, err, errlen, "prepare");
		goto fail;
	}
	return c;
fail:
	sqlite3_finalize(c->get);
	sqlite3_finalize(c->put);
	sqlite3_close(c->db);
	free(c);
	return NULL;
}

int cache_commit(struct cache *c, char *err, size_t errlen)
{
	if (!c->in_tx)
		return 0;
	c->in_tx = 0;
	c->pending = 0;
	return exec(c, "COMMIT", err, errlen);
}

int cache_close(struct cache *c, char *err, size_t errlen)
{
	if (!c)
		return 0;
	int rc = cache_commit(c, err, errlen);
	sqlite3_finalize(c->get);
	sqlite3_finalize(c->put);
	sqlite3_close(c->db);
	free(c);
	return rc;
}

void cache_key(const struct cache *c, const char *backend, const char *model, const char *body, size_t n,
	       unsigned char key[CACHE_KEY_LEN])
{
	/* Lengths are part of the hash, so ("ab","c") and ("a","bc") differ. */
	char lens[64];
	int k = snprintf(lens, sizeof(lens), "llm-infer cache v2 %zu %zu %zu", strlen(backend), strlen(model), n);
	const void *parts[] = { lens, backend, model, body };
	size_t plen[] = { (size_t)k, strlen(backend), strlen(model), n };
	unsigned char md[HASH_SHA256_LEN];
	hash_sha256_parts(parts, plen, 4, md);
	if (!c) {
		memset(key, 0, CACHE_KEY_LEN); /* no cache: the key is never used */
		return;
	}
	/* Keyed: the file holds no plain hash of a prompt to try guesses on. */
	hash_hmac_sha256(c->salt, sizeof(c->salt), md, sizeof(md), key);
}

int cache_get(struct cache *c, const unsigned char key[CACHE_KEY_LEN], struct buf *out, char *err, size_t errlen)
{
	sqlite3_reset(c->get);
	sqlite3_bind_blob(c->get, 1, key, CACHE_KEY_LEN, SQLITE_STATIC);
	int rc = sqlite3_step(c->get);
	if (rc == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(c->get, 0);
		int n = sqlite3_column_bytes(c->get, 0);
		if (v && n > 0)
			buf_put(out, v, (size_t)n);
		sqlite3_reset(c->get);
		return v && n > 0;
	}
	sqlite3_reset(c->get);
	if (rc == SQLITE_DONE)
		return 0;
	return dberr(c, err, errlen, "read");
}

int cache_put(struct cache *c, const unsigned char key[CACHE_KEY_LEN], const char *val, size_t n, char *err,
	      size_t errlen)
{
	int64_t now = retry_now_ms();
	if (c->in_tx && (c->pending >= CACHE_BATCH || now - c->tx_start >= CACHE_BATCH_MS) &&
	    cache_commit(c, err, errlen) < 0)
		return -1;
	if (!c->in_tx) {
		if (exec(c, "BEGIN IMMEDIATE", err, errlen) < 0)
			return -1;
		c->in_tx = 1;
		c->tx_start = now;
	}
	sqlite3_reset(c->put);
	sqlite3_bind_blob(c->put, 1, key, CACHE_KEY_LEN, SQLITE_STATIC);
	sqlite3_bind_text(c->put, 2, val, (int)n, SQLITE_STATIC);
	sqlite3_bind_int64(c->put, 3, (sqlite3_int64)time(NULL));
	int rc = sqlite3_step(c->put);
	sqlite3_reset(c->put);
	if (rc != SQLITE_DONE)
		return dberr(c, err, errlen, "write");
	c->pending++;
	return 0;
}
