/*
 * unit.h: the whole C unit-test framework, header-only.
 * Each tests/unit/test_*.c defines tests with CHECK* and ends main() with
 * UNIT_DONE(), which prints "N passed, N failed" and sets the exit status.
 */
#ifndef LLM_UNIT_H
#define LLM_UNIT_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unit_pass, unit_fail;

#define CHECK(cond) do { \
	if (cond) unit_pass++; \
	else { unit_fail++; fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); } \
} while (0)

#define CHECK_MSG(cond, ...) do { \
	if (cond) unit_pass++; \
	else { unit_fail++; fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
	       fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } \
} while (0)

#define CHECK_EQ_INT(a, b) do { long long _a = (long long)(a), _b = (long long)(b); \
	CHECK_MSG(_a == _b, "%lld != %lld", _a, _b); } while (0)

#define CHECK_EQ_STR(a, b) do { const char *_a = (a), *_b = (b); \
	CHECK_MSG(_a && _b && strcmp(_a, _b) == 0, "\"%s\" != \"%s\"", _a ? _a : "(null)", _b ? _b : "(null)"); } while (0)

#define CHECK_NEAR(a, b, tol) do { double _a = (a), _b = (b); \
	CHECK_MSG(fabs(_a - _b) <= (tol), "%g != %g (tol %g)", _a, _b, (double)(tol)); } while (0)

/* A whole file, NUL-terminated (malloc'd; NULL if unreadable); its size
 * into *size when size is not NULL. */
static inline char *unit_read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	fclose(f);
	if (b) {
		b[n] = 0;
		if (size)
			*size = (size_t)n;
	}
	return b;
}

#define UNIT_DONE() do { \
	printf("%s: %d passed, %d failed\n", __FILE__, unit_pass, unit_fail); \
	return unit_fail ? 1 : 0; \
} while (0)

#endif
