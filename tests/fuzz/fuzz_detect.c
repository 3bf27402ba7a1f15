/*
 * libFuzzer harness for the detectors (built-ins with --decode): arbitrary
 * bytes in, findings whose spans must lie inside the input.
 */
#include <stdint.h>
#include <stdlib.h>

#include "detect/detect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct detect_list l = DETECT_LIST_INIT;
	struct detect_opts o = { 0, 1, NULL, NULL };
	detect_scan((const char *)data, size, &o, &l);
	detect_list_resolve(&l);
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].start > l.v[i].end || l.v[i].end > size)
			abort();
	detect_list_release(&l);
	return 0;
}
