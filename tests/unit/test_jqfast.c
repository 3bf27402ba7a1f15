/*
 * test_jqfast: the native evaluator agrees with libjq.
 *
 * For each program of a list that covers the subset's corners (errors
 * under ?, //, and/or short cuts, right-first comparisons, repeated keys,
 * escapes, any/all stopping points, type order), and each of a few
 * thousand generated records, jqfast_eval() must either fall back or give
 * exactly jqprog_test()'s answer; and it must not fall back often.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "jq/jqfast.h"
#include "jq/jqprog.h"
#include "core/json.h"
#include "unit.h"

static uint64_t rng = 88172645463325252ull;
static int pick(int n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (int)(rng % (uint64_t)n);
}

static const char *const programs[] = {
	".a", ".a == 1", ".a != 1", ".a < 2", ".a <= \"x\"", ".a > null", ".a >= false",
	".a.b", ".a.b == \"x\"", ".a[0]", ".a[-1] == 2", ".a[5]", ".[\"a\"]", ".\"a\" == 1",
	".a?", ".a.b?", "(.a.b)? // 7", ".a // .b", ".a.b // 1", ".a // .b // true",
	".a and .b", ".a or .b", "(.a == 1) and (.b == 2)", ".a and (.b | not)",
	".a | not", ".a | length", "(.a | length) > 2", ".s | length", ".a | type == \"array\"",
	".s | ascii_downcase == \"abc\"", ".s | startswith(\"a\")", ".s | endswith(\"c\")",
	".s | contains(\"b\")", "has(\"a\")", ".a | has(\"b\")", ".a | has(1)",
	"any(.a[]; . == 2)", "any(.a[]?; . == 2)", "all(.a[]; . > 0)", "all(.a[]?; type == \"number\")",
	"any(.a[]; startswith(\"x\"))", "all(.a[]?; startswith(\"x\"))", "any(.t[]?; . == \"t\")",
	".a as $x | .b as $y | $x == $y", ".a as $x | $x", "if .a then .b else .c end",
	"if .a == 1 then true elif .b then false else null end", ".a == .b", ".a < .b",
	"._llm.classify.class == \"public\"", ".e == \"\\u00e9\\n\"", ".k == 1", ".a == -1", "null", "false", "1",
	".a | .b | .c", "(.a // null) | .b // \"d\"", ".s | length > 1 # comment\n", ".a.b.c.d == null",
};

static void random_value(struct buf *b, int depth)
{
	switch (pick(depth > 2 ? 6 : 9)) {
	case 0: buf_puts(b, "null"); break;
	case 1: buf_puts(b, pick(2) ? "true" : "false"); break;
	case 2: buf_printf(b, "%d", pick(5) - 1); break;
	case 3: buf_puts(b, pick(2) ? "1.0" : "2e0"); break;
	case 4: {
		static const char *const s[] = { "\"abc\"", "\"ABC\"", "\"x\"", "\"\"", "\"a\\u00e9b\"", "\"t\"",
			"\"xyz\"", "\"b\\nc\"", "\"\\u00e9\\n\"" };
		buf_puts(b, s[pick(9)]);
		break;
	}
	case 5: buf_puts(b, "\"public\""); break;
	case 6:
	case 7: {
		buf_putc(b, '[');
		int n = pick(4);
		for (int i = 0; i < n; i++) {
			if (i)
				buf_putc(b, ',');
			random_value(b, depth + 1);
		}
		buf_putc(b, ']');
		break;
	}
	default: {
		static const char *const keys[] = { "a", "b", "c", "s", "t", "k", "\\u0061" };
		buf_putc(b, '{');
		int n = pick(4);
		for (int i = 0; i < n; i++) {
			if (i)
				buf_putc(b, ',');
			buf_printf(b, "\"%s\":", keys[pick(7)]);
			random_value(b, depth + 1);
		}
		buf_putc(b, '}');
	}
	}
}

static void random_record(struct buf *b)
{
	static const char *const keys[] = { "a", "b", "c", "s", "t", "e", "k", "\\u0061" };
	buf_reset(b);
	buf_putc(b, '{');
	int n = 1 + pick(6);
	for (int i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ',');
		buf_printf(b, "\"%s\":", keys[pick(8)]);
		random_value(b, 0);
	}
	if (pick(3) == 0)
		buf_printf(b, ",\"_llm\":{\"classify\":{\"class\":\"%s\"}}", pick(2) ? "public" : "internal");
	buf_putc(b, '}');
}

int main(void)
{
	size_t np = sizeof(programs) / sizeof(programs[0]);
	long agree = 0, fallback = 0, disagree = 0;
	char err[256], first[1024] = "";
	struct buf rb = BUF_INIT;
	struct jqprog *jp[sizeof(programs) / sizeof(programs[0])];
	struct jqfast *fp[sizeof(programs) / sizeof(programs[0])];
	int native = 0;
	for (size_t i = 0; i < np; i++) {
		jp[i] = jqprog_new(programs[i], err, sizeof(err));
		CHECK_MSG(jp[i] != NULL, "%s: %s", programs[i], err);
		fp[i] = jqfast_new(programs[i]);
		CHECK_MSG(fp[i] != NULL, "not in the subset: %s", programs[i]);
		native += fp[i] != NULL;
	}
	/* Outside the subset: compile refuses, never guesses. */
	static const char *const outside[] = { ".a + 1", ".[]", ".a[]", "..", ".a | test(\"x\")", "map(.)",
		"def f: 1; f", ".a, .b", "\"\\(.a)\"", "$ENV.HOME", "try .a catch 1", "reduce .[] as $x (0; .)",
		"env", "input", ".a == [1]", ".a // {}", ".a |= 1", "if .a then 1 end", "length(.a)", "any(.a; .)", "$x" };
	for (size_t i = 0; i < sizeof(outside) / sizeof(outside[0]); i++) {
		struct jqfast *f = jqfast_new(outside[i]);
		CHECK_MSG(f == NULL, "accepted: %s", outside[i]);
		jqfast_free(f);
	}
	for (int k = 0; k < 4000; k++) {
		random_record(&rb);
		struct json_span root;
		struct json_error je;
		if (json_scan(rb.p, rb.len, &root, NULL, &je)) {
			/* A repeated key is no record (I-JSON): no tool runs a
			 * condition on it, so there is nothing to compare. */
			if (je.duplicate)
				continue;
			disagree++;
			snprintf(first, sizeof(first), "generator: %s", rb.p);
			continue;
		}
		jv rec = jqprog_jv_from_json(root);
		for (size_t i = 0; i < np; i++) {
			if (!jp[i] || !fp[i])
				continue;
			int want = jqprog_test(jp[i], jv_copy(rec), err, sizeof(err));
			enum jqfast_result got = jqfast_eval(fp[i], root);
			if (got == JQFAST_FALLBACK) {
				fallback++;
				continue;
			}
			if ((want == 1) == (got == JQFAST_TRUE) && want >= 0) {
				agree++;
			} else {
				if (!disagree)
					snprintf(first, sizeof(first), "%s on %s: libjq %d, native %d", programs[i], rb.p, want,
						 (int)got);
				disagree++;
			}
		}
		jv_free(rec);
	}
	printf("# jqfast: %d of %zu programs native; %ld answers agree with libjq, %ld fell back, %ld disagree\n",
	       native, np, agree, fallback, disagree);
	CHECK_MSG(disagree == 0, "%s", first);
	/* The native path does the work; the fallbacks are the errors these
	 * deliberately ill-typed records provoke, which libjq reports. */
	CHECK(fallback * 3 < agree);
	for (size_t i = 0; i < np; i++) {
		jqprog_free(jp[i]);
		jqfast_free(fp[i]);
	}
	buf_release(&rb);
	UNIT_DONE();
}
