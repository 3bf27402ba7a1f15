/*
 * llm-classify: find PII and secrets in NDJSON records and assign each a
 * sensitivity class (_llm.classify). One line in, one line out, in order.
 *
 * Wiring only: detectors live in common/detect/, the class logic and rules
 * file in common/detect/classify.c, the record contract in common/core/record.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

#include "core/args.h"
#include "detect/classify.h"
#include "detect/phone.h"
#include "core/exitcode.h"
#include "core/hash.h"
#include "core/input.h"
#include "core/keyfile.h"
#include "core/sigstop.h"
#include "core/stream.h"
#include "core/ndjson.h"
#include "core/record.h"
#include "core/sarif.h"
#include "core/usage.h"

#define TOOL "classify"

static struct args_io io;
static const char *rules_path, *sarif_path, *write_baseline, *fail_on, *keygen, *region;
static struct args_list baselines;
static int decode, summary;
static double threshold = -1;

static const struct args_opt opts[] = {
	{ "rules", 'r', ARGS_STRING, &rules_path, "FILE", "rules file: custom detectors, class mapping, record rules, allowlist", 0 },
	{ "baseline", 'b', ARGS_LIST, &baselines, "FILE", "accept the findings whose fingerprints FILE lists (repeatable)", 0 },
	{ "write-baseline", 0, ARGS_STRING, &write_baseline, "FILE", "write the fingerprints of this run's findings to FILE", 0 },
	{ "decode", 0, ARGS_FLAG, &decode, NULL, "also scan base64, hex and percent-encoded substrings", 0 },
	{ "region", 0, ARGS_STRING, &region, "LIST", "read national phone numbers for these regions (comma list of ISO 3166 codes; default " PHONE_REGIONS_DEFAULT ")", 0 },
	{ "threshold", 0, ARGS_DOUBLE, &threshold, "SCORE", "drop findings scoring below SCORE (0..1, default 0.5)", 0 },
	{ "summary", 0, ARGS_FLAG, &summary, NULL, "print counts per type and class to stderr at the end", 0 },
	{ "sarif", 0, ARGS_STRING, &sarif_path, "FILE", "write the findings as a SARIF 2.1.0 log to FILE", 0 },
	{ "keygen", 0, ARGS_STRING, &keygen, "FILE", "write a new random fingerprint key to FILE (mode 0600) and exit", 0 },
	{ "fail-on", 0, ARGS_CHOICE, &fail_on, "finding|confidential|restricted", "exit 1 if any record has a finding, or a class at least this high", 0 },
	ARGS_IO_OPTIONS(&io),
	{ 0 }
};

static const struct args_spec spec = {
	"llm-classify [OPTIONS] [FILE...]",
	"Find PII and secrets in NDJSON records and assign a sensitivity class.\n"
	"Reads FILEs (or stdin) and writes each record with _llm.classify added.",
	opts, NULL,
	"Types: email phone credit_card iban us_ssn ip_address aws_access_key_id\n"
	"aws_secret_access_key github_token slack_token stripe_key openai_api_key\n"
	"anthropic_api_key google_api_key jwt private_key password gitlab_token\n"
	"npm_token pypi_token huggingface_token azure_storage_key twilio_key\n"
	"sendgrid_key mailgun_key shopify_token databricks_token azure_sas_key.\n"
	"Classes: public < internal < confidential < restricted.\n"
};

struct stats {
	uint64_t records, bad, findings;
	uint64_t per_class[DATACLASS_COUNT];
	uint64_t *per_type;
	int ntypes;
	int fail_hit;
};

struct fpset {
	char **v;
	size_t n, alloc;
};

static void fpset_add(struct fpset *s, const char *fp)
{
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? s->alloc * 2 : 64;
		s->v = realloc(s->v, s->alloc * sizeof(*s->v));
		if (!s->v)
			abort();
	}
	s->v[s->n++] = strdup(fp);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void write_baseline_file(struct fpset *s, const char *path, const char *key_id)
{
	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), cmp_str);
	FILE *f = fopen(path, "w");
	if (!f)
		die(EXITCODE_IO, "cannot write baseline '%s': %m", path);
	fprintf(f, "{\"tool\":\"llm-classify\",\"fingerprint\":\"%s\",\"key_id\":\"%s\",\"fingerprints\":[",
		CLASSIFY_FP_VERSION, key_id);
	size_t out = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (i && !strcmp(s->v[i], s->v[i - 1]))
			continue;
		fprintf(f, "%s\n  \"%s\"", out++ ? "," : "", s->v[i]);
	}
	fprintf(f, "\n]}\n");
	if (fclose(f) != 0)
		die(EXITCODE_IO, "cannot write baseline '%s': %m", path);
}

/* Scratch kept for the whole run: a SARIF result costs no allocation and
 * no printf. */
static struct buf sarif_msg = BUF_INIT, sarif_props = BUF_INIT;

/* in: the stream's input, which knows where the lines of a --raw-files
 * record's text start (no second pass over the text). */
static void add_sarif(struct sarif *sf, const struct classify *c, const struct input *inp,
		      const struct classify_result *res, const struct input_rec *in)
{
	struct buf *msg = &sarif_msg, *props = &sarif_props;
	const char *uri = strcmp(in->source, "-") ? in->source : "stdin";
	for (size_t i = 0; i < res->n; i++) {
		const struct classify_finding *f = &res->f[i];
		struct sarif_result sr = { 0 };
		int cls = classify_finding_class(c, f);
		buf_reset(msg);
		buf_puts(msg, f->type_name);
		buf_puts(msg, " found in ");
		buf_puts(msg, f->path);
		buf_puts(msg, " at bytes ");
		buf_putu(msg, f->start);
		buf_putc(msg, '-');
		buf_putu(msg, f->end);
		buf_reset(props);
		buf_puts(props, "{\"path\":");
		json_escape(props, f->path, strlen(f->path));
		buf_puts(props, ",\"start\":");
		buf_putu(props, f->start);
		buf_puts(props, ",\"end\":");
		buf_putu(props, f->end);
		buf_puts(props, ",\"class\":\"");
		buf_puts(props, dataclass_name(cls));
		buf_puts(props, "\",\"score\":");
		buf_put_fixed2(props, f->score);
		buf_putc(props, '}');
		sr.rule_id = f->type_name;
		sr.level = cls >= DATACLASS_RESTRICTED ? "error" : "warning";
		sr.message = msg->p;
		sr.uri = uri;
		sr.byte_offset = -1;
		if (io.raw_files) {
			/* the offset is into .text (or, for a finding in the
			 * file's name, into .source: still read against the text) */
			sr.line = input_line_at(inp, f->start < in->text_len ? f->start : in->text_len);
			sr.byte_offset = (int64_t)f->start;
			sr.byte_length = f->end - f->start;
		} else {
			sr.line = in->line;
		}
		sr.fingerprint = f->fp;
		sr.props_json = props->p;
		sarif_add(sf, &sr);
	}
}

static void print_summary(const struct classify *c, const struct stats *st)
{
	fprintf(stderr, "%s: %llu records, %llu not records, %llu findings\n", usage_prog(),
		(unsigned long long)st->records, (unsigned long long)st->bad,
		(unsigned long long)st->findings);
	fprintf(stderr, "  %-24s %10s\n", "class", "records");
	for (int k = 0; k < DATACLASS_COUNT; k++)
		fprintf(stderr, "  %-24s %10llu\n", dataclass_name(k), (unsigned long long)st->per_class[k]);
	fprintf(stderr, "  %-24s %10s\n", "type", "findings");
	for (int t = 0; t < st->ntypes; t++)
		if (st->per_type[t])
			fprintf(stderr, "  %-24s %10llu\n", classify_type_name(c, t),
				(unsigned long long)st->per_type[t]);
}

int main(int argc, char **argv)
{
	struct args_list files = { 0 };
	char err[512];
	usage_set_prog("llm-classify");
	sigstop_install(); /* stop between records: sigstop.h */
	args_parse(&spec, argc, argv, &files);
	enum input_mode mode = args_io_mode(&spec, &io);
	if (threshold != -1 && (threshold < 0 || threshold > 1))
		args_usage_error(&spec, "--threshold wants a score between 0 and 1");

	if (keygen) {
		int exists;
		if (keyfile_create(keygen, &exists, err, sizeof(err)) < 0)
			die(EXITCODE_CONFIG, "%s", err);
		args_list_release(&files);
		return EXITCODE_OK;
	}

	struct jpath *fields = calloc(io.fields.n + 1, sizeof(*fields));
	for (size_t i = 0; i < io.fields.n; i++)
		if (jpath_parse(&fields[i], io.fields.v[i], err, sizeof(err)) < 0)
			args_usage_error(&spec, "%s", err);

	struct classify *c = classify_new();
	{
		/* The fingerprint key: fingerprints and _llm.id are keyed. */
		unsigned char key[KEYFILE_LEN];
		char path[4096];
		int created, loose;
		if (fpkey_load(NULL, key, &created, &loose, path, sizeof(path), err, sizeof(err)) < 0)
			die(EXITCODE_CONFIG, "%s", err);
		if (loose)
			warning("key file %s can be read by group or others (chmod 600 it)", path);
		classify_set_key(c, key);
		OPENSSL_cleanse(key, sizeof(key));
	}
	char key_id[CLASSIFY_KEY_ID_HEX + 1];
	classify_key_id(c, key_id);
	if (rules_path && classify_load_rules(c, rules_path, err, sizeof(err)) < 0)
		die(EXITCODE_CONFIG, "%s", err);
	if (region && classify_set_regions(c, region, err, sizeof(err)) < 0)
		args_usage_error(&spec, "--region: %s", err);
	for (size_t i = 0; i < baselines.n; i++)
		if (classify_load_baseline(c, baselines.v[i], err, sizeof(err)) < 0)
			die(EXITCODE_CONFIG, "%s", err);
	classify_set_decode(c, decode);
	if (threshold >= 0)
		classify_set_threshold(c, threshold);
	/* A raw record's "source" is the same file name for each of its
	 * lines: scan it once per file, not once a line. */
	classify_set_memo(c, mode != INPUT_NDJSON);
	int fail_class = -1;
	if (fail_on && strcmp(fail_on, "finding"))
		fail_class = dataclass_parse(fail_on);

	struct ndjson_writer w;
	if (ndjson_writer_open(&w, io.output) < 0)
		die(EXITCODE_IO, "cannot open '%s' for writing: %m", io.output);
	struct stream in;
	stream_open(&in, TOOL, &io, mode, files.v, files.n, &w, 0);

	struct sarif sf;
	sarif_init(&sf, "llm-classify");
	sf.key_id = key_id;
	struct fpset fps = { 0 };
	struct stats st = { 0 };
	st.ntypes = classify_ntypes(c);
	st.per_type = calloc((size_t)st.ntypes, sizeof(*st.per_type));

	struct record *rp = &in.r;
	struct classify_result res = { 0 };
	struct buf cj = BUF_INIT;
	int status = EXITCODE_OK;
	while (stream_next(&in)) {
		struct record_origin origin = in.origin;
		st.records++;
		if (record_is_settled(rp)) {
			ndjson_write_record(&w, rp->root.p, rp->root.n);
			continue;
		}
		struct record_set set[2];
		size_t nset = 0;
		char id[FPKEY_ID_LEN + 3]; /* _llm.id as a JSON string, quotes and all */
		if (classify_record(c, rp, fields, io.fields.n, &res, err, sizeof(err)) < 0) {
			stream_warn(&in, "%s", err);
			buf_reset(&cj);
			record_error_json(&cj, TOOL, "rule_failed", err, &origin);
			set[nset++] = (struct record_set){ "error", cj.p, cj.len };
			record_write(ndjson_buf(&w), rp, set, nset);
			ndjson_end_record(&w);
			status = exitcode_merge(status, EXITCODE_CONFIG);
			continue;
		}
		/* a raw record (built by input.c: source, line, text) has
		 * neither; it starts with its file's head, hashed once a file */
		if (mode != INPUT_NDJSON ||
		    (record_get(rp, "id").type == JSON_NONE && record_llm_get(rp, "id").type == JSON_NONE)) {
			if (mode != INPUT_NDJSON)
				classify_record_id_head(c, rp->root.p, rp->root.n, in.in.head.len, id + 1);
			else
				classify_record_id(c, rp->root.p, rp->root.n, id + 1);
			id[0] = id[FPKEY_ID_LEN + 1] = '"';
			set[nset++] = (struct record_set){ "id", id, FPKEY_ID_LEN + 2 };
		}
		buf_reset(&cj);
		classify_result_json(c, &res, &cj);
		set[nset++] = (struct record_set){ TOOL, cj.p, cj.len };
		record_write(ndjson_buf(&w), rp, set, nset);
		ndjson_end_record(&w);

		st.per_class[res.cls]++;
		st.findings += res.n;
		for (size_t i = 0; i < res.n; i++) {
			if (res.f[i].type < st.ntypes)
				st.per_type[res.f[i].type]++;
			if (write_baseline)
				fpset_add(&fps, res.f[i].fp);
		}
		if ((fail_on && fail_class < 0 && res.n) || (fail_class >= 0 && res.cls >= fail_class))
			st.fail_hit = 1;
		if (sarif_path && res.n)
			add_sarif(&sf, c, &in.in, &res, &in.rec);
	}
	stream_finish(&in);
	st.bad = in.bad;
	status = exitcode_merge(status, in.status);
	if (ndjson_writer_close(&w) < 0) {
		error("cannot write output: %s", strerror(w.err));
		status = exitcode_merge(status, EXITCODE_IO);
	}
	if (sarif_path && sarif_write(&sf, sarif_path, err, sizeof(err)) < 0) {
		error("%s", err);
		status = exitcode_merge(status, EXITCODE_IO);
	}
	if (write_baseline)
		write_baseline_file(&fps, write_baseline, key_id);
	if (summary)
		print_summary(c, &st);
	if (st.fail_hit)
		status = exitcode_merge(status, EXITCODE_FOUND);

	for (size_t i = 0; i < fps.n; i++)
		free(fps.v[i]);
	free(fps.v);
	free(st.per_type);
	sarif_release(&sf);
	buf_release(&sarif_msg);
	buf_release(&sarif_props);
	buf_release(&cj);
	classify_result_release(&res);
	stream_close(&in);
	for (size_t i = 0; i < io.fields.n; i++)
		jpath_release(&fields[i]);
	free(fields);
	classify_free(c);
	args_list_release(&files);
	args_list_release(&baselines);
	args_list_release(&io.fields);
	return status;
}
