/*
 * libFuzzer harness for llm-audit's checkpoint text and erase-entry notes
 * (both come from files anyone may have edited): the first byte picks the
 * parser. A parsed checkpoint must format back to the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/entry.h"
#include "audit/sign.h"

static int count(void *ctx, int64_t lo, int64_t hi)
{
	if (lo > hi)
		abort();
	*(int64_t *)ctx += 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *p = (const char *)data + 1;
	size_t n = size - 1;
	if (data[0] & 1) {
		int64_t k = 0;
		entry_note_ranges(p, n, count, &k);
		return 0;
	}
	struct checkpoint cp;
	char err[256];
	if (checkpoint_parse(p, n, &cp, err, sizeof(err)) == 0) {
		struct buf b = BUF_INIT;
		checkpoint_format(&cp, &b);
		if (b.len != n || memcmp(b.p, p, n))
			abort();
		checkpoint_verify_sig(&cp);
		buf_release(&b);
	}
	return 0;
}
