/*
 * libFuzzer harness for the SSE parser and the two stream decoders: the
 * input is fed in pieces cut where its first byte says, as a socket would
 * deliver it. Nothing may crash or leak, and the events seen must not
 * depend on where the bytes were cut.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "infer/provider/provider.h"
#include "infer/provider/sse.h"

static int on_ev(void *ctx, const char *event, const char *data, size_t n)
{
	struct buf *b = ctx;
	buf_puts(b, event);
	buf_putc(b, '\0');
	buf_put(b, data, n);
	buf_putc(b, '\0');
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t step = (size_t)data[0] % 17 + 1;
	const char *p = (const char *)data + 1;
	size_t n = size - 1;

	struct sse a, b;
	struct buf ea = BUF_INIT, eb = BUF_INIT;
	sse_init(&a);
	sse_init(&b);
	int ra = sse_feed(&a, p, n, on_ev, &ea);
	int rb = 0;
	for (size_t i = 0; i < n && rb == 0; i += step)
		rb = sse_feed(&b, p + i, n - i < step ? n - i : step, on_ev, &eb);
	if (ra != rb || ea.len != eb.len || (ea.len && memcmp(ea.p, eb.p, ea.len)))
		abort();
	sse_release(&a);
	sse_release(&b);
	buf_release(&ea);
	buf_release(&eb);

	for (int k = 0; k < 2; k++) {
		struct provider_result r;
		struct provider_stream ps;
		provider_result_init(&r);
		provider_stream_init(&ps, k ? POLICY_KIND_ANTHROPIC : POLICY_KIND_OPENAI, &r);
		for (size_t i = 0; i < n; i += step)
			provider_stream_feed(&ps, p + i, n - i < step ? n - i : step);
		int rc = provider_stream_finish(&ps, 200);
		if (rc == 0 && !r.ok)
			abort();
		provider_stream_release(&ps);
		provider_result_release(&r);
	}
	return 0;
}
