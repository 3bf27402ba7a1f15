/*
 * append: llm-audit append's record stage on several threads.
 *
 * The caller (the store's thread) reads lines and adds them; they are
 * copied into chunks of a few hundred lines, and worker threads turn each
 * chunk into prepared entries (parse the record, or build the error record
 * that keeps a bad line; extract the columns; digest and compress the
 * payload: store_batch_add()). The results come back to the caller, in
 * input order, through a callback run on the caller's thread, which
 * queues each entry with store_queue_from() and decides when to commit.
 * Nothing that reaches the ledger depends on the thread count: the
 * entries, their order and the commit points are those of one thread.
 *
 * The caller's thread also processes chunks itself whenever it would
 * otherwise wait, so threads = 1 runs everything on the caller's thread.
 * Library rules: 0 / -1 with a message in err; nothing printed.
 */
#ifndef LLM_AUDIT_APPEND_H
#define LLM_AUDIT_APPEND_H

#include <stddef.h>
#include <stdint.h>

#include "audit/store.h"
#include "core/input.h"

struct append_pipe;

/* One input line, processed. Valid during the callback only. */
struct append_result {
	const char *p;      /* what is stored: the line, or the error record keeping it */
	size_t n;
	int status;         /* RECORD_OK, or why the line is not a record (enum record_status) */
	const char *msg;    /* status != RECORD_OK: the reason, for a warning */
	const char *source; /* the input's name ("-" for stdin) */
	uint64_t line;
	struct store_batch *batch; /* store_queue_from(s, batch, index) queues it */
	size_t index;
};

/* Returns 0, or -1 to stop (append_pipe_add/drain then return -1 and keep
 * err as the callback left it). */
typedef int (*append_fn)(void *ctx, const struct append_result *r, char *err, size_t errlen);

/* threads: how many threads prepare records, counting the caller's (>= 1). */
struct append_pipe *append_pipe_new(struct store *s, int threads, append_fn fn, void *ctx, char *err,
				    size_t errlen);
/* Joins the workers; whatever was not drained is dropped. */
void append_pipe_free(struct append_pipe *p);

/* Adds one line (copied); may run the callback for earlier lines. */
int append_pipe_add(struct append_pipe *p, const struct input_rec *rec, char *err, size_t errlen);
/* Runs the callback for every line added so far, waiting for the workers. */
int append_pipe_drain(struct append_pipe *p, char *err, size_t errlen);

#endif
