/*
 * budget: daily usage per workload in SQLite; see budget.h.
 */
#include "policy/budget.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/hash.h"
#include "core/sqlfile.h"

#define BUDGET_BUSY_MS 30000

struct budget_state {
	sqlite3 *db;
	sqlite3_stmt *get, *put;
	sqlite3_stmt *rget, *rput, *rconsume; /* receipts */
	unsigned char salt[32];               /* budget_meta 'salt': receipts
					       * keep HMAC(salt, identity),
					       * never a plain content hash */
};

static int dberr(struct budget_state *s, char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "budget state %s: %s", what, s->db ? sqlite3_errmsg(s->db) : "out of memory");
	return -1;
}

static int exec_retry(sqlite3 *db, const char *sql)
{
	return sqlfile_exec_retry(db, sql, BUDGET_BUSY_MS);
}

/* The file's random salt, made by the first process to open it (INSERT OR
 * IGNORE: concurrent openers all read the one that won). */
static int load_salt(struct budget_state *s)
{
	unsigned char rnd[sizeof(s->salt)];
	sqlite3_stmt *ins = NULL, *sel = NULL;
	int rc = -1;
	if (hash_random(rnd, sizeof(rnd)) < 0 ||
	    exec_retry(s->db, "CREATE TABLE IF NOT EXISTS budget_meta (name TEXT PRIMARY KEY, value BLOB NOT NULL)") ||
	    sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO budget_meta(name, value) VALUES ('salt', ?1)", -1, &ins,
			       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "SELECT value FROM budget_meta WHERE name = 'salt'", -1, &sel, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_blob(ins, 1, rnd, sizeof(rnd), SQLITE_STATIC);
	for (int tries = 0;; tries++) {
		int r = sqlite3_step(ins);
		if (r == SQLITE_DONE)
			break;
		if ((r != SQLITE_BUSY && r != SQLITE_LOCKED) || tries * 10 > BUDGET_BUSY_MS)
			goto out;
		sqlite3_reset(ins);
		sqlite3_sleep(10);
	}
	if (sqlite3_step(sel) == SQLITE_ROW && sqlite3_column_bytes(sel, 0) == (int)sizeof(s->salt)) {
		memcpy(s->salt, sqlite3_column_blob(sel, 0), sizeof(s->salt));
		rc = 0;
	}
out:
	sqlite3_finalize(ins);
	sqlite3_finalize(sel);
	return rc;
}

/* What a receipt keeps of a record's identity (a content hash). */
static void keyed_identity(const struct budget_state *s, const char *identity, char out[65])
{
	unsigned char md[HASH_SHA256_LEN];
	hash_hmac_sha256(s->salt, sizeof(s->salt), identity, strlen(identity), md);
	hash_hex(md, sizeof(md), out);
}

struct budget_state *budget_open(const char *path, char *err, size_t errlen)
{
	struct budget_state *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	char why[300];
	if (sqlfile_open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, BUDGET_BUSY_MS, &s->db, why, sizeof(why))) {
		snprintf(err, errlen, "budget state %s: %s", path, why);
		budget_close(s);
		return NULL;
	}
	if (exec_retry(s->db, "PRAGMA synchronous=NORMAL") ||
	    exec_retry(s->db, "CREATE TABLE IF NOT EXISTS budget_usage ("
			      " workload TEXT NOT NULL, day TEXT NOT NULL,"
			      " tokens INTEGER NOT NULL DEFAULT 0, micro_usd INTEGER NOT NULL DEFAULT 0,"
			      " PRIMARY KEY (workload, day))") ||
	    exec_retry(s->db, "CREATE TABLE IF NOT EXISTS budget_receipt ("
			      " id TEXT PRIMARY KEY, identity TEXT NOT NULL, workload TEXT NOT NULL,"
			      " day TEXT NOT NULL, consumed INTEGER NOT NULL DEFAULT 0)") ||
	    sqlite3_prepare_v2(s->db, "SELECT consumed FROM budget_receipt WHERE id = ?1 AND identity = ?2 "
			       "AND workload = ?3 AND day = ?4", -1, &s->rget, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "INSERT INTO budget_receipt(id, identity, workload, day) VALUES (?1, ?2, ?3, ?4)",
			       -1, &s->rput, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "UPDATE budget_receipt SET consumed = 1 WHERE id = ?1 AND consumed = 0",
			       -1, &s->rconsume, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "SELECT tokens, micro_usd FROM budget_usage WHERE workload = ?1 AND day = ?2",
			       -1, &s->get, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db,
			       "INSERT INTO budget_usage(workload, day, tokens, micro_usd) VALUES (?1, ?2, ?3, ?4) "
			       "ON CONFLICT(workload, day) DO UPDATE SET tokens = tokens + ?3, micro_usd = micro_usd + ?4",
			       -1, &s->put, NULL) != SQLITE_OK ||
	    load_salt(s) < 0) {
		dberr(s, err, errlen, path);
		budget_close(s);
		return NULL;
	}
	return s;
}

void budget_close(struct budget_state *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->get);
	sqlite3_finalize(s->put);
	sqlite3_finalize(s->rget);
	sqlite3_finalize(s->rput);
	sqlite3_finalize(s->rconsume);
	sqlite3_close(s->db);
	free(s);
}

static int read_usage(struct budget_state *s, const char *workload, const char *day, long long *tokens,
		      long long *micro)
{
	*tokens = *micro = 0;
	sqlite3_reset(s->get);
	sqlite3_bind_text(s->get, 1, workload, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->get, 2, day, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s->get);
	if (rc == SQLITE_ROW) {
		*tokens = sqlite3_column_int64(s->get, 0);
		*micro = sqlite3_column_int64(s->get, 1);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(s->get);
	return rc == SQLITE_DONE ? 0 : -1;
}

int budget_usage(struct budget_state *s, const char *workload, const char *day, long long *tokens,
		 long long *micro_usd, char *err, size_t errlen)
{
	if (read_usage(s, workload, day, tokens, micro_usd))
		return dberr(s, err, errlen, "read");
	return 0;
}

int budget_charge(struct budget_state *s, const char *workload, const char *day, long long tokens,
		  long long micro_usd, long long max_tokens, long long max_micro_usd, long long *used_tokens,
		  long long *used_micro, char *err, size_t errlen)
{
	long long t = 0, m = 0;
	if (exec_retry(s->db, "BEGIN IMMEDIATE"))
		return dberr(s, err, errlen, "lock");
	if (read_usage(s, workload, day, &t, &m))
		goto fail;
	if ((max_tokens > 0 && t + tokens > max_tokens) || (max_micro_usd > 0 && m + micro_usd > max_micro_usd)) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		*used_tokens = t;
		*used_micro = m;
		return 0;
	}
	sqlite3_reset(s->put);
	sqlite3_bind_text(s->put, 1, workload, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->put, 2, day, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s->put, 3, tokens);
	sqlite3_bind_int64(s->put, 4, micro_usd);
	int rc = sqlite3_step(s->put);
	sqlite3_reset(s->put);
	if (rc != SQLITE_DONE || exec_retry(s->db, "COMMIT"))
		goto fail;
	*used_tokens = t + tokens;
	*used_micro = m + micro_usd;
	return 1;
fail:
	dberr(s, err, errlen, "write");
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* The receipt's state: 1 unconsumed, 2 consumed, 0 none (or another
 * record's, day's or workload's), -1 error. */
static int receipt_state(struct budget_state *s, const char *id, const char *identity, const char *workload,
			 const char *day)
{
	if (!id || !*id)
		return 0;
	char keyed[65];
	keyed_identity(s, identity, keyed);
	identity = keyed;
	sqlite3_reset(s->rget);
	sqlite3_bind_text(s->rget, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->rget, 2, identity, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->rget, 3, workload, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->rget, 4, day, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s->rget), st = 0;
	if (rc == SQLITE_ROW)
		st = sqlite3_column_int(s->rget, 0) ? 2 : 1;
	else if (rc != SQLITE_DONE)
		st = -1;
	sqlite3_reset(s->rget);
	return st;
}

int budget_charge_once(struct budget_state *s, const char *identity, const char *claimed, const char *workload,
		       const char *day, long long tokens, long long micro_usd, long long max_tokens,
		       long long max_micro_usd, long long *used_tokens, long long *used_micro,
		       char id_out[BUDGET_RECEIPT_LEN + 1], char *err, size_t errlen)
{
	id_out[0] = '\0';
	int st = receipt_state(s, claimed, identity, workload, day);
	if (st < 0)
		return dberr(s, err, errlen, "read");
	if (st == 1) {
		/* Charged already (llm-route over its own output): once. */
		snprintf(id_out, BUDGET_RECEIPT_LEN + 1, "%s", claimed);
		if (read_usage(s, workload, day, used_tokens, used_micro))
			return dberr(s, err, errlen, "read");
		return 2;
	}
	int rc = budget_charge(s, workload, day, tokens, micro_usd, max_tokens, max_micro_usd, used_tokens, used_micro,
			       err, errlen);
	if (rc != 1)
		return rc;
	unsigned char rnd[BUDGET_RECEIPT_LEN / 2];
	if (hash_random(rnd, sizeof(rnd)) < 0) {
		snprintf(err, errlen, "budget state: no random bytes for a receipt");
		return -1;
	}
	hash_hex(rnd, sizeof(rnd), id_out);
	char keyed[65];
	keyed_identity(s, identity, keyed);
	identity = keyed;
	sqlite3_reset(s->rput);
	sqlite3_bind_text(s->rput, 1, id_out, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->rput, 2, identity, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->rput, 3, workload, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->rput, 4, day, -1, SQLITE_STATIC);
	int r2 = sqlite3_step(s->rput);
	sqlite3_reset(s->rput);
	if (r2 != SQLITE_DONE)
		return dberr(s, err, errlen, "write");
	return 1;
}

int budget_consume(struct budget_state *s, const char *identity, const char *id, const char *workload,
		   const char *day, char *err, size_t errlen)
{
	int st = receipt_state(s, id, identity, workload, day);
	if (st < 0)
		return dberr(s, err, errlen, "read");
	if (st != 1)
		return 0;
	sqlite3_reset(s->rconsume);
	sqlite3_bind_text(s->rconsume, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s->rconsume);
	sqlite3_reset(s->rconsume);
	if (rc != SQLITE_DONE)
		return dberr(s, err, errlen, "write");
	return sqlite3_changes(s->db) == 1;
}

int budget_refund(struct budget_state *s, const char *id, const char *workload, const char *day, long long tokens,
		  long long micro_usd, char *err, size_t errlen)
{
	sqlite3_stmt *del = NULL, *sub = NULL;
	if (exec_retry(s->db, "BEGIN IMMEDIATE"))
		return dberr(s, err, errlen, "lock");
	int refunded = 0;
	if (sqlite3_prepare_v2(s->db, "DELETE FROM budget_receipt WHERE id = ?1 AND consumed = 0", -1, &del, NULL) !=
		    SQLITE_OK ||
	    sqlite3_prepare_v2(s->db,
			       "UPDATE budget_usage SET tokens = max(0, tokens - ?3), micro_usd = max(0, micro_usd - ?4) "
			       "WHERE workload = ?1 AND day = ?2",
			       -1, &sub, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(del, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(del) != SQLITE_DONE)
		goto fail;
	if (sqlite3_changes(s->db) == 1) {
		sqlite3_bind_text(sub, 1, workload, -1, SQLITE_STATIC);
		sqlite3_bind_text(sub, 2, day, -1, SQLITE_STATIC);
		sqlite3_bind_int64(sub, 3, tokens);
		sqlite3_bind_int64(sub, 4, micro_usd);
		if (sqlite3_step(sub) != SQLITE_DONE)
			goto fail;
		refunded = 1;
	}
	if (exec_retry(s->db, "COMMIT"))
		goto fail;
	sqlite3_finalize(del);
	sqlite3_finalize(sub);
	return refunded;
fail:
	dberr(s, err, errlen, "refund");
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_finalize(del);
	sqlite3_finalize(sub);
	return -1;
}

void budget_today(char out[11])
{
	time_t now = time(NULL);
	const char *fake = getenv("LLM_NOW");
	if (fake && *fake)
		now = (time_t)strtoll(fake, NULL, 10);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}
