/*
 * libFuzzer harness for the native jq subset: the first line is a program,
 * the rest a JSON value. Whatever jqfast compiles must evaluate without a
 * crash and, unless it falls back, agree with libjq.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jq/jqfast.h"
#include "jq/jqprog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	if (!nl || memchr(data, '\0', size))
		return 0;
	char *prog = strndup((const char *)data, (size_t)(nl - (const char *)data));
	const char *json = nl + 1;
	size_t jn = size - (size_t)(json - (const char *)data);
	struct jqfast *f = jqfast_new(prog);
	struct json_span root;
	struct json_error je;
	if (f && json_scan(json, jn, &root, NULL, &je) == 0) {
		enum jqfast_result got = jqfast_eval(f, root);
		char err[256];
		struct jqprog *jp = jqprog_new(prog, err, sizeof(err));
		if (jp && got != JQFAST_FALLBACK) {
			int want = jqprog_test(jp, jqprog_jv_from_json(root), err, sizeof(err));
			if (want < 0 || (want == 1) != (got == JQFAST_TRUE))
				abort();
		}
		jqprog_free(jp);
	}
	jqfast_free(f);
	free(prog);
	return 0;
}
