/*
 * llama2c-to-gguf: converts a llama2.c checkpoint (and optionally its
 * tokenizer.bin) to a GGUF file the engine loads. The work is in
 * common/engine/llama2c.c; this is argument parsing and exit codes.
 *
 *   llama2c-to-gguf [--type f32|f16|q8_0|q4_0] [--tokenizer tokenizer.bin] model.bin out.gguf
 *
 * Exit status: 0 done, 2 usage, 3 the checkpoint or tokenizer is unusable,
 * 7 the output could not be written.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "engine/gguf.h"
#include "engine/llama2c.h"
#include "core/exitcode.h"

static const char usage_text[] =
	"usage: llama2c-to-gguf [--type f32|f16|q8_0|q4_0] [--tokenizer tokenizer.bin] model.bin out.gguf\n";

static void print_help(void)
{
	fputs(usage_text, stdout);
	fputs("\n"
	      "Converts a llama2.c checkpoint (legacy float32 format) into a GGUF file of\n"
	      "architecture llama. --type sets the type of the 2-D weights (default f32);\n"
	      "norms and matrices whose rows are not a multiple of the block size stay f32.\n"
	      "Without --tokenizer a placeholder vocabulary of the model's size is written.\n"
	      "\n"
	      "  -t, --type TYPE        f32, f16, q8_0 or q4_0\n"
	      "  -k, --tokenizer FILE   llama2.c tokenizer.bin with the model's vocabulary\n"
	      "  -h, --help             this text\n"
	      "\n"
	      "Exit status: 0 done, 2 usage, 3 bad input file, 7 output not written.\n",
	      stdout);
}

static int usage(const char *msg)
{
	if (msg)
		fprintf(stderr, "llama2c-to-gguf: error: %s\n", msg);
	fputs(usage_text, stderr);
	return EXITCODE_USAGE;
}

int main(int argc, char **argv)
{
	uint32_t type = QUANT_TYPE_F32;
	const char *tok = NULL, *pos[2];
	int npos = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			print_help();
			return EXITCODE_OK;
		} else if (!strcmp(a, "-t") || !strcmp(a, "--type") || !strncmp(a, "--type=", 7)) {
			const char *v = !strncmp(a, "--type=", 7) ? a + 7 : (i + 1 < argc ? argv[++i] : NULL);
			if (!v)
				return usage("--type needs a value");
			if (!strcasecmp(v, "f32"))
				type = QUANT_TYPE_F32;
			else if (!strcasecmp(v, "f16"))
				type = QUANT_TYPE_F16;
			else if (!strcasecmp(v, "q8_0"))
				type = QUANT_TYPE_Q8_0;
			else if (!strcasecmp(v, "q4_0"))
				type = QUANT_TYPE_Q4_0;
			else
				return usage("--type must be f32, f16, q8_0 or q4_0");
		} else if (!strcmp(a, "-k") || !strcmp(a, "--tokenizer") || !strncmp(a, "--tokenizer=", 12)) {
			tok = !strncmp(a, "--tokenizer=", 12) ? a + 12 : (i + 1 < argc ? argv[++i] : NULL);
			if (!tok)
				return usage("--tokenizer needs a file");
		} else if (!strcmp(a, "--")) {
			for (i++; i < argc; i++) {
				if (npos == 2)
					return usage("too many arguments");
				pos[npos++] = argv[i];
			}
		} else if (a[0] == '-' && a[1]) {
			char msg[128];
			snprintf(msg, sizeof(msg), "unknown option '%.80s'", a);
			return usage(msg);
		} else {
			if (npos == 2)
				return usage("too many arguments");
			pos[npos++] = a;
		}
	}
	if (npos != 2)
		return usage("need model.bin and out.gguf");

	char err[1024];
	int rc = llama2c_convert(pos[0], tok, type, pos[1], err, sizeof(err));
	if (rc == 0)
		return EXITCODE_OK;
	fprintf(stderr, "llama2c-to-gguf: error: %s\n", err);
	return rc == LLAMA2C_EOUTPUT ? EXITCODE_IO : EXITCODE_CONFIG;
}
