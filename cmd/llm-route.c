/*
 * llm-route: apply a versioned policy to each record and write the backend
 * chain it may use (_llm.route), fail-closed. Also checks policies
 * (--check) and estimates what a batch would cost (--estimate).
 *
 * Wiring only: the policy, the decision, the budgets and the tally of a
 * pass (--estimate) live in common/policy/.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/args.h"
#include "audit/policies.h"
#include "audit/sign.h"
#include "audit/store.h"
#include "core/exitcode.h"
#include "core/input.h"
#include "core/sigstop.h"
#include "core/stream.h"
#include "core/ndjson.h"
#include "policy/budget.h"
#include "policy/check.h"
#include "policy/policy.h"
#include "policy/route.h"
#include "policy/tally.h"
#include "core/record.h"
#include "core/usage.h"

#define TOOL "route"

static struct args_io io;
static const char *policy_path, *state_path, *policy_from, *checkpoint_path, *pubkey_path;
static int check, explain, reroute, estimate, summary;
static double max_cost = -1;
static const char *max_cost_s;

static const struct args_opt opts[] = {
	{ "policy", 'p', ARGS_STRING, &policy_path, "FILE", "the policy (llm-policy(5)); required", 0 },
	{ "policy-from", 0, ARGS_STRING, &policy_from, "DB@REF", "the policy stored in an llm-audit ledger under a label (production) or version", 0 },
	{ "checkpoint", 0, ARGS_STRING, &checkpoint_path, "FILE", "--policy-from: the ledger must verify against this signed checkpoint, and cover the policy's entries", 0 },
	{ "pubkey", 0, ARGS_STRING, &pubkey_path, "FILE", "--policy-from: the key the checkpoint must be signed by (required with --checkpoint)", 0 },
	{ "check", 0, ARGS_FLAG, &check, NULL, "check the policy (-p FILE or the first FILE) and exit: 0 clean, 3 errors", 0 },
	{ "explain", 0, ARGS_FLAG, &explain, NULL, "add _llm.route.explain: each rule tried, each backend excluded and why", 0 },
	{ "reroute", 0, ARGS_FLAG, &reroute, NULL, "accepted for old scripts: every route is decided afresh", 0 },
	{ "state", 0, ARGS_STRING, &state_path, "FILE", "budget state (SQLite), shared by concurrent runs; required when the policy has budgets", 0 },
	{ "estimate", 0, ARGS_FLAG, &estimate, NULL, "route nothing: print records, tokens and cost per backend", 0 },
	{ "max-cost", 0, ARGS_STRING, &max_cost_s, "USD", "refuse (exit 6, no output) a run whose estimated cost exceeds USD", 0 },
	{ "summary", 0, ARGS_FLAG, &summary, NULL, "print decision counts to stderr at the end", 0 },
	ARGS_IO_OPTIONS(&io),
	{ 0 }
};

static const struct args_spec spec = {
	"llm-route -p POLICY [OPTIONS] [FILE...]\n       llm-route --check POLICY",
	"Choose, per record, the backends a policy allows (fail-closed).\n"
	"Reads NDJSON FILEs (or stdin) and writes each record with _llm.route added.",
	opts, NULL,
	"A backend whose max_class is below the record's class is never in a\n"
	"chain; unclassified records count as restricted. Records with\n"
	"_llm.error, a block verdict or a route already pass through.\n"
};

/* ---- --policy-from: a policy kept in the audit ledger ---- */

/* Loads the policy that REF (a label such as "production", or a version)
 * names in the ledger DB. The entries it is found through are verified
 * first (leaf hashes, the payload digest; with --checkpoint, the ledger
 * against the signed checkpoint, which must cover them), and the text's
 * own version must be the one the ledger recorded. */
static struct policy *load_from_ledger(const char *spec_s)
{
	char err[1024];
	const char *at = strrchr(spec_s, '@');
	if (!at || at == spec_s || !at[1])
		die(EXITCODE_USAGE, "--policy-from wants DB@REF, e.g. audit.db@production");
	struct checkpoint cp;
	unsigned char pin[SIGN_PUB_LEN];
	struct policies_trust trust = { NULL, NULL, checkpoint_path };
	if (checkpoint_path) {
		if (checkpoint_read(checkpoint_path, &cp, err, sizeof(err)) < 0 ||
		    sign_pub_load(pubkey_path, pin, err, sizeof(err)) < 0)
			die(EXITCODE_CONFIG, "%s", err);
		trust.cp = &cp;
		trust.pin = pin;
	}
	char *db = strndup(spec_s, (size_t)(at - spec_s));
	struct store *st = store_open(db, STORE_READONLY, err, sizeof(err));
	if (!st)
		die(EXITCODE_CONFIG, "%s", err);
	char version[POLICIES_VERSION_MAX];
	struct buf text = BUF_INIT;
	int rc = policies_fetch(st, at + 1, &trust, version, &text, err, sizeof(err));
	if (rc < 0)
		die(EXITCODE_CONFIG, "%s", err);
	if (rc == 0)
		die(EXITCODE_CONFIG, "%s: no policy labelled or versioned '%s' (or the prefix is ambiguous)", db, at + 1);
	if (rc == 2)
		die(EXITCODE_CONFIG, "%s: refusing policy '%s': %s", db, at + 1, err);
	struct policy *p;
	if (policy_load_text(spec_s, text.p, text.len, &p, err, sizeof(err)) < 0)
		die(EXITCODE_CONFIG, "%s", err);
	if (strcmp(p->version, version))
		die(EXITCODE_CONFIG, "%s: policy %s in the ledger hashes to %s: refusing it", db, version, p->version);
	buf_release(&text);
	store_close(st);
	free(db);
	return p;
}

/* ---- --check ---- */

struct diag_ctx {
	const char *name;
	int warnings;
	FILE *out;
};

static void print_diag(void *ctx, enum check_severity sev, const char *msg)
{
	struct diag_ctx *d = ctx;
	d->warnings += sev == CHECK_WARNING;
	fprintf(d->out, "%s: %s: %s\n", d->name, sev == CHECK_ERROR ? "error" : "warning", msg);
}

static void print_error(void *ctx, enum check_severity sev, const char *msg)
{
	if (sev == CHECK_ERROR)
		error("%s: %s", (const char *)ctx, msg);
}

static int run_check(const char *path)
{
	char err[1024];
	struct policy *p;
	if (policy_from) {
		p = load_from_ledger(policy_from);
	} else if (policy_load(path, &p, err, sizeof(err)) < 0) {
		printf("%s\n", err);
		printf("%s: 1 error (the policy does not load)\n", path);
		return EXITCODE_CONFIG;
	}
	struct diag_ctx d = { path, 0, stdout };
	int errors = check_policy(p, 1, print_diag, &d);
	printf("%s: %d error%s, %d warning%s; %zu backends, %zu rules; version %s\n", path, errors,
	       errors == 1 ? "" : "s", d.warnings, d.warnings == 1 ? "" : "s", p->nbackends, p->nrules, p->version);
	policy_free(p);
	return errors ? EXITCODE_CONFIG : EXITCODE_OK;
}

/* Copies stdin to an unlinked temporary file so --max-cost can read the
 * input twice; returns its /proc path. */
static char *spool_stdin(void)
{
	const char *dir = getenv("TMPDIR");
	char tmpl[4096];
	snprintf(tmpl, sizeof(tmpl), "%s/llm-route.XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(tmpl);
	if (fd < 0)
		die(EXITCODE_IO, "cannot create a temporary file in %s: %s", dir && *dir ? dir : "/tmp", strerror(errno));
	unlink(tmpl);
	char buf[1 << 16];
	ssize_t n;
	while ((n = read(0, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die(EXITCODE_IO, "cannot read stdin: %s", strerror(errno));
		}
		for (ssize_t o = 0; o < n;) {
			ssize_t w = write(fd, buf + o, (size_t)(n - o));
			if (w < 0 && errno != EINTR)
				die(EXITCODE_IO, "cannot spool stdin: %s", strerror(errno));
			o += w > 0 ? w : 0;
		}
	}
	char *path;
	if (asprintf(&path, "/proc/self/fd/%d", fd) < 0)
		die(EXITCODE_IO, "out of memory");
	return path;
}

/* One pass over the input. With w NULL nothing is written (estimates). */
static int route_pass(const struct policy *p, const struct route_opts *ro, enum input_mode mode,
		      const char *const *files, size_t nfiles, struct ndjson_writer *w, int dry, struct tally *t)
{
	char err[1024];
	struct stream in;
	stream_open(&in, TOOL, &io, mode, files, nfiles, w, dry);
	struct route_result res;
	route_result_init(&res);
	int status = EXITCODE_OK;
	while (stream_next(&in)) {
		struct record *r = &in.r;
		/* The output failed: charge nothing more (see below). */
		if (w && w->err)
			break;
		/* A route already on the record is decided afresh (and replaced);
		 * only records another tool settled pass through. */
		if (record_is_settled(r)) {
			t->settled++;
			if (w)
				ndjson_write_record(w, r->root.p, r->root.n);
			continue;
		}
		if (route_decide(p, ro, r, &res, err, sizeof(err)) < 0)
			die(EXITCODE_IO, "%s:%llu: %s", in.src, (unsigned long long)in.rec.line, err);
		tally_add(t, p, &res);
		if (res.outcome == ROUTE_RULE_ERROR) {
			if (t->rule_errors <= STREAM_MAX_WARNINGS && w)
				stream_warn(&in, "a policy rule failed on this record (denied; see _llm.route.reason)");
			status = exitcode_merge(status, EXITCODE_CONFIG);
		} else if (res.outcome == ROUTE_DENIED_BUDGET) {
			status = exitcode_merge(status, EXITCODE_BUDGET);
		}
		if (w) {
			struct record_set set = { "route", res.json.p, res.json.len };
			record_write(ndjson_buf(w), r, &set, 1);
			ndjson_end_record(w);
			/* What is charged is what is written: a charged record's
			 * line goes out at once, and when it cannot be written
			 * (a full disk) its charge is refunded and the run stops
			 * before charging another. The writer keeps the output
			 * whole lines (ndjson.h). */
			if (res.charge_id[0] && ndjson_flush(w) < 0) {
				if (budget_refund(ro->state, res.charge_id, res.charge_workload.p, res.charge_day,
						  res.charge_tokens, res.charge_micro_usd, err, sizeof(err)) < 0)
					error("%s (record %s:%llu was charged but not written)", err, in.src,
					      (unsigned long long)in.rec.line);
				break;
			}
		}
	}
	stream_finish(&in);
	t->records += in.records;
	t->bad += in.bad;
	status = exitcode_merge(status, in.status);
	route_result_release(&res);
	stream_close(&in);
	return status;
}

int main(int argc, char **argv)
{
	struct args_list files = { 0 };
	char err[1024];
	usage_set_prog("llm-route");
	sigstop_install(); /* stop between records: sigstop.h */
	args_parse(&spec, argc, argv, &files);
	enum input_mode mode = args_io_mode(&spec, &io);

	if ((checkpoint_path || pubkey_path) && !policy_from)
		args_usage_error(&spec, "--checkpoint and --pubkey go with --policy-from");
	if (!checkpoint_path != !pubkey_path)
		args_usage_error(&spec, "--checkpoint and --pubkey go together: a checkpoint is only as good as the key it is held to");
	if (check) {
		const char *path = policy_from ? policy_from : policy_path ? policy_path : files.n ? files.v[0] : NULL;
		if (!path)
			args_usage_error(&spec, "--check wants a policy: llm-route --check POLICY");
		int rc = run_check(path);
		args_list_release(&files);
		return rc;
	}
	if (!policy_path && !policy_from)
		args_usage_error(&spec, "a policy is required: -p POLICY or --policy-from DB@LABEL");
	if (policy_path && policy_from)
		args_usage_error(&spec, "-p and --policy-from exclude each other");
	if (max_cost_s) {
		char *end;
		max_cost = strtod(max_cost_s, &end);
		if (end == max_cost_s || *end || !(max_cost >= 0) || max_cost > 1e12)
			args_usage_error(&spec, "--max-cost wants a non-negative amount in USD");
	}

	struct policy *p;
	if (policy_from)
		p = load_from_ledger(policy_from);
	else if (policy_load(policy_path, &p, err, sizeof(err)) < 0)
		die(EXITCODE_CONFIG, "%s", err);
	if (!policy_path)
		policy_path = policy_from; /* for messages */
	/* A policy --check calls wrong is not used: fail closed. Warnings are
	 * --check's business and stay quiet here. */
	int nerr = check_policy(p, 0, print_error, (void *)policy_path);
	if (nerr)
		die(EXITCODE_CONFIG, "%s: %d error%s in the policy (see llm-route --check)", policy_path, nerr,
		    nerr == 1 ? "" : "s");

	struct jpath *fields = calloc(io.fields.n + 1, sizeof(*fields));
	for (size_t i = 0; i < io.fields.n; i++)
		if (jpath_parse(&fields[i], io.fields.v[i], err, sizeof(err)) < 0)
			args_usage_error(&spec, "%s", err);

	struct budget_state *st = NULL;
	if (p->nbudgets && !estimate) {
		if (!state_path)
			die(EXITCODE_USAGE, "the policy has budgets: give --state FILE to keep their usage");
		if (!(st = budget_open(state_path, err, sizeof(err))))
			die(EXITCODE_IO, "%s", err);
	}
	struct route_opts ro = { explain, st, fields, io.fields.n };
	struct route_opts ro_est = { 0, NULL, fields, io.fields.n };

	const char *const *fv = files.v;
	size_t fn = files.n;
	char *spool = NULL;
	int status = EXITCODE_OK;
	struct tally t;
	if (tally_init(&t, p->nbackends) < 0)
		die(EXITCODE_IO, "out of memory");

	if (estimate || max_cost >= 0) {
		if (!estimate && fn == 0 && mode != INPUT_RAW_FILES) {
			spool = spool_stdin();
			fv = (const char *const *)&spool;
			fn = 1;
		}
		status = route_pass(p, &ro_est, mode, fv, fn, NULL, !estimate, &t);
		if (estimate) {
			FILE *out = stdout;
			if (io.output && !(out = fopen(io.output, "w")))
				die(EXITCODE_IO, "cannot open '%s' for writing: %s", io.output, strerror(errno));
			struct buf e = BUF_INIT;
			tally_format_estimate(&e, p, &t, isatty(fileno(out)));
			fwrite(e.p, 1, e.len, out);
			buf_release(&e);
			if (fflush(out) || (out != stdout && fclose(out)))
				die(EXITCODE_IO, "cannot write the estimate: %s", strerror(errno));
		}
		if (max_cost >= 0 && (double)t.micro_usd > max_cost * 1e6 + 0.5) {
			error("estimated cost $%.6f for %llu records exceeds --max-cost $%.6f%s", (double)t.micro_usd / 1e6,
			      (unsigned long long)t.routed, max_cost, estimate ? "" : "; nothing was routed");
			status = exitcode_merge(status, EXITCODE_BUDGET);
			goto out;
		}
		if (estimate)
			goto out;
		tally_release(&t);
		if (tally_init(&t, p->nbackends) < 0)
			die(EXITCODE_IO, "out of memory");
		status = EXITCODE_OK;
	}

	struct ndjson_writer w;
	if (ndjson_writer_open(&w, io.output) < 0)
		die(EXITCODE_IO, "cannot open '%s' for writing: %s", io.output ? io.output : "stdout", strerror(errno));
	status = route_pass(p, &ro, mode, fv, fn, &w, 0, &t);
	ndjson_flush(&w);
	if (ndjson_writer_close(&w) < 0) {
		error("cannot write output: %s", strerror(w.err));
		status = exitcode_merge(status, EXITCODE_IO);
	}
	if (t.budget_denied)
		error("%llu record%s denied: over budget", (unsigned long long)t.budget_denied,
		      t.budget_denied == 1 ? "" : "s");
	if (t.rule_errors)
		error("%llu record%s denied: a policy rule failed on them", (unsigned long long)t.rule_errors,
		      t.rule_errors == 1 ? "" : "s");
	if (summary) {
		note("%llu records: %llu routed, %llu denied (%llu over budget), %llu passed through, %llu not records",
		     (unsigned long long)t.records, (unsigned long long)t.routed, (unsigned long long)t.denied,
		     (unsigned long long)t.budget_denied, (unsigned long long)t.settled, (unsigned long long)t.bad);
		for (size_t b = 0; b < p->nbackends; b++)
			if (t.per_records[b])
				note("  %s: %llu records", p->backends[b].name, (unsigned long long)t.per_records[b]);
	}
out:
	tally_release(&t);
	budget_close(st);
	free(spool);
	for (size_t i = 0; i < io.fields.n; i++)
		jpath_release(&fields[i]);
	free(fields);
	policy_free(p);
	args_list_release(&files);
	args_list_release(&io.fields);
	return status;
}
