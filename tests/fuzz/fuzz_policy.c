/*
 * libFuzzer harness for the policy loader and its checks: any bytes either
 * load into a policy that check_policy() can walk, or fail with a message.
 */
#include <stdint.h>
#include <stdlib.h>

#include "policy/check.h"
#include "policy/policy.h"

static void ignore(void *ctx, enum check_severity sev, const char *msg)
{
	(void)ctx;
	(void)sev;
	(void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy *p;
	char err[512];
	if (policy_load_text("fuzz", (const char *)data, size, &p, err, sizeof(err)) == 0) {
		check_policy(p, 0, ignore, NULL);
		policy_free(p);
	} else if (!err[0]) {
		abort();
	}
	return 0;
}
