/*
 * stream: the shared record loop; see stream.h.
 */
#include "core/stream.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/exitcode.h"
#include "core/usage.h"

void stream_open(struct stream *s, const char *tool, const struct args_io *io, enum input_mode mode,
		 const char *const *files, size_t nfiles, struct ndjson_writer *w, int dry)
{
	memset(s, 0, sizeof(*s));
	s->tool = tool;
	s->w = w;
	s->dry = dry;
	input_init(&s->in, mode, files, nfiles, io->max_line, w);
	record_init(&s->r);
	progress_init(&s->pg, dry ? PROGRESS_OFF : progress_mode(io->progress, io->quiet), files, nfiles);
}

int stream_next(struct stream *s)
{
	char err[512];
	int rc;
	while ((rc = input_next(&s->in, &s->rec, err, sizeof(err))) != 0) {
		progress_tick(&s->pg, ++s->lines, input_bytes(&s->in), NULL);
		if (rc < 0) {
			error("%s", err);
			s->status = exitcode_merge(s->status, EXITCODE_IO);
			continue;
		}
		s->src = strcmp(s->rec.source, "-") ? s->rec.source : "stdin";
		s->origin = (struct record_origin){ s->rec.source, s->rec.line, s->rec.full_len };
		char msg[256];
		int ps = s->rec.too_long ? RECORD_TOO_LONG
			 : s->rec.nmembers ? record_adopt(&s->r, s->rec.p, s->rec.n, s->rec.members, s->rec.nmembers)
			 : record_parse(&s->r, s->rec.p, s->rec.n, msg, sizeof(msg));
		if (ps == RECORD_TOO_LONG)
			snprintf(msg, sizeof(msg), "line of %zu bytes exceeds --max-line", s->rec.full_len);
		if (ps == RECORD_OK) {
			if (s->rec.nmembers && s->rec.text_tok) {
				s->r.dec_tok = s->rec.text_tok;
				s->r.dec = s->rec.text;
				s->r.dec_n = s->rec.text_n;
			}
			s->records++;
			return 1;
		}
		if (s->bad++ < STREAM_MAX_WARNINGS && !s->dry)
			warning("%s:%llu: %s", s->src, (unsigned long long)s->rec.line, msg);
		if (s->w) {
			record_write_error(ndjson_buf(s->w), s->rec.p, s->rec.n, s->tool, record_status_code(ps), msg,
					   &s->origin);
			ndjson_end_record(s->w);
		}
		s->status = exitcode_merge(s->status, EXITCODE_BADINPUT);
	}
	return 0;
}

void stream_warn(struct stream *s, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	warning("%s:%llu: %s", s->src ? s->src : "stdin", (unsigned long long)s->rec.line, msg);
}

void stream_finish(struct stream *s)
{
	progress_done(&s->pg);
	if (s->bad > STREAM_MAX_WARNINGS && !s->dry)
		warning("%llu more lines were not records (see their _llm.error)",
			(unsigned long long)(s->bad - STREAM_MAX_WARNINGS));
	if (s->in.io_failed)
		s->status = exitcode_merge(s->status, EXITCODE_IO);
}

void stream_close(struct stream *s)
{
	record_release(&s->r);
	input_release(&s->in);
}
