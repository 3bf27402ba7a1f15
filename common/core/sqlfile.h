/*
 * sqlfile: opening the SQLite files the tools share between processes
 * (the vault, the budget state, the response cache, the audit ledger).
 *
 * Each of them wants the same things: a busy timeout, defensive settings
 * (the file may come from anyone: no schema tricks, no triggers or views
 * running our statements through functions), and WAL so readers and one
 * writer do not block each other. Processes creating a file at once race
 * to switch it to WAL and the loser can see SQLITE_BUSY without the busy
 * handler running; sqlfile_exec_retry() waits that out, as it does for
 * BEGIN IMMEDIATE racing a checkpoint.
 */
#ifndef LLM_SQLFILE_H
#define LLM_SQLFILE_H

#include <stddef.h>

struct sqlite3;

/*
 * Opens path with SQLite's open flags (SQLITE_OPEN_NOMUTEX is added),
 * creating a missing file 0600 first under SQLITE_OPEN_CREATE (its -wal and
 * -shm files then get the same mode),
 * sets the busy timeout and the defensive settings and, unless the flags
 * say read-only, switches to WAL. Returns 0 with *db, or -1 with a reason
 * in err (the caller names the file) and *db closed and NULL.
 */
int sqlfile_open(const char *path, int flags, int busy_ms, struct sqlite3 **db, char *err, size_t errlen);

/* sqlite3_exec() of sql, retried on SQLITE_BUSY / SQLITE_LOCKED for up to
 * busy_ms. Returns 0 or -1 (sqlite3_errmsg says why). */
int sqlfile_exec_retry(struct sqlite3 *db, const char *sql, int busy_ms);

#endif
