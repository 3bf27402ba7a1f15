/*
 * libFuzzer harness for the GGUF reader: open the input as a GGUF file in
 * memory; when it is accepted, read every byte the context exposes (every
 * key, value, array element and string, every tensor's data) and decode the
 * first row of each tensor, so an index that points outside the input shows
 * up under ASan. Seeds (tests/fuzz/seeds/fuzz_gguf/) are small valid files
 * written by gguf_write.c; test_gguf regenerates them with GGUF_SEED_DIR set.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/gguf.h"
#include "engine/quant.h"

static volatile double sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a private copy of exactly `size` bytes, so reads past the end are
	 * caught even when libFuzzer's buffer is larger */
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	struct gguf_ctx *g = NULL;
	char err[256];
	err[0] = 0;
	if (gguf_open_mem(copy, size, &g, err, sizeof(err)) != 0) {
		if (!err[0])
			__builtin_trap(); /* every refusal must say why */
		free(copy);
		return 0;
	}
	double acc = 0;
	for (int64_t i = 0; i < gguf_n_kv(g); i++) {
		const char *key = gguf_kv_key(g, i);
		acc += (double)strlen(key);
		if (gguf_find_key(g, key) != i)
			__builtin_trap();
		uint64_t vs;
		const uint8_t *p = gguf_kv_data(g, i, &vs);
		for (uint64_t j = 0; j < vs; j++)
			acc += p[j];
		size_t len;
		const char *s = gguf_kv_str(g, i, &len);
		if (s)
			acc += (double)(uint8_t)s[len];
		uint64_t n = gguf_kv_arr_count(g, i);
		for (uint64_t j = 0; j < n; j++) {
			s = gguf_kv_arr_str(g, i, j, &len);
			acc += s ? (double)len + (double)(uint8_t)s[len] : gguf_kv_arr_f64(g, i, j);
		}
	}
	static float row[1 << 16];
	for (int64_t i = 0; i < gguf_n_tensors(g); i++) {
		const struct gguf_tensor *t = gguf_tensor_at(g, i);
		if (gguf_find_tensor(g, t->name) != t)
			__builtin_trap();
		const uint8_t *p = t->data;
		for (uint64_t j = 0; j < t->size; j++)
			acc += p[j];
		if (t->ne[0] <= (int64_t)(sizeof(row) / sizeof(row[0])) && quant_dequant_row_ref(t->type, p, row, t->ne[0]) == 0)
			acc += row[0] + row[t->ne[0] - 1];
	}
	sink = acc;
	gguf_close(g);
	free(copy);
	return 0;
}
