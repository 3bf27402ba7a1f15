/*
 * stream: the record loop every record-processing binary runs, once.
 *
 * Reads the inputs (input.h), parses each line (record.h), and handles
 * what the contract says about lines that are not records: each becomes an
 * error record in place (order kept), the first few are named on stderr,
 * and the exit status says bad input was seen. It also keeps the progress
 * line. The caller sees only records that parsed, and decides what to do
 * with each.
 */
#ifndef LLM_STREAM_H
#define LLM_STREAM_H

#include <stdint.h>

#include "core/args.h"
#include "core/input.h"
#include "core/ndjson.h"
#include "core/progress.h"
#include "core/record.h"

#define STREAM_MAX_WARNINGS 20

struct stream {
	const char *tool;           /* "classify", "route", ... for error records */
	struct ndjson_writer *w;    /* where error records go; NULL: only counted */
	struct input in;
	struct input_rec rec;       /* the current line */
	struct record r;            /* the current record */
	struct record_origin origin;/* where it came from */
	const char *src;            /* its file, "stdin" for standard input */
	struct progress pg;
	uint64_t lines, records, bad;
	int status;                 /* exit status so far: I/O errors, bad input */
	int dry;
};

/* Starts reading files (none: stdin) as io and mode say. dry: a first
 * pass that will be repeated (llm-route --max-cost), so no progress line and
 * no warnings. */
void stream_open(struct stream *s, const char *tool, const struct args_io *io, enum input_mode mode,
		 const char *const *files, size_t nfiles, struct ndjson_writer *w, int dry);
/* The next record that parsed (s->r, s->rec, s->origin): 1, or 0 at the end. */
int stream_next(struct stream *s);
/* "file:line: message" as a warning about the current record. */
void stream_warn(struct stream *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Ends the progress line and says how many bad lines went unnamed. */
void stream_finish(struct stream *s);
void stream_close(struct stream *s);

#endif
