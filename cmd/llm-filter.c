/*
 * llm-filter: redact or pseudonymize PII and secrets, block prompt
 * injection and policy violations before a model sees a record, and check
 * what the model said after (--stage output). Writes _llm.filter; its exit
 * status gates CI (--fail-on). One line in, one line out, in order.
 *
 * Wiring only: the stages live in common/filter/filter.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

#include "core/args.h"
#include "core/exitcode.h"
#include "filter/filter.h"
#include "core/input.h"
#include "core/keyfile.h"
#include "core/sigstop.h"
#include "core/stream.h"
#include "core/ndjson.h"
#include "core/record.h"
#include "core/sarif.h"
#include "core/usage.h"
#include "filter/vault.h"
#include "infer/judge.h"
#include "policy/policy.h"

#define TOOL "filter"

static struct args_io io;
static struct filter_opts fo = { .threshold = -1, .model_threshold = -1 };
static const char *stage = "input", *fail_on, *sarif_path, *keygen, *ttl_days_s;
static struct args_list baselines, deny, allow, checks, actions;
static int purge, summary;
static const char *judge_name, *policy_path, *judge_band = "0.2:0.8";
static double judge_budget = 2000;

static const struct args_opt opts[] = {
	{ "stage", 's', ARGS_CHOICE, &stage, "input|output", "input (before the model, default) or output (checks _llm.infer.output)", 0 },
	{ "config", 'c', ARGS_STRING, &fo.config, "FILE", "filter config: actions per type, injection, lists, checks, vault, output checks", 0 },
	{ "action", 'a', ARGS_LIST, &actions, "TYPE=ACTION", "action for a type or 'default': keep|mask|redact|hash|pseudonymize|block", 0 },
	{ "rules", 'r', ARGS_STRING, &fo.rules, "FILE", "llm-classify rules file for the detectors", 0 },
	{ "baseline", 'b', ARGS_LIST, &baselines, "FILE", "accept the findings whose fingerprints FILE lists", 0 },
	{ "deny", 0, ARGS_LIST, &deny, "FILE", "deny list: a match blocks the record (one pattern a line)", 0 },
	{ "allow", 0, ARGS_LIST, &allow, "FILE", "allow list: matched spans are exempt from every finding", 0 },
	{ "check", 0, ARGS_LIST, &checks, "JQ", "a jq program over the record; a truthy result blocks it", 0 },
	{ "threshold", 't', ARGS_DOUBLE, &fo.threshold, "SCORE", "injection score that blocks (0..1, default 0.5)", 0 },
	{ "inject-model", 0, ARGS_STRING, &fo.model, "FILE|none", "injection classifier weights (default: the built-in ones); none: heuristics only", 0 },
	{ "model-threshold", 0, ARGS_DOUBLE, &fo.model_threshold, "SCORE", "classifier score that blocks (0..1, default 0.5)", 0 },
	{ "judge", 0, ARGS_STRING, &judge_name, "BACKEND", "ask the policy's local BACKEND about texts the classifier is unsure of", 0 },
	{ "policy", 'p', ARGS_STRING, &policy_path, "FILE", "the policy whose backends --judge names", 0 },
	{ "judge-band", 0, ARGS_STRING, &judge_band, "LO:HI", "classifier scores the judge settles (default 0.2:0.8)", 0 },
	{ "judge-budget", 0, ARGS_DOUBLE, &judge_budget, "MS", "time the judge may take per text (default 2000)", 0 },
	{ "vault", 0, ARGS_STRING, &fo.vault, "FILE", "pseudonym vault (SQLite, values encrypted)", 0 },
	{ "vault-key", 0, ARGS_STRING, &fo.vault_key, "FILE", "the vault's key file", 0 },
	{ "ttl-days", 0, ARGS_STRING, &ttl_days_s, "DAYS", "pseudonyms expire after DAYS (default: never)", 0 },
	{ "vault-purge", 0, ARGS_FLAG, &purge, NULL, "delete expired pseudonyms from the vault and exit", 0 },
	{ "keygen", 0, ARGS_STRING, &keygen, "FILE", "write a new random key (vault or hash key) to FILE and exit", 0 },
	{ "hash-key", 0, ARGS_STRING, &fo.hash_key, "FILE", "key file for the hash action (HMAC-SHA256)", 0 },
	{ "canary", 0, ARGS_FLAG, &fo.canary, NULL, "input: plant a random canary the output stage watches for", 0 },
	{ "restore", 0, ARGS_FLAG, &fo.restore, NULL, "output: put the originals of pseudonyms back", 0 },
	{ "expect-json", 0, ARGS_FLAG, &fo.expect_json, NULL, "output: block unless the output is JSON", 0 },
	{ "schema", 0, ARGS_STRING, &fo.schema, "FILE", "output: JSON schema (type, required, properties, items, enum) it must meet", 0 },
	{ "max-length", 0, ARGS_INT, &fo.max_length, "CHARS", "output: block outputs longer than CHARS characters", 0 },
	{ "decode", 0, ARGS_FLAG, &fo.decode, NULL, "detectors also scan base64, hex and percent-encoded text", 0 },
	{ "fail-on", 0, ARGS_CHOICE, &fail_on, "block|redact|finding", "exit 1 if any record was blocked, redacted or had a finding", 0 },
	{ "sarif", 0, ARGS_STRING, &sarif_path, "FILE", "write findings as a SARIF 2.1.0 log to FILE", 0 },
	{ "summary", 0, ARGS_FLAG, &summary, NULL, "print verdict counts to stderr at the end", 0 },
	ARGS_IO_OPTIONS(&io),
	{ 0 }
};

static const struct args_spec spec = {
	"llm-filter [OPTIONS] [FILE...]",
	"Redact, pseudonymize or block records before a model sees them; check outputs after.\n"
	"Reads NDJSON FILEs (or stdin) and writes each record with _llm.filter added.",
	opts, NULL,
	"Actions: keep, mask ([EMAIL]), redact (remove), hash ([EMAIL:hmac]),\n"
	"pseudonymize (<EMAIL_1>, kept in the vault), block. Default: mask.\n"
};

struct batch {
	struct filter *f;
	int open;
	int failed;
};

/* Records leave the process only after the pseudonyms they carry are
 * committed: the writer calls this before every flush. */
static void commit_batch(void *ctx)
{
	struct batch *b = ctx;
	char err[512];
	if (!b->open)
		return;
	b->open = 0;
	if (filter_commit(b->f, err, sizeof(err)) < 0)
		die(EXITCODE_IO, "%s", err);
}

int main(int argc, char **argv)
{
	struct args_list files = { 0 };
	char err[512];
	usage_set_prog("llm-filter");
	sigstop_install(); /* stop between records: sigstop.h */
	args_parse(&spec, argc, argv, &files);
	enum input_mode mode = args_io_mode(&spec, &io);

	if (keygen) {
		if (vault_keygen(keygen, err, sizeof(err)) < 0)
			die(EXITCODE_CONFIG, "%s", err);
		return EXITCODE_OK;
	}
	fo.output_stage = !strcmp(stage, "output");
	if (fo.threshold != -1 && (fo.threshold < 0 || fo.threshold > 1))
		args_usage_error(&spec, "--threshold wants a score between 0 and 1");
	if (fo.model_threshold != -1 && (fo.model_threshold <= 0 || fo.model_threshold > 1))
		args_usage_error(&spec, "--model-threshold wants a score above 0, at most 1");
	if (fo.max_length < 0)
		args_usage_error(&spec, "--max-length wants a positive number");
	if (fo.restore && !fo.output_stage)
		args_usage_error(&spec, "--restore belongs to --stage output");
	if (fo.canary && fo.output_stage)
		args_usage_error(&spec, "--canary belongs to the input stage; the output stage checks it");
	if (ttl_days_s) {
		char *end;
		double d = strtod(ttl_days_s, &end);
		if (end == ttl_days_s || *end || d <= 0)
			args_usage_error(&spec, "--ttl-days wants a positive number of days");
		fo.ttl = (long long)(d * 86400);
	}
	fo.baselines = baselines.v;
	fo.nbaselines = baselines.n;
	fo.deny = deny.v;
	fo.ndeny = deny.n;
	fo.allow = allow.v;
	fo.nallow = allow.n;
	fo.checks = checks.v;
	fo.nchecks = checks.n;
	fo.actions = actions.v;
	fo.nactions = actions.n;

	/* The fingerprint key: findings' fingerprints are keyed (keyfile.h). */
	unsigned char fp_key[KEYFILE_LEN];
	{
		char path[4096];
		int created, loose;
		if (fpkey_load(NULL, fp_key, &created, &loose, path, sizeof(path), err, sizeof(err)) < 0)
			die(EXITCODE_CONFIG, "%s", err);
		if (loose)
			warning("key file %s can be read by group or others (chmod 600 it)", path);
	}
	fo.fp_key = fp_key;

	/* The judge: a local backend of the policy, asked through a callback
	 * (filter/ ranks below infer/). */
	struct policy *pol = NULL;
	struct judge *judge = NULL;
	if (judge_name) {
		char *end;
		fo.judge_lo = strtod(judge_band, &end);
		if (*end != ':' || (fo.judge_hi = strtod(end + 1, &end), *end) || !(fo.judge_lo >= 0) ||
		    !(fo.judge_hi <= 1) || !(fo.judge_lo < fo.judge_hi))
			args_usage_error(&spec, "--judge-band wants LO:HI with 0 <= LO < HI <= 1");
		if (!(judge_budget > 0))
			args_usage_error(&spec, "--judge-budget wants a positive number of milliseconds");
		if (!policy_path)
			args_usage_error(&spec, "--judge needs --policy FILE to find backend '%s'", judge_name);
		if (fo.output_stage)
			args_usage_error(&spec, "--judge belongs to the input stage");
		if (fo.model && !strcmp(fo.model, "none"))
			args_usage_error(&spec, "--judge settles the classifier's uncertain scores: not with --inject-model none");
		if (policy_load(policy_path, &pol, err, sizeof(err)) < 0)
			die(EXITCODE_CONFIG, "%s", err);
		const struct policy_backend *b = policy_backend_find(pol, judge_name);
		if (!b)
			die(EXITCODE_CONFIG, "policy %s has no backend '%s'", policy_path, judge_name);
		judge = judge_open(b, judge_budget, err, sizeof(err));
		if (!judge)
			die(EXITCODE_CONFIG, "%s", err);
		fo.judge = judge_classify;
		fo.judge_ctx = judge;
	} else if (policy_path) {
		args_usage_error(&spec, "--policy is for --judge");
	}
	struct filter *f = filter_new(&fo, err, sizeof(err));
	OPENSSL_cleanse(fp_key, sizeof(fp_key));
	if (!f)
		die(EXITCODE_CONFIG, "%s", err);
	for (const char *const *k = filter_loose_keys(f); *k; k++)
		warning("key file %s can be read by group or others (chmod 600 it)", *k);
	if (purge) {
		long n = filter_vault_purge(f, err, sizeof(err));
		if (n < 0)
			die(EXITCODE_IO, "%s", err);
		note("removed %ld expired pseudonyms", n);
		filter_free(f);
		args_list_release(&files);
		return EXITCODE_OK;
	}

	struct jpath *fields = calloc(io.fields.n + 1, sizeof(*fields));
	for (size_t i = 0; i < io.fields.n; i++)
		if (jpath_parse(&fields[i], io.fields.v[i], err, sizeof(err)) < 0)
			args_usage_error(&spec, "%s", err);

	struct ndjson_writer w;
	if (ndjson_writer_open(&w, io.output) < 0)
		die(EXITCODE_IO, "cannot open '%s' for writing: %m", io.output);
	struct batch batch = { f, 0, 0 };
	w.pre_flush = commit_batch;
	w.pre_flush_ctx = &batch;
	struct stream in;
	stream_open(&in, TOOL, &io, mode, files.v, files.n, &w, 0);
	struct sarif sf;
	sarif_init(&sf, "llm-filter");
	char key_id[17];
	filter_key_id(f, key_id);
	sf.key_id = key_id;

	struct record *rp = &in.r;
	struct buf ej = BUF_INIT;
	uint64_t counts[3] = { 0 }, settled = 0;
	int status = EXITCODE_OK, hit = 0;
	while (stream_next(&in)) {
		struct record_origin origin = in.origin;
		if (record_is_settled(rp)) {
			settled++;
			ndjson_write_record(&w, rp->root.p, rp->root.n);
			continue;
		}
		/* Vault writes are batched until the next flush of the output. */
		if (!batch.open) {
			if (filter_begin(f, err, sizeof(err)) < 0)
				die(EXITCODE_IO, "%s", err);
			batch.open = 1;
		}
		struct filter_outcome oc;
		size_t mark = ndjson_buf(&w)->len;
		if (filter_record(f, rp, fields, io.fields.n, ndjson_buf(&w), &oc, err, sizeof(err)) < 0) {
			buf_truncate(ndjson_buf(&w), mark);
			stream_warn(&in, "%s", err);
			buf_reset(&ej);
			record_error_json(&ej, TOOL, "filter_failed", err, &origin);
			struct record_set set = { "error", ej.p, ej.len };
			record_write(ndjson_buf(&w), rp, &set, 1);
			ndjson_end_record(&w);
			status = exitcode_merge(status, EXITCODE_CONFIG);
			continue;
		}
		ndjson_end_record(&w);
		counts[oc.verdict]++;
		if (fail_on && ((!strcmp(fail_on, "block") && oc.verdict == FILTER_BLOCK) ||
				(!strcmp(fail_on, "redact") && oc.verdict >= FILTER_REDACT) ||
				(!strcmp(fail_on, "finding") && oc.findings)))
			hit = 1;
		if (sarif_path && oc.findings)
			filter_sarif_last(f, &sf, in.src, in.rec.line);
	}
	stream_finish(&in);
	status = exitcode_merge(status, in.status);
	ndjson_flush(&w);
	commit_batch(&batch);
	if (ndjson_writer_close(&w) < 0) {
		commit_batch(&batch);
		error("cannot write output: %s", strerror(w.err));
		status = exitcode_merge(status, EXITCODE_IO);
	}
	if (sarif_path && sarif_write(&sf, sarif_path, err, sizeof(err)) < 0) {
		error("%s", err);
		status = exitcode_merge(status, EXITCODE_IO);
	}
	if (summary)
		note("%llu records: %llu pass, %llu redact, %llu block, %llu passed through, %llu not records",
		     (unsigned long long)in.records, (unsigned long long)counts[0], (unsigned long long)counts[1],
		     (unsigned long long)counts[2], (unsigned long long)settled, (unsigned long long)in.bad);
	if (hit)
		status = exitcode_merge(status, EXITCODE_FOUND);

	sarif_release(&sf);
	buf_release(&ej);
	stream_close(&in);
	for (size_t i = 0; i < io.fields.n; i++)
		jpath_release(&fields[i]);
	free(fields);
	filter_free(f);
	judge_close(judge);
	policy_free(pol);
	args_list_release(&files);
	args_list_release(&baselines);
	args_list_release(&deny);
	args_list_release(&allow);
	args_list_release(&checks);
	args_list_release(&actions);
	args_list_release(&io.fields);
	return status;
}
