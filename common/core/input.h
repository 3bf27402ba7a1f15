/*
 * input: where records come from. Every binary reads NDJSON from its file
 * arguments or stdin; for document dumps, --raw-lines turns each text line
 * into {"source", "line", "text"} and --raw-files turns each named file into
 * one {"source", "text"} record. Callers see one stream of records, each with
 * the file and line it came from, so error records can name them.
 */
#ifndef LLM_INPUT_H
#define LLM_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/json.h"
#include "core/ndjson.h"

enum input_mode {
	INPUT_NDJSON,
	INPUT_RAW_LINES,
	INPUT_RAW_FILES,
};

struct input {
	enum input_mode mode;
	const char *const *files; /* NULL-free list; empty means stdin */
	size_t nfiles, next;
	size_t max_line;
	struct ndjson_reader r;
	int reading;
	struct buf synth;          /* the record built in raw modes */
	struct buf head;           /* its start, the same for a whole file */
	struct buf whole;          /* --raw-files: a file read in one go */
	size_t *starts;            /* --raw-files: where each line of the text
	                              starts, decoded offsets (input_line_at) */
	size_t nstarts, astarts;
	struct ndjson_writer *flush_before_block;
	const char *source;        /* current file, "-" for stdin */
	uint64_t bytes_done;       /* bytes of finished files */
	int io_failed;             /* some file could not be opened or read */
};

struct input_rec {
	const char *p;
	size_t n;
	uint64_t line;      /* 1-based line within source (0 in --raw-files mode) */
	const char *source; /* file name, "-" for stdin */
	int too_long;       /* over max_line: p holds only the head */
	size_t full_len;
	size_t replaced;    /* raw modes: invalid UTF-8 bytes replaced by U+FFFD */
	size_t text_len;    /* --raw-files: length of the decoded text */
	/* Raw modes: the record's members, pointing into p (record_adopt());
	 * nmembers is 0 for NDJSON input, which must be scanned. */
	struct json_member members[3];
	size_t nmembers;
	/* Raw modes: "text"'s decoded value when it is at hand (record.h's
	 * dec_tok); text_tok NULL when not. */
	const char *text_tok, *text;
	size_t text_n;
};

void input_init(struct input *in, enum input_mode mode, const char *const *files,
		size_t nfiles, size_t max_line, struct ndjson_writer *flush);
/* Returns 1 with a record, 0 at the end of all input, or once a stop
 * signal was caught (sigstop.h): the record loop then ends the ordinary
 * way, after the current record. A file that cannot be
 * opened or read is reported in err (errlen bytes) with -1; the caller
 * reports it and calls again to go on with the next file. */
int input_next(struct input *in, struct input_rec *rec, char *err, size_t errlen);
void input_release(struct input *in);
/* --raw-files: the 1-based line of byte off of the last record's decoded
 * text (off at most its length), from the line starts noted while it was
 * read: SARIF's startLine without reading the text again. */
uint64_t input_line_at(const struct input *in, size_t off);
/* Bytes consumed so far, for progress and benchmarks. */
uint64_t input_bytes(const struct input *in);

#endif
