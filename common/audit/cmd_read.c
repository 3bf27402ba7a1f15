/*
 * cmd_read: the subcommands that read what the ledger says: stats, drift
 * and export (the records as NDJSON; --otel: one flat object per record
 * named by the OpenTelemetry GenAI conventions).
 */
#include "audit/cmd.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/drift.h"
#include "audit/stats.h"
#include "audit/store.h"
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
enum { COL_SEQ, COL_TS };

/* One attribute per column, named by the GenAI semantic conventions (and
 * llm.* for the toolkit's own): what --otel writes. */
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

int audit_cmd_export(struct audit_cmd *c)
{
	char err[1024];
	int64_t since, until;
	if (audit_since_until(c, &since, &until) < 0)
		return EXITCODE_USAGE;
	struct store *s = audit_open_store(c, NULL, STORE_READONLY);
	if (!s)
		return EXITCODE_IO;
	sqlite3 *db = (sqlite3 *)store_db(s);
	sqlite3_stmt *st = NULL;
	FILE *out = NULL;
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
	if (!(out = audit_open_out(c))) {
		status = EXITCODE_IO;
		goto out;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, COL_SEQ);
		int64_t ts = sqlite3_column_int64(st, COL_TS);
		buf_reset(&b);
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
	status = audit_close_out(c, out);
	out = NULL;
out:
	if (out && out != c->out)
		fclose(out);
	sqlite3_finalize(st);
	record_release(&r);
	buf_release(&b);
	buf_release(&pl);
	store_close(s);
	return status;
}
