/*
 * libFuzzer harness for response parsing and error classification in both
 * provider formats, and for redaction: whatever a server sends back, no
 * crash, a class in range, and no key survives redaction.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "infer/provider/provider.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long statuses[] = { 200, 400, 401, 403, 404, 408, 413, 429, 500, 503, 529 };
	if (size < 1)
		return 0;
	long status = statuses[data[0] % (sizeof(statuses) / sizeof(*statuses))];
	const char *p = (const char *)data + 1;
	size_t n = size - 1;
	for (int k = 0; k < 2; k++) {
		struct provider_result r;
		provider_result_init(&r);
		int rc = provider_parse(k ? POLICY_KIND_ANTHROPIC : POLICY_KIND_OPENAI, status, p, n, &r);
		if (rc == 0 && (!r.ok || status != 200))
			abort();
		if (rc < 0 && ((unsigned)r.fail >= POLICY_FAIL_COUNT))
			abort();
		provider_result_release(&r);
	}
	static const char key[] = "sk-fuzz-secret-0123456789";
	const char *keys[] = { key, NULL };
	struct buf b = BUF_INIT;
	buf_put(&b, p, n);
	buf_puts(&b, key);
	provider_redact(&b, keys);
	if (memmem(b.p, b.len, key, sizeof(key) - 1))
		abort();
	buf_release(&b);
	return 0;
}
