/*
 * libFuzzer harness for confspec: any bytes that parse as JSON are held to
 * llm-filter's config table (every type of member: objects, maps, arrays,
 * enumerations, ranges), with map keys accepted or refused by their first
 * byte; the check either passes or fails with a message, never overruns.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jv.h>

#include "core/confspec.h"
#include "filter/filter.h"

static int key_ok(void *ctx, const struct confspec *map, const char *key)
{
	(void)ctx;
	(void)map;
	return key[0] != 'x';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 20)
		return 0;
	jv v = jv_parse_sized((const char *)data, (int)size);
	if (jv_is_valid(v)) {
		char err[300];
		err[0] = '\0';
		int rc = confspec_check(filter_config_spec(), v, key_ok, NULL, err, sizeof(err));
		if (rc != 0 && (rc != -1 || !err[0] || strlen(err) >= sizeof(err)))
			abort();
	}
	jv_free(v);
	return 0;
}
