/*
 * cmd: what llm-audit's subcommands share (cmd.h): passing messages to
 * the caller, the -o file, opening the ledger, and reading TIME and RANGE.
 */
#include "audit/cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "audit/store.h"
#include "core/exitcode.h"

int audit_say(struct audit_cmd *c, enum audit_say level, int code, const char *fmt, ...)
{
	char msg[1280];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->say)
		c->say(c->say_ctx, level, msg);
	return code;
}

FILE *audit_open_out(struct audit_cmd *c)
{
	if (!c->output || !strcmp(c->output, "-"))
		return c->out;
	/* 0600 from creation, like the ledger: an export holds its payloads. */
	mode_t old = umask(077);
	FILE *f = fopen(c->output, "w");
	umask(old);
	if (!f)
		audit_fail(c, EXITCODE_IO, "cannot open '%s' for writing: %s", c->output, strerror(errno));
	return f;
}

int audit_close_out(struct audit_cmd *c, FILE *f)
{
	if (!f)
		return EXITCODE_OK;
	int bad = fflush(f) || ferror(f);
	if (f != c->out && fclose(f))
		bad = 1;
	if (bad)
		return audit_fail(c, EXITCODE_IO, "cannot write %s: %s", f == c->out ? "stdout" : c->output,
				  strerror(errno));
	return EXITCODE_OK;
}

struct store *audit_open_store(struct audit_cmd *c, const char *path, int flags)
{
	char err[1024];
	struct store *s = store_open(path ? path : c->db, flags, err, sizeof(err));
	if (!s)
		audit_fail(c, EXITCODE_IO, "%s", err);
	return s;
}

int audit_time_parse(const char *s, int64_t *us)
{
	char *end;
	if (!s || !*s)
		return -1;
	if (s[0] == '@') {
		long long v = strtoll(s + 1, &end, 10);
		if (end != s + 1 && !*end && v >= 0 && v < 100000000000LL)
			return *us = (int64_t)v * 1000000, 0;
	} else if (s[0] >= '0' && s[0] <= '9' && (strchr(s, 'd') || strchr(s, 'h')) && !strchr(s, '-')) {
		long v = strtol(s, &end, 10);
		if ((*end == 'd' || *end == 'h') && !end[1] && v >= 0 && v < 1000000)
			return *us = store_now_us() - (int64_t)v * (*end == 'd' ? 86400 : 3600) * 1000000, 0;
	} else {
		struct tm tm;
		memset(&tm, 0, sizeof(tm));
		const char *p = strptime(s, "%Y-%m-%d", &tm);
		if (p && (*p == 'T' || *p == ' '))
			p = strptime(p + 1, "%H:%M", &tm), p = p && *p == ':' ? strptime(p + 1, "%S", &tm) : p;
		if (p && *p == 'Z')
			p++;
		if (p && !*p)
			return *us = (int64_t)timegm(&tm) * 1000000, 0;
	}
	return -1;
}

static int time_opt(struct audit_cmd *c, const char *s, const char *opt, int64_t *us)
{
	if (audit_time_parse(s, us) < 0) {
		audit_usage(c, "%s: cannot read the time '%s'", opt, s);
		return -1;
	}
	return 0;
}

int audit_range_parse(struct audit_cmd *c, const char *s, const char *opt, int64_t *lo, int64_t *hi)
{
	const char *dots = s ? strstr(s, "..") : NULL;
	if (!dots) {
		audit_usage(c, "%s wants TIME..TIME (e.g. 14d..7d or 2026-11-01..2026-11-08)", opt);
		return -1;
	}
	char a[128];
	if ((size_t)(dots - s) >= sizeof(a)) {
		audit_usage(c, "%s: cannot read the time '%.*s'", opt, (int)(dots - s), s);
		return -1;
	}
	memcpy(a, s, (size_t)(dots - s));
	a[dots - s] = '\0';
	*lo = INT64_MIN;
	*hi = INT64_MAX;
	if ((*a && time_opt(c, a, opt, lo)) || (dots[2] && time_opt(c, dots + 2, opt, hi)))
		return -1;
	if (*lo >= *hi) {
		audit_usage(c, "%s: the range '%s' is empty", opt, s);
		return -1;
	}
	return 0;
}

int audit_since_until(struct audit_cmd *c, int64_t *since, int64_t *until)
{
	*since = INT64_MIN;
	*until = INT64_MAX;
	if ((c->since && time_opt(c, c->since, "--since", since)) || (c->until && time_opt(c, c->until, "--until", until)))
		return -1;
	return 0;
}

int audit_threads(struct audit_cmd *c)
{
	if (c->threads < 0 || c->threads > 64) {
		audit_usage(c, "--threads wants 1..64");
		return -1;
	}
	return (int)c->threads;
}
