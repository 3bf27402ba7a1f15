/*
 * ndjson: streaming line reader and buffered record writer; see ndjson.h.
 */
#include "core/ndjson.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sigstop.h"

#define READ_CHUNK ((size_t)1 << 20)

int ndjson_reader_open(struct ndjson_reader *r, const char *path, size_t max_line)
{
	memset(r, 0, sizeof(*r));
	r->max_line = max_line ? max_line : NDJSON_DEFAULT_MAX_LINE;
	/* An oversize line keeps a head of NDJSON_TOO_LONG_KEEP bytes, so the
	 * limit can't be below it. */
	if (r->max_line < NDJSON_TOO_LONG_KEEP)
		r->max_line = NDJSON_TOO_LONG_KEEP;
	if (!path || !strcmp(path, "-")) {
		r->fd = 0;
	} else {
		r->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (r->fd < 0)
			return -1;
		r->owns_fd = 1;
	}
	struct stat st;
	r->may_block = !(fstat(r->fd, &st) == 0 && S_ISREG(st.st_mode));
	r->reg_size = r->may_block ? -1 : (int64_t)st.st_size;
	r->cap = READ_CHUNK * 2;
	r->buf = malloc(r->cap);
	if (!r->buf) {
		if (r->owns_fd)
			close(r->fd);
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void ndjson_reader_close(struct ndjson_reader *r)
{
	if (r->owns_fd && r->fd >= 0)
		close(r->fd);
	free(r->buf);
	r->buf = NULL;
	r->fd = -1;
}

/* Reads more bytes after r->end; returns bytes read, 0 at EOF, -1 on error
 * or when a stop signal came while waiting (r->stopped). */
static ssize_t fill(struct ndjson_reader *r)
{
	if (r->flush_before_block)
		ndjson_flush(r->flush_before_block);
	/* A pipe or terminal may keep us waiting: wait where a stop signal
	 * wakes us (a regular file never blocks for long). */
	if (r->may_block) {
		int k = sigstop_wait_readable(r->fd);
		if (k == 0) {
			r->stopped = 1;
			return -1;
		}
		if (k < 0) {
			r->err = errno;
			return -1;
		}
	}
	for (;;) {
		ssize_t k = read(r->fd, r->buf + r->end, r->cap - r->end);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			r->err = errno;
			return -1;
		}
		if (k == 0)
			r->eof = 1;
		r->end += (size_t)k;
		return k;
	}
}

/* Makes room after r->end: compacts, then grows the buffer up to what a
 * max_line line needs. Returns 0, or -1 when the pending line is already
 * over the limit (the caller then skips it). */
static int make_room(struct ndjson_reader *r)
{
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->end - r->pos);
		r->end -= r->pos;
		r->pos = 0;
	}
	if (r->cap - r->end >= READ_CHUNK / 4)
		return 0;
	if (r->end > r->max_line)
		return -1;
	size_t ncap = r->cap * 2;
	if (ncap > r->max_line + READ_CHUNK + 1)
		ncap = r->max_line + READ_CHUNK + 1;
	if (ncap <= r->cap)
		return r->cap - r->end > 0 ? 0 : -1;
	char *nb = realloc(r->buf, ncap);
	if (!nb)
		return -1;
	r->buf = nb;
	r->cap = ncap;
	return 0;
}

static void strip_cr(struct ndjson_line *line)
{
	if (line->n && line->p[line->n - 1] == '\r') {
		line->n--;
		line->full_len--;
	}
}

/* The pending line exceeds max_line: keep its head, discard to the newline. */
static int skip_long_line(struct ndjson_reader *r, struct ndjson_line *line)
{
	size_t total = r->end - r->pos;
	size_t keep = total < NDJSON_TOO_LONG_KEEP ? total : NDJSON_TOO_LONG_KEEP;
	/* Keep the head at the front of the buffer; reuse the rest for reading. */
	if (r->pos) {
		memmove(r->buf, r->buf + r->pos, keep);
		r->pos = 0;
	}
	r->end = keep;
	for (;;) {
		ssize_t k = fill(r);
		if (k < 0)
			return r->stopped ? 0 : -1;
		char *nl = memchr(r->buf + keep, '\n', r->end - keep);
		if (nl) {
			total += (size_t)(nl - (r->buf + keep));
			r->bytes += total + 1;
			/* Move what follows the newline right after the head, so the
			 * next call sees it; the head stays valid for this line. */
			size_t rest = r->end - (size_t)(nl + 1 - r->buf);
			memmove(r->buf + keep, nl + 1, rest);
			r->pos = keep;
			r->end = keep + rest;
			break;
		}
		total += r->end - keep;
		r->end = keep;
		if (k == 0) {
			r->bytes += total;
			r->pos = keep;
			break;
		}
	}
	r->lineno++;
	line->p = r->buf;
	line->n = keep;
	line->full_len = total;
	line->too_long = 1;
	return 1;
}

int ndjson_read(struct ndjson_reader *r, struct ndjson_line *line)
{
	if (r->stopped)
		return 0;
	size_t scanned = r->pos;
	for (;;) {
		char *nl = memchr(r->buf + scanned, '\n', r->end - scanned);
		if (nl) {
			line->p = r->buf + r->pos;
			line->n = line->full_len = (size_t)(nl - line->p);
			line->too_long = 0;
			r->bytes += line->n + 1;
			r->pos = (size_t)(nl + 1 - r->buf);
			r->lineno++;
			if (line->n > r->max_line) {
				/* Whole line fit in the buffer but is over the limit. */
				line->full_len = line->n;
				line->n = NDJSON_TOO_LONG_KEEP;
				line->too_long = 1;
				return 1;
			}
			strip_cr(line);
			return 1;
		}
		if (r->eof) {
			if (r->pos == r->end)
				return 0;
			/* A last line without a newline. */
			line->p = r->buf + r->pos;
			line->n = line->full_len = r->end - r->pos;
			line->too_long = 0;
			r->bytes += line->n;
			r->pos = r->end;
			r->lineno++;
			if (line->n > r->max_line) {
				line->n = NDJSON_TOO_LONG_KEEP;
				line->too_long = 1;
				return 1;
			}
			strip_cr(line);
			return 1;
		}
		size_t pending = r->end - r->pos;
		if (pending > r->max_line)
			return skip_long_line(r, line);
		if (make_room(r) < 0)
			return skip_long_line(r, line);
		scanned = r->end; /* bytes before end hold no newline */
		if (fill(r) < 0)
			return r->stopped ? 0 : -1;
		/* compaction moved the pending bytes to the front */
		if (scanned > r->end)
			scanned = r->pos;
	}
}

int ndjson_writer_open(struct ndjson_writer *w, const char *path)
{
	memset(w, 0, sizeof(*w));
	buf_init(&w->b);
	w->flush_at = (size_t)256 << 10;
	if (!path || !strcmp(path, "-")) {
		w->fd = 1;
	} else {
		w->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (w->fd < 0)
			return -1;
		w->owns_fd = 1;
	}
	buf_grow(&w->b, w->flush_at + 4096);
	return 0;
}

/* A write failed after off bytes of the buffer went out: when those end
 * inside a line and the output is a regular file, cut the file back to the
 * last whole line, so what was written is whole records only. */
static void trim_partial(struct ndjson_writer *w, size_t off)
{
	size_t whole = off;
	while (whole && w->b.p[whole - 1] != '\n')
		whole--;
	if (whole == off)
		return;
	struct stat st;
	off_t pos;
	if (fstat(w->fd, &st) < 0 || !S_ISREG(st.st_mode) || (pos = lseek(w->fd, 0, SEEK_CUR)) < 0 ||
	    pos < (off_t)(off - whole))
		return;
	if (ftruncate(w->fd, pos - (off_t)(off - whole)) == 0)
		lseek(w->fd, pos - (off_t)(off - whole), SEEK_SET);
}

int ndjson_flush(struct ndjson_writer *w)
{
	size_t off = 0;
	if (w->pre_flush && w->b.len)
		w->pre_flush(w->pre_flush_ctx);
	/* The buffer holds whole lines only (records are ended before any
	 * flush), and a short write is resumed where it stopped, so a signal
	 * landing mid-write cannot cut a line. */
	while (off < w->b.len && !w->err) {
		ssize_t k = write(w->fd, w->b.p + off, w->b.len - off);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			w->err = errno;
			break;
		}
		off += (size_t)k;
	}
	if (w->err && off)
		trim_partial(w, off);
	if (!w->err)
		w->written += w->records - w->flushed_records;
	w->flushed_records = w->records;
	buf_reset(&w->b);
	return w->err ? -1 : 0;
}

void ndjson_end_record(struct ndjson_writer *w)
{
	buf_putc(&w->b, '\n');
	w->records++;
	if (w->b.len >= w->flush_at)
		ndjson_flush(w);
}

void ndjson_write_record(struct ndjson_writer *w, const char *p, size_t n)
{
	buf_put(&w->b, p, n);
	ndjson_end_record(w);
}

int ndjson_writer_close(struct ndjson_writer *w)
{
	ndjson_flush(w);
	if (w->owns_fd && close(w->fd) < 0 && !w->err)
		w->err = errno;
	buf_release(&w->b);
	return w->err ? -1 : 0;
}
