/*
 * sqlfile: shared SQLite files; see sqlfile.h.
 */
#include "sqlfile.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

int sqlfile_exec_retry(sqlite3 *db, const char *sql, int busy_ms)
{
	for (int tries = 0;; tries++) {
		int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			return 0;
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries * 10 > busy_ms)
			return -1;
		sqlite3_sleep(10);
	}
}

/* The switch to WAL, checked: a file on a filesystem without shared
 * memory stays in another mode, and the tools' concurrency needs WAL. */
static int set_wal(sqlite3 *db, int busy_ms, char *err, size_t errlen)
{
	for (int tries = 0;; tries++) {
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &st, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			const char *mode = (const char *)sqlite3_column_text(st, 0);
			int wal = mode && !strcmp(mode, "wal");
			if (!wal)
				snprintf(err, errlen, "cannot use WAL mode (journal mode is %s)", mode ? mode : "unknown");
			sqlite3_finalize(st);
			return wal ? 0 : -1;
		}
		sqlite3_finalize(st);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries * 10 > busy_ms) {
			snprintf(err, errlen, "%s", sqlite3_errmsg(db));
			return -1;
		}
		sqlite3_sleep(10);
	}
}

int sqlfile_open(const char *path, int flags, int busy_ms, sqlite3 **out, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	*out = NULL;
	if (sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, busy_ms);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	if (!(flags & SQLITE_OPEN_READONLY) && set_wal(db, busy_ms, err, errlen)) {
		sqlite3_close(db);
		return -1;
	}
	*out = db;
	return 0;
}
