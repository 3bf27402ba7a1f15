/*
 * cmd: llm-audit's subcommands, one function each. cmd/llm-audit.c parses
 * the options into a struct audit_cmd and calls the one its table names;
 * the work is here. A subcommand writes its results to c->out (or to the
 * -o file it opens), reports each warning and error through c->say, and
 * returns an exit status of core/exitcode.h: it never prints and never
 * exits, so the caller decides how a message looks and when to stop.
 *
 *   cmd.c          shared pieces: messages, output, the store, TIME
 *   cmd_ingest.c   append, feedback
 *   cmd_verify.c   verify, prove, verify-proof, show, keygen, checkpoint,
 *                  backup
 *   cmd_admin.c    erase, retain, merge, policy
 *   cmd_read.c     stats, drift, export (NDJSON, --otel, --otlp: otlp.h)
 *   cmd_report.c   report (the HTML page: report.h)
 */
#ifndef LLM_AUDIT_CMD_H
#define LLM_AUDIT_CMD_H

#include <stdint.h>
#include <stdio.h>

#include "core/exitcode.h"

struct store;
struct progress;

enum audit_say {
	AUDIT_SAY_WARNING, /* printed unless --quiet */
	AUDIT_SAY_ERROR,   /* always printed; the command goes on or returns */
	AUDIT_SAY_USAGE,   /* a bad command line: the caller prints the usage (and may exit 2) */
};

struct audit_cmd {
	/* The options (llm-audit(1)); NULL, 0 or -1 when not given. */
	const char *db, *output, *key, *pubkey, *id, *reason, *since, *until, *group_by, *baseline, *window;
	const char *otlp;              /* export: the collector's base URL */
	int tee, quick, otel;
	long batch;                    /* append: records per transaction (default 4096) */
	long older_than, size, seq, threads;
	long otlp_batch;               /* export --otlp: spans per request (default 512) */
	size_t max_line;
	const char *const *checkpoints;
	size_t ncheckpoints;
	const char *const *args;       /* the positional arguments */
	size_t nargs;
	/* Where results go when there is no -o (the caller's standard output), and
	 * how messages reach the caller. */
	FILE *out;
	struct progress *progress;     /* append: ticked per line; NULL for none */
	void (*say)(void *ctx, enum audit_say level, const char *msg);
	void *say_ctx;
};

typedef int audit_cmd_fn(struct audit_cmd *c);

audit_cmd_fn audit_cmd_append, audit_cmd_feedback;
audit_cmd_fn audit_cmd_verify, audit_cmd_prove, audit_cmd_verify_proof, audit_cmd_show, audit_cmd_keygen,
	audit_cmd_checkpoint, audit_cmd_backup;
audit_cmd_fn audit_cmd_erase, audit_cmd_retain, audit_cmd_merge, audit_cmd_policy;
audit_cmd_fn audit_cmd_stats, audit_cmd_drift, audit_cmd_export, audit_cmd_report;

/* ---- for the subcommands (cmd.c) ---- */

/* Passes the message to c->say at level; returns code. */
int audit_say(struct audit_cmd *c, enum audit_say level, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
#define audit_fail(c, code, ...) audit_say((c), AUDIT_SAY_ERROR, (code), __VA_ARGS__)
#define audit_usage(c, ...) audit_say((c), AUDIT_SAY_USAGE, EXITCODE_USAGE, __VA_ARGS__)

/* -o FILE (0600 from creation: an export holds payloads), else c->out;
 * NULL after saying why. */
FILE *audit_open_out(struct audit_cmd *c);
/* Flushes (and closes a file of ours): EXITCODE_OK, or EXITCODE_IO after
 * saying why. */
int audit_close_out(struct audit_cmd *c, FILE *f);
/* The ledger --db names (path: another one); NULL after saying why. */
struct store *audit_open_store(struct audit_cmd *c, const char *path, int flags);

/* TIME: YYYY-MM-DD[THH:MM[:SS]][Z], @EPOCH, or Nd / Nh (that long ago),
 * in microseconds: 0, or -1 when s is none of these. */
int audit_time_parse(const char *s, int64_t *us);
/* RANGE: TIME..TIME, either end empty for open (INT64_MIN, INT64_MAX):
 * 0, or -1 after saying why (a usage error). */
int audit_range_parse(struct audit_cmd *c, const char *s, const char *opt, int64_t *lo, int64_t *hi);
/* --since / --until as [*since, *until): 0, or -1 after saying why. */
int audit_since_until(struct audit_cmd *c, int64_t *since, int64_t *until);
/* --threads as given, 0 when not (1..64), -1 after saying why. */
int audit_threads(struct audit_cmd *c);

#endif
