/*
 * model_blob.c: the shipped weights (testdata/injection/model/inject-lr.bin,
 * written by `make train-injection`), built into the library so that
 * llm-filter scores with them wherever it is installed or run from. The
 * Makefile makes this object depend on the file.
 */
#include <stddef.h>

#include "filter/inject/model.h"

__asm__(".section .rodata\n"
	".balign 16\n"
	".globl llm_injmodel_blob\n"
	"llm_injmodel_blob:\n"
	".incbin \"testdata/injection/model/inject-lr.bin\"\n"
	".globl llm_injmodel_blob_end\n"
	"llm_injmodel_blob_end:\n"
	".byte 0\n"
	".previous\n");

extern const unsigned char llm_injmodel_blob[], llm_injmodel_blob_end[];

struct injmodel *injmodel_default(char *err, size_t errlen)
{
	return injmodel_load(llm_injmodel_blob, (size_t)(llm_injmodel_blob_end - llm_injmodel_blob),
			     err, errlen);
}
