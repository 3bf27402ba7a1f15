/*
 * cmd_read: the subcommands that read what the ledger says: stats, drift
 * and export (the records as NDJSON; --otel: one flat object per record
 * named by the OpenTelemetry GenAI conventions; --otlp: the same as spans
 * sent to a collector, otlp.h).
 */
#include "audit/cmd.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/drift.h"
#include "audit/otlp.h"
#include "audit/sign.h"
#include "audit/stats.h"
#include "audit/store.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/record.h"

int audit_cmd_stats(struct audit_cmd *c)
{
	char err[1024];
	int64_t since, until;
	if (audit_since_until(c, &since, &until) < 0)
		return EXITCODE_USAGE;
	const char *group_by = c->group_by ? c->group_by : "all";
	int g = stats_group_parse(group_by);
	struct store *s = audit_open_store(c, NULL, STORE_READONLY);
	if (!s)
		return EXITCODE_IO;
	struct stats_result r;
	if (stats_compute(s, (enum stats_group)g, since, until, &r, err, sizeof(err)) < 0) {
		store_close(s);
		return audit_fail(c, EXITCODE_IO, "%s", err);
	}
	FILE *out = audit_open_out(c);
	int status = EXITCODE_IO;
	if (out) {
		struct buf b = BUF_INIT;
		if (isatty(fileno(out)))
			stats_format_table(&r, group_by, &b);
		else
			stats_format_ndjson(&r, group_by, &b);
		if (b.len)
			fwrite(b.p, 1, b.len, out);
		buf_release(&b);
		status = audit_close_out(c, out);
	}
	stats_result_release(&r);
	store_close(s);
	return status;
}

int audit_cmd_drift(struct audit_cmd *c)
{
	char err[1024];
	int64_t blo, bhi, wlo, whi;
	if (audit_range_parse(c, c->baseline, "--baseline", &blo, &bhi) < 0 ||
	    audit_range_parse(c, c->window, "--window", &wlo, &whi) < 0)
		return EXITCODE_USAGE;
	struct store *s = audit_open_store(c, NULL, STORE_READONLY);
	if (!s)
		return EXITCODE_IO;
	struct buf b = BUF_INIT;
	int drifted = 0, status;
	FILE *out = NULL;
	if (drift_report(s, blo, bhi, wlo, whi, &b, &drifted, err, sizeof(err)) < 0)
		status = audit_fail(c, EXITCODE_IO, "%s", err);
	else if (!(out = audit_open_out(c)))
		status = EXITCODE_IO;
	else {
		fwrite(b.p, 1, b.len, out);
		status = exitcode_merge(drifted ? EXITCODE_FOUND : EXITCODE_OK, audit_close_out(c, out));
	}
	buf_release(&b);
	store_close(s);
	return status;
}

/* ---- export ---- */

/* The columns export reads, in this order. */
#define EXPORT_SQL \
	"SELECT seq, ts_us, rec_id, provider, model, finish_reason, error_code, input_tokens," \
	" output_tokens, latency_us, ttft_us, cost_micro_usd, backend, rule, policy, class," \
	" workload, status, filter_in, filter_out FROM entries" \
	" WHERE kind = 'record' AND ts_us >= ?1 AND ts_us < ?2 ORDER BY seq"
enum { COL_SEQ, COL_TS, COL_ID, COL_PROVIDER, COL_MODEL, COL_FINISH, COL_ERROR, COL_LATENCY = 9, COL_STATUS = 17 };

/* One attribute per column, named by the GenAI semantic conventions (and
 * llm.* for the toolkit's own): what --otel writes and --otlp sends. */
enum otel_type { OT_STR, OT_INT, OT_MICROS, OT_LIST };
static const struct otel_attr {
	const char *name;
	int col;
	enum otel_type type;
} otel_attrs[] = {
	{ "gen_ai.provider.name", 3, OT_STR },
	{ "gen_ai.request.model", 4, OT_STR },
	{ "gen_ai.response.model", 4, OT_STR },
	{ "gen_ai.response.finish_reasons", 5, OT_LIST },
	{ "error.type", 6, OT_STR },
	{ "gen_ai.usage.input_tokens", 7, OT_INT },
	{ "gen_ai.usage.output_tokens", 8, OT_INT },
	{ "gen_ai.client.operation.duration", 9, OT_MICROS },  /* seconds */
	{ "gen_ai.server.time_to_first_token", 10, OT_MICROS }, /* seconds */
	{ "llm.cost_usd", 11, OT_MICROS },                       /* micro-dollars stored */
	{ "llm.record.id", 2, OT_STR },
	{ "llm.route.backend", 12, OT_STR },
	{ "llm.route.rule", 13, OT_STR },
	{ "llm.route.policy", 14, OT_STR },
	{ "llm.classify.class", 15, OT_STR },
	{ "llm.workload", 16, OT_STR },
	{ "llm.status", 17, OT_STR },
	{ "llm.filter.input_verdict", 18, OT_STR },
	{ "llm.filter.output_verdict", 19, OT_STR },
};
#define NATTRS (sizeof(otel_attrs) / sizeof(otel_attrs[0]))

static int col_type(sqlite3_stmt *st, const struct otel_attr *a)
{
	return sqlite3_column_type(st, a->col) == (a->type == OT_STR || a->type == OT_LIST ? SQLITE_TEXT : SQLITE_INTEGER);
}

static void otel_flat(struct buf *b, sqlite3_stmt *st)
{
	buf_printf(b, "{\"time_unix_nano\":%lld,\"gen_ai.operation.name\":\"chat\"",
		   (long long)sqlite3_column_int64(st, COL_TS) * 1000);
	for (size_t i = 0; i < NATTRS; i++) {
		const struct otel_attr *a = &otel_attrs[i];
		if (!col_type(st, a))
			continue;
		buf_printf(b, ",\"%s\":", a->name);
		const char *s = (const char *)sqlite3_column_text(st, a->col);
		size_t n = (size_t)sqlite3_column_bytes(st, a->col);
		switch (a->type) {
		case OT_STR: json_escape(b, s, n); break;
		case OT_LIST: buf_putc(b, '['); json_escape(b, s, n); buf_putc(b, ']'); break;
		case OT_INT: buf_printf(b, "%lld", (long long)sqlite3_column_int64(st, a->col)); break;
		case OT_MICROS: buf_printf(b, "%.6g", (double)sqlite3_column_int64(st, a->col) * 1e-6); break;
		}
	}
	buf_printf(b, ",\"llm.audit.seq\":%lld}\n", (long long)sqlite3_column_int64(st, COL_SEQ));
}

/*
 * One span per inference record: a CLIENT span named "chat MODEL" that
 * ends when the ledger took the record and lasted its latency. Its trace
 * id is derived from the ledger's origin and the record id (so the entries
 * of one record share a trace), its span id from the origin and the seq:
 * exporting twice sends the same ids. Only columns go out, never payloads.
 */
static void otlp_span(struct buf *b, sqlite3_stmt *st, const unsigned char origin[SIGN_ORIGIN_LEN])
{
	int64_t seq = sqlite3_column_int64(st, COL_SEQ), end = sqlite3_column_int64(st, COL_TS) * 1000;
	int64_t dur = sqlite3_column_type(st, COL_LATENCY) == SQLITE_INTEGER ? sqlite3_column_int64(st, COL_LATENCY) : 0;
	int64_t start = dur > 0 && dur < end / 1000 ? end - dur * 1000 : end;
	struct buf id = BUF_INIT;
	char trace[33], span[17];
	buf_put(&id, origin, SIGN_ORIGIN_LEN);
	if (sqlite3_column_type(st, COL_ID) == SQLITE_TEXT) {
		buf_puts(&id, "trace:");
		buf_put(&id, sqlite3_column_text(st, COL_ID), (size_t)sqlite3_column_bytes(st, COL_ID));
	} else {
		buf_printf(&id, "seq:%lld", (long long)seq);
	}
	otlp_id_hex(id.p, id.len, 16, trace);
	buf_reset(&id);
	buf_put(&id, origin, SIGN_ORIGIN_LEN);
	buf_printf(&id, "span:%lld", (long long)seq);
	otlp_id_hex(id.p, id.len, 8, span);
	buf_printf(b, "{\"traceId\":\"%s\",\"spanId\":\"%s\",\"name\":", trace, span);
	if (sqlite3_column_type(st, COL_MODEL) == SQLITE_TEXT) {
		buf_reset(&id);
		buf_puts(&id, "chat ");
		buf_put(&id, sqlite3_column_text(st, COL_MODEL), (size_t)sqlite3_column_bytes(st, COL_MODEL));
		json_escape(b, id.p, id.len);
	} else {
		buf_puts(b, "\"chat\"");
	}
	buf_release(&id);
	buf_printf(b, ",\"kind\":3,\"startTimeUnixNano\":\"%lld\",\"endTimeUnixNano\":\"%lld\",\"attributes\":[",
		   (long long)start, (long long)end);
	otlp_attr_str(b, "gen_ai.operation.name", "chat", 4);
	for (size_t i = 0; i < NATTRS; i++) {
		const struct otel_attr *a = &otel_attrs[i];
		if (!col_type(st, a))
			continue;
		const char *s = (const char *)sqlite3_column_text(st, a->col);
		size_t n = (size_t)sqlite3_column_bytes(st, a->col);
		switch (a->type) {
		case OT_STR: otlp_attr_str(b, a->name, s, n); break;
		case OT_LIST: otlp_attr_str_list(b, a->name, s, n); break;
		case OT_INT: otlp_attr_int(b, a->name, sqlite3_column_int64(st, a->col)); break;
		case OT_MICROS: otlp_attr_double(b, a->name, (double)sqlite3_column_int64(st, a->col) * 1e-6); break;
		}
	}
	otlp_attr_int(b, "llm.audit.seq", seq);
	buf_puts(b, "]");
	/* An error record is an error span (STATUS_CODE_ERROR), its code the
	 * message; anything else leaves the status unset. */
	const char *status = (const char *)sqlite3_column_text(st, COL_STATUS);
	if (status && !strcmp(status, "error")) {
		buf_puts(b, ",\"status\":{\"code\":2");
		if (sqlite3_column_type(st, COL_ERROR) == SQLITE_TEXT) {
			buf_puts(b, ",\"message\":");
			json_escape(b, (const char *)sqlite3_column_text(st, COL_ERROR),
				    (size_t)sqlite3_column_bytes(st, COL_ERROR));
		}
		buf_putc(b, '}');
	}
	buf_putc(b, '}');
}

static struct otlp *otlp_open(struct audit_cmd *c, struct store *s, unsigned char origin[SIGN_ORIGIN_LEN])
{
	char err[1024], hex[2 * SIGN_ORIGIN_LEN + 1];
	store_origin(s, origin);
	hash_hex(origin, SIGN_ORIGIN_LEN, hex);
	struct buf res = BUF_INIT;
	otlp_attr_str(&res, "service.name", "llm-audit", 9);
	otlp_attr_str(&res, "llm.audit.origin", hex, strlen(hex));
	const char *bo = getenv("LLM_AUDIT_OTLP_BACKOFF_MS"); /* tests: a short first backoff */
	struct otlp *o = otlp_new(c->otlp, res.p, "llm-audit", c->otlp_batch > 0 ? (size_t)c->otlp_batch : OTLP_BATCH_DEFAULT,
				  bo && *bo ? strtol(bo, NULL, 10) : 0, err, sizeof(err));
	buf_release(&res);
	if (!o)
		audit_fail(c, EXITCODE_IO, "%s", err);
	return o;
}

int audit_cmd_export(struct audit_cmd *c)
{
	char err[1024];
	int64_t since, until;
	if (c->otlp && (c->otel || c->output))
		return audit_usage(c, "--otlp sends to a collector: no --otel or --output with it");
	if (c->otlp && strncmp(c->otlp, "http://", 7) && strncmp(c->otlp, "https://", 8))
		return audit_usage(c, "--otlp wants an http:// or https:// URL, not '%s'", c->otlp);
	if (c->otlp_batch && !c->otlp)
		return audit_usage(c, "--otlp-batch belongs to --otlp");
	if (c->otlp_batch < 0 || c->otlp_batch > OTLP_BATCH_MAX)
		return audit_usage(c, "--otlp-batch wants 1..%d", OTLP_BATCH_MAX);
	if (audit_since_until(c, &since, &until) < 0)
		return EXITCODE_USAGE;
	struct store *s = audit_open_store(c, NULL, STORE_READONLY);
	if (!s)
		return EXITCODE_IO;
	sqlite3 *db = (sqlite3 *)store_db(s);
	sqlite3_stmt *st = NULL;
	FILE *out = NULL;
	struct otlp *o = NULL;
	unsigned char origin[SIGN_ORIGIN_LEN];
	int status = EXITCODE_OK;
	struct buf b = BUF_INIT, pl = BUF_INIT;
	struct record r;
	record_init(&r);
	if (sqlite3_prepare_v2(db, EXPORT_SQL, -1, &st, NULL) != SQLITE_OK) {
		status = audit_fail(c, EXITCODE_IO, "export: %s", sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, until);
	if (c->otlp ? !(o = otlp_open(c, s, origin)) : !(out = audit_open_out(c))) {
		status = EXITCODE_IO;
		goto out;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, COL_SEQ);
		int64_t ts = sqlite3_column_int64(st, COL_TS);
		buf_reset(&b);
		if (o) {
			otlp_span(otlp_span_begin(o), st, origin);
			if (otlp_span_end(o, err, sizeof(err)) < 0) {
				status = audit_fail(c, EXITCODE_IO, "%s", err);
				goto out;
			}
			continue;
		}
		if (c->otel) {
			otel_flat(&b, st);
		} else {
			int p = store_payload(s, seq, &pl, err, sizeof(err));
			if (p < 0) {
				status = audit_fail(c, EXITCODE_IO, "%s", err);
				goto out;
			}
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
	if (rc != SQLITE_DONE) {
		status = audit_fail(c, EXITCODE_IO, "export: %s", sqlite3_errmsg(db));
		goto out;
	}
	if (o) {
		if (otlp_flush(o, err, sizeof(err)) < 0) {
			status = audit_fail(c, EXITCODE_IO, "%s", err);
			goto out;
		}
		const struct otlp_stats *os = otlp_stats(o);
		if (os->rejected)
			audit_say(c, AUDIT_SAY_WARNING, 0, "the collector rejected %" PRIu64 " spans", os->rejected);
		fprintf(c->out, "{\"spans\":%" PRIu64 ",\"requests\":%" PRIu64 ",\"retries\":%" PRIu64 ",\"rejected\":%" PRIu64 "}\n",
			os->spans, os->requests, os->retries, os->rejected);
		out = c->out;
	}
	status = audit_close_out(c, out);
	out = NULL;
out:
	if (out && out != c->out)
		fclose(out);
	otlp_free(o);
	sqlite3_finalize(st);
	record_release(&r);
	buf_release(&b);
	buf_release(&pl);
	store_close(s);
	return status;
}
