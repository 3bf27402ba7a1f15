/*
 * llm-infer: send each record to the backends its route allows, in order,
 * with retries and fallbacks, and write the answer under _llm.infer. One
 * line in, one line out, in order.
 *
 * Wiring only: the HTTP client is common/infer/http/, the wire formats
 * common/infer/provider/, the jobs, retries, cache and reorder window
 * common/infer/, the one-backend policy of --base-url and --model FILE
 * infer/direct.c, the engine probe (--tokens, --print-ids,
 * --print-logits) infer/probe.c.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/args.h"
#include "core/exitcode.h"
#include "infer/direct.h"
#include "infer/infer.h"
#include "infer/local.h"
#include "infer/probe.h"
#include "core/input.h"
#include "core/ndjson.h"
#include "policy/policy.h"
#include "core/sigstop.h"
#include "core/usage.h"
#include "core/progress.h"
#include "core/json.h"
#include <sys/mman.h>
#include <unistd.h>

static const char *output, *policy_path, *backend_name, *base_url, *model, *provider = "openai", *api_key_env;
static const char *cacert, *cache_path, *resume_path, *system_text, *state_path;
static struct args_list stops;
static int raw_lines, raw_files, unordered, stream, json_mode, summary;
static size_t max_line;
static long jobs = 16, retries = 3, retry_base_ms = 500, retry_max_ms = 20000, retry_after_cap_ms = 60000;
static long cooldown_after = 5, cooldown_ms = 30000, max_tokens = 0, seed = 0;
static double timeout_s = 120, temperature = -1;
static const char *prompt_text, *token_ids;
static long local_threads = 0, local_ctx = 0, print_logits = 0;
static int print_ids, show_progress, quiet;

static const struct args_opt opts[] = {
	{ "policy", 'p', ARGS_STRING, &policy_path, "FILE", "the policy (llm-policy(5)): backends, keys, limits, fallback_on", 0 },
	{ "backend", 0, ARGS_STRING, &backend_name, "NAME", "send every record to this policy backend, ignoring routes", 0 },
	{ "base-url", 0, ARGS_STRING, &base_url, "URL", "without a policy: the API's base URL (e.g. http://localhost:8000/v1)", 0 },
	{ "model", 'm', ARGS_STRING, &model, "NAME|FILE", "with --base-url: the model to ask; alone: a GGUF file to run on this machine", 0 },
	{ "prompt", 0, ARGS_STRING, &prompt_text, "TEXT", "answer TEXT (one record {\"prompt\": TEXT}) instead of reading records", 0 },
	{ "threads", 't', ARGS_INT, &local_threads, "N", "with --model FILE: engine threads (default: all cores)", 0 },
	{ "ctx", 0, ARGS_INT, &local_ctx, "TOKENS", "with --model FILE: context length (default: the model's, at most 4096)", 0 },
	{ "tokens", 0, ARGS_STRING, &token_ids, "ID,ID,...", "with --model FILE: debugging: feed these token ids as the prompt", 0 },
	{ "print-ids", 0, ARGS_FLAG, &print_ids, NULL, "with --model FILE: debugging: print each generated token id and piece", 0 },
	{ "print-logits", 0, ARGS_INT, &print_logits, "K", "with --model FILE: debugging: also print the K highest logits of each step", 0 },
	{ "provider", 0, ARGS_CHOICE, &provider, "openai|anthropic", "with --base-url: the API's format (default openai)", 0 },
	{ "api-key-env", 0, ARGS_STRING, &api_key_env, "VAR", "with --base-url: the environment variable holding the key", 0 },
	{ "jobs", 'j', ARGS_INT, &jobs, "N", "requests in flight at once; for a local backend, records decoded together (at most 32) (default 16)", 0 },
	{ "unordered", 0, ARGS_FLAG, &unordered, NULL, "write answers as they arrive, not in input order", 0 },
	{ "stream", 0, ARGS_FLAG, &stream, NULL, "ask for streamed (SSE) answers; measures ttft_ms", 0 },
	{ "system", 0, ARGS_STRING, &system_text, "TEXT", "a system prompt for records without one", 0 },
	{ "max-tokens", 0, ARGS_INT, &max_tokens, "N", "output token limit (default: the backend's max_output_tokens)", 0 },
	{ "temperature", 0, ARGS_DOUBLE, &temperature, "T", "sampling temperature", 0 },
	{ "stop", 0, ARGS_LIST, &stops, "TEXT", "a stop sequence (repeatable)", 0 },
	{ "json", 0, ARGS_FLAG, &json_mode, NULL, "ask for a JSON object answer (response_format)", 0 },
	{ "retries", 0, ARGS_INT, &retries, "N", "retries per backend for rate_limit, server_error, timeout (default 3)", 0 },
	{ "retry-base-ms", 0, ARGS_INT, &retry_base_ms, "MS", "backoff base: retry n waits up to MS * 2^n, jittered (default 500)", 0 },
	{ "retry-max-ms", 0, ARGS_INT, &retry_max_ms, "MS", "backoff cap (default 20000)", 0 },
	{ "retry-after-max-ms", 0, ARGS_INT, &retry_after_cap_ms, "MS", "the longest Retry-After honoured (default 60000)", 0 },
	{ "cooldown-after", 0, ARGS_INT, &cooldown_after, "N", "rest a backend after N failures in a row (default 5; 0 never)", 0 },
	{ "cooldown-ms", 0, ARGS_INT, &cooldown_ms, "MS", "how long a backend rests (default 30000)", 0 },
	{ "timeout", 0, ARGS_DOUBLE, &timeout_s, "SECONDS", "per request, when the backend sets none (default 120)", 0 },
	{ "cacert", 0, ARGS_STRING, &cacert, "FILE", "CA certificates to verify TLS peers with (default: the system's)", 0 },
	{ "cache", 0, ARGS_STRING, &cache_path, "FILE", "response cache (SQLite): identical requests are answered from it", 0 },
	{ "state", 0, ARGS_STRING, &state_path, "FILE", "llm-route's budget state: a record llm-route did not charge is charged here", 0 },
	{ "resume", 0, ARGS_STRING, &resume_path, "FILE", "reuse the answers in FILE: an earlier output of llm-infer, or an llm-audit ledger", 0 },
	{ "seed", 0, ARGS_INT, &seed, "N", "seed for the backoff jitter (default: random)", 0 },
	{ "summary", 0, ARGS_FLAG, &summary, NULL, "print counts, tokens and cost to stderr at the end", 0 },
	{ "output", 'o', ARGS_STRING, &output, "FILE", "write records to FILE instead of stdout", 0 },
	{ "raw-lines", 0, ARGS_FLAG, &raw_lines, NULL, "read plain text: each line becomes {\"source\",\"line\",\"text\"}", 0 },
	{ "raw-files", 0, ARGS_FLAG, &raw_files, NULL, "read plain text: each FILE becomes one {\"source\",\"text\"} record", 0 },
	{ "progress", 0, ARGS_FLAG, &show_progress, NULL, "show progress on stderr even when it is not a terminal", 0 },
	{ "quiet", 'q', ARGS_FLAG, &quiet, NULL, "no progress line and no warnings (errors are still printed)", 0 },
	{ "max-line", 0, ARGS_SIZE, &max_line, "BYTES", "longest input line accepted, at least 4096; longer ones become error records (default 256M)", NDJSON_MIN_MAX_LINE },
	{ 0 }
};

static const struct args_spec spec = {
	"llm-infer -p POLICY [OPTIONS] [FILE...]\n"
	"       llm-infer -p POLICY --backend NAME [OPTIONS] [FILE...]\n"
	"       llm-infer --base-url URL --model NAME [--provider openai|anthropic] [OPTIONS] [FILE...]\n"
	"       llm-infer --model FILE.gguf [--prompt TEXT] [OPTIONS] [FILE...]",
	"Send each record to a model and write the answer under _llm.infer.\n"
	"Reads NDJSON FILEs (or stdin): routed records (llm-route) try their chain in order.",
	opts, NULL,
	"A backend whose max_class is below the record's class is never sent the\n"
	"record; unclassified records count as restricted. Records with _llm.error,\n"
	"a block verdict or a denied route pass through untouched.\n"
};

static void on_progress(void *ctx, uint64_t records, uint64_t bytes)
{
	progress_tick(ctx, records, bytes, NULL);
}

static void input_error(void *ctx, const char *msg)
{
	(void)ctx;
	error("%s", msg);
}

/* --tokens / --print-ids / --print-logits (infer/probe.h): its lines go
 * to stdout as they are made. */
static void probe_emit(void *ctx, const char *line, size_t len)
{
	(void)ctx;
	fwrite(line, 1, len, stdout);
}

static int probe(void)
{
	char err[1024];
	struct probe_opts po = { model, prompt_text, token_ids, (int)local_threads, (int)local_ctx,
				 max_tokens > 0 ? (int)max_tokens : 16, temperature, (uint64_t)seed, print_ids,
				 (int)print_logits };
	switch (probe_run(&po, probe_emit, NULL, err, sizeof(err))) {
	case PROBE_OK: break;
	case PROBE_ERR_USAGE: die(EXITCODE_USAGE, "%s", err);
	case PROBE_ERR_NOMEM: die(EXITCODE_IO, "%s", err);
	default: die(EXITCODE_CONFIG, "%s", err);
	}
	return fflush(stdout) ? EXITCODE_IO : EXITCODE_OK;
}

int main(int argc, char **argv)
{
	struct args_list files = { 0 };
	char err[1024];
	usage_set_prog("llm-infer");
	sigstop_install(); /* stop between records: sigstop.h */
	args_parse(&spec, argc, argv, &files);
	if (raw_lines && raw_files)
		args_usage_error(&spec, "--raw-lines and --raw-files exclude each other");
	enum input_mode mode = raw_lines ? INPUT_RAW_LINES : raw_files ? INPUT_RAW_FILES : INPUT_NDJSON;
	if (jobs < 1 || jobs > 4096)
		args_usage_error(&spec, "--jobs wants 1 to 4096");
	if (retries < 0 || retries > 100 || retry_base_ms < 0 || retry_max_ms < 0 || retry_after_cap_ms < 0 ||
	    cooldown_after < 0 || cooldown_ms < 0)
		args_usage_error(&spec, "retry and cooldown settings must not be negative (retries at most 100)");
	if (!(timeout_s > 0) || timeout_s > 86400)
		args_usage_error(&spec, "--timeout wants 0 to 86400 seconds");
	if (max_tokens < 0 || (temperature >= 0 && temperature > 10) || isnan(temperature))
		args_usage_error(&spec, "--max-tokens and --temperature want sensible values");
	if (base_url && (policy_path || backend_name))
		args_usage_error(&spec, "--base-url is the mode without a policy: drop -p and --backend");
	int local_mode = !base_url && !policy_path && model;
	if (!base_url && !policy_path && !model)
		args_usage_error(&spec, "a policy is required (-p POLICY), or --base-url URL --model NAME, or --model FILE.gguf");
	if (base_url && !model)
		args_usage_error(&spec, "--base-url wants --model NAME");
	if (policy_path && model)
		args_usage_error(&spec, "--model goes with --base-url, or alone with a GGUF file; a policy names its own");
	if (!base_url && api_key_env)
		args_usage_error(&spec, "--api-key-env goes with --base-url; a policy names its own keys");
	if (!local_mode && (token_ids || print_ids || print_logits || local_threads || local_ctx))
		args_usage_error(&spec, "--tokens, --print-ids, --print-logits, --threads and --ctx go with --model FILE.gguf");
	if (local_threads < 0 || local_threads > 1024 || local_ctx < 0 || local_ctx > 1 << 20 || print_logits < 0 ||
	    print_logits > 1000)
		args_usage_error(&spec, "--threads, --ctx and --print-logits want sensible values");
	if (prompt_text && files.n)
		args_usage_error(&spec, "--prompt replaces the input files");
	if (token_ids || print_ids || print_logits) {
		int rc = probe();
		args_list_release(&files);
		return rc;
	}
	if (base_url && strncmp(base_url, "http://", 7) && strncmp(base_url, "https://", 8))
		args_usage_error(&spec, "--base-url wants an http:// or https:// URL");

	struct policy *p = NULL;
	struct direct_policy dp;
	const struct policy_backend *direct = NULL;
	if (policy_path) {
		if (policy_load(policy_path, &p, err, sizeof(err)) < 0)
			die(EXITCODE_CONFIG, "%s", err);
		if (backend_name && !(direct = policy_backend_find(p, backend_name)))
			die(EXITCODE_CONFIG, "%s: no backend named '%s'", policy_path, backend_name);
	} else {
		/* The shell mode: one backend, no ceiling (the user chose it). */
		struct direct_opts d = { provider, base_url, model, api_key_env, local_mode, local_threads, local_ctx };
		direct_policy_init(&dp, &d);
		direct = &dp.backend;
	}
	if (api_key_env && (!getenv(api_key_env) || !*getenv(api_key_env)))
		die(EXITCODE_CONFIG, "--api-key-env %s: the variable is not set", api_key_env);

	struct infer_opts o = { 0 };
	o.policy = p ? p : &dp.policy;
	o.direct = direct;
	o.jobs = (int)jobs;
	o.unordered = unordered;
	o.stream = stream;
	o.retries = (int)retries;
	o.retry_base_ms = retry_base_ms;
	o.retry_max_ms = retry_max_ms;
	o.retry_after_cap_ms = retry_after_cap_ms;
	o.cooldown_after = (int)cooldown_after;
	o.cooldown_ms = cooldown_ms;
	o.timeout_s = timeout_s;
	o.cacert = cacert;
	o.cache_path = cache_path;
	o.state_path = state_path;
	o.resume_path = resume_path;
	o.seed = (uint64_t)seed;
	o.req.system = system_text;
	o.req.max_tokens = max_tokens;
	o.req.temperature = temperature;
	o.req.stop = stops.v;
	o.req.nstop = stops.n;
	o.req.json = json_mode;
	o.req.defaults = jv_invalid();
	o.on_input_error = input_error;
	struct progress pg;
	if (show_progress && quiet)
		args_usage_error(&spec, "--progress and --quiet exclude each other");
	usage_set_quiet(quiet);
	progress_init(&pg, progress_mode(show_progress, quiet), prompt_text ? NULL : files.v,
		      prompt_text ? 0 : files.n);
	o.on_progress = on_progress;
	o.cb_ctx = &pg;

	/* A local model that will not open is a configuration error now,
	 * not a server_error on every record that reaches it. */
	for (size_t i = 0; i < o.policy->nbackends; i++)
		if (o.policy->backends[i].kind == POLICY_KIND_LOCAL &&
		    local_check_model(&o.policy->backends[i], err, sizeof(err)) < 0)
			die(EXITCODE_CONFIG, "%s", err);
	struct infer *inf = infer_new(&o, err, sizeof(err));
	if (!inf)
		die(EXITCODE_IO, "%s", err);
	struct ndjson_writer w;
	if (ndjson_writer_open(&w, output) < 0)
		die(EXITCODE_IO, "cannot open '%s' for writing: %s", output ? output : "stdout", strerror(errno));
	char prompt_path[64];
	const char *prompt_files[1] = { prompt_path };
	const char *const *fv = files.v;
	size_t fn = files.n;
	if (prompt_text) {
		int fd = memfd_create("llm-infer-prompt", MFD_CLOEXEC);
		struct buf rec = BUF_INIT;
		buf_puts(&rec, "{\"prompt\":");
		json_escape(&rec, prompt_text, strlen(prompt_text));
		buf_puts(&rec, "}\n");
		if (fd < 0 || write(fd, rec.p, rec.len) != (ssize_t)rec.len || lseek(fd, 0, SEEK_SET) != 0)
			die(EXITCODE_IO, "cannot hold the prompt: %s", strerror(errno));
		buf_release(&rec);
		snprintf(prompt_path, sizeof(prompt_path), "/proc/self/fd/%d", fd);
		fv = prompt_files;
		fn = 1;
		mode = INPUT_NDJSON;
	}
	struct input in;
	input_init(&in, mode, fv, fn, max_line ? max_line : NDJSON_DEFAULT_MAX_LINE, &w);
	struct infer_stats st;
	int status = EXITCODE_OK;
	if (infer_run(inf, &in, &w, &st, err, sizeof(err)) < 0) {
		error("%s", err);
		status = exitcode_merge(status, EXITCODE_IO);
	}
	progress_done(&pg);
	if (ndjson_writer_close(&w) < 0) {
		error("cannot write output: %s", strerror(w.err));
		status = exitcode_merge(status, EXITCODE_IO);
	}
	if (in.io_failed)
		status = exitcode_merge(status, EXITCODE_IO);
	if (st.bad) {
		warning("%llu line%s not records (kept as error records)", (unsigned long long)st.bad,
			st.bad == 1 ? " was" : "s were");
		status = exitcode_merge(status, EXITCODE_BADINPUT);
	}
	if (st.failed) {
		error("%llu record%s failed at every backend (see _llm.error)", (unsigned long long)st.failed,
		      st.failed == 1 ? "" : "s");
		status = exitcode_merge(status, EXITCODE_BACKEND);
	}
	if (st.budget_denied) {
		error("%llu record%s over budget: not charged by llm-route, and the budget is spent",
		      (unsigned long long)st.budget_denied, st.budget_denied == 1 ? " was" : "s were");
		status = exitcode_merge(status, EXITCODE_BUDGET);
	}
	if (st.auth_failed) {
		error("%llu record%s failed for credentials: check the keys the policy names",
		      (unsigned long long)st.auth_failed, st.auth_failed == 1 ? "" : "s");
		status = exitcode_merge(status, EXITCODE_CONFIG);
	}
	if (summary)
		note("%llu records: %llu answered (%llu cached, %llu resumed), %llu failed, %llu passed through, "
		     "%llu not records; %llu requests (%llu retries, %llu fallbacks); tokens %lld in, %lld out; $%.6f",
		     (unsigned long long)st.records, (unsigned long long)st.answered, (unsigned long long)st.cached,
		     (unsigned long long)st.resumed, (unsigned long long)st.failed, (unsigned long long)st.passed,
		     (unsigned long long)st.bad, (unsigned long long)st.requests, (unsigned long long)st.retries,
		     (unsigned long long)st.fallbacks, st.input_tokens, st.output_tokens, st.cost_usd);
	input_release(&in);
	infer_free(inf);
	policy_free(p);
	args_list_release(&files);
	args_list_release(&stops);
	return status;
}
