/*
 * llm-audit: the tamper-evident ledger at the end of the pipeline.
 *
 * Wiring only. The subcommands are the table below: name, the function in
 * common/audit/cmd*.c that does the work, what it takes, and one line of
 * help (--help is built from it). The store, the Merkle log, envelopes,
 * signatures, metrics and the OTLP exporter live in common/audit/ (see its
 * README). One option table serves every subcommand, so --help and the
 * man page list them all; each subcommand names the options it takes and
 * refuses the others. A subcommand reports through say() below and
 * returns the exit status; only this file prints diagnostics or exits.
 *
 * Adding a subcommand: write audit_cmd_NAME(struct audit_cmd *) in
 * common/audit/, declare it in audit/cmd.h, add a row to subs[] (and any
 * new option to opts[], given[] and struct audit_cmd).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/cmd.h"
#include "core/args.h"
#include "core/exitcode.h"
#include "core/ndjson.h"
#include "core/progress.h"
#include "core/sigstop.h"
#include "core/usage.h"

enum {
	SUB_DB = 1,   /* needs --db */
	SUB_ARGS = 2, /* takes positional arguments */
	SUB_STOP = 4, /* stops between records on SIGTERM/SIGINT/SIGHUP, committing first: sigstop.h */
};

static const struct sub {
	const char *name;
	audit_cmd_fn *fn;
	int flags;
	const char *opts;     /* the options it takes besides --db and --quiet, space-separated */
	const char *synopsis; /* after "llm-audit NAME " */
	const char *help;
} subs[] = {
	{ "append", audit_cmd_append, SUB_DB | SUB_ARGS | SUB_STOP, "tee batch threads progress max-line",
	  "--db FILE [--tee] [FILE...]", "store every record (a sink)" },
	{ "verify", audit_cmd_verify, SUB_DB, "threads quick checkpoint pubkey",
	  "--db FILE [--quick] [--checkpoint FILE]... [--pubkey FILE]", "re-check leaves, tree, payloads, checkpoints" },
	{ "prove", audit_cmd_prove, SUB_DB | SUB_ARGS, "output size seq",
	  "--db FILE [--size N] (ID... | --seq N)", "inclusion proofs of records" },
	{ "verify-proof", audit_cmd_verify_proof, SUB_ARGS, "checkpoint pubkey",
	  "[--checkpoint FILE] [--pubkey FILE] [PROOF...]", "check proofs without the ledger" },
	{ "keygen", audit_cmd_keygen, SUB_ARGS, "", "FILE", "an Ed25519 key pair for checkpoints" },
	{ "checkpoint", audit_cmd_checkpoint, SUB_DB, "output key",
	  "--db FILE --key FILE [-o FILE]", "a signed tree head, kept outside the ledger" },
	{ "erase", audit_cmd_erase, SUB_DB, "id reason", "--db FILE --id ID [--reason TEXT]",
	  "drop a record's payloads, keep the ledger verifiable" },
	{ "retain", audit_cmd_retain, SUB_DB, "older-than reason", "--db FILE --older-than DAYS [--reason TEXT]",
	  "drop the payloads older than DAYS" },
	{ "stats", audit_cmd_stats, SUB_DB, "output since until group-by",
	  "--db FILE [--since TIME] [--until TIME] [--group-by KEY]", "traffic, latency, cost, errors" },
	{ "show", audit_cmd_show, SUB_DB | SUB_ARGS, "output seq", "--db FILE (ID... | --seq N)",
	  "entries with their records" },
	{ "export", audit_cmd_export, SUB_DB, "output since until otel otlp otlp-batch",
	  "--db FILE [--since TIME] [--until TIME] [--otel | --otlp URL] [-o FILE]",
	  "the records as NDJSON, or as OpenTelemetry spans to a collector" },
	{ "backup", audit_cmd_backup, SUB_DB, "output key", "--db FILE -o NEWFILE [--key FILE]",
	  "a verified copy of the ledger" },
	{ "feedback", audit_cmd_feedback, SUB_DB | SUB_ARGS | SUB_STOP, "", "--db FILE [FILE...]",
	  "scores and labels linked to records" },
	{ "drift", audit_cmd_drift, SUB_DB, "output baseline window", "--db FILE --baseline RANGE --window RANGE",
	  "compare two periods" },
	{ "policy", audit_cmd_policy, SUB_DB | SUB_ARGS, "output",
	  "--db FILE (add FILE... | list | show REF | diff REF REF | label NAME REF)", "the policies' history" },
	{ "merge", audit_cmd_merge, SUB_DB | SUB_ARGS, "", "--db FILE SHARD...", "fold verified shard ledgers in" },
	{ "report", audit_cmd_report, SUB_DB, "output since until baseline window",
	  "--db FILE [--since TIME] [--until TIME] [--baseline RANGE --window RANGE] [-o FILE]",
	  "the ledger as one self-contained HTML page" },
};
#define NSUBS (sizeof(subs) / sizeof(subs[0]))

static struct audit_cmd o = { .batch = 4096, .older_than = -1, .seq = -1 };
static const char *group_by = "all";
static int show_progress, quiet;
static struct args_list checkpoints;

static const struct args_opt opts[] = {
	{ "db", 'd', ARGS_STRING, &o.db, "FILE", "the ledger (SQLite); created by append", 0 },
	{ "tee", 0, ARGS_FLAG, &o.tee, NULL, "append: write each line to stdout once it is committed", 0 },
	{ "batch", 0, ARGS_INT, &o.batch, "N", "append: records per transaction at most (default 4096)", 0 },
	{ "threads", 'j', ARGS_INT, &o.threads, "N", "append, verify: threads to use (default: the number of online CPUs)", 0 },
	{ "progress", 0, ARGS_FLAG, &show_progress, NULL, "append: show progress on stderr even when it is not a terminal", 0 },
	{ "quiet", 'q', ARGS_FLAG, &quiet, NULL, "no progress line and no warnings (errors are still printed)", 0 },
	{ "max-line", 0, ARGS_SIZE, &o.max_line, "BYTES", "append: longest line accepted, at least 4096; longer ones are stored as error records (default 256M)", NDJSON_MIN_MAX_LINE },
	{ "output", 'o', ARGS_STRING, &o.output, "FILE", "write to FILE instead of stdout (checkpoint, export, prove, stats, drift, report); backup: the new file", 0 },
	{ "quick", 0, ARGS_FLAG, &o.quick, NULL, "verify: skip re-reading the payloads (leaves, tree, checkpoints only)", 0 },
	{ "checkpoint", 'c', ARGS_LIST, &checkpoints, "FILE", "verify, verify-proof: hold the ledger to this signed checkpoint (repeatable)", 0 },
	{ "pubkey", 0, ARGS_STRING, &o.pubkey, "FILE", "verify, verify-proof: checkpoints must be signed by this key", 0 },
	{ "key", 'k', ARGS_STRING, &o.key, "FILE", "checkpoint, backup: the Ed25519 private key (from keygen)", 0 },
	{ "size", 0, ARGS_INT, &o.size, "N", "prove: against the tree of the first N entries (default: all)", 0 },
	{ "seq", 0, ARGS_INT, &o.seq, "N", "prove, show: the entry with sequence number N instead of an ID", 0 },
	{ "id", 0, ARGS_STRING, &o.id, "ID", "erase: the record id whose payloads to erase", 0 },
	{ "older-than", 0, ARGS_INT, &o.older_than, "DAYS", "retain: erase the payloads of records appended more than DAYS ago", 0 },
	{ "reason", 0, ARGS_STRING, &o.reason, "TEXT", "erase, retain: why, kept in the erase entry", 0 },
	{ "since", 0, ARGS_STRING, &o.since, "TIME", "stats, export, report: from TIME (YYYY-MM-DD[THH:MM:SS], @EPOCH, or 7d/24h ago)", 0 },
	{ "until", 0, ARGS_STRING, &o.until, "TIME", "stats, export, report: before TIME", 0 },
	{ "group-by", 'g', ARGS_CHOICE, &group_by, "all|backend|model|workload|class|rule|day|status|provider", "stats: one row per value (default all)", 0 },
	{ "baseline", 0, ARGS_STRING, &o.baseline, "RANGE", "drift, report: the reference period, TIME..TIME (either end may be empty)", 0 },
	{ "window", 0, ARGS_STRING, &o.window, "RANGE", "drift, report: the period compared with it, TIME..TIME", 0 },
	{ "otel", 0, ARGS_FLAG, &o.otel, NULL, "export: one flat object per record, named by the OpenTelemetry GenAI conventions", 0 },
	{ "otlp", 0, ARGS_STRING, &o.otlp, "URL", "export: send the records as OpenTelemetry spans (OTLP/HTTP JSON) to the collector at URL/v1/traces", 0 },
	{ "otlp-batch", 0, ARGS_INT, &o.otlp_batch, "N", "export --otlp: spans per request at most (default 512)", 0 },
	{ 0 }
};

static char usage_text[4096], epilog_text[4096];
static struct args_spec spec = {
	usage_text,
	"A tamper-evident ledger of records: an RFC 6962 Merkle log in SQLite.",
	opts, NULL, epilog_text,
};

/* --help's usage lines and subcommand list, from the table. */
static void build_spec(void)
{
	size_t u = 0, e = 0;
	e += (size_t)snprintf(epilog_text + e, sizeof(epilog_text) - e, "Subcommands:\n");
	for (size_t i = 0; i < NSUBS; i++) {
		if (u < sizeof(usage_text))
			u += (size_t)snprintf(usage_text + u, sizeof(usage_text) - u, "%sllm-audit %s %s",
					      i ? "\n       " : "", subs[i].name, subs[i].synopsis);
		if (e < sizeof(epilog_text))
			e += (size_t)snprintf(epilog_text + e, sizeof(epilog_text) - e, "  %-14s%s\n", subs[i].name,
					      subs[i].help);
	}
	if (e < sizeof(epilog_text))
		snprintf(epilog_text + e, sizeof(epilog_text) - e,
			 "\nverify exits 1 and names the first entry that fails when anything was\n"
			 "changed, reordered, deleted or truncated since it was written.\n");
}

static int takes(const struct sub *s, const char *opt)
{
	size_t n = strlen(opt);
	for (const char *p = s->opts; (p = strstr(p, opt)) != NULL; p += n)
		if ((p == s->opts || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/* Each option given must be one the subcommand takes. */
static void check_options(const struct sub *s, size_t npos)
{
	const struct {
		const char *name;
		int set;
	} given[] = {
		{ "tee", o.tee }, { "batch", o.batch != 4096 }, { "threads", o.threads != 0 },
		{ "progress", show_progress }, { "max-line", o.max_line != 0 }, { "output", o.output != NULL },
		{ "quick", o.quick }, { "checkpoint", checkpoints.n != 0 }, { "pubkey", o.pubkey != NULL },
		{ "key", o.key != NULL }, { "size", o.size != 0 }, { "seq", o.seq != -1 }, { "id", o.id != NULL },
		{ "older-than", o.older_than != -1 }, { "reason", o.reason != NULL }, { "since", o.since != NULL },
		{ "until", o.until != NULL }, { "group-by", strcmp(group_by, "all") != 0 }, { "otel", o.otel },
		{ "baseline", o.baseline != NULL }, { "window", o.window != NULL }, { "otlp", o.otlp != NULL },
		{ "otlp-batch", o.otlp_batch != 0 },
	};
	for (size_t i = 0; i < sizeof(given) / sizeof(given[0]); i++)
		if (given[i].set && !takes(s, given[i].name))
			args_usage_error(&spec, "--%s does not apply to %s", given[i].name, s->name);
	if ((s->flags & SUB_DB) && !o.db)
		args_usage_error(&spec, "%s needs the ledger: --db FILE", s->name);
	if (!(s->flags & SUB_DB) && o.db)
		args_usage_error(&spec, "--db does not apply to %s", s->name);
	if (npos && !(s->flags & SUB_ARGS))
		args_usage_error(&spec, "%s takes no arguments ('%s')", s->name, o.args[0]);
	if (show_progress && quiet)
		args_usage_error(&spec, "--progress and --quiet exclude each other");
}

/* How the subcommands' messages look: usage.h's family. */
static void say(void *ctx, enum audit_say level, const char *msg)
{
	(void)ctx;
	if (level == AUDIT_SAY_USAGE)
		args_usage_error(&spec, "%s", msg);
	else if (level == AUDIT_SAY_WARNING)
		warning("%s", msg);
	else
		error("%s", msg);
}

int main(int argc, char **argv)
{
	usage_set_prog("llm-audit");
	build_spec();
	if (argc < 2 || argv[1][0] == '-') {
		/* --help, --version, or a usage error, all from the one table. */
		struct args_list pos = { 0 };
		args_parse(&spec, argc, argv, &pos);
		args_usage_error(&spec, "a subcommand is required");
	}
	const struct sub *s = NULL;
	for (size_t i = 0; i < NSUBS && !s; i++)
		if (!strcmp(argv[1], subs[i].name))
			s = &subs[i];
	if (!s)
		args_usage_error(&spec, "unknown subcommand '%s'", argv[1]);
	struct args_list pos = { 0 };
	args_parse(&spec, argc - 1, argv + 1, &pos);
	o.args = pos.v;
	o.nargs = pos.n;
	o.checkpoints = checkpoints.v;
	o.ncheckpoints = checkpoints.n;
	o.group_by = group_by;
	o.out = stdout;
	o.say = say;
	check_options(s, pos.n);
	usage_set_quiet(quiet);
	if (s->flags & SUB_STOP)
		sigstop_install();
	struct progress pg;
	if (takes(s, "progress")) {
		progress_init(&pg, progress_mode(show_progress, quiet), pos.v, pos.n);
		o.progress = &pg;
	}
	int rc = s->fn(&o);
	args_list_release(&pos);
	args_list_release(&checkpoints);
	return rc;
}
