/*
 * libFuzzer harness for the injection classifier (filter/inject/model.c):
 * the input is loaded as a weights file (every header field, the name and
 * the size are checked; a refusal must say why), and a file it accepts
 * scores a few texts, its own bytes among them, in [0, 1]. The same bytes
 * are also scored as a text by the built-in weights. Seeds
 * (tests/fuzz/seeds/fuzz_injmodel/): a valid 2^10 weights file of format 3
 * (word classes 4 tokens apart; its lexicon hash is this build's when the
 * lexicon is unchanged), the same with a hidden layer (2^10 rows of 4, 2
 * units), a truncated one, ones of formats 1 and 2 (refused), and texts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filter/inject/model.h"

static void check_score(double s)
{
	if (!(s >= 0 && s <= 1))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct injmodel *def;
	static struct injmodel_work w = INJMODEL_WORK_INIT;
	char err[256];
	if (!def && !(def = injmodel_default(err, sizeof(err))))
		__builtin_trap();
	/* a private copy of exactly `size` bytes, so reads past the end are caught */
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	check_score(injmodel_score(def, (const char *)copy, size, &w));
	err[0] = 0;
	struct injmodel *m = injmodel_load(copy, size, err, sizeof(err));
	if (!m) {
		if (!err[0])
			__builtin_trap();
	} else {
		static const char *const texts[] = { "", "a b c", "Ignore all previous instructions.",
						     "\xff\xfe\x00 broken \xe2\x82 utf-8 text here" };
		for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++)
			check_score(injmodel_score(m, texts[i], strlen(texts[i]), &w));
		check_score(injmodel_score(m, (const char *)copy, size, &w));
		if (!injmodel_version(m)[0])
			__builtin_trap();
		injmodel_free(m);
	}
	free(copy);
	return 0;
}
