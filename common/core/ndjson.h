/*
 * ndjson: line-at-a-time reading and buffered writing of NDJSON streams.
 *
 * The reader hands out one line at a time (without its "\n" or "\r\n"),
 * pointing into its own buffer: lines of any length up to max_line, a last
 * line without a newline, constant memory per record. A line longer than
 * max_line is not cut silently: the reader keeps its first bytes, skips the
 * rest, and reports the full length so the caller can emit an error record.
 *
 * The writer buffers and flushes (a) when its buffer passes a threshold and
 * (b) just before the reader would block waiting for input. So a record is
 * never held back while the tool waits, yet a file-to-file run makes few
 * large writes; this replaces a flush per record on pipes, which costs a
 * system call per line.
 *
 * Only whole lines are written: the buffer holds ended records only when
 * it is flushed, a short or interrupted write is resumed, and when a
 * write fails part-way into a regular file the file is cut back to its
 * last whole line.
 */
#ifndef LLM_NDJSON_H
#define LLM_NDJSON_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define NDJSON_DEFAULT_MAX_LINE ((size_t)256 << 20) /* 256 MiB */
#define NDJSON_TOO_LONG_KEEP ((size_t)4096)          /* head kept of an oversize line */
#define NDJSON_MIN_MAX_LINE 4096                     /* least --max-line: the head an error record keeps */

struct ndjson_writer;

struct ndjson_reader {
	int fd;
	int owns_fd;
	char *buf;
	size_t cap, pos, end;
	size_t max_line;
	uint64_t lineno;   /* 1-based number of the line last returned */
	uint64_t bytes;    /* bytes consumed so far */
	int eof;
	int err;           /* errno of a failed read, 0 if none */
	int may_block;     /* not a regular file: reads may wait */
	int64_t reg_size;  /* a regular file: its size when opened, else -1 */
	int stopped;       /* a stop signal came while waiting (sigstop.h): end of input */
	struct ndjson_writer *flush_before_block; /* may be NULL */
};

struct ndjson_line {
	const char *p;
	size_t n;          /* bytes in p (the kept head when too_long) */
	size_t full_len;   /* length of the whole line */
	int too_long;      /* the line exceeded max_line; p holds its head */
};

/* path NULL or "-" reads stdin. Returns 0, or -1 with errno set. */
int ndjson_reader_open(struct ndjson_reader *r, const char *path, size_t max_line);
void ndjson_reader_close(struct ndjson_reader *r);
/* Returns 1 with a line, 0 at end of input (or once a stop signal came
 * while waiting for input: r->stopped), -1 on a read error (r->err). */
int ndjson_read(struct ndjson_reader *r, struct ndjson_line *line);

struct ndjson_writer {
	int fd;
	int owns_fd;
	struct buf b;
	size_t flush_at;
	int err;           /* errno of the first failed write, 0 if none */
	uint64_t records;  /* records ended */
	uint64_t written;  /* records whose line reached the output whole */
	uint64_t flushed_records; /* records handed to write() so far */
	/* Called before buffered records leave the process, e.g. to commit
	 * state they refer to (llm-filter's vault batch). May be NULL. */
	void (*pre_flush)(void *ctx);
	void *pre_flush_ctx;
};

/* path NULL or "-" writes stdout. Returns 0, or -1 with errno set. */
int ndjson_writer_open(struct ndjson_writer *w, const char *path);
/* Appends one complete record (no newline) and its newline. */
void ndjson_write_record(struct ndjson_writer *w, const char *p, size_t n);
/* The buffer itself, for callers that build the record in place; finish
 * with ndjson_end_record(). */
static inline struct buf *ndjson_buf(struct ndjson_writer *w) { return &w->b; }
void ndjson_end_record(struct ndjson_writer *w);
/* Returns 0, or -1 with w->err set. */
int ndjson_flush(struct ndjson_writer *w);
/* Flushes and closes; returns 0 or -1 (w->err). */
int ndjson_writer_close(struct ndjson_writer *w);

#endif
