/*
 * sqlfile: shared SQLite files; see sqlfile.h.
 */
#include "core/sqlfile.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Every file the tools keep in SQLite can hold record content or keys, so
 * a new one is made 0600 before SQLite sees it: an empty file is an empty
 * database, and SQLite gives the -wal, -shm and -journal files it makes the
 * main file's mode. O_EXCL: a file another process made first is left as
 * it is. An existing file keeps its mode (the owner may have chosen it). */
static int create_private(const char *path, char *err, size_t errlen)
{
	if (!strcmp(path, ":memory:") || !*path)
		return 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return 0;
		snprintf(err, errlen, "cannot create: %s", strerror(errno));
		return -1;
	}
	/* The umask may have taken bits away, never added any: make it exact. */
	int rc = fchmod(fd, 0600);
	int e = errno;
	close(fd);
	if (rc != 0) {
		unlink(path);
		snprintf(err, errlen, "cannot create: %s", strerror(e));
		return -1;
	}
	return 0;
}

int sqlfile_open(const char *path, int flags, int busy_ms, sqlite3 **out, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	*out = NULL;
	if ((flags & SQLITE_OPEN_CREATE) && create_private(path, err, errlen) < 0)
		return -1;
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
