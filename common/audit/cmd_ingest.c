/*
 * cmd_ingest: the subcommands that write records into the ledger: append
 * (the pipeline's sink, on several threads: append.h) and feedback.
 */
#include "audit/cmd.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/append.h"
#include "audit/entry.h"
#include "audit/store.h"
#include "core/input.h"
#include "core/ndjson.h"
#include "core/progress.h"
#include "core/record.h"

#define MAX_LINE_WARNINGS 20

/* append's: --threads, else one per online CPU. */
static int thread_count(int given)
{
	if (given)
		return given;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* The append pipeline's state on the main thread. Lines reach the tee
 * writer only after their batch is committed. */
struct append_ctx {
	struct audit_cmd *c;
	struct store *s;
	struct append_pipe *pipe;
	struct input *in;
	struct ndjson_writer out;  /* --tee: committed lines */
	struct ndjson_writer hook; /* /dev/null, one byte while records are pending: its flush runs before every read */
	struct buf pending;        /* --tee: lines queued, not yet committed */
	uint64_t bad;
	int status;
	int failed;                /* a commit failed: stop reading (said already) */
};

static int commit_now(struct append_ctx *a, char *err, size_t errlen)
{
	err[0] = '\0';
	if (store_commit(a->s, err, errlen) < 0)
		return -1;
	if (a->pending.len) {
		buf_put(ndjson_buf(&a->out), a->pending.p, a->pending.len);
		buf_reset(&a->pending);
		ndjson_flush(&a->out);
	}
	return 0;
}

/* Each processed line, in input order: warn, queue, commit per batch. */
static int on_line(void *ctx, const struct append_result *r, char *err, size_t errlen)
{
	struct append_ctx *a = ctx;
	if (r->status != RECORD_OK) {
		if (a->bad++ < MAX_LINE_WARNINGS)
			audit_say(a->c, AUDIT_SAY_WARNING, 0, "%s:%llu: %s", strcmp(r->source, "-") ? r->source : "stdin",
				  (unsigned long long)r->line, r->msg);
		a->status = exitcode_merge(a->status, EXITCODE_BADINPUT);
	}
	if (store_queue_from(a->s, r->batch, r->index, err, errlen) < 0)
		return -1;
	if (a->c->tee) {
		buf_put(&a->pending, r->p, r->n);
		buf_putc(&a->pending, '\n');
	}
	if (store_queued(a->s) >= (size_t)a->c->batch || store_queued_bytes(a->s) >= ((size_t)32 << 20))
		return commit_now(a, err, errlen);
	return 0;
}

static int drain_and_commit(struct append_ctx *a)
{
	char err[1024];
	if (append_pipe_drain(a->pipe, err, sizeof(err)) < 0 || commit_now(a, err, sizeof(err)) < 0) {
		if (!a->failed)
			audit_fail(a->c, EXITCODE_IO, "%s", err);
		a->failed = 1;
		return -1;
	}
	return 0;
}

/* Runs before every read of the input: when the read would block,
 * everything read so far is committed (and teed) first, so a stream
 * that pauses leaves nothing waiting in memory. */
static void before_read(void *ctx)
{
	struct append_ctx *a = ctx;
	struct pollfd pfd = { a->in->r.fd, POLLIN, 0 };
	if (a->failed || (a->in->reading && poll(&pfd, 1, 0) == 1))
		return;
	drain_and_commit(a);
}

int audit_cmd_append(struct audit_cmd *c)
{
	char err[1024];
	if (c->batch < 1 || c->batch > 1000000)
		return audit_usage(c, "--batch wants 1..1000000");
	int nthreads = audit_threads(c);
	if (nthreads < 0)
		return EXITCODE_USAGE;
	nthreads = thread_count(nthreads);
	struct input in;
	struct append_ctx a = { .c = c, .in = &in, .pending = BUF_INIT };
	if (!(a.s = audit_open_store(c, NULL, STORE_CREATE)))
		return EXITCODE_IO;
	if (ndjson_writer_open(&a.out, c->tee ? (c->output ? c->output : NULL) : "/dev/null") < 0 ||
	    ndjson_writer_open(&a.hook, "/dev/null") < 0) {
		audit_fail(c, EXITCODE_IO, "cannot open output: %s", strerror(errno));
		store_close(a.s);
		return EXITCODE_IO;
	}
	if (c->tee && (!c->output || !strcmp(c->output, "-")))
		a.out.fd = fileno(c->out);
	a.out.flush_at = (size_t)64 << 20;
	a.hook.pre_flush = before_read;
	a.hook.pre_flush_ctx = &a;
	if (!(a.pipe = append_pipe_new(a.s, nthreads, on_line, &a, err, sizeof(err)))) {
		audit_fail(c, EXITCODE_IO, "%s", err);
		a.failed = 1;
		goto out;
	}
	input_init(&in, INPUT_NDJSON, c->args, c->nargs, c->max_line ? c->max_line : NDJSON_DEFAULT_MAX_LINE, &a.hook);
	struct input_rec rec;
	int rc;
	uint64_t nlines = 0;
	while (!a.failed && (rc = input_next(&in, &rec, err, sizeof(err))) != 0) {
		if (c->progress)
			progress_tick(c->progress, ++nlines, input_bytes(&in), NULL);
		if (rc < 0) {
			audit_fail(c, EXITCODE_IO, "%s", err);
			a.status = exitcode_merge(a.status, EXITCODE_IO);
			continue;
		}
		if (append_pipe_add(a.pipe, &rec, err, sizeof(err)) < 0) {
			audit_fail(c, EXITCODE_IO, "%s", err);
			a.failed = 1;
			break;
		}
		if (!ndjson_buf(&a.hook)->len)
			buf_putc(ndjson_buf(&a.hook), '\n');
	}
	if (c->progress)
		progress_done(c->progress);
	if (!a.failed)
		drain_and_commit(&a);
	if (a.bad > MAX_LINE_WARNINGS)
		audit_say(c, AUDIT_SAY_WARNING, 0, "%llu more lines were not records",
			  (unsigned long long)(a.bad - MAX_LINE_WARNINGS));
	if (in.io_failed)
		a.status = exitcode_merge(a.status, EXITCODE_IO);
	input_release(&in);
out:
	if (ndjson_writer_close(&a.out) < 0 && !a.failed) {
		audit_fail(c, EXITCODE_IO, "cannot write output: %s", strerror(a.out.err));
		a.status = exitcode_merge(a.status, EXITCODE_IO);
	}
	a.hook.pre_flush = NULL;
	ndjson_writer_close(&a.hook);
	append_pipe_free(a.pipe);
	buf_release(&a.pending);
	store_close(a.s);
	return a.failed ? EXITCODE_IO : a.status;
}

/* Each line {id, score|label, comment} becomes a feedback entry linked
 * to the records with that id; the line is its (erasable) payload. */
int audit_cmd_feedback(struct audit_cmd *c)
{
	char err[1024], msg[256];
	struct store *s = audit_open_store(c, NULL, 0);
	if (!s)
		return EXITCODE_IO;
	struct input in;
	input_init(&in, INPUT_NDJSON, c->args, c->nargs, (size_t)1 << 20, NULL);
	struct record r;
	record_init(&r);
	struct entry_scratch sc;
	entry_scratch_init(&sc);
	struct input_rec rec;
	int status = EXITCODE_OK, rc, failed = 0;
	uint64_t stored = 0, unlinked = 0;
	while ((rc = input_next(&in, &rec, err, sizeof(err))) != 0) {
		if (rc < 0) {
			audit_fail(c, EXITCODE_IO, "%s", err);
			status = exitcode_merge(status, EXITCODE_IO);
			continue;
		}
		const char *src = strcmp(rec.source, "-") ? rec.source : "stdin";
		struct entry e;
		int ps = rec.too_long ? RECORD_TOO_LONG : record_parse(&r, rec.p, rec.n, msg, sizeof(msg));
		if (ps == RECORD_TOO_LONG)
			snprintf(msg, sizeof(msg), "line too long");
		if (ps != RECORD_OK || entry_from_feedback(&e, &sc, &r, msg, sizeof(msg)) < 0) {
			audit_fail(c, EXITCODE_BADINPUT, "%s:%llu: %s; not stored", src, (unsigned long long)rec.line, msg);
			status = exitcode_merge(status, EXITCODE_BADINPUT);
			continue;
		}
		int64_t *seqs = NULL;
		size_t n;
		char *id = strndup(e.f[EF_REC_ID].s, e.f[EF_REC_ID].n);
		if (!id || store_find(s, id, &seqs, &n, err, sizeof(err)) < 0) {
			audit_fail(c, EXITCODE_IO, "%s", id ? err : "out of memory");
			free(id);
			failed = 1;
			break;
		}
		if (!n && unlinked++ < MAX_LINE_WARNINGS)
			audit_say(c, AUDIT_SAY_WARNING, 0, "%s:%llu: no record with id '%s' (stored all the same)", src,
				  (unsigned long long)rec.line, id);
		free(seqs);
		free(id);
		if (store_queue(s, &e, rec.p, rec.n, err, sizeof(err)) < 0 ||
		    (store_queued(s) >= 4096 && store_commit(s, err, sizeof(err)) < 0)) {
			audit_fail(c, EXITCODE_IO, "%s", err);
			failed = 1;
			break;
		}
		stored++;
	}
	if (!failed && store_commit(s, err, sizeof(err)) < 0) {
		audit_fail(c, EXITCODE_IO, "%s", err);
		failed = 1;
	}
	if (in.io_failed)
		status = exitcode_merge(status, EXITCODE_IO);
	if (!failed)
		fprintf(c->out, "{\"feedback\":%llu,\"unlinked\":%llu}\n", (unsigned long long)stored,
			(unsigned long long)unlinked);
	entry_scratch_release(&sc);
	record_release(&r);
	input_release(&in);
	store_close(s);
	if (failed)
		return EXITCODE_IO;
	return exitcode_merge(status, audit_close_out(c, c->out));
}
