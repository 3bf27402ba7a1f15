/*
 * input: NDJSON and plain-text input modes over a list of files; see input.h.
 */
#include "core/input.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	buf_init(&in->head);
	buf_init(&in->whole);
}

void input_release(struct input *in)
{
	if (in->reading)
		ndjson_reader_close(&in->r);
	in->reading = 0;
	buf_release(&in->synth);
	buf_release(&in->head);
	buf_release(&in->whole);
	free(in->starts);
	in->starts = NULL;
	in->nstarts = in->astarts = 0;
}

uint64_t input_line_at(const struct input *in, size_t off)
{
	/* the number of lines starting at or before off */
	size_t lo = 0, hi = in->nstarts;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (in->starts[mid] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo : 1;
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
	/* The raw modes' records of one file all start the same way: escape
	 * the name once, not once a line. */
	buf_reset(&in->head);
	buf_puts(&in->head, "{\"source\":");
	json_escape(&in->head, path, strlen(path));
	buf_puts(&in->head, in->mode == INPUT_RAW_FILES ? ",\"text\":" : ",\"line\":");
	return 0;
}

static void finish_file(struct input *in)
{
	in->bytes_done += in->r.bytes;
	ndjson_reader_close(&in->r);
	in->reading = 0;
}

/* The members of a record built here, as record_adopt() takes them: the
 * record is valid JSON by construction (json_escape() replaces invalid
 * UTF-8), so the stream need not scan it again. v0 and v1 are the offsets
 * of the second and third member's keys in the synthesized record. */
static void synth_members(struct input *in, struct input_rec *rec, size_t k1, size_t k2)
{
	const char *p = in->synth.p;
	struct json_member *m = rec->members;
	size_t n = 0;
	m[n].key = (struct json_span){ p + 1, 8, JSON_STRING };
	m[n].val = (struct json_span){ p + 10, k1 - 1 - 10, JSON_STRING };
	n++;
	if (k2) {
		/* --raw-lines: "line", then "text" */
		m[n].key = (struct json_span){ p + k1, 6, JSON_STRING };
		m[n].val = (struct json_span){ p + k1 + 7, k2 - 1 - (k1 + 7), JSON_NUMBER };
		n++;
		k1 = k2;
	}
	m[n].key = (struct json_span){ p + k1, 6, JSON_STRING };
	m[n].val = (struct json_span){ p + k1 + 7, in->synth.len - 1 - (k1 + 7), JSON_STRING };
	n++;
	rec->nmembers = n;
}

/* --raw-files: one line of the text, as read (no newline, one "\r" before
 * it stripped), escaped into the record with "\n" after it, its start
 * noted for input_line_at(). */
struct raw_text {
	size_t total, tlen, replaced, dlen;
	int too_long;
	size_t plain; /* whole_text(): the text is in->whole's first plain bytes as they are (0: not) */
};

static void note_start(struct input *in, size_t at)
{
	if (in->nstarts == in->astarts) {
		size_t na = in->astarts ? in->astarts * 2 : 256;
		size_t *v = realloc(in->starts, na * sizeof(*v));
		if (!v)
			abort();
		in->starts = v;
		in->astarts = na;
	}
	in->starts[in->nstarts++] = at;
}

static void add_line(struct input *in, struct raw_text *t, const char *p, size_t n)
{
	t->tlen += n + 1;
	size_t r = json_escape_body(&in->synth, p, n);
	t->replaced += r;
	/* where the line starts in the text as decoded (U+FFFD is 3
	 * bytes where it stands for 1) */
	note_start(in, t->dlen);
	t->dlen += n + 2 * r + 1;
	buf_put(&in->synth, "\\n", 2);
}

/* The file's bytes, read in one go when it is a regular file whose text
 * is sure to be under max_line (nearly every file): into in->whole, with
 * 1. Returns 0 when it must be read line by line instead (not a regular
 * file, too long, it grew past the limit while read), -1 on a read error. */
static int read_whole(struct input *in, char *err, size_t errlen)
{
	int fd = in->r.fd;
	if (in->r.may_block || in->r.reg_size < 0)
		return 0;
	/* A file opened here is read from its start, at the size the open
	 * saw; stdin may be a file read partly. */
	off_t at = in->r.owns_fd ? 0 : lseek(fd, 0, SEEK_CUR), size = (off_t)in->r.reg_size;
	if (at < 0 || size < at || (uint64_t)(size - at) + 1 >= in->max_line)
		return 0;
	/* room for the size fstat() gave and one byte more, so a file that
	 * grew (or one that says 0, as /proc's do) is read on to its end */
	struct buf *b = &in->whole;
	buf_reset(b);
	buf_grow(b, (size_t)(size - at) + 1);
	for (;;) {
		if (b->len + 1 >= b->cap) {
			/* full: twice the room (it keeps what was read), up
			 * to the limit */
			size_t more = in->max_line - b->len;
			buf_grow(b, b->len < more ? b->len : more);
		}
		size_t room = b->cap - 1 - b->len;
		if (room > in->max_line - b->len)
			room = in->max_line - b->len;
		ssize_t k = read(fd, b->p + b->len, room);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			snprintf(err, errlen, "cannot read '%s': %s", in->source, strerror(errno));
			return -1;
		}
		if (k == 0)
			break;
		b->len += (size_t)k;
		if (b->len + 1 >= in->max_line) {
			/* too long after all: start again, line by line */
			if (lseek(fd, at, SEEK_SET) < 0) {
				snprintf(err, errlen, "cannot read '%s': %s", in->source, strerror(errno));
				return -1;
			}
			return 0;
		}
	}
	size_t got = b->len;
	in->r.bytes = got;
	in->r.eof = 1;
	return 1;
}

/* The text of a file read whole: its lines as ndjson_read() would have
 * returned them. Without "\r" (the reader strips one before each newline)
 * the text is the bytes less a last newline, escaped in one pass; the line
 * starts are then where the bytes' lines start, unless invalid UTF-8 was
 * replaced (U+FFFD is 3 bytes for 1), when it is done again line by line. */
static void whole_text(struct input *in, struct raw_text *t)
{
	const char *s = in->whole.p, *end = s + in->whole.len;
	size_t len = in->whole.len, body = len && s[len - 1] == '\n' ? len - 1 : len;
	size_t mark = in->synth.len;
	if (len && !memchr(s, '\r', len)) {
		size_t r = json_escape_body(&in->synth, s, body);
		if (!r) {
			/* one line a newline, and a last one without */
			for (const char *p = s; p < end;) {
				note_start(in, (size_t)(p - s));
				const char *nl = memchr(p, '\n', (size_t)(end - p));
				p = nl ? nl + 1 : end;
			}
			t->total = t->tlen = t->dlen = len + (body == len);
			t->plain = body;
			return;
		}
		buf_truncate(&in->synth, mark);
		in->nstarts = 0;
	}
	for (const char *p = s; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		if (n && p[n - 1] == '\r')
			n--;
		t->total += n + 1;
		add_line(in, t, p, n);
		p = nl ? nl + 1 : end;
	}
	/* the newline after the last line is not part of the text */
	if (t->tlen)
		buf_truncate(&in->synth, in->synth.len - 2);
}

/* --raw-files: the whole file is one record; its text is bounded by max_line. */
static int next_raw_file(struct input *in, struct input_rec *rec, char *err, size_t errlen)
{
	struct raw_text t = { 0 };
	in->nstarts = 0;
	buf_reset(&in->synth);
	buf_put(&in->synth, in->head.p, in->head.len);
	buf_putc(&in->synth, '"');
	int whole = read_whole(in, err, errlen);
	if (whole < 0) {
		in->io_failed = 1;
		finish_file(in);
		return -1;
	}
	if (whole) {
		whole_text(in, &t);
	} else {
		/* Read line by line, keeping the newlines: the reader already
		 * bounds memory and handles a last line without a newline. */
		struct ndjson_line line;
		int rc;
		while ((rc = ndjson_read(&in->r, &line)) == 1) {
			t.total += line.full_len + 1;
			if (line.too_long || t.tlen + line.n + 1 > in->max_line) {
				t.too_long = 1;
				continue;
			}
			add_line(in, &t, line.p, line.n);
		}
		if (rc < 0) {
			snprintf(err, errlen, "cannot read '%s': %s", in->source, strerror(in->r.err));
			in->io_failed = 1;
			finish_file(in);
			return -1;
		}
		/* The reader strips one "\r" before each "\n"; a file's exact
		 * bytes are not needed for analysis, but its last newline is
		 * part of the text only when the file had one, which the reader
		 * can't tell us cheaply: trailing newlines don't change any
		 * finding, so drop the last one. */
		if (t.tlen)
			buf_truncate(&in->synth, in->synth.len - 2);
	}
	buf_puts(&in->synth, "\"}");
	rec->replaced = t.replaced;
	rec->text_len = t.dlen ? t.dlen - 1 : 0;
	rec->p = in->synth.p;
	rec->n = in->synth.len;
	rec->line = 0;
	rec->source = in->source;
	rec->too_long = t.too_long;
	rec->full_len = t.total;
	synth_members(in, rec, in->head.len - 7, 0);
	rec->text_tok = NULL;
	if (t.plain) {
		/* the text as decoded is the file's bytes (still in in->whole) */
		rec->text_tok = rec->members[rec->nmembers - 1].val.p;
		rec->text = in->whole.p;
		rec->text_n = t.plain;
	}
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
		rec->nmembers = 0;
		rec->text_tok = NULL;
		if (in->mode == INPUT_NDJSON || line.too_long) {
			rec->p = line.p;
			rec->n = line.n;
			return 1;
		}
		char num[32], *d = num + sizeof(num);
		uint64_t v = rec->line;
		do
			*--d = (char)('0' + v % 10);
		while ((v /= 10));
		buf_reset(&in->synth);
		buf_grow(&in->synth, in->head.len + (size_t)(num + sizeof(num) - d) + line.n + 16);
		buf_put(&in->synth, in->head.p, in->head.len);
		buf_put(&in->synth, d, (size_t)(num + sizeof(num) - d));
		size_t k2 = in->synth.len + 1;
		buf_puts(&in->synth, ",\"text\":");
		rec->replaced = json_escape(&in->synth, line.p, line.n);
		buf_putc(&in->synth, '}');
		rec->p = in->synth.p;
		rec->n = in->synth.len;
		synth_members(in, rec, in->head.len - 7, k2);
		if (!rec->replaced && line.n) {
			/* valid UTF-8: the text decodes to the line's bytes, which
			 * stay in the reader's buffer until the next read */
			rec->text_tok = rec->members[rec->nmembers - 1].val.p;
			rec->text = line.p;
			rec->text_n = line.n;
		}
		return 1;
	}
}
