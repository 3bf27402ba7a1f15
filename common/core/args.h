/*
 * args: the one table-driven option parser all binaries share.
 *
 * A binary describes its options in a table; args_parse() handles long
 * (--name, --name=value) and short (-o FILE, -oFILE, bundled flags) forms,
 * "--", --help (generated from the table, to stdout, exit 0) and --version.
 * A usage error prints a short usage to stderr and exits 2. Because --help
 * is generated from the same table the parser reads, the two cannot drift;
 * a test keeps the man pages in line with --help.
 *
 * The options every record-processing binary shares (-o, --field,
 * --raw-lines, --raw-files, --max-line) come from ARGS_IO_OPTIONS.
 */
#ifndef LLM_ARGS_H
#define LLM_ARGS_H

#include <stddef.h>

#include "core/input.h"

enum args_kind {
	ARGS_END = 0,
	ARGS_FLAG,    /* int *: set to 1 */
	ARGS_STRING,  /* const char **: the value */
	ARGS_LIST,    /* struct args_list *: each use appends a value */
	ARGS_INT,     /* long *: a decimal integer */
	ARGS_SIZE,    /* size_t *: bytes, with optional K/M/G suffix */
	ARGS_DOUBLE,  /* double * */
	ARGS_CHOICE,  /* const char **: one of choices ("a|b|c") */
	ARGS_CONST,   /* int *: set to ival */
};

struct args_list {
	const char **v;
	size_t n;
};

struct args_opt {
	const char *name;    /* long name, without "--" */
	char short_name;     /* 0 for none */
	enum args_kind kind;
	void *dst;
	const char *metavar; /* "FILE"; for ARGS_CHOICE the choices "a|b" */
	const char *help;
	int ival;            /* ARGS_CONST: the value; ARGS_SIZE: the least value accepted */
};

struct args_spec {
	const char *usage;    /* after "usage: ": "llm-classify [OPTIONS] [FILE...]" */
	const char *summary;  /* one line */
	const struct args_opt *opts; /* ends with { 0 } */
	const struct args_opt *opts2; /* a second table (shared options), may be NULL */
	const char *epilog;   /* printed after the options */
};

/* The I/O options shared by the record-processing binaries. */
struct args_io {
	const char *output;
	struct args_list fields;
	int raw_lines;
	int raw_files;
	size_t max_line;
	int progress;
	int quiet;
};

#define ARGS_IO_OPTIONS(io) \
	{ "output", 'o', ARGS_STRING, &(io)->output, "FILE", "write records to FILE instead of stdout", 0 }, \
	{ "field", 0, ARGS_LIST, &(io)->fields, "PATH", "analyse the strings at jq path PATH (repeatable) instead of .text/.prompt/.messages", 0 }, \
	{ "raw-lines", 0, ARGS_FLAG, &(io)->raw_lines, NULL, "read plain text: each line becomes {\"source\",\"line\",\"text\"}", 0 }, \
	{ "raw-files", 0, ARGS_FLAG, &(io)->raw_files, NULL, "read plain text: each FILE becomes one {\"source\",\"text\"} record", 0 }, \
	{ "max-line", 0, ARGS_SIZE, &(io)->max_line, "BYTES", "longest input line (or --raw-files file) accepted, at least 4096; longer ones become error records (default 256M)", NDJSON_MIN_MAX_LINE }, \
	{ "progress", 0, ARGS_FLAG, &(io)->progress, NULL, "show progress on stderr even when it is not a terminal", 0 }, \
	{ "quiet", 'q', ARGS_FLAG, &(io)->quiet, NULL, "no progress line and no warnings (errors are still printed)", 0 }

#define ARGS_EXIT_STATUS_HELP \
	"Exit status: 0 success; 1 the check found something; 2 usage error;\n" \
	"3 configuration error; 4 some input lines were not records; 5 backend\n" \
	"failures; 6 budget or cost limit; 7 I/O or system error; 129, 130, 143\n" \
	"stopped by SIGHUP, SIGINT, SIGTERM after the current record; 141 SIGPIPE.\n"

/* Parses argv (argv[0] is skipped). Positional arguments are collected in
 * pos. Exits on --help, --version and usage errors. */
void args_parse(const struct args_spec *spec, int argc, char **argv, struct args_list *pos);
/* Prints a usage error plus "try --help" and exits 2. */
void args_usage_error(const struct args_spec *spec, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
void args_list_release(struct args_list *l);

/* The input mode the I/O options ask for (usage error if both raw modes). */
enum input_mode args_io_mode(const struct args_spec *spec, const struct args_io *io);

#endif
