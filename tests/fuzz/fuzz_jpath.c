/*
 * libFuzzer harness for --field paths: parse the first line as a path and
 * evaluate it over the rest as JSON.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/jpath.h"

static void visit(void *ctx, const char *path, size_t n, struct json_span v)
{
	(void)ctx;
	(void)path;
	(void)n;
	(void)v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	if (!nl)
		return 0;
	char *path = strndup((const char *)data, (size_t)(nl - (const char *)data));
	const char *json = nl + 1;
	size_t jn = size - (size_t)(json - (const char *)data);
	struct jpath jp;
	char err[256];
	struct json_span root;
	if (jpath_parse(&jp, path, err, sizeof(err)) == 0) {
		if (json_scan(json, jn, &root, NULL, NULL) == 0)
			jpath_eval(&jp, root, visit, NULL);
		jpath_release(&jp);
	}
	free(path);
	return 0;
}
