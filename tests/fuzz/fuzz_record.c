/*
 * libFuzzer harness for the record path: json_scan, record_parse, text
 * selection, decoding and splicing. Whatever the bytes, nothing may crash,
 * and a record that parses must still be valid JSON after record_write().
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/record.h"

static void on_text(void *ctx, const char *path, size_t pathlen, struct json_span s)
{
	struct buf *b = ctx;
	(void)path;
	(void)pathlen;
	buf_reset(b);
	json_string_decode(s, b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct record r;
	char msg[256];
	struct buf out = BUF_INIT, text = BUF_INIT;
	record_init(&r);
	int st = record_parse(&r, (const char *)data, size, msg, sizeof(msg));
	if (st == RECORD_OK) {
		record_texts(&r, NULL, 0, on_text, &text);
		(void)record_is_settled(&r);
		struct record_set set = { "classify", "{\"class\":\"internal\"}", 20 };
		record_write(&out, &r, &set, 1);
		struct json_error e;
		if (json_scan(out.p, out.len, NULL, NULL, &e) != 0)
			abort();
	} else {
		struct record_origin o = { "-", 1, size };
		record_write_error(&out, (const char *)data, size, "fuzz", record_status_code(st), msg, &o);
		struct json_error e;
		if (json_scan(out.p, out.len, NULL, NULL, &e) != 0)
			abort();
	}
	buf_release(&out);
	buf_release(&text);
	record_release(&r);
	return 0;
}
