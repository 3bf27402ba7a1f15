/*
 * args: table-driven option parsing and generated --help; see args.h.
 */
#include "core/args.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/exitcode.h"
#include "core/usage.h"
#include "core/version.h"

void args_list_release(struct args_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void list_push(struct args_list *l, const char *s)
{
	const char **nv = realloc(l->v, (l->n + 2) * sizeof(*nv));
	if (!nv)
		abort();
	l->v = nv;
	l->v[l->n++] = s;
	l->v[l->n] = NULL;
}

void args_usage_error(const struct args_spec *spec, const char *fmt, ...)
{
	va_list ap;
	char msg[512];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: error: %s\nusage: %s\nTry '%s --help' for more information.\n",
		usage_prog(), msg, spec->usage, usage_prog());
	exit(EXITCODE_USAGE);
}

static void print_opts(const struct args_opt *o)
{
	for (; o && o->name; o++) {
		char left[64];
		int n;
		if (o->short_name)
			n = snprintf(left, sizeof(left), "  -%c, --%s", o->short_name, o->name);
		else
			n = snprintf(left, sizeof(left), "      --%s", o->name);
		if (o->metavar && o->kind != ARGS_FLAG && o->kind != ARGS_CONST)
			snprintf(left + n, sizeof(left) - (size_t)n, " %s", o->metavar);
		if (strlen(left) > 28)
			printf("%s\n%30s%s\n", left, "", o->help);
		else
			printf("%-30s%s\n", left, o->help);
	}
}

static void print_help(const struct args_spec *spec)
{
	printf("usage: %s\n%s\n\nOptions:\n", spec->usage, spec->summary);
	print_opts(spec->opts);
	print_opts(spec->opts2);
	printf("  -h, --help                  show this help and exit\n");
	printf("      --version               show the version, commit and libraries and exit\n");
	if (spec->epilog)
		printf("\n%s", spec->epilog);
	printf("\n%s", ARGS_EXIT_STATUS_HELP);
	printf("See %s(1).\n", usage_prog());
}

static const struct args_opt *find_long(const struct args_spec *spec, const char *name, size_t len)
{
	const struct args_opt *tabs[2] = { spec->opts, spec->opts2 };
	for (int t = 0; t < 2; t++)
		for (const struct args_opt *o = tabs[t]; o && o->name; o++)
			if (strlen(o->name) == len && !strncmp(o->name, name, len))
				return o;
	return NULL;
}

static const struct args_opt *find_short(const struct args_spec *spec, char c)
{
	const struct args_opt *tabs[2] = { spec->opts, spec->opts2 };
	for (int t = 0; t < 2; t++)
		for (const struct args_opt *o = tabs[t]; o && o->name; o++)
			if (o->short_name == c)
				return o;
	return NULL;
}

static int takes_value(const struct args_opt *o)
{
	return o->kind != ARGS_FLAG && o->kind != ARGS_CONST;
}

static int parse_size(const char *s, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (end == s || errno || *s == '-')
		return -1;
	unsigned long long mul = 1;
	switch (*end) {
	case 'k': case 'K': mul = 1ULL << 10; end++; break;
	case 'm': case 'M': mul = 1ULL << 20; end++; break;
	case 'g': case 'G': mul = 1ULL << 30; end++; break;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end || (v && mul > ~0ULL / v))
		return -1;
	*out = (size_t)(v * mul);
	return 0;
}

static void apply(const struct args_spec *spec, const struct args_opt *o, const char *val)
{
	char *end;
	switch (o->kind) {
	case ARGS_FLAG:
		*(int *)o->dst = 1;
		break;
	case ARGS_CONST:
		*(int *)o->dst = o->ival;
		break;
	case ARGS_STRING:
		*(const char **)o->dst = val;
		break;
	case ARGS_LIST:
		list_push(o->dst, val);
		break;
	case ARGS_INT:
		errno = 0;
		*(long *)o->dst = strtol(val, &end, 10);
		if (end == val || *end || errno)
			args_usage_error(spec, "--%s wants an integer, not '%s'", o->name, val);
		break;
	case ARGS_SIZE:
		if (parse_size(val, o->dst) < 0)
			args_usage_error(spec, "--%s wants a size such as 4096, 64K or 16M, not '%s'",
					 o->name, val);
		/* Refused, never raised silently: --max-line 100 must not
		 * quietly accept lines of 4K. */
		if (*(size_t *)o->dst < (size_t)o->ival)
			args_usage_error(spec, "--%s must be at least %d, not '%s'", o->name, o->ival, val);
		break;
	case ARGS_DOUBLE:
		errno = 0;
		*(double *)o->dst = strtod(val, &end);
		if (end == val || *end || errno)
			args_usage_error(spec, "--%s wants a number, not '%s'", o->name, val);
		break;
	case ARGS_CHOICE: {
		const char *c = o->metavar;
		size_t n = strlen(val);
		while (c && *c) {
			const char *bar = strchr(c, '|');
			size_t len = bar ? (size_t)(bar - c) : strlen(c);
			if (len == n && !strncmp(c, val, n)) {
				*(const char **)o->dst = val;
				return;
			}
			c = bar ? bar + 1 : NULL;
		}
		args_usage_error(spec, "--%s wants one of %s, not '%s'", o->name, o->metavar, val);
	}
	case ARGS_END:
		break;
	}
}

void args_parse(const struct args_spec *spec, int argc, char **argv, struct args_list *pos)
{
	int only_pos = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (only_pos || a[0] != '-' || !strcmp(a, "-")) {
			list_push(pos, a);
			continue;
		}
		if (!strcmp(a, "--")) {
			only_pos = 1;
			continue;
		}
		if (a[1] == '-') {
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			if (len == 4 && !strncmp(name, "help", 4)) {
				print_help(spec);
				exit(EXITCODE_OK);
			}
			if (len == 7 && !strncmp(name, "version", 7)) {
				char v[1024];
				version_text(v, sizeof(v), usage_prog());
				fputs(v, stdout);
				exit(EXITCODE_OK);
			}
			const struct args_opt *o = find_long(spec, name, len);
			if (!o)
				args_usage_error(spec, "unknown option '--%.*s'", (int)len, name);
			const char *val = NULL;
			if (takes_value(o)) {
				if (eq)
					val = eq + 1;
				else if (i + 1 < argc)
					val = argv[++i];
				else
					args_usage_error(spec, "option '--%s' needs a value", o->name);
			} else if (eq) {
				args_usage_error(spec, "option '--%s' takes no value", o->name);
			}
			apply(spec, o, val);
			continue;
		}
		for (const char *c = a + 1; *c; c++) {
			if (*c == 'h') {
				print_help(spec);
				exit(EXITCODE_OK);
			}
			const struct args_opt *o = find_short(spec, *c);
			if (!o)
				args_usage_error(spec, "unknown option '-%c'", *c);
			if (!takes_value(o)) {
				apply(spec, o, NULL);
				continue;
			}
			if (c[1])
				apply(spec, o, c + 1);
			else if (i + 1 < argc)
				apply(spec, o, argv[++i]);
			else
				args_usage_error(spec, "option '-%c' needs a value", *c);
			break;
		}
	}
}

enum input_mode args_io_mode(const struct args_spec *spec, const struct args_io *io)
{
	if (io->raw_lines && io->raw_files)
		args_usage_error(spec, "--raw-lines and --raw-files exclude each other");
	if (io->progress && io->quiet)
		args_usage_error(spec, "--progress and --quiet exclude each other");
	usage_set_quiet(io->quiet);
	return io->raw_lines ? INPUT_RAW_LINES : io->raw_files ? INPUT_RAW_FILES : INPUT_NDJSON;
}
