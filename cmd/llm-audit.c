/*
 * llm-audit: the tamper-evident ledger at the end of the pipeline.
 *
 *   llm-audit append --db audit.db [--tee]     store every record (a sink)
 *   llm-audit verify --db audit.db             re-check leaves, tree, payloads, checkpoints
 *   llm-audit prove / verify-proof             inclusion proofs, checked without the DB
 *   llm-audit keygen / checkpoint              signed tree heads kept outside the DB
 *   llm-audit erase / retain                   drop payloads, keep the ledger verifiable
 *   llm-audit stats / show / export            what the ledger says
 *   llm-audit report                           the ledger as one HTML page
 *
 * Wiring only: the store, the Merkle log, envelopes, signatures and
 * metrics live in common/audit/. One option table serves every subcommand
 * (so --help and the man page list them all); each subcommand refuses the
 * options that are not its own.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/args.h"
#include "policy/policy.h"
#include "audit/append.h"
#include "audit/drift.h"
#include "audit/entry.h"
#include "audit/policies.h"
#include "audit/proof.h"
#include "audit/report.h"
#include "audit/sign.h"
#include "audit/stats.h"
#include "audit/store.h"
#include "core/exitcode.h"
#include "core/hash.h"
#include "core/input.h"
#include "core/ndjson.h"
#include "core/record.h"
#include "core/sigstop.h"
#include "core/usage.h"
#include "core/progress.h"

#define MAX_LINE_WARNINGS 20

static const char *baseline_s, *window_s;
static const char *db_path, *output, *key_path, *pubkey_path, *id_opt, *reason, *since_s, *until_s,
	*group_by = "all";
static int tee, quick, otel, show_progress, quiet;
static long batch = 4096, older_than = -1, size_opt = 0, seq_opt = -1, threads_opt = 0;
static size_t max_line;
static struct args_list checkpoints;

enum {
	SUB_APPEND = 1 << 0, SUB_VERIFY = 1 << 1, SUB_PROVE = 1 << 2, SUB_VERIFY_PROOF = 1 << 3,
	SUB_KEYGEN = 1 << 4, SUB_CHECKPOINT = 1 << 5, SUB_ERASE = 1 << 6, SUB_RETAIN = 1 << 7,
	SUB_STATS = 1 << 8, SUB_SHOW = 1 << 9, SUB_EXPORT = 1 << 10, SUB_BACKUP = 1 << 11,
	SUB_FEEDBACK = 1 << 12, SUB_DRIFT = 1 << 13, SUB_POLICY = 1 << 14,
	SUB_MERGE = 1 << 15, SUB_REPORT = 1 << 16,
};

static const struct args_opt opts[] = {
	{ "db", 'd', ARGS_STRING, &db_path, "FILE", "the ledger (SQLite); created by append", 0 },
	{ "tee", 0, ARGS_FLAG, &tee, NULL, "append: write each line to stdout once it is committed", 0 },
	{ "batch", 0, ARGS_INT, &batch, "N", "append: records per transaction at most (default 4096)", 0 },
	{ "threads", 'j', ARGS_INT, &threads_opt, "N", "append, verify: threads to use (default: the number of online CPUs)", 0 },
	{ "progress", 0, ARGS_FLAG, &show_progress, NULL, "append: show progress on stderr even when it is not a terminal", 0 },
	{ "quiet", 'q', ARGS_FLAG, &quiet, NULL, "no progress line and no warnings (errors are still printed)", 0 },
	{ "max-line", 0, ARGS_SIZE, &max_line, "BYTES", "append: longest line accepted, at least 4096; longer ones are stored as error records (default 256M)", NDJSON_MIN_MAX_LINE },
	{ "output", 'o', ARGS_STRING, &output, "FILE", "write to FILE instead of stdout (checkpoint, export, prove, stats, drift, report); backup: the new file", 0 },
	{ "quick", 0, ARGS_FLAG, &quick, NULL, "verify: skip re-reading the payloads (leaves, tree, checkpoints only)", 0 },
	{ "checkpoint", 'c', ARGS_LIST, &checkpoints, "FILE", "verify, verify-proof: hold the ledger to this signed checkpoint (repeatable)", 0 },
	{ "pubkey", 0, ARGS_STRING, &pubkey_path, "FILE", "verify, verify-proof: checkpoints must be signed by this key", 0 },
	{ "key", 'k', ARGS_STRING, &key_path, "FILE", "checkpoint, backup: the Ed25519 private key (from keygen)", 0 },
	{ "size", 0, ARGS_INT, &size_opt, "N", "prove: against the tree of the first N entries (default: all)", 0 },
	{ "seq", 0, ARGS_INT, &seq_opt, "N", "prove, show: the entry with sequence number N instead of an ID", 0 },
	{ "id", 0, ARGS_STRING, &id_opt, "ID", "erase: the record id whose payloads to erase", 0 },
	{ "older-than", 0, ARGS_INT, &older_than, "DAYS", "retain: erase the payloads of records appended more than DAYS ago", 0 },
	{ "reason", 0, ARGS_STRING, &reason, "TEXT", "erase, retain: why, kept in the erase entry", 0 },
	{ "since", 0, ARGS_STRING, &since_s, "TIME", "stats, export, report: from TIME (YYYY-MM-DD[THH:MM:SS], @EPOCH, or 7d/24h ago)", 0 },
	{ "until", 0, ARGS_STRING, &until_s, "TIME", "stats, export, report: before TIME", 0 },
	{ "group-by", 'g', ARGS_CHOICE, &group_by, "all|backend|model|workload|class|rule|day|status|provider", "stats: one row per value (default all)", 0 },
	{ "baseline", 0, ARGS_STRING, &baseline_s, "RANGE", "drift, report: the reference period, TIME..TIME (either end may be empty)", 0 },
	{ "window", 0, ARGS_STRING, &window_s, "RANGE", "drift, report: the period compared with it, TIME..TIME", 0 },
	{ "otel", 0, ARGS_FLAG, &otel, NULL, "export: one flat object per record, named by the OpenTelemetry GenAI conventions", 0 },
	{ 0 }
};

static const struct args_spec spec = {
	"llm-audit append --db FILE [--tee] [FILE...]\n"
	"       llm-audit verify --db FILE [--quick] [--checkpoint FILE]... [--pubkey FILE]\n"
	"       llm-audit prove --db FILE [--size N] (ID... | --seq N)\n"
	"       llm-audit verify-proof [--checkpoint FILE] [--pubkey FILE] [PROOF...]\n"
	"       llm-audit keygen FILE\n"
	"       llm-audit checkpoint --db FILE --key FILE [-o FILE]\n"
	"       llm-audit erase --db FILE --id ID [--reason TEXT]\n"
	"       llm-audit retain --db FILE --older-than DAYS [--reason TEXT]\n"
	"       llm-audit stats --db FILE [--since TIME] [--until TIME] [--group-by KEY]\n"
	"       llm-audit show --db FILE (ID... | --seq N)\n"
	"       llm-audit export --db FILE [--since TIME] [--until TIME] [--otel] [-o FILE]\n"
	"       llm-audit backup --db FILE -o NEWFILE [--key FILE]\n"
	"       llm-audit feedback --db FILE [FILE...]\n"
	"       llm-audit drift --db FILE --baseline RANGE --window RANGE\n"
	"       llm-audit policy --db FILE (add FILE... | list | show REF | diff REF REF | label NAME REF)\n"
	"       llm-audit merge --db FILE SHARD...\n"
	"       llm-audit report --db FILE [--since TIME] [--until TIME] [--baseline RANGE --window RANGE] [-o FILE]",
	"A tamper-evident ledger of records: an RFC 6962 Merkle log in SQLite.",
	opts, NULL,
	"verify exits 1 and names the first entry that fails when anything was\n"
	"changed, reordered, deleted or truncated since it was written.\n"
};

static struct {
	const char *name;
	int bit;
} subs[] = {
	{ "append", SUB_APPEND }, { "verify", SUB_VERIFY }, { "prove", SUB_PROVE },
	{ "verify-proof", SUB_VERIFY_PROOF }, { "keygen", SUB_KEYGEN }, { "checkpoint", SUB_CHECKPOINT },
	{ "erase", SUB_ERASE }, { "retain", SUB_RETAIN }, { "stats", SUB_STATS }, { "show", SUB_SHOW },
	{ "export", SUB_EXPORT }, { "backup", SUB_BACKUP }, { "feedback", SUB_FEEDBACK }, { "drift", SUB_DRIFT }, { "policy", SUB_POLICY }, { "merge", SUB_MERGE }, { "report", SUB_REPORT },
};

/* Which subcommands each option belongs to; db is checked per command. */
static void check_options(int sub, const char *name)
{
	struct {
		int set, allowed;
		const char *opt;
	} o[] = {
		{ tee, SUB_APPEND, "--tee" },
		{ batch != 4096, SUB_APPEND, "--batch" },
		{ threads_opt != 0, SUB_APPEND | SUB_VERIFY, "--threads" },
		{ max_line != 0, SUB_APPEND, "--max-line" },
		{ output != NULL, SUB_CHECKPOINT | SUB_EXPORT | SUB_PROVE | SUB_STATS | SUB_SHOW | SUB_BACKUP | SUB_DRIFT | SUB_POLICY | SUB_REPORT, "--output" },
		{ quick, SUB_VERIFY, "--quick" },
		{ checkpoints.n != 0, SUB_VERIFY | SUB_VERIFY_PROOF, "--checkpoint" },
		{ pubkey_path != NULL, SUB_VERIFY | SUB_VERIFY_PROOF, "--pubkey" },
		{ key_path != NULL, SUB_CHECKPOINT | SUB_BACKUP, "--key" },
		{ size_opt != 0, SUB_PROVE, "--size" },
		{ seq_opt != -1, SUB_PROVE | SUB_SHOW, "--seq" },
		{ id_opt != NULL, SUB_ERASE, "--id" },
		{ older_than != -1, SUB_RETAIN, "--older-than" },
		{ reason != NULL, SUB_ERASE | SUB_RETAIN, "--reason" },
		{ since_s != NULL, SUB_STATS | SUB_EXPORT | SUB_REPORT, "--since" },
		{ until_s != NULL, SUB_STATS | SUB_EXPORT | SUB_REPORT, "--until" },
		{ strcmp(group_by, "all") != 0, SUB_STATS, "--group-by" },
		{ otel, SUB_EXPORT, "--otel" },
		{ baseline_s != NULL, SUB_DRIFT | SUB_REPORT, "--baseline" },
		{ window_s != NULL, SUB_DRIFT | SUB_REPORT, "--window" },
	};
	for (size_t i = 0; i < sizeof(o) / sizeof(o[0]); i++)
		if (o[i].set && !(o[i].allowed & sub))
			args_usage_error(&spec, "%s does not apply to %s", o[i].opt, name);
	int needs_db = !(sub & (SUB_KEYGEN | SUB_VERIFY_PROOF));
	if (needs_db && !db_path)
		args_usage_error(&spec, "%s needs the ledger: --db FILE", name);
	if (!needs_db && db_path)
		args_usage_error(&spec, "--db does not apply to %s", name);
}

static FILE *open_out(void)
{
	if (!output || !strcmp(output, "-"))
		return stdout;
	/* 0600 from creation, like the ledger: an export holds its payloads. */
	mode_t old = umask(077);
	FILE *f = fopen(output, "w");
	umask(old);
	if (!f)
		die(EXITCODE_IO, "cannot open '%s' for writing: %s", output, strerror(errno));
	return f;
}

static int close_out(FILE *f)
{
	if (fflush(f) || ferror(f) || (f != stdout && fclose(f))) {
		error("cannot write %s: %s", f == stdout ? "stdout" : output, strerror(errno));
		return EXITCODE_IO;
	}
	return EXITCODE_OK;
}

static struct store *open_store(int flags)
{
	char err[1024];
	struct store *s = store_open(db_path, flags, err, sizeof(err));
	if (!s)
		die(EXITCODE_IO, "%s", err);
	return s;
}

/* ---- append ---- */

/* --threads as given; 0 when it was not (each subcommand has its default). */
static int threads_arg(void)
{
	if (threads_opt < 0 || threads_opt > 64)
		args_usage_error(&spec, "--threads wants 1..64");
	return (int)threads_opt;
}

/* append's: --threads, else one per online CPU. */
static int thread_count(void)
{
	if (threads_arg())
		return threads_arg();
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* The append pipeline's state on the main thread. Lines reach the tee
 * writer only after their batch is committed. */
struct append_ctx {
	struct store *s;
	struct append_pipe *pipe;
	struct input *in;
	struct ndjson_writer out;  /* --tee: committed lines */
	struct ndjson_writer hook; /* /dev/null, one byte while records are pending: its flush runs before every read */
	struct buf pending;        /* --tee: lines queued, not yet committed */
	uint64_t bad;
	int status;
};

static void commit_now(struct append_ctx *a)
{
	char err[1024];
	err[0] = '\0';
	if (store_commit(a->s, err, sizeof(err)) < 0)
		die(EXITCODE_IO, "%s", err);
	if (a->pending.len) {
		buf_put(ndjson_buf(&a->out), a->pending.p, a->pending.len);
		buf_reset(&a->pending);
		ndjson_flush(&a->out);
	}
}

/* Each processed line, in input order: warn, queue, commit per batch. */
static int on_line(void *ctx, const struct append_result *r, char *err, size_t errlen)
{
	struct append_ctx *a = ctx;
	if (r->status != RECORD_OK) {
		if (a->bad++ < MAX_LINE_WARNINGS)
			warning("%s:%llu: %s", strcmp(r->source, "-") ? r->source : "stdin", (unsigned long long)r->line,
				r->msg);
		a->status = exitcode_merge(a->status, EXITCODE_BADINPUT);
	}
	if (store_queue_from(a->s, r->batch, r->index, err, errlen) < 0)
		return -1;
	if (tee) {
		buf_put(&a->pending, r->p, r->n);
		buf_putc(&a->pending, '\n');
	}
	if (store_queued(a->s) >= (size_t)batch || store_queued_bytes(a->s) >= ((size_t)32 << 20))
		commit_now(a);
	return 0;
}

static void drain_and_commit(struct append_ctx *a)
{
	char err[1024];
	if (append_pipe_drain(a->pipe, err, sizeof(err)) < 0)
		die(EXITCODE_IO, "%s", err);
	commit_now(a);
}

/* Runs before every read of the input: when the read would block,
 * everything read so far is committed (and teed) first, so a stream
 * that pauses leaves nothing waiting in memory. */
static void before_read(void *ctx)
{
	struct append_ctx *a = ctx;
	struct pollfd pfd = { a->in->r.fd, POLLIN, 0 };
	if (a->in->reading && poll(&pfd, 1, 0) == 1)
		return;
	drain_and_commit(a);
}

static int cmd_append(struct args_list *files)
{
	char err[1024];
	if (batch < 1 || batch > 1000000)
		args_usage_error(&spec, "--batch wants 1..1000000");
	sigstop_install(); /* stop between records, commit, then exit: sigstop.h */
	int nthreads = thread_count();
	struct input in;
	struct append_ctx a = { .s = open_store(STORE_CREATE), .in = &in, .pending = BUF_INIT };
	if (ndjson_writer_open(&a.out, tee ? (output ? output : NULL) : "/dev/null") < 0 ||
	    ndjson_writer_open(&a.hook, "/dev/null") < 0)
		die(EXITCODE_IO, "cannot open output: %s", strerror(errno));
	a.out.flush_at = (size_t)64 << 20;
	a.hook.pre_flush = before_read;
	a.hook.pre_flush_ctx = &a;
	if (!(a.pipe = append_pipe_new(a.s, nthreads, on_line, &a, err, sizeof(err))))
		die(EXITCODE_IO, "%s", err);
	input_init(&in, INPUT_NDJSON, files->v, files->n, max_line ? max_line : NDJSON_DEFAULT_MAX_LINE, &a.hook);
	struct input_rec rec;
	int rc;
	uint64_t nlines = 0;
	struct progress pg;
	progress_init(&pg, progress_mode(show_progress, quiet), files->v, files->n);
	while ((rc = input_next(&in, &rec, err, sizeof(err))) != 0) {
		progress_tick(&pg, ++nlines, input_bytes(&in), NULL);
		if (rc < 0) {
			error("%s", err);
			a.status = exitcode_merge(a.status, EXITCODE_IO);
			continue;
		}
		if (append_pipe_add(a.pipe, &rec, err, sizeof(err)) < 0)
			die(EXITCODE_IO, "%s", err);
		if (!ndjson_buf(&a.hook)->len)
			buf_putc(ndjson_buf(&a.hook), '\n');
	}
	progress_done(&pg);
	drain_and_commit(&a);
	if (a.bad > MAX_LINE_WARNINGS)
		warning("%llu more lines were not records", (unsigned long long)(a.bad - MAX_LINE_WARNINGS));
	if (ndjson_writer_close(&a.out) < 0) {
		error("cannot write output: %s", strerror(a.out.err));
		a.status = exitcode_merge(a.status, EXITCODE_IO);
	}
	a.hook.pre_flush = NULL;
	ndjson_writer_close(&a.hook);
	if (in.io_failed)
		a.status = exitcode_merge(a.status, EXITCODE_IO);
	append_pipe_free(a.pipe);
	buf_release(&a.pending);
	input_release(&in);
	store_close(a.s);
	return a.status;
}

/* ---- feedback ---- */

/* Each line {id, score|label, comment} becomes a feedback entry linked
 * to the records with that id; the line is its (erasable) payload. */
static int cmd_feedback(struct args_list *files)
{
	char err[1024], msg[256];
	struct store *s = open_store(0);
	sigstop_install(); /* stop between lines, commit, then exit: sigstop.h */
	struct input in;
	input_init(&in, INPUT_NDJSON, files->v, files->n, (size_t)1 << 20, NULL);
	struct record r;
	record_init(&r);
	struct entry_scratch sc;
	entry_scratch_init(&sc);
	struct input_rec rec;
	int status = EXITCODE_OK, rc;
	uint64_t stored = 0, unlinked = 0;
	while ((rc = input_next(&in, &rec, err, sizeof(err))) != 0) {
		if (rc < 0) {
			error("%s", err);
			status = exitcode_merge(status, EXITCODE_IO);
			continue;
		}
		const char *src = strcmp(rec.source, "-") ? rec.source : "stdin";
		struct entry e;
		int ps = rec.too_long ? RECORD_TOO_LONG : record_parse(&r, rec.p, rec.n, msg, sizeof(msg));
		if (ps == RECORD_TOO_LONG)
			snprintf(msg, sizeof(msg), "line too long");
		if (ps != RECORD_OK || entry_from_feedback(&e, &sc, &r, msg, sizeof(msg)) < 0) {
			error("%s:%llu: %s; not stored", src, (unsigned long long)rec.line, msg);
			status = exitcode_merge(status, EXITCODE_BADINPUT);
			continue;
		}
		int64_t *seqs;
		size_t n;
		char *id = strndup(e.f[EF_REC_ID].s, e.f[EF_REC_ID].n);
		if (!id || store_find(s, id, &seqs, &n, err, sizeof(err)) < 0)
			die(EXITCODE_IO, "%s", id ? err : "out of memory");
		if (!n && unlinked++ < MAX_LINE_WARNINGS)
			warning("%s:%llu: no record with id '%s' (stored all the same)", src, (unsigned long long)rec.line, id);
		free(seqs);
		free(id);
		if (store_queue(s, &e, rec.p, rec.n, err, sizeof(err)) < 0 ||
		    (store_queued(s) >= 4096 && store_commit(s, err, sizeof(err)) < 0))
			die(EXITCODE_IO, "%s", err);
		stored++;
	}
	if (store_commit(s, err, sizeof(err)) < 0)
		die(EXITCODE_IO, "%s", err);
	if (in.io_failed)
		status = exitcode_merge(status, EXITCODE_IO);
	printf("{\"feedback\":%llu,\"unlinked\":%llu}\n", (unsigned long long)stored, (unsigned long long)unlinked);
	entry_scratch_release(&sc);
	record_release(&r);
	input_release(&in);
	store_close(s);
	return exitcode_merge(status, close_out(stdout));
}

/* ---- verify ---- */

static void read_checkpoints(struct checkpoint **cps, unsigned char *pin, int *have_pin)
{
	char err[1024];
	*cps = calloc(checkpoints.n + 1, sizeof(**cps));
	if (!*cps)
		die(EXITCODE_IO, "out of memory");
	for (size_t i = 0; i < checkpoints.n; i++)
		if (checkpoint_read(checkpoints.v[i], &(*cps)[i], err, sizeof(err)) < 0)
			die(EXITCODE_CONFIG, "%s", err);
	*have_pin = 0;
	if (pubkey_path) {
		if (sign_pub_load(pubkey_path, pin, err, sizeof(err)) < 0)
			die(EXITCODE_CONFIG, "%s", err);
		*have_pin = 1;
	}
}

static int run_verify(struct store *s, int payloads, struct store_verify *v, int print)
{
	char err[1024];
	struct checkpoint *cps;
	unsigned char pin[SIGN_PUB_LEN];
	int have_pin;
	read_checkpoints(&cps, pin, &have_pin);
	memset(v, 0, sizeof(*v));
	v->payloads = payloads;
	v->cps = cps;
	v->cp_names = checkpoints.v;
	v->ncps = checkpoints.n;
	v->pin = have_pin ? pin : NULL;
	v->threads = threads_arg(); /* 0: $LLM_AUDIT_THREADS or one per CPU */
	int r = store_verify(s, v, err, sizeof(err));
	free(cps);
	if (r < 0)
		die(EXITCODE_IO, "%s", err);
	if (!print)
		return r;
	char root[65];
	hash_hex(v->root, 32, root);
	if (r == 0) {
		printf("{\"ok\":true,\"entries\":%" PRIu64 ",\"root\":\"%s\",\"payloads_checked\":%" PRIu64
		       ",\"payloads_erased\":%" PRIu64 ",\"heads\":%" PRIu64 ",\"checkpoints\":%" PRIu64 "}\n",
		       v->size, root, v->payloads_checked, v->erased, v->heads, v->checkpoints);
	} else {
		struct buf b = BUF_INIT;
		buf_printf(&b, "{\"ok\":false,\"entry\":");
		if (v->bad_seq >= 0)
			buf_printf(&b, "%" PRId64, v->bad_seq);
		else
			buf_puts(&b, "null");
		buf_puts(&b, ",\"problem\":");
		json_escape(&b, v->problem, strlen(v->problem));
		buf_puts(&b, "}\n");
		fputs(b.p, stdout);
		buf_release(&b);
		error("verify: %s", v->problem);
	}
	return r;
}

static int cmd_verify(void)
{
	struct store *s = open_store(STORE_READONLY);
	struct store_verify v;
	int r = run_verify(s, !quick, &v, 1);
	store_close(s);
	int st = close_out(stdout);
	return exitcode_merge(r ? EXITCODE_FOUND : EXITCODE_OK, st);
}

/* ---- proofs ---- */

static int prove_one(struct store *s, int64_t seq, FILE *out)
{
	char err[1024];
	struct proof p;
	proof_init(&p);
	unsigned char leaf[32];
	int r = store_envelope(s, seq, &p.envelope, leaf, err, sizeof(err));
	if (r <= 0) {
		if (r < 0)
			die(EXITCODE_IO, "%s", err);
		error("no entry %" PRId64, seq);
		proof_release(&p);
		return EXITCODE_FOUND;
	}
	p.size = (uint64_t)size_opt;
	int k = store_inclusion(s, seq, &p.size, p.root, p.path, err, sizeof(err));
	if (k < 0)
		die(EXITCODE_IO, "%s", err);
	p.npath = (size_t)k;
	p.seq = (uint64_t)seq;
	store_origin(s, p.origin);
	struct buf b = BUF_INIT;
	proof_format(&p, &b);
	buf_putc(&b, '\n');
	fwrite(b.p, 1, b.len, out);
	buf_release(&b);
	proof_release(&p);
	return EXITCODE_OK;
}

/* Runs fn on the entry --seq names and on every entry of each record ID;
 * an ID with no entry is reported and makes the status 1. */
static int each_entry(struct args_list *ids, int (*fn)(struct store *, int64_t, FILE *))
{
	char err[1024];
	struct store *s = open_store(STORE_READONLY);
	FILE *out = open_out();
	int status = EXITCODE_OK;
	if (seq_opt >= 0)
		status = exitcode_merge(status, fn(s, seq_opt, out));
	for (size_t i = 0; i < ids->n; i++) {
		int64_t *seqs;
		size_t n;
		if (store_find(s, ids->v[i], &seqs, &n, err, sizeof(err)) < 0)
			die(EXITCODE_IO, "%s", err);
		if (!n) {
			error("no record with id '%s'", ids->v[i]);
			status = exitcode_merge(status, EXITCODE_FOUND);
		}
		for (size_t j = 0; j < n; j++)
			status = exitcode_merge(status, fn(s, seqs[j], out));
		free(seqs);
	}
	store_close(s);
	return exitcode_merge(status, close_out(out));
}

static int cmd_prove(struct args_list *ids)
{
	if (size_opt < 0)
		args_usage_error(&spec, "--size wants a positive number");
	if (!ids->n && seq_opt < 0)
		args_usage_error(&spec, "prove wants record IDs or --seq N");
	return each_entry(ids, prove_one);
}

static int cmd_verify_proof(struct args_list *files)
{
	char err[1024];
	struct checkpoint *cps;
	unsigned char pin[SIGN_PUB_LEN];
	int have_pin;
	if (checkpoints.n > 1)
		args_usage_error(&spec, "verify-proof takes one --checkpoint");
	read_checkpoints(&cps, pin, &have_pin);
	if (checkpoints.n) {
		if (have_pin && memcmp(cps[0].pub, pin, SIGN_PUB_LEN))
			die(EXITCODE_FOUND, "checkpoint %s is not signed by the given public key", checkpoints.v[0]);
		if (!checkpoint_verify_sig(&cps[0]))
			die(EXITCODE_FOUND, "checkpoint %s: the signature does not verify", checkpoints.v[0]);
	}
	struct input in;
	input_init(&in, INPUT_NDJSON, files->v, files->n, PROOF_MAX_BYTES, NULL);
	struct input_rec rec;
	struct proof p;
	proof_init(&p);
	int status = EXITCODE_OK, rc;
	uint64_t good = 0;
	while ((rc = input_next(&in, &rec, err, sizeof(err))) != 0) {
		if (rc < 0) {
			error("%s", err);
			status = exitcode_merge(status, EXITCODE_IO);
			continue;
		}
		const char *src = strcmp(rec.source, "-") ? rec.source : "stdin";
		if (rec.n == 0)
			continue;
		if (rec.too_long || proof_parse(&p, rec.p, rec.n, err, sizeof(err)) < 0) {
			error("%s:%llu: %s", src, (unsigned long long)rec.line, rec.too_long ? "proof too long" : err);
			status = exitcode_merge(status, EXITCODE_BADINPUT);
			continue;
		}
		const char *why = NULL;
		if (!proof_check(&p, err, sizeof(err)))
			why = err;
		else if (checkpoints.n && memcmp(p.origin, cps[0].origin, SIGN_ORIGIN_LEN))
			why = "the proof is for another ledger than the checkpoint";
		else if (checkpoints.n && (p.size != cps[0].size || memcmp(p.root, cps[0].root, 32)))
			why = "the proof's tree head is not the checkpoint's (prove with --size of the checkpoint)";
		if (why) {
			error("%s:%llu: entry %" PRIu64 ": %s", src, (unsigned long long)rec.line, p.seq, why);
			status = exitcode_merge(status, EXITCODE_FOUND);
		} else {
			good++;
			printf("{\"ok\":true,\"seq\":%" PRIu64 ",\"size\":%" PRIu64 "}\n", p.seq, p.size);
		}
	}
	if (in.io_failed)
		status = exitcode_merge(status, EXITCODE_IO);
	proof_release(&p);
	input_release(&in);
	free(cps);
	return exitcode_merge(status, close_out(stdout));
}

/* ---- keys and checkpoints ---- */

static void sign_head(struct store *s, struct sign_key *k, struct checkpoint *cp);

static int cmd_keygen(struct args_list *pos)
{
	char err[1024];
	if (pos->n != 1)
		args_usage_error(&spec, "keygen wants one FILE");
	char *pub;
	if (asprintf(&pub, "%s.pub", pos->v[0]) < 0)
		die(EXITCODE_IO, "out of memory");
	if (sign_keygen(pos->v[0], pub, err, sizeof(err)) < 0)
		die(EXITCODE_IO, "%s", err);
	free(pub);
	return EXITCODE_OK;
}

static int cmd_checkpoint(void)
{
	char err[1024];
	if (!key_path)
		args_usage_error(&spec, "checkpoint needs the signing key: --key FILE");
	struct sign_key *k = sign_key_load(key_path, err, sizeof(err));
	if (!k)
		die(EXITCODE_CONFIG, "%s", err);
	struct store *s = open_store(0);
	/* Never sign a head the entries do not bear out. */
	struct checkpoint cp;
	sign_head(s, k, &cp);
	if (store_add_checkpoint(s, &cp, err, sizeof(err)) < 0)
		die(EXITCODE_IO, "%s", err);
	struct buf b = BUF_INIT;
	checkpoint_format(&cp, &b);
	FILE *out = open_out();
	fwrite(b.p, 1, b.len, out);
	buf_release(&b);
	sign_key_free(k);
	store_close(s);
	return close_out(out);
}

/* Verifies the tree (leaves, heads, checkpoints) and signs its head. */
static void sign_head(struct store *s, struct sign_key *k, struct checkpoint *cp)
{
	char err[1024];
	struct store_verify v;
	if (run_verify(s, 0, &v, 0))
		die(EXITCODE_FOUND, "not signing: verify failed: %s", v.problem);
	memset(cp, 0, sizeof(*cp));
	store_origin(s, cp->origin);
	cp->size = v.size;
	memcpy(cp->root, v.root, 32);
	cp->time_us = store_now_us();
	if (sign_checkpoint(k, cp, err, sizeof(err)) < 0)
		die(EXITCODE_CONFIG, "%s", err);
}

/* ---- backup ---- */

static int cmd_backup(void)
{
	char err[1024];
	if (!output || !strcmp(output, "-"))
		args_usage_error(&spec, "backup needs the new file: -o FILE");
	struct sign_key *k = NULL;
	if (key_path && !(k = sign_key_load(key_path, err, sizeof(err))))
		die(EXITCODE_CONFIG, "%s", err);
	struct store *s = open_store(STORE_READONLY);
	if (store_backup(s, output, err, sizeof(err)) < 0)
		die(EXITCODE_IO, "%s", err);
	store_close(s);
	/* The copy is checked (and signed) as itself: what was copied is what
	 * the checkpoint vouches for. */
	const char *orig = db_path;
	db_path = output;
	s = open_store(0);
	struct store_verify v;
	struct buf b = BUF_INIT;
	if (k) {
		struct checkpoint cp;
		sign_head(s, k, &cp);
		if (store_add_checkpoint(s, &cp, err, sizeof(err)) < 0)
			die(EXITCODE_IO, "%s", err);
		v.size = cp.size;
		memcpy(v.root, cp.root, 32);
		checkpoint_format(&cp, &b);
	} else if (run_verify(s, 0, &v, 0)) {
		die(EXITCODE_FOUND, "the backup does not verify: %s", v.problem);
	}
	store_close(s);
	db_path = orig;
	char root[65];
	hash_hex(v.root, 32, root);
	struct buf line = BUF_INIT;
	buf_puts(&line, "{\"backup\":");
	json_escape(&line, output, strlen(output));
	buf_printf(&line, ",\"entries\":%" PRIu64 ",\"root\":\"%s\"", v.size, root);
	if (b.len) {
		buf_puts(&line, ",\"checkpoint\":");
		json_escape(&line, b.p, b.len);
	}
	buf_puts(&line, "}\n");
	fputs(line.p, stdout);
	buf_release(&line);
	buf_release(&b);
	sign_key_free(k);
	return close_out(stdout);
}

/* ---- erase / retain ---- */

static int cmd_erase(int sub)
{
	char err[1024];
	int64_t before = 0;
	if (sub == SUB_ERASE && !id_opt)
		args_usage_error(&spec, "erase needs --id ID");
	if (sub == SUB_RETAIN) {
		if (older_than < 0 || older_than > 100000)
			args_usage_error(&spec, "retain needs --older-than DAYS (0..100000)");
		before = store_now_us() - (int64_t)older_than * 86400 * 1000000;
	}
	struct store *s = open_store(0);
	struct store_erased r;
	if (store_erase(s, sub == SUB_ERASE ? id_opt : NULL, before, reason, &r, err, sizeof(err)) < 0)
		die(EXITCODE_IO, "%s", err);
	store_close(s);
	if (r.dicts_kept)
		warning("%s: %" PRIu64 " zstd dictionar%s trained on record text before this version stay%s while %" PRIu64
			" payloads compressed with %s are kept (their digests bind %s); erased text may remain in %s"
			" until those payloads are erased too",
			db_path, r.dicts_kept, r.dicts_kept == 1 ? "y" : "ies", r.dicts_kept == 1 ? "s" : "",
			r.dicts_kept_payloads, r.dicts_kept == 1 ? "it" : "them", r.dicts_kept == 1 ? "it" : "them",
			r.dicts_kept == 1 ? "it" : "them");
	if (r.payloads && !r.wal_truncated)
		warning("%s-wal: another connection kept the WAL from being truncated; erased bytes may remain in it"
			" until the next checkpoint", db_path);
	printf("{\"erased\":%" PRIu64 ",\"recompressed\":%" PRIu64 ",\"dictionaries_dropped\":%" PRIu64
	       ",\"dictionaries_kept\":%" PRIu64 ",\"wal_truncated\":%s}\n",
	       r.payloads, r.recompressed, r.dicts_dropped, r.dicts_kept, r.payloads && !r.wal_truncated ? "false" : "true");
	return close_out(stdout);
}

/* ---- stats / show / export ---- */

/* TIME: YYYY-MM-DD[THH:MM[:SS]][Z], @EPOCH, or Nd / Nh (that long ago). */
static int64_t parse_time(const char *s, const char *opt)
{
	char *end;
	if (s[0] == '@') {
		long long v = strtoll(s + 1, &end, 10);
		if (end != s + 1 && !*end && v >= 0 && v < 100000000000LL)
			return (int64_t)v * 1000000;
	} else if (s[0] >= '0' && s[0] <= '9' && (strchr(s, 'd') || strchr(s, 'h')) && !strchr(s, '-')) {
		long v = strtol(s, &end, 10);
		if ((*end == 'd' || *end == 'h') && !end[1] && v >= 0 && v < 1000000)
			return store_now_us() - (int64_t)v * (*end == 'd' ? 86400 : 3600) * 1000000;
	} else {
		struct tm tm;
		memset(&tm, 0, sizeof(tm));
		const char *p = strptime(s, "%Y-%m-%d", &tm);
		if (p && (*p == 'T' || *p == ' '))
			p = strptime(p + 1, "%H:%M", &tm), p = p && *p == ':' ? strptime(p + 1, "%S", &tm) : p;
		if (p && *p == 'Z')
			p++;
		if (p && !*p)
			return (int64_t)timegm(&tm) * 1000000;
	}
	args_usage_error(&spec, "%s: cannot read the time '%s'", opt, s);
}

static int cmd_stats(void)
{
	char err[1024];
	int64_t since = since_s ? parse_time(since_s, "--since") : INT64_MIN;
	int64_t until = until_s ? parse_time(until_s, "--until") : INT64_MAX;
	int g = stats_group_parse(group_by);
	struct store *s = open_store(STORE_READONLY);
	struct stats_result r;
	if (stats_compute(s, (enum stats_group)g, since, until, &r, err, sizeof(err)) < 0)
		die(EXITCODE_IO, "%s", err);
	FILE *out = open_out();
	struct buf b = BUF_INIT;
	if (isatty(fileno(out)))
		stats_format_table(&r, group_by, &b);
	else
		stats_format_ndjson(&r, group_by, &b);
	if (b.len)
		fwrite(b.p, 1, b.len, out);
	buf_release(&b);
	stats_result_release(&r);
	store_close(s);
	return close_out(out);
}

/* RANGE: TIME..TIME, either end empty for open. */
static void parse_range(const char *s, const char *opt, int64_t *lo, int64_t *hi)
{
	const char *dots = s ? strstr(s, "..") : NULL;
	if (!dots)
		args_usage_error(&spec, "%s wants TIME..TIME (e.g. 14d..7d or 2026-11-01..2026-11-08)", opt);
	char *a = strndup(s, (size_t)(dots - s));
	if (!a)
		die(EXITCODE_IO, "out of memory");
	*lo = *a ? parse_time(a, opt) : INT64_MIN;
	*hi = dots[2] ? parse_time(dots + 2, opt) : INT64_MAX;
	free(a);
	if (*lo >= *hi)
		args_usage_error(&spec, "%s: the range '%s' is empty", opt, s);
}

static int cmd_drift(void)
{
	char err[1024];
	int64_t blo, bhi, wlo, whi;
	parse_range(baseline_s, "--baseline", &blo, &bhi);
	parse_range(window_s, "--window", &wlo, &whi);
	struct store *s = open_store(STORE_READONLY);
	struct buf b = BUF_INIT;
	int drifted = 0;
	if (drift_report(s, blo, bhi, wlo, whi, &b, &drifted, err, sizeof(err)) < 0)
		die(EXITCODE_IO, "%s", err);
	FILE *out = open_out();
	fwrite(b.p, 1, b.len, out);
	buf_release(&b);
	store_close(s);
	return exitcode_merge(drifted ? EXITCODE_FOUND : EXITCODE_OK, close_out(out));
}

/* ---- report: common/audit/report.c ---- */

static int cmd_report(void)
{
	char err[1024];
	const char *base = strrchr(db_path, '/');
	struct report_opts ro = { base ? base + 1 : db_path, INT64_MIN, INT64_MAX, 0, 0, 0, 0, 0, store_now_us() };
	if (since_s)
		ro.since_us = parse_time(since_s, "--since");
	if (until_s)
		ro.until_us = parse_time(until_s, "--until");
	if (!baseline_s != !window_s)
		args_usage_error(&spec, "report: --baseline and --window go together");
	if (baseline_s) {
		ro.drift_ranges = 1;
		parse_range(baseline_s, "--baseline", &ro.base_lo, &ro.base_hi);
		parse_range(window_s, "--window", &ro.win_lo, &ro.win_hi);
	}
	struct store *s = open_store(STORE_READONLY);
	struct buf b = BUF_INIT;
	if (report_write(s, &ro, &b, err, sizeof(err)) < 0)
		die(EXITCODE_IO, "%s", err);
	store_close(s);
	FILE *out = open_out();
	fwrite(b.p, 1, b.len, out);
	buf_release(&b);
	return close_out(out);
}

/* ---- merge ---- */

static int cmd_merge(struct args_list *shards)
{
	char err[1024];
	if (!shards->n)
		args_usage_error(&spec, "merge wants the shard ledgers: merge --db FILE SHARD...");
	struct store *s = open_store(STORE_CREATE);
	unsigned char mine[SIGN_ORIGIN_LEN], theirs[SIGN_ORIGIN_LEN];
	store_origin(s, mine);
	for (size_t i = 0; i < shards->n; i++) {
		struct store *src = store_open(shards->v[i], STORE_READONLY, err, sizeof(err));
		if (!src)
			die(EXITCODE_IO, "%s", err);
		store_origin(src, theirs);
		if (!memcmp(mine, theirs, sizeof(mine)))
			die(EXITCODE_USAGE, "%s is this ledger (or a copy of it): nothing to merge", shards->v[i]);
		/* Only a shard that verifies whole is folded in. */
		struct store_verify v;
		memset(&v, 0, sizeof(v));
		v.payloads = 1;
		int r = store_verify(src, &v, err, sizeof(err));
		if (r < 0)
			die(EXITCODE_IO, "%s", err);
		if (r)
			die(EXITCODE_FOUND, "%s does not verify, nothing of it merged: %s", shards->v[i], v.problem);
		int64_t first;
		uint64_t n;
		if (store_merge(s, src, v.size, v.root, &first, &n, err, sizeof(err)) < 0)
			die(EXITCODE_IO, "%s: %s", shards->v[i], err);
		char o[2 * SIGN_ORIGIN_LEN + 1], root[65];
		hash_hex(theirs, SIGN_ORIGIN_LEN, o);
		hash_hex(v.root, 32, root);
		struct buf b = BUF_INIT;
		buf_puts(&b, "{\"shard\":");
		json_escape(&b, shards->v[i], strlen(shards->v[i]));
		buf_printf(&b, ",\"origin\":\"%s\",\"size\":%" PRIu64 ",\"root\":\"%s\",\"first\":%lld,\"merge_entry\":%lld}\n", o,
			   v.size, root, (long long)first, (long long)(first + (int64_t)n));
		fputs(b.p, stdout);
		buf_release(&b);
		store_close(src);
	}
	store_close(s);
	return close_out(stdout);
}

/* ---- policy history ---- */

#define POLICY_MAX_BYTES ((size_t)4 << 20)

static char *read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "r");
	if (!f)
		die(EXITCODE_CONFIG, "cannot open '%s': %s", path, strerror(errno));
	struct buf b = BUF_INIT;
	char tmp[65536];
	size_t k;
	while ((k = fread(tmp, 1, sizeof(tmp), f)) > 0) {
		buf_put(&b, tmp, k);
		if (b.len > POLICY_MAX_BYTES)
			die(EXITCODE_CONFIG, "'%s' is larger than a policy may be", path);
	}
	if (ferror(f))
		die(EXITCODE_IO, "cannot read '%s'", path);
	fclose(f);
	return buf_detach(&b, n);
}

static void policy_text(struct store *s, const char *ref, char version[POLICIES_VERSION_MAX], struct buf *text)
{
	char err[1024];
	int64_t seq;
	int r = policies_resolve(s, ref, version, &seq, err, sizeof(err));
	if (r < 0)
		die(EXITCODE_IO, "%s", err);
	if (r == 0)
		die(EXITCODE_FOUND, "no policy '%s' in the ledger (or the prefix is ambiguous)", ref);
	r = store_payload(s, seq, text, err, sizeof(err));
	if (r < 0)
		die(EXITCODE_IO, "%s", err);
	if (r == 0)
		die(EXITCODE_FOUND, "the text of policy %s was erased", version);
}

static int cmd_policy(struct args_list *pos)
{
	char err[1024], version[POLICIES_VERSION_MAX], v2[POLICIES_VERSION_MAX];
	const char *act = pos->n ? pos->v[0] : "";
	size_t nargs = pos->n ? pos->n - 1 : 0;
	const char *const *args = pos->v + (pos->n ? 1 : 0);
	int ok_args = (!strcmp(act, "add") && nargs >= 1) || (!strcmp(act, "list") && nargs == 0) ||
		      (!strcmp(act, "show") && nargs == 1) || (!strcmp(act, "diff") && nargs == 2) ||
		      (!strcmp(act, "label") && nargs == 2);
	if (!ok_args)
		args_usage_error(&spec, "policy wants: add FILE... | list | show REF | diff REF REF | label NAME REF");
	int writes = !strcmp(act, "add") || !strcmp(act, "label");
	struct store *s = open_store(writes ? STORE_CREATE : STORE_READONLY);
	FILE *out = open_out();
	struct buf b = BUF_INIT, t2 = BUF_INIT;
	int status = EXITCODE_OK;
	if (!strcmp(act, "add")) {
		for (size_t i = 0; i < nargs; i++) {
			struct policy *p;
			if (policy_load(args[i], &p, err, sizeof(err)) < 0)
				die(EXITCODE_CONFIG, "%s", err);
			snprintf(version, sizeof(version), "%s", p->version);
			policy_free(p);
			size_t n;
			char *text = read_file(args[i], &n);
			const char *base = strrchr(args[i], '/');
			int added;
			int64_t seq;
			if (policies_add(s, base ? base + 1 : args[i], text, n, version, &added, &seq, err, sizeof(err)) < 0)
				die(EXITCODE_IO, "%s", err);
			free(text);
			buf_printf(&b, "{\"version\":\"%s\",\"added\":%s,\"seq\":%lld}\n", version, added ? "true" : "false",
				   (long long)seq);
		}
	} else if (!strcmp(act, "list")) {
		if (policies_list(s, &b, err, sizeof(err)) < 0)
			die(EXITCODE_IO, "%s", err);
	} else if (!strcmp(act, "show")) {
		policy_text(s, args[0], version, &b);
	} else if (!strcmp(act, "diff")) {
		struct buf t1 = BUF_INIT;
		policy_text(s, args[0], version, &t1);
		policy_text(s, args[1], v2, &t2);
		buf_printf(&b, "--- %s\n+++ %s\n", version, v2);
		if (policies_diff(t1.p, t1.len, t2.p, t2.len, &b))
			status = EXITCODE_FOUND;
		buf_release(&t1);
	} else {
		if (policies_label(s, args[0], args[1], v2, err, sizeof(err)) < 0)
			die(EXITCODE_FOUND, "%s", err);
		int64_t seq;
		if (policies_resolve(s, args[0], version, &seq, err, sizeof(err)) != 1)
			die(EXITCODE_IO, "the label did not move");
		buf_puts(&b, "{\"label\":");
		json_escape(&b, args[0], strlen(args[0]));
		buf_printf(&b, ",\"version\":\"%s\",\"previous\":", version);
		if (*v2)
			buf_printf(&b, "\"%s\"}\n", v2);
		else
			buf_puts(&b, "null}\n");
	}
	if (b.len)
		fwrite(b.p, 1, b.len, out);
	buf_release(&b);
	buf_release(&t2);
	store_close(s);
	return exitcode_merge(status, close_out(out));
}

static int show_one(struct store *s, int64_t seq, FILE *out)
{
	char err[1024];
	struct buf env = BUF_INIT, pl = BUF_INIT, b = BUF_INIT;
	unsigned char leaf[32];
	int r = store_envelope(s, seq, &env, leaf, err, sizeof(err));
	if (r < 0)
		die(EXITCODE_IO, "%s", err);
	if (r == 0) {
		error("no entry %" PRId64, seq);
		return EXITCODE_FOUND;
	}
	int p = store_payload(s, seq, &pl, err, sizeof(err));
	if (p < 0)
		die(EXITCODE_IO, "%s", err);
	char lh[65];
	hash_hex(leaf, 32, lh);
	buf_printf(&b, "{\"seq\":%" PRId64 ",\"leaf\":\"%s\",\"entry\":", seq, lh);
	buf_put(&b, env.p, env.len);
	buf_puts(&b, ",\"record\":");
	struct json_span root;
	struct json_error je;
	if (p == 1 && json_scan(pl.p, pl.len, &root, NULL, &je) == 0)
		buf_put(&b, pl.p, pl.len);
	else
		buf_puts(&b, "null");
	int has_mac = strstr(env.p, "\"payload_mac\":") != NULL;
	buf_printf(&b, ",\"erased\":%s}\n", has_mac && p == 0 ? "true" : "false");
	fwrite(b.p, 1, b.len, out);
	buf_release(&env);
	buf_release(&pl);
	buf_release(&b);
	return EXITCODE_OK;
}

static int cmd_show(struct args_list *ids)
{
	if (!ids->n && seq_opt < 0)
		args_usage_error(&spec, "show wants record IDs or --seq N");
	return each_entry(ids, show_one);
}

#include <sqlite3.h>

static void otel_str(struct buf *b, const char *name, sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) != SQLITE_TEXT)
		return;
	buf_printf(b, ",\"%s\":", name);
	json_escape(b, (const char *)sqlite3_column_text(st, col), (size_t)sqlite3_column_bytes(st, col));
}

static void otel_int(struct buf *b, const char *name, sqlite3_stmt *st, int col, double scale)
{
	if (sqlite3_column_type(st, col) != SQLITE_INTEGER)
		return;
	if (scale == 1.0)
		buf_printf(b, ",\"%s\":%lld", name, (long long)sqlite3_column_int64(st, col));
	else
		buf_printf(b, ",\"%s\":%.6g", name, (double)sqlite3_column_int64(st, col) * scale);
}

static int cmd_export(void)
{
	char err[1024];
	int64_t since = since_s ? parse_time(since_s, "--since") : INT64_MIN;
	int64_t until = until_s ? parse_time(until_s, "--until") : INT64_MAX;
	struct store *s = open_store(STORE_READONLY);
	sqlite3 *db = (sqlite3 *)store_db(s);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db,
			       "SELECT seq, ts_us, rec_id, provider, model, finish_reason, error_code, input_tokens,"
			       " output_tokens, latency_us, ttft_us, cost_micro_usd, backend, rule, policy, class,"
			       " workload, status, filter_in, filter_out FROM entries"
			       " WHERE kind = 'record' AND ts_us >= ?1 AND ts_us < ?2 ORDER BY seq",
			       -1, &st, NULL) != SQLITE_OK)
		die(EXITCODE_IO, "export: %s", sqlite3_errmsg(db));
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, until);
	FILE *out = open_out();
	struct buf b = BUF_INIT, pl = BUF_INIT;
	struct record r;
	record_init(&r);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		int64_t ts = sqlite3_column_int64(st, 1);
		buf_reset(&b);
		if (otel) {
			buf_printf(&b, "{\"time_unix_nano\":%lld,\"gen_ai.operation.name\":\"chat\"", (long long)ts * 1000);
			otel_str(&b, "gen_ai.provider.name", st, 3);
			otel_str(&b, "gen_ai.request.model", st, 4);
			otel_str(&b, "gen_ai.response.model", st, 4);
			if (sqlite3_column_type(st, 5) == SQLITE_TEXT) {
				buf_puts(&b, ",\"gen_ai.response.finish_reasons\":[");
				json_escape(&b, (const char *)sqlite3_column_text(st, 5), (size_t)sqlite3_column_bytes(st, 5));
				buf_putc(&b, ']');
			}
			otel_str(&b, "error.type", st, 6);
			otel_int(&b, "gen_ai.usage.input_tokens", st, 7, 1.0);
			otel_int(&b, "gen_ai.usage.output_tokens", st, 8, 1.0);
			otel_int(&b, "gen_ai.client.operation.duration", st, 9, 1e-6);
			otel_int(&b, "gen_ai.server.time_to_first_token", st, 10, 1e-6);
			otel_int(&b, "llm.cost_usd", st, 11, 1e-6);
			otel_str(&b, "llm.record.id", st, 2);
			otel_str(&b, "llm.route.backend", st, 12);
			otel_str(&b, "llm.route.rule", st, 13);
			otel_str(&b, "llm.route.policy", st, 14);
			otel_str(&b, "llm.classify.class", st, 15);
			otel_str(&b, "llm.workload", st, 16);
			otel_str(&b, "llm.status", st, 17);
			otel_str(&b, "llm.filter.input_verdict", st, 18);
			otel_str(&b, "llm.filter.output_verdict", st, 19);
			buf_printf(&b, ",\"llm.audit.seq\":%lld}\n", (long long)seq);
		} else {
			int p = store_payload(s, seq, &pl, err, sizeof(err));
			if (p < 0)
				die(EXITCODE_IO, "%s", err);
			char audit[160];
			snprintf(audit, sizeof(audit), "{\"seq\":%lld,\"ts_us\":%lld%s}", (long long)seq, (long long)ts,
				 p ? "" : ",\"erased\":true");
			char msg[128];
			if (p && record_parse(&r, pl.p, pl.len, msg, sizeof(msg)) == RECORD_OK) {
				struct record_set set = { "audit", audit, strlen(audit) };
				record_write(&b, &r, &set, 1);
				buf_putc(&b, '\n');
			} else {
				buf_printf(&b, "{\"_llm\":{\"audit\":%s}}\n", audit);
			}
		}
		fwrite(b.p, 1, b.len, out);
	}
	if (rc != SQLITE_DONE)
		die(EXITCODE_IO, "export: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	record_release(&r);
	buf_release(&b);
	buf_release(&pl);
	store_close(s);
	return close_out(out);
}

int main(int argc, char **argv)
{
	usage_set_prog("llm-audit");
	if (argc < 2 || argv[1][0] == '-') {
		/* --help, --version, or a usage error, all from the one table. */
		struct args_list pos = { 0 };
		args_parse(&spec, argc, argv, &pos);
		args_usage_error(&spec, "a subcommand is required");
	}
	int sub = 0;
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (!strcmp(argv[1], subs[i].name))
			sub = subs[i].bit;
	if (!sub)
		args_usage_error(&spec, "unknown subcommand '%s'", argv[1]);
	struct args_list pos = { 0 };
	args_parse(&spec, argc - 1, argv + 1, &pos);
	check_options(sub, argv[1]);
	if (show_progress && quiet)
		args_usage_error(&spec, "--progress and --quiet exclude each other");
	if (show_progress && sub != SUB_APPEND)
		args_usage_error(&spec, "--progress belongs to append");
	usage_set_quiet(quiet);
	if (pos.n && !(sub & (SUB_APPEND | SUB_PROVE | SUB_VERIFY_PROOF | SUB_KEYGEN | SUB_SHOW | SUB_FEEDBACK | SUB_POLICY | SUB_MERGE)))
		args_usage_error(&spec, "%s takes no arguments ('%s')", argv[1], pos.v[0]);
	int rc;
	switch (sub) {
	case SUB_APPEND: rc = cmd_append(&pos); break;
	case SUB_VERIFY: rc = cmd_verify(); break;
	case SUB_PROVE: rc = cmd_prove(&pos); break;
	case SUB_VERIFY_PROOF: rc = cmd_verify_proof(&pos); break;
	case SUB_KEYGEN: rc = cmd_keygen(&pos); break;
	case SUB_CHECKPOINT: rc = cmd_checkpoint(); break;
	case SUB_ERASE:
	case SUB_RETAIN: rc = cmd_erase(sub); break;
	case SUB_STATS: rc = cmd_stats(); break;
	case SUB_SHOW: rc = cmd_show(&pos); break;
	case SUB_BACKUP: rc = cmd_backup(); break;
	case SUB_FEEDBACK: rc = cmd_feedback(&pos); break;
	case SUB_DRIFT: rc = cmd_drift(); break;
	case SUB_POLICY: rc = cmd_policy(&pos); break;
	case SUB_MERGE: rc = cmd_merge(&pos); break;
	case SUB_REPORT: rc = cmd_report(); break;
	default: rc = cmd_export(); break;
	}
	args_list_release(&pos);
	args_list_release(&checkpoints);
	return rc;
}
