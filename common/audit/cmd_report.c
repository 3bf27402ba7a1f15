/*
 * cmd_report: `llm-audit report`, the ledger as one self-contained HTML
 * page (report.c draws it from stats and drift; svg.c its charts).
 */
#include "audit/cmd.h"

#include <stdint.h>
#include <string.h>

#include "audit/report.h"
#include "audit/store.h"
#include "core/buf.h"

int audit_cmd_report(struct audit_cmd *c)
{
	char err[1024];
	const char *base = strrchr(c->db, '/');
	struct report_opts ro = { base ? base + 1 : c->db, INT64_MIN, INT64_MAX, 0, 0, 0, 0, 0, store_now_us() };
	if (audit_since_until(c, &ro.since_us, &ro.until_us) < 0)
		return EXITCODE_USAGE;
	if (!c->baseline != !c->window)
		return audit_usage(c, "report: --baseline and --window go together");
	if (c->baseline) {
		ro.drift_ranges = 1;
		if (audit_range_parse(c, c->baseline, "--baseline", &ro.base_lo, &ro.base_hi) < 0 ||
		    audit_range_parse(c, c->window, "--window", &ro.win_lo, &ro.win_hi) < 0)
			return EXITCODE_USAGE;
	}
	struct store *s = audit_open_store(c, NULL, STORE_READONLY);
	if (!s)
		return EXITCODE_IO;
	struct buf b = BUF_INIT;
	int r = report_write(s, &ro, &b, err, sizeof(err));
	store_close(s);
	int status;
	FILE *out = NULL;
	if (r < 0)
		status = audit_fail(c, EXITCODE_IO, "%s", err);
	else if (!(out = audit_open_out(c)))
		status = EXITCODE_IO;
	else {
		fwrite(b.p, 1, b.len, out);
		status = audit_close_out(c, out);
	}
	buf_release(&b);
	return status;
}
