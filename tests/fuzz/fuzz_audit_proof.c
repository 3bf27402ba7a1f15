/*
 * libFuzzer harness for llm-audit's proof files (verify-proof reads them
 * from anyone): parse, and when that succeeds, check the proof and format
 * it again; a formatted proof must parse back to the same proof.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/proof.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proof p, q;
	char err[256];
	proof_init(&p);
	proof_init(&q);
	if (proof_parse(&p, (const char *)data, size, err, sizeof(err)) == 0) {
		proof_check(&p, err, sizeof(err));
		struct buf b = BUF_INIT;
		proof_format(&p, &b);
		if (proof_parse(&q, b.p, b.len, err, sizeof(err)) != 0 || q.seq != p.seq || q.size != p.size ||
		    q.npath != p.npath || memcmp(q.root, p.root, sizeof(p.root)) ||
		    memcmp(q.path, p.path, p.npath * sizeof(p.path[0])))
			abort();
		buf_release(&b);
	}
	proof_release(&p);
	proof_release(&q);
	return 0;
}
