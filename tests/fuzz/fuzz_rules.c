/*
 * libFuzzer harness for the rules-file detectors: the first line is the
 * "detectors" JSON array, the rest the text scanned with it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "detect/detect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	if (!nl)
		return 0;
	char err[256];
	struct detect_rules *r = detect_rules_new((const char *)data, (size_t)(nl - (const char *)data),
						  err, sizeof(err));
	if (!r)
		return 0;
	struct detect_list l = DETECT_LIST_INIT;
	const char *text = nl + 1;
	size_t n = size - (size_t)(text - (const char *)data);
	detect_rules_scan(r, text, n, &l);
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].start > l.v[i].end || l.v[i].end > n)
			abort();
	detect_list_release(&l);
	detect_rules_free(r);
	return 0;
}
