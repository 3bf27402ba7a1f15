/*
 * input: NDJSON and plain-text input modes over a list of files; see input.h.
 */
#include "core/input.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "core/sigstop.h"

void input_init(struct input *in, enum input_mode mode, const char *const *files,
		size_t nfiles, size_t max_line, struct ndjson_writer *flush)
{
	static const char *const stdin_only[] = { "-" };
	memset(in, 0, sizeof(*in));
	in->mode = mode;
	in->files = nfiles ? files : stdin_only;
	in->nfiles = nfiles ? nfiles : 1;
	in->max_line = max_line ? max_line : NDJSON_DEFAULT_MAX_LINE;
	in->flush_before_block = flush;
	buf_init(&in->synth);
}

void input_release(struct input *in)
{
	if (in->reading)
		ndjson_reader_close(&in->r);
	in->reading = 0;
	buf_release(&in->synth);
}

uint64_t input_bytes(const struct input *in)
{
	return in->bytes_done + (in->reading ? in->r.bytes : 0);
}

static int open_next(struct input *in, char *err, size_t errlen)
{
	const char *path = in->files[in->next++];
	in->source = path;
	if (ndjson_reader_open(&in->r, path, in->max_line) < 0) {
		snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
		in->io_failed = 1;
		return -1;
	}
	in->r.flush_before_block = in->flush_before_block;
	in->reading = 1;
	return 0;
}

static void finish_file(struct input *in)
{
	in->bytes_done += in->r.bytes;
	ndjson_reader_close(&in->r);
	in->reading = 0;
}

/* --raw-files: the whole file is one record; its text is bounded by max_line. */
static int next_raw_file(struct input *in, struct input_rec *rec, char *err, size_t errlen)
{
	struct buf text = BUF_INIT;
	struct ndjson_line line;
	int rc, too_long = 0;
	size_t total = 0;
	/* Read line by line, keeping the newlines: the reader already bounds
	 * memory and handles a last line without a newline. */
	while ((rc = ndjson_read(&in->r, &line)) == 1) {
		total += line.full_len + 1;
		if (line.too_long || text.len + line.n + 1 > in->max_line) {
			too_long = 1;
			continue;
		}
		buf_put(&text, line.p, line.n);
		buf_putc(&text, '\n');
	}
	if (rc < 0) {
		snprintf(err, errlen, "cannot read '%s': %s", in->source, strerror(in->r.err));
		in->io_failed = 1;
		buf_release(&text);
		finish_file(in);
		return -1;
	}
	/* The reader strips one "\r" before each "\n"; a file's exact bytes are
	 * not needed for analysis, but its last newline is part of the text
	 * only when the file had one, which the reader can't tell us cheaply:
	 * trailing newlines don't change any finding, so drop the last one. */
	if (text.len)
		buf_truncate(&text, text.len - 1);
	buf_reset(&in->synth);
	buf_puts(&in->synth, "{\"source\":");
	json_escape(&in->synth, in->source, strlen(in->source));
	buf_puts(&in->synth, ",\"text\":");
	rec->replaced = json_escape(&in->synth, text.p ? text.p : "", text.len);
	buf_putc(&in->synth, '}');
	buf_release(&text);
	rec->p = in->synth.p;
	rec->n = in->synth.len;
	rec->line = 0;
	rec->source = in->source;
	rec->too_long = too_long;
	rec->full_len = total;
	finish_file(in);
	return 1;
}

int input_next(struct input *in, struct input_rec *rec, char *err, size_t errlen)
{
	for (;;) {
		/* A stop signal ends the input between records (sigstop.h). */
		if (sigstop_requested())
			return 0;
		if (!in->reading) {
			if (in->next >= in->nfiles)
				return 0;
			if (open_next(in, err, errlen) < 0)
				return -1;
		}
		if (in->mode == INPUT_RAW_FILES)
			return next_raw_file(in, rec, err, errlen);

		struct ndjson_line line;
		int rc = ndjson_read(&in->r, &line);
		if (rc < 0) {
			snprintf(err, errlen, "cannot read '%s': %s", in->source, strerror(in->r.err));
			in->io_failed = 1;
			finish_file(in);
			return -1;
		}
		if (rc == 0) {
			finish_file(in);
			continue;
		}
		rec->line = in->r.lineno;
		rec->source = in->source;
		rec->too_long = line.too_long;
		rec->full_len = line.full_len;
		rec->replaced = 0;
		if (in->mode == INPUT_NDJSON || line.too_long) {
			rec->p = line.p;
			rec->n = line.n;
			return 1;
		}
		buf_reset(&in->synth);
		buf_puts(&in->synth, "{\"source\":");
		json_escape(&in->synth, in->source, strlen(in->source));
		buf_printf(&in->synth, ",\"line\":%llu,\"text\":", (unsigned long long)rec->line);
		rec->replaced = json_escape(&in->synth, line.p, line.n);
		buf_putc(&in->synth, '}');
		rec->p = in->synth.p;
		rec->n = in->synth.len;
		return 1;
	}
}
